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

inline constexpr const auto& kColumnNames = kSegmentationRecordFields;
static_assert(kSegmentationRecordFields.size() == kColumnCount);

inline constexpr int kNumberTypeCount = 12;  // NumberType values 0..11
inline constexpr int kPossibilityCount = 6;  // Possibility values 0..5


inline constexpr std::array<CountryCodeSource, 4> kCountryCodeSources = {
    CountryCodeSource::kFromNumberWithPlusSign,
    CountryCodeSource::kFromNumberWithIdd,
    CountryCodeSource::kFromNumberWithoutPlusSign,
    CountryCodeSource::kFromDefaultCountry,
};



// Calls fn(std::string_view) with the name of each set bit of `flags`, known
// flags first in kSegmentationFlags order, then unknown bits as "FLAG_<value>".
template <typename Fn>
void ForEachFlagName(uint32_t flags, Fn fn) {
  for (SegmentationFlag flag : kSegmentationFlags) {
    if (flags & flag) {
      fn(SegmentationFlagName(flag));
      flags &= ~static_cast<uint32_t>(flag);
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
