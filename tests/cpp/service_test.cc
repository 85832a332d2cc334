// Tests for postventa/service.h: the case status machine, SLA policies and
// the SLA engine (SPEC §5).
//
// Every expected value here was worked out by hand from the SPEC, the rules in
// docs/service.md and a printed calendar, never copied from the library's
// output; the working is in the comments. Facts used throughout:
//   - 2025-03-03 is a Monday (2025-03-01 is a Saturday), so 03-07 is a Friday,
//     03-08/09 the weekend and 03-10 a Monday.
//   - Most tests use kUtcCalendar: UTC, Monday to Friday 09:00-17:00 (8 h a
//     day), with Wednesday 2025-03-05 a holiday; local time is UTC.
//   - kStd: priority "high" = first response 1 h, resolution 8 h; "low" = 4 h
//     and 24 h; no "*". Pauses: waiting_customer, waiting_parts; at risk 0.8.
//   - Europe/Madrid is UTC+1 in winter and UTC+2 in summer; in 2025 it springs
//     forward on Sunday 03-30 and falls back on Sunday 10-26.
//   - America/Lima is UTC-5 all year (no DST).
#include "postventa/service.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <map>
#include <new>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/config.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/event.h"
#include "postventa/time.h"
#include "status_macros.h"

// Counts heap allocations, to check that evaluate_sla makes none. Not under
// ThreadSanitizer: its runtime defines operator new and delete itself (clang
// links them statically), so a second definition does not link.
#if defined(ABSL_HAVE_THREAD_SANITIZER)
#define POSTVENTA_COUNT_ALLOCATIONS 0
#else
#define POSTVENTA_COUNT_ALLOCATIONS 1
#endif
namespace {
std::atomic<int64_t> g_allocations{0};
}  // namespace
#if POSTVENTA_COUNT_ALLOCATIONS
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#endif

namespace postventa {
namespace {

using ::testing::HasSubstr;

// ---- Helpers ----------------------------------------------------------------

absl::Time At(absl::string_view rfc3339) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &error)) {
    ADD_FAILURE() << "bad instant in the test: " << rfc3339 << ": " << error;
  }
  return t;
}

std::string Show(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", t, absl::UTCTimeZone());
}

CaseStep Opened(absl::string_view at, std::string priority) {
  CaseStep s;
  s.kind = CaseStep::Kind::kOpened;
  s.at = At(at);
  s.priority = std::move(priority);
  return s;
}
CaseStep Status(absl::string_view at, CaseStatus status) {
  CaseStep s;
  s.kind = CaseStep::Kind::kStatus;
  s.at = At(at);
  s.status = status;
  return s;
}
CaseStep Priority(absl::string_view at, std::string priority) {
  CaseStep s;
  s.kind = CaseStep::Kind::kPriority;
  s.at = At(at);
  s.priority = std::move(priority);
  return s;
}

constexpr CaseStatus kOpen = CaseStatus::kOpen;
constexpr CaseStatus kResponded = CaseStatus::kResponded;
constexpr CaseStatus kInProgress = CaseStatus::kInProgress;
constexpr CaseStatus kWaitingCustomer = CaseStatus::kWaitingCustomer;
constexpr CaseStatus kWaitingParts = CaseStatus::kWaitingParts;
constexpr CaseStatus kResolved = CaseStatus::kResolved;
constexpr CaseStatus kClosed = CaseStatus::kClosed;

constexpr char kUtcCalendar[] = R"({
  "timezone": "UTC",
  "week": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
           "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]], "sat": [], "sun": []},
  "holidays": ["2025-03-05"]
})";

const Calendar& UtcCalendar() {
  static const Calendar* calendar = new Calendar(*Calendar::from_json(kUtcCalendar));
  return *calendar;
}

constexpr int64_t kHour = 3600;

SlaPolicy Std() {
  SlaPolicy p;
  p.name = "std";
  p.calendar = "test";
  p.targets["high"] = SlaTarget{1 * kHour, 8 * kHour};
  p.targets["low"] = SlaTarget{4 * kHour, 24 * kHour};
  return p;
}

// A target's status as text: `met 1800s/3600s deadline=none`, so that a
// failure shows every field at once.
std::string Str(const TargetStatus& t) {
  return absl::StrCat(target_state_name(t.state), " ", absl::ToInt64Seconds(t.elapsed), "s/",
                      absl::ToInt64Seconds(t.target),
                      "s deadline=", t.deadline ? Show(*t.deadline) : "none");
}

// The status of both targets at `at`, or the error.
struct Both {
  std::string first_response;
  std::string resolution;
};
Both Eval(const std::vector<CaseStep>& steps, absl::string_view at, const SlaPolicy& policy = Std(),
          const Calendar& calendar = UtcCalendar()) {
  absl::StatusOr<SlaStatus> s = evaluate_sla(policy, calendar, steps, At(at));
  if (!s.ok()) return {s.status().ToString(), s.status().ToString()};
  return {Str(s->first_response), Str(s->resolution)};
}

// ---- Statuses and transitions -----------------------------------------------

TEST(CaseStatusTest, NamesRoundTrip) {
  const std::vector<std::pair<CaseStatus, std::string>> names = {
      {kOpen, "open"},
      {kResponded, "responded"},
      {kInProgress, "in_progress"},
      {kWaitingCustomer, "waiting_customer"},
      {kWaitingParts, "waiting_parts"},
      {kResolved, "resolved"},
      {kClosed, "closed"}};
  for (const auto& [status, name] : names) {
    EXPECT_EQ(case_status_name(status), name);
    EXPECT_EQ(parse_case_status(name), status) << name;
  }
  EXPECT_EQ(parse_case_status("Open"), std::nullopt);
  EXPECT_EQ(parse_case_status("reopened"), std::nullopt);
  EXPECT_EQ(case_status_name(static_cast<CaseStatus>(42)), "");
}

TEST(CaseStatusTest, EveryTransition) {
  // The table of docs/service.md, written out: row = from, the moves allowed.
  const std::vector<std::pair<CaseStatus, std::vector<CaseStatus>>> allowed = {
      {kOpen, {kResponded, kInProgress, kWaitingCustomer, kWaitingParts, kResolved}},
      {kResponded, {kInProgress, kWaitingCustomer, kWaitingParts, kResolved}},
      {kInProgress, {kWaitingCustomer, kWaitingParts, kResolved}},
      {kWaitingCustomer, {kInProgress, kWaitingParts, kResolved}},
      {kWaitingParts, {kInProgress, kWaitingCustomer, kResolved}},
      {kResolved, {kInProgress, kWaitingCustomer, kWaitingParts, kClosed}},
      {kClosed, {}},
  };
  const CaseStatus all[] = {kOpen,         kResponded, kInProgress, kWaitingCustomer,
                            kWaitingParts, kResolved,  kClosed};
  int ok_count = 0;
  for (const auto& [from, tos] : allowed) {
    for (CaseStatus to : all) {
      const bool expected = std::find(tos.begin(), tos.end(), to) != tos.end();
      const absl::Status s = check_case_transition(from, to);
      EXPECT_EQ(s.ok(), expected) << case_status_name(from) << " -> " << case_status_name(to);
      if (!expected) {
        EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_THAT(s.message(), HasSubstr(absl::StrCat("cannot go from ", case_status_name(from),
                                                        " to ", case_status_name(to))));
      }
      ok_count += s.ok();
    }
  }
  EXPECT_EQ(ok_count, 5 + 4 + 3 + 3 + 3 + 4);
}

TEST(CaseStatusTest, TransitionMessages) {
  EXPECT_EQ(check_case_transition(kResolved, kResponded).message(),
            "case status: cannot go from resolved to responded (allowed from resolved: "
            "in_progress, waiting_customer, waiting_parts, closed)");
  EXPECT_EQ(check_case_transition(kClosed, kInProgress).message(),
            "case status: cannot go from closed to in_progress (closed is final)");
  EXPECT_EQ(check_case_transition(kWaitingParts, kWaitingParts).message(),
            "case status: cannot go from waiting_parts to waiting_parts (the case is already "
            "waiting_parts)");
  EXPECT_EQ(check_case_transition(kOpen, kClosed).message(),
            "case status: cannot go from open to closed (allowed from open: responded, "
            "in_progress, waiting_customer, waiting_parts, resolved)");
}

TEST(CaseHistoryTest, ValidHistory) {
  EXPECT_TRUE(
      validate_case_history(
          {Opened("2025-03-03T09:00:00Z", "high"), Status("2025-03-03T09:00:00Z", kResponded),
           Priority("2025-03-03T10:00:00Z", "low"), Status("2025-03-03T11:00:00Z", kWaitingParts),
           Status("2025-03-03T12:00:00Z", kResolved), Status("2025-03-03T13:00:00Z", kInProgress),
           Status("2025-03-03T14:00:00Z", kResolved), Status("2025-03-03T15:00:00Z", kClosed),
           Priority("2025-03-03T16:00:00Z", "high")})
          .ok());
}

TEST(CaseHistoryTest, ErrorsNameTheStep) {
  EXPECT_EQ(validate_case_history({}).message(),
            "steps: empty (a case history starts with the case being opened)");
  EXPECT_EQ(validate_case_history({Status("2025-03-03T09:00:00Z", kResponded)}).message(),
            "steps[0]: a case history starts with the case being opened");
  EXPECT_EQ(validate_case_history(
                {Opened("2025-03-03T09:00:00Z", "high"), Opened("2025-03-03T09:00:00Z", "high")})
                .message(),
            "steps[1]: the case was already opened by steps[0]");
  EXPECT_EQ(validate_case_history({Opened("2025-03-03T09:00:00Z", "high"),
                                   Status("2025-03-03T08:59:59Z", kResponded)})
                .message(),
            "steps[1].at: 2025-03-03T08:59:59Z is before the previous step's "
            "2025-03-03T09:00:00Z (steps are in time order)");
  EXPECT_EQ(validate_case_history({Opened("2025-03-03T09:00:00Z", "")}).message(),
            "steps[0].priority: must not be empty");
  const absl::Status closed = validate_case_history(
      {Opened("2025-03-03T09:00:00Z", "high"), Status("2025-03-03T09:10:00Z", kResolved),
       Status("2025-03-03T09:20:00Z", kClosed), Status("2025-03-03T09:30:00Z", kInProgress)});
  EXPECT_EQ(closed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(closed.message(),
            "steps[3]: case status: cannot go from closed to in_progress (closed is final)");
  EXPECT_EQ(validate_case_history(
                {Opened("2025-03-03T09:00:00Z", "high"), Status("2025-03-03T09:10:00Z", kOpen)})
                .message(),
            "steps[1]: case status: cannot go from open to open (the case is already open)");
}

TEST(CaseHistoryTest, FromEvents) {
  auto event = [](EventType type, absl::string_view at) {
    Event e;
    e.id = "e";
    e.type = type;
    e.case_id = "C1";
    e.at = At(at);
    return e;
  };
  Event opened = event(EventType::kCaseOpened, "2025-03-03T09:00:00Z");
  opened.priority = "high";
  Event status = event(EventType::kCaseStatus, "2025-03-03T09:30:00Z");
  status.status = "waiting_parts";
  Event priority = event(EventType::kCasePriority, "2025-03-03T10:00:00Z");
  priority.priority = "low";
  ASSERT_OK_AND_ASSIGN(const std::vector<CaseStep> steps,
                       case_history_from_events({opened, status, priority}));
  EXPECT_EQ(steps, (std::vector<CaseStep>{Opened("2025-03-03T09:00:00Z", "high"),
                                          Status("2025-03-03T09:30:00Z", kWaitingParts),
                                          Priority("2025-03-03T10:00:00Z", "low")}));

  Event bad = status;
  bad.status = "waiting";
  EXPECT_THAT(case_history_from_events({opened, bad}).status().message(),
              HasSubstr("events[1].status: \"waiting\" is not a case status"));
  Event sold = event(EventType::kSold, "2025-03-03T09:00:00Z");
  EXPECT_THAT(case_history_from_events({sold}).status().message(),
              HasSubstr("events[0].type: \"sold\" is not a case event"));
  Event closed = status;
  closed.status = "closed";
  EXPECT_EQ(case_history_from_events({opened, closed}).status().message(),
            "events[1]: case status: cannot go from open to closed (allowed from open: "
            "responded, in_progress, waiting_customer, waiting_parts, resolved)");
}

// ---- Policies ---------------------------------------------------------------

TEST(SlaPolicyTest, ParsesTheSpecShape) {
  ASSERT_OK_AND_ASSIGN(const SlaPolicy p, parse_sla_policy(R"({
      "name": "std", "calendar": "test",
      "targets": {"high": {"first_response": 3600, "resolution": 28800},
                  "low": {"first_response": 14400, "resolution": 86400}},
      "pause_statuses": ["waiting_customer", "waiting_parts"],
      "at_risk_ratio": 0.8})"));
  EXPECT_EQ(p, Std());
}

TEST(SlaPolicyTest, Defaults) {
  ASSERT_OK_AND_ASSIGN(const SlaPolicy p, parse_sla_policy(R"({
      "name": "std", "calendar": "test",
      "targets": {"*": {"first_response": 60, "resolution": 120}},
      "pause_statuses": null})"));
  EXPECT_EQ(p.pause_statuses, (std::vector<CaseStatus>{kWaitingCustomer, kWaitingParts}));
  EXPECT_EQ(p.at_risk_ratio, 0.8);
  EXPECT_EQ(p.targets.at("*"), (SlaTarget{60, 120}));
  ASSERT_OK_AND_ASSIGN(const SlaPolicy none, parse_sla_policy(R"({
      "name": "n", "calendar": "c", "targets": {"*": {"first_response": 1, "resolution": 1}},
      "pause_statuses": []})"));
  EXPECT_TRUE(none.pause_statuses.empty());
}

TEST(SlaPolicyTest, ErrorsNameTheField) {
  const std::string head = R"("name": "std", "calendar": "test", )";
  const std::string good_targets =
      R"("targets": {"high": {"first_response": 3600, "resolution": 28800}})";
  auto error = [](const std::string& json) {
    absl::StatusOr<SlaPolicy> p = parse_sla_policy(json);
    EXPECT_FALSE(p.ok()) << json;
    if (!p.ok()) EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument) << json;
    return p.ok() ? std::string("OK") : std::string(p.status().message());
  };
  EXPECT_EQ(
      error("{" + head + R"("targets": {"high": {"first_response": 3600, "resolution": -5}}})"),
      "targets.high.resolution: must be a positive number of seconds, got -5");
  EXPECT_EQ(error("{" + head + R"("targets": {"high": {"first_response": 0, "resolution": 5}}})"),
            "targets.high.first_response: must be a positive number of seconds, got 0");
  EXPECT_EQ(
      error("{" + head + R"("targets": {"high": {"first_response": 3600.5, "resolution": 5}}})"),
      "targets.high.first_response: must be a positive number of seconds, got 3600.5");
  EXPECT_EQ(
      error("{" + head + R"("targets": {"high": {"first_response": "1h", "resolution": 5}}})"),
      "targets.high.first_response: must be a positive number of seconds, got \"1h\"");
  EXPECT_EQ(error("{" + head +
                  R"("targets": {"high": {"first_response": 1, "resolution": 3162240001}}})"),
            "targets.high.resolution: must be at most 3162240000 seconds (100 years), got "
            "3162240001");
  EXPECT_EQ(error("{" + head + R"("targets": {"high": {"first_response": 3600}}})"),
            "targets.high.resolution: missing (seconds of working time to the resolution)");
  EXPECT_EQ(error("{" + head +
                  R"("targets": {"high": {"first_response": 1, "resolution": 2, "response": 3}}})"),
            "targets.high: unknown field \"response\" (expected first_response, resolution)");
  EXPECT_EQ(error("{" + head + R"("targets": {"high": 3600}})"),
            "targets.high: expected {\"first_response\": seconds, \"resolution\": seconds}, got "
            "3600");
  EXPECT_EQ(error("{" + head + R"("targets": {}})"),
            "targets: must give the targets of at least one priority (or \"*\")");
  EXPECT_EQ(error("{" + head + R"("targets": [1]})"),
            "targets: expected an object {priority: {\"first_response\": seconds, "
            "\"resolution\": seconds}}, got [1]");
  EXPECT_EQ(error("{" + head + good_targets + R"(, "pause_statuses": ["lunch"]})"),
            "pause_statuses[0]: expected one of responded, in_progress, waiting_customer, "
            "waiting_parts, got \"lunch\"");
  EXPECT_EQ(error("{" + head + good_targets + R"(, "pause_statuses": ["waiting_parts", "open"]})"),
            "pause_statuses[1]: open cannot pause the SLA clock (expected one of responded, "
            "in_progress, waiting_customer, waiting_parts)");
  EXPECT_EQ(error("{" + head + good_targets +
                  R"(, "pause_statuses": ["waiting_parts", "waiting_parts"]})"),
            "pause_statuses[1]: waiting_parts is listed twice");
  EXPECT_EQ(error("{" + head + good_targets + R"(, "pause_statuses": "waiting_parts"})"),
            "pause_statuses: expected a list of statuses (responded, in_progress, "
            "waiting_customer, waiting_parts), got \"waiting_parts\"");
  EXPECT_EQ(error("{" + head + good_targets + R"(, "at_risk_ratio": 1.5})"),
            "at_risk_ratio: must be in (0, 1], got 1.5");
  EXPECT_EQ(error("{" + head + good_targets + R"(, "at_risk_ratio": 0})"),
            "at_risk_ratio: must be in (0, 1], got 0");
  EXPECT_EQ(error("{" + head + good_targets + R"(, "at_risk_ratio": "high"})"),
            "at_risk_ratio: expected a number in (0, 1], got \"high\"");
  EXPECT_EQ(error("{" + head + good_targets + R"(, "colour": "red"})"),
            "sla policy: unknown field \"colour\" (expected preset, name, calendar, targets, "
            "pause_statuses, at_risk_ratio)");
  EXPECT_EQ(error(R"({"calendar": "test", )" + good_targets + "}"),
            "name: missing (the policy's unique name)");
  EXPECT_EQ(error(R"({"name": "std", )" + good_targets + "}"),
            "calendar: missing (the name of a calendar added to the ledger)");
  EXPECT_EQ(error(R"({"name": "std", "calendar": "test"})"),
            "targets: missing (per priority {\"first_response\": seconds, \"resolution\": "
            "seconds}; \"*\" for any other priority)");
  EXPECT_EQ(error(R"({"name": "", "calendar": "test", )" + good_targets + "}"),
            "name: must not be empty");
  EXPECT_EQ(error(R"({"name": 7, "calendar": "test", )" + good_targets + "}"),
            "name: expected a policy name, got 7");
  EXPECT_EQ(error(R"({"name": "a", "name": "b", "calendar": "test", )" + good_targets + "}"),
            "sla policy: field \"name\" appears twice in one object");
  EXPECT_EQ(error("[]"), "sla policy: expected a JSON object, got []");
  EXPECT_THAT(error("{"), HasSubstr("sla policy: not valid JSON"));
  EXPECT_EQ(error(R"({"preset": "reclamo-xx"})"),
            "preset: unknown preset \"reclamo-xx\" (known presets: reclamo-pe)");
}

TEST(SlaPolicyTest, ValidateHandBuilt) {
  SlaPolicy p = Std();
  EXPECT_TRUE(validate_sla_policy(p).ok());
  p.targets["urgent"] = SlaTarget{0, 10};
  EXPECT_EQ(validate_sla_policy(p).message(),
            "targets.urgent.first_response: must be a positive number of seconds, got 0");
  p = Std();
  p.pause_statuses = {kResolved};
  EXPECT_EQ(validate_sla_policy(p).message(),
            "pause_statuses[0]: resolved cannot pause the SLA clock (expected one of "
            "responded, in_progress, waiting_customer, waiting_parts)");
  p = Std();
  p.calendar = "";
  EXPECT_THAT(validate_sla_policy(p).message(), HasSubstr("calendar: must not be empty"));
  p = Std();
  p.at_risk_ratio = std::nan("");
  EXPECT_THAT(validate_sla_policy(p).message(), HasSubstr("at_risk_ratio: must be in (0, 1]"));
  p = Std();
  p.targets[""] = SlaTarget{1, 1};
  EXPECT_EQ(validate_sla_policy(p).message(), "targets: a priority name must not be empty");
}

TEST(SlaPolicyTest, CanonicalJsonBytesAndRoundTrip) {
  EXPECT_EQ(sla_policy_to_json(Std()),
            R"({"name":"std","calendar":"test","targets":{"high":{"first_response":3600,)"
            R"("resolution":28800},"low":{"first_response":14400,"resolution":86400}},)"
            R"("pause_statuses":["waiting_customer","waiting_parts"],"at_risk_ratio":0.8})");
  SlaPolicy odd = Std();
  odd.name = "año";
  odd.targets["*"] = SlaTarget{1, 2};
  odd.pause_statuses = {kWaitingParts, kResponded};
  odd.at_risk_ratio = 0.75;
  for (const SlaPolicy& p : {Std(), odd, sla_preset("reclamo-pe")->policy}) {
    ASSERT_OK_AND_ASSIGN(const SlaPolicy back, parse_sla_policy(sla_policy_to_json(p)));
    EXPECT_EQ(back, p) << sla_policy_to_json(p);
  }
}

// ---- Presets ----------------------------------------------------------------

TEST(SlaPresetTest, ReclamoPe) {
  EXPECT_EQ(sla_preset_names(), std::vector<std::string>{"reclamo-pe"});
  ASSERT_OK_AND_ASSIGN(const SlaPreset preset, sla_preset("reclamo-pe"));
  EXPECT_TRUE(validate_sla_policy(preset.policy).ok());
  EXPECT_EQ(preset.policy.name, "reclamo-pe");
  EXPECT_EQ(preset.calendar_name, "pe-habiles");
  EXPECT_EQ(preset.policy.calendar, "pe-habiles");
  // 15 working days of 24 h.
  EXPECT_EQ(preset.policy.targets,
            (std::map<std::string, SlaTarget>{{"*", SlaTarget{1296000, 1296000}}}));
  EXPECT_TRUE(preset.policy.pause_statuses.empty());
  EXPECT_EQ(preset.calendar.timezone, "America/Lima");
  ASSERT_OK_AND_ASSIGN(const Calendar lima, Calendar::create(preset.calendar));
  // The 16 national holidays of 2025 (Easter Sunday 2025-04-20).
  for (const char* day :
       {"2025-01-01", "2025-04-17", "2025-04-18", "2025-05-01", "2025-06-07", "2025-06-29",
        "2025-07-23", "2025-07-28", "2025-07-29", "2025-08-06", "2025-08-30", "2025-10-08",
        "2025-11-01", "2025-12-08", "2025-12-09", "2025-12-25"}) {
    ASSERT_OK_AND_ASSIGN(const Date d, parse_date(day));
    EXPECT_EQ(lima.is_holiday(d).value_or(false), true) << day;
  }
  // Public-sector "días no laborables" are not holidays: 2025-05-02 (a Friday)
  // is a working day.
  EXPECT_EQ(lima.is_working_day(Date(2025, 5, 2)).value_or(false), true);
  EXPECT_EQ(lima.is_working_day(Date(2025, 5, 3)).value_or(true), false);  // Saturday

  const absl::Status unknown = sla_preset("reclamo-es").status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(unknown.message(),
            "sla preset: unknown preset \"reclamo-es\" (known presets: reclamo-pe)");
}

TEST(SlaPresetTest, ParsedFromJsonWithOverrides) {
  ASSERT_OK_AND_ASSIGN(const SlaPolicy plain, parse_sla_policy(R"({"preset": "reclamo-pe"})"));
  EXPECT_EQ(plain, sla_preset("reclamo-pe")->policy);
  ASSERT_OK_AND_ASSIGN(
      const SlaPolicy mine,
      parse_sla_policy(R"({"preset": "reclamo-pe", "name": "reclamos", "calendar": "lima"})"));
  SlaPolicy expected = sla_preset("reclamo-pe")->policy;
  expected.name = "reclamos";
  expected.calendar = "lima";
  EXPECT_EQ(mine, expected);
}

// A complaint filed on Thursday 2025-07-24 at 10:00 in Lima (15:00Z) must be
// answered within 15 working days. Counting the working days after it:
//   Fri 07-25 (1); Sat 26, Sun 27, Mon 28 and Tue 29 (holidays) skipped;
//   Wed 07-30 (2), Thu 31 (3), Fri 08-01 (4), Mon 04 (5), Tue 05 (6);
//   Wed 08-06 (holiday) skipped; Thu 07 (7), Fri 08 (8), Mon 11 (9), Tue 12
//   (10), Wed 13 (11), Thu 14 (12), Fri 15 (13), Mon 18 (14), Tue 19 (15).
// In working time: 14 h left on Thursday + 14 whole days + 10 h of Tuesday
// 08-19 = 15 × 24 h. Deadline Tue 2025-08-19 10:00 Lima = 15:00Z.
TEST(SlaPresetTest, ReclamoPeDeadlineOverFiestasPatrias) {
  ASSERT_OK_AND_ASSIGN(const SlaPreset preset, sla_preset("reclamo-pe"));
  ASSERT_OK_AND_ASSIGN(const Calendar lima, Calendar::create(preset.calendar));
  const std::vector<CaseStep> steps = {Opened("2025-07-24T15:00:00Z", "normal")};
  Both b = Eval(steps, "2025-07-24T16:00:00Z", preset.policy, lima);
  EXPECT_EQ(b.first_response, "on_track 3600s/1296000s deadline=2025-08-19T15:00:00Z");
  EXPECT_EQ(b.resolution, "on_track 3600s/1296000s deadline=2025-08-19T15:00:00Z");
  // Wednesday 07-30 00:00 Lima (05:00Z): Thursday's 14 h + Friday's 24 h; the
  // weekend and the two holidays add nothing.
  b = Eval(steps, "2025-07-30T05:00:00Z", preset.policy, lima);
  EXPECT_EQ(b.resolution, "on_track 136800s/1296000s deadline=2025-08-19T15:00:00Z");
  // The legal clock does not stop while the provider waits for the customer.
  const std::vector<CaseStep> waiting = {Opened("2025-07-24T15:00:00Z", "normal"),
                                         Status("2025-07-25T15:00:00Z", kWaitingCustomer)};
  b = Eval(waiting, "2025-07-30T05:00:00Z", preset.policy, lima);
  EXPECT_EQ(b.first_response, "met 86400s/1296000s deadline=none");
  EXPECT_EQ(b.resolution, "on_track 136800s/1296000s deadline=2025-08-19T15:00:00Z");
  // One second after the deadline: breached, its deadline the instant missed.
  b = Eval(steps, "2025-08-19T15:00:01Z", preset.policy, lima);
  EXPECT_EQ(b.resolution, "breached 1296001s/1296000s deadline=2025-08-19T15:00:00Z");
}

// ---- The SLA engine ---------------------------------------------------------

// Opened Monday 10:00 (high); responded 10:30: first response met after
// 30 min. Resolution runs from 10:00: 1 h used at 11:00, 8 h due at Monday
// 10:00 + 7 h (to 17:00) + 1 h of Tuesday = Tuesday 10:00.
TEST(SlaTest, OnTrackAndMet) {
  const std::vector<CaseStep> steps = {Opened("2025-03-03T10:00:00Z", "high"),
                                       Status("2025-03-03T10:30:00Z", kResponded)};
  ASSERT_OK_AND_ASSIGN(const SlaStatus s,
                       evaluate_sla(Std(), UtcCalendar(), steps, At("2025-03-03T11:00:00Z")));
  EXPECT_EQ(sla_status_to_json(s),
            R"({"first_response":{"status":"met","elapsed":1800,"deadline":null,"target":3600},)"
            R"("resolution":{"status":"on_track","elapsed":3600,)"
            R"("deadline":"2025-03-04T10:00:00Z","target":28800}})");
  EXPECT_EQ(s.first_response.state, TargetState::kMet);
  EXPECT_EQ(s.first_response.elapsed, absl::Minutes(30));
  EXPECT_EQ(s.first_response.deadline, std::nullopt);
  EXPECT_EQ(s.resolution.deadline, At("2025-03-04T10:00:00Z"));
  EXPECT_EQ(s.resolution.target, absl::Hours(8));
}

TEST(SlaTest, StepsAfterAtAreNotRead) {
  const std::vector<CaseStep> steps = {Opened("2025-03-03T10:00:00Z", "high"),
                                       Status("2025-03-03T10:30:00Z", kResponded)};
  // 10:20: the response has not happened yet; 20 min of 1 h used.
  EXPECT_EQ(Eval(steps, "2025-03-03T10:20:00Z").first_response,
            "on_track 1200s/3600s deadline=2025-03-03T11:00:00Z");
  // A step exactly at `at` is read.
  EXPECT_EQ(Eval(steps, "2025-03-03T10:30:00Z").first_response, "met 1800s/3600s deadline=none");
  // At the opening instant nothing has elapsed.
  EXPECT_EQ(Eval(steps, "2025-03-03T10:00:00Z").resolution,
            "on_track 0s/28800s deadline=2025-03-04T10:00:00Z");
}

// at_risk from elapsed >= 0.8 × target: 0.8 × 8 h = 6 h 24 min, reached at
// 15:24 for a case opened at 09:00; 0.8 × 1 h = 48 min, reached at 09:48.
// Exactly equal to the target is not yet breached.
TEST(SlaTest, AtRiskThresholdAndExactTarget) {
  const std::vector<CaseStep> pending = {Opened("2025-03-03T09:00:00Z", "high")};
  EXPECT_EQ(Eval(pending, "2025-03-03T09:47:59Z").first_response,
            "on_track 2879s/3600s deadline=2025-03-03T10:00:00Z");
  EXPECT_EQ(Eval(pending, "2025-03-03T09:48:00Z").first_response,
            "at_risk 2880s/3600s deadline=2025-03-03T10:00:00Z");
  EXPECT_EQ(Eval(pending, "2025-03-03T10:00:00Z").first_response,
            "at_risk 3600s/3600s deadline=2025-03-03T10:00:00Z");
  EXPECT_EQ(Eval(pending, "2025-03-03T10:00:01Z").first_response,
            "breached 3601s/3600s deadline=2025-03-03T10:00:00Z");

  const std::vector<CaseStep> responded = {Opened("2025-03-03T09:00:00Z", "high"),
                                           Status("2025-03-03T09:10:00Z", kInProgress)};
  EXPECT_EQ(Eval(responded, "2025-03-03T15:23:59Z").resolution,
            "on_track 23039s/28800s deadline=2025-03-03T17:00:00Z");
  EXPECT_EQ(Eval(responded, "2025-03-03T15:24:00Z").resolution,
            "at_risk 23040s/28800s deadline=2025-03-03T17:00:00Z");

  // A ratio of 0.5 moves the threshold to 4 h (13:00).
  SlaPolicy half = Std();
  half.at_risk_ratio = 0.5;
  EXPECT_EQ(Eval(responded, "2025-03-03T12:59:59Z", half).resolution,
            "on_track 14399s/28800s deadline=2025-03-03T17:00:00Z");
  EXPECT_EQ(Eval(responded, "2025-03-03T13:00:00Z", half).resolution,
            "at_risk 14400s/28800s deadline=2025-03-03T17:00:00Z");
}

TEST(SlaTest, FirstResponseExactlyOnTimeIsMetOneSecondLateIsBreached) {
  EXPECT_EQ(
      Eval({Opened("2025-03-03T09:00:00Z", "high"), Status("2025-03-03T10:00:00Z", kResponded)},
           "2025-03-03T12:00:00Z")
          .first_response,
      "met 3600s/3600s deadline=none");
  // Late by 30 min: breached, deadline = when 1 h was used (10:00).
  EXPECT_EQ(
      Eval({Opened("2025-03-03T09:00:00Z", "high"), Status("2025-03-03T10:30:00Z", kResponded)},
           "2025-03-03T12:00:00Z")
          .first_response,
      "breached 5400s/3600s deadline=2025-03-03T10:00:00Z");
  // Straight to a later status is the first response too.
  EXPECT_EQ(
      Eval({Opened("2025-03-03T09:00:00Z", "high"), Status("2025-03-03T09:20:00Z", kWaitingParts)},
           "2025-03-03T12:00:00Z")
          .first_response,
      "met 1200s/3600s deadline=none");
}

// Regression: a pause counted as wall-clock across a weekend.
// Opened Friday 03-07 15:00 (high), responded 15:30, waiting for the customer
// from Friday 16:00 to Monday 03-10 11:00, then in progress.
//   Working time since creation at Monday 12:00: Fri 15-17 (2 h) + Mon 9-12
//   (3 h) = 5 h. The pause covered Fri 16-17 (1 h) + Mon 9-11 (2 h) = 3 h of
//   working time; the weekend it spans has none. Elapsed = 5 - 3 = 2 h.
//   Deadline: resumed Monday 11:00 with 8 - 1 = 7 h left: 6 h to 17:00 + 1 h
//   of Tuesday = Tue 03-11 10:00.
// Subtracting the pause's 67 wall-clock hours would leave nothing (or less).
TEST(SlaTest, RegressionPauseOverWeekendRemovesOnlyWorkingTime) {
  const std::vector<CaseStep> steps = {Opened("2025-03-07T15:00:00Z", "high"),
                                       Status("2025-03-07T15:30:00Z", kResponded),
                                       Status("2025-03-07T16:00:00Z", kWaitingCustomer),
                                       Status("2025-03-10T11:00:00Z", kInProgress)};
  EXPECT_EQ(Eval(steps, "2025-03-10T12:00:00Z").resolution,
            "on_track 7200s/28800s deadline=2025-03-11T10:00:00Z");
  // During the pause: paused, 1 h used (Fri 15-16), no deadline.
  EXPECT_EQ(Eval(steps, "2025-03-08T12:00:00Z").resolution, "paused 3600s/28800s deadline=none");
  // The first response is unaffected: 30 min.
  EXPECT_EQ(Eval(steps, "2025-03-10T12:00:00Z").first_response, "met 1800s/3600s deadline=none");
}

// Regression: pause time lost after a priority change.
// Opened Monday 09:00 "low" (24 h), responded 09:30, waiting for parts
// 10:00-14:00 (4 working hours), back in progress, raised to "high" (8 h) at
// 15:00. At 16:00 the elapsed time re-evaluated from creation is still
// 09-10 (1 h) + 14-16 (2 h) = 3 h, not the 7 h since creation: on track
// (3 h < 6.4 h). Deadline: resumed 14:00 with 8 - 1 = 7 h left: 3 h to 17:00
// + 4 h of Tuesday = Tue 13:00.
TEST(SlaTest, RegressionPriorityChangeKeepsPauseHistory) {
  const std::vector<CaseStep> steps = {
      Opened("2025-03-03T09:00:00Z", "low"), Status("2025-03-03T09:30:00Z", kResponded),
      Status("2025-03-03T10:00:00Z", kWaitingParts), Status("2025-03-03T14:00:00Z", kInProgress),
      Priority("2025-03-03T15:00:00Z", "high")};
  const Both b = Eval(steps, "2025-03-03T16:00:00Z");
  EXPECT_EQ(b.resolution, "on_track 10800s/28800s deadline=2025-03-04T13:00:00Z");
  // The first response was met under "low" (4 h) and stays met, judged
  // against the target in force when it happened, though "high" allows 1 h
  // and 30 min would meet it anyway.
  EXPECT_EQ(b.first_response, "met 1800s/14400s deadline=none");
  // Before the change, the low target is in force: 24 h due on Thursday (the
  // Wednesday holiday skipped): resumed Mon 14:00 with 23 h left: 3 h Monday,
  // 8 h Tuesday, 8 h Thursday, 4 h Friday -> Fri 03-07 13:00.
  EXPECT_EQ(Eval(steps, "2025-03-03T14:30:00Z").resolution,
            "on_track 5400s/86400s deadline=2025-03-07T13:00:00Z");
}

// A met first response stays met when a later priority has a shorter target.
// Opened Monday 09:00 "low" (first response 4 h), responded 11:00 (2 h, met);
// raised to "high" (1 h) at 12:00.
TEST(SlaTest, MetIsJudgedWithThePriorityAtItsInstant) {
  const std::vector<CaseStep> steps = {Opened("2025-03-03T09:00:00Z", "low"),
                                       Status("2025-03-03T11:00:00Z", kResponded),
                                       Priority("2025-03-03T12:00:00Z", "high")};
  EXPECT_EQ(Eval(steps, "2025-03-03T13:00:00Z").first_response, "met 7200s/14400s deadline=none");
  // The running resolution target is judged with the current priority: 4 h of
  // 8 h at 13:00, on track; due Monday 17:00.
  EXPECT_EQ(Eval(steps, "2025-03-03T13:00:00Z").resolution,
            "on_track 14400s/28800s deadline=2025-03-03T17:00:00Z");
}

// A still-running first response raised to a priority whose target is already
// exceeded is breached at once; the breach is dated when 1 h was used (10:00).
TEST(SlaTest, PriorityChangeBreachesARunningTarget) {
  const std::vector<CaseStep> steps = {Opened("2025-03-03T09:00:00Z", "low"),
                                       Priority("2025-03-03T11:00:00Z", "high"),
                                       Status("2025-03-03T11:30:00Z", kResponded)};
  EXPECT_EQ(Eval(steps, "2025-03-03T10:59:59Z").first_response,
            "on_track 7199s/14400s deadline=2025-03-03T13:00:00Z");
  EXPECT_EQ(Eval(steps, "2025-03-03T11:00:00Z").first_response,
            "breached 7200s/3600s deadline=2025-03-03T10:00:00Z");
  EXPECT_EQ(Eval(steps, "2025-03-03T12:00:00Z").first_response,
            "breached 9000s/3600s deadline=2025-03-03T10:00:00Z");
}

// Regression: a breach cleared by a late resolution.
// Opened Monday 09:00 (high, 8 h); the 8 h are used at Monday 17:00. At
// Tuesday 10:00, 9 h: breached. Lowering the priority to "low" (24 h) at
// 10:30 and resolving at 11:00 (10 h, which "low" would allow) leaves it
// breached, dated Monday 17:00, against the 8 h target it exceeded.
TEST(SlaTest, RegressionBreachIsStickyThroughLateResolutionAndPriorityChange) {
  const std::vector<CaseStep> steps = {
      Opened("2025-03-03T09:00:00Z", "high"), Status("2025-03-03T09:10:00Z", kResponded),
      Priority("2025-03-04T10:30:00Z", "low"), Status("2025-03-04T11:00:00Z", kResolved),
      Status("2025-03-04T12:00:00Z", kClosed)};
  EXPECT_EQ(Eval(steps, "2025-03-04T10:00:00Z").resolution,
            "breached 32400s/28800s deadline=2025-03-03T17:00:00Z");
  EXPECT_EQ(Eval(steps, "2025-03-04T10:45:00Z").resolution,
            "breached 35100s/28800s deadline=2025-03-03T17:00:00Z");
  EXPECT_EQ(Eval(steps, "2025-03-10T09:00:00Z").resolution,
            "breached 36000s/28800s deadline=2025-03-03T17:00:00Z");
  // Without the high period the same history is met under "low".
  std::vector<CaseStep> always_low = steps;
  always_low[0].priority = "low";
  EXPECT_EQ(Eval(always_low, "2025-03-10T09:00:00Z").resolution, "met 36000s/86400s deadline=none");
}

// A breach found while the case waits (a priority change during a pause) is
// dated by replaying the runs of the clock.
// Opened Monday 09:00 "low", responded 09:10, waiting for the customer from
// Monday 12:00 to Tuesday 09:00 (3 h used), in progress to Tuesday 16:00 (7 h
// more: 10 h), waiting for parts; raised to "high" (8 h) on Thursday 10:00.
// 10 h > 8 h: breached though paused. The 8 h were reached 5 h into the second
// run: Tuesday 14:00.
TEST(SlaTest, BreachFoundDuringAPauseIsDatedInAnEarlierRun) {
  const std::vector<CaseStep> steps = {Opened("2025-03-03T09:00:00Z", "low"),
                                       Status("2025-03-03T09:10:00Z", kResponded),
                                       Status("2025-03-03T12:00:00Z", kWaitingCustomer),
                                       Status("2025-03-04T09:00:00Z", kInProgress),
                                       Status("2025-03-04T16:00:00Z", kWaitingParts),
                                       Priority("2025-03-06T10:00:00Z", "high")};
  EXPECT_EQ(Eval(steps, "2025-03-06T09:00:00Z").resolution, "paused 36000s/86400s deadline=none");
  EXPECT_EQ(Eval(steps, "2025-03-06T10:00:00Z").resolution,
            "breached 36000s/28800s deadline=2025-03-04T14:00:00Z");
}

// Breached takes precedence over paused.
TEST(SlaTest, BreachedWhilePaused) {
  const std::vector<CaseStep> steps = {Opened("2025-03-03T09:00:00Z", "high"),
                                       Status("2025-03-03T09:10:00Z", kResponded),
                                       Status("2025-03-04T10:00:00Z", kWaitingCustomer)};
  // 8 h Monday + 1 h Tuesday = 9 h at the pause.
  EXPECT_EQ(Eval(steps, "2025-03-04T12:00:00Z").resolution,
            "breached 32400s/28800s deadline=2025-03-03T17:00:00Z");
}

// Regression: deadlines on holidays. Wednesday 2025-03-05 is a holiday.
// Opened Tuesday 13:00 (high), responded 13:05: 4 h on Tuesday, nothing on
// Wednesday, 4 h on Thursday: due Thu 03-06 13:00.
TEST(SlaTest, RegressionDeadlinesSkipHolidays) {
  const std::vector<CaseStep> steps = {Opened("2025-03-04T13:00:00Z", "high"),
                                       Status("2025-03-04T13:05:00Z", kResponded)};
  EXPECT_EQ(Eval(steps, "2025-03-04T14:00:00Z").resolution,
            "on_track 3600s/28800s deadline=2025-03-06T13:00:00Z");
  // On the holiday itself nothing is used: still 4 h at Wednesday noon.
  EXPECT_EQ(Eval(steps, "2025-03-05T12:00:00Z").resolution,
            "on_track 14400s/28800s deadline=2025-03-06T13:00:00Z");
  // Thursday 10:00: 4 h + 1 h.
  EXPECT_EQ(Eval(steps, "2025-03-06T10:00:00Z").resolution,
            "on_track 18000s/28800s deadline=2025-03-06T13:00:00Z");
  // A first response due across the holiday: opened Tuesday 16:30, 30 min on
  // Tuesday, then Thursday 09:30.
  EXPECT_EQ(Eval({Opened("2025-03-04T16:30:00Z", "high")}, "2025-03-04T16:45:00Z").first_response,
            "on_track 900s/3600s deadline=2025-03-06T09:30:00Z");
}

constexpr char kMadridNineToFive[] = R"({
  "timezone": "Europe/Madrid",
  "week": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
           "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]], "sat": [], "sun": []},
  "holidays": []
})";

// Regression: a time-zone shift at a DST change. Working hours are wall-clock.
// Spring: opened Friday 2025-03-28 15:00 CET (14:00Z), 8 h: 2 h on Friday,
// then Monday 03-31 from 09:00 CEST (07:00Z) 6 h -> 15:00 CEST = 13:00Z. Keeping
// Friday's UTC offset would give 14:00Z.
// Autumn: opened Friday 2025-10-24 15:00 CEST (13:00Z): 2 h, then Monday 10-27
// from 09:00 CET (08:00Z) 6 h -> 15:00 CET = 14:00Z (not 13:00Z).
TEST(SlaTest, RegressionDeadlineAcrossDstChange) {
  ASSERT_OK_AND_ASSIGN(const Calendar madrid, Calendar::from_json(kMadridNineToFive));
  const std::vector<CaseStep> spring = {Opened("2025-03-28T14:00:00Z", "high"),
                                        Status("2025-03-28T14:10:00Z", kResponded)};
  EXPECT_EQ(Eval(spring, "2025-03-28T15:00:00Z", Std(), madrid).resolution,
            "on_track 3600s/28800s deadline=2025-03-31T13:00:00Z");
  // Monday 12:00 CEST (10:00Z): 2 h + 3 h.
  EXPECT_EQ(Eval(spring, "2025-03-31T10:00:00Z", Std(), madrid).resolution,
            "on_track 18000s/28800s deadline=2025-03-31T13:00:00Z");
  const std::vector<CaseStep> autumn = {Opened("2025-10-24T13:00:00Z", "high"),
                                        Status("2025-10-24T13:10:00Z", kResponded)};
  EXPECT_EQ(Eval(autumn, "2025-10-24T14:00:00Z", Std(), madrid).resolution,
            "on_track 3600s/28800s deadline=2025-10-27T14:00:00Z");
  // Breached one second later, dated at the deadline.
  EXPECT_EQ(Eval(autumn, "2025-10-27T14:00:01Z", Std(), madrid).resolution,
            "breached 28801s/28800s deadline=2025-10-27T14:00:00Z");
}

constexpr char kMadridSplit[] = R"({
  "timezone": "Europe/Madrid",
  "week": {"mon": [["09:00","14:00"],["16:00","19:00"]], "tue": [["09:00","14:00"],["16:00","19:00"]],
           "wed": [["09:00","14:00"],["16:00","19:00"]], "thu": [["09:00","14:00"],["16:00","19:00"]],
           "fri": [["08:00","15:00"]], "sat": [], "sun": []},
  "holidays": []
})";

// Split shifts, Madrid in June (CEST, UTC+2). Monday 2025-06-16.
// Opened 12:00 (10:00Z), responded 12:30, waiting for the customer 13:00 to
// 17:00, in progress again. The pause covers 13-14 and 16-17: 2 working hours,
// not 4. At 18:00 (16:00Z): 12-13 (1 h) + 17-18 (1 h) = 2 h.
// Deadline: resumed 17:00 with 8 - 1 = 7 h left: 17-19 (2 h), Tuesday 09-14
// (5 h) -> Tue 14:00 = 12:00Z.
TEST(SlaTest, SplitShifts) {
  ASSERT_OK_AND_ASSIGN(const Calendar madrid, Calendar::from_json(kMadridSplit));
  const std::vector<CaseStep> steps = {Opened("2025-06-16T10:00:00Z", "high"),
                                       Status("2025-06-16T10:30:00Z", kResponded),
                                       Status("2025-06-16T11:00:00Z", kWaitingCustomer),
                                       Status("2025-06-16T15:00:00Z", kInProgress)};
  EXPECT_EQ(Eval(steps, "2025-06-16T16:00:00Z", Std(), madrid).resolution,
            "on_track 7200s/28800s deadline=2025-06-17T12:00:00Z");
  // In the lunch gap (15:00 local, 13:00Z), paused: 1 h used.
  EXPECT_EQ(Eval(steps, "2025-06-16T13:00:00Z", Std(), madrid).resolution,
            "paused 3600s/28800s deadline=none");
  // Without a pause, a first response due over the gap: opened 13:30 local
  // (11:30Z), 30 min to 14:00, then 16:00-16:30 -> 14:30Z.
  EXPECT_EQ(Eval({Opened("2025-06-16T11:30:00Z", "high")}, "2025-06-16T11:45:00Z", Std(), madrid)
                .first_response,
            "on_track 900s/3600s deadline=2025-06-16T14:30:00Z");
}

// Reopen: resolved Monday 12:00 after 3 h (met). Reopened Tuesday 09:00; the
// resolved period (Mon 12-17) does not count; the clock goes on from 3 h.
TEST(SlaTest, ReopenRunsAgainFromTheElapsedItHad) {
  std::vector<CaseStep> steps = {
      Opened("2025-03-03T09:00:00Z", "high"), Status("2025-03-03T09:10:00Z", kResponded),
      Status("2025-03-03T12:00:00Z", kResolved), Status("2025-03-04T09:00:00Z", kInProgress)};
  EXPECT_EQ(Eval(steps, "2025-03-03T14:00:00Z").resolution, "met 10800s/28800s deadline=none");
  // Tuesday 11:00: 3 h + 2 h; due when 5 h more are used: Tuesday 14:00.
  EXPECT_EQ(Eval(steps, "2025-03-04T11:00:00Z").resolution,
            "on_track 18000s/28800s deadline=2025-03-04T14:00:00Z");
  // Tuesday 15:00: 3 h + 6 h = 9 h > 8 h: breached at 14:00.
  EXPECT_EQ(Eval(steps, "2025-03-04T15:00:00Z").resolution,
            "breached 32400s/28800s deadline=2025-03-04T14:00:00Z");
  // Resolved again at 12:00 (6 h) and closed: met.
  steps.push_back(Status("2025-03-04T12:00:00Z", kResolved));
  steps.push_back(Status("2025-03-04T13:00:00Z", kClosed));
  EXPECT_EQ(Eval(steps, "2025-03-07T09:00:00Z").resolution, "met 21600s/28800s deadline=none");
}

TEST(SlaTest, StarTargetAndMissingPriority) {
  const std::vector<CaseStep> steps = {Opened("2025-03-03T09:00:00Z", "urgent")};
  absl::StatusOr<SlaStatus> missing =
      evaluate_sla(Std(), UtcCalendar(), steps, At("2025-03-03T10:00:00Z"));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(),
            "priority \"urgent\": the SLA policy \"std\" has no target for it and no \"*\" "
            "target");
  SlaPolicy star = Std();
  star.targets["*"] = SlaTarget{2 * kHour, 16 * kHour};
  EXPECT_EQ(Eval(steps, "2025-03-03T10:00:00Z", star).first_response,
            "on_track 3600s/7200s deadline=2025-03-03T11:00:00Z");
  // A priority change to an unknown priority is an error too.
  EXPECT_EQ(Eval({Opened("2025-03-03T09:00:00Z", "high"), Priority("2025-03-03T09:30:00Z", "p1")},
                 "2025-03-03T10:00:00Z")
                .first_response,
            "NOT_FOUND: priority \"p1\": the SLA policy \"std\" has no target for it and no "
            "\"*\" target");
}

TEST(SlaTest, Errors) {
  const std::vector<CaseStep> steps = {Opened("2025-03-03T09:00:00Z", "high")};
  absl::StatusOr<SlaStatus> early =
      evaluate_sla(Std(), UtcCalendar(), steps, At("2025-03-03T08:00:00Z"));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(early.status().message(),
            "at: 2025-03-03T08:00:00Z is before the case was opened at 2025-03-03T09:00:00Z");
  EXPECT_EQ(evaluate_sla(Std(), UtcCalendar(), {}, At("2025-03-03T08:00:00Z")).status().message(),
            "steps: empty (a case history starts with the case being opened)");
  // An invalid step after `at` still makes the history invalid.
  const std::vector<CaseStep> bad = {Opened("2025-03-03T09:00:00Z", "high"),
                                     Status("2025-03-04T09:00:00Z", kClosed)};
  EXPECT_EQ(evaluate_sla(Std(), UtcCalendar(), bad, At("2025-03-03T10:00:00Z")).status().message(),
            "steps[1]: case status: cannot go from open to closed (allowed from open: "
            "responded, in_progress, waiting_customer, waiting_parts, resolved)");
  // Outside the calendar's years.
  ASSERT_OK_AND_ASSIGN(
      const Calendar short_range,
      Calendar::from_json(R"({"timezone": "UTC", "week": {"mon": [["09:00","17:00"]]},
                              "years": [2025, 2025]})"));
  EXPECT_EQ(evaluate_sla(Std(), short_range, steps, At("2026-01-05T10:00:00Z")).status().code(),
            absl::StatusCode::kOutOfRange);
  // A policy that skipped validation is refused, not computed with.
  SlaPolicy broken = Std();
  broken.targets["high"].resolution_seconds = -1;
  EXPECT_EQ(evaluate_sla(broken, UtcCalendar(), steps, At("2025-03-03T10:00:00Z")).status().code(),
            absl::StatusCode::kInvalidArgument);
  broken = Std();
  broken.pause_statuses = {kOpen};
  EXPECT_EQ(evaluate_sla(broken, UtcCalendar(), steps, At("2025-03-03T10:00:00Z")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Pause statuses are configurable: with none, waiting counts; with
// in_progress, the engineer's time does not.
TEST(SlaTest, ConfigurablePauseStatuses) {
  const std::vector<CaseStep> steps = {Opened("2025-03-03T09:00:00Z", "high"),
                                       Status("2025-03-03T10:00:00Z", kWaitingParts),
                                       Status("2025-03-03T12:00:00Z", kInProgress)};
  SlaPolicy none = Std();
  none.pause_statuses = {};
  // 09:00-13:00 all counted: 4 h.
  EXPECT_EQ(Eval(steps, "2025-03-03T13:00:00Z", none).resolution,
            "on_track 14400s/28800s deadline=2025-03-03T17:00:00Z");
  SlaPolicy in_progress = Std();
  in_progress.pause_statuses = {kInProgress};
  // 09:00-12:00 counted (3 h); paused since 12:00.
  EXPECT_EQ(Eval(steps, "2025-03-03T13:00:00Z", in_progress).resolution,
            "paused 10800s/28800s deadline=none");
  // Default: 09-10 (1 h) + 12-13 (1 h).
  // Resumed 12:00 with 8 - 1 = 7 h left: 5 h to 17:00 + 2 h of Tuesday.
  EXPECT_EQ(Eval(steps, "2025-03-03T13:00:00Z").resolution,
            "on_track 7200s/28800s deadline=2025-03-04T11:00:00Z");
}

TEST(SlaTest, JsonOfBreachedPausedAndFractions) {
  // Opened at 09:00:00.25: the first response is due at 10:00:00.25; Monday
  // has only 7 h 59 min 59.75 s left for the resolution, so its last 0.25 s
  // fall on Tuesday at 09:00:00.25. At 09:30, 1799.75 s used: 1799 in JSON.
  const std::vector<CaseStep> steps = {Opened("2025-03-03T09:00:00.25Z", "high")};
  ASSERT_OK_AND_ASSIGN(const SlaStatus s,
                       evaluate_sla(Std(), UtcCalendar(), steps, At("2025-03-03T09:30:00Z")));
  EXPECT_EQ(sla_status_to_json(s), R"({"first_response":{"status":"on_track","elapsed":1799,)"
                                   R"("deadline":"2025-03-03T10:00:00.25Z","target":3600},)"
                                   R"("resolution":{"status":"on_track","elapsed":1799,)"
                                   R"("deadline":"2025-03-04T09:00:00.25Z","target":28800}})");
  const std::vector<CaseStep> waiting = {Opened("2025-03-03T09:00:00Z", "high"),
                                         Status("2025-03-03T11:00:00Z", kWaitingCustomer)};
  ASSERT_OK_AND_ASSIGN(const SlaStatus w,
                       evaluate_sla(Std(), UtcCalendar(), waiting, At("2025-03-03T12:00:00Z")));
  EXPECT_EQ(sla_status_to_json(w),
            R"({"first_response":{"status":"breached","elapsed":7200,)"
            R"("deadline":"2025-03-03T10:00:00Z","target":3600},)"
            R"("resolution":{"status":"paused","elapsed":7200,"deadline":null,"target":28800}})");
}

// ---- The engine against a direct reading of the rules ------------------------

// A slow, literal reading of docs/service.md: the elapsed time of both clocks
// is summed interval by interval between consecutive steps, and a breach is
// looked for at the end of every interval, at every priority change and at
// every achievement. The engine measures far less often (see sla.cc); random
// histories must give the same answer.
struct Reference {
  const SlaPolicy& policy;
  const Calendar& calendar;

  static bool Pausable(const SlaPolicy& p, CaseStatus s) {
    return std::find(p.pause_statuses.begin(), p.pause_statuses.end(), s) != p.pause_statuses.end();
  }
  bool ResolutionRuns(CaseStatus s) const {
    return !Pausable(policy, s) && s != kResolved && s != kClosed;
  }
  absl::Duration Work(absl::Time a, absl::Time b) const {
    return *calendar.business_time_between(a, b);
  }
  const SlaTarget& Target(const std::string& priority) const {
    auto it = policy.targets.find(priority);
    return it != policy.targets.end() ? it->second : policy.targets.at("*");
  }

  SlaStatus Evaluate(const std::vector<CaseStep>& all, absl::Time at) const {
    std::vector<CaseStep> steps;
    for (const CaseStep& s : all) {
      if (s.at <= at) steps.push_back(s);
    }
    struct Clock {
      absl::Duration elapsed;
      bool pending = true;
      bool breached = false;
      absl::Duration breach_target, achieved_target;
    } fr, res;
    auto runs = [&](const Clock& c, bool is_fr, CaseStatus s) {
      return c.pending && (is_fr ? s == kOpen : ResolutionRuns(s));
    };
    auto breach = [&](Clock& c, absl::Duration target) {
      if (!c.breached && c.elapsed > target) {
        c.breached = true;
        c.breach_target = target;
      }
    };
    CaseStatus status = kOpen;
    SlaTarget t = Target(steps[0].priority);
    for (size_t i = 0; i < steps.size(); ++i) {
      const CaseStep& step = steps[i];
      if (step.kind == CaseStep::Kind::kPriority) {
        t = Target(step.priority);
        if (fr.pending) breach(fr, absl::Seconds(t.first_response_seconds));
        if (res.pending) breach(res, absl::Seconds(t.resolution_seconds));
      } else if (step.kind == CaseStep::Kind::kStatus) {
        if (status == kOpen) {
          breach(fr, absl::Seconds(t.first_response_seconds));
          fr.pending = false;
          fr.achieved_target = absl::Seconds(t.first_response_seconds);
        }
        status = step.status;
        if (status == kResolved) {
          breach(res, absl::Seconds(t.resolution_seconds));
          res.achieved_target = absl::Seconds(t.resolution_seconds);
        }
        res.pending = status != kResolved && status != kClosed;
      }
      const absl::Time end = i + 1 < steps.size() ? steps[i + 1].at : at;
      if (runs(fr, true, status)) fr.elapsed += Work(step.at, end);
      if (runs(res, false, status)) res.elapsed += Work(step.at, end);
      if (fr.pending) breach(fr, absl::Seconds(t.first_response_seconds));
      if (res.pending) breach(res, absl::Seconds(t.resolution_seconds));
    }
    // When a clock's elapsed time first reached `target`.
    auto reached = [&](bool is_fr, absl::Duration target) {
      absl::Duration e;
      CaseStatus s = kOpen;
      for (size_t i = 0; i < steps.size(); ++i) {
        if (steps[i].kind == CaseStep::Kind::kStatus) s = steps[i].status;
        const bool running = is_fr ? s == kOpen : ResolutionRuns(s);
        if (!running) continue;
        const absl::Time end = i + 1 < steps.size() ? steps[i + 1].at : at;
        const absl::Duration w = Work(steps[i].at, end);
        if (e + w >= target) return *calendar.add_business_time(steps[i].at, target - e);
        e += w;
      }
      ADD_FAILURE() << "never reached";
      return at;
    };
    auto report = [&](const Clock& c, bool is_fr, absl::Duration current) {
      TargetStatus out;
      out.elapsed = c.elapsed;
      if (c.breached) {
        out.state = TargetState::kBreached;
        out.target = c.breach_target;
        out.deadline = reached(is_fr, c.breach_target);
      } else if (!c.pending) {
        out.state = TargetState::kMet;
        out.target = c.achieved_target;
      } else if (!is_fr && Pausable(policy, status)) {
        out.state = TargetState::kPaused;
        out.target = current;
      } else {
        out.target = current;
        out.state = c.elapsed >= policy.at_risk_ratio * current ? TargetState::kAtRisk
                                                                : TargetState::kOnTrack;
        // While time remains, add_business_time(at, target - elapsed); with
        // none left, when the target was reached.
        out.deadline = current > c.elapsed ? *calendar.add_business_time(at, current - c.elapsed)
                                           : reached(is_fr, current);
      }
      return out;
    };
    return {report(fr, true, absl::Seconds(t.first_response_seconds)),
            report(res, false, absl::Seconds(t.resolution_seconds))};
  }
};

std::string History(const std::vector<CaseStep>& steps) {
  std::string out;
  for (const CaseStep& s : steps) {
    absl::StrAppend(&out, "\n  ", Show(s.at), " ",
                    s.kind == CaseStep::Kind::kStatus ? case_status_name(s.status) : s.priority);
  }
  return out;
}

TEST(SlaTest, AgreesWithADirectReadingOfTheRules) {
  // Three pause configurations: the default, none, and the working statuses.
  std::vector<SlaPolicy> policies(3, Std());
  for (SlaPolicy& p : policies) {
    p.targets["*"] = SlaTarget{2 * kHour, 12 * kHour};
    p.at_risk_ratio = 0.75;  // exact in binary: no rounding question
  }
  policies[1].pause_statuses = {};
  policies[2].pause_statuses = {kResponded, kInProgress};
  std::mt19937_64 rng(7);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  const char* const priorities[] = {"high", "low", "other"};
  const CaseStatus all[] = {kResponded,    kInProgress, kWaitingCustomer,
                            kWaitingParts, kResolved,   kClosed};
  int compared = 0;
  for (int round = 0; round < 3000; ++round) {
    // A random valid history over two weeks of March 2025, steps 0 to 6 h apart
    // (in 15-minute units, so that exact hits on targets happen).
    std::vector<CaseStep> steps;
    int64_t t = absl::ToUnixSeconds(At("2025-03-03T06:00:00Z")) + uniform(0, 96) * 900;
    CaseStep opened;
    opened.kind = CaseStep::Kind::kOpened;
    opened.at = absl::FromUnixSeconds(t);
    opened.priority = priorities[uniform(0, 2)];
    steps.push_back(opened);
    CaseStatus status = kOpen;
    const int n = static_cast<int>(uniform(0, 9));
    for (int k = 0; k < n; ++k) {
      t += uniform(0, 24) * 900;
      CaseStep step;
      step.at = absl::FromUnixSeconds(t);
      if (uniform(0, 4) == 0) {
        step.kind = CaseStep::Kind::kPriority;
        step.priority = priorities[uniform(0, 2)];
      } else {
        step.kind = CaseStep::Kind::kStatus;
        std::vector<CaseStatus> next;
        for (CaseStatus s : all) {
          if (check_case_transition(status, s).ok()) next.push_back(s);
        }
        if (next.empty()) break;
        step.status = next[static_cast<size_t>(uniform(0, static_cast<int64_t>(next.size()) - 1))];
        status = step.status;
      }
      steps.push_back(step);
    }
    const absl::Time at = absl::FromUnixSeconds(t + uniform(-4, 40) * 900);
    if (at < steps[0].at) continue;
    const SlaPolicy& policy = policies[static_cast<size_t>(round % 3)];
    absl::StatusOr<SlaStatus> got = evaluate_sla(policy, UtcCalendar(), steps, at);
    ASSERT_TRUE(got.ok()) << got.status();
    const SlaStatus want = Reference{policy, UtcCalendar()}.Evaluate(steps, at);
    for (const auto& [g, w] : {std::pair{got->first_response, want.first_response},
                               std::pair{got->resolution, want.resolution}}) {
      EXPECT_EQ(Str(g), Str(w)) << "round " << round << " at " << Show(at) << History(steps);
      ASSERT_FALSE(HasFailure()) << "stopping at the first disagreement";
    }
    ++compared;
  }
  EXPECT_GT(compared, 2500);
}

// Every path of the engine at once — a pause, a priority change that breaches
// a paused target (dated by replaying the runs), a reopen, a running target
// with a deadline — without a single heap allocation.
TEST(SlaTest, EvaluatesWithoutAllocating) {
  const SlaPolicy policy = Std();
  const std::vector<CaseStep> steps = {Opened("2025-03-03T09:00:00Z", "low"),
                                       Status("2025-03-03T09:10:00Z", kResponded),
                                       Status("2025-03-03T12:00:00Z", kWaitingCustomer),
                                       Status("2025-03-04T09:00:00Z", kInProgress),
                                       Status("2025-03-04T16:00:00Z", kWaitingParts),
                                       Priority("2025-03-06T10:00:00Z", "high"),
                                       Status("2025-03-06T11:00:00Z", kResolved),
                                       Status("2025-03-06T12:00:00Z", kInProgress)};
  const absl::Time at = At("2025-03-06T13:00:00Z");
  const absl::Time at2 = At("2025-03-04T10:00:00Z");
  ASSERT_TRUE(evaluate_sla(policy, UtcCalendar(), steps, at).ok());  // warm up
  const int64_t before = g_allocations.load();
  absl::StatusOr<SlaStatus> s = evaluate_sla(policy, UtcCalendar(), steps, at);
  absl::StatusOr<SlaStatus> s2 = evaluate_sla(policy, UtcCalendar(), steps, at2);
  const int64_t allocations = g_allocations.load() - before;
  ASSERT_TRUE(s.ok() && s2.ok());
  if (POSTVENTA_COUNT_ALLOCATIONS) EXPECT_EQ(allocations, 0);
  // Breached on Thursday 10:00, dated Tuesday 14:00 (see
  // BreachFoundDuringAPauseIsDatedInAnEarlierRun); 10 h + 1 h after the reopen.
  EXPECT_EQ(Str(s->resolution), "breached 39600s/28800s deadline=2025-03-04T14:00:00Z");
  // Tuesday 10:00, under "low": 3 h + 1 h; resumed Tuesday 09:00 with
  // 24 - 3 = 21 h left: Tuesday 8 h, Thursday 8 h (Wednesday is a holiday),
  // Friday 5 h -> 14:00.
  EXPECT_EQ(Str(s2->resolution), "on_track 14400s/86400s deadline=2025-03-07T14:00:00Z");
}

TEST(SlaTest, TargetStateNames) {
  EXPECT_EQ(target_state_name(TargetState::kMet), "met");
  EXPECT_EQ(target_state_name(TargetState::kBreached), "breached");
  EXPECT_EQ(target_state_name(TargetState::kOnTrack), "on_track");
  EXPECT_EQ(target_state_name(TargetState::kAtRisk), "at_risk");
  EXPECT_EQ(target_state_name(TargetState::kPaused), "paused");
}

}  // namespace
}  // namespace postventa
