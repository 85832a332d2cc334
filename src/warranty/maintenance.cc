// Maintenance due dates (SPEC §4): fixed grids and completion-anchored plans,
// "whichever comes first" across time and usage triggers, shifted off
// non-working days with the plan's calendar.
#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/time.h"
#include "postventa/warranty.h"
#include "warranty/internal/unit_facts.h"

namespace postventa {
namespace warranty_internal {
namespace {

// Usage as a piecewise-linear function of the date through (start, 0) and the
// readings, extrapolated past the last reading at the average rate so far
// ("linear rate over the readings so far"). Returns nullopt without a rate.
double UsageAt(const UnitFacts& facts, Date start, Date date) {
  Date prev_date = start;
  double prev_value = 0;
  for (const Reading& r : facts.readings) {
    if (date <= r.date) {
      if (r.date == prev_date) return r.value;
      return prev_value + (r.value - prev_value) * static_cast<double>(date - prev_date) /
                              static_cast<double>(r.date - prev_date);
    }
    prev_date = r.date;
    prev_value = r.value;
  }
  const int64_t days = prev_date - start;
  if (days <= 0) return prev_value;
  return prev_value +
         prev_value / static_cast<double>(days) * static_cast<double>(date - prev_date);
}

// The first date on which the projected usage reaches `target`, or nullopt when
// the readings give no positive rate. A due date is the first day the target is met.
std::optional<Date> ProjectUsage(const UnitFacts& facts, Date start, double target) {
  Date prev_date = start;
  double prev_value = 0;
  for (const Reading& r : facts.readings) {
    if (r.value >= target && r.value > prev_value) {
      const double frac = (target - prev_value) / (r.value - prev_value);
      return prev_date +
             static_cast<int64_t>(std::ceil(frac * static_cast<double>(r.date - prev_date)));
    }
    prev_date = r.date;
    prev_value = r.value;
  }
  const int64_t days = prev_date - start;
  if (days <= 0 || prev_value <= 0) return std::nullopt;
  const double rate = prev_value / static_cast<double>(days);
  const double more_days = std::ceil((target - prev_value) / rate);
  if (!(more_days < 1e6)) return std::nullopt;  // beyond any horizon that matters
  return prev_date + static_cast<int64_t>(more_days);
}

Date Shift(Date due, DateShift shift, const Calendar* calendar) {
  if (shift == DateShift::kNone || calendar == nullptr) return due;
  absl::StatusOr<bool> working = calendar->is_working_day(due);
  if (!working.ok() || *working) return due;
  if (shift == DateShift::kNextWorkingDay) {
    absl::StatusOr<Date> next = calendar->add_business_days(due, 0);
    return next.ok() ? *next : due;
  }
  // Previous working day: walk back (weeks without a working day are rare and
  // bounded by the calendar's range).
  Date d = due;
  for (int i = 0; i < 366; ++i) {
    d -= 1;
    absl::StatusOr<bool> w = calendar->is_working_day(d);
    if (!w.ok()) return due;
    if (*w) return d;
  }
  return due;
}

}  // namespace

std::optional<Date> MaintenanceStart(const Product& product, const UnitFacts& facts) {
  if (product.installation != InstallationMode::kNone && facts.first_installation) {
    return facts.first_installation->date;
  }
  return facts.delivery;
}

std::vector<Date> DueDatesThrough(const Product& product, const UnitFacts& facts, Date to,
                                  const Calendar* calendar) {
  std::vector<Date> dues;
  if (!product.maintenance) return dues;
  const MaintenancePlan& plan = *product.maintenance;
  const std::optional<Date> start = MaintenanceStart(product, facts);
  if (!start) return dues;

  // The next due counted from an anchor date (and the usage at it).
  auto next_from = [&](Date anchor, int64_t k) -> std::optional<Date> {
    std::optional<Date> best;
    auto take = [&](Date d) {
      if (!best || d < *best) best = d;
    };
    if (plan.every_months) take(add_months(anchor, int64_t{*plan.every_months} * k));
    if (plan.every_days) take(anchor + int64_t{*plan.every_days} * k);
    if (plan.every_usage) {
      const double target =
          UsageAt(facts, *start, anchor) + *plan.every_usage * static_cast<double>(k);
      if (std::optional<Date> u = ProjectUsage(facts, *start, target))
        take(std::max(*u, anchor + 1));
    }
    return best;
  };

  if (plan.anchor == MaintenanceAnchor::kFixed) {
    // Grid points start + k·interval; with several triggers the k-th due is the
    // first of them to be reached.
    for (int64_t k = 1;; ++k) {
      const std::optional<Date> due = next_from(*start, k);
      if (!due || *due > to) break;
      dues.push_back(Shift(*due, plan.shift, calendar));
    }
    return dues;
  }
  // Completion anchor: the next due counts from the last maintenance done. A
  // completion before a due's grace window supersedes that due; one inside the
  // window meets it; a late one (after the window) leaves the due missed and
  // the next counts from it. With nothing done, later dues are projected as if
  // each were done on its date.
  Date anchor = *start;
  size_t i = 0;
  const auto& done = facts.maintenance;
  while (i < done.size() && done[i] <= anchor) ++i;
  for (;;) {
    const std::optional<Date> due = next_from(anchor, 1);
    if (!due || *due > to) break;
    if (i < done.size() && done[i] < *due - plan.grace_days) {
      anchor = done[i++];
      continue;
    }
    dues.push_back(Shift(*due, plan.shift, calendar));
    if (i < done.size()) {
      anchor = done[i++];
    } else {
      anchor = *due;
    }
  }
  return dues;
}

absl::Status CheckWindow(Date from, Date to) {
  if (to >= from) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("end: ", format_date(to), " is before start ", format_date(from)));
}

std::vector<Date> DueDatesIn(const Product& product, absl::Span<const FactRecord* const> history,
                             Date from, Date to, const Calendar* calendar) {
  std::vector<Date> out;
  for (const Date d : DueDatesThrough(product, CollectFacts(history, to), to, calendar)) {
    if (d >= from && d <= to) out.push_back(d);
  }
  return out;
}

namespace {

// True when a maintenance was done in [due - grace, due + grace].
bool MetInWindow(absl::Span<const Date> done, Date due, int grace) {
  auto it = std::lower_bound(done.begin(), done.end(), due - grace);
  return it != done.end() && *it <= due + grace;
}

bool Ended(const UnitFacts& facts) { return facts.retired || facts.replaced || facts.refunded; }

}  // namespace

void AppendDueItems(const Product& product, const UnitFacts& facts, Date on, int horizon_days,
                    const Calendar* calendar, std::vector<DueItem>* out) {
  if (!product.maintenance || Ended(facts)) return;
  const int grace = product.maintenance->grace_days;
  const Date last = on + horizon_days;
  bool overdue_listed = false;
  for (const Date due : DueDatesThrough(product, facts, last, calendar)) {
    if (MetInWindow(facts.maintenance, due, grace)) continue;
    if (due + grace < on) {
      // Missed. Overdue until a maintenance is done after its window closed;
      // one line per unit: the visit that clears it is the same.
      const bool done_since = !facts.maintenance.empty() && facts.maintenance.back() > due + grace;
      if (!done_since && !overdue_listed) {
        out->push_back(DueItem{due, true});
        overdue_listed = true;
      }
      continue;
    }
    out->push_back(DueItem{due, false});
  }
}

Compliance MaintenanceCompliance(const Product& product, const UnitFacts& facts, Date on,
                                 const Calendar* calendar) {
  Compliance c;
  if (!product.maintenance) return c;
  const int grace = product.maintenance->grace_days;
  // A unit that left the field owes no maintenance after it left.
  Date until = on;
  for (const std::optional<Date>& end : {facts.retired, facts.replaced, facts.refunded}) {
    if (end && *end < until) until = *end;
  }
  for (const Date due : DueDatesThrough(product, facts, until, calendar)) {
    if (due + grace >= until) break;  // its window is still open
    ++c.due;
    if (MetInWindow(facts.maintenance, due, grace)) ++c.met;
  }
  return c;
}

std::optional<Date> FirstMissedDue(const Product& product, const UnitFacts& facts, Date claim_date,
                                   const Calendar* calendar) {
  if (!product.maintenance) return std::nullopt;
  const int grace = product.maintenance->grace_days;
  for (const Date due : DueDatesThrough(product, facts, claim_date, calendar)) {
    if (due + grace >= claim_date) break;  // its window is still open on the claim date
    if (!MetInWindow(facts.maintenance, due, grace)) return due;
  }
  return std::nullopt;
}

}  // namespace warranty_internal

absl::StatusOr<std::vector<Date>> maintenance_due_dates(const Product& product,
                                                        absl::Span<const Event> history, Date from,
                                                        Date to, const Calendar* calendar) {
  if (absl::Status s = warranty_internal::CheckWindow(from, to); !s.ok()) return s;
  const warranty_internal::FactView view = warranty_internal::ViewOf(history);
  return warranty_internal::DueDatesIn(product, view.pointers, from, to, calendar);
}

}  // namespace postventa
