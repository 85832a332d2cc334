// The C ABI (include/postventa/postventa.h) over the C++ API.
//
// A thin translation layer: it converts C values to the core's types and back,
// and turns every failure into a pv_status plus the thread-local last-error
// record. It holds no business rule; argument checks here are only the ones C
// needs (NULL pointers, values that do not fit a C type). Every entry point runs
// its body inside Guard() (shim.h), so no C++ exception ever unwinds into C.
// The ledger's entry points are in ledger_c.cc.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "postventa/postventa.h"
#include "postventa/time.h"
#include "shim.h"

namespace {

using postventa::c_internal::DateOutOfRange;
using postventa::c_internal::Fail;
using postventa::c_internal::FromDate;
using postventa::c_internal::Guard;
using postventa::c_internal::last_error;
using postventa::c_internal::NullArgument;
using postventa::c_internal::ToDate;

}  // namespace

extern "C" {

// ---- Errors, versions and memory ----

const char* pv_last_error(void) {
  return last_error.fallback != nullptr ? last_error.fallback : last_error.message.c_str();
}

pv_status pv_last_error_code(void) { return last_error.code; }

uint32_t pv_version_number(void) { return PV_VERSION_NUMBER; }

const char* pv_version_string(void) { return PV_VERSION_STRING; }

void pv_free(void* p) { std::free(p); }

// ---- Time ----

pv_status pv_date_parse(pv_date* out, const char* iso) {
  static constexpr char kFn[] = "pv_date_parse";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (iso == nullptr) return NullArgument(kFn, "iso");
    absl::StatusOr<postventa::Date> date = postventa::parse_date(iso);
    if (!date.ok()) return Fail(date.status());
    pv_date result;
    if (!FromDate(*date, &result)) return DateOutOfRange(kFn, *date);
    *out = result;
    return PV_OK;
  });
}

pv_status pv_date_format(char** out, pv_date date) {
  static constexpr char kFn[] = "pv_date_format";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    const std::string text = postventa::format_date(ToDate(date));
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy == nullptr) throw std::bad_alloc();
    std::memcpy(copy, text.c_str(), text.size() + 1);
    *out = copy;
    return PV_OK;
  });
}

pv_status pv_add_months(pv_date* out, pv_date start, int32_t months) {
  static constexpr char kFn[] = "pv_add_months";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    const postventa::Date end = postventa::add_months(ToDate(start), months);
    pv_date result;
    if (!FromDate(end, &result)) return DateOutOfRange(kFn, end);
    *out = result;
    return PV_OK;
  });
}

// ---- Calendars ----

pv_status pv_calendar_new_from_json(pv_calendar** out, const char* json, size_t json_len) {
  static constexpr char kFn[] = "pv_calendar_new_from_json";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (json == nullptr) return NullArgument(kFn, "json");
    absl::StatusOr<postventa::Calendar> calendar =
        postventa::Calendar::from_json(absl::string_view(json, json_len));
    if (!calendar.ok()) return Fail(calendar.status());
    *out = new pv_calendar{*std::move(calendar)};
    return PV_OK;
  });
}

void pv_calendar_free(pv_calendar* calendar) { delete calendar; }

pv_status pv_calendar_is_holiday(int* out, const pv_calendar* calendar, pv_date date) {
  static constexpr char kFn[] = "pv_calendar_is_holiday";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (calendar == nullptr) return NullArgument(kFn, "calendar");
    absl::StatusOr<bool> holiday = calendar->calendar.is_holiday(ToDate(date));
    if (!holiday.ok()) return Fail(holiday.status());
    *out = *holiday ? 1 : 0;
    return PV_OK;
  });
}

pv_status pv_calendar_is_working_day(int* out, const pv_calendar* calendar, pv_date date) {
  static constexpr char kFn[] = "pv_calendar_is_working_day";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (calendar == nullptr) return NullArgument(kFn, "calendar");
    absl::StatusOr<bool> working = calendar->calendar.is_working_day(ToDate(date));
    if (!working.ok()) return Fail(working.status());
    *out = *working ? 1 : 0;
    return PV_OK;
  });
}

pv_status pv_calendar_add_business_days(pv_date* out, const pv_calendar* calendar, pv_date date,
                                        int32_t n) {
  static constexpr char kFn[] = "pv_calendar_add_business_days";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (calendar == nullptr) return NullArgument(kFn, "calendar");
    // A negative n is refused by the core, with the message Python gives too.
    absl::StatusOr<postventa::Date> day = calendar->calendar.add_business_days(ToDate(date), n);
    if (!day.ok()) return Fail(day.status());
    pv_date result;
    if (!FromDate(*day, &result)) return DateOutOfRange(kFn, *day);
    *out = result;
    return PV_OK;
  });
}

pv_status pv_calendar_add_business_time(pv_instant* out, const pv_calendar* calendar,
                                        pv_instant start, int64_t seconds) {
  static constexpr char kFn[] = "pv_calendar_add_business_time";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (calendar == nullptr) return NullArgument(kFn, "calendar");
    // A negative amount is refused by the core, with the message Python gives too.
    absl::StatusOr<absl::Time> end =
        calendar->calendar.add_business_time(absl::FromUnixSeconds(start), absl::Seconds(seconds));
    if (!end.ok()) return Fail(end.status());
    // Whole-second inputs give whole-second results; ToUnixSeconds floors.
    *out = absl::ToUnixSeconds(*end);
    return PV_OK;
  });
}

pv_status pv_calendar_business_time_between(int64_t* out, const pv_calendar* calendar, pv_instant a,
                                            pv_instant b) {
  static constexpr char kFn[] = "pv_calendar_business_time_between";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (calendar == nullptr) return NullArgument(kFn, "calendar");
    absl::StatusOr<absl::Duration> worked = calendar->calendar.business_time_between(
        absl::FromUnixSeconds(a), absl::FromUnixSeconds(b));
    if (!worked.ok()) return Fail(worked.status());
    *out = absl::ToInt64Seconds(*worked);
    return PV_OK;
  });
}

}  // extern "C"
