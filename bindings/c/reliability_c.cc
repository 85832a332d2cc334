// The reliability part of the C ABI (postventa.h, "Reliability"): pv_weibull_fit
// over postventa::WeibullFit, the Kaplan-Meier and MCF tables as Arrow C
// streams, and the Crow-AMSAA, Laplace and log-rank numbers.
//
// A translation layer only: the formulas, the checks of the data and the
// messages of refused data are the core's (a core refusal comes back with its
// code and, byte for byte, its message). The checks made here are the ones only
// C needs: NULL pointers, the numbers of the method / positions / variance
// enums, the MCF offsets, and the result's struct_size.
//
// Choices the header leaves open:
// - An array may be NULL when its count is 0 (empty buffers from other
//   languages often carry a NULL pointer); the core then sees an empty array
//   and refuses it with its own message when it needs data ("durations: no
//   durations").
// - The enum numbers are checked even where the core ignores them (positions
//   with PV_WEIBULL_MLE): an unknown number is a caller's bug, and accepting it
//   now would stop it from meaning something later.
// - pv_mcf takes the systems as an Arrow-style list (offsets + values), so a
//   caller holding an Arrow ListArray passes its buffers as they are; the first
//   offset need not be 0 (a sliced array), the offsets must not decrease, and
//   event_times may be NULL only when there are no events at all. Core messages
//   keep the core's names: systems[i].event_times[k] is the k-th event of
//   system i (event_times[event_offsets[i] + k]) and systems[i].end is ends[i].
// - Every output is written only on success, all at once; pv_weibull_fit is
//   written up to the caller's struct_size (as pv_servqual_result), and a
//   struct_size smaller than the field itself is refused.
// - pv_logrank, pv_crow_amsaa and pv_laplace_trend refuse NULL outputs like
//   every `out` (there is no "don't care" output).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "postventa/postventa.h"
#include "postventa/survival.h"
#include "postventa/table.h"
#include "postventa/weibull.h"
#include "shim.h"

namespace {

using postventa::c_internal::Fail;
using postventa::c_internal::Guard;
using postventa::c_internal::NullArgument;

static_assert(PV_WEIBULL_MLE == static_cast<int>(postventa::WeibullMethod::kMle));
static_assert(PV_WEIBULL_RRY == static_cast<int>(postventa::WeibullMethod::kRry));
static_assert(PV_RANKS_BERNARD == static_cast<int>(postventa::RankPositions::kBernard));
static_assert(PV_RANKS_EXACT == static_cast<int>(postventa::RankPositions::kExact));
static_assert(PV_MCF_LAWLESS_NADEAU == static_cast<int>(postventa::McfVariance::kLawlessNadeau));
static_assert(PV_MCF_POISSON == static_cast<int>(postventa::McfVariance::kPoisson));
static_assert(PV_MCF_NELSON == static_cast<int>(postventa::McfVariance::kNelson));

// The caller's array as a span (NULL with a count of 0 is the empty span).
template <typename T>
absl::Span<const T> Array(const T* data, size_t count) {
  if (count == 0) return {};
  return absl::Span<const T>(data, count);
}

pv_status BadEnum(const char* function, const char* parameter, int32_t value, const char* range) {
  return Fail(absl::InvalidArgumentError(
      absl::StrCat(function, ": ", parameter, " is ", value, ", not one of ", range)));
}

// out is not NULL and its struct_size covers at least the field itself.
pv_status CheckFitOut(const char* function, const pv_weibull_fit* out) {
  if (out == nullptr) return NullArgument(function, "out");
  if (out->struct_size < sizeof(uint32_t)) {
    return Fail(absl::InvalidArgumentError(absl::StrCat(function, ": out->struct_size is ",
                                                        out->struct_size,
                                                        "; set it to sizeof(pv_weibull_fit)")));
  }
  return PV_OK;
}

// Writes `fit` into *out, no further than out->struct_size bytes.
void WriteFit(const postventa::WeibullFit& fit, pv_weibull_fit* out) {
  pv_weibull_fit full;
  std::memset(&full, 0, sizeof full);
  full.shape = fit.shape;
  full.scale = fit.scale;
  full.loglik = fit.loglik;
  full.shape_se = fit.shape_se;
  full.scale_se = fit.scale_se;
  full.shape_low = fit.shape_ci.first;
  full.shape_high = fit.shape_ci.second;
  full.scale_low = fit.scale_ci.first;
  full.scale_high = fit.scale_ci.second;
  full.failures = fit.failures;
  full.suspensions = fit.suspensions;
  // Write only what the caller's struct holds (an older, smaller struct stays safe).
  const size_t n = std::min<size_t>(out->struct_size, sizeof full);
  full.struct_size = static_cast<uint32_t>(n);
  std::memcpy(out, &full, n);
}

// A table result as an Arrow stream into *out (untouched on failure).
pv_status ExportTable(const char* function, absl::StatusOr<postventa::Table> table,
                      ArrowArrayStream* out) {
  if (!table.ok()) return Fail(table.status());
  if (absl::Status s = postventa::export_arrow_stream(*std::move(table), out); !s.ok()) {
    return Fail(absl::Status(s.code(), absl::StrCat(function, ": ", s.message())));
  }
  return PV_OK;
}

}  // namespace

extern "C" {

pv_status pv_weibull_fit_censored(pv_weibull_fit* out, const double* failures, size_t n_failures,
                                  const double* censored, size_t n_censored,
                                  pv_weibull_method method, pv_rank_positions positions,
                                  double ci) {
  static constexpr char kFn[] = "pv_weibull_fit_censored";
  return Guard(kFn, [&]() -> pv_status {
    if (pv_status s = CheckFitOut(kFn, out); s != PV_OK) return s;
    if (failures == nullptr && n_failures > 0) return NullArgument(kFn, "failures");
    if (censored == nullptr && n_censored > 0) return NullArgument(kFn, "censored");
    if (method != PV_WEIBULL_MLE && method != PV_WEIBULL_RRY) {
      return BadEnum(kFn, "method", method, "PV_WEIBULL_MLE (0), PV_WEIBULL_RRY (1)");
    }
    if (positions != PV_RANKS_BERNARD && positions != PV_RANKS_EXACT) {
      return BadEnum(kFn, "positions", positions, "PV_RANKS_BERNARD (0), PV_RANKS_EXACT (1)");
    }
    absl::StatusOr<postventa::WeibullFit> fit =
        postventa::weibull_fit(Array(failures, n_failures), Array(censored, n_censored),
                               static_cast<postventa::WeibullMethod>(method),
                               static_cast<postventa::RankPositions>(positions), ci);
    if (!fit.ok()) return Fail(fit.status());
    WriteFit(*fit, out);
    return PV_OK;
  });
}

pv_status pv_weibull_fit_interval(pv_weibull_fit* out, const double* left, const double* right,
                                  const double* counts, size_t n, double ci) {
  static constexpr char kFn[] = "pv_weibull_fit_interval";
  return Guard(kFn, [&]() -> pv_status {
    if (pv_status s = CheckFitOut(kFn, out); s != PV_OK) return s;
    if (left == nullptr && n > 0) return NullArgument(kFn, "left");
    if (right == nullptr && n > 0) return NullArgument(kFn, "right");
    if (counts == nullptr && n > 0) return NullArgument(kFn, "counts");
    absl::StatusOr<postventa::WeibullFit> fit =
        postventa::weibull_fit_interval(Array(left, n), Array(right, n), Array(counts, n), ci);
    if (!fit.ok()) return Fail(fit.status());
    WriteFit(*fit, out);
    return PV_OK;
  });
}

pv_status pv_kaplan_meier(ArrowArrayStream* out, const double* durations, const uint8_t* observed,
                          size_t n, double ci) {
  static constexpr char kFn[] = "pv_kaplan_meier";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (durations == nullptr && n > 0) return NullArgument(kFn, "durations");
    if (observed == nullptr && n > 0) return NullArgument(kFn, "observed");
    // Straight into the table's columns: no rows built first (a million units
    // would write every value twice).
    return ExportTable(
        kFn, postventa::kaplan_meier_table(Array(durations, n), Array(observed, n), ci), out);
  });
}

pv_status pv_mcf(ArrowArrayStream* out, const double* event_times, const size_t* event_offsets,
                 const double* ends, size_t n_systems, pv_mcf_variance variance, double ci) {
  static constexpr char kFn[] = "pv_mcf";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    // n_systems + 1 offsets, even for no systems.
    if (event_offsets == nullptr) return NullArgument(kFn, "event_offsets");
    if (ends == nullptr && n_systems > 0) return NullArgument(kFn, "ends");
    if (variance != PV_MCF_LAWLESS_NADEAU && variance != PV_MCF_POISSON &&
        variance != PV_MCF_NELSON) {
      return BadEnum(kFn, "variance", variance,
                     "PV_MCF_LAWLESS_NADEAU (0), PV_MCF_POISSON (1), PV_MCF_NELSON (2)");
    }
    for (size_t i = 0; i < n_systems; ++i) {
      if (event_offsets[i + 1] < event_offsets[i]) {
        return Fail(absl::InvalidArgumentError(
            absl::StrCat(kFn, ": event_offsets[", i + 1, "] is ", event_offsets[i + 1],
                         ", less than event_offsets[", i, "] (", event_offsets[i], ")")));
      }
    }
    if (event_times == nullptr && event_offsets[n_systems] > event_offsets[0]) {
      return NullArgument(kFn, "event_times");
    }
    std::vector<postventa::RepairableSystem> systems(n_systems);
    for (size_t i = 0; i < n_systems; ++i) {
      systems[i].event_times.assign(event_times + event_offsets[i],
                                    event_times + event_offsets[i + 1]);
      systems[i].end = ends[i];
    }
    absl::StatusOr<std::vector<postventa::McfRow>> rows =
        postventa::mcf(systems, static_cast<postventa::McfVariance>(variance), ci);
    if (!rows.ok()) return Fail(rows.status());
    return ExportTable(kFn, postventa::to_table(absl::Span<const postventa::McfRow>(*rows)), out);
  });
}

pv_status pv_logrank(double* chi2, double* p_value, const double* durations_a,
                     const uint8_t* observed_a, size_t n_a, const double* durations_b,
                     const uint8_t* observed_b, size_t n_b) {
  static constexpr char kFn[] = "pv_logrank";
  return Guard(kFn, [&]() -> pv_status {
    if (chi2 == nullptr) return NullArgument(kFn, "chi2");
    if (p_value == nullptr) return NullArgument(kFn, "p_value");
    if (durations_a == nullptr && n_a > 0) return NullArgument(kFn, "durations_a");
    if (observed_a == nullptr && n_a > 0) return NullArgument(kFn, "observed_a");
    if (durations_b == nullptr && n_b > 0) return NullArgument(kFn, "durations_b");
    if (observed_b == nullptr && n_b > 0) return NullArgument(kFn, "observed_b");
    absl::StatusOr<postventa::LogRank> test =
        postventa::logrank(Array(durations_a, n_a), Array(observed_a, n_a), Array(durations_b, n_b),
                           Array(observed_b, n_b));
    if (!test.ok()) return Fail(test.status());
    *chi2 = test->chi2;
    *p_value = test->p_value;
    return PV_OK;
  });
}

pv_status pv_crow_amsaa(double* beta, double* lambda, const double* times, size_t n,
                        const double* end) {
  static constexpr char kFn[] = "pv_crow_amsaa";
  return Guard(kFn, [&]() -> pv_status {
    if (beta == nullptr) return NullArgument(kFn, "beta");
    if (lambda == nullptr) return NullArgument(kFn, "lambda");
    if (times == nullptr && n > 0) return NullArgument(kFn, "times");
    std::optional<double> until;
    if (end != nullptr) until = *end;
    absl::StatusOr<postventa::CrowAmsaa> fit = postventa::crow_amsaa(Array(times, n), until);
    if (!fit.ok()) return Fail(fit.status());
    *beta = fit->beta;
    *lambda = fit->lambda;
    return PV_OK;
  });
}

pv_status pv_laplace_trend(double* u, const double* times_between, size_t n) {
  static constexpr char kFn[] = "pv_laplace_trend";
  return Guard(kFn, [&]() -> pv_status {
    if (u == nullptr) return NullArgument(kFn, "u");
    if (times_between == nullptr && n > 0) return NullArgument(kFn, "times_between");
    absl::StatusOr<double> statistic = postventa::laplace_trend(Array(times_between, n));
    if (!statistic.ok()) return Fail(statistic.status());
    *u = *statistic;
    return PV_OK;
  });
}

}  // extern "C"
