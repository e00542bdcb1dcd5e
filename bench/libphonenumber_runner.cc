// The benchmark workloads done with libphonenumber's PhoneNumberUtil.
#include "libphonenumber_runner.h"

#include <memory>
#include <string>

#include "phonenumbers/logger.h"
#include "phonenumbers/phonenumber.pb.h"
#include "phonenumbers/phonenumberutil.h"

namespace oracle::bench {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

struct LibphonenumberRunner::State {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  std::string region_code;
  std::string nsn;
  std::string e164;
  std::string international;
  std::string national;
  std::string rfc3966;
  PhoneNumberUtil::PhoneNumberType type = PhoneNumberUtil::UNKNOWN;
  PhoneNumberUtil::ValidationResult possibility =
      PhoneNumberUtil::INVALID_LENGTH;
  int ndc_length = 0;
};

LibphonenumberRunner::LibphonenumberRunner()
    : state_(std::make_unique<State>()) {
  // Silence the library's logging; SetLogger takes ownership.
  PhoneNumberUtil::GetInstance()->SetLogger(
      new i18n::phonenumbers::NullLogger());
}

LibphonenumberRunner::~LibphonenumberRunner() = default;

Outcome LibphonenumberRunner::Run(const std::string& text,
                                  const std::string& region, Workload w) {
  State& s = *state_;
  s.number.Clear();
  if (s.util.Parse(text, region, &s.number) !=
      PhoneNumberUtil::NO_PARSING_ERROR) {
    return Outcome::kParseError;
  }
  const bool valid = s.util.IsValidNumber(s.number);
  s.type = s.util.GetNumberType(s.number);
  s.util.GetRegionCodeForNumber(s.number, &s.region_code);
  s.possibility = s.util.IsPossibleNumberWithReason(s.number);
  s.util.Format(s.number, PhoneNumberUtil::E164, &s.e164);
  s.util.GetNationalSignificantNumber(s.number, &s.nsn);
  s.ndc_length = s.util.GetLengthOfNationalDestinationCode(s.number);
  if (w == Workload::kFormats) {
    s.util.Format(s.number, PhoneNumberUtil::INTERNATIONAL, &s.international);
    s.util.Format(s.number, PhoneNumberUtil::NATIONAL, &s.national);
    s.util.Format(s.number, PhoneNumberUtil::RFC3966, &s.rfc3966);
  }
  return valid ? Outcome::kValid : Outcome::kInvalid;
}

const std::string& LibphonenumberRunner::e164() const { return state_->e164; }

NumberType LibphonenumberRunner::type() const {
  return static_cast<NumberType>(state_->type);
}

int LibphonenumberRunner::ndc_length() const { return state_->ndc_length; }

}  // namespace oracle::bench
