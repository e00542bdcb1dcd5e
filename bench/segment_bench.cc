// Google Benchmark of Engine::Segment() and Engine::SegmentInto() on a mixed
// corpus of phone numbers (bench/corpus.h), next to libphonenumber's C++
// library doing the same work (bench/workload.h) when it is installed.
//
//   oracle_segment_bench [benchmark flags] [--corpus=FILE] [--n=N]
//
// --corpus=FILE reads "REGION<TAB>TEXT" lines instead of generating the
// corpus; --n=N is the corpus size (default 1000000; with --corpus, the first
// N lines, default all). Each iteration segments the next entry, cycling
// through the corpus; items_per_second is numbers per second.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "corpus.h"
#include "oracle/engine.h"
#include "oracle/segmentation.h"
#include "workload.h"
#ifdef ORACLE_BENCH_HAVE_LIBPHONENUMBER
#include "libphonenumber_runner.h"
#endif

namespace oracle::bench {
namespace {

std::string corpus_path;  // set once in main(), before any benchmark
size_t corpus_size = 0;   // 0: the default

const Corpus& TheCorpus() {
  static const Corpus* corpus = [] {
    auto* c = new Corpus();
    std::string error;
    size_t n = corpus_size;
    if (n == 0 && corpus_path.empty()) n = kDefaultCorpusSize;
    if (!Corpus::Make(corpus_path, n, c, &error)) {
      std::fprintf(stderr, "oracle_segment_bench: %s\n", error.c_str());
      std::exit(1);
    }
    return c;
  }();
  return *corpus;
}

// The engine, or nullptr (with the reason in *error) when it cannot be made.
const Engine* TheEngine(std::string* error) {
  static const Result<Engine>* engine = new Result<Engine>(Engine::Make());
  if (!engine->ok()) {
    *error = "Engine::Make failed: " + engine->status().ToString();
    return nullptr;
  }
  return &engine->value();
}

// Shared counters: the share of valid numbers and of parse errors.
void Report(benchmark::State& state, size_t valid, size_t parse_errors) {
  const double n = static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
  state.counters["valid%"] = n > 0 ? 100.0 * valid / n : 0.0;
  state.counters["unparsed%"] = n > 0 ? 100.0 * parse_errors / n : 0.0;
}

// Engine::SegmentInto(), one reused Segmentation.
void BM_OracleSegmentInto(benchmark::State& state, Workload workload) {
  const Corpus& corpus = TheCorpus();
  std::string error;
  const Engine* engine = TheEngine(&error);
  if (engine == nullptr) {
    state.SkipWithError(error.c_str());
    return;
  }
  OracleRunner runner(*engine);
  size_t i = 0;
  size_t valid = 0;
  size_t parse_errors = 0;
  for (auto _ : state) {
    Outcome outcome = runner.Run(corpus.text(i), corpus.region(i), workload);
    valid += outcome == Outcome::kValid;
    parse_errors += outcome == Outcome::kParseError;
    benchmark::DoNotOptimize(runner.segmentation());
    if (++i == corpus.size()) i = 0;
  }
  Report(state, valid, parse_errors);
}

// Engine::Segment(): a fresh Result<Segmentation> per number.
void BM_OracleSegment(benchmark::State& state, Workload workload) {
  const Corpus& corpus = TheCorpus();
  std::string error;
  const Engine* engine = TheEngine(&error);
  if (engine == nullptr) {
    state.SkipWithError(error.c_str());
    return;
  }
  const uint32_t fields = workload == Workload::kCore ? 0u : kFieldFormats;
  size_t i = 0;
  size_t valid = 0;
  size_t parse_errors = 0;
  for (auto _ : state) {
    Result<Segmentation> seg =
        engine->Segment(corpus.text(i), corpus.region(i), fields);
    if (seg.ok()) {
      valid += seg->valid;
    } else {
      ++parse_errors;
    }
    benchmark::DoNotOptimize(seg);
    if (++i == corpus.size()) i = 0;
  }
  Report(state, valid, parse_errors);
}

#ifdef ORACLE_BENCH_HAVE_LIBPHONENUMBER
// libphonenumber's PhoneNumberUtil doing the same work.
void BM_Libphonenumber(benchmark::State& state, Workload workload) {
  const Corpus& corpus = TheCorpus();
  LibphonenumberRunner runner;
  size_t i = 0;
  size_t valid = 0;
  size_t parse_errors = 0;
  for (auto _ : state) {
    Outcome outcome = runner.Run(corpus.text(i), corpus.region(i), workload);
    valid += outcome == Outcome::kValid;
    parse_errors += outcome == Outcome::kParseError;
    if (++i == corpus.size()) i = 0;
  }
  Report(state, valid, parse_errors);
}
#endif

void RegisterAll() {
  for (Workload w : {Workload::kCore, Workload::kFormats}) {
    const std::string suffix = std::string("/") + WorkloadName(w);
    benchmark::RegisterBenchmark(("BM_OracleSegmentInto" + suffix).c_str(),
                                 BM_OracleSegmentInto, w);
    benchmark::RegisterBenchmark(("BM_OracleSegment" + suffix).c_str(),
                                 BM_OracleSegment, w);
#ifdef ORACLE_BENCH_HAVE_LIBPHONENUMBER
    benchmark::RegisterBenchmark(("BM_Libphonenumber" + suffix).c_str(),
                                 BM_Libphonenumber, w);
#endif
  }
}

// Reads --corpus=FILE / --corpus FILE and --n=N / --n N. Returns false on an
// unknown or malformed argument.
bool ParseFlags(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string value;
    auto take = [&](std::string_view name) {
      if (arg.substr(0, name.size()) != name) return false;
      std::string_view rest = arg.substr(name.size());
      if (rest.empty() && i + 1 < argc) {
        value = argv[++i];
        return true;
      }
      if (!rest.empty() && rest[0] == '=') {
        value = std::string(rest.substr(1));
        return true;
      }
      return false;
    };
    if (take("--corpus")) {
      corpus_path = value;
    } else if (take("--n")) {
      char* end = nullptr;
      unsigned long long n = std::strtoull(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0') return false;
      corpus_size = static_cast<size_t>(n);
    } else {
      std::fprintf(stderr, "oracle_segment_bench: unknown argument %s\n",
                   argv[i]);
      return false;
    }
  }
  return true;
}

}  // namespace
}  // namespace oracle::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (!oracle::bench::ParseFlags(argc, argv)) {
    std::fprintf(stderr,
                 "usage: oracle_segment_bench [benchmark flags] "
                 "[--corpus=FILE] [--n=N]\n");
    return 1;
  }
  const oracle::bench::Corpus& corpus = oracle::bench::TheCorpus();
  benchmark::AddCustomContext("corpus", corpus.description());
  std::string engine_error;
  if (const oracle::Engine* engine = oracle::bench::TheEngine(&engine_error)) {
    benchmark::AddCustomContext("oracle_metadata", engine->metadata_version());
  } else {
    benchmark::AddCustomContext("oracle_metadata", engine_error);
  }
#ifdef ORACLE_BENCH_HAVE_LIBPHONENUMBER
  benchmark::AddCustomContext("libphonenumber",
                              ORACLE_BENCH_LIBPHONENUMBER_VERSION);
#endif
  oracle::bench::RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
