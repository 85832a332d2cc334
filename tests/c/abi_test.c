/* abi_test.c — the conventions of the C ABI (postventa.h, SPEC §9.1), checked
 * through the shared libpostventa.so:
 *   - the version macros agree with the loaded library;
 *   - every _free accepts NULL;
 *   - NULL `out` or handle gives PV_INVALID_ARGUMENT naming the parameter, and
 *     leaves the outputs untouched;
 *   - the last error is per thread and a successful call does not clear it;
 *   - an internal failure (out of memory inside the core) comes back as a
 *     status, not a crash. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "postventa/postventa.h"

/* AddressSanitizer reserves terabytes of address space for its shadow memory,
 * so an RLIMIT_AS cannot be used under it. */
#if defined(PV_TEST_ASAN) || defined(__SANITIZE_ADDRESS__)
#define PV_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PV_UNDER_ASAN 1
#endif
#endif

static const char kUtc[] = "{\"timezone\": \"UTC\", \"week\": {\"mon\": [[\"09:00\",\"17:00\"]]}}";

static void test_versions(void) {
  char expected[32];
  CHECK_EQ(pv_version_number(), PV_VERSION_NUMBER);
  CHECK_STREQ(pv_version_string(), PV_VERSION_STRING);
  /* The macros agree with each other. */
  CHECK_EQ(PV_VERSION_NUMBER, PV_VERSION_MAJOR * 10000 + PV_VERSION_MINOR * 100 + PV_VERSION_PATCH);
  snprintf(expected, sizeof expected, "%d.%d.%d", PV_VERSION_MAJOR, PV_VERSION_MINOR,
           PV_VERSION_PATCH);
  CHECK_STREQ(PV_VERSION_STRING, expected);
  /* What a program checks at start-up: header and library agree in MAJOR. */
  CHECK_EQ(pv_version_number() / 10000, PV_VERSION_MAJOR);
}

static void test_free_accepts_null(void) {
  pv_calendar_free(NULL);
  pv_free(NULL);
  CHECK(1); /* reaching this line is the test */
}

/* A fresh thread has no last error. */
static void* read_fresh_error(void* result) {
  int* ok = (int*)result;
  *ok = pv_last_error_code() == PV_OK && pv_last_error() != NULL && pv_last_error()[0] == '\0';
  return NULL;
}

static void test_no_error_yet(void) {
  pthread_t thread;
  int ok = 0;
  CHECK_EQ(pthread_create(&thread, NULL, read_fresh_error, &ok), 0);
  CHECK_EQ(pthread_join(thread, NULL), 0);
  CHECK(ok);
}

/* The call fails with PV_INVALID_ARGUMENT and exactly `message`. */
#define CHECK_NULL_ARGUMENT(call, message)               \
  do {                                                   \
    CHECK_STATUS(call, PV_INVALID_ARGUMENT);             \
    CHECK_EQ(pv_last_error_code(), PV_INVALID_ARGUMENT); \
    CHECK_STREQ(pv_last_error(), message);               \
  } while (0)

static void test_null_arguments(const pv_calendar* cal) {
  pv_date day = -7;
  int flag = -7;
  pv_instant at = -7;
  int64_t worked = -7;
  pv_calendar* sentinel = (pv_calendar*)&check_passed; /* any non-NULL address */
  pv_calendar* made = sentinel;

  CHECK_NULL_ARGUMENT(pv_date_parse(NULL, "2025-01-01"), "pv_date_parse: out is NULL");
  CHECK_NULL_ARGUMENT(pv_date_parse(&day, NULL), "pv_date_parse: iso is NULL");
  CHECK_EQ(day, -7);
  CHECK_NULL_ARGUMENT(pv_date_format(NULL, 0), "pv_date_format: out is NULL");
  CHECK_NULL_ARGUMENT(pv_add_months(NULL, 0, 1), "pv_add_months: out is NULL");

  CHECK_NULL_ARGUMENT(pv_calendar_new_from_json(NULL, kUtc, strlen(kUtc)),
                      "pv_calendar_new_from_json: out is NULL");
  CHECK_NULL_ARGUMENT(pv_calendar_new_from_json(&made, NULL, 0),
                      "pv_calendar_new_from_json: json is NULL");
  CHECK(made == sentinel);

  CHECK_NULL_ARGUMENT(pv_calendar_is_holiday(NULL, cal, 0), "pv_calendar_is_holiday: out is NULL");
  CHECK_NULL_ARGUMENT(pv_calendar_is_holiday(&flag, NULL, 0),
                      "pv_calendar_is_holiday: calendar is NULL");
  CHECK_NULL_ARGUMENT(pv_calendar_is_working_day(NULL, cal, 0),
                      "pv_calendar_is_working_day: out is NULL");
  CHECK_NULL_ARGUMENT(pv_calendar_is_working_day(&flag, NULL, 0),
                      "pv_calendar_is_working_day: calendar is NULL");
  CHECK_EQ(flag, -7);
  CHECK_NULL_ARGUMENT(pv_calendar_add_business_days(NULL, cal, 0, 1),
                      "pv_calendar_add_business_days: out is NULL");
  CHECK_NULL_ARGUMENT(pv_calendar_add_business_days(&day, NULL, 0, 1),
                      "pv_calendar_add_business_days: calendar is NULL");
  CHECK_EQ(day, -7);
  CHECK_NULL_ARGUMENT(pv_calendar_add_business_time(NULL, cal, 0, 60),
                      "pv_calendar_add_business_time: out is NULL");
  CHECK_NULL_ARGUMENT(pv_calendar_add_business_time(&at, NULL, 0, 60),
                      "pv_calendar_add_business_time: calendar is NULL");
  CHECK_EQ(at, -7);
  CHECK_NULL_ARGUMENT(pv_calendar_business_time_between(NULL, cal, 0, 60),
                      "pv_calendar_business_time_between: out is NULL");
  CHECK_NULL_ARGUMENT(pv_calendar_business_time_between(&worked, NULL, 0, 60),
                      "pv_calendar_business_time_between: calendar is NULL");
  CHECK_EQ(worked, -7);
}

static void test_success_keeps_last_error(const pv_calendar* cal) {
  pv_date day = 0;
  int flag = -1;
  CHECK_STATUS(pv_date_parse(&day, "not a date"), PV_INVALID_ARGUMENT);
  CHECK_OK(pv_calendar_is_holiday(&flag, cal, 0));
  CHECK_OK(pv_date_parse(&day, "2025-01-01"));
  CHECK_EQ(pv_last_error_code(), PV_INVALID_ARGUMENT);
  CHECK_CONTAINS(pv_last_error(), "not a date");
}

/* ---- Thread-local errors ---- */

struct failing_thread {
  pthread_barrier_t* barrier;
  const char* bad_date; /* parsed to fail with a message naming it */
  pv_status code;       /* what this thread read after both had failed */
  char message[256];
};

static void* fail_then_read(void* arg) {
  struct failing_thread* t = (struct failing_thread*)arg;
  pv_date day = 0;
  pv_date_parse(&day, t->bad_date);
  /* Both threads have failed before either reads. */
  pthread_barrier_wait(t->barrier);
  t->code = pv_last_error_code();
  snprintf(t->message, sizeof t->message, "%s", pv_last_error());
  pthread_barrier_wait(t->barrier);
  return NULL;
}

static void test_thread_local_errors(void) {
  pthread_barrier_t barrier;
  struct failing_thread a, b;
  pthread_t ta, tb;
  int flag = 0;
  memset(&a, 0, sizeof a);
  memset(&b, 0, sizeof b);
  a.barrier = b.barrier = &barrier;
  a.bad_date = "first-thread";
  b.bad_date = "2025-02-30";
  /* This thread's own error, set before the others run, must survive them. */
  CHECK_STATUS(pv_calendar_is_holiday(&flag, NULL, 0), PV_INVALID_ARGUMENT);

  CHECK_EQ(pthread_barrier_init(&barrier, NULL, 2), 0);
  CHECK_EQ(pthread_create(&ta, NULL, fail_then_read, &a), 0);
  CHECK_EQ(pthread_create(&tb, NULL, fail_then_read, &b), 0);
  CHECK_EQ(pthread_join(ta, NULL), 0);
  CHECK_EQ(pthread_join(tb, NULL), 0);
  pthread_barrier_destroy(&barrier);

  CHECK_EQ(a.code, PV_INVALID_ARGUMENT);
  CHECK_CONTAINS(a.message, "first-thread");
  CHECK(strstr(a.message, "2025-02-30") == NULL);
  CHECK_EQ(b.code, PV_INVALID_ARGUMENT);
  CHECK_CONTAINS(b.message, "2025-02-30");
  CHECK(strstr(b.message, "first-thread") == NULL);
  CHECK_STREQ(pv_last_error(), "pv_calendar_is_holiday: calendar is NULL");
}

/* ---- An internal failure: out of memory inside the core ---- */

#ifndef PV_UNDER_ASAN
/* The process's current address-space size in bytes, or 0. */
static size_t address_space_in_use(void) {
  unsigned long pages = 0;
  FILE* statm = fopen("/proc/self/statm", "r");
  if (statm == NULL) return 0;
  if (fscanf(statm, "%lu", &pages) != 1) pages = 0;
  fclose(statm);
  return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* Exit codes of the child. */
enum {
  kChildOk = 0,
  kChildNoStatm = 2,
  kChildNoLimit = 3,
  kChildWrongStatus = 4,
  kChildNoMessage = 5,
  kChildOutTouched = 6
};

static int exhaust_memory_in_child(void) {
  /* Every day from 1400 to 9999 (about 3.1 million days, 6.3 million working
   * intervals) is precomputed: hundreds of MB of tables, far above the limit. */
  static const char kHuge[] =
      "{\"timezone\": \"UTC\", \"years\": [1400, 9999], \"week\": {"
      "\"mon\": [[\"09:00\",\"14:00\"],[\"16:00\",\"19:00\"]],"
      "\"tue\": [[\"09:00\",\"14:00\"],[\"16:00\",\"19:00\"]],"
      "\"wed\": [[\"09:00\",\"14:00\"],[\"16:00\",\"19:00\"]],"
      "\"thu\": [[\"09:00\",\"14:00\"],[\"16:00\",\"19:00\"]],"
      "\"fri\": [[\"09:00\",\"14:00\"],[\"16:00\",\"19:00\"]],"
      "\"sat\": [[\"09:00\",\"14:00\"],[\"16:00\",\"19:00\"]],"
      "\"sun\": [[\"09:00\",\"14:00\"],[\"16:00\",\"19:00\"]]}}";
  pv_calendar* sentinel = (pv_calendar*)&check_passed;
  pv_calendar* out = sentinel;
  struct rlimit limit;
  pv_status status;
  const size_t in_use = address_space_in_use();
  if (in_use == 0) return kChildNoStatm;
  limit.rlim_cur = limit.rlim_max = (rlim_t)(in_use + ((size_t)32 << 20));
  if (setrlimit(RLIMIT_AS, &limit) != 0) return kChildNoLimit;

  status = pv_calendar_new_from_json(&out, kHuge, strlen(kHuge));
  if (status != PV_RESOURCE_EXHAUSTED) {
    fprintf(stderr, "    child: status %d, last error \"%s\"\n", (int)status, pv_last_error());
    return kChildWrongStatus;
  }
  fprintf(stderr, "    child: PV_RESOURCE_EXHAUSTED, \"%s\"\n", pv_last_error());
  if (pv_last_error_code() != PV_RESOURCE_EXHAUSTED || pv_last_error()[0] == '\0') {
    return kChildNoMessage;
  }
  if (out != sentinel) return kChildOutTouched;
  return kChildOk;
}
#endif /* PV_UNDER_ASAN */

static void test_out_of_memory_is_a_status(void) {
#ifdef PV_UNDER_ASAN
  printf("skip: out-of-memory test (RLIMIT_AS does not work under AddressSanitizer)\n");
  CHECK(1);
#else
  pid_t child;
  int wstatus = 0;
  fflush(stdout);
  fflush(stderr);
  child = fork();
  CHECK(child >= 0);
  if (child < 0) return;
  if (child == 0) _exit(exhaust_memory_in_child());
  CHECK_EQ(waitpid(child, &wstatus, 0), child);
  /* A C++ exception escaping would have called std::terminate: SIGABRT. */
  CHECK(WIFEXITED(wstatus));
  if (WIFSIGNALED(wstatus)) fprintf(stderr, "    child killed by signal %d\n", WTERMSIG(wstatus));
  if (WIFEXITED(wstatus)) CHECK_EQ(WEXITSTATUS(wstatus), kChildOk);
#endif
}

int main(void) {
  pv_calendar* cal = NULL;
  test_no_error_yet();
  test_versions();
  test_free_accepts_null();
  CHECK_OK(pv_calendar_new_from_json(&cal, kUtc, strlen(kUtc)));
  if (cal != NULL) {
    test_null_arguments(cal);
    test_success_keeps_last_error(cal);
  }
  pv_calendar_free(cal);
  test_out_of_memory_is_a_status();
  test_thread_local_errors();
  return check_report();
}
