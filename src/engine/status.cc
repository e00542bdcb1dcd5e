// Status and the names of the public enums.
#include "oracle/segmentation.h"
#include "oracle/status.h"

namespace oracle {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case StatusCode::kNotFound: return "NOT_FOUND";
    case StatusCode::kIoError: return "IO_ERROR";
    case StatusCode::kDataLoss: return "DATA_LOSS";
    case StatusCode::kUnimplemented: return "UNIMPLEMENTED";
    case StatusCode::kInternal: return "INTERNAL";
    case StatusCode::kOutOfRange: return "OUT_OF_RANGE";
    case StatusCode::kAlreadyExists: return "ALREADY_EXISTS";
    case StatusCode::kFailedPrecondition: return "FAILED_PRECONDITION";
    case StatusCode::kUnavailable: return "UNAVAILABLE";
    case StatusCode::kDeadlineExceeded: return "DEADLINE_EXCEEDED";
    case StatusCode::kPermissionDenied: return "PERMISSION_DENIED";
    case StatusCode::kResourceExhausted: return "RESOURCE_EXHAUSTED";
    case StatusCode::kUnauthenticated: return "UNAUTHENTICATED";
    case StatusCode::kCancelled: return "CANCELLED";
    case StatusCode::kAborted: return "ABORTED";
    case StatusCode::kNotANumber: return "NOT_A_NUMBER";
    case StatusCode::kInvalidCountryCode: return "INVALID_COUNTRY_CODE";
    case StatusCode::kTooShortAfterIdd: return "TOO_SHORT_AFTER_IDD";
    case StatusCode::kTooShortNsn: return "TOO_SHORT_NSN";
    case StatusCode::kTooLong: return "TOO_LONG";
  }
  return "UNKNOWN";
}

Status::Status(StatusCode code, std::string message) {
  if (code != StatusCode::kOk) {
    state_ = std::make_unique<State>(State{code, std::move(message)});
  }
}

Status::Status(const Status& other)
    : state_(other.state_ ? std::make_unique<State>(*other.state_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) {
    state_ = other.state_ ? std::make_unique<State>(*other.state_) : nullptr;
  }
  return *this;
}

const std::string& Status::message() const {
  static const std::string* const kEmpty = new std::string();
  return state_ ? state_->message : *kEmpty;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(StatusCodeName(state_->code));
  if (!state_->message.empty()) {
    out += ": ";
    out += state_->message;
  }
  return out;
}

std::string_view NumberTypeName(NumberType type) {
  switch (type) {
    case NumberType::kFixedLine: return "FIXED_LINE";
    case NumberType::kMobile: return "MOBILE";
    case NumberType::kFixedLineOrMobile: return "FIXED_LINE_OR_MOBILE";
    case NumberType::kTollFree: return "TOLL_FREE";
    case NumberType::kPremiumRate: return "PREMIUM_RATE";
    case NumberType::kSharedCost: return "SHARED_COST";
    case NumberType::kVoip: return "VOIP";
    case NumberType::kPersonalNumber: return "PERSONAL_NUMBER";
    case NumberType::kPager: return "PAGER";
    case NumberType::kUan: return "UAN";
    case NumberType::kVoicemail: return "VOICEMAIL";
    case NumberType::kUnknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::string_view PossibilityName(Possibility p) {
  switch (p) {
    case Possibility::kIsPossible: return "IS_POSSIBLE";
    case Possibility::kIsPossibleLocalOnly: return "IS_POSSIBLE_LOCAL_ONLY";
    case Possibility::kInvalidCountryCode: return "INVALID_COUNTRY_CODE";
    case Possibility::kTooShort: return "TOO_SHORT";
    case Possibility::kInvalidLength: return "INVALID_LENGTH";
    case Possibility::kTooLong: return "TOO_LONG";
  }
  return "INVALID_LENGTH";
}

std::string_view CountryCodeSourceName(CountryCodeSource source) {
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

std::string_view SegmentationFlagName(uint32_t flag) {
  switch (flag) {
    case kFlagLenientDoubleZero: return "LENIENT_DOUBLE_ZERO";
    case kFlagCiLegacyMigrated: return "CI_LEGACY_MIGRATED";
    case kFlagUserOperatorRule: return "USER_OPERATOR_RULE";
    case kFlagCiFixedLineOperator: return "CI_FIXED_LINE_OPERATOR";
    default: return "";
  }
}

}  // namespace oracle
