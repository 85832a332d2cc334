// Tests of anomalies and corrective action (SPEC §8, seed 003). The JSON and
// window cases are worked out by hand from corrective.h; the test statistics
// come from statsmodels 0.15.0 and lifelines 0.30.3 (the commands are in the
// comments) or, for the small log-rank example, by hand.
#include "postventa/corrective.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_macros.h"

namespace postventa {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr absl::string_view kKpis[] = {"on_time_delivery", "first_response_sla",
                                       "first_response_time"};

// The seed's story: a staff shortage in the summer peak, met with an
// appointment system (cita previa) and temporary hires on the peak dates
// (modificación de la contratación en determinadas fechas).
constexpr absl::string_view kStory = R"json({
  "id": "AN-2025-07",
  "detected": "2025-07-16",
  "description": "first responses late in the July peak",
  "implications": ["first responses within SLA fell from 91 % to 62 %",
                   "complaints about waiting times doubled"],
  "cause": "staff_shortage",
  "cause_detail": "summer holidays left two of five technicians",
  "measures": [
    {"description": "temporary hires from 1 Aug to 15 Sep", "date": "2025-08-01"},
    {"description": "appointments (cita previa) for non-urgent calls", "date": "2025-07-21"}
  ],
  "verification": {"kpi": "first_response_sla", "product": "AC-200",
                   "before": {"start": "2025-06-01", "end": "2025-07-15"},
                   "after": null, "alpha": 0.01}
})json";

Anomaly Story() {
  Anomaly a;
  a.id = "AN-2025-07";
  a.detected = Date(2025, 7, 16);
  a.description = "first responses late in the July peak";
  a.implications = {"first responses within SLA fell from 91 % to 62 %",
                    "complaints about waiting times doubled"};
  a.cause = RootCause::kStaffShortage;
  a.cause_detail = "summer holidays left two of five technicians";
  a.measures = {{"temporary hires from 1 Aug to 15 Sep", Date(2025, 8, 1)},
                {"appointments (cita previa) for non-urgent calls", Date(2025, 7, 21)}};
  a.verification.kpi = "first_response_sla";
  a.verification.product = "AC-200";
  a.verification.before = DateWindow{Date(2025, 6, 1), Date(2025, 7, 15)};
  a.verification.alpha = 0.01;
  return a;
}

// A minimal valid record, for the error cases to break one field at a time.
std::string Minimal(
    absl::string_view extra = "",
    absl::string_view verification = R"("verification": {"kpi": "on_time_delivery"})") {
  return absl::StrCat(R"({"id": "A1", "detected": "2025-03-01", "description": "late deliveries",)",
                      R"( "implications": ["orders late"], "cause": "supplier")",
                      verification.empty() ? "" : ", ", verification, extra, "}");
}

std::string ErrorOf(absl::string_view json) {
  absl::StatusOr<Anomaly> a = parse_anomaly(json, kKpis);
  if (a.ok()) return "ok";
  EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument) << a.status();
  return std::string(a.status().message());
}

// --- names -------------------------------------------------------------------

TEST(CorrectiveNames, RootCausesRoundTrip) {
  const std::vector<std::pair<RootCause, absl::string_view>> all = {
      {RootCause::kStaffShortage, "staff_shortage"},
      {RootCause::kUnplannedAbsence, "unplanned_absence"},
      {RootCause::kDemandSpike, "demand_spike"},
      {RootCause::kProductDefect, "product_defect"},
      {RootCause::kSupplier, "supplier"},
      {RootCause::kProcess, "process"},
      {RootCause::kOther, "other"}};
  for (const auto& [cause, name] : all) {
    EXPECT_EQ(root_cause_name(cause), name);
    EXPECT_EQ(parse_root_cause(name), cause) << name;
  }
  EXPECT_EQ(parse_root_cause("Staff_Shortage"), std::nullopt);
  EXPECT_EQ(parse_root_cause(""), std::nullopt);
}

TEST(CorrectiveNames, VerdictsAndTests) {
  EXPECT_EQ(verdict_name(Verdict::kEffective), "effective");
  EXPECT_EQ(verdict_name(Verdict::kNotEffective), "not_effective");
  EXPECT_EQ(verdict_name(Verdict::kInconclusive), "inconclusive");
  EXPECT_EQ(effect_test_name(EffectTest::kTwoProportionZ), "two_proportion_z");
  EXPECT_EQ(effect_test_name(EffectTest::kLogRank), "logrank");
}

// --- JSON --------------------------------------------------------------------

TEST(AnomalyJson, ParsesTheStory) {
  ASSERT_OK_AND_ASSIGN(Anomaly a, parse_anomaly(kStory, kKpis));
  EXPECT_EQ(a, Story());
}

TEST(AnomalyJson, CanonicalFormAndRoundTrip) {
  const std::string expected =
      R"({"id":"AN-2025-07","detected":"2025-07-16",)"
      R"("description":"first responses late in the July peak",)"
      R"("implications":["first responses within SLA fell from 91 % to 62 %",)"
      R"("complaints about waiting times doubled"],)"
      R"("cause":"staff_shortage","cause_detail":"summer holidays left two of five technicians",)"
      R"("measures":[{"description":"temporary hires from 1 Aug to 15 Sep","date":"2025-08-01"},)"
      R"({"description":"appointments (cita previa) for non-urgent calls","date":"2025-07-21"}],)"
      R"("verification":{"kpi":"first_response_sla","product":"AC-200",)"
      R"("before":{"start":"2025-06-01","end":"2025-07-15"},"after":null,"alpha":0.01}})";
  EXPECT_EQ(anomaly_to_json(Story()), expected);
  ASSERT_OK_AND_ASSIGN(Anomaly back, parse_anomaly(expected, kKpis));
  EXPECT_EQ(back, Story());
}

TEST(AnomalyJson, MinimalRecordDefaultsAndNulls) {
  ASSERT_OK_AND_ASSIGN(Anomaly a, parse_anomaly(Minimal(), kKpis));
  EXPECT_EQ(a.cause, RootCause::kSupplier);
  EXPECT_TRUE(a.measures.empty());
  EXPECT_EQ(a.verification.product, "");
  EXPECT_EQ(a.verification.before, std::nullopt);
  EXPECT_EQ(a.verification.alpha, 0.05);
  const std::string canonical = anomaly_to_json(a);
  EXPECT_EQ(canonical, R"({"id":"A1","detected":"2025-03-01","description":"late deliveries",)"
                       R"("implications":["orders late"],"cause":"supplier","cause_detail":null,)"
                       R"("measures":[],"verification":{"kpi":"on_time_delivery","product":null,)"
                       R"("before":null,"after":null,"alpha":0.05}})");
  ASSERT_OK_AND_ASSIGN(Anomaly back, parse_anomaly(canonical, kKpis));
  EXPECT_EQ(back, a);
  // Null is absent everywhere.
  ASSERT_OK_AND_ASSIGN(
      Anomaly nulls, parse_anomaly(Minimal(R"(, "cause_detail": null, "measures": null)"), kKpis));
  EXPECT_EQ(nulls, a);
}

TEST(AnomalyJson, ShapeErrorsNameThePath) {
  EXPECT_THAT(ErrorOf("{"), HasSubstr("anomaly: not valid JSON: "));
  EXPECT_EQ(ErrorOf("[1]"), "anomaly: expected an anomaly object, got [1]");
  EXPECT_EQ(ErrorOf(R"({"id": "A", "id": "B"})"),
            "anomaly: field \"id\" appears twice in one object");
  EXPECT_EQ(ErrorOf(Minimal(R"(, "owner": "x")")),
            "anomaly: unknown field \"owner\" (expected id, detected, description, implications, "
            "cause, cause_detail, measures, verification)");
  EXPECT_EQ(ErrorOf(R"({"id": 7})"), "id: expected the anomaly's id as a text, got 7");
  EXPECT_EQ(ErrorOf(R"({"id": "A1", "cause": "other"})"),
            "detected: missing (the date the anomaly was detected, YYYY-MM-DD)");
  EXPECT_EQ(ErrorOf(R"({"id": "A1", "detected": "16/07/2025"})"),
            "detected: \"16/07/2025\" is not a date YYYY-MM-DD");
  EXPECT_EQ(ErrorOf(R"({"id": "A1", "detected": "2025-02-30"})"),
            "detected: \"2025-02-30\" is not a valid calendar date");
  EXPECT_EQ(ErrorOf(R"({"id": "A1", "detected": 20250216})"),
            "detected: expected a date YYYY-MM-DD, got 20250216");
  EXPECT_EQ(ErrorOf(R"({"description": ["x"]})"),
            "description: expected a text saying what happened, got [\"x\"]");
  EXPECT_EQ(ErrorOf(R"({"implications": "late"})"),
            "implications: expected a list of texts, got \"late\"");
  EXPECT_EQ(ErrorOf(R"({"implications": ["late", 3]})"), "implications[1]: expected a text, got 3");
  EXPECT_EQ(ErrorOf(R"({"id": "A1", "detected": "2025-03-01"})"),
            "cause: missing (the root cause found: one of staff_shortage, unplanned_absence, "
            "demand_spike, product_defect, supplier, process, other)");
  EXPECT_EQ(ErrorOf(R"({"cause": "escasez de personal"})"),
            "cause: expected one of staff_shortage, unplanned_absence, demand_spike, "
            "product_defect, supplier, process, other, got \"escasez de personal\"");
  EXPECT_EQ(ErrorOf(R"({"cause": 1})"),
            "cause: expected one of staff_shortage, unplanned_absence, demand_spike, "
            "product_defect, supplier, process, other, got 1");
  EXPECT_EQ(ErrorOf(R"({"cause_detail": false})"), "cause_detail: expected a text, got false");
  EXPECT_EQ(ErrorOf(R"({"measures": {"description": "x"}})"),
            "measures: expected a list of measures, got {\"description\":\"x\"}");
  EXPECT_EQ(ErrorOf(R"({"measures": ["hire"]})"),
            "measures[0]: expected a measure {\"description\": ..., \"date\": \"YYYY-MM-DD\"}, "
            "got \"hire\"");
  EXPECT_EQ(ErrorOf(R"({"measures": [{"description": "a", "date": "2025-03-02"},
                                     {"description": "b", "cost": 3}]})"),
            "measures[1]: unknown field \"cost\" (expected description, date)");
  EXPECT_EQ(ErrorOf(R"({"measures": [{"description": "a", "date": "2025-03-02"},
                                     {"description": "b"}]})"),
            "measures[1].date: missing (the date the measure is in effect from)");
  EXPECT_EQ(ErrorOf(R"({"measures": [{"description": 5, "date": "2025-03-02"}]})"),
            "measures[0].description: expected a text saying what was done, got 5");
  EXPECT_EQ(ErrorOf(R"({"measures": [{"description": "a", "date": "2025-3-2"}]})"),
            "measures[0].date: \"2025-3-2\" is not a date YYYY-MM-DD");
  EXPECT_EQ(ErrorOf(R"({"verification": "first_response_sla"})"),
            "verification: expected an object {\"kpi\": ..., ...}, got \"first_response_sla\"");
  EXPECT_EQ(ErrorOf(R"({"verification": {"kpi": "x", "test": "z"}})"),
            "verification: unknown field \"test\" (expected kpi, product, before, after, alpha)");
  EXPECT_EQ(ErrorOf(R"({"verification": {"kpi": 3}})"),
            "verification.kpi: expected a KPI name such as \"first_response_sla\", got 3");
  EXPECT_EQ(ErrorOf(R"({"verification": {"product": 3}})"),
            "verification.product: expected a product (SKU), or null for all products, got 3");
  EXPECT_EQ(ErrorOf(R"({"verification": {"alpha": "5%"}})"),
            "verification.alpha: expected a number in (0, 1) such as 0.05, got \"5%\"");
  EXPECT_EQ(ErrorOf(R"({"verification": {"before": ["2025-01-01", "2025-01-31"]}})"),
            "verification.before: expected {\"start\": \"YYYY-MM-DD\", \"end\": \"YYYY-MM-DD\"}, "
            "got [\"2025-01-01\",\"2025-01-31\"]");
  EXPECT_EQ(ErrorOf(R"({"verification": {"after": {"start": "2025-01-01", "days": 3}}})"),
            "verification.after: unknown field \"days\" (expected start, end)");
  EXPECT_EQ(ErrorOf(R"({"verification": {"after": {"start": "2025-01-01"}}})"),
            "verification.after.end: missing (a date YYYY-MM-DD; both ends are included)");
  EXPECT_EQ(ErrorOf(R"({"verification": {"before": {"start": null, "end": "2025-01-01"}}})"),
            "verification.before.start: missing (a date YYYY-MM-DD; both ends are included)");
  EXPECT_EQ(ErrorOf(R"({"verification": {"before": {"start": "2025-01-01", "end": "x"}}})"),
            "verification.before.end: \"x\" is not a date YYYY-MM-DD");
}

TEST(AnomalyJson, ValidationErrorsNameThePath) {
  const std::string base = Minimal();
  auto with = [&](const std::string& from, const std::string& to) {
    std::string text = base;
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  EXPECT_EQ(ErrorOf(with(R"("id": "A1")", R"("id": "")")), "id: missing (the anomaly's id)");
  EXPECT_EQ(ErrorOf(with(R"("id": "A1", )", "")), "id: missing (the anomaly's id)");
  EXPECT_EQ(ErrorOf(with(R"("description": "late deliveries")", R"("description": "")")),
            "description: missing (what happened)");
  EXPECT_EQ(ErrorOf(with(R"(["orders late"])", "[]")),
            "implications: missing (document at least one implication for the service: seed 003 "
            "step 1)");
  EXPECT_EQ(ErrorOf(with(R"(["orders late"])", R"(["orders late", ""])")),
            "implications[1]: empty (write the implication)");
  EXPECT_EQ(ErrorOf(Minimal(R"(, "measures": [{"description": "", "date": "2025-03-02"}])")),
            "measures[0].description: missing (what was done)");
  EXPECT_EQ(ErrorOf(Minimal(R"(, "measures": [{"description": "a", "date": "2025-03-01"},
                                             {"description": "b", "date": "2025-02-28"}])")),
            "measures[1].date: 2025-02-28 is before the anomaly was detected (2025-03-01)");
  EXPECT_EQ(ErrorOf(Minimal("", R"("verification": {"product": "AC-200"})")),
            "verification.kpi: missing (the KPI to compare: expected one of on_time_delivery, "
            "first_response_sla, first_response_time)");
  EXPECT_EQ(ErrorOf(Minimal("", "")),
            "verification.kpi: missing (the KPI to compare: expected one of on_time_delivery, "
            "first_response_sla, first_response_time)");
  EXPECT_EQ(ErrorOf(Minimal("", R"("verification": {"kpi": "nps"})")),
            "verification.kpi: unknown KPI \"nps\" (expected one of on_time_delivery, "
            "first_response_sla, first_response_time)");
  EXPECT_EQ(ErrorOf(Minimal("", R"("verification": {"kpi": "on_time_delivery", "alpha": 0})")),
            "verification.alpha: 0 is outside (0, 1) (a significance level such as 0.05)");
  EXPECT_EQ(ErrorOf(Minimal("", R"("verification": {"kpi": "on_time_delivery", "alpha": 1})")),
            "verification.alpha: 1 is outside (0, 1) (a significance level such as 0.05)");
  EXPECT_EQ(ErrorOf(Minimal("", R"("verification": {"kpi": "on_time_delivery",
      "before": {"start": "2025-02-10", "end": "2025-02-01"}})")),
            "verification.before.end: 2025-02-01 is before start 2025-02-10");
  EXPECT_EQ(ErrorOf(Minimal("", R"("verification": {"kpi": "on_time_delivery",
      "after": {"start": "2025-04-10", "end": "2025-04-01"}})")),
            "verification.after.end: 2025-04-01 is before start 2025-04-10");
  EXPECT_EQ(ErrorOf(Minimal("", R"("verification": {"kpi": "on_time_delivery",
      "before": {"start": "2025-02-01", "end": "2025-04-01"},
      "after": {"start": "2025-04-01", "end": "2025-04-30"}})")),
            "verification.before.end: 2025-04-01 is not before the after window's start "
            "2025-04-01");
  EXPECT_EQ(
      ErrorOf(Minimal(R"(, "measures": [{"description": "a", "date": "2025-03-10"},
                                        {"description": "b", "date": "2025-03-05"}])",
                      R"("verification": {"kpi": "on_time_delivery",
      "before": {"start": "2025-02-01", "end": "2025-03-10"}})")),
      "verification.before.end: 2025-03-10 is not before 2025-03-10, the date of the last measure "
      "(where the after window starts)");
  // A before window ending the day before the last measure is fine.
  EXPECT_EQ(ErrorOf(Minimal(R"(, "measures": [{"description": "a", "date": "2025-03-10"}])",
                            R"("verification": {"kpi": "on_time_delivery",
      "before": {"start": "2025-02-01", "end": "2025-03-09"}})")),
            "ok");
  // With no known KPI every KPI is refused.
  absl::StatusOr<Anomaly> none = parse_anomaly(Minimal(), {});
  EXPECT_EQ(none.status().message(),
            "verification.kpi: unknown KPI \"on_time_delivery\" (expected one of )");
}

TEST(AnomalyJson, HandBuiltRecordGetsTheSameMessages) {
  Anomaly a = Story();
  EXPECT_OK(validate_anomaly(a, kKpis));
  a.measures[1].date = Date(2025, 7, 15);
  EXPECT_EQ(validate_anomaly(a, kKpis).message(),
            "measures[1].date: 2025-07-15 is before the anomaly was detected (2025-07-16)");
  a = Story();
  a.verification.alpha = std::nan("");
  EXPECT_EQ(validate_anomaly(a, kKpis).message(),
            "verification.alpha: nan is outside (0, 1) (a significance level such as 0.05)");
  a = Story();
  a.cause = static_cast<RootCause>(42);
  EXPECT_THAT(validate_anomaly(a, kKpis).message(), HasSubstr("cause: not a root cause"));
}

// --- windows -----------------------------------------------------------------

TEST(ComparisonWindows, DefaultIsTheLastMeasureToAsOfAndAsManyDaysBefore) {
  Anomaly a = Story();
  a.verification.before.reset();
  // Last measure 2025-08-01 (the list is not in date order); as of 2025-08-31:
  // after = 08-01..08-31 (31 days), before = the 31 days 07-01..07-31.
  ASSERT_OK_AND_ASSIGN(ComparisonWindows w, comparison_windows(a, Date(2025, 8, 31)));
  EXPECT_EQ(w.after, (DateWindow{Date(2025, 8, 1), Date(2025, 8, 31)}));
  EXPECT_EQ(w.before, (DateWindow{Date(2025, 7, 1), Date(2025, 7, 31)}));
  // As of the measure's own date: one day each side.
  ASSERT_OK_AND_ASSIGN(w, comparison_windows(a, Date(2025, 8, 1)));
  EXPECT_EQ(w.after, (DateWindow{Date(2025, 8, 1), Date(2025, 8, 1)}));
  EXPECT_EQ(w.before, (DateWindow{Date(2025, 7, 31), Date(2025, 7, 31)}));
}

TEST(ComparisonWindows, ExplicitWindowsOverride) {
  Anomaly a = Story();  // explicit before 06-01..07-15
  ASSERT_OK_AND_ASSIGN(ComparisonWindows w, comparison_windows(a, Date(2025, 9, 30)));
  EXPECT_EQ(w.before, (DateWindow{Date(2025, 6, 1), Date(2025, 7, 15)}));
  EXPECT_EQ(w.after, (DateWindow{Date(2025, 8, 1), Date(2025, 9, 30)}));

  // Both explicit: no measure needed; the after window is cut to as_of.
  a.measures.clear();
  a.verification.after = DateWindow{Date(2025, 9, 1), Date(2025, 10, 31)};
  ASSERT_OK_AND_ASSIGN(w, comparison_windows(a, Date(2025, 9, 10)));
  EXPECT_EQ(w.before, (DateWindow{Date(2025, 6, 1), Date(2025, 7, 15)}));
  EXPECT_EQ(w.after, (DateWindow{Date(2025, 9, 1), Date(2025, 9, 10)}));

  // Only after explicit: before has as many days as the cut after window
  // (09-01..09-10, 10 days) -> 08-22..08-31.
  a.verification.before.reset();
  ASSERT_OK_AND_ASSIGN(w, comparison_windows(a, Date(2025, 9, 10)));
  EXPECT_EQ(w.before, (DateWindow{Date(2025, 8, 22), Date(2025, 8, 31)}));
}

TEST(ComparisonWindows, NothingToVerifyYet) {
  Anomaly a = Story();
  a.measures.clear();
  absl::StatusOr<ComparisonWindows> w = comparison_windows(a, Date(2025, 9, 1));
  EXPECT_EQ(w.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(w.status().message(), HasSubstr("nothing to verify: no measure"));

  a = Story();
  w = comparison_windows(a, Date(2025, 7, 31));  // last measure 2025-08-01
  EXPECT_EQ(w.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(w.status().message(),
            "verification.after: starts 2025-08-01 (the date of the last measure), after as_of "
            "2025-07-31: nothing to compare yet");

  a.verification.after = DateWindow{Date(2025, 9, 1), Date(2025, 9, 30)};
  w = comparison_windows(a, Date(2025, 8, 31));
  EXPECT_EQ(w.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      w.status().message(),
      "verification.after: starts 2025-09-01, after as_of 2025-08-31: nothing to compare yet");

  // Windows validate_anomaly refuses are refused here too.
  a.verification.after = DateWindow{Date(2025, 7, 1), Date(2025, 7, 31)};
  w = comparison_windows(a, Date(2025, 8, 31));
  EXPECT_EQ(w.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(w.status().message(),
            "verification.before.end: 2025-07-15 is not before the after window's start "
            "2025-07-01");
}

// --- two-proportion z-test --------------------------------------------------

// Expected values:
//   from statsmodels.stats.proportion import proportions_ztest
//   proportions_ztest([count_after, count_before], [n_after, n_before])
TEST(TwoProportionZTest, MatchesStatsmodels) {
  // proportions_ztest([81, 62], [100, 100]) -> (2.9762071261605536, 0.0029183768324286623)
  ASSERT_OK_AND_ASSIGN(ZTest t, two_proportion_ztest(62, 100, 81, 100));
  EXPECT_NEAR(t.z, 2.9762071261605536, 1e-12);
  EXPECT_NEAR(t.p_value, 0.0029183768324286623, 1e-15);
  // After lower: z < 0, same p.
  ASSERT_OK_AND_ASSIGN(t, two_proportion_ztest(81, 100, 62, 100));
  EXPECT_NEAR(t.z, -2.9762071261605536, 1e-12);
  EXPECT_NEAR(t.p_value, 0.0029183768324286623, 1e-15);
  // Unequal sizes: proportions_ztest([27, 10], [30, 29]) ->
  // (4.4086062074884, 1.040379976223651e-05)
  ASSERT_OK_AND_ASSIGN(t, two_proportion_ztest(10, 29, 27, 30));
  EXPECT_NEAR(t.z, 4.4086062074884, 1e-12);
  EXPECT_NEAR(t.p_value, 1.040379976223651e-05, 1e-16);
}

TEST(TwoProportionZTest, PooledZeroOrOneIsNoEvidence) {
  // statsmodels gives nan for both; we give z = 0, p = 1.
  ASSERT_OK_AND_ASSIGN(ZTest t, two_proportion_ztest(0, 40, 0, 50));
  EXPECT_EQ(t.z, 0);
  EXPECT_EQ(t.p_value, 1);
  ASSERT_OK_AND_ASSIGN(t, two_proportion_ztest(40, 40, 50, 50));
  EXPECT_EQ(t.z, 0);
  EXPECT_EQ(t.p_value, 1);
}

TEST(TwoProportionZTest, RefusesBadCounts) {
  EXPECT_EQ(two_proportion_ztest(5, 3, 1, 2).status().message(),
            "count_before: 5 is outside 0..n_before = 3");
  EXPECT_EQ(two_proportion_ztest(1, 3, -1, 2).status().message(),
            "count_after: -1 is outside 0..n_after = 2");
  EXPECT_EQ(two_proportion_ztest(0, -1, 1, 2).status().message(), "n_before: must be >= 0, got -1");
  EXPECT_EQ(two_proportion_ztest(0, 0, 1, 2).status().message(),
            "n_before: must be at least 1, got 0");
  EXPECT_EQ(two_proportion_ztest(0, 1, 0, 0).status().message(),
            "n_after: must be at least 1, got 0");
}

// --- verify_rate ---------------------------------------------------------------

TEST(VerifyRate, TheStoryIsEffective) {
  // First responses within SLA: 62/100 before, 81/100 after (statsmodels above).
  ASSERT_OK_AND_ASSIGN(Verification v, verify_rate(62, 100, 81, 100, Better::kHigher));
  EXPECT_EQ(v.test, EffectTest::kTwoProportionZ);
  EXPECT_EQ(v.better, Better::kHigher);
  EXPECT_EQ(v.n_before, 100);
  EXPECT_EQ(v.n_after, 100);
  EXPECT_DOUBLE_EQ(v.value_before, 0.62);
  EXPECT_DOUBLE_EQ(v.value_after, 0.81);
  EXPECT_NEAR(v.statistic, 2.9762071261605536, 1e-12);
  EXPECT_NEAR(v.p_value, 0.0029183768324286623, 1e-15);
  EXPECT_EQ(v.alpha, 0.05);
  EXPECT_EQ(v.improved, true);
  EXPECT_EQ(v.verdict, Verdict::kEffective);
  // docs/corrective.md shows this one.
  const std::string json = verification_to_json(v);
  EXPECT_TRUE(absl::StartsWith(
      json, R"({"test":"two_proportion_z","direction":"higher","n_before":100,"n_after":100,)"
            R"("value_before":0.62,"value_after":0.81,"statistic":2.97620712616)"))
      << json;
  EXPECT_TRUE(absl::EndsWith(json, R"(,"alpha":0.05,"improved":true,"verdict":"effective"})"))
      << json;
  // Same p, but alpha below it.
  ASSERT_OK_AND_ASSIGN(v, verify_rate(62, 100, 81, 100, Better::kHigher, 0.001));
  EXPECT_EQ(v.verdict, Verdict::kNotEffective);
}

TEST(VerifyRate, SignificantWorseningIsNotEffective) {
  ASSERT_OK_AND_ASSIGN(Verification v, verify_rate(81, 100, 62, 100, Better::kHigher));
  EXPECT_LT(v.p_value, 0.05);
  EXPECT_EQ(v.improved, false);
  EXPECT_EQ(v.verdict, Verdict::kNotEffective);
  // For a rate where lower is better (a defect rate) the same drop is the cure.
  ASSERT_OK_AND_ASSIGN(v, verify_rate(81, 100, 62, 100, Better::kLower));
  EXPECT_EQ(v.better, Better::kLower);
  EXPECT_EQ(v.improved, true);
  EXPECT_EQ(v.verdict, Verdict::kEffective);
  ASSERT_OK_AND_ASSIGN(v, verify_rate(62, 100, 81, 100, Better::kLower));
  EXPECT_EQ(v.improved, false);
  EXPECT_EQ(v.verdict, Verdict::kNotEffective);
}

TEST(VerifyRate, PJustBelowAndJustAboveAlpha) {
  // proportions_ztest([80, 64], [134, 134]) -> (1.9601770090504667, 0.04997510473292801)
  ASSERT_OK_AND_ASSIGN(Verification v, verify_rate(64, 134, 80, 134, Better::kHigher));
  EXPECT_NEAR(v.statistic, 1.9601770090504667, 1e-12);
  EXPECT_NEAR(v.p_value, 0.04997510473292801, 1e-15);
  EXPECT_EQ(v.verdict, Verdict::kEffective);
  // proportions_ztest([66, 52], [104, 104]) -> (1.9592842384223677, 0.05007950856446654)
  ASSERT_OK_AND_ASSIGN(v, verify_rate(52, 104, 66, 104, Better::kHigher));
  EXPECT_NEAR(v.statistic, 1.9592842384223677, 1e-12);
  EXPECT_NEAR(v.p_value, 0.05007950856446654, 1e-15);
  EXPECT_EQ(v.improved, true);
  EXPECT_EQ(v.verdict, Verdict::kNotEffective);
  // p == alpha is not below it.
  const double p = v.p_value;
  ASSERT_OK_AND_ASSIGN(v, verify_rate(52, 104, 66, 104, Better::kHigher, /*alpha=*/p));
  EXPECT_EQ(v.verdict, Verdict::kNotEffective);
}

TEST(VerifyRate, TwentyNineObservationsAreInconclusiveThirtyAreNot) {
  // proportions_ztest([27, 10], [30, 29]) -> p 1.04e-05: significant, yet 29 before.
  ASSERT_OK_AND_ASSIGN(Verification v, verify_rate(10, 29, 27, 30, Better::kHigher));
  EXPECT_LT(v.p_value, 1e-4);
  EXPECT_EQ(v.improved, true);
  EXPECT_EQ(v.verdict, Verdict::kInconclusive);
  ASSERT_OK_AND_ASSIGN(v, verify_rate(27, 30, 10, 29, Better::kLower));
  EXPECT_EQ(v.verdict, Verdict::kInconclusive);  // 29 after
  // proportions_ztest([27, 10], [30, 30]) -> (4.513981413576618, 6.36217951011439e-06)
  ASSERT_OK_AND_ASSIGN(v, verify_rate(10, 30, 27, 30, Better::kHigher));
  EXPECT_NEAR(v.statistic, 4.513981413576618, 1e-12);
  EXPECT_NEAR(v.p_value, 6.36217951011439e-06, 1e-16);
  EXPECT_EQ(v.verdict, Verdict::kEffective);
}

TEST(VerifyRate, EmptySideAndNoDifference) {
  ASSERT_OK_AND_ASSIGN(Verification v, verify_rate(0, 0, 27, 30, Better::kHigher));
  EXPECT_TRUE(std::isnan(v.value_before));
  EXPECT_DOUBLE_EQ(v.value_after, 0.9);
  EXPECT_TRUE(std::isnan(v.statistic));
  EXPECT_TRUE(std::isnan(v.p_value));
  EXPECT_EQ(v.improved, std::nullopt);
  EXPECT_EQ(v.verdict, Verdict::kInconclusive);
  // Nothing late before or after (pooled 0): no evidence, no direction.
  ASSERT_OK_AND_ASSIGN(v, verify_rate(0, 40, 0, 50, Better::kLower));
  EXPECT_EQ(v.statistic, 0);
  EXPECT_EQ(v.p_value, 1);
  EXPECT_EQ(v.improved, std::nullopt);
  EXPECT_EQ(v.verdict, Verdict::kNotEffective);
}

TEST(VerifyRate, RefusesBadInput) {
  EXPECT_EQ(verify_rate(31, 30, 1, 30, Better::kHigher).status().message(),
            "count_before: 31 is outside 0..n_before = 30");
  EXPECT_EQ(verify_rate(1, 30, 1, -2, Better::kHigher).status().message(),
            "n_after: must be >= 0, got -2");
  EXPECT_EQ(verify_rate(1, 30, 1, 30, Better::kHigher, 1.5).status().message(),
            "alpha: 1.5 is outside (0, 1) (a significance level such as 0.05)");
}

// --- verify_durations ----------------------------------------------------------

TEST(VerifyDurations, SmallExampleByHand) {
  // Before: closed at 2, 4, 6, 8. After: closed at 1, 2, 3, open at 5.
  // Pooled event times (n, n_after, d, d_after) and O - E, V terms of the after group:
  //   t=1 (8,4,1,1): 1 - 4/8 = 1/2;  V 4*4*1*7/(64*7) = 1/4
  //   t=2 (7,3,2,1): 1 - 6/7 = 1/7;  V 3*4*2*5/(49*6) = 20/49
  //   t=3 (5,2,1,1): 1 - 2/5 = 3/5;  V 2*3*1*4/(25*4) = 6/25
  //   t=4 (4,1,1,0): 0 - 1/4;        V 1*3*1*3/(16*3) = 3/16
  //   t=6, t=8: no after subject at risk.
  // O - E = 139/140 > 0 (the after group closes faster); V = 1.0856632653...;
  // chi2 = (139/140)^2 / V = 0.90798439776...
  // lifelines.statistics.logrank_test([1,2,3,5], [2,4,6,8], event_observed_A=[1,1,1,0],
  //   event_observed_B=[1,1,1,1]) -> 0.9079843977630528, p 0.34064978349811326.
  // Medians: before S = 3/4 at 2, 1/2 at 4 -> 4; after S = 3/4 at 1, 1/2 at 2 -> 2
  // (lifelines' median_survival_time_ gives 4.0 and 2.0).
  const std::vector<double> db = {2, 4, 6, 8}, da = {1, 2, 3, 5};
  const std::vector<uint8_t> eb = {1, 1, 1, 1}, ea = {1, 1, 1, 0};
  ASSERT_OK_AND_ASSIGN(Verification v, verify_durations(db, eb, da, ea));
  EXPECT_EQ(v.test, EffectTest::kLogRank);
  EXPECT_EQ(v.better, Better::kLower);
  EXPECT_EQ(v.n_before, 4);
  EXPECT_EQ(v.n_after, 4);
  EXPECT_EQ(v.value_before, 4);
  EXPECT_EQ(v.value_after, 2);
  const double o_minus_e = 139.0 / 140.0;
  const double var = 0.25 + 20.0 / 49.0 + 6.0 / 25.0 + 3.0 / 16.0;
  EXPECT_NEAR(v.statistic, o_minus_e * o_minus_e / var, 1e-12);
  EXPECT_NEAR(v.statistic, 0.9079843977630528, 1e-12);
  EXPECT_NEAR(v.p_value, 0.34064978349811326, 1e-12);
  EXPECT_EQ(v.improved, true);
  EXPECT_EQ(v.verdict, Verdict::kInconclusive);  // 4 a side
  // Swapped: the after group is the slow one.
  ASSERT_OK_AND_ASSIGN(v, verify_durations(da, ea, db, eb));
  EXPECT_NEAR(v.statistic, 0.9079843977630528, 1e-12);
  EXPECT_EQ(v.improved, false);
}

TEST(VerifyDurations, MedianNotReachedIsInfinity) {
  // Before: closed at 1; open at 2, 3, 4: S = 3/4 after t = 1, never <= 1/2.
  // lifelines: median_survival_time_ inf; logrank_test([1,2,3,5], [1,2,3,4],
  //   [1,1,1,0], [1,0,0,0]) -> 1.076923076923077, p 0.2993869058035983.
  const std::vector<double> db = {1, 2, 3, 4}, da = {1, 2, 3, 5};
  const std::vector<uint8_t> eb = {1, 0, 0, 0}, ea = {1, 1, 1, 0};
  ASSERT_OK_AND_ASSIGN(Verification v, verify_durations(db, eb, da, ea));
  EXPECT_EQ(v.value_before, kInf);
  EXPECT_EQ(v.value_after, 2);
  EXPECT_NEAR(v.statistic, 1.076923076923077, 1e-12);
  EXPECT_NEAR(v.p_value, 0.2993869058035983, 1e-12);
  EXPECT_EQ(v.improved, true);
  EXPECT_THAT(verification_to_json(v), HasSubstr(R"("value_before":null,"value_after":2.0,)"));
}

// 40 cases before, closed at 10, 11, ..., 49 days; after, cases i = 0..39 at
// 1 + i/2 days, every fifth (i = 0, 5, ...) still open.
struct Groups {
  std::vector<double> db, da;
  std::vector<uint8_t> eb, ea;
};
Groups Faster(size_t n_after) {
  Groups g;
  for (int i = 0; i < 40; ++i) {
    g.db.push_back(10 + i);
    g.eb.push_back(1);
  }
  for (size_t i = 0; i < n_after; ++i) {
    g.da.push_back(1 + 0.5 * static_cast<double>(i));
    g.ea.push_back(i % 5 == 0 ? 0 : 1);
  }
  return g;
}

TEST(VerifyDurations, FasterClosingIsEffectiveFromThirtySubjects) {
  // lifelines.statistics.logrank_test(da, db, event_observed_A=ea, event_observed_B=eb):
  //   40 after: 44.87712658174136, p 2.097942752131247e-11, medians 29.0 and 12.5
  //   30 after: 57.68291267982195, p 3.079665390839531e-14, medians 29.0 and 9.5
  //   29 after: 57.729524059703145, p 3.007545544658333e-14
  Groups g = Faster(40);
  ASSERT_OK_AND_ASSIGN(Verification v, verify_durations(g.db, g.eb, g.da, g.ea));
  EXPECT_NEAR(v.statistic, 44.87712658174136, 1e-9);
  EXPECT_NEAR(v.p_value, 2.097942752131247e-11, 1e-20);
  EXPECT_EQ(v.value_before, 29);
  EXPECT_EQ(v.value_after, 12.5);
  EXPECT_EQ(v.improved, true);
  EXPECT_EQ(v.verdict, Verdict::kEffective);

  // 30 subjects after, 6 of them still open: they count.
  g = Faster(30);
  ASSERT_OK_AND_ASSIGN(v, verify_durations(g.db, g.eb, g.da, g.ea));
  EXPECT_EQ(v.n_after, 30);
  EXPECT_NEAR(v.statistic, 57.68291267982195, 1e-9);
  EXPECT_NEAR(v.p_value, 3.079665390839531e-14, 1e-22);
  EXPECT_EQ(v.value_after, 9.5);
  EXPECT_EQ(v.verdict, Verdict::kEffective);
  // alpha just below / above p.
  ASSERT_OK_AND_ASSIGN(v, verify_durations(g.db, g.eb, g.da, g.ea, 3.0e-14));
  EXPECT_EQ(v.verdict, Verdict::kNotEffective);
  ASSERT_OK_AND_ASSIGN(v, verify_durations(g.db, g.eb, g.da, g.ea, 3.2e-14));
  EXPECT_EQ(v.verdict, Verdict::kEffective);

  g = Faster(29);
  ASSERT_OK_AND_ASSIGN(v, verify_durations(g.db, g.eb, g.da, g.ea));
  EXPECT_NEAR(v.statistic, 57.729524059703145, 1e-9);
  EXPECT_NEAR(v.p_value, 3.007545544658333e-14, 1e-22);
  EXPECT_EQ(v.verdict, Verdict::kInconclusive);
}

TEST(VerifyDurations, SlowerClosingIsNotEffective) {
  Groups g = Faster(40);
  // Swapped: the measure made cases slower, significantly.
  ASSERT_OK_AND_ASSIGN(Verification v, verify_durations(g.da, g.ea, g.db, g.eb));
  EXPECT_NEAR(v.statistic, 44.87712658174136, 1e-9);
  EXPECT_EQ(v.improved, false);
  EXPECT_EQ(v.verdict, Verdict::kNotEffective);
}

TEST(VerifyDurations, EmptySideAndBadInput) {
  const std::vector<double> d = {1, 2};
  const std::vector<uint8_t> e = {1, 0};
  ASSERT_OK_AND_ASSIGN(Verification v, verify_durations({}, {}, d, e));
  EXPECT_EQ(v.n_before, 0);
  EXPECT_TRUE(std::isnan(v.value_before));
  EXPECT_EQ(v.value_after, 1);  // S(1) = 1 - 1/2 reaches 1/2
  EXPECT_TRUE(std::isnan(v.statistic));
  EXPECT_EQ(v.verdict, Verdict::kInconclusive);

  const std::vector<uint8_t> short_flags = {1};
  EXPECT_EQ(verify_durations(d, short_flags, d, e).status().message(),
            "observed_before: 1 values for 2 durations_before");
  const std::vector<double> bad = {1, -3};
  EXPECT_EQ(verify_durations(d, e, bad, e).status().message(),
            "durations_after[1]: -3 is not a non-negative finite time");
  const std::vector<uint8_t> two = {1, 2};
  EXPECT_EQ(verify_durations(d, e, d, two).status().message(),
            "observed_after[1]: 2 is not 0 (still open, censored) or 1 (closed)");
  EXPECT_EQ(verify_durations(d, e, d, e, 0).status().message(),
            "alpha: 0 is outside (0, 1) (a significance level such as 0.05)");
}

// --- JSON of a verification ----------------------------------------------------

TEST(VerificationJson, CanonicalWithNulls) {
  Verification v;
  v.test = EffectTest::kTwoProportionZ;
  v.better = Better::kLower;
  v.n_before = 120;
  v.n_after = 0;
  v.value_before = 0.25;
  v.alpha = 0.05;
  v.verdict = Verdict::kInconclusive;
  EXPECT_EQ(verification_to_json(v),
            R"({"test":"two_proportion_z","direction":"lower","n_before":120,"n_after":0,)"
            R"("value_before":0.25,"value_after":null,"statistic":null,"p_value":null,)"
            R"("alpha":0.05,"improved":null,"verdict":"inconclusive"})");
  v.test = EffectTest::kLogRank;
  v.n_after = 40;
  v.value_after = 0.5;
  v.statistic = 2.5;
  v.p_value = 0.125;
  v.improved = false;
  v.verdict = Verdict::kNotEffective;
  EXPECT_EQ(verification_to_json(v),
            R"({"test":"logrank","direction":"lower","n_before":120,"n_after":40,)"
            R"("value_before":0.25,"value_after":0.5,"statistic":2.5,"p_value":0.125,)"
            R"("alpha":0.05,"improved":false,"verdict":"not_effective"})");
}

}  // namespace
}  // namespace postventa
