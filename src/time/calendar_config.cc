// The JSON form of a calendar's configuration (SPEC §1.3) -> CalendarConfig.
// Shape errors are reported here with the JSON path of the field; the rules
// that also apply to a hand-built CalendarConfig are checked by
// ValidateCalendarConfig, the same check Calendar::create runs.
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "common/internal/json_guard.h"
#include "nlohmann/json.hpp"
#include "postventa/time.h"
#include "time/internal/config.h"
#include "time/internal/holidays.h"

namespace postventa {
namespace {

using nlohmann::json;

absl::Status FieldError(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

// "HH:MM" with 00 <= HH <= 24, 00 <= MM <= 59, and 24 only as "24:00".
bool ParseClock(const std::string& s, int* minutes) {
  auto digit = [&](int i) { return s[i] >= '0' && s[i] <= '9'; };
  if (s.size() != 5 || s[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return false;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return false;
  *minutes = h * 60 + m;
  return true;
}

absl::StatusOr<std::vector<WorkInterval>> ParseDay(const json& value, const std::string& field) {
  if (!value.is_array()) {
    return FieldError(
        field,
        absl::StrCat("expected a list of [\"HH:MM\", \"HH:MM\"] intervals, got ", value.dump()));
  }
  std::vector<WorkInterval> intervals;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string item = absl::StrCat(field, "[", i, "]");
    const json& pair = value[i];
    if (!pair.is_array() || pair.size() != 2) {
      return FieldError(item, absl::StrCat("expected [\"HH:MM\", \"HH:MM\"], got ", pair.dump()));
    }
    int bounds[2] = {0, 0};
    for (size_t k = 0; k < 2; ++k) {
      if (!pair[k].is_string() || !ParseClock(pair[k].get<std::string>(), &bounds[k])) {
        return FieldError(absl::StrCat(item, "[", k, "]"),
                          absl::StrCat(pair[k].dump(), " is not a time HH:MM from 00:00 to 24:00"));
      }
    }
    intervals.push_back(WorkInterval{bounds[0], bounds[1]});
  }
  return intervals;
}

}  // namespace

absl::StatusOr<CalendarConfig> Calendar::parse_config(absl::string_view text) {
  if (absl::Status s = common_internal::CheckJsonText(text, "calendar"); !s.ok()) return s;
  json root;
  try {
    root = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1e555
    return absl::InvalidArgumentError(absl::StrCat("calendar: not valid JSON: ", e.what()));
  }
  if (!root.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("calendar: expected a JSON object, got ", root.type_name()));
  }
  CalendarConfig config;
  bool has_timezone = false, has_week = false;
  for (const auto& [key, value] : root.items()) {
    if (key == "timezone") {
      if (!value.is_string()) {
        return FieldError("timezone",
                          absl::StrCat("expected an IANA zone name, got ", value.dump()));
      }
      config.timezone = value.get<std::string>();
      has_timezone = true;
    } else if (key == "week") {
      if (!value.is_object()) {
        return FieldError("week", absl::StrCat("expected an object mon..sun, got ", value.dump()));
      }
      for (const auto& [day, intervals] : value.items()) {
        Weekday weekday;
        if (!time_internal::ParseWeekday(day, &weekday)) {
          return FieldError("week",
                            absl::StrCat("unknown weekday \"", day,
                                         "\" (expected mon, tue, wed, thu, fri, sat, sun)"));
        }
        absl::StatusOr<std::vector<WorkInterval>> parsed =
            ParseDay(intervals, absl::StrCat("week.", day));
        if (!parsed.ok()) return parsed.status();
        config.week[static_cast<int>(weekday)] = *std::move(parsed);
      }
      has_week = true;
    } else if (key == "holidays") {
      if (!value.is_array()) {
        return FieldError("holidays", absl::StrCat("expected a list of rules, got ", value.dump()));
      }
      for (size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string()) {
          return FieldError(absl::StrCat("holidays[", i, "]"),
                            absl::StrCat("expected a rule string, got ", value[i].dump()));
        }
        config.holidays.push_back(value[i].get<std::string>());
      }
    } else if (key == "observed") {
      const std::string v = value.is_string() ? value.get<std::string>() : "";
      if (v == "none") {
        config.observed = ObservedRule::kNone;
      } else if (v == "sunday_to_monday") {
        config.observed = ObservedRule::kSundayToMonday;
      } else {
        return FieldError(
            "observed",
            absl::StrCat("expected \"none\" or \"sunday_to_monday\", got ", value.dump()));
      }
    } else if (key == "years") {
      if (!value.is_array() || value.size() != 2 || !value[0].is_number_integer() ||
          !value[1].is_number_integer()) {
        return FieldError("years",
                          absl::StrCat("expected [first_year, last_year], got ", value.dump()));
      }
      const auto first = value[0].get<int64_t>(), last = value[1].get<int64_t>();
      if (first < 1400 || last > 9999) {  // keep the cast to int below exact
        return FieldError("years", absl::StrCat("[", first, ", ", last,
                                                "] is outside the supported years 1400..9999"));
      }
      config.first_year = static_cast<int>(first);
      config.last_year = static_cast<int>(last);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("calendar: unknown field \"", key,
                       "\" (expected timezone, week, holidays, observed, years)"));
    }
  }
  if (!has_timezone)
    return FieldError("timezone", "missing (an IANA zone such as \"Europe/Madrid\")");
  if (!has_week) return FieldError("week", "missing (working hours per weekday)");
  absl::TimeZone zone;
  std::vector<time_internal::HolidayRule> rules;
  if (absl::Status s = time_internal::ValidateCalendarConfig(config, &zone, &rules); !s.ok()) {
    return s;
  }
  return config;
}

std::string time_internal::FormatClock(int minutes) {
  return absl::StrFormat("%02d:%02d", minutes / 60, minutes % 60);
}

std::string Calendar::config_to_json(const CalendarConfig& config) {
  nlohmann::ordered_json j;
  j["timezone"] = config.timezone;
  nlohmann::ordered_json week = nlohmann::ordered_json::object();
  for (int w = 0; w < 7; ++w) {
    nlohmann::ordered_json day = nlohmann::ordered_json::array();
    for (const WorkInterval& iv : config.week[w]) {
      day.push_back(
          {time_internal::FormatClock(iv.start_minute), time_internal::FormatClock(iv.end_minute)});
    }
    week[std::string(time_internal::WeekdayName(static_cast<Weekday>(w)))] = std::move(day);
  }
  j["week"] = std::move(week);
  j["holidays"] = config.holidays;
  j["observed"] = config.observed == ObservedRule::kNone ? "none" : "sunday_to_monday";
  j["years"] = {config.first_year, config.last_year};
  return j.dump();
}

absl::StatusOr<Calendar> Calendar::from_json(absl::string_view json_text) {
  // parse_config validates; create validates again (cheap next to compiling).
  absl::StatusOr<CalendarConfig> config = parse_config(json_text);
  if (!config.ok()) return config.status();
  return create(*config);
}

}  // namespace postventa
