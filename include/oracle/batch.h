// Batch segmentation: columns of phone numbers in, columns of results out.
//
// A BatchSegmenter segments a whole column of texts at once, on a pool of
// threads, and returns the results as a struct of arrays (BatchResult): one
// plain vector per field (validity, type, region id, country code, national
// number packed into an integer, NDC length (optional), operator id, flags,
// error code). Every answer is exactly what Engine::SegmentInto() gives for the
// same text and default region. Rows made of digits and simple punctuation
// (the vast majority of real contact lists) take a fused fast path over
// precomputed per-region tables; every other row, and every case that path
// cannot answer exactly, goes through the Engine itself. Strings (E.164, formats, operator and region names)
// are written only when BatchOptions::strings asks for them; otherwise the
// ids index the segmenter's region and operator tables.
//
// Input is a TextColumn, a borrowed view of either Arrow's string layout
// (one byte buffer plus offsets) or a span of std::string_view. For input
// that does not fit in memory, a BatchReader pulls chunks from a ChunkSource
// and segments them one at a time, in bounded memory, and reports totals at
// the end of the input. Rows that are not phone numbers are data: their
// error column holds the StatusCode (kNotANumber, ...) and the batch goes on.
//
// Example:
//
//   #include "oracle/batch.h"
//
//   oracle::Result<oracle::Engine> engine = oracle::Engine::Make();
//   oracle::BatchOptions options;
//   options.default_region = "CI";
//   options.strings = oracle::kBatchE164 | oracle::kBatchOperatorName;
//   oracle::Result<oracle::BatchSegmenter> batch =
//       oracle::BatchSegmenter::Make(*engine, options);
//
//   std::vector<std::string_view> texts = {"07 07 12 34 56", "hello",
//                                          "+33 6 12 34 56 78"};
//   oracle::BatchResult out;
//   oracle::Status s = batch->Segment(oracle::TextColumn::FromViews(texts),
//                                     &out);
//   for (size_t i = 0; i < out.size(); ++i) {
//     if (!out.ok(i)) continue;  // out.error[i]: StatusCode::kNotANumber
//     std::cout << out.e164[i] << " " << out.operator_name[i] << " "
//               << batch->region_name(out.region_id[i]) << "\n";
//   }
//   // +2250707123456 Orange CI
//   // +33612345678 SFR FR
//
// Thread safety and ownership: a BatchSegmenter owns a copy of the Engine
// (which shares the compiled metadata) and a pool of worker threads created
// by Make() and joined by the destructor. Its const methods may be called
// from several threads; concurrent Segment() calls take turns on the pool.
// No global state is used: two segmenters are fully independent. Input
// columns are borrowed for the duration of the call; results are owned by
// the caller's BatchResult. BatchReader, BatchSummary and E164Deduplicator
// are single-threaded objects (use one per thread).
#ifndef ORACLE_BATCH_H_
#define ORACLE_BATCH_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "oracle/engine.h"
#include "oracle/export.h"
#include "oracle/result.h"
#include "oracle/segmentation.h"
#include "oracle/status.h"

namespace oracle {

class BatchSegmenter;

// A borrowed column of strings. Either Arrow's layout (row i is
// data[offsets[i], offsets[i + 1]), offsets has size() + 1 entries, int32
// for Arrow "string"/"utf8", int64 for "large_string") or a span of views.
// The memory must outlive every use of the column. Cheap to copy.
class ORACLE_EXPORT TextColumn {
 public:
  TextColumn() = default;
  static TextColumn FromArrow(const char* data, const int32_t* offsets,
                              size_t length);
  static TextColumn FromArrow(const char* data, const int64_t* offsets,
                              size_t length);
  static TextColumn FromViews(std::span<const std::string_view> views);

  size_t size() const { return length_; }
  bool empty() const { return length_ == 0; }
  std::string_view operator[](size_t i) const {
    if (views_ != nullptr) return views_[i];
    if (offsets32_ != nullptr) {
      return std::string_view(data_ + offsets32_[i],
                              static_cast<size_t>(offsets32_[i + 1] -
                                                  offsets32_[i]));
    }
    return std::string_view(
        data_ + offsets64_[i],
        static_cast<size_t>(offsets64_[i + 1] - offsets64_[i]));
  }

 private:
  const char* data_ = nullptr;
  const int32_t* offsets32_ = nullptr;
  const int64_t* offsets64_ = nullptr;
  const std::string_view* views_ = nullptr;
  size_t length_ = 0;
};

// An owned column of strings in Arrow's layout (int32 offsets): the input
// chunks of a BatchReader and the string outputs of a BatchResult. Not
// thread-safe; a value type.
class ORACLE_EXPORT StringColumn {
 public:
  StringColumn() { offsets_.push_back(0); }

  void Append(std::string_view s) {
    data_.append(s);
    offsets_.push_back(static_cast<int32_t>(data_.size()));
  }
  // Appends every row of `other`.
  void AppendColumn(const StringColumn& other);
  // Appends ends.size() rows stored back to back in `bytes`: row k ends at
  // ends[k] (relative to bytes.data(); ascending, the last equal to
  // bytes.size()).
  void AppendRows(std::string_view bytes, std::span<const int32_t> ends);
  void Clear() {
    data_.clear();
    offsets_.assign(1, 0);
  }
  void Reserve(size_t rows, size_t bytes) {
    offsets_.reserve(rows + 1);
    data_.reserve(bytes);
  }

  size_t size() const { return offsets_.size() - 1; }
  bool empty() const { return size() == 0; }
  std::string_view operator[](size_t i) const {
    return std::string_view(data_.data() + offsets_[i],
                            static_cast<size_t>(offsets_[i + 1] - offsets_[i]));
  }
  // Arrow buffers: the bytes and the size() + 1 offsets.
  const std::string& data() const { return data_; }
  const std::vector<int32_t>& offsets() const { return offsets_; }
  TextColumn view() const {
    return TextColumn::FromArrow(data_.data(), offsets_.data(), size());
  }

 private:
  friend class BatchSegmenter;  // fills its output columns in parallel
  std::string data_;
  std::vector<int32_t> offsets_;
};

// Which string columns a BatchResult materialises (bits, combinable).
enum BatchString : uint32_t {
  kBatchNoStrings = 0,
  kBatchE164 = 1u << 0,           // "+2250707123456"
  kBatchRegionCode = 1u << 1,     // "CI" ("" when none)
  kBatchOperatorName = 1u << 2,   // "Orange" ("" when none)
  kBatchInternational = 1u << 3,  // "+225 07 07 12 3456"
  kBatchNational = 1u << 4,       // "07 07 12 3456"
  kBatchRfc3966 = 1u << 5,        // "tel:+225-07-07-12-3456"
  kBatchExtension = 1u << 6,      // Segmentation::extension
  kBatchCarrierCode = 1u << 7,    // Segmentation::carrier_code
  kBatchAllStrings = 0xffu,
};

// The normalisation kernel (classifying characters, spotting '+', gathering
// digits). All give identical results; kAuto picks the best the CPU has.
// kAvx512 needs AVX-512 BW, VL and VBMI2 (it gathers the digits with one
// compress instruction).
enum class SimdPath : uint8_t {
  kAuto = 0,
  kScalar = 1,
  kSse42 = 2,
  kAvx2 = 3,
  kAvx512 = 4,
};

// "auto", "scalar", "sse4.2", "avx2", "avx512".
ORACLE_EXPORT std::string_view SimdPathName(SimdPath path);
// The paths this CPU can run (always includes kScalar), best last.
ORACLE_EXPORT std::vector<SimdPath> SupportedSimdPaths();

struct BatchOptions {
  // Default region for every row (ISO 3166 alpha-2, any case; "" for none),
  // unless Segment() is given a per-row region column.
  std::string default_region;
  // Worker threads, the calling thread included. 0: all cores
  // (std::thread::hardware_concurrency()). 1: no extra thread.
  int num_threads = 0;
  // Rows per chunk read by a BatchReader (bounds its memory). Must be > 0.
  size_t chunk_rows = 65536;
  // BatchString bits: which string columns to fill.
  uint32_t strings = kBatchNoStrings;
  // Whether to fill BatchResult::ndc_length. Finding the NDC is about a
  // tenth of the work of a row on the fast path: a job that needs neither
  // it nor the NDC and subscriber number cut from it (validity, type,
  // region, E.164, operator...) can leave it out. Then ndc_length is
  // empty; every other column is the same either way.
  bool ndc_length = true;
  SimdPath simd = SimdPath::kAuto;

  // OK or INVALID_ARGUMENT naming the bad field (also a SIMD path the CPU
  // cannot run).
  Status Validate() const;
  static BatchOptions Defaults() { return BatchOptions(); }
};

// Columnar results: row i of every vector describes input row i. For a row
// that failed (error[i] != 0) every other field is zero / empty.
struct ORACLE_EXPORT BatchResult {
  // StatusCode of the row as an integer: 0 (kOk), or kNotANumber,
  // kInvalidCountryCode, kTooShortAfterIdd, kTooShortNsn, kTooLong.
  std::vector<uint8_t> error;
  // For a failed row, which of the engine's parse messages explains it
  // (read it with error_message(i)); 0 for a row that parsed.
  std::vector<uint8_t> error_detail;
  std::vector<uint8_t> valid;        // 0 / 1
  std::vector<uint8_t> possible;     // 0 / 1
  std::vector<uint8_t> possibility;  // Possibility
  std::vector<uint8_t> type;         // NumberType
  std::vector<uint8_t> country_code_source;  // CountryCodeSource
  std::vector<uint8_t> portable;     // 0 / 1 (Segmentation::portable)
  // Index into BatchSegmenter::region_name(); 0 is "" (no region).
  std::vector<uint16_t> region_id;
  std::vector<uint16_t> country_code;
  // National significant number as an integer, and the number of leading
  // zeros to put back in front of it ("0707123456": 707123456 and 1). At
  // most 17 digits, so it always fits.
  std::vector<uint64_t> national_number;
  std::vector<uint8_t> leading_zeros;
  // Digits of national_number in the NDC (empty when
  // BatchOptions::ndc_length is false).
  std::vector<uint8_t> ndc_length;
  // Index into BatchSegmenter::operator_name(); 0 is "" (none).
  std::vector<uint16_t> operator_id;
  std::vector<uint32_t> flags;       // SegmentationFlag bits

  // Filled only for the BatchOptions::strings bits; otherwise empty.
  StringColumn e164;
  StringColumn region_code;
  StringColumn operator_name;
  StringColumn international;
  StringColumn national;
  StringColumn rfc3966;
  StringColumn extension;
  StringColumn carrier_code;

  size_t size() const { return error.size(); }
  bool ok(size_t i) const { return error[i] == 0; }
  StatusCode error_code(size_t i) const {
    return static_cast<StatusCode>(error[i]);
  }
  // The message Engine::Segment's Status gives for a failed row ("The
  // string supplied is too short to be a phone number.", ...): the same
  // text for the same input and default region. "" for a row that parsed,
  // and for the rare failure whose message is not one of the parser's (ask
  // Engine::Segment then). Valid as long as the program runs.
  std::string_view error_message(size_t i) const;
  NumberType number_type(size_t i) const {
    return static_cast<NumberType>(type[i]);
  }
  // Rebuilt from the integer columns (no string column needed).
  std::string NationalNumberString(size_t i) const;
  std::string E164String(size_t i) const;  // "" for a failed row

  // Resizes every integer column to `rows` and clears the string columns.
  void Resize(size_t rows);
  // The heap memory the columns hold (their capacities, in bytes): what
  // keeping this result around costs, for pools of reused results.
  size_t MemoryBytes() const;
};

class ORACLE_EXPORT BatchSegmenter {
 public:
  // Starts the worker pool. The segmenter shares the engine's compiled
  // metadata and its fast-path tables (built here if the engine has not
  // built them yet, about 10 ms); it keeps a copy of the engine. Fails when
  // the options are invalid.
  static Result<BatchSegmenter> Make(const Engine& engine,
                                     const BatchOptions& options = {});

  // Segments every row of `texts` with BatchOptions::default_region, into
  // `*out` (resized; its buffers are reused across calls). With several
  // threads the column is dealt out in chunks of consecutive rows, each
  // taken by the next thread free; the output order is the input order.
  // Per-row failures are in out->error; the returned Status fails only for
  // a misuse (OUT_OF_RANGE when a string column would pass 2 GiB: segment
  // smaller batches).
  Status Segment(const TextColumn& texts, BatchResult* out) const;
  // As above with one default region per row (regions.size() ==
  // texts.size()).
  Status Segment(const TextColumn& texts, const TextColumn& regions,
                 BatchResult* out) const;

  // Region table: id 0 is "", then every region id of the metadata, sorted
  // ("001" for non-geographic entities).
  size_t region_count() const;
  std::string_view region_name(uint16_t id) const;
  // Id of an upper-case region code, or 0.
  uint16_t RegionId(std::string_view region) const;

  // Operator table: id 0 is "", then the operator names of the metadata,
  // Oracle's Côte d'Ivoire fixed-line names and the engine's operator rules.
  size_t operator_count() const;
  std::string_view operator_name(uint16_t id) const;

  const BatchOptions& options() const;
  // The SIMD path in use (kAuto resolved).
  SimdPath simd_path() const;
  // Threads working on a batch, the caller included.
  int num_threads() const;

  // Runs fn(thread) once on each of the segmenter's num_threads() threads
  // (thread 0 is the caller's) and returns when every call has returned:
  // for work that goes with a batch, such as building other columns from
  // a BatchResult in parallel, on the threads that have just segmented it
  // rather than on new ones. The calls run concurrently with each other,
  // so `fn` must only write what its thread owns, and take turns with
  // Segment() and other RunOnThreads() calls on the same segmenter: `fn`
  // must not call either on this segmenter (it would wait for itself). If
  // calls throw, the first exception is rethrown here once all have
  // returned.
  //
  // Example, ten parts of a column shared by the threads:
  //   std::atomic<int> next{0};
  //   segmenter.RunOnThreads([&](int) {
  //     for (int part = next++; part < 10; part = next++) Build(part);
  //   });
  void RunOnThreads(const std::function<void(int thread)>& fn) const;
  const Engine& engine() const;

  BatchSegmenter(BatchSegmenter&&) noexcept;
  BatchSegmenter& operator=(BatchSegmenter&&) noexcept;
  BatchSegmenter(const BatchSegmenter&) = delete;
  BatchSegmenter& operator=(const BatchSegmenter&) = delete;
  ~BatchSegmenter();

  struct Impl;  // private

 private:
  explicit BatchSegmenter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One chunk of streamed input: texts and, optionally, one default region
// per row (leave `regions` empty to use BatchOptions::default_region).
struct InputChunk {
  StringColumn texts;
  StringColumn regions;
  void Clear() {
    texts.Clear();
    regions.Clear();
  }
};

// Fills `*chunk` (cleared beforehand) with at most `max_rows` rows and
// returns how many it added; 0 means the end of the input. A failed Result
// (an I/O error) stops the stream.
using ChunkSource =
    std::function<Result<size_t>(size_t max_rows, InputChunk* chunk)>;

// A ChunkSource reading one number per line from `*in` (borrowed; must
// outlive the source). With `tab_separated_region`, a line "REGION<TAB>TEXT"
// gives its own default region. A trailing '\r' is dropped.
ORACLE_EXPORT ChunkSource LineChunkSource(std::istream* in,
                                          bool tab_separated_region = false);

// What a stream did, for the end-of-input report.
struct StreamReport {
  uint64_t rows = 0;
  uint64_t chunks = 0;
  uint64_t errors = 0;    // rows with error != 0
  uint64_t valid = 0;
  uint64_t possible = 0;
  double seconds = 0;     // wall time inside ReadNext (source included)
  double rows_per_second() const { return seconds > 0 ? rows / seconds : 0; }
  Status status;          // the source's error, if it failed
  bool finished = false;  // the end of input was reached
  // "rows=... chunks=... errors=... valid=... possible=... seconds=...
  // rows/s=..."
  std::string ToString() const;
};

// Streams a ChunkSource through a BatchSegmenter, one chunk of
// BatchOptions::chunk_rows rows at a time; memory stays bounded by one
// chunk of input and results.
//
//   oracle::BatchReader reader(&*batch, oracle::LineChunkSource(&std::cin));
//   oracle::BatchResult chunk;
//   while (true) {
//     oracle::Status s = reader.ReadNext(&chunk);
//     if (!s.ok()) break;                // the source failed
//     if (chunk.size() == 0) break;      // end of input
//     Use(reader.first_row(), reader.input(), chunk);
//   }
//   std::cerr << reader.report().ToString() << "\n";
//
// Not thread-safe (the work inside ReadNext is spread over the segmenter's
// pool). Borrows the segmenter, which must outlive the reader.
class ORACLE_EXPORT BatchReader {
 public:
  BatchReader(const BatchSegmenter* segmenter, ChunkSource source);

  // Reads and segments the next chunk into `*out`. At the end of input
  // `*out` is empty and report().finished is true. Fails (and keeps
  // failing) when the source fails.
  Status ReadNext(BatchResult* out);

  // Stream index of row 0 of the last chunk.
  uint64_t first_row() const { return first_row_; }
  // The input rows of the last chunk (valid until the next ReadNext()).
  const InputChunk& input() const { return chunk_; }
  const StreamReport& report() const { return report_; }

 private:
  const BatchSegmenter* segmenter_;
  ChunkSource source_;
  InputChunk chunk_;
  uint64_t first_row_ = 0;
  uint64_t next_row_ = 0;
  StreamReport report_;
};

// Counts by validity, type, error, country code, region and operator.
// Feed it every chunk with Add(); Merge() combines partial summaries.
struct ORACLE_EXPORT BatchSummary {
  uint64_t rows = 0;
  uint64_t errors = 0;
  uint64_t valid = 0;
  uint64_t possible = 0;
  std::array<uint64_t, 12> by_type{};  // NumberType; failed rows excluded
  std::array<uint64_t, 32> by_error{};  // StatusCode value; [0] = parsed rows
  std::vector<uint64_t> by_country_code;  // index = country code
  std::vector<uint64_t> by_region;        // index = region id
  std::vector<uint64_t> by_operator;      // index = operator id

  void Add(const BatchResult& result);
  void Merge(const BatchSummary& other);
};

// De-duplication by E.164: the first occurrence of a number wins, later
// ones are counted as its duplicates. Rows that failed are ignored. Feed
// chunks in stream order; row numbers continue across Add() calls.
//
//   oracle::E164Deduplicator dedupe;
//   dedupe.Add(result);
//   for (const auto& n : dedupe.numbers()) {
//     // result row n.first_row is the number kept; n.duplicates later rows
//     // had the same E.164.
//   }
class ORACLE_EXPORT E164Deduplicator {
 public:
  struct Number {
    uint64_t first_row = 0;   // stream row of the first occurrence
    uint64_t duplicates = 0;  // later rows with the same E.164
    uint16_t country_code = 0;
    uint8_t leading_zeros = 0;
    uint64_t national_number = 0;
  };

  // Adds a chunk. When `is_first` is not null it receives, per row, 1 for
  // the first occurrence of a number and 0 for a duplicate or failed row.
  void Add(const BatchResult& result, std::vector<uint8_t>* is_first = nullptr);

  // Distinct numbers in order of first occurrence.
  const std::vector<Number>& numbers() const { return numbers_; }
  uint64_t rows_seen() const { return rows_seen_; }
  uint64_t duplicate_rows() const { return duplicate_rows_; }

 private:
  struct KeyHash {
    size_t operator()(const std::pair<uint64_t, uint32_t>& k) const {
      return std::hash<uint64_t>()(k.first * 0x9E3779B97F4A7C15ull ^ k.second);
    }
  };
  std::unordered_map<std::pair<uint64_t, uint32_t>, size_t, KeyHash> index_;
  std::vector<Number> numbers_;
  uint64_t rows_seen_ = 0;
  uint64_t duplicate_rows_ = 0;
};

}  // namespace oracle

#endif  // ORACLE_BATCH_H_
