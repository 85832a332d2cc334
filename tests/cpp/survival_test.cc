// Tests of survival and repair analysis (SPEC §8 "Reliability"): hand-worked
// examples, published worked examples, and reference values computed with
// lifelines 0.30.3 and reliability 0.9.0 (the calls are named next to them).
#include "postventa/survival.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_macros.h"

namespace postventa {
namespace {

using ::testing::HasSubstr;

constexpr double kZ975 = 1.959963984540054;  // Phi^-1(0.975)
constexpr double kZ95 = 1.6448536269514722;  // Phi^-1(0.95)

// |actual - expected| <= 1e-9 relative (1e-15 absolute near 0).
void ExpectClose(double actual, double expected, const char* what) {
  EXPECT_NEAR(actual, expected, 1e-9 * std::abs(expected) + 1e-15) << what;
}

struct KmExpected {
  double time, survival, lower, upper;
};

void ExpectKm(const std::vector<KaplanMeierRow>& rows, const std::vector<KmExpected>& expected) {
  ASSERT_EQ(rows.size(), expected.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(testing::Message() << "row " << i << " time " << expected[i].time);
    EXPECT_EQ(rows[i].time, expected[i].time);
    ExpectClose(rows[i].survival, expected[i].survival, "survival");
    ExpectClose(rows[i].lower, expected[i].lower, "lower");
    ExpectClose(rows[i].upper, expected[i].upper, "upper");
  }
}

// log-log bounds of S with Greenwood sum V (SPEC §8; lifelines' _bounds):
// exp(-exp(ln(-ln S) -+ z sqrt(V) / ln S)) = S^exp(-+z sqrt(V) / ln S).
double LogLogBound(double s, double v, double z) {
  return std::pow(s, std::exp(z * std::sqrt(v) / std::log(s)));
}

TEST(KaplanMeier, HandWorkedWithTiesBetweenFailureAndCensoring) {
  // durations 1 2 2+ 3 4+ 5 (+ = censored); the censoring at 2 counts at risk at 2.
  //  t  n  d  c   S                       Greenwood V
  //  0  6  0  0   1                       0
  //  1  6  1  0   5/6                     1/(6*5)            = 1/30
  //  2  5  1  1   5/6*4/5 = 2/3           1/30 + 1/(5*4)     = 1/12
  //  3  3  1  0   2/3*2/3 = 4/9           1/12 + 1/(3*2)     = 1/4
  //  4  2  0  1   4/9                     1/4
  //  5  1  1  0   0 (bounds 0)            n == d adds 0
  ASSERT_OK_AND_ASSIGN(auto rows, kaplan_meier({1, 2, 2, 3, 4, 5}, {1, 1, 0, 1, 0, 1}));
  // Lower bound = S^exp(-z sqrt(V)/ln S), upper = S^exp(z sqrt(V)/ln S):
  const double lo1 = LogLogBound(5.0 / 6, 1.0 / 30, -kZ975);
  const double hi1 = LogLogBound(5.0 / 6, 1.0 / 30, kZ975);
  const double lo3 = LogLogBound(4.0 / 9, 1.0 / 4, -kZ975);
  const double hi3 = LogLogBound(4.0 / 9, 1.0 / 4, kZ975);
  ExpectKm(rows, {{0, 1, 1, 1},
                  {1, 5.0 / 6, lo1, hi1},
                  {2, 2.0 / 3, LogLogBound(2.0 / 3, 1.0 / 12, -kZ975),
                   LogLogBound(2.0 / 3, 1.0 / 12, kZ975)},
                  {3, 4.0 / 9, lo3, hi3},
                  {4, 4.0 / 9, lo3, hi3},
                  {5, 0, 0, 0}});
  // The same, from lifelines: KaplanMeierFitter(alpha=0.05).fit([1,2,2,3,4,5],
  // [1,1,0,1,0,1]).confidence_interval_ — checks the bound formula itself.
  EXPECT_NEAR(rows[1].lower, 0.27312284992835606, 1e-12);
  EXPECT_NEAR(rows[1].upper, 0.9747124266908934, 1e-12);
  EXPECT_NEAR(rows[3].lower, 0.06618675314641247, 1e-12);
  EXPECT_NEAR(rows[3].upper, 0.7849083671479584, 1e-12);
  // Risk set bookkeeping.
  EXPECT_EQ(rows[2].at_risk, 5);
  EXPECT_EQ(rows[2].events, 1);
  EXPECT_EQ(rows[2].censored, 1);
  EXPECT_EQ(rows[4].at_risk, 2);
  EXPECT_EQ(rows[5].at_risk, 1);
}

// Freireich et al. (1963) leukaemia remission data, 6-MP arm (weeks; the textbook
// example of Kleinbaum & Klein, "Survival Analysis", ch. 2, and Stata's `sts list`):
// S(6) = 0.857, S(7) = 0.807, S(10) = 0.753, S(13) = 0.690, S(16) = 0.627,
// S(22) = 0.538, S(23) = 0.448; 95 % log-log interval at 6: 0.620-0.952.
const std::vector<double> kSixMp = {6,  6,  6,  6,  7,  9,  10, 10, 11, 13, 16,
                                    17, 19, 20, 22, 23, 25, 32, 32, 34, 35};
const std::vector<uint8_t> kSixMpObserved = {1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1,
                                             0, 0, 0, 1, 1, 0, 0, 0, 0, 0};
const std::vector<double> kPlacebo = {1, 1, 2,  2,  3,  4,  4,  5,  5,  8, 8,
                                      8, 8, 11, 11, 12, 12, 15, 17, 22, 23};

TEST(KaplanMeier, FreireichSixMpMatchesPublishedAndLifelines) {
  ASSERT_OK_AND_ASSIGN(auto rows, kaplan_meier(kSixMp, kSixMpObserved));
  // Published (3 decimals): S at 6 = 18/21, at 7 = 18/21 * 16/17 ...
  EXPECT_NEAR(rows[1].survival, 0.857, 5e-4);
  EXPECT_NEAR(rows[2].survival, 0.807, 5e-4);
  EXPECT_NEAR(rows[4].survival, 0.753, 5e-4);
  EXPECT_NEAR(rows[6].survival, 0.690, 5e-4);
  EXPECT_NEAR(rows[7].survival, 0.627, 5e-4);
  EXPECT_NEAR(rows[11].survival, 0.538, 5e-4);
  EXPECT_NEAR(rows[12].survival, 0.448, 5e-4);
  EXPECT_NEAR(rows[1].lower, 0.620, 5e-4);
  EXPECT_NEAR(rows[1].upper, 0.952, 5e-4);
  // lifelines: KaplanMeierFitter(alpha=0.05).fit(kSixMp, kSixMpObserved)
  // .survival_function_ and .confidence_interval_
  ExpectKm(rows, {{0.0, 1.0, 1.0, 1.0},
                  {6.0, 0.857142857142857, 0.6197179552659838, 0.9515517476469969},
                  {7.0, 0.8067226890756299, 0.5631465646222333, 0.9228090192028802},
                  {9.0, 0.8067226890756299, 0.5631465646222333, 0.9228090192028802},
                  {10.0, 0.7529411764705878, 0.5031995107999564, 0.8893618351692651},
                  {11.0, 0.7529411764705878, 0.5031995107999564, 0.8893618351692651},
                  {13.0, 0.6901960784313722, 0.4316102224861839, 0.8490659633494505},
                  {16.0, 0.6274509803921566, 0.36751085598750194, 0.8049121894718411},
                  {17.0, 0.6274509803921566, 0.36751085598750194, 0.8049121894718411},
                  {19.0, 0.6274509803921566, 0.36751085598750194, 0.8049121894718411},
                  {20.0, 0.6274509803921566, 0.36751085598750194, 0.8049121894718411},
                  {22.0, 0.5378151260504199, 0.26777893676713493, 0.7467907176353943},
                  {23.0, 0.44817927170868327, 0.18805200595923233, 0.6801426284952412},
                  {25.0, 0.44817927170868327, 0.18805200595923233, 0.6801426284952412},
                  {32.0, 0.44817927170868327, 0.18805200595923233, 0.6801426284952412},
                  {34.0, 0.44817927170868327, 0.18805200595923233, 0.6801426284952412},
                  {35.0, 0.44817927170868327, 0.18805200595923233, 0.6801426284952412}});
  EXPECT_EQ(rows[1].at_risk, 21);
  EXPECT_EQ(rows[1].events, 3);
  EXPECT_EQ(rows[1].censored, 1);
}

TEST(KaplanMeier, OtherConfidenceLevel) {
  // lifelines: KaplanMeierFitter(alpha=0.10).fit(kSixMp, kSixMpObserved)
  // .confidence_interval_ rows 1-2.
  ASSERT_OK_AND_ASSIGN(auto rows, kaplan_meier(kSixMp, kSixMpObserved, 0.90));
  ExpectClose(rows[1].lower, 0.6711067805921728, "lower 6");
  ExpectClose(rows[1].upper, 0.9421594057201212, "upper 6");
  ExpectClose(rows[2].lower, 0.6124785439855792, "lower 7");
  ExpectClose(rows[2].upper, 0.9101978328466832, "upper 7");
}

TEST(KaplanMeier, DurationZeroIsTheFirstRow) {
  // A failure at 0: the table starts at 0 with it (no extra row), S(0) = 2/3.
  ASSERT_OK_AND_ASSIGN(auto rows, kaplan_meier({0, 1, 2}, {1, 0, 1}));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].time, 0);
  ExpectClose(rows[0].survival, 2.0 / 3, "S(0)");
  ExpectClose(rows[2].survival, 0, "S(2)");
}

TEST(KaplanMeier, AllCensoredKeepsSurvivalOne) {
  ASSERT_OK_AND_ASSIGN(auto rows, kaplan_meier({3, 1, 2}, {0, 0, 0}));
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.survival, 1);
    EXPECT_EQ(row.lower, 1);
    EXPECT_EQ(row.upper, 1);
  }
}

// The definition evaluated directly (O(n^2)), against the sorted single pass,
// on data with many ties between failures and censorings.
TEST(KaplanMeier, MatchesTheDefinitionOnRandomTiedData) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> day(0, 60);
  std::bernoulli_distribution failed(0.4);
  std::vector<double> d(500);
  std::vector<uint8_t> e(500);
  for (size_t i = 0; i < d.size(); ++i) {
    d[i] = day(rng);
    e[i] = failed(rng);
  }
  ASSERT_OK_AND_ASSIGN(auto rows, kaplan_meier(d, e));
  for (const auto& row : rows) {
    double s = 1, v = 0;
    for (int u = 0; u <= row.time; ++u) {
      double n = 0, deaths = 0;
      for (size_t i = 0; i < d.size(); ++i) {
        n += d[i] >= u;
        deaths += d[i] == u && e[i];
      }
      if (deaths > 0 && n > deaths) {
        s *= 1 - deaths / n;
        v += deaths / (n * (n - deaths));
      } else if (deaths > 0) {
        s = 0;
      }
    }
    ExpectClose(row.survival, s, "survival");
    if (s > 0 && s < 1) {
      ExpectClose(row.lower, LogLogBound(s, v, -kZ975), "lower");
      ExpectClose(row.upper, LogLogBound(s, v, kZ975), "upper");
    }
  }
}

TEST(KaplanMeier, EveryDurationZeroOrMinusZero) {
  // -0 is time 0 (a non-negative time): one row at 0 with n = 4, d = 1, c = 3,
  // S = 3/4 (the table starts at the first duration, which is 0).
  ASSERT_OK_AND_ASSIGN(auto rows, kaplan_meier({0.0, -0.0, 0.0, -0.0}, {0, 1, 0, 0}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].time, 0);
  EXPECT_FALSE(std::signbit(rows[0].time));
  EXPECT_EQ(rows[0].at_risk, 4);
  EXPECT_EQ(rows[0].events, 1);
  EXPECT_EQ(rows[0].censored, 3);
  ExpectClose(rows[0].survival, 0.75, "S(0)");
}

TEST(KaplanMeier, TimesOfEveryMagnitudeKeepTheirOrder) {
  // Subnormal, tiny, fractional, huge: sorted by value; 1e300 fails last, so
  // S: 1, then 4/5 at 5e-324 (n = 5), 4/5 at 1e-300 (censored), 4/5 * 2/3 at
  // 0.1 (n = 3), 8/15 at 3 (censored), 0 at 1e300 (n = 1, d = 1).
  ASSERT_OK_AND_ASSIGN(auto rows, kaplan_meier({3, 1e300, 0.1, 5e-324, 1e-300}, {0, 1, 1, 1, 0}));
  ASSERT_EQ(rows.size(), 6u);
  const double times[] = {0, 5e-324, 1e-300, 0.1, 3, 1e300};
  const double survival[] = {1, 0.8, 0.8, 8.0 / 15, 8.0 / 15, 0};
  const int64_t at_risk[] = {5, 5, 4, 3, 2, 1};
  for (size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(rows[i].time, times[i]);
    ExpectClose(rows[i].survival, survival[i], "survival");
    EXPECT_EQ(rows[i].at_risk, at_risk[i]);
  }
  EXPECT_EQ(rows[5].lower, 0);
  EXPECT_EQ(rows[5].upper, 0);
}

// Many continuous times (the large-table path: 8-bit sort passes, bounds
// computed in two halves), against the product and Greenwood sums formed here
// from the table's own counts, and the counts against a plain std::sort.
TEST(KaplanMeier, ManyContinuousTimesMatchTheDefinition) {
  std::mt19937_64 rng(11);
  std::weibull_distribution<double> life(1.5, 1000.0);
  std::uniform_real_distribution<double> age(0, 2000);
  const size_t n = 600000;
  std::vector<double> d(n);
  std::vector<uint8_t> e(n);
  for (size_t i = 0; i < n; ++i) {
    const double fail = life(rng), seen = age(rng);
    d[i] = std::min(fail, seen);
    e[i] = fail < seen;
    if (i % 1000 == 0) d[i] = d[i / 2];  // some ties, failures with censorings
  }
  ASSERT_OK_AND_ASSIGN(auto rows, kaplan_meier(d, e));
  std::vector<std::pair<double, int>> sorted(n);
  for (size_t i = 0; i < n; ++i) sorted[i] = {d[i], e[i] ? 0 : 1};
  std::sort(sorted.begin(), sorted.end());
  ASSERT_EQ(rows[0].time, 0);  // no duration is 0: the extra first row
  size_t i = 0, row = 1;
  double s = 1, v = 0;
  int64_t at_risk = static_cast<int64_t>(n);
  while (i < n) {
    int64_t deaths = 0, censored = 0;
    const double t = sorted[i].first;
    for (; i < n && sorted[i].first == t; ++i) (sorted[i].second == 0 ? deaths : censored)++;
    ASSERT_LT(row, rows.size());
    const KaplanMeierRow& r = rows[row++];
    ASSERT_EQ(r.time, t);
    ASSERT_EQ(r.at_risk, at_risk);
    ASSERT_EQ(r.events, deaths);
    ASSERT_EQ(r.censored, censored);
    if (deaths > 0) {
      const double nn = static_cast<double>(at_risk), dd = static_cast<double>(deaths);
      s *= 1 - dd / nn;
      v += dd / (nn * (nn - dd));
    }
    at_risk -= deaths + censored;
    // Relative 1e-9 (the sums run over up to 600 000 terms).
    ASSERT_NEAR(r.survival, s, 1e-9 * s) << "t=" << t;
    if (s < 1) {
      ASSERT_NEAR(r.lower, LogLogBound(s, v, -kZ975), 1e-9 * r.lower) << "t=" << t;
      ASSERT_NEAR(r.upper, LogLogBound(s, v, kZ975), 1e-9 * r.upper) << "t=" << t;
    }
  }
  EXPECT_EQ(row, rows.size());
}

TEST(KaplanMeier, RejectsBadInput) {
  auto bad = kaplan_meier({1, 2, 3, -1}, {1, 1, 1, 1});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(),
              HasSubstr("durations[3]: -1 is not a non-negative finite time"));
  EXPECT_THAT(kaplan_meier({1, NAN}, {1, 1}).status().message(), HasSubstr("durations[1]: nan"));
  EXPECT_THAT(kaplan_meier({1, 2}, {1, 2}).status().message(),
              HasSubstr("observed[1]: 2 is not 0 (censored) or 1 (failure)"));
  EXPECT_THAT(kaplan_meier({1, 2}, {1}).status().message(),
              HasSubstr("observed: 1 values for 2 durations"));
  EXPECT_THAT(kaplan_meier({}, {}).status().message(), HasSubstr("durations: no durations"));
  EXPECT_THAT(kaplan_meier({1}, {1}, 1.0).status().message(), HasSubstr("ci: must be in (0, 1)"));
}

TEST(LogRank, FreireichSixMpAgainstPlacebo) {
  // Published: log-rank chi2 = 16.79 (Kleinbaum & Klein, ch. 2), p < 0.0001.
  // lifelines: logrank_test(kSixMp, kPlacebo, kSixMpObserved, [1]*21)
  //   .test_statistic = 16.792940989216547, .p_value = 4.168809109334511e-05
  const std::vector<uint8_t> all(21, 1);
  ASSERT_OK_AND_ASSIGN(LogRank r, logrank(kSixMp, kSixMpObserved, kPlacebo, all));
  EXPECT_NEAR(r.chi2, 16.79, 5e-3);
  ExpectClose(r.chi2, 16.792940989216547, "chi2");
  ExpectClose(r.p_value, 4.168809109334511e-05, "p");
  // Symmetric in the groups.
  ASSERT_OK_AND_ASSIGN(LogRank swapped, logrank(kPlacebo, all, kSixMp, kSixMpObserved));
  ExpectClose(swapped.chi2, r.chi2, "swapped chi2");
}

TEST(LogRank, HandWorked) {
  // a = 1 2 2+ 3 4+ 5, b = 2 3+ 3 6. Distinct failure times (n_a, n_b, d_a, d_b):
  //  t=1: (6,4,1,0) n=10 d=1: E_a = 6/10,    V = 6*4*1*9/(100*9)    = 0.24
  //  t=2: (5,4,1,1) n=9  d=2: E_a = 10/9,    V = 5*4*2*7/(81*8)     = 280/648
  //  t=3: (3,3,1,1) n=6  d=2: E_a = 1,       V = 3*3*2*4/(36*5)     = 0.4
  //  t=5: (1,1,1,0) n=2  d=1: E_a = 1/2,     V = 1*1*1*1/(4*1)      = 0.25
  // O_a = 4; O - E = 4 - (0.6 + 10/9 + 1 + 0.5) = 0.788888...
  // chi2 = 0.78889^2 / (0.24 + 0.432099 + 0.4 + 0.25) = 0.470725557941918
  // lifelines: logrank_test([1,2,2,3,4,5],[2,3,3,6],[1,1,0,1,0,1],[1,0,1,1])
  //   .test_statistic = 0.4707255579419179, .p_value = 0.4926535672276676
  ASSERT_OK_AND_ASSIGN(LogRank r,
                       logrank({1, 2, 2, 3, 4, 5}, {1, 1, 0, 1, 0, 1}, {2, 3, 3, 6}, {1, 0, 1, 1}));
  const double diff = 4 - (0.6 + 10.0 / 9 + 1 + 0.5);
  const double var = 0.24 + 280.0 / 648 + 0.4 + 0.25;
  ExpectClose(r.chi2, diff * diff / var, "chi2 by hand");
  ExpectClose(r.chi2, 0.4707255579419179, "chi2 lifelines");
  ExpectClose(r.p_value, 0.4926535672276676, "p lifelines");
  // p for 1 df is erfc(sqrt(chi2 / 2)).
  ExpectClose(r.p_value, std::erfc(std::sqrt(r.chi2 / 2)), "p = erfc");
}

TEST(LogRank, NoFailuresGivesNoEvidence) {
  ASSERT_OK_AND_ASSIGN(LogRank r, logrank({1, 2}, {0, 0}, {3}, {0}));
  EXPECT_EQ(r.chi2, 0);
  EXPECT_EQ(r.p_value, 1);
}

TEST(LogRank, RejectsBadInput) {
  EXPECT_THAT(logrank({1}, {1}, {}, {}).status().message(), HasSubstr("durations_b: no durations"));
  EXPECT_THAT(logrank({1}, {3}, {1}, {1}).status().message(),
              HasSubstr("observed_a[0]: 3 is not 0"));
  EXPECT_THAT(logrank({1}, {1}, {1, -2}, {1, 1}).status().message(),
              HasSubstr("durations_b[1]: -2 is not a non-negative finite time"));
}

// A: repairs at 2 and 5, observed to 10; B: none, to 6; C: none, to 4.
const std::vector<RepairableSystem> kThreeSystems = {{{5, 2}, 10}, {{}, 6}, {{}, 4}};

TEST(Mcf, HandWorkedLawlessNadeau) {
  // t=2: r=3, d=1: mcf = 1/3. u_A = (1-1/3)/3 = 2/9, u_B = u_C = -1/9;
  //      V = 4/81 + 1/81 + 1/81 = 2/27.
  // t=5: C has left (end 4 < 5): r=2, d=1: mcf = 1/3 + 1/2 = 5/6.
  //      u_A = 2/9 + (1-1/2)/2 = 17/36, u_B = -1/9 - 1/4 = -13/36, u_C stays -4/36;
  //      V = (289 + 169 + 16) / 1296 = 79/216.
  // Bounds: mcf exp(-+z sqrt(V)/mcf) with z = Phi^-1(0.95) (reliability's convention).
  ASSERT_OK_AND_ASSIGN(auto rows, mcf(kThreeSystems));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].time, 2);
  ExpectClose(rows[0].mcf, 1.0 / 3, "mcf 2");
  ExpectClose(rows[0].variance, 2.0 / 27, "var 2");
  const double f0 = std::exp(kZ95 * std::sqrt(2.0 / 27) / (1.0 / 3));
  ExpectClose(rows[0].lower, (1.0 / 3) / f0, "lower 2");
  ExpectClose(rows[0].upper, (1.0 / 3) * f0, "upper 2");
  EXPECT_EQ(rows[1].time, 5);
  ExpectClose(rows[1].mcf, 5.0 / 6, "mcf 5");
  ExpectClose(rows[1].variance, 79.0 / 216, "var 5");
}

TEST(Mcf, HandWorkedPoissonAndNelson) {
  // Poisson: 1/9, then 1/9 + 1/4 = 13/36.
  // Nelson: (1/r^2)(sum n_ij^2 - d^2/r): (1 - 1/3)/9 = 2/27, then + (1 - 1/2)/4 = 1/8
  //         -> 2/27 + 1/8 = 43/216 (smaller than Lawless-Nadeau's 79/216: A's two
  //         repairs above the mean are positively correlated, which Nelson's form ignores).
  ASSERT_OK_AND_ASSIGN(auto poisson, mcf(kThreeSystems, McfVariance::kPoisson));
  ExpectClose(poisson[0].variance, 1.0 / 9, "poisson 2");
  ExpectClose(poisson[1].variance, 13.0 / 36, "poisson 5");
  ASSERT_OK_AND_ASSIGN(auto nelson, mcf(kThreeSystems, McfVariance::kNelson));
  ExpectClose(nelson[0].variance, 2.0 / 27, "nelson 2");
  ExpectClose(nelson[1].variance, 43.0 / 216, "nelson 5");
  ExpectClose(nelson[1].mcf, 5.0 / 6, "same mcf");
}

TEST(Mcf, TiedEventsAreSummedAndEventAtEndCounts) {
  // Two systems, both repaired at 3; B's observation ends at 3 and it is at risk then.
  // r=2, d=2: mcf = 1. Every system at risk had exactly the mean, so the Nelson and
  // Lawless-Nadeau variances are 0; Poisson 2/4. Bounds collapse on the mcf.
  const std::vector<RepairableSystem> systems = {{{3}, 9}, {{3}, 3}};
  ASSERT_OK_AND_ASSIGN(auto rows, mcf(systems));
  ASSERT_EQ(rows.size(), 1u);
  ExpectClose(rows[0].mcf, 1, "mcf");
  EXPECT_NEAR(rows[0].variance, 0, 1e-15);
  ExpectClose(rows[0].lower, 1, "lower");
  ASSERT_OK_AND_ASSIGN(auto poisson, mcf(systems, McfVariance::kPoisson));
  ExpectClose(poisson[0].variance, 0.5, "poisson");
  // The same system twice at one time: r=1, d=2 -> mcf 2.
  ASSERT_OK_AND_ASSIGN(auto twice, mcf(std::vector<RepairableSystem>{{{4, 4}, 5}}));
  ASSERT_EQ(twice.size(), 1u);
  ExpectClose(twice[0].mcf, 2, "twice");
}

// Random systems with continuous times (no ties) drawn with numpy
// (default_rng(6)); reference: reliability.Repairable_systems.MCF_nonparametric(
// data=[events + [end] for each system], CI=0.95) -> .time .MCF .variance .lower .upper.
const std::vector<RepairableSystem> kRandomSystems = {
    {{11.354, 11.521}, 30.763}, {{25.151}, 39.749},        {{1.732, 4.118, 22.768}, 33.486},
    {{0.329}, 37.004},          {{1.903, 31.075}, 39.575}, {{10.444, 15.153, 20.523}, 24.149}};

TEST(Mcf, NelsonVarianceMatchesTheReliabilityPackage) {
  const std::vector<std::vector<double>> expected = {
      {0.329, 0.16666666666666666, 0.02314814814814815, 0.03713116897374701, 0.7480986606540074},
      {1.732, 0.3333333333333333, 0.0462962962962963, 0.11528352623097367, 0.9638073603725218},
      {1.903, 0.5, 0.06944444444444445, 0.21012321959757682, 1.189778076305866},
      {4.118, 0.6666666666666666, 0.0925925925925926, 0.3146687950793003, 1.4124198248906095},
      {10.444, 0.8333333333333333, 0.11574074074074076, 0.4257809622529732, 1.6309898891906014},
      {11.354, 0.9999999999999999, 0.1388888888888889, 0.5417228507430216, 1.845962374724289},
      {11.521, 1.1666666666666665, 0.16203703703703703, 0.6614123942246084, 2.0578857048888204},
      {15.153, 1.3333333333333333, 0.18518518518518517, 0.784120828209441, 2.26722427694897},
      {20.523, 1.5, 0.20833333333333331, 0.9093293661002962, 2.4743509710340006},
      {22.768, 1.6666666666666667, 0.23148148148148145, 1.0366530284671327, 2.679563654856817},
      {25.151, 1.8666666666666667, 0.2634814814814815, 1.1874937491197461, 2.934284451625417},
      {31.075, 2.1166666666666667, 0.3103564814814815, 1.3728995596939768, 3.2633689377658803}};
  ASSERT_OK_AND_ASSIGN(auto rows, mcf(kRandomSystems, McfVariance::kNelson));
  ASSERT_EQ(rows.size(), expected.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(rows[i].time, expected[i][0]);
    ExpectClose(rows[i].mcf, expected[i][1], "mcf");
    ExpectClose(rows[i].variance, expected[i][2], "variance");
    ExpectClose(rows[i].lower, expected[i][3], "lower");
    ExpectClose(rows[i].upper, expected[i][4], "upper");
  }
}

TEST(Mcf, LawlessNadeauMatchesBruteForceOnTheSameData) {
  // Computed independently in Python by the definition: for each distinct time,
  // u_i += (n_ij - d/r)/r for every system at risk; V = sum u_i^2.
  const std::vector<double> expected = {
      0.02314814814814815, 0.037037037037037035, 0.04166666666666667, 0.09259259259259259,
      0.07870370370370373, 0.055555555555555566, 0.07870370370370373, 0.09259259259259262,
      0.15277777777777782, 0.20370370370370375,  0.14237037037037037, 0.14341203703703703};
  ASSERT_OK_AND_ASSIGN(auto rows, mcf(kRandomSystems));
  ASSERT_EQ(rows.size(), expected.size());
  for (size_t i = 0; i < rows.size(); ++i) ExpectClose(rows[i].variance, expected[i], "LN");
}

// The incremental Lawless-Nadeau sum against the definition, on many systems
// with day-resolution times (ties everywhere) and staggered ends.
TEST(Mcf, LawlessNadeauMatchesTheDefinitionOnRandomTiedData) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> end_day(5, 100);
  std::poisson_distribution<int> repairs(2.0);
  std::vector<RepairableSystem> systems(300);
  for (auto& s : systems) {
    s.end = end_day(rng);
    const int k = repairs(rng);
    std::uniform_int_distribution<int> day(0, static_cast<int>(s.end));
    for (int j = 0; j < k; ++j) s.event_times.push_back(day(rng));
  }
  ASSERT_OK_AND_ASSIGN(auto rows, mcf(systems));
  std::vector<double> u(systems.size(), 0);
  double m = 0;
  size_t row = 0;
  for (int t = 0; t <= 100; ++t) {
    double r = 0, d = 0;
    for (const auto& s : systems) {
      if (s.end >= t) ++r;
      for (double x : s.event_times) d += x == t;
    }
    if (d == 0) continue;
    m += d / r;
    for (size_t i = 0; i < systems.size(); ++i) {
      if (systems[i].end < t) continue;
      double nij = 0;
      for (double x : systems[i].event_times) nij += x == t;
      u[i] += (nij - d / r) / r;
    }
    double v = 0;
    for (double x : u) v += x * x;
    ASSERT_LT(row, rows.size());
    EXPECT_EQ(rows[row].time, t);
    ExpectClose(rows[row].mcf, m, "mcf");
    EXPECT_NEAR(rows[row].variance, v, 1e-12 * v) << "t=" << t;
    ++row;
  }
  EXPECT_EQ(row, rows.size());
}

// A published worked example: ReliaSoft's "Recurrent Event Data Analysis",
// Example: Mean Cumulative Function (reliawiki.org/index.php/
// Recurrent_Event_Data_Analysis), 5 systems; its results table is reproduced in
// the `reliability` package's documentation of MCF_nonparametric ("Mean
// Cumulative Function results (95.0% CI)"), printed to 6 significant digits.
// Repairs (the last time of each system is its end of observation):
//   A 5 10 15 | 17   B 6 13 17 | 19   C 12 20 25 | 26   D 13 15 | 24   E 16 22 25 | 28
// The table has a row per repair; tied repairs (13, 15, 25) are one row here,
// whose MCF is the published value of the last of the tied rows. The variance
// is the Nelson form, which the publication's per-repair rows share until the
// first tie (13); the bounds there are its one-sided 95 % ones.
TEST(Mcf, ReliaSoftPublishedExample) {
  const std::vector<RepairableSystem> systems = {
      {{5, 10, 15}, 17}, {{6, 13, 17}, 19}, {{12, 20, 25}, 26}, {{13, 15}, 24}, {{16, 22, 25}, 28}};
  ASSERT_OK_AND_ASSIGN(auto rows, mcf(systems, McfVariance::kNelson, 0.95));
  const std::vector<std::pair<double, double>> published = {
      {5, 0.2},  {6, 0.4},  {10, 0.6},     {12, 0.8},     {13, 1.2},    {15, 1.6},
      {16, 1.8}, {17, 2.0}, {20, 2.33333}, {22, 2.66667}, {25, 3.66667}};
  ASSERT_EQ(rows.size(), published.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(rows[i].time, published[i].first);
    EXPECT_NEAR(rows[i].mcf, published[i].second, 5e-6);
  }
  // time, variance, MCF_lower, MCF_upper as published (rows before the first tie).
  const double before_ties[][4] = {{5, 0.032, 0.0459299, 0.870893},
                                   {6, 0.064, 0.14134, 1.13202},
                                   {10, 0.096, 0.256603, 1.40294},
                                   {12, 0.128, 0.383374, 1.66939}};
  for (size_t i = 0; i < 4; ++i) {
    SCOPED_TRACE(i);
    EXPECT_NEAR(rows[i].variance, before_ties[i][1], 5e-7);
    EXPECT_NEAR(rows[i].lower, before_ties[i][2], 5e-6 * before_ties[i][2]);
    EXPECT_NEAR(rows[i].upper, before_ties[i][3], 5e-6 * before_ties[i][3]);
  }
}

// The valve-seat replacements of 41 diesel engines (days; Nelson 1995,
// Technometrics 37:147-157; the data set of SAS/QC PROC RELIABILITY's "Analysis
// of Recurrence Data on Repairs" and of R's reda::valveSeats). No published
// table of its MCF values was at hand, so the values are worked out by hand
// from the definition: all 41 engines are observed past 377 days (the first end
// of observation is engine 409's, at 389), so each replacement up to 377 adds
// 1/41; engine 402 has two at 139.
TEST(Mcf, ValveSeatDataWorkedByHand) {
  const std::vector<RepairableSystem> engines = {{{}, 761},
                                                 {{}, 759},
                                                 {{98}, 667},
                                                 {{326, 653, 653}, 667},
                                                 {{}, 665},
                                                 {{84}, 667},
                                                 {{87}, 663},
                                                 {{646}, 653},
                                                 {{92}, 653},
                                                 {{}, 651},
                                                 {{258, 328, 377, 621}, 650},
                                                 {{61, 539}, 648},
                                                 {{254, 276, 298, 640}, 644},
                                                 {{76, 538}, 642},
                                                 {{635}, 641},
                                                 {{349, 404, 561}, 649},
                                                 {{}, 631},
                                                 {{}, 596},
                                                 {{120, 479}, 614},
                                                 {{323, 449}, 582},
                                                 {{139, 139}, 589},
                                                 {{}, 593},
                                                 {{573}, 589},
                                                 {{165, 408, 604}, 606},
                                                 {{249}, 594},
                                                 {{344, 497}, 613},
                                                 {{265, 586}, 595},
                                                 {{166, 206, 348}, 389},
                                                 {{}, 601},
                                                 {{410, 581}, 601},
                                                 {{}, 611},
                                                 {{}, 608},
                                                 {{}, 587},
                                                 {{367}, 603},
                                                 {{202, 563, 570}, 585},
                                                 {{}, 587},
                                                 {{}, 578},
                                                 {{}, 578},
                                                 {{}, 586},
                                                 {{}, 585},
                                                 {{}, 582}};
  ASSERT_EQ(engines.size(), 41u);
  ASSERT_OK_AND_ASSIGN(auto rows, mcf(engines));
  ASSERT_EQ(rows.size(), 46u);  // 48 replacements at 46 distinct ages
  EXPECT_EQ(rows[0].time, 61);
  ExpectClose(rows[0].mcf, 1.0 / 41, "61");
  // Lawless-Nadeau at 61: engine 393 has u = (1 - 1/41)/41, the 40 others -1/41^2:
  // V = (40^2 + 40) / 41^4 = 40 / 41^3.
  ExpectClose(rows[0].variance, 40.0 / (41.0 * 41 * 41), "variance 61");
  EXPECT_EQ(rows[7].time, 139);
  ExpectClose(rows[7].mcf, 9.0 / 41, "139: two replacements of engine 402");
  EXPECT_EQ(rows[25].time, 377);
  ExpectClose(rows[25].mcf, 27.0 / 41, "377");
  EXPECT_EQ(rows[26].time, 404);  // engine 409 has left (389): 40 at risk
  ExpectClose(rows[26].mcf, 27.0 / 41 + 1.0 / 40, "404");
}

TEST(Mcf, RejectsBadInput) {
  EXPECT_THAT(mcf({}).status().message(), HasSubstr("systems: no systems"));
  EXPECT_THAT(mcf(std::vector<RepairableSystem>{{{1}, 5}, {{3, 7}, 6}}).status().message(),
              HasSubstr("systems[1].event_times[1]: 7 is after the end of observation 6"));
  EXPECT_THAT(mcf(std::vector<RepairableSystem>{{{1}, -5}}).status().message(),
              HasSubstr("systems[0].end: -5 is not a non-negative finite time"));
  EXPECT_THAT(mcf(std::vector<RepairableSystem>{{{-1}, 5}}).status().message(),
              HasSubstr("systems[0].event_times[0]: -1"));
}

TEST(Mcf, NoEventsGivesAnEmptyTable) {
  ASSERT_OK_AND_ASSIGN(auto rows, mcf(std::vector<RepairableSystem>{{{}, 5}}));
  EXPECT_TRUE(rows.empty());
}

TEST(CrowAmsaa, HandWorked) {
  // Failure-terminated, times 1 2 4: T = 4, sum_{i<3} ln(4/t_i) = ln 4 + ln 2 = 3 ln 2,
  // beta = 3 / (3 ln 2) = 1/ln 2, lambda = 3 / 4^(1/ln 2) = 3 / e^2.
  ASSERT_OK_AND_ASSIGN(CrowAmsaa f, crow_amsaa({4, 1, 2}));
  ExpectClose(f.beta, 1 / std::log(2.0), "beta");
  ExpectClose(f.lambda, 3 / std::exp(2.0), "lambda");
  // Time-terminated at 8: sum ln(8/t_i) = 3 ln2 + 2 ln2 + ln2 = 6 ln 2,
  // beta = 1 / (2 ln 2), lambda = 3 / 8^(1/(2 ln 2)) = 3 / e^1.5.
  ASSERT_OK_AND_ASSIGN(CrowAmsaa g, crow_amsaa({1, 2, 4}, 8.0));
  ExpectClose(g.beta, 1 / (2 * std::log(2.0)), "beta");
  ExpectClose(g.lambda, 3 / std::exp(1.5), "lambda");
}

// The `reliability` package's ROCOF documentation example (times between failures).
const std::vector<double> kRocofExample = {104, 131, 1597, 59,  4,   503, 157, 6,   118, 173,
                                           114, 62,  101,  216, 106, 140, 1,   102, 3,   393,
                                           96,  232, 89,   61,  37,  293, 7,   165, 87,  99};

TEST(CrowAmsaa, MatchesTheReliabilityPackage) {
  // reliability.Repairable_systems.ROCOF(times_between_failures=kRocofExample)
  //   .Beta_hat = 1.5880533880966818, .Lambda_hat = 3.702728848984535e-05
  // (docs: Beta_hat 1.588, Lambda_hat 3.7027e-05). It fits the cumulative times.
  std::vector<double> times;
  double t = 0;
  for (double x : kRocofExample) times.push_back(t += x);
  ASSERT_OK_AND_ASSIGN(CrowAmsaa f, crow_amsaa(times));
  ExpectClose(f.beta, 1.5880533880966818, "beta");
  ExpectClose(f.lambda, 3.702728848984535e-05, "lambda");
}

TEST(CrowAmsaa, RejectsBadInput) {
  EXPECT_THAT(crow_amsaa({}).status().message(), HasSubstr("times: no failure times"));
  EXPECT_THAT(crow_amsaa({3}).status().message(), HasSubstr("at least 2"));
  EXPECT_THAT(crow_amsaa({1, 0}).status().message(),
              HasSubstr("times[1]: 0 is not a positive finite time"));
  EXPECT_THAT(crow_amsaa({1, 5}, 4.0).status().message(),
              HasSubstr("end: 4 is before the last failure time 5"));
  EXPECT_THAT(crow_amsaa({5, 5}).status().message(), HasSubstr("every failure time equals 5"));
  // One failure with an end is enough: beta = 1 / ln(end / t).
  ASSERT_OK_AND_ASSIGN(CrowAmsaa one, crow_amsaa({2}, 2 * std::exp(1.0)));
  ExpectClose(one.beta, 1, "beta");
}

TEST(LaplaceTrend, HandWorked) {
  // Gaps 1 1 2: t = 1, 2, 4; T = 4, m = 2: U = ((1+2)/2 - 4/2) / (4 sqrt(1/24))
  // = -0.5 sqrt(24) / 4 = -sqrt(24)/8: gaps growing, failures slowing (negative).
  ASSERT_OK_AND_ASSIGN(double u, laplace_trend({1, 1, 2}));
  ExpectClose(u, -std::sqrt(24.0) / 8, "U");
  // Gaps shrinking 4 2 1: t = 4, 6, 7; U = (5 - 3.5) / (7 sqrt(1/24)) > 0.
  ASSERT_OK_AND_ASSIGN(double faster, laplace_trend({4, 2, 1}));
  ExpectClose(faster, 1.5 * std::sqrt(24.0) / 7, "U faster");
}

TEST(LaplaceTrend, MatchesTheReliabilityPackage) {
  // reliability.Repairable_systems.ROCOF(times_between_failures=kRocofExample).U
  // = 2.4094382960447107 (docs: U = 2.409, "ROCOF is WORSENING").
  ASSERT_OK_AND_ASSIGN(double u, laplace_trend(kRocofExample));
  ExpectClose(u, 2.4094382960447107, "U");
}

TEST(LaplaceTrend, RejectsBadInput) {
  EXPECT_THAT(laplace_trend({5}).status().message(),
              HasSubstr("times_between: the Laplace test needs at least 2"));
  EXPECT_THAT(laplace_trend({5, -1}).status().message(),
              HasSubstr("times_between[1]: -1 is not a non-negative finite time"));
  EXPECT_THAT(laplace_trend({0, 0}).status().message(), HasSubstr("every time is 0"));
}

}  // namespace
}  // namespace postventa
