// Result<T>: a value of type T, or the Status saying why there is none.
//
// Example:
//
//   oracle::Result<oracle::Segmentation> r = engine->Segment("+225 07 07 12 34 56");
//   if (!r.ok()) return r.status();
//   const oracle::Segmentation& s = *r;
//
//   // Inside a function that itself returns Status or Result<U>:
//   ORACLE_ASSIGN_OR_RAISE(auto seg, engine->Segment(text, "CI"));
//
// Thread safety: a value type, like Status.
#ifndef ORACLE_RESULT_H_
#define ORACLE_RESULT_H_

#include <cstdlib>
#include <optional>
#include <utility>

#include "oracle/status.h"

namespace oracle {

template <typename T>
class [[nodiscard]] Result {
 public:
  // A failed result. `status` must not be OK (an OK status here becomes an
  // INTERNAL error, since there would be no value).
  Result(Status status)  // NOLINT(runtime/explicit): implicit by design
      : status_(std::move(status)) {
    if (status_.ok()) {
      status_ = Status::Internal("Result constructed from an OK status");
    }
  }
  Result(T value)  // NOLINT(runtime/explicit)
      : value_(std::move(value)) {}

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // Access the value. Calling these on a failed result aborts the program
  // (a programming error, like dereferencing an empty std::optional).
  const T& value() const& { Check(); return *value_; }
  T& value() & { Check(); return *value_; }
  T&& value() && { Check(); return std::move(*value_); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // The value, or `fallback` when failed.
  T ValueOr(T fallback) const& { return ok() ? *value_ : std::move(fallback); }

 private:
  void Check() const {
    if (!value_.has_value()) std::abort();
  }
  Status status_;
  std::optional<T> value_;
};

}  // namespace oracle

#define ORACLE_CONCAT_INNER_(a, b) a##b
#define ORACLE_CONCAT_(a, b) ORACLE_CONCAT_INNER_(a, b)

// Evaluates `rexpr` (a Result<T>); on failure returns its Status from the
// enclosing function, otherwise moves the value into `lhs` (which may be a
// declaration such as `auto x`).
#define ORACLE_ASSIGN_OR_RAISE(lhs, rexpr)                                 \
  auto ORACLE_CONCAT_(_oracle_result_, __LINE__) = (rexpr);                \
  if (!ORACLE_CONCAT_(_oracle_result_, __LINE__).ok())                     \
    return ORACLE_CONCAT_(_oracle_result_, __LINE__).status();             \
  lhs = std::move(ORACLE_CONCAT_(_oracle_result_, __LINE__)).value()

#endif  // ORACLE_RESULT_H_
