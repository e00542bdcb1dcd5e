// SqlConnection over SQLite (libsqlite3): WAL, prepared-statement cache.
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <unordered_map>

#include "history/sql_internal.h"

namespace oracle::internal {
namespace {

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Status Exec(const std::string& sql) override {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      return Error(rc, msg);
    }
    return Status::OK();
  }

  Result<std::vector<SqlRow>> Query(
      const std::string& sql, const std::vector<SqlValue>& params) override {
    ORACLE_ASSIGN_OR_RAISE(sqlite3_stmt * stmt, Prepare(sql));
    ORACLE_RETURN_NOT_OK(Bind(stmt, params));
    std::vector<SqlRow> rows;
    while (true) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Status s = Error(rc, sqlite3_errmsg(db_));
        sqlite3_reset(stmt);
        return s;
      }
      int n = sqlite3_column_count(stmt);
      SqlRow row(n);
      for (int i = 0; i < n; ++i) {
        switch (sqlite3_column_type(stmt, i)) {
          case SQLITE_INTEGER:
            row[i] = static_cast<int64_t>(sqlite3_column_int64(stmt, i));
            break;
          case SQLITE_FLOAT:
            row[i] = sqlite3_column_double(stmt, i);
            break;
          case SQLITE_NULL:
            break;
          default: {
            const unsigned char* t = sqlite3_column_text(stmt, i);
            row[i] = std::string(reinterpret_cast<const char*>(t),
                                 sqlite3_column_bytes(stmt, i));
          }
        }
      }
      rows.push_back(std::move(row));
    }
    changes_ = sqlite3_changes64(db_);
    sqlite3_reset(stmt);
    return rows;
  }

  int64_t changes() const override { return changes_; }

  Status BulkInsert(const std::string& table,
                    const std::vector<std::string>& columns,
                    const std::vector<SqlRow>& rows) override {
    // Multi-row INSERTs: fewer statement executions per row.
    constexpr size_t kRowsPerStatement = 64;
    std::string head = "INSERT INTO " + table + " (";
    std::string marks = "(";
    for (size_t i = 0; i < columns.size(); ++i) {
      head += (i ? "," : "") + columns[i];
      marks += i ? ",?" : "?";
    }
    head += ") VALUES ";
    marks += ")";
    size_t start = 0;
    while (start < rows.size()) {
      size_t n = std::min(kRowsPerStatement, rows.size() - start);
      if (n != kRowsPerStatement) n = 1;  // the tail, one row at a time
      std::string sql = head;
      for (size_t r = 0; r < n; ++r) sql += (r ? "," : "") + marks;
      ORACLE_ASSIGN_OR_RAISE(sqlite3_stmt * stmt, Prepare(sql));
      int idx = 1;
      for (size_t r = start; r < start + n; ++r) {
        for (const SqlValue& v : rows[r]) {
          ORACLE_RETURN_NOT_OK(BindOne(stmt, idx++, v));
        }
      }
      int rc = sqlite3_step(stmt);
      sqlite3_reset(stmt);
      if (rc != SQLITE_DONE) return Error(rc, sqlite3_errmsg(db_));
      start += n;
    }
    return Status::OK();
  }

  Status BeginWrite() override { return Exec("BEGIN IMMEDIATE"); }
  Status Commit() override { return Exec("COMMIT"); }
  Status Rollback() override {
    if (sqlite3_get_autocommit(db_)) return Status::OK();
    return Exec("ROLLBACK");
  }

 private:
  Status Error(int rc, const std::string& msg) {
    int primary = rc & 0xff;
    std::string text = "sqlite: " + msg;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
      return Status::Unavailable(text + " (the store is locked by another writer)");
    }
    if (primary == SQLITE_CONSTRAINT) return Status::AlreadyExists(text);
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
      return Status::DataLoss(text);
    }
    if (primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR ||
        primary == SQLITE_FULL || primary == SQLITE_READONLY) {
      return Status::IoError(text);
    }
    return Status::Internal(text);
  }

  Result<sqlite3_stmt*> Prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Error(rc, sqlite3_errmsg(db_));
    cache_.emplace(sql, stmt);
    return stmt;
  }

  // The values must outlive the statement's next step (they are bound
  // without a copy).
  Status BindOne(sqlite3_stmt* stmt, int idx, const SqlValue& v) {
    int rc = SQLITE_OK;
    if (auto* n = std::get_if<int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, idx, *n);
    } else if (auto* d = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt, idx, *d);
    } else if (auto* s = std::get_if<std::string>(&v)) {
      rc = sqlite3_bind_text(stmt, idx, s->data(), static_cast<int>(s->size()),
                             SQLITE_STATIC);
    } else {
      rc = sqlite3_bind_null(stmt, idx);
    }
    return rc == SQLITE_OK ? Status::OK() : Error(rc, sqlite3_errmsg(db_));
  }

  Status Bind(sqlite3_stmt* stmt, const std::vector<SqlValue>& params) {
    for (size_t i = 0; i < params.size(); ++i) {
      ORACLE_RETURN_NOT_OK(BindOne(stmt, static_cast<int>(i) + 1, params[i]));
    }
    return Status::OK();
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  int64_t changes_ = 0;
};

}  // namespace

Result<std::unique_ptr<SqlConnection>> OpenSqlite(const std::string& path,
                                                  int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                               SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status::IoError("cannot open history store '" + path + "': " + msg);
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  auto conn = std::make_unique<SqliteConnection>(db);
  // WAL: readers never block the writer; NORMAL sync is durable across
  // process crashes (the dispatcher's failure mode) and fast.
  Status s = conn->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
      "PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456; PRAGMA wal_autocheckpoint=16384;");
  if (!s.ok()) {
    return Status(s.code(), "cannot open history store '" + path + "': " +
                                s.message());
  }
  return std::unique_ptr<SqlConnection>(std::move(conn));
}

}  // namespace oracle::internal
