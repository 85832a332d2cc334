// Validation of a CalendarConfig, shared by Calendar::create and
// Calendar::parse_config so that both refuse exactly the same configurations.
#ifndef POSTVENTA_SRC_TIME_INTERNAL_CONFIG_H_
#define POSTVENTA_SRC_TIME_INTERNAL_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "postventa/time.h"
#include "time/internal/holidays.h"

namespace postventa::time_internal {

// Checks every rule of SPEC §1.3 that a hand-built config can break; on success
// fills the loaded zone and the parsed holiday rules.
absl::Status ValidateCalendarConfig(const CalendarConfig& config, absl::TimeZone* zone,
                                    std::vector<HolidayRule>* rules);

// Minutes since midnight as the configuration writes them, "HH:MM" ("24:00" for 1440).
std::string FormatClock(int minutes);

}  // namespace postventa::time_internal

#endif  // POSTVENTA_SRC_TIME_INTERNAL_CONFIG_H_
