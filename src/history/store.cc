// HistoryStore over the SQL layer: one implementation of the store's logic
// for both backends (SQLite and PostgreSQL differ only in sql_internal.h
// connections, the claim's locking clause and the schema's id type).
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>
#include <vector>

#include "history/sql_internal.h"
#include "history/store_internal.h"
#include "oracle/history.h"

namespace oracle {

std::string_view JobKindName(JobKind kind) {
  switch (kind) {
    case JobKind::kSegmentation: return "segmentation";
    case JobKind::kImport: return "import";
    case JobKind::kExport: return "export";
  }
  return "segmentation";
}

namespace {
constexpr std::string_view kCampaignStates[] = {
    "draft", "scheduled", "running", "paused", "cancelled", "done"};
constexpr std::string_view kMessageStates[] = {
    "queued", "claimed", "sending", "sent", "delivered",
    "failed", "unknown", "opted_out", "cancelled"};
}  // namespace

std::string_view CampaignStateName(CampaignState state) {
  return kCampaignStates[static_cast<int>(state)];
}
std::optional<CampaignState> ParseCampaignState(std::string_view name) {
  for (size_t i = 0; i < std::size(kCampaignStates); ++i) {
    if (kCampaignStates[i] == name) return static_cast<CampaignState>(i);
  }
  return std::nullopt;
}
std::string_view MessageStateName(MessageState state) {
  return kMessageStates[static_cast<int>(state)];
}
std::optional<MessageState> ParseMessageState(std::string_view name) {
  for (size_t i = 0; i < std::size(kMessageStates); ++i) {
    if (kMessageStates[i] == name) return static_cast<MessageState>(i);
  }
  return std::nullopt;
}

namespace internal {

std::string MaskNumber(std::string_view e164) {
  std::string out(e164);
  size_t digits = out.size() - 1;
  size_t keep_head = digits > 8 ? 6 : 3;
  for (size_t i = 1 + keep_head; i + 2 < out.size(); ++i) out[i] = '*';
  return out;
}

std::string HmacHex(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md,
       &len);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out;
}

std::string EncodeCursor(int64_t id) { return "c1." + std::to_string(id); }

Result<int64_t> DecodeCursor(const std::string& cursor) {
  if (cursor.rfind("c1.", 0) != 0 || cursor.size() < 4) {
    return Status::InvalidArgument("invalid page cursor");
  }
  int64_t id = 0;
  for (size_t i = 3; i < cursor.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(cursor[i])) || i > 21) {
      return Status::InvalidArgument("invalid page cursor");
    }
    id = id * 10 + (cursor[i] - '0');
  }
  return id;
}

int DeliveryRank(DeliveryStatus s) {
  switch (s) {
    case DeliveryStatus::kNotSupported:
    case DeliveryStatus::kDeliveryUncertain: return 1;
    case DeliveryStatus::kMessageWaiting: return 2;
    case DeliveryStatus::kDeliveredToNetwork: return 3;
    case DeliveryStatus::kDeliveredToTerminal:
    case DeliveryStatus::kDeliveryImpossible: return 4;
  }
  return 0;
}

namespace {

std::string DayKey(int64_t day) {
  std::time_t t = static_cast<std::time_t>(day * 86400);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

std::string Join(const std::vector<std::string>& v, char sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string::npos ? p : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}

std::string InList(size_t n) {
  std::string s = "(";
  for (size_t i = 0; i < n; ++i) s += i ? ",?" : "?";
  return s + ")";
}

constexpr const char* kMessageColumns =
    "m.id, m.campaign_id, m.recipient, c.sender_address, c.sender_name, "
    "m.text, m.text_dropped, m.encoding, m.segments, m.region, "
    "m.operator_name, c.transport, m.provider_message_id, m.request_id, "
    "m.state, m.delivery_status, m.attempts, m.lease_owner, m.lease_expires, "
    "m.not_before, m.last_error_code, m.last_error_message, m.created_at, "
    "m.updated_at FROM messages m JOIN campaigns c ON c.id = m.campaign_id";

MessageRecord ToMessage(const SqlRow& r) {
  MessageRecord m;
  m.id = AsInt(r[0]);
  m.campaign_id = AsInt(r[1]);
  m.recipient = AsText(r[2]);
  m.sender_address = AsText(r[3]);
  m.sender_name = AsText(r[4]);
  m.text = AsText(r[5]);
  m.text_dropped = AsInt(r[6]) != 0;
  m.encoding = AsText(r[7]);
  m.segments = static_cast<int>(AsInt(r[8]));
  m.region = AsText(r[9]);
  m.operator_name = AsText(r[10]);
  m.transport = AsText(r[11]);
  m.provider_message_id = AsText(r[12]);
  m.request_id = AsText(r[13]);
  m.state = ParseMessageState(AsText(r[14])).value_or(MessageState::kQueued);
  if (!IsNull(r[15])) m.delivery_status = static_cast<DeliveryStatus>(AsInt(r[15]));
  m.attempts = static_cast<int>(AsInt(r[16]));
  m.lease_owner = AsText(r[17]);
  m.lease_expires_unix_ms = AsInt(r[18]);
  m.not_before_unix_ms = AsInt(r[19]);
  m.last_error_code = AsText(r[20]);
  m.last_error_message = AsText(r[21]);
  m.created_at_unix_ms = AsInt(r[22]);
  m.updated_at_unix_ms = AsInt(r[23]);
  return m;
}

constexpr const char* kCampaignColumns =
    "id, name, template_text, sender_address, sender_name, transport, "
    "rate_per_second, scheduled_start, source, state, created_at, updated_at "
    "FROM campaigns";

CampaignRecord ToCampaign(const SqlRow& r) {
  CampaignRecord c;
  c.id = AsInt(r[0]);
  c.spec.name = AsText(r[1]);
  c.spec.template_text = AsText(r[2]);
  c.spec.sender_address = AsText(r[3]);
  c.spec.sender_name = AsText(r[4]);
  c.spec.transport = AsText(r[5]);
  c.spec.rate_per_second = AsDouble(r[6]);
  c.spec.scheduled_start_unix_ms = AsInt(r[7]);
  c.spec.source = AsText(r[8]);
  c.state = ParseCampaignState(AsText(r[9])).value_or(CampaignState::kDraft);
  c.created_at_unix_ms = AsInt(r[10]);
  c.updated_at_unix_ms = AsInt(r[11]);
  return c;
}

constexpr const char* kJobColumns =
    "id, kind, description, status, rows_total, rows_ok, rows_failed, "
    "error_message, started_at, finished_at FROM jobs";

JobRecord ToJob(const SqlRow& r) {
  JobRecord j;
  j.id = AsInt(r[0]);
  std::string kind = AsText(r[1]);
  j.kind = kind == "import"   ? JobKind::kImport
           : kind == "export" ? JobKind::kExport
                              : JobKind::kSegmentation;
  j.description = AsText(r[2]);
  j.status = AsText(r[3]);
  j.rows_total = AsInt(r[4]);
  j.rows_ok = AsInt(r[5]);
  j.rows_failed = AsInt(r[6]);
  j.error_message = AsText(r[7]);
  j.started_at_unix_ms = AsInt(r[8]);
  j.finished_at_unix_ms = AsInt(r[9]);
  return j;
}

const std::vector<std::string> kEventColumns = {
    "at", "kind", "message_id", "campaign_id", "job_id", "number_key",
    "number", "operator_name", "state", "error_code", "detail"};

// A row changed by an UPDATE ... RETURNING of the message transitions.
constexpr const char* kReturning =
    " RETURNING id, campaign_id, recipient, operator_name";

class SqlHistoryStore final : public HistoryStore {
 public:
  SqlHistoryStore(std::unique_ptr<SqlConnection> db, HistoryOptions options)
      : db_(std::move(db)), options_(std::move(options)) {}

  std::string backend() const override {
    return db_->dialect() == Dialect::kSqlite ? "sqlite" : "postgresql";
  }

  Result<int> SchemaVersion() override {
    std::lock_guard lock(mu_);
    return ReadSchemaVersion(*db_);
  }

  // ------------------------------------------------------------ jobs

  Result<int64_t> BeginJob(JobKind kind, const std::string& description,
                           int64_t now) override {
    std::lock_guard lock(mu_);
    int64_t id = 0;
    ORACLE_RETURN_NOT_OK(Tx([&]() -> Status {
      ORACLE_ASSIGN_OR_RAISE(
          auto rows, db_->Query("INSERT INTO jobs (kind, description, status, "
                                "started_at) VALUES (?, ?, 'running', ?) "
                                "RETURNING id",
                                {std::string(JobKindName(kind)), description, now}));
      id = AsInt(rows.at(0)[0]);
      return AddEvent(now, "job", 0, 0, id, "", "", "", "running", "",
                      std::string(JobKindName(kind)) + ": " + description);
    }));
    return id;
  }

  Status FinishJob(int64_t job_id, const std::string& status, int64_t total,
                   int64_t ok, int64_t failed, const std::string& error,
                   int64_t now) override {
    if (status != "ok" && status != "failed" && status != "cancelled") {
      return Status::InvalidArgument("job status must be ok, failed or cancelled, not '" +
                                     status + "'");
    }
    std::lock_guard lock(mu_);
    return Tx([&]() -> Status {
      ORACLE_ASSIGN_OR_RAISE(
          auto rows,
          db_->Query("UPDATE jobs SET status = ?, rows_total = ?, rows_ok = ?, "
                     "rows_failed = ?, error_message = ?, finished_at = ? "
                     "WHERE id = ? AND status = 'running' RETURNING id",
                     {status, total, ok, failed, error, now, job_id}));
      if (rows.empty()) {
        return Status::FailedPrecondition("job " + std::to_string(job_id) +
                                          " does not exist or is finished");
      }
      return AddEvent(now, "job", 0, 0, job_id, "", "", "", status, "", error);
    });
  }

  Result<JobRecord> GetJob(int64_t job_id) override {
    std::lock_guard lock(mu_);
    ORACLE_ASSIGN_OR_RAISE(auto rows, db_->Query(std::string("SELECT ") + kJobColumns +
                                                     " WHERE id = ?",
                                                 {job_id}));
    if (rows.empty()) return Status::NotFound("no job " + std::to_string(job_id));
    return ToJob(rows[0]);
  }

  Result<Page<JobRecord>> ListJobs(int limit, const std::string& cursor) override {
    ORACLE_RETURN_NOT_OK(CheckLimit(limit));
    int64_t before = INT64_MAX;
    if (!cursor.empty()) {
      ORACLE_ASSIGN_OR_RAISE(before, DecodeCursor(cursor));
    }
    std::lock_guard lock(mu_);
    ORACLE_ASSIGN_OR_RAISE(
        auto rows, db_->Query(std::string("SELECT ") + kJobColumns +
                                  " WHERE id < ? ORDER BY id DESC LIMIT ?",
                              {before, int64_t{limit} + 1}));
    Page<JobRecord> page;
    for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(limit); ++i) {
      page.items.push_back(ToJob(rows[i]));
    }
    if (rows.size() > static_cast<size_t>(limit)) {
      page.next_cursor = EncodeCursor(page.items.back().id);
    }
    return page;
  }

  // ------------------------------------------------------------ campaigns

  Result<int64_t> CreateCampaign(const CampaignSpec& spec, int64_t now) override {
    if (spec.name.empty()) return Status::InvalidArgument("campaign name is empty");
    if (!(spec.rate_per_second >= 0)) {
      return Status::InvalidArgument("campaign rate must be >= 0");
    }
    CampaignState state = spec.scheduled_start_unix_ms > 0
                              ? CampaignState::kScheduled
                              : CampaignState::kDraft;
    std::lock_guard lock(mu_);
    int64_t id = 0;
    Status s = Tx([&]() -> Status {
      ORACLE_ASSIGN_OR_RAISE(
          auto rows,
          db_->Query("INSERT INTO campaigns (name, template_text, sender_address, "
                     "sender_name, transport, rate_per_second, scheduled_start, "
                     "source, state, created_at, updated_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     {spec.name, spec.template_text, spec.sender_address,
                      spec.sender_name, spec.transport, spec.rate_per_second,
                      spec.scheduled_start_unix_ms, spec.source,
                      std::string(CampaignStateName(state)), now, now}));
      id = AsInt(rows.at(0)[0]);
      return AddEvent(now, "campaign", 0, id, 0, "", "", "",
                      std::string(CampaignStateName(state)), "", spec.name);
    });
    if (s.code() == StatusCode::kAlreadyExists) {
      return Status::AlreadyExists("campaign '" + spec.name + "' already exists");
    }
    ORACLE_RETURN_NOT_OK(s);
    return id;
  }

  Result<CampaignRecord> GetCampaign(int64_t id) override {
    std::lock_guard lock(mu_);
    return GetCampaignLocked(id);
  }

  Result<CampaignRecord> FindCampaign(const std::string& name) override {
    std::lock_guard lock(mu_);
    ORACLE_ASSIGN_OR_RAISE(auto rows,
                           db_->Query(std::string("SELECT ") + kCampaignColumns +
                                          " WHERE name = ?",
                                      {name}));
    if (rows.empty()) return Status::NotFound("no campaign named '" + name + "'");
    return ToCampaign(rows[0]);
  }

  Result<std::vector<CampaignRecord>> ListCampaigns() override {
    std::lock_guard lock(mu_);
    ORACLE_ASSIGN_OR_RAISE(auto rows, db_->Query(std::string("SELECT ") +
                                                     kCampaignColumns +
                                                     " ORDER BY id",
                                                 {}));
    std::vector<CampaignRecord> out;
    for (const auto& r : rows) out.push_back(ToCampaign(r));
    return out;
  }

  Status SetCampaignState(int64_t id, CampaignState state, int64_t now) override {
    std::lock_guard lock(mu_);
    return Tx([&]() -> Status {
      ORACLE_ASSIGN_OR_RAISE(
          auto rows, db_->Query(std::string("SELECT state FROM campaigns WHERE id = ?") +
                                    ForUpdate(),
                                {id}));
      if (rows.empty()) return Status::NotFound("no campaign " + std::to_string(id));
      std::string current = AsText(rows[0][0]);
      std::string next(CampaignStateName(state));
      if (current == next) return Status::OK();
      if (current == "cancelled" || current == "done") {
        return Status::FailedPrecondition("campaign " + std::to_string(id) +
                                          " is " + current + ": it cannot become " +
                                          next);
      }
      ORACLE_RETURN_NOT_OK(
          db_->Query("UPDATE campaigns SET state = ?, updated_at = ? WHERE id = ?",
                     {next, now, id})
              .status());
      ORACLE_RETURN_NOT_OK(AddEvent(now, "campaign", 0, id, 0, "", "", "", next, "",
                                    "from " + current));
      if (state == CampaignState::kCancelled) {
        ORACLE_ASSIGN_OR_RAISE(
            auto moved,
            db_->Query(std::string("UPDATE messages SET state = 'cancelled', "
                                   "lease_owner = '', lease_expires = 0, "
                                   "updated_at = ? WHERE campaign_id = ? AND "
                                   "state IN ('queued', 'claimed')") +
                           kReturning,
                       {now, id}));
        ORACLE_RETURN_NOT_OK(MessageEvents(moved, now, "cancelled", "", ""));
        ORACLE_RETURN_NOT_OK(Settle(moved));
      }
      return Status::OK();
    });
  }

  // ------------------------------------------------------------ outbox

  Result<EnqueueStats> EnqueueMessages(int64_t campaign_id,
                                       const std::vector<NewMessage>& messages,
                                       int64_t now) override {
    for (size_t i = 0; i < messages.size(); ++i) {
      if (!IsE164(messages[i].recipient)) {
        return Status::InvalidArgument(
            "message " + std::to_string(i) + ": recipient '" +
            messages[i].recipient + "' is not in E.164 form (+ and 7 to 15 digits)");
      }
      if (messages[i].segments < 1) {
        return Status::InvalidArgument("message " + std::to_string(i) +
                                       ": segments must be >= 1");
      }
    }
    std::lock_guard lock(mu_);
    EnqueueStats stats;
    ORACLE_RETURN_NOT_OK(Tx([&]() -> Status {
      ORACLE_ASSIGN_OR_RAISE(
          auto rows, db_->Query(std::string("SELECT state FROM campaigns WHERE id = ?") +
                                    ForUpdate(),
                                {campaign_id}));
      if (rows.empty()) {
        return Status::NotFound("no campaign " + std::to_string(campaign_id));
      }
      std::string state = AsText(rows[0][0]);
      if (state == "cancelled" || state == "done") {
        return Status::FailedPrecondition("campaign " + std::to_string(campaign_id) +
                                          " is " + state);
      }
      constexpr size_t kChunk = 500;
      std::vector<SqlRow> events;
      for (size_t start = 0; start < messages.size(); start += kChunk) {
        size_t end = std::min(messages.size(), start + kChunk);
        std::string sql =
            "INSERT INTO messages (campaign_id, recipient, number_key, text, "
            "encoding, segments, region, operator_name, state, created_at, "
            "updated_at) VALUES ";
        std::vector<SqlValue> params;
        for (size_t i = start; i < end; ++i) {
          const NewMessage& m = messages[i];
          sql += i == start ? "(?,?,?,?,?,?,?,?,'queued',?,?)"
                            : ",(?,?,?,?,?,?,?,?,'queued',?,?)";
          params.insert(params.end(),
                        {campaign_id, m.recipient, NumberKey(m.recipient), m.text,
                         m.encoding, int64_t{m.segments}, m.region,
                         m.operator_name, now, now});
        }
        sql += " ON CONFLICT (campaign_id, number_key) DO NOTHING"
               " RETURNING id, number_key, recipient, operator_name";
        ORACLE_ASSIGN_OR_RAISE(auto inserted, db_->Query(sql, params));
        stats.inserted += static_cast<int64_t>(inserted.size());
        for (const auto& r : inserted) {
          events.push_back({now, std::string("message"), AsInt(r[0]), campaign_id,
                            int64_t{0}, AsText(r[1]), Display(AsText(r[2])),
                            AsText(r[3]), std::string("queued"), std::string(),
                            std::string()});
        }
      }
      stats.duplicates = static_cast<int64_t>(messages.size()) - stats.inserted;
      return db_->BulkInsert("events", kEventColumns, events);
    }));
    return stats;
  }

  Result<std::vector<MessageRecord>> ClaimMessages(const ClaimRequest& req) override {
    if (req.worker_id.empty()) return Status::InvalidArgument("worker_id is empty");
    if (req.limit < 1 || req.limit > 10000) {
      return Status::InvalidArgument("claim limit must be 1..10000");
    }
    if (req.lease.count() <= 0) return Status::InvalidArgument("lease must be > 0");
    const int64_t now = req.now_unix_ms;
    const int64_t expires = now + req.lease.count();
    std::lock_guard lock(mu_);
    std::vector<MessageRecord> out;
    ORACLE_RETURN_NOT_OK(Tx([&]() -> Status {
      out.clear();
      std::string sql =
          "SELECT m.id, CASE WHEN o.number_key IS NULL THEN 0 ELSE 1 END "
          "FROM messages m JOIN campaigns c ON c.id = m.campaign_id "
          "LEFT JOIN opt_outs o ON o.number_key = m.number_key "
          "WHERE c.state = 'running' AND ((m.state = 'queued' AND "
          "m.not_before <= ?) OR (m.state = 'claimed' AND m.lease_expires <= ?))";
      std::vector<SqlValue> params = {now, now};
      if (req.campaign_id != 0) {
        sql += " AND m.campaign_id = ?";
        params.push_back(req.campaign_id);
      }
      sql += " ORDER BY m.id LIMIT ?";
      params.push_back(int64_t{req.limit});
      if (db_->dialect() == Dialect::kPostgres) sql += " FOR UPDATE OF m SKIP LOCKED";
      ORACLE_ASSIGN_OR_RAISE(auto candidates, db_->Query(sql, params));
      std::vector<SqlValue> claim_ids, opted_ids;
      for (const auto& r : candidates) {
        (AsInt(r[1]) ? opted_ids : claim_ids).push_back(AsInt(r[0]));
      }
      if (!opted_ids.empty()) {
        std::vector<SqlValue> p = {now};
        p.insert(p.end(), opted_ids.begin(), opted_ids.end());
        ORACLE_ASSIGN_OR_RAISE(
            auto moved,
            db_->Query("UPDATE messages SET state = 'opted_out', lease_owner = '', "
                       "lease_expires = 0, last_error_code = 'OPTED_OUT', "
                       "updated_at = ? WHERE id IN " +
                           InList(opted_ids.size()) + kReturning,
                       p));
        ORACLE_RETURN_NOT_OK(MessageEvents(moved, now, "opted_out", "OPTED_OUT", ""));
        ORACLE_RETURN_NOT_OK(Settle(moved));
      }
      if (claim_ids.empty()) return Status::OK();
      std::vector<SqlValue> p = {req.worker_id, expires, now};
      p.insert(p.end(), claim_ids.begin(), claim_ids.end());
      ORACLE_ASSIGN_OR_RAISE(
          auto moved,
          db_->Query("UPDATE messages SET state = 'claimed', lease_owner = ?, "
                     "lease_expires = ?, updated_at = ? WHERE id IN " +
                         InList(claim_ids.size()) + kReturning,
                     p));
      ORACLE_RETURN_NOT_OK(MessageEvents(moved, now, "claimed", "", req.worker_id));
      ORACLE_ASSIGN_OR_RAISE(
          auto rows, db_->Query(std::string("SELECT ") + kMessageColumns +
                                    " WHERE m.id IN " + InList(claim_ids.size()) +
                                    " ORDER BY m.id",
                                claim_ids));
      for (const auto& r : rows) out.push_back(ToMessage(r));
      return Status::OK();
    }));
    return out;
  }

  Status MarkSending(int64_t id, const std::string& worker, int64_t now) override {
    std::lock_guard lock(mu_);
    return Tx([&]() -> Status {
      ORACLE_ASSIGN_OR_RAISE(
          auto moved,
          db_->Query(std::string("UPDATE messages SET state = 'sending', "
                                 "attempts = attempts + 1, updated_at = ? "
                                 "WHERE id = ? AND state = 'claimed' AND "
                                 "lease_owner = ? AND lease_expires > ?") +
                         kReturning,
                     {now, id, worker, now}));
      if (moved.empty()) {
        return Status::FailedPrecondition(
            "message " + std::to_string(id) + " is not claimed by " + worker +
            " under a live lease: do not send it");
      }
      return MessageEvents(moved, now, "sending", "", worker);
    });
  }

  Status RecordSendResult(int64_t id, const std::string& worker,
                          const SendResult& result, int64_t now) override {
    std::lock_guard lock(mu_);
    return Tx([&]() -> Status {
      const std::string guard =
          " WHERE id = ? AND lease_owner = ? AND state IN ('sending', 'unknown')";
      std::vector<SqlRow> moved;
      std::string state;
      switch (result.outcome) {
        case SendOutcome::kAccepted: {
          state = "sent";
          ORACLE_ASSIGN_OR_RAISE(
              moved, db_->Query("UPDATE messages SET state = 'sent', "
                                "provider_message_id = ?, request_id = ?, "
                                "last_error_code = '', last_error_message = '', "
                                "updated_at = ?" + guard + kReturning,
                                {NullIfEmpty(result.provider_message_id),
                                 result.request_id, now, id, worker}));
          break;
        }
        case SendOutcome::kRetryLater: {
          state = "queued";
          int64_t delay = result.retry_after.count() > 0
                              ? result.retry_after.count()
                              : options_.default_retry_delay.count();
          ORACLE_ASSIGN_OR_RAISE(
              moved, db_->Query("UPDATE messages SET state = 'queued', "
                                "lease_owner = '', lease_expires = 0, "
                                "not_before = ?, last_error_code = ?, "
                                "last_error_message = ?, updated_at = ?" +
                                    guard + kReturning,
                                {now + delay, result.error_code,
                                 result.error_message, now, id, worker}));
          break;
        }
        case SendOutcome::kRejected:
        case SendOutcome::kUnknown: {
          // Refused for good, or perhaps sent: either way never resent.
          state = result.outcome == SendOutcome::kRejected ? "failed"
                                                           : "unknown";
          ORACLE_ASSIGN_OR_RAISE(
              moved, db_->Query("UPDATE messages SET state = ?, "
                                "request_id = ?, last_error_code = ?, "
                                "last_error_message = ?, updated_at = ?" +
                                    guard + kReturning,
                                {state, result.request_id, result.error_code,
                                 result.error_message, now, id, worker}));
          break;
        }
      }
      if (moved.empty()) {
        return Status::FailedPrecondition(
            "message " + std::to_string(id) + " is not being sent by " + worker);
      }
      ORACLE_RETURN_NOT_OK(MessageEvents(moved, now, state, result.error_code,
                                         result.provider_message_id.empty()
                                             ? result.error_message
                                             : result.provider_message_id));
      if (state == "failed") ORACLE_RETURN_NOT_OK(Settle(moved));
      if (state == "sent") {
        ORACLE_RETURN_NOT_OK(Settle(moved));
        if (!result.provider_message_id.empty()) {
          // Receipts that arrived before the send was recorded.
          ORACLE_ASSIGN_OR_RAISE(
              auto early, db_->Query("SELECT status, raw_status FROM receipts "
                                     "WHERE provider_message_id = ? ORDER BY id",
                                     {result.provider_message_id}));
          for (const auto& r : early) {
            ORACLE_ASSIGN_OR_RAISE(
                auto applied,
                ApplyReceipt(id, static_cast<DeliveryStatus>(AsInt(r[0])),
                             AsText(r[1]), now));
            (void)applied;
          }
          ORACLE_RETURN_NOT_OK(
              db_->Query("UPDATE receipts SET message_id = ? WHERE "
                         "provider_message_id = ?",
                         {id, result.provider_message_id})
                  .status());
        }
      }
      return Status::OK();
    });
  }

  Result<int64_t> ReleaseClaims(const std::string& worker, int64_t now) override {
    std::lock_guard lock(mu_);
    int64_t n = 0;
    ORACLE_RETURN_NOT_OK(Tx([&]() -> Status {
      ORACLE_ASSIGN_OR_RAISE(
          auto moved,
          db_->Query(std::string("UPDATE messages SET state = 'queued', "
                                 "lease_owner = '', lease_expires = 0, "
                                 "updated_at = ? WHERE state = 'claimed' AND "
                                 "lease_owner = ?") +
                         kReturning,
                     {now, worker}));
      n = static_cast<int64_t>(moved.size());
      return MessageEvents(moved, now, "queued", "RELEASED", worker);
    }));
    return n;
  }

  Result<RecoverStats> RecoverExpired(int64_t now) override {
    std::lock_guard lock(mu_);
    RecoverStats stats;
    ORACLE_RETURN_NOT_OK(Tx([&]() -> Status {
      ORACLE_ASSIGN_OR_RAISE(
          auto requeued,
          db_->Query(std::string("UPDATE messages SET state = 'queued', "
                                 "lease_owner = '', lease_expires = 0, "
                                 "updated_at = ? WHERE state = 'claimed' AND "
                                 "lease_expires <= ?") +
                         kReturning,
                     {now, now}));
      ORACLE_RETURN_NOT_OK(MessageEvents(requeued, now, "queued", "LEASE_EXPIRED", ""));
      ORACLE_ASSIGN_OR_RAISE(
          auto unknown,
          db_->Query(std::string("UPDATE messages SET state = 'unknown', "
                                 "last_error_code = 'LEASE_EXPIRED', "
                                 "last_error_message = 'the sender stopped while "
                                 "sending: the message may have been sent', "
                                 "updated_at = ? WHERE state = 'sending' AND "
                                 "lease_expires <= ?") +
                         kReturning,
                     {now, now}));
      ORACLE_RETURN_NOT_OK(MessageEvents(unknown, now, "unknown", "LEASE_EXPIRED", ""));
      stats.requeued = static_cast<int64_t>(requeued.size());
      stats.made_unknown = static_cast<int64_t>(unknown.size());
      return Status::OK();
    }));
    return stats;
  }

  Status ResolveUnknown(int64_t id, UnknownDecision decision,
                        const std::string& note, int64_t now) override {
    std::lock_guard lock(mu_);
    return Tx([&]() -> Status {
      std::string state, set;
      switch (decision) {
        case UnknownDecision::kMarkSent:
          state = "sent";
          break;
        case UnknownDecision::kMarkFailed:
          state = "failed";
          break;
        case UnknownDecision::kRequeue:
          state = "queued";
          set = ", lease_owner = '', lease_expires = 0, not_before = 0";
          break;
      }
      ORACLE_ASSIGN_OR_RAISE(
          auto moved,
          db_->Query("UPDATE messages SET state = ?, last_error_code = 'RESOLVED', "
                     "last_error_message = ?, updated_at = ?" + set +
                         " WHERE id = ? AND state = 'unknown'" + kReturning,
                     {state, note, now, id}));
      if (moved.empty()) {
        return Status::FailedPrecondition("message " + std::to_string(id) +
                                          " does not exist or is not unknown");
      }
      ORACLE_RETURN_NOT_OK(MessageEvents(moved, now, state, "RESOLVED", note));
      if (state != "queued") ORACLE_RETURN_NOT_OK(Settle(moved));
      return Status::OK();
    });
  }

  Result<ReceiptOutcome> RecordReceipt(const DeliveryReceipt& receipt) override {
    if (receipt.provider_message_id.empty()) {
      return Status::InvalidArgument("receipt without a provider message id");
    }
    const int64_t now = receipt.received_at_unix_ms;
    std::string address = receipt.address;
    if (address.rfind("tel:", 0) == 0) address = address.substr(4);
    // The inbox keeps the address as the store's privacy option says.
    std::string stored_address =
        IsE164(address) ? Display(address)
        : options_.number_privacy == NumberPrivacy::kPlain ? receipt.address
                                                           : std::string();
    std::lock_guard lock(mu_);
    ReceiptOutcome out;
    ORACLE_RETURN_NOT_OK(Tx([&]() -> Status {
      out = ReceiptOutcome();
      ORACLE_ASSIGN_OR_RAISE(
          auto ins,
          db_->Query("INSERT INTO receipts (provider_message_id, status, "
                     "raw_status, address, received_at) VALUES (?, ?, ?, ?, ?) "
                     "ON CONFLICT (provider_message_id, status) DO NOTHING "
                     "RETURNING id",
                     {receipt.provider_message_id,
                      int64_t{static_cast<int>(receipt.status)}, receipt.raw_status,
                      stored_address, now}));
      out.duplicate = ins.empty();
      ORACLE_RETURN_NOT_OK(AddEvent(
          now, "receipt", 0, 0, 0, IsE164(address) ? NumberKey(address) : "",
          IsE164(address) ? Display(address) : "", "", receipt.raw_status, "",
          receipt.provider_message_id + (out.duplicate ? " (duplicate)" : "")));
      ORACLE_ASSIGN_OR_RAISE(
          auto found, db_->Query("SELECT id FROM messages WHERE "
                                 "provider_message_id = ?" + ForUpdate(),
                                 {receipt.provider_message_id}));
      if (found.empty() && IsE164(address)) {
        // A message whose send outcome was unknown has no provider id: the
        // receipt settles it when exactly one such message went to that
        // number.
        ORACLE_ASSIGN_OR_RAISE(
            auto candidates,
            db_->Query("SELECT id FROM messages WHERE number_key = ? AND "
                       "state = 'unknown' AND provider_message_id IS NULL",
                       {NumberKey(address)}));
        if (candidates.size() == 1) {
          int64_t mid = AsInt(candidates[0][0]);
          ORACLE_ASSIGN_OR_RAISE(
              auto moved,
              db_->Query(std::string("UPDATE messages SET state = 'sent', "
                                     "provider_message_id = ?, updated_at = ? "
                                     "WHERE id = ?") +
                             kReturning,
                         {receipt.provider_message_id, now, mid}));
          ORACLE_RETURN_NOT_OK(
              MessageEvents(moved, now, "sent", "RECEIPT", receipt.provider_message_id));
          ORACLE_RETURN_NOT_OK(Settle(moved));
          found = {{SqlValue{mid}}};
        }
      }
      if (found.empty()) return Status::OK();  // kept in the inbox
      out.message_id = AsInt(found[0][0]);
      ORACLE_RETURN_NOT_OK(
          db_->Query("UPDATE receipts SET message_id = ? WHERE "
                     "provider_message_id = ?",
                     {out.message_id, receipt.provider_message_id})
              .status());
      ORACLE_ASSIGN_OR_RAISE(out.status_changed,
                             ApplyReceipt(out.message_id, receipt.status,
                                          receipt.raw_status, now));
      ORACLE_ASSIGN_OR_RAISE(
          auto st, db_->Query("SELECT state FROM messages WHERE id = ?",
                              {out.message_id}));
      out.message_state =
          ParseMessageState(AsText(st.at(0)[0])).value_or(MessageState::kSent);
      return Status::OK();
    }));
    return out;
  }

  // ------------------------------------------------------------ queries

  Result<MessageRecord> GetMessage(int64_t id) override {
    std::lock_guard lock(mu_);
    ORACLE_ASSIGN_OR_RAISE(auto rows,
                           db_->Query(std::string("SELECT ") + kMessageColumns +
                                          " WHERE m.id = ?",
                                      {id}));
    if (rows.empty()) return Status::NotFound("no message " + std::to_string(id));
    return ToMessage(rows[0]);
  }

  Result<Page<MessageRecord>> QueryMessages(const HistoryQuery& q) override {
    ORACLE_RETURN_NOT_OK(CheckLimit(q.limit));
    std::string where;
    std::vector<SqlValue> params;
    ORACLE_RETURN_NOT_OK(MessageFilters(q, true, &where, &params));
    params.push_back(int64_t{q.limit} + 1);
    std::lock_guard lock(mu_);
    ORACLE_ASSIGN_OR_RAISE(
        auto rows, db_->Query(std::string("SELECT ") + kMessageColumns + where +
                                  " ORDER BY m.id DESC LIMIT ?",
                              params));
    Page<MessageRecord> page;
    for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(q.limit); ++i) {
      page.items.push_back(ToMessage(rows[i]));
    }
    if (rows.size() > static_cast<size_t>(q.limit)) {
      page.next_cursor = EncodeCursor(page.items.back().id);
    }
    return page;
  }

  Result<Page<EventRecord>> QueryEvents(const HistoryQuery& q) override {
    ORACLE_RETURN_NOT_OK(CheckLimit(q.limit));
    if (q.state.has_value()) {
      return Status::InvalidArgument("events are filtered by state_name, not state");
    }
    std::string where = " WHERE 1 = 1";
    std::vector<SqlValue> params;
    if (!q.number.empty()) {
      where += " AND number_key = ?";
      params.push_back(NumberKey(q.number));
    }
    if (q.campaign_id) {
      where += " AND campaign_id = ?";
      params.push_back(q.campaign_id);
    }
    if (!q.state_name.empty()) {
      where += " AND state = ?";
      params.push_back(q.state_name);
    }
    if (!q.kind.empty()) {
      where += " AND kind = ?";
      params.push_back(q.kind);
    }
    if (!q.operator_name.empty()) {
      where += " AND operator_name = ?";
      params.push_back(q.operator_name);
    }
    if (q.from_unix_ms) {
      where += " AND at >= ?";
      params.push_back(q.from_unix_ms);
    }
    if (q.to_unix_ms) {
      where += " AND at < ?";
      params.push_back(q.to_unix_ms);
    }
    if (!q.cursor.empty()) {
      ORACLE_ASSIGN_OR_RAISE(int64_t before, DecodeCursor(q.cursor));
      where += " AND id < ?";
      params.push_back(before);
    }
    params.push_back(int64_t{q.limit} + 1);
    std::lock_guard lock(mu_);
    ORACLE_ASSIGN_OR_RAISE(
        auto rows,
        db_->Query("SELECT id, at, kind, message_id, campaign_id, job_id, number, "
                   "operator_name, state, error_code, detail FROM events" +
                       where + " ORDER BY id DESC LIMIT ?",
                   params));
    Page<EventRecord> page;
    for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(q.limit); ++i) {
      const SqlRow& r = rows[i];
      EventRecord e;
      e.id = AsInt(r[0]);
      e.at_unix_ms = AsInt(r[1]);
      e.kind = AsText(r[2]);
      e.message_id = AsInt(r[3]);
      e.campaign_id = AsInt(r[4]);
      e.job_id = AsInt(r[5]);
      e.number = AsText(r[6]);
      e.operator_name = AsText(r[7]);
      e.state = AsText(r[8]);
      e.error_code = AsText(r[9]);
      e.detail = AsText(r[10]);
      page.items.push_back(std::move(e));
    }
    if (rows.size() > static_cast<size_t>(q.limit)) {
      page.next_cursor = EncodeCursor(page.items.back().id);
    }
    return page;
  }

  Result<std::vector<CountRow>> CountMessages(const HistoryQuery& q,
                                              CountBy by) override {
    std::string where;
    std::vector<SqlValue> params;
    ORACLE_RETURN_NOT_OK(MessageFilters(q, false, &where, &params));
    std::string key = by == CountBy::kDay     ? "m.created_at / 86400000"
                      : by == CountBy::kState ? "m.state"
                                              : "m.operator_name";
    std::lock_guard lock(mu_);
    ORACLE_ASSIGN_OR_RAISE(
        auto rows, db_->Query("SELECT " + key + ", COUNT(*) FROM messages m" + where +
                                  " GROUP BY " + key + " ORDER BY " + key,
                              params));
    std::vector<CountRow> out;
    for (const auto& r : rows) {
      out.push_back({by == CountBy::kDay ? DayKey(AsInt(r[0])) : AsText(r[0]),
                     AsInt(r[1])});
    }
    return out;
  }

  Status AppendEvents(const std::vector<EventRecord>& events) override {
    std::vector<SqlRow> rows;
    rows.reserve(events.size());
    for (const EventRecord& e : events) {
      bool e164 = IsE164(e.number);
      if (!e.number.empty() && !e164) {
        return Status::InvalidArgument("event number '" + e.number +
                                       "' is not in E.164 form");
      }
      rows.push_back({e.at_unix_ms, e.kind.empty() ? std::string("event") : e.kind,
                      e.message_id, e.campaign_id, e.job_id,
                      e164 ? NumberKey(e.number) : std::string(),
                      e164 ? Display(e.number) : std::string(), e.operator_name,
                      e.state, e.error_code, e.detail});
    }
    std::lock_guard lock(mu_);
    return Tx([&] { return db_->BulkInsert("events", kEventColumns, rows); });
  }

  // ------------------------------------------------------------ opt-outs

  Status AddOptOut(const std::string& number, const std::string& reason,
                   int64_t now) override {
    ORACLE_RETURN_NOT_OK(CheckNumber(number));
    std::lock_guard lock(mu_);
    return Tx([&]() -> Status {
      ORACLE_RETURN_NOT_OK(
          db_->Query("INSERT INTO opt_outs (number_key, number, reason, created_at) "
                     "VALUES (?, ?, ?, ?) ON CONFLICT (number_key) DO UPDATE SET "
                     "reason = excluded.reason",
                     {NumberKey(number), Display(number), reason, now})
              .status());
      return AddEvent(now, "opt_out", 0, 0, 0, NumberKey(number), Display(number), "",
                      "added", "", reason);
    });
  }

  Status RemoveOptOut(const std::string& number) override {
    ORACLE_RETURN_NOT_OK(CheckNumber(number));
    std::lock_guard lock(mu_);
    return db_->Query("DELETE FROM opt_outs WHERE number_key = ?", {NumberKey(number)})
        .status();
  }

  Result<bool> IsOptedOut(const std::string& number) override {
    ORACLE_RETURN_NOT_OK(CheckNumber(number));
    std::lock_guard lock(mu_);
    ORACLE_ASSIGN_OR_RAISE(auto rows,
                           db_->Query("SELECT 1 FROM opt_outs WHERE number_key = ?",
                                      {NumberKey(number)}));
    return !rows.empty();
  }

  // ------------------------------------------------------------ segments

  Status SaveSegment(const SavedSegment& seg, int64_t now) override {
    if (seg.name.empty()) return Status::InvalidArgument("segment name is empty");
    for (const auto& n : seg.numbers) ORACLE_RETURN_NOT_OK(CheckNumber(n));
    if (seg.numbers.empty() && seg.filter.source_path.empty()) {
      return Status::InvalidArgument(
          "segment '" + seg.name + "' has neither numbers nor a source file");
    }
    for (const auto* list : {&seg.filter.regions, &seg.filter.operators,
                             &seg.filter.number_types}) {
      for (const auto& v : *list) {
        if (v.find(',') != std::string::npos) {
          return Status::InvalidArgument("segment filter value '" + v +
                                         "' contains a comma");
        }
      }
    }
    std::lock_guard lock(mu_);
    return Tx([&]() -> Status {
      return db_->Query(
                    "INSERT INTO segments (name, numbers, source_path, regions, "
                    "operators, number_types, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET numbers = excluded.numbers, "
                    "source_path = excluded.source_path, regions = excluded.regions, "
                    "operators = excluded.operators, number_types = "
                    "excluded.number_types, created_at = excluded.created_at",
                    {seg.name, Join(seg.numbers, '\n'), seg.filter.source_path,
                     Join(seg.filter.regions, ','), Join(seg.filter.operators, ','),
                     Join(seg.filter.number_types, ','), now})
          .status();
    });
  }

  Result<SavedSegment> GetSegment(const std::string& name) override {
    std::lock_guard lock(mu_);
    ORACLE_ASSIGN_OR_RAISE(
        auto rows, db_->Query("SELECT name, numbers, source_path, regions, operators, "
                              "number_types, created_at FROM segments WHERE name = ?",
                              {name}));
    if (rows.empty()) return Status::NotFound("no saved segment named '" + name + "'");
    SavedSegment s;
    s.name = AsText(rows[0][0]);
    s.numbers = Split(AsText(rows[0][1]), '\n');
    s.filter.source_path = AsText(rows[0][2]);
    s.filter.regions = Split(AsText(rows[0][3]), ',');
    s.filter.operators = Split(AsText(rows[0][4]), ',');
    s.filter.number_types = Split(AsText(rows[0][5]), ',');
    s.created_at_unix_ms = AsInt(rows[0][6]);
    return s;
  }

  Result<std::vector<std::string>> ListSegments() override {
    std::lock_guard lock(mu_);
    ORACLE_ASSIGN_OR_RAISE(auto rows,
                           db_->Query("SELECT name FROM segments ORDER BY name", {}));
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(AsText(r[0]));
    return out;
  }

  Status DeleteSegment(const std::string& name) override {
    std::lock_guard lock(mu_);
    ORACLE_ASSIGN_OR_RAISE(
        auto rows, db_->Query("DELETE FROM segments WHERE name = ? RETURNING name",
                              {name}));
    if (rows.empty()) return Status::NotFound("no saved segment named '" + name + "'");
    return Status::OK();
  }

 private:
  template <typename F>
  Status Tx(F&& body) {
    ORACLE_RETURN_NOT_OK(db_->BeginWrite());
    Status s = body();
    if (s.ok()) s = db_->Commit();
    if (!s.ok()) (void)db_->Rollback();
    return s;
  }

  std::string ForUpdate() const {
    return db_->dialect() == Dialect::kPostgres ? " FOR UPDATE" : "";
  }

  static SqlValue NullIfEmpty(const std::string& s) {
    return s.empty() ? SqlValue{} : SqlValue{s};
  }

  static Status CheckLimit(int limit) {
    if (limit < 1 || limit > 10000) {
      return Status::InvalidArgument("limit must be 1..10000, not " +
                                     std::to_string(limit));
    }
    return Status::OK();
  }

  static Status CheckNumber(const std::string& n) {
    if (!IsE164(n)) {
      return Status::InvalidArgument("'" + n +
                                     "' is not in E.164 form (+ and 7 to 15 digits)");
    }
    return Status::OK();
  }

  // The lookup key of a number: itself, or its HMAC.
  std::string NumberKey(const std::string& e164) const {
    if (options_.number_privacy == NumberPrivacy::kPlain) return e164;
    return "hmac:" + HmacHex(options_.number_hmac_key, e164);
  }

  // How a number is shown once settled / in events.
  std::string Display(const std::string& stored) const {
    if (!IsE164(stored)) return stored;  // already masked or hashed
    switch (options_.number_privacy) {
      case NumberPrivacy::kPlain: return stored;
      case NumberPrivacy::kMasked: return MaskNumber(stored);
      case NumberPrivacy::kHashed: return NumberKey(stored);
    }
    return stored;
  }

  Result<CampaignRecord> GetCampaignLocked(int64_t id) {
    ORACLE_ASSIGN_OR_RAISE(auto rows,
                           db_->Query(std::string("SELECT ") + kCampaignColumns +
                                          " WHERE id = ?",
                                      {id}));
    if (rows.empty()) return Status::NotFound("no campaign " + std::to_string(id));
    return ToCampaign(rows[0]);
  }

  Status AddEvent(int64_t at, const std::string& kind, int64_t message_id,
                  int64_t campaign_id, int64_t job_id, const std::string& number_key,
                  const std::string& number, const std::string& op,
                  const std::string& state, const std::string& error_code,
                  const std::string& detail) {
    return db_
        ->Query("INSERT INTO events (at, kind, message_id, campaign_id, job_id, "
                "number_key, number, operator_name, state, error_code, detail) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {at, kind, message_id, campaign_id, job_id, number_key, number, op,
                 state, error_code, detail})
        .status();
  }

  // Events for rows returned by kReturning (id, campaign_id, recipient,
  // operator_name).
  Status MessageEvents(const std::vector<SqlRow>& moved, int64_t now,
                       const std::string& state, const std::string& error_code,
                       const std::string& detail) {
    if (moved.empty()) return Status::OK();
    std::vector<SqlRow> rows;
    rows.reserve(moved.size());
    for (const auto& r : moved) {
      std::string recipient = AsText(r[2]);
      rows.push_back({now, std::string("message"), AsInt(r[0]), AsInt(r[1]),
                      int64_t{0},
                      IsE164(recipient) ? NumberKey(recipient) : std::string(),
                      Display(recipient), AsText(r[3]), state, error_code, detail});
    }
    // Keys of settled (masked/hashed) recipients come from the row.
    for (size_t i = 0; i < rows.size(); ++i) {
      if (AsText(rows[i][5]).empty()) {
        ORACLE_ASSIGN_OR_RAISE(auto k,
                               db_->Query("SELECT number_key FROM messages WHERE id = ?",
                                          {AsInt(moved[i][0])}));
        if (!k.empty()) rows[i][5] = k[0][0];
      }
    }
    return db_->BulkInsert("events", kEventColumns, rows);
  }

  // Applies the privacy and retention policies to settled messages.
  Status Settle(const std::vector<SqlRow>& moved) {
    bool privacy = options_.number_privacy != NumberPrivacy::kPlain;
    bool drop = options_.body_retention == BodyRetention::kDropWhenSettled;
    if (!privacy && !drop) return Status::OK();
    for (const auto& r : moved) {
      std::string recipient = AsText(r[2]);
      ORACLE_RETURN_NOT_OK(
          db_->Query(drop ? "UPDATE messages SET recipient = ?, text = '', "
                            "text_dropped = 1 WHERE id = ?"
                          : "UPDATE messages SET recipient = ? WHERE id = ?",
                     {Display(recipient), AsInt(r[0])})
              .status());
    }
    return Status::OK();
  }

  // Applies a delivery status to a message, forward only. Returns whether
  // the message changed.
  Result<bool> ApplyReceipt(int64_t id, DeliveryStatus status,
                            const std::string& raw_status, int64_t now) {
    ORACLE_ASSIGN_OR_RAISE(
        auto rows, db_->Query("SELECT state, delivery_status FROM messages WHERE id = ?",
                              {id}));
    if (rows.empty()) return false;
    std::string state = AsText(rows[0][0]);
    int current = IsNull(rows[0][1])
                      ? 0
                      : DeliveryRank(static_cast<DeliveryStatus>(AsInt(rows[0][1])));
    if (DeliveryRank(status) <= current) return false;
    std::string next = state;
    if (state == "sent" || state == "unknown" || state == "delivered") {
      if (status == DeliveryStatus::kDeliveredToNetwork ||
          status == DeliveryStatus::kDeliveredToTerminal) {
        next = "delivered";
      } else if (status == DeliveryStatus::kDeliveryImpossible) {
        next = "failed";
      } else {
        next = "sent";
      }
    }
    ORACLE_ASSIGN_OR_RAISE(
        auto moved,
        db_->Query(std::string("UPDATE messages SET state = ?, delivery_status = ?, "
                               "updated_at = ? WHERE id = ?") +
                       kReturning,
                   {next, int64_t{static_cast<int>(status)}, now, id}));
    ORACLE_RETURN_NOT_OK(MessageEvents(moved, now, next,
                                       status == DeliveryStatus::kDeliveryImpossible
                                           ? "DELIVERY_IMPOSSIBLE"
                                           : "",
                                       raw_status));
    if (next != "queued" && next != "claimed" && next != "sending" &&
        next != "unknown") {
      ORACLE_RETURN_NOT_OK(Settle(moved));
    }
    return true;
  }

  Status MessageFilters(const HistoryQuery& q, bool with_cursor, std::string* where,
                        std::vector<SqlValue>* params) const {
    *where = " WHERE 1 = 1";
    if (!q.kind.empty()) {
      return Status::InvalidArgument("messages have no kind: kind filters events");
    }
    if (!q.number.empty()) {
      *where += " AND m.number_key = ?";
      params->push_back(NumberKey(q.number));
    }
    if (q.campaign_id) {
      *where += " AND m.campaign_id = ?";
      params->push_back(q.campaign_id);
    }
    if (q.state.has_value()) {
      *where += " AND m.state = ?";
      params->push_back(std::string(MessageStateName(*q.state)));
    }
    if (!q.state_name.empty()) {
      if (!ParseMessageState(q.state_name)) {
        return Status::InvalidArgument("unknown message state '" + q.state_name + "'");
      }
      *where += " AND m.state = ?";
      params->push_back(q.state_name);
    }
    if (!q.operator_name.empty()) {
      *where += " AND m.operator_name = ?";
      params->push_back(q.operator_name);
    }
    if (q.from_unix_ms) {
      *where += " AND m.created_at >= ?";
      params->push_back(q.from_unix_ms);
    }
    if (q.to_unix_ms) {
      *where += " AND m.created_at < ?";
      params->push_back(q.to_unix_ms);
    }
    if (with_cursor && !q.cursor.empty()) {
      ORACLE_ASSIGN_OR_RAISE(int64_t before, DecodeCursor(q.cursor));
      *where += " AND m.id < ?";
      params->push_back(before);
    }
    return Status::OK();
  }

  std::mutex mu_;
  std::unique_ptr<SqlConnection> db_;
  HistoryOptions options_;
};

}  // namespace

Result<std::unique_ptr<HistoryStore>> OpenHistoryStoreAt(
    const std::string& url, const HistoryOptions& options, int schema_version) {
  if (options.number_privacy != NumberPrivacy::kPlain &&
      options.number_hmac_key.empty()) {
    return Status::InvalidArgument(
        "number privacy (masked or hashed) needs a number_hmac_key");
  }
  if (options.default_retry_delay.count() < 0 || options.busy_timeout.count() < 0) {
    return Status::InvalidArgument("history store delays must be >= 0");
  }
  std::unique_ptr<SqlConnection> db;
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.empty()) path = "oracle.db";
    ORACLE_ASSIGN_OR_RAISE(db, OpenSqlite(path, static_cast<int>(
                                                    options.busy_timeout.count())));
  } else if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    ORACLE_ASSIGN_OR_RAISE(db, OpenPostgres(url));
  } else {
    return Status::InvalidArgument(
        "history store URL must start with sqlite: or postgresql://, not '" +
        RedactUri(url) + "'");
  }
  ORACLE_RETURN_NOT_OK(MigrateSchema(*db, schema_version, options.migrate));
  return std::unique_ptr<HistoryStore>(
      std::make_unique<SqlHistoryStore>(std::move(db), options));
}

}  // namespace internal

Result<std::unique_ptr<HistoryStore>> OpenHistoryStore(const std::string& url,
                                                       const HistoryOptions& options) {
  return internal::OpenHistoryStoreAt(url, options, internal::LatestSchemaVersion());
}

}  // namespace oracle
