// OrangeSmsTransport: token, send with classification and safe retries,
// receipt subscriptions, contracts.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "oracle/orange_sms.h"
#include "sms/orange/orange_internal.h"

namespace oracle {
namespace {

using internal::Clock;
using internal::Exchange;
using internal::HttpRequest;
using internal::HttpResponse;
using Json = nlohmann::json;

std::string Base64(std::string_view in) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) |
                 uint8_t(in[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < in.size()) {
    uint32_t v = uint8_t(in[i]) << 16;
    if (i + 1 < in.size()) v |= uint8_t(in[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// "+2250707123456" -> "+22507071234**": enough to follow a message in logs.
std::string MaskNumber(std::string_view n) {
  std::string out(n.substr(0, 20));
  for (size_t i = out.size() > 4 ? out.size() - 2 : out.size(); i < out.size(); ++i) {
    out[i] = '*';
  }
  return out;
}

int64_t Millis(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

// Retry-After in seconds (the HTTP-date form is ignored).
std::chrono::milliseconds ParseRetryAfter(const std::string& v) {
  if (v.empty() || v.size() > 6 ||
      !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::chrono::milliseconds(0);
  }
  return std::chrono::seconds(std::stoi(v));
}

Status StatusForHttp(int http_status, std::string message) {
  switch (http_status) {
    case 400: return Status::InvalidArgument(std::move(message));
    case 401: return Status::Unauthenticated(std::move(message));
    case 403: return Status::PermissionDenied(std::move(message));
    case 404: return Status::NotFound(std::move(message));
    case 409: return Status::AlreadyExists(std::move(message));
    case 429: return Status::ResourceExhausted(std::move(message));
    default: break;
  }
  if (http_status >= 500) return Status::Unavailable(std::move(message));
  return Status::FailedPrecondition(std::move(message));
}

}  // namespace

struct OrangeSmsTransport::Impl {
  OrangeSmsOptions options;
  internal::BaseUrl base;
  std::unique_ptr<internal::HttpClient> client;
  std::unique_ptr<internal::TokenCache> tokens;
  std::unique_ptr<internal::RateLimiter> limiter;
  std::string basic_credentials;  // base64(id:secret)
  std::atomic<int64_t> token_requests{0};

  std::mutex rng_mu;
  std::mt19937_64 rng{std::random_device{}()};

  // SendAsync workers, started on first use.
  std::mutex work_mu;
  std::condition_variable work_cv;
  std::deque<std::function<void()>> work;
  std::vector<std::thread> workers;
  bool stopping = false;

  ~Impl() { StopWorkers(); }

  // Runs the queued SendAsync work to its end, then stops the workers.
  void StopWorkers() {
    {
      std::lock_guard<std::mutex> lock(work_mu);
      stopping = true;
    }
    work_cv.notify_all();
    for (std::thread& t : workers) t.join();
    workers.clear();
  }

  std::vector<std::string> Secrets() const {
    std::vector<std::string> s = {options.client_secret, basic_credentials,
                                  options.client_id};
    if (tokens) {
      for (std::string& t : tokens->KnownTokens()) s.push_back(std::move(t));
    }
    return s;
  }
  std::string Clean(std::string text) const {
    return internal::Redact(std::move(text), Secrets());
  }
  void Log(const std::string& line) const {
    if (options.log) options.log(Clean(line));
  }

  // Full-jitter backoff before resend `attempt` (1-based), at least `hint`.
  Clock::duration Backoff(int attempt, std::chrono::milliseconds hint) {
    const int64_t base = options.backoff_base.count();
    const int64_t cap = options.backoff_cap.count();
    int64_t ceiling = base;
    for (int i = 1; i < attempt && ceiling < cap; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, cap);
    int64_t ms = 0;
    if (ceiling > 0) {
      std::lock_guard<std::mutex> lock(rng_mu);
      ms = std::uniform_int_distribution<int64_t>(0, ceiling)(rng);
    }
    return std::max<Clock::duration>(std::chrono::milliseconds(ms), hint);
  }

  // ------------------------------------------------------------ token

  Result<internal::TokenCache::Fetched> FetchToken(Clock::time_point deadline) {
    HttpRequest req;
    req.method = "POST";
    req.target = "/oauth/v3/token";
    req.headers = {{"Authorization", "Basic " + basic_credentials},
                   {"Content-Type", "application/x-www-form-urlencoded"},
                   {"Accept", "application/json"}};
    req.body = "grant_type=client_credentials";
    for (int attempt = 1;; ++attempt) {
      token_requests.fetch_add(1, std::memory_order_relaxed);
      const Clock::time_point start = Clock::now();
      Exchange ex = client->Do(req, deadline);
      std::string line = "orange: POST /oauth/v3/token attempt=" +
                         std::to_string(attempt) + " ";
      bool retryable = false;
      Status failure;
      if (ex.error != Exchange::Error::kNone) {
        line += "error=" + ex.error_code + " (" + ex.error_detail + ")";
        // Asking for a token twice is harmless: any network error may retry,
        // except a refused certificate (FAILED_PRECONDITION).
        retryable = ex.error != Exchange::Error::kTlsVerify;
        std::string msg = "token request failed: " + ex.error_code + ": " +
                          ex.error_detail;
        failure = retryable ? Status::Unavailable(msg)
                            : Status::FailedPrecondition(msg);
      } else {
        const HttpResponse& r = ex.response;
        line += "status=" + std::to_string(r.status) +
                " request_id=" + r.request_id;
        if (r.status == 200) {
          Json v = Json::parse(r.body, nullptr, false);
          std::string token;
          if (v.is_object() && v.contains("access_token") &&
              v["access_token"].is_string()) {
            token = v["access_token"].get<std::string>();
          }
          int64_t lifetime = 3600;
          bool lifetime_ok = true;
          if (v.is_object() && v.contains("expires_in")) {
            const Json& e = v["expires_in"];
            if (e.is_number_integer() || e.is_number_unsigned()) {
              lifetime = e.get<int64_t>();
            } else if (e.is_number_float()) {
              lifetime = static_cast<int64_t>(e.get<double>());
            } else if (e.is_string()) {
              const std::string& s = e.get_ref<const std::string&>();
              lifetime_ok = !s.empty() && s.size() < 12 &&
                            std::all_of(s.begin(), s.end(), [](char c) {
                              return c >= '0' && c <= '9';
                            });
              if (lifetime_ok) lifetime = std::stoll(s);
            } else {
              lifetime_ok = false;
            }
          }
          if (!token.empty() && lifetime_ok && lifetime > 0) {
            line += " expires_in=" + std::to_string(lifetime) + " " +
                    std::to_string(Millis(Clock::now() - start)) + "ms";
            Log(line);
            return internal::TokenCache::Fetched{
                std::move(token), std::chrono::seconds(lifetime)};
          }
          line += " (unusable token reply)";
          failure = Status::DataLoss(
              "token reply without a usable access_token/expires_in");
        } else {
          internal::OrangeError e = internal::ParseOrangeError(r.body);
          std::string msg = "token request refused: HTTP " +
                            std::to_string(r.status) +
                            (e.code.empty() ? "" : " " + e.code) +
                            (e.text.empty() ? "" : ": " + e.text) +
                            (r.request_id.empty()
                                 ? ""
                                 : " (X-OAPI-Request-Id " + r.request_id + ")");
          retryable = r.status == 429 || r.status >= 500;
          failure = r.status == 401 || r.status == 400 || r.status == 403
                        ? Status::Unauthenticated(msg)
                        : StatusForHttp(r.status, msg);
        }
      }
      Log(line);
      if (!retryable || attempt > options.max_retries) {
        return Status(failure.code(), Clean(failure.message()));
      }
      Clock::duration wait = Backoff(attempt, ParseRetryAfter(ex.response.retry_after));
      if (Clock::now() + wait >= deadline) {
        return Status(failure.code(), Clean(failure.message()));
      }
      std::this_thread::sleep_for(wait);
    }
  }

  // ------------------------------------------------------------- send

  SendResult SendOne(const SmsMessage& m) {
    SendResult result;
    result.client_ref = m.client_ref;
    const Clock::time_point deadline = Clock::now() + options.total_timeout;
    const std::string& sender =
        m.sender_address.empty() ? options.sender_address : m.sender_address;
    const std::string& sender_name =
        m.sender_name.empty() ? options.sender_name : m.sender_name;
    auto reject = [&](const char* code, std::string message) {
      result.outcome = SendOutcome::kRejected;
      result.error_code = code;
      result.error_message = std::move(message);
      return result;
    };
    if (!internal::IsE164(m.to)) {
      return reject("INVALID_ADDRESS", "recipient is not an E.164 number (+ and 6-15 digits)");
    }
    if (!internal::IsTelAddress(sender)) {
      return reject("INVALID_SENDER", "sender address must look like tel:+2250000");
    }
    if (m.text.empty()) return reject("EMPTY_TEXT", "message text is empty");

    Json body;
    Json& r = body["outboundSMSMessageRequest"];
    r["address"] = "tel:" + m.to;
    r["senderAddress"] = sender;
    if (!sender_name.empty()) r["senderName"] = sender_name;
    r["outboundSMSTextMessage"]["message"] = m.text;
    HttpRequest req;
    req.method = "POST";
    req.target = "/smsmessaging/v1/outbound/" + internal::UrlEncode(sender) +
                 "/requests";
    try {
      req.body = body.dump();  // throws on invalid UTF-8
    } catch (const std::exception&) {
      return reject("INVALID_TEXT", "message text is not valid UTF-8");
    }

    bool refreshed_after_401 = false;
    int resends = 0;
    while (true) {
      Result<internal::AccessToken> token = tokens->Get(deadline);
      if (!token.ok()) {
        result.outcome = SendOutcome::kRetryLater;
        switch (token.status().code()) {
          case StatusCode::kUnauthenticated:
            result.error_code = "TOKEN_REFUSED";
            break;
          case StatusCode::kFailedPrecondition:
            result.error_code = "TLS_VERIFY_FAILED";
            break;
          default:
            result.error_code = "TOKEN_UNAVAILABLE";
        }
        result.error_message = Clean(token.status().message());
        return result;
      }
      if (!limiter->Acquire(deadline)) {
        result.outcome = SendOutcome::kRetryLater;
        result.error_code = "RATE_LIMITED";
        result.error_message =
            "the configured rate limit leaves no slot before the deadline";
        return result;
      }
      req.headers = {{"Authorization", "Bearer " + token->value},
                     {"Content-Type", "application/json"},
                     {"Accept", "application/json"}};
      ++result.attempts;
      const Clock::time_point start = Clock::now();
      Exchange ex = client->Do(req, deadline);
      const HttpResponse& res = ex.response;
      if (!res.request_id.empty()) result.request_id = res.request_id;
      result.http_status = res.status;
      std::string line = "orange: POST " + req.target +
                          " to=" + MaskNumber(m.to) +
                          " attempt=" + std::to_string(result.attempts) +
                          (ex.reused_connection ? " conn=reused" : " conn=new");

      // Decide: done (return) or resend after `wait`.
      std::chrono::milliseconds hint{0};
      if (ex.error != Exchange::Error::kNone) {
        line += " error=" + ex.error_code + " (" + ex.error_detail + ")";
        result.error_code = ex.error_code;
        result.error_message = ex.error_detail;
        if (ex.error == Exchange::Error::kTlsVerify) {
          // Not sent, and trying again will not help until fixed.
          result.outcome = SendOutcome::kRetryLater;
        } else if (ex.error == Exchange::Error::kNotWritten) {
          result.outcome = SendOutcome::kRetryLater;
          if (resends < options.max_retries) {
            Log(line + " -> resend");
            if (!Pause(++resends, hint, deadline, &result)) return Done(result);
            continue;
          }
        } else {
          // Written: Orange may have the message. Never resent.
          result.outcome = SendOutcome::kUnknown;
          result.error_message += " (the message may have been sent)";
        }
        Log(line + " -> " + std::string(SendOutcomeName(result.outcome)));
        return Done(result);
      }
      line += " status=" + std::to_string(res.status) +
              " request_id=" + res.request_id + " " +
              std::to_string(Millis(Clock::now() - start)) + "ms";
      if (res.status == 401) {
        internal::OrangeError e = internal::ParseOrangeError(res.body);
        result.error_code = e.code.empty() ? "HTTP_401" : e.code;
        result.error_message = "HTTP 401" + (e.text.empty() ? "" : ": " + e.text);
        if (!refreshed_after_401) {
          refreshed_after_401 = true;
          tokens->Invalidate(token->generation);
          Log(line + " -> token dropped, resend once");
          continue;
        }
        // Credentials refused twice: not sent.
        result.outcome = SendOutcome::kRetryLater;
        Log(line + " -> RETRY_LATER");
        return Done(result);
      }
      if (res.status == 429 || res.status == 503) {
        internal::OrangeError e = internal::ParseOrangeError(res.body);
        result.outcome = SendOutcome::kRetryLater;
        result.error_code = e.code.empty() ? "HTTP_" + std::to_string(res.status) : e.code;
        result.error_message = "HTTP " + std::to_string(res.status) +
                               (e.text.empty() ? "" : ": " + e.text);
        hint = ParseRetryAfter(res.retry_after);
        result.retry_after = hint;
        if (resends < options.max_retries) {
          Log(line + " -> resend");
          if (!Pause(++resends, hint, deadline, &result)) return Done(result);
          continue;
        }
        Log(line + " -> RETRY_LATER");
        return Done(result);
      }
      internal::SendClassification c =
          internal::ClassifySendReply(res.status, res.body);
      result.outcome = c.outcome;
      result.provider_message_id = std::move(c.message_id);
      result.error_code = std::move(c.error_code);
      result.error_message = std::move(c.error_message);
      if (result.outcome == SendOutcome::kAccepted) {
        result.error_code.clear();
        result.error_message.clear();
        result.retry_after = std::chrono::milliseconds(0);
      }
      Log(line + " -> " + std::string(SendOutcomeName(result.outcome)) +
          (result.error_code.empty() ? "" : " code=" + result.error_code));
      return Done(result);
    }
  }

  // Sleeps before resend `resend`; false (result set to retry-later) when
  // the wait would pass the deadline.
  bool Pause(int resend, std::chrono::milliseconds hint,
             Clock::time_point deadline, SendResult* result) {
    Clock::duration wait = Backoff(resend, hint);
    if (Clock::now() + wait >= deadline) {
      result->outcome = SendOutcome::kRetryLater;
      result->retry_after = std::max(
          hint, std::chrono::duration_cast<std::chrono::milliseconds>(wait));
      return false;
    }
    std::this_thread::sleep_for(wait);
    return true;
  }

  SendResult& Done(SendResult& r) {
    r.error_message = Clean(std::move(r.error_message));
    return r;
  }

  // ---------------------------------------------------------- admin

  // One admin request with the 401 refresh-and-retry; GET and DELETE also
  // retry network errors, POST only those before the request was written.
  Result<HttpResponse> Call(const std::string& method, const std::string& target,
                            const std::string& body) {
    const Clock::time_point deadline = Clock::now() + options.total_timeout;
    const bool idempotent = method != "POST";
    bool refreshed = false;
    int resends = 0;
    while (true) {
      Result<internal::AccessToken> token = tokens->Get(deadline);
      if (!token.ok()) return Status(token.status().code(), Clean(token.status().message()));
      HttpRequest req;
      req.method = method;
      req.target = target;
      req.headers = {{"Authorization", "Bearer " + token->value},
                     {"Accept", "application/json"}};
      if (!body.empty()) req.headers.push_back({"Content-Type", "application/json"});
      req.body = body;
      Exchange ex = client->Do(req, deadline);
      std::string line = "orange: " + method + " " + target + " attempt=" +
                         std::to_string(resends + 1) + " ";
      std::chrono::milliseconds hint{0};
      if (ex.error != Exchange::Error::kNone) {
        Log(line + "error=" + ex.error_code + " (" + ex.error_detail + ")");
        bool retry = ex.error == Exchange::Error::kNotWritten ||
                     (idempotent && ex.error != Exchange::Error::kTlsVerify);
        std::string msg = method + " " + target + ": " + ex.error_code + ": " +
                          ex.error_detail;
        if (!retry || resends >= options.max_retries) {
          return ex.error_code == "TIMEOUT" ? Status::DeadlineExceeded(Clean(msg))
                                            : Status::Unavailable(Clean(msg));
        }
      } else {
        const HttpResponse& r = ex.response;
        Log(line + "status=" + std::to_string(r.status) + " request_id=" + r.request_id);
        if (r.status >= 200 && r.status < 300) return r;
        if (r.status == 401 && !refreshed) {
          refreshed = true;
          tokens->Invalidate(token->generation);
          continue;
        }
        internal::OrangeError e = internal::ParseOrangeError(r.body);
        std::string msg = method + " " + target + ": HTTP " +
                          std::to_string(r.status) +
                          (e.code.empty() ? "" : " " + e.code) +
                          (e.text.empty() ? "" : ": " + e.text) +
                          (r.request_id.empty() ? "" : " (X-OAPI-Request-Id " + r.request_id + ")");
        bool retry = r.status == 429 || r.status == 503 ||
                     (idempotent && r.status >= 500);
        if (!retry || resends >= options.max_retries) {
          return StatusForHttp(r.status, Clean(msg));
        }
        hint = ParseRetryAfter(r.retry_after);
      }
      ++resends;
      Clock::duration wait = Backoff(resends, hint);
      if (Clock::now() + wait >= deadline) {
        return Status::DeadlineExceeded(method + " " + target +
                                        ": no time left to retry");
      }
      std::this_thread::sleep_for(wait);
    }
  }

  void StartWorker() {
    workers.emplace_back([this] {
      while (true) {
        std::function<void()> job;
        {
          std::unique_lock<std::mutex> lock(work_mu);
          work_cv.wait(lock, [&] { return stopping || !work.empty(); });
          if (work.empty()) return;
          job = std::move(work.front());
          work.pop_front();
        }
        job();
      }
    });
  }
};

Result<std::unique_ptr<OrangeSmsTransport>> OrangeSmsTransport::Make(
    OrangeSmsOptions options) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  auto impl = std::make_unique<Impl>();
  ORACLE_ASSIGN_OR_RAISE(impl->base, internal::ParseBaseUrl(options.base_url));
  impl->basic_credentials =
      Base64(options.client_id + ":" + options.client_secret);
  internal::HttpClientOptions http;
  http.base = impl->base;
  http.ca_file = options.ca_file;
  http.verify_peer = options.verify_peer;
  http.connect_timeout = options.connect_timeout;
  http.request_timeout = options.request_timeout;
  http.idle_timeout = options.idle_timeout;
  http.max_connections = options.max_connections;
  ORACLE_ASSIGN_OR_RAISE(impl->client, internal::HttpClient::Make(http));
  impl->limiter = std::make_unique<internal::RateLimiter>(
      options.messages_per_second, options.rate_burst);
  Impl* raw = impl.get();
  impl->tokens = std::make_unique<internal::TokenCache>(
      [raw](Clock::time_point deadline) { return raw->FetchToken(deadline); },
      options.token_refresh_margin);
  impl->options = std::move(options);
  return std::unique_ptr<OrangeSmsTransport>(
      new OrangeSmsTransport(std::move(impl)));
}

OrangeSmsTransport::OrangeSmsTransport(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

OrangeSmsTransport::~OrangeSmsTransport() {
  // Queued SendAsync work calls back into this object: finish it while the
  // object is whole.
  if (impl_) impl_->StopWorkers();
}

std::string OrangeSmsTransport::name() const { return "orange"; }

SendResult OrangeSmsTransport::Send(const SmsMessage& message) {
  try {
    return impl_->SendOne(message);
  } catch (const std::exception& e) {
    SendResult r;
    r.client_ref = message.client_ref;
    r.outcome = SendOutcome::kUnknown;
    r.error_code = "INTERNAL";
    r.error_message = impl_->Clean(std::string("internal error: ") + e.what());
    return r;
  }
}

void OrangeSmsTransport::SendAsync(SmsMessage message, SendCallback done) {
  std::lock_guard<std::mutex> lock(impl_->work_mu);
  impl_->work.push_back(
      [this, m = std::move(message), done = std::move(done)]() mutable {
        done(Send(m));
      });
  const size_t busy_or_queued = impl_->work.size();
  if (impl_->workers.size() <
          static_cast<size_t>(impl_->options.max_connections) &&
      busy_or_queued > 0) {
    impl_->StartWorker();
  }
  impl_->work_cv.notify_one();
}

std::vector<SendResult> OrangeSmsTransport::SendBatch(
    const std::vector<SmsMessage>& messages) {
  std::vector<SendResult> results(messages.size());
  const size_t threads = std::min<size_t>(
      messages.size(), static_cast<size_t>(impl_->options.max_connections));
  std::atomic<size_t> next{0};
  auto run = [&] {
    for (size_t i; (i = next.fetch_add(1)) < messages.size();) {
      results[i] = Send(messages[i]);
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(run);
  run();
  for (std::thread& t : pool) t.join();
  return results;
}

Result<OrangeReceiptSubscription> OrangeSmsTransport::CreateReceiptSubscription(
    const std::string& notify_url, const std::string& callback_data,
    const std::string& sender_address) {
  const std::string& sender =
      sender_address.empty() ? impl_->options.sender_address : sender_address;
  if (!internal::IsTelAddress(sender)) {
    return Status::InvalidArgument("sender address must look like tel:+2250000");
  }
  if (notify_url.rfind("https://", 0) != 0 || notify_url.size() <= 8) {
    return Status::InvalidArgument("notify URL must be an https:// URL");
  }
  Json body;
  Json& ref = body["deliveryReceiptSubscription"]["callbackReference"];
  ref["notifyURL"] = notify_url;
  if (!callback_data.empty()) ref["callbackData"] = callback_data;
  std::string text;
  try {
    text = body.dump();
  } catch (const std::exception&) {
    return Status::InvalidArgument("notify URL or callback data is not UTF-8");
  }
  ORACLE_ASSIGN_OR_RAISE(
      HttpResponse r,
      impl_->Call("POST",
                  "/smsmessaging/v1/outbound/" + internal::UrlEncode(sender) +
                      "/subscriptions",
                  text));
  Json v = Json::parse(r.body, nullptr, false);
  const Json* sub = nullptr;
  if (v.is_object() && v.contains("deliveryReceiptSubscription")) {
    sub = &v["deliveryReceiptSubscription"];
  }
  OrangeReceiptSubscription s;
  s.notify_url = notify_url;
  s.callback_data = callback_data;
  s.request_id = r.request_id;
  if (sub && sub->is_object() && sub->contains("resourceURL") &&
      (*sub)["resourceURL"].is_string()) {
    s.resource_url = (*sub)["resourceURL"].get<std::string>();
  }
  s.id = internal::LastPathSegment(s.resource_url);
  if (s.id.empty()) {
    return Status::DataLoss(
        "subscription created but the reply has no usable resourceURL "
        "(X-OAPI-Request-Id " + r.request_id + ")");
  }
  return s;
}

Result<OrangeReceiptSubscription> OrangeSmsTransport::GetReceiptSubscription(
    const std::string& id) {
  if (id.empty()) return Status::InvalidArgument("empty subscription id");
  ORACLE_ASSIGN_OR_RAISE(
      HttpResponse r,
      impl_->Call("GET",
                  "/smsmessaging/v1/outbound/subscriptions/" +
                      internal::UrlEncode(id),
                  ""));
  Json v = Json::parse(r.body, nullptr, false);
  OrangeReceiptSubscription s;
  s.id = id;
  s.request_id = r.request_id;
  if (v.is_object() && v.contains("deliveryReceiptSubscription")) {
    const Json& sub = v["deliveryReceiptSubscription"];
    if (sub.is_object()) {
      if (sub.contains("resourceURL") && sub["resourceURL"].is_string()) {
        s.resource_url = sub["resourceURL"].get<std::string>();
      }
      if (sub.contains("callbackReference") && sub["callbackReference"].is_object()) {
        const Json& ref = sub["callbackReference"];
        if (ref.contains("notifyURL") && ref["notifyURL"].is_string()) {
          s.notify_url = ref["notifyURL"].get<std::string>();
        }
        if (ref.contains("callbackData") && ref["callbackData"].is_string()) {
          s.callback_data = ref["callbackData"].get<std::string>();
        }
      }
      return s;
    }
  }
  return Status::DataLoss("subscription reply without deliveryReceiptSubscription");
}

Status OrangeSmsTransport::DeleteReceiptSubscription(
    const std::string& id, const std::string& sender_address) {
  const std::string& sender =
      sender_address.empty() ? impl_->options.sender_address : sender_address;
  if (id.empty()) return Status::InvalidArgument("empty subscription id");
  if (!internal::IsTelAddress(sender)) {
    return Status::InvalidArgument("sender address must look like tel:+2250000");
  }
  Result<HttpResponse> r = impl_->Call(
      "DELETE",
      "/smsmessaging/v1/outbound/" + internal::UrlEncode(sender) +
          "/subscriptions/" + internal::UrlEncode(id),
      "");
  return r.ok() ? Status::OK() : r.status();
}

Result<std::vector<OrangeContract>> OrangeSmsTransport::GetContracts(
    const std::string& country) {
  std::string target = "/sms/admin/v1/contracts";
  if (!country.empty()) {
    if (country.size() != 3 ||
        !std::all_of(country.begin(), country.end(),
                     [](char c) { return c >= 'A' && c <= 'Z'; })) {
      return Status::InvalidArgument("country must be an ISO alpha-3 code such as CIV");
    }
    target += "?country=" + country;
  }
  ORACLE_ASSIGN_OR_RAISE(HttpResponse r, impl_->Call("GET", target, ""));
  return internal::ParseContracts(r.body);
}

OrangeSmsTransport::Stats OrangeSmsTransport::stats() const {
  Stats s;
  s.token_requests = impl_->token_requests.load();
  s.connections_opened = impl_->client->connections_opened();
  s.requests = impl_->client->requests_written();
  return s;
}

}  // namespace oracle
