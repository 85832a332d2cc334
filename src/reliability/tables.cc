// The tabular forms of the survival results (SPEC §9.2 pv.Table): the one place
// their columns are defined, so the C ABI's Arrow streams and Python's pv.Table
// give the same columns, types and values. Every value is present (no nulls):
// the estimators always give a number.
#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "postventa/survival.h"
#include "postventa/table.h"
#include "table/internal/columns.h"

namespace postventa {

using table_internal::AddColumns;

absl::StatusOr<Table> to_table(absl::Span<const KaplanMeierRow> rows) {
  Table::Builder b;
  int c[7];
  if (absl::Status s = AddColumns(b,
                                  {{"time", Table::Type::kDouble},
                                   {"survival", Table::Type::kDouble},
                                   {"lower", Table::Type::kDouble},
                                   {"upper", Table::Type::kDouble},
                                   {"at_risk", Table::Type::kInt64},
                                   {"events", Table::Type::kInt64},
                                   {"censored", Table::Type::kInt64}},
                                  c);
      !s.ok()) {
    return s;
  }
  b.reserve(static_cast<int64_t>(rows.size()));
  for (const KaplanMeierRow& r : rows) {
    b.append_double(c[0], r.time);
    b.append_double(c[1], r.survival);
    b.append_double(c[2], r.lower);
    b.append_double(c[3], r.upper);
    b.append_int64(c[4], r.at_risk);
    b.append_int64(c[5], r.events);
    b.append_int64(c[6], r.censored);
  }
  return std::move(b).build();
}

absl::StatusOr<Table> to_table(absl::Span<const McfRow> rows) {
  Table::Builder b;
  int c[5];
  if (absl::Status s = AddColumns(b,
                                  {{"time", Table::Type::kDouble},
                                   {"mcf", Table::Type::kDouble},
                                   {"variance", Table::Type::kDouble},
                                   {"lower", Table::Type::kDouble},
                                   {"upper", Table::Type::kDouble}},
                                  c);
      !s.ok()) {
    return s;
  }
  b.reserve(static_cast<int64_t>(rows.size()));
  for (const McfRow& r : rows) {
    b.append_double(c[0], r.time);
    b.append_double(c[1], r.mcf);
    b.append_double(c[2], r.variance);
    b.append_double(c[3], r.lower);
    b.append_double(c[4], r.upper);
  }
  return std::move(b).build();
}

}  // namespace postventa
