// libphonenumber's format_number (INTERNATIONAL, NATIONAL, RFC3966) and
// length_of_national_destination_code, ported from phonenumbers'
// phonenumberutil.py onto the compiled metadata.
//
// Format patterns are sequences of digit groups "(\d{m,n})", so a
// pattern's match of a national number is decided by its length alone and
// the groups follow from greedy matching; no regular expression is needed.
#include <cstring>
#include <string>
#include <string_view>

#include "engine/engine_internal.h"
#include "engine/metadata_internal.h"

namespace oracle::internal {
namespace {

constexpr std::string_view kDefaultExtnPrefix = " ext. ";
constexpr std::string_view kRfc3966ExtnPrefix = ";ext=";

// Greedy group boundaries of a "(\d{m,n})(\d{m,n})..." pattern fully
// matching a number of `length` digits. Returns false when it cannot match.
bool SplitGroups(const NumberFormatView& f, size_t length, int* ends,
                 int max_groups) {
  const size_t n = f.group_min.size();
  if (n == 0 || static_cast<int>(n) > max_groups) return false;
  size_t min_total = 0;
  size_t max_total = 0;
  for (size_t i = 0; i < n; ++i) {
    min_total += f.group_min[i];
    max_total += f.group_max[i];
  }
  if (length < min_total || length > max_total) return false;
  size_t pos = 0;
  size_t min_after = min_total;
  for (size_t i = 0; i < n; ++i) {
    min_after -= f.group_min[i];
    size_t take = std::min<size_t>(f.group_max[i], length - pos - min_after);
    pos += take;
    ends[i] = static_cast<int>(pos);
  }
  return pos == length;
}

constexpr int kMaxGroups = 16;

// _choose_formatting_pattern_for_number.
const NumberFormatView* ChooseFormat(std::span<const NumberFormatView> formats,
                                     std::string_view nsn, int* ends) {
  for (const NumberFormatView& f : formats) {
    if (!f.leading_digits.empty() && !f.leading_digits.PrefixMatch(nsn)) {
      continue;
    }
    if (SplitGroups(f, nsn.size(), ends, kMaxGroups)) return &f;
  }
  return nullptr;
}

// Expands a replacement template of literal text and \N references to the
// groups of `nsn` delimited by `ends`.
void Expand(std::string_view templ, std::string_view nsn, const int* ends,
            size_t num_groups, std::string* out) {
  size_t needed = 0;
  for (size_t i = 0; i < templ.size(); ++i) {
    if (templ[i] == '\\' && i + 1 < templ.size() && templ[i + 1] >= '0' &&
        templ[i + 1] <= '9') {
      needed += nsn.size();
      ++i;
    } else {
      ++needed;
    }
  }
  const size_t old_size = out->size();
  out->resize(old_size + needed);
  char* const begin = out->data() + old_size;
  char* w = begin;
  const char* t = templ.data();
  const char* const t_end = t + templ.size();
  while (t < t_end) {
    if (*t == '\\' && t + 1 < t_end && t[1] >= '0' && t[1] <= '9') {
      size_t g = t[1] - '0';
      t += 2;
      if (g >= 1 && g <= num_groups) {
        int start = g == 1 ? 0 : ends[g - 2];
        size_t len = ends[g - 1] - start;
        std::memcpy(w, nsn.data() + start, len);
        w += len;
      }
      continue;
    }
    *w++ = *t++;
  }
  out->resize(old_size + (w - begin));
}

// re.sub(_FIRST_GROUP_PATTERN, rule, format, count=1): the first "\N" of the
// format is replaced by `rule`, whose "\1" stands for that "\N".
std::string FirstGroupRule(std::string_view format, std::string_view rule) {
  std::string out;
  size_t i = 0;
  for (; i + 1 < format.size(); ++i) {
    if (format[i] == '\\' && format[i + 1] >= '0' && format[i + 1] <= '9') {
      break;
    }
  }
  if (i + 1 >= format.size()) return std::string(format);
  std::string_view group_ref = format.substr(i, 2);
  out.append(format.substr(0, i));
  for (size_t j = 0; j < rule.size(); ++j) {
    if (rule[j] == '\\' && j + 1 < rule.size() && rule[j + 1] >= '0' &&
        rule[j + 1] <= '9') {
      if (rule[j + 1] == '1') out.append(group_ref);
      ++j;
      continue;
    }
    out.push_back(rule[j]);
  }
  out.append(format.substr(i + 2));
  return out;
}

// Decodes one UTF-8 code point at s[i] (input is the library's own output,
// well-formed).
char32_t DecodeUtf8At(std::string_view s, size_t i, size_t* len) {
  unsigned char c = s[i];
  if (c < 0x80) { *len = 1; return c; }
  if (c < 0xE0 && i + 1 < s.size()) {
    *len = 2;
    return ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
  }
  if (c < 0xF0 && i + 2 < s.size()) {
    *len = 3;
    return ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
  }
  if (i + 3 < s.size()) {
    *len = 4;
    return ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) |
           ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
  }
  *len = 1;
  return c;
}

// Membership in phonenumbers' _VALID_PUNCTUATION.
bool IsValidPunctuation(char32_t c) {
  switch (c) {
    case '-': case 'x': case ' ': case '(': case ')': case '.': case '[':
    case ']': case '/': case '~':
    case 0x00A0: case 0x00AD: case 0x200B: case 0x2060: case 0x3000:
    case 0xFF08: case 0xFF09: case 0xFF3B: case 0xFF3D: case 0x2053:
    case 0x223C: case 0xFF5E: case 0x2212: case 0x30FC:
      return true;
    default:
      return (c >= 0x2010 && c <= 0x2015) || (c >= 0xFF0D && c <= 0xFF0F);
  }
}

// The RFC 3966 rewrite of a formatted national number, in place on
// (*s)[start, end): leading separators dropped, every other run of
// separators replaced by one '-'. Never lengthens the text.
void RewriteRfc3966Groups(std::string* s, size_t start) {
  std::string_view formatted(*s);
  size_t w = start;
  bool in_run = false;
  bool leading = true;
  for (size_t i = start; i < formatted.size();) {
    size_t len = 1;
    char32_t c = DecodeUtf8At(formatted, i, &len);
    if (IsValidPunctuation(c)) {
      in_run = true;
    } else {
      if (in_run && !leading) (*s)[w++] = '-';
      in_run = false;
      leading = false;
      for (size_t k = 0; k < len; ++k) (*s)[w++] = formatted[i + k];
    }
    i += len;
  }
  if (in_run && !leading) (*s)[w++] = '-';
  s->resize(w);
}

// The decimal digits of a country code ("0" for 0), written at the end
// of `buf`.
std::string_view CountryCodeText(int country_code, char (&buf)[8]) {
  char* const end = buf + sizeof buf;
  char* begin = end;
  for (int v = country_code; v > 0 || begin == end; v /= 10) {
    *--begin = static_cast<char>('0' + v % 10);
  }
  return std::string_view(begin, static_cast<size_t>(end - begin));
}

// _format_nsn.
void FormatNsn(std::string_view nsn, const RegionView& md,
               const NationalTemplates& national, NumberFormat format,
               std::string* out) {
  std::span<const NumberFormatView> formats =
      (md.intl_number_formats.empty() || format == NumberFormat::kNational)
          ? md.number_formats
          : md.intl_number_formats;
  int ends[kMaxGroups];
  const NumberFormatView* f = ChooseFormat(formats, nsn, ends);
  if (f == nullptr) {
    out->append(nsn);
    return;
  }
  const size_t n = f->group_min.size();
  Expand(format == NumberFormat::kNational ? national.For(*f) : f->format, nsn,
         ends, n, out);
}

}  // namespace

NationalTemplates::NationalTemplates(const Metadata& md)
    : base_(md.formats().data()) {
  templates_.reserve(md.formats().size());
  for (const NumberFormatView& f : md.formats()) {
    templates_.push_back(
        f.national_prefix_formatting_rule.empty()
            ? std::string(f.format)
            : FirstGroupRule(f.format, f.national_prefix_formatting_rule));
  }
}

void FormatNumber(int country_code, std::string_view national_number,
                  std::string_view extension, const RegionView& main_region,
                  const NationalTemplates& national, NumberFormat format,
                  std::string* out) {
  char cc_buf[8];
  const std::string_view cc = CountryCodeText(country_code, cc_buf);
  switch (format) {
    case NumberFormat::kE164:
      out->push_back('+');
      out->append(cc);
      out->append(national_number);
      return;
    case NumberFormat::kInternational:
      out->push_back('+');
      out->append(cc);
      out->push_back(' ');
      FormatNsn(national_number, main_region, national, format, out);
      break;
    case NumberFormat::kNational:
      FormatNsn(national_number, main_region, national, format, out);
      break;
    case NumberFormat::kRfc3966: {
      out->append("tel:+");
      out->append(cc);
      out->push_back('-');
      const size_t start = out->size();
      FormatNsn(national_number, main_region, national, format, out);
      RewriteRfc3966Groups(out, start);
      break;
    }
  }
  if (!extension.empty()) {
    if (format == NumberFormat::kRfc3966) {
      out->append(kRfc3966ExtnPrefix);
    } else if (!main_region.preferred_extn_prefix.empty()) {
      out->append(main_region.preferred_extn_prefix);
    } else {
      out->append(kDefaultExtnPrefix);
    }
    out->append(extension);
  }
}

void FormatAll(int country_code, std::string_view national_number,
               std::string_view extension, const RegionView& main_region,
               const NationalTemplates& national, uint32_t fields,
               std::string* international, std::string* national_format,
               std::string* rfc3966) {
  international->clear();
  national_format->clear();
  rfc3966->clear();
  const bool want_international = (fields & kFieldInternational) != 0;
  const bool want_national = (fields & kFieldNational) != 0;
  const bool want_rfc3966 = (fields & kFieldRfc3966) != 0;
  char cc_buf[8];
  const std::string_view cc = CountryCodeText(country_code, cc_buf);
  // INTERNATIONAL and RFC3966 use the same format and template (FormatNsn):
  // the RFC 3966 form is the international one's number rewritten.
  const bool shared = main_region.intl_number_formats.empty();
  int ends[kMaxGroups];
  const NumberFormatView* intl = nullptr;
  if (want_international || want_rfc3966 || (want_national && shared)) {
    intl = ChooseFormat(shared ? main_region.number_formats
                               : main_region.intl_number_formats,
                        national_number, ends);
  }
  auto expand = [&](const NumberFormatView* f, std::string_view templ,
                    const int* f_ends, std::string* out) {
    if (f == nullptr) {
      out->append(national_number);
    } else {
      Expand(templ, national_number, f_ends, f->group_min.size(), out);
    }
  };
  if (want_international || want_rfc3966) {
    std::string* out = want_international ? international : rfc3966;
    out->push_back('+');
    out->append(cc);
    out->push_back(' ');
    const size_t start = out->size();
    expand(intl, intl != nullptr ? intl->format : std::string_view(), ends,
           out);
    if (want_rfc3966) {
      if (want_international) {
        rfc3966->append(international->data() + start,
                        international->size() - start);
      } else {
        rfc3966->erase(0, start);
      }
      rfc3966->insert(0, "tel:+");
      rfc3966->insert(5, cc);
      rfc3966->insert(5 + cc.size(), 1, '-');
      RewriteRfc3966Groups(rfc3966, 6 + cc.size());
    }
  }
  if (!extension.empty()) {
    const std::string_view prefix = main_region.preferred_extn_prefix.empty()
                                        ? kDefaultExtnPrefix
                                        : main_region.preferred_extn_prefix;
    if (want_international) {
      international->append(prefix);
      international->append(extension);
    }
    if (want_rfc3966) {
      rfc3966->append(kRfc3966ExtnPrefix);
      rfc3966->append(extension);
    }
  }
  if (want_national) {
    if (shared) {
      expand(intl, intl != nullptr ? national.For(*intl) : std::string_view(),
             ends, national_format);
    } else {
      int national_ends[kMaxGroups];
      const NumberFormatView* f = ChooseFormat(
          main_region.number_formats, national_number, national_ends);
      expand(f, f != nullptr ? national.For(*f) : std::string_view(),
             national_ends, national_format);
    }
    if (!extension.empty()) {
      national_format->append(main_region.preferred_extn_prefix.empty()
                                  ? kDefaultExtnPrefix
                                  : main_region.preferred_extn_prefix);
      national_format->append(extension);
    }
  }
}

int NdcLength(int country_code, std::string_view national_number,
              const RegionView& main_region, NumberType type,
              std::string_view mobile_token) {
  // length_of_national_destination_code splits the INTERNATIONAL format
  // ("+CC G1 G2 ...") on runs of non-digits; the first group after the
  // country code is the NDC. The runs are counted here from the chosen
  // format's template, without writing the string.
  struct Runs {
    int lengths[8];
    int count = 0;
    int current = 0;
    bool in_digits = true;  // the empty group before the leading '+'
    void Digits(int n) {
      current += n;
      in_digits = true;
    }
    void NonDigit() {
      if (!in_digits) return;
      if (count < 8) lengths[count] = current;
      ++count;
      current = 0;
      in_digits = false;
    }
  } runs;
  runs.NonDigit();  // '+'
  int cc_digits = 0;
  for (int v = country_code; v > 0; v /= 10) ++cc_digits;
  runs.Digits(cc_digits);
  runs.NonDigit();  // ' '
  std::span<const NumberFormatView> formats =
      main_region.intl_number_formats.empty() ? main_region.number_formats
                                              : main_region.intl_number_formats;
  int ends[kMaxGroups];
  const NumberFormatView* f = ChooseFormat(formats, national_number, ends);
  if (f == nullptr) {
    runs.Digits(static_cast<int>(national_number.size()));
  } else {
    const size_t n = f->group_min.size();
    std::string_view templ = f->format;
    for (size_t i = 0; i < templ.size(); ++i) {
      const char c = templ[i];
      if (c == '\\' && i + 1 < templ.size() && templ[i + 1] >= '0' &&
          templ[i + 1] <= '9') {
        size_t g = templ[i + 1] - '0';
        ++i;
        if (g >= 1 && g <= n) {
          runs.Digits(ends[g - 1] - (g == 1 ? 0 : ends[g - 2]));
        }
      } else if (c >= '0' && c <= '9') {
        runs.Digits(1);
      } else {
        runs.NonDigit();
      }
    }
  }
  // The final group (possibly empty after a trailing separator).
  if (runs.count < 8) runs.lengths[runs.count] = runs.current;
  const int count = runs.count + 1;
  if (count <= 3) return 0;
  if (type == NumberType::kMobile && !mobile_token.empty()) {
    return runs.lengths[2] + runs.lengths[3];
  }
  return runs.lengths[2];
}

}  // namespace oracle::internal
