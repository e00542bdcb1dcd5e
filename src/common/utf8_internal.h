// UTF-8 well-formedness, one sequence at a time (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF). Shared by the command-line
// tool and the bindings, which echo input text with each invalid byte
// replaced by U+FFFD.
//
// Thread safety: pure functions.
#ifndef ORACLE_SRC_COMMON_UTF8_INTERNAL_H_
#define ORACLE_SRC_COMMON_UTF8_INTERNAL_H_

#include <cstddef>
#include <string_view>

namespace oracle::internal {

inline constexpr std::string_view kUtf8ReplacementChar = "\xEF\xBF\xBD";

// The length of the well-formed UTF-8 sequence starting at s[i] (i <
// s.size()), or 0 when the byte at s[i] does not start one.
inline size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) -> unsigned {
    return static_cast<unsigned char>(s[k]);
  };
  const unsigned b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t n;
  unsigned lo = 0x80;
  unsigned hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  const unsigned b1 = byte(i + 1);
  if (b1 < lo || b1 > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    const unsigned b = byte(i + k);
    if (b < 0x80 || b > 0xBF) return 0;
  }
  return n;
}

// The code point of the well-formed sequence of length `n` (from
// Utf8SequenceLength) at s[i].
inline char32_t DecodeUtf8(std::string_view s, size_t i, size_t n) {
  const auto byte = [&](size_t k) -> char32_t {
    return static_cast<unsigned char>(s[k]);
  };
  switch (n) {
    case 1: return byte(i);
    case 2: return ((byte(i) & 0x1F) << 6) | (byte(i + 1) & 0x3F);
    case 3:
      return ((byte(i) & 0x0F) << 12) | ((byte(i + 1) & 0x3F) << 6) |
             (byte(i + 2) & 0x3F);
    default:
      return ((byte(i) & 0x07) << 18) | ((byte(i + 1) & 0x3F) << 12) |
             ((byte(i + 2) & 0x3F) << 6) | (byte(i + 3) & 0x3F);
  }
}

}  // namespace oracle::internal

#endif  // ORACLE_SRC_COMMON_UTF8_INTERNAL_H_
