// Versioned schema migrations of the history store. Each migration runs in
// its own transaction and records its version in schema_version. The SQL is
// written once; {PK} and {REAL} are replaced per dialect.
#include <ctime>
#include <iterator>
#include <string>
#include <vector>

#include "history/sql_internal.h"

namespace oracle::internal {
namespace {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// Never edit a released migration: add a new one.
const Migration kMigrations[] = {
    {1, "jobs, campaigns, messages, events, receipts", R"sql(
CREATE TABLE jobs (
  id {PK},
  kind TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  rows_total BIGINT NOT NULL DEFAULT 0,
  rows_ok BIGINT NOT NULL DEFAULT 0,
  rows_failed BIGINT NOT NULL DEFAULT 0,
  error_message TEXT NOT NULL DEFAULT '',
  started_at BIGINT NOT NULL,
  finished_at BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE campaigns (
  id {PK},
  name TEXT NOT NULL UNIQUE,
  template_text TEXT NOT NULL DEFAULT '',
  sender_address TEXT NOT NULL DEFAULT '',
  sender_name TEXT NOT NULL DEFAULT '',
  transport TEXT NOT NULL DEFAULT '',
  rate_per_second {REAL} NOT NULL DEFAULT 0,
  scheduled_start BIGINT NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE messages (
  id {PK},
  campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
  recipient TEXT NOT NULL,
  number_key TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  text_dropped INTEGER NOT NULL DEFAULT 0,
  encoding TEXT NOT NULL DEFAULT '',
  segments INTEGER NOT NULL DEFAULT 1,
  region TEXT NOT NULL DEFAULT '',
  operator_name TEXT NOT NULL DEFAULT '',
  provider_message_id TEXT,
  request_id TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  delivery_status INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_expires BIGINT NOT NULL DEFAULT 0,
  not_before BIGINT NOT NULL DEFAULT 0,
  last_error_code TEXT NOT NULL DEFAULT '',
  last_error_message TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (campaign_id, number_key)
);
CREATE INDEX messages_state ON messages (state, id);
CREATE INDEX messages_number ON messages (number_key, id);
CREATE INDEX messages_provider ON messages (provider_message_id);
CREATE INDEX messages_campaign ON messages (campaign_id, state);
CREATE TABLE events (
  id {PK},
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  message_id BIGINT NOT NULL DEFAULT 0,
  campaign_id BIGINT NOT NULL DEFAULT 0,
  job_id BIGINT NOT NULL DEFAULT 0,
  number_key TEXT NOT NULL DEFAULT '',
  number TEXT NOT NULL DEFAULT '',
  operator_name TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT '',
  error_code TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_number ON events (number_key, id);
CREATE INDEX events_message ON events (message_id, id);
CREATE TABLE receipts (
  id {PK},
  provider_message_id TEXT NOT NULL,
  status INTEGER NOT NULL,
  raw_status TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  received_at BIGINT NOT NULL,
  message_id BIGINT NOT NULL DEFAULT 0,
  UNIQUE (provider_message_id, status)
);
)sql"},
    {2, "opt-out list and saved segments", R"sql(
CREATE TABLE opt_outs (
  number_key TEXT PRIMARY KEY,
  number TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE TABLE segments (
  name TEXT PRIMARY KEY,
  numbers TEXT NOT NULL DEFAULT '',
  source_path TEXT NOT NULL DEFAULT '',
  regions TEXT NOT NULL DEFAULT '',
  operators TEXT NOT NULL DEFAULT '',
  number_types TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX events_campaign ON events (campaign_id, id);
)sql"},
};

std::string ForDialect(std::string sql, Dialect dialect) {
  auto replace = [&](const std::string& from, const std::string& to) {
    for (size_t p = sql.find(from); p != std::string::npos;
         p = sql.find(from, p + to.size())) {
      sql.replace(p, from.size(), to);
    }
  };
  bool pg = dialect == Dialect::kPostgres;
  replace("{PK}", pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY");
  replace("{REAL}", pg ? "DOUBLE PRECISION" : "REAL");
  return sql;
}

// Inside a write transaction: serialises concurrent openers on PostgreSQL
// (SQLite's BEGIN IMMEDIATE already does) and makes sure the table exists.
Status LockAndPrepare(SqlConnection& db) {
  if (db.dialect() == Dialect::kPostgres) {
    // A fixed application-wide key: "oracle history schema".
    auto r = db.Query("SELECT pg_advisory_xact_lock(7263542001)", {});
    if (!r.ok()) return r.status();
  }
  return db.Exec(
      "CREATE TABLE IF NOT EXISTS schema_version ("
      " version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
      " applied_at BIGINT NOT NULL)");
}

}  // namespace

int LatestSchemaVersion() {
  return kMigrations[std::size(kMigrations) - 1].version;
}

Result<int> ReadSchemaVersion(SqlConnection& db) {
  ORACLE_ASSIGN_OR_RAISE(
      auto rows, db.Query("SELECT COALESCE(MAX(version), 0) FROM schema_version", {}));
  return static_cast<int>(rows.empty() ? 0 : AsInt(rows[0][0]));
}

Status MigrateSchema(SqlConnection& db, int target_version, bool migrate) {
  auto newer = [](int current) {
    return Status::FailedPrecondition(
        "history store schema version " + std::to_string(current) +
        " is newer than this version of Oracle supports (" +
        std::to_string(LatestSchemaVersion()) + "); upgrade Oracle to open it");
  };
  for (const Migration& m : kMigrations) {
    if (m.version > target_version) break;
    ORACLE_RETURN_NOT_OK(db.BeginWrite());
    bool applying = false;
    Status s = [&]() -> Status {
      ORACLE_RETURN_NOT_OK(LockAndPrepare(db));
      ORACLE_ASSIGN_OR_RAISE(int current, ReadSchemaVersion(db));
      if (current > LatestSchemaVersion()) return newer(current);
      if (current >= m.version) return Status::OK();
      if (!migrate && current > 0) {
        return Status::FailedPrecondition(
            "history store schema version " + std::to_string(current) +
            " is older than " + std::to_string(LatestSchemaVersion()) +
            " and migrations are disabled");
      }
      applying = true;
      ORACLE_RETURN_NOT_OK(db.Exec(ForDialect(m.sql, db.dialect())));
      auto r = db.Query(
          "INSERT INTO schema_version (version, description, applied_at) "
          "VALUES (?, ?, ?)",
          {int64_t{m.version}, std::string(m.description),
           static_cast<int64_t>(std::time(nullptr)) * 1000});
      return r.ok() ? Status::OK() : r.status();
    }();
    if (!s.ok()) {
      (void)db.Rollback();
      if (!applying) return s;
      return Status(s.code(), "schema migration " + std::to_string(m.version) +
                                  " (" + m.description + "): " + s.message());
    }
    ORACLE_RETURN_NOT_OK(db.Commit());
  }
  return Status::OK();
}

}  // namespace oracle::internal
