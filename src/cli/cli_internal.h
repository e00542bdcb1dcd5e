// Internal pieces of the `oracle` command-line tool: the commands, their
// usage texts and the exit codes they share.
//
// Thread safety: the commands run on the calling thread and use the process'
// standard streams; call them from one thread.
#ifndef ORACLE_SRC_CLI_CLI_INTERNAL_H_
#define ORACLE_SRC_CLI_CLI_INTERNAL_H_

#include <string_view>
#include <vector>

namespace oracle::internal {

// Process exit codes of the tool.
inline constexpr int kExitOk = 0;
// A runtime failure: unreadable metadata or operator rules, write error.
inline constexpr int kExitFailure = 1;
// A usage error: unknown command or option, bad option value.
inline constexpr int kExitUsage = 2;

// The text of `oracle --help`.
extern const char kMainUsage[];
// The text of `oracle segment --help`.
extern const char kSegmentUsage[];
// The text of `oracle batch --help`.
extern const char kBatchUsage[];

// Runs `oracle segment ARGS...` (`args` excludes "segment") and returns the
// process exit code.
int RunSegmentCommand(const std::vector<std::string_view>& args);

// `oracle campaign ...` and `oracle history ...` (campaign_command.cc,
// history_command.cc): `args` excludes the command name.
extern const char kCampaignUsage[];
extern const char kHistoryUsage[];
int RunCampaignCommand(const std::vector<std::string_view>& args);
int RunHistoryCommand(const std::vector<std::string_view>& args);
// Runs `oracle batch ARGS...` (`args` excludes "batch") and returns the
// process exit code.
int RunBatchCommand(const std::vector<std::string_view>& args);
// The text of `oracle sms --help`.
extern const char kSmsUsage[];
// Runs `oracle sms SUBCOMMAND ARGS...` (`args` excludes "sms") and returns
// the process exit code.
int RunSmsCommand(const std::vector<std::string_view>& args);

}  // namespace oracle::internal

#endif  // ORACLE_SRC_CLI_CLI_INTERNAL_H_
