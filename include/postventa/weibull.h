/** \file
 * \brief Weibull 2-parameter fits of time to first failure (SPEC §8,
 * "Reliability").
 *
 * `F(t) = 1 - exp(-(t/alpha)^beta)`, shape beta, scale alpha. The conventions
 * are the ones the reference tools use, so results agree with lifelines'
 * WeibullFitter (`lambda_` = alpha, `rho_` = beta) and the `reliability`
 * package's Fit_Weibull_2P:
 *   - maximum likelihood with right-censored units (a unit with no failure is a
 *     suspension at its age); standard errors from the inverse of the observed
 *     information in (alpha, beta); bounds on the log scale,
 *     `x * exp(±z se / x)`;
 *   - rank regression on Y of `ln(-ln(1 - F))` on `ln t`, with Bernard's or
 *     exact median ranks and Johnson's adjusted ranks for suspensions;
 *   - maximum likelihood on interval-censored grouped data (units failed in
 *     `(left, right]`), e.g. warranty returns by month in service.
 *
 * Every function is pure and thread-safe; the inputs are read, never kept.
 * docs/reliability.md says where the SPEC is silent.
 */
#ifndef POSTVENTA_WEIBULL_H_
#define POSTVENTA_WEIBULL_H_

#include <cstdint>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace postventa {

/// A Weibull 2-parameter fit: `F(t) = 1 - exp(-(t/scale)^shape)`.
struct WeibullFit {
  double shape = 0;  ///< beta.
  double scale = 0;  ///< alpha, in the unit of the times.
  /// The log-likelihood of the data at (shape, scale), with every constant kept
  /// (ln of the density for a failure, of the survival for a suspension, of
  /// `F(right) - F(left)` for an interval). For rank regression it is the
  /// right-censored likelihood evaluated at the regression estimate.
  double loglik = 0;
  /// Standard error of the shape. Maximum likelihood: from the inverse of the
  /// observed information matrix in (alpha, beta). Rank regression: NaN.
  double shape_se = 0;
  /// Standard error of the scale, as shape_se.
  double scale_se = 0;
  /// Two-sided bounds of the shape at the requested level on the log scale:
  /// `{x * exp(-z se / x), x * exp(z se / x)}`, `z = Phi^-1((1 + ci) / 2)`.
  /// Rank regression: {NaN, NaN}.
  std::pair<double, double> shape_ci;
  /// Two-sided bounds of the scale, as shape_ci.
  std::pair<double, double> scale_ci;
  int64_t failures = 0;     ///< Units with a failure (interval data: sum of counts).
  int64_t suspensions = 0;  ///< Right-censored units.
};

/// How weibull_fit() estimates.
enum class WeibullMethod {
  kMle,  ///< Maximum likelihood, with right-censored units.
  kRry   ///< Rank regression on Y (`ln(-ln(1 - F))` on `ln t`).
};

/// Plotting positions for rank regression.
///
/// With suspensions i is Johnson's adjusted rank (not an integer) and n counts
/// every unit.
enum class RankPositions {
  kBernard,  ///< Bernard's approximation `(i - 0.3) / (n + 0.4)`.
  kExact     ///< The exact median rank, the median of `Beta(i, n - i + 1)`.
};

/// Fits a Weibull to `failures` (times to failure) and `censored` (times of
/// right-censored units, may be empty).
///
/// Every time is positive and finite; `ci` is the two-sided confidence level
/// in (0, 1). InvalidArgument naming the field and position for a bad input
/// (`failures[3]: -1 is not a positive finite time`), for no failures, for
/// fewer than 2 failures (or all at one time) with rank regression, and when
/// the data give no finite maximum (every failure at one time and no unit
/// observed longer: the shape is unbounded).
[[nodiscard]] absl::StatusOr<WeibullFit> weibull_fit(
    absl::Span<const double> failures, absl::Span<const double> censored,
    WeibullMethod method = WeibullMethod::kMle, RankPositions positions = RankPositions::kBernard,
    double ci = 0.95);

/// Maximum likelihood on interval-censored grouped data: `counts[k]` units
/// failed in `(left[k], right[k]]`.
///
/// `right[k]` = +infinity means `counts[k]` units were still working at
/// `left[k]` (right-censored there); `left[k]` = 0 means they failed by
/// `right[k]`. The log-likelihood is
/// `sum counts[k] * ln(F(right[k]) - F(left[k]))`. Counts are non-negative
/// whole numbers; rows with a zero count are ignored. InvalidArgument for
/// arrays of different lengths, a bad time (left negative or not finite, right
/// not greater than left, right NaN), a bad count, no failures, or data with
/// no finite maximum.
[[nodiscard]] absl::StatusOr<WeibullFit> weibull_fit_interval(absl::Span<const double> left,
                                                              absl::Span<const double> right,
                                                              absl::Span<const double> counts,
                                                              double ci = 0.95);

}  // namespace postventa

#endif  // POSTVENTA_WEIBULL_H_
