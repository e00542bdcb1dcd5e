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
//     standard UTF-8 by utf16.h (a batch's texts come already encoded by the
//     Java side, see batch.cc); results go back as UTF-8 bytes inside Java
//     arrays, decoded on the Java side. The layouts of those arrays are
//     described below and in NativeMethods.java; the two must agree.
//   - Nothing here keeps a JNI local reference across iterations or a
//     global reference beyond JNI_OnUnload.
//
// The methods are bound with RegisterNatives in JNI_OnLoad, so the library
// exports only JNI_OnLoad and JNI_OnUnload (see the version script). The
// guard and the helpers are shared with the other files through
// jni_common.h; their tables of methods come from native_tables.h.
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
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "oracle/engine.h"
#include "oracle/segmentation.h"
#include "oracle/status.h"
#include "oracle/version.h"
#include "jni_common.h"
#include "native_tables.h"
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

}  // namespace

// ---------------------------------------------------------------------------
// Shared helpers (jni_common.h).

// Written by JNI_OnLoad before any entry point can run, cleared by
// JNI_OnUnload after the last one; read-only in between.
JavaClasses g_classes;

void CheckJava(JNIEnv* env) {
  if (env->ExceptionCheck()) throw JavaExceptionPending{};
}

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

namespace {

constexpr char kNativeMethodsClass[] = "io/github/oraclephone/NativeMethods";
constexpr char kOracleExceptionClass[] =
    "io/github/oraclephone/OracleException";

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

// Per-thread buffers, reused across calls so that a loop of single calls
// does not allocate once they have grown.
struct Scratch {
  std::vector<jchar> utf16;
  std::string text;
  std::string region;
  Segmentation segmentation;
  std::string out;  // segment()'s data bytes
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
  bool registered =
      g_classes.oracle_exception_init != nullptr && natives != nullptr &&
      env->RegisterNatives(natives, kMethods,
                           sizeof(kMethods) / sizeof(kMethods[0])) == JNI_OK;
  for (std::span<const JNINativeMethod> more : {BatchMethods(), FileMethods()}) {
    registered = registered &&
                 env->RegisterNatives(natives, more.data(),
                                      static_cast<jint>(more.size())) == JNI_OK;
  }
  if (!registered) {
    if (natives != nullptr) env->DeleteLocalRef(natives);
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
