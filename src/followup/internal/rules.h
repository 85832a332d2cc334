// Shared by the follow-up rule validation, its JSON form and the planner: the
// trigger table and the per-rule checks, so that a hand-built rule set and its
// JSON form are refused for the same reasons with the same field paths.
#ifndef POSTVENTA_SRC_FOLLOWUP_INTERNAL_RULES_H_
#define POSTVENTA_SRC_FOLLOWUP_INTERNAL_RULES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "postventa/followup.h"

namespace postventa::followup_internal {

// The derived triggers, after the event types.
inline constexpr absl::string_view kCaseResolved = "case_resolved";
inline constexpr absl::string_view kMaintenanceDue = "maintenance_due";
inline constexpr absl::string_view kWarrantyEnd = "warranty_end";

// A small dense id for each trigger name (the event types in all_event_types()
// order, then the derived triggers); -1 for an unknown name.
int TriggerId(absl::string_view name);
int TriggerCount();

// validate_followup_rules for one rule, paths prefixed by `path` ("rules[2]").
absl::Status ValidateRuleAt(const FollowupRule& rule, const std::string& path);

// The accepted names quoted and comma-separated, for error messages.
std::string QuotedList(absl::Span<const absl::string_view> names);

}  // namespace postventa::followup_internal

#endif  // POSTVENTA_SRC_FOLLOWUP_INTERNAL_RULES_H_
