// The small SQL layer the history store runs on: one connection interface,
// implemented over SQLite (sqlite/) and libpq (postgres/), so that the store's
// logic (store.cc) is written once for both backends.
#ifndef ORACLE_SRC_HISTORY_SQL_INTERNAL_H_
#define ORACLE_SRC_HISTORY_SQL_INTERNAL_H_

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "oracle/result.h"
#include "oracle/status.h"

namespace oracle::internal {

enum class Dialect { kSqlite, kPostgres };

// A parameter or a column value. NULL is monostate.
using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;
using SqlRow = std::vector<SqlValue>;

inline int64_t AsInt(const SqlValue& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v)) return std::strtoll(s->c_str(), nullptr, 10);
  return 0;
}
inline double AsDouble(const SqlValue& v) {
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (auto* s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
  return 0;
}
inline std::string AsText(const SqlValue& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return std::string();
}
inline bool IsNull(const SqlValue& v) {
  return std::holds_alternative<std::monostate>(v);
}

// One database connection. Not thread-safe: the store serialises calls.
// SQL text uses `?` placeholders; the PostgreSQL connection rewrites them
// to $1, $2, ...
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual Dialect dialect() const = 0;

  // Runs statements without parameters or results (may be several).
  virtual Status Exec(const std::string& sql) = 0;

  // Runs one statement with parameters and returns all its rows (none for
  // statements without results).
  virtual Result<std::vector<SqlRow>> Query(
      const std::string& sql, const std::vector<SqlValue>& params) = 0;

  // Number of rows changed by the last Query that changed rows.
  virtual int64_t changes() const = 0;

  // Inserts many rows into `table` (columns given), inside the current
  // transaction. The fastest way each backend has.
  virtual Status BulkInsert(const std::string& table,
                            const std::vector<std::string>& columns,
                            const std::vector<SqlRow>& rows) = 0;

  // Begins a write transaction that holds the write lock from the start
  // (SQLite BEGIN IMMEDIATE; PostgreSQL BEGIN).
  virtual Status BeginWrite() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
};

// Opens a SQLite database file (or ":memory:"), WAL mode.
Result<std::unique_ptr<SqlConnection>> OpenSqlite(const std::string& path,
                                                  int busy_timeout_ms);
// Opens a PostgreSQL connection from a libpq URI.
Result<std::unique_ptr<SqlConnection>> OpenPostgres(const std::string& uri);

// The URI with any password replaced by "***", for error messages.
std::string RedactUri(const std::string& uri);

// Schema migrations (migrations.cc).
int LatestSchemaVersion();
// Brings the schema to `target_version` (LatestSchemaVersion() for normal
// use; lower in tests that make an old store). FAILED_PRECONDITION when
// the store is newer than this library, or older and migrate is false.
Status MigrateSchema(SqlConnection& db, int target_version, bool migrate);
Result<int> ReadSchemaVersion(SqlConnection& db);

}  // namespace oracle::internal

#endif  // ORACLE_SRC_HISTORY_SQL_INTERNAL_H_
