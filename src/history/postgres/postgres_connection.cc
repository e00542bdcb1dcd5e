// SqlConnection over PostgreSQL (libpq): text-format parameters, `?`
// placeholders rewritten to $n, bulk inserts as multi-row INSERTs.
#include <libpq-fe.h>

#include <algorithm>
#include <string>
#include <unordered_map>

#include "history/sql_internal.h"

namespace oracle::internal {
namespace {

// Rewrites `?` outside quotes to $1, $2, ...
std::string NumberPlaceholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

// PostgreSQL type oids returned as numbers.
constexpr Oid kInt8Oid = 20, kInt4Oid = 23, kInt2Oid = 21, kFloat8Oid = 701,
              kFloat4Oid = 700, kNumericOid = 1700;

class PostgresConnection final : public SqlConnection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Status Exec(const std::string& sql) override {
    PGresult* res = PQexec(conn_, sql.c_str());
    Status s = Check(res);
    PQclear(res);
    return s;
  }

  Result<std::vector<SqlRow>> Query(
      const std::string& sql, const std::vector<SqlValue>& params) override {
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      if (IsNull(params[i])) {
        values[i] = nullptr;
      } else {
        texts[i] = AsText(params[i]);
        values[i] = texts[i].c_str();
      }
    }
    // Statements are prepared once per connection (the first
    // kMaxPrepared distinct ones; dynamic SQL past that runs unprepared).
    PGresult* res = nullptr;
    auto prepared = prepared_.find(sql);
    if (prepared == prepared_.end() && prepared_.size() < kMaxPrepared &&
        PQtransactionStatus(conn_) != PQTRANS_INERROR) {
      std::string name = "oracle_" + std::to_string(prepared_.size());
      PGresult* prep = PQprepare(conn_, name.c_str(), NumberPlaceholders(sql).c_str(),
                                 static_cast<int>(params.size()), nullptr);
      Status ps = Check(prep);
      PQclear(prep);
      if (!ps.ok()) return ps;
      prepared = prepared_.emplace(sql, std::move(name)).first;
    }
    if (prepared != prepared_.end()) {
      res = PQexecPrepared(conn_, prepared->second.c_str(),
                           static_cast<int>(params.size()), values.data(),
                           nullptr, nullptr, 0);
    } else {
      res = PQexecParams(conn_, NumberPlaceholders(sql).c_str(),
                         static_cast<int>(params.size()),
                         nullptr, values.data(), nullptr, nullptr, 0);
    }
    Status s = Check(res);
    if (!s.ok()) {
      PQclear(res);
      return s;
    }
    std::vector<SqlRow> rows;
    int nrows = PQntuples(res), ncols = PQnfields(res);
    rows.reserve(nrows);
    for (int r = 0; r < nrows; ++r) {
      SqlRow row(ncols);
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res, r, c)) continue;
        const char* v = PQgetvalue(res, r, c);
        Oid type = PQftype(res, c);
        if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid) {
          row[c] = static_cast<int64_t>(std::strtoll(v, nullptr, 10));
        } else if (type == kFloat8Oid || type == kFloat4Oid ||
                   type == kNumericOid) {
          row[c] = std::strtod(v, nullptr);
        } else {
          row[c] = std::string(v, PQgetlength(res, r, c));
        }
      }
      rows.push_back(std::move(row));
    }
    const char* tuples = PQcmdTuples(res);
    changes_ = (tuples && *tuples) ? std::strtoll(tuples, nullptr, 10) : 0;
    PQclear(res);
    return rows;
  }

  int64_t changes() const override { return changes_; }

  Status BulkInsert(const std::string& table,
                    const std::vector<std::string>& columns,
                    const std::vector<SqlRow>& rows) override {
    // Multi-row INSERTs of up to ~1000 rows (libpq allows 65535 params).
    const size_t per_stmt = std::max<size_t>(1, 30000 / columns.size());
    std::string head = "INSERT INTO " + table + " (";
    for (size_t i = 0; i < columns.size(); ++i) head += (i ? "," : "") + columns[i];
    head += ") VALUES ";
    for (size_t start = 0; start < rows.size(); start += per_stmt) {
      size_t end = std::min(rows.size(), start + per_stmt);
      std::string sql = head;
      std::vector<SqlValue> params;
      params.reserve((end - start) * columns.size());
      for (size_t r = start; r < end; ++r) {
        sql += r == start ? "(" : ",(";
        for (size_t c = 0; c < columns.size(); ++c) {
          sql += c ? ",?" : "?";
          params.push_back(rows[r][c]);
        }
        sql += ")";
      }
      auto res = Query(sql, params);
      if (!res.ok()) return res.status();
    }
    return Status::OK();
  }

  Status BeginWrite() override { return Exec("BEGIN"); }
  Status Commit() override { return Exec("COMMIT"); }
  Status Rollback() override {
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return Status::OK();
    return Exec("ROLLBACK");
  }

 private:
  Status Check(PGresult* res) {
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Status::OK();
    std::string msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    std::string text = "postgresql: " + msg;
    if (PQstatus(conn_) != CONNECTION_OK) return Status::Unavailable(text);
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    std::string code = state ? state : "";
    if (code == "23505") return Status::AlreadyExists(text);
    if (code == "40001" || code == "40P01") return Status::Aborted(text);
    if (code.rfind("08", 0) == 0) return Status::Unavailable(text);
    return Status::Internal(text);
  }

  static constexpr size_t kMaxPrepared = 256;

  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> name
  int64_t changes_ = 0;
};

}  // namespace

std::string RedactUri(const std::string& uri) {
  // scheme://user:password@host... -> scheme://user:***@host...
  std::string out = uri;
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t at = out.find('@', scheme + 3);
    size_t colon = out.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=... in the query string.
  size_t p = out.find("password=");
  if (p != std::string::npos) {
    size_t end = out.find_first_of("& ", p);
    out.replace(p + 9, (end == std::string::npos ? out.size() : end) - p - 9,
                "***");
  }
  return out;
}

Result<std::unique_ptr<SqlConnection>> OpenPostgres(const std::string& uri) {
  PGconn* conn = PQconnectdb(uri.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string msg = conn ? PQerrorMessage(conn) : "out of memory";
    PQfinish(conn);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return Status::Unavailable("cannot connect to history store " +
                               RedactUri(uri) + ": " + msg);
  }
  auto c = std::make_unique<PostgresConnection>(conn);
  ORACLE_RETURN_NOT_OK(c->Exec("SET client_min_messages = warning"));
  return std::unique_ptr<SqlConnection>(std::move(c));
}

}  // namespace oracle::internal
