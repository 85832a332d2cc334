// Follow-up contacts (SPEC §6). Every expected date is worked out by hand from
// the SPEC and docs/followups.md; the working is in the comments.
//
// Dates used often: 2025-03-03 is a Monday; 2025 Easter Sunday is 04-20, so with
// the test calendar's holidays "easter:-2" and "easter:1" Friday 04-18 and
// Monday 04-21 are not working days.
#include "postventa/followup.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/time.h"
#include "status_macros.h"

namespace postventa {

void PrintTo(const Contact& c, std::ostream* os) {
  *os << "{" << format_date(c.date) << " " << c.customer << " " << c.unit << " " << c.touchpoint
      << " " << c.channel << " p" << c.priority;
  if (c.moved_from) *os << " moved_from " << format_date(*c.moved_from);
  *os << "}";
}

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

Date D(absl::string_view iso) { return *parse_date(iso); }

LifecycleFact Fact(absl::string_view after, absl::string_view date,
                   absl::string_view customer = "C1", absl::string_view unit = "U1") {
  LifecycleFact f;
  f.after = std::string(after);
  f.date = D(date);
  f.customer = std::string(customer);
  f.unit = std::string(unit);
  f.product = "P1";
  return f;
}

Contact C(absl::string_view date, absl::string_view customer, absl::string_view unit,
          absl::string_view touchpoint, absl::string_view channel, int priority,
          std::optional<absl::string_view> moved_from = std::nullopt) {
  Contact c;
  c.date = D(date);
  c.customer = std::string(customer);
  c.unit = std::string(unit);
  c.touchpoint = std::string(touchpoint);
  c.channel = std::string(channel);
  c.priority = priority;
  if (moved_from) c.moved_from = D(*moved_from);
  return c;
}

Calendar TestCalendar() {
  absl::StatusOr<Calendar> cal = Calendar::from_json(R"({
    "timezone": "Europe/Madrid",
    "week": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
             "thu": [["09:00","17:00"]], "fri": [["09:00","15:00"]]},
    "holidays": ["easter:-2", "easter:1"]})");
  EXPECT_TRUE(cal.ok()) << cal.status();
  return *cal;
}

// Plans with one rule set and no calendar.
absl::StatusOr<std::vector<Contact>> Plan(const FollowupRules& rules,
                                          const std::vector<LifecycleFact>& facts,
                                          absl::string_view from, absl::string_view to,
                                          const std::vector<ComplaintSpan>& complaints = {},
                                          const std::vector<ContactMade>& made = {},
                                          const Calendar* calendar = nullptr) {
  const RuleSetRef ref{&rules, calendar};
  return plan_followups({&ref, 1}, facts, complaints, made, D(from), D(to));
}

FollowupRule Rule(absl::string_view touchpoint, absl::string_view after, int offset_days,
                  int priority, absl::string_view category = "courtesy") {
  FollowupRule r;
  r.touchpoint = std::string(touchpoint);
  r.after = std::string(after);
  r.offset_days = offset_days;
  r.channel = "phone";
  r.category = std::string(category);
  r.priority = priority;
  return r;
}

FollowupRules Set(std::vector<FollowupRule> rules, int max_contacts) {
  FollowupRules set;
  set.name = "test";
  set.max_contacts_per_30_days = max_contacts;
  set.rules = std::move(rules);
  return set;
}

// ---------------------------------------------------------------------------
// The default rule set, rule by rule (one fact per test, so the cap of 3 never bites).

TEST(DefaultRules, AreValidAndNamedDefault) {
  const FollowupRules rules = default_followup_rules();
  EXPECT_EQ(rules.name, "default");
  EXPECT_EQ(rules.calendar, "");
  EXPECT_EQ(rules.max_contacts_per_30_days, 3);
  EXPECT_TRUE(validate_followup_rules(rules).ok()) << validate_followup_rules(rules);
  std::vector<std::string> touchpoints;
  for (const FollowupRule& r : rules.rules) touchpoints.push_back(r.touchpoint);
  EXPECT_THAT(touchpoints,
              ElementsAre("thank_you", "delivery_check", "installation_check", "operator_training",
                          "delivery_survey", "case_survey", "referral_request",
                          "maintenance_reminder", "warranty_end_offer", "relationship_call"));
}

TEST(DefaultRules, ThankYouOnTheSaleDay) {
  ASSERT_OK_AND_ASSIGN(auto plan, Plan(default_followup_rules(), {Fact("sold", "2025-03-03")},
                                       "2025-03-01", "2025-03-31"));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-03", "C1", "U1", "thank_you", "letter", 60)));
}

TEST(DefaultRules, DeliveryCheckOnTheDayAndSurveySevenDaysLater) {
  // Delivered Wednesday 2025-03-05: call the same day; survey 03-05 + 7 = 03-12.
  ASSERT_OK_AND_ASSIGN(auto plan, Plan(default_followup_rules(), {Fact("delivered", "2025-03-05")},
                                       "2025-03-01", "2025-03-31"));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-05", "C1", "U1", "delivery_check", "phone", 90),
                                C("2025-03-12", "C1", "U1", "delivery_survey", "digital", 30)));
}

TEST(DefaultRules, InstallationCheckOneWorkingDayAfterASpecialist) {
  LifecycleFact friday = Fact("installed", "2025-03-07", "C1");  // Friday -> Monday 03-10
  friday.by = "specialist";
  LifecycleFact thursday = Fact("installed", "2025-04-17", "C2");  // before Good Friday
  thursday.by = "specialist";
  LifecycleFact by_customer = Fact("installed", "2025-03-07", "C3");
  by_customer.by = "customer";  // no visit
  ASSERT_OK_AND_ASSIGN(auto plan, Plan(default_followup_rules(), {friday, thursday, by_customer},
                                       "2025-03-01", "2025-04-30"));
  // Without a calendar (Monday to Friday) Good Friday is a working day.
  EXPECT_THAT(plan, ElementsAre(C("2025-03-10", "C1", "U1", "installation_check", "visit", 100),
                                C("2025-04-18", "C2", "U1", "installation_check", "visit", 100)));

  // With the calendar: Thursday 04-17 -> Fri 18 (holiday), Sat, Sun, Mon 21
  // (holiday) -> Tuesday 04-22.
  const Calendar cal = TestCalendar();
  FollowupRules rules = default_followup_rules();
  rules.calendar = "madrid";
  ASSERT_OK_AND_ASSIGN(auto with_calendar,
                       Plan(rules, {thursday}, "2025-04-01", "2025-04-30", {}, {}, &cal));
  EXPECT_THAT(with_calendar,
              ElementsAre(C("2025-04-22", "C2", "U1", "installation_check", "visit", 100)));
}

TEST(DefaultRules, OperatorTrainingThreeWorkingDaysAfterDeliveryOfATrainingProduct) {
  LifecycleFact trained = Fact("delivered", "2025-03-06", "C1");  // Thursday
  trained.product_training = true;
  const LifecycleFact untrained = Fact("delivered", "2025-03-06", "C2");
  ASSERT_OK_AND_ASSIGN(
      auto plan, Plan(default_followup_rules(), {trained, untrained}, "2025-03-01", "2025-03-31"));
  // Thu 03-06 -> Fri 07 (1), Mon 10 (2), Tue 11 (3). Survey 03-06 + 7 = 03-13.
  EXPECT_THAT(plan, ElementsAre(C("2025-03-06", "C1", "U1", "delivery_check", "phone", 90),
                                C("2025-03-06", "C2", "U1", "delivery_check", "phone", 90),
                                C("2025-03-11", "C1", "U1", "operator_training", "visit", 70),
                                C("2025-03-13", "C1", "U1", "delivery_survey", "digital", 30),
                                C("2025-03-13", "C2", "U1", "delivery_survey", "digital", 30)));

  // Over Easter with the calendar: Wed 04-16 -> Thu 17 (1), Tue 22 (2), Wed 23 (3).
  const Calendar cal = TestCalendar();
  FollowupRules rules = default_followup_rules();
  rules.calendar = "madrid";
  LifecycleFact easter = Fact("delivered", "2025-04-16");
  easter.product_training = true;
  ASSERT_OK_AND_ASSIGN(auto with_calendar,
                       Plan(rules, {easter}, "2025-04-17", "2025-04-30", {}, {}, &cal));
  // Survey 04-16 + 7 = 04-23 too; on one day the higher priority comes first.
  EXPECT_THAT(with_calendar,
              ElementsAre(C("2025-04-23", "C1", "U1", "operator_training", "visit", 70),
                          C("2025-04-23", "C1", "U1", "delivery_survey", "digital", 30)));
}

TEST(DefaultRules, SurveyTwoDaysAfterACaseIsResolved) {
  ASSERT_OK_AND_ASSIGN(
      auto plan, Plan(default_followup_rules(), {Fact("case_resolved", "2025-03-03")}, "2025-03-01",
                      "2025-03-31"));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-05", "C1", "U1", "case_survey", "interviewer", 40)));
}

TEST(DefaultRules, ReferralRequestTheDayAfterAPromoterAnswer) {
  auto answer = [](absl::string_view customer, absl::string_view instrument,
                   std::optional<double> score) {
    LifecycleFact f = Fact("survey_answered", "2025-03-03", customer, "");
    f.instrument = std::string(instrument);
    f.score = score;
    return f;
  };
  ASSERT_OK_AND_ASSIGN(
      auto plan, Plan(default_followup_rules(),
                      {answer("C1", "nps", 9), answer("C2", "nps", 10), answer("C3", "nps", 8),
                       answer("C4", "csat", 5), answer("C5", "nps", std::nullopt)},
                      "2025-03-01", "2025-03-31"));
  // NPS promoters are 9-10 (SPEC §7): only C1 and C2, on 03-03 + 1.
  EXPECT_THAT(plan, ElementsAre(C("2025-03-04", "C1", "", "referral_request", "email", 20),
                                C("2025-03-04", "C2", "", "referral_request", "email", 20)));
}

TEST(DefaultRules, MaintenanceReminderFourteenDaysBeforeTheDueDate) {
  // 2025-06-15 - 14 days = 2025-06-01.
  ASSERT_OK_AND_ASSIGN(auto plan,
                       Plan(default_followup_rules(), {Fact("maintenance_due", "2025-06-15")},
                            "2025-05-01", "2025-06-30"));
  EXPECT_THAT(plan, ElementsAre(C("2025-06-01", "C1", "U1", "maintenance_reminder", "phone", 80)));
}

TEST(DefaultRules, WarrantyEndOfferThirtyDaysBeforeTheLastCommercialCoverEnds) {
  // 2027-03-05 - 5 days = 02-28 (2027 is not a leap year), - 25 more = 02-03.
  ASSERT_OK_AND_ASSIGN(
      auto plan, Plan(default_followup_rules(), {Fact("warranty_end", "2027-03-05")}, "2027-01-01",
                      "2027-03-31"));
  EXPECT_THAT(plan, ElementsAre(C("2027-02-03", "C1", "U1", "warranty_end_offer", "letter", 50)));
}

TEST(DefaultRules, RelationshipCallEveryTwelveMonthsOverMonthEnds) {
  ASSERT_OK_AND_ASSIGN(auto plan,
                       Plan(default_followup_rules(),
                            {Fact("sold", "2024-01-31", "C1"), Fact("sold", "2024-02-29", "C2")},
                            "2024-01-01", "2026-12-31"));
  // add_months(2024-01-31, 12k) = 2025-01-31, 2026-01-31; add_months(2024-02-29,
  // 12k) = 2025-02-28, 2026-02-28 (not chained: k = 4 would give 2028-02-29).
  // None at the sale itself; only up to `to`.
  EXPECT_THAT(plan, ElementsAre(C("2024-01-31", "C1", "U1", "thank_you", "letter", 60),
                                C("2024-02-29", "C2", "U1", "thank_you", "letter", 60),
                                C("2025-01-31", "C1", "U1", "relationship_call", "phone", 10),
                                C("2025-02-28", "C2", "U1", "relationship_call", "phone", 10),
                                C("2026-01-31", "C1", "U1", "relationship_call", "phone", 10),
                                C("2026-02-28", "C2", "U1", "relationship_call", "phone", 10)));
  ASSERT_OK_AND_ASSIGN(auto leap, Plan(default_followup_rules(), {Fact("sold", "2024-02-29")},
                                       "2028-01-01", "2028-12-31"));
  EXPECT_THAT(leap, ElementsAre(C("2028-02-29", "C1", "U1", "relationship_call", "phone", 10)));
}

TEST(Repeats, EachOccurrenceCountsFromTheTriggerNotFromThePreviousOne) {
  FollowupRule monthly = Rule("monthly", "sold", 0, 1);
  monthly.every_months = 1;
  // From 2024-01-31: 02-29, 03-31, 04-30 (chaining would give 03-29, 04-29).
  ASSERT_OK_AND_ASSIGN(
      auto plan, Plan(Set({monthly}, 9), {Fact("sold", "2024-01-31")}, "2024-01-01", "2024-04-30"));
  EXPECT_THAT(plan, ElementsAre(C("2024-02-29", "C1", "U1", "monthly", "phone", 1),
                                C("2024-03-31", "C1", "U1", "monthly", "phone", 1),
                                C("2024-04-30", "C1", "U1", "monthly", "phone", 1)));
}

TEST(Repeats, OffsetAppliesToEachOccurrence) {
  FollowupRule yearly = Rule("before_anniversary", "sold", 0, 1);
  yearly.offset_days = 0;
  yearly.offset_working_days = -1;
  yearly.every_months = 12;
  // Anniversaries of 2024-03-10 (Sunday 2024): 2025-03-10 is a Monday -> the
  // working day before is Friday 2025-03-07; 2026-03-10 is a Tuesday -> Monday 03-09.
  ASSERT_OK_AND_ASSIGN(
      auto plan, Plan(Set({yearly}, 3), {Fact("sold", "2024-03-10")}, "2024-01-01", "2026-12-31"));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-07", "C1", "U1", "before_anniversary", "phone", 1),
                                C("2026-03-09", "C1", "U1", "before_anniversary", "phone", 1)));
}

// ---------------------------------------------------------------------------
// Working-day offsets.

TEST(WorkingDays, NegativeAndZeroOffsets) {
  FollowupRule two_before = Rule("two_before", "maintenance_due", 0, 1);
  two_before.offset_working_days = -2;
  FollowupRule same_or_next = Rule("same_or_next", "delivered", 0, 1);
  same_or_next.offset_working_days = 0;
  const FollowupRules rules = Set({two_before, same_or_next}, 9);
  // Due Monday 03-10: Fri 07 (1), Thu 06 (2). Delivered Saturday 03-15: n = 0
  // gives the next working day, Monday 03-17.
  ASSERT_OK_AND_ASSIGN(auto plan, Plan(rules,
                                       {Fact("maintenance_due", "2025-03-10", "C1"),
                                        Fact("delivered", "2025-03-15", "C2")},
                                       "2025-03-01", "2025-03-31"));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-06", "C1", "U1", "two_before", "phone", 1),
                                C("2025-03-17", "C2", "U1", "same_or_next", "phone", 1)));

  // With the calendar: due Tuesday 04-22 -> Mon 21 (holiday), Fri 18 (holiday),
  // Thu 17 (1), Wed 16 (2). Delivered Good Friday 04-18 (n = 0) -> Tuesday 04-22.
  FollowupRules named = rules;
  named.calendar = "madrid";
  const Calendar cal = TestCalendar();
  ASSERT_OK_AND_ASSIGN(auto with_calendar, Plan(named,
                                                {Fact("maintenance_due", "2025-04-22", "C1"),
                                                 Fact("delivered", "2025-04-18", "C2")},
                                                "2025-04-01", "2025-04-30", {}, {}, &cal));
  EXPECT_THAT(with_calendar, ElementsAre(C("2025-04-16", "C1", "U1", "two_before", "phone", 1),
                                         C("2025-04-22", "C2", "U1", "same_or_next", "phone", 1)));
}

TEST(WorkingDays, WholeWeeksFromAWeekend) {
  FollowupRule plus_five = Rule("plus_five", "delivered", 0, 1);
  plus_five.offset_working_days = 5;
  FollowupRule minus_five = Rule("minus_five", "delivered", 0, 1);
  minus_five.offset_working_days = -5;
  // Sunday 03-16: 5 working days after are Mon 17 .. Fri 21; 5 before are
  // Fri 14, Thu 13, Wed 12, Tue 11, Mon 10.
  ASSERT_OK_AND_ASSIGN(auto plan,
                       Plan(Set({plus_five, minus_five}, 9), {Fact("delivered", "2025-03-16")},
                            "2025-03-01", "2025-03-31"));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-10", "C1", "U1", "minus_five", "phone", 1),
                                C("2025-03-21", "C1", "U1", "plus_five", "phone", 1)));
}

// ---------------------------------------------------------------------------
// Suppression while a complaint is open.

TEST(Suppression, SurveyDroppedWhileAComplaintIsOpenButNotOnItsResolutionDay) {
  // Each customer has a delivery on Monday 03-03: delivery check 03-03, survey 03-10.
  const std::vector<LifecycleFact> facts = {
      Fact("delivered", "2025-03-03", "C1"), Fact("delivered", "2025-03-03", "C2"),
      Fact("delivered", "2025-03-03", "C3"), Fact("delivered", "2025-03-03", "C4")};
  const std::vector<ComplaintSpan> complaints = {
      {"C1", D("2025-03-08"), D("2025-03-11")},  // open on 03-10: survey dropped
      {"C2", D("2025-03-08"), D("2025-03-10")},  // resolved on 03-10: not open that day
      {"C3", D("2025-03-10"), std::nullopt},     // opened that day, still open
      {"C4", D("2025-03-01"), std::nullopt},     // service contacts still made
  };
  ASSERT_OK_AND_ASSIGN(
      auto plan, Plan(default_followup_rules(), facts, "2025-03-01", "2025-04-30", complaints));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-03", "C1", "U1", "delivery_check", "phone", 90),
                                C("2025-03-03", "C2", "U1", "delivery_check", "phone", 90),
                                C("2025-03-03", "C3", "U1", "delivery_check", "phone", 90),
                                C("2025-03-03", "C4", "U1", "delivery_check", "phone", 90),
                                C("2025-03-10", "C2", "U1", "delivery_survey", "digital", 30)));
}

TEST(Suppression, ADroppedContactUsesNoRoom) {
  // Cap 1. The survey (priority 10) is placed first but dropped; the courtesy
  // call (priority 1) keeps its own date.
  const FollowupRules rules =
      Set({Rule("survey", "sold", 0, 10, "survey"), Rule("call", "sold", 0, 1, "courtesy")}, 1);
  ASSERT_OK_AND_ASSIGN(auto plan, Plan(rules, {Fact("sold", "2025-03-03")}, "2025-03-01",
                                       "2025-05-31", {{"C1", D("2025-03-01"), D("2025-03-05")}}));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-03", "C1", "U1", "call", "phone", 1)));
}

TEST(Suppression, AnOfferMovedIntoAComplaintIsDropped) {
  // Cap 1: service (priority 5) on 03-03, offer (priority 1) moved to 03-03 + 30
  // = 04-02, where a complaint is open: dropped.
  const FollowupRules rules =
      Set({Rule("service", "sold", 0, 5, "service"), Rule("offer", "sold", 0, 1, "offer")}, 1);
  ASSERT_OK_AND_ASSIGN(auto plan, Plan(rules, {Fact("sold", "2025-03-03")}, "2025-03-01",
                                       "2025-05-31", {{"C1", D("2025-04-01"), D("2025-04-03")}}));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-03", "C1", "U1", "service", "phone", 5)));
}

// ---------------------------------------------------------------------------
// The cap: at most N contacts per customer in any 30 consecutive days.

TEST(Cap, TheLowerPriorityContactMovesToTheNextFreeDay) {
  const FollowupRules rules = Set({Rule("a", "sold", 0, 10), Rule("b", "sold", 0, 5)}, 1);
  ASSERT_OK_AND_ASSIGN(auto plan,
                       Plan(rules, {Fact("sold", "2025-03-03")}, "2025-03-01", "2025-05-31"));
  // b: every window holding 03-03 is full; the next window without it starts
  // on 03-04, so b goes on 03-03 + 30 = 04-02.
  EXPECT_THAT(plan, ElementsAre(C("2025-03-03", "C1", "U1", "a", "phone", 10),
                                C("2025-04-02", "C1", "U1", "b", "phone", 5, "2025-03-03")));
}

TEST(Cap, ALowerPriorityContactNeverPushesAHigherOne) {
  // Cap 1: c (priority 10) on 03-03 + 5 = 03-08 is placed first; d (priority 1)
  // is due earlier, on 03-03, but 03-03 .. 04-06 are all within 29 days of
  // 03-08, so d goes on 03-08 + 30 = 04-07.
  const FollowupRules rules = Set({Rule("c", "sold", 5, 10), Rule("d", "sold", 0, 1)}, 1);
  ASSERT_OK_AND_ASSIGN(auto plan,
                       Plan(rules, {Fact("sold", "2025-03-03")}, "2025-03-01", "2025-05-31"));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-08", "C1", "U1", "c", "phone", 10),
                                C("2025-04-07", "C1", "U1", "d", "phone", 1, "2025-03-03")));
}

TEST(Cap, DefaultRulesForASaleDeliveredAndInstalledTheSameDay) {
  // Monday 03-03: sold, delivered, installed by a specialist, product with
  // training. Rule dates: thank_you 03-03 (60), delivery_check 03-03 (90),
  // installation_check 03-04 (100), operator_training 03-06 (70),
  // delivery_survey 03-10 (30). Cap 3, placed by priority:
  //   installation_check 03-04, delivery_check 03-03, operator_training 03-06;
  //   thank_you 03-03: the windows starting 02-05 .. 03-03 hold those three,
  //     so try 03-03 + 30 = 04-02: the window starting 03-04 holds 03-04 and
  //     03-06 only -> 04-02;
  //   delivery_survey 03-10: windows starting 02-09 .. 03-03 hold three, and
  //     so does 03-04 .. 04-02 (03-04, 03-06, 04-02) -> try 04-03: the window
  //     starting 03-05 holds 03-06 and 04-02 only -> 04-03.
  LifecycleFact delivered = Fact("delivered", "2025-03-03");
  delivered.product_training = true;
  LifecycleFact installed = Fact("installed", "2025-03-03");
  installed.by = "specialist";
  ASSERT_OK_AND_ASSIGN(
      auto plan, Plan(default_followup_rules(), {Fact("sold", "2025-03-03"), delivered, installed},
                      "2025-03-01", "2025-04-30"));
  EXPECT_THAT(
      plan,
      ElementsAre(C("2025-03-03", "C1", "U1", "delivery_check", "phone", 90),
                  C("2025-03-04", "C1", "U1", "installation_check", "visit", 100),
                  C("2025-03-06", "C1", "U1", "operator_training", "visit", 70),
                  C("2025-04-02", "C1", "U1", "thank_you", "letter", 60, "2025-03-03"),
                  C("2025-04-03", "C1", "U1", "delivery_survey", "digital", 30, "2025-03-10")));
}

TEST(Cap, ContactsAlreadyMadeUseTheCap) {
  // Made 02-10, 02-25, 02-26; thank-you due 03-03. Windows starting 02-02 ..
  // 02-10 hold the three made contacts and 03-03 -> full; try 02-10 + 30 =
  // 03-12: windows from 02-11 on hold at most 02-25 and 02-26 -> 03-12.
  const std::vector<ContactMade> made = {
      {"C1", D("2025-02-10")},
      {"C1", D("2025-02-25")},
      {"C1", D("2025-02-26")},
      {"C2", D("2025-03-01")}};  // another customer's contact changes nothing
  ASSERT_OK_AND_ASSIGN(auto plan,
                       Plan(default_followup_rules(),
                            {Fact("sold", "2025-03-03", "C1"), Fact("sold", "2025-03-03", "C2")},
                            "2025-03-01", "2025-03-31", {}, made));
  EXPECT_THAT(plan,
              ElementsAre(C("2025-03-03", "C2", "U1", "thank_you", "letter", 60),
                          C("2025-03-12", "C1", "U1", "thank_you", "letter", 60, "2025-03-03")));
}

TEST(Cap, ContactsBeforeTheWindowPushContactsIntoIt) {
  // Cap 1, a on 02-20 (priority 2), b on 02-20 (priority 1) -> b on 03-22.
  const FollowupRules rules = Set({Rule("a", "sold", 0, 2), Rule("b", "sold", 0, 1)}, 1);
  ASSERT_OK_AND_ASSIGN(auto plan,
                       Plan(rules, {Fact("sold", "2025-02-20")}, "2025-03-01", "2025-03-31"));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-22", "C1", "U1", "b", "phone", 1, "2025-02-20")));
}

TEST(Cap, ContactsAfterTheWindowKeepRoomForHigherPriorities) {
  // Cap 1: a (priority 2) on 04-05 is placed before b (priority 1) due 03-31,
  // so b cannot stay on 03-31 even though a is outside [03-01, 03-31]:
  // b goes on 04-05 + 30 = 05-05, outside the window too.
  const FollowupRules rules = Set({Rule("a", "sold", 35, 2), Rule("b", "sold", 30, 1)}, 1);
  ASSERT_OK_AND_ASSIGN(auto plan,
                       Plan(rules, {Fact("sold", "2025-03-01")}, "2025-03-01", "2025-03-31"));
  EXPECT_THAT(plan, IsEmpty());
  ASSERT_OK_AND_ASSIGN(auto later,
                       Plan(rules, {Fact("sold", "2025-03-01")}, "2025-03-01", "2025-05-31"));
  EXPECT_THAT(later, ElementsAre(C("2025-04-05", "C1", "U1", "a", "phone", 2),
                                 C("2025-05-05", "C1", "U1", "b", "phone", 1, "2025-03-31")));
}

TEST(Cap, AChainOfPrioritiesAfterTheWindowReachesBackIntoIt) {
  // Cap 1, sold 03-31: a (3) on 03-31 + 50 = 05-20; b (2) due 03-31 + 25 =
  // 04-25 is within 29 days of a -> 05-25, still within 29 of 05-20 -> 06-19;
  // z (1) due 03-31 then has room on its own date. Had b been left on 04-25
  // (a plan that ignored a because it is 50 days past the window), z would have
  // been pushed out of March.
  const FollowupRules rules =
      Set({Rule("a", "sold", 50, 3), Rule("b", "sold", 25, 2), Rule("z", "sold", 0, 1)}, 1);
  ASSERT_OK_AND_ASSIGN(auto march,
                       Plan(rules, {Fact("sold", "2025-03-31")}, "2025-03-01", "2025-03-31"));
  EXPECT_THAT(march, ElementsAre(C("2025-03-31", "C1", "U1", "z", "phone", 1)));
  ASSERT_OK_AND_ASSIGN(auto wide,
                       Plan(rules, {Fact("sold", "2025-03-31")}, "2025-03-01", "2025-06-30"));
  EXPECT_THAT(wide, ElementsAre(C("2025-03-31", "C1", "U1", "z", "phone", 1),
                                C("2025-05-20", "C1", "U1", "a", "phone", 3),
                                C("2025-06-19", "C1", "U1", "b", "phone", 2, "2025-04-25")));
}

TEST(Cap, SeveralRuleSetsShareOneCapTheSmallest) {
  // Set 0 (cap 3): x (5) and x2 (4) after sold. Set 1 (cap 1): y (1) after delivered.
  // C1 has facts of both sets: cap 1 -> x 03-03, x2 03-03 + 30 = 04-02, y: 04-02
  // is full too -> 04-02 + 30 = 05-02. C2 has only set 0: cap 3, both on 03-03.
  const FollowupRules a = Set({Rule("x", "sold", 0, 5), Rule("x2", "sold", 0, 4)}, 3);
  const FollowupRules b = Set({Rule("y", "delivered", 0, 1)}, 1);
  const RuleSetRef refs[] = {{&a, nullptr}, {&b, nullptr}};
  LifecycleFact delivered = Fact("delivered", "2025-03-03", "C1");
  delivered.rule_set = 1;
  ASSERT_OK_AND_ASSIGN(auto plan, plan_followups(refs,
                                                 {Fact("sold", "2025-03-03", "C1"), delivered,
                                                  Fact("sold", "2025-03-03", "C2")},
                                                 {}, {}, D("2025-03-01"), D("2025-05-31")));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-03", "C1", "U1", "x", "phone", 5),
                                C("2025-03-03", "C2", "U1", "x", "phone", 5),
                                C("2025-03-03", "C2", "U1", "x2", "phone", 4),
                                C("2025-04-02", "C1", "U1", "x2", "phone", 4, "2025-03-03"),
                                C("2025-05-02", "C1", "U1", "y", "phone", 1, "2025-03-03")));
}

// ---------------------------------------------------------------------------
// Identical contacts, ordering.

TEST(Plan, TheSameContactOnTheSameDayIsMadeOnce) {
  // Two cases of unit U1 resolved on 03-03: one survey on 03-05. U2's is its own.
  ASSERT_OK_AND_ASSIGN(auto plan, Plan(default_followup_rules(),
                                       {Fact("case_resolved", "2025-03-03", "C1", "U1"),
                                        Fact("case_resolved", "2025-03-03", "C1", "U1"),
                                        Fact("case_resolved", "2025-03-03", "C1", "U2")},
                                       "2025-03-01", "2025-03-31"));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-05", "C1", "U1", "case_survey", "interviewer", 40),
                                C("2025-03-05", "C1", "U2", "case_survey", "interviewer", 40)));
}

TEST(Plan, OneTouchpointFromTwoRulesIsMadeOnceWithTheHigherPriority) {
  FollowupRule low = Rule("survey", "delivered", 7, 1, "survey");
  FollowupRule high = Rule("survey", "case_resolved", 2, 9, "survey");
  high.channel = "email";
  // Delivered 03-01 -> 03-08; case resolved 03-06 -> 03-08: one contact, the
  // higher priority's.
  ASSERT_OK_AND_ASSIGN(auto plan,
                       Plan(Set({low, high}, 3),
                            {Fact("delivered", "2025-03-01"), Fact("case_resolved", "2025-03-06")},
                            "2025-03-01", "2025-03-31"));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-08", "C1", "U1", "survey", "email", 9)));
}

TEST(Plan, SortedByDateCustomerPriorityTouchpointUnit) {
  const FollowupRules rules =
      Set({Rule("b", "sold", 0, 1), Rule("a", "sold", 0, 1), Rule("z", "sold", 0, 7)}, 9);
  ASSERT_OK_AND_ASSIGN(
      auto plan, Plan(rules,
                      {Fact("sold", "2025-03-04", "A", "U9"), Fact("sold", "2025-03-03", "B", "U2"),
                       Fact("sold", "2025-03-03", "B", "U1")},
                      "2025-03-01", "2025-03-31"));
  EXPECT_THAT(
      plan,
      ElementsAre(
          C("2025-03-03", "B", "U1", "z", "phone", 7), C("2025-03-03", "B", "U2", "z", "phone", 7),
          C("2025-03-03", "B", "U1", "a", "phone", 1), C("2025-03-03", "B", "U2", "a", "phone", 1),
          C("2025-03-03", "B", "U1", "b", "phone", 1), C("2025-03-03", "B", "U2", "b", "phone", 1),
          C("2025-03-04", "A", "U9", "z", "phone", 7), C("2025-03-04", "A", "U9", "a", "phone", 1),
          C("2025-03-04", "A", "U9", "b", "phone", 1)));
}

TEST(Plan, ConditionsOnTraining) {
  FollowupRule no_training = Rule("manual", "delivered", 0, 1);
  no_training.when.product_training = false;
  LifecycleFact trained = Fact("delivered", "2025-03-03", "C1");
  trained.product_training = true;
  ASSERT_OK_AND_ASSIGN(auto plan,
                       Plan(Set({no_training}, 3), {trained, Fact("delivered", "2025-03-03", "C2")},
                            "2025-03-01", "2025-03-31"));
  EXPECT_THAT(plan, ElementsAre(C("2025-03-03", "C2", "U1", "manual", "phone", 1)));
}

// ---------------------------------------------------------------------------
// Window independence and the cap, on random data.

// Every 30-day window holding a planned contact holds at most the customer's
// cap, counting contacts already made (those alone may exceed it: they are history).
void ExpectCapHolds(const std::vector<Contact>& plan, const std::vector<ContactMade>& made,
                    const std::map<std::string, int>& caps) {
  std::map<std::string, std::vector<int64_t>> days;
  for (const Contact& c : plan) days[c.customer].push_back(to_epoch_days(c.date));
  for (const ContactMade& m : made) days[m.customer].push_back(to_epoch_days(m.date));
  for (const Contact& c : plan) {
    const int64_t d = to_epoch_days(c.date);
    for (int64_t start = d - 29; start <= d; ++start) {
      const auto& mine = days[c.customer];
      const auto in_window = std::count_if(
          mine.begin(), mine.end(), [&](int64_t x) { return x >= start && x <= start + 29; });
      EXPECT_LE(in_window, caps.at(c.customer)) << c.customer << " window from day " << start;
    }
  }
}

TEST(Plan, AnyWindowIsTheRestrictionOfALargerOne) {
  std::mt19937 rng(20250303);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* const kTriggers[] = {"sold",          "delivered",       "installed",
                                   "case_resolved", "maintenance_due", "survey_answered"};
  const char* const kCategories[] = {"service", "courtesy", "survey", "referral", "offer"};
  const Date base = D("2025-01-01");
  for (int round = 0; round < 60; ++round) {
    // Two rule sets with random rules, several priority levels, small caps,
    // offsets long enough for chains of pushes across a window's end.
    FollowupRules sets[2];
    for (int s = 0; s < 2; ++s) {
      sets[s] = Set({}, 1 + pick(2));
      const int n = 2 + pick(6);
      for (int r = 0; r < n; ++r) {
        FollowupRule rule = Rule(absl::StrCat("t", pick(4)), kTriggers[pick(6)], pick(90) - 10,
                                 pick(6), kCategories[pick(5)]);
        if (pick(3) == 0) {
          rule.offset_days = 0;
          rule.offset_working_days = pick(12) - 4;
        }
        if (pick(4) == 0) rule.every_months = 1 + pick(4);
        sets[s].rules.push_back(rule);
      }
    }
    const RuleSetRef refs[] = {{&sets[0], nullptr}, {&sets[1], nullptr}};
    std::vector<LifecycleFact> facts;
    std::vector<ComplaintSpan> complaints;
    std::vector<ContactMade> made;
    for (int c = 0; c < 12; ++c) {
      const std::string customer = absl::StrCat("C", c);
      for (int f = 0, n = 2 + pick(10); f < n; ++f) {
        LifecycleFact fact =
            Fact(kTriggers[pick(6)], "2025-01-01", customer, absl::StrCat("U", pick(3)));
        fact.date = base + pick(300);
        fact.rule_set = pick(2);
        facts.push_back(fact);
      }
      if (pick(2) == 0) {
        const Date opened = base + pick(300);
        complaints.push_back(
            {customer, opened,
             pick(3) == 0 ? std::optional<Date>() : std::optional<Date>(opened + pick(40))});
      }
      for (int m = 0, n = pick(3); m < n; ++m) made.push_back({customer, base + pick(300)});
    }
    const Date wide_from = base - 400, wide_to = base + 1000;
    ASSERT_OK_AND_ASSIGN(auto wide,
                         plan_followups(refs, facts, complaints, made, wide_from, wide_to));
    std::map<std::string, int> caps;
    for (const LifecycleFact& f : facts) {
      const int cap = sets[f.rule_set].max_contacts_per_30_days;
      const auto [it, inserted] = caps.emplace(f.customer, cap);
      if (!inserted) it->second = std::min(it->second, cap);
    }
    ExpectCapHolds(wide, made, caps);
    for (int w = 0; w < 20; ++w) {
      const Date from = base - 60 + pick(420);
      const Date to = from + pick(90);
      ASSERT_OK_AND_ASSIGN(auto narrow, plan_followups(refs, facts, complaints, made, from, to));
      std::vector<Contact> expected;
      for (const Contact& c : wide) {
        if (c.date >= from && c.date <= to) expected.push_back(c);
      }
      ASSERT_EQ(narrow, expected) << "round " << round << " window " << format_date(from) << ".."
                                  << format_date(to);
    }
  }
}

TEST(Plan, ACustomerWithThousandsOfUnitsKeepsTheCap) {
  // A fleet customer: 3000 units sold, delivered and installed on Monday 03-03
  // give 15000 rule dates; at 3 a month they would take over 400 years. The
  // installation checks (priority 100, due 03-04) come first, by unit name:
  // U10000-U10002 on 03-04; U10003-U10005 on 03-04 + 30 = 04-03; U10006-U10008
  // on 04-03 + 30 = 05-03. Every other day of May is within 29 days of 04-03 or
  // 05-03, so May holds those three only.
  std::vector<LifecycleFact> facts;
  for (int u = 0; u < 3000; ++u) {
    const std::string unit = absl::StrCat("U", 10000 + u);
    facts.push_back(Fact("sold", "2025-03-03", "FLEET", unit));
    LifecycleFact delivered = Fact("delivered", "2025-03-03", "FLEET", unit);
    delivered.product_training = true;
    facts.push_back(delivered);
    LifecycleFact installed = Fact("installed", "2025-03-03", "FLEET", unit);
    installed.by = "specialist";
    facts.push_back(installed);
  }
  ASSERT_OK_AND_ASSIGN(auto may, Plan(default_followup_rules(), facts, "2025-05-01", "2025-05-31"));
  EXPECT_THAT(
      may,
      ElementsAre(
          C("2025-05-03", "FLEET", "U10006", "installation_check", "visit", 100, "2025-03-04"),
          C("2025-05-03", "FLEET", "U10007", "installation_check", "visit", 100, "2025-03-04"),
          C("2025-05-03", "FLEET", "U10008", "installation_check", "visit", 100, "2025-03-04")));
}

TEST(Plan, HorizonIsTwentyNineDaysPerPriorityLevelAfterTheFirst) {
  // The default set has 10 distinct priorities: 2025-06-30 + 9 x 29 = + 261 days
  // = 2026-03-18 (July..February hold 243 days, then 18 more).
  const FollowupRules rules = default_followup_rules();
  const RuleSetRef ref{&rules, nullptr};
  EXPECT_EQ(followup_horizon({&ref, 1}, D("2025-06-30")), D("2026-03-18"));
  // Cap test set: priorities 10 and 5 -> one step of 29 days.
  const FollowupRules two =
      Set({Rule("a", "sold", 0, 10), Rule("b", "sold", 0, 5), Rule("c", "delivered", 0, 10)}, 1);
  const RuleSetRef refs[] = {{&two, nullptr}, {&two, nullptr}};
  EXPECT_EQ(followup_horizon(refs, D("2025-03-31")), D("2025-04-29"));
}

// ---------------------------------------------------------------------------
// Errors of plan_followups.

TEST(PlanErrors, NameTheBadInput) {
  const FollowupRules rules = default_followup_rules();
  auto message = [](const absl::StatusOr<std::vector<Contact>>& r) {
    EXPECT_FALSE(r.ok());
    return std::string(r.status().message());
  };
  EXPECT_THAT(message(Plan(rules, {}, "2025-03-02", "2025-03-01")),
              StartsWith("to: 2025-03-01 is before from: 2025-03-02"));
  LifecycleFact bad_set = Fact("sold", "2025-03-03");
  bad_set.rule_set = 1;
  EXPECT_THAT(
      message(Plan(rules, {Fact("sold", "2025-03-03"), bad_set}, "2025-03-01", "2025-03-31")),
      StartsWith("facts[1].rule_set: 1 is out of range (1 rule sets given)"));
  EXPECT_THAT(message(Plan(rules, {Fact("sould", "2025-03-03")}, "2025-03-01", "2025-03-31")),
              StartsWith("facts[0].after: unknown trigger \"sould\""));
  EXPECT_THAT(message(Plan(rules, {Fact("sold", "2025-03-03", "")}, "2025-03-01", "2025-03-31")),
              StartsWith("facts[0].customer: must not be empty"));
  FollowupRules named = rules;
  named.calendar = "madrid";
  EXPECT_THAT(message(Plan(named, {}, "2025-03-01", "2025-03-31")),
              StartsWith("rule_sets[0].calendar: rule set \"default\" names calendar \"madrid\""));
  FollowupRules broken = rules;
  broken.rules[3].channel = "fax";
  EXPECT_THAT(message(Plan(broken, {}, "2025-03-01", "2025-03-31")),
              StartsWith("rule_sets[0].rules[3].channel: unknown channel \"fax\""));
  EXPECT_THAT(message(Plan(rules, {}, "2025-03-01", "2025-03-31",
                           {{"C1", D("2025-03-05"), D("2025-03-04")}})),
              StartsWith("complaints[0].resolved: 2025-03-04 is before opened 2025-03-05"));
  const RuleSetRef null_ref{nullptr, nullptr};
  EXPECT_THAT(message(plan_followups({&null_ref, 1}, {}, {}, {}, D("2025-03-01"), D("2025-03-31"))),
              StartsWith("rule_sets[0].rules: null"));
}

// ---------------------------------------------------------------------------
// Validation and the JSON form.

std::string ParseError(absl::string_view json) {
  absl::StatusOr<FollowupRules> parsed = parse_followup_rules(json);
  EXPECT_FALSE(parsed.ok()) << json;
  if (parsed.ok()) return "";
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(parsed.status().message());
}

// A rule set with one rule whose fields are `rule` (a JSON object's inside).
std::string OneRule(absl::string_view rule) {
  return absl::StrCat(R"({"name": "x", "rules": [{)", rule, "}]}");
}

TEST(ParseFollowupRules, ErrorsNameTheField) {
  constexpr absl::string_view kBase =
      R"("touchpoint": "t", "after": "sold", "channel": "phone", "category": "service")";
  EXPECT_THAT(ParseError(OneRule(R"("touchpoint": "t", "after": "sold", "offset_days": 0,
                                    "channel": "phnoe", "category": "service")")),
              StartsWith("rules[0].channel: unknown channel \"phnoe\" (expected one of \"phone\""));
  EXPECT_THAT(ParseError(OneRule(absl::StrCat(kBase, R"(, "ofset_days": 1)"))),
              StartsWith("rules[0]: unknown field \"ofset_days\""));
  EXPECT_THAT(ParseError(OneRule(absl::StrCat(kBase, R"(, "offset_days": 1,
                                                        "offset_working_days": 1)"))),
              StartsWith("rules[0].offset_days: give either offset_days or offset_working_days"));
  EXPECT_THAT(ParseError(OneRule(kBase)), StartsWith("rules[0].offset_days: missing"));
  EXPECT_THAT(ParseError(OneRule(absl::StrCat(kBase, R"(, "offset_days": 5000)"))),
              StartsWith("rules[0].offset_days: 5000 is outside -3660..3660"));
  EXPECT_THAT(ParseError(OneRule(absl::StrCat(kBase, R"(, "offset_days": 0,
                                                        "when": {"by": "specialist"})"))),
              StartsWith("rules[0].when.by: applies only to rules after \"installed\""));
  EXPECT_THAT(
      ParseError(OneRule(R"("touchpoint": "t", "after": "installed", "offset_days": 0,
                                    "channel": "visit", "category": "service",
                                    "when": {"by": "robot"})")),
      StartsWith("rules[0].when.by: expected \"specialist\" or \"customer\", got \"robot\""));
  EXPECT_THAT(ParseError(OneRule(R"("touchpoint": "t", "after": "survey_answered",
                                    "offset_days": 0, "channel": "email", "category": "referral",
                                    "when": {"min_score": 9, "max_score": 8})")),
              StartsWith("rules[0].when.max_score: 8 is below min_score 9"));
  EXPECT_THAT(ParseError(OneRule(R"("touchpoint": "t", "after": "survey_answered",
                                    "offset_days": 0, "channel": "email", "category": "referral",
                                    "when": {"min_score": "9"})")),
              StartsWith("rules[0].when.min_score: expected a number, got \"9\""));
  EXPECT_THAT(ParseError(OneRule(absl::StrCat(kBase, R"(, "offset_days": 0, "when": {"bye": 1})"))),
              StartsWith("rules[0].when: unknown field \"bye\""));
  EXPECT_THAT(ParseError(OneRule(R"("touchpoint": "t", "after": "sould", "offset_days": 0,
                                    "channel": "phone", "category": "service")")),
              StartsWith("rules[0].after: unknown trigger \"sould\""));
  EXPECT_THAT(ParseError(OneRule(R"("touchpoint": "Thank You", "after": "sold", "offset_days": 0,
                                    "channel": "phone", "category": "service")")),
              StartsWith("rules[0].touchpoint: \"Thank You\" is not an identifier"));
  EXPECT_THAT(ParseError(OneRule(R"("touchpoint": "t", "after": "sold", "offset_days": 0,
                                    "channel": "phone", "category": "spam")")),
              StartsWith("rules[0].category: unknown category \"spam\""));
  EXPECT_THAT(ParseError(OneRule(R"("touchpoint": "t", "after": "sold", "offset_days": 0,
                                    "channel": "phone")")),
              StartsWith("rules[0].category: missing"));
  EXPECT_THAT(ParseError(OneRule(absl::StrCat(kBase, R"(, "offset_days": 0, "every_months": 0)"))),
              StartsWith("rules[0].every_months: 0 is outside 1..1200"));
  EXPECT_THAT(ParseError(OneRule(absl::StrCat(kBase, R"(, "offset_days": 0, "priority": "high")"))),
              StartsWith("rules[0].priority: expected a whole number"));
  EXPECT_THAT(ParseError(OneRule(absl::StrCat(kBase, R"(, "offset_days": 1.5)"))),
              StartsWith("rules[0].offset_days: expected a whole number of days, got 1.5"));
  EXPECT_THAT(ParseError(R"({"name": "x", "rules": [], "max_contacts_per_30_days": 0})"),
              StartsWith("max_contacts_per_30_days: must be at least 1, got 0"));
  EXPECT_THAT(ParseError(R"({"name": "x", "rules": [], "rule": []})"),
              StartsWith("followups: unknown field \"rule\""));
  EXPECT_THAT(ParseError(R"({"rules": []})"), StartsWith("name: missing"));
  EXPECT_THAT(ParseError(R"({"name": "x"})"), StartsWith("rules: missing"));
  EXPECT_THAT(ParseError(R"({"name": "x", "rules": {}})"),
              StartsWith("rules: expected a list of rules, got {}"));
  EXPECT_THAT(ParseError(R"({"name": "x", "name": "y", "rules": []})"),
              StartsWith("followups: field \"name\" appears twice in one object"));
  EXPECT_THAT(ParseError(R"({"name": "x", "rules": [)"), StartsWith("followups: not valid JSON"));
  EXPECT_THAT(ParseError("[]"), StartsWith("followups: expected a rule set object, got []"));
}

TEST(ValidateFollowupRules, BothOffsetsInAStruct) {
  FollowupRules rules = Set({Rule("t", "sold", 2, 0)}, 3);
  rules.rules[0].offset_working_days = 1;
  const absl::Status s = validate_followup_rules(rules);
  EXPECT_THAT(std::string(s.message()),
              StartsWith("rules[0].offset_days: is 2 but offset_working_days is given too"));
  rules.rules[0].offset_days = 0;
  EXPECT_TRUE(validate_followup_rules(rules).ok());
  rules.name = "";
  EXPECT_THAT(std::string(validate_followup_rules(rules).message()),
              StartsWith("name: must not be empty"));
}

TEST(FollowupRulesJson, CanonicalFormAndRoundTrip) {
  const std::string text = R"({
    "rules": [
      {"after": "installed", "touchpoint": "visit_check", "offset_working_days": -2,
       "channel": "visit", "category": "service", "when": {"by": "customer", "product_training": false}},
      {"touchpoint": "promoter", "after": "survey_answered", "offset_days": 3, "channel": "sms",
       "category": "referral", "priority": -4, "when": {"min_score": 9.5}, "every_months": null},
      {"touchpoint": "yearly", "after": "sold", "offset_days": 0, "channel": "phone",
       "category": "courtesy", "every_months": 12, "when": null}
    ],
    "name": "b2b", "calendar": "madrid", "max_contacts_per_30_days": 2})";
  ASSERT_OK_AND_ASSIGN(FollowupRules rules, parse_followup_rules(text));
  EXPECT_EQ(rules.name, "b2b");
  EXPECT_EQ(rules.calendar, "madrid");
  EXPECT_EQ(rules.max_contacts_per_30_days, 2);
  ASSERT_EQ(rules.rules.size(), 3u);
  EXPECT_EQ(rules.rules[0].offset_working_days, -2);
  EXPECT_EQ(rules.rules[0].when.by, "customer");
  EXPECT_EQ(rules.rules[0].when.product_training, false);
  EXPECT_EQ(rules.rules[0].priority, 0);  // absent: 0
  EXPECT_EQ(rules.rules[1].when.min_score, 9.5);
  EXPECT_EQ(rules.rules[2].every_months, 12);
  EXPECT_EQ(
      followup_rules_to_json(rules),
      R"({"name":"b2b","calendar":"madrid","max_contacts_per_30_days":2,"rules":[)"
      R"({"touchpoint":"visit_check","after":"installed","offset_working_days":-2,"channel":"visit","category":"service","priority":0,"when":{"by":"customer","product_training":false},"every_months":null},)"
      R"({"touchpoint":"promoter","after":"survey_answered","offset_days":3,"channel":"sms","category":"referral","priority":-4,"when":{"min_score":9.5},"every_months":null},)"
      R"({"touchpoint":"yearly","after":"sold","offset_days":0,"channel":"phone","category":"courtesy","priority":0,"when":null,"every_months":12}]})");
  ASSERT_OK_AND_ASSIGN(FollowupRules again, parse_followup_rules(followup_rules_to_json(rules)));
  EXPECT_EQ(again, rules);

  const FollowupRules defaults = default_followup_rules();
  ASSERT_OK_AND_ASSIGN(FollowupRules parsed,
                       parse_followup_rules(followup_rules_to_json(defaults)));
  EXPECT_EQ(parsed, defaults);
  EXPECT_EQ(followup_rules_to_json(parsed), followup_rules_to_json(defaults));
}

TEST(FollowupNames, ChannelsCategoriesTriggers) {
  EXPECT_THAT(followup_channels(), ElementsAre("phone", "visit", "letter", "email", "sms",
                                               "interviewer", "paper", "digital"));
  EXPECT_TRUE(followup_category_suppressed("survey"));
  EXPECT_TRUE(followup_category_suppressed("referral"));
  EXPECT_TRUE(followup_category_suppressed("offer"));
  EXPECT_FALSE(followup_category_suppressed("service"));
  EXPECT_FALSE(followup_category_suppressed("courtesy"));
  const std::vector<std::string> triggers = followup_triggers();
  for (const char* t : {"sold", "delivered", "installed", "trained", "survey_answered",
                        "complaint_resolved", "case_resolved", "maintenance_due", "warranty_end"}) {
    EXPECT_NE(std::find(triggers.begin(), triggers.end(), t), triggers.end()) << t;
  }
}

}  // namespace
}  // namespace postventa
