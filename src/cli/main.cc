// The `oracle` command-line tool: dispatches to its commands and answers
// --help and --version.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli_internal.h"
#include "oracle/engine.h"
#include "oracle/version.h"

namespace oracle::internal {

const char kMainUsage[] =
    "Usage: oracle COMMAND [OPTIONS] [ARGS...]\n"
    "       oracle --help | --version\n"
    "\n"
    "Phone-number segmentation with libphonenumber's answers.\n"
    "\n"
    "Commands:\n"
    "  segment   split phone numbers into country, operator, type, NDC,\n"
    "            subscriber number and formats (JSON Lines, CSV or a table)\n"
    "  campaign  bulk SMS through the history store: create, run, status,\n"
    "            cancel, pause, resolve\n"
    "  history   query, export and count the history store's records\n"
    "  batch     segment the phone column of a contact file (CSV, TSV, XLSX,\n"
    "            JSON Lines, JSON), with rejects and a summary\n"
    "  sms       'sms encode': GSM-7 or UCS-2, segments, what forced UCS-2;\n"
    "            'sms send': send one SMS (sandbox or Orange SMS API)\n"
    "\n"
    "Options:\n"
    "  -h, --help   show this help and exit\n"
    "  --version    show the library and metadata versions and exit\n"
    "\n"
    "Run 'oracle COMMAND --help' for the options of a command.\n"
    "Exit status: 0 success, 1 runtime failure, 2 usage error.\n";

namespace {

int PrintVersion() {
  std::printf("oracle %s\n", ORACLE_VERSION_STRING);
  Result<Engine> engine = Engine::Make();
  if (!engine.ok()) {
    std::fprintf(stderr, "oracle: cannot load the embedded metadata: %s\n",
                 engine.status().ToString().c_str());
    return kExitFailure;
  }
  std::printf("metadata %s\n", engine->metadata_version().c_str());
  return kExitOk;
}

int UsageError(std::string_view message) {
  std::fprintf(stderr,
               "oracle: %.*s\n"
               "Try 'oracle --help' for more information.\n",
               static_cast<int>(message.size()), message.data());
  return kExitUsage;
}

int Main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) return UsageError("missing command");
  const std::string_view command = args.front();
  if (command == "-h" || command == "--help" || command == "help") {
    std::fputs(kMainUsage, stdout);
    return kExitOk;
  }
  if (command == "--version" || command == "version") return PrintVersion();
  if (command == "segment") {
    args.erase(args.begin());
    return RunSegmentCommand(args);
  }
  if (command == "campaign" || command == "history") {
    args.erase(args.begin());
    return command == "campaign" ? RunCampaignCommand(args)
                                 : RunHistoryCommand(args);
  }
  if (command == "batch") {
    args.erase(args.begin());
    return RunBatchCommand(args);
  }
  if (command == "sms") {
    args.erase(args.begin());
    return RunSmsCommand(args);
  }
  if (!command.empty() && command.front() == '-') {
    return UsageError("unknown option '" + std::string(command) + "'");
  }
  return UsageError("unknown command '" + std::string(command) + "'");
}

}  // namespace
}  // namespace oracle::internal

int main(int argc, char** argv) { return oracle::internal::Main(argc, argv); }
