// The facts of a unit's history that warranty and maintenance rules read,
// collected once per decision from the events dated on or before a cut-off.
#ifndef POSTVENTA_SRC_WARRANTY_INTERNAL_UNIT_FACTS_H_
#define POSTVENTA_SRC_WARRANTY_INTERNAL_UNIT_FACTS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

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
  std::string fault;
};

struct Reading {
  Date date;
  double value = 0;
};

struct UnitFacts {
  std::optional<Date> sale;
  std::optional<Date> delivery;
  std::optional<Installation> first_installation;
  bool installed_by_customer = false;                    // any installation by the customer
  std::vector<std::pair<std::string, Date>> extensions;  // policy name, purchase date
  std::vector<Repair> repairs;                           // in order received
  std::vector<Date> maintenance;                         // maintenance_done dates, ascending
  std::vector<Reading> readings;                         // usage, ascending by date
  std::optional<Date> retired, replaced, refunded;
};

// The facts from the events of `history` (replay order) dated on or before `through`.
UnitFacts CollectFacts(absl::Span<const Event* const> history, Date through);

// assess_claim over a history held as pointers (the ledger's own events, with
// a replacement unit's inherited ones first), without copying it.
absl::StatusOr<Decision> AssessClaim(const Product& product, absl::Span<const Event* const> history,
                                     Date claim_date, absl::string_view fault, const Quote& quote,
                                     const Calendar* calendar);

// Maintenance (maintenance.cc).
std::optional<Date> MaintenanceStart(const Product& product, const UnitFacts& facts);
std::vector<Date> DueDatesThrough(const Product& product, const UnitFacts& facts, Date to,
                                  const Calendar* calendar);
// The first due date whose grace window closed before `claim_date` with no
// maintenance done in it, or nullopt.
std::optional<Date> FirstMissedDue(const Product& product, const UnitFacts& facts, Date claim_date,
                                   const Calendar* calendar);

}  // namespace postventa::warranty_internal

#endif  // POSTVENTA_SRC_WARRANTY_INTERNAL_UNIT_FACTS_H_
