// Satisfaction scores (SPEC §7): hand-worked examples, errors naming positions,
// the merge property and grouped scoring.
#include "postventa/satisfaction.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "absl/types/span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_macros.h"

namespace postventa {
namespace {

using ::testing::HasSubstr;

constexpr double kEps = 1e-9;

void ExpectSameBits(const Score& a, const Score& b) {
  EXPECT_EQ(std::bit_cast<uint64_t>(a.value), std::bit_cast<uint64_t>(b.value));
  EXPECT_EQ(std::bit_cast<uint64_t>(a.low), std::bit_cast<uint64_t>(b.low));
  EXPECT_EQ(std::bit_cast<uint64_t>(a.high), std::bit_cast<uint64_t>(b.high));
  EXPECT_EQ(a.n, b.n);
}

void ExpectEmpty(const Score& s) {
  EXPECT_EQ(s.n, 0);
  EXPECT_TRUE(std::isnan(s.value));
  EXPECT_TRUE(std::isnan(s.low));
  EXPECT_TRUE(std::isnan(s.high));
}

// ---------------------------------------------------------------- NPS

TEST(Nps, HandWorkedTenAnswers) {
  // 5 promoters (9, 10), 3 passives (7, 8), 2 detractors (0, 6).
  const std::vector<int8_t> answers = {9, 10, 10, 9, 9, 7, 8, 8, 0, 6};
  ASSERT_OK_AND_ASSIGN(NpsState state, nps_state(answers));
  EXPECT_EQ(state, (NpsState{5, 3, 2}));
  // P = .5, D = .2, nps = 100 (.5 - .2) = 30
  // se = 100 sqrt((.5 + .2 - .3^2) / 10) = 100 sqrt(.061) = 24.698178070...
  // z se = 1.959963984540054 x 24.698178070 = 48.407539502
  // interval [30 - 48.4075395, 30 + 48.4075395] = [-18.4075395, 78.4075395]
  const Score s = state.score();
  EXPECT_EQ(s.n, 10);
  EXPECT_NEAR(s.value, 30.0, kEps);
  EXPECT_NEAR(s.low, -18.4075395019, 1e-8);
  EXPECT_NEAR(s.high, 78.4075395019, 1e-8);
}

TEST(Nps, IntervalClippedAtPlusAndMinus100) {
  // 9 promoters, 1 detractor: P = .9, D = .1, nps = 80;
  // se = 100 sqrt((1 - .8^2) / 10) = 100 sqrt(.036) = 18.973665961;
  // z se = 37.187701938; 80 + 37.19 = 117.19 -> 100; 80 - 37.19 = 42.812298062.
  const Score high = NpsState{9, 0, 1}.score();
  EXPECT_NEAR(high.value, 80.0, kEps);
  EXPECT_NEAR(high.low, 42.8122980617, 1e-8);
  EXPECT_EQ(high.high, 100.0);
  // The mirror image: 1 promoter, 9 detractors.
  const Score low = NpsState{1, 0, 9}.score();
  EXPECT_NEAR(low.value, -80.0, kEps);
  EXPECT_EQ(low.low, -100.0);
  EXPECT_NEAR(low.high, -42.8122980617, 1e-8);
}

TEST(Nps, AllPromotersHasAZeroWidthInterval) {
  // P = 1, D = 0: se = 100 sqrt((1 - 1) / 3) = 0.
  const Score s = NpsState{3, 0, 0}.score();
  EXPECT_EQ(s.value, 100.0);
  EXPECT_EQ(s.low, 100.0);
  EXPECT_EQ(s.high, 100.0);
}

TEST(Nps, ZChangesTheWidth) {
  // Same data as HandWorkedTenAnswers with z = 1: [30 - 24.698, 30 + 24.698].
  const Score s = NpsState{5, 3, 2}.score(1.0);
  EXPECT_NEAR(s.low, 30.0 - 24.6981780705, 1e-8);
  EXPECT_NEAR(s.high, 30.0 + 24.6981780705, 1e-8);
}

TEST(Nps, EmptyInputIsNaNNotAnError) {
  ASSERT_OK_AND_ASSIGN(NpsState state, nps_state(std::vector<int8_t>{}));
  EXPECT_EQ(state.n(), 0);
  ExpectEmpty(state.score());
}

// ---------------------------------------------------------------- CSAT

TEST(Csat, WilsonEightOfTen) {
  // 8 of 10 satisfied (4 or 5), z = 1.96: p = .8, z^2 = 3.8416,
  // 1 + z^2/n = 1.38416; center = (.8 + 3.8416/20) / 1.38416 = .99208 / 1.38416
  // = .716738; half = 1.96 / 1.38416 x sqrt(.16/10 + 3.8416/400)
  // = 1.416021 x sqrt(.025604) = 1.416021 x .160013 = .226582;
  // [.490157, .943319] in percent [49.0157, 94.3319] (the textbook values).
  const std::vector<int32_t> answers = {5, 4, 4, 5, 5, 4, 4, 5, 3, 1};
  ASSERT_OK_AND_ASSIGN(CsatState state, csat_state(answers));
  EXPECT_EQ(state, (CsatState{8, 10}));
  const Score s = state.score(1.96);
  EXPECT_EQ(s.n, 10);
  EXPECT_NEAR(s.value, 80.0, kEps);
  EXPECT_NEAR(s.low, 49.0157, 1e-4);
  EXPECT_NEAR(s.high, 94.3319, 1e-4);
}

TEST(Csat, WilsonNoneSatisfied) {
  // 0 of 4, z = 2: z^2/n = 1, denom 2; center = (0 + 4/8) / 2 = .25;
  // half = 2/2 x sqrt(0 + 4/64) = .25; interval [0, 50].
  const Score s = CsatState{0, 4}.score(2.0);
  EXPECT_EQ(s.value, 0.0);
  EXPECT_NEAR(s.low, 0.0, kEps);
  EXPECT_NEAR(s.high, 50.0, kEps);
}

TEST(Csat, EmptyInput) {
  ASSERT_OK_AND_ASSIGN(CsatState state, csat_state(std::vector<uint8_t>{}));
  ExpectEmpty(state.score());
}

// ---------------------------------------------------------------- CES

TEST(Ces, MeanAndInterval) {
  // 1..5: mean 3, s^2 = (4 + 1 + 0 + 1 + 4) / 4 = 2.5, s / sqrt(5) = sqrt(.5)
  // = .707106781; z x .707106781 = 1.385903824; [1.614096176, 4.385903824].
  const std::vector<int16_t> answers = {1, 2, 3, 4, 5};
  ASSERT_OK_AND_ASSIGN(CesState state, ces_state(answers));
  EXPECT_EQ(state, (CesState{5, 15, 55}));
  const Score s = state.score();
  EXPECT_NEAR(s.value, 3.0, kEps);
  EXPECT_NEAR(s.low, 1.6140961757, 1e-9);
  EXPECT_NEAR(s.high, 4.3859038243, 1e-9);
}

TEST(Ces, SameAnswersGiveAZeroWidthInterval) {
  ASSERT_OK_AND_ASSIGN(CesState state, ces_state(std::vector<int64_t>{7, 7, 7}));
  const Score s = state.score();
  EXPECT_EQ(s.value, 7.0);
  EXPECT_EQ(s.low, 7.0);
  EXPECT_EQ(s.high, 7.0);
}

TEST(Ces, OneAnswerHasAMeanButNoInterval) {
  ASSERT_OK_AND_ASSIGN(CesState state, ces_state(std::vector<double>{6.0}));
  const Score s = state.score();
  EXPECT_EQ(s.n, 1);
  EXPECT_EQ(s.value, 6.0);
  EXPECT_TRUE(std::isnan(s.low));
  EXPECT_TRUE(std::isnan(s.high));
}

TEST(Ces, EmptyInput) {
  ASSERT_OK_AND_ASSIGN(CesState state, ces_state(std::vector<int16_t>{}));
  ExpectEmpty(state.score());
}

TEST(Ces, HugeCountsDoNotOverflowTheVariance) {
  // 10^9 answers, half 1 and half 7: mean 4; s^2 = n 9 / (n - 1) (each answer
  // is 3 from the mean) so s = 3 sqrt(n / (n - 1)) ~ 3; n x sum_sq = 25 x 10^18
  // is past int64.
  const int64_t n = 1'000'000'000;
  const CesState state{n, n / 2 * 1 + n / 2 * 7, n / 2 * 1 + n / 2 * 49};
  const Score s = state.score();
  EXPECT_NEAR(s.value, 4.0, kEps);
  const double half = kZ95 * 3.0 * std::sqrt(1e9 / (1e9 - 1)) / std::sqrt(1e9);
  EXPECT_NEAR(s.high - s.value, half, 1e-12);
}

// ------------------------------------------------------- answer errors

template <typename T>
void ExpectNpsError(std::vector<T> answers, const std::string& message) {
  const auto state = nps_state(answers);
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(state.status().message(), message);
}

TEST(Errors, OutOfScaleNamesThePositionForEveryWidth) {
  ExpectNpsError<int8_t>({9, 10, 11}, "scores[2]: 11 is outside the NPS scale 0-10");
  ExpectNpsError<int8_t>({9, -1}, "scores[1]: -1 is outside the NPS scale 0-10");
  ExpectNpsError<int8_t>({-128}, "scores[0]: -128 is outside the NPS scale 0-10");
  ExpectNpsError<int16_t>({0, 300}, "scores[1]: 300 is outside the NPS scale 0-10");
  ExpectNpsError<int32_t>({0, 1, -7}, "scores[2]: -7 is outside the NPS scale 0-10");
  ExpectNpsError<int64_t>({std::numeric_limits<int64_t>::min()},
                          "scores[0]: -9223372036854775808 is outside the NPS scale 0-10");
  ExpectNpsError<uint8_t>({10, 255}, "scores[1]: 255 is outside the NPS scale 0-10");
  ExpectNpsError<uint16_t>({11}, "scores[0]: 11 is outside the NPS scale 0-10");
  ExpectNpsError<uint32_t>({5, 5, 5, 4294967295u},
                           "scores[3]: 4294967295 is outside the NPS scale 0-10");
  ExpectNpsError<uint64_t>({18446744073709551615ull},
                           "scores[0]: 18446744073709551615 is outside the NPS scale 0-10");
  ExpectNpsError<double>({9.0, 10.5}, "scores[1]: 10.5 is outside the NPS scale 0-10");
  ExpectNpsError<double>({9.0, 8.5}, "scores[1]: 8.5 is not a whole answer on the NPS scale 0-10");
  ExpectNpsError<double>({std::nan("")}, "scores[0]: nan is outside the NPS scale 0-10");
}

TEST(Errors, CsatAndCesScales) {
  auto csat = csat_state(std::vector<int8_t>{1, 5, 0});
  ASSERT_FALSE(csat.ok());
  EXPECT_EQ(csat.status().message(), "scores[2]: 0 is outside the CSAT scale 1-5");
  csat = csat_state(std::vector<int8_t>{6});
  EXPECT_EQ(csat.status().message(), "scores[0]: 6 is outside the CSAT scale 1-5");
  auto ces = ces_state(std::vector<uint16_t>{1, 7, 8});
  ASSERT_FALSE(ces.ok());
  EXPECT_EQ(ces.status().message(), "scores[2]: 8 is outside the CES scale 1-7");
  ces = ces_state(std::vector<int64_t>{0});
  EXPECT_EQ(ces.status().message(), "scores[0]: 0 is outside the CES scale 1-7");
}

TEST(Errors, TheFirstBadPositionIsNamedAcrossBlocks) {
  std::vector<int8_t> answers(100000, 9);
  answers[70000] = 12;
  answers[90000] = -3;
  ExpectNpsError(answers, "scores[70000]: 12 is outside the NPS scale 0-10");
}

TEST(Errors, RawBufferWithAnUnknownTypeIsRejected) {
  const int8_t data[1] = {9};
  const auto state = nps_state(ScoreArray(data, 1, static_cast<ElementType>(42)));
  ASSERT_FALSE(state.ok());
  EXPECT_THAT(state.status().message(), HasSubstr("scores: unknown element type 42"));
}

TEST(Arrays, EveryWidthCountsTheSame) {
  // 9, 10 promoters; 7 passive; 0, 3, 6 detractors.
  const NpsState expected{2, 1, 3};
  const std::vector<int> values = {9, 10, 7, 0, 3, 6};
  auto check = [&](auto tag) {
    using T = decltype(tag);
    std::vector<T> v(values.begin(), values.end());
    ASSERT_OK_AND_ASSIGN(NpsState state, nps_state(v));
    EXPECT_EQ(state, expected);
    ASSERT_OK_AND_ASSIGN(NpsState from_span, nps_state(absl::Span<const T>(v)));
    EXPECT_EQ(from_span, expected);
  };
  check(int8_t{});
  check(int16_t{});
  check(int32_t{});
  check(int64_t{});
  check(uint8_t{});
  check(uint16_t{});
  check(uint32_t{});
  check(uint64_t{});
  check(double{});
  check(static_cast<long long>(0));
}

// ---------------------------------------------------------------- merge

TEST(Merge, RandomSplitsMergeToTheWholeExactly) {
  std::mt19937_64 rng(20261123);
  for (int round = 0; round < 50; ++round) {
    const size_t n = std::uniform_int_distribution<size_t>(0, 3000)(rng);
    std::vector<int8_t> nps(n), csat(n), ces(n);
    for (size_t i = 0; i < n; ++i) {
      nps[i] = static_cast<int8_t>(std::uniform_int_distribution<int>(0, 10)(rng));
      csat[i] = static_cast<int8_t>(std::uniform_int_distribution<int>(1, 5)(rng));
      ces[i] = static_cast<int8_t>(std::uniform_int_distribution<int>(1, 7)(rng));
    }
    // Up to 5 random cut points, parts merged in reverse order.
    std::vector<size_t> cuts = {0, n};
    const int extra = std::uniform_int_distribution<int>(1, 5)(rng);
    for (int k = 0; k < extra; ++k)
      cuts.push_back(std::uniform_int_distribution<size_t>(0, n)(rng));
    std::sort(cuts.begin(), cuts.end());
    NpsState nps_merged;
    CsatState csat_merged;
    CesState ces_merged;
    for (size_t k = cuts.size() - 1; k > 0; --k) {
      const size_t b = cuts[k - 1], e = cuts[k];
      ASSERT_OK_AND_ASSIGN(NpsState a, nps_state(absl::MakeConstSpan(nps).subspan(b, e - b)));
      ASSERT_OK_AND_ASSIGN(CsatState c, csat_state(absl::MakeConstSpan(csat).subspan(b, e - b)));
      ASSERT_OK_AND_ASSIGN(CesState d, ces_state(absl::MakeConstSpan(ces).subspan(b, e - b)));
      nps_merged.merge(a);
      csat_merged.merge(c);
      ces_merged.merge(d);
    }
    ASSERT_OK_AND_ASSIGN(NpsState nps_whole, nps_state(nps));
    ASSERT_OK_AND_ASSIGN(CsatState csat_whole, csat_state(csat));
    ASSERT_OK_AND_ASSIGN(CesState ces_whole, ces_state(ces));
    EXPECT_EQ(nps_merged.promoters, nps_whole.promoters);
    EXPECT_EQ(nps_merged.passives, nps_whole.passives);
    EXPECT_EQ(nps_merged.detractors, nps_whole.detractors);
    EXPECT_EQ(csat_merged, csat_whole);
    EXPECT_EQ(ces_merged, ces_whole);
    EXPECT_EQ(nps_whole.n(), static_cast<int64_t>(n));
    ExpectSameBits(nps_merged.score(), nps_whole.score());
    ExpectSameBits(csat_merged.score(), csat_whole.score());
    ExpectSameBits(ces_merged.score(), ces_whole.score());
  }
}

// -------------------------------------------------------------- grouped

TEST(Grouped, HandWorkedGroups) {
  // group 0: 10, 0 -> 1 promoter, 1 detractor; group 1: none; group 2: 8, 9.
  const std::vector<int8_t> scores = {10, 8, 0, 9};
  const std::vector<int32_t> groups = {0, 2, 0, 2};
  ASSERT_OK_AND_ASSIGN(std::vector<NpsState> states, nps_states_by_group(scores, groups));
  ASSERT_EQ(states.size(), 3u);
  EXPECT_EQ(states[0], (NpsState{1, 0, 1}));
  EXPECT_EQ(states[1], (NpsState{}));
  EXPECT_EQ(states[2], (NpsState{1, 1, 0}));
  ExpectEmpty(states[1].score());
}

TEST(Grouped, ResultEndsAtTheLargestGroupId) {
  // Ids 4 and 1: groups 0..4, the last one with the answer 3 (a detractor).
  ASSERT_OK_AND_ASSIGN(
      auto states, csat_states_by_group(std::vector<int8_t>{3, 5}, std::vector<uint16_t>{4, 1}));
  ASSERT_EQ(states.size(), 5u);
  EXPECT_EQ(states[1], (CsatState{1, 1}));
  EXPECT_EQ(states[4], (CsatState{0, 1}));
  EXPECT_EQ(states[0], (CsatState{}));
}

TEST(Grouped, EmptyInputGivesNoGroups) {
  ASSERT_OK_AND_ASSIGN(auto states,
                       nps_states_by_group(std::vector<int8_t>{}, std::vector<int32_t>{}));
  EXPECT_TRUE(states.empty());
}

template <typename G>
std::vector<size_t> RandomGroups(std::mt19937_64& rng, size_t n, size_t groups,
                                 std::vector<G>& out) {
  out.resize(n);
  std::vector<size_t> as_size(n);
  for (size_t i = 0; i < n; ++i) {
    as_size[i] = std::uniform_int_distribution<size_t>(0, groups - 1)(rng);
    out[i] = static_cast<G>(as_size[i]);
  }
  return as_size;
}

TEST(Grouped, EqualsUngroupedPerGroup) {
  std::mt19937_64 rng(7);
  const size_t n = 20000, k = 37;
  std::vector<uint8_t> nps(n), csat(n), ces(n);
  for (size_t i = 0; i < n; ++i) {
    nps[i] = static_cast<uint8_t>(std::uniform_int_distribution<int>(0, 10)(rng));
    csat[i] = static_cast<uint8_t>(std::uniform_int_distribution<int>(1, 5)(rng));
    ces[i] = static_cast<uint8_t>(std::uniform_int_distribution<int>(1, 7)(rng));
  }
  std::vector<int16_t> groups;
  const std::vector<size_t> g = RandomGroups(rng, n, k, groups);
  ASSERT_OK_AND_ASSIGN(auto nps_by, nps_states_by_group(nps, groups));
  ASSERT_OK_AND_ASSIGN(auto csat_by, csat_states_by_group(csat, groups));
  ASSERT_OK_AND_ASSIGN(auto ces_by, ces_states_by_group(ces, groups));
  ASSERT_EQ(nps_by.size(), k);
  ASSERT_EQ(csat_by.size(), k);
  ASSERT_EQ(ces_by.size(), k);
  for (size_t group = 0; group < k; ++group) {
    std::vector<uint8_t> a, b, c;
    for (size_t i = 0; i < n; ++i) {
      if (g[i] != group) continue;
      a.push_back(nps[i]);
      b.push_back(csat[i]);
      c.push_back(ces[i]);
    }
    ASSERT_OK_AND_ASSIGN(NpsState x, nps_state(a));
    ASSERT_OK_AND_ASSIGN(CsatState y, csat_state(b));
    ASSERT_OK_AND_ASSIGN(CesState z, ces_state(c));
    EXPECT_EQ(nps_by[group], x) << "group " << group;
    EXPECT_EQ(csat_by[group], y) << "group " << group;
    EXPECT_EQ(ces_by[group], z) << "group " << group;
  }
}

TEST(Grouped, ThreadsEqualOneThread) {
  std::mt19937_64 rng(11);
  const size_t n = 300001;
  std::vector<int8_t> scores(n);
  for (auto& s : scores) s = static_cast<int8_t>(std::uniform_int_distribution<int>(0, 10)(rng));
  std::vector<uint32_t> groups;
  RandomGroups(rng, n, 1000, groups);
  groups[n - 1] = 1500;  // the largest id only in the last part
  ASSERT_OK_AND_ASSIGN(auto one, nps_states_by_group(scores, groups, 1));
  ASSERT_EQ(one.size(), 1501u);
  for (int threads : {2, 3, 8}) {
    ASSERT_OK_AND_ASSIGN(auto many, nps_states_by_group(scores, groups, threads));
    EXPECT_EQ(many, one) << threads << " threads";
  }
  std::vector<int8_t> ces(n);
  for (auto& s : ces) s = static_cast<int8_t>(std::uniform_int_distribution<int>(1, 7)(rng));
  ASSERT_OK_AND_ASSIGN(auto ces_one, ces_states_by_group(ces, groups, 1));
  ASSERT_OK_AND_ASSIGN(auto ces_two, ces_states_by_group(ces, groups, 2));
  EXPECT_EQ(ces_one, ces_two);
}

TEST(Grouped, ThreadsReportTheFirstBadRow) {
  const size_t n = 300000;
  std::vector<int8_t> scores(n, 9);
  std::vector<int64_t> groups(n, 0);
  scores[250000] = 11;  // in the last part of 2 or 3
  groups[200000] = -1;  // earlier, in another part
  for (int threads : {1, 2, 3}) {
    const auto states = nps_states_by_group(scores, groups, threads);
    ASSERT_FALSE(states.ok());
    EXPECT_EQ(states.status().message(),
              "groups[200000]: -1 is negative (group ids are 0, 1, 2, ...)")
        << threads << " threads";
  }
}

TEST(Grouped, Errors) {
  const std::vector<int8_t> scores = {9, 9, 12};
  auto states = nps_states_by_group(scores, std::vector<int32_t>{0, -4, 0});
  ASSERT_FALSE(states.ok());
  EXPECT_EQ(states.status().message(), "groups[1]: -4 is negative (group ids are 0, 1, 2, ...)");

  // A bad group id is named before a bad answer on the same row.
  states = nps_states_by_group(scores, std::vector<int8_t>{0, 0, -1});
  EXPECT_EQ(states.status().message(), "groups[2]: -1 is negative (group ids are 0, 1, 2, ...)");
  states = nps_states_by_group(scores, std::vector<int8_t>{0, 0, 1});
  EXPECT_EQ(states.status().message(), "scores[2]: 12 is outside the NPS scale 0-10");

  states = nps_states_by_group(std::vector<int8_t>{9}, std::vector<uint64_t>{uint64_t{1} << 40});
  EXPECT_EQ(states.status().message(),
            "groups[0]: 1099511627776 is above the largest group id 2147483646");

  states = nps_states_by_group(scores, std::vector<int32_t>{0, 0});
  EXPECT_EQ(states.status().message(), "groups: has 2 rows but scores has 3");

  states = nps_states_by_group(std::vector<int8_t>{9}, std::vector<int32_t>{0}, 0);
  EXPECT_EQ(states.status().message(), "threads: must be at least 1, got 0");

  const double raw_groups[1] = {0.0};
  states =
      nps_states_by_group(std::vector<int8_t>{9}, GroupArray(raw_groups, 1, ElementType::kFloat64));
  EXPECT_EQ(states.status().message(), "groups: group ids must be an integer array");
}

// ------------------------------------------------------------- SERVQUAL

// Two respondents, worked by hand:
//   respondent 0: E = 5 on every item; P = 4 on Tangibles (items 1-4), 6 elsewhere
//     -> gaps -1 on items 1-4, +1 on items 5-22;
//   respondent 1: E = 7 everywhere; P = 5 on Empathy (items 18-22), 7 elsewhere
//     -> gaps -2 on items 18-22, 0 elsewhere.
// Dimension gaps (sum of item gaps / (2 respondents x items)):
//   Tangibles      (4 items): (-4 + 0) / 8  = -0.5
//   Reliability    (5 items): (5 + 0) / 10  =  0.5
//   Responsiveness (4 items): (4 + 0) / 8   =  0.5
//   Assurance      (4 items): (4 + 0) / 8   =  0.5
//   Empathy        (5 items): (5 - 10) / 10 = -0.5
// Overall: (-0.5 + 0.5 + 0.5 + 0.5 - 0.5) / 5 = 0.1.
// Weights (3, 1, 0, 0, 0) -> (.75, .25, 0, 0, 0): .75 x -0.5 + .25 x 0.5 = -0.25.
struct ServqualData {
  std::vector<int8_t> e, p;
};
ServqualData TwoRespondents() {
  ServqualData d;
  for (int item = 1; item <= 22; ++item) {
    d.e.push_back(5);
    d.p.push_back(item <= 4 ? 4 : 6);
  }
  for (int item = 1; item <= 22; ++item) {
    d.e.push_back(7);
    d.p.push_back(item >= 18 ? 5 : 7);
  }
  return d;
}

TEST(Servqual, HandWorkedTwoRespondents) {
  const ServqualData d = TwoRespondents();
  ASSERT_OK_AND_ASSIGN(ServqualState state, servqual_state(d.e, d.p));
  EXPECT_EQ(state.n, 2);
  EXPECT_EQ(state.gap_sum[0], -1);   // item 1: -1 + 0
  EXPECT_EQ(state.gap_sum[4], 1);    // item 5: +1 + 0
  EXPECT_EQ(state.gap_sum[21], -1);  // item 22: +1 - 2
  const ServqualScore s = state.score();
  EXPECT_EQ(s.n, 2);
  EXPECT_NEAR(s.dimension_gaps[0], -0.5, kEps);
  EXPECT_NEAR(s.dimension_gaps[1], 0.5, kEps);
  EXPECT_NEAR(s.dimension_gaps[2], 0.5, kEps);
  EXPECT_NEAR(s.dimension_gaps[3], 0.5, kEps);
  EXPECT_NEAR(s.dimension_gaps[4], -0.5, kEps);
  EXPECT_NEAR(s.overall, 0.1, kEps);
  EXPECT_NEAR(s.weighted, 0.1, kEps);
  ASSERT_OK_AND_ASSIGN(ServqualScore w, state.score({3, 1, 0, 0, 0}));
  EXPECT_NEAR(w.weighted, -0.25, kEps);
  EXPECT_NEAR(w.overall, 0.1, kEps);
}

TEST(Servqual, MergeOfRespondentsEqualsTheWhole) {
  const ServqualData d = TwoRespondents();
  ASSERT_OK_AND_ASSIGN(ServqualState whole, servqual_state(d.e, d.p));
  ASSERT_OK_AND_ASSIGN(ServqualState first,
                       servqual_state(absl::MakeConstSpan(d.e).subspan(0, 22),
                                      absl::MakeConstSpan(d.p).subspan(0, 22)));
  ASSERT_OK_AND_ASSIGN(ServqualState second,
                       servqual_state(absl::MakeConstSpan(d.e).subspan(22, 22),
                                      absl::MakeConstSpan(d.p).subspan(22, 22)));
  second.merge(first);
  EXPECT_EQ(second, whole);
}

TEST(Servqual, EmptyInputIsNaN) {
  ASSERT_OK_AND_ASSIGN(ServqualState state,
                       servqual_state(std::vector<int8_t>{}, std::vector<int8_t>{}));
  const ServqualScore s = state.score();
  EXPECT_EQ(s.n, 0);
  EXPECT_TRUE(std::isnan(s.dimension_gaps[2]));
  EXPECT_TRUE(std::isnan(s.overall));
  EXPECT_TRUE(std::isnan(s.weighted));
}

TEST(Servqual, Errors) {
  ServqualData d = TwoRespondents();
  d.p[22 + 7] = 8;  // respondent 1, item index 7
  auto state = servqual_state(d.e, d.p);
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.status().message(), "perceptions[1][7]: 8 is outside the SERVQUAL scale 1-7");
  d.e[22 + 9] = 0;  // later than the perception error: the perception is named
  state = servqual_state(d.e, d.p);
  EXPECT_EQ(state.status().message(), "perceptions[1][7]: 8 is outside the SERVQUAL scale 1-7");
  d.e[3] = 0;  // earlier: the expectation is named
  state = servqual_state(d.e, d.p);
  EXPECT_EQ(state.status().message(), "expectations[0][3]: 0 is outside the SERVQUAL scale 1-7");

  state = servqual_state(std::vector<int8_t>(21, 4), std::vector<int8_t>(21, 4));
  EXPECT_THAT(state.status().message(), HasSubstr("expectations: 21 values are not whole rows"));
  state = servqual_state(std::vector<int8_t>(22, 4), std::vector<int8_t>(44, 4));
  EXPECT_EQ(state.status().message(), "perceptions: has 44 values but expectations has 22");

  const ServqualState good = *servqual_state(TwoRespondents().e, TwoRespondents().p);
  auto scored = good.score({1, 1, -0.5, 1, 1});
  ASSERT_FALSE(scored.ok());
  EXPECT_EQ(scored.status().message(), "weights[2]: -0.5 is negative");
  scored = good.score({0, 0, 0, 0, 0});
  EXPECT_THAT(scored.status().message(), HasSubstr("weights: all five are 0"));
  scored = good.score({1, std::numeric_limits<double>::infinity(), 1, 1, 1});
  EXPECT_EQ(scored.status().message(), "weights[1]: inf is not finite");
}

}  // namespace
}  // namespace postventa
