// SMS encoding analysis: GSM 03.38 tables, UCS-2 fallback, segment counts
// and the split into parts (include/oracle/sms.h).
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8_internal.h"
#include "oracle/sms.h"

namespace oracle {

namespace {

// GSM 03.38 basic table, indexed by septet value.
constexpr char32_t kGsm7Basic[128] = {
    U'@',    U'£',  U'$',    U'¥',    U'è',    U'é',    U'ù',    U'ì',
    U'ò',    U'Ç',  U'\n',   U'Ø',    U'ø',    U'\r',   U'Å',    U'å',
    U'Δ',    U'_',  U'Φ',    U'Γ',    U'Λ',    U'Ω',    U'Π',    U'Ψ',
    U'Σ',    U'Θ',  U'Ξ',    0xFFFF,  U'Æ',    U'æ',    U'ß',    U'É',
    U' ',    U'!',  U'"',    U'#',    U'¤',    U'%',    U'&',    U'\'',
    U'(',    U')',  U'*',    U'+',    U',',    U'-',    U'.',    U'/',
    U'0',    U'1',  U'2',    U'3',    U'4',    U'5',    U'6',    U'7',
    U'8',    U'9',  U':',    U';',    U'<',    U'=',    U'>',    U'?',
    U'¡',    U'A',  U'B',    U'C',    U'D',    U'E',    U'F',    U'G',
    U'H',    U'I',  U'J',    U'K',    U'L',    U'M',    U'N',    U'O',
    U'P',    U'Q',  U'R',    U'S',    U'T',    U'U',    U'V',    U'W',
    U'X',    U'Y',  U'Z',    U'Ä',    U'Ö',    U'Ñ',    U'Ü',    U'§',
    U'¿',    U'a',  U'b',    U'c',    U'd',    U'e',    U'f',    U'g',
    U'h',    U'i',  U'j',    U'k',    U'l',    U'm',    U'n',    U'o',
    U'p',    U'q',  U'r',    U's',    U't',    U'u',    U'v',    U'w',
    U'x',    U'y',  U'z',    U'ä',    U'ö',    U'ñ',    U'ü',    U'à',
};
// 0x1B is the escape to the extension table, not a character: its slot
// holds U+FFFF, which Gsm7Cost() excludes explicitly.

// The extension table (after the 0x1B escape): two septets each.
constexpr char32_t kGsm7Extension[] = {U'\f', U'^', U'{', U'}', U'\\',
                                       U'[',  U'~', U']', U'|', U'€'};

// Cost in septets of a code point: 1 basic, 2 extension, 0 not GSM-7.
// Latin-1 code points are looked up in a table built at compile time.
constexpr std::array<uint8_t, 256> MakeLatin1Costs() {
  std::array<uint8_t, 256> costs{};
  for (char32_t c : kGsm7Basic) {
    if (c < 256) costs[c] = 1;
  }
  for (char32_t c : kGsm7Extension) {
    if (c < 256) costs[c] = 2;
  }
  return costs;
}
constexpr std::array<uint8_t, 256> kLatin1Costs = MakeLatin1Costs();

int Gsm7Cost(char32_t c) {
  if (c < 256) return kLatin1Costs[c];
  if (c == 0xFFFF) return 0;
  if (c == U'€') return 2;
  for (char32_t b : kGsm7Basic) {
    if (b == c) return 1;  // the Greek capitals
  }
  return 0;
}

// Smart mode: the replacement of a typographic character, or nullptr when
// it has none. "" means the character is removed.
const char* SmartReplacement(char32_t c) {
  switch (c) {
    // Single quotes, apostrophes, primes.
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
    case 0x2035: case 0x2039: case 0x203A: case 0x02BC: case 0x00B4:
    case 0x0060:
      return "'";
    // Double quotes, guillemets, double primes.
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
    case 0x2036: case 0x00AB: case 0x00BB:
      return "\"";
    // Hyphens, dashes, minus.
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212:
      return "-";
    case 0x2026:  // horizontal ellipsis
      return "...";
    // No-break and other special spaces.
    case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003:
    case 0x2004: case 0x2005: case 0x2006: case 0x2007: case 0x2008:
    case 0x2009: case 0x200A: case 0x202F: case 0x205F: case 0x3000:
      return " ";
    // Invisible: zero-width space, word joiner, BOM, soft hyphen.
    case 0x200B: case 0x2060: case 0xFEFF: case 0x00AD:
      return "";
    default:
      return nullptr;
  }
}

using ::oracle::internal::DecodeUtf8;

std::string HexByte(char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const unsigned char b = static_cast<unsigned char>(c);
  return std::string{kHex[b >> 4], kHex[b & 0xF]};
}

// One character of the analysed text.
struct Char {
  size_t offset;  // in SmsAnalysis::text
  uint8_t bytes;
  uint8_t septets;     // 0 when not GSM-7
  uint8_t code_units;  // 1 or 2
};

}  // namespace

std::string_view SmsEncodingName(SmsEncoding encoding) {
  switch (encoding) {
    case SmsEncoding::kGsm7: return "GSM-7";
    case SmsEncoding::kUcs2: return "UCS-2";
  }
  return "UNKNOWN";
}

bool IsGsm7Basic(char32_t code_point) { return Gsm7Cost(code_point) == 1; }
bool IsGsm7Extension(char32_t code_point) {
  return Gsm7Cost(code_point) == 2;
}

Result<SmsAnalysis> AnalyzeSms(std::string_view input,
                               const SmsEncodingOptions& options) {
  SmsAnalysis a;
  a.text.reserve(input.size());
  std::vector<Char> chars;
  chars.reserve(input.size());
  bool gsm7 = true;

  const auto append = [&](std::string_view bytes, char32_t cp) {
    const int septets = Gsm7Cost(cp);
    chars.push_back(Char{a.text.size(), static_cast<uint8_t>(bytes.size()),
                         static_cast<uint8_t>(septets),
                         static_cast<uint8_t>(cp > 0xFFFF ? 2 : 1)});
    a.text.append(bytes);
    return septets != 0;
  };

  size_t char_index = 0;
  for (size_t i = 0; i < input.size(); ++char_index) {
    const size_t n = internal::Utf8SequenceLength(input, i);
    if (n == 0) {
      return Status::InvalidArgument(
          "SMS text is not valid UTF-8: bad byte 0x" + HexByte(input[i]) +
          " at byte offset " + std::to_string(i));
    }
    const char32_t cp = DecodeUtf8(input, i, n);
    const SmsTextPosition pos{i, char_index};
    const std::string_view bytes = input.substr(i, n);
    i += n;
    if (cp == U'\r' && i < input.size() && input[i] == '\n') {
      ++a.crlf_normalized;  // the LF that follows is kept
      continue;
    }
    if (options.smart) {
      if (const char* repl = SmartReplacement(cp)) {
        a.substitutions.push_back(
            SmsSubstitution{cp, std::string(bytes), std::string(repl), pos});
        for (const char* p = repl; *p != '\0'; ++p) {
          append(std::string_view(p, 1), static_cast<unsigned char>(*p));
        }
        continue;
      }
    }
    if (!append(bytes, cp)) {
      gsm7 = false;
      a.ucs2_forced_by.push_back(SmsForcingChar{cp, std::string(bytes), pos});
    }
  }

  a.encoding = gsm7 ? SmsEncoding::kGsm7 : SmsEncoding::kUcs2;
  a.characters = static_cast<int>(chars.size());
  const auto cost = [gsm7](const Char& c) -> int {
    return gsm7 ? c.septets : c.code_units;
  };
  for (const Char& c : chars) a.units += cost(c);
  const int single = gsm7 ? kGsm7SingleCapacity : kUcs2SingleCapacity;
  const int part = gsm7 ? kGsm7PartCapacity : kUcs2PartCapacity;

  if (a.units <= single) {
    a.units_per_segment = single;
    a.units_left = single - a.units;
    if (!chars.empty()) {
      a.segments = 1;
      a.parts.push_back(SmsPart{a.text, a.units});
    }
    return a;
  }
  // Greedy split: a character (an escape pair, a surrogate pair) that does
  // not fit whole in the current part starts the next one.
  a.units_per_segment = part;
  size_t start = 0;
  int used = 0;
  for (const Char& c : chars) {
    const int u = cost(c);
    if (used + u > part) {
      a.parts.push_back(SmsPart{a.text.substr(start, c.offset - start), used});
      start = c.offset;
      used = 0;
    }
    used += u;
  }
  a.parts.push_back(SmsPart{a.text.substr(start), used});
  a.segments = static_cast<int>(a.parts.size());
  a.units_left = part - used;
  return a;
}

}  // namespace oracle
