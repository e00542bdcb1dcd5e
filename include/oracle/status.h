// Status: the outcome of an operation that can fail, without exceptions.
//
// Oracle never throws across its public API. An operation that can fail
// returns a Status (or a Result<T>, see result.h). A Status is either OK or
// carries a StatusCode from a small canonical set plus a human-readable
// message.
//
// Example:
//
//   oracle::Status s = engine.Reload("/etc/oracle/metadata.bin");
//   if (!s.ok()) {
//     std::cerr << s.ToString() << "\n";  // "IO_ERROR: cannot open ..."
//   }
//
// Phone-number specific failures (the text is not a number, the country code
// is unknown, ...) have their own codes so that callers can branch on them
// without parsing messages; they mirror libphonenumber's
// NumberParseException error types.
//
// Thread safety: Status is a value type; distinct objects may be used from
// different threads, a single object is not synchronised.
#ifndef ORACLE_STATUS_H_
#define ORACLE_STATUS_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "oracle/export.h"

namespace oracle {

enum class StatusCode : int {
  kOk = 0,
  // Generic codes.
  kInvalidArgument = 1,  // a caller-supplied argument is malformed
  kNotFound = 2,
  kIoError = 3,
  kDataLoss = 4,       // a file or blob is corrupt
  kUnimplemented = 5,
  kInternal = 6,
  kOutOfRange = 7,
  kAlreadyExists = 8,      // something to create already exists
  kFailedPrecondition = 9, // the system is not in a state the operation needs
  kUnavailable = 10,       // a service cannot be reached now; retrying may work
  kDeadlineExceeded = 11,  // a time limit passed before the operation ended
  kPermissionDenied = 12,  // the caller may not do this
  kResourceExhausted = 13, // a quota, rate limit or size limit was reached
  kUnauthenticated = 14,   // credentials are missing, invalid or expired
  kCancelled = 15,         // the operation was cancelled by its caller
  kAborted = 16,           // the operation was aborted by a conflict; retrying may work
  // Parsing a phone number (libphonenumber's NumberParseException types).
  kNotANumber = 20,             // the text does not look like a phone number
  kInvalidCountryCode = 21,     // no usable country calling code / region
  kTooShortAfterIdd = 22,       // an international prefix, then too few digits
  kTooShortNsn = 23,            // the national number is too short
  kTooLong = 24,                // the text or the national number is too long
};

// "OK", "INVALID_ARGUMENT", "NOT_A_NUMBER", ... (stable identifiers used by
// the CLI's JSON output and the bindings).
ORACLE_EXPORT std::string_view StatusCodeName(StatusCode code);

class ORACLE_EXPORT Status {
 public:
  // An OK status. Cheap: no allocation.
  Status() noexcept = default;
  Status(StatusCode code, std::string message);

  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return Status(StatusCode::kInvalidArgument, std::move(msg));
  }
  static Status NotFound(std::string msg) {
    return Status(StatusCode::kNotFound, std::move(msg));
  }
  static Status IoError(std::string msg) {
    return Status(StatusCode::kIoError, std::move(msg));
  }
  static Status DataLoss(std::string msg) {
    return Status(StatusCode::kDataLoss, std::move(msg));
  }
  static Status Internal(std::string msg) {
    return Status(StatusCode::kInternal, std::move(msg));
  }
  static Status OutOfRange(std::string msg) {
    return Status(StatusCode::kOutOfRange, std::move(msg));
  }
  static Status AlreadyExists(std::string msg) {
    return Status(StatusCode::kAlreadyExists, std::move(msg));
  }
  static Status FailedPrecondition(std::string msg) {
    return Status(StatusCode::kFailedPrecondition, std::move(msg));
  }
  static Status Unavailable(std::string msg) {
    return Status(StatusCode::kUnavailable, std::move(msg));
  }
  static Status DeadlineExceeded(std::string msg) {
    return Status(StatusCode::kDeadlineExceeded, std::move(msg));
  }
  static Status PermissionDenied(std::string msg) {
    return Status(StatusCode::kPermissionDenied, std::move(msg));
  }
  static Status ResourceExhausted(std::string msg) {
    return Status(StatusCode::kResourceExhausted, std::move(msg));
  }
  static Status Unauthenticated(std::string msg) {
    return Status(StatusCode::kUnauthenticated, std::move(msg));
  }
  static Status Cancelled(std::string msg) {
    return Status(StatusCode::kCancelled, std::move(msg));
  }
  static Status Aborted(std::string msg) {
    return Status(StatusCode::kAborted, std::move(msg));
  }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return ok() ? StatusCode::kOk : state_->code; }
  // Empty for an OK status.
  const std::string& message() const;
  // "OK" or "CODE_NAME: message".
  std::string ToString() const;

  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code() == b.code() && a.message() == b.message();
  }

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  std::unique_ptr<State> state_;
};

}  // namespace oracle

// Returns from the enclosing function when `expr` (a Status) is not OK.
#define ORACLE_RETURN_NOT_OK(expr)                 \
  do {                                             \
    ::oracle::Status _oracle_status = (expr);      \
    if (!_oracle_status.ok()) return _oracle_status; \
  } while (false)

#endif  // ORACLE_STATUS_H_
