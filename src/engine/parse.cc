// libphonenumber's parse() and number classification (type, region, possible
// length), ported from phonenumbers' phonenumberutil.py onto the compiled
// metadata. Function names follow the Python originals so the two can be
// read side by side.
#include <iterator>
#include <string>
#include <string_view>

#include "engine/engine_internal.h"
#include "engine/metadata_internal.h"
#include "engine/text_internal.h"

namespace oracle::internal {
namespace {

constexpr size_t kMaxInputStringLength = 250;  // code points
constexpr size_t kMinLengthForNsn = 2;
constexpr size_t kMaxLengthForNsn = 17;
constexpr int kMaxLengthCountryCode = 3;

inline bool HasLength(uint32_t mask, size_t length) {
  return length < 32 && (mask >> length) & 1u;
}

inline int MinLength(uint32_t mask) { return __builtin_ctz(mask); }
inline int MaxLength(uint32_t mask) { return 31 - __builtin_clz(mask); }

// _match_national_number(number, general_desc, False).
inline bool MatchesGeneralPattern(std::string_view number,
                                  const RegionView& region) {
  return (region.types.FullMatch(number) & (1u << kGeneralDesc)) != 0;
}

// Python re.sub replacement template expansion for templates made of literal
// text and \N group references (the only shapes in the metadata).
void ExpandTemplate(std::string_view templ, std::string_view subject,
                    const CaptureProgram::Match& m, std::string* out) {
  for (size_t i = 0; i < templ.size(); ++i) {
    char c = templ[i];
    if (c == '\\' && i + 1 < templ.size() && templ[i + 1] >= '0' &&
        templ[i + 1] <= '9') {
      int g = templ[i + 1] - '0';
      ++i;
      if (g >= 1 && g <= m.num_groups && m.group_start[g] >= 0) {
        out->append(subject.substr(m.group_start[g],
                                   m.group_end[g] - m.group_start[g]));
      }
      continue;
    }
    out->push_back(c);
  }
}

// _maybe_strip_national_prefix_carrier_code. Returns true when a prefix was
// stripped (then `*number` is replaced and `*carrier_code` set).
bool MaybeStripNationalPrefixAndCarrierCode(const RegionView& region,
                                            std::string* number,
                                            std::string* carrier_code) {
  carrier_code->clear();
  if (number->empty() || !region.has_national_prefix_for_parsing) return false;
  CaptureProgram::Match m;
  if (!region.national_prefix_for_parsing_captures.empty()) {
    if (!region.national_prefix_for_parsing_captures.MatchPrefix(*number, &m)) {
      return false;
    }
  } else {
    int end = region.national_prefix_for_parsing.MatchEnd(*number);
    if (end < 0) return false;
    m.end = end;
    m.num_groups = 0;
  }
  const bool viable_original = MatchesGeneralPattern(*number, region);
  const int num_groups = m.num_groups;
  std::string_view transform = region.national_prefix_transform_rule;
  if (transform.empty() || num_groups == 0 ||
      m.group_start[num_groups] < 0) {
    std::string_view rest = std::string_view(*number).substr(m.end);
    if (viable_original && !MatchesGeneralPattern(rest, region)) return false;
    if (num_groups > 0 && m.group_start[1] >= 0) {
      carrier_code->assign(*number, m.group_start[1],
                           m.group_end[1] - m.group_start[1]);
    }
    number->erase(0, m.end);
    return true;
  }
  std::string transformed;
  ExpandTemplate(transform, *number, m, &transformed);
  transformed.append(*number, m.end, std::string::npos);
  if (viable_original && !MatchesGeneralPattern(transformed, region)) {
    return false;
  }
  if (num_groups > 1 && m.group_start[1] >= 0) {
    carrier_code->assign(*number, m.group_start[1],
                         m.group_end[1] - m.group_start[1]);
  }
  *number = std::move(transformed);
  return true;
}

// _extract_country_code: the country code at the start of normalized
// digits, or 0.
int ExtractCountryCode(const Metadata& md, std::string_view number,
                       size_t* length) {
  if (number.empty() || number[0] == '0') return 0;
  int code = 0;
  const int limit = std::min<int>(number.size(), kMaxLengthCountryCode);
  for (int i = 0; i < limit; ++i) {
    code = code * 10 + (number[i] - '0');
    if (md.IsValidCountryCode(code)) {
      *length = i + 1;
      return code;
    }
  }
  return 0;
}

// _normalize. Text known to hold only ASCII digits, '+' and punctuation
// (see ExtractSimple) normalizes to its digits.
void Normalize(std::string_view number, bool ascii_simple, std::string* out) {
  if (!ascii_simple) {
    NormalizeAppend(number, out);
    return;
  }
  for (char c : number) {
    if (c >= '0' && c <= '9') out->push_back(c);
  }
}

// _maybe_strip_i18n_prefix_and_normalize.
CountryCodeSource MaybeStripI18nPrefixAndNormalize(std::string_view number,
                                                   const DigitDfa* idd,
                                                   bool ascii_simple,
                                                   std::string* out) {
  out->clear();
  if (number.empty()) return CountryCodeSource::kFromDefaultCountry;
  size_t plus = LeadingPlusLength(number);
  if (plus > 0) {
    Normalize(number.substr(plus), ascii_simple, out);
    return CountryCodeSource::kFromNumberWithPlusSign;
  }
  Normalize(number, ascii_simple, out);
  if (idd != nullptr && !idd->empty()) {
    // _parse_prefix_as_idd.
    int end = idd->MatchEnd(*out);
    if (end >= 0) {
      if (static_cast<size_t>(end) < out->size() && (*out)[end] == '0') {
        return CountryCodeSource::kFromDefaultCountry;
      }
      out->erase(0, end);
      return CountryCodeSource::kFromNumberWithIdd;
    }
  }
  return CountryCodeSource::kFromDefaultCountry;
}

// _maybe_extract_country_code. Returns the country code (0 for none) in
// `*country_code` and the national number in `*national` when one was
// found; when none was found, `*national` is the normalized number (Python
// returns "" and normalizes the same text again).
Status MaybeExtractCountryCode(const Metadata& md, std::string_view number,
                               bool ascii_simple, const RegionView* metadata,
                               int* country_code,
                               std::string* national,
                               CountryCodeSource* source) {
  *country_code = 0;
  national->clear();
  *source = CountryCodeSource::kFromDefaultCountry;
  if (number.empty()) return Status::OK();
  std::string full_number;
  *source = MaybeStripI18nPrefixAndNormalize(
      number, metadata != nullptr ? &metadata->international_prefix : nullptr,
      ascii_simple, &full_number);
  if (*source != CountryCodeSource::kFromDefaultCountry) {
    if (full_number.size() <= kMinLengthForNsn) {
      return ParseError(StatusCode::kTooShortAfterIdd, ParseMessage::kTooShortAfterIdd);
    }
    size_t cc_length = 0;
    int cc = ExtractCountryCode(md, full_number, &cc_length);
    if (cc != 0) {
      *country_code = cc;
      national->assign(full_number, cc_length, std::string::npos);
      return Status::OK();
    }
    return ParseError(StatusCode::kInvalidCountryCode,
                    ParseMessage::kUnknownCountryCode);
  }
  if (metadata != nullptr) {
    char cc_buf[8];
    char* const cc_end = cc_buf + sizeof cc_buf;
    char* cc_begin = cc_end;
    for (int v = metadata->country_code; v > 0; v /= 10) {
      *--cc_begin = static_cast<char>('0' + v % 10);
    }
    const std::string_view cc_str(cc_begin, cc_end - cc_begin);
    if (std::string_view(full_number).starts_with(cc_str)) {
      std::string potential = full_number.substr(cc_str.size());
      std::string carrier;
      MaybeStripNationalPrefixAndCarrierCode(*metadata, &potential, &carrier);
      if ((!MatchesGeneralPattern(full_number, *metadata) &&
           MatchesGeneralPattern(potential, *metadata)) ||
          TestNumberLength(full_number, *metadata) == Possibility::kTooLong) {
        *source = CountryCodeSource::kFromNumberWithoutPlusSign;
        *country_code = metadata->country_code;
        *national = std::move(potential);
        return Status::OK();
      }
    }
  }
  *source = CountryCodeSource::kFromDefaultCountry;
  // No country code: hand back the normalized number, which is what
  // parse() computes next (_normalize of the same text).
  *national = std::move(full_number);
  return Status::OK();
}

// Oracle's lenient "00": with no default region, text whose first two
// digits are "00" (after optional ASCII punctuation) is read as "+".
bool RewriteLeadingDoubleZero(std::string_view number, std::string* out) {
  size_t i = 0;
  while (i < number.size() &&
         std::string_view(" \t-.()/[]").find(number[i]) !=
             std::string_view::npos) {
    ++i;
  }
  if (i + 1 >= number.size() || number[i] != '0' || number[i + 1] != '0') {
    return false;
  }
  out->assign("+");
  out->append(number.substr(i + 2));
  return true;
}

// The common case, decided in one pass: ASCII text made only of digits,
// the punctuation ' ' '-' '(' ')' '.' '/' '[' ']', and at most one run
// of '+' before the first digit. For such text libphonenumber's
// _build_national_number_for_parsing keeps the span from the first '+' or
// digit to the last digit (leading and trailing punctuation go), no
// extension pattern can match (they all need a label such as 'x', '#' or
// '~', or ',' or ';'),
// and _VALID_PHONE_NUMBER_PATTERN matches exactly when there are three
// digits or more, or the span is two digits and nothing else. Returns false
// for any other text, which takes the general path.
bool ExtractSimple(std::string_view text, std::string_view* span,
                   bool* viable) {
  size_t first = std::string_view::npos;
  size_t last = std::string_view::npos;
  int digits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      if (first == std::string_view::npos) first = i;
      last = i;
      ++digits;
      continue;
    }
    switch (c) {
      case ' ': case '-': case '(': case ')': case '.': case '/': case '[':
      case ']':
        continue;
      case '+':
        if (digits > 0) return false;
        if (first == std::string_view::npos) {
          first = i;
        } else if (text[i - 1] != '+') {
          return false;
        }
        continue;
      default:
        return false;
    }
  }
  if (last == std::string_view::npos) return false;
  *span = text.substr(first, last + 1 - first);
  *viable = digits >= 3 || (digits == 2 && span->size() == 2);
  return true;
}

}  // namespace

Possibility TestNumberLength(std::string_view national_number,
                             const RegionView& region) {
  const NumberDescView& general = region.desc[kGeneralDesc];
  const size_t length = national_number.size();
  if (HasLength(general.possible_lengths_local_only, length)) {
    return Possibility::kIsPossibleLocalOnly;
  }
  const uint32_t possible = general.possible_lengths;
  if (possible == 0) return Possibility::kInvalidLength;
  const size_t min = MinLength(possible);
  if (min == length) return Possibility::kIsPossible;
  if (min > length) return Possibility::kTooShort;
  if (static_cast<size_t>(MaxLength(possible)) < length) {
    return Possibility::kTooLong;
  }
  return HasLength(possible, length) ? Possibility::kIsPossible
                                     : Possibility::kInvalidLength;
}

NumberType NumberTypeOf(std::string_view national_number,
                        const RegionView& region) {
  const uint32_t mask = region.types.FullMatch(national_number);
  if (mask == 0) return NumberType::kUnknown;
  const size_t length = national_number.size();
  auto matches = [&](int slot) {
    const NumberDescView& d = region.desc[slot];
    if (!d.present) return false;
    if (d.possible_lengths != 0 && !HasLength(d.possible_lengths, length)) {
      return false;
    }
    return (mask & (1u << slot)) != 0;
  };
  if (!matches(kGeneralDesc)) return NumberType::kUnknown;
  if (matches(kPremiumRateDesc)) return NumberType::kPremiumRate;
  if (matches(kTollFreeDesc)) return NumberType::kTollFree;
  if (matches(kSharedCostDesc)) return NumberType::kSharedCost;
  if (matches(kVoipDesc)) return NumberType::kVoip;
  if (matches(kPersonalNumberDesc)) return NumberType::kPersonalNumber;
  if (matches(kPagerDesc)) return NumberType::kPager;
  if (matches(kUanDesc)) return NumberType::kUan;
  if (matches(kVoicemailDesc)) return NumberType::kVoicemail;
  if (matches(kFixedLineDesc)) {
    if (region.same_mobile_and_fixed_line_pattern) {
      return NumberType::kFixedLineOrMobile;
    }
    if (matches(kMobileDesc)) return NumberType::kFixedLineOrMobile;
    return NumberType::kFixedLine;
  }
  if (!region.same_mobile_and_fixed_line_pattern && matches(kMobileDesc)) {
    return NumberType::kMobile;
  }
  return NumberType::kUnknown;
}

const RegionView* RegionForNumber(const Metadata& md, int country_code,
                                  std::string_view national_number) {
  auto regions = md.RegionsForCountryCode(country_code);
  if (regions.empty()) return nullptr;
  if (regions.size() == 1) return regions[0];
  for (const RegionView* r : regions) {
    if (!r->leading_digits.empty()) {
      if (r->leading_digits.PrefixMatch(national_number)) return r;
    } else if (NumberTypeOf(national_number, *r) != NumberType::kUnknown) {
      return r;
    }
  }
  return nullptr;
}

Status ParseNumber(const Metadata& md, std::string_view text,
                   const RegionView* default_region, const ParseOptions& opts,
                   ParsedNumber* out, std::string* scratch) {
  out->country_code = 0;
  out->national_number.clear();
  out->extension.clear();
  out->carrier_code.clear();
  out->source = CountryCodeSource::kFromDefaultCountry;
  out->flags = 0;

  std::string& national_number = *scratch;
  national_number.clear();
  std::string_view simple;
  bool simple_viable = false;
  // Simple text is ASCII: its length is its number of code points.
  const bool is_simple = ExtractSimple(text, &simple, &simple_viable);
  size_t code_points = text.size();
  if (!is_simple && !IsValidUtf8(text, &code_points)) {
    return ParseError(StatusCode::kNotANumber, ParseMessage::kInvalidUtf8);
  }
  if (code_points > kMaxInputStringLength) {
    return ParseError(StatusCode::kTooLong, ParseMessage::kTooLongToParse);
  }
  if (is_simple) {
    if (!simple_viable) {
      return ParseError(StatusCode::kNotANumber, ParseMessage::kNotViable);
    }
    national_number.assign(simple);
  } else {
    if (!BuildNationalNumberForParsing(text, &national_number)) {
      return ParseError(StatusCode::kNotANumber, ParseMessage::kBadPhoneContext);
    }
    if (!IsViablePhoneNumber(national_number)) {
      return ParseError(StatusCode::kNotANumber, ParseMessage::kNotViable);
    }
  }
  // _check_region_for_parsing.
  if (default_region == nullptr &&
      (national_number.empty() || LeadingPlusLength(national_number) == 0)) {
    std::string rewritten;
    if (opts.lenient_double_zero &&
        RewriteLeadingDoubleZero(national_number, &rewritten)) {
      national_number.swap(rewritten);
      out->flags |= kFlagLenientDoubleZero;
    } else {
      return ParseError(StatusCode::kInvalidCountryCode,
                        ParseMessage::kMissingRegion);
    }
  }

  std::string_view rest = national_number;
  std::string_view extension;
  if (!is_simple) {
    MaybeStripExtension(national_number, &rest, &extension);
  }
  out->extension.assign(extension);

  const RegionView* metadata = default_region;
  int country_code = 0;
  std::string normalized;
  Status st = MaybeExtractCountryCode(md, rest, is_simple, metadata,
                                      &country_code,
                                      &normalized, &out->source);
  if (!st.ok()) {
    size_t plus = LeadingPlusLength(rest);
    if (st.code() == StatusCode::kInvalidCountryCode && plus > 0) {
      ORACLE_RETURN_NOT_OK(MaybeExtractCountryCode(md, rest.substr(plus),
                                                   is_simple, metadata, &country_code,
                                                   &normalized, &out->source));
      if (country_code == 0) {
        return ParseError(StatusCode::kInvalidCountryCode,
                          ParseMessage::kAfterPlus);
      }
    } else {
      return st;
    }
  }

  if (country_code != 0) {
    auto regions = md.RegionsForCountryCode(country_code);
    const RegionView* number_region = regions.empty() ? nullptr : regions[0];
    if (number_region != default_region) metadata = number_region;
  } else {
    // `normalized` already holds _normalize(rest): see
    // MaybeExtractCountryCode.
    if (default_region != nullptr) {
      country_code = default_region->country_code;
    }
  }
  if (normalized.size() < kMinLengthForNsn) {
    return ParseError(StatusCode::kTooShortNsn, ParseMessage::kTooShortNsn);
  }
  if (metadata != nullptr) {
    std::string potential = normalized;
    std::string carrier;
    MaybeStripNationalPrefixAndCarrierCode(*metadata, &potential, &carrier);
    Possibility p = TestNumberLength(potential, *metadata);
    if (p != Possibility::kTooShort && p != Possibility::kIsPossibleLocalOnly &&
        p != Possibility::kInvalidLength) {
      normalized = std::move(potential);
      out->carrier_code = std::move(carrier);
    }
  }
  if (normalized.size() < kMinLengthForNsn) {
    return ParseError(StatusCode::kTooShortNsn, ParseMessage::kTooShortNsn);
  }
  if (normalized.size() > kMaxLengthForNsn) {
    return ParseError(StatusCode::kTooLong, ParseMessage::kTooLongNsn);
  }
  out->country_code = country_code;
  out->national_number = std::move(normalized);
  return Status::OK();
}

namespace {
constexpr std::string_view kParseMessages[] = {
    "",
    "The string supplied is not valid UTF-8.",
    "The string supplied was too long to parse.",
    "The string supplied did not seem to be a phone number.",
    "The phone-context value is invalid",
    "Missing or invalid default region.",
    "Could not interpret numbers after plus-sign.",
    "Phone number had an IDD, but after this was not long enough to be a "
    "viable phone number.",
    "Country calling code supplied was not recognised.",
    "The string supplied is too short to be a phone number.",
    "The string supplied is too long to be a phone number.",
};
static_assert(std::size(kParseMessages) ==
              static_cast<size_t>(ParseMessage::kCount));
}  // namespace

std::string_view ParseMessageText(ParseMessage m) {
  const auto i = static_cast<size_t>(m);
  return i < std::size(kParseMessages) ? kParseMessages[i] : "";
}

ParseMessage ParseMessageOf(std::string_view text) {
  for (size_t i = 1; i < std::size(kParseMessages); ++i) {
    if (kParseMessages[i] == text) return static_cast<ParseMessage>(i);
  }
  return ParseMessage::kNone;
}

Status ParseError(StatusCode code, ParseMessage m) {
  return Status(code, std::string(ParseMessageText(m)));
}

}  // namespace oracle::internal
