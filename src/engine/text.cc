// Text handling of the segmentation front end: the metadata-independent
// steps of libphonenumber's parse() (tel: URIs, extraction of the possible
// number, viability, extension stripping, normalisation), giving the results
// of the `phonenumbers` Python package without a regular-expression engine.
//
// Every regular expression of phonenumberutil.py used here is replaced by a
// hand-written scanner that accepts exactly the same language:
//
//  - _VALID_START_CHAR_PATTERN, _UNWANTED_END_CHAR_PATTERN and
//    _SECOND_NUMBER_START_PATTERN are single forward/backward scans.
//  - _VALID_PHONE_NUMBER_PATTERN (fullmatch, IGNORECASE) is a forward scan
//    that finds the interval of positions where the number part may end,
//    followed, only when the text does not end there, by the extension
//    matcher run backwards from the end of the text.
//  - The extension patterns (_EXTN_PATTERNS_FOR_PARSING, used anchored at the
//    end by both _EXTN_PATTERN and _VALID_PHONE_NUMBER_PATTERN) always end in
//    "<digits>#?", and every alternative puts a non-digit right before its
//    digits, so the captured group is the final run of decimal digits. What
//    precedes the digits is matched by a bit-parallel position (Glushkov)
//    automaton of the six label alternatives, simulated right to left; it
//    reports every position where an extension may start.
//
// Character semantics follow Python 3.11's `re` and `unicodedata` (Unicode
// 14.0): `\d` is general category Nd, `\w` is str.isalnum() or '_',
// IGNORECASE compares simple lower-case forms plus the few extra equivalences
// of sre (e.g. 'i' also matches U+0130 and U+0131, 's' matches U+017F).
// Properties come from ICU, whose data may be newer than Unicode 14.0: code
// points assigned after 14.0 are treated as unassigned, which is what Python
// 3.11 sees. (ICU 72 and Python 3.11 agree on every other code point for the
// properties used here.)
//
// Positions are byte offsets into UTF-8 text, always on code point
// boundaries; ASCII bytes are classified through tables, and only bytes
// >= 0x80 go through decoding and ICU.
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <unicode/uchar.h>
#include <unicode/uversion.h>

#include "engine/text_internal.h"

namespace oracle::internal {
namespace {

constexpr size_t kNpos = std::string_view::npos;

// ---------------------------------------------------------------------------
// UTF-8 (input already validated).

// Decodes the code point starting at byte `i`; `*len` receives its length.
inline char32_t DecodeAt(std::string_view s, size_t i, size_t* len) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + i;
  const unsigned char c = p[0];
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  if (c < 0xE0) {
    *len = 2;
    return (char32_t{c & 0x1Fu} << 6) | (p[1] & 0x3Fu);
  }
  if (c < 0xF0) {
    *len = 3;
    return (char32_t{c & 0x0Fu} << 12) | (char32_t{p[1] & 0x3Fu} << 6) |
           (p[2] & 0x3Fu);
  }
  *len = 4;
  return (char32_t{c & 0x07u} << 18) | (char32_t{p[1] & 0x3Fu} << 12) |
         (char32_t{p[2] & 0x3Fu} << 6) | (p[3] & 0x3Fu);
}

// Start of the code point that ends at byte `i` (i > 0).
inline size_t PrevStart(std::string_view s, size_t i) {
  --i;
  while ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

// ---------------------------------------------------------------------------
// Unicode properties with Python 3.11 semantics, for code points >= 0x80.

// False for code points that Unicode 14.0 (Python 3.11's unicodedata) does
// not assign.
inline bool KnownToPython(char32_t c) {
  UVersionInfo age;
  u_charAge(static_cast<UChar32>(c), age);
  return age[0] < 14 || (age[0] == 14 && age[1] == 0 && age[2] == 0);
}

// Value of a decimal digit of the scripts most often met in phone numbers
// (Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali, Thai,
// full-width), without asking ICU; -1 otherwise.
inline int CommonDecimalValue(char32_t c) {
  for (const char32_t zero : {0xFF10u, 0x0660u, 0x06F0u, 0x0966u, 0x09E6u,
                              0x0E50u}) {
    if (c - zero <= 9) return static_cast<int>(c - zero);
  }
  return -1;
}

// str.isdecimal(): general category Nd; `\d` of Python's re.
bool IsDecimalNonAscii(char32_t c) {
  if (CommonDecimalValue(c) >= 0) return true;
  return u_charType(static_cast<UChar32>(c)) == U_DECIMAL_DIGIT_NUMBER &&
         KnownToPython(c);
}

// str.isalnum(): a letter (Lu, Ll, Lt, Lm, Lo) or any numeric character.
bool IsAlnumNonAscii(char32_t c) {
  const UChar32 u = static_cast<UChar32>(c);
  const bool alnum =
      (U_GET_GC_MASK(u) & U_GC_L_MASK) != 0 ||
      u_getIntPropertyValue(u, UCHAR_NUMERIC_TYPE) != U_NT_NONE;
  return alnum && KnownToPython(c);
}

// unicodedata.digit(c, -1): decimal digits and other digits (superscripts,
// circled digits...).
int DigitValueNonAscii(char32_t c) {
  const int common = CommonDecimalValue(c);
  if (common >= 0) return common;
  const UChar32 u = static_cast<UChar32>(c);
  const int type = u_getIntPropertyValue(u, UCHAR_NUMERIC_TYPE);
  if (type != U_NT_DECIMAL && type != U_NT_DIGIT) return -1;
  if (!KnownToPython(c)) return -1;
  const double value = u_getNumericValue(u);
  if (value < 0 || value > 9) return -1;
  return static_cast<int>(value);
}

// Non-ASCII members of _VALID_PUNCTUATION (case-insensitively, which adds
// nothing outside ASCII).
bool IsPunctuationNonAscii(char32_t c) {
  switch (c) {
    case 0x00A0: case 0x00AD: case 0x200B: case 0x2010: case 0x2011:
    case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2053:
    case 0x2060: case 0x2212: case 0x223C: case 0x3000: case 0x30FC:
    case 0xFF08: case 0xFF09: case 0xFF0D: case 0xFF0E: case 0xFF0F:
    case 0xFF3B: case 0xFF3D: case 0xFF5E:
      return true;
    default:
      return false;
  }
}

// Non-ASCII code points matching [A-Za-z] under IGNORECASE: U+0130 and
// U+0131 (i), U+017F (s), U+212A KELVIN SIGN (k).
inline bool IsCaselessAsciiLetterNonAscii(char32_t c) {
  return c == 0x0130 || c == 0x0131 || c == 0x017F || c == 0x212A;
}

// ---------------------------------------------------------------------------
// ASCII classes.

enum AsciiBit : uint8_t {
  kDigitBit = 1 << 0,      // [0-9]
  kAlnumBit = 1 << 1,      // [0-9A-Za-z]
  kLetterBit = 1 << 2,     // [A-Za-z]
  kPunctStarBit = 1 << 3,  // _VALID_PUNCTUATION (IGNORECASE) or '*'
  kNewlineBit = 1 << 4,    // '\n'
};

constexpr std::array<uint8_t, 128> MakeAsciiTable() {
  std::array<uint8_t, 128> t{};
  for (int c = 0; c < 128; ++c) {
    uint8_t bits = 0;
    if (c >= '0' && c <= '9') bits |= kDigitBit | kAlnumBit;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      bits |= kLetterBit | kAlnumBit;
    }
    switch (c) {
      case '-': case 'x': case 'X': case ' ': case '(': case ')': case '.':
      case '[': case ']': case '/': case '~': case '*':
        bits |= kPunctStarBit;
        break;
      default:
        break;
    }
    if (c == '\n') bits |= kNewlineBit;
    t[c] = bits;
  }
  return t;
}
constexpr std::array<uint8_t, 128> kAscii = MakeAsciiTable();
static_assert(kDigitBit == 1, "WriteDigitsOnly adds the bit to a pointer");

inline bool IsDecimal(char32_t c) {
  return c < 0x80 ? (kAscii[c] & kDigitBit) != 0 : IsDecimalNonAscii(c);
}

// U+FF0B FULLWIDTH PLUS SIGN at byte `i`.
inline bool IsFullwidthPlusAt(std::string_view s, size_t i) {
  return i + 2 < s.size() && s[i] == '\xEF' && s[i + 1] == '\xBC' &&
         s[i + 2] == '\x8B';
}

// Characters removed from the end by _UNWANTED_END_CHAR_PATTERN:
// (?:_|[^#\w]), i.e. anything but '#' and str.isalnum().
inline bool IsUnwantedEnd(char32_t c) {
  if (c < 0x80) return c != '#' && (kAscii[c] & kAlnumBit) == 0;
  return !IsAlnumNonAscii(c);
}

// Classes of _VALID_PHONE_NUMBER_PATTERN (IGNORECASE). 'x'/'X' belong to the
// punctuation (and also to the letters, which does not matter).
enum class ViableClass : uint8_t { kOther, kDigit, kPunct, kLetter };

constexpr std::array<ViableClass, 128> MakeAsciiViable() {
  std::array<ViableClass, 128> t{};
  for (int c = 0; c < 128; ++c) {
    const uint8_t bits = kAscii[c];
    t[c] = (bits & kDigitBit)       ? ViableClass::kDigit
           : (bits & kPunctStarBit) ? ViableClass::kPunct
           : (bits & kLetterBit)    ? ViableClass::kLetter
                                    : ViableClass::kOther;
  }
  return t;
}
constexpr std::array<ViableClass, 128> kAsciiViable = MakeAsciiViable();

ViableClass ClassifyViableNonAscii(char32_t c) {
  if (IsPunctuationNonAscii(c)) return ViableClass::kPunct;
  if (IsCaselessAsciiLetterNonAscii(c)) return ViableClass::kLetter;
  if (IsDecimalNonAscii(c)) return ViableClass::kDigit;
  return ViableClass::kOther;
}

// Class of the code point at byte `i`; `*len` receives its length.
inline ViableClass ViableClassAt(std::string_view s, size_t i, size_t* len) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    *len = 1;
    return kAsciiViable[b];
  }
  return ClassifyViableNonAscii(DecodeAt(s, i, len));
}

// ---------------------------------------------------------------------------
// Extension matcher.
//
// _EXTN_PATTERNS_FOR_PARSING is, with D = \d (IGNORECASE throughout):
//   A1  ;ext=(D{1,20})
//   A2  [ \u00A0\t,]*LABEL2[:.\uFF0E]?[ \u00A0\t,-]*(D{1,20})#?
//         LABEL2 = e?xt(?:ensi(?:o\u0301?|\u00F3))?n? | \uFF45?\uFF58\uFF54\uFF4E?
//                | \u0434\u043E\u0431 | anexo
//   A3  [ \u00A0\t,]*LABEL3[:.\uFF0E]?[ \u00A0\t,-]*(D{1,9})#?
//         LABEL3 = [x\uFF58#\uFF03~\uFF5E] | int | \uFF49\uFF4E\uFF54
//   A4  [- ]+(D{1,6})#
//   A5  [ \u00A0\t]*(?:,{2}|;)[:.\uFF0E]?[ \u00A0\t,-]*(D{1,15})#?
//   A6  [ \u00A0\t]*(?:,)+[:.\uFF0E]?[ \u00A0\t,-]*(D{1,9})#?
// The digit group is the final digit run; the prefixes before it ("P1".."P6")
// are the positions below, each with the character class it matches.

enum ExtClass : uint8_t {
  kClsSemicolon,  // ;
  kClsEquals,     // =
  kClsE,          // e
  kClsX,          // x
  kClsT,          // t
  kClsN,          // n
  kClsS,          // s (also U+017F)
  kClsI,          // i (also U+0130, U+0131)
  kClsO,          // o
  kClsA,          // a
  kClsCombiningAcute,  // U+0301
  kClsOAcute,     // U+00F3
  kClsWideE,      // U+FF45
  kClsWideX,      // U+FF58
  kClsWideT,      // U+FF54
  kClsWideN,      // U+FF4E
  kClsWideI,      // U+FF49
  kClsCyrillicDe,  // U+0434 (also U+1C81)
  kClsCyrillicO,   // U+043E (also U+1C82)
  kClsCyrillicBe,  // U+0431
  kClsLabelSeparator,  // [ \u00A0\t,]
  kClsAfterLabel,      // [:.\uFF0E]
  kClsBeforeDigits,    // [ \u00A0\t,-]
  kClsSymbol,          // [x\uFF58#\uFF03~\uFF5E]
  kClsDashSpace,       // [- ]
  kClsBlank,           // [ \u00A0\t]
  kClsComma,           // ,
};

// Case-insensitive membership, as computed by sre for these literals.
constexpr bool ExtClassContains(ExtClass cls, char32_t c) {
  switch (cls) {
    case kClsSemicolon: return c == ';';
    case kClsEquals: return c == '=';
    case kClsE: return c == 'e' || c == 'E';
    case kClsX: return c == 'x' || c == 'X';
    case kClsT: return c == 't' || c == 'T';
    case kClsN: return c == 'n' || c == 'N';
    case kClsS: return c == 's' || c == 'S' || c == 0x017F;
    case kClsI: return c == 'i' || c == 'I' || c == 0x0130 || c == 0x0131;
    case kClsO: return c == 'o' || c == 'O';
    case kClsA: return c == 'a' || c == 'A';
    case kClsCombiningAcute: return c == 0x0301;
    case kClsOAcute: return c == 0x00F3 || c == 0x00D3;
    case kClsWideE: return c == 0xFF45 || c == 0xFF25;
    case kClsWideX: return c == 0xFF58 || c == 0xFF38;
    case kClsWideT: return c == 0xFF54 || c == 0xFF34;
    case kClsWideN: return c == 0xFF4E || c == 0xFF2E;
    case kClsWideI: return c == 0xFF49 || c == 0xFF29;
    case kClsCyrillicDe: return c == 0x0434 || c == 0x0414 || c == 0x1C81;
    case kClsCyrillicO: return c == 0x043E || c == 0x041E || c == 0x1C82;
    case kClsCyrillicBe: return c == 0x0431 || c == 0x0411;
    case kClsLabelSeparator:
      return c == ' ' || c == 0x00A0 || c == '\t' || c == ',';
    case kClsAfterLabel: return c == ':' || c == '.' || c == 0xFF0E;
    case kClsBeforeDigits:
      return c == ' ' || c == 0x00A0 || c == '\t' || c == ',' || c == '-';
    case kClsSymbol:
      return c == 'x' || c == 'X' || c == 0xFF58 || c == 0xFF38 || c == '#' ||
             c == 0xFF03 || c == '~' || c == 0xFF5E;
    case kClsDashSpace: return c == '-' || c == ' ';
    case kClsBlank: return c == ' ' || c == 0x00A0 || c == '\t';
    case kClsComma: return c == ',';
  }
  return false;
}

// Positions of the automaton, in pattern order.
enum ExtPosition : int {
  // P1: ;ext=
  kP1Semicolon, kP1E, kP1X, kP1T, kP1Equals,
  // P2
  kP2Separator,
  kP2E, kP2X, kP2T, kP2E2, kP2N1, kP2S, kP2I, kP2O, kP2Acute, kP2OAcute, kP2N2,
  kP2WideE, kP2WideX, kP2WideT, kP2WideN,
  kP2De, kP2O2, kP2Be,
  kP2AnexoA, kP2AnexoN, kP2AnexoE, kP2AnexoX, kP2AnexoO,
  kP2AfterLabel, kP2BeforeDigits,
  // P3
  kP3Separator, kP3Symbol, kP3I, kP3N, kP3T, kP3WideI, kP3WideN, kP3WideT,
  kP3AfterLabel, kP3BeforeDigits,
  // P4
  kP4DashSpace,
  // P5
  kP5Blank, kP5Comma1, kP5Comma2, kP5Semicolon, kP5AfterLabel,
  kP5BeforeDigits,
  // P6
  kP6Blank, kP6Comma, kP6AfterLabel, kP6BeforeDigits,
  kNumExtPositions
};
static_assert(kNumExtPositions <= 64);

constexpr ExtClass kPositionClass[kNumExtPositions] = {
    kClsSemicolon, kClsE, kClsX, kClsT, kClsEquals,
    kClsLabelSeparator,
    kClsE, kClsX, kClsT, kClsE, kClsN, kClsS, kClsI, kClsO,
    kClsCombiningAcute, kClsOAcute, kClsN,
    kClsWideE, kClsWideX, kClsWideT, kClsWideN,
    kClsCyrillicDe, kClsCyrillicO, kClsCyrillicBe,
    kClsA, kClsN, kClsE, kClsX, kClsO,
    kClsAfterLabel, kClsBeforeDigits,
    kClsLabelSeparator, kClsSymbol, kClsI, kClsN, kClsT, kClsWideI,
    kClsWideN, kClsWideT, kClsAfterLabel, kClsBeforeDigits,
    kClsDashSpace,
    kClsBlank, kClsComma, kClsComma, kClsSemicolon, kClsAfterLabel,
    kClsBeforeDigits,
    kClsBlank, kClsComma, kClsAfterLabel, kClsBeforeDigits,
};

constexpr uint64_t Bit(int p) { return uint64_t{1} << p; }

constexpr uint64_t kLabel2First = Bit(kP2E) | Bit(kP2X) | Bit(kP2WideE) |
                                  Bit(kP2WideX) | Bit(kP2De) | Bit(kP2AnexoA);
constexpr uint64_t kLabel2Last =
    Bit(kP2T) | Bit(kP2O) | Bit(kP2Acute) | Bit(kP2OAcute) | Bit(kP2N2) |
    Bit(kP2WideT) | Bit(kP2WideN) | Bit(kP2Be) | Bit(kP2AnexoO);
constexpr uint64_t kLabel3First = Bit(kP3Symbol) | Bit(kP3I) | Bit(kP3WideI);
constexpr uint64_t kLabel3Last = Bit(kP3Symbol) | Bit(kP3T) | Bit(kP3WideT);

// Positions that may end each prefix (where the right-to-left run starts).
constexpr uint64_t kLast1 = Bit(kP1Equals);
constexpr uint64_t kLast2 =
    kLabel2Last | Bit(kP2AfterLabel) | Bit(kP2BeforeDigits);
constexpr uint64_t kLast3 =
    kLabel3Last | Bit(kP3AfterLabel) | Bit(kP3BeforeDigits);
constexpr uint64_t kLast4 = Bit(kP4DashSpace);
constexpr uint64_t kLast5 = Bit(kP5Comma2) | Bit(kP5Semicolon) |
                            Bit(kP5AfterLabel) | Bit(kP5BeforeDigits);
constexpr uint64_t kLast6 =
    Bit(kP6Comma) | Bit(kP6AfterLabel) | Bit(kP6BeforeDigits);

// Positions that may start a prefix (where an extension match may begin).
constexpr uint64_t kFirst =
    Bit(kP1Semicolon) | Bit(kP2Separator) | kLabel2First | Bit(kP3Separator) |
    kLabel3First | Bit(kP4DashSpace) | Bit(kP5Blank) | Bit(kP5Comma1) |
    Bit(kP5Semicolon) | Bit(kP6Blank) | Bit(kP6Comma);

// kPredecessors[p]: positions that may immediately precede position p.
constexpr std::array<uint64_t, kNumExtPositions> MakePredecessors() {
  std::array<uint64_t, kNumExtPositions> pred{};
  pred[kP1E] = Bit(kP1Semicolon);
  pred[kP1X] = Bit(kP1E);
  pred[kP1T] = Bit(kP1X);
  pred[kP1Equals] = Bit(kP1T);

  const uint64_t sep2 = Bit(kP2Separator);
  pred[kP2Separator] = sep2;
  pred[kP2E] = sep2;
  pred[kP2X] = Bit(kP2E) | sep2;
  pred[kP2T] = Bit(kP2X);
  pred[kP2E2] = Bit(kP2T);
  pred[kP2N1] = Bit(kP2E2);
  pred[kP2S] = Bit(kP2N1);
  pred[kP2I] = Bit(kP2S);
  pred[kP2O] = Bit(kP2I);
  pred[kP2OAcute] = Bit(kP2I);
  pred[kP2Acute] = Bit(kP2O);
  pred[kP2N2] = Bit(kP2T) | Bit(kP2O) | Bit(kP2Acute) | Bit(kP2OAcute);
  pred[kP2WideE] = sep2;
  pred[kP2WideX] = Bit(kP2WideE) | sep2;
  pred[kP2WideT] = Bit(kP2WideX);
  pred[kP2WideN] = Bit(kP2WideT);
  pred[kP2De] = sep2;
  pred[kP2O2] = Bit(kP2De);
  pred[kP2Be] = Bit(kP2O2);
  pred[kP2AnexoA] = sep2;
  pred[kP2AnexoN] = Bit(kP2AnexoA);
  pred[kP2AnexoE] = Bit(kP2AnexoN);
  pred[kP2AnexoX] = Bit(kP2AnexoE);
  pred[kP2AnexoO] = Bit(kP2AnexoX);
  pred[kP2AfterLabel] = kLabel2Last;
  pred[kP2BeforeDigits] =
      kLabel2Last | Bit(kP2AfterLabel) | Bit(kP2BeforeDigits);

  const uint64_t sep3 = Bit(kP3Separator);
  pred[kP3Separator] = sep3;
  pred[kP3Symbol] = sep3;
  pred[kP3I] = sep3;
  pred[kP3N] = Bit(kP3I);
  pred[kP3T] = Bit(kP3N);
  pred[kP3WideI] = sep3;
  pred[kP3WideN] = Bit(kP3WideI);
  pred[kP3WideT] = Bit(kP3WideN);
  pred[kP3AfterLabel] = kLabel3Last;
  pred[kP3BeforeDigits] =
      kLabel3Last | Bit(kP3AfterLabel) | Bit(kP3BeforeDigits);

  pred[kP4DashSpace] = Bit(kP4DashSpace);

  pred[kP5Blank] = Bit(kP5Blank);
  pred[kP5Comma1] = Bit(kP5Blank);
  pred[kP5Semicolon] = Bit(kP5Blank);
  pred[kP5Comma2] = Bit(kP5Comma1);
  pred[kP5AfterLabel] = Bit(kP5Comma2) | Bit(kP5Semicolon);
  pred[kP5BeforeDigits] = Bit(kP5Comma2) | Bit(kP5Semicolon) |
                          Bit(kP5AfterLabel) | Bit(kP5BeforeDigits);

  pred[kP6Blank] = Bit(kP6Blank);
  pred[kP6Comma] = Bit(kP6Blank) | Bit(kP6Comma);
  pred[kP6AfterLabel] = Bit(kP6Comma);
  pred[kP6BeforeDigits] =
      Bit(kP6Comma) | Bit(kP6AfterLabel) | Bit(kP6BeforeDigits);
  return pred;
}
constexpr std::array<uint64_t, kNumExtPositions> kPredecessors =
    MakePredecessors();

constexpr uint64_t PositionsMatching(char32_t c) {
  uint64_t mask = 0;
  for (int p = 0; p < kNumExtPositions; ++p) {
    if (ExtClassContains(kPositionClass[p], c)) mask |= Bit(p);
  }
  return mask;
}

constexpr std::array<uint64_t, 128> MakeAsciiPositions() {
  std::array<uint64_t, 128> t{};
  for (char32_t c = 0; c < 128; ++c) t[c] = PositionsMatching(c);
  return t;
}
constexpr std::array<uint64_t, 128> kAsciiPositions = MakeAsciiPositions();

// Every non-ASCII code point that some position matches.
constexpr char32_t kExtNonAscii[] = {
    0x00A0, 0x00D3, 0x00F3, 0x0130, 0x0131, 0x017F, 0x0301, 0x0411,
    0x0414, 0x041E, 0x0431, 0x0434, 0x043E, 0x1C81, 0x1C82, 0xFF03,
    0xFF0E, 0xFF25, 0xFF29, 0xFF2E, 0xFF34, 0xFF38, 0xFF45, 0xFF49,
    0xFF4E, 0xFF54, 0xFF58, 0xFF5E};
constexpr size_t kNumExtNonAscii = sizeof(kExtNonAscii) / sizeof(char32_t);

constexpr std::array<uint64_t, kNumExtNonAscii> MakeNonAsciiPositions() {
  std::array<uint64_t, kNumExtNonAscii> t{};
  for (size_t i = 0; i < kNumExtNonAscii; ++i) {
    t[i] = PositionsMatching(kExtNonAscii[i]);
  }
  return t;
}
constexpr std::array<uint64_t, kNumExtNonAscii> kNonAsciiPositions =
    MakeNonAsciiPositions();

inline uint64_t ExtPositionsFor(char32_t c) {
  if (c < 0x80) return kAsciiPositions[c];
  for (size_t i = 0; i < kNumExtNonAscii; ++i) {
    if (kExtNonAscii[i] == c) return kNonAsciiPositions[i];
  }
  return 0;
}

// The digits an extension would capture when the text ends at `end`.
struct ExtensionTail {
  size_t digits_begin = 0;
  size_t digits_end = 0;
  uint64_t start_positions = 0;  // automaton positions allowed at the right
};

// Finds the final "<digits>#?" of s[0, end) and which alternatives its digit
// count and '#' allow. False when no alternative can match.
bool AnalyzeExtensionTail(std::string_view s, size_t end, ExtensionTail* tail) {
  const bool hash = end > 0 && s[end - 1] == '#';
  const size_t digits_end = hash ? end - 1 : end;
  size_t digits_begin = digits_end;
  size_t count = 0;
  while (digits_begin > 0) {
    const auto b = static_cast<unsigned char>(s[digits_begin - 1]);
    if (b < 0x80) {
      if (static_cast<unsigned>(b - '0') > 9) break;
      --digits_begin;
    } else {
      const size_t prev = PrevStart(s, digits_begin);
      size_t len;
      if (!IsDecimalNonAscii(DecodeAt(s, prev, &len))) break;
      digits_begin = prev;
    }
    if (++count > 20) return false;  // longer than any alternative allows
  }
  if (count == 0) return false;
  uint64_t positions = 0;
  if (!hash) positions |= kLast1;
  positions |= kLast2;
  if (count <= 9) positions |= kLast3;
  if (hash && count <= 6) positions |= kLast4;
  if (count <= 15) positions |= kLast5;
  if (count <= 9) positions |= kLast6;
  tail->digits_begin = digits_begin;
  tail->digits_end = digits_end;
  tail->start_positions = positions;
  return true;
}

// Leftmost position j in [lo, hi] such that s[j, tail.digits_begin) is one of
// the extension prefixes; kNpos if none.
size_t LeftmostExtensionStart(std::string_view s, const ExtensionTail& tail,
                              size_t lo, size_t hi) {
  size_t best = kNpos;
  uint64_t states = 0;
  bool first_step = true;
  size_t pos = tail.digits_begin;
  while (pos > lo) {
    size_t prev;
    uint64_t matching;
    const auto b = static_cast<unsigned char>(s[pos - 1]);
    if (b < 0x80) {
      prev = pos - 1;
      matching = kAsciiPositions[b];
    } else {
      prev = PrevStart(s, pos);
      size_t len;
      matching = ExtPositionsFor(DecodeAt(s, prev, &len));
    }
    uint64_t candidates;
    if (first_step) {
      candidates = tail.start_positions;
      first_step = false;
    } else {
      candidates = 0;
      for (uint64_t rest = states; rest != 0; rest &= rest - 1) {
        candidates |= kPredecessors[__builtin_ctzll(rest)];
      }
    }
    states = candidates & matching;
    if (states == 0) break;
    if ((states & kFirst) != 0 && prev <= hi) best = prev;
    pos = prev;
  }
  return best;
}

// ---------------------------------------------------------------------------
// RFC 3966 phone-context values.

bool IsAsciiLetter(char32_t c) {
  return c < 0x80 && (kAscii[c] & kLetterBit) != 0;
}

// _RFC3966_GLOBAL_NUMBER_DIGITS: "+" then [\d\-.()]* with at least one \d.
bool IsGlobalNumberDigits(std::string_view s) {
  if (s.empty() || s[0] != '+') return false;
  bool digit = false;
  for (size_t i = 1, len; i < s.size(); i += len) {
    const char32_t c = DecodeAt(s, i, &len);
    if (IsDecimal(c)) {
      digit = true;
    } else if (c != '-' && c != '.' && c != '(' && c != ')') {
      return false;
    }
  }
  return digit;
}

// _RFC3966_DOMAINNAME: (domainlabel ".")* toplabel "."? where labels are
// [A-Za-z\d] and '-', start and end with [A-Za-z\d], and the top label
// starts with [A-Za-z].
bool IsDomainName(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  if (s.empty()) return false;
  size_t label_begin = 0;
  while (true) {
    size_t label_end = s.find('.', label_begin);
    const bool top = label_end == kNpos;
    if (top) label_end = s.size();
    if (label_end == label_begin) return false;
    size_t len = 0;
    bool last_alnum = false;
    for (size_t i = label_begin; i < label_end; i += len) {
      const char32_t c = DecodeAt(s, i, &len);
      const bool alnum = IsAsciiLetter(c) || IsDecimal(c);
      if (i == label_begin) {
        if (top ? !IsAsciiLetter(c) : !alnum) return false;
      }
      if (!alnum && c != '-') return false;
      last_alnum = alnum;
    }
    if (!last_alnum) return false;
    if (top) return true;
    label_begin = label_end + 1;
  }
}

// ---------------------------------------------------------------------------
// Normalisation.

// _ALPHA_PHONE_MAPPINGS looked up with str.upper(): digits and the E.161
// keypad for letters; 0 for characters dropped.
constexpr std::array<char, 128> MakeKeypad() {
  std::array<char, 128> t{};
  const char* const kKeys = "22233344455566677778889999";
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<char>(c);
  for (int i = 0; i < 26; ++i) {
    t['A' + i] = kKeys[i];
    t['a' + i] = kKeys[i];
  }
  return t;
}
constexpr std::array<char, 128> kKeypad = MakeKeypad();

}  // namespace

// ---------------------------------------------------------------------------

bool IsValidUtf8(std::string_view s, size_t* code_points) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = p + s.size();
  size_t extra_bytes = 0;  // continuation bytes seen
  while (p < end) {
    if (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        p += 8;
        continue;
      }
    }
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      if (code_points != nullptr) *code_points = 0;
      return false;
    }
    if (static_cast<size_t>(end - p) <= need || p[1] < lo || p[1] > hi) {
      if (code_points != nullptr) *code_points = 0;
      return false;
    }
    for (size_t k = 2; k <= need; ++k) {
      if ((p[k] & 0xC0) != 0x80) {
        if (code_points != nullptr) *code_points = 0;
        return false;
      }
    }
    p += need + 1;
    extra_bytes += need;
  }
  if (code_points != nullptr) *code_points = s.size() - extra_bytes;
  return true;
}

std::string_view ExtractPossibleNumber(std::string_view number) {
  // _VALID_START_CHAR_PATTERN.search: [+\uFF0B\d].
  size_t start = kNpos;
  for (size_t i = 0, len; i < number.size(); i += len) {
    const auto b = static_cast<unsigned char>(number[i]);
    if (b < 0x80) {
      len = 1;
      if (b == '+' || static_cast<unsigned>(b - '0') <= 9) {
        start = i;
        break;
      }
      continue;
    }
    const char32_t c = DecodeAt(number, i, &len);
    if (c == 0xFF0B || IsDecimalNonAscii(c)) {
      start = i;
      break;
    }
  }
  if (start == kNpos) return number.substr(0, 0);
  std::string_view s = number.substr(start);

  // _UNWANTED_END_CHAR_PATTERN: drop the trailing run of (?:_|[^#\w]).
  size_t end = s.size();
  while (end > 0) {
    const auto b = static_cast<unsigned char>(s[end - 1]);
    if (b < 0x80) {
      if (!IsUnwantedEnd(b)) break;
      --end;
      continue;
    }
    const size_t prev = PrevStart(s, end);
    size_t len;
    if (!IsUnwantedEnd(DecodeAt(s, prev, &len))) break;
    end = prev;
  }
  s = s.substr(0, end);

  // _SECOND_NUMBER_START_PATTERN: the first [\\/] *x. Without an 'x' there
  // is nothing to look for.
  if (s.find('x') == kNpos) return s;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' && s[i] != '/') continue;
    size_t k = i + 1;
    while (k < s.size() && s[k] == ' ') ++k;
    if (k < s.size() && s[k] == 'x') return s.substr(0, i);
  }
  return s;
}

bool BuildNationalNumberForParsing(std::string_view number, std::string* out) {
  static constexpr std::string_view kPhoneContext = ";phone-context=";
  static constexpr std::string_view kTelPrefix = "tel:";
  static constexpr std::string_view kIsdnSubaddress = ";isub=";
  // Both parameters start with ';': without one, only extraction remains.
  if (number.find(';') == kNpos) {
    out->assign(ExtractPossibleNumber(number));
    return true;
  }
  out->clear();
  const size_t phone_context_index = number.find(kPhoneContext);
  if (phone_context_index != kNpos) {
    const size_t context_begin = phone_context_index + kPhoneContext.size();
    if (context_begin >= number.size()) return false;  // empty value
    const size_t context_end = number.find(';', context_begin);
    const std::string_view context = number.substr(
        context_begin,
        context_end == kNpos ? kNpos : context_end - context_begin);
    if (!IsGlobalNumberDigits(context) && !IsDomainName(context)) return false;
    if (context[0] == '+') out->assign(context);
    const size_t tel_index = number.find(kTelPrefix);
    const size_t national_begin =
        tel_index == kNpos ? 0 : tel_index + kTelPrefix.size();
    if (national_begin < phone_context_index) {
      out->append(number.substr(national_begin,
                                phone_context_index - national_begin));
    }
  } else {
    out->assign(ExtractPossibleNumber(number));
  }
  const size_t isdn_index = out->find(kIsdnSubaddress);
  if (isdn_index != std::string::npos && isdn_index > 0) {
    out->resize(isdn_index);
  }
  return true;
}

bool IsViablePhoneNumber(std::string_view number) {
  const size_t n = number.size();
  if (n < 2) return false;
  size_t len0, len1;
  const ViableClass c0 = ViableClassAt(number, 0, &len0);
  if (len0 >= n) return false;  // a single code point
  const ViableClass c1 = ViableClassAt(number, len0, &len1);
  if (len0 + len1 == n) {  // \d{2}
    return c0 == ViableClass::kDigit && c1 == ViableClass::kDigit;
  }

  // [+\uFF0B]*(?:[PUNCT*]*\d){3,}[PUNCT*ALPHA\d]*(?:EXTN)?
  size_t i = 0;
  while (i < n) {
    if (number[i] == '+') {
      ++i;
    } else if (IsFullwidthPlusAt(number, i)) {
      i += 3;
    } else {
      break;
    }
  }
  size_t len;
  int digits = 0;
  for (; digits < 3; i += len) {  // up to the third digit: [PUNCT*\d]
    if (i == n) return false;
    const ViableClass cls = ViableClassAt(number, i, &len);
    if (cls == ViableClass::kDigit) {
      ++digits;
    } else if (cls != ViableClass::kPunct) {
      return false;
    }
  }
  const size_t number_min_end = i;  // just after the third digit
  for (; i < n; i += len) {  // then [PUNCT*ALPHA\d]
    if (ViableClassAt(number, i, &len) == ViableClass::kOther) break;
  }
  if (i == n) return true;
  // The number part ends somewhere in [number_min_end, i]; the rest must be
  // an extension.
  ExtensionTail tail;
  if (!AnalyzeExtensionTail(number, n, &tail)) return false;
  return LeftmostExtensionStart(number, tail, number_min_end, i) != kNpos;
}

bool MaybeStripExtension(std::string_view number, std::string_view* rest,
                         std::string_view* extension) {
  *rest = number;
  *extension = number.substr(0, 0);
  // _EXTN_PATTERN ends with '$', which also matches before a final '\n'.
  size_t end = number.size();
  if (end > 0 && number[end - 1] == '\n') --end;
  ExtensionTail tail;
  if (!AnalyzeExtensionTail(number, end, &tail)) return false;
  const size_t start =
      LeftmostExtensionStart(number, tail, 0, tail.digits_begin);
  if (start == kNpos) return false;
  const std::string_view before = number.substr(0, start);
  if (!IsViablePhoneNumber(before)) return false;
  *rest = before;
  *extension = number.substr(tail.digits_begin,
                             tail.digits_end - tail.digits_begin);
  return true;
}

size_t LeadingPlusLength(std::string_view number) {
  size_t i = 0;
  while (i < number.size()) {
    if (number[i] == '+') {
      ++i;
    } else if (IsFullwidthPlusAt(number, i)) {
      i += 3;
    } else {
      break;
    }
  }
  return i;
}

namespace {

// Writes the digits-only form of number[i, end) at `p`; returns the new end.
// Counts ASCII letters into `*letters` and notes a '\n' in `*newline`.
char* WriteDigitsOnly(std::string_view number, char* p, int* letters,
                      bool* newline) {
  // Locals, not the out-parameters: stores through `p` may alias them.
  int letter_count = 0;
  unsigned newline_bit = 0;
  const auto* const data = reinterpret_cast<const unsigned char*>(number.data());
  const size_t size = number.size();
  size_t i = 0;
  while (i < size) {
    // A run of ASCII, without calls so that everything stays in registers.
    for (; i < size && data[i] < 0x80; ++i) {
      const unsigned char b = data[i];
      const uint8_t bits = kAscii[b];
      *p = static_cast<char>(b);
      p += bits & kDigitBit;
      letter_count += (bits & kLetterBit) != 0;
      newline_bit |= bits & kNewlineBit;
    }
    if (i == size) break;
    size_t len;
    const int value = DigitValueNonAscii(DecodeAt(number, i, &len));
    if (value >= 0) *p++ = static_cast<char>('0' + value);
    i += len;
  }
  *letters = letter_count;
  *newline = newline_bit != 0;
  return p;
}

// Writes the keypad form of a vanity number at `p`; returns the new end.
char* WriteKeypad(std::string_view number, char* p) {
  const auto* const data = reinterpret_cast<const unsigned char*>(number.data());
  const size_t size = number.size();
  size_t i = 0;
  while (i < size) {
    for (; i < size && data[i] < 0x80; ++i) {
      const char key = kKeypad[data[i]];
      *p = key;
      p += key != 0;
    }
    if (i == size) break;
    // str.upper() maps only these two non-ASCII code points into the table.
    size_t len;
    const char32_t c = DecodeAt(number, i, &len);
    if (c == 0x0131) {
      *p++ = '4';  // dotless i -> 'I'
    } else if (c == 0x017F) {
      *p++ = '7';  // long s -> 'S'
    }
    i += len;
  }
  return p;
}

}  // namespace

// Both normalisations write at most one byte per input byte: short input is
// written to the stack and appended at once, long input straight into the
// grown output, which is then trimmed.
constexpr size_t kStackBufferSize = 256;

void NormalizeDigitsOnlyAppend(std::string_view number, std::string* out) {
  int letters = 0;
  bool newline = false;
  if (number.size() <= kStackBufferSize) {
    char buffer[kStackBufferSize];
    const char* end = WriteDigitsOnly(number, buffer, &letters, &newline);
    out->append(buffer, static_cast<size_t>(end - buffer));
    return;
  }
  const size_t old_size = out->size();
  out->resize(old_size + number.size());
  char* const begin = out->data() + old_size;
  char* const end = WriteDigitsOnly(number, begin, &letters, &newline);
  out->resize(old_size + static_cast<size_t>(end - begin));
}

void NormalizeAppend(std::string_view number, std::string* out) {
  // _VALID_ALPHA_PHONE_PATTERN full match, (?:.*?[A-Za-z]){3}.* without
  // DOTALL, is: no '\n' and at least three ASCII letters.
  int letters = 0;
  bool newline = false;
  if (number.size() <= kStackBufferSize) {
    char buffer[kStackBufferSize];
    char* end = WriteDigitsOnly(number, buffer, &letters, &newline);
    if (letters >= 3 && !newline) end = WriteKeypad(number, buffer);
    out->append(buffer, static_cast<size_t>(end - buffer));
    return;
  }
  const size_t old_size = out->size();
  out->resize(old_size + number.size());
  char* const begin = out->data() + old_size;
  char* end = WriteDigitsOnly(number, begin, &letters, &newline);
  if (letters >= 3 && !newline) end = WriteKeypad(number, begin);
  out->resize(old_size + static_cast<size_t>(end - begin));
}

}  // namespace oracle::internal
