// The campaign dispatcher: claims messages under leases, sends them through
// a transport within a rate limit, records every outcome (see campaign.h).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "history/campaign_internal.h"
#include "oracle/campaign.h"
#include "oracle/history.h"
#include "oracle/sms_transport.h"

namespace oracle {

Status DispatcherOptions::Validate() const {
  if (concurrency < 1 || concurrency > 1024) {
    return Status::InvalidArgument("concurrency must be between 1 and 1024");
  }
  if (lease_duration.count() <= 0) {
    return Status::InvalidArgument("lease_duration must be positive");
  }
  if (send_margin.count() < 0 || send_margin >= lease_duration) {
    return Status::InvalidArgument(
        "send_margin must be at least 0 and shorter than lease_duration");
  }
  if (!(rate_per_second >= 0)) {
    return Status::InvalidArgument("rate_per_second must be 0 or more");
  }
  if (batch_size < 1 || batch_size > 10000) {
    return Status::InvalidArgument("batch_size must be between 1 and 10000");
  }
  if (idle_poll.count() <= 0) {
    return Status::InvalidArgument("idle_poll must be positive");
  }
  if (retry_base.count() <= 0 || retry_cap < retry_base) {
    return Status::InvalidArgument(
        "retry_base must be positive and retry_cap at least retry_base");
  }
  if (max_attempts < 1) {
    return Status::InvalidArgument("max_attempts must be at least 1");
  }
  return Status::OK();
}

namespace {

std::string DefaultWorkerId() {
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  std::random_device rd;
  const uint32_t nonce = rd();
  char suffix[16];
  std::snprintf(suffix, sizeof(suffix), "%08x", nonce);
  return std::string(host[0] ? host : "host") + ":" +
         std::to_string(static_cast<long>(getpid())) + ":" + suffix;
}

}  // namespace

struct Dispatcher::Impl {
  HistoryStore* store;
  SmsTransport* transport;
  DispatcherOptions options;

  std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;  // guarded by mu
  std::atomic<bool> stopping{false};

  // Rate limiter: the earliest time (steady clock) of the next send.
  std::mutex rate_mu;
  std::chrono::steady_clock::time_point next_send{};

  int64_t Now() const { return options.clock(); }

  // Sleeps for `d` or until Stop(); false when stopped.
  bool SleepFor(std::chrono::milliseconds d) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_for(lock, d, [&] { return stop_requested; });
    return !stop_requested;
  }

  // Waits for the next send slot; false when stopped meanwhile.
  bool AwaitRateSlot(double rate) {
    if (rate <= 0) return !stopping.load();
    const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(1.0 / rate));
    std::chrono::steady_clock::time_point slot;
    {
      std::lock_guard<std::mutex> lock(rate_mu);
      const auto now = std::chrono::steady_clock::now();
      // No credit builds up while idle beyond one interval.
      slot = std::max(next_send, now);
      next_send = slot + interval;
    }
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_until(lock, slot, [&] { return stop_requested; });
    return !stop_requested;
  }

  SendResult Adjust(SendResult r, int attempts) const {
    if (r.outcome != SendOutcome::kRetryLater) return r;
    if (attempts >= options.max_attempts) {
      r.outcome = SendOutcome::kRejected;
      r.error_message = "retry-later " + std::to_string(attempts) +
                        " times (" + r.error_code + ": " + r.error_message + ")";
      r.error_code = "RETRY_LIMIT";
      return r;
    }
    if (r.retry_after.count() <= 0) {
      const int shift = std::min(attempts - 1, 30);
      const int64_t base = options.retry_base.count();
      const int64_t cap = options.retry_cap.count();
      const int64_t delay =
          base > (cap >> shift) ? cap : std::min(cap, base << shift);
      r.retry_after = std::chrono::milliseconds(delay);
    }
    return r;
  }

  struct BatchTally {
    std::atomic<int64_t> sent{0}, rejected{0}, retry_later{0}, unknown{0},
        lease_lost{0}, skipped{0};
    std::mutex error_mu;
    Status error;
    void Fail(Status s) {
      std::lock_guard<std::mutex> lock(error_mu);
      if (error.ok()) error = std::move(s);
    }
    bool failed() {
      std::lock_guard<std::mutex> lock(error_mu);
      return !error.ok();
    }
  };

  void SendOne(const MessageRecord& m, double rate, BatchTally* tally) {
    const std::string& worker = options.worker_id;
    if (stopping.load() || tally->failed()) {
      ++tally->skipped;
      return;
    }
    if (!AwaitRateSlot(rate)) {
      ++tally->skipped;
      return;
    }
    // Never start a send that could outlive its lease.
    if (m.lease_expires_unix_ms - Now() < options.send_margin.count()) {
      ++tally->skipped;
      return;
    }
    Status marked = store->MarkSending(m.id, worker, Now());
    if (!marked.ok()) {
      if (marked.code() == StatusCode::kFailedPrecondition) {
        ++tally->lease_lost;  // taken over or cancelled: not ours to send
      } else {
        tally->Fail(std::move(marked));
      }
      return;
    }
    SmsMessage sms;
    sms.to = m.recipient;
    sms.text = m.text;
    sms.sender_address = m.sender_address;
    sms.sender_name = m.sender_name;
    sms.client_ref = std::to_string(m.id);
    SendResult result = Adjust(transport->Send(sms), m.attempts + 1);
    switch (result.outcome) {
      case SendOutcome::kAccepted: ++tally->sent; break;
      case SendOutcome::kRejected: ++tally->rejected; break;
      case SendOutcome::kRetryLater: ++tally->retry_later; break;
      case SendOutcome::kUnknown: ++tally->unknown; break;
    }
    Status recorded = store->RecordSendResult(m.id, worker, result, Now());
    // If recording failed the message stays in `sending`; once its lease
    // expires it becomes unknown: never resent.
    if (!recorded.ok()) tally->Fail(std::move(recorded));
  }

  Status SendBatch(const std::vector<MessageRecord>& batch, double rate,
                   DispatchReport* report) {
    BatchTally tally;
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < batch.size(); i = next++) {
        SendOne(batch[i], rate, &tally);
      }
    };
    const int threads = std::min<int>(options.concurrency,
                                      static_cast<int>(batch.size()));
    if (threads <= 1) {
      work();
    } else {
      std::vector<std::thread> pool;
      pool.reserve(static_cast<size_t>(threads));
      for (int t = 0; t < threads; ++t) pool.emplace_back(work);
      for (std::thread& t : pool) t.join();
    }
    report->sent += tally.sent;
    report->rejected += tally.rejected;
    report->retry_later += tally.retry_later;
    report->unknown += tally.unknown;
    report->lease_lost += tally.lease_lost;
    if (tally.skipped > 0) {
      // Give the rest back: another claim renews their lease.
      Result<int64_t> released = store->ReleaseClaims(options.worker_id, Now());
      if (released.ok()) {
        report->released += *released;
      } else {
        tally.Fail(released.status());
      }
    }
    return tally.error;
  }

  Status Recover(DispatchReport* report) {
    ORACLE_ASSIGN_OR_RAISE(RecoverStats stats, store->RecoverExpired(Now()));
    report->recovered_requeued += stats.requeued;
    report->recovered_unknown += stats.made_unknown;
    return Status::OK();
  }

  Status Finish(int64_t campaign_id, DispatchReport* report) {
    HistoryQuery q;
    q.campaign_id = campaign_id;
    ORACLE_ASSIGN_OR_RAISE(report->counts,
                           store->CountMessages(q, CountBy::kState));
    ORACLE_ASSIGN_OR_RAISE(CampaignRecord c, store->GetCampaign(campaign_id));
    report->final_state = c.state;
    return Status::OK();
  }

  Result<DispatchReport> Run(int64_t campaign_id) {
    DispatchReport report;
    ORACLE_ASSIGN_OR_RAISE(CampaignRecord campaign,
                           store->GetCampaign(campaign_id));
    if (campaign.state == CampaignState::kDone ||
        campaign.state == CampaignState::kCancelled) {
      return Status::FailedPrecondition(
          "campaign '" + campaign.spec.name + "' is " +
          std::string(CampaignStateName(campaign.state)));
    }
    // Scheduled start.
    while (campaign.state == CampaignState::kScheduled &&
           campaign.spec.scheduled_start_unix_ms > Now()) {
      const int64_t wait = campaign.spec.scheduled_start_unix_ms - Now();
      if (options.stop_when_idle) {
        report.reason = "idle";
        ORACLE_RETURN_NOT_OK(Finish(campaign_id, &report));
        return report;
      }
      if (!SleepFor(std::chrono::milliseconds(
              std::min<int64_t>(wait, options.idle_poll.count() * 5)))) {
        report.reason = "stopped";
        ORACLE_RETURN_NOT_OK(Finish(campaign_id, &report));
        return report;
      }
      ORACLE_ASSIGN_OR_RAISE(campaign, store->GetCampaign(campaign_id));
    }
    if (campaign.state != CampaignState::kRunning &&
        campaign.state != CampaignState::kCancelled &&
        campaign.state != CampaignState::kDone) {
      ORACLE_RETURN_NOT_OK(store->SetCampaignState(
          campaign_id, CampaignState::kRunning, Now()));
    }
    const double rate = options.rate_per_second > 0
                            ? options.rate_per_second
                            : campaign.spec.rate_per_second;
    // Claim no more than can be sent while the lease leaves the margin.
    int limit = options.batch_size;
    if (rate > 0) {
      const double usable_s =
          (options.lease_duration - options.send_margin).count() / 1000.0;
      limit = std::max(1, std::min(limit, static_cast<int>(rate * usable_s)));
    }
    ORACLE_RETURN_NOT_OK(Recover(&report));
    while (true) {
      if (stopping.load()) {
        report.reason = "stopped";
        break;
      }
      ORACLE_ASSIGN_OR_RAISE(campaign, store->GetCampaign(campaign_id));
      if (campaign.state == CampaignState::kCancelled ||
          campaign.state == CampaignState::kPaused) {
        report.reason = std::string(CampaignStateName(campaign.state));
        break;
      }
      ClaimRequest claim;
      claim.campaign_id = campaign_id;
      claim.worker_id = options.worker_id;
      claim.limit = limit;
      claim.lease = options.lease_duration;
      claim.now_unix_ms = Now();
      ORACLE_ASSIGN_OR_RAISE(std::vector<MessageRecord> batch,
                             store->ClaimMessages(claim));
      if (!batch.empty()) {
        report.claimed += static_cast<int64_t>(batch.size());
        ORACLE_RETURN_NOT_OK(SendBatch(batch, rate, &report));
        continue;
      }
      // Nothing to claim now: expired leases of others, or done?
      ORACLE_RETURN_NOT_OK(Recover(&report));
      HistoryQuery q;
      q.campaign_id = campaign_id;
      ORACLE_ASSIGN_OR_RAISE(std::vector<CountRow> counts,
                             store->CountMessages(q, CountBy::kState));
      int64_t pending = 0, unknown = 0;
      for (const CountRow& row : counts) {
        if (row.key == MessageStateName(MessageState::kQueued) ||
            row.key == MessageStateName(MessageState::kClaimed) ||
            row.key == MessageStateName(MessageState::kSending)) {
          pending += row.count;
        } else if (row.key == MessageStateName(MessageState::kUnknown)) {
          unknown += row.count;
        }
      }
      if (pending == 0) {
        if (unknown == 0) {
          Status done =
              store->SetCampaignState(campaign_id, CampaignState::kDone, Now());
          // Another dispatcher may have finished it first, or it was
          // cancelled or paused since the check at the top of the loop
          // (then nothing was left to claim): report what it is now.
          if (!done.ok() && done.code() != StatusCode::kFailedPrecondition) {
            return done;
          }
          report.reason = "done";
          if (!done.ok()) {
            ORACLE_ASSIGN_OR_RAISE(campaign, store->GetCampaign(campaign_id));
            if (campaign.state != CampaignState::kDone) {
              report.reason = std::string(CampaignStateName(campaign.state));
            }
          }
        } else {
          report.reason = "unknown_pending";
        }
        break;
      }
      if (options.stop_when_idle) {
        report.reason = "idle";
        break;
      }
      if (!SleepFor(options.idle_poll)) {
        report.reason = "stopped";
        break;
      }
    }
    ORACLE_RETURN_NOT_OK(Finish(campaign_id, &report));
    return report;
  }
};

Result<std::unique_ptr<Dispatcher>> Dispatcher::Make(HistoryStore* store,
                                                     SmsTransport* transport,
                                                     DispatcherOptions options) {
  if (store == nullptr) return Status::InvalidArgument("no history store");
  if (transport == nullptr) return Status::InvalidArgument("no transport");
  ORACLE_RETURN_NOT_OK(options.Validate());
  if (options.worker_id.empty()) options.worker_id = DefaultWorkerId();
  if (!options.clock) options.clock = &internal::SystemNowUnixMs;
  auto impl = std::make_unique<Impl>();
  impl->store = store;
  impl->transport = transport;
  impl->options = std::move(options);
  return std::unique_ptr<Dispatcher>(new Dispatcher(std::move(impl)));
}

Dispatcher::Dispatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Dispatcher::~Dispatcher() = default;

Result<DispatchReport> Dispatcher::Run(int64_t campaign_id) {
  Result<DispatchReport> report = impl_->Run(campaign_id);
  // A Stop() ends one Run(); the next one starts afresh.
  impl_->stopping = false;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stop_requested = false;
  }
  return report;
}

void Dispatcher::Stop() {
  impl_->stopping = true;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stop_requested = true;
  }
  impl_->cv.notify_all();
}

const std::string& Dispatcher::worker_id() const {
  return impl_->options.worker_id;
}

}  // namespace oracle
