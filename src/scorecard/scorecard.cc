// The quality scorecard (SPEC §7, seed 003): the metric registry, the user's
// configuration and its JSON form, and the report built from measured values.
//
// Shape errors of the JSON (a wrong type, an unknown or doubled field) are
// reported by the parser with the JSON path; everything a hand-built
// ScorecardConfig can also get wrong is validate_scorecard_config's, which
// the parser runs last, so both give the same messages. JSON null means
// "absent" everywhere.
#include "postventa/scorecard.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "catalog/internal/json_text.h"
#include "nlohmann/json.hpp"
#include "postventa/time.h"

namespace postventa {
namespace {

using catalog_internal::CheckKeys;
using catalog_internal::FieldError;
using catalog_internal::ReadInt;
using catalog_internal::ReadString;
using catalog_internal::Shown;
using nlohmann::json;
using nlohmann::ordered_json;

constexpr double kInf = std::numeric_limits<double>::infinity();

constexpr QualityLevel kObj = QualityLevel::kObjective;
constexpr QualityLevel kPer = QualityLevel::kPerceived;
constexpr QualityLevel kCom = QualityLevel::kCommercial;
constexpr Better kHi = Better::kHigher;
constexpr Better kLo = Better::kLower;

// The registry, in report order. The descriptions say what is measured; the
// exact measuring definitions are in docs/scorecard.md.
constexpr MetricInfo kMetrics[] = {
    {"delivery_defect_rate", kObj, kLo, "ratio", "share of delivery checks whose outcome is not ok",
     0, 1},
    {"installation_right_first_time", kObj, kHi, "ratio",
     "share of installation checks whose outcome is ok", 0, 1},
    {"first_response_sla", kObj, kHi, "ratio", "share of cases whose first response met its SLA", 0,
     1},
    {"resolution_sla", kObj, kHi, "ratio", "share of cases whose resolution met its SLA", 0, 1},
    {"maintenance_compliance", kObj, kHi, "ratio",
     "share of maintenance due dates done within their grace window", 0, 1},
    {"survey_response_rate", kObj, kHi, "ratio", "share of surveys sent that were answered", 0, 1},
    {"repair_turnaround_days", kObj, kLo, "days", "mean days a unit spends in repair", 0, kInf},
    {"complaint_resolution_days", kObj, kLo, "days", "mean days from complaint to resolution", 0,
     kInf},
    {"nps", kPer, kHi, "score", "Net Promoter Score, -100..100", -100, 100},
    {"csat", kPer, kHi, "percent", "share of satisfied answers (4-5 of 5), in percent", 0, 100},
    {"ces", kPer, kHi, "score",
     "Customer Effort Score 1-7, CES 2.0 wording (\"made it easy\": higher is less effort)", 1, 7},
    {"servqual", kPer, kHi, "gap", "SERVQUAL overall gap P - E (mean of the five dimensions)", -6,
     6},
    {"servqual_tangibles", kPer, kHi, "gap", "SERVQUAL gap of Tangibles (items 1-4)", -6, 6},
    {"servqual_reliability", kPer, kHi, "gap", "SERVQUAL gap of Reliability (items 5-9)", -6, 6},
    {"servqual_responsiveness", kPer, kHi, "gap", "SERVQUAL gap of Responsiveness (items 10-13)",
     -6, 6},
    {"servqual_assurance", kPer, kHi, "gap", "SERVQUAL gap of Assurance (items 14-17)", -6, 6},
    {"servqual_empathy", kPer, kHi, "gap", "SERVQUAL gap of Empathy (items 18-22)", -6, 6},
    {"complaints_answered_in_legal_time", kCom, kHi, "ratio",
     "share of complaints answered within the legal deadline (TRLGDCU art. 21.2)", 0, 1},
    {"products_with_legal_cover", kCom, kHi, "ratio",
     "share of products sold whose catalog entry carries a legal guarantee", 0, 1},
};

constexpr MetricInfo kInstrumentFamily = {"instrument:*",
                                          kPer,
                                          kHi,
                                          "index",
                                          "a custom survey instrument's weighted index, 0-100",
                                          0,
                                          100};

constexpr size_t kRegistrySize = sizeof(kMetrics) / sizeof(kMetrics[0]);

// The position of a metric in report order: its registry row, and every
// instrument metric after the registry.
size_t ReportRank(absl::string_view name) {
  for (size_t i = 0; i < kRegistrySize; ++i) {
    if (kMetrics[i].name == name) return i;
  }
  return kRegistrySize;
}

bool IsInstrument(absl::string_view name) {
  return absl::StartsWith(name, kInstrumentMetricPrefix) &&
         name.size() > kInstrumentMetricPrefix.size();
}

std::string ExpectedMetrics() {
  std::vector<absl::string_view> names;
  for (const MetricInfo& m : kMetrics) names.push_back(m.name);
  return absl::StrCat("expected one of ", absl::StrJoin(names, ", "), ", or \"",
                      kInstrumentMetricPrefix, "<name>\"");
}

// `path` already ends in the metric's name (`targets.nps`).
absl::Status UnknownMetricKey(absl::string_view path) {
  return FieldError(path, absl::StrCat("unknown metric (", ExpectedMetrics(), ")"));
}
// `path` is the field that holds the name (`measured[2].name`).
absl::Status UnknownMetricValue(absl::string_view path, absl::string_view name) {
  return FieldError(path, absl::StrCat("unknown metric \"", name, "\" (", ExpectedMetrics(), ")"));
}

// A value of `info`'s metric: finite and inside its range.
absl::Status CheckValue(const MetricInfo& info, double value, absl::string_view path) {
  if (!std::isfinite(value)) {
    return FieldError(path, absl::StrCat("expected a finite number, got ", value));
  }
  if (info.max == kInf) {
    if (value < info.min) {
      return FieldError(path, absl::StrCat(value, " is negative (", info.unit, ")"));
    }
    return absl::OkStatus();
  }
  if (value < info.min || value > info.max) {
    absl::string_view hint = info.unit == "ratio" ? "a ratio: 0.9 is 90 %" : info.unit;
    return FieldError(
        path, absl::StrCat(value, " is outside ", info.min, "..", info.max, " (", hint, ")"));
  }
  return absl::OkStatus();
}

// Targets or benchmark values: known metrics, each once, values in range.
absl::Status CheckMetricValues(absl::Span<const std::pair<std::string, double>> values,
                               absl::string_view prefix, bool allow_commercial) {
  std::map<std::string, size_t> seen;
  for (const auto& [name, value] : values) {
    const std::string path = absl::StrCat(prefix, ".", name);
    std::optional<MetricInfo> info = find_scorecard_metric(name);
    if (!info) return UnknownMetricKey(path);
    if (!allow_commercial && info->level == QualityLevel::kCommercial) {
      return FieldError(path,
                        "a legal requirement is met only at 1; it takes no target (the "
                        "commercial level reports it)");
    }
    if (!seen.emplace(name, 0).second) return FieldError(path, "given twice");
    if (absl::Status s = CheckValue(*info, value, path); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CheckItem(const ScorecardConfig::ChecklistItem& item, const std::string& path) {
  if (item.text.empty()) {
    return FieldError(path + ".text", "missing (the requirement's wording)");
  }
  if (!item.metric.empty() && item.met) {
    return FieldError(path + ".met",
                      "give either metric (with min and/or max) or met (attested), not both");
  }
  if (item.metric.empty() && !item.met) {
    return FieldError(path + ".metric",
                      "missing (give a metric with min and/or max, or met: true/false)");
  }
  if (item.metric.empty()) {
    if (item.min) return FieldError(path + ".min", "only an item with a metric has bounds");
    if (item.max) return FieldError(path + ".max", "only an item with a metric has bounds");
    return absl::OkStatus();
  }
  std::optional<MetricInfo> info = find_scorecard_metric(item.metric);
  if (!info) return UnknownMetricValue(path + ".metric", item.metric);
  if (!item.min && !item.max) {
    return FieldError(path + ".min", absl::StrCat("missing (an item on metric \"", item.metric,
                                                  "\" needs min, max or both)"));
  }
  if (item.min) {
    if (absl::Status s = CheckValue(*info, *item.min, path + ".min"); !s.ok()) return s;
  }
  if (item.max) {
    if (absl::Status s = CheckValue(*info, *item.max, path + ".max"); !s.ok()) return s;
  }
  if (item.min && item.max && *item.min > *item.max) {
    return FieldError(path + ".min", absl::StrCat(*item.min, " is greater than max ", *item.max));
  }
  return absl::OkStatus();
}

// --- JSON input ---------------------------------------------------------

absl::Status ReadNumber(const json& value, const std::string& path, absl::string_view what,
                        double* out) {
  if (!value.is_number()) {
    return FieldError(path, absl::StrCat("expected ", what, ", got ", Shown(value)));
  }
  *out = value.get<double>();
  return absl::OkStatus();
}

absl::Status ReadNonEmpty(const json& value, const std::string& path, absl::string_view what,
                          std::string* out) {
  if (absl::Status s = ReadString(value, path, what, out); !s.ok()) return s;
  if (out->empty()) return FieldError(path, absl::StrCat("expected ", what, ", got \"\""));
  return absl::OkStatus();
}

// {"metric": number, ...}; null values are absent.
absl::Status ReadMetricMap(const json& value, const std::string& path, absl::string_view what,
                           std::vector<std::pair<std::string, double>>* out) {
  if (!value.is_object()) {
    return FieldError(path, absl::StrCat("expected an object of metric -> ", what,
                                         " such as {\"nps\": 30}, got ", Shown(value)));
  }
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    double v = 0;
    if (absl::Status s = ReadNumber(item, absl::StrCat(path, ".", key), "a number", &v); !s.ok()) {
      return s;
    }
    out->emplace_back(key, v);
  }
  return absl::OkStatus();
}

absl::Status ReadBenchmark(const json& value, ScorecardConfig* out) {
  if (!value.is_object()) {
    return FieldError("benchmark",
                      absl::StrCat("expected an object {\"competitor\": ..., \"values\": {...}}, "
                                   "got ",
                                   Shown(value)));
  }
  if (absl::Status s = CheckKeys(value, "benchmark", {"competitor", "values"}); !s.ok()) return s;
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    absl::Status s;
    if (key == "competitor") {
      s = ReadNonEmpty(item, "benchmark.competitor", "the competitor's name", &out->competitor);
    } else {
      s = ReadMetricMap(item, "benchmark.values", "the competitor's value", &out->benchmark);
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ReadItem(const json& value, const std::string& path,
                      ScorecardConfig::ChecklistItem* out) {
  if (!value.is_object()) {
    return FieldError(path, absl::StrCat("expected a checklist item object, got ", Shown(value)));
  }
  if (absl::Status s =
          CheckKeys(value, path, {"id", "text", "metric", "min", "max", "met", "evidence"});
      !s.ok()) {
    return s;
  }
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    const std::string field = absl::StrCat(path, ".", key);
    absl::Status s;
    if (key == "id") {
      s = ReadString(item, field, "the item's id such as \"8.2.1\"", &out->id);
    } else if (key == "text") {
      s = ReadString(item, field, "the requirement's wording", &out->text);
    } else if (key == "metric") {
      s = ReadString(item, field, "a metric name such as \"resolution_sla\"", &out->metric);
    } else if (key == "min" || key == "max") {
      double v = 0;
      s = ReadNumber(item, field, "a number", &v);
      (key == "min" ? out->min : out->max) = v;
    } else if (key == "met") {
      if (!item.is_boolean()) {
        return FieldError(field, absl::StrCat("expected true or false, got ", Shown(item)));
      }
      out->met = item.get<bool>();
    } else {  // evidence
      s = ReadString(item, field, "a text saying where the proof is kept", &out->evidence);
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ReadCertification(const json& value, ScorecardConfig* out) {
  if (!value.is_object()) {
    return FieldError("certification",
                      absl::StrCat("expected an object {\"standard\": ..., \"items\": [...]}, got ",
                                   Shown(value)));
  }
  if (absl::Status s = CheckKeys(value, "certification", {"standard", "items"}); !s.ok()) {
    return s;
  }
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    if (key == "standard") {
      if (absl::Status s =
              ReadNonEmpty(item, "certification.standard",
                           "the standard's name such as \"UNE-EN ISO 9001:2015\"", &out->standard);
          !s.ok()) {
        return s;
      }
      continue;
    }
    if (!item.is_array()) {
      return FieldError("certification.items",
                        absl::StrCat("expected a list of checklist items, got ", Shown(item)));
    }
    for (size_t i = 0; i < item.size(); ++i) {
      ScorecardConfig::ChecklistItem parsed;
      if (absl::Status s = ReadItem(item[i], absl::StrCat("certification.items[", i, "]"), &parsed);
          !s.ok()) {
        return s;
      }
      out->checklist.push_back(std::move(parsed));
    }
  }
  return absl::OkStatus();
}

absl::Status ReadCommercial(const json& value, ScorecardConfig* out) {
  if (!value.is_object()) {
    return FieldError(
        "commercial",
        absl::StrCat("expected an object {\"complaint_response_months\": 1}, got ", Shown(value)));
  }
  if (absl::Status s = CheckKeys(value, "commercial", {"complaint_response_months"}); !s.ok()) {
    return s;
  }
  const auto it = value.find("complaint_response_months");
  if (it == value.end() || it->is_null()) return absl::OkStatus();
  return ReadInt(*it, "commercial.complaint_response_months", "a whole number of months >= 1",
                 &out->complaint_response_months);
}

void SortInReportOrder(std::vector<std::pair<std::string, double>>* values) {
  std::stable_sort(values->begin(), values->end(), [](const auto& a, const auto& b) {
    const size_t ra = ReportRank(a.first), rb = ReportRank(b.first);
    if (ra != rb) return ra < rb;
    return ra == kRegistrySize && a.first < b.first;
  });
}

absl::StatusOr<ScorecardConfig> ParseConfig(const json& root) {
  if (!root.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("scorecard: expected a configuration object, got ", Shown(root)));
  }
  if (absl::Status s =
          CheckKeys(root, "scorecard", {"targets", "benchmark", "certification", "commercial"});
      !s.ok()) {
    return s;
  }
  ScorecardConfig config;
  for (const auto& [key, item] : root.items()) {
    if (item.is_null()) continue;
    absl::Status s;
    if (key == "targets") {
      s = ReadMetricMap(item, "targets", "target", &config.targets);
    } else if (key == "benchmark") {
      s = ReadBenchmark(item, &config);
    } else if (key == "certification") {
      s = ReadCertification(item, &config);
    } else {
      s = ReadCommercial(item, &config);
    }
    if (!s.ok()) return s;
  }
  SortInReportOrder(&config.targets);
  SortInReportOrder(&config.benchmark);
  return config;
}

// --- JSON output ----------------------------------------------------------

ordered_json Number(double v) { return std::isfinite(v) ? ordered_json(v) : ordered_json(nullptr); }
ordered_json Number(const std::optional<double>& v) {
  return v ? Number(*v) : ordered_json(nullptr);
}
ordered_json Bool(const std::optional<bool>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}
ordered_json TextOrNull(const std::string& s) {
  return s.empty() ? ordered_json(nullptr) : ordered_json(s);
}

ordered_json MetricMapJson(std::vector<std::pair<std::string, double>> values) {
  SortInReportOrder(&values);
  ordered_json out = ordered_json::object();
  for (const auto& [name, value] : values) out[name] = Number(value);
  return out;
}

ordered_json ItemJson(const ScorecardConfig::ChecklistItem& item) {
  ordered_json out = ordered_json::object();
  out["id"] = item.id;
  out["text"] = item.text;
  out["metric"] = TextOrNull(item.metric);
  out["min"] = Number(item.min);
  out["max"] = Number(item.max);
  out["met"] = Bool(item.met);
  out["evidence"] = TextOrNull(item.evidence);
  return out;
}

// Registry row of a name the report holds (validated, so always found).
MetricInfo InfoOf(absl::string_view name) {
  std::optional<MetricInfo> info = find_scorecard_metric(name);
  return info ? *info : kInstrumentFamily;
}

ordered_json LineJson(const Scorecard::Line& line) {
  const MetricInfo info = InfoOf(line.name);
  ordered_json out = ordered_json::object();
  out["name"] = line.name;
  out["unit"] = info.unit;
  out["direction"] = better_name(info.better);
  out["value"] = Number(line.measured.value);
  out["low"] = Number(line.measured.low);
  out["high"] = Number(line.measured.high);
  out["count"] = line.measured.count;
  out["n"] = line.measured.n;
  out["target"] = Number(line.target);
  out["met"] = Bool(line.met);
  return out;
}

ordered_json LinesJson(const std::vector<Scorecard::Line>& lines) {
  ordered_json out = ordered_json::array();
  for (const Scorecard::Line& line : lines) out.push_back(LineJson(line));
  return out;
}

std::optional<double> FindValue(absl::Span<const std::pair<std::string, double>> values,
                                absl::string_view name) {
  for (const auto& [n, v] : values) {
    if (n == name) return v;
  }
  return std::nullopt;
}

// Met when on the better side of the target or equal to it; unset without a
// target or a measured value.
std::optional<bool> MeetsTarget(Better better, double value, std::optional<double> target) {
  if (!target || std::isnan(value)) return std::nullopt;
  return better == Better::kHigher ? value >= *target : value <= *target;
}

absl::Status CheckMeasured(const MeasuredMetric& m, const MetricInfo& info,
                           const std::string& path) {
  if (m.n < 0) return FieldError(path + ".n", absl::StrCat("must be >= 0, got ", m.n));
  if (m.n == 0) {
    if (!std::isnan(m.value)) {
      return FieldError(path + ".value",
                        absl::StrCat("must be NaN when n is 0 (nothing measured), got ", m.value));
    }
    return absl::OkStatus();
  }
  if (std::isnan(m.value)) {
    return FieldError(
        path + ".value",
        absl::StrCat("NaN with n = ", m.n, " (NaN means nothing was measured: n must be 0)"));
  }
  if (absl::Status s = CheckValue(info, m.value, path + ".value"); !s.ok()) return s;
  if (info.unit == "ratio") {
    if (m.count < 0 || m.count > m.n) {
      return FieldError(path + ".count",
                        absl::StrCat("must be between 0 and n = ", m.n, ", got ", m.count));
    }
    const double ratio = static_cast<double>(m.count) / static_cast<double>(m.n);
    if (std::abs(m.value - ratio) > 1e-9) {
      return FieldError(path + ".value", absl::StrCat(m.value, " is not count / n = ", m.count,
                                                      " / ", m.n, " = ", ratio));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::string_view quality_level_name(QualityLevel level) {
  switch (level) {
    case QualityLevel::kObjective:
      return "objective";
    case QualityLevel::kPerceived:
      return "perceived";
    case QualityLevel::kCommercial:
      return "commercial";
    case QualityLevel::kDifferentiated:
      return "differentiated";
    case QualityLevel::kCertified:
      return "certified";
  }
  return "unknown";
}

absl::string_view better_name(Better better) {
  return better == Better::kHigher ? "higher" : "lower";
}

absl::Span<const MetricInfo> scorecard_metrics() { return kMetrics; }

std::optional<MetricInfo> find_scorecard_metric(absl::string_view name) {
  for (const MetricInfo& m : kMetrics) {
    if (m.name == name) return m;
  }
  if (IsInstrument(name)) return kInstrumentFamily;
  return std::nullopt;
}

absl::Status validate_scorecard_config(const ScorecardConfig& config) {
  if (absl::Status s = CheckMetricValues(config.targets, "targets", /*allow_commercial=*/false);
      !s.ok()) {
    return s;
  }
  if (!config.benchmark.empty() && config.competitor.empty()) {
    return FieldError("benchmark.competitor",
                      "missing (the competitor's name is required when values are given)");
  }
  if (absl::Status s =
          CheckMetricValues(config.benchmark, "benchmark.values", /*allow_commercial=*/true);
      !s.ok()) {
    return s;
  }
  if (!config.checklist.empty() && config.standard.empty()) {
    return FieldError("certification.standard",
                      "missing (the standard's name is required when items are given)");
  }
  std::map<std::string, size_t> ids;
  for (size_t i = 0; i < config.checklist.size(); ++i) {
    const ScorecardConfig::ChecklistItem& item = config.checklist[i];
    const std::string path = absl::StrCat("certification.items[", i, "]");
    if (item.id.empty()) return FieldError(path + ".id", "missing (an id such as \"8.2.1\")");
    if (const auto [it, fresh] = ids.emplace(item.id, i); !fresh) {
      return FieldError(path + ".id", absl::StrCat("\"", item.id, "\" is given twice (first at ",
                                                   "certification.items[", it->second, "])"));
    }
    if (absl::Status s = CheckItem(item, path); !s.ok()) return s;
  }
  if (config.complaint_response_months < 1) {
    return FieldError("commercial.complaint_response_months",
                      absl::StrCat("must be at least 1, got ", config.complaint_response_months));
  }
  return absl::OkStatus();
}

absl::StatusOr<ScorecardConfig> parse_scorecard_config(absl::string_view text) {
  return catalog_internal::ParseValidated<ScorecardConfig>(text, "scorecard", ParseConfig,
                                                           validate_scorecard_config);
}

std::string scorecard_config_to_json(const ScorecardConfig& config) {
  ordered_json out = ordered_json::object();
  out["targets"] = MetricMapJson(config.targets);
  ordered_json benchmark = ordered_json::object();
  benchmark["competitor"] = TextOrNull(config.competitor);
  benchmark["values"] = MetricMapJson(config.benchmark);
  out["benchmark"] = std::move(benchmark);
  ordered_json certification = ordered_json::object();
  certification["standard"] = TextOrNull(config.standard);
  certification["items"] = ordered_json::array();
  for (const auto& item : config.checklist) certification["items"].push_back(ItemJson(item));
  out["certification"] = std::move(certification);
  out["commercial"] = {{"complaint_response_months", config.complaint_response_months}};
  // `replace` only keeps an unvalidated (non-UTF-8) config from throwing.
  return out.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

absl::StatusOr<Scorecard> build_scorecard(Date start, Date end,
                                          absl::Span<const MeasuredMetric> measured,
                                          const ScorecardConfig& config) {
  if (end < start) {
    return FieldError("end",
                      absl::StrCat(format_date(end), " is before start ", format_date(start)));
  }
  if (absl::Status s = validate_scorecard_config(config); !s.ok()) return s;
  std::map<std::string, size_t, std::less<>> index;
  for (size_t i = 0; i < measured.size(); ++i) {
    const MeasuredMetric& m = measured[i];
    const std::string path = absl::StrCat("measured[", i, "]");
    std::optional<MetricInfo> info = find_scorecard_metric(m.name);
    if (!info) return UnknownMetricValue(path + ".name", m.name);
    if (const auto [it, fresh] = index.emplace(m.name, i); !fresh) {
      return FieldError(path + ".name", absl::StrCat("\"", m.name, "\" is given twice (first at ",
                                                     "measured[", it->second, "])"));
    }
    if (absl::Status s = CheckMeasured(m, *info, path); !s.ok()) return s;
  }
  auto measured_of = [&](absl::string_view name) {
    const auto it = index.find(name);
    if (it != index.end()) return measured[it->second];
    MeasuredMetric none;
    none.name = std::string(name);
    return none;
  };
  auto line_of = [&](absl::string_view name, const MetricInfo& info) {
    Scorecard::Line line;
    line.name = std::string(name);
    line.level = info.level;
    line.measured = measured_of(name);
    if (info.level == QualityLevel::kCommercial) {
      if (line.measured.n > 0) line.met = line.measured.count == line.measured.n;
    } else {
      line.target = FindValue(config.targets, name);
      line.met = MeetsTarget(info.better, line.measured.value, line.target);
    }
    return line;
  };

  Scorecard card;
  card.start = start;
  card.end = end;
  for (const MetricInfo& info : kMetrics) {
    Scorecard::Line line = line_of(info.name, info);
    switch (info.level) {
      case QualityLevel::kObjective:
        card.objective.push_back(std::move(line));
        break;
      case QualityLevel::kPerceived:
        card.perceived.push_back(std::move(line));
        break;
      default:
        if (line.met && !*line.met) card.commercial_honoured = false;
        card.commercial.push_back(std::move(line));
        break;
    }
  }
  for (const MeasuredMetric& m : measured) {
    if (IsInstrument(m.name)) card.perceived.push_back(line_of(m.name, kInstrumentFamily));
  }
  for (const auto& [name, target] : config.targets) {
    if (IsInstrument(name) && !index.contains(name)) {
      card.perceived.push_back(line_of(name, kInstrumentFamily));
    }
  }
  card.complaint_response_months = config.complaint_response_months;

  card.competitor = config.competitor;
  std::vector<std::pair<std::string, double>> benchmark = config.benchmark;
  SortInReportOrder(&benchmark);
  for (const auto& [name, theirs] : benchmark) {
    const MetricInfo info = InfoOf(name);
    Scorecard::Comparison c;
    c.name = name;
    c.ours = measured_of(name).value;
    c.theirs = theirs;
    c.difference = c.ours - c.theirs;
    if (!std::isnan(c.ours) && c.ours != c.theirs) {
      c.better = info.better == Better::kHigher ? c.ours > c.theirs : c.ours < c.theirs;
    }
    card.differentiated.push_back(std::move(c));
  }

  card.standard = config.standard;
  for (const ScorecardConfig::ChecklistItem& item : config.checklist) {
    Scorecard::Check check;
    check.item = item;
    if (item.metric.empty()) {
      check.met = item.met;
    } else {
      check.value = measured_of(item.metric).value;
      if (!std::isnan(check.value)) {
        check.met =
            (!item.min || check.value >= *item.min) && (!item.max || check.value <= *item.max);
      }
    }
    if (check.met.value_or(false)) ++card.checks_met;
    card.certified.push_back(std::move(check));
  }
  card.certifiable =
      !card.certified.empty() && card.checks_met == static_cast<int64_t>(card.certified.size());
  return card;
}

std::string scorecard_to_json(const Scorecard& card) {
  ordered_json out = ordered_json::object();
  out["start"] = format_date(card.start);
  out["end"] = format_date(card.end);
  out["objective"] = {{"metrics", LinesJson(card.objective)}};
  out["perceived"] = {{"metrics", LinesJson(card.perceived)}};
  ordered_json commercial = ordered_json::object();
  commercial["complaint_response_months"] = card.complaint_response_months;
  commercial["honoured"] = card.commercial_honoured;
  commercial["metrics"] = LinesJson(card.commercial);
  out["commercial"] = std::move(commercial);

  ordered_json differentiated = ordered_json::object();
  differentiated["competitor"] = TextOrNull(card.competitor);
  differentiated["comparisons"] = ordered_json::array();
  for (const Scorecard::Comparison& c : card.differentiated) {
    ordered_json row = ordered_json::object();
    row["name"] = c.name;
    row["direction"] = better_name(InfoOf(c.name).better);
    row["ours"] = Number(c.ours);
    row["theirs"] = Number(c.theirs);
    row["difference"] = Number(c.difference);
    row["better"] = Bool(c.better);
    differentiated["comparisons"].push_back(std::move(row));
  }
  out["differentiated"] = std::move(differentiated);

  ordered_json certified = ordered_json::object();
  certified["standard"] = TextOrNull(card.standard);
  certified["checks_met"] = card.checks_met;
  certified["checks"] = card.certified.size();
  certified["certifiable"] = card.certifiable;
  certified["items"] = ordered_json::array();
  for (const Scorecard::Check& check : card.certified) {
    ordered_json row = ItemJson(check.item);
    row.erase("met");
    row["attested"] = Bool(check.item.met);
    row["value"] = Number(check.value);
    row["met"] = Bool(check.met);
    certified["items"].push_back(std::move(row));
  }
  out["certified"] = std::move(certified);
  return out.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace postventa
