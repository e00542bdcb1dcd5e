// Differential-test driver for the text steps of parsing: reads one
// hex-encoded byte string per line on stdin and prints, per line, the result
// of every function of engine/text_internal.h as tab-separated fields (byte
// strings hex-encoded, "-" for an empty string):
//
//   valid code_points build_ok build_out extract viable strip_found
//   strip_rest strip_ext plus_len normalize digits_only
//   viable(build_out) strip_found(build_out) strip_rest(build_out)
//   strip_ext(build_out)
//
// Only the first field is printed for input that is not valid UTF-8.
// tests/text/differential_test.py compares this output with `phonenumbers`.
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>

#include "engine/text_internal.h"

namespace {

using oracle::internal::BuildNationalNumberForParsing;
using oracle::internal::ExtractPossibleNumber;
using oracle::internal::IsValidUtf8;
using oracle::internal::IsViablePhoneNumber;
using oracle::internal::LeadingPlusLength;
using oracle::internal::MaybeStripExtension;
using oracle::internal::NormalizeAppend;
using oracle::internal::NormalizeDigitsOnlyAppend;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool HexDecode(std::string_view hex, std::string* out) {
  out->clear();
  if (hex.size() % 2 != 0) return false;
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = HexValue(hex[i]);
    const int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

void AppendHex(std::string_view s, std::string* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  if (s.empty()) {
    out->push_back('-');
    return;
  }
  for (const char ch : s) {
    const auto b = static_cast<unsigned char>(ch);
    out->push_back(kDigits[b >> 4]);
    out->push_back(kDigits[b & 15]);
  }
}

void AppendStrip(std::string_view s, std::string* line) {
  std::string_view rest;
  std::string_view ext;
  const bool found = MaybeStripExtension(s, &rest, &ext);
  line->append(found ? "\t1\t" : "\t0\t");
  AppendHex(rest, line);
  line->push_back('\t');
  AppendHex(ext, line);
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string hex;
  std::string input;
  std::string line;
  std::string built;
  std::string normalized;
  while (std::getline(std::cin, hex)) {
    if (!hex.empty() && hex.back() == '\r') hex.pop_back();
    if (hex == "-") hex.clear();
    if (!HexDecode(hex, &input)) {
      std::cerr << "bad hex line\n";
      return 2;
    }
    line.clear();
    size_t code_points = 0;
    if (!IsValidUtf8(input, &code_points)) {
      line = "0\n";
      std::cout << line;
      continue;
    }
    line.append("1\t").append(std::to_string(code_points));
    const bool built_ok = BuildNationalNumberForParsing(input, &built);
    line.append(built_ok ? "\t1\t" : "\t0\t");
    AppendHex(built_ok ? std::string_view(built) : std::string_view(), &line);
    line.push_back('\t');
    AppendHex(ExtractPossibleNumber(input), &line);
    line.append(IsViablePhoneNumber(input) ? "\t1" : "\t0");
    AppendStrip(input, &line);
    line.push_back('\t');
    line.append(std::to_string(LeadingPlusLength(input)));
    normalized.clear();
    NormalizeAppend(input, &normalized);
    line.push_back('\t');
    AppendHex(normalized, &line);
    normalized.clear();
    NormalizeDigitsOnlyAppend(input, &normalized);
    line.push_back('\t');
    AppendHex(normalized, &line);
    if (built_ok) {
      line.append(IsViablePhoneNumber(built) ? "\t1" : "\t0");
      AppendStrip(built, &line);
    } else {
      line.append("\t-\t-\t-\t-");
    }
    line.push_back('\n');
    std::cout << line;
  }
  return 0;
}
