// JNI entry points of the Java binding: the native side of the class
// io.github.oraclephone.NativeMethods.
//
// Rules every entry point follows:
//   - It runs its body inside Guarded(), which catches every C++ exception
//     and turns it into a pending Java exception (OracleException with code
//     INTERNAL, or OutOfMemoryError for std::bad_alloc). No C++ exception
//     ever crosses into the JVM.
//   - A failed oracle::Status becomes an OracleException carrying the
//     status code (io.github.oraclephone.ErrorCode) and message.
//   - Text comes in through GetStringRegion (UTF-16) and is converted to
//     standard UTF-8 by utf16.h; results go back as UTF-8 bytes inside Java
//     arrays, decoded on the Java side. The layouts of those arrays are
//     described below and in NativeMethods.java; the two must agree.
//   - Nothing here keeps a JNI local reference across iterations or a
//     global reference beyond JNI_OnUnload.
//
// The methods are bound with RegisterNatives in JNI_OnLoad, so the library
// exports only JNI_OnLoad and JNI_OnUnload (see the version script).
//
// Thread safety: an oracle::Engine is immutable, so the entry points may run
// concurrently on any threads; per-thread scratch buffers are thread_local.
// The Java side (EngineHandle) guarantees that a handle is not destroyed
// while a call that uses it is running.
#include <jni.h>

#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "oracle/engine.h"
#include "oracle/segmentation.h"
#include "oracle/status.h"
#include "oracle/version.h"
#include "utf16.h"

namespace oracle::jni {
namespace {

// ---------------------------------------------------------------------------
// Layouts shared with NativeMethods.java.

// The int[] "meta" array filled by segment(): scalar fields, then the UTF-8
// byte length of each string field, in StringField order. The strings
// themselves follow one another in the byte[] "data" array.
constexpr int kMetaCode = 0;  // oracle::StatusCode; 0 = OK
constexpr int kMetaCountryCode = 1;
constexpr int kMetaType = 2;           // oracle::NumberType
constexpr int kMetaPossibility = 3;    // oracle::Possibility
constexpr int kMetaSource = 4;         // oracle::CountryCodeSource
constexpr int kMetaBits = 5;           // kBit* below
constexpr int kMetaFlags = 6;          // oracle::SegmentationFlag bits
constexpr int kMetaLengths = 7;        // kStringFields lengths from here
constexpr int kStringFields = 12;
constexpr int kMetaSize = kMetaLengths + kStringFields;

constexpr int kBitValid = 1;
constexpr int kBitPossible = 2;
constexpr int kBitPortable = 4;

enum StringField : int {
  kE164 = 0,
  kRegion,
  kNationalNumber,
  kNdc,
  kSubscriberNumber,
  kOperatorName,
  kExtension,
  kInternational,
  kNational,
  kRfc3966,
  kCarrierCode,
  kErrorMessage,  // only for rows that failed
};
static_assert(kErrorMessage + 1 == kStringFields);

// The Object[] returned by segmentChunk(), one column per slot: int[] codes,
// int[] country codes, byte[] types, byte[] possibilities, byte[] sources,
// byte[] bits, int[] flags, then for each StringField a byte[] of
// concatenated UTF-8 and an int[] of size rows + 1 with the offsets.
constexpr int kChunkCode = 0;
constexpr int kChunkCountryCode = 1;
constexpr int kChunkType = 2;
constexpr int kChunkPossibility = 3;
constexpr int kChunkSource = 4;
constexpr int kChunkBits = 5;
constexpr int kChunkFlags = 6;
constexpr int kChunkStrings = 7;
constexpr int kChunkSize = kChunkStrings + 2 * kStringFields;

// ---------------------------------------------------------------------------
// Java classes used from native code, resolved once in JNI_OnLoad.

constexpr char kNativeMethodsClass[] = "io/github/oraclephone/NativeMethods";
constexpr char kOracleExceptionClass[] =
    "io/github/oraclephone/OracleException";

struct JavaClasses {
  jclass oracle_exception = nullptr;
  jmethodID oracle_exception_init = nullptr;  // (int code, String message)
  jclass object = nullptr;
  jclass string = nullptr;
  jclass out_of_memory_error = nullptr;
  jclass null_pointer_exception = nullptr;
  jclass illegal_argument_exception = nullptr;
  jclass illegal_state_exception = nullptr;
};

// Written by JNI_OnLoad before any entry point can run, cleared by
// JNI_OnUnload after the last one; read-only in between.
JavaClasses g_classes;

// Thrown (as a C++ exception) when a JNI call left a Java exception pending:
// unwinds to Guarded(), which returns to the JVM with that exception.
struct JavaExceptionPending {};

void CheckJava(JNIEnv* env) {
  if (env->ExceptionCheck()) throw JavaExceptionPending{};
}

// A Java exception to raise from the entry point (thrown as a C++ exception
// so that helpers can bail out from any depth).
struct JavaThrow {
  jclass cls;
  const char* message;
};

// A failed Status to raise as an OracleException.
struct StatusThrow {
  Status status;
};

// A new java.lang.String from UTF-8 (ill-formed bytes become U+FFFD).
jstring NewJavaString(JNIEnv* env, std::string_view utf8) {
  std::u16string utf16;
  AppendUtf8AsUtf16(utf8, &utf16);
  if (utf16.size() > static_cast<size_t>(std::numeric_limits<jsize>::max())) {
    throw JavaThrow{g_classes.illegal_state_exception, "string too long"};
  }
  jstring s = env->NewString(reinterpret_cast<const jchar*>(utf16.data()),
                             static_cast<jsize>(utf16.size()));
  if (s == nullptr) throw JavaExceptionPending{};
  return s;
}

// Sets a pending OracleException. Never throws: falls back to an
// OutOfMemoryError when even that cannot be built.
void SetOracleException(JNIEnv* env, StatusCode code,
                        std::string_view message) noexcept {
  try {
    jstring jmessage = NewJavaString(env, message);
    jobject e = env->NewObject(g_classes.oracle_exception,
                               g_classes.oracle_exception_init,
                               static_cast<jint>(code), jmessage);
    if (e != nullptr) env->Throw(static_cast<jthrowable>(e));
  } catch (...) {
    if (!env->ExceptionCheck()) {
      env->ThrowNew(g_classes.out_of_memory_error,
                    "cannot build an OracleException");
    }
  }
}

// Runs `body` and returns its result; any C++ exception becomes a pending
// Java exception and `on_error` is returned instead.
template <typename R, typename F>
R Guarded(JNIEnv* env, R on_error, F&& body) noexcept {
  try {
    return body();
  } catch (const JavaExceptionPending&) {
    // Already pending.
  } catch (const JavaThrow& t) {
    if (!env->ExceptionCheck()) env->ThrowNew(t.cls, t.message);
  } catch (const StatusThrow& t) {
    if (!env->ExceptionCheck()) {
      SetOracleException(env, t.status.code(), t.status.message());
    }
  } catch (const std::bad_alloc&) {
    if (!env->ExceptionCheck()) {
      env->ThrowNew(g_classes.out_of_memory_error,
                    "out of native memory in the Oracle engine");
    }
  } catch (const std::exception& e) {
    if (!env->ExceptionCheck()) {
      // Both pieces are copied before use: e.what() stays valid here.
      std::string message = "unexpected C++ exception: ";
      try {
        message += e.what();
      } catch (...) {
      }
      SetOracleException(env, StatusCode::kInternal, message);
    }
  } catch (...) {
    if (!env->ExceptionCheck()) {
      SetOracleException(env, StatusCode::kInternal,
                         "unexpected non-standard C++ exception");
    }
  }
  return on_error;
}

// ---------------------------------------------------------------------------
// Reading Java values.

// Replaces `*out` with the UTF-8 form of the (non-null) Java string `s`.
void ReadString(JNIEnv* env, jstring s, std::vector<jchar>* utf16,
                std::string* out) {
  out->clear();
  const jsize n = env->GetStringLength(s);
  CheckJava(env);
  if (n == 0) return;
  if (utf16->size() < static_cast<size_t>(n)) utf16->resize(n);
  env->GetStringRegion(s, 0, n, utf16->data());
  CheckJava(env);
  AppendUtf16AsUtf8(reinterpret_cast<const uint16_t*>(utf16->data()),
                    static_cast<size_t>(n), out);
}

std::string ReadString(JNIEnv* env, jstring s) {
  std::vector<jchar> utf16;
  std::string out;
  ReadString(env, s, &utf16, &out);
  return out;
}

// The strings of a String[] (which must not contain null).
std::vector<std::string> ReadStringArray(JNIEnv* env, jobjectArray array,
                                         const char* what) {
  std::vector<std::string> out;
  if (array == nullptr) return out;
  const jsize n = env->GetArrayLength(array);
  out.reserve(n);
  std::vector<jchar> utf16;
  for (jsize i = 0; i < n; ++i) {
    auto s = static_cast<jstring>(env->GetObjectArrayElement(array, i));
    CheckJava(env);
    if (s == nullptr) throw JavaThrow{g_classes.null_pointer_exception, what};
    out.emplace_back();
    ReadString(env, s, &utf16, &out.back());
    env->DeleteLocalRef(s);
  }
  return out;
}

const Engine& EngineFromHandle(jlong handle) {
  if (handle == 0) {
    throw JavaThrow{g_classes.illegal_state_exception, "engine is closed"};
  }
  return *reinterpret_cast<const Engine*>(static_cast<intptr_t>(handle));
}

// ---------------------------------------------------------------------------
// Building Java values.

jobjectArray NewStringArray(JNIEnv* env, const std::vector<std::string>& v) {
  jobjectArray array =
      env->NewObjectArray(static_cast<jsize>(v.size()), g_classes.string,
                          nullptr);
  if (array == nullptr) throw JavaExceptionPending{};
  for (size_t i = 0; i < v.size(); ++i) {
    jstring s = NewJavaString(env, v[i]);
    env->SetObjectArrayElement(array, static_cast<jsize>(i), s);
    env->DeleteLocalRef(s);
    CheckJava(env);
  }
  return array;
}

jsize CheckedSize(size_t n) {
  if (n > static_cast<size_t>(std::numeric_limits<jsize>::max())) {
    throw StatusThrow{Status::OutOfRange("result larger than a Java array")};
  }
  return static_cast<jsize>(n);
}

jintArray NewIntArray(JNIEnv* env, const std::vector<jint>& v) {
  const jsize n = CheckedSize(v.size());
  jintArray a = env->NewIntArray(n);
  if (a == nullptr) throw JavaExceptionPending{};
  env->SetIntArrayRegion(a, 0, n, v.data());
  CheckJava(env);
  return a;
}

jbyteArray NewByteArray(JNIEnv* env, const void* data, size_t size) {
  const jsize n = CheckedSize(size);
  jbyteArray a = env->NewByteArray(n);
  if (a == nullptr) throw JavaExceptionPending{};
  env->SetByteArrayRegion(a, 0, n, static_cast<const jbyte*>(data));
  CheckJava(env);
  return a;
}

// The string fields of a Segmentation, in StringField order (all but the
// error message).
inline const std::string* SegmentationString(const Segmentation& s, int f) {
  switch (f) {
    case kE164: return &s.e164;
    case kRegion: return &s.region;
    case kNationalNumber: return &s.national_number;
    case kNdc: return &s.ndc;
    case kSubscriberNumber: return &s.subscriber_number;
    case kOperatorName: return &s.operator_name;
    case kExtension: return &s.extension;
    case kInternational: return &s.international;
    case kNational: return &s.national;
    case kRfc3966: return &s.rfc3966;
    case kCarrierCode: return &s.carrier_code;
    default: return nullptr;
  }
}

inline jint Bits(const Segmentation& s) {
  return (s.valid ? kBitValid : 0) | (s.possible ? kBitPossible : 0) |
         (s.portable ? kBitPortable : 0);
}

// The columns of one chunk of a batch, filled row by row.
class ChunkBuilder {
 public:
  // Empties the columns (keeping their memory) for a chunk of `rows` rows.
  void Reset(size_t rows) {
    for (auto* v : {&codes_, &country_codes_, &flags_}) {
      v->clear();
      v->reserve(rows);
    }
    for (auto* v : {&types_, &possibilities_, &sources_, &bits_}) {
      v->clear();
      v->reserve(rows);
    }
    for (int f = 0; f < kStringFields; ++f) {
      offsets_[f].clear();
      offsets_[f].reserve(rows + 1);
      offsets_[f].push_back(0);
      data_[f].clear();
      data_[f].reserve(rows * kTypicalBytes[f]);
    }
  }

  // Bytes held, to decide when to give the memory back.
  size_t Capacity() const {
    size_t n = (codes_.capacity() + country_codes_.capacity() +
                flags_.capacity()) * sizeof(jint) +
               types_.capacity() + possibilities_.capacity() +
               sources_.capacity() + bits_.capacity();
    for (int f = 0; f < kStringFields; ++f) {
      n += data_[f].capacity() + offsets_[f].capacity() * sizeof(jint);
    }
    return n;
  }

  void AddSegmentation(const Segmentation& s) {
    codes_.push_back(0);
    country_codes_.push_back(s.country_code);
    types_.push_back(static_cast<jbyte>(s.type));
    possibilities_.push_back(static_cast<jbyte>(s.possibility));
    sources_.push_back(static_cast<jbyte>(s.country_code_source));
    bits_.push_back(static_cast<jbyte>(Bits(s)));
    flags_.push_back(static_cast<jint>(s.flags));
    for (int f = 0; f < kErrorMessage; ++f) {
      Append(f, *SegmentationString(s, f));
    }
    Append(kErrorMessage, {});
  }

  void AddFailure(StatusCode code, std::string_view message) {
    codes_.push_back(static_cast<jint>(code));
    country_codes_.push_back(0);
    types_.push_back(static_cast<jbyte>(NumberType::kUnknown));
    possibilities_.push_back(0);
    sources_.push_back(0);
    bits_.push_back(0);
    flags_.push_back(0);
    for (int f = 0; f < kErrorMessage; ++f) Append(f, {});
    Append(kErrorMessage, message);
  }

  jobjectArray ToJava(JNIEnv* env) const {
    jobjectArray chunk = env->NewObjectArray(kChunkSize, g_classes.object,
                                             nullptr);
    if (chunk == nullptr) throw JavaExceptionPending{};
    Set(env, chunk, kChunkCode, NewIntArray(env, codes_));
    Set(env, chunk, kChunkCountryCode, NewIntArray(env, country_codes_));
    Set(env, chunk, kChunkType,
        NewByteArray(env, types_.data(), types_.size()));
    Set(env, chunk, kChunkPossibility,
        NewByteArray(env, possibilities_.data(), possibilities_.size()));
    Set(env, chunk, kChunkSource,
        NewByteArray(env, sources_.data(), sources_.size()));
    Set(env, chunk, kChunkBits, NewByteArray(env, bits_.data(), bits_.size()));
    Set(env, chunk, kChunkFlags, NewIntArray(env, flags_));
    for (int f = 0; f < kStringFields; ++f) {
      Set(env, chunk, kChunkStrings + 2 * f,
          NewByteArray(env, data_[f].data(), data_[f].size()));
      Set(env, chunk, kChunkStrings + 2 * f + 1, NewIntArray(env, offsets_[f]));
    }
    return chunk;
  }

 private:
  void Append(int f, std::string_view s) {
    std::string& data = data_[f];
    data.append(s);
    if (data.size() > static_cast<size_t>(std::numeric_limits<jint>::max())) {
      throw StatusThrow{Status::OutOfRange("batch chunk larger than 2 GiB")};
    }
    offsets_[f].push_back(static_cast<jint>(data.size()));
  }

  static void Set(JNIEnv* env, jobjectArray chunk, int slot, jobject value) {
    env->SetObjectArrayElement(chunk, slot, value);
    env->DeleteLocalRef(value);
    CheckJava(env);
  }

  std::vector<jint> codes_;
  std::vector<jint> country_codes_;
  std::vector<jbyte> types_;
  std::vector<jbyte> possibilities_;
  std::vector<jbyte> sources_;
  std::vector<jbyte> bits_;
  std::vector<jint> flags_;
  // Typical UTF-8 length of each StringField, to size the buffers once.
  static constexpr size_t kTypicalBytes[kStringFields] = {
      14, 2, 11, 3, 9, 8, 0, 18, 15, 22, 0, 0};

  std::string data_[kStringFields];
  std::vector<jint> offsets_[kStringFields];
};

// Per-thread buffers, reused across calls so that a loop of single calls
// does not allocate once they have grown.
struct Scratch {
  std::vector<jchar> utf16;
  std::string text;
  std::string region;
  Segmentation segmentation;
  std::string out;  // segment()'s data bytes
  ChunkBuilder chunk;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// Frees the buffers a huge input made grow, so that they do not stay with
// the thread for good.
void TrimScratch(Scratch& scratch) {
  constexpr size_t kKeep = 1u << 20;
  if (scratch.utf16.capacity() > kKeep) {
    std::vector<jchar>().swap(scratch.utf16);
  }
  if (scratch.text.capacity() > kKeep) std::string().swap(scratch.text);
  if (scratch.region.capacity() > kKeep) std::string().swap(scratch.region);
  if (scratch.out.capacity() > kKeep) std::string().swap(scratch.out);
  // A chunk of typical numbers takes about 2 MiB.
  if (scratch.chunk.Capacity() > 16 * kKeep) scratch.chunk = ChunkBuilder();
}

// ---------------------------------------------------------------------------
// Entry points (static methods of NativeMethods).

jstring LibraryVersion(JNIEnv* env, jclass) {
  return Guarded(env, jstring{nullptr},
                 [&] { return NewJavaString(env, ORACLE_VERSION_STRING); });
}

jlong CreateEngine(JNIEnv* env, jclass, jstring metadata_path,
                   jboolean lenient_double_zero, jboolean migrate_ci_legacy,
                   jboolean ci_fixed_line_operators, jobjectArray rule_prefixes,
                   jobjectArray rule_operators,
                   jobjectArray portability_regions,
                   jbooleanArray portability_values) {
  return Guarded(env, jlong{0}, [&]() -> jlong {
    EngineOptions options;
    if (metadata_path != nullptr) {
      options.metadata_path = ReadString(env, metadata_path);
    }
    options.lenient_double_zero = lenient_double_zero == JNI_TRUE;
    options.migrate_ci_legacy = migrate_ci_legacy == JNI_TRUE;
    options.ci_fixed_line_operators = ci_fixed_line_operators == JNI_TRUE;

    std::vector<std::string> prefixes =
        ReadStringArray(env, rule_prefixes, "operator rule prefix is null");
    std::vector<std::string> operators =
        ReadStringArray(env, rule_operators, "operator rule name is null");
    if (prefixes.size() != operators.size()) {
      throw JavaThrow{g_classes.illegal_argument_exception,
                      "operator rule arrays differ in length"};
    }
    for (size_t i = 0; i < prefixes.size(); ++i) {
      options.operator_rules.push_back(
          {std::move(prefixes[i]), std::move(operators[i])});
    }

    std::vector<std::string> regions = ReadStringArray(
        env, portability_regions, "portability region is null");
    const jsize values =
        portability_values == nullptr ? 0
                                      : env->GetArrayLength(portability_values);
    if (static_cast<size_t>(values) != regions.size()) {
      throw JavaThrow{g_classes.illegal_argument_exception,
                      "portability arrays differ in length"};
    }
    std::vector<jboolean> portable(values);
    if (values > 0) {
      env->GetBooleanArrayRegion(portability_values, 0, values,
                                 portable.data());
      CheckJava(env);
    }
    options.portability.clear();
    for (size_t i = 0; i < regions.size(); ++i) {
      options.portability.push_back(
          {std::move(regions[i]), portable[i] == JNI_TRUE});
    }

    Result<Engine> engine = Engine::Make(options);
    if (!engine.ok()) throw StatusThrow{engine.status()};
    auto* heap = new Engine(std::move(engine).value());
    return static_cast<jlong>(reinterpret_cast<intptr_t>(heap));
  });
}

void DestroyEngine(JNIEnv* env, jclass, jlong handle) {
  Guarded(env, 0, [&] {
    delete reinterpret_cast<Engine*>(static_cast<intptr_t>(handle));
    return 0;
  });
}

jstring MetadataVersion(JNIEnv* env, jclass, jlong handle) {
  return Guarded(env, jstring{nullptr}, [&] {
    return NewJavaString(env, EngineFromHandle(handle).metadata_version());
  });
}

jobjectArray SupportedRegions(JNIEnv* env, jclass, jlong handle) {
  return Guarded(env, jobjectArray{nullptr}, [&] {
    return NewStringArray(env, EngineFromHandle(handle).SupportedRegions());
  });
}

jint CountryCodeForRegion(JNIEnv* env, jclass, jlong handle, jstring region) {
  return Guarded(env, jint{0}, [&]() -> jint {
    const Engine& engine = EngineFromHandle(handle);
    if (region == nullptr) return 0;
    return engine.CountryCodeForRegion(ReadString(env, region));
  });
}

// Segments one number. Fills `meta` (kMetaSize ints) and, when they fit,
// writes the string fields into `data`. Returns the number of data bytes
// the result needs: when that exceeds data.length nothing was written to
// `data` and the caller retries with a larger array.
jint Segment(JNIEnv* env, jclass, jlong handle, jstring text, jstring region,
             jint fields, jintArray meta, jbyteArray data) {
  return Guarded(env, jint{-1}, [&]() -> jint {
    const Engine& engine = EngineFromHandle(handle);
    if (text == nullptr) {
      throw JavaThrow{g_classes.null_pointer_exception, "text is null"};
    }
    if (meta == nullptr || data == nullptr ||
        env->GetArrayLength(meta) < kMetaSize) {
      throw JavaThrow{g_classes.illegal_argument_exception,
                      "bad scratch arrays"};
    }
    Scratch& scratch = ThreadScratch();
    ReadString(env, text, &scratch.utf16, &scratch.text);
    if (region != nullptr) {
      ReadString(env, region, &scratch.utf16, &scratch.region);
    } else {
      scratch.region.clear();
    }
    Segmentation& seg = scratch.segmentation;
    const Status status = engine.SegmentInto(
        scratch.text, scratch.region, static_cast<uint32_t>(fields), &seg);

    jint m[kMetaSize] = {};
    std::string& out = scratch.out;
    out.clear();
    if (status.ok()) {
      m[kMetaCountryCode] = seg.country_code;
      m[kMetaType] = static_cast<jint>(seg.type);
      m[kMetaPossibility] = static_cast<jint>(seg.possibility);
      m[kMetaSource] = static_cast<jint>(seg.country_code_source);
      m[kMetaBits] = Bits(seg);
      m[kMetaFlags] = static_cast<jint>(seg.flags);
      for (int f = 0; f < kErrorMessage; ++f) {
        const std::string& s = *SegmentationString(seg, f);
        m[kMetaLengths + f] = CheckedSize(s.size());
        out.append(s);
      }
    } else {
      m[kMetaCode] = static_cast<jint>(status.code());
      m[kMetaType] = static_cast<jint>(NumberType::kUnknown);
      m[kMetaLengths + kErrorMessage] = CheckedSize(status.message().size());
      out.append(status.message());
    }
    const jsize needed = CheckedSize(out.size());
    env->SetIntArrayRegion(meta, 0, kMetaSize, m);
    CheckJava(env);
    if (needed <= env->GetArrayLength(data)) {
      env->SetByteArrayRegion(data, 0, needed,
                              reinterpret_cast<const jbyte*>(out.data()));
      CheckJava(env);
    }
    TrimScratch(scratch);
    return needed;
  });
}

// Segments `rows` texts into a chunk. `read_text(i, &utf8)` fills the UTF-8
// of row i and returns false for a null text; `region_of(i)` is row i's
// default region.
template <typename ReadText, typename RegionOf>
jobjectArray SegmentRows(JNIEnv* env, const Engine& engine, size_t rows,
                         jint fields, ReadText read_text, RegionOf region_of) {
  Scratch& scratch = ThreadScratch();
  ChunkBuilder& chunk = scratch.chunk;
  chunk.Reset(rows);
  Segmentation& seg = scratch.segmentation;
  for (size_t i = 0; i < rows; ++i) {
    if (!read_text(i, &scratch.text)) {
      chunk.AddFailure(StatusCode::kInvalidArgument, "text is null");
      continue;
    }
    const Status status = engine.SegmentInto(
        scratch.text, region_of(i), static_cast<uint32_t>(fields), &seg);
    if (status.ok()) {
      chunk.AddSegmentation(seg);
    } else {
      chunk.AddFailure(status.code(), status.message());
    }
  }
  jobjectArray columns = chunk.ToJava(env);
  TrimScratch(scratch);
  return columns;
}

// Segments texts[from, to), with the default region `region` or, when
// `regions` is not null, regions[i] for texts[i] (null: no region). A null
// text is a failed row (INVALID_ARGUMENT). Returns the chunk's columns.
// Reads each string through JNI: the path for chunks too large to pack.
jobjectArray SegmentChunk(JNIEnv* env, jclass, jlong handle,
                          jobjectArray texts, jint from, jint to,
                          jstring region, jobjectArray regions, jint fields) {
  return Guarded(env, jobjectArray{nullptr}, [&] {
    const Engine& engine = EngineFromHandle(handle);
    if (texts == nullptr) {
      throw JavaThrow{g_classes.null_pointer_exception, "texts is null"};
    }
    const jsize length = env->GetArrayLength(texts);
    if (from < 0 || to < from || to > length ||
        (regions != nullptr && env->GetArrayLength(regions) < to)) {
      throw JavaThrow{g_classes.illegal_argument_exception,
                      "chunk bounds outside the arrays"};
    }
    std::vector<jchar> utf16;
    std::string common_region;
    if (region != nullptr) ReadString(env, region, &utf16, &common_region);
    std::string row_region;
    auto read_text = [&](size_t i, std::string* out) {
      auto text = static_cast<jstring>(
          env->GetObjectArrayElement(texts, from + static_cast<jint>(i)));
      CheckJava(env);
      if (text == nullptr) return false;
      ReadString(env, text, &utf16, out);
      env->DeleteLocalRef(text);
      return true;
    };
    auto region_of = [&](size_t i) -> const std::string& {
      if (regions == nullptr) return common_region;
      auto r = static_cast<jstring>(
          env->GetObjectArrayElement(regions, from + static_cast<jint>(i)));
      CheckJava(env);
      row_region.clear();
      if (r != nullptr) {
        ReadString(env, r, &utf16, &row_region);
        env->DeleteLocalRef(r);
      }
      return row_region;
    };
    return SegmentRows(env, engine, static_cast<size_t>(to - from), fields,
                       read_text, region_of);
  });
}

// Segments texts packed by the Java side: row i is chars[ends[i-1], ends[i])
// (ends[-1] = 0), a null text when nulls != null && nulls[i]. Its default
// region is region_dict[region_ids[i]] (null entry: none) when region_ids is
// not null, otherwise `region`. One copy of each array, no per-row JNI call.
jobjectArray SegmentPacked(JNIEnv* env, jclass, jlong handle, jcharArray chars,
                           jintArray ends, jbooleanArray nulls, jstring region,
                           jobjectArray region_dict, jintArray region_ids,
                           jint fields) {
  return Guarded(env, jobjectArray{nullptr}, [&] {
    const Engine& engine = EngineFromHandle(handle);
    if (chars == nullptr || ends == nullptr) {
      throw JavaThrow{g_classes.null_pointer_exception,
                      "chars or ends is null"};
    }
    const jsize rows = env->GetArrayLength(ends);
    const jsize char_count = env->GetArrayLength(chars);
    if ((nulls != nullptr && env->GetArrayLength(nulls) != rows) ||
        (region_ids != nullptr &&
         (region_dict == nullptr || env->GetArrayLength(region_ids) != rows))) {
      throw JavaThrow{g_classes.illegal_argument_exception,
                      "packed arrays differ in length"};
    }
    // Not a vector: its zero-filling would be wasted, the copy overwrites it.
    std::unique_ptr<jchar[]> utf16(new jchar[static_cast<size_t>(char_count)]);
    std::vector<jint> end(static_cast<size_t>(rows));
    std::vector<jboolean> is_null(nulls != nullptr ? rows : 0);
    std::vector<jint> ids(region_ids != nullptr ? rows : 0);
    env->GetCharArrayRegion(chars, 0, char_count, utf16.get());
    CheckJava(env);
    env->GetIntArrayRegion(ends, 0, rows, end.data());
    CheckJava(env);
    if (nulls != nullptr) {
      env->GetBooleanArrayRegion(nulls, 0, rows, is_null.data());
      CheckJava(env);
    }
    if (region_ids != nullptr) {
      env->GetIntArrayRegion(region_ids, 0, rows, ids.data());
      CheckJava(env);
    }
    // The packing comes from our own Java code, but a bad one must not read
    // out of bounds.
    jint previous = 0;
    for (jint e : end) {
      if (e < previous || e > char_count) {
        throw JavaThrow{g_classes.illegal_argument_exception,
                        "packed text offsets out of order"};
      }
      previous = e;
    }
    std::vector<std::string> dict;
    if (region_dict != nullptr) {
      const jsize n = env->GetArrayLength(region_dict);
      std::vector<jchar> scratch16;
      for (jsize k = 0; k < n; ++k) {
        auto r =
            static_cast<jstring>(env->GetObjectArrayElement(region_dict, k));
        CheckJava(env);
        dict.emplace_back();
        if (r != nullptr) {
          ReadString(env, r, &scratch16, &dict.back());
          env->DeleteLocalRef(r);
        }
      }
      for (jint id : ids) {
        if (id < 0 || static_cast<size_t>(id) >= dict.size()) {
          throw JavaThrow{g_classes.illegal_argument_exception,
                          "region id out of range"};
        }
      }
    }
    std::string common_region;
    if (region != nullptr) {
      std::vector<jchar> scratch16;
      ReadString(env, region, &scratch16, &common_region);
    }
    auto read_text = [&](size_t i, std::string* out) {
      if (!is_null.empty() && is_null[i] == JNI_TRUE) return false;
      const size_t begin = i == 0 ? 0 : static_cast<size_t>(end[i - 1]);
      out->clear();
      AppendUtf16AsUtf8(reinterpret_cast<const uint16_t*>(utf16.get()) + begin,
                        static_cast<size_t>(end[i]) - begin, out);
      return true;
    };
    auto region_of = [&](size_t i) -> const std::string& {
      return ids.empty() ? common_region : dict[static_cast<size_t>(ids[i])];
    };
    return SegmentRows(env, engine, static_cast<size_t>(rows), fields,
                       read_text, region_of);
  });
}

// Flattens rules as {prefix0, operator0, prefix1, operator1, ...}.
jobjectArray RulesToJava(JNIEnv* env, const std::vector<OperatorRule>& rules) {
  std::vector<std::string> flat;
  flat.reserve(rules.size() * 2);
  for (const OperatorRule& rule : rules) {
    flat.push_back(rule.prefix);
    flat.push_back(rule.operator_name);
  }
  return NewStringArray(env, flat);
}

jobjectArray ParseOperatorRules(JNIEnv* env, jclass, jstring csv) {
  return Guarded(env, jobjectArray{nullptr}, [&] {
    if (csv == nullptr) {
      throw JavaThrow{g_classes.null_pointer_exception, "csv is null"};
    }
    Result<std::vector<OperatorRule>> rules =
        ParseOperatorRulesCsv(ReadString(env, csv));
    if (!rules.ok()) throw StatusThrow{rules.status()};
    return RulesToJava(env, *rules);
  });
}

jobjectArray LoadOperatorRules(JNIEnv* env, jclass, jstring path) {
  return Guarded(env, jobjectArray{nullptr}, [&] {
    if (path == nullptr) {
      throw JavaThrow{g_classes.null_pointer_exception, "path is null"};
    }
    Result<std::vector<OperatorRule>> rules =
        LoadOperatorRulesCsv(ReadString(env, path));
    if (!rules.ok()) throw StatusThrow{rules.status()};
    return RulesToJava(env, *rules);
  });
}

// The table must match the native declarations of NativeMethods.java.
#define ORACLE_JNI_METHOD(name, signature, fn) \
  {const_cast<char*>(name), const_cast<char*>(signature), \
   reinterpret_cast<void*>(fn)}

const JNINativeMethod kMethods[] = {
    ORACLE_JNI_METHOD("libraryVersion", "()Ljava/lang/String;",
                      LibraryVersion),
    ORACLE_JNI_METHOD("createEngine",
                      "(Ljava/lang/String;ZZZ[Ljava/lang/String;"
                      "[Ljava/lang/String;[Ljava/lang/String;[Z)J",
                      CreateEngine),
    ORACLE_JNI_METHOD("destroyEngine", "(J)V", DestroyEngine),
    ORACLE_JNI_METHOD("metadataVersion", "(J)Ljava/lang/String;",
                      MetadataVersion),
    ORACLE_JNI_METHOD("supportedRegions", "(J)[Ljava/lang/String;",
                      SupportedRegions),
    ORACLE_JNI_METHOD("countryCodeForRegion", "(JLjava/lang/String;)I",
                      CountryCodeForRegion),
    ORACLE_JNI_METHOD("segment",
                      "(JLjava/lang/String;Ljava/lang/String;I[I[B)I",
                      Segment),
    ORACLE_JNI_METHOD("segmentChunk",
                      "(J[Ljava/lang/String;IILjava/lang/String;"
                      "[Ljava/lang/String;I)[Ljava/lang/Object;",
                      SegmentChunk),
    ORACLE_JNI_METHOD("segmentPacked",
                      "(J[C[I[ZLjava/lang/String;[Ljava/lang/String;[II)"
                      "[Ljava/lang/Object;",
                      SegmentPacked),
    ORACLE_JNI_METHOD("parseOperatorRulesCsv",
                      "(Ljava/lang/String;)[Ljava/lang/String;",
                      ParseOperatorRules),
    ORACLE_JNI_METHOD("loadOperatorRulesCsv",
                      "(Ljava/lang/String;)[Ljava/lang/String;",
                      LoadOperatorRules),
};

#undef ORACLE_JNI_METHOD

jclass GlobalClass(JNIEnv* env, const char* name) {
  jclass local = env->FindClass(name);
  if (local == nullptr) return nullptr;
  auto global = static_cast<jclass>(env->NewGlobalRef(local));
  env->DeleteLocalRef(local);
  return global;
}

void ReleaseClasses(JNIEnv* env) {
  for (jclass* c :
       {&g_classes.oracle_exception, &g_classes.object, &g_classes.string,
        &g_classes.out_of_memory_error, &g_classes.null_pointer_exception,
        &g_classes.illegal_argument_exception,
        &g_classes.illegal_state_exception}) {
    if (*c != nullptr) env->DeleteGlobalRef(*c);
    *c = nullptr;
  }
  g_classes.oracle_exception_init = nullptr;
}

}  // namespace
}  // namespace oracle::jni

extern "C" {

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM* vm, void*) {
  using namespace oracle::jni;  // NOLINT(build/namespaces)
  JNIEnv* env = nullptr;
  if (vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_8) != JNI_OK) {
    return JNI_ERR;
  }
  g_classes.oracle_exception = GlobalClass(env, kOracleExceptionClass);
  g_classes.object = GlobalClass(env, "java/lang/Object");
  g_classes.string = GlobalClass(env, "java/lang/String");
  g_classes.out_of_memory_error =
      GlobalClass(env, "java/lang/OutOfMemoryError");
  g_classes.null_pointer_exception =
      GlobalClass(env, "java/lang/NullPointerException");
  g_classes.illegal_argument_exception =
      GlobalClass(env, "java/lang/IllegalArgumentException");
  g_classes.illegal_state_exception =
      GlobalClass(env, "java/lang/IllegalStateException");
  if (g_classes.oracle_exception == nullptr || g_classes.object == nullptr ||
      g_classes.string == nullptr || g_classes.out_of_memory_error == nullptr ||
      g_classes.null_pointer_exception == nullptr ||
      g_classes.illegal_argument_exception == nullptr ||
      g_classes.illegal_state_exception == nullptr) {
    ReleaseClasses(env);
    return JNI_ERR;  // FindClass left a NoClassDefFoundError pending
  }
  g_classes.oracle_exception_init = env->GetMethodID(
      g_classes.oracle_exception, "<init>", "(ILjava/lang/String;)V");
  jclass natives = env->FindClass(kNativeMethodsClass);
  if (g_classes.oracle_exception_init == nullptr || natives == nullptr ||
      env->RegisterNatives(natives, kMethods,
                           sizeof(kMethods) / sizeof(kMethods[0])) != JNI_OK) {
    ReleaseClasses(env);
    return JNI_ERR;
  }
  env->DeleteLocalRef(natives);
  return JNI_VERSION_1_8;
}

JNIEXPORT void JNICALL JNI_OnUnload(JavaVM* vm, void*) {
  JNIEnv* env = nullptr;
  if (vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_8) == JNI_OK) {
    oracle::jni::ReleaseClasses(env);
  }
}

}  // extern "C"
