// OrangeSmsTransport against the mock Orange server on loopback: every
// fault ends in the right outcome, the mock never counts a message twice,
// TLS refuses bad certificates, and no log line, error or result carries a
// credential or a token.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mock_orange/mock_orange.h"
#include "oracle/orange_sms.h"
#include "sms/orange/orange_internal.h"
#include "test_util.h"

namespace oracle {
namespace {

using oracle_test::MockOrange;
using Fault = MockOrange::Fault;
using std::chrono::milliseconds;

constexpr char kTo[] = "+2250707123456";

std::string Base64(const std::string& in) {
  static const char kA[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -6;
  for (unsigned char c : in) {
    val = (val << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out += kA[(val >> bits) & 0x3F];
      bits -= 6;
    }
  }
  if (bits > -6) out += kA[((val << 8) >> (bits + 8)) & 0x3F];
  while (out.size() % 4) out += '=';
  return out;
}

class OrangeTransportTest : public ::testing::Test {
 protected:
  void SetUp() override { StartMock({}); }

  void StartMock(MockOrange::Options o) {
    mock_.reset();
    o.slow_delay = milliseconds(1500);
    mock_ = MockOrange::Start(o);
    ASSERT_TRUE(mock_ != nullptr);
  }

  OrangeSmsOptions Options() {
    OrangeSmsOptions o = OrangeSmsOptions::Defaults();
    o.base_url = mock_->base_url();
    o.ca_file = mock_->ca_file();
    o.client_id = mock_->options().client_id;
    o.client_secret = mock_->options().client_secret;
    o.sender_address = "tel:+2250000";
    o.connect_timeout = milliseconds(2000);
    o.request_timeout = milliseconds(2000);
    o.total_timeout = milliseconds(15000);
    o.backoff_base = milliseconds(1);
    o.backoff_cap = milliseconds(5);
    o.max_connections = 4;
    o.log = [this](std::string_view line) {
      std::lock_guard<std::mutex> lock(log_mu_);
      logs_.emplace_back(line);
    };
    return o;
  }

  std::unique_ptr<OrangeSmsTransport> Make(OrangeSmsOptions o) {
    Result<std::unique_ptr<OrangeSmsTransport>> t =
        OrangeSmsTransport::Make(std::move(o));
    EXPECT_OK(t);
    return t.ok() ? std::move(t).value() : nullptr;
  }
  std::unique_ptr<OrangeSmsTransport> Make() { return Make(Options()); }

  SmsMessage Message(std::string to = kTo, std::string text = "Bonjour") {
    SmsMessage m;
    m.to = std::move(to);
    m.text = std::move(text);
    m.client_ref = "ref-" + m.to;
    return m;
  }

  void Keep(const SendResult& r) {
    std::lock_guard<std::mutex> lock(log_mu_);
    results_.push_back(r);
  }
  void Keep(const Status& s) {
    std::lock_guard<std::mutex> lock(log_mu_);
    statuses_.push_back(s.ToString());
  }

  // Every secret the client held: id, secret, Basic value, every token the
  // mock issued (read back from the requests it received).
  std::vector<std::string> Secrets() {
    std::vector<std::string> s = {
        mock_->options().client_secret, mock_->options().client_id,
        Base64(mock_->options().client_id + ":" + mock_->options().client_secret)};
    for (const std::string& head : mock_->request_log()) {
      size_t at = head.find("Bearer ");
      if (at != std::string::npos) {
        s.push_back(head.substr(at + 7, head.find('\n', at) - at - 7));
      }
    }
    s.insert(s.end(), extra_secrets_.begin(), extra_secrets_.end());
    return s;
  }

  void TearDown() override {
    if (!mock_) return;
    std::vector<std::string> secrets = Secrets();
    std::lock_guard<std::mutex> lock(log_mu_);
    std::vector<std::string> texts = logs_;
    texts.insert(texts.end(), statuses_.begin(), statuses_.end());
    for (const SendResult& r : results_) {
      texts.push_back(r.error_code + "|" + r.error_message + "|" +
                      r.provider_message_id + "|" + r.request_id);
    }
    for (const std::string& secret : secrets) {
      ASSERT_FALSE(secret.empty());
      for (const std::string& t : texts) {
        EXPECT_EQ(t.find(secret), std::string::npos)
            << "secret leaked into: " << t;
      }
    }
    if (expect_no_violations_) {
      EXPECT_TRUE(mock_->violations().empty())
          << "first violation: " << mock_->violations().front();
    }
  }

  std::unique_ptr<MockOrange> mock_;
  std::mutex log_mu_;
  std::vector<std::string> logs_;
  std::vector<SendResult> results_;
  std::vector<std::string> statuses_;
  std::vector<std::string> extra_secrets_;
  bool expect_no_violations_ = true;
};

TEST_F(OrangeTransportTest, SendsAndReadsTheMessageId) {
  auto t = Make();
  ASSERT_TRUE(t);
  EXPECT_EQ(t->name(), "orange");
  SendResult r = t->Send(Message(kTo, "Votre code : 1234 — à bientôt"));
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kAccepted) << r.error_message;
  EXPECT_EQ(r.provider_message_id.rfind("msg-", 0), 0u) << r.provider_message_id;
  EXPECT_EQ(r.http_status, 201);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.request_id.rfind("mockreq-", 0), 0u);
  EXPECT_EQ(r.client_ref, std::string("ref-") + kTo);
  EXPECT_EQ(mock_->accepted(kTo), 1);
  EXPECT_EQ(mock_->accepted_by_text().begin()->first,
            "Votre code : 1234 — à bientôt");
  EXPECT_EQ(mock_->token_requests(), 1);
  // The path carries the encoded sender, exactly.
  bool seen = false;
  for (const std::string& head : mock_->request_log()) {
    if (head.rfind("POST /smsmessaging/v1/outbound/tel%3A%2B2250000/requests", 0) == 0) {
      seen = true;
    }
  }
  EXPECT_TRUE(seen);
  EXPECT_FALSE(logs_.empty());
}

TEST_F(OrangeTransportTest, ReusesOneConnectionAndOneToken) {
  auto t = Make();
  for (int i = 0; i < 20; ++i) {
    SendResult r = t->Send(Message("+22507071234" + std::to_string(10 + i)));
    Keep(r);
    ASSERT_EQ(r.outcome, SendOutcome::kAccepted) << r.error_message;
  }
  EXPECT_EQ(mock_->connections(), 1);
  EXPECT_EQ(mock_->token_requests(), 1);
  EXPECT_EQ(mock_->accepted_total(), 20);
  EXPECT_EQ(t->stats().connections_opened, 1);
}

TEST_F(OrangeTransportTest, InvalidMessagesNeverLeave) {
  auto t = Make();
  SendResult r = t->Send(Message("0707123456"));
  EXPECT_EQ(r.outcome, SendOutcome::kRejected);
  EXPECT_EQ(r.error_code, "INVALID_ADDRESS");
  r = t->Send(Message(kTo, ""));
  EXPECT_EQ(r.outcome, SendOutcome::kRejected);
  r = t->Send(Message(kTo, "bad \xff utf-8"));
  EXPECT_EQ(r.outcome, SendOutcome::kRejected);
  EXPECT_EQ(r.error_code, "INVALID_TEXT");
  EXPECT_EQ(mock_->send_requests(), 0);
}

TEST_F(OrangeTransportTest, ExpiredTokenIsRefreshedOnceAndResentOnce) {
  auto t = Make();
  mock_->InjectNext(Fault::kExpiredToken);
  SendResult r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kAccepted) << r.error_message;
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(mock_->token_requests(), 2);
  EXPECT_EQ(mock_->accepted(kTo), 1);

  // A 401 again right after the refresh: no third attempt.
  mock_->InjectNext(Fault::kExpiredToken, 2);
  r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kRetryLater);
  EXPECT_EQ(r.error_code, "42");
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(mock_->accepted(kTo), 1);
}

TEST_F(OrangeTransportTest, TooManyRequestsIsRetriedThenReported) {
  auto t = Make();
  mock_->InjectNext(Fault::kTooManyRequests, 2);
  SendResult r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kAccepted);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(mock_->accepted(kTo), 1);

  OrangeSmsOptions o = Options();
  o.max_retries = 1;
  auto t1 = Make(o);
  mock_->InjectNext(Fault::kTooManyRequests, 3);
  r = t1->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kRetryLater);
  EXPECT_EQ(r.error_code, "53");
  EXPECT_EQ(r.http_status, 429);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(mock_->accepted(kTo), 1);
}

TEST_F(OrangeTransportTest, UnavailableIsRetriedThenReported) {
  OrangeSmsOptions o = Options();
  o.max_retries = 2;
  auto t = Make(o);
  mock_->InjectNext(Fault::kUnavailable, 5);
  SendResult r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kRetryLater);
  EXPECT_EQ(r.error_code, "5");
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(mock_->accepted(kTo), 0);
  mock_->Reset();
  mock_->InjectNext(Fault::kUnavailable, 1);
  r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kAccepted);
  EXPECT_EQ(mock_->accepted(kTo), 1);
}

TEST_F(OrangeTransportTest, ServerErrorAfterTheBodyIsUnknownAndNotResent) {
  auto t = Make();
  mock_->InjectNext(Fault::kServerErrorAfterBody);
  SendResult r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kUnknown);
  EXPECT_EQ(r.http_status, 500);
  EXPECT_EQ(r.error_code, "1");
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(mock_->accepted(kTo), 1);
  EXPECT_EQ(mock_->send_requests(), 1);
}

TEST_F(OrangeTransportTest, ResetAfterTheRequestIsUnknownAndNotResent) {
  auto t = Make();
  mock_->InjectNext(Fault::kResetAfterRequest);
  SendResult r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kUnknown);
  EXPECT_EQ(r.error_code, "CONNECTION_RESET");
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(mock_->accepted(kTo), 1);
  EXPECT_EQ(mock_->send_requests(), 1);
  // The next message gets a new connection and goes through.
  r = t->Send(Message());
  EXPECT_EQ(r.outcome, SendOutcome::kAccepted);
  EXPECT_EQ(mock_->accepted(kTo), 2);
}

TEST_F(OrangeTransportTest, ResetBeforeTheRequestIsResent) {
  auto t = Make();
  // The token request gets a fresh connection; then the send gets one.
  mock_->InjectNext(Fault::kResetBeforeRequest, 2);
  SendResult r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kAccepted) << r.error_message;
  EXPECT_EQ(mock_->accepted(kTo), 1);
  EXPECT_EQ(mock_->send_requests(), 1);

  OrangeSmsOptions o = Options();
  o.max_retries = 2;
  auto t2 = Make(o);
  ASSERT_EQ(t2->Send(Message("+2250707000001")).outcome, SendOutcome::kAccepted);
  mock_->InjectNext(Fault::kResetAfterRequest);  // kills t2's pooled connection
  r = t2->Send(Message("+2250707000002"));
  EXPECT_EQ(r.outcome, SendOutcome::kUnknown);
  mock_->InjectNext(Fault::kResetBeforeRequest, 10);
  r = t2->Send(Message("+2250707000003"));
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kRetryLater);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(mock_->accepted("+2250707000003"), 0);
}

TEST_F(OrangeTransportTest, AConnectionTheServerClosedIsNotReused) {
  auto t = Make();
  ASSERT_EQ(t->Send(Message("+2250707000011")).outcome, SendOutcome::kAccepted);
  mock_->InjectNext(Fault::kCloseAfterResponse);
  ASSERT_EQ(t->Send(Message("+2250707000012")).outcome, SendOutcome::kAccepted);
  std::this_thread::sleep_for(milliseconds(100));  // the close arrives
  // Writing on the closed connection could "succeed" and then fail on the
  // read, which would make the message unknown: the pool must notice first.
  SendResult r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kAccepted) << r.error_message;
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(t->stats().connections_opened, 2);
  EXPECT_EQ(mock_->accepted(kTo), 1);
}

TEST_F(OrangeTransportTest, SlowResponsePastTheTimeoutIsUnknown) {
  OrangeSmsOptions o = Options();
  o.request_timeout = milliseconds(300);
  auto t = Make(o);
  ASSERT_EQ(t->Send(Message("+2250707000009")).outcome, SendOutcome::kAccepted);
  mock_->InjectNext(Fault::kSlowResponse);
  auto start = std::chrono::steady_clock::now();
  SendResult r = t->Send(Message());
  auto took = std::chrono::steady_clock::now() - start;
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kUnknown);
  EXPECT_EQ(r.error_code, "TIMEOUT");
  EXPECT_EQ(r.attempts, 1);
  EXPECT_LT(took, milliseconds(1400)) << "the timeout did not cut the wait";
  EXPECT_EQ(mock_->accepted(kTo), 1);
  EXPECT_EQ(mock_->send_requests(), 2);
}

TEST_F(OrangeTransportTest, TotalTimeoutBoundsRetries) {
  OrangeSmsOptions o = Options();
  o.total_timeout = milliseconds(400);
  o.max_retries = 100;
  o.backoff_base = milliseconds(50);
  o.backoff_cap = milliseconds(100);
  auto t = Make(o);
  mock_->InjectNext(Fault::kUnavailable, 1000);
  auto start = std::chrono::steady_clock::now();
  SendResult r = t->Send(Message());
  auto took = std::chrono::steady_clock::now() - start;
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kRetryLater);
  EXPECT_LT(took, milliseconds(1500));
  EXPECT_EQ(mock_->accepted(kTo), 0);
}

TEST_F(OrangeTransportTest, MalformedJsonAndMissingResourceUrlAreUnknown) {
  auto t = Make();
  mock_->InjectNext(Fault::kMalformedJson);
  SendResult r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kUnknown);
  EXPECT_EQ(r.error_code, "MALFORMED_RESPONSE");
  EXPECT_EQ(r.attempts, 1);
  mock_->InjectNext(Fault::kNoResourceUrl);
  r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kUnknown);
  EXPECT_EQ(r.error_code, "NO_RESOURCE_URL");
  EXPECT_TRUE(r.provider_message_id.empty());
  EXPECT_EQ(mock_->accepted(kTo), 2);
  EXPECT_EQ(mock_->send_requests(), 2);
}

TEST_F(OrangeTransportTest, ServiceAndPolicyErrorsAreRejected) {
  auto t = Make();
  mock_->InjectNext(Fault::kInvalidAddress);
  SendResult r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kRejected);
  EXPECT_EQ(r.error_code, "SVC0004");
  EXPECT_EQ(r.http_status, 400);
  EXPECT_NE(r.error_message.find("tel:+2250707123456"), std::string::npos);
  mock_->InjectNext(Fault::kPolicyError);
  r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kRejected);
  EXPECT_EQ(r.error_code, "POL0001");
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(mock_->accepted(kTo), 0);
}

TEST_F(OrangeTransportTest, RefusedCredentialsAreNotSentAndNotLeaked) {
  auto t = Make();
  mock_->InjectNext(Fault::kTokenRefused);
  SendResult r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kRetryLater);
  EXPECT_EQ(r.error_code, "TOKEN_REFUSED");
  EXPECT_NE(r.error_message.find("invalid_client"), std::string::npos);
  EXPECT_EQ(mock_->send_requests(), 0);

  OrangeSmsOptions o = Options();
  o.client_secret = "wrong-secret-Zx81pq";
  extra_secrets_ = {o.client_secret, Base64(o.client_id + ":" + o.client_secret)};
  auto bad = Make(o);
  r = bad->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kRetryLater);
  EXPECT_EQ(r.error_code, "TOKEN_REFUSED");
  EXPECT_EQ(mock_->send_requests(), 0);
  EXPECT_EQ(mock_->violations().size(), 1u);  // the wrong Basic credentials
  expect_no_violations_ = false;
}

TEST_F(OrangeTransportTest, RefusesACertificateForAnotherHost) {
  OrangeSmsOptions o = Options();
  o.base_url = "https://127.0.0.1:" + std::to_string(mock_->wrong_host_port());
  auto t = Make(o);
  SendResult r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kRetryLater);
  EXPECT_EQ(r.error_code, "TLS_VERIFY_FAILED");
  EXPECT_NE(r.error_message.find("certificate"), std::string::npos);
  o.base_url = "https://localhost:" + std::to_string(mock_->wrong_host_port());
  t = Make(o);
  r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.error_code, "TLS_VERIFY_FAILED");
  EXPECT_EQ(mock_->token_requests(), 0);
  EXPECT_EQ(mock_->send_requests(), 0);
}

TEST_F(OrangeTransportTest, RefusesACertificateFromAnUnknownCa) {
  OrangeSmsOptions o = Options();
  o.base_url = "https://127.0.0.1:" + std::to_string(mock_->unknown_ca_port());
  auto t = Make(o);
  SendResult r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.outcome, SendOutcome::kRetryLater);
  EXPECT_EQ(r.error_code, "TLS_VERIFY_FAILED");
  // Without ca_file the system store does not know the test CA either.
  o.ca_file.clear();
  o.base_url = mock_->base_url();
  t = Make(o);
  r = t->Send(Message());
  Keep(r);
  EXPECT_EQ(r.error_code, "TLS_VERIFY_FAILED");
  EXPECT_EQ(mock_->token_requests(), 0);
  EXPECT_EQ(mock_->send_requests(), 0);
}

TEST_F(OrangeTransportTest, HostNameWithSniVerifies) {
  OrangeSmsOptions o = Options();
  o.base_url = "https://localhost:" + std::to_string(mock_->port());
  auto t = Make(o);
  SendResult r = t->Send(Message());
  Keep(r);
  // localhost may resolve to ::1 first; the client tries every address.
  EXPECT_EQ(r.outcome, SendOutcome::kAccepted) << r.error_message;
  bool host_ok = false;
  for (const std::string& head : mock_->request_log()) {
    if (head.find("\nHost: localhost:" + std::to_string(mock_->port())) !=
        std::string::npos) {
      host_ok = true;
    }
  }
  EXPECT_TRUE(host_ok);
}

TEST_F(OrangeTransportTest, MissingCaFileIsAClearError) {
  OrangeSmsOptions o = Options();
  o.ca_file = "/nonexistent/ca.pem";
  Result<std::unique_ptr<OrangeSmsTransport>> t = OrangeSmsTransport::Make(o);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kIoError);
  Keep(t.status());
}

TEST_F(OrangeTransportTest, BatchKeepsOrderAndClassifiesEachMessage) {
  auto t = Make();
  mock_->InjectForRecipient("+2250707000002", Fault::kInvalidAddress);
  mock_->InjectForRecipient("+2250707000004", Fault::kServerErrorAfterBody);
  mock_->InjectForRecipient("+2250707000006", Fault::kTooManyRequests, 1);
  std::vector<SmsMessage> batch;
  for (int i = 0; i < 40; ++i) {
    batch.push_back(Message("+22507070000" + std::string(i < 10 ? "0" : "") +
                            std::to_string(i)));
  }
  std::vector<SendResult> results = t->SendBatch(batch);
  ASSERT_EQ(results.size(), batch.size());
  for (size_t i = 0; i < results.size(); ++i) {
    Keep(results[i]);
    EXPECT_EQ(results[i].client_ref, batch[i].client_ref);
    SendOutcome want = SendOutcome::kAccepted;
    if (i == 2) want = SendOutcome::kRejected;
    if (i == 4) want = SendOutcome::kUnknown;
    EXPECT_EQ(results[i].outcome, want) << i << " " << results[i].error_message;
    EXPECT_EQ(mock_->accepted(batch[i].to), i == 2 ? 0 : 1) << i;
  }
  EXPECT_EQ(results[6].attempts, 2);
  EXPECT_LE(mock_->connections(), 4);
}

TEST_F(OrangeTransportTest, SendAsyncCallsBackOncePerMessage) {
  auto t = Make();
  std::mutex mu;
  std::condition_variable cv;
  std::vector<SendResult> got;
  for (int i = 0; i < 12; ++i) {
    t->SendAsync(Message("+22507070001" + std::to_string(10 + i)),
                 [&](SendResult r) {
                   std::lock_guard<std::mutex> lock(mu);
                   got.push_back(std::move(r));
                   cv.notify_all();
                 });
  }
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(20),
                          [&] { return got.size() == 12; }));
  for (const SendResult& r : got) {
    EXPECT_EQ(r.outcome, SendOutcome::kAccepted);
    results_.push_back(r);
  }
  EXPECT_EQ(mock_->accepted_total(), 12);
}

TEST_F(OrangeTransportTest, DestroyingTheTransportFinishesQueuedSends) {
  std::atomic<int> called{0}, accepted{0};
  {
    auto t = Make();
    for (int i = 0; i < 30; ++i) {
      t->SendAsync(Message("+22507070002" + std::to_string(10 + i)),
                   [&](SendResult r) {
                     ++called;
                     if (r.outcome == SendOutcome::kAccepted) ++accepted;
                   });
    }
  }
  EXPECT_EQ(called.load(), 30);
  EXPECT_EQ(accepted.load(), 30);
  EXPECT_EQ(mock_->accepted_total(), 30);
}

TEST_F(OrangeTransportTest, RateLimitPacesStarts) {
  OrangeSmsOptions o = Options();
  o.messages_per_second = 40;
  auto t = Make(o);
  std::vector<SmsMessage> batch(21, Message());
  auto start = std::chrono::steady_clock::now();
  std::vector<SendResult> results = t->SendBatch(batch);
  auto took = std::chrono::steady_clock::now() - start;
  // 21 starts at 40/s need at least 20 intervals of 25 ms.
  EXPECT_GE(took, milliseconds(480));
  EXPECT_EQ(mock_->accepted(kTo), 21);
}

TEST_F(OrangeTransportTest, ReceiptSubscriptions) {
  auto t = Make();
  Result<OrangeReceiptSubscription> bad =
      t->CreateReceiptSubscription("http://example.com/cb");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(
      OrangeReceiptSubscription sub,
      t->CreateReceiptSubscription("https://hooks.example.com/orange/Zq9", "ctx-1"));
  EXPECT_EQ(sub.id.rfind("sub-", 0), 0u);
  EXPECT_FALSE(sub.request_id.empty());
  ASSERT_OK_AND_ASSIGN(OrangeReceiptSubscription read,
                       t->GetReceiptSubscription(sub.id));
  EXPECT_EQ(read.notify_url, "https://hooks.example.com/orange/Zq9");
  EXPECT_EQ(read.callback_data, "ctx-1");
  EXPECT_OK(t->DeleteReceiptSubscription(sub.id));
  Status again = t->DeleteReceiptSubscription(sub.id);
  EXPECT_EQ(again.code(), StatusCode::kNotFound);
  Keep(again);
  EXPECT_EQ(t->GetReceiptSubscription(sub.id).status().code(),
            StatusCode::kNotFound);
}

TEST_F(OrangeTransportTest, ContractsInBothShapes) {
  auto t = Make();
  ASSERT_OK_AND_ASSIGN(std::vector<OrangeContract> bare, t->GetContracts("CIV"));
  ASSERT_EQ(bare.size(), 2u);
  EXPECT_EQ(bare[0].available_units, 1234);
  EXPECT_EQ(bare[0].country, "CIV");
  EXPECT_EQ(bare[1].available_units, 0);
  EXPECT_EQ(bare[1].status, "EXPIRED");
  mock_->SetContractsShape(1);
  ASSERT_OK_AND_ASSIGN(std::vector<OrangeContract> wrapped, t->GetContracts());
  ASSERT_EQ(wrapped.size(), 2u);
  EXPECT_EQ(wrapped[0].id, "c-0001");
  EXPECT_EQ(t->GetContracts("ci").status().code(), StatusCode::kInvalidArgument);
}

// ----------------------------------------------------- concurrency (tsan)

TEST_F(OrangeTransportTest, ConcurrentSendsShareOneToken) {
  auto t = Make();
  constexpr int kThreads = 8, kEach = 15;
  std::vector<std::thread> threads;
  std::atomic<int> accepted{0};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < kEach; ++k) {
        SendResult r = t->Send(Message("+225070700" + std::to_string(1000 + i * 100 + k)));
        if (r.outcome == SendOutcome::kAccepted) ++accepted;
        Keep(r);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(accepted.load(), kThreads * kEach);
  EXPECT_EQ(mock_->token_requests(), 1);
  EXPECT_EQ(mock_->accepted_total(), kThreads * kEach);
  EXPECT_LE(mock_->connections(), 4);
}

TEST_F(OrangeTransportTest, ConcurrentExpiryRefreshesOnce) {
  auto t = Make();
  ASSERT_EQ(t->Send(Message("+2250707999999")).outcome, SendOutcome::kAccepted);
  // The token dies at the next send; every thread sees a 401 on it at most
  // once, one refresh serves them all.
  mock_->InjectNext(Fault::kExpiredToken);
  constexpr int kThreads = 6, kEach = 10;
  std::vector<std::thread> threads;
  std::atomic<int> accepted{0};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < kEach; ++k) {
        SendResult r = t->Send(Message("+225070800" + std::to_string(1000 + i * 100 + k)));
        if (r.outcome == SendOutcome::kAccepted) ++accepted;
        Keep(r);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(accepted.load(), kThreads * kEach);
  EXPECT_EQ(mock_->token_requests(), 2);
  EXPECT_EQ(mock_->accepted_total(), kThreads * kEach + 1);
}

TEST_F(OrangeTransportTest, ConcurrentShortLivedTokensAreRefreshedAhead) {
  MockOrange::Options mo;
  mo.token_lifetime_s = 2;
  StartMock(mo);
  OrangeSmsOptions o = Options();
  o.token_refresh_margin = std::chrono::seconds(1);
  auto t = Make(o);
  std::vector<std::thread> threads;
  std::atomic<int> accepted{0}, sent{0};
  auto until = std::chrono::steady_clock::now() + milliseconds(2600);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      while (std::chrono::steady_clock::now() < until) {
        SendResult r = t->Send(Message("+2250709" + std::to_string(100000 + i)));
        ++sent;
        if (r.outcome == SendOutcome::kAccepted && r.attempts == 1) ++accepted;
        Keep(r);
        std::this_thread::sleep_for(milliseconds(20));
      }
    });
  }
  for (std::thread& th : threads) th.join();
  // Refreshed a second before expiry: no request ever met a 401.
  EXPECT_EQ(accepted.load(), sent.load());
  EXPECT_GE(mock_->token_requests(), 2);
  EXPECT_LE(mock_->token_requests(), 4);
}

// ------------------------------------------------- the mock as a process

#ifdef ORACLE_MOCK_ORANGE_BIN
class MockProcess {
 public:
  MockProcess() {
    int out[2], in[2];
    EXPECT_EQ(pipe(out), 0);
    EXPECT_EQ(pipe(in), 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      dup2(in[0], 0);
      close(out[0]);
      close(in[1]);
      execl(ORACLE_MOCK_ORANGE_BIN, ORACLE_MOCK_ORANGE_BIN,
            "--exit-on-stdin-eof", nullptr);
      _exit(127);
    }
    close(out[1]);
    close(in[0]);
    stdin_ = in[1];
    FILE* f = fdopen(out[0], "r");
    char line[4096] = {0};
    if (fgets(line, sizeof line, f) != nullptr) hello_ = line;
    fclose(f);
  }
  ~MockProcess() {
    close(stdin_);  // the mock exits on end of stdin
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  const std::string& hello() const { return hello_; }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  std::string hello_;
};

TEST_F(OrangeTransportTest, MockRunsAsAProcessWithAdminEndpoints) {
  MockProcess process;
  nlohmann::json hello = nlohmann::json::parse(process.hello(), nullptr, false);
  ASSERT_TRUE(hello.is_object()) << process.hello();
  OrangeSmsOptions o = Options();
  o.base_url = hello["base_url"].get<std::string>();
  o.ca_file = hello["ca_file"].get<std::string>();
  auto t = Make(o);

  internal::HttpClientOptions ho;
  ASSERT_OK_AND_ASSIGN(ho.base, internal::ParseBaseUrl(o.base_url));
  ho.ca_file = o.ca_file;
  ASSERT_OK_AND_ASSIGN(auto admin, internal::HttpClient::Make(ho));
  auto call = [&](const std::string& method, const std::string& target,
                  const std::string& body) {
    internal::HttpRequest req{method, target, {}, body};
    internal::Exchange ex = admin->Do(
        req, internal::Clock::now() + std::chrono::seconds(5));
    EXPECT_EQ(ex.error, internal::Exchange::Error::kNone) << ex.error_detail;
    return ex.response;
  };

  EXPECT_EQ(t->Send(Message()).outcome, SendOutcome::kAccepted);
  EXPECT_EQ(call("POST", "/__admin/faults",
                 R"({"fault":"reset_after_request","recipient":"+2250707000077","count":1})")
                .status,
            204);
  EXPECT_EQ(t->Send(Message("+2250707000077")).outcome, SendOutcome::kUnknown);
  EXPECT_EQ(t->Send(Message("+2250707000077")).outcome, SendOutcome::kAccepted);
  nlohmann::json counts = nlohmann::json::parse(call("GET", "/__admin/counts", "").body);
  EXPECT_EQ(counts["accepted_total"], 3);
  EXPECT_EQ(counts["by_recipient"][kTo], 1);
  EXPECT_EQ(counts["by_recipient"]["+2250707000077"], 2);
  EXPECT_TRUE(counts["violations"].empty());
  EXPECT_EQ(call("POST", "/__admin/reset", "").status, 204);
  counts = nlohmann::json::parse(call("GET", "/__admin/counts", "").body);
  EXPECT_EQ(counts["accepted_total"], 0);
}
#endif

}  // namespace
}  // namespace oracle
