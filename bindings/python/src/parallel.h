// Running the binding's own per-row work (reading and checking input
// columns, building result columns) on several threads, with the GIL
// released.
//
// Example:
//   const int parts = PartsFor(rows, ResolveThreads(threads));
//   std::vector<uint8_t> ok(parts, 1);
//   ForEachPart(rows, parts, [&](int part, size_t begin, size_t end) {
//     ok[part] = CheckRows(begin, end);
//   });
//
// Thread safety: the functions are reentrant; `work` runs concurrently on
// every thread, so it must only write what its part owns. An exception
// thrown by `work` on any thread is rethrown on the calling thread once
// every thread has finished. No Python object may be touched in `work`
// (the GIL is not held).
#ifndef ORACLE_BINDINGS_PYTHON_SRC_PARALLEL_H_
#define ORACLE_BINDINGS_PYTHON_SRC_PARALLEL_H_

#include <algorithm>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace oracle::python {

// Rows a part gets at least: below this, starting a thread costs more than
// the rows it would take.
inline constexpr size_t kMinRowsPerPart = size_t{1} << 15;

// The threads a `threads` argument asks for: itself, or every core for 0
// (at least 1).
inline int ResolveThreads(int threads) {
  if (threads > 0) return threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// Parts to cut `rows` rows into for `threads` threads: one per thread, but
// none smaller than kMinRowsPerPart (so 1 for a small column).
inline int PartsFor(size_t rows, int threads) {
  const size_t most = std::max<size_t>(1, rows / kMinRowsPerPart);
  return static_cast<int>(
      std::min<size_t>(most, static_cast<size_t>(std::max(1, threads))));
}

// Runs `work` on the calling thread and up to threads - 1 others, waits for
// all, and rethrows the first exception any of them threw. If a thread
// cannot be started, fewer run `work`: callers share the work through a
// queue, or use ForEachPart.
template <typename Work>
void RunOnThreads(int threads, Work work) {
  std::exception_ptr first_error;
  std::mutex mu;
  auto guarded = [&] {
    try {
      work();
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      if (!first_error) first_error = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(guarded);
    } catch (const std::system_error&) {
      break;  // fewer threads: the work queue still covers every chunk
    }
  }
  guarded();
  for (std::thread& t : pool) t.join();
  if (first_error) std::rethrow_exception(first_error);
}

// The first row of part `part` of rows [0, n) cut into `parts` contiguous
// ranges of near-equal size (n for part == parts).
inline size_t PartBegin(size_t n, int parts, int part) {
  return n / static_cast<size_t>(parts) * static_cast<size_t>(part) +
         std::min(n % static_cast<size_t>(parts), static_cast<size_t>(part));
}

// Cuts rows [0, n) into `parts` contiguous ranges of near-equal size and
// calls work(part, begin, end) once for each, in parallel; every part is
// done when it returns, whatever threads could be started.
template <typename Work>
void ForEachPart(size_t n, int parts, Work work) {
  parts = std::max(1, parts);
  const auto begin_of = [&](int part) { return PartBegin(n, parts, part); };
  if (parts == 1) {
    work(0, size_t{0}, n);
    return;
  }
  std::mutex mu;
  int next = 0;
  RunOnThreads(parts, [&] {
    for (;;) {
      int part;
      {
        std::lock_guard<std::mutex> lock(mu);
        if (next == parts) return;
        part = next++;
      }
      work(part, begin_of(part), begin_of(part + 1));
    }
  });
}

}  // namespace oracle::python

#endif  // ORACLE_BINDINGS_PYTHON_SRC_PARALLEL_H_
