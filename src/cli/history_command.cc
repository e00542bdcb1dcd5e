// `oracle history`: query the history store (messages or events, by number,
// campaign, state, operator, date range, page by page), export everything
// that matches a query, and count messages per day, state or operator.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_internal.h"
#include "cli/store_cli_internal.h"
#include "history/campaign_internal.h"
#include "oracle/engine.h"
#include "oracle/history.h"
#include "oracle/history_export.h"
#include "oracle/io.h"

namespace oracle::internal {

const char kHistoryUsage[] =
    "Usage: oracle history query [FILTERS] [--limit N] [--cursor C] [--all]\n"
    "       oracle history export [FILTERS] [--output FILE] [--format F]\n"
    "       oracle history count --by day|state|operator [FILTERS]\n"
    "       oracle history jobs [--limit N] [--cursor C] [--all]\n"
    "\n"
    "Reads the history store: messages (default) or their events, newest\n"
    "first. 'query' prints one page (--limit records) and, on standard\n"
    "error, the cursor of the next page; 'export' writes every matching\n"
    "record through the table writers (CSV, TSV, XLSX, JSON Lines, JSON).\n"
    "'jobs' lists the segmentation jobs on record ('oracle batch' runs),\n"
    "newest first.\n"
    "\n"
    "Filters:\n"
    "      --number NUMBER    a recipient (any format; see --region)\n"
    "  -r, --region CC        region of a number written without country code\n"
    "      --campaign NAME    a campaign, by name or id\n"
    "      --state STATE      queued, claimed, sending, sent, delivered,\n"
    "                         failed, unknown, opted_out, cancelled (with\n"
    "                         --events, any event state, e.g. accepted)\n"
    "      --operator NAME    e.g. Orange\n"
    "      --from TIME        created at or after (2026-11-25, 2026-11-25T08:00Z,\n"
    "                         Unix seconds, or -2h / -7d from now)\n"
    "      --to TIME          created before\n"
    "      --events           events instead of messages\n"
    "      --kind KIND        events of one kind: message, job, receipt, sms\n"
    "                         ... (implies --events)\n"
    "\n"
    "Options:\n"
    "      --store URL        sqlite:PATH or postgresql://...; default\n"
    "                         $ORACLE_STORE, else sqlite:oracle.db\n"
    "  -f, --format FORMAT    jsonl (default) or csv; export: also tsv, xlsx,\n"
    "                         json (default: from the --output extension)\n"
    "      --limit N          records per page, 1 to 10000 (default 100)\n"
    "      --cursor C         the page after the one that printed C\n"
    "      --all              every page\n"
    "  -o, --output FILE      export: write to FILE instead of standard output\n"
    "  -h, --help             show this help and exit\n"
    "\n"
    "Examples:\n"
    "  oracle history query --number '07 07 12 34 56' --region CI\n"
    "  oracle history query --campaign promo --state unknown\n"
    "  oracle history export --campaign promo --format csv -o promo.csv\n"
    "  oracle history count --by operator --from -7d\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 usage error.\n";

namespace {

constexpr std::string_view kCommand = "history";

int Usage(std::string_view message) { return ReportUsage(kCommand, message); }

void AppendCsvField(const std::string& s, std::string* out) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) {
    out->append(s);
    return;
  }
  out->push_back('"');
  for (char c : s) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string CsvValue(const nlohmann::ordered_json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

// Writes records as JSON Lines or CSV (header from the first record).
class RecordOutput {
 public:
  RecordOutput(std::FILE* out, bool csv) : out_(out), csv_(csv) {}

  bool Write(const nlohmann::ordered_json& record) {
    std::string line;
    if (csv_) {
      if (!header_written_) {
        bool first = true;
        for (const auto& item : record.items()) {
          if (!first) line.push_back(',');
          first = false;
          AppendCsvField(item.key(), &line);
        }
        line.append("\r\n");
        header_written_ = true;
      }
      bool first = true;
      for (const auto& item : record.items()) {
        if (!first) line.push_back(',');
        first = false;
        AppendCsvField(CsvValue(item.value()), &line);
      }
      line.append("\r\n");
    } else {
      line = record.dump(-1, ' ', false,
                         nlohmann::ordered_json::error_handler_t::replace);
      line.push_back('\n');
    }
    return std::fwrite(line.data(), 1, line.size(), out_) == line.size();
  }

 private:
  std::FILE* out_;
  bool csv_;
  bool header_written_ = false;
};

struct HistoryArgs {
  std::string store_url;
  std::string number, region, campaign, state, operator_name, from, to, kind;
  std::string format;  // empty: jsonl, or (export) from the file name
  std::string cursor, output, by;
  int limit = 100;
  bool events = false;
  bool all = false;
};

std::string ParseArgs(const std::vector<std::string_view>& args, bool* help,
                      HistoryArgs* out) {
  OptionReader r(args);
  std::string error;
  while (!r.done()) {
    const std::string_view a = r.current();
    if (!r.is_option()) return "unexpected argument '" + std::string(a) + "'";
    std::optional<std::string> v;
    auto value = [&](std::string* field) -> bool {
      v = r.Value(&error);
      if (v) *field = *v;
      return v.has_value();
    };
    if (a == "-h" || a == "--help") {
      *help = true;
      return "";
    } else if (a == "--store") {
      if (!value(&out->store_url)) return error;
    } else if (a == "--number") {
      if (!value(&out->number)) return error;
    } else if (a == "-r" || a == "--region") {
      if (!value(&out->region)) return error;
    } else if (a == "--campaign") {
      if (!value(&out->campaign)) return error;
    } else if (a == "--state") {
      if (!value(&out->state)) return error;
    } else if (a == "--kind") {
      if (!value(&out->kind)) return error;
      if (out->kind.empty()) return "--kind needs a value";
      out->events = true;
    } else if (a == "--operator") {
      if (!value(&out->operator_name)) return error;
    } else if (a == "--from") {
      if (!value(&out->from)) return error;
    } else if (a == "--to") {
      if (!value(&out->to)) return error;
    } else if (a == "-f" || a == "--format") {
      if (!value(&out->format)) return error;
    } else if (a == "--cursor") {
      if (!value(&out->cursor)) return error;
    } else if (a == "-o" || a == "--output") {
      if (!value(&out->output)) return error;
    } else if (a == "--by") {
      if (!value(&out->by)) return error;
    } else if (a == "--limit") {
      std::string text;
      if (!value(&text)) return error;
      Result<int64_t> n = ParseInt64Arg(text, "--limit");
      if (!n.ok() || *n < 1 || *n > 10000) return "--limit must be between 1 and 10000";
      out->limit = static_cast<int>(*n);
    } else if (a == "--events") {
      out->events = true;
      r.Next();
    } else if (a == "--all") {
      out->all = true;
      r.Next();
    } else {
      return "unknown option '" + std::string(a) + "'";
    }
  }
  return "";
}

// "-7d" / "-2h" (before now) are accepted besides ParseTimeArg's forms.
Result<int64_t> ParsePastTime(const std::string& text) {
  const int64_t now = SystemNowUnixMs();
  if (text.size() > 2 && text.front() == '-' &&
      std::string_view("smhd").find(text.back()) != std::string_view::npos) {
    ORACLE_ASSIGN_OR_RAISE(int64_t ahead, ParseTimeArg("+" + text.substr(1), now));
    return now - (ahead - now);
  }
  return ParseTimeArg(text, now);
}

// Builds the store query; prints a usage error and returns nullopt when an
// argument is bad (`*exit_code` set).
std::optional<HistoryQuery> BuildQuery(const HistoryArgs& a, HistoryStore& store,
                                       int* exit_code) {
  HistoryQuery q;
  q.limit = a.limit;
  q.cursor = a.cursor;
  q.operator_name = a.operator_name;
  if (!a.number.empty()) {
    Result<Engine> engine = Engine::Make();
    if (!engine.ok()) {
      *exit_code = ReportFailure("cannot make the engine", engine.status());
      return std::nullopt;
    }
    Result<Segmentation> seg = engine->Segment(a.number, a.region);
    if (!seg.ok() || seg->e164.empty()) {
      *exit_code = Usage("--number '" + a.number + "' is not a phone number" +
                         (a.region.empty() ? " (add --region?)" : ""));
      return std::nullopt;
    }
    q.number = seg->e164;
  }
  if (!a.campaign.empty()) {
    Result<CampaignRecord> c = FindCampaignArg(store, a.campaign);
    if (!c.ok()) {
      *exit_code = ReportFailure("cannot find the campaign", c.status());
      return std::nullopt;
    }
    q.campaign_id = c->id;
  }
  q.kind = a.kind;
  if (!a.state.empty()) {
    // Events carry any state their writer gave (an SMS send's "accepted");
    // messages one of MessageState's.
    if (a.events) {
      q.state_name = a.state;
    } else {
      std::optional<MessageState> s = ParseMessageState(a.state);
      if (!s) {
        *exit_code = Usage("unknown state '" + a.state + "'");
        return std::nullopt;
      }
      q.state = s;
    }
  }
  for (const auto& [text, field] :
       {std::pair{&a.from, &q.from_unix_ms}, std::pair{&a.to, &q.to_unix_ms}}) {
    if (text->empty()) continue;
    Result<int64_t> t = ParsePastTime(*text);
    if (!t.ok()) {
      *exit_code = Usage(t.status().message());
      return std::nullopt;
    }
    *field = *t;
  }
  return q;
}

// Writes pages of the query; all pages when `all`. Returns the exit code.
int WritePages(HistoryStore& store, HistoryQuery q, bool events, bool all,
               std::FILE* out, bool csv) {
  RecordOutput writer(out, csv);
  while (true) {
    std::string next;
    if (events) {
      Result<Page<EventRecord>> page = store.QueryEvents(q);
      if (!page.ok()) return ReportFailure("query failed", page.status());
      for (const EventRecord& e : page->items) {
        if (!writer.Write(EventJson(e))) {
          return ReportFailure("cannot write", Status::IoError("write error"));
        }
      }
      next = page->next_cursor;
    } else {
      Result<Page<MessageRecord>> page = store.QueryMessages(q);
      if (!page.ok()) return ReportFailure("query failed", page.status());
      for (const MessageRecord& m : page->items) {
        if (!writer.Write(MessageJson(m))) {
          return ReportFailure("cannot write", Status::IoError("write error"));
        }
      }
      next = page->next_cursor;
    }
    if (next.empty()) break;
    if (!all) {
      std::fprintf(stderr, "next page: --cursor %s\n", next.c_str());
      break;
    }
    q.cursor = next;
  }
  if (std::fflush(out) != 0) {
    return ReportFailure("cannot write", Status::IoError("write error"));
  }
  return kExitOk;
}

// `oracle history jobs`: one JSON object (or CSV row) per job, newest first.
int WriteJobs(HistoryStore& store, const HistoryArgs& a, std::FILE* out) {
  RecordOutput writer(out, a.format == "csv");
  std::string cursor = a.cursor;
  while (true) {
    Result<Page<JobRecord>> page = store.ListJobs(a.limit, cursor);
    if (!page.ok()) return ReportFailure("cannot list jobs", page.status());
    for (const JobRecord& job : page->items) {
      nlohmann::ordered_json j;
      j["id"] = job.id;
      j["kind"] = std::string(JobKindName(job.kind));
      j["description"] = job.description;
      j["status"] = job.status;
      j["rows_total"] = job.rows_total;
      j["rows_ok"] = job.rows_ok;
      j["rows_failed"] = job.rows_failed;
      j["error_message"] = job.error_message;
      j["started_at"] = FormatTime(job.started_at_unix_ms);
      j["finished_at"] =
          job.finished_at_unix_ms ? FormatTime(job.finished_at_unix_ms) : "";
      j["duration_ms"] = job.duration_ms();
      writer.Write(j);
    }
    if (page->next_cursor.empty()) break;
    if (!a.all) {
      std::fprintf(stderr, "next page: --cursor %s\n", page->next_cursor.c_str());
      break;
    }
    cursor = page->next_cursor;
  }
  if (std::fflush(out) != 0) {
    return ReportFailure("cannot write", Status::IoError("write error"));
  }
  return kExitOk;
}

}  // namespace

int RunHistoryCommand(const std::vector<std::string_view>& args) {
  if (args.empty()) return Usage("missing subcommand (query, export, count, jobs)");
  const std::string_view sub = args.front();
  if (sub == "-h" || sub == "--help" || sub == "help") {
    std::fputs(kHistoryUsage, stdout);
    return kExitOk;
  }
  if (sub != "query" && sub != "export" && sub != "count" && sub != "jobs") {
    return Usage("unknown subcommand '" + std::string(sub) + "'");
  }
  HistoryArgs a;
  bool help = false;
  const std::vector<std::string_view> rest(args.begin() + 1, args.end());
  if (std::string error = ParseArgs(rest, &help, &a); !error.empty()) {
    return Usage(error);
  }
  if (help) {
    std::fputs(kHistoryUsage, stdout);
    return kExitOk;
  }
  if (sub != "export" && !a.output.empty()) return Usage("--output is for export");
  if (sub != "export" && !a.format.empty() && a.format != "jsonl" && a.format != "csv") {
    return Usage("--format must be jsonl or csv");
  }
  if (sub == "count" && a.by.empty()) return Usage("count needs --by day|state|operator");
  if (sub != "count" && !a.by.empty()) return Usage("--by is for count");
  std::unique_ptr<HistoryStore> store = OpenStoreOrReport(StoreUrl(a.store_url));
  if (!store) return kExitFailure;
  if (sub == "jobs") return WriteJobs(*store, a, stdout);
  int exit_code = kExitOk;
  std::optional<HistoryQuery> q = BuildQuery(a, *store, &exit_code);
  if (!q) return exit_code;

  if (sub == "count") {
    CountBy by;
    if (a.by == "day") {
      by = CountBy::kDay;
    } else if (a.by == "state") {
      by = CountBy::kState;
    } else if (a.by == "operator") {
      by = CountBy::kOperator;
    } else {
      return Usage("--by must be day, state or operator");
    }
    Result<std::vector<CountRow>> counts = store->CountMessages(*q, by);
    if (!counts.ok()) return ReportFailure("count failed", counts.status());
    RecordOutput writer(stdout, a.format == "csv");
    for (const CountRow& row : *counts) {
      nlohmann::ordered_json j;
      j[a.by] = row.key;
      j["count"] = row.count;
      writer.Write(j);
    }
    return kExitOk;
  }
  if (sub == "query") {
    return WritePages(*store, *q, a.events, a.all, stdout, a.format == "csv");
  }
  // export: every page, through the table writers.
  WriteOptions options;
  if (!a.format.empty()) {
    Result<FileFormat> format = ParseFileFormat(a.format);
    if (!format.ok()) return Usage(format.status().message());
    options.format = *format;
  } else if (a.output.empty()) {
    options.format = FileFormat::kJsonLines;
  }
  const std::string path = a.output.empty() ? "-" : a.output;
  Result<std::unique_ptr<RowWriter>> writer = OpenRowWriter(path, options);
  if (!writer.ok()) return ReportFailure("cannot export to " + path, writer.status());
  q->limit = 10000;  // page size
  Result<int64_t> rows = a.events ? ExportEvents(*store, *q, **writer)
                                  : ExportMessages(*store, *q, **writer);
  Status closed = (*writer)->Close();
  if (!rows.ok()) return ReportFailure("export failed", rows.status());
  if (!closed.ok()) return ReportFailure("cannot write " + path, closed);
  if (!a.output.empty()) {
    std::fprintf(stderr, "exported %lld %s to %s\n", static_cast<long long>(*rows),
                 a.events ? "events" : "messages", a.output.c_str());
  }
  return kExitOk;
}

}  // namespace oracle::internal
