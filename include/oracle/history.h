// The history store: a durable record of everything Oracle did, and the
// outbox that makes bulk SMS sending lose nothing and send nothing twice.
//
// A HistoryStore keeps:
//   - jobs: segmentation / import / export runs with counts and durations;
//   - campaigns: a name, a template, a sender, a transport, a rate, an
//     optional scheduled start and a state (draft, scheduled, running,
//     paused, cancelled, done);
//   - messages: one per (campaign, recipient), with their whole life
//     (queued -> claimed -> sending -> sent -> delivered, or failed,
//     unknown, opted out, cancelled);
//   - append-only events: every state change of a message, and any event a
//     host appends (EventAppender), with a timestamp and an error code;
//   - delivery receipts: an inbox keyed by provider message id; duplicates
//     and receipts that arrive before the send was recorded are reconciled,
//     and a message's delivery status only moves forward;
//   - an opt-out list, checked by ClaimMessages before every send;
//   - saved segments: named lists of numbers, or filters (country, operator,
//     number type) over a segmented file.
//
// Two backends with the same behaviour: SQLite (the default, one file in WAL
// mode) and PostgreSQL (libpq). The schema is versioned: opening an older
// store upgrades it (each migration in its own transaction); opening a store
// written by a newer Oracle fails with FAILED_PRECONDITION.
//
// The outbox protocol (what a dispatcher does):
//
//   auto store = oracle::OpenHistoryStore("sqlite:oracle.db");
//   if (!store.ok()) return store.status();
//   oracle::CampaignSpec spec;
//   spec.name = "promo-2026-11";
//   spec.template_text = "Bonjour {name}";
//   spec.transport = "sandbox";
//   ORACLE_ASSIGN_OR_RAISE(int64_t campaign, (*store)->CreateCampaign(spec, now));
//   ORACLE_RETURN_NOT_OK((*store)->EnqueueMessages(campaign, messages, now).status());
//   ORACLE_RETURN_NOT_OK((*store)->SetCampaignState(campaign,
//                                     oracle::CampaignState::kRunning, now));
//   oracle::ClaimRequest claim;
//   claim.worker_id = "host-a:1234";
//   claim.limit = 100;
//   claim.now_unix_ms = now;
//   ORACLE_ASSIGN_OR_RAISE(auto batch, (*store)->ClaimMessages(claim));
//   for (const oracle::MessageRecord& m : batch) {
//     // Durable before the transport is called; fails if the lease is lost.
//     if (!(*store)->MarkSending(m.id, claim.worker_id, now).ok()) continue;
//     oracle::SendResult r = transport->Send(ToSmsMessage(m));
//     ORACLE_RETURN_NOT_OK((*store)->RecordSendResult(m.id, claim.worker_id, r, now));
//   }
//
// After a crash, RecoverExpired(now) puts claimed-but-never-sent messages
// back in the queue and turns messages caught in `sending` into `unknown`:
// they may have been sent, so they are never resent automatically; a
// delivery receipt (RecordReceipt) or a human (ResolveUnknown) settles them.
//
// Times are milliseconds since the Unix epoch, always passed in by the
// caller (so that tests and replays control the clock).
//
// Thread safety: a HistoryStore is safe to use from many threads at once
// (calls are serialised on its connection). Several processes may open the
// same store: SQLite serialises writers (BEGIN IMMEDIATE, busy timeout);
// PostgreSQL claims with FOR UPDATE SKIP LOCKED, so two dispatchers never
// claim the same message.
#ifndef ORACLE_HISTORY_H_
#define ORACLE_HISTORY_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "oracle/export.h"
#include "oracle/result.h"
#include "oracle/sms_transport.h"
#include "oracle/status.h"

namespace oracle {

// ---------------------------------------------------------------- options

// How recipients' numbers are kept once a message is settled (sent,
// delivered, failed, opted out, cancelled). While a message is pending its
// number must stay readable, since it is still to be sent.
enum class NumberPrivacy : uint8_t {
  kPlain = 0,   // E.164 as is
  kMasked = 1,  // "+225070****56": all but the first 6 and last 2 digits
  kHashed = 2,  // "hmac:" + hex HMAC-SHA256(key, E.164); no digits kept
};

// What happens to message bodies once a message is settled.
enum class BodyRetention : uint8_t {
  kKeep = 0,
  kDropWhenSettled = 1,  // text emptied, MessageRecord::text_dropped = true
};

struct HistoryOptions {
  NumberPrivacy number_privacy = NumberPrivacy::kPlain;
  // Key for the HMAC that turns numbers into lookup keys. Required (non
  // empty) for kMasked and kHashed: queries by number, opt-outs and
  // idempotent enqueueing then use HMAC(key, number), never the number.
  // Never logged nor stored.
  std::string number_hmac_key;
  BodyRetention body_retention = BodyRetention::kKeep;
  // retry_later without a provider hint: wait this long before resending.
  std::chrono::milliseconds default_retry_delay{30'000};
  // SQLite: how long a writer waits for another process's lock.
  std::chrono::milliseconds busy_timeout{10'000};
  // Run the schema migrations when the store is older (otherwise an older
  // store fails to open with FAILED_PRECONDITION).
  bool migrate = true;
};

// ---------------------------------------------------------------- records

enum class JobKind : uint8_t { kSegmentation = 0, kImport = 1, kExport = 2 };
// "segmentation", "import", "export".
ORACLE_EXPORT std::string_view JobKindName(JobKind kind);

struct JobRecord {
  int64_t id = 0;
  JobKind kind = JobKind::kSegmentation;
  std::string description;  // e.g. input and output paths
  std::string status;       // "running", "ok", "failed", "cancelled"
  int64_t rows_total = 0;
  int64_t rows_ok = 0;
  int64_t rows_failed = 0;
  std::string error_message;  // when failed
  int64_t started_at_unix_ms = 0;
  int64_t finished_at_unix_ms = 0;  // 0 while running
  int64_t duration_ms() const {
    return finished_at_unix_ms ? finished_at_unix_ms - started_at_unix_ms : 0;
  }
};

enum class CampaignState : uint8_t {
  kDraft = 0,
  kScheduled = 1,
  kRunning = 2,
  kPaused = 3,
  kCancelled = 4,
  kDone = 5,
};
// "draft", "scheduled", "running", "paused", "cancelled", "done".
ORACLE_EXPORT std::string_view CampaignStateName(CampaignState state);
ORACLE_EXPORT std::optional<CampaignState> ParseCampaignState(
    std::string_view name);

// What the caller gives to create a campaign.
struct CampaignSpec {
  std::string name;  // unique in the store
  std::string template_text;
  std::string sender_address;  // e.g. "tel:+2250000"
  std::string sender_name;
  std::string transport;          // e.g. "sandbox", "orange"
  double rate_per_second = 0;     // 0: as fast as the transport allows
  int64_t scheduled_start_unix_ms = 0;  // 0: no schedule
  std::string source;  // where recipients came from (file, segment name)
};

struct CampaignRecord {
  int64_t id = 0;
  CampaignSpec spec;
  CampaignState state = CampaignState::kDraft;
  int64_t created_at_unix_ms = 0;
  int64_t updated_at_unix_ms = 0;
};

enum class MessageState : uint8_t {
  kQueued = 0,     // waiting for a worker (after not_before)
  kClaimed = 1,    // leased to a worker, not yet being sent
  kSending = 2,    // the worker is calling the transport
  kSent = 3,       // accepted by the provider (has a provider id)
  kDelivered = 4,  // a receipt said delivered (to network or terminal)
  kFailed = 5,     // rejected, or a receipt said delivery impossible
  kUnknown = 6,    // may have been sent; never resent automatically
  kOptedOut = 7,   // recipient on the opt-out list when claimed
  kCancelled = 8,  // campaign cancelled before it was sent
};
// "queued", "claimed", "sending", "sent", "delivered", "failed", "unknown",
// "opted_out", "cancelled".
ORACLE_EXPORT std::string_view MessageStateName(MessageState state);
ORACLE_EXPORT std::optional<MessageState> ParseMessageState(
    std::string_view name);

// A message to enqueue.
struct NewMessage {
  std::string recipient;  // E.164, e.g. "+2250707123456"
  std::string text;       // rendered body
  std::string encoding;   // "GSM-7" or "UCS-2"
  int segments = 1;
  // From segmentation, for queries and counts (may be empty).
  std::string region;         // e.g. "CI"
  std::string operator_name;  // e.g. "Orange"
};

struct MessageRecord {
  int64_t id = 0;
  int64_t campaign_id = 0;
  // E.164 while pending; masked or hashed once settled when the store's
  // NumberPrivacy says so.
  std::string recipient;
  std::string sender_address;  // from the campaign
  std::string sender_name;     // from the campaign
  std::string text;
  bool text_dropped = false;  // the body was removed by BodyRetention
  std::string encoding;
  int segments = 1;
  std::string region;
  std::string operator_name;
  std::string transport;  // from the campaign
  std::string provider_message_id;
  std::string request_id;
  MessageState state = MessageState::kQueued;
  // The last receipt's status, when one arrived.
  std::optional<DeliveryStatus> delivery_status;
  int attempts = 0;  // times MarkSending was called
  std::string lease_owner;
  int64_t lease_expires_unix_ms = 0;
  int64_t not_before_unix_ms = 0;
  std::string last_error_code;
  std::string last_error_message;
  int64_t created_at_unix_ms = 0;
  int64_t updated_at_unix_ms = 0;
};

// One append-only event. Message state changes are written by the store
// itself (kind "message", state = the new state); hosts append their own
// through EventAppender.
struct EventRecord {
  int64_t id = 0;  // assigned by the store
  int64_t at_unix_ms = 0;
  std::string kind;  // "message", "job", "receipt", or the host's own
  int64_t message_id = 0;   // 0: none
  int64_t campaign_id = 0;  // 0: none
  int64_t job_id = 0;       // 0: none
  // E.164 when appending; returned masked/hashed per NumberPrivacy.
  std::string number;
  std::string operator_name;
  std::string state;  // e.g. "sent", "failed"
  std::string error_code;
  std::string detail;
};

// What RecordReceipt did with a receipt.
struct ReceiptOutcome {
  bool duplicate = false;   // the same (provider id, status) was seen before
  int64_t message_id = 0;   // 0: no message yet; kept in the inbox
  MessageState message_state = MessageState::kQueued;  // when matched
  bool status_changed = false;  // the message moved forward
};

struct EnqueueStats {
  int64_t inserted = 0;
  int64_t duplicates = 0;  // (campaign, recipient) already enqueued
};

struct RecoverStats {
  int64_t requeued = 0;      // claimed, lease expired: back to queued
  int64_t made_unknown = 0;  // sending, lease expired: now unknown
};

// ---------------------------------------------------------------- outbox

struct ClaimRequest {
  int64_t campaign_id = 0;  // 0: any running campaign
  std::string worker_id;    // unique per dispatcher process/thread
  int limit = 100;
  std::chrono::milliseconds lease{60'000};
  int64_t now_unix_ms = 0;
};

// A human decision about a message whose outcome is unknown.
enum class UnknownDecision : uint8_t {
  kMarkSent = 0,    // it was sent (e.g. the provider's console says so)
  kMarkFailed = 1,  // it was not sent and will not be
  kRequeue = 2,     // it was not sent: send it again
};

// ---------------------------------------------------------------- queries

// Filters for QueryMessages / QueryEvents / CountMessages. Empty fields do
// not filter. Results are newest first (descending id).
struct HistoryQuery {
  std::string number;  // E.164; matched through the store's lookup key
  int64_t campaign_id = 0;
  std::optional<MessageState> state;  // messages only
  std::string state_name;             // events only (e.g. "sent")
  std::string kind;  // events only: "message", "job", "receipt", "sms"...
  std::string operator_name;
  int64_t from_unix_ms = 0;  // inclusive
  int64_t to_unix_ms = 0;    // exclusive; 0: no upper bound
  int limit = 100;           // 1..10000
  // From the previous page's next_cursor; empty for the first page.
  std::string cursor;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;  // empty: no more pages
};

enum class CountBy : uint8_t {
  kDay = 0,       // key "YYYY-MM-DD" (UTC) of created_at
  kState = 1,     // key MessageStateName
  kOperator = 2,  // key operator name ("" when unknown)
};

struct CountRow {
  std::string key;
  int64_t count = 0;
};

// ---------------------------------------------------------------- segments

struct SegmentFilter {
  std::string source_path;  // a segmented file (CSV/XLSX)
  std::vector<std::string> regions;    // e.g. {"CI"}; empty: any
  std::vector<std::string> operators;  // e.g. {"Orange"}; empty: any
  std::vector<std::string> number_types;  // e.g. {"MOBILE"}; empty: any
};

// A named list of numbers, or a filter over a segmented file (exactly one
// of the two is used: numbers when non-empty, otherwise the filter).
struct SavedSegment {
  std::string name;
  std::vector<std::string> numbers;  // E.164
  SegmentFilter filter;
  int64_t created_at_unix_ms = 0;
};

class EventAppender;
struct AppenderOptions;

// ---------------------------------------------------------------- store

// A history store. Make one with OpenHistoryStore. Thread-safe (see the top
// of this file). Owns its database connection; closing (destroying) it
// does not lose anything already returned OK.
class ORACLE_EXPORT HistoryStore {
 public:
  virtual ~HistoryStore() = default;

  // "sqlite" or "postgresql".
  virtual std::string backend() const = 0;
  // The schema version of the open store.
  virtual Result<int> SchemaVersion() = 0;

  // --- jobs
  virtual Result<int64_t> BeginJob(JobKind kind, const std::string& description,
                                   int64_t now_unix_ms) = 0;
  // status: "ok", "failed" or "cancelled".
  virtual Status FinishJob(int64_t job_id, const std::string& status,
                           int64_t rows_total, int64_t rows_ok,
                           int64_t rows_failed, const std::string& error_message,
                           int64_t now_unix_ms) = 0;
  virtual Result<JobRecord> GetJob(int64_t job_id) = 0;
  // Newest first; keyset pagination like the other queries.
  virtual Result<Page<JobRecord>> ListJobs(int limit,
                                           const std::string& cursor) = 0;

  // --- campaigns
  // ALREADY_EXISTS when the name is taken (use FindCampaign to resume).
  // State: kScheduled when scheduled_start_unix_ms > 0, else kDraft.
  virtual Result<int64_t> CreateCampaign(const CampaignSpec& spec,
                                         int64_t now_unix_ms) = 0;
  virtual Result<CampaignRecord> GetCampaign(int64_t campaign_id) = 0;
  // NOT_FOUND when there is no campaign of that name.
  virtual Result<CampaignRecord> FindCampaign(const std::string& name) = 0;
  virtual Result<std::vector<CampaignRecord>> ListCampaigns() = 0;
  // Moves a campaign. cancelled and done are final (FAILED_PRECONDITION to
  // leave them). Cancelling also cancels its queued and claimed messages
  // (those in sending/unknown keep their state).
  virtual Status SetCampaignState(int64_t campaign_id, CampaignState state,
                                  int64_t now_unix_ms) = 0;

  // --- outbox
  // One transaction per call; idempotent per (campaign, recipient): a
  // recipient already enqueued for the campaign is counted as a duplicate
  // and left as it is. INVALID_ARGUMENT (nothing written) when a recipient
  // is not E.164 ("+" and 7 to 15 digits).
  virtual Result<EnqueueStats> EnqueueMessages(
      int64_t campaign_id, const std::vector<NewMessage>& messages,
      int64_t now_unix_ms) = 0;

  // Atomically moves up to `limit` messages of running campaigns to
  // `claimed` under a lease (owner = worker_id, expiry = now + lease):
  // queued ones whose not_before has passed, and claimed ones whose lease
  // expired (never sent). Recipients on the opt-out list become opted_out
  // instead and are not returned. Oldest first.
  virtual Result<std::vector<MessageRecord>> ClaimMessages(
      const ClaimRequest& request) = 0;

  // claimed -> sending, attempts + 1. Durable when it returns. Fails with
  // FAILED_PRECONDITION when the message is not claimed by worker_id or its
  // lease expired: the caller must not send.
  virtual Status MarkSending(int64_t message_id, const std::string& worker_id,
                             int64_t now_unix_ms) = 0;

  // Records the transport's outcome for a message in `sending` leased by
  // worker_id (or made `unknown` by RecoverExpired meanwhile):
  //   accepted    -> sent (provider id, request id); early receipts for
  //                  that provider id are applied at once;
  //   rejected    -> failed;
  //   retry_later -> queued, not_before = now + retry_after (or the
  //                  default delay);
  //   unknown     -> unknown.
  // FAILED_PRECONDITION otherwise (e.g. another worker owns it).
  virtual Status RecordSendResult(int64_t message_id,
                                  const std::string& worker_id,
                                  const SendResult& result,
                                  int64_t now_unix_ms) = 0;

  // Puts claimed messages of worker_id back in the queue (a dispatcher
  // stopping cleanly). Returns how many.
  virtual Result<int64_t> ReleaseClaims(const std::string& worker_id,
                                        int64_t now_unix_ms) = 0;

  // Expired leases: claimed -> queued, sending -> unknown.
  virtual Result<RecoverStats> RecoverExpired(int64_t now_unix_ms) = 0;

  // Settles a message in state unknown. FAILED_PRECONDITION otherwise.
  virtual Status ResolveUnknown(int64_t message_id, UnknownDecision decision,
                                const std::string& note,
                                int64_t now_unix_ms) = 0;

  // Stores a receipt in the inbox and applies it to the message with that
  // provider id, if any (otherwise it is applied when the send is
  // recorded). Forward only: a receipt never moves a message back (e.g.
  // DeliveredToNetwork after DeliveredToTerminal changes nothing). An
  // `unknown` message with a receipt becomes sent (or delivered / failed).
  virtual Result<ReceiptOutcome> RecordReceipt(
      const DeliveryReceipt& receipt) = 0;

  // --- messages and events
  virtual Result<MessageRecord> GetMessage(int64_t message_id) = 0;
  virtual Result<Page<MessageRecord>> QueryMessages(
      const HistoryQuery& query) = 0;
  virtual Result<Page<EventRecord>> QueryEvents(const HistoryQuery& query) = 0;
  // Messages matching the query's filters (cursor and limit ignored),
  // grouped; ordered by key.
  virtual Result<std::vector<CountRow>> CountMessages(const HistoryQuery& query,
                                                      CountBy by) = 0;
  // Appends events in one transaction (EventAppender batches into this).
  virtual Status AppendEvents(const std::vector<EventRecord>& events) = 0;

  // --- opt-outs
  virtual Status AddOptOut(const std::string& number, const std::string& reason,
                           int64_t now_unix_ms) = 0;
  virtual Status RemoveOptOut(const std::string& number) = 0;
  virtual Result<bool> IsOptedOut(const std::string& number) = 0;

  // --- saved segments
  // Replaces a segment of the same name.
  virtual Status SaveSegment(const SavedSegment& segment,
                             int64_t now_unix_ms) = 0;
  // NOT_FOUND when absent.
  virtual Result<SavedSegment> GetSegment(const std::string& name) = 0;
  virtual Result<std::vector<std::string>> ListSegments() = 0;
  virtual Status DeleteSegment(const std::string& name) = 0;

  // A buffered appender writing to this store (see EventAppender). The
  // store must outlive it.
  Result<std::unique_ptr<EventAppender>> MakeAppender(
      const AppenderOptions& options);
};

// Opens (creating if needed) a store:
//   "sqlite:PATH"     a SQLite file (WAL); "sqlite:" alone is "oracle.db";
//                     "sqlite::memory:" an in-memory store (tests);
//   "postgresql://..." or "postgres://..." a PostgreSQL database (libpq
//                     connection URI).
// INVALID_ARGUMENT for another scheme or bad options, UNAVAILABLE when the
// database cannot be reached, FAILED_PRECONDITION when the store's schema
// is newer than this library's. Error messages never contain passwords.
ORACLE_EXPORT Result<std::unique_ptr<HistoryStore>> OpenHistoryStore(
    const std::string& url, const HistoryOptions& options = {});

// ---------------------------------------------------------------- appender

struct AppenderOptions {
  size_t batch_size = 4096;  // flush when this many events are buffered
  std::chrono::milliseconds flush_interval{200};  // ...or this old
};

// Buffers events and writes them in batches, one transaction per batch:
// when batch_size events are buffered, when the oldest is flush_interval
// old (a background thread), on Flush() and on Close()/destruction.
//
//   ORACLE_ASSIGN_OR_RAISE(auto appender, store->MakeAppender({}));
//   for (...) ORACLE_RETURN_NOT_OK(appender->Append(event));
//   ORACLE_RETURN_NOT_OK(appender->Close());
//
// A failed background flush keeps the events buffered and is reported by
// the next Append, Flush or Close. Thread-safe. Does not own the store.
class ORACLE_EXPORT EventAppender {
 public:
  EventAppender(HistoryStore* store, const AppenderOptions& options);
  ~EventAppender();  // Close(), errors ignored: call Close() to see them
  EventAppender(const EventAppender&) = delete;
  EventAppender& operator=(const EventAppender&) = delete;

  Status Append(EventRecord event);
  Status Flush();
  Status Close();
  // Events written so far.
  int64_t written() const;

 private:
  Status FlushLocked(std::unique_lock<std::mutex>& lock);
  void Run();

  HistoryStore* store_;
  AppenderOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<EventRecord> buffer_;
  std::chrono::steady_clock::time_point oldest_;
  Status error_;
  bool closed_ = false;
  bool flushing_ = false;
  int64_t written_ = 0;
  std::thread thread_;
};

// Export through the import/export writers (RowWriter): see
// oracle/history_export.h (ExportMessages, ExportEvents).

}  // namespace oracle

#endif  // ORACLE_HISTORY_H_
