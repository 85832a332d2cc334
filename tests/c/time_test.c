/* time_test.c — SPEC §1 (time) through the C ABI of the shared libpostventa.so.
 *
 * Every expected value is worked out by hand from SPEC §1; the working is in the
 * comments. Dates are built with days_from_civil() below (independent of the
 * library) and instants with local_instant(), which applies the UTC offset by
 * hand: Europe/Madrid is UTC+1 (CET) in winter and UTC+2 (CEST) from
 * 2025-03-30 01:00Z to 2025-10-26 01:00Z (last Sundays of March and October). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "postventa/postventa.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static pv_date days_from_civil(int y, int m, int d) {
  const int yy = y - (m <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (pv_date)(era * 146097 + doe - 719468);
}
#define D(y, m, d) days_from_civil((y), (m), (d))

/* The UTC instant of local wall-clock time hh:mm on y-m-d at UTC offset +`offset` hours. */
static pv_instant local_instant(int y, int m, int d, int hh, int mm, int offset) {
  return (pv_instant)D(y, m, d) * 86400 + hh * 3600 + mm * 60 - (pv_instant)offset * 3600;
}
#define CET(y, m, d, hh, mm) local_instant((y), (m), (d), (hh), (mm), 1)
#define CEST(y, m, d, hh, mm) local_instant((y), (m), (d), (hh), (mm), 2)
#define HOURS(h) ((int64_t)(h)*3600)

/* The SPEC §1.3 example: split shifts Monday to Thursday, a short Friday, and
 * one holiday of every rule kind. */
#define SPLIT "[[\"09:00\",\"14:00\"],[\"16:00\",\"19:00\"]]"
static const char kMadrid[] =
    "{\"timezone\": \"Europe/Madrid\","
    " \"week\": {\"mon\": " SPLIT ", \"tue\": " SPLIT ", \"wed\": " SPLIT ", \"thu\": " SPLIT
    ","
    "          \"fri\": [[\"08:00\",\"15:00\"]], \"sat\": [], \"sun\": []},"
    " \"holidays\": [\"2025-12-08\", \"annual:01-01\", \"annual:12-25\", \"easter:-2\","
    "              \"nth:1:mon:09\", \"last:mon:05\"],"
    " \"observed\": \"none\"}";

static void test_days_helper(void) {
  /* Anchors for the helper itself: 1970..1999 is 30 * 365 + 7 leap days = 10957;
   * 2000..2024 adds 25 * 365 + 7 leap days (2000, 2004, ..., 2024) = 9132. */
  CHECK_EQ(D(1970, 1, 1), 0);
  CHECK_EQ(D(1969, 12, 31), -1);
  CHECK_EQ(D(2000, 1, 1), 10957);
  CHECK_EQ(D(2025, 1, 1), 20089);
  /* 2024 is a leap year: Jan 31 + Feb 29 days before March. */
  CHECK_EQ(D(2024, 3, 1), D(2024, 1, 1) + 60);
}

static void test_add_months(void) {
  pv_date out = -7;
  /* The three examples of SPEC §1.2. */
  CHECK_OK(pv_add_months(&out, D(2024, 3, 15), 24));
  CHECK_EQ(out, D(2026, 3, 15));
  CHECK_OK(pv_add_months(&out, D(2024, 1, 31), 1));
  CHECK_EQ(out, D(2024, 2, 29));
  CHECK_OK(pv_add_months(&out, D(2024, 2, 29), 12));
  CHECK_EQ(out, D(2025, 2, 28));
  /* No end-of-month snapping: the 29th stays the 29th in a 31-day month. */
  CHECK_OK(pv_add_months(&out, D(2024, 2, 29), 1));
  CHECK_EQ(out, D(2024, 3, 29));
  CHECK_OK(pv_add_months(&out, D(2024, 4, 30), 1));
  CHECK_EQ(out, D(2024, 5, 30));
  CHECK_OK(pv_add_months(&out, D(2024, 6, 17), 0));
  CHECK_EQ(out, D(2024, 6, 17));
  /* Negative months count backwards the same way. */
  CHECK_OK(pv_add_months(&out, D(2024, 3, 31), -1));
  CHECK_EQ(out, D(2024, 2, 29));
  CHECK_OK(pv_add_months(&out, D(2025, 2, 28), -12));
  CHECK_EQ(out, D(2024, 2, 28));
  CHECK_OK(pv_add_months(&out, D(2024, 5, 31), -3));
  CHECK_EQ(out, D(2024, 2, 29));
  CHECK_OK(pv_add_months(&out, D(2026, 3, 15), -24));
  CHECK_EQ(out, D(2024, 3, 15));
  /* Across the epoch: 1970-01-31 minus 2 months is 1969-11-30 (November has 30). */
  CHECK_OK(pv_add_months(&out, D(1970, 1, 31), -2));
  CHECK_EQ(out, D(1969, 11, 30));

  /* INT32_MAX months is about 179 million years: no pv_date holds that. */
  out = -7;
  CHECK_STATUS(pv_add_months(&out, 0, INT32_MAX), PV_OUT_OF_RANGE);
  CHECK_EQ(out, -7);
  CHECK_EQ(pv_last_error_code(), PV_OUT_OF_RANGE);
}

static void test_date_parse_and_format(void) {
  pv_date day = -7;
  char* text = NULL;

  CHECK_OK(pv_date_parse(&day, "2024-02-29"));
  CHECK_EQ(day, D(2024, 2, 29));
  CHECK_OK(pv_date_format(&text, day));
  CHECK_STREQ(text, "2024-02-29");
  pv_free(text);

  CHECK_OK(pv_date_parse(&day, "1970-01-01"));
  CHECK_EQ(day, 0);
  text = NULL;
  CHECK_OK(pv_date_format(&text, -1));
  CHECK_STREQ(text, "1969-12-31");
  pv_free(text);

  /* Round trip of a few dates, both ways. */
  {
    static const char* const kDates[] = {"1999-12-31", "2000-02-29", "2025-12-08", "2199-12-31",
                                         "1400-01-01"};
    size_t i;
    for (i = 0; i < sizeof kDates / sizeof kDates[0]; ++i) {
      pv_date parsed = 0;
      char* back = NULL;
      CHECK_OK(pv_date_parse(&parsed, kDates[i]));
      CHECK_OK(pv_date_format(&back, parsed));
      CHECK_STREQ(back, kDates[i]);
      pv_free(back);
    }
  }

  /* Bad dates: a day that does not exist, a year that is not a leap year, a
   * non-padded form and text that is no date at all. Output untouched. */
  {
    static const char* const kBad[] = {"2025-02-30", "2025-02-29", "2025-2-3",        "2025-13-01",
                                       "yesterday",  "",           "2025-01-01T00:00"};
    size_t i;
    for (i = 0; i < sizeof kBad / sizeof kBad[0]; ++i) {
      day = -7;
      CHECK_STATUS(pv_date_parse(&day, kBad[i]), PV_INVALID_ARGUMENT);
      CHECK_EQ(day, -7);
      CHECK_EQ(pv_last_error_code(), PV_INVALID_ARGUMENT);
      CHECK(pv_last_error()[0] != '\0');
    }
  }
}

static pv_calendar* madrid(void) {
  pv_calendar* calendar = NULL;
  CHECK_OK(pv_calendar_new_from_json(&calendar, kMadrid, strlen(kMadrid)));
  CHECK(calendar != NULL);
  return calendar;
}

static int is_holiday(const pv_calendar* calendar, pv_date date) {
  int out = -1;
  CHECK_OK(pv_calendar_is_holiday(&out, calendar, date));
  return out;
}

static int is_working_day(const pv_calendar* calendar, pv_date date) {
  int out = -1;
  CHECK_OK(pv_calendar_is_working_day(&out, calendar, date));
  return out;
}

static void test_holidays_and_working_days(const pv_calendar* cal) {
  /* Fixed date: 2025-12-08 (a Monday, so it would otherwise be working). */
  CHECK_EQ(is_holiday(cal, D(2025, 12, 8)), 1);
  CHECK_EQ(is_working_day(cal, D(2025, 12, 8)), 0);
  CHECK_EQ(is_holiday(cal, D(2024, 12, 8)), 0); /* a fixed date is one year only */
  /* annual:01-01 and annual:12-25 in several years. */
  CHECK_EQ(is_holiday(cal, D(2025, 1, 1)), 1);
  CHECK_EQ(is_holiday(cal, D(2026, 1, 1)), 1);
  CHECK_EQ(is_holiday(cal, D(2025, 12, 25)), 1);
  CHECK_EQ(is_working_day(cal, D(2025, 12, 25)), 0); /* a Thursday */
  /* easter:-2 — Western Easter 2025 is 20 April, so Good Friday is 18 April;
   * Easter 2024 was 31 March, Good Friday 29 March. */
  CHECK_EQ(is_holiday(cal, D(2025, 4, 18)), 1);
  CHECK_EQ(is_holiday(cal, D(2024, 3, 29)), 1);
  CHECK_EQ(is_holiday(cal, D(2025, 4, 17)), 0);
  CHECK_EQ(is_holiday(cal, D(2025, 4, 21)), 0);
  /* nth:1:mon:09 — 2025-09-01 is a Monday (D(2025,9,1) - D(2025,1,1) = 243 =
   * 34 weeks + 5 days after a Wednesday), so it is the first Monday. */
  CHECK_EQ(is_holiday(cal, D(2025, 9, 1)), 1);
  CHECK_EQ(is_holiday(cal, D(2025, 9, 8)), 0);
  /* last:mon:05 — 2025-05-31 is a Saturday, so the last Monday is the 26th. */
  CHECK_EQ(is_holiday(cal, D(2025, 5, 26)), 1);
  CHECK_EQ(is_holiday(cal, D(2025, 5, 19)), 0);
  /* Ordinary days: Tuesday 2025-12-09 works; Saturday 2025-12-06 does not but
   * is not a holiday either. */
  CHECK_EQ(is_holiday(cal, D(2025, 12, 9)), 0);
  CHECK_EQ(is_working_day(cal, D(2025, 12, 9)), 1);
  CHECK_EQ(is_holiday(cal, D(2025, 12, 6)), 0);
  CHECK_EQ(is_working_day(cal, D(2025, 12, 6)), 0);
  CHECK_EQ(is_working_day(cal, D(2025, 12, 5)), 1); /* Friday: one short shift */
}

static void test_observed_rule(void) {
  /* 2023-01-01 was a Sunday: with sunday_to_monday, Monday 2023-01-02 is a
   * holiday too; with "none" it is an ordinary working Monday. */
  static const char kObserved[] =
      "{\"timezone\": \"Europe/Madrid\", \"week\": {\"mon\": [[\"09:00\",\"17:00\"]]},"
      " \"holidays\": [\"annual:01-01\"], \"observed\": \"sunday_to_monday\"}";
  static const char kNone[] =
      "{\"timezone\": \"Europe/Madrid\", \"week\": {\"mon\": [[\"09:00\",\"17:00\"]]},"
      " \"holidays\": [\"annual:01-01\"], \"observed\": \"none\"}";
  pv_calendar* observed = NULL;
  pv_calendar* none = NULL;
  CHECK_OK(pv_calendar_new_from_json(&observed, kObserved, strlen(kObserved)));
  CHECK_OK(pv_calendar_new_from_json(&none, kNone, strlen(kNone)));
  if (observed != NULL && none != NULL) {
    CHECK_EQ(is_holiday(observed, D(2023, 1, 2)), 1);
    CHECK_EQ(is_working_day(observed, D(2023, 1, 2)), 0);
    CHECK_EQ(is_holiday(none, D(2023, 1, 2)), 0);
    CHECK_EQ(is_working_day(none, D(2023, 1, 2)), 1);
    /* 2024-01-01 was a Monday itself: nothing moves to Tuesday. Only Mondays
     * have hours here, so check the holiday flag. */
    CHECK_EQ(is_holiday(observed, D(2024, 1, 1)), 1);
    CHECK_EQ(is_holiday(observed, D(2024, 1, 2)), 0);
  }
  pv_calendar_free(observed);
  pv_calendar_free(none);
}

static void test_add_business_days(const pv_calendar* cal) {
  pv_date out = -7;
  /* From Friday 2025-12-05: Sat 6 and Sun 7 have no hours, Mon 8 is a holiday. */
  CHECK_OK(pv_calendar_add_business_days(&out, cal, D(2025, 12, 5), 1));
  CHECK_EQ(out, D(2025, 12, 9));
  CHECK_OK(pv_calendar_add_business_days(&out, cal, D(2025, 12, 5), 3));
  CHECK_EQ(out, D(2025, 12, 11));
  /* n = 0: the date itself when working, else the next working day. */
  CHECK_OK(pv_calendar_add_business_days(&out, cal, D(2025, 12, 9), 0));
  CHECK_EQ(out, D(2025, 12, 9));
  CHECK_OK(pv_calendar_add_business_days(&out, cal, D(2025, 12, 6), 0));
  CHECK_EQ(out, D(2025, 12, 9));
  /* Christmas: Wed 24 -> (Thu 25 holiday) Fri 26 -> (weekend) Mon 29 -> Tue 30
   * -> Wed 31 -> (Thu 2026-01-01 holiday) Fri 2026-01-02. */
  CHECK_OK(pv_calendar_add_business_days(&out, cal, D(2025, 12, 24), 1));
  CHECK_EQ(out, D(2025, 12, 26));
  CHECK_OK(pv_calendar_add_business_days(&out, cal, D(2025, 12, 24), 2));
  CHECK_EQ(out, D(2025, 12, 29));
  CHECK_OK(pv_calendar_add_business_days(&out, cal, D(2025, 12, 24), 5));
  CHECK_EQ(out, D(2026, 1, 2));
  /* Several weeks: 20 working days from Mon 2025-11-03, with no holiday until
   * Mon 2025-12-08: Nov 4..7 (4), 10..14 (5), 17..21 (5), 24..28 (5) = 19,
   * then Mon Dec 1 is the 20th. */
  CHECK_OK(pv_calendar_add_business_days(&out, cal, D(2025, 11, 3), 20));
  CHECK_EQ(out, D(2025, 12, 1));

  /* A negative n is refused, naming the parameter; the output is untouched. */
  out = -7;
  CHECK_STATUS(pv_calendar_add_business_days(&out, cal, D(2025, 12, 9), -1), PV_INVALID_ARGUMENT);
  CHECK_EQ(out, -7);
  CHECK_CONTAINS(pv_last_error(), "n:"); /* the parameter, then the bad value */
  CHECK_CONTAINS(pv_last_error(), "-1");
}

static int64_t add_time(const pv_calendar* cal, pv_instant start, int64_t seconds) {
  pv_instant out = -7;
  CHECK_OK(pv_calendar_add_business_time(&out, cal, start, seconds));
  return out;
}

static void test_add_business_time(const pv_calendar* cal) {
  /* Tuesday 2025-12-09 (CET): 09:00-14:00 and 16:00-19:00. */
  /* 09:00 + 5 h runs out exactly at the end of the morning: 14:00, not 16:00. */
  CHECK_EQ(add_time(cal, CET(2025, 12, 9, 9, 0), HOURS(5)), CET(2025, 12, 9, 14, 0));
  /* 09:00 + 8 h = the whole day, ending at 19:00 the same day. */
  CHECK_EQ(add_time(cal, CET(2025, 12, 9, 9, 0), HOURS(8)), CET(2025, 12, 9, 19, 0));
  /* 09:00 + 8 h + 1 s: one second into Wednesday. */
  CHECK_EQ(add_time(cal, CET(2025, 12, 9, 9, 0), HOURS(8) + 1), CET(2025, 12, 10, 9, 0) + 1);
  /* 13:00 + 2 h: one hour to 14:00, then the gap, then 16:00 + 1 h. */
  CHECK_EQ(add_time(cal, CET(2025, 12, 9, 13, 0), HOURS(2)), CET(2025, 12, 9, 17, 0));
  /* A start in the midday gap begins at 16:00. */
  CHECK_EQ(add_time(cal, CET(2025, 12, 9, 15, 0), HOURS(1)), CET(2025, 12, 9, 17, 0));
  /* A start outside working time (Saturday) begins at the next working instant:
   * Mon 8 is a holiday, so Tuesday 09:00. */
  CHECK_EQ(add_time(cal, CET(2025, 12, 6, 10, 0), HOURS(1)), CET(2025, 12, 9, 10, 0));
  /* Zero seconds from outside working time is that next working instant;
   * inside working time it is the start itself. 14:00 is outside [09:00, 14:00). */
  CHECK_EQ(add_time(cal, CET(2025, 12, 6, 10, 0), 0), CET(2025, 12, 9, 9, 0));
  CHECK_EQ(add_time(cal, CET(2025, 12, 9, 14, 0), 0), CET(2025, 12, 9, 16, 0));
  CHECK_EQ(add_time(cal, CET(2025, 12, 9, 10, 30), 0), CET(2025, 12, 9, 10, 30));
  /* Friday 14:00 + 2 h: 1 h to 15:00, then Tuesday (after the holiday) 09:00 + 1 h. */
  CHECK_EQ(add_time(cal, CET(2025, 12, 5, 14, 0), HOURS(2)), CET(2025, 12, 9, 10, 0));
  /* Several weeks from Monday 2025-12-15 09:00. Week of the 15th: 4 x 8 h + 7 h
   * = 39 h, ending exactly at Friday 19th 15:00. Week of the 22nd: Mon, Tue, Wed
   * 24 h, Thu 25 holiday, Fri 7 h = 31 h. 78 h = 39 + 31 + 8: all of Monday
   * 29th, ending at 19:00. */
  CHECK_EQ(add_time(cal, CET(2025, 12, 15, 9, 0), HOURS(39)), CET(2025, 12, 19, 15, 0));
  CHECK_EQ(add_time(cal, CET(2025, 12, 15, 9, 0), HOURS(78)), CET(2025, 12, 29, 19, 0));
  /* DST: Friday 2025-03-28 is CET, Monday 2025-03-31 CEST. 14:00 + 2 h = 15:00
   * Friday, then Monday 09:00 CEST + 1 h. */
  CHECK_EQ(add_time(cal, CET(2025, 3, 28, 14, 0), HOURS(2)), CEST(2025, 3, 31, 10, 0));
  /* And back: Friday 2025-10-24 is CEST, Monday 2025-10-27 CET. */
  CHECK_EQ(add_time(cal, CEST(2025, 10, 24, 14, 0), HOURS(2)), CET(2025, 10, 27, 10, 0));

  {
    /* A negative amount is refused and the output is untouched. */
    pv_instant out = -7;
    CHECK_STATUS(pv_calendar_add_business_time(&out, cal, CET(2025, 12, 9, 9, 0), -1),
                 PV_INVALID_ARGUMENT);
    CHECK_EQ(out, -7);
    /* The core names the C++ parameter, `amount` (the C parameter is `seconds`). */
    CHECK_CONTAINS(pv_last_error(), "amount");
    CHECK_CONTAINS(pv_last_error(), "-1");
  }
}

static int64_t between(const pv_calendar* cal, pv_instant a, pv_instant b) {
  int64_t out = -7;
  CHECK_OK(pv_calendar_business_time_between(&out, cal, a, b));
  return out;
}

static void test_business_time_between(const pv_calendar* cal) {
  /* A whole Tuesday: 5 h + 3 h. */
  CHECK_EQ(between(cal, CET(2025, 12, 9, 0, 0), CET(2025, 12, 10, 0, 0)), HOURS(8));
  /* Tuesday 10:00 to 17:00: 4 h in the morning, 1 h in the afternoon. */
  CHECK_EQ(between(cal, CET(2025, 12, 9, 10, 0), CET(2025, 12, 9, 17, 0)), HOURS(5));
  /* Friday to Tuesday over the weekend and Monday's holiday: Friday's 7 h. */
  CHECK_EQ(between(cal, CET(2025, 12, 5, 0, 0), CET(2025, 12, 9, 0, 0)), HOURS(7));
  /* A whole week without holidays: 4 x 8 h + 7 h. */
  CHECK_EQ(between(cal, CET(2025, 12, 15, 0, 0), CET(2025, 12, 22, 0, 0)), HOURS(39));
  /* The multi-week span above, measured back: 78 h. */
  CHECK_EQ(between(cal, CET(2025, 12, 15, 9, 0), CET(2025, 12, 29, 19, 0)), HOURS(78));
  /* Half-open [a, b): inside the gap, nothing. */
  CHECK_EQ(between(cal, CET(2025, 12, 9, 14, 0), CET(2025, 12, 9, 16, 0)), 0);
  /* b <= a gives 0. */
  CHECK_EQ(between(cal, CET(2025, 12, 9, 17, 0), CET(2025, 12, 9, 10, 0)), 0);
  CHECK_EQ(between(cal, CET(2025, 12, 9, 10, 0), CET(2025, 12, 9, 10, 0)), 0);
  /* Across the spring DST change: Friday 7 h + Monday 8 h. */
  CHECK_EQ(between(cal, CET(2025, 3, 28, 0, 0), CEST(2025, 4, 1, 0, 0)), HOURS(15));
}

static void test_out_of_range(const pv_calendar* cal) {
  /* The default years are 1970..2199. */
  int flag = -1;
  pv_date day = -7;
  pv_instant at = -7;
  int64_t worked = -7;
  CHECK_STATUS(pv_calendar_is_holiday(&flag, cal, D(2200, 1, 1)), PV_OUT_OF_RANGE);
  CHECK_EQ(flag, -1);
  CHECK_EQ(pv_last_error_code(), PV_OUT_OF_RANGE);
  CHECK(pv_last_error()[0] != '\0');
  CHECK_STATUS(pv_calendar_is_working_day(&flag, cal, D(1969, 12, 31)), PV_OUT_OF_RANGE);
  CHECK_EQ(flag, -1);
  CHECK_STATUS(pv_calendar_add_business_days(&day, cal, D(1969, 12, 31), 1), PV_OUT_OF_RANGE);
  CHECK_EQ(day, -7);
  CHECK_STATUS(pv_calendar_add_business_time(&at, cal, CET(1960, 1, 4, 9, 0), 60), PV_OUT_OF_RANGE);
  CHECK_EQ(at, -7);
  CHECK_STATUS(
      pv_calendar_business_time_between(&worked, cal, CET(2025, 1, 2, 9, 0), CET(2300, 1, 2, 9, 0)),
      PV_OUT_OF_RANGE);
  CHECK_EQ(worked, -7);
  /* The last day of the range answers. */
  CHECK_EQ(is_holiday(cal, D(2199, 12, 31)), 0);
}

/* An invalid configuration is refused with PV_INVALID_ARGUMENT, a message that
 * names the field (and the bad value), and no calendar. */
static void check_invalid_config(const char* json, const char* field, const char* value) {
  pv_calendar* sentinel = (pv_calendar*)&check_passed; /* any non-NULL address */
  pv_calendar* out = sentinel;
  CHECK_STATUS(pv_calendar_new_from_json(&out, json, strlen(json)), PV_INVALID_ARGUMENT);
  CHECK(out == sentinel);
  CHECK_EQ(pv_last_error_code(), PV_INVALID_ARGUMENT);
  CHECK_CONTAINS(pv_last_error(), field);
  if (value != NULL) CHECK_CONTAINS(pv_last_error(), value);
}

static void test_invalid_config(void) {
  check_invalid_config(
      "{\"timezone\": \"Europe/Madrid\", \"week\": {\"mon\": [[\"09:00\",\"25:00\"]]}}", "week.mon",
      "25:00");
  check_invalid_config("{\"timezone\": \"Mars/Olympus\", \"week\": {}}", "timezone",
                       "Mars/Olympus");
  check_invalid_config("{\"timezone\": \"UTC\", \"week\": {\"mun\": [[\"09:00\",\"17:00\"]]}}",
                       "week", "mun");
  check_invalid_config(
      "{\"timezone\": \"UTC\","
      " \"week\": {\"tue\": [[\"09:00\",\"14:00\"],[\"13:00\",\"18:00\"]]}}",
      "week.tue[1]", "13:00");
  check_invalid_config("{\"timezone\": \"UTC\", \"week\": {}, \"holidays\": [\"easter:x\"]}",
                       "holidays[0]", "easter:x");
  check_invalid_config("{\"timezone\": \"UTC\", \"week\": {}, \"observed\": \"always\"}",
                       "observed", "always");
  check_invalid_config("{\"timezone\": \"UTC\", \"week\": {}, \"years\": [2000]}", "years", NULL);
  /* Not JSON at all. */
  {
    pv_calendar* out = NULL;
    CHECK_STATUS(pv_calendar_new_from_json(&out, "{", 1), PV_INVALID_ARGUMENT);
    CHECK(out == NULL);
    CHECK(pv_last_error()[0] != '\0');
  }
}

static void test_json_length_is_honoured(void) {
  /* The text need not be NUL-terminated: only json_len bytes are read. */
  const size_t len = strlen(kMadrid);
  char* buffer = (char*)malloc(len + 16);
  pv_calendar* cal = NULL;
  CHECK(buffer != NULL);
  if (buffer == NULL) return;
  memcpy(buffer, kMadrid, len);
  memset(buffer + len, '}', 16); /* invalid JSON if read; no NUL anywhere */
  CHECK_OK(pv_calendar_new_from_json(&cal, buffer, len));
  if (cal != NULL) CHECK_EQ(is_holiday(cal, D(2025, 12, 8)), 1);
  pv_calendar_free(cal);
  free(buffer);
}

int main(void) {
  pv_calendar* cal;
  test_days_helper();
  test_add_months();
  test_date_parse_and_format();
  cal = madrid();
  if (cal != NULL) {
    test_holidays_and_working_days(cal);
    test_add_business_days(cal);
    test_add_business_time(cal);
    test_business_time_between(cal);
    test_out_of_range(cal);
  }
  pv_calendar_free(cal);
  test_observed_rule();
  test_invalid_config();
  test_json_length_is_honoured();
  return check_report();
}
