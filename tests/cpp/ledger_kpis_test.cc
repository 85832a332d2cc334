// The KPIs of SPEC §8 measured from a ledger (issue 6; docs/kpis.md): one
// April with every KPI at work, each value worked out by hand in the comments.
// April 2025 starts on a Tuesday: its Mondays are the 7th, 14th, 21st, 28th.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/kpi.h"
#include "postventa/ledger.h"
#include "postventa/service.h"
#include "postventa/time.h"
#include "status_macros.h"

namespace postventa {
namespace {

Date D(const char* iso) { return *parse_date(iso); }

class LedgerKpisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(ledger_, Ledger::open_memory());
    // OVEN: installed by a specialist, Spain's legal guarantee (36 months,
    // parts and labour at 100 %). KETTLE: no installation, a 12-month
    // commercial warranty from delivery.
    ASSERT_OK_AND_ASSIGN(Product oven, parse_product(R"({"sku": "OVEN",
        "installation": "specialist", "warranties": ["legal-es"]})"));
    ASSERT_OK(ledger_->add_product(oven));
    ASSERT_OK_AND_ASSIGN(Product kettle, parse_product(R"({"sku": "KETTLE", "installation": "none",
        "warranties": [{"name": "shop-1y", "kind": "commercial", "starts_at": "delivery",
                        "parts": {"percent": 100, "months": 12},
                        "labor": {"percent": 100, "months": 12},
                        "travel": {"percent": 0, "months": 0}}]})"));
    ASSERT_OK(ledger_->add_product(kettle));
    ASSERT_OK_AND_ASSIGN(Calendar always, Calendar::from_json(R"({"timezone": "UTC", "week": {
        "mon": [["00:00","24:00"]], "tue": [["00:00","24:00"]], "wed": [["00:00","24:00"]],
        "thu": [["00:00","24:00"]], "fri": [["00:00","24:00"]], "sat": [["00:00","24:00"]],
        "sun": [["00:00","24:00"]]}})"));
    ASSERT_OK(ledger_->add_calendar("always", always));
    // Monday to Friday with Tuesday 2025-04-15 a holiday.
    ASSERT_OK_AND_ASSIGN(Calendar office, Calendar::from_json(R"({"timezone": "UTC", "week": {
        "mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
        "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}, "holidays": ["2025-04-15"]})"));
    ASSERT_OK(ledger_->add_calendar("office", office));
    ASSERT_OK_AND_ASSIGN(SlaPolicy sla, parse_sla_policy(R"({"name": "std", "calendar": "always",
        "targets": {"*": {"first_response": 3600, "resolution": 86400}}})"));
    ASSERT_OK(ledger_->add_sla(sla));

    const char* const events[] = {
        // Sales. A: K0 in 2024, O1 in April (a repeat buyer). B: O2 through a
        // referral. C: K1 and K2 the same day (one purchase, no repeat). D:
        // K3 in March, K4 in April (a repeat buyer). E: K5 in 2023.
        R"({"type":"sold","unit":"K0","date":"2024-12-01","customer":"A","product":"KETTLE","price":3000,"channel":"store"})",
        R"({"type":"delivered","unit":"K0","date":"2024-12-02"})",
        R"({"type":"delivery_checked","unit":"K0","date":"2024-12-02","outcome":"wrong_item"})",
        R"({"type":"sold","unit":"O1","date":"2025-04-02","customer":"A","product":"OVEN","price":90000,"channel":"store"})",
        R"({"type":"delivered","unit":"O1","date":"2025-04-04"})",
        R"({"type":"delivery_checked","unit":"O1","date":"2025-04-04","outcome":"ok"})",
        R"({"type":"installed","unit":"O1","date":"2025-04-04","by":"specialist"})",
        R"({"type":"installation_checked","unit":"O1","date":"2025-04-05","outcome":"ok"})",
        R"({"type":"sold","unit":"O2","date":"2025-04-03","customer":"B","product":"OVEN","price":90000,"channel":"referral"})",
        R"({"type":"delivered","unit":"O2","date":"2025-04-07"})",
        R"({"type":"delivery_checked","unit":"O2","date":"2025-04-07","outcome":"late"})",
        R"({"type":"installed","unit":"O2","date":"2025-04-08","by":"specialist"})",
        R"({"type":"installation_checked","unit":"O2","date":"2025-04-09","outcome":"defective"})",
        R"({"type":"installation_checked","unit":"O2","date":"2025-04-10","outcome":"ok"})",
        R"({"type":"sold","unit":"K1","date":"2025-04-05","customer":"C","product":"KETTLE","price":3000,"channel":"web"})",
        R"({"type":"sold","unit":"K2","date":"2025-04-05","customer":"C","product":"KETTLE","price":3000,"channel":"web"})",
        R"({"type":"delivered","unit":"K1","date":"2025-04-06"})",
        R"({"type":"delivery_checked","unit":"K1","date":"2025-04-06","outcome":"damaged"})",
        R"({"type":"delivered","unit":"K2","date":"2025-04-06"})",
        R"({"type":"delivery_checked","unit":"K2","date":"2025-04-06","outcome":"ok"})",
        R"({"type":"sold","unit":"K3","date":"2025-03-01","customer":"D","product":"KETTLE","price":3000,"channel":"store"})",
        R"({"type":"delivered","unit":"K3","date":"2025-03-02"})",
        R"({"type":"sold","unit":"K4","date":"2025-04-20","customer":"D","product":"KETTLE","price":3000,"channel":"store"})",
        R"({"type":"delivered","unit":"K4","date":"2025-04-21"})",
        R"({"type":"delivery_checked","unit":"K4","date":"2025-04-21","outcome":"ok"})",
        R"({"type":"sold","unit":"K5","date":"2023-01-10","customer":"E","product":"KETTLE","price":3000,"channel":"store"})",
        R"({"type":"delivered","unit":"K5","date":"2023-01-11"})",
        // Repairs (working days Monday to Friday, [received, returned)).
        // O1 door: Mon 14 -> Thu 17, 3 days, fixed, 100 + 50 under legal-es;
        //   the door again Mon 28 (11 days later: a repeat, and the first
        //   repair no first-time fix), back in May.
        R"({"type":"repair_received","unit":"O1","date":"2025-04-14","fault":"door"})",
        R"({"type":"repair_returned","unit":"O1","date":"2025-04-17","outcome":"fixed","parts_cost":10000,"labor_cost":5000})",
        R"({"type":"repair_received","unit":"O1","date":"2025-04-28","fault":"door"})",
        R"({"type":"repair_returned","unit":"O1","date":"2025-05-02","outcome":"fixed","parts_cost":7000})",
        // K0 heater: Fri 4 -> Tue 8 (Fri, Mon: 2 days) not fixed, 20 + 30
        //   covered; again Wed 9 (a repeat) -> Fri 11 (2 days), fixed, free.
        R"({"type":"repair_received","unit":"K0","date":"2025-04-04","fault":"heater"})",
        R"({"type":"repair_returned","unit":"K0","date":"2025-04-08","outcome":"not_fixed","parts_cost":2000,"labor_cost":3000})",
        R"({"type":"repair_received","unit":"K0","date":"2025-04-09","fault":"heater"})",
        R"({"type":"repair_returned","unit":"K0","date":"2025-04-11","outcome":"fixed"})",
        // K3 lid: Tue 03-25 -> Tue 04-01, 5 days, fixed, 10 covered.
        R"({"type":"repair_received","unit":"K3","date":"2025-03-25","fault":"lid"})",
        R"({"type":"repair_returned","unit":"K3","date":"2025-04-01","outcome":"fixed","parts_cost":1000,"labor_cost":0})",
        // K5 heater: Tue 22 -> Thu 24, 2 days, fixed; its warranty ended in
        //   2024, so the company pays nothing of 40 + 10.
        R"({"type":"repair_received","unit":"K5","date":"2025-04-22","fault":"heater"})",
        R"({"type":"repair_returned","unit":"K5","date":"2025-04-24","outcome":"fixed","parts_cost":4000,"labor_cost":1000})",
        // Cases (1 h to respond, 24 h to resolve, round the clock). C1 on
        // O1: responded in 0.5 h, resolved in 11 h, both met. C2 without a
        // unit: responded in 2 h (breached), never resolved (breached on
        // 04-21 09:00).
        R"({"type":"case_opened","at":"2025-04-14T09:00:00Z","case":"C1","kind":"repair","priority":"high","customer":"A","unit":"O1","sla":"std"})",
        R"({"type":"case_status","at":"2025-04-14T09:30:00Z","case":"C1","status":"responded"})",
        R"({"type":"case_status","at":"2025-04-14T20:00:00Z","case":"C1","status":"resolved"})",
        R"({"type":"case_opened","at":"2025-04-20T09:00:00Z","case":"C2","kind":"question","priority":"low","customer":"B","sla":"std"})",
        R"({"type":"case_status","at":"2025-04-20T11:00:00Z","case":"C2","status":"responded"})",
        // Surveys: two sends about ovens (one answered), one about no unit.
        R"({"type":"survey_sent","date":"2025-04-18","customer":"A","unit":"O1","channel":"digital","instrument":"nps"})",
        R"({"type":"survey_answered","date":"2025-04-19","customer":"A","unit":"O1","channel":"digital","instrument":"nps","score":9})",
        R"({"type":"survey_sent","date":"2025-04-18","customer":"B","unit":"O2","channel":"paper","instrument":"nps"})",
        R"({"type":"survey_sent","date":"2025-04-25","customer":"C","channel":"interviewer","instrument":"csat"})",
        // Complaints resolved in April: Q1 on K3, 03-20 -> 04-03, 14 days;
        // Q2 without a unit, 04-10 -> 04-15, 5 days.
        R"({"type":"complaint_opened","date":"2025-03-20","customer":"D","unit":"K3","case":"Q1"})",
        R"({"type":"complaint_resolved","date":"2025-04-03","customer":"D","unit":"K3","case":"Q1"})",
        R"({"type":"complaint_opened","date":"2025-04-10","customer":"B","case":"Q2"})",
        R"({"type":"complaint_resolved","date":"2025-04-15","customer":"B","case":"Q2"})",
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

// The KPI `name` of `product` in `values`.
const KpiValue& Find(const std::vector<KpiValue>& values, const std::string& product,
                     const std::string& name) {
  for (const KpiValue& v : values) {
    if (v.product == product && v.kpi == name) return v;
  }
  static const KpiValue* const none = new KpiValue{"?", "?", std::nan(""), -1, std::nan("")};
  ADD_FAILURE() << product << "/" << name << " missing";
  return *none;
}

void ExpectKpi(const std::vector<KpiValue>& values, const std::string& product,
               const std::string& name, double value, int64_t n, double total) {
  const KpiValue& v = Find(values, product, name);
  SCOPED_TRACE(product + "/" + name);
  if (std::isnan(value)) {
    EXPECT_TRUE(std::isnan(v.value)) << v.value;
  } else {
    EXPECT_DOUBLE_EQ(v.value, value);
  }
  EXPECT_EQ(v.n, n);
  if (std::isnan(total)) {
    EXPECT_TRUE(std::isnan(v.total)) << v.total;
  } else {
    EXPECT_DOUBLE_EQ(v.total, total);
  }
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST_F(LedgerKpisTest, TotalsOfApril) {
  ASSERT_OK_AND_ASSIGN(std::vector<KpiValue> v, ledger_->kpis(D("2025-04-01"), D("2025-04-30")));
  // Delivery checks in April: O1 ok, O2 late, K1 damaged, K2 ok, K4 ok.
  ExpectKpi(v, "", "on_time_delivery", 4.0 / 5, 5, 4);
  ExpectKpi(v, "", "delivery_defect_rate", 2.0 / 5, 5, 2);
  // O1 ok; O2 defective at its first check (the later ok does not count).
  ExpectKpi(v, "", "installation_right_first_time", 0.5, 2, 1);
  // Returned in April: O1 3, K0 2, K0 2, K3 5, K5 2 working days.
  ExpectKpi(v, "", "mean_time_to_repair", 14.0 / 5, 5, 14);
  ExpectKpi(v, "", "median_time_to_repair", 2, 5, kNaN);
  // First-time fixes: K0's second, K3, K5 (O1 came back, K0's first was not fixed).
  ExpectKpi(v, "", "first_time_fix_rate", 3.0 / 5, 5, 3);
  // Received in April: O1 ×2, K0 ×2, K5; repeats: O1 on the 28th, K0 on the 9th.
  ExpectKpi(v, "", "repeat_repair_rate", 2.0 / 5, 5, 2);
  // The company's share: 150 (O1) + 50 (K0) + 0 + 10 (K3) + 0 (K5) = 210.00
  // over the 5 units sold in April.
  ExpectKpi(v, "", "warranty_cost_per_unit_sold", 21000.0 / 5, 5, 21000);
  ExpectKpi(v, "", "first_response_sla", 0.5, 2, 1);
  ExpectKpi(v, "", "resolution_sla", 0.5, 2, 1);
  ExpectKpi(v, "", "first_response_hours", (0.5 + 2) / 2, 2, 2.5);
  ExpectKpi(v, "", "resolution_hours", 11, 1, 11);
  ExpectKpi(v, "", "maintenance_compliance", kNaN, 0, kNaN);  // no plans
  ExpectKpi(v, "", "survey_response_rate", 1.0 / 3, 3, 1);
  ExpectKpi(v, "", "complaint_resolution_days", (14 + 5) / 2.0, 2, 19);
  // Buyers A (repeat), B, C (two units one day: no repeat), D (repeat).
  ExpectKpi(v, "", "repurchase_rate", 0.5, 4, 2);
  ExpectKpi(v, "", "referral_count", 1, 5, 1);
}

TEST_F(LedgerKpisTest, PerProductAfterTheTotalSortedBySku) {
  ASSERT_OK_AND_ASSIGN(std::vector<KpiValue> v, ledger_->kpis(D("2025-04-01"), D("2025-04-30")));
  const size_t per = kpi_catalog().size();
  ASSERT_EQ(v.size(), 3 * per);
  for (size_t i = 0; i < v.size(); ++i) {
    EXPECT_EQ(v[i].product, i < per ? "" : i < 2 * per ? "KETTLE" : "OVEN") << i;
    EXPECT_EQ(v[i].kpi, kpi_catalog()[i % per].name) << i;
  }
  ExpectKpi(v, "OVEN", "on_time_delivery", 0.5, 2, 1);
  ExpectKpi(v, "KETTLE", "on_time_delivery", 1, 3, 3);
  ExpectKpi(v, "KETTLE", "delivery_defect_rate", 1.0 / 3, 3, 1);
  ExpectKpi(v, "KETTLE", "installation_right_first_time", kNaN, 0, kNaN);
  ExpectKpi(v, "OVEN", "mean_time_to_repair", 3, 1, 3);
  ExpectKpi(v, "KETTLE", "mean_time_to_repair", 11.0 / 4, 4, 11);
  ExpectKpi(v, "KETTLE", "median_time_to_repair", 2, 4, kNaN);  // 2, 2, 2, 5
  ExpectKpi(v, "OVEN", "first_time_fix_rate", 0, 1, 0);
  ExpectKpi(v, "KETTLE", "first_time_fix_rate", 0.75, 4, 3);
  ExpectKpi(v, "OVEN", "repeat_repair_rate", 0.5, 2, 1);
  ExpectKpi(v, "KETTLE", "repeat_repair_rate", 1.0 / 3, 3, 1);
  ExpectKpi(v, "OVEN", "warranty_cost_per_unit_sold", 7500, 2, 15000);
  ExpectKpi(v, "KETTLE", "warranty_cost_per_unit_sold", 2000, 3, 6000);
  // The case on O1 counts for ovens; the one without a unit only in the total.
  ExpectKpi(v, "OVEN", "first_response_sla", 1, 1, 1);
  ExpectKpi(v, "OVEN", "resolution_hours", 11, 1, 11);
  ExpectKpi(v, "KETTLE", "first_response_sla", kNaN, 0, kNaN);
  ExpectKpi(v, "OVEN", "survey_response_rate", 0.5, 2, 1);
  ExpectKpi(v, "KETTLE", "survey_response_rate", kNaN, 0, kNaN);
  ExpectKpi(v, "KETTLE", "complaint_resolution_days", 14, 1, 14);
  ExpectKpi(v, "OVEN", "complaint_resolution_days", kNaN, 0, kNaN);
  ExpectKpi(v, "OVEN", "repurchase_rate", 0.5, 2, 1);    // A repeat, B new
  ExpectKpi(v, "KETTLE", "repurchase_rate", 0.5, 2, 1);  // C new, D repeat
  ExpectKpi(v, "OVEN", "referral_count", 1, 2, 1);
  ExpectKpi(v, "KETTLE", "referral_count", 0, 3, 0);
}

TEST_F(LedgerKpisTest, TimeToRepairOnANamedCalendar) {
  KpiOptions options;
  options.calendar = "office";
  options.by_product = false;
  ASSERT_OK_AND_ASSIGN(std::vector<KpiValue> v,
                       ledger_->kpis(D("2025-04-01"), D("2025-04-30"), options));
  EXPECT_EQ(v.size(), kpi_catalog().size());
  // The holiday on Tuesday the 15th takes a day off O1's repair: 2, 2, 2, 5, 2.
  ExpectKpi(v, "", "mean_time_to_repair", 13.0 / 5, 5, 13);
  options.calendar = "nowhere";
  const absl::Status missing = ledger_->kpis(D("2025-04-01"), D("2025-04-30"), options).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.message(), testing::HasSubstr("calendar: \"nowhere\""));
}

TEST_F(LedgerKpisTest, PeriodsAndErrors) {
  // March: K3's lid and Q1 are still open; nothing is measured but the
  // sale of K3 (no repurchase: D's first purchase).
  ASSERT_OK_AND_ASSIGN(std::vector<KpiValue> v, ledger_->kpis(D("2025-03-01"), D("2025-03-31")));
  ExpectKpi(v, "", "mean_time_to_repair", kNaN, 0, kNaN);
  ExpectKpi(v, "", "repeat_repair_rate", 0, 1, 0);
  ExpectKpi(v, "", "repurchase_rate", 0, 1, 0);
  ExpectKpi(v, "", "warranty_cost_per_unit_sold", 0, 1, 0);
  EXPECT_EQ(ledger_->kpis(D("2025-04-30"), D("2025-04-01")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(KpiCatalog, ValuesFromCounts) {
  KpiCounts c;
  c.repair_working_days = {4, 1, 3, 10};
  c.units_sold = 0;
  const std::vector<KpiValue> v = kpi_values("X", c);
  ASSERT_EQ(v.size(), kpi_catalog().size());
  ExpectKpi(v, "X", "median_time_to_repair", 3.5, 4, kNaN);  // (3 + 4) / 2
  ExpectKpi(v, "X", "mean_time_to_repair", 4.5, 4, 18);
  ExpectKpi(v, "X", "referral_count", 0, 0, 0);  // a count is 0, not unknown
  ExpectKpi(v, "X", "repurchase_rate", kNaN, 0, kNaN);
  EXPECT_EQ(find_kpi("first_time_fix_rate")->test, "rate");
  EXPECT_TRUE(find_kpi("first_time_fix_rate")->higher_is_better);
  EXPECT_EQ(find_kpi("complaint_resolution_days")->test, "duration");
  EXPECT_EQ(find_kpi("referral_count")->test, "");
  EXPECT_EQ(find_kpi("nps"), nullptr);
}

TEST(KpiCatalog, Table) {
  KpiCounts c;
  c.delivery_checks = 4;
  c.deliveries_on_time = 3;
  const std::vector<KpiValue> v = kpi_values("", c);
  ASSERT_OK_AND_ASSIGN(Table t, to_table(v));
  ASSERT_EQ(t.num_columns(), 6);
  EXPECT_EQ(t.num_rows(), static_cast<int64_t>(kpi_catalog().size()));
  EXPECT_TRUE(t.is_null(0, 0));  // the total has no product
  EXPECT_EQ(t.string_value(1, 0), "on_time_delivery");
  EXPECT_DOUBLE_EQ(t.double_values(2)[0], 0.75);
  EXPECT_EQ(t.int64_values(3)[0], 4);
  EXPECT_EQ(t.string_value(5, 0), "ratio");
  EXPECT_TRUE(t.is_null(2, 3));  // mean time to repair: nothing measured
}

}  // namespace
}  // namespace postventa
