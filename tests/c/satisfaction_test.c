/* Satisfaction scores through the C ABI (SPEC §7, §9.1): caller-owned
 * mergeable states, scores with their intervals, grouped scoring, SERVQUAL,
 * and the C-only checks (NULLs, element types, z, impossible states,
 * overflow, struct_size). The expected figures are worked out by hand in the
 * comments from the SPEC's formulas (the same data as tests/cpp/
 * satisfaction_test.cc, so the faces can be compared). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "postventa/postventa.h"

#define CHECK_NEAR(actual, expected, tolerance)                                             \
  do {                                                                                      \
    const double check_a_ = (actual);                                                       \
    const double check_e_ = (expected);                                                     \
    const int check_ok_ = fabs(check_a_ - check_e_) <= (tolerance);                         \
    check_record(check_ok_, __FILE__, __LINE__, #actual " near " #expected);                \
    if (!check_ok_) fprintf(stderr, "    got %.17g, expected %.17g\n", check_a_, check_e_); \
  } while (0)

/* The last call failed with `code` and exactly `message`. */
#define CHECK_FAILS(call, code, message)   \
  do {                                     \
    CHECK_STATUS(call, code);              \
    CHECK_STREQ(pv_last_error(), message); \
    CHECK_EQ(pv_last_error_code(), code);  \
  } while (0)

static int same_nps(pv_nps_state a, pv_nps_state b) {
  return a.promoters == b.promoters && a.passives == b.passives && a.detractors == b.detractors;
}

/* 5 promoters (9, 10), 3 passives (7, 8), 2 detractors (0, 6). */
static const int32_t kTen[10] = {9, 10, 9, 10, 9, 7, 8, 7, 0, 6};

static void test_nps_hand_worked(void) {
  pv_nps_state state = {0, 0, 0};
  pv_score s;
  CHECK_OK(pv_nps_state_add(&state, kTen, 10, PV_I32));
  CHECK_EQ(state.promoters, 5);
  CHECK_EQ(state.passives, 3);
  CHECK_EQ(state.detractors, 2);
  /* P = .5, D = .2: nps = 100 (.5 - .2) = 30;
   * se = 100 sqrt((.5 + .2 - .3^2) / 10) = 100 sqrt(.061) = 24.698178070456938;
   * z se = 1.959963984540054 x 24.698178070456938 = 48.407539501852570;
   * [30 - 48.40753950185257, 30 + 48.40753950185257]. */
  CHECK_OK(pv_nps_state_score(&s, &state, PV_Z95));
  CHECK_EQ(s.n, 10);
  CHECK_NEAR(s.value, 30.0, 1e-9);
  CHECK_NEAR(s.low, -18.40753950185257, 1e-9);
  CHECK_NEAR(s.high, 78.40753950185257, 1e-9);
  /* z = 1: the interval is nps ± se. */
  CHECK_OK(pv_nps_state_score(&s, &state, 1.0));
  CHECK_NEAR(s.low, 30.0 - 24.698178070456938, 1e-9);
  CHECK_NEAR(s.high, 30.0 + 24.698178070456938, 1e-9);
  {
    /* 9 promoters, 1 detractor: nps 80, se = 100 sqrt((1 - .64) / 10) =
     * 18.973665961010276, 80 + z se = 117.19 is clipped to 100. */
    const uint8_t high[10] = {9, 9, 9, 9, 9, 9, 9, 9, 9, 0};
    pv_nps_state h = {0, 0, 0};
    CHECK_OK(pv_nps_state_add(&h, high, 10, PV_U8));
    CHECK_OK(pv_nps_state_score(&s, &h, PV_Z95));
    CHECK_NEAR(s.value, 80.0, 1e-9);
    CHECK(s.high == 100.0);
  }
}

static void test_merge_of_halves_is_the_whole(void) {
  pv_nps_state whole = {0, 0, 0}, first = {0, 0, 0}, second = {0, 0, 0};
  pv_score a, b;
  CHECK_OK(pv_nps_state_add(&whole, kTen, 10, PV_I32));
  CHECK_OK(pv_nps_state_add(&first, kTen, 5, PV_I32));
  CHECK_OK(pv_nps_state_add(&second, kTen + 5, 5, PV_I32));
  /* Halves: 9 10 9 10 9 -> {5, 0, 0}; 7 8 7 0 6 -> {0, 3, 2}. */
  CHECK_EQ(first.promoters, 5);
  CHECK_EQ(second.passives, 3);
  CHECK_OK(pv_nps_state_merge(&second, &first)); /* the other order */
  CHECK(same_nps(second, whole));
  CHECK_OK(pv_nps_state_score(&a, &whole, PV_Z95));
  CHECK_OK(pv_nps_state_score(&b, &second, PV_Z95));
  CHECK(memcmp(&a, &b, sizeof a) == 0); /* bit for bit */

  /* add accumulates: adding both halves to one state is the whole too. */
  {
    pv_nps_state acc = {0, 0, 0};
    CHECK_OK(pv_nps_state_add(&acc, kTen + 5, 5, PV_I32));
    CHECK_OK(pv_nps_state_add(&acc, kTen, 5, PV_I32));
    CHECK(same_nps(acc, whole));
  }
  {
    /* CSAT and CES halves. */
    const int16_t csat[6] = {5, 4, 1, 3, 4, 2};
    pv_csat_state cw = {0, 0}, c1 = {0, 0}, c2 = {0, 0};
    const double ces[6] = {1, 7, 2, 2, 5, 6};
    pv_ces_state ew = {0, 0, 0}, e1 = {0, 0, 0}, e2 = {0, 0, 0};
    CHECK_OK(pv_csat_state_add(&cw, csat, 6, PV_I16));
    CHECK_OK(pv_csat_state_add(&c1, csat, 2, PV_I16));
    CHECK_OK(pv_csat_state_add(&c2, csat + 2, 4, PV_I16));
    CHECK_OK(pv_csat_state_merge(&c1, &c2));
    CHECK_EQ(cw.satisfied, 3);
    CHECK_EQ(cw.n, 6);
    CHECK(c1.satisfied == cw.satisfied && c1.n == cw.n);
    CHECK_OK(pv_ces_state_add(&ew, ces, 6, PV_F64));
    CHECK_OK(pv_ces_state_add(&e1, ces, 3, PV_F64));
    CHECK_OK(pv_ces_state_add(&e2, ces + 3, 3, PV_F64));
    CHECK_OK(pv_ces_state_merge(&e1, &e2));
    /* n 6, sum 23, sum_sq 1 + 49 + 4 + 4 + 25 + 36 = 119. */
    CHECK_EQ(ew.n, 6);
    CHECK_EQ(ew.sum, 23);
    CHECK_EQ(ew.sum_sq, 119);
    CHECK(e1.n == ew.n && e1.sum == ew.sum && e1.sum_sq == ew.sum_sq);
  }
}

static void test_csat_and_ces(void) {
  pv_csat_state csat = {0, 0};
  pv_ces_state ces = {0, 0, 0};
  pv_score s;
  const int64_t answers[10] = {5, 4, 4, 5, 5, 4, 4, 5, 3, 1};
  const double one_to_five[5] = {1, 2, 3, 4, 5};
  CHECK_OK(pv_csat_state_add(&csat, answers, 10, PV_I64));
  CHECK_EQ(csat.satisfied, 8);
  CHECK_EQ(csat.n, 10);
  /* Wilson, 8 of 10, z = 1.96: p = .8, z^2 = 3.8416, 1 + z^2/n = 1.38416;
   * center = (.8 + 3.8416/20) / 1.38416 = .99208 / 1.38416 = .716738238;
   * half = 1.96 / 1.38416 x sqrt(.016 + .009604) = 1.416021270 x .160012500
   * = .226581403; [.490156835, .943319641] -> percent [49.0156847, 94.3319052]. */
  CHECK_OK(pv_csat_state_score(&s, &csat, 1.96));
  CHECK_EQ(s.n, 10);
  CHECK_NEAR(s.value, 80.0, 1e-9);
  CHECK_NEAR(s.low, 49.01568467207, 1e-9);
  CHECK_NEAR(s.high, 94.33190520193, 1e-9);

  CHECK_OK(pv_ces_state_add(&ces, one_to_five, 5, PV_F64));
  CHECK_EQ(ces.n, 5);
  CHECK_EQ(ces.sum, 15);
  CHECK_EQ(ces.sum_sq, 55);
  /* mean 3; s^2 = (4 + 1 + 0 + 1 + 4) / 4 = 2.5; s / sqrt(5) = sqrt(.5) =
   * .7071067811865476; z x that = 1.3859038243496777;
   * [1.6140961756503223, 4.3859038243496777]. */
  CHECK_OK(pv_ces_state_score(&s, &ces, PV_Z95));
  CHECK_NEAR(s.value, 3.0, 1e-12);
  CHECK_NEAR(s.low, 1.6140961756503223, 1e-9);
  CHECK_NEAR(s.high, 4.3859038243496777, 1e-9);
  {
    /* One answer: a mean, no interval. */
    const uint16_t six = 6;
    pv_ces_state one = {0, 0, 0};
    CHECK_OK(pv_ces_state_add(&one, &six, 1, PV_U16));
    CHECK_OK(pv_ces_state_score(&s, &one, PV_Z95));
    CHECK_EQ(s.n, 1);
    CHECK(s.value == 6.0);
    CHECK(isnan(s.low) && isnan(s.high));
  }
}

static void test_empty(void) {
  pv_nps_state nps = {0, 0, 0};
  pv_csat_state csat = {0, 0};
  pv_ces_state ces = {0, 0, 0};
  pv_score s;
  /* A NULL array with count 0 is an empty array. */
  CHECK_OK(pv_nps_state_add(&nps, NULL, 0, PV_I8));
  CHECK_OK(pv_csat_state_add(&csat, NULL, 0, PV_F64));
  CHECK_OK(pv_ces_state_add(&ces, NULL, 0, PV_U64));
  CHECK(nps.promoters == 0 && nps.passives == 0 && nps.detractors == 0);
  CHECK_OK(pv_nps_state_score(&s, &nps, PV_Z95));
  CHECK_EQ(s.n, 0);
  CHECK(isnan(s.value) && isnan(s.low) && isnan(s.high));
  CHECK_OK(pv_csat_state_score(&s, &csat, PV_Z95));
  CHECK(s.n == 0 && isnan(s.value));
  CHECK_OK(pv_ces_state_score(&s, &ces, PV_Z95));
  CHECK(s.n == 0 && isnan(s.value));
}

/* 9, 10 promoters; 7 passive; 0, 3, 6 detractors -> {2, 1, 3}, in every type. */
static void test_every_element_type(void) {
#define PV_TEST_TYPE(ctype, code)                \
  do {                                           \
    const ctype v[6] = {9, 10, 7, 0, 3, 6};      \
    pv_nps_state st = {0, 0, 0};                 \
    const pv_nps_state expected = {2, 1, 3};     \
    CHECK_OK(pv_nps_state_add(&st, v, 6, code)); \
    CHECK(same_nps(st, expected));               \
  } while (0)
  PV_TEST_TYPE(int8_t, PV_I8);
  PV_TEST_TYPE(int16_t, PV_I16);
  PV_TEST_TYPE(int32_t, PV_I32);
  PV_TEST_TYPE(int64_t, PV_I64);
  PV_TEST_TYPE(uint8_t, PV_U8);
  PV_TEST_TYPE(uint16_t, PV_U16);
  PV_TEST_TYPE(uint32_t, PV_U32);
  PV_TEST_TYPE(uint64_t, PV_U64);
  PV_TEST_TYPE(double, PV_F64);
#undef PV_TEST_TYPE
  /* The numbers are part of the ABI. */
  CHECK_EQ(PV_I8, 1);
  CHECK_EQ(PV_U8, 5);
  CHECK_EQ(PV_F64, 9);
}

static void test_answer_errors(void) {
  pv_nps_state state = {1, 2, 3};
  const pv_nps_state before = {1, 2, 3};
  pv_csat_state csat = {4, 5};
  pv_ces_state ces = {1, 7, 49};
  const int8_t bad[3] = {9, 10, 11};
  const int32_t negative[2] = {9, -1};
  const uint64_t huge[1] = {UINT64_MAX};
  const double half[2] = {9.0, 8.5};
  const uint8_t csat_bad[3] = {5, 4, 0};
  const int64_t ces_bad[3] = {1, 7, 8};

  CHECK_FAILS(pv_nps_state_add(&state, bad, 3, PV_I8), PV_INVALID_ARGUMENT,
              "scores[2]: 11 is outside the NPS scale 0-10");
  CHECK(same_nps(state, before)); /* unchanged: the good answers 9, 10 are not added */
  CHECK_FAILS(pv_nps_state_add(&state, negative, 2, PV_I32), PV_INVALID_ARGUMENT,
              "scores[1]: -1 is outside the NPS scale 0-10");
  CHECK_FAILS(pv_nps_state_add(&state, huge, 1, PV_U64), PV_INVALID_ARGUMENT,
              "scores[0]: 18446744073709551615 is outside the NPS scale 0-10");
  CHECK_FAILS(pv_nps_state_add(&state, half, 2, PV_F64), PV_INVALID_ARGUMENT,
              "scores[1]: 8.5 is not a whole answer on the NPS scale 0-10");
  CHECK(same_nps(state, before));
  CHECK_FAILS(pv_csat_state_add(&csat, csat_bad, 3, PV_U8), PV_INVALID_ARGUMENT,
              "scores[2]: 0 is outside the CSAT scale 1-5");
  CHECK(csat.satisfied == 4 && csat.n == 5);
  CHECK_FAILS(pv_ces_state_add(&ces, ces_bad, 3, PV_I64), PV_INVALID_ARGUMENT,
              "scores[2]: 8 is outside the CES scale 1-7");
  CHECK(ces.n == 1 && ces.sum == 7 && ces.sum_sq == 49);

  /* Element type numbers outside PV_I8 ... PV_F64. */
  CHECK_FAILS(pv_nps_state_add(&state, bad, 2, 0), PV_INVALID_ARGUMENT,
              "pv_nps_state_add: type is 0, not an element type (PV_I8 = 1 ... PV_F64 = 9)");
  CHECK_FAILS(pv_ces_state_add(&ces, bad, 2, 10), PV_INVALID_ARGUMENT,
              "pv_ces_state_add: type is 10, not an element type (PV_I8 = 1 ... PV_F64 = 9)");
  CHECK(same_nps(state, before));
}

static void test_nulls_z_and_bad_states(void) {
  pv_nps_state nps = {1, 1, 1};
  pv_csat_state csat = {1, 2};
  pv_ces_state ces = {2, 3, 5};
  pv_score s;
  pv_score untouched;
  memset(&s, 0xAB, sizeof s);
  memcpy(&untouched, &s, sizeof s);

  CHECK_FAILS(pv_nps_state_add(NULL, kTen, 1, PV_I32), PV_INVALID_ARGUMENT,
              "pv_nps_state_add: state is NULL");
  CHECK_FAILS(pv_csat_state_add(&csat, NULL, 1, PV_I32), PV_INVALID_ARGUMENT,
              "pv_csat_state_add: scores is NULL");
  CHECK_FAILS(pv_ces_state_merge(NULL, &ces), PV_INVALID_ARGUMENT,
              "pv_ces_state_merge: into is NULL");
  CHECK_FAILS(pv_nps_state_merge(&nps, NULL), PV_INVALID_ARGUMENT,
              "pv_nps_state_merge: other is NULL");
  CHECK_FAILS(pv_csat_state_score(NULL, &csat, PV_Z95), PV_INVALID_ARGUMENT,
              "pv_csat_state_score: out is NULL");
  CHECK_FAILS(pv_ces_state_score(&s, NULL, PV_Z95), PV_INVALID_ARGUMENT,
              "pv_ces_state_score: state is NULL");

  /* z must be positive and finite. */
  CHECK_FAILS(pv_nps_state_score(&s, &nps, 0.0), PV_INVALID_ARGUMENT,
              "pv_nps_state_score: z is 0; it must be positive and finite (PV_Z95 for a 95 % "
              "interval)");
  CHECK_FAILS(pv_csat_state_score(&s, &csat, -1.0), PV_INVALID_ARGUMENT,
              "pv_csat_state_score: z is -1; it must be positive and finite (PV_Z95 for a 95 % "
              "interval)");
  CHECK_STATUS(pv_ces_state_score(&s, &ces, NAN), PV_INVALID_ARGUMENT);
  CHECK_STATUS(pv_ces_state_score(&s, &ces, INFINITY), PV_INVALID_ARGUMENT);

  /* States no answers could produce. */
  nps.passives = -2;
  CHECK_FAILS(pv_nps_state_score(&s, &nps, PV_Z95), PV_INVALID_ARGUMENT,
              "pv_nps_state_score: state->passives is -2; counts cannot be negative");
  csat.satisfied = 3; /* of n = 2 */
  CHECK_FAILS(pv_csat_state_score(&s, &csat, PV_Z95), PV_INVALID_ARGUMENT,
              "pv_csat_state_score: state->satisfied (3) is more than state->n (2)");
  ces.sum = 15; /* two answers on 1-7 sum to at most 14 */
  CHECK_FAILS(pv_ces_state_score(&s, &ces, PV_Z95), PV_INVALID_ARGUMENT,
              "pv_ces_state_score: state->sum is 15, which 2 answers on 1-7 cannot give (from n "
              "to 7 n)");
  ces.sum = 3;
  ces.sum_sq = 1; /* two answers have squares summing to at least 2 */
  CHECK_FAILS(pv_ces_state_score(&s, &ces, PV_Z95), PV_INVALID_ARGUMENT,
              "pv_ces_state_score: state->sum_sq is 1, which 2 answers on 1-7 cannot give (from "
              "n to 49 n)");
  CHECK(memcmp(&s, &untouched, sizeof s) == 0); /* no failed call wrote *out */

  {
    /* Overflow of int64 counts: PV_OUT_OF_RANGE and `into` unchanged. */
    pv_csat_state big = {INT64_MAX, INT64_MAX};
    const pv_csat_state one = {1, 1};
    const uint8_t five = 5;
    CHECK_FAILS(pv_csat_state_merge(&big, &one), PV_OUT_OF_RANGE,
                "pv_csat_state_merge: the counts would overflow int64");
    CHECK(big.satisfied == INT64_MAX && big.n == INT64_MAX);
    CHECK_FAILS(pv_csat_state_add(&big, &five, 1, PV_U8), PV_OUT_OF_RANGE,
                "pv_csat_state_add: the counts would overflow int64");
    CHECK(big.satisfied == INT64_MAX && big.n == INT64_MAX);
  }
  /* A successful call does not clear the last error. */
  CHECK_OK(pv_nps_state_add(&nps, kTen, 1, PV_I32));
  CHECK_EQ(pv_last_error_code(), PV_OUT_OF_RANGE);
}

static void test_grouped(void) {
  /* group 0: 10, 0 -> 1 promoter, 1 detractor; group 1: none; group 2: 8, 9. */
  const uint8_t scores[4] = {10, 8, 0, 9};
  const int64_t groups[4] = {0, 2, 0, 2};
  pv_nps_state* nps = NULL;
  size_t n = 99;
  CHECK_OK(pv_nps_by_group(&nps, &n, scores, PV_U8, groups, PV_I64, 4, 1));
  CHECK_EQ(n, 3);
  if (nps != NULL && n == 3) {
    const pv_nps_state g0 = {1, 0, 1}, g1 = {0, 0, 0}, g2 = {1, 1, 0};
    pv_score s;
    CHECK(same_nps(nps[0], g0));
    CHECK(same_nps(nps[1], g1));
    CHECK(same_nps(nps[2], g2));
    /* group 0: P = D = .5, nps 0; the empty group scores NaN. */
    CHECK_OK(pv_nps_state_score(&s, &nps[0], PV_Z95));
    CHECK(s.value == 0.0);
    CHECK_OK(pv_nps_state_score(&s, &nps[1], PV_Z95));
    CHECK(s.n == 0 && isnan(s.value));
  }
  pv_free(nps);

  {
    /* Ids 4 and 1: groups 0..4; 5 in group 1 (satisfied), 3 in group 4 (not). */
    const double answers[2] = {3, 5};
    const uint16_t ids[2] = {4, 1};
    pv_csat_state* csat = NULL;
    CHECK_OK(pv_csat_by_group(&csat, &n, answers, PV_F64, ids, PV_U16, 2, 1));
    CHECK_EQ(n, 5);
    if (csat != NULL && n == 5) {
      CHECK(csat[0].satisfied == 0 && csat[0].n == 0);
      CHECK(csat[1].satisfied == 1 && csat[1].n == 1);
      CHECK(csat[4].satisfied == 0 && csat[4].n == 1);
    }
    pv_free(csat);
  }
  {
    /* CES: group 1 gets 1 and 3 (n 2, sum 4, sum_sq 10); group 0 gets 7. */
    const int8_t answers[3] = {1, 7, 3};
    const uint32_t ids[3] = {1, 0, 1};
    pv_ces_state* ces = NULL;
    CHECK_OK(pv_ces_by_group(&ces, &n, answers, PV_I8, ids, PV_U32, 3, 2));
    CHECK_EQ(n, 2);
    if (ces != NULL && n == 2) {
      CHECK(ces[0].n == 1 && ces[0].sum == 7 && ces[0].sum_sq == 49);
      CHECK(ces[1].n == 2 && ces[1].sum == 4 && ces[1].sum_sq == 10);
    }
    pv_free(ces);
  }
  {
    /* Empty input: no groups, a NULL array. */
    pv_ces_state* ces = (pv_ces_state*)&n; /* anything but NULL */
    CHECK_OK(pv_ces_by_group(&ces, &n, NULL, PV_I8, NULL, PV_I8, 0, 1));
    CHECK(ces == NULL);
    CHECK_EQ(n, 0);
  }
  {
    /* Errors: the core's messages; *out and *out_groups untouched. */
    const int32_t bad_ids[3] = {0, -4, 1};
    const double float_ids[4] = {0, 0, 0, 0};
    pv_nps_state* out = NULL;
    size_t count = 7;
    CHECK_FAILS(pv_nps_by_group(&out, &count, scores, PV_U8, bad_ids, PV_I32, 3, 1),
                PV_INVALID_ARGUMENT, "groups[1]: -4 is negative (group ids are 0, 1, 2, ...)");
    CHECK_FAILS(pv_nps_by_group(&out, &count, scores, PV_U8, float_ids, PV_F64, 4, 1),
                PV_INVALID_ARGUMENT, "groups: group ids must be an integer array");
    CHECK_FAILS(pv_nps_by_group(&out, &count, scores, PV_U8, groups, PV_I64, 4, 0),
                PV_INVALID_ARGUMENT, "threads: must be at least 1, got 0");
    CHECK_FAILS(pv_nps_by_group(&out, &count, scores, PV_U8, groups, 11, 4, 1), PV_INVALID_ARGUMENT,
                "pv_nps_by_group: group_type is 11, not an element type (PV_I8 = 1 ... PV_F64 = "
                "9)");
    CHECK_FAILS(pv_nps_by_group(&out, &count, scores, -1, groups, PV_I64, 4, 1),
                PV_INVALID_ARGUMENT,
                "pv_nps_by_group: score_type is -1, not an element type (PV_I8 = 1 ... PV_F64 = "
                "9)");
    CHECK_FAILS(pv_nps_by_group(NULL, &count, scores, PV_U8, groups, PV_I64, 4, 1),
                PV_INVALID_ARGUMENT, "pv_nps_by_group: out is NULL");
    CHECK_FAILS(pv_csat_by_group((pv_csat_state**)&out, NULL, scores, PV_U8, groups, PV_I64, 4, 1),
                PV_INVALID_ARGUMENT, "pv_csat_by_group: out_groups is NULL");
    CHECK_FAILS(pv_ces_by_group((pv_ces_state**)&out, &count, scores, PV_U8, NULL, PV_I64, 4, 1),
                PV_INVALID_ARGUMENT, "pv_ces_by_group: groups is NULL");
    CHECK(out == NULL);
    CHECK_EQ(count, 7);
  }
  {
    /* Threads: 200 000 rows over 3 threads equal one thread (the parts are at
     * least 65 536 rows, so 3 threads are really used). Answers i % 11, ids
     * i % 5: group g holds the rows i = g, g + 5, ...; i % 11 then cycles
     * through all eleven answers every 55 rows. */
    const size_t rows = 200000;
    uint8_t* a = (uint8_t*)malloc(rows);
    uint16_t* g = (uint16_t*)malloc(rows * sizeof *g);
    pv_nps_state *one = NULL, *three = NULL;
    size_t n1 = 0, n3 = 0, i;
    int64_t total = 0;
    if (a == NULL || g == NULL) {
      CHECK(0);
    } else {
      for (i = 0; i < rows; ++i) {
        a[i] = (uint8_t)(i % 11);
        g[i] = (uint16_t)(i % 5);
      }
      CHECK_OK(pv_nps_by_group(&one, &n1, a, PV_U8, g, PV_U16, rows, 1));
      CHECK_OK(pv_nps_by_group(&three, &n3, a, PV_U8, g, PV_U16, rows, 3));
      CHECK_EQ(n1, 5);
      CHECK_EQ(n3, 5);
      if (one != NULL && three != NULL && n1 == 5 && n3 == 5) {
        CHECK(memcmp(one, three, 5 * sizeof *one) == 0);
        for (i = 0; i < 5; ++i) total += one[i].promoters + one[i].passives + one[i].detractors;
        CHECK_EQ(total, 200000);
      }
    }
    pv_free(one);
    pv_free(three);
    free(a);
    free(g);
  }
}

/* Respondent 0: E = 5 everywhere, P = 4 on items 1-4 (gap -1), 6 elsewhere
 * (+1). Respondent 1: E = 7, P = 7 on items 1-17 (0), 5 on items 18-22 (-2). */
static void servqual_data(int8_t* e, int8_t* p) {
  int item;
  for (item = 1; item <= 22; ++item) {
    e[item - 1] = 5;
    p[item - 1] = (int8_t)(item <= 4 ? 4 : 6);
    e[22 + item - 1] = 7;
    p[22 + item - 1] = (int8_t)(item >= 18 ? 5 : 7);
  }
}

static void test_servqual(void) {
  int8_t e[44], p[44];
  pv_servqual_result r;
  servqual_data(e, p);
  memset(&r, 0xAB, sizeof r);
  r.struct_size = sizeof r;
  /* Tangibles (4 items): (4 x -1 + 4 x 0) / 8 = -.5; Reliability (5 items):
   * (5 x 1 + 0) / 10 = .5; Responsiveness and Assurance likewise .5; Empathy
   * (5 items): (5 x 1 + 5 x -2) / 10 = -.5. Overall (-.5 + .5 + .5 + .5 - .5)
   * / 5 = .1; without weights, weighted uses equal weights = .1. */
  CHECK_OK(pv_servqual(&r, e, p, PV_I8, 2, NULL));
  CHECK_EQ(r.struct_size, sizeof r);
  CHECK_EQ(r.n, 2);
  CHECK_NEAR(r.dimensions[PV_SERVQUAL_TANGIBLES], -0.5, 1e-12);
  CHECK_NEAR(r.dimensions[PV_SERVQUAL_RELIABILITY], 0.5, 1e-12);
  CHECK_NEAR(r.dimensions[PV_SERVQUAL_RESPONSIVENESS], 0.5, 1e-12);
  CHECK_NEAR(r.dimensions[PV_SERVQUAL_ASSURANCE], 0.5, 1e-12);
  CHECK_NEAR(r.dimensions[PV_SERVQUAL_EMPATHY], -0.5, 1e-12);
  CHECK_NEAR(r.overall, 0.1, 1e-12);
  CHECK_NEAR(r.weighted, 0.1, 1e-12);
  CHECK_EQ(r.has_weighted, 0);
  {
    /* Weights 3, 1, 0, 0, 0 -> .75, .25: .75 x -.5 + .25 x .5 = -.25. */
    const double w[5] = {3, 1, 0, 0, 0};
    CHECK_OK(pv_servqual(&r, e, p, PV_I8, 2, w));
    CHECK_NEAR(r.weighted, -0.25, 1e-12);
    CHECK_NEAR(r.overall, 0.1, 1e-12);
    CHECK_EQ(r.has_weighted, 1);
  }
  {
    /* The same answers as doubles. */
    double ed[44], pd[44];
    int i;
    for (i = 0; i < 44; ++i) {
      ed[i] = e[i];
      pd[i] = p[i];
    }
    CHECK_OK(pv_servqual(&r, ed, pd, PV_F64, 2, NULL));
    CHECK_NEAR(r.overall, 0.1, 1e-12);
  }
  {
    /* No respondents: NaN, n = 0; NULL arrays are fine then. */
    CHECK_OK(pv_servqual(&r, NULL, NULL, PV_I8, 0, NULL));
    CHECK_EQ(r.n, 0);
    CHECK(isnan(r.overall) && isnan(r.weighted) && isnan(r.dimensions[0]));
  }
  {
    /* Errors: the core's messages, *out untouched. */
    const double negative[5] = {1, 1, -0.5, 1, 1};
    pv_servqual_result before;
    memset(&r, 0xCD, sizeof r);
    r.struct_size = sizeof r;
    memcpy(&before, &r, sizeof r);
    p[22 + 7] = 8; /* respondent 1, item index 7 (SPEC item 8) */
    CHECK_FAILS(pv_servqual(&r, e, p, PV_I8, 2, NULL), PV_INVALID_ARGUMENT,
                "perceptions[1][7]: 8 is outside the SERVQUAL scale 1-7");
    p[22 + 7] = 7;
    CHECK_FAILS(pv_servqual(&r, e, p, PV_I8, 2, negative), PV_INVALID_ARGUMENT,
                "weights[2]: -0.5 is negative");
    CHECK_FAILS(pv_servqual(&r, NULL, p, PV_I8, 2, NULL), PV_INVALID_ARGUMENT,
                "pv_servqual: expectations is NULL");
    CHECK_FAILS(pv_servqual(&r, e, NULL, PV_I8, 2, NULL), PV_INVALID_ARGUMENT,
                "pv_servqual: perceptions is NULL");
    CHECK_FAILS(pv_servqual(NULL, e, p, PV_I8, 2, NULL), PV_INVALID_ARGUMENT,
                "pv_servqual: out is NULL");
    CHECK_FAILS(pv_servqual(&r, e, p, 42, 2, NULL), PV_INVALID_ARGUMENT,
                "pv_servqual: type is 42, not an element type (PV_I8 = 1 ... PV_F64 = 9)");
    CHECK(memcmp(&r, &before, sizeof r) == 0);
    r.struct_size = 0;
    CHECK_FAILS(pv_servqual(&r, e, p, PV_I8, 2, NULL), PV_INVALID_ARGUMENT,
                "pv_servqual: out->struct_size is 0; set it to sizeof(pv_servqual_result)");
  }
  {
    /* An older, smaller struct (through `overall`): the library writes no more
     * than struct_size bytes, and says how many it wrote. */
    const size_t small = offsetof(pv_servqual_result, overall) + sizeof(double);
    unsigned char buffer[sizeof(pv_servqual_result)];
    pv_servqual_result* old = (pv_servqual_result*)buffer;
    size_t i;
    int beyond_untouched = 1;
    uint32_t size = 0;
    double overall = 0;
    memset(buffer, 0xEE, sizeof buffer);
    old->struct_size = (uint32_t)small;
    CHECK_OK(pv_servqual(old, e, p, PV_I8, 2, NULL));
    for (i = small; i < sizeof buffer; ++i) beyond_untouched &= buffer[i] == 0xEE;
    CHECK(beyond_untouched);
    memcpy(&size, buffer, sizeof size);
    CHECK_EQ(size, small);
    memcpy(&overall, buffer + offsetof(pv_servqual_result, overall), sizeof overall);
    CHECK_NEAR(overall, 0.1, 1e-12);
  }
}

int main(void) {
  test_nps_hand_worked();
  test_merge_of_halves_is_the_whole();
  test_csat_and_ces();
  test_empty();
  test_every_element_type();
  test_answer_errors();
  test_nulls_z_and_bad_states();
  test_grouped();
  test_servqual();
  return check_report();
}
