// Campaigns: bulk SMS written to the history store first (the outbox), then
// sent by dispatchers that claim messages under leases, so that a crash, a
// kill or a second dispatcher never loses a message nor sends one twice.
//
// A campaign is a template ("Bonjour {name}, ..."), a list of recipients (a
// file or a saved segment), a sender, a transport name, a rate and an
// optional scheduled start. CreateCampaign validates and normalises every
// recipient to E.164 with an oracle::Engine, leaves out the opted-out ones
// (counted), renders one text per recipient and enqueues everything in the
// store before anything is sent. A Dispatcher then:
//
//   1. waits for the scheduled start, and moves the campaign to running;
//   2. claims a batch of queued messages under a lease (worker id + expiry);
//   3. for each message, in `concurrency` threads and within the rate limit:
//      MarkSending (durable before the transport is called; refused when the
//      lease was lost, and then the message is not sent), the transport's
//      Send, RecordSendResult (accepted -> sent, rejected -> failed,
//      retry-later -> queued again after a backoff, unknown -> unknown);
//   4. never starts a send whose lease would expire before the transport's
//      answer can be recorded: such messages are released and claimed
//      again, which renews their lease;
//   5. stops when nothing is left to send, when the campaign is cancelled or
//      paused, or when Stop() is called.
//
// After a crash, expired leases are taken over by any dispatcher
// (HistoryStore::RecoverExpired): claimed messages go back to the queue, and
// messages caught in `sending` become `unknown`: they may have been sent, so
// they are never resent automatically. A delivery receipt or a human
// decision (HistoryStore::ResolveUnknown) settles them.
//
// Example:
//
//   ORACLE_ASSIGN_OR_RAISE(auto store, oracle::OpenHistoryStore("sqlite:oracle.db"));
//   ORACLE_ASSIGN_OR_RAISE(oracle::Engine engine, oracle::Engine::Make());
//   oracle::NewCampaign c;
//   c.spec.name = "promo-2026-11";
//   c.spec.template_text = "Bonjour {name}, -20% ce week-end";
//   c.spec.transport = "sandbox";
//   c.spec.rate_per_second = 50;
//   c.default_region = "CI";
//   ORACLE_ASSIGN_OR_RAISE(c.recipients, oracle::ReadRecipientsFile("contacts.csv"));
//   ORACLE_ASSIGN_OR_RAISE(oracle::CampaignCreated created,
//                          oracle::CreateCampaign(*store, engine, c));
//
//   oracle::DispatcherOptions options;
//   options.concurrency = 4;
//   ORACLE_ASSIGN_OR_RAISE(auto dispatcher,
//       oracle::Dispatcher::Make(store.get(), transport.get(), options));
//   ORACLE_ASSIGN_OR_RAISE(oracle::DispatchReport report,
//                          dispatcher->Run(created.campaign_id));
//
// Several dispatcher processes may work on one PostgreSQL store at the same
// time (claims use FOR UPDATE SKIP LOCKED): each message is sent by one of
// them only. On SQLite they are serialised by the database lock.
#ifndef ORACLE_CAMPAIGN_H_
#define ORACLE_CAMPAIGN_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "oracle/engine.h"
#include "oracle/export.h"
#include "oracle/history.h"
#include "oracle/result.h"
#include "oracle/sms_transport.h"
#include "oracle/status.h"

namespace oracle {

// One recipient as read from a file: the number as written, and the other
// columns of its row (template fields), e.g. {{"name", "Awa"}}.
struct Recipient {
  std::string number;
  std::vector<std::pair<std::string, std::string>> fields;
  int64_t line = 0;  // 1-based line in the source file, 0 when none
};

// Reads recipients from a file (UTF-8):
//   - one number per line (no comma on the first line): blank lines and
//     lines starting with '#' are skipped;
//   - or CSV (RFC 4180 quoting) with a header line: the column named
//     "number" (or "phone", "msisdn", "e164", "to", any case) holds the
//     numbers, every other column becomes a template field of that name.
// INVALID_ARGUMENT naming the line for a malformed row (unbalanced quote,
// wrong column count, invalid UTF-8) or a header without a number column;
// IO_ERROR when unreadable.
ORACLE_EXPORT Result<std::vector<Recipient>> ReadRecipientsFile(
    const std::string& path);
// As ReadRecipientsFile, from text.
ORACLE_EXPORT Result<std::vector<Recipient>> ParseRecipients(
    std::string_view text);

// What CreateCampaign needs.
struct NewCampaign {
  CampaignSpec spec;  // name, template, sender, transport, rate, start
  std::vector<Recipient> recipients;
  // Region for numbers written without a country code (e.g. "CI"); empty:
  // such numbers are invalid.
  std::string default_region;
  // Numbers whose type is not one of these are excluded as invalid
  // ("MOBILE", "FIXED_LINE_OR_MOBILE", ...); empty: any valid number.
  std::vector<std::string> number_types;
  // Messages per EnqueueMessages transaction.
  int enqueue_batch = 1000;
};

// A recipient CreateCampaign left out, and why.
struct ExcludedRecipient {
  Recipient recipient;
  std::string reason;  // "invalid", "opted_out", "duplicate", "template"
  std::string detail;  // e.g. the engine's error, the missing field
};

struct CampaignCreated {
  int64_t campaign_id = 0;
  bool resumed = false;  // the campaign existed: enqueueing was completed
  int64_t recipients = 0;   // read
  int64_t enqueued = 0;     // new messages in the outbox
  int64_t already_enqueued = 0;  // there from an earlier, interrupted run
  int64_t invalid = 0;
  int64_t opted_out = 0;
  int64_t duplicates = 0;   // the same E.164 number twice in the input
  int64_t template_errors = 0;
  std::vector<ExcludedRecipient> excluded;  // first max_excluded_listed
};

// Writes a campaign and its messages to the store; nothing is sent. Each
// recipient is segmented with `engine` (invalid numbers are left out and
// counted), checked against the opt-out list, and gets its own text
// (template fields from its row; a missing field leaves that recipient out
// with reason "template"). Idempotent: when a campaign of that name exists
// in state draft or scheduled with the same template and transport, the
// missing messages are added (an interrupted create is completed) and
// `resumed` is set; ALREADY_EXISTS when it exists with another definition
// or has started. INVALID_ARGUMENT for an empty name or template, a
// negative rate, or a template that does not compile.
ORACLE_EXPORT Result<CampaignCreated> CreateCampaign(
    HistoryStore& store, const Engine& engine, const NewCampaign& campaign,
    size_t max_excluded_listed = 100);

// The numbers of a saved segment as recipients: its list of numbers, or
// the rows of its segmented file (CSV with a header naming the columns
// e164 or number, and region, operator, type) that pass its filter.
ORACLE_EXPORT Result<std::vector<Recipient>> RecipientsFromSegment(
    HistoryStore& store, const std::string& segment_name);

struct DispatcherOptions {
  // Owner of the leases; unique per dispatcher. Empty: "HOST:PID:RANDOM".
  std::string worker_id;
  // Messages sent at the same time.
  int concurrency = 4;
  // Lease taken on claimed messages. A send is only started when at least
  // `send_margin` of its lease is left; the rest of a batch is released
  // and claimed again.
  std::chrono::milliseconds lease_duration{60'000};
  std::chrono::milliseconds send_margin{20'000};
  // Messages per second across this dispatcher's threads; 0: the
  // campaign's rate_per_second (0 there too: unlimited).
  double rate_per_second = 0;
  // Messages claimed at a time.
  int batch_size = 100;
  // How long to wait before looking again when nothing can be claimed yet
  // (messages waiting for their retry time, or leased by another worker).
  std::chrono::milliseconds idle_poll{200};
  // Retry-later backoff when the transport gives no hint:
  // min(retry_base * 2^(attempts-1), retry_cap).
  std::chrono::milliseconds retry_base{1'000};
  std::chrono::milliseconds retry_cap{300'000};
  // After this many attempts, a retry-later outcome is recorded as a
  // failure (error code "RETRY_LIMIT").
  int max_attempts = 8;
  // Return when nothing can be sent now instead of waiting for retry
  // times or other workers' leases.
  bool stop_when_idle = false;
  // The clock, in Unix milliseconds; empty: the system clock.
  std::function<int64_t()> clock;

  // OK or INVALID_ARGUMENT naming the bad field.
  Status Validate() const;
};

// What one Run() did.
struct DispatchReport {
  int64_t claimed = 0;
  int64_t sent = 0;         // accepted by the transport
  int64_t rejected = 0;     // failed
  int64_t retry_later = 0;  // queued again
  int64_t unknown = 0;      // outcome unknown: not resent
  int64_t lease_lost = 0;   // MarkSending refused: not sent
  int64_t released = 0;     // given back (lease too short, stop, cancel)
  int64_t recovered_requeued = 0;  // expired claims found, back in queue
  int64_t recovered_unknown = 0;   // expired sends found, now unknown
  // The campaign's state when Run() returned.
  CampaignState final_state = CampaignState::kDraft;
  // Messages per state of the campaign when Run() returned.
  std::vector<CountRow> counts;
  // Why Run() returned: "done", "unknown_pending" (only messages with an
  // unknown outcome are left), "cancelled", "paused", "stopped", "idle".
  std::string reason;
};

// Sends the outbox of a campaign. Make one per process (or per store
// connection); Run() may be called again after it returns.
//
// Thread safety: Run() is called from one thread at a time; Stop() may be
// called from any thread (e.g. a signal-handling thread). Does not own the
// store nor the transport, which must outlive it.
class ORACLE_EXPORT Dispatcher {
 public:
  static Result<std::unique_ptr<Dispatcher>> Make(
      HistoryStore* store, SmsTransport* transport,
      DispatcherOptions options = {});

  // Sends campaign `campaign_id` until one of the reasons in
  // DispatchReport::reason. A draft campaign is started; a scheduled one is
  // started at its time (Run waits, Stop() interrupts). FAILED_PRECONDITION
  // for a done or cancelled campaign, NOT_FOUND for an unknown id; a store
  // error stops the run and is returned (leases then expire and another run
  // takes over).
  Result<DispatchReport> Run(int64_t campaign_id);

  // Asks Run() to return soon: sends in progress are finished and
  // recorded, claimed messages not yet sent are released.
  void Stop();

  const std::string& worker_id() const;

  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  struct Impl;  // private

 private:
  explicit Dispatcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace oracle

#endif  // ORACLE_CAMPAIGN_H_
