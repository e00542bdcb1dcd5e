// Engine::SegmentInto's shortcut: the batch fast path (fast_path_internal.h)
// for one number at a time.
//
// A text that the normalisation kernel finds simple (ASCII digits and the
// usual punctuation, see RowScan), possibly after a label, without its
// extension or with its digits of other scripts read as ASCII
// (text_forms_internal.h), is segmented on the fast path's precomputed
// tables, and the Segmentation is filled from its row: the same answers as
// the reference steps (parse.cc, engine.cc), field by field, in a fraction
// of the time. Any other text, and any row the fast path bails out of, is
// left to the reference steps.
//
// Thread safety: a FastSingle is immutable after construction; Segment()
// may run on many threads at once. Each thread keeps its own working space
// (FastScratch) per FastSingle, in thread-local storage: a few recently
// used ones per thread, so that a thread that alternates between two
// engines does not rebuild its caches on every call.
#ifndef ORACLE_SRC_BATCH_FAST_SINGLE_INTERNAL_H_
#define ORACLE_SRC_BATCH_FAST_SINGLE_INTERNAL_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "batch/batch_internal.h"
#include "batch/fast_path_internal.h"
#include "oracle/engine.h"
#include "oracle/segmentation.h"
#include "oracle/status.h"

namespace oracle::internal {

class FastSingle {
 public:
  FastSingle(std::shared_ptr<const Metadata> md, const EngineOptions& options);

  // Segments `text` as Engine::SegmentInto does. Returns false, with
  // `*out` and `*status` untouched, to leave the text to the reference
  // steps; otherwise sets `*status` (a parse error, or OK with `*out`
  // filled as the reference steps fill it).
  bool Segment(std::string_view text, std::string_view default_region,
               uint32_t fields, Segmentation* out, Status* status) const;

  // The fast path's tables, which BatchSegmenter shares.
  const FastPath& fast_path() const { return fast_; }

 private:
  FastPath fast_;
  ScanFn scan_;
  bool lenient_double_zero_;  // EngineOptions::lenient_double_zero
  // Tells this object's thread-local scratch from another's (never reused,
  // unlike an address).
  uint64_t serial_;
};

// While one is alive, Engine::SegmentInto on this thread takes the
// reference steps only: what tests compare the fast paths with.
class ReferenceSegmentation {
 public:
  ReferenceSegmentation();
  ~ReferenceSegmentation();
  ReferenceSegmentation(const ReferenceSegmentation&) = delete;
  ReferenceSegmentation& operator=(const ReferenceSegmentation&) = delete;

  // Whether one is alive on this thread.
  static bool Active();

 private:
  bool previous_;
};

}  // namespace oracle::internal

#endif  // ORACLE_SRC_BATCH_FAST_SINGLE_INTERNAL_H_
