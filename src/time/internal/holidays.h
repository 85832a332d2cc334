// Holiday rules of a business calendar (SPEC §1.3): parsing and expansion per year.
#ifndef POSTVENTA_SRC_TIME_INTERNAL_HOLIDAYS_H_
#define POSTVENTA_SRC_TIME_INTERNAL_HOLIDAYS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "postventa/time.h"

namespace postventa::time_internal {

struct HolidayRule {
  enum class Kind { kFixed, kAnnual, kEaster, kNth, kLast };
  Kind kind = Kind::kFixed;
  Date fixed;                       // kFixed
  int month = 0;                    // kAnnual, kNth, kLast
  int day = 0;                      // kAnnual
  int easter_offset = 0;            // kEaster: days from Easter Sunday
  int nth = 0;                      // kNth: 1..5
  Weekday weekday = Weekday::kMon;  // kNth, kLast
};

// Parses one rule. The error message describes the problem with the rule text
// only; the caller prefixes the field (`holidays[3]: ...`).
absl::StatusOr<HolidayRule> ParseHolidayRule(absl::string_view text);

// Parses a weekday key "mon".."sun".
bool ParseWeekday(absl::string_view text, Weekday* out);
// The key of a weekday, "mon".."sun" (the configuration's `week` keys).
absl::string_view WeekdayName(Weekday weekday);

// Western (Gregorian) Easter Sunday of `year`.
Date EasterSunday(int year);

// Appends the dates the rules give in `year` (observed Mondays included; an
// observed Monday may fall in January of year + 1). Unsorted, may repeat.
void AppendHolidays(const std::vector<HolidayRule>& rules, ObservedRule observed, int year,
                    std::vector<Date>* out);

}  // namespace postventa::time_internal

#endif  // POSTVENTA_SRC_TIME_INTERNAL_HOLIDAYS_H_
