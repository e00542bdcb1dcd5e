// `oracle batch`: segments the phone column of a contact file (CSV, TSV,
// XLSX, JSON Lines, JSON) and writes the same table with segmentation
// columns added, the rejected rows, and a summary (see docs/cli.md).
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli_internal.h"
#include "cli/store_cli_internal.h"
#include "oracle/contacts.h"
#include "oracle/engine.h"
#include "oracle/history.h"
#include "oracle/io.h"

namespace oracle::internal {

const char kBatchUsage[] =
    "Usage: oracle batch INPUT [-o OUTPUT] [OPTIONS]\n"
    "\n"
    "Reads a contact file, segments its phone column and writes the same\n"
    "table with segmentation columns added. Every other cell is kept as it\n"
    "is. Rows that cannot be read (invalid encoding, wrong column count,\n"
    "broken quoting or JSON) are not written but listed in the rejects\n"
    "file; rows whose number is not valid are written (valid = false) and\n"
    "listed in the rejects file too. A summary is printed at the end.\n"
    "\n"
    "Formats come from the extensions: .csv .tsv .xlsx .jsonl .json. INPUT\n"
    "or OUTPUT '-' is standard input/output (give the format). Without -o\n"
    "the table goes to standard output in the input's format (CSV for\n"
    "XLSX input) and the summary to standard error.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE        the segmented table\n"
    "  -c, --column NAME|INDEX  the phone column: header name or 1-based\n"
    "                           index; detected when not given\n"
    "  -r, --region CC          default region (ISO 3166, e.g. CI) for\n"
    "                           numbers without a country code\n"
    "      --fields LIST        fields to add, comma-separated (default:\n"
    "                           e164,valid,type,region,operator,ndc,\n"
    "                           subscriber_number; 'all' for every field of\n"
    "                           'oracle segment' plus 'note')\n"
    "      --rejects FILE       write rejected rows (row, reason, cells)\n"
    "      --dedupe             keep only the first row of each E.164 number\n"
    "      --summary FILE       write the summary (.json: JSON, else text)\n"
    "  -j, --threads N          segmentation threads (default: all cores)\n"
    "      --input-format F     csv, tsv, xlsx, jsonl or json (for '-' or\n"
    "                           another extension)\n"
    "      --output-format F    the same for the output\n"
    "      --sheet NAME|INDEX   XLSX input: the sheet (0-based index)\n"
    "      --encoding ENC       CSV input: utf-8, utf-16le, utf-16be,\n"
    "                           windows-1252 or iso-8859-1 (default: detect)\n"
    "      --delimiter D        CSV input: ',', ';', 'tab' or '|' (default:\n"
    "                           detect)\n"
    "      --header yes|no|detect\n"
    "                           whether the input's first row is a header\n"
    "      --leading-zero numeric|all|never\n"
    "                           put back a leading zero a spreadsheet dropped\n"
    "                           (needs --region): in numeric cells (default),\n"
    "                           in all-digit text cells too, or never\n"
    "      --migrate-ci-legacy  read 8-digit Cote d'Ivoire numbers of the\n"
    "                           pre-2021 plan as their 10-digit successors\n"
    "      --ci-fixed-operators give Cote d'Ivoire fixed lines their\n"
    "                           original operator\n"
    "      --store URL          history store recording the job: sqlite:PATH\n"
    "                           or postgresql://... (default: $ORACLE_STORE,\n"
    "                           else sqlite:oracle.db)\n"
    "      --no-history         do not record the job in a history store\n"
    "  -q, --quiet              no progress bar and no summary table\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "Examples:\n"
    "  oracle batch contacts.csv -o segmented.csv --region CI --rejects bad.csv\n"
    "  oracle batch clients.xlsx -o clients.jsonl --column Mobile --dedupe\n"
    "  cat c.csv | oracle batch - --input-format csv --region CI > out.csv\n"
    "\n"
    "Exit status: 0 success (whatever the rows), 1 runtime failure,\n"
    "2 usage error.\n";

namespace {

int Usage(const std::string& message) {
  std::fprintf(stderr,
               "oracle batch: %s\n"
               "Try 'oracle batch --help' for more information.\n",
               message.c_str());
  return kExitUsage;
}

int Failure(const std::string& message) {
  std::fprintf(stderr, "oracle batch: %s\n", message.c_str());
  return kExitFailure;
}

struct Args {
  std::string input;
  std::string output;
  std::string rejects;
  std::string summary;
  std::string input_format;
  std::string output_format;
  std::string sheet;
  std::string encoding;
  std::string delimiter;
  std::string header = "detect";
  std::string leading_zero = "numeric";
  std::string store;
  bool no_history = false;
  SegmentTableOptions table;
  EngineOptions engine;
  bool quiet = false;
  bool help = false;
};

// Parses the arguments; returns an error message for a usage error.
std::optional<std::string> Parse(const std::vector<std::string_view>& args,
                                 Args* a) {
  std::vector<std::string> positional;
  bool fields_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--") {
      for (++i; i < args.size(); ++i) positional.emplace_back(args[i]);
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      positional.emplace_back(arg);
      continue;
    }
    std::string name(arg);
    std::optional<std::string> inline_value;
    if (arg.substr(0, 2) == "--") {
      const size_t eq = arg.find('=');
      if (eq != std::string_view::npos) {
        name = std::string(arg.substr(0, eq));
        inline_value = std::string(arg.substr(eq + 1));
      }
    }
    const auto value = [&](std::string* out) -> std::optional<std::string> {
      if (inline_value) {
        *out = *inline_value;
        return std::nullopt;
      }
      if (i + 1 >= args.size()) return "option " + name + " needs a value";
      *out = std::string(args[++i]);
      return std::nullopt;
    };
    const auto flag = [&]() -> std::optional<std::string> {
      if (inline_value) return "option " + name + " takes no value";
      return std::nullopt;
    };
    std::optional<std::string> err;
    std::string v;
    if (name == "-h" || name == "--help") {
      a->help = true;
      return std::nullopt;
    } else if (name == "-o" || name == "--output") {
      err = value(&a->output);
    } else if (name == "-c" || name == "--column") {
      err = value(&a->table.column);
      if (!err && a->table.column.empty()) err = "--column needs a name or index";
    } else if (name == "-r" || name == "--region") {
      err = value(&a->table.default_region);
    } else if (name == "--fields") {
      err = value(&v);
      if (!err) {
        Result<std::vector<std::string>> f = ParseFieldList(v);
        if (!f.ok()) return "--fields: " + f.status().message();
        a->table.fields = *f;
        fields_given = true;
      }
    } else if (name == "--rejects") {
      err = value(&a->rejects);
    } else if (name == "--dedupe") {
      err = flag();
      a->table.dedupe = true;
    } else if (name == "--summary") {
      err = value(&a->summary);
    } else if (name == "-j" || name == "--threads") {
      err = value(&v);
      if (!err) {
        char* end = nullptr;
        const long n = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || n < 0 || n > 1024) {
          return "--threads needs a number from 0 to 1024, not '" + v + "'";
        }
        a->table.num_threads = static_cast<int>(n);
      }
    } else if (name == "--input-format") {
      err = value(&a->input_format);
    } else if (name == "--output-format") {
      err = value(&a->output_format);
    } else if (name == "--sheet") {
      err = value(&a->sheet);
    } else if (name == "--encoding") {
      err = value(&a->encoding);
    } else if (name == "--delimiter") {
      err = value(&a->delimiter);
    } else if (name == "--header") {
      err = value(&a->header);
    } else if (name == "--leading-zero") {
      err = value(&a->leading_zero);
    } else if (name == "--migrate-ci-legacy") {
      err = flag();
      a->engine.migrate_ci_legacy = true;
    } else if (name == "--ci-fixed-operators") {
      err = flag();
      a->engine.ci_fixed_line_operators = true;
    } else if (name == "--store") {
      err = value(&a->store);
      if (!err && a->store.empty()) err = "--store needs a URL";
    } else if (name == "--no-history") {
      err = flag();
      a->no_history = true;
    } else if (name == "-q" || name == "--quiet") {
      err = flag();
      a->quiet = true;
    } else {
      return "unknown option '" + name + "'";
    }
    if (err) return err;
  }
  (void)fields_given;
  if (positional.empty()) return std::string("missing INPUT");
  if (positional.size() > 1) {
    return "one INPUT only (got '" + positional[1] + "' too)";
  }
  a->input = positional[0];
  return std::nullopt;
}

// A progress line on standard error: rows, rows/s, percent and ETA.
class ProgressBar {
 public:
  explicit ProgressBar(bool on) : on_(on) {}
  void Update(const TableProgress& p) {
    if (!on_) return;
    const double rate = p.seconds > 0 ? p.rows / p.seconds : 0;
    char line[160];
    if (p.bytes_total > 0 && p.bytes_read > 0) {
      const double frac =
          std::min(1.0, static_cast<double>(p.bytes_read) / p.bytes_total);
      const double eta = frac > 0 ? p.seconds * (1 - frac) / frac : 0;
      const int width = 24;
      const int filled = static_cast<int>(frac * width);
      std::string bar(filled, '#');
      bar.append(width - filled, '.');
      std::snprintf(line, sizeof line,
                    "\r[%s] %3.0f%%  %lld rows  %.0f rows/s  ETA %.0fs   ",
                    bar.c_str(), frac * 100, static_cast<long long>(p.rows),
                    rate, eta);
    } else {
      std::snprintf(line, sizeof line, "\r%lld rows  %.0f rows/s   ",
                    static_cast<long long>(p.rows), rate);
    }
    std::fputs(line, stderr);
    std::fflush(stderr);
    drawn_ = true;
  }
  void Finish() {
    if (drawn_) std::fputs("\n", stderr);
  }

 private:
  bool on_;
  bool drawn_ = false;
};

}  // namespace

int RunBatchCommand(const std::vector<std::string_view>& argv) {
  Args a;
  if (std::optional<std::string> err = Parse(argv, &a)) return Usage(*err);
  if (a.help) {
    std::fputs(kBatchUsage, stdout);
    return kExitOk;
  }

  // Input options.
  ReadOptions in_options;
  if (!a.input_format.empty()) {
    Result<FileFormat> f = ParseFileFormat(a.input_format);
    if (!f.ok()) return Usage("--input-format: " + f.status().message());
    in_options.format = *f;
  }
  if (a.input == "-" && in_options.format == FileFormat::kAuto) {
    return Usage("reading standard input needs --input-format");
  }
  Result<FileFormat> in_format =
      in_options.format != FileFormat::kAuto
          ? Result<FileFormat>(in_options.format)
          : FileFormatFromPath(a.input);
  if (!in_format.ok()) return Usage(in_format.status().message());
  in_options.format = *in_format;
  in_options.csv.encoding = a.encoding;
  if (!a.delimiter.empty()) {
    if (a.delimiter == "tab" || a.delimiter == "\\t" || a.delimiter == "\t") {
      in_options.csv.delimiter = '\t';
    } else if (a.delimiter.size() == 1) {
      in_options.csv.delimiter = a.delimiter[0];
    } else {
      return Usage("--delimiter must be ',', ';', 'tab' or '|'");
    }
  }
  if (a.header == "yes") {
    in_options.csv.header = HeaderMode::kPresent;
    in_options.xlsx.header = XlsxHeader::kPresent;
  } else if (a.header == "no") {
    in_options.csv.header = HeaderMode::kAbsent;
    in_options.xlsx.header = XlsxHeader::kAbsent;
  } else if (a.header != "detect") {
    return Usage("--header must be yes, no or detect");
  }
  if (!a.sheet.empty()) {
    bool digits = a.sheet.size() < 6;
    for (char c : a.sheet) digits &= (c >= '0' && c <= '9');
    if (digits) {
      in_options.xlsx.sheet_index = std::stoi(a.sheet);
    } else {
      in_options.xlsx.sheet_name = a.sheet;
    }
  }
  if (Status s = in_options.Validate(); !s.ok()) return Usage(s.message());

  if (a.leading_zero == "numeric") {
    a.table.leading_zero = LeadingZeroRule::kNumericCells;
  } else if (a.leading_zero == "all") {
    a.table.leading_zero = LeadingZeroRule::kAllCells;
  } else if (a.leading_zero == "never") {
    a.table.leading_zero = LeadingZeroRule::kNever;
  } else {
    return Usage("--leading-zero must be numeric, all or never");
  }

  // Output options.
  WriteOptions out_options;
  const std::string output = a.output.empty() ? "-" : a.output;
  if (!a.output_format.empty()) {
    Result<FileFormat> f = ParseFileFormat(a.output_format);
    if (!f.ok()) return Usage("--output-format: " + f.status().message());
    out_options.format = *f;
  }
  if (out_options.format == FileFormat::kAuto) {
    if (output == "-") {
      out_options.format = *in_format == FileFormat::kXlsx ? FileFormat::kCsv
                                                           : *in_format;
    } else {
      Result<FileFormat> f = FileFormatFromPath(output);
      if (!f.ok()) return Usage(f.status().message());
      out_options.format = *f;
    }
  }
  if (output == "-" && out_options.format == FileFormat::kXlsx) {
    return Usage("XLSX cannot go to standard output: use -o FILE.xlsx");
  }
  if (output != "-" && output == a.input) {
    return Usage("the output would overwrite the input '" + a.input + "'");
  }
  if (!a.rejects.empty()) {
    Result<FileFormat> f = FileFormatFromPath(a.rejects);
    if (!f.ok()) return Usage("--rejects: " + f.status().message());
  }
  if (Status s = a.table.Validate(); !s.ok()) return Usage(s.message());

  Result<Engine> engine = Engine::Make(a.engine);
  if (!engine.ok()) return Failure(engine.status().ToString());
  if (!a.table.default_region.empty()) {
    const std::string& r = a.table.default_region;
    if (engine->CountryCodeForRegion(r) == 0 && r != "ZZ" && r != "zz") {
      return Usage("unknown region '" + r + "' (use an ISO 3166 code such as CI)");
    }
  }

  Result<std::unique_ptr<RowReader>> in = OpenRowReader(a.input, in_options);
  if (!in.ok()) return Failure(in.status().ToString());
  // CSV to CSV keeps the input's delimiter.
  if (const CsvDialect* dialect = GetCsvDialect(**in);
      dialect != nullptr && out_options.format == FileFormat::kCsv &&
      a.output_format.empty()) {
    out_options.csv.delimiter = dialect->delimiter;
  }
  Result<std::unique_ptr<RowWriter>> out = OpenRowWriter(output, out_options);
  if (!out.ok()) return Failure(out.status().ToString());
  std::unique_ptr<RowWriter> rejects;
  if (!a.rejects.empty()) {
    Result<std::unique_ptr<RowWriter>> r = OpenRowWriter(a.rejects);
    if (!r.ok()) return Failure(r.status().ToString());
    rejects = std::move(r).value();
  }

  // The job goes on record before the first row is read, and its outcome
  // after the last; a store that cannot be opened stops the run.
  std::unique_ptr<HistoryStore> store;
  int64_t job_id = 0;
  if (!a.no_history) {
    store = OpenStoreOrReport(StoreUrl(a.store));
    if (store == nullptr) {
      return Failure("no history store (give --store URL, or --no-history)");
    }
    Result<int64_t> job = store->BeginJob(
        JobKind::kSegmentation, "oracle batch " + a.input + " -> " + output,
        NowUnixMillis());
    if (!job.ok()) return Failure("history: " + job.status().ToString());
    job_id = *job;
  }

  ProgressBar bar(!a.quiet && isatty(STDERR_FILENO));
  a.table.progress = [&bar](const TableProgress& p) { bar.Update(p); };
  Result<TableSummary> summary =
      SegmentTable(*engine, in->get(), out->get(), rejects.get(), a.table);
  bar.Finish();
  Status closed = (*out)->Close();
  Status rejects_closed = rejects ? rejects->Close() : Status::OK();
  Status outcome = !summary.ok()  ? summary.status()
                   : !closed.ok() ? closed
                                  : rejects_closed;
  if (store != nullptr) {
    const int64_t rows = summary.ok() ? summary->rows_read : 0;
    const int64_t failed = summary.ok() ? summary->rejects : 0;
    Status recorded = store->FinishJob(
        job_id, outcome.ok() ? "ok" : "failed", rows, rows - failed, failed,
        outcome.ok() ? "" : outcome.ToString(), NowUnixMillis());
    if (!recorded.ok()) {
      std::fprintf(stderr, "oracle batch: history: job %lld not finished: %s\n",
                   static_cast<long long>(job_id), recorded.ToString().c_str());
      if (outcome.ok()) outcome = recorded;
    }
  }
  if (!outcome.ok()) return Failure(outcome.ToString());

  if (!a.summary.empty()) {
    const bool json = a.summary.size() > 5 &&
                      a.summary.compare(a.summary.size() - 5, 5, ".json") == 0;
    const std::string text = json ? summary->ToJson() : summary->ToText();
    std::FILE* f = std::fopen(a.summary.c_str(), "wb");
    if (f == nullptr ||
        std::fwrite(text.data(), 1, text.size(), f) != text.size() ||
        std::fclose(f) != 0) {
      return Failure("cannot write the summary to " + a.summary);
    }
  }
  if (!a.quiet) {
    // The table goes to standard output unless the data does.
    std::FILE* where = output == "-" ? stderr : stdout;
    std::fputs(summary->ToText().c_str(), where);
    if (store != nullptr) {
      std::fprintf(where, "history: job %lld\n", static_cast<long long>(job_id));
    }
    std::fflush(where);
  }
  return kExitOk;
}

}  // namespace oracle::internal
