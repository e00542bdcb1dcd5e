// The shape of an E.164 number as Oracle stores and sends it: '+', then 7 to
// 15 digits, the first not 0. A shape check only: whether the number exists
// is the engine's question.
#ifndef ORACLE_COMMON_E164_INTERNAL_H_
#define ORACLE_COMMON_E164_INTERNAL_H_

#include <string_view>

namespace oracle::internal {

inline bool IsE164(std::string_view s) {
  if (s.size() < 8 || s.size() > 16 || s[0] != '+' || s[1] == '0') {
    return false;
  }
  for (size_t i = 1; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

}  // namespace oracle::internal

#endif  // ORACLE_COMMON_E164_INTERNAL_H_
