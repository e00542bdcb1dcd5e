// OrangeSmsOptions: validation, a redacted dump, and loading from a
// `key = value` file and the environment.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "oracle/orange_sms.h"
#include "sms/orange/orange_internal.h"

namespace oracle {
namespace {

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool IsSecretKey(std::string_view key) {
  return key == "client_id" || key == "client_secret";
}

Result<int64_t> ParseInt(std::string_view key, const std::string& value) {
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(value.c_str(), &end, 10);
  if (value.empty() || errno != 0 || *end != '\0') {
    return Status::InvalidArgument(std::string(key) +
                                   ": expected an integer, got '" + value +
                                   "'");
  }
  return static_cast<int64_t>(v);
}

Result<double> ParseDouble(std::string_view key, const std::string& value) {
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(value.c_str(), &end);
  if (value.empty() || errno != 0 || *end != '\0' || !std::isfinite(v)) {
    return Status::InvalidArgument(std::string(key) +
                                   ": expected a number, got '" + value + "'");
  }
  return v;
}

// Sets one option by its configuration key.
Status SetOption(OrangeSmsOptions* o, const std::string& key,
                 const std::string& value) {
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  if (key == "client_id") { o->client_id = value; return Status::OK(); }
  if (key == "client_secret") { o->client_secret = value; return Status::OK(); }
  if (key == "sender_address") { o->sender_address = value; return Status::OK(); }
  if (key == "sender_name") { o->sender_name = value; return Status::OK(); }
  if (key == "base_url") { o->base_url = value; return Status::OK(); }
  if (key == "ca_file") { o->ca_file = value; return Status::OK(); }
  if (key == "verify_peer") {
    if (value == "true" || value == "1" || value == "yes") {
      o->verify_peer = true;
    } else if (value == "false" || value == "0" || value == "no") {
      o->verify_peer = false;
    } else {
      return Status::InvalidArgument("verify_peer: expected true or false");
    }
    return Status::OK();
  }
  if (key == "messages_per_second") {
    ORACLE_ASSIGN_OR_RAISE(o->messages_per_second, ParseDouble(key, value));
    return Status::OK();
  }
  struct IntKey {
    const char* name;
    std::function<void(int64_t)> set;
  };
  const IntKey int_keys[] = {
      {"connect_timeout_ms", [&](int64_t v) { o->connect_timeout = milliseconds(v); }},
      {"request_timeout_ms", [&](int64_t v) { o->request_timeout = milliseconds(v); }},
      {"total_timeout_ms", [&](int64_t v) { o->total_timeout = milliseconds(v); }},
      {"idle_timeout_ms", [&](int64_t v) { o->idle_timeout = milliseconds(v); }},
      {"max_connections", [&](int64_t v) { o->max_connections = static_cast<int>(v); }},
      {"rate_burst", [&](int64_t v) { o->rate_burst = static_cast<int>(v); }},
      {"max_retries", [&](int64_t v) { o->max_retries = static_cast<int>(v); }},
      {"backoff_base_ms", [&](int64_t v) { o->backoff_base = milliseconds(v); }},
      {"backoff_cap_ms", [&](int64_t v) { o->backoff_cap = milliseconds(v); }},
      {"token_refresh_margin_s", [&](int64_t v) { o->token_refresh_margin = seconds(v); }},
  };
  for (const IntKey& k : int_keys) {
    if (key == k.name) {
      ORACLE_ASSIGN_OR_RAISE(int64_t v, ParseInt(key, value));
      if (v < INT32_MIN || v > INT32_MAX) {
        return Status::InvalidArgument(key + ": out of range");
      }
      k.set(v);
      return Status::OK();
    }
  }
  return Status::InvalidArgument("unknown key '" + key + "'");
}

}  // namespace

Status OrangeSmsOptions::Validate() const {
  auto bad = [](const std::string& what) {
    return Status::InvalidArgument("OrangeSmsOptions: " + what);
  };
  Result<internal::BaseUrl> base = internal::ParseBaseUrl(base_url);
  if (!base.ok()) return bad(base.status().message());
  if (client_id.empty()) return bad("client_id is empty");
  if (client_secret.empty()) return bad("client_secret is empty");
  if (client_id.find(':') != std::string::npos) {
    return bad("client_id must not contain ':'");
  }
  if (!sender_address.empty() && !internal::IsTelAddress(sender_address)) {
    return bad("sender_address must look like tel:+2250000");
  }
  if (sender_name.size() > 11) return bad("sender_name is longer than 11");
  for (char c : sender_name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != ' ') {
      return bad("sender_name may hold only letters, digits and spaces");
    }
  }
  if (connect_timeout.count() <= 0) return bad("connect_timeout must be > 0");
  if (request_timeout.count() <= 0) return bad("request_timeout must be > 0");
  if (total_timeout.count() <= 0) return bad("total_timeout must be > 0");
  if (idle_timeout.count() < 0) return bad("idle_timeout must be >= 0");
  if (max_connections < 1 || max_connections > 1024) {
    return bad("max_connections must be in [1, 1024]");
  }
  if (!(messages_per_second >= 0) || messages_per_second > 1e6) {
    return bad("messages_per_second must be in [0, 1e6] (0: no limit)");
  }
  if (rate_burst < 1) return bad("rate_burst must be >= 1");
  if (max_retries < 0 || max_retries > 100) {
    return bad("max_retries must be in [0, 100]");
  }
  if (backoff_base.count() < 0 || backoff_cap.count() < 0) {
    return bad("backoff_base and backoff_cap must be >= 0");
  }
  if (token_refresh_margin.count() < 0) {
    return bad("token_refresh_margin must be >= 0");
  }
  return Status::OK();
}

std::string OrangeSmsOptions::ToString() const {
  std::ostringstream s;
  auto secret = [](const std::string& v) {
    return v.empty() ? "(unset)" : "(set, redacted)";
  };
  s << "OrangeSmsOptions{base_url=" << base_url
    << ", client_id=" << secret(client_id)
    << ", client_secret=" << secret(client_secret)
    << ", sender_address=" << sender_address
    << ", sender_name=" << sender_name << ", ca_file=" << ca_file
    << ", verify_peer=" << (verify_peer ? "true" : "false")
    << ", connect_timeout_ms=" << connect_timeout.count()
    << ", request_timeout_ms=" << request_timeout.count()
    << ", total_timeout_ms=" << total_timeout.count()
    << ", max_connections=" << max_connections
    << ", idle_timeout_ms=" << idle_timeout.count()
    << ", messages_per_second=" << messages_per_second
    << ", rate_burst=" << rate_burst << ", max_retries=" << max_retries
    << ", backoff_base_ms=" << backoff_base.count()
    << ", backoff_cap_ms=" << backoff_cap.count()
    << ", token_refresh_margin_s=" << token_refresh_margin.count() << "}";
  return s.str();
}

Result<OrangeSmsOptions> LoadOrangeSmsOptions(const std::string& config_file) {
  OrangeSmsOptions o = OrangeSmsOptions::Defaults();
  if (!config_file.empty()) {
    std::ifstream in(config_file);
    if (!in) {
      return Status::IoError("cannot open Orange configuration file " +
                             config_file);
    }
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      std::string t = Trim(line);
      if (t.empty() || t[0] == '#') continue;
      size_t eq = t.find('=');
      std::string where = config_file + ":" + std::to_string(line_no) + ": ";
      if (eq == std::string::npos) {
        // The line may be a secret pasted alone: do not echo it.
        return Status::InvalidArgument(where + "expected key = value");
      }
      std::string key = Trim(std::string_view(t).substr(0, eq));
      std::string value = Trim(std::string_view(t).substr(eq + 1));
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
          value.back() == value.front()) {
        value = value.substr(1, value.size() - 2);
      }
      Status s = SetOption(&o, key, value);
      if (!s.ok()) {
        if (IsSecretKey(key)) {
          return Status::InvalidArgument(where + "bad value for " + key);
        }
        if (s.message().rfind("unknown key", 0) == 0) {
          // Only the key is echoed (never a value that might be secret).
          return Status::InvalidArgument(where + s.message());
        }
        return Status::InvalidArgument(where + s.message());
      }
    }
  }
  static constexpr struct {
    const char* env;
    const char* key;
  } kEnv[] = {
      {"ORACLE_ORANGE_CLIENT_ID", "client_id"},
      {"ORACLE_ORANGE_CLIENT_SECRET", "client_secret"},
      {"ORACLE_ORANGE_SENDER_ADDRESS", "sender_address"},
      {"ORACLE_ORANGE_SENDER_NAME", "sender_name"},
      {"ORACLE_ORANGE_BASE_URL", "base_url"},
      {"ORACLE_ORANGE_CA_FILE", "ca_file"},
  };
  for (const auto& e : kEnv) {
    const char* v = std::getenv(e.env);
    if (v != nullptr && *v != '\0') {
      ORACLE_RETURN_NOT_OK(SetOption(&o, e.key, Trim(v)));
    }
  }
  ORACLE_RETURN_NOT_OK(o.Validate());
  return o;
}

}  // namespace oracle
