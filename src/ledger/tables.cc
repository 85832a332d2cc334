// The tabular forms of the ledger's list results (SPEC §9.2 pv.Table): the one
// place their columns are defined, so the C ABI's Arrow streams and Python's
// pv.Table give the same columns, types and values.
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "postventa/followup.h"
#include "postventa/ledger.h"
#include "postventa/table.h"

namespace postventa {
namespace {

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

}  // namespace

absl::StatusOr<Table> to_table(absl::Span<const MaintenanceDue> lines) {
  Table::Builder b;
  int c[4];
  if (absl::Status s = AddColumns(b,
                                  {{"unit", Table::Type::kString},
                                   {"due", Table::Type::kDate},
                                   {"overdue", Table::Type::kBool},
                                   {"product", Table::Type::kString}},
                                  c);
      !s.ok()) {
    return s;
  }
  b.reserve(static_cast<int64_t>(lines.size()));
  for (const MaintenanceDue& line : lines) {
    b.append_string(c[0], line.unit);
    b.append_date(c[1], line.due);
    b.append_bool(c[2], line.overdue);
    b.append_string(c[3], line.product);
  }
  return std::move(b).build();
}

absl::StatusOr<Table> to_table(absl::Span<const MaintenanceCompliance> units) {
  Table::Builder b;
  int c[5];
  if (absl::Status s = AddColumns(b,
                                  {{"unit", Table::Type::kString},
                                   {"product", Table::Type::kString},
                                   {"due", Table::Type::kInt64},
                                   {"met", Table::Type::kInt64},
                                   {"compliance", Table::Type::kDouble}},
                                  c);
      !s.ok()) {
    return s;
  }
  b.reserve(static_cast<int64_t>(units.size()));
  for (const MaintenanceCompliance& u : units) {
    b.append_string(c[0], u.unit);
    b.append_string(c[1], u.product);
    b.append_int64(c[2], u.due);
    b.append_int64(c[3], u.met);
    // No due date judged yet: no compliance to speak of (null, not 0 or 1).
    b.append_double(c[4], u.due > 0 ? std::optional<double>(static_cast<double>(u.met) /
                                                            static_cast<double>(u.due))
                                    : std::nullopt);
  }
  return std::move(b).build();
}

absl::StatusOr<Table> to_table(absl::Span<const Contact> contacts) {
  Table::Builder b;
  int c[7];
  if (absl::Status s = AddColumns(b,
                                  {{"date", Table::Type::kDate},
                                   {"customer", Table::Type::kString},
                                   {"unit", Table::Type::kString},
                                   {"touchpoint", Table::Type::kString},
                                   {"channel", Table::Type::kString},
                                   {"priority", Table::Type::kInt64},
                                   {"moved_from", Table::Type::kDate}},
                                  c);
      !s.ok()) {
    return s;
  }
  b.reserve(static_cast<int64_t>(contacts.size()));
  for (const Contact& contact : contacts) {
    b.append_date(c[0], contact.date);
    b.append_string(c[1], contact.customer);
    // A customer-level contact has no unit: null, not "".
    b.append_string(
        c[2], contact.unit.empty() ? std::nullopt : std::optional<absl::string_view>(contact.unit));
    b.append_string(c[3], contact.touchpoint);
    b.append_string(c[4], contact.channel);
    b.append_int64(c[5], contact.priority);
    b.append_date(c[6], contact.moved_from);
  }
  return std::move(b).build();
}

}  // namespace postventa
