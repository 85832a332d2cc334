// The KPIs of SPEC §8 from their counts (postventa/kpi.h; docs/kpis.md).
#include "postventa/kpi.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "postventa/table.h"
#include "table/internal/columns.h"

namespace postventa {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

KpiValue Ratio(absl::string_view product, const char* name, int64_t count, int64_t n) {
  return KpiValue{std::string(product), name,
                  n > 0 ? static_cast<double>(count) / static_cast<double>(n) : kNaN, n,
                  n > 0 ? static_cast<double>(count) : kNaN};
}

KpiValue Mean(absl::string_view product, const char* name, double sum, int64_t n) {
  return KpiValue{std::string(product), name, n > 0 ? sum / static_cast<double>(n) : kNaN, n,
                  n > 0 ? sum : kNaN};
}

// The median of `values` (the mean of the two middle ones for an even count).
double Median(std::vector<int64_t> values) {
  if (values.empty()) return kNaN;
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  const double upper = static_cast<double>(values[mid]);
  if (values.size() % 2 == 1) return upper;
  const double lower = static_cast<double>(
      *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid)));
  return (lower + upper) / 2;
}

}  // namespace

absl::string_view kpi_unit_name(KpiUnit unit) {
  switch (unit) {
    case KpiUnit::kRatio:
      return "ratio";
    case KpiUnit::kDays:
      return "days";
    case KpiUnit::kWorkingDays:
      return "working_days";
    case KpiUnit::kWorkingHours:
      return "working_hours";
    case KpiUnit::kMinorUnits:
      return "minor_units";
    case KpiUnit::kCount:
      return "count";
  }
  return "";
}

const std::vector<KpiInfo>& kpi_catalog() {
  static const auto* const catalog = new std::vector<KpiInfo>{
      {"on_time_delivery", KpiUnit::kRatio, true, "rate"},
      {"delivery_defect_rate", KpiUnit::kRatio, false, "rate"},
      {"installation_right_first_time", KpiUnit::kRatio, true, "rate"},
      {"mean_time_to_repair", KpiUnit::kWorkingDays, false, "duration"},
      {"median_time_to_repair", KpiUnit::kWorkingDays, false, "duration"},
      {"first_time_fix_rate", KpiUnit::kRatio, true, "rate"},
      {"repeat_repair_rate", KpiUnit::kRatio, false, "rate"},
      {"warranty_cost_per_unit_sold", KpiUnit::kMinorUnits, false, ""},
      {"first_response_sla", KpiUnit::kRatio, true, "rate"},
      {"resolution_sla", KpiUnit::kRatio, true, "rate"},
      {"first_response_hours", KpiUnit::kWorkingHours, false, "duration"},
      {"resolution_hours", KpiUnit::kWorkingHours, false, "duration"},
      {"maintenance_compliance", KpiUnit::kRatio, true, "rate"},
      {"survey_response_rate", KpiUnit::kRatio, true, "rate"},
      {"complaint_resolution_days", KpiUnit::kDays, false, "duration"},
      {"repurchase_rate", KpiUnit::kRatio, true, "rate"},
      {"referral_count", KpiUnit::kCount, true, ""},
  };
  return *catalog;
}

const KpiInfo* find_kpi(absl::string_view name) {
  for (const KpiInfo& info : kpi_catalog()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

void KpiCounts::merge(const KpiCounts& o) {
  delivery_checks += o.delivery_checks;
  deliveries_on_time += o.deliveries_on_time;
  deliveries_ok += o.deliveries_ok;
  installations += o.installations;
  installations_ok += o.installations_ok;
  repair_working_days.insert(repair_working_days.end(), o.repair_working_days.begin(),
                             o.repair_working_days.end());
  repairs_returned += o.repairs_returned;
  first_time_fixes += o.first_time_fixes;
  repairs_received += o.repairs_received;
  repeat_repairs += o.repeat_repairs;
  warranty_cost += o.warranty_cost;
  units_sold += o.units_sold;
  referrals += o.referrals;
  first_responses += o.first_responses;
  first_responses_met += o.first_responses_met;
  resolutions += o.resolutions;
  resolutions_met += o.resolutions_met;
  cases_responded += o.cases_responded;
  first_response_hours += o.first_response_hours;
  cases_resolved += o.cases_resolved;
  resolution_hours += o.resolution_hours;
  maintenance_due += o.maintenance_due;
  maintenance_met += o.maintenance_met;
  surveys_sent += o.surveys_sent;
  surveys_answered += o.surveys_answered;
  complaints_resolved += o.complaints_resolved;
  complaint_days += o.complaint_days;
  buyers += o.buyers;
  repeat_buyers += o.repeat_buyers;
}

std::vector<KpiValue> kpi_values(absl::string_view product, const KpiCounts& c) {
  const auto repairs = static_cast<int64_t>(c.repair_working_days.size());
  double repair_days = 0;
  for (int64_t d : c.repair_working_days) repair_days += static_cast<double>(d);
  std::vector<KpiValue> out;
  out.reserve(kpi_catalog().size());
  out.push_back(Ratio(product, "on_time_delivery", c.deliveries_on_time, c.delivery_checks));
  out.push_back(Ratio(product, "delivery_defect_rate", c.delivery_checks - c.deliveries_ok,
                      c.delivery_checks));
  out.push_back(
      Ratio(product, "installation_right_first_time", c.installations_ok, c.installations));
  out.push_back(Mean(product, "mean_time_to_repair", repair_days, repairs));
  out.push_back(KpiValue{std::string(product), "median_time_to_repair",
                         Median(c.repair_working_days), repairs, kNaN});
  out.push_back(Ratio(product, "first_time_fix_rate", c.first_time_fixes, c.repairs_returned));
  out.push_back(Ratio(product, "repeat_repair_rate", c.repeat_repairs, c.repairs_received));
  out.push_back(Mean(product, "warranty_cost_per_unit_sold", static_cast<double>(c.warranty_cost),
                     c.units_sold));
  out.push_back(Ratio(product, "first_response_sla", c.first_responses_met, c.first_responses));
  out.push_back(Ratio(product, "resolution_sla", c.resolutions_met, c.resolutions));
  out.push_back(Mean(product, "first_response_hours", c.first_response_hours, c.cases_responded));
  out.push_back(Mean(product, "resolution_hours", c.resolution_hours, c.cases_resolved));
  out.push_back(Ratio(product, "maintenance_compliance", c.maintenance_met, c.maintenance_due));
  out.push_back(Ratio(product, "survey_response_rate", c.surveys_answered, c.surveys_sent));
  out.push_back(Mean(product, "complaint_resolution_days", static_cast<double>(c.complaint_days),
                     c.complaints_resolved));
  out.push_back(Ratio(product, "repurchase_rate", c.repeat_buyers, c.buyers));
  // A count is a count whatever the sales: 0 referrals of 0 sales is 0.
  out.push_back(KpiValue{std::string(product), "referral_count", static_cast<double>(c.referrals),
                         c.units_sold, static_cast<double>(c.referrals)});
  return out;
}

absl::StatusOr<Table> to_table(absl::Span<const KpiValue> values) {
  Table::Builder b;
  int c[6];
  if (absl::Status s = table_internal::AddColumns(b,
                                                  {{"product", Table::Type::kString},
                                                   {"kpi", Table::Type::kString},
                                                   {"value", Table::Type::kDouble},
                                                   {"n", Table::Type::kInt64},
                                                   {"total", Table::Type::kDouble},
                                                   {"unit", Table::Type::kString}},
                                                  c);
      !s.ok()) {
    return s;
  }
  b.reserve(static_cast<int64_t>(values.size()));
  const auto or_null = [](double v) { return std::isnan(v) ? std::nullopt : std::optional(v); };
  for (const KpiValue& v : values) {
    const KpiInfo* info = find_kpi(v.kpi);
    if (info == nullptr) {
      return absl::InvalidArgumentError("kpi: \"" + v.kpi + "\" is not a KPI of kpi_catalog()");
    }
    if (v.product.empty()) {
      b.append_null(c[0]);
    } else {
      b.append_string(c[0], v.product);
    }
    b.append_string(c[1], v.kpi);
    b.append_double(c[2], or_null(v.value));
    b.append_int64(c[3], v.n);
    b.append_double(c[4], or_null(v.total));
    b.append_string(c[5], kpi_unit_name(info->unit));
  }
  return std::move(b).build();
}

}  // namespace postventa
