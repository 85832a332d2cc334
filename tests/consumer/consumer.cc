// A C++ program that uses postventa's C++ API (postventa::postventa), built by
// scripts/test_consumers.sh through find_package and add_subdirectory.
// Exits 0 when every answer is right.
#include <iostream>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "postventa/time.h"

int main() {
  int failures = 0;
  auto expect = [&failures](bool ok, const char* what) {
    if (!ok) {
      std::cerr << "FAILED: " << what << "\n";
      ++failures;
    }
  };

  // SPEC §1.2: a 12-month period from 2024-02-29 ends on 2025-02-28.
  expect(postventa::add_months(postventa::Date(2024, 2, 29), 12) == postventa::Date(2025, 2, 28),
         "2024-02-29 + 12 months = 2025-02-28");

  absl::StatusOr<postventa::Calendar> calendar = postventa::Calendar::from_json(
      R"({"timezone": "UTC", "week": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]]}})");
  if (!calendar.ok()) {
    std::cerr << "FAILED: Calendar::from_json: " << calendar.status() << "\n";
    return 1;
  }
  // Monday 2024-03-04 09:00 UTC + 8 working hours ends at 17:00 the same day
  // (SPEC §1.3: time that runs out at an interval's end returns that end).
  const absl::Time monday_9 = absl::FromCivil(absl::CivilSecond(2024, 3, 4, 9, 0, 0), absl::UTCTimeZone());
  absl::StatusOr<absl::Time> due = calendar->add_business_time(monday_9, absl::Hours(8));
  expect(due.ok() && *due == monday_9 + absl::Hours(8), "Mon 09:00 + 8 h = Mon 17:00");

  if (failures == 0) std::cout << "consumer (C++): ok\n";
  return failures == 0 ? 0 : 1;
}
