// Kaplan-Meier on 1 M units (issue 6 point 6): a unit's failure or age
// (0-3650 days), about half censored; continuous times, or whole days (ties).
// Real time: from 2^18 rows on, part of the work runs in a second thread.
#include <cstdint>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "postventa/survival.h"

namespace {

struct Lifetimes {
  std::vector<double> durations;
  std::vector<uint8_t> observed;
};

Lifetimes MakeLifetimes(size_t n, bool whole_days) {
  std::mt19937_64 rng(2024);
  std::weibull_distribution<double> life(1.5, 2000.0);
  std::uniform_real_distribution<double> age(0, 3650);
  Lifetimes l{std::vector<double>(n), std::vector<uint8_t>(n)};
  for (size_t i = 0; i < n; ++i) {
    const double fail = life(rng), seen = age(rng);
    l.durations[i] = fail < seen ? fail : seen;
    if (whole_days) l.durations[i] = static_cast<double>(static_cast<int64_t>(l.durations[i]));
    l.observed[i] = fail < seen;
  }
  return l;
}

// The C++ API: a vector of KaplanMeierRow (56 bytes a row).
void BM_KaplanMeier(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const Lifetimes l = MakeLifetimes(n, state.range(1) != 0);
  for (auto _ : state) {
    auto rows = postventa::kaplan_meier(l.durations, l.observed);
    benchmark::DoNotOptimize(rows);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}

// What the Python and C faces call: the table, its columns filled directly.
void BM_KaplanMeierTable(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const Lifetimes l = MakeLifetimes(n, state.range(1) != 0);
  for (auto _ : state) {
    auto table = postventa::kaplan_meier_table(l.durations, l.observed);
    benchmark::DoNotOptimize(table);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}

// {units, whole days (1) or continuous times (0)}.
BENCHMARK(BM_KaplanMeier)
    ->Args({1'000'000, 0})
    ->Args({1'000'000, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_KaplanMeierTable)
    ->Args({1'000'000, 0})
    ->Args({1'000'000, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
