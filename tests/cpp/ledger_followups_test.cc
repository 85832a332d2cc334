// Follow-up contacts planned from a ledger (SPEC §6): which facts the ledger
// hands the planner (unit events, resolved cases, survey answers, complaints,
// due dates, warranty ends) and by which rule set. The planner's own rules are
// tested in followup_test.cc; every date here is worked out by hand.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/followup.h"
#include "postventa/ledger.h"
#include "postventa/time.h"
#include "status_macros.h"

namespace postventa {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Date D(const char* iso) { return *parse_date(iso); }

}  // namespace

// Readable failures.
void PrintTo(const Contact& c, std::ostream* os) {
  *os << format_date(c.date) << " " << c.customer << "/" << c.unit << " " << c.touchpoint << " by "
      << c.channel << " (priority " << c.priority << ")";
  if (c.moved_from) *os << " moved from " << format_date(*c.moved_from);
}

namespace {

// A washer installed by a specialist, with operator training, a yearly
// service from installation and a 3-year commercial warranty from delivery.
Product Washer() {
  Product p;
  p.sku = "WASHER";
  p.installation = InstallationMode::kSpecialist;
  p.training = true;
  WarrantyPolicy maker;
  maker.name = "maker-3y";
  maker.kind = PolicyKind::kCommercial;
  maker.starts_at = CoverStart::kDelivery;
  maker.parts = {100, 36};
  maker.labor = {100, 36};
  p.warranties = {*warranty_preset("legal-es"), maker};
  MaintenancePlan plan;
  plan.every_months = 12;
  plan.grace_days = 15;
  p.maintenance = plan;
  return p;
}

class LedgerFollowupsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(ledger_, Ledger::open_memory());
    ASSERT_OK(ledger_->add_product(Washer()));
  }

  Event Ev(EventType type, const char* date) {
    Event e;
    e.id = "e" + std::to_string(++n_);
    e.type = type;
    e.unit = is_unit_event(type) ? "W1" : "";
    e.date = D(date);
    return e;
  }
  void Rec(const Event& e) { ASSERT_OK(ledger_->record(e).status()) << e.id; }

  // Sold Monday 2025-03-03, delivered Wednesday 03-05, installed by a
  // specialist Thursday 03-06.
  void SellW1() {
    Event sold = Ev(EventType::kSold, "2025-03-03");
    sold.customer = "C1";
    sold.product = "WASHER";
    sold.price = 60000;
    sold.channel = "store";
    Rec(sold);
    Rec(Ev(EventType::kDelivered, "2025-03-05"));
    Event installed = Ev(EventType::kInstalled, "2025-03-06");
    installed.by = "specialist";
    Rec(installed);
  }

  // The default rule set with room for every contact (cap 10 instead of 3).
  void RoomyDefault() {
    FollowupRules rules = default_followup_rules();
    rules.max_contacts_per_30_days = 10;
    ASSERT_OK(ledger_->add_followups(rules));
  }

  std::unique_ptr<Ledger> ledger_;
  int n_ = 0;
};

struct Line {
  const char* date;
  const char* touchpoint;
  const char* channel;
};

std::vector<Contact> Expected(std::initializer_list<Line> lines,
                              const std::vector<Contact>& actual) {
  // Compare date, customer, unit, touchpoint and channel; priority and
  // moved_from are copied from the actual line when the touchpoints agree.
  std::vector<Contact> out;
  size_t i = 0;
  for (const Line& l : lines) {
    Contact c;
    c.date = D(l.date);
    c.customer = "C1";
    c.unit = "W1";
    c.touchpoint = l.touchpoint;
    c.channel = l.channel;
    if (i < actual.size() && actual[i].touchpoint == c.touchpoint) {
      c.priority = actual[i].priority;
      c.moved_from = actual[i].moved_from;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

TEST_F(LedgerFollowupsTest, TheFirstMonthOfASale) {
  RoomyDefault();
  SellW1();
  // thank-you on the sale day; delivery check on the delivery day; training
  // on the 3rd working day after delivery (Thu 06, Fri 07, Mon 10);
  // installation check 1 working day after Thursday's installation (Fri 07);
  // delivery survey 7 days after delivery (Wed 12).
  ASSERT_OK_AND_ASSIGN(const std::vector<Contact> plan,
                       ledger_->followups(D("2025-03-01"), D("2025-03-31")));
  EXPECT_EQ(plan, Expected({{"2025-03-03", "thank_you", "letter"},
                            {"2025-03-05", "delivery_check", "phone"},
                            {"2025-03-07", "installation_check", "visit"},
                            {"2025-03-10", "operator_training", "visit"},
                            {"2025-03-12", "delivery_survey", "digital"}},
                           plan));
  for (const Contact& c : plan) EXPECT_EQ(c.moved_from, std::nullopt) << c.touchpoint;
}

TEST_F(LedgerFollowupsTest, DueDatesWarrantyEndAndTheYearlyCall) {
  RoomyDefault();
  SellW1();
  // Service due a year after installation, 2026-03-06: reminder 14 days
  // before (02-20). Relationship call a year after the sale (2026-03-03).
  ASSERT_OK_AND_ASSIGN(std::vector<Contact> plan,
                       ledger_->followups(D("2026-02-01"), D("2026-03-31")));
  EXPECT_EQ(plan, Expected({{"2026-02-20", "maintenance_reminder", "phone"},
                            {"2026-03-03", "relationship_call", "phone"}},
                           plan));
  // The commercial cover runs 36 months from delivery, to 2028-03-05: the
  // offer goes 30 days before, 2028-02-04 (2028 is a leap year: Feb has 29).
  // The third service is due 2028-03-06 (36 months from installation): its
  // reminder 14 days before is 2028-02-21.
  ASSERT_OK_AND_ASSIGN(plan, ledger_->followups(D("2028-02-01"), D("2028-02-29")));
  EXPECT_EQ(plan, Expected({{"2028-02-04", "warranty_end_offer", "letter"},
                            {"2028-02-21", "maintenance_reminder", "phone"}},
                           plan));
}

TEST_F(LedgerFollowupsTest, CasesSurveysAndAComplaint) {
  RoomyDefault();
  SellW1();
  // A repair case of W1 resolved on 2025-04-01: a survey 2 days later (04-03).
  Event opened = Ev(EventType::kCaseOpened, "2025-03-28");
  opened.case_id = "K1";
  opened.kind = "repair";
  opened.priority = "high";
  opened.customer = "C1";
  opened.unit = "W1";
  opened.sla = "std";
  opened.at = absl::FromCivil(absl::CivilSecond(2025, 3, 28, 9, 0, 0), absl::UTCTimeZone());
  Rec(opened);
  Event resolved = Ev(EventType::kCaseStatus, "2025-04-01");
  resolved.case_id = "K1";
  resolved.status = "resolved";
  resolved.at = absl::FromCivil(absl::CivilSecond(2025, 4, 1, 10, 0, 0), absl::UTCTimeZone());
  Rec(resolved);
  // Two NPS promoters: 04-10 (referral on 04-11, while a complaint is open
  // from 04-08 to 04-15: dropped) and 04-20 (referral 04-21, kept).
  for (const char* day : {"2025-04-10", "2025-04-20"}) {
    Event answer = Ev(EventType::kSurveyAnswered, day);
    answer.customer = "C1";
    answer.unit = "W1";
    answer.channel = "digital";
    answer.instrument = "nps";
    answer.score = 10;
    Rec(answer);
  }
  Event complaint = Ev(EventType::kComplaintOpened, "2025-04-08");
  complaint.customer = "C1";
  complaint.case_id = "Q1";
  Rec(complaint);
  Event done = Ev(EventType::kComplaintResolved, "2025-04-15");
  done.customer = "C1";
  done.case_id = "Q1";
  Rec(done);
  ASSERT_OK_AND_ASSIGN(const std::vector<Contact> plan,
                       ledger_->followups(D("2025-04-01"), D("2025-04-30")));
  EXPECT_EQ(plan, Expected({{"2025-04-03", "case_survey", "interviewer"},
                            {"2025-04-21", "referral_request", "email"}},
                           plan));
}

TEST_F(LedgerFollowupsTest, TheBuiltInDefaultCapsThreeContactsIn30Days) {
  SellW1();
  // Cap 3: placed by priority, installation check (100), delivery check (90),
  // training (70) keep their dates; the thank-you (60) finds every 30-day
  // window around 03-03 .. 04-03 full (03-05, 03-07, 03-10) and goes on 04-04
  // (window 03-06..04-04 holds 03-07 and 03-10); the survey (30) then finds
  // 04-05 full (03-07, 03-10, 04-04) and goes on 04-06.
  ASSERT_OK_AND_ASSIGN(const std::vector<Contact> plan,
                       ledger_->followups(D("2025-03-01"), D("2025-04-30")));
  ASSERT_EQ(plan.size(), 5u);
  EXPECT_EQ(plan, Expected({{"2025-03-05", "delivery_check", "phone"},
                            {"2025-03-07", "installation_check", "visit"},
                            {"2025-03-10", "operator_training", "visit"},
                            {"2025-04-04", "thank_you", "letter"},
                            {"2025-04-06", "delivery_survey", "digital"}},
                           plan));
  EXPECT_EQ(plan[3].moved_from, D("2025-03-03"));
  EXPECT_EQ(plan[4].moved_from, D("2025-03-12"));
  // A smaller window is the same plan cut down, whatever the events after it.
  ASSERT_OK_AND_ASSIGN(const std::vector<Contact> march,
                       ledger_->followups(D("2025-03-01"), D("2025-03-31")));
  EXPECT_EQ(march, std::vector<Contact>(plan.begin(), plan.begin() + 3));
  ASSERT_OK_AND_ASSIGN(const std::vector<Contact> early_april,
                       ledger_->followups(D("2025-04-01"), D("2025-04-05")));
  EXPECT_EQ(early_april, std::vector<Contact>(plan.begin() + 3, plan.begin() + 4));
}

TEST_F(LedgerFollowupsTest, RuleSetsByName) {
  FollowupRules rules;
  rules.name = "quiet";
  rules.calendar = "nowhere";
  FollowupRule thanks;
  thanks.touchpoint = "thanks";
  thanks.after = "sold";
  thanks.channel = "email";
  thanks.category = "courtesy";
  rules.rules = {thanks};
  EXPECT_EQ(ledger_->add_followups(rules).message(),
            "calendar: \"nowhere\" is not in this ledger (add it first)");
  rules.calendar = "";
  ASSERT_OK(ledger_->add_followups(rules));
  ASSERT_OK(ledger_->add_followups(rules));  // the same again: a no-op
  rules.max_contacts_per_30_days = 5;
  EXPECT_EQ(ledger_->add_followups(rules).code(), absl::StatusCode::kAlreadyExists);

  Product quiet = Washer();
  quiet.sku = "QUIET";
  quiet.followups = "quiet";
  ASSERT_OK(ledger_->add_product(quiet));
  Event sold = Ev(EventType::kSold, "2025-03-03");
  sold.unit = "Q1";
  sold.customer = "C2";
  sold.product = "QUIET";
  sold.price = 1;
  sold.channel = "web";
  Rec(sold);
  ASSERT_OK_AND_ASSIGN(const std::vector<Contact> plan,
                       ledger_->followups(D("2025-03-01"), D("2025-03-31")));
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].touchpoint, "thanks");
  EXPECT_EQ(plan[0].customer, "C2");
  EXPECT_EQ(plan[0].date, D("2025-03-03"));

  Product lost = Washer();
  lost.sku = "LOST";
  lost.followups = "missing";
  ASSERT_OK(ledger_->add_product(lost));
  sold.id = "lost-1";
  sold.unit = "L1";
  sold.product = "LOST";
  Rec(sold);
  EXPECT_EQ(ledger_->followups(D("2025-03-01"), D("2025-03-31")).status().message(),
            "product \"LOST\": follow-up rule set \"missing\" is not in this ledger");
  EXPECT_EQ(ledger_->followups(D("2025-03-31"), D("2025-03-01")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Tens of thousands of units (the ledger splits them across threads): every
// unit gets the five contacts of TheFirstMonthOfASale, in the documented
// order (date, customer, ...).
TEST_F(LedgerFollowupsTest, ALargeLedgerPlansEveryUnit) {
  RoomyDefault();
  constexpr int kCustomers = 12000;  // two washers each: 24 000 units
  std::vector<Event> batch;
  for (int c = 0; c < kCustomers; ++c) {
    for (const char* suffix : {"a", "b"}) {
      const std::string unit = "W" + std::to_string(c) + suffix;
      auto add = [&](EventType type, const char* date) -> Event& {
        Event& e = batch.emplace_back();
        e.id = unit + "-" + std::to_string(batch.size());
        e.type = type;
        e.unit = unit;
        e.date = D(date);
        return e;
      };
      Event& sold = add(EventType::kSold, "2025-03-03");
      sold.customer = "C" + std::to_string(c);
      sold.product = "WASHER";
      sold.price = 60000;
      sold.channel = "store";
      add(EventType::kDelivered, "2025-03-05");
      add(EventType::kInstalled, "2025-03-06").by = "specialist";
    }
  }
  ASSERT_OK(ledger_->record_many(batch).status());
  ASSERT_OK_AND_ASSIGN(const std::vector<Contact> plan,
                       ledger_->followups(D("2025-03-01"), D("2025-03-31")));
  ASSERT_EQ(plan.size(), 5u * 2 * kCustomers);
  const std::vector<std::pair<Date, std::string>> per_unit = {
      {D("2025-03-03"), "thank_you"},
      {D("2025-03-05"), "delivery_check"},
      {D("2025-03-07"), "installation_check"},
      {D("2025-03-10"), "operator_training"},
      {D("2025-03-12"), "delivery_survey"}};
  std::map<std::pair<std::string, std::string>, int> count;  // (unit, touchpoint)
  for (size_t i = 0; i < plan.size(); ++i) {
    const Contact& c = plan[i];
    EXPECT_EQ(c.customer, "C" + c.unit.substr(1, c.unit.size() - 2)) << c.unit;
    const auto it = std::find_if(per_unit.begin(), per_unit.end(),
                                 [&](const auto& p) { return p.second == c.touchpoint; });
    ASSERT_NE(it, per_unit.end()) << c.touchpoint;
    EXPECT_EQ(c.date, it->first) << c.touchpoint;
    ++count[{c.unit, c.touchpoint}];
    if (i > 0) {
      EXPECT_LE(std::tie(plan[i - 1].date, plan[i - 1].customer), std::tie(c.date, c.customer));
    }
  }
  EXPECT_EQ(count.size(), plan.size());  // each unit's touchpoint once
}

TEST_F(LedgerFollowupsTest, AnEmptyLedgerPlansNothing) {
  ASSERT_OK_AND_ASSIGN(const std::vector<Contact> plan,
                       ledger_->followups(D("2025-03-01"), D("2025-03-31")));
  EXPECT_THAT(plan, IsEmpty());
}

}  // namespace
}  // namespace postventa
