/** \file
 * \brief The events of the after-sales lifecycle (SPEC §3, §5, §7).
 *
 * An event is a dated fact about a unit, a customer or a service case, with the
 * ERP's document id. It is a flat record, postventa::Event: the keys of SPEC §3,
 * each a field; a field a type does not use stays empty / absent. The JSON (and
 * Python dict) form uses the SPEC's keys: `id`, `type`, `unit`, `date`, `at`, and
 * the payload keys (`case` for `case_id`).
 *
 * This header checks an event on its own; postventa::Ledger checks it against
 * its unit's history.
 */
#ifndef POSTVENTA_EVENT_H_
#define POSTVENTA_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "postventa/time.h"

namespace postventa {

/// Event types. The numbers are part of the C ABI (`pv_event_type`) and never
/// change: unit events (SPEC §3) are 1..14, customer-level events 101..105,
/// service case events (SPEC §5) 201..203.
enum class EventType : int {
  // Unit events (SPEC §3).
  /// `sold`: the first event of a unit (customer, product, channel, price).
  kSold = 1,
  /// `delivered`: after `sold`; starts the unit's service.
  kDelivered = 2,
  /// `delivery_checked`: after `delivered` (outcome).
  kDeliveryChecked = 3,
  /// `installed`: after `delivered`, for a product that needs installation (by).
  kInstalled = 4,
  /// `installation_checked`: after `installed` (outcome).
  kInstallationChecked = 5,
  /// `trained`: after `delivered` (attendees).
  kTrained = 6,
  /// `maintenance_done`: after `delivered` (usage, optional).
  kMaintenanceDone = 7,
  /// `usage_reading`: after `delivered`; usage never decreases.
  kUsageReading = 8,
  /// `repair_received`: after `delivered`, unit not already in repair (fault, case).
  kRepairReceived = 9,
  /// `repair_returned`: closes the open repair (outcome, parts and labor cost).
  kRepairReturned = 10,
  /// `replaced`: after `delivered` (new_unit, which inherits the remaining cover).
  kReplaced = 11,
  /// `refunded`: after `delivered` (amount).
  kRefunded = 12,
  /// `extension_purchased`: after `sold` (policy).
  kExtensionPurchased = 13,
  /// `retired`: the last event of a unit (reason).
  kRetired = 14,
  // Customer-level events.
  /// `complaint_opened`: a customer's complaint (customer, case).
  kComplaintOpened = 101,
  /// `complaint_resolved`: the complaint resolved (customer, case).
  kComplaintResolved = 102,
  /// `contact_made`: a contact with the customer (customer, channel).
  kContactMade = 103,
  /// `survey_sent`: a survey sent (customer, channel, instrument).
  kSurveySent = 104,
  /// `survey_answered`: a survey answer (instrument, score or answers).
  kSurveyAnswered = 105,
  // Service case events (SPEC §5).
  /// `case_opened`: a service case opens (case, kind, priority, customer, sla, at).
  kCaseOpened = 201,
  /// `case_status`: the case moves to a status (case, status, at).
  kCaseStatus = 202,
  /// `case_priority`: the case's priority changes (case, priority, at).
  kCasePriority = 203,
};

/// The SPEC's name of an event type: "sold", "delivered", ...; "" for a value
/// outside the enum.
absl::string_view event_type_name(EventType type);
/// The type named `name`, or nullopt.
std::optional<EventType> parse_event_type(absl::string_view name);
/// True for the unit events (EventType::kSold .. EventType::kRetired).
bool is_unit_event(EventType type);
/// Every event type, in the order of the enum.
absl::Span<const EventType> all_event_types();

/// One event: a flat record with the keys of SPEC §3. A field the event's type
/// does not use stays empty (strings, `answers`) or nullopt; an empty string is
/// absent. Amounts are integer minor currency units (cents).
struct Event {
  std::string id;                     ///< The ERP document id; unique in a ledger.
  EventType type = EventType::kSold;  ///< What happened.
  std::string unit;  ///< The unit's serial; required for unit events, optional otherwise.
  Date date;         ///< Civil date of the fact.
  std::optional<absl::Time> at;  ///< UTC instant, where the time of day matters (case events).

  // Payload (SPEC §3 keys). Amounts are integer minor currency units.
  std::string customer;  ///< The customer: `sold`, customer-level events, `case_opened`.
  std::string product;   ///< The product's SKU: `sold`.
  /// Sale or contact channel: `sold`, `contact_made`, `survey_sent`, `survey_answered`.
  std::string channel;
  std::string outcome;  ///< `delivery_checked`, `installation_checked`, `repair_returned`.
  std::string by;       ///< Who installed: `specialist` or `customer` (`installed`).
  std::string fault;    ///< Fault category: `repair_received`.
  /// Case id (JSON key `case`): `repair_received`, complaints, contacts, surveys, case events.
  std::string case_id;
  std::string new_unit;  ///< Serial of the replacement unit: `replaced`.
  std::string policy;    ///< Name of the extension policy bought: `extension_purchased`.
  std::string reason;    ///< Why the unit left service (`recycled`, `disposed`, `lost`): `retired`.
  std::optional<int64_t> price;       ///< Sale price: `sold`.
  std::optional<int64_t> parts_cost;  ///< Cost of the parts of the repair: `repair_returned`.
  std::optional<int64_t> labor_cost;  ///< Cost of the labor of the repair: `repair_returned`.
  std::optional<int64_t> amount;      ///< Amount refunded: `refunded`.
  std::optional<int64_t> attendees;   ///< People trained: `trained`.
  std::optional<double> usage;        ///< Usage reading: `usage_reading`, `maintenance_done`.
  // Service cases (SPEC §5) and surveys (SPEC §7).
  std::string kind;        ///< Kind of case (`repair`, `complaint`, ...): `case_opened`.
  std::string priority;    ///< Case priority: `case_opened`, `case_priority`.
  std::string sla;         ///< Name of the SLA policy: `case_opened`.
  std::string status;      ///< The new case status: `case_status`.
  std::string instrument;  ///< Survey instrument: `survey_sent`, `survey_answered`.
  /// `survey_answered`: the answer of a one-question instrument.
  std::optional<double> score;
  /// `survey_answered`: the answers of a multi-question instrument, one per
  /// question in the instrument's order; nullopt is a skipped question. Empty is
  /// absent. Exactly one of `score` and `answers` is given (see postventa/survey.h).
  std::vector<std::optional<double>> answers;

  /// Equal when every field is equal.
  friend bool operator==(const Event&, const Event&) = default;
};

/// Checks an event on its own (required and allowed keys of its type, value
/// sets, non-negative amounts), not against a history. InvalidArgument with a
/// message that names the field.
[[nodiscard]] absl::Status validate_event_fields(const Event& event);

/// Parses the JSON form (an object with the SPEC's keys; null means absent).
/// `date` may be left out when `at` is given: it is then the UTC date of `at`.
[[nodiscard]] absl::StatusOr<Event> parse_event(absl::string_view json);
/// The canonical JSON of an event: present keys only, in a fixed order. Two
/// events are the same content exactly when their canonical JSON is equal.
std::string event_to_json(const Event& event);

}  // namespace postventa

#endif  // POSTVENTA_EVENT_H_
