// postventa/event.h — the events of the after-sales lifecycle (SPEC §3, §5).
//
// An event is a dated fact about a unit, a customer or a service case, with the
// ERP's document id. It is a flat record: the keys of SPEC §3, each a field
// below; a field a type does not use stays empty / absent. The JSON (and Python
// dict) form uses the SPEC's keys: `id`, `type`, `unit`, `date`, `at`, and the
// payload keys (`case` for `case_id`).
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

// Event types. The numbers are part of the C ABI (pv_event_type) and never change.
enum class EventType : int {
  // Unit events (SPEC §3).
  kSold = 1,
  kDelivered = 2,
  kDeliveryChecked = 3,
  kInstalled = 4,
  kInstallationChecked = 5,
  kTrained = 6,
  kMaintenanceDone = 7,
  kUsageReading = 8,
  kRepairReceived = 9,
  kRepairReturned = 10,
  kReplaced = 11,
  kRefunded = 12,
  kExtensionPurchased = 13,
  kRetired = 14,
  // Customer-level events.
  kComplaintOpened = 101,
  kComplaintResolved = 102,
  kContactMade = 103,
  kSurveySent = 104,
  kSurveyAnswered = 105,
  // Service case events (SPEC §5).
  kCaseOpened = 201,
  kCaseStatus = 202,
  kCasePriority = 203,
};

// "sold", "delivered", ... as in the SPEC; "" for a value outside the enum.
absl::string_view event_type_name(EventType type);
// The type named `name`, or nullopt.
std::optional<EventType> parse_event_type(absl::string_view name);
// True for the unit events (kSold..kRetired).
bool is_unit_event(EventType type);
// Every event type, in the order of the enum.
absl::Span<const EventType> all_event_types();

struct Event {
  std::string id;    // the ERP document id; unique in a ledger
  EventType type = EventType::kSold;
  std::string unit;  // serial; required for unit events, optional otherwise
  Date date;         // civil date of the fact
  std::optional<absl::Time> at;  // UTC instant, where the time of day matters

  // Payload (SPEC §3 keys). Amounts are integer minor currency units.
  std::string customer;  // sold, customer-level events, case_opened
  std::string product;   // sold
  std::string channel;   // sold, contact_made, survey_sent, survey_answered
  std::string outcome;   // delivery_checked, installation_checked, repair_returned
  std::string by;        // installed: specialist | customer
  std::string fault;     // repair_received
  std::string case_id;   // repair_received, complaints, case events ("case")
  std::string new_unit;  // replaced
  std::string policy;    // extension_purchased
  std::string reason;    // retired
  std::optional<int64_t> price;       // sold
  std::optional<int64_t> parts_cost;  // repair_returned
  std::optional<int64_t> labor_cost;  // repair_returned
  std::optional<int64_t> amount;      // refunded
  std::optional<int64_t> attendees;   // trained
  std::optional<double> usage;        // usage_reading, maintenance_done
  // Service cases (SPEC §5) and surveys (SPEC §7).
  std::string kind;        // case_opened
  std::string priority;    // case_opened, case_priority
  std::string sla;         // case_opened
  std::string status;      // case_status
  std::string instrument;  // survey_sent, survey_answered
  std::optional<double> score;  // survey_answered: the answer of a one-question instrument
  // survey_answered: the answers of a multi-question instrument, one per question
  // in the instrument's order; nullopt is a skipped question. Empty is absent.
  // Exactly one of `score` and `answers` is given (see postventa/survey.h).
  std::vector<std::optional<double>> answers;

  friend bool operator==(const Event&, const Event&) = default;
};

// Checks an event on its own (required and allowed keys of its type, value
// sets, non-negative amounts), not against a history. Messages name the field.
[[nodiscard]] absl::Status validate_event_fields(const Event& event);

// The JSON form (an object with the SPEC's keys; null means absent). `date`
// may be left out when `at` is given: it is then the UTC date of `at`.
[[nodiscard]] absl::StatusOr<Event> parse_event(absl::string_view json);
// The canonical JSON of an event: present keys only, in a fixed order. Two
// events are the same content exactly when their canonical JSON is equal.
std::string event_to_json(const Event& event);

}  // namespace postventa

#endif  // POSTVENTA_EVENT_H_
