// Segmentation: the parts of one phone number, as value types.
//
// A Segmentation is what Engine::Segment() returns for text that could be
// read as a phone number. Every field that libphonenumber defines has exactly
// libphonenumber's value for the same metadata version; fields and flags
// marked "Oracle" are extras.
//
// Example, for "+225 07 07 12 34 56":
//
//   e164               "+2250707123456"
//   country_code       225
//   region             "CI"
//   national_number    "0707123456"   (national significant number, leading
//                                      zeros kept)
//   ndc                "07"            subscriber_number "07123456"
//   type               NumberType::kMobile
//   valid / possible   true / true
//   operator_name      "Orange"
//   international      "+225 07 07 12 3456"
//   national           "07 07 12 3456"
//   rfc3966            "tel:+225-07-07-12-3456"
//
// Thread safety: plain values; copy freely.
#ifndef ORACLE_SEGMENTATION_H_
#define ORACLE_SEGMENTATION_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "oracle/export.h"

namespace oracle {

// libphonenumber's PhoneNumberType.
enum class NumberType : uint8_t {
  kFixedLine = 0,
  kMobile = 1,
  kFixedLineOrMobile = 2,
  kTollFree = 3,
  kPremiumRate = 4,
  kSharedCost = 5,
  kVoip = 6,
  kPersonalNumber = 7,
  kPager = 8,
  kUan = 9,
  kVoicemail = 10,
  kUnknown = 11,
};

// "FIXED_LINE", "MOBILE", ... "UNKNOWN".
ORACLE_EXPORT std::string_view NumberTypeName(NumberType type);

// libphonenumber's ValidationResult (is_possible_number_with_reason).
enum class Possibility : uint8_t {
  kIsPossible = 0,
  kIsPossibleLocalOnly = 1,
  kInvalidCountryCode = 2,
  kTooShort = 3,
  kInvalidLength = 4,
  kTooLong = 5,
};

// "IS_POSSIBLE", "IS_POSSIBLE_LOCAL_ONLY", "INVALID_COUNTRY_CODE",
// "TOO_SHORT", "INVALID_LENGTH", "TOO_LONG".
ORACLE_EXPORT std::string_view PossibilityName(Possibility p);

// Where the country calling code came from (libphonenumber's
// CountryCodeSource, minus UNSPECIFIED).
enum class CountryCodeSource : uint8_t {
  kFromNumberWithPlusSign = 1,
  kFromNumberWithIdd = 5,
  kFromNumberWithoutPlusSign = 10,
  kFromDefaultCountry = 20,
};

// Oracle behaviour that applied to this number (see EngineOptions). A result
// with no flag set is exactly libphonenumber's.
enum SegmentationFlag : uint32_t {
  kFlagNone = 0,
  // A leading "00" was read as an international prefix with no default
  // region (EngineOptions::lenient_double_zero).
  kFlagLenientDoubleZero = 1u << 0,
  // A Côte d'Ivoire 8-digit number of the pre-2021 plan was rewritten to the
  // 10-digit plan (EngineOptions::migrate_ci_legacy).
  kFlagCiLegacyMigrated = 1u << 1,
  // operator_name comes from a user operator rule.
  kFlagUserOperatorRule = 1u << 2,
  // operator_name comes from Oracle's Côte d'Ivoire fixed-line table.
  kFlagCiFixedLineOperator = 1u << 3,
};

struct Segmentation {
  std::string e164;  // "+2250707123456"; with no extension
  int country_code = 0;
  // ISO 3166-1 alpha-2, "001" for non-geographic entities, "" when
  // libphonenumber cannot tell (an invalid number of a shared country code).
  std::string region;
  std::string national_number;  // national significant number
  std::string ndc;  // national destination code ("" when none)
  std::string subscriber_number;  // national_number without the ndc
  NumberType type = NumberType::kUnknown;
  bool valid = false;
  bool possible = false;
  Possibility possibility = Possibility::kInvalidLength;
  // Original-allocation operator, English; "" when unknown. With number
  // portability the subscriber may have moved (see `portable`).
  std::string operator_name;
  std::string extension;  // "" when none
  std::string international;  // "+225 07 07 12 3456" (with " ext. 12")
  std::string national;       // "07 07 12 3456"
  std::string rfc3966;        // "tel:+225-07-07-12-3456"
  CountryCodeSource country_code_source = CountryCodeSource::kFromDefaultCountry;
  // Oracle: numbers may have been ported away from operator_name in this
  // region (libphonenumber's flag, overridable per region; Côte d'Ivoire
  // true by default).
  bool portable = false;
  uint32_t flags = kFlagNone;  // SegmentationFlag bits
  // Preferred domestic carrier code found while parsing (e.g. Brazil "15").
  std::string carrier_code;
};

// "FROM_NUMBER_WITH_PLUS_SIGN", "FROM_NUMBER_WITH_IDD",
// "FROM_NUMBER_WITHOUT_PLUS_SIGN", "FROM_DEFAULT_COUNTRY".
ORACLE_EXPORT std::string_view CountryCodeSourceName(CountryCodeSource source);

// Every SegmentationFlag, in a stable order.
inline constexpr std::array<SegmentationFlag, 4> kSegmentationFlags = {
    kFlagLenientDoubleZero, kFlagCiLegacyMigrated, kFlagUserOperatorRule,
    kFlagCiFixedLineOperator};

// "LENIENT_DOUBLE_ZERO", "CI_LEGACY_MIGRATED", "USER_OPERATOR_RULE",
// "CI_FIXED_LINE_OPERATOR"; "" for anything but one of kSegmentationFlags.
ORACLE_EXPORT std::string_view SegmentationFlagName(uint32_t flag);

// The fields of a segmentation record, in the order the CLI writes them
// (JSON Lines keys, CSV columns) and the bindings expose them.
inline constexpr std::array<std::string_view, 22> kSegmentationRecordFields = {
    "input",        "valid",           "possible",
    "error",        "e164",            "country_code",
    "region",       "national_number", "ndc",
    "subscriber_number", "type",       "operator",
    "extension",    "international",   "national",
    "rfc3966",      "possibility",     "error_message",
    "portable",     "flags",           "carrier_code",
    "country_code_source"};

// Which string fields Segment() fills. Skipping the formats saves time in
// bulk work; the other fields are always filled.
enum SegmentField : uint32_t {
  kFieldInternational = 1u << 0,
  kFieldNational = 1u << 1,
  kFieldRfc3966 = 1u << 2,
  kFieldFormats = kFieldInternational | kFieldNational | kFieldRfc3966,
  kFieldAll = 0xffffffffu,
};

}  // namespace oracle

#endif  // ORACLE_SEGMENTATION_H_
