/** \file
 * The quality scorecard: the five quality levels of the seeds (003, "Niveles
 * de calidad") as one report over a period (SPEC §7).
 *
 * - objective: measured KPIs against the user's targets;
 * - perceived: survey scores against the user's targets;
 * - commercial: the legal minimums (TRLGDCU), each honoured only at 1;
 * - differentiated: our values against a competitor benchmark the user supplies;
 * - certified: a standard's checklist the user supplies (metric bounds or
 *   attested yes/no items).
 *
 * This module is the pure part: the registry of metrics (names, levels, which
 * direction is better, units and valid ranges), the user's configuration and
 * its JSON form, and build_scorecard, which turns measured values into the
 * report. Measuring the values from the ledger is the caller's job.
 * docs/scorecard.md has the registry, both JSON forms and the choices made
 * where the SPEC is silent.
 *
 * Errors are InvalidArgument with a message that starts with the field path
 * (the JSON path, also for a hand-built config) and names the bad value, for
 * example `targets.resolution_sla: 90 is outside 0..1 (a ratio: 0.9 is 90 %)`.
 *
 * Thread safety: plain data and pure functions; the registry is immutable.
 */
#ifndef POSTVENTA_SCORECARD_H_
#define POSTVENTA_SCORECARD_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "postventa/time.h"

namespace postventa {

/// The five quality levels, in report order.
enum class QualityLevel {
  kObjective,       ///< `"objective"`: measured KPIs against targets.
  kPerceived,       ///< `"perceived"`: survey scores against targets.
  kCommercial,      ///< `"commercial"`: the legal minimums.
  kDifferentiated,  ///< `"differentiated"`: against a competitor's benchmark.
  kCertified        ///< `"certified"`: a standard's checklist.
};
/// The name of a level: `"objective"`, `"perceived"`, `"commercial"`,
/// `"differentiated"`, `"certified"` (`"unknown"` for a value outside the enum).
absl::string_view quality_level_name(QualityLevel level);

/// Which side of a target is good.
enum class Better {
  kHigher,  ///< `"higher"`: higher values are better.
  kLower    ///< `"lower"`: lower values are better.
};
/// The name of a direction: `"higher"`, `"lower"`.
absl::string_view better_name(Better better);

/// One row of the registry. Every value of the metric (measured, a target, a
/// competitor's value, a checklist bound) lies in [min, max].
struct MetricInfo {
  absl::string_view name;  ///< The metric's name, for example `"resolution_sla"`.
  QualityLevel level;      ///< kObjective, kPerceived or kCommercial.
  Better better;           ///< Which side of a target is good.
  /// `"ratio"`, `"days"`, `"score"`, `"percent"`, `"gap"` or `"index"`.
  absl::string_view unit;
  absl::string_view description;  ///< What it measures, in one line.
  double min;                     ///< The smallest valid value.
  double max;                     ///< The largest valid value (+infinity for days).
};

/// The prefix of the metric of a custom survey instrument: `"instrument:"`
/// followed by the instrument's name, not empty (a perceived index 0-100,
/// higher is better).
inline constexpr absl::string_view kInstrumentMetricPrefix = "instrument:";

/// The registry, in report order: the objective metrics, the perceived ones,
/// then the commercial requirements. Instrument metrics are not listed (there is
/// one per custom instrument); find_scorecard_metric knows them.
absl::Span<const MetricInfo> scorecard_metrics();

/// The registry row of `name`; for an instrument metric (kInstrumentMetricPrefix
/// and a name) the row of the whole family, whose `name` is `"instrument:*"` (a
/// view of static storage: never of the argument). nullopt for an unknown name.
std::optional<MetricInfo> find_scorecard_metric(absl::string_view name);

/// A measured value over the period.
///
/// Ratio metrics carry count (numerator) and n (denominator), value = count / n;
/// scores carry their interval in low/high (NaN when there is none); other
/// metrics carry n, the observations. Nothing measured in the period: value NaN
/// and n = 0 (the defaults).
struct MeasuredMetric {
  std::string name;  ///< A registry name, or an instrument metric.
  /// The value; NaN when n = 0.
  double value = std::numeric_limits<double>::quiet_NaN();
  /// Scores: the interval's low end (NaN when there is none).
  double low = std::numeric_limits<double>::quiet_NaN();
  /// Scores: the interval's high end (NaN when there is none).
  double high = std::numeric_limits<double>::quiet_NaN();
  int64_t count = 0;  ///< Ratios: the numerator.
  int64_t n = 0;      ///< The observations (ratios: the denominator).
};

/// The user's configuration of the scorecard.
///
/// JSON form (every part optional; `{}` is a valid config; null means absent):
///
///     {"targets": {"nps": 30, "resolution_sla": 0.9},
///      "benchmark": {"competitor": "Acme", "values": {"nps": 25}},
///      "certification": {"standard": "UNE-EN ISO 9001:2015",
///                        "items": [{"id": "8.2.1", "text": "...", "metric": "resolution_sla",
///                                   "min": 0.9},
///                                  {"id": "7.2", "text": "...", "met": true, "evidence": "..."}]},
///      "commercial": {"complaint_response_months": 1}}
///
/// Field paths in errors are the JSON ones: `targets.{metric}`,
/// `benchmark.competitor`, `benchmark.values.{metric}`, `certification.standard`,
/// `certification.items[i].{field}`, `commercial.complaint_response_months`.
struct ScorecardConfig {
  /// Objective and perceived targets: metric -> target. Met when the measured
  /// value is on the better side of the target or equal to it.
  std::vector<std::pair<std::string, double>> targets;
  /// Differentiated: the competitor's name (required when values are given).
  std::string competitor;
  /// Differentiated: the competitor's values, metric -> value.
  std::vector<std::pair<std::string, double>> benchmark;
  /// Certified: the standard's name (required when items are given), for
  /// example `"UNE-EN ISO 9001:2015"`.
  std::string standard;
  /// One requirement of the standard's checklist: either a metric with at least
  /// one bound (inclusive), or an attested yes/no.
  struct ChecklistItem {
    std::string id;    ///< Unique in the checklist, for example `"8.2.1"`.
    std::string text;  ///< The requirement's wording; not empty.
    /// A metric item: the metric whose measured value must lie within the bounds.
    std::string metric;
    /// A metric item: the lower bound, inclusive (at least one bound is set).
    std::optional<double> min, max;  ///< A metric item: the upper bound, inclusive.
    /// An attested item: whether it is met.
    std::optional<bool> met;
    std::string evidence;  ///< Optional: where the proof is kept.
    /// Field-by-field equality.
    friend bool operator==(const ChecklistItem&, const ChecklistItem&) = default;
  };
  /// Certified: the standard's checklist.
  std::vector<ChecklistItem> checklist;
  /// Commercial: the legal deadline to answer a complaint, in months (one
  /// month under article 21.2 of the TRLGDCU). The caller measures
  /// `complaints_answered_in_legal_time` with it; the report echoes it.
  int complaint_response_months = 1;
  /// Field-by-field equality.
  friend bool operator==(const ScorecardConfig&, const ScorecardConfig&) = default;
};

/// Checks a configuration.
///
/// Refuses unknown metric names, a target on a commercial requirement, values
/// outside the metric's range or not finite, a metric given twice, a benchmark
/// without a competitor, a checklist without a standard, an item without id or
/// text, a duplicate id, an item with both or neither of metric and met, a
/// metric item without bounds, min > max, bounds without a metric, months < 1.
[[nodiscard]] absl::Status validate_scorecard_config(const ScorecardConfig& config);
/// Parses and validates the JSON form (see ScorecardConfig). Targets and
/// benchmark values come out in report order (registry order, then instrument
/// metrics by name), the checklist in the order given.
[[nodiscard]] absl::StatusOr<ScorecardConfig> parse_scorecard_config(absl::string_view json);
/// The canonical JSON of a configuration: every part present, targets and
/// benchmark values in report order, absent fields null.
/// parse_scorecard_config gives back an equal config when its targets and
/// benchmark are in report order.
std::string scorecard_config_to_json(const ScorecardConfig& config);

/// The report: the five levels over a period.
struct Scorecard {
  /// The period's first day (included).
  Date start, end;  ///< The period's last day (included).
  /// One metric of the objective, perceived or commercial level.
  struct Line {
    std::string name;    ///< The metric.
    QualityLevel level;  ///< Its level.
    /// The measured value; NaN and n = 0 when nothing was measured.
    MeasuredMetric measured;
    std::optional<double> target;  ///< The target, if the config sets one.
    /// Objective/perceived: set only with a target and a measured value.
    /// Commercial: the requirement is met (count == n), set when n > 0.
    std::optional<bool> met;
  };
  /// The objective level: every objective registry metric, in registry order.
  std::vector<Line> objective, perceived;
  /** \var postventa::Scorecard::perceived
   * The perceived level: every perceived registry metric, in registry order,
   * then the measured instrument metrics in the order measured, then those
   * with a target but no measurement in the order of the targets. */
  /// The commercial level: every commercial requirement, in registry order.
  std::vector<Line> commercial;
  int complaint_response_months = 1;  ///< Echoed from the config.
  /// Every measured requirement is met (true when none was measured: with no
  /// complaint in the period, none was answered late).
  bool commercial_honoured = true;

  /// One metric of the differentiated level: ours against the competitor's.
  struct Comparison {
    std::string name;   ///< The metric.
    double ours;        ///< Our measured value; NaN when not measured.
    double theirs;      ///< The competitor's value.
    double difference;  ///< ours - theirs (NaN when ours is NaN).
    /// Ours is on the better side; unset when ours is NaN or equal to theirs.
    std::optional<bool> better;
  };
  std::string competitor;                  ///< The competitor's name, from the config.
  std::vector<Comparison> differentiated;  ///< One per benchmark value, in report order.

  /// One checklist item of the certified level, judged.
  struct Check {
    ScorecardConfig::ChecklistItem item;  ///< The item, from the config.
    /// A metric item: the measured value (NaN when not measured); NaN for an
    /// attested item.
    double value = std::numeric_limits<double>::quiet_NaN();
    /// A metric item: min <= value <= max, unset when the metric was not
    /// measured; an attested item: its `met`.
    std::optional<bool> met;
  };
  std::string standard;          ///< The standard's name, from the config.
  std::vector<Check> certified;  ///< One per checklist item, in checklist order.
  int64_t checks_met = 0;        ///< The items met.
  bool certifiable = false;      ///< Every item met; false with no items.
};

/// Builds the report of [start, end] from the measured values and the config
/// (validated here too).
///
/// InvalidArgument when end < start, when a measured name is unknown or given
/// twice, or when a measured value breaks its invariants: value NaN exactly
/// when n == 0, n >= 0, value inside the metric's range, and for ratios
/// 0 <= count <= n with value = count / n. Errors name `measured[i].{field}`.
[[nodiscard]] absl::StatusOr<Scorecard> build_scorecard(Date start, Date end,
                                                        absl::Span<const MeasuredMetric> measured,
                                                        const ScorecardConfig& config);

/// The canonical JSON of the report: NaN is null, dates YYYY-MM-DD, the levels
/// as objects keyed `"objective"`, `"perceived"`, `"commercial"`,
/// `"differentiated"`, `"certified"` (docs/scorecard.md shows one).
std::string scorecard_to_json(const Scorecard& scorecard);

}  // namespace postventa

#endif  // POSTVENTA_SCORECARD_H_
