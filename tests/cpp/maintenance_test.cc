// The maintenance work list and compliance over a whole ledger (SPEC §4):
// Ledger::maintenance_due and Ledger::maintenance_compliance. The due dates of
// one unit are tested in warranty_test.cc; here every expected line is worked
// out by hand from the plan below.
#include <algorithm>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/ledger.h"
#include "postventa/time.h"
#include "status_macros.h"

namespace postventa {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Date D(const char* iso) { return *parse_date(iso); }

// A boiler serviced every 12 months on a fixed grid from delivery, ±15 days.
Product Boiler() {
  Product p;
  p.sku = "BOILER";
  p.installation = InstallationMode::kNone;
  p.warranties = {*warranty_preset("legal-es")};
  MaintenancePlan plan;
  plan.every_months = 12;
  plan.anchor = MaintenanceAnchor::kFixed;
  plan.grace_days = 15;
  p.maintenance = plan;
  return p;
}

Product Toaster() {
  Product p;
  p.sku = "TOAST";
  p.installation = InstallationMode::kNone;
  p.warranties = {*warranty_preset("legal-eu-min")};
  return p;
}

class MaintenanceDueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(ledger_, Ledger::open_memory());
    ASSERT_OK(ledger_->add_product(Boiler()));
    ASSERT_OK(ledger_->add_product(Toaster()));
  }

  void Add(EventType type, const std::string& unit, const char* date) {
    Event e;
    e.id = unit + "-" + std::to_string(++n_);
    e.type = type;
    e.unit = unit;
    e.date = D(date);
    switch (type) {
      case EventType::kSold:
        e.customer = "C-" + unit;
        e.product = unit == "T1" ? "TOAST" : "BOILER";
        e.price = 100000;
        e.channel = "store";
        break;
      case EventType::kRetired:
        e.reason = "recycled";
        break;
      default:
        break;
    }
    ASSERT_OK(ledger_->record(e).status()) << e.id;
  }
  void Delivered(const std::string& unit, const char* sold, const char* delivered) {
    Add(EventType::kSold, unit, sold);
    Add(EventType::kDelivered, unit, delivered);
  }

  // The boilers of Example() under serials with a suffix, in one batch.
  void ExampleGroup(const std::string& suffix, std::vector<Event>* batch) {
    auto add = [&](EventType type, const std::string& unit, const char* date) {
      Event& e = batch->emplace_back();
      e.id = unit + "-" + std::to_string(++n_);
      e.type = type;
      e.unit = unit;
      e.date = D(date);
      if (type == EventType::kSold) {
        e.customer = "C-" + unit;
        e.product = "BOILER";
        e.price = 100000;
        e.channel = "store";
      }
      if (type == EventType::kRetired) e.reason = "recycled";
    };
    auto delivered = [&](const char* name, const char* sold, const char* on) {
      add(EventType::kSold, name + suffix, sold);
      add(EventType::kDelivered, name + suffix, on);
    };
    delivered("U1", "2023-01-10", "2023-01-31");
    add(EventType::kMaintenanceDone, "U1" + suffix, "2024-02-10");
    delivered("U2", "2024-05-01", "2024-05-20");
    delivered("U3", "2024-06-01", "2024-06-15");
    delivered("U4", "2024-06-01", "2024-06-10");
    add(EventType::kMaintenanceDone, "U4" + suffix, "2025-05-28");
    delivered("U5", "2023-02-20", "2023-03-01");
    add(EventType::kMaintenanceDone, "U5" + suffix, "2025-04-20");
    delivered("U6", "2023-02-20", "2023-03-01");
    delivered("U7", "2023-02-20", "2023-03-01");
    add(EventType::kRetired, "U7" + suffix, "2025-02-01");
  }

  // The ledger of the worked example, seen on 2025-06-01.
  void Example() {
    // U1: dues 2024-01-31 (done 2024-02-10, inside [01-16, 02-15]: met),
    // 2025-01-31 (nothing in [01-16, 02-15]: missed, nothing since: overdue).
    Delivered("U1", "2023-01-10", "2023-01-31");
    Add(EventType::kMaintenanceDone, "U1", "2024-02-10");
    // U2: due 2025-05-20; its window [05-05, 06-04] is still open on 06-01.
    Delivered("U2", "2024-05-01", "2024-05-20");
    // U3: due 2025-06-15, inside a 30-day horizon (up to 07-01).
    Delivered("U3", "2024-06-01", "2024-06-15");
    // U4: due 2025-06-10, already done early on 05-28 (inside [05-26, 06-25]).
    Delivered("U4", "2024-06-01", "2024-06-10");
    Add(EventType::kMaintenanceDone, "U4", "2025-05-28");
    // U5: dues 2024-03-01 and 2025-03-01 both missed, but done late on
    // 2025-04-20: not overdue any more.
    Delivered("U5", "2023-02-20", "2023-03-01");
    Add(EventType::kMaintenanceDone, "U5", "2025-04-20");
    // U6: the same dues, never done: one overdue line, the earliest.
    Delivered("U6", "2023-02-20", "2023-03-01");
    // U7: like U6 but retired on 2025-02-01: out of the field.
    Delivered("U7", "2023-02-20", "2023-03-01");
    Add(EventType::kRetired, "U7", "2025-02-01");
    // T1: a toaster has no plan.
    Delivered("T1", "2024-06-01", "2024-06-02");
  }

  std::unique_ptr<Ledger> ledger_;
  int n_ = 0;
};

MaintenanceDue Line(const char* unit, const char* due, bool overdue) {
  return MaintenanceDue{unit, D(due), overdue, "BOILER"};
}

TEST_F(MaintenanceDueTest, WorkListOverEveryUnit) {
  Example();
  ASSERT_OK_AND_ASSIGN(const std::vector<MaintenanceDue> due,
                       ledger_->maintenance_due(D("2025-06-01"), 30));
  EXPECT_THAT(due, ElementsAre(Line("U6", "2024-03-01", true), Line("U1", "2025-01-31", true),
                               Line("U2", "2025-05-20", false), Line("U3", "2025-06-15", false)));
}

TEST_F(MaintenanceDueTest, HorizonZeroKeepsOnlyWhatIsDueOrOverdue) {
  Example();
  ASSERT_OK_AND_ASSIGN(const std::vector<MaintenanceDue> due,
                       ledger_->maintenance_due(D("2025-06-01"), 0));
  EXPECT_THAT(due, ElementsAre(Line("U6", "2024-03-01", true), Line("U1", "2025-01-31", true),
                               Line("U2", "2025-05-20", false)));
}

TEST_F(MaintenanceDueTest, TheGraceWindowClosingMakesADueOverdue) {
  Example();
  // U2's window [05-05, 06-04]: open on 06-04, closed on 06-05.
  ASSERT_OK_AND_ASSIGN(std::vector<MaintenanceDue> due,
                       ledger_->maintenance_due(D("2025-06-04"), 0));
  EXPECT_THAT(due, testing::Contains(Line("U2", "2025-05-20", false)));
  ASSERT_OK_AND_ASSIGN(due, ledger_->maintenance_due(D("2025-06-05"), 0));
  EXPECT_THAT(due, testing::Contains(Line("U2", "2025-05-20", true)));
}

TEST_F(MaintenanceDueTest, OnlyEventsUpToTheDateCount) {
  Example();
  // On 2024-02-05, U1's 2024-01-31 due is still open (done only on 02-10) and
  // the later maintenance must not be seen; U5/U6/U7 are not due before
  // 2024-03-01, which is inside a 30-day horizon (up to 2024-03-06).
  ASSERT_OK_AND_ASSIGN(const std::vector<MaintenanceDue> due,
                       ledger_->maintenance_due(D("2024-02-05"), 30));
  EXPECT_THAT(due, ElementsAre(Line("U1", "2024-01-31", false), Line("U5", "2024-03-01", false),
                               Line("U6", "2024-03-01", false), Line("U7", "2024-03-01", false)));
}

// A ledger large enough to be split across threads (tens of thousands of
// units) gives, per unit, the lines of the worked example, in the documented
// order: by due date, then unit serial.
TEST_F(MaintenanceDueTest, ALargeLedgerGivesEveryUnitsLinesInOrder) {
  constexpr int kGroups = 4000;  // 28 000 units
  std::vector<Event> batch;
  for (int g = 0; g < kGroups; ++g) ExampleGroup("-" + std::to_string(g), &batch);
  ASSERT_OK(ledger_->record_many(batch).status());
  std::vector<MaintenanceDue> expected;
  std::vector<MaintenanceCompliance> compliance;
  for (int g = 0; g < kGroups; ++g) {
    const std::string s = "-" + std::to_string(g);
    expected.push_back(MaintenanceDue{"U6" + s, D("2024-03-01"), true, "BOILER"});
    expected.push_back(MaintenanceDue{"U1" + s, D("2025-01-31"), true, "BOILER"});
    expected.push_back(MaintenanceDue{"U2" + s, D("2025-05-20"), false, "BOILER"});
    expected.push_back(MaintenanceDue{"U3" + s, D("2025-06-15"), false, "BOILER"});
    for (const auto& [unit, due, met] : {std::tuple{"U1", 2, 1},
                                         {"U2", 0, 0},
                                         {"U3", 0, 0},
                                         {"U4", 0, 0},
                                         {"U5", 2, 0},
                                         {"U6", 2, 0},
                                         {"U7", 1, 0}}) {
      compliance.push_back(MaintenanceCompliance{unit + s, "BOILER", due, met});
    }
  }
  std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
    return std::tie(a.due, a.unit) < std::tie(b.due, b.unit);
  });
  std::sort(compliance.begin(), compliance.end(),
            [](const auto& a, const auto& b) { return a.unit < b.unit; });
  ASSERT_OK_AND_ASSIGN(const std::vector<MaintenanceDue> due,
                       ledger_->maintenance_due(D("2025-06-01"), 30));
  EXPECT_TRUE(due == expected) << due.size() << " lines";
  ASSERT_OK_AND_ASSIGN(const std::vector<MaintenanceCompliance> c,
                       ledger_->maintenance_compliance(D("2025-06-01")));
  EXPECT_TRUE(c == compliance) << c.size() << " units";
}

TEST_F(MaintenanceDueTest, ANegativeHorizonIsRefused) {
  const absl::Status s = ledger_->maintenance_due(D("2025-06-01"), -1).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "horizon_days: must be 0 or more, got -1");
}

TEST_F(MaintenanceDueTest, AnEmptyLedgerHasNothingDue) {
  ASSERT_OK_AND_ASSIGN(const std::vector<MaintenanceDue> due,
                       ledger_->maintenance_due(D("2025-06-01"), 365));
  EXPECT_THAT(due, IsEmpty());
}

MaintenanceCompliance Compliance(const char* unit, int64_t due, int64_t met) {
  return MaintenanceCompliance{unit, "BOILER", due, met};
}

TEST_F(MaintenanceDueTest, CompliancePerUnit) {
  Example();
  // Due dates whose window closed before 2025-06-01:
  // U1: 2024-01-31 met, 2025-01-31 missed -> 2 due, 1 met. U2, U3, U4: none.
  // U5, U6: 2024-03-01 and 2025-03-01 missed -> 2, 0.
  // U7: retired 2025-02-01, so only 2024-03-01 counts -> 1, 0. T1: no plan.
  ASSERT_OK_AND_ASSIGN(const std::vector<MaintenanceCompliance> c,
                       ledger_->maintenance_compliance(D("2025-06-01")));
  EXPECT_THAT(c, ElementsAre(Compliance("U1", 2, 1), Compliance("U2", 0, 0), Compliance("U3", 0, 0),
                             Compliance("U4", 0, 0), Compliance("U5", 2, 0), Compliance("U6", 2, 0),
                             Compliance("U7", 1, 0)));
}

}  // namespace
}  // namespace postventa
