// Anomalies and corrective action (SPEC §8, seed 003): the anomaly record and
// its JSON form, the comparison windows, and the before/after tests.
//
// Shape errors of the JSON (a wrong type, an unknown field, a missing date or
// cause, which a struct always has) are the parser's, with the JSON path;
// everything a hand-built Anomaly can also get wrong is validate_anomaly's,
// which the parser runs last, so both give the same messages. JSON null means
// "absent" everywhere.
#include "postventa/corrective.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "catalog/internal/json_text.h"
#include "nlohmann/json.hpp"
#include "postventa/survival.h"
#include "postventa/time.h"

namespace postventa {
namespace {

using catalog_internal::CheckKeys;
using catalog_internal::FieldError;
using catalog_internal::ReadString;
using catalog_internal::Shown;
using nlohmann::json;
using nlohmann::ordered_json;

constexpr double kInf = std::numeric_limits<double>::infinity();

constexpr RootCause kCauses[] = {RootCause::kStaffShortage, RootCause::kUnplannedAbsence,
                                 RootCause::kDemandSpike,   RootCause::kProductDefect,
                                 RootCause::kSupplier,      RootCause::kProcess,
                                 RootCause::kOther};

std::string CauseNames() {
  std::vector<absl::string_view> names;
  for (RootCause c : kCauses) names.push_back(root_cause_name(c));
  return absl::StrJoin(names, ", ");
}

absl::Status CheckWindow(const DateWindow& w, const std::string& path) {
  if (w.end < w.start) {
    return FieldError(path + ".end",
                      absl::StrCat(format_date(w.end), " is before start ", format_date(w.start)));
  }
  return absl::OkStatus();
}

// The date the measures are all in place: the latest measure's date.
std::optional<Date> LastMeasureDate(const Anomaly& anomaly) {
  std::optional<Date> last;
  for (const CorrectiveMeasure& m : anomaly.measures) {
    if (!last || m.date > *last) last = m.date;
  }
  return last;
}

// Explicit windows not empty, and the before window ending before the after
// window starts (explicit, or derived from the last measure).
absl::Status CheckWindows(const Anomaly& anomaly) {
  const VerificationPlan& plan = anomaly.verification;
  if (plan.before) {
    if (absl::Status s = CheckWindow(*plan.before, "verification.before"); !s.ok()) return s;
  }
  if (plan.after) {
    if (absl::Status s = CheckWindow(*plan.after, "verification.after"); !s.ok()) return s;
  }
  if (!plan.before) return absl::OkStatus();
  const Date end = plan.before->end;
  if (plan.after) {
    if (end >= plan.after->start) {
      return FieldError("verification.before.end",
                        absl::StrCat(format_date(end), " is not before the after window's start ",
                                     format_date(plan.after->start)));
    }
  } else if (std::optional<Date> last = LastMeasureDate(anomaly); last && end >= *last) {
    return FieldError("verification.before.end",
                      absl::StrCat(format_date(end), " is not before ", format_date(*last),
                                   ", the date of the last measure (where the after window "
                                   "starts)"));
  }
  return absl::OkStatus();
}

// --- JSON input ---------------------------------------------------------

absl::Status ReadDate(const json& value, const std::string& path, Date* out) {
  if (!value.is_string()) {
    return FieldError(path, absl::StrCat("expected a date YYYY-MM-DD, got ", Shown(value)));
  }
  absl::StatusOr<Date> date = parse_date(value.get_ref<const std::string&>());
  if (!date.ok()) return FieldError(path, date.status().message());
  *out = *date;
  return absl::OkStatus();
}

absl::Status ReadWindow(const json& value, const std::string& path, DateWindow* out) {
  if (!value.is_object()) {
    return FieldError(path, absl::StrCat("expected {\"start\": \"YYYY-MM-DD\", \"end\": "
                                         "\"YYYY-MM-DD\"}, got ",
                                         Shown(value)));
  }
  if (absl::Status s = CheckKeys(value, path, {"start", "end"}); !s.ok()) return s;
  for (absl::string_view key : {"start", "end"}) {
    const std::string field = absl::StrCat(path, ".", key);
    const auto it = value.find(std::string(key));
    if (it == value.end() || it->is_null()) {
      return FieldError(field, "missing (a date YYYY-MM-DD; both ends are included)");
    }
    if (absl::Status s = ReadDate(*it, field, key == "start" ? &out->start : &out->end); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status ReadMeasure(const json& value, const std::string& path, CorrectiveMeasure* out) {
  if (!value.is_object()) {
    return FieldError(path, absl::StrCat("expected a measure {\"description\": ..., \"date\": "
                                         "\"YYYY-MM-DD\"}, got ",
                                         Shown(value)));
  }
  if (absl::Status s = CheckKeys(value, path, {"description", "date"}); !s.ok()) return s;
  bool has_date = false;
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    const std::string field = absl::StrCat(path, ".", key);
    absl::Status s;
    if (key == "description") {
      s = ReadString(item, field, "a text saying what was done", &out->description);
    } else {
      s = ReadDate(item, field, &out->date);
      has_date = true;
    }
    if (!s.ok()) return s;
  }
  if (!has_date) {
    return FieldError(path + ".date", "missing (the date the measure is in effect from)");
  }
  return absl::OkStatus();
}

absl::Status ReadPlan(const json& value, VerificationPlan* out) {
  if (!value.is_object()) {
    return FieldError("verification",
                      absl::StrCat("expected an object {\"kpi\": ..., ...}, got ", Shown(value)));
  }
  if (absl::Status s =
          CheckKeys(value, "verification", {"kpi", "product", "before", "after", "alpha"});
      !s.ok()) {
    return s;
  }
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    const std::string field = absl::StrCat("verification.", key);
    absl::Status s;
    if (key == "kpi") {
      s = ReadString(item, field, "a KPI name such as \"first_response_sla\"", &out->kpi);
    } else if (key == "product") {
      s = ReadString(item, field, "a product (SKU), or null for all products", &out->product);
    } else if (key == "before" || key == "after") {
      DateWindow window;
      s = ReadWindow(item, field, &window);
      (key == "before" ? out->before : out->after) = window;
    } else {  // alpha
      if (!item.is_number()) {
        return FieldError(
            field, absl::StrCat("expected a number in (0, 1) such as 0.05, got ", Shown(item)));
      }
      out->alpha = item.get<double>();
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<Anomaly> ReadAnomaly(const json& root) {
  if (!root.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("anomaly: expected an anomaly object, got ", Shown(root)));
  }
  if (absl::Status s = CheckKeys(root, "anomaly",
                                 {"id", "detected", "description", "implications", "cause",
                                  "cause_detail", "measures", "verification"});
      !s.ok()) {
    return s;
  }
  Anomaly anomaly;
  bool has_detected = false, has_cause = false;
  for (const auto& [key, item] : root.items()) {
    if (item.is_null()) continue;
    absl::Status s;
    if (key == "id") {
      s = ReadString(item, "id", "the anomaly's id as a text", &anomaly.id);
    } else if (key == "detected") {
      s = ReadDate(item, "detected", &anomaly.detected);
      has_detected = true;
    } else if (key == "description") {
      s = ReadString(item, "description", "a text saying what happened", &anomaly.description);
    } else if (key == "implications") {
      if (!item.is_array()) {
        return FieldError("implications",
                          absl::StrCat("expected a list of texts, got ", Shown(item)));
      }
      for (size_t i = 0; i < item.size(); ++i) {
        std::string text;
        if (absl::Status r =
                ReadString(item[i], absl::StrCat("implications[", i, "]"), "a text", &text);
            !r.ok()) {
          return r;
        }
        anomaly.implications.push_back(std::move(text));
      }
    } else if (key == "cause") {
      std::optional<RootCause> cause =
          item.is_string() ? parse_root_cause(item.get_ref<const std::string&>()) : std::nullopt;
      if (!cause) {
        return FieldError("cause",
                          absl::StrCat("expected one of ", CauseNames(), ", got ", Shown(item)));
      }
      anomaly.cause = *cause;
      has_cause = true;
    } else if (key == "cause_detail") {
      s = ReadString(item, "cause_detail", "a text", &anomaly.cause_detail);
    } else if (key == "measures") {
      if (!item.is_array()) {
        return FieldError("measures",
                          absl::StrCat("expected a list of measures, got ", Shown(item)));
      }
      for (size_t i = 0; i < item.size(); ++i) {
        CorrectiveMeasure measure;
        if (absl::Status r = ReadMeasure(item[i], absl::StrCat("measures[", i, "]"), &measure);
            !r.ok()) {
          return r;
        }
        anomaly.measures.push_back(std::move(measure));
      }
    } else {  // verification
      s = ReadPlan(item, &anomaly.verification);
    }
    if (!s.ok()) return s;
  }
  if (!has_detected) {
    return FieldError("detected", "missing (the date the anomaly was detected, YYYY-MM-DD)");
  }
  if (!has_cause) {
    return FieldError("cause",
                      absl::StrCat("missing (the root cause found: one of ", CauseNames(), ")"));
  }
  return anomaly;
}

// --- JSON output ----------------------------------------------------------

ordered_json Number(double v) { return std::isfinite(v) ? ordered_json(v) : ordered_json(nullptr); }
ordered_json TextOrNull(const std::string& s) {
  return s.empty() ? ordered_json(nullptr) : ordered_json(s);
}
ordered_json WindowJson(const std::optional<DateWindow>& w) {
  if (!w) return nullptr;
  ordered_json out = ordered_json::object();
  out["start"] = format_date(w->start);
  out["end"] = format_date(w->end);
  return out;
}

// --- tests ------------------------------------------------------------------

absl::Status CheckAlpha(double alpha, absl::string_view path) {
  if (!(alpha > 0 && alpha < 1)) {
    return FieldError(path, absl::StrCat(alpha,
                                         " is outside (0, 1) (a significance level such "
                                         "as 0.05)"));
  }
  return absl::OkStatus();
}

absl::Status CheckCount(int64_t count, int64_t n, absl::string_view side) {
  if (n < 0) return FieldError(absl::StrCat("n_", side), absl::StrCat("must be >= 0, got ", n));
  if (count < 0 || count > n) {
    return FieldError(absl::StrCat("count_", side),
                      absl::StrCat(count, " is outside 0..n_", side, " = ", n));
  }
  return absl::OkStatus();
}

absl::Status CheckDurations(absl::Span<const double> durations, absl::Span<const uint8_t> observed,
                            absl::string_view side) {
  if (observed.size() != durations.size()) {
    return FieldError(
        absl::StrCat("observed_", side),
        absl::StrCat(observed.size(), " values for ", durations.size(), " durations_", side));
  }
  for (size_t i = 0; i < durations.size(); ++i) {
    if (!std::isfinite(durations[i]) || durations[i] < 0) {
      return FieldError(absl::StrCat("durations_", side, "[", i, "]"),
                        absl::StrCat(durations[i], " is not a non-negative finite time"));
    }
    if (observed[i] > 1) {
      return FieldError(absl::StrCat("observed_", side, "[", i, "]"),
                        absl::StrCat(static_cast<int>(observed[i]),
                                     " is not 0 (still open, censored) or 1 (closed)"));
    }
  }
  return absl::OkStatus();
}

// Lifelines' median_survival_time_: the first time the Kaplan-Meier estimate
// is at or below 0.5 (with 1e-12 of rounding slack: S is a running product),
// +infinity if it never gets there.
absl::StatusOr<double> MedianSurvival(absl::Span<const double> durations,
                                      absl::Span<const uint8_t> observed) {
  absl::StatusOr<std::vector<KaplanMeierRow>> rows = kaplan_meier(durations, observed);
  if (!rows.ok()) return rows.status();
  for (const KaplanMeierRow& row : *rows) {
    if (row.survival <= 0.5 + 1e-12) return row.time;
  }
  return kInf;
}

// O - E of group `a` in the log-rank test of a against b: over the pooled
// distinct failure times, d_a - n_a d / n (the numerator logrank squares).
double ObservedMinusExpected(absl::Span<const double> durations_a,
                             absl::Span<const uint8_t> observed_a,
                             absl::Span<const double> durations_b,
                             absl::Span<const uint8_t> observed_b) {
  struct Subject {
    double time;
    bool in_a;
    bool failed;
  };
  std::vector<Subject> all;
  all.reserve(durations_a.size() + durations_b.size());
  for (size_t i = 0; i < durations_a.size(); ++i) {
    all.push_back({durations_a[i], true, observed_a[i] == 1});
  }
  for (size_t i = 0; i < durations_b.size(); ++i) {
    all.push_back({durations_b[i], false, observed_b[i] == 1});
  }
  std::sort(all.begin(), all.end(),
            [](const Subject& x, const Subject& y) { return x.time < y.time; });
  double n_a = static_cast<double>(durations_a.size());
  double n = static_cast<double>(all.size());
  double o_minus_e = 0;
  for (size_t i = 0; i < all.size();) {
    const double t = all[i].time;
    double d = 0, d_a = 0, left = 0, left_a = 0;
    for (; i < all.size() && all[i].time == t; ++i) {
      left += 1;
      left_a += all[i].in_a;
      d += all[i].failed;
      d_a += all[i].failed && all[i].in_a;
    }
    if (d > 0) o_minus_e += d_a - n_a * d / n;
    n -= left;
    n_a -= left_a;
  }
  return o_minus_e;
}

Verdict Decide(const Verification& v) {
  if (v.n_before < kMinObservationsPerSide || v.n_after < kMinObservationsPerSide) {
    return Verdict::kInconclusive;
  }
  return v.p_value < v.alpha && v.improved.value_or(false) ? Verdict::kEffective
                                                           : Verdict::kNotEffective;
}

}  // namespace

absl::string_view root_cause_name(RootCause cause) {
  switch (cause) {
    case RootCause::kStaffShortage:
      return "staff_shortage";
    case RootCause::kUnplannedAbsence:
      return "unplanned_absence";
    case RootCause::kDemandSpike:
      return "demand_spike";
    case RootCause::kProductDefect:
      return "product_defect";
    case RootCause::kSupplier:
      return "supplier";
    case RootCause::kProcess:
      return "process";
    case RootCause::kOther:
      return "other";
  }
  return "unknown";
}

std::optional<RootCause> parse_root_cause(absl::string_view name) {
  for (RootCause c : kCauses) {
    if (root_cause_name(c) == name) return c;
  }
  return std::nullopt;
}

absl::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kEffective:
      return "effective";
    case Verdict::kNotEffective:
      return "not_effective";
    case Verdict::kInconclusive:
      return "inconclusive";
  }
  return "unknown";
}

absl::string_view effect_test_name(EffectTest test) {
  return test == EffectTest::kTwoProportionZ ? "two_proportion_z" : "logrank";
}

absl::Status validate_anomaly(const Anomaly& anomaly,
                              absl::Span<const absl::string_view> known_kpis) {
  if (anomaly.id.empty()) return FieldError("id", "missing (the anomaly's id)");
  if (anomaly.description.empty()) return FieldError("description", "missing (what happened)");
  if (anomaly.implications.empty()) {
    return FieldError("implications",
                      "missing (document at least one implication for the service: seed 003 "
                      "step 1)");
  }
  for (size_t i = 0; i < anomaly.implications.size(); ++i) {
    if (anomaly.implications[i].empty()) {
      return FieldError(absl::StrCat("implications[", i, "]"), "empty (write the implication)");
    }
  }
  if (!parse_root_cause(root_cause_name(anomaly.cause))) {
    return FieldError("cause",
                      absl::StrCat("not a root cause (expected one of ", CauseNames(), ")"));
  }
  for (size_t i = 0; i < anomaly.measures.size(); ++i) {
    const CorrectiveMeasure& m = anomaly.measures[i];
    const std::string path = absl::StrCat("measures[", i, "]");
    if (m.description.empty()) return FieldError(path + ".description", "missing (what was done)");
    if (m.date < anomaly.detected) {
      return FieldError(path + ".date",
                        absl::StrCat(format_date(m.date), " is before the anomaly was detected (",
                                     format_date(anomaly.detected), ")"));
    }
  }
  const VerificationPlan& plan = anomaly.verification;
  const std::string kpis = absl::StrCat("expected one of ", absl::StrJoin(known_kpis, ", "));
  if (plan.kpi.empty()) {
    return FieldError("verification.kpi", absl::StrCat("missing (the KPI to compare: ", kpis, ")"));
  }
  if (std::find(known_kpis.begin(), known_kpis.end(), plan.kpi) == known_kpis.end()) {
    return FieldError("verification.kpi",
                      absl::StrCat("unknown KPI \"", plan.kpi, "\" (", kpis, ")"));
  }
  if (absl::Status s = CheckAlpha(plan.alpha, "verification.alpha"); !s.ok()) return s;
  return CheckWindows(anomaly);
}

absl::StatusOr<Anomaly> parse_anomaly(absl::string_view text,
                                      absl::Span<const absl::string_view> known_kpis) {
  return catalog_internal::ParseValidated<Anomaly>(
      text, "anomaly", ReadAnomaly,
      [known_kpis](const Anomaly& a) { return validate_anomaly(a, known_kpis); });
}

std::string anomaly_to_json(const Anomaly& anomaly) {
  ordered_json out = ordered_json::object();
  out["id"] = anomaly.id;
  out["detected"] = format_date(anomaly.detected);
  out["description"] = anomaly.description;
  out["implications"] = anomaly.implications;
  out["cause"] = root_cause_name(anomaly.cause);
  out["cause_detail"] = TextOrNull(anomaly.cause_detail);
  out["measures"] = ordered_json::array();
  for (const CorrectiveMeasure& m : anomaly.measures) {
    ordered_json row = ordered_json::object();
    row["description"] = m.description;
    row["date"] = format_date(m.date);
    out["measures"].push_back(std::move(row));
  }
  const VerificationPlan& plan = anomaly.verification;
  ordered_json verification = ordered_json::object();
  verification["kpi"] = plan.kpi;
  verification["product"] = TextOrNull(plan.product);
  verification["before"] = WindowJson(plan.before);
  verification["after"] = WindowJson(plan.after);
  verification["alpha"] = Number(plan.alpha);
  out["verification"] = std::move(verification);
  // `replace` only keeps an unvalidated (non-UTF-8) record from throwing.
  return out.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

absl::StatusOr<ComparisonWindows> comparison_windows(const Anomaly& anomaly, Date as_of) {
  if (absl::Status s = CheckWindows(anomaly); !s.ok()) return s;
  const VerificationPlan& plan = anomaly.verification;
  DateWindow after;
  if (plan.after) {
    after = *plan.after;
  } else {
    std::optional<Date> last = LastMeasureDate(anomaly);
    if (!last) {
      return absl::FailedPreconditionError(
          "nothing to verify: no measure (record the measures taken, or give "
          "verification.before and verification.after)");
    }
    after = {*last, as_of};
  }
  if (after.start > as_of) {
    return absl::FailedPreconditionError(
        absl::StrCat("verification.after: starts ", format_date(after.start),
                     plan.after ? "" : " (the date of the last measure)", ", after as_of ",
                     format_date(as_of), ": nothing to compare yet"));
  }
  after.end = std::min(after.end, as_of);
  DateWindow before;
  if (plan.before) {
    before = *plan.before;
  } else {
    const int64_t days = after.end - after.start + 1;
    before = {after.start - days, after.start - 1};
  }
  return ComparisonWindows{before, after};
}

absl::StatusOr<ZTest> two_proportion_ztest(int64_t count_before, int64_t n_before,
                                           int64_t count_after, int64_t n_after) {
  if (absl::Status s = CheckCount(count_before, n_before, "before"); !s.ok()) return s;
  if (absl::Status s = CheckCount(count_after, n_after, "after"); !s.ok()) return s;
  if (n_before < 1) return FieldError("n_before", "must be at least 1, got 0");
  if (n_after < 1) return FieldError("n_after", "must be at least 1, got 0");
  const double nb = static_cast<double>(n_before), na = static_cast<double>(n_after);
  const double pooled = static_cast<double>(count_before + count_after) / (nb + na);
  if (pooled <= 0 || pooled >= 1) return ZTest{0.0, 1.0};
  const double se = std::sqrt(pooled * (1 - pooled) * (1 / nb + 1 / na));
  const double z =
      (static_cast<double>(count_after) / na - static_cast<double>(count_before) / nb) / se;
  return ZTest{z, std::erfc(std::abs(z) / std::sqrt(2.0))};
}

absl::StatusOr<Verification> verify_rate(int64_t count_before, int64_t n_before,
                                         int64_t count_after, int64_t n_after, Better better,
                                         double alpha) {
  if (absl::Status s = CheckCount(count_before, n_before, "before"); !s.ok()) return s;
  if (absl::Status s = CheckCount(count_after, n_after, "after"); !s.ok()) return s;
  if (absl::Status s = CheckAlpha(alpha, "alpha"); !s.ok()) return s;
  Verification v;
  v.test = EffectTest::kTwoProportionZ;
  v.better = better;
  v.n_before = n_before;
  v.n_after = n_after;
  v.alpha = alpha;
  if (n_before > 0) v.value_before = static_cast<double>(count_before) / n_before;
  if (n_after > 0) v.value_after = static_cast<double>(count_after) / n_after;
  if (n_before > 0 && n_after > 0) {
    absl::StatusOr<ZTest> z = two_proportion_ztest(count_before, n_before, count_after, n_after);
    if (!z.ok()) return z.status();
    v.statistic = z->z;
    v.p_value = z->p_value;
    if (z->z != 0) v.improved = (z->z > 0) == (better == Better::kHigher);
  }
  v.verdict = Decide(v);
  return v;
}

absl::StatusOr<Verification> verify_durations(absl::Span<const double> durations_before,
                                              absl::Span<const uint8_t> observed_before,
                                              absl::Span<const double> durations_after,
                                              absl::Span<const uint8_t> observed_after,
                                              double alpha) {
  if (absl::Status s = CheckDurations(durations_before, observed_before, "before"); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckDurations(durations_after, observed_after, "after"); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckAlpha(alpha, "alpha"); !s.ok()) return s;
  Verification v;
  v.test = EffectTest::kLogRank;
  v.better = Better::kLower;
  v.n_before = static_cast<int64_t>(durations_before.size());
  v.n_after = static_cast<int64_t>(durations_after.size());
  v.alpha = alpha;
  if (!durations_before.empty()) {
    absl::StatusOr<double> median = MedianSurvival(durations_before, observed_before);
    if (!median.ok()) return median.status();
    v.value_before = *median;
  }
  if (!durations_after.empty()) {
    absl::StatusOr<double> median = MedianSurvival(durations_after, observed_after);
    if (!median.ok()) return median.status();
    v.value_after = *median;
  }
  if (!durations_before.empty() && !durations_after.empty()) {
    absl::StatusOr<LogRank> test =
        logrank(durations_after, observed_after, durations_before, observed_before);
    if (!test.ok()) return test.status();
    v.statistic = test->chi2;
    v.p_value = test->p_value;
    // More closures after than expected under equal hazards: cases close faster.
    const double o_minus_e =
        ObservedMinusExpected(durations_after, observed_after, durations_before, observed_before);
    // (A difference of rounding size is no direction.)
    if (std::abs(o_minus_e) > 1e-9) v.improved = o_minus_e > 0;
  }
  v.verdict = Decide(v);
  return v;
}

std::string verification_to_json(const Verification& v) {
  ordered_json out = ordered_json::object();
  out["test"] = effect_test_name(v.test);
  out["direction"] = better_name(v.better);
  out["n_before"] = v.n_before;
  out["n_after"] = v.n_after;
  out["value_before"] = Number(v.value_before);
  out["value_after"] = Number(v.value_after);
  out["statistic"] = Number(v.statistic);
  out["p_value"] = Number(v.p_value);
  out["alpha"] = Number(v.alpha);
  out["improved"] = v.improved ? ordered_json(*v.improved) : ordered_json(nullptr);
  out["verdict"] = verdict_name(v.verdict);
  return out.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace postventa
