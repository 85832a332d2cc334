// The tabular forms of the survival results (SPEC §9.2 pv.Table): the one place
// their columns are defined, so the C ABI's Arrow streams and Python's pv.Table
// give the same columns, types and values. Every value is present (no nulls):
// the estimators always give a number. Columns are filled whole (a gather per
// field, then adopted by the builder without a copy), not row by row.
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "postventa/survival.h"
#include "postventa/table.h"
#include "reliability/internal/kaplan_meier.h"
#include "table/internal/columns.h"

namespace postventa {
namespace {

using table_internal::AddColumns;

// Field `field` of every row, in order.
template <typename Row, typename T>
std::vector<T> Gather(absl::Span<const Row> rows, T Row::*field) {
  std::vector<T> values;
  values.reserve(rows.size());
  for (const Row& r : rows) values.push_back(r.*field);
  return values;
}

// The Kaplan-Meier table's columns, in the order of KaplanMeierRow's fields.
absl::StatusOr<Table> KaplanMeierTable(reliability_internal::KaplanMeierColumns columns) {
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
  b.adopt_doubles(c[0], std::move(columns.time));
  b.adopt_doubles(c[1], std::move(columns.survival));
  b.adopt_doubles(c[2], std::move(columns.lower));
  b.adopt_doubles(c[3], std::move(columns.upper));
  b.adopt_int64s(c[4], std::move(columns.at_risk));
  b.adopt_int64s(c[5], std::move(columns.events));
  b.adopt_int64s(c[6], std::move(columns.censored));
  return std::move(b).build();
}

}  // namespace

absl::StatusOr<Table> to_table(absl::Span<const KaplanMeierRow> rows) {
  return KaplanMeierTable(
      {Gather(rows, &KaplanMeierRow::time), Gather(rows, &KaplanMeierRow::survival),
       Gather(rows, &KaplanMeierRow::lower), Gather(rows, &KaplanMeierRow::upper),
       Gather(rows, &KaplanMeierRow::at_risk), Gather(rows, &KaplanMeierRow::events),
       Gather(rows, &KaplanMeierRow::censored)});
}

absl::StatusOr<Table> kaplan_meier_table(absl::Span<const double> durations,
                                         absl::Span<const uint8_t> observed, double ci) {
  reliability_internal::KaplanMeierColumns columns;
  if (absl::Status s = reliability_internal::KaplanMeierColumnsOf(durations, observed, ci, columns);
      !s.ok()) {
    return s;
  }
  return KaplanMeierTable(std::move(columns));
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
  b.adopt_doubles(c[0], Gather(rows, &McfRow::time));
  b.adopt_doubles(c[1], Gather(rows, &McfRow::mcf));
  b.adopt_doubles(c[2], Gather(rows, &McfRow::variance));
  b.adopt_doubles(c[3], Gather(rows, &McfRow::lower));
  b.adopt_doubles(c[4], Gather(rows, &McfRow::upper));
  return std::move(b).build();
}

}  // namespace postventa
