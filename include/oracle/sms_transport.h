// How an SMS leaves Oracle: the message handed to a transport, the outcome it
// reports, delivery receipts, and the SmsTransport interface that every
// transport (the local sandbox, the Orange SMS API, hosts' own) implements.
//
// The outcome of a send is one of four, and the difference matters for money
// and for customers:
//   kAccepted    the provider took the message; it has a provider message id.
//   kRejected    permanently refused (bad number, policy, no credit...): do
//                not resend as is.
//   kRetryLater  not sent (rate limited, service unavailable before the
//                request was accepted): safe to send again later.
//   kUnknown     the request may have reached the provider (timeout, reset or
//                5xx after the request was written, a 201 without an id): it
//                may have been sent. Never resent automatically; wait for a
//                delivery receipt or a human decision.
//
// Example:
//
//   std::unique_ptr<oracle::SmsTransport> transport = ...;  // e.g. sandbox
//   oracle::SmsMessage m;
//   m.to = "+2250707123456";
//   m.text = "Votre code : 1234";
//   oracle::SendResult r = transport->Send(m);
//   if (r.outcome == oracle::SendOutcome::kAccepted) {
//     std::cout << r.provider_message_id << "\n";
//   }
//
// Thread safety: every SmsTransport is safe to call from many threads at once.
#ifndef ORACLE_SMS_TRANSPORT_H_
#define ORACLE_SMS_TRANSPORT_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "oracle/export.h"

namespace oracle {

// One message to one recipient.
struct SmsMessage {
  std::string to;              // recipient in E.164, e.g. "+2250707123456"
  std::string text;            // body, UTF-8
  std::string sender_address;  // e.g. "tel:+2250000"; empty: the transport's
  std::string sender_name;     // optional approved sender name; empty: none
  // The caller's own reference (e.g. the history store's message id): echoed
  // in the SendResult, never sent to the provider.
  std::string client_ref;
};

enum class SendOutcome : uint8_t {
  kAccepted = 0,
  kRejected = 1,
  kRetryLater = 2,
  kUnknown = 3,
};

// "ACCEPTED", "REJECTED", "RETRY_LATER", "UNKNOWN".
ORACLE_EXPORT std::string_view SendOutcomeName(SendOutcome outcome);

struct SendResult {
  SendOutcome outcome = SendOutcome::kUnknown;
  std::string provider_message_id;  // set when kAccepted
  // The provider's error code (e.g. "SVC0004", "42") or a transport code
  // (e.g. "TIMEOUT", "CONNECTION_RESET"), and a readable message. Never
  // contains credentials or tokens.
  std::string error_code;
  std::string error_message;
  int http_status = 0;     // last HTTP status, 0 when none
  std::string request_id;  // provider request id (Orange: X-OAPI-Request-Id)
  int attempts = 0;        // requests made for this message
  // For kRetryLater: how long to wait before trying again (0: no hint).
  std::chrono::milliseconds retry_after{0};
  std::string client_ref;  // copied from the SmsMessage
};

// Delivery states reported by providers (Orange's names in comments).
enum class DeliveryStatus : uint8_t {
  kDeliveredToTerminal = 0,  // DeliveredToTerminal
  kDeliveredToNetwork = 1,   // DeliveredToNetwork
  kMessageWaiting = 2,       // MessageWaiting
  kDeliveryUncertain = 3,    // DeliveryUncertain
  kDeliveryImpossible = 4,   // DeliveryImpossible
  kNotSupported = 5,         // DeliveryNotificationNotSupported
};

// "DeliveredToTerminal", ... (the provider's spelling).
ORACLE_EXPORT std::string_view DeliveryStatusName(DeliveryStatus status);

// One delivery receipt, as received. Receipts may be duplicated, arrive out
// of order, or arrive before the send was recorded.
struct DeliveryReceipt {
  std::string provider_message_id;
  std::string address;  // recipient as the provider wrote it
  DeliveryStatus status = DeliveryStatus::kDeliveryUncertain;
  std::string raw_status;        // the provider's text, unchanged
  int64_t received_at_unix_ms = 0;  // stamped by the receiver
};

// A way to send SMS. Implementations are thread-safe.
class ORACLE_EXPORT SmsTransport {
 public:
  using SendCallback = std::function<void(SendResult)>;

  virtual ~SmsTransport() = default;

  // "sandbox", "orange", ...
  virtual std::string name() const = 0;

  // Sends one message and waits for its outcome. Never throws. Retries only
  // where a retry cannot deliver the message twice.
  virtual SendResult Send(const SmsMessage& message) = 0;

  // Starts sending one message; `done` is called exactly once with the
  // outcome, on a transport thread or before SendAsync returns. The default
  // calls Send inline.
  virtual void SendAsync(SmsMessage message, SendCallback done);

  // Sends many messages, concurrently where the transport can, and returns
  // their outcomes in the same order. The default uses SendAsync and waits.
  virtual std::vector<SendResult> SendBatch(
      const std::vector<SmsMessage>& messages);
};

}  // namespace oracle

#endif  // ORACLE_SMS_TRANSPORT_H_
