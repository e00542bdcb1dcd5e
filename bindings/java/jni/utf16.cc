// UTF-16 <-> UTF-8 conversion for the JNI layer (see utf16.h).
#include "utf16.h"

namespace oracle::jni {

namespace {

inline bool IsHighSurrogate(uint32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
inline bool IsLowSurrogate(uint32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

inline void AppendUtf16CodePoint(uint32_t cp, std::u16string* out) {
  if (cp < 0x10000) {
    out->push_back(static_cast<char16_t>(cp));
  } else {
    cp -= 0x10000;
    out->push_back(static_cast<char16_t>(0xD800 | (cp >> 10)));
    out->push_back(static_cast<char16_t>(0xDC00 | (cp & 0x3FF)));
  }
}

constexpr char16_t kReplacement = 0xFFFD;

}  // namespace

void AppendUtf16AsUtf8(const uint16_t* s, size_t n, std::string* out) {
  // Write into room for the worst case (3 bytes per code unit), then trim:
  // no capacity check per byte on the ASCII fast path.
  const size_t start = out->size();
  out->resize(start + 3 * n);
  char* const begin = out->data() + start;
  char* p = begin;
  size_t i = 0;
  while (i < n) {
    const uint32_t u = s[i];
    if (u < 0x80) {
      *p++ = static_cast<char>(u);
      ++i;
    } else if (u < 0x800) {
      *p++ = static_cast<char>(0xC0 | (u >> 6));
      *p++ = static_cast<char>(0x80 | (u & 0x3F));
      ++i;
    } else if (IsHighSurrogate(u) && i + 1 < n && IsLowSurrogate(s[i + 1])) {
      // 4 bytes for 2 code units: within the 6 reserved.
      const uint32_t cp = 0x10000 + ((u - 0xD800) << 10) + (s[i + 1] - 0xDC00);
      *p++ = static_cast<char>(0xF0 | (cp >> 18));
      *p++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *p++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *p++ = static_cast<char>(0x80 | (cp & 0x3F));
      i += 2;
    } else {
      // Other BMP characters, and unpaired surrogates, deliberately encoded
      // as ill-formed 3-byte sequences (see the header).
      *p++ = static_cast<char>(0xE0 | (u >> 12));
      *p++ = static_cast<char>(0x80 | ((u >> 6) & 0x3F));
      *p++ = static_cast<char>(0x80 | (u & 0x3F));
      ++i;
    }
  }
  out->resize(start + static_cast<size_t>(p - begin));
}

void AppendUtf8AsUtf16(std::string_view s, std::u16string* out) {
  out->reserve(out->size() + s.size());
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      out->push_back(static_cast<char16_t>(b));
      ++i;
      continue;
    }
    int need;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    uint32_t cp;
    if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
      cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      cp = b & 0x0F;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;  // no surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      cp = b & 0x07;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
      out->push_back(kReplacement);
      ++i;
      continue;
    }
    size_t j = i + 1;
    bool complete = true;
    for (int k = 0; k < need; ++k) {
      if (j >= n || p[j] < lo || p[j] > hi) {
        complete = false;
        break;
      }
      cp = (cp << 6) | (p[j] & 0x3F);
      ++j;
      lo = 0x80;
      hi = 0xBF;
    }
    if (complete) {
      AppendUtf16CodePoint(cp, out);
    } else {
      out->push_back(kReplacement);  // the offending byte starts over
    }
    i = j;
  }
}

}  // namespace oracle::jni
