/** \file
 * Satisfaction scores with their intervals (SPEC §7).
 *
 * Every score is computed from a *mergeable state*: plain integer counts and
 * sums. Scoring parts and merging their states gives exactly (bit for bit) the
 * score of the whole, in any order, which is what lets Dask or Spark partitions
 * combine results (SPEC §10). The states are:
 *
 * - NPS (0-10): promoters (9-10), passives (7-8), detractors (0-6);
 * - CSAT (1-5): satisfied answers (4-5) and all answers;
 * - CES (1-7): n, the sum of the answers and the sum of their squares;
 * - SERVQUAL: per item (1-22) the sum of the gaps P - E, and the respondents.
 *
 * A Score is derived from a state by a pure function; with n == 0 its value
 * and interval are NaN (never an error).
 *
 * Answers come as arrays of any integer type, or of doubles that must hold
 * whole numbers (ScoreArray). An answer outside its scale is InvalidArgument
 * naming its position, for example `scores[17]: 11 is outside the NPS scale 0-10`.
 * Grouped scoring (the `*_states_by_group` functions) reads the answers and
 * dense group ids (0, 1, 2, ...) in one pass and returns the state of every
 * group id from 0 to the largest one; a group with no answers has an empty
 * state. docs/satisfaction.md has the formulas, worked examples and the
 * choices made where the SPEC is silent.
 *
 * Thread safety: plain data and pure functions; any number of threads may
 * score at once over shared (unmodified) inputs. The `threads` variants start
 * their own std::threads and join them before returning.
 */
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

/// z for a two-sided 95 % interval (SPEC §7).
inline constexpr double kZ95 = 1.959963984540054;

/// A score with its interval. value, low and high are NaN when n == 0 (and for
/// CES, low and high are NaN when n == 1: one answer says nothing of the spread).
struct Score {
  double value;  ///< The score.
  double low;    ///< The interval's lower end.
  double high;   ///< The interval's upper end.
  int64_t n;     ///< The answers it is over.
};

/// The mergeable state of an NPS (answers 0-10).
struct NpsState {
  int64_t promoters = 0;   ///< Answers 9-10.
  int64_t passives = 0;    ///< Answers 7-8.
  int64_t detractors = 0;  ///< Answers 0-6.

  /// All answers.
  int64_t n() const { return promoters + passives + detractors; }
  /// Adds `other`'s counts.
  void merge(const NpsState& other);
  /// nps = 100 (P - D) with P, D the shares of promoters and detractors;
  /// interval nps ± z·se, se = 100 sqrt((P + D - (P - D)^2) / n), clipped to
  /// [-100, 100].
  Score score(double z = kZ95) const;
  /// Field-by-field equality.
  bool operator==(const NpsState&) const = default;
};

/// The mergeable state of a CSAT (answers 1-5).
struct CsatState {
  int64_t satisfied = 0;  ///< Answers 4-5.
  int64_t n = 0;          ///< All answers.

  /// Adds `other`'s counts.
  void merge(const CsatState& other);
  /// The share of satisfied answers in percent, with the Wilson score interval
  /// (in percent): with p the share,
  ///
  ///     center = (p + z²/(2n)) / (1 + z²/n)
  ///     half   = z / (1 + z²/n) · sqrt(p(1-p)/n + z²/(4n²)).
  Score score(double z = kZ95) const;
  /// Field-by-field equality.
  bool operator==(const CsatState&) const = default;
};

/// The mergeable state of a CES (answers 1-7).
struct CesState {
  int64_t n = 0;       ///< All answers.
  int64_t sum = 0;     ///< The sum of the answers.
  int64_t sum_sq = 0;  ///< The sum of their squares.

  /// Adds `other`'s counts and sums.
  void merge(const CesState& other);
  /// The mean answer, with mean ± z·s/sqrt(n), s the sample standard deviation
  /// (divisor n - 1). With n == 1, low and high are NaN.
  Score score(double z = kZ95) const;
  /// Field-by-field equality.
  bool operator==(const CesState&) const = default;
};

/// The number of SERVQUAL items (SPEC §7): 22, each answered with an
/// expectation E and a perception P on 1-7. Items are numbered 1-22 in the
/// SPEC and indexed 0-21 here.
inline constexpr int kServqualItems = 22;
/// The number of SERVQUAL dimensions: 5.
inline constexpr int kServqualDimensions = 5;
/// The SERVQUAL dimensions, in this order.
enum class ServqualDimension {
  kTangibles,       ///< Items 1-4 (indexes 0-3).
  kReliability,     ///< Items 5-9 (indexes 4-8).
  kResponsiveness,  ///< Items 10-13 (indexes 9-12).
  kAssurance,       ///< Items 14-17 (indexes 13-16).
  kEmpathy          ///< Items 18-22 (indexes 17-21).
};
/// The first item (0-based) of each dimension, and one past the last.
inline constexpr std::array<int, kServqualDimensions + 1> kServqualDimensionStart = {0,  4,  9,
                                                                                     13, 17, 22};

/// SERVQUAL scores: the gaps P - E per dimension, overall and weighted.
struct ServqualScore {
  /// A dimension's gap: the mean of its item gaps P - E over all respondents,
  /// in the order of ServqualDimension.
  std::array<double, kServqualDimensions> dimension_gaps;
  /// The mean of the five dimension gaps.
  double overall;
  /// The sum of w_d · gap_d with the weights normalised to sum 1 (equal weights
  /// when none are given, so it equals `overall` up to rounding).
  double weighted;
  int64_t n;  ///< The respondents.
};

/// The mergeable state of SERVQUAL answers.
struct ServqualState {
  std::array<int64_t, kServqualItems> gap_sum = {};  ///< Per item, the sum of P - E.
  int64_t n = 0;                                     ///< The respondents.

  /// Adds `other`'s sums and respondents.
  void merge(const ServqualState& other);
  /// The scores with equal weights. NaN everywhere when n == 0.
  ServqualScore score() const;
  /// The scores with the importance `weights` of the five dimensions, in the
  /// order of ServqualDimension; they must be finite, >= 0 and not all 0, and
  /// are normalised to sum 1. Errors (InvalidArgument) name the weight:
  /// `weights[2]: -0.5 is negative`.
  absl::StatusOr<ServqualScore> score(const std::array<double, kServqualDimensions>& weights) const;
  /// Field-by-field equality.
  bool operator==(const ServqualState&) const = default;
};

/// The element type of an answer or group array (the numpy dtypes the faces
/// accept without copying).
enum class ElementType : uint8_t {
  kInt8,     ///< int8_t
  kInt16,    ///< int16_t
  kInt32,    ///< int32_t
  kInt64,    ///< int64_t
  kUint8,    ///< uint8_t
  kUint16,   ///< uint16_t
  kUint32,   ///< uint32_t
  kUint64,   ///< uint64_t
  kFloat64,  ///< double (answers only; each must hold a whole number)
};

/// \cond INTERNAL
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
/// \endcond

/// A read-only view of a contiguous array of answers: any integer type, or
/// double (each value must then be a whole number). Built implicitly from an
/// absl::Span, std::vector or std::array, or from a raw buffer (the faces'
/// buffer-protocol path). It does not own the data.
class ScoreArray {
 public:
  /// A view of a contiguous container (absl::Span, std::vector, std::array,
  /// ...) of integers (not bool) or doubles.
  template <typename C, typename T = std::remove_cv_t<typename C::value_type>>
  requires satisfaction_internal::kIsScoreElement<T> && requires(const C& c) {
    c.data();
    c.size();
  }
  ScoreArray(const C& c)  // NOLINT(google-explicit-constructor): a view, like Span
      : data_(c.data()), size_(c.size()), type_(satisfaction_internal::element_type_of<T>()) {}
  /// A view of `size` elements of type `type` at `data`.
  ScoreArray(const void* data, size_t size, ElementType type)
      : data_(data), size_(size), type_(type) {}

  /// The first element.
  const void* data() const { return data_; }
  /// The number of elements.
  size_t size() const { return size_; }
  /// The elements' type.
  ElementType type() const { return type_; }

 private:
  const void* data_;
  size_t size_;
  ElementType type_;
};

/// A read-only view of dense group ids (0, 1, 2, ...): any integer type.
/// Negative ids are errors; ids above kMaxGroupId are errors.
class GroupArray {
 public:
  /// A view of a contiguous container (absl::Span, std::vector, std::array,
  /// ...) of integers (not bool).
  template <typename C, typename T = std::remove_cv_t<typename C::value_type>>
  requires satisfaction_internal::kIsIntegerElement<T> && requires(const C& c) {
    c.data();
    c.size();
  }
  GroupArray(const C& c)  // NOLINT(google-explicit-constructor): a view, like Span
      : data_(c.data()), size_(c.size()), type_(satisfaction_internal::element_type_of<T>()) {}
  /// A view of `size` elements of type `type` at `data`. `type` must be an
  /// integer type (kFloat64 is InvalidArgument when used).
  GroupArray(const void* data, size_t size, ElementType type)
      : data_(data), size_(size), type_(type) {}

  /// The first element.
  const void* data() const { return data_; }
  /// The number of elements.
  size_t size() const { return size_; }
  /// The elements' type.
  ElementType type() const { return type_; }

 private:
  const void* data_;
  size_t size_;
  ElementType type_;
};

/// The largest group id accepted (the group count must fit an int32).
inline constexpr int64_t kMaxGroupId = 2147483646;

/// The NPS state of an array of answers (0-10). Errors name the first bad
/// position.
[[nodiscard]] absl::StatusOr<NpsState> nps_state(ScoreArray scores);
/// The CSAT state of an array of answers (1-5). Errors name the first bad
/// position.
[[nodiscard]] absl::StatusOr<CsatState> csat_state(ScoreArray scores);
/// The CES state of an array of answers (1-7). Errors name the first bad
/// position.
[[nodiscard]] absl::StatusOr<CesState> ces_state(ScoreArray scores);

/// NPS states by group, in one pass: `groups[i]` is the group of `scores[i]`
/// (same length).
///
/// Returns the state of every group id 0..max (empty when there are no
/// rows). With threads > 1 the rows are split into contiguous parts (at least
/// 65 536 rows each) scored on their own std::threads and merged; the result is
/// identical to threads == 1. The error reported is always that of the first
/// bad row (a bad group id before a bad answer on the same row). The same holds
/// for csat_states_by_group and ces_states_by_group.
[[nodiscard]] absl::StatusOr<std::vector<NpsState>> nps_states_by_group(ScoreArray scores,
                                                                        GroupArray groups,
                                                                        int threads = 1);
/// CSAT states by group, in one pass (as nps_states_by_group).
[[nodiscard]] absl::StatusOr<std::vector<CsatState>> csat_states_by_group(ScoreArray scores,
                                                                          GroupArray groups,
                                                                          int threads = 1);
/// CES states by group, in one pass (as nps_states_by_group).
[[nodiscard]] absl::StatusOr<std::vector<CesState>> ces_states_by_group(ScoreArray scores,
                                                                        GroupArray groups,
                                                                        int threads = 1);

/// The SERVQUAL state of row-major arrays (respondents x 22) of expectations
/// and perceptions, 1-7. Errors name [row][item] (0-based), for example
/// `perceptions[1][7]: 8 is outside the SERVQUAL scale 1-7`.
[[nodiscard]] absl::StatusOr<ServqualState> servqual_state(ScoreArray expectations,
                                                           ScoreArray perceptions);

}  // namespace postventa

#endif  // POSTVENTA_SATISFACTION_H_
