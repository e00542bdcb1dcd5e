// Private pieces of the Orange SMS API transport: URL and error parsing, the
// rate limiter, the token cache and the HTTPS client with its keep-alive
// connection pool. Only std types here; Boost and OpenSSL stay in the .cc
// files.
#ifndef ORACLE_SMS_ORANGE_ORANGE_INTERNAL_H_
#define ORACLE_SMS_ORANGE_ORANGE_INTERNAL_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/e164_internal.h"
#include "oracle/orange_sms.h"
#include "oracle/result.h"
#include "oracle/status.h"

namespace oracle::internal {

using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------- parsing

struct BaseUrl {
  std::string host;  // "api.orange.com" or "127.0.0.1" (no brackets)
  std::string port;  // "443"
  bool host_is_ip = false;
  std::string host_header;  // "api.orange.com" or "127.0.0.1:8443"
};
// Accepts "https://host[:port][/]" only.
Result<BaseUrl> ParseBaseUrl(std::string_view url);

// Percent-encodes everything but RFC 3986 unreserved characters:
// "tel:+2250000" -> "tel%3A%2B2250000".
std::string UrlEncode(std::string_view s);

// The last non-empty path segment of a resourceURL, percent-decoded; empty
// when there is none or it is not a plausible id.
std::string LastPathSegment(std::string_view url);

// "tel:+" followed by 1-20 digits.
bool IsTelAddress(std::string_view s);

// The error a reply body carries, from either family:
//   gateway:  {"code":42,"message":"Expired credentials","description":"..."}
//   service:  {"requestError":{"serviceException":{"messageId":"SVC0004",
//              "text":"...","variables":[...]}}}  (or policyException)
//   OAuth:    {"error":"invalid_client","error_description":"..."}
struct OrangeError {
  enum class Family { kNone, kGateway, kService, kPolicy, kOAuth };
  Family family = Family::kNone;
  std::string code;  // "42", "SVC0004", "POL1009", "invalid_client"
  std::string text;  // message + description / text with variables filled
};
OrangeError ParseOrangeError(std::string_view body);

// Classification of a reply to a send request (HTTP status, body).
// Statuses 401, 429 and 503 are handled by the retry loop before this.
struct SendClassification {
  SendOutcome outcome;
  std::string message_id;  // for kAccepted
  std::string error_code;
  std::string error_message;
};
SendClassification ClassifySendReply(int http_status, std::string_view body);

// Contracts from a body shaped as a bare array, a wrapped object, or nested
// partnerContracts/serviceContracts: every object with "availableUnits".
Result<std::vector<OrangeContract>> ParseContracts(std::string_view body);

// Replaces every occurrence of each non-empty secret in `text` with
// "[redacted]".
std::string Redact(std::string text, const std::vector<std::string>& secrets);

// ------------------------------------------------------------ rate limiter

// Paces starts at `rate` per second over all threads (GCRA: each caller
// reserves the next slot, then sleeps until it). `burst` slots may be used
// back to back after an idle period.
class RateLimiter {
 public:
  RateLimiter(double rate, int burst);
  // Waits for a slot. False (without reserving) when the slot is after
  // `deadline`.
  bool Acquire(Clock::time_point deadline);

 private:
  const bool enabled_;
  const Clock::duration interval_;
  const Clock::duration burst_window_;
  std::mutex mu_;
  Clock::time_point next_{};
};

// -------------------------------------------------------------- HTTP client

struct HttpRequest {
  std::string method;  // "GET", "POST", "DELETE"
  std::string target;  // "/oauth/v3/token"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::string body;
  std::string request_id;   // X-OAPI-Request-Id
  std::string retry_after;  // Retry-After, raw
};

struct Exchange {
  enum class Error {
    kNone,
    kNotWritten,  // connect/handshake/write failed: the server cannot
                  // have the whole request
    kTlsVerify,   // the server's certificate was refused (not written)
    kTimeout,     // after the request was written
    kReset,       // connection lost after the request was written
    kBadResponse, // unparsable HTTP after the request was written
  };
  Error error = Error::kNone;
  std::string error_code;    // "CONNECT_FAILED", "TIMEOUT", ...
  std::string error_detail;  // readable, no secrets
  HttpResponse response;
  bool reused_connection = false;
};

struct HttpClientOptions {
  BaseUrl base;
  std::string ca_file;
  bool verify_peer = true;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{15000};
  std::chrono::milliseconds idle_timeout{30000};
  int max_connections = 8;
};

// HTTPS/1.1 client with a keep-alive pool of at most max_connections
// connections; a caller waits for a free one. Thread-safe.
class HttpClient {
 public:
  static Result<std::unique_ptr<HttpClient>> Make(HttpClientOptions options);
  ~HttpClient();

  // One request and its response; never throws. The time limits are
  // min(step timeout, deadline - now).
  Exchange Do(const HttpRequest& request, Clock::time_point deadline);

  int64_t connections_opened() const { return connections_opened_.load(); }
  int64_t requests_written() const { return requests_written_.load(); }

 private:
  struct Connection;
  struct Tls;
  HttpClient() = default;
  // A connection from the pool or a new one; nullptr + error when none.
  std::unique_ptr<Connection> Checkout(Clock::time_point deadline,
                                       Exchange* failure, bool* reused);
  void Checkin(std::unique_ptr<Connection> c, bool reusable);

  HttpClientOptions options_;
  std::unique_ptr<Tls> tls_;
  std::mutex mu_;
  std::condition_variable cv_;
  int in_use_ = 0;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::atomic<int64_t> connections_opened_{0};
  std::atomic<int64_t> requests_written_{0};
};

// -------------------------------------------------------------- token cache

struct AccessToken {
  std::string value;
  uint64_t generation = 0;
};

// One OAuth2 token per transport, shared by all threads. Get returns the
// cached token while it is fresh; otherwise one caller fetches a new one
// while the others wait for its result. Thread-safe.
class TokenCache {
 public:
  // `fetch` returns {token, lifetime} or why not.
  struct Fetched {
    std::string token;
    std::chrono::seconds lifetime;
  };
  using FetchFn = std::function<Result<Fetched>(Clock::time_point deadline)>;

  TokenCache(FetchFn fetch, std::chrono::seconds refresh_margin);
  Result<AccessToken> Get(Clock::time_point deadline);
  // Drops the token if it is still `generation` (a 401 on it).
  void Invalidate(uint64_t generation);
  // The current token value, for redaction ("" when none).
  std::vector<std::string> KnownTokens() const;

 private:
  FetchFn fetch_;
  const std::chrono::seconds margin_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool refreshing_ = false;
  uint64_t round_ = 0;  // refresh rounds finished
  std::optional<Status> last_failure_;
  std::string token_;
  Clock::time_point refresh_at_{};
  Clock::time_point expires_at_{};
  uint64_t generation_ = 0;
  std::vector<std::string> recent_;  // recent token values, for redaction
};

}  // namespace oracle::internal

#endif  // ORACLE_SMS_ORANGE_ORANGE_INTERNAL_H_
