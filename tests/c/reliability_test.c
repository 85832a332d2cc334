/* Reliability through the C ABI (SPEC §8, §9.1): Weibull fits, Kaplan-Meier
 * and the MCF as Arrow C streams, log-rank, Crow-AMSAA and Laplace. Expected
 * values are worked out by hand in the comments from the formulas of
 * docs/reliability.md, or are the independent reference values of
 * tests/cpp/weibull_test.cc (mpmath, the `reliability` package). Errors: the
 * code, the exact message, and outputs left untouched. */
#include <math.h> /* INFINITY only (a macro; no libm) */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arrow_read.h"
#include "check.h"
#include "postventa/postventa.h"

/* |actual - expected| <= rel |expected| (no libm: C tests link only the library). */
static int near_rel(double actual, double expected, double rel) {
  const double diff = actual > expected ? actual - expected : expected - actual;
  const double scale = expected < 0 ? -expected : expected;
  return diff <= rel * scale;
}
#define CHECK_NEAR(actual, expected, rel)                                       \
  do {                                                                          \
    const double check_v_ = (actual);                                           \
    check_record(near_rel(check_v_, (expected), (rel)), __FILE__, __LINE__,     \
                 #actual " near " #expected);                                   \
    if (!near_rel(check_v_, (expected), (rel)))                                 \
      fprintf(stderr, "    got %.17g, expected %.17g\n", check_v_, (expected)); \
  } while (0)

static int is_nan(double x) { return x != x; }

static double f64(const struct read_table* t, int column, int64_t row) {
  return ((const double*)t->array.children[column]->buffers[1])[row];
}
static int64_t i64(const struct read_table* t, int column, int64_t row) {
  return ((const int64_t*)t->array.children[column]->buffers[1])[row];
}

static void test_kaplan_meier(void) {
  /* 5 units: failures at 2, 4, 4; censored at 4 and 7 (a tie of two failures
   * and a censoring at 4; the censored unit is at risk at 4).
   *   t=0: n=5, S=1.
   *   t=2: n=5, d=1: S = 4/5 = 0.8; Greenwood V = 1/(5*4) = 0.05.
   *   t=4: n=4, d=2, c=1: S = 0.8 * 2/4 = 0.4; V = 0.05 + 2/(4*2) = 0.3.
   *   t=7: n=1, d=0, c=1: S = 0.4, bounds as at 4.
   * Log-log bounds, z = 1.959963984540054, k = z sqrt(V) / ln S:
   *   t=2: ln S = -0.2231436, k = 1.959964 * 0.2236068 / -0.2231436 = -1.964032;
   *        lower = exp(-exp(ln 0.2231436 + 1.964032)) = 0.2038093,
   *        upper = exp(-exp(ln 0.2231436 - 1.964032)) = 0.9691798.
   *   t=4: ln S = -0.9162907, k = 1.959964 * 0.5477226 / -0.9162907 = -1.171568;
   *        lower = exp(-0.9162907 * exp(1.171568)) = 0.0519758,
   *        upper = exp(-0.9162907 * exp(-1.171568)) = 0.7528158. */
  const double durations[] = {4, 2, 7, 4, 4};
  const uint8_t observed[] = {1, 1, 0, 0, 1};
  struct ArrowArrayStream stream;
  struct read_table t;
  CHECK_OK(pv_kaplan_meier(&stream, durations, observed, 5, 0.95));
  read_stream(&stream, &t);
  CHECK_STREQ(t.schema.format, "+s");
  CHECK_EQ(t.schema.n_children, 7);
  check_column(&t, 0, "time", "g");
  check_column(&t, 1, "survival", "g");
  check_column(&t, 2, "lower", "g");
  check_column(&t, 3, "upper", "g");
  check_column(&t, 4, "at_risk", "l");
  check_column(&t, 5, "events", "l");
  check_column(&t, 6, "censored", "l");
  CHECK(t.has_array);
  if (t.has_array) {
    static const double kTime[] = {0, 2, 4, 7};
    static const double kSurvival[] = {1, 0.8, 0.4, 0.4};
    static const double kLower[] = {1, 0.20380926326763904, 0.05197575037746751,
                                    0.05197575037746751};
    static const double kUpper[] = {1, 0.9691797888667427, 0.7528157913587553, 0.7528157913587553};
    static const int64_t kAtRisk[] = {5, 5, 4, 1};
    static const int64_t kEvents[] = {0, 1, 2, 0};
    static const int64_t kCensored[] = {0, 0, 1, 1};
    int row;
    CHECK_EQ(t.array.length, 4);
    for (row = 0; row < 4 && row < t.array.length; ++row) {
      CHECK(f64(&t, 0, row) == kTime[row]);
      CHECK_NEAR(f64(&t, 1, row), kSurvival[row], 1e-15);
      CHECK_NEAR(f64(&t, 2, row), kLower[row], 1e-12);
      CHECK_NEAR(f64(&t, 3, row), kUpper[row], 1e-12);
      CHECK_EQ(i64(&t, 4, row), kAtRisk[row]);
      CHECK_EQ(i64(&t, 5, row), kEvents[row]);
      CHECK_EQ(i64(&t, 6, row), kCensored[row]);
    }
  }
  free_table(&t);

  /* Errors: the core's message byte for byte; the stream is not filled. */
  {
    const double bad[] = {1, -1};
    const uint8_t flags[] = {1, 2};
    stream.release = NULL;
    CHECK_STATUS(pv_kaplan_meier(&stream, bad, observed, 2, 0.95), PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "durations[1]: -1 is not a non-negative finite time");
    CHECK_STATUS(pv_kaplan_meier(&stream, durations, flags, 2, 0.95), PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "observed[1]: 2 is not 0 (censored) or 1 (failure)");
    CHECK_STATUS(pv_kaplan_meier(&stream, durations, observed, 5, 1.0), PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "ci: must be in (0, 1), got 1");
    CHECK_STATUS(pv_kaplan_meier(&stream, NULL, NULL, 0, 0.95), PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "durations: no durations");
    CHECK_STATUS(pv_kaplan_meier(&stream, durations, NULL, 5, 0.95), PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "pv_kaplan_meier: observed is NULL");
    CHECK_STATUS(pv_kaplan_meier(NULL, durations, observed, 5, 0.95), PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "pv_kaplan_meier: out is NULL");
    CHECK(stream.release == NULL);
  }
}

static void test_mcf(void) {
  /* Three units: S1 repaired at 1, observed to 5; S2 repaired twice at 3,
   * observed to 4; S3 never repaired, observed to 2. Repair times 1 and 3.
   *   t=1: at risk r = 3 (ends 5, 4, 2 >= 1), d = 1: M = 1/3.
   *   t=3: at risk r = 2 (S1, S2), d = 2:             M = 1/3 + 2/2 = 4/3.
   * Lawless-Nadeau, per unit the sum of (n_ij - d_j/r_j)/r_j while at risk:
   *   t=1: S1 (1 - 1/3)/3 = 2/9, S2 -1/9, S3 -1/9: V = (4 + 1 + 1)/81 = 2/27;
   *   t=3: S1 += (0 - 1)/2, S2 += (2 - 1)/2, S3 not at risk:
   *        V = (2/9 - 1/2)^2 + (-1/9 + 1/2)^2 + (1/9)^2 = (25 + 49 + 4)/324 = 13/54.
   * Poisson: V = 1/9, then 1/9 + 2/4 = 11/18. Nelson: 2/27, then
   *   2/27 + ((2-1)^2 + (0-1)^2)/4 = 2/27 + 1/2 = 31/54.
   * Bounds M / f, M f with f = exp(z sqrt(V) / M), z = Phi^-1(0.95) = 1.6448536:
   *   Lawless-Nadeau t=1: f = exp(1.6448536 * 0.2721655 * 3) = 3.830584: 0.0870189, 1.276861;
   *   t=3: f = exp(1.6448536 * 0.4906534 * 0.75) = 1.831757: 0.7278883, 2.442377. */
  const double event_times[] = {1, 3, 3};
  const size_t offsets[] = {0, 1, 3, 3};
  const double ends[] = {5, 4, 2};
  struct ArrowArrayStream stream;
  struct read_table t;
  CHECK_OK(pv_mcf(&stream, event_times, offsets, ends, 3, PV_MCF_LAWLESS_NADEAU, 0.95));
  read_stream(&stream, &t);
  CHECK_EQ(t.schema.n_children, 5);
  check_column(&t, 0, "time", "g");
  check_column(&t, 1, "mcf", "g");
  check_column(&t, 2, "variance", "g");
  check_column(&t, 3, "lower", "g");
  check_column(&t, 4, "upper", "g");
  CHECK(t.has_array);
  if (t.has_array && t.array.length == 2) {
    CHECK(f64(&t, 0, 0) == 1);
    CHECK(f64(&t, 0, 1) == 3);
    CHECK_NEAR(f64(&t, 1, 0), 1.0 / 3, 1e-15);
    CHECK_NEAR(f64(&t, 1, 1), 4.0 / 3, 1e-15);
    CHECK_NEAR(f64(&t, 2, 0), 2.0 / 27, 1e-14);
    CHECK_NEAR(f64(&t, 2, 1), 13.0 / 54, 1e-14);
    CHECK_NEAR(f64(&t, 3, 0), 0.08701892535219255, 1e-12);
    CHECK_NEAR(f64(&t, 4, 0), 1.2768614489481456, 1e-12);
    CHECK_NEAR(f64(&t, 3, 1), 0.7278883025616087, 1e-12);
    CHECK_NEAR(f64(&t, 4, 1), 2.4423771772693184, 1e-12);
  } else {
    CHECK_EQ(t.array.length, 2);
  }
  free_table(&t);

  /* The same systems as a slice of a longer buffer (first offset 2), with the
   * Poisson and Nelson variances. */
  {
    const double buffer[] = {99, 99, 1, 3, 3};
    const size_t sliced[] = {2, 3, 5, 5};
    CHECK_OK(pv_mcf(&stream, buffer, sliced, ends, 3, PV_MCF_POISSON, 0.95));
    read_stream(&stream, &t);
    if (t.has_array && t.array.length == 2) {
      CHECK_NEAR(f64(&t, 1, 1), 4.0 / 3, 1e-15);
      CHECK_NEAR(f64(&t, 2, 0), 1.0 / 9, 1e-14);
      CHECK_NEAR(f64(&t, 2, 1), 11.0 / 18, 1e-14);
    } else {
      CHECK_EQ(t.array.length, 2);
    }
    free_table(&t);
    CHECK_OK(pv_mcf(&stream, buffer, sliced, ends, 3, PV_MCF_NELSON, 0.95));
    read_stream(&stream, &t);
    if (t.has_array && t.array.length == 2) {
      CHECK_NEAR(f64(&t, 2, 0), 2.0 / 27, 1e-14);
      CHECK_NEAR(f64(&t, 2, 1), 31.0 / 54, 1e-14);
    } else {
      CHECK_EQ(t.array.length, 2);
    }
    free_table(&t);
  }
  /* Systems without any repair: no events at all (event_times may be NULL),
   * an empty table with the five columns. */
  {
    const size_t none[] = {0, 0, 0};
    CHECK_OK(pv_mcf(&stream, NULL, none, ends, 2, PV_MCF_LAWLESS_NADEAU, 0.95));
    read_stream(&stream, &t);
    CHECK_EQ(t.schema.n_children, 5);
    CHECK(!t.has_array || t.array.length == 0);
    free_table(&t);
  }
  /* Errors. */
  {
    const size_t decreasing[] = {0, 2, 1, 3};
    const double early_ends[] = {5, 2, 2};
    stream.release = NULL;
    CHECK_STATUS(pv_mcf(&stream, event_times, decreasing, ends, 3, PV_MCF_POISSON, 0.95),
                 PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "pv_mcf: event_offsets[2] is 1, less than event_offsets[1] (2)");
    /* S2's first repair (event_times[1]) at 3 after its end 2. */
    CHECK_STATUS(pv_mcf(&stream, event_times, offsets, early_ends, 3, PV_MCF_POISSON, 0.95),
                 PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "systems[1].event_times[0]: 3 is after the end of observation 2");
    CHECK_STATUS(pv_mcf(&stream, event_times, offsets, ends, 3, 3, 0.95), PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(),
                "pv_mcf: variance is 3, not one of PV_MCF_LAWLESS_NADEAU (0), PV_MCF_POISSON "
                "(1), PV_MCF_NELSON (2)");
    CHECK_STATUS(pv_mcf(&stream, NULL, offsets, ends, 3, PV_MCF_POISSON, 0.95),
                 PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "pv_mcf: event_times is NULL");
    CHECK_STATUS(pv_mcf(&stream, event_times, NULL, ends, 3, PV_MCF_POISSON, 0.95),
                 PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "pv_mcf: event_offsets is NULL");
    CHECK_STATUS(pv_mcf(&stream, event_times, offsets, NULL, 3, PV_MCF_POISSON, 0.95),
                 PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "pv_mcf: ends is NULL");
    CHECK_STATUS(pv_mcf(&stream, NULL, offsets, NULL, 0, PV_MCF_POISSON, 0.95),
                 PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "systems: no systems");
    CHECK_STATUS(pv_mcf(&stream, event_times, offsets, ends, 3, PV_MCF_POISSON, 0),
                 PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "ci: must be in (0, 1), got 0");
    CHECK(stream.release == NULL);
  }
}

static void test_logrank(void) {
  /* a fails at 1 and 2, b at 3 and 4; over the failure times, with n_a, n_b at risk:
   *   t=1: n=4 (2+2), d=1 in a: E_a = 2/4,  V += 2*2*1*(4-1)/(16*3) = 1/4;
   *   t=2: n=3 (1+2), d=1 in a: E_a = 1/3,  V += 1*2*1*(3-1)/(9*2)  = 2/9;
   *   t=3, 4: n_a = 0: nothing to a, nothing to V.
   * O_a - E_a = 2 - 5/6 = 7/6, V = 17/36: chi2 = (49/36) / (17/36) = 49/17;
   * p = P(chi2_1 > 49/17) = erfc(sqrt(49/34)) = 0.0895550744. */
  const double a[] = {2, 1};
  const uint8_t fa[] = {1, 1};
  const double b[] = {3, 4};
  const uint8_t fb[] = {1, 1};
  const uint8_t bad_flags[] = {2, 1};
  double chi2 = -1, p = -1;
  CHECK_OK(pv_logrank(&chi2, &p, a, fa, 2, b, fb, 2));
  CHECK_NEAR(chi2, 49.0 / 17, 1e-14);
  CHECK_NEAR(p, 0.08955507441364256, 1e-10);
  /* Errors leave both outputs as they were. */
  chi2 = -1;
  p = -1;
  CHECK_STATUS(pv_logrank(&chi2, &p, a, fa, 2, b, bad_flags, 2), PV_INVALID_ARGUMENT);
  CHECK_STREQ(pv_last_error(), "observed_b[0]: 2 is not 0 (censored) or 1 (failure)");
  CHECK_STATUS(pv_logrank(&chi2, &p, a, fa, 2, NULL, NULL, 0), PV_INVALID_ARGUMENT);
  CHECK_STREQ(pv_last_error(), "durations_b: no durations");
  CHECK_STATUS(pv_logrank(&chi2, &p, NULL, fa, 2, b, fb, 2), PV_INVALID_ARGUMENT);
  CHECK_STREQ(pv_last_error(), "pv_logrank: durations_a is NULL");
  CHECK_STATUS(pv_logrank(&chi2, NULL, a, fa, 2, b, fb, 2), PV_INVALID_ARGUMENT);
  CHECK_STREQ(pv_last_error(), "pv_logrank: p_value is NULL");
  CHECK(chi2 == -1 && p == -1);
}

static void test_crow_amsaa_and_laplace(void) {
  /* Failure-terminated at 1 and 4: T = 4, beta = 2 / ln(4/1) = 1 / ln 2,
   * lambda = 2 / 4^(1/ln 2) = 2 / e^2 (4^(1/ln 2) = e^(ln 4 / ln 2) = e^2). */
  const double times[] = {4, 1};
  const double end = 2, early = 3;
  double beta = -1, lambda = -1, u = -1;
  CHECK_OK(pv_crow_amsaa(&beta, &lambda, times, 2, NULL));
  CHECK_NEAR(beta, 1.4426950408889634, 1e-15);
  CHECK_NEAR(lambda, 0.2706705664732254, 1e-14);
  /* Time-terminated at 2 after one failure at 1: beta = 1 / ln 2,
   * lambda = 1 / 2^(1/ln 2) = 1/e. */
  CHECK_OK(pv_crow_amsaa(&beta, &lambda, times + 1, 1, &end));
  CHECK_NEAR(beta, 1.4426950408889634, 1e-15);
  CHECK_NEAR(lambda, 0.36787944117144233, 1e-14);
  beta = lambda = -1;
  CHECK_STATUS(pv_crow_amsaa(&beta, &lambda, times, 2, &early), PV_INVALID_ARGUMENT);
  CHECK_STREQ(pv_last_error(), "end: 3 is before the last failure time 4");
  CHECK_STATUS(pv_crow_amsaa(&beta, &lambda, times + 1, 1, NULL), PV_INVALID_ARGUMENT);
  CHECK_STREQ(pv_last_error(), "times: a failure-terminated fit needs at least 2 failure times");
  CHECK_STATUS(pv_crow_amsaa(&beta, &lambda, NULL, 2, NULL), PV_INVALID_ARGUMENT);
  CHECK_STREQ(pv_last_error(), "pv_crow_amsaa: times is NULL");
  CHECK_STATUS(pv_crow_amsaa(NULL, &lambda, times, 2, NULL), PV_INVALID_ARGUMENT);
  CHECK_STREQ(pv_last_error(), "pv_crow_amsaa: beta is NULL");
  CHECK(beta == -1 && lambda == -1);

  {
    /* Gaps 1, 2, 3: t = 1, 3, 6; T = 6, m = 2:
     * U = ((1 + 3)/2 - 6/2) / (6 sqrt(1/24)) = -1 / sqrt(3/2) = -sqrt(2/3). */
    const double gaps[] = {1, 2, 3};
    CHECK_OK(pv_laplace_trend(&u, gaps, 3));
    CHECK_NEAR(u, -0.816496580927726, 1e-14);
    u = -1;
    CHECK_STATUS(pv_laplace_trend(&u, gaps, 1), PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(),
                "times_between: the Laplace test needs at least 2 times between failures, got 1");
    CHECK_STATUS(pv_laplace_trend(&u, NULL, 3), PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "pv_laplace_trend: times_between is NULL");
    CHECK(u == -1);
  }
}

/* A pv_weibull_fit filled with a marker, to see what a call writes. */
static void mark(pv_weibull_fit* fit, uint32_t struct_size) {
  memset(fit, 0, sizeof *fit);
  fit->struct_size = struct_size;
  fit->shape = fit->scale = fit->loglik = fit->shape_se = fit->scale_se = -7;
  fit->shape_low = fit->shape_high = fit->scale_low = fit->scale_high = -7;
  fit->failures = fit->suspensions = -7;
}

static void test_weibull(void) {
  /* Dataset A of tests/cpp/weibull_test.cc, 14 failures; its mpmath reference. */
  static const double kA[] = {72, 82, 97, 103, 113, 117, 126, 127, 127, 139, 154, 159, 199, 207};
  pv_weibull_fit fit;
  mark(&fit, sizeof fit);
  CHECK_OK(pv_weibull_fit_censored(&fit, kA, 14, NULL, 0, PV_WEIBULL_MLE, PV_RANKS_BERNARD, 0.95));
  CHECK_EQ(fit.struct_size, sizeof fit);
  CHECK_NEAR(fit.shape, 3.6437330666015195, 1e-9);
  CHECK_NEAR(fit.scale, 144.27269236856797, 1e-9);
  CHECK_NEAR(fit.loglik, -70.869785594602405, 1e-11);
  CHECK_NEAR(fit.shape_se, 0.72822583497536976, 1e-8);
  CHECK_NEAR(fit.scale_se, 11.220740401941707, 1e-8);
  CHECK_NEAR(fit.shape_low, 2.4627929553313503, 1e-8);
  CHECK_NEAR(fit.shape_high, 5.3909487729791806, 1e-8);
  CHECK_NEAR(fit.scale_low, 123.87462111569735, 1e-8);
  CHECK_NEAR(fit.scale_high, 168.02965430533881, 1e-8);
  CHECK_EQ(fit.failures, 14);
  CHECK_EQ(fit.suspensions, 0);

  {
    /* Rank regression with a suspension, by hand (docs/reliability.md):
     * sorted F 10, S 20, F 30, F 40, n = 4; Johnson's ranks 1, 7/3, 11/3;
     * Bernard F = 0.159091, 0.462121, 0.765152; least squares of
     * ln(-ln(1-F)) on ln t: beta 1.428888, alpha 35.33197 (reliability:
     * 1.4288877039312466, 35.331973575605865). No likelihood errors: NaN. */
    const double failures[] = {40, 10, 30};
    const double censored[] = {20};
    mark(&fit, sizeof fit);
    CHECK_OK(pv_weibull_fit_censored(&fit, failures, 3, censored, 1, PV_WEIBULL_RRY,
                                     PV_RANKS_BERNARD, 0.95));
    CHECK_NEAR(fit.shape, 1.4288877039312466, 1e-12);
    CHECK_NEAR(fit.scale, 35.331973575605865, 1e-12);
    CHECK(is_nan(fit.shape_se) && is_nan(fit.scale_se));
    CHECK(is_nan(fit.shape_low) && is_nan(fit.scale_high));
    CHECK_EQ(fit.failures, 3);
    CHECK_EQ(fit.suspensions, 1);
    /* Exact median ranks of dataset A (scipy reference of weibull_test.cc). */
    CHECK_OK(pv_weibull_fit_censored(&fit, kA, 14, NULL, 0, PV_WEIBULL_RRY, PV_RANKS_EXACT, 0.95));
    CHECK_NEAR(fit.shape, 3.7267299499748185, 1e-10);
    CHECK_NEAR(fit.scale, 144.08704165667342, 1e-10);
  }
  {
    /* Warranty returns by month in service (weibull_test.cc, mpmath reference):
     * 2, 3, 5, 4 in months 1-4, 9 in 5-6, 17 in 7-12, 40 alive at 6, 120 at 12;
     * a count-0 row is ignored. */
    const double inf = INFINITY;
    const double left[] = {0, 1, 2, 3, 4, 5, 6, 6, 12};
    const double right[] = {1, 2, 3, 4, 6, 6.5, 12, inf, inf};
    const double counts[] = {2, 3, 5, 4, 9, 0, 17, 40, 120};
    mark(&fit, sizeof fit);
    CHECK_OK(pv_weibull_fit_interval(&fit, left, right, counts, 9, 0.95));
    CHECK_NEAR(fit.shape, 1.1956968302153529, 1e-9);
    CHECK_NEAR(fit.scale, 37.197247764178909, 1e-9);
    CHECK_NEAR(fit.loglik, -157.30015598427703, 1e-11);
    CHECK_NEAR(fit.scale_se, 8.7682823597653588, 1e-8);
    CHECK_NEAR(fit.shape_high, 1.6183141750479007, 1e-8);
    CHECK_EQ(fit.failures, 2 + 3 + 5 + 4 + 9 + 17);
    CHECK_EQ(fit.suspensions, 40 + 120);

    mark(&fit, sizeof fit);
    CHECK_STATUS(pv_weibull_fit_interval(&fit, left, right, counts, 9, 1.5), PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "ci: 1.5 is not a confidence level in (0, 1)");
    CHECK_STATUS(pv_weibull_fit_interval(&fit, left, NULL, counts, 9, 0.95), PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "pv_weibull_fit_interval: right is NULL");
    CHECK(fit.shape == -7 && fit.failures == -7);
  }

  /* A caller built with an older, smaller pv_weibull_fit (through `scale`):
   * the library writes no further, and says how much it wrote. */
  mark(&fit, (uint32_t)(offsetof(pv_weibull_fit, scale) + sizeof(double)));
  CHECK_OK(pv_weibull_fit_censored(&fit, kA, 14, NULL, 0, PV_WEIBULL_MLE, PV_RANKS_BERNARD, 0.95));
  CHECK_EQ(fit.struct_size, offsetof(pv_weibull_fit, scale) + sizeof(double));
  CHECK_NEAR(fit.shape, 3.6437330666015195, 1e-9);
  CHECK_NEAR(fit.scale, 144.27269236856797, 1e-9);
  CHECK(fit.loglik == -7 && fit.suspensions == -7);

  /* Errors: the core's message byte for byte, *out untouched. */
  {
    const double bad[] = {1, 2, 3, -1};
    const double one[] = {5};
    mark(&fit, sizeof fit);
    CHECK_STATUS(
        pv_weibull_fit_censored(&fit, bad, 4, NULL, 0, PV_WEIBULL_MLE, PV_RANKS_BERNARD, 0.95),
        PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "failures[3]: -1 is not a positive finite time");
    CHECK_STATUS(
        pv_weibull_fit_censored(&fit, NULL, 0, kA, 3, PV_WEIBULL_MLE, PV_RANKS_BERNARD, 0.95),
        PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "failures: at least one failure time is needed");
    CHECK_STATUS(
        pv_weibull_fit_censored(&fit, one, 1, kA, 3, PV_WEIBULL_RRY, PV_RANKS_BERNARD, 0.95),
        PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "failures: rank regression needs at least 2 failures, got 1");
    CHECK_STATUS(
        pv_weibull_fit_censored(&fit, kA, 14, NULL, 2, PV_WEIBULL_MLE, PV_RANKS_BERNARD, 0.95),
        PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "pv_weibull_fit_censored: censored is NULL");
    CHECK_STATUS(pv_weibull_fit_censored(&fit, kA, 14, NULL, 0, 2, PV_RANKS_BERNARD, 0.95),
                 PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(),
                "pv_weibull_fit_censored: method is 2, not one of PV_WEIBULL_MLE (0), "
                "PV_WEIBULL_RRY (1)");
    CHECK_STATUS(pv_weibull_fit_censored(&fit, kA, 14, NULL, 0, PV_WEIBULL_MLE, -1, 0.95),
                 PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(),
                "pv_weibull_fit_censored: positions is -1, not one of PV_RANKS_BERNARD (0), "
                "PV_RANKS_EXACT (1)");
    CHECK(fit.shape == -7 && fit.scale == -7 && fit.failures == -7);
    CHECK_EQ(fit.struct_size, sizeof fit);

    fit.struct_size = 0;
    CHECK_STATUS(
        pv_weibull_fit_censored(&fit, kA, 14, NULL, 0, PV_WEIBULL_MLE, PV_RANKS_BERNARD, 0.95),
        PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(),
                "pv_weibull_fit_censored: out->struct_size is 0; set it to sizeof(pv_weibull_fit)");
    CHECK(fit.shape == -7);
    CHECK_STATUS(
        pv_weibull_fit_censored(NULL, kA, 14, NULL, 0, PV_WEIBULL_MLE, PV_RANKS_BERNARD, 0.95),
        PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "pv_weibull_fit_censored: out is NULL");
  }
}

int main(void) {
  test_kaplan_meier();
  test_mcf();
  test_logrank();
  test_crow_amsaa_and_laplace();
  test_weibull();
  return check_report();
}
