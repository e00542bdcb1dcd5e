// What every JNI source file of the Java binding shares: the Java classes
// it uses, the guard that keeps C++ exceptions out of the JVM, and helpers
// to read and build Java values.
//
// An entry point runs its body inside Guarded(); helpers report failures by
// throwing one of the C++ types below, which Guarded() turns into a pending
// Java exception:
//
//   jint CountSomething(JNIEnv* env, jclass, jlong handle, jstring text) {
//     return Guarded<Api::kEngine>(env, jint{-1}, [&]() -> jint {
//       const Engine& engine = EngineFromHandle(handle);  // may throw
//       std::string s = ReadString(env, text, "text");    // NPE "text is null"
//       Status status = ...;
//       if (!status.ok()) ThrowStatus(status);  // an OracleException
//       return 0;
//     });
//   }
//
// The rules every entry point follows:
//   - No C++ exception ever crosses into the JVM: Guarded() catches them all
//     (OracleException with code INTERNAL for an unexpected one,
//     OutOfMemoryError for std::bad_alloc).
//   - A failed Status becomes an io.github.oraclephone.OracleException with
//     its code and message.
//   - Text comes in through GetStringRegion (UTF-16) and is converted to
//     standard UTF-8 by utf16.h, and goes back the other way.
//
// Two families of entry points share these helpers: those of NativeMethods
// (oracle_jni.cc, batch.cc, io.cc), registered by JNI_OnLoad, and those of
// SmsNatives and HistoryNatives (sms_jni.cc, history_jni.cc), registered when
// those Java classes are initialised. They word two rare failures
// differently (see Api); the guard takes the family.
//
// Thread safety: g_classes is written by JNI_OnLoad before any entry point
// runs (and cleared by JNI_OnUnload after the last), its upcall members once
// by ResolveUpcalls; the helpers are stateless.
#ifndef ORACLE_BINDINGS_JAVA_JNI_JNI_COMMON_H_
#define ORACLE_BINDINGS_JAVA_JNI_JNI_COMMON_H_

#include <jni.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "oracle/engine.h"
#include "oracle/status.h"

namespace oracle::jni {

// Java classes and methods used from native code.
struct JavaClasses {
  // Resolved by ResolveClasses (JNI_OnLoad), released by ReleaseClasses.
  jclass oracle_exception = nullptr;
  jmethodID oracle_exception_init = nullptr;  // (int code, String message)
  jclass object = nullptr;
  jclass string = nullptr;
  jclass out_of_memory_error = nullptr;
  jclass null_pointer_exception = nullptr;
  jclass illegal_argument_exception = nullptr;
  jclass illegal_state_exception = nullptr;

  // Resolved once per process by ResolveUpcalls (the registerNatives of
  // SmsNatives and HistoryNatives), never released.
  JavaVM* vm = nullptr;
  // io.github.oraclephone.SmsNatives.upcallSend(SmsTransport, String[]) ->
  // String[]: calls a Java SmsTransport from native threads.
  jclass sms_natives = nullptr;
  jmethodID upcall_send = nullptr;
  // SmsNatives.upcallAccept(Consumer<String[]>, String[]): hands values to a
  // Java callback (sandbox receipts, Orange log lines); never throws.
  jmethodID upcall_accept = nullptr;
};

extern JavaClasses g_classes;

// A global reference to the class `name`, or null with a Java exception
// pending.
jclass GlobalClass(JNIEnv* env, const char* name);
// Resolves the first part of g_classes. False (with a Java exception
// pending, and nothing left resolved) when a class or method is missing.
bool ResolveClasses(JNIEnv* env);
void ReleaseClasses(JNIEnv* env);
// Resolves the upcall part of g_classes (once per process; later calls only
// repeat the first answer). False with a Java exception pending when a
// class is missing.
bool ResolveUpcalls(JNIEnv* env);

// Thrown (as a C++ exception) when a JNI call left a Java exception pending:
// unwinds to Guarded(), which returns to the JVM with that exception.
struct JavaExceptionPending {};

// A Java exception of class `cls` to raise from the entry point (thrown as a
// C++ exception so that helpers can bail out from any depth).
struct JavaThrow {
  jclass cls;
  std::string message;
};

// A failed Status to raise as an OracleException.
struct StatusThrow {
  Status status;
};

// A string whose UTF-16 form is longer than a Java string can be (thrown by
// NewJavaString); what it becomes depends on the entry point (see Api).
struct StringTooLong {};

// The family of an entry point, for the two failures they word differently:
//   std::bad_alloc  OutOfMemoryError "out of native memory in the Oracle
//                   engine" (kEngine) or "... in the Oracle library"
//                   (kSmsHistory);
//   StringTooLong   IllegalStateException "string too long" (kEngine) or
//                   OracleException OUT_OF_RANGE "string larger than a Java
//                   string" (kSmsHistory).
enum class Api {
  kEngine,      // NativeMethods: oracle_jni.cc, batch.cc, io.cc
  kSmsHistory,  // SmsNatives, HistoryNatives: sms_jni.cc, history_jni.cc
};

// Throws JavaExceptionPending when a Java exception is pending.
inline void CheckJava(JNIEnv* env) {
  if (env->ExceptionCheck()) throw JavaExceptionPending{};
}

[[noreturn]] inline void ThrowStatus(Status status) {
  throw StatusThrow{std::move(status)};
}
// NullPointerException "<what> is null".
[[noreturn]] void ThrowNull(const char* what);
[[noreturn]] void ThrowIllegalArgument(std::string message);
[[noreturn]] void ThrowIllegalState(std::string message);

template <typename T>
T ValueOrThrow(Result<T> r) {
  if (!r.ok()) ThrowStatus(r.status());
  return *std::move(r);
}
inline void OkOrThrow(const Status& s) {
  if (!s.ok()) ThrowStatus(s);
}

// Sets a pending OracleException. Never throws: falls back to an
// OutOfMemoryError when even that cannot be built.
void SetOracleException(JNIEnv* env, StatusCode code,
                        std::string_view message) noexcept;

// Called from a catch block: turns the exception being handled into a
// pending Java exception (unless one is pending already).
void SetPendingFromCurrentException(JNIEnv* env, Api api) noexcept;

// Runs `body` and returns its result; any C++ exception becomes a pending
// Java exception and `on_error` is returned instead.
template <Api kApi, typename R, typename F>
R Guarded(JNIEnv* env, R on_error, F&& body) noexcept {
  try {
    return body();
  } catch (...) {
    SetPendingFromCurrentException(env, kApi);
  }
  return on_error;
}
template <Api kApi, typename F>
void GuardedVoid(JNIEnv* env, F&& body) noexcept {
  try {
    body();
  } catch (...) {
    SetPendingFromCurrentException(env, kApi);
  }
}

// ---------------------------------------------------------------------------
// Java -> UTF-8. An unpaired surrogate becomes ill-formed UTF-8 (utf16.h)
// except in the strict forms.

// Replaces `*out` with the UTF-8 form of the (non-null) Java string `s`;
// `utf16` is scratch space.
void ReadString(JNIEnv* env, jstring s, std::vector<jchar>* utf16,
                std::string* out);
// NullPointerException "<what> is null" for null.
std::string ReadString(JNIEnv* env, jstring s, const char* what);
// "" for null.
std::string ReadOptionalString(JNIEnv* env, jstring s);
// The strings of a String[]; a null array is empty. A null element is ""
// when `what` is null, else a NullPointerException "<what> is null".
std::vector<std::string> ReadStringArray(JNIEnv* env, jobjectArray array,
                                         const char* what = nullptr);

// As ReadString, for a file path or URL: an unpaired surrogate (which has no
// file-system spelling) is an OracleException INVALID_ARGUMENT naming `what`.
std::string ReadPath(JNIEnv* env, jstring s, const char* what);
// Strict forms for text that is stored (the history store): an unpaired
// surrogate is an OracleException INVALID_ARGUMENT naming `what`, instead of
// ill-formed UTF-8 reaching the database. ReadStrictOptional gives "" for
// null; ReadStrictArray, a NullPointerException for a null element.
std::string ReadStrict(JNIEnv* env, jstring s, const char* what);
std::string ReadStrictOptional(JNIEnv* env, jstring s, const char* what);
std::vector<std::string> ReadStrictArray(JNIEnv* env, jobjectArray array,
                                         const char* what);

// The engine of a handle made by NativeMethods.createEngine;
// IllegalStateException "engine is closed" for 0.
const Engine& EngineFromHandle(jlong handle);

// Option values passed as text; OracleException INVALID_ARGUMENT naming
// `key` when `value` does not parse.
int64_t ParseInt64(const std::string& key, const std::string& value);
double ParseDouble(const std::string& key, const std::string& value);
bool ParseBool(const std::string& key, const std::string& value);

// ---------------------------------------------------------------------------
// UTF-8 -> Java. Each returns a new local reference; a result too large for
// Java is an OracleException OUT_OF_RANGE "result larger than a Java array"
// (CheckedSize), a string too long a StringTooLong.

// A new java.lang.String (ill-formed bytes become U+FFFD).
jstring NewJavaString(JNIEnv* env, std::string_view utf8);
jobjectArray NewStringArray(JNIEnv* env, const std::vector<std::string>& v);
// `n` as a Java array length.
jsize CheckedSize(size_t n);
jintArray NewIntArray(JNIEnv* env, const std::vector<jint>& v);
jlongArray NewLongArray(JNIEnv* env, const std::vector<int64_t>& v);
jbyteArray NewByteArray(JNIEnv* env, const void* data, size_t size);

// Stores `value` at `slot` of `array` and deletes the local reference.
void SetSlot(JNIEnv* env, jobjectArray array, int slot, jobject value);

}  // namespace oracle::jni

#endif  // ORACLE_BINDINGS_JAVA_JNI_JNI_COMMON_H_
