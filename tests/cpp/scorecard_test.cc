// Tests of the quality scorecard (SPEC §7 last bullet, seed 003). Every
// expected value is worked out by hand from the rules in scorecard.h.
#include "postventa/scorecard.h"

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_macros.h"

namespace postventa {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The list every "unknown metric" message carries.
const char kExpected[] =
    "expected one of delivery_defect_rate, installation_right_first_time, first_response_sla, "
    "resolution_sla, maintenance_compliance, survey_response_rate, repair_turnaround_days, "
    "complaint_resolution_days, nps, csat, ces, servqual, servqual_tangibles, "
    "servqual_reliability, servqual_responsiveness, servqual_assurance, servqual_empathy, "
    "complaints_answered_in_legal_time, products_with_legal_cover, or \"instrument:<name>\"";

MeasuredMetric Ratio(std::string name, int64_t count, int64_t n) {
  return {
      std::move(name), static_cast<double>(count) / static_cast<double>(n), kNaN, kNaN, count, n};
}
MeasuredMetric Value(std::string name, double value, int64_t n, double low = kNaN,
                     double high = kNaN) {
  return {std::move(name), value, low, high, 0, n};
}

std::vector<std::string> Names(const std::vector<Scorecard::Line>& lines) {
  std::vector<std::string> names;
  for (const auto& line : lines) names.push_back(line.name);
  return names;
}

const Scorecard::Line& Find(const std::vector<Scorecard::Line>& lines, const std::string& name) {
  for (const auto& line : lines) {
    if (line.name == name) return line;
  }
  ADD_FAILURE() << "no line " << name;
  static const Scorecard::Line kNone{};
  return kNone;
}

const Date kStart(2025, 1, 1);
const Date kEnd(2025, 3, 31);

// --- registry --------------------------------------------------------------

TEST(ScorecardRegistry, NamesLevelsAndDirectionsInReportOrder) {
  std::vector<std::string> names;
  for (const MetricInfo& m : scorecard_metrics()) names.emplace_back(m.name);
  EXPECT_THAT(
      names,
      ElementsAre("delivery_defect_rate", "installation_right_first_time", "first_response_sla",
                  "resolution_sla", "maintenance_compliance", "survey_response_rate",
                  "repair_turnaround_days", "complaint_resolution_days", "nps", "csat", "ces",
                  "servqual", "servqual_tangibles", "servqual_reliability",
                  "servqual_responsiveness", "servqual_assurance", "servqual_empathy",
                  "complaints_answered_in_legal_time", "products_with_legal_cover"));
  const auto m = scorecard_metrics();
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(m[i].level, QualityLevel::kObjective) << m[i].name;
  for (size_t i = 8; i < 17; ++i) EXPECT_EQ(m[i].level, QualityLevel::kPerceived) << m[i].name;
  for (size_t i = 17; i < 19; ++i) EXPECT_EQ(m[i].level, QualityLevel::kCommercial) << m[i].name;
  // Lower is better only for the defect rate and the two durations.
  for (const MetricInfo& info : m) {
    const bool lower = info.name == "delivery_defect_rate" ||
                       info.name == "repair_turnaround_days" ||
                       info.name == "complaint_resolution_days";
    EXPECT_EQ(info.better, lower ? Better::kLower : Better::kHigher) << info.name;
  }
  EXPECT_EQ(find_scorecard_metric("ces")->unit, "score");
  EXPECT_EQ(find_scorecard_metric("ces")->min, 1);
  EXPECT_EQ(find_scorecard_metric("ces")->max, 7);
  EXPECT_EQ(find_scorecard_metric("nps")->min, -100);
  EXPECT_EQ(find_scorecard_metric("csat")->unit, "percent");
  EXPECT_EQ(find_scorecard_metric("servqual_empathy")->unit, "gap");
  EXPECT_EQ(find_scorecard_metric("repair_turnaround_days")->unit, "days");
  EXPECT_TRUE(std::isinf(find_scorecard_metric("repair_turnaround_days")->max));
}

TEST(ScorecardRegistry, InstrumentMetricsAndUnknownNames) {
  std::string name = "instrument:onboarding";
  std::optional<MetricInfo> info = find_scorecard_metric(name);
  ASSERT_TRUE(info.has_value());
  name.clear();  // the row must not view the argument
  EXPECT_EQ(info->name, "instrument:*");
  EXPECT_EQ(info->level, QualityLevel::kPerceived);
  EXPECT_EQ(info->better, Better::kHigher);
  EXPECT_EQ(info->unit, "index");
  EXPECT_EQ(info->max, 100);
  EXPECT_FALSE(find_scorecard_metric("instrument:").has_value());
  EXPECT_FALSE(find_scorecard_metric("npss").has_value());
  EXPECT_FALSE(find_scorecard_metric("").has_value());
  EXPECT_EQ(quality_level_name(QualityLevel::kObjective), "objective");
  EXPECT_EQ(quality_level_name(QualityLevel::kPerceived), "perceived");
  EXPECT_EQ(quality_level_name(QualityLevel::kCommercial), "commercial");
  EXPECT_EQ(quality_level_name(QualityLevel::kDifferentiated), "differentiated");
  EXPECT_EQ(quality_level_name(QualityLevel::kCertified), "certified");
}

// --- objective and perceived ---------------------------------------------

TEST(BuildScorecard, TargetsMetAndUnmetInBothDirections) {
  ScorecardConfig config;
  config.targets = {{"resolution_sla", 0.9},
                    {"first_response_sla", 0.9},
                    {"delivery_defect_rate", 0.05},
                    {"repair_turnaround_days", 5},
                    {"complaint_resolution_days", 5},
                    {"nps", 30},
                    {"csat", 80},
                    {"ces", 5.5}};
  const std::vector<MeasuredMetric> measured = {
      Ratio("resolution_sla", 9, 10),            // 0.9 = target 0.9, higher: equal is met
      Ratio("first_response_sla", 17, 20),       // 0.85 < 0.9, higher: not met
      Ratio("delivery_defect_rate", 1, 50),      // 0.02 <= 0.05, lower: met
      Value("repair_turnaround_days", 6.5, 4),   // 6.5 > 5, lower: not met
      Value("complaint_resolution_days", 5, 3),  // 5 = 5, lower: equal is met
      Value("nps", 30, 200, 20.1, 39.9),         // 30 = 30: met
      Value("csat", kNaN, 0),                    // nothing measured: met unset
      Value("ces", 5.75, 40, 5.5, 6.0),          // 5.75 >= 5.5: met
      Ratio("maintenance_compliance", 3, 4),     // no target: met unset
  };
  ASSERT_OK_AND_ASSIGN(Scorecard card, build_scorecard(kStart, kEnd, measured, config));
  EXPECT_EQ(card.start, kStart);
  EXPECT_EQ(card.end, kEnd);
  EXPECT_THAT(
      Names(card.objective),
      ElementsAre("delivery_defect_rate", "installation_right_first_time", "first_response_sla",
                  "resolution_sla", "maintenance_compliance", "survey_response_rate",
                  "repair_turnaround_days", "complaint_resolution_days"));
  EXPECT_EQ(card.perceived.size(), 9u);

  EXPECT_EQ(Find(card.objective, "resolution_sla").met, true);
  EXPECT_EQ(Find(card.objective, "resolution_sla").target, 0.9);
  EXPECT_EQ(Find(card.objective, "resolution_sla").measured.count, 9);
  EXPECT_EQ(Find(card.objective, "resolution_sla").measured.n, 10);
  EXPECT_EQ(Find(card.objective, "first_response_sla").met, false);
  EXPECT_EQ(Find(card.objective, "delivery_defect_rate").met, true);
  EXPECT_EQ(Find(card.objective, "repair_turnaround_days").met, false);
  EXPECT_EQ(Find(card.objective, "complaint_resolution_days").met, true);
  EXPECT_EQ(Find(card.perceived, "nps").met, true);
  EXPECT_EQ(Find(card.perceived, "nps").measured.low, 20.1);
  EXPECT_EQ(Find(card.perceived, "csat").met, std::nullopt);
  EXPECT_EQ(Find(card.perceived, "csat").target, 80);
  EXPECT_EQ(Find(card.perceived, "ces").met, true);
  EXPECT_EQ(Find(card.objective, "maintenance_compliance").met, std::nullopt);
  EXPECT_EQ(Find(card.objective, "maintenance_compliance").target, std::nullopt);
  EXPECT_DOUBLE_EQ(Find(card.objective, "maintenance_compliance").measured.value, 0.75);

  // A registry metric nobody measured is still listed, NaN with n = 0.
  const Scorecard::Line& unmeasured = Find(card.objective, "survey_response_rate");
  EXPECT_TRUE(std::isnan(unmeasured.measured.value));
  EXPECT_EQ(unmeasured.measured.n, 0);
  EXPECT_EQ(unmeasured.level, QualityLevel::kObjective);
  EXPECT_EQ(unmeasured.met, std::nullopt);
}

TEST(BuildScorecard, LowerIsBetterJustAboveTargetIsUnmet) {
  ScorecardConfig config;
  config.targets = {{"delivery_defect_rate", 0.02}};
  // 3 / 100 = 0.03 > 0.02: more defects than the target allows.
  ASSERT_OK_AND_ASSIGN(
      Scorecard card,
      build_scorecard(kStart, kEnd, {Ratio("delivery_defect_rate", 3, 100)}, config));
  EXPECT_EQ(Find(card.objective, "delivery_defect_rate").met, false);
}

TEST(BuildScorecard, InstrumentLinesFollowTheRegistry) {
  ScorecardConfig config;
  config.targets = {{"instrument:delivery", 60}, {"instrument:onboarding", 70}};
  const std::vector<MeasuredMetric> measured = {Value("instrument:onboarding", 72, 40),
                                                Value("nps", 10, 5)};
  ASSERT_OK_AND_ASSIGN(Scorecard card, build_scorecard(kStart, kEnd, measured, config));
  // Registry rows, then the measured instrument, then the targeted but
  // unmeasured one.
  ASSERT_EQ(card.perceived.size(), 11u);
  EXPECT_EQ(card.perceived[9].name, "instrument:onboarding");
  EXPECT_EQ(card.perceived[9].level, QualityLevel::kPerceived);
  EXPECT_EQ(card.perceived[9].met, true);  // 72 >= 70
  EXPECT_EQ(card.perceived[10].name, "instrument:delivery");
  EXPECT_EQ(card.perceived[10].target, 60);
  EXPECT_EQ(card.perceived[10].met, std::nullopt);
  EXPECT_EQ(card.perceived[10].measured.n, 0);
}

// --- commercial ----------------------------------------------------------

TEST(BuildScorecard, CommercialHonouredOnlyWhenEveryMeasuredRequirementIsOne) {
  ScorecardConfig config;
  config.complaint_response_months = 2;
  {
    ASSERT_OK_AND_ASSIGN(Scorecard card,
                         build_scorecard(kStart, kEnd,
                                         {Ratio("complaints_answered_in_legal_time", 12, 12),
                                          Ratio("products_with_legal_cover", 5, 5)},
                                         config));
    ASSERT_EQ(card.commercial.size(), 2u);
    EXPECT_EQ(card.commercial[0].name, "complaints_answered_in_legal_time");
    EXPECT_EQ(card.commercial[0].met, true);
    EXPECT_EQ(card.commercial[1].met, true);
    EXPECT_EQ(card.commercial[0].target, std::nullopt);
    EXPECT_TRUE(card.commercial_honoured);
    EXPECT_EQ(card.complaint_response_months, 2);
  }
  {  // one complaint of 12 answered late: 11 / 12 < 1
    ASSERT_OK_AND_ASSIGN(Scorecard card,
                         build_scorecard(kStart, kEnd,
                                         {Ratio("complaints_answered_in_legal_time", 11, 12),
                                          Ratio("products_with_legal_cover", 5, 5)},
                                         config));
    EXPECT_EQ(card.commercial[0].met, false);
    EXPECT_EQ(card.commercial[1].met, true);
    EXPECT_FALSE(card.commercial_honoured);
  }
  {  // no complaints in the period; one product of 5 without legal cover
    ASSERT_OK_AND_ASSIGN(Scorecard card,
                         build_scorecard(kStart, kEnd,
                                         {Value("complaints_answered_in_legal_time", kNaN, 0),
                                          Ratio("products_with_legal_cover", 4, 5)},
                                         config));
    EXPECT_EQ(card.commercial[0].met, std::nullopt);
    EXPECT_EQ(card.commercial[1].met, false);
    EXPECT_FALSE(card.commercial_honoured);
  }
  {  // nothing measured: nothing breached
    ASSERT_OK_AND_ASSIGN(Scorecard card, build_scorecard(kStart, kEnd, {}, config));
    EXPECT_EQ(card.commercial[0].met, std::nullopt);
    EXPECT_EQ(card.commercial[1].met, std::nullopt);
    EXPECT_TRUE(card.commercial_honoured);
  }
}

// --- differentiated --------------------------------------------------------

TEST(BuildScorecard, BenchmarkDifferenceAndBetterPerDirection) {
  ScorecardConfig config;
  config.competitor = "Acme";
  // Given out of report order: the report lists them in registry order.
  config.benchmark = {{"ces", 5},
                      {"nps", 25},
                      {"csat", 85},
                      {"repair_turnaround_days", 5},
                      {"delivery_defect_rate", 0.04}};
  const std::vector<MeasuredMetric> measured = {
      Value("nps", 30, 100), Value("repair_turnaround_days", 6.5, 4),
      Ratio("delivery_defect_rate", 1, 50), Value("ces", 5, 10)};
  ASSERT_OK_AND_ASSIGN(Scorecard card, build_scorecard(kStart, kEnd, measured, config));
  EXPECT_EQ(card.competitor, "Acme");
  ASSERT_EQ(card.differentiated.size(), 5u);
  const auto& d = card.differentiated;
  // delivery_defect_rate: 0.02 - 0.04 = -0.02; lower is better: better.
  EXPECT_EQ(d[0].name, "delivery_defect_rate");
  EXPECT_DOUBLE_EQ(d[0].ours, 0.02);
  EXPECT_DOUBLE_EQ(d[0].theirs, 0.04);
  EXPECT_DOUBLE_EQ(d[0].difference, -0.02);
  EXPECT_EQ(d[0].better, true);
  // repair_turnaround_days: 6.5 - 5 = 1.5; lower is better: worse.
  EXPECT_EQ(d[1].name, "repair_turnaround_days");
  EXPECT_DOUBLE_EQ(d[1].difference, 1.5);
  EXPECT_EQ(d[1].better, false);
  // nps: 30 - 25 = 5; higher is better: better.
  EXPECT_EQ(d[2].name, "nps");
  EXPECT_DOUBLE_EQ(d[2].difference, 5);
  EXPECT_EQ(d[2].better, true);
  // csat: not measured: ours and difference NaN, better unset.
  EXPECT_EQ(d[3].name, "csat");
  EXPECT_TRUE(std::isnan(d[3].ours));
  EXPECT_TRUE(std::isnan(d[3].difference));
  EXPECT_DOUBLE_EQ(d[3].theirs, 85);
  EXPECT_EQ(d[3].better, std::nullopt);
  // ces: 5 = 5: neither better nor worse.
  EXPECT_EQ(d[4].name, "ces");
  EXPECT_DOUBLE_EQ(d[4].difference, 0);
  EXPECT_EQ(d[4].better, std::nullopt);
}

// --- certified -------------------------------------------------------------

ScorecardConfig::ChecklistItem MetricItem(std::string id, std::string metric,
                                          std::optional<double> min, std::optional<double> max) {
  ScorecardConfig::ChecklistItem item;
  item.id = std::move(id);
  item.text = "requirement " + item.id;
  item.metric = std::move(metric);
  item.min = min;
  item.max = max;
  return item;
}
ScorecardConfig::ChecklistItem Attested(std::string id, bool met, std::string evidence = "") {
  ScorecardConfig::ChecklistItem item;
  item.id = std::move(id);
  item.text = "requirement " + item.id;
  item.met = met;
  item.evidence = std::move(evidence);
  return item;
}

TEST(BuildScorecard, ChecklistBoundsAreInclusiveAndAttestedItemsCount) {
  ScorecardConfig config;
  config.standard = "UNE-EN ISO 9001:2015";
  config.checklist = {
      MetricItem("8.2.1", "resolution_sla", 0.9, std::nullopt),        // 0.9 >= 0.9: met
      MetricItem("9.1.2", "nps", 0, 30),                               // 0 <= 30 <= 30: met
      MetricItem("9.1.3", "repair_turnaround_days", std::nullopt, 5),  // 6.5 > 5: not met
      MetricItem("8.5", "csat", 80, std::nullopt),                     // not measured: unset
      Attested("7.2", true, "training records 2025"),
      Attested("7.5", false),
  };
  const std::vector<MeasuredMetric> measured = {Ratio("resolution_sla", 9, 10),
                                                Value("nps", 30, 50),
                                                Value("repair_turnaround_days", 6.5, 4)};
  ASSERT_OK_AND_ASSIGN(Scorecard card, build_scorecard(kStart, kEnd, measured, config));
  EXPECT_EQ(card.standard, "UNE-EN ISO 9001:2015");
  ASSERT_EQ(card.certified.size(), 6u);
  EXPECT_EQ(card.certified[0].item, config.checklist[0]);
  EXPECT_DOUBLE_EQ(card.certified[0].value, 0.9);
  EXPECT_EQ(card.certified[0].met, true);
  EXPECT_EQ(card.certified[1].met, true);
  EXPECT_EQ(card.certified[2].met, false);
  EXPECT_DOUBLE_EQ(card.certified[2].value, 6.5);
  EXPECT_EQ(card.certified[3].met, std::nullopt);
  EXPECT_TRUE(std::isnan(card.certified[3].value));
  EXPECT_EQ(card.certified[4].met, true);
  EXPECT_TRUE(std::isnan(card.certified[4].value));
  EXPECT_EQ(card.certified[5].met, false);
  EXPECT_EQ(card.checks_met, 3);
  EXPECT_FALSE(card.certifiable);
}

TEST(BuildScorecard, CertifiableOnlyWhenEveryItemIsMet) {
  ScorecardConfig config;
  config.standard = "UNE 66181";
  config.checklist = {MetricItem("a", "resolution_sla", 0.8, 1), Attested("b", true)};
  ASSERT_OK_AND_ASSIGN(Scorecard card,
                       build_scorecard(kStart, kEnd, {Ratio("resolution_sla", 9, 10)}, config));
  EXPECT_EQ(card.checks_met, 2);
  EXPECT_TRUE(card.certifiable);

  // The same checklist with the metric unmeasured: an unknown is not a pass.
  ASSERT_OK_AND_ASSIGN(Scorecard unmeasured, build_scorecard(kStart, kEnd, {}, config));
  EXPECT_EQ(unmeasured.checks_met, 1);
  EXPECT_FALSE(unmeasured.certifiable);

  // No items: nothing to certify.
  ASSERT_OK_AND_ASSIGN(Scorecard empty, build_scorecard(kStart, kEnd, {}, ScorecardConfig{}));
  EXPECT_THAT(empty.certified, IsEmpty());
  EXPECT_EQ(empty.checks_met, 0);
  EXPECT_FALSE(empty.certifiable);
  EXPECT_EQ(empty.competitor, "");
  EXPECT_THAT(empty.differentiated, IsEmpty());
}

// --- build errors ----------------------------------------------------------

absl::Status BuildError(std::vector<MeasuredMetric> measured, Date start = kStart, Date end = kEnd,
                        const ScorecardConfig& config = {}) {
  return build_scorecard(start, end, measured, config).status();
}

TEST(BuildScorecard, RefusesBadPeriodsAndMeasurements) {
  EXPECT_EQ(BuildError({}, kEnd, kStart).message(), "end: 2025-01-01 is before start 2025-03-31");
  EXPECT_TRUE(BuildError({}, kStart, kStart).ok());  // a one-day period
  EXPECT_EQ(BuildError({Value("nps", 1, 1), Value("speed", 1, 1)}).message(),
            std::string("measured[1].name: unknown metric \"speed\" (") + kExpected + ")");
  EXPECT_EQ(BuildError({Value("nps", 1, 1), Value("ces", 2, 1), Value("nps", 3, 1)}).message(),
            "measured[2].name: \"nps\" is given twice (first at measured[0])");
  EXPECT_EQ(BuildError({Value("ces", kNaN, -1)}).message(), "measured[0].n: must be >= 0, got -1");
  EXPECT_EQ(BuildError({Value("ces", 0.5, 0)}).message(),
            "measured[0].value: must be NaN when n is 0 (nothing measured), got 0.5");
  EXPECT_EQ(BuildError({Value("ces", kNaN, 5)}).message(),
            "measured[0].value: NaN with n = 5 (NaN means nothing was measured: n must be 0)");
  EXPECT_EQ(BuildError({Value("nps", 120, 10)}).message(),
            "measured[0].value: 120 is outside -100..100 (score)");
  EXPECT_EQ(BuildError({Value("repair_turnaround_days", -2, 3)}).message(),
            "measured[0].value: -2 is negative (days)");
  EXPECT_EQ(BuildError({{"resolution_sla", 1, kNaN, kNaN, 11, 10}}).message(),
            "measured[0].count: must be between 0 and n = 10, got 11");
  EXPECT_EQ(BuildError({{"resolution_sla", 0.5, kNaN, kNaN, 3, 10}}).message(),
            "measured[0].value: 0.5 is not count / n = 3 / 10 = 0.3");
  ScorecardConfig bad;
  bad.complaint_response_months = 0;
  EXPECT_EQ(BuildError({}, kStart, kEnd, bad).message(),
            "commercial.complaint_response_months: must be at least 1, got 0");
  EXPECT_EQ(BuildError({}, kEnd, kStart).code(), absl::StatusCode::kInvalidArgument);
}

// --- configuration ---------------------------------------------------------

TEST(ScorecardConfigJson, EmptyObjectIsTheDefault) {
  ASSERT_OK_AND_ASSIGN(ScorecardConfig config, parse_scorecard_config("{}"));
  EXPECT_EQ(config, ScorecardConfig{});
  EXPECT_EQ(scorecard_config_to_json(config),
            R"({"targets":{},"benchmark":{"competitor":null,"values":{}},)"
            R"("certification":{"standard":null,"items":[]},)"
            R"("commercial":{"complaint_response_months":1}})");
  // Null parts are absent.
  ASSERT_OK_AND_ASSIGN(ScorecardConfig nulls,
                       parse_scorecard_config(R"({"targets": null, "benchmark": null,
                           "certification": {"standard": null, "items": null},
                           "commercial": {"complaint_response_months": null}})"));
  EXPECT_EQ(nulls, ScorecardConfig{});
}

TEST(ScorecardConfigJson, ParsesEveryPartAndRoundTrips) {
  constexpr char kText[] = R"({
    "targets": {"nps": 30, "resolution_sla": 0.9, "instrument:onboarding": 70,
                "repair_turnaround_days": 5},
    "benchmark": {"competitor": "Acme", "values": {"nps": 25, "csat": 82.5}},
    "certification": {"standard": "UNE-EN ISO 9001:2015", "items": [
      {"id": "8.2.1", "text": "Complaints resolved on time", "metric": "resolution_sla",
       "min": 0.9},
      {"id": "7.2", "text": "Staff trained", "met": true, "evidence": "HR file 2025"}]},
    "commercial": {"complaint_response_months": 1}})";
  ASSERT_OK_AND_ASSIGN(ScorecardConfig config, parse_scorecard_config(kText));
  ScorecardConfig expected;
  // Report order: resolution_sla (objective), repair_turnaround_days
  // (objective), nps (perceived), then the instrument.
  expected.targets = {{"resolution_sla", 0.9},
                      {"repair_turnaround_days", 5},
                      {"nps", 30},
                      {"instrument:onboarding", 70}};
  expected.competitor = "Acme";
  expected.benchmark = {{"nps", 25}, {"csat", 82.5}};
  expected.standard = "UNE-EN ISO 9001:2015";
  ScorecardConfig::ChecklistItem a;
  a.id = "8.2.1";
  a.text = "Complaints resolved on time";
  a.metric = "resolution_sla";
  a.min = 0.9;
  ScorecardConfig::ChecklistItem b;
  b.id = "7.2";
  b.text = "Staff trained";
  b.met = true;
  b.evidence = "HR file 2025";
  expected.checklist = {a, b};
  EXPECT_EQ(config, expected);

  const std::string canonical =
      R"({"targets":{"resolution_sla":0.9,"repair_turnaround_days":5.0,"nps":30.0,)"
      R"("instrument:onboarding":70.0},)"
      R"("benchmark":{"competitor":"Acme","values":{"nps":25.0,"csat":82.5}},)"
      R"("certification":{"standard":"UNE-EN ISO 9001:2015","items":[)"
      R"({"id":"8.2.1","text":"Complaints resolved on time","metric":"resolution_sla",)"
      R"("min":0.9,"max":null,"met":null,"evidence":null},)"
      R"({"id":"7.2","text":"Staff trained","metric":null,"min":null,"max":null,"met":true,)"
      R"("evidence":"HR file 2025"}]},)"
      R"("commercial":{"complaint_response_months":1}})";
  EXPECT_EQ(scorecard_config_to_json(config), canonical);
  ASSERT_OK_AND_ASSIGN(ScorecardConfig again, parse_scorecard_config(canonical));
  EXPECT_EQ(again, config);

  // A hand-built config out of report order prints the same canonical text.
  ScorecardConfig shuffled = expected;
  std::swap(shuffled.targets[0], shuffled.targets[3]);
  std::swap(shuffled.benchmark[0], shuffled.benchmark[1]);
  EXPECT_EQ(scorecard_config_to_json(shuffled), canonical);
}

std::string ParseError(const std::string& text) {
  absl::StatusOr<ScorecardConfig> config = parse_scorecard_config(text);
  if (config.ok()) return "OK";
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument) << text;
  return std::string(config.status().message());
}

std::string ItemsError(const std::string& items) {
  return ParseError(R"({"certification": {"standard": "S", "items": )" + items + "}}");
}

TEST(ScorecardConfigJson, ShapeErrors) {
  EXPECT_TRUE(absl::StartsWith(ParseError("not json"), "scorecard: not valid JSON: "));
  EXPECT_EQ(ParseError("[]"), "scorecard: expected a configuration object, got []");
  EXPECT_EQ(ParseError(R"({"target": {}})"),
            "scorecard: unknown field \"target\" (expected targets, benchmark, certification, "
            "commercial)");
  EXPECT_EQ(ParseError(R"({"targets": {"nps": 30, "nps": 31}})"),
            "scorecard: field \"nps\" appears twice in one object");
  EXPECT_EQ(ParseError(R"({"targets": []})"),
            "targets: expected an object of metric -> target such as {\"nps\": 30}, got []");
  EXPECT_EQ(ParseError(R"({"targets": {"nps": "30"}})"),
            "targets.nps: expected a number, got \"30\"");
  EXPECT_EQ(ParseError(R"({"benchmark": 3})"),
            "benchmark: expected an object {\"competitor\": ..., \"values\": {...}}, got 3");
  EXPECT_EQ(ParseError(R"({"benchmark": {"competitor": "Acme", "vals": {}}})"),
            "benchmark: unknown field \"vals\" (expected competitor, values)");
  EXPECT_EQ(ParseError(R"({"benchmark": {"competitor": ""}})"),
            "benchmark.competitor: expected the competitor's name, got \"\"");
  EXPECT_EQ(ParseError(R"({"benchmark": {"competitor": 7}})"),
            "benchmark.competitor: expected the competitor's name, got 7");
  EXPECT_EQ(ParseError(R"({"benchmark": {"competitor": "Acme", "values": {"nps": true}}})"),
            "benchmark.values.nps: expected a number, got true");
  EXPECT_EQ(ParseError(R"({"certification": []})"),
            "certification: expected an object {\"standard\": ..., \"items\": [...]}, got []");
  EXPECT_EQ(ParseError(R"({"certification": {"standard": "", "items": []}})"),
            "certification.standard: expected the standard's name such as "
            "\"UNE-EN ISO 9001:2015\", got \"\"");
  EXPECT_EQ(ItemsError("{}"), "certification.items: expected a list of checklist items, got {}");
  EXPECT_EQ(ItemsError("[3]"), "certification.items[0]: expected a checklist item object, got 3");
  EXPECT_EQ(ItemsError(R"([{"id": "1", "text": "t", "met": true, "proof": "x"}])"),
            "certification.items[0]: unknown field \"proof\" (expected id, text, metric, min, "
            "max, met, evidence)");
  EXPECT_EQ(ItemsError(R"([{"id": 1, "text": "t", "met": true}])"),
            "certification.items[0].id: expected the item's id such as \"8.2.1\", got 1");
  EXPECT_EQ(ItemsError(R"([{"id": "1", "text": "t", "met": "yes"}])"),
            "certification.items[0].met: expected true or false, got \"yes\"");
  EXPECT_EQ(ItemsError(R"([{"id": "1", "text": "t", "metric": "nps", "min": "0"}])"),
            "certification.items[0].min: expected a number, got \"0\"");
  EXPECT_EQ(ParseError(R"({"commercial": 1})"),
            "commercial: expected an object {\"complaint_response_months\": 1}, got 1");
  EXPECT_EQ(ParseError(R"({"commercial": {"months": 1}})"),
            "commercial: unknown field \"months\" (expected complaint_response_months)");
  EXPECT_EQ(ParseError(R"({"commercial": {"complaint_response_months": 1.5}})"),
            "commercial.complaint_response_months: expected a whole number of months >= 1, got "
            "1.5");
}

TEST(ScorecardConfigJson, ValidationErrors) {
  EXPECT_EQ(ParseError(R"({"targets": {"npss": 30}})"),
            std::string("targets.npss: unknown metric (") + kExpected + ")");
  EXPECT_EQ(ParseError(R"({"targets": {"instrument:": 30}})"),
            std::string("targets.instrument:: unknown metric (") + kExpected + ")");
  EXPECT_EQ(ParseError(R"({"targets": {"resolution_sla": 90}})"),
            "targets.resolution_sla: 90 is outside 0..1 (a ratio: 0.9 is 90 %)");
  EXPECT_EQ(ParseError(R"({"targets": {"nps": 150}})"),
            "targets.nps: 150 is outside -100..100 (score)");
  EXPECT_EQ(ParseError(R"({"targets": {"ces": 0}})"), "targets.ces: 0 is outside 1..7 (score)");
  EXPECT_EQ(ParseError(R"({"targets": {"servqual_empathy": -7}})"),
            "targets.servqual_empathy: -7 is outside -6..6 (gap)");
  EXPECT_EQ(ParseError(R"({"targets": {"instrument:x": 101}})"),
            "targets.instrument:x: 101 is outside 0..100 (index)");
  EXPECT_EQ(ParseError(R"({"targets": {"repair_turnaround_days": -1}})"),
            "targets.repair_turnaround_days: -1 is negative (days)");
  EXPECT_EQ(ParseError(R"({"targets": {"complaints_answered_in_legal_time": 1}})"),
            "targets.complaints_answered_in_legal_time: a legal requirement is met only at 1; it "
            "takes no target (the commercial level reports it)");
  EXPECT_EQ(ParseError(R"({"benchmark": {"values": {"nps": 25}}})"),
            "benchmark.competitor: missing (the competitor's name is required when values are "
            "given)");
  EXPECT_EQ(ParseError(R"({"benchmark": {"competitor": "Acme", "values": {"csat": 120}}})"),
            "benchmark.values.csat: 120 is outside 0..100 (percent)");
  // A competitor's legal compliance may be compared.
  EXPECT_EQ(ParseError(R"({"benchmark": {"competitor": "Acme",
                            "values": {"products_with_legal_cover": 1}}})"),
            "OK");
  EXPECT_EQ(ParseError(R"({"certification": {"items": [{"id": "1", "text": "t", "met": true}]}})"),
            "certification.standard: missing (the standard's name is required when items are "
            "given)");
  EXPECT_EQ(ItemsError(R"([{"text": "t", "met": true}])"),
            "certification.items[0].id: missing (an id such as \"8.2.1\")");
  EXPECT_EQ(ItemsError(R"([{"id": "1", "text": "t", "met": true},
                          {"id": "1", "text": "u", "met": false}])"),
            "certification.items[1].id: \"1\" is given twice (first at certification.items[0])");
  EXPECT_EQ(ItemsError(R"([{"id": "1", "met": true}])"),
            "certification.items[0].text: missing (the requirement's wording)");
  EXPECT_EQ(ItemsError(R"([{"id": "1", "text": "t", "metric": "nps", "min": 0, "met": true}])"),
            "certification.items[0].met: give either metric (with min and/or max) or met "
            "(attested), not both");
  EXPECT_EQ(ItemsError(R"([{"id": "1", "text": "t"}])"),
            "certification.items[0].metric: missing (give a metric with min and/or max, or met: "
            "true/false)");
  EXPECT_EQ(ItemsError(R"([{"id": "1", "text": "t", "metric": "nps"}])"),
            "certification.items[0].min: missing (an item on metric \"nps\" needs min, max or "
            "both)");
  EXPECT_EQ(ItemsError(R"([{"id": "1", "text": "t", "metric": "nps", "min": 40, "max": 30}])"),
            "certification.items[0].min: 40 is greater than max 30");
  EXPECT_EQ(ItemsError(R"([{"id": "1", "text": "t", "metric": "nps", "min": 30, "max": 30}])"),
            "OK");  // a point is a valid range
  EXPECT_EQ(ItemsError(R"([{"id": "1", "text": "t", "met": true, "max": 3}])"),
            "certification.items[0].max: only an item with a metric has bounds");
  EXPECT_EQ(
      ItemsError(R"([{"id": "1", "text": "t", "metric": "speed", "min": 1}])"),
      std::string("certification.items[0].metric: unknown metric \"speed\" (") + kExpected + ")");
  EXPECT_EQ(ItemsError(R"([{"id": "1", "text": "t", "metric": "resolution_sla", "min": 1.5}])"),
            "certification.items[0].min: 1.5 is outside 0..1 (a ratio: 0.9 is 90 %)");
  EXPECT_EQ(ItemsError(R"([{"id": "1", "text": "t", "metric": "resolution_sla", "max": -0.1}])"),
            "certification.items[0].max: -0.1 is outside 0..1 (a ratio: 0.9 is 90 %)");
  EXPECT_EQ(ParseError(R"({"commercial": {"complaint_response_months": 0}})"),
            "commercial.complaint_response_months: must be at least 1, got 0");
}

TEST(ScorecardConfigValidation, HandBuiltConfigsGetTheSameMessages) {
  ScorecardConfig twice;
  twice.targets = {{"nps", 30}, {"nps", 31}};
  EXPECT_EQ(validate_scorecard_config(twice).message(), "targets.nps: given twice");
  ScorecardConfig nan;
  nan.targets = {{"nps", kNaN}};
  EXPECT_EQ(validate_scorecard_config(nan).message(),
            "targets.nps: expected a finite number, got nan");
  ScorecardConfig twice_benchmark;
  twice_benchmark.competitor = "Acme";
  twice_benchmark.benchmark = {{"ces", 5}, {"ces", 6}};
  EXPECT_EQ(validate_scorecard_config(twice_benchmark).message(),
            "benchmark.values.ces: given twice");
  ScorecardConfig negative;
  negative.complaint_response_months = -3;
  EXPECT_EQ(validate_scorecard_config(negative).message(),
            "commercial.complaint_response_months: must be at least 1, got -3");
  EXPECT_TRUE(validate_scorecard_config(ScorecardConfig{}).ok());
}

// --- report JSON -----------------------------------------------------------

TEST(ScorecardJson, SmallScorecardInCanonicalForm) {
  Scorecard card;
  card.start = Date(2025, 1, 1);
  card.end = Date(2025, 3, 31);
  card.objective = {{"resolution_sla",
                     QualityLevel::kObjective,
                     {"resolution_sla", 0.9, kNaN, kNaN, 9, 10},
                     0.9,
                     true}};
  card.perceived = {{"nps", QualityLevel::kPerceived, {"nps", 30, 20.5, 39.5, 0, 200}, 40, false},
                    {"csat",
                     QualityLevel::kPerceived,
                     {"csat", kNaN, kNaN, kNaN, 0, 0},
                     std::nullopt,
                     std::nullopt}};
  card.commercial = {{"complaints_answered_in_legal_time",
                      QualityLevel::kCommercial,
                      {"complaints_answered_in_legal_time", 1, kNaN, kNaN, 4, 4},
                      std::nullopt,
                      true}};
  card.complaint_response_months = 1;
  card.commercial_honoured = true;
  card.competitor = "Acme";
  card.differentiated = {{"repair_turnaround_days", 6.5, 5, 1.5, false},
                         {"csat", kNaN, 85, kNaN, std::nullopt}};
  card.standard = "UNE 66181";
  Scorecard::Check check;
  check.item = MetricItem("8.2.1", "resolution_sla", 0.9, std::nullopt);
  check.value = 0.9;
  check.met = true;
  Scorecard::Check attested;
  attested.item = Attested("7.2", false, "HR file");
  attested.met = false;
  card.certified = {check, attested};
  card.checks_met = 1;
  card.certifiable = false;
  const std::string expected =
      R"({"start":"2025-01-01","end":"2025-03-31",)"
      R"("objective":{"metrics":[{"name":"resolution_sla","unit":"ratio","direction":"higher",)"
      R"("value":0.9,"low":null,"high":null,"count":9,"n":10,"target":0.9,"met":true}]},)"
      R"("perceived":{"metrics":[{"name":"nps","unit":"score","direction":"higher",)"
      R"("value":30.0,"low":20.5,"high":39.5,"count":0,"n":200,"target":40.0,"met":false},)"
      R"({"name":"csat","unit":"percent","direction":"higher","value":null,"low":null,)"
      R"("high":null,"count":0,"n":0,"target":null,"met":null}]},)"
      R"("commercial":{"complaint_response_months":1,"honoured":true,"metrics":[)"
      R"({"name":"complaints_answered_in_legal_time","unit":"ratio","direction":"higher",)"
      R"("value":1.0,"low":null,"high":null,"count":4,"n":4,"target":null,"met":true}]},)"
      R"("differentiated":{"competitor":"Acme","comparisons":[)"
      R"({"name":"repair_turnaround_days","direction":"lower","ours":6.5,"theirs":5.0,)"
      R"("difference":1.5,"better":false},)"
      R"({"name":"csat","direction":"higher","ours":null,"theirs":85.0,"difference":null,)"
      R"("better":null}]},)"
      R"("certified":{"standard":"UNE 66181","checks_met":1,"checks":2,"certifiable":false,)"
      R"("items":[{"id":"8.2.1","text":"requirement 8.2.1","metric":"resolution_sla",)"
      R"("min":0.9,"max":null,"evidence":null,"attested":null,"value":0.9,"met":true},)"
      R"({"id":"7.2","text":"requirement 7.2","metric":null,"min":null,"max":null,)"
      R"("evidence":"HR file","attested":false,"value":null,"met":false}]}})";
  EXPECT_EQ(scorecard_to_json(card), expected);
}

TEST(ScorecardJson, EmptyReportListsEveryRegistryMetric) {
  ASSERT_OK_AND_ASSIGN(Scorecard card, build_scorecard(kStart, kEnd, {}, ScorecardConfig{}));
  const std::string json = scorecard_to_json(card);
  EXPECT_TRUE(absl::StrContains(
      json, R"("differentiated":{"competitor":null,"comparisons":[]},)"
            R"("certified":{"standard":null,"checks_met":0,"checks":0,"certifiable":false,)"
            R"("items":[]}})"))
      << json;
  for (const MetricInfo& m : scorecard_metrics()) {
    EXPECT_TRUE(absl::StrContains(json, absl::StrCat(R"({"name":")", m.name, R"(")"))) << m.name;
  }
}

}  // namespace
}  // namespace postventa
