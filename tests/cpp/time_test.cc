// Tests for postventa/time.h: civil dates, legal month periods and business
// calendars (SPEC §1).
//
// Every expected value here was worked out by hand from the SPEC and a printed
// calendar, never copied from the library's output; where the arithmetic is not
// obvious the working is in a comment. Facts used throughout:
//   - 2025-01-01 is a Wednesday; 2025-06-16 and 2025-06-02 are Mondays.
//   - Western Easter Sunday: 2023-04-09, 2024-03-31, 2025-04-20, 2026-04-05,
//     2027-03-28, 2028-04-16.
//   - Instants are UTC. Europe/Madrid is UTC+1 (CET) in winter and UTC+2 (CEST) in
//     summer. In 2025 it springs forward on Sunday 2025-03-30 at 01:00Z (02:00 CET
//     becomes 03:00 CEST) and falls back on Sunday 2025-10-26 at 01:00Z (03:00 CEST
//     becomes 02:00 CET). So 09:00 local is 08:00Z in winter and 07:00Z in summer.
//
// Results are compared as text (`2025-06-16`, `2025-06-16T12:00:00Z`, `39h`) so a
// failure shows the value, or the status when the call failed.
#include "postventa/time.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <ostream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/substitute.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

// Asserts that `expr` (an absl::StatusOr) is OK and moves its value into `lhs`,
// e.g. ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(json)).
#include "status_macros.h"

namespace postventa {

// Lets GoogleTest print intervals in failure messages (found by ADL).
void PrintTo(const WorkInterval& interval, std::ostream* os) {
  *os << "[" << interval.start_minute << ", " << interval.end_minute << ")";
}

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// ---- Helpers ----------------------------------------------------------------

// A UTC instant written `2025-06-16T07:00:00Z`.
absl::Time At(absl::string_view rfc3339) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &error)) {
    ADD_FAILURE() << "bad instant in the test: " << rfc3339 << ": " << error;
  }
  return t;
}

std::string Show(Date date) { return absl::FormatCivilTime(date); }
std::string Show(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", t, absl::UTCTimeZone());
}
std::string Show(absl::Duration d) { return absl::FormatDuration(d); }
std::string Show(bool b) { return b ? "true" : "false"; }

// The value as text, or the status when the call failed.
template <typename T>
std::string Str(const absl::StatusOr<T>& result) {
  return result.ok() ? Show(*result) : result.status().ToString();
}

// Every date of `year` that `cal` says is a holiday, as ISO text.
std::vector<std::string> HolidaysIn(const Calendar& cal, int year) {
  std::vector<std::string> out;
  for (Date d(year, 1, 1); d.year() == year; ++d) {
    const absl::StatusOr<bool> holiday = cal.is_holiday(d);
    if (!holiday.ok()) {
      out.push_back(absl::StrCat(Show(d), ": ", holiday.status().ToString()));
    } else if (*holiday) {
      out.push_back(Show(d));
    }
  }
  return out;
}

constexpr int HM(int hours, int minutes = 0) { return hours * 60 + minutes; }

// Office hours in UTC, so that instants read as wall-clock times:
// Monday to Friday 09:00-17:00 (8 h a day, 40 h a week).
// 2025-12-08 is a Monday; 2025-12-25 a Thursday; 2025-01-01 a Wednesday.
constexpr absl::string_view kOfficeUtcJson = R"({
  "timezone": "UTC",
  "week": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]],
           "wed": [["09:00","17:00"]], "thu": [["09:00","17:00"]],
           "fri": [["09:00","17:00"]], "sat": [], "sun": []},
  "holidays": ["annual:01-01", "annual:12-25", "2025-12-08"],
  "observed": "none"
})";

// The SPEC's example shape: split shifts Monday to Thursday (09:00-14:00 and
// 16:00-19:00, 8 h), Friday 08:00-15:00 (7 h), so 39 h a week; and the holidays of
// the Comunidad de Madrid that follow rules (Holy Thursday = easter:-3, Good
// Friday = easter:-2). In 2025 those on weekdays are: Wed 01-01, Mon 01-06,
// Thu 04-17, Fri 04-18, Thu 05-01, Fri 05-02, Fri 08-15, Mon 12-08, Thu 12-25
// (10-12 is a Sunday, 11-01 and 12-06 Saturdays).
constexpr absl::string_view kMadridJson = R"({
  "timezone": "Europe/Madrid",
  "week": {"mon": [["09:00","14:00"],["16:00","19:00"]],
           "tue": [["09:00","14:00"],["16:00","19:00"]],
           "wed": [["09:00","14:00"],["16:00","19:00"]],
           "thu": [["09:00","14:00"],["16:00","19:00"]],
           "fri": [["08:00","15:00"]], "sat": [], "sun": []},
  "holidays": ["annual:01-01", "annual:01-06", "easter:-3", "easter:-2",
               "annual:05-01", "annual:05-02", "annual:08-15", "annual:10-12",
               "annual:11-01", "annual:12-06", "annual:12-08", "annual:12-25"],
  "observed": "none"
})";

// kMadridJson as a struct.
CalendarConfig MadridConfig() {
  CalendarConfig config;
  config.timezone = "Europe/Madrid";
  const std::vector<WorkInterval> split = {{HM(9), HM(14)}, {HM(16), HM(19)}};
  for (int day = 0; day < 4; ++day) config.week[day] = split;
  config.week[4] = {{HM(8), HM(15)}};
  config.holidays = {"annual:01-01", "annual:01-06", "easter:-3",   "easter:-2",
                     "annual:05-01", "annual:05-02", "annual:08-15", "annual:10-12",
                     "annual:11-01", "annual:12-06", "annual:12-08", "annual:12-25"};
  return config;
}

// UTC, Monday to Friday 09:00-17:00, with the given holiday rules.
CalendarConfig OfficeWithHolidays(std::vector<std::string> rules,
                                  ObservedRule observed = ObservedRule::kNone) {
  CalendarConfig config;
  for (int day = 0; day < 5; ++day) config.week[day] = {{HM(9), HM(17)}};
  config.holidays = std::move(rules);
  config.observed = observed;
  return config;
}

// A valid JSON configuration with the given parts, so that each bad case below
// carries exactly one fault.
std::string ConfigJson(absl::string_view week, absl::string_view holidays = R"(["annual:01-01"])",
                       absl::string_view observed = R"("none")",
                       absl::string_view timezone = R"("UTC")") {
  return absl::Substitute(R"({"timezone": $0, "week": {$1}, "holidays": $2, "observed": $3})",
                          timezone, week, holidays, observed);
}
constexpr absl::string_view kGoodWeek = R"("mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]])";

// ---- Dates: ISO text, epoch days, weekdays ----------------------------------

TEST(ParseDate, AcceptsStrictIsoDates) {
  EXPECT_EQ(Str(parse_date("2025-06-16")), "2025-06-16");
  EXPECT_EQ(Str(parse_date("2024-02-29")), "2024-02-29");  // leap day
  EXPECT_EQ(Str(parse_date("2000-02-29")), "2000-02-29");  // 2000 is a leap year (÷400)
  EXPECT_EQ(Str(parse_date("1970-01-01")), "1970-01-01");
  EXPECT_EQ(Str(parse_date("2199-12-31")), "2199-12-31");
}

TEST(ParseDate, RejectsBadStrings) {
  for (absl::string_view bad : {
           "2025-13-01",   // month 13
           "2025-00-10",   // month 0
           "2025-02-30",   // no such day
           "2025-01-00",   // day 0
           "2025-02-29",   // 2025 is not a leap year
           "2100-02-29",   // 2100 is not a leap year (÷100, not ÷400)
           "25-01-01",     // two-digit year
           "2025-1-1",     // month and day not zero-padded
           "2025-01-1",    //
           "",             //
           "2025/01/01",   // wrong separator
           "20250101",     // no separators
           "2025-01-01T00:00",  // trailing time
           " 2025-01-01",  // leading space
           "2025-01-01 ",  // trailing space
           "2025-0a-01",   // not a digit
       }) {
    SCOPED_TRACE(absl::StrCat("input \"", bad, "\""));
    const absl::StatusOr<Date> parsed = parse_date(bad);
    EXPECT_FALSE(parsed.ok()) << "parsed as " << Str(parsed);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(FormatDate, IsZeroPaddedIso) {
  EXPECT_EQ(format_date(Date(2025, 3, 7)), "2025-03-07");
  EXPECT_EQ(format_date(Date(1999, 12, 31)), "1999-12-31");
  EXPECT_EQ(format_date(Date(2024, 2, 29)), "2024-02-29");
}

TEST(FormatDate, RoundTripsThroughParseDateForEveryDayOfTheDefaultRange) {
  for (Date d(1970, 1, 1); d <= Date(2199, 12, 31); ++d) {
    const absl::StatusOr<Date> back = parse_date(format_date(d));
    ASSERT_TRUE(back.ok()) << format_date(d) << ": " << back.status();
    ASSERT_EQ(*back, d);
  }
}

TEST(EpochDays, CountFrom1970) {
  EXPECT_EQ(to_epoch_days(Date(1970, 1, 1)), 0);
  EXPECT_EQ(to_epoch_days(Date(1970, 1, 2)), 1);
  EXPECT_EQ(to_epoch_days(Date(1969, 12, 31)), -1);
  // 30 years of 365 days + the leap days 1972, 1976, ..., 1996 (7) = 10950 + 7.
  EXPECT_EQ(to_epoch_days(Date(2000, 1, 1)), 10957);
  // 55 * 365 + the leap days 1972..2024 (14) = 20075 + 14.
  EXPECT_EQ(to_epoch_days(Date(2025, 1, 1)), 20089);
  EXPECT_EQ(Show(from_epoch_days(0)), "1970-01-01");
  EXPECT_EQ(Show(from_epoch_days(-1)), "1969-12-31");
  EXPECT_EQ(Show(from_epoch_days(20089)), "2025-01-01");
  for (int64_t days = -800; days < 80000; days += 7) {
    ASSERT_EQ(to_epoch_days(from_epoch_days(days)), days);
  }
}

TEST(WeekdayOf, KnownDates) {
  EXPECT_EQ(weekday_of(Date(1970, 1, 1)), Weekday::kThu);
  EXPECT_EQ(weekday_of(Date(2025, 1, 1)), Weekday::kWed);
  EXPECT_EQ(weekday_of(Date(2024, 2, 29)), Weekday::kThu);
  EXPECT_EQ(weekday_of(Date(2025, 6, 14)), Weekday::kSat);
  EXPECT_EQ(weekday_of(Date(2025, 6, 15)), Weekday::kSun);
  EXPECT_EQ(weekday_of(Date(2025, 6, 16)), Weekday::kMon);
}

// ---- add_months (SPEC §1.2) -------------------------------------------------

TEST(AddMonths, SpecExamples) {
  EXPECT_EQ(Show(add_months(Date(2024, 3, 15), 24)), "2026-03-15");
  EXPECT_EQ(Show(add_months(Date(2024, 1, 31), 1)), "2024-02-29");
  EXPECT_EQ(Show(add_months(Date(2024, 2, 29), 12)), "2025-02-28");
}

TEST(AddMonths, MonthEndsClampToTheLastDayOfAShorterMonth) {
  EXPECT_EQ(Show(add_months(Date(2024, 1, 31), 1)), "2024-02-29");  // leap year
  EXPECT_EQ(Show(add_months(Date(2025, 1, 31), 1)), "2025-02-28");  // common year
  EXPECT_EQ(Show(add_months(Date(2024, 3, 31), 1)), "2024-04-30");
  EXPECT_EQ(Show(add_months(Date(2024, 8, 31), 6)), "2025-02-28");  // Aug 2024 + 6 = Feb 2025
  EXPECT_EQ(Show(add_months(Date(2023, 8, 31), 6)), "2024-02-29");  // Aug 2023 + 6 = Feb 2024
  EXPECT_EQ(Show(add_months(Date(2024, 1, 30), 1)), "2024-02-29");
  EXPECT_EQ(Show(add_months(Date(2024, 12, 31), 2)), "2025-02-28");  // across the year end
  EXPECT_EQ(Show(add_months(Date(2000, 2, 29), 1200)), "2100-02-28");  // 2100 is not leap
  // A day that exists in the target month is kept, whatever the start month.
  EXPECT_EQ(Show(add_months(Date(2024, 1, 31), 2)), "2024-03-31");
  EXPECT_EQ(Show(add_months(Date(2024, 5, 30), 1)), "2024-06-30");
}

TEST(AddMonths, LeapDays) {
  EXPECT_EQ(Show(add_months(Date(2024, 2, 29), 12)), "2025-02-28");
  EXPECT_EQ(Show(add_months(Date(2024, 2, 29), 24)), "2026-02-28");
  EXPECT_EQ(Show(add_months(Date(2024, 2, 29), 48)), "2028-02-29");
  EXPECT_EQ(Show(add_months(Date(2024, 2, 29), -12)), "2023-02-28");
  EXPECT_EQ(Show(add_months(Date(2024, 2, 29), -48)), "2020-02-29");
  EXPECT_EQ(Show(add_months(Date(2024, 2, 29), -1200)), "1924-02-29");  // 1924 is leap
}

TEST(AddMonths, NegativeMonthsCountBackwardsTheSameWay) {
  EXPECT_EQ(Show(add_months(Date(2024, 3, 31), -1)), "2024-02-29");
  EXPECT_EQ(Show(add_months(Date(2025, 3, 31), -1)), "2025-02-28");
  EXPECT_EQ(Show(add_months(Date(2024, 5, 31), -3)), "2024-02-29");
  EXPECT_EQ(Show(add_months(Date(2024, 5, 31), -1)), "2024-04-30");
  EXPECT_EQ(Show(add_months(Date(2025, 1, 15), -1)), "2024-12-15");
  EXPECT_EQ(Show(add_months(Date(2025, 1, 15), -13)), "2023-12-15");
  EXPECT_EQ(Show(add_months(Date(2026, 3, 15), -24)), "2024-03-15");
}

TEST(AddMonths, ZeroMonthsIsTheSameDate) {
  for (const Date d : {Date(2024, 1, 31), Date(2024, 2, 29), Date(2025, 2, 28), Date(2025, 6, 16)}) {
    EXPECT_EQ(add_months(d, 0), d);
  }
}

// Boost's `date + months(n)` moves a start on the last day of a month to the last
// day of the target month; the legal rule keeps the day-of-month.
TEST(AddMonths, IsNotBoostEndOfMonthSnapping) {
  EXPECT_EQ(Show(add_months(Date(2024, 2, 29), 1)), "2024-03-29");  // Boost: 2024-03-31
  EXPECT_EQ(Show(add_months(Date(2023, 4, 30), 1)), "2023-05-30");  // Boost: 2023-05-31
  EXPECT_EQ(Show(add_months(Date(2025, 2, 28), 1)), "2025-03-28");  // Boost: 2025-03-31
  EXPECT_EQ(Show(add_months(Date(2024, 4, 30), -1)), "2024-03-30");  // Boost: 2024-03-31
  EXPECT_EQ(Show(add_months(Date(2025, 2, 28), 12)), "2026-02-28");
}

TEST(AddMonths, LongSpans) {
  EXPECT_EQ(Show(add_months(Date(2024, 1, 31), 1200)), "2124-01-31");
  EXPECT_EQ(Show(add_months(Date(2024, 3, 15), 120)), "2034-03-15");
  EXPECT_EQ(Show(add_months(Date(2024, 3, 15), -120)), "2014-03-15");
}

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// The rule restated directly: the n-th following month, same day or its last day.
TEST(AddMonths, MatchesTheRuleForEveryDayOf2023To2025AndEveryOffsetUpToFiveYears) {
  for (Date d(2023, 1, 1); d <= Date(2025, 12, 31); ++d) {
    for (int64_t n = -60; n <= 60; ++n) {
      const int64_t index = d.year() * 12 + (d.month() - 1) + n;  // months since year 0
      const int64_t year = index / 12;                             // index > 0 here
      const int month = static_cast<int>(index % 12) + 1;
      const int day = std::min(d.day(), DaysInMonth(year, month));
      ASSERT_EQ(add_months(d, n), Date(year, month, day)) << Show(d) << " + " << n;
    }
  }
}

TEST(AddMonths, BackAndForthIsTheIdentityWhenTheDayExistsInEveryMonth) {
  for (Date d(2020, 1, 1); d <= Date(2027, 12, 31); ++d) {
    if (d.day() > 28) continue;
    for (const int64_t n : {1, 2, 5, 11, 12, 13, 24, 59, 600, -1, -7, -12, -25, -600}) {
      ASSERT_EQ(add_months(add_months(d, n), -n), d) << Show(d) << " and " << n;
    }
  }
}

// ---- Configuration ----------------------------------------------------------

TEST(Config, ParsesTheJsonForm) {
  ASSERT_OK_AND_ASSIGN(const CalendarConfig config, Calendar::parse_config(kMadridJson));
  const CalendarConfig expected = MadridConfig();
  EXPECT_EQ(config.timezone, "Europe/Madrid");
  for (int day = 0; day < 7; ++day) {
    SCOPED_TRACE(absl::StrCat("weekday ", day));
    EXPECT_EQ(config.week[day], expected.week[day]);
  }
  EXPECT_THAT(config.week[0], ElementsAre(WorkInterval{540, 840}, WorkInterval{960, 1140}));
  EXPECT_THAT(config.week[4], ElementsAre(WorkInterval{480, 900}));
  EXPECT_THAT(config.week[5], IsEmpty());
  EXPECT_EQ(config.holidays, expected.holidays);
  EXPECT_EQ(config.observed, ObservedRule::kNone);
  EXPECT_EQ(config.first_year, 1970);  // "years" absent: the default range
  EXPECT_EQ(config.last_year, 2199);
}

TEST(Config, ParsesMidnightObservedAndYears) {
  ASSERT_OK_AND_ASSIGN(const CalendarConfig config, Calendar::parse_config(R"({
      "timezone": "America/Lima",
      "week": {"sat": [["00:00","06:00"],["18:00","24:00"]]},
      "holidays": [], "observed": "sunday_to_monday", "years": [2020, 2030]})"));
  EXPECT_EQ(config.timezone, "America/Lima");
  EXPECT_THAT(config.week[5], ElementsAre(WorkInterval{0, 360}, WorkInterval{1080, 1440}));
  for (const int day : {0, 1, 2, 3, 4, 6}) EXPECT_THAT(config.week[day], IsEmpty());
  EXPECT_EQ(config.observed, ObservedRule::kSundayToMonday);
  EXPECT_EQ(config.first_year, 2020);
  EXPECT_EQ(config.last_year, 2030);
}

TEST(Config, CreateFromStructAndFromJsonAgree) {
  ASSERT_OK_AND_ASSIGN(const Calendar from_struct, Calendar::create(MadridConfig()));
  ASSERT_OK_AND_ASSIGN(const Calendar from_json, Calendar::from_json(kMadridJson));
  for (Date d(2025, 1, 1); d <= Date(2025, 12, 31); ++d) {
    ASSERT_EQ(Str(from_struct.is_holiday(d)), Str(from_json.is_holiday(d))) << Show(d);
    ASSERT_EQ(Str(from_struct.is_working_day(d)), Str(from_json.is_working_day(d))) << Show(d);
  }
  const absl::Time a = At("2025-03-28T13:00:00Z");
  EXPECT_EQ(Str(from_struct.add_business_time(a, absl::Hours(100))),
            Str(from_json.add_business_time(a, absl::Hours(100))));
  EXPECT_EQ(from_struct.config().timezone, "Europe/Madrid");
  EXPECT_EQ(from_json.config().holidays, MadridConfig().holidays);
}

TEST(Config, AWeekdayMissingFromWeekHasNoWorkingTime) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(R"({
      "timezone": "UTC", "week": {"wed": [["09:00","17:00"]]},
      "holidays": [], "observed": "none"})"));
  EXPECT_EQ(Str(cal.is_working_day(Date(2025, 6, 18))), "true");   // Wednesday
  EXPECT_EQ(Str(cal.is_working_day(Date(2025, 6, 16))), "false");  // Monday: absent
  EXPECT_EQ(Str(cal.is_working_day(Date(2025, 6, 19))), "false");  // Thursday: absent
  EXPECT_EQ(Str(cal.is_holiday(Date(2025, 6, 16))), "false");      // and not a holiday
}

TEST(Config, CopiesShareTheSameAnswers) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  const Calendar copy = cal;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(Str(copy.add_business_days(Date(2025, 4, 16), 1)), "2025-04-21");
  EXPECT_EQ(copy.config().timezone, "Europe/Madrid");
}

struct BadConfig {
  std::string json;
  // Every one of these must appear in the error message: the field, the value.
  std::vector<std::string> mentions;
};

// One fault each: the field and the bad value the message must name.
std::vector<BadConfig> BadJsonConfigs() {
  return {
      {ConfigJson(R"("mun": [["09:00","17:00"]])"), {"week", "mun"}},
      {ConfigJson(R"("mon": [["09:00","25:00"]])"), {"week.mon", "25:00"}},
      {ConfigJson(R"("tue": [["09:60","12:00"]])"), {"week.tue", "09:60"}},
      // The header's own example message: "week.mon[1]: interval 13:00-12:00 ...".
      {ConfigJson(R"("mon": [["09:00","12:00"],["13:00","12:00"]])"),
       {"week.mon[1]", "13:00", "12:00"}},
      {ConfigJson(R"("wed": [["12:00","12:00"]])"), {"week.wed", "12:00"}},  // empty
      {ConfigJson(R"("thu": [["09:00","13:00"],["12:00","15:00"]])"),  // overlapping
       {"week.thu", "12:00"}},
      {ConfigJson(R"("fri": [["14:00","15:00"],["09:00","10:00"]])"),  // unsorted
       {"week.fri", "09:00"}},
      {ConfigJson(R"("sat": [["09:00","24:30"]])"), {"week.sat", "24:30"}},
      {ConfigJson(R"("sun": [["24:00","24:00"]])"), {"week.sun", "24:00"}},
      {ConfigJson(R"("sun": [["9am","12:00"]])"), {"week.sun", "9am"}},
      {ConfigJson(R"("mon": "09:00-17:00")"), {"week.mon"}},
      {ConfigJson(kGoodWeek, R"([])", R"("none")", R"("Europe/Atlantis")"),
       {"timezone", "Europe/Atlantis"}},
      {ConfigJson(kGoodWeek, R"(["annual:01-01", "annual:12-25", "easter:x"])"),
       {"holidays[2]", "easter:x"}},
      {ConfigJson(kGoodWeek, R"(["nth:6:mon:01"])"), {"holidays[0]", "nth:6:mon:01"}},
      {ConfigJson(kGoodWeek, R"(["nth:0:mon:01"])"), {"holidays[0]", "nth:0:mon:01"}},
      {ConfigJson(kGoodWeek, R"(["annual:01-01", "nth:1:mon:13"])"),
       {"holidays[1]", "nth:1:mon:13"}},
      {ConfigJson(kGoodWeek, R"(["last:xyz:05"])"), {"holidays[0]", "last:xyz:05"}},
      {ConfigJson(kGoodWeek, R"(["annual:13-01"])"), {"holidays[0]", "annual:13-01"}},
      {ConfigJson(kGoodWeek, R"(["annual:02-30"])"), {"holidays[0]", "annual:02-30"}},
      {ConfigJson(kGoodWeek, R"(["2025-02-29"])"), {"holidays[0]", "2025-02-29"}},
      {ConfigJson(kGoodWeek, R"(["easter:"])"), {"holidays[0]", "easter:"}},
      {ConfigJson(kGoodWeek, R"(["christmas"])"), {"holidays[0]", "christmas"}},
      {ConfigJson(kGoodWeek, R"(["annual:01-01"])", R"("saturday_to_monday")"),
       {"observed", "saturday_to_monday"}},
      {R"({"timezone": "UTC", "week": {}, "holidays": [], "observed": "none",
           "years": [2030, 2020]})",
       {"years"}},
  };
}

TEST(Config, InvalidJsonConfigurationNamesTheFieldAndTheValue) {
  for (const BadConfig& bad : BadJsonConfigs()) {
    SCOPED_TRACE(bad.json);
    const absl::StatusOr<Calendar> cal = Calendar::from_json(bad.json);
    ASSERT_FALSE(cal.ok());
    EXPECT_EQ(cal.status().code(), absl::StatusCode::kInvalidArgument) << cal.status();
    for (const std::string& word : bad.mentions) {
      EXPECT_THAT(cal.status().message(), HasSubstr(word));
    }
  }
}

// The header: parse_config "parses and validates the JSON form without compiling
// it", so it refuses the same configurations.
TEST(Config, ParseConfigValidatesLikeFromJson) {
  for (const BadConfig& bad : BadJsonConfigs()) {
    SCOPED_TRACE(bad.json);
    const absl::StatusOr<CalendarConfig> config = Calendar::parse_config(bad.json);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument) << config.status();
    for (const std::string& word : bad.mentions) {
      EXPECT_THAT(config.status().message(), HasSubstr(word));
    }
  }
}

TEST(Config, TextThatIsNotAJsonObjectIsRefused) {
  for (absl::string_view text : {"{not json", "", "[1, 2, 3]", "\"UTC\"", "{\"timezone\": "}) {
    SCOPED_TRACE(absl::StrCat("text '", text, "'"));
    const absl::StatusOr<Calendar> cal = Calendar::from_json(text);
    ASSERT_FALSE(cal.ok());
    EXPECT_EQ(cal.status().code(), absl::StatusCode::kInvalidArgument) << cal.status();
    EXPECT_FALSE(cal.status().message().empty());
    EXPECT_EQ(Calendar::parse_config(text).status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(Config, InvalidStructConfigurationNamesTheField) {
  struct Case {
    CalendarConfig config;
    std::vector<std::string> mentions;
  };
  std::vector<Case> cases;
  {
    CalendarConfig c;
    c.week[0] = {{HM(10), HM(9)}};  // ends before it starts
    cases.push_back({c, {"week.mon"}});
  }
  {
    CalendarConfig c;
    c.week[2] = {{HM(9), HM(25)}};  // 25:00
    cases.push_back({c, {"week.wed"}});
  }
  {
    CalendarConfig c;
    c.week[4] = {{HM(9), HM(12)}, {HM(11, 40), HM(15)}};  // overlapping
    cases.push_back({c, {"week.fri"}});
  }
  {
    CalendarConfig c;
    c.week[6] = {{-10, HM(1)}};  // before midnight
    cases.push_back({c, {"week.sun"}});
  }
  {
    CalendarConfig c;
    c.timezone = "Europe/Atlantis";
    cases.push_back({c, {"timezone", "Europe/Atlantis"}});
  }
  {
    CalendarConfig c;
    c.holidays = {"annual:01-01", "nth:6:mon:01"};
    cases.push_back({c, {"holidays[1]", "nth:6:mon:01"}});
  }
  {
    CalendarConfig c;
    c.first_year = 2030;
    c.last_year = 2020;
    cases.push_back({c, {}});
  }
  for (const Case& bad : cases) {
    const absl::StatusOr<Calendar> cal = Calendar::create(bad.config);
    ASSERT_FALSE(cal.ok());
    EXPECT_EQ(cal.status().code(), absl::StatusCode::kInvalidArgument) << cal.status();
    for (const std::string& word : bad.mentions) {
      EXPECT_THAT(cal.status().message(), HasSubstr(word));
    }
  }
}

// ---- Holiday rules ----------------------------------------------------------

TEST(Holidays, FixedDateIsOneDayOnly) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::create(OfficeWithHolidays({"2025-12-08"})));
  EXPECT_THAT(HolidaysIn(cal, 2025), ElementsAre("2025-12-08"));
  EXPECT_THAT(HolidaysIn(cal, 2024), IsEmpty());
  EXPECT_THAT(HolidaysIn(cal, 2026), IsEmpty());
}

TEST(Holidays, AnnualRepeatsEveryYear) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal,
                       Calendar::create(OfficeWithHolidays({"annual:12-25", "annual:01-01"})));
  EXPECT_THAT(HolidaysIn(cal, 2024), ElementsAre("2024-01-01", "2024-12-25"));
  EXPECT_THAT(HolidaysIn(cal, 2025), ElementsAre("2025-01-01", "2025-12-25"));
  EXPECT_THAT(HolidaysIn(cal, 2199), ElementsAre("2199-01-01", "2199-12-25"));
}

TEST(Holidays, AnnualLeapDayOnlyInLeapYears) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::create(OfficeWithHolidays({"annual:02-29"})));
  EXPECT_THAT(HolidaysIn(cal, 2024), ElementsAre("2024-02-29"));
  EXPECT_THAT(HolidaysIn(cal, 2025), IsEmpty());  // not moved to 02-28 or 03-01
  EXPECT_THAT(HolidaysIn(cal, 2028), ElementsAre("2028-02-29"));
  EXPECT_THAT(HolidaysIn(cal, 2000), ElementsAre("2000-02-29"));
  EXPECT_THAT(HolidaysIn(cal, 2100), IsEmpty());  // 2100 is not a leap year
}

TEST(Holidays, EasterSunday) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::create(OfficeWithHolidays({"easter:0"})));
  EXPECT_THAT(HolidaysIn(cal, 2024), ElementsAre("2024-03-31"));
  EXPECT_THAT(HolidaysIn(cal, 2025), ElementsAre("2025-04-20"));
  EXPECT_THAT(HolidaysIn(cal, 2026), ElementsAre("2026-04-05"));
  // Published Easter dates, including the earliest and latest of the range.
  EXPECT_THAT(HolidaysIn(cal, 2000), ElementsAre("2000-04-23"));
  EXPECT_THAT(HolidaysIn(cal, 2008), ElementsAre("2008-03-23"));
  EXPECT_THAT(HolidaysIn(cal, 2019), ElementsAre("2019-04-21"));
  EXPECT_THAT(HolidaysIn(cal, 2027), ElementsAre("2027-03-28"));
  EXPECT_THAT(HolidaysIn(cal, 2038), ElementsAre("2038-04-25"));
}

TEST(Holidays, GoodFridayAndEasterMonday) {
  ASSERT_OK_AND_ASSIGN(const Calendar good_friday,
                       Calendar::create(OfficeWithHolidays({"easter:-2"})));
  EXPECT_THAT(HolidaysIn(good_friday, 2024), ElementsAre("2024-03-29"));
  EXPECT_THAT(HolidaysIn(good_friday, 2025), ElementsAre("2025-04-18"));
  EXPECT_THAT(HolidaysIn(good_friday, 2026), ElementsAre("2026-04-03"));

  ASSERT_OK_AND_ASSIGN(const Calendar easter_monday,
                       Calendar::create(OfficeWithHolidays({"easter:1"})));
  EXPECT_THAT(HolidaysIn(easter_monday, 2024), ElementsAre("2024-04-01"));
  EXPECT_THAT(HolidaysIn(easter_monday, 2025), ElementsAre("2025-04-21"));
  EXPECT_THAT(HolidaysIn(easter_monday, 2026), ElementsAre("2026-04-06"));
}

// The rule is written `easter:±K`: an explicit plus sign means the same as none.
TEST(Holidays, EasterOffsetAcceptsAnExplicitPlusSign) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::create(OfficeWithHolidays({"easter:+1"})));
  EXPECT_THAT(HolidaysIn(cal, 2025), ElementsAre("2025-04-21"));
}

TEST(Holidays, EasterOffsetsCrossMonths) {
  // Ash Wednesday = Easter - 46. 2025: Apr 20 - 20 = Mar 31, - 26 more = Mar 5.
  // 2024: Mar 31 - 31 = Feb 29, - 15 more = Feb 14.
  // Corpus Christi = Easter + 60. 2025: Apr 20 + 10 = Apr 30, + 31 = May 31, + 19 = Jun 19.
  // 2024: Mar 31 + 30 = Apr 30, + 30 = May 30.
  ASSERT_OK_AND_ASSIGN(const Calendar cal,
                       Calendar::create(OfficeWithHolidays({"easter:-46", "easter:60"})));
  EXPECT_THAT(HolidaysIn(cal, 2025), ElementsAre("2025-03-05", "2025-06-19"));
  EXPECT_THAT(HolidaysIn(cal, 2024), ElementsAre("2024-02-14", "2024-05-30"));
}

TEST(Holidays, NthWeekdayOfMonth) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal,
                       Calendar::create(OfficeWithHolidays({"nth:1:mon:09", "nth:4:thu:11"})));
  // 2025-09-01 is a Monday. 2024-09-01 is a Sunday, so the first Monday is 09-02.
  // Thursdays of Nov 2025: 6, 13, 20, 27; of Nov 2024: 7, 14, 21, 28.
  EXPECT_THAT(HolidaysIn(cal, 2025), ElementsAre("2025-09-01", "2025-11-27"));
  EXPECT_THAT(HolidaysIn(cal, 2024), ElementsAre("2024-09-02", "2024-11-28"));
}

TEST(Holidays, FifthWeekdayOnlyInYearsThatHaveOne) {
  ASSERT_OK_AND_ASSIGN(const Calendar fifth_monday_of_february,
                       Calendar::create(OfficeWithHolidays({"nth:5:mon:02"})));
  // Mondays of Feb 2025: 3, 10, 17, 24; of Feb 2024: 5, 12, 19, 26: no fifth, no
  // holiday (and nothing spills into March). 2016-02-01 was a Monday in a leap year.
  EXPECT_THAT(HolidaysIn(fifth_monday_of_february, 2025), IsEmpty());
  EXPECT_THAT(HolidaysIn(fifth_monday_of_february, 2024), IsEmpty());
  EXPECT_THAT(HolidaysIn(fifth_monday_of_february, 2016), ElementsAre("2016-02-29"));

  ASSERT_OK_AND_ASSIGN(const Calendar fifth_friday_of_january,
                       Calendar::create(OfficeWithHolidays({"nth:5:fri:01"})));
  // Fridays of Jan 2025: 3 .. 31; Jan 2026: 2 .. 30; Jan 2027: 1 .. 29.
  EXPECT_THAT(HolidaysIn(fifth_friday_of_january, 2025), ElementsAre("2025-01-31"));
  EXPECT_THAT(HolidaysIn(fifth_friday_of_january, 2026), ElementsAre("2026-01-30"));
  EXPECT_THAT(HolidaysIn(fifth_friday_of_january, 2027), ElementsAre("2027-01-29"));
}

TEST(Holidays, EveryWeekdayNameIsUnderstood) {
  // January 2025 starts on a Wednesday, so the first of each weekday is Jan 1..7.
  ASSERT_OK_AND_ASSIGN(
      const Calendar cal,
      Calendar::create(OfficeWithHolidays({"nth:1:mon:01", "nth:1:tue:01", "nth:1:wed:01",
                                           "nth:1:thu:01", "nth:1:fri:01", "nth:1:sat:01",
                                           "nth:1:sun:01"})));
  EXPECT_THAT(HolidaysIn(cal, 2025),
              ElementsAre("2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04", "2025-01-05",
                          "2025-01-06", "2025-01-07"));
}

TEST(Holidays, LastWeekdayOfMonth) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal,
                       Calendar::create(OfficeWithHolidays({"last:mon:05", "last:sun:12"})));
  // Mondays of May 2025: ..., 19, 26; May 2024: ..., 20, 27.
  // Sundays of Dec 2025: ..., 21, 28; Dec 2024: ..., 22, 29.
  EXPECT_THAT(HolidaysIn(cal, 2025), ElementsAre("2025-05-26", "2025-12-28"));
  EXPECT_THAT(HolidaysIn(cal, 2024), ElementsAre("2024-05-27", "2024-12-29"));

  ASSERT_OK_AND_ASSIGN(const Calendar last_thursday_of_february,
                       Calendar::create(OfficeWithHolidays({"last:thu:02"})));
  EXPECT_THAT(HolidaysIn(last_thursday_of_february, 2024), ElementsAre("2024-02-29"));
  EXPECT_THAT(HolidaysIn(last_thursday_of_february, 2025), ElementsAre("2025-02-27"));
}

TEST(Holidays, SpecExampleRules) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(R"({
      "timezone": "Europe/Madrid",
      "week": {"mon": [["09:00","14:00"],["16:00","19:00"]],
               "tue": [["09:00","14:00"],["16:00","19:00"]],
               "wed": [["09:00","14:00"],["16:00","19:00"]],
               "thu": [["09:00","14:00"],["16:00","19:00"]],
               "fri": [["08:00","15:00"]], "sat": [], "sun": []},
      "holidays": ["2025-12-08", "annual:01-01", "annual:12-25", "easter:-2",
                   "nth:1:mon:09", "last:mon:05"],
      "observed": "none"})"));
  EXPECT_THAT(HolidaysIn(cal, 2025), ElementsAre("2025-01-01", "2025-04-18", "2025-05-26",
                                                 "2025-09-01", "2025-12-08", "2025-12-25"));
  EXPECT_THAT(HolidaysIn(cal, 2026), ElementsAre("2026-01-01", "2026-04-03", "2026-05-25",
                                                 "2026-09-07", "2026-12-25"));
}

TEST(Holidays, ObservedSundayToMondayMovesAnnualHolidays) {
  // 2022-05-01 is a Sunday; 2025-05-01 a Thursday; 2021-05-01 a Saturday.
  ASSERT_OK_AND_ASSIGN(
      const Calendar observed,
      Calendar::create(OfficeWithHolidays({"annual:05-01"}, ObservedRule::kSundayToMonday)));
  EXPECT_THAT(HolidaysIn(observed, 2022), ElementsAre("2022-05-01", "2022-05-02"));
  EXPECT_THAT(HolidaysIn(observed, 2025), ElementsAre("2025-05-01"));
  EXPECT_THAT(HolidaysIn(observed, 2021), ElementsAre("2021-05-01"));  // Saturday: not moved
  EXPECT_EQ(Str(observed.is_working_day(Date(2022, 5, 2))), "false");
  // Friday 2022-04-29 + 1 working day skips the weekend and the observed Monday.
  EXPECT_EQ(Str(observed.add_business_days(Date(2022, 4, 29), 1)), "2022-05-03");

  ASSERT_OK_AND_ASSIGN(const Calendar not_observed,
                       Calendar::create(OfficeWithHolidays({"annual:05-01"}, ObservedRule::kNone)));
  EXPECT_THAT(HolidaysIn(not_observed, 2022), ElementsAre("2022-05-01"));
  EXPECT_EQ(Str(not_observed.is_working_day(Date(2022, 5, 2))), "true");
}

TEST(Holidays, ObservedFromJson) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(ConfigJson(
                                               kGoodWeek, R"(["annual:05-01"])",
                                               R"("sunday_to_monday")")));
  EXPECT_THAT(HolidaysIn(cal, 2022), ElementsAre("2022-05-01", "2022-05-02"));
}

TEST(Holidays, OnlyAnnualRulesAreObserved) {
  // Each of these falls on a Sunday: 2022-05-01 (fixed), Easter, the first Sunday
  // of May 2022 (05-01), the last Sunday of May 2022 (05-29).
  ASSERT_OK_AND_ASSIGN(const Calendar cal,
                       Calendar::create(OfficeWithHolidays(
                           {"2022-05-01", "easter:0", "nth:1:sun:05", "last:sun:05"},
                           ObservedRule::kSundayToMonday)));
  EXPECT_THAT(HolidaysIn(cal, 2022), ElementsAre("2022-04-17", "2022-05-01", "2022-05-29"));
  EXPECT_THAT(HolidaysIn(cal, 2025), ElementsAre("2025-04-20", "2025-05-04", "2025-05-25"));
}

TEST(Holidays, ObservedMondayCanFallInTheNextYear) {
  // 2023-12-31 is a Sunday, so Monday 2024-01-01 is observed.
  ASSERT_OK_AND_ASSIGN(
      const Calendar cal,
      Calendar::create(OfficeWithHolidays({"annual:12-31"}, ObservedRule::kSundayToMonday)));
  EXPECT_THAT(HolidaysIn(cal, 2024), ElementsAre("2024-01-01", "2024-12-31"));
  EXPECT_THAT(HolidaysIn(cal, 2025), ElementsAre("2025-12-31"));  // 2024-12-31 is a Tuesday
}

TEST(Holidays, ObservedMondayDoesNotCascade) {
  // 2022-12-25 is a Sunday, observed on Monday 12-26, which is itself a holiday:
  // the SPEC observes "the following Monday", nothing moves on to Tuesday.
  ASSERT_OK_AND_ASSIGN(const Calendar cal,
                       Calendar::create(OfficeWithHolidays({"annual:12-25", "annual:12-26"},
                                                           ObservedRule::kSundayToMonday)));
  EXPECT_THAT(HolidaysIn(cal, 2022), ElementsAre("2022-12-25", "2022-12-26"));
}

// ---- Working days and business days -----------------------------------------

TEST(IsWorkingDay, WeekdaysWeekendsAndHolidays) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  EXPECT_EQ(Str(cal.is_working_day(Date(2025, 6, 16))), "true");   // Monday
  EXPECT_EQ(Str(cal.is_working_day(Date(2025, 6, 20))), "true");   // Friday, shorter day
  EXPECT_EQ(Str(cal.is_working_day(Date(2025, 6, 14))), "false");  // Saturday: no intervals
  EXPECT_EQ(Str(cal.is_working_day(Date(2025, 6, 15))), "false");  // Sunday
  EXPECT_EQ(Str(cal.is_holiday(Date(2025, 6, 14))), "false");      // a weekend is no holiday
  EXPECT_EQ(Str(cal.is_working_day(Date(2025, 12, 8))), "false");  // Monday, holiday
  EXPECT_EQ(Str(cal.is_holiday(Date(2025, 12, 8))), "true");
  EXPECT_EQ(Str(cal.is_working_day(Date(2025, 4, 17))), "false");  // Holy Thursday
  EXPECT_EQ(Str(cal.is_working_day(Date(2025, 4, 18))), "false");  // Good Friday
  EXPECT_EQ(Str(cal.is_working_day(Date(2025, 4, 21))), "true");   // Easter Monday: not listed
  EXPECT_EQ(Str(cal.is_holiday(Date(2025, 11, 1))), "true");       // Saturday holiday
}

TEST(IsWorkingDay, AHolidayOnAWorkingSaturday) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(ConfigJson(
                                               R"("sat": [["10:00","14:00"]])",
                                               R"(["annual:11-01"])")));
  EXPECT_EQ(Str(cal.is_working_day(Date(2025, 10, 25))), "true");   // Saturday
  EXPECT_EQ(Str(cal.is_working_day(Date(2025, 11, 1))), "false");   // Saturday, holiday
  EXPECT_EQ(Str(cal.is_working_day(Date(2025, 10, 27))), "false");  // Monday: no intervals
}

TEST(AddBusinessDays, ZeroIsTheDateOrTheNextWorkingDay) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kOfficeUtcJson));
  EXPECT_EQ(Str(cal.add_business_days(Date(2025, 6, 11), 0)), "2025-06-11");  // Wednesday
  EXPECT_EQ(Str(cal.add_business_days(Date(2025, 6, 14), 0)), "2025-06-16");  // Saturday
  EXPECT_EQ(Str(cal.add_business_days(Date(2025, 6, 15), 0)), "2025-06-16");  // Sunday
  EXPECT_EQ(Str(cal.add_business_days(Date(2025, 12, 8), 0)), "2025-12-09");  // holiday Monday
}

TEST(AddBusinessDays, CountsWorkingDaysAfterTheDate) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kOfficeUtcJson));
  EXPECT_EQ(Str(cal.add_business_days(Date(2025, 6, 16), 1)), "2025-06-17");
  EXPECT_EQ(Str(cal.add_business_days(Date(2025, 6, 13), 1)), "2025-06-16");  // Fri -> Mon
  // "The n-th working day after date": the first working day after Saturday is Monday.
  EXPECT_EQ(Str(cal.add_business_days(Date(2025, 6, 14), 1)), "2025-06-16");
  EXPECT_EQ(Str(cal.add_business_days(Date(2025, 6, 14), 2)), "2025-06-17");
  EXPECT_EQ(Str(cal.add_business_days(Date(2025, 6, 16), 5)), "2025-06-23");  // a week
  EXPECT_EQ(Str(cal.add_business_days(Date(2025, 6, 16), 10)), "2025-06-30");
}

TEST(AddBusinessDays, SkipsHolidays) {
  ASSERT_OK_AND_ASSIGN(const Calendar office, Calendar::from_json(kOfficeUtcJson));
  // Fri 12-05 -> Sat, Sun, Mon 12-08 (holiday) -> Tue 12-09.
  EXPECT_EQ(Str(office.add_business_days(Date(2025, 12, 5), 1)), "2025-12-09");
  // Wed 12-24 -> Thu 12-25 (holiday) -> Fri 12-26.
  EXPECT_EQ(Str(office.add_business_days(Date(2025, 12, 24), 1)), "2025-12-26");
  // Wed 12-31 -> Thu 2026-01-01 (holiday) -> Fri 2026-01-02.
  EXPECT_EQ(Str(office.add_business_days(Date(2025, 12, 31), 1)), "2026-01-02");

  ASSERT_OK_AND_ASSIGN(const Calendar madrid, Calendar::from_json(kMadridJson));
  // Wed 04-16 -> Thu 04-17 and Fri 04-18 (Holy Thursday, Good Friday), weekend -> Mon 04-21.
  EXPECT_EQ(Str(madrid.add_business_days(Date(2025, 4, 16), 1)), "2025-04-21");
  // Wed 04-30 -> Thu 05-01, Fri 05-02 (holidays), weekend -> Mon 05-05, Tue 05-06.
  EXPECT_EQ(Str(madrid.add_business_days(Date(2025, 4, 30), 2)), "2025-05-06");
}

TEST(AddBusinessDays, SixtyWorkingDaysAcrossEasterAndMayDay) {
  ASSERT_OK_AND_ASSIGN(const Calendar madrid, Calendar::from_json(kMadridJson));
  // From Mon 2025-03-03, counting working days after it:
  //   Mar 4-7 (4) =4, Mar 10-14 =9, 17-21 =14, 24-28 =19, Mon Mar 31 =20,
  //   Apr 1-4 (Tue-Fri) =24, Apr 7-11 =29, Apr 14-16 (17, 18 holidays) =32,
  //   Apr 21-25 =37, Apr 28-30 (May 1, 2 holidays) =40,
  //   May 5-9 =45, 12-16 =50, 19-23 =55, 26-30 =60 -> Fri 2025-05-30.
  EXPECT_EQ(Str(madrid.add_business_days(Date(2025, 3, 3), 60)), "2025-05-30");
  EXPECT_EQ(Str(madrid.add_business_days(Date(2025, 3, 3), 59)), "2025-05-29");
}

TEST(AddBusinessDays, NegativeCountIsRefused) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kOfficeUtcJson));
  EXPECT_EQ(cal.add_business_days(Date(2025, 6, 16), -1).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// ---- Business time, UTC office (09:00-17:00 Mon-Fri) ------------------------

TEST(BusinessTimeUtc, WithinOneDay) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kOfficeUtcJson));
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T10:00:00Z"), absl::Hours(2))),
            "2025-06-16T12:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T10:00:00Z"), absl::Seconds(90))),
            "2025-06-16T10:01:30Z");
  EXPECT_EQ(Str(cal.business_time_between(At("2025-06-16T10:00:00Z"),
                                          At("2025-06-16T12:30:00Z"))),
            "2h30m");
}

TEST(BusinessTimeUtc, ADeadlineAtTheEndOfTheDayIsThatEnd) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kOfficeUtcJson));
  // 09:00 + 8 h in a 09:00-17:00 day is 17:00 the same day, not 09:00 the next.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T09:00:00Z"), absl::Hours(8))),
            "2025-06-16T17:00:00Z");
  // On a Friday too: not Monday 09:00.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-20T09:00:00Z"), absl::Hours(8))),
            "2025-06-20T17:00:00Z");
  // One second more spills into the next working day.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T09:00:00Z"),
                                      absl::Hours(8) + absl::Seconds(1))),
            "2025-06-17T09:00:01Z");
}

TEST(BusinessTimeUtc, CarriesOverToTheNextWorkingDay) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kOfficeUtcJson));
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T16:00:00Z"), absl::Hours(2))),
            "2025-06-17T10:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T16:59:59Z"), absl::Seconds(2))),
            "2025-06-17T09:00:01Z");
  // Friday 16:00 + 2 h: 1 h on Friday, 1 h on Monday.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-20T16:00:00Z"), absl::Hours(2))),
            "2025-06-23T10:00:00Z");
  // Friday 2025-12-05 16:00 + 2 h: Monday 12-08 is a holiday.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-12-05T16:00:00Z"), absl::Hours(2))),
            "2025-12-09T10:00:00Z");
}

TEST(BusinessTimeUtc, StartOutsideWorkingTimeBeginsAtTheNextWorkingInstant) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kOfficeUtcJson));
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T07:00:00Z"), absl::Hours(1))),
            "2025-06-16T10:00:00Z");  // before opening
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T18:00:00Z"), absl::Hours(1))),
            "2025-06-17T10:00:00Z");  // after closing
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T17:00:00Z"), absl::Hours(1))),
            "2025-06-17T10:00:00Z");  // at closing: [09:00, 17:00) is half-open
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-21T12:00:00Z"), absl::Hours(1))),
            "2025-06-23T10:00:00Z");  // Saturday
  EXPECT_EQ(Str(cal.add_business_time(At("2025-12-25T10:00:00Z"), absl::Hours(1))),
            "2025-12-26T10:00:00Z");  // holiday (Thursday)
}

TEST(BusinessTimeUtc, ZeroAmount) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kOfficeUtcJson));
  // Inside working time: the start itself (an interval's start counts as inside).
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T10:00:00Z"), absl::ZeroDuration())),
            "2025-06-16T10:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T09:00:00Z"), absl::ZeroDuration())),
            "2025-06-16T09:00:00Z");
  // Outside: the next working instant.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T07:00:00Z"), absl::ZeroDuration())),
            "2025-06-16T09:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T17:00:00Z"), absl::ZeroDuration())),
            "2025-06-17T09:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-21T12:00:00Z"), absl::ZeroDuration())),
            "2025-06-23T09:00:00Z");
}

TEST(BusinessTimeUtc, SpansOfSeveralWeeks) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kOfficeUtcJson));
  // Mon 2025-06-02 09:00 + 80 h = ten 8-hour days: Jun 2-6 and 9-13, ending Fri 17:00.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-02T09:00:00Z"), absl::Hours(80))),
            "2025-06-13T17:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-02T09:00:00Z"), absl::Hours(81))),
            "2025-06-16T10:00:00Z");
  // Four weeks = 160 h, ending Friday 2025-06-27 17:00.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-02T09:00:00Z"), absl::Hours(160))),
            "2025-06-27T17:00:00Z");
  EXPECT_EQ(Str(cal.business_time_between(At("2025-06-02T09:00:00Z"),
                                          At("2025-06-13T17:00:00Z"))),
            "80h");
  // 2025: 365 days from a Wednesday = 52 weeks + 1 Wednesday = 261 weekdays, minus
  // three weekday holidays (Wed 01-01, Mon 12-08, Thu 12-25) = 258 days * 8 h = 2064 h.
  EXPECT_EQ(Str(cal.business_time_between(At("2025-01-01T00:00:00Z"),
                                          At("2026-01-01T00:00:00Z"))),
            "2064h");
  // So the whole year's working time ends on its last working day, Wed 12-31, 17:00.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-01-01T00:00:00Z"), absl::Hours(2064))),
            "2025-12-31T17:00:00Z");
}

TEST(BusinessTimeUtc, Between) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kOfficeUtcJson));
  EXPECT_EQ(Str(cal.business_time_between(At("2025-06-16T00:00:00Z"),
                                          At("2025-06-23T00:00:00Z"))),
            "40h");  // one week
  EXPECT_EQ(Str(cal.business_time_between(At("2025-06-16T16:30:00Z"),
                                          At("2025-06-17T09:30:00Z"))),
            "1h");  // across the night
  EXPECT_EQ(Str(cal.business_time_between(At("2025-06-21T00:00:00Z"),
                                          At("2025-06-23T00:00:00Z"))),
            "0");  // a weekend
  // Wed 12-24 and Fri 12-26; Thu 12-25 is a holiday.
  EXPECT_EQ(Str(cal.business_time_between(At("2025-12-24T09:00:00Z"),
                                          At("2025-12-27T00:00:00Z"))),
            "16h");
}

TEST(BusinessTimeUtc, BetweenIsZeroWhenTheEndIsNotAfterTheStart) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kOfficeUtcJson));
  const absl::Time a = At("2025-06-16T10:00:00Z");
  EXPECT_EQ(Str(cal.business_time_between(a, a)), "0");
  EXPECT_EQ(Str(cal.business_time_between(a, a - absl::Hours(30))), "0");
  EXPECT_EQ(Str(cal.business_time_between(At("2025-06-23T10:00:00Z"), a)), "0");
}

TEST(BusinessTimeUtc, NegativeAmountIsRefused) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kOfficeUtcJson));
  EXPECT_EQ(cal.add_business_time(At("2025-06-16T10:00:00Z"), -absl::Seconds(1)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(BusinessTimeUtc, IntervalsEndingAtMidnightJoinTheNextDay) {
  // Sunday 22:00-24:00 and Monday 00:00-01:00 make one 3-hour stretch.
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(ConfigJson(
                                               R"("sun": [["22:00","24:00"]],
                                                  "mon": [["00:00","01:00"]])",
                                               R"([])")));
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-15T22:00:00Z"), absl::Hours(2))),
            "2025-06-16T00:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-15T23:00:00Z"), absl::Hours(2))),
            "2025-06-16T01:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T00:30:00Z"), absl::Hours(1))),
            "2025-06-22T22:30:00Z");  // 30 min on Monday, then the next Sunday
  EXPECT_EQ(Str(cal.business_time_between(At("2025-06-15T00:00:00Z"),
                                          At("2025-06-17T00:00:00Z"))),
            "3h");
}

// ---- Business time, Europe/Madrid with split shifts -------------------------
// Summer (CEST, UTC+2): Mon-Thu 09:00-14:00 = 07:00Z-12:00Z, 16:00-19:00 =
// 14:00Z-17:00Z; Fri 08:00-15:00 = 06:00Z-13:00Z. Winter (CET, UTC+1): one hour later
// in UTC.

TEST(BusinessTimeMadrid, SplitShifts) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  // Mon 2025-06-16 09:00 + 5 h = 14:00 (12:00Z), the end of the morning shift, not 16:00.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T07:00:00Z"), absl::Hours(5))),
            "2025-06-16T12:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T07:00:00Z"),
                                      absl::Hours(5) + absl::Seconds(1))),
            "2025-06-16T14:00:01Z");  // 16:00:01 local
  // 09:00 + 8 h = 19:00 the same day (17:00Z).
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T07:00:00Z"), absl::Hours(8))),
            "2025-06-16T17:00:00Z");
  // 13:00 -> 17:00 local holds 1 h before lunch and 1 h after.
  EXPECT_EQ(Str(cal.business_time_between(At("2025-06-16T11:00:00Z"),
                                          At("2025-06-16T15:00:00Z"))),
            "2h");
  // Friday's single shift: 14:00 + 2 h = 1 h to 15:00, then Monday 09:00 + 1 h.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-20T12:00:00Z"), absl::Hours(2))),
            "2025-06-23T08:00:00Z");
}

TEST(BusinessTimeMadrid, StartOutsideWorkingTime) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  // Before opening: 07:30 + 30 min = 09:30 local.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T05:30:00Z"), absl::Minutes(30))),
            "2025-06-16T07:30:00Z");
  // In the lunch gap: 15:00 + 1 h = 17:00 local.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T13:00:00Z"), absl::Hours(1))),
            "2025-06-16T15:00:00Z");
  // After closing: Monday 20:00 + 1 h = Tuesday 10:00 local.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T18:00:00Z"), absl::Hours(1))),
            "2025-06-17T08:00:00Z");
  // Weekend: Saturday 10:00 + 1 h = Monday 10:00 local.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-21T08:00:00Z"), absl::Hours(1))),
            "2025-06-23T08:00:00Z");
  // Holiday: Thursday 2025-05-01 10:00; Friday 05-02 is a holiday too, so Monday
  // 05-05 10:00 local.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-05-01T08:00:00Z"), absl::Hours(1))),
            "2025-05-05T08:00:00Z");
}

TEST(BusinessTimeMadrid, ZeroAmount) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T08:00:00Z"), absl::ZeroDuration())),
            "2025-06-16T08:00:00Z");  // 10:00 local, inside
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T13:00:00Z"), absl::ZeroDuration())),
            "2025-06-16T14:00:00Z");  // lunch gap -> 16:00 local
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T17:00:00Z"), absl::ZeroDuration())),
            "2025-06-17T07:00:00Z");  // 19:00 closing -> Tuesday 09:00 local
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-21T08:00:00Z"), absl::ZeroDuration())),
            "2025-06-23T07:00:00Z");  // Saturday -> Monday 09:00 local
  EXPECT_EQ(Str(cal.add_business_time(At("2025-05-01T08:00:00Z"), absl::ZeroDuration())),
            "2025-05-05T07:00:00Z");  // holidays Thu, Fri -> Monday 09:00 local
}

TEST(BusinessTimeMadrid, Winter) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  // Mon 2025-01-13 09:00 CET = 08:00Z; + 5 h = 14:00 CET = 13:00Z.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-01-13T08:00:00Z"), absl::Hours(5))),
            "2025-01-13T13:00:00Z");
}

TEST(BusinessTimeMadrid, SpansOfSeveralWeeks) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  // One week from Monday 00:00 local (Sunday 22:00Z): 4 * 8 h + 7 h = 39 h.
  EXPECT_EQ(Str(cal.business_time_between(At("2025-06-15T22:00:00Z"),
                                          At("2025-06-22T22:00:00Z"))),
            "39h");
  // Mon 2025-06-02 09:00 + 3 * 39 h (no holidays in June) ends Fri 06-20 15:00 local.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-02T07:00:00Z"), absl::Hours(117))),
            "2025-06-20T13:00:00Z");
  // Holy week 2025: Mon-Wed 04-14..16 only (24 h); Thu and Fri are holidays.
  EXPECT_EQ(Str(cal.business_time_between(At("2025-04-13T22:00:00Z"),
                                          At("2025-04-20T22:00:00Z"))),
            "24h");
  // The whole of 2025 (local midnight to local midnight, both CET). Weekday counts:
  // 53 Wednesdays, 52 of every other day. Mon-Thu: 209 days - 6 holidays (01-01,
  // 01-06, 04-17, 05-01, 12-08, 12-25) = 203 * 8 h = 1624 h. Fridays: 52 - 3
  // (04-18, 05-02, 08-15) = 49 * 7 h = 343 h. Total 1967 h.
  EXPECT_EQ(Str(cal.business_time_between(At("2024-12-31T23:00:00Z"),
                                          At("2025-12-31T23:00:00Z"))),
            "1967h");
  // ... so it ends at closing on Wed 2025-12-31, 19:00 CET = 18:00Z.
  EXPECT_EQ(Str(cal.add_business_time(At("2024-12-31T23:00:00Z"), absl::Hours(1967))),
            "2025-12-31T18:00:00Z");
}

TEST(BusinessTimeOtherZone, Lima) {
  // America/Lima is UTC-5 all year: 09:00-18:00 local = 14:00Z-23:00Z.
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(ConfigJson(
                                               R"("mon": [["09:00","18:00"]],
                                                  "tue": [["09:00","18:00"]])",
                                               R"([])", R"("none")", R"("America/Lima")")));
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T14:00:00Z"), absl::Hours(9))),
            "2025-06-16T23:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-06-16T14:00:00Z"), absl::Hours(10))),
            "2025-06-17T15:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-01-13T10:00:00Z"), absl::ZeroDuration())),
            "2025-01-13T14:00:00Z");
}

// ---- Daylight saving time in Europe/Madrid, 2025 ----------------------------

constexpr absl::string_view kMadridAllDayJson = R"({
  "timezone": "Europe/Madrid",
  "week": {"mon": [["00:00","24:00"]], "tue": [["00:00","24:00"]], "wed": [["00:00","24:00"]],
           "thu": [["00:00","24:00"]], "fri": [["00:00","24:00"]], "sat": [["00:00","24:00"]],
           "sun": [["00:00","24:00"]]},
  "holidays": [], "observed": "none"
})";

TEST(Dst, AllDayCalendarHas23And25HourDays) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridAllDayJson));
  // 2025-03-30: local midnight is 23:00Z the day before (CET), the next local
  // midnight 22:00Z (CEST): 23 h.
  EXPECT_EQ(Str(cal.business_time_between(At("2025-03-29T23:00:00Z"),
                                          At("2025-03-30T22:00:00Z"))),
            "23h");
  // 2025-10-26: 22:00Z the day before (CEST) to 23:00Z (CET): 25 h.
  EXPECT_EQ(Str(cal.business_time_between(At("2025-10-25T22:00:00Z"),
                                          At("2025-10-26T23:00:00Z"))),
            "25h");
  // An ordinary day: 24 h.
  EXPECT_EQ(Str(cal.business_time_between(At("2025-06-15T22:00:00Z"),
                                          At("2025-06-16T22:00:00Z"))),
            "24h");
  // Working all the time, elapsed working time is elapsed real time.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-03-29T23:00:00Z"), absl::Hours(23))),
            "2025-03-30T22:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-10-25T22:00:00Z"), absl::Hours(25))),
            "2025-10-26T23:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-03-30T00:30:00Z"), absl::Hours(1))),
            "2025-03-30T01:30:00Z");  // 01:30 CET + 1 h = 03:30 CEST
}

constexpr absl::string_view kMadridSundayJson = R"({
  "timezone": "Europe/Madrid", "week": {"sun": [["09:00","17:00"]]},
  "holidays": [], "observed": "none"
})";

TEST(Dst, SundayCalendarKeepsEightHoursAndShiftsInUtc) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridSundayJson));
  // Both change days are Sundays; 09:00-17:00 lies away from the change.
  EXPECT_EQ(Str(cal.business_time_between(At("2025-03-30T00:00:00Z"),
                                          At("2025-03-31T00:00:00Z"))),
            "8h");
  EXPECT_EQ(Str(cal.business_time_between(At("2025-10-26T00:00:00Z"),
                                          At("2025-10-27T00:00:00Z"))),
            "8h");
  // Sun 03-23 09:00 CET = 08:00Z, ends 16:00Z; Sun 03-30 09:00 CEST = 07:00Z.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-03-23T08:00:00Z"), absl::Hours(9))),
            "2025-03-30T08:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-03-30T07:00:00Z"), absl::Hours(8))),
            "2025-03-30T15:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-03-29T12:00:00Z"), absl::ZeroDuration())),
            "2025-03-30T07:00:00Z");
  // Sun 10-19 09:00 CEST = 07:00Z, ends 15:00Z; Sun 10-26 09:00 CET = 08:00Z.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-10-19T07:00:00Z"), absl::Hours(9))),
            "2025-10-26T09:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-10-26T08:00:00Z"), absl::Hours(8))),
            "2025-10-26T16:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-10-25T12:00:00Z"), absl::ZeroDuration())),
            "2025-10-26T08:00:00Z");
}

TEST(Dst, AnIntervalAcrossTheChangeHasItsRealLength) {
  // Sunday 01:00-04:00 local. On 2025-03-30: 01:00 CET = 00:00Z to 04:00 CEST =
  // 02:00Z, 2 h. On 2025-10-26: 01:00 CEST = 23:00Z (10-25) to 04:00 CET = 03:00Z,
  // 4 h. On an ordinary winter Sunday (03-23): 00:00Z to 03:00Z, 3 h.
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(R"({
      "timezone": "Europe/Madrid", "week": {"sun": [["01:00","04:00"]]},
      "holidays": [], "observed": "none"})"));
  EXPECT_EQ(Str(cal.business_time_between(At("2025-03-29T12:00:00Z"),
                                          At("2025-03-31T00:00:00Z"))),
            "2h");
  EXPECT_EQ(Str(cal.business_time_between(At("2025-10-25T12:00:00Z"),
                                          At("2025-10-27T00:00:00Z"))),
            "4h");
  EXPECT_EQ(Str(cal.business_time_between(At("2025-03-22T12:00:00Z"),
                                          At("2025-03-24T00:00:00Z"))),
            "3h");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-03-30T00:00:00Z"), absl::Hours(2))),
            "2025-03-30T02:00:00Z");
  EXPECT_EQ(Str(cal.add_business_time(At("2025-10-25T23:00:00Z"), absl::Hours(4))),
            "2025-10-26T03:00:00Z");
}

TEST(Dst, SplitShiftsAcrossBothChanges) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  // Fri 2025-03-28 14:00 CET (13:00Z) + 2 h: 1 h to 15:00 CET, then Mon 03-31
  // 09:00 CEST (07:00Z) + 1 h = 08:00Z.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-03-28T13:00:00Z"), absl::Hours(2))),
            "2025-03-31T08:00:00Z");
  // Fri 2025-10-24 14:00 CEST (12:00Z) + 2 h: 1 h to 15:00 CEST, then Mon 10-27
  // 09:00 CET (08:00Z) + 1 h = 09:00Z.
  EXPECT_EQ(Str(cal.add_business_time(At("2025-10-24T12:00:00Z"), absl::Hours(2))),
            "2025-10-27T09:00:00Z");
  // Two full weeks around the March change, local Monday midnight to local Monday
  // midnight (03-23 23:00Z CET to 04-06 22:00Z CEST): 2 * 39 h.
  EXPECT_EQ(Str(cal.business_time_between(At("2025-03-23T23:00:00Z"),
                                          At("2025-04-06T22:00:00Z"))),
            "78h");
}

// ---- Properties --------------------------------------------------------------

// A deliberately naive model of kMadridJson for 2023-2028: walks day by day and
// converts each interval's local ends with Abseil's time zones. Holidays written
// out by hand (Holy Thursday and Good Friday from the Easter dates in the file
// comment).
class MadridModel {
 public:
  MadridModel() {
    EXPECT_TRUE(absl::LoadTimeZone("Europe/Madrid", &zone_));
    for (int year = 2023; year <= 2028; ++year) {
      for (const auto& [month, day] : std::vector<std::pair<int, int>>{
               {1, 1}, {1, 6}, {5, 1}, {5, 2}, {8, 15}, {10, 12}, {11, 1}, {12, 6}, {12, 8},
               {12, 25}}) {
        holidays_.insert(Date(year, month, day));
      }
    }
    for (const Date d : {Date(2023, 4, 6), Date(2023, 4, 7), Date(2024, 3, 28), Date(2024, 3, 29),
                         Date(2025, 4, 17), Date(2025, 4, 18), Date(2026, 4, 2), Date(2026, 4, 3),
                         Date(2027, 3, 25), Date(2027, 3, 26), Date(2028, 4, 13),
                         Date(2028, 4, 14)}) {
      holidays_.insert(d);
    }
  }

  absl::Duration Between(absl::Time a, absl::Time b) const {
    absl::Duration total = absl::ZeroDuration();
    if (b <= a) return total;
    const Date last = absl::ToCivilDay(b, zone_) + 1;
    for (Date d = absl::ToCivilDay(a, zone_) - 1; d <= last; ++d) {
      if (holidays_.count(d) != 0) continue;
      for (const auto& [start, end] : Intervals(d)) {
        const absl::Time from = std::max(a, start);
        const absl::Time to = std::min(b, end);
        if (from < to) total += to - from;
      }
    }
    return total;
  }

 private:
  std::vector<std::pair<absl::Time, absl::Time>> Intervals(Date d) const {
    std::vector<std::pair<int, int>> minutes;
    const absl::Weekday w = absl::GetWeekday(d);
    if (w == absl::Weekday::friday) {
      minutes = {{HM(8), HM(15)}};
    } else if (w != absl::Weekday::saturday && w != absl::Weekday::sunday) {
      minutes = {{HM(9), HM(14)}, {HM(16), HM(19)}};
    }
    std::vector<std::pair<absl::Time, absl::Time>> out;
    for (const auto& [start, end] : minutes) {
      out.emplace_back(absl::FromCivil(absl::CivilMinute(d) + start, zone_),
                       absl::FromCivil(absl::CivilMinute(d) + end, zone_));
    }
    return out;
  }

  absl::TimeZone zone_;
  std::set<Date> holidays_;
};

// Instants that are easy to get wrong: DST changes (the one around 01:00Z on the
// change days), interval ends, lunch gaps, weekends, holidays, year ends.
std::vector<absl::Time> SpecialInstants() {
  std::vector<absl::Time> out;
  for (const char* text :
       {"2025-03-30T00:59:59Z", "2025-03-30T01:00:00Z", "2025-03-29T23:00:00Z",
        "2025-10-26T00:59:59Z", "2025-10-26T01:00:00Z", "2025-10-25T22:00:00Z",
        "2024-03-31T01:00:00Z", "2024-10-27T01:00:00Z", "2026-03-29T01:00:00Z",
        "2025-03-28T13:59:59Z", "2025-03-28T14:00:00Z", "2025-10-24T12:59:59Z",
        "2025-06-16T07:00:00Z", "2025-06-16T11:59:59Z", "2025-06-16T12:00:00Z",
        "2025-06-16T13:00:00Z", "2025-06-16T14:00:00Z", "2025-06-16T17:00:00Z",
        "2025-06-20T13:00:00Z", "2025-06-21T10:00:00Z", "2025-06-22T23:59:59Z",
        "2025-04-17T08:00:00Z", "2025-04-16T17:00:00Z", "2025-05-01T00:00:00Z",
        "2025-12-31T18:00:00Z", "2025-12-24T12:00:00Z", "2024-12-31T23:00:00Z",
        "2024-02-29T10:00:00Z", "2026-01-05T12:30:00Z"}) {
    out.push_back(At(text));
  }
  return out;
}

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  // Uniform in [0, n); `%` keeps the sequence the same on every standard library.
  int64_t Below(int64_t n) { return static_cast<int64_t>(engine_() % static_cast<uint64_t>(n)); }

  // An instant in [2024-01-01, 2027-09-01) UTC: a third whole seconds, a third on
  // a quarter-hour (interval ends are on those), a third special instants.
  absl::Time Instant() {
    static const absl::Time kFrom = At("2024-01-01T00:00:00Z");
    static const int64_t kSeconds = (At("2027-09-01T00:00:00Z") - kFrom) / absl::Seconds(1);
    static const std::vector<absl::Time> kSpecial = SpecialInstants();
    switch (Below(3)) {
      case 0:
        return kFrom + absl::Seconds(Below(kSeconds));
      case 1:
        return kFrom + absl::Minutes(15 * Below(kSeconds / 900));
      default:
        return kSpecial[Below(static_cast<int64_t>(kSpecial.size()))];
    }
  }

  // 0 to 60 working days of the Madrid calendar (at most 8 h a day).
  absl::Duration Amount() {
    const int64_t max_seconds = int64_t{60} * 8 * 3600;
    switch (Below(8)) {
      case 0:
        return absl::ZeroDuration();
      case 1:
      case 2:
        return absl::Minutes(30 * Below(max_seconds / 1800 + 1));
      case 3:
        return absl::Microseconds(Below(max_seconds * 1000000 + 1));
      default:
        return absl::Seconds(Below(max_seconds + 1));
    }
  }

 private:
  std::mt19937_64 engine_;
};

TEST(Properties, BetweenUndoesAddBusinessTime) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  Random random(20250330);
  for (int i = 0; i < 20000; ++i) {
    const absl::Time a = random.Instant();
    const absl::Duration s = random.Amount();
    const absl::StatusOr<absl::Time> end = cal.add_business_time(a, s);
    ASSERT_TRUE(end.ok()) << Show(a) << " + " << s << ": " << end.status();
    ASSERT_GE(*end, a) << Show(a) << " + " << s;
    ASSERT_EQ(Str(cal.business_time_between(a, *end)), Show(s))
        << "a = " << Show(a) << ", end = " << Show(*end);
  }
}

TEST(Properties, AddBusinessTimeIsStrictlyIncreasingInTheAmount) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  Random random(1182);
  for (int i = 0; i < 10000; ++i) {
    const absl::Time a = random.Instant();
    absl::Duration s1 = random.Amount();
    absl::Duration s2 = random.Amount();
    if (s2 < s1) std::swap(s1, s2);
    if (s1 == s2) s2 += absl::Microseconds(1);
    const absl::StatusOr<absl::Time> t1 = cal.add_business_time(a, s1);
    const absl::StatusOr<absl::Time> t2 = cal.add_business_time(a, s2);
    ASSERT_TRUE(t1.ok() && t2.ok()) << Show(a);
    ASSERT_LT(*t1, *t2) << "a = " << Show(a) << ", s1 = " << s1 << ", s2 = " << s2;
  }
}

// The result is the *first* instant at which the amount has elapsed: the
// microsecond just before it is working time (for a positive amount), and for a
// zero amount the result is itself working time with nothing worked before it.
TEST(Properties, AddBusinessTimeReturnsTheFirstSuchInstant) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  const absl::Duration us = absl::Microseconds(1);
  Random random(71);
  for (int i = 0; i < 5000; ++i) {
    const absl::Time a = random.Instant();
    const absl::Duration s = random.Amount();
    ASSERT_OK_AND_ASSIGN(const absl::Time end, cal.add_business_time(a, s));
    if (s > absl::ZeroDuration()) {
      ASSERT_EQ(Str(cal.business_time_between(end - us, end)), "1us")
          << Show(a) << " + " << s << " = " << Show(end);
    } else {
      ASSERT_EQ(Str(cal.business_time_between(end, end + us)), "1us") << Show(a);
      ASSERT_EQ(Str(cal.business_time_between(a, end)), "0") << Show(a);
    }
  }
}

TEST(Properties, BetweenIsAdditive) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  Random random(9);
  for (int i = 0; i < 5000; ++i) {
    std::vector<absl::Time> t = {random.Instant(), random.Instant(), random.Instant()};
    std::sort(t.begin(), t.end());
    ASSERT_OK_AND_ASSIGN(const absl::Duration ab, cal.business_time_between(t[0], t[1]));
    ASSERT_OK_AND_ASSIGN(const absl::Duration bc, cal.business_time_between(t[1], t[2]));
    ASSERT_OK_AND_ASSIGN(const absl::Duration ac, cal.business_time_between(t[0], t[2]));
    ASSERT_EQ(ab + bc, ac) << Show(t[0]) << " " << Show(t[1]) << " " << Show(t[2]);
  }
}

TEST(Properties, AgreesWithANaiveDayByDayModel) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  const MadridModel model;
  Random random(3);
  for (int i = 0; i < 2000; ++i) {
    const absl::Time a = random.Instant();
    const absl::Time b = a + absl::Seconds(random.Below(int64_t{100} * 86400));
    ASSERT_EQ(Str(cal.business_time_between(a, b)), Show(model.Between(a, b)))
        << Show(a) << " to " << Show(b);
    const absl::Duration s = random.Amount();
    ASSERT_OK_AND_ASSIGN(const absl::Time end, cal.add_business_time(a, s));
    ASSERT_EQ(Show(model.Between(a, end)), Show(s)) << Show(a) << " + " << s;
  }
}

TEST(Properties, AllDayCalendarCountsRealTimeAcrossDstChanges) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridAllDayJson));
  Random random(2025);
  for (int i = 0; i < 5000; ++i) {
    const absl::Time a = random.Instant();
    const absl::Duration s = absl::Seconds(random.Below(int64_t{90} * 86400));
    ASSERT_EQ(Str(cal.add_business_time(a, s)), Show(a + s)) << Show(a) << " + " << s;
    ASSERT_EQ(Str(cal.business_time_between(a, a + s)), Show(s)) << Show(a) << " + " << s;
  }
}

TEST(Properties, AddBusinessDaysLandsOnWorkingDays) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  for (Date d(2025, 1, 1); d <= Date(2025, 12, 31); ++d) {
    ASSERT_OK_AND_ASSIGN(const Date zero, cal.add_business_days(d, 0));
    ASSERT_OK_AND_ASSIGN(const Date one, cal.add_business_days(d, 1));
    ASSERT_EQ(Str(cal.is_working_day(zero)), "true") << Show(d);
    ASSERT_EQ(Str(cal.is_working_day(one)), "true") << Show(d);
    ASSERT_GE(zero, d);
    ASSERT_GT(one, d);
    // Nothing between the date and its (n = 1) result is a working day.
    for (Date between = d + 1; between < one; ++between) {
      ASSERT_EQ(Str(cal.is_working_day(between)), "false") << Show(d) << " " << Show(between);
    }
    // n + 1 working days is one working day after n working days.
    for (const int64_t n : {1, 5, 20}) {
      ASSERT_OK_AND_ASSIGN(const Date n_days, cal.add_business_days(d, n));
      ASSERT_OK_AND_ASSIGN(const Date next, cal.add_business_days(n_days, 1));
      ASSERT_EQ(Str(cal.add_business_days(d, n + 1)), Show(next)) << Show(d) << " + " << n;
    }
  }
}

TEST(Properties, OneCalendarServesManyThreads) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kMadridJson));
  std::vector<std::pair<absl::Time, absl::Duration>> queries;
  Random random(5);
  for (int i = 0; i < 2000; ++i) queries.emplace_back(random.Instant(), random.Amount());
  std::vector<absl::Time> expected;
  for (const auto& [a, s] : queries) {
    ASSERT_OK_AND_ASSIGN(const absl::Time end, cal.add_business_time(a, s));
    expected.push_back(end);
  }

  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const Calendar copy = cal;  // copies share the tables
      for (size_t i = 0; i < queries.size(); ++i) {
        const absl::StatusOr<absl::Time> got =
            (t % 2 == 0 ? cal : copy).add_business_time(queries[i].first, queries[i].second);
        if (!got.ok() || *got != expected[i]) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(mismatches, ElementsAre(0, 0, 0, 0));
}

// ---- The range of years -------------------------------------------------------

TEST(Range, DefaultRangeIs1970To2199) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(kOfficeUtcJson));
  EXPECT_EQ(Show(cal.first_date()), "1970-01-01");
  EXPECT_EQ(Show(cal.last_date()), "2199-12-31");
  EXPECT_EQ(Str(cal.is_holiday(Date(1970, 1, 1))), "true");
  EXPECT_EQ(Str(cal.is_holiday(Date(2199, 12, 25))), "true");
  EXPECT_EQ(cal.is_holiday(Date(1969, 12, 31)).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(cal.is_holiday(Date(2200, 1, 1)).status().code(), absl::StatusCode::kOutOfRange);
}

TEST(Range, QueriesOutsideTheConfiguredYearsAreOutOfRange) {
  CalendarConfig config = OfficeWithHolidays({"annual:01-01"});
  config.first_year = 2020;
  config.last_year = 2030;
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::create(config));
  EXPECT_EQ(Show(cal.first_date()), "2020-01-01");
  EXPECT_EQ(Show(cal.last_date()), "2030-12-31");
  EXPECT_EQ(Str(cal.is_working_day(Date(2030, 12, 31))), "true");  // a Tuesday
  EXPECT_EQ(Str(cal.is_holiday(Date(2020, 1, 1))), "true");

  constexpr absl::StatusCode kOutOfRange = absl::StatusCode::kOutOfRange;
  EXPECT_EQ(cal.is_holiday(Date(2031, 1, 1)).status().code(), kOutOfRange);
  EXPECT_EQ(cal.is_holiday(Date(2019, 12, 31)).status().code(), kOutOfRange);
  EXPECT_EQ(cal.is_working_day(Date(2031, 6, 16)).status().code(), kOutOfRange);
  EXPECT_EQ(cal.add_business_days(Date(2031, 1, 2), 0).status().code(), kOutOfRange);
  // Starts inside, runs past 2030-12-31 (Monday 12-30 + 5 working days).
  EXPECT_EQ(cal.add_business_days(Date(2030, 12, 30), 5).status().code(), kOutOfRange);
  EXPECT_EQ(cal.add_business_time(At("2031-01-02T10:00:00Z"), absl::Hours(1)).status().code(),
            kOutOfRange);
  EXPECT_EQ(cal.add_business_time(At("2030-12-30T10:00:00Z"), absl::Hours(100)).status().code(),
            kOutOfRange);
  EXPECT_EQ(cal.business_time_between(At("2019-06-03T10:00:00Z"), At("2020-06-01T10:00:00Z"))
                .status()
                .code(),
            kOutOfRange);
}

TEST(Range, YearsFromJson) {
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(R"({
      "timezone": "UTC", "week": {"mon": [["09:00","17:00"]]},
      "holidays": [], "observed": "none", "years": [2024, 2026]})"));
  EXPECT_EQ(Show(cal.first_date()), "2024-01-01");
  EXPECT_EQ(Show(cal.last_date()), "2026-12-31");
  EXPECT_EQ(cal.is_holiday(Date(2027, 1, 1)).status().code(), absl::StatusCode::kOutOfRange);
}

TEST(Range, AddBusinessDaysWithTheLargestCountIsOutOfRangeNotAnOverflow) {
  // Regression: n was added to the working-day count before the range check and
  // wrapped for n near 2^63, giving a date before the start.
  ASSERT_OK_AND_ASSIGN(const Calendar cal, Calendar::from_json(R"({
      "timezone": "UTC", "week": {"mon": [["09:00","17:00"]]}})"));
  for (int64_t n : {std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::max() - 10,
                    int64_t{1} << 62}) {
    EXPECT_EQ(cal.add_business_days(Date(2025, 6, 16), n).status().code(),
              absl::StatusCode::kOutOfRange)
        << n;
  }
}

TEST(Config, ConfigToJsonReadsBackToAnEqualConfig) {
  // A ledger persists calendars as JSON; every field must survive the trip.
  CalendarConfig config;
  config.timezone = "America/Lima";
  config.week[0] = {WorkInterval{9 * 60, 13 * 60}, WorkInterval{14 * 60, 18 * 60}};
  config.week[5] = {WorkInterval{0, 1440}};
  config.holidays = {"2025-12-08", "annual:07-28", "easter:-2", "nth:5:mon:02", "last:fri:05"};
  config.observed = ObservedRule::kSundayToMonday;
  config.first_year = 2000;
  config.last_year = 2050;
  const std::string json = Calendar::config_to_json(config);
  EXPECT_THAT(json, HasSubstr(R"("sat":[["00:00","24:00"]])"));
  ASSERT_OK_AND_ASSIGN(const CalendarConfig back, Calendar::parse_config(json));
  EXPECT_EQ(back, config);
}

}  // namespace
}  // namespace postventa
