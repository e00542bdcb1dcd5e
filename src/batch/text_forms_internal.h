// The forms of a text that the batch fast path reads besides the kernels'
// simple rows (batch_internal.h): a label before the number, a number with
// an extension, digits of other scripts. Shared by the batch
// (BatchSegmenter) and the single-number shortcut (FastSingle), which
// reduce a text to the kernels' form the same way.
//
// Thread safety: pure functions.
#ifndef ORACLE_SRC_BATCH_TEXT_FORMS_INTERNAL_H_
#define ORACLE_SRC_BATCH_TEXT_FORMS_INTERNAL_H_

#include <cstddef>
#include <string_view>

#include "batch/batch_internal.h"
#include "engine/text_internal.h"

namespace oracle::internal {

// Length of a label before a number: printable ASCII other than digits,
// '+' and ';', up to the first digit or '+'. 0 when the text has no such
// label, or is longer than the kernels read.
inline size_t SimpleLabelLength(std::string_view text) {
  if (text.size() > kMaxCanonicalInput) return 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c >= '0' && c <= '9') || c == '+') return i;
    if (c < 0x20 || c > 0x7e || c == ';') return 0;
  }
  return 0;
}

// What libphonenumber's parse() makes of a text the kernels did not find
// simple, when the batch can follow it without the engine: ASCII with no
// ';' (no RFC 3966 parameters) and at most kMaxCanonicalInput (250)
// characters, read with the engine's own steps (_extract_possible_number,
// _is_viable_phone_number, _maybe_strip_extension).
enum class Unsimple {
  kEngine,     // anything else: the engine's job
  // No viable number (two digits at least are needed): parse() refuses it
  // before it looks at the region, NOT_A_NUMBER "The string supplied did
  // not seem to be a phone number." ("NULL", "pas de numero", "-", "x1").
  kNotViable,
  // A number with an extension ("+41 878 742 410 x12", "(900) 299-2240
  // ext. 211"): parse() goes on with `*rest`, the text before the
  // extension, by its digits alone when the kernels find it simple, as for
  // any simple row; `*extension` is kept as it is. Both view `text`.
  kExtension,
};
inline Unsimple ReadUnsimple(std::string_view text, std::string_view* rest,
                             std::string_view* extension) {
  if (text.size() > kMaxCanonicalInput) return Unsimple::kEngine;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80 || c == ';') {
      return Unsimple::kEngine;
    }
  }
  const std::string_view number = ExtractPossibleNumber(text);
  if (!IsViablePhoneNumber(number)) return Unsimple::kNotViable;
  if (MaybeStripExtension(number, rest, extension) &&
      !extension->empty()) {
    return Unsimple::kExtension;
  }
  return Unsimple::kEngine;
}

// Rewrites `text` with its Arabic-Indic (U+0660..0669), Extended
// Arabic-Indic (U+06F0..06F9) and fullwidth (U+FF10..FF19) digits as ASCII
// digits, into `out` (kMaxCanonicalInput bytes at least). False, with
// nothing meaningful written, when the text has no such digit, any other
// non-ASCII character, or more than kMaxCanonicalInput characters: the
// engine reads such digits as their values, so the rewritten text
// segments as the original does whenever the kernels find it simple.
inline bool AsciiDigitsOf(std::string_view text, char* out, size_t* length) {
  size_t n = 0;
  bool rewritten = false;
  for (size_t i = 0; i < text.size(); ++n) {
    if (n >= kMaxCanonicalInput) return false;
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out[n] = static_cast<char>(c);
      ++i;
      continue;
    }
    const size_t left = text.size() - i;
    const unsigned char c1 = left > 1 ? static_cast<unsigned char>(text[i + 1]) : 0;
    if ((c == 0xD9 && c1 >= 0xA0 && c1 <= 0xA9) ||
        (c == 0xDB && c1 >= 0xB0 && c1 <= 0xB9)) {
      out[n] = static_cast<char>('0' + (c1 & 0x0F));
      i += 2;
    } else if (c == 0xEF && c1 == 0xBC && left > 2 &&
               static_cast<unsigned char>(text[i + 2]) >= 0x90 &&
               static_cast<unsigned char>(text[i + 2]) <= 0x99) {
      out[n] = static_cast<char>('0' + (text[i + 2] & 0x0F));
      i += 3;
    } else {
      return false;
    }
    rewritten = true;
  }
  *length = n;
  return rewritten;
}

}  // namespace oracle::internal

#endif  // ORACLE_SRC_BATCH_TEXT_FORMS_INTERNAL_H_
