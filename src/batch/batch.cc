// BatchSegmenter: Engine::SegmentInto over columns, on a worker pool, with
// columnar outputs; plus the streaming reader, summaries and de-duplication.
#include "oracle/batch.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <exception>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "batch/batch_internal.h"
#include "batch/fast_path_internal.h"
#include "batch/fast_single_internal.h"
#include "batch/text_forms_internal.h"
#include "engine/metadata_internal.h"
#include "engine/text_internal.h"

namespace oracle {
namespace {

using internal::ReadUnsimple;
using internal::SimpleLabelLength;
using internal::Unsimple;

// Below this many rows per worker, fewer workers are used.
constexpr size_t kMinRowsPerWorker = 512;
// With several workers, a batch is cut into about this many chunks of
// consecutive rows per worker (of kMinRowsPerWorker to kMaxChunkRows rows),
// each taken by the next worker free: a core that runs slower than the
// others (another process, a busy hyperthread sibling, a throttled virtual
// CPU) then takes fewer chunks instead of holding the batch back.
constexpr size_t kChunksPerWorker = 8;
constexpr size_t kMaxChunkRows = 8192;
// Memory that resizing the output columns must fill before the resizing
// is shared among the threads.
constexpr size_t kParallelResizeBytes = size_t{1} << 20;

// Order of the string columns in the per-worker scratch.
enum StringSlot {
  kSlotE164,
  kSlotRegion,
  kSlotOperator,
  kSlotInternational,
  kSlotNational,
  kSlotRfc3966,
  kSlotExtension,
  kSlotCarrierCode,
  kSlotCount
};

StringColumn* OutputColumn(BatchResult* out, int slot) {
  switch (slot) {
    case kSlotE164: return &out->e164;
    case kSlotRegion: return &out->region_code;
    case kSlotOperator: return &out->operator_name;
    case kSlotInternational: return &out->international;
    case kSlotNational: return &out->national;
    case kSlotRfc3966: return &out->rfc3966;
    case kSlotExtension: return &out->extension;
    default: return &out->carrier_code;
  }
}

// One worker's rows of a string column: bytes back to back and their end
// offsets (short rows: a plain byte loop beats a call to memcpy).
class ByteSink {
 public:
  static constexpr size_t kSlack = 32;

  void Clear() {
    size_ = 0;
    ends_.clear();
  }
  void Reserve(size_t rows, size_t bytes) {
    ends_.reserve(rows);
    if (bytes_.size() < bytes + kSlack) bytes_.resize(bytes + kSlack);
  }
  void Append(std::string_view s) {
    if (size_ + s.size() + kSlack > bytes_.size()) {
      bytes_.resize(2 * (size_ + s.size()) + kSlack);
    }
    char* dst = bytes_.data() + size_;
    for (size_t k = 0; k < s.size(); ++k) dst[k] = s[k];
    size_ += s.size();
    ends_.push_back(static_cast<int32_t>(size_));
  }
  // As Append, for a string followed by at least kSlack readable bytes:
  // a short one is copied with fixed-size moves.
  void AppendPadded(std::string_view s) {
    if (s.size() > kSlack) return Append(s);
    if (size_ + 2 * kSlack > bytes_.size()) {
      bytes_.resize(2 * size_ + 2 * kSlack);
    }
    std::memcpy(bytes_.data() + size_, s.data(), kSlack);
    size_ += s.size();
    ends_.push_back(static_cast<int32_t>(size_));
  }
  std::string_view bytes() const {
    return std::string_view(bytes_.data(), size_);
  }
  std::span<const int32_t> ends() const { return ends_; }

 private:
  std::vector<char> bytes_;
  size_t size_ = 0;
  std::vector<int32_t> ends_;
};

// A country code scaled to three digits (SegmentBlock's grouping key).
constexpr std::array<uint16_t, 1000> kThreeDigitKey = [] {
  std::array<uint16_t, 1000> t{};
  for (unsigned cc = 0; cc < 1000; ++cc) {
    unsigned key = cc;
    while (key != 0 && key < 100) key *= 10;
    t[cc] = static_cast<uint16_t>(key);
  }
  return t;
}();

// Rows are segmented in blocks of this many (see SegmentBlock).
constexpr size_t kBlockRows = 4096;

// What became of a row of a block.
enum class RowKind : uint8_t {
  kEngine,    // left to Engine::SegmentInto, in row order
  kFast,      // segmented by the fast path
  kFastError  // the fast path found it does not parse
};

// A row of a block that scanned as simple, waiting for the fast path.
struct PendingRow {
  uint32_t offset = 0;  // its digits in Scratch::digits
  uint16_t length = 0;  // how many
  bool plus = false;
  RowKind kind = RowKind::kEngine;
  uint8_t error = 0;  // for kFastError
  uint8_t error_detail = 0;
  const internal::RegionView* region = nullptr;
  // Its E.164 (in Scratch::e164) and carrier code (in Scratch::kept),
  // when asked for.
  uint32_t carrier_offset = 0;
  uint8_t e164_length = 0;
  uint8_t carrier_length = 0;
  uint16_t key = 0;  // grouping key (see SegmentBlock)
  // Its extension, when it has one: bytes of its text (see ReadUnsimple).
  uint8_t extension_offset = 0;
  uint8_t extension_length = 0;
};

// The integer columns of a row, kept together while a block is segmented
// (the fast path takes its rows out of order), then copied to the columns
// one column at a time.
struct RowResult {
  uint64_t national_number;
  uint32_t flags;
  uint8_t error;
  uint8_t error_detail;
  uint16_t region_id;
  uint16_t country_code;
  uint16_t operator_id;
  uint8_t valid;
  uint8_t possible;
  uint8_t possibility;
  uint8_t type;
  uint8_t source;
  uint8_t portable;
  uint8_t leading_zeros;
  uint8_t ndc_length;
};

// Per-worker scratch, reused across batches.
struct Scratch {
  Segmentation seg;
  internal::FastScratch fast;
  internal::FastRow row;
  // INTERNATIONAL, NATIONAL and RFC3966 of the row being written.
  std::string formats[3];
  ByteSink strings[kSlotCount];
  // The block being segmented: its rows, their canonical digits back to
  // back, the order the fast path takes them in, the carrier codes found.
  PendingRow pending[kBlockRows];
  RowResult results[kBlockRows];
  std::vector<char> digits;
  uint16_t order[kBlockRows];
  uint32_t key_count[1001];
  // Each row's E.164 in a slot of its own: copied in and out with fixed
  // 32-byte moves (an E.164 has at most 1 + 3 + 17 characters).
  char e164[kBlockRows][32];
  std::string kept;
};

}  // namespace

// ---------------------------------------------------------------------------
// Columns.

TextColumn TextColumn::FromArrow(const char* data, const int32_t* offsets,
                                 size_t length) {
  TextColumn c;
  c.data_ = data;
  c.offsets32_ = offsets;
  c.length_ = length;
  return c;
}

TextColumn TextColumn::FromArrow(const char* data, const int64_t* offsets,
                                 size_t length) {
  TextColumn c;
  c.data_ = data;
  c.offsets64_ = offsets;
  c.length_ = length;
  return c;
}

TextColumn TextColumn::FromViews(std::span<const std::string_view> views) {
  TextColumn c;
  c.views_ = views.data();
  c.length_ = views.size();
  return c;
}

void StringColumn::AppendColumn(const StringColumn& other) {
  const int32_t base = static_cast<int32_t>(data_.size());
  data_.append(other.data_);
  offsets_.reserve(offsets_.size() + other.size());
  for (size_t i = 1; i < other.offsets_.size(); ++i) {
    offsets_.push_back(base + other.offsets_[i]);
  }
}

void StringColumn::AppendRows(std::string_view bytes,
                              std::span<const int32_t> ends) {
  const int32_t base = static_cast<int32_t>(data_.size());
  data_.append(bytes);
  const size_t first = offsets_.size();
  offsets_.resize(first + ends.size());
  int32_t* out = offsets_.data() + first;
  for (size_t i = 0; i < ends.size(); ++i) out[i] = base + ends[i];
}

namespace {
// Calls int_column(v) on every integer column of `r` and
// string_column(c) on every string column: the one list of BatchResult's
// columns that the functions below share.
template <typename Result, typename IntFn, typename StringFn>
void VisitColumns(Result& r, IntFn&& int_column, StringFn&& string_column) {
  int_column(r.error);
  int_column(r.error_detail);
  int_column(r.valid);
  int_column(r.possible);
  int_column(r.possibility);
  int_column(r.type);
  int_column(r.country_code_source);
  int_column(r.portable);
  int_column(r.region_id);
  int_column(r.country_code);
  int_column(r.national_number);
  int_column(r.leading_zeros);
  int_column(r.ndc_length);
  int_column(r.operator_id);
  int_column(r.flags);
  for (auto* c : {&r.e164, &r.region_code, &r.operator_name, &r.international,
                  &r.national, &r.rfc3966, &r.extension, &r.carrier_code}) {
    string_column(*c);
  }
}
}  // namespace

void BatchResult::Resize(size_t rows) {
  VisitColumns(
      *this, [rows](auto& v) { v.resize(rows); },
      [](StringColumn& c) { c.Clear(); });
}

size_t BatchResult::MemoryBytes() const {
  size_t bytes = 0;
  VisitColumns(
      *this,
      [&bytes](const auto& v) {
        bytes += v.capacity() * sizeof(typename std::decay_t<
                                       decltype(v)>::value_type);
      },
      [&bytes](const StringColumn& c) {
        bytes += c.data().capacity() + c.offsets().capacity() * sizeof(int32_t);
      });
  return bytes;
}

std::string_view BatchResult::error_message(size_t i) const {
  if (error[i] == 0 || i >= error_detail.size()) return {};
  return internal::ParseMessageText(
      static_cast<internal::ParseMessage>(error_detail[i]));
}

std::string BatchResult::NationalNumberString(size_t i) const {
  std::string s(leading_zeros[i], '0');
  if (national_number[i] != 0) s += std::to_string(national_number[i]);
  return s;
}

std::string BatchResult::E164String(size_t i) const {
  if (!ok(i)) return "";
  std::string s = "+";
  s += std::to_string(country_code[i]);
  s += NationalNumberString(i);
  return s;
}

// ---------------------------------------------------------------------------
// Options.

Status BatchOptions::Validate() const {
  if (num_threads < 0) {
    return Status::InvalidArgument("num_threads: must be >= 0");
  }
  if (chunk_rows == 0) {
    return Status::InvalidArgument("chunk_rows: must be > 0");
  }
  if (chunk_rows > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return Status::InvalidArgument("chunk_rows: too large");
  }
  if (strings & ~static_cast<uint32_t>(kBatchAllStrings)) {
    return Status::InvalidArgument("strings: unknown BatchString bits");
  }
  if (static_cast<int>(simd) > static_cast<int>(SimdPath::kAvx512)) {
    return Status::InvalidArgument("simd: unknown path");
  }
  if (!internal::CpuSupports(simd)) {
    return Status::InvalidArgument("simd: this CPU cannot run " +
                                   std::string(SimdPathName(simd)));
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------
// BatchSegmenter.

struct BatchSegmenter::Impl {
  Impl(Engine e, BatchOptions o)
      : engine(std::move(e)), options(std::move(o)) {}

  Engine engine;
  BatchOptions options;
  SimdPath simd = SimdPath::kScalar;
  internal::ScanFn scan = nullptr;
  uint32_t engine_fields = 0;
  bool lenient_double_zero = false;  // the engine's option
  // The engine's fast path (Engine::Impl::BuildFast), alive as long as
  // `engine`.
  const internal::FastPath* fast = nullptr;
  // Batch region id of each RegionView (index in metadata regions()).
  std::vector<uint16_t> region_id_by_index;
  // Operator id of each carrier name id.
  std::vector<uint16_t> operator_id_by_carrier;

  std::vector<std::string> region_names;  // [0] = ""
  std::array<uint16_t, 26 * 26> region_by_code{};
  // SegmentBlock's grouping key of a row without '+', by the code index of
  // its default region (FastPath::CodeIndex): kThreeDigitKey of the
  // region's country code, 1000 for no region. Read from the letters, so
  // that the key does not wait for the region to be loaded.
  std::array<uint16_t, internal::FastPath::kNoCode + 1> key_by_code{};
  uint16_t region_001 = 0;

  std::vector<std::string> operator_names;  // [0] = ""; never resized later
  // The same names back to back with ByteSink::kSlack bytes after the
  // last, for ByteSink::AppendPadded.
  std::string operator_arena;
  std::vector<std::string_view> padded_operator_names;
  // Open-addressing table name -> id (power-of-two size, linear probing,
  // 0 = empty slot), built once; read-only while segmenting.
  std::vector<uint16_t> operator_slots;
  uint64_t operator_mask = 0;

  // Serialises Segment() calls: the pool and the scratch serve one batch at
  // a time (taken once per batch, never per row).
  mutable std::mutex run_mu;
  mutable std::unique_ptr<internal::WorkerPool> pool;
  mutable std::vector<std::unique_ptr<Scratch>> scratch;
  // Where each chunk of the batch went: its worker, its first row, and the
  // extent of its rows in that worker's string sinks.
  struct ChunkSpan {
    size_t worker = 0;
    size_t first_row = 0;
    std::array<size_t, kSlotCount> first_end{};  // index in ByteSink::ends()
    std::array<size_t, kSlotCount> byte_begin{};
    std::array<size_t, kSlotCount> byte_end{};
  };
  mutable std::vector<ChunkSpan> chunks;

  uint16_t RegionIdOf(std::string_view r) const {
    if (r.size() == 2) {
      const unsigned a = static_cast<unsigned char>(r[0]) - 'A';
      const unsigned b = static_cast<unsigned char>(r[1]) - 'A';
      if (a < 26 && b < 26) return region_by_code[a * 26 + b];
      return 0;
    }
    if (r == "001") return region_001;
    return 0;
  }

  static uint64_t HashName(std::string_view name) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (char c : name) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
    return h;
  }

  uint16_t OperatorIdOf(std::string_view name) const {
    if (name.empty()) return 0;
    for (uint64_t slot = HashName(name) & operator_mask;;
         slot = (slot + 1) & operator_mask) {
      const uint16_t id = operator_slots[slot];
      if (id == 0) return 0;
      if (operator_names[id] == name) return id;
    }
  }

  // Resizes the integer columns to n rows (ndc_length to 0 rows unless
  // `ndc`).
  // Runs `resizes` (each a vector's resize(), `bytes` the memory it fills)
  // on the pool's threads, shared by bytes, when they fill enough memory
  // to pay for it: a vector that grows is filled by resize(), which for a
  // result not used before is page faults and zeroing, and would
  // otherwise all fall on the calling thread before the workers start.
  struct Resize {
    std::function<void()> run;
    size_t bytes = 0;
  };
  // Adds the resize of `v` (a vector or string of the result, alive until
  // RunResizes) to `size` elements, unless it has that size already.
  template <typename V>
  static void AddResize(V* v, size_t size, std::vector<Resize>* resizes) {
    if (v->size() == size) return;
    const size_t grown = size > v->size() ? size - v->size() : 0;
    resizes->push_back({[v, size] { v->resize(size); },
                        grown * sizeof(typename V::value_type)});
  }
  void RunResizes(std::vector<Resize>* resizes) const;
  // The integer results of a failed row; its strings are empty.
  void ErrorResult(uint8_t code, uint8_t detail, Scratch* s,
                   RowResult* r) const;
  void EngineResult(const Segmentation& seg, Scratch* s,
                    RowResult* r) const;
  void SegmentBlock(const TextColumn& texts, const TextColumn* regions,
                    size_t begin, size_t end, Scratch* s,
                    BatchResult* out) const;
  // One row, start to end, as the engine path of a block takes it: its
  // integer results in `*r`, its strings appended.
  void SegmentOne(const TextColumn& texts, const TextColumn* regions,
                  size_t i, Scratch* s, RowResult* r) const;
  void FillResult(const internal::FastRow& row, RowResult* r) const;
  // Rows [begin, begin + count) of the integer columns from `r`.
  static void StoreResults(size_t begin, size_t count, const RowResult* r,
                           BatchResult* out);
  static void StoreTile(size_t begin, size_t count, const RowResult* r,
                        BatchResult* out);
  // The string columns of a row the fast path took, from its results.
  void AppendFastStrings(const RowResult& r, std::string_view e164,
                         std::string_view carrier_code,
                         std::string_view extension, Scratch* s) const;
  void AppendEmptyStrings(Scratch* s) const;
  Status Run(const TextColumn& texts, const TextColumn* regions,
             BatchResult* out) const;
};

void BatchSegmenter::Impl::RunResizes(std::vector<Resize>* resizes) const {
  size_t total = 0;
  for (const Resize& r : *resizes) total += r.bytes;
  const size_t workers = static_cast<size_t>(pool->size());
  if (workers == 1 || total < kParallelResizeBytes) {
    for (Resize& r : *resizes) r.run();
    return;
  }
  // Largest first, each to the thread with the fewest bytes so far.
  std::sort(resizes->begin(), resizes->end(),
            [](const Resize& a, const Resize& b) { return a.bytes > b.bytes; });
  std::vector<size_t> load(workers, 0);
  std::vector<size_t> owner(resizes->size(), 0);
  for (size_t i = 0; i < resizes->size(); ++i) {
    const size_t w = static_cast<size_t>(
        std::min_element(load.begin(), load.end()) - load.begin());
    owner[i] = w;
    load[w] += (*resizes)[i].bytes;
  }
  pool->Run([&](int w) {
    for (size_t i = 0; i < resizes->size(); ++i) {
      if (owner[i] == static_cast<size_t>(w)) (*resizes)[i].run();
    }
  });
}

void BatchSegmenter::Impl::ErrorResult(uint8_t code, uint8_t detail,
                                       Scratch* s, RowResult* r) const {
  *r = RowResult{};
  r->error = code;
  r->error_detail = detail;
  AppendEmptyStrings(s);
}

void BatchSegmenter::Impl::AppendEmptyStrings(Scratch* s) const {
  const uint32_t strings = options.strings;
  if (strings != 0) {
    for (int k = 0; k < kSlotCount; ++k) {
      if (strings & (1u << k)) s->strings[k].Append({});
    }
  }
}

namespace {

// The value of 8 ASCII digits, in three multiplications (SWAR).
inline uint64_t EightDigits(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);  // little-endian: p[0] in the low byte
  v -= 0x3030303030303030ull;
  v = (v * 10) + (v >> 8);  // pairs
  v = (((v & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
       (((v >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >>
      32;
  return v;
}

// The national significant number as an integer and its leading zeros.
inline void PackNationalNumber(std::string_view nsn, uint64_t* value,
                               uint8_t* leading_zeros) {
  static_assert(std::endian::native == std::endian::little);
  size_t zeros = 0;
  while (zeros < nsn.size() && nsn[zeros] == '0') ++zeros;
  uint64_t v = 0;
  size_t k = zeros;
  for (; k + 8 <= nsn.size(); k += 8) {
    v = v * 100000000ull + EightDigits(nsn.data() + k);
  }
  for (; k < nsn.size(); ++k) {
    v = v * 10 + static_cast<uint64_t>(nsn[k] - '0');
  }
  *value = v;
  *leading_zeros = static_cast<uint8_t>(zeros);
}

// The value of the first n (0..8) digits at p, followed by readable bytes
// (8 in all): the bytes after them are shifted out.
inline uint64_t LeadingDigits(const char* p, size_t n) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  // Subtracting '0' borrows only from the bytes after a digit (higher in
  // the word), which the shift drops; the digits move up, zeros before.
  v -= 0x3030303030303030ull;
  v = n == 0 ? 0 : v << (8 * (8 - n));
  v = (v * 10) + (v >> 8);  // pairs
  return (((v & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
          (((v >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >>
         32;
}

// PackNationalNumber for a national number of at most 19 digits followed by
// at least 24 readable bytes, with no branch on its digits.
inline void PackPaddedNationalNumber(std::string_view nsn, uint64_t* value,
                                     uint8_t* leading_zeros) {
  const size_t n = nsn.size();
  const size_t last = std::min<size_t>(n, 8);
  const size_t middle = std::min<size_t>(n - last, 8);
  const size_t first = n - last - middle;
  const char* p = nsn.data();
  *value = (LeadingDigits(p, first) * 100000000ull +
            LeadingDigits(p + first, middle)) *
               100000000ull +
           LeadingDigits(p + first + middle, last);
  uint64_t head;
  std::memcpy(&head, p, 8);
  head ^= 0x3030303030303030ull;  // a '0' becomes a zero byte
  size_t zeros =
      head == 0 ? 8 : static_cast<size_t>(__builtin_ctzll(head)) / 8;
  if (zeros == 8) {
    while (zeros < n && p[zeros] == '0') ++zeros;
  }
  *leading_zeros = static_cast<uint8_t>(std::min(zeros, n));
}

// Decimal digits of a positive integer (0 for 0).
inline size_t DecimalDigits(uint64_t v) {
  size_t n = 0;
  for (; v > 0; v /= 10) ++n;
  return n;
}


}  // namespace

void BatchSegmenter::Impl::FillResult(const internal::FastRow& row,
                                      RowResult* r) const {
  r->error = 0;
  r->error_detail = 0;
  r->valid = row.valid;
  const Possibility p = static_cast<Possibility>(row.possibility);
  r->possible = p == Possibility::kIsPossible ||
                p == Possibility::kIsPossibleLocalOnly;
  r->possibility = row.possibility;
  r->type = row.type;
  r->source = row.source;
  r->portable = row.portable;
  r->region_id = row.region != nullptr
                     ? region_id_by_index[fast->RegionIndex(row.region)]
                     : 0;
  r->country_code = row.country_code;
  // row.nsn lies in FastScratch::e164 (64 bytes) at offset 4 at most.
  PackPaddedNationalNumber(row.nsn, &r->national_number, &r->leading_zeros);
  r->ndc_length = row.ndc_length;
  const bool override =
      (row.flags & (kFlagUserOperatorRule | kFlagCiFixedLineOperator)) != 0;
  r->operator_id = override ? OperatorIdOf(row.operator_override)
                            : operator_id_by_carrier[row.carrier_id];
  r->flags = row.flags;
}

void BatchSegmenter::Impl::StoreResults(size_t begin, size_t count,
                                        const RowResult* r, BatchResult* out) {
  // Column by column (one output stream at a time), in tiles of rows
  // whose RowResults stay in the L1 cache from one column to the next.
  constexpr size_t kTile = 512;
  for (size_t t = 0; t < count; t += kTile) {
    StoreTile(begin + t, std::min(kTile, count - t), r + t, out);
  }
}

void BatchSegmenter::Impl::StoreTile(size_t begin, size_t count,
                                     const RowResult* r, BatchResult* out) {
  auto column = [&](auto* dst, auto field) {
    for (size_t k = 0; k < count; ++k) dst[begin + k] = r[k].*field;
  };
  column(out->error.data(), &RowResult::error);
  column(out->error_detail.data(), &RowResult::error_detail);
  column(out->valid.data(), &RowResult::valid);
  column(out->possible.data(), &RowResult::possible);
  column(out->possibility.data(), &RowResult::possibility);
  column(out->type.data(), &RowResult::type);
  column(out->country_code_source.data(), &RowResult::source);
  column(out->portable.data(), &RowResult::portable);
  column(out->region_id.data(), &RowResult::region_id);
  column(out->country_code.data(), &RowResult::country_code);
  column(out->national_number.data(), &RowResult::national_number);
  column(out->leading_zeros.data(), &RowResult::leading_zeros);
  if (!out->ndc_length.empty()) {  // BatchOptions::ndc_length
    column(out->ndc_length.data(), &RowResult::ndc_length);
  }
  column(out->operator_id.data(), &RowResult::operator_id);
  column(out->flags.data(), &RowResult::flags);
}

void BatchSegmenter::Impl::EngineResult(const Segmentation& seg, Scratch* s,
                                        RowResult* r) const {
  r->error = 0;
  r->error_detail = 0;
  r->valid = seg.valid ? 1 : 0;
  r->possible = seg.possible ? 1 : 0;
  r->possibility = static_cast<uint8_t>(seg.possibility);
  r->type = static_cast<uint8_t>(seg.type);
  r->source = static_cast<uint8_t>(seg.country_code_source);
  r->portable = seg.portable ? 1 : 0;
  r->region_id = RegionIdOf(seg.region);
  r->country_code = static_cast<uint16_t>(seg.country_code);
  PackNationalNumber(seg.national_number, &r->national_number,
                     &r->leading_zeros);
  r->ndc_length = static_cast<uint8_t>(seg.ndc.size());
  r->operator_id = OperatorIdOf(seg.operator_name);
  r->flags = seg.flags;
  const uint32_t strings = options.strings;
  if (strings == 0) return;
  if (strings & kBatchE164) s->strings[kSlotE164].Append(seg.e164);
  if (strings & kBatchRegionCode) s->strings[kSlotRegion].Append(seg.region);
  if (strings & kBatchOperatorName) {
    s->strings[kSlotOperator].Append(seg.operator_name);
  }
  if (strings & kBatchInternational) {
    s->strings[kSlotInternational].Append(seg.international);
  }
  if (strings & kBatchNational) s->strings[kSlotNational].Append(seg.national);
  if (strings & kBatchRfc3966) s->strings[kSlotRfc3966].Append(seg.rfc3966);
  if (strings & kBatchExtension) {
    s->strings[kSlotExtension].Append(seg.extension);
  }
  if (strings & kBatchCarrierCode) {
    s->strings[kSlotCarrierCode].Append(seg.carrier_code);
  }
}

void BatchSegmenter::Impl::AppendFastStrings(const RowResult& r,
                                             std::string_view e164,
                                             std::string_view carrier_code,
                                             std::string_view extension,
                                             Scratch* s) const {
  const uint32_t strings = options.strings;
  // The E.164 (in Scratch::e164) is followed by at least ByteSink::kSlack
  // readable bytes.
  if (strings & kBatchE164) s->strings[kSlotE164].AppendPadded(e164);
  if (strings & kBatchRegionCode) {
    s->strings[kSlotRegion].Append(region_names[r.region_id]);
  }
  if (strings & kBatchOperatorName) {
    s->strings[kSlotOperator].AppendPadded(
        padded_operator_names[r.operator_id]);
  }
  // The formats, from one choice of format where the metadata shares it.
  if (engine_fields != 0) {
    const std::string_view nsn =
        e164.substr(1 + DecimalDigits(r.country_code));
    internal::FormatAll(r.country_code, nsn, extension,
                        *fast->MainRegion(r.country_code),
                        fast->national_templates(), engine_fields,
                        &s->formats[0], &s->formats[1], &s->formats[2]);
    if (strings & kBatchInternational) {
      s->strings[kSlotInternational].Append(s->formats[0]);
    }
    if (strings & kBatchNational) {
      s->strings[kSlotNational].Append(s->formats[1]);
    }
    if (strings & kBatchRfc3966) {
      s->strings[kSlotRfc3966].Append(s->formats[2]);
    }
  }
  if (strings & kBatchExtension) {
    s->strings[kSlotExtension].Append(extension);
  }
  if (strings & kBatchCarrierCode) {
    s->strings[kSlotCarrierCode].Append(carrier_code);
  }
}

void BatchSegmenter::Impl::SegmentOne(const TextColumn& texts,
                                      const TextColumn* regions, size_t i,
                                      Scratch* s, RowResult* r) const {
  // The engine's own shortcut (Engine::SegmentInto) reads, on the same
  // tables, the forms the block's first pass does not (digits of other
  // scripts); the rest takes its reference steps.
  const std::string_view text = texts[i];
  const std::string_view region_text =
      regions != nullptr ? (*regions)[i] : std::string_view(options.default_region);
  Segmentation& seg = s->seg;
  const Status status =
      engine.SegmentInto(text, region_text, engine_fields, &seg);
  if (!status.ok()) {
    ErrorResult(static_cast<uint8_t>(status.code()),
                static_cast<uint8_t>(internal::ParseMessageOf(status.message())),
                s, r);
  } else {
    EngineResult(seg, s, r);
  }
}

// A block is segmented in three passes:
//  1. scan every row; keep the canonical digits of the simple ones;
//  2. run the fast path on those rows grouped by their leading digits (the
//     country code's, for a row with '+'; its default region's otherwise),
//     so that one country's tables (type automaton, formats, operator trie)
//     are read while they are in cache: on a mixed worldwide column this
//     cuts the time per row by a fifth to a third. Each row's integer
//     results are kept in the block's RowResult array;
//  3. in row order, give the engine the rows the fast path did not take
//     (their results join the RowResult array) and write every row's
//     strings (the string columns are appended to); then copy the block's
//     RowResults to the integer columns, one column at a time.
void BatchSegmenter::Impl::SegmentBlock(const TextColumn& texts,
                                        const TextColumn* regions,
                                        size_t begin, size_t end, Scratch* s,
                                        BatchResult* out) const {
  const size_t count = end - begin;
  const unsigned default_code =
      internal::FastPath::CodeIndex(options.default_region);
  const internal::RegionView* const default_region =
      fast->RegionOfCode(default_code);
  const unsigned default_region_key = key_by_code[default_code];
  // Pass 1.
  std::vector<char>& digits = s->digits;
  size_t used = 0;
  std::memset(s->key_count, 0, sizeof s->key_count);
  for (size_t k = 0; k < count; ++k) {
    PendingRow& p = s->pending[k];
    p.kind = RowKind::kEngine;
    const std::string_view text = texts[begin + k];
    if (digits.size() < used + internal::kScanBufferSize) {
      digits.resize(std::max(2 * digits.size(),
                             used + internal::kScanBufferSize));
    }
    char* const at = digits.data() + used;
    size_t length = 0;
    internal::RowScan scan_result = scan(text, at, &length);
    p.extension_offset = 0;
    p.extension_length = 0;
    if (!scan_result.simple) {
      const size_t start = SimpleLabelLength(text);
      if (start > 0) scan_result = scan(text.substr(start), at, &length);
      if (!scan_result.simple) {
        std::string_view rest, extension;
        const Unsimple what = ReadUnsimple(text, &rest, &extension);
        if (what == Unsimple::kNotViable) {
          p.kind = RowKind::kFastError;
          p.error = static_cast<uint8_t>(StatusCode::kNotANumber);
          p.error_detail =
              static_cast<uint8_t>(internal::ParseMessage::kNotViable);
          continue;
        }
        // A number with an extension: the number takes the fast path.
        if (what != Unsimple::kExtension || lenient_double_zero) continue;
        scan_result = scan(rest, at, &length);
        if (!scan_result.simple) continue;
        p.extension_offset =
            static_cast<uint8_t>(extension.data() - text.data());
        p.extension_length = static_cast<uint8_t>(extension.size());
      }
    }
    const internal::RegionView* region = default_region;
    unsigned region_key = default_region_key;
    if (regions != nullptr) {
      const unsigned code =
          internal::FastPath::CodeIndex((*regions)[begin + k]);
      region = fast->RegionOfCode(code);
      region_key = key_by_code[code];
    }
    p.kind = RowKind::kFast;
    p.plus = scan_result.plus;
    p.offset = static_cast<uint32_t>(used + 1);  // the digits (RowScan::text)
    p.length = static_cast<uint16_t>(scan_result.digits);
    p.region = region;
    // The first three digits (a simple row has three at least), or the
    // region's country code scaled to three digits (1000 for none): rows
    // of one country code fall in adjacent keys. Chosen without a branch:
    // whether a row has a '+' is anybody's guess.
    const char* const d = digits.data() + p.offset;
    const unsigned plus_key =
        (d[0] - '0') * 100u + (d[1] - '0') * 10u + (d[2] - '0');
    const unsigned key = p.plus ? plus_key : region_key;
    p.key = static_cast<uint16_t>(key);
    ++s->key_count[key];
    used += 1 + static_cast<size_t>(scan_result.digits);
  }
  // Pass 2: a counting sort of the simple rows by key.
  uint32_t sum = 0;
  for (uint32_t& c : s->key_count) {
    const uint32_t n = c;
    c = sum;
    sum += n;
  }
  for (size_t k = 0; k < count; ++k) {
    const PendingRow& p = s->pending[k];
    if (p.kind == RowKind::kFast) {
      s->order[s->key_count[p.key]++] = static_cast<uint16_t>(k);
    }
  }
  const bool want_carrier = (options.strings & kBatchCarrierCode) != 0;
  const bool want_e164 =
      (options.strings & (kBatchE164 | kBatchInternational | kBatchNational |
                          kBatchRfc3966)) != 0;
  s->kept.clear();
  for (uint32_t j = 0; j < sum; ++j) {
    // The rows are taken out of order: their records, a few rows ahead,
    // and their digits, two rows ahead, are fetched while this one runs.
    if (j + 4 < sum) {
      const size_t ahead = s->order[j + 4];
      __builtin_prefetch(&s->pending[ahead]);
      __builtin_prefetch(&s->results[ahead], 1);
      __builtin_prefetch(s->e164[ahead], 1);
    }
    if (j + 2 < sum) {
      __builtin_prefetch(digits.data() + s->pending[s->order[j + 2]].offset);
    }
    const size_t k = s->order[j];
    PendingRow& p = s->pending[k];
    const std::string_view row_digits(digits.data() + p.offset, p.length);
    if (!fast->Segment(p.plus, row_digits, p.region, options.ndc_length,
                       &s->fast, &s->row)) {
      p.kind = RowKind::kEngine;
      continue;
    }
    if (s->row.error != 0) {
      p.kind = RowKind::kFastError;
      p.error = s->row.error;
      p.error_detail = s->row.error_detail;
      continue;
    }
    FillResult(s->row, &s->results[k]);
    p.e164_length = 0;
    if (want_e164) {
      // FastScratch::e164 holds 64 bytes: a fixed 32-byte copy.
      static_assert(sizeof(s->fast.e164) >= sizeof(s->e164[0]));
      p.e164_length = static_cast<uint8_t>(s->row.e164.size());
      std::memcpy(s->e164[k], s->row.e164.data(), sizeof(s->e164[k]));
    }
    p.carrier_offset = static_cast<uint32_t>(s->kept.size());
    p.carrier_length = 0;
    if (want_carrier) {
      p.carrier_length = static_cast<uint8_t>(s->row.carrier_code.size());
      s->kept.append(s->row.carrier_code);
    }
  }
  // Pass 3.
  const bool strings = options.strings != 0;
  for (size_t k = 0; k < count; ++k) {
    const PendingRow& p = s->pending[k];
    switch (p.kind) {
      case RowKind::kEngine:
        SegmentOne(texts, regions, begin + k, s, &s->results[k]);
        break;
      case RowKind::kFastError:
        ErrorResult(p.error, p.error_detail, s, &s->results[k]);
        break;
      case RowKind::kFast:
        if (strings) {
          const std::string_view kept = s->kept;
          AppendFastStrings(
              s->results[k], std::string_view(s->e164[k], p.e164_length),
              kept.substr(p.carrier_offset, p.carrier_length),
              texts[begin + k].substr(p.extension_offset, p.extension_length),
              s);
        }
        break;
    }
  }
  StoreResults(begin, count, s->results, out);
}

Status BatchSegmenter::Impl::Run(const TextColumn& texts,
                                 const TextColumn* regions,
                                 BatchResult* out) const {
  if (regions != nullptr && regions->size() != texts.size()) {
    std::string message = "regions: ";
    message += std::to_string(regions->size());
    message += " rows for ";
    message += std::to_string(texts.size());
    message += " texts";
    return Status::InvalidArgument(std::move(message));
  }
  std::lock_guard<std::mutex> lock(run_mu);
  const size_t n = texts.size();
  // The string columns that are filled keep their sizes until they are
  // refilled below (so that a batch like the previous one resizes nothing).
  {
    std::vector<Resize> resizes;
    VisitColumns(
        *out,
        [&](auto& v) {
          const bool skip =
              !options.ndc_length && static_cast<const void*>(&v) ==
                                         static_cast<const void*>(
                                             &out->ndc_length);
          AddResize(&v, skip ? 0 : n, &resizes);
        },
        [](StringColumn&) {});
    RunResizes(&resizes);
  }
  for (int k = 0; k < kSlotCount; ++k) {
    if (n == 0 || !(options.strings & (1u << k))) {
      OutputColumn(out, k)->Clear();
    }
  }
  if (n == 0) return Status::OK();
  const size_t pool_size = static_cast<size_t>(pool->size());
  const size_t workers =
      std::max<size_t>(1, std::min(pool_size, n / kMinRowsPerWorker));
  const size_t chunk_rows =
      workers == 1
          ? n
          : std::clamp((n + kChunksPerWorker * workers - 1) /
                           (kChunksPerWorker * workers),
                       kMinRowsPerWorker, kMaxChunkRows);
  const size_t chunk_count = (n + chunk_rows - 1) / chunk_rows;
  chunks.resize(chunk_count);
  std::atomic<size_t> next_chunk{0};
  pool->Run([&](int w) {
    const size_t worker = static_cast<size_t>(w);
    if (worker >= workers) return;
    Scratch* const s = scratch[worker].get();
    for (int k = 0; k < kSlotCount; ++k) {
      s->strings[k].Clear();
      if (options.strings & (1u << k)) {
        s->strings[k].Reserve(std::min(n, n / workers + chunk_rows), 0);
      }
    }
    for (size_t c = next_chunk.fetch_add(1, std::memory_order_relaxed);
         c < chunk_count;
         c = next_chunk.fetch_add(1, std::memory_order_relaxed)) {
      const size_t begin = c * chunk_rows;
      const size_t end = std::min(n, begin + chunk_rows);
      ChunkSpan& span = chunks[c];
      span.worker = worker;
      span.first_row = begin;
      for (int k = 0; k < kSlotCount; ++k) {
        span.first_end[k] = s->strings[k].ends().size();
        span.byte_begin[k] = s->strings[k].bytes().size();
      }
      for (size_t b = begin; b < end; b += kBlockRows) {
        SegmentBlock(texts, regions, b, std::min(end, b + kBlockRows), s,
                     out);
      }
      for (int k = 0; k < kSlotCount; ++k) {
        span.byte_end[k] = s->strings[k].bytes().size();
      }
    }
  });
  if (options.strings == 0) return Status::OK();
  // Each chunk's rows of every string column are copied to their place in
  // the output (its byte offset is the sum of the chunks' before it) by the
  // worker that segmented it.
  std::array<std::vector<size_t>, kSlotCount> base;
  std::vector<Resize> resizes;
  for (int k = 0; k < kSlotCount; ++k) {
    if (!(options.strings & (1u << k))) continue;
    base[k].assign(chunk_count + 1, 0);
    for (size_t c = 0; c < chunk_count; ++c) {
      base[k][c + 1] =
          base[k][c] + (chunks[c].byte_end[k] - chunks[c].byte_begin[k]);
    }
    if (base[k][chunk_count] >
        static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
      for (int j = 0; j < kSlotCount; ++j) OutputColumn(out, j)->Clear();
      return Status::OutOfRange(
          "string column over 2 GiB: segment smaller batches");
    }
    StringColumn* column = OutputColumn(out, k);
    AddResize(&column->data_, base[k][chunk_count], &resizes);
    AddResize(&column->offsets_, n + 1, &resizes);
  }
  RunResizes(&resizes);
  for (int k = 0; k < kSlotCount; ++k) {
    if (options.strings & (1u << k)) OutputColumn(out, k)->offsets_[0] = 0;
  }
  pool->Run([&](int w) {
    const size_t worker = static_cast<size_t>(w);
    if (worker >= workers) return;
    for (size_t c = 0; c < chunk_count; ++c) {
      const ChunkSpan& span = chunks[c];
      if (span.worker != worker) continue;
      const size_t rows = std::min(n, span.first_row + chunk_rows) -
                          span.first_row;
      for (int k = 0; k < kSlotCount; ++k) {
        if (!(options.strings & (1u << k))) continue;
        const ByteSink& sink = scratch[worker]->strings[k];
        StringColumn* column = OutputColumn(out, k);
        const size_t size = span.byte_end[k] - span.byte_begin[k];
        if (size != 0) {
          std::memcpy(column->data_.data() + base[k][c],
                      sink.bytes().data() + span.byte_begin[k], size);
        }
        // The sink's ends count from the worker's first chunk.
        const int64_t shift = static_cast<int64_t>(base[k][c]) -
                              static_cast<int64_t>(span.byte_begin[k]);
        int32_t* ends = column->offsets_.data() + span.first_row + 1;
        const int32_t* local = sink.ends().data() + span.first_end[k];
        for (size_t i = 0; i < rows; ++i) {
          ends[i] = static_cast<int32_t>(local[i] + shift);
        }
      }
    }
  });
  return Status::OK();
}

BatchSegmenter::BatchSegmenter(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
BatchSegmenter::BatchSegmenter(BatchSegmenter&&) noexcept = default;
BatchSegmenter& BatchSegmenter::operator=(BatchSegmenter&&) noexcept = default;
BatchSegmenter::~BatchSegmenter() = default;

Result<BatchSegmenter> BatchSegmenter::Make(const Engine& engine,
                                            const BatchOptions& options) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  auto impl = std::make_unique<Impl>(engine, options);
  impl->simd = internal::ResolveSimdPath(options.simd);
  impl->scan = internal::ScanFunction(impl->simd);
  impl->lenient_double_zero = engine.options().lenient_double_zero;
  if (options.strings & kBatchInternational) {
    impl->engine_fields |= kFieldInternational;
  }
  if (options.strings & kBatchNational) impl->engine_fields |= kFieldNational;
  if (options.strings & kBatchRfc3966) impl->engine_fields |= kFieldRfc3966;

  // The engine's fast path and metadata: the same tables serve the
  // engine's single calls and every batch made from it.
  const internal::FastSingle* single = engine.impl_->BuildFast();
  if (single == nullptr) {
    return Status(StatusCode::kResourceExhausted,
                  "out of memory building the batch tables");
  }
  impl->fast = &single->fast_path();
  const internal::Metadata* md = &impl->fast->metadata();
  for (unsigned code = 0; code <= internal::FastPath::kNoCode; ++code) {
    const internal::RegionView* r = impl->fast->RegionOfCode(code);
    impl->key_by_code[code] =
        r != nullptr ? kThreeDigitKey[r->country_code] : 1000;
  }
  impl->region_names.emplace_back();
  for (const internal::RegionView& r : md->regions()) {
    if (impl->region_names.back() != r.id) {
      impl->region_names.emplace_back(r.id);
    }
  }
  if (impl->region_names.size() > 0xffff) {
    return Status::Internal("too many regions for 16-bit ids");
  }
  for (size_t id = 1; id < impl->region_names.size(); ++id) {
    const std::string& name = impl->region_names[id];
    if (name == "001") {
      impl->region_001 = static_cast<uint16_t>(id);
    } else if (name.size() == 2 && name[0] >= 'A' && name[0] <= 'Z' &&
               name[1] >= 'A' && name[1] <= 'Z') {
      impl->region_by_code[(name[0] - 'A') * 26 + (name[1] - 'A')] =
          static_cast<uint16_t>(id);
    }
  }

  std::vector<std::string> names;
  names.emplace_back();
  const internal::CarrierTable& carriers = md->carriers();
  for (uint32_t id = 1; id <= carriers.name_count(); ++id) {
    names.emplace_back(carriers.name(id));
  }
  for (const char* ci_fixed : {"Moov", "MTN", "Orange"}) {
    names.emplace_back(ci_fixed);
  }
  for (const OperatorRule& rule : engine.options().operator_rules) {
    names.push_back(rule.operator_name);
  }
  // Keep the first occurrence of each name.
  std::unordered_map<std::string, bool> seen;
  for (std::string& name : names) {
    if (!name.empty() && !seen.emplace(name, true).second) continue;
    if (name.empty() && !impl->operator_names.empty()) continue;
    impl->operator_names.push_back(std::move(name));
  }
  if (impl->operator_names.size() > 0xffff) {
    return Status::Internal("too many operator names for 16-bit ids");
  }
  impl->region_id_by_index.resize(md->regions().size());
  for (size_t k = 0; k < md->regions().size(); ++k) {
    impl->region_id_by_index[k] = impl->RegionIdOf(md->regions()[k].id);
  }
  size_t slots = 16;
  while (slots < 2 * impl->operator_names.size()) slots *= 2;
  impl->operator_slots.assign(slots, 0);
  impl->operator_mask = slots - 1;
  for (size_t id = 1; id < impl->operator_names.size(); ++id) {
    uint64_t slot =
        Impl::HashName(impl->operator_names[id]) & impl->operator_mask;
    while (impl->operator_slots[slot] != 0) {
      slot = (slot + 1) & impl->operator_mask;
    }
    impl->operator_slots[slot] = static_cast<uint16_t>(id);
  }

  impl->operator_id_by_carrier.resize(carriers.name_count() + 1);
  for (uint32_t id = 1; id <= carriers.name_count(); ++id) {
    impl->operator_id_by_carrier[id] = impl->OperatorIdOf(carriers.name(id));
  }
  size_t arena_bytes = ByteSink::kSlack;
  for (const std::string& name : impl->operator_names) {
    arena_bytes += name.size();
  }
  impl->operator_arena.reserve(arena_bytes);
  for (const std::string& name : impl->operator_names) {
    impl->operator_arena.append(name);
  }
  impl->operator_arena.append(ByteSink::kSlack, '\0');
  size_t arena_pos = 0;
  for (const std::string& name : impl->operator_names) {
    impl->padded_operator_names.emplace_back(
        impl->operator_arena.data() + arena_pos, name.size());
    arena_pos += name.size();
  }
  int threads = options.num_threads;
  if (threads == 0) {
    threads = static_cast<int>(std::thread::hardware_concurrency());
    if (threads <= 0) threads = 1;
  }
  impl->pool = std::make_unique<internal::WorkerPool>(threads);
  for (int w = 0; w < threads; ++w) {
    impl->scratch.push_back(std::make_unique<Scratch>());
  }
  return BatchSegmenter(std::move(impl));
}

Status BatchSegmenter::Segment(const TextColumn& texts,
                               BatchResult* out) const {
  return impl_->Run(texts, nullptr, out);
}

Status BatchSegmenter::Segment(const TextColumn& texts,
                               const TextColumn& regions,
                               BatchResult* out) const {
  return impl_->Run(texts, &regions, out);
}

size_t BatchSegmenter::region_count() const {
  return impl_->region_names.size();
}
std::string_view BatchSegmenter::region_name(uint16_t id) const {
  return id < impl_->region_names.size() ? impl_->region_names[id]
                                         : std::string_view();
}
uint16_t BatchSegmenter::RegionId(std::string_view region) const {
  return impl_->RegionIdOf(region);
}
size_t BatchSegmenter::operator_count() const {
  return impl_->operator_names.size();
}
std::string_view BatchSegmenter::operator_name(uint16_t id) const {
  return id < impl_->operator_names.size() ? impl_->operator_names[id]
                                           : std::string_view();
}
const BatchOptions& BatchSegmenter::options() const { return impl_->options; }
SimdPath BatchSegmenter::simd_path() const { return impl_->simd; }
int BatchSegmenter::num_threads() const { return impl_->pool->size(); }

void BatchSegmenter::RunOnThreads(
    const std::function<void(int thread)>& fn) const {
  std::lock_guard<std::mutex> lock(impl_->run_mu);
  std::mutex mu;
  std::exception_ptr first;
  impl_->pool->Run([&](int thread) {
    try {
      fn(thread);
    } catch (...) {
      std::lock_guard<std::mutex> error_lock(mu);
      if (!first) first = std::current_exception();
    }
  });
  if (first) std::rethrow_exception(first);
}
const Engine& BatchSegmenter::engine() const { return impl_->engine; }

// ---------------------------------------------------------------------------
// Streaming.

ChunkSource LineChunkSource(std::istream* in, bool tab_separated_region) {
  return [in, tab_separated_region](size_t max_rows,
                                    InputChunk* chunk) -> Result<size_t> {
    std::string line;
    size_t rows = 0;
    while (rows < max_rows && std::getline(*in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::string_view text = line;
      if (tab_separated_region) {
        std::string_view region;
        const size_t tab = text.find('\t');
        if (tab != std::string_view::npos) {
          region = text.substr(0, tab);
          text.remove_prefix(tab + 1);
        }
        chunk->regions.Append(region);
      }
      chunk->texts.Append(text);
      ++rows;
    }
    if (in->bad()) return Status::IoError("error reading the input stream");
    return rows;
  };
}

std::string StreamReport::ToString() const {
  char buf[256];
  std::snprintf(buf, sizeof(buf),
                "rows=%llu chunks=%llu errors=%llu valid=%llu possible=%llu "
                "seconds=%.3f rows/s=%.0f",
                static_cast<unsigned long long>(rows),
                static_cast<unsigned long long>(chunks),
                static_cast<unsigned long long>(errors),
                static_cast<unsigned long long>(valid),
                static_cast<unsigned long long>(possible), seconds,
                rows_per_second());
  std::string s = buf;
  if (!status.ok()) s += " status=" + status.ToString();
  return s;
}

BatchReader::BatchReader(const BatchSegmenter* segmenter, ChunkSource source)
    : segmenter_(segmenter), source_(std::move(source)) {}

Status BatchReader::ReadNext(BatchResult* out) {
  if (!report_.status.ok()) return report_.status;
  out->Resize(0);
  if (report_.finished) return Status::OK();
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  };
  chunk_.Clear();
  Result<size_t> added = source_(segmenter_->options().chunk_rows, &chunk_);
  if (!added.ok()) {
    report_.status = added.status();
    report_.seconds += elapsed();
    return report_.status;
  }
  if (*added == 0 || chunk_.texts.empty()) {
    report_.finished = true;
    report_.seconds += elapsed();
    return Status::OK();
  }
  Status s;
  if (chunk_.regions.empty()) {
    s = segmenter_->Segment(chunk_.texts.view(), out);
  } else {
    s = segmenter_->Segment(chunk_.texts.view(), chunk_.regions.view(), out);
  }
  if (!s.ok()) {
    report_.status = s;
    report_.seconds += elapsed();
    return s;
  }
  first_row_ = next_row_;
  next_row_ += out->size();
  ++report_.chunks;
  report_.rows += out->size();
  uint64_t errors = 0, valid = 0, possible = 0;
  for (size_t i = 0; i < out->size(); ++i) {
    errors += out->error[i] != 0;
    valid += out->valid[i];
    possible += out->possible[i];
  }
  report_.errors += errors;
  report_.valid += valid;
  report_.possible += possible;
  report_.seconds += elapsed();
  return Status::OK();
}

// ---------------------------------------------------------------------------
// Aggregations.

void BatchSummary::Add(const BatchResult& r) {
  if (by_country_code.size() < 1000) by_country_code.resize(1000);
  const size_t n = r.size();
  rows += n;
  for (size_t i = 0; i < n; ++i) {
    ++by_error[r.error[i] & 31];
    if (r.error[i] != 0) {
      ++errors;
      continue;
    }
    valid += r.valid[i];
    possible += r.possible[i];
    ++by_type[r.type[i] < by_type.size() ? r.type[i] : by_type.size() - 1];
    const uint16_t cc = r.country_code[i];
    if (cc >= by_country_code.size()) by_country_code.resize(cc + 1);
    ++by_country_code[cc];
    const uint16_t region = r.region_id[i];
    if (region >= by_region.size()) by_region.resize(region + 1);
    ++by_region[region];
    const uint16_t op = r.operator_id[i];
    if (op >= by_operator.size()) by_operator.resize(op + 1);
    ++by_operator[op];
  }
}

void BatchSummary::Merge(const BatchSummary& o) {
  rows += o.rows;
  errors += o.errors;
  valid += o.valid;
  possible += o.possible;
  for (size_t i = 0; i < by_type.size(); ++i) by_type[i] += o.by_type[i];
  for (size_t i = 0; i < by_error.size(); ++i) by_error[i] += o.by_error[i];
  auto merge = [](std::vector<uint64_t>* a, const std::vector<uint64_t>& b) {
    if (a->size() < b.size()) a->resize(b.size());
    for (size_t i = 0; i < b.size(); ++i) (*a)[i] += b[i];
  };
  merge(&by_country_code, o.by_country_code);
  merge(&by_region, o.by_region);
  merge(&by_operator, o.by_operator);
}

void E164Deduplicator::Add(const BatchResult& r,
                           std::vector<uint8_t>* is_first) {
  const size_t n = r.size();
  if (is_first != nullptr) is_first->assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t row = rows_seen_ + i;
    if (r.error[i] != 0) continue;
    const std::pair<uint64_t, uint32_t> key(
        r.national_number[i],
        (static_cast<uint32_t>(r.country_code[i]) << 8) | r.leading_zeros[i]);
    auto [it, inserted] = index_.emplace(key, numbers_.size());
    if (inserted) {
      Number num;
      num.first_row = row;
      num.country_code = r.country_code[i];
      num.leading_zeros = r.leading_zeros[i];
      num.national_number = r.national_number[i];
      numbers_.push_back(num);
      if (is_first != nullptr) (*is_first)[i] = 1;
    } else {
      ++numbers_[it->second].duplicates;
      ++duplicate_rows_;
    }
  }
  rows_seen_ += n;
}

}  // namespace oracle
