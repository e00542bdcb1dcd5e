// Pieces shared by `oracle campaign` and `oracle history` (see
// store_cli_internal.h).
#include <time.h>

#include <cctype>
#include <chrono>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cli/cli_internal.h"
#include "cli/store_cli_internal.h"
#include "oracle/history.h"
#include "oracle/sms_transport.h"

namespace oracle::internal {

std::string_view OptionReader::current() const {
  std::string_view a = args_[i_];
  if (!options_ended_ && a.size() > 2 && a.substr(0, 2) == "--") {
    const size_t eq = a.find('=');
    if (eq != std::string_view::npos) a = a.substr(0, eq);
  }
  return a;
}

bool OptionReader::is_option() const {
  if (options_ended_) return false;
  const std::string_view a = args_[i_];
  return a.size() > 1 && a.front() == '-';
}

void OptionReader::Next() {
  if (!options_ended_ && args_[i_] == "--") options_ended_ = true;
  ++i_;
}

std::optional<std::string> OptionReader::Value(std::string* error) {
  const std::string_view a = args_[i_];
  const size_t eq = a.find('=');
  if (a.substr(0, 2) == "--" && eq != std::string_view::npos) {
    ++i_;
    return std::string(a.substr(eq + 1));
  }
  if (i_ + 1 >= args_.size()) {
    *error = "option '" + std::string(a) + "' needs a value";
    ++i_;
    return std::nullopt;
  }
  std::string value(args_[i_ + 1]);
  i_ += 2;
  return value;
}

std::string StoreUrl(const std::string& flag) {
  if (!flag.empty()) return flag;
  const char* env = std::getenv("ORACLE_STORE");
  if (env != nullptr && env[0] != '\0') return env;
  return kDefaultStoreUrl;
}

std::unique_ptr<HistoryStore> OpenStoreOrReport(const std::string& url) {
  Result<std::unique_ptr<HistoryStore>> store = OpenHistoryStore(url);
  if (!store.ok()) {
    // The store's messages never carry passwords.
    ReportFailure("cannot open the history store", store.status());
    return nullptr;
  }
  return std::move(store).value();
}

int ReportFailure(std::string_view what, const Status& status) {
  std::fprintf(stderr, "oracle: %.*s: %s\n", static_cast<int>(what.size()),
               what.data(), status.ToString().c_str());
  return kExitFailure;
}

int ReportUsage(std::string_view command, std::string_view message) {
  std::fprintf(stderr,
               "oracle %.*s: %.*s\n"
               "Try 'oracle %.*s --help' for more information.\n",
               static_cast<int>(command.size()), command.data(),
               static_cast<int>(message.size()), message.data(),
               static_cast<int>(command.size()), command.data());
  return kExitUsage;
}

Result<int64_t> ParseInt64Arg(std::string_view text, std::string_view what) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Status::InvalidArgument(std::string(what) + " must be an integer, not '" +
                                   std::string(text) + "'");
  }
  return v;
}

Result<double> ParseDoubleArg(std::string_view text, std::string_view what) {
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !(v == v)) {
    return Status::InvalidArgument(std::string(what) + " must be a number, not '" +
                                   s + "'");
  }
  return v;
}

int64_t NowUnixMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<int64_t> ParseTimeArg(std::string_view text, int64_t now_ms) {
  const auto bad = [&] {
    return Status::InvalidArgument(
        "bad time '" + std::string(text) +
        "' (use 2026-11-25T17:00:00Z, Unix seconds, now, or +30s/+15m/+2h/+1d)");
  };
  if (text == "now") return now_ms;
  if (!text.empty() && text.front() == '+') {
    if (text.size() < 3) return bad();
    const char unit = text.back();
    Result<int64_t> n = ParseInt64Arg(text.substr(1, text.size() - 2), "time");
    if (!n.ok() || *n < 0) return bad();
    int64_t ms = 0;
    switch (unit) {
      case 's': ms = 1000; break;
      case 'm': ms = 60'000; break;
      case 'h': ms = 3'600'000; break;
      case 'd': ms = 86'400'000; break;
      default: return bad();
    }
    return now_ms + *n * ms;
  }
  if (text.find('-') == std::string_view::npos) {
    Result<int64_t> seconds = ParseInt64Arg(text, "time");
    if (!seconds.ok()) return bad();
    return *seconds * 1000;
  }
  // YYYY-MM-DD[THH:MM[:SS]Z]
  const std::string s(text);
  struct tm tm = {};
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon,
                  &tm.tm_mday, &consumed) != 3 || consumed != 10) {
    return bad();
  }
  if (s.size() > 10) {
    int c2 = 0;
    if (s[10] != 'T' && s[10] != ' ') return bad();
    if (std::sscanf(s.c_str() + 11, "%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &c2) != 2) {
      return bad();
    }
    size_t pos = 11 + static_cast<size_t>(c2);
    if (pos < s.size() && s[pos] == ':') {
      int c3 = 0;
      if (std::sscanf(s.c_str() + pos + 1, "%2d%n", &tm.tm_sec, &c3) != 1) {
        return bad();
      }
      pos += 1 + static_cast<size_t>(c3);
    }
    if (s.substr(pos) != "Z" && s.substr(pos) != "+00:00") {
      return Status::InvalidArgument("time '" + s +
                                     "' must be in UTC (end it with Z)");
    }
  }
  if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
      tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60) {
    return bad();
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const time_t t = timegm(&tm);
  return static_cast<int64_t>(t) * 1000;
}

std::string FormatTime(int64_t unix_ms) {
  if (unix_ms == 0) return "";
  const time_t t = static_cast<time_t>(unix_ms / 1000);
  struct tm tm = {};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, static_cast<int>(unix_ms % 1000));
  return buf;
}

nlohmann::ordered_json MessageJson(const MessageRecord& m) {
  nlohmann::ordered_json j;
  j["id"] = m.id;
  j["campaign_id"] = m.campaign_id;
  j["recipient"] = m.recipient;
  j["state"] = MessageStateName(m.state);
  j["delivery_status"] =
      m.delivery_status ? std::string(DeliveryStatusName(*m.delivery_status)) : "";
  j["operator"] = m.operator_name;
  j["region"] = m.region;
  j["sender_address"] = m.sender_address;
  j["sender_name"] = m.sender_name;
  j["text"] = m.text;
  j["text_dropped"] = m.text_dropped;
  j["encoding"] = m.encoding;
  j["segments"] = m.segments;
  j["transport"] = m.transport;
  j["provider_message_id"] = m.provider_message_id;
  j["request_id"] = m.request_id;
  j["attempts"] = m.attempts;
  j["error_code"] = m.last_error_code;
  j["error_message"] = m.last_error_message;
  j["created_at"] = FormatTime(m.created_at_unix_ms);
  j["updated_at"] = FormatTime(m.updated_at_unix_ms);
  return j;
}

nlohmann::ordered_json EventJson(const EventRecord& e) {
  nlohmann::ordered_json j;
  j["id"] = e.id;
  j["at"] = FormatTime(e.at_unix_ms);
  j["kind"] = e.kind;
  j["message_id"] = e.message_id;
  j["campaign_id"] = e.campaign_id;
  j["job_id"] = e.job_id;
  j["number"] = e.number;
  j["operator"] = e.operator_name;
  j["state"] = e.state;
  j["error_code"] = e.error_code;
  j["detail"] = e.detail;
  return j;
}

nlohmann::ordered_json CampaignJson(const CampaignRecord& c) {
  nlohmann::ordered_json j;
  j["id"] = c.id;
  j["name"] = c.spec.name;
  j["state"] = CampaignStateName(c.state);
  j["template"] = c.spec.template_text;
  j["sender_address"] = c.spec.sender_address;
  j["sender_name"] = c.spec.sender_name;
  j["transport"] = c.spec.transport;
  j["rate_per_second"] = c.spec.rate_per_second;
  j["scheduled_start"] = FormatTime(c.spec.scheduled_start_unix_ms);
  j["source"] = c.spec.source;
  j["created_at"] = FormatTime(c.created_at_unix_ms);
  j["updated_at"] = FormatTime(c.updated_at_unix_ms);
  return j;
}

nlohmann::ordered_json CountsJson(const std::vector<CountRow>& counts) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const CountRow& row : counts) j[row.key] = row.count;
  return j;
}

Result<CampaignRecord> FindCampaignArg(HistoryStore& store,
                                       const std::string& name_or_id) {
  Result<CampaignRecord> by_name = store.FindCampaign(name_or_id);
  if (by_name.ok() || by_name.status().code() != StatusCode::kNotFound) {
    return by_name;
  }
  std::string_view digits = name_or_id;
  if (!digits.empty() && digits.front() == '#') digits.remove_prefix(1);
  Result<int64_t> id = ParseInt64Arg(digits, "campaign id");
  if (id.ok() && *id > 0) return store.GetCampaign(*id);
  return Status::NotFound("no campaign named '" + name_or_id + "'");
}

}  // namespace oracle::internal
