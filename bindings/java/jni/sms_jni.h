// Pieces of the SMS JNI layer (sms_jni.cc) that the history and campaign
// entry points (history_jni.cc) also use: native transports behind a Java
// handle, the adapter that lets the C++ dispatcher call a transport written
// in Java, and the flat string layouts of messages, results and receipts.
#ifndef ORACLE_BINDINGS_JAVA_JNI_SMS_JNI_H_
#define ORACLE_BINDINGS_JAVA_JNI_SMS_JNI_H_

#include <jni.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "oracle/orange_sms.h"
#include "oracle/sandbox_sms.h"
#include "oracle/sms_transport.h"

namespace oracle::jni {

// What a transport handle (jlong) points to.
struct TransportBox {
  std::unique_ptr<SmsTransport> transport;
  SandboxTransport* sandbox = nullptr;     // when it is a sandbox
  OrangeSmsTransport* orange = nullptr;    // when it is Orange
};

// The transport of a handle; IllegalStateException for 0.
TransportBox& TransportFromHandle(jlong handle);

// An SmsTransport that calls a Java io.github.oraclephone.SmsTransport
// (through SmsNatives.upcallSend), attaching the calling native thread to
// the JVM when needed (and detaching it when the thread ends). Holds a
// global reference to the Java object until destroyed.
//
// Outcomes when the Java side fails: a Java exception thrown by send() (or
// a null result) is UNKNOWN with error code TRANSPORT_EXCEPTION (or
// NULL_RESULT): the message may have left, so it is never resent
// automatically. When the thread cannot be attached or the call cannot be
// set up, Java was not called and the result is RETRY_LATER
// (JNI_UNAVAILABLE).
std::unique_ptr<SmsTransport> MakeJavaTransport(JNIEnv* env, jobject transport,
                                                std::string name);

// A callable that hands string values to a Java
// java.util.function.Consumer<String[]> from any thread (attached as
// needed), through SmsNatives.upcallAccept. Holds a global reference to the
// consumer, released when the last copy of the callable is destroyed.
std::function<void(const std::vector<std::string>&)> MakeJavaConsumer(
    JNIEnv* env, jobject consumer);

// Flat layouts (the same in SmsNatives.java):
//   message  {to, text, sender_address, sender_name, client_ref}
//   result   {outcome, provider_message_id, error_code, error_message,
//             http_status, request_id, attempts, retry_after_ms, client_ref}
//   receipt  {provider_message_id, address, status, raw_status,
//             received_at_unix_ms}
inline constexpr int kMessageFields = 5;
inline constexpr int kResultFields = 9;
inline constexpr int kReceiptFields = 5;

SmsMessage MessageFromFlat(const std::vector<std::string>& v, size_t at = 0);
void AppendResult(const SendResult& r, std::vector<std::string>* out);
SendResult ResultFromFlat(const std::vector<std::string>& v, size_t at = 0);
void AppendReceipt(const DeliveryReceipt& r, std::vector<std::string>* out);
DeliveryReceipt ReceiptFromFlat(const std::vector<std::string>& v,
                                size_t at = 0);

}  // namespace oracle::jni

#endif  // ORACLE_BINDINGS_JAVA_JNI_SMS_JNI_H_
