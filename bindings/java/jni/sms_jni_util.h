// Shared plumbing of the JNI entry points for SMS, transports, the history
// store and campaigns (sms_jni.cc, history_jni.cc): the guard that keeps C++
// exceptions out of the JVM, string conversion, flat string arrays, and the
// Java classes those entry points use.
//
// The entry points of these files are bound by RegisterNatives when their
// Java holder classes (io.github.oraclephone.SmsNatives and HistoryNatives)
// are initialised: each holder calls its exported `registerNatives` (see
// exports.map), which resolves the classes below and binds the methods.
//
// Rules (the same as oracle_jni.cc's): every entry point runs inside
// Guarded(); a failed Status becomes an io.github.oraclephone.OracleException
// with its code; text crosses as UTF-16 (GetStringRegion) converted by
// utf16.h; values cross as flat String[] / long[] arrays whose layouts are
// written next to each entry point and in the Java holder classes.
#ifndef ORACLE_BINDINGS_JAVA_JNI_SMS_JNI_UTIL_H_
#define ORACLE_BINDINGS_JAVA_JNI_SMS_JNI_UTIL_H_

#include <jni.h>

#include <cstdint>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "oracle/status.h"

namespace oracle::jni::ext {

// Java classes and methods used from these files; set once by
// RegisterExtClasses, read-only afterwards.
struct ExtClasses {
  JavaVM* vm = nullptr;
  jclass oracle_exception = nullptr;
  jmethodID oracle_exception_init = nullptr;  // (int, String)
  jclass string = nullptr;
  jclass object = nullptr;
  jclass out_of_memory_error = nullptr;
  jclass null_pointer_exception = nullptr;
  jclass illegal_argument_exception = nullptr;
  jclass illegal_state_exception = nullptr;
  // io.github.oraclephone.SmsNatives.upcallSend(SmsTransport, String[]) ->
  // String[]: calls a Java SmsTransport from native threads.
  jclass sms_natives = nullptr;
  jmethodID upcall_send = nullptr;
  // SmsNatives.upcallAccept(Consumer<String[]>, String[]): hands values to a
  // Java callback (sandbox receipts, Orange log lines); never throws.
  jmethodID upcall_accept = nullptr;
};

const ExtClasses& Classes();

// Resolves the classes (once per process; later calls do nothing). False
// with a Java exception pending when a class is missing.
bool RegisterExtClasses(JNIEnv* env);

// Unwinds to Guarded(): a Java exception is already pending.
struct JavaExceptionPending {};
// A Java exception of class `cls` to raise.
struct JavaThrow {
  jclass cls;
  std::string message;
};
// A failed Status to raise as an OracleException.
struct StatusThrow {
  Status status;
};

inline void CheckJava(JNIEnv* env) {
  if (env->ExceptionCheck()) throw JavaExceptionPending{};
}
[[noreturn]] inline void ThrowStatus(Status status) {
  throw StatusThrow{std::move(status)};
}
[[noreturn]] void ThrowNull(const char* what);
[[noreturn]] void ThrowIllegalArgument(std::string message);
[[noreturn]] void ThrowIllegalState(std::string message);

void SetOracleException(JNIEnv* env, StatusCode code,
                        std::string_view message) noexcept;
void SetPendingFromCurrentException(JNIEnv* env) noexcept;

// Runs `body` and returns its result; any C++ exception becomes a pending
// Java exception and `on_error` is returned.
template <typename R, typename F>
R Guarded(JNIEnv* env, R on_error, F&& body) noexcept {
  try {
    return body();
  } catch (...) {
    SetPendingFromCurrentException(env);
  }
  return on_error;
}
template <typename F>
void GuardedVoid(JNIEnv* env, F&& body) noexcept {
  try {
    body();
  } catch (...) {
    SetPendingFromCurrentException(env);
  }
}

// Java -> UTF-8. ReadString throws NullPointerException naming `what` for
// null; ReadOptionalString gives "" for null.
std::string ReadString(JNIEnv* env, jstring s, const char* what);
std::string ReadOptionalString(JNIEnv* env, jstring s);
// As ReadString, for a file path or URL: an unpaired surrogate (which has no
// file-system spelling) is an OracleException INVALID_ARGUMENT naming `what`.
std::string ReadPath(JNIEnv* env, jstring s, const char* what);
// Strict forms for text that is stored (the history store): an unpaired
// surrogate is an OracleException INVALID_ARGUMENT naming `what`, instead of
// ill-formed UTF-8 reaching the database.
std::string ReadStrict(JNIEnv* env, jstring s, const char* what);
std::string ReadStrictOptional(JNIEnv* env, jstring s, const char* what);
std::vector<std::string> ReadStrictArray(JNIEnv* env, jobjectArray array,
                                         const char* what);
// The elements of a String[] (null elements are "" unless `what` is set,
// then NullPointerException). A null array is an empty vector.
std::vector<std::string> ReadStringArray(JNIEnv* env, jobjectArray array,
                                         const char* what = nullptr);

// UTF-8 -> Java.
jstring NewJavaString(JNIEnv* env, std::string_view utf8);
jobjectArray NewStringArray(JNIEnv* env, const std::vector<std::string>& v);
jlongArray NewLongArray(JNIEnv* env, const std::vector<int64_t>& v);

// Parsing option values passed as text.
int64_t ParseInt64(const std::string& key, const std::string& value);
double ParseDouble(const std::string& key, const std::string& value);
bool ParseBool(const std::string& key, const std::string& value);

}  // namespace oracle::jni::ext

#endif  // ORACLE_BINDINGS_JAVA_JNI_SMS_JNI_UTIL_H_
