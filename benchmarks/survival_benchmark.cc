// Kaplan-Meier on 1 M units (issue 6 point 6): durations in days with ties
// (a unit's age or failure day, 0-3650), about half censored.
#include <cstdint>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "postventa/survival.h"

namespace {

void BM_KaplanMeier(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const bool whole_days = state.range(1) != 0;
  std::mt19937_64 rng(2024);
  std::weibull_distribution<double> life(1.5, 2000.0);
  std::uniform_real_distribution<double> age(0, 3650);
  std::vector<double> durations(n);
  std::vector<uint8_t> observed(n);
  for (size_t i = 0; i < n; ++i) {
    const double fail = life(rng), seen = age(rng);
    durations[i] = fail < seen ? fail : seen;
    if (whole_days) durations[i] = static_cast<double>(static_cast<int64_t>(durations[i]));
    observed[i] = fail < seen;
  }
  for (auto _ : state) {
    auto rows = postventa::kaplan_meier(durations, observed);
    benchmark::DoNotOptimize(rows);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}
// {units, whole days (1) or continuous times (0)}.
BENCHMARK(BM_KaplanMeier)
    ->Args({1'000'000, 0})
    ->Args({1'000'000, 1})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
