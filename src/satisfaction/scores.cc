// Scores from mergeable states (SPEC §7). A state holds only integers, so a
// score is a pure function of exact values: merging in any order and then
// scoring gives the same bits.
#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "postventa/satisfaction.h"

namespace postventa {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Score empty_score() { return Score{kNaN, kNaN, kNaN, 0}; }

}  // namespace

void NpsState::merge(const NpsState& other) {
  promoters += other.promoters;
  passives += other.passives;
  detractors += other.detractors;
}

Score NpsState::score(double z) const {
  const int64_t count = n();
  if (count == 0) return empty_score();
  const double n_d = static_cast<double>(count);
  const double p = static_cast<double>(promoters) / n_d;
  const double d = static_cast<double>(detractors) / n_d;
  const double nps = 100.0 * (p - d);
  // P + D - (P - D)^2 >= 0 mathematically; max() guards rounding at P + D == 1.
  const double se = 100.0 * std::sqrt(std::max(0.0, p + d - (p - d) * (p - d)) / n_d);
  return Score{nps, std::clamp(nps - z * se, -100.0, 100.0),
               std::clamp(nps + z * se, -100.0, 100.0), count};
}

void CsatState::merge(const CsatState& other) {
  satisfied += other.satisfied;
  n += other.n;
}

Score CsatState::score(double z) const {
  if (n == 0) return empty_score();
  const double n_d = static_cast<double>(n);
  const double p = static_cast<double>(satisfied) / n_d;
  const double z2 = z * z;
  const double denom = 1.0 + z2 / n_d;
  const double center = (p + z2 / (2.0 * n_d)) / denom;
  const double half = z / denom * std::sqrt(p * (1.0 - p) / n_d + z2 / (4.0 * n_d * n_d));
  return Score{100.0 * p, 100.0 * (center - half), 100.0 * (center + half), n};
}

void CesState::merge(const CesState& other) {
  n += other.n;
  sum += other.sum;
  sum_sq += other.sum_sq;
}

Score CesState::score(double z) const {
  if (n == 0) return empty_score();
  const double n_d = static_cast<double>(n);
  const double mean = static_cast<double>(sum) / n_d;
  if (n == 1) return Score{mean, kNaN, kNaN, n};
  // s² = (n·Σx² - (Σx)²) / (n (n - 1)); the numerator is an exact integer
  // (128 bits: n·Σx² reaches 49 n², past int64 beyond ~4·10^8 answers).
  const absl::int128 numerator =
      absl::int128(n) * absl::int128(sum_sq) - absl::int128(sum) * absl::int128(sum);
  const double variance = static_cast<double>(numerator) / (n_d * static_cast<double>(n - 1));
  const double half = z * std::sqrt(variance) / std::sqrt(n_d);
  return Score{mean, mean - half, mean + half, n};
}

void ServqualState::merge(const ServqualState& other) {
  for (int i = 0; i < kServqualItems; ++i) gap_sum[i] += other.gap_sum[i];
  n += other.n;
}

ServqualScore ServqualState::score() const {
  std::array<double, kServqualDimensions> equal;
  equal.fill(1.0);
  // Equal weights are valid, so this cannot fail.
  return *score(equal);
}

absl::StatusOr<ServqualScore> ServqualState::score(
    const std::array<double, kServqualDimensions>& weights) const {
  double weight_sum = 0.0;
  for (int d = 0; d < kServqualDimensions; ++d) {
    const double w = weights[d];
    if (!std::isfinite(w)) {
      return absl::InvalidArgumentError(absl::StrCat("weights[", d, "]: ", w, " is not finite"));
    }
    if (w < 0) {
      return absl::InvalidArgumentError(absl::StrCat("weights[", d, "]: ", w, " is negative"));
    }
    weight_sum += w;
  }
  if (weight_sum == 0) {
    return absl::InvalidArgumentError("weights: all five are 0; at least one must be positive");
  }
  ServqualScore out;
  out.n = n;
  if (n == 0) {
    out.dimension_gaps.fill(kNaN);
    out.overall = kNaN;
    out.weighted = kNaN;
    return out;
  }
  double overall = 0.0;
  double weighted = 0.0;
  for (int d = 0; d < kServqualDimensions; ++d) {
    int64_t dimension_sum = 0;
    const int first = kServqualDimensionStart[d];
    const int end = kServqualDimensionStart[d + 1];
    for (int i = first; i < end; ++i) dimension_sum += gap_sum[i];
    // Mean of the item gaps over all respondents: every respondent answers
    // every item, so that is the dimension's sum over respondents x items.
    const double gap = static_cast<double>(dimension_sum) /
                       (static_cast<double>(n) * static_cast<double>(end - first));
    out.dimension_gaps[d] = gap;
    overall += gap;
    weighted += weights[d] / weight_sum * gap;
  }
  out.overall = overall / kServqualDimensions;
  out.weighted = weighted;
  return out;
}

}  // namespace postventa
