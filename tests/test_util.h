// Test helpers: ASSERT_OK / EXPECT_OK for Status and Result, and
// ASSERT_OK_AND_ASSIGN.
#ifndef ORACLE_TESTS_TEST_UTIL_H_
#define ORACLE_TESTS_TEST_UTIL_H_

#include <gtest/gtest.h>

#include "oracle/result.h"
#include "oracle/status.h"

namespace oracle::testing {
inline const Status& GetStatus(const Status& s) { return s; }
template <typename T>
const Status& GetStatus(const Result<T>& r) {
  static const Status kOk;
  return r.ok() ? kOk : r.status();
}
}  // namespace oracle::testing

#define ASSERT_OK(expr) \
  ASSERT_TRUE(::oracle::testing::GetStatus(expr).ok()) \
      << ::oracle::testing::GetStatus(expr).ToString()
#define EXPECT_OK(expr) \
  EXPECT_TRUE(::oracle::testing::GetStatus(expr).ok()) \
      << ::oracle::testing::GetStatus(expr).ToString()

#define ORACLE_TEST_CONCAT_(a, b) a##b
#define ORACLE_TEST_CONCAT(a, b) ORACLE_TEST_CONCAT_(a, b)
#define ASSERT_OK_AND_ASSIGN(lhs, rexpr)                                 \
  auto ORACLE_TEST_CONCAT(_result_, __LINE__) = (rexpr);                 \
  ASSERT_TRUE(ORACLE_TEST_CONCAT(_result_, __LINE__).ok())               \
      << ORACLE_TEST_CONCAT(_result_, __LINE__).status().ToString();     \
  lhs = std::move(ORACLE_TEST_CONCAT(_result_, __LINE__)).value()

#endif  // ORACLE_TESTS_TEST_UTIL_H_
