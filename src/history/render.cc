// MessageRenderer: campaign templates rendered per recipient.
#include <string>
#include <utility>
#include <vector>

#include "history/campaign_internal.h"

namespace oracle::internal {

Result<MessageRenderer> MessageRenderer::Make(const std::string& template_text) {
  if (template_text.find_first_of("{}") != std::string::npos) {
    return Status(StatusCode::kUnimplemented,
        "templates with {fields} need the SMS module (oracle/sms.h)");
  }
  return MessageRenderer(template_text);
}

Status MessageRenderer::Render(
    const std::vector<std::pair<std::string, std::string>>& fields,
    const std::string& e164, NewMessage* message) const {
  message->text = template_text_;
  message->encoding.clear();
  message->segments = 1;
  return Status::OK();
}

}  // namespace oracle::internal
