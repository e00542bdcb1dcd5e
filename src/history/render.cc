// MessageRenderer: campaign templates (oracle/sms.h SmsTemplate) rendered
// per recipient, with the encoding and segment count of each text.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "history/campaign_internal.h"
#include "oracle/sms.h"

namespace oracle::internal {

Result<MessageRenderer> MessageRenderer::Make(const std::string& template_text) {
  ORACLE_ASSIGN_OR_RAISE(SmsTemplate compiled, SmsTemplate::Make(template_text));
  return MessageRenderer(std::move(compiled));
}

Status MessageRenderer::Render(
    const std::vector<std::pair<std::string, std::string>>& fields,
    const std::string& e164, NewMessage* message) const {
  const SmsTemplate::Lookup lookup =
      [&](std::string_view name) -> std::optional<std::string_view> {
    for (const auto& [key, value] : fields) {
      if (key == name) return std::string_view(value);
    }
    if (name == "number") return std::string_view(e164);
    return std::nullopt;
  };
  ORACLE_ASSIGN_OR_RAISE(message->text, template_.Render(lookup));
  ORACLE_ASSIGN_OR_RAISE(SmsAnalysis analysis, AnalyzeSms(message->text));
  if (analysis.segments == 0) {
    return Status::InvalidArgument("the message text is empty");
  }
  message->encoding = std::string(SmsEncodingName(analysis.encoding));
  message->segments = analysis.segments;
  return Status::OK();
}

}  // namespace oracle::internal
