// Internal pieces of the batch pipeline: the normalisation kernels (scalar,
// SSE4.2, AVX2, AVX-512) and the worker pool.
//
// Thread safety: the kernels are pure functions; a WorkerPool is driven by
// one thread at a time (BatchSegmenter serialises Run() calls).
#ifndef ORACLE_SRC_BATCH_BATCH_INTERNAL_H_
#define ORACLE_SRC_BATCH_BATCH_INTERNAL_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "oracle/batch.h"

namespace oracle::internal {

// The longest text (bytes) the kernels canonicalise; libphonenumber refuses
// anything longer than 250 code points, so such rows take the engine path.
inline constexpr size_t kMaxCanonicalInput = 250;

// Result of scanning one row.
struct RowScan {
  // The row is made only of ASCII digits, ' ', '-', '.', '(', ')' and '+',
  // every '+' comes in one run before the first digit, it has at least 3
  // digits and at most kMaxCanonicalInput bytes. For such a row,
  // libphonenumber's parse() reads exactly the canonical text ('+' when the
  // row had one, then its digits): Engine::SegmentInto gives the same answer
  // for both (checked by tests/batch on every kernel). One Oracle option
  // reads the raw text: with EngineOptions::lenient_double_zero a canonical
  // text starting "00" must not replace the row ("0.0..." is not "00...").
  bool simple = false;
  // Meaningful only when `simple`:
  bool plus = false;   // a '+' run before the digits
  int digits = 0;      // ASCII digits in the row

  // Where a kernel wrote the canonical text in its `out`: the digits are
  // always at out + 1, the '+' (when there is one) at out[0].
  const char* text(const char* out) const { return out + (plus ? 0 : 1); }
};

// Size of the `out` buffer a kernel needs (the canonical text plus room for
// whole-vector stores).
inline constexpr size_t kScanBufferSize = kMaxCanonicalInput + 64;

// Scans `text` and, when it is simple, writes the canonical text to `out`
// (kScanBufferSize bytes; the text starts at RowScan::text(out)) and sets
// `*length` to its length.
using ScanFn = RowScan (*)(std::string_view text, char* out, size_t* length);

RowScan ScanScalar(std::string_view text, char* out, size_t* length);
RowScan ScanSse42(std::string_view text, char* out, size_t* length);
RowScan ScanAvx2(std::string_view text, char* out, size_t* length);
RowScan ScanAvx512(std::string_view text, char* out, size_t* length);

// The kernel for a path (kAuto resolved to the best supported one).
ScanFn ScanFunction(SimdPath path);
SimdPath ResolveSimdPath(SimdPath path);
bool CpuSupports(SimdPath path);

// A fixed set of threads that run one job at a time: Run(fn) calls fn(w) for
// every worker index w in [0, size()), index 0 on the calling thread, and
// returns when all are done. The hand-off is one condition-variable round
// per job (a phase of a batch), never per row. Before sleeping, a thread
// that waits (a worker for the next job, Run() for the workers to finish)
// polls for a quarter of the last job's duration, at most kSpinNanos: a job
// that follows the previous one closely (a batch's second phase, the next
// chunk of a stream) or workers finishing a little after the caller then
// cost no wake-up, which on a virtual machine whose idle processor was put
// to sleep can take milliseconds; short jobs poll for little.
class WorkerPool {
 public:
  explicit WorkerPool(int size);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // The longest a waiting thread polls before it sleeps.
  static constexpr int64_t kSpinNanos = 1'000'000;

  int size() const { return size_; }
  void Run(const std::function<void(int worker)>& fn);

 private:
  void Loop(int worker);
  // Polls `done` for up to `nanos`; returns whether it became true.
  template <typename Done>
  static bool SpinUntil(int64_t nanos, Done done);

  int size_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable start_cv_;
  std::condition_variable done_cv_;
  // Written under mu_; generation_ is bumped (release) after job_ is set,
  // so a thread that sees a new generation (acquire) sees its job.
  const std::function<void(int)>* job_ = nullptr;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> pending_{0};
  std::atomic<bool> stop_{false};
  // How long waiting threads poll: a quarter of the last job's duration.
  std::atomic<int64_t> spin_nanos_{0};
};

}  // namespace oracle::internal

#endif  // ORACLE_SRC_BATCH_BATCH_INTERNAL_H_
