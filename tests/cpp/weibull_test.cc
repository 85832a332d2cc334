// Weibull fits (SPEC §8, Reliability). Reference values come from hand working
// (shown in comments) or from tools independent of this code:
//   - "mpmath": the likelihood written from its definition in mpmath at 40
//     digits, maximised with mpmath.findroot on numerically differentiated
//     scores, the observed information by mpmath.diff, bounds x*exp(±z se/x);
//   - "reliability": reliability 0.9.0, Fit_Weibull_2P(failures=..,
//     right_censored=.., method="RRY") (its plotting positions are Bernard's
//     with Johnson's adjusted ranks);
//   - "scipy": Johnson's ranks, scipy.stats.beta.ppf(0.5, i, n - i + 1) and
//     numpy.polyfit(ln t, ln(-ln(1 - F)), 1);
//   - "lifelines": lifelines 0.30.3, WeibullFitter().fit(..) or
//     .fit_interval_censoring(lower, upper, weights=counts), both with
//     fit_options={"gtol": 1e-12, "ftol": 1e-16} (rho_ = shape, lambda_ = scale).
// The script that produced them is quoted in docs/reliability.md.
#include "postventa/weibull.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_macros.h"

namespace postventa {
namespace {

using ::testing::HasSubstr;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kZ95 = 1.959963984540054;

// |actual - expected| <= rel * |expected|.
void ExpectRel(double actual, double expected, double rel, const char* what) {
  EXPECT_LE(std::abs(actual - expected), rel * std::abs(expected))
      << what << ": " << actual << " vs " << expected;
}

// Dataset A: 14 failures, no suspensions (127 twice).
const std::vector<double> kA = {72, 82, 97, 103, 113, 117, 126, 127, 127, 139, 154, 159, 199, 207};
// Dataset B: 8 failures, 7 suspensions (5000 twice; no failure shares a time
// with a suspension).
const std::vector<double> kBFailures = {150, 340, 560, 800, 1130, 1720, 2470, 4210};
const std::vector<double> kBCensored = {180, 500, 900, 1500, 2000, 5000, 5000};

TEST(WeibullMle, UncensoredMatchesMpmath) {
  ASSERT_OK_AND_ASSIGN(WeibullFit fit, weibull_fit(kA, {}));
  // mpmath
  ExpectRel(fit.shape, 3.6437330666015195, 1e-9, "shape");
  ExpectRel(fit.scale, 144.27269236856797, 1e-9, "scale");
  ExpectRel(fit.loglik, -70.869785594602405, 1e-11, "loglik");
  ExpectRel(fit.shape_se, 0.72822583497536976, 1e-8, "shape_se");
  ExpectRel(fit.scale_se, 11.220740401941707, 1e-8, "scale_se");
  ExpectRel(fit.shape_ci.first, 2.4627929553313503, 1e-8, "shape lower");
  ExpectRel(fit.shape_ci.second, 5.3909487729791806, 1e-8, "shape upper");
  ExpectRel(fit.scale_ci.first, 123.87462111569735, 1e-8, "scale lower");
  ExpectRel(fit.scale_ci.second, 168.02965430533881, 1e-8, "scale upper");
  EXPECT_EQ(fit.failures, 14);
  EXPECT_EQ(fit.suspensions, 0);
  // lifelines (its optimiser stops near 1e-8 relative)
  ExpectRel(fit.shape, 3.6437330805480643, 1e-6, "lifelines rho_");
  ExpectRel(fit.scale, 144.27269253294926, 1e-6, "lifelines lambda_");
  ExpectRel(fit.shape_se, 0.7282258369167576, 1e-6, "lifelines se(rho_)");
  ExpectRel(fit.scale_se, 11.220740381648854, 1e-6, "lifelines se(lambda_)");
}

TEST(WeibullMle, CensoredMatchesMpmath) {
  ASSERT_OK_AND_ASSIGN(WeibullFit fit, weibull_fit(kBFailures, kBCensored));
  // mpmath
  ExpectRel(fit.shape, 0.9623219722374412, 1e-9, "shape");
  ExpectRel(fit.scale, 3339.0166666082701, 1e-9, "scale");
  ExpectRel(fit.loglik, -72.822169902543975, 1e-11, "loglik");
  ExpectRel(fit.shape_se, 0.27178939879868835, 1e-8, "shape_se");
  ExpectRel(fit.scale_se, 1251.5827659479355, 1e-8, "scale_se");
  ExpectRel(fit.shape_ci.first, 0.55324161289590173, 1e-8, "shape lower");
  ExpectRel(fit.shape_ci.second, 1.6738863394666721, 1e-8, "shape upper");
  ExpectRel(fit.scale_ci.first, 1601.6139058195643, 1e-8, "scale lower");
  ExpectRel(fit.scale_ci.second, 6961.1235637859394, 1e-8, "scale upper");
  EXPECT_EQ(fit.failures, 8);
  EXPECT_EQ(fit.suspensions, 7);
  // lifelines
  ExpectRel(fit.shape, 0.9623219701216205, 1e-6, "lifelines rho_");
  ExpectRel(fit.scale, 3339.0165839243737, 1e-6, "lifelines lambda_");
}

TEST(WeibullMle, BoundsFollowTheLevel) {
  ASSERT_OK_AND_ASSIGN(WeibullFit fit, weibull_fit(kBFailures, kBCensored, WeibullMethod::kMle,
                                                   RankPositions::kBernard, 0.90));
  // z = Phi^-1(0.95) = 1.6448536269514722; bounds x exp(±z se / x).
  const double z = 1.6448536269514722;
  ExpectRel(fit.shape_ci.first, fit.shape * std::exp(-z * fit.shape_se / fit.shape), 1e-14, "lo");
  ExpectRel(fit.shape_ci.second, fit.shape * std::exp(z * fit.shape_se / fit.shape), 1e-14, "hi");
  ExpectRel(fit.scale_ci.first, fit.scale * std::exp(-z * fit.scale_se / fit.scale), 1e-14, "lo");
  ExpectRel(fit.scale_ci.second, fit.scale * std::exp(z * fit.scale_se / fit.scale), 1e-14, "hi");
  // The estimate and its standard errors do not depend on the level.
  ExpectRel(fit.shape, 0.9623219722374412, 1e-9, "shape");
  ExpectRel(fit.scale_se, 1251.5827659479355, 1e-8, "scale_se");
  EXPECT_LT(fit.scale_ci.second, 6961.1235637859394);  // narrower than the 95 % bound
}

// 200 000 units, 99 % of them suspended: the estimate solves the likelihood
// equations, checked here with long double sums written out independently:
//   sum_all (t/alpha)^beta = r,
//   r/beta + sum_f ln(t/alpha) - sum_all (t/alpha)^beta ln(t/alpha) = 0.
TEST(WeibullMle, HeavyCensoringSolvesTheScoreEquations) {
  std::mt19937_64 rng(7);
  std::weibull_distribution<double> life(2.5, 400.0);
  std::uniform_real_distribution<double> age(1.0, 120.0);
  std::vector<double> failures, censored;
  for (int i = 0; i < 200000; ++i) {
    const double t = life(rng), c = age(rng);
    if (t <= c) {
      failures.push_back(t);
    } else {
      censored.push_back(c);
    }
  }
  ASSERT_GT(censored.size(), 0.98 * 200000);
  ASSERT_OK_AND_ASSIGN(WeibullFit fit, weibull_fit(failures, censored));
  long double sum_w = 0, sum_wv = 0, sum_fv = 0;
  for (const auto* times : {&failures, &censored}) {
    for (double t : *times) {
      const long double v = std::log(static_cast<long double>(t) / fit.scale);
      const long double w = std::exp(fit.shape * v);
      sum_w += w;
      sum_wv += w * v;
      if (times == &failures) sum_fv += v;
    }
  }
  const long double r = failures.size();
  EXPECT_NEAR(static_cast<double>(sum_w / r), 1.0, 1e-9);
  EXPECT_NEAR(static_cast<double>((r / fit.shape + sum_fv - sum_wv) / r), 0.0, 1e-9);
  // And the sample is large enough to land near the truth.
  EXPECT_NEAR(fit.shape, 2.5, 0.25);
  EXPECT_NEAR(fit.scale, 400.0, 80.0);
  EXPECT_GT(fit.shape_se, 0);
  EXPECT_LT(fit.shape_se, 0.2);
}

TEST(WeibullRry, TwoFailuresByHand) {
  // n = 2, Bernard: F1 = 0.7/2.4 = 0.291667, F2 = 1.7/2.4 = 0.708333;
  // y = ln(-ln(1 - F)) = -1.0646733, 0.2087555; x = ln 10, ln 100.
  // beta = (0.2087555 + 1.0646733) / ln 10 = 0.5530431;
  // alpha = exp(mean x - mean y / beta) = exp(3.4538776 + 0.4279589 / 0.5530431) = 68.55959.
  ASSERT_OK_AND_ASSIGN(WeibullFit fit,
                       weibull_fit(std::vector<double>{100, 10}, {}, WeibullMethod::kRry));
  ExpectRel(fit.shape, 0.5530431053591981, 1e-12, "shape");
  ExpectRel(fit.scale, 68.55958743614909, 1e-12, "scale");
  EXPECT_TRUE(std::isnan(fit.shape_se));
  EXPECT_TRUE(std::isnan(fit.scale_se));
  EXPECT_TRUE(std::isnan(fit.shape_ci.first) && std::isnan(fit.shape_ci.second));
  EXPECT_TRUE(std::isnan(fit.scale_ci.first) && std::isnan(fit.scale_ci.second));
}

TEST(WeibullRry, JohnsonRanksByHand) {
  // Sorted: F 10, S 20, F 30, F 40; n = 4. Johnson: rank += (n + 1 - rank) /
  // (1 + units from here on): 0 + 5/5 = 1; 1 + 4/3 = 7/3; 7/3 + (8/3)/2 = 11/3.
  // Bernard F = (rank - 0.3) / 4.4 = 0.159091, 0.462121, 0.765152;
  // least squares of ln(-ln(1-F)) on ln t: slope 1.428888, alpha 35.33197
  // (reliability gives beta 1.4288877039312466, alpha 35.331973575605865).
  ASSERT_OK_AND_ASSIGN(WeibullFit fit, weibull_fit(std::vector<double>{40, 10, 30},
                                                   std::vector<double>{20}, WeibullMethod::kRry));
  ExpectRel(fit.shape, 1.428887703931244, 1e-12, "shape");
  ExpectRel(fit.scale, 35.33197357560593, 1e-12, "scale");
  EXPECT_EQ(fit.failures, 3);
  EXPECT_EQ(fit.suspensions, 1);
}

TEST(WeibullRry, FailureRanksBeforeASuspensionAtTheSameTime) {
  // Sorted: F 10, F 20, S 20, F 30; n = 4. Ranks 1; 1 + 4/4 = 2; 2 + 3/2 = 3.5
  // (the suspension first would give 1, 7/3, 11/3). Bernard F = 0.7/4.4,
  // 1.7/4.4, 3.2/4.4; least squares: slope 1.797363, alpha 27.36568
  // (reliability: beta 1.7973633785422436, alpha 27.365679877610606).
  ASSERT_OK_AND_ASSIGN(WeibullFit fit, weibull_fit(std::vector<double>{30, 20, 10},
                                                   std::vector<double>{20}, WeibullMethod::kRry));
  ExpectRel(fit.shape, 1.7973633785422296, 1e-12, "shape");
  ExpectRel(fit.scale, 27.365679877610653, 1e-12, "scale");
}

TEST(WeibullRry, BernardMatchesReliability) {
  ASSERT_OK_AND_ASSIGN(WeibullFit a, weibull_fit(kA, {}, WeibullMethod::kRry));
  ExpectRel(a.shape, 3.714384012623615, 1e-10, "A shape");
  ExpectRel(a.scale, 144.11485788087106, 1e-10, "A scale");
  // The right-censored likelihood at the regression estimate (reliability's loglik).
  ExpectRel(a.loglik, -70.87570325295898, 1e-11, "A loglik");
  ASSERT_OK_AND_ASSIGN(WeibullFit b, weibull_fit(kBFailures, kBCensored, WeibullMethod::kRry));
  ExpectRel(b.shape, 0.9613497734884532, 1e-10, "B shape");
  ExpectRel(b.scale, 3063.376811872661, 1e-10, "B scale");
  ExpectRel(b.loglik, -72.8505693379198, 1e-11, "B loglik");
}

TEST(WeibullRry, ExactMedianRanksMatchScipy) {
  ASSERT_OK_AND_ASSIGN(WeibullFit a,
                       weibull_fit(kA, {}, WeibullMethod::kRry, RankPositions::kExact));
  ExpectRel(a.shape, 3.7267299499748185, 1e-10, "A shape");
  ExpectRel(a.scale, 144.08704165667342, 1e-10, "A scale");
  // B's Johnson ranks: 1, 2.071429, 3.232143, 4.392857, 5.68254, 7.156463, 8.92517, 10.693878.
  ASSERT_OK_AND_ASSIGN(WeibullFit b, weibull_fit(kBFailures, kBCensored, WeibullMethod::kRry,
                                                 RankPositions::kExact));
  ExpectRel(b.shape, 0.9645900691031781, 1e-10, "B shape");
  ExpectRel(b.scale, 3060.984446758164, 1e-10, "B scale");
}

// Warranty returns by month in service: 2, 3, 5, 4 units in months 1-4, 9 in
// months 5-6, 17 in months 7-12, 40 units still working at 6 months and 120 at
// 12 months; a (5, 6.5] row with count 0 is ignored.
TEST(WeibullInterval, WarrantyReturnsMatchMpmathAndLifelines) {
  const std::vector<double> left = {0, 1, 2, 3, 4, 5, 6, 6, 12};
  const std::vector<double> right = {1, 2, 3, 4, 6, 6.5, 12, kInf, kInf};
  const std::vector<double> counts = {2, 3, 5, 4, 9, 0, 17, 40, 120};
  ASSERT_OK_AND_ASSIGN(WeibullFit fit, weibull_fit_interval(left, right, counts));
  // mpmath
  ExpectRel(fit.shape, 1.1956968302153529, 1e-9, "shape");
  ExpectRel(fit.scale, 37.197247764178909, 1e-9, "scale");
  ExpectRel(fit.loglik, -157.30015598427703, 1e-11, "loglik");
  ExpectRel(fit.shape_se, 0.18463840597210472, 1e-8, "shape_se");
  ExpectRel(fit.scale_se, 8.7682823597653588, 1e-8, "scale_se");
  ExpectRel(fit.shape_ci.first, 0.88344459427646353, 1e-8, "shape lower");
  ExpectRel(fit.shape_ci.second, 1.6183141750479007, 1e-8, "shape upper");
  ExpectRel(fit.scale_ci.first, 23.434851894824303, 1e-8, "scale lower");
  ExpectRel(fit.scale_ci.second, 59.041774509157243, 1e-8, "scale upper");
  // lifelines fit_interval_censoring with weights
  ExpectRel(fit.shape, 1.1956968318185714, 1e-6, "lifelines rho_");
  ExpectRel(fit.scale, 37.19724768949205, 1e-6, "lifelines lambda_");
  ExpectRel(fit.shape_se, 0.1846384060431747, 1e-6, "lifelines se(rho_)");
  EXPECT_EQ(fit.failures, 2 + 3 + 5 + 4 + 9 + 17);
  EXPECT_EQ(fit.suspensions, 40 + 120);
}

// Exact times grouped into very narrow intervals approach the right-censored fit.
TEST(WeibullInterval, NarrowIntervalsApproachTheExactFit) {
  std::vector<double> left, right, counts;
  for (double t : kBFailures) {
    left.push_back(t * (1 - 1e-7));
    right.push_back(t);
    counts.push_back(1);
  }
  for (double t : kBCensored) {
    left.push_back(t);
    right.push_back(kInf);
    counts.push_back(1);
  }
  ASSERT_OK_AND_ASSIGN(WeibullFit fit, weibull_fit_interval(left, right, counts));
  ExpectRel(fit.shape, 0.9623219722374412, 1e-5, "shape");
  ExpectRel(fit.scale, 3339.0166666082701, 1e-5, "scale");
  ExpectRel(fit.shape_se, 0.27178939879868835, 1e-5, "shape_se");
}

TEST(WeibullErrors, BadInputsNameTheField) {
  const std::vector<double> ok = {1, 2, 3};
  auto message = [](const absl::StatusOr<WeibullFit>& fit) {
    EXPECT_EQ(fit.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(fit.status().message());
  };
  EXPECT_EQ(message(weibull_fit({}, ok)), "failures: at least one failure time is needed");
  EXPECT_EQ(message(weibull_fit(std::vector<double>{1, 2, 3, -1}, {})),
            "failures[3]: -1 is not a positive finite time");
  EXPECT_EQ(message(weibull_fit(ok, std::vector<double>{4, 0})),
            "censored[1]: 0 is not a positive finite time");
  EXPECT_THAT(message(weibull_fit(ok, std::vector<double>{kInf})), HasSubstr("censored[0]: inf"));
  EXPECT_THAT(message(weibull_fit(std::vector<double>{std::nan("")}, {})),
              HasSubstr("failures[0]: nan"));
  EXPECT_THAT(message(weibull_fit(ok, {}, WeibullMethod::kMle, RankPositions::kBernard, 1.0)),
              HasSubstr("ci: 1 is not"));
  EXPECT_EQ(message(weibull_fit(std::vector<double>{5}, ok, WeibullMethod::kRry)),
            "failures: rank regression needs at least 2 failures, got 1");
  EXPECT_THAT(message(weibull_fit(std::vector<double>{5, 5}, {}, WeibullMethod::kRry)),
              HasSubstr("two different times"));
  // Every failure at 5 and no unit seen past 5: the shape grows without bound.
  EXPECT_THAT(message(weibull_fit(std::vector<double>{5, 5, 5}, std::vector<double>{1, 5})),
              HasSubstr("no maximum"));
  // One later suspension is enough for a maximum.
  EXPECT_OK(weibull_fit(std::vector<double>{5, 5, 5}, std::vector<double>{6}).status());
}

TEST(WeibullErrors, BadIntervalsNameTheField) {
  auto message = [](const absl::StatusOr<WeibullFit>& fit) {
    EXPECT_EQ(fit.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(fit.status().message());
  };
  using V = std::vector<double>;
  EXPECT_EQ(message(weibull_fit_interval(V{0, 5}, V{5}, V{1, 1})),
            "right: has 1 entries, left has 2");
  EXPECT_EQ(message(weibull_fit_interval(V{0, 5}, V{5, kInf}, V{1})),
            "counts: has 1 entries, left has 2");
  EXPECT_EQ(message(weibull_fit_interval(V{0, -1}, V{5, kInf}, V{1, 1})),
            "left[1]: -1 is not a non-negative finite time");
  EXPECT_EQ(message(weibull_fit_interval(V{0, 5}, V{5, 3}, V{1, 1})),
            "right[1]: 3 is not greater than left (5)");
  EXPECT_EQ(message(weibull_fit_interval(V{0, 5}, V{5, kInf}, V{1, -2})),
            "counts[1]: -2 is not a non-negative whole number");
  EXPECT_EQ(message(weibull_fit_interval(V{0, 5}, V{5, kInf}, V{1.5, 2})),
            "counts[0]: 1.5 is not a non-negative whole number");
  EXPECT_THAT(message(weibull_fit_interval(V{0, 5}, V{5, kInf}, V{0, 2})),
              HasSubstr("counts: no failures"));
  // One inspection time: only F(5) is estimable.
  EXPECT_THAT(message(weibull_fit_interval(V{0, 5}, V{5, kInf}, V{3, 10})),
              HasSubstr("two different positive end points"));
  // No failure before 5, four in (5, 10], ten past 10: the best fit is a step
  // at some time in (5, 10] (the shape runs off to infinity).
  EXPECT_THAT(message(weibull_fit_interval(V{0, 5, 10}, V{5, 10, kInf}, V{0, 4, 10})),
              HasSubstr("no finite maximum"));
}

}  // namespace
}  // namespace postventa
