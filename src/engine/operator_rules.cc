// User operator rules: parsing the CSV form and longest-prefix lookup.
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine_internal.h"
#include "oracle/engine.h"

namespace oracle {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Reads one CSV field (RFC 4180 quoting allowed) starting at `*pos`.
bool ReadField(std::string_view line, size_t* pos, std::string* field) {
  field->clear();
  size_t i = *pos;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i < line.size() && line[i] == '"') {
    ++i;
    for (;;) {
      if (i >= line.size()) return false;  // unterminated quote
      if (line[i] == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          field->push_back('"');
          i += 2;
          continue;
        }
        ++i;
        break;
      }
      field->push_back(line[i++]);
    }
    while (i < line.size() && line[i] != ',') {
      if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') return false;
      ++i;
    }
  } else {
    size_t start = i;
    while (i < line.size() && line[i] != ',') ++i;
    field->assign(Trim(line.substr(start, i - start)));
  }
  *pos = i;
  return true;
}

}  // namespace

Result<std::vector<OperatorRule>> ParseOperatorRulesCsv(
    std::string_view csv_text) {
  std::vector<OperatorRule> rules;
  size_t line_no = 0;
  size_t start = 0;
  while (start <= csv_text.size()) {
    size_t end = csv_text.find('\n', start);
    if (end == std::string_view::npos) end = csv_text.size();
    std::string_view line = csv_text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line_no == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') {
      if (end == csv_text.size()) break;
      continue;
    }
    auto where = [&] { return "operator rules line " + std::to_string(line_no) + ": "; };
    size_t pos = 0;
    std::string prefix_field;
    std::string name;
    if (!ReadField(line, &pos, &prefix_field) || pos >= line.size() ||
        line[pos] != ',') {
      return Status::InvalidArgument(where() + "expected \"prefix,operator\"");
    }
    ++pos;
    if (!ReadField(line, &pos, &name) || pos != line.size()) {
      return Status::InvalidArgument(
          where() + "expected exactly two fields \"prefix,operator\"");
    }
    if (line_no == 1 || rules.empty()) {
      std::string lower;
      for (char c : prefix_field) lower.push_back(std::tolower(static_cast<unsigned char>(c)));
      if (lower == "prefix") {
        if (end == csv_text.size()) break;
        continue;  // header
      }
    }
    std::string digits;
    for (size_t i = 0; i < prefix_field.size(); ++i) {
      char c = prefix_field[i];
      if (c >= '0' && c <= '9') {
        digits.push_back(c);
      } else if (c == '+' && i == 0) {
      } else if (c == ' ' || c == '-' || c == '.') {
      } else {
        return Status::InvalidArgument(
            where() + "the prefix may hold only digits, a leading '+', "
                      "spaces, dashes and dots");
      }
    }
    if (digits.empty()) {
      return Status::InvalidArgument(where() + "empty prefix");
    }
    if (digits.size() > 20) {
      return Status::InvalidArgument(where() + "prefix longer than 20 digits");
    }
    if (name.empty()) {
      return Status::InvalidArgument(where() + "empty operator name");
    }
    rules.push_back(OperatorRule{std::move(digits), std::move(name)});
    if (end == csv_text.size()) break;
  }
  return rules;
}

Result<std::vector<OperatorRule>> LoadOperatorRulesCsv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open operator rules file '" + path + "'");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read operator rules file '" + path + "'");
  return ParseOperatorRulesCsv(buf.str());
}

namespace internal {

OperatorRuleTable::OperatorRuleTable(const std::vector<OperatorRule>& rules) {
  for (const OperatorRule& r : rules) {
    rules_[r.prefix] = r.operator_name;  // a later rule for a prefix wins
    max_prefix_ = std::max(max_prefix_, r.prefix.size());
  }
}

const std::string* OperatorRuleTable::Lookup(std::string_view digits) const {
  for (size_t len = std::min(max_prefix_, digits.size()); len > 0; --len) {
    auto it = rules_.find(digits.substr(0, len));
    if (it != rules_.end()) return &it->second;
  }
  return nullptr;
}

}  // namespace internal
}  // namespace oracle
