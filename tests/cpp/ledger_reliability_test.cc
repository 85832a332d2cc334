// Field reliability from a ledger (SPEC §8, issue 6 point 3): times to first
// failure with censoring, repair histories for the MCF, and the claims
// forecast. Ages are worked out by hand in the comments; the forecast is
// recomputed here from its definition with the product's own fit.
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
#include "postventa/time.h"
#include "postventa/weibull.h"
#include "status_macros.h"

namespace postventa {
namespace {

using ::testing::ElementsAre;

Date D(const char* iso) { return *parse_date(iso); }

class LedgerReliabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(ledger_, Ledger::open_memory());
    ASSERT_OK_AND_ASSIGN(Product washer, parse_product(R"({"sku": "WASHER",
        "installation": "none", "warranties": ["legal-es"]})"));
    ASSERT_OK(ledger_->add_product(washer));
    // U1: delivered 2024-01-10; repairs received 2024-03-10 (60 days) and
    //     2024-06-08 (150 days), the first returned with 300 + 200 of cost.
    // U2: delivered 2024-02-01; no repair: censored at 2024-12-31 (334 days).
    // U3: delivered 2024-03-01; retired 2024-05-30 (90 days): censored, out.
    // U4: delivered 2024-01-01; repair 2024-01-01 (0 days); replaced by U5 on
    //     2024-01-20 (U5 starts then; censored at 346 days on 2024-12-31).
    // U6: sold, not delivered: not in service.
    Sell("U1", "2024-01-05");
    Rec("U1", EventType::kDelivered, "2024-01-10");
    Rec("U1", EventType::kRepairReceived, "2024-03-10", [](Event& e) { e.fault = "pump"; });
    Rec("U1", EventType::kRepairReturned, "2024-03-15", [](Event& e) {
      e.outcome = "fixed";
      e.parts_cost = 300;
      e.labor_cost = 200;
    });
    Rec("U1", EventType::kRepairReceived, "2024-06-08", [](Event& e) { e.fault = "door"; });
    Sell("U2", "2024-01-20");
    Rec("U2", EventType::kDelivered, "2024-02-01");
    Sell("U3", "2024-02-20");
    Rec("U3", EventType::kDelivered, "2024-03-01");
    Rec("U3", EventType::kRetired, "2024-05-30", [](Event& e) { e.reason = "lost"; });
    Sell("U4", "2023-12-20");
    Rec("U4", EventType::kDelivered, "2024-01-01");
    Rec("U4", EventType::kRepairReceived, "2024-01-01", [](Event& e) { e.fault = "pump"; });
    Rec("U4", EventType::kRepairReturned, "2024-01-19", [](Event& e) {
      e.outcome = "not_fixed";
      e.parts_cost = 100;
    });
    Rec("U4", EventType::kReplaced, "2024-01-20", [](Event& e) { e.new_unit = "U5"; });
    Sell("U6", "2024-12-30");
  }

  void Sell(const char* unit, const char* date) {
    Rec(unit, EventType::kSold, date, [](Event& e) {
      e.customer = "C-" + e.unit;
      e.product = "WASHER";
      e.price = 50000;
      e.channel = "store";
    });
  }
  template <typename Fill = void (*)(Event&)>
  void Rec(
      const char* unit, EventType type, const char* date, Fill fill = [](Event&) {}) {
    Event e;
    e.id = "e" + std::to_string(++n_);
    e.type = type;
    e.unit = unit;
    e.date = D(date);
    fill(e);
    ASSERT_OK(ledger_->record(e).status()) << e.id;
  }

  std::unique_ptr<Ledger> ledger_;
  int n_ = 0;
};

TEST_F(LedgerReliabilityTest, TimesToFirstFailureAreCensoredAtTheEndOfObservation) {
  ASSERT_OK_AND_ASSIGN(const std::vector<FailureTime> t, ledger_->failure_times(D("2024-12-31")));
  EXPECT_THAT(t, ElementsAre(FailureTime{"U1", "WASHER", D("2024-01-10"), 60, true},
                             FailureTime{"U2", "WASHER", D("2024-02-01"), 334, false},
                             FailureTime{"U3", "WASHER", D("2024-03-01"), 90, false},
                             FailureTime{"U4", "WASHER", D("2024-01-01"), 0, true},
                             FailureTime{"U5", "WASHER", D("2024-01-20"), 346, false}));
  // On 2024-03-01 U1 has not failed yet (51 days), U3 starts that day.
  ASSERT_OK_AND_ASSIGN(const std::vector<FailureTime> early,
                       ledger_->failure_times(D("2024-03-01")));
  ASSERT_EQ(early.size(), 5u);
  EXPECT_EQ(early[0], (FailureTime{"U1", "WASHER", D("2024-01-10"), 51, false}));
  EXPECT_EQ(early[2], (FailureTime{"U3", "WASHER", D("2024-03-01"), 0, false}));
  // On 2024-01-15 U5, which replaces U4 on 01-20, is not in service yet (and
  // U2, U3 are not delivered): U1 (5 days) and U4 (failed on day 0).
  ASSERT_OK_AND_ASSIGN(const std::vector<FailureTime> before,
                       ledger_->failure_times(D("2024-01-15")));
  EXPECT_THAT(before, ElementsAre(FailureTime{"U1", "WASHER", D("2024-01-10"), 5, false},
                                  FailureTime{"U4", "WASHER", D("2024-01-01"), 0, true}));
}

TEST_F(LedgerReliabilityTest, RepairHistoriesCountEveryRepair) {
  ASSERT_OK_AND_ASSIGN(const std::vector<RepairHistory> h,
                       ledger_->repair_histories(D("2024-12-31")));
  ASSERT_EQ(h.size(), 5u);
  EXPECT_EQ(h[0], (RepairHistory{"U1", "WASHER", D("2024-01-10"), {60, 150}, 356}));
  EXPECT_EQ(h[3], (RepairHistory{"U4", "WASHER", D("2024-01-01"), {0}, 19}));
}

TEST_F(LedgerReliabilityTest, TheForecastSumsConditionalFailureProbabilities) {
  const Date on = D("2024-12-31");
  ASSERT_OK_AND_ASSIGN(const std::vector<ClaimsForecast> rows, ledger_->claims_forecast(on, 3));
  ASSERT_EQ(rows.size(), 3u);
  // The fit: failures 60 and 0.5 (U4 failed on its first day), censored 334,
  // 90 and 346; at risk on `on`: U2 (334 days) and U5 (346).
  const std::vector<double> failures = {60, 0.5}, censored = {334, 90, 346};
  ASSERT_OK_AND_ASSIGN(const WeibullFit fit, weibull_fit(failures, censored));
  const auto F = [&](double t) { return 1 - std::exp(-std::pow(t / fit.scale, fit.shape)); };
  // Months end 2025-01-31 (31 days), 2025-02-28 (59), 2025-03-31 (90).
  const int ends[] = {0, 31, 59, 90};
  // Average claim cost: (300 + 200 + 100) / 2 returns = 300.
  for (int m = 1; m <= 3; ++m) {
    double expected = 0;
    for (double t : {334.0, 346.0}) {
      expected += (F(t + ends[m]) - F(t + ends[m - 1])) / (1 - F(t));
    }
    const ClaimsForecast& r = rows[static_cast<size_t>(m - 1)];
    EXPECT_EQ(r.product, "WASHER");
    EXPECT_EQ(r.month, m);
    EXPECT_EQ(r.units, 2);
    EXPECT_NEAR(r.expected_claims, expected, 1e-12 * std::max(1.0, expected));
    EXPECT_NEAR(r.expected_cost, 300 * expected, 1e-9 * std::max(1.0, expected));
    EXPECT_EQ(r.shape, fit.shape);
  }
  EXPECT_EQ(ledger_->claims_forecast(on, 0).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace postventa
