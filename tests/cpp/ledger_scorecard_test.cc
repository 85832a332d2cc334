// The quality scorecard measured from a ledger (SPEC §7, seed 003; issue 5):
// one March with a little of everything, every measured value worked out by
// hand in the comments (docs/scorecard.md has the measuring definitions).
// How the report judges measured values is tested in scorecard_test.cc.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/ledger.h"
#include "postventa/scorecard.h"
#include "postventa/service.h"
#include "postventa/time.h"
#include "status_macros.h"

namespace postventa {
namespace {

Date D(const char* iso) { return *parse_date(iso); }

class LedgerScorecardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(ledger_, Ledger::open_memory());
    // WASHER: installed by a specialist, the Spanish legal guarantee (36
    // months). CHEAP: no installation, only a 12-month commercial warranty.
    ASSERT_OK_AND_ASSIGN(Product washer, parse_product(R"({"sku": "WASHER",
        "installation": "specialist", "warranties": ["legal-es"]})"));
    ASSERT_OK(ledger_->add_product(washer));
    ASSERT_OK_AND_ASSIGN(Product cheap, parse_product(R"({"sku": "CHEAP", "installation": "none",
        "warranties": [{"name": "shop-1y", "kind": "commercial", "starts_at": "delivery",
                        "parts": {"percent": 100, "months": 12},
                        "labor": {"percent": 100, "months": 12},
                        "travel": {"percent": 0, "months": 0}}]})"));
    ASSERT_OK(ledger_->add_product(cheap));
    // Round the clock, so SLA times are plain hours.
    ASSERT_OK_AND_ASSIGN(Calendar always, Calendar::from_json(R"({"timezone": "UTC", "week": {
        "mon": [["00:00","24:00"]], "tue": [["00:00","24:00"]], "wed": [["00:00","24:00"]],
        "thu": [["00:00","24:00"]], "fri": [["00:00","24:00"]], "sat": [["00:00","24:00"]],
        "sun": [["00:00","24:00"]]}})"));
    ASSERT_OK(ledger_->add_calendar("always", always));
    ASSERT_OK_AND_ASSIGN(SlaPolicy sla, parse_sla_policy(R"({"name": "std", "calendar": "always",
        "targets": {"*": {"first_response": 3600, "resolution": 86400}}})"));
    ASSERT_OK(ledger_->add_sla(sla));
    ASSERT_OK_AND_ASSIGN(Instrument kiosk, parse_instrument(R"({"name": "kiosk", "questions": [
        {"id": "speed", "min": 1, "max": 5, "weight": 2}, {"id": "staff", "min": 0, "max": 10},
        {"id": "clean", "min": 1, "max": 3}]})"));
    ASSERT_OK(ledger_->add_instrument(kiosk));

    const char* const events[] = {
        // Units. W1 (WASHER): delivery check ok; installed, first check
        // defective (the second, ok, does not count); repair 03-10 -> 03-14.
        // W2 (CHEAP): delivered damaged; repair returned in April (not counted).
        R"({"type":"sold","unit":"W1","date":"2025-03-03","customer":"C1","product":"WASHER","price":60000,"channel":"store"})",
        R"({"type":"delivered","unit":"W1","date":"2025-03-05"})",
        R"({"type":"delivery_checked","unit":"W1","date":"2025-03-05","outcome":"ok"})",
        R"({"type":"installed","unit":"W1","date":"2025-03-06","by":"specialist"})",
        R"({"type":"installation_checked","unit":"W1","date":"2025-03-07","outcome":"defective"})",
        R"({"type":"installation_checked","unit":"W1","date":"2025-03-08","outcome":"ok"})",
        R"({"type":"repair_received","unit":"W1","date":"2025-03-10","fault":"pump"})",
        R"({"type":"repair_returned","unit":"W1","date":"2025-03-14","outcome":"fixed"})",
        R"({"type":"sold","unit":"W2","date":"2025-03-03","customer":"C2","product":"CHEAP","price":9000,"channel":"web"})",
        R"({"type":"delivered","unit":"W2","date":"2025-03-04"})",
        R"({"type":"delivery_checked","unit":"W2","date":"2025-03-04","outcome":"damaged"})",
        R"({"type":"repair_received","unit":"W2","date":"2025-03-20","fault":"door"})",
        R"({"type":"repair_returned","unit":"W2","date":"2025-04-02","outcome":"fixed"})",
        // Complaints (legal deadline one month). Q1 02-10 -> 03-05: deadline
        // 03-10, in time, judged 03-05. Q2 02-01, open: deadline 03-01, late
        // from 03-02. Q3 03-20, open: deadline 04-20, not judged yet.
        R"({"type":"complaint_opened","date":"2025-02-10","customer":"C1","case":"Q1"})",
        R"({"type":"complaint_resolved","date":"2025-03-05","customer":"C1","case":"Q1"})",
        R"({"type":"complaint_opened","date":"2025-02-01","customer":"C2","case":"Q2"})",
        R"({"type":"complaint_opened","date":"2025-03-20","customer":"C3","case":"Q3"})",
        // Cases (1 h to respond, 24 h to resolve). K1: responded in 30 min,
        // resolved in 11 h: both met in March. K2: responded after 2 h
        // (breached), unresolved past 03-21 09:00 (breached). K3: both judged
        // in February. K4: opened 03-31 23:30, still running at the end.
        R"({"type":"case_opened","at":"2025-03-10T09:00:00Z","case":"K1","kind":"repair","priority":"high","customer":"C1","sla":"std"})",
        R"({"type":"case_status","at":"2025-03-10T09:30:00Z","case":"K1","status":"responded"})",
        R"({"type":"case_status","at":"2025-03-10T20:00:00Z","case":"K1","status":"resolved"})",
        R"({"type":"case_opened","at":"2025-03-20T09:00:00Z","case":"K2","kind":"question","priority":"low","customer":"C2","sla":"std"})",
        R"({"type":"case_status","at":"2025-03-20T11:00:00Z","case":"K2","status":"responded"})",
        R"({"type":"case_opened","at":"2025-02-27T09:00:00Z","case":"K3","kind":"question","priority":"low","customer":"C3","sla":"std"})",
        R"({"type":"case_status","at":"2025-02-27T09:10:00Z","case":"K3","status":"responded"})",
        R"({"type":"case_status","at":"2025-03-02T09:00:00Z","case":"K3","status":"resolved"})",
        R"({"type":"case_opened","at":"2025-03-31T23:30:00Z","case":"K4","kind":"question","priority":"low","customer":"C4","sla":"std"})",
        // Surveys: 3 sends, 2 answered; answers nps 10 and 5, csat 3, ces 6,
        // kiosk [5, 10, 3] (index 100).
        R"({"type":"survey_sent","date":"2025-03-11","customer":"C1","channel":"digital","instrument":"nps"})",
        R"({"type":"survey_answered","date":"2025-03-12","customer":"C1","channel":"digital","instrument":"nps","score":10})",
        R"({"type":"survey_sent","date":"2025-03-12","customer":"C2","channel":"paper","instrument":"csat"})",
        R"({"type":"survey_answered","date":"2025-03-13","customer":"C2","channel":"paper","instrument":"csat","score":3})",
        R"({"type":"survey_sent","date":"2025-03-14","customer":"C3","channel":"interviewer","instrument":"ces"})",
        R"({"type":"survey_answered","date":"2025-03-15","customer":"C4","channel":"digital","instrument":"nps","score":5})",
        R"({"type":"survey_answered","date":"2025-03-16","customer":"C5","channel":"interviewer","instrument":"ces","score":6})",
        R"({"type":"survey_answered","date":"2025-03-17","customer":"C6","channel":"paper","instrument":"kiosk","answers":[5,10,3]})",
    };
    int n = 0;
    for (const char* text : events) {
      std::string json = text;
      json.insert(1, "\"id\":\"e" + std::to_string(++n) + "\",");
      ASSERT_OK_AND_ASSIGN(Event e, parse_event(json));
      ASSERT_OK(ledger_->record(e).status()) << json;
    }
  }

  std::unique_ptr<Ledger> ledger_;
};

const Scorecard::Line& LineOf(const std::vector<Scorecard::Line>& lines, const char* name) {
  for (const Scorecard::Line& l : lines) {
    if (l.name == name) return l;
  }
  static const Scorecard::Line* const none = new Scorecard::Line{"(missing)"};
  ADD_FAILURE() << name << " is not in the report";
  return *none;
}

TEST_F(LedgerScorecardTest, MeasuresEveryLevelOfMarch) {
  ASSERT_OK_AND_ASSIGN(const ScorecardConfig config, parse_scorecard_config(R"({
      "targets": {"nps": 10, "delivery_defect_rate": 0.6},
      "benchmark": {"competitor": "Acme", "values": {"nps": -5, "csat": 80}},
      "certification": {"standard": "UNE-EN ISO 9001:2015", "items": [
          {"id": "7.1", "text": "First response within the SLA", "metric": "first_response_sla",
           "min": 0.9},
          {"id": "9.1", "text": "Satisfaction is monitored", "met": true}]}})"));
  ASSERT_OK_AND_ASSIGN(const Scorecard card,
                       ledger_->scorecard(D("2025-03-01"), D("2025-03-31"), config));

  // Objective. Delivery checks 1 damaged of 2; installations 0 right first
  // time of 1; first response K1 met, K2 breached; resolution the same;
  // maintenance: no plan, nothing measured; surveys 2 answered of 3 sent;
  // one repair of 4 days; one complaint resolved in 23 days (02-10 -> 03-05).
  const auto& defect = LineOf(card.objective, "delivery_defect_rate");
  EXPECT_EQ(defect.measured.count, 1);
  EXPECT_EQ(defect.measured.n, 2);
  EXPECT_EQ(defect.measured.value, 0.5);
  EXPECT_EQ(defect.met, true);  // 0.5 <= 0.6, lower is better
  const auto& rft = LineOf(card.objective, "installation_right_first_time");
  EXPECT_EQ(rft.measured.n, 1);
  EXPECT_EQ(rft.measured.value, 0.0);
  EXPECT_EQ(LineOf(card.objective, "first_response_sla").measured.value, 0.5);
  EXPECT_EQ(LineOf(card.objective, "first_response_sla").measured.n, 2);
  EXPECT_EQ(LineOf(card.objective, "resolution_sla").measured.value, 0.5);
  EXPECT_EQ(LineOf(card.objective, "resolution_sla").measured.n, 2);
  EXPECT_EQ(LineOf(card.objective, "maintenance_compliance").measured.n, 0);
  EXPECT_TRUE(std::isnan(LineOf(card.objective, "maintenance_compliance").measured.value));
  EXPECT_EQ(LineOf(card.objective, "survey_response_rate").measured.count, 2);
  EXPECT_EQ(LineOf(card.objective, "survey_response_rate").measured.n, 3);
  EXPECT_EQ(LineOf(card.objective, "repair_turnaround_days").measured.value, 4.0);
  EXPECT_EQ(LineOf(card.objective, "repair_turnaround_days").measured.n, 1);
  EXPECT_EQ(LineOf(card.objective, "complaint_resolution_days").measured.value, 23.0);

  // Perceived. NPS of 10 and 5: P = D = 1/2, NPS 0, se = 100 sqrt(1/2) =
  // 70.7, interval ±138.6 clipped to [-100, 100]; target 10 missed.
  const auto& nps = LineOf(card.perceived, "nps");
  EXPECT_EQ(nps.measured.n, 2);
  EXPECT_EQ(nps.measured.value, 0.0);
  EXPECT_EQ(nps.measured.low, -100.0);
  EXPECT_EQ(nps.measured.high, 100.0);
  EXPECT_EQ(nps.met, false);
  EXPECT_EQ(LineOf(card.perceived, "csat").measured.value, 0.0);  // 3 is not 4-5
  EXPECT_EQ(LineOf(card.perceived, "ces").measured.value, 6.0);
  EXPECT_TRUE(std::isnan(LineOf(card.perceived, "ces").measured.low));  // one answer
  EXPECT_EQ(LineOf(card.perceived, "servqual").measured.n, 0);
  EXPECT_EQ(LineOf(card.perceived, "instrument:kiosk").measured.value, 100.0);
  EXPECT_EQ(LineOf(card.perceived, "instrument:kiosk").measured.n, 1);

  // Commercial. Complaints: Q1 in time, Q2 late -> 1 of 2. Products sold in
  // March: WASHER has the legal guarantee, CHEAP does not -> 1 of 2.
  const auto& complaints = LineOf(card.commercial, "complaints_answered_in_legal_time");
  EXPECT_EQ(complaints.measured.count, 1);
  EXPECT_EQ(complaints.measured.n, 2);
  EXPECT_EQ(complaints.met, false);
  const auto& cover = LineOf(card.commercial, "products_with_legal_cover");
  EXPECT_EQ(cover.measured.count, 1);
  EXPECT_EQ(cover.measured.n, 2);
  EXPECT_FALSE(card.commercial_honoured);

  // Differentiated: NPS 0 vs -5 (better by 5), CSAT 0 vs 80 (worse by 80).
  EXPECT_EQ(card.competitor, "Acme");
  ASSERT_EQ(card.differentiated.size(), 2u);
  EXPECT_EQ(card.differentiated[0].name, "nps");
  EXPECT_EQ(card.differentiated[0].difference, 5.0);
  EXPECT_EQ(card.differentiated[0].better, true);
  EXPECT_EQ(card.differentiated[1].difference, -80.0);
  EXPECT_EQ(card.differentiated[1].better, false);

  // Certified: first response 0.5 < 0.9 fails; the attested item holds.
  ASSERT_EQ(card.certified.size(), 2u);
  EXPECT_EQ(card.certified[0].met, false);
  EXPECT_EQ(card.certified[0].value, 0.5);
  EXPECT_EQ(card.certified[1].met, true);
  EXPECT_EQ(card.checks_met, 1);
  EXPECT_FALSE(card.certifiable);
}

TEST_F(LedgerScorecardTest, AnotherPeriodMeasuresOtherFacts) {
  // February: Q2 and Q1 not yet judged (deadlines 03-01 and 03-10), K3's
  // response met (02-27 09:10) and its resolution breached on 02-28 09:00.
  ASSERT_OK_AND_ASSIGN(const Scorecard card,
                       ledger_->scorecard(D("2025-02-01"), D("2025-02-28"), ScorecardConfig{}));
  EXPECT_EQ(LineOf(card.commercial, "complaints_answered_in_legal_time").measured.n, 0);
  EXPECT_TRUE(card.commercial_honoured);  // nothing judged, nothing broken
  EXPECT_EQ(LineOf(card.objective, "first_response_sla").measured.value, 1.0);
  EXPECT_EQ(LineOf(card.objective, "resolution_sla").measured.value, 0.0);
  EXPECT_EQ(LineOf(card.objective, "resolution_sla").measured.n, 1);
  EXPECT_EQ(LineOf(card.perceived, "nps").measured.n, 0);
  // A longer legal deadline (2 months) moves Q2's judgement to 04-02.
  ScorecardConfig two;
  two.complaint_response_months = 2;
  ASSERT_OK_AND_ASSIGN(const Scorecard march,
                       ledger_->scorecard(D("2025-03-01"), D("2025-03-31"), two));
  const auto& complaints = LineOf(march.commercial, "complaints_answered_in_legal_time");
  EXPECT_EQ(complaints.measured.count, 1);  // Q1 only
  EXPECT_EQ(complaints.measured.n, 1);
  EXPECT_EQ(complaints.met, true);
  EXPECT_FALSE(march.commercial_honoured);  // CHEAP still lacks the legal guarantee
}

TEST_F(LedgerScorecardTest, BadArgumentsAreRefused) {
  EXPECT_EQ(ledger_->scorecard(D("2025-03-31"), D("2025-03-01"), {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  ScorecardConfig bad;
  bad.targets = {{"happiness", 1}};
  EXPECT_EQ(ledger_->scorecard(D("2025-03-01"), D("2025-03-31"), bad).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace postventa
