// What every JNI source file of the Java binding shares: the Java classes
// resolved in JNI_OnLoad, the guard that keeps C++ exceptions out of the
// JVM, and helpers to read and build Java values.
//
// An entry point runs its body inside Guarded(); helpers report failures by
// throwing one of the C++ types below, which Guarded() turns into a pending
// Java exception:
//
//   jint CountSomething(JNIEnv* env, jclass, jlong handle, jstring text) {
//     return Guarded(env, jint{-1}, [&]() -> jint {
//       const Engine& engine = EngineFromHandle(handle);  // may throw
//       if (text == nullptr) {
//         throw JavaThrow{g_classes.null_pointer_exception, "text is null"};
//       }
//       Status s = ...;
//       if (!s.ok()) throw StatusThrow{s};  // an OracleException
//       return 0;
//     });
//   }
//
// Thread safety: g_classes is written by JNI_OnLoad before any entry point
// runs and cleared by JNI_OnUnload after the last; the helpers are
// stateless.
#ifndef ORACLE_BINDINGS_JAVA_JNI_JNI_COMMON_H_
#define ORACLE_BINDINGS_JAVA_JNI_JNI_COMMON_H_

#include <jni.h>

#include <cstddef>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "oracle/engine.h"
#include "oracle/status.h"

namespace oracle::jni {

// Java classes used from native code, resolved once in JNI_OnLoad.
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

extern JavaClasses g_classes;

// Thrown (as a C++ exception) when a JNI call left a Java exception pending:
// unwinds to Guarded(), which returns to the JVM with that exception.
struct JavaExceptionPending {};

// A Java exception to raise from the entry point (thrown as a C++ exception
// so that helpers can bail out from any depth). `message` must be static.
struct JavaThrow {
  jclass cls;
  const char* message;
};

// A failed Status to raise as an OracleException.
struct StatusThrow {
  Status status;
};

// Throws JavaExceptionPending when a Java exception is pending.
void CheckJava(JNIEnv* env);

// A new java.lang.String from UTF-8 (ill-formed bytes become U+FFFD).
jstring NewJavaString(JNIEnv* env, std::string_view utf8);

// Sets a pending OracleException. Never throws: falls back to an
// OutOfMemoryError when even that cannot be built.
void SetOracleException(JNIEnv* env, StatusCode code,
                        std::string_view message) noexcept;

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

// Replaces `*out` with the UTF-8 form of the (non-null) Java string `s`;
// `utf16` is scratch space.
void ReadString(JNIEnv* env, jstring s, std::vector<jchar>* utf16,
                std::string* out);
std::string ReadString(JNIEnv* env, jstring s);

// The strings of a String[] (which must not contain null: `what` is the
// NullPointerException's message). A null array is empty.
std::vector<std::string> ReadStringArray(JNIEnv* env, jobjectArray array,
                                         const char* what);

// The engine of a handle made by NativeMethods.createEngine; throws
// IllegalStateException for 0.
const Engine& EngineFromHandle(jlong handle);

jobjectArray NewStringArray(JNIEnv* env, const std::vector<std::string>& v);
// `n` as a Java array length, or OUT_OF_RANGE.
jsize CheckedSize(size_t n);
jintArray NewIntArray(JNIEnv* env, const std::vector<jint>& v);
jbyteArray NewByteArray(JNIEnv* env, const void* data, size_t size);

}  // namespace oracle::jni

#endif  // ORACLE_BINDINGS_JAVA_JNI_JNI_COMMON_H_
