// postventa._core: the pybind11 module behind the Python package.
//
// A thin translation of the C++ API, not of the C ABI. This file binds time.h;
// ledger.cc binds the ledger (ledger.h, event.h, warranty.h). For time, values
// cross as plain integers so that the module holds no conversion rule of its
// own; python/postventa/__init__.py turns them into datetime objects:
//   - dates: days since 1970-01-01;
//   - instants: microseconds since 1970-01-01T00:00:00Z (absl::FromUnixMicros);
//   - durations: microseconds (absl::Microseconds).
// A failed absl::Status raises a postventa.Error subclass whose message is
// exactly status.message(), the same text pv_last_error() gives in the C ABI,
// and whose `code` attribute is the absl::StatusCode (= the pv_status number).
// The exception classes live in python/postventa/_errors.py so that each can
// also derive from the matching built-in (ValueError, LookupError).
#include "module.h"

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "postventa/postventa.h"  // PV_VERSION_* macros only; no C ABI function is used
#include "postventa/time.h"

namespace py = pybind11;

namespace postventa_python {
namespace {

// The exception classes of postventa._errors. Held for the life of the process
// (never released), so nothing is destroyed after the interpreter is finalised.
struct ErrorClasses {
  py::handle error;
  py::handle validation;
  py::handle not_found;
  py::handle storage;
};

ErrorClasses& Errors() {
  static ErrorClasses classes;
  return classes;
}

// Which Python class reports a status code (see _errors.py for the meaning).
py::handle ClassFor(absl::StatusCode code) {
  const ErrorClasses& e = Errors();
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
      return e.validation;
    case absl::StatusCode::kNotFound:
      return e.not_found;
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kDeadlineExceeded:
      return e.storage;
    default:  // kUnknown, kInternal, kUnimplemented, kCancelled
      return e.error;
  }
}

}  // namespace

void InitErrors(py::module_& m) {
  const py::module_ errors = py::module_::import("postventa._errors");
  ErrorClasses& e = Errors();
  e.error = py::object(errors.attr("Error")).release();
  e.validation = py::object(errors.attr("ValidationError")).release();
  e.not_found = py::object(errors.attr("NotFoundError")).release();
  e.storage = py::object(errors.attr("StorageError")).release();
  m.attr("Error") = e.error;
  m.attr("ValidationError") = e.validation;
  m.attr("NotFoundError") = e.not_found;
  m.attr("StorageError") = e.storage;
}

void Raise(const absl::Status& status) {
  const py::handle cls = ClassFor(status.code());
  const absl::string_view text = status.message();
  // The core's messages are UTF-8 (they quote the configuration's text); an
  // invalid byte is replaced rather than hiding the error behind a decode error.
  py::object message = py::reinterpret_steal<py::object>(
      PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace"));
  if (!message) throw py::error_already_set();
  py::object error = cls(message);
  error.attr("code") = static_cast<int>(status.code());
  PyErr_SetObject(cls.ptr(), error.ptr());
  throw py::error_already_set();
}

}  // namespace postventa_python

PYBIND11_MODULE(_core, m) {
  m.doc() =
      "The compiled core of postventa. Dates are days since 1970-01-01, instants and "
      "durations microseconds (instants since 1970-01-01T00:00:00Z). Use the postventa "
      "package, which converts to and from datetime objects.";

  postventa_python::InitErrors(m);

  using postventa_python::ValueOrRaise;

  m.attr("version") = PV_VERSION_STRING;
  m.attr("version_number") = PV_VERSION_NUMBER;

  m.def(
      "add_months",
      [](int64_t days, int32_t months) {
        return postventa::to_epoch_days(
            postventa::add_months(postventa::from_epoch_days(days), months));
      },
      py::arg("days"), py::arg("months"),
      "The legal month rule (SPEC 1.2) on days since 1970-01-01.");

  py::class_<postventa::Calendar>(m, "Calendar",
                                  "A compiled business calendar (immutable; thread-safe).")
      .def_static(
          "from_json",
          [](const std::string& json) {
            absl::StatusOr<postventa::Calendar> calendar;
            {
              // Compiling the tables takes milliseconds: let other threads run.
              py::gil_scoped_release release;
              calendar = postventa::Calendar::from_json(json);
            }
            return ValueOrRaise(std::move(calendar));
          },
          py::arg("json"), "Validates and compiles the JSON form of a calendar's configuration.")
      .def(
          "is_holiday",
          [](const postventa::Calendar& self, int64_t days) {
            return ValueOrRaise(self.is_holiday(postventa::from_epoch_days(days)));
          },
          py::arg("days"))
      .def(
          "is_working_day",
          [](const postventa::Calendar& self, int64_t days) {
            return ValueOrRaise(self.is_working_day(postventa::from_epoch_days(days)));
          },
          py::arg("days"))
      .def(
          "add_business_days",
          [](const postventa::Calendar& self, int64_t days, int64_t n) {
            return postventa::to_epoch_days(
                ValueOrRaise(self.add_business_days(postventa::from_epoch_days(days), n)));
          },
          py::arg("days"), py::arg("n"))
      .def(
          "add_business_time",
          [](const postventa::Calendar& self, int64_t start_us, int64_t amount_us) {
            return absl::ToUnixMicros(ValueOrRaise(self.add_business_time(
                absl::FromUnixMicros(start_us), absl::Microseconds(amount_us))));
          },
          py::arg("start_us"), py::arg("amount_us"))
      .def(
          "business_time_between",
          [](const postventa::Calendar& self, int64_t a_us, int64_t b_us) {
            return absl::ToInt64Microseconds(ValueOrRaise(self.business_time_between(
                absl::FromUnixMicros(a_us), absl::FromUnixMicros(b_us))));
          },
          py::arg("a_us"), py::arg("b_us"));

  postventa_python::BindLedger(m);
  postventa_python::BindTable(m);
  postventa_python::BindSatisfaction(m);
  postventa_python::BindReliability(m);
  postventa_python::BindCorrective(m);
}
