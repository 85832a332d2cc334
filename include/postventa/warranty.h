/** \file
 * \brief The warranty decision for a claim (SPEC §2.3) and the maintenance due
 * dates of a unit (SPEC §4).
 *
 * postventa::assess_claim() is a pure function of a product (its policies) and
 * a unit's history: the same inputs give the same decision, byte for byte, in
 * every face. postventa::Ledger::assess_claim() calls it with what the ledger
 * holds.
 */
#ifndef POSTVENTA_WARRANTY_H_
#define POSTVENTA_WARRANTY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/time.h"

namespace postventa {

/// Amounts per component, in integer minor currency units (cents).
struct Quote {
  int64_t parts = 0;   ///< Parts.
  int64_t labor = 0;   ///< Labor.
  int64_t travel = 0;  ///< Travel.
  /// parts + labor + travel.
  int64_t total() const { return parts + labor + travel; }
  /// Equal when every component is equal.
  friend bool operator==(const Quote&, const Quote&) = default;
};

/// What the customer is entitled to for a covered claim (SPEC §2.3 `remedy`).
enum class Remedy {
  kNone,    ///< `none`: nothing is covered.
  kRepair,  ///< `repair`: the claim is covered; the unit is repaired.
  /// `replace_or_refund`: a policy in force has seen too many repairs of this fault.
  kReplaceOrRefund
};
/// The name of a remedy: "none", "repair", "replace_or_refund".
absl::string_view remedy_name(Remedy remedy);

/// What one component (parts, labor or travel) gets.
struct ComponentCover {
  int percent = 0;     ///< The highest percent among the policies in force.
  std::string policy;  ///< The policy granting it ("" when percent is 0).
  /// That policy's end for the component, after suspension.
  std::optional<Date> ends_on;
  /// Equal when every field is equal.
  friend bool operator==(const ComponentCover&, const ComponentCover&) = default;
};

/// The warranty decision for a claim (SPEC §2.3).
struct Decision {
  bool covered = false;   ///< True if any component is covered by any policy.
  ComponentCover parts;   ///< The cover of the parts.
  ComponentCover labor;   ///< The cover of the labor.
  ComponentCover travel;  ///< The cover of the travel.
  /// The policy granting the largest amount of the quote; "" for none.
  std::string basis;
  /// True when the claim date is within the basis policy's presumption period.
  bool presumed_nonconformity = false;
  Remedy remedy = Remedy::kNone;  ///< What the customer is entitled to.
  /// The company's share per component: `round_half_up(quote * percent / 100)`.
  Quote company_cost;
  /// The customer's share per component: the quote minus the company's share.
  Quote customer_cost;
  /// Every reason code that shaped the result, `"<policy>:<code>"` (or
  /// `"<policy>:suspended_days:N"`), in policy order then rule order.
  std::vector<std::string> reasons;
  /// Equal when every field is equal.
  friend bool operator==(const Decision&, const Decision&) = default;
};

/// The decision for a claim on `claim_date` for a fault of category `fault`
/// (SPEC §2.3).
///
/// `history` is the unit's events in replay order (date, then lifecycle order);
/// for a replacement unit it starts with the events it inherits. `calendar` is
/// the maintenance plan's calendar when it shifts due dates, else nullptr.
/// InvalidArgument for a negative quote or an empty fault; OutOfRange when the
/// quote's total (parts + labor + travel) does not fit in 64 bits.
[[nodiscard]] absl::StatusOr<Decision> assess_claim(const Product& product,
                                                    absl::Span<const Event> history,
                                                    Date claim_date, absl::string_view fault,
                                                    const Quote& quote,
                                                    const Calendar* calendar = nullptr);

/// The canonical JSON of a decision (fixed key order): the byte-for-byte form
/// the faces agree on.
std::string decision_to_json(const Decision& decision);

/// The due dates of a maintenance plan for a unit in `[from, to]` (SPEC §4),
/// given the unit's history in replay order.
///
/// Fixed grid or counted from the last completion, shifted off non-working
/// days with `calendar` when the plan says so. Usage triggers are projected
/// from the readings so far.
[[nodiscard]] absl::StatusOr<std::vector<Date>> maintenance_due_dates(
    const Product& product, absl::Span<const Event> history, Date from, Date to,
    const Calendar* calendar = nullptr);

}  // namespace postventa

#endif  // POSTVENTA_WARRANTY_H_
