// Weibull fits on large samples (SPEC §8; issue 6 asks for the right-censored
// maximum likelihood on 1 M units with half censored in well under 0.2 s).
#include <cmath>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "postventa/weibull.h"

namespace {

// n units with Weibull(shape 1.7, scale 1000) lives; every other unit is
// censored at a uniform fraction of its life (half the units are suspensions).
void MakeUnits(size_t n, std::vector<double>* failures, std::vector<double>* censored) {
  std::mt19937_64 rng(20240611);
  std::weibull_distribution<double> life(1.7, 1000.0);
  std::uniform_real_distribution<double> fraction(0.05, 1.0);
  failures->clear();
  censored->clear();
  for (size_t i = 0; i < n; ++i) {
    const double t = life(rng);
    if (i % 2 == 0) {
      failures->push_back(t);
    } else {
      censored->push_back(t * fraction(rng));
    }
  }
}

void BM_WeibullMle(benchmark::State& state) {
  std::vector<double> failures, censored;
  MakeUnits(static_cast<size_t>(state.range(0)), &failures, &censored);
  for (auto _ : state) {
    auto fit = postventa::weibull_fit(failures, censored);
    if (!fit.ok()) state.SkipWithError(fit.status().ToString().c_str());
    benchmark::DoNotOptimize(fit);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_WeibullMle)->Arg(1000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_WeibullRry(benchmark::State& state) {
  std::vector<double> failures, censored;
  MakeUnits(static_cast<size_t>(state.range(0)), &failures, &censored);
  for (auto _ : state) {
    auto fit = postventa::weibull_fit(failures, censored, postventa::WeibullMethod::kRry);
    if (!fit.ok()) state.SkipWithError(fit.status().ToString().c_str());
    benchmark::DoNotOptimize(fit);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_WeibullRry)->Arg(1000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
