// Anomalies and corrective action in the ledger (SPEC §8, seed 003; issue 6):
// the staff-shortage story of docs/corrective.md. In July first responses are
// slow (half of 40 cases answered in 2 h against a 1 h target); temporary
// hires start on 1 August and 36 of August's 40 cases are answered in 30 min.
// The reference values come from statsmodels and lifelines (in comments).
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/catalog.h"
#include "postventa/corrective.h"
#include "postventa/event.h"
#include "postventa/ledger.h"
#include "postventa/service.h"
#include "postventa/time.h"
#include "status_macros.h"

namespace postventa {
namespace {

Date D(const char* iso) { return *parse_date(iso); }

constexpr char kStory[] = R"({"id": "AN-1", "detected": "2025-07-16",
    "description": "first responses late in July",
    "implications": ["half of the first responses miss the 1 h target"],
    "cause": "staff_shortage", "cause_detail": "two technicians on leave",
    "measures": [{"description": "temporary hires", "date": "2025-08-01"}],
    "verification": {"kpi": "first_response_sla"}})";

class LedgerCorrectiveTest : public ::testing::Test {
 protected:
  void Open(const std::string& path = "") {
    if (path.empty()) {
      ASSERT_OK_AND_ASSIGN(ledger_, Ledger::open_memory());
    } else {
      ASSERT_OK_AND_ASSIGN(ledger_, Ledger::open(path));
    }
  }

  void Story() {
    ASSERT_OK_AND_ASSIGN(Product oven, parse_product(R"({"sku": "OVEN", "installation": "none",
        "warranties": ["legal-es"]})"));
    ASSERT_OK(ledger_->add_product(oven));
    ASSERT_OK_AND_ASSIGN(Calendar always, Calendar::from_json(R"({"timezone": "UTC", "week": {
        "mon": [["00:00","24:00"]], "tue": [["00:00","24:00"]], "wed": [["00:00","24:00"]],
        "thu": [["00:00","24:00"]], "fri": [["00:00","24:00"]], "sat": [["00:00","24:00"]],
        "sun": [["00:00","24:00"]]}})"));
    ASSERT_OK(ledger_->add_calendar("always", always));
    ASSERT_OK_AND_ASSIGN(SlaPolicy sla, parse_sla_policy(R"({"name": "std", "calendar": "always",
        "targets": {"*": {"first_response": 3600, "resolution": 864000}}})"));
    ASSERT_OK(ledger_->add_sla(sla));
    // One unit, so that the cases of the second half name a product.
    ASSERT_OK(ledger_
                  ->record(*parse_event(R"({"id": "s", "type": "sold", "unit": "O1",
        "date": "2025-01-10", "customer": "Z", "product": "OVEN", "price": 1, "channel": "store"})"))
                  .status());
    std::vector<Event> events;
    // 40 cases a month, opened at 09:00 (two on some days); July: even ones
    // answered in 30 min, odd ones in 2 h; August: the first 36 in 30 min.
    for (int month : {7, 8}) {
      for (int i = 0; i < 40; ++i) {
        const std::string id = absl::StrCat("C", month, "-", i);
        const std::string at =
            absl::StrFormat("2025-%02d-%02dT%02d:00:00Z", month, 1 + i % 31, 9 + i / 31);
        const bool fast = month == 7 ? i % 2 == 0 : i < 36;
        const std::string answered =
            absl::StrFormat("2025-%02d-%02dT%02d:%s:00Z", month, 1 + i % 31,
                            9 + i / 31 + (fast ? 0 : 2), fast ? "30" : "00");
        const std::string unit = i >= 20 ? R"(, "unit": "O1")" : "";
        events.push_back(*parse_event(absl::StrCat(
            R"({"id": ")", id, R"(o", "type": "case_opened", "at": ")", at, R"(", "case": ")", id,
            R"(", "kind": "question", "priority": "low", "customer": "Z", "sla": "std")", unit,
            "}")));
        events.push_back(*parse_event(absl::StrCat(R"({"id": ")", id, R"(r", "type": "case_status",
            "at": ")",
                                                   answered, R"(", "case": ")", id,
                                                   R"(", "status": "responded"})")));
      }
    }
    ASSERT_OK(ledger_->record_many(events).status());
  }

  std::unique_ptr<Ledger> ledger_;
};

TEST_F(LedgerCorrectiveTest, RateVerifiedByTheTwoProportionTest) {
  Open();
  Story();
  ASSERT_OK_AND_ASSIGN(Anomaly anomaly, parse_anomaly(kStory, verifiable_kpis()));
  ASSERT_OK(ledger_->put_anomaly(anomaly));
  ASSERT_OK_AND_ASSIGN(AnomalyReview r, ledger_->verify_anomaly("AN-1", D("2025-08-31")));
  // After: [08-01, 08-31]; before: the 31 days before it.
  EXPECT_EQ(r.windows.after, (DateWindow{D("2025-08-01"), D("2025-08-31")}));
  EXPECT_EQ(r.windows.before, (DateWindow{D("2025-07-01"), D("2025-07-31")}));
  const Verification& v = r.verification;
  EXPECT_EQ(v.test, EffectTest::kTwoProportionZ);
  EXPECT_EQ(v.n_before, 40);
  EXPECT_EQ(v.n_after, 40);
  EXPECT_DOUBLE_EQ(v.value_before, 0.5);
  EXPECT_DOUBLE_EQ(v.value_after, 0.9);
  // statsmodels proportions_ztest([36, 20], [40, 40]):
  // (3.903600291794133, 9.477225139792279e-05).
  EXPECT_NEAR(v.statistic, 3.903600291794133, 1e-12);
  EXPECT_NEAR(v.p_value, 9.477225139792279e-05, 1e-15);
  EXPECT_EQ(v.verdict, Verdict::kEffective);
  // The JSON every face gives: the record, the windows, the verification.
  const std::string json = anomaly_review_to_json(r);
  EXPECT_THAT(json, testing::StartsWith(absl::StrCat("{\"anomaly\":", anomaly_to_json(anomaly),
                                                     ",\"as_of\":\"2025-08-31\",\"windows\":{"
                                                     "\"before\":{\"start\":\"2025-07-01\","
                                                     "\"end\":\"2025-07-31\"},\"after\":{"
                                                     "\"start\":\"2025-08-01\",\"end\":"
                                                     "\"2025-08-31\"}},\"verification\":")));
  EXPECT_THAT(json, testing::EndsWith(absl::StrCat(verification_to_json(v), "}")));
}

TEST_F(LedgerCorrectiveTest, DurationsVerifiedByTheLogRankTest) {
  Open();
  Story();
  ASSERT_OK_AND_ASSIGN(Anomaly anomaly, parse_anomaly(kStory, verifiable_kpis()));
  anomaly.verification.kpi = "first_response_hours";
  ASSERT_OK(ledger_->put_anomaly(anomaly));
  ASSERT_OK_AND_ASSIGN(AnomalyReview r, ledger_->verify_anomaly("AN-1", D("2025-08-31")));
  const Verification& v = r.verification;
  EXPECT_EQ(v.test, EffectTest::kLogRank);
  EXPECT_EQ(v.n_before, 40);
  EXPECT_EQ(v.n_after, 40);
  // Medians: July 20 × 0.5 h and 20 × 2 h: S reaches 0.5 at 0.5 h; August 0.5 h.
  EXPECT_DOUBLE_EQ(v.value_before, 0.5);
  EXPECT_DOUBLE_EQ(v.value_after, 0.5);
  // lifelines logrank_test([0.5]*20 + [2]*20, [0.5]*36 + [2]*4):
  // 15.04761904761905, p 0.00010483241731641469.
  EXPECT_NEAR(v.statistic, 15.04761904761905, 1e-9);
  EXPECT_NEAR(v.p_value, 0.00010483241731641469, 1e-12);
  EXPECT_EQ(v.verdict, Verdict::kEffective);

  // As of 08-10 only August's first 10 days count after (cases 0-9 on days
  // 1-10 and 31-39 on days 1-9: 19, too few), and the 10 days before
  // (07-22..07-31: cases 21-30).
  ASSERT_OK_AND_ASSIGN(AnomalyReview early, ledger_->verify_anomaly("AN-1", D("2025-08-10")));
  EXPECT_EQ(early.windows.before, (DateWindow{D("2025-07-22"), D("2025-07-31")}));
  EXPECT_EQ(early.verification.n_before, 10);
  EXPECT_EQ(early.verification.n_after, 19);
  EXPECT_EQ(early.verification.verdict, Verdict::kInconclusive);
}

TEST_F(LedgerCorrectiveTest, PerProductAndOpenCasesCensored) {
  Open();
  Story();
  // A case opened on 08-30 and never answered: censored at 15 h on 08-31 end.
  ASSERT_OK(ledger_
                ->record(*parse_event(R"({"id": "late", "type": "case_opened",
      "at": "2025-08-31T09:00:00Z", "case": "L", "kind": "question", "priority": "low",
      "customer": "Z", "sla": "std", "unit": "O1"})"))
                .status());
  ASSERT_OK_AND_ASSIGN(Anomaly anomaly, parse_anomaly(kStory, verifiable_kpis()));
  anomaly.verification.kpi = "first_response_hours";
  anomaly.verification.product = "OVEN";
  ASSERT_OK(ledger_->put_anomaly(anomaly));
  ASSERT_OK_AND_ASSIGN(AnomalyReview r, ledger_->verify_anomaly("AN-1", D("2025-08-31")));
  // OVEN's cases: i >= 20 of each month, 20 + the open one after.
  EXPECT_EQ(r.verification.n_before, 20);
  EXPECT_EQ(r.verification.n_after, 21);
  EXPECT_EQ(r.verification.verdict, Verdict::kInconclusive);
  anomaly.verification.product = "TOASTER";
  EXPECT_EQ(ledger_->put_anomaly(anomaly).code(), absl::StatusCode::kNotFound);
}

TEST_F(LedgerCorrectiveTest, RecordsAreStoredReplacedAndRefused) {
  const std::string path = ::testing::TempDir() + "/corrective_test.sqlite";
  std::remove(path.c_str());
  Open(path);
  Story();
  ASSERT_OK_AND_ASSIGN(Anomaly anomaly, parse_anomaly(kStory, verifiable_kpis()));
  Anomaly first = anomaly;
  first.measures.clear();
  ASSERT_OK(ledger_->put_anomaly(first));
  EXPECT_EQ(ledger_->verify_anomaly("AN-1", D("2025-08-31")).status().code(),
            absl::StatusCode::kFailedPrecondition);  // no measure yet
  ASSERT_OK(ledger_->put_anomaly(anomaly));          // the measure taken: replaces it
  ASSERT_OK(ledger_->put_anomaly(anomaly));          // the same again: a no-op
  Anomaly other = anomaly;
  other.id = "AN-2";
  other.cause = RootCause::kDemandSpike;
  ASSERT_OK(ledger_->put_anomaly(other));
  Anomaly count = anomaly;
  count.verification.kpi = "referral_count";  // a count has no test
  EXPECT_EQ(ledger_->put_anomaly(count).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ledger_->verify_anomaly("AN-9", D("2025-08-31")).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ledger_->verify_anomaly("AN-1", D("2025-08-31"), "nowhere").status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_OK(ledger_->close());
  Open(path);
  ASSERT_OK_AND_ASSIGN(std::vector<Anomaly> stored, ledger_->anomalies());
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0], anomaly);
  EXPECT_EQ(stored[1], other);
  ASSERT_OK_AND_ASSIGN(AnomalyReview r, ledger_->verify_anomaly("AN-1", D("2025-08-31")));
  EXPECT_EQ(r.verification.verdict, Verdict::kEffective);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace postventa
