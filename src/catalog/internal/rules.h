// The catalog's validation rules and configuration names, shared by the
// public validate_* functions and the JSON parser so that a hand-built struct
// and its JSON form are refused for exactly the same reasons, with the same
// field paths.
#ifndef POSTVENTA_SRC_CATALOG_INTERNAL_RULES_H_
#define POSTVENTA_SRC_CATALOG_INTERNAL_RULES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "postventa/catalog.h"

namespace postventa::catalog_internal {

// Upper bounds that keep date arithmetic downstream (cover start + offset +
// months, due-date grids) far from overflow and inside the years a calendar
// supports. A century is longer than any real warranty or maintenance interval;
// a "lifetime" warranty is modelled as kMaxMonths.
inline constexpr int kMaxMonths = 1200;  // 100 years
inline constexpr int kMaxDays = 36600;   // a little over 100 years

// `prefix.field`, or `field` when prefix is empty (a top-level object).
std::string FieldPath(absl::string_view prefix, absl::string_view field);

// validate_policy with every field path prefixed by `path` (e.g. "warranties[1]").
absl::Status ValidatePolicyAt(const WarrantyPolicy& policy, absl::string_view path);
// The rules of SPEC §4 a plan can break; paths prefixed by `path` ("maintenance").
absl::Status ValidatePlanAt(const MaintenancePlan& plan, absl::string_view path);

// True when `text` is well-formed UTF-8 (JSON output needs it).
bool IsValidUtf8(absl::string_view text);

// Names as they appear in configuration. The name functions return "" for a
// value outside the enum (which validation refuses).
absl::string_view AnchorName(MaintenanceAnchor anchor);
absl::string_view ShiftName(DateShift shift);

// Configuration name -> enum value; false for an unknown name.
bool ParsePolicyKind(absl::string_view name, PolicyKind* out);
bool ParseCoverStart(absl::string_view name, CoverStart* out);
bool ParseInstallationMode(absl::string_view name, InstallationMode* out);
bool ParseAnchor(absl::string_view name, MaintenanceAnchor* out);
bool ParseShift(absl::string_view name, DateShift* out);

// The accepted names, quoted and comma-separated, for error messages:
// `"legal", "commercial", "extended", "contract"`.
inline constexpr absl::string_view kPolicyKindNames =
    R"("legal", "commercial", "extended", "contract")";
inline constexpr absl::string_view kCoverStartNames =
    R"("sale", "delivery", "installation", "purchase_of_extension")";
inline constexpr absl::string_view kInstallationModeNames = R"("none", "customer", "specialist")";
inline constexpr absl::string_view kAnchorNames = R"("fixed", "completion")";
inline constexpr absl::string_view kShiftNames =
    R"("none", "previous_working_day", "next_working_day")";

// The known presets, comma-separated, for error messages: `legal-es, legal-eu-min`.
std::string PresetNameList();

}  // namespace postventa::catalog_internal

#endif  // POSTVENTA_SRC_CATALOG_INTERNAL_RULES_H_
