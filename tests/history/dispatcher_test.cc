// Campaign creation and the dispatcher, against both store backends:
// SQLite (a temporary file) and PostgreSQL (ORACLE_TEST_POSTGRES_URL, set
// by scripts/with-postgres.sh).
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "history/test_transports.h"
#include "oracle/campaign.h"
#include "oracle/engine.h"
#include "oracle/history.h"
#include "test_util.h"

namespace oracle {
namespace {

using testing::RecordingTransport;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const char* PostgresUrl() { return std::getenv("ORACLE_TEST_POSTGRES_URL"); }

// A name no other test run uses (PostgreSQL databases are shared by the
// tests of one run).
std::string UniqueName(const std::string& base) {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return base + "-" + std::to_string(getpid()) + "-" +
         std::to_string(counter++) + "-" + std::to_string(rd() % 100000);
}

// Valid Côte d'Ivoire mobile numbers +22507XXXXXXXX from a random base, so
// that tests sharing a PostgreSQL database do not share recipients.
std::vector<std::string> Numbers(int n) {
  std::random_device rd;
  const int64_t base = 10000000 + static_cast<int64_t>(rd() % 80000000);
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    out.push_back("+22507" + std::to_string(base + i));
  }
  return out;
}

std::vector<Recipient> AsRecipients(const std::vector<std::string>& numbers) {
  std::vector<Recipient> out;
  for (const std::string& n : numbers) out.push_back({n, {}, 0});
  return out;
}

int64_t CountIn(const std::vector<CountRow>& counts, MessageState state) {
  for (const CountRow& row : counts) {
    if (row.key == MessageStateName(state)) return row.count;
  }
  return 0;
}

class DispatcherTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() /
             UniqueName("oracle-dispatcher-test");
      std::filesystem::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "history.db").string();
    } else {
      const char* url = PostgresUrl();
      ASSERT_NE(url, nullptr) << "ORACLE_TEST_POSTGRES_URL is not set";
      url_ = url;
    }
    ASSERT_OK_AND_ASSIGN(store_, OpenHistoryStore(url_));
    ASSERT_OK_AND_ASSIGN(engine_, Engine::Make());
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  Result<CampaignCreated> Create(const std::vector<std::string>& numbers,
                                 const std::string& text = "Bonjour",
                                 int64_t start_ms = 0, double rate = 0) {
    NewCampaign c;
    c.spec.name = UniqueName("campaign");
    c.spec.template_text = text;
    c.spec.transport = "recording";
    c.spec.sender_address = "tel:+2250000";
    c.spec.rate_per_second = rate;
    c.spec.scheduled_start_unix_ms = start_ms;
    c.recipients = AsRecipients(numbers);
    c.default_region = "CI";
    return CreateCampaign(*store_, *engine_, c);
  }

  DispatcherOptions FastOptions() {
    DispatcherOptions o;
    o.concurrency = 4;
    o.lease_duration = std::chrono::milliseconds(30'000);
    o.send_margin = std::chrono::milliseconds(5'000);
    o.batch_size = 50;
    o.idle_poll = std::chrono::milliseconds(20);
    o.retry_base = std::chrono::milliseconds(50);
    o.retry_cap = std::chrono::milliseconds(400);
    return o;
  }

  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<HistoryStore> store_;
  std::optional<Engine> engine_;
};

TEST_P(DispatcherTest, SendsEveryMessageExactlyOnce) {
  const std::vector<std::string> numbers = Numbers(300);
  ASSERT_OK_AND_ASSIGN(CampaignCreated created, Create(numbers));
  EXPECT_EQ(created.enqueued, 300);
  RecordingTransport transport;
  ASSERT_OK_AND_ASSIGN(auto dispatcher,
                       Dispatcher::Make(store_.get(), &transport, FastOptions()));
  ASSERT_OK_AND_ASSIGN(DispatchReport report, dispatcher->Run(created.campaign_id));
  EXPECT_EQ(report.reason, "done");
  EXPECT_EQ(report.sent, 300);
  EXPECT_EQ(report.final_state, CampaignState::kDone);
  EXPECT_EQ(CountIn(report.counts, MessageState::kSent), 300);
  const auto per = transport.per_recipient();
  ASSERT_EQ(per.size(), 300u);
  for (const std::string& n : numbers) EXPECT_EQ(per.at(n), 1) << n;
  // Every message carries the campaign's text and sender, and its own id.
  std::set<std::string> refs;
  for (const auto& s : transport.sends()) {
    EXPECT_EQ(s.message.text, "Bonjour");
    EXPECT_EQ(s.message.sender_address, "tel:+2250000");
    refs.insert(s.message.client_ref);
  }
  EXPECT_EQ(refs.size(), 300u);
  // A done campaign is not run again.
  EXPECT_EQ(dispatcher->Run(created.campaign_id).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_P(DispatcherTest, CreateValidatesNormalisesAndIsIdempotent) {
  std::vector<std::string> numbers = Numbers(5);
  std::vector<Recipient> recipients = AsRecipients(numbers);
  // National format, normalised with the default region.
  recipients.push_back({"07 07 12 34 56", {}, 0});
  recipients.push_back({"+2250707123456", {}, 0});  // the same number again
  recipients.push_back({"not a number", {}, 0});
  recipients.push_back({"+225 12", {}, 0});  // too short: invalid
  NewCampaign c;
  c.spec.name = UniqueName("idempotent");
  c.spec.template_text = "Promo";
  c.spec.transport = "recording";
  c.recipients = recipients;
  c.default_region = "CI";
  ASSERT_OK_AND_ASSIGN(CampaignCreated first, CreateCampaign(*store_, *engine_, c));
  EXPECT_FALSE(first.resumed);
  EXPECT_EQ(first.recipients, 9);
  EXPECT_EQ(first.enqueued, 6);
  EXPECT_EQ(first.duplicates, 1);
  EXPECT_EQ(first.invalid, 2);
  ASSERT_EQ(first.excluded.size(), 3u);
  // Run again (as after an interrupted create): nothing enqueued twice.
  ASSERT_OK_AND_ASSIGN(CampaignCreated again, CreateCampaign(*store_, *engine_, c));
  EXPECT_TRUE(again.resumed);
  EXPECT_EQ(again.campaign_id, first.campaign_id);
  EXPECT_EQ(again.enqueued, 0);
  EXPECT_EQ(again.already_enqueued, 6);
  // Another definition under the same name is refused.
  c.spec.template_text = "Autre chose";
  EXPECT_EQ(CreateCampaign(*store_, *engine_, c).status().code(),
            StatusCode::kAlreadyExists);
  // Stored in E.164.
  HistoryQuery q;
  q.campaign_id = first.campaign_id;
  q.limit = 100;
  ASSERT_OK_AND_ASSIGN(Page<MessageRecord> page, store_->QueryMessages(q));
  std::set<std::string> stored;
  for (const MessageRecord& m : page.items) stored.insert(m.recipient);
  EXPECT_EQ(stored.count("+2250707123456"), 1u);
  EXPECT_EQ(stored.size(), 6u);
}

TEST_P(DispatcherTest, RendersTheTemplatePerRecipient) {
  const std::vector<std::string> numbers = Numbers(3);
  NewCampaign c;
  c.spec.name = UniqueName("template");
  c.spec.template_text = "Bonjour {name}, votre numéro {number} {{VIP}}";
  c.spec.transport = "recording";
  c.recipients = {{numbers[0], {{"name", "Awa"}}, 2},
                  {numbers[1], {{"name", "Koffi"}}, 3},
                  {numbers[2], {{"prenom", "Yao"}}, 4}};  // no {name}
  ASSERT_OK_AND_ASSIGN(CampaignCreated created, CreateCampaign(*store_, *engine_, c));
  EXPECT_EQ(created.enqueued, 2);
  EXPECT_EQ(created.template_errors, 1);
  ASSERT_EQ(created.excluded.size(), 1u);
  EXPECT_EQ(created.excluded[0].reason, "template");
  EXPECT_EQ(created.excluded[0].recipient.line, 4);
  EXPECT_NE(created.excluded[0].detail.find("name"), std::string::npos);
  RecordingTransport transport;
  ASSERT_OK_AND_ASSIGN(auto d,
                       Dispatcher::Make(store_.get(), &transport, FastOptions()));
  ASSERT_OK_AND_ASSIGN(DispatchReport report, d->Run(created.campaign_id));
  EXPECT_EQ(report.reason, "done");
  std::map<std::string, std::string> texts;
  for (const auto& s : transport.sends()) texts[s.message.to] = s.message.text;
  EXPECT_EQ(texts.at(numbers[0]),
            "Bonjour Awa, votre numéro " + numbers[0] + " {VIP}");
  EXPECT_EQ(texts.at(numbers[1]),
            "Bonjour Koffi, votre numéro " + numbers[1] + " {VIP}");
  HistoryQuery q;
  q.campaign_id = created.campaign_id;
  ASSERT_OK_AND_ASSIGN(Page<MessageRecord> page, store_->QueryMessages(q));
  ASSERT_EQ(page.items.size(), 2u);
  for (const MessageRecord& m : page.items) {
    EXPECT_EQ(m.encoding, "GSM-7");  // é is in the GSM 03.38 basic table
    EXPECT_EQ(m.segments, 1);
  }
  // A template that does not compile is refused before anything is written.
  c.spec.name = UniqueName("broken");
  c.spec.template_text = "Bonjour {name";
  EXPECT_EQ(CreateCampaign(*store_, *engine_, c).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->FindCampaign(c.spec.name).status().code(),
            StatusCode::kNotFound);
}

TEST_P(DispatcherTest, RecipientsFromASavedSegment) {
  const std::vector<std::string> numbers = Numbers(3);
  SavedSegment list;
  list.name = UniqueName("vip");
  list.numbers = numbers;
  ASSERT_OK(store_->SaveSegment(list, NowMs()));
  ASSERT_OK_AND_ASSIGN(std::vector<Recipient> r,
                       RecipientsFromSegment(*store_, list.name));
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1].number, numbers[1]);
  // A filter over a segmented file (as `oracle segment --format csv` writes).
  std::filesystem::path file =
      std::filesystem::temp_directory_path() / (UniqueName("segmented") + ".csv");
  {
    std::ofstream out(file);
    out << "input,valid,e164,region,type,operator\n"
        << "a,true,+2250707123456,CI,MOBILE,Orange\n"
        << "b,true,+2250505050505,CI,MOBILE,MTN\n"
        << "c,true,+33612345678,FR,MOBILE,\"Orange, France\"\n"
        << "d,false,,,,\n";
  }
  SavedSegment filtered;
  filtered.name = UniqueName("orange-ci");
  filtered.filter.source_path = file.string();
  filtered.filter.regions = {"CI"};
  filtered.filter.operators = {"orange"};
  ASSERT_OK(store_->SaveSegment(filtered, NowMs()));
  ASSERT_OK_AND_ASSIGN(r, RecipientsFromSegment(*store_, filtered.name));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].number, "+2250707123456");
  EXPECT_EQ(r[0].line, 2);
  std::filesystem::remove(file);
  EXPECT_EQ(RecipientsFromSegment(*store_, filtered.name).status().code(),
            StatusCode::kIoError);
  EXPECT_EQ(RecipientsFromSegment(*store_, UniqueName("none")).status().code(),
            StatusCode::kNotFound);
}

TEST_P(DispatcherTest, RejectsBadCampaignDefinitions) {
  NewCampaign c;
  c.spec.template_text = "x";
  EXPECT_EQ(CreateCampaign(*store_, *engine_, c).status().code(),
            StatusCode::kInvalidArgument);  // no name
  c.spec.name = UniqueName("bad");
  c.spec.template_text = "";
  EXPECT_EQ(CreateCampaign(*store_, *engine_, c).status().code(),
            StatusCode::kInvalidArgument);  // no text
  c.spec.template_text = "x";
  c.spec.rate_per_second = -1;
  EXPECT_EQ(CreateCampaign(*store_, *engine_, c).status().code(),
            StatusCode::kInvalidArgument);
  DispatcherOptions o;
  o.concurrency = 0;
  RecordingTransport transport;
  EXPECT_EQ(Dispatcher::Make(store_.get(), &transport, o).status().code(),
            StatusCode::kInvalidArgument);
  o = DispatcherOptions();
  o.send_margin = o.lease_duration;
  EXPECT_EQ(Dispatcher::Make(store_.get(), &transport, o).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Dispatcher::Make(nullptr, &transport, {}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_P(DispatcherTest, OptedOutRecipientsAreNeverSent) {
  const std::vector<std::string> numbers = Numbers(10);
  // Opted out before the campaign is created: left out and counted.
  ASSERT_OK(store_->AddOptOut(numbers[0], "STOP", NowMs()));
  ASSERT_OK_AND_ASSIGN(CampaignCreated created, Create(numbers));
  EXPECT_EQ(created.opted_out, 1);
  EXPECT_EQ(created.enqueued, 9);
  // Opted out after it was created, before it is sent: checked at claim.
  ASSERT_OK(store_->AddOptOut(numbers[1], "STOP", NowMs()));
  RecordingTransport transport;
  ASSERT_OK_AND_ASSIGN(auto dispatcher,
                       Dispatcher::Make(store_.get(), &transport, FastOptions()));
  ASSERT_OK_AND_ASSIGN(DispatchReport report, dispatcher->Run(created.campaign_id));
  EXPECT_EQ(report.reason, "done");
  const auto per = transport.per_recipient();
  EXPECT_EQ(per.count(numbers[0]), 0u);
  EXPECT_EQ(per.count(numbers[1]), 0u);
  EXPECT_EQ(per.size(), 8u);
  EXPECT_EQ(CountIn(report.counts, MessageState::kOptedOut), 1);
  EXPECT_EQ(CountIn(report.counts, MessageState::kSent), 8);
  ASSERT_OK(store_->RemoveOptOut(numbers[0]));
  ASSERT_OK(store_->RemoveOptOut(numbers[1]));
}

TEST_P(DispatcherTest, WaitsForTheScheduledStart) {
  const std::vector<std::string> numbers = Numbers(20);
  const int64_t start = NowMs() + 700;
  ASSERT_OK_AND_ASSIGN(CampaignCreated created, Create(numbers, "Bonjour", start));
  ASSERT_OK_AND_ASSIGN(CampaignRecord c, store_->GetCampaign(created.campaign_id));
  EXPECT_EQ(c.state, CampaignState::kScheduled);
  RecordingTransport transport;
  DispatcherOptions o = FastOptions();
  o.stop_when_idle = true;
  {
    // Before the start: nothing is sent, the run ends idle.
    ASSERT_OK_AND_ASSIGN(auto d, Dispatcher::Make(store_.get(), &transport, o));
    ASSERT_OK_AND_ASSIGN(DispatchReport early, d->Run(created.campaign_id));
    EXPECT_EQ(early.reason, "idle");
    EXPECT_EQ(early.final_state, CampaignState::kScheduled);
    EXPECT_EQ(transport.count(), 0u);
  }
  ASSERT_OK_AND_ASSIGN(auto d,
                       Dispatcher::Make(store_.get(), &transport, FastOptions()));
  ASSERT_OK_AND_ASSIGN(DispatchReport report, d->Run(created.campaign_id));
  EXPECT_EQ(report.reason, "done");
  ASSERT_EQ(transport.count(), 20u);
  for (const auto& s : transport.sends()) EXPECT_GE(s.at_unix_ms, start);
}

TEST_P(DispatcherTest, CancelStopsSendingAndCancelsTheRest) {
  const std::vector<std::string> numbers = Numbers(200);
  ASSERT_OK_AND_ASSIGN(CampaignCreated created,
                       Create(numbers, "Bonjour", 0, /*rate=*/100));
  RecordingTransport transport;
  DispatcherOptions o = FastOptions();
  o.batch_size = 10;
  ASSERT_OK_AND_ASSIGN(auto d, Dispatcher::Make(store_.get(), &transport, o));
  Result<DispatchReport> report = Status::Internal("not run");
  std::thread runner([&] { report = d->Run(created.campaign_id); });
  while (transport.count() < 20) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Cancel through a second connection, as `oracle campaign cancel` does.
  ASSERT_OK_AND_ASSIGN(auto other, OpenHistoryStore(url_));
  ASSERT_OK(other->SetCampaignState(created.campaign_id,
                                    CampaignState::kCancelled, NowMs()));
  runner.join();
  ASSERT_OK(report);
  EXPECT_EQ(report->reason, "cancelled");
  EXPECT_EQ(report->final_state, CampaignState::kCancelled);
  const size_t sent = transport.count();
  EXPECT_LT(sent, 200u);
  // Every message the transport saw is recorded as sent, the rest is
  // cancelled; nothing is left queued or claimed.
  HistoryQuery q;
  q.campaign_id = created.campaign_id;
  ASSERT_OK_AND_ASSIGN(auto counts, store_->CountMessages(q, CountBy::kState));
  EXPECT_EQ(CountIn(counts, MessageState::kSent), static_cast<int64_t>(sent));
  EXPECT_EQ(CountIn(counts, MessageState::kCancelled),
            200 - static_cast<int64_t>(sent));
  // Running a cancelled campaign is refused; nothing more is sent.
  EXPECT_EQ(d->Run(created.campaign_id).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(transport.count(), sent);
}

TEST_P(DispatcherTest, RetryLaterBacksOffThenSends) {
  const std::vector<std::string> numbers = Numbers(3);
  ASSERT_OK_AND_ASSIGN(CampaignCreated created, Create(numbers));
  // numbers[0]: retry-later twice, then accepted. numbers[1]: always
  // retry-later (gives up after max_attempts). numbers[2]: accepted.
  RecordingTransport transport([&](const SmsMessage& m, int nth) {
    SendResult r;
    r.outcome = SendOutcome::kAccepted;
    if ((m.to == numbers[0] && nth <= 2) || m.to == numbers[1]) {
      r.outcome = SendOutcome::kRetryLater;
      r.error_code = "429";
    }
    return r;
  });
  DispatcherOptions o = FastOptions();
  o.max_attempts = 4;
  ASSERT_OK_AND_ASSIGN(auto d, Dispatcher::Make(store_.get(), &transport, o));
  ASSERT_OK_AND_ASSIGN(DispatchReport report, d->Run(created.campaign_id));
  EXPECT_EQ(report.reason, "done");
  const auto per = transport.per_recipient();
  EXPECT_EQ(per.at(numbers[0]), 3);
  EXPECT_EQ(per.at(numbers[1]), 4);
  EXPECT_EQ(per.at(numbers[2]), 1);
  // The gaps between attempts grow: 50 ms then 100 ms at least.
  std::vector<std::chrono::steady_clock::time_point> at;
  for (const auto& s : transport.sends()) {
    if (s.message.to == numbers[0]) at.push_back(s.at);
  }
  ASSERT_EQ(at.size(), 3u);
  EXPECT_GE(at[1] - at[0], std::chrono::milliseconds(50));
  EXPECT_GE(at[2] - at[1], std::chrono::milliseconds(100));
  EXPECT_EQ(CountIn(report.counts, MessageState::kSent), 2);
  EXPECT_EQ(CountIn(report.counts, MessageState::kFailed), 1);
  HistoryQuery q;
  q.campaign_id = created.campaign_id;
  q.state = MessageState::kFailed;
  ASSERT_OK_AND_ASSIGN(Page<MessageRecord> failed, store_->QueryMessages(q));
  ASSERT_EQ(failed.items.size(), 1u);
  EXPECT_EQ(failed.items[0].last_error_code, "RETRY_LIMIT");
  EXPECT_EQ(failed.items[0].attempts, 4);
}

TEST_P(DispatcherTest, UnknownOutcomesAreNeverResentAutomatically) {
  const std::vector<std::string> numbers = Numbers(4);
  ASSERT_OK_AND_ASSIGN(CampaignCreated created, Create(numbers));
  RecordingTransport transport([&](const SmsMessage& m, int nth) {
    SendResult r;
    r.outcome = m.to == numbers[1] && nth == 1 ? SendOutcome::kUnknown
                                               : SendOutcome::kAccepted;
    if (r.outcome == SendOutcome::kUnknown) r.error_code = "TIMEOUT";
    return r;
  });
  ASSERT_OK_AND_ASSIGN(auto d,
                       Dispatcher::Make(store_.get(), &transport, FastOptions()));
  ASSERT_OK_AND_ASSIGN(DispatchReport first, d->Run(created.campaign_id));
  EXPECT_EQ(first.reason, "unknown_pending");
  EXPECT_EQ(first.unknown, 1);
  EXPECT_EQ(first.final_state, CampaignState::kRunning);
  // Running again sends nothing.
  ASSERT_OK_AND_ASSIGN(DispatchReport second, d->Run(created.campaign_id));
  EXPECT_EQ(second.reason, "unknown_pending");
  EXPECT_EQ(second.claimed, 0);
  EXPECT_EQ(transport.per_recipient().at(numbers[1]), 1);
  // A human decides it was not sent: requeued, sent on the next run.
  HistoryQuery q;
  q.campaign_id = created.campaign_id;
  q.state = MessageState::kUnknown;
  ASSERT_OK_AND_ASSIGN(Page<MessageRecord> unknown, store_->QueryMessages(q));
  ASSERT_EQ(unknown.items.size(), 1u);
  ASSERT_OK(store_->ResolveUnknown(unknown.items[0].id, UnknownDecision::kRequeue,
                                   "checked with the provider", NowMs()));
  ASSERT_OK_AND_ASSIGN(DispatchReport third, d->Run(created.campaign_id));
  EXPECT_EQ(third.reason, "done");
  EXPECT_EQ(transport.per_recipient().at(numbers[1]), 2);
  EXPECT_EQ(CountIn(third.counts, MessageState::kSent), 4);
}

TEST_P(DispatcherTest, ExpiredLeasesOfACrashedWorkerAreTakenOver) {
  const std::vector<std::string> numbers = Numbers(10);
  ASSERT_OK_AND_ASSIGN(CampaignCreated created, Create(numbers));
  ASSERT_OK(store_->SetCampaignState(created.campaign_id,
                                     CampaignState::kRunning, NowMs()));
  // A worker claims 4 messages, starts sending one, and dies.
  ClaimRequest claim;
  claim.campaign_id = created.campaign_id;
  claim.worker_id = "crashed-worker";
  claim.limit = 4;
  claim.lease = std::chrono::milliseconds(200);
  claim.now_unix_ms = NowMs();
  ASSERT_OK_AND_ASSIGN(std::vector<MessageRecord> claimed,
                       store_->ClaimMessages(claim));
  ASSERT_EQ(claimed.size(), 4u);
  ASSERT_OK(store_->MarkSending(claimed[0].id, "crashed-worker", NowMs()));
  RecordingTransport transport;
  DispatcherOptions o = FastOptions();
  ASSERT_OK_AND_ASSIGN(auto d, Dispatcher::Make(store_.get(), &transport, o));
  ASSERT_OK_AND_ASSIGN(DispatchReport report, d->Run(created.campaign_id));
  // The leases expire while the dispatcher waits; then the 3 claimed
  // messages are sent, the one caught in `sending` becomes unknown.
  EXPECT_EQ(report.reason, "unknown_pending");
  EXPECT_EQ(report.recovered_unknown, 1);
  EXPECT_EQ(transport.count(), 9u);
  EXPECT_EQ(transport.per_recipient().count(claimed[0].recipient), 0u);
  ASSERT_OK_AND_ASSIGN(MessageRecord m, store_->GetMessage(claimed[0].id));
  EXPECT_EQ(m.state, MessageState::kUnknown);
  // The dead worker's late result is still recorded, and settles it.
  SendResult late;
  late.outcome = SendOutcome::kAccepted;
  late.provider_message_id = "late-1";
  ASSERT_OK(store_->RecordSendResult(claimed[0].id, "crashed-worker", late,
                                     NowMs()));
  ASSERT_OK_AND_ASSIGN(m, store_->GetMessage(claimed[0].id));
  EXPECT_EQ(m.state, MessageState::kSent);
}

TEST_P(DispatcherTest, ShortLeasesAreRenewedByReleasingAndClaimingAgain) {
  const std::vector<std::string> numbers = Numbers(30);
  ASSERT_OK_AND_ASSIGN(CampaignCreated created, Create(numbers));
  // 20 ms per send, a batch of 30 and a lease of 300 ms with a margin of
  // 200 ms: only the first few of each claim can be started in time.
  RecordingTransport transport({}, std::chrono::milliseconds(20));
  DispatcherOptions o = FastOptions();
  o.concurrency = 1;
  o.batch_size = 30;
  o.lease_duration = std::chrono::milliseconds(300);
  o.send_margin = std::chrono::milliseconds(200);
  ASSERT_OK_AND_ASSIGN(auto d, Dispatcher::Make(store_.get(), &transport, o));
  ASSERT_OK_AND_ASSIGN(DispatchReport report, d->Run(created.campaign_id));
  EXPECT_EQ(report.reason, "done");
  EXPECT_GT(report.released, 0);
  EXPECT_EQ(report.unknown, 0);
  EXPECT_EQ(report.lease_lost, 0);
  const auto per = transport.per_recipient();
  ASSERT_EQ(per.size(), 30u);
  for (const auto& [number, n] : per) EXPECT_EQ(n, 1) << number;
}

TEST_P(DispatcherTest, StopReleasesClaimedMessages) {
  const std::vector<std::string> numbers = Numbers(100);
  ASSERT_OK_AND_ASSIGN(CampaignCreated created,
                       Create(numbers, "Bonjour", 0, /*rate=*/200));
  RecordingTransport transport;
  ASSERT_OK_AND_ASSIGN(auto d,
                       Dispatcher::Make(store_.get(), &transport, FastOptions()));
  Result<DispatchReport> report = Status::Internal("not run");
  std::thread runner([&] { report = d->Run(created.campaign_id); });
  while (transport.count() < 10) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  d->Stop();
  runner.join();
  ASSERT_OK(report);
  EXPECT_EQ(report->reason, "stopped");
  EXPECT_LT(transport.count(), 100u);
  EXPECT_EQ(CountIn(report->counts, MessageState::kClaimed), 0);
  EXPECT_EQ(CountIn(report->counts, MessageState::kSending), 0);
  EXPECT_EQ(CountIn(report->counts, MessageState::kSent),
            static_cast<int64_t>(transport.count()));
  // The next run finishes the campaign.
  ASSERT_OK_AND_ASSIGN(DispatchReport rest, d->Run(created.campaign_id));
  EXPECT_EQ(rest.reason, "done");
  EXPECT_EQ(transport.count(), 100u);
  for (const auto& [number, n] : transport.per_recipient()) EXPECT_EQ(n, 1);
}

// Two dispatchers that must work on one campaign at the same time: each
// sends through its own MeetingTransport, whose sends wait (up to 10 s)
// until the other dispatcher has reached a send too, then go on to a shared
// transport. Without it a dispatcher whose thread is scheduled late (as
// under a sanitizer on a busy machine) can find the campaign already done.
struct Meeting {
  std::mutex mu;
  std::condition_variable cv;
  bool arrived[2] = {false, false};
};

class MeetingTransport : public SmsTransport {
 public:
  MeetingTransport(SmsTransport* shared, Meeting* meeting, int side)
      : shared_(shared), meeting_(meeting), side_(side) {}
  std::string name() const override { return shared_->name(); }
  SendResult Send(const SmsMessage& message) override {
    {
      std::unique_lock<std::mutex> lock(meeting_->mu);
      meeting_->arrived[side_] = true;
      meeting_->cv.notify_all();
      meeting_->cv.wait_for(lock, std::chrono::seconds(10),
                            [&] { return meeting_->arrived[1 - side_]; });
    }
    return shared_->Send(message);
  }

 private:
  SmsTransport* shared_;
  Meeting* meeting_;
  int side_;
};

TEST_P(DispatcherTest, TwoDispatchersNeverSendTheSameMessage) {
  const std::vector<std::string> numbers = Numbers(400);
  ASSERT_OK_AND_ASSIGN(CampaignCreated created, Create(numbers));
  // Two dispatchers, each with its own connection, sharing one transport
  // that counts every send (through a MeetingTransport each).
  RecordingTransport transport({}, std::chrono::milliseconds(1));
  Meeting meeting;
  MeetingTransport transport_a(&transport, &meeting, 0);
  MeetingTransport transport_b(&transport, &meeting, 1);
  ASSERT_OK_AND_ASSIGN(auto store_a, OpenHistoryStore(url_));
  ASSERT_OK_AND_ASSIGN(auto store_b, OpenHistoryStore(url_));
  DispatcherOptions oa = FastOptions();
  oa.worker_id = "worker-a";
  oa.batch_size = 20;
  DispatcherOptions ob = oa;
  ob.worker_id = "worker-b";
  ASSERT_OK_AND_ASSIGN(auto a,
                       Dispatcher::Make(store_a.get(), &transport_a, oa));
  ASSERT_OK_AND_ASSIGN(auto b,
                       Dispatcher::Make(store_b.get(), &transport_b, ob));
  Result<DispatchReport> ra = Status::Internal("not run");
  Result<DispatchReport> rb = Status::Internal("not run");
  // Both runs start together (and the transports make them overlap).
  std::latch start(2);
  std::thread ta([&] {
    start.arrive_and_wait();
    ra = a->Run(created.campaign_id);
  });
  std::thread tb([&] {
    start.arrive_and_wait();
    rb = b->Run(created.campaign_id);
  });
  ta.join();
  tb.join();
  ASSERT_OK(ra);
  ASSERT_OK(rb);
  EXPECT_EQ(ra->sent + rb->sent, 400);
  EXPECT_GT(ra->sent, 0);
  EXPECT_GT(rb->sent, 0);
  const auto per = transport.per_recipient();
  ASSERT_EQ(per.size(), 400u);
  for (const auto& [number, n] : per) EXPECT_EQ(n, 1) << number;
}

std::vector<std::string> Backends() {
  std::vector<std::string> b = {"sqlite"};
  if (PostgresUrl() != nullptr || std::getenv("ORACLE_TEST_REQUIRE_POSTGRES")) {
    b.push_back("postgresql");
  }
  return b;
}

INSTANTIATE_TEST_SUITE_P(Backends, DispatcherTest,
                         ::testing::ValuesIn(Backends()),
                         [](const auto& info) { return info.param; });

TEST(RecipientsTest, OneNumberPerLine) {
  ASSERT_OK_AND_ASSIGN(auto r,
                       ParseRecipients("# contacts\n+2250707123456\r\n\n 0505050505 \n"));
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].number, "+2250707123456");
  EXPECT_EQ(r[0].line, 2);
  EXPECT_EQ(r[1].number, "0505050505");
  EXPECT_EQ(r[1].line, 4);
}

TEST(RecipientsTest, CsvWithFields) {
  ASSERT_OK_AND_ASSIGN(
      auto r, ParseRecipients("name,Phone,city\nAwa,+2250707123456,Abidjan\n"
                              "\"Kouassi, Jr\",0505050505,\"Grand \"\"B\"\"\"\n"));
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].number, "+2250707123456");
  ASSERT_EQ(r[0].fields.size(), 2u);
  EXPECT_EQ(r[0].fields[0].first, "name");
  EXPECT_EQ(r[0].fields[0].second, "Awa");
  EXPECT_EQ(r[1].fields[0].second, "Kouassi, Jr");
  EXPECT_EQ(r[1].fields[1].second, "Grand \"B\"");
  EXPECT_EQ(r[1].line, 3);
}

TEST(RecipientsTest, BadInputGivesAClearError) {
  auto missing = ParseRecipients("name,city\nAwa,Abidjan\n");
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("number column"), std::string::npos);
  auto columns = ParseRecipients("number,name\n+2250707123456\n");
  EXPECT_EQ(columns.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(columns.status().message().find("line 2"), std::string::npos);
  auto quote = ParseRecipients("number,name\n+2250707123456,\"Awa\n");
  EXPECT_EQ(quote.status().code(), StatusCode::kInvalidArgument);
  auto utf8 = ParseRecipients("+2250707123456\n\xff\xfe\n");
  EXPECT_EQ(utf8.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(utf8.status().message().find("line 2"), std::string::npos);
  EXPECT_EQ(ReadRecipientsFile("/nonexistent/contacts.csv").status().code(),
            StatusCode::kIoError);
}

}  // namespace
}  // namespace oracle
