/** \file
 * The follow-up contact planner (SPEC §6).
 *
 * Rule sets turn lifecycle facts (a sale, a delivery, a specialist installation,
 * a resolved case, a promoter's survey answer, a maintenance due date, the end of
 * the last commercial warranty) into dated contacts for the after-sales team.
 * plan_followups is a pure function of the rule sets, the facts, the
 * customers' complaints and the contacts already made:
 *
 * - a rule's date is its trigger's date plus `offset_days`, or the n-th working
 *   day of the rule set's calendar (Monday to Friday without one);
 * - contacts of the categories `survey`, `referral` and `offer` are dropped
 *   when the day they would be made falls while the customer has an open
 *   complaint (not made later: a survey during a complaint is not sent after it);
 * - a customer gets at most `max_contacts_per_30_days` contacts in any 30
 *   consecutive days, counting the contacts already made. Contacts are placed
 *   highest priority first; one that finds no room on its date goes on the
 *   next day that has room, so a lower-priority contact never pushes a
 *   higher-priority one;
 * - the plan of [from, to] is exactly the plan of any larger window restricted
 *   to [from, to]: contacts before `from` use up the cap and may push contacts
 *   into the window.
 *
 * docs/followups.md has the default rule set, the JSON form and worked examples.
 *
 * Configuration errors are `InvalidArgument` with a message that starts with the
 * field path and names the bad value, for example
 * `rules[2].channel: unknown channel "phnoe" (expected one of "phone", "visit", ...)`.
 *
 * Thread safety: plain data and pure functions; any number of threads may plan
 * at once over shared (unmodified) inputs.
 */
#ifndef POSTVENTA_FOLLOWUP_H_
#define POSTVENTA_FOLLOWUP_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "postventa/time.h"

namespace postventa {

/// A condition on the fact that triggers a rule. Every field set must hold; an
/// empty condition always holds. JSON: `"when": {"by": "specialist"}`,
/// `{"product_training": true}`, `{"instrument": "nps", "min_score": 9, "max_score": 10}`.
struct FollowupCondition {
  /// Only for rules after `"installed"`: who installed the unit, `"specialist"`
  /// or `"customer"`; `""` for either.
  std::string by;
  /// The unit's product has (true) or has not (false) operator training.
  std::optional<bool> product_training;
  /// Only for rules after `"survey_answered"`: the survey instrument (`"nps"`,
  /// `"csat"`, `"ces"`, ...; `""` for any).
  std::string instrument;
  /// Only for rules after `"survey_answered"`: the lowest matching score,
  /// inclusive (a fact without a score does not match a range).
  std::optional<double> min_score;
  /// Likewise the highest matching score, inclusive.
  std::optional<double> max_score;

  /// True when no field is set (the condition always holds).
  bool empty() const {
    return by.empty() && !product_training && instrument.empty() && !min_score && !max_score;
  }
  /// Field-by-field equality.
  friend bool operator==(const FollowupCondition&, const FollowupCondition&) = default;
};

/// One rule of a follow-up rule set: after which fact, when and how a contact
/// is made, and how important it is.
struct FollowupRule {
  /// What the contact is, an identifier: lowercase ASCII letters, digits, `_`
  /// (`"thank_you"`, `"delivery_check"`).
  std::string touchpoint;
  /// The trigger: an event type of SPEC §3 (`"sold"`, `"delivered"`,
  /// `"installed"`, `"trained"`, `"survey_answered"`, `"complaint_resolved"`,
  /// ...) or a derived one: `"case_resolved"`, `"maintenance_due"` (the due
  /// date), `"warranty_end"` (the last day of the last commercial cover). See
  /// followup_triggers().
  std::string after;
  /// The offset in calendar days, used when offset_working_days is absent
  /// (exactly one of the two offsets is used). Negative counts backwards
  /// ("14 days before a due date").
  int offset_days = 0;
  /// The offset in working days of the rule set's calendar: the n-th working
  /// day after the trigger date (n = 0: that date if it is a working day, else
  /// the next one); negative counts backwards.
  std::optional<int> offset_working_days;
  /// How the contact is made; one of followup_channels().
  std::string channel;
  /// The condition on the triggering fact.
  FollowupCondition when;
  /// A repeating rule has occurrences at add_months(trigger, k * every_months)
  /// (k = 1, 2, ..., the legal month rule of SPEC §1.2), each moved by the offset;
  /// there is none at the trigger itself.
  std::optional<int> every_months;
  /// Higher is more important: placed first under the contact cap. Absent in
  /// JSON: 0.
  int priority = 0;
  /// One of followup_categories(): `"service"`, `"courtesy"`, `"survey"`,
  /// `"referral"`, `"offer"`. The last three are suppressed while the customer
  /// has an open complaint.
  std::string category;
  /// Field-by-field equality.
  friend bool operator==(const FollowupRule&, const FollowupRule&) = default;
};

/// A named follow-up rule set (SPEC §6), referred to by a product's `followups`.
struct FollowupRules {
  std::string name;  ///< The rule set's name, as products refer to it; not empty.
  /// A calendar added to the ledger, for working-day offsets; `""` for Monday
  /// to Friday.
  std::string calendar;
  /// The most contacts a customer gets in any 30 consecutive days; at least 1.
  int max_contacts_per_30_days = 3;
  std::vector<FollowupRule> rules;  ///< The rules.
  /// Field-by-field equality.
  friend bool operator==(const FollowupRules&, const FollowupRules&) = default;
};

/// The channel names accepted in configuration, in the order error messages
/// list them: `"phone"`, `"visit"`, `"letter"`, `"email"`, `"sms"`,
/// `"interviewer"`, `"paper"`, `"digital"`.
absl::Span<const absl::string_view> followup_channels();
/// The category names accepted in configuration, in the order error messages
/// list them: `"service"`, `"courtesy"`, `"survey"`, `"referral"`, `"offer"`.
absl::Span<const absl::string_view> followup_categories();
/// Every event type name of SPEC §3 and §5, then `"case_resolved"`,
/// `"maintenance_due"`, `"warranty_end"`.
std::vector<std::string> followup_triggers();
/// True for the categories suppressed while the customer has an open complaint.
bool followup_category_suppressed(absl::string_view category);

/// The largest offset, in days either way (about ten years): keeps date
/// arithmetic far from overflow.
inline constexpr int kMaxFollowupOffsetDays = 3660;
/// The largest `every_months` (a hundred years).
inline constexpr int kMaxFollowupEveryMonths = 1200;

/// Checks a rule set: a name, a cap of at least 1, and in every rule a
/// touchpoint identifier, a known trigger, channel and category, offsets and
/// repetition within the limits above, and conditions that fit the trigger.
/// InvalidArgument naming the field otherwise (`rules[2].channel: ...`).
[[nodiscard]] absl::Status validate_followup_rules(const FollowupRules& rules);

/// Parses and validates the JSON form of a rule set:
///
///     {"name": "default", "calendar": null, "max_contacts_per_30_days": 3,
///      "rules": [{"touchpoint": "installation_check", "after": "installed",
///                 "offset_working_days": 1, "channel": "visit", "category": "service",
///                 "priority": 100, "when": {"by": "specialist"}, "every_months": null}, ...]}
///
/// `name` and `rules` are required; in a rule `touchpoint`, `after`, `channel`,
/// `category` and exactly one of `offset_days` / `offset_working_days`. JSON null
/// means absent. Unknown fields are refused.
[[nodiscard]] absl::StatusOr<FollowupRules> parse_followup_rules(absl::string_view json);
/// The canonical JSON (fixed key order, every rule field; `when` is null or holds
/// only the conditions set): parse_followup_rules reads it back to an equal value.
std::string followup_rules_to_json(const FollowupRules& rules);

/// The SPEC §6 default set, name `"default"` (see docs/followups.md for the
/// channels, offsets and priorities and why).
FollowupRules default_followup_rules();

/// A lifecycle fact the planner reads (the ledger builds these from its events).
struct LifecycleFact {
  int rule_set = 0;   ///< Index into the rule sets passed to plan_followups.
  std::string after;  ///< Trigger name, as in FollowupRule::after.
  Date date;          ///< The trigger's date.
  /// The customer; not empty.
  std::string customer, unit, product;  ///< The unit's product.
  /** \var postventa::LifecycleFact::unit
   * The unit; `""` for a customer-level fact. */
  std::string by;                 ///< For `installed`: `"specialist"` or `"customer"`.
  bool product_training = false;  ///< The unit's product has operator training.
  std::string instrument;         ///< For `survey_answered`: the survey instrument.
  std::optional<double> score;    ///< For `survey_answered`: the score, if any.
};

/// A complaint of a customer: open on d when opened <= d < resolved (still open
/// when `resolved` is absent).
struct ComplaintSpan {
  std::string customer;          ///< The customer who complained.
  Date opened;                   ///< The day it was opened.
  std::optional<Date> resolved;  ///< The day it was resolved; absent while open.
};

/// A contact already made: it uses up the customer's cap.
struct ContactMade {
  std::string customer;  ///< The customer contacted.
  Date date;             ///< The day of the contact.
};

/// A rule set and the calendar its working-day offsets count in (nullptr: Monday
/// to Friday, no holidays). A rule set that names a calendar must be given one.
struct RuleSetRef {
  const FollowupRules* rules = nullptr;  ///< The rule set; not owned.
  const Calendar* calendar = nullptr;    ///< Its calendar, or nullptr; not owned.
};

/// A planned contact.
struct Contact {
  Date date;  ///< The day to make it.
  /// The customer.
  std::string customer, unit, touchpoint, channel;  ///< The rule's channel.
  /** \var postventa::Contact::unit
   * The unit; `""` for a customer-level fact. */
  /** \var postventa::Contact::touchpoint
   * The rule's touchpoint. */
  int priority = 0;  ///< The rule's priority.
  /// The rule's date, when the cap moved the contact.
  std::optional<Date> moved_from;
  /// Field-by-field equality.
  friend bool operator==(const Contact&, const Contact&) = default;
};

/// The contacts dated in [from, to].
///
/// Sorted by date, customer, priority (highest first), touchpoint, unit,
/// channel. Each customer is planned from its earliest fact; the cap of a
/// customer whose facts use several rule sets is the smallest
/// max_contacts_per_30_days among them. Contacts of the same customer, unit and
/// touchpoint on the same rule date are made once (the highest priority's).
///
/// InvalidArgument for from > to, an invalid rule set (or one naming a calendar
/// without one given), a fact with an unknown trigger, an empty customer or a
/// rule_set index out of range, or a complaint resolved before it opened;
/// OutOfRange when a working-day offset leaves the calendar's years.
[[nodiscard]] absl::StatusOr<std::vector<Contact>> plan_followups(
    absl::Span<const RuleSetRef> rule_sets, absl::Span<const LifecycleFact> facts,
    absl::Span<const ComplaintSpan> complaints, absl::Span<const ContactMade> made, Date from,
    Date to);

/// The last rule date plan_followups(rule_sets, ..., to) looks at:
/// to + 29 × (m - 1) days, m being the number of distinct priorities among the
/// rule sets' rules.
///
/// A contact due later cannot reach back into the window through the cap, one
/// due earlier can. For the plan of [from, to] to be the restriction of any
/// larger window's plan, give plan_followups every fact, complaint and contact
/// made whose date can matter up to it: facts whose rule dates fall on or
/// before it (a maintenance due date up to horizon + 14 days for a reminder 14
/// days before), complaints and contacts made up to it.
Date followup_horizon(absl::Span<const RuleSetRef> rule_sets, Date to);

}  // namespace postventa

#endif  // POSTVENTA_FOLLOWUP_H_
