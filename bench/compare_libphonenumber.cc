// oracle_compare: Oracle against Google's libphonenumber (C++) on the same
// corpus, in the same process, single-threaded.
//
//   oracle_compare [--n N] [--corpus FILE] [--repeats R] [--workload W]
//
// For each workload of bench/workload.h (core: parse, validity, type,
// region, possibility, E.164, NSN, NDC; formats: the same plus the
// INTERNATIONAL, NATIONAL and RFC3966 formats) and each library: one warm-up
// pass over the first 100,000 entries, then R (default 3) timed passes over
// the whole corpus; the median pass is reported as numbers per second and
// nanoseconds per number, with the ratio of Oracle's speed to
// libphonenumber's. An untimed pass then counts how many numbers each
// library parsed and considered valid, and how often they agree (they need
// not: the two libraries may carry different metadata versions).
//
// The corpus is generated (bench/corpus.h; default 1,000,000 entries) or
// read from a "REGION<TAB>TEXT" file.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corpus.h"
#include "libphonenumber_runner.h"
#include "oracle/engine.h"
#include "oracle/segmentation.h"
#include "workload.h"

namespace oracle::bench {
namespace {

constexpr size_t kWarmUpEntries = 100000;

struct Options {
  std::string corpus_path;
  size_t n = 0;  // 0: kDefaultCorpusSize, or the whole file
  int repeats = 3;
  std::vector<Workload> workloads = {Workload::kCore, Workload::kFormats};
};

void Usage(FILE* out) {
  std::fprintf(out,
               "usage: oracle_compare [--n N] [--corpus FILE] [--repeats R] "
               "[--workload W]\n"
               "  --n N        corpus size (default %zu; with --corpus, the "
               "first N lines, default all)\n"
               "  --corpus F   read \"REGION<TAB>TEXT\" lines instead of "
               "generating the corpus\n"
               "  --repeats R  timed passes per measurement (default 3; the "
               "median is reported)\n"
               "  --workload W core, formats or all (default all)\n",
               kDefaultCorpusSize);
}

bool ParseCount(const char* text, unsigned long long* out) {
  char* end = nullptr;
  *out = std::strtoull(text, &end, 10);
  return *text != '\0' && *end == '\0';
}

bool ParseOptions(int argc, char** argv, Options* options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.resize(eq);
    } else {
      if (i + 1 >= argc) return false;
      value = argv[++i];
    }
    unsigned long long count = 0;
    if (arg == "--corpus") {
      options->corpus_path = value;
    } else if (arg == "--n" && ParseCount(value.c_str(), &count) &&
               count > 0) {
      options->n = static_cast<size_t>(count);
    } else if (arg == "--repeats" && ParseCount(value.c_str(), &count) &&
               count > 0 && count < 100) {
      options->repeats = static_cast<int>(count);
    } else if (arg == "--workload" && value == "core") {
      options->workloads = {Workload::kCore};
    } else if (arg == "--workload" && value == "formats") {
      options->workloads = {Workload::kFormats};
    } else if (arg == "--workload" && value == "all") {
      options->workloads = {Workload::kCore, Workload::kFormats};
    } else {
      return false;
    }
  }
  return true;
}

// Seconds taken by `run(i)` for i in [0, n): on this thread's CPU clock
// (immune to other processes taking turns on the cores) and on the wall
// clock.
struct PassTime {
  double cpu_seconds = 0;
  double wall_seconds = 0;
};

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) +
         1e-9 * static_cast<double>(ts.tv_nsec);
}

template <typename Run>
PassTime TimePass(size_t n, Run&& run) {
  const double cpu_start = ThreadCpuSeconds();
  const auto wall_start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < n; ++i) run(i);
  const auto wall_stop = std::chrono::steady_clock::now();
  const double cpu_stop = ThreadCpuSeconds();
  return {cpu_stop - cpu_start,
          std::chrono::duration<double>(wall_stop - wall_start).count()};
}

struct Measurement {
  bool available = false;
  double ns_per_number = 0;  // median pass, CPU time
  double numbers_per_second = 0;
  double wall_ns_per_number = 0;  // median pass, wall clock
  std::vector<double> pass_ns;    // every pass, CPU ns/number
};

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Warm-up, then `repeats` timed passes; `run(i)` returns an Outcome.
template <typename Run>
Measurement Measure(size_t n, int repeats, Run&& run) {
  Measurement m;
  m.available = true;
  size_t sink = 0;
  TimePass(std::min(n, kWarmUpEntries), [&](size_t i) {
    sink += static_cast<size_t>(run(i));
  });
  std::vector<double> wall_ns;
  for (int r = 0; r < repeats; ++r) {
    PassTime t = TimePass(n, [&](size_t i) {
      sink += static_cast<size_t>(run(i));
    });
    m.pass_ns.push_back(t.cpu_seconds * 1e9 / static_cast<double>(n));
    wall_ns.push_back(t.wall_seconds * 1e9 / static_cast<double>(n));
  }
  m.ns_per_number = Median(m.pass_ns);
  m.numbers_per_second = 1e9 / m.ns_per_number;
  m.wall_ns_per_number = Median(wall_ns);
  // Keeps the work observable.
  if (sink == static_cast<size_t>(-1)) std::fputc('\0', stderr);
  return m;
}

// 1234567 -> "1,234,567".
std::string Grouped(double value) {
  std::string digits = std::to_string(static_cast<long long>(value + 0.5));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string Passes(const Measurement& m) {
  std::string out;
  char buf[32];
  for (double ns : m.pass_ns) {
    std::snprintf(buf, sizeof(buf), "%s%.1f", out.empty() ? "" : " ", ns);
    out += buf;
  }
  return out;
}

void PrintRow(const char* workload, const char* library,
              const Measurement& m, const Measurement* baseline) {
  if (!m.available) {
    std::printf("%-9s %-15s %15s %10s %10s %10s\n", workload, library, "n/a",
                "n/a", "n/a", "n/a");
    return;
  }
  char ratio[32] = "";
  if (baseline != nullptr && baseline->available) {
    std::snprintf(ratio, sizeof(ratio), "%.1fx",
                  baseline->ns_per_number / m.ns_per_number);
  }
  std::printf("%-9s %-15s %15s %10.1f %10s %10.1f   passes: %s\n", workload,
              library, Grouped(m.numbers_per_second).c_str(),
              m.ns_per_number, ratio, m.wall_ns_per_number,
              Passes(m).c_str());
}

struct Counts {
  size_t parse_errors = 0;
  size_t invalid = 0;
  size_t valid = 0;
  void Add(Outcome o) {
    switch (o) {
      case Outcome::kParseError:
        ++parse_errors;
        break;
      case Outcome::kInvalid:
        ++invalid;
        break;
      case Outcome::kValid:
        ++valid;
        break;
    }
  }
};

std::string CountCell(size_t count, size_t total) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%s (%.2f%%)", Grouped(count).c_str(),
                total ? 100.0 * count / total : 0.0);
  return buf;
}

// "CI 41,000, NG 9,000, ... (total 56,000)": the largest counts first.
std::string TopRegions(const std::map<std::string, size_t>& counts) {
  std::vector<std::pair<size_t, std::string>> sorted;
  size_t total = 0;
  for (const auto& [region, count] : counts) {
    sorted.emplace_back(count, region);
    total += count;
  }
  std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  std::string out = Grouped(static_cast<double>(total));
  for (size_t i = 0; i < sorted.size() && i < 6; ++i) {
    out += (i == 0 ? ": " : ", ") + sorted[i].second + " " +
           Grouped(static_cast<double>(sorted[i].first));
  }
  if (sorted.size() > 6) out += ", ...";
  return out;
}

void CompareValidity(const Corpus& corpus, OracleRunner* oracle,
                     LibphonenumberRunner* lpn) {
  const size_t n = corpus.size();
  Counts lpn_counts;
  Counts oracle_counts;
  size_t agree_validity = 0;
  size_t both_valid = 0;
  size_t same_e164 = 0;
  size_t same_type = 0;
  // Disagreements on validity by Oracle's region of the number.
  std::map<std::string, size_t> only_oracle_valid;
  std::map<std::string, size_t> only_lpn_valid;
  for (size_t i = 0; i < n; ++i) {
    Outcome a = lpn->Run(corpus.text(i), corpus.region(i), Workload::kCore);
    lpn_counts.Add(a);
    if (oracle == nullptr) continue;
    Outcome b = oracle->Run(corpus.text(i), corpus.region(i), Workload::kCore);
    oracle_counts.Add(b);
    agree_validity += (a == Outcome::kValid) == (b == Outcome::kValid);
    if ((a == Outcome::kValid) != (b == Outcome::kValid)) {
      std::string region = b == Outcome::kParseError
                               ? "(unparsed)"
                               : oracle->segmentation().region;
      if (region.empty()) region = "(none)";
      ++(b == Outcome::kValid ? only_oracle_valid : only_lpn_valid)[region];
    }
    if (a == Outcome::kValid && b == Outcome::kValid) {
      ++both_valid;
      same_e164 += lpn->e164() == oracle->segmentation().e164;
      same_type += lpn->type() == oracle->segmentation().type;
    }
  }
  std::printf("\nValidity (information, not timed):\n");
  std::printf("  %-30s %-22s %-22s\n", "", "libphonenumber", "Oracle");
  auto row = [&](const char* label, size_t a, size_t b) {
    std::printf("  %-30s %-22s %-22s\n", label, CountCell(a, n).c_str(),
                oracle ? CountCell(b, n).c_str() : "n/a");
  };
  row("parse error", lpn_counts.parse_errors, oracle_counts.parse_errors);
  row("parsed, invalid", lpn_counts.invalid, oracle_counts.invalid);
  row("valid", lpn_counts.valid, oracle_counts.valid);
  if (oracle != nullptr) {
    std::printf("  %-30s %s\n", "agree on validity",
                CountCell(agree_validity, n).c_str());
    std::printf("  %-30s %s\n", "both valid",
                CountCell(both_valid, n).c_str());
    std::printf("  %-30s %s of both valid\n", "  same E.164",
                CountCell(same_e164, both_valid).c_str());
    std::printf("  %-30s %s of both valid\n", "  same type",
                CountCell(same_type, both_valid).c_str());
    std::printf("  %-30s %s\n", "valid for Oracle only",
                TopRegions(only_oracle_valid).c_str());
    std::printf("  %-30s %s\n", "valid for libphonenumber only",
                TopRegions(only_lpn_valid).c_str());
  }
}

int Main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--help" ||
        std::string_view(argv[i]) == "-h") {
      Usage(stdout);
      return 0;
    }
  }
  Options options;
  if (!ParseOptions(argc, argv, &options)) {
    Usage(stderr);
    return 2;
  }
  size_t n = options.n;
  if (n == 0 && options.corpus_path.empty()) n = kDefaultCorpusSize;

  std::fprintf(stderr, "Preparing the corpus...\n");
  Corpus corpus;
  std::string error;
  if (!Corpus::Make(options.corpus_path, n, &corpus, &error)) {
    std::fprintf(stderr, "oracle_compare: %s\n", error.c_str());
    return 1;
  }

  Result<Engine> engine = Engine::Make();
  std::string oracle_version = "unavailable";
  if (engine.ok()) {
    oracle_version = engine->metadata_version();
  } else {
    oracle_version += " (" + engine.status().ToString() + ")";
  }

  std::printf("Corpus:          %s, %s bytes of text\n",
              corpus.description().c_str(),
              Grouped(static_cast<double>(corpus.text_bytes())).c_str());
  std::printf("libphonenumber:  C++ %s\n", ORACLE_BENCH_LIBPHONENUMBER_VERSION);
  std::printf("Oracle:          metadata %s\n", oracle_version.c_str());
  std::printf(
      "Single thread; warm-up over %s entries, then the median of %d timed "
      "passes over the corpus.\n",
      Grouped(static_cast<double>(std::min(corpus.size(), kWarmUpEntries)))
          .c_str(),
      options.repeats);
  std::printf(
      "core = parse + valid + type + region + possible + E.164 + NSN + NDC "
      "(+ operator, Oracle only); formats = core + INTERNATIONAL + NATIONAL "
      "+ RFC3966.\n\n");
  std::printf("%-9s %-15s %15s %10s %10s %10s\n", "workload", "library",
              "numbers/s", "ns/number", "Oracle/lpn", "wall ns");
  std::fflush(stdout);

  LibphonenumberRunner lpn;
  std::unique_ptr<OracleRunner> oracle;
  if (engine.ok()) oracle = std::make_unique<OracleRunner>(*engine);

  for (Workload w : options.workloads) {
    std::fprintf(stderr, "Measuring %s: libphonenumber...\n", WorkloadName(w));
    Measurement lpn_m = Measure(corpus.size(), options.repeats, [&](size_t i) {
      return lpn.Run(corpus.text(i), corpus.region(i), w);
    });
    Measurement oracle_m;
    if (oracle) {
      std::fprintf(stderr, "Measuring %s: Oracle...\n", WorkloadName(w));
      oracle_m = Measure(corpus.size(), options.repeats, [&](size_t i) {
        return oracle->Run(corpus.text(i), corpus.region(i), w);
      });
    }
    PrintRow(WorkloadName(w), "libphonenumber", lpn_m, nullptr);
    PrintRow("", "Oracle", oracle_m, &lpn_m);
    std::fflush(stdout);
  }
  std::printf(
      "ns/number and numbers/s: median pass, thread CPU time; wall ns: "
      "median pass, wall clock.\nOracle/lpn: Oracle's numbers/s over "
      "libphonenumber's.\n");

  CompareValidity(corpus, oracle.get(), &lpn);
  return 0;
}

}  // namespace
}  // namespace oracle::bench

int main(int argc, char** argv) { return oracle::bench::Main(argc, argv); }
