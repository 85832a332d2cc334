// Tests of the ledger (SPEC §3): event preconditions replayed in date order,
// idempotent ids, back-dated events, atomic batches, replacement units, and
// decisions through the ledger. Expected outcomes follow the SPEC's table of
// events ("allowed when") by hand.
#include "postventa/ledger.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/service.h"
#include "postventa/time.h"

namespace postventa {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Date D(const char* iso) { return *parse_date(iso); }

Product Washer() {
  Product p;
  p.sku = "WASH-1";
  p.name = "Washer";
  p.installation = InstallationMode::kSpecialist;
  WarrantyPolicy legal = *warranty_preset("legal-es");
  WarrantyPolicy ext;
  ext.name = "ext-2y";
  ext.kind = PolicyKind::kExtended;
  ext.starts_at = CoverStart::kDelivery;
  ext.offset_months = 36;
  ext.parts = {100, 24};
  ext.labor = {100, 24};
  ext.travel = {0, 0};
  p.warranties = {legal, ext};
  return p;
}

Product Toaster() {
  Product p;
  p.sku = "TOAST-1";
  p.installation = InstallationMode::kNone;
  p.warranties = {*warranty_preset("legal-eu-min")};
  return p;
}

Event Ev(const std::string& id, EventType type, const std::string& unit, const char* date) {
  Event e;
  e.id = id;
  e.type = type;
  e.unit = unit;
  e.date = D(date);
  return e;
}

Event Sold(const std::string& id, const std::string& unit, const char* date,
           const std::string& sku = "WASH-1") {
  Event e = Ev(id, EventType::kSold, unit, date);
  e.customer = "C1";
  e.product = sku;
  e.price = 49900;
  e.channel = "store";
  return e;
}

Event RepairReceived(const std::string& id, const std::string& unit, const char* date,
                     const std::string& fault) {
  Event e = Ev(id, EventType::kRepairReceived, unit, date);
  e.fault = fault;
  return e;
}

Event RepairReturned(const std::string& id, const std::string& unit, const char* date) {
  Event e = Ev(id, EventType::kRepairReturned, unit, date);
  e.outcome = "fixed";
  return e;
}

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger_ = *Ledger::open_memory();
    ASSERT_TRUE(ledger_->add_product(Washer()).ok());
    ASSERT_TRUE(ledger_->add_product(Toaster()).ok());
  }

  absl::Status Rec(const Event& e) { return ledger_->record(e).status(); }

  std::vector<std::string> Ids(const std::string& unit) {
    std::vector<std::string> ids;
    const absl::StatusOr<std::vector<Event>> history = ledger_->history(unit);
    if (!history.ok()) return {history.status().ToString()};
    for (const Event& e : *history) ids.push_back(e.id);
    return ids;
  }

  std::unique_ptr<Ledger> ledger_;
};

TEST_F(LedgerTest, AFullLifecycleIsAccepted) {
  EXPECT_TRUE(Rec(Sold("e1", "U1", "2024-01-10")).ok());
  EXPECT_TRUE(Rec(Ev("e2", EventType::kDelivered, "U1", "2024-01-15")).ok());
  Event check = Ev("e3", EventType::kDeliveryChecked, "U1", "2024-01-15");
  check.outcome = "ok";
  EXPECT_TRUE(Rec(check).ok());
  Event inst = Ev("e4", EventType::kInstalled, "U1", "2024-01-16");
  inst.by = "specialist";
  EXPECT_TRUE(Rec(inst).ok());
  Event ichk = Ev("e5", EventType::kInstallationChecked, "U1", "2024-01-16");
  ichk.outcome = "ok";
  EXPECT_TRUE(Rec(ichk).ok());
  Event trained = Ev("e6", EventType::kTrained, "U1", "2024-01-17");
  trained.attendees = 2;
  EXPECT_TRUE(Rec(trained).ok());
  EXPECT_TRUE(Rec(RepairReceived("e7", "U1", "2024-06-01", "motor")).ok());
  EXPECT_TRUE(Rec(RepairReturned("e8", "U1", "2024-06-11")).ok());
  Event retired = Ev("e9", EventType::kRetired, "U1", "2030-01-01");
  retired.reason = "recycled";
  EXPECT_TRUE(Rec(retired).ok());
  EXPECT_THAT(Ids("U1"), ElementsAre("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9"));
  EXPECT_EQ(ledger_->event_count(), 9);
}

TEST_F(LedgerTest, SpanIsTheFirstAndLastEventDate) {
  EXPECT_EQ(ledger_->span(), std::nullopt);
  // Back-dated: the span is by date, not by arrival.
  EXPECT_TRUE(Rec(Sold("e1", "U1", "2024-03-10")).ok());
  EXPECT_TRUE(Rec(Ev("e2", EventType::kDelivered, "U1", "2024-04-02")).ok());
  EXPECT_TRUE(Rec(Sold("e3", "U2", "2023-12-31")).ok());
  EXPECT_EQ(ledger_->span(), (DateSpan{*parse_date("2023-12-31"), *parse_date("2024-04-02")}));
}

TEST_F(LedgerTest, EachPreconditionIsEnforced) {
  // Nothing before sold.
  absl::Status s = Rec(Ev("d0", EventType::kDelivered, "U1", "2024-01-15"));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("no sold event"));
  ASSERT_TRUE(Rec(Sold("s1", "U1", "2024-01-10")).ok());
  // sold only first.
  EXPECT_THAT(Rec(Sold("s2", "U1", "2024-01-11")).message(), HasSubstr("first event"));
  // Checks, installation, training, maintenance, readings, repairs, replace and
  // refund all need a delivery.
  Event check = Ev("c1", EventType::kDeliveryChecked, "U1", "2024-01-12");
  check.outcome = "damaged";
  EXPECT_THAT(Rec(check).message(), HasSubstr("not been delivered"));
  Event inst = Ev("i1", EventType::kInstalled, "U1", "2024-01-12");
  inst.by = "specialist";
  EXPECT_THAT(Rec(inst).message(), HasSubstr("not been delivered"));
  EXPECT_THAT(Rec(RepairReceived("r0", "U1", "2024-01-12", "motor")).message(),
              HasSubstr("not been delivered"));
  Event refund = Ev("f0", EventType::kRefunded, "U1", "2024-01-12");
  refund.amount = 100;
  EXPECT_THAT(Rec(refund).message(), HasSubstr("not been delivered"));
  // extension_purchased only needs the sale, and names an extended policy.
  Event ext = Ev("x1", EventType::kExtensionPurchased, "U1", "2024-01-12");
  ext.policy = "legal-es";
  EXPECT_THAT(Rec(ext).message(), HasSubstr("not an extended policy"));
  ext.policy = "ext-2y";
  EXPECT_TRUE(Rec(ext).ok());

  ASSERT_TRUE(Rec(Ev("d1", EventType::kDelivered, "U1", "2024-01-15")).ok());
  EXPECT_THAT(Rec(Ev("d2", EventType::kDelivered, "U1", "2024-01-16")).message(),
              HasSubstr("already delivered"));
  Event ichk = Ev("ic1", EventType::kInstallationChecked, "U1", "2024-01-16");
  ichk.outcome = "ok";
  EXPECT_THAT(Rec(ichk).message(), HasSubstr("not been installed"));
  // Repairs: not twice at once; a return needs an open repair.
  EXPECT_THAT(Rec(RepairReturned("rr0", "U1", "2024-02-01")).message(), HasSubstr("not in repair"));
  ASSERT_TRUE(Rec(RepairReceived("r1", "U1", "2024-02-01", "motor")).ok());
  EXPECT_THAT(Rec(RepairReceived("r2", "U1", "2024-02-02", "door")).message(),
              HasSubstr("already in repair"));
  ASSERT_TRUE(Rec(RepairReturned("rr1", "U1", "2024-02-05")).ok());
  // Usage readings never decrease.
  Event u1 = Ev("u1", EventType::kUsageReading, "U1", "2024-03-01");
  u1.usage = 120;
  ASSERT_TRUE(Rec(u1).ok());
  Event u2 = Ev("u2", EventType::kUsageReading, "U1", "2024-04-01");
  u2.usage = 100;
  EXPECT_THAT(Rec(u2).message(), HasSubstr("below the earlier reading"));
  // Nothing after retired.
  Event retired = Ev("t1", EventType::kRetired, "U1", "2025-01-01");
  retired.reason = "disposed";
  ASSERT_TRUE(Rec(retired).ok());
  EXPECT_THAT(Rec(RepairReceived("r3", "U1", "2025-02-01", "motor")).message(),
              HasSubstr("retired on 2025-01-01"));
}

TEST_F(LedgerTest, InstallationOnlyForProductsThatNeedIt) {
  ASSERT_TRUE(Rec(Sold("s1", "T1", "2024-01-10", "TOAST-1")).ok());
  ASSERT_TRUE(Rec(Ev("d1", EventType::kDelivered, "T1", "2024-01-11")).ok());
  Event inst = Ev("i1", EventType::kInstalled, "T1", "2024-01-12");
  inst.by = "customer";
  EXPECT_THAT(Rec(inst).message(), HasSubstr("needs no installation"));
}

TEST_F(LedgerTest, UnknownProductIsRefused) {
  EXPECT_THAT(Rec(Sold("s1", "U1", "2024-01-10", "NOPE")).message(),
              HasSubstr("product \"NOPE\" is not in the catalog"));
}

TEST_F(LedgerTest, SameIdSameContentIsANoOpOtherContentAnError) {
  const Event sold = Sold("s1", "U1", "2024-01-10");
  absl::StatusOr<RecordResult> first = ledger_->record(sold);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->stored, 1);
  absl::StatusOr<RecordResult> again = ledger_->record(sold);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->stored, 0);
  EXPECT_EQ(again->duplicates, 1);
  EXPECT_EQ(ledger_->event_count(), 1);
  Event other = sold;
  other.price = 1;
  absl::Status s = Rec(other);
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(s.message(), HasSubstr("id \"s1\": already recorded with different content"));
  // Even a different unit under a used id is refused.
  EXPECT_EQ(Rec(Sold("s1", "U2", "2024-01-10")).code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(LedgerTest, BackDatedEventsAreAcceptedWhenTheReplayStaysValid) {
  ASSERT_TRUE(Rec(Sold("s1", "U1", "2024-01-10")).ok());
  ASSERT_TRUE(Rec(Ev("d1", EventType::kDelivered, "U1", "2024-01-15")).ok());
  ASSERT_TRUE(Rec(RepairReceived("r2", "U1", "2024-05-01", "door")).ok());
  // A repair that came and went before the open one. Alone, its reception
  // would leave the unit in repair when r2 arrives: refused. As one batch with
  // its return, the history is valid in date order: accepted.
  absl::Status alone = Rec(RepairReceived("r1", "U1", "2024-03-01", "motor"));
  EXPECT_THAT(alone.message(),
              HasSubstr("repair_received on 2024-03-01 would make the later repair_received "
                        "(id \"r2\") on 2024-05-01 invalid: the unit is already in repair"));
  ASSERT_TRUE(ledger_
                  ->record_many({RepairReceived("r1", "U1", "2024-03-01", "motor"),
                                 RepairReturned("rr1", "U1", "2024-03-10")})
                  .ok());
  EXPECT_THAT(Ids("U1"), ElementsAre("s1", "d1", "r1", "rr1", "r2"));
  // A back-dated return would close r1 instead... only if it falls before r2;
  // one dated inside r1 (before rr1) makes rr1 invalid: refused.
  absl::Status s = Rec(RepairReturned("rr0", "U1", "2024-03-05"));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("would make the later repair_returned (id \"rr1\")"));
  // A delivery check dated before the delivery is refused.
  Event check = Ev("c0", EventType::kDeliveryChecked, "U1", "2024-01-12");
  check.outcome = "ok";
  EXPECT_THAT(Rec(check).message(), HasSubstr("not been delivered"));
  // A back-dated retirement before existing events is refused.
  Event retired = Ev("t0", EventType::kRetired, "U1", "2024-04-01");
  retired.reason = "lost";
  EXPECT_THAT(Rec(retired).message(), HasSubstr("invalid: unit \"U1\" was retired on 2024-04-01"));
  EXPECT_THAT(Ids("U1"), ElementsAre("s1", "d1", "r1", "rr1", "r2"));
}

TEST_F(LedgerTest, SameDateEventsReplayInLifecycleOrder) {
  // The ERP sends the delivery before the sale, both dated the same day.
  ASSERT_TRUE(Rec(Sold("s1", "U1", "2024-01-10")).ok());
  Event check = Ev("c1", EventType::kDeliveryChecked, "U1", "2024-01-12");
  check.outcome = "late";
  ASSERT_TRUE(Rec(Ev("d1", EventType::kDelivered, "U1", "2024-01-12")).ok());
  ASSERT_TRUE(Rec(check).ok());
  Event inst = Ev("i1", EventType::kInstalled, "U1", "2024-01-12");
  inst.by = "specialist";
  ASSERT_TRUE(Rec(inst).ok());
  EXPECT_THAT(Ids("U1"), ElementsAre("s1", "d1", "c1", "i1"));
}

TEST_F(LedgerTest, ABatchIsAllOrNothing) {
  std::vector<Event> batch = {Sold("s1", "U1", "2024-01-10"),
                              Ev("d1", EventType::kDelivered, "U1", "2024-01-15"),
                              Sold("s2", "U2", "2024-01-10"),
                              Ev("x", EventType::kDelivered, "U3", "2024-01-15")};  // no sale
  absl::StatusOr<RecordResult> r = ledger_->record_many(batch);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("events[3]: "));
  EXPECT_EQ(ledger_->event_count(), 0);
  EXPECT_EQ(ledger_->history("U1").status().code(), absl::StatusCode::kNotFound);
  batch.pop_back();
  batch.push_back(batch[0]);  // a duplicate inside the batch is a no-op
  r = ledger_->record_many(batch);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->stored, 3);
  EXPECT_EQ(r->duplicates, 1);
}

TEST_F(LedgerTest, ARefusedEventLeavesAReplacementPossible) {
  ASSERT_TRUE(Rec(Sold("s1", "U1", "2024-01-10")).ok());
  ASSERT_TRUE(Rec(Ev("d1", EventType::kDelivered, "U1", "2024-01-15")).ok());
  Event inst = Ev("i1", EventType::kInstalled, "U1", "2024-01-16");
  inst.by = "specialist";
  ASSERT_TRUE(Rec(inst).ok());
  Event repl = Ev("p1", EventType::kReplaced, "U1", "2024-09-01");
  repl.new_unit = "U1B";
  ASSERT_TRUE(Rec(repl).ok());
  // The old unit takes nothing but its retirement now.
  EXPECT_THAT(Rec(RepairReceived("r1", "U1", "2024-10-01", "motor")).message(),
              HasSubstr("was replaced on 2024-09-01"));
  // The new unit needs no sale or delivery of its own, but nothing before the
  // replacement date.
  EXPECT_THAT(Rec(RepairReceived("r0", "U1B", "2024-08-01", "motor")).message(),
              HasSubstr("replaced unit \"U1\" only on 2024-09-01"));
  EXPECT_TRUE(Rec(RepairReceived("r2", "U1B", "2024-10-01", "motor")).ok());
  EXPECT_THAT(Rec(Sold("s9", "U1B", "2024-10-02")).message(), HasSubstr("first event"));
  // A unit with a history cannot become a replacement.
  ASSERT_TRUE(Rec(Sold("s2", "U2", "2024-01-10")).ok());
  ASSERT_TRUE(Rec(Ev("d2", EventType::kDelivered, "U2", "2024-01-15")).ok());
  Event bad = Ev("p2", EventType::kReplaced, "U2", "2024-09-01");
  bad.new_unit = "U1";
  EXPECT_THAT(Rec(bad).message(), HasSubstr("already has a history"));
}

TEST_F(LedgerTest, AReplacementUnitInheritsTheRemainingCover) {
  // legal-es: 36 months from delivery 2024-01-15 -> 2027-01-15. The new unit,
  // replaced on 2024-09-01, keeps that end date.
  ASSERT_TRUE(Rec(Sold("s1", "U1", "2024-01-10")).ok());
  ASSERT_TRUE(Rec(Ev("d1", EventType::kDelivered, "U1", "2024-01-15")).ok());
  Event repl = Ev("p1", EventType::kReplaced, "U1", "2024-09-01");
  repl.new_unit = "U1B";
  ASSERT_TRUE(Rec(repl).ok());
  absl::StatusOr<Decision> d =
      ledger_->assess_claim("U1B", D("2027-01-15"), "motor", Quote{100, 0, 0});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_TRUE(d->covered);
  EXPECT_EQ(d->parts.ends_on, D("2027-01-15"));
  EXPECT_EQ(d->basis, "legal-es");
  d = ledger_->assess_claim("U1B", D("2027-01-16"), "motor", Quote{100, 0, 0});
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->covered);
  // The replaced unit itself has no cover after its replacement.
  d = ledger_->assess_claim("U1", D("2024-10-01"), "motor", Quote{100, 0, 0});
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->covered);
  EXPECT_THAT(d->reasons, ::testing::Contains("legal-es:unit_replaced"));
}

TEST_F(LedgerTest, AssessClaimThroughTheLedgerUsesTheUnitsProduct) {
  ASSERT_TRUE(Rec(Sold("s1", "U1", "2024-01-10")).ok());
  ASSERT_TRUE(Rec(Ev("d1", EventType::kDelivered, "U1", "2024-01-15")).ok());
  // Within the presumption (24 months from 2024-01-15): presumed.
  absl::StatusOr<Decision> d =
      ledger_->assess_claim("U1", D("2025-06-01"), "motor", Quote{10000, 5000, 1500});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_TRUE(d->covered);
  EXPECT_TRUE(d->presumed_nonconformity);
  EXPECT_EQ(d->company_cost, (Quote{10000, 5000, 1500}));
  EXPECT_EQ(d->customer_cost, (Quote{0, 0, 0}));
  // Excluded fault: nothing; the extension was never bought.
  d = ledger_->assess_claim("U1", D("2025-06-01"), "misuse", Quote{10000, 0, 0});
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->covered);
  EXPECT_THAT(d->reasons, ElementsAre("legal-es:excluded_fault", "ext-2y:not_purchased"));
  EXPECT_EQ(ledger_->assess_claim("NOPE", D("2025-06-01"), "motor", Quote{}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(LedgerTest, CustomerAndCaseEventsAreStoredWithTheirOwnRules) {
  Event opened = Ev("q1", EventType::kComplaintOpened, "", "2024-02-01");
  opened.customer = "C1";
  opened.case_id = "K1";
  Event resolved = Ev("q2", EventType::kComplaintResolved, "", "2024-02-03");
  resolved.customer = "C1";
  resolved.case_id = "K1";
  EXPECT_THAT(Rec(resolved).message(), HasSubstr("is not open"));
  EXPECT_TRUE(Rec(opened).ok());
  EXPECT_TRUE(Rec(resolved).ok());
  Event reopen = opened;
  reopen.id = "q3";
  reopen.date = D("2024-03-01");
  EXPECT_THAT(Rec(reopen).message(), HasSubstr("already opened"));
  Event contact = Ev("k1", EventType::kContactMade, "", "2024-02-05");
  contact.customer = "C1";
  contact.channel = "phone";
  EXPECT_TRUE(Rec(contact).ok());
  EXPECT_EQ(ledger_->event_count(), 3);
}

// ---- Service cases and SLAs through the ledger (SPEC §5) ----

absl::Time At(const char* rfc3339) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) ADD_FAILURE() << err;
  return t;
}

Event CaseEvent(const std::string& id, EventType type, const char* at) {
  Event e;
  e.id = id;
  e.type = type;
  e.case_id = "K1";
  e.at = At(at);
  e.date = absl::ToCivilDay(*e.at, absl::UTCTimeZone());
  return e;
}

Event CaseOpened(const std::string& id, const char* at, const std::string& sla = "std") {
  Event e = CaseEvent(id, EventType::kCaseOpened, at);
  e.kind = "repair";
  e.priority = "high";
  e.customer = "C1";
  e.sla = sla;
  return e;
}

Event CaseStatusEvent(const std::string& id, const char* at, const std::string& status) {
  Event e = CaseEvent(id, EventType::kCaseStatus, at);
  e.status = status;
  return e;
}

// UTC, Monday to Friday 09:00-17:00; high: 1 h to respond, 8 h to resolve.
void AddStandardSla(Ledger& ledger) {
  CalendarConfig config;
  config.timezone = "UTC";
  for (int d = 0; d < 5; ++d) config.week[d] = {{9 * 60, 17 * 60}};
  ASSERT_TRUE(ledger.add_calendar("office", *Calendar::create(config)).ok());
  SlaPolicy policy;
  policy.name = "std";
  policy.calendar = "office";
  policy.targets["high"] = SlaTarget{3600, 28800};
  ASSERT_TRUE(ledger.add_sla(policy).ok());
}

TEST_F(LedgerTest, SlaStatusOfACaseWithAPauseOverNight) {
  AddStandardSla(*ledger_);
  // Opened Monday 2025-03-03 16:00, answered 16:30 (first response: 30 min,
  // met). Resolution clock: Mon 16:00-17:00 (1 h) + Tue 09:00-10:00 (1 h),
  // then waiting for the customer until Thursday 10:00 (the pause removes
  // Tue 10-17, Wed 9-17, Thu 9-10), then running again.
  ASSERT_TRUE(Rec(CaseOpened("c1", "2025-03-03T16:00:00Z")).ok());
  ASSERT_TRUE(Rec(CaseStatusEvent("c2", "2025-03-03T16:30:00Z", "responded")).ok());
  ASSERT_TRUE(Rec(CaseStatusEvent("c3", "2025-03-04T10:00:00Z", "waiting_customer")).ok());
  ASSERT_TRUE(Rec(CaseStatusEvent("c4", "2025-03-06T10:00:00Z", "in_progress")).ok());

  // Wednesday noon: paused with 2 h used, no deadline.
  absl::StatusOr<SlaStatus> status = ledger_->sla_status("K1", At("2025-03-05T12:00:00Z"));
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->first_response.state, TargetState::kMet);
  EXPECT_EQ(status->first_response.elapsed, absl::Minutes(30));
  EXPECT_EQ(status->resolution.state, TargetState::kPaused);
  EXPECT_EQ(status->resolution.elapsed, absl::Hours(2));
  EXPECT_EQ(status->resolution.deadline, std::nullopt);

  // Thursday noon: 2 h + Thu 10-12 = 4 h used of 8 (on track, below 0.8);
  // the 4 h left run to Thursday 16:00.
  status = ledger_->sla_status("K1", At("2025-03-06T12:00:00Z"));
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(sla_status_to_json(*status),
            R"({"first_response":{"status":"met","elapsed":1800,"deadline":null,"target":3600},)"
            R"("resolution":{"status":"on_track","elapsed":14400,)"
            R"("deadline":"2025-03-06T16:00:00Z","target":28800}})");
}

TEST_F(LedgerTest, CaseStatusMovesFollowTheStatusMachineInTimeOrder) {
  AddStandardSla(*ledger_);
  // A status before the case was opened is refused, whatever the arrival order.
  EXPECT_THAT(Rec(CaseStatusEvent("c0", "2025-03-03T15:00:00Z", "responded")).message(),
              HasSubstr("has not been opened"));
  ASSERT_TRUE(Rec(CaseOpened("c1", "2025-03-03T16:00:00Z")).ok());
  ASSERT_TRUE(Rec(CaseStatusEvent("c2", "2025-03-03T16:30:00Z", "resolved")).ok());
  ASSERT_TRUE(Rec(CaseStatusEvent("c3", "2025-03-04T09:00:00Z", "closed")).ok());
  // closed is final.
  const absl::Status late = Rec(CaseStatusEvent("c4", "2025-03-05T09:00:00Z", "in_progress"));
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(late.message(), HasSubstr("from closed to in_progress"));
  // A back-dated move that breaks the later ones is refused too: reopening
  // before the close makes "resolved -> closed" read "in_progress -> closed".
  const absl::Status back = Rec(CaseStatusEvent("c5", "2025-03-03T20:00:00Z", "in_progress"));
  EXPECT_THAT(back.message(), HasSubstr("would make the later case_status"));
  // Neither refusal stored anything.
  EXPECT_EQ(ledger_->event_count(), 3);
}

TEST_F(LedgerTest, SlaStatusErrors) {
  AddStandardSla(*ledger_);
  EXPECT_EQ(ledger_->sla_status("K1", At("2025-03-05T12:00:00Z")).status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(Rec(CaseOpened("c1", "2025-03-03T16:00:00Z", "gold")).ok());
  const absl::Status s = ledger_->sla_status("K1", At("2025-03-05T12:00:00Z")).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "case \"K1\": SLA policy \"gold\" is not in this ledger");
  // An SLA needs its calendar; the same name with other targets is refused.
  SlaPolicy policy;
  policy.name = "gold";
  policy.calendar = "nowhere";
  policy.targets["*"] = SlaTarget{60, 120};
  EXPECT_EQ(ledger_->add_sla(policy).message(),
            "calendar: \"nowhere\" is not in this ledger (add it first)");
  policy.name = "std";
  policy.calendar = "office";
  EXPECT_EQ(ledger_->add_sla(policy).code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(LedgerTest, ThePresetsCalendarComesWithIt) {
  absl::StatusOr<SlaPreset> preset = sla_preset("reclamo-pe");
  ASSERT_TRUE(preset.ok()) << preset.status();
  ASSERT_TRUE(ledger_->add_sla(preset->policy).ok());
  ASSERT_TRUE(Rec(CaseOpened("c1", "2025-03-03T16:00:00Z", preset->policy.name)).ok());
  absl::StatusOr<SlaStatus> status = ledger_->sla_status("K1", At("2025-03-03T17:00:00Z"));
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->resolution.state, TargetState::kOnTrack);
}

TEST_F(LedgerTest, ProductsAreIdempotentBySku) {
  EXPECT_TRUE(ledger_->add_product(Washer()).ok());
  Product changed = Washer();
  changed.training = true;
  EXPECT_EQ(ledger_->add_product(changed).code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(LedgerTest, AClosedLedgerRefusesWork) {
  ASSERT_TRUE(ledger_->close().ok());
  EXPECT_EQ(Rec(Sold("s1", "U1", "2024-01-10")).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(ledger_->close().ok());  // closing twice is harmless
}

TEST_F(LedgerTest, MaintenanceScheduleFromThePlanAndTheHistory) {
  // Every 12 months from the installation (fixed grid), due dates on a weekend
  // moved to the next working day of the "office" calendar (Mon-Fri).
  Product p = Toaster();
  p.sku = "BOILER-1";
  p.installation = InstallationMode::kSpecialist;
  MaintenancePlan plan;
  plan.every_months = 12;
  plan.grace_days = 15;
  plan.shift = DateShift::kNextWorkingDay;
  plan.calendar = "office";
  p.maintenance = plan;
  ASSERT_TRUE(ledger_->add_product(p).ok());
  Calendar office = *Calendar::from_json(R"({"timezone": "UTC", "week": {
      "mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
      "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}})");
  ASSERT_TRUE(Rec(Sold("s1", "B1", "2024-01-10", "BOILER-1")).ok());
  ASSERT_TRUE(Rec(Ev("d1", EventType::kDelivered, "B1", "2024-01-15")).ok());
  Event inst = Ev("i1", EventType::kInstalled, "B1", "2024-01-31");
  inst.by = "specialist";
  ASSERT_TRUE(Rec(inst).ok());
  // The calendar is not in the ledger yet: the plan cannot be followed.
  EXPECT_EQ(ledger_->maintenance_schedule("B1", D("2024-01-01"), D("2026-12-31")).status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(ledger_->add_calendar("office", office).ok());
  // 2024-01-31 + 12 months = 2025-01-31 (a Friday); + 24 = 2026-01-31, a
  // Saturday -> Monday 2026-02-02; + 36 = 2027-01-31 is past the window.
  absl::StatusOr<std::vector<Date>> dues =
      ledger_->maintenance_schedule("B1", D("2024-01-01"), D("2026-12-31"));
  ASSERT_TRUE(dues.ok()) << dues.status();
  EXPECT_THAT(*dues, ElementsAre(D("2025-01-31"), D("2026-02-02")));
  // Both ends of the window are inside it.
  dues = ledger_->maintenance_schedule("B1", D("2025-01-31"), D("2025-01-31"));
  ASSERT_TRUE(dues.ok());
  EXPECT_THAT(*dues, ElementsAre(D("2025-01-31")));
  // A product with no plan has no due dates; errors name what is wrong.
  ASSERT_TRUE(Rec(Sold("s2", "T1", "2024-01-10", "TOAST-1")).ok());
  ASSERT_TRUE(Rec(Ev("d2", EventType::kDelivered, "T1", "2024-01-15")).ok());
  dues = ledger_->maintenance_schedule("T1", D("2024-01-01"), D("2030-01-01"));
  ASSERT_TRUE(dues.ok());
  EXPECT_TRUE(dues->empty());
  EXPECT_EQ(ledger_->maintenance_schedule("NOPE", D("2024-01-01"), D("2025-01-01")).status().code(),
            absl::StatusCode::kNotFound);
  absl::Status reversed =
      ledger_->maintenance_schedule("B1", D("2025-01-01"), D("2024-01-01")).status();
  EXPECT_EQ(reversed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(reversed.message(), HasSubstr("end: 2024-01-01 is before start 2025-01-01"));
}

}  // namespace
}  // namespace postventa
