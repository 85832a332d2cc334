// abi_messages_test.cc — a failing C call reports exactly the core's status: the
// same code number and, byte for byte, the same message (status.message()), so
// the C and Python faces, which both pass it through, agree.
//
// This program links both the shared libpostventa.so (for the pv_ calls) and the
// static C++ core (for the reference statuses). The shared library keeps its own
// copy of the core private, so the two do not clash.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "postventa/postventa.h"
#include "postventa/time.h"

namespace {

int passed = 0;
int failed = 0;

// The last pv_ call returned `got` and left its error; it must match `expected`.
void ExpectSameError(const char* what, pv_status got, const absl::Status& expected) {
  const bool ok = !expected.ok() && got == static_cast<pv_status>(expected.code()) &&
                  pv_last_error_code() == got &&
                  std::string(pv_last_error()) == std::string(expected.message());
  if (ok) {
    ++passed;
    return;
  }
  ++failed;
  std::fprintf(stderr, "%s:\n    C:   status %d, \"%s\"\n    C++: status %d, \"%s\"\n", what,
               static_cast<int>(got), pv_last_error(), static_cast<int>(expected.code()),
               std::string(expected.message()).c_str());
}

constexpr char kCalendar[] =
    R"({"timezone": "Europe/Madrid", "week": {"mon": [["09:00","17:00"]]}})";

void InvalidConfigs() {
  const char* const configs[] = {
      R"({"timezone": "Europe/Madrid", "week": {"mon": [["09:00","25:00"]]}})",
      R"({"timezone": "Mars/Olympus", "week": {}})",
      R"({"timezone": "UTC", "week": {"mun": []}})",
      R"({"timezone": "UTC", "week": {"tue": [["09:00","14:00"],["13:00","18:00"]]}})",
      R"({"timezone": "UTC", "week": {"tue": [["14:00","09:00"]]}})",
      R"({"timezone": "UTC", "week": {}, "holidays": ["easter:x", "annual:02-30"]})",
      R"({"timezone": "UTC", "week": {}, "holidays": ["annual:02-30"]})",
      R"({"timezone": "UTC", "week": {}, "observed": "always"})",
      R"({"timezone": "UTC", "week": {}, "years": [1300, 2000]})",
      R"({"timezone": "UTC", "week": {}, "colour": "blue"})",
      R"({"week": {}})",
      R"([1, 2])",
      R"({"timezone": )",
      "",
  };
  for (const char* json : configs) {
    pv_calendar* out = nullptr;
    const pv_status got = pv_calendar_new_from_json(&out, json, std::strlen(json));
    ExpectSameError(json, got, postventa::Calendar::from_json(json).status());
    pv_calendar_free(out);
  }
}

void BadDates() {
  for (const char* iso : {"2025-02-30", "2025-2-3", "yesterday", ""}) {
    pv_date out = 0;
    const pv_status got = pv_date_parse(&out, iso);
    ExpectSameError(iso, got, postventa::parse_date(iso).status());
  }
}

void FailingQueries() {
  pv_calendar* c = nullptr;
  if (pv_calendar_new_from_json(&c, kCalendar, std::strlen(kCalendar)) != PV_OK) {
    ++failed;
    std::fprintf(stderr, "calendar: %s\n", pv_last_error());
    return;
  }
  const postventa::Calendar cxx = *postventa::Calendar::from_json(kCalendar);
  const pv_date before = -1;  // 1969-12-31, before the default years 1970..2199
  const pv_instant late = int64_t{300} * 365 * 86400;          // about 2269
  const pv_instant noon = int64_t{20089} * 86400 + 12 * 3600;  // 2025-01-01T12:00Z
  int flag = 0;
  pv_date day = 0;
  pv_instant at = 0;
  int64_t worked = 0;

  ExpectSameError("is_holiday out of range", pv_calendar_is_holiday(&flag, c, before),
                  cxx.is_holiday(postventa::from_epoch_days(before)).status());
  ExpectSameError("is_working_day out of range", pv_calendar_is_working_day(&flag, c, before),
                  cxx.is_working_day(postventa::from_epoch_days(before)).status());
  ExpectSameError("add_business_days n < 0", pv_calendar_add_business_days(&day, c, 20089, -3),
                  cxx.add_business_days(postventa::from_epoch_days(20089), -3).status());
  ExpectSameError("add_business_days out of range",
                  pv_calendar_add_business_days(&day, c, before, 1),
                  cxx.add_business_days(postventa::from_epoch_days(before), 1).status());
  ExpectSameError("add_business_time amount < 0", pv_calendar_add_business_time(&at, c, noon, -60),
                  cxx.add_business_time(absl::FromUnixSeconds(noon), absl::Seconds(-60)).status());
  ExpectSameError("add_business_time out of range", pv_calendar_add_business_time(&at, c, late, 60),
                  cxx.add_business_time(absl::FromUnixSeconds(late), absl::Seconds(60)).status());
  ExpectSameError(
      "add_business_time past the last year",
      pv_calendar_add_business_time(&at, c, noon, int64_t{1} << 40),
      cxx.add_business_time(absl::FromUnixSeconds(noon), absl::Seconds(int64_t{1} << 40)).status());
  ExpectSameError(
      "business_time_between out of range",
      pv_calendar_business_time_between(&worked, c, noon, late),
      cxx.business_time_between(absl::FromUnixSeconds(noon), absl::FromUnixSeconds(late)).status());
  pv_calendar_free(c);
}

}  // namespace

int main() {
  InvalidConfigs();
  BadDates();
  FailingQueries();
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
