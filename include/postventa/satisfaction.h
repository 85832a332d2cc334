// postventa/satisfaction.h — satisfaction scores with their intervals (SPEC §7).
//
// Every score is computed from a *mergeable state*: plain integer counts and
// sums. Scoring parts and merging their states gives exactly (bit for bit) the
// score of the whole, in any order, which is what lets Dask or Spark partitions
// combine results (SPEC §10). The states are:
//   - NPS (0-10): promoters (9-10), passives (7-8), detractors (0-6);
//   - CSAT (1-5): satisfied answers (4-5) and all answers;
//   - CES (1-7): n, the sum of the answers and the sum of their squares;
//   - SERVQUAL: per item (1-22) the sum of the gaps P - E, and the respondents.
// A `Score` is derived from a state by a pure function; with n == 0 its value
// and interval are NaN (never an error).
//
// Answers come as arrays of any integer type, or of doubles that must hold
// whole numbers (`ScoreArray`). An answer outside its scale is InvalidArgument
// naming its position, e.g. `scores[17]: 11 is outside the NPS scale 0-10`.
// Grouped scoring (`*_states_by_group`) reads the answers and dense group ids
// (0, 1, 2, ...) in one pass and returns the state of every group id from 0
// to the largest one; a group with no answers has an empty state.
// docs/satisfaction.md has the formulas, worked examples and the choices made
// where the SPEC is silent.
//
// Thread safety: plain data and pure functions; any number of threads may
// score at once over shared (unmodified) inputs. The `threads` variants start
// their own std::threads and join them before returning.
#ifndef POSTVENTA_SATISFACTION_H_
#define POSTVENTA_SATISFACTION_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace postventa {

// z for a two-sided 95 % interval (SPEC §7).
inline constexpr double kZ95 = 1.959963984540054;

// A score with its interval. value, low and high are NaN when n == 0 (and for
// CES, low and high are NaN when n == 1: one answer says nothing of the spread).
struct Score {
  double value;
  double low;
  double high;
  int64_t n;
};

struct NpsState {
  int64_t promoters = 0;   // answers 9-10
  int64_t passives = 0;    // answers 7-8
  int64_t detractors = 0;  // answers 0-6

  int64_t n() const { return promoters + passives + detractors; }
  void merge(const NpsState& other);
  // nps = 100 (P - D) with P, D the shares of promoters and detractors;
  // interval nps ± z·se, se = 100 sqrt((P + D - (P - D)^2) / n), clipped to
  // [-100, 100].
  Score score(double z = kZ95) const;
  bool operator==(const NpsState&) const = default;
};

struct CsatState {
  int64_t satisfied = 0;  // answers 4-5
  int64_t n = 0;          // all answers

  void merge(const CsatState& other);
  // The share of satisfied answers in percent, with the Wilson score interval
  // (in percent): with p the share,
  //   center = (p + z²/(2n)) / (1 + z²/n)
  //   half   = z / (1 + z²/n) · sqrt(p(1-p)/n + z²/(4n²)).
  Score score(double z = kZ95) const;
  bool operator==(const CsatState&) const = default;
};

struct CesState {
  int64_t n = 0;
  int64_t sum = 0;     // sum of the answers
  int64_t sum_sq = 0;  // sum of their squares

  void merge(const CesState& other);
  // The mean answer, with mean ± z·s/sqrt(n), s the sample standard deviation
  // (divisor n - 1). With n == 1, low and high are NaN.
  Score score(double z = kZ95) const;
  bool operator==(const CesState&) const = default;
};

// SERVQUAL (SPEC §7): 22 items, each answered with an expectation E and a
// perception P on 1-7. Items are numbered 1-22 in the SPEC and indexed 0-21
// here. Dimensions, in this order: Tangibles (items 1-4), Reliability (5-9),
// Responsiveness (10-13), Assurance (14-17), Empathy (18-22).
inline constexpr int kServqualItems = 22;
inline constexpr int kServqualDimensions = 5;
enum class ServqualDimension { kTangibles, kReliability, kResponsiveness, kAssurance, kEmpathy };
// The first item (0-based) of each dimension, and one past the last.
inline constexpr std::array<int, kServqualDimensions + 1> kServqualDimensionStart = {0,  4,  9,
                                                                                     13, 17, 22};

struct ServqualScore {
  // A dimension's gap: the mean of its item gaps P - E over all respondents.
  std::array<double, kServqualDimensions> dimension_gaps;
  // The mean of the five dimension gaps.
  double overall;
  // sum of w_d · gap_d with the weights normalised to sum 1 (equal weights
  // when none are given, so it equals `overall` up to rounding).
  double weighted;
  int64_t n;  // respondents
};

struct ServqualState {
  std::array<int64_t, kServqualItems> gap_sum = {};  // per item, sum of P - E
  int64_t n = 0;                                     // respondents

  void merge(const ServqualState& other);
  // With equal weights. NaN everywhere when n == 0.
  ServqualScore score() const;
  // `weights` are the importance of the five dimensions, in the order of
  // ServqualDimension; they must be finite, >= 0 and not all 0, and are
  // normalised to sum 1. Errors name the weight: `weights[2]: -0.5 is negative`.
  absl::StatusOr<ServqualScore> score(const std::array<double, kServqualDimensions>& weights) const;
  bool operator==(const ServqualState&) const = default;
};

// The element type of an answer or group array (the numpy dtypes the faces
// accept without copying).
enum class ElementType : uint8_t {
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kUint8,
  kUint16,
  kUint32,
  kUint64,
  kFloat64,
};

namespace satisfaction_internal {
template <typename T>
inline constexpr bool kIsIntegerElement = std::is_integral_v<T> && !std::is_same_v<T, bool>;
template <typename T>
inline constexpr bool kIsScoreElement = kIsIntegerElement<T> || std::is_same_v<T, double>;
template <typename T>
constexpr ElementType element_type_of() {
  if constexpr (std::is_same_v<T, double>) {
    return ElementType::kFloat64;
  } else if constexpr (std::is_signed_v<T>) {
    return sizeof(T) == 1   ? ElementType::kInt8
           : sizeof(T) == 2 ? ElementType::kInt16
           : sizeof(T) == 4 ? ElementType::kInt32
                            : ElementType::kInt64;
  } else {
    return sizeof(T) == 1   ? ElementType::kUint8
           : sizeof(T) == 2 ? ElementType::kUint16
           : sizeof(T) == 4 ? ElementType::kUint32
                            : ElementType::kUint64;
  }
}
}  // namespace satisfaction_internal

// A read-only view of a contiguous array of answers: any integer type, or
// double (each value must then be a whole number). Built implicitly from an
// absl::Span, std::vector or std::array, or from a raw buffer (the faces'
// buffer-protocol path). It does not own the data.
class ScoreArray {
 public:
  template <typename C, typename T = std::remove_cv_t<typename C::value_type>>
  requires satisfaction_internal::kIsScoreElement<T> && requires(const C& c) {
    c.data();
    c.size();
  }
  ScoreArray(const C& c)  // NOLINT(google-explicit-constructor): a view, like Span
      : data_(c.data()), size_(c.size()), type_(satisfaction_internal::element_type_of<T>()) {}
  ScoreArray(const void* data, size_t size, ElementType type)
      : data_(data), size_(size), type_(type) {}

  const void* data() const { return data_; }
  size_t size() const { return size_; }
  ElementType type() const { return type_; }

 private:
  const void* data_;
  size_t size_;
  ElementType type_;
};

// A read-only view of dense group ids (0, 1, 2, ...): any integer type.
// Negative ids are errors; ids above kMaxGroupId are errors.
class GroupArray {
 public:
  template <typename C, typename T = std::remove_cv_t<typename C::value_type>>
  requires satisfaction_internal::kIsIntegerElement<T> && requires(const C& c) {
    c.data();
    c.size();
  }
  GroupArray(const C& c)  // NOLINT(google-explicit-constructor): a view, like Span
      : data_(c.data()), size_(c.size()), type_(satisfaction_internal::element_type_of<T>()) {}
  // `type` must be an integer type (kFloat64 is InvalidArgument when used).
  GroupArray(const void* data, size_t size, ElementType type)
      : data_(data), size_(size), type_(type) {}

  const void* data() const { return data_; }
  size_t size() const { return size_; }
  ElementType type() const { return type_; }

 private:
  const void* data_;
  size_t size_;
  ElementType type_;
};

// The largest group id accepted (the group count must fit an int32).
inline constexpr int64_t kMaxGroupId = 2147483646;

// States of an array of answers. Errors name the first bad position.
[[nodiscard]] absl::StatusOr<NpsState> nps_state(ScoreArray scores);
[[nodiscard]] absl::StatusOr<CsatState> csat_state(ScoreArray scores);
[[nodiscard]] absl::StatusOr<CesState> ces_state(ScoreArray scores);

// Grouped scoring in one pass: `groups[i]` is the group of `scores[i]` (same
// length). Returns the state of every group id 0..max (empty when there are no
// rows). With threads > 1 the rows are split into contiguous parts (at least
// 65 536 rows each) scored on their own std::threads and merged; the result is
// identical to threads == 1. The error reported is always that of the first
// bad row (a bad group id before a bad answer on the same row).
[[nodiscard]] absl::StatusOr<std::vector<NpsState>> nps_states_by_group(ScoreArray scores,
                                                                        GroupArray groups,
                                                                        int threads = 1);
[[nodiscard]] absl::StatusOr<std::vector<CsatState>> csat_states_by_group(ScoreArray scores,
                                                                          GroupArray groups,
                                                                          int threads = 1);
[[nodiscard]] absl::StatusOr<std::vector<CesState>> ces_states_by_group(ScoreArray scores,
                                                                        GroupArray groups,
                                                                        int threads = 1);

// SERVQUAL from row-major arrays (respondents x 22) of expectations and
// perceptions, 1-7. Errors name [row][item] (0-based), e.g.
// `perceptions[1][7]: 8 is outside the SERVQUAL scale 1-7`.
[[nodiscard]] absl::StatusOr<ServqualState> servqual_state(ScoreArray expectations,
                                                           ScoreArray perceptions);

}  // namespace postventa

#endif  // POSTVENTA_SATISFACTION_H_
