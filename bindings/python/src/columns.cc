#include "columns.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "names.h"
#include "oracle/segmentation.h"
#include "oracle/status.h"

namespace oracle::python {
namespace {

// Chunk limits: a chunk's string columns must fit Arrow's 32-bit offsets,
// and smaller chunks balance the threads better.
constexpr size_t kMaxChunkRows = size_t{1} << 20;
constexpr size_t kMaxChunkTextBytes = size_t{256} << 20;
constexpr size_t kMinChunkRows = 4096;
constexpr size_t kChunksPerThread = 4;

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
    size_ = size;
  }
  explicit NativeBuffer(std::vector<uint8_t>&& bytes) {
    RawBuffer buffer;
    buffer.Append(bytes.data(), bytes.size());
    *this = NativeBuffer(std::move(buffer));
  }

  const void* data() const { return owner_.get(); }
  size_t size() const { return size_; }

 private:
  std::shared_ptr<char> owner_;
  size_t size_ = 0;
};

template <typename Container>
py::object ToPython(Container&& c) {
  return py::cast(NativeBuffer(std::forward<Container>(c)));
}

class Bitmap {
 public:
  void Reset(size_t n) { bytes_.assign((n + 7) / 8, 0); }
  void Set(size_t i) { bytes_[i >> 3] |= static_cast<uint8_t>(1u << (i & 7)); }
  std::vector<uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
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

bool IsStringColumn(int c) {
  switch (c) {
    case kInput:
    case kValid:
    case kPossible:
    case kCountryCode:
    case kPortable:
    case kFlags:
      return false;
    default:
      return true;
  }
}

// Which columns to build, as flags read in the row loop.
struct Wanted {
  std::array<bool, kColumnCount> column{};
  bool any_string_result = false;  // a string column other than the errors

  explicit Wanted(const std::vector<int>& columns) {
    for (int c : columns) {
      if (c < 0 || c >= kColumnCount) throw std::out_of_range("column index");
      column[c] = true;
      if (IsStringColumn(c) && c != kError && c != kErrorMessage) {
        any_string_result = true;
      }
    }
  }

  uint32_t fields() const {
    uint32_t f = 0;
    if (column[kInternational]) f |= kFieldInternational;
    if (column[kNational]) f |= kFieldNational;
    if (column[kRfc3966]) f |= kFieldRfc3966;
    return f;
  }
};

// One chunk of rows and its columns.
struct Chunk {
  size_t start = 0;
  size_t length = 0;
  size_t errors = 0;
  size_t input_nulls = 0;
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

class ChunkSegmenter {
 public:
  ChunkSegmenter(const EngineObject& engine, const ColumnsRequest& request,
                 const Wanted& wanted)
      : engine_(engine),
        request_(request),
        wanted_(wanted),
        fields_(wanted.fields()) {}

  void Run(Chunk* chunk) {
    Prepare(chunk);
    const TextColumn& texts = *request_.texts;
    for (size_t r = 0; r < chunk->length; ++r) {
      const size_t row = chunk->start + r;
      const RowState state = texts.state(row);
      const std::string_view text =
          state == RowState::kNull ? std::string_view() : texts.text(row);
      if (request_.build_input && wanted_.column[kInput]) {
        if (state == RowState::kNull) {
          chunk->input.AppendEmpty();
          ++chunk->input_nulls;
        } else {
          chunk->input.Append(texts.display(row));
          chunk->input_valid.Set(r);
        }
      }
      std::string_view region = request_.region;
      bool region_ok = true;
      if (request_.regions != nullptr) {
        const RowState region_state = request_.regions->state(row);
        region = region_state == RowState::kNull ? std::string_view()
                                                 : request_.regions->text(row);
        region_ok = region_state == RowState::kNull ||
                    (region_state == RowState::kText && AcceptsRegion(region));
      }
      // Text that is not UTF-8 goes to the engine as it is, as the CLI
      // does (the engine reads it as NOT_A_NUMBER).
      Status status;
      if (!region_ok) {
        status = Status::InvalidArgument(
            "unsupported region '" +
            std::string(request_.regions->display(row)) + "'");
      } else {
        status = engine_.engine().SegmentInto(text, region, fields_, &seg_);
      }
      if (status.ok()) {
        AppendResult(r, chunk);
      } else {
        AppendError(r, status, chunk);
      }
      if (r + 1 == kSampleRows) Extrapolate(chunk, kSampleRows);
    }
  }

 private:
  // EngineObject::AcceptsRegion(), remembering the last answer: per-row
  // regions mostly repeat.
  bool AcceptsRegion(std::string_view region) {
    if (region != last_region_) {
      last_region_ok_ = engine_.AcceptsRegion(region);
      last_region_.assign(region);
    }
    return last_region_ok_;
  }

  // Rows after which the string columns reserve room for the whole chunk.
  static constexpr size_t kSampleRows = 512;

  void Extrapolate(Chunk* chunk, size_t done) {
    if (request_.build_input && wanted_.column[kInput]) {
      chunk->input.Extrapolate(done);
    }
    for (int c = 0; c < kColumnCount; ++c) {
      if (wanted_.column[c] && IsStringColumn(c)) {
        chunk->strings[c].Extrapolate(done);
      }
    }
  }

  void Prepare(Chunk* chunk) {
    const size_t n = chunk->length;
    chunk->ok.Reset(n);
    chunk->err.Reset(n);
    if (request_.build_input && wanted_.column[kInput]) {
      chunk->input.Reset(n);
      chunk->input_valid.Reset(n);
    }
    for (int c = 0; c < kColumnCount; ++c) {
      if (wanted_.column[c] && IsStringColumn(c)) chunk->strings[c].Reset(n);
    }
    if (wanted_.column[kValid]) chunk->valid.Reset(n);
    if (wanted_.column[kPossible]) chunk->possible.Reset(n);
    if (wanted_.column[kPortable]) chunk->portable.Reset(n);
    if (wanted_.column[kCountryCode]) {
      chunk->country_code.Reserve(n * sizeof(int32_t));
    }
    if (wanted_.column[kFlags]) {
      chunk->flag_offsets.Reserve((n + 1) * sizeof(int32_t));
      chunk->flag_offsets.AppendValue<int32_t>(0);
      chunk->flag_names.Reset(0);
    }
  }

  void AppendResult(size_t r, Chunk* chunk) {
    const Segmentation& s = seg_;
    chunk->ok.Set(r);
    const auto& want = wanted_.column;
    auto& str = chunk->strings;
    if (want[kValid] && s.valid) chunk->valid.Set(r);
    if (want[kPossible] && s.possible) chunk->possible.Set(r);
    if (want[kPortable] && s.portable) chunk->portable.Set(r);
    if (want[kCountryCode]) {
      chunk->country_code.AppendValue<int32_t>(s.country_code);
    }
    if (want[kError]) str[kError].AppendEmpty();
    if (want[kErrorMessage]) str[kErrorMessage].AppendEmpty();
    if (wanted_.any_string_result) {
      if (want[kE164]) str[kE164].Append(s.e164);
      if (want[kRegion]) str[kRegion].Append(s.region);
      if (want[kNationalNumber]) str[kNationalNumber].Append(s.national_number);
      if (want[kNdc]) str[kNdc].Append(s.ndc);
      if (want[kSubscriberNumber]) {
        str[kSubscriberNumber].Append(s.subscriber_number);
      }
      if (want[kType]) str[kType].Append(NumberTypeName(s.type));
      if (want[kOperator]) str[kOperator].Append(s.operator_name);
      if (want[kExtension]) str[kExtension].Append(s.extension);
      if (want[kInternational]) str[kInternational].Append(s.international);
      if (want[kNational]) str[kNational].Append(s.national);
      if (want[kRfc3966]) str[kRfc3966].Append(s.rfc3966);
      if (want[kPossibility]) {
        str[kPossibility].Append(PossibilityName(s.possibility));
      }
      if (want[kCarrierCode]) str[kCarrierCode].Append(s.carrier_code);
      if (want[kCountryCodeSource]) {
        str[kCountryCodeSource].Append(
            CountryCodeSourceName(s.country_code_source));
      }
    }
    if (want[kFlags]) {
      if (s.flags != 0) {
        ForEachFlagName(s.flags, [&](std::string_view name) {
          chunk->flag_names.Append(name);
          ++chunk->flag_count;
        });
      }
      chunk->flag_offsets.AppendValue(chunk->flag_count);
    }
  }

  void AppendError(size_t r, const Status& status, Chunk* chunk) {
    ++chunk->errors;
    chunk->err.Set(r);
    for (int c = 0; c < kColumnCount; ++c) {
      if (!wanted_.column[c]) continue;
      switch (c) {
        case kInput:
        case kValid:
        case kPossible:
        case kPortable:
          break;  // input done; booleans stay false (portable null)
        case kError:
          chunk->strings[c].Append(StatusCodeName(status.code()));
          break;
        case kErrorMessage:
          chunk->strings[c].Append(status.message());
          break;
        case kCountryCode:
          chunk->country_code.AppendValue<int32_t>(0);
          break;
        case kFlags:
          chunk->flag_offsets.AppendValue(chunk->flag_count);
          break;
        default:
          chunk->strings[c].AppendEmpty();
      }
    }
  }

  const EngineObject& engine_;
  const ColumnsRequest& request_;
  const Wanted& wanted_;
  const uint32_t fields_;
  Segmentation seg_;  // reused: its buffers stop growing after a few rows
  std::string last_region_;
  bool last_region_ok_ = true;  // "" is accepted
};

// Cuts rows [0, n) into chunks of at most `target` rows and
// kMaxChunkTextBytes of text.
std::vector<Chunk> MakeChunks(const TextColumn& texts, size_t target) {
  std::vector<Chunk> chunks;
  const size_t n = texts.size();
  size_t start = 0;
  size_t bytes = 0;
  for (size_t i = 0; i < n; ++i) {
    const size_t size = texts.text(i).size();
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

// Runs `work` on the calling thread and up to threads - 1 others, waits for
// all, and rethrows the first exception any of them threw.
template <typename Work>
void RunOnThreads(int threads, Work work) {
  std::exception_ptr first_error;
  std::mutex mu;
  auto guarded = [&] {
    try {
      work();
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      if (!first_error) first_error = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(guarded);
    } catch (const std::system_error&) {
      break;  // fewer threads: the work queue still covers every chunk
    }
  }
  guarded();
  for (std::thread& t : pool) t.join();
  if (first_error) std::rethrow_exception(first_error);
}

py::object BitmapOrNone(Bitmap* bitmap, bool needed) {
  if (!needed) return py::none();
  return ToPython(std::move(bitmap->bytes()));
}

py::tuple ChunkToPython(Chunk&& chunk, const ColumnsRequest& request,
                        const Wanted& wanted) {
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
        value = std::move(chunk.strings[c]).ToPython();
    }
    columns[py::int_(c)] = value;
  }
  return py::make_tuple(chunk.start, n, chunk.errors, ok, err, columns);
}

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

py::list SegmentColumns(const EngineObject& engine,
                        const ColumnsRequest& request) {
  const Wanted wanted(request.columns);
  const TextColumn& texts = *request.texts;
  if (request.regions != nullptr && request.regions->size() != texts.size()) {
    throw std::invalid_argument("regions and numbers differ in length");
  }
  const size_t n = texts.size();
  const size_t threads = static_cast<size_t>(std::max(request.threads, 1));

  std::vector<Chunk> chunks;
  {
    py::gil_scoped_release release;
    size_t target = n;
    if (threads > 1) {
      target =
          (n + threads * kChunksPerThread - 1) / (threads * kChunksPerThread);
      target = std::max(target, kMinChunkRows);
    }
    target = std::clamp<size_t>(target, 1, kMaxChunkRows);
    chunks = MakeChunks(texts, target);

    std::atomic<size_t> next{0};
    const int used = static_cast<int>(std::min(threads, chunks.size()));
    RunOnThreads(used, [&] {
      ChunkSegmenter segmenter(engine, request, wanted);
      for (size_t i = next.fetch_add(1); i < chunks.size();
           i = next.fetch_add(1)) {
        segmenter.Run(&chunks[i]);
      }
    });
  }

  py::list out;
  for (Chunk& chunk : chunks) {
    out.append(ChunkToPython(std::move(chunk), request, wanted));
  }
  return out;
}

}  // namespace oracle::python
