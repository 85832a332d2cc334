// Civil dates and the legal month rule (SPEC §1.2).
#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "postventa/time.h"

namespace postventa {
namespace {

constexpr Date kEpoch(1970, 1, 1);

bool ParseDigits(absl::string_view s, int* out) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

int64_t to_epoch_days(Date date) { return date - kEpoch; }

Date from_epoch_days(int64_t days) { return kEpoch + days; }

absl::StatusOr<Date> parse_date(absl::string_view iso) {
  int y = 0, m = 0, d = 0;
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-' || !ParseDigits(iso.substr(0, 4), &y) ||
      !ParseDigits(iso.substr(5, 2), &m) || !ParseDigits(iso.substr(8, 2), &d)) {
    return absl::InvalidArgumentError(absl::StrCat("\"", iso, "\" is not a date YYYY-MM-DD"));
  }
  // CivilDay normalises out-of-range fields (2025-02-30 -> 2025-03-02); a date
  // that does not survive the round trip does not exist.
  const Date date(y, m, d);
  if (date.year() != y || date.month() != m || date.day() != d) {
    return absl::InvalidArgumentError(absl::StrCat("\"", iso, "\" is not a valid calendar date"));
  }
  return date;
}

std::string format_date(Date date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

Date add_months(Date start, int64_t months) {
  // Count in whole months, then clamp the day to the length of the target month:
  // the rule of Regulation 1182/71 art. 3, without end-of-month snapping.
  // Plain integer arithmetic: this sits in the warranty engine's inner loop, and
  // civil-time normalisation (CivilMonth + n) costs several times as much.
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int64_t total = int64_t{start.year()} * 12 + (start.month() - 1) + months;
  int64_t year = total / 12;
  int64_t month0 = total % 12;
  if (month0 < 0) {  // floor division for dates before year 0
    month0 += 12;
    year -= 1;
  }
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last_day = (month0 == 1 && leap) ? 29 : kDays[month0];
  return Date(year, static_cast<int>(month0) + 1, std::min(start.day(), last_day));
}

Weekday weekday_of(Date date) {
  switch (absl::GetWeekday(date)) {
    case absl::Weekday::monday:
      return Weekday::kMon;
    case absl::Weekday::tuesday:
      return Weekday::kTue;
    case absl::Weekday::wednesday:
      return Weekday::kWed;
    case absl::Weekday::thursday:
      return Weekday::kThu;
    case absl::Weekday::friday:
      return Weekday::kFri;
    case absl::Weekday::saturday:
      return Weekday::kSat;
    case absl::Weekday::sunday:
      break;
  }
  return Weekday::kSun;
}

}  // namespace postventa
