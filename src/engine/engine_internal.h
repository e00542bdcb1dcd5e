// Internal pieces of the Engine: libphonenumber's parse(), classification and
// formatting, ported from the `phonenumbers` package (phonenumberutil.py)
// onto the compiled metadata.
//
// Thread safety: everything here is either a pure function of its arguments
// or a const view of immutable metadata.
#ifndef ORACLE_SRC_ENGINE_ENGINE_INTERNAL_H_
#define ORACLE_SRC_ENGINE_ENGINE_INTERNAL_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/metadata_internal.h"
#include "oracle/engine.h"
#include "oracle/segmentation.h"
#include "oracle/status.h"

namespace oracle::internal {

// What libphonenumber's parse() yields (the fields Oracle uses).
struct ParsedNumber {
  int country_code = 0;
  std::string national_number;  // national significant number, ASCII digits
  std::string extension;        // raw, as captured
  std::string carrier_code;     // preferred domestic carrier code
  CountryCodeSource source = CountryCodeSource::kFromDefaultCountry;
  uint32_t flags = 0;  // SegmentationFlag bits set while parsing
};

struct ParseOptions {
  bool lenient_double_zero = false;
};

// libphonenumber's parse(text, region). `default_region` is null for none
// (or an unsupported region). Fills `*out` or returns the parse error.
// `*scratch` is working space (its capacity is reused across calls).
Status ParseNumber(const Metadata& md, std::string_view text,
                   const RegionView* default_region, const ParseOptions& opts,
                   ParsedNumber* out, std::string* scratch);

// libphonenumber's _test_number_length with type UNKNOWN (general desc).
Possibility TestNumberLength(std::string_view national_number,
                             const RegionView& region);

// libphonenumber's _number_type_helper.
NumberType NumberTypeOf(std::string_view national_number,
                        const RegionView& region);

// libphonenumber's region_code_for_number: the region of a number with a
// known country code; nullptr when none matches (shared codes only).
const RegionView* RegionForNumber(const Metadata& md, int country_code,
                                  std::string_view national_number);

enum class NumberFormat { kE164, kInternational, kNational, kRfc3966 };

// The NATIONAL template of every format of a Metadata (its format with the
// national prefix formatting rule applied to the first group), computed
// once so that formatting does no string work beyond the output.
class NationalTemplates {
 public:
  NationalTemplates() = default;
  explicit NationalTemplates(const Metadata& md);
  std::string_view For(const NumberFormatView& f) const {
    return templates_[&f - base_];
  }

 private:
  const NumberFormatView* base_ = nullptr;
  std::vector<std::string> templates_;
};

// libphonenumber's format_number for INTERNATIONAL, NATIONAL and RFC3966
// (E.164 is simply '+' cc nsn). `main_region` is the metadata of
// region_code_for_country_code(cc). Appends to `*out`.
void FormatNumber(int country_code, std::string_view national_number,
                  std::string_view extension, const RegionView& main_region,
                  const NationalTemplates& national, NumberFormat format,
                  std::string* out);

// FormatNumber's INTERNATIONAL, NATIONAL and RFC3966 forms of one number,
// each written to its string (cleared first) when its SegmentField bit is
// in `fields`, else cleared: the same strings, with the format chosen once
// for all three where the metadata shares it.
void FormatAll(int country_code, std::string_view national_number,
               std::string_view extension, const RegionView& main_region,
               const NationalTemplates& national, uint32_t fields,
               std::string* international, std::string* national_format,
               std::string* rfc3966);

// libphonenumber's length_of_national_destination_code, given the number's
// type (computed from the INTERNATIONAL format's groups).
int NdcLength(int country_code, std::string_view national_number,
              const RegionView& main_region, NumberType type,
              std::string_view mobile_token);

// Longest-prefix operator rules.
class OperatorRuleTable {
 public:
  OperatorRuleTable() = default;
  explicit OperatorRuleTable(const std::vector<OperatorRule>& rules);
  bool empty() const { return rules_.empty(); }
  // The operator of the longest matching prefix of `e164_digits`, or
  // nullptr.
  const std::string* Lookup(std::string_view e164_digits) const;

 private:
  // Transparent hashing: lookups by string_view allocate nothing.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const {
      return std::hash<std::string_view>()(s);
    }
  };
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> rules_;
  size_t max_prefix_ = 0;
};

// Côte d'Ivoire's 2021 migration of an 8-digit national number
// (EngineOptions::migrate_ci_legacy): the new 10-digit number, or "" when
// the operator cannot be told from the number. `ci` is CI's metadata.
std::string MigrateCiLegacy(std::string_view nsn, const RegionView& ci);

// Why a parse failed: the messages of the Status that Engine::Segment
// returns for a text that is not a phone number (libphonenumber's words).
// The batch path keeps one of these per failed row instead of a string.
enum class ParseMessage : uint8_t {
  kNone,                // no failure, or a message not in this list
  kInvalidUtf8,         // kNotANumber
  kTooLongToParse,      // kTooLong: more than kMaxInputStringLength
  kNotViable,           // kNotANumber
  kBadPhoneContext,     // kNotANumber
  kMissingRegion,       // kInvalidCountryCode
  kAfterPlus,           // kInvalidCountryCode
  kTooShortAfterIdd,    // kTooShortAfterIdd
  kUnknownCountryCode,  // kInvalidCountryCode
  kTooShortNsn,         // kTooShortNsn
  kTooLongNsn,          // kTooLong
  kCount
};
// The message's text ("" for kNone).
std::string_view ParseMessageText(ParseMessage m);
// The ParseMessage whose text is `text`; kNone for any other text.
ParseMessage ParseMessageOf(std::string_view text);
// Status(code, ParseMessageText(m)).
Status ParseError(StatusCode code, ParseMessage m);

// Oracle's Côte d'Ivoire fixed-line operator of a national number
// (EngineOptions::ci_fixed_line_operators): "Moov", "MTN", "Orange" or "".
std::string_view CiFixedLineOperator(std::string_view nsn);

}  // namespace oracle::internal

namespace oracle {

namespace internal {
class FastSingle;
}  // namespace internal

struct Engine::Impl {
  Impl();
  ~Impl();

  std::shared_ptr<const internal::Metadata> md;
  EngineOptions options;
  internal::OperatorRuleTable operator_rules;
  internal::NationalTemplates national_templates;
  // Portability override per region (index into md->regions()): -1 none,
  // 0 not portable, 1 portable.
  std::vector<int8_t> portability;

  // The fast path for single numbers (batch/fast_single_internal.h), or
  // nullptr before it is built. It is built by the kFastAfterCalls-th
  // call to SegmentInto: building it takes about 10 ms, which an engine
  // that segments a few numbers would not repay.
  static constexpr uint32_t kFastAfterCalls = 32;
  const internal::FastSingle* Fast() const;
  // The fast path, built now if it is not yet (BatchSegmenter::Make, which
  // shares its tables); nullptr only when memory ran out.
  const internal::FastSingle* BuildFast() const;
  mutable std::atomic<uint32_t> calls{0};
  mutable std::once_flag fast_once;
  mutable std::unique_ptr<const internal::FastSingle> fast_owner;
  mutable std::atomic<const internal::FastSingle*> fast{nullptr};
};

}  // namespace oracle

#endif  // ORACLE_SRC_ENGINE_ENGINE_INTERNAL_H_
