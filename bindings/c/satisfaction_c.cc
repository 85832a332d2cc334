// The satisfaction part of the C ABI (postventa.h, "Satisfaction scores"):
// pv_*_state over postventa::NpsState / CsatState / CesState, pv_score over
// postventa::Score, pv_servqual over postventa::servqual_state.
//
// A translation layer only: scales, formulas and the messages of refused
// answers are the core's (a core refusal comes back with its code and, byte for
// byte, its message). The checks made here are the ones only C needs: NULL
// pointers, element type numbers, the int64 counts of caller-owned states, z
// (the C++ API has a default, C has none), and the result's struct_size.
//
// Choices the header leaves open:
// - The states are plain C structs the caller owns, so partitions can be
//   merged in any FFI without a handle. Because the caller can write anything
//   into them, scoring refuses a state no answers could produce (a negative
//   count, CSAT satisfied > n, a CES sum or sum of squares outside what n
//   answers on 1-7 give) instead of returning a meaningless interval, and
//   adding or merging refuses to overflow int64 (PV_OUT_OF_RANGE).
// - pv_*_state_add counts the whole array first and only then adds it, so a
//   refused array leaves the state unchanged; positions in its messages are
//   those of this call's array.
// - A NULL array is accepted when its count is 0 (empty buffers from other
//   languages often carry a NULL pointer).
// - z must be positive and finite; PV_Z95 is the SPEC's 95 % value. z = 0 is
//   refused rather than silently replaced by PV_Z95.
// - Grouped results are one std::malloc array (pv_free); NULL with 0 groups
//   for empty input, as pv_ledger_maintenance_schedule does.
// - pv_servqual without weights scores with equal weights (the core's
//   ServqualState::score()), so `weighted` is always set; has_weighted says
//   whether the caller's weights were used.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "postventa/postventa.h"
#include "postventa/satisfaction.h"
#include "shim.h"

namespace {

using postventa::ElementType;
using postventa::c_internal::Fail;
using postventa::c_internal::Guard;
using postventa::c_internal::NullArgument;

static_assert(PV_I8 - 1 == static_cast<int>(ElementType::kInt8));
static_assert(PV_I16 - 1 == static_cast<int>(ElementType::kInt16));
static_assert(PV_I32 - 1 == static_cast<int>(ElementType::kInt32));
static_assert(PV_I64 - 1 == static_cast<int>(ElementType::kInt64));
static_assert(PV_U8 - 1 == static_cast<int>(ElementType::kUint8));
static_assert(PV_U16 - 1 == static_cast<int>(ElementType::kUint16));
static_assert(PV_U32 - 1 == static_cast<int>(ElementType::kUint32));
static_assert(PV_U64 - 1 == static_cast<int>(ElementType::kUint64));
static_assert(PV_F64 - 1 == static_cast<int>(ElementType::kFloat64));
static_assert(PV_Z95 == postventa::kZ95);
static_assert(PV_SERVQUAL_EMPATHY + 1 == postventa::kServqualDimensions);
static_assert(PV_SERVQUAL_TANGIBLES == static_cast<int>(postventa::ServqualDimension::kTangibles));
static_assert(PV_SERVQUAL_EMPATHY == static_cast<int>(postventa::ServqualDimension::kEmpathy));

// The core's element type for a PV_* number into *out, or a failure when it is none.
pv_status ToElementType(const char* function, const char* parameter, int32_t type,
                        ElementType* out) {
  if (type < PV_I8 || type > PV_F64) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat(function, ": ", parameter, " is ", type,
                     ", not an element type (PV_I8 = 1 ... PV_F64 = 9)")));
  }
  *out = static_cast<ElementType>(type - 1);
  return PV_OK;
}

pv_status CheckZ(const char* function, double z) {
  if (std::isfinite(z) && z > 0) return PV_OK;
  return Fail(absl::InvalidArgumentError(absl::StrCat(
      function, ": z is ", z, "; it must be positive and finite (PV_Z95 for a 95 % interval)")));
}

pv_status Overflow(const char* function) {
  return Fail(absl::OutOfRangeError(absl::StrCat(function, ": the counts would overflow int64")));
}

// a + b into *sum, false on int64 overflow.
bool Add(int64_t a, int64_t b, int64_t* sum) { return !__builtin_add_overflow(a, b, sum); }

pv_status NegativeField(const char* function, const char* field, int64_t value) {
  return Fail(absl::InvalidArgumentError(
      absl::StrCat(function, ": state->", field, " is ", value, "; counts cannot be negative")));
}

pv_score ToC(const postventa::Score& s) { return pv_score{s.value, s.low, s.high, s.n}; }

// ---- per-instrument conversions (C state <-> core state, checked merge) ----

postventa::NpsState ToCore(const pv_nps_state& s) {
  return postventa::NpsState{s.promoters, s.passives, s.detractors};
}
postventa::CsatState ToCore(const pv_csat_state& s) {
  return postventa::CsatState{s.satisfied, s.n};
}
postventa::CesState ToCore(const pv_ces_state& s) {
  return postventa::CesState{s.n, s.sum, s.sum_sq};
}
pv_nps_state ToC(const postventa::NpsState& s) {
  return pv_nps_state{s.promoters, s.passives, s.detractors};
}
pv_csat_state ToC(const postventa::CsatState& s) { return pv_csat_state{s.satisfied, s.n}; }
pv_ces_state ToC(const postventa::CesState& s) { return pv_ces_state{s.n, s.sum, s.sum_sq}; }

// a + b field by field into *out; false on overflow (then *out is untouched).
bool Merge(const pv_nps_state& a, const pv_nps_state& b, pv_nps_state* out) {
  pv_nps_state r;
  if (!Add(a.promoters, b.promoters, &r.promoters) || !Add(a.passives, b.passives, &r.passives) ||
      !Add(a.detractors, b.detractors, &r.detractors)) {
    return false;
  }
  // n() must fit too: the core sums the three counts.
  int64_t n = 0;
  if (!Add(r.promoters, r.passives, &n) || !Add(n, r.detractors, &n)) return false;
  *out = r;
  return true;
}
bool Merge(const pv_csat_state& a, const pv_csat_state& b, pv_csat_state* out) {
  pv_csat_state r;
  if (!Add(a.satisfied, b.satisfied, &r.satisfied) || !Add(a.n, b.n, &r.n)) return false;
  *out = r;
  return true;
}
bool Merge(const pv_ces_state& a, const pv_ces_state& b, pv_ces_state* out) {
  pv_ces_state r;
  if (!Add(a.n, b.n, &r.n) || !Add(a.sum, b.sum, &r.sum) || !Add(a.sum_sq, b.sum_sq, &r.sum_sq)) {
    return false;
  }
  *out = r;
  return true;
}

// A state no set of answers could produce is refused before scoring.
pv_status CheckState(const char* function, const pv_nps_state& s) {
  if (s.promoters < 0) return NegativeField(function, "promoters", s.promoters);
  if (s.passives < 0) return NegativeField(function, "passives", s.passives);
  if (s.detractors < 0) return NegativeField(function, "detractors", s.detractors);
  int64_t n = 0;
  if (!Add(s.promoters, s.passives, &n) || !Add(n, s.detractors, &n)) return Overflow(function);
  return PV_OK;
}
pv_status CheckState(const char* function, const pv_csat_state& s) {
  if (s.satisfied < 0) return NegativeField(function, "satisfied", s.satisfied);
  if (s.n < 0) return NegativeField(function, "n", s.n);
  if (s.satisfied > s.n) {
    return Fail(absl::InvalidArgumentError(absl::StrCat(
        function, ": state->satisfied (", s.satisfied, ") is more than state->n (", s.n, ")")));
  }
  return PV_OK;
}
pv_status CheckState(const char* function, const pv_ces_state& s) {
  if (s.n < 0) return NegativeField(function, "n", s.n);
  // n answers on 1-7: n <= sum <= 7n and n <= sum_sq <= 49n.
  const absl::int128 n = s.n;
  if (s.sum < n || s.sum > 7 * n) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat(function, ": state->sum is ", s.sum, ", which ", s.n,
                     " answers on 1-7 cannot give (from n to 7 n)")));
  }
  if (s.sum_sq < n || s.sum_sq > 49 * n) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat(function, ": state->sum_sq is ", s.sum_sq, ", which ", s.n,
                     " answers on 1-7 cannot give (from n to 49 n)")));
  }
  return PV_OK;
}

absl::StatusOr<postventa::NpsState> CoreState(postventa::NpsState*, postventa::ScoreArray a) {
  return postventa::nps_state(a);
}
absl::StatusOr<postventa::CsatState> CoreState(postventa::CsatState*, postventa::ScoreArray a) {
  return postventa::csat_state(a);
}
absl::StatusOr<postventa::CesState> CoreState(postventa::CesState*, postventa::ScoreArray a) {
  return postventa::ces_state(a);
}

absl::StatusOr<std::vector<postventa::NpsState>> CoreByGroup(postventa::NpsState*,
                                                             postventa::ScoreArray s,
                                                             postventa::GroupArray g, int threads) {
  return postventa::nps_states_by_group(s, g, threads);
}
absl::StatusOr<std::vector<postventa::CsatState>> CoreByGroup(postventa::CsatState*,
                                                              postventa::ScoreArray s,
                                                              postventa::GroupArray g,
                                                              int threads) {
  return postventa::csat_states_by_group(s, g, threads);
}
absl::StatusOr<std::vector<postventa::CesState>> CoreByGroup(postventa::CesState*,
                                                             postventa::ScoreArray s,
                                                             postventa::GroupArray g, int threads) {
  return postventa::ces_states_by_group(s, g, threads);
}

// ---- the shared bodies ----

template <typename CoreStateT, typename CState>
pv_status StateAdd(const char* function, CState* state, const void* scores, size_t count,
                   int32_t type) {
  return Guard(function, [&]() -> pv_status {
    if (state == nullptr) return NullArgument(function, "state");
    if (scores == nullptr && count > 0) return NullArgument(function, "scores");
    ElementType element;
    if (pv_status s = ToElementType(function, "type", type, &element); s != PV_OK) return s;
    absl::StatusOr<CoreStateT> part =
        CoreState(static_cast<CoreStateT*>(nullptr), postventa::ScoreArray(scores, count, element));
    if (!part.ok()) return Fail(part.status());
    if (!Merge(*state, ToC(*part), state)) return Overflow(function);
    return PV_OK;
  });
}

template <typename CState>
pv_status StateMerge(const char* function, CState* into, const CState* other) {
  return Guard(function, [&]() -> pv_status {
    if (into == nullptr) return NullArgument(function, "into");
    if (other == nullptr) return NullArgument(function, "other");
    if (!Merge(*into, *other, into)) return Overflow(function);
    return PV_OK;
  });
}

template <typename CState>
pv_status StateScore(const char* function, pv_score* out, const CState* state, double z) {
  return Guard(function, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(function, "out");
    if (state == nullptr) return NullArgument(function, "state");
    if (pv_status s = CheckZ(function, z); s != PV_OK) return s;
    if (pv_status s = CheckState(function, *state); s != PV_OK) return s;
    *out = ToC(ToCore(*state).score(z));
    return PV_OK;
  });
}

template <typename CoreStateT, typename CState>
pv_status ByGroup(const char* function, CState** out, size_t* out_groups, const void* scores,
                  int32_t score_type, const void* groups, int32_t group_type, size_t count,
                  int32_t threads) {
  return Guard(function, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(function, "out");
    if (out_groups == nullptr) return NullArgument(function, "out_groups");
    if (scores == nullptr && count > 0) return NullArgument(function, "scores");
    if (groups == nullptr && count > 0) return NullArgument(function, "groups");
    ElementType s_type;
    ElementType g_type;
    if (pv_status s = ToElementType(function, "score_type", score_type, &s_type); s != PV_OK)
      return s;
    if (pv_status s = ToElementType(function, "group_type", group_type, &g_type); s != PV_OK)
      return s;
    absl::StatusOr<std::vector<CoreStateT>> states =
        CoreByGroup(static_cast<CoreStateT*>(nullptr), postventa::ScoreArray(scores, count, s_type),
                    postventa::GroupArray(groups, count, g_type), threads);
    if (!states.ok()) return Fail(states.status());
    CState* array = nullptr;
    if (!states->empty()) {
      array = static_cast<CState*>(std::malloc(states->size() * sizeof(CState)));
      if (array == nullptr) throw std::bad_alloc();
      for (size_t g = 0; g < states->size(); ++g) array[g] = ToC((*states)[g]);
    }
    *out = array;
    *out_groups = states->size();
    return PV_OK;
  });
}

}  // namespace

extern "C" {

// ---- NPS ----

pv_status pv_nps_state_add(pv_nps_state* state, const void* scores, size_t count, int32_t type) {
  return StateAdd<postventa::NpsState>("pv_nps_state_add", state, scores, count, type);
}

pv_status pv_nps_state_merge(pv_nps_state* into, const pv_nps_state* other) {
  return StateMerge("pv_nps_state_merge", into, other);
}

pv_status pv_nps_state_score(pv_score* out, const pv_nps_state* state, double z) {
  return StateScore("pv_nps_state_score", out, state, z);
}

pv_status pv_nps_by_group(pv_nps_state** out, size_t* out_groups, const void* scores,
                          int32_t score_type, const void* groups, int32_t group_type, size_t count,
                          int32_t threads) {
  return ByGroup<postventa::NpsState>("pv_nps_by_group", out, out_groups, scores, score_type,
                                      groups, group_type, count, threads);
}

// ---- CSAT ----

pv_status pv_csat_state_add(pv_csat_state* state, const void* scores, size_t count, int32_t type) {
  return StateAdd<postventa::CsatState>("pv_csat_state_add", state, scores, count, type);
}

pv_status pv_csat_state_merge(pv_csat_state* into, const pv_csat_state* other) {
  return StateMerge("pv_csat_state_merge", into, other);
}

pv_status pv_csat_state_score(pv_score* out, const pv_csat_state* state, double z) {
  return StateScore("pv_csat_state_score", out, state, z);
}

pv_status pv_csat_by_group(pv_csat_state** out, size_t* out_groups, const void* scores,
                           int32_t score_type, const void* groups, int32_t group_type, size_t count,
                           int32_t threads) {
  return ByGroup<postventa::CsatState>("pv_csat_by_group", out, out_groups, scores, score_type,
                                       groups, group_type, count, threads);
}

// ---- CES ----

pv_status pv_ces_state_add(pv_ces_state* state, const void* scores, size_t count, int32_t type) {
  return StateAdd<postventa::CesState>("pv_ces_state_add", state, scores, count, type);
}

pv_status pv_ces_state_merge(pv_ces_state* into, const pv_ces_state* other) {
  return StateMerge("pv_ces_state_merge", into, other);
}

pv_status pv_ces_state_score(pv_score* out, const pv_ces_state* state, double z) {
  return StateScore("pv_ces_state_score", out, state, z);
}

pv_status pv_ces_by_group(pv_ces_state** out, size_t* out_groups, const void* scores,
                          int32_t score_type, const void* groups, int32_t group_type, size_t count,
                          int32_t threads) {
  return ByGroup<postventa::CesState>("pv_ces_by_group", out, out_groups, scores, score_type,
                                      groups, group_type, count, threads);
}

// ---- SERVQUAL ----

pv_status pv_servqual(pv_servqual_result* out, const void* expectations, const void* perceptions,
                      int32_t type, size_t respondents, const double* weights) {
  static constexpr char kFn[] = "pv_servqual";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (out->struct_size < sizeof(uint32_t)) {
      return Fail(
          absl::InvalidArgumentError(absl::StrCat(kFn, ": out->struct_size is ", out->struct_size,
                                                  "; set it to sizeof(pv_servqual_result)")));
    }
    if (expectations == nullptr && respondents > 0) return NullArgument(kFn, "expectations");
    if (perceptions == nullptr && respondents > 0) return NullArgument(kFn, "perceptions");
    ElementType element;
    if (pv_status s = ToElementType(kFn, "type", type, &element); s != PV_OK) return s;
    if (respondents > std::numeric_limits<size_t>::max() / postventa::kServqualItems) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(
          kFn, ": respondents is ", respondents, "; 22 answers each do not fit in memory")));
    }
    const size_t values = respondents * postventa::kServqualItems;
    absl::StatusOr<postventa::ServqualState> state =
        postventa::servqual_state(postventa::ScoreArray(expectations, values, element),
                                  postventa::ScoreArray(perceptions, values, element));
    if (!state.ok()) return Fail(state.status());
    postventa::ServqualScore score;
    if (weights != nullptr) {
      std::array<double, postventa::kServqualDimensions> w;
      std::copy(weights, weights + postventa::kServqualDimensions, w.begin());
      absl::StatusOr<postventa::ServqualScore> weighted = state->score(w);
      if (!weighted.ok()) return Fail(weighted.status());
      score = *weighted;
    } else {
      score = state->score();
    }
    pv_servqual_result full;
    std::memset(&full, 0, sizeof full);
    for (int d = 0; d < postventa::kServqualDimensions; ++d) {
      full.dimensions[d] = score.dimension_gaps[d];
    }
    full.overall = score.overall;
    full.weighted = score.weighted;
    full.has_weighted = weights != nullptr ? 1 : 0;
    full.n = score.n;
    // Write only what the caller's struct holds (an older, smaller struct stays safe).
    const size_t n = std::min<size_t>(out->struct_size, sizeof full);
    full.struct_size = static_cast<uint32_t>(n);
    std::memcpy(out, &full, n);
    return PV_OK;
  });
}

}  // extern "C"
