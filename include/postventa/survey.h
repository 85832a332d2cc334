/** \file
 * Survey instruments (SPEC §7) and the score of one response to them.
 *
 * An instrument is a named questionnaire: an ordered list of questions, each
 * answered with a whole number on its own scale [min, max] and weighted for
 * the instrument's index. Four are built in and known to every ledger by name
 * (`"nps"`, `"csat"`, `"ces"`, `"servqual"`); users define others (the JSON
 * form is at parse_instrument) and may not reuse a built-in name.
 *
 * A `survey_answered` event carries EITHER `score` (the one answer of a
 * one-question instrument) OR `answers` (one entry per question, in the
 * instrument's order; std::nullopt is a skipped question). response_score
 * checks a response against its instrument and reduces it to one number:
 *
 * - one-question instrument: the answer itself;
 * - `"servqual"`: the respondent's overall gap, the mean over the five
 *   dimensions of the mean of P - E over the dimension's items (the same
 *   definition, and the same bits, as ServqualState with n = 1);
 * - any other instrument: an index 0-100,
 *   `100 * sum_i w_i (a_i - min_i) / (max_i - min_i) / sum_i w_i`
 *   over the answered questions, so that questions on different scales
 *   count by their weights only.
 *
 * Limits (a validated instrument keeps them): 1..kMaxSurveyQuestions
 * questions; scale ends within ±kMaxSurveyScale; weights finite, in
 * [0, kMaxSurveyWeight], at least one > 0; the name and question ids non-empty,
 * at most kMaxSurveyNameBytes bytes, UTF-8; ids unique. docs/surveys.md has the
 * reasons and every choice made where the SPEC is silent.
 *
 * Thread safety: plain data and pure functions.
 */
#ifndef POSTVENTA_SURVEY_H_
#define POSTVENTA_SURVEY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace postventa {

/// The most questions an instrument may have.
inline constexpr int kMaxSurveyQuestions = 200;
/// The largest scale end, in absolute value: `|min|, |max| <= 1000`.
inline constexpr int kMaxSurveyScale = 1000;
/// The largest question weight (keeps sums of weights finite).
inline constexpr double kMaxSurveyWeight = 1e6;
/// The longest instrument name or question id, in bytes.
inline constexpr size_t kMaxSurveyNameBytes = 100;

/// One question of an instrument.
struct SurveyQuestion {
  std::string id;     ///< Non-empty, unique within the instrument.
  int min = 1;        ///< The lowest answer of its whole-number scale [min, max]; min < max.
  int max = 5;        ///< The highest answer of its scale.
  double weight = 1;  ///< Its weight in the instrument's index; finite, >= 0.
  std::string text;   ///< Optional wording shown to the customer.
  /// Field-by-field equality.
  friend bool operator==(const SurveyQuestion&, const SurveyQuestion&) = default;
};

/// A survey instrument: a named, ordered list of questions.
struct Instrument {
  std::string name;                       ///< Non-empty.
  std::string description;                ///< Optional.
  std::vector<SurveyQuestion> questions;  ///< At least one; at least one weight > 0.
  /// Field-by-field equality.
  friend bool operator==(const Instrument&, const Instrument&) = default;
};

/// The names of the built-in instruments, always known to every ledger, in
/// this order:
///
/// - `"nps"`: one question `"recommend"`, 0-10;
/// - `"csat"`: one question `"satisfaction"`, 1-5;
/// - `"ces"`: one question `"effort"`, 1-7;
/// - `"servqual"`: 44 questions, `"e1"`..`"e22"` (expectations) then
///   `"p1"`..`"p22"` (perceptions), all 1-7, weight 1.
std::vector<std::string> builtin_instrument_names();
/// The built-in instrument of that name (see builtin_instrument_names);
/// NotFound for a name that is not built in.
absl::StatusOr<Instrument> builtin_instrument(absl::string_view name);
/// Whether `name` is a built-in instrument's: an exact (case-sensitive) match.
bool is_builtin_instrument(absl::string_view name);

/// Checks a user instrument: the limits of the file comment, unique ids, at
/// least one weight > 0, and a name that is not a built-in's (compared
/// ignoring ASCII case, so `"NPS"` is refused too).
///
/// Messages (InvalidArgument) start with the field path:
/// `questions[2].max: must be greater than min (5), got 3`.
[[nodiscard]] absl::Status validate_instrument(const Instrument& instrument);

/// Parses and validates (validate_instrument) the JSON form of an instrument:
///
///     {"name": "...", "description": "...",
///      "questions": [{"id": "q1", "min": 1, "max": 5, "weight": 2, "text": "..."}]}
///
/// `min` and `max` are required whole numbers; `weight` defaults to 1;
/// `description` and `text` are optional; null means absent; unknown or doubled
/// keys are refused with their path.
[[nodiscard]] absl::StatusOr<Instrument> parse_instrument(absl::string_view json);
/// The canonical JSON: every key, in the order of parse_instrument's form.
/// `parse_instrument(instrument_to_json(x)) == x` for a valid user instrument.
std::string instrument_to_json(const Instrument& instrument);

/// The score of one response, checked against the instrument.
///
/// Exactly one of `score` / `answers` must be given, as the instrument demands:
///
/// - one-question instrument: `score` (answers must be empty), a whole number
///   in the scale; the result is that number.
/// - `"servqual"`: 44 answers, none skipped; the result is the overall gap.
/// - any other instrument: one answer per question (skipped allowed, at least
///   one answered question with weight > 0); the result is the 0-100 index.
///
/// The instrument must be valid: a built-in (equal to builtin_instrument of its
/// name) or one validate_instrument accepts; otherwise the error is
/// validate_instrument's, with its path prefixed by `instrument.`.
///
/// Errors (InvalidArgument) name the position and the question:
///
///     answers[3]: 9 is outside the scale 1-7 of question "q4"
///     score: 11 is outside the scale 0-10 of instrument "nps"
///     answers: instrument "x" has 5 questions, got 4
///     score: instrument "servqual" has 44 questions; give answers
///     answers[2]: 3.5 is not a whole number
///     answers[2]: nan is not a finite number
[[nodiscard]] absl::StatusOr<double> response_score(
    const Instrument& instrument, std::optional<double> score,
    absl::Span<const std::optional<double>> answers);

}  // namespace postventa

#endif  // POSTVENTA_SURVEY_H_
