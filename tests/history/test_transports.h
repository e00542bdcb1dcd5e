// Transports for the dispatcher and crash tests.
//
//   RecordingTransport  in memory: records every send (thread-safe) and
//                       answers with a per-message outcome chosen by the
//                       test, optionally after a delay.
//   FileSinkTransport   appends each accepted send to a file (O_APPEND +
//                       fsync before answering), so that another process
//                       can count what was sent even after this one is
//                       killed.
#ifndef ORACLE_TESTS_HISTORY_TEST_TRANSPORTS_H_
#define ORACLE_TESTS_HISTORY_TEST_TRANSPORTS_H_

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "oracle/sms_transport.h"

namespace oracle::testing {

class RecordingTransport : public SmsTransport {
 public:
  struct SentRecord {
    SmsMessage message;
    std::chrono::steady_clock::time_point at;
    int64_t at_unix_ms = 0;
  };
  // Decides the outcome of the n-th send (1-based) of a message.
  using Script = std::function<SendResult(const SmsMessage&, int nth)>;

  explicit RecordingTransport(Script script = {},
                              std::chrono::milliseconds delay = {})
      : script_(std::move(script)), delay_(delay) {}

  std::string name() const override { return "recording"; }

  SendResult Send(const SmsMessage& message) override {
    int nth;
    {
      std::lock_guard<std::mutex> lock(mu_);
      nth = ++per_recipient_[message.to];
      sends_.push_back({message, std::chrono::steady_clock::now(),
                        std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count()});
    }
    if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
    SendResult r;
    if (script_) {
      r = script_(message, nth);
    } else {
      r.outcome = SendOutcome::kAccepted;
    }
    if (r.outcome == SendOutcome::kAccepted && r.provider_message_id.empty()) {
      r.provider_message_id = "rec-" + std::to_string(++ids_);
    }
    r.client_ref = message.client_ref;
    r.attempts = 1;
    return r;
  }

  std::vector<SentRecord> sends() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sends_;
  }
  // Sends per recipient.
  std::map<std::string, int> per_recipient() const {
    std::lock_guard<std::mutex> lock(mu_);
    return per_recipient_;
  }
  size_t count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sends_.size();
  }

 private:
  Script script_;
  std::chrono::milliseconds delay_;
  mutable std::mutex mu_;
  std::vector<SentRecord> sends_;
  std::map<std::string, int> per_recipient_;
  std::atomic<int64_t> ids_{0};
};

// Each accepted send is one line "CLIENT_REF RECIPIENT\n" in the file,
// written with one write() on an O_APPEND descriptor and fsync'ed before
// Send returns.
class FileSinkTransport : public SmsTransport {
 public:
  explicit FileSinkTransport(const std::string& path)
      : fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                   0644)) {}
  ~FileSinkTransport() override {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0; }
  std::string name() const override { return "file-sink"; }

  SendResult Send(const SmsMessage& message) override {
    SendResult r;
    r.client_ref = message.client_ref;
    r.attempts = 1;
    const std::string line = message.client_ref + " " + message.to + "\n";
    if (::write(fd_, line.data(), line.size()) !=
            static_cast<ssize_t>(line.size()) ||
        ::fdatasync(fd_) != 0) {
      r.outcome = SendOutcome::kUnknown;  // may or may not be in the file
      r.error_code = "SINK_WRITE";
      return r;
    }
    r.outcome = SendOutcome::kAccepted;
    r.provider_message_id = "sink-" + message.client_ref;
    return r;
  }

  // Lines per client ref in a sink file.
  static std::map<std::string, int> Count(const std::string& path) {
    std::map<std::string, int> counts;
    std::ifstream in(path);
    std::string ref, to;
    while (in >> ref >> to) ++counts[ref];
    return counts;
  }

 private:
  int fd_;
};

}  // namespace oracle::testing

#endif  // ORACLE_TESTS_HISTORY_TEST_TRANSPORTS_H_
