// Tests of SandboxTransport (include/oracle/sandbox_sms.h).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "oracle/sandbox_sms.h"
#include "test_util.h"

namespace oracle {
namespace {

using std::chrono::milliseconds;

SmsMessage Msg(int i, std::string text = "Bonjour") {
  SmsMessage m;
  m.to = "+22507070" + std::to_string(10000 + i);
  m.text = std::move(text);
  m.client_ref = "ref-" + std::to_string(i);
  return m;
}

std::unique_ptr<SandboxTransport> MakeSandbox(
    const SandboxTransportOptions& o = SandboxTransportOptions()) {
  Result<std::unique_ptr<SandboxTransport>> s = SandboxTransport::Make(o);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(*s) : nullptr;
}

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir ? dir : "/tmp") + "/oracle_sandbox_" +
                     std::to_string(::getpid()) + "_" + name;
  std::remove(path.c_str());
  return path;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool IsHex16(std::string_view s) {
  if (s.size() != 16) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

TEST(SandboxTest, AcceptsAndRecords) {
  auto sandbox = MakeSandbox();
  ASSERT_NE(sandbox, nullptr);
  EXPECT_EQ(sandbox->name(), "sandbox");
  SmsMessage m = Msg(1, "Votre code : 1234");
  m.sender_address = "tel:+2250000";
  m.sender_name = "MyBrand";
  const SendResult r = sandbox->Send(m);
  EXPECT_EQ(r.outcome, SendOutcome::kAccepted);
  ASSERT_TRUE(r.provider_message_id.starts_with("sbx-"));
  EXPECT_TRUE(IsHex16(std::string_view(r.provider_message_id).substr(4)))
      << r.provider_message_id;
  EXPECT_EQ(r.client_ref, "ref-1");
  EXPECT_EQ(r.attempts, 1);
  EXPECT_TRUE(r.error_code.empty());

  const std::vector<SandboxRecord> records = sandbox->records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].sequence, 0u);
  EXPECT_TRUE(records[0].sent);
  EXPECT_EQ(records[0].message_id, r.provider_message_id);
  EXPECT_EQ(records[0].message.text, "Votre code : 1234");
  EXPECT_EQ(records[0].message.to, m.to);
  EXPECT_EQ(records[0].encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(records[0].segments, 1);
  EXPECT_GT(records[0].unix_ms, 0);
  EXPECT_EQ(sandbox->sent_count(), 1u);
}

TEST(SandboxTest, RejectsWhatAProviderWouldReject) {
  auto sandbox = MakeSandbox();
  struct Bad {
    SmsMessage message;
    const char* code;
  };
  std::vector<Bad> bad;
  for (const char* to : {"", "2250707123456", "+", "+0707123456",
                         "+22507071234567890", "+225 0707123456", "tel:+225"}) {
    SmsMessage m = Msg(0);
    m.to = to;
    bad.push_back({m, "INVALID_RECIPIENT"});
  }
  for (const char* s : {"+2250000", "tel:2250000", "tel:+", "tel:+225a"}) {
    SmsMessage m = Msg(0);
    m.sender_address = s;
    bad.push_back({m, "INVALID_SENDER"});
  }
  for (const char* s : {"TwelveLetter", "My-Brand", "Caf\xC3\xA9"}) {
    SmsMessage m = Msg(0);
    m.sender_name = s;
    bad.push_back({m, "INVALID_SENDER_NAME"});
  }
  bad.push_back({Msg(0, ""), "EMPTY_TEXT"});
  bad.push_back({Msg(0, "ab\xFF"), "INVALID_TEXT"});
  for (const Bad& b : bad) {
    const SendResult r = sandbox->Send(b.message);
    EXPECT_EQ(r.outcome, SendOutcome::kRejected) << b.code;
    EXPECT_EQ(r.error_code, b.code) << b.message.to;
    EXPECT_FALSE(r.error_message.empty());
    EXPECT_TRUE(r.provider_message_id.empty());
  }
  EXPECT_EQ(sandbox->sent_count(), 0u);
  EXPECT_EQ(sandbox->records().size(), bad.size());
  EXPECT_TRUE(sandbox->PollReceipts().empty());
}

TEST(SandboxTest, MaxSegments) {
  SandboxTransportOptions o;
  o.max_segments = 2;
  auto sandbox = MakeSandbox(o);
  EXPECT_EQ(sandbox->Send(Msg(0, std::string(306, 'a'))).outcome,
            SendOutcome::kAccepted);
  const SendResult r = sandbox->Send(Msg(1, std::string(307, 'a')));
  EXPECT_EQ(r.outcome, SendOutcome::kRejected);
  EXPECT_EQ(r.error_code, "MESSAGE_TOO_LONG");
  EXPECT_EQ(sandbox->records()[0].segments, 2);
}

TEST(SandboxTest, OptionsAreValidated) {
  const auto invalid = [](auto edit) {
    SandboxTransportOptions o;
    edit(o);
    Result<std::unique_ptr<SandboxTransport>> s = SandboxTransport::Make(o);
    return !s.ok() && s.status().code() == StatusCode::kInvalidArgument;
  };
  EXPECT_TRUE(invalid([](auto& o) { o.reject_ratio = -0.1; }));
  EXPECT_TRUE(invalid([](auto& o) { o.undeliverable_ratio = 1.5; }));
  EXPECT_TRUE(invalid([](auto& o) {
    o.reject_ratio = 0.5;
    o.unknown_ratio = 0.6;
  }));
  EXPECT_TRUE(invalid([](auto& o) { o.max_segments = 0; }));
  EXPECT_TRUE(invalid([](auto& o) { o.max_segments = 256; }));
  EXPECT_TRUE(invalid([](auto& o) { o.receipt_delay = milliseconds(-1); }));
  EXPECT_FALSE(invalid([](auto&) {}));
}

TEST(SandboxTest, IdsAreUniqueAcrossMessagesAndSandboxes) {
  auto a = MakeSandbox();
  auto b = MakeSandbox();
  std::set<std::string> ids;
  for (int i = 0; i < 2000; ++i) {
    ids.insert(a->Send(Msg(i)).provider_message_id);
    ids.insert(b->Send(Msg(i)).provider_message_id);
  }
  EXPECT_EQ(ids.size(), 4000u);
}

TEST(SandboxTest, ReceiptsAreDueAfterTheDelayAndHandedOutOnce) {
  SandboxTransportOptions o;
  o.receipt_delay = milliseconds(300);
  auto sandbox = MakeSandbox(o);
  const SendResult r = sandbox->Send(Msg(7));
  ASSERT_EQ(r.outcome, SendOutcome::kAccepted);
  EXPECT_TRUE(sandbox->PollReceipts().empty());
  EXPECT_EQ(sandbox->pending_receipts(), 1u);
  std::vector<DeliveryReceipt> got;
  const auto deadline = std::chrono::steady_clock::now() + milliseconds(10000);
  while (got.empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(20));
    got = sandbox->PollReceipts();
  }
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].provider_message_id, r.provider_message_id);
  EXPECT_EQ(got[0].address, "tel:" + Msg(7).to);
  EXPECT_EQ(got[0].status, DeliveryStatus::kDeliveredToTerminal);
  EXPECT_EQ(got[0].raw_status, "DeliveredToTerminal");
  EXPECT_GT(got[0].received_at_unix_ms, 0);
  EXPECT_TRUE(sandbox->PollReceipts().empty());
  EXPECT_EQ(sandbox->pending_receipts(), 0u);
  EXPECT_EQ(sandbox->delivered_receipts().size(), 1u);
}

TEST(SandboxTest, ReceiptsCanBeTurnedOff) {
  SandboxTransportOptions o;
  o.receipts = false;
  auto sandbox = MakeSandbox(o);
  sandbox->Send(Msg(1));
  EXPECT_EQ(sandbox->pending_receipts(), 0u);
  EXPECT_TRUE(sandbox->PollReceipts().empty());
}

// Outcome and status counts for `n` messages with `o`.
struct Tally {
  std::map<SendOutcome, int> outcomes;
  std::map<DeliveryStatus, int> statuses;
  std::vector<std::string> sequence;  // outcome/status per message, in order
};

Tally RunMessages(const SandboxTransportOptions& o, int n) {
  auto sandbox = MakeSandbox(o);
  Tally t;
  for (int i = 0; i < n; ++i) {
    const SendResult r = sandbox->Send(Msg(i));
    ++t.outcomes[r.outcome];
    t.sequence.push_back(std::string(SendOutcomeName(r.outcome)));
  }
  for (const DeliveryReceipt& d : sandbox->PollReceipts()) {
    ++t.statuses[d.status];
    t.sequence.push_back(d.raw_status);
  }
  return t;
}

TEST(SandboxTest, SimulatedOutcomesFollowTheRatiosAndTheSeed) {
  SandboxTransportOptions o;
  o.reject_ratio = 0.1;
  o.retry_later_ratio = 0.2;
  o.unknown_ratio = 0.05;
  o.undeliverable_ratio = 0.25;
  o.seed = 42;
  const int n = 4000;
  const Tally t = RunMessages(o, n);
  // Binomial standard deviations are below 30 here: allow 5 of them.
  EXPECT_NEAR(t.outcomes.at(SendOutcome::kRejected), 0.10 * n, 150);
  EXPECT_NEAR(t.outcomes.at(SendOutcome::kRetryLater), 0.20 * n, 150);
  EXPECT_NEAR(t.outcomes.at(SendOutcome::kUnknown), 0.05 * n, 150);
  const int sent = t.outcomes.at(SendOutcome::kAccepted) +
                   t.outcomes.at(SendOutcome::kUnknown);
  // One receipt per sent message (accepted or unknown), none for others.
  EXPECT_EQ(t.statuses.at(DeliveryStatus::kDeliveredToTerminal) +
                t.statuses.at(DeliveryStatus::kDeliveryImpossible),
            sent);
  EXPECT_NEAR(t.statuses.at(DeliveryStatus::kDeliveryImpossible), 0.25 * sent,
              150);
  // The same seed replays exactly; another seed does not.
  EXPECT_EQ(RunMessages(o, n).sequence, t.sequence);
  o.seed = 43;
  EXPECT_NE(RunMessages(o, n).sequence, t.sequence);
}

TEST(SandboxTest, UnknownOutcomeWasSentButItsIdIsLost) {
  SandboxTransportOptions o;
  o.unknown_ratio = 1.0;
  auto sandbox = MakeSandbox(o);
  const SendResult r = sandbox->Send(Msg(3));
  EXPECT_EQ(r.outcome, SendOutcome::kUnknown);
  EXPECT_EQ(r.error_code, "SIMULATED_UNKNOWN");
  EXPECT_TRUE(r.provider_message_id.empty());
  const std::vector<SandboxRecord> records = sandbox->records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].sent);
  ASSERT_FALSE(records[0].message_id.empty());
  const std::vector<DeliveryReceipt> receipts = sandbox->PollReceipts();
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_EQ(receipts[0].provider_message_id, records[0].message_id);
  EXPECT_EQ(sandbox->sent_count(), 1u);
}

TEST(SandboxTest, RetryLaterIsNotSent) {
  SandboxTransportOptions o;
  o.retry_later_ratio = 1.0;
  auto sandbox = MakeSandbox(o);
  const SendResult r = sandbox->Send(Msg(3));
  EXPECT_EQ(r.outcome, SendOutcome::kRetryLater);
  EXPECT_GT(r.retry_after.count(), 0);
  EXPECT_EQ(sandbox->sent_count(), 0u);
  EXPECT_EQ(sandbox->pending_receipts(), 0u);
}

TEST(SandboxTest, NetworkReceiptsDuplicatesAndReordering) {
  SandboxTransportOptions o;
  o.network_receipts = true;
  auto in_order = MakeSandbox(o);
  const std::string id = in_order->Send(Msg(1)).provider_message_id;
  std::vector<DeliveryReceipt> r = in_order->PollReceipts();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].status, DeliveryStatus::kDeliveredToNetwork);
  EXPECT_EQ(r[1].status, DeliveryStatus::kDeliveredToTerminal);
  EXPECT_EQ(r[0].provider_message_id, id);

  o.reorder_ratio = 1.0;
  o.duplicate_ratio = 1.0;
  auto shuffled = MakeSandbox(o);
  shuffled->Send(Msg(1));
  r = shuffled->PollReceipts();
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].status, DeliveryStatus::kDeliveredToTerminal);
  EXPECT_EQ(r[1].status, DeliveryStatus::kDeliveredToTerminal);
  EXPECT_EQ(r[2].status, DeliveryStatus::kDeliveredToNetwork);
  EXPECT_EQ(r[3].status, DeliveryStatus::kDeliveredToNetwork);
}

TEST(SandboxTest, OnReceiptIsCalledFromTheSandboxThread) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<DeliveryReceipt> got;
  std::set<std::thread::id> threads;
  SandboxTransportOptions o;
  o.receipt_delay = milliseconds(20);
  o.receipt_jitter = milliseconds(30);
  o.on_receipt = [&](const DeliveryReceipt& r) {
    std::lock_guard<std::mutex> lock(mu);
    got.push_back(r);
    threads.insert(std::this_thread::get_id());
    cv.notify_all();
  };
  auto sandbox = MakeSandbox(o);
  std::set<std::string> ids;
  for (int i = 0; i < 50; ++i) ids.insert(sandbox->Send(Msg(i)).provider_message_id);
  EXPECT_TRUE(sandbox->PollReceipts().empty());
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(20),
                            [&] { return got.size() >= 50; }));
  }
  sandbox.reset();  // joins the thread
  EXPECT_EQ(got.size(), 50u);
  std::set<std::string> receipt_ids;
  for (const DeliveryReceipt& r : got) receipt_ids.insert(r.provider_message_id);
  EXPECT_EQ(receipt_ids, ids);
  ASSERT_EQ(threads.size(), 1u);
  EXPECT_NE(*threads.begin(), std::this_thread::get_id());
}

TEST(SandboxTest, DestroyingWithPendingReceiptsDoesNotWait) {
  SandboxTransportOptions o;
  o.receipt_delay = milliseconds(3600 * 1000);
  int calls = 0;
  o.on_receipt = [&calls](const DeliveryReceipt&) { ++calls; };
  const auto start = std::chrono::steady_clock::now();
  {
    auto sandbox = MakeSandbox(o);
    sandbox->Send(Msg(1));
    EXPECT_EQ(sandbox->pending_receipts(), 1u);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
  EXPECT_EQ(calls, 0);
}

TEST(SandboxTest, ConcurrentSendsAndPolls) {
  SandboxTransportOptions o;
  o.unknown_ratio = 0.1;
  o.duplicate_ratio = 0.1;
  auto sandbox = MakeSandbox(o);
  constexpr int kThreads = 6;
  constexpr int kPerThread = 400;
  std::vector<std::vector<std::string>> ids(kThreads);
  std::vector<std::thread> threads;
  std::mutex mu;
  std::vector<DeliveryReceipt> polled;
  std::atomic<bool> done{false};
  std::thread poller([&] {
    while (!done.load()) {
      std::vector<DeliveryReceipt> r = sandbox->PollReceipts();
      std::lock_guard<std::mutex> lock(mu);
      polled.insert(polled.end(), r.begin(), r.end());
    }
  });
  for (int k = 0; k < kThreads; ++k) {
    threads.emplace_back([&, k] {
      for (int i = 0; i < kPerThread; ++i) {
        const SendResult r = sandbox->Send(Msg(k * kPerThread + i));
        if (r.outcome == SendOutcome::kAccepted) {
          ids[k].push_back(r.provider_message_id);
        }
        (void)sandbox->records().size();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  done = true;
  poller.join();
  std::vector<DeliveryReceipt> rest = sandbox->PollReceipts();
  polled.insert(polled.end(), rest.begin(), rest.end());

  std::set<std::string> unique;
  size_t accepted = 0;
  for (const auto& v : ids) {
    accepted += v.size();
    unique.insert(v.begin(), v.end());
  }
  EXPECT_EQ(unique.size(), accepted);
  EXPECT_EQ(sandbox->sent_count(), size_t{kThreads * kPerThread});
  const std::vector<SandboxRecord> records = sandbox->records();
  ASSERT_EQ(records.size(), size_t{kThreads * kPerThread});
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].sequence, i);
  }
  // Every sent message has its receipt (some twice), nothing else.
  std::set<std::string> receipt_ids;
  for (const DeliveryReceipt& r : polled) receipt_ids.insert(r.provider_message_id);
  EXPECT_EQ(receipt_ids.size(), size_t{kThreads * kPerThread});
  EXPECT_GE(polled.size(), receipt_ids.size());
  EXPECT_EQ(sandbox->delivered_receipts().size(), polled.size());
}

TEST(SandboxTest, SendBatchKeepsOrder) {
  auto sandbox = MakeSandbox();
  std::vector<SmsMessage> ms;
  for (int i = 0; i < 20; ++i) ms.push_back(Msg(i, i == 5 ? "" : "x"));
  const std::vector<SendResult> rs = sandbox->SendBatch(ms);
  ASSERT_EQ(rs.size(), 20u);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(rs[i].client_ref, "ref-" + std::to_string(i));
    EXPECT_EQ(rs[i].outcome,
              i == 5 ? SendOutcome::kRejected : SendOutcome::kAccepted);
  }
}

TEST(SandboxTest, JournalRecordsSendsAndReceipts) {
  const std::string path = TempPath("journal.jsonl");
  SandboxTransportOptions o;
  o.journal_path = path;
  o.unknown_ratio = 0.5;
  {
    auto sandbox = MakeSandbox(o);
    for (int i = 0; i < 10; ++i) sandbox->Send(Msg(i, "caf\xC3\xA9 \"ok\""));
    sandbox->Send(Msg(99, ""));  // rejected: not journaled
    ASSERT_EQ(sandbox->PollReceipts().size(), 10u);
  }
  const std::vector<std::string> lines = ReadLines(path);
  ASSERT_EQ(lines.size(), 20u);
  int sent = 0, receipts = 0;
  for (const std::string& line : lines) {
    ASSERT_EQ(line.front(), '{') << line;
    ASSERT_EQ(line.back(), '}') << line;
    if (line.find("\"event\":\"sent\"") != std::string::npos) {
      ++sent;
      EXPECT_NE(line.find("\"text\":\"caf\xC3\xA9 \\\"ok\\\"\""), std::string::npos)
          << line;
      EXPECT_NE(line.find("\"id\":\"sbx-"), std::string::npos);
    } else if (line.find("\"event\":\"receipt\"") != std::string::npos) {
      ++receipts;
    }
  }
  EXPECT_EQ(sent, 10);
  EXPECT_EQ(receipts, 10);
  // Appends: a second sandbox adds to the same file.
  {
    auto sandbox = MakeSandbox(o);
    sandbox->Send(Msg(1));
  }
  EXPECT_EQ(ReadLines(path).size(), 21u);
  std::remove(path.c_str());
}

TEST(SandboxTest, JournalSurvivesAKilledProcess) {
  const std::string path = TempPath("killed.jsonl");
  int pipefd[2];
  ASSERT_EQ(::pipe(pipefd), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(pipefd[0]);
    SandboxTransportOptions o;
    o.journal_path = path;
    o.receipts = false;
    auto s = SandboxTransport::Make(o);
    if (!s.ok()) ::_exit(3);
    int accepted = 0;
    for (int i = 0; i < 137; ++i) {
      if ((*s)->Send(Msg(i)).outcome == SendOutcome::kAccepted) ++accepted;
    }
    if (::write(pipefd[1], &accepted, sizeof(accepted)) != sizeof(accepted)) {
      ::_exit(4);
    }
    ::kill(::getpid(), SIGKILL);  // no destructor, no flush
    ::_exit(5);
  }
  ::close(pipefd[1]);
  int accepted = -1;
  ASSERT_EQ(::read(pipefd[0], &accepted, sizeof(accepted)),
            static_cast<ssize_t>(sizeof(accepted)));
  ::close(pipefd[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(accepted, 137);
  EXPECT_EQ(ReadLines(path).size(), 137u);
  std::remove(path.c_str());
}

TEST(SandboxTest, UnwritableJournalFailsMake) {
  SandboxTransportOptions o;
  o.journal_path = "/nonexistent-dir/journal.jsonl";
  Result<std::unique_ptr<SandboxTransport>> s = SandboxTransport::Make(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kIoError);
  EXPECT_NE(s.status().message().find("/nonexistent-dir/journal.jsonl"),
            std::string::npos);
}

TEST(SandboxTest, JournalWriteFailureIsNotAccepted) {
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  SandboxTransportOptions o;
  o.journal_path = "/dev/full";
  auto sandbox = MakeSandbox(o);
  const SendResult r = sandbox->Send(Msg(1));
  EXPECT_EQ(r.outcome, SendOutcome::kRetryLater);
  EXPECT_EQ(r.error_code, "JOURNAL_WRITE_FAILED");
  EXPECT_EQ(sandbox->sent_count(), 0u);
  EXPECT_EQ(sandbox->pending_receipts(), 0u);
}

}  // namespace
}  // namespace oracle
