/* check.h — the few assertions the C tests need, with a final tally.
 *
 * Each CHECK counts one pass or one failure; a failure prints where and why
 * (with pv_last_error() when a call returned an unexpected status) and the test
 * goes on. check_report() prints "N passed, N failed" and gives the exit code. */
#ifndef POSTVENTA_TESTS_C_CHECK_H_
#define POSTVENTA_TESTS_C_CHECK_H_

#include <stdio.h>
#include <string.h>

#include "postventa/postventa.h"

static int check_passed = 0;
static int check_failed = 0;

static void check_record(int ok, const char* file, int line, const char* what) {
  if (ok) {
    ++check_passed;
  } else {
    ++check_failed;
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, what);
  }
}

#define CHECK(cond) check_record((cond) != 0, __FILE__, __LINE__, #cond)

/* Integers of any width, printed on failure. */
#define CHECK_EQ(actual, expected)                                                    \
  do {                                                                                \
    const long long check_a_ = (long long)(actual);                                   \
    const long long check_e_ = (long long)(expected);                                 \
    check_record(check_a_ == check_e_, __FILE__, __LINE__, #actual " == " #expected); \
    if (check_a_ != check_e_)                                                         \
      fprintf(stderr, "    got %lld, expected %lld\n", check_a_, check_e_);           \
  } while (0)

#define CHECK_STREQ(actual, expected)                                                      \
  do {                                                                                     \
    const char* check_a_ = (actual);                                                       \
    const char* check_e_ = (expected);                                                     \
    const int check_ok_ = check_a_ != NULL && strcmp(check_a_, check_e_) == 0;             \
    check_record(check_ok_, __FILE__, __LINE__, #actual " equals " #expected);             \
    if (!check_ok_) {                                                                      \
      fprintf(stderr, "    got \"%s\", expected \"%s\"\n", check_a_ ? check_a_ : "(NULL)", \
              check_e_);                                                                   \
    }                                                                                      \
  } while (0)

/* `haystack` contains `needle`. */
#define CHECK_CONTAINS(haystack, needle)                                                    \
  do {                                                                                      \
    const char* check_h_ = (haystack);                                                      \
    const int check_ok_ = check_h_ != NULL && strstr(check_h_, (needle)) != NULL;           \
    check_record(check_ok_, __FILE__, __LINE__, #haystack " contains " #needle);            \
    if (!check_ok_)                                                                         \
      fprintf(stderr, "    \"%s\" lacks \"%s\"\n", check_h_ ? check_h_ : "(NULL)", needle); \
  } while (0)

/* A call returns `code`; on a mismatch the last error is printed. */
#define CHECK_STATUS(call, code)                                                                   \
  do {                                                                                             \
    const pv_status check_s_ = (call);                                                             \
    check_record(check_s_ == (code), __FILE__, __LINE__, #call " returns " #code);                 \
    if (check_s_ != (code)) {                                                                      \
      fprintf(stderr, "    got status %d (last error: \"%s\")\n", (int)check_s_, pv_last_error()); \
    }                                                                                              \
  } while (0)

#define CHECK_OK(call) CHECK_STATUS(call, PV_OK)

static int check_report(void) {
  printf("%d passed, %d failed\n", check_passed, check_failed);
  fflush(stdout);
  return check_failed == 0 ? 0 : 1;
}

#endif /* POSTVENTA_TESTS_C_CHECK_H_ */
