// SMS templates: `{field}` placeholders rendered per recipient
// (include/oracle/sms.h).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/utf8_internal.h"
#include "oracle/sms.h"

namespace oracle {

namespace {

// The offset of the first byte that does not start well-formed UTF-8, or
// npos.
size_t FindInvalidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = internal::Utf8SequenceLength(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::string At(size_t offset) {
  return " at byte offset " + std::to_string(offset);
}

}  // namespace

Result<SmsTemplate> SmsTemplate::Make(std::string_view source) {
  if (size_t bad = FindInvalidUtf8(source); bad != std::string_view::npos) {
    return Status::InvalidArgument("SMS template is not valid UTF-8" +
                                   At(bad));
  }
  SmsTemplate t;
  t.source_ = std::string(source);
  std::string literal;
  size_t i = 0;
  while (i < source.size()) {
    const char c = source[i];
    if (c == '}') {
      if (i + 1 < source.size() && source[i + 1] == '}') {
        literal.push_back('}');
        i += 2;
        continue;
      }
      return Status::InvalidArgument(
          "SMS template: lone '}'" + At(i) +
          " (write '}}' for a literal brace)");
    }
    if (c != '{') {
      literal.push_back(c);
      ++i;
      continue;
    }
    if (i + 1 < source.size() && source[i + 1] == '{') {
      literal.push_back('{');
      i += 2;
      continue;
    }
    const size_t close = source.find_first_of("{}", i + 1);
    if (close == std::string_view::npos || source[close] == '{') {
      return Status::InvalidArgument(
          "SMS template: '{'" + At(i) +
          " is not closed by '}' (write '{{' for a literal brace)");
    }
    const std::string_view name = source.substr(i + 1, close - i - 1);
    if (name.empty()) {
      return Status::InvalidArgument("SMS template: empty placeholder '{}'" +
                                     At(i));
    }
    for (size_t k = 0; k < name.size(); ++k) {
      const unsigned char b = static_cast<unsigned char>(name[k]);
      if (b < 0x20 || b == 0x7F) {
        return Status::InvalidArgument(
            "SMS template: control character in a placeholder name" +
            At(i + 1 + k));
      }
    }
    if (name.front() == ' ' || name.back() == ' ') {
      return Status::InvalidArgument(
          "SMS template: placeholder '{" + std::string(name) + "}'" + At(i) +
          " has leading or trailing spaces");
    }
    int index = -1;
    for (size_t f = 0; f < t.fields_.size(); ++f) {
      if (t.fields_[f] == name) index = static_cast<int>(f);
    }
    if (index < 0) {
      index = static_cast<int>(t.fields_.size());
      t.fields_.emplace_back(name);
    }
    t.pieces_.push_back(Piece{std::move(literal), index});
    literal.clear();
    i = close + 1;
  }
  if (!literal.empty() || t.pieces_.empty()) {
    t.pieces_.push_back(Piece{std::move(literal), -1});
  }
  return t;
}

Result<std::string> SmsTemplate::Render(const SmsTemplateValues& values) const {
  return Render(Lookup([&values](std::string_view name)
                           -> std::optional<std::string_view> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return std::string_view(it->second);
  }));
}

Result<std::string> SmsTemplate::Render(const Lookup& lookup) const {
  std::vector<std::string_view> resolved(fields_.size());
  std::string missing;
  int missing_count = 0;
  for (size_t f = 0; f < fields_.size(); ++f) {
    std::optional<std::string_view> v = lookup(fields_[f]);
    if (!v.has_value()) {
      if (missing_count++ > 0) missing += ", ";
      missing += "'" + fields_[f] + "'";
      continue;
    }
    if (size_t bad = FindInvalidUtf8(*v); bad != std::string_view::npos) {
      return Status::InvalidArgument("SMS template: the value of field '" +
                                     fields_[f] + "' is not valid UTF-8" +
                                     At(bad));
    }
    resolved[f] = *v;
  }
  if (missing_count > 0) {
    return Status::InvalidArgument(
        std::string(missing_count == 1 ? "SMS template: no value for field "
                                       : "SMS template: no value for fields ") +
        missing);
  }
  std::string out;
  for (const Piece& p : pieces_) {
    out += p.literal;
    if (p.field >= 0) out += resolved[p.field];
  }
  return out;
}

}  // namespace oracle
