// See jni_common.h.
#include "jni_common.h"

#include <cerrno>
#include <cstdlib>
#include <exception>
#include <limits>
#include <mutex>
#include <new>

#include "utf16.h"

namespace oracle::jni {

JavaClasses g_classes;

// ---------------------------------------------------------------------------
// Classes.

jclass GlobalClass(JNIEnv* env, const char* name) {
  jclass local = env->FindClass(name);
  if (local == nullptr) return nullptr;
  auto global = static_cast<jclass>(env->NewGlobalRef(local));
  env->DeleteLocalRef(local);
  return global;
}

bool ResolveClasses(JNIEnv* env) {
  g_classes.oracle_exception =
      GlobalClass(env, "io/github/oraclephone/OracleException");
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
  if (g_classes.oracle_exception != nullptr) {
    g_classes.oracle_exception_init = env->GetMethodID(
        g_classes.oracle_exception, "<init>", "(ILjava/lang/String;)V");
  }
  if (g_classes.oracle_exception_init == nullptr ||
      g_classes.object == nullptr || g_classes.string == nullptr ||
      g_classes.out_of_memory_error == nullptr ||
      g_classes.null_pointer_exception == nullptr ||
      g_classes.illegal_argument_exception == nullptr ||
      g_classes.illegal_state_exception == nullptr) {
    ReleaseClasses(env);
    return false;  // FindClass or GetMethodID left an error pending
  }
  return true;
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

namespace {

std::once_flag g_upcalls_once;
bool g_upcalls_ok = false;

bool ResolveUpcallsOnce(JNIEnv* env) {
  if (env->GetJavaVM(&g_classes.vm) != JNI_OK) return false;
  g_classes.sms_natives = GlobalClass(env, "io/github/oraclephone/SmsNatives");
  if (g_classes.sms_natives == nullptr) return false;
  g_classes.upcall_send = env->GetStaticMethodID(
      g_classes.sms_natives, "upcallSend",
      "(Lio/github/oraclephone/SmsTransport;[Ljava/lang/String;)"
      "[Ljava/lang/String;");
  if (g_classes.upcall_send == nullptr) return false;
  g_classes.upcall_accept = env->GetStaticMethodID(
      g_classes.sms_natives, "upcallAccept",
      "(Ljava/util/function/Consumer;[Ljava/lang/String;)V");
  return g_classes.upcall_accept != nullptr;
}

}  // namespace

bool ResolveUpcalls(JNIEnv* env) {
  std::call_once(g_upcalls_once,
                 [env] { g_upcalls_ok = ResolveUpcallsOnce(env); });
  return g_upcalls_ok;
}

// ---------------------------------------------------------------------------
// Exceptions.

void ThrowNull(const char* what) {
  throw JavaThrow{g_classes.null_pointer_exception,
                  std::string(what) + " is null"};
}
void ThrowIllegalArgument(std::string message) {
  throw JavaThrow{g_classes.illegal_argument_exception, std::move(message)};
}
void ThrowIllegalState(std::string message) {
  throw JavaThrow{g_classes.illegal_state_exception, std::move(message)};
}

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

void SetPendingFromCurrentException(JNIEnv* env, Api api) noexcept {
  try {
    throw;
  } catch (const JavaExceptionPending&) {
    // Already pending.
  } catch (const JavaThrow& t) {
    if (!env->ExceptionCheck()) env->ThrowNew(t.cls, t.message.c_str());
  } catch (const StatusThrow& t) {
    if (!env->ExceptionCheck()) {
      SetOracleException(env, t.status.code(), t.status.message());
    }
  } catch (const StringTooLong&) {
    if (!env->ExceptionCheck()) {
      if (api == Api::kEngine) {
        env->ThrowNew(g_classes.illegal_state_exception, "string too long");
      } else {
        SetOracleException(env, StatusCode::kOutOfRange,
                           "string larger than a Java string");
      }
    }
  } catch (const std::bad_alloc&) {
    if (!env->ExceptionCheck()) {
      env->ThrowNew(g_classes.out_of_memory_error,
                    api == Api::kEngine
                        ? "out of native memory in the Oracle engine"
                        : "out of native memory in the Oracle library");
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
}

// ---------------------------------------------------------------------------
// Reading Java values.

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

std::string ReadString(JNIEnv* env, jstring s, const char* what) {
  if (s == nullptr) ThrowNull(what);
  std::vector<jchar> utf16;
  std::string out;
  ReadString(env, s, &utf16, &out);
  return out;
}

std::string ReadOptionalString(JNIEnv* env, jstring s) {
  if (s == nullptr) return std::string();
  std::vector<jchar> utf16;
  std::string out;
  ReadString(env, s, &utf16, &out);
  return out;
}

namespace {

// The elements of a String[] (a null array is empty), each one (perhaps
// null) converted by read(s, &string).
template <typename Read>
std::vector<std::string> ReadArray(JNIEnv* env, jobjectArray array,
                                   Read read) {
  std::vector<std::string> out;
  if (array == nullptr) return out;
  const jsize n = env->GetArrayLength(array);
  out.reserve(static_cast<size_t>(n));
  for (jsize i = 0; i < n; ++i) {
    auto s = static_cast<jstring>(env->GetObjectArrayElement(array, i));
    CheckJava(env);
    out.emplace_back();
    read(s, &out.back());
    if (s != nullptr) env->DeleteLocalRef(s);
  }
  return out;
}

}  // namespace

std::vector<std::string> ReadStringArray(JNIEnv* env, jobjectArray array,
                                         const char* what) {
  std::vector<jchar> utf16;
  return ReadArray(env, array, [&](jstring s, std::string* out) {
    if (s != nullptr) {
      ReadString(env, s, &utf16, out);
    } else if (what != nullptr) {
      ThrowNull(what);
    }
  });
}

std::string ReadPath(JNIEnv* env, jstring s, const char* what) {
  if (s == nullptr) ThrowNull(what);
  const jsize n = env->GetStringLength(s);
  CheckJava(env);
  std::vector<jchar> utf16(static_cast<size_t>(n));
  if (n > 0) {
    env->GetStringRegion(s, 0, n, utf16.data());
    CheckJava(env);
  }
  for (size_t i = 0; i < utf16.size(); ++i) {
    const jchar c = utf16[i];
    const bool high = c >= 0xD800 && c <= 0xDBFF;
    const bool low = c >= 0xDC00 && c <= 0xDFFF;
    if (high && i + 1 < utf16.size() && utf16[i + 1] >= 0xDC00 &&
        utf16[i + 1] <= 0xDFFF) {
      ++i;
    } else if (high || low) {
      ThrowStatus(Status::InvalidArgument(
          std::string(what) + ": unpaired surrogate at index " + std::to_string(i)));
    }
  }
  std::string out;
  AppendUtf16AsUtf8(reinterpret_cast<const uint16_t*>(utf16.data()), utf16.size(), &out);
  return out;
}

std::string ReadStrict(JNIEnv* env, jstring s, const char* what) {
  return ReadPath(env, s, what);
}

std::string ReadStrictOptional(JNIEnv* env, jstring s, const char* what) {
  return s == nullptr ? std::string() : ReadPath(env, s, what);
}

std::vector<std::string> ReadStrictArray(JNIEnv* env, jobjectArray array,
                                         const char* what) {
  return ReadArray(env, array, [&](jstring s, std::string* out) {
    *out = ReadPath(env, s, what);  // NullPointerException for null
  });
}

const Engine& EngineFromHandle(jlong handle) {
  if (handle == 0) ThrowIllegalState("engine is closed");
  return *reinterpret_cast<const Engine*>(static_cast<intptr_t>(handle));
}

int64_t ParseInt64(const std::string& key, const std::string& value) {
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(value.c_str(), &end, 10);
  if (value.empty() || end != value.c_str() + value.size() || errno != 0) {
    ThrowStatus(Status::InvalidArgument(key + ": not an integer"));
  }
  return static_cast<int64_t>(v);
}

double ParseDouble(const std::string& key, const std::string& value) {
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || errno != 0) {
    ThrowStatus(Status::InvalidArgument(key + ": not a number"));
  }
  return v;
}

bool ParseBool(const std::string& key, const std::string& value) {
  if (value == "true") return true;
  if (value == "false") return false;
  ThrowStatus(Status::InvalidArgument(key + ": not true or false"));
}

// ---------------------------------------------------------------------------
// Building Java values.

jstring NewJavaString(JNIEnv* env, std::string_view utf8) {
  std::u16string utf16;
  AppendUtf8AsUtf16(utf8, &utf16);
  if (utf16.size() > static_cast<size_t>(std::numeric_limits<jsize>::max())) {
    throw StringTooLong{};
  }
  jstring s = env->NewString(reinterpret_cast<const jchar*>(utf16.data()),
                             static_cast<jsize>(utf16.size()));
  if (s == nullptr) throw JavaExceptionPending{};
  return s;
}

jobjectArray NewStringArray(JNIEnv* env, const std::vector<std::string>& v) {
  jobjectArray array =
      env->NewObjectArray(CheckedSize(v.size()), g_classes.string, nullptr);
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
    ThrowStatus(Status::OutOfRange("result larger than a Java array"));
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

jlongArray NewLongArray(JNIEnv* env, const std::vector<int64_t>& v) {
  static_assert(sizeof(jlong) == sizeof(int64_t));
  const jsize n = CheckedSize(v.size());
  jlongArray a = env->NewLongArray(n);
  if (a == nullptr) throw JavaExceptionPending{};
  env->SetLongArrayRegion(a, 0, n, reinterpret_cast<const jlong*>(v.data()));
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

void SetSlot(JNIEnv* env, jobjectArray array, int slot, jobject value) {
  env->SetObjectArrayElement(array, slot, value);
  env->DeleteLocalRef(value);
  CheckJava(env);
}

}  // namespace oracle::jni
