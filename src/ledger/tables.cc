// The tabular forms of the ledger's list results (SPEC §9.2 pv.Table): the one
// place their columns are defined, so the C ABI's Arrow streams and Python's
// pv.Table give the same columns, types and values.
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "postventa/followup.h"
#include "postventa/ledger.h"
#include "postventa/table.h"
#include "table/internal/columns.h"

namespace postventa {
namespace {

using table_internal::AddColumns;

// An empty string as null (a key the event did not name).
std::optional<absl::string_view> OrNull(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return absl::string_view(s);
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

absl::StatusOr<Table> to_table(absl::Span<const SurveyAnswer> answers) {
  Table::Builder b;
  int c[10];
  if (absl::Status s = AddColumns(b,
                                  {{"id", Table::Type::kString},
                                   {"date", Table::Type::kDate},
                                   {"customer", Table::Type::kString},
                                   {"unit", Table::Type::kString},
                                   {"case", Table::Type::kString},
                                   {"product", Table::Type::kString},
                                   {"channel", Table::Type::kString},
                                   {"instrument", Table::Type::kString},
                                   {"score", Table::Type::kDouble},
                                   {"sent", Table::Type::kDate}},
                                  c);
      !s.ok()) {
    return s;
  }
  b.reserve(static_cast<int64_t>(answers.size()));
  for (const SurveyAnswer& a : answers) {
    b.append_string(c[0], a.id);
    b.append_date(c[1], a.date);
    b.append_string(c[2], a.customer);
    b.append_string(c[3], OrNull(a.unit));
    b.append_string(c[4], OrNull(a.case_id));
    b.append_string(c[5], OrNull(a.product));
    b.append_string(c[6], a.channel);
    b.append_string(c[7], a.instrument);
    b.append_double(c[8], a.score);
    b.append_date(c[9], a.sent);
  }
  return std::move(b).build();
}

absl::StatusOr<Table> to_table(absl::Span<const SurveyResponse> responses) {
  Table::Builder b;
  int c[7];
  if (absl::Status s = AddColumns(b,
                                  {{"period", Table::Type::kDate},
                                   {"channel", Table::Type::kString},
                                   {"product", Table::Type::kString},
                                   {"instrument", Table::Type::kString},
                                   {"sent", Table::Type::kInt64},
                                   {"answered", Table::Type::kInt64},
                                   {"rate", Table::Type::kDouble}},
                                  c);
      !s.ok()) {
    return s;
  }
  b.reserve(static_cast<int64_t>(responses.size()));
  for (const SurveyResponse& r : responses) {
    b.append_date(c[0], r.period);
    b.append_string(c[1], r.channel);
    b.append_string(c[2], OrNull(r.product));
    b.append_string(c[3], OrNull(r.instrument));
    b.append_int64(c[4], r.sent);
    b.append_int64(c[5], r.answered);
    // Every row has at least one send.
    b.append_double(c[6], static_cast<double>(r.answered) / static_cast<double>(r.sent));
  }
  return std::move(b).build();
}

absl::StatusOr<Table> to_table(absl::Span<const FailureTime> units) {
  Table::Builder b;
  int c[5];
  if (absl::Status s = AddColumns(b,
                                  {{"unit", Table::Type::kString},
                                   {"product", Table::Type::kString},
                                   {"start", Table::Type::kDate},
                                   {"days", Table::Type::kInt64},
                                   {"failed", Table::Type::kBool}},
                                  c);
      !s.ok()) {
    return s;
  }
  b.reserve(static_cast<int64_t>(units.size()));
  for (const FailureTime& u : units) {
    b.append_string(c[0], u.unit);
    b.append_string(c[1], u.product);
    b.append_date(c[2], u.start);
    b.append_int64(c[3], u.days);
    b.append_bool(c[4], u.failed);
  }
  return std::move(b).build();
}

absl::StatusOr<Table> to_table(absl::Span<const ClaimsForecast> rows) {
  Table::Builder b;
  int c[7];
  if (absl::Status s = AddColumns(b,
                                  {{"product", Table::Type::kString},
                                   {"month", Table::Type::kInt64},
                                   {"units", Table::Type::kInt64},
                                   {"expected_claims", Table::Type::kDouble},
                                   {"expected_cost", Table::Type::kDouble},
                                   {"shape", Table::Type::kDouble},
                                   {"scale", Table::Type::kDouble}},
                                  c);
      !s.ok()) {
    return s;
  }
  b.reserve(static_cast<int64_t>(rows.size()));
  for (const ClaimsForecast& r : rows) {
    b.append_string(c[0], r.product);
    b.append_int64(c[1], r.month);
    b.append_int64(c[2], r.units);
    b.append_double(c[3], r.expected_claims);
    // No claim cost known: null, not NaN.
    b.append_double(
        c[4], std::isnan(r.expected_cost) ? std::nullopt : std::optional<double>(r.expected_cost));
    b.append_double(c[5], r.shape);
    b.append_double(c[6], r.scale);
  }
  return std::move(b).build();
}

}  // namespace postventa
