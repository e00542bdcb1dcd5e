#include "columns.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <optional>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <span>
#include <thread>
#include <utility>
#include <vector>

#include "errors.h"
#include "names.h"
#include "parallel.h"
#include "oracle/batch.h"
#include "oracle/segmentation.h"
#include "oracle/status.h"

namespace oracle::python {
namespace {

// Chunk limits: a chunk's string columns must fit Arrow's 32-bit offsets.
constexpr size_t kMaxChunkRows = size_t{1} << 20;
constexpr size_t kMaxChunkTextBytes = size_t{256} << 20;

// A growable byte buffer on malloc/realloc: large buffers grow by remapping
// pages rather than copying (glibc's realloc of mmapped chunks), and the
// memory is handed to Python as is.
class RawBuffer {
 public:
  RawBuffer() = default;
  RawBuffer(const RawBuffer&) = delete;
  RawBuffer& operator=(const RawBuffer&) = delete;
  RawBuffer(RawBuffer&& other) noexcept { *this = std::move(other); }
  RawBuffer& operator=(RawBuffer&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
    return *this;
  }
  ~RawBuffer() { std::free(data_); }

  size_t size() const { return size_; }
  const char* data() const { return data_; }

  void Clear() { size_ = 0; }
  void Reserve(size_t capacity) {
    if (capacity <= capacity_) return;
    char* grown = static_cast<char*>(std::realloc(data_, capacity));
    if (grown == nullptr) throw std::bad_alloc();
    data_ = grown;
    capacity_ = capacity;
  }
  void Append(const void* bytes, size_t n) {
    // The slack lets CopySmall() write up to 16 bytes at the end.
    if (size_ + n + kSlack > capacity_) {
      Reserve(std::max(capacity_ * 2, size_ + n + kSlack + 64));
    }
    CopySmall(data_ + size_, static_cast<const char*>(bytes), n);
    size_ += n;
  }
  template <typename T>
  void AppendValue(T value) {
    Append(&value, sizeof(T));
  }

  // Copies n bytes; the short strings that make up most of the columns
  // without a call to memcpy. Reads only [src, src + n).
  static void CopySmall(char* dst, const char* src, size_t n) {
    if (n >= 8 && n <= 16) {
      uint64_t head;
      uint64_t tail;
      std::memcpy(&head, src, 8);
      std::memcpy(&tail, src + n - 8, 8);
      std::memcpy(dst, &head, 8);
      std::memcpy(dst + n - 8, &tail, 8);
    } else if (n >= 4 && n < 8) {
      uint32_t head;
      uint32_t tail;
      std::memcpy(&head, src, 4);
      std::memcpy(&tail, src + n - 4, 4);
      std::memcpy(dst, &head, 4);
      std::memcpy(dst + n - 4, &tail, 4);
    } else if (n < 4) {
      for (size_t i = 0; i < n; ++i) dst[i] = src[i];
    } else {
      std::memcpy(dst, src, n);
    }
  }

  // Room for `n` more bytes (plus the slack) written through the returned
  // pointer; Commit(n) then counts them.
  char* Extend(size_t n) {
    if (size_ + n + kSlack > capacity_) Reserve(size_ + n + kSlack);
    return data_ + size_;
  }
  void Commit(size_t n) { size_ += n; }

  // Gives the memory away: a pointer to free() (never null) and its size.
  std::pair<char*, size_t> Release() {
    if (data_ == nullptr) Reserve(8);
    std::pair<char*, size_t> out(data_, size_);
    data_ = nullptr;
    size_ = capacity_ = 0;
    return out;
  }

 private:
  static constexpr size_t kSlack = 16;
  char* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// Memory exposed to Python through the buffer protocol (read-only bytes);
// pyarrow wraps it without copying and keeps this object alive.
class NativeBuffer {
 public:
  explicit NativeBuffer(RawBuffer&& buffer) {
    auto [data, size] = buffer.Release();
    owner_ = std::shared_ptr<char>(data, [](char* p) { std::free(p); });
    data_ = owner_.get();
    size_ = size;
  }
  explicit NativeBuffer(std::vector<uint8_t>&& bytes) {
    RawBuffer buffer;
    buffer.Append(bytes.data(), bytes.size());
    *this = NativeBuffer(std::move(buffer));
  }
  // Memory inside an object `owner` keeps alive (a BatchResult's column).
  NativeBuffer(std::shared_ptr<const void> owner, const void* data,
               size_t size)
      : owner_(std::move(owner)), data_(data), size_(size) {}

  const void* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  std::shared_ptr<const void> owner_;
  const void* data_ = nullptr;
  size_t size_ = 0;
};

template <typename Container>
py::object ToPython(Container&& c) {
  return py::cast(NativeBuffer(std::forward<Container>(c)));
}

// Bit k of the result: whether byte k of `bytes` (8 bytes, little-endian)
// is not zero.
inline uint8_t NonZeroBits(uint64_t bytes) {
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  const uint64_t high = (((bytes & kLow7) + kLow7) | bytes) & kHigh;
  // The high bits, one per byte, gathered into the top byte.
  return static_cast<uint8_t>(((high >> 7) * 0x0102040810204080ull) >> 56);
}

class Bitmap {
 public:
  void Reset(size_t n) { bytes_.assign((n + 7) / 8, 0); }
  // Bit i set when values[i] != 0 (or == 0 with `invert`); returns the
  // number of bits set.
  size_t Pack(const uint8_t* values, size_t n, bool invert = false) {
    bytes_.resize((n + 7) / 8);
    uint8_t* out = bytes_.data();
    const uint8_t flip = invert ? 0xFF : 0;
    size_t set = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t word;
      std::memcpy(&word, values + i, 8);
      const uint8_t byte = NonZeroBits(word) ^ flip;
      out[i >> 3] = byte;
      set += static_cast<size_t>(__builtin_popcount(byte));
    }
    if (i < n) {
      uint8_t byte = 0;
      for (size_t k = 0; i + k < n; ++k) {
        if ((values[i + k] != 0) != invert) {
          byte |= static_cast<uint8_t>(1u << k);
          ++set;
        }
      }
      out[i >> 3] = byte;
    }
    return set;
  }
  void Set(size_t i) { bytes_[i >> 3] |= static_cast<uint8_t>(1u << (i & 7)); }
  std::vector<uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

// The names of the 256 values of a byte (an enum's names), and "" for
// kNone, each kept in a fixed-width slot so that writing one is one
// fixed-size copy. Names longer than a slot are copied as they are.
class NameTable {
 public:
  static constexpr size_t kWidth = 32;
  static constexpr uint16_t kNone = 256;

  template <typename NameOf>
  explicit NameTable(NameOf name_of) {
    for (size_t v = 0; v <= kNone; ++v) {
      const std::string_view name =
          v == kNone ? std::string_view() : name_of(static_cast<uint8_t>(v));
      names_[v] = name;
      sizes_[v] = static_cast<uint32_t>(name.size());
      std::memcpy(slots_[v].data(), name.data(),
                  std::min(name.size(), kWidth));
    }
  }

  size_t size(uint16_t v) const { return sizes_[v]; }
  // Writes the name of `v` at `out`, which has room for kWidth bytes more
  // than the name.
  void Write(uint16_t v, char* out) const {
    if (sizes_[v] <= kWidth) {
      std::memcpy(out, slots_[v].data(), kWidth);
    } else {
      std::memcpy(out, names_[v].data(), names_[v].size());
    }
  }

 private:
  std::array<std::array<char, kWidth>, kNone + 1> slots_{};
  std::array<uint32_t, kNone + 1> sizes_{};
  std::array<std::string_view, kNone + 1> names_{};
};

// An Arrow utf8 column under construction: int32 offsets and data.
class StringBuilder {
 public:
  void Reset(size_t rows) {
    rows_ = rows;
    offsets_.Clear();
    offsets_.Reserve((rows + 1) * sizeof(int32_t));
    offsets_.AppendValue<int32_t>(0);
    data_.Clear();
  }
  void Append(std::string_view s) {
    data_.Append(s.data(), s.size());
    offsets_.AppendValue(static_cast<int32_t>(data_.size()));
  }
  void AppendEmpty() {
    offsets_.AppendValue(static_cast<int32_t>(data_.size()));
  }
  // Fills the column with n rows, row i being names[code(i)]: the offsets
  // in one pass, then the bytes, with no growing and no call per row.
  template <typename Code>
  void FromTable(size_t n, const NameTable& names, Code code) {
    Reset(n);
    auto* offsets = reinterpret_cast<int32_t*>(
        offsets_.Extend(n * sizeof(int32_t)));
    size_t total = 0;
    for (size_t i = 0; i < n; ++i) {
      total += names.size(code(i));
      offsets[i] = static_cast<int32_t>(total);
    }
    offsets_.Commit(n * sizeof(int32_t));
    if (total > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
      throw std::length_error("a result column chunk exceeds 2 GiB");
    }
    char* out = data_.Extend(total + NameTable::kWidth);
    size_t at = 0;
    for (size_t i = 0; i < n; ++i) {
      const uint16_t c = code(i);
      names.Write(c, out + at);
      at += names.size(c);
    }
    data_.Commit(total);
  }

  // Reserves room for all the rows at the average size of the `done` rows
  // appended so far, plus a margin: avoids growing step by step.
  void Extrapolate(size_t done) {
    if (done == 0) return;
    const size_t per_row = (data_.size() + done - 1) / done;
    data_.Reserve(per_row * rows_ + rows_ / 8 + 64);
  }
  // Arrow's utf8 type has 32-bit offsets.
  void CheckSize() const {
    if (data_.size() >
        static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
      throw std::length_error("a result column chunk exceeds 2 GiB");
    }
  }
  py::tuple ToPython() && {
    CheckSize();
    return py::make_tuple(python::ToPython(std::move(offsets_)),
                          python::ToPython(std::move(data_)));
  }

 private:
  size_t rows_ = 0;
  RawBuffer offsets_;
  RawBuffer data_;
};

// Which columns to build.
struct Wanted {
  std::array<bool, kColumnCount> column{};

  explicit Wanted(const std::vector<int>& columns) {
    for (int c : columns) {
      if (c < 0 || c >= kColumnCount) throw std::out_of_range("column index");
      column[c] = true;
    }
  }

  // The BatchString bits of the columns read from a BatchResult as they
  // are.
  uint32_t strings() const {
    uint32_t s = kBatchNoStrings;
    if (column[kE164]) s |= kBatchE164;
    if (column[kRegion]) s |= kBatchRegionCode;
    if (column[kOperator]) s |= kBatchOperatorName;
    if (column[kInternational]) s |= kBatchInternational;
    if (column[kNational]) s |= kBatchNational;
    if (column[kRfc3966]) s |= kBatchRfc3966;
    if (column[kExtension]) s |= kBatchExtension;
    if (column[kCarrierCode]) s |= kBatchCarrierCode;
    return s;
  }
  // Whether the NDC length is needed (for the NDC and subscriber number).
  bool ndc() const { return column[kNdc] || column[kSubscriberNumber]; }
};

// The BatchResult string column holding Column `c`, or nullptr when the
// column is derived from the integer columns.
const StringColumn* BatchStrings(const BatchResult& r, int c) {
  switch (c) {
    case kE164:
      return &r.e164;
    case kRegion:
      return &r.region_code;
    case kOperator:
      return &r.operator_name;
    case kInternational:
      return &r.international;
    case kNational:
      return &r.national;
    case kRfc3966:
      return &r.rfc3966;
    case kExtension:
      return &r.extension;
    case kCarrierCode:
      return &r.carrier_code;
    default:
      return nullptr;
  }
}

// One chunk of rows: the BatchResult, and the columns derived from it.
struct Chunk {
  size_t start = 0;
  size_t length = 0;
  size_t errors = 0;
  size_t input_nulls = 0;
  std::shared_ptr<BatchResult> result;  // from EngineObject::NewBatchResult()
  Bitmap ok;   // rows segmented
  Bitmap err;  // rows that failed
  Bitmap input_valid;
  StringBuilder input;
  std::array<StringBuilder, kColumnCount> strings;
  Bitmap valid;
  Bitmap possible;
  Bitmap portable;
  RawBuffer country_code;  // int32
  RawBuffer flag_offsets;  // int32
  int32_t flag_count = 0;
  StringBuilder flag_names;
};

// The rows of a request, prepared for the BatchSegmenter (no GIL needed).
struct Rows {
  // Row texts when the request has no ArrowTexts: "" for a null row and
  // for a row whose region is not supported. They are the request's
  // TextColumn's views, or `own_texts` when some row had to change.
  std::span<const std::string_view> texts;
  std::vector<std::string_view> own_texts;
  const ArrowTexts* arrow = nullptr;
  // One default region per row ("" for none), or neither for
  // request.region: the request's Arrow regions, or its region views, or
  // `own_regions` when some row's region is not supported (it becomes "")
  // or a null Arrow region has bytes.
  const ArrowTexts* arrow_regions = nullptr;
  std::span<const std::string_view> regions;
  std::vector<std::string_view> own_regions;
  // Rows whose per-row region is not supported (empty when none).
  std::vector<uint8_t> bad_region;

  std::string_view text(size_t row) const {
    return arrow != nullptr ? (*arrow)[row] : texts[row];
  }
  oracle::TextColumn Slice(size_t start, size_t n) const {
    if (arrow != nullptr) return arrow->Slice(start, n);
    return oracle::TextColumn::FromViews(
        std::span<const std::string_view>(texts.data() + start, n));
  }
  bool per_row_regions() const {
    return arrow_regions != nullptr || !regions.empty();
  }
  std::string_view region(size_t row) const {
    if (arrow_regions == nullptr) return regions[row];
    return arrow_regions->null(row) ? std::string_view()
                                    : (*arrow_regions)[row];
  }
  oracle::TextColumn RegionSlice(size_t start, size_t n) const {
    if (arrow_regions != nullptr) return arrow_regions->Slice(start, n);
    return oracle::TextColumn::FromViews(
        std::span<const std::string_view>(regions.data() + start, n));
  }
};

// Writes the national significant number (leading zeros, then the digits
// of `number` unless it is 0) to `buffer`; returns its length.
size_t FormatNationalNumber(uint64_t number, uint8_t zeros, char* buffer) {
  char digits[24];
  size_t n = 0;
  while (number != 0) {
    digits[n++] = static_cast<char>('0' + number % 10);
    number /= 10;
  }
  size_t out = 0;
  for (uint8_t z = 0; z < zeros && out < 20; ++z) buffer[out++] = '0';
  while (n > 0) buffer[out++] = digits[--n];
  return out;
}

class ChunkFinisher {
 public:
  ChunkFinisher(const EngineObject& engine, const ColumnsRequest& request,
                const Wanted& wanted, const Rows& rows)
      : engine_(engine), request_(request), wanted_(wanted), rows_(rows) {}

  // Fills the derived columns of `chunk` from its BatchResult.
  void Run(Chunk* chunk) {
    BatchResult& r = *chunk->result;
    const size_t n = chunk->length;
    const auto& want = wanted_.column;
    const TextColumn* texts = request_.texts;  // null for ArrowTexts
    // A row whose region is not supported was segmented as "": it fails
    // with INVALID_ARGUMENT instead.
    if (!rows_.bad_region.empty()) {
      for (size_t i = 0; i < n; ++i) {
        if (rows_.bad_region[chunk->start + i]) {
          r.error[i] = static_cast<uint8_t>(StatusCode::kInvalidArgument);
        }
      }
    }
    chunk->errors = chunk->err.Pack(r.error.data(), n);
    chunk->ok.Pack(r.error.data(), n, /*invert=*/true);
    if (request_.build_input && want[kInput]) {
      chunk->input.Reset(n);
      chunk->input_valid.Reset(n);
      for (size_t i = 0; i < n; ++i) {
        const size_t row = chunk->start + i;
        if (request_.texts == nullptr) {
          chunk->input.Append(rows_.text(row));  // well-formed, not null
          chunk->input_valid.Set(i);
        } else if (texts->state(row) == RowState::kNull) {
          chunk->input.AppendEmpty();
          ++chunk->input_nulls;
        } else {
          chunk->input.Append(texts->display(row));
          chunk->input_valid.Set(i);
        }
        if (i + 1 == kSampleRows) chunk->input.Extrapolate(kSampleRows);
      }
    }
    if (want[kValid]) chunk->valid.Pack(r.valid.data(), n);
    if (want[kPossible]) chunk->possible.Pack(r.possible.data(), n);
    if (want[kPortable]) chunk->portable.Pack(r.portable.data(), n);
    if (want[kCountryCode]) {
      chunk->country_code.Reserve(n * sizeof(int32_t) + 16);
      for (size_t i = 0; i < n; ++i) {
        chunk->country_code.AppendValue<int32_t>(r.country_code[i]);
      }
    }
    if (want[kError]) {
      static const NameTable kErrorNames([](uint8_t v) {
        return v == 0 ? std::string_view()
                      : StatusCodeName(static_cast<StatusCode>(v));
      });
      chunk->strings[kError].FromTable(
          n, kErrorNames, [&](size_t i) -> uint16_t { return r.error[i]; });
    }
    if (want[kErrorMessage]) ErrorMessages(chunk);
    if (want[kNationalNumber] || want[kNdc] || want[kSubscriberNumber]) {
      NationalNumbers(chunk);
    }
    if (want[kType]) {
      static const NameTable kTypeNames([](uint8_t v) {
        return NumberTypeName(static_cast<NumberType>(v));
      });
      Names(chunk, kType, kTypeNames, r.type);
    }
    if (want[kPossibility]) {
      static const NameTable kPossibilityNames([](uint8_t v) {
        return PossibilityName(static_cast<Possibility>(v));
      });
      Names(chunk, kPossibility, kPossibilityNames, r.possibility);
    }
    if (want[kCountryCodeSource]) {
      static const NameTable kSourceNames([](uint8_t v) {
        return CountryCodeSourceName(static_cast<CountryCodeSource>(v));
      });
      Names(chunk, kCountryCodeSource, kSourceNames, r.country_code_source);
    }
    if (want[kFlags]) {
      chunk->flag_offsets.Reserve((n + 1) * sizeof(int32_t) + 16);
      chunk->flag_offsets.AppendValue<int32_t>(0);
      chunk->flag_names.Reset(0);
      for (size_t i = 0; i < n; ++i) {
        if (r.error[i] == 0 && r.flags[i] != 0) {
          ForEachFlagName(r.flags[i], [&](std::string_view name) {
            chunk->flag_names.Append(name);
            ++chunk->flag_count;
          });
        }
        chunk->flag_offsets.AppendValue(chunk->flag_count);
      }
    }
  }

 private:
  static constexpr size_t kSampleRows = 512;

  // A string column of enum names, empty for the failed rows.
  static void Names(Chunk* chunk, int c, const NameTable& names,
                    const std::vector<uint8_t>& values) {
    const uint8_t* error = chunk->result->error.data();
    const uint8_t* value = values.data();
    chunk->strings[c].FromTable(chunk->length, names, [&](size_t i) {
      return error[i] != 0 ? NameTable::kNone : uint16_t{value[i]};
    });
  }

  void NationalNumbers(Chunk* chunk) {
    const BatchResult& r = *chunk->result;
    const auto& want = wanted_.column;
    const size_t n = chunk->length;
    for (int c : {kNationalNumber, kNdc, kSubscriberNumber}) {
      if (want[c]) chunk->strings[c].Reset(n);
    }
    char buffer[48];  // at most 20 zeros and 20 digits
    for (size_t i = 0; i < n; ++i) {
      if (r.error[i] != 0) {
        for (int c : {kNationalNumber, kNdc, kSubscriberNumber}) {
          if (want[c]) chunk->strings[c].AppendEmpty();
        }
        continue;
      }
      const size_t length =
          FormatNationalNumber(r.national_number[i], r.leading_zeros[i], buffer);
      const std::string_view nsn(buffer, length);
      const size_t ndc =
          r.ndc_length.empty() ? 0 : std::min<size_t>(r.ndc_length[i], length);
      if (want[kNationalNumber]) chunk->strings[kNationalNumber].Append(nsn);
      if (want[kNdc]) chunk->strings[kNdc].Append(nsn.substr(0, ndc));
      if (want[kSubscriberNumber]) {
        chunk->strings[kSubscriberNumber].Append(nsn.substr(ndc));
      }
      if (i + 1 == kSampleRows) {
        for (int c : {kNationalNumber, kNdc, kSubscriberNumber}) {
          if (want[c]) chunk->strings[c].Extrapolate(kSampleRows);
        }
      }
    }
  }

  // The engine's message for each failed row: the batch's, and in the rare
  // case the batch does not know it, the engine's own (the row is
  // segmented again).
  void ErrorMessages(Chunk* chunk) {
    const BatchResult& r = *chunk->result;
    StringBuilder& out = chunk->strings[kErrorMessage];
    const size_t n = chunk->length;
    out.Reset(n);
    for (size_t i = 0; i < n; ++i) {
      if (r.error[i] == 0) {
        out.AppendEmpty();
        continue;
      }
      const size_t row = chunk->start + i;
      if (!rows_.bad_region.empty() && rows_.bad_region[row]) {
        std::string shown;
        if (request_.regions != nullptr) {
          shown = request_.regions->display(row);
        } else {
          AppendUtf8Replacing((*request_.arrow_regions)[row], &shown);
        }
        out.Append("unsupported region '" + shown + "'");
        continue;
      }
      if (const std::string_view known = r.error_message(i); !known.empty()) {
        out.Append(known);
        continue;
      }
      const std::string_view region = rows_.per_row_regions()
                                          ? rows_.region(row)
                                          : std::string_view(request_.region);
      const Status status = engine_.engine().SegmentInto(
          rows_.text(row), region, /*fields=*/0, &seg_);
      if (status.ok()) {
        // Cannot happen (the batch gives the engine's answers); keep the
        // code's name rather than an empty message.
        out.Append(StatusCodeName(static_cast<StatusCode>(r.error[i])));
      } else {
        out.Append(status.message());
      }
    }
  }

  const EngineObject& engine_;
  const ColumnsRequest& request_;
  const Wanted& wanted_;
  const Rows& rows_;
  Segmentation seg_;
};

py::object BitmapOrNone(Bitmap* bitmap, bool needed) {
  if (!needed) return py::none();
  return ToPython(std::move(bitmap->bytes()));
}

// A BatchResult string column as (offsets, data), sharing its memory.
py::tuple SharedStrings(const std::shared_ptr<BatchResult>& owner,
                        const StringColumn& column) {
  if (column.data().size() >
      static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    throw std::length_error("a result column chunk exceeds 2 GiB");
  }
  const std::vector<int32_t>& offsets = column.offsets();
  return py::make_tuple(
      py::cast(NativeBuffer(owner, offsets.data(),
                            offsets.size() * sizeof(int32_t))),
      py::cast(NativeBuffer(owner, column.data().data(),
                            column.data().size())));
}

py::tuple ChunkToPython(Chunk&& chunk, const ColumnsRequest& request) {
  const size_t n = chunk.length;
  // Validity bitmaps are shared by all the columns of a kind; omitted
  // (None) when every row is valid.
  py::object ok = BitmapOrNone(&chunk.ok, chunk.errors > 0);
  py::object err = BitmapOrNone(&chunk.err, chunk.errors < n);
  py::dict columns;
  for (int c : request.columns) {
    py::object value;
    switch (c) {
      case kInput:
        if (!request.build_input) continue;
        value = py::make_tuple(
            chunk.input_nulls,
            BitmapOrNone(&chunk.input_valid, chunk.input_nulls > 0),
            std::move(chunk.input).ToPython());
        break;
      case kValid:
        value = py::make_tuple(ToPython(std::move(chunk.valid.bytes())));
        break;
      case kPossible:
        value = py::make_tuple(ToPython(std::move(chunk.possible.bytes())));
        break;
      case kPortable:
        value = py::make_tuple(ToPython(std::move(chunk.portable.bytes())));
        break;
      case kCountryCode:
        value = py::make_tuple(ToPython(std::move(chunk.country_code)));
        break;
      case kFlags:
        value = py::make_tuple(ToPython(std::move(chunk.flag_offsets)),
                               std::move(chunk.flag_names).ToPython());
        break;
      default:
        if (const StringColumn* shared = BatchStrings(*chunk.result, c)) {
          value = SharedStrings(chunk.result, *shared);
        } else {
          value = std::move(chunk.strings[c]).ToPython();
        }
    }
    columns[py::int_(c)] = value;
  }
  return py::make_tuple(chunk.start, n, chunk.errors, ok, err, columns);
}

// Cuts rows [0, n) into chunks of at most `target` rows and
// kMaxChunkTextBytes of text.
std::vector<Chunk> MakeChunks(const Rows& rows, size_t n, size_t target) {
  std::vector<Chunk> chunks;
  // Usually all the text fits in one chunk's limit: then only the rows
  // count.
  size_t total = 0;
  if (rows.arrow != nullptr && n > 0) {
    const ArrowTexts& a = *rows.arrow;
    total = a.offsets32 != nullptr
                ? static_cast<size_t>(a.offsets32[n] - a.offsets32[0])
                : static_cast<size_t>(a.offsets64[n] - a.offsets64[0]);
  } else {
    for (size_t i = 0; i < n; ++i) total += rows.texts[i].size();
  }
  if (total <= kMaxChunkTextBytes) {
    for (size_t start = 0; start < n; start += target) {
      chunks.emplace_back().start = start;
      chunks.back().length = std::min(target, n - start);
    }
    return chunks;
  }
  size_t start = 0;
  size_t bytes = 0;
  for (size_t i = 0; i < n; ++i) {
    const size_t size = rows.text(i).size();
    if (i > start &&
        (i - start >= target || bytes + size > kMaxChunkTextBytes)) {
      chunks.emplace_back().start = start;
      chunks.back().length = i - start;
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (start < n) {
    chunks.emplace_back().start = start;
    chunks.back().length = n - start;
  }
  return chunks;
}

// ForEachPart on the segmenter's threads, which are already running (it
// has just segmented, or is about to): no thread is started, and none
// competes with its threads for the processors.
template <typename Work>
void ForEachPartOnThreads(const BatchSegmenter& segmenter, size_t n,
                          int parts, Work work) {
  parts = std::max(1, parts);
  if (parts == 1) {
    work(0, size_t{0}, n);
    return;
  }
  std::atomic<int> next{0};
  segmenter.RunOnThreads([&](int) {
    for (int part = next.fetch_add(1); part < parts; part = next.fetch_add(1)) {
      work(part, PartBegin(n, parts, part), PartBegin(n, parts, part + 1));
    }
  });
}

// Rows per chunk at least: enough for the batch's threads. A large call
// has one chunk per thread (up to kMaxChunkRows rows each), so that each
// thread then builds the derived columns of one chunk: more chunks would
// mean more calls of BatchSegmenter::Segment, each with its own start and
// end on every thread.
constexpr size_t kMinChunkRows = size_t{1} << 16;

}  // namespace

void RegisterColumnBuffers(py::module_& m) {
  py::class_<NativeBuffer>(m, "_Buffer", py::buffer_protocol(),
                           "Read-only memory of a result column.")
      .def_buffer([](NativeBuffer& b) {
        return py::buffer_info(const_cast<void*>(b.data()), 1,
                               py::format_descriptor<uint8_t>::format(), 1,
                               {static_cast<py::ssize_t>(b.size())}, {1},
                               /*readonly=*/true);
      })
      .def("__len__", &NativeBuffer::size);
}

namespace {

// The buffers of an Arrow string source.
struct ArrowBuffers {
  ArrowTexts texts;
  std::vector<py::buffer_info> views;  // to keep as long as `texts`
};

// Reads an Arrow source ("arrow", length, offset, validity, offsets, data,
// large) as ArrowTexts, its validity bitmap included when `nulls` (without
// it, an array with one is refused). Nothing is checked row by row. Returns
// nullopt when the source is not Arrow, or its buffers do not fit its
// length or are not aligned for their offsets (the caller then reads it with
// TextColumn::FromArrow, which handles every case or says what is wrong).
// Needs the GIL.
std::optional<ArrowBuffers> ReadArrowBuffers(const py::tuple& source,
                                             bool nulls) {
  if (source.size() != 7 || source[0].cast<std::string>() != "arrow") {
    return std::nullopt;
  }
  const int64_t length = source[1].cast<int64_t>();
  const int64_t offset = source[2].cast<int64_t>();
  const bool large = source[6].cast<bool>();
  const bool has_validity = !source[3].is_none();
  if (length < 0 || offset < 0 || (has_validity && !nulls)) {
    return std::nullopt;
  }
  for (int k : {3, 4, 5}) {
    if (k == 3 && !has_validity) continue;
    if (!PyObject_CheckBuffer(source[k].ptr())) return std::nullopt;
  }
  const auto request = [&](int k) {
    return py::reinterpret_borrow<py::buffer>(source[k]).request();
  };
  const auto bytes = [](const py::buffer_info& b) {
    return static_cast<size_t>(b.size) * static_cast<size_t>(b.itemsize);
  };
  ArrowBuffers out;
  py::buffer_info offsets = request(4);
  py::buffer_info data = request(5);
  const size_t n = static_cast<size_t>(length);
  const size_t first = static_cast<size_t>(offset);
  const size_t width = large ? 8 : 4;
  if (bytes(offsets) < (first + n + 1) * width) return std::nullopt;
  const char* begin_offsets = static_cast<const char*>(offsets.ptr) +
                              first * width;
  if (reinterpret_cast<uintptr_t>(begin_offsets) % width != 0) {
    return std::nullopt;
  }
  ArrowTexts& texts = out.texts;
  texts.data = static_cast<const char*>(data.ptr);
  texts.data_size = bytes(data);
  texts.length = n;
  if (large) {
    texts.offsets64 = reinterpret_cast<const int64_t*>(begin_offsets);
  } else {
    texts.offsets32 = reinterpret_cast<const int32_t*>(begin_offsets);
  }
  if (has_validity) {
    py::buffer_info validity = request(3);
    if (bytes(validity) * 8 < first + n) return std::nullopt;
    texts.validity = static_cast<const uint8_t*>(validity.ptr);
    texts.validity_bit = first;
    out.views.push_back(std::move(validity));
  }
  out.views.push_back(std::move(offsets));
  out.views.push_back(std::move(data));
  return out;
}

}  // namespace

std::optional<ArrowTexts> ReadArrowTexts(const py::tuple& source, int threads,
                                         const BatchSegmenter* segmenter,
                                         std::vector<py::buffer_info>* keep) {
  std::optional<ArrowBuffers> buffers =
      ReadArrowBuffers(source, /*nulls=*/false);
  if (!buffers.has_value()) return std::nullopt;
  const ArrowTexts& texts = buffers->texts;
  const size_t n = texts.length;
  const size_t data_size = texts.data_size;
  bool ok = true;
  {
    py::gil_scoped_release release;
    // Offsets ascending and in bounds; the bytes well-formed UTF-8 as a
    // whole, and no row starting inside a character: then every row is
    // well-formed on its own. Each part of the rows checks its offsets and
    // its bytes; a character cannot straddle two parts, as the second
    // would start inside it.
    const auto at = [&](size_t k) { return texts.offset(k); };
    const int parts = PartsFor(n, segmenter != nullptr
                                      ? segmenter->num_threads()
                                      : ResolveThreads(threads));
    std::vector<uint8_t> part_ok(static_cast<size_t>(parts), 1);
    const auto check = [&](int part, size_t begin, size_t end_row) {
      const int64_t start = at(begin);
      int64_t previous = start;
      bool good = start >= 0 && static_cast<uint64_t>(start) <= data_size;
      for (size_t k = begin + 1; good && k <= end_row; ++k) {
        const int64_t end = at(k);
        if (end < previous || static_cast<uint64_t>(end) > data_size) {
          good = false;
        } else if (end > previous && (static_cast<uint8_t>(
                                          texts.data[previous]) &
                                      0xC0) == 0x80) {
          good = false;
        }
        previous = end;
      }
      if (good && end_row > begin) {
        good = IsValidUtf8(std::string_view(
            texts.data + start, static_cast<size_t>(previous - start)));
      }
      part_ok[static_cast<size_t>(part)] = good;
    };
    if (segmenter != nullptr) {
      ForEachPartOnThreads(*segmenter, n, parts, check);
    } else {
      ForEachPart(n, parts, check);
    }
    for (uint8_t good : part_ok) ok = ok && good;
  }
  if (!ok) return std::nullopt;
  for (py::buffer_info& b : buffers->views) keep->push_back(std::move(b));
  return texts;
}

std::optional<ArrowTexts> ReadArrowRegions(const py::tuple& source,
                                           std::vector<py::buffer_info>* keep) {
  std::optional<ArrowBuffers> buffers =
      ReadArrowBuffers(source, /*nulls=*/true);
  if (!buffers.has_value()) return std::nullopt;
  for (py::buffer_info& b : buffers->views) keep->push_back(std::move(b));
  return buffers->texts;
}

std::shared_ptr<const BatchSegmenter> SegmenterFor(
    const EngineObject& engine, const std::vector<int>& columns, int threads) {
  const Wanted wanted(columns);
  py::gil_scoped_release release;
  Result<std::shared_ptr<const BatchSegmenter>> batch =
      engine.Batch(threads, wanted.strings(), wanted.ndc());
  return batch.ok() ? *batch : nullptr;
}

py::list SegmentColumns(const EngineObject& engine,
                        const ColumnsRequest& request) {
  const Wanted wanted(request.columns);
  const size_t n = request.arrow != nullptr ? request.arrow->length
                                            : request.texts->size();
  if ((request.regions != nullptr && request.regions->size() != n) ||
      (request.arrow_regions != nullptr && request.arrow_regions->length != n)) {
    throw std::invalid_argument("regions and numbers differ in length");
  }

  std::vector<Chunk> chunks;
  Status failed;
  {
    py::gil_scoped_release release;
    Result<std::shared_ptr<const BatchSegmenter>> batch =
        request.segmenter != nullptr
            ? Result<std::shared_ptr<const BatchSegmenter>>(request.segmenter)
            : engine.Batch(request.threads, wanted.strings(), wanted.ndc());
    if (!batch.ok()) {
      failed = batch.status();
    } else {
      const BatchSegmenter& segmenter = **batch;
      Rows rows;
      if (request.arrow != nullptr) {
        rows.arrow = request.arrow;
      } else {
        rows.texts = request.texts->views();
      }
      if (request.regions != nullptr || request.arrow_regions != nullptr) {
        if (request.arrow_regions != nullptr) {
          rows.arrow_regions = request.arrow_regions;
        } else {
          rows.regions = request.regions->views();  // a null row's is ""
        }
        // The rows whose region is not supported, found by parts of the
        // rows in parallel; each part knows whether a two-byte region is
        // supported (0: not known yet, 1: yes, 2: no) by its bytes; other
        // sizes are rare. Arrow regions have their offsets checked on the
        // way, and a null row that has bytes (Arrow allows it) is read as
        // "" like the others.
        const int parts = PartsFor(n, segmenter.num_threads());
        std::vector<std::vector<size_t>> unsupported(
            static_cast<size_t>(parts));
        std::vector<std::vector<size_t>> emptied(static_cast<size_t>(parts));
        std::vector<uint8_t> bad_offsets(static_cast<size_t>(parts), 0);
        ForEachPartOnThreads(segmenter, n, parts, [&](int part, size_t begin,
                                                      size_t end) {
          std::vector<uint8_t> two_bytes(size_t{1} << 16);
          std::vector<size_t>& bad = unsupported[static_cast<size_t>(part)];
          std::string_view last;
          bool last_ok = true;  // "" is accepted
          const auto supported = [&](std::string_view region) {
            if (region.size() == 2) {
              uint8_t& known =
                  two_bytes[static_cast<uint8_t>(region[0]) |
                            (size_t{static_cast<uint8_t>(region[1])} << 8)];
              if (known == 0) known = engine.AcceptsRegion(region) ? 1 : 2;
              return known == 1;
            }
            if (region != last) {
              last = region;
              last_ok = engine.AcceptsRegion(region);
            }
            return last_ok;
          };
          if (request.arrow_regions == nullptr) {
            const TextColumn& regions = *request.regions;
            for (size_t i = begin; i < end; ++i) {
              const RowState state = regions.state(i);
              if (state == RowState::kNull) continue;
              if (state != RowState::kText || !supported(regions.text(i))) {
                bad.push_back(i);
              }
            }
            return;
          }
          const ArrowTexts& a = *request.arrow_regions;
          int64_t previous = a.offset(begin);
          if (previous < 0 || static_cast<uint64_t>(previous) > a.data_size) {
            bad_offsets[static_cast<size_t>(part)] = 1;
            return;
          }
          for (size_t i = begin; i < end; ++i) {
            const int64_t next = a.offset(i + 1);
            if (next < previous || static_cast<uint64_t>(next) > a.data_size) {
              bad_offsets[static_cast<size_t>(part)] = 1;
              return;
            }
            if (a.null(i)) {
              if (next != previous) emptied[static_cast<size_t>(part)].push_back(i);
            } else if (!supported(std::string_view(
                           a.data + previous,
                           static_cast<size_t>(next - previous)))) {
              bad.push_back(i);
            }
            previous = next;
          }
        });
        for (uint8_t b : bad_offsets) {
          if (b) failed = Status::InvalidArgument("Arrow offsets out of bounds");
        }
        if (!failed.ok()) {
          unsupported.clear();
          emptied.clear();
        }
        // Rare: copies of the views, where a row's region (and for an
        // unsupported one its text) becomes "".
        const auto own_views = [&] {
          if (!rows.own_regions.empty() || n == 0) return;
          rows.own_regions.resize(n);
          for (size_t k = 0; k < n; ++k) rows.own_regions[k] = rows.region(k);
          rows.regions = rows.own_regions;
          rows.arrow_regions = nullptr;
        };
        for (const std::vector<size_t>& rows_emptied : emptied) {
          for (size_t i : rows_emptied) {
            own_views();
            rows.own_regions[i] = std::string_view();
          }
        }
        for (const std::vector<size_t>& bad : unsupported) {
          for (size_t i : bad) {
            own_views();
            if (rows.bad_region.empty()) {
              rows.bad_region.resize(n);
              rows.own_texts.resize(n);
              for (size_t k = 0; k < n; ++k) rows.own_texts[k] = rows.text(k);
              rows.texts = rows.own_texts;
              rows.arrow = nullptr;
            }
            rows.bad_region[i] = 1;
            rows.own_texts[i] = std::string_view();
            rows.own_regions[i] = std::string_view();
          }
        }
      }
      const int threads = segmenter.num_threads();
      size_t target = std::max<size_t>(
          kMinChunkRows, (n + threads - 1) / threads);
      target = std::min(target, kMaxChunkRows);
      if (failed.ok()) chunks = MakeChunks(rows, n, target);
      for (Chunk& chunk : chunks) chunk.result = engine.NewBatchResult();
      std::vector<std::string_view> same;  // the one region, repeated
      if (!rows.per_row_regions() && !request.region.empty()) {
        same.assign(std::min(n, target), request.region);
      }
      for (Chunk& chunk : chunks) {
        const oracle::TextColumn column = rows.Slice(chunk.start, chunk.length);
        Status s;
        if (rows.per_row_regions()) {
          s = segmenter.Segment(column,
                                rows.RegionSlice(chunk.start, chunk.length),
                                chunk.result.get());
        } else if (!same.empty()) {
          s = segmenter.Segment(
              column,
              oracle::TextColumn::FromViews(
                  std::span<const std::string_view>(same.data(),
                                                    chunk.length)),
              chunk.result.get());
        } else {
          s = segmenter.Segment(column, chunk.result.get());
        }
        if (!s.ok()) {
          failed = s;
          break;
        }
      }
      if (failed.ok()) {
        // On the threads that have just segmented the chunks.
        std::atomic<size_t> next{0};
        const auto finish = [&](int) {
          ChunkFinisher finisher(engine, request, wanted, rows);
          for (size_t i = next.fetch_add(1); i < chunks.size();
               i = next.fetch_add(1)) {
            finisher.Run(&chunks[i]);
          }
        };
        if (chunks.size() == 1) {
          finish(0);
        } else {
          segmenter.RunOnThreads(finish);
        }
      }
    }
  }
  if (!failed.ok()) ThrowStatus(failed);

  py::list out;
  for (Chunk& chunk : chunks) {
    out.append(ChunkToPython(std::move(chunk), request));
  }
  return out;
}

}  // namespace oracle::python
