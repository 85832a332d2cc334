// Holiday rules: `YYYY-MM-DD`, `annual:MM-DD`, `easter:±K`, `nth:N:DOW:MM`,
// `last:DOW:MM` (SPEC §1.3). Weekday-in-month rules use Boost.Date_Time's
// generators; Easter uses the anonymous Gregorian algorithm (Meeus/Jones/Butcher),
// which Boost does not provide.
#include "time/internal/holidays.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "boost/date_time/gregorian/gregorian.hpp"

namespace postventa::time_internal {
namespace {

namespace bg = boost::gregorian;

constexpr absl::string_view kWeekdayNames[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

absl::Status BadRule(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("bad holiday rule \"", text, "\": ", why));
}

// Exactly two decimal digits.
bool ParseTwoDigits(absl::string_view s, int* out) {
  if (s.size() != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') return false;
  *out = (s[0] - '0') * 10 + (s[1] - '0');
  return true;
}

// Two-digit month "01".."12".
bool ParseMonth(absl::string_view s, int* out) {
  int m = 0;
  if (!ParseTwoDigits(s, &m) || m < 1 || m > 12) return false;
  *out = m;
  return true;
}

bg::greg_weekday ToBoost(Weekday w) {
  // Boost counts Sunday = 0; postventa counts Monday = 0.
  return bg::greg_weekday(static_cast<unsigned short>((static_cast<int>(w) + 1) % 7));
}

Date FromBoost(const bg::date& d) {
  return Date(d.year(), d.month().as_number(), d.day().as_number());
}

}  // namespace

absl::string_view WeekdayName(Weekday weekday) { return kWeekdayNames[static_cast<int>(weekday)]; }

bool ParseWeekday(absl::string_view text, Weekday* out) {
  for (int i = 0; i < 7; ++i) {
    if (text == kWeekdayNames[i]) {
      *out = static_cast<Weekday>(i);
      return true;
    }
  }
  return false;
}

absl::StatusOr<HolidayRule> ParseHolidayRule(absl::string_view text) {
  HolidayRule rule;
  const std::vector<absl::string_view> parts = absl::StrSplit(text, ':');
  const absl::string_view kind = parts[0];
  if (parts.size() == 1) {
    absl::StatusOr<Date> date = parse_date(text);
    if (!date.ok()) {
      return BadRule(text,
                     "expected YYYY-MM-DD, annual:MM-DD, easter:±K, nth:N:DOW:MM or last:DOW:MM");
    }
    rule.kind = HolidayRule::Kind::kFixed;
    rule.fixed = *date;
    return rule;
  }
  if (kind == "annual") {
    const absl::string_view md = parts.size() == 2 ? parts[1] : absl::string_view();
    int m = 0, d = 0;
    if (md.size() != 5 || md[2] != '-' || !ParseMonth(md.substr(0, 2), &m) ||
        !ParseTwoDigits(md.substr(3, 2), &d) || d < 1) {
      return BadRule(text, "expected annual:MM-DD");
    }
    // Validate against a leap year so that annual:02-29 is allowed (it then
    // applies in leap years only).
    if (d > Date(Date(2024, m + 1, 1) - 1).day()) {
      return BadRule(text, "that day does not exist in that month");
    }
    rule.kind = HolidayRule::Kind::kAnnual;
    rule.month = m;
    rule.day = d;
    return rule;
  }
  if (kind == "easter") {
    int k = 0;
    absl::string_view offset = parts.size() == 2 ? parts[1] : absl::string_view();
    // SimpleAtoi accepts a leading '+' or '-'; refuse blanks and empty text.
    if (offset.empty() || offset.find(' ') != absl::string_view::npos ||
        !absl::SimpleAtoi(offset, &k) || std::abs(k) > 366) {
      return BadRule(text, "expected easter:±K with K a whole number of days (|K| <= 366)");
    }
    rule.kind = HolidayRule::Kind::kEaster;
    rule.easter_offset = k;
    return rule;
  }
  if (kind == "nth") {
    int n = 0;
    if (parts.size() != 4 || parts[1].size() != 1 || !absl::SimpleAtoi(parts[1], &n) || n < 1 ||
        n > 5 || !ParseWeekday(parts[2], &rule.weekday) || !ParseMonth(parts[3], &rule.month)) {
      return BadRule(text, "expected nth:N:DOW:MM with N in 1..5, DOW in mon..sun, MM in 01..12");
    }
    rule.kind = HolidayRule::Kind::kNth;
    rule.nth = n;
    return rule;
  }
  if (kind == "last") {
    if (parts.size() != 3 || !ParseWeekday(parts[1], &rule.weekday) ||
        !ParseMonth(parts[2], &rule.month)) {
      return BadRule(text, "expected last:DOW:MM with DOW in mon..sun, MM in 01..12");
    }
    rule.kind = HolidayRule::Kind::kLast;
    return rule;
  }
  return BadRule(text, "unknown kind; expected YYYY-MM-DD, annual:, easter:, nth: or last:");
}

Date EasterSunday(int year) {
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return Date(year, month, day);
}

void AppendHolidays(const std::vector<HolidayRule>& rules, ObservedRule observed, int year,
                    std::vector<Date>* out) {
  for (const HolidayRule& rule : rules) {
    switch (rule.kind) {
      case HolidayRule::Kind::kFixed:
        if (rule.fixed.year() == year) out->push_back(rule.fixed);
        break;
      case HolidayRule::Kind::kAnnual: {
        const Date date(year, rule.month, rule.day);
        if (date.month() != rule.month) break;  // 02-29 outside leap years
        out->push_back(date);
        if (observed == ObservedRule::kSundayToMonday && weekday_of(date) == Weekday::kSun) {
          out->push_back(date + 1);
        }
        break;
      }
      case HolidayRule::Kind::kEaster:
        out->push_back(EasterSunday(year) + rule.easter_offset);
        break;
      case HolidayRule::Kind::kNth: {
        const bg::first_day_of_the_week_in_month first(ToBoost(rule.weekday),
                                                       static_cast<unsigned short>(rule.month));
        const bg::date date =
            first.get_date(static_cast<unsigned short>(year)) + bg::days(7 * (rule.nth - 1));
        // A month with no N-th such weekday has no holiday that year (Boost's
        // own `fifth` would fall back to the last one; the rule asks for the N-th).
        if (date.month().as_number() == rule.month) out->push_back(FromBoost(date));
        break;
      }
      case HolidayRule::Kind::kLast: {
        const bg::last_day_of_the_week_in_month last(ToBoost(rule.weekday),
                                                     static_cast<unsigned short>(rule.month));
        out->push_back(FromBoost(last.get_date(static_cast<unsigned short>(year))));
        break;
      }
    }
  }
}

}  // namespace postventa::time_internal
