// Read-only view of the compiled metadata blob (see docs/metadata-format.md).
//
// The blob is produced by tools/metadata/compile.py from the pinned
// `phonenumbers` package. Every pattern of libphonenumber's metadata is
// compiled ahead of time into a deterministic automaton over the digits
// '0'..'9' (or, for the few national-prefix-for-parsing rules that need
// capture groups, into a small capture program); nothing here parses or
// interprets a regular expression at run time.
//
// Thread safety: a Metadata object is immutable after Load() and may be read
// from any number of threads. It owns a copy of the blob bytes (or borrows
// the embedded blob, which lives for the whole program).
//
// Strings: every std::string_view below distinguishes an absent field
// (libphonenumber's None: a default string_view, data() == nullptr) from a
// present but empty one (data() != nullptr, size() 0), because
// libphonenumber's logic sometimes tests `is None` rather than emptiness
// (e.g. _formatting_rule_has_first_group_only). Views point into the blob.
#ifndef ORACLE_SRC_ENGINE_METADATA_INTERNAL_H_
#define ORACLE_SRC_ENGINE_METADATA_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "oracle/result.h"
#include "oracle/status.h"

namespace oracle::internal {

// Number description slots, in libphonenumber's order. Bit `1u << slot` of a
// type mask says the national number matched that description's pattern.
enum DescSlot : int {
  kGeneralDesc = 0,
  kFixedLineDesc,
  kMobileDesc,
  kTollFreeDesc,
  kPremiumRateDesc,
  kSharedCostDesc,
  kPersonalNumberDesc,
  kVoipDesc,
  kPagerDesc,
  kUanDesc,
  kVoicemailDesc,
  kNoInternationalDiallingDesc,
  kDescSlotCount
};

// A deterministic automaton over the ASCII digits. A view into the blob.
// Input is expected to be ASCII digits; any other byte cannot be consumed
// (FullMatch gives 0, MatchEnd/PrefixMatch stop there, as Python's `re`
// would on such a character).
//
// Single-pattern automata (international prefix, national prefix for
// parsing, leading digits) answer all three questions. A region's combined
// `types` automaton answers FullMatch only: on it MatchEnd returns -1 and
// PrefixMatch false.
class DigitDfa {
 public:
  DigitDfa() = default;

  // True when the metadata had no pattern here (the automaton matches
  // nothing, like libphonenumber's "NA"/absent pattern).
  bool empty() const { return num_states_ == 0; }

  // Runs the whole of `digits` (ASCII '0'..'9' only; any other byte gives 0)
  // and returns the accept mask of the final state: 0 when the pattern does
  // not fully match, otherwise a non-zero mask. For a single pattern the mask
  // is 1; for a region's combined type automaton bit `1u << slot` is set for
  // every DescSlot whose pattern fully matches.
  uint32_t FullMatch(std::string_view digits) const;

  // Python `re.match` semantics (anchored at the start, leftmost-first
  // alternation, greedy quantifiers, no end anchor): returns the length of
  // the match, or -1 when there is none. An empty match returns 0.
  int MatchEnd(std::string_view digits) const;

  // True when some prefix of `digits` matches (Java lookingAt / Python
  // re.match succeeding). Cheaper than MatchEnd.
  bool PrefixMatch(std::string_view digits) const;

  // The raw tables, for code that lays them out anew (the batch fast
  // path): transitions()[state * 10 + digit] (kDead: none), accepts()[state],
  // num_states() states from start().
  static constexpr uint32_t kNoTransition = 0xFFFFFFFFu;
  const uint32_t* transitions() const { return next_; }
  const uint32_t* accepts() const { return accept_; }
  uint32_t num_states() const { return num_states_; }
  uint32_t start() const { return start_; }
  // Per-state MatchEnd/PrefixMatch flags: kStateMatchHere, kStateStop.
  static constexpr uint8_t kStateMatchHere = 1;
  static constexpr uint8_t kStateStop = 2;
  const uint8_t* state_flags() const { return flags_; }

 private:
  friend class Metadata;
  // Value of next_ meaning "no transition" (the input cannot be matched).
  static constexpr uint32_t kDead = 0xFFFFFFFFu;
  // Transition table: next_[state * 10 + digit]; kDead means no transition.
  const uint32_t* next_ = nullptr;
  // Per-state accept masks for FullMatch.
  const uint32_t* accept_ = nullptr;
  // Per-state flags: bit 0 = "a leftmost-first match ends here", bit 1 =
  // "no further match can be preferred" (stop). Used by MatchEnd/PrefixMatch.
  const uint8_t* flags_ = nullptr;
  uint32_t num_states_ = 0;
  uint32_t start_ = 0;
};

// A compiled national-prefix-for-parsing rule that has capture groups.
// Semantics are those of Python's `re.match` on the pattern (anchored at the
// start, leftmost-first, greedy, `$` = end of input), including which groups
// participated in the match.
class CaptureProgram {
 public:
  static constexpr int kMaxGroups = 4;
  struct Match {
    int end = -1;
    int num_groups = 0;
    // Start/end offsets of each group (index 1..num_groups); -1 when the
    // group did not participate in the match.
    int group_start[kMaxGroups + 1] = {-1, -1, -1, -1, -1};
    int group_end[kMaxGroups + 1] = {-1, -1, -1, -1, -1};
  };

  bool empty() const { return num_insts_ == 0; }
  int num_groups() const { return num_groups_; }

  // Returns true and fills `out` when the pattern matches a prefix of
  // `digits` (ASCII digits only).
  bool MatchPrefix(std::string_view digits, Match* out) const;

 private:
  friend class Metadata;
  // Largest program Metadata::Load accepts; MatchPrefix keeps its thread
  // lists on the stack, sized by this.
  static constexpr uint32_t kMaxInsts = 512;
  const uint8_t* insts_ = nullptr;  // encoding: docs/metadata-format.md
  uint32_t num_insts_ = 0;
  int num_groups_ = 0;
  const uint16_t* entries_ = nullptr;  // closure entries (target, saves)
  uint32_t max_len_ = 0;  // longest possible match
};

// One libphonenumber NumberFormat.
struct NumberFormatView {
  // The format's pattern is a sequence of groups `(\d{n})` / `(\d{m,n})`;
  // the compiler refuses any other shape. group_min/group_max give each
  // group's bounds, in order.
  std::span<const uint8_t> group_min;
  std::span<const uint8_t> group_max;
  // Python replacement template, e.g. "\1 \2-\3" (group refs as backslash
  // + one digit).
  std::string_view format;
  // The last leading-digits pattern (the one formatting uses); empty() when
  // the format has none.
  DigitDfa leading_digits;
  // e.g. "0\1" or "(\1)"; data() == nullptr when absent. Already
  // expanded ($NP/$FG) by libphonenumber's build.
  std::string_view national_prefix_formatting_rule;
  bool national_prefix_optional_when_formatting = false;  // None -> false
  // e.g. "$CC \1" ($CC is not expanded); data() == nullptr when absent.
  std::string_view domestic_carrier_code_formatting_rule;
};

struct NumberDescView {
  bool present = false;  // the territory defines this description
  bool has_pattern = false;  // national_number_pattern present and not "NA"
  // Bit n set when n is a possible length (n <= 31). Empty (0) means
  // "inherit the general description's lengths" exactly as libphonenumber's
  // metadata does; libphonenumber's [-1] ("no possible lengths") is kNoLengths.
  // (In phonenumbers 9.0.43 every present description lists its lengths, so
  // 0 only occurs when !present; kNoLengths does not occur.)
  uint32_t possible_lengths = 0;
  uint32_t possible_lengths_local_only = 0;
  std::string_view example_number;  // data() == nullptr when absent
};
inline constexpr uint32_t kNoLengths = 1u;  // bit 0: length 0 == "[-1]"

// One territory ("CI", "US") or non-geographic entity (id "001", one per
// country code).
struct RegionView {
  std::string_view id;  // "CI", or "001"
  int country_code = 0;
  bool main_country_for_code = false;
  bool mobile_number_portable_region = false;  // libphonenumber's flag
  bool same_mobile_and_fixed_line_pattern = false;
  NumberDescView desc[kDescSlotCount];
  // Combined automaton: FullMatch gives the DescSlot mask of a national
  // number (general + every type pattern at once). A bit is set only for a
  // description that is present, has_pattern, and whose pattern fully
  // matches; possible lengths are not applied (callers check
  // desc[slot].possible_lengths as _is_number_matching_desc does).
  DigitDfa types;
  DigitDfa international_prefix;  // empty() when absent
  std::string_view international_prefix_pattern;  // source text (docs/CLI)
  // The strings below are data() == nullptr when absent (see the top of
  // this file).
  std::string_view preferred_international_prefix;  // e.g. "8~10"
  std::string_view national_prefix;
  std::string_view preferred_extn_prefix;
  // national_prefix_for_parsing: exactly one of the two is non-empty when
  // the territory defines it. Rules without capture groups are a DigitDfa
  // (MatchEnd); rules with groups are a CaptureProgram.
  DigitDfa national_prefix_for_parsing;
  CaptureProgram national_prefix_for_parsing_captures;
  bool has_national_prefix_for_parsing = false;
  std::string_view national_prefix_transform_rule;  // e.g. "9\1"; may be empty
  DigitDfa leading_digits;  // empty() when absent
  std::span<const NumberFormatView> number_formats;
  std::span<const NumberFormatView> intl_number_formats;
};

// Operator (carrier) names, English, keyed by the longest prefix of
// country code + national significant number.
class CarrierTable {
 public:
  // Longest-prefix lookup on the E.164 digits (no '+'). Returns "" when no
  // prefix matches.
  std::string_view Lookup(std::string_view e164_digits) const;
  // Number of distinct operator names, and the name with a given id
  // (ids are dense, 1-based; 0 means none).
  uint32_t name_count() const;
  std::string_view name(uint32_t id) const;
  // As Lookup, but returns the name id (0 when none).
  uint32_t LookupId(std::string_view e164_digits) const;

  // A lookup in steps: Walk(digits) from Start() reads the digits one
  // after another, and `best` is then LookupId of all the digits read so
  // far. Once `done`, further digits change nothing.
  struct Cursor {
    uint32_t node = 0;
    uint32_t best = 0;
    bool done = false;
  };
  Cursor Start() const;
  Cursor Walk(Cursor cursor, std::string_view digits) const;

 private:
  friend class Metadata;
  // A digit trie laid out breadth-first; node 0 is the empty prefix. Each
  // node is {u32 first_child, u16 child_mask, u16 name_id}; the children of
  // a node are contiguous, in digit order (docs/metadata-format.md).
  const uint8_t* nodes_ = nullptr;
  uint32_t num_nodes_ = 0;
  // names_[2 * id] / names_[2 * id + 1]: offset and length in strings_.
  const uint32_t* names_ = nullptr;
  uint32_t name_count_ = 0;
  const char* strings_ = nullptr;
};

class Metadata {
 public:
  // Parses and validates a blob. Checks the magic, the format version and a
  // checksum; every offset is bounds-checked, so a corrupt or hostile file
  // gives an error, never a crash. The bytes are copied when `copy` is true,
  // otherwise they must outlive the Metadata.
  static Result<std::shared_ptr<const Metadata>> Load(
      std::span<const uint8_t> blob, bool copy);

  // The blob linked into the library.
  static std::span<const uint8_t> Embedded();

  // "phonenumbers 9.0.43" style source description, and the blob's format
  // version.
  std::string_view source_version() const;
  uint32_t format_version() const;

  // All territories and non-geographic entities, sorted by id then country
  // code. Non-geographic entities have id "001".
  std::span<const RegionView> regions() const;

  // nullptr when unknown. Region ids are upper-case ASCII.
  const RegionView* ForRegion(std::string_view region_id) const;
  // Metadata for a non-geographic country code (800, 808, 870, ...).
  const RegionView* ForNonGeoCountryCode(int country_code) const;

  // The regions sharing a country code, in libphonenumber's order
  // (main country first), e.g. 1 -> US, AG, AI, ... ; for non-geographic
  // codes a single entry "001". Empty when the code is unknown.
  std::span<const RegionView* const> RegionsForCountryCode(
      int country_code) const;
  bool IsValidCountryCode(int country_code) const;

  // Country codes with a "mobile token" (libphonenumber's
  // MOBILE_TOKEN_MAPPINGS: 54 -> "9"); "" otherwise.
  std::string_view MobileToken(int country_code) const;
  // libphonenumber's GEO_MOBILE_COUNTRIES (mobile numbers are geographic).
  bool IsGeoMobileCountry(int country_code) const;

  const CarrierTable& carriers() const;

  // Every number format of every region (the spans of RegionView point
  // into this one array).
  std::span<const NumberFormatView> formats() const;

  Metadata(const Metadata&) = delete;
  Metadata& operator=(const Metadata&) = delete;
  ~Metadata();

 private:
  Metadata();
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

}  // namespace oracle::internal

#endif  // ORACLE_SRC_ENGINE_METADATA_INTERNAL_H_
