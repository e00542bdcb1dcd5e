// The native methods of io.github.oraclephone.NativeMethods defined outside
// oracle_jni.cc, registered by its JNI_OnLoad next to its own table.
//
// Each table must match the native declarations of NativeMethods.java;
// RegisterNatives fails at load time when a name or signature does not.
#ifndef ORACLE_BINDINGS_JAVA_JNI_NATIVE_TABLES_H_
#define ORACLE_BINDINGS_JAVA_JNI_NATIVE_TABLES_H_

#include <jni.h>

#include <span>

namespace oracle::jni {

// batch.cc: the batch call over oracle::BatchSegmenter.
std::span<const JNINativeMethod> BatchMethods();
// io.cc: contact files (oracle::SegmentTable).
std::span<const JNINativeMethod> FileMethods();

}  // namespace oracle::jni

#endif  // ORACLE_BINDINGS_JAVA_JNI_NATIVE_TABLES_H_
