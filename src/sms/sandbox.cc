// SandboxTransport: local acceptance, simulated receipts, inspection and an
// optional append-only journal (include/oracle/sandbox_sms.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/e164_internal.h"
#include "oracle/sandbox_sms.h"

namespace oracle {

namespace {

using SteadyClock = std::chrono::steady_clock;

int64_t UnixMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// A draw in [0, 1) for message `sequence`, stream `stream`: a pure function
// of the seed, so replays do not depend on threads or timing.
double Draw(uint64_t seed, uint64_t sequence, uint64_t stream) {
  const uint64_t x =
      SplitMix64(SplitMix64(seed) ^ SplitMix64(sequence * 16 + stream + 1));
  return static_cast<double>(x >> 11) * 0x1.0p-53;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

using internal::IsE164;

bool IsSenderName(std::string_view s) {
  if (s.empty() || s.size() > 11) return false;
  for (char c : s) {
    if (!IsDigit(c) && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
        c != ' ') {
      return false;
    }
  }
  return true;
}

std::string Hex16(uint64_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = kHex[v & 0xF];
  return out;
}

bool ValidRatio(double r) { return r >= 0.0 && r <= 1.0; }

}  // namespace

Status SandboxTransportOptions::Validate() const {
  const std::pair<const char*, double> ratios[] = {
      {"reject_ratio", reject_ratio},
      {"retry_later_ratio", retry_later_ratio},
      {"unknown_ratio", unknown_ratio},
      {"undeliverable_ratio", undeliverable_ratio},
      {"duplicate_ratio", duplicate_ratio},
      {"reorder_ratio", reorder_ratio}};
  for (const auto& [name, value] : ratios) {
    if (!ValidRatio(value)) {
      return Status::InvalidArgument(std::string("SandboxTransportOptions.") +
                                     name + " must be in [0, 1]");
    }
  }
  if (reject_ratio + retry_later_ratio + unknown_ratio > 1.0) {
    return Status::InvalidArgument(
        "SandboxTransportOptions: reject_ratio + retry_later_ratio + "
        "unknown_ratio must not exceed 1");
  }
  if (max_segments < 1 || max_segments > 255) {
    return Status::InvalidArgument(
        "SandboxTransportOptions.max_segments must be in [1, 255]");
  }
  if (receipt_delay.count() < 0 || receipt_jitter.count() < 0) {
    return Status::InvalidArgument(
        "SandboxTransportOptions: receipt_delay and receipt_jitter must not "
        "be negative");
  }
  return Status::OK();
}

struct SandboxTransport::Impl {
  // A receipt waiting for its due time, ordered by (due, order).
  using PendingKey = std::pair<SteadyClock::time_point, uint64_t>;

  SandboxTransportOptions options;
  uint64_t instance = 0;  // high half of every id
  int journal_fd = -1;

  mutable std::mutex mu;
  std::condition_variable wake;  // the dispatcher's
  uint64_t next_sequence = 0;
  uint64_t next_order = 0;
  std::vector<SandboxRecord> records;
  size_t sent = 0;
  std::map<PendingKey, DeliveryReceipt> pending;
  std::vector<DeliveryReceipt> delivered;
  bool stopping = false;
  std::thread dispatcher;

  ~Impl() {
    if (dispatcher.joinable()) {
      {
        std::lock_guard<std::mutex> lock(mu);
        stopping = true;
      }
      wake.notify_all();
      dispatcher.join();
    }
    if (journal_fd >= 0) ::close(journal_fd);
  }

  // Appends one line to the journal with one write(2). False on failure.
  bool Journal(const nlohmann::json& event) {
    if (journal_fd < 0) return true;
    std::string line = event.dump(-1, ' ', false,
                                  nlohmann::json::error_handler_t::replace);
    line.push_back('\n');
    size_t done = 0;
    while (done < line.size()) {
      const ssize_t n = ::write(journal_fd, line.data() + done,
                                line.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    if (options.journal_fsync && ::fsync(journal_fd) != 0) return false;
    return true;
  }

  // Moves the receipts due at `now` out of `pending` (lock held), stamps
  // them and records them as delivered.
  std::vector<DeliveryReceipt> TakeDue(SteadyClock::time_point now) {
    std::vector<DeliveryReceipt> due;
    const int64_t stamp = UnixMillisNow();
    while (!pending.empty() && pending.begin()->first.first <= now) {
      DeliveryReceipt r = std::move(pending.begin()->second);
      pending.erase(pending.begin());
      r.received_at_unix_ms = stamp;
      delivered.push_back(r);
      due.push_back(std::move(r));
    }
    return due;
  }

  void JournalReceipts(const std::vector<DeliveryReceipt>& receipts) {
    for (const DeliveryReceipt& r : receipts) {
      Journal({{"event", "receipt"},
               {"id", r.provider_message_id},
               {"address", r.address},
               {"status", r.raw_status},
               {"unix_ms", r.received_at_unix_ms}});
    }
  }

  void Dispatch() {
    std::unique_lock<std::mutex> lock(mu);
    while (!stopping) {
      if (pending.empty()) {
        wake.wait(lock);
        continue;
      }
      const SteadyClock::time_point next = pending.begin()->first.first;
      if (SteadyClock::now() < next) {
        wake.wait_until(lock, next);
        continue;
      }
      std::vector<DeliveryReceipt> due = TakeDue(SteadyClock::now());
      lock.unlock();
      JournalReceipts(due);
      for (const DeliveryReceipt& r : due) options.on_receipt(r);
      lock.lock();
    }
  }

  // Schedules the receipts of a sent message (lock held).
  void ScheduleReceipts(uint64_t seq, const std::string& id,
                        const std::string& to) {
    const auto& o = options;
    const SteadyClock::time_point now = SteadyClock::now();
    const auto jitter = std::chrono::duration_cast<std::chrono::microseconds>(
        o.receipt_jitter * Draw(o.seed, seq, 2));
    const SteadyClock::time_point final_due = now + o.receipt_delay + jitter;
    const DeliveryStatus final_status =
        Draw(o.seed, seq, 3) < o.undeliverable_ratio
            ? DeliveryStatus::kDeliveryImpossible
            : DeliveryStatus::kDeliveredToTerminal;
    std::vector<std::pair<SteadyClock::time_point, DeliveryStatus>> receipts;
    if (o.network_receipts) {
      receipts.emplace_back(now + (final_due - now) / 2,
                            DeliveryStatus::kDeliveredToNetwork);
    }
    receipts.emplace_back(final_due, final_status);
    if (receipts.size() == 2 && Draw(o.seed, seq, 4) < o.reorder_ratio) {
      std::swap(receipts[0].second, receipts[1].second);
    }
    for (size_t k = 0; k < receipts.size(); ++k) {
      const int copies = Draw(o.seed, seq, 5 + k) < o.duplicate_ratio ? 2 : 1;
      for (int c = 0; c < copies; ++c) {
        DeliveryReceipt r;
        r.provider_message_id = id;
        r.address = "tel:" + to;
        r.status = receipts[k].second;
        r.raw_status = std::string(DeliveryStatusName(r.status));
        pending.emplace(PendingKey{receipts[k].first, next_order++},
                        std::move(r));
      }
    }
  }
};

SandboxTransport::SandboxTransport(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

SandboxTransport::~SandboxTransport() = default;

Result<std::unique_ptr<SandboxTransport>> SandboxTransport::Make(
    const SandboxTransportOptions& options) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  std::random_device rd;
  impl->instance = SplitMix64((static_cast<uint64_t>(rd()) << 32) ^ rd() ^
                              static_cast<uint64_t>(::getpid()) ^
                              static_cast<uint64_t>(UnixMillisNow())) &
                   0xFFFFFFFFULL;
  if (!options.journal_path.empty()) {
    impl->journal_fd =
        ::open(options.journal_path.c_str(),
               O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (impl->journal_fd < 0) {
      return Status::IoError("cannot open the sandbox journal '" +
                             options.journal_path + "': " +
                             std::strerror(errno));
    }
  }
  if (options.on_receipt) {
    Impl* raw = impl.get();
    impl->dispatcher = std::thread([raw] { raw->Dispatch(); });
  }
  return std::unique_ptr<SandboxTransport>(
      new SandboxTransport(std::move(impl)));
}

SendResult SandboxTransport::Send(const SmsMessage& message) {
  Impl& s = *impl_;
  const SandboxTransportOptions& o = s.options;
  SendResult result;
  result.client_ref = message.client_ref;
  result.attempts = 1;
  const auto reject = [&result](const char* code, std::string text) {
    result.outcome = SendOutcome::kRejected;
    result.error_code = code;
    result.error_message = std::move(text);
  };

  // Checks that need no lock.
  SmsAnalysis analysis;
  if (!IsE164(message.to)) {
    reject("INVALID_RECIPIENT",
           "the recipient is not an E.164 number ('+' and 1 to 15 digits)");
  } else if (!message.sender_address.empty() &&
             !(message.sender_address.starts_with("tel:") &&
               IsE164(std::string_view(message.sender_address).substr(4)))) {
    reject("INVALID_SENDER", "the sender address is not 'tel:+<digits>'");
  } else if (!message.sender_name.empty() &&
             !IsSenderName(message.sender_name)) {
    reject("INVALID_SENDER_NAME",
           "the sender name must be 1 to 11 letters, digits or spaces");
  } else if (message.text.empty()) {
    reject("EMPTY_TEXT", "the message text is empty");
  } else if (Result<SmsAnalysis> a = AnalyzeSms(message.text); !a.ok()) {
    reject("INVALID_TEXT", a.status().message());
  } else if (a->segments > o.max_segments) {
    reject("MESSAGE_TOO_LONG", "the message needs " +
                                   std::to_string(a->segments) +
                                   " parts; at most " +
                                   std::to_string(o.max_segments) +
                                   " are allowed");
  } else {
    analysis = std::move(*a);
  }

  std::lock_guard<std::mutex> lock(s.mu);
  SandboxRecord record;
  record.sequence = s.next_sequence++;
  record.message = message;
  record.encoding = analysis.encoding;
  record.segments = analysis.segments;
  record.unix_ms = UnixMillisNow();
  const uint64_t seq = record.sequence;

  if (result.error_code.empty()) {
    const double u = Draw(o.seed, seq, 1);
    if (u < o.reject_ratio) {
      reject("SIMULATED_REJECTION", "rejected by the sandbox's simulation");
    } else if (u < o.reject_ratio + o.retry_later_ratio) {
      result.outcome = SendOutcome::kRetryLater;
      result.error_code = "SIMULATED_RETRY_LATER";
      result.error_message = "retry later (the sandbox's simulation)";
      result.retry_after = std::chrono::milliseconds(1000);
    } else {
      record.sent = true;
      record.message_id = o.id_prefix + Hex16((s.instance << 32) | seq);
      if (u < o.reject_ratio + o.retry_later_ratio + o.unknown_ratio) {
        result.outcome = SendOutcome::kUnknown;
        result.error_code = "SIMULATED_UNKNOWN";
        result.error_message =
            "outcome unknown (the sandbox's simulation: the message was "
            "sent, its id is lost)";
      } else {
        result.outcome = SendOutcome::kAccepted;
        result.provider_message_id = record.message_id;
      }
      if (!s.Journal({{"event", "sent"},
                      {"id", record.message_id},
                      {"to", message.to},
                      {"text", message.text},
                      {"client_ref", message.client_ref},
                      {"outcome", std::string(SendOutcomeName(result.outcome))},
                      {"segments", analysis.segments},
                      {"encoding", std::string(SmsEncodingName(analysis.encoding))},
                      {"unix_ms", record.unix_ms}})) {
        record.sent = false;
        record.message_id.clear();
        result = SendResult();
        result.client_ref = message.client_ref;
        result.attempts = 1;
        result.outcome = SendOutcome::kRetryLater;
        result.error_code = "JOURNAL_WRITE_FAILED";
        result.error_message = std::string("cannot write the sandbox journal: ") +
                               std::strerror(errno);
      }
    }
  }
  if (record.sent) {
    ++s.sent;
    if (o.receipts) {
      s.ScheduleReceipts(seq, record.message_id, message.to);
      if (o.on_receipt) s.wake.notify_all();
    }
  }
  record.result = result;
  s.records.push_back(std::move(record));
  return result;
}

std::vector<SandboxRecord> SandboxTransport::records() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->records;
}

size_t SandboxTransport::sent_count() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->sent;
}

std::vector<DeliveryReceipt> SandboxTransport::PollReceipts() {
  if (impl_->options.on_receipt) return {};
  std::vector<DeliveryReceipt> due;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    due = impl_->TakeDue(SteadyClock::now());
  }
  impl_->JournalReceipts(due);
  return due;
}

size_t SandboxTransport::pending_receipts() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->pending.size();
}

std::vector<DeliveryReceipt> SandboxTransport::delivered_receipts() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->delivered;
}

const SandboxTransportOptions& SandboxTransport::options() const {
  return impl_->options;
}

}  // namespace oracle
