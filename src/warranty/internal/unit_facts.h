// The facts of a unit's history that warranty and maintenance rules read,
// collected once per decision from the events dated on or before a cut-off.
#ifndef POSTVENTA_SRC_WARRANTY_INTERNAL_UNIT_FACTS_H_
#define POSTVENTA_SRC_WARRANTY_INTERNAL_UNIT_FACTS_H_

#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/time.h"
#include "postventa/warranty.h"

namespace postventa::warranty_internal {

struct Installation {
  Date date;
  bool by_customer = false;
};

struct Repair {
  Date received;
  std::optional<Date> returned;  // nullopt while the unit is still in repair
  absl::string_view fault;       // points into the history's events
};

struct Reading {
  Date date;
  double value = 0;
};

struct UnitFacts {
  std::optional<Date> sale;
  std::optional<Date> delivery;
  std::optional<Installation> first_installation;
  bool installed_by_customer = false;  // any installation by the customer
  // Inlined: collecting the facts of a typical unit allocates nothing, which
  // matters when a call visits every unit of the ledger.
  std::vector<std::pair<std::string, Date>> extensions;  // policy name, purchase date
  absl::InlinedVector<Repair, 4> repairs;                // in order received
  absl::InlinedVector<Date, 8> maintenance;              // maintenance_done dates, ascending
  absl::InlinedVector<Reading, 8> readings;              // usage, ascending by date
  std::optional<Date> retired, replaced, refunded;
};

// The part of an event that warranty and maintenance rules read, in about a
// twentieth of an Event's size: the ledger keeps one per event so that a
// decision touches a few cache lines per unit, not a few per event.
struct FactRecord {
  Date date;
  EventType type = EventType::kSold;
  bool by_customer = false;  // installed: by the customer
  // sold: the product; repair_received: the fault; extension_purchased: the
  // policy; complaints: the customer; case_opened, case_priority: the
  // priority; case_status: the status. A view: its owner (the event, or the
  // ledger's interned strings) must outlive the record.
  absl::string_view text;
  double usage = std::numeric_limits<double>::quiet_NaN();  // usage, NaN when absent
};

// The record of an event, with `text` viewing the event's own string.
FactRecord FactOf(const Event& e);
// The string of `e` that a FactRecord keeps ("" for the other types).
absl::string_view FactText(const Event& e);

// Fact records of a span of events and pointers to them (views into the events),
// for the entry points that take events.
struct FactView {
  std::vector<FactRecord> records;
  std::vector<const FactRecord*> pointers;
};
FactView ViewOf(absl::Span<const Event> history);

// The facts from `history` (replay order) dated on or before `through`.
UnitFacts CollectFacts(absl::Span<const FactRecord* const> history, Date through);

// assess_claim over fact records (the ledger's, with a replacement unit's
// inherited ones first), without copying events.
absl::StatusOr<Decision> AssessClaim(const Product& product,
                                     absl::Span<const FactRecord* const> history, Date claim_date,
                                     absl::string_view fault, const Quote& quote,
                                     const Calendar* calendar);

// Maintenance (maintenance.cc).
std::optional<Date> MaintenanceStart(const Product& product, const UnitFacts& facts);
std::vector<Date> DueDatesThrough(const Product& product, const UnitFacts& facts, Date to,
                                  const Calendar* calendar);
// InvalidArgument ("end: ... is before start ...") unless from <= to.
absl::Status CheckWindow(Date from, Date to);
// The due dates in [from, to] for a unit with `history` (replay order), from the
// events dated up to `to`: what every face's maintenance schedule lists.
std::vector<Date> DueDatesIn(const Product& product, absl::Span<const FactRecord* const> history,
                             Date from, Date to, const Calendar* calendar);

// One line of the maintenance work list (SPEC §4 due_list).
struct DueItem {
  Date due;
  bool overdue = false;
};
// The work list of one unit on `on` (facts collected through `on`): the
// earliest due date that was missed and has not been done since (overdue),
// then every due date in [.., on + horizon_days] not met yet — including those
// before `on` whose grace window is still open. Nothing for a unit that was
// retired, replaced or refunded by `on`.
void AppendDueItems(const Product& product, const UnitFacts& facts, Date on, int horizon_days,
                    const Calendar* calendar, std::vector<DueItem>* out);

// Maintenance compliance of one unit on `on`: of the due dates whose grace
// window closed before `on`, how many had a maintenance done inside it.
struct Compliance {
  int due = 0;
  int met = 0;
};
Compliance MaintenanceCompliance(const Product& product, const UnitFacts& facts, Date on,
                                 const Calendar* calendar);

// The last day of the unit's last commercial cover (commercial policies and
// extensions bought), with the days suspended by repairs returned by
// `through`; nullopt without one, or for a unit retired, replaced or refunded.
// What the follow-up rule "warranty_end" counts from (SPEC §6).
std::optional<Date> LastCommercialCoverEnd(const Product& product, const UnitFacts& facts,
                                           Date through);

// The first due date whose grace window closed before `claim_date` with no
// maintenance done in it, or nullopt.
std::optional<Date> FirstMissedDue(const Product& product, const UnitFacts& facts, Date claim_date,
                                   const Calendar* calendar);

}  // namespace postventa::warranty_internal

#endif  // POSTVENTA_SRC_WARRANTY_INTERNAL_UNIT_FACTS_H_
