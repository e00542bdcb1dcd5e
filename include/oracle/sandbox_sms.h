// SandboxTransport: the embedded default SmsTransport. It sends nothing: it
// checks each message the way a provider would, accepts it locally with a
// fresh id, simulates delivery receipts, and records everything so that
// tests and demos can look at what "was sent". No network.
//
// What it checks (a failed check is kRejected with the error code shown):
//   INVALID_RECIPIENT    `to` is not E.164 ('+', 1 to 15 digits, no
//                        leading 0)
//   INVALID_SENDER       sender_address is set and is not "tel:+<E.164>"
//   INVALID_SENDER_NAME  sender_name is set and is not 1 to 11 letters,
//                        digits or spaces
//   EMPTY_TEXT           the text is empty
//   INVALID_TEXT         the text is not UTF-8
//   MESSAGE_TOO_LONG     the text needs more than `max_segments` parts
//
// Simulations (all off by default; draws come from `seed` and the order in
// which messages arrive, so one thread replays exactly):
//   - send outcomes: a share of messages rejected (SIMULATED_REJECTION),
//     answered retry-later (SIMULATED_RETRY_LATER; not sent), or answered
//     unknown (SIMULATED_UNKNOWN: the message *was* sent and gets receipts,
//     but the caller never learns its id - as when a reply is lost);
//   - receipts: after `receipt_delay` (+ up to `receipt_jitter`), each sent
//     message gets a DeliveredToTerminal receipt, or DeliveryImpossible for
//     a share `undeliverable_ratio`; optionally a DeliveredToNetwork receipt
//     first, duplicates, and the two in reverse order.
//
// Receipts are handed out by PollReceipts() once due, or, when `on_receipt`
// is set, pushed to it at their due time from a thread the sandbox owns.
//
// With `journal_path`, every accepted message and every receipt is also
// appended to that file as one JSON line as it happens (the file is opened
// in append mode and each line written with one write(2)), so that another
// process can count what was sent, e.g. after killing this one:
//   {"event":"sent","id":"sbx-...","to":"+225...","client_ref":"...",
//    "outcome":"ACCEPTED","segments":1,"encoding":"GSM-7","unix_ms":...}
//   {"event":"receipt","id":"sbx-...","status":"DeliveredToTerminal",...}
// A message whose journal line cannot be written is not accepted
// (kRetryLater, JOURNAL_WRITE_FAILED).
//
// Example:
//
//   oracle::SandboxTransportOptions opts;
//   opts.undeliverable_ratio = 0.1;
//   auto sandbox = oracle::SandboxTransport::Make(opts);
//   oracle::SmsMessage m{.to = "+2250707123456", .text = "Bonjour"};
//   oracle::SendResult r = (*sandbox)->Send(m);   // kAccepted, "sbx-..."
//   for (const oracle::DeliveryReceipt& d : (*sandbox)->PollReceipts()) {...}
//
// Thread safety: every method may be called from many threads at once.
// `on_receipt` is called from the sandbox's own thread, one receipt at a
// time, never while a sandbox lock is held (it may call back into the
// sandbox). Destroying the sandbox stops that thread; receipts not yet due
// are dropped.
#ifndef ORACLE_SANDBOX_SMS_H_
#define ORACLE_SANDBOX_SMS_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "oracle/export.h"
#include "oracle/result.h"
#include "oracle/sms.h"
#include "oracle/sms_transport.h"
#include "oracle/status.h"

namespace oracle {

struct SandboxTransportOptions {
  // Ids are "<id_prefix><16 hex digits>", unique across sandboxes and
  // processes (a random instance number, then a counter).
  std::string id_prefix = "sbx-";
  // Parts allowed per message (the SMS concatenation limit is 255).
  int max_segments = 255;

  // Simulated send outcomes: shares in [0, 1] whose sum is at most 1.
  double reject_ratio = 0.0;
  double retry_later_ratio = 0.0;
  double unknown_ratio = 0.0;

  // Receipts.
  bool receipts = true;
  std::chrono::milliseconds receipt_delay{0};
  std::chrono::milliseconds receipt_jitter{0};  // uniform in [0, jitter]
  double undeliverable_ratio = 0.0;  // DeliveryImpossible instead
  bool network_receipts = false;     // DeliveredToNetwork first
  double duplicate_ratio = 0.0;      // a receipt is delivered twice
  double reorder_ratio = 0.0;        // a message's receipts come reversed

  uint64_t seed = 1;

  // Called with each receipt at its due time (see the thread-safety note);
  // empty: receipts wait for PollReceipts().
  std::function<void(const DeliveryReceipt&)> on_receipt;

  // Append-only journal file (created 0600 when missing); empty: none.
  std::string journal_path;
  // fsync the journal after each line (slower; survives power loss).
  bool journal_fsync = false;

  // OK, or INVALID_ARGUMENT naming the bad field.
  Status Validate() const;
};

// One Send() call as the sandbox saw it.
struct SandboxRecord {
  uint64_t sequence = 0;  // 0, 1, 2... in arrival order
  SmsMessage message;
  SendResult result;
  // The message was sent (accepted, or the simulated unknown outcome).
  bool sent = false;
  std::string message_id;  // the provider id, also for a simulated unknown
  SmsEncoding encoding = SmsEncoding::kGsm7;
  int segments = 0;
  int64_t unix_ms = 0;
};

class ORACLE_EXPORT SandboxTransport final : public SmsTransport {
 public:
  static Result<std::unique_ptr<SandboxTransport>> Make(
      const SandboxTransportOptions& options = SandboxTransportOptions());
  ~SandboxTransport() override;

  std::string name() const override { return "sandbox"; }
  SendResult Send(const SmsMessage& message) override;

  // Every Send() so far, in arrival order.
  std::vector<SandboxRecord> records() const;
  // Messages sent so far (accepted + simulated unknown).
  size_t sent_count() const;
  // The receipts that are due and not yet handed out, in due order; they
  // are handed out once. Always empty when `on_receipt` is set.
  std::vector<DeliveryReceipt> PollReceipts();
  // Receipts not yet due (or not yet pushed to `on_receipt`).
  size_t pending_receipts() const;
  // Every receipt handed out so far (polled or pushed), in order.
  std::vector<DeliveryReceipt> delivered_receipts() const;

  const SandboxTransportOptions& options() const;

  SandboxTransport(const SandboxTransport&) = delete;
  SandboxTransport& operator=(const SandboxTransport&) = delete;

  struct Impl;  // private

 private:
  explicit SandboxTransport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace oracle

#endif  // ORACLE_SANDBOX_SMS_H_
