// Names of Segmentation's enum fields and flags, and of the result columns,
// as the CLI's JSON output spells them (docs/cli.md): the Python results use
// the same strings so that a record converts to the same dict either way.
//
// Thread safety: constants and pure functions.
#ifndef ORACLE_BINDINGS_PYTHON_SRC_NAMES_H_
#define ORACLE_BINDINGS_PYTHON_SRC_NAMES_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "oracle/segmentation.h"

namespace oracle::python {

// The fields of a result, in the order of the CLI's records.
enum Column : int {
  kInput,
  kValid,
  kPossible,
  kError,
  kE164,
  kCountryCode,
  kRegion,
  kNationalNumber,
  kNdc,
  kSubscriberNumber,
  kType,
  kOperator,
  kExtension,
  kInternational,
  kNational,
  kRfc3966,
  kPossibility,
  kErrorMessage,
  kPortable,
  kFlags,
  kCarrierCode,
  kCountryCodeSource,
  kColumnCount,
};

inline constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "input",        "valid",
    "possible",     "error",
    "e164",         "country_code",
    "region",       "national_number",
    "ndc",          "subscriber_number",
    "type",         "operator",
    "extension",    "international",
    "national",     "rfc3966",
    "possibility",  "error_message",
    "portable",     "flags",
    "carrier_code", "country_code_source",
};

inline constexpr int kNumberTypeCount = 12;  // NumberType values 0..11
inline constexpr int kPossibilityCount = 6;  // Possibility values 0..5

inline std::string_view CountryCodeSourceName(CountryCodeSource source) {
  switch (source) {
    case CountryCodeSource::kFromNumberWithPlusSign:
      return "FROM_NUMBER_WITH_PLUS_SIGN";
    case CountryCodeSource::kFromNumberWithIdd:
      return "FROM_NUMBER_WITH_IDD";
    case CountryCodeSource::kFromNumberWithoutPlusSign:
      return "FROM_NUMBER_WITHOUT_PLUS_SIGN";
    case CountryCodeSource::kFromDefaultCountry:
      return "FROM_DEFAULT_COUNTRY";
  }
  return "UNSPECIFIED";
}

inline constexpr std::array<CountryCodeSource, 4> kCountryCodeSources = {
    CountryCodeSource::kFromNumberWithPlusSign,
    CountryCodeSource::kFromNumberWithIdd,
    CountryCodeSource::kFromNumberWithoutPlusSign,
    CountryCodeSource::kFromDefaultCountry,
};

struct FlagName {
  uint32_t bit;
  std::string_view name;
};
inline constexpr std::array<FlagName, 4> kFlagNames = {{
    {kFlagLenientDoubleZero, "LENIENT_DOUBLE_ZERO"},
    {kFlagCiLegacyMigrated, "CI_LEGACY_MIGRATED"},
    {kFlagUserOperatorRule, "USER_OPERATOR_RULE"},
    {kFlagCiFixedLineOperator, "CI_FIXED_LINE_OPERATOR"},
}};

// Calls fn(std::string_view) with the name of each set bit of `flags`, known
// flags first in kFlagNames order, then unknown bits as "FLAG_<value>".
template <typename Fn>
void ForEachFlagName(uint32_t flags, Fn fn) {
  for (const FlagName& f : kFlagNames) {
    if (flags & f.bit) {
      fn(f.name);
      flags &= ~f.bit;
    }
  }
  for (int bit = 0; bit < 32; ++bit) {
    if (flags & (1u << bit)) {
      const std::string name = "FLAG_" + std::to_string(1u << bit);
      fn(std::string_view(name));
    }
  }
}

}  // namespace oracle::python

#endif  // ORACLE_BINDINGS_PYTHON_SRC_NAMES_H_
