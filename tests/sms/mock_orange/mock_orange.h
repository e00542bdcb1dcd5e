// A mock of Orange's SMS API for tests and benchmarks: HTTPS on 127.0.0.1
// with certificates from a CA made at start-up, the token, send,
// subscription and contract endpoints, strict checks of every request, fault
// injection, and counts of the messages it accepted.
//
// In-process use (tests, benchmarks):
//
//   auto mock = oracle_test::MockOrange::Start({});
//   options.base_url = mock->base_url();   // https://127.0.0.1:<port>
//   options.ca_file = mock->ca_file();
//   mock->InjectNext(oracle_test::MockOrange::Fault::kTooManyRequests);
//   ... send ...
//   EXPECT_EQ(mock->accepted("+2250707123456"), 1);
//   EXPECT_TRUE(mock->violations().empty());
//
// As a process (tests/sms/mock_orange/main.cc, `oracle_mock_orange`): it
// prints one JSON line with its ports and CA file, then serves until stdin
// closes or SIGTERM; `/__admin/*` endpoints give counts, reset and faults
// (see docs/sms.md, "Orange SMS API").
//
// Thread safety: every method may be called from any thread while the
// server runs.
#ifndef ORACLE_TESTS_SMS_MOCK_ORANGE_MOCK_ORANGE_H_
#define ORACLE_TESTS_SMS_MOCK_ORANGE_MOCK_ORANGE_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace oracle_test {

class MockOrange {
 public:
  struct Options {
    std::string client_id = "mock-client-id-7f3a";
    std::string client_secret = "mock-client-secret-Q9x2LwZ8";
    std::string sender_address = "tel:+2250000";  // the contract's sender
    int token_lifetime_s = 3600;
    bool expires_in_as_number = false;  // Orange sends a string
    std::chrono::milliseconds slow_delay{3000};  // kSlowResponse
    // Where ca.pem (and unknown-ca.pem) are written; empty: a new temporary
    // directory, removed by the destructor.
    std::string dir;
    // Server threads' accept loops; one thread per connection.
    bool quiet = true;
  };

  enum class Fault {
    kNone,
    kExpiredToken,          // 401 {"code":42,...}; the token is dead after
    kTooManyRequests,       // 429 {"code":53,...}, Retry-After: 0
    kUnavailable,           // 503 {"code":5,...}
    kServerErrorAfterBody,  // body read and accepted, then 500 {"code":1}
    kResetAfterRequest,     // body read and accepted, then TCP reset
    kSlowResponse,          // body read and accepted, reply after slow_delay
    kMalformedJson,         // accepted, 201 with a body that is not JSON
    kNoResourceUrl,         // accepted, 201 without resourceURL
    kInvalidAddress,        // 400 requestError SVC0004
    kPolicyError,           // 403 requestError POL0001 (e.g. no bundle)
    kTokenRefused,          // token endpoint: 401 invalid_client
    kResetBeforeRequest,    // connection level: reset during TLS handshake
    kCloseAfterResponse,    // accepted, 201 (keep-alive), then the server
                            // closes the connection
  };
  static std::string_view FaultName(Fault f);
  static bool FaultFromName(std::string_view name, Fault* f);

  static std::unique_ptr<MockOrange> Start(Options options);
  ~MockOrange();

  int port() const;             // good certificate for 127.0.0.1/localhost
  int wrong_host_port() const;  // valid chain, certificate for wrong.example
  int unknown_ca_port() const;  // certificate from a CA nobody trusts
  std::string base_url() const;  // "https://127.0.0.1:<port>"
  std::string ca_file() const;   // PEM of the trusted test CA
  const Options& options() const;

  // The next `count` send requests (or token requests for kTokenRefused, or
  // new connections for kResetBeforeRequest) get `fault`.
  void InjectNext(Fault fault, int count = 1);
  // Sends to `recipient` ("+225...") get `fault`, `count` times (-1: always).
  void InjectForRecipient(const std::string& recipient, Fault fault,
                          int count = -1);
  // Contracts reply shape: 0 bare array, 1 wrapped partnerContracts.
  void SetContractsShape(int shape);

  // Messages the mock accepted (counted before any fault that comes after
  // reading the body), per recipient "+225...", per text, in total.
  int64_t accepted(const std::string& recipient) const;
  int64_t accepted_total() const;
  std::map<std::string, int64_t> accepted_by_recipient() const;
  std::map<std::string, int64_t> accepted_by_text() const;
  int64_t token_requests() const;
  int64_t send_requests() const;  // send requests received (any outcome)
  int64_t connections() const;    // TCP connections accepted on port()
  // Requests that broke a rule (method, path, header, auth, body).
  std::vector<std::string> violations() const;
  // Every raw request head (method, target, headers) received, for checks.
  std::vector<std::string> request_log() const;
  // JSON document with all counters (what GET /__admin/counts returns).
  std::string CountsJson() const;
  // Forgets counts, faults, violations and logs (tokens stay valid).
  void Reset();

  struct State;

 private:
  MockOrange() = default;
  std::unique_ptr<State> state_;
};

}  // namespace oracle_test

#endif  // ORACLE_TESTS_SMS_MOCK_ORANGE_MOCK_ORANGE_H_
