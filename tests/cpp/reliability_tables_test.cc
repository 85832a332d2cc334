// The tabular forms of the survival results (postventa/survival.h, to_table):
// column names, types and order, and every value carried over as it is. The
// rows are written by hand, so each expected cell is the value put in; the
// last test runs kaplan_meier on a case worked by hand to check the two fit.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/survival.h"
#include "postventa/table.h"
#include "status_macros.h"

namespace postventa {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

std::vector<std::string> Names(const Table& t) {
  std::vector<std::string> names;
  for (int c = 0; c < t.num_columns(); ++c) names.push_back(t.column_name(c));
  return names;
}

std::vector<Table::Type> Types(const Table& t) {
  std::vector<Table::Type> types;
  for (int c = 0; c < t.num_columns(); ++c) types.push_back(t.column_type(c));
  return types;
}

std::vector<double> Doubles(const Table& t, int c) {
  absl::Span<const double> v = t.double_values(c);
  return {v.begin(), v.end()};
}

std::vector<int64_t> Ints(const Table& t, int c) {
  absl::Span<const int64_t> v = t.int64_values(c);
  return {v.begin(), v.end()};
}

using T = Table::Type;

TEST(KaplanMeierTable, ColumnsAndValues) {
  const std::vector<KaplanMeierRow> rows = {
      {0.0, 1.0, 1.0, 1.0, 5, 0, 0},
      {2.5, 0.8, 0.2, 0.97, 5, 1, 0},
      {4.0, 0.4, 0.05, 0.75, 4, 2, 1},
  };
  ASSERT_OK_AND_ASSIGN(Table t, to_table(rows));
  EXPECT_THAT(Names(t),
              ElementsAre("time", "survival", "lower", "upper", "at_risk", "events", "censored"));
  EXPECT_THAT(Types(t), ElementsAre(T::kDouble, T::kDouble, T::kDouble, T::kDouble, T::kInt64,
                                    T::kInt64, T::kInt64));
  ASSERT_EQ(t.num_rows(), 3);
  EXPECT_THAT(Doubles(t, 0), ElementsAre(0.0, 2.5, 4.0));
  EXPECT_THAT(Doubles(t, 1), ElementsAre(1.0, 0.8, 0.4));
  EXPECT_THAT(Doubles(t, 2), ElementsAre(1.0, 0.2, 0.05));
  EXPECT_THAT(Doubles(t, 3), ElementsAre(1.0, 0.97, 0.75));
  EXPECT_THAT(Ints(t, 4), ElementsAre(5, 5, 4));
  EXPECT_THAT(Ints(t, 5), ElementsAre(0, 1, 2));
  EXPECT_THAT(Ints(t, 6), ElementsAre(0, 0, 1));
  for (int c = 0; c < t.num_columns(); ++c) EXPECT_EQ(t.null_count(c), 0) << c;
}

TEST(McfTable, ColumnsAndValues) {
  const std::vector<McfRow> rows = {
      {1.0, 1.0 / 3, 2.0 / 27, 0.087, 1.277},
      {3.0, 4.0 / 3, 13.0 / 54, 0.728, 2.442},
  };
  ASSERT_OK_AND_ASSIGN(Table t, to_table(rows));
  EXPECT_THAT(Names(t), ElementsAre("time", "mcf", "variance", "lower", "upper"));
  EXPECT_THAT(Types(t), ElementsAre(T::kDouble, T::kDouble, T::kDouble, T::kDouble, T::kDouble));
  ASSERT_EQ(t.num_rows(), 2);
  EXPECT_THAT(Doubles(t, 0), ElementsAre(1.0, 3.0));
  EXPECT_THAT(Doubles(t, 1), ElementsAre(1.0 / 3, 4.0 / 3));
  EXPECT_THAT(Doubles(t, 2), ElementsAre(2.0 / 27, 13.0 / 54));
  EXPECT_THAT(Doubles(t, 3), ElementsAre(0.087, 0.728));
  EXPECT_THAT(Doubles(t, 4), ElementsAre(1.277, 2.442));
}

TEST(McfTable, NoRowsKeepsTheColumns) {
  ASSERT_OK_AND_ASSIGN(Table t, to_table(absl::Span<const McfRow>()));
  EXPECT_EQ(t.num_rows(), 0);
  EXPECT_THAT(Names(t), ElementsAre("time", "mcf", "variance", "lower", "upper"));
  ASSERT_OK_AND_ASSIGN(Table k, to_table(absl::Span<const KaplanMeierRow>()));
  EXPECT_EQ(k.num_rows(), 0);
  EXPECT_EQ(k.num_columns(), 7);
}

TEST(KaplanMeierTable, FromTheEstimator) {
  // 4 units: failures at 1 and 3, censored at 2 and 3. Rows: 0 (S = 1, n = 4);
  // 1: n = 4, d = 1, S = 3/4; 2: n = 3, c = 1, S = 3/4; 3: n = 2, d = 1, c = 1,
  // S = 3/4 * 1/2 = 3/8.
  const std::vector<double> durations = {3, 1, 2, 3};
  const std::vector<uint8_t> observed = {1, 1, 0, 0};
  ASSERT_OK_AND_ASSIGN(std::vector<KaplanMeierRow> rows, kaplan_meier(durations, observed));
  ASSERT_OK_AND_ASSIGN(Table t, to_table(rows));
  EXPECT_THAT(Doubles(t, 0), ElementsAre(0.0, 1.0, 2.0, 3.0));
  // S is the product of (1 - d/n): equal to the fractions up to rounding.
  EXPECT_THAT(Doubles(t, 1), ElementsAre(1.0, DoubleNear(0.75, 1e-15), DoubleNear(0.75, 1e-15),
                                         DoubleNear(0.375, 1e-15)));
  EXPECT_THAT(Ints(t, 4), ElementsAre(4, 4, 3, 2));
  EXPECT_THAT(Ints(t, 5), ElementsAre(0, 1, 0, 1));
  EXPECT_THAT(Ints(t, 6), ElementsAre(0, 0, 1, 1));
  // The bounds are the rows' own, cell for cell.
  std::vector<double> lower, upper;
  for (const KaplanMeierRow& r : rows) {
    lower.push_back(r.lower);
    upper.push_back(r.upper);
  }
  EXPECT_THAT(Doubles(t, 2), ElementsAreArray(lower));
  EXPECT_THAT(Doubles(t, 3), ElementsAreArray(upper));
}

TEST(KaplanMeierTable, StraightIntoTheColumnsIsToTableOfTheRows) {
  // The worked case above, then many units (the sort's buffers reused as the
  // events and censored columns, the bounds computed in two halves).
  const std::vector<double> durations = {3, 1, 2, 3};
  const std::vector<uint8_t> observed = {1, 1, 0, 0};
  ASSERT_OK_AND_ASSIGN(Table direct, kaplan_meier_table(durations, observed));
  EXPECT_EQ(Names(direct), (std::vector<std::string>{"time", "survival", "lower", "upper",
                                                     "at_risk", "events", "censored"}));
  EXPECT_THAT(Doubles(direct, 0), ElementsAre(0.0, 1.0, 2.0, 3.0));
  EXPECT_THAT(Ints(direct, 4), ElementsAre(4, 4, 3, 2));
  EXPECT_THAT(Ints(direct, 5), ElementsAre(0, 1, 0, 1));
  EXPECT_THAT(Ints(direct, 6), ElementsAre(0, 0, 1, 1));
  ASSERT_OK_AND_ASSIGN(std::vector<KaplanMeierRow> rows, kaplan_meier(durations, observed));
  ASSERT_OK_AND_ASSIGN(Table via_rows, to_table(rows));
  EXPECT_TRUE(direct.equals(via_rows));

  std::vector<double> many(400000);
  std::vector<uint8_t> failed(many.size());
  for (size_t i = 0; i < many.size(); ++i) {
    many[i] = static_cast<double>((i * 7919) % 100003) / 7.0;  // ties: 100003 distinct
    failed[i] = (i % 3) != 0;
  }
  ASSERT_OK_AND_ASSIGN(Table big, kaplan_meier_table(many, failed, 0.9));
  ASSERT_OK_AND_ASSIGN(std::vector<KaplanMeierRow> big_rows, kaplan_meier(many, failed, 0.9));
  ASSERT_OK_AND_ASSIGN(Table big_via_rows, to_table(big_rows));
  EXPECT_EQ(big.num_rows(), 100003);  // 0 is one of the durations: no extra row
  EXPECT_TRUE(big.equals(big_via_rows));
}

TEST(KaplanMeierTable, RefusesWhatKaplanMeierRefuses) {
  const std::vector<double> durations = {1, 2, -3};
  const std::vector<uint8_t> observed = {1, 0, 1};
  const absl::Status table = kaplan_meier_table(durations, observed).status();
  EXPECT_EQ(table.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(table.message(), "durations[2]: -3 is not a non-negative finite time");
  EXPECT_EQ(table, kaplan_meier(durations, observed).status());
  EXPECT_EQ(kaplan_meier_table({}, {}).status().message(), "durations: no durations");
  EXPECT_EQ(kaplan_meier_table(durations, observed, 1.5).status().message(),
            "ci: must be in (0, 1), got 1.5");
}

}  // namespace
}  // namespace postventa
