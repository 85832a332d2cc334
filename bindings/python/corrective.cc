// postventa._core: corrective action (SPEC §8; docs/corrective.md) and the KPI
// catalog (docs/kpis.md). The verifications return the canonical JSON every
// face gives; python/postventa/_corrective.py turns it into dicts.
#include "postventa/corrective.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "module.h"
#include "postventa/kpi.h"
#include "postventa/scorecard.h"

namespace py = pybind11;

namespace postventa_python {

void BindCorrective(py::module_& m) {
  m.def(
      "verify_rate_json",
      [](int64_t count_before, int64_t n_before, int64_t count_after, int64_t n_after,
         bool higher_is_better, double alpha) {
        absl::StatusOr<postventa::Verification> v = postventa::verify_rate(
            count_before, n_before, count_after, n_after,
            higher_is_better ? postventa::Better::kHigher : postventa::Better::kLower, alpha);
        return postventa::verification_to_json(ValueOrRaise(std::move(v)));
      },
      py::arg("count_before"), py::arg("n_before"), py::arg("count_after"), py::arg("n_after"),
      py::arg("higher_is_better"), py::arg("alpha"),
      "Two-proportion verification: the verification JSON.");
  m.def(
      "verify_durations_json",
      [](const std::vector<double>& durations_before, const std::vector<uint8_t>& observed_before,
         const std::vector<double>& durations_after, const std::vector<uint8_t>& observed_after,
         double alpha) {
        absl::StatusOr<postventa::Verification> v;
        {
          py::gil_scoped_release release;
          v = postventa::verify_durations(durations_before, observed_before, durations_after,
                                          observed_after, alpha);
        }
        return postventa::verification_to_json(ValueOrRaise(std::move(v)));
      },
      py::arg("durations_before"), py::arg("observed_before"), py::arg("durations_after"),
      py::arg("observed_after"), py::arg("alpha"), "Log-rank verification: the verification JSON.");
  m.def(
      "kpi_catalog",
      [] {
        std::vector<std::tuple<std::string, std::string, bool, std::string>> out;
        for (const postventa::KpiInfo& k : postventa::kpi_catalog()) {
          out.emplace_back(k.name, std::string(postventa::kpi_unit_name(k.unit)),
                           k.higher_is_better, k.test);
        }
        return out;
      },
      "The KPIs: (name, unit, higher_is_better, test) in report order.");
  m.def(
      "root_causes",
      [] {
        std::vector<std::string> out;
        for (auto c : {postventa::RootCause::kStaffShortage,
                       postventa::RootCause::kUnplannedAbsence, postventa::RootCause::kDemandSpike,
                       postventa::RootCause::kProductDefect, postventa::RootCause::kSupplier,
                       postventa::RootCause::kProcess, postventa::RootCause::kOther}) {
          out.emplace_back(postventa::root_cause_name(c));
        }
        return out;
      },
      "The root cause categories of an anomaly.");
}

}  // namespace postventa_python
