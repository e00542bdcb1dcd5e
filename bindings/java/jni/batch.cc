// The batch call of the Java binding: Engine.segmentBatch over
// oracle::BatchSegmenter (its fast path and its worker threads).
//
// The Java side encodes a chunk of texts into one byte[] of UTF-8 plus an
// int[] of offsets (Arrow's layout) and allocates one primitive array per
// integer column for the whole batch. One call per chunk copies the input in
// (two Get*ArrayRegion), segments it with a BatchSegmenter and copies each
// column out with one Set*ArrayRegion at the chunk's row offset: no JNI call
// per row. Strings that the Java side cannot rebuild from the integer columns
// come back as one UTF-8 column per asked format, as sparse columns (row
// numbers + strings) for the extensions and carrier codes asked for, which
// few rows have, and as the failed rows with an index into their distinct
// messages. A failed row's message is the one the batch keeps
// (BatchResult::error_message, the engine's own text); only when the batch
// does not know it is the engine asked again.
//
// A BatchContext (one per Engine, made on the first batch) owns a copy of
// the engine and its segmenters: single-thread ones lent to each call (so
// that Java threads sharing a large batch each have their own) and returned
// to an idle list, and one per (threads, strings) pair with its pool of
// threads for small batches; they live until the engine is closed. The Java
// EngineHandle keeps the context alive while a call uses it.
//
// Thread safety: calls may run concurrently on any threads; the context's
// lists are guarded by its mutex, and a segmenter serves one call at a time
// (BatchSegmenter::Segment takes turns itself for the shared ones).
//
// Layouts shared with NativeMethods.java (constants COL_*, OUT_*).
#include <jni.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <iterator>
#include <limits>
#include <list>
#include <memory>
#include <mutex>
#include <span>
#include <system_error>
#include <thread>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jni_common.h"
#include "native_tables.h"
#include "oracle/batch.h"
#include "oracle/engine.h"
#include "oracle/segmentation.h"
#include "oracle/status.h"
#include "utf16.h"

namespace oracle::jni {
namespace {

// The integer columns, in the order of the Object[] `columns` argument:
// byte[] error, valid, possible, possibility, type, country code source,
// portable; char[] region id, country code; long[] national number; byte[]
// leading zeros, NDC length; char[] operator id; int[] flags.
enum Column : int {
  kColError = 0,
  kColValid,
  kColPossible,
  kColPossibility,
  kColType,
  kColSource,
  kColPortable,
  kColRegionId,
  kColCountryCode,
  kColNationalNumber,
  kColLeadingZeros,
  kColNdcLength,
  kColOperatorId,
  kColFlags,
  kColumnCount
};

// The Object[] returned per chunk: for each asked format a byte[] of UTF-8
// and an int[rows + 1] of offsets (null when not asked); then, for the
// extension and the carrier code, an int[] of the rows that have one
// (ascending, chunk-relative), a byte[] of their UTF-8 and an int[count + 1]
// of offsets (three nulls when no row has one); then, for the error
// messages, which repeat, the failed rows (int[], ascending), the index of
// each one's message (int[]) and the distinct messages (String[]) (three
// nulls when no row failed).
enum Out : int {
  kOutInternational = 0,
  kOutNational = 2,
  kOutRfc3966 = 4,
  kOutExtension = 6,
  kOutCarrierCode = 9,
  kOutErrorMessage = 12,
  kOutSize = 15
};

// The Java SegmentField bits.
constexpr jint kFieldBitInternational = 1;
constexpr jint kFieldBitNational = 2;
constexpr jint kFieldBitRfc3966 = 4;
constexpr jint kFieldBitExtension = 1 << 16;
constexpr jint kFieldBitCarrierCode = 1 << 17;

// Segmenters kept per context: enough for every thread count a program
// uses with each field selection, bounded in case it uses many.
constexpr size_t kMaxSegmenters = 8;
// Single-thread segmenters kept idle between calls (about 1 MB each): two
// per processor, at least 8.
size_t MaxIdleSegmenters() {
  static const size_t max_idle =
      std::max<size_t>(8, 2 * static_cast<size_t>(std::thread::hardware_concurrency()));
  return max_idle;
}

// The engine of a Java Engine and the segmenters made from it.
class BatchContext {
 public:
  explicit BatchContext(const Engine& engine) : engine_(engine) {}

  const Engine& engine() const { return engine_; }

  // The segmenter for `threads` (>= 1) and BatchString bits `strings`.
  // With threads > 1: one per pair, made on first use and kept (its pool
  // serves one batch at a time; the cache may drop it while a call runs).
  // With one thread: a segmenter of its own for the duration of the call
  // (returned to an idle list when released), so that Java threads that
  // each segment a part of a batch run side by side.
  std::shared_ptr<const BatchSegmenter> Get(int threads, uint32_t strings) {
    if (threads == 1) return Lease(strings);
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = cache_.begin(); it != cache_.end(); ++it) {
      if (it->threads == threads && it->strings == strings) {
        cache_.splice(cache_.begin(), cache_, it);  // most recent first
        return cache_.front().segmenter;
      }
    }
    auto segmenter = std::shared_ptr<const BatchSegmenter>(Make(threads, strings));
    cache_.push_front({threads, strings, segmenter});
    if (cache_.size() > kMaxSegmenters) cache_.pop_back();
    return segmenter;
  }

 private:
  struct Entry {
    int threads;
    uint32_t strings;
    std::shared_ptr<const BatchSegmenter> segmenter;
  };
  struct Idle {
    uint32_t strings;
    std::unique_ptr<BatchSegmenter> segmenter;
  };

  std::unique_ptr<BatchSegmenter> Make(int threads, uint32_t strings) const {
    BatchOptions options;
    options.num_threads = threads;
    options.strings = strings;
    Result<BatchSegmenter> made = BatchSegmenter::Make(engine_, options);
    if (!made.ok()) throw StatusThrow{made.status()};
    return std::make_unique<BatchSegmenter>(std::move(made).value());
  }

  std::shared_ptr<const BatchSegmenter> Lease(uint32_t strings) {
    std::unique_ptr<BatchSegmenter> segmenter;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto it = idle_.begin(); it != idle_.end(); ++it) {
        if (it->strings == strings) {
          segmenter = std::move(it->segmenter);
          idle_.erase(it);
          break;
        }
      }
    }
    if (segmenter == nullptr) segmenter = Make(1, strings);  // outside the lock
    // Owned by the lease from here (its constructor calls the deleter if
    // it cannot allocate).
    BatchSegmenter* raw = segmenter.release();
    return std::shared_ptr<const BatchSegmenter>(
        raw, [this, strings](const BatchSegmenter* s) {
          Return(strings, const_cast<BatchSegmenter*>(s));
        });
  }

  void Return(uint32_t strings, BatchSegmenter* s) noexcept {
    std::unique_ptr<BatchSegmenter> owned(s);
    try {
      std::lock_guard<std::mutex> lock(mu_);
      if (idle_.size() < MaxIdleSegmenters()) {
        idle_.push_back({strings, std::move(owned)});
      }
    } catch (...) {
      // Out of memory: the segmenter is simply freed.
    }
  }

  const Engine engine_;
  std::mutex mu_;
  std::list<Entry> cache_;
  std::vector<Idle> idle_;
};

BatchContext& ContextFromHandle(jlong handle) {
  if (handle == 0) {
    throw JavaThrow{g_classes.illegal_state_exception, "engine is closed"};
  }
  return *reinterpret_cast<BatchContext*>(static_cast<intptr_t>(handle));
}

// The error messages of a chunk's failed rows, as the Java layout: the
// rows, each one's index into `texts`, the distinct messages. The batch's
// own messages are shared by their BatchResult::error_detail.
struct Messages {
  std::vector<jint> rows;
  std::vector<jint> index;
  std::vector<std::string> texts;
  int by_detail[256];

  void Clear() {
    rows.clear();
    index.clear();
    texts.clear();
    std::fill(std::begin(by_detail), std::end(by_detail), -1);
  }
  // Row `row` with a message of its own.
  void Add(size_t row, std::string text) {
    rows.push_back(static_cast<jint>(row));
    index.push_back(static_cast<jint>(texts.size()));
    texts.push_back(std::move(text));
  }
  // Row `row` with the batch's message for `detail` (`text`, not empty).
  void AddKnown(size_t row, uint8_t detail, std::string_view text) {
    int& k = by_detail[detail];
    if (k < 0) {
      k = static_cast<int>(texts.size());
      texts.emplace_back(text);
    }
    rows.push_back(static_cast<jint>(row));
    index.push_back(k);
  }
};

// Per-thread buffers, reused across chunks.
struct BatchScratch {
  std::vector<char> utf8;
  std::vector<int32_t> offsets;
  std::vector<std::string> region_dict;
  std::vector<std::string_view> regions;
  std::vector<jint> region_ids;
  BatchResult result;
  Messages messages;
  Segmentation seg;
  std::vector<jchar> utf16;
  std::string text;
};

BatchScratch& ThreadBatchScratch() {
  thread_local BatchScratch scratch;
  return scratch;
}

// Gives back the memory a large chunk made the buffers grow to.
void TrimBatchScratch(BatchScratch& s) {
  constexpr size_t kKeepBytes = size_t{16} << 20;
  constexpr size_t kKeepRows = size_t{1} << 17;
  if (s.utf8.capacity() > kKeepBytes) std::vector<char>().swap(s.utf8);
  if (s.offsets.capacity() > kKeepRows + 1) {
    std::vector<int32_t>().swap(s.offsets);
  }
  if (s.regions.capacity() > kKeepRows) {
    std::vector<std::string_view>().swap(s.regions);
  }
  if (s.region_ids.capacity() > kKeepRows) std::vector<jint>().swap(s.region_ids);
  if (s.result.size() > kKeepRows) s.result = BatchResult();
  if (s.utf16.capacity() > kKeepBytes) std::vector<jchar>().swap(s.utf16);
  if (s.text.capacity() > kKeepBytes) std::string().swap(s.text);
  if (s.messages.rows.capacity() > kKeepRows) {
    std::vector<jint>().swap(s.messages.rows);
    std::vector<jint>().swap(s.messages.index);
  }
  s.messages.texts.clear();
}

// Rows of a string column with a value, as the sparse Java layout.
struct Sparse {
  std::vector<jint> rows;
  std::string bytes;
  std::vector<jint> ends{0};

  void Add(size_t row, std::string_view value) {
    rows.push_back(static_cast<jint>(row));
    bytes.append(value);
    if (bytes.size() > static_cast<size_t>(std::numeric_limits<jint>::max())) {
      throw StatusThrow{Status::OutOfRange("batch chunk strings over 2 GiB")};
    }
    ends.push_back(static_cast<jint>(bytes.size()));
  }
};

void SetSparse(JNIEnv* env, jobjectArray out, int slot, const Sparse& s) {
  if (s.rows.empty()) return;
  SetSlot(env, out, slot, NewIntArray(env, s.rows));
  SetSlot(env, out, slot + 1, NewByteArray(env, s.bytes.data(), s.bytes.size()));
  SetSlot(env, out, slot + 2, NewIntArray(env, s.ends));
}

void SetStringColumn(JNIEnv* env, jobjectArray out, int slot,
                     const StringColumn& column) {
  SetSlot(env, out, slot,
          NewByteArray(env, column.data().data(), column.data().size()));
  const std::vector<int32_t>& offsets = column.offsets();
  const jsize n = CheckedSize(offsets.size());
  jintArray a = env->NewIntArray(n);
  if (a == nullptr) throw JavaExceptionPending{};
  env->SetIntArrayRegion(a, 0, n, reinterpret_cast<const jint*>(offsets.data()));
  CheckJava(env);
  SetSlot(env, out, slot + 1, a);
}

// Copies `n` values of a BatchResult column to Java array `array` at `at`.
template <typename T>
void CopyOut(JNIEnv* env, jobjectArray columns, int slot, jint at,
             const std::vector<T>& values) {
  auto array = static_cast<jarray>(env->GetObjectArrayElement(columns, slot));
  CheckJava(env);
  if (array == nullptr) {
    throw JavaThrow{g_classes.null_pointer_exception, "result column is null"};
  }
  const jsize n = static_cast<jsize>(values.size());
  if (env->GetArrayLength(array) - at < n) {
    env->DeleteLocalRef(array);
    throw JavaThrow{g_classes.illegal_argument_exception,
                    "result column too short"};
  }
  if constexpr (sizeof(T) == 1) {
    env->SetByteArrayRegion(static_cast<jbyteArray>(array), at, n,
                            reinterpret_cast<const jbyte*>(values.data()));
  } else if constexpr (sizeof(T) == 2) {
    env->SetCharArrayRegion(static_cast<jcharArray>(array), at, n,
                            reinterpret_cast<const jchar*>(values.data()));
  } else if constexpr (sizeof(T) == 4) {
    env->SetIntArrayRegion(static_cast<jintArray>(array), at, n,
                           reinterpret_cast<const jint*>(values.data()));
  } else {
    static_assert(sizeof(T) == 8);
    env->SetLongArrayRegion(static_cast<jlongArray>(array), at, n,
                            reinterpret_cast<const jlong*>(values.data()));
  }
  env->DeleteLocalRef(array);
  CheckJava(env);
}

// A failed row whose message the batch does not know: its place in
// Messages::rows and the engine's message.
struct AskRow {
  size_t row;
  size_t slot;
  std::string message;
};

// A row segmented by the engine itself (a text too large to pack). Such a
// text has more code points than the engine reads, so it always fails; a
// success would mean the batch columns cannot describe it.
std::string SegmentSpecial(const Status& status, size_t row, BatchResult* out) {
  if (status.ok()) {
    throw StatusThrow{
        Status::Internal("a text too large for the batch parsed as a number")};
  }
  out->error[row] = static_cast<uint8_t>(status.code());
  return status.message();
}

// Fills the message of each failed row that asks for it (the rare failure
// whose message the batch does not know): the engine is asked why. On up to
// `threads` threads when there are many such rows (the engine is
// thread-safe; each thread has its own Segmentation and its own rows).
void AskWhy(const Engine& engine, const TextColumn& texts,
            const std::vector<std::string_view>& regions, int threads,
            std::vector<AskRow>* rows_to_ask) {
  std::vector<AskRow>& rows = *rows_to_ask;
  auto ask = [&](size_t begin, size_t end) {
    Segmentation seg;
    for (size_t k = begin; k < end; ++k) {
      AskRow& f = rows[k];
      const Status status =
          engine.SegmentInto(texts[f.row], regions[f.row], 0, &seg);
      if (!status.ok()) f.message = status.message();
    }
  };
  constexpr size_t kMinRowsPerThread = 256;
  const size_t workers = std::max<size_t>(
      1, std::min(static_cast<size_t>(threads), rows.size() / kMinRowsPerThread));
  if (workers == 1) {
    ask(0, rows.size());
    return;
  }
  std::vector<std::thread> helpers;
  std::exception_ptr error;
  std::mutex error_mu;
  for (size_t w = 1; w < workers; ++w) {
    const size_t begin = rows.size() * w / workers;
    const size_t end = rows.size() * (w + 1) / workers;
    try {
      helpers.emplace_back([&, begin, end] {
        try {
          ask(begin, end);
        } catch (...) {
          std::lock_guard<std::mutex> lock(error_mu);
          if (!error) error = std::current_exception();
        }
      });
    } catch (const std::system_error&) {
      ask(begin, end);  // no thread to be had: do it here
    }
  }
  try {
    ask(0, rows.size() / workers);
  } catch (...) {
    std::lock_guard<std::mutex> lock(error_mu);
    if (!error) error = std::current_exception();
  }
  for (std::thread& t : helpers) t.join();
  if (error) std::rethrow_exception(error);
}

jlong CreateBatchContext(JNIEnv* env, jclass, jlong engine_handle) {
  return Guarded<Api::kEngine>(env, jlong{0}, [&]() -> jlong {
    const Engine& engine = EngineFromHandle(engine_handle);
    auto* context = new BatchContext(engine);
    return static_cast<jlong>(reinterpret_cast<intptr_t>(context));
  });
}

void DestroyBatchContext(JNIEnv* env, jclass, jlong handle) {
  Guarded<Api::kEngine>(env, 0, [&] {
    delete reinterpret_cast<BatchContext*>(static_cast<intptr_t>(handle));
    return 0;
  });
}

// {String[] region names, String[] operator names}: the id tables of every
// segmenter of the context (they depend only on the engine).
jobjectArray BatchTables(JNIEnv* env, jclass, jlong handle) {
  return Guarded<Api::kEngine>(env, jobjectArray{nullptr}, [&] {
    BatchContext& context = ContextFromHandle(handle);
    std::shared_ptr<const BatchSegmenter> segmenter = context.Get(1, 0);
    std::vector<std::string> regions;
    for (size_t id = 0; id < segmenter->region_count(); ++id) {
      regions.emplace_back(segmenter->region_name(static_cast<uint16_t>(id)));
    }
    std::vector<std::string> operators;
    for (size_t id = 0; id < segmenter->operator_count(); ++id) {
      operators.emplace_back(
          segmenter->operator_name(static_cast<uint16_t>(id)));
    }
    jobjectArray tables = env->NewObjectArray(2, g_classes.object, nullptr);
    if (tables == nullptr) throw JavaExceptionPending{};
    SetSlot(env, tables, 0, NewStringArray(env, regions));
    SetSlot(env, tables, 1, NewStringArray(env, operators));
    return tables;
  });
}

// Segments one chunk of `rows` texts packed by the Java side: row i is
// utf8[offsets[i], offsets[i + 1]). Its default region is
// region_dict[region_ids[i]] (null entry: none) when region_ids is not
// null, else `region` (null: none). special_rows (ascending, may be null)
// lists rows the Java side left empty: a null text when special_texts[k] is
// null (a failed row, INVALID_ARGUMENT), otherwise a text too large to pack,
// segmented here by the engine. Writes the integer columns into the arrays
// of `columns` from index `at`; returns the string columns (Out layout).
jobjectArray SegmentColumns(JNIEnv* env, jclass, jlong handle, jint threads,
                            jint fields, jbyteArray utf8, jintArray offsets,
                            jint rows, jstring region, jobjectArray region_dict,
                            jintArray region_ids, jintArray special_rows,
                            jobjectArray special_texts, jobjectArray columns,
                            jint at) {
  return Guarded<Api::kEngine>(env, jobjectArray{nullptr}, [&] {
    BatchContext& context = ContextFromHandle(handle);
    if (utf8 == nullptr || offsets == nullptr || columns == nullptr) {
      throw JavaThrow{g_classes.null_pointer_exception,
                      "utf8, offsets or columns is null"};
    }
    if (rows < 0 || at < 0 || threads < 1 ||
        env->GetArrayLength(offsets) < rows + 1 ||
        env->GetArrayLength(columns) != kColumnCount ||
        (region_ids != nullptr &&
         (region_dict == nullptr || env->GetArrayLength(region_ids) < rows)) ||
        ((special_rows == nullptr) != (special_texts == nullptr)) ||
        (special_rows != nullptr && env->GetArrayLength(special_rows) !=
                                        env->GetArrayLength(special_texts))) {
      throw JavaThrow{g_classes.illegal_argument_exception,
                      "inconsistent batch arrays"};
    }
    BatchScratch& s = ThreadBatchScratch();
    const size_t n = static_cast<size_t>(rows);

    // Input: two copies, no call per row.
    s.offsets.resize(n + 1);
    env->GetIntArrayRegion(offsets, 0, rows + 1,
                           reinterpret_cast<jint*>(s.offsets.data()));
    CheckJava(env);
    const jint byte_count = env->GetArrayLength(utf8);
    // Our Java code packs the texts, but a bad packing must not read out
    // of bounds.
    if (s.offsets[0] != 0) {
      throw JavaThrow{g_classes.illegal_argument_exception,
                      "packed offsets must start at 0"};
    }
    bool out_of_order = false;  // one test at the end: a loop that vectorises
    for (size_t i = 0; i < n; ++i) {
      out_of_order |= s.offsets[i + 1] < s.offsets[i];
    }
    if (out_of_order) {
      throw JavaThrow{g_classes.illegal_argument_exception,
                      "packed offsets out of order"};
    }
    if (s.offsets[n] > byte_count) {
      throw JavaThrow{g_classes.illegal_argument_exception,
                      "packed offsets past the bytes"};
    }
    s.utf8.resize(static_cast<size_t>(s.offsets[n]) + 1);
    if (s.offsets[n] > 0) {
      env->GetByteArrayRegion(utf8, 0, s.offsets[n],
                              reinterpret_cast<jbyte*>(s.utf8.data()));
      CheckJava(env);
    }
    const TextColumn texts =
        TextColumn::FromArrow(s.utf8.data(), s.offsets.data(), n);

    // Regions: one view per row, into the dictionary or the common region.
    std::string common_region;
    if (region != nullptr) ReadString(env, region, &s.utf16, &common_region);
    if (region_ids == nullptr) {
      s.regions.assign(n, std::string_view(common_region));
    } else {
      const jsize entries = env->GetArrayLength(region_dict);
      s.region_dict.assign(static_cast<size_t>(entries), std::string());
      for (jsize k = 0; k < entries; ++k) {
        auto r = static_cast<jstring>(env->GetObjectArrayElement(region_dict, k));
        CheckJava(env);
        if (r != nullptr) {
          ReadString(env, r, &s.utf16, &s.region_dict[k]);
          env->DeleteLocalRef(r);
        }
      }
      s.region_ids.resize(n);
      env->GetIntArrayRegion(region_ids, 0, rows, s.region_ids.data());
      CheckJava(env);
      s.regions.resize(n);
      for (size_t i = 0; i < n; ++i) {
        // Unsigned: a negative id is out of range too.
        const auto id = static_cast<uint32_t>(s.region_ids[i]);
        if (id >= static_cast<uint32_t>(entries)) {
          throw JavaThrow{g_classes.illegal_argument_exception,
                          "region id out of range"};
        }
        s.regions[i] = s.region_dict[id];
      }
    }
    const TextColumn regions = TextColumn::FromViews(s.regions);

    // Only the string columns asked for: each costs time on every row.
    uint32_t strings = 0;
    if (fields & kFieldBitExtension) strings |= kBatchExtension;
    if (fields & kFieldBitCarrierCode) strings |= kBatchCarrierCode;
    if (fields & kFieldBitInternational) strings |= kBatchInternational;
    if (fields & kFieldBitNational) strings |= kBatchNational;
    if (fields & kFieldBitRfc3966) strings |= kBatchRfc3966;
    std::shared_ptr<const BatchSegmenter> segmenter =
        context.Get(threads, strings);
    BatchResult& out = s.result;
    Status status = segmenter->Segment(texts, regions, &out);
    if (!status.ok()) throw StatusThrow{status};

    // Rows the Java side left empty, then the messages of failed rows.
    std::vector<jint> special;
    if (special_rows != nullptr) {
      special.resize(static_cast<size_t>(env->GetArrayLength(special_rows)));
      env->GetIntArrayRegion(special_rows, 0, static_cast<jsize>(special.size()),
                             special.data());
      CheckJava(env);
    }
    const Engine& engine = context.engine();
    Messages& messages = s.messages;
    messages.Clear();
    std::vector<AskRow> ask;
    // The failed rows between two special rows (ascending), then the special
    // row itself.
    size_t i = 0;
    for (size_t k = 0; k <= special.size(); ++k) {
      size_t stop = n;
      if (k < special.size()) {
        if (special[k] < 0 || static_cast<size_t>(special[k]) < i) {
          throw JavaThrow{g_classes.illegal_argument_exception,
                          "special rows out of order"};
        }
        if (static_cast<size_t>(special[k]) >= n) {
          throw JavaThrow{g_classes.illegal_argument_exception,
                          "special rows out of range"};
        }
        stop = static_cast<size_t>(special[k]);
      }
      for (; i < stop; ++i) {
        if (out.error[i] == 0) continue;
        // The batch's own message (the engine's for the same text), or the
        // engine is asked below.
        const std::string_view known = out.error_message(i);
        if (!known.empty()) {
          messages.AddKnown(i, out.error_detail[i], known);
        } else {
          ask.push_back({i, messages.rows.size(), std::string()});
          messages.Add(i, std::string());
        }
      }
      if (k == special.size()) break;
      auto text = static_cast<jstring>(
          env->GetObjectArrayElement(special_texts, static_cast<jsize>(k)));
      CheckJava(env);
      if (text == nullptr) {
        out.error[i] = static_cast<uint8_t>(StatusCode::kInvalidArgument);
        messages.Add(i, "text is null");
      } else {
        ReadString(env, text, &s.utf16, &s.text);
        env->DeleteLocalRef(text);
        messages.Add(i, SegmentSpecial(engine.SegmentInto(s.text, s.regions[i],
                                                          0, &s.seg),
                                       i, &out));
      }
      ++i;
    }
    if (!ask.empty()) {
      AskWhy(engine, texts, s.regions, threads, &ask);
      for (AskRow& a : ask) {
        messages.texts[static_cast<size_t>(messages.index[a.slot])] =
            std::move(a.message);
      }
    }

    CopyOut(env, columns, kColError, at, out.error);
    CopyOut(env, columns, kColValid, at, out.valid);
    CopyOut(env, columns, kColPossible, at, out.possible);
    CopyOut(env, columns, kColPossibility, at, out.possibility);
    CopyOut(env, columns, kColType, at, out.type);
    CopyOut(env, columns, kColSource, at, out.country_code_source);
    CopyOut(env, columns, kColPortable, at, out.portable);
    CopyOut(env, columns, kColRegionId, at, out.region_id);
    CopyOut(env, columns, kColCountryCode, at, out.country_code);
    CopyOut(env, columns, kColNationalNumber, at, out.national_number);
    CopyOut(env, columns, kColLeadingZeros, at, out.leading_zeros);
    CopyOut(env, columns, kColNdcLength, at, out.ndc_length);
    CopyOut(env, columns, kColOperatorId, at, out.operator_id);
    CopyOut(env, columns, kColFlags, at, out.flags);

    jobjectArray result = env->NewObjectArray(kOutSize, g_classes.object,
                                              nullptr);
    if (result == nullptr) throw JavaExceptionPending{};
    if (strings & kBatchInternational) {
      SetStringColumn(env, result, kOutInternational, out.international);
    }
    if (strings & kBatchNational) {
      SetStringColumn(env, result, kOutNational, out.national);
    }
    if (strings & kBatchRfc3966) {
      SetStringColumn(env, result, kOutRfc3966, out.rfc3966);
    }
    Sparse extensions;
    Sparse carrier_codes;
    if (strings & kBatchExtension) {
      for (size_t i = 0; i < n; ++i) {
        if (!out.extension[i].empty()) extensions.Add(i, out.extension[i]);
      }
    }
    if (strings & kBatchCarrierCode) {
      for (size_t i = 0; i < n; ++i) {
        if (!out.carrier_code[i].empty()) {
          carrier_codes.Add(i, out.carrier_code[i]);
        }
      }
    }
    SetSparse(env, result, kOutExtension, extensions);
    SetSparse(env, result, kOutCarrierCode, carrier_codes);
    if (!messages.rows.empty()) {
      SetSlot(env, result, kOutErrorMessage, NewIntArray(env, messages.rows));
      SetSlot(env, result, kOutErrorMessage + 1,
              NewIntArray(env, messages.index));
      SetSlot(env, result, kOutErrorMessage + 2,
              NewStringArray(env, messages.texts));
    }
    TrimBatchScratch(s);
    return result;
  });
}

#define ORACLE_JNI_METHOD(name, signature, fn) \
  {const_cast<char*>(name), const_cast<char*>(signature), \
   reinterpret_cast<void*>(fn)}

const JNINativeMethod kBatchMethods[] = {
    ORACLE_JNI_METHOD("createBatchContext", "(J)J", CreateBatchContext),
    ORACLE_JNI_METHOD("destroyBatchContext", "(J)V", DestroyBatchContext),
    ORACLE_JNI_METHOD("batchTables", "(J)[Ljava/lang/Object;", BatchTables),
    ORACLE_JNI_METHOD("segmentColumns",
                      "(JII[B[IILjava/lang/String;[Ljava/lang/String;[I[I"
                      "[Ljava/lang/String;[Ljava/lang/Object;I)"
                      "[Ljava/lang/Object;",
                      SegmentColumns),
};

#undef ORACLE_JNI_METHOD

}  // namespace

std::span<const JNINativeMethod> BatchMethods() { return kBatchMethods; }

}  // namespace oracle::jni
