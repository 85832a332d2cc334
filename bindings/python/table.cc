// postventa.Table (SPEC §9.2): the columnar result type, bound from
// include/postventa/table.h.
//
// `table["col"]` is a numpy array, read-only (a table is immutable):
//   - int64 without nulls, float64, timestamp and duration columns are the
//     table's own memory (no copy; the array's base is the Table, which keeps it
//     alive). Nulls read as NaN (float64) and NaT (timestamp, duration): the
//     core stores those very values under a null;
//   - int64 with nulls: a float64 copy with NaN for the nulls (as pandas and
//     pyarrow's to_pandas do; exact while |value| <= 2^53);
//   - bool: a numpy bool copy of the bitmap; with nulls an object array of
//     True/False/None;
//   - date: a datetime64[D] copy (the core keeps Arrow's 32-bit days; numpy has
//     no 32-bit date), NaT for nulls;
//   - string: an object array of str, None for nulls.
// `__arrow_c_stream__` exports the Arrow C stream in a PyCapsule named
// "arrow_array_stream" (the Arrow PyCapsule interface), zero-copy.
// to_pandas, __repr__ and from_columns are pure Python (postventa/_table.py);
// the methods here call into it.
// Python.h comes before any standard header (Python's rule), datetime.h after it.
// clang-format off
#include <Python.h>
#include <datetime.h>
#include <pybind11/pybind11.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
// clang-format on

#include "postventa/table.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "module.h"
#include "postventa/time.h"

namespace py = pybind11;
using namespace pybind11::literals;  // NOLINT(build/namespaces): "name"_a

namespace postventa_python {
namespace {

using postventa::Table;
using Type = Table::Type;

constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

py::object ReadOnly(py::object array) {
  array.attr("setflags")("write"_a = false);
  return array;
}

const char* NumpyDtype(Type type) {
  switch (type) {
    case Type::kInt64:
      return "int64";
    case Type::kDouble:
      return "float64";
    case Type::kBool:
      return "bool";
    case Type::kString:
      return "object";
    case Type::kDate:
      return "datetime64[D]";
    case Type::kTimestamp:
      return "datetime64[us]";
    case Type::kDuration:
      return "timedelta64[us]";
  }
  return "object";
}

// A view of `size` values of 8 bytes at `data`, owned by `owner` (the Table).
py::object View(const char* dtype, const void* data, int64_t size, py::handle owner) {
  py::array array(py::dtype(dtype), {static_cast<py::ssize_t>(size)}, {py::ssize_t{8}}, data,
                  owner);
  return ReadOnly(std::move(array));
}

py::object EmptyObjects(int64_t size) {
  return py::module_::import("numpy").attr("empty")(size, "dtype"_a = "object");
}

// Stores `value` (a new reference) into slot `i` of an object array from EmptyObjects.
void SetObject(py::object& array, int64_t i, PyObject* value) {
  if (value == nullptr) throw py::error_already_set();
  auto** slots = static_cast<PyObject**>(py::reinterpret_borrow<py::array>(array).mutable_data());
  PyObject* old = slots[i];
  slots[i] = value;
  Py_XDECREF(old);
}

PyObject* NewStr(absl::string_view s) {
  // The core keeps only valid UTF-8, so strict decoding cannot fail on content.
  return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "strict");
}

py::object Column(py::handle self, const Table& t, int k) {
  const int64_t n = t.num_rows();
  const Type type = t.column_type(k);
  const bool nulls = t.null_count(k) > 0;
  if (n == 0) {
    return ReadOnly(py::module_::import("numpy").attr("empty")(0, "dtype"_a = NumpyDtype(type)));
  }
  switch (type) {
    case Type::kDouble:
      return View("float64", t.double_values(k).data(), n, self);
    case Type::kTimestamp:
      return View("datetime64[us]", t.int64_values(k).data(), n, self);
    case Type::kDuration:
      return View("timedelta64[us]", t.int64_values(k).data(), n, self);
    case Type::kInt64: {
      if (!nulls) return View("int64", t.int64_values(k).data(), n, self);
      py::array_t<double> out(static_cast<py::ssize_t>(n));
      double* o = out.mutable_data();
      const absl::Span<const int64_t> v = t.int64_values(k);
      for (int64_t r = 0; r < n; ++r) {
        o[r] = t.is_null(k, r) ? std::numeric_limits<double>::quiet_NaN()
                               : static_cast<double>(v[static_cast<size_t>(r)]);
      }
      return ReadOnly(std::move(out));
    }
    case Type::kDate: {
      py::array_t<int64_t> days(static_cast<py::ssize_t>(n));
      int64_t* o = days.mutable_data();
      const absl::Span<const int32_t> v = t.date_values(k);
      for (int64_t r = 0; r < n; ++r) {
        o[r] = t.is_null(k, r) ? std::numeric_limits<int64_t>::min() : v[static_cast<size_t>(r)];
      }
      return ReadOnly(days.attr("view")("datetime64[D]"));
    }
    case Type::kBool: {
      if (!nulls) {
        py::array_t<bool> out(static_cast<py::ssize_t>(n));
        bool* o = out.mutable_data();
        for (int64_t r = 0; r < n; ++r) o[r] = t.bool_value(k, r);
        return ReadOnly(std::move(out));
      }
      py::object out = EmptyObjects(n);
      for (int64_t r = 0; r < n; ++r) {
        PyObject* value = t.is_null(k, r) ? Py_None : (t.bool_value(k, r) ? Py_True : Py_False);
        Py_INCREF(value);
        SetObject(out, r, value);
      }
      return ReadOnly(std::move(out));
    }
    case Type::kString: {
      py::object out = EmptyObjects(n);
      for (int64_t r = 0; r < n; ++r) {
        if (t.is_null(k, r)) continue;  // numpy.empty(dtype=object) holds None
        SetObject(out, r, NewStr(t.string_value(k, r)));
      }
      return ReadOnly(std::move(out));
    }
  }
  return py::none();
}

// ---- Cells as Python objects ---------------------------------------------------

std::string CellPath(const Table& t, int k, int64_t r) {
  return absl::StrCat("columns[\"", t.column_name(k), "\"][", r, "]");
}

[[noreturn]] void OutsidePythonDates(const Table& t, int k, int64_t r, absl::string_view what) {
  Raise(absl::OutOfRangeError(
      absl::StrCat(CellPath(t, k, r), ": ", what,
                   " is outside the dates Python can hold (0001-01-01..9999-12-31)")));
}

PyObject* DateObject(const Table& t, int k, int64_t r, int64_t days) {
  const postventa::Date date = postventa::from_epoch_days(days);
  if (date.year() < 1 || date.year() > 9999) {
    OutsidePythonDates(t, k, r, postventa::format_date(date));
  }
  return PyDate_FromDate(static_cast<int>(date.year()), date.month(), date.day());
}

PyObject* InstantObject(const Table& t, int k, int64_t r, int64_t micros) {
  const int64_t days = FloorDiv(micros, kMicrosPerDay);
  const int64_t rest = micros - days * kMicrosPerDay;  // [0, one day)
  const postventa::Date date = postventa::from_epoch_days(days);
  if (date.year() < 1 || date.year() > 9999) {
    OutsidePythonDates(
        t, k, r,
        absl::FormatTime(absl::RFC3339_full, absl::FromUnixMicros(micros), absl::UTCTimeZone()));
  }
  const int64_t seconds = rest / 1000000;
  return PyDateTimeAPI->DateTime_FromDateAndTime(
      static_cast<int>(date.year()), date.month(), date.day(), static_cast<int>(seconds / 3600),
      static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60),
      static_cast<int>(rest % 1000000), PyDateTime_TimeZone_UTC, PyDateTimeAPI->DateTimeType);
}

PyObject* DurationObject(int64_t micros) {
  // timedelta(days, seconds, microseconds) normalised: 0 <= seconds < 86400.
  const int64_t days = FloorDiv(micros, kMicrosPerDay);
  const int64_t rest = micros - days * kMicrosPerDay;
  return PyDelta_FromDSU(static_cast<int>(days), static_cast<int>(rest / 1000000),
                         static_cast<int>(rest % 1000000));
}

// A new reference to the Python value of cell (k, r).
PyObject* Cell(const Table& t, int k, int64_t r) {
  if (t.is_null(k, r)) {
    Py_INCREF(Py_None);
    return Py_None;
  }
  const size_t i = static_cast<size_t>(r);
  switch (t.column_type(k)) {
    case Type::kInt64:
      return PyLong_FromLongLong(t.int64_values(k)[i]);
    case Type::kDouble:
      return PyFloat_FromDouble(t.double_values(k)[i]);
    case Type::kBool:
      return PyBool_FromLong(t.bool_value(k, r) ? 1 : 0);
    case Type::kString:
      return NewStr(t.string_value(k, r));
    case Type::kDate:
      return DateObject(t, k, r, t.date_values(k)[i]);
    case Type::kTimestamp:
      return InstantObject(t, k, r, t.int64_values(k)[i]);
    case Type::kDuration:
      return DurationObject(t.int64_values(k)[i]);
  }
  Py_INCREF(Py_None);
  return Py_None;
}

py::object Steal(PyObject* o) {
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(o);
}

// Rows [start, stop) as tuples (clipped to the table).
py::list Rows(const Table& t, int64_t start, int64_t stop) {
  start = std::max<int64_t>(0, std::min(start, t.num_rows()));
  stop = std::max(start, std::min(stop, t.num_rows()));
  py::list rows(static_cast<size_t>(stop - start));
  const int n = t.num_columns();
  for (int64_t r = start; r < stop; ++r) {
    py::tuple row(static_cast<size_t>(n));
    for (int k = 0; k < n; ++k) {
      PyTuple_SET_ITEM(row.ptr(), k, Steal(Cell(t, k, r)).release().ptr());
    }
    PyList_SET_ITEM(rows.ptr(), r - start, row.release().ptr());
  }
  return rows;
}

py::list ToPylist(const Table& t) {
  const int n = t.num_columns();
  std::vector<py::object> keys;
  keys.reserve(static_cast<size_t>(n));
  for (int k = 0; k < n; ++k) keys.push_back(Steal(NewStr(t.column_name(k))));
  py::list rows(static_cast<size_t>(t.num_rows()));
  for (int64_t r = 0; r < t.num_rows(); ++r) {
    py::dict row;
    for (int k = 0; k < n; ++k) {
      py::object value = Steal(Cell(t, k, r));
      if (PyDict_SetItem(row.ptr(), keys[static_cast<size_t>(k)].ptr(), value.ptr()) != 0) {
        throw py::error_already_set();
      }
    }
    PyList_SET_ITEM(rows.ptr(), r, row.release().ptr());
  }
  return rows;
}

// ---- The Arrow PyCapsule interface ------------------------------------------------

constexpr const char* kStreamCapsule = "arrow_array_stream";
constexpr const char* kSchemaCapsule = "arrow_schema";

// The capsule's destructor: releases a stream no consumer took (a consumer
// that moved it left `release` NULL), then frees the struct.
void DestroyStreamCapsule(PyObject* capsule) {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);  // may run while an exception is set
  auto* stream =
      static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule, PyCapsule_GetName(capsule)));
  if (stream == nullptr) {
    PyErr_Clear();
  } else {
    if (stream->release != nullptr) stream->release(stream);
    delete stream;
  }
  PyErr_Restore(type, value, traceback);
}

// requested_schema is best effort (the PyCapsule interface): the table has one
// Arrow form, so a request is honoured by ignoring it, unless it does not
// describe this table's fields, which is an error.
void CheckRequestedSchema(const Table& t, py::handle requested) {
  if (!PyCapsule_IsValid(requested.ptr(), kSchemaCapsule)) {
    throw py::type_error(
        absl::StrCat("requested_schema: expected None or a PyCapsule named \"arrow_schema\", got ",
                     Py_TYPE(requested.ptr())->tp_name));
  }
  const auto* schema =
      static_cast<const ArrowSchema*>(PyCapsule_GetPointer(requested.ptr(), kSchemaCapsule));
  if (schema == nullptr) throw py::error_already_set();
  if (schema->release == nullptr) {
    Raise(absl::InvalidArgumentError("requested_schema: the schema has been released"));
  }
  std::vector<std::string> names;
  for (int k = 0; k < t.num_columns(); ++k) names.push_back(t.column_name(k));
  if (std::strcmp(schema->format, "+s") != 0 || schema->n_children != t.num_columns()) {
    Raise(absl::InvalidArgumentError(
        absl::StrCat("requested_schema: expected a struct of ", t.num_columns(), " fields (",
                     absl::StrJoin(names, ", "), "), got format \"", schema->format, "\" with ",
                     schema->n_children, " children")));
  }
  for (int k = 0; k < t.num_columns(); ++k) {
    const char* name = schema->children[k]->name;
    if (name == nullptr || names[static_cast<size_t>(k)] != name) {
      Raise(absl::InvalidArgumentError(absl::StrCat(
          "requested_schema: field ", k, " is named \"", name == nullptr ? "" : name,
          "\", but the table's column ", k, " is \"", names[static_cast<size_t>(k)], "\"")));
    }
  }
}

py::object ArrowCStream(const Table& t, py::handle requested_schema) {
  if (!requested_schema.is_none()) CheckRequestedSchema(t, requested_schema);
  auto owned = std::make_unique<ArrowArrayStream>();
  owned->release = nullptr;
  // The capsule owns the struct from here on, so nothing leaks if export fails.
  py::object capsule = Steal(PyCapsule_New(owned.get(), kStreamCapsule, &DestroyStreamCapsule));
  ArrowArrayStream* stream = owned.release();
  const absl::Status status = postventa::export_arrow_stream(t, stream);
  if (!status.ok()) Raise(status);
  return capsule;
}

// ---- Building from Python (Table.from_columns, via postventa._table) -------------

// The numpy array `value` as `T` values, checking its dtype (a programming
// error of _table.py otherwise).
template <typename T>
py::array_t<T> Values(py::handle value, int64_t rows, absl::string_view name) {
  auto array = py::reinterpret_borrow<py::array>(value);
  if (!py::isinstance<py::array_t<T>>(array) || array.ndim() != 1 ||
      array.shape(0) != static_cast<py::ssize_t>(rows)) {
    throw py::type_error(absl::StrCat("_from_arrays: column ", name, " has the wrong array"));
  }
  return py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(array);
}

Table FromArrays(const std::vector<std::string>& names, const std::vector<std::string>& types,
                 const py::list& values, const py::list& valid) {
  if (types.size() != names.size() || values.size() != names.size() ||
      valid.size() != names.size()) {
    throw py::value_error("_from_arrays: names, types, values and valid differ in length");
  }
  Table::Builder builder;
  std::vector<Type> column_types;
  for (size_t k = 0; k < names.size(); ++k) {
    const std::optional<Type> type = Table::type_from_name(types[k]);
    if (!type.has_value()) throw py::value_error(absl::StrCat("_from_arrays: type ", types[k]));
    column_types.push_back(*type);
    absl::StatusOr<int> index = builder.add_column(names[k], *type);
    if (!index.ok()) Raise(index.status());
  }
  for (size_t k = 0; k < names.size(); ++k) {
    const int c = static_cast<int>(k);
    const py::handle column = values[k];
    const int64_t rows = static_cast<int64_t>(py::len(column));
    py::array_t<bool> mask;
    const bool* is_valid = nullptr;
    if (!valid[k].is_none()) {
      mask = Values<bool>(valid[k], rows, names[k]);
      is_valid = mask.data();
    }
    auto present = [&](int64_t r) { return is_valid == nullptr || is_valid[r]; };
    switch (column_types[k]) {
      case Type::kInt64:
      case Type::kTimestamp:
      case Type::kDuration:
      case Type::kDate: {
        const py::array_t<int64_t> a = Values<int64_t>(column, rows, names[k]);
        const int64_t* v = a.data();
        for (int64_t r = 0; r < rows; ++r) {
          if (!present(r)) {
            builder.append_null(c);
          } else if (column_types[k] == Type::kInt64) {
            builder.append_int64(c, v[r]);
          } else if (column_types[k] == Type::kTimestamp) {
            builder.append_timestamp(c, absl::FromUnixMicros(v[r]));
          } else if (column_types[k] == Type::kDuration) {
            builder.append_duration(c, absl::Microseconds(v[r]));
          } else {
            builder.append_date(c, postventa::from_epoch_days(v[r]));
          }
        }
        break;
      }
      case Type::kDouble: {
        const py::array_t<double> a = Values<double>(column, rows, names[k]);
        const double* v = a.data();
        for (int64_t r = 0; r < rows; ++r) {
          builder.append_double(c, present(r) ? std::optional<double>(v[r]) : std::nullopt);
        }
        break;
      }
      case Type::kBool: {
        const py::array_t<bool> a = Values<bool>(column, rows, names[k]);
        const bool* v = a.data();
        for (int64_t r = 0; r < rows; ++r) {
          builder.append_bool(c, present(r) ? std::optional<bool>(v[r]) : std::nullopt);
        }
        break;
      }
      case Type::kString: {
        // A list of str and None.
        if (!PyList_Check(column.ptr())) throw py::type_error("_from_arrays: strings as a list");
        int64_t bytes = 0;
        for (int64_t r = 0; r < rows; ++r) {
          PyObject* item = PyList_GET_ITEM(column.ptr(), r);
          if (item != Py_None && PyUnicode_Check(item)) bytes += PyUnicode_GET_LENGTH(item);
        }
        builder.reserve_string_bytes(c, bytes);
        for (int64_t r = 0; r < rows; ++r) {
          PyObject* item = PyList_GET_ITEM(column.ptr(), r);
          if (item == Py_None || !present(r)) {
            builder.append_null(c);
            continue;
          }
          Py_ssize_t size = 0;
          const char* text = PyUnicode_AsUTF8AndSize(item, &size);
          if (text == nullptr) {
            PyErr_Clear();
            Raise(absl::InvalidArgumentError(absl::StrCat(
                "columns[\"", names[k], "\"][", r,
                "]: the text cannot be encoded as UTF-8 (it holds a lone surrogate)")));
          }
          builder.append_string(c, absl::string_view(text, static_cast<size_t>(size)));
        }
        break;
      }
    }
  }
  absl::StatusOr<Table> table = std::move(builder).build();
  if (!table.ok()) Raise(table.status());
  return *std::move(table);
}

// The inverse of FromArrays for one column: (values, valid), exact (pickling).
py::tuple ColumnParts(py::handle self, const Table& t, int k) {
  const int64_t n = t.num_rows();
  py::object valid = py::none();
  if (t.null_count(k) > 0) {
    py::array_t<bool> mask(static_cast<py::ssize_t>(n));
    bool* m = mask.mutable_data();
    for (int64_t r = 0; r < n; ++r) m[r] = !t.is_null(k, r);
    valid = std::move(mask);
  }
  py::object values;
  switch (t.column_type(k)) {
    case Type::kInt64:
    case Type::kTimestamp:
    case Type::kDuration:
      values = n == 0 ? py::array_t<int64_t>(0) : View("int64", t.int64_values(k).data(), n, self);
      break;
    case Type::kDouble:
      values = Column(self, t, k);
      break;
    case Type::kDate: {
      py::array_t<int64_t> days(static_cast<py::ssize_t>(n));
      int64_t* d = days.mutable_data();
      for (int64_t r = 0; r < n; ++r) d[r] = t.date_values(k)[static_cast<size_t>(r)];
      values = std::move(days);
      break;
    }
    case Type::kBool: {
      py::array_t<bool> bits(static_cast<py::ssize_t>(n));
      bool* b = bits.mutable_data();
      for (int64_t r = 0; r < n; ++r) b[r] = t.bool_value(k, r);
      values = std::move(bits);
      break;
    }
    case Type::kString: {
      py::list text(static_cast<size_t>(n));
      for (int64_t r = 0; r < n; ++r) {
        PyObject* item =
            t.is_null(k, r) ? (Py_INCREF(Py_None), Py_None) : NewStr(t.string_value(k, r));
        if (item == nullptr) throw py::error_already_set();
        PyList_SET_ITEM(text.ptr(), r, item);
      }
      values = std::move(text);
      break;
    }
  }
  return py::make_tuple(values, valid);
}

constexpr const char* kTableDoc =
    R"doc(A columnar table (SPEC 9.2): named, typed columns of equal length.

The ledger's queries, the grouped scores and the reliability estimators return
tables. A table is immutable. Each column has one of the types ``int64``,
``float64``, ``bool``, ``string``, ``date``, ``timestamp`` (UTC, microseconds)
or ``duration`` (microseconds), and any column may hold nulls.

- ``table["col"]`` is a read-only numpy array, zero-copy for int64 without
  nulls, float64, timestamp and duration; an int64 column with nulls gives
  float64 with NaN, and nulls are NaN, NaT or None;
- ``len(table)`` is the number of rows and :attr:`shape` is
  ``(rows, columns)``; :attr:`columns` are the names and :attr:`types` maps
  each name to its type; ``"col" in table`` tells whether there is such a
  column;
- :meth:`to_pylist` gives the rows as dicts of Python values and
  :meth:`to_pandas` a pandas DataFrame (pandas is optional);
- ``table == other`` compares names, types and cells (NaN equals NaN), as
  :meth:`equals`;
- ``pyarrow.table(table)``, ``polars.DataFrame(table)`` and
  ``duckdb.sql("SELECT ... FROM table")`` read it through the Arrow C stream
  interface (``__arrow_c_stream__``) without a copy;
- :meth:`from_columns` builds one; tables pickle.

A table is not iterable: use ``table.columns`` or ``table.to_pylist()``.

Raises:
    TypeError: ``table[key]`` with a key that is not a str, or ``iter(table)``.
    NotFoundError: ``table[name]`` with no such column.)doc";

constexpr const char* kFromColumnsDoc =
    R"doc(A table from ``{name: values}``, in the mapping's order.

Args:
    columns: a mapping ``{name: values}`` or a pandas DataFrame. ``values`` is
        a one-dimensional numpy array, a list or tuple, or anything numpy can
        turn into an array (a pandas Series).
    types: optional ``{name: type}`` with types among ``int64``, ``float64``,
        ``bool``, ``string``, ``date``, ``timestamp``, ``duration``. A column
        not named here takes its type from its values: numpy dtypes (integers
        give int64, floats float64, ``datetime64`` in days date, finer
        ``datetime64`` timestamp taken as UTC, ``timedelta64`` duration) or the
        Python types of the values (``bool``, ``int``, ``float``, ``str``,
        ``datetime.date``, aware ``datetime.datetime``, ``datetime.timedelta``).

``None``, ``pandas.NA`` and ``pandas.NaT`` are nulls; a float NaN is a value in
a float64 column and a null in any other. A column whose values are all null
needs its type in ``types``.

Returns:
    Table: the new table.

Raises:
    ValidationError: a bad value, an unknown type, an empty or repeated name,
        or columns of different lengths (the message names the column and row).
    TypeError: arguments of the wrong kind.)doc";

constexpr const char* kColumnsDoc =
    R"doc(The column names, in order (a new list at each access).)doc";

constexpr const char* kTypesDoc =
    R"doc(``{name: type}`` for every column, in order; the types are ``int64``,
``float64``, ``bool``, ``string``, ``date``, ``timestamp`` or ``duration``.)doc";

constexpr const char* kShapeDoc = R"doc(``(rows, columns)``, as numpy's ``shape``.)doc";

constexpr const char* kLenDoc = R"doc(The number of rows.)doc";

constexpr const char* kGetItemDoc =
    R"doc(``table[name]``: the column ``name`` as a read-only numpy array (see the class).

Raises:
    TypeError: the key is not a str.
    NotFoundError: there is no such column.)doc";

constexpr const char* kContainsDoc =
    R"doc(``name in table``: whether ``name`` is the name of a column (False for anything but a str).)doc";

constexpr const char* kToPylistDoc =
    R"doc(The rows as a list of dicts ``{column: value}``.

Returns:
    list[dict]: one dict per row, with int, float, bool, str,
    ``datetime.date``, aware ``datetime.datetime`` (UTC) and
    ``datetime.timedelta`` values, and None for nulls.)doc";

constexpr const char* kEqualsDoc =
    R"doc(Whether ``other`` has the same column names, types and order, and in every
cell the same value or both null (NaN equals NaN). ``table == other`` is the same.

Args:
    other: another table.

Returns:
    bool: True when the tables are equal.)doc";

constexpr const char* kToPandasDoc =
    R"doc(A pandas DataFrame with one column per table column, in order.

The columns are ``table[name]``, except that timestamps become timezone-aware
(UTC) and dates pandas' ``datetime64`` at midnight. The DataFrame owns its data.

Raises:
    ImportError: pandas is not installed.)doc";

constexpr const char* kArrowDoc =
    R"doc(The table as an Arrow C stream, for pyarrow, polars, DuckDB and other
readers of the Arrow PyCapsule interface.

Args:
    requested_schema: None, or a PyCapsule named ``"arrow_schema"``; the
        table has one Arrow form, so a request is honoured by ignoring it,
        but it must describe the table's columns (a struct of the same
        field names).

Returns:
    A PyCapsule named ``"arrow_array_stream"`` (zero-copy; the capsule keeps
    the table's memory alive).

Raises:
    TypeError: ``requested_schema`` is not such a capsule.
    ValidationError: it does not describe this table's columns.)doc";

py::module_ PurePython() { return py::module_::import("postventa._table"); }

}  // namespace

py::object ToPython(postventa::Table table) { return py::cast(std::move(table)); }

void BindTable(py::module_& m) {
  PyDateTime_IMPORT;
  if (PyDateTimeAPI == nullptr) throw py::error_already_set();

  py::class_<Table> table(m, "Table", kTableDoc);
  // Shown as postventa.Table, where users find it (the package re-exports it).
  table.attr("__module__") = "postventa";
  table
      .def_static(
          "from_columns",
          [](py::object columns, py::object types) {
            return PurePython().attr("from_columns")(columns, types);
          },
          "columns"_a, "types"_a = py::none(), kFromColumnsDoc)
      .def_static("_from_arrays", &FromArrays, "names"_a, "types"_a, "values"_a, "valid"_a)
      .def(
          "__len__", [](const Table& t) { return t.num_rows(); }, kLenDoc)
      .def_property_readonly(
          "columns",
          [](const Table& t) {
            py::list names;
            for (int k = 0; k < t.num_columns(); ++k) {
              names.append(Steal(NewStr(t.column_name(k))));
            }
            return names;
          },
          kColumnsDoc)
      .def_property_readonly(
          "types",
          [](const Table& t) {
            py::dict types;
            for (int k = 0; k < t.num_columns(); ++k) {
              const absl::string_view type = Table::type_name(t.column_type(k));
              types[Steal(NewStr(t.column_name(k)))] = py::str(type.data(), type.size());
            }
            return types;
          },
          kTypesDoc)
      .def_property_readonly(
          "shape", [](const Table& t) { return py::make_tuple(t.num_rows(), t.num_columns()); },
          kShapeDoc)
      .def(
          "__getitem__",
          [](py::object self, py::object key) {
            const Table& t = self.cast<const Table&>();
            if (!PyUnicode_Check(key.ptr())) {
              throw py::type_error(absl::StrCat(
                  "table[...]: expected a column name (str), got ", Py_TYPE(key.ptr())->tp_name,
                  "; use table.columns for the names and table.to_pylist() for the rows"));
            }
            const absl::StatusOr<int> k = t.column_index(key.cast<std::string>());
            if (!k.ok()) Raise(k.status());
            return Column(self, t, *k);
          },
          kGetItemDoc)
      .def(
          "__contains__",
          [](const Table& t, py::object key) {
            return PyUnicode_Check(key.ptr()) && t.column_index(key.cast<std::string>()).ok();
          },
          kContainsDoc)
      .def("__iter__",
           [](const Table&) {
             throw py::type_error(
                 "a postventa.Table is not iterable: use table.columns for the column names "
                 "and table.to_pylist() for the rows");
           })
      .def("to_pylist", &ToPylist, kToPylistDoc)
      .def("_rows", &Rows, "start"_a, "stop"_a)
      .def(
          "_column_parts",
          [](py::object self, const std::string& name) {
            const Table& t = self.cast<const Table&>();
            const absl::StatusOr<int> k = t.column_index(name);
            if (!k.ok()) Raise(k.status());
            return ColumnParts(self, t, *k);
          },
          "name"_a)
      .def(
          "equals", [](const Table& a, const Table& b) { return a.equals(b); }, "other"_a,
          kEqualsDoc)
      .def("__eq__",
           [](const Table& a, py::object other) -> py::object {
             if (!py::isinstance<Table>(other))
               return py::reinterpret_borrow<py::object>(Py_NotImplemented);
             return py::bool_(a.equals(other.cast<const Table&>()));
           })
      .def(
          "to_pandas", [](py::object self) { return PurePython().attr("to_pandas")(self); },
          kToPandasDoc)
      .def("__repr__", [](py::object self) { return PurePython().attr("table_repr")(self); })
      .def("__reduce__", [](py::object self) { return PurePython().attr("reduce")(self); })
      .def(
          "__arrow_c_stream__",
          [](const Table& t, py::object requested_schema) {
            return ArrowCStream(t, requested_schema);
          },
          "requested_schema"_a = py::none(), kArrowDoc);
}

}  // namespace postventa_python
