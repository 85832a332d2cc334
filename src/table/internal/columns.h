// Adding a list result's columns to a Table::Builder in one statement (the
// to_table overloads of the ledger and of the estimators).
#ifndef POSTVENTA_SRC_TABLE_INTERNAL_COLUMNS_H_
#define POSTVENTA_SRC_TABLE_INTERNAL_COLUMNS_H_

#include <cstddef>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "postventa/table.h"

namespace postventa::table_internal {

// Adds the columns named in `specs` to `builder`, their indices in `out`.
template <size_t N>
absl::Status AddColumns(Table::Builder& builder,
                        const std::pair<const char*, Table::Type> (&specs)[N], int (&out)[N]) {
  for (size_t i = 0; i < N; ++i) {
    absl::StatusOr<int> column = builder.add_column(specs[i].first, specs[i].second);
    if (!column.ok()) return column.status();
    out[i] = *column;
  }
  return absl::OkStatus();
}

}  // namespace postventa::table_internal

#endif  // POSTVENTA_SRC_TABLE_INTERNAL_COLUMNS_H_
