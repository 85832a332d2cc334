// Survival and repair analysis (SPEC §8): see include/postventa/survival.h for
// the formulas and the reference tool each one follows.
#include "postventa/survival.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <numeric>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/casts.h"
#include "absl/numeric/bits.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "boost/math/distributions/chi_squared.hpp"
#include "boost/math/distributions/normal.hpp"
#include "reliability/internal/huge_pages.h"
#include "reliability/internal/kaplan_meier.h"

namespace postventa {
namespace {

using reliability_internal::ReserveHuge;

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

// ---- Kaplan-Meier ---------------------------------------------------------------
//
// A unit's sort key is the bit pattern of its duration (its low bits that are 0
// in every duration dropped) shifted left by one, with the low bit 0 for a
// failure and 1 for a censoring: non-negative doubles order like their bit
// patterns, so the keys order by time, failures first at equal times (a unit
// censored at t was at risk at t), and one radix sort of the keys leaves the
// table's rows in order with no payload to carry.
constexpr uint64_t kSignBit = uint64_t{1} << 63;
constexpr uint64_t kInfinityBits = 0x7FF0000000000000;  // +inf; NaN lies above
// After the last key: above every key of a finite time (whose top bits are below
// +inf's), so it ends every run of equal times.
constexpr uint64_t kEndKey = UINT64_MAX;

// The sorted keys of the units: sorted[1..n], then kEndKey at sorted[n + 1];
// sorted[0] and every slot of `spare` are free. The buffers are int64 so that
// a table can keep them as columns (events, censored) instead of faulting in
// fresh memory for those.
struct SortedKeys {
  std::vector<int64_t> sorted, spare;
  int shift = 0;  // time bits = (key >> 1) << shift
};

// Digit counts for up to 12-bit digits.
using DigitCounts = std::array<uint32_t, 4096>;

// LSD radix sort of keys[0, n) with kBits-bit digits 0..passes-1 (scratch has
// room for n), `counts` holding digit 0's counts. Each pass counts the next
// digit as it moves the keys; a pass where every key has the same digit is
// skipped.
template <int kBits>
void RadixSort(uint64_t*& keys, uint64_t*& scratch, size_t n, int passes, DigitCounts& counts) {
  constexpr uint64_t kMask = (uint64_t{1} << kBits) - 1;
  DigitCounts next;
  for (int p = 0; p < passes; ++p) {
    const int shift = kBits * p;
    const int next_shift = std::min(shift + kBits, 63);  // the last pass's count is unused
    std::fill_n(next.begin(), kMask + 1, 0u);
    if (n == 0 || counts[(keys[0] >> shift) & kMask] == n) {
      if (p + 1 < passes) {
        for (size_t i = 0; i < n; ++i) ++next[(keys[i] >> next_shift) & kMask];
      }
    } else {
      uint32_t sum = 0;
      for (size_t b = 0; b <= kMask; ++b) sum += std::exchange(counts[b], sum);
      for (size_t i = 0; i < n; ++i) {
        const uint64_t k = keys[i];
        ++next[(k >> next_shift) & kMask];
        scratch[counts[(k >> shift) & kMask]++] = k;
      }
      std::swap(keys, scratch);
    }
    std::swap(counts, next);
  }
}

// The sorted keys, or InvalidArgument naming the first bad duration or flag.
absl::StatusOr<SortedKeys> SortKeys(absl::Span<const double> durations,
                                    absl::Span<const uint8_t> observed) {
  const size_t n = durations.size();
  if (n == 0 || observed.size() != n) {
    return CheckLifetimes(durations, observed, "durations", "observed");
  }
  if (n >= (size_t{1} << 32)) {
    return absl::InvalidArgumentError(
        absl::StrCat("durations: ", n, " units; at most 2^32 - 1 are supported"));
  }
  // A first pass checks the data and finds the bits every time leaves 0 (the
  // checker then names the first bad value: the rare path).
  uint64_t any_bits = 0, bad = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t bits = absl::bit_cast<uint64_t>(durations[i]);
    bits = bits == kSignBit ? 0 : bits;  // -0 is time 0
    any_bits |= bits;
    bad |= static_cast<uint64_t>(bits >= kInfinityBits) | (observed[i] >> 1);
  }
  if (bad != 0) return CheckLifetimes(durations, observed, "durations", "observed");
  SortedKeys out;
  // Whole days leave the low ~40 mantissa bits 0: they are dropped, so that
  // such keys have about 24 bits instead of 64 (2 passes of the sort, not 8).
  out.shift = any_bits == 0 ? 0 : absl::countr_zero(any_bits);
  const int width = (any_bits == 0 ? 0 : 64 - absl::countl_zero(any_bits) - out.shift) + 1;
  // 8-bit digits move random keys fastest (256 destinations stay in cache);
  // keys of at most 24 bits (whole days) take 2 passes of 12 bits instead of 3,
  // which matters as runs of equal keys make each move wait for the previous.
  const int bits = width <= 24 ? 12 : 8;
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  std::vector<int64_t> a, b;
  ReserveHuge(b, n + 2);
  b.resize(n + 2);
  ReserveHuge(a, n + 2);
  a.resize(n + 2);  // slot 0 stays free
  DigitCounts counts{};
  int64_t* key_at = a.data() + 1;
  for (size_t i = 0; i < n; ++i) {
    uint64_t time_bits = absl::bit_cast<uint64_t>(durations[i]);
    time_bits = time_bits == kSignBit ? 0 : time_bits;
    const uint64_t key = ((time_bits >> out.shift) << 1) | (~uint64_t{observed[i]} & 1);
    ++counts[key & mask];
    key_at[i] = static_cast<int64_t>(key);
  }
  uint64_t* keys = reinterpret_cast<uint64_t*>(a.data()) + 1;
  uint64_t* scratch = reinterpret_cast<uint64_t*>(b.data()) + 1;
  if (bits == 12) {
    RadixSort<12>(keys, scratch, n, (width + 11) / 12, counts);
  } else {
    RadixSort<8>(keys, scratch, n, (width + 7) / 8, counts);
  }
  keys[n] = kEndKey;
  if (keys == reinterpret_cast<uint64_t*>(a.data()) + 1) {
    out.sorted = std::move(a);
    out.spare = std::move(b);
  } else {
    out.sorted = std::move(b);
    out.spare = std::move(a);
  }
  return out;
}

// The log-log bounds of rows [begin, end) of `rows`, which hold S in lower(r)
// and Greenwood's V in upper(r) and get the bounds in their place (see
// kaplan_meier):
//   lower, upper = exp(-exp(ln(-ln S) -+ a)) = exp(ln S * exp(-+a)),  a = z sqrt(V) / ln S,
// 1 where S = 1 (before the first failure) and 0 where S = 0. A row with no
// failure repeats the previous row's (S, V), and its bounds.
template <typename Rows>
void LogLogBounds(Rows& rows, size_t begin, size_t end, double z) {
  // A block at a time: the rows where (S, V) changes are gathered, their bounds
  // computed in a loop without branches (so that the several exps of many rows
  // are in flight at once), then every row takes the bounds of the last change
  // at or before it.
  constexpr size_t kBlock = 256;
  double last_s = NAN, last_v = NAN;
  double lower[kBlock + 1], upper[kBlock + 1];  // [0]: the bounds before the block
  lower[0] = upper[0] = 1;
  double s[kBlock], v[kBlock];
  uint8_t changed[kBlock];
  for (size_t first = begin; first < end; first += kBlock) {
    const size_t rows_here = std::min(kBlock, end - first);
    size_t changes = 0;
    for (size_t i = 0; i < rows_here; ++i) {
      const double s_i = rows.lower(first + i), v_i = rows.upper(first + i);
      const bool change = s_i != last_s || v_i != last_v;
      s[changes] = s_i;
      v[changes] = v_i;
      changes += change;
      changed[i] = change;
      last_s = s_i;
      last_v = v_i;
    }
    for (size_t j = 0; j < changes; ++j) {
      if (s[j] == 1 || s[j] == 0) {
        lower[j + 1] = upper[j + 1] = s[j];
        continue;
      }
      // ln S from the product S: its relative error stays near n * 2^-53
      // (1e-10 for a million units).
      const double log_s = std::log(s[j]);
      const double e = std::exp(-z * std::sqrt(v[j]) / log_s);
      lower[j + 1] = std::exp(log_s * e);
      upper[j + 1] = std::exp(log_s / e);
    }
    size_t k = 0;
    for (size_t i = 0; i < rows_here; ++i) {
      k += changed[i];
      rows.lower(first + i) = lower[k];
      rows.upper(first + i) = upper[k];
    }
    lower[0] = lower[k];
    upper[0] = upper[k];
  }
}

// LogLogBounds of every row; with many rows the second half in another thread
// (a log and three exps a failure time are most of the work left after the
// sort). Each row's bounds depend on its own (S, V) only, so the split changes
// nothing.
template <typename Rows>
void LogLogBounds(Rows& rows, size_t n, double z) {
  constexpr size_t kRowsPerThread = size_t{1} << 17;
  if (n >= 2 * kRowsPerThread && std::thread::hardware_concurrency() >= 2) {
    const size_t half = n / 2;
    try {
      std::thread second([&] { LogLogBounds(rows, half, n, z); });
      LogLogBounds(rows, 0, half, z);
      second.join();
      return;
    } catch (const std::system_error&) {
      // No thread to be had: do it all here.
    }
  }
  LogLogBounds(rows, 0, n, z);
}

// Consecutive rows of the table, column by column, with S and Greenwood's V
// where the bounds go: the walk fills a block, the sink takes it whole (per
// value, a vector's bookkeeping costs more than the value).
struct RowBlock {
  static constexpr size_t kRows = 256;
  size_t first = 0;  // the table row of time[0]
  size_t size = 0;
  double time[kRows], survival[kRows], lower[kRows], upper[kRows];
  int64_t at_risk[kRows], events[kRows], censored[kRows];

  void push(double t, double s, double l, double v, int64_t n, int64_t d, int64_t c) {
    time[size] = t;
    survival[size] = s;
    lower[size] = l;
    upper[size] = v;
    at_risk[size] = n;
    events[size] = d;
    censored[size] = c;
    ++size;
  }
};

// The Kaplan-Meier rows, in order, handed to `sink` (see kaplan_meier for the
// formulas): sink.start(keys, rows), sink.take(block) for every block of
// rows, then sink.finish(rows, z), which turns (S, V) into the bounds. The
// sink may write the block's rows r into keys.sorted[r] or keys.spare[r]: the
// walk has read every key at or below them.
template <typename Sink>
absl::Status KaplanMeierInto(absl::Span<const double> durations, absl::Span<const uint8_t> observed,
                             double ci, Sink& sink) {
  if (absl::Status s = CheckConfidence(ci); !s.ok()) return s;
  absl::StatusOr<SortedKeys> sorted = SortKeys(durations, observed);
  if (!sorted.ok()) return sorted.status();
  const size_t n = durations.size();
  const int shift = sorted->shift;
  const uint64_t* k = reinterpret_cast<const uint64_t*>(sorted->sorted.data()) + 1;
  // The rows: one per distinct time, and one at 0 first unless a time is 0.
  size_t rows = (k[0] >> 1) != 0 ? 2 : 1;
  for (size_t i = 1; i < n; ++i) rows += (k[i] >> 1) != (k[i - 1] >> 1);
  sink.start(*sorted, rows);
  RowBlock block;
  const int64_t n_total = static_cast<int64_t>(n);
  // lifelines' table starts at min(0, first duration) with S = 1.
  if ((*k >> 1) != 0) block.push(0.0, 1.0, 1.0, 0.0, n_total, 0, 0);
  double survival = 1;   // S(t) = prod (1 - d/n) over the failure times so far
  double greenwood = 0;  // sum d / (n (n - d)), a term with n == d counting 0
  int64_t at_risk = n_total;
  while (*k != kEndKey) {
    const uint64_t time = *k >> 1;
    // The row's keys: failures (low bit 0), then censorings. Counted without
    // branches: with continuous times a row is one key, failure or not at
    // random, which a branch would mispredict every other row.
    int64_t events = 0, censored = 0;
    do {
      const int64_t censoring = static_cast<int64_t>(*k & 1);
      censored += censoring;
      events += 1 - censoring;
      ++k;
    } while ((*k >> 1) == time);
    if (events == at_risk) {  // every unit left fails: the last row
      survival = 0;
    } else {  // a row without failures multiplies by 1 and adds 0, exactly
      const double r = static_cast<double>(at_risk), d = static_cast<double>(events);
      survival *= (r - d) / r;
      greenwood += d / (r * (r - d));
    }
    if (block.size == RowBlock::kRows) {
      sink.take(block);
      block.first += block.size;
      block.size = 0;
    }
    block.push(absl::bit_cast<double>(time << shift), survival, survival, greenwood, at_risk,
               events, censored);
    at_risk -= events + censored;
  }
  sink.take(block);
  sink.finish(block.first + block.size, boost::math::quantile(boost::math::normal(), (1 + ci) / 2));
  return absl::OkStatus();
}

// Sinks of KaplanMeierInto: the public rows, or the table's columns.
struct RowsSink {
  std::vector<KaplanMeierRow> rows;
  void start(SortedKeys&, size_t n) { ReserveHuge(rows, n); }
  void take(const RowBlock& b) {
    for (size_t i = 0; i < b.size; ++i) {
      rows.push_back({b.time[i], b.survival[i], b.lower[i], b.upper[i], b.at_risk[i], b.events[i],
                      b.censored[i]});
    }
  }
  double& lower(size_t r) { return rows[r].lower; }
  double& upper(size_t r) { return rows[r].upper; }
  void finish(size_t n, double z) { LogLogBounds(*this, n, z); }
};

// The int64 columns events and censored take over the sort's buffers (written
// by row as the walk leaves them behind); the others are reserved and appended.
struct ColumnsSink {
  reliability_internal::KaplanMeierColumns& out;
  void start(SortedKeys& keys, size_t n) {
    out = {};
    out.events = std::move(keys.sorted);
    out.censored = std::move(keys.spare);
    for (auto* v : {&out.time, &out.survival, &out.lower, &out.upper}) ReserveHuge(*v, n);
    ReserveHuge(out.at_risk, n);
  }
  void take(const RowBlock& b) {
    out.time.insert(out.time.end(), b.time, b.time + b.size);
    out.survival.insert(out.survival.end(), b.survival, b.survival + b.size);
    out.lower.insert(out.lower.end(), b.lower, b.lower + b.size);
    out.upper.insert(out.upper.end(), b.upper, b.upper + b.size);
    out.at_risk.insert(out.at_risk.end(), b.at_risk, b.at_risk + b.size);
    std::copy_n(b.events, b.size, out.events.begin() + static_cast<ptrdiff_t>(b.first));
    std::copy_n(b.censored, b.size, out.censored.begin() + static_cast<ptrdiff_t>(b.first));
  }
  double& lower(size_t r) { return out.lower[r]; }
  double& upper(size_t r) { return out.upper[r]; }
  void finish(size_t n, double z) {
    // The sort's buffers had room for every unit (and two slots more).
    out.events.resize(n);
    out.censored.resize(n);
    if (n < out.events.capacity() / 2) {
      out.events.shrink_to_fit();
      out.censored.shrink_to_fit();
    }
    LogLogBounds(*this, n, z);
  }
};

}  // namespace

absl::StatusOr<std::vector<KaplanMeierRow>> kaplan_meier(absl::Span<const double> durations,
                                                         absl::Span<const uint8_t> observed,
                                                         double ci) {
  RowsSink sink;
  if (absl::Status s = KaplanMeierInto(durations, observed, ci, sink); !s.ok()) return s;
  return std::move(sink.rows);
}

namespace reliability_internal {

absl::Status KaplanMeierColumnsOf(absl::Span<const double> durations,
                                  absl::Span<const uint8_t> observed, double ci,
                                  KaplanMeierColumns& out) {
  ColumnsSink sink{out};
  return KaplanMeierInto(durations, observed, ci, sink);
}

}  // namespace reliability_internal

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
