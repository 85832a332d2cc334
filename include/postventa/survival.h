/** \file
 * \brief Survival and repair analysis of what was sold (SPEC §8,
 * "Reliability"): Kaplan-Meier, the mean cumulative function of repairs, the
 * Crow-AMSAA power-law fit, the Laplace trend test and the log-rank test.
 *
 * Every estimator follows the conventions of the tool analysts check it with,
 * to 1e-6 relative (the notes on each function name the tool and the formula):
 *   - kaplan_meier(), logrank(): lifelines (`KaplanMeierFitter`,
 *     `statistics.logrank_test`);
 *   - mcf(): the Nelson estimator with the interval of the `reliability`
 *     package's `MCF_nonparametric` (its variance is McfVariance::kNelson);
 *   - crow_amsaa(), laplace_trend(): the `reliability` package's `ROCOF`.
 *
 * Times are non-negative finite doubles in any unit (days, hours, km); the
 * results are in the same unit. Invalid input is InvalidArgument naming the
 * field and position, e.g. `durations[3]: -1 is not a non-negative finite
 * time`.
 *
 * Thread safety: pure functions over caller-owned spans; any number of threads
 * may call them at once.
 */
#ifndef POSTVENTA_SURVIVAL_H_
#define POSTVENTA_SURVIVAL_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "postventa/table.h"

namespace postventa {

/// One row of the Kaplan-Meier table: the estimate just after `time`
/// (right-continuous).
struct KaplanMeierRow {
  double time;  ///< The time of the row (0, or a distinct duration).
  /// `S(t) = prod over event times u <= t of (1 - d_u / n_u)`.
  double survival;
  double lower;      ///< Lower log-log ("exponential Greenwood") bound of S(t).
  double upper;      ///< Upper log-log ("exponential Greenwood") bound of S(t).
  int64_t at_risk;   ///< n: units with duration >= time.
  int64_t events;    ///< d: observed failures at time.
  int64_t censored;  ///< Units censored at time (they count as at risk at time).
};

/// Kaplan-Meier estimate of the survival function, exactly as
/// `lifelines.KaplanMeierFitter(alpha=1-ci)`.
///
/// Greenwood's variance `V(t) = sum d/(n(n-d))` (a term with n == d counts 0)
/// and the log-log interval
/// `lower, upper = exp(-exp(ln(-ln S) -+ z sqrt(V) / ln S))`,
/// `z = Phi^-1((1+ci)/2)`: one row at time 0 (S = 1), then one row per
/// distinct duration, failure or censoring, in increasing order; where S = 1
/// the bounds are 1, where S = 0 they are 0. A censoring at the same time as
/// failures is removed after them (it is at risk at that time).
/// `observed[i]` is 1 for a failure, 0 for a censored unit; ci in (0, 1).
///
/// Cost: a radix sort of the durations and one pass over the distinct times;
/// from 2^18 rows on, the bounds of the second half of the rows are computed in
/// a second thread (each row's bounds depend on that row alone: the values are
/// the same either way).
[[nodiscard]] absl::StatusOr<std::vector<KaplanMeierRow>> kaplan_meier(
    absl::Span<const double> durations, absl::Span<const uint8_t> observed, double ci = 0.95);

/// Variance of the mean cumulative function.
///
/// With `r_j` systems at risk at the event time `t_j`, `n_ij` events of system
/// i at `t_j` and `d_j = sum_i n_ij`: see each value.
enum class McfVariance {
  /// Lawless & Nadeau (1995), the robust estimator that needs no Poisson
  /// assumption:
  /// `V(t) = sum_i (sum_{t_j <= t, i at risk} (n_ij - d_j/r_j) / r_j)^2`.
  kLawlessNadeau,
  /// Poisson: `V(t) = sum_{t_j <= t} d_j / r_j^2`.
  kPoisson,
  /// The per-time form without covariances between times (Nelson 2003,
  /// ReliaSoft, and the `reliability` package's `MCF_nonparametric`):
  /// `V(t) = sum_{t_j <= t} sum_{i at risk} (n_ij - d_j/r_j)^2 / r_j^2`.
  /// Where no two events share a time it equals that package's variance; at
  /// tied times the package adds `(r-1)/r^3` once per event, which this does
  /// not.
  kNelson
};

/// One row of the MCF table, at a distinct event time.
struct McfRow {
  double time;      ///< The event time.
  double mcf;       ///< `sum_{t_j <= time} d_j / r_j`.
  double variance;  ///< The variance of mcf (see McfVariance).
  /// `mcf / exp(z sqrt(variance) / mcf)`, `z = Phi^-1(ci)`: the `reliability`
  /// package's lower bound, one-sided at level ci (the pair covers 2ci - 1).
  double lower;
  /// `mcf * exp(z sqrt(variance) / mcf)`: the `reliability` package's upper
  /// bound, one-sided at level ci.
  double upper;
};

/// One repairable system (a unit): its repair times and the end of its observation.
struct RepairableSystem {
  /// The repair times, in any order; equal times are several events.
  std::vector<double> event_times;
  /// The end of observation (age now, or at retirement).
  double end;
};

/// Mean cumulative function of repairs (Nelson's estimator).
///
/// A system is at risk at t while end >= t (an event at a system's end is
/// counted); events at the same time are summed into one row. Systems with no
/// events count in the risk set. With no events at all the table is empty.
[[nodiscard]] absl::StatusOr<std::vector<McfRow>> mcf(
    absl::Span<const RepairableSystem> systems, McfVariance variance = McfVariance::kLawlessNadeau,
    double ci = 0.95);

/// A Crow-AMSAA fit: the power-law NHPP with intensity
/// `lambda beta t^(beta-1)` (crow_amsaa()).
struct CrowAmsaa {
  double beta;    ///< The shape: above 1 failures come faster, below 1 slower.
  double lambda;  ///< The scale of the intensity.
};
/// Crow-AMSAA (power-law NHPP, intensity `lambda beta t^(beta-1)`) fit by
/// maximum likelihood to the cumulative failure times of one system (any
/// order, > 0).
///
/// Failure-terminated (no `end`): T = the last failure,
/// `beta = n / sum_{i<n} ln(T/t_i)`, `lambda = n / T^beta`. Time-terminated:
/// `beta = n / sum_i ln(end/t_i)`, `lambda = n / end^beta`. These are the
/// `reliability` package's ROCOF estimates (biased MLE; the unbiased
/// `(n-2)/...` of MIL-HDBK-189 is not used).
[[nodiscard]] absl::StatusOr<CrowAmsaa> crow_amsaa(absl::Span<const double> times,
                                                   std::optional<double> end = std::nullopt);

/// Laplace trend test, failure-terminated form, on the times between
/// successive failures `x_1..x_N` (N >= 2).
///
/// With `t_i = x_1 + ... + x_i`, `T = t_N` and `m = N - 1`:
/// `U = (sum_{i<=m} t_i / m - T/2) / (T sqrt(1/(12 m)))`,
/// which is standard normal without trend; U > 0 means failures are coming
/// faster. Source: the `reliability` package's ROCOF (`test_end=None`); Ascher
/// & Feingold (1984).
[[nodiscard]] absl::StatusOr<double> laplace_trend(absl::Span<const double> times_between);

/// The result of logrank().
struct LogRank {
  double chi2;     ///< The chi-squared statistic (1 degree of freedom).
  double p_value;  ///< `P(chi2_1 > chi2)`.
};
/// Log-rank test of equal survival in two groups with right censoring, as
/// lifelines' `statistics.logrank_test`.
///
/// `chi2 = (O_a - E_a)^2 / V` with, over distinct failure times,
/// `E_a = sum n_a d / n` and `V = sum n_a n_b d (n - d) / (n^2 (n - 1))` (the
/// factor `(n-d)/(n-1)` is 1 when n == 1), and `p = P(chi2_1 > chi2)`. With no
/// failures at all (V = 0) chi2 = 0 and p = 1. `observed_a[i]` is 1 for a
/// failure, 0 for a censored unit (likewise for b).
[[nodiscard]] absl::StatusOr<LogRank> logrank(absl::Span<const double> durations_a,
                                              absl::Span<const uint8_t> observed_a,
                                              absl::Span<const double> durations_b,
                                              absl::Span<const uint8_t> observed_b);

// The tabular forms every face gives (pv.Table, the C ABI's Arrow streams).

/// The Kaplan-Meier rows as a table: `time`, `survival`, `lower`, `upper`
/// (double), `at_risk`, `events`, `censored` (int64); one row per
/// KaplanMeierRow, in order.
[[nodiscard]] absl::StatusOr<Table> to_table(absl::Span<const KaplanMeierRow> rows);
/// The MCF rows as a table: `time`, `mcf`, `variance`, `lower`, `upper`
/// (double); one row per McfRow (no rows: the five columns, empty).
[[nodiscard]] absl::StatusOr<Table> to_table(absl::Span<const McfRow> rows);

/// `to_table(kaplan_meier(durations, observed, ci))` without the rows: the
/// same table (columns, values, errors), computed straight into its columns.
///
/// The faces use it: on a million units, building the rows and then the table
/// would write every value twice.
[[nodiscard]] absl::StatusOr<Table> kaplan_meier_table(absl::Span<const double> durations,
                                                       absl::Span<const uint8_t> observed,
                                                       double ci = 0.95);

}  // namespace postventa

#endif  // POSTVENTA_SURVIVAL_H_
