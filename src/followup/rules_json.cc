// The JSON form of follow-up rule sets (SPEC §6) and its canonical output.
//
// Shape errors (a wrong JSON type, an unknown, missing or doubled field) are
// reported here with the JSON path of the field and the offending value; the
// rules a hand-built FollowupRules can also break are validate_followup_rules',
// which the parser runs last. JSON null means "absent" everywhere.
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "catalog/internal/json_text.h"
#include "nlohmann/json.hpp"
#include "postventa/followup.h"

namespace postventa {
namespace {

using catalog_internal::CheckKeys;
using catalog_internal::FieldError;
using catalog_internal::ReadInt;
using catalog_internal::ReadString;
using catalog_internal::Shown;
using nlohmann::json;
using nlohmann::ordered_json;

absl::Status ReadCondition(const json& value, const std::string& path, FollowupCondition* out) {
  if (!value.is_object()) {
    return FieldError(path, absl::StrCat("expected a condition object such as "
                                         "{\"by\": \"specialist\"}, or null, got ",
                                         Shown(value)));
  }
  if (absl::Status s = CheckKeys(
          value, path, {"by", "product_training", "instrument", "min_score", "max_score"});
      !s.ok()) {
    return s;
  }
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    const std::string field = absl::StrCat(path, ".", key);
    absl::Status s;
    if (key == "by") {
      s = ReadString(item, field, "\"specialist\" or \"customer\"", &out->by);
    } else if (key == "product_training") {
      if (!item.is_boolean()) {
        return FieldError(field, absl::StrCat("expected true or false, got ", Shown(item)));
      }
      out->product_training = item.get<bool>();
    } else if (key == "instrument") {
      s = ReadString(item, field, "a survey instrument name such as \"nps\"", &out->instrument);
    } else {  // min_score, max_score
      if (!item.is_number()) {
        return FieldError(field, absl::StrCat("expected a number, got ", Shown(item)));
      }
      (key == "min_score" ? out->min_score : out->max_score) = item.get<double>();
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<FollowupRule> ParseRule(const json& value, const std::string& path) {
  if (!value.is_object()) {
    return FieldError(path, absl::StrCat("expected a rule object, got ", Shown(value)));
  }
  if (absl::Status s = CheckKeys(value, path,
                                 {"touchpoint", "after", "offset_days", "offset_working_days",
                                  "channel", "category", "priority", "when", "every_months"});
      !s.ok()) {
    return s;
  }
  FollowupRule rule;
  bool has_touchpoint = false, has_after = false, has_channel = false, has_category = false;
  bool has_days = false;
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    const std::string field = absl::StrCat(path, ".", key);
    absl::Status s;
    if (key == "touchpoint") {
      s = ReadString(item, field, "a touchpoint name such as \"thank_you\"", &rule.touchpoint);
      has_touchpoint = true;
    } else if (key == "after") {
      s = ReadString(item, field, "a trigger name such as \"delivered\"", &rule.after);
      has_after = true;
    } else if (key == "offset_days") {
      s = ReadInt(item, field, "a whole number of days", &rule.offset_days);
      has_days = true;
    } else if (key == "offset_working_days") {
      int n = 0;
      s = ReadInt(item, field, "a whole number of working days", &n);
      rule.offset_working_days = n;
    } else if (key == "channel") {
      s = ReadString(item, field, "a channel name such as \"phone\"", &rule.channel);
      has_channel = true;
    } else if (key == "category") {
      s = ReadString(item, field, "a category name such as \"survey\"", &rule.category);
      has_category = true;
    } else if (key == "priority") {
      s = ReadInt(item, field, "a whole number (higher is placed first)", &rule.priority);
    } else if (key == "when") {
      s = ReadCondition(item, field, &rule.when);
    } else if (key == "every_months") {
      int n = 0;
      s = ReadInt(item, field, "a whole number of months > 0, or null", &n);
      rule.every_months = n;
    }
    if (!s.ok()) return s;
  }
  if (!has_touchpoint) {
    return FieldError(path + ".touchpoint", "missing (a name such as \"thank_you\")");
  }
  if (!has_after) return FieldError(path + ".after", "missing (the trigger, e.g. \"delivered\")");
  if (has_days && rule.offset_working_days) {
    return FieldError(path + ".offset_days",
                      "give either offset_days or offset_working_days, not both");
  }
  if (!has_days && !rule.offset_working_days) {
    return FieldError(path + ".offset_days",
                      "missing (give offset_days or offset_working_days, e.g. 0)");
  }
  if (!has_channel) return FieldError(path + ".channel", "missing (e.g. \"phone\")");
  if (!has_category) {
    return FieldError(path + ".category",
                      "missing (\"service\", \"courtesy\", \"survey\", \"referral\" or \"offer\")");
  }
  return rule;
}

absl::StatusOr<FollowupRules> ParseRules(const json& root) {
  if (!root.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("followups: expected a rule set object, got ", Shown(root)));
  }
  if (absl::Status s =
          CheckKeys(root, "followups", {"name", "calendar", "max_contacts_per_30_days", "rules"});
      !s.ok()) {
    return s;
  }
  FollowupRules rules;
  bool has_name = false, has_rules = false;
  for (const auto& [key, item] : root.items()) {
    if (item.is_null()) continue;
    absl::Status s;
    if (key == "name") {
      s = ReadString(item, key, "a rule set name", &rules.name);
      has_name = true;
    } else if (key == "calendar") {
      s = ReadString(item, key, "a calendar name or null", &rules.calendar);
    } else if (key == "max_contacts_per_30_days") {
      s = ReadInt(item, key, "a whole number >= 1", &rules.max_contacts_per_30_days);
    } else if (key == "rules") {
      if (!item.is_array()) {
        return FieldError(key, absl::StrCat("expected a list of rules, got ", Shown(item)));
      }
      for (size_t i = 0; i < item.size(); ++i) {
        absl::StatusOr<FollowupRule> rule = ParseRule(item[i], absl::StrCat("rules[", i, "]"));
        if (!rule.ok()) return rule.status();
        rules.rules.push_back(*std::move(rule));
      }
      has_rules = true;
    }
    if (!s.ok()) return s;
  }
  if (!has_name) return FieldError("name", "missing (the rule set's name, e.g. \"default\")");
  if (!has_rules) return FieldError("rules", "missing (a list of rules, may be empty)");
  return rules;
}

ordered_json ConditionJson(const FollowupCondition& when) {
  if (when.empty()) return ordered_json(nullptr);
  ordered_json out = ordered_json::object();
  if (!when.by.empty()) out["by"] = when.by;
  if (when.product_training) out["product_training"] = *when.product_training;
  if (!when.instrument.empty()) out["instrument"] = when.instrument;
  if (when.min_score) out["min_score"] = *when.min_score;
  if (when.max_score) out["max_score"] = *when.max_score;
  return out;
}

}  // namespace

absl::StatusOr<FollowupRules> parse_followup_rules(absl::string_view text) {
  return catalog_internal::ParseValidated<FollowupRules>(text, "followups", ParseRules,
                                                         validate_followup_rules);
}

std::string followup_rules_to_json(const FollowupRules& rules) {
  ordered_json out = ordered_json::object();
  out["name"] = rules.name;
  out["calendar"] = rules.calendar.empty() ? ordered_json(nullptr) : ordered_json(rules.calendar);
  out["max_contacts_per_30_days"] = rules.max_contacts_per_30_days;
  out["rules"] = ordered_json::array();
  for (const FollowupRule& rule : rules.rules) {
    ordered_json r = ordered_json::object();
    r["touchpoint"] = rule.touchpoint;
    r["after"] = rule.after;
    if (rule.offset_working_days) {
      r["offset_working_days"] = *rule.offset_working_days;
    } else {
      r["offset_days"] = rule.offset_days;
    }
    r["channel"] = rule.channel;
    r["category"] = rule.category;
    r["priority"] = rule.priority;
    r["when"] = ConditionJson(rule.when);
    r["every_months"] =
        rule.every_months ? ordered_json(*rule.every_months) : ordered_json(nullptr);
    out["rules"].push_back(std::move(r));
  }
  // A validated rule set is UTF-8 throughout; `replace` only keeps an
  // unvalidated one from throwing.
  return out.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace postventa
