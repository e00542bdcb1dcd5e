// WorkerPool: a fixed set of threads, one job (a phase of a batch) at a
// time.
#include <algorithm>
#include <chrono>

#include "batch/batch_internal.h"

namespace oracle::internal {

template <typename Done>
bool WorkerPool::SpinUntil(int64_t nanos, Done done) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline =
      Clock::now() + std::chrono::nanoseconds(nanos);
  for (int i = 0;; ++i) {
    if (done()) return true;
    // The clock is read every 64 polls; past the first few thousand polls
    // the processor is offered to any other runnable thread.
    if ((i & 63) == 63 && Clock::now() >= deadline) return false;
    if (i < 4096) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    } else {
      std::this_thread::yield();
    }
  }
}

WorkerPool::WorkerPool(int size) : size_(size < 1 ? 1 : size) {
  threads_.reserve(size_ - 1);
  for (int w = 1; w < size_; ++w) {
    threads_.emplace_back([this, w] { Loop(w); });
  }
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_.store(true, std::memory_order_release);
  }
  start_cv_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::Run(const std::function<void(int worker)>& fn) {
  if (size_ == 1) {
    fn(0);
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    job_ = &fn;
    pending_.store(size_ - 1, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
  }
  start_cv_.notify_all();
  fn(0);
  const auto all_done = [this] {
    return pending_.load(std::memory_order_acquire) == 0;
  };
  if (!SpinUntil(spin_nanos_.load(std::memory_order_relaxed), all_done)) {
    std::unique_lock<std::mutex> lock(mu_);
    done_cv_.wait(lock, all_done);
  }
  const int64_t took = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::steady_clock::now() - start)
                           .count();
  spin_nanos_.store(std::min(kSpinNanos, took / 4), std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(mu_);
  job_ = nullptr;
}

void WorkerPool::Loop(int worker) {
  uint64_t seen = 0;
  while (true) {
    SpinUntil(spin_nanos_.load(std::memory_order_relaxed), [&] {
      return stop_.load(std::memory_order_acquire) ||
             generation_.load(std::memory_order_acquire) != seen;
    });
    const std::function<void(int)>* job = nullptr;
    {
      std::unique_lock<std::mutex> lock(mu_);
      start_cv_.wait(lock, [&] {
        return stop_.load(std::memory_order_relaxed) ||
               generation_.load(std::memory_order_relaxed) != seen;
      });
      if (stop_.load(std::memory_order_relaxed)) return;
      seen = generation_.load(std::memory_order_relaxed);
      job = job_;
    }
    (*job)(worker);
    // The last worker to finish wakes Run() if it sleeps; notifying under
    // the lock means Run() either sees pending_ at 0 when it checks, or is
    // already waiting.
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::lock_guard<std::mutex> lock(mu_);
      done_cv_.notify_one();
    }
  }
}

}  // namespace oracle::internal
