// The ledger in postventa._core (SPEC §3, §9.2): Ledger, its events and the
// warranty Decision, bound from include/postventa/ledger.h.
//
// Unlike the time functions (module.cc), the ledger converts its values to and
// from Python objects here, in C++, with CPython's datetime API: an event is a
// dict with the SPEC's keys, and record_many must take a million of them (or a
// DataFrame's columns) at hundreds of thousands per second, which a per-event
// round trip through Python code or JSON cannot reach. python/postventa/_ledger.py
// only chooses the path (dicts or columns) and prepares a DataFrame's columns.
//
// Conversions (the same rules for dicts and DataFrame cells):
//   - absent: the key missing, None, float NaN, pandas.NA, pandas.NaT; an empty
//     string is absent too (the core's rule);
//   - text keys: str (UTF-8 encoded);
//   - whole-number keys (price, parts_cost, labor_cost, amount, attendees): int or
//     numpy integer, never bool; a float only from a DataFrame column, and only
//     when whole (a column of ints with a NaN is stored as floats);
//   - usage, score: int, float or numpy number;
//   - answers: a list, tuple or 1-D numpy array of numbers, None or NaN for a
//     skipped question; history() gives a list of floats and None;
//   - date: datetime.date or "YYYY-MM-DD" (parse_date); a datetime is refused
//     (it would lose its time of day), but a DataFrame's datetime64 column,
//     pandas' form of a date column, is read as dates when its values are midnights;
//   - at: a timezone-aware datetime (naive refused) or an RFC 3339 string (read by
//     the core's parser, see ParseAt); kept to the microsecond, finer digits
//     truncated toward the past like the core.
// Messages follow the core's (`price: expected a whole number of minor units,
// got 12.5`); in a batch they start with `events[i]: `, i the position in the
// list or the DataFrame's row position.
//
// The GIL is released around every call into the Ledger (it is thread-safe and
// may wait on its lock or on SQLite), never while Python objects are read.
// Python.h comes before any standard header (Python's rule), datetime.h after it.
// clang-format off
#include <Python.h>
#include <datetime.h>
#include <pybind11/pybind11.h>
#include <pybind11/numpy.h>
// clang-format on

#include "postventa/ledger.h"

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
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "module.h"
#include "postventa/catalog.h"
#include "postventa/corrective.h"
#include "postventa/event.h"
#include "postventa/followup.h"
#include "postventa/kpi.h"
#include "postventa/scorecard.h"
#include "postventa/service.h"
#include "postventa/survey.h"
#include "postventa/time.h"
#include "postventa/warranty.h"

namespace py = pybind11;

namespace postventa_python {
namespace {

using postventa::Date;
using postventa::Event;
using postventa::EventType;

// ---- The keys of an event ----------------------------------------------------

enum class Kind : unsigned char { kText, kType, kDate, kAt, kWhole, kNumber, kList };

struct KeyInfo {
  const char* name;
  Kind kind;
  std::string Event::*text = nullptr;
  std::optional<int64_t> Event::*whole = nullptr;
  std::optional<double> Event::*number = nullptr;
};

// In the order of event_to_json (SPEC §3, §5, §7): history() writes dicts in it,
// and the message for an unknown key lists it.
const KeyInfo kKeys[] = {
    {"id", Kind::kText, &Event::id},
    {"type", Kind::kType},
    {"unit", Kind::kText, &Event::unit},
    {"date", Kind::kDate},
    {"at", Kind::kAt},
    {"customer", Kind::kText, &Event::customer},
    {"product", Kind::kText, &Event::product},
    {"channel", Kind::kText, &Event::channel},
    {"outcome", Kind::kText, &Event::outcome},
    {"by", Kind::kText, &Event::by},
    {"fault", Kind::kText, &Event::fault},
    {"case", Kind::kText, &Event::case_id},
    {"new_unit", Kind::kText, &Event::new_unit},
    {"policy", Kind::kText, &Event::policy},
    {"reason", Kind::kText, &Event::reason},
    {"price", Kind::kWhole, nullptr, &Event::price},
    {"parts_cost", Kind::kWhole, nullptr, &Event::parts_cost},
    {"labor_cost", Kind::kWhole, nullptr, &Event::labor_cost},
    {"amount", Kind::kWhole, nullptr, &Event::amount},
    {"attendees", Kind::kWhole, nullptr, &Event::attendees},
    {"usage", Kind::kNumber, nullptr, nullptr, &Event::usage},
    {"kind", Kind::kText, &Event::kind},
    {"priority", Kind::kText, &Event::priority},
    {"sla", Kind::kText, &Event::sla},
    {"status", Kind::kText, &Event::status},
    {"instrument", Kind::kText, &Event::instrument},
    {"score", Kind::kNumber, nullptr, nullptr, &Event::score},
    {"answers", Kind::kList},
};
constexpr int kKeyCount = sizeof(kKeys) / sizeof(kKeys[0]);
constexpr int kTypeKey = 1, kDateKey = 3, kAtKey = 4;

// The keys as interned Python strings: dict keys written as literals are
// interned too, so most lookups are a pointer comparison.
PyObject* g_key_objects[kKeyCount];

const std::string& TypeNameList() {
  static const std::string* names = [] {
    auto* out = new std::string;
    for (EventType t : postventa::all_event_types()) {
      absl::StrAppend(out, out->empty() ? "" : ", ", postventa::event_type_name(t));
    }
    return out;
  }();
  return *names;
}

const std::string& KeyList() {
  static const std::string* keys = [] {
    auto* out = new std::string;
    for (const KeyInfo& k : kKeys) absl::StrAppend(out, out->empty() ? "" : ", ", k.name);
    return out;
  }();
  return *keys;
}

// The index of the key named `key` (a str), or -1.
int FindKey(PyObject* key) {
  for (int k = 0; k < kKeyCount; ++k) {
    if (key == g_key_objects[k]) return k;
  }
  Py_ssize_t size = 0;
  const char* text = PyUnicode_AsUTF8AndSize(key, &size);
  if (text == nullptr) {
    PyErr_Clear();
    return -1;
  }
  const absl::string_view name(text, static_cast<size_t>(size));
  for (int k = 0; k < kKeyCount; ++k) {
    if (name == kKeys[k].name) return k;
  }
  return -1;
}

// ---- Reading Python values ---------------------------------------------------

absl::Status Invalid(absl::string_view key, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(key, ": ", why));
}

// repr(value) for a message, cut to 80 characters (as the catalog's messages).
std::string Show(PyObject* value) {
  py::object repr = py::reinterpret_steal<py::object>(PyObject_Repr(value));
  if (!repr) {
    PyErr_Clear();
    return absl::StrCat("<", Py_TYPE(value)->tp_name, ">");
  }
  Py_ssize_t size = 0;
  const char* text = PyUnicode_AsUTF8AndSize(repr.ptr(), &size);
  if (text == nullptr) {
    PyErr_Clear();
    return absl::StrCat("<", Py_TYPE(value)->tp_name, ">");
  }
  std::string out(text, static_cast<size_t>(size));
  constexpr size_t kMax = 80;
  if (out.size() > kMax) {
    size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += "...";
  }
  return out;
}

// The name of a value's type without its module, as type(v).__name__.
absl::string_view TypeName(PyObject* value) {
  const absl::string_view full = Py_TYPE(value)->tp_name;
  const size_t dot = full.rfind('.');
  return dot == absl::string_view::npos ? full : full.substr(dot + 1);
}

// None, NaN, pandas.NA and pandas.NaT are absent values. (pandas is recognised
// by its types' names so that it need not be imported.)
bool IsAbsent(PyObject* value) {
  if (value == Py_None) return true;
  if (PyUnicode_Check(value)) return false;
  if (PyFloat_Check(value)) return std::isnan(PyFloat_AS_DOUBLE(value));
  const absl::string_view type = TypeName(value);
  return type == "NAType" || type == "NaTType";
}

absl::Status ReadText(PyObject* value, const KeyInfo& key, std::string* out) {
  if (!PyUnicode_Check(value)) {
    return Invalid(key.name, absl::StrCat("expected a string, got ", Show(value)));
  }
  if (PyUnicode_IS_COMPACT_ASCII(value)) {  // the common case: the bytes as they are
    out->assign(static_cast<const char*>(PyUnicode_DATA(value)),
                static_cast<size_t>(PyUnicode_GET_LENGTH(value)));
    return absl::OkStatus();
  }
  Py_ssize_t size = 0;
  const char* text = PyUnicode_AsUTF8AndSize(value, &size);
  if (text == nullptr) {  // lone surrogates
    PyErr_Clear();
    return Invalid(key.name, absl::StrCat("not valid UTF-8: ", Show(value)));
  }
  out->assign(text, static_cast<size_t>(size));
  return absl::OkStatus();
}

absl::string_view WholeWhat(const KeyInfo& key) {
  return std::strcmp(key.name, "attendees") == 0 ? "a whole number"
                                                 : "a whole number of minor units";
}

// A double that is a whole number in the int64 range, as one.
std::optional<int64_t> WholeDouble(double v) {
  // 2^63 is exactly representable; every double below it in magnitude that is
  // whole converts exactly.
  constexpr double kLimit = 9223372036854775808.0;
  if (!(v >= -kLimit && v < kLimit) || std::trunc(v) != v) return std::nullopt;
  return static_cast<int64_t>(v);
}

absl::Status ReadWhole(PyObject* value, const KeyInfo& key, bool whole_floats,
                       std::optional<int64_t>* out) {
  if (PyBool_Check(value)) {
    return Invalid(key.name, absl::StrCat("expected ", WholeWhat(key), ", got ", Show(value)));
  }
  if (PyFloat_Check(value)) {
    const double v = PyFloat_AS_DOUBLE(value);
    const std::optional<int64_t> whole = WholeDouble(v);
    if (!whole || !whole_floats) {
      return Invalid(key.name, absl::StrCat("expected ", WholeWhat(key), ", got ", Show(value)));
    }
    *out = *whole;
    return absl::OkStatus();
  }
  py::object index;
  if (!PyLong_Check(value)) {
    if (!PyIndex_Check(value)) {  // numpy integers have __index__
      return Invalid(key.name, absl::StrCat("expected ", WholeWhat(key), ", got ", Show(value)));
    }
    index = py::reinterpret_steal<py::object>(PyNumber_Index(value));
    if (!index) throw py::error_already_set();
    value = index.ptr();
  }
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(value, &overflow);
  if (overflow != 0) {
    return Invalid(key.name, absl::StrCat(Show(value), " is outside the 64-bit integer range"));
  }
  if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
  *out = static_cast<int64_t>(v);
  return absl::OkStatus();
}

// Sets *out, or leaves it empty for a NaN (absent).
absl::Status ReadNumber(PyObject* value, const KeyInfo& key, std::optional<double>* out) {
  double v;
  if (PyFloat_Check(value)) {
    v = PyFloat_AS_DOUBLE(value);
  } else if (PyBool_Check(value) || PyUnicode_Check(value) || !PyNumber_Check(value)) {
    return Invalid(key.name, absl::StrCat("expected a number, got ", Show(value)));
  } else {
    v = PyFloat_AsDouble(value);  // int (OverflowError past 1e308), numpy numbers
    if (v == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      return Invalid(key.name, absl::StrCat("expected a number, got ", Show(value)));
    }
  }
  if (!std::isnan(v)) *out = v;
  return absl::OkStatus();
}

// A sequence of numbers, None or NaN (a skipped question) for each entry.
absl::Status ReadAnswers(PyObject* value, std::vector<std::optional<double>>* out) {
  if (PyUnicode_Check(value) || PyBytes_Check(value) || PyDict_Check(value) ||
      !PySequence_Check(value)) {
    return Invalid("answers",
                   absl::StrCat("expected a list of numbers (None for a skipped question), got ",
                                Show(value)));
  }
  py::object seq = py::reinterpret_steal<py::object>(
      PySequence_Fast(value, "answers: expected a list of numbers"));
  if (!seq) throw py::error_already_set();
  const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq.ptr());
  PyObject** items = PySequence_Fast_ITEMS(seq.ptr());
  out->clear();
  out->reserve(static_cast<size_t>(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    std::optional<double> v;
    if (items[i] != Py_None) {
      const std::string name = absl::StrCat("answers[", i, "]");
      const KeyInfo entry{name.c_str(), Kind::kNumber};
      if (absl::Status s = ReadNumber(items[i], entry, &v); !s.ok()) return s;
    }
    out->push_back(v);
  }
  return absl::OkStatus();
}

absl::Status ReadDate(PyObject* value, Date* out) {
  if (PyDateTime_Check(value)) {
    return Invalid("date", absl::StrCat("expected a datetime.date or a YYYY-MM-DD string, got a ",
                                        TypeName(value), " (", Show(value),
                                        "); pass .date() of it in the zone you mean, or give "
                                        "the instant as at"));
  }
  if (PyDate_Check(value)) {
    *out = Date(PyDateTime_GET_YEAR(value), PyDateTime_GET_MONTH(value), PyDateTime_GET_DAY(value));
    return absl::OkStatus();
  }
  if (PyUnicode_Check(value)) {
    std::string text;
    if (absl::Status s = ReadText(value, kKeys[kDateKey], &text); !s.ok()) return s;
    absl::StatusOr<Date> date = postventa::parse_date(text);
    if (!date.ok()) return Invalid("date", date.status().message());
    *out = *date;
    return absl::OkStatus();
  }
  return Invalid(
      "date", absl::StrCat("expected a datetime.date or a YYYY-MM-DD string, got ", Show(value)));
}

// Appends `s` as a JSON string literal.
void AppendJsonString(std::string* out, absl::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(ch);
    } else if (c < 0x20) {
      out->append("\\u00");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 0xF]);
    } else {
      out->push_back(ch);
    }
  }
  out->push_back('"');
}

// An RFC 3339 `at` string, read by the core's own parser. The public API has no
// instant parser of its own (the core keeps it in src/ledger/internal), so the
// string goes through parse_event inside a minimal event: the same rules and
// the same message ("at: ...") as an event given as JSON to the C ABI.
absl::StatusOr<absl::Time> ParseAt(absl::string_view text) {
  std::string json = R"({"id":"at","type":"delivered","unit":"at","at":)";
  AppendJsonString(&json, text);
  json.push_back('}');
  absl::StatusOr<Event> event = postventa::parse_event(json);
  if (!event.ok()) return event.status();
  return *event->at;
}

absl::Status ReadAt(PyObject* value, std::optional<absl::Time>* out) {
  if (PyDateTime_Check(value)) {
    py::object offset =
        py::reinterpret_steal<py::object>(PyObject_CallMethod(value, "utcoffset", nullptr));
    if (!offset) throw py::error_already_set();
    if (offset.is_none()) {
      // The time module's message (python/postventa/__init__.py, _micros).
      return Invalid("at",
                     "naive datetime; pass a timezone-aware datetime "
                     "(e.g. tzinfo=datetime.timezone.utc)");
    }
    if (!PyDelta_Check(offset.ptr())) {
      return Invalid("at", absl::StrCat("utcoffset() of ", Show(value), " is not a timedelta"));
    }
    const absl::CivilSecond local(PyDateTime_GET_YEAR(value), PyDateTime_GET_MONTH(value),
                                  PyDateTime_GET_DAY(value), PyDateTime_DATE_GET_HOUR(value),
                                  PyDateTime_DATE_GET_MINUTE(value),
                                  PyDateTime_DATE_GET_SECOND(value));
    const absl::Duration utc_offset =
        absl::Hours(24) * PyDateTime_DELTA_GET_DAYS(offset.ptr()) +
        absl::Seconds(PyDateTime_DELTA_GET_SECONDS(offset.ptr())) +
        absl::Microseconds(PyDateTime_DELTA_GET_MICROSECONDS(offset.ptr()));
    *out = absl::FromCivil(local, absl::UTCTimeZone()) +
           absl::Microseconds(PyDateTime_DATE_GET_MICROSECOND(value)) - utc_offset;
    return absl::OkStatus();
  }
  if (PyUnicode_Check(value)) {
    std::string text;
    if (absl::Status s = ReadText(value, kKeys[kAtKey], &text); !s.ok()) return s;
    absl::StatusOr<absl::Time> at = ParseAt(text);
    if (!at.ok()) return at.status();
    *out = *at;
    return absl::OkStatus();
  }
  return Invalid("at", absl::StrCat("expected a timezone-aware datetime.datetime or an RFC 3339 "
                                    "string, got ",
                                    Show(value)));
}

// What one event has been given so far, beyond the Event itself.
struct Given {
  bool type = false;
  bool date = false;
};

// Reads `value` (not absent) into key `k` of `*event`.
absl::Status ReadValue(PyObject* value, int k, bool whole_floats, Event* event, Given* given) {
  const KeyInfo& key = kKeys[k];
  switch (key.kind) {
    case Kind::kText:
      return ReadText(value, key, &(event->*key.text));
    case Kind::kType: {
      if (!PyUnicode_Check(value)) {
        return Invalid("type", absl::StrCat("expected an event type name, got ", Show(value)));
      }
      // The last name seen and its type: a column of types repeats a few names.
      // (Only touched with the GIL held.)
      static std::string* last_name = new std::string;
      static EventType last_type = EventType::kSold;
      std::string name;
      if (absl::Status s = ReadText(value, key, &name); !s.ok()) return s;
      if (name != *last_name) {
        const std::optional<EventType> type = postventa::parse_event_type(name);
        if (!type) {
          std::string quoted;
          AppendJsonString(&quoted, name);
          return Invalid("type", absl::StrCat("unknown event type ", quoted, " (expected one of ",
                                              TypeNameList(), ")"));
        }
        *last_name = name;
        last_type = *type;
      }
      event->type = last_type;
      given->type = true;
      return absl::OkStatus();
    }
    case Kind::kDate:
      given->date = true;
      return ReadDate(value, &event->date);
    case Kind::kAt:
      return ReadAt(value, &event->at);
    case Kind::kWhole:
      return ReadWhole(value, key, whole_floats, &(event->*key.whole));
    case Kind::kNumber:
      return ReadNumber(value, key, &(event->*key.number));
    case Kind::kList:
      return ReadAnswers(value, &event->answers);
  }
  return absl::OkStatus();
}

// The checks after every key of an event is read: a type, and a date (the UTC
// date of `at` when only `at` is given, as parse_event does).
absl::Status Complete(Event* event, const Given& given) {
  if (!given.type) return Invalid("type", absl::StrCat("missing (one of ", TypeNameList(), ")"));
  if (!given.date) {
    if (!event->at) return Invalid("date", "missing (give date YYYY-MM-DD, or at)");
    event->date = absl::ToCivilDay(*event->at, absl::UTCTimeZone());
  }
  return absl::OkStatus();
}

// An event from a dict with the SPEC's keys.
absl::Status EventFromDict(PyObject* dict, Event* event) {
  Given given;
  PyObject* key = nullptr;
  PyObject* value = nullptr;
  Py_ssize_t pos = 0;
  while (PyDict_Next(dict, &pos, &key, &value)) {
    if (!PyUnicode_Check(key)) {
      return absl::InvalidArgumentError(absl::StrCat("event: keys are strings, got ", Show(key),
                                                     " (an event has ", KeyList(), ")"));
    }
    const int k = FindKey(key);
    if (k < 0) {
      Py_ssize_t size = 0;
      const char* text = PyUnicode_AsUTF8AndSize(key, &size);
      std::string name;
      if (text != nullptr) {
        name.assign(text, static_cast<size_t>(size));
      } else {
        PyErr_Clear();
        name = Show(key);
      }
      return Invalid(name, absl::StrCat("unknown key (an event has ", KeyList(), ")"));
    }
    if (IsAbsent(value)) continue;
    if (absl::Status s = ReadValue(value, k, /*whole_floats=*/false, event, &given); !s.ok()) {
      return s;
    }
  }
  return Complete(event, given);
}

absl::Status AtPosition(size_t i, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat("events[", i, "]: ", status.message()));
}

// ---- A DataFrame's columns ---------------------------------------------------
//
// _ledger.py hands each column over as (key, form, values, extra):
//   "object"   values: an object array; each cell read as a dict value is
//              (except that whole floats are accepted for whole-number keys);
//   "int64"    values: int64; extra: a bool array (True = absent) or None;
//   "float64"  values: float64, NaN absent; whole-number keys need whole values;
//   "datetime" values: int64 ticks (numpy datetime64, NaT = INT64_MIN), extra:
//              nanoseconds per tick; UTC instants for `at`, midnights for `date`.
// The numeric forms are read through the buffer protocol, without copies. The
// events are built row by row: an Event is 704 bytes, and a million of them do
// not fit in any cache, so one pass over them beats one pass per column.

enum class Form { kObject, kInt64, kFloat64, kDatetime };

struct Column {
  int key = -1;
  Form form = Form::kObject;
  py::array values;  // holds the data alive
  py::array mask;
  const void* data = nullptr;
  const bool* absent = nullptr;  // kInt64: true where the value is absent
  int64_t ns_per_tick = 0;       // kDatetime
};

// The data of a 1-D contiguous array of `rows` items of T, checked.
template <typename T>
const T* Data(const py::array& a, char kind, size_t rows, absl::string_view what) {
  if (!a || a.dtype().kind() != kind || a.ndim() != 1 || static_cast<size_t>(a.shape(0)) != rows ||
      a.itemsize() != static_cast<py::ssize_t>(sizeof(T)) ||
      (rows > 1 && a.strides(0) != static_cast<py::ssize_t>(sizeof(T)))) {
    throw py::value_error(absl::StrCat("record_columns: the ", what,
                                       " column is not a 1-D contiguous array of ", rows,
                                       " items of the expected dtype"));
  }
  return static_cast<const T*>(a.data());
}

Column ParseColumn(py::handle item, size_t rows) {
  const py::tuple t = py::reinterpret_borrow<py::tuple>(item);
  if (t.size() != 4) throw py::value_error("record_columns: expected (key, form, values, extra)");
  Column c;
  const std::string name = t[0].cast<std::string>();
  for (int k = 0; k < kKeyCount; ++k) {
    if (name == kKeys[k].name) c.key = k;
  }
  if (c.key < 0) Raise(Invalid(name, absl::StrCat("unknown key (an event has ", KeyList(), ")")));
  const Kind kind = kKeys[c.key].kind;
  const std::string form = t[1].cast<std::string>();
  c.values = py::reinterpret_borrow<py::array>(t[2]);
  const bool numeric = kind == Kind::kWhole || kind == Kind::kNumber;
  const bool temporal = kind == Kind::kDate || kind == Kind::kAt;
  if (form == "object") {
    c.form = Form::kObject;
    c.data = Data<PyObject*>(c.values, 'O', rows, name);
  } else if (form == "int64" && numeric) {
    c.form = Form::kInt64;
    c.data = Data<int64_t>(c.values, 'i', rows, name);
    if (!t[3].is_none()) {
      c.mask = py::reinterpret_borrow<py::array>(t[3]);
      c.absent = Data<bool>(c.mask, 'b', rows, absl::StrCat(name, " mask"));
    }
  } else if (form == "float64" && numeric) {
    c.form = Form::kFloat64;
    c.data = Data<double>(c.values, 'f', rows, name);
  } else if (form == "datetime" && temporal) {
    c.form = Form::kDatetime;
    c.data = Data<int64_t>(c.values, 'i', rows, name);
    c.ns_per_tick = t[3].cast<int64_t>();
    const int64_t n = c.ns_per_tick;
    if (n <= 0 || (n < 1000 && 1000 % n != 0) || (n >= 1000 && n % 1000 != 0)) {
      throw py::value_error(
          absl::StrCat("record_columns: unsupported datetime unit (", n, " ns per tick)"));
    }
  } else {
    throw py::value_error(absl::StrCat("record_columns: ", name, " cannot be a ", form, " column"));
  }
  return c;
}

// Microseconds of a tick count, floored; nullopt on overflow.
std::optional<int64_t> TicksToMicros(int64_t ticks, int64_t ns_per_tick) {
  if (ns_per_tick < 1000) {
    const int64_t per_us = 1000 / ns_per_tick;
    int64_t q = ticks / per_us;
    if (ticks % per_us < 0) --q;
    return q;
  }
  int64_t us = 0;
  if (__builtin_mul_overflow(ticks, ns_per_tick / 1000, &us)) return std::nullopt;
  return us;
}

std::string ShowMicros(int64_t us) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*S", absl::FromUnixMicros(us), absl::UTCTimeZone());
}

// Reads row `i` of column `c` into *event.
absl::Status ReadCell(const Column& c, size_t i, Event* event, Given* given) {
  const KeyInfo& key = kKeys[c.key];
  switch (c.form) {
    case Form::kObject: {
      PyObject* value = static_cast<PyObject* const*>(c.data)[i];
      if (IsAbsent(value)) return absl::OkStatus();
      return ReadValue(value, c.key, /*whole_floats=*/true, event, given);
    }
    case Form::kInt64: {
      if (c.absent != nullptr && c.absent[i]) return absl::OkStatus();
      const int64_t v = static_cast<const int64_t*>(c.data)[i];
      if (key.kind == Kind::kWhole) {
        event->*key.whole = v;
      } else {
        event->*key.number = static_cast<double>(v);
      }
      return absl::OkStatus();
    }
    case Form::kFloat64: {
      const double v = static_cast<const double*>(c.data)[i];
      if (std::isnan(v)) return absl::OkStatus();
      if (key.kind == Kind::kNumber) {
        event->*key.number = v;
        return absl::OkStatus();
      }
      const std::optional<int64_t> whole = WholeDouble(v);
      if (!whole) {
        const py::float_ shown(v);
        return Invalid(key.name,
                       absl::StrCat("expected ", WholeWhat(key), ", got ", Show(shown.ptr())));
      }
      event->*key.whole = *whole;
      return absl::OkStatus();
    }
    case Form::kDatetime: {
      const int64_t ticks = static_cast<const int64_t*>(c.data)[i];
      if (ticks == std::numeric_limits<int64_t>::min()) return absl::OkStatus();  // NaT
      const std::optional<int64_t> us = TicksToMicros(ticks, c.ns_per_tick);
      if (!us) return Invalid(key.name, "the datetime is outside the range of instants");
      if (key.kind == Kind::kAt) {
        event->at = absl::FromUnixMicros(*us);
        return absl::OkStatus();
      }
      constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;
      if (*us % kMicrosPerDay != 0) {
        return Invalid("date", absl::StrCat(ShowMicros(*us),
                                            " is not a date (it has a time of day); give the "
                                            "instant as at"));
      }
      event->date = postventa::from_epoch_days(*us / kMicrosPerDay);
      given->date = true;
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

// ---- Events and decisions back to Python -------------------------------------

[[noreturn]] void OutsidePythonDates(absl::string_view what) {
  Raise(absl::OutOfRangeError(
      absl::StrCat(what, " is outside the dates Python can hold (0001-01-01..9999-12-31)")));
}

py::object DateObject(Date date, absl::string_view what) {
  if (date.year() < 1 || date.year() > 9999) OutsidePythonDates(what);
  PyObject* d = PyDate_FromDate(static_cast<int>(date.year()), date.month(), date.day());
  if (d == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(d);
}

// An aware datetime in UTC (datetime.timezone.utc), to the microsecond.
py::object InstantObject(absl::Time t) {
  const int64_t us = absl::ToUnixMicros(t);
  int64_t sub = us % 1000000;
  if (sub < 0) sub += 1000000;
  const absl::CivilSecond cs = absl::ToCivilSecond(t, absl::UTCTimeZone());
  if (cs.year() < 1 || cs.year() > 9999) {
    OutsidePythonDates(absl::StrCat("at ", ShowMicros(us)));
  }
  PyObject* d = PyDateTimeAPI->DateTime_FromDateAndTime(
      static_cast<int>(cs.year()), cs.month(), cs.day(), cs.hour(), cs.minute(), cs.second(),
      static_cast<int>(sub), PyDateTime_TimeZone_UTC, PyDateTimeAPI->DateTimeType);
  if (d == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(d);
}

py::str Text(const std::string& s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

void SetItem(py::dict& d, int k, py::handle value) {
  if (PyDict_SetItem(d.ptr(), g_key_objects[k], value.ptr()) != 0) throw py::error_already_set();
}

// The dict of an event: its present keys in canonical order (event_to_json's).
py::dict EventToDict(const Event& e) {
  py::dict d;
  for (int k = 0; k < kKeyCount; ++k) {
    const KeyInfo& key = kKeys[k];
    switch (key.kind) {
      case Kind::kText:
        if (!(e.*key.text).empty()) SetItem(d, k, Text(e.*key.text));
        break;
      case Kind::kType:
        SetItem(d, k, Text(std::string(postventa::event_type_name(e.type))));
        break;
      case Kind::kDate:
        SetItem(d, k, DateObject(e.date, absl::StrCat("the date of event \"", e.id, "\"")));
        break;
      case Kind::kAt:
        if (e.at) SetItem(d, k, InstantObject(*e.at));
        break;
      case Kind::kWhole:
        if (e.*key.whole) SetItem(d, k, py::int_(*(e.*key.whole)));
        break;
      case Kind::kNumber:
        if (e.*key.number) SetItem(d, k, py::float_(*(e.*key.number)));
        break;
      case Kind::kList:
        if (!e.answers.empty()) {
          py::list answers(e.answers.size());
          for (size_t i = 0; i < e.answers.size(); ++i) {
            answers[i] = e.answers[i] ? py::object(py::float_(*e.answers[i])) : py::none();
          }
          SetItem(d, k, answers);
        }
        break;
    }
  }
  return d;
}

// {"parts": f(d.parts), "labor": f(d.labor), "travel": f(d.travel)}
template <typename F>
py::dict PerComponent(const postventa::Decision& d, F f) {
  py::dict out;
  out["parts"] = f(d.parts);
  out["labor"] = f(d.labor);
  out["travel"] = f(d.travel);
  return out;
}

py::dict Split(const postventa::Quote& q) {
  py::dict out;
  out["parts"] = q.parts;
  out["labor"] = q.labor;
  out["travel"] = q.travel;
  out["total"] = q.total();
  return out;
}

py::object OptionalText(const std::string& s) {
  if (s.empty()) return py::none();
  return Text(s);
}

// ---- The Ledger --------------------------------------------------------------

using LedgerPtr = std::unique_ptr<postventa::Ledger>;

py::tuple ResultTuple(const postventa::RecordResult& r) {
  return py::make_tuple(r.stored, r.duplicates);
}

py::tuple RecordDicts(postventa::Ledger& ledger, const py::list& items) {
  const size_t n = items.size();
  std::vector<Event> events(n);
  for (size_t i = 0; i < n; ++i) {
    PyObject* item = PyList_GET_ITEM(items.ptr(), static_cast<Py_ssize_t>(i));
    if (!PyDict_Check(item)) {
      throw py::type_error(absl::StrCat("events[", i, "]: expected a dict, got ", TypeName(item)));
    }
    if (absl::Status s = EventFromDict(item, &events[i]); !s.ok()) Raise(AtPosition(i, s));
  }
  absl::StatusOr<postventa::RecordResult> result;
  {
    py::gil_scoped_release release;
    result = ledger.record_many(events);
  }
  return ResultTuple(ValueOrRaise(std::move(result)));
}

py::tuple RecordColumns(postventa::Ledger& ledger, size_t rows, const py::list& spec) {
  std::vector<Column> columns;
  columns.reserve(spec.size());
  for (const py::handle item : spec) columns.push_back(ParseColumn(item, rows));
  // In key order, so that of two bad cells in one row the first key's is reported.
  std::stable_sort(columns.begin(), columns.end(),
                   [](const Column& a, const Column& b) { return a.key < b.key; });

  std::vector<Event> events;
  events.reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    Event& event = events.emplace_back();
    Given given;
    for (const Column& c : columns) {
      if (absl::Status s = ReadCell(c, i, &event, &given); !s.ok()) Raise(AtPosition(i, s));
    }
    if (absl::Status s = Complete(&event, given); !s.ok()) Raise(AtPosition(i, s));
  }
  absl::StatusOr<postventa::RecordResult> result;
  {
    py::gil_scoped_release release;
    result = ledger.record_many(events);
    std::vector<Event>().swap(events);  // freeing a million events takes a while too
  }
  return ResultTuple(ValueOrRaise(std::move(result)));
}

// A list query of the ledger as a pv.Table: `query(dates...)` runs, and its
// rows become the table, with the GIL released; the dates are read first.
template <typename Query>
py::object TableOn(const py::handle on, Query query) {
  Date day;
  if (absl::Status s = ReadDate(on.ptr(), &day); !s.ok()) Raise(s);
  absl::StatusOr<postventa::Table> table;
  {
    py::gil_scoped_release release;
    auto rows = query(day);
    table = rows.ok() ? postventa::to_table(*rows) : rows.status();
  }
  return ToPython(ValueOrRaise(std::move(table)));
}

template <typename Query>
py::object TableOfWindow(const py::handle start, const py::handle end, Query query) {
  Date from, to;
  if (absl::Status s = ReadDate(start.ptr(), &from); !s.ok()) Raise(s);
  if (absl::Status s = ReadDate(end.ptr(), &to); !s.ok()) Raise(s);
  absl::StatusOr<postventa::Table> table;
  {
    py::gil_scoped_release release;
    auto rows = query(from, to);
    table = rows.ok() ? postventa::to_table(*rows) : rows.status();
  }
  return ToPython(ValueOrRaise(std::move(table)));
}

}  // namespace

void BindLedger(py::module_& m) {
  PyDateTime_IMPORT;
  if (PyDateTimeAPI == nullptr) throw py::error_already_set();
  for (int k = 0; k < kKeyCount; ++k) {
    g_key_objects[k] = PyUnicode_InternFromString(kKeys[k].name);  // kept for the process
    if (g_key_objects[k] == nullptr) throw py::error_already_set();
  }
  {
    py::list keys;
    for (const KeyInfo& k : kKeys) keys.append(k.name);
    m.attr("event_keys") = py::tuple(keys);
  }

  py::class_<postventa::Decision>(m, "Decision",
                                  "A warranty decision (SPEC 2.3); see postventa.Decision.")
      .def_property_readonly("covered", [](const postventa::Decision& d) { return d.covered; })
      .def_property_readonly("coverage",
                             [](const postventa::Decision& d) {
                               return PerComponent(d, [](const postventa::ComponentCover& c) {
                                 return py::int_(c.percent);
                               });
                             })
      .def_property_readonly("policies",
                             [](const postventa::Decision& d) {
                               return PerComponent(d, [](const postventa::ComponentCover& c) {
                                 return OptionalText(c.policy);
                               });
                             })
      .def_property_readonly("ends_on",
                             [](const postventa::Decision& d) {
                               return PerComponent(d, [](const postventa::ComponentCover& c) {
                                 return c.ends_on ? DateObject(*c.ends_on, "ends_on")
                                                  : py::object(py::none());
                               });
                             })
      .def_property_readonly("basis",
                             [](const postventa::Decision& d) { return OptionalText(d.basis); })
      .def_property_readonly("presumed_nonconformity",
                             [](const postventa::Decision& d) { return d.presumed_nonconformity; })
      .def_property_readonly("remedy",
                             [](const postventa::Decision& d) {
                               return std::string(postventa::remedy_name(d.remedy));
                             })
      .def_property_readonly("company_cost",
                             [](const postventa::Decision& d) { return Split(d.company_cost); })
      .def_property_readonly("customer_cost",
                             [](const postventa::Decision& d) { return Split(d.customer_cost); })
      .def_property_readonly("reasons",
                             [](const postventa::Decision& d) {
                               py::list out;
                               for (const std::string& r : d.reasons) out.append(Text(r));
                               return out;
                             })
      .def("to_json", [](const postventa::Decision& d) { return postventa::decision_to_json(d); })
      .def("__eq__",
           [](const postventa::Decision& a, const postventa::Decision& b) { return a == b; });

  py::class_<postventa::Ledger, LedgerPtr>(
      m, "Ledger", "The after-sales ledger (thread-safe); see postventa.Ledger.")
      .def_static("open_memory",
                  [] {
                    absl::StatusOr<LedgerPtr> ledger;
                    {
                      py::gil_scoped_release release;
                      ledger = postventa::Ledger::open_memory();
                    }
                    return ValueOrRaise(std::move(ledger));
                  })
      .def_static(
          "open",
          [](const std::string& path) {
            absl::StatusOr<LedgerPtr> ledger;
            {
              // Loading a file replays every event: seconds for millions.
              py::gil_scoped_release release;
              ledger = postventa::Ledger::open(path);
            }
            return ValueOrRaise(std::move(ledger));
          },
          py::arg("path"))
      .def("products_json",
           [](const postventa::Ledger& self) {
             if (absl::Status s = self.check_open(); !s.ok()) Raise(s);
             std::vector<const postventa::Product*> products = self.catalog().products();
             std::sort(products.begin(), products.end(),
                       [](const postventa::Product* a, const postventa::Product* b) {
                         return a->sku < b->sku;
                       });
             py::list out;
             for (const postventa::Product* p : products) {
               out.append(py::str(postventa::product_to_json(*p)));
             }
             return out;
           })
      .def("event_count",
           [](const postventa::Ledger& self) {
             if (absl::Status s = self.check_open(); !s.ok()) Raise(s);
             return self.event_count();
           })
      .def("span",
           [](const postventa::Ledger& self) -> py::object {
             if (absl::Status s = self.check_open(); !s.ok()) Raise(s);
             const std::optional<postventa::DateSpan> span = self.span();
             if (!span) return py::none();
             return py::make_tuple(DateObject(span->first, "the first event's date"),
                                   DateObject(span->last, "the last event's date"));
           })
      .def(
          "add_product_json",
          [](postventa::Ledger& self, const std::string& json) {
            absl::Status status;
            {
              py::gil_scoped_release release;
              absl::StatusOr<postventa::Product> product = postventa::parse_product(json);
              status = product.ok() ? self.add_product(*product) : product.status();
            }
            if (!status.ok()) Raise(status);
          },
          py::arg("json"))
      .def(
          "add_calendar",
          [](postventa::Ledger& self, const std::string& name,
             const postventa::Calendar& calendar) {
            absl::Status status;
            {
              py::gil_scoped_release release;
              status = self.add_calendar(name, calendar);
            }
            if (!status.ok()) Raise(status);
          },
          py::arg("name"), py::arg("calendar"))
      .def(
          "record",
          [](postventa::Ledger& self, const py::dict& event) {
            Event e;
            if (absl::Status s = EventFromDict(event.ptr(), &e); !s.ok()) Raise(s);
            absl::StatusOr<postventa::RecordResult> result;
            {
              py::gil_scoped_release release;
              result = self.record(e);
            }
            return ResultTuple(ValueOrRaise(std::move(result)));
          },
          py::arg("event"), "Records one event dict; returns (stored, duplicates).")
      .def("record_dicts", &RecordDicts, py::arg("events"),
           "Records a list of event dicts atomically; returns (stored, duplicates).")
      .def("record_columns", &RecordColumns, py::arg("rows"), py::arg("columns"),
           "Records a table given as columns (key, form, values, extra) atomically.")
      .def(
          "history",
          [](const postventa::Ledger& self, const std::string& unit) {
            absl::StatusOr<std::vector<Event>> events;
            {
              py::gil_scoped_release release;
              events = self.history(unit);
            }
            const std::vector<Event> list = ValueOrRaise(std::move(events));
            py::list out;
            for (const Event& e : list) out.append(EventToDict(e));
            return out;
          },
          py::arg("unit"))
      .def(
          "maintenance_schedule",
          [](const postventa::Ledger& self, const std::string& unit, const py::handle start,
             const py::handle end) {
            Date from, to;
            if (absl::Status s = ReadDate(start.ptr(), &from); !s.ok()) Raise(s);
            if (absl::Status s = ReadDate(end.ptr(), &to); !s.ok()) Raise(s);
            absl::StatusOr<std::vector<Date>> dues;
            {
              py::gil_scoped_release release;
              dues = self.maintenance_schedule(unit, from, to);
            }
            py::list out;
            for (const Date& due : ValueOrRaise(std::move(dues))) {
              out.append(DateObject(due, "maintenance_schedule"));
            }
            return out;
          },
          py::arg("unit"), py::arg("start"), py::arg("end"))
      .def(
          "assess_claim",
          [](const postventa::Ledger& self, const std::string& unit, const py::handle date,
             const std::string& fault, int64_t parts, int64_t labor, int64_t travel) {
            Date claim_date;
            if (absl::Status s = ReadDate(date.ptr(), &claim_date); !s.ok()) Raise(s);
            absl::StatusOr<postventa::Decision> decision;
            {
              py::gil_scoped_release release;
              decision = self.assess_claim(unit, claim_date, fault,
                                           postventa::Quote{parts, labor, travel});
            }
            return ValueOrRaise(std::move(decision));
          },
          py::arg("unit"), py::arg("date"), py::arg("fault"), py::arg("parts"), py::arg("labor"),
          py::arg("travel"))
      .def(
          "add_sla_json",
          [](postventa::Ledger& self, const std::string& json) {
            absl::Status status;
            {
              py::gil_scoped_release release;
              absl::StatusOr<postventa::SlaPolicy> policy = postventa::parse_sla_policy(json);
              status = policy.ok() ? self.add_sla(*policy) : policy.status();
            }
            if (!status.ok()) Raise(status);
          },
          py::arg("json"))
      .def(
          "sla_status",
          [](const postventa::Ledger& self, const std::string& case_id, int64_t at_us) {
            absl::StatusOr<postventa::SlaStatus> status;
            {
              py::gil_scoped_release release;
              status = self.sla_status(case_id, absl::FromUnixMicros(at_us));
            }
            const postventa::SlaStatus s = ValueOrRaise(std::move(status));
            // (state, elapsed µs, deadline µs or None, target µs) per target;
            // postventa._ledger builds the dict of timedelta/datetime.
            auto target = [](const postventa::TargetStatus& t) {
              py::object deadline = py::none();
              if (t.deadline) deadline = py::int_(absl::ToUnixMicros(*t.deadline));
              return py::make_tuple(std::string(postventa::target_state_name(t.state)),
                                    absl::ToInt64Microseconds(t.elapsed), deadline,
                                    absl::ToInt64Microseconds(t.target));
            };
            return py::make_tuple(target(s.first_response), target(s.resolution),
                                  postventa::sla_status_to_json(s));
          },
          py::arg("case"), py::arg("at_us"))
      .def(
          "maintenance_due",
          [](const postventa::Ledger& self, const py::handle on, int horizon_days) {
            return TableOn(on, [&](Date day) { return self.maintenance_due(day, horizon_days); });
          },
          py::arg("on"), py::arg("horizon_days"))
      .def(
          "maintenance_compliance",
          [](const postventa::Ledger& self, const py::handle on) {
            return TableOn(on, [&](Date day) { return self.maintenance_compliance(day); });
          },
          py::arg("on"))
      .def(
          "add_followups_json",
          [](postventa::Ledger& self, const std::string& json) {
            absl::Status status;
            {
              py::gil_scoped_release release;
              absl::StatusOr<postventa::FollowupRules> rules =
                  postventa::parse_followup_rules(json);
              status = rules.ok() ? self.add_followups(*rules) : rules.status();
            }
            if (!status.ok()) Raise(status);
          },
          py::arg("json"))
      .def(
          "followups",
          [](const postventa::Ledger& self, const py::handle start, const py::handle end) {
            return TableOfWindow(start, end,
                                 [&](Date from, Date to) { return self.followups(from, to); });
          },
          py::arg("start"), py::arg("end"))
      .def(
          "add_instrument_json",
          [](postventa::Ledger& self, const std::string& json) {
            absl::Status status;
            {
              py::gil_scoped_release release;
              absl::StatusOr<postventa::Instrument> instrument = postventa::parse_instrument(json);
              status = instrument.ok() ? self.add_instrument(*instrument) : instrument.status();
            }
            if (!status.ok()) Raise(status);
          },
          py::arg("json"))
      .def(
          "instrument_json",
          [](const postventa::Ledger& self, const std::string& name) {
            absl::StatusOr<postventa::Instrument> instrument;
            {
              py::gil_scoped_release release;
              instrument = self.instrument(name);
            }
            return postventa::instrument_to_json(ValueOrRaise(std::move(instrument)));
          },
          py::arg("name"))
      .def(
          "survey_answers",
          [](const postventa::Ledger& self, const py::handle start, const py::handle end) {
            return TableOfWindow(start, end,
                                 [&](Date from, Date to) { return self.survey_answers(from, to); });
          },
          py::arg("start"), py::arg("end"))
      .def(
          "survey_responses",
          [](const postventa::Ledger& self, const py::handle start, const py::handle end,
             const std::string& period) {
            const std::optional<postventa::SurveyPeriod> p = postventa::parse_survey_period(period);
            if (!p) {
              Raise(absl::InvalidArgumentError(
                  absl::StrCat("period: expected \"day\", \"week\", \"month\", \"quarter\", "
                               "\"year\" or \"all\", got \"",
                               period, "\"")));
            }
            return TableOfWindow(start, end, [&](Date from, Date to) {
              return self.survey_responses(from, to, *p);
            });
          },
          py::arg("start"), py::arg("end"), py::arg("period"))
      .def(
          "scorecard_json",
          [](const postventa::Ledger& self, const py::handle start, const py::handle end,
             const std::string& config_json) {
            Date from, to;
            if (absl::Status s = ReadDate(start.ptr(), &from); !s.ok()) Raise(s);
            if (absl::Status s = ReadDate(end.ptr(), &to); !s.ok()) Raise(s);
            absl::StatusOr<std::string> json;
            {
              py::gil_scoped_release release;
              absl::StatusOr<postventa::ScorecardConfig> config =
                  postventa::parse_scorecard_config(config_json);
              absl::StatusOr<postventa::Scorecard> card =
                  config.ok() ? self.scorecard(from, to, *config) : config.status();
              json = card.ok() ? absl::StatusOr<std::string>(postventa::scorecard_to_json(*card))
                               : card.status();
            }
            return ValueOrRaise(std::move(json));
          },
          py::arg("start"), py::arg("end"), py::arg("config_json"))
      .def(
          "kpis",
          [](const postventa::Ledger& self, const py::handle start, const py::handle end,
             bool by_product, const std::string& calendar) {
            postventa::KpiOptions options;
            options.by_product = by_product;
            options.calendar = calendar;
            return TableOfWindow(start, end,
                                 [&](Date from, Date to) { return self.kpis(from, to, options); });
          },
          py::arg("start"), py::arg("end"), py::arg("by_product"), py::arg("calendar"))
      .def(
          "put_anomaly_json",
          [](postventa::Ledger& self, const std::string& json) {
            absl::Status status;
            {
              py::gil_scoped_release release;
              absl::StatusOr<postventa::Anomaly> anomaly =
                  postventa::parse_anomaly(json, postventa::verifiable_kpis());
              status = anomaly.ok() ? self.put_anomaly(*anomaly) : anomaly.status();
            }
            if (!status.ok()) Raise(status);
          },
          py::arg("json"))
      .def("anomalies_json",
           [](const postventa::Ledger& self) {
             py::list out;
             for (const postventa::Anomaly& a : ValueOrRaise(self.anomalies())) {
               out.append(py::str(postventa::anomaly_to_json(a)));
             }
             return out;
           })
      .def(
          "verify_anomaly_json",
          [](const postventa::Ledger& self, const std::string& id, const py::handle as_of,
             const std::string& calendar) {
            Date day;
            if (absl::Status s = ReadDate(as_of.ptr(), &day); !s.ok()) Raise(s);
            absl::StatusOr<postventa::AnomalyReview> review;
            {
              py::gil_scoped_release release;
              review = self.verify_anomaly(id, day, calendar);
            }
            return postventa::anomaly_review_to_json(ValueOrRaise(std::move(review)));
          },
          py::arg("id"), py::arg("as_of"), py::arg("calendar"))
      .def(
          "failure_times",
          [](const postventa::Ledger& self, const py::handle on) {
            return TableOn(on, [&](Date day) { return self.failure_times(day); });
          },
          py::arg("on"))
      .def(
          "claims_forecast",
          [](const postventa::Ledger& self, const py::handle on, int months) {
            return TableOn(on, [&](Date day) { return self.claims_forecast(day, months); });
          },
          py::arg("on"), py::arg("months"))
      .def(
          "repair_histories",
          [](const postventa::Ledger& self, const py::handle on) {
            Date day;
            if (absl::Status s = ReadDate(on.ptr(), &day); !s.ok()) Raise(s);
            absl::StatusOr<std::vector<postventa::RepairHistory>> histories;
            {
              py::gil_scoped_release release;
              histories = self.repair_histories(day);
            }
            py::list out;
            for (const postventa::RepairHistory& h : ValueOrRaise(std::move(histories))) {
              py::list repairs;
              for (int64_t r : h.repairs) repairs.append(py::int_(r));
              out.append(py::make_tuple(Text(h.unit), Text(h.product), repairs, py::int_(h.end)));
            }
            return out;
          },
          py::arg("on"))
      .def("close", [](postventa::Ledger& self) {
        absl::Status status;
        {
          py::gil_scoped_release release;
          status = self.close();
        }
        if (!status.ok()) Raise(status);
      });
}

}  // namespace postventa_python
