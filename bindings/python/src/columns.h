// Segmenting a whole column of numbers into columnar results, for
// Engine.segment_many().
//
// The numbers arrive as a TextColumn (views into Python strings or Arrow
// buffers). With the GIL released, the rows go through the engine's
// oracle::BatchSegmenter (the batch fast path, on its pool of threads) in
// chunks of rows; then the columns the BatchResult does not hold as they
// are (booleans as bitmaps, enum names, national number / NDC /
// subscriber number, error names and messages, flags) are built from its
// integer columns, chunks in parallel. With the GIL again, every buffer is
// handed to Python without copying: the string columns the batch wrote
// (E.164, region, operator, formats, extension, carrier code) are shared
// with the BatchResult, which the buffers keep alive. The facade
// (oracle/_batch.py) wraps them as pyarrow arrays. Chunks are in row order
// whatever the number of threads, so the result does not depend on it.
//
// Row failures are data: a row whose text is not a number (text that is not
// UTF-8 included, which goes to the engine as it is, as in the CLI) or has
// an unsupported per-row region gets its error code and message in the
// `error` and `error_message` columns and nulls in the result columns.
//
// Thread safety: SegmentColumns() needs the GIL on entry and on return.
#ifndef ORACLE_BINDINGS_PYTHON_SRC_COLUMNS_H_
#define ORACLE_BINDINGS_PYTHON_SRC_COLUMNS_H_

#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "engine_object.h"
#include "oracle/batch.h"
#include "text.h"

namespace oracle::python {

namespace py = pybind11;

// An Arrow string array read straight from its buffers (no per-row work
// beyond a check of the offsets and bytes).
struct ArrowTexts {
  const char* data = nullptr;
  size_t data_size = 0;  // bytes in `data`
  const int32_t* offsets32 = nullptr;  // offsets of row 0 (array offset
  const int64_t* offsets64 = nullptr;  // applied); one of them is set
  size_t length = 0;
  // Per-row regions only: the validity bitmap (nullptr when no row is
  // null) and the bit of row 0. A null row reads as "".
  const uint8_t* validity = nullptr;
  size_t validity_bit = 0;

  oracle::TextColumn Slice(size_t start, size_t n) const {
    return offsets32 != nullptr
               ? oracle::TextColumn::FromArrow(data, offsets32 + start, n)
               : oracle::TextColumn::FromArrow(data, offsets64 + start, n);
  }
  std::string_view operator[](size_t i) const { return Slice(i, 1)[0]; }
  int64_t offset(size_t k) const {
    return offsets32 != nullptr ? offsets32[k] : offsets64[k];
  }
  bool null(size_t i) const {
    if (validity == nullptr) return false;
    const size_t bit = validity_bit + i;
    return ((validity[bit >> 3] >> (bit & 7)) & 1) == 0;
  }
};

// Reads an Arrow source ("arrow", length, offset, validity, offsets, data,
// large) as ArrowTexts when it qualifies (no nulls, offsets in bounds, every
// row well-formed UTF-8); `*keep` receives the buffer views, to be kept as
// long as the result. Returns nullopt otherwise (read the source with
// TextColumn::FromArrow, which handles every case). The check runs on
// `segmenter`'s threads (BatchSegmenter::RunOnThreads) when it is given,
// otherwise on up to `threads` threads started for it (0: every core).
// Needs the GIL (released during the check).
std::optional<ArrowTexts> ReadArrowTexts(const py::tuple& source, int threads,
                                         const BatchSegmenter* segmenter,
                                         std::vector<py::buffer_info>* keep);

// Reads an Arrow source of per-row regions as ArrowTexts, nulls included,
// with no per-row work: SegmentColumns() checks the offsets and finds the
// unsupported regions in one pass (bytes that are not UTF-8 are not a
// supported region). Returns nullopt when the source is not Arrow or its
// buffers do not fit its length (read it with TextColumn::FromArrow, which
// says what is wrong). Needs the GIL.
std::optional<ArrowTexts> ReadArrowRegions(const py::tuple& source,
                                           std::vector<py::buffer_info>* keep);

struct ColumnsRequest {
  // The numbers: either `texts` or `arrow` is set.
  const TextColumn* texts = nullptr;
  const ArrowTexts* arrow = nullptr;
  // Either one default region for all rows ("" for none) or one per row,
  // in `regions` or `arrow_regions`.
  std::string region;
  const TextColumn* regions = nullptr;
  const ArrowTexts* arrow_regions = nullptr;
  // The Column values (names.h) to build, in any order.
  std::vector<int> columns;
  // Whether to build the input column (false when the caller already has
  // it as an Arrow array of well-formed UTF-8).
  bool build_input = true;
  // Threads of the BatchSegmenter (0: all cores).
  int threads = 0;
  // The segmenter to use, from SegmenterFor() (nullptr: SegmentColumns()
  // asks the engine for one).
  std::shared_ptr<const BatchSegmenter> segmenter;
};

// The BatchSegmenter SegmentColumns() uses for `columns` (Column values)
// on `threads` threads, from the engine's cache; nullptr when it cannot be
// made (SegmentColumns() then raises the reason). Needs the GIL (released
// while the segmenter is made).
std::shared_ptr<const BatchSegmenter> SegmenterFor(
    const EngineObject& engine, const std::vector<int>& columns, int threads);

// Registers the buffer type the columns are returned in.
void RegisterColumnBuffers(py::module_& m);

// Segments every row. Returns a list of chunks, each a tuple
// (start, length, error_count, columns) where `columns` maps each requested
// Column value to a tuple of buffers (see oracle/_batch.py for the layout
// of each kind of column).
py::list SegmentColumns(const EngineObject& engine,
                        const ColumnsRequest& request);

}  // namespace oracle::python

#endif  // ORACLE_BINDINGS_PYTHON_SRC_COLUMNS_H_
