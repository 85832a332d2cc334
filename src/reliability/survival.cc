// Survival and repair analysis (SPEC §8): see include/postventa/survival.h for
// the formulas and the reference tool each one follows.
#include "postventa/survival.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <optional>
#include <utility>
#include <vector>

#include "absl/base/casts.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "boost/math/distributions/chi_squared.hpp"
#include "boost/math/distributions/normal.hpp"

namespace postventa {
namespace {

bool IsTime(double t) { return std::isfinite(t) && t >= 0; }

absl::Status CheckConfidence(double ci) {
  if (!(ci > 0 && ci < 1)) {
    return absl::InvalidArgumentError(absl::StrCat("ci: must be in (0, 1), got ", ci));
  }
  return absl::OkStatus();
}

// Durations and their failure flags, as the KM and log-rank inputs give them.
absl::Status CheckLifetimes(absl::Span<const double> durations, absl::Span<const uint8_t> observed,
                            const char* durations_name, const char* observed_name) {
  if (durations.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(durations_name, ": no durations"));
  }
  if (observed.size() != durations.size()) {
    return absl::InvalidArgumentError(absl::StrCat(observed_name, ": ", observed.size(),
                                                   " values for ", durations.size(), " ",
                                                   durations_name));
  }
  for (size_t i = 0; i < durations.size(); ++i) {
    if (!IsTime(durations[i])) {
      return absl::InvalidArgumentError(absl::StrCat(durations_name, "[", i, "]: ", durations[i],
                                                     " is not a non-negative finite time"));
    }
    if (observed[i] > 1) {
      return absl::InvalidArgumentError(absl::StrCat(observed_name, "[", i,
                                                     "]: ", static_cast<int>(observed[i]),
                                                     " is not 0 (censored) or 1 (failure)"));
    }
  }
  return absl::OkStatus();
}

// A duration and its failure flag; sorted by time, failures before censorings at
// equal times (a unit censored at t was at risk at t).
struct Lifetime {
  double time;
  uint8_t failed;
};

std::vector<Lifetime> SortedLifetimes(absl::Span<const double> durations,
                                      absl::Span<const uint8_t> observed) {
  std::vector<Lifetime> lives(durations.size());
  for (size_t i = 0; i < durations.size(); ++i) lives[i] = {durations[i], observed[i]};
  std::sort(lives.begin(), lives.end(), [](const Lifetime& a, const Lifetime& b) {
    return a.time < b.time || (a.time == b.time && a.failed > b.failed);
  });
  return lives;
}

// Non-negative doubles order like their bit patterns (+0 and -0 both map to 0).
uint64_t TimeKey(double t) { return t == 0 ? 0 : absl::bit_cast<uint64_t>(t); }
double TimeOfKey(uint64_t key) { return absl::bit_cast<double>(key); }

// LSD radix sort, 11-bit digits; a pass where every key has the same digit (the
// high exponent bits, or the low mantissa bits of whole numbers) is skipped.
void RadixSort(std::vector<uint64_t>& keys) {
  constexpr int kBits = 11, kPasses = 6;
  constexpr size_t kBuckets = size_t{1} << kBits;
  if (keys.size() < 2) return;
  std::vector<std::array<size_t, kBuckets>> counts(kPasses);
  for (auto& c : counts) c.fill(0);
  for (uint64_t k : keys) {
    for (int p = 0; p < kPasses; ++p) ++counts[p][(k >> (p * kBits)) & (kBuckets - 1)];
  }
  std::vector<uint64_t> out(keys.size());
  for (int p = 0; p < kPasses; ++p) {
    auto& c = counts[p];
    if (c[(keys[0] >> (p * kBits)) & (kBuckets - 1)] == keys.size()) continue;
    size_t sum = 0;
    for (size_t& b : c) sum += std::exchange(b, sum);
    for (uint64_t k : keys) out[c[(k >> (p * kBits)) & (kBuckets - 1)]++] = k;
    keys.swap(out);
  }
}

}  // namespace

absl::StatusOr<std::vector<KaplanMeierRow>> kaplan_meier(absl::Span<const double> durations,
                                                         absl::Span<const uint8_t> observed,
                                                         double ci) {
  if (absl::Status s = CheckConfidence(ci); !s.ok()) return s;
  if (absl::Status s = CheckLifetimes(durations, observed, "durations", "observed"); !s.ok()) {
    return s;
  }
  const double z = boost::math::quantile(boost::math::normal(), (1 + ci) / 2);
  // Failure and censoring times sorted apart (radix sort of the bit patterns),
  // then walked together: at equal times both are counted in one row.
  std::vector<uint64_t> failures, censorings;
  const size_t n_failures = static_cast<size_t>(std::count(observed.begin(), observed.end(), 1));
  failures.reserve(n_failures);
  censorings.reserve(durations.size() - n_failures);
  for (size_t i = 0; i < durations.size(); ++i) {
    (observed[i] ? failures : censorings).push_back(TimeKey(durations[i]));
  }
  RadixSort(failures);
  RadixSort(censorings);
  const auto next_time = [&](size_t f, size_t c) {
    return std::min(f < failures.size() ? failures[f] : UINT64_MAX,
                    c < censorings.size() ? censorings[c] : UINT64_MAX);
  };
  size_t distinct = 0;
  for (size_t f = 0, c = 0; f < failures.size() || c < censorings.size(); ++distinct) {
    const uint64_t key = next_time(f, c);
    while (f < failures.size() && failures[f] == key) ++f;
    while (c < censorings.size() && censorings[c] == key) ++c;
  }
  const int64_t n_total = static_cast<int64_t>(durations.size());
  std::vector<KaplanMeierRow> rows;
  rows.reserve(distinct + 1);
  // lifelines' table starts at min(0, first duration) with S = 1.
  if (next_time(0, 0) != TimeKey(0.0)) rows.push_back({0.0, 1.0, 1.0, 1.0, n_total, 0, 0});

  double log_s = 0;      // ln S(t), summed like lifelines: sum ln((n - d) / n)
  double greenwood = 0;  // sum d / (n (n - d)), a term with n == d counting 0
  double survival = 1, lower = 1, upper = 1;
  int64_t at_risk = n_total;
  for (size_t f = 0, c = 0; f < failures.size() || c < censorings.size();) {
    const uint64_t key = next_time(f, c);
    int64_t events = 0, censored = 0;
    for (; f < failures.size() && failures[f] == key; ++f) ++events;
    for (; c < censorings.size() && censorings[c] == key; ++c) ++censored;
    if (events > 0 && log_s != -INFINITY) {
      const double n = static_cast<double>(at_risk), d = static_cast<double>(events);
      if (events == at_risk) {
        log_s = -INFINITY;
        survival = lower = upper = 0;
      } else {
        log_s += std::log1p(-d / n);
        greenwood += d / (n * (n - d));
        // exp(-exp(ln(-ln S) -+ k)) = exp(ln S * exp(-+k)), k = z sqrt(V) / ln S.
        const double k = std::exp(-z * std::sqrt(greenwood) / log_s);
        survival = std::exp(log_s);
        lower = std::exp(log_s * k);
        upper = std::exp(log_s / k);
      }
    }
    rows.push_back({TimeOfKey(key), survival, lower, upper, at_risk, events, censored});
    at_risk -= events + censored;
  }
  return rows;
}

absl::StatusOr<std::vector<McfRow>> mcf(absl::Span<const RepairableSystem> systems,
                                        McfVariance variance, double ci) {
  if (absl::Status s = CheckConfidence(ci); !s.ok()) return s;
  if (systems.empty()) return absl::InvalidArgumentError("systems: no systems");

  // (time, system) of every event, and (end, system) of every system.
  std::vector<std::pair<double, uint32_t>> events, ends;
  ends.reserve(systems.size());
  for (size_t s = 0; s < systems.size(); ++s) {
    const RepairableSystem& sys = systems[s];
    if (!IsTime(sys.end)) {
      return absl::InvalidArgumentError(
          absl::StrCat("systems[", s, "].end: ", sys.end, " is not a non-negative finite time"));
    }
    for (size_t k = 0; k < sys.event_times.size(); ++k) {
      const double t = sys.event_times[k];
      if (!IsTime(t)) {
        return absl::InvalidArgumentError(absl::StrCat("systems[", s, "].event_times[", k, "]: ", t,
                                                       " is not a non-negative finite time"));
      }
      if (t > sys.end) {
        return absl::InvalidArgumentError(absl::StrCat("systems[", s, "].event_times[", k, "]: ", t,
                                                       " is after the end of observation ",
                                                       sys.end));
      }
      events.emplace_back(t, static_cast<uint32_t>(s));
    }
    ends.emplace_back(sys.end, static_cast<uint32_t>(s));
  }
  std::sort(events.begin(), events.end());
  std::sort(ends.begin(), ends.end());
  const double z = boost::math::quantile(boost::math::normal(), ci);

  // Lawless-Nadeau: system i's term is u_i(t) = E_i(t) - C(t), with
  // E_i = sum over its events of 1/r_j and C = sum_j d_j / r_j^2, both up to t
  // (or up to its end once it has left the risk set, when u_i freezes).
  // sum_i u_i^2 = frozen + S2 - 2 C S1 + R C^2 over the R systems at risk, with
  // S1 = sum E_i and S2 = sum E_i^2; long double keeps the cancellation small.
  std::vector<long double> e(systems.size(), 0.0L);
  long double s1 = 0, s2 = 0, c = 0, frozen = 0;
  double mean = 0, var_sum = 0;  // Poisson and Nelson accumulate var_sum
  int64_t at_risk = static_cast<int64_t>(systems.size());
  size_t next_end = 0;

  std::vector<McfRow> rows;
  size_t k = 0;
  while (k < events.size()) {
    const double t = events[k].first;
    // Systems whose observation ended before t leave the risk set.
    for (; next_end < ends.size() && ends[next_end].first < t; ++next_end) {
      const long double ei = e[ends[next_end].second];
      s1 -= ei;
      s2 -= ei * ei;
      frozen += (ei - c) * (ei - c);
      --at_risk;
    }
    // Events at t, grouped by system (events are sorted by time, then system).
    int64_t d = 0;
    double sum_nij_sq = 0;
    while (k < events.size() && events[k].first == t) {
      const uint32_t s = events[k].second;
      int64_t nij = 0;
      for (; k < events.size() && events[k].first == t && events[k].second == s; ++k) ++nij;
      d += nij;
      sum_nij_sq += static_cast<double>(nij) * static_cast<double>(nij);
      const long double r = static_cast<long double>(at_risk);
      const long double before = e[s];
      e[s] += static_cast<long double>(nij) / r;
      s1 += e[s] - before;
      s2 += e[s] * e[s] - before * before;
    }
    const double r = static_cast<double>(at_risk);
    const double dd = static_cast<double>(d);
    mean += dd / r;
    c += static_cast<long double>(dd) / (static_cast<long double>(r) * r);
    double v = 0;
    switch (variance) {
      case McfVariance::kPoisson:
        var_sum += dd / (r * r);
        v = var_sum;
        break;
      case McfVariance::kNelson:
        // sum_i (n_ij - d/r)^2 = sum n_ij^2 - d^2 / r over the r systems at risk.
        var_sum += (sum_nij_sq - dd * dd / r) / (r * r);
        v = var_sum;
        break;
      case McfVariance::kLawlessNadeau:
        v = static_cast<double>(frozen + s2 - 2 * c * s1 +
                                static_cast<long double>(at_risk) * c * c);
        if (v < 0) v = 0;  // rounding when every system has the same history
        break;
    }
    const double factor = std::exp(z * std::sqrt(v) / mean);
    rows.push_back({t, mean, v, mean / factor, mean * factor});
  }
  return rows;
}

absl::StatusOr<CrowAmsaa> crow_amsaa(absl::Span<const double> times, std::optional<double> end) {
  if (times.empty()) return absl::InvalidArgumentError("times: no failure times");
  for (size_t i = 0; i < times.size(); ++i) {
    if (!(std::isfinite(times[i]) && times[i] > 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat("times[", i, "]: ", times[i], " is not a positive finite time"));
    }
  }
  const double last = *std::max_element(times.begin(), times.end());
  double horizon = last;
  size_t skip_last = 1;  // failure-terminated: the last failure is T and leaves the sum
  if (end.has_value()) {
    if (!std::isfinite(*end) || *end < last) {
      return absl::InvalidArgumentError(
          absl::StrCat("end: ", *end, " is before the last failure time ", last));
    }
    horizon = *end;
    skip_last = 0;
  } else if (times.size() < 2) {
    return absl::InvalidArgumentError(
        "times: a failure-terminated fit needs at least 2 failure times");
  }
  std::vector<double> sorted(times.begin(), times.end());
  std::sort(sorted.begin(), sorted.end());
  double sum_log = 0;
  for (size_t i = 0; i + skip_last < sorted.size(); ++i) sum_log += std::log(horizon / sorted[i]);
  if (!(sum_log > 0)) {
    return absl::InvalidArgumentError(absl::StrCat("times: every failure time equals ", horizon,
                                                   "; the growth slope is undefined"));
  }
  const double n = static_cast<double>(times.size());
  const double beta = n / sum_log;
  return CrowAmsaa{beta, n / std::pow(horizon, beta)};
}

absl::StatusOr<double> laplace_trend(absl::Span<const double> times_between) {
  if (times_between.size() < 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "times_between: the Laplace test needs at least 2 times between failures, got ",
        times_between.size()));
  }
  for (size_t i = 0; i < times_between.size(); ++i) {
    if (!IsTime(times_between[i])) {
      return absl::InvalidArgumentError(absl::StrCat("times_between[", i, "]: ", times_between[i],
                                                     " is not a non-negative finite time"));
    }
  }
  const size_t m = times_between.size() - 1;
  double t = 0, sum_t = 0;
  for (size_t i = 0; i < m; ++i) {
    t += times_between[i];
    sum_t += t;
  }
  const double total = t + times_between[m];
  if (!(total > 0)) {
    return absl::InvalidArgumentError("times_between: every time is 0; the test is undefined");
  }
  const double md = static_cast<double>(m);
  return (sum_t / md - total / 2) / (total * std::sqrt(1 / (12 * md)));
}

absl::StatusOr<LogRank> logrank(absl::Span<const double> durations_a,
                                absl::Span<const uint8_t> observed_a,
                                absl::Span<const double> durations_b,
                                absl::Span<const uint8_t> observed_b) {
  if (absl::Status s = CheckLifetimes(durations_a, observed_a, "durations_a", "observed_a");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckLifetimes(durations_b, observed_b, "durations_b", "observed_b");
      !s.ok()) {
    return s;
  }
  const std::vector<Lifetime> a = SortedLifetimes(durations_a, observed_a);
  const std::vector<Lifetime> b = SortedLifetimes(durations_b, observed_b);
  double n_a = static_cast<double>(a.size()), n_b = static_cast<double>(b.size());
  double observed_minus_expected = 0, var = 0;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const double t =
        std::min(i < a.size() ? a[i].time : INFINITY, j < b.size() ? b[j].time : INFINITY);
    double d_a = 0, d_b = 0, left_a = 0, left_b = 0;
    for (; i < a.size() && a[i].time == t; ++i, ++left_a) d_a += a[i].failed;
    for (; j < b.size() && b[j].time == t; ++j, ++left_b) d_b += b[j].failed;
    const double n = n_a + n_b, d = d_a + d_b;
    if (d > 0) {
      observed_minus_expected += d_a - n_a * d / n;
      const double ties = n > 1 ? (n - d) / (n - 1) : 1.0;
      var += n_a * n_b * d * ties / (n * n);
    }
    n_a -= left_a;
    n_b -= left_b;
  }
  if (!(var > 0)) return LogRank{0.0, 1.0};
  const double chi2 = observed_minus_expected * observed_minus_expected / var;
  const double p = boost::math::cdf(boost::math::complement(boost::math::chi_squared(1), chi2));
  return LogRank{chi2, p};
}

}  // namespace postventa
