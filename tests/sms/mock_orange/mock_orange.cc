// The mock Orange SMS API server (see mock_orange.h). Synchronous
// Boost.Beast over OpenSSL, one thread per connection; certificates made
// with the OpenSSL API at start-up.
#include "mock_orange.h"

#include <stdlib.h>
#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

namespace oracle_test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Json = nlohmann::json;

// ------------------------------------------------------------ certificates

struct KeyPair {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  ~KeyPair() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  std::string CertPem() const {
    BIO* b = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(b, cert);
    char* data = nullptr;
    long n = BIO_get_mem_data(b, &data);
    std::string s(data, n);
    BIO_free(b);
    return s;
  }
  std::string KeyPem() const {
    BIO* b = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    long n = BIO_get_mem_data(b, &data);
    std::string s(data, n);
    BIO_free(b);
    return s;
  }
};

void AddExt(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str());
  if (ext == nullptr) throw std::runtime_error("bad extension " + value);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `cn`, signed by `issuer` (nullptr: self-signed CA).
std::unique_ptr<KeyPair> MakeCert(const std::string& cn, const KeyPair* issuer,
                                  const std::string& san, long serial) {
  auto kp = std::make_unique<KeyPair>();
  kp->key = EVP_EC_gen("P-256");
  if (kp->key == nullptr) throw std::runtime_error("EVP_EC_gen failed");
  X509* x = X509_new();
  kp->cert = x;
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 7 * 86400);
  X509_set_pubkey(x, kp->key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Oracle tests"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer->cert) : name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer ? issuer->cert : x, x, nullptr, nullptr, 0);
  AddExt(x, &ctx, NID_subject_key_identifier, "hash");
  if (issuer == nullptr) {
    AddExt(x, &ctx, NID_basic_constraints, "critical,CA:TRUE");
    AddExt(x, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExt(x, &ctx, NID_authority_key_identifier, "keyid");
    AddExt(x, &ctx, NID_basic_constraints, "critical,CA:FALSE");
    AddExt(x, &ctx, NID_key_usage, "critical,digitalSignature");
    AddExt(x, &ctx, NID_ext_key_usage, "serverAuth");
    AddExt(x, &ctx, NID_subject_alt_name, san);
  }
  if (X509_sign(x, issuer ? issuer->key : kp->key, EVP_sha256()) == 0) {
    throw std::runtime_error("X509_sign failed");
  }
  return kp;
}

std::string Base64(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  out.resize(n);
  return out;
}

std::string PercentEncode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

bool ValidTel(const std::string& s) {
  if (s.rfind("tel:+", 0) != 0 || s.size() < 6 || s.size() > 25) return false;
  for (size_t i = 5; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

struct Endpoint {
  tcp::acceptor acceptor;
  ssl::context ctx{ssl::context::tls_server};
  int port = 0;
  bool main = false;
  std::thread thread;
  explicit Endpoint(asio::io_context& ioc) : acceptor(ioc) {}
};

}  // namespace

struct MockOrange::State {
  Options options;
  bool own_dir = false;
  asio::io_context ioc;  // for the sockets only; never run
  std::vector<std::unique_ptr<Endpoint>> endpoints;
  std::string ca_file;

  std::atomic<bool> stopping{false};
  mutable std::mutex mu;
  std::condition_variable stop_cv;
  // Connection threads and their sockets (to wake them at stop).
  std::vector<std::thread> connection_threads;
  std::set<int> open_fds;

  // Guarded by mu.
  std::deque<Fault> next_send_faults;
  int next_token_refusals = 0;
  int next_connection_resets = 0;
  std::map<std::string, std::pair<Fault, int>> recipient_faults;
  int contracts_shape = 0;
  std::map<std::string, int64_t> by_recipient;
  std::map<std::string, int64_t> by_text;
  int64_t total = 0;
  int64_t token_requests = 0;
  int64_t send_requests = 0;
  int64_t connections = 0;
  std::vector<std::string> violations;
  std::vector<std::string> request_log;
  std::map<std::string, std::chrono::steady_clock::time_point> tokens;
  std::map<std::string, Json> subscriptions;
  int64_t next_id = 1;

  std::string NewId(const char* prefix) {
    std::lock_guard<std::mutex> lock(mu);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%08lld", prefix,
                  static_cast<long long>(next_id++));
    return buf;
  }

  void Violation(std::string what) {
    std::lock_guard<std::mutex> lock(mu);
    violations.push_back(std::move(what));
  }

  void AcceptLoop(Endpoint* ep);
  void Serve(Endpoint* ep, tcp::socket socket);
  // Returns false to drop the connection (after a reset fault).
  bool Handle(ssl::stream<tcp::socket>& stream,
              const http::request<http::string_body>& req,
              http::response<http::string_body>* res, bool* reset,
              bool* close_after);
  void HandleToken(const http::request<http::string_body>& req,
                   http::response<http::string_body>* res);
  bool HandleSend(const http::request<http::string_body>& req,
                  http::response<http::string_body>* res, bool* reset,
                  bool* close_after, const std::string& sender);
  std::string BearerState(const http::request<http::string_body>& req);
};

namespace {

void SetJson(http::response<http::string_body>* res, int status,
             const Json& body) {
  res->result(status);
  res->set(http::field::content_type, "application/json");
  res->body() = body.dump();
}

void GatewayError(http::response<http::string_body>* res, int status, int code,
                  const std::string& message) {
  SetJson(res, status,
          Json{{"code", code}, {"message", message},
               {"description", message + " (mock)"}});
}

void ServiceError(http::response<http::string_body>* res, int status,
                  const char* family, const std::string& id,
                  const std::string& text, const std::string& var) {
  SetJson(res, status,
          Json{{"requestError",
                {{family, {{"messageId", id}, {"text", text},
                           {"variables", Json::array({var})}}}}}});
}

}  // namespace

std::string_view MockOrange::FaultName(Fault f) {
  switch (f) {
    case Fault::kNone: return "none";
    case Fault::kExpiredToken: return "expired_token";
    case Fault::kTooManyRequests: return "429";
    case Fault::kUnavailable: return "503";
    case Fault::kServerErrorAfterBody: return "500_after_body";
    case Fault::kResetAfterRequest: return "reset_after_request";
    case Fault::kSlowResponse: return "slow_response";
    case Fault::kMalformedJson: return "malformed_json";
    case Fault::kNoResourceUrl: return "no_resource_url";
    case Fault::kInvalidAddress: return "invalid_address";
    case Fault::kPolicyError: return "policy_error";
    case Fault::kTokenRefused: return "token_refused";
    case Fault::kResetBeforeRequest: return "reset_before_request";
    case Fault::kCloseAfterResponse: return "close_after_response";
  }
  return "none";
}

bool MockOrange::FaultFromName(std::string_view name, Fault* f) {
  for (int i = 0; i <= static_cast<int>(Fault::kCloseAfterResponse); ++i) {
    if (FaultName(static_cast<Fault>(i)) == name) {
      *f = static_cast<Fault>(i);
      return true;
    }
  }
  return false;
}

std::unique_ptr<MockOrange> MockOrange::Start(Options options) {
  std::unique_ptr<MockOrange> m(new MockOrange());
  m->state_ = std::make_unique<State>();
  State& s = *m->state_;
  s.options = std::move(options);
  if (s.options.dir.empty()) {
    std::string tmpl = (std::filesystem::temp_directory_path() /
                        "oracle-mock-orange-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) return nullptr;
    s.options.dir = tmpl;
    s.own_dir = true;
  }
  std::filesystem::create_directories(s.options.dir);

  auto ca = MakeCert("Oracle Test Root CA", nullptr, "", 1);
  auto good = MakeCert("localhost", ca.get(), "DNS:localhost,IP:127.0.0.1", 2);
  auto wrong = MakeCert("wrong.example", ca.get(), "DNS:wrong.example", 3);
  auto rogue_ca = MakeCert("Unknown Test CA", nullptr, "", 4);
  auto rogue = MakeCert("localhost", rogue_ca.get(),
                        "DNS:localhost,IP:127.0.0.1", 5);
  s.ca_file = (std::filesystem::path(s.options.dir) / "ca.pem").string();
  std::ofstream(s.ca_file) << ca->CertPem();
  std::ofstream((std::filesystem::path(s.options.dir) / "unknown-ca.pem"))
      << rogue_ca->CertPem();

  const KeyPair* leafs[] = {good.get(), wrong.get(), rogue.get()};
  for (int i = 0; i < 3; ++i) {
    auto ep = std::make_unique<Endpoint>(s.ioc);
    ep->main = i == 0;
    const KeyPair* leaf = leafs[i];
    std::string chain = leaf->CertPem();
    std::string key = leaf->KeyPem();
    ep->ctx.use_certificate_chain(asio::buffer(chain));
    ep->ctx.use_private_key(asio::buffer(key), ssl::context::pem);
    tcp::endpoint at(asio::ip::make_address("127.0.0.1"), 0);
    ep->acceptor.open(at.protocol());
    ep->acceptor.set_option(tcp::acceptor::reuse_address(true));
    ep->acceptor.bind(at);
    ep->acceptor.listen(128);
    ep->port = ep->acceptor.local_endpoint().port();
    s.endpoints.push_back(std::move(ep));
  }
  for (auto& ep : s.endpoints) {
    Endpoint* raw = ep.get();
    ep->thread = std::thread([&s, raw] { s.AcceptLoop(raw); });
  }
  return m;
}

MockOrange::~MockOrange() {
  if (!state_) return;
  State& s = *state_;
  s.stopping = true;
  s.stop_cv.notify_all();
  for (auto& ep : s.endpoints) {
    // Wake the blocking accept with a connection of our own.
    asio::io_context ioc;
    tcp::socket poke(ioc);
    boost::system::error_code ec;
    poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), ep->port), ec);
    ep->thread.join();
  }
  {
    std::lock_guard<std::mutex> lock(s.mu);
    for (int fd : s.open_fds) ::shutdown(fd, SHUT_RDWR);
  }
  // No new connection threads can start now (accept loops are done).
  for (std::thread& t : s.connection_threads) t.join();
  if (s.own_dir) {
    std::error_code ec;
    std::filesystem::remove_all(s.options.dir, ec);
  }
}

void MockOrange::State::AcceptLoop(Endpoint* ep) {
  while (!stopping) {
    tcp::socket socket(ioc);
    boost::system::error_code ec;
    ep->acceptor.accept(socket, ec);
    if (stopping) break;
    if (ec) continue;
    std::lock_guard<std::mutex> lock(mu);
    if (ep->main) ++connections;
    open_fds.insert(socket.native_handle());
    connection_threads.emplace_back(
        [this, ep, sock = std::move(socket)]() mutable {
          Serve(ep, std::move(sock));
        });
  }
}

void MockOrange::State::Serve(Endpoint* ep, tcp::socket socket) {
  // The descriptor leaves open_fds before the socket closes (destructors run
  // in reverse order), so a reused number is never shut down by mistake.
  struct Forget {
    State* state;
    int fd;
    ~Forget() {
      std::lock_guard<std::mutex> lock(state->mu);
      state->open_fds.erase(fd);
    }
  };
  boost::system::error_code ec;
  if (ep->main) {
    bool reset = false;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (next_connection_resets > 0) {
        --next_connection_resets;
        reset = true;
      }
    }
    if (reset) {
      socket.set_option(asio::socket_base::linger(true, 0), ec);
      Forget forget{this, socket.native_handle()};
      return;  // closed with a TCP reset, before any TLS byte
    }
  }
  ssl::stream<tcp::socket> stream(std::move(socket), ep->ctx);
  Forget forget{this, stream.next_layer().native_handle()};
  stream.handshake(ssl::stream_base::server, ec);
  if (ec) return;  // e.g. the client refused our certificate
  beast::flat_buffer buffer;
  while (!stopping) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(1 << 20);
    http::read(stream, buffer, parser, ec);
    if (ec) return;
    http::request<http::string_body> req = parser.release();
    http::response<http::string_body> res;
    res.version(11);
    res.keep_alive(req.keep_alive());
    bool reset = false, close_after = false;
    bool keep = Handle(stream, req, &res, &reset, &close_after);
    if (reset) {
      stream.next_layer().set_option(asio::socket_base::linger(true, 0), ec);
      return;  // the destructor closes the socket: a TCP reset
    }
    if (!keep || stopping) return;
    res.prepare_payload();
    http::write(stream, res, ec);
    // close_after: the reply promised keep-alive, the server closes anyway
    // (as gateways do with idle connections).
    if (ec || !res.keep_alive() || close_after) return;
  }
}

std::string MockOrange::State::BearerState(
    const http::request<http::string_body>& req) {
  auto it = req.find(http::field::authorization);
  if (it == req.end()) return "missing";
  std::string v(it->value());
  if (v.rfind("Bearer ", 0) != 0) return "invalid";
  std::string token = v.substr(7);
  std::lock_guard<std::mutex> lock(mu);
  auto t = tokens.find(token);
  if (t == tokens.end()) return "invalid";
  if (std::chrono::steady_clock::now() >= t->second) return "expired";
  return "ok:" + token;
}

bool MockOrange::State::Handle(ssl::stream<tcp::socket>& stream,
                               const http::request<http::string_body>& req,
                               http::response<http::string_body>* res,
                               bool* reset, bool* close_after) {
  std::string target(req.target());
  {
    std::lock_guard<std::mutex> lock(mu);
    std::string head = std::string(req.method_string()) + " " + target;
    for (const auto& f : req) {
      head += "\n" + std::string(f.name_string()) + ": " + std::string(f.value());
    }
    if (request_log.size() < 100000) request_log.push_back(std::move(head));
  }
  res->set("X-OAPI-Request-Id", NewId("mockreq-"));
  const std::string kOutbound = "/smsmessaging/v1/outbound/";

  // Admin endpoints for out-of-process users.
  if (target == "/__admin/counts" && req.method() == http::verb::get) {
    res->result(200);
    res->set(http::field::content_type, "application/json");
    Json j;
    {
      std::lock_guard<std::mutex> lock(mu);
      j["accepted_total"] = total;
      j["by_recipient"] = by_recipient;
      j["by_text"] = by_text;
      j["token_requests"] = token_requests;
      j["send_requests"] = send_requests;
      j["connections"] = connections;
      j["violations"] = violations;
    }
    res->body() = j.dump(-1, ' ', false, Json::error_handler_t::replace);
    return true;
  }
  if (target == "/__admin/reset" && req.method() == http::verb::post) {
    std::lock_guard<std::mutex> lock(mu);
    next_send_faults.clear();
    recipient_faults.clear();
    next_token_refusals = next_connection_resets = 0;
    by_recipient.clear();
    by_text.clear();
    total = token_requests = send_requests = 0;
    violations.clear();
    request_log.clear();
    res->result(204);
    return true;
  }
  if (target == "/__admin/faults" && req.method() == http::verb::post) {
    Json j = Json::parse(req.body(), nullptr, false);
    Fault f;
    if (!j.is_object() || !j.contains("fault") || !j["fault"].is_string() ||
        !MockOrange::FaultFromName(j["fault"].get<std::string>(), &f)) {
      SetJson(res, 400, Json{{"error", "expected {\"fault\":NAME,...}"}});
      return true;
    }
    int count = j.value("count", 1);
    std::lock_guard<std::mutex> lock(mu);
    if (j.contains("recipient") && j["recipient"].is_string()) {
      recipient_faults[j["recipient"].get<std::string>()] = {f, count};
    } else if (f == Fault::kTokenRefused) {
      next_token_refusals += count;
    } else if (f == Fault::kResetBeforeRequest) {
      next_connection_resets += count;
    } else {
      for (int i = 0; i < count; ++i) next_send_faults.push_back(f);
    }
    res->result(204);
    return true;
  }

  if (target == "/oauth/v3/token") {
    if (req.method() != http::verb::post) {
      Violation("token: method " + std::string(req.method_string()));
    }
    HandleToken(req, res);
    return true;
  }

  // Every other endpoint: Accept: application/json and a live Bearer token.
  auto accept = req.find(http::field::accept);
  if (accept == req.end() || accept->value() != "application/json") {
    Violation(target + ": Accept is not application/json");
    GatewayError(res, 406, 22, "Not acceptable");
    return true;
  }
  std::string bearer = BearerState(req);
  if (bearer.rfind("ok:", 0) != 0) {
    if (bearer == "missing") Violation(target + ": no Authorization header");
    GatewayError(res, 401, bearer == "expired" ? 42 : 41,
                 bearer == "expired" ? "Expired credentials"
                                     : "Invalid credentials");
    return true;
  }

  if (target.rfind(kOutbound, 0) == 0) {
    std::string rest = target.substr(kOutbound.size());
    size_t slash = rest.find('/');
    std::string sender_enc = rest.substr(0, slash);
    std::string tail = slash == std::string::npos ? "" : rest.substr(slash);
    if (sender_enc == "subscriptions" && req.method() == http::verb::get) {
      std::string id = tail.size() > 1 ? tail.substr(1) : "";
      std::lock_guard<std::mutex> lock(mu);
      auto it = subscriptions.find(id);
      if (it == subscriptions.end()) {
        ServiceError(res, 404, "serviceException", "SVC0002", "Invalid input value for message part %1", id);
      } else {
        SetJson(res, 200, it->second);
      }
      return true;
    }
    std::string expected = PercentEncode(options.sender_address);
    if (sender_enc != expected) {
      Violation(target + ": sender in the path is not " + expected);
      ServiceError(res, 400, "serviceException", "SVC0002",
                   "Invalid input value for message part %1", "senderAddress");
      return true;
    }
    if (tail == "/requests" && req.method() == http::verb::post) {
      return HandleSend(req, res, reset, close_after, options.sender_address);
    }
    if (tail == "/subscriptions" && req.method() == http::verb::post) {
      Json j = Json::parse(req.body(), nullptr, false);
      std::string url;
      if (j.is_object() && j.contains("deliveryReceiptSubscription")) {
        const Json& ref = j["deliveryReceiptSubscription"]["callbackReference"];
        if (ref.is_object() && ref.contains("notifyURL") && ref["notifyURL"].is_string()) {
          url = ref["notifyURL"].get<std::string>();
        }
      }
      if (url.rfind("https://", 0) != 0) {
        Violation("subscription without an https notifyURL");
        ServiceError(res, 400, "serviceException", "SVC0002",
                     "Invalid input value for message part %1", "notifyURL");
        return true;
      }
      std::string id = NewId("sub-");
      Json reply = j;
      reply["deliveryReceiptSubscription"]["resourceURL"] =
          "https://127.0.0.1/smsmessaging/v1/outbound/" + expected +
          "/subscriptions/" + id;
      {
        std::lock_guard<std::mutex> lock(mu);
        subscriptions[id] = reply;
      }
      SetJson(res, 201, reply);
      return true;
    }
    if (tail.rfind("/subscriptions/", 0) == 0 &&
        req.method() == http::verb::delete_) {
      std::string id = tail.substr(15);
      std::lock_guard<std::mutex> lock(mu);
      if (subscriptions.erase(id) == 0) {
        ServiceError(res, 404, "serviceException", "SVC0002", "Invalid input value for message part %1", id);
      } else {
        res->result(204);
      }
      return true;
    }
  }
  if (target.rfind("/sms/admin/v1/contracts", 0) == 0 &&
      req.method() == http::verb::get) {
    std::string country = "CIV";
    size_t q = target.find("?country=");
    if (q != std::string::npos) country = target.substr(q + 9);
    Json c1 = {{"id", "c-0001"}, {"developerId", "dev"}, {"country", country},
               {"offerName", "SMS_OCB"}, {"availableUnits", 1234},
               {"status", "ACTIVE"}, {"expirationDate", "2027-01-31T00:00:00.000Z"}};
    Json c2 = {{"id", "c-0002"}, {"country", country}, {"offerName", "SMS_PROMO"},
               {"availableUnits", "0"}, {"status", "EXPIRED"},
               {"expirationDate", "2026-01-01T00:00:00.000Z"}};
    int shape;
    {
      std::lock_guard<std::mutex> lock(mu);
      shape = contracts_shape;
    }
    if (shape == 0) {
      SetJson(res, 200, Json::array({c1, c2}));
    } else {
      SetJson(res, 200,
              Json{{"partnerContracts",
                    {{"partnerId", "mock@example.com"},
                     {"contracts",
                      Json::array({{{"service", "SMS_OCB"},
                                    {"serviceContracts", Json::array({c1, c2})}}})}}}});
    }
    return true;
  }
  ServiceError(res, 404, "serviceException", "SVC0002", "Resource not found: %1", target);
  return true;
}

void MockOrange::State::HandleToken(const http::request<http::string_body>& req,
                                    http::response<http::string_body>* res) {
  bool refuse = false;
  {
    std::lock_guard<std::mutex> lock(mu);
    ++token_requests;
    if (next_token_refusals > 0) {
      --next_token_refusals;
      refuse = true;
    }
  }
  auto header = [&](http::field f) {
    auto it = req.find(f);
    return it == req.end() ? std::string() : std::string(it->value());
  };
  const std::string basic =
      "Basic " + Base64(options.client_id + ":" + options.client_secret);
  bool auth_ok = header(http::field::authorization) == basic;
  if (header(http::field::content_type) != "application/x-www-form-urlencoded") {
    Violation("token: Content-Type is not application/x-www-form-urlencoded");
  }
  if (header(http::field::accept) != "application/json") {
    Violation("token: Accept is not application/json");
  }
  if (req.body() != "grant_type=client_credentials") {
    Violation("token: body is not grant_type=client_credentials");
  }
  if (!auth_ok) Violation("token: wrong Basic credentials");
  if (refuse || !auth_ok) {
    SetJson(res, 401,
            Json{{"error", "invalid_client"},
                 {"error_description",
                  "The requested service needs credentials, but the ones "
                  "provided were invalid."}});
    return;
  }
  std::string token = "mocktoken-" + NewId("") + "-" + Base64(NewId("t")).substr(0, 12);
  {
    std::lock_guard<std::mutex> lock(mu);
    tokens[token] = std::chrono::steady_clock::now() +
                    std::chrono::seconds(options.token_lifetime_s);
  }
  Json j = {{"token_type", "Bearer"}, {"access_token", token}};
  if (options.expires_in_as_number) {
    j["expires_in"] = options.token_lifetime_s;
  } else {
    j["expires_in"] = std::to_string(options.token_lifetime_s);
  }
  SetJson(res, 200, j);
}

bool MockOrange::State::HandleSend(const http::request<http::string_body>& req,
                                   http::response<http::string_body>* res,
                                   bool* reset, bool* close_after,
                                   const std::string& sender) {
  auto ct = req.find(http::field::content_type);
  if (ct == req.end() || ct->value() != "application/json") {
    Violation("send: Content-Type is not application/json");
  }
  Json j = Json::parse(req.body(), nullptr, false);
  std::string address, text, sender_name;
  bool ok = j.is_object() && j.size() == 1 &&
            j.contains("outboundSMSMessageRequest") &&
            j["outboundSMSMessageRequest"].is_object();
  if (ok) {
    const Json& r = j["outboundSMSMessageRequest"];
    ok = r.contains("address") && r["address"].is_string() &&
         r.contains("senderAddress") && r["senderAddress"] == sender &&
         r.contains("outboundSMSTextMessage") &&
         r["outboundSMSTextMessage"].is_object() &&
         r["outboundSMSTextMessage"].contains("message") &&
         r["outboundSMSTextMessage"]["message"].is_string();
    if (ok) {
      address = r["address"].get<std::string>();
      text = r["outboundSMSTextMessage"]["message"].get<std::string>();
      ok = ValidTel(address) && !text.empty();
    }
    if (ok && r.contains("senderName")) {
      ok = r["senderName"].is_string();
      if (ok) {
        sender_name = r["senderName"].get<std::string>();
        ok = !sender_name.empty() && sender_name.size() <= 11;
        for (char c : sender_name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == ' ');
      }
    }
  }
  std::string recipient = address.size() > 4 ? address.substr(4) : "";
  Fault fault = Fault::kNone;
  {
    std::lock_guard<std::mutex> lock(mu);
    ++send_requests;
    auto rf = recipient_faults.find(recipient);
    if (ok && rf != recipient_faults.end() && rf->second.second != 0) {
      fault = rf->second.first;
      if (rf->second.second > 0) --rf->second.second;
    } else if (!next_send_faults.empty()) {
      fault = next_send_faults.front();
      next_send_faults.pop_front();
    }
  }
  if (!ok) {
    Violation("send: malformed body: " + req.body().substr(0, 200));
    ServiceError(res, 400, "serviceException", "SVC0002",
                 "Invalid input value for message part %1", "body");
    return true;
  }
  switch (fault) {
    case Fault::kExpiredToken: {
      std::string token = BearerState(req).substr(3);
      std::lock_guard<std::mutex> lock(mu);
      tokens[token] = std::chrono::steady_clock::now();  // dead from now on
      GatewayError(res, 401, 42, "Expired credentials");
      return true;
    }
    case Fault::kTooManyRequests:
      GatewayError(res, 429, 53, "Too many requests");
      res->set(http::field::retry_after, "0");
      return true;
    case Fault::kUnavailable:
      GatewayError(res, 503, 5, "Service unavailable");
      return true;
    case Fault::kInvalidAddress:
      ServiceError(res, 400, "serviceException", "SVC0004",
                   "No valid addresses provided in message part %1", address);
      return true;
    case Fault::kPolicyError:
      ServiceError(res, 403, "policyException", "POL0001",
                   "A policy error occurred. For example, rate limit error, "
                   "authentication and authorization error: %1",
                   "no bundle");
      return true;
    default:
      break;
  }
  // Accepted from here on: Orange would send it.
  std::string id = NewId("msg-");
  {
    std::lock_guard<std::mutex> lock(mu);
    ++by_recipient[recipient];
    ++by_text[text];
    ++total;
  }
  Json reply = j;
  Json& r = reply["outboundSMSMessageRequest"];
  r["address"] = Json::array({address});
  r["resourceURL"] = "https://127.0.0.1/smsmessaging/v1/outbound/" +
                     PercentEncode(sender) + "/requests/" + id;
  switch (fault) {
    case Fault::kServerErrorAfterBody:
      GatewayError(res, 500, 1, "Internal error");
      return true;
    case Fault::kResetAfterRequest:
      *reset = true;
      return false;
    case Fault::kSlowResponse: {
      std::unique_lock<std::mutex> lock(mu);
      stop_cv.wait_for(lock, options.slow_delay, [&] { return stopping.load(); });
      SetJson(res, 201, reply);
      return true;
    }
    case Fault::kMalformedJson:
      res->result(201);
      res->set(http::field::content_type, "application/json");
      res->body() = "{\"outboundSMSMessageRequest\":{\"resourceURL\":\"https://127.0.0.1/x/" + id;
      return true;
    case Fault::kNoResourceUrl:
      r.erase("resourceURL");
      SetJson(res, 201, reply);
      return true;
    case Fault::kCloseAfterResponse:
      *close_after = true;
      SetJson(res, 201, reply);
      return true;
    default:
      SetJson(res, 201, reply);
      return true;
  }
}

int MockOrange::port() const { return state_->endpoints[0]->port; }
int MockOrange::wrong_host_port() const { return state_->endpoints[1]->port; }
int MockOrange::unknown_ca_port() const { return state_->endpoints[2]->port; }
std::string MockOrange::base_url() const {
  return "https://127.0.0.1:" + std::to_string(port());
}
std::string MockOrange::ca_file() const { return state_->ca_file; }
const MockOrange::Options& MockOrange::options() const { return state_->options; }

void MockOrange::InjectNext(Fault fault, int count) {
  std::lock_guard<std::mutex> lock(state_->mu);
  if (fault == Fault::kTokenRefused) {
    state_->next_token_refusals += count;
  } else if (fault == Fault::kResetBeforeRequest) {
    state_->next_connection_resets += count;
  } else {
    for (int i = 0; i < count; ++i) state_->next_send_faults.push_back(fault);
  }
}

void MockOrange::InjectForRecipient(const std::string& recipient, Fault fault,
                                    int count) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->recipient_faults[recipient] = {fault, count};
}

void MockOrange::SetContractsShape(int shape) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->contracts_shape = shape;
}

int64_t MockOrange::accepted(const std::string& recipient) const {
  std::lock_guard<std::mutex> lock(state_->mu);
  auto it = state_->by_recipient.find(recipient);
  return it == state_->by_recipient.end() ? 0 : it->second;
}
int64_t MockOrange::accepted_total() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->total;
}
std::map<std::string, int64_t> MockOrange::accepted_by_recipient() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->by_recipient;
}
std::map<std::string, int64_t> MockOrange::accepted_by_text() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->by_text;
}
int64_t MockOrange::token_requests() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->token_requests;
}
int64_t MockOrange::send_requests() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->send_requests;
}
int64_t MockOrange::connections() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->connections;
}
std::vector<std::string> MockOrange::violations() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->violations;
}
std::vector<std::string> MockOrange::request_log() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->request_log;
}

std::string MockOrange::CountsJson() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  Json j;
  j["accepted_total"] = state_->total;
  j["by_recipient"] = state_->by_recipient;
  j["by_text"] = state_->by_text;
  j["token_requests"] = state_->token_requests;
  j["send_requests"] = state_->send_requests;
  j["connections"] = state_->connections;
  j["violations"] = state_->violations;
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void MockOrange::Reset() {
  std::lock_guard<std::mutex> lock(state_->mu);
  State& s = *state_;
  s.next_send_faults.clear();
  s.recipient_faults.clear();
  s.next_token_refusals = s.next_connection_resets = 0;
  s.by_recipient.clear();
  s.by_text.clear();
  s.total = s.token_requests = s.send_requests = s.connections = 0;
  s.violations.clear();
  s.request_log.clear();
}

}  // namespace oracle_test
