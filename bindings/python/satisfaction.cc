// The satisfaction scores (include/postventa/satisfaction.h) in postventa._core.
//
// States cross as tuples of plain integers and scores as (value, low, high, n)
// tuples; python/postventa/_satisfaction.py turns them into pv.Score and the
// pv.*State classes. Answer and group arrays are numpy arrays read in place
// through their buffer (no copy, no cast): any native-order, C-contiguous,
// one-dimensional array of int8..int64, uint8..uint64 or float64. Other arrays
// are refused with TypeError: the Python layer makes the one contiguous copy a
// list, a strided view or another dtype needs. The GIL is released while the
// core reads the arrays (the arrays stay referenced by the call's arguments).
#include "postventa/satisfaction.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "module.h"

namespace py = pybind11;

namespace postventa_python {
namespace {

using postventa::CesState;
using postventa::CsatState;
using postventa::ElementType;
using postventa::NpsState;
using postventa::Score;
using postventa::ServqualState;

using ScoreTuple = std::tuple<double, double, double, int64_t>;

ScoreTuple AsTuple(const Score& s) { return {s.value, s.low, s.high, s.n}; }

// The ElementType of a numpy array that the core can read in place.
ElementType TypeOf(const py::array& a, const char* name) {
  const py::dtype dt = a.dtype();
  const char kind = dt.kind();
  const char order = dt.byteorder();
  const bool native = order == '=' || order == '|';
  if (native && (kind == 'i' || kind == 'u')) {
    const bool s = kind == 'i';
    switch (dt.itemsize()) {
      case 1:
        return s ? ElementType::kInt8 : ElementType::kUint8;
      case 2:
        return s ? ElementType::kInt16 : ElementType::kUint16;
      case 4:
        return s ? ElementType::kInt32 : ElementType::kUint32;
      case 8:
        return s ? ElementType::kInt64 : ElementType::kUint64;
      default:
        break;
    }
  }
  if (native && kind == 'f' && dt.itemsize() == 8) return ElementType::kFloat64;
  throw py::type_error(std::string(name) +
                       ": expected a native integer or float64 numpy array, got " +
                       std::string(py::str(dt)));
}

void CheckLayout(const py::array& a, const char* name) {
  if (a.ndim() != 1 || !(a.flags() & py::array::c_style)) {
    throw py::type_error(std::string(name) + ": expected a one-dimensional C-contiguous array");
  }
}

postventa::ScoreArray Scores(const py::array& a, const char* name = "scores") {
  CheckLayout(a, name);
  return postventa::ScoreArray(a.data(), static_cast<size_t>(a.size()), TypeOf(a, name));
}

postventa::GroupArray Groups(const py::array& a) {
  CheckLayout(a, "groups");
  return postventa::GroupArray(a.data(), static_cast<size_t>(a.size()), TypeOf(a, "groups"));
}

// Runs `f` (a core call returning StatusOr) without the GIL; raises on error.
template <typename F>
auto Released(F f) {
  decltype(f()) result;
  {
    py::gil_scoped_release release;
    result = f();
  }
  return ValueOrRaise(std::move(result));
}

// value, low, high and n of every group as four numpy arrays.
template <typename State>
py::tuple ScoreColumns(const std::vector<State>& states, double z) {
  const auto size = static_cast<py::ssize_t>(states.size());
  py::array_t<double> value(size), low(size), high(size);
  py::array_t<int64_t> n(size);
  double* v = value.mutable_data();
  double* l = low.mutable_data();
  double* h = high.mutable_data();
  int64_t* c = n.mutable_data();
  for (size_t g = 0; g < states.size(); ++g) {
    const Score s = states[g].score(z);
    v[g] = s.value;
    l[g] = s.low;
    h[g] = s.high;
    c[g] = s.n;
  }
  return py::make_tuple(value, low, high, n);
}

}  // namespace

void BindSatisfaction(py::module_& m) {
  m.attr("Z95") = postventa::kZ95;
  m.attr("SERVQUAL_ITEMS") = postventa::kServqualItems;

  // ---- States of an array of answers -----------------------------------------
  m.def(
      "nps_state",
      [](const py::array& scores) {
        const NpsState s = Released([&] { return postventa::nps_state(Scores(scores)); });
        return std::make_tuple(s.promoters, s.passives, s.detractors);
      },
      py::arg("scores").noconvert(), "(promoters, passives, detractors) of the answers 0-10.");
  m.def(
      "csat_state",
      [](const py::array& scores) {
        const CsatState s = Released([&] { return postventa::csat_state(Scores(scores)); });
        return std::make_tuple(s.satisfied, s.n);
      },
      py::arg("scores").noconvert(), "(satisfied, n) of the answers 1-5.");
  m.def(
      "ces_state",
      [](const py::array& scores) {
        const CesState s = Released([&] { return postventa::ces_state(Scores(scores)); });
        return std::make_tuple(s.n, s.sum, s.sum_sq);
      },
      py::arg("scores").noconvert(), "(n, sum, sum of squares) of the answers 1-7.");

  // ---- Scores of states ----------------------------------------------------------
  m.def(
      "nps_score",
      [](int64_t promoters, int64_t passives, int64_t detractors, double z) {
        return AsTuple(NpsState{promoters, passives, detractors}.score(z));
      },
      py::arg("promoters"), py::arg("passives"), py::arg("detractors"), py::arg("z"));
  m.def(
      "csat_score",
      [](int64_t satisfied, int64_t n, double z) {
        return AsTuple(CsatState{satisfied, n}.score(z));
      },
      py::arg("satisfied"), py::arg("n"), py::arg("z"));
  m.def(
      "ces_score",
      [](int64_t n, int64_t sum, int64_t sum_sq, double z) {
        return AsTuple(CesState{n, sum, sum_sq}.score(z));
      },
      py::arg("n"), py::arg("sum"), py::arg("sum_sq"), py::arg("z"));

  // ---- Grouped scoring in one pass -----------------------------------------------
  // (value, low, high, n) arrays for every group id 0..max.
  m.def(
      "nps_by_group",
      [](const py::array& scores, const py::array& groups, int threads, double z) {
        const auto states = Released([&] {
          return postventa::nps_states_by_group(Scores(scores), Groups(groups), threads);
        });
        return ScoreColumns(states, z);
      },
      py::arg("scores").noconvert(), py::arg("groups").noconvert(), py::arg("threads"),
      py::arg("z"));
  m.def(
      "csat_by_group",
      [](const py::array& scores, const py::array& groups, int threads, double z) {
        const auto states = Released([&] {
          return postventa::csat_states_by_group(Scores(scores), Groups(groups), threads);
        });
        return ScoreColumns(states, z);
      },
      py::arg("scores").noconvert(), py::arg("groups").noconvert(), py::arg("threads"),
      py::arg("z"));
  m.def(
      "ces_by_group",
      [](const py::array& scores, const py::array& groups, int threads, double z) {
        const auto states = Released([&] {
          return postventa::ces_states_by_group(Scores(scores), Groups(groups), threads);
        });
        return ScoreColumns(states, z);
      },
      py::arg("scores").noconvert(), py::arg("groups").noconvert(), py::arg("threads"),
      py::arg("z"));

  // ---- SERVQUAL --------------------------------------------------------------------
  // The arrays are the row-major (respondents x 22) answers, flattened.
  m.def(
      "servqual_state",
      [](const py::array& expectations, const py::array& perceptions) {
        const ServqualState s = Released([&] {
          return postventa::servqual_state(Scores(expectations, "expectations"),
                                           Scores(perceptions, "perceptions"));
        });
        return std::make_tuple(std::vector<int64_t>(s.gap_sum.begin(), s.gap_sum.end()), s.n);
      },
      py::arg("expectations").noconvert(), py::arg("perceptions").noconvert(),
      "(per-item gap sums (22), respondents).");
  m.def(
      "servqual_score",
      [](const std::array<int64_t, postventa::kServqualItems>& gap_sum, int64_t n,
         const std::optional<std::array<double, postventa::kServqualDimensions>>& weights) {
        ServqualState state;
        state.gap_sum = gap_sum;
        state.n = n;
        const postventa::ServqualScore s =
            weights ? ValueOrRaise(state.score(*weights)) : state.score();
        return std::make_tuple(s.dimension_gaps, s.overall, s.weighted, s.n);
      },
      py::arg("gap_sum"), py::arg("n"), py::arg("weights"),
      "(five dimension gaps, overall, weighted, respondents); equal weights when None.");
}

}  // namespace postventa_python
