// oracle_compare_all: every way of segmenting the same corpus, in one run.
//
//   oracle_compare_all [--n N] [--corpus FILE] [--repeats R]
//                      [--python-sample S] [--python PATH] [--threads T]
//   oracle_compare_all --stream N [--chunk-rows C] [--threads T]
//
// The first form segments one corpus (generated, bench/corpus.h, default
// 1,000,000 entries, or read from a "REGION<TAB>TEXT" file) with:
//
//   libphonenumber C++    PhoneNumberUtil (Debian's libphonenumber), the
//                         core workload of bench/workload.h, one thread;
//   phonenumbers Python   bench/phonenumbers_rate.py in a subprocess on an
//                         evenly spaced sample of S entries (default
//                         20,000), its rate extrapolated;
//   Oracle single         Engine::SegmentInto per number, one thread;
//   Oracle batch 1 thr    BatchSegmenter, 1 thread;
//   Oracle batch N thr    BatchSegmenter, all cores (or --threads T);
//   Oracle batch + NDC    BatchSegmenter, 1 thread, the NDC length too.
//
// The batch rows fill validity, possibility, type, region id, country code,
// national number and operator id, plus the E.164 and operator name string
// columns: the core workload and more. The last row finds the NDC length
// as well (BatchOptions::ndc_length), which the core workload does not
// ask for. Each measurement is a warm-up (100,000 entries; for
// the batch rows one whole pass, so that the result buffers are grown as
// they are when a caller segments batch after batch) then R (default 1)
// timed passes over the whole corpus on the wall clock; the median is
// printed as numbers per second, with the ratio to libphonenumber. The
// batch rows' passes are taken in rounds, one pass of each row per round,
// and the 1 -> N threads speed-up is also printed round by round (the
// smallest, median and largest ratio of two passes of the same round).
//
// The second form streams N generated numbers through a BatchReader in
// chunks of C rows (default 65,536) with a BatchSummary, and prints the
// rate and the process's peak resident memory.
#include <sys/resource.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "corpus.h"
#include "libphonenumber_runner.h"
#include "oracle/batch.h"
#include "oracle/engine.h"
#include "workload.h"

#ifndef ORACLE_BENCH_PYTHON
#define ORACLE_BENCH_PYTHON "python3"
#endif
#ifndef ORACLE_BENCH_PHONENUMBERS_SCRIPT
#define ORACLE_BENCH_PHONENUMBERS_SCRIPT "bench/phonenumbers_rate.py"
#endif

namespace oracle::bench {
namespace {

struct Options {
  std::string corpus_path;
  size_t n = 0;
  int repeats = 1;
  size_t python_sample = 20000;
  std::string python = ORACLE_BENCH_PYTHON;
  std::string script = ORACLE_BENCH_PHONENUMBERS_SCRIPT;
  int threads = 0;
  size_t stream = 0;
  size_t chunk_rows = 65536;
};

void Usage() {
  std::fprintf(stderr,
               "usage: oracle_compare_all [--n N] [--corpus FILE] "
               "[--repeats R] [--python-sample S] [--python PATH] "
               "[--script PATH] [--threads T]\n"
               "       oracle_compare_all --stream N [--chunk-rows C] "
               "[--threads T]\n");
}

bool ParseOptions(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    const size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.resize(eq);
    } else {
      if (i + 1 >= argc) return false;
      value = argv[++i];
    }
    char* end = nullptr;
    const unsigned long long count = std::strtoull(value.c_str(), &end, 10);
    const bool numeric = !value.empty() && *end == '\0';
    if (arg == "--corpus") {
      o->corpus_path = value;
    } else if (arg == "--python") {
      o->python = value;
    } else if (arg == "--script") {
      o->script = value;
    } else if (!numeric) {
      return false;
    } else if (arg == "--n" && count > 0) {
      o->n = count;
    } else if (arg == "--repeats" && count > 0 && count < 100) {
      o->repeats = static_cast<int>(count);
    } else if (arg == "--python-sample") {
      o->python_sample = count;
    } else if (arg == "--threads") {
      o->threads = static_cast<int>(count);
    } else if (arg == "--stream" && count > 0) {
      o->stream = count;
    } else if (arg == "--chunk-rows" && count > 0) {
      o->chunk_rows = count;
    } else {
      return false;
    }
  }
  return true;
}

double Now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double ProcessCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) +
         1e-9 * static_cast<double>(ts.tv_nsec);
}

// Median wall seconds of `repeats` runs of `pass` (after one warm-up call
// of `warm`); `*cpu_seconds` receives the process CPU time of that run (all
// threads), which other processes on a busy machine do not inflate.
template <typename Warm, typename Pass>
double Measure(int repeats, Warm&& warm, Pass&& pass, double* cpu_seconds) {
  warm();
  std::vector<std::pair<double, double>> seconds;
  for (int r = 0; r < repeats; ++r) {
    const double start = Now();
    const double cpu_start = ProcessCpuSeconds();
    pass();
    seconds.emplace_back(Now() - start, ProcessCpuSeconds() - cpu_start);
  }
  std::sort(seconds.begin(), seconds.end());
  *cpu_seconds = seconds[seconds.size() / 2].second;
  return seconds[seconds.size() / 2].first;
}

std::string CpuNote(size_t n, double cpu_seconds) {
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%.0f ns CPU/number", cpu_seconds * 1e9 / n);
  return buf;
}

std::string Grouped(double value) {
  std::string digits = std::to_string(static_cast<long long>(value + 0.5));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

struct Row {
  std::string name;
  double rate = 0;  // numbers per second; 0: not measured
  std::string note;
};

// Runs the Python script on an evenly spaced sample; 0 on failure.
double PhonenumbersRate(const Corpus& corpus, const Options& o,
                        std::string* note) {
  if (o.python_sample == 0) {
    *note = "skipped (--python-sample 0)";
    return 0;
  }
  char path[] = "/tmp/oracle_compare_all_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) {
    *note = "cannot create a temporary file";
    return 0;
  }
  FILE* f = fdopen(fd, "w");
  const size_t sample = std::min(o.python_sample, corpus.size());
  const size_t step = corpus.size() / sample;
  for (size_t k = 0; k < sample; ++k) {
    const size_t i = k * step;
    std::string text = corpus.text(i);
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\t', ' ');
    std::fprintf(f, "%s\t%s\n", corpus.region(i).c_str(), text.c_str());
  }
  std::fclose(f);
  const std::string command =
      "'" + o.python + "' '" + o.script + "' '" + path + "'";
  FILE* p = popen(command.c_str(), "r");
  double rate = 0;
  if (p != nullptr) {
    char line[512] = {};
    if (std::fgets(line, sizeof(line), p) != nullptr) {
      char name[64], version[64];
      unsigned long long entries = 0;
      double seconds = 0;
      if (std::sscanf(line, "%63s %63s %llu %lf %lf", name, version, &entries,
                      &seconds, &rate) == 5) {
        *note = std::string("phonenumbers ") + version + ", sample of " +
                Grouped(static_cast<double>(entries));
      }
    }
    if (pclose(p) != 0) rate = 0;
  }
  std::remove(path);
  if (rate == 0) *note = "failed to run: " + command;
  return rate;
}

int RunCompare(const Options& o) {
  Corpus corpus;
  std::string error;
  if (!Corpus::Make(o.corpus_path, o.n ? o.n : kDefaultCorpusSize, &corpus,
                    &error)) {
    std::fprintf(stderr, "oracle_compare_all: %s\n", error.c_str());
    return 1;
  }
  const size_t n = corpus.size();
  auto engine = Engine::Make();
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string_view> texts, regions;
  texts.reserve(n);
  regions.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    texts.push_back(corpus.text(i));
    regions.push_back(corpus.region(i));
  }
  const size_t warm_n = std::min<size_t>(n, 100000);
  std::vector<Row> rows;
  size_t sink = 0;

  {
    LibphonenumberRunner lpn;
    auto pass = [&](size_t count) {
      for (size_t i = 0; i < count; ++i) {
        sink += static_cast<size_t>(
            lpn.Run(corpus.text(i), corpus.region(i), Workload::kCore));
      }
    };
    double cpu = 0;
    const double s =
        Measure(o.repeats, [&] { pass(warm_n); }, [&] { pass(n); }, &cpu);
    rows.push_back({"libphonenumber C++ " ORACLE_BENCH_LIBPHONENUMBER_VERSION,
                    n / s, "1 thread, no operator lookup, " + CpuNote(n, cpu)});
  }
  {
    std::string note;
    const double rate = PhonenumbersRate(corpus, o, &note);
    rows.push_back({"phonenumbers (Python)", rate, note});
  }
  {
    OracleRunner runner(*engine);
    auto pass = [&](size_t count) {
      for (size_t i = 0; i < count; ++i) {
        sink += static_cast<size_t>(
            runner.Run(corpus.text(i), corpus.region(i), Workload::kCore));
      }
    };
    double cpu = 0;
    const double s =
        Measure(o.repeats, [&] { pass(warm_n); }, [&] { pass(n); }, &cpu);
    rows.push_back({"Oracle single-number", n / s,
                    "Engine::SegmentInto, 1 thread, " + CpuNote(n, cpu)});
  }
  const int all = o.threads > 0
                      ? o.threads
                      : std::max(1, static_cast<int>(
                                        std::thread::hardware_concurrency()));
  struct BatchRun {
    int threads;
    bool ndc;
  };
  std::vector<BatchRun> runs = {{1, false}, {all, false}, {1, true}};
  if (all == 1) runs.erase(runs.begin() + 1);
  // The batch rows' passes are interleaved (each round times one pass of
  // every row, in turn): a slow phase of the machine then weighs on every
  // row alike, and the speed-up is also taken round by round, from passes
  // a fraction of a second apart.
  const TextColumn t = TextColumn::FromViews(texts);
  const TextColumn r = TextColumn::FromViews(regions);
  std::vector<BatchSegmenter> batches;
  std::vector<BatchResult> outs(runs.size());
  for (const BatchRun& run : runs) {
    BatchOptions options;
    options.num_threads = run.threads;
    options.strings = kBatchE164 | kBatchOperatorName;
    options.ndc_length = run.ndc;
    auto batch = BatchSegmenter::Make(*engine, options);
    if (!batch.ok()) {
      std::fprintf(stderr, "%s\n", batch.status().ToString().c_str());
      return 1;
    }
    batches.push_back(std::move(*batch));
  }
  // Warm-up: one whole pass each, so the timed ones reuse the grown result
  // buffers (the steady state of a caller segmenting batch after batch).
  for (size_t k = 0; k < runs.size(); ++k) {
    (void)batches[k].Segment(t, r, &outs[k]);
  }
  // seconds[k][round] = {wall, process CPU}.
  std::vector<std::vector<std::pair<double, double>>> seconds(runs.size());
  for (int round = 0; round < o.repeats; ++round) {
    for (size_t k = 0; k < runs.size(); ++k) {
      const double start = Now();
      const double cpu_start = ProcessCpuSeconds();
      (void)batches[k].Segment(t, r, &outs[k]);
      seconds[k].emplace_back(Now() - start, ProcessCpuSeconds() - cpu_start);
    }
  }
  std::vector<double> speedups;  // round by round: 1 thread / all threads
  if (all > 1) {
    for (int round = 0; round < o.repeats; ++round) {
      speedups.push_back(seconds[0][round].first / seconds[1][round].first);
    }
    std::sort(speedups.begin(), speedups.end());
  }
  for (size_t k = 0; k < runs.size(); ++k) {
    const BatchRun& run = runs[k];
    sink += outs[k].valid.empty() ? 0 : outs[k].valid[0];
    std::vector<std::pair<double, double>> sorted = seconds[k];
    std::sort(sorted.begin(), sorted.end());
    const double s = sorted[sorted.size() / 2].first;
    const double cpu = sorted[sorted.size() / 2].second;
    char note[160];
    std::snprintf(note, sizeof(note),
                  "%s, %d thread(s), %.0f numbers/s per thread (wall), "
                  "%.0f numbers/s per CPU-second, ",
                  std::string(SimdPathName(batches[k].simd_path())).c_str(),
                  run.threads, n / s / run.threads, n / cpu);
    rows.push_back({"Oracle batch " + std::to_string(run.threads) +
                        (run.threads == 1 ? " thread" : " threads") +
                        (run.ndc ? " + NDC" : ""),
                    n / s, note + CpuNote(n, cpu)});
  }

  std::printf("corpus: %s, %s bytes; %d pass(es), median, wall clock\n",
              corpus.description().c_str(),
              Grouped(static_cast<double>(corpus.text_bytes())).c_str(),
              o.repeats);
  std::printf("%-34s %16s %12s   %s\n", "library", "numbers/s",
              "vs libphonenumber", "notes");
  const double base = rows[0].rate;
  for (const Row& row : rows) {
    char ratio[32] = "n/a";
    if (row.rate > 0 && base > 0) {
      std::snprintf(ratio, sizeof(ratio), "%.2fx", row.rate / base);
    }
    std::printf("%-34s %16s %12s   %s\n", row.name.c_str(),
                row.rate > 0 ? Grouped(row.rate).c_str() : "n/a", ratio,
                row.note.c_str());
  }
  if (all > 1 && rows.size() >= 5 && rows[3].rate > 0) {
    std::printf("batch speed-up, 1 -> %d threads: %.2fx (medians); round by "
                "round: min %.2fx, median %.2fx, max %.2fx\n",
                all, rows[4].rate / rows[3].rate, speedups.front(),
                speedups[speedups.size() / 2], speedups.back());
  }
  if (sink == static_cast<size_t>(-1)) std::fputc('\0', stderr);
  return 0;
}

int RunStream(const Options& o) {
  auto engine = Engine::Make();
  if (!engine.ok()) return 1;
  BatchOptions options;
  options.num_threads = o.threads;
  options.chunk_rows = o.chunk_rows;
  options.strings = kBatchE164 | kBatchOperatorName;
  auto batch = BatchSegmenter::Make(*engine, options);
  if (!batch.ok()) {
    std::fprintf(stderr, "%s\n", batch.status().ToString().c_str());
    return 1;
  }
  // The source cycles through one generated chunk's worth of distinct
  // entries, changing the last digits as it goes, so nothing but one chunk
  // of input is ever held.
  const Corpus pattern = Corpus::Generate(o.chunk_rows);
  size_t produced = 0;
  ChunkSource source = [&](size_t max_rows,
                           InputChunk* chunk) -> Result<size_t> {
    const size_t rows = std::min(max_rows, o.stream - produced);
    const size_t round = produced / pattern.size();
    for (size_t k = 0; k < rows; ++k) {
      const size_t i = (produced + k) % pattern.size();
      std::string text = pattern.text(i);
      // Vary the last digit per round so numbers differ between rounds.
      for (size_t j = text.size(); j-- > 0;) {
        if (text[j] >= '0' && text[j] <= '9') {
          text[j] = static_cast<char>('0' + (text[j] - '0' + round) % 10);
          break;
        }
      }
      chunk->texts.Append(text);
      chunk->regions.Append(pattern.region(i));
    }
    produced += rows;
    return rows;
  };
  BatchReader reader(&*batch, source);
  BatchSummary summary;
  BatchResult out;
  while (true) {
    Status s = reader.ReadNext(&out);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
    if (out.size() == 0) break;
    summary.Add(out);
  }
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  std::printf("streamed: %s\n", reader.report().ToString().c_str());
  std::printf("threads: %d, chunk rows: %zu, simd: %s\n", batch->num_threads(),
              o.chunk_rows,
              std::string(SimdPathName(batch->simd_path())).c_str());
  std::printf("peak resident memory: %.1f MB\n", usage.ru_maxrss / 1024.0);
  return 0;
}

}  // namespace
}  // namespace oracle::bench

int main(int argc, char** argv) {
  oracle::bench::Options options;
  if (!oracle::bench::ParseOptions(argc, argv, &options)) {
    oracle::bench::Usage();
    return 2;
  }
  return options.stream > 0 ? oracle::bench::RunStream(options)
                            : oracle::bench::RunCompare(options);
}
