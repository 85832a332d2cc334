// The Kaplan-Meier estimate as columns, for the table every face gives
// (postventa::kaplan_meier_table in src/reliability/tables.cc): the same rows
// as postventa::kaplan_meier, written straight into the table's buffers so
// that a million rows are not built twice.
#ifndef POSTVENTA_SRC_RELIABILITY_INTERNAL_KAPLAN_MEIER_H_
#define POSTVENTA_SRC_RELIABILITY_INTERNAL_KAPLAN_MEIER_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"

namespace postventa::reliability_internal {

// Column k holds field k of every KaplanMeierRow, in row order.
struct KaplanMeierColumns {
  std::vector<double> time, survival, lower, upper;
  std::vector<int64_t> at_risk, events, censored;
};

// postventa::kaplan_meier into `out` (whose vectors are replaced): the same
// checks, messages and values.
[[nodiscard]] absl::Status KaplanMeierColumnsOf(absl::Span<const double> durations,
                                                absl::Span<const uint8_t> observed, double ci,
                                                KaplanMeierColumns& out);

}  // namespace postventa::reliability_internal

#endif  // POSTVENTA_SRC_RELIABILITY_INTERNAL_KAPLAN_MEIER_H_
