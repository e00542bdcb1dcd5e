// See sms_jni_util.h.
#include "sms_jni_util.h"

#include <cerrno>
#include <cstdlib>
#include <limits>
#include <mutex>

#include "utf16.h"

namespace oracle::jni::ext {
namespace {

ExtClasses g_ext;
std::once_flag g_ext_once;
bool g_ext_ok = false;

jclass GlobalClass(JNIEnv* env, const char* name) {
  jclass local = env->FindClass(name);
  if (local == nullptr) return nullptr;
  auto global = static_cast<jclass>(env->NewGlobalRef(local));
  env->DeleteLocalRef(local);
  return global;
}

bool Resolve(JNIEnv* env) {
  if (env->GetJavaVM(&g_ext.vm) != JNI_OK) return false;
  g_ext.oracle_exception =
      GlobalClass(env, "io/github/oraclephone/OracleException");
  if (g_ext.oracle_exception == nullptr) return false;
  g_ext.oracle_exception_init = env->GetMethodID(
      g_ext.oracle_exception, "<init>", "(ILjava/lang/String;)V");
  if (g_ext.oracle_exception_init == nullptr) return false;
  for (auto [slot, name] : {
           std::pair{&g_ext.string, "java/lang/String"},
           std::pair{&g_ext.object, "java/lang/Object"},
           std::pair{&g_ext.out_of_memory_error, "java/lang/OutOfMemoryError"},
           std::pair{&g_ext.null_pointer_exception,
                     "java/lang/NullPointerException"},
           std::pair{&g_ext.illegal_argument_exception,
                     "java/lang/IllegalArgumentException"},
           std::pair{&g_ext.illegal_state_exception,
                     "java/lang/IllegalStateException"},
           std::pair{&g_ext.sms_natives, "io/github/oraclephone/SmsNatives"},
       }) {
    *slot = GlobalClass(env, name);
    if (*slot == nullptr) return false;
  }
  g_ext.upcall_send = env->GetStaticMethodID(
      g_ext.sms_natives, "upcallSend",
      "(Lio/github/oraclephone/SmsTransport;[Ljava/lang/String;)"
      "[Ljava/lang/String;");
  if (g_ext.upcall_send == nullptr) return false;
  g_ext.upcall_accept = env->GetStaticMethodID(
      g_ext.sms_natives, "upcallAccept",
      "(Ljava/util/function/Consumer;[Ljava/lang/String;)V");
  return g_ext.upcall_accept != nullptr;
}

}  // namespace

const ExtClasses& Classes() { return g_ext; }

bool RegisterExtClasses(JNIEnv* env) {
  std::call_once(g_ext_once, [env] { g_ext_ok = Resolve(env); });
  return g_ext_ok;
}

void ThrowNull(const char* what) {
  throw JavaThrow{g_ext.null_pointer_exception, std::string(what) + " is null"};
}
void ThrowIllegalArgument(std::string message) {
  throw JavaThrow{g_ext.illegal_argument_exception, std::move(message)};
}
void ThrowIllegalState(std::string message) {
  throw JavaThrow{g_ext.illegal_state_exception, std::move(message)};
}

jstring NewJavaString(JNIEnv* env, std::string_view utf8) {
  std::u16string utf16;
  AppendUtf8AsUtf16(utf8, &utf16);
  if (utf16.size() > static_cast<size_t>(std::numeric_limits<jsize>::max())) {
    ThrowStatus(Status::OutOfRange("string larger than a Java string"));
  }
  jstring s = env->NewString(reinterpret_cast<const jchar*>(utf16.data()),
                             static_cast<jsize>(utf16.size()));
  if (s == nullptr) throw JavaExceptionPending{};
  return s;
}

void SetOracleException(JNIEnv* env, StatusCode code,
                        std::string_view message) noexcept {
  try {
    jstring jmessage = NewJavaString(env, message);
    jobject e = env->NewObject(g_ext.oracle_exception,
                               g_ext.oracle_exception_init,
                               static_cast<jint>(code), jmessage);
    if (e != nullptr) env->Throw(static_cast<jthrowable>(e));
  } catch (...) {
    if (!env->ExceptionCheck()) {
      env->ThrowNew(g_ext.out_of_memory_error,
                    "cannot build an OracleException");
    }
  }
}

void SetPendingFromCurrentException(JNIEnv* env) noexcept {
  try {
    throw;
  } catch (const JavaExceptionPending&) {
  } catch (const JavaThrow& t) {
    if (!env->ExceptionCheck()) env->ThrowNew(t.cls, t.message.c_str());
  } catch (const StatusThrow& t) {
    if (!env->ExceptionCheck()) {
      SetOracleException(env, t.status.code(), t.status.message());
    }
  } catch (const std::bad_alloc&) {
    if (!env->ExceptionCheck()) {
      env->ThrowNew(g_ext.out_of_memory_error,
                    "out of native memory in the Oracle library");
    }
  } catch (const std::exception& e) {
    if (!env->ExceptionCheck()) {
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

std::string ReadOptionalString(JNIEnv* env, jstring s) {
  std::string out;
  if (s == nullptr) return out;
  const jsize n = env->GetStringLength(s);
  CheckJava(env);
  if (n == 0) return out;
  std::vector<jchar> utf16(static_cast<size_t>(n));
  env->GetStringRegion(s, 0, n, utf16.data());
  CheckJava(env);
  AppendUtf16AsUtf8(reinterpret_cast<const uint16_t*>(utf16.data()),
                    static_cast<size_t>(n), &out);
  return out;
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
  std::vector<std::string> out;
  if (array == nullptr) return out;
  const jsize n = env->GetArrayLength(array);
  out.reserve(static_cast<size_t>(n));
  for (jsize i = 0; i < n; ++i) {
    auto s = static_cast<jstring>(env->GetObjectArrayElement(array, i));
    CheckJava(env);
    if (s == nullptr) ThrowNull(what);
    out.push_back(ReadPath(env, s, what));
    env->DeleteLocalRef(s);
  }
  return out;
}

std::string ReadString(JNIEnv* env, jstring s, const char* what) {
  if (s == nullptr) ThrowNull(what);
  return ReadOptionalString(env, s);
}

std::vector<std::string> ReadStringArray(JNIEnv* env, jobjectArray array,
                                         const char* what) {
  std::vector<std::string> out;
  if (array == nullptr) return out;
  const jsize n = env->GetArrayLength(array);
  out.reserve(static_cast<size_t>(n));
  for (jsize i = 0; i < n; ++i) {
    auto s = static_cast<jstring>(env->GetObjectArrayElement(array, i));
    CheckJava(env);
    if (s == nullptr && what != nullptr) ThrowNull(what);
    out.push_back(ReadOptionalString(env, s));
    if (s != nullptr) env->DeleteLocalRef(s);
  }
  return out;
}

jobjectArray NewStringArray(JNIEnv* env, const std::vector<std::string>& v) {
  if (v.size() > static_cast<size_t>(std::numeric_limits<jsize>::max())) {
    ThrowStatus(Status::OutOfRange("result larger than a Java array"));
  }
  jobjectArray array = env->NewObjectArray(static_cast<jsize>(v.size()),
                                           g_ext.string, nullptr);
  if (array == nullptr) throw JavaExceptionPending{};
  for (size_t i = 0; i < v.size(); ++i) {
    jstring s = NewJavaString(env, v[i]);
    env->SetObjectArrayElement(array, static_cast<jsize>(i), s);
    env->DeleteLocalRef(s);
    CheckJava(env);
  }
  return array;
}

jlongArray NewLongArray(JNIEnv* env, const std::vector<int64_t>& v) {
  const auto n = static_cast<jsize>(v.size());
  jlongArray a = env->NewLongArray(n);
  if (a == nullptr) throw JavaExceptionPending{};
  std::vector<jlong> tmp(v.begin(), v.end());
  env->SetLongArrayRegion(a, 0, n, tmp.data());
  CheckJava(env);
  return a;
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

}  // namespace oracle::jni::ext
