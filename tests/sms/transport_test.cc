// Tests of the out-of-line parts of include/oracle/sms_transport.h: the
// names, and the default SendAsync / SendBatch of SmsTransport.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "oracle/sms_transport.h"

namespace oracle {
namespace {

TEST(SmsTransportTest, OutcomeNames) {
  EXPECT_EQ(SendOutcomeName(SendOutcome::kAccepted), "ACCEPTED");
  EXPECT_EQ(SendOutcomeName(SendOutcome::kRejected), "REJECTED");
  EXPECT_EQ(SendOutcomeName(SendOutcome::kRetryLater), "RETRY_LATER");
  EXPECT_EQ(SendOutcomeName(SendOutcome::kUnknown), "UNKNOWN");
}

TEST(SmsTransportTest, DeliveryStatusNamesAreTheProviderSpelling) {
  EXPECT_EQ(DeliveryStatusName(DeliveryStatus::kDeliveredToTerminal),
            "DeliveredToTerminal");
  EXPECT_EQ(DeliveryStatusName(DeliveryStatus::kDeliveredToNetwork),
            "DeliveredToNetwork");
  EXPECT_EQ(DeliveryStatusName(DeliveryStatus::kMessageWaiting),
            "MessageWaiting");
  EXPECT_EQ(DeliveryStatusName(DeliveryStatus::kDeliveryUncertain),
            "DeliveryUncertain");
  EXPECT_EQ(DeliveryStatusName(DeliveryStatus::kDeliveryImpossible),
            "DeliveryImpossible");
  EXPECT_EQ(DeliveryStatusName(DeliveryStatus::kNotSupported),
            "DeliveryNotificationNotSupported");
}

// Accepts every message whose text is not "reject", with id "id-<text>".
class EchoTransport : public SmsTransport {
 public:
  std::string name() const override { return "echo"; }
  SendResult Send(const SmsMessage& m) override {
    ++sends;
    SendResult r;
    r.client_ref = m.client_ref;
    if (m.text == "reject") {
      r.outcome = SendOutcome::kRejected;
      r.error_code = "NOPE";
    } else {
      r.outcome = SendOutcome::kAccepted;
      r.provider_message_id = "id-" + m.text;
    }
    return r;
  }
  std::atomic<int> sends{0};
};

// Completes each SendAsync on its own thread, later messages first.
class ReversingAsyncTransport : public EchoTransport {
 public:
  void SendAsync(SmsMessage m, SendCallback done) override {
    std::lock_guard<std::mutex> lock(mu_);
    const int delay_ms = 50 - 5 * static_cast<int>(threads_.size());
    threads_.emplace_back([this, m = std::move(m), done = std::move(done),
                           delay_ms] {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      done(Send(m));
    });
  }
  ~ReversingAsyncTransport() override {
    for (std::thread& t : threads_) t.join();
  }
 private:
  std::mutex mu_;
  std::vector<std::thread> threads_;
};

std::vector<SmsMessage> Messages(int n) {
  std::vector<SmsMessage> out;
  for (int i = 0; i < n; ++i) {
    SmsMessage m;
    m.to = "+2250707000" + std::to_string(100 + i);
    m.text = i == 2 ? "reject" : "m" + std::to_string(i);
    m.client_ref = "ref" + std::to_string(i);
    out.push_back(m);
  }
  return out;
}

TEST(SmsTransportTest, DefaultSendAsyncCallsSendInlineOnce) {
  EchoTransport t;
  int calls = 0;
  std::thread::id where;
  t.SendAsync(Messages(1)[0], [&](SendResult r) {
    ++calls;
    where = std::this_thread::get_id();
    EXPECT_EQ(r.provider_message_id, "id-m0");
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(where, std::this_thread::get_id());
  EXPECT_EQ(t.sends.load(), 1);
}

TEST(SmsTransportTest, DefaultSendBatchKeepsInputOrder) {
  EchoTransport t;
  const std::vector<SmsMessage> ms = Messages(5);
  const std::vector<SendResult> rs = t.SendBatch(ms);
  ASSERT_EQ(rs.size(), 5u);
  for (size_t i = 0; i < rs.size(); ++i) {
    EXPECT_EQ(rs[i].client_ref, ms[i].client_ref);
  }
  EXPECT_EQ(rs[2].outcome, SendOutcome::kRejected);
  EXPECT_EQ(rs[4].provider_message_id, "id-m4");
  EXPECT_EQ(t.sends.load(), 5);
  EXPECT_TRUE(t.SendBatch({}).empty());
}

TEST(SmsTransportTest, DefaultSendBatchWaitsForAsyncCompletions) {
  ReversingAsyncTransport t;
  const std::vector<SmsMessage> ms = Messages(6);
  const std::vector<SendResult> rs = t.SendBatch(ms);
  ASSERT_EQ(rs.size(), 6u);
  EXPECT_EQ(t.sends.load(), 6);
  for (size_t i = 0; i < rs.size(); ++i) {
    EXPECT_EQ(rs[i].client_ref, "ref" + std::to_string(i));
    if (i != 2) EXPECT_EQ(rs[i].provider_message_id, "id-m" + std::to_string(i));
  }
  EXPECT_EQ(rs[2].outcome, SendOutcome::kRejected);
}

}  // namespace
}  // namespace oracle
