// Tests for postventa/warranty.h: the warranty decision for a claim (SPEC §2.3)
// and the maintenance due dates it depends on (SPEC §4).
//
// Every expected value here was worked out by hand from the SPEC (and, where the
// SPEC is silent, from the decisions recorded in docs and listed below), never
// copied from the library's output. Month arithmetic follows the legal rule of
// SPEC §1.2: add_months(D, N) is the same day-of-month N months later, or the
// last day of that month when it is shorter. Where the arithmetic is not obvious
// the working is in a comment.
//
// Decisions the SPEC leaves open that these tests pin down:
//   - Reasons are "<policy>:<code>", per policy in the product's `warranties`
//     order, in rule order: not_delivered, unit_refunded / unit_replaced /
//     unit_retired, not_purchased, start_fallback_delivery, not_started,
//     excluded_fault, void_installation, void_maintenance, suspended_days:N,
//     post_repair_cover, expired, repeat_failure. A rule that stops the
//     evaluation ends that policy's reasons.
//   - Only events dated on or before the claim date count.
//   - A component is in force when months > 0 and
//     cover_start <= claim <= add_months(cover_start, months) + suspension.
//   - Suspension counts repairs under the policy returned on or before the claim
//     date; a repair is under the policy when, on its received date, some component
//     is in force counting the suspension of earlier repairs.
//   - Post-repair cover: same fault as the claim, outcome ignored, every component
//     (even one with months 0) until add_months(returned, post_repair_months).
//   - Company share = round_half_up(quote * percent / 100) in integers.
//   - Basis: the policy whose chosen components' company shares sum highest; ties
//     legal < commercial < extended < contract, then name.
//
// Weekdays used: 2025-01-15 Wed, 2025-02-15 Sat, 2025-03-15 Sat, 2025-04-15 Tue,
// 2025-05-15 Thu, 2025-06-15 Sun, 2024-02-15 Thu.
#include "postventa/warranty.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/time.h"

namespace postventa {

// Lets GoogleTest print decisions in failure messages (found by ADL). Written
// here rather than with decision_to_json, which is itself under test.
void PrintTo(const ComponentCover& cover, std::ostream* os) {
  *os << cover.percent << "% by \"" << cover.policy << "\" until "
      << (cover.ends_on ? format_date(*cover.ends_on) : std::string("-"));
}
void PrintTo(const Quote& quote, std::ostream* os) {
  *os << "{" << quote.parts << ", " << quote.labor << ", " << quote.travel << "}";
}
void PrintTo(const Decision& d, std::ostream* os) {
  *os << "\n  covered: " << (d.covered ? "true" : "false") << "\n  parts: ";
  PrintTo(d.parts, os);
  *os << "\n  labor: ";
  PrintTo(d.labor, os);
  *os << "\n  travel: ";
  PrintTo(d.travel, os);
  *os << "\n  basis: \"" << d.basis
      << "\"\n  presumed: " << (d.presumed_nonconformity ? "true" : "false")
      << "\n  remedy: " << remedy_name(d.remedy) << "\n  company: ";
  PrintTo(d.company_cost, os);
  *os << "\n  customer: ";
  PrintTo(d.customer_cost, os);
  *os << "\n  reasons: [" << absl::StrJoin(d.reasons, ", ") << "]\n";
}

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// ---- Helpers ----------------------------------------------------------------

// A valid civil date (a typo like 2025-02-29 would silently normalise otherwise).
Date D(int year, int month, int day) {
  const Date date(year, month, day);
  if (date.year() != year || date.month() != month || date.day() != day) {
    ADD_FAILURE() << "bad date in the test: " << year << "-" << month << "-" << day;
  }
  return date;
}

// Events of one unit. Ids only need to be distinct.
Event Ev(EventType type, Date date) {
  static int next_id = 0;
  Event e;
  e.id = absl::StrCat("DOC-", ++next_id);
  e.type = type;
  e.unit = "SN-1";
  e.date = date;
  return e;
}
Event Sold(Date date) {
  Event e = Ev(EventType::kSold, date);
  e.customer = "CUST-1";
  e.product = "SKU-1";
  e.price = 129900;
  e.channel = "store";
  return e;
}
Event Delivered(Date date) { return Ev(EventType::kDelivered, date); }
Event Installed(Date date, absl::string_view by) {
  Event e = Ev(EventType::kInstalled, date);
  e.by = std::string(by);
  return e;
}
Event RepairReceived(Date date, absl::string_view fault) {
  Event e = Ev(EventType::kRepairReceived, date);
  e.fault = std::string(fault);
  e.case_id = absl::StrCat("CASE-", e.id);
  return e;
}
Event RepairReturned(Date date, absl::string_view outcome = "fixed") {
  Event e = Ev(EventType::kRepairReturned, date);
  e.outcome = std::string(outcome);
  e.parts_cost = 0;
  e.labor_cost = 0;
  return e;
}
Event MaintenanceDone(Date date) { return Ev(EventType::kMaintenanceDone, date); }
Event UsageReading(Date date, double value) {
  Event e = Ev(EventType::kUsageReading, date);
  e.usage = value;
  return e;
}
Event ExtensionPurchased(Date date, absl::string_view policy) {
  Event e = Ev(EventType::kExtensionPurchased, date);
  e.policy = std::string(policy);
  return e;
}
Event Retired(Date date) {
  Event e = Ev(EventType::kRetired, date);
  e.reason = "recycled";
  return e;
}
Event Refunded(Date date) {
  Event e = Ev(EventType::kRefunded, date);
  e.amount = 129900;
  return e;
}
Event Replaced(Date date) {
  Event e = Ev(EventType::kReplaced, date);
  e.new_unit = "SN-2";
  return e;
}

// A policy with the same percent and duration for parts, labor and travel.
WarrantyPolicy Policy(absl::string_view name, PolicyKind kind, int percent, int months) {
  WarrantyPolicy p;
  p.name = std::string(name);
  p.kind = kind;
  p.starts_at = CoverStart::kDelivery;
  p.parts = {percent, months};
  p.labor = {percent, months};
  p.travel = {percent, months};
  return p;
}

// The legal-es preset as the SPEC describes it, built by hand (the preset
// function belongs to the catalog and is tested there).
WarrantyPolicy LegalEs() {
  WarrantyPolicy p = Policy("legal-es", PolicyKind::kLegal, 100, 36);
  p.presumption_months = 24;
  p.excluded_faults = {"misuse", "accident"};
  p.suspend_during_repair = true;
  p.post_repair_months = 12;
  return p;
}

Product MakeProduct(std::vector<WarrantyPolicy> warranties,
                    InstallationMode installation = InstallationMode::kNone,
                    std::optional<MaintenancePlan> plan = std::nullopt) {
  Product p;
  p.sku = "SKU-1";
  p.name = "Washing machine";
  p.category = "appliance";
  p.installation = installation;
  p.warranties = std::move(warranties);
  p.maintenance = std::move(plan);
  return p;
}

constexpr Quote kQuote{10000, 5000, 2000};

// The decision, or an empty one after recording the failure.
Decision Assess(const Product& product, const std::vector<Event>& history, Date claim,
                absl::string_view fault, const Quote& quote = kQuote,
                const Calendar* calendar = nullptr) {
  absl::StatusOr<Decision> d = assess_claim(product, history, claim, fault, quote, calendar);
  if (!d.ok()) {
    ADD_FAILURE() << "assess_claim failed: " << d.status();
    return Decision{};
  }
  return *std::move(d);
}

ComponentCover Cover(int percent, absl::string_view policy, Date ends_on) {
  return ComponentCover{percent, std::string(policy), ends_on};
}
const ComponentCover kNone{};

// Nothing granted: the customer pays the whole quote.
Decision NotCovered(const Quote& quote, std::vector<std::string> reasons) {
  Decision d;
  d.customer_cost = quote;
  d.reasons = std::move(reasons);
  return d;
}

// Every component at 100 % by one policy until `ends_on`: the company pays all.
Decision AllBy(absl::string_view policy, Date ends_on, bool presumed,
               std::vector<std::string> reasons, const Quote& quote = kQuote,
               Remedy remedy = Remedy::kRepair) {
  Decision d;
  d.covered = true;
  d.parts = d.labor = d.travel = Cover(100, policy, ends_on);
  d.basis = std::string(policy);
  d.presumed_nonconformity = presumed;
  d.remedy = remedy;
  d.company_cost = quote;
  d.customer_cost = Quote{};
  d.reasons = std::move(reasons);
  return d;
}

std::vector<std::string> Strs(const std::vector<Date>& dates) {
  std::vector<std::string> out;
  for (const Date& d : dates) out.push_back(format_date(d));
  return out;
}

// The due dates as text, or the status when the call failed.
std::vector<std::string> Dues(const Product& product, const std::vector<Event>& history, Date from,
                              Date to, const Calendar* calendar = nullptr) {
  absl::StatusOr<std::vector<Date>> dues =
      maintenance_due_dates(product, history, from, to, calendar);
  if (!dues.ok()) return {dues.status().ToString()};
  return Strs(*dues);
}

// ---- legal-es: 36 months from delivery, month ends and leap days -------------

TEST(AssessClaim, LegalEsEndsOnTheSameDayOfMonthThirtySixMonthsLater) {
  const Product product = MakeProduct({LegalEs()});
  const std::vector<Event> history = {Sold(D(2023, 1, 20)), Delivered(D(2023, 1, 31))};
  // add_months(2023-01-31, 36) = 2026-01-31 (January has a 31st); presumption
  // ends add_months(2023-01-31, 24) = 2025-01-31.
  EXPECT_EQ(Assess(product, history, D(2026, 1, 31), "electrical"),
            AllBy("legal-es", D(2026, 1, 31), false, {}));
  EXPECT_EQ(Assess(product, history, D(2026, 2, 1), "electrical"),
            NotCovered(kQuote, {"legal-es:expired"}));
  // On the delivery day itself the cover has started and the presumption holds.
  EXPECT_EQ(Assess(product, history, D(2023, 1, 31), "electrical"),
            AllBy("legal-es", D(2026, 1, 31), true, {}));
}

TEST(AssessClaim, AQuoteWhoseTotalDoesNotFitIn64BitsIsRefused) {
  // Found by tests/c/abi_robustness_test.c: the totals wrapped around.
  const Product product = MakeProduct({LegalEs()});
  const std::vector<Event> history = {Sold(D(2023, 1, 20)), Delivered(D(2023, 1, 31))};
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  for (const Quote& quote : {Quote{kMax, 1, 0}, Quote{0, kMax, 1}, Quote{kMax, kMax, kMax}}) {
    const absl::StatusOr<Decision> d = assess_claim(product, history, D(2024, 1, 1), "pump", quote);
    EXPECT_EQ(d.status().code(), absl::StatusCode::kOutOfRange);
    EXPECT_THAT(d.status().message(), HasSubstr("does not fit in 64 bits"));
  }
  // The largest total that fits is decided, every share within it.
  const absl::StatusOr<Decision> d =
      assess_claim(product, history, D(2024, 1, 1), "pump", Quote{kMax - 2, 1, 1});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->company_cost.total(), kMax);
}

TEST(AssessClaim, LeapDayDeliveryEndsOnTheLastDayOfFebruary) {
  // add_months(2024-02-29, 12) = 2025-02-28: February 2025 has no 29th.
  const Product product = MakeProduct({Policy("maker-1y", PolicyKind::kCommercial, 100, 12)});
  const std::vector<Event> history = {Sold(D(2024, 2, 20)), Delivered(D(2024, 2, 29))};
  EXPECT_EQ(Assess(product, history, D(2025, 2, 28), "electrical"),
            AllBy("maker-1y", D(2025, 2, 28), false, {}));
  EXPECT_EQ(Assess(product, history, D(2025, 3, 1), "electrical"),
            NotCovered(kQuote, {"maker-1y:expired"}));
}

TEST(AssessClaim, LeapDayDeliveryUnderLegalEs) {
  // End add_months(2024-02-29, 36) = 2027-02-28; presumption end
  // add_months(2024-02-29, 24) = 2026-02-28.
  const Product product = MakeProduct({LegalEs()});
  const std::vector<Event> history = {Sold(D(2024, 2, 20)), Delivered(D(2024, 2, 29))};
  EXPECT_EQ(Assess(product, history, D(2026, 2, 28), "electrical"),
            AllBy("legal-es", D(2027, 2, 28), true, {}));
  EXPECT_EQ(Assess(product, history, D(2026, 3, 1), "electrical"),
            AllBy("legal-es", D(2027, 2, 28), false, {}));
  EXPECT_EQ(Assess(product, history, D(2027, 2, 28), "electrical"),
            AllBy("legal-es", D(2027, 2, 28), false, {}));
  EXPECT_EQ(Assess(product, history, D(2027, 3, 1), "electrical"),
            NotCovered(kQuote, {"legal-es:expired"}));
}

TEST(AssessClaim, PresumptionHoldsUpToAndIncludingItsLastDay) {
  // Delivery 2024-03-15: presumption until 2026-03-15, cover until 2027-03-15.
  const Product product = MakeProduct({LegalEs()});
  const std::vector<Event> history = {Sold(D(2024, 3, 1)), Delivered(D(2024, 3, 15))};
  EXPECT_EQ(Assess(product, history, D(2026, 3, 15), "electrical"),
            AllBy("legal-es", D(2027, 3, 15), true, {}));
  EXPECT_EQ(Assess(product, history, D(2026, 3, 16), "electrical"),
            AllBy("legal-es", D(2027, 3, 15), false, {}));
}

TEST(AssessClaim, PresumptionIsNotExtendedBySuspension) {
  // A 10-day repair moves the cover end to 2027-03-25 but not the presumption,
  // which still ends add_months(2024-03-15, 24) = 2026-03-15.
  const Product product = MakeProduct({LegalEs()});
  const std::vector<Event> history = {Sold(D(2024, 3, 1)), Delivered(D(2024, 3, 15)),
                                      RepairReceived(D(2025, 5, 1), "electrical"),
                                      RepairReturned(D(2025, 5, 11))};
  EXPECT_EQ(Assess(product, history, D(2026, 3, 20), "mechanical"),
            AllBy("legal-es", D(2027, 3, 25), false, {"legal-es:suspended_days:10"}));
}

// ---- Suspension during repair ---------------------------------------------------

TEST(AssessClaim, SuspensionAddsTheDaysOfEveryFinishedRepair) {
  // Delivery 2024-01-10: normal end 2027-01-10. Repairs of 10 days (05-01 to
  // 05-11) and 5 days (2025-02-03 to 02-08): 15 days, end 2027-01-25.
  const Product product = MakeProduct({LegalEs()});
  const std::vector<Event> history = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2024, 5, 1), "electrical"),
      RepairReturned(D(2024, 5, 11)),
      RepairReceived(D(2025, 2, 3), "electrical"),
      RepairReturned(D(2025, 2, 8)),
  };
  EXPECT_EQ(Assess(product, history, D(2027, 1, 20), "mechanical"),
            AllBy("legal-es", D(2027, 1, 25), false, {"legal-es:suspended_days:15"}));
  EXPECT_EQ(Assess(product, history, D(2027, 1, 25), "mechanical"),
            AllBy("legal-es", D(2027, 1, 25), false, {"legal-es:suspended_days:15"}));
  EXPECT_EQ(Assess(product, history, D(2027, 1, 26), "mechanical"),
            NotCovered(kQuote, {"legal-es:suspended_days:15", "legal-es:expired"}));
  // The same fault as the repairs: post-repair cover runs until
  // add_months(2025-02-08, 12) = 2026-02-08, before the end 2027-01-25, so it
  // extends nothing and is not a reason.
  EXPECT_EQ(Assess(product, history, D(2027, 1, 26), "electrical"),
            NotCovered(kQuote, {"legal-es:suspended_days:15", "legal-es:expired"}));
  // Before the second repair only the first one counts: end 2027-01-20.
  EXPECT_EQ(Assess(product, history, D(2024, 6, 1), "mechanical"),
            AllBy("legal-es", D(2027, 1, 20), true, {"legal-es:suspended_days:10"}));
}

TEST(AssessClaim, SuspensionCountsARepairReturnedOnTheClaimDateButNotAnOpenOne) {
  // Normal end 2027-01-10. A repair received 2027-01-05 (in force) and returned
  // 2027-01-15: 10 days, end 2027-01-20 once it is returned.
  const Product product = MakeProduct({LegalEs()});
  const std::vector<Event> history = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2027, 1, 5), "electrical"),
      RepairReturned(D(2027, 1, 15)),
  };
  EXPECT_EQ(Assess(product, history, D(2027, 1, 14), "mechanical"),
            NotCovered(kQuote, {"legal-es:expired"}));
  EXPECT_EQ(Assess(product, history, D(2027, 1, 15), "mechanical"),
            AllBy("legal-es", D(2027, 1, 20), false, {"legal-es:suspended_days:10"}));
}

TEST(AssessClaim, ARepairReceivedInsideTheSuspendedExtensionIsUnderThePolicy) {
  // 12 months from 2024-01-10: normal end 2025-01-10.
  WarrantyPolicy policy = Policy("maker-1y", PolicyKind::kCommercial, 100, 12);
  policy.suspend_during_repair = true;
  const Product product = MakeProduct({policy});
  // First repair 2024-12-01 to 12-31: 30 days, end 2025-02-09. The second one,
  // received 2025-02-01 (<= 2025-02-09), is under the policy: 10 more days, 40 in
  // all, end 2025-01-10 + 40 = 2025-02-19.
  const std::vector<Event> history = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2024, 12, 1), "electrical"),
      RepairReturned(D(2024, 12, 31)),
      RepairReceived(D(2025, 2, 1), "mechanical"),
      RepairReturned(D(2025, 2, 11)),
  };
  EXPECT_EQ(Assess(product, history, D(2025, 2, 15), "cosmetic"),
            AllBy("maker-1y", D(2025, 2, 19), false, {"maker-1y:suspended_days:40"}));
  EXPECT_EQ(Assess(product, history, D(2025, 2, 19), "cosmetic"),
            AllBy("maker-1y", D(2025, 2, 19), false, {"maker-1y:suspended_days:40"}));
  EXPECT_EQ(Assess(product, history, D(2025, 2, 20), "cosmetic"),
            NotCovered(kQuote, {"maker-1y:suspended_days:40", "maker-1y:expired"}));

  // With a first repair of 20 days (12-01 to 12-21) the end is 2025-01-30, so
  // the repair received 2025-02-01 is not under the policy and adds nothing.
  const std::vector<Event> shorter = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2024, 12, 1), "electrical"),
      RepairReturned(D(2024, 12, 21)),
      RepairReceived(D(2025, 2, 1), "mechanical"),
      RepairReturned(D(2025, 2, 11)),
  };
  EXPECT_EQ(Assess(product, shorter, D(2025, 1, 30), "cosmetic"),
            AllBy("maker-1y", D(2025, 1, 30), false, {"maker-1y:suspended_days:20"}));
  EXPECT_EQ(Assess(product, shorter, D(2025, 2, 15), "cosmetic"),
            NotCovered(kQuote, {"maker-1y:suspended_days:20", "maker-1y:expired"}));
}

TEST(AssessClaim, ARepairOfAnExcludedFaultIsNotUnderThePolicy) {
  const Product product = MakeProduct({LegalEs()});
  const std::vector<Event> history = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2026, 12, 1), "accident"),
      RepairReturned(D(2026, 12, 21)),
  };
  // No suspension: the end stays 2027-01-10.
  EXPECT_EQ(Assess(product, history, D(2027, 1, 15), "electrical"),
            NotCovered(kQuote, {"legal-es:expired"}));
}

TEST(AssessClaim, SuspensionNeedsThePolicyToSaySo) {
  // The same 30-day repair under a policy without suspend_during_repair.
  const Product product = MakeProduct({Policy("maker-1y", PolicyKind::kCommercial, 100, 12)});
  const std::vector<Event> history = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2024, 12, 1), "electrical"),
      RepairReturned(D(2024, 12, 31)),
  };
  EXPECT_EQ(Assess(product, history, D(2025, 1, 10), "mechanical"),
            AllBy("maker-1y", D(2025, 1, 10), false, {}));
  EXPECT_EQ(Assess(product, history, D(2025, 1, 11), "mechanical"),
            NotCovered(kQuote, {"maker-1y:expired"}));
}

// ---- Excluded faults -------------------------------------------------------------

TEST(AssessClaim, ExcludedFaultsAreNeverCoveredByThatPolicy) {
  const Product product = MakeProduct({LegalEs()});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  EXPECT_EQ(Assess(product, history, D(2024, 6, 1), "misuse"),
            NotCovered(kQuote, {"legal-es:excluded_fault"}));
  EXPECT_EQ(Assess(product, history, D(2024, 6, 1), "accident"),
            NotCovered(kQuote, {"legal-es:excluded_fault"}));

  // A commercial policy that does not exclude accidents covers it alone.
  const Product both =
      MakeProduct({LegalEs(), Policy("maker-2y", PolicyKind::kCommercial, 100, 24)});
  EXPECT_EQ(Assess(both, history, D(2024, 6, 1), "accident"),
            AllBy("maker-2y", D(2026, 1, 10), false, {"legal-es:excluded_fault"}));
}

// ---- Per-component duration -----------------------------------------------------

TEST(AssessClaim, EachComponentHasItsOwnDuration) {
  // Parts 24 months, labor 12, travel 6 from delivery 2024-01-15: ends
  // 2026-01-15, 2025-01-15 and 2024-07-15.
  WarrantyPolicy maker = Policy("maker", PolicyKind::kCommercial, 100, 24);
  maker.labor.months = 12;
  maker.travel.months = 6;
  const Product product = MakeProduct({maker});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 15))};
  const Quote quote{10000, 4000, 1500};

  // Month 9 (2024-10-15): parts and labor, not travel.
  Decision month9;
  month9.covered = true;
  month9.parts = Cover(100, "maker", D(2026, 1, 15));
  month9.labor = Cover(100, "maker", D(2025, 1, 15));
  month9.travel = kNone;
  month9.basis = "maker";
  month9.remedy = Remedy::kRepair;
  month9.company_cost = {10000, 4000, 0};
  month9.customer_cost = {0, 0, 1500};
  EXPECT_EQ(Assess(product, history, D(2024, 10, 15), "electrical", quote), month9);

  // The last day of travel, then the day after.
  Decision travel_last = AllBy("maker", D(2026, 1, 15), false, {}, quote);
  travel_last.labor = Cover(100, "maker", D(2025, 1, 15));
  travel_last.travel = Cover(100, "maker", D(2024, 7, 15));
  EXPECT_EQ(Assess(product, history, D(2024, 7, 15), "electrical", quote), travel_last);
  EXPECT_EQ(Assess(product, history, D(2024, 7, 16), "electrical", quote), month9);

  // After labor ends only parts: the company pays 10000 of 15500.
  Decision parts_only = month9;
  parts_only.labor = kNone;
  parts_only.company_cost = {10000, 0, 0};
  parts_only.customer_cost = {0, 4000, 1500};
  EXPECT_EQ(Assess(product, history, D(2025, 1, 16), "electrical", quote), parts_only);

  EXPECT_EQ(Assess(product, history, D(2026, 1, 16), "electrical", quote),
            NotCovered(quote, {"maker:expired"}));
}

TEST(AssessClaim, AComponentWithZeroMonthsIsNeverInForce) {
  WarrantyPolicy maker = Policy("maker", PolicyKind::kCommercial, 100, 24);
  maker.travel = {100, 0};
  const Product product = MakeProduct({maker});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  Decision expected = AllBy("maker", D(2026, 1, 10), false, {});
  expected.travel = kNone;
  expected.company_cost = {10000, 5000, 0};
  expected.customer_cost = {0, 0, 2000};
  // Even on the delivery day itself.
  EXPECT_EQ(Assess(product, history, D(2024, 1, 10), "electrical"), expected);
}

// ---- Cover start: sale, offset, purchase, installation --------------------------

TEST(AssessClaim, SaleStartCountsFromTheSaleButNeedsDelivery) {
  WarrantyPolicy policy = Policy("maker-sale", PolicyKind::kCommercial, 100, 12);
  policy.starts_at = CoverStart::kSale;
  const Product product = MakeProduct({policy});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 20))};
  // add_months(2024-01-05, 12) = 2025-01-05.
  EXPECT_EQ(Assess(product, history, D(2025, 1, 5), "electrical"),
            AllBy("maker-sale", D(2025, 1, 5), false, {}));
  EXPECT_EQ(Assess(product, history, D(2025, 1, 6), "electrical"),
            NotCovered(kQuote, {"maker-sale:expired"}));
  // Before the delivery no policy is in force.
  EXPECT_EQ(Assess(product, history, D(2024, 1, 10), "electrical"),
            NotCovered(kQuote, {"maker-sale:not_delivered"}));
}

TEST(AssessClaim, ExtendedPolicyWithAnOffsetStartsWhenTheMakerEnds) {
  // maker-2y: 2024-03-10 .. 2026-03-10. ext-3y: cover start
  // add_months(2024-03-10, 24) = 2026-03-10, end add_months(2026-03-10, 36) =
  // 2029-03-10; bought 2025-06-01.
  WarrantyPolicy ext = Policy("ext-3y", PolicyKind::kExtended, 100, 36);
  ext.offset_months = 24;
  const Product product = MakeProduct({Policy("maker-2y", PolicyKind::kCommercial, 100, 24), ext});
  const std::vector<Event> history = {Sold(D(2024, 3, 1)), Delivered(D(2024, 3, 10)),
                                      ExtensionPurchased(D(2025, 6, 1), "ext-3y")};

  // Not bought yet on 2025-05-05 (the purchase is dated later).
  EXPECT_EQ(Assess(product, history, D(2025, 5, 5), "electrical"),
            AllBy("maker-2y", D(2026, 3, 10), false, {"ext-3y:not_purchased"}));
  // Bought but not started.
  EXPECT_EQ(Assess(product, history, D(2025, 7, 1), "electrical"),
            AllBy("maker-2y", D(2026, 3, 10), false, {"ext-3y:not_started"}));
  // 2026-03-10: both in force at 100 %; commercial wins the tie over extended.
  EXPECT_EQ(Assess(product, history, D(2026, 3, 10), "electrical"),
            AllBy("maker-2y", D(2026, 3, 10), false, {}));
  EXPECT_EQ(Assess(product, history, D(2026, 3, 11), "electrical"),
            AllBy("ext-3y", D(2029, 3, 10), false, {"maker-2y:expired"}));
  EXPECT_EQ(Assess(product, history, D(2029, 3, 10), "electrical"),
            AllBy("ext-3y", D(2029, 3, 10), false, {"maker-2y:expired"}));
  EXPECT_EQ(Assess(product, history, D(2029, 3, 11), "electrical"),
            NotCovered(kQuote, {"maker-2y:expired", "ext-3y:expired"}));
}

TEST(AssessClaim, ExtendedPolicyNeedsAPurchaseNamingIt) {
  WarrantyPolicy ext = Policy("ext-3y", PolicyKind::kExtended, 100, 36);
  ext.offset_months = 24;
  const Product product = MakeProduct({Policy("maker-2y", PolicyKind::kCommercial, 100, 24), ext});
  const std::vector<Event> none = {Sold(D(2024, 3, 1)), Delivered(D(2024, 3, 10))};
  EXPECT_EQ(Assess(product, none, D(2027, 1, 1), "electrical"),
            NotCovered(kQuote, {"maker-2y:expired", "ext-3y:not_purchased"}));
  const std::vector<Event> other = {Sold(D(2024, 3, 1)), Delivered(D(2024, 3, 10)),
                                    ExtensionPurchased(D(2024, 3, 10), "ext-5y")};
  EXPECT_EQ(Assess(product, other, D(2027, 1, 1), "electrical"),
            NotCovered(kQuote, {"maker-2y:expired", "ext-3y:not_purchased"}));
}

TEST(AssessClaim, PurchaseOfExtensionStartsAtThePurchase) {
  WarrantyPolicy ext = Policy("ext-1y", PolicyKind::kExtended, 100, 12);
  ext.starts_at = CoverStart::kPurchaseOfExtension;
  const Product product = MakeProduct({ext});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10)),
                                      ExtensionPurchased(D(2025, 6, 1), "ext-1y")};
  EXPECT_EQ(Assess(product, history, D(2025, 5, 31), "electrical"),
            NotCovered(kQuote, {"ext-1y:not_purchased"}));
  // add_months(2025-06-01, 12) = 2026-06-01.
  EXPECT_EQ(Assess(product, history, D(2025, 6, 1), "electrical"),
            AllBy("ext-1y", D(2026, 6, 1), false, {}));
  EXPECT_EQ(Assess(product, history, D(2026, 6, 2), "electrical"),
            NotCovered(kQuote, {"ext-1y:expired"}));
}

TEST(AssessClaim, AContractStartingAtPurchaseNeedsThatPurchase) {
  WarrantyPolicy care = Policy("care", PolicyKind::kContract, 100, 12);
  care.starts_at = CoverStart::kPurchaseOfExtension;
  const Product product = MakeProduct({care});
  const std::vector<Event> none = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  EXPECT_EQ(Assess(product, none, D(2025, 1, 1), "electrical"),
            NotCovered(kQuote, {"care:not_purchased"}));
  const std::vector<Event> bought = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10)),
                                     ExtensionPurchased(D(2025, 1, 1), "care")};
  EXPECT_EQ(Assess(product, bought, D(2025, 1, 1), "electrical"),
            AllBy("care", D(2026, 1, 1), false, {}));
}

TEST(AssessClaim, InstallationStartUsesTheInstalledDate) {
  WarrantyPolicy policy = Policy("maker-inst", PolicyKind::kCommercial, 100, 24);
  policy.starts_at = CoverStart::kInstallation;
  const Product product = MakeProduct({policy}, InstallationMode::kSpecialist);
  const std::vector<Event> history = {Sold(D(2024, 3, 25)), Delivered(D(2024, 4, 1)),
                                      Installed(D(2024, 4, 20), "specialist")};
  // add_months(2024-04-20, 24) = 2026-04-20.
  EXPECT_EQ(Assess(product, history, D(2026, 4, 20), "electrical"),
            AllBy("maker-inst", D(2026, 4, 20), false, {}));
  EXPECT_EQ(Assess(product, history, D(2026, 4, 21), "electrical"),
            NotCovered(kQuote, {"maker-inst:expired"}));
  // Before the installation (the event is dated later) the delivery is used.
  EXPECT_EQ(Assess(product, history, D(2024, 4, 10), "electrical"),
            AllBy("maker-inst", D(2026, 4, 1), false, {"maker-inst:start_fallback_delivery"}));
}

TEST(AssessClaim, InstallationStartFallsBackToDelivery) {
  WarrantyPolicy policy = Policy("maker-inst", PolicyKind::kCommercial, 100, 24);
  policy.starts_at = CoverStart::kInstallation;
  const Product product = MakeProduct({policy}, InstallationMode::kSpecialist);
  const std::vector<Event> history = {Sold(D(2024, 3, 25)), Delivered(D(2024, 4, 1))};
  // From delivery: add_months(2024-04-01, 24) = 2026-04-01. The fallback is a
  // reason even when the claim is covered.
  EXPECT_EQ(Assess(product, history, D(2026, 3, 1), "electrical"),
            AllBy("maker-inst", D(2026, 4, 1), false, {"maker-inst:start_fallback_delivery"}));
  EXPECT_EQ(Assess(product, history, D(2026, 4, 2), "electrical"),
            NotCovered(kQuote, {"maker-inst:start_fallback_delivery", "maker-inst:expired"}));
}

// ---- Void rules -------------------------------------------------------------------

TEST(AssessClaim, CustomerInstallationVoidsOnlyThePolicyThatRequiresASpecialist) {
  WarrantyPolicy pro = Policy("maker-pro", PolicyKind::kCommercial, 100, 60);
  pro.requires_specialist_installation = true;
  const Product product = MakeProduct({LegalEs(), pro}, InstallationMode::kSpecialist);
  const std::vector<Event> by_customer = {Sold(D(2024, 4, 25)), Delivered(D(2024, 5, 1)),
                                          Installed(D(2024, 5, 2), "customer")};
  // legal-es: until add_months(2024-05-01, 36) = 2027-05-01, presumption 2026-05-01.
  EXPECT_EQ(Assess(product, by_customer, D(2024, 9, 1), "electrical"),
            AllBy("legal-es", D(2027, 5, 1), true, {"maker-pro:void_installation"}));
  EXPECT_EQ(Assess(product, by_customer, D(2028, 1, 1), "electrical"),
            NotCovered(kQuote, {"legal-es:expired", "maker-pro:void_installation"}));

  // Installed by a specialist: maker-pro runs until add_months(2024-05-01, 60) =
  // 2029-05-01; it has no presumption, so presumed is false once it is the basis.
  const std::vector<Event> by_specialist = {Sold(D(2024, 4, 25)), Delivered(D(2024, 5, 1)),
                                            Installed(D(2024, 5, 2), "specialist")};
  EXPECT_EQ(Assess(product, by_specialist, D(2024, 9, 1), "electrical"),
            AllBy("legal-es", D(2027, 5, 1), true, {}));
  EXPECT_EQ(Assess(product, by_specialist, D(2028, 1, 1), "electrical"),
            AllBy("maker-pro", D(2029, 5, 1), false, {"legal-es:expired"}));

  // A later reinstallation by the customer voids it from that date on.
  std::vector<Event> reinstalled = by_specialist;
  reinstalled.push_back(Installed(D(2025, 6, 1), "customer"));
  EXPECT_EQ(Assess(product, reinstalled, D(2028, 1, 1), "electrical"),
            NotCovered(kQuote, {"legal-es:expired", "maker-pro:void_installation"}));
  EXPECT_EQ(Assess(product, reinstalled, D(2025, 5, 31), "electrical"),
            AllBy("legal-es", D(2027, 5, 1), true, {}));
}

// Fixed yearly maintenance with 15 days of grace, from delivery 2024-01-10: dues
// 2025-01-10 (window 2024-12-26 .. 2025-01-25), 2026-01-10 (2025-12-26 ..
// 2026-01-25), 2027-01-10, 2028-01-10.
MaintenancePlan YearlyFixed() {
  MaintenancePlan plan;
  plan.every_months = 12;
  plan.anchor = MaintenanceAnchor::kFixed;
  plan.grace_days = 15;
  return plan;
}

WarrantyPolicy MakerCare() {
  WarrantyPolicy care = Policy("maker-care", PolicyKind::kCommercial, 100, 60);
  care.requires_maintenance = true;
  return care;
}

TEST(AssessClaim, MissedMaintenanceVoidsAfterTheGraceWindowCloses) {
  const Product product =
      MakeProduct({LegalEs(), MakerCare()}, InstallationMode::kNone, YearlyFixed());
  const std::vector<Event> none = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  // The window closes on 2025-01-25: a claim that day is still covered by both
  // (legal-es wins every tie); the next day maker-care is void.
  EXPECT_EQ(Assess(product, none, D(2025, 1, 25), "electrical"),
            AllBy("legal-es", D(2027, 1, 10), true, {}));
  EXPECT_EQ(Assess(product, none, D(2025, 1, 26), "electrical"),
            AllBy("legal-es", D(2027, 1, 10), true, {"maker-care:void_maintenance"}));
  EXPECT_EQ(Assess(product, none, D(2028, 1, 1), "electrical"),
            NotCovered(kQuote, {"legal-es:expired", "maker-care:void_maintenance"}));
}

TEST(AssessClaim, MaintenanceDoneInsideEveryWindowKeepsTheCover) {
  const Product product =
      MakeProduct({LegalEs(), MakerCare()}, InstallationMode::kNone, YearlyFixed());
  const std::vector<Event> kept = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      MaintenanceDone(D(2025, 1, 20)),
      MaintenanceDone(D(2026, 1, 5)),
      MaintenanceDone(D(2027, 1, 10)),
  };
  // maker-care: until add_months(2024-01-10, 60) = 2029-01-10. The 2028-01-10
  // due's window is still open on 2028-01-01.
  EXPECT_EQ(Assess(product, kept, D(2028, 1, 1), "electrical"),
            AllBy("maker-care", D(2029, 1, 10), false, {"legal-es:expired"}));

  // Only the first one done: void once the second window closes (2026-01-25).
  const std::vector<Event> first_only = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10)),
                                         MaintenanceDone(D(2025, 1, 20))};
  EXPECT_EQ(Assess(product, first_only, D(2026, 1, 25), "electrical"),
            AllBy("legal-es", D(2027, 1, 10), false, {}));
  EXPECT_EQ(Assess(product, first_only, D(2026, 1, 26), "electrical"),
            AllBy("legal-es", D(2027, 1, 10), false, {"maker-care:void_maintenance"}));
}

TEST(AssessClaim, TheGraceWindowIncludesBothEnds) {
  // Only maker-care, so the claim shows its void directly.
  const Product product = MakeProduct({MakerCare()}, InstallationMode::kNone, YearlyFixed());
  const auto with_done = [](Date done) {
    return std::vector<Event>{Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10)),
                              MaintenanceDone(done)};
  };
  const Decision kept = AllBy("maker-care", D(2029, 1, 10), false, {});
  const Decision voided = NotCovered(kQuote, {"maker-care:void_maintenance"});
  EXPECT_EQ(Assess(product, with_done(D(2024, 12, 26)), D(2025, 6, 1), "electrical"), kept);
  EXPECT_EQ(Assess(product, with_done(D(2025, 1, 25)), D(2025, 6, 1), "electrical"), kept);
  // A fixed grid does not move: one day early or late misses the due.
  EXPECT_EQ(Assess(product, with_done(D(2024, 12, 25)), D(2025, 6, 1), "electrical"), voided);
  EXPECT_EQ(Assess(product, with_done(D(2025, 1, 26)), D(2025, 6, 1), "electrical"), voided);
}

TEST(AssessClaim, CompletionAnchoredMaintenanceVoidsFromTheFirstMissedDue) {
  // Every 6 months from the last completion, 10 days of grace, delivery
  // 2024-01-10: first due 2024-07-10, window 2024-06-30 .. 2024-07-20.
  MaintenancePlan plan;
  plan.every_months = 6;
  plan.anchor = MaintenanceAnchor::kCompletion;
  plan.grace_days = 10;
  const Product product = MakeProduct({MakerCare()}, InstallationMode::kNone, plan);
  const auto with_done = [](Date done) {
    return std::vector<Event>{Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10)),
                              MaintenanceDone(done)};
  };
  const Decision kept = AllBy("maker-care", D(2029, 1, 10), false, {});
  const Decision voided = NotCovered(kQuote, {"maker-care:void_maintenance"});

  // Late (2024-08-15): the 2024-07-10 due was missed, void after 2024-07-20.
  EXPECT_EQ(Assess(product, with_done(D(2024, 8, 15)), D(2024, 9, 1), "electrical"), voided);
  // On time (2024-07-05): the next due counts from it, 2025-01-05, window until
  // 2025-01-15.
  EXPECT_EQ(Assess(product, with_done(D(2024, 7, 5)), D(2024, 9, 1), "electrical"), kept);
  EXPECT_EQ(Assess(product, with_done(D(2024, 7, 5)), D(2025, 1, 15), "electrical"), kept);
  EXPECT_EQ(Assess(product, with_done(D(2024, 7, 5)), D(2025, 1, 16), "electrical"), voided);
  // Early (2024-05-01, before 2024-06-30): it supersedes the due; the next is
  // 2024-11-01, window until 2024-11-11.
  EXPECT_EQ(Assess(product, with_done(D(2024, 5, 1)), D(2024, 11, 11), "electrical"), kept);
  EXPECT_EQ(Assess(product, with_done(D(2024, 5, 1)), D(2024, 11, 12), "electrical"), voided);
}

TEST(AssessClaim, MaintenanceWindowIsAroundTheShiftedDueWhenACalendarIsGiven) {
  // Yearly, no grace, next working day, from delivery 2024-02-15 (Thu): the due
  // 2025-02-15 is a Saturday, shifted to Monday 2025-02-17 where a UTC Mon-Fri
  // calendar is passed.
  absl::StatusOr<Calendar> cal = Calendar::from_json(R"({
    "timezone": "UTC",
    "week": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]],
             "wed": [["09:00","17:00"]], "thu": [["09:00","17:00"]],
             "fri": [["09:00","17:00"]], "sat": [], "sun": []},
    "holidays": [], "observed": "none"})");
  ASSERT_TRUE(cal.ok()) << cal.status();
  MaintenancePlan plan;
  plan.every_months = 12;
  plan.grace_days = 0;
  plan.shift = DateShift::kNextWorkingDay;
  plan.calendar = "office";
  const Product product = MakeProduct({MakerCare()}, InstallationMode::kNone, plan);
  const std::vector<Event> history = {Sold(D(2024, 2, 10)), Delivered(D(2024, 2, 15)),
                                      MaintenanceDone(D(2025, 2, 17))};
  // add_months(2024-02-15, 60) = 2029-02-15.
  EXPECT_EQ(Assess(product, history, D(2025, 3, 1), "electrical", kQuote, &*cal),
            AllBy("maker-care", D(2029, 2, 15), false, {}));
  // Without the calendar the due stays on 2025-02-15 and 2025-02-17 misses it.
  EXPECT_EQ(Assess(product, history, D(2025, 3, 1), "electrical"),
            NotCovered(kQuote, {"maker-care:void_maintenance"}));
}

// ---- Post-repair cover ------------------------------------------------------------

// 12 months of parts and labor at 100 %, travel 50 % with no duration of its own,
// 6 months of post-repair cover. Delivery 2024-01-10: normal end 2025-01-10.
WarrantyPolicy MakerWithPostRepair() {
  WarrantyPolicy p = Policy("maker-1y", PolicyKind::kCommercial, 100, 12);
  p.travel = {50, 0};
  p.post_repair_months = 6;
  return p;
}

TEST(AssessClaim, PostRepairCoverRunsPastTheEndForTheSameFaultOnly) {
  const Product product = MakeProduct({MakerWithPostRepair()});
  // Repaired 2024-11-01 .. 2024-11-21 (outcome not_fixed: ignored); post-repair
  // cover until add_months(2024-11-21, 6) = 2025-05-21, for every component,
  // travel included, at the policy's own percents.
  const std::vector<Event> history = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2024, 11, 1), "electrical"),
      RepairReturned(D(2024, 11, 21), "not_fixed"),
  };
  Decision post;
  post.covered = true;
  post.parts = Cover(100, "maker-1y", D(2025, 5, 21));
  post.labor = Cover(100, "maker-1y", D(2025, 5, 21));
  post.travel = Cover(50, "maker-1y", D(2025, 5, 21));
  post.basis = "maker-1y";
  post.remedy = Remedy::kRepair;
  post.company_cost = {10000, 5000, 1000};
  post.customer_cost = {0, 0, 1000};
  post.reasons = {"maker-1y:post_repair_cover"};
  EXPECT_EQ(Assess(product, history, D(2025, 3, 1), "electrical"), post);
  EXPECT_EQ(Assess(product, history, D(2025, 5, 21), "electrical"), post);
  EXPECT_EQ(Assess(product, history, D(2025, 5, 22), "electrical"),
            NotCovered(kQuote, {"maker-1y:expired"}));
  // Another fault after the normal end: nothing.
  EXPECT_EQ(Assess(product, history, D(2025, 3, 1), "mechanical"),
            NotCovered(kQuote, {"maker-1y:expired"}));
  // Inside the normal period the same fault already gets the later end, and the
  // travel the normal cover never gave.
  EXPECT_EQ(Assess(product, history, D(2024, 12, 1), "electrical"), post);
  // Another fault inside the normal period: parts and labor until 2025-01-10.
  Decision normal = AllBy("maker-1y", D(2025, 1, 10), false, {});
  normal.travel = kNone;
  normal.company_cost = {10000, 5000, 0};
  normal.customer_cost = {0, 0, 2000};
  EXPECT_EQ(Assess(product, history, D(2024, 12, 1), "mechanical"), normal);
}

TEST(AssessClaim, PostRepairCoverRunsFromTheLatestRepairOfThatFault) {
  const Product product = MakeProduct({MakerWithPostRepair()});
  // The second repair returns 2024-12-20: cover until 2025-06-20.
  const std::vector<Event> history = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2024, 11, 1), "electrical"),
      RepairReturned(D(2024, 11, 21)),
      RepairReceived(D(2024, 12, 10), "electrical"),
      RepairReturned(D(2024, 12, 20)),
  };
  Decision post;
  post.covered = true;
  post.parts = Cover(100, "maker-1y", D(2025, 6, 20));
  post.labor = Cover(100, "maker-1y", D(2025, 6, 20));
  post.travel = Cover(50, "maker-1y", D(2025, 6, 20));
  post.basis = "maker-1y";
  post.remedy = Remedy::kRepair;
  post.company_cost = {10000, 5000, 1000};
  post.customer_cost = {0, 0, 1000};
  post.reasons = {"maker-1y:post_repair_cover"};
  EXPECT_EQ(Assess(product, history, D(2025, 6, 20), "electrical"), post);
  EXPECT_EQ(Assess(product, history, D(2025, 6, 21), "electrical"),
            NotCovered(kQuote, {"maker-1y:expired"}));
}

TEST(AssessClaim, PostRepairCoverNeedsTheRepairToBeUnderThePolicy) {
  const Product product = MakeProduct({MakerWithPostRepair()});
  // Received 2025-02-01, after the end 2025-01-10: not under the policy.
  const std::vector<Event> history = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2025, 2, 1), "electrical"),
      RepairReturned(D(2025, 2, 10)),
  };
  EXPECT_EQ(Assess(product, history, D(2025, 3, 1), "electrical"),
            NotCovered(kQuote, {"maker-1y:expired"}));
}

TEST(AssessClaim, LegalEsPostRepairCoverAfterSuspension) {
  // Delivery 2024-01-10; repair 2026-12-01 .. 2026-12-11 (10 days): end
  // 2027-01-10 + 10 = 2027-01-20; post-repair until add_months(2026-12-11, 12) =
  // 2027-12-11.
  const Product product = MakeProduct({LegalEs()});
  const std::vector<Event> history = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2026, 12, 1), "electrical"),
      RepairReturned(D(2026, 12, 11)),
  };
  EXPECT_EQ(Assess(product, history, D(2027, 6, 1), "electrical"),
            AllBy("legal-es", D(2027, 12, 11), false,
                  {"legal-es:suspended_days:10", "legal-es:post_repair_cover"}));
  EXPECT_EQ(Assess(product, history, D(2027, 6, 1), "mechanical"),
            NotCovered(kQuote, {"legal-es:suspended_days:10", "legal-es:expired"}));
  EXPECT_EQ(Assess(product, history, D(2027, 12, 12), "electrical"),
            NotCovered(kQuote, {"legal-es:suspended_days:10", "legal-es:expired"}));
}

// ---- Repeat failure -----------------------------------------------------------------

TEST(AssessClaim, RepeatFailureByAttempts) {
  WarrantyPolicy maker = Policy("maker", PolicyKind::kCommercial, 100, 24);
  maker.max_repair_attempts = 2;
  const Product product = MakeProduct({maker});
  const std::vector<Event> history = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2024, 3, 1), "electrical"),
      RepairReturned(D(2024, 3, 5)),
      RepairReceived(D(2024, 6, 1), "electrical"),
      RepairReturned(D(2024, 6, 4)),
  };
  // Two completed attempts on the same fault: replace or refund.
  EXPECT_EQ(Assess(product, history, D(2024, 9, 1), "electrical"),
            AllBy("maker", D(2026, 1, 10), false, {"maker:repeat_failure"}, kQuote,
                  Remedy::kReplaceOrRefund));
  EXPECT_EQ(Assess(product, history, D(2024, 6, 4), "electrical"),
            AllBy("maker", D(2026, 1, 10), false, {"maker:repeat_failure"}, kQuote,
                  Remedy::kReplaceOrRefund));
  // The second attempt still open: one completed.
  EXPECT_EQ(Assess(product, history, D(2024, 6, 3), "electrical"),
            AllBy("maker", D(2026, 1, 10), false, {}));
  // Another fault has no attempts.
  EXPECT_EQ(Assess(product, history, D(2024, 9, 1), "mechanical"),
            AllBy("maker", D(2026, 1, 10), false, {}));
}

TEST(AssessClaim, RepeatFailureByDaysOutOfService) {
  WarrantyPolicy maker = Policy("maker", PolicyKind::kCommercial, 100, 24);
  maker.max_days_out_of_service = 30;
  const Product product = MakeProduct({maker});
  // 20 days (03-01 .. 03-21) + 10 days (06-01 .. 06-11) = 30 on "electrical";
  // the 30 days on "mechanical" do not add to it.
  const std::vector<Event> thirty = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2024, 3, 1), "electrical"),
      RepairReturned(D(2024, 3, 21)),
      RepairReceived(D(2024, 6, 1), "electrical"),
      RepairReturned(D(2024, 6, 11)),
      RepairReceived(D(2024, 7, 1), "mechanical"),
      RepairReturned(D(2024, 7, 31)),
  };
  EXPECT_EQ(Assess(product, thirty, D(2024, 9, 1), "electrical"),
            AllBy("maker", D(2026, 1, 10), false, {"maker:repeat_failure"}, kQuote,
                  Remedy::kReplaceOrRefund));
  // 20 + 9 = 29 days: still a repair.
  const std::vector<Event> twenty_nine = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2024, 3, 1), "electrical"),
      RepairReturned(D(2024, 3, 21)),
      RepairReceived(D(2024, 6, 1), "electrical"),
      RepairReturned(D(2024, 6, 10)),
  };
  EXPECT_EQ(Assess(product, twenty_nine, D(2024, 9, 1), "electrical"),
            AllBy("maker", D(2026, 1, 10), false, {}));
  // The mechanical repair alone is 30 days on its own fault.
  EXPECT_EQ(Assess(product, thirty, D(2024, 9, 1), "mechanical"),
            AllBy("maker", D(2026, 1, 10), false, {"maker:repeat_failure"}, kQuote,
                  Remedy::kReplaceOrRefund));
}

TEST(AssessClaim, RepeatFailureCountsOnlyWhileThatPolicyIsInForce) {
  WarrantyPolicy maker = Policy("maker-1y", PolicyKind::kCommercial, 100, 12);
  maker.max_repair_attempts = 1;
  const Product product = MakeProduct({Policy("legal-3y", PolicyKind::kLegal, 100, 36), maker});
  const std::vector<Event> history = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2024, 3, 1), "electrical"),
      RepairReturned(D(2024, 3, 5)),
  };
  // Both in force: legal-3y grants every component (tie order) but maker-1y's
  // repeat failure still sets the remedy.
  EXPECT_EQ(Assess(product, history, D(2024, 9, 1), "electrical"),
            AllBy("legal-3y", D(2027, 1, 10), false, {"maker-1y:repeat_failure"}, kQuote,
                  Remedy::kReplaceOrRefund));
  // maker-1y expired on 2025-01-10: its limit no longer applies.
  EXPECT_EQ(Assess(product, history, D(2025, 3, 1), "electrical"),
            AllBy("legal-3y", D(2027, 1, 10), false, {"maker-1y:expired"}));
}

TEST(AssessClaim, RepeatFailureComesAfterTheSuspensionReason) {
  WarrantyPolicy legal = LegalEs();
  legal.max_repair_attempts = 2;
  const Product product = MakeProduct({legal});
  // 4 + 3 = 7 days suspended: end 2027-01-17.
  const std::vector<Event> history = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2024, 3, 1), "electrical"),
      RepairReturned(D(2024, 3, 5)),
      RepairReceived(D(2024, 6, 1), "electrical"),
      RepairReturned(D(2024, 6, 4)),
  };
  EXPECT_EQ(Assess(product, history, D(2024, 9, 1), "electrical"),
            AllBy("legal-es", D(2027, 1, 17), true,
                  {"legal-es:suspended_days:7", "legal-es:repeat_failure"}, kQuote,
                  Remedy::kReplaceOrRefund));
}

// ---- Policies that start late: what is "under" them ------------------------------------

// ext-3y: extended, from add_months(2024-03-10, 24) = 2026-03-10 until
// add_months(2026-03-10, 36) = 2029-03-10, bought on delivery day.
WarrantyPolicy LateExtension() {
  WarrantyPolicy ext = Policy("ext-3y", PolicyKind::kExtended, 100, 36);
  ext.offset_months = 24;
  return ext;
}

TEST(AssessClaim, ARepairBeforeAPolicyStartsDoesNotSuspendIt) {
  WarrantyPolicy ext = LateExtension();
  ext.suspend_during_repair = true;
  const Product product = MakeProduct({Policy("maker-2y", PolicyKind::kCommercial, 100, 24), ext});
  // The first repair (10 days, under maker-2y only) is before ext-3y starts; the
  // second (2026-06-01 .. 06-11, 10 days) is under ext-3y: end 2029-03-20.
  const std::vector<Event> history = {
      Sold(D(2024, 3, 1)),
      Delivered(D(2024, 3, 10)),
      ExtensionPurchased(D(2024, 3, 10), "ext-3y"),
      RepairReceived(D(2024, 5, 1), "electrical"),
      RepairReturned(D(2024, 5, 11)),
      RepairReceived(D(2026, 6, 1), "electrical"),
      RepairReturned(D(2026, 6, 11)),
  };
  EXPECT_EQ(
      Assess(product, history, D(2029, 3, 20), "mechanical"),
      AllBy("ext-3y", D(2029, 3, 20), false, {"maker-2y:expired", "ext-3y:suspended_days:10"}));
  EXPECT_EQ(Assess(product, history, D(2029, 3, 21), "mechanical"),
            NotCovered(kQuote, {"maker-2y:expired", "ext-3y:suspended_days:10", "ext-3y:expired"}));
}

TEST(AssessClaim, ARepairBeforeAPolicyStartsIsNotAnAttemptUnderIt) {
  WarrantyPolicy ext = LateExtension();
  ext.max_repair_attempts = 1;
  const Product product = MakeProduct({ext});
  const std::vector<Event> history = {
      Sold(D(2024, 3, 1)),
      Delivered(D(2024, 3, 10)),
      ExtensionPurchased(D(2024, 3, 10), "ext-3y"),
      RepairReceived(D(2024, 5, 1), "electrical"),
      RepairReturned(D(2024, 5, 11)),
  };
  EXPECT_EQ(Assess(product, history, D(2026, 6, 1), "electrical"),
            AllBy("ext-3y", D(2029, 3, 10), false, {}));
}

TEST(AssessClaim, PresumptionCountsFromTheBasisCoverStartAfterItsOffset) {
  WarrantyPolicy ext = LateExtension();
  ext.presumption_months = 6;  // until add_months(2026-03-10, 6) = 2026-09-10
  const Product product = MakeProduct({ext});
  const std::vector<Event> history = {Sold(D(2024, 3, 1)), Delivered(D(2024, 3, 10)),
                                      ExtensionPurchased(D(2024, 3, 10), "ext-3y")};
  EXPECT_EQ(Assess(product, history, D(2026, 9, 10), "electrical"),
            AllBy("ext-3y", D(2029, 3, 10), true, {}));
  EXPECT_EQ(Assess(product, history, D(2026, 9, 11), "electrical"),
            AllBy("ext-3y", D(2029, 3, 10), false, {}));
}

TEST(AssessClaim, InstallationFallbackThenOffset) {
  WarrantyPolicy policy = Policy("maker-inst", PolicyKind::kCommercial, 100, 12);
  policy.starts_at = CoverStart::kInstallation;
  policy.offset_months = 12;
  const Product product = MakeProduct({policy}, InstallationMode::kSpecialist);
  const std::vector<Event> history = {Sold(D(2024, 3, 25)), Delivered(D(2024, 4, 1))};
  // Cover start add_months(2024-04-01, 12) = 2025-04-01, end 2026-04-01.
  EXPECT_EQ(Assess(product, history, D(2024, 6, 1), "electrical"),
            NotCovered(kQuote, {"maker-inst:start_fallback_delivery", "maker-inst:not_started"}));
  EXPECT_EQ(Assess(product, history, D(2025, 4, 1), "electrical"),
            AllBy("maker-inst", D(2026, 4, 1), false, {"maker-inst:start_fallback_delivery"}));
}

TEST(AssessClaim, PostRepairCoverExtendsOnlyTheComponentsThatEndEarlier) {
  // Parts 24 months (until 2026-01-10), labor and travel 12 (until 2025-01-10),
  // 6 months post-repair. Repair 2024-10-01 .. 10-11: until 2025-04-11.
  WarrantyPolicy maker = Policy("maker", PolicyKind::kCommercial, 100, 12);
  maker.parts.months = 24;
  maker.post_repair_months = 6;
  const Product product = MakeProduct({maker});
  const std::vector<Event> history = {
      Sold(D(2024, 1, 5)),
      Delivered(D(2024, 1, 10)),
      RepairReceived(D(2024, 10, 1), "electrical"),
      RepairReturned(D(2024, 10, 11)),
  };
  Decision post = AllBy("maker", D(2025, 4, 11), false, {"maker:post_repair_cover"});
  post.parts = Cover(100, "maker", D(2026, 1, 10));
  EXPECT_EQ(Assess(product, history, D(2025, 3, 1), "electrical"), post);
  EXPECT_EQ(Assess(product, history, D(2024, 11, 1), "electrical"), post);
  // Another fault after 2025-01-10: parts only.
  Decision parts_only = post;
  parts_only.labor = kNone;
  parts_only.travel = kNone;
  parts_only.company_cost = {10000, 0, 0};
  parts_only.customer_cost = {0, 5000, 2000};
  parts_only.reasons = {};
  EXPECT_EQ(Assess(product, history, D(2025, 3, 1), "mechanical"), parts_only);
}

TEST(AssessClaim, APolicyInForceAtZeroPercentGrantsNothing) {
  // In force (not expired, so no reason) but nothing granted: not covered.
  const Product product = MakeProduct({Policy("goodwill", PolicyKind::kCommercial, 0, 24)});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  EXPECT_EQ(Assess(product, history, D(2024, 6, 1), "electrical"), NotCovered(kQuote, {}));
}

TEST(AssessClaim, UsageDuesForAClaimUseOnlyTheReadingsSoFar) {
  // Every 10 000 usage units, 5 days of grace, from delivery 2024-01-01.
  // On 2024-06-01 only the 2024-04-10 reading (5 000 at day 100, 50 a day) is
  // known: the due is day 200 = 2024-07-19, not yet missed. With the 2024-06-19
  // reading (11 900) the due is 2024-05-31 (see UsageIsProjectedFromTheReadings),
  // missed once 2024-06-05 has passed.
  MaintenancePlan plan;
  plan.every_usage = 10000;
  plan.grace_days = 5;
  const Product product = MakeProduct({MakerCare()}, InstallationMode::kNone, plan);
  const std::vector<Event> history = {
      Sold(D(2023, 12, 20)),
      Delivered(D(2024, 1, 1)),
      UsageReading(D(2024, 4, 10), 5000),
      UsageReading(D(2024, 6, 19), 11900),
  };
  // maker-care: until add_months(2024-01-01, 60) = 2029-01-01.
  EXPECT_EQ(Assess(product, history, D(2024, 6, 18), "electrical"),
            AllBy("maker-care", D(2029, 1, 1), false, {}));
  EXPECT_EQ(Assess(product, history, D(2024, 6, 19), "electrical"),
            NotCovered(kQuote, {"maker-care:void_maintenance"}));
}

// ---- Several policies: per-component best, basis, ties ------------------------------

TEST(AssessClaim, EachComponentTakesTheBestPolicyAndTheBasisTheLargestAmount) {
  // legal-2y: parts and labor 100 %, travel 50 %, 24 months, presumption 24.
  // maker-travel: travel 100 % for 12 months only.
  WarrantyPolicy legal = Policy("legal-2y", PolicyKind::kLegal, 100, 24);
  legal.travel.percent = 50;
  legal.presumption_months = 24;
  WarrantyPolicy travel = Policy("maker-travel", PolicyKind::kCommercial, 0, 12);
  travel.travel.percent = 100;
  const Product product = MakeProduct({legal, travel});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};

  // 2024-07-10: parts and labor from legal-2y (until 2026-01-10), travel from
  // maker-travel (until 2025-01-10). With quote {1000, 500, 2000} legal-2y grants
  // 1500 and maker-travel 2000: the basis is maker-travel, which has no
  // presumption.
  Decision split;
  split.covered = true;
  split.parts = Cover(100, "legal-2y", D(2026, 1, 10));
  split.labor = Cover(100, "legal-2y", D(2026, 1, 10));
  split.travel = Cover(100, "maker-travel", D(2025, 1, 10));
  split.basis = "maker-travel";
  split.presumed_nonconformity = false;
  split.remedy = Remedy::kRepair;
  split.company_cost = {1000, 500, 2000};
  split.customer_cost = {0, 0, 0};
  EXPECT_EQ(Assess(product, history, D(2024, 7, 10), "electrical", {1000, 500, 2000}), split);

  // With labor 1500, legal-2y grants 2500 > 2000: it is the basis, presumed.
  Decision legal_basis = split;
  legal_basis.basis = "legal-2y";
  legal_basis.presumed_nonconformity = true;
  legal_basis.company_cost = {1000, 1500, 2000};
  EXPECT_EQ(Assess(product, history, D(2024, 7, 10), "electrical", {1000, 1500, 2000}),
            legal_basis);

  // After maker-travel ends, travel falls back to legal-2y's 50 %.
  Decision later = split;
  later.travel = Cover(50, "legal-2y", D(2026, 1, 10));
  later.basis = "legal-2y";
  later.presumed_nonconformity = true;  // 2025-06-01 <= 2026-01-10
  later.company_cost = {1000, 500, 1000};
  later.customer_cost = {0, 0, 1000};
  later.reasons = {"maker-travel:expired"};
  EXPECT_EQ(Assess(product, history, D(2025, 6, 1), "electrical", {1000, 500, 2000}), later);
}

TEST(AssessClaim, LongerCommercialTravelAfterTheLegalCoverEnds) {
  // legal: parts and labor 100 % for 24 months, no travel; maker-5y: parts 50 %
  // and travel 100 % for 60 months.
  WarrantyPolicy legal = Policy("legal", PolicyKind::kLegal, 100, 24);
  legal.travel = {0, 0};
  WarrantyPolicy maker = Policy("maker-5y", PolicyKind::kCommercial, 0, 60);
  maker.parts.percent = 50;
  maker.travel.percent = 100;
  const Product product = MakeProduct({legal, maker});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  const Quote quote{2000, 3000, 500};

  Decision early;
  early.covered = true;
  early.parts = Cover(100, "legal", D(2026, 1, 10));
  early.labor = Cover(100, "legal", D(2026, 1, 10));
  early.travel = Cover(100, "maker-5y", D(2029, 1, 10));
  early.basis = "legal";  // 5000 against 500
  early.remedy = Remedy::kRepair;
  early.company_cost = {2000, 3000, 500};
  early.customer_cost = {0, 0, 0};
  EXPECT_EQ(Assess(product, history, D(2025, 1, 10), "electrical", quote), early);

  Decision late;
  late.covered = true;
  late.parts = Cover(50, "maker-5y", D(2029, 1, 10));
  late.labor = kNone;
  late.travel = Cover(100, "maker-5y", D(2029, 1, 10));
  late.basis = "maker-5y";
  late.remedy = Remedy::kRepair;
  late.company_cost = {1000, 0, 500};
  late.customer_cost = {1000, 3000, 0};
  late.reasons = {"legal:expired"};
  EXPECT_EQ(Assess(product, history, D(2027, 1, 10), "electrical", quote), late);
}

TEST(AssessClaim, EqualPercentsGoToTheKindFirstThenTheName) {
  // zeta and alpha are both commercial at 100 %: alpha wins every component by
  // name, even though zeta lasts longer and is listed first.
  const Product by_name = MakeProduct({Policy("zeta", PolicyKind::kCommercial, 100, 24),
                                       Policy("alpha", PolicyKind::kCommercial, 100, 12)});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  EXPECT_EQ(Assess(by_name, history, D(2024, 6, 1), "electrical"),
            AllBy("alpha", D(2025, 1, 10), false, {}));

  // A contract named "a-care" loses to a commercial "z-maker": kind first.
  const Product by_kind = MakeProduct({Policy("a-care", PolicyKind::kContract, 100, 24),
                                       Policy("z-maker", PolicyKind::kCommercial, 100, 12)});
  EXPECT_EQ(Assess(by_kind, history, D(2024, 6, 1), "electrical"),
            AllBy("z-maker", D(2025, 1, 10), false, {}));

  // Extended against contract: extended first.
  WarrantyPolicy ext = Policy("z-ext", PolicyKind::kExtended, 100, 12);
  const std::vector<Event> bought = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10)),
                                     ExtensionPurchased(D(2024, 1, 10), "z-ext")};
  const Product ext_contract = MakeProduct({Policy("a-care", PolicyKind::kContract, 100, 24), ext});
  EXPECT_EQ(Assess(ext_contract, bought, D(2024, 6, 1), "electrical"),
            AllBy("z-ext", D(2025, 1, 10), false, {}));
}

TEST(AssessClaim, BasisTiesGoToTheKindFirstThenTheName) {
  // legal-p grants parts only, maker-l labor only (maker-l's 50 % on parts loses
  // to 100 %). With quote {1000, 1000, 0} each grants 1000: legal-p is the basis.
  WarrantyPolicy legal = Policy("legal-p", PolicyKind::kLegal, 0, 24);
  legal.parts.percent = 100;
  legal.presumption_months = 6;
  WarrantyPolicy maker = Policy("maker-l", PolicyKind::kCommercial, 0, 24);
  maker.parts.percent = 50;
  maker.labor.percent = 100;
  const Product product = MakeProduct({maker, legal});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  Decision expected;
  expected.covered = true;
  expected.parts = Cover(100, "legal-p", D(2026, 1, 10));
  expected.labor = Cover(100, "maker-l", D(2026, 1, 10));
  expected.travel = kNone;
  expected.basis = "legal-p";
  // legal-p's presumption: until add_months(2024-01-10, 6) = 2024-07-10.
  expected.presumed_nonconformity = true;
  expected.remedy = Remedy::kRepair;
  expected.company_cost = {1000, 1000, 0};
  expected.customer_cost = {0, 0, 0};
  EXPECT_EQ(Assess(product, history, D(2024, 7, 10), "electrical", {1000, 1000, 0}), expected);
  expected.presumed_nonconformity = false;
  EXPECT_EQ(Assess(product, history, D(2024, 7, 11), "electrical", {1000, 1000, 0}), expected);

  // Two commercial policies: beta grants parts, alpha labor, 1000 each: alpha.
  WarrantyPolicy beta = Policy("beta", PolicyKind::kCommercial, 0, 24);
  beta.parts.percent = 100;
  WarrantyPolicy alpha = Policy("alpha", PolicyKind::kCommercial, 0, 24);
  alpha.labor.percent = 100;
  const Product named = MakeProduct({beta, alpha});
  Decision by_name;
  by_name.covered = true;
  by_name.parts = Cover(100, "beta", D(2026, 1, 10));
  by_name.labor = Cover(100, "alpha", D(2026, 1, 10));
  by_name.travel = kNone;
  by_name.basis = "alpha";
  by_name.remedy = Remedy::kRepair;
  by_name.company_cost = {1000, 1000, 0};
  by_name.customer_cost = {0, 0, 0};
  EXPECT_EQ(Assess(named, history, D(2024, 7, 10), "electrical", {1000, 1000, 0}), by_name);
  // beta's 1001 beats alpha's 1000.
  by_name.basis = "beta";
  by_name.company_cost = {1001, 1000, 0};
  EXPECT_EQ(Assess(named, history, D(2024, 7, 10), "electrical", {1001, 1000, 0}), by_name);
}

TEST(AssessClaim, ZeroQuoteStillNamesTheFirstGrantingPolicyInTieOrder) {
  // maker grants labor at 100 %, legal-b parts at 50 %. Amounts are all zero, so
  // the basis is the first in tie order: legal-b.
  WarrantyPolicy maker = Policy("maker", PolicyKind::kCommercial, 0, 24);
  maker.labor.percent = 100;
  WarrantyPolicy legal = Policy("legal-b", PolicyKind::kLegal, 0, 24);
  legal.parts.percent = 50;
  const Product product = MakeProduct({maker, legal});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  Decision expected;
  expected.covered = true;
  expected.parts = Cover(50, "legal-b", D(2026, 1, 10));
  expected.labor = Cover(100, "maker", D(2026, 1, 10));
  expected.travel = kNone;
  expected.basis = "legal-b";
  expected.remedy = Remedy::kRepair;
  EXPECT_EQ(Assess(product, history, D(2024, 7, 10), "electrical", Quote{}), expected);
}

TEST(AssessClaim, ZeroQuoteWithNothingInForce) {
  const Product product = MakeProduct({LegalEs()});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  EXPECT_EQ(Assess(product, history, D(2028, 1, 1), "electrical", Quote{}),
            NotCovered(Quote{}, {"legal-es:expired"}));
}

// ---- Rounding -------------------------------------------------------------------------

TEST(AssessClaim, CompanyShareRoundsHalfUp) {
  WarrantyPolicy half = Policy("half", PolicyKind::kCommercial, 50, 24);
  half.labor.percent = 33;
  const Product product = MakeProduct({half});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  const auto expect = [&](Quote quote, Quote company) {
    SCOPED_TRACE(absl::StrCat("quote {", quote.parts, ", ", quote.labor, ", ", quote.travel, "}"));
    Decision d;
    d.covered = true;
    d.parts = Cover(50, "half", D(2026, 1, 10));
    d.labor = Cover(33, "half", D(2026, 1, 10));
    d.travel = Cover(50, "half", D(2026, 1, 10));
    d.basis = "half";
    d.remedy = Remedy::kRepair;
    d.company_cost = company;
    d.customer_cost = {quote.parts - company.parts, quote.labor - company.labor,
                       quote.travel - company.travel};
    EXPECT_EQ(Assess(product, history, D(2024, 7, 10), "electrical", quote), d);
  };
  // 1005 * 50 % = 502.5 -> 503; 3 * 33 % = 0.99 -> 1; 1 * 50 % = 0.5 -> 1.
  expect({1005, 3, 1}, {503, 1, 1});
  // 101 * 50 % = 50.5 -> 51; 150 * 33 % = 49.5 -> 50; 3 * 50 % = 1.5 -> 2.
  expect({101, 150, 3}, {51, 50, 2});
  // 100 * 33 % = 33 exactly; 101 * 33 % = 33.33 -> 33; 1 * 33 % = 0.33 -> 0.
  expect({4, 100, 0}, {2, 33, 0});
  expect({0, 101, 0}, {0, 33, 0});
  expect({0, 1, 0}, {0, 0, 0});
  // Beyond a double's 53 bits: 90 000 000 000 000 001 * 50 % =
  // 45 000 000 000 000 000.5 -> 45 000 000 000 000 001.
  expect({90'000'000'000'000'001, 0, 0}, {45'000'000'000'000'001, 0, 0});
}

// ---- Not in force: delivery, end of the unit --------------------------------------------

TEST(AssessClaim, NothingIsInForceBeforeDelivery) {
  WarrantyPolicy ext = Policy("ext-3y", PolicyKind::kExtended, 100, 36);
  const Product product = MakeProduct({LegalEs(), ext});
  EXPECT_EQ(Assess(product, {Sold(D(2024, 1, 5))}, D(2024, 1, 8), "electrical"),
            NotCovered(kQuote, {"legal-es:not_delivered", "ext-3y:not_delivered"}));
  // A delivery dated after the claim does not count.
  EXPECT_EQ(Assess(product, {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))}, D(2024, 1, 8),
                   "electrical"),
            NotCovered(kQuote, {"legal-es:not_delivered", "ext-3y:not_delivered"}));
  EXPECT_EQ(Assess(product, {}, D(2024, 1, 8), "electrical"),
            NotCovered(kQuote, {"legal-es:not_delivered", "ext-3y:not_delivered"}));
}

TEST(AssessClaim, ARetiredUnitHasNoCover) {
  const Product product =
      MakeProduct({LegalEs(), Policy("maker", PolicyKind::kCommercial, 100, 24)});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10)),
                                      Retired(D(2025, 1, 1))};
  EXPECT_EQ(Assess(product, history, D(2024, 12, 31), "electrical"),
            AllBy("legal-es", D(2027, 1, 10), true, {}));
  EXPECT_EQ(Assess(product, history, D(2025, 1, 1), "electrical"),
            NotCovered(kQuote, {"legal-es:unit_retired", "maker:unit_retired"}));
}

TEST(AssessClaim, RefundAndReplacementEndTheCoverInThatOrder) {
  const Product product = MakeProduct({LegalEs()});
  const std::vector<Event> refunded = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10)),
                                       Refunded(D(2024, 6, 1)), Retired(D(2024, 6, 15))};
  EXPECT_EQ(Assess(product, refunded, D(2024, 7, 1), "electrical"),
            NotCovered(kQuote, {"legal-es:unit_refunded"}));
  const std::vector<Event> replaced = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10)),
                                       Replaced(D(2024, 6, 1)), Retired(D(2024, 6, 15))};
  EXPECT_EQ(Assess(product, replaced, D(2024, 7, 1), "electrical"),
            NotCovered(kQuote, {"legal-es:unit_replaced"}));
  EXPECT_EQ(Assess(product, replaced, D(2024, 6, 1), "electrical"),
            NotCovered(kQuote, {"legal-es:unit_replaced"}));
  EXPECT_EQ(Assess(product, replaced, D(2024, 5, 31), "electrical"),
            AllBy("legal-es", D(2027, 1, 10), true, {}));
}

// ---- Errors ---------------------------------------------------------------------------

TEST(AssessClaim, RefusesAnEmptyFault) {
  const Product product = MakeProduct({LegalEs()});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  const absl::StatusOr<Decision> d = assess_claim(product, history, D(2024, 6, 1), "", kQuote);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(d.status().message()), StartsWith("fault"));
}

TEST(AssessClaim, RefusesANegativeQuoteNamingTheComponentAndValue) {
  const Product product = MakeProduct({LegalEs()});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  const struct {
    Quote quote;
    const char* field;
    const char* value;
  } cases[] = {
      {{-1, 0, 0}, "quote.parts", "-1"},
      {{0, -250, 0}, "quote.labor", "-250"},
      {{0, 0, -7}, "quote.travel", "-7"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.field);
    const absl::StatusOr<Decision> d =
        assess_claim(product, history, D(2024, 6, 1), "electrical", c.quote);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(d.status().message()), StartsWith(c.field));
    EXPECT_THAT(std::string(d.status().message()), HasSubstr(c.value));
  }
}

TEST(AssessClaim, IsDeterministic) {
  const Product product =
      MakeProduct({LegalEs(), MakerCare()}, InstallationMode::kNone, YearlyFixed());
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10)),
                                      RepairReceived(D(2024, 5, 1), "electrical"),
                                      RepairReturned(D(2024, 5, 11))};
  const Decision first = Assess(product, history, D(2025, 3, 1), "electrical");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Assess(product, history, D(2025, 3, 1), "electrical"), first);
  }
}

// ---- decision_to_json and remedy names ---------------------------------------------------

TEST(RemedyName, NamesEveryRemedy) {
  EXPECT_EQ(remedy_name(Remedy::kNone), "none");
  EXPECT_EQ(remedy_name(Remedy::kRepair), "repair");
  EXPECT_EQ(remedy_name(Remedy::kReplaceOrRefund), "replace_or_refund");
}

TEST(DecisionToJson, WritesEveryKeyInTheFixedOrderCompactly) {
  Decision d;
  d.covered = true;
  d.parts = Cover(100, "maker", D(2026, 1, 15));
  d.labor = Cover(100, "maker", D(2025, 1, 15));
  d.travel = kNone;
  d.basis = "maker";
  d.presumed_nonconformity = false;
  d.remedy = Remedy::kRepair;
  d.company_cost = {10000, 4000, 0};
  d.customer_cost = {0, 0, 1500};
  EXPECT_EQ(decision_to_json(d),
            R"({"covered":true,"coverage":{)"
            R"("parts":{"percent":100,"policy":"maker","ends_on":"2026-01-15"},)"
            R"("labor":{"percent":100,"policy":"maker","ends_on":"2025-01-15"},)"
            R"("travel":{"percent":0,"policy":null,"ends_on":null}},)"
            R"("basis":"maker","presumed_nonconformity":false,"remedy":"repair",)"
            R"("company_cost":{"parts":10000,"labor":4000,"travel":0,"total":14000},)"
            R"("customer_cost":{"parts":0,"labor":0,"travel":1500,"total":1500},)"
            R"("reasons":[]})");
}

TEST(DecisionToJson, NothingGranted) {
  const Decision d =
      NotCovered({100, 200, 300}, {"legal-es:suspended_days:15", "legal-es:expired"});
  EXPECT_EQ(decision_to_json(d),
            R"({"covered":false,"coverage":{)"
            R"("parts":{"percent":0,"policy":null,"ends_on":null},)"
            R"("labor":{"percent":0,"policy":null,"ends_on":null},)"
            R"("travel":{"percent":0,"policy":null,"ends_on":null}},)"
            R"("basis":null,"presumed_nonconformity":false,"remedy":"none",)"
            R"("company_cost":{"parts":0,"labor":0,"travel":0,"total":0},)"
            R"("customer_cost":{"parts":100,"labor":200,"travel":300,"total":600},)"
            R"("reasons":["legal-es:suspended_days:15","legal-es:expired"]})");
}

TEST(DecisionToJson, EscapesStrings) {
  Decision d = AllBy("a\"b\\c", D(2024, 2, 29), true, {"a\"b\\c:repeat_failure"}, {1, 2, 3},
                     Remedy::kReplaceOrRefund);
  EXPECT_EQ(decision_to_json(d),
            R"({"covered":true,"coverage":{)"
            R"("parts":{"percent":100,"policy":"a\"b\\c","ends_on":"2024-02-29"},)"
            R"("labor":{"percent":100,"policy":"a\"b\\c","ends_on":"2024-02-29"},)"
            R"("travel":{"percent":100,"policy":"a\"b\\c","ends_on":"2024-02-29"}},)"
            R"("basis":"a\"b\\c","presumed_nonconformity":true,"remedy":"replace_or_refund",)"
            R"("company_cost":{"parts":1,"labor":2,"travel":3,"total":6},)"
            R"("customer_cost":{"parts":0,"labor":0,"travel":0,"total":0},)"
            R"("reasons":["a\"b\\c:repeat_failure"]})");
}

TEST(DecisionToJson, OfAnAssessedClaim) {
  // The month-9 claim of EachComponentHasItsOwnDuration, end to end.
  WarrantyPolicy maker = Policy("maker", PolicyKind::kCommercial, 100, 24);
  maker.labor.months = 12;
  maker.travel.months = 6;
  const Product product = MakeProduct({maker});
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 15))};
  EXPECT_EQ(decision_to_json(
                Assess(product, history, D(2024, 10, 15), "electrical", {10000, 4000, 1500})),
            R"({"covered":true,"coverage":{)"
            R"("parts":{"percent":100,"policy":"maker","ends_on":"2026-01-15"},)"
            R"("labor":{"percent":100,"policy":"maker","ends_on":"2025-01-15"},)"
            R"("travel":{"percent":0,"policy":null,"ends_on":null}},)"
            R"("basis":"maker","presumed_nonconformity":false,"remedy":"repair",)"
            R"("company_cost":{"parts":10000,"labor":4000,"travel":0,"total":14000},)"
            R"("customer_cost":{"parts":0,"labor":0,"travel":1500,"total":1500},)"
            R"("reasons":[]})");
}

// ---- maintenance_due_dates ---------------------------------------------------------------

Product WithPlan(MaintenancePlan plan, InstallationMode installation = InstallationMode::kNone) {
  return MakeProduct({}, installation, std::move(plan));
}

TEST(MaintenanceDueDates, FixedMonthlyFromAMonthEndKeepsTheDayOfMonth) {
  // add_months(2024-01-31, k) for k = 1..4, each from the start (not from the
  // previous due, which would drift to the 29th after February).
  MaintenancePlan plan;
  plan.every_months = 1;
  const std::vector<Event> history = {Sold(D(2024, 1, 20)), Delivered(D(2024, 1, 31))};
  EXPECT_THAT(Dues(WithPlan(plan), history, D(2024, 1, 31), D(2024, 5, 31)),
              ElementsAre("2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"));
}

TEST(MaintenanceDueDates, FixedGridIgnoresCompletionsAndTheWindowIsInclusive) {
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10)),
                                      MaintenanceDone(D(2025, 3, 1))};
  EXPECT_THAT(Dues(WithPlan(YearlyFixed()), history, D(2024, 1, 1), D(2027, 12, 31)),
              ElementsAre("2025-01-10", "2026-01-10", "2027-01-10"));
  EXPECT_THAT(Dues(WithPlan(YearlyFixed()), history, D(2025, 1, 11), D(2026, 1, 10)),
              ElementsAre("2026-01-10"));
  EXPECT_THAT(Dues(WithPlan(YearlyFixed()), history, D(2025, 1, 11), D(2026, 1, 9)), IsEmpty());
}

TEST(MaintenanceDueDates, StartFromTheInstallationWhenTheProductNeedsOne) {
  const std::vector<Event> installed = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10)),
                                        Installed(D(2024, 2, 1), "specialist")};
  EXPECT_THAT(Dues(WithPlan(YearlyFixed(), InstallationMode::kSpecialist), installed, D(2024, 1, 1),
                   D(2026, 6, 30)),
              ElementsAre("2025-02-01", "2026-02-01"));
  // Not installed yet: from the delivery.
  const std::vector<Event> not_installed = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  EXPECT_THAT(Dues(WithPlan(YearlyFixed(), InstallationMode::kSpecialist), not_installed,
                   D(2024, 1, 1), D(2026, 6, 30)),
              ElementsAre("2025-01-10", "2026-01-10"));
}

TEST(MaintenanceDueDates, CompletionAnchorCountsFromTheLastCompletion) {
  // Every 6 months, 10 days of grace, from delivery 2024-01-10: first due
  // 2024-07-10, window 2024-06-30 .. 2024-07-20.
  MaintenancePlan plan;
  plan.every_months = 6;
  plan.anchor = MaintenanceAnchor::kCompletion;
  plan.grace_days = 10;
  const Product product = WithPlan(plan);
  const auto dues_with = [&](std::vector<Event> done) {
    std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
    for (Event& e : done) history.push_back(std::move(e));
    return Dues(product, history, D(2024, 1, 1), D(2025, 12, 31));
  };
  // Nothing done: each due projected as if done on its date.
  EXPECT_THAT(dues_with({}), ElementsAre("2024-07-10", "2025-01-10", "2025-07-10"));
  // On time (2024-07-05): met; then 2025-01-05, 2025-07-05.
  EXPECT_THAT(dues_with({MaintenanceDone(D(2024, 7, 5))}),
              ElementsAre("2024-07-10", "2025-01-05", "2025-07-05"));
  // On the first day of the window (2024-06-30): met; then 2024-12-30,
  // 2025-06-30, 2025-12-30.
  EXPECT_THAT(dues_with({MaintenanceDone(D(2024, 6, 30))}),
              ElementsAre("2024-07-10", "2024-12-30", "2025-06-30", "2025-12-30"));
  // Early (2024-05-01): supersedes the 2024-07-10 due, which is not listed.
  EXPECT_THAT(dues_with({MaintenanceDone(D(2024, 5, 1))}),
              ElementsAre("2024-11-01", "2025-05-01", "2025-11-01"));
  // One day before the window (2024-06-29): early as well.
  EXPECT_THAT(dues_with({MaintenanceDone(D(2024, 6, 29))}),
              ElementsAre("2024-12-29", "2025-06-29", "2025-12-29"));
  // Late (2024-08-15): 2024-07-10 stays listed (missed); then 2025-02-15, 2025-08-15.
  EXPECT_THAT(dues_with({MaintenanceDone(D(2024, 8, 15))}),
              ElementsAre("2024-07-10", "2025-02-15", "2025-08-15"));
  // Two on time in a row: 2024-07-05 then 2025-01-08 (window of 2025-01-05 is
  // 2024-12-26 .. 2025-01-15): next 2025-07-08.
  EXPECT_THAT(dues_with({MaintenanceDone(D(2024, 7, 5)), MaintenanceDone(D(2025, 1, 8))}),
              ElementsAre("2024-07-10", "2025-01-05", "2025-07-08"));
}

TEST(MaintenanceDueDates, DaysOrMonthsWhicheverComesFirst) {
  // From 2024-01-10. Every 6 months or 150 days: 150 days = 2024-06-08 (before
  // 2024-07-10), 300 days = 2024-11-05 (before 2025-01-10).
  MaintenancePlan days_first;
  days_first.every_months = 6;
  days_first.every_days = 150;
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  EXPECT_THAT(Dues(WithPlan(days_first), history, D(2024, 1, 1), D(2024, 12, 31)),
              ElementsAre("2024-06-08", "2024-11-05"));
  // Every 6 months or 200 days: 2024-07-10 (before 2024-07-28), 2025-01-10
  // (before 400 days = 2025-02-13).
  MaintenancePlan months_first;
  months_first.every_months = 6;
  months_first.every_days = 200;
  EXPECT_THAT(Dues(WithPlan(months_first), history, D(2024, 1, 1), D(2025, 1, 31)),
              ElementsAre("2024-07-10", "2025-01-10"));
  // Days alone: 2024-01-10 + 100 days = 2024-04-19, + 200 = 2024-07-28.
  MaintenancePlan days_only;
  days_only.every_days = 100;
  EXPECT_THAT(Dues(WithPlan(days_only), history, D(2024, 1, 1), D(2024, 8, 31)),
              ElementsAre("2024-04-19", "2024-07-28"));
}

TEST(MaintenanceDueDates, UsageIsProjectedFromTheReadings) {
  // Every 12 months or 10 000 usage units, from delivery 2024-01-01 (day 0).
  // Readings: day 100 (2024-04-10) 5 000, day 170 (2024-06-19) 11 900.
  //   10 000: between the readings, 5 000 + (t - 100) * 6 900 / 70 >= 10 000 at
  //           t >= 150.72, so day 151 = 2024-05-31.
  //   Past the last reading, the average rate 11 900 / 170 = 70 a day:
  //   20 000: t >= 285.71, day 286 = 2024-10-13;
  //   30 000: t >= 428.57, day 429 = 2025-03-05;
  //   40 000: t >= 571.43, day 572 = 2025-07-26 (outside the window).
  // The months trigger (2025-01-01, 2026-01-01, ...) is never first.
  MaintenancePlan plan;
  plan.every_months = 12;
  plan.every_usage = 10000;
  const std::vector<Event> history = {
      Sold(D(2023, 12, 20)),
      Delivered(D(2024, 1, 1)),
      UsageReading(D(2024, 4, 10), 5000),
      UsageReading(D(2024, 6, 19), 11900),
  };
  EXPECT_THAT(Dues(WithPlan(plan), history, D(2024, 1, 1), D(2025, 6, 30)),
              ElementsAre("2024-05-31", "2024-10-13", "2025-03-05"));

  // No readings: no usage due, the months trigger alone.
  const std::vector<Event> unread = {Sold(D(2023, 12, 20)), Delivered(D(2024, 1, 1))};
  EXPECT_THAT(Dues(WithPlan(plan), unread, D(2024, 1, 1), D(2025, 6, 30)),
              ElementsAre("2025-01-01"));
  MaintenancePlan usage_only;
  usage_only.every_usage = 10000;
  EXPECT_THAT(Dues(WithPlan(usage_only), unread, D(2024, 1, 1), D(2025, 6, 30)), IsEmpty());
}

TEST(MaintenanceDueDates, ShiftsOffNonWorkingDaysWithACalendar) {
  // UTC, Monday to Friday, with 2025-04-15 (a Tuesday) a holiday. Monthly from
  // 2025-01-15: 02-15 Sat, 03-15 Sat, 04-15 holiday, 05-15 Thu, 06-15 Sun.
  absl::StatusOr<Calendar> cal = Calendar::from_json(R"({
    "timezone": "UTC",
    "week": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]],
             "wed": [["09:00","17:00"]], "thu": [["09:00","17:00"]],
             "fri": [["09:00","17:00"]], "sat": [], "sun": []},
    "holidays": ["2025-04-15"], "observed": "none"})");
  ASSERT_TRUE(cal.ok()) << cal.status();
  const std::vector<Event> history = {Sold(D(2025, 1, 10)), Delivered(D(2025, 1, 15))};

  MaintenancePlan next;
  next.every_months = 1;
  next.shift = DateShift::kNextWorkingDay;
  next.calendar = "office";
  EXPECT_THAT(Dues(WithPlan(next), history, D(2025, 2, 1), D(2025, 6, 30), &*cal),
              ElementsAre("2025-02-17", "2025-03-17", "2025-04-16", "2025-05-15", "2025-06-16"));
  MaintenancePlan previous = next;
  previous.shift = DateShift::kPreviousWorkingDay;
  EXPECT_THAT(Dues(WithPlan(previous), history, D(2025, 2, 1), D(2025, 6, 30), &*cal),
              ElementsAre("2025-02-14", "2025-03-14", "2025-04-14", "2025-05-15", "2025-06-13"));
  // Without a calendar nothing is shifted.
  EXPECT_THAT(Dues(WithPlan(next), history, D(2025, 2, 1), D(2025, 6, 30)),
              ElementsAre("2025-02-15", "2025-03-15", "2025-04-15", "2025-05-15", "2025-06-15"));
}

TEST(MaintenanceDueDates, RefusesAWindowThatEndsBeforeItStarts) {
  const std::vector<Event> history = {Sold(D(2024, 1, 5)), Delivered(D(2024, 1, 10))};
  const absl::StatusOr<std::vector<Date>> dues =
      maintenance_due_dates(WithPlan(YearlyFixed()), history, D(2025, 1, 2), D(2025, 1, 1));
  ASSERT_FALSE(dues.ok());
  EXPECT_EQ(dues.status().code(), absl::StatusCode::kInvalidArgument);
  // A one-day window is fine.
  EXPECT_THAT(Dues(WithPlan(YearlyFixed()), history, D(2025, 1, 10), D(2025, 1, 10)),
              ElementsAre("2025-01-10"));
}

}  // namespace
}  // namespace postventa
