// ASSERT_OK_AND_ASSIGN for absl::StatusOr in GoogleTest, shared by the C++
// tests (Debian's Abseil ships no status matchers).
#ifndef POSTVENTA_TESTS_CPP_STATUS_MACROS_H_
#define POSTVENTA_TESTS_CPP_STATUS_MACROS_H_

#include <utility>

#include "gtest/gtest.h"

#define PV_TEST_CONCAT_INNER(a, b) a##b
#define PV_TEST_CONCAT(a, b) PV_TEST_CONCAT_INNER(a, b)
// Asserts that `expr` (an absl::StatusOr) is OK and assigns its value to `lhs`
// (which may be a declaration), printing the status when it is not.
#define ASSERT_OK_AND_ASSIGN(lhs, ...) \
  ASSERT_OK_AND_ASSIGN_IMPL(PV_TEST_CONCAT(statusor_, __LINE__), lhs, __VA_ARGS__)
#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, ...) \
  auto tmp = (__VA_ARGS__);                      \
  ASSERT_TRUE(tmp.ok()) << tmp.status();         \
  lhs = *std::move(tmp)

// Assert / expect that `expr` (an absl::Status or StatusOr) is OK, printing it
// when it is not. `expr` is evaluated once.
#define ASSERT_OK(expr) ASSERT_OK_IMPL(PV_TEST_CONCAT(status_, __LINE__), expr)
#define ASSERT_OK_IMPL(tmp, expr) \
  const auto& tmp = (expr);       \
  ASSERT_TRUE(tmp.ok()) << tmp
#define EXPECT_OK(expr)                                 \
  do {                                                  \
    const auto& pv_test_status = (expr);                \
    EXPECT_TRUE(pv_test_status.ok()) << pv_test_status; \
  } while (false)

#endif  // POSTVENTA_TESTS_CPP_STATUS_MACROS_H_
