/** \file
 * \brief Service cases and their SLAs (SPEC §5).
 *
 * A service case moves through the statuses of SPEC §5 (postventa::CaseStatus);
 * an SLA policy (postventa::SlaPolicy) gives, per priority, a first-response
 * and a resolution target in working time of a named business calendar.
 * postventa::evaluate_sla() reads one case's history (its status and priority
 * moves, in time order) and says, at any instant, where each target stands:
 * met, breached, on track, at risk or paused, how much SLA time it has used
 * and when it falls due. See docs/service.md for the rules and the choices
 * made where the SPEC is silent.
 *
 * Everything here is a pure function of its arguments: no ledger, no I/O. The
 * ledger turns case events into CaseStep values and looks the policy and calendar
 * up by name.
 *
 * Errors: `InvalidArgument` (or `FailedPrecondition` for a status move the
 * status machine refuses) with a message that starts with the field path and
 * names the bad value, e.g. `targets.high.resolution: must be a positive number
 * of seconds, got -5`.
 *
 * Thread safety: the value types are plain data; the functions keep no state
 * and may run concurrently.
 */
#ifndef POSTVENTA_SERVICE_H_
#define POSTVENTA_SERVICE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "postventa/event.h"
#include "postventa/time.h"

namespace postventa {

// ---- Cases and their statuses ----------------------------------------------

/// The statuses of a service case (SPEC §5):
/// `open -> responded -> (waiting_customer | waiting_parts <-> in_progress)
/// -> resolved -> closed`; resolved may be reopened. See
/// check_case_transition() for the moves allowed.
enum class CaseStatus {
  kOpen,             ///< `open`: the case was opened and not answered yet.
  kResponded,        ///< `responded`: the first response was given.
  kInProgress,       ///< `in_progress`: being worked on.
  kWaitingCustomer,  ///< `waiting_customer`: waiting for the customer (pauses the SLA by default).
  kWaitingParts,     ///< `waiting_parts`: waiting for parts (pauses the SLA by default).
  kResolved,         ///< `resolved`: meets the resolution target; may be reopened.
  kClosed            ///< `closed`: final.
};

/// The name of a status: "open", "responded", "in_progress", "waiting_customer",
/// "waiting_parts", "resolved", "closed"; "" for a value outside the enum.
absl::string_view case_status_name(CaseStatus status);
/// The status named `name`, or nullopt.
std::optional<CaseStatus> parse_case_status(absl::string_view name);

/// Checks a move of the status machine of SPEC §5: OK, or FailedPrecondition
/// `case status: cannot go from resolved to responded (allowed from resolved: ...)`.
///
/// Allowed moves:
/// | from | to |
/// |---|---|
/// | open | any status but open and closed (the first response may skip `responded`) |
/// | responded | in_progress, waiting_customer, waiting_parts, resolved |
/// | in_progress, waiting_customer, waiting_parts | each other, resolved |
/// | resolved | closed; or reopened to in_progress, waiting_customer, waiting_parts |
/// | closed | nothing (final) |
///
/// A move to the status the case already has is refused.
[[nodiscard]] absl::Status check_case_transition(CaseStatus from, CaseStatus to);

// ---- SLA policies -----------------------------------------------------------

/// The targets of one priority, in seconds of working time (both > 0).
struct SlaTarget {
  int64_t first_response_seconds = 0;  ///< Working time allowed until the first response.
  int64_t resolution_seconds = 0;      ///< Working time allowed until resolution.
  /// Equal when both targets are equal.
  friend bool operator==(const SlaTarget&, const SlaTarget&) = default;
};

/// An SLA policy (SPEC §5, §9.2 `add_sla`).
///
/// The JSON form is
/// \code{.unparsed}
/// {"name": "std", "calendar": "madrid",
///  "targets": {"high": {"first_response": 3600, "resolution": 28800}, "*": {...}},
///  "pause_statuses": ["waiting_customer", "waiting_parts"],   // optional
///  "at_risk_ratio": 0.8}                                       // optional
/// \endcode
/// or a preset, `{"preset": "reclamo-pe"}`, whose fields may be overridden by
/// the same keys (`{"preset": "reclamo-pe", "calendar": "lima"}`).
struct SlaPolicy {
  std::string name;      ///< The name case_opened events refer to it by.
  std::string calendar;  ///< Name of a calendar held by the ledger.
  /// The targets by priority; the key "*" applies to any priority not listed.
  std::map<std::string, SlaTarget> targets;
  /// Statuses that stop the SLA clock: any of responded, in_progress,
  /// waiting_customer, waiting_parts, each at most once. Only the resolution
  /// target can be paused: the first-response clock runs while the case is
  /// open, and open never pauses. (Resolved and closed stop the resolution
  /// clock anyway.)
  std::vector<CaseStatus> pause_statuses = {CaseStatus::kWaitingCustomer,
                                            CaseStatus::kWaitingParts};
  /// A running target is at risk once its elapsed time reaches this share of
  /// the target (0 < ratio <= 1).
  double at_risk_ratio = 0.8;
  /// Equal when every field is equal.
  friend bool operator==(const SlaPolicy&, const SlaPolicy&) = default;
};

/// The longest target accepted: 100 years of seconds. Keeps every sum of
/// working time far from overflow.
inline constexpr int64_t kMaxSlaTargetSeconds = int64_t{100} * 366 * 86400;

/// Checks a policy: a name and a calendar name, at least one target, every
/// target positive and at most kMaxSlaTargetSeconds, valid pause statuses and
/// ratio. InvalidArgument naming the field otherwise.
[[nodiscard]] absl::Status validate_sla_policy(const SlaPolicy& policy);
/// Parses and validates the JSON form. Unknown fields are refused; JSON null
/// means "absent".
[[nodiscard]] absl::StatusOr<SlaPolicy> parse_sla_policy(absl::string_view json);
/// The canonical JSON (every field, fixed key order, targets by priority);
/// parse_sla_policy() reads it back to an equal SlaPolicy.
std::string sla_policy_to_json(const SlaPolicy& policy);

/// A preset: the policy and the calendar it refers to.
struct SlaPreset {
  SlaPolicy policy;           ///< The policy.
  std::string calendar_name;  ///< The calendar's name; equal to `policy.calendar`.
  CalendarConfig calendar;    ///< The calendar's configuration.
};
/// The preset called `name`; NotFound for any other name, listing the known
/// presets.
///
/// The presets the library ships (sources in docs/service.md):
/// - `reclamo-pe`: Peru's complaints book (Ley 29571 article 24 as amended by
///   Ley 31435): the provider answers within 15 working days, a period that
///   cannot be extended. Calendar `pe-habiles`: America/Lima, Monday to Friday
///   00:00-24:00, Peru's national holidays.
[[nodiscard]] absl::StatusOr<SlaPreset> sla_preset(absl::string_view name);
/// The names of the shipped presets (see sla_preset()).
std::vector<std::string> sla_preset_names();

// ---- A case's history -------------------------------------------------------

/// One move of a case, as the SLA engine reads it. The ledger builds the steps
/// from the case's case_opened / case_status / case_priority events, in time
/// order, ties in arrival order.
struct CaseStep {
  /// What the step does.
  enum class Kind {
    kOpened,   ///< The case opens (`case_opened`), with its priority.
    kStatus,   ///< The case moves to a status (`case_status`).
    kPriority  ///< The case's priority changes (`case_priority`).
  };
  Kind kind = Kind::kOpened;              ///< What the step does.
  absl::Time at;                          ///< When it happened.
  CaseStatus status = CaseStatus::kOpen;  ///< Kind::kStatus: the new status.
  std::string priority;                   ///< Kind::kOpened, Kind::kPriority: the priority.
  /// Equal when every field is equal.
  friend bool operator==(const CaseStep&, const CaseStep&) = default;
};

/// Checks a case history: the first step and only that one is Kind::kOpened;
/// `at` never decreases; priorities are not empty; every status move is
/// allowed by check_case_transition().
///
/// The error names the step: `steps[3]: case status: cannot go from closed to
/// in_progress (closed is final)`.
[[nodiscard]] absl::Status validate_case_history(absl::Span<const CaseStep> steps);

/// The steps of one case's events (case_opened, case_status, case_priority, in
/// the order given; other types refused), validated as validate_case_history()
/// does. Errors name the event: `events[2].status: ...`.
[[nodiscard]] absl::StatusOr<std::vector<CaseStep>> case_history_from_events(
    absl::Span<const Event> events);

// ---- SLA status -------------------------------------------------------------

/// Where a target stands (SPEC §5).
enum class TargetState {
  kMet,  ///< `met`: achieved within the target.
  /// `breached`: the elapsed time exceeded the target (sticky: a later achievement does not
  /// clear it).
  kBreached,
  kOnTrack,  ///< `on_track`: running, below the at-risk share of the target.
  kAtRisk,   ///< `at_risk`: running, elapsed >= at_risk_ratio × target.
  kPaused    ///< `paused`: the clock is stopped by a pause status.
};
/// The name of a state: "met", "breached", "on_track", "at_risk", "paused".
absl::string_view target_state_name(TargetState state);

/// Where one target (first response or resolution) stands at an instant.
struct TargetStatus {
  TargetState state = TargetState::kOnTrack;  ///< Where the target stands.
  /// SLA time used: working time while the target was running, minus the
  /// working time of pauses (and, for resolution, of resolved/closed periods).
  /// For a target achieved (met or late), the elapsed at achievement.
  absl::Duration elapsed;
  /// on_track / at_risk: when the target falls due if the clock keeps running;
  /// breached: when the elapsed time reached the target that was exceeded;
  /// met and paused: none.
  std::optional<absl::Time> deadline;
  /// The target the state is judged against: the current priority's for a
  /// running target, the one in force at achievement for a met target, the
  /// one exceeded for a breached target.
  absl::Duration target;
  /// Equal when every field is equal.
  friend bool operator==(const TargetStatus&, const TargetStatus&) = default;
};

/// Where both targets of a case stand at an instant (evaluate_sla(),
/// Ledger::sla_status()).
struct SlaStatus {
  TargetStatus first_response;  ///< The first-response target.
  TargetStatus resolution;      ///< The resolution target.
  /// Equal when both targets' statuses are equal.
  friend bool operator==(const SlaStatus&, const SlaStatus&) = default;
};

/// The status of both targets at instant `at`, reading only the steps with
/// `step.at <= at`.
///
/// `policy` should have passed validate_sla_policy() (only its numbers are
/// checked again here, cheaply) and `calendar` be the one it names. The whole
/// history is validated (validate_case_history()), in the same pass.
/// InvalidArgument when `at` is before the case was opened; NotFound when the
/// policy has no target for a priority the case had and no "*"; OutOfRange
/// when an instant is outside the calendar's years. Allocates nothing on
/// success.
[[nodiscard]] absl::StatusOr<SlaStatus> evaluate_sla(const SlaPolicy& policy,
                                                     const Calendar& calendar,
                                                     absl::Span<const CaseStep> steps,
                                                     absl::Time at);

/// The canonical JSON of a status: the byte-for-byte form the C ABI and Python
/// agree on.
///
/// Fixed key order; `elapsed` and `target` in whole seconds (rounded down);
/// `deadline` RFC 3339 in UTC (`2025-03-03T10:00:00Z`, with a fraction only
/// when the instant has one) or null:
/// \code{.json}
/// {"first_response":{"status":"met","elapsed":1800,"deadline":null,"target":3600},
///  "resolution":{"status":"on_track","elapsed":7200,
///                "deadline":"2025-03-04T11:00:00Z","target":28800}}
/// \endcode
std::string sla_status_to_json(const SlaStatus& status);

}  // namespace postventa

#endif  // POSTVENTA_SERVICE_H_
