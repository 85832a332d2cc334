/** \file
 * \brief Civil dates, legal month periods and business calendars (SPEC §1).
 *
 * Dates are postventa::Date (an `absl::CivilDay`: a civil date with no zone).
 * Instants are `absl::Time` (UTC); durations are `absl::Duration`. The calendar
 * works at microsecond resolution: finer parts of an input instant or duration
 * are truncated toward the past.
 *
 * A postventa::Calendar is compiled once from its configuration into
 * per-interval tables over a range of years (default 1970–2199), after which
 * every operation is a binary search: O(log n) whatever the span. Queries
 * outside the range fail with `absl::StatusCode::kOutOfRange`.
 *
 * Thread safety: a Calendar is immutable after creation. Copies share their
 * tables; any number of threads may use one calendar (or its copies) at once.
 */
#ifndef POSTVENTA_TIME_H_
#define POSTVENTA_TIME_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

/// \namespace postventa
/// \brief postventa's C++ API: after-sales events, policies and decisions.
///
/// One header per capability under `include/postventa/`; link the CMake target
/// `postventa::postventa`. Fallible functions return `absl::Status` or
/// `absl::StatusOr<T>` and never throw.
namespace postventa {

/// A civil date (year, month, day) with no time zone.
using Date = absl::CivilDay;

/// Days since 1970-01-01 of `date` (the C ABI's date representation).
int64_t to_epoch_days(Date date);
/// The date `days` days after 1970-01-01 (negative: before); the inverse of
/// to_epoch_days().
Date from_epoch_days(int64_t days);

/// Parses a strict ISO `YYYY-MM-DD` date (four-digit year, zero-padded month
/// and day); InvalidArgument for any other text or an impossible date.
[[nodiscard]] absl::StatusOr<Date> parse_date(absl::string_view iso);
/// Formats `date` as `YYYY-MM-DD`.
std::string format_date(Date date);

/// Adds `months` calendar months with the legal rule of SPEC §1.2 (EU Regulation
/// 1182/71, article 3): same day-of-month in the target month, or the last day
/// of that month when it is shorter.
///
/// Negative `months` count backwards the same way.
///
/// Unlike Boost's `date + months(n)`, a start on the last day of a month does NOT
/// snap to the end of the target month: `add_months(2024-02-29, 1)` is 2024-03-29.
Date add_months(Date start, int64_t months);

/// Weekdays, in the order of the configuration's `week` object (index 0 is Monday).
enum class Weekday : int {
  kMon = 0,  ///< Monday (`mon`).
  kTue,      ///< Tuesday (`tue`).
  kWed,      ///< Wednesday (`wed`).
  kThu,      ///< Thursday (`thu`).
  kFri,      ///< Friday (`fri`).
  kSat,      ///< Saturday (`sat`).
  kSun       ///< Sunday (`sun`).
};

/// The weekday of a civil date.
Weekday weekday_of(Date date);

/// A half-open local wall-clock interval `[start, end)`, in minutes since local
/// midnight: `0 <= start_minute < end_minute <= 1440` (1440 is "24:00").
struct WorkInterval {
  int start_minute = 0;  ///< First minute of the interval (included).
  int end_minute = 0;    ///< Minute the interval ends at (excluded); 1440 is "24:00".
  /// Equal when both bounds are equal.
  friend bool operator==(const WorkInterval&, const WorkInterval&) = default;
};

/// What happens to an `annual:` holiday that falls on a Sunday.
enum class ObservedRule {
  kNone,           ///< Nothing: the holiday is the Sunday only (`"none"`, the default).
  kSundayToMonday  ///< The following Monday is also a holiday (`"sunday_to_monday"`).
};

/// The configuration of a business calendar (SPEC §1.3).
///
/// The JSON form (Calendar::parse_config(), Calendar::config_to_json()) is
/// \code{.unparsed}
/// {"timezone": "Europe/Madrid",
///  "week": {"mon": [["09:00","14:00"],["16:00","19:00"]], ..., "sun": []},
///  "holidays": ["2025-12-08", "annual:01-01", "easter:-2", "nth:1:mon:09", "last:mon:05"],
///  "observed": "none" | "sunday_to_monday",
///  "years": [1970, 2199]}            // optional: the range of years precomputed
/// \endcode
/// A weekday missing from `week` has no working time.
struct CalendarConfig {
  /// IANA time zone name of the working hours, e.g. `Europe/Madrid`.
  std::string timezone = "UTC";
  /// Working intervals per weekday; index 0 is Monday (see Weekday). Each
  /// weekday's intervals are sorted and non-overlapping.
  std::array<std::vector<WorkInterval>, 7> week;
  /// Holiday rules, each one of: `YYYY-MM-DD`, `annual:MM-DD`, `easter:±K`
  /// (days from Western Easter Sunday), `nth:N:DOW:MM` (N = 1..5; a month with
  /// no N-th such weekday has no holiday), `last:DOW:MM`. DOW is `mon`..`sun`,
  /// MM is 01..12.
  std::vector<std::string> holidays;
  /// What happens to an `annual:` holiday on a Sunday.
  ObservedRule observed = ObservedRule::kNone;
  /// First year over which the calendar answers queries (inclusive).
  int first_year = 1970;
  /// Last year over which the calendar answers queries (inclusive).
  int last_year = 2199;
  /// Equal when every field is equal.
  friend bool operator==(const CalendarConfig&, const CalendarConfig&) = default;
};

/// A business calendar: working hours per weekday in a named IANA time zone,
/// holiday rules and the observed rule (SPEC §1.3).
///
/// Compiled once by create() or from_json(); every query is then a binary
/// search. Queries about dates or instants outside the configured years fail
/// with OutOfRange. Thread safety: immutable; copies share their tables, and
/// any number of threads may use one calendar (or its copies) at once.
class Calendar {
 public:
  /// Validates `config` and compiles it. Errors (InvalidArgument) name the
  /// offending field and value, e.g. `week.mon[1]: interval 13:00-12:00 does
  /// not end after it starts`.
  [[nodiscard]] static absl::StatusOr<Calendar> create(const CalendarConfig& config);
  /// Parses the JSON form (see CalendarConfig) and compiles it.
  [[nodiscard]] static absl::StatusOr<Calendar> from_json(absl::string_view json);
  /// Parses and validates the JSON form without compiling it.
  [[nodiscard]] static absl::StatusOr<CalendarConfig> parse_config(absl::string_view json);
  /// The JSON form of a configuration (every field, fixed key order);
  /// parse_config() reads it back to an equal CalendarConfig.
  static std::string config_to_json(const CalendarConfig& config);

  /// The configuration the calendar was compiled from.
  const CalendarConfig& config() const;
  /// The first date the calendar answers for (January 1st of its first year).
  Date first_date() const;
  /// The last date the calendar answers for (December 31st of its last year).
  Date last_date() const;

  /// True if `date` matches a holiday rule (or is an observed Monday).
  [[nodiscard]] absl::StatusOr<bool> is_holiday(Date date) const;
  /// True if `date` is not a holiday and its weekday has at least one interval.
  [[nodiscard]] absl::StatusOr<bool> is_working_day(Date date) const;
  /// The n-th working day after `date` (n >= 0); n = 0 gives `date` itself when
  /// it is a working day, else the next working day.
  [[nodiscard]] absl::StatusOr<Date> add_business_days(Date date, int64_t n) const;
  /// The first instant at which `amount` (>= 0) of working time has elapsed since
  /// `start`. A start outside working time begins at the next working instant; an
  /// amount that runs out exactly at an interval's end returns that end.
  [[nodiscard]] absl::StatusOr<absl::Time> add_business_time(absl::Time start,
                                                             absl::Duration amount) const;
  /// Working time in `[a, b)`; zero when b <= a.
  [[nodiscard]] absl::StatusOr<absl::Duration> business_time_between(absl::Time a,
                                                                     absl::Time b) const;

  /// The compiled form (opaque; defined in src/time/calendar.cc).
  struct Tables;

 private:
  explicit Calendar(std::shared_ptr<const Tables> tables);
  std::shared_ptr<const Tables> tables_;
};

}  // namespace postventa

#endif  // POSTVENTA_TIME_H_
