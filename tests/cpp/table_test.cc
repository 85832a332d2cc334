// Tests for postventa/table.h: the columnar result type (SPEC §9.2) and its
// Arrow C stream export.
//
// The export is consumed here exactly as a C consumer would consume it: plain
// struct access, get_schema, get_next until the array comes back released,
// release callbacks checked for NULL before each call. Expected values follow
// the Arrow C data interface and columnar format specifications (format
// strings, bitmaps least significant bit first, offsets) and were worked out
// by hand; the working is in the comments. Facts used:
//   - 2025-03-01 is day 20148 since 1970-01-01: 55 years with 14 leap days
//     (1972..2024) give 55 * 365 + 14 = 20089 days to 2025-01-01, plus 31 + 28.
//   - 2025-03-01T12:30:00Z is 20148 * 86400 + 45000 = 1740832200 s.
#include "postventa/table.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/time.h"
#include "status_macros.h"

namespace postventa {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Type = Table::Type;

constexpr int64_t kDay20250301 = 20148;
constexpr int64_t kNoonish20250301Micros = int64_t{1740832200} * 1000000;

// Bit i of an Arrow bitmap.
bool Bit(const void* bitmap, int64_t i) {
  return (static_cast<const uint8_t*>(bitmap)[i / 8] >> (i % 8)) & 1;
}

// ---- A small table with every type -------------------------------------------

// Rows:
//   n      x     ok     name     day         at                      took
//   7      1.5   true   "SN-1"   2025-03-01  2025-03-01T12:30:00Z    90 min
//   null   null  null   null     null        null                    null
//   -3     NaN   false  ""       1970-01-01  1970-01-01T00:00:00Z    -1 µs
//   2^62   -0.0  true   "ñandú"  1969-12-31  1969-12-31T23:59:59Z    0
absl::StatusOr<Table> SmallTable() {
  Table::Builder b;
  int n = 0, x = 0, ok = 0, name = 0, day = 0, at = 0, took = 0;
  for (auto [index, column_name, type] :
       {std::tuple<int*, const char*, Type>{&n, "n", Type::kInt64},
        {&x, "x", Type::kDouble},
        {&ok, "ok", Type::kBool},
        {&name, "name", Type::kString},
        {&day, "day", Type::kDate},
        {&at, "at", Type::kTimestamp},
        {&took, "took", Type::kDuration}}) {
    absl::StatusOr<int> added = b.add_column(column_name, type);
    if (!added.ok()) return added.status();
    *index = *added;
  }
  b.append_int64(n, 7);
  b.append_double(x, 1.5);
  b.append_bool(ok, true);
  b.append_string(name, "SN-1");
  b.append_date(day, Date(2025, 3, 1));
  b.append_timestamp(
      at, absl::FromCivil(absl::CivilSecond(2025, 3, 1, 12, 30, 0), absl::UTCTimeZone()));
  b.append_duration(took, absl::Minutes(90));

  for (int c : {n, x, ok, name, day, at, took}) b.append_null(c);

  b.append_int64(n, -3);
  b.append_double(x, std::nan(""));
  b.append_bool(ok, false);
  b.append_string(name, "");
  b.append_date(day, Date(1970, 1, 1));
  b.append_timestamp(at, absl::UnixEpoch());
  b.append_duration(took, absl::Microseconds(-1));

  b.append_int64(n, int64_t{1} << 62);
  b.append_double(x, -0.0);
  b.append_bool(ok, std::optional<bool>(true));
  b.append_string(name, "ñandú");  // 7 bytes of UTF-8
  b.append_date(day, Date(1969, 12, 31));
  b.append_timestamp(at, absl::FromUnixSeconds(-1));
  b.append_duration(took, absl::ZeroDuration());
  return std::move(b).build();
}

TEST(TableTest, BuildsEveryTypeWithNulls) {
  ASSERT_OK_AND_ASSIGN(const Table t, SmallTable());
  EXPECT_EQ(t.num_rows(), 4);
  ASSERT_EQ(t.num_columns(), 7);
  std::vector<std::string> names;
  std::vector<absl::string_view> types;
  for (int c = 0; c < t.num_columns(); ++c) {
    names.push_back(t.column_name(c));
    types.push_back(Table::type_name(t.column_type(c)));
    EXPECT_EQ(t.null_count(c), 1) << t.column_name(c);
    EXPECT_TRUE(t.is_null(c, 1));
    EXPECT_FALSE(t.is_null(c, 0));
  }
  EXPECT_THAT(names, ElementsAre("n", "x", "ok", "name", "day", "at", "took"));
  EXPECT_THAT(types,
              ElementsAre("int64", "float64", "bool", "string", "date", "timestamp", "duration"));

  // Under a null: 0 for int64, NaN for float64, INT64_MIN (NaT) for timestamps
  // and durations, 0 for dates (table.h).
  constexpr int64_t kNaT = std::numeric_limits<int64_t>::min();
  EXPECT_THAT(t.int64_values(0), ElementsAre(7, 0, -3, int64_t{4611686018427387904}));
  const absl::Span<const double> x = t.double_values(1);
  ASSERT_EQ(x.size(), 4u);
  EXPECT_EQ(x[0], 1.5);
  EXPECT_TRUE(std::isnan(x[1]));
  EXPECT_TRUE(std::isnan(x[2]));
  EXPECT_TRUE(x[3] == 0.0 && std::signbit(x[3]));
  EXPECT_EQ(t.bool_value(2, 0), true);
  EXPECT_EQ(t.bool_value(2, 1), false);
  EXPECT_EQ(t.bool_value(2, 2), false);
  EXPECT_EQ(t.bool_value(2, 3), true);
  EXPECT_EQ(t.string_value(3, 0), "SN-1");
  EXPECT_EQ(t.string_value(3, 1), "");
  EXPECT_EQ(t.string_value(3, 2), "");
  EXPECT_EQ(t.string_value(3, 3), "ñandú");
  EXPECT_THAT(t.date_values(4), ElementsAre(kDay20250301, 0, 0, -1));
  EXPECT_EQ(t.date_value(4, 0), Date(2025, 3, 1));
  EXPECT_EQ(t.date_value(4, 3), Date(1969, 12, 31));
  EXPECT_THAT(t.int64_values(5), ElementsAre(kNoonish20250301Micros, kNaT, 0, -1000000));
  EXPECT_EQ(t.timestamp_value(5, 3), absl::FromUnixSeconds(-1));
  EXPECT_EQ(t.timestamp_value(5, 1), absl::UnixEpoch());  // null
  // 90 min = 5400 s = 5 400 000 000 µs.
  EXPECT_THAT(t.int64_values(6), ElementsAre(int64_t{5400000000}, kNaT, -1, 0));
  EXPECT_EQ(t.duration_value(6, 0), absl::Minutes(90));
  EXPECT_EQ(t.duration_value(6, 1), absl::ZeroDuration());  // null

  ASSERT_OK_AND_ASSIGN(const int day, t.column_index("day"));
  EXPECT_EQ(day, 4);
}

TEST(TableTest, TypeNamesRoundTrip) {
  for (Type type : {Type::kInt64, Type::kDouble, Type::kBool, Type::kString, Type::kDate,
                    Type::kTimestamp, Type::kDuration}) {
    EXPECT_EQ(Table::type_from_name(Table::type_name(type)), type);
  }
  EXPECT_EQ(Table::type_from_name("double"), std::nullopt);
  EXPECT_EQ(Table::type_from_name("Int64"), std::nullopt);
}

TEST(TableTest, ValidityBitmapOnlyOnceThereIsANull) {
  // Values 1, null, 3, null, null, 6, 7, 8, 9: validity bits (LSB first) for
  // rows 0..7 are 1 0 1 0 0 1 1 1 -> 0b11100101 = 0xE5; row 8 -> 0x01.
  Table::Builder b;
  ASSERT_OK_AND_ASSIGN(const int v, b.add_column("v", Type::kInt64));
  ASSERT_OK_AND_ASSIGN(const int w, b.add_column("w", Type::kInt64));
  constexpr std::optional<int64_t> kNull = std::nullopt;
  const std::optional<int64_t> values[] = {1, kNull, 3, kNull, kNull, 6, 7, 8, 9};
  for (const std::optional<int64_t>& value : values) {
    b.append_int64(v, value);
    b.append_int64(w, 5);
  }
  ASSERT_OK_AND_ASSIGN(const Table t, std::move(b).build());
  EXPECT_EQ(t.null_count(v), 3);
  const uint8_t* validity = t.validity_bitmap(v);
  ASSERT_NE(validity, nullptr);
  EXPECT_EQ(validity[0], 0xE5);
  EXPECT_EQ(validity[1], 0x01);
  EXPECT_EQ(t.null_count(w), 0);
  EXPECT_EQ(t.validity_bitmap(w), nullptr);
}

TEST(TableTest, FirstNullAfterSeveralBytesOfValues) {
  // 19 values, then a null at row 19: rows 0..18 valid -> 0xFF, 0xFF, then
  // bits 16..18 set and bit 19 clear in the third byte: 0b0111 = 0x07.
  Table::Builder b;
  ASSERT_OK_AND_ASSIGN(const int v, b.add_column("v", Type::kBool));
  for (int i = 0; i < 19; ++i) b.append_bool(v, i % 3 == 0);
  b.append_bool(v, std::nullopt);
  b.append_bool(v, true);
  ASSERT_OK_AND_ASSIGN(const Table t, std::move(b).build());
  const uint8_t* validity = t.validity_bitmap(v);
  ASSERT_NE(validity, nullptr);
  EXPECT_EQ(validity[0], 0xFF);
  EXPECT_EQ(validity[1], 0xFF);
  // Row 20 is valid: bit 4 of the third byte -> 0x07 | 0x10 = 0x17.
  EXPECT_EQ(validity[2], 0x17);
  // Values: rows 0, 3, 6, 9, 12, 15, 18 true, then row 20 true. Byte 0 has
  // bits 0, 3, 6 -> 0x49; byte 1 bits 1 (row 9), 4 (row 12), 7 (row 15) -> 0x92;
  // byte 2 bits 2 (row 18), 4 (row 20) -> 0x14.
  const uint8_t* values = t.bool_bitmap(v);
  EXPECT_EQ(values[0], 0x49);
  EXPECT_EQ(values[1], 0x92);
  EXPECT_EQ(values[2], 0x14);
}

TEST(TableTest, TimesAreFlooredToMicroseconds) {
  Table::Builder b;
  ASSERT_OK_AND_ASSIGN(const int at, b.add_column("at", Type::kTimestamp));
  ASSERT_OK_AND_ASSIGN(const int took, b.add_column("took", Type::kDuration));
  b.append_timestamp(at, absl::FromUnixNanos(1500));   // 1.5 µs -> 1
  b.append_duration(took, absl::Nanoseconds(1500));    // 1
  b.append_timestamp(at, absl::FromUnixNanos(-1500));  // -1.5 µs -> -2
  b.append_duration(took, absl::Nanoseconds(-1500));   // -2
  ASSERT_OK_AND_ASSIGN(const Table t, std::move(b).build());
  EXPECT_THAT(t.int64_values(at), ElementsAre(1, -2));
  EXPECT_THAT(t.int64_values(took), ElementsAre(1, -2));
}

TEST(TableTest, NoColumnsMeansNoRows) {
  const Table empty;
  EXPECT_EQ(empty.num_rows(), 0);
  EXPECT_EQ(empty.num_columns(), 0);
  ASSERT_OK_AND_ASSIGN(const Table built, Table::Builder().build());
  EXPECT_EQ(built.num_columns(), 0);
  EXPECT_EQ(built, empty);
}

TEST(TableTest, BulkAppendsAddRowsInOrder) {
  // x: 1.5 | 2.5, -0.0, NaN | 4        (single, bulk, single)
  // n: 7, -3 | 2^62 | (nothing) | 0, 9 (bulk, single, empty bulk, bulk)
  Table::Builder b;
  ASSERT_OK_AND_ASSIGN(const int x, b.add_column("x", Type::kDouble));
  ASSERT_OK_AND_ASSIGN(const int n, b.add_column("n", Type::kInt64));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  b.append_double(x, 1.5);
  b.append_doubles(x, std::vector<double>{2.5, -0.0, nan});
  b.append_double(x, 4);
  b.append_int64s(n, std::vector<int64_t>{7, -3});
  b.append_int64(n, int64_t{1} << 62);
  b.append_int64s(n, {});
  b.append_int64s(n, std::vector<int64_t>{0, 9});
  EXPECT_EQ(b.num_rows(x), 5);
  EXPECT_EQ(b.num_rows(n), 5);
  ASSERT_OK_AND_ASSIGN(const Table t, std::move(b).build());
  ASSERT_EQ(t.num_rows(), 5);
  const absl::Span<const double> xs = t.double_values(x);
  EXPECT_EQ(xs[0], 1.5);
  EXPECT_EQ(xs[1], 2.5);
  EXPECT_TRUE(xs[2] == 0 && std::signbit(xs[2]));
  EXPECT_TRUE(std::isnan(xs[3]));  // a NaN value, not a null
  EXPECT_EQ(xs[4], 4);
  EXPECT_THAT(t.int64_values(n), ElementsAre(7, -3, int64_t{1} << 62, 0, 9));
  EXPECT_EQ(t.null_count(x), 0);
  EXPECT_EQ(t.null_count(n), 0);
  EXPECT_EQ(t.validity_bitmap(x), nullptr);
  EXPECT_EQ(t.validity_bitmap(n), nullptr);
}

TEST(TableTest, BulkAppendsAfterANullSetTheirValidityBits) {
  // v: 1, null, then 3..12 in bulk: 12 rows, row 1 null. Validity (LSB first):
  //    rows 0..7 -> 1 0 1 1 1 1 1 1 = 0b11111101 = 0xFD; rows 8..11 -> 0x0F.
  // w: null, then 11 values adopted: the column has a row, so they are copied
  //    after it; rows 0..7 -> 0b11111110 = 0xFE, rows 8..11 -> 0x0F.
  Table::Builder b;
  ASSERT_OK_AND_ASSIGN(const int v, b.add_column("v", Type::kInt64));
  ASSERT_OK_AND_ASSIGN(const int w, b.add_column("w", Type::kDouble));
  b.append_int64(v, 1);
  b.append_null(v);
  b.append_int64s(v, std::vector<int64_t>{3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  b.append_null(w);
  b.adopt_doubles(w, {0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5});
  ASSERT_OK_AND_ASSIGN(const Table t, std::move(b).build());
  ASSERT_EQ(t.num_rows(), 12);
  EXPECT_EQ(t.null_count(v), 1);
  EXPECT_THAT(t.int64_values(v), ElementsAre(1, 0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
  ASSERT_NE(t.validity_bitmap(v), nullptr);
  EXPECT_EQ(t.validity_bitmap(v)[0], 0xFD);
  EXPECT_EQ(t.validity_bitmap(v)[1], 0x0F);
  EXPECT_TRUE(t.is_null(v, 1));
  EXPECT_FALSE(t.is_null(v, 11));
  EXPECT_EQ(t.null_count(w), 1);
  ASSERT_NE(t.validity_bitmap(w), nullptr);
  EXPECT_EQ(t.validity_bitmap(w)[0], 0xFE);
  EXPECT_EQ(t.validity_bitmap(w)[1], 0x0F);
  EXPECT_TRUE(std::isnan(t.double_values(w)[0]));
  EXPECT_EQ(t.double_values(w)[1], 0.5);
  EXPECT_EQ(t.double_values(w)[11], 10.5);
}

TEST(TableTest, AnAdoptedBufferBecomesTheColumnWithoutACopy) {
  Table::Builder b;
  ASSERT_OK_AND_ASSIGN(const int x, b.add_column("x", Type::kDouble));
  ASSERT_OK_AND_ASSIGN(const int n, b.add_column("n", Type::kInt64));
  ASSERT_OK_AND_ASSIGN(const int m, b.add_column("m", Type::kInt64));
  b.reserve(4);  // a reserved buffer is replaced, not copied into
  std::vector<double> xs(1000);
  std::vector<int64_t> ns(1000), ms(998);
  for (size_t i = 0; i < xs.size(); ++i) xs[i] = 0.25 * static_cast<double>(i);
  for (size_t i = 0; i < ns.size(); ++i) ns[i] = -static_cast<int64_t>(i);
  for (size_t i = 0; i < ms.size(); ++i) ms[i] = static_cast<int64_t>(i);
  const double* x_data = xs.data();
  const int64_t* n_data = ns.data();
  b.adopt_doubles(x, std::move(xs));
  b.adopt_int64s(n, std::move(ns));
  b.adopt_int64s(m, std::move(ms));
  b.append_int64s(m, std::vector<int64_t>{5, 6});  // after the adopted rows
  ASSERT_OK_AND_ASSIGN(const Table t, std::move(b).build());
  ASSERT_EQ(t.num_rows(), 1000);
  EXPECT_EQ(t.double_values(x).data(), x_data);
  EXPECT_EQ(t.int64_values(n).data(), n_data);
  EXPECT_EQ(t.double_values(x)[999], 249.75);  // 999 / 4
  EXPECT_EQ(t.int64_values(n)[999], -999);
  EXPECT_EQ(t.int64_values(m)[997], 997);
  EXPECT_EQ(t.int64_values(m)[998], 5);
  EXPECT_EQ(t.int64_values(m)[999], 6);
}

TEST(TableTest, BulkAppendsCheckTheColumnLikeSingleAppends) {
  {
    Table::Builder b;
    ASSERT_OK_AND_ASSIGN(const int n, b.add_column("n", Type::kInt64));
    b.append_doubles(n, std::vector<double>{1.0});
    b.append_int64s(n, std::vector<int64_t>{1});  // ignored: the first error is kept
    EXPECT_EQ(std::move(b).build().status().message(),
              "columns[\"n\"][0]: append_doubles on a column of type int64");
  }
  {
    // int64s go to kInt64 columns only (timestamps and durations have their own checks).
    Table::Builder b;
    ASSERT_OK_AND_ASSIGN(const int at, b.add_column("at", Type::kTimestamp));
    b.append_timestamp(at, absl::UnixEpoch());
    b.append_timestamp(at, absl::UnixEpoch());
    b.adopt_int64s(at, {1, 2});
    const absl::Status s = std::move(b).build().status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(s.message(), "columns[\"at\"][2]: adopt_int64s on a column of type timestamp");
  }
  {
    Table::Builder b;
    ASSERT_OK(b.add_column("a", Type::kDouble).status());
    ASSERT_OK(b.add_column("b", Type::kDouble).status());
    b.adopt_doubles(5, {1.0});
    EXPECT_EQ(std::move(b).build().status().message(),
              "columns[5]: adopt_doubles on a column that does not exist (the builder has 2)");
  }
  {
    Table::Builder b;
    ASSERT_OK_AND_ASSIGN(const int x, b.add_column("x", Type::kDouble));
    b.append_int64s(x, std::vector<int64_t>{});  // even empty: the call is wrong
    EXPECT_EQ(std::move(b).build().status().message(),
              "columns[\"x\"][0]: append_int64s on a column of type float64");
  }
}

// ---- Errors --------------------------------------------------------------------

TEST(TableTest, ColumnNamesAreUniqueNonEmptyUtf8) {
  Table::Builder b;
  ASSERT_OK(b.add_column("unit", Type::kString).status());
  ASSERT_OK(b.add_column("due", Type::kDate).status());
  absl::StatusOr<int> again = b.add_column("due", Type::kBool);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(again.status().message(),
            "columns[\"due\"]: duplicate column name (column 1 has it already)");
  absl::StatusOr<int> empty = b.add_column("", Type::kBool);
  EXPECT_EQ(empty.status().message(), "columns[2]: a column name must not be empty");
  absl::StatusOr<int> latin1 = b.add_column("a\xF1o", Type::kInt64);
  EXPECT_EQ(latin1.status().message(),
            "columns[\"a\\361o\"]: the name is not valid UTF-8 (byte 1)");
  // The failed calls added nothing: the next column is number 2.
  ASSERT_OK_AND_ASSIGN(const int next, b.add_column("año", Type::kInt64));
  EXPECT_EQ(next, 2);
}

TEST(TableTest, WrongTypeIsReportedByBuild) {
  Table::Builder b;
  ASSERT_OK_AND_ASSIGN(const int unit, b.add_column("unit", Type::kString));
  ASSERT_OK_AND_ASSIGN(const int due, b.add_column("due", Type::kDate));
  b.append_string(unit, "SN-1");
  b.append_date(due, Date(2025, 3, 1));
  b.append_string(unit, "SN-2");
  b.append_int64(due, 20149);          // the first misuse: row 1 of "due"
  b.append_string(due, "2025-03-02");  // ignored: the first error is kept
  const absl::StatusOr<Table> t = std::move(b).build();
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(t.status().message(), "columns[\"due\"][1]: append_int64 on a column of type date");
}

TEST(TableTest, UnknownColumnIndexIsReportedByBuild) {
  Table::Builder b;
  ASSERT_OK(b.add_column("a", Type::kInt64).status());
  b.append_null(3);
  EXPECT_EQ(std::move(b).build().status().message(),
            "columns[3]: append_null on a column that does not exist (the builder has 1)");
}

TEST(TableTest, ColumnsOfDifferentLengthsAreRefused) {
  Table::Builder b;
  ASSERT_OK_AND_ASSIGN(const int a, b.add_column("a", Type::kInt64));
  ASSERT_OK_AND_ASSIGN(const int c, b.add_column("b", Type::kDouble));
  b.append_int64(a, 1);
  b.append_int64(a, 2);
  b.append_double(c, 0.5);
  EXPECT_EQ(b.num_rows(a), 2);
  EXPECT_EQ(b.num_rows(c), 1);
  EXPECT_EQ(std::move(b).build().status().message(),
            "columns[\"b\"]: has 1 row, but columns[\"a\"] has 2 rows; every column must have "
            "the same number of rows");
}

TEST(TableTest, InvalidUtf8IsRefused) {
  for (const auto& [text, why] : std::vector<std::pair<std::string, std::string>>{
           {std::string("ab\xFF") + "c", "byte 2 of 4: 0xff"},
           {"\xC0\xAF", "byte 0 of 2: 0xc0"},          // overlong '/'
           {"x\xED\xA0\x80", "byte 1 of 4: 0xed"},     // a surrogate, U+D800
           {"\xF4\x90\x80\x80", "byte 0 of 4: 0xf4"},  // above U+10FFFF
           {"\xE2\x82", "byte 0 of 2: 0xe2"},          // truncated
       }) {
    Table::Builder b;
    ASSERT_OK_AND_ASSIGN(const int unit, b.add_column("unit", Type::kString));
    b.append_string(unit, "ok \xE2\x82\xAC \xF0\x9F\x94\xA7");  // € and 🔧 are fine
    b.append_string(unit, text);
    EXPECT_EQ(std::move(b).build().status().message(),
              absl::StrCat("columns[\"unit\"][1]: not valid UTF-8 (", why, ")"));
  }
}

TEST(TableTest, TimesOutsideInt64MicrosecondsAreRefused) {
  Table::Builder b;
  ASSERT_OK_AND_ASSIGN(const int at, b.add_column("at", Type::kTimestamp));
  b.append_timestamp(at, absl::InfiniteFuture());
  EXPECT_EQ(std::move(b).build().status().message(),
            "columns[\"at\"][0]: instant infinite-future does not fit in int64 microseconds");

  Table::Builder d;
  ASSERT_OK_AND_ASSIGN(const int took, d.add_column("took", Type::kDuration));
  d.append_duration(took, absl::Hours(24));
  // INT64_MIN µs is numpy's NaT, the marker of a null: not a value.
  d.append_duration(took, absl::Microseconds(std::numeric_limits<int64_t>::min()));
  EXPECT_THAT(std::move(d).build().status().message(),
              HasSubstr("columns[\"took\"][1]: duration "));

  Table::Builder e;
  ASSERT_OK_AND_ASSIGN(const int last, e.add_column("at", Type::kTimestamp));
  // The last microsecond int64 holds is a value.
  e.append_timestamp(last, absl::FromUnixMicros(std::numeric_limits<int64_t>::max() - 1));
  e.append_timestamp(last, absl::FromUnixMicros(std::numeric_limits<int64_t>::min() + 1));
  ASSERT_OK_AND_ASSIGN(const Table t, std::move(e).build());
  EXPECT_THAT(t.int64_values(last), ElementsAre(std::numeric_limits<int64_t>::max() - 1,
                                                std::numeric_limits<int64_t>::min() + 1));
}

TEST(TableTest, UnknownColumnNameNamesTheColumns) {
  ASSERT_OK_AND_ASSIGN(const Table t, SmallTable());
  const absl::StatusOr<int> missing = t.column_index("due");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(),
            "columns[\"due\"]: no such column; the table has \"n\", \"x\", \"ok\", \"name\", "
            "\"day\", \"at\", \"took\"");
  EXPECT_EQ(Table().column_index("x").status().message(),
            "columns[\"x\"]: no such column; the table has none");
}

// ---- Value semantics -------------------------------------------------------------

TEST(TableTest, EqualityComparesNamesTypesAndCells) {
  ASSERT_OK_AND_ASSIGN(const Table a, SmallTable());
  ASSERT_OK_AND_ASSIGN(const Table b, SmallTable());
  EXPECT_EQ(a, b);  // built twice; NaN equals NaN in the same cell

  Table::Builder one, other;
  ASSERT_OK_AND_ASSIGN(const int x, one.add_column("x", Type::kDouble));
  ASSERT_OK_AND_ASSIGN(const int y, other.add_column("x", Type::kDouble));
  one.append_double(x, std::nan(""));
  other.append_double(y, std::nullopt);  // a null is not a NaN value
  ASSERT_OK_AND_ASSIGN(const Table nan_value, std::move(one).build());
  ASSERT_OK_AND_ASSIGN(const Table null_value, std::move(other).build());
  EXPECT_FALSE(nan_value == null_value);

  Table::Builder c1, c2;
  ASSERT_OK_AND_ASSIGN(const int i1, c1.add_column("x", Type::kInt64));
  ASSERT_OK_AND_ASSIGN(const int i2, c2.add_column("y", Type::kInt64));
  c1.append_int64(i1, 1);
  c2.append_int64(i2, 1);
  ASSERT_OK_AND_ASSIGN(const Table named_x, std::move(c1).build());
  ASSERT_OK_AND_ASSIGN(const Table named_y, std::move(c2).build());
  EXPECT_FALSE(named_x == named_y);
}

TEST(TableTest, CopiesShareTheColumnsAndAMovedFromTableIsEmpty) {
  ASSERT_OK_AND_ASSIGN(Table a, SmallTable());
  const Table copy = a;
  EXPECT_EQ(copy.int64_values(0).data(), a.int64_values(0).data());
  const int64_t* values = a.int64_values(0).data();
  const Table moved = std::move(a);
  EXPECT_EQ(moved.int64_values(0).data(), values);
  EXPECT_EQ(a.num_columns(), 0);  // NOLINT(bugprone-use-after-move): documented state
  EXPECT_EQ(a.num_rows(), 0);     // NOLINT(bugprone-use-after-move)
}

// ---- The Arrow C stream, consumed as C would -------------------------------------

// Releases a structure the C way: only when not released yet.
template <typename T>
void Release(T* s) {
  if (s->release != nullptr) s->release(s);
}

TEST(ArrowStreamTest, SchemaHasTheFormatStringsOfTheSpecification) {
  ASSERT_OK_AND_ASSIGN(Table t, SmallTable());
  ArrowArrayStream stream;
  ASSERT_OK(export_arrow_stream(std::move(t), &stream));
  ASSERT_NE(stream.release, nullptr);

  ArrowSchema schema;
  ASSERT_EQ(stream.get_schema(&stream, &schema), 0);
  ASSERT_NE(schema.release, nullptr);
  EXPECT_STREQ(schema.format, "+s");
  EXPECT_STREQ(schema.name, "");
  EXPECT_EQ(schema.metadata, nullptr);
  EXPECT_EQ(schema.flags, 0);
  EXPECT_EQ(schema.dictionary, nullptr);
  ASSERT_EQ(schema.n_children, 7);
  const char* names[] = {"n", "x", "ok", "name", "day", "at", "took"};
  const char* formats[] = {"l", "g", "b", "u", "tdD", "tsu:UTC", "tDu"};
  for (int k = 0; k < 7; ++k) {
    const ArrowSchema* child = schema.children[k];
    EXPECT_STREQ(child->name, names[k]);
    EXPECT_STREQ(child->format, formats[k]);
    EXPECT_EQ(child->flags, ARROW_FLAG_NULLABLE);
    EXPECT_EQ(child->metadata, nullptr);
    EXPECT_EQ(child->n_children, 0);
    EXPECT_EQ(child->dictionary, nullptr);
    EXPECT_NE(child->release, nullptr);
  }
  // The schema outlives the stream (its lifetime is its own).
  Release(&stream);
  EXPECT_EQ(stream.release, nullptr);
  EXPECT_STREQ(schema.children[3]->name, "name");
  Release(&schema);
  EXPECT_EQ(schema.release, nullptr);
  Release(&schema);  // a second release is guarded by the NULL callback
}

TEST(ArrowStreamTest, OneBatchPointsIntoTheTable) {
  ASSERT_OK_AND_ASSIGN(const Table t, SmallTable());
  ArrowArrayStream stream;
  ASSERT_OK(export_arrow_stream(t, &stream));

  ArrowArray batch;
  ASSERT_EQ(stream.get_next(&stream, &batch), 0);
  ASSERT_NE(batch.release, nullptr);
  EXPECT_EQ(batch.length, 4);
  EXPECT_EQ(batch.null_count, 0);
  EXPECT_EQ(batch.offset, 0);
  ASSERT_EQ(batch.n_buffers, 1);
  EXPECT_EQ(batch.buffers[0], nullptr);  // a struct array without nulls
  EXPECT_EQ(batch.dictionary, nullptr);
  ASSERT_EQ(batch.n_children, 7);

  for (int k = 0; k < 7; ++k) {
    const ArrowArray* child = batch.children[k];
    EXPECT_EQ(child->length, 4);
    EXPECT_EQ(child->null_count, 1);
    EXPECT_EQ(child->offset, 0);
    EXPECT_EQ(child->n_children, 0);
    EXPECT_EQ(child->dictionary, nullptr);
    EXPECT_EQ(child->n_buffers, k == 3 ? 3 : 2);
    // Row 1 is the null: validity 1 0 1 1 -> 0b1101 = 0x0D.
    ASSERT_NE(child->buffers[0], nullptr);
    EXPECT_EQ(*static_cast<const uint8_t*>(child->buffers[0]), 0x0D) << k;
  }
  // Zero copy: the data buffers are the table's.
  EXPECT_EQ(batch.children[0]->buffers[1], t.int64_values(0).data());
  EXPECT_EQ(batch.children[1]->buffers[1], t.double_values(1).data());
  EXPECT_EQ(batch.children[4]->buffers[1], t.date_values(4).data());
  EXPECT_EQ(batch.children[5]->buffers[1], t.int64_values(5).data());

  const auto* n = static_cast<const int64_t*>(batch.children[0]->buffers[1]);
  EXPECT_EQ(n[0], 7);
  EXPECT_EQ(n[3], int64_t{1} << 62);
  // Booleans: true, (null), false, true -> bits 0 and 3 -> 0x09.
  EXPECT_EQ(*static_cast<const uint8_t*>(batch.children[2]->buffers[1]) & 0x0F, 0x09);
  // Strings "SN-1", null, "", "ñandú" (7 bytes): offsets 0 4 4 4 11.
  const auto* offsets = static_cast<const int32_t*>(batch.children[3]->buffers[1]);
  EXPECT_THAT(std::vector<int32_t>(offsets, offsets + 5), ElementsAre(0, 4, 4, 4, 11));
  const auto* bytes = static_cast<const char*>(batch.children[3]->buffers[2]);
  EXPECT_EQ(std::string(bytes + 4, 7), "ñandú");
  const auto* days = static_cast<const int32_t*>(batch.children[4]->buffers[1]);
  EXPECT_EQ(days[0], kDay20250301);
  EXPECT_EQ(days[3], -1);
  const auto* micros = static_cast<const int64_t*>(batch.children[5]->buffers[1]);
  EXPECT_EQ(micros[0], kNoonish20250301Micros);
  const auto* took = static_cast<const int64_t*>(batch.children[6]->buffers[1]);
  EXPECT_EQ(took[0], int64_t{5400000000});

  // The end of the stream: a released array, more than once.
  ArrowArray end;
  ASSERT_EQ(stream.get_next(&stream, &end), 0);
  EXPECT_EQ(end.release, nullptr);
  ASSERT_EQ(stream.get_next(&stream, &end), 0);
  EXPECT_EQ(end.release, nullptr);

  Release(&batch);
  EXPECT_EQ(batch.release, nullptr);
  Release(&stream);
  EXPECT_EQ(stream.release, nullptr);
  EXPECT_EQ(stream.private_data, nullptr);
}

TEST(ArrowStreamTest, ColumnsWithoutNullsHaveNoValidityBuffer) {
  Table::Builder b;
  ASSERT_OK_AND_ASSIGN(const int v, b.add_column("v", Type::kDouble));
  ASSERT_OK_AND_ASSIGN(const int s, b.add_column("s", Type::kString));
  b.append_double(v, 2.5);
  b.append_string(s, "");  // every string empty: the data buffer has 0 bytes
  ASSERT_OK_AND_ASSIGN(Table t, std::move(b).build());
  ArrowArrayStream stream;
  ASSERT_OK(export_arrow_stream(std::move(t), &stream));
  ArrowArray batch;
  ASSERT_EQ(stream.get_next(&stream, &batch), 0);
  ASSERT_NE(batch.release, nullptr);
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ(batch.children[k]->null_count, 0);
    EXPECT_EQ(batch.children[k]->buffers[0], nullptr);
  }
  // Data buffers are never NULL, even with zero bytes.
  EXPECT_NE(batch.children[1]->buffers[2], nullptr);
  Release(&batch);
  Release(&stream);
}

TEST(ArrowStreamTest, BatchesAndSchemasOutliveTheStreamAndTheTable) {
  ArrowArrayStream stream;
  {
    ASSERT_OK_AND_ASSIGN(Table t, SmallTable());
    ASSERT_OK(export_arrow_stream(std::move(t), &stream));
  }  // the only Table object is gone; the stream holds the columns
  ArrowSchema schema;
  ArrowArray batch;
  ASSERT_EQ(stream.get_schema(&stream, &schema), 0);
  ASSERT_EQ(stream.get_next(&stream, &batch), 0);
  Release(&stream);
  // Still readable (AddressSanitizer builds check this for real).
  EXPECT_STREQ(schema.children[6]->name, "took");
  const auto* bytes = static_cast<const char*>(batch.children[3]->buffers[2]);
  EXPECT_EQ(std::string(bytes, 4), "SN-1");
  Release(&schema);
  Release(&batch);
}

TEST(ArrowStreamTest, StructuresMayBeMovedByCopyingTheirBits) {
  ASSERT_OK_AND_ASSIGN(Table t, SmallTable());
  ArrowArrayStream first;
  ASSERT_OK(export_arrow_stream(std::move(t), &first));

  // Move the stream: copy the bits, mark the source released without calling it.
  ArrowArrayStream moved;
  std::memcpy(&moved, &first, sizeof(moved));
  first.release = nullptr;

  ArrowArray batch;
  ASSERT_EQ(moved.get_next(&moved, &batch), 0);
  ArrowArray batch_moved = batch;
  batch.release = nullptr;

  // Move one child out, then release the parent at once (the specification's
  // rule); the child keeps its own data.
  ArrowArray name_column;
  std::memcpy(&name_column, batch_moved.children[3], sizeof(name_column));
  batch_moved.children[3]->release = nullptr;
  Release(&batch_moved);
  EXPECT_EQ(batch_moved.release, nullptr);

  ArrowSchema schema;
  ASSERT_EQ(moved.get_schema(&moved, &schema), 0);
  ArrowSchema at_field;
  std::memcpy(&at_field, schema.children[5], sizeof(at_field));
  schema.children[5]->release = nullptr;
  Release(&schema);

  Release(&first);  // released already: nothing happens
  Release(&moved);

  const auto* offsets = static_cast<const int32_t*>(name_column.buffers[1]);
  EXPECT_EQ(offsets[4], 11);
  EXPECT_STREQ(at_field.name, "at");
  EXPECT_STREQ(at_field.format, "tsu:UTC");
  Release(&name_column);
  EXPECT_EQ(name_column.release, nullptr);
  Release(&at_field);
  EXPECT_EQ(at_field.release, nullptr);
}

TEST(ArrowStreamTest, AnEmptyTableHasASchemaAndNoBatch) {
  Table::Builder b;
  ASSERT_OK(b.add_column("unit", Type::kString).status());
  ASSERT_OK(b.add_column("due", Type::kDate).status());
  ASSERT_OK_AND_ASSIGN(Table t, std::move(b).build());
  ArrowArrayStream stream;
  ASSERT_OK(export_arrow_stream(std::move(t), &stream));
  ArrowSchema schema;
  ASSERT_EQ(stream.get_schema(&stream, &schema), 0);
  EXPECT_EQ(schema.n_children, 2);
  EXPECT_STREQ(schema.children[1]->format, "tdD");
  ArrowArray batch;
  ASSERT_EQ(stream.get_next(&stream, &batch), 0);
  EXPECT_EQ(batch.release, nullptr);
  Release(&schema);
  Release(&stream);

  // No columns at all.
  ASSERT_OK(export_arrow_stream(Table(), &stream));
  ASSERT_EQ(stream.get_schema(&stream, &schema), 0);
  EXPECT_EQ(schema.n_children, 0);
  EXPECT_EQ(schema.children, nullptr);
  ASSERT_EQ(stream.get_next(&stream, &batch), 0);
  EXPECT_EQ(batch.release, nullptr);
  Release(&schema);
  Release(&stream);
}

TEST(ArrowStreamTest, BadArgumentsAreRefused) {
  const absl::Status no_out = export_arrow_stream(Table(), nullptr);
  EXPECT_EQ(no_out.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(no_out.message(), "out: must point to an ArrowArrayStream, got NULL");
  ArrowArrayStream stream;
  stream.release = nullptr;
  const absl::Status zero = export_arrow_stream(Table(), &stream, ArrowExportOptions{0});
  EXPECT_EQ(zero.message(), "max_batch_rows: must be positive, got 0");
  EXPECT_EQ(stream.release, nullptr);  // untouched on failure
}

// Rows [i] of a 20-row table cut into batches of 5 rounded up to 8: batches of
// 8, 8 and 4 rows starting at rows 0, 8 and 16.
TEST(ArrowStreamTest, BatchesSliceBitmapsAndOffsetsOnByteBoundaries) {
  Table::Builder b;
  ASSERT_OK_AND_ASSIGN(const int id, b.add_column("id", Type::kInt64));
  ASSERT_OK_AND_ASSIGN(const int even, b.add_column("even", Type::kBool));
  ASSERT_OK_AND_ASSIGN(const int tag, b.add_column("tag", Type::kString));
  for (int i = 0; i < 20; ++i) {
    b.append_int64(id, i);
    b.append_bool(even, i % 2 == 0);
    // "t<i>" except for rows divisible by 5, which are null: rows 0, 5, 10, 15.
    if (i % 5 == 0) {
      b.append_string(tag, std::nullopt);
    } else {
      b.append_string(tag, absl::StrCat("t", i));
    }
  }
  ASSERT_OK_AND_ASSIGN(const Table t, std::move(b).build());
  ArrowArrayStream stream;
  ASSERT_OK(export_arrow_stream(t, &stream, ArrowExportOptions{5}));

  std::vector<int64_t> lengths, first_ids, tag_nulls, first_offsets;
  std::vector<int> even_bytes;
  ArrowArray batch;
  while (true) {
    ASSERT_EQ(stream.get_next(&stream, &batch), 0);
    if (batch.release == nullptr) break;
    lengths.push_back(batch.length);
    for (int k = 0; k < 3; ++k) EXPECT_EQ(batch.children[k]->length, batch.length);
    first_ids.push_back(static_cast<const int64_t*>(batch.children[0]->buffers[1])[0]);
    even_bytes.push_back(*static_cast<const uint8_t*>(batch.children[1]->buffers[1]));
    tag_nulls.push_back(batch.children[2]->null_count);
    first_offsets.push_back(static_cast<const int32_t*>(batch.children[2]->buffers[1])[0]);
    // The validity slice starts at the batch's first row; a slice without a
    // null has none.
    const void* validity = batch.children[2]->buffers[0];
    EXPECT_EQ(validity == nullptr, batch.children[2]->null_count == 0);
    for (int64_t r = 0; validity != nullptr && r < batch.length; ++r) {
      const int64_t row = first_ids.back() + r;
      EXPECT_EQ(Bit(validity, r), row % 5 != 0) << row;
    }
    Release(&batch);
  }
  Release(&stream);
  EXPECT_THAT(lengths, ElementsAre(8, 8, 4));
  EXPECT_THAT(first_ids, ElementsAre(0, 8, 16));
  // Even rows have their bit set: 0b01010101 in the full bytes; the last
  // batch has rows 16..19, of which 16 and 18 are even (bits past the end are
  // 0): 0b0101.
  EXPECT_THAT(even_bytes, ElementsAre(0x55, 0x55, 0x05));
  // Nulls per batch: rows 0, 5 | 10, 15 | none.
  EXPECT_THAT(tag_nulls, ElementsAre(2, 2, 0));
  // Offsets are absolute in the column's bytes. Rows 0..7: null, t1..t4, null,
  // t6, t7 = 6 strings of 2 bytes -> row 8 starts at 12; rows 8..15: t8, t9,
  // (null), t11..t14, (null) = 2 * 2 + 4 * 3 = 16 -> row 16 starts at 28.
  EXPECT_THAT(first_offsets, ElementsAre(0, 12, 28));
}

// The number of decimal digits of n >= 0.
int64_t Digits(int64_t n) { return n < 10 ? 1 : 1 + Digits(n / 10); }

TEST(ArrowStreamTest, ThreeMillionRowsComeInSeveralBatchesWithoutCopies) {
  // 3 000 000 rows; the default batch is 2^20 = 1 048 576 rows, so the batches
  // have 1 048 576, 1 048 576 and 3 000 000 - 2 097 152 = 902 848 rows.
  constexpr int64_t kRows = 3000000;
  Table::Builder b;
  ASSERT_OK_AND_ASSIGN(const int unit, b.add_column("unit", Type::kString));
  ASSERT_OK_AND_ASSIGN(const int due, b.add_column("due", Type::kDate));
  ASSERT_OK_AND_ASSIGN(const int overdue, b.add_column("overdue", Type::kBool));
  b.reserve(kRows);
  for (int64_t i = 0; i < kRows; ++i) {
    b.append_string(unit, absl::StrCat("SN-", i));
    b.append_date(due, Date(2025, 1, 1) + i % 365);
    b.append_bool(overdue, i % 7 == 0 ? std::nullopt : std::optional<bool>(i % 3 == 0));
  }
  ASSERT_OK_AND_ASSIGN(const Table t, std::move(b).build());
  ArrowArrayStream stream;
  ASSERT_OK(export_arrow_stream(t, &stream));

  std::vector<int64_t> lengths, first_offsets, overdue_nulls;
  int64_t rows = 0;
  ArrowArray batch;
  while (true) {
    ASSERT_EQ(stream.get_next(&stream, &batch), 0) << stream.get_last_error(&stream);
    if (batch.release == nullptr) break;
    lengths.push_back(batch.length);
    // Zero copy: each batch points at its first row in the table.
    EXPECT_EQ(batch.children[1]->buffers[1], t.date_values(due).data() + rows);
    EXPECT_EQ(batch.children[0]->buffers[2], t.string_data(unit).data());
    first_offsets.push_back(static_cast<const int32_t*>(batch.children[0]->buffers[1])[0]);
    overdue_nulls.push_back(batch.children[2]->null_count);
    rows += batch.length;
    Release(&batch);
  }
  Release(&stream);
  EXPECT_EQ(rows, kRows);
  EXPECT_THAT(lengths, ElementsAre(1048576, 1048576, 902848));
  // Row r starts after the bytes of rows 0..r-1, each "SN-" + digits(i). Up to
  // row 1 048 576: 3 * 1048576 = 3145728 bytes of "SN-", and digits
  // 10*1 + 90*2 + 900*3 + 9000*4 + 90000*5 + 900000*6 + 48576*7
  // = 10 + 180 + 2700 + 36000 + 450000 + 5400000 + 340032 = 6228922;
  // 3145728 + 6228922 = 9374650. Up to row 2 097 152: another 3145728 of
  // "SN-" and 1048576 numbers of 7 digits: 9374650 + 3145728 + 7340032 = 19860410.
  EXPECT_THAT(first_offsets, ElementsAre(0, 9374650, 19860410));
  int64_t check = 0;
  for (int64_t i = 0; i < 2097152; ++i) check += 3 + Digits(i);
  EXPECT_EQ(check, 19860410);  // the formula above, recounted
  // Nulls in "overdue": rows divisible by 7. Batch 1 rows 0..1048575:
  // 1048575 = 7 * 149796 + 3, so 149796 + 1 = 149797 multiples of 7 (0
  // included). Batch 2 rows
  // 1048576..2097151: multiples of 7 up to 2097151 are floor(2097151 / 7) + 1
  // = 299593 + 1 = 299594, minus the 149797 of batch 1 = 149797. Batch 3 rows
  // 2097152..2999999: floor(2999999 / 7) + 1 = 428571 + 1 = 428572, minus
  // 299594 = 128978.
  EXPECT_THAT(overdue_nulls, ElementsAre(149797, 149797, 128978));
}

// Text beyond 2^31 - 1 bytes no longer fits Arrow utf8's int32 offsets: the
// column becomes large_utf8 ("U", int64 offsets). Each case builds 2 GiB of
// text (one at a time: the test needs about 2 GiB of memory).
TEST(ArrowStreamTest, StringsBeyondTwoGibibytesAreLargeUtf8) {
  constexpr int64_t kPiece = 65536;
  constexpr int64_t kPieces = 32768;  // 32768 * 65536 = 2^31 bytes
  const std::string piece(kPiece, 'x');
  // The last piece is 4 bytes short, so with "end" the text is 2^31 - 1
  // bytes (still utf8), or 3 bytes short, so the text is 2^31 bytes ("end"
  // itself crosses the limit).
  for (const int64_t short_by : {4, 3}) {
    const bool large = short_by == 3;
    Table::Builder b;
    ASSERT_OK_AND_ASSIGN(const int text, b.add_column("text", Type::kString));
    b.reserve_string_bytes(text, kPieces * kPiece);
    for (int64_t i = 0; i + 1 < kPieces; ++i) b.append_string(text, piece);
    b.append_string(text, absl::string_view(piece).substr(0, kPiece - short_by));
    b.append_string(text, "end");
    ASSERT_OK_AND_ASSIGN(Table t, std::move(b).build());
    const int64_t total = kPieces * kPiece - short_by + 3;
    EXPECT_EQ(total, large ? int64_t{2147483648} : int64_t{2147483647});
    EXPECT_EQ(t.has_large_offsets(text), large);
    EXPECT_EQ(t.string_value(text, kPieces), "end");
    EXPECT_EQ(static_cast<int64_t>(t.string_value(text, kPieces - 1).size()), kPiece - short_by);

    ArrowArrayStream stream;
    ASSERT_OK(export_arrow_stream(std::move(t), &stream));
    ArrowSchema schema;
    ASSERT_EQ(stream.get_schema(&stream, &schema), 0);
    EXPECT_STREQ(schema.children[0]->format, large ? "U" : "u");
    ArrowArray batch;
    ASSERT_EQ(stream.get_next(&stream, &batch), 0);
    ASSERT_EQ(batch.length, kPieces + 1);
    const void* offsets = batch.children[0]->buffers[1];
    if (large) {
      EXPECT_EQ(static_cast<const int64_t*>(offsets)[1], kPiece);  // converted from int32
      EXPECT_EQ(static_cast<const int64_t*>(offsets)[kPieces], total - 3);
      EXPECT_EQ(static_cast<const int64_t*>(offsets)[kPieces + 1], total);
    } else {
      EXPECT_EQ(static_cast<const int32_t*>(offsets)[kPieces], total - 3);
      EXPECT_EQ(static_cast<const int32_t*>(offsets)[kPieces + 1], total);
    }
    Release(&batch);
    Release(&schema);
    Release(&stream);
  }
}

}  // namespace
}  // namespace postventa
