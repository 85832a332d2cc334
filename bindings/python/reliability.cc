// The reliability estimators (include/postventa/weibull.h, survival.h) in
// postventa._core.
//
// Arrays cross as numpy arrays read in place through their buffer (no copy, no
// cast): times are native float64, failure flags uint8, both one-dimensional
// and C-contiguous. Other arrays are refused with TypeError: the Python layer
// (python/postventa/_reliability.py) makes the one conversion a list, another
// dtype or a strided view needs, and reads the methods' names. The GIL is
// released while the core computes (the arrays stay referenced by the call's
// arguments) and while the result table is built (postventa::to_table and
// postventa::kaplan_meier_table, the columns every face gives). Results cross
// as plain tuples, the tables as postventa.Table.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "module.h"
#include "postventa/survival.h"
#include "postventa/table.h"
#include "postventa/weibull.h"

namespace py = pybind11;

namespace postventa_python {
namespace {

using postventa::Table;

void CheckLayout(const py::array& a, const char* name) {
  if (a.ndim() != 1 || !(a.flags() & py::array::c_style)) {
    throw py::type_error(std::string(name) + ": expected a one-dimensional C-contiguous array");
  }
}

bool IsNative(const py::dtype& dt) { return dt.byteorder() == '=' || dt.byteorder() == '|'; }

absl::Span<const double> Doubles(const py::array& a, const char* name) {
  CheckLayout(a, name);
  const py::dtype dt = a.dtype();
  if (dt.kind() != 'f' || dt.itemsize() != 8 || !IsNative(dt)) {
    throw py::type_error(std::string(name) + ": expected a native float64 array, got " +
                         std::string(py::str(dt)));
  }
  return {static_cast<const double*>(a.data()), static_cast<size_t>(a.size())};
}

absl::Span<const uint8_t> Flags(const py::array& a, const char* name) {
  CheckLayout(a, name);
  const py::dtype dt = a.dtype();
  if (dt.kind() != 'u' || dt.itemsize() != 1) {
    throw py::type_error(std::string(name) + ": expected a uint8 array, got " +
                         std::string(py::str(dt)));
  }
  return {static_cast<const uint8_t*>(a.data()), static_cast<size_t>(a.size())};
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

postventa::WeibullMethod MethodFrom(const std::string& name) {
  if (name == "mle") return postventa::WeibullMethod::kMle;
  if (name == "rry") return postventa::WeibullMethod::kRry;
  throw py::value_error("method: " + name);  // _reliability.py checks the names first
}

postventa::RankPositions PositionsFrom(const std::string& name) {
  if (name == "bernard") return postventa::RankPositions::kBernard;
  if (name == "exact") return postventa::RankPositions::kExact;
  throw py::value_error("positions: " + name);
}

postventa::McfVariance VarianceFrom(const std::string& name) {
  if (name == "lawless_nadeau") return postventa::McfVariance::kLawlessNadeau;
  if (name == "poisson") return postventa::McfVariance::kPoisson;
  if (name == "nelson") return postventa::McfVariance::kNelson;
  throw py::value_error("variance: " + name);
}

using FitTuple = std::tuple<double, double, double, double, double, std::pair<double, double>,
                            std::pair<double, double>, int64_t, int64_t>;

FitTuple AsTuple(const postventa::WeibullFit& f) {
  return {f.shape,    f.scale,    f.loglik,   f.shape_se,   f.scale_se,
          f.shape_ci, f.scale_ci, f.failures, f.suspensions};
}

}  // namespace

void BindReliability(py::module_& m) {
  // ---- Weibull -----------------------------------------------------------------------
  // (shape, scale, loglik, shape_se, scale_se, shape_ci, scale_ci, failures, suspensions)
  m.def(
      "weibull_fit",
      [](const py::array& failures, const py::array& censored, const std::string& method,
         const std::string& positions, double ci) {
        const auto f = Doubles(failures, "failures");
        const auto c = Doubles(censored, "censored");
        const auto how = MethodFrom(method);
        const auto where = PositionsFrom(positions);
        return AsTuple(Released([&] { return postventa::weibull_fit(f, c, how, where, ci); }));
      },
      py::arg("failures").noconvert(), py::arg("censored").noconvert(), py::arg("method"),
      py::arg("positions"), py::arg("ci"),
      "Weibull fit: (shape, scale, loglik, shape_se, scale_se, shape_ci, scale_ci, failures, "
      "suspensions). method 'mle' or 'rry'; positions 'bernard' or 'exact'.");
  m.def(
      "weibull_fit_interval",
      [](const py::array& left, const py::array& right, const py::array& counts, double ci) {
        const auto l = Doubles(left, "left");
        const auto r = Doubles(right, "right");
        const auto n = Doubles(counts, "counts");
        return AsTuple(Released([&] { return postventa::weibull_fit_interval(l, r, n, ci); }));
      },
      py::arg("left").noconvert(), py::arg("right").noconvert(), py::arg("counts").noconvert(),
      py::arg("ci"), "Weibull fit to interval-censored grouped data; the tuple of weibull_fit.");

  // ---- Survival, repairs and trends ---------------------------------------------------
  m.def(
      "kaplan_meier",
      [](const py::array& durations, const py::array& observed, double ci) {
        const auto d = Doubles(durations, "durations");
        const auto o = Flags(observed, "observed");
        Table table = Released([&] { return postventa::kaplan_meier_table(d, o, ci); });
        return ToPython(std::move(table));
      },
      py::arg("durations").noconvert(), py::arg("observed").noconvert(), py::arg("ci"),
      "Kaplan-Meier table: time, survival, lower, upper, at_risk, events, censored.");
  // Systems arrive flattened: system s has the event times
  // times[offsets[s]:offsets[s + 1]] and the end ends[s].
  m.def(
      "mcf",
      [](const py::array& times, const py::array_t<int64_t, py::array::c_style>& offsets,
         const py::array& ends, const std::string& variance, double ci) {
        const auto t = Doubles(times, "times");
        const auto e = Doubles(ends, "ends");
        if (offsets.ndim() != 1 || offsets.size() != static_cast<py::ssize_t>(e.size() + 1)) {
          throw py::value_error("mcf: offsets must have one entry more than ends");
        }
        const int64_t* o = offsets.data();
        const auto how = VarianceFrom(variance);
        Table table = Released([&]() -> absl::StatusOr<Table> {
          std::vector<postventa::RepairableSystem> systems(e.size());
          for (size_t s = 0; s < e.size(); ++s) {
            if (o[s] < 0 || o[s] > o[s + 1] || o[s + 1] > static_cast<int64_t>(t.size())) {
              return absl::InternalError("mcf: offsets out of order");
            }
            systems[s].event_times.assign(t.begin() + o[s], t.begin() + o[s + 1]);
            systems[s].end = e[s];
          }
          absl::StatusOr<std::vector<postventa::McfRow>> rows = postventa::mcf(systems, how, ci);
          if (!rows.ok()) return rows.status();
          return postventa::to_table(*rows);
        });
        return ToPython(std::move(table));
      },
      py::arg("times").noconvert(), py::arg("offsets").noconvert(), py::arg("ends").noconvert(),
      py::arg("variance"), py::arg("ci"),
      "Mean cumulative function table: time, mcf, variance, lower, upper.");
  m.def(
      "logrank",
      [](const py::array& durations_a, const py::array& observed_a, const py::array& durations_b,
         const py::array& observed_b) {
        const auto da = Doubles(durations_a, "durations_a");
        const auto oa = Flags(observed_a, "observed_a");
        const auto db = Doubles(durations_b, "durations_b");
        const auto ob = Flags(observed_b, "observed_b");
        const postventa::LogRank r = Released([&] { return postventa::logrank(da, oa, db, ob); });
        return std::make_tuple(r.chi2, r.p_value);
      },
      py::arg("durations_a").noconvert(), py::arg("observed_a").noconvert(),
      py::arg("durations_b").noconvert(), py::arg("observed_b").noconvert(),
      "Log-rank test: (chi2, p_value).");
  m.def(
      "crow_amsaa",
      [](const py::array& times, std::optional<double> end) {
        const auto t = Doubles(times, "times");
        const postventa::CrowAmsaa r = Released([&] { return postventa::crow_amsaa(t, end); });
        return std::make_tuple(r.beta, r.lambda);
      },
      py::arg("times").noconvert(), py::arg("end"), "Crow-AMSAA fit: (beta, lambda).");
  m.def(
      "laplace_trend",
      [](const py::array& times_between) {
        const auto x = Doubles(times_between, "times_between");
        return Released([&] { return postventa::laplace_trend(x); });
      },
      py::arg("times_between").noconvert(), "Laplace trend statistic U.");
}

}  // namespace postventa_python
