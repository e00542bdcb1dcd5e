// The batch fast path (see fast_path_internal.h). The steps mirror
// ParseNumber() in src/engine/parse.cc and Engine::SegmentInto() in
// src/engine/engine.cc; comments name the libphonenumber function each
// block stands for.
#include "batch/fast_path_internal.h"

#include <algorithm>
#include <cstring>
#include <span>

namespace oracle::internal {
namespace {

constexpr size_t kMinLengthForNsn = 2;
constexpr size_t kMaxLengthForNsn = 17;
constexpr int kCiCountryCode = 225;

inline bool HasLength(uint32_t mask, size_t length) {
  return length < 32 && (mask >> length) & 1u;
}

inline bool IsOperatorType(NumberType t) {
  return t == NumberType::kMobile || t == NumberType::kFixedLineOrMobile ||
         t == NumberType::kPager;
}

inline bool IsBit(uint32_t mask, int slot) { return (mask >> slot) & 1u; }

// The first n (0..8) of 8 ASCII digits (little-endian bytes) as 4-bit
// values, the first in the low bits.
inline uint64_t DigitNibbles(uint64_t bytes, size_t n) {
  if (n == 0) return 0;
  uint64_t x = bytes & 0x0F0F0F0F0F0F0F0Full;
  if (n < 8) x &= (uint64_t{1} << (8 * n)) - 1;
  x = (x | (x >> 4)) & 0x00FF00FF00FF00FFull;
  x = (x | (x >> 8)) & 0x0000FFFF0000FFFFull;
  return (x | (x >> 16)) & 0xFFFFFFFFull;
}

// The most digits PrefixMatch reads on `dfa` before it answers, or -1 when
// a loop makes it unbounded.
int DecisionDepth(const DigitDfa& dfa) {
  if (dfa.empty()) return 0;
  const uint8_t deciding = DigitDfa::kStateMatchHere | DigitDfa::kStateStop;
  const uint32_t n = dfa.num_states();
  // depth[s]: -2 unvisited, -3 on the current path, else the answer.
  std::vector<int> depth(n, -2);
  struct Frame {
    uint32_t state;
    int digit;
    int best;
  };
  if (dfa.state_flags()[dfa.start()] & deciding) return 0;
  std::vector<Frame> stack = {{dfa.start(), 0, 0}};
  depth[dfa.start()] = -3;
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.digit == 10) {
      depth[f.state] = f.best;
      const int d = f.best;
      stack.pop_back();
      if (!stack.empty()) {
        stack.back().best = std::max(stack.back().best, 1 + d);
      }
      continue;
    }
    const uint32_t t = dfa.transitions()[f.state * 10 + f.digit++];
    f.best = std::max(f.best, 1);
    if (t == DigitDfa::kNoTransition || (dfa.state_flags()[t] & deciding)) {
      continue;
    }
    if (depth[t] == -3) return -1;
    if (depth[t] >= 0) {
      f.best = std::max(f.best, 1 + depth[t]);
      continue;
    }
    depth[t] = -3;
    stack.push_back({t, 0, 0});
  }
  return depth[dfa.start()];
}

}  // namespace

FastPath::FastPath(std::shared_ptr<const Metadata> md,
                   const EngineOptions& options)
    : md_(std::move(md)),
      options_(options),
      operator_rules_(options.operator_rules),
      national_(*md_) {
  const auto regions = md_->regions();
  regions_ = regions.data();
  info_.resize(regions.size());
  for (size_t i = 0; i < regions.size(); ++i) {
    const RegionView& r = regions[i];
    RegionInfo& info = info_[i];
    for (size_t len = 0; len < 32; ++len) {
      const std::string digits(len, '0');
      info.possibility[len] =
          static_cast<uint8_t>(TestNumberLength(digits, r));
      uint32_t slots = 0;
      for (int slot = 0; slot < kDescSlotCount; ++slot) {
        const NumberDescView& d = r.desc[slot];
        if (!d.present) continue;
        if (d.possible_lengths != 0 && !HasLength(d.possible_lengths, len)) {
          continue;
        }
        slots |= 1u << slot;
      }
      info.slots_for_length[len] = slots;
    }
    info.slots_any_length = 0;
    for (int slot = 0; slot < kDescSlotCount; ++slot) {
      const NumberDescView& d = r.desc[slot];
      if (d.present && d.possible_lengths == 0) {
        info.slots_any_length |= 1u << slot;
      }
    }
    std::memset(info.cc, 0, sizeof info.cc);
    char buf[8];
    int n = 0;
    for (int v = r.country_code; v > 0; v /= 10) buf[n++] = '0' + v % 10;
    info.cc_length = static_cast<uint8_t>(n);
    for (int k = 0; k < n && k < 4; ++k) info.cc[k] = buf[n - 1 - k];
    const DigitDfa& types = r.types;
    const uint32_t states = types.num_states();
    if (states > 0 && states + 1 < 0xFFFFu) {
      BuildCompactTypes(types, &info);
    }
    for (char c : r.national_prefix_transform_rule) {
      if (!(c >= '0' && c <= '9') && c != '\\') info.transform_unsafe = true;
    }
    info.portable = r.mobile_number_portable_region;
    info.mobile_token = md_->MobileToken(r.country_code);
    PairsThatMayMatch(r.international_prefix, info.idd_pairs);
    if (r.national_prefix_for_parsing_captures.empty()) {
      PairsThatMayMatch(r.national_prefix_for_parsing, info.npp_pairs);
    }
  }
  cc_regions_.resize(1000);
  cc_carriers_.resize(1000);
  carrier_blocks_.assign(1000, -1);
  for (int code = 1; code < 1000; ++code) {
    cc_regions_[code] = md_->RegionsForCountryCode(code);
    const std::string digits = std::to_string(code);
    const CarrierTable& carriers = md_->carriers();
    cc_carriers_[code] = carriers.Walk(carriers.Start(), digits);
    if (cc_carriers_[code].done) continue;
    carrier_blocks_[code] =
        static_cast<int32_t>(cc2_carriers_.size() / kDigitPairs);
    for (size_t two = 0; two < kDigitPairs; ++two) {
      const char next[2] = {static_cast<char>('0' + two / 10),
                            static_cast<char>('0' + two % 10)};
      cc2_carriers_.push_back(
          carriers.Walk(cc_carriers_[code], std::string_view(next, 2)));
    }
  }
  region_by_code_.fill(nullptr);
  for (int a = 0; a < 26; ++a) {
    for (int b = 0; b < 26; ++b) {
      const char code[2] = {static_cast<char>('A' + a),
                            static_cast<char>('A' + b)};
      region_by_code_[a * 26 + b] =
          md_->ForRegion(std::string_view(code, 2));
    }
  }
  for (int same = 0; same < 2; ++same) {
    for (uint32_t mask = 0; mask < (1u << kDescSlotCount); ++mask) {
      NumberType t = NumberType::kUnknown;
      if (!IsBit(mask, kGeneralDesc)) {
        t = NumberType::kUnknown;
      } else if (IsBit(mask, kPremiumRateDesc)) {
        t = NumberType::kPremiumRate;
      } else if (IsBit(mask, kTollFreeDesc)) {
        t = NumberType::kTollFree;
      } else if (IsBit(mask, kSharedCostDesc)) {
        t = NumberType::kSharedCost;
      } else if (IsBit(mask, kVoipDesc)) {
        t = NumberType::kVoip;
      } else if (IsBit(mask, kPersonalNumberDesc)) {
        t = NumberType::kPersonalNumber;
      } else if (IsBit(mask, kPagerDesc)) {
        t = NumberType::kPager;
      } else if (IsBit(mask, kUanDesc)) {
        t = NumberType::kUan;
      } else if (IsBit(mask, kVoicemailDesc)) {
        t = NumberType::kVoicemail;
      } else if (IsBit(mask, kFixedLineDesc)) {
        t = (same || IsBit(mask, kMobileDesc)) ? NumberType::kFixedLineOrMobile
                                               : NumberType::kFixedLine;
      } else if (!same && IsBit(mask, kMobileDesc)) {
        t = NumberType::kMobile;
      }
      type_of_mask_[same][mask] = static_cast<uint8_t>(t);
    }
  }
  formats_ = md_->formats().data();
  format_info_.resize(md_->formats().size());
  for (size_t i = 0; i < md_->formats().size(); ++i) {
    const NumberFormatView& f = md_->formats()[i];
    FormatInfo& fi = format_info_[i];
    const size_t n = f.group_min.size();
    fi.usable = n >= 1 && n <= 16;
    size_t min_total = 0, max_total = 0;
    for (size_t g = 0; g < n; ++g) {
      min_total += f.group_min[g];
      max_total += f.group_max[g];
    }
    fi.min_total = static_cast<uint8_t>(std::min<size_t>(min_total, 255));
    fi.max_total = static_cast<uint8_t>(std::min<size_t>(max_total, 255));
    // NdcLength()'s runs, kept as sets of groups plus literal digits.
    struct Run {
      uint32_t groups = 0;
      int literals = 0;
    };
    Run runs[8];
    int count = 0;
    Run current;
    bool in_digits = true;
    auto digits_group = [&](int g) {
      current.groups |= 1u << (g - 1);
      in_digits = true;
    };
    auto digits_literal = [&] {
      ++current.literals;
      in_digits = true;
    };
    auto non_digit = [&] {
      if (!in_digits) return;
      if (count < 8) runs[count] = current;
      ++count;
      current = Run();
      in_digits = false;
    };
    non_digit();  // '+'
    current.literals = 1;  // the country code: one run, its length unused
    in_digits = true;
    non_digit();  // ' '
    const std::string_view templ = f.format;
    for (size_t k = 0; k < templ.size(); ++k) {
      const char c = templ[k];
      if (c == '\\' && k + 1 < templ.size() && templ[k + 1] >= '0' &&
          templ[k + 1] <= '9') {
        const size_t g = templ[k + 1] - '0';
        ++k;
        if (g >= 1 && g <= n) digits_group(static_cast<int>(g));
      } else if (c >= '0' && c <= '9') {
        digits_literal();
      } else {
        non_digit();
      }
    }
    if (count < 8) runs[count] = current;
    fi.runs = static_cast<uint8_t>(count + 1);
    fi.run2_groups = runs[2].groups;
    fi.run2_literals = static_cast<uint8_t>(runs[2].literals);
    if (count + 1 > 3) {
      fi.run3_groups = runs[3].groups;
      fi.run3_literals = static_cast<uint8_t>(runs[3].literals);
    }
  }
  for (size_t i = 0; i < regions.size(); ++i) {
    const RegionView& r = regions[i];
    const std::span<const NumberFormatView> formats =
        r.intl_number_formats.empty() ? r.number_formats
                                      : r.intl_number_formats;
    int most = 0;
    for (const NumberFormatView& f : formats) {
      const int d = DecisionDepth(f.leading_digits);
      if (d < 0) {
        most = 255;
        break;
      }
      most = std::max(most, d);
    }
    info_[i].format_key_digits =
        most <= kMaxFormatKeyDigits && i < FastScratch::kFormatCacheRegions
            ? static_cast<uint8_t>(most)
            : 255;
  }
  for (const PortabilityOverride& p : options_.portability) {
    char up[2];
    if (p.region.size() != 2) continue;
    for (int k = 0; k < 2; ++k) {
      const char c = p.region[k];
      up[k] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    const RegionView* r = md_->ForRegion(std::string_view(up, 2));
    if (r != nullptr) info_[RegionIndex(r)].portable = p.portable;
  }
}

void FastPath::BuildCompactTypes(const DigitDfa& types, RegionInfo* info) {
  static_assert(kDescSlotCount <= 16, "type masks are kept in 16 bits");
  const uint32_t states = types.num_states();
  const uint32_t sink = states;  // stands for "no transition"
  auto next = [&](uint32_t s, int d) -> uint32_t {
    if (s == sink) return sink;
    const uint32_t t = types.transitions()[s * 10 + d];
    return t == DigitDfa::kNoTransition ? sink : t;
  };
  auto accept = [&](uint32_t s) -> uint32_t {
    return s == sink ? 0 : types.accepts()[s];
  };
  // A state is insensitive when every digit leads to the same state and that
  // state is insensitive too (the greatest fixpoint, so that loops such as
  // the sink's count): from it, what the rest of a string matches depends on
  // its length alone.
  std::vector<uint8_t> insensitive(states + 1, 0);
  for (uint32_t s = 0; s <= states; ++s) {
    bool same = true;
    for (int d = 1; d < 10 && same; ++d) same = next(s, d) == next(s, 0);
    insensitive[s] = same ? 1 : 0;
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t s = 0; s <= states; ++s) {
      if (insensitive[s] && !insensitive[next(s, 0)]) {
        insensitive[s] = 0;
        changed = true;
      }
    }
  }
  // New numbering: the other states first, then the insensitive ones, so
  // that a walk tells them apart with one comparison.
  std::vector<uint16_t> id(states + 1);
  uint32_t count = 0;
  for (uint32_t s = 0; s <= states; ++s) {
    if (!insensitive[s]) id[s] = static_cast<uint16_t>(count++);
  }
  const uint32_t first_insensitive = count;
  for (uint32_t s = 0; s <= states; ++s) {
    if (insensitive[s]) id[s] = static_cast<uint16_t>(count++);
  }
  std::vector<uint32_t> old_of(states + 1);
  for (uint32_t s = 0; s <= states; ++s) old_of[id[s]] = s;
  info->types_compact = true;
  info->types_start = id[types.start()];
  info->types_insensitive = static_cast<uint16_t>(first_insensitive);
  info->types_next = static_cast<uint32_t>(types16_.size());
  info->types_accept = static_cast<uint32_t>(types_accept_.size());
  info->types_tail = static_cast<uint32_t>(types_tail_.size());
  for (uint32_t n = 0; n <= states; ++n) {
    for (int d = 0; d < 10; ++d) types16_.push_back(id[next(old_of[n], d)]);
    types_accept_.push_back(accept(old_of[n]));
  }
  for (uint32_t n = first_insensitive; n <= states; ++n) {
    uint32_t s = old_of[n];
    for (int k = 0; k < kTail; ++k) {
      types_tail_.push_back(static_cast<uint16_t>(accept(s)));
      s = next(s, 0);
    }
  }
}

uint32_t FastPath::FullMatchTypes(const RegionView& r,
                                  std::string_view s) const {
  const RegionInfo& info = info_[RegionIndex(&r)];
  if (!info.types_compact) return r.types.FullMatch(s);
  // Every string walked here is ASCII digits (the row's, or a transform
  // rule's digits and groups), so each digit indexes the table directly.
  const uint16_t* next = types16_.data() + info.types_next;
  const uint32_t insensitive = info.types_insensitive;
  uint32_t state = info.types_start;
  const char* p = s.data();
  const char* const end = p + s.size();
  // Stops at the first insensitive state: the rest of the answer is read
  // from its tail by the number of digits left, without touching the
  // states the rest of the walk would (most of a walk's cache misses).
  while (p != end) {
    if (state >= insensitive) {
      const size_t left = static_cast<size_t>(end - p);
      if (left < kTail) {
        return types_tail_[info.types_tail +
                           (state - insensitive) * kTail + left];
      }
    }
    state = next[state * 10 + static_cast<uint32_t>(*p++ - '0')];
  }
  return types_accept_[info.types_accept + state];
}

void FastPath::PairsThatMayMatch(const DigitDfa& dfa, uint64_t pairs[2]) {
  pairs[0] = pairs[1] = ~uint64_t{0};
  if (dfa.empty()) return;  // MatchEnd() is -1 whatever the digits: left
                            // to it
  const uint32_t* next = dfa.transitions();
  const uint8_t* flags = dfa.state_flags();
  const uint32_t start = dfa.start();
  // As MatchEnd() walks the first two digits: a match at the start, or
  // after the first digit, is a match; a stop or a missing transition
  // before that is none.
  if (flags[start] & DigitDfa::kStateMatchHere) return;
  pairs[0] = pairs[1] = 0;
  if (flags[start] & DigitDfa::kStateStop) return;
  for (unsigned d1 = 0; d1 < 10; ++d1) {
    const uint32_t s1 = next[start * 10 + d1];
    if (s1 == DigitDfa::kNoTransition) continue;
    if (flags[s1] & DigitDfa::kStateStop &&
        !(flags[s1] & DigitDfa::kStateMatchHere)) {
      continue;
    }
    for (unsigned d2 = 0; d2 < 10; ++d2) {
      const bool may = (flags[s1] & DigitDfa::kStateMatchHere) ||
                       next[s1 * 10 + d2] != DigitDfa::kNoTransition;
      if (may) {
        const unsigned pair = d1 * 10 + d2;
        pairs[pair >> 6] |= uint64_t{1} << (pair & 63);
      }
    }
  }
}

uint32_t FastPath::Types(const RegionView& r, std::string_view s, bool memo,
                         FastScratch* scratch) const {
  if (!memo) return FullMatchTypes(r, s);
  for (const FastScratch::Memo& m : scratch->memo) {
    if (m.dfa == &r.types && m.data == s.data() && m.size == s.size()) {
      return m.mask;
    }
  }
  const uint32_t mask = FullMatchTypes(r, s);
  FastScratch::Memo& m = scratch->memo[scratch->memo_next];
  scratch->memo_next = (scratch->memo_next + 1) & 3;
  m.dfa = &r.types;
  m.data = s.data();
  m.size = s.size();
  m.mask = mask;
  return mask;
}

bool FastPath::General(const RegionView& r, std::string_view s, bool memo,
                       FastScratch* scratch) const {
  return IsBit(Types(r, s, memo, scratch), kGeneralDesc);
}

Possibility FastPath::TestLongLength(const RegionView& r, size_t length) {
  return TestNumberLength(std::string(length, '0'), r);
}

// _number_type_helper (NumberTypeOf in parse.cc).
NumberType FastPath::TypeOf(const RegionView& r, std::string_view nsn,
                            bool memo, FastScratch* scratch) const {
  uint32_t mask = Types(r, nsn, memo, scratch);
  if (mask == 0) return NumberType::kUnknown;
  const RegionInfo& info = info_[RegionIndex(&r)];
  mask &= nsn.size() < 32 ? info.slots_for_length[nsn.size()]
                          : info.slots_any_length;
  return static_cast<NumberType>(
      type_of_mask_[r.same_mobile_and_fixed_line_pattern ? 1 : 0]
                   [mask & ((1u << kDescSlotCount) - 1)]);
}

// Inline (as ExtractCountryCode): its string_view results would otherwise
// go through memory and be read back as one 16-byte load of two 8-byte
// stores, which the store buffer cannot forward (a stall on every row).
__attribute__((always_inline)) inline int FastPath::StripNationalPrefix(
    const RegionView& r, std::string_view* number, bool* memo,
    std::string_view* carrier, FastScratch* scratch) const {
  *carrier = {};
  if (number->empty() || !r.has_national_prefix_for_parsing) return 0;
  if (info_[RegionIndex(&r)].transform_unsafe) return -1;
  CaptureProgram::Match m;
  if (!r.national_prefix_for_parsing_captures.empty()) {
    if (!r.national_prefix_for_parsing_captures.MatchPrefix(*number, &m)) {
      return 0;
    }
  } else {
    if (!MayMatch(info_[RegionIndex(&r)].npp_pairs, *number)) return 0;
    const int end = r.national_prefix_for_parsing.MatchEnd(*number);
    if (end < 0) return 0;
    m.end = end;
    m.num_groups = 0;
  }
  const bool viable_original = General(r, *number, *memo, scratch);
  const int num_groups = m.num_groups;
  const std::string_view transform = r.national_prefix_transform_rule;
  if (transform.empty() || num_groups == 0 ||
      m.group_start[num_groups] < 0) {
    const std::string_view rest = number->substr(m.end);
    if (viable_original && !General(r, rest, *memo, scratch)) return 0;
    if (num_groups > 0 && m.group_start[1] >= 0) {
      *carrier = number->substr(m.group_start[1],
                                m.group_end[1] - m.group_start[1]);
    }
    *number = rest;
    return 1;
  }
  // The transform rule's expansion, then the rest of the number, written to
  // the buffer that does not hold `*number`.
  char* out = scratch->transformed[0];
  if (number->data() >= out && number->data() < out + sizeof(scratch->transformed[0])) {
    out = scratch->transformed[1];
  }
  const size_t capacity = sizeof(scratch->transformed[0]) - 32;
  size_t w = 0;
  for (size_t i = 0; i < transform.size(); ++i) {
    const char c = transform[i];
    if (c == '\\' && i + 1 < transform.size() && transform[i + 1] >= '0' &&
        transform[i + 1] <= '9') {
      const int g = transform[i + 1] - '0';
      ++i;
      if (g >= 1 && g <= num_groups && m.group_start[g] >= 0) {
        const size_t len = m.group_end[g] - m.group_start[g];
        if (w + len > capacity) return -1;
        std::memcpy(out + w, number->data() + m.group_start[g], len);
        w += len;
      }
      continue;
    }
    if (w + 1 > capacity) return -1;
    out[w++] = c;
  }
  const size_t rest = number->size() - m.end;
  if (w + rest > capacity) return -1;
  std::memcpy(out + w, number->data() + m.end, rest);
  w += rest;
  const std::string_view transformed(out, w);
  // A transformed number holds digits outside the row's buffer: not
  // remembered.
  if (viable_original && !General(r, transformed, false, scratch)) return 0;
  if (num_groups > 1 && m.group_start[1] >= 0) {
    *carrier = number->substr(m.group_start[1],
                              m.group_end[1] - m.group_start[1]);
  }
  *number = transformed;
  *memo = false;
  return 1;
}

__attribute__((always_inline)) inline int FastPath::ExtractCountryCode(
    bool plus, std::string_view digits, const RegionView* region, int* cc,
    std::string_view* national, bool* memo, uint8_t* source,
    FastScratch* scratch) const {
  *cc = 0;
  *national = {};
  *memo = true;
  // _maybe_strip_i18n_prefix_and_normalize.
  std::string_view full = digits;
  CountryCodeSource src = CountryCodeSource::kFromDefaultCountry;
  if (plus) {
    src = CountryCodeSource::kFromNumberWithPlusSign;
  } else if (region != nullptr && !region->international_prefix.empty() &&
             MayMatch(info_[RegionIndex(region)].idd_pairs, full)) {
    const int end = region->international_prefix.MatchEnd(full);
    if (end >= 0) {
      if (static_cast<size_t>(end) < full.size() && full[end] == '0') {
        src = CountryCodeSource::kFromDefaultCountry;
      } else {
        full.remove_prefix(end);
        src = CountryCodeSource::kFromNumberWithIdd;
      }
    }
  }
  *source = static_cast<uint8_t>(src);
  if (src != CountryCodeSource::kFromDefaultCountry) {
    if (full.size() <= kMinLengthForNsn) {
      return static_cast<int>(StatusCode::kTooShortAfterIdd);
    }
    // _extract_country_code.
    if (full[0] != '0') {
      int code = 0;
      const size_t limit = std::min<size_t>(full.size(), 3);
      for (size_t i = 0; i < limit; ++i) {
        code = code * 10 + (full[i] - '0');
        if (!cc_regions_[code].empty()) {
          *cc = code;
          *national = full.substr(i + 1);
          return 0;
        }
      }
    }
    return static_cast<int>(StatusCode::kInvalidCountryCode);
  }
  if (region != nullptr) {
    const RegionInfo& info = info_[RegionIndex(region)];
    // The country code's one to three digits, compared inline (a call to
    // memcmp per row otherwise).
    bool starts_with_cc = full.size() >= info.cc_length;
    for (size_t k = 0; starts_with_cc && k < info.cc_length; ++k) {
      starts_with_cc = full[k] == info.cc[k];
    }
    if (starts_with_cc) {
      std::string_view potential = full.substr(info.cc_length);
      std::string_view carrier;
      bool potential_memo = true;
      if (StripNationalPrefix(*region, &potential, &potential_memo, &carrier,
                              scratch) < 0) {
        return -1;
      }
      if ((!General(*region, full, true, scratch) &&
           General(*region, potential, potential_memo, scratch)) ||
          TestLength(*region, full.size()) == Possibility::kTooLong) {
        *source =
            static_cast<uint8_t>(CountryCodeSource::kFromNumberWithoutPlusSign);
        *cc = region->country_code;
        *national = potential;
        *memo = potential_memo;
        return 0;
      }
    }
  }
  *source = static_cast<uint8_t>(CountryCodeSource::kFromDefaultCountry);
  *national = full;
  return 0;
}

const NumberFormatView* FastPath::ChooseFormat(const RegionView& main_region,
                                               std::string_view nsn) const {
  const std::span<const NumberFormatView> formats =
      main_region.intl_number_formats.empty() ? main_region.number_formats
                                              : main_region.intl_number_formats;
  const size_t length = nsn.size();
  for (const NumberFormatView& f : formats) {
    const FormatInfo& fi = format_info_[&f - formats_];
    if (!fi.usable || length < fi.min_total || length > fi.max_total) continue;
    if (!f.leading_digits.empty() && !f.leading_digits.PrefixMatch(nsn)) {
      continue;
    }
    return &f;
  }
  return nullptr;
}

int FastPath::NdcOfFormat(const NumberFormatView* chosen, size_t length,
                          bool with_mobile_token) const {
  if (chosen == nullptr) return 0;  // "+CC nsn": three runs
  const NumberFormatView& f = *chosen;
  const FormatInfo& fi = format_info_[&f - formats_];
  if (fi.runs <= 3) return 0;
  // The greedy group boundaries (SplitGroups in format.cc).
  const size_t n = f.group_min.size();
  uint32_t group_length[16];
  size_t pos = 0;
  size_t min_after = fi.min_total;
  for (size_t i = 0; i < n; ++i) {
    min_after -= f.group_min[i];
    const size_t take =
        std::min<size_t>(f.group_max[i], length - pos - min_after);
    pos += take;
    group_length[i] = static_cast<uint32_t>(take);
  }
  auto run_length = [&](uint32_t groups, int literals) {
    int total = literals;
    for (; groups != 0; groups &= groups - 1) {
      total += static_cast<int>(group_length[__builtin_ctz(groups)]);
    }
    return total;
  };
  const int ndc = run_length(fi.run2_groups, fi.run2_literals);
  if (with_mobile_token) {
    return ndc + run_length(fi.run3_groups, fi.run3_literals);
  }
  return ndc;
}

int FastPath::NdcLengthOf(const RegionView& main_region, std::string_view nsn,
                          NumberType type, std::string_view mobile_token,
                          FastScratch* scratch) const {
  const size_t length = nsn.size();
  const int region_index = RegionIndex(&main_region);
  const int key_digits = info_[region_index].format_key_digits;
  const bool with_token =
      (type == NumberType::kMobile) & !mobile_token.empty();
  if (key_digits > kMaxFormatKeyDigits) {
    return NdcOfFormat(ChooseFormat(main_region, nsn), length, with_token);
  }
  // The choice of format, and so the NDC, depends only on the region, the
  // length and the first key_digits digits (PrefixMatch never reads
  // further): remembered per key, with and without the mobile token.
  // Key: the region, the length and the first k digits as 4-bit values
  // (the region and the length fix k, so nothing else is needed to tell
  // keys apart). nsn is followed by readable bytes (see Segment).
  // Bits: the digits 0-39 (kMaxFormatKeyDigits of them), the length
  // 40-44 (at most kMaxLengthForNsn), the region 45-53 (below
  // kFormatCacheRegions: the constructor sends a region of a higher index
  // to ChooseFormat, so ~0 is never a key).
  static_assert(kMaxFormatKeyDigits <= 10 && kMaxLengthForNsn < 32);
  const size_t k = std::min<size_t>(length, key_digits);
  uint64_t head[2];
  std::memcpy(head, nsn.data(), sizeof head);
  constexpr uint64_t kKeyMask = (uint64_t{1} << 54) - 1;
  const uint64_t key = (static_cast<uint64_t>(region_index) << 45) |
                       (static_cast<uint64_t>(length) << 40) |
                       DigitNibbles(head[0], std::min<size_t>(k, 8)) |
                       (DigitNibbles(head[1], k > 8 ? k - 8 : 0) << 32);
  uint64_t& slot =
      scratch->format_cache[(key * 0x9E3779B97F4A7C15ull) >>
                            (64 - FastScratch::kFormatCacheBits)];
  if ((slot & kKeyMask) != key) {
    const NumberFormatView* chosen = ChooseFormat(main_region, nsn);
    // The caller keeps at most the national number's length (< 32).
    const auto clamp = [](int ndc) {
      return static_cast<uint64_t>(std::clamp(ndc, 0, 31));
    };
    slot = key | (clamp(NdcOfFormat(chosen, length, false)) << 54) |
           (clamp(NdcOfFormat(chosen, length, true)) << 59);
  }
  return static_cast<int>((slot >> (with_token ? 59 : 54)) & 31);
}

namespace {
// Records a row that does not parse; true (the row is answered).
bool Fail(StatusCode code, ParseMessage message, FastRow* row) {
  row->error = static_cast<uint8_t>(code);
  row->error_detail = static_cast<uint8_t>(message);
  return true;
}
}  // namespace

bool FastPath::Segment(bool plus, std::string_view digits,
                       const RegionView* default_region, bool ndc,
                       FastScratch* scratch, FastRow* row) const {
  scratch->memo_next = 0;
  for (FastScratch::Memo& m : scratch->memo) m.dfa = nullptr;
  row->error = 0;
  row->error_detail = 0;
  row->flags = 0;
  row->carrier_code = {};
  row->operator_override = {};

  // _check_region_for_parsing.
  if (default_region == nullptr && !plus) {
    // Oracle's lenient "00" reads the text as written: the engine's job.
    if (options_.lenient_double_zero) return false;
    return Fail(StatusCode::kInvalidCountryCode, ParseMessage::kMissingRegion,
                row);
  }

  int cc = 0;
  std::string_view national;
  bool memo = true;
  uint8_t source = 0;
  int st = ExtractCountryCode(plus, digits, default_region, &cc, &national,
                              &memo, &source, scratch);
  if (st < 0) return false;
  if (st != 0) {
    if (st == static_cast<int>(StatusCode::kInvalidCountryCode) && plus) {
      st = ExtractCountryCode(false, digits, default_region, &cc, &national,
                              &memo, &source, scratch);
      if (st < 0) return false;
      if (st == 0 && cc == 0) {
        return Fail(StatusCode::kInvalidCountryCode, ParseMessage::kAfterPlus,
                    row);
      }
    }
    if (st != 0) {
      // ExtractCountryCode fails in one way per code.
      const auto code = static_cast<StatusCode>(st);
      return Fail(code,
                  code == StatusCode::kTooShortAfterIdd
                      ? ParseMessage::kTooShortAfterIdd
                      : ParseMessage::kUnknownCountryCode,
                  row);
    }
  }
  const RegionView* metadata = default_region;
  if (cc != 0) {
    auto regions = cc_regions_[cc];
    const RegionView* number_region = regions.empty() ? nullptr : regions[0];
    if (number_region != default_region) metadata = number_region;
  } else if (default_region != nullptr) {
    cc = default_region->country_code;
  }
  if (national.size() < kMinLengthForNsn) {
    return Fail(StatusCode::kTooShortNsn, ParseMessage::kTooShortNsn, row);
  }
  if (metadata != nullptr) {
    std::string_view potential = national;
    std::string_view carrier;
    bool potential_memo = memo;
    const int stripped = StripNationalPrefix(*metadata, &potential,
                                             &potential_memo, &carrier,
                                             scratch);
    if (stripped < 0) return false;
    if (stripped > 0) {
      const Possibility p = TestLength(*metadata, potential.size());
      if (p != Possibility::kTooShort &&
          p != Possibility::kIsPossibleLocalOnly &&
          p != Possibility::kInvalidLength) {
        national = potential;
        memo = potential_memo;
        row->carrier_code = carrier;
      }
    }
  }
  if (national.size() < kMinLengthForNsn) {
    return Fail(StatusCode::kTooShortNsn, ParseMessage::kTooShortNsn, row);
  }
  if (national.size() > kMaxLengthForNsn) {
    return Fail(StatusCode::kTooLong, ParseMessage::kTooLongNsn, row);
  }

  // Engine::SegmentInto: classification.
  auto regions = cc_regions_[cc];
  if (regions.empty()) return false;
  const RegionView& main_region = *regions[0];
  if (options_.migrate_ci_legacy && cc == kCiCountryCode &&
      national.size() == 8) {
    // Oracle's Côte d'Ivoire migration, as Engine::SegmentInto does it,
    // for a national number among the row's digits (anything else is rare
    // enough to leave to the engine).
    if (!memo || !row->carrier_code.empty()) return false;
    const std::string migrated = MigrateCiLegacy(national, main_region);
    if (!migrated.empty()) {
      std::memcpy(scratch->transformed[0], migrated.data(), migrated.size());
      national = std::string_view(scratch->transformed[0], migrated.size());
      memo = false;
      row->flags |= kFlagCiLegacyMigrated;
    }
  }
  const std::string_view nsn = national;
  // region_code_for_number, with the type of the region found.
  const RegionView* number_region = nullptr;
  NumberType type = NumberType::kUnknown;
  if (regions.size() == 1) {
    number_region = regions[0];
    type = TypeOf(*number_region, nsn, memo, scratch);
  } else {
    for (const RegionView* r : regions) {
      if (!r->leading_digits.empty()) {
        if (r->leading_digits.PrefixMatch(nsn)) {
          number_region = r;
          type = TypeOf(*r, nsn, memo, scratch);
          break;
        }
      } else {
        const NumberType t = TypeOf(*r, nsn, memo, scratch);
        if (t != NumberType::kUnknown) {
          number_region = r;
          type = t;
          break;
        }
      }
    }
  }
  row->country_code = static_cast<uint16_t>(cc);
  row->source = source;
  row->region = number_region;
  row->main_region = &main_region;
  row->type = static_cast<uint8_t>(type);
  row->valid = type != NumberType::kUnknown;
  row->possibility = static_cast<uint8_t>(TestLength(main_region, nsn.size()));
  const RegionInfo& main_info = info_[RegionIndex(&main_region)];

  // E.164, in the scratch: nsn has at most kMaxLengthForNsn digits and
  // is followed by at least 32 readable bytes (kScanBufferSize,
  // FastScratch::transformed), so it is copied with one fixed-size move.
  static_assert(kMaxLengthForNsn <= 32 && 1 + 4 + 32 <= sizeof scratch->e164);
  char* e = scratch->e164;
  e[0] = '+';
  std::memcpy(e + 1, main_info.cc, 4);
  std::memcpy(e + 1 + main_info.cc_length, nsn.data(), 32);
  row->e164 = std::string_view(e, 1 + main_info.cc_length + nsn.size());
  row->nsn = row->e164.substr(1 + main_info.cc_length);

  if (ndc) {
    int length = NdcLengthOf(main_region, row->nsn, type,
                             main_info.mobile_token, scratch);
    if (length > static_cast<int>(nsn.size())) {
      length = static_cast<int>(nsn.size());
    }
    row->ndc_length = static_cast<uint8_t>(length);
  } else {
    row->ndc_length = 0;
  }

  // Operator.
  const std::string_view e164_digits = row->e164.substr(1);
  // The walk of the country code's digits and the first two of the
  // national number is done once (cc2_carriers_).
  row->carrier_id = 0;
  if (IsOperatorType(type)) {
    const int32_t block = carrier_blocks_[cc];
    if (block >= 0) {
      const CarrierTable::Cursor& two =
          cc2_carriers_[static_cast<size_t>(block) * kDigitPairs +
                        static_cast<size_t>(nsn[0] - '0') * 10 +
                        static_cast<size_t>(nsn[1] - '0')];
      row->carrier_id = two.done ? two.best
                                 : md_->carriers().Walk(two, nsn.substr(2)).best;
    } else {
      row->carrier_id = cc_carriers_[cc].best;
    }
  }
  if (options_.ci_fixed_line_operators && cc == kCiCountryCode &&
      type == NumberType::kFixedLine &&
      md_->carriers().name(row->carrier_id).empty()) {
    const std::string_view name = CiFixedLineOperator(nsn);
    if (!name.empty()) {
      row->operator_override = name;
      row->flags |= kFlagCiFixedLineOperator;
    }
  }
  if (!operator_rules_.empty()) {
    if (const std::string* name = operator_rules_.Lookup(e164_digits)) {
      row->operator_override = *name;
      row->flags |= kFlagUserOperatorRule;
    }
  }
  row->portable =
      number_region != nullptr && info_[RegionIndex(number_region)].portable;
  return true;
}

}  // namespace oracle::internal
