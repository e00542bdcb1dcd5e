// Unit tests of the batch API: kernels, columns, options, segmenting,
// streaming, summaries and de-duplication.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <sstream>
#include <stdexcept>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "batch/batch_internal.h"
#include "oracle/batch.h"
#include "oracle/engine.h"
#include "test_util.h"

namespace oracle {
namespace {

struct Canonical {
  bool simple;
  std::string text;
};

Canonical Scan(internal::ScanFn fn, std::string_view text) {
  char buf[internal::kScanBufferSize];
  size_t length = 0;
  internal::RowScan r = fn(text, buf, &length);
  return {r.simple,
          r.simple ? std::string(r.text(buf), length) : std::string()};
}

TEST(BatchKernels, KnownRows) {
  for (SimdPath path : SupportedSimdPaths()) {
    SCOPED_TRACE(std::string(SimdPathName(path)));
    internal::ScanFn fn = internal::ScanFunction(path);
    EXPECT_EQ(Scan(fn, "07 07 12 34 56").text, "0707123456");
    EXPECT_EQ(Scan(fn, "+225 07.07-12(34)56").text, "+2250707123456");
    EXPECT_EQ(Scan(fn, "(+225) 07").text, "+22507");
    EXPECT_EQ(Scan(fn, "++225 07").text, "+22507");
    EXPECT_TRUE(Scan(fn, "123").simple);
    EXPECT_FALSE(Scan(fn, "12").simple);          // too few digits
    EXPECT_FALSE(Scan(fn, "1 2").simple);
    EXPECT_FALSE(Scan(fn, "12+345").simple);      // '+' after a digit
    EXPECT_FALSE(Scan(fn, "+ +225 07").simple);   // two '+' runs
    EXPECT_FALSE(Scan(fn, "07 07 12 34 56 x12").simple);
    EXPECT_FALSE(Scan(fn, "0707123456#").simple);
    EXPECT_FALSE(Scan(fn, "\xef\xbc\x90\xef\xbc\x97 12 34").simple);
    EXPECT_FALSE(Scan(fn, "").simple);
    EXPECT_TRUE(Scan(fn, std::string(250, '1')).simple);
    EXPECT_FALSE(Scan(fn, std::string(251, '1')).simple);
    // A long row with every digit in a different 8-byte lane.
    std::string long_row;
    std::string digits;
    for (int i = 0; i < 100; ++i) {
      long_row += (i % 3 == 0) ? ' ' : static_cast<char>('0' + i % 10);
      if (i % 3 != 0) digits += static_cast<char>('0' + i % 10);
    }
    EXPECT_EQ(Scan(fn, long_row).text, digits);
  }
}

TEST(BatchKernels, RowsEndingAtAPageBoundary) {
  // Rows whose last block would cross into the next page take the copying
  // branch; the result must not change.
  constexpr size_t kPage = 4096;
  std::vector<char> memory(3 * kPage);
  char* page_end = reinterpret_cast<char*>(
      (reinterpret_cast<uintptr_t>(memory.data()) + 2 * kPage - 1) &
      ~static_cast<uintptr_t>(kPage - 1));
  const std::string base = "+225 (07) 07-12.34 56 78 90 12 34 56 78 90";
  for (size_t len = 0; len <= base.size(); ++len) {
    char* row = page_end - len;
    std::memcpy(row, base.data(), len);
    const std::string_view text(row, len);
    const Canonical want = Scan(&internal::ScanScalar, text);
    for (SimdPath path : SupportedSimdPaths()) {
      const Canonical got = Scan(internal::ScanFunction(path), text);
      EXPECT_EQ(want.simple, got.simple) << SimdPathName(path) << " " << len;
      EXPECT_EQ(want.text, got.text) << SimdPathName(path) << " " << len;
    }
  }
}

TEST(BatchKernels, AllPathsAgreeOnRandomRows) {
  static const char kAlphabet[] = " -.()+0123456789x#/\xd9";
  std::mt19937_64 rng(7);
  const std::vector<SimdPath> paths = SupportedSimdPaths();
  for (int iter = 0; iter < 200000; ++iter) {
    std::string row;
    const size_t n = rng() % (iter % 100 == 0 ? 300 : 40);
    const size_t alphabet = iter % 2 ? 16 : sizeof(kAlphabet) - 1;
    for (size_t i = 0; i < n; ++i) row += kAlphabet[rng() % alphabet];
    const Canonical want = Scan(&internal::ScanScalar, row);
    for (SimdPath path : paths) {
      const Canonical got = Scan(internal::ScanFunction(path), row);
      ASSERT_EQ(want.simple, got.simple)
          << SimdPathName(path) << " '" << row << "'";
      ASSERT_EQ(want.text, got.text)
          << SimdPathName(path) << " '" << row << "'";
    }
  }
}

TEST(BatchColumns, ArrowAndViewsAgree) {
  const std::string data = "+2250707123456hello07 07";
  const int32_t off32[] = {0, 14, 19, 24};
  const int64_t off64[] = {0, 14, 19, 24};
  const std::vector<std::string_view> views = {"+2250707123456", "hello",
                                               "07 07"};
  TextColumn a = TextColumn::FromArrow(data.data(), off32, 3);
  TextColumn b = TextColumn::FromArrow(data.data(), off64, 3);
  TextColumn c = TextColumn::FromViews(views);
  ASSERT_EQ(a.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(a[i], views[i]);
    EXPECT_EQ(b[i], views[i]);
    EXPECT_EQ(c[i], views[i]);
  }
  StringColumn s;
  s.Append("ab");
  s.Append("");
  StringColumn t;
  t.Append("cde");
  s.AppendColumn(t);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], "ab");
  EXPECT_EQ(s[1], "");
  EXPECT_EQ(s[2], "cde");
  EXPECT_EQ(s.offsets(), (std::vector<int32_t>{0, 2, 2, 5}));
}

TEST(BatchColumns, MemoryBytesCountsEveryColumn) {
  BatchResult r;
  const size_t empty = r.MemoryBytes();
  r.Resize(1000);
  // Fifteen integer columns: ten of one byte, three of two, one of eight
  // and one of four.
  const size_t per_row = 10 * 1 + 3 * 2 + 8 + 4;
  EXPECT_GE(r.MemoryBytes(), empty + 1000 * per_row);
  const size_t integers = r.MemoryBytes();
  std::string big(100000, '7');
  r.carrier_code.Append(big);
  // (less the few bytes an empty string already counted).
  EXPECT_GE(r.MemoryBytes(), integers + big.size() - 16);
  // Resizing down keeps the memory: it is still held.
  r.Resize(10);
  EXPECT_GE(r.MemoryBytes(), 1000 * per_row);
}

TEST(BatchOptions, Validate) {
  EXPECT_OK(BatchOptions::Defaults().Validate());
  BatchOptions o;
  o.chunk_rows = 0;
  EXPECT_EQ(o.Validate().code(), StatusCode::kInvalidArgument);
  o = BatchOptions();
  o.num_threads = -1;
  EXPECT_EQ(o.Validate().code(), StatusCode::kInvalidArgument);
  o = BatchOptions();
  o.strings = 1u << 20;
  EXPECT_EQ(o.Validate().code(), StatusCode::kInvalidArgument);
}

// Every job runs once on every worker, whether the workers are still
// polling for it (jobs back to back) or asleep (a pause longer than the
// polling), and the pool stops cleanly in either state.
TEST(WorkerPool, RunsEveryJobOnEveryWorkerOnce) {
  constexpr int kWorkers = 3;
  std::array<std::atomic<int>, kWorkers> runs{};
  std::atomic<int> bad_index{0};
  {
    internal::WorkerPool pool(kWorkers);
    ASSERT_EQ(pool.size(), kWorkers);
    std::vector<int> last(kWorkers, -1);
    for (int job = 0; job < 3000; ++job) {
      if (job % 1000 == 999) {
        std::this_thread::sleep_for(std::chrono::nanoseconds(
            3 * internal::WorkerPool::kSpinNanos));
      }
      pool.Run([&](int w) {
        if (w < 0 || w >= kWorkers) {
          bad_index.fetch_add(1);
          return;
        }
        // Each worker index is run by one thread per job: no other
        // thread writes last[w] during this job.
        if (last[w] != job - 1) bad_index.fetch_add(1);
        last[w] = job;
        runs[w].fetch_add(1);
      });
      // Run() returned: every worker finished this job.
      for (int w = 0; w < kWorkers; ++w) ASSERT_EQ(last[w], job);
    }
  }
  EXPECT_EQ(bad_index.load(), 0);
  for (const std::atomic<int>& r : runs) EXPECT_EQ(r.load(), 3000);
  // Destroyed while its workers sleep.
  {
    internal::WorkerPool pool(2);
    std::this_thread::sleep_for(
        std::chrono::nanoseconds(2 * internal::WorkerPool::kSpinNanos));
  }
  // A pool of one runs the job on the caller.
  internal::WorkerPool one(1);
  const std::thread::id caller = std::this_thread::get_id();
  std::thread::id ran;
  one.Run([&](int) { ran = std::this_thread::get_id(); });
  EXPECT_EQ(ran, caller);
}

class BatchSegmenterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::Make();
    ASSERT_OK(engine);
    engine_ = std::make_unique<Engine>(*engine);
  }
  BatchSegmenter Make(BatchOptions options) {
    auto b = BatchSegmenter::Make(*engine_, options);
    EXPECT_OK(b);
    return std::move(b).value();
  }
  // The integer columns two thread counts fill, and the string columns
  // `strings` asks for, are identical.
  static void ExpectSameOutput(const BatchResult& a, const BatchResult& b,
                               uint32_t strings) {
    EXPECT_EQ(a.error, b.error);
    EXPECT_EQ(a.valid, b.valid);
    EXPECT_EQ(a.national_number, b.national_number);
    EXPECT_EQ(a.country_code, b.country_code);
    EXPECT_EQ(a.operator_id, b.operator_id);
    const std::pair<uint32_t, StringColumn BatchResult::*> columns[] = {
        {kBatchE164, &BatchResult::e164},
        {kBatchOperatorName, &BatchResult::operator_name},
        {kBatchRegionCode, &BatchResult::region_code},
        {kBatchInternational, &BatchResult::international},
        {kBatchExtension, &BatchResult::extension}};
    for (const auto& [bit, member] : columns) {
      if (!(strings & bit)) continue;
      EXPECT_EQ((a.*member).data(), (b.*member).data());
      EXPECT_EQ((a.*member).offsets(), (b.*member).offsets());
    }
  }
  std::unique_ptr<Engine> engine_;
};

TEST_F(BatchSegmenterTest, SegmentsWithDefaultRegion) {
  BatchOptions options;
  options.default_region = "CI";
  options.num_threads = 2;
  options.strings = kBatchE164 | kBatchOperatorName | kBatchRegionCode |
                    kBatchInternational;
  BatchSegmenter batch = Make(options);
  EXPECT_EQ(batch.num_threads(), 2);
  const std::vector<std::string_view> texts = {
      "07 07 12 34 56", "hello", "+33 6 12 34 56 78", "27 22 44 55 66"};
  BatchResult out;
  ASSERT_OK(batch.Segment(TextColumn::FromViews(texts), &out));
  ASSERT_EQ(out.size(), 4u);
  EXPECT_TRUE(out.ok(0));
  EXPECT_EQ(out.e164[0], "+2250707123456");
  EXPECT_EQ(out.E164String(0), "+2250707123456");
  EXPECT_EQ(out.NationalNumberString(0), "0707123456");
  EXPECT_EQ(out.leading_zeros[0], 1);
  EXPECT_EQ(out.national_number[0], 707123456u);
  EXPECT_EQ(out.ndc_length[0], 2);
  EXPECT_EQ(out.country_code[0], 225);
  EXPECT_EQ(out.number_type(0), NumberType::kMobile);
  EXPECT_EQ(out.valid[0], 1);
  EXPECT_EQ(batch.region_name(out.region_id[0]), "CI");
  EXPECT_EQ(batch.RegionId("CI"), out.region_id[0]);
  EXPECT_EQ(out.region_code[0], "CI");
  EXPECT_EQ(batch.operator_name(out.operator_id[0]), "Orange");
  EXPECT_EQ(out.operator_name[0], "Orange");
  EXPECT_EQ(out.international[0], "+225 07 07 12 3456");

  EXPECT_FALSE(out.ok(1));
  EXPECT_EQ(out.error_code(1), StatusCode::kNotANumber);
  EXPECT_EQ(out.e164[1], "");
  EXPECT_EQ(out.E164String(1), "");

  EXPECT_EQ(out.e164[2], "+33612345678");
  EXPECT_EQ(batch.region_name(out.region_id[2]), "FR");
  EXPECT_EQ(out.e164.size(), 4u);
  EXPECT_EQ(batch.region_name(0), "");
  EXPECT_EQ(batch.operator_name(0), "");
}

TEST_F(BatchSegmenterTest, PerRowRegionsAndMismatch) {
  BatchSegmenter batch = Make(BatchOptions());
  const std::vector<std::string_view> texts = {"06 12 34 56 78", "0707123456"};
  const std::vector<std::string_view> regions = {"FR", "ci"};
  BatchResult out;
  ASSERT_OK(batch.Segment(TextColumn::FromViews(texts),
                          TextColumn::FromViews(regions), &out));
  EXPECT_EQ(out.E164String(0), "+33612345678");
  EXPECT_EQ(out.E164String(1), "+2250707123456");
  const std::vector<std::string_view> one = {"FR"};
  EXPECT_EQ(batch
                .Segment(TextColumn::FromViews(texts),
                         TextColumn::FromViews(one), &out)
                .code(),
            StatusCode::kInvalidArgument);
  // Empty input.
  ASSERT_OK(batch.Segment(TextColumn(), &out));
  EXPECT_EQ(out.size(), 0u);
}

TEST_F(BatchSegmenterTest, ThreadCountsGiveIdenticalOutput) {
  std::vector<std::string> rows;
  for (int i = 0; i < 20000; ++i) {
    rows.push_back("07 " + std::to_string(10000000 + i * 37) );
  }
  std::vector<std::string_view> views(rows.begin(), rows.end());
  BatchOptions o1;
  o1.default_region = "CI";
  o1.num_threads = 1;
  o1.strings = kBatchE164;
  BatchOptions o3 = o1;
  o3.num_threads = 3;
  BatchSegmenter b1 = Make(o1);
  BatchSegmenter b3 = Make(o3);
  BatchResult r1, r3;
  ASSERT_OK(b1.Segment(TextColumn::FromViews(views), &r1));
  ASSERT_OK(b3.Segment(TextColumn::FromViews(views), &r3));
  ExpectSameOutput(r1, r3, o1.strings);
}

// A result reused for batches of other sizes (its columns grown by several
// threads at once, or shrunk) holds what a fresh result would.
TEST_F(BatchSegmenterTest, ResultReusedForBatchesOfAnySize) {
  std::vector<std::string> rows;
  for (int i = 0; i < 90000; ++i) {
    rows.push_back(i % 5 == 4 ? "n/a"
                              : (i % 2 ? "+33 6 12 " : "07 07 ") +
                                    std::to_string(100000 + i));
  }
  BatchOptions options;
  options.default_region = "CI";
  options.num_threads = 3;
  options.strings = kBatchE164 | kBatchOperatorName | kBatchRegionCode;
  BatchSegmenter batch = Make(options);
  BatchResult reused;
  for (size_t size : {size_t{90000}, size_t{10}, size_t{0}, size_t{70000},
                      size_t{90000}, size_t{40000}}) {
    SCOPED_TRACE(size);
    std::vector<std::string_view> views(rows.begin(),
                                        rows.begin() + static_cast<long>(size));
    BatchResult fresh;
    ASSERT_OK(batch.Segment(TextColumn::FromViews(views), &fresh));
    ASSERT_OK(batch.Segment(TextColumn::FromViews(views), &reused));
    ASSERT_EQ(reused.size(), size);
    ASSERT_EQ(reused.e164.size(), size);
    ExpectSameOutput(fresh, reused, options.strings);
    EXPECT_EQ(fresh.type, reused.type);
    EXPECT_EQ(fresh.flags, reused.flags);
    EXPECT_EQ(fresh.region_id, reused.region_id);
  }
}

// With several threads a batch is cut into chunks that go to whichever
// worker is free, so one worker's string sinks hold chunks that are not
// adjacent: every row must still land at its own place.
TEST_F(BatchSegmenterTest, ChunksTakenByAnyWorkerKeepRowOrder) {
  const char* const shapes[] = {"07 07 %06d", "+33 6 12 %06d",
                                "+1 650 253 %04d", "not a number %d",
                                "+44 7911 %06d", "05 05 %06d ext. 12"};
  std::vector<std::string> rows;
  for (int i = 0; i < 60000; ++i) {
    char text[64];
    // Varied digits, some short (i % 5 == 2), some with a trailing digit.
    std::snprintf(text, sizeof text, shapes[(i / 3 + i) % 6],
                  (i * 7919) % (i % 5 == 2 ? 10000 : 1000000));
    rows.emplace_back(text);
    if (i % 7 == 3) rows.back().append(" ").append(std::to_string(i % 10));
  }
  std::vector<std::string_view> views(rows.begin(), rows.end());
  BatchOptions o1;
  o1.default_region = "CI";
  o1.num_threads = 1;
  o1.strings = kBatchE164 | kBatchOperatorName | kBatchRegionCode |
               kBatchInternational | kBatchExtension;
  BatchOptions o5 = o1;
  o5.num_threads = 5;
  BatchSegmenter b1 = Make(o1);
  BatchSegmenter b5 = Make(o5);
  BatchResult r1, r5;
  ASSERT_OK(b1.Segment(TextColumn::FromViews(views), &r1));
  EXPECT_GT(std::count(r1.error.begin(), r1.error.end(), 0), 0);
  EXPECT_GT(std::count(r1.valid.begin(), r1.valid.end(), 1), 0);
  EXPECT_LT(std::count(r1.error.begin(), r1.error.end(), 0),
            static_cast<std::ptrdiff_t>(rows.size()));
  for (int pass = 0; pass < 3; ++pass) {
    ASSERT_OK(b5.Segment(TextColumn::FromViews(views), &r5));
    ExpectSameOutput(r1, r5, o1.strings);
  }
  // Spot checks against the row itself.
  EXPECT_EQ(r5.E164String(0), "+2250707000000");
  EXPECT_EQ(r5.extension[4], "12");
  EXPECT_EQ(r5.region_code[1], "FR");
}

TEST_F(BatchSegmenterTest, ConcurrentCallersShareOneSegmenter) {
  BatchOptions options;
  options.default_region = "CI";
  options.num_threads = 2;
  BatchSegmenter batch = Make(options);
  std::vector<std::string> rows;
  for (int i = 0; i < 4000; ++i) {
    rows.push_back("0707" + std::to_string(100000 + i));
  }
  std::vector<std::string_view> views(rows.begin(), rows.end());
  auto work = [&] {
    BatchResult out;
    for (int k = 0; k < 5; ++k) {
      ASSERT_OK(batch.Segment(TextColumn::FromViews(views), &out));
      ASSERT_EQ(out.size(), rows.size());
      ASSERT_EQ(out.E164String(17), "+2250707100017");
    }
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
}

TEST_F(BatchSegmenterTest, RunOnThreadsCallsEachThreadOnceAndTakesTurns) {
  for (int threads : {1, 3}) {
    SCOPED_TRACE(threads);
    BatchOptions options;
    options.default_region = "CI";
    options.num_threads = threads;
    BatchSegmenter batch = Make(options);
    // Each thread index once, thread 0 on the caller, every call done
    // before RunOnThreads() returns.
    std::vector<std::atomic<int>> calls(static_cast<size_t>(threads));
    std::atomic<int> on_caller{0};
    const std::thread::id caller = std::this_thread::get_id();
    batch.RunOnThreads([&](int thread) {
      ASSERT_GE(thread, 0);
      ASSERT_LT(thread, threads);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      calls[static_cast<size_t>(thread)].fetch_add(1);
      if (std::this_thread::get_id() == caller) {
        on_caller.fetch_add(thread == 0 ? 1 : 100);
      }
    });
    for (const std::atomic<int>& c : calls) EXPECT_EQ(c.load(), 1);
    EXPECT_EQ(on_caller.load(), 1);
    // The first exception comes back to the caller, after every call.
    std::atomic<int> finished{0};
    EXPECT_THROW(batch.RunOnThreads([&](int thread) {
                   std::this_thread::sleep_for(std::chrono::milliseconds(10));
                   finished.fetch_add(1);
                   if (thread == threads - 1) throw std::runtime_error("boom");
                 }),
                 std::runtime_error);
    EXPECT_EQ(finished.load(), threads);
    // Calls from two threads take turns with each other and with
    // Segment(): never two jobs on the segmenter at once.
    std::vector<std::string> rows;
    for (int i = 0; i < 3000; ++i) {
      rows.push_back("0707" + std::to_string(100000 + i));
    }
    std::vector<std::string_view> views(rows.begin(), rows.end());
    std::atomic<int> inside{0};
    std::atomic<int> overlaps{0};
    std::atomic<int> jobs{0};
    auto post = [&] {
      BatchResult out;
      for (int k = 0; k < 20; ++k) {
        ASSERT_OK(batch.Segment(TextColumn::FromViews(views), &out));
        ASSERT_EQ(out.E164String(17), "+2250707100017");
        batch.RunOnThreads([&](int thread) {
          if (thread == 0) {
            if (inside.fetch_add(1) != 0) overlaps.fetch_add(1);
            std::this_thread::sleep_for(std::chrono::microseconds(200));
            inside.fetch_sub(1);
            jobs.fetch_add(1);
          }
        });
      }
    };
    std::thread a(post), b(post);
    a.join();
    b.join();
    EXPECT_EQ(jobs.load(), 40);
    EXPECT_EQ(overlaps.load(), 0);
  }
}

TEST_F(BatchSegmenterTest, StreamsChunksWithReport) {
  BatchOptions options;
  options.default_region = "CI";
  options.chunk_rows = 3;
  options.num_threads = 2;
  BatchSegmenter batch = Make(options);
  std::istringstream in(
      "0707123456\nhello\r\n+33612345678\n0707123456\n\n0505123456\n"
      "x\n0101123456\n");
  BatchReader reader(&batch, LineChunkSource(&in));
  BatchResult chunk;
  std::vector<uint64_t> firsts;
  E164Deduplicator dedupe;
  BatchSummary summary;
  while (true) {
    ASSERT_OK(reader.ReadNext(&chunk));
    if (chunk.size() == 0) break;
    EXPECT_LE(chunk.size(), 3u);
    firsts.push_back(reader.first_row());
    EXPECT_EQ(reader.input().texts.size(), chunk.size());
    dedupe.Add(chunk);
    summary.Add(chunk);
  }
  EXPECT_EQ(firsts, (std::vector<uint64_t>{0, 3, 6}));
  const StreamReport& report = reader.report();
  EXPECT_TRUE(report.finished);
  EXPECT_EQ(report.rows, 8u);
  EXPECT_EQ(report.chunks, 3u);
  EXPECT_EQ(report.errors, 3u);  // hello, "", x
  EXPECT_EQ(report.valid, 5u);
  EXPECT_NE(report.ToString().find("rows=8"), std::string::npos);
  // Reading past the end stays at the end.
  ASSERT_OK(reader.ReadNext(&chunk));
  EXPECT_EQ(chunk.size(), 0u);

  ASSERT_EQ(dedupe.numbers().size(), 4u);
  EXPECT_EQ(dedupe.numbers()[0].first_row, 0u);
  EXPECT_EQ(dedupe.numbers()[0].duplicates, 1u);
  EXPECT_EQ(dedupe.duplicate_rows(), 1u);
  EXPECT_EQ(dedupe.rows_seen(), 8u);

  EXPECT_EQ(summary.rows, 8u);
  EXPECT_EQ(summary.errors, 3u);
  EXPECT_EQ(summary.valid, 5u);
  EXPECT_EQ(summary.by_country_code[225], 4u);
  EXPECT_EQ(summary.by_country_code[33], 1u);
  EXPECT_EQ(summary.by_type[static_cast<int>(NumberType::kMobile)], 5u);
  EXPECT_EQ(summary.by_error[static_cast<int>(StatusCode::kNotANumber)], 3u);
  EXPECT_EQ(summary.by_region[batch.RegionId("CI")], 4u);
  uint64_t operators = 0;
  for (size_t id = 1; id < summary.by_operator.size(); ++id) {
    operators += summary.by_operator[id];
  }
  EXPECT_EQ(operators, 5u);

  BatchSummary merged;
  merged.Merge(summary);
  merged.Merge(summary);
  EXPECT_EQ(merged.rows, 16u);
  EXPECT_EQ(merged.by_country_code[225], 8u);
}

TEST_F(BatchSegmenterTest, TabSeparatedRegionsAndSourceErrors) {
  BatchSegmenter batch = Make(BatchOptions());
  std::istringstream in("FR\t06 12 34 56 78\nCI\t0707123456\n\t+15105550100\n");
  BatchReader reader(&batch,
                     LineChunkSource(&in, /*tab_separated_region=*/true));
  BatchResult chunk;
  ASSERT_OK(reader.ReadNext(&chunk));
  ASSERT_EQ(chunk.size(), 3u);
  EXPECT_EQ(chunk.E164String(0), "+33612345678");
  EXPECT_EQ(chunk.E164String(1), "+2250707123456");
  EXPECT_EQ(chunk.E164String(2), "+15105550100");

  int calls = 0;
  BatchReader failing(&batch, [&](size_t, InputChunk* c) -> Result<size_t> {
    if (++calls == 1) {
      c->texts.Append("0707123456");
      return size_t{1};
    }
    return Status::IoError("disk on fire");
  });
  ASSERT_OK(failing.ReadNext(&chunk));
  EXPECT_EQ(chunk.size(), 1u);
  EXPECT_EQ(failing.ReadNext(&chunk).code(), StatusCode::kIoError);
  EXPECT_EQ(failing.ReadNext(&chunk).code(), StatusCode::kIoError);
  EXPECT_EQ(failing.report().status.code(), StatusCode::kIoError);
  EXPECT_EQ(failing.report().rows, 1u);
}

TEST_F(BatchSegmenterTest, OperatorRulesGetIds) {
  EngineOptions eo;
  eo.operator_rules = {{"2250747", "My Operator"}};
  eo.ci_fixed_line_operators = true;
  ASSERT_OK_AND_ASSIGN(Engine engine, Engine::Make(eo));
  BatchOptions options;
  options.default_region = "CI";
  ASSERT_OK_AND_ASSIGN(BatchSegmenter batch,
                       BatchSegmenter::Make(engine, options));
  const std::vector<std::string_view> texts = {"0747123456", "2722445566"};
  BatchResult out;
  ASSERT_OK(batch.Segment(TextColumn::FromViews(texts), &out));
  EXPECT_EQ(batch.operator_name(out.operator_id[0]), "My Operator");
  EXPECT_TRUE(out.flags[0] & kFlagUserOperatorRule);
  ASSERT_OK_AND_ASSIGN(Segmentation fixed, engine.Segment("2722445566", "CI"));
  EXPECT_EQ(batch.operator_name(out.operator_id[1]), fixed.operator_name);
}

}  // namespace
// Every parse failure carries the engine's own message, on the fast path
// and the engine path alike.
// Segments `texts` with their `regions` on one thread, every string column
// asked for. A failure to segment fails the test and leaves every row empty.
BatchResult SegmentOnOneThread(const Engine& engine,
                               const std::vector<std::string_view>& texts,
                               const std::vector<std::string_view>& regions,
                               SimdPath simd = SimdPath::kAuto) {
  BatchOptions options;
  options.simd = simd;
  options.num_threads = 1;
  options.strings = kBatchAllStrings;
  auto batch = BatchSegmenter::Make(engine, options);
  EXPECT_TRUE(batch.ok());
  BatchResult out;
  if (!batch.ok() || !batch->Segment(TextColumn::FromViews(texts),
                                     TextColumn::FromViews(regions), &out)
                          .ok()) {
    ADD_FAILURE() << "Segment failed";
    out.Resize(texts.size());
  }
  return out;
}

TEST(BatchTest, ErrorMessagesAreTheEngines) {
  auto engine = Engine::Make();
  ASSERT_TRUE(engine.ok());
  struct Case {
    std::string text;
    std::string region;
    StatusCode code;
  };
  const std::vector<Case> cases = {
      {"hello", "CI", StatusCode::kNotANumber},
      {"\xff\xfe 0707", "CI", StatusCode::kNotANumber},
      {std::string(300, '7'), "CI", StatusCode::kTooLong},
      {"0707123456", "", StatusCode::kInvalidCountryCode},
      {"+0707123456", "CI", StatusCode::kInvalidCountryCode},
      {"00 999 1234567", "CI", StatusCode::kInvalidCountryCode},
      {"00 12", "CI", StatusCode::kTooShortAfterIdd},
      {"tel:0707123456;phone-context=", "CI", StatusCode::kNotANumber},
      {"+225 1", "CI", StatusCode::kTooShortNsn},
      {"+225 123456789012345678", "CI", StatusCode::kTooLong},
      {"07 07 12 34 56", "CI", StatusCode::kOk},
  };
  std::vector<std::string_view> texts, regions;
  for (const Case& c : cases) {
    texts.push_back(c.text);
    regions.push_back(c.region);
  }
  for (const SimdPath simd : SupportedSimdPaths()) {
    SCOPED_TRACE(std::string(SimdPathName(simd)));
    const BatchResult out = SegmentOnOneThread(*engine, texts, regions, simd);
    std::set<std::string_view> messages;
    for (size_t i = 0; i < cases.size(); ++i) {
      SCOPED_TRACE(cases[i].text);
      auto want = engine->Segment(cases[i].text, cases[i].region);
      ASSERT_EQ(want.ok() ? StatusCode::kOk : want.status().code(),
                cases[i].code);
      EXPECT_EQ(out.error_code(i), cases[i].code);
      if (want.ok()) {
        EXPECT_EQ(out.error_message(i), "");
        EXPECT_EQ(out.error_detail[i], 0);
      } else {
        EXPECT_EQ(out.error_message(i), want.status().message());
        EXPECT_FALSE(out.error_message(i).empty());
        messages.insert(out.error_message(i));
      }
    }
    // Ten failures, ten different messages.
    EXPECT_EQ(messages.size(), cases.size() - 1);
  }
}

// Numbers with an extension: the number takes the fast path, the extension
// goes to its column and into the formats, as the engine does.
// A segmenter uses its engine's tables: one made from an engine that
// loaded a metadata file does not read the file again (here it is gone),
// and answers as the engine does.
TEST(BatchTest, UsesTheEnginesTablesNotItsFile) {
  const std::filesystem::path path =
      std::filesystem::path(::testing::TempDir()) / "oracle_batch_metadata.bin";
  std::filesystem::copy_file(ORACLE_METADATA_BLOB, path,
                             std::filesystem::copy_options::overwrite_existing);
  EngineOptions engine_options;
  engine_options.metadata_path = path.string();
  ASSERT_OK_AND_ASSIGN(Engine engine, Engine::Make(engine_options));
  ASSERT_TRUE(std::filesystem::remove(path));
  BatchOptions options;
  options.num_threads = 1;
  options.strings = kBatchAllStrings;
  ASSERT_OK_AND_ASSIGN(BatchSegmenter batch,
                       BatchSegmenter::Make(engine, options));
  const std::vector<std::string_view> texts = {
      "07 07 12 34 56", "+33 6 12 34 56 78", "hello", "+1 650 253 0000"};
  const std::vector<std::string_view> regions = {"CI", "", "FR", "US"};
  BatchResult out;
  ASSERT_OK(batch.Segment(TextColumn::FromViews(texts),
                          TextColumn::FromViews(regions), &out));
  ASSERT_EQ(out.size(), texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    SCOPED_TRACE(texts[i]);
    auto want = engine.Segment(texts[i], regions[i]);
    ASSERT_EQ(out.ok(i), want.ok());
    if (!want.ok()) continue;
    EXPECT_EQ(out.e164[i], want->e164);
    EXPECT_EQ(out.operator_name[i], want->operator_name);
    EXPECT_EQ(out.international[i], want->international);
    EXPECT_EQ(batch.region_name(out.region_id[i]), want->region);
  }
}

TEST(BatchTest, ExtensionsAsTheEngine) {
  auto engine = Engine::Make();
  ASSERT_TRUE(engine.ok());
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"+41 878 742 410 x12", ""},    {"(900) 299-2240 ext. 211", "US"},
      {"05 48 66 1105 x78", "CI"},    {"0662136776 ext. 12", "FR"},
      {"+1 227-864-7145 #12", "US"},  {"63 52 85 93,1", "ML"},
      {"Tel: 0707123456 x 9", "CI"},  {"0707123456 ext", "CI"},
      {"0707123456 x", "CI"},         {"07 x 12", "CI"},
      {"0707123456;ext=5", "CI"},     {"0707123456 poste 12", "CI"},
      {"0707123456 xï¼", "CI"}, {"+225 0707123456 x1234567", "CI"},
  };
  std::vector<std::string_view> texts, regions;
  for (const auto& [t, r] : rows) {
    texts.push_back(t);
    regions.push_back(r);
  }
  const BatchResult out = SegmentOnOneThread(*engine, texts, regions);
  size_t with_extension = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(rows[i].first);
    auto want = engine->Segment(rows[i].first, rows[i].second);
    ASSERT_EQ(out.ok(i), want.ok());
    if (!want.ok()) continue;
    EXPECT_EQ(out.extension[i], want->extension);
    EXPECT_EQ(out.international[i], want->international);
    EXPECT_EQ(out.national[i], want->national);
    EXPECT_EQ(out.rfc3966[i], want->rfc3966);
    EXPECT_EQ(out.e164[i], want->e164);
    EXPECT_EQ(out.valid[i], want->valid ? 1 : 0);
    with_extension += !want->extension.empty();
  }
  EXPECT_GE(with_extension, 8u);
}

// ASCII texts with no ';' (no phone-context) in which libphonenumber finds
// no viable number are answered without the engine; the answer must be
// the engine's, for every region, and the texts around them (viable, with
// a ';', not ASCII) must still get the engine's.
TEST(BatchTest, TextsWithoutANumberAnswerAsTheEngine) {
  auto engine = Engine::Make();
  ASSERT_TRUE(engine.ok());
  std::vector<std::string> texts = {
      "", " ", "+", "++", "-", "NULL", "n/a", "pas de numero", "x", "ext.",
      "tel:", "tel:+", "(", "()", "#", "*", "+ + +", "  Tel: ", "abc+def",
      std::string(1, '\0'), std::string("a\0b", 3), "\x01\x7f",
      std::string(250, 'a'), std::string(251, 'a'), std::string(250, '+'),
      "0", "5", " 7 ", "+1", "x5", "ext. 9", "(0)", "a1b", "+ 0 +", "#9#",
      std::string(249, 'a') + "1", std::string(250, 'a') + "1",
      "1+AXB 9", "a,Yyebc0,(-A4b04", ");yf0,eyfycY36", "1*+49B/Xy-7+-Z/3",
      "1X+9acbZez5,.-a11", "8Z19XaAY3", "12/34", "[12] 34", "1-800-FLOWERS",
      "tel:12", "x12 ext 3", "12 ext. 34", "##12", "*12#", "+12abc",
      // Not answered on the side: a ';', non-ASCII letters.
      ";", "tel:;phone-context=", "x;phone-context=+", "num\xc3\xa9ro",
      "\xef\xbc\xa1\xef\xbc\xa2", "\xff", "Tel: ;"};
  const std::vector<std::string> regions = {"CI", "", "fr", "US", "ZZ",
                                            "001", "x"};
  std::vector<std::string_view> text_column, region_column;
  for (const std::string& t : texts) {
    for (const std::string& r : regions) {
      text_column.push_back(t);
      region_column.push_back(r);
    }
  }
  for (const SimdPath simd : SupportedSimdPaths()) {
    SCOPED_TRACE(std::string(SimdPathName(simd)));
    const BatchResult out =
        SegmentOnOneThread(*engine, text_column, region_column, simd);
    size_t parsed = 0;
    for (size_t i = 0; i < text_column.size(); ++i) {
      SCOPED_TRACE(::testing::PrintToString(std::string(text_column[i])) +
                   " region " + std::string(region_column[i]));
      auto want = engine->Segment(text_column[i], region_column[i]);
      ASSERT_EQ(out.ok(i), want.ok());
      if (!want.ok()) {
        EXPECT_EQ(out.error_code(i), want.status().code());
        EXPECT_EQ(out.error_message(i), want.status().message());
        EXPECT_EQ(out.valid[i], 0);
        EXPECT_EQ(out.e164[i], "");
        EXPECT_EQ(out.extension[i], "");
      } else {
        ++parsed;
        EXPECT_EQ(out.e164[i], want->e164);
        EXPECT_EQ(out.extension[i], want->extension);
        EXPECT_EQ(out.international[i], want->international);
        EXPECT_EQ(out.valid[i], want->valid ? 1 : 0);
      }
    }
    // Most of them are refused; a few parse ("12 ext. 34" with a region).
    EXPECT_GT(parsed, 0u);
    EXPECT_LT(parsed, text_column.size() / 4);
  }
}

}  // namespace oracle
