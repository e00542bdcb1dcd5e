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
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "oracle/engine.h"
#include "oracle/segmentation.h"
#include "oracle/status.h"
#include "oracle/version.h"
#include "jni_common.h"
#include "native_tables.h"

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

namespace {

constexpr char kNativeMethodsClass[] = "io/github/oraclephone/NativeMethods";

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
  return Guarded<Api::kEngine>(env, jstring{nullptr}, [&] {
    return NewJavaString(env, ORACLE_VERSION_STRING);
  });
}

jlong CreateEngine(JNIEnv* env, jclass, jstring metadata_path,
                   jboolean lenient_double_zero, jboolean migrate_ci_legacy,
                   jboolean ci_fixed_line_operators, jobjectArray rule_prefixes,
                   jobjectArray rule_operators,
                   jobjectArray portability_regions,
                   jbooleanArray portability_values) {
  return Guarded<Api::kEngine>(env, jlong{0}, [&]() -> jlong {
    EngineOptions options;
    if (metadata_path != nullptr) {
      options.metadata_path = ReadString(env, metadata_path, "metadataPath");
    }
    options.lenient_double_zero = lenient_double_zero == JNI_TRUE;
    options.migrate_ci_legacy = migrate_ci_legacy == JNI_TRUE;
    options.ci_fixed_line_operators = ci_fixed_line_operators == JNI_TRUE;

    std::vector<std::string> prefixes =
        ReadStringArray(env, rule_prefixes, "operator rule prefix");
    std::vector<std::string> operators =
        ReadStringArray(env, rule_operators, "operator rule name");
    if (prefixes.size() != operators.size()) {
      throw JavaThrow{g_classes.illegal_argument_exception,
                      "operator rule arrays differ in length"};
    }
    for (size_t i = 0; i < prefixes.size(); ++i) {
      options.operator_rules.push_back(
          {std::move(prefixes[i]), std::move(operators[i])});
    }

    std::vector<std::string> regions = ReadStringArray(
        env, portability_regions, "portability region");
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
  Guarded<Api::kEngine>(env, 0, [&] {
    delete reinterpret_cast<Engine*>(static_cast<intptr_t>(handle));
    return 0;
  });
}

jstring MetadataVersion(JNIEnv* env, jclass, jlong handle) {
  return Guarded<Api::kEngine>(env, jstring{nullptr}, [&] {
    return NewJavaString(env, EngineFromHandle(handle).metadata_version());
  });
}

jobjectArray SupportedRegions(JNIEnv* env, jclass, jlong handle) {
  return Guarded<Api::kEngine>(env, jobjectArray{nullptr}, [&] {
    return NewStringArray(env, EngineFromHandle(handle).SupportedRegions());
  });
}

jint CountryCodeForRegion(JNIEnv* env, jclass, jlong handle, jstring region) {
  return Guarded<Api::kEngine>(env, jint{0}, [&]() -> jint {
    const Engine& engine = EngineFromHandle(handle);
    if (region == nullptr) return 0;
    return engine.CountryCodeForRegion(ReadString(env, region, "region"));
  });
}

// Segments one number. Fills `meta` (kMetaSize ints) and, when they fit,
// writes the string fields into `data`. Returns the number of data bytes
// the result needs: when that exceeds data.length nothing was written to
// `data` and the caller retries with a larger array.
jint Segment(JNIEnv* env, jclass, jlong handle, jstring text, jstring region,
             jint fields, jintArray meta, jbyteArray data) {
  return Guarded<Api::kEngine>(env, jint{-1}, [&]() -> jint {
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
  return Guarded<Api::kEngine>(env, jobjectArray{nullptr}, [&] {
    Result<std::vector<OperatorRule>> rules =
        ParseOperatorRulesCsv(ReadString(env, csv, "csv"));
    if (!rules.ok()) throw StatusThrow{rules.status()};
    return RulesToJava(env, *rules);
  });
}

jobjectArray LoadOperatorRules(JNIEnv* env, jclass, jstring path) {
  return Guarded<Api::kEngine>(env, jobjectArray{nullptr}, [&] {
    Result<std::vector<OperatorRule>> rules =
        LoadOperatorRulesCsv(ReadString(env, path, "path"));
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

}  // namespace
}  // namespace oracle::jni

extern "C" {

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM* vm, void*) {
  using namespace oracle::jni;  // NOLINT(build/namespaces)
  JNIEnv* env = nullptr;
  if (vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_8) != JNI_OK) {
    return JNI_ERR;
  }
  if (!ResolveClasses(env)) {
    return JNI_ERR;  // FindClass or GetMethodID left an error pending
  }
  jclass natives = env->FindClass(kNativeMethodsClass);
  bool registered =
      natives != nullptr &&
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
