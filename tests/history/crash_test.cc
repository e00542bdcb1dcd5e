// The crash test: a 10,000-message campaign sent by a dispatcher process
// (crash_driver) that is killed with SIGKILL at random moments, at least 20
// times, and started again. The messages go to a file sink written by the
// dispatcher process (one fsync'ed line per accepted send), which outlives
// every kill and is the sink's own count.
//
// At the end:
//   - nothing is left queued, claimed or sending (no loss);
//   - no message appears twice in the sink (no duplicate);
//   - each message the store says is sent appears exactly once in the sink;
//   - each message whose outcome is unknown (killed between the send and
//     its record) is listed and appears at most once in the sink;
//   - after a human decision per unknown message (sent when the sink has
//     it, requeued otherwise) and one more run, every message is in the
//     sink exactly once and the store says sent for all of them.
//
// Runs against SQLite, and against PostgreSQL when ORACLE_TEST_POSTGRES_URL
// is set (scripts/with-postgres.sh).
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fcntl.h>

#include <cerrno>
#include <filesystem>
#include <iostream>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "history/test_transports.h"
#include "oracle/campaign.h"
#include "oracle/engine.h"
#include "oracle/history.h"
#include "test_util.h"

extern char** environ;

namespace oracle {
namespace {

constexpr int kMessages = 10'000;
constexpr int kKills = 25;
constexpr int kMinKills = 20;
constexpr const char* kRate = "1000";     // messages per second
constexpr const char* kLeaseMs = "1000";

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class CrashTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("oracle-crash-test-" + std::to_string(getpid()) + "-" +
            std::to_string(rd() % 1000000));
    std::filesystem::create_directories(dir_);
    if (GetParam() == "sqlite") {
      url_ = "sqlite:" + (dir_ / "history.db").string();
    } else {
      const char* url = std::getenv("ORACLE_TEST_POSTGRES_URL");
      ASSERT_NE(url, nullptr) << "ORACLE_TEST_POSTGRES_URL is not set";
      url_ = url;
    }
    sink_ = (dir_ / "sink.txt").string();
    log_ = (dir_ / "driver.log").string();
    campaign_name_ = "crash-" + std::to_string(getpid()) + "-" +
                     std::to_string(rd() % 1000000);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Starts the dispatcher process; its output goes to log_.
  pid_t Start() {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::vector<std::string> args = {ORACLE_CRASH_DRIVER, url_, campaign_name_,
                                     sink_, kRate, kLeaseMs};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, ORACLE_CRASH_DRIVER, &actions, nullptr,
                               argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
  }

  // Waits for the process; its exit code, or -signal.
  static int Wait(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? -WTERMSIG(status) : -1000;
  }

  // The messages of the campaign, by id.
  std::map<int64_t, MessageRecord> Messages(HistoryStore& store, int64_t id) {
    std::map<int64_t, MessageRecord> out;
    HistoryQuery q;
    q.campaign_id = id;
    q.limit = 5000;
    while (true) {
      Result<Page<MessageRecord>> page = store.QueryMessages(q);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) break;
      for (MessageRecord& m : page->items) out[m.id] = std::move(m);
      if (page->next_cursor.empty()) break;
      q.cursor = page->next_cursor;
    }
    return out;
  }

  std::filesystem::path dir_;
  std::string url_, sink_, log_, campaign_name_;
};

TEST_P(CrashTest, KilledDispatcherLosesNothingAndSendsNothingTwice) {
  ASSERT_OK_AND_ASSIGN(auto store, OpenHistoryStore(url_));
  ASSERT_OK_AND_ASSIGN(Engine engine, Engine::Make());
  NewCampaign c;
  c.spec.name = campaign_name_;
  c.spec.template_text = "Crash test";
  c.spec.transport = "file-sink";
  c.spec.sender_address = "tel:+2250000";
  std::random_device rd;
  const int64_t base = 10000000 + static_cast<int64_t>(rd() % 80000000);
  for (int i = 0; i < kMessages; ++i) {
    c.recipients.push_back({"+22507" + std::to_string(base + i), {}, 0});
  }
  ASSERT_OK_AND_ASSIGN(CampaignCreated created, CreateCampaign(*store, engine, c));
  ASSERT_EQ(created.enqueued, kMessages);

  // Kill the dispatcher at random moments, kKills times (it cannot finish
  // the campaign meanwhile: at the rate limit, 10,000 messages take longer
  // than all the runs together); then let a run get to the end by itself.
  std::mt19937 rng(rd());
  std::uniform_int_distribution<int> delay_ms(50, 500);
  int kills = 0;
  std::vector<size_t> sink_sizes;  // after each kill
  while (kills < kKills) {
    const pid_t pid = Start();
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    kill(pid, SIGKILL);  // succeeds on a process that already ended, too
    const int rc = Wait(pid);
    if (rc != -SIGKILL) {
      ASSERT_EQ(rc, 0) << ReadFile(log_);
      break;  // finished: nothing left to send
    }
    ++kills;
    sink_sizes.push_back(testing::FileSinkTransport::Count(sink_).size());
  }
  const pid_t last = Start();
  ASSERT_GT(last, 0);
  ASSERT_EQ(Wait(last), 0) << ReadFile(log_);
  std::cout << "dispatcher killed " << kills << " times; messages in the sink"
            << " after each kill:";
  for (size_t n : sink_sizes) std::cout << " " << n;
  std::cout << "\n";
  EXPECT_GE(kills, kMinKills) << "the campaign finished before " << kMinKills
                              << " kills: lower the rate";

  std::map<std::string, int> sink = testing::FileSinkTransport::Count(sink_);
  std::map<int64_t, MessageRecord> messages = Messages(*store, created.campaign_id);
  ASSERT_EQ(messages.size(), static_cast<size_t>(kMessages));
  for (const auto& [ref, n] : sink) {
    EXPECT_EQ(n, 1) << "message " << ref << " was sent " << n << " times";
    EXPECT_EQ(messages.count(std::stoll(ref)), 1u) << "unknown ref " << ref;
  }
  std::vector<int64_t> unknown;
  int64_t sent = 0;
  for (const auto& [id, m] : messages) {
    const auto it = sink.find(std::to_string(id));
    const int in_sink = it == sink.end() ? 0 : it->second;
    switch (m.state) {
      case MessageState::kSent:
        ++sent;
        EXPECT_EQ(in_sink, 1) << "sent message " << id;
        EXPECT_EQ(m.provider_message_id, "sink-" + std::to_string(id));
        break;
      case MessageState::kUnknown:
        unknown.push_back(id);
        EXPECT_LE(in_sink, 1) << "unknown message " << id;
        break;
      default:
        ADD_FAILURE() << "message " << id << " left in state "
                      << MessageStateName(m.state);
    }
  }
  std::cout << "store: " << sent << " sent, " << unknown.size()
            << " unknown; sink: " << sink.size() << " messages\n";
  std::cout << "unknown outcomes (message id: in sink?):";
  for (int64_t id : unknown) {
    std::cout << " " << id << ":" << sink.count(std::to_string(id));
  }
  std::cout << "\n";

  // A human settles the unknown messages by looking at the sink.
  for (int64_t id : unknown) {
    const bool in_sink = sink.count(std::to_string(id)) > 0;
    ASSERT_OK(store->ResolveUnknown(
        id, in_sink ? UnknownDecision::kMarkSent : UnknownDecision::kRequeue,
        in_sink ? "found in the sink" : "not in the sink", NowMs()));
  }
  const pid_t final_run = Start();
  ASSERT_GT(final_run, 0);
  ASSERT_EQ(Wait(final_run), 0) << ReadFile(log_);

  sink = testing::FileSinkTransport::Count(sink_);
  messages = Messages(*store, created.campaign_id);
  EXPECT_EQ(sink.size(), static_cast<size_t>(kMessages));
  for (const auto& [id, m] : messages) {
    const auto it = sink.find(std::to_string(id));
    EXPECT_TRUE(it != sink.end() && it->second == 1) << "message " << id;
    EXPECT_EQ(m.state, MessageState::kSent) << "message " << id;
  }
  ASSERT_OK_AND_ASSIGN(CampaignRecord done, store->GetCampaign(created.campaign_id));
  EXPECT_EQ(done.state, CampaignState::kDone);
}

std::vector<std::string> Backends() {
  std::vector<std::string> b = {"sqlite"};
  if (std::getenv("ORACLE_TEST_POSTGRES_URL") != nullptr ||
      std::getenv("ORACLE_TEST_REQUIRE_POSTGRES") != nullptr) {
    b.push_back("postgresql");
  }
  return b;
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest, ::testing::ValuesIn(Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace oracle
