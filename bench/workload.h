// Workloads: the per-number work the benchmarks time, and Oracle's side of it.
//
// Two workloads, the same for every library:
//
//   kCore     parse the text with its default region, then validity, number
//             type, region, possibility, E.164, national significant number,
//             national destination code (and, for Oracle, which always does
//             it, the operator).
//   kFormats  kCore plus the INTERNATIONAL, NATIONAL and RFC3966 formats.
//
// OracleRunner does them with Engine::SegmentInto(), reusing one
// Segmentation; LibphonenumberRunner (libphonenumber_runner.h) with
// libphonenumber's PhoneNumberUtil.
//
// Thread safety: a runner holds its scratch buffers; use one per thread.
#ifndef ORACLE_BENCH_WORKLOAD_H_
#define ORACLE_BENCH_WORKLOAD_H_

#include <cstdint>
#include <string_view>

#include "oracle/engine.h"
#include "oracle/segmentation.h"

namespace oracle::bench {

enum class Workload { kCore, kFormats };

inline const char* WorkloadName(Workload w) {
  return w == Workload::kCore ? "core" : "formats";
}

// What became of one number.
enum class Outcome : uint8_t { kParseError, kInvalid, kValid };

class OracleRunner {
 public:
  explicit OracleRunner(const Engine& engine) : engine_(engine) {}

  Outcome Run(std::string_view text, std::string_view region, Workload w) {
    const uint32_t fields = w == Workload::kCore ? 0u : kFieldFormats;
    if (!engine_.SegmentInto(text, region, fields, &seg_).ok()) {
      return Outcome::kParseError;
    }
    return seg_.valid ? Outcome::kValid : Outcome::kInvalid;
  }

  // The result of the last successful Run().
  const Segmentation& segmentation() const { return seg_; }

 private:
  const Engine& engine_;
  Segmentation seg_;
};

}  // namespace oracle::bench

#endif  // ORACLE_BENCH_WORKLOAD_H_
