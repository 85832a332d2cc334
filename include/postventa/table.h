/** \file
 * \brief The columnar result type of SPEC §9.2, postventa::Table, and its
 * export through the Arrow C stream interface.
 *
 * A Table is what every tabular result of the library is (maintenance due
 * lists, follow-up plans, grouped scores, survival curves): named, typed
 * columns of equal length. It is built once, column by column, with a
 * Table::Builder, and is immutable afterwards.
 *
 * Storage is Arrow's columnar layout, so that the faces hand the memory on
 * without copying it:
 *   - int64, timestamp (UTC microseconds) and duration (microseconds): `int64_t`
 *     values, contiguous; under a null the value is 0 for int64 and `INT64_MIN`
 *     for timestamp and duration (numpy's NaT, so the Python face can show the
 *     buffer as datetime64/timedelta64 as it is);
 *   - float64 (Table::Type::kDouble): `double` values, NaN under a null;
 *   - date: `int32_t` days since 1970-01-01 (Arrow date32), 0 under a null;
 *   - bool: a bitmap, least significant bit first (Arrow's boolean layout);
 *   - string: UTF-8 bytes with int32 offsets (Arrow utf8), or int64 offsets
 *     (Arrow large_utf8) when the column's bytes exceed 2^31 - 1;
 *   - nulls: a validity bitmap per column (bit set = value present), absent
 *     while the column has no null.
 *
 * Invariants: every column has Table::num_rows() rows; column names are
 * unique, non-empty UTF-8; string values are valid UTF-8; timestamps and
 * durations fit in int64 microseconds (and are not `INT64_MIN`, which means
 * null).
 *
 * Thread safety: a Table is immutable. Copies are cheap and share the columns
 * (the memory lives as long as any copy, or any Arrow export of one); any
 * number of threads may read one table or its copies at once. A Table::Builder
 * is a single-threaded object.
 *
 * The header also carries the Arrow C data interface and C stream interface
 * structs (`ArrowSchema`, `ArrowArray`, `ArrowArrayStream`), copied verbatim
 * from Apache Arrow's specification and documented there.
 */
#ifndef POSTVENTA_TABLE_H_
#define POSTVENTA_TABLE_H_

#include <stdint.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "postventa/time.h"

// The Arrow C data interface and C stream interface, copied verbatim from
// https://arrow.apache.org/docs/format/CDataInterface.html and
// https://arrow.apache.org/docs/format/CStreamInterface.html. The C ABI header
// postventa/postventa.h carries the same definitions (the core must not include
// it: the core knows no face). The canonical guards make the two copies, and
// any other project's copy, define the structs once whatever the include order.
extern "C" {

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  // Array type description
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;

  // Release callback
  void (*release)(struct ArrowSchema*);
  // Opaque producer-specific data
  void* private_data;
};

struct ArrowArray {
  // Array data description
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;

  // Release callback
  void (*release)(struct ArrowArray*);
  // Opaque producer-specific data
  void* private_data;
};

#endif  // ARROW_C_DATA_INTERFACE

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE

struct ArrowArrayStream {
  // Callbacks providing stream functionality
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);

  // Release callback
  void (*release)(struct ArrowArrayStream*);

  // Opaque producer-specific data
  void* private_data;
};

#endif  // ARROW_C_STREAM_INTERFACE

}  // extern "C"

namespace postventa {

/// A columnar table: named, typed columns of equal length, in Arrow's memory
/// layout (see the file description), immutable once built by a Table::Builder.
///
/// Preconditions of the accessors: every `column` argument is in
/// `0 <= column < num_columns()`, every `row` in `0 <= row < num_rows()`; typed
/// accessors also require the column to have the type they name (checked by
/// assert in debug builds).
///
/// Thread safety: immutable. Copies are cheap and share the columns; any
/// number of threads may read one table or its copies at once.
class Table {
 public:
  /// Column types, with their Arrow format strings and numpy dtypes.
  enum class Type {
    kInt64,   ///< `int64`: Arrow `"l"`, numpy int64.
    kDouble,  ///< `float64`: Arrow `"g"`, numpy float64.
    kBool,    ///< `bool`: Arrow `"b"`, numpy bool.
    /// `string`: Arrow `"u"` (utf8), `"U"` (large_utf8) beyond 2^31 - 1 bytes; Python str.
    kString,
    kDate,  ///< `date`: Arrow `"tdD"` (date32, days since 1970-01-01), numpy datetime64[D].
    /// `timestamp`: Arrow `"tsu:UTC"` (UTC microseconds since 1970-01-01), numpy datetime64[us].
    kTimestamp,
    kDuration,  ///< `duration`: Arrow `"tDu"` (microseconds), numpy timedelta64[us].
  };
  /// The name of a column type: "int64", "float64", "bool", "string", "date",
  /// "timestamp", "duration".
  static absl::string_view type_name(Type type);
  /// The inverse of type_name(); nullopt for any other text.
  static std::optional<Type> type_from_name(absl::string_view name);

  class Builder;

  /// A table with no columns and no rows.
  Table();
  /// A copy that shares the columns (cheap).
  Table(const Table&) = default;
  /// Makes this table share the columns of another (cheap).
  Table& operator=(const Table&) = default;
  /// Takes the columns of `other`; a moved-from table is empty (no columns, no rows).
  Table(Table&& other) noexcept;
  /// Takes the columns of `other`; a moved-from table is empty (no columns, no rows).
  Table& operator=(Table&& other) noexcept;

  /// The number of rows (of every column).
  int64_t num_rows() const;
  /// The number of columns.
  int num_columns() const;
  /// The name of a column.
  const std::string& column_name(int column) const;
  /// The type of a column.
  Type column_type(int column) const;
  /// The index of the column named `name`; NotFound (naming the columns there
  /// are) when there is none.
  [[nodiscard]] absl::StatusOr<int> column_index(absl::string_view name) const;

  /// The number of nulls in a column.
  int64_t null_count(int column) const;
  /// True when the cell is null.
  bool is_null(int column, int64_t row) const;

  /// The values of a kInt64, kTimestamp (UTC microseconds) or kDuration
  /// (microseconds) column, one per row (0 under a null for kInt64,
  /// `INT64_MIN` for the others).
  absl::Span<const int64_t> int64_values(int column) const;
  /// The values of a kDouble column, one per row (NaN under a null).
  absl::Span<const double> double_values(int column) const;
  /// The values of a kDate column as days since 1970-01-01, one per row (0
  /// under a null).
  absl::Span<const int32_t> date_values(int column) const;
  /// One value of a kBool column; false under a null.
  bool bool_value(int column, int64_t row) const;
  /// One value of a kString column; "" under a null.
  absl::string_view string_value(int column, int64_t row) const;
  /// One value of a kDate column; 1970-01-01 under a null.
  Date date_value(int column, int64_t row) const;
  /// One value of a kTimestamp column; the epoch under a null.
  absl::Time timestamp_value(int column, int64_t row) const;
  /// One value of a kDuration column; zero under a null.
  absl::Duration duration_value(int column, int64_t row) const;

  // The column's buffers in the Arrow columnar layout, for code that hands
  // them on without copying (the Arrow export, the Python face).

  /// The validity bitmap of a column (bit i set: row i has a value); nullptr
  /// when the column has no null.
  const uint8_t* validity_bitmap(int column) const;
  /// The values of a kBool column as a bitmap, bit i = row i.
  const uint8_t* bool_bitmap(int column) const;
  /// For a kString column: true when the offsets are int64 (large_utf8), false
  /// for int32 (utf8).
  bool has_large_offsets(int column) const;
  /// For a kString column with int32 offsets: num_rows() + 1 offsets into
  /// string_data(); empty when the column has int64 offsets (see
  /// has_large_offsets()).
  absl::Span<const int32_t> string_offsets(int column) const;
  /// For a kString column with int64 offsets: num_rows() + 1 offsets into
  /// string_data(); empty when the column has int32 offsets (see
  /// has_large_offsets()).
  absl::Span<const int64_t> large_string_offsets(int column) const;
  /// For a kString column: the UTF-8 bytes of every value, one after the other.
  absl::string_view string_data(int column) const;

  /// Same column names, types and order, same number of rows, and in every cell
  /// the same value or both null. Two NaNs are equal (as pandas' `equals`).
  bool equals(const Table& other) const;
  /// `a.equals(b)`.
  friend bool operator==(const Table& a, const Table& b) { return a.equals(b); }

  /// The columns (opaque; defined in src/table/table.cc).
  struct Data;

 private:
  explicit Table(std::shared_ptr<const Data> data);
  std::shared_ptr<const Data> data_;
};

/// Builds a Table column by column.
///
/// \code{.cpp}
/// Table::Builder builder;
/// ASSIGN_OR_RETURN(const int unit, builder.add_column("unit", Table::Type::kString));
/// ASSIGN_OR_RETURN(const int due, builder.add_column("due", Table::Type::kDate));
/// for (...) {
///   builder.append_string(unit, serial);
///   builder.append_date(due, date);   // std::nullopt appends a null
/// }
/// ASSIGN_OR_RETURN(Table table, std::move(builder).build());
/// \endcode
///
/// Appending is cheap and never fails on the spot: the first misuse (a column
/// index that does not exist, a value of the wrong type, invalid UTF-8, a date
/// beyond int32 days, an instant or duration outside int64 microseconds) is
/// remembered with its column and row, later appends are ignored, and build()
/// reports it. build() also checks that every column has the same number of
/// rows.
///
/// Thread safety: a Builder is a single-threaded object.
class Table::Builder {
 public:
  /// An empty builder (no columns).
  Builder();
  /// Discards what was appended.
  ~Builder();
  /// Takes the columns of another builder, which is left empty.
  Builder(Builder&&) noexcept;
  /// Takes the columns of another builder, which is left empty.
  Builder& operator=(Builder&&) noexcept;
  /// Not copyable.
  Builder(const Builder&) = delete;
  /// Not copyable.
  Builder& operator=(const Builder&) = delete;

  /// Adds an empty column and returns its index (0, 1, ...). InvalidArgument
  /// when `name` is empty, not UTF-8, or the name of another column.
  [[nodiscard]] absl::StatusOr<int> add_column(absl::string_view name, Type type);

  /// Capacity hint: room for `rows` values in every column added so far. It
  /// changes no content.
  void reserve(int64_t rows);
  /// Capacity hint: room for `bytes` of text in a string column. It changes no
  /// content.
  void reserve_string_bytes(int column, int64_t bytes);

  /// Appends a value (nullopt: a null) to a kInt64 column.
  void append_int64(int column, std::optional<int64_t> value);
  /// Appends a value (nullopt: a null) to a kDouble column.
  void append_double(int column, std::optional<double> value);
  /// Appends a value (nullopt: a null) to a kBool column.
  void append_bool(int column, std::optional<bool> value);
  /// Appends a value (nullopt: a null) to a kString column; it must be valid UTF-8.
  void append_string(int column, std::optional<absl::string_view> value);
  /// Appends a value (nullopt: a null) to a kDate column.
  void append_date(int column, std::optional<Date> value);
  /// Appends a value (nullopt: a null) to a kTimestamp column, in whole
  /// microseconds: a finer part is truncated toward the past, as the calendar
  /// does (`absl::ToUnixMicros`).
  void append_timestamp(int column, std::optional<absl::Time> value);
  /// Appends a value (nullopt: a null) to a kDuration column, in whole
  /// microseconds: a finer part is truncated toward the past.
  void append_duration(int column, std::optional<absl::Duration> value);
  /// Appends a null to a column of any type.
  void append_null(int column);

  /// Bulk append, for columns computed in one piece (the estimators' tables):
  /// every value of `values`, in order, each present, to a kInt64 column.
  ///
  /// The column is checked as the single appends do (it exists and has the
  /// type) and a misuse is recorded the same way; an empty span appends
  /// nothing. A column that already has nulls gets its validity bits set for
  /// the new rows.
  void append_int64s(int column, absl::Span<const int64_t> values);
  /// Bulk append of present values to a kDouble column, as append_int64s().
  void append_doubles(int column, absl::Span<const double> values);
  /// append_int64s() taking the buffer: into a column with no rows yet the
  /// vector becomes the column's storage as it is (no copy; its spare capacity
  /// is kept); into a column with rows its values are appended.
  void adopt_int64s(int column, std::vector<int64_t> values);
  /// append_doubles() taking the buffer, as adopt_int64s().
  void adopt_doubles(int column, std::vector<double> values);

  /// The number of rows appended to `column` so far (0 for an unknown column).
  int64_t num_rows(int column) const;

  /// The table, or InvalidArgument for the first misuse (see the class
  /// description) or the first column whose length differs from the first
  /// column's. The builder is left empty either way.
  [[nodiscard]] absl::StatusOr<Table> build() &&;

 private:
  struct State;
  State& state();  // creates it in a moved-from builder
  std::unique_ptr<State> state_;
};

/// How export_arrow_stream() cuts a table into record batches.
struct ArrowExportOptions {
  /// Rows per record batch, rounded up to a multiple of 8 so that every batch
  /// starts on a byte of the bitmaps and no buffer is copied; the last batch
  /// takes the rest. Must be positive.
  int64_t max_batch_rows = int64_t{1} << 20;
};

/// Moves `table` into an Arrow C stream, in record batches of up to 2^20 rows
/// (see the overload with ArrowExportOptions).
[[nodiscard]] absl::Status export_arrow_stream(Table table, ArrowArrayStream* out);
/// Moves `table` into an Arrow C stream (`*out`, which the caller allocates and
/// the callee fills).
///
/// The stream's schema is a struct (`"+s"`) with one nullable child field per
/// column; each record batch is a struct array of up to
/// `options.max_batch_rows` rows, with offset 0, whose buffers point into the
/// table's memory (nothing is copied; the stream and every batch and schema it
/// gives keep that memory alive until released). A table with no rows gives a
/// stream with its schema and no batch. The consumer owns `*out` and calls
/// `out->release`; batches and schemas it gets are released on their own.
/// InvalidArgument when `out` is null or the options are invalid.
[[nodiscard]] absl::Status export_arrow_stream(Table table, ArrowArrayStream* out,
                                               const ArrowExportOptions& options);

}  // namespace postventa

#endif  // POSTVENTA_TABLE_H_
