// EventAppender: buffers events and writes them in batches.
#include <utility>

#include "oracle/history.h"

namespace oracle {

Result<std::unique_ptr<EventAppender>> HistoryStore::MakeAppender(
    const AppenderOptions& options) {
  if (options.batch_size == 0 || options.batch_size > 1'000'000) {
    return Status::InvalidArgument("appender batch_size must be 1..1000000");
  }
  if (options.flush_interval.count() <= 0) {
    return Status::InvalidArgument("appender flush_interval must be > 0");
  }
  return std::make_unique<EventAppender>(this, options);
}

EventAppender::EventAppender(HistoryStore* store, const AppenderOptions& options)
    : store_(store), options_(options) {
  buffer_.reserve(options_.batch_size);
  thread_ = std::thread([this] { Run(); });
}

EventAppender::~EventAppender() { (void)Close(); }

Status EventAppender::Append(EventRecord event) {
  std::unique_lock lock(mu_);
  if (closed_) return Status::FailedPrecondition("event appender is closed");
  if (!error_.ok()) {
    Status s = error_;
    error_ = Status::OK();
    return s;
  }
  if (buffer_.empty()) {
    oldest_ = std::chrono::steady_clock::now();
    cv_.notify_all();
  }
  buffer_.push_back(std::move(event));
  if (buffer_.size() >= options_.batch_size) return FlushLocked(lock);
  return Status::OK();
}

Status EventAppender::Flush() {
  std::unique_lock lock(mu_);
  Status s = FlushLocked(lock);
  if (s.ok() && !error_.ok()) {
    s = error_;
    error_ = Status::OK();
  }
  return s;
}

Status EventAppender::Close() {
  {
    std::unique_lock lock(mu_);
    if (closed_ && !thread_.joinable()) return Status::OK();
    closed_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  std::unique_lock lock(mu_);
  Status s = FlushLocked(lock);
  if (s.ok() && !error_.ok()) {
    s = error_;
    error_ = Status::OK();
  }
  return s;
}

int64_t EventAppender::written() const {
  std::lock_guard lock(mu_);
  return written_;
}

// Writes the buffer. The lock is released during the write so that appends
// continue into a fresh buffer; one flush runs at a time. On failure the
// events go back in front of the buffer: nothing is lost.
Status EventAppender::FlushLocked(std::unique_lock<std::mutex>& lock) {
  cv_.wait(lock, [this] { return !flushing_; });
  if (buffer_.empty()) return Status::OK();
  std::vector<EventRecord> batch;
  batch.swap(buffer_);
  buffer_.reserve(options_.batch_size);
  flushing_ = true;
  lock.unlock();
  Status s = store_->AppendEvents(batch);
  lock.lock();
  flushing_ = false;
  if (s.ok()) {
    written_ += static_cast<int64_t>(batch.size());
  } else {
    batch.insert(batch.end(), std::make_move_iterator(buffer_.begin()),
                 std::make_move_iterator(buffer_.end()));
    buffer_ = std::move(batch);
  }
  if (!buffer_.empty()) oldest_ = std::chrono::steady_clock::now();
  cv_.notify_all();
  return s;
}

void EventAppender::Run() {
  std::unique_lock lock(mu_);
  while (!closed_) {
    if (buffer_.empty() || flushing_) {
      cv_.wait(lock);
      continue;
    }
    auto due = oldest_ + options_.flush_interval;
    if (cv_.wait_until(lock, due) == std::cv_status::timeout && !closed_ &&
        !buffer_.empty() && !flushing_ &&
        std::chrono::steady_clock::now() >= oldest_ + options_.flush_interval) {
      Status s = FlushLocked(lock);
      if (!s.ok()) error_ = s;
    }
  }
}

}  // namespace oracle
