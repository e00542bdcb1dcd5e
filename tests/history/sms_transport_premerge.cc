// The out-of-line parts of oracle/sms_transport.h, for the history tests
// until the SMS module (src/sms/transport.cc) is part of the library.
// Remove this file when it is.
#include <future>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "oracle/sms_transport.h"

namespace oracle {

std::string_view SendOutcomeName(SendOutcome outcome) {
  switch (outcome) {
    case SendOutcome::kAccepted: return "ACCEPTED";
    case SendOutcome::kRejected: return "REJECTED";
    case SendOutcome::kRetryLater: return "RETRY_LATER";
    case SendOutcome::kUnknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::string_view DeliveryStatusName(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::kDeliveredToTerminal: return "DeliveredToTerminal";
    case DeliveryStatus::kDeliveredToNetwork: return "DeliveredToNetwork";
    case DeliveryStatus::kMessageWaiting: return "MessageWaiting";
    case DeliveryStatus::kDeliveryUncertain: return "DeliveryUncertain";
    case DeliveryStatus::kDeliveryImpossible: return "DeliveryImpossible";
    case DeliveryStatus::kNotSupported: return "DeliveryNotificationNotSupported";
  }
  return "DeliveryUncertain";
}

void SmsTransport::SendAsync(SmsMessage message, SendCallback done) {
  done(Send(message));
}

std::vector<SendResult> SmsTransport::SendBatch(
    const std::vector<SmsMessage>& messages) {
  std::vector<SendResult> out;
  out.reserve(messages.size());
  for (const SmsMessage& m : messages) out.push_back(Send(m));
  return out;
}

}  // namespace oracle
