// Google Benchmark of the batch pipeline (include/oracle/batch.h) on the
// mixed corpus (bench/corpus.h, 1,000,000 entries by default; set
// ORACLE_BENCH_CORPUS_SIZE to change it).
//
//   BM_BatchSegment/threads:T/strings:S   BatchSegmenter::Segment over the
//       whole corpus with T worker threads (1, and 0 = all cores) and S = 0
//       (integer columns only: validity, type, region id, country code,
//       national number, NDC length, operator id) or S = 1 (the same plus
//       the E.164 and operator-name string columns).
//   BM_BatchKernel/path:P    the normalisation kernel alone (P: 1 scalar,
//       2 SSE4.2, 3 AVX2), bytes and rows per second.
//   BM_EngineSegmentInto     the single-number path, for reference.
//
// items_per_second is numbers per second (wall clock: UseRealTime).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "batch/batch_internal.h"
#include "corpus.h"
#include "oracle/batch.h"
#include "oracle/engine.h"

namespace oracle::bench {
namespace {

struct Data {
  Corpus corpus;
  std::vector<std::string_view> texts;
  std::vector<std::string_view> regions;
};

const Data& GetData() {
  static const Data* data = [] {
    auto* d = new Data;
    size_t n = kDefaultCorpusSize;
    if (const char* env = std::getenv("ORACLE_BENCH_CORPUS_SIZE")) {
      n = std::strtoull(env, nullptr, 10);
    }
    d->corpus = Corpus::Generate(n);
    for (size_t i = 0; i < d->corpus.size(); ++i) {
      d->texts.push_back(d->corpus.text(i));
      d->regions.push_back(d->corpus.region(i));
    }
    return d;
  }();
  return *data;
}

const Engine& GetEngine() {
  static const Engine* engine = new Engine(Engine::Make().value());
  return *engine;
}

void BM_BatchSegment(benchmark::State& state) {
  const Data& data = GetData();
  BatchOptions options;
  options.num_threads = static_cast<int>(state.range(0));
  options.strings =
      state.range(1) ? (kBatchE164 | kBatchOperatorName) : kBatchNoStrings;
  options.ndc_length = state.range(2) != 0;
  auto batch = BatchSegmenter::Make(GetEngine(), options);
  if (!batch.ok()) {
    state.SkipWithError(batch.status().ToString().c_str());
    return;
  }
  const TextColumn texts = TextColumn::FromViews(data.texts);
  const TextColumn regions = TextColumn::FromViews(data.regions);
  BatchResult out;
  for (auto _ : state) {
    Status s = batch->Segment(texts, regions, &out);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(out.error.data());
  }
  state.counters["threads_used"] = batch->num_threads();
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(data.texts.size()));
}
BENCHMARK(BM_BatchSegment)
    ->ArgNames({"threads", "strings", "ndc"})
    ->Args({1, 0, 1})
    ->Args({1, 1, 1})
    ->Args({1, 1, 0})
    ->Args({0, 0, 1})
    ->Args({0, 1, 1})
    ->Args({0, 1, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2.0);

void BM_BatchKernel(benchmark::State& state) {
  const Data& data = GetData();
  const auto path = static_cast<SimdPath>(state.range(0));
  if (!internal::CpuSupports(path)) {
    state.SkipWithError("CPU lacks this path");
    return;
  }
  internal::ScanFn fn = internal::ScanFunction(path);
  char buf[internal::kScanBufferSize];
  size_t bytes = 0;
  for (std::string_view t : data.texts) bytes += t.size();
  for (auto _ : state) {
    size_t simple = 0;
    for (std::string_view t : data.texts) {
      size_t length = 0;
      simple += fn(t, buf, &length).simple;
      benchmark::DoNotOptimize(buf);
    }
    state.counters["simple_fraction"] =
        static_cast<double>(simple) / static_cast<double>(data.texts.size());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(data.texts.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(bytes));
}
BENCHMARK(BM_BatchKernel)
    ->ArgName("path")
    ->DenseRange(1, 4)
    ->Unit(benchmark::kMillisecond);

void BM_EngineSegmentInto(benchmark::State& state) {
  const Data& data = GetData();
  const Engine& engine = GetEngine();
  Segmentation seg;
  for (auto _ : state) {
    for (size_t i = 0; i < data.texts.size(); ++i) {
      benchmark::DoNotOptimize(
          engine.SegmentInto(data.texts[i], data.regions[i], 0, &seg));
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(data.texts.size()));
}
BENCHMARK(BM_EngineSegmentInto)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace oracle::bench

BENCHMARK_MAIN();
