// Status and Result basics.
#include <gtest/gtest.h>

#include "oracle/oracle.h"

namespace oracle {
namespace {

Status Fails() { return Status(StatusCode::kNotANumber, "nope"); }
Status Propagates() {
  ORACLE_RETURN_NOT_OK(Fails());
  return Status::OK();
}
Result<int> Half(int x) {
  if (x % 2) return Status::InvalidArgument("odd");
  return x / 2;
}
Result<int> Quarter(int x) {
  ORACLE_ASSIGN_OR_RAISE(int h, Half(x));
  ORACLE_ASSIGN_OR_RAISE(int q, Half(h));
  return q;
}

TEST(Status, OkAndError) {
  Status ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.ToString(), "OK");
  Status e = Fails();
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.code(), StatusCode::kNotANumber);
  EXPECT_EQ(e.ToString(), "NOT_A_NUMBER: nope");
  Status copy = e;
  EXPECT_EQ(copy, e);
  EXPECT_EQ(Propagates().code(), StatusCode::kNotANumber);
}

TEST(Result, ValueAndError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.ValueOr(-1), -1);
  Result<int> from_ok = Status::OK();
  EXPECT_FALSE(from_ok.ok());
  EXPECT_EQ(from_ok.status().code(), StatusCode::kInternal);
}

TEST(Names, Stable) {
  EXPECT_EQ(StatusCodeName(StatusCode::kTooShortAfterIdd), "TOO_SHORT_AFTER_IDD");
  EXPECT_EQ(NumberTypeName(NumberType::kFixedLineOrMobile), "FIXED_LINE_OR_MOBILE");
  EXPECT_EQ(PossibilityName(Possibility::kIsPossibleLocalOnly), "IS_POSSIBLE_LOCAL_ONLY");
  EXPECT_EQ(CountryCodeSourceName(CountryCodeSource::kFromNumberWithIdd),
            "FROM_NUMBER_WITH_IDD");
  EXPECT_EQ(SegmentationFlagName(kFlagCiLegacyMigrated), "CI_LEGACY_MIGRATED");
  EXPECT_EQ(SegmentationFlagName(kFlagLenientDoubleZero | kFlagUserOperatorRule), "");
  for (SegmentationFlag f : kSegmentationFlags) {
    EXPECT_FALSE(SegmentationFlagName(f).empty());
  }
  EXPECT_EQ(kSegmentationRecordFields.front(), "input");
  EXPECT_EQ(kSegmentationRecordFields.back(), "country_code_source");
}

}  // namespace
}  // namespace oracle
