// Benchmarks for SPEC §1 (issue 2, point 10): add_months, add_business_time and
// business_time_between on a Madrid calendar with split shifts and 14 holidays
// a year, for offsets from 1 working hour to 60 working days.
#include <cstdint>
#include <random>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "postventa/time.h"

namespace {

using postventa::Calendar;
using postventa::Date;

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

// 4096 start instants spread uniformly over 2024-2027, at any second of the day
// (inside and outside working time), visited in a fixed pseudo-random order.
const std::vector<absl::Time>& Starts() {
  static const std::vector<absl::Time>* starts = [] {
    auto* v = new std::vector<absl::Time>;
    std::mt19937_64 rng(42);
    const int64_t lo =
        absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(2024, 1, 1), absl::UTCTimeZone()));
    std::uniform_int_distribution<int64_t> dist(lo, lo + int64_t{4} * 365 * 86400);
    for (int i = 0; i < 4096; ++i) v->push_back(absl::FromUnixSeconds(dist(rng)));
    return v;
  }();
  return *starts;
}

// A working day of this calendar averages 10 h (Mon–Thu) / 7 h (Fri).
constexpr int64_t kHour = 3600;
constexpr int64_t kOffsets[] = {1 * kHour, 8 * kHour, 5 * 10 * kHour, 20 * 10 * kHour,
                                60 * 10 * kHour};

void BM_AddMonths(benchmark::State& state) {
  std::vector<Date> dates;
  for (int i = 0; i < 4096; ++i) dates.push_back(Date(2020, 1, 1) + (i * 37) % 3000);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(postventa::add_months(dates[i & 4095], static_cast<int>(i % 60) - 12));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddMonths);

void BM_AddBusinessTime(benchmark::State& state) {
  const Calendar& cal = Madrid();
  const std::vector<absl::Time>& starts = Starts();
  const absl::Duration offset = absl::Seconds(state.range(0));
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(cal.add_business_time(starts[i & 4095], offset));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(absl::FormatDuration(offset) + " working");
}
BENCHMARK(BM_AddBusinessTime)
    ->ArgName("seconds")
    ->Arg(kOffsets[0])
    ->Arg(kOffsets[1])
    ->Arg(kOffsets[2])
    ->Arg(kOffsets[3])
    ->Arg(kOffsets[4]);

void BM_BusinessTimeBetween(benchmark::State& state) {
  const Calendar& cal = Madrid();
  const std::vector<absl::Time>& starts = Starts();
  // Spans matching the offsets above in wall-clock terms (1 h .. ~12 weeks).
  const absl::Duration span = absl::Seconds(state.range(0)) * 2.4;
  size_t i = 0;
  for (auto _ : state) {
    const absl::Time a = starts[i & 4095];
    benchmark::DoNotOptimize(cal.business_time_between(a, a + span));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(absl::FormatDuration(span) + " wall-clock");
}
BENCHMARK(BM_BusinessTimeBetween)
    ->ArgName("seconds")
    ->Arg(kOffsets[0])
    ->Arg(kOffsets[1])
    ->Arg(kOffsets[2])
    ->Arg(kOffsets[3])
    ->Arg(kOffsets[4]);

void BM_AddBusinessDays(benchmark::State& state) {
  const Calendar& cal = Madrid();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        cal.add_business_days(Date(2024, 1, 1) + static_cast<int>(i % 1400), state.range(0)));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddBusinessDays)->Arg(1)->Arg(15)->Arg(60);

void BM_CompileCalendar(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Calendar::from_json(kMadrid));
  state.SetLabel("230 years, 1970-2199");
}
BENCHMARK(BM_CompileCalendar)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
