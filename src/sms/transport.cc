// The out-of-line parts of include/oracle/sms_transport.h: names of
// outcomes and delivery states, and the default SendAsync / SendBatch.
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
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
    case DeliveryStatus::kNotSupported:
      return "DeliveryNotificationNotSupported";
  }
  return "DeliveryUncertain";
}

void SmsTransport::SendAsync(SmsMessage message, SendCallback done) {
  done(Send(message));
}

std::vector<SendResult> SmsTransport::SendBatch(
    const std::vector<SmsMessage>& messages) {
  // Shared with the callbacks, which may run on transport threads.
  struct State {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<SendResult> results;
    size_t remaining = 0;
  };
  auto state = std::make_shared<State>();
  state->results.resize(messages.size());
  state->remaining = messages.size();
  for (size_t i = 0; i < messages.size(); ++i) {
    SendAsync(messages[i], [state, i](SendResult r) {
      std::lock_guard<std::mutex> lock(state->mu);
      state->results[i] = std::move(r);
      if (--state->remaining == 0) state->cv.notify_all();
    });
  }
  std::unique_lock<std::mutex> lock(state->mu);
  state->cv.wait(lock, [&] { return state->remaining == 0; });
  return std::move(state->results);
}

}  // namespace oracle
