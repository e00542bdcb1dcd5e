// HTTPS/1.1 client with a keep-alive connection pool (Boost.Beast over
// Boost.Asio + OpenSSL), the rate limiter and the token cache.
//
// Each pooled connection owns a small io_context; the calling thread runs it
// for the duration of one step (resolve, connect, handshake, write, read), so
// every step has its own timer and a request never waits for another one.
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <utility>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "sms/orange/orange_internal.h"

namespace oracle::internal {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using beast::error_code;

constexpr size_t kMaxResponseBody = 1 << 20;

Clock::duration Remaining(Clock::time_point deadline) {
  return std::max(Clock::duration::zero(), deadline - Clock::now());
}

Clock::duration StepLimit(std::chrono::milliseconds step,
                          Clock::time_point deadline) {
  return std::min<Clock::duration>(step, Remaining(deadline));
}

// Runs the io_context until the operation started by `start` completes.
template <typename Start>
error_code RunOp(asio::io_context& ioc, Start&& start) {
  error_code result = asio::error::would_block;
  start([&result](error_code ec, auto&&...) { result = ec; });
  ioc.restart();
  ioc.run();
  return result;
}

bool IsTimeout(const error_code& ec) {
  return ec == beast::error::timeout || ec == asio::error::timed_out ||
         ec == asio::error::operation_aborted;
}

}  // namespace

struct HttpClient::Tls {
  ssl::context ctx{ssl::context::tls_client};
};

struct HttpClient::Connection {
  explicit Connection(ssl::context& ctx) : stream(ioc, ctx) {}
  asio::io_context ioc{1};
  ssl::stream<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  Clock::time_point last_used;
};

Result<std::unique_ptr<HttpClient>> HttpClient::Make(HttpClientOptions options) {
  std::unique_ptr<HttpClient> c(new HttpClient());
  c->options_ = std::move(options);
  try {
    c->tls_ = std::make_unique<Tls>();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("TLS setup failed: ") + e.what());
  }
  ssl::context& ctx = c->tls_->ctx;
  error_code ec;
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                      ssl::context::no_tlsv1_1,
                  ec);
  if (c->options_.verify_peer) {
    ctx.set_verify_mode(ssl::verify_peer, ec);
    if (!c->options_.ca_file.empty()) {
      ctx.load_verify_file(c->options_.ca_file, ec);
      if (ec) {
        return Status::IoError("cannot load CA file " + c->options_.ca_file +
                               ": " + ec.message());
      }
    } else {
      ctx.set_default_verify_paths(ec);
      if (ec) {
        return Status::IoError("cannot load the system CA certificates: " +
                               ec.message());
      }
    }
  } else {
    ctx.set_verify_mode(ssl::verify_none, ec);
  }
  return c;
}

HttpClient::~HttpClient() = default;

std::unique_ptr<HttpClient::Connection> HttpClient::Checkout(
    Clock::time_point deadline, Exchange* failure, bool* reused) {
  *reused = false;
  std::vector<std::unique_ptr<Connection>> stale;
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_until(lock, deadline,
                        [&] { return in_use_ < options_.max_connections; })) {
      failure->error = Exchange::Error::kNotWritten;
      failure->error_code = "TIMEOUT";
      failure->error_detail = "timed out waiting for a free connection";
      return nullptr;
    }
    ++in_use_;
    const Clock::time_point now = Clock::now();
    while (!idle_.empty()) {
      std::unique_ptr<Connection> c = std::move(idle_.back());
      idle_.pop_back();
      bool fresh = now - c->last_used < options_.idle_timeout;
      if (fresh) {
        // A peer that closed (or sent anything unasked) makes the socket
        // readable: such a connection cannot carry a request.
        pollfd p{};
        p.fd = beast::get_lowest_layer(c->stream).socket().native_handle();
        p.events = POLLIN;
        fresh = ::poll(&p, 1, 0) == 0 && c->buffer.size() == 0;
      }
      if (fresh) {
        *reused = true;
        return c;
      }
      stale.push_back(std::move(c));
    }
  }
  stale.clear();

  auto fail = [&](const char* code, std::string detail) {
    failure->error = Exchange::Error::kNotWritten;
    failure->error_code = code;
    failure->error_detail = std::move(detail);
    std::lock_guard<std::mutex> lock(mu_);
    --in_use_;
    cv_.notify_one();
    return nullptr;
  };

  std::unique_ptr<Connection> c;
  try {
    c = std::make_unique<Connection>(tls_->ctx);
  } catch (const std::exception& e) {
    return fail("INTERNAL", std::string("cannot create a connection: ") + e.what());
  }
  const BaseUrl& base = options_.base;

  // Resolve, with its own timer.
  tcp::resolver resolver(c->ioc);
  tcp::resolver::results_type endpoints;
  error_code ec;
  {
    asio::steady_timer timer(c->ioc);
    timer.expires_after(StepLimit(options_.connect_timeout, deadline));
    bool timed_out = false;
    timer.async_wait([&](error_code e) {
      if (!e) {
        timed_out = true;
        resolver.cancel();
      }
    });
    ec = RunOp(c->ioc, [&](auto handler) {
      resolver.async_resolve(
          base.host, base.port,
          [&, handler](error_code e, tcp::resolver::results_type r) mutable {
            endpoints = std::move(r);
            timer.cancel();
            handler(e);
          });
    });
    if (timed_out) return fail("TIMEOUT", "timed out resolving " + base.host);
    if (ec) return fail("RESOLVE_FAILED", "cannot resolve " + base.host + ": " + ec.message());
  }

  auto& tcp_layer = beast::get_lowest_layer(c->stream);
  tcp_layer.expires_after(StepLimit(options_.connect_timeout, deadline));
  ec = RunOp(c->ioc, [&](auto handler) {
    tcp_layer.async_connect(endpoints, handler);
  });
  if (ec) {
    return fail(IsTimeout(ec) ? "TIMEOUT" : "CONNECT_FAILED",
                "cannot connect to " + base.host_header + ": " + ec.message());
  }
  tcp_layer.socket().set_option(tcp::no_delay(true), ec);

  SSL* native = c->stream.native_handle();
  if (!base.host_is_ip) {
    SSL_set_tlsext_host_name(native, base.host.c_str());  // SNI
  }
  if (options_.verify_peer) {
    int ok = base.host_is_ip
                 ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(native),
                                                 base.host.c_str())
                 : SSL_set1_host(native, base.host.c_str());
    if (ok != 1) return fail("TLS_SETUP", "cannot set the expected host name");
  }
  tcp_layer.expires_after(StepLimit(options_.connect_timeout, deadline));
  ec = RunOp(c->ioc, [&](auto handler) {
    c->stream.async_handshake(ssl::stream_base::client, handler);
  });
  if (ec) {
    long verify = SSL_get_verify_result(native);
    if (options_.verify_peer && verify != X509_V_OK) {
      failure->error = Exchange::Error::kTlsVerify;
      failure->error_code = "TLS_VERIFY_FAILED";
      failure->error_detail = std::string("server certificate refused: ") +
                              X509_verify_cert_error_string(verify);
      std::lock_guard<std::mutex> lock(mu_);
      --in_use_;
      cv_.notify_one();
      return nullptr;
    }
    return fail(IsTimeout(ec) ? "TIMEOUT" : "TLS_HANDSHAKE_FAILED",
                "TLS handshake with " + base.host_header + " failed: " +
                    ec.message());
  }
  connections_opened_.fetch_add(1, std::memory_order_relaxed);
  return c;
}

void HttpClient::Checkin(std::unique_ptr<Connection> c, bool reusable) {
  if (reusable) c->last_used = Clock::now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    --in_use_;
    if (reusable) idle_.push_back(std::move(c));
    cv_.notify_one();
  }
  // A connection not kept is closed here, outside the lock.
}

Exchange HttpClient::Do(const HttpRequest& request, Clock::time_point deadline) {
  Exchange ex;
  bool written = false;
  std::unique_ptr<Connection> c;
  try {
    bool reused = false;
    c = Checkout(deadline, &ex, &reused);
    if (!c) return ex;
    ex.reused_connection = reused;

    http::request<http::string_body> req;
    req.method_string(request.method);
    req.target(request.target);
    req.version(11);
    req.set(http::field::host, options_.base.host_header);
    req.set(http::field::user_agent, "oracle-sms/0.1");
    for (const auto& [name, value] : request.headers) req.set(name, value);
    req.body() = request.body;
    req.keep_alive(true);
    req.prepare_payload();

    auto& tcp_layer = beast::get_lowest_layer(c->stream);
    const Clock::time_point request_deadline =
        std::min(deadline, Clock::now() + options_.request_timeout);
    tcp_layer.expires_after(Remaining(request_deadline));
    error_code ec = RunOp(c->ioc, [&](auto handler) {
      http::async_write(c->stream, req, handler);
    });
    if (ec) {
      // The request did not leave whole: the server cannot act on it.
      ex.error = Exchange::Error::kNotWritten;
      ex.error_code = IsTimeout(ec) ? "TIMEOUT" : "CONNECTION_RESET";
      ex.error_detail = "writing the request failed: " + ec.message();
      Checkin(std::move(c), false);
      return ex;
    }
    written = true;
    requests_written_.fetch_add(1, std::memory_order_relaxed);

    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxResponseBody);
    tcp_layer.expires_after(Remaining(request_deadline));
    ec = RunOp(c->ioc, [&](auto handler) {
      http::async_read(c->stream, c->buffer, parser, handler);
    });
    if (ec) {
      if (IsTimeout(ec)) {
        ex.error = Exchange::Error::kTimeout;
        ex.error_code = "TIMEOUT";
        ex.error_detail = "no complete response within the time limit";
      } else if (ec == http::error::end_of_stream ||
                 ec == asio::error::eof ||
                 ec == asio::error::connection_reset ||
                 ec == asio::error::broken_pipe ||
                 ec == ssl::error::stream_truncated ||
                 ec == http::error::partial_message) {
        ex.error = Exchange::Error::kReset;
        ex.error_code = "CONNECTION_RESET";
        ex.error_detail = "connection lost after the request was sent: " +
                          ec.message();
      } else {
        ex.error = Exchange::Error::kBadResponse;
        ex.error_code = "BAD_RESPONSE";
        ex.error_detail = "unreadable HTTP response: " + ec.message();
      }
      Checkin(std::move(c), false);
      return ex;
    }
    http::response<http::string_body> res = parser.release();
    ex.response.status = static_cast<int>(res.result_int());
    ex.response.body = std::move(res.body());
    if (auto it = res.find("X-OAPI-Request-Id"); it != res.end()) {
      ex.response.request_id = std::string(it->value().substr(0, 200));
    }
    if (auto it = res.find(http::field::retry_after); it != res.end()) {
      ex.response.retry_after = std::string(it->value().substr(0, 40));
    }
    Checkin(std::move(c), res.keep_alive());
    return ex;
  } catch (const std::exception& e) {
    if (c) Checkin(std::move(c), false);
    ex.error = written ? Exchange::Error::kReset : Exchange::Error::kNotWritten;
    ex.error_code = "INTERNAL";
    ex.error_detail = std::string("HTTP client error: ") + e.what();
    return ex;
  }
}

// ------------------------------------------------------------ RateLimiter

RateLimiter::RateLimiter(double rate, int burst)
    : enabled_(rate > 0),
      interval_(rate > 0 ? std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(1.0 / rate))
                         : Clock::duration::zero()),
      burst_window_(interval_ * std::max(0, burst - 1)) {}

bool RateLimiter::Acquire(Clock::time_point deadline) {
  if (!enabled_) return true;
  Clock::time_point slot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const Clock::time_point now = Clock::now();
    // Unused slots older than the burst window are lost.
    slot = std::max(next_, now - burst_window_);
    if (slot > deadline) return false;
    next_ = slot + interval_;
  }
  std::this_thread::sleep_until(slot);
  return true;
}

// ------------------------------------------------------------- TokenCache

TokenCache::TokenCache(FetchFn fetch, std::chrono::seconds refresh_margin)
    : fetch_(std::move(fetch)), margin_(refresh_margin) {}

Result<AccessToken> TokenCache::Get(Clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    const Clock::time_point now = Clock::now();
    if (!token_.empty() && now < refresh_at_) {
      return AccessToken{token_, generation_};
    }
    if (refreshing_) {
      // Still valid (inside the refresh margin): use it meanwhile.
      if (!token_.empty() && now < expires_at_) {
        return AccessToken{token_, generation_};
      }
      const uint64_t round = round_;
      if (!cv_.wait_until(lock, deadline, [&] { return round_ != round; })) {
        return Status::DeadlineExceeded("timed out waiting for an access token");
      }
      if (token_.empty() && last_failure_.has_value()) return *last_failure_;
      continue;
    }
    refreshing_ = true;
    lock.unlock();
    Result<Fetched> fetched = Status::Internal("token fetch did not run");
    try {
      fetched = fetch_(deadline);
    } catch (...) {
      fetched = Status::Internal("token fetch failed");
    }
    lock.lock();
    refreshing_ = false;
    ++round_;
    if (fetched.ok()) {
      token_ = fetched->token;
      ++generation_;
      const Clock::time_point got = Clock::now();
      const auto lifetime = fetched->lifetime;
      const auto margin = std::min<std::chrono::seconds>(margin_, lifetime / 2);
      expires_at_ = got + lifetime;
      refresh_at_ = got + lifetime - margin;
      last_failure_.reset();
      recent_.push_back(token_);
      if (recent_.size() > 8) recent_.erase(recent_.begin());
    } else {
      last_failure_ = fetched.status();
    }
    cv_.notify_all();
    if (!fetched.ok()) return fetched.status();
    return AccessToken{token_, generation_};
  }
}

void TokenCache::Invalidate(uint64_t generation) {
  std::lock_guard<std::mutex> lock(mu_);
  if (generation == generation_) token_.clear();
}

std::vector<std::string> TokenCache::KnownTokens() const {
  std::lock_guard<std::mutex> lock(mu_);
  return recent_;
}

}  // namespace oracle::internal
