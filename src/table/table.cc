// Table and Table::Builder (postventa/table.h): columns in Arrow's layout,
// built by appending and immutable afterwards.
#include "postventa/table.h"

#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace postventa {
namespace {

constexpr int64_t kNullMicros = std::numeric_limits<int64_t>::min();
constexpr int64_t kMaxSmallOffset = std::numeric_limits<int32_t>::max();

// One column. Only the vectors of its type are used.
struct Column {
  std::string name;
  Table::Type type = Table::Type::kInt64;
  int64_t length = 0;
  int64_t null_count = 0;
  std::vector<uint8_t> validity;       // empty while the column has no null
  std::vector<int64_t> i64;            // kInt64, kTimestamp, kDuration
  std::vector<double> f64;             // kDouble
  std::vector<int32_t> i32;            // kDate
  std::vector<uint8_t> bits;           // kBool
  std::vector<int32_t> offsets;        // kString while the bytes fit in int32
  std::vector<int64_t> large_offsets;  // kString beyond that
  std::string bytes;                   // kString
};

bool GetBit(const uint8_t* bitmap, int64_t i) { return (bitmap[i >> 3] >> (i & 7)) & 1; }

// Sets bit `i` of a bitmap that has bits [0, i) already: a new byte starts
// cleared, so bits past the end stay 0.
void PushBit(std::vector<uint8_t>& bitmap, int64_t i, bool bit) {
  if ((i & 7) == 0) bitmap.push_back(0);
  if (bit) bitmap[i >> 3] |= static_cast<uint8_t>(1u << (i & 7));
}

// Appends `n` set bits to a bitmap that has bits [0, length): the partial last
// byte bit by bit, then whole bytes.
void PushSetBits(std::vector<uint8_t>& bitmap, int64_t length, int64_t n) {
  int64_t i = length;
  const int64_t end = length + n;
  for (; i < end && (i & 7) != 0; ++i) PushBit(bitmap, i, true);
  const int64_t bytes = (end - i) / 8;
  bitmap.insert(bitmap.end(), static_cast<size_t>(bytes), uint8_t{0xFF});
  for (i += bytes * 8; i < end; ++i) PushBit(bitmap, i, true);
}

// `name` quoted for a message: `"due"`, with quotes and control bytes escaped.
std::string Quoted(absl::string_view name) { return absl::StrCat("\"", absl::CEscape(name), "\""); }

// The field path of a column in a message: columns["due"].
std::string ColumnPath(absl::string_view name) {
  return absl::StrCat("columns[", Quoted(name), "]");
}

// The offset of the first byte that is not part of valid UTF-8, or -1.
// Valid means the Unicode standard's well-formed UTF-8: shortest forms only,
// no surrogates, nothing above U+10FFFF.
int64_t InvalidUtf8At(absl::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const int64_t n = static_cast<int64_t>(s.size());
  int64_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (int k = 2; k < len; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return -1;
}

std::string Rows(int64_t n) { return absl::StrCat(n, n == 1 ? " row" : " rows"); }

const Column& EmptyColumn() {
  static const Column* const column = new Column;
  return *column;
}

}  // namespace

struct Table::Data {
  std::vector<Column> columns;
  int64_t num_rows = 0;
  absl::flat_hash_map<std::string, int> index;
};

namespace {

std::shared_ptr<const Table::Data> EmptyData() {
  static const std::shared_ptr<const Table::Data>* const data =
      new std::shared_ptr<const Table::Data>(std::make_shared<Table::Data>());
  return *data;
}

}  // namespace

// ---- Table ---------------------------------------------------------------------

absl::string_view Table::type_name(Type type) {
  switch (type) {
    case Type::kInt64:
      return "int64";
    case Type::kDouble:
      return "float64";
    case Type::kBool:
      return "bool";
    case Type::kString:
      return "string";
    case Type::kDate:
      return "date";
    case Type::kTimestamp:
      return "timestamp";
    case Type::kDuration:
      return "duration";
  }
  return "unknown";
}

std::optional<Table::Type> Table::type_from_name(absl::string_view name) {
  for (Type type : {Type::kInt64, Type::kDouble, Type::kBool, Type::kString, Type::kDate,
                    Type::kTimestamp, Type::kDuration}) {
    if (type_name(type) == name) return type;
  }
  return std::nullopt;
}

Table::Table() : data_(EmptyData()) {}
Table::Table(std::shared_ptr<const Data> data) : data_(std::move(data)) {}
Table::Table(Table&& other) noexcept : data_(std::exchange(other.data_, EmptyData())) {}
Table& Table::operator=(Table&& other) noexcept {
  if (this != &other) data_ = std::exchange(other.data_, EmptyData());
  return *this;
}

int64_t Table::num_rows() const { return data_->num_rows; }
int Table::num_columns() const { return static_cast<int>(data_->columns.size()); }

namespace {
const Column& At(const Table::Data& data, int column) {
  assert(column >= 0 && column < static_cast<int>(data.columns.size()));
  if (column < 0 || column >= static_cast<int>(data.columns.size())) return EmptyColumn();
  return data.columns[static_cast<size_t>(column)];
}
}  // namespace

const std::string& Table::column_name(int column) const { return At(*data_, column).name; }
Table::Type Table::column_type(int column) const { return At(*data_, column).type; }

absl::StatusOr<int> Table::column_index(absl::string_view name) const {
  const auto it = data_->index.find(name);
  if (it != data_->index.end()) return it->second;
  std::vector<std::string> names;
  names.reserve(data_->columns.size());
  for (const Column& c : data_->columns) names.push_back(Quoted(c.name));
  return absl::NotFoundError(absl::StrCat(ColumnPath(name), ": no such column; the table has ",
                                          names.empty() ? "none" : absl::StrJoin(names, ", ")));
}

int64_t Table::null_count(int column) const { return At(*data_, column).null_count; }

bool Table::is_null(int column, int64_t row) const {
  const Column& c = At(*data_, column);
  return c.null_count > 0 && !GetBit(c.validity.data(), row);
}

absl::Span<const int64_t> Table::int64_values(int column) const {
  const Column& c = At(*data_, column);
  assert(c.type == Type::kInt64 || c.type == Type::kTimestamp || c.type == Type::kDuration);
  return c.i64;
}

absl::Span<const double> Table::double_values(int column) const {
  const Column& c = At(*data_, column);
  assert(c.type == Type::kDouble);
  return c.f64;
}

absl::Span<const int32_t> Table::date_values(int column) const {
  const Column& c = At(*data_, column);
  assert(c.type == Type::kDate);
  return c.i32;
}

bool Table::bool_value(int column, int64_t row) const {
  const Column& c = At(*data_, column);
  assert(c.type == Type::kBool);
  return !c.bits.empty() && GetBit(c.bits.data(), row);
}

absl::string_view Table::string_value(int column, int64_t row) const {
  const Column& c = At(*data_, column);
  assert(c.type == Type::kString);
  if (c.type != Type::kString) return {};
  const size_t r = static_cast<size_t>(row);
  if (!c.large_offsets.empty()) {
    return absl::string_view(c.bytes).substr(
        static_cast<size_t>(c.large_offsets[r]),
        static_cast<size_t>(c.large_offsets[r + 1] - c.large_offsets[r]));
  }
  return absl::string_view(c.bytes).substr(static_cast<size_t>(c.offsets[r]),
                                           static_cast<size_t>(c.offsets[r + 1] - c.offsets[r]));
}

Date Table::date_value(int column, int64_t row) const {
  const absl::Span<const int32_t> days = date_values(column);
  return from_epoch_days(days.empty() ? 0 : days[static_cast<size_t>(row)]);
}

absl::Time Table::timestamp_value(int column, int64_t row) const {
  assert(column_type(column) == Type::kTimestamp);
  if (is_null(column, row)) return absl::UnixEpoch();
  const absl::Span<const int64_t> v = int64_values(column);
  return absl::FromUnixMicros(v.empty() ? 0 : v[static_cast<size_t>(row)]);
}

absl::Duration Table::duration_value(int column, int64_t row) const {
  assert(column_type(column) == Type::kDuration);
  if (is_null(column, row)) return absl::ZeroDuration();
  const absl::Span<const int64_t> v = int64_values(column);
  return absl::Microseconds(v.empty() ? 0 : v[static_cast<size_t>(row)]);
}

const uint8_t* Table::validity_bitmap(int column) const {
  const Column& c = At(*data_, column);
  return c.null_count == 0 ? nullptr : c.validity.data();
}

const uint8_t* Table::bool_bitmap(int column) const {
  const Column& c = At(*data_, column);
  assert(c.type == Type::kBool);
  return c.bits.data();
}

bool Table::has_large_offsets(int column) const {
  return !At(*data_, column).large_offsets.empty();
}

absl::Span<const int32_t> Table::string_offsets(int column) const {
  const Column& c = At(*data_, column);
  assert(c.type == Type::kString);
  return c.offsets;
}

absl::Span<const int64_t> Table::large_string_offsets(int column) const {
  const Column& c = At(*data_, column);
  assert(c.type == Type::kString);
  return c.large_offsets;
}

absl::string_view Table::string_data(int column) const {
  const Column& c = At(*data_, column);
  assert(c.type == Type::kString);
  return c.bytes;
}

bool Table::equals(const Table& other) const {
  if (data_ == other.data_) return true;
  if (num_rows() != other.num_rows() || num_columns() != other.num_columns()) return false;
  const int64_t rows = num_rows();
  for (int k = 0; k < num_columns(); ++k) {
    const Column& a = data_->columns[static_cast<size_t>(k)];
    const Column& b = other.data_->columns[static_cast<size_t>(k)];
    if (a.name != b.name || a.type != b.type || a.null_count != b.null_count) return false;
    for (int64_t r = 0; r < rows; ++r) {
      const bool null = is_null(k, r);
      if (null != other.is_null(k, r)) return false;
      if (null) continue;
      const size_t i = static_cast<size_t>(r);
      switch (a.type) {
        case Type::kInt64:
        case Type::kTimestamp:
        case Type::kDuration:
          if (a.i64[i] != b.i64[i]) return false;
          break;
        case Type::kDouble:
          if (!(a.f64[i] == b.f64[i] || (std::isnan(a.f64[i]) && std::isnan(b.f64[i])))) {
            return false;
          }
          break;
        case Type::kDate:
          if (a.i32[i] != b.i32[i]) return false;
          break;
        case Type::kBool:
          if (GetBit(a.bits.data(), r) != GetBit(b.bits.data(), r)) return false;
          break;
        case Type::kString:
          if (string_value(k, r) != other.string_value(k, r)) return false;
          break;
      }
    }
  }
  return true;
}

// ---- Table::Builder --------------------------------------------------------------

struct Table::Builder::State {
  Data data;
  absl::Status error;  // the first misuse; later appends are ignored

  // The column to append to, or nullptr after recording why not.
  Column* Target(int column, Type type, const char* call) {
    if (!error.ok()) return nullptr;
    if (column < 0 || column >= static_cast<int>(data.columns.size())) {
      error = absl::InvalidArgumentError(absl::StrCat("columns[", column, "]: ", call,
                                                      " on a column that does not exist (the "
                                                      "builder has ",
                                                      data.columns.size(), ")"));
      return nullptr;
    }
    Column& c = data.columns[static_cast<size_t>(column)];
    if (c.type != type) {
      Fail(c, absl::StrCat(call, " on a column of type ", type_name(c.type)));
      return nullptr;
    }
    return &c;
  }

  void Fail(const Column& c, absl::string_view why) {
    error = absl::InvalidArgumentError(absl::StrCat(ColumnPath(c.name), "[", c.length, "]: ", why));
  }

  // Records that the row being appended is present (`valid`) or null.
  static void PushValidity(Column& c, bool valid) {
    if (!valid && c.null_count == 0) {
      // The first null: every earlier row has a value.
      c.validity.assign(static_cast<size_t>((c.length + 7) / 8), 0xFF);
      if ((c.length & 7) != 0) c.validity.back() = static_cast<uint8_t>((1u << (c.length & 7)) - 1);
    }
    // The column has a validity bitmap once it has a null.
    if (!valid || c.null_count > 0) PushBit(c.validity, c.length, valid);
    if (!valid) ++c.null_count;
    ++c.length;
  }

  // Records `n` present rows whose values were just stored.
  static void PushPresent(Column& c, int64_t n) {
    if (c.null_count > 0) PushSetBits(c.validity, c.length, n);
    c.length += n;
  }

  // Appends a null of the column's type.
  static void PushNull(Column& c) {
    switch (c.type) {
      case Type::kInt64:
        c.i64.push_back(0);
        break;
      case Type::kTimestamp:
      case Type::kDuration:
        c.i64.push_back(kNullMicros);
        break;
      case Type::kDouble:
        c.f64.push_back(std::numeric_limits<double>::quiet_NaN());
        break;
      case Type::kDate:
        c.i32.push_back(0);
        break;
      case Type::kBool:
        PushBit(c.bits, c.length, false);
        break;
      case Type::kString:
        if (c.large_offsets.empty()) {
          c.offsets.push_back(c.offsets.back());
        } else {
          c.large_offsets.push_back(c.large_offsets.back());
        }
        break;
    }
    PushValidity(c, false);
  }

  // Appends microseconds to a timestamp or duration column; `micros` is
  // nullopt when the value does not fit. `describe` gives the value for the
  // message (called only then: formatting costs more than appending).
  template <typename Describe>
  void PushMicros(Column& c, std::optional<int64_t> micros, Describe describe) {
    if (!micros.has_value() || *micros == kNullMicros) {
      Fail(c, absl::StrCat(describe(), " does not fit in int64 microseconds"));
      return;
    }
    c.i64.push_back(*micros);
    PushValidity(c, true);
  }
};

Table::Builder::Builder() : state_(std::make_unique<State>()) {}
Table::Builder::State& Table::Builder::state() {
  if (state_ == nullptr) state_ = std::make_unique<State>();
  return *state_;
}
Table::Builder::~Builder() = default;
Table::Builder::Builder(Builder&&) noexcept = default;
Table::Builder& Table::Builder::operator=(Builder&&) noexcept = default;

absl::StatusOr<int> Table::Builder::add_column(absl::string_view name, Type type) {
  Data& data = state().data;
  const int index = static_cast<int>(data.columns.size());
  if (name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("columns[", index, "]: a column name must not be empty"));
  }
  if (const int64_t at = InvalidUtf8At(name); at >= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(ColumnPath(name), ": the name is not valid UTF-8 (byte ", at, ")"));
  }
  if (const auto it = data.index.find(name); it != data.index.end()) {
    return absl::InvalidArgumentError(absl::StrCat(
        ColumnPath(name), ": duplicate column name (column ", it->second, " has it already)"));
  }
  Column column;
  column.name = std::string(name);
  column.type = type;
  if (type == Type::kString) column.offsets.push_back(0);
  data.columns.push_back(std::move(column));
  data.index.emplace(std::string(name), index);
  return index;
}

void Table::Builder::reserve(int64_t rows) {
  if (state_ == nullptr || rows <= 0) return;
  const size_t n = static_cast<size_t>(rows);
  for (Column& c : state_->data.columns) {
    switch (c.type) {
      case Type::kInt64:
      case Type::kTimestamp:
      case Type::kDuration:
        c.i64.reserve(n);
        break;
      case Type::kDouble:
        c.f64.reserve(n);
        break;
      case Type::kDate:
        c.i32.reserve(n);
        break;
      case Type::kBool:
        c.bits.reserve((n + 7) / 8);
        break;
      case Type::kString:
        c.offsets.reserve(n + 1);
        break;
    }
  }
}

void Table::Builder::reserve_string_bytes(int column, int64_t bytes) {
  if (state_ == nullptr || bytes <= 0 || column < 0 ||
      column >= static_cast<int>(state_->data.columns.size())) {
    return;
  }
  Column& c = state_->data.columns[static_cast<size_t>(column)];
  if (c.type == Type::kString) c.bytes.reserve(static_cast<size_t>(bytes));
}

void Table::Builder::append_int64(int column, std::optional<int64_t> value) {
  Column* c = state().Target(column, Type::kInt64, "append_int64");
  if (c == nullptr) return;
  if (!value.has_value()) return State::PushNull(*c);
  c->i64.push_back(*value);
  State::PushValidity(*c, true);
}

void Table::Builder::append_double(int column, std::optional<double> value) {
  Column* c = state().Target(column, Type::kDouble, "append_double");
  if (c == nullptr) return;
  if (!value.has_value()) return State::PushNull(*c);
  c->f64.push_back(*value);
  State::PushValidity(*c, true);
}

void Table::Builder::append_bool(int column, std::optional<bool> value) {
  Column* c = state().Target(column, Type::kBool, "append_bool");
  if (c == nullptr) return;
  if (!value.has_value()) return State::PushNull(*c);
  PushBit(c->bits, c->length, *value);
  State::PushValidity(*c, true);
}

void Table::Builder::append_string(int column, std::optional<absl::string_view> value) {
  Column* c = state().Target(column, Type::kString, "append_string");
  if (c == nullptr) return;
  if (!value.has_value()) return State::PushNull(*c);
  if (const int64_t at = InvalidUtf8At(*value); at >= 0) {
    return state().Fail(
        *c,
        absl::StrCat("not valid UTF-8 (byte ", at, " of ", value->size(), ": 0x",
                     absl::Hex(static_cast<unsigned char>((*value)[at]), absl::kZeroPad2), ")"));
  }
  c->bytes.append(value->data(), value->size());
  const int64_t end = static_cast<int64_t>(c->bytes.size());
  if (c->large_offsets.empty() && end > kMaxSmallOffset) {
    // The text outgrew int32 offsets (Arrow utf8): switch the column to int64
    // offsets (large_utf8), once.
    c->large_offsets.assign(c->offsets.begin(), c->offsets.end());
    std::vector<int32_t>().swap(c->offsets);
  }
  if (c->large_offsets.empty()) {
    c->offsets.push_back(static_cast<int32_t>(end));
  } else {
    c->large_offsets.push_back(end);
  }
  State::PushValidity(*c, true);
}

void Table::Builder::append_date(int column, std::optional<Date> value) {
  Column* c = state().Target(column, Type::kDate, "append_date");
  if (c == nullptr) return;
  if (!value.has_value()) return State::PushNull(*c);
  const int64_t days = to_epoch_days(*value);
  if (days < std::numeric_limits<int32_t>::min() || days > std::numeric_limits<int32_t>::max()) {
    return state().Fail(*c, absl::StrCat(format_date(*value),
                                         " is outside int32 days since 1970-01-01 (Arrow date32)"));
  }
  c->i32.push_back(static_cast<int32_t>(days));
  State::PushValidity(*c, true);
}

void Table::Builder::append_timestamp(int column, std::optional<absl::Time> value) {
  Column* c = state().Target(column, Type::kTimestamp, "append_timestamp");
  if (c == nullptr) return;
  if (!value.has_value()) return State::PushNull(*c);
  // absl::ToUnixMicros saturates; an instant is kept only if it lies strictly
  // inside the range it can give back exactly.
  std::optional<int64_t> micros;
  if (*value > absl::FromUnixMicros(kNullMicros) &&
      *value < absl::FromUnixMicros(std::numeric_limits<int64_t>::max())) {
    micros = absl::ToUnixMicros(*value);
  }
  state().PushMicros(*c, micros, [&] {
    return absl::StrCat("instant ",
                        absl::FormatTime(absl::RFC3339_full, *value, absl::UTCTimeZone()));
  });
}

void Table::Builder::append_duration(int column, std::optional<absl::Duration> value) {
  Column* c = state().Target(column, Type::kDuration, "append_duration");
  if (c == nullptr) return;
  if (!value.has_value()) return State::PushNull(*c);
  std::optional<int64_t> micros;
  if (*value > absl::Microseconds(kNullMicros) &&
      *value < absl::Microseconds(std::numeric_limits<int64_t>::max())) {
    // Floor, like ToUnixMicros for instants: -1.5 µs is -2 µs.
    micros = absl::ToInt64Microseconds(*value);
    if (absl::Microseconds(*micros) > *value) --*micros;
  }
  state().PushMicros(*c, micros,
                     [&] { return absl::StrCat("duration ", absl::FormatDuration(*value)); });
}

void Table::Builder::append_null(int column) {
  State& s = state();
  if (!s.error.ok()) return;
  if (column < 0 || column >= static_cast<int>(s.data.columns.size())) {
    s.Target(column, Type::kInt64, "append_null");  // records the error
    return;
  }
  State::PushNull(s.data.columns[static_cast<size_t>(column)]);
}

void Table::Builder::append_int64s(int column, absl::Span<const int64_t> values) {
  Column* c = state().Target(column, Type::kInt64, "append_int64s");
  if (c == nullptr) return;
  c->i64.insert(c->i64.end(), values.begin(), values.end());
  State::PushPresent(*c, static_cast<int64_t>(values.size()));
}

void Table::Builder::append_doubles(int column, absl::Span<const double> values) {
  Column* c = state().Target(column, Type::kDouble, "append_doubles");
  if (c == nullptr) return;
  c->f64.insert(c->f64.end(), values.begin(), values.end());
  State::PushPresent(*c, static_cast<int64_t>(values.size()));
}

void Table::Builder::adopt_int64s(int column, std::vector<int64_t> values) {
  Column* c = state().Target(column, Type::kInt64, "adopt_int64s");
  if (c == nullptr) return;
  if (c->length > 0) {
    c->i64.insert(c->i64.end(), values.begin(), values.end());
  } else {
    c->i64 = std::move(values);  // no rows, so no nulls: the buffer is the column
  }
  State::PushPresent(*c, static_cast<int64_t>(c->i64.size()) - c->length);
}

void Table::Builder::adopt_doubles(int column, std::vector<double> values) {
  Column* c = state().Target(column, Type::kDouble, "adopt_doubles");
  if (c == nullptr) return;
  if (c->length > 0) {
    c->f64.insert(c->f64.end(), values.begin(), values.end());
  } else {
    c->f64 = std::move(values);
  }
  State::PushPresent(*c, static_cast<int64_t>(c->f64.size()) - c->length);
}

int64_t Table::Builder::num_rows(int column) const {
  if (state_ == nullptr || column < 0 || column >= static_cast<int>(state_->data.columns.size())) {
    return 0;
  }
  return state_->data.columns[static_cast<size_t>(column)].length;
}

absl::StatusOr<Table> Table::Builder::build() && {
  std::unique_ptr<State> state = std::move(state_);
  state_ = std::make_unique<State>();
  if (state == nullptr) return Table();
  if (!state->error.ok()) return state->error;
  Data& data = state->data;
  if (!data.columns.empty()) {
    const Column& first = data.columns.front();
    for (const Column& c : data.columns) {
      if (c.length != first.length) {
        return absl::InvalidArgumentError(absl::StrCat(
            ColumnPath(c.name), ": has ", Rows(c.length), ", but ", ColumnPath(first.name), " has ",
            Rows(first.length), "; every column must have the same number of rows"));
      }
    }
    data.num_rows = first.length;
  }
  return Table(std::make_shared<const Data>(std::move(data)));
}

}  // namespace postventa
