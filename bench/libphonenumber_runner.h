// LibphonenumberRunner: the benchmark workloads (workload.h) done with
// Google's libphonenumber C++ library (PhoneNumberUtil), for comparison.
//
// The C++ libphonenumber has no carrier (operator) data in the Debian
// package, so its kCore does everything Oracle's does except the operator
// lookup.
//
// Example:
//
//   oracle::bench::LibphonenumberRunner runner;
//   if (runner.Run(text, region, oracle::bench::Workload::kCore) ==
//       oracle::bench::Outcome::kValid) {
//     std::cout << runner.e164() << "\n";
//   }
//
// Thread safety: PhoneNumberUtil is thread-safe; a runner holds its scratch
// buffers, so use one per thread.
#ifndef ORACLE_BENCH_LIBPHONENUMBER_RUNNER_H_
#define ORACLE_BENCH_LIBPHONENUMBER_RUNNER_H_

#include <memory>
#include <string>

#include "workload.h"

namespace oracle::bench {

class LibphonenumberRunner {
 public:
  LibphonenumberRunner();
  ~LibphonenumberRunner();
  LibphonenumberRunner(const LibphonenumberRunner&) = delete;
  LibphonenumberRunner& operator=(const LibphonenumberRunner&) = delete;

  Outcome Run(const std::string& text, const std::string& region, Workload w);

  // Results of the last Run() that parsed.
  const std::string& e164() const;
  // libphonenumber's PhoneNumberUtil::PhoneNumberType, as Oracle's enum
  // (same numbering).
  NumberType type() const;
  int ndc_length() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace oracle::bench

#endif  // ORACLE_BENCH_LIBPHONENUMBER_RUNNER_H_
