// What the translation units of postventa._core share: raising a failed
// absl::Status as the matching postventa.Error subclass, and the functions that
// bind each part of the C++ API into the module.
#ifndef POSTVENTA_BINDINGS_PYTHON_MODULE_H_
#define POSTVENTA_BINDINGS_PYTHON_MODULE_H_

#include <pybind11/pybind11.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "postventa/table.h"

namespace postventa_python {

// Imports postventa._errors and keeps its classes for Raise (module.cc).
void InitErrors(pybind11::module_& m);

// Raises the postventa.Error subclass for `status` (which is not OK): its
// message is exactly status.message() and its `code` the absl::StatusCode.
[[noreturn]] void Raise(const absl::Status& status);

template <typename T>
T ValueOrRaise(absl::StatusOr<T> result) {
  if (!result.ok()) Raise(result.status());
  return *std::move(result);
}

// The ledger, its events and warranty decisions (ledger.cc).
void BindLedger(pybind11::module_& m);

// bindings/python/corrective.cc: anomaly verification and the KPI catalog.
void BindCorrective(pybind11::module_& m);

// The Weibull fits and the survival, repair and trend estimators (reliability.cc).
void BindReliability(pybind11::module_& m);

// The satisfaction scores and their mergeable states (satisfaction.cc).
void BindSatisfaction(pybind11::module_& m);

// postventa.Table, the columnar result type (table.cc).
void BindTable(pybind11::module_& m);
// A Table as a postventa.Table object (the bound class, so functions may also
// simply return a postventa::Table). Call it with the GIL held.
pybind11::object ToPython(postventa::Table table);

}  // namespace postventa_python

#endif  // POSTVENTA_BINDINGS_PYTHON_MODULE_H_
