// History store benchmarks (see docs/history.md):
//
//   BM_AppendEvents      events written per second through an EventAppender
//                        (batched transactions), on SQLite and, when a
//                        server is given, on PostgreSQL;
//   BM_QueryEventsByNumber  one query by number (newest 100 events of that
//                        number) on a store holding --events events.
//
// Flags (before Google Benchmark's own):
//   --events=N      size of the query store (default 1000000; the reported
//                   figure uses 10000000)
//   --numbers=N     distinct numbers in it (default events/10)
//   --query-store=URL  store to build or reuse for the query benchmark
//                   (default sqlite:<tmp>/oracle_history_bench_<events>.db,
//                   reused when it already holds the events)
//   --postgres=URL  PostgreSQL for the PostgreSQL runs (default
//                   $ORACLE_TEST_POSTGRES_URL, as set by
//                   scripts/with-postgres.sh)
//
//   build/bin/oracle_history_bench --events=10000000
//   ORACLE_PG_FSYNC=on scripts/with-postgres.sh build/bin/oracle_history_bench
#include <benchmark/benchmark.h>

#include <chrono>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "oracle/history.h"

namespace {

int64_t g_events = 1'000'000;
int64_t g_numbers = 0;
std::string g_query_store;
std::string g_postgres;

std::string Number(int64_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "+22507%08lld", static_cast<long long>(i));
  return buf;
}

oracle::EventRecord MakeEvent(int64_t i, int64_t numbers) {
  static const char* const kStates[] = {"queued", "sent", "delivered", "failed"};
  static const char* const kOperators[] = {"Orange", "MTN", "Moov"};
  oracle::EventRecord e;
  e.at_unix_ms = 1'764'000'000'000 + i;
  e.kind = "message";
  e.message_id = i + 1;
  e.campaign_id = 1 + i / 100000;
  // Spread each number's events over the whole store.
  e.number = Number((i * 7919) % numbers);
  e.operator_name = kOperators[i % 3];
  e.state = kStates[i % 4];
  return e;
}

double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string TempSqlite(const std::string& name) {
  return "sqlite:" + (std::filesystem::temp_directory_path() / name).string();
}

void RemoveSqlite(const std::string& url) {
  std::string path = url.substr(7);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ec;
    std::filesystem::remove(path + suffix, ec);
  }
}

void AppendEvents(benchmark::State& state, const std::string& url) {
  if (url.empty()) {
    state.SkipWithError("no PostgreSQL server (run through scripts/with-postgres.sh)");
    return;
  }
  auto store = oracle::OpenHistoryStore(url);
  if (!store.ok()) {
    state.SkipWithError(store.status().ToString().c_str());
    return;
  }
  oracle::AppenderOptions options;
  options.batch_size = static_cast<size_t>(state.range(0));
  // Batches are written when full (and the rest at Close), by this thread.
  options.flush_interval = std::chrono::hours(1);
  int64_t i = 0;
  double cpu = 0;
  for (auto _ : state) {
    double cpu0 = ProcessCpuSeconds();
    auto appender = (*store)->MakeAppender(options);
    if (!appender.ok()) {
      state.SkipWithError(appender.status().ToString().c_str());
      return;
    }
    for (int n = 0; n < 100'000; ++n, ++i) {
      oracle::Status s = (*appender)->Append(MakeEvent(i, 1'000'000));
      if (!s.ok()) {
        state.SkipWithError(s.ToString().c_str());
        return;
      }
    }
    oracle::Status s = (*appender)->Close();
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    cpu += ProcessCpuSeconds() - cpu0;
  }
  state.SetItemsProcessed(i);
  // On a loaded machine the wall-clock rate mostly measures the wait for a
  // CPU: also report events per second of this process's CPU time (for
  // PostgreSQL the server's CPU is not in it).
  state.counters["events_per_cpu_s"] = cpu > 0 ? static_cast<double>(i) / cpu : 0;
}

void BM_AppendEvents_Sqlite(benchmark::State& state) {
  std::string url = TempSqlite("oracle_history_bench_append.db");
  RemoveSqlite(url);
  AppendEvents(state, url);
  RemoveSqlite(url);
}
BENCHMARK(BM_AppendEvents_Sqlite)->Arg(65536)->Arg(4096)->Arg(256)->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_AppendEvents_Postgres(benchmark::State& state) {
  AppendEvents(state, g_postgres);
}
BENCHMARK(BM_AppendEvents_Postgres)->Arg(4096)->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The query store, built once (or reused).
oracle::HistoryStore* QueryStore(std::string* error) {
  static std::unique_ptr<oracle::HistoryStore> store;
  static std::string failure;
  if (store || !failure.empty()) {
    *error = failure;
    return store.get();
  }
  auto opened = oracle::OpenHistoryStore(g_query_store);
  if (!opened.ok()) {
    failure = opened.status().ToString();
    *error = failure;
    return nullptr;
  }
  store = std::move(opened).value();
  // How many events are there already? (The newest id.)
  oracle::HistoryQuery newest;
  newest.limit = 1;
  auto page = store->QueryEvents(newest);
  int64_t have = page.ok() && !page->items.empty() ? page->items[0].id : 0;
  if (have < g_events) {
    std::cerr << "building the query store: " << g_events - have << " events into "
              << g_query_store << "...\n";
    auto t0 = std::chrono::steady_clock::now();
    oracle::AppenderOptions options;
    options.batch_size = 8192;
    auto appender = store->MakeAppender(options);
    for (int64_t i = have; appender.ok() && i < g_events; ++i) {
      oracle::Status s = (*appender)->Append(MakeEvent(i, g_numbers));
      if (!s.ok()) {
        failure = s.ToString();
        break;
      }
    }
    if (appender.ok()) {
      oracle::Status s = (*appender)->Close();
      if (!s.ok()) failure = s.ToString();
    }
    double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << "built in " << secs << " s\n";
  }
  *error = failure;
  return failure.empty() ? store.get() : nullptr;
}

void BM_QueryEventsByNumber(benchmark::State& state) {
  std::string error;
  oracle::HistoryStore* store = QueryStore(&error);
  if (store == nullptr) {
    state.SkipWithError(error.c_str());
    return;
  }
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int64_t> pick(0, g_numbers - 1);
  int64_t found = 0;
  for (auto _ : state) {
    oracle::HistoryQuery q;
    q.number = Number(pick(rng));
    q.limit = 100;
    auto page = store->QueryEvents(q);
    if (!page.ok()) {
      state.SkipWithError(page.status().ToString().c_str());
      return;
    }
    found += static_cast<int64_t>(page->items.size());
  }
  state.counters["events"] = static_cast<double>(g_events);
  state.counters["rows_per_query"] =
      static_cast<double>(found) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_QueryEventsByNumber)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* flag) -> const char* {
      size_t n = std::strlen(flag);
      return a.compare(0, n, flag) == 0 ? argv[i] + n : nullptr;
    };
    if (const char* v = value("--events=")) {
      g_events = std::atoll(v);
    } else if (const char* v = value("--numbers=")) {
      g_numbers = std::atoll(v);
    } else if (const char* v = value("--query-store=")) {
      g_query_store = v;
    } else if (const char* v = value("--postgres=")) {
      g_postgres = v;
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (g_events < 1) g_events = 1;
  if (g_numbers <= 0) g_numbers = std::max<int64_t>(1, g_events / 10);
  if (g_query_store.empty()) {
    g_query_store =
        TempSqlite("oracle_history_bench_" + std::to_string(g_events) + ".db");
  }
  if (g_postgres.empty()) {
    const char* env = std::getenv("ORACLE_TEST_POSTGRES_URL");
    if (env) g_postgres = env;
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  if (benchmark::ReportUnrecognizedArguments(n, rest.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
