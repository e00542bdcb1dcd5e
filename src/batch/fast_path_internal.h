// The batch fast path: libphonenumber's parse() and Oracle's classification
// for rows already reduced to digits ('+' or not, then ASCII digits), on
// fixed buffers and per-region tables computed once, with no allocation and
// no string built unless asked for.
//
// It follows Engine::SegmentInto step by step (parse.cc, engine.cc) on the
// canonical digits, remembering the type automaton's answer for a digit
// string so that each string is walked once, and answers only what it can
// answer exactly. Anything else (Oracle's lenient "00", a transform that
// would not fit its buffers, Oracle's Côte d'Ivoire migration of a number
// rewritten by a transform rule) is a bail-out:
// the caller hands the row to the engine. tests/batch checks the two paths
// give the same answers field by field.
//
// Thread safety: a FastPath is immutable after construction; Segment() is
// const and may run on many threads at once.
#ifndef ORACLE_SRC_BATCH_FAST_PATH_INTERNAL_H_
#define ORACLE_SRC_BATCH_FAST_PATH_INTERNAL_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/engine_internal.h"
#include "engine/metadata_internal.h"
#include "oracle/engine.h"
#include "oracle/segmentation.h"

namespace oracle::internal {

// What the fast path found for one row.
struct FastRow {
  uint8_t error = 0;  // StatusCode; when not 0 nothing below is meaningful
  uint8_t error_detail = 0;  // ParseMessage of the error
  uint8_t valid = 0;
  uint8_t possibility = 0;
  uint8_t type = 0;
  uint8_t source = 0;  // CountryCodeSource
  uint8_t portable = 0;
  uint16_t country_code = 0;
  const RegionView* region = nullptr;  // the number's region, or nullptr
  const RegionView* main_region = nullptr;
  uint32_t carrier_id = 0;  // CarrierTable name id (0: none)
  uint32_t flags = 0;
  // Set when the operator comes from Oracle's Côte d'Ivoire fixed-line
  // table or a user rule instead of carrier_id.
  std::string_view operator_override;
  uint8_t ndc_length = 0;
  // National significant number and carrier code, valid until the next
  // call on the same scratch.
  std::string_view nsn;
  std::string_view carrier_code;
  // "+" country code nsn.
  std::string_view e164;
};

// Working space of one thread.
struct FastScratch {
  // Each followed by 32 bytes that are read, never used (Segment's fixed
  // copies of an nsn found in one).
  char transformed[2][512 + 32];
  // 64 bytes: room for ByteSink::AppendPadded's fixed 32-byte reads.
  char e164[64];
  // Memo of the type automaton's answers on strings of the row's digits.
  struct Memo {
    const DigitDfa* dfa = nullptr;
    const char* data = nullptr;
    size_t size = 0;
    uint32_t mask = 0;
  };
  Memo memo[4];
  int memo_next = 0;
  // The NDC length of the INTERNATIONAL format chosen for a (region,
  // length, leading digits) key, without and with the region's mobile
  // token (see FastPath::NdcLengthOf); direct-mapped, one word an entry:
  // the 54-bit key, then the two lengths in 5 bits each. ~0 is no key.
  static constexpr size_t kFormatCacheBits = 13;
  // Regions whose index fits the key's 9 bits without making it ~0.
  static constexpr size_t kFormatCacheRegions = 511;
  static constexpr size_t kFormatCacheSize = size_t{1} << kFormatCacheBits;
  uint64_t format_cache[kFormatCacheSize];

  FastScratch() {
    for (uint64_t& entry : format_cache) entry = ~uint64_t{0};
  }
};

class FastPath {
 public:
  FastPath(std::shared_ptr<const Metadata> md, const EngineOptions& options);

  const Metadata& metadata() const { return *md_; }
  // The region of an ISO code as Engine::SegmentInto resolves it (any case;
  // nullptr for none or unknown).
  const RegionView* DefaultRegion(std::string_view region) const {
    return region_by_code_[CodeIndex(region)];
  }
  // Index of a two-letter code (any case) among the 26 * 26 codes, or
  // kNoCode for any other text; DefaultRegion() is the region of an index.
  static constexpr unsigned kNoCode = 26 * 26;
  static unsigned CodeIndex(std::string_view region) {
    if (region.size() != 2) return kNoCode;
    // Only a letter of either case lands in 0..25.
    const unsigned a = (static_cast<unsigned char>(region[0]) | 0x20u) - 'a';
    const unsigned b = (static_cast<unsigned char>(region[1]) | 0x20u) - 'a';
    if (a >= 26 || b >= 26) return kNoCode;
    return a * 26 + b;
  }
  const RegionView* RegionOfCode(unsigned code_index) const {
    return region_by_code_[code_index];
  }

  // Segments one row given as its digits (ASCII, at least one) after an
  // optional leading '+'. Returns false to bail out (the caller must use
  // the engine); otherwise fills `*row` (error set for a row that does not
  // parse). With `ndc` false, FastRow::ndc_length is left 0 (finding the
  // NDC is about a tenth of a row's work).
  bool Segment(bool plus, std::string_view digits,
               const RegionView* default_region, bool ndc,
               FastScratch* scratch, FastRow* row) const;

  const NationalTemplates& national_templates() const { return national_; }
  // The main region of a country code (nullptr for none).
  const RegionView* MainRegion(int country_code) const {
    if (country_code <= 0 || country_code >= 1000) return nullptr;
    const auto regions = cc_regions_[country_code];
    return regions.empty() ? nullptr : regions[0];
  }
  int RegionIndex(const RegionView* r) const {
    return static_cast<int>(r - regions_);
  }

 private:
  struct RegionInfo {
    // TestNumberLength(length) for lengths 0..31.
    uint8_t possibility[32];
    // Descriptions whose possible lengths admit a length (0..31).
    uint32_t slots_for_length[32];
    uint32_t slots_any_length;  // present, no possible lengths of its own
    char cc[4];
    uint8_t cc_length;
    bool portable;
    std::string_view mobile_token;
    // The `types` automaton with 16-bit states (half the cache footprint
    // of the blob's 32-bit tables) and a sink state in place of "no
    // transition", so that a walk is one load per digit: transitions at
    // types16_[types_next], accept masks at types_accept_[types_accept].
    // States from types_insensitive on are insensitive (every digit leads
    // to the same, insensitive, state): a walk that reaches one reads its
    // answer at types_tail_[types_tail + (state - types_insensitive) *
    // kTail + digits left] and stops.
    uint32_t types_next = 0;
    uint32_t types_accept = 0;
    uint32_t types_tail = 0;
    uint16_t types_start = 0;
    uint16_t types_insensitive = 0;
    bool types_compact = false;
    // The national prefix transform rule writes something other than
    // digits and group references (none in the metadata): bail out.
    bool transform_unsafe = false;
    // For the international prefix and the national prefix for parsing
    // automata (when it has no capture groups), bit d1 * 10 + d2: whether
    // MatchEnd() can find a match in digits that start with d1 d2 (see
    // MayMatch). Most rows are refused without a walk.
    uint64_t idd_pairs[2] = {~uint64_t{0}, ~uint64_t{0}};
    uint64_t npp_pairs[2] = {~uint64_t{0}, ~uint64_t{0}};
    // Digits of a national number that decide which INTERNATIONAL format
    // applies (with its length): the most any leading-digits automaton of
    // the region's formats reads before PrefixMatch answers. 255 when
    // unbounded or above kMaxFormatKeyDigits (no caching).
    uint8_t format_key_digits = 255;
  };
  static constexpr int kMaxFormatKeyDigits = 10;
  // The pairs of first digits after which `dfa`'s MatchEnd() may not be
  // -1 (all of them when its start state decides nothing).
  static void PairsThatMayMatch(const DigitDfa& dfa, uint64_t pairs[2]);
  // False only when MatchEnd() on `digits` (ASCII digits) is -1 for sure.
  static bool MayMatch(const uint64_t pairs[2], std::string_view digits) {
    if (digits.size() < 2) return true;
    const unsigned pair = static_cast<unsigned>(digits[0] - '0') * 10 +
                          static_cast<unsigned>(digits[1] - '0');
    return (pairs[pair >> 6] >> (pair & 63)) & 1;
  }
  // Digits left for which an insensitive state's answers are tabulated.
  static constexpr int kTail = 32;

  void BuildCompactTypes(const DigitDfa& types, RegionInfo* info);

  uint32_t FullMatchTypes(const RegionView& r, std::string_view s) const;
  uint32_t Types(const RegionView& r, std::string_view s, bool memo,
                 FastScratch* scratch) const;
  bool General(const RegionView& r, std::string_view s, bool memo,
               FastScratch* scratch) const;
  Possibility TestLength(const RegionView& r, size_t length) const {
    if (length < 32) {
      return static_cast<Possibility>(
          info_[RegionIndex(&r)].possibility[length]);
    }
    return TestLongLength(r, length);
  }
  static Possibility TestLongLength(const RegionView& r, size_t length);
  NumberType TypeOf(const RegionView& r, std::string_view nsn, bool memo,
                    FastScratch* scratch) const;
  // _maybe_strip_national_prefix_carrier_code: 1 stripped, 0 not, -1 bail.
  int StripNationalPrefix(const RegionView& r, std::string_view* number,
                          bool* memo, std::string_view* carrier,
                          FastScratch* scratch) const;
  // _maybe_extract_country_code on digits: the StatusCode, or -1 to bail.
  int ExtractCountryCode(bool plus, std::string_view digits,
                         const RegionView* region, int* cc,
                         std::string_view* national, bool* memo,
                         uint8_t* source, FastScratch* scratch) const;

  std::shared_ptr<const Metadata> md_;
  EngineOptions options_;
  OperatorRuleTable operator_rules_;
  NationalTemplates national_;
  // length_of_national_destination_code per number format (index in
  // md_->formats()): the INTERNATIONAL format "+CC G1 G2 ..." split on runs
  // of non-digits has a shape fixed by the template alone, so the NDC is
  // a sum of group lengths known in advance.
  struct FormatInfo {
    uint8_t min_total = 0;  // digits the pattern needs at least / at most
    uint8_t max_total = 0;
    bool usable = false;    // 1..16 groups (SplitGroups' limit)
    uint8_t runs = 0;       // runs of digits in "+CC <formatted>"
    // Groups (bit g-1 for \g) and literal digits in runs 2 and 3.
    uint32_t run2_groups = 0;
    uint32_t run3_groups = 0;
    uint8_t run2_literals = 0;
    uint8_t run3_literals = 0;
  };
  // NdcLength() for the fast path.
  int NdcLengthOf(const RegionView& main_region, std::string_view nsn,
                  NumberType type, std::string_view mobile_token,
                  FastScratch* scratch) const;
  // The NDC length that an INTERNATIONAL format (nullptr: none) gives a
  // national number of `length` digits.
  int NdcOfFormat(const NumberFormatView* chosen, size_t length,
                  bool with_mobile_token) const;
  // _choose_formatting_pattern_for_number over the INTERNATIONAL formats.
  const NumberFormatView* ChooseFormat(const RegionView& main_region,
                                       std::string_view nsn) const;

  std::vector<RegionInfo> info_;
  std::vector<FormatInfo> format_info_;
  const NumberFormatView* formats_ = nullptr;  // md_->formats().data()
  // The regions of each country code (RegionsForCountryCode).
  std::vector<std::span<const RegionView* const>> cc_regions_;
  // The operator lookup after each country code's digits.
  std::vector<CarrierTable::Cursor> cc_carriers_;
  // For a country code with operators, the operator trie walked over its
  // digits and two more (a national number has two at least): kDigitPairs
  // cursors from carrier_blocks_[cc] (-1 for a country code without
  // operators).
  static constexpr size_t kDigitPairs = 100;
  std::vector<int32_t> carrier_blocks_;
  std::vector<CarrierTable::Cursor> cc2_carriers_;
  // ForRegion by the code's letters ("AA".."ZZ"), indexed by CodeIndex();
  // [kNoCode] is nullptr.
  std::array<const RegionView*, kNoCode + 1> region_by_code_{};
  // _number_type_helper's decision from the mask of matching descriptions
  // (already filtered by length): [same_mobile_and_fixed_line][mask].
  uint8_t type_of_mask_[2][1u << kDescSlotCount];
  std::vector<uint16_t> types16_;
  std::vector<uint32_t> types_accept_;
  std::vector<uint16_t> types_tail_;
  const RegionView* regions_ = nullptr;  // md_->regions().data()
};

}  // namespace oracle::internal

#endif  // ORACLE_SRC_BATCH_FAST_PATH_INTERNAL_H_
