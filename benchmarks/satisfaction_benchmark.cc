// Benchmark for grouped satisfaction scoring (issue 5, point 6): grouped NPS
// over 20 M int8 answers with int32 group ids, 100 and 100 000 groups, on one
// thread and on two. Goal: >= 1 G rows/s on one core for 100 groups. The
// counter `rows/s` is what to read (items_per_second).
#include <cstdint>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "postventa/satisfaction.h"

namespace {

using namespace postventa;

constexpr size_t kRows = 20'000'000;

struct Input {
  std::vector<int8_t> scores;
  std::vector<int32_t> groups;
};

// Uniform answers 0-10 and uniform group ids: the worst case for the counts
// (no locality), the usual case for answers.
const Input& input(int64_t groups) {
  static Input cache;
  static int64_t cached_groups = -1;
  if (cached_groups != groups) {
    std::mt19937_64 rng(5);
    cache.scores.resize(kRows);
    cache.groups.resize(kRows);
    std::uniform_int_distribution<int> answer(0, 10);
    std::uniform_int_distribution<int32_t> group(0, static_cast<int32_t>(groups) - 1);
    for (size_t i = 0; i < kRows; ++i) {
      cache.scores[i] = static_cast<int8_t>(answer(rng));
      cache.groups[i] = group(rng);
    }
    cached_groups = groups;
  }
  return cache;
}

void BM_GroupedNps(benchmark::State& state) {
  const Input& in = input(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    auto states = nps_states_by_group(in.scores, in.groups, threads);
    if (!states.ok()) state.SkipWithError(std::string(states.status().message()).c_str());
    benchmark::DoNotOptimize(states);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kRows));
}
BENCHMARK(BM_GroupedNps)
    ->ArgNames({"groups", "threads"})
    ->Args({100, 1})
    ->Args({100, 2})
    ->Args({100000, 1})
    ->Args({100000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Nps(benchmark::State& state) {
  const Input& in = input(100);
  for (auto _ : state) {
    auto nps = nps_state(in.scores);
    benchmark::DoNotOptimize(nps);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kRows));
}
BENCHMARK(BM_Nps)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
