/* A C program that uses libpostventa.so through the C ABI only. It is built
 * with find_package (postventa::c), add_subdirectory and pkg-config by
 * scripts/test_consumers.sh. Exits 0 when every answer is right. */
#include <postventa/postventa.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;

static void expect(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "FAILED: %s (last error: %s)\n", what, pv_last_error());
    ++failures;
  }
}

int main(void) {
  pv_date start = 0;
  pv_date end = 0;
  char* text = NULL;
  pv_calendar* calendar = NULL;
  int working = -1;
  /* Monday to Friday 09:00-17:00 UTC, no holidays. */
  static const char kCalendar[] =
      "{\"timezone\": \"UTC\", \"week\": {\"mon\": [[\"09:00\", \"17:00\"]],"
      " \"tue\": [[\"09:00\", \"17:00\"]], \"wed\": [[\"09:00\", \"17:00\"]],"
      " \"thu\": [[\"09:00\", \"17:00\"]], \"fri\": [[\"09:00\", \"17:00\"]]}}";

  /* The header and the library that was loaded agree. */
  expect(pv_version_number() == PV_VERSION_NUMBER, "pv_version_number() == PV_VERSION_NUMBER");

  /* 2024-01-31 + 1 month = 2024-02-29 (February 2024 has no 31st). */
  expect(pv_date_parse(&start, "2024-01-31") == PV_OK, "pv_date_parse 2024-01-31");
  /* 1970-01-01 + 19753 days: 54 years of 365 days plus 13 leap days (1972..2020)
   * is 19723 to 2024-01-01, plus 30 days to 2024-01-31. */
  expect(start == 19753, "2024-01-31 is day 19753");
  expect(pv_add_months(&end, start, 1) == PV_OK, "pv_add_months");
  expect(pv_date_format(&text, end) == PV_OK, "pv_date_format");
  expect(text != NULL && strcmp(text, "2024-02-29") == 0, "2024-01-31 + 1 month = 2024-02-29");
  pv_free(text);

  expect(pv_calendar_new_from_json(&calendar, kCalendar, strlen(kCalendar)) == PV_OK,
         "pv_calendar_new_from_json");
  if (calendar != NULL) {
    /* 2024-02-29 was a Thursday. */
    expect(pv_calendar_is_working_day(&working, calendar, end) == PV_OK && working == 1,
           "2024-02-29 is a working day");
  }
  pv_calendar_free(calendar);
  pv_calendar_free(NULL);

  if (failures == 0) printf("consumer (C): ok, postventa %s\n", pv_version_string());
  return failures == 0 ? 0 : 1;
}
