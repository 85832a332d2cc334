// Business calendars (SPEC §1.3): validation, compilation and queries.
//
// A calendar is compiled once into tables over its range of years:
//   - per local day: holiday and working flags, and the number of working days
//     before it (so add_business_days is O(1));
//   - every working interval of the range as UTC microseconds, sorted, with the
//     working time accumulated before each one.
// W(t), the working time elapsed from the start of the range up to instant t,
// is then a lookup in the few intervals of t's local day, and
// add_business_time(t, s) is the first instant u with W(u) >= W(t) + s: a
// galloping search over the accumulated times, O(log s) whatever the span.
// Wall-clock intervals are converted to UTC day by day with the zone's rules,
// so a day with a DST change has its intervals at the same local times.
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "postventa/time.h"
#include "time/internal/config.h"
#include "time/internal/holidays.h"

namespace postventa {

struct Calendar::Tables {
  CalendarConfig config;
  absl::TimeZone zone;
  Date first;  // first local day of the range
  int64_t days = 0;
  // Per local day d (index from `first`).
  std::vector<uint8_t> flags;                // kHoliday | kWorking
  std::vector<int32_t> working_days_before;  // size days + 1
  std::vector<int32_t> working_day_index;    // indices of the working days, ascending
  std::vector<int32_t> day_first_interval;   // size days + 1
  // Working intervals [start_us, end_us), UTC microseconds, ascending.
  std::vector<int64_t> start_us;
  std::vector<int64_t> end_us;
  std::vector<int64_t> cum_us;  // working time before interval k; size intervals + 1
  int64_t range_start_us = 0;   // local midnight of `first`, UTC
  int64_t range_end_us = 0;     // local midnight after the last day, UTC
};

namespace {

constexpr uint8_t kHoliday = 1;
constexpr uint8_t kWorking = 2;
constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;

// The UTC instant of a local wall-clock time. A time skipped by a DST jump maps
// to the instant of the jump; a repeated time maps to its first occurrence for
// an interval's start and its second for an end, so that an interval covers
// every instant whose wall-clock reading lies inside it.
int64_t LocalToUtcMicros(const absl::TimeZone& zone, const absl::CivilSecond& local, bool is_end) {
  const absl::TimeZone::TimeInfo info = zone.At(local);
  absl::Time t;
  switch (info.kind) {
    case absl::TimeZone::TimeInfo::UNIQUE:
      t = info.pre;
      break;
    case absl::TimeZone::TimeInfo::SKIPPED:
      t = info.trans;
      break;
    case absl::TimeZone::TimeInfo::REPEATED:
      t = is_end ? info.post : info.pre;
      break;
  }
  return absl::ToUnixMicros(t);
}

absl::Status ValidateWeek(const CalendarConfig& config) {
  for (int w = 0; w < 7; ++w) {
    const std::vector<WorkInterval>& day = config.week[w];
    for (size_t i = 0; i < day.size(); ++i) {
      const WorkInterval& iv = day[i];
      const std::string field =
          absl::StrCat("week.", time_internal::WeekdayName(static_cast<Weekday>(w)), "[", i, "]");
      if (iv.start_minute < 0 || iv.start_minute > 1440 || iv.end_minute < 0 ||
          iv.end_minute > 1440) {
        return absl::InvalidArgumentError(absl::StrCat(field, ": minutes [", iv.start_minute, ", ",
                                                       iv.end_minute, ") outside 00:00..24:00"));
      }
      if (iv.end_minute <= iv.start_minute) {
        return absl::InvalidArgumentError(absl::StrCat(
            field, ": interval ", time_internal::FormatClock(iv.start_minute), "-",
            time_internal::FormatClock(iv.end_minute), " does not end after it starts"));
      }
      if (i > 0 && iv.start_minute < day[i - 1].end_minute) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ": interval ", time_internal::FormatClock(iv.start_minute), "-",
                         time_internal::FormatClock(iv.end_minute), " overlaps or comes before ",
                         time_internal::FormatClock(day[i - 1].start_minute), "-",
                         time_internal::FormatClock(day[i - 1].end_minute),
                         " (intervals must be sorted and must not overlap)"));
      }
    }
  }
  return absl::OkStatus();
}

// Builds the tables. Allocation failure surfaces as std::bad_alloc, which the
// faces turn into a status (the C ABI: PV_RESOURCE_EXHAUSTED).
std::shared_ptr<Calendar::Tables> Compile(const CalendarConfig& config, absl::TimeZone zone,
                                          const std::vector<time_internal::HolidayRule>& rules) {
  auto t = std::make_shared<Calendar::Tables>();
  t->config = config;
  t->zone = zone;
  t->first = Date(config.first_year, 1, 1);
  const Date end(config.last_year + 1, 1, 1);
  t->days = end - t->first;

  // Holidays: rules of the year before the range too, for observed Mondays and
  // Easter offsets that spill into it.
  std::vector<Date> holidays;
  for (int year = std::max(1400, config.first_year - 1); year <= config.last_year; ++year) {
    time_internal::AppendHolidays(rules, config.observed, year, &holidays);
  }
  t->flags.assign(static_cast<size_t>(t->days), 0);
  for (const Date& h : holidays) {
    const int64_t d = h - t->first;
    if (d >= 0 && d < t->days) t->flags[static_cast<size_t>(d)] |= kHoliday;
  }

  // Merge touching intervals of a weekday: [a, b) + [b, c) is [a, c). Besides
  // being equivalent, it keeps UTC intervals disjoint when b is a repeated time.
  std::array<std::vector<WorkInterval>, 7> week;
  for (int w = 0; w < 7; ++w) {
    for (const WorkInterval& iv : config.week[w]) {
      if (!week[w].empty() && week[w].back().end_minute == iv.start_minute) {
        week[w].back().end_minute = iv.end_minute;
      } else {
        week[w].push_back(iv);
      }
    }
  }

  t->working_days_before.resize(static_cast<size_t>(t->days) + 1);
  t->day_first_interval.resize(static_cast<size_t>(t->days) + 1);
  t->cum_us.push_back(0);
  int32_t working = 0;
  int64_t last_end = std::numeric_limits<int64_t>::min();
  for (int64_t d = 0; d < t->days; ++d) {
    const Date date = t->first + d;
    const size_t di = static_cast<size_t>(d);
    t->working_days_before[di] = working;
    t->day_first_interval[di] = static_cast<int32_t>(t->start_us.size());
    if (t->flags[di] & kHoliday) continue;
    const std::vector<WorkInterval>& day = week[static_cast<int>(weekday_of(date))];
    if (day.empty()) continue;
    t->flags[di] |= kWorking;
    t->working_day_index.push_back(static_cast<int32_t>(d));
    ++working;
    const absl::CivilSecond midnight(date);
    for (const WorkInterval& iv : day) {
      int64_t s = LocalToUtcMicros(zone, midnight + int64_t{60} * iv.start_minute, false);
      const int64_t e = LocalToUtcMicros(zone, midnight + int64_t{60} * iv.end_minute, true);
      s = std::max(s, last_end);  // a zone that jumps back across midnight
      if (e <= s) continue;       // wholly inside a skipped hour
      t->start_us.push_back(s);
      t->end_us.push_back(e);
      t->cum_us.push_back(t->cum_us.back() + (e - s));
      last_end = e;
    }
  }
  t->working_days_before[static_cast<size_t>(t->days)] = working;
  t->day_first_interval[static_cast<size_t>(t->days)] = static_cast<int32_t>(t->start_us.size());
  t->range_start_us = LocalToUtcMicros(zone, absl::CivilSecond(t->first), false);
  t->range_end_us = LocalToUtcMicros(zone, absl::CivilSecond(end), true);
  return t;
}

absl::Status OutOfRangeDate(const Calendar::Tables& t, Date date) {
  return absl::OutOfRangeError(absl::StrCat("date ", format_date(date),
                                            " is outside the calendar's years ",
                                            t.config.first_year, "..", t.config.last_year));
}

absl::Status OutOfRangeInstant(const Calendar::Tables& t, absl::Time at) {
  return absl::OutOfRangeError(absl::StrCat(
      "instant ", absl::FormatTime(absl::RFC3339_full, at, absl::UTCTimeZone()),
      " is outside the calendar's years ", t.config.first_year, "..", t.config.last_year));
}

// Index of the last interval whose start is <= us, or -1. `us` must be inside
// the range. UTC offsets of one zone differ by at most about a day (Pacific/Apia
// skipped 2011-12-30), so the local day of `us` is within two days of the
// estimate and only the intervals of those days are searched.
int64_t LastIntervalStartingAtOrBefore(const Calendar::Tables& t, int64_t us) {
  const int64_t est = (us - t.range_start_us) / kMicrosPerDay;
  const int64_t lo_day = std::clamp<int64_t>(est - 2, 0, t.days);
  const int64_t hi_day = std::clamp<int64_t>(est + 3, 0, t.days);
  const auto begin = t.start_us.begin() + t.day_first_interval[static_cast<size_t>(lo_day)];
  const auto end = t.start_us.begin() + t.day_first_interval[static_cast<size_t>(hi_day)];
  return (std::upper_bound(begin, end, us) - t.start_us.begin()) - 1;
}

// Working microseconds from the start of the range up to `us`.
int64_t WorkedBefore(const Calendar::Tables& t, int64_t us, int64_t k) {
  if (k < 0) return 0;
  const size_t i = static_cast<size_t>(k);
  return t.cum_us[i] + (std::min(us, t.end_us[i]) - t.start_us[i]);
}

}  // namespace

Calendar::Calendar(std::shared_ptr<const Tables> tables) : tables_(std::move(tables)) {}

namespace time_internal {

absl::Status ValidateCalendarConfig(const CalendarConfig& config, absl::TimeZone* zone,
                                    std::vector<HolidayRule>* rules) {
  if (config.timezone.empty() || !absl::LoadTimeZone(config.timezone, zone)) {
    return absl::InvalidArgumentError(
        absl::StrCat("timezone: unknown time zone \"", config.timezone,
                     "\" (expected an IANA name such as \"Europe/Madrid\")"));
  }
  if (absl::Status s = ValidateWeek(config); !s.ok()) return s;
  rules->clear();
  rules->reserve(config.holidays.size());
  for (size_t i = 0; i < config.holidays.size(); ++i) {
    absl::StatusOr<HolidayRule> rule = ParseHolidayRule(config.holidays[i]);
    if (!rule.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("holidays[", i, "]: ", rule.status().message()));
    }
    rules->push_back(*rule);
  }
  if (config.first_year < 1400 || config.last_year > 9999 || config.first_year > config.last_year) {
    return absl::InvalidArgumentError(absl::StrCat("years: [", config.first_year, ", ",
                                                   config.last_year,
                                                   "] is not a range of years within 1400..9999"));
  }
  return absl::OkStatus();
}

}  // namespace time_internal

absl::StatusOr<Calendar> Calendar::create(const CalendarConfig& config) {
  absl::TimeZone zone;
  std::vector<time_internal::HolidayRule> rules;
  if (absl::Status s = time_internal::ValidateCalendarConfig(config, &zone, &rules); !s.ok()) {
    return s;
  }
  return Calendar(Compile(config, zone, rules));
}

const CalendarConfig& Calendar::config() const { return tables_->config; }

Date Calendar::first_date() const { return tables_->first; }

Date Calendar::last_date() const { return tables_->first + (tables_->days - 1); }

absl::StatusOr<bool> Calendar::is_holiday(Date date) const {
  const Tables& t = *tables_;
  const int64_t d = date - t.first;
  if (d < 0 || d >= t.days) return OutOfRangeDate(t, date);
  return (t.flags[static_cast<size_t>(d)] & kHoliday) != 0;
}

absl::StatusOr<bool> Calendar::is_working_day(Date date) const {
  const Tables& t = *tables_;
  const int64_t d = date - t.first;
  if (d < 0 || d >= t.days) return OutOfRangeDate(t, date);
  return (t.flags[static_cast<size_t>(d)] & kWorking) != 0;
}

absl::StatusOr<Date> Calendar::add_business_days(Date date, int64_t n) const {
  const Tables& t = *tables_;
  if (n < 0) {
    return absl::InvalidArgumentError(absl::StrCat("n: must be >= 0, got ", n));
  }
  const int64_t d = date - t.first;
  if (d < 0 || d >= t.days) return OutOfRangeDate(t, date);
  const size_t di = static_cast<size_t>(d);
  // Position, among the working days, of the answer: for n >= 1 the n-th
  // working day strictly after `date`; for n = 0 `date` itself if working, else
  // the first working day after it.
  const int64_t total = static_cast<int64_t>(t.working_day_index.size());
  int64_t pos;
  if (n == 0) {
    if (t.flags[di] & kWorking) return date;
    pos = t.working_days_before[di];
  } else if (n > total - t.working_days_before[di + 1]) {  // before adding: no overflow
    pos = total;
  } else {
    pos = int64_t{t.working_days_before[di + 1]} + n - 1;
  }
  if (pos >= total) {
    return absl::OutOfRangeError(absl::StrCat("add_business_days(", format_date(date), ", ", n,
                                              ") is past the calendar's last year ",
                                              t.config.last_year));
  }
  return t.first + t.working_day_index[static_cast<size_t>(pos)];
}

absl::StatusOr<absl::Time> Calendar::add_business_time(absl::Time start,
                                                       absl::Duration amount) const {
  const Tables& t = *tables_;
  if (amount < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("amount: must be >= 0, got ", absl::FormatDuration(amount)));
  }
  const int64_t us = absl::ToUnixMicros(start);
  if (us < t.range_start_us || us >= t.range_end_us) return OutOfRangeInstant(t, start);
  const int64_t amount_us = absl::ToInt64Microseconds(amount);
  const int64_t k = LastIntervalStartingAtOrBefore(t, us);
  const int64_t n = static_cast<int64_t>(t.start_us.size());
  auto past_end = [&]() {
    return absl::OutOfRangeError(absl::StrCat(
        "add_business_time(", absl::FormatTime(absl::RFC3339_full, start, absl::UTCTimeZone()),
        ", ", absl::FormatDuration(amount), ") is past the calendar's last year ",
        t.config.last_year));
  };
  if (amount_us == 0) {
    // The clock starts at the next working instant.
    if (k >= 0 && us < t.end_us[static_cast<size_t>(k)]) return start;
    if (k + 1 >= n) return past_end();
    return absl::FromUnixMicros(t.start_us[static_cast<size_t>(k + 1)]);
  }
  const int64_t worked = WorkedBefore(t, us, k);
  if (amount_us > t.cum_us.back() - worked) return past_end();
  const int64_t target = worked + amount_us;
  // First interval j >= max(k, 0) whose accumulated end cum_us[j + 1] reaches
  // the target: gallop forward from k, then binary search the bracket.
  int64_t lo = std::max<int64_t>(k, 0);
  int64_t step = 1;
  int64_t hi = lo;
  while (hi < n - 1 && t.cum_us[static_cast<size_t>(hi) + 1] < target) {
    lo = hi + 1;
    hi = std::min(n - 1, hi + step);
    step *= 2;
  }
  const auto first = t.cum_us.begin() + lo + 1;
  const auto last = t.cum_us.begin() + hi + 2;
  const int64_t j = (std::lower_bound(first, last, target) - t.cum_us.begin()) - 1;
  const size_t ji = static_cast<size_t>(j);
  return absl::FromUnixMicros(t.start_us[ji] + (target - t.cum_us[ji]));
}

absl::StatusOr<absl::Duration> Calendar::business_time_between(absl::Time a, absl::Time b) const {
  const Tables& t = *tables_;
  const int64_t a_us = absl::ToUnixMicros(a);
  const int64_t b_us = absl::ToUnixMicros(b);
  if (a_us < t.range_start_us || a_us > t.range_end_us) return OutOfRangeInstant(t, a);
  if (b_us < t.range_start_us || b_us > t.range_end_us) return OutOfRangeInstant(t, b);
  if (b_us <= a_us) return absl::ZeroDuration();
  const int64_t wa = WorkedBefore(t, a_us, LastIntervalStartingAtOrBefore(t, a_us));
  const int64_t wb = WorkedBefore(t, b_us, LastIntervalStartingAtOrBefore(t, b_us));
  return absl::Microseconds(wb - wa);
}

}  // namespace postventa
