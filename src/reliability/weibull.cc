// Weibull 2-parameter fits (SPEC §8): right-censored maximum likelihood by the
// profile equation for the shape, rank regression on Y with Johnson's adjusted
// ranks, and maximum likelihood on interval-censored grouped data.
//
// Numerics: the likelihood only ever needs (t/alpha)^beta = exp(beta (ln t -
// ln alpha)), so ln t is computed once per unit and every power is an exp of a
// shifted log time whose exponent stays <= 0 near the solution (no overflow for
// any finite data). The right-censored fit costs one pass over the data per
// Newton step (three running sums) and two more passes at the end (the
// log-likelihood and the observed information at the estimate).
#include "postventa/weibull.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <numeric>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "boost/math/distributions/normal.hpp"
#include "boost/math/special_functions/beta.hpp"

namespace postventa {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kMaxIterations = 200;

// Boost.Math reports a bad argument through errno instead of throwing: no
// exception may leave the core. Every call below passes valid arguments.
using NoThrowPolicy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::errno_on_error>,
    boost::math::policies::pole_error<boost::math::policies::errno_on_error>,
    boost::math::policies::overflow_error<boost::math::policies::errno_on_error>,
    boost::math::policies::evaluation_error<boost::math::policies::errno_on_error>>;

absl::Status FieldError(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

absl::StatusOr<double> NormalQuantileForLevel(double ci) {
  if (!(ci > 0.0 && ci < 1.0)) {
    return FieldError("ci", absl::StrCat(ci, " is not a confidence level in (0, 1)"));
  }
  const boost::math::normal_distribution<double, NoThrowPolicy> normal;
  return boost::math::quantile(normal, (1.0 + ci) / 2.0);
}

absl::Status CheckPositiveTimes(absl::Span<const double> times, absl::string_view field) {
  for (size_t i = 0; i < times.size(); ++i) {
    if (!(times[i] > 0.0) || !std::isfinite(times[i])) {
      return FieldError(absl::StrCat(field, "[", i, "]"),
                        absl::StrCat(times[i], " is not a positive finite time"));
    }
  }
  return absl::OkStatus();
}

std::pair<double, double> LogScaleBounds(double x, double se, double z) {
  if (!std::isfinite(se)) return {kNaN, kNaN};
  return {x * std::exp(-z * se / x), x * std::exp(z * se / x)};
}

// Log times shifted by their maximum, u = ln t - m <= 0, failures first, each
// with a weight (the number of units at that time; empty means all 1).
struct LogTimes {
  std::vector<double> u;
  std::vector<double> weight;
  size_t num_failure_rows = 0;
  double m = 0;                 // max ln t over every unit
  double failures = 0;          // r: the weighted number of failures
  double failure_sum_u = 0;     // weighted sum of u over the failures
  double failure_sum_u_sq = 0;  // weighted sum of u^2 over the failures
  double w(size_t k) const { return weight.empty() ? 1.0 : weight[k]; }
};

LogTimes MakeLogTimes(absl::Span<const double> failures, absl::Span<const double> censored,
                      std::vector<double> weight = {}) {
  LogTimes data;
  data.weight = std::move(weight);
  data.num_failure_rows = failures.size();
  data.u.reserve(failures.size() + censored.size());
  for (double t : failures) data.u.push_back(std::log(t));
  for (double t : censored) data.u.push_back(std::log(t));
  data.m = *std::max_element(data.u.begin(), data.u.end());
  for (double& u : data.u) u -= data.m;
  for (size_t k = 0; k < data.num_failure_rows; ++k) {
    data.failures += data.w(k);
    data.failure_sum_u += data.w(k) * data.u[k];
    data.failure_sum_u_sq += data.w(k) * data.u[k] * data.u[k];
  }
  return data;
}

// Weighted sums over every unit of e^(beta u), u e^(beta u), u^2 e^(beta u).
struct PowerSums {
  double s0 = 0, s1 = 0, s2 = 0;
};

PowerSums SumPowers(const LogTimes& data, double beta) {
  // Two independent accumulators let the two exp calls of a step overlap.
  double a0 = 0, a1 = 0, a2 = 0, b0 = 0, b1 = 0, b2 = 0;
  const double* u = data.u.data();
  const size_t n = data.u.size();
  size_t k = 0;
  if (data.weight.empty()) {
    for (; k + 1 < n; k += 2) {
      const double e0 = std::exp(beta * u[k]);
      const double e1 = std::exp(beta * u[k + 1]);
      const double f0 = e0 * u[k];
      const double f1 = e1 * u[k + 1];
      a0 += e0;
      a1 += f0;
      a2 += f0 * u[k];
      b0 += e1;
      b1 += f1;
      b2 += f1 * u[k + 1];
    }
  }
  for (; k < n; ++k) {
    const double e = data.w(k) * std::exp(beta * u[k]);
    a0 += e;
    a1 += e * u[k];
    a2 += e * u[k] * u[k];
  }
  return PowerSums{a0 + b0, a1 + b1, a2 + b2};
}

// The maximum likelihood shape solves the profile equation
//   g(beta) = sum t^beta ln t / sum t^beta - 1/beta - mean of ln t over failures = 0
// (sums over every unit). g rises strictly from -inf at 0+ (g' is a weighted
// variance plus 1/beta^2) towards max ln t - mean failure ln t, so a root
// exists exactly when some unit outlives the mean failure log time. Newton's
// method, kept inside a bracket [lo, hi] that always holds the root.
struct ProfileRoot {
  double beta;
  double log_alpha;
};

absl::StatusOr<ProfileRoot> SolveProfile(const LogTimes& data) {
  const double r = data.failures;
  const double mean_u = data.failure_sum_u / r;
  if (!(mean_u < 0.0)) {
    return FieldError("failures",
                      "every failure is at one time and no unit is observed longer: the "
                      "likelihood has no maximum (the shape is unbounded)");
  }
  // Start from the moments of the failures: sd(ln T) = pi / (beta sqrt 6).
  double beta = 1.0;
  const double var_u = data.failure_sum_u_sq / r - mean_u * mean_u;
  if (r >= 2 && var_u > 0) {
    beta = std::clamp(std::numbers::pi / std::sqrt(6.0 * var_u), 1e-3, 1e3);
  }
  double lo = 0.0, hi = kInf;
  for (int iter = 0; iter < kMaxIterations; ++iter) {
    const PowerSums s = SumPowers(data, beta);
    const double mean = s.s1 / s.s0;
    const double g = mean - 1.0 / beta - mean_u;
    const double dg = s.s2 / s.s0 - mean * mean + 1.0 / (beta * beta);
    if (g < 0) {
      lo = beta;
    } else if (g > 0) {
      hi = beta;
    }
    double next = beta - g / dg;
    if (!(next > lo && next < hi)) {
      next = lo == 0.0 ? hi / 4.0 : std::isinf(hi) ? lo * 4.0 : std::sqrt(lo * hi);
    }
    if (g == 0 || std::abs(next - beta) <= 1e-13 * beta ||
        (std::isfinite(hi) && hi - lo <= 1e-15 * hi)) {
      // sum (t/alpha)^beta = r at the root; alpha from the sums at this beta.
      return ProfileRoot{beta, data.m + (std::log(s.s0) - std::log(r)) / beta};
    }
    beta = next;
  }
  return absl::InternalError("weibull_fit: the shape did not converge");
}

// The right-censored log-likelihood and the observed information at
// (alpha, beta):
//   l = r ln beta - r beta ln alpha + (beta - 1) sum_f ln t - sum_all w,
//   w = (t/alpha)^beta.
struct RightCensoredStats {
  double loglik;
  double scale_se;
  double shape_se;
};

RightCensoredStats EvaluateRightCensored(const LogTimes& data, double log_alpha, double beta) {
  const double d = data.m - log_alpha;  // ln t - ln alpha = u + d
  double a = 0, b = 0, c = 0;           // sum w, sum w v, sum w v^2 with v = ln t - ln alpha
  for (size_t k = 0; k < data.u.size(); ++k) {
    const double v = data.u[k] + d;
    const double w = data.w(k) * std::exp(beta * v);
    a += w;
    b += w * v;
    c += w * v * v;
  }
  const double r = data.failures;
  const double alpha = std::exp(log_alpha);
  const double failure_sum_x = data.failure_sum_u + r * data.m;
  RightCensoredStats stats;
  stats.loglik = r * std::log(beta) - r * beta * log_alpha + (beta - 1.0) * failure_sum_x - a;
  // The Hessian of l in (alpha, beta):
  //   d2l/dalpha2      = beta/alpha^2 (r - (1 + beta) sum w)
  //   d2l/dalpha dbeta = (sum w - r + beta sum w v) / alpha
  //   d2l/dbeta2       = -r/beta^2 - sum w v^2
  const double i_aa = -beta / (alpha * alpha) * (r - (1.0 + beta) * a);
  const double i_ab = -(a - r + beta * b) / alpha;
  const double i_bb = r / (beta * beta) + c;
  const double det = i_aa * i_bb - i_ab * i_ab;
  if (det > 0 && i_aa > 0) {
    stats.scale_se = std::sqrt(i_bb / det);
    stats.shape_se = std::sqrt(i_aa / det);
  } else {
    stats.scale_se = stats.shape_se = kNaN;
  }
  return stats;
}

// Johnson's adjusted ranks of the failures among every unit sorted by time,
// failures before suspensions at the same time (the order the `reliability`
// package gets from a stable sort of failures followed by suspensions): each
// failure's rank rises from the previous one by (n + 1 - previous) / (1 +
// number of units from this one on). Without suspensions the ranks are 1..n.
// Returns (failure time, adjusted rank) in time order.
std::vector<std::pair<double, double>> AdjustedRanks(absl::Span<const double> failures,
                                                     absl::Span<const double> censored) {
  struct Unit {
    double time;
    bool failed;
  };
  std::vector<Unit> units;
  units.reserve(failures.size() + censored.size());
  for (double t : failures) units.push_back({t, true});
  for (double t : censored) units.push_back({t, false});
  std::sort(units.begin(), units.end(), [](const Unit& x, const Unit& y) {
    return x.time < y.time || (x.time == y.time && x.failed && !y.failed);
  });
  const double n = static_cast<double>(units.size());
  std::vector<std::pair<double, double>> ranks;
  ranks.reserve(failures.size());
  double previous = 0.0;
  for (size_t k = 0; k < units.size(); ++k) {
    if (!units[k].failed) continue;
    const double reverse_rank = n - static_cast<double>(k);  // units from this one on
    previous += (n + 1.0 - previous) / (1.0 + reverse_rank);
    ranks.emplace_back(units[k].time, previous);
  }
  return ranks;
}

absl::StatusOr<WeibullFit> FitRankRegression(absl::Span<const double> failures,
                                             absl::Span<const double> censored,
                                             RankPositions positions) {
  if (failures.size() < 2) {
    return FieldError("failures", absl::StrCat("rank regression needs at least 2 failures, got ",
                                               failures.size()));
  }
  const std::vector<std::pair<double, double>> ranks = AdjustedRanks(failures, censored);
  const double n = static_cast<double>(failures.size() + censored.size());
  std::vector<double> x, y;
  x.reserve(ranks.size());
  y.reserve(ranks.size());
  for (const auto& [time, rank] : ranks) {
    double f;
    if (positions == RankPositions::kBernard) {
      f = (rank - 0.3) / (n + 0.4);
    } else {
      f = boost::math::ibeta_inv(rank, n - rank + 1.0, 0.5, NoThrowPolicy());
    }
    x.push_back(std::log(time));
    y.push_back(std::log(-std::log1p(-f)));
  }
  // Least squares of y on x, centred for accuracy.
  const double count = static_cast<double>(x.size());
  const double mean_x = std::accumulate(x.begin(), x.end(), 0.0) / count;
  const double mean_y = std::accumulate(y.begin(), y.end(), 0.0) / count;
  double sxx = 0, sxy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxx += (x[i] - mean_x) * (x[i] - mean_x);
    sxy += (x[i] - mean_x) * (y[i] - mean_y);
  }
  if (!(sxx > 0) || !(sxy > 0)) {
    return FieldError("failures", "rank regression needs failures at two different times at least");
  }
  WeibullFit fit;
  fit.shape = sxy / sxx;
  // y = beta ln t - beta ln alpha.
  const double log_alpha = mean_x - mean_y / fit.shape;
  fit.scale = std::exp(log_alpha);
  fit.loglik = EvaluateRightCensored(MakeLogTimes(failures, censored), log_alpha, fit.shape).loglik;
  fit.shape_se = fit.scale_se = kNaN;
  fit.shape_ci = fit.scale_ci = {kNaN, kNaN};
  fit.failures = static_cast<int64_t>(failures.size());
  fit.suspensions = static_cast<int64_t>(censored.size());
  return fit;
}

// One row of grouped interval data with a positive count.
struct IntervalRow {
  double log_left;   // -inf when left = 0
  double log_right;  // +inf when right-censored
  double count;
};

// The log-likelihood of interval data with its gradient and Hessian in
// theta = (ln alpha, ln beta). With s(t) = (t/alpha)^beta = exp(beta v),
// v = ln t - ln alpha:
//   ds/da = -beta s,  ds/db = beta v s,
//   d2s/da2 = beta^2 s,  d2s/da db = -beta s (1 + beta v),  d2s/db2 = beta v s (1 + beta v).
// A row's term is ln(S(l) - S(r)) = -s_l + ln(1 - exp(-(s_r - s_l))), computed
// with expm1 so that narrow intervals keep their digits.
struct IntervalEval {
  double loglik = 0;
  double g[2] = {0, 0};
  double h[2][2] = {{0, 0}, {0, 0}};
};

struct PowerTerm {
  double s = 0;
  double ds[2] = {0, 0};
  double d2s[2][2] = {{0, 0}, {0, 0}};
};

PowerTerm Power(double log_t, double a, double beta) {
  PowerTerm p;
  if (std::isinf(log_t)) return p;  // t = 0: s = 0 with no derivatives
  const double v = log_t - a;
  const double bv = beta * v;
  p.s = std::exp(bv);
  p.ds[0] = -beta * p.s;
  p.ds[1] = bv * p.s;
  p.d2s[0][0] = beta * beta * p.s;
  p.d2s[0][1] = p.d2s[1][0] = -beta * p.s * (1.0 + bv);
  p.d2s[1][1] = bv * p.s * (1.0 + bv);
  return p;
}

IntervalEval EvaluateInterval(const std::vector<IntervalRow>& rows, double a, double b) {
  const double beta = std::exp(b);
  IntervalEval e;
  for (const IntervalRow& row : rows) {
    const PowerTerm l = Power(row.log_left, a, beta);
    double term, g[2], h[2][2];
    if (std::isinf(row.log_right) && row.log_right > 0) {  // ln S(l)
      term = -l.s;
      for (int i = 0; i < 2; ++i) {
        g[i] = -l.ds[i];
        for (int j = 0; j < 2; ++j) h[i][j] = -l.d2s[i][j];
      }
    } else {
      const PowerTerm r = Power(row.log_right, a, beta);
      const double delta = r.s - l.s;
      const double one_minus = -std::expm1(-delta);  // 1 - exp(-delta)
      term = -l.s + std::log(one_minus);
      const double q_l = 1.0 / one_minus;               // S(l) / (S(l) - S(r))
      const double q_r = std::exp(-delta) / one_minus;  // S(r) / (S(l) - S(r))
      for (int i = 0; i < 2; ++i) g[i] = -q_l * l.ds[i] + q_r * r.ds[i];
      for (int i = 0; i < 2; ++i) {
        for (int j = 0; j < 2; ++j) {
          h[i][j] = q_l * (l.ds[i] * l.ds[j] - l.d2s[i][j]) -
                    q_r * (r.ds[i] * r.ds[j] - r.d2s[i][j]) - g[i] * g[j];
        }
      }
    }
    e.loglik += row.count * term;
    for (int i = 0; i < 2; ++i) {
      e.g[i] += row.count * g[i];
      for (int j = 0; j < 2; ++j) e.h[i][j] += row.count * h[i][j];
    }
  }
  return e;
}

// Newton's method on theta = (ln alpha, ln beta) with a Levenberg damping of
// the Hessian when it is not negative definite and step halving until the
// likelihood rises.
absl::StatusOr<std::pair<double, double>> MaximiseInterval(const std::vector<IntervalRow>& rows,
                                                           double a, double b) {
  IntervalEval e = EvaluateInterval(rows, a, b);
  double damping = 0.0;
  for (int iter = 0; iter < kMaxIterations; ++iter) {
    // Solve (-H + damping I) step = g.
    double m00 = -e.h[0][0] + damping, m01 = -e.h[0][1], m11 = -e.h[1][1] + damping;
    double det = m00 * m11 - m01 * m01;
    if (!(m00 > 0 && det > 0)) {
      damping = std::max(2 * damping, 1e-6 + std::abs(e.h[0][0]) + std::abs(e.h[1][1]));
      continue;
    }
    double step[2] = {(m11 * e.g[0] - m01 * e.g[1]) / det, (m00 * e.g[1] - m01 * e.g[0]) / det};
    bool improved = false;
    for (int halving = 0; halving < 60; ++halving) {
      const double na = a + step[0], nb = b + step[1];
      const IntervalEval ne = EvaluateInterval(rows, na, nb);
      const double size = std::max(std::abs(step[0]), std::abs(step[1]));
      // Close to the maximum the likelihood changes below its rounding: plain
      // Newton steps (quadratic convergence) without the rise test.
      const bool near = damping == 0.0 && size < 1e-6;
      if (std::isfinite(ne.loglik) && (ne.loglik >= e.loglik || near)) {
        a = na;
        b = nb;
        e = ne;
        improved = true;
        if (size <= 1e-12) return std::make_pair(a, b);
        break;
      }
      step[0] /= 2;
      step[1] /= 2;
    }
    if (improved) {
      damping = damping < 1e-6 ? 0.0 : damping / 4;
    } else {
      damping = std::max(2 * damping, 1e-6);
    }
    if (!improved && std::max(std::abs(e.g[0]), std::abs(e.g[1])) <= 1e-9) {
      return std::make_pair(a, b);
    }
    if (std::abs(b) > 30 || std::abs(a) > 700) break;  // running off to a boundary
  }
  if (std::max(std::abs(e.g[0]), std::abs(e.g[1])) <= 1e-8 * std::max(1.0, std::abs(e.loglik))) {
    return std::make_pair(a, b);
  }
  return FieldError("counts",
                    "the likelihood has no finite maximum for these intervals (the shape or the "
                    "scale runs off to a limit: more inspection times are needed)");
}

}  // namespace

absl::StatusOr<WeibullFit> weibull_fit(absl::Span<const double> failures,
                                       absl::Span<const double> censored, WeibullMethod method,
                                       RankPositions positions, double ci) {
  absl::StatusOr<double> z = NormalQuantileForLevel(ci);
  if (!z.ok()) return z.status();
  if (failures.empty()) return FieldError("failures", "at least one failure time is needed");
  if (absl::Status s = CheckPositiveTimes(failures, "failures"); !s.ok()) return s;
  if (absl::Status s = CheckPositiveTimes(censored, "censored"); !s.ok()) return s;
  if (method == WeibullMethod::kRry) return FitRankRegression(failures, censored, positions);

  const LogTimes data = MakeLogTimes(failures, censored);
  absl::StatusOr<ProfileRoot> root = SolveProfile(data);
  if (!root.ok()) return root.status();
  const RightCensoredStats stats = EvaluateRightCensored(data, root->log_alpha, root->beta);
  WeibullFit fit;
  fit.shape = root->beta;
  fit.scale = std::exp(root->log_alpha);
  fit.loglik = stats.loglik;
  fit.shape_se = stats.shape_se;
  fit.scale_se = stats.scale_se;
  fit.shape_ci = LogScaleBounds(fit.shape, fit.shape_se, *z);
  fit.scale_ci = LogScaleBounds(fit.scale, fit.scale_se, *z);
  fit.failures = static_cast<int64_t>(failures.size());
  fit.suspensions = static_cast<int64_t>(censored.size());
  return fit;
}

absl::StatusOr<WeibullFit> weibull_fit_interval(absl::Span<const double> left,
                                                absl::Span<const double> right,
                                                absl::Span<const double> counts, double ci) {
  absl::StatusOr<double> z = NormalQuantileForLevel(ci);
  if (!z.ok()) return z.status();
  if (right.size() != left.size()) {
    return FieldError("right",
                      absl::StrCat("has ", right.size(), " entries, left has ", left.size()));
  }
  if (counts.size() != left.size()) {
    return FieldError("counts",
                      absl::StrCat("has ", counts.size(), " entries, left has ", left.size()));
  }
  std::vector<IntervalRow> rows;
  // Pseudo-times for the starting point: a failure row at the middle of its
  // interval, a censored row at its left end.
  std::vector<double> start_failures, start_censored, start_weights, censored_weights;
  double failures = 0, suspensions = 0;
  for (size_t k = 0; k < left.size(); ++k) {
    const double l = left[k], r = right[k], c = counts[k];
    if (!(l >= 0.0) || !std::isfinite(l)) {
      return FieldError(absl::StrCat("left[", k, "]"),
                        absl::StrCat(l, " is not a non-negative finite time"));
    }
    if (!(r > l)) {
      return FieldError(absl::StrCat("right[", k, "]"),
                        absl::StrCat(r, " is not greater than left (", l, ")"));
    }
    if (!(c >= 0.0) || !std::isfinite(c) || c != std::floor(c) || c > 0x1p53) {
      return FieldError(absl::StrCat("counts[", k, "]"),
                        absl::StrCat(c, " is not a non-negative whole number"));
    }
    if (c == 0) continue;
    if (std::isinf(r)) {
      suspensions += c;
      if (l == 0) continue;  // alive at 0: no information
      rows.push_back({std::log(l), kInf, c});
      start_censored.push_back(l);
      censored_weights.push_back(c);
    } else {
      failures += c;
      rows.push_back({l > 0 ? std::log(l) : -kInf, std::log(r), c});
      start_failures.push_back(l > 0 ? (l + r) / 2 : r / 2);
      start_weights.push_back(c);
    }
  }
  if (failures == 0) {
    return FieldError("counts", "no failures: no row with a finite right and a positive count");
  }
  // With every interval cut at one inspection time only F there is estimable:
  // a ridge of (alpha, beta) fits the data equally well.
  std::vector<double> cuts;
  for (const IntervalRow& row : rows) {
    if (std::isfinite(row.log_left)) cuts.push_back(row.log_left);
    if (std::isfinite(row.log_right)) cuts.push_back(row.log_right);
  }
  if (std::adjacent_find(cuts.begin(), cuts.end(), std::not_equal_to<>()) == cuts.end()) {
    return FieldError("right",
                      "the intervals need two different positive end points at least (one "
                      "inspection time leaves the shape and scale undetermined)");
  }
  start_weights.insert(start_weights.end(), censored_weights.begin(), censored_weights.end());
  const LogTimes start = MakeLogTimes(start_failures, start_censored, std::move(start_weights));
  double a, b;
  if (absl::StatusOr<ProfileRoot> root = SolveProfile(start); root.ok()) {
    a = root->log_alpha;
    b = std::log(root->beta);
  } else {  // pseudo-times all equal: start from the exponential fit
    double total = 0;
    for (size_t k = 0; k < start.u.size(); ++k) {
      total += start.w(k) * std::exp(start.u[k] + start.m);
    }
    a = std::log(total / start.failures);
    b = 0;
  }
  absl::StatusOr<std::pair<double, double>> theta = MaximiseInterval(rows, a, b);
  if (!theta.ok()) return theta.status();
  std::tie(a, b) = *theta;
  const IntervalEval e = EvaluateInterval(rows, a, b);
  WeibullFit fit;
  fit.scale = std::exp(a);
  fit.shape = std::exp(b);
  fit.loglik = e.loglik;
  // From theta = (ln alpha, ln beta) to (alpha, beta):
  //   d2l/dalpha2 = (l_aa - l_a) / alpha^2, d2l/dalpha dbeta = l_ab / (alpha beta),
  //   d2l/dbeta2 = (l_bb - l_b) / beta^2.
  const double i_aa = -(e.h[0][0] - e.g[0]) / (fit.scale * fit.scale);
  const double i_ab = -e.h[0][1] / (fit.scale * fit.shape);
  const double i_bb = -(e.h[1][1] - e.g[1]) / (fit.shape * fit.shape);
  const double det = i_aa * i_bb - i_ab * i_ab;
  if (det > 0 && i_aa > 0) {
    fit.scale_se = std::sqrt(i_bb / det);
    fit.shape_se = std::sqrt(i_aa / det);
  } else {
    fit.scale_se = fit.shape_se = kNaN;
  }
  fit.shape_ci = LogScaleBounds(fit.shape, fit.shape_se, *z);
  fit.scale_ci = LogScaleBounds(fit.scale, fit.scale_se, *z);
  fit.failures = static_cast<int64_t>(failures);
  fit.suspensions = static_cast<int64_t>(suspensions);
  return fit;
}

}  // namespace postventa
