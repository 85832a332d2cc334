// Validation of policies, maintenance plans and products (SPEC §2.1, §2.2, §4).
// The JSON parser runs the same checks, so a field is refused for the same
// reason, with the same path, whichever way the configuration came in.
#include <cmath>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "catalog/internal/rules.h"
#include "postventa/catalog.h"

namespace postventa {
namespace catalog_internal {

std::string FieldPath(absl::string_view prefix, absl::string_view field) {
  if (prefix.empty()) return std::string(field);
  return absl::StrCat(prefix, ".", field);
}

bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    // The lead byte gives the sequence length, the smallest code point that
    // length may encode (anything smaller is an overlong form) and its payload.
    int continuation = 0;
    unsigned min_code = 0;
    if ((c & 0xE0) == 0xC0) {
      continuation = 1;
      min_code = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      continuation = 2;
      min_code = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      continuation = 3;
      min_code = 0x10000;
    } else {
      return false;
    }
    unsigned code = c & (0x3Fu >> continuation);
    if (n - i <= static_cast<size_t>(continuation)) return false;
    for (int k = 1; k <= continuation; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      code = (code << 6) | (cc & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if (code < min_code || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return false;
    i += continuation + 1;
  }
  return true;
}

absl::string_view AnchorName(MaintenanceAnchor anchor) {
  switch (anchor) {
    case MaintenanceAnchor::kFixed:
      return "fixed";
    case MaintenanceAnchor::kCompletion:
      return "completion";
  }
  return "";
}

absl::string_view ShiftName(DateShift shift) {
  switch (shift) {
    case DateShift::kNone:
      return "none";
    case DateShift::kPreviousWorkingDay:
      return "previous_working_day";
    case DateShift::kNextWorkingDay:
      return "next_working_day";
  }
  return "";
}

namespace {

// Finds the enum value whose name(value) is `name`, trying values 0..count-1.
template <typename Enum, typename NameFn>
bool ParseByName(absl::string_view name, int count, NameFn name_of, Enum* out) {
  for (int v = 0; v < count; ++v) {
    const auto value = static_cast<Enum>(v);
    if (name_of(value) == name) {
      *out = value;
      return true;
    }
  }
  return false;
}

}  // namespace

bool ParsePolicyKind(absl::string_view name, PolicyKind* out) {
  return ParseByName(name, 4, policy_kind_name, out);
}
bool ParseCoverStart(absl::string_view name, CoverStart* out) {
  return ParseByName(name, 4, cover_start_name, out);
}
bool ParseInstallationMode(absl::string_view name, InstallationMode* out) {
  return ParseByName(name, 3, installation_mode_name, out);
}
bool ParseAnchor(absl::string_view name, MaintenanceAnchor* out) {
  return ParseByName(name, 2, AnchorName, out);
}
bool ParseShift(absl::string_view name, DateShift* out) {
  return ParseByName(name, 3, ShiftName, out);
}

namespace {

absl::Status FieldError(absl::string_view prefix, absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(FieldPath(prefix, field), ": ", why));
}

absl::Status CheckRange(absl::string_view prefix, absl::string_view field, int value, int low,
                        int high) {
  if (value < low || value > high) {
    return FieldError(prefix, field, absl::StrCat(value, " is outside ", low, "..", high));
  }
  return absl::OkStatus();
}

// A limit where 0 means "no limit": any whole number >= 0.
absl::Status CheckLimit(absl::string_view prefix, absl::string_view field, int value) {
  if (value < 0) {
    return FieldError(prefix, field, absl::StrCat(value, " is negative (0 means no limit)"));
  }
  return absl::OkStatus();
}

// Free text that ends up in JSON (the durable store, the faces) must be UTF-8.
absl::Status CheckText(absl::string_view prefix, absl::string_view field, absl::string_view value) {
  if (!IsValidUtf8(value)) return FieldError(prefix, field, "is not valid UTF-8 text");
  return absl::OkStatus();
}

// A name (SKU, policy, fault): non-empty UTF-8.
absl::Status CheckName(absl::string_view prefix, absl::string_view field, absl::string_view value,
                       absl::string_view what) {
  if (value.empty()) return FieldError(prefix, field, absl::StrCat("\"\" is empty (", what, ")"));
  return CheckText(prefix, field, value);
}

absl::Status CheckComponent(absl::string_view prefix, absl::string_view field,
                            const CoverComponent& component) {
  const std::string path = FieldPath(prefix, field);
  if (absl::Status s = CheckRange(path, "percent", component.percent, 0, 100); !s.ok()) return s;
  return CheckRange(path, "months", component.months, 0, kMaxMonths);
}

}  // namespace

absl::Status ValidatePolicyAt(const WarrantyPolicy& policy, absl::string_view path) {
  if (absl::Status s = CheckName(path, "name", policy.name, "a policy needs a name"); !s.ok()) {
    return s;
  }
  if (policy_kind_name(policy.kind).empty()) {
    return FieldError(path, "kind",
                      absl::StrCat(static_cast<int>(policy.kind),
                                   " is not a policy kind (expected ", kPolicyKindNames, ")"));
  }
  if (cover_start_name(policy.starts_at).empty()) {
    return FieldError(path, "starts_at",
                      absl::StrCat(static_cast<int>(policy.starts_at),
                                   " is not a cover start (expected ", kCoverStartNames, ")"));
  }
  // Any kind may start at any event: an extended policy usually starts at
  // purchase_of_extension, but one that starts at delivery with an offset (an
  // extension continuing the maker's warranty) is just as real.
  if (absl::Status s = CheckRange(path, "offset_months", policy.offset_months, 0, kMaxMonths);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckComponent(path, "parts", policy.parts); !s.ok()) return s;
  if (absl::Status s = CheckComponent(path, "labor", policy.labor); !s.ok()) return s;
  if (absl::Status s = CheckComponent(path, "travel", policy.travel); !s.ok()) return s;
  if (absl::Status s =
          CheckRange(path, "presumption_months", policy.presumption_months, 0, kMaxMonths);
      !s.ok()) {
    return s;
  }
  absl::flat_hash_map<absl::string_view, size_t> faults;
  for (size_t i = 0; i < policy.excluded_faults.size(); ++i) {
    const std::string field = absl::StrCat("excluded_faults[", i, "]");
    const std::string& fault = policy.excluded_faults[i];
    if (absl::Status s = CheckName(path, field, fault, "a fault category needs a name"); !s.ok()) {
      return s;
    }
    auto [it, inserted] = faults.emplace(fault, i);
    if (!inserted) {
      return FieldError(
          path, field,
          absl::StrCat("duplicate fault \"", fault, "\" (also excluded_faults[", it->second, "])"));
    }
  }
  if (absl::Status s =
          CheckRange(path, "post_repair_months", policy.post_repair_months, 0, kMaxMonths);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckLimit(path, "max_repair_attempts", policy.max_repair_attempts);
      !s.ok()) {
    return s;
  }
  return CheckLimit(path, "max_days_out_of_service", policy.max_days_out_of_service);
}

absl::Status ValidatePlanAt(const MaintenancePlan& plan, absl::string_view path) {
  if (!plan.every_months && !plan.every_days && !plan.every_usage) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": no trigger (set at least one of every_months, every_days, every_usage)"));
  }
  if (plan.every_months) {
    if (absl::Status s = CheckRange(path, "every_months", *plan.every_months, 1, kMaxMonths);
        !s.ok()) {
      return s;
    }
  }
  if (plan.every_days) {
    if (absl::Status s = CheckRange(path, "every_days", *plan.every_days, 1, kMaxDays); !s.ok()) {
      return s;
    }
  }
  if (plan.every_usage) {
    const double usage = *plan.every_usage;
    if (!std::isfinite(usage) || usage <= 0) {
      return FieldError(path, "every_usage", absl::StrCat(usage, " is not a positive number"));
    }
  }
  if (AnchorName(plan.anchor).empty()) {
    return FieldError(path, "anchor",
                      absl::StrCat(static_cast<int>(plan.anchor), " is not an anchor (expected ",
                                   kAnchorNames, ")"));
  }
  if (absl::Status s = CheckRange(path, "grace_days", plan.grace_days, 0, kMaxDays); !s.ok()) {
    return s;
  }
  if (ShiftName(plan.shift).empty()) {
    return FieldError(path, "shift",
                      absl::StrCat(static_cast<int>(plan.shift), " is not a date shift (expected ",
                                   kShiftNames, ")"));
  }
  if (absl::Status s = CheckText(path, "calendar", plan.calendar); !s.ok()) return s;
  if (plan.shift != DateShift::kNone && plan.calendar.empty()) {
    return FieldError(path, "calendar",
                      absl::StrCat("missing: shift \"", ShiftName(plan.shift),
                                   "\" moves due dates by the working days of a calendar"));
  }
  return absl::OkStatus();
}

}  // namespace catalog_internal

using catalog_internal::FieldPath;

absl::Status validate_policy(const WarrantyPolicy& policy) {
  return catalog_internal::ValidatePolicyAt(policy, "");
}

absl::Status validate_product(const Product& product) {
  auto error = [](absl::string_view field, absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
  };
  if (product.sku.empty()) return error("sku", "\"\" is empty (a product needs a SKU)");
  if (!catalog_internal::IsValidUtf8(product.sku)) return error("sku", "is not valid UTF-8 text");
  if (!catalog_internal::IsValidUtf8(product.name)) return error("name", "is not valid UTF-8 text");
  if (!catalog_internal::IsValidUtf8(product.category)) {
    return error("category", "is not valid UTF-8 text");
  }
  if (installation_mode_name(product.installation).empty()) {
    return error("installation", absl::StrCat(static_cast<int>(product.installation),
                                              " is not an installation mode (expected ",
                                              catalog_internal::kInstallationModeNames, ")"));
  }
  // A policy may require a specialist installation (or maintenance) on a product
  // installed by nobody (or with no plan): nothing can then void it, which is
  // what such a product means. Refusing it would stop one policy from being
  // shared across a product line. See docs/catalog.md.
  absl::flat_hash_map<absl::string_view, size_t> names;
  for (size_t i = 0; i < product.warranties.size(); ++i) {
    const std::string path = absl::StrCat("warranties[", i, "]");
    const WarrantyPolicy& policy = product.warranties[i];
    if (absl::Status s = catalog_internal::ValidatePolicyAt(policy, path); !s.ok()) return s;
    auto [it, inserted] = names.emplace(policy.name, i);
    if (!inserted) {
      return error(FieldPath(path, "name"), absl::StrCat("duplicate policy name \"", policy.name,
                                                         "\" (also warranties[", it->second, "])"));
    }
  }
  if (product.maintenance) {
    if (absl::Status s = catalog_internal::ValidatePlanAt(*product.maintenance, "maintenance");
        !s.ok()) {
      return s;
    }
  }
  if (!catalog_internal::IsValidUtf8(product.sla)) return error("sla", "is not valid UTF-8 text");
  if (!catalog_internal::IsValidUtf8(product.followups)) {
    return error("followups", "is not valid UTF-8 text");
  }
  return absl::OkStatus();
}

}  // namespace postventa
