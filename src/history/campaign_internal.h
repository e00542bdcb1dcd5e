// Internal pieces shared by campaign creation, the dispatcher and the CLI.
//
// Thread safety: MessageRenderer is immutable once made; Render may be
// called from many threads. SystemNowUnixMs is thread-safe.
#ifndef ORACLE_SRC_HISTORY_CAMPAIGN_INTERNAL_H_
#define ORACLE_SRC_HISTORY_CAMPAIGN_INTERNAL_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "oracle/history.h"
#include "oracle/result.h"
#include "oracle/sms.h"
#include "oracle/status.h"

namespace oracle::internal {

// Milliseconds since the Unix epoch, from the system clock.
int64_t SystemNowUnixMs();

// Turns a campaign template into one message text per recipient, with its
// encoding and segment count.
class MessageRenderer {
 public:
  // INVALID_ARGUMENT when the template does not compile (oracle/sms.h
  // SmsTemplate syntax: {field}, {{ and }}).
  static Result<MessageRenderer> Make(const std::string& template_text);

  // Fills message->text, ->encoding and ->segments for a recipient whose
  // row gave `fields`; the field "number" is the recipient's E.164 number
  // unless the row has its own. INVALID_ARGUMENT naming a missing field.
  Status Render(const std::vector<std::pair<std::string, std::string>>& fields,
                const std::string& e164, NewMessage* message) const;

 private:
  explicit MessageRenderer(SmsTemplate compiled)
      : template_(std::move(compiled)) {}
  SmsTemplate template_;
};

}  // namespace oracle::internal

#endif  // ORACLE_SRC_HISTORY_CAMPAIGN_INTERNAL_H_
