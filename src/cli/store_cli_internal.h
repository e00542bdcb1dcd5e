// Pieces shared by `oracle campaign` and `oracle history`: option parsing,
// opening the store, times, and records as JSON.
//
// Thread safety: functions of the calling thread only (they print to the
// process' standard streams).
#ifndef ORACLE_SRC_CLI_STORE_CLI_INTERNAL_H_
#define ORACLE_SRC_CLI_STORE_CLI_INTERNAL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "oracle/history.h"
#include "oracle/result.h"
#include "oracle/status.h"

namespace oracle::internal {

// The store used when --store is not given (and ORACLE_STORE is not set).
inline constexpr char kDefaultStoreUrl[] = "sqlite:oracle.db";

// Reads "--name VALUE", "--name=VALUE", flags and positional arguments.
class OptionReader {
 public:
  explicit OptionReader(const std::vector<std::string_view>& args)
      : args_(args) {}

  bool done() const { return i_ >= args_.size(); }
  // The current argument (an option such as "--rate" without its "=value").
  std::string_view current() const;
  bool is_option() const;
  // Moves past the current argument.
  void Next();
  // The value of the current option (after '=' or the next argument), and
  // moves past both. nullopt (and `error` set) when there is none.
  std::optional<std::string> Value(std::string* error);

 private:
  const std::vector<std::string_view>& args_;
  size_t i_ = 0;
  bool options_ended_ = false;
};

// The --store URL: `flag` when given, else $ORACLE_STORE, else the default.
std::string StoreUrl(const std::string& flag);

// Opens the store, printing a clear message on failure (nullptr then).
std::unique_ptr<HistoryStore> OpenStoreOrReport(const std::string& url);

// Prints "oracle: WHAT: STATUS" on stderr and returns kExitFailure.
int ReportFailure(std::string_view what, const Status& status);
// Prints a usage error for `command` and returns kExitUsage.
int ReportUsage(std::string_view command, std::string_view message);

// "2026-11-25T17:00:00Z", "2026-11-25T17:00Z", "2026-11-25" (UTC), or
// Unix seconds, or "now", or "+30s" / "+15m" / "+2h" / "+1d" from `now_ms`,
// to Unix milliseconds.
Result<int64_t> ParseTimeArg(std::string_view text, int64_t now_ms);
// The current time in Unix milliseconds.
int64_t NowUnixMillis();
// Unix milliseconds as "2026-11-25T17:00:00.123Z"; "" for 0.
std::string FormatTime(int64_t unix_ms);

Result<int64_t> ParseInt64Arg(std::string_view text, std::string_view what);
Result<double> ParseDoubleArg(std::string_view text, std::string_view what);

nlohmann::ordered_json MessageJson(const MessageRecord& m);
nlohmann::ordered_json EventJson(const EventRecord& e);
nlohmann::ordered_json CampaignJson(const CampaignRecord& c);
nlohmann::ordered_json CountsJson(const std::vector<CountRow>& counts);

// A campaign given by name or by "#ID" / a number; NOT_FOUND otherwise.
Result<CampaignRecord> FindCampaignArg(HistoryStore& store,
                                       const std::string& name_or_id);

}  // namespace oracle::internal

#endif  // ORACLE_SRC_CLI_STORE_CLI_INTERNAL_H_
