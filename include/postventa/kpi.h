/** \file
 * The after-sales KPIs of SPEC §8 (docs/kpis.md defines each).
 *
 * The ledger counts, over a period and per product, what each KPI is made of
 * (Ledger::kpis in postventa/ledger.h); this module names the KPIs, says which
 * way is better, and turns the counts into values. Counting from your own data
 * works the same way: fill a KpiCounts per group and call kpi_values.
 *
 * Thread safety: plain values and pure functions.
 */
#ifndef POSTVENTA_KPI_H_
#define POSTVENTA_KPI_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "postventa/table.h"

namespace postventa {

/// What a KPI's value is measured in.
enum class KpiUnit {
  kRatio,         ///< `"ratio"`: count / n, in 0..1.
  kDays,          ///< `"days"`: calendar days.
  kWorkingDays,   ///< `"working_days"`: working days of a calendar.
  kWorkingHours,  ///< `"working_hours"`: SLA working time of a case, in hours.
  kMinorUnits,    ///< `"minor_units"`: money, integer minor currency units (the value may
                  ///< have decimals).
  kCount,         ///< `"count"`: a number of things.
};
/// The name of a unit: `"ratio"`, `"days"`, `"working_days"`,
/// `"working_hours"`, `"minor_units"`, `"count"`; `""` for a value outside the enum.
absl::string_view kpi_unit_name(KpiUnit unit);

/// One KPI of the catalog: its name, unit and direction.
struct KpiInfo {
  std::string name;       ///< The KPI's name, for example `"first_time_fix_rate"`.
  KpiUnit unit;           ///< What its value is measured in.
  bool higher_is_better;  ///< Which way is better.
  /// How the ledger can verify a corrective measure on it (postventa/corrective.h):
  /// `"rate"` (two-proportion z-test), `"duration"` (log-rank), `""` (not verifiable).
  std::string test;
};

/// Every KPI, in report order (docs/kpis.md defines each):
/// `on_time_delivery`, `delivery_defect_rate`, `installation_right_first_time`,
/// `mean_time_to_repair`, `median_time_to_repair`, `first_time_fix_rate`,
/// `repeat_repair_rate`, `warranty_cost_per_unit_sold`, `first_response_sla`,
/// `resolution_sla`, `first_response_hours`, `resolution_hours`,
/// `maintenance_compliance`, `survey_response_rate`,
/// `complaint_resolution_days`, `repurchase_rate`, `referral_count`.
const std::vector<KpiInfo>& kpi_catalog();
/// The KPI called `name`; nullptr when there is none.
const KpiInfo* find_kpi(absl::string_view name);

/// What the KPIs of one group (a product, or every product) are made of over a
/// period.
///
/// Each pair is (numerator, denominator) or (sum, observations); docs/kpis.md
/// says, for each KPI, which events count.
struct KpiCounts {
  int64_t delivery_checks = 0;     ///< `delivery_checked` events in the period.
  int64_t deliveries_on_time = 0;  ///< Of the delivery checks, outcome not `late`.
  int64_t deliveries_ok = 0;       ///< Of the delivery checks, outcome `ok`.
  /// The first `installation_checked` after each `installed`, in the period.
  int64_t installations = 0;
  int64_t installations_ok = 0;  ///< Of the installations, outcome `ok`.
  /// Working days of each repair returned in the period (received to returned).
  std::vector<int64_t> repair_working_days;
  int64_t repairs_returned = 0;  ///< `repair_returned` events in the period.
  /// Of the repairs returned, returned `fixed` and not followed by a repair of the same unit
  /// and fault within 30 days.
  int64_t first_time_fixes = 0;
  int64_t repairs_received = 0;  ///< `repair_received` events in the period.
  /// Of the repairs received, received within 30 days of the return of an earlier repair of
  /// the same unit and fault.
  int64_t repeat_repairs = 0;
  /// The company's share of the repairs returned in the period, in minor units.
  int64_t warranty_cost = 0;
  int64_t units_sold = 0;           ///< Units `sold` in the period.
  int64_t referrals = 0;            ///< Of the units sold, those sold with channel `referral`.
  int64_t first_responses = 0;      ///< First-response targets judged in the period.
  int64_t first_responses_met = 0;  ///< Of the first-response targets, met.
  int64_t resolutions = 0;          ///< Resolution targets judged in the period.
  int64_t resolutions_met = 0;      ///< Of the resolution targets, met.
  int64_t cases_responded = 0;      ///< Cases whose first response came in the period.
  double first_response_hours = 0;  ///< SLA working hours to those first responses, summed.
  /// Cases resolved in the period (and still resolved at its end).
  int64_t cases_resolved = 0;
  double resolution_hours = 0;      ///< SLA working hours to those resolutions, summed.
  int64_t maintenance_due = 0;      ///< Due dates whose grace window closed in the period.
  int64_t maintenance_met = 0;      ///< Of those due dates, met.
  int64_t surveys_sent = 0;         ///< `survey_sent` events in the period.
  int64_t surveys_answered = 0;     ///< Of the surveys sent, answered (at any date).
  int64_t complaints_resolved = 0;  ///< `complaint_resolved` events in the period.
  int64_t complaint_days = 0;       ///< Calendar days from opening to those resolutions, summed.
  int64_t buyers = 0;               ///< Distinct customers with a sale in the period.
  int64_t repeat_buyers = 0;        ///< Of the buyers, those with an earlier purchase.

  /// Adds `other`'s counts (the repair durations are appended).
  void merge(const KpiCounts& other);
};

/// One KPI of one group.
struct KpiValue {
  std::string product;  ///< The product's SKU; `""` for every product together.
  std::string kpi;      ///< A kpi_catalog() name.
  /// The value (NaN when nothing was measured: n == 0; referral_count is then 0).
  double value = 0;
  /// The observations it is over: the ratio's denominator, the repairs of the
  /// time to repair, the units sold for the cost per unit and the referrals.
  int64_t n = 0;
  /// The numerator: the ratio's count, the summed days of a mean, the total
  /// cost, the referrals; NaN for the median.
  double total = 0;
  /// Field-by-field equality.
  friend bool operator==(const KpiValue&, const KpiValue&) = default;
};

/// What Ledger::kpis measures.
struct KpiOptions {
  /// Also one line per product of the catalog (sorted by SKU), after the total.
  bool by_product = true;
  /// The calendar (a ledger calendar's name) whose working days measure the
  /// time to repair; `""` for Monday to Friday without holidays.
  std::string calendar;
};

/// The KPIs of one group, one per kpi_catalog() entry, in catalog order.
std::vector<KpiValue> kpi_values(absl::string_view product, const KpiCounts& counts);

/// The tabular form (pv.Table, the C ABI's Arrow stream).
///
/// Columns: `product` (string; null for every product together), `kpi`
/// (string), `value` (double; null when NaN, that is when n is 0, except
/// `referral_count`), `n` (int64), `total` (double; null for the median and
/// when n is 0), `unit` (string). InvalidArgument for a `kpi` that is not in
/// kpi_catalog().
[[nodiscard]] absl::StatusOr<Table> to_table(absl::Span<const KpiValue> values);

}  // namespace postventa

#endif  // POSTVENTA_KPI_H_
