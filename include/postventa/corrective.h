/** \file
 * Anomalies and corrective action (SPEC §8, seed 003 "Tratamiento de errores y
 * anomalías"): the anomaly record with its documented implications (step 1),
 * its root cause (step 2), the measures taken (step 3), and the verification
 * of their effect (step 4): one KPI compared before and after the measures.
 *
 * This module is the pure part: the record and its JSON form, the comparison
 * windows, and the two tests with their verdict rules. Measuring the KPI in
 * each window is the caller's job (the ledger's). docs/corrective.md has the
 * JSON form, the formulas and the choices made where the SPEC is silent.
 *
 * Verdict rules (verify_rate, verify_durations):
 *
 * - fewer than kMinObservationsPerSide (30) observations on either side
 *   (rates: n; durations: subjects, censored ones included): `inconclusive`;
 * - otherwise `effective` when p < alpha (strictly) AND the change goes the
 *   better way (rates: the after rate is higher, or lower, as `better` says;
 *   durations: the after group closes faster than expected, O_after > E_after);
 * - otherwise `not_effective`: no significant change, or a significant change
 *   for the worse.
 *
 * Errors are InvalidArgument with a message that starts with the field path
 * (the JSON path, also for a hand-built Anomaly) and names the bad value, for
 * example `measures[1].date: 2025-06-30 is before the anomaly was detected
 * (2025-07-16)`. A verification that cannot be made yet (no measure, nothing
 * after `as_of`) is FailedPrecondition.
 *
 * Thread safety: plain data and pure functions; any number of threads may
 * call them at once.
 */
#ifndef POSTVENTA_CORRECTIVE_H_
#define POSTVENTA_CORRECTIVE_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "postventa/scorecard.h"  // Better
#include "postventa/time.h"

namespace postventa {

/// Root cause categories (seed 003 step 2: "escasez de personal, bajas no
/// previstas o incrementos inesperados de la demanda", then the usual others).
enum class RootCause {
  kStaffShortage,     ///< `"staff_shortage"`: escasez de personal (staff shortage).
  kUnplannedAbsence,  ///< `"unplanned_absence"`: bajas no previstas (unplanned absence).
  kDemandSpike,       ///< `"demand_spike"`: incrementos inesperados de la demanda (demand spike).
  kProductDefect,     ///< `"product_defect"`: a defect of the product.
  kSupplier,          ///< `"supplier"`: a supplier's failure.
  kProcess,           ///< `"process"`: a process of our own.
  kOther,             ///< `"other"`: anything else.
};
/// The name of a root cause (`"staff_shortage"`, ...); `"unknown"` for a
/// value outside the enum.
absl::string_view root_cause_name(RootCause cause);
/// The root cause of that name; nullopt for an unknown name (names are
/// case-sensitive).
std::optional<RootCause> parse_root_cause(absl::string_view name);

/// A measure taken against the anomaly (seed 003 step 3: "modificación de la
/// contratación en determinadas fechas, reorganización en la atención o
/// establecimiento de cita previa"), in effect from `date`.
struct CorrectiveMeasure {
  std::string description;  ///< What was done; not empty.
  Date date;                ///< In effect from this day; not before the anomaly was detected.
  /// Field-by-field equality.
  friend bool operator==(const CorrectiveMeasure&, const CorrectiveMeasure&) = default;
};

/// A range of days, both ends included; start <= end.
struct DateWindow {
  Date start;  ///< The first day.
  Date end;    ///< The last day.
  /// Field-by-field equality.
  friend bool operator==(const DateWindow&, const DateWindow&) = default;
};

/// How the measures' effect is checked (seed 003 step 4).
struct VerificationPlan {
  std::string kpi;      ///< The KPI compared: one of the caller's known KPIs.
  std::string product;  ///< The product's SKU; `""` for all products.
  /// The explicit before window; when absent it is derived (see comparison_windows).
  std::optional<DateWindow> before;
  /// The explicit after window; when absent it is derived (see comparison_windows).
  std::optional<DateWindow> after;
  double alpha = 0.05;  ///< The significance level, in (0, 1).
  /// Field-by-field equality.
  friend bool operator==(const VerificationPlan&, const VerificationPlan&) = default;
};

/// The anomaly record. JSON form (null means absent; unknown keys refused):
///
///     {"id": "AN-2025-07", "detected": "2025-07-16",
///      "description": "first responses late in the July peak",
///      "implications": ["62 % of first responses within SLA, target 90 %", ...],
///      "cause": "staff_shortage", "cause_detail": "two technicians on holiday",
///      "measures": [{"description": "temporary hires for 15 Jul - 15 Sep",
///                    "date": "2025-08-01"}, ...],
///      "verification": {"kpi": "first_response_sla", "product": null,
///                       "before": {"start": "2025-06-01", "end": "2025-07-31"},
///                       "after": null, "alpha": 0.05}}
///
/// Required: `id`, `detected`, `description`, `implications` (at least one),
/// `cause`, `verification.kpi`. Field paths in errors are the JSON ones.
struct Anomaly {
  std::string id;           ///< The caller's id; not empty.
  Date detected;            ///< When the anomaly was detected.
  std::string description;  ///< What happened; not empty.
  /// Step 1: its documented implications for the service, each not empty.
  std::vector<std::string> implications;
  RootCause cause = RootCause::kOther;  ///< Step 2: the root cause.
  std::string cause_detail;             ///< Optional: what the investigation found.
  /// Step 3: the measures taken, in the order given; may be empty.
  std::vector<CorrectiveMeasure> measures;
  VerificationPlan verification;  ///< Step 4: how their effect is checked.
  /// Field-by-field equality.
  friend bool operator==(const Anomaly&, const Anomaly&) = default;
};

/// Checks an anomaly record against the KPIs the caller can measure.
///
/// Refuses an empty id, description, implication or measure description, no
/// implication, a measure dated before `detected`, a KPI not in `known_kpis`,
/// alpha outside (0, 1), an explicit window that ends before it starts, and
/// a before window that does not end before the after window starts (the
/// explicit after window, or else the last measure's date).
[[nodiscard]] absl::Status validate_anomaly(const Anomaly& anomaly,
                                            absl::Span<const absl::string_view> known_kpis);
/// Parses the JSON form (see Anomaly) and validates it (validate_anomaly).
/// Measures stay in the order given.
[[nodiscard]] absl::StatusOr<Anomaly> parse_anomaly(absl::string_view json,
                                                    absl::Span<const absl::string_view> known_kpis);
/// The canonical JSON of an anomaly: every key present in the order of the
/// JSON form (see Anomaly), absent values null (`""` product and cause_detail
/// are null). parse_anomaly gives back an equal Anomaly.
std::string anomaly_to_json(const Anomaly& anomaly);

/// The windows a verification compares.
struct ComparisonWindows {
  DateWindow before;  ///< Before the measures.
  DateWindow after;   ///< After the measures.
  /// Field-by-field equality.
  friend bool operator==(const ComparisonWindows&, const ComparisonWindows&) = default;
};

/// The windows of `anomaly` as of `as_of` (the last day with data):
///
/// - after: the explicit window, or [date of the last measure (all measures in
///   place), as_of]; an explicit one ending after as_of is cut to as_of;
/// - before: the explicit window, or the same number of days as `after` (once
///   cut) immediately before after.start.
///
/// FailedPrecondition when `after` is derived and there is no measure
/// (`nothing to verify: no measure`), or when after.start is later than as_of
/// (nothing to compare yet). InvalidArgument for windows validate_anomaly
/// refuses.
[[nodiscard]] absl::StatusOr<ComparisonWindows> comparison_windows(const Anomaly& anomaly,
                                                                   Date as_of);

// --- verification of the effect -------------------------------------------

/// The result of two_proportion_ztest.
struct ZTest {
  double z;        ///< The statistic; > 0 when the after rate is higher.
  double p_value;  ///< The two-sided p-value.
};
/// The two-proportion z-test with the pooled standard error, two-sided:
///
///     p_b = count_b/n_b, p_a = count_a/n_a, p = (count_b + count_a)/(n_b + n_a),
///     z = (p_a - p_b) / sqrt(p (1 - p) (1/n_b + 1/n_a)),  p_value = 2 (1 - Phi(|z|)).
///
/// The sign convention: z > 0 when the AFTER rate is higher. This is
/// statsmodels' `proportions_ztest([count_a, count_b], [n_a, n_b])` (after
/// first). When the pooled proportion is 0 or 1 (statsmodels gives nan) there
/// is no evidence of a difference: z = 0, p_value = 1.
/// InvalidArgument unless n >= 1 and 0 <= count <= n on each side.
[[nodiscard]] absl::StatusOr<ZTest> two_proportion_ztest(int64_t count_before, int64_t n_before,
                                                         int64_t count_after, int64_t n_after);

/// The minimum number of observations on each side for a verdict.
inline constexpr int64_t kMinObservationsPerSide = 30;

/// The verdict of a verification (the file comment has the rules).
enum class Verdict {
  kEffective,     ///< `"effective"`: significant, and the better way.
  kNotEffective,  ///< `"not_effective"`: no significant change, or one for the worse.
  kInconclusive   ///< `"inconclusive"`: fewer than kMinObservationsPerSide on a side.
};
/// The name of a verdict: `"effective"`, `"not_effective"`, `"inconclusive"`
/// (`"unknown"` for a value outside the enum).
absl::string_view verdict_name(Verdict verdict);

/// The test a verification ran.
enum class EffectTest {
  kTwoProportionZ,  ///< `"two_proportion_z"`: rates (two_proportion_ztest).
  kLogRank          ///< `"logrank"`: durations (postventa::logrank).
};
/// The name of a test: `"two_proportion_z"`, `"logrank"`.
absl::string_view effect_test_name(EffectTest test);

/// The outcome of a verification (the file comment has the verdict rules).
struct Verification {
  EffectTest test = EffectTest::kTwoProportionZ;  ///< The test run.
  /// Which way is better; durations: always kLower (shorter is better).
  Better better = Better::kHigher;
  /// Observations before: rates n; durations the subjects, censored included.
  int64_t n_before = 0;
  int64_t n_after = 0;  ///< Observations after, as n_before.
  /// Rates: count / n (NaN when n = 0). Durations: the Kaplan-Meier median,
  /// the smallest time where S <= 0.5 (lifelines' `median_survival_time_`);
  /// +infinity when S never reaches 0.5 (more than half still open); NaN with
  /// no subjects.
  double value_before = std::numeric_limits<double>::quiet_NaN();
  /// The same measure after the measures, as value_before.
  double value_after = std::numeric_limits<double>::quiet_NaN();
  /// z (after minus before, see two_proportion_ztest) or the log-rank chi2;
  /// NaN, with p_value, when a side has no observation.
  double statistic = std::numeric_limits<double>::quiet_NaN();
  /// The test's p-value; NaN when a side has no observation.
  double p_value = std::numeric_limits<double>::quiet_NaN();
  double alpha = 0.05;  ///< The significance level used.
  /// The after side is on the better side: rates by `better` (z > 0 for
  /// higher); durations O_after > E_after. Unset when there is no difference
  /// (z = 0, O = E) or no test.
  std::optional<bool> improved;
  Verdict verdict = Verdict::kInconclusive;  ///< The verdict.
};

/// Verifies a rate KPI before and after: count of n on each side, with the
/// two-proportion z-test.
///
/// n = 0 on a side is allowed (inconclusive, no test). InvalidArgument for
/// n < 0, count outside 0..n (`count_before`, ...), alpha outside (0, 1).
[[nodiscard]] absl::StatusOr<Verification> verify_rate(int64_t count_before, int64_t n_before,
                                                       int64_t count_after, int64_t n_after,
                                                       Better better, double alpha = 0.05);

/// Verifies a duration KPI before and after (days to close a case, for
/// example); shorter is better.
///
/// observed[i] is 1 for a closed case, 0 for one still open (censored at its
/// age). The test is postventa::logrank; the direction is O_after - E_after
/// over the pooled distinct event times. Empty sides are allowed
/// (inconclusive, no test). InvalidArgument for a negative or non-finite
/// duration, a flag other than 0/1, or sizes that differ, naming
/// `durations_before[i]`, `observed_after`, ...; alpha outside (0, 1).
[[nodiscard]] absl::StatusOr<Verification> verify_durations(
    absl::Span<const double> durations_before, absl::Span<const uint8_t> observed_before,
    absl::Span<const double> durations_after, absl::Span<const uint8_t> observed_after,
    double alpha = 0.05);

/// The canonical JSON of a verification (NaN and infinity are null):
///
///     {"test": "two_proportion_z", "direction": "higher", "n_before": 120,
///      "n_after": 130, "value_before": 0.62, "value_after": 0.81,
///      "statistic": 3.4, "p_value": 0.0007, "alpha": 0.05, "improved": true,
///      "verdict": "effective"}
std::string verification_to_json(const Verification& verification);

}  // namespace postventa

#endif  // POSTVENTA_CORRECTIVE_H_
