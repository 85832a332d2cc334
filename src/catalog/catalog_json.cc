// The JSON forms of products, warranty policies and maintenance plans (SPEC
// §2.1, §2.2, §4), and the canonical JSON the durable store keeps.
//
// Shape errors (a wrong JSON type, an unknown or missing field, an unknown
// name) are reported here with the JSON path of the field and the offending
// value; the rules a hand-built struct can also break (ranges, duplicates) are
// left to the validate_* checks in validate.cc, which the parsers run last.
// JSON null means "absent" everywhere.
#include <cstdint>
#include <limits>
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
#include "common/internal/json_guard.h"
#include "nlohmann/json.hpp"
#include "postventa/catalog.h"

namespace postventa {
namespace {

using catalog_internal::CheckKeys;
using catalog_internal::FieldError;
using catalog_internal::FieldPath;
using catalog_internal::ReadInt;
using catalog_internal::ReadString;
using catalog_internal::Shown;
using nlohmann::json;
using nlohmann::ordered_json;

// The name an object is reported under: its path, or `top` at the top level.
std::string ObjectName(const std::string& path, absl::string_view top) {
  return path.empty() ? std::string(top) : path;
}

absl::Status ReadBool(const json& value, const std::string& path, bool* out) {
  if (!value.is_boolean()) {
    return FieldError(path, absl::StrCat("expected true or false, got ", Shown(value)));
  }
  *out = value.get<bool>();
  return absl::OkStatus();
}

constexpr absl::string_view kWholeNumber = "a whole number >= 0";

template <typename Enum>
absl::Status ReadEnum(const json& value, const std::string& path,
                      bool (*parse)(absl::string_view, Enum*), absl::string_view names, Enum* out) {
  if (!value.is_string() || !parse(value.get<std::string>(), out)) {
    return FieldError(path, absl::StrCat("expected one of ", names, ", got ", Shown(value)));
  }
  return absl::OkStatus();
}

// {"percent": P, "months": M}. On a preset, a component may give only the
// fields it changes; otherwise both are required.
absl::Status ReadComponent(const json& value, const std::string& path, bool partial,
                           CoverComponent* out) {
  if (!value.is_object()) {
    return FieldError(
        path, absl::StrCat("expected {\"percent\": 0..100, \"months\": M}, got ", Shown(value)));
  }
  if (absl::Status s = CheckKeys(value, path, {"percent", "months"}); !s.ok()) return s;
  bool has_percent = false, has_months = false;
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    const std::string field = FieldPath(path, key);
    if (key == "percent") {
      if (absl::Status s = ReadInt(item, field, "a whole number 0..100", &out->percent); !s.ok()) {
        return s;
      }
      has_percent = true;
    } else {
      if (absl::Status s = ReadInt(item, field, kWholeNumber, &out->months); !s.ok()) return s;
      has_months = true;
    }
  }
  if (!partial && !has_percent) {
    return FieldError(FieldPath(path, "percent"), "missing (the share paid, 0..100)");
  }
  if (!partial && !has_months) {
    return FieldError(FieldPath(path, "months"), "missing (the months of cover from the start)");
  }
  return absl::OkStatus();
}

absl::StatusOr<WarrantyPolicy> PresetAt(absl::string_view name, const std::string& path) {
  absl::StatusOr<WarrantyPolicy> preset = warranty_preset(name);
  if (!preset.ok()) {
    return FieldError(path, absl::StrCat("unknown preset \"", name, "\" (known presets: ",
                                         catalog_internal::PresetNameList(), ")"));
  }
  return preset;
}

// A policy object, or a preset name, at `path` ("" at the top level).
// Shape only: the caller validates.
absl::StatusOr<WarrantyPolicy> ParsePolicyValue(const json& value, const std::string& path) {
  const std::string name = ObjectName(path, "policy");
  if (value.is_string()) return PresetAt(value.get<std::string>(), name);
  if (!value.is_object()) {
    return FieldError(
        name, absl::StrCat("expected a policy object or a preset name, got ", Shown(value)));
  }
  if (absl::Status s = CheckKeys(
          value, name,
          {"preset", "name", "kind", "starts_at", "offset_months", "parts", "labor", "travel",
           "presumption_months", "excluded_faults", "requires_specialist_installation",
           "requires_maintenance", "suspend_during_repair", "post_repair_months",
           "max_repair_attempts", "max_days_out_of_service"});
      !s.ok()) {
    return s;
  }
  WarrantyPolicy policy;
  bool from_preset = false;
  if (auto it = value.find("preset"); it != value.end() && !it->is_null()) {
    const std::string field = FieldPath(path, "preset");
    if (!it->is_string()) {
      return FieldError(field,
                        absl::StrCat("expected a preset name (", catalog_internal::PresetNameList(),
                                     "), got ", Shown(*it)));
    }
    absl::StatusOr<WarrantyPolicy> preset = PresetAt(it->get<std::string>(), field);
    if (!preset.ok()) return preset.status();
    policy = *std::move(preset);
    from_preset = true;
  }
  bool has_name = false, has_kind = false, has_start = false;
  bool has_parts = false, has_labor = false, has_travel = false;
  for (const auto& [key, item] : value.items()) {
    if (item.is_null() || key == "preset") continue;
    const std::string field = FieldPath(path, key);
    absl::Status s;
    if (key == "name") {
      s = ReadString(item, field, "a policy name", &policy.name);
      has_name = true;
    } else if (key == "kind") {
      s = ReadEnum(item, field, catalog_internal::ParsePolicyKind,
                   catalog_internal::kPolicyKindNames, &policy.kind);
      has_kind = true;
    } else if (key == "starts_at") {
      s = ReadEnum(item, field, catalog_internal::ParseCoverStart,
                   catalog_internal::kCoverStartNames, &policy.starts_at);
      has_start = true;
    } else if (key == "offset_months") {
      s = ReadInt(item, field, kWholeNumber, &policy.offset_months);
    } else if (key == "parts") {
      s = ReadComponent(item, field, from_preset, &policy.parts);
      has_parts = true;
    } else if (key == "labor") {
      s = ReadComponent(item, field, from_preset, &policy.labor);
      has_labor = true;
    } else if (key == "travel") {
      s = ReadComponent(item, field, from_preset, &policy.travel);
      has_travel = true;
    } else if (key == "presumption_months") {
      s = ReadInt(item, field, kWholeNumber, &policy.presumption_months);
    } else if (key == "excluded_faults") {
      if (!item.is_array()) {
        return FieldError(field,
                          absl::StrCat("expected a list of fault categories, got ", Shown(item)));
      }
      // Replaces a preset's list rather than adding to it: the result is what
      // the configuration says, with nothing hidden in the preset.
      policy.excluded_faults.clear();
      for (size_t i = 0; i < item.size(); ++i) {
        std::string fault;
        if (absl::Status e = ReadString(item[i], absl::StrCat(field, "[", i, "]"),
                                        "a fault category name", &fault);
            !e.ok()) {
          return e;
        }
        policy.excluded_faults.push_back(std::move(fault));
      }
    } else if (key == "requires_specialist_installation") {
      s = ReadBool(item, field, &policy.requires_specialist_installation);
    } else if (key == "requires_maintenance") {
      s = ReadBool(item, field, &policy.requires_maintenance);
    } else if (key == "suspend_during_repair") {
      s = ReadBool(item, field, &policy.suspend_during_repair);
    } else if (key == "post_repair_months") {
      s = ReadInt(item, field, kWholeNumber, &policy.post_repair_months);
    } else if (key == "max_repair_attempts") {
      s = ReadInt(item, field, "a whole number >= 0 (0: no limit)", &policy.max_repair_attempts);
    } else if (key == "max_days_out_of_service") {
      s = ReadInt(item, field, "a whole number >= 0 (0: no limit)",
                  &policy.max_days_out_of_service);
    }
    if (!s.ok()) return s;
  }
  if (!from_preset) {
    if (!has_name) return FieldError(FieldPath(path, "name"), "missing (the policy's unique id)");
    if (!has_kind) {
      return FieldError(FieldPath(path, "kind"),
                        absl::StrCat("missing (one of ", catalog_internal::kPolicyKindNames, ")"));
    }
    if (!has_start) {
      return FieldError(FieldPath(path, "starts_at"),
                        absl::StrCat("missing (one of ", catalog_internal::kCoverStartNames, ")"));
    }
    const char* const kComponent = "missing (every policy states parts, labor and travel)";
    if (!has_parts) return FieldError(FieldPath(path, "parts"), kComponent);
    if (!has_labor) return FieldError(FieldPath(path, "labor"), kComponent);
    if (!has_travel) return FieldError(FieldPath(path, "travel"), kComponent);
  }
  return policy;
}

absl::StatusOr<MaintenancePlan> ParsePlanValue(const json& value, const std::string& path) {
  if (!value.is_object()) {
    return FieldError(
        path, absl::StrCat("expected a maintenance plan object or null, got ", Shown(value)));
  }
  if (absl::Status s = CheckKeys(value, path,
                                 {"every_months", "every_days", "every_usage", "anchor",
                                  "grace_days", "shift", "calendar"});
      !s.ok()) {
    return s;
  }
  MaintenancePlan plan;
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    const std::string field = FieldPath(path, key);
    absl::Status s;
    if (key == "every_months" || key == "every_days") {
      int n = 0;
      if (absl::Status e = ReadInt(item, field, "a whole number > 0 or null", &n); !e.ok()) {
        return e;
      }
      (key == "every_months" ? plan.every_months : plan.every_days) = n;
    } else if (key == "every_usage") {
      if (!item.is_number()) {
        return FieldError(field, absl::StrCat("expected a number > 0 or null, got ", Shown(item)));
      }
      plan.every_usage = item.get<double>();
    } else if (key == "anchor") {
      s = ReadEnum(item, field, catalog_internal::ParseAnchor, catalog_internal::kAnchorNames,
                   &plan.anchor);
    } else if (key == "grace_days") {
      s = ReadInt(item, field, kWholeNumber, &plan.grace_days);
    } else if (key == "shift") {
      s = ReadEnum(item, field, catalog_internal::ParseShift, catalog_internal::kShiftNames,
                   &plan.shift);
    } else if (key == "calendar") {
      s = ReadString(item, field, "a calendar name or null", &plan.calendar);
    }
    if (!s.ok()) return s;
  }
  return plan;
}

absl::StatusOr<Product> ParseProductValue(const json& value) {
  if (absl::Status s = CheckKeys(value, "product",
                                 {"sku", "name", "category", "installation", "training",
                                  "warranties", "maintenance", "sla", "followups"});
      !s.ok()) {
    return s;
  }
  Product product;
  bool has_sku = false;
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    absl::Status s;
    if (key == "sku") {
      s = ReadString(item, key, "a SKU string", &product.sku);
      has_sku = true;
    } else if (key == "name") {
      s = ReadString(item, key, "a string", &product.name);
    } else if (key == "category") {
      s = ReadString(item, key, "a string", &product.category);
    } else if (key == "installation") {
      s = ReadEnum(item, key, catalog_internal::ParseInstallationMode,
                   catalog_internal::kInstallationModeNames, &product.installation);
    } else if (key == "training") {
      s = ReadBool(item, key, &product.training);
    } else if (key == "warranties") {
      if (!item.is_array()) {
        return FieldError(
            key, absl::StrCat("expected a list of policies or preset names, got ", Shown(item)));
      }
      for (size_t i = 0; i < item.size(); ++i) {
        absl::StatusOr<WarrantyPolicy> policy =
            ParsePolicyValue(item[i], absl::StrCat("warranties[", i, "]"));
        if (!policy.ok()) return policy.status();
        product.warranties.push_back(*std::move(policy));
      }
    } else if (key == "maintenance") {
      absl::StatusOr<MaintenancePlan> plan = ParsePlanValue(item, "maintenance");
      if (!plan.ok()) return plan.status();
      product.maintenance = *std::move(plan);
    } else if (key == "sla") {
      s = ReadString(item, key, "an SLA policy name or null", &product.sla);
    } else if (key == "followups") {
      s = ReadString(item, key, "a follow-up rule set name or null", &product.followups);
    }
    if (!s.ok()) return s;
  }
  if (!has_sku) return FieldError("sku", "missing (the product's catalog SKU)");
  return product;
}

ordered_json ComponentJson(const CoverComponent& component) {
  ordered_json out = ordered_json::object();
  out["percent"] = component.percent;
  out["months"] = component.months;
  return out;
}

ordered_json PolicyJson(const WarrantyPolicy& policy) {
  ordered_json out = ordered_json::object();
  out["name"] = policy.name;
  out["kind"] = std::string(policy_kind_name(policy.kind));
  out["starts_at"] = std::string(cover_start_name(policy.starts_at));
  out["offset_months"] = policy.offset_months;
  out["parts"] = ComponentJson(policy.parts);
  out["labor"] = ComponentJson(policy.labor);
  out["travel"] = ComponentJson(policy.travel);
  out["presumption_months"] = policy.presumption_months;
  out["excluded_faults"] = policy.excluded_faults;
  out["requires_specialist_installation"] = policy.requires_specialist_installation;
  out["requires_maintenance"] = policy.requires_maintenance;
  out["suspend_during_repair"] = policy.suspend_during_repair;
  out["post_repair_months"] = policy.post_repair_months;
  out["max_repair_attempts"] = policy.max_repair_attempts;
  out["max_days_out_of_service"] = policy.max_days_out_of_service;
  return out;
}

template <typename T>
ordered_json OptionalJson(const std::optional<T>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json NameOrNull(const std::string& name) {
  return name.empty() ? ordered_json(nullptr) : ordered_json(name);
}

ordered_json PlanJson(const MaintenancePlan& plan) {
  ordered_json out = ordered_json::object();
  out["every_months"] = OptionalJson(plan.every_months);
  out["every_days"] = OptionalJson(plan.every_days);
  out["every_usage"] = OptionalJson(plan.every_usage);
  out["anchor"] = std::string(catalog_internal::AnchorName(plan.anchor));
  out["grace_days"] = plan.grace_days;
  out["shift"] = std::string(catalog_internal::ShiftName(plan.shift));
  out["calendar"] = NameOrNull(plan.calendar);
  return out;
}

}  // namespace

absl::StatusOr<WarrantyPolicy> parse_policy(absl::string_view text) {
  return catalog_internal::ParseValidated<WarrantyPolicy>(
      text, "policy", [](const json& root) { return ParsePolicyValue(root, ""); }, validate_policy);
}

absl::StatusOr<Product> parse_product(absl::string_view text) {
  return catalog_internal::ParseValidated<Product>(
      text, "product",
      [](const json& root) -> absl::StatusOr<Product> {
        if (!root.is_object()) {
          return absl::InvalidArgumentError(
              absl::StrCat("product: expected a JSON object, got ", Shown(root)));
        }
        return ParseProductValue(root);
      },
      validate_product);
}

std::string product_to_json(const Product& product) {
  ordered_json out = ordered_json::object();
  out["sku"] = product.sku;
  out["name"] = product.name;
  out["category"] = product.category;
  out["installation"] = std::string(installation_mode_name(product.installation));
  out["training"] = product.training;
  out["warranties"] = ordered_json::array();
  for (const WarrantyPolicy& policy : product.warranties) {
    out["warranties"].push_back(PolicyJson(policy));
  }
  out["maintenance"] = product.maintenance ? PlanJson(*product.maintenance) : ordered_json(nullptr);
  out["sla"] = NameOrNull(product.sla);
  out["followups"] = NameOrNull(product.followups);
  // A validated product is UTF-8 throughout; `replace` only keeps an
  // unvalidated one from throwing.
  return out.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

namespace catalog_internal {

absl::Status FieldError(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

std::string Shown(const json& value) {
  constexpr size_t kMaxShown = 80;
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > kMaxShown) {
    text.resize(kMaxShown);
    text += "...";
  }
  return text;
}

absl::Status CheckKeys(const json& object, absl::string_view name,
                       absl::Span<const absl::string_view> allowed) {
  for (const auto& item : object.items()) {
    bool known = false;
    for (absl::string_view key : allowed) known = known || key == item.key();
    if (!known) {
      return FieldError(name, absl::StrCat("unknown field \"", item.key(), "\" (expected ",
                                           absl::StrJoin(allowed, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status ReadString(const json& value, absl::string_view path, absl::string_view what,
                        std::string* out) {
  if (!value.is_string()) {
    return FieldError(path, absl::StrCat("expected ", what, ", got ", Shown(value)));
  }
  *out = value.get<std::string>();
  return absl::OkStatus();
}

absl::Status ReadInt(const json& value, absl::string_view path, absl::string_view what, int* out) {
  if (!value.is_number_integer()) {
    return FieldError(path, absl::StrCat("expected ", what, ", got ", Shown(value)));
  }
  if (value.is_number_unsigned()) {
    const auto v = value.get<uint64_t>();
    if (v > static_cast<uint64_t>(std::numeric_limits<int>::max())) {
      return FieldError(path, absl::StrCat(v, " is too large (expected ", what, ")"));
    }
    *out = static_cast<int>(v);
    return absl::OkStatus();
  }
  const auto v = value.get<int64_t>();
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
    return FieldError(path, absl::StrCat(v, " is out of range (expected ", what, ")"));
  }
  *out = static_cast<int>(v);
  return absl::OkStatus();
}

absl::StatusOr<json> ParseJson(absl::string_view text, absl::string_view what) {
  std::vector<std::set<std::string>> open_objects;
  std::string duplicate;
  const json::parser_callback_t track = [&](int /*depth*/, json::parse_event_t event,
                                            json& parsed) {
    if (event == json::parse_event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      if (!open_objects.empty()) open_objects.pop_back();
    } else if (event == json::parse_event_t::key && !open_objects.empty() && duplicate.empty()) {
      if (!open_objects.back().insert(parsed.get<std::string>()).second) {
        duplicate = parsed.get<std::string>();
      }
    }
    return true;
  };
  if (absl::Status s = common_internal::CheckJsonText(text, what); !s.ok()) return s;
  json root;
  try {
    root = json::parse(text.begin(), text.end(), track);
  } catch (const json::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": not valid JSON: ", e.what()));
  }
  if (!duplicate.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": field \"", duplicate, "\" appears twice in one object"));
  }
  return root;
}

}  // namespace catalog_internal

}  // namespace postventa
