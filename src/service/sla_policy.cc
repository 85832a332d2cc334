// SLA policies (SPEC §5, §9.2 add_sla): validation, the JSON form and the
// presets.
//
// Shape errors (a wrong JSON type, an unknown or missing field) are reported
// by the parser with the JSON path of the field and the offending value; the
// rules a hand-built SlaPolicy can also break are validate_sla_policy's, which
// the parser runs last, so both forms are refused for the same reasons with
// the same paths.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "catalog/internal/json_text.h"
#include "catalog/internal/rules.h"
#include "nlohmann/json.hpp"
#include "postventa/service.h"
#include "postventa/time.h"

namespace postventa {
namespace {

using catalog_internal::CheckKeys;
using catalog_internal::FieldError;
using catalog_internal::ReadString;
using catalog_internal::Shown;
using nlohmann::json;
using nlohmann::ordered_json;

constexpr absl::string_view kPausable = "responded, in_progress, waiting_customer, waiting_parts";

bool Pausable(CaseStatus s) {
  return s == CaseStatus::kResponded || s == CaseStatus::kInProgress ||
         s == CaseStatus::kWaitingCustomer || s == CaseStatus::kWaitingParts;
}

absl::Status ValidateTargetSeconds(int64_t seconds, const std::string& field) {
  if (seconds <= 0) {
    return FieldError(field, absl::StrCat("must be a positive number of seconds, got ", seconds));
  }
  if (seconds > kMaxSlaTargetSeconds) {
    return FieldError(field, absl::StrCat("must be at most ", kMaxSlaTargetSeconds,
                                          " seconds (100 years), got ", seconds));
  }
  return absl::OkStatus();
}

// ---- Presets ----------------------------------------------------------------

// Peru's national holidays (Decreto Legislativo 713, art. 6, as amended up to
// 2023: Leyes 31381, 31530, 31788 and the 23 July holiday of 2023), applied to
// every year. Sources and caveats: docs/service.md.
CalendarConfig PeHabiles() {
  CalendarConfig c;
  c.timezone = "America/Lima";
  for (int w = 0; w < 5; ++w) c.week[w] = {WorkInterval{0, 1440}};
  c.holidays = {"annual:01-01", "easter:-3",    "easter:-2",    "annual:05-01",
                "annual:06-07", "annual:06-29", "annual:07-23", "annual:07-28",
                "annual:07-29", "annual:08-06", "annual:08-30", "annual:10-08",
                "annual:11-01", "annual:12-08", "annual:12-09", "annual:12-25"};
  c.observed = ObservedRule::kNone;
  return c;
}

SlaPreset ReclamoPe() {
  SlaPreset preset;
  preset.calendar_name = "pe-habiles";
  preset.calendar = PeHabiles();
  SlaPolicy& p = preset.policy;
  p.name = "reclamo-pe";
  p.calendar = preset.calendar_name;
  // 15 working days of a 00:00-24:00 calendar, in seconds.
  constexpr int64_t kFifteenWorkingDays = int64_t{15} * 86400;
  p.targets["*"] = SlaTarget{kFifteenWorkingDays, kFifteenWorkingDays};
  // The legal period "cannot be extended" (improrrogable): nothing stops it.
  p.pause_statuses = {};
  p.at_risk_ratio = 0.8;
  return preset;
}

std::string PresetNameList() { return absl::StrJoin(sla_preset_names(), ", "); }

// ---- JSON -------------------------------------------------------------------

// Whole seconds: a JSON integer (3600, not 3600.0 or "3600"). The range is
// validation's; a value beyond int64 is reported here.
absl::Status ReadSeconds(const json& value, const std::string& path, int64_t* out) {
  if (!value.is_number_integer()) {
    return FieldError(path,
                      absl::StrCat("must be a positive number of seconds, got ", Shown(value)));
  }
  if (value.is_number_unsigned() &&
      value.get<uint64_t>() > static_cast<uint64_t>(kMaxSlaTargetSeconds)) {
    return FieldError(path, absl::StrCat("must be at most ", kMaxSlaTargetSeconds,
                                         " seconds (100 years), got ", value.get<uint64_t>()));
  }
  *out = value.get<int64_t>();
  return absl::OkStatus();
}

absl::StatusOr<SlaTarget> ParseTarget(const json& value, const std::string& path) {
  if (!value.is_object()) {
    return FieldError(path, absl::StrCat("expected {\"first_response\": seconds, \"resolution\": "
                                         "seconds}, got ",
                                         Shown(value)));
  }
  if (absl::Status s = CheckKeys(value, path, {"first_response", "resolution"}); !s.ok()) return s;
  SlaTarget target;
  bool has_first = false, has_resolution = false;
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    const std::string field = absl::StrCat(path, ".", key);
    if (key == "first_response") {
      if (absl::Status s = ReadSeconds(item, field, &target.first_response_seconds); !s.ok()) {
        return s;
      }
      has_first = true;
    } else {
      if (absl::Status s = ReadSeconds(item, field, &target.resolution_seconds); !s.ok()) return s;
      has_resolution = true;
    }
  }
  if (!has_first) {
    return FieldError(absl::StrCat(path, ".first_response"),
                      "missing (seconds of working time to the first response)");
  }
  if (!has_resolution) {
    return FieldError(absl::StrCat(path, ".resolution"),
                      "missing (seconds of working time to the resolution)");
  }
  return target;
}

absl::StatusOr<SlaPolicy> ParsePolicyValue(const json& root) {
  if (!root.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("sla policy: expected a JSON object, got ", Shown(root)));
  }
  if (absl::Status s =
          CheckKeys(root, "sla policy",
                    {"preset", "name", "calendar", "targets", "pause_statuses", "at_risk_ratio"});
      !s.ok()) {
    return s;
  }
  SlaPolicy policy;
  bool from_preset = false;
  if (auto it = root.find("preset"); it != root.end() && !it->is_null()) {
    if (!it->is_string()) {
      return FieldError("preset", absl::StrCat("expected a preset name (", PresetNameList(),
                                               "), got ", Shown(*it)));
    }
    absl::StatusOr<SlaPreset> preset = sla_preset(it->get<std::string>());
    if (!preset.ok()) {
      return FieldError("preset", absl::StrCat("unknown preset ", Shown(*it),
                                               " (known presets: ", PresetNameList(), ")"));
    }
    policy = std::move(preset->policy);
    from_preset = true;
  }
  bool has_name = false, has_calendar = false, has_targets = false;
  for (const auto& [key, item] : root.items()) {
    if (item.is_null() || key == "preset") continue;
    absl::Status s;
    if (key == "name") {
      s = ReadString(item, key, "a policy name", &policy.name);
      has_name = true;
    } else if (key == "calendar") {
      s = ReadString(item, key, "a calendar name", &policy.calendar);
      has_calendar = true;
    } else if (key == "targets") {
      if (!item.is_object()) {
        return FieldError(key, absl::StrCat("expected an object {priority: {\"first_response\": "
                                            "seconds, \"resolution\": seconds}}, got ",
                                            Shown(item)));
      }
      // Replaces a preset's targets rather than adding to them: the result is
      // what the configuration says, with nothing hidden in the preset.
      policy.targets.clear();
      for (const auto& [priority, target] : item.items()) {
        absl::StatusOr<SlaTarget> parsed = ParseTarget(target, absl::StrCat("targets.", priority));
        if (!parsed.ok()) return parsed.status();
        policy.targets[priority] = *parsed;
      }
      has_targets = true;
    } else if (key == "pause_statuses") {
      if (!item.is_array()) {
        return FieldError(
            key, absl::StrCat("expected a list of statuses (", kPausable, "), got ", Shown(item)));
      }
      policy.pause_statuses.clear();
      for (size_t i = 0; i < item.size(); ++i) {
        const std::optional<CaseStatus> status =
            item[i].is_string() ? parse_case_status(item[i].get<std::string>()) : std::nullopt;
        if (!status) {
          return FieldError(absl::StrCat(key, "[", i, "]"),
                            absl::StrCat("expected one of ", kPausable, ", got ", Shown(item[i])));
        }
        policy.pause_statuses.push_back(*status);
      }
    } else if (key == "at_risk_ratio") {
      if (!item.is_number()) {
        return FieldError(key, absl::StrCat("expected a number in (0, 1], got ", Shown(item)));
      }
      policy.at_risk_ratio = item.get<double>();
    }
    if (!s.ok()) return s;
  }
  if (!from_preset) {
    if (!has_name) return FieldError("name", "missing (the policy's unique name)");
    if (!has_calendar) {
      return FieldError("calendar", "missing (the name of a calendar added to the ledger)");
    }
    if (!has_targets) {
      return FieldError("targets",
                        "missing (per priority {\"first_response\": seconds, \"resolution\": "
                        "seconds}; \"*\" for any other priority)");
    }
  }
  return policy;
}

}  // namespace

absl::Status validate_sla_policy(const SlaPolicy& policy) {
  if (policy.name.empty()) return FieldError("name", "must not be empty");
  if (!catalog_internal::IsValidUtf8(policy.name)) {
    return FieldError("name", "is not valid UTF-8 text");
  }
  if (policy.calendar.empty()) {
    return FieldError("calendar", "must not be empty (the name of a calendar added to the ledger)");
  }
  if (!catalog_internal::IsValidUtf8(policy.calendar)) {
    return FieldError("calendar", "is not valid UTF-8 text");
  }
  if (policy.targets.empty()) {
    return FieldError("targets", "must give the targets of at least one priority (or \"*\")");
  }
  for (const auto& [priority, target] : policy.targets) {
    if (priority.empty()) return FieldError("targets", "a priority name must not be empty");
    if (!catalog_internal::IsValidUtf8(priority)) {
      return FieldError("targets", "a priority name is not valid UTF-8 text");
    }
    const std::string path = absl::StrCat("targets.", priority);
    if (absl::Status s =
            ValidateTargetSeconds(target.first_response_seconds, path + ".first_response");
        !s.ok()) {
      return s;
    }
    if (absl::Status s = ValidateTargetSeconds(target.resolution_seconds, path + ".resolution");
        !s.ok()) {
      return s;
    }
  }
  for (size_t i = 0; i < policy.pause_statuses.size(); ++i) {
    const CaseStatus status = policy.pause_statuses[i];
    const std::string field = absl::StrCat("pause_statuses[", i, "]");
    if (!Pausable(status)) {
      const absl::string_view name = case_status_name(status);
      return FieldError(
          field, absl::StrCat(name.empty() ? absl::StrCat(static_cast<int>(status)) : name,
                              " cannot pause the SLA clock (expected one of ", kPausable, ")"));
    }
    for (size_t j = 0; j < i; ++j) {
      if (policy.pause_statuses[j] == status) {
        return FieldError(field, absl::StrCat(case_status_name(status), " is listed twice"));
      }
    }
  }
  if (!(policy.at_risk_ratio > 0 && policy.at_risk_ratio <= 1)) {  // NaN fails too
    return FieldError("at_risk_ratio",
                      absl::StrCat("must be in (0, 1], got ", policy.at_risk_ratio));
  }
  return absl::OkStatus();
}

absl::StatusOr<SlaPolicy> parse_sla_policy(absl::string_view text) {
  absl::StatusOr<json> root = catalog_internal::ParseJson(text, "sla policy");
  if (!root.ok()) return root.status();
  absl::StatusOr<SlaPolicy> policy = ParsePolicyValue(*root);
  if (!policy.ok()) return policy.status();
  if (absl::Status s = validate_sla_policy(*policy); !s.ok()) return s;
  return policy;
}

std::string sla_policy_to_json(const SlaPolicy& policy) {
  ordered_json j;
  j["name"] = policy.name;
  j["calendar"] = policy.calendar;
  ordered_json targets = ordered_json::object();
  for (const auto& [priority, target] : policy.targets) {
    ordered_json t = ordered_json::object();
    t["first_response"] = target.first_response_seconds;
    t["resolution"] = target.resolution_seconds;
    targets[priority] = std::move(t);
  }
  j["targets"] = std::move(targets);
  ordered_json pauses = ordered_json::array();
  for (CaseStatus s : policy.pause_statuses) pauses.push_back(std::string(case_status_name(s)));
  j["pause_statuses"] = std::move(pauses);
  j["at_risk_ratio"] = policy.at_risk_ratio;
  // A policy that passed validation is valid UTF-8; `replace` keeps a
  // hand-built invalid one from throwing here.
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

absl::StatusOr<SlaPreset> sla_preset(absl::string_view name) {
  if (name == "reclamo-pe") return ReclamoPe();
  return absl::NotFoundError(absl::StrCat("sla preset: unknown preset \"", name,
                                          "\" (known presets: ", PresetNameList(), ")"));
}

std::vector<std::string> sla_preset_names() { return {"reclamo-pe"}; }

}  // namespace postventa
