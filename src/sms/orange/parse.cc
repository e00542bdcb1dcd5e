// Orange SMS API: URLs, error bodies, send replies, contracts and delivery
// receipts. Every parser here takes untrusted input and never throws.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "oracle/orange_sms.h"
#include "sms/orange/orange_internal.h"

namespace oracle {
namespace internal {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxReceiptBytes = 64 * 1024;
constexpr int kMaxReceiptDepth = 32;
constexpr size_t kMaxReplyBytes = 1 << 20;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Depth of {} / [] nesting outside strings; stops early past `limit`.
int JsonDepth(std::string_view s, int limit) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : s) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') {
      max_depth = std::max(max_depth, ++depth);
      if (max_depth > limit) return max_depth;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max_depth;
}

// Parses without exceptions; a discarded value when the text is not JSON
// (including invalid UTF-8) or too deep.
Json ParseJson(std::string_view body, size_t max_bytes, int max_depth) {
  if (body.size() > max_bytes || JsonDepth(body, max_depth) > max_depth) {
    return Json(Json::value_t::discarded);
  }
  return Json::parse(body.begin(), body.end(), nullptr,
                     /*allow_exceptions=*/false);
}

// A string field, or a number written as text; "" otherwise.
std::string Text(const Json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  if (it->is_number_unsigned()) return std::to_string(it->get<uint64_t>());
  return "";
}

const Json* Child(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Printable ASCII only, at most `max` bytes: for texts echoed into errors.
std::string Sanitize(std::string_view s, size_t max = 300) {
  std::string out;
  for (char c : s) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    unsigned char u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7f) ? c : '?';
  }
  return out;
}

void CollectContracts(const Json& v, int depth,
                      std::vector<OrangeContract>* out) {
  if (depth > 16) return;
  if (v.is_array()) {
    for (const Json& e : v) CollectContracts(e, depth + 1, out);
    return;
  }
  if (!v.is_object()) return;
  if (v.contains("availableUnits")) {
    OrangeContract c;
    c.id = Text(v, "id");
    if (c.id.empty()) c.id = Text(v, "contractId");
    c.country = Text(v, "country");
    c.offer_name = Text(v, "offerName");
    if (c.offer_name.empty()) c.offer_name = Text(v, "service");
    c.status = Text(v, "status");
    c.expiration_date = Text(v, "expirationDate");
    if (c.expiration_date.empty()) c.expiration_date = Text(v, "expires");
    const Json& units = v["availableUnits"];
    if (units.is_number_integer() || units.is_number_unsigned()) {
      c.available_units = units.get<int64_t>();
    } else if (units.is_number_float()) {
      c.available_units = static_cast<int64_t>(units.get<double>());
    } else if (units.is_string()) {
      const std::string& s = units.get_ref<const std::string&>();
      if (!s.empty() && s.size() < 19 &&
          std::all_of(s.begin(), s.end(), IsDigit)) {
        c.available_units = std::stoll(s);
      }
    }
    c.raw_json = v.dump(-1, ' ', false, Json::error_handler_t::replace);
    out->push_back(std::move(c));
    return;
  }
  for (const auto& item : v.items()) {
    CollectContracts(item.value(), depth + 1, out);
  }
}

}  // namespace

Result<BaseUrl> ParseBaseUrl(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    return Status::InvalidArgument("base_url must start with https://");
  }
  std::string_view rest = url.substr(kScheme.size());
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.empty() || rest.find_first_of("/?#@ ") != std::string_view::npos) {
    return Status::InvalidArgument(
        "base_url must be https://host[:port] without a path");
  }
  BaseUrl b;
  std::string_view host = rest, port = "443";
  if (rest.front() == '[') {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) {
      return Status::InvalidArgument("base_url: unterminated IPv6 address");
    }
    host = rest.substr(1, close - 1);
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        return Status::InvalidArgument("base_url: bad port");
      }
      port = after.substr(1);
    }
    b.host_is_ip = true;
  } else {
    size_t colon = rest.rfind(':');
    if (colon != std::string_view::npos) {
      host = rest.substr(0, colon);
      port = rest.substr(colon + 1);
    }
    b.host_is_ip = !host.empty() &&
                   std::all_of(host.begin(), host.end(), [](char c) {
                     return IsDigit(c) || c == '.';
                   });
  }
  if (host.empty()) return Status::InvalidArgument("base_url: empty host");
  if (port.empty() || port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), IsDigit) ||
      std::stoi(std::string(port)) == 0 ||
      std::stoi(std::string(port)) > 65535) {
    return Status::InvalidArgument("base_url: bad port");
  }
  b.host = std::string(host);
  b.port = std::string(port);
  b.host_header = rest.front() == '[' ? std::string(rest.substr(0, rest.find(']') + 1)) : b.host;
  if (port != "443") b.host_header += ":" + b.port;
  return b;
}

std::string UrlEncode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
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

std::string LastPathSegment(std::string_view url) {
  size_t cut = url.find_first_of("?#");
  if (cut != std::string_view::npos) url = url.substr(0, cut);
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  size_t slash = url.rfind('/');
  if (slash == std::string_view::npos) return "";
  std::string_view seg = url.substr(slash + 1);
  std::string out;
  for (size_t i = 0; i < seg.size(); ++i) {
    if (seg[i] == '%' && i + 2 < seg.size() &&
        HexValue(seg[i + 1]) >= 0 && HexValue(seg[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(seg[i + 1]) * 16 + HexValue(seg[i + 2]));
      i += 2;
    } else {
      out += seg[i];
    }
  }
  // An id is printable ASCII without spaces, and not the collection name.
  if (out.empty() || out.size() > 200 || out == "requests" ||
      out == "subscriptions") {
    return "";
  }
  for (char c : out) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return "";
  }
  return out;
}

bool IsTelAddress(std::string_view s) {
  constexpr std::string_view kPrefix = "tel:+";
  if (s.substr(0, kPrefix.size()) != kPrefix) return false;
  std::string_view digits = s.substr(kPrefix.size());
  return !digits.empty() && digits.size() <= 20 &&
         std::all_of(digits.begin(), digits.end(), IsDigit);
}

OrangeError ParseOrangeError(std::string_view body) {
  OrangeError e;
  Json v = ParseJson(body, kMaxReplyBytes, 64);
  if (!v.is_object()) return e;
  if (const Json* req = Child(v, "requestError")) {
    const Json* ex = Child(*req, "serviceException");
    e.family = OrangeError::Family::kService;
    if (ex == nullptr) {
      ex = Child(*req, "policyException");
      e.family = OrangeError::Family::kPolicy;
    }
    if (ex != nullptr) {
      e.code = Sanitize(Text(*ex, "messageId"), 40);
      std::string text = Text(*ex, "text");
      // Fill %1, %2... with the variables, as Orange's clients do.
      if (const Json* vars = Child(*ex, "variables"); vars && vars->is_array()) {
        int n = 1;
        for (const Json& var : *vars) {
          if (!var.is_string()) continue;
          std::string mark = "%" + std::to_string(n++);
          size_t at = text.find(mark);
          if (at != std::string::npos) {
            text.replace(at, mark.size(), var.get<std::string>());
          }
        }
      }
      e.text = Sanitize(text);
      if (!e.code.empty()) return e;
    }
    e = OrangeError();
  }
  if (v.contains("code")) {
    e.family = OrangeError::Family::kGateway;
    e.code = Sanitize(Text(v, "code"), 40);
    std::string text = Text(v, "message");
    std::string description = Text(v, "description");
    if (!description.empty()) text += (text.empty() ? "" : ": ") + description;
    e.text = Sanitize(text);
    if (!e.code.empty()) return e;
    e = OrangeError();
  }
  if (v.contains("error")) {
    e.family = OrangeError::Family::kOAuth;
    e.code = Sanitize(Text(v, "error"), 60);
    e.text = Sanitize(Text(v, "error_description"));
    if (!e.code.empty()) return e;
    e = OrangeError();
  }
  return e;
}

SendClassification ClassifySendReply(int http_status, std::string_view body) {
  SendClassification c{SendOutcome::kUnknown, "", "", ""};
  if (http_status >= 200 && http_status < 300) {
    Json v = ParseJson(body, kMaxReplyBytes, 64);
    if (v.is_discarded()) {
      c.error_code = "MALFORMED_RESPONSE";
      c.error_message = "HTTP " + std::to_string(http_status) +
                        " with a body that is not JSON: the message may "
                        "have been sent";
      return c;
    }
    const Json* req = Child(v, "outboundSMSMessageRequest");
    std::string url = req ? Text(*req, "resourceURL") : "";
    if (url.empty()) url = Text(v, "resourceURL");
    std::string id = LastPathSegment(url);
    if (id.empty()) {
      c.error_code = "NO_RESOURCE_URL";
      c.error_message = "HTTP " + std::to_string(http_status) +
                        " without a usable resourceURL: the message may "
                        "have been sent";
      return c;
    }
    c.outcome = SendOutcome::kAccepted;
    c.message_id = std::move(id);
    return c;
  }
  OrangeError e = ParseOrangeError(body);
  c.error_code = e.code.empty() ? "HTTP_" + std::to_string(http_status)
                                : e.code;
  c.error_message = "HTTP " + std::to_string(http_status) +
                    (e.text.empty() ? std::string() : ": " + e.text);
  if (http_status >= 400 && http_status < 500) {
    c.outcome = SendOutcome::kRejected;
  } else {
    // 5xx (or anything odd) after the request was written: maybe sent.
    c.outcome = SendOutcome::kUnknown;
    c.error_message += " (the message may have been sent)";
  }
  return c;
}

Result<std::vector<OrangeContract>> ParseContracts(std::string_view body) {
  Json v = ParseJson(body, kMaxReplyBytes, 64);
  if (v.is_discarded()) {
    return Status::DataLoss("contracts reply is not JSON");
  }
  std::vector<OrangeContract> out;
  CollectContracts(v, 0, &out);
  if (out.empty() && !(v.is_array() && v.empty()) && !v.is_object()) {
    return Status::DataLoss("contracts reply has no contract");
  }
  return out;
}

std::string Redact(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.size() < 4) continue;  // too short to search for safely
    size_t at = 0;
    while ((at = text.find(secret, at)) != std::string::npos) {
      text.replace(at, secret.size(), "[redacted]");
      at += 10;
    }
  }
  return text;
}

}  // namespace internal

Result<DeliveryReceipt> ParseOrangeDeliveryReceipt(std::string_view body) {
  using internal::Child;
  using internal::Json;
  using internal::Text;
  if (body.size() > internal::kMaxReceiptBytes) {
    return Status::InvalidArgument("delivery receipt: body larger than 64 KiB");
  }
  if (internal::JsonDepth(body, internal::kMaxReceiptDepth) >
      internal::kMaxReceiptDepth) {
    return Status::InvalidArgument("delivery receipt: JSON nested too deeply");
  }
  Json v = Json::parse(body.begin(), body.end(), nullptr, false);
  if (v.is_discarded()) {
    return Status::InvalidArgument("delivery receipt: body is not valid JSON");
  }
  const Json* n = Child(v, "deliveryInfoNotification");
  if (n == nullptr || !n->is_object()) {
    return Status::InvalidArgument(
        "delivery receipt: no deliveryInfoNotification object");
  }
  const Json* info = Child(*n, "deliveryInfo");
  if (info != nullptr && info->is_array()) {
    info = info->empty() ? nullptr : &(*info)[0];
  }
  if (info == nullptr || !info->is_object()) {
    return Status::InvalidArgument("delivery receipt: no deliveryInfo object");
  }
  DeliveryReceipt r;
  r.provider_message_id = Text(*n, "callbackData");
  if (r.provider_message_id.empty()) {
    return Status::InvalidArgument("delivery receipt: no callbackData");
  }
  if (r.provider_message_id.size() > 200) {
    return Status::InvalidArgument("delivery receipt: callbackData too long");
  }
  r.address = Text(*info, "address");
  if (r.address.size() > 64) {
    return Status::InvalidArgument("delivery receipt: address too long");
  }
  const Json* status = Child(*info, "deliveryStatus");
  if (status != nullptr && status->is_string()) {
    r.raw_status = status->get<std::string>();
  }
  if (r.raw_status.empty()) {
    return Status::InvalidArgument("delivery receipt: no deliveryStatus");
  }
  if (r.raw_status.size() > 64) {
    return Status::InvalidArgument("delivery receipt: deliveryStatus too long");
  }
  static constexpr struct {
    std::string_view name;
    DeliveryStatus status;
  } kStatuses[] = {
      {"DeliveredToTerminal", DeliveryStatus::kDeliveredToTerminal},
      {"DeliveredToNetwork", DeliveryStatus::kDeliveredToNetwork},
      {"MessageWaiting", DeliveryStatus::kMessageWaiting},
      {"DeliveryUncertain", DeliveryStatus::kDeliveryUncertain},
      {"DeliveryImpossible", DeliveryStatus::kDeliveryImpossible},
      {"DeliveryNotificationNotSupported", DeliveryStatus::kNotSupported},
  };
  r.status = DeliveryStatus::kDeliveryUncertain;
  for (const auto& s : kStatuses) {
    if (internal::EqualsIgnoreCase(r.raw_status, s.name)) r.status = s.status;
  }
  r.received_at_unix_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  return r;
}

}  // namespace oracle
