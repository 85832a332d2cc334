// Benchmarks for the SLA engine (issue 4, point 6): the SLA status of 1 M
// service cases, goal < 1 s.
//
// The cases are realistic histories of about 6-7 steps: opened at any hour
// of 2024-2025 with priority high, normal or low; responded; in progress;
// often a wait for parts; resolved; closed. One case in ten changes priority,
// one in twenty is reopened. Each case is evaluated at its own instant, drawn
// between its opening and a day after its last step, so the statuses are a
// mix of met, breached, on track, at risk and paused, and most running
// targets need a deadline. The calendar is Madrid-like: split shifts 09-14 and
// 16-19 Monday to Thursday, 08-15 on Friday, 14 holidays a year.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "benchmark/benchmark.h"
#include "postventa/service.h"
#include "postventa/time.h"

namespace {

using namespace postventa;

constexpr char kMadrid[] = R"({
  "timezone": "Europe/Madrid",
  "week": {"mon": [["09:00","14:00"],["16:00","19:00"]], "tue": [["09:00","14:00"],["16:00","19:00"]],
           "wed": [["09:00","14:00"],["16:00","19:00"]], "thu": [["09:00","14:00"],["16:00","19:00"]],
           "fri": [["08:00","15:00"]], "sat": [], "sun": []},
  "holidays": ["annual:01-01", "annual:01-06", "easter:-3", "easter:-2", "annual:05-01",
               "annual:05-02", "annual:05-15", "annual:08-15", "annual:10-12", "annual:11-01",
               "annual:11-09", "annual:12-06", "annual:12-08", "annual:12-25"]
})";

const Calendar& Madrid() {
  static const Calendar* calendar = new Calendar(*Calendar::from_json(kMadrid));
  return *calendar;
}

SlaPolicy Policy() {
  SlaPolicy p;
  p.name = "std";
  p.calendar = "madrid";
  p.targets["high"] = SlaTarget{3600, 8 * 3600};
  p.targets["normal"] = SlaTarget{4 * 3600, 24 * 3600};
  p.targets["low"] = SlaTarget{8 * 3600, 40 * 3600};
  p.targets["*"] = SlaTarget{8 * 3600, 40 * 3600};
  return p;
}

struct Cases {
  std::vector<CaseStep> steps;  // every case's steps, back to back
  std::vector<size_t> offsets;  // case i is steps[offsets[i], offsets[i + 1])
  std::vector<absl::Time> at;   // the instant each case is evaluated at
};

const Cases& MillionCases() {
  static const Cases* cases = [] {
    auto* c = new Cases;
    constexpr int kCases = 1000000;
    c->steps.reserve(size_t{7} * kCases);
    c->offsets.reserve(kCases + 1);
    c->at.reserve(kCases);
    std::mt19937_64 rng(20250303);
    auto uniform = [&](int64_t lo, int64_t hi) {
      return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
    };
    const int64_t start =
        absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(2024, 1, 1), absl::UTCTimeZone()));
    const char* const priorities[] = {"high", "normal", "low"};
    constexpr int64_t kHour = 3600, kDay = 86400;
    c->offsets.push_back(0);
    for (int i = 0; i < kCases; ++i) {
      int64_t t = start + uniform(0, 2 * 365 * kDay);
      const absl::Time opened = absl::FromUnixSeconds(t);
      auto push = [&](CaseStep::Kind kind, CaseStatus status, const char* priority) {
        CaseStep s;
        s.kind = kind;
        s.at = absl::FromUnixSeconds(t);
        s.status = status;
        if (priority != nullptr) s.priority = priority;
        c->steps.push_back(std::move(s));
      };
      auto status = [&](CaseStatus s) { push(CaseStep::Kind::kStatus, s, nullptr); };
      push(CaseStep::Kind::kOpened, CaseStatus::kOpen, priorities[uniform(0, 2)]);
      t += uniform(5 * 60, 8 * kHour);
      status(CaseStatus::kResponded);
      t += uniform(0, 2 * kHour);
      status(CaseStatus::kInProgress);
      if (uniform(0, 9) == 0) {
        t += uniform(0, 4 * kHour);
        push(CaseStep::Kind::kPriority, CaseStatus::kOpen, priorities[uniform(0, 2)]);
      }
      if (uniform(0, 9) < 6) {
        t += uniform(kHour, kDay);
        status(CaseStatus::kWaitingParts);
        t += uniform(4 * kHour, 4 * kDay);
        status(CaseStatus::kInProgress);
      }
      t += uniform(kHour, 3 * kDay);
      status(CaseStatus::kResolved);
      if (uniform(0, 19) == 0) {
        t += uniform(kHour, 2 * kDay);
        status(CaseStatus::kInProgress);
        t += uniform(kHour, 2 * kDay);
        status(CaseStatus::kResolved);
      }
      t += uniform(kHour, 2 * kDay);
      status(CaseStatus::kClosed);
      c->offsets.push_back(c->steps.size());
      const int64_t open_s = absl::ToUnixSeconds(opened);
      c->at.push_back(absl::FromUnixSeconds(uniform(open_s, t + kDay)));
    }
    return c;
  }();
  return *cases;
}

// The SLA status of every one of the 1 M cases, each at its own instant. One
// iteration is the whole million; counters give the mix of states.
void BM_SlaStatusOfMillionCases(benchmark::State& state) {
  const Cases& cases = MillionCases();
  const SlaPolicy policy = Policy();
  const Calendar& calendar = Madrid();
  const size_t n = cases.at.size();
  int64_t counts[5] = {0, 0, 0, 0, 0};
  int64_t errors = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < n; ++i) {
      const absl::Span<const CaseStep> steps(cases.steps.data() + cases.offsets[i],
                                             cases.offsets[i + 1] - cases.offsets[i]);
      absl::StatusOr<SlaStatus> s = evaluate_sla(policy, calendar, steps, cases.at[i]);
      if (!s.ok()) {
        ++errors;
        continue;
      }
      ++counts[static_cast<int>(s->resolution.state)];
      benchmark::DoNotOptimize(s);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
  const double total = static_cast<double>(state.iterations() * static_cast<int64_t>(n));
  state.counters["steps_per_case"] = static_cast<double>(cases.steps.size()) / n;
  state.counters["errors"] = static_cast<double>(errors);
  const char* const names[] = {"met", "breached", "on_track", "at_risk", "paused"};
  for (int k = 0; k < 5; ++k) {
    state.counters[std::string("res_") + names[k]] = counts[k] / total;
  }
}
BENCHMARK(BM_SlaStatusOfMillionCases)->Unit(benchmark::kMillisecond)->MinTime(3);

// One evaluation plus its canonical JSON (what a face returns per case).
void BM_SlaStatusJson(benchmark::State& state) {
  const Cases& cases = MillionCases();
  const SlaPolicy policy = Policy();
  const Calendar& calendar = Madrid();
  size_t i = 0;
  for (auto _ : state) {
    const absl::Span<const CaseStep> steps(cases.steps.data() + cases.offsets[i],
                                           cases.offsets[i + 1] - cases.offsets[i]);
    absl::StatusOr<SlaStatus> s = evaluate_sla(policy, calendar, steps, cases.at[i]);
    std::string json = sla_status_to_json(*s);
    benchmark::DoNotOptimize(json);
    if (++i == cases.at.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SlaStatusJson);

}  // namespace

BENCHMARK_MAIN();
