// The follow-up planner (SPEC §6): facts -> rule dates -> suppression and the
// per-customer contact cap -> the contacts of a window.
//
// Customers are independent, so the plan is built one customer at a time on
// small index records (no strings): the customer's candidate contacts are
// sorted in placement order (priority, highest first; then rule date,
// touchpoint, unit) and placed one by one on a sorted list of the days already
// used. Strings are materialised only for the contacts inside [from, to].
//
// Window independence. Contacts are placed from the customer's earliest fact,
// so everything before `from` is planned exactly as in a larger window. After
// `to`, the candidates are cut at a horizon H: a contact placed on day p only
// matters to the days within 29 of p, and it is placed after every contact of
// higher priority. Compare the cut plan with the plan of any later horizon:
// they differ only by candidates dated after H, which come last within their
// priority level. After the highest level the two agree on every day <= H;
// a contact of the next level lands on the same day in both as long as that
// day is <= H - 29 (every day it tried saw the same neighbourhood), so after
// that level they agree on every day <= H - 29, and so on: after m levels they
// agree up to H - 29 (m - 1). H = to + 29 (m - 1), with m the number of distinct
// priorities, makes the plan of [from, to] exact. The same holds when a
// contact that the cap pushes past H is left out, whatever its level: the two
// plans then differ only after H as well.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "followup/internal/rules.h"
#include "postventa/followup.h"
#include "postventa/time.h"

namespace postventa {
namespace {

constexpr int64_t kCapWindowDays = 30;

// A rule with everything the hot loop needs in place.
struct CompiledRule {
  const FollowupRule* rule = nullptr;
  int64_t offset = 0;
  bool working = false;
  int every_months = 0;  // 0: not repeating
  int priority = 0;
  int touchpoint = 0;  // rank of the touchpoint name among all rule sets' touchpoints
  bool suppressed = false;
  bool conditional = false;  // has a `when`
};

struct CompiledSet {
  const Calendar* calendar = nullptr;
  int max_contacts = 0;
  std::vector<std::vector<int>> by_trigger;  // trigger id -> indices into the rule table
};

// A contact before placement: indices only.
struct Candidate {
  int64_t day;  // the rule's date, in days since 1970-01-01
  int priority;
  int touchpoint;
  int unit;  // rank of the unit name among the customer's units
  int rule;  // index into the rule table
  int fact;  // index into facts
};

// Placement order: highest priority first, then rule date, touchpoint, unit;
// rule and fact only make the order total.
bool PlacedBefore(const Candidate& a, const Candidate& b) {
  if (a.priority != b.priority) return a.priority > b.priority;
  if (a.day != b.day) return a.day < b.day;
  if (a.touchpoint != b.touchpoint) return a.touchpoint < b.touchpoint;
  if (a.unit != b.unit) return a.unit < b.unit;
  if (a.rule != b.rule) return a.rule < b.rule;
  return a.fact < b.fact;
}

bool SameContact(const Candidate& a, const Candidate& b) {
  return a.day == b.day && a.touchpoint == b.touchpoint && a.unit == b.unit;
}

// A contact inside the output window.
struct Planned {
  int64_t day;
  int64_t rule_day;
  int rule;
  int fact;
};

// Monday = 0 .. Sunday = 6; 1970-01-01 was a Thursday.
int WeekdayOfEpochDay(int64_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7); }

// The n-th working day after `day` (before it when n < 0), Monday to Friday.
int64_t AddWeekdays(int64_t day, int64_t n) {
  int wd = WeekdayOfEpochDay(day);
  if (n == 0) return wd == 5 ? day + 2 : wd == 6 ? day + 1 : day;
  if (n > 0) {
    // From a weekend, count as from the Friday before it.
    if (wd >= 5) {
      day -= wd - 4;
      wd = 4;
    }
    day += (n / 5) * 7;
    for (int64_t r = n % 5; r > 0;) {
      ++day;
      wd = (wd + 1) % 7;
      if (wd < 5) --r;
    }
    return day;
  }
  // From a weekend, count as from the Monday after it.
  if (wd >= 5) {
    day += 7 - wd;
    wd = 0;
  }
  const int64_t m = -n;
  day -= (m / 5) * 7;
  for (int64_t r = m % 5; r > 0;) {
    --day;
    wd = (wd + 6) % 7;
    if (wd < 5) --r;
  }
  return day;
}

absl::StatusOr<int64_t> AddWorkingDays(const Calendar* calendar, int64_t day, int64_t n) {
  if (calendar == nullptr) return AddWeekdays(day, n);
  if (n >= 0) {
    absl::StatusOr<Date> d = calendar->add_business_days(from_epoch_days(day), n);
    if (!d.ok()) return d.status();
    return to_epoch_days(*d);
  }
  for (int64_t left = -n; left > 0;) {
    --day;
    absl::StatusOr<bool> working = calendar->is_working_day(from_epoch_days(day));
    if (!working.ok()) return working.status();
    if (*working) --left;
  }
  return day;
}

absl::StatusOr<int64_t> RuleDay(const CompiledRule& rule, const Calendar* calendar,
                                int64_t anchor) {
  if (!rule.working) return anchor + rule.offset;
  return AddWorkingDays(calendar, anchor, rule.offset);
}

bool Matches(const FollowupCondition& when, const LifecycleFact& fact) {
  if (!when.by.empty() && fact.by != when.by) return false;
  if (when.product_training && *when.product_training != fact.product_training) return false;
  if (!when.instrument.empty() && fact.instrument != when.instrument) return false;
  if (when.min_score && (!fact.score || !(*fact.score >= *when.min_score))) return false;
  if (when.max_score && (!fact.score || !(*fact.score <= *when.max_score))) return false;
  return true;
}

// The largest s in [d - 29, d] whose window [s, s + 29] already holds `cap`
// contacts, or nullopt when every window containing d has room. `placed` is
// sorted. A window [s, s + 29] holds the cap when some `cap` consecutive
// placed days L[i] .. L[i + cap - 1] fit in it: s in [L[i + cap - 1] - 29, L[i]].
std::optional<int64_t> LastFullWindowStart(const std::vector<int64_t>& placed, int64_t d,
                                           size_t cap) {
  const auto first =
      std::lower_bound(placed.begin(), placed.end(), d - (kCapWindowDays - 1)) - placed.begin();
  const auto last =
      std::upper_bound(placed.begin(), placed.end(), d + (kCapWindowDays - 1)) - placed.begin();
  if (static_cast<size_t>(last - first) < cap) return std::nullopt;
  std::optional<int64_t> best;
  for (auto i = first; i + static_cast<ptrdiff_t>(cap) - 1 < last; ++i) {
    const int64_t lo =
        std::max(placed[i + cap - 1] - (kCapWindowDays - 1), d - (kCapWindowDays - 1));
    const int64_t hi = std::min(placed[i], d);
    if (lo <= hi && (!best || hi > *best)) best = hi;
  }
  return best;
}

// Input items gathered by customer id (a counting sort; items keep their order).
struct Buckets {
  std::vector<int> start;  // customer c's items are index[start[c] .. start[c + 1])
  std::vector<int> index;

  void Build(const std::vector<int>& customer_of, int customers) {
    start.assign(static_cast<size_t>(customers) + 1, 0);
    for (int c : customer_of) {
      if (c >= 0) ++start[static_cast<size_t>(c) + 1];
    }
    for (size_t c = 0; c < static_cast<size_t>(customers); ++c) start[c + 1] += start[c];
    index.assign(static_cast<size_t>(start.back()), 0);
    std::vector<int> fill(start.begin(), start.end() - 1);
    for (size_t i = 0; i < customer_of.size(); ++i) {
      const int c = customer_of[i];
      if (c >= 0) index[static_cast<size_t>(fill[static_cast<size_t>(c)]++)] = static_cast<int>(i);
    }
  }
  absl::Span<const int> Of(int c) const {
    return absl::MakeConstSpan(index).subspan(static_cast<size_t>(start[static_cast<size_t>(c)]),
                                              static_cast<size_t>(start[c + 1] - start[c]));
  }
};

}  // namespace

Date followup_horizon(absl::Span<const RuleSetRef> rule_sets, Date to) {
  std::vector<int> priorities;
  for (const RuleSetRef& ref : rule_sets) {
    if (ref.rules == nullptr) continue;
    for (const FollowupRule& rule : ref.rules->rules) priorities.push_back(rule.priority);
  }
  std::sort(priorities.begin(), priorities.end());
  const int64_t levels = std::unique(priorities.begin(), priorities.end()) - priorities.begin();
  return to + (kCapWindowDays - 1) * std::max<int64_t>(levels - 1, 0);
}

absl::StatusOr<std::vector<Contact>> plan_followups(absl::Span<const RuleSetRef> rule_sets,
                                                    absl::Span<const LifecycleFact> facts,
                                                    absl::Span<const ComplaintSpan> complaints,
                                                    absl::Span<const ContactMade> made, Date from,
                                                    Date to) {
  if (from > to) {
    return absl::InvalidArgumentError(
        absl::StrCat("to: ", format_date(to), " is before from: ", format_date(from)));
  }
  const int64_t from_day = to_epoch_days(from), to_day = to_epoch_days(to);

  // Rule sets -> one rule table, rules grouped by trigger.
  std::vector<CompiledRule> rules;
  std::vector<CompiledSet> sets(rule_sets.size());
  std::vector<absl::string_view> touchpoints;
  for (size_t i = 0; i < rule_sets.size(); ++i) {
    const RuleSetRef& ref = rule_sets[i];
    if (ref.rules == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("rule_sets[", i, "].rules: null (expected a rule set)"));
    }
    if (absl::Status s = validate_followup_rules(*ref.rules); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("rule_sets[", i, "].", s.message()));
    }
    if (!ref.rules->calendar.empty() && ref.calendar == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("rule_sets[", i, "].calendar: rule set \"",
                                                     ref.rules->name, "\" names calendar \"",
                                                     ref.rules->calendar, "\" but none was given"));
    }
    sets[i].calendar = ref.calendar;
    sets[i].max_contacts = ref.rules->max_contacts_per_30_days;
    sets[i].by_trigger.resize(static_cast<size_t>(followup_internal::TriggerCount()));
    for (const FollowupRule& rule : ref.rules->rules) {
      CompiledRule& c = rules.emplace_back();
      c.rule = &rule;
      c.working = rule.offset_working_days.has_value();
      c.offset = c.working ? *rule.offset_working_days : rule.offset_days;
      c.every_months = rule.every_months.value_or(0);
      c.priority = rule.priority;
      c.suppressed = followup_category_suppressed(rule.category);
      c.conditional = !rule.when.empty();
      sets[i].by_trigger[static_cast<size_t>(followup_internal::TriggerId(rule.after))].push_back(
          static_cast<int>(rules.size() - 1));
      touchpoints.push_back(rule.touchpoint);
    }
  }
  std::sort(touchpoints.begin(), touchpoints.end());
  touchpoints.erase(std::unique(touchpoints.begin(), touchpoints.end()), touchpoints.end());
  for (CompiledRule& c : rules) {
    c.touchpoint = static_cast<int>(
        std::lower_bound(touchpoints.begin(), touchpoints.end(), c.rule->touchpoint) -
        touchpoints.begin());
  }
  const int64_t horizon = to_epoch_days(followup_horizon(rule_sets, to));
  // Duplicates (same unit, touchpoint and rule date) are adjacent in placement
  // order unless one touchpoint has rules of different priorities.
  bool cross_priority_duplicates = false;
  {
    std::vector<std::pair<int, int>> tp_priority;
    for (const CompiledRule& c : rules) tp_priority.emplace_back(c.touchpoint, c.priority);
    std::sort(tp_priority.begin(), tp_priority.end());
    for (size_t i = 1; i < tp_priority.size(); ++i) {
      cross_priority_duplicates |= tp_priority[i].first == tp_priority[i - 1].first &&
                                   tp_priority[i].second != tp_priority[i - 1].second;
    }
  }

  // Customers -> dense ids; facts, complaints and contacts made by customer.
  absl::flat_hash_map<absl::string_view, int> customer_ids;
  std::vector<absl::string_view> customer_names;
  const std::vector<std::string> trigger_names = followup_triggers();
  absl::flat_hash_map<absl::string_view, int> trigger_ids;
  for (const std::string& name : trigger_names) {
    trigger_ids.emplace(name, followup_internal::TriggerId(name));
  }
  std::vector<int> fact_customer(facts.size()), fact_trigger(facts.size());
  for (size_t i = 0; i < facts.size(); ++i) {
    const LifecycleFact& f = facts[i];
    if (f.rule_set < 0 || static_cast<size_t>(f.rule_set) >= rule_sets.size()) {
      return absl::InvalidArgumentError(absl::StrCat("facts[", i, "].rule_set: ", f.rule_set,
                                                     " is out of range (", rule_sets.size(),
                                                     " rule sets given)"));
    }
    if (f.customer.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("facts[", i, "].customer: must not be empty"));
    }
    // The ledger lists a customer's facts together: most lookups repeat the
    // previous fact's customer and often its trigger.
    if (i > 0 && f.after == facts[i - 1].after) {
      fact_trigger[i] = fact_trigger[i - 1];
    } else {
      const auto trigger = trigger_ids.find(f.after);
      if (trigger == trigger_ids.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("facts[", i, "].after: unknown trigger \"", f.after,
                         "\" (expected one of the names of followup_triggers())"));
      }
      fact_trigger[i] = trigger->second;
    }
    if (i > 0 && f.customer == facts[i - 1].customer) {
      fact_customer[i] = fact_customer[i - 1];
    } else {
      const auto [it, inserted] =
          customer_ids.try_emplace(f.customer, static_cast<int>(customer_names.size()));
      if (inserted) customer_names.push_back(f.customer);
      fact_customer[i] = it->second;
    }
  }
  const int customers = static_cast<int>(customer_names.size());
  auto customer_of = [&](const std::string& name) {
    const auto it = customer_ids.find(name);
    return it == customer_ids.end() ? -1 : it->second;
  };
  std::vector<int> complaint_customer(complaints.size()), made_customer(made.size());
  for (size_t i = 0; i < complaints.size(); ++i) {
    const ComplaintSpan& span = complaints[i];
    if (span.resolved && *span.resolved < span.opened) {
      return absl::InvalidArgumentError(
          absl::StrCat("complaints[", i, "].resolved: ", format_date(*span.resolved),
                       " is before opened ", format_date(span.opened)));
    }
    complaint_customer[i] = customer_of(span.customer);
  }
  for (size_t i = 0; i < made.size(); ++i) made_customer[i] = customer_of(made[i].customer);
  Buckets fact_buckets;
  fact_buckets.Build(fact_customer, customers);
  Buckets complaint_buckets;
  complaint_buckets.Build(complaint_customer, customers);
  Buckets made_buckets;
  made_buckets.Build(made_customer, customers);

  // Plan each customer.
  std::vector<Planned> planned;
  std::vector<absl::string_view> units;  // the customer's, in order of appearance
  std::vector<int> fact_unit, unit_order, unit_rank;
  std::vector<Candidate> candidates;
  std::vector<char> duplicate;
  std::vector<int64_t> placed;
  std::vector<std::pair<int64_t, int64_t>> open;  // complaint spans [opened, resolved)
  for (int customer = 0; customer < customers; ++customer) {
    const absl::Span<const int> mine = fact_buckets.Of(customer);
    // The customer's distinct units, then each fact's unit as its rank in name
    // order. A customer has few units and its facts come unit by unit, so a
    // fact usually names the previous fact's unit.
    units.clear();
    fact_unit.clear();
    size_t cap = std::numeric_limits<size_t>::max();
    for (size_t k = 0; k < mine.size(); ++k) {
      const LifecycleFact& fact = facts[static_cast<size_t>(mine[k])];
      cap =
          std::min(cap, static_cast<size_t>(sets[static_cast<size_t>(fact.rule_set)].max_contacts));
      if (k > 0 && fact.unit == facts[static_cast<size_t>(mine[k - 1])].unit) {
        fact_unit.push_back(fact_unit.back());
        continue;
      }
      const auto seen = std::find(units.begin(), units.end(), absl::string_view(fact.unit));
      fact_unit.push_back(static_cast<int>(seen - units.begin()));
      if (seen == units.end()) units.push_back(fact.unit);
    }
    unit_order.resize(units.size());
    for (size_t u = 0; u < units.size(); ++u) unit_order[u] = static_cast<int>(u);
    std::sort(unit_order.begin(), unit_order.end(), [&](int a, int b) {
      return units[static_cast<size_t>(a)] < units[static_cast<size_t>(b)];
    });
    unit_rank.resize(units.size());
    for (size_t r = 0; r < unit_order.size(); ++r) {
      unit_rank[static_cast<size_t>(unit_order[r])] = static_cast<int>(r);
    }

    candidates.clear();
    for (size_t k = 0; k < mine.size(); ++k) {
      const int f = mine[k];
      const LifecycleFact& fact = facts[static_cast<size_t>(f)];
      const CompiledSet& set = sets[static_cast<size_t>(fact.rule_set)];
      const std::vector<int>& triggered = set.by_trigger[static_cast<size_t>(fact_trigger[f])];
      if (triggered.empty()) continue;
      const int unit = unit_rank[static_cast<size_t>(fact_unit[k])];
      const int64_t fact_day = to_epoch_days(fact.date);
      for (int r : triggered) {
        const CompiledRule& rule = rules[static_cast<size_t>(r)];
        if (rule.conditional && !Matches(rule.rule->when, fact)) continue;
        auto add = [&](int64_t anchor) -> absl::StatusOr<bool> {
          absl::StatusOr<int64_t> day = RuleDay(rule, set.calendar, anchor);
          if (!day.ok()) {
            return absl::Status(day.status().code(),
                                absl::StrCat("facts[", f, "]: rule \"", rule.rule->touchpoint,
                                             "\": ", day.status().message()));
          }
          if (*day > horizon) return false;
          candidates.push_back(Candidate{*day, rule.priority, rule.touchpoint, unit, r, f});
          return true;
        };
        if (rule.every_months == 0) {
          if (absl::StatusOr<bool> s = add(fact_day); !s.ok()) return s.status();
          continue;
        }
        // Occurrence dates never decrease with k: stop at the first past the horizon.
        for (int64_t k = 1;; ++k) {
          const Date anchor = add_months(fact.date, k * rule.every_months);
          absl::StatusOr<bool> added = add(to_epoch_days(anchor));
          if (!added.ok()) return added.status();
          if (!*added) break;
        }
      }
    }
    if (candidates.empty()) continue;
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate& a, const Candidate& b) { return PlacedBefore(a, b); });
    duplicate.assign(candidates.size(), 0);
    for (size_t i = 1; i < candidates.size(); ++i) {
      duplicate[i] = candidates[i].priority == candidates[i - 1].priority &&
                     SameContact(candidates[i], candidates[i - 1]);
    }
    if (cross_priority_duplicates) {
      std::vector<size_t> by_contact(candidates.size());
      for (size_t i = 0; i < by_contact.size(); ++i) by_contact[i] = i;
      std::sort(by_contact.begin(), by_contact.end(), [&](size_t a, size_t b) {
        const Candidate &x = candidates[a], &y = candidates[b];
        if (x.touchpoint != y.touchpoint) return x.touchpoint < y.touchpoint;
        if (x.unit != y.unit) return x.unit < y.unit;
        if (x.day != y.day) return x.day < y.day;
        return a < b;  // the first in placement order is kept
      });
      for (size_t i = 1; i < by_contact.size(); ++i) {
        if (SameContact(candidates[by_contact[i]], candidates[by_contact[i - 1]])) {
          duplicate[by_contact[i]] = 1;
        }
      }
    }

    placed.clear();
    for (int m : made_buckets.Of(customer)) {
      placed.push_back(to_epoch_days(made[static_cast<size_t>(m)].date));
    }
    std::sort(placed.begin(), placed.end());
    open.clear();
    for (int c : complaint_buckets.Of(customer)) {
      const ComplaintSpan& span = complaints[static_cast<size_t>(c)];
      open.emplace_back(to_epoch_days(span.opened), span.resolved
                                                        ? to_epoch_days(*span.resolved)
                                                        : std::numeric_limits<int64_t>::max());
    }
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (duplicate[i]) continue;
      const Candidate& c = candidates[i];
      // Pushed past the horizon, a contact cannot reach back into the window
      // (the argument at the top holds for contacts left out at any level):
      // leaving it out keeps a customer with thousands of units from walking
      // its contacts years ahead.
      int64_t day = c.day;
      std::optional<int64_t> full;
      while (day <= horizon && (full = LastFullWindowStart(placed, day, cap))) {
        day = *full + kCapWindowDays;
      }
      if (day > horizon) continue;
      if (rules[static_cast<size_t>(c.rule)].suppressed) {
        bool during_complaint = false;
        for (const auto& [opened, resolved] : open) {
          during_complaint |= opened <= day && day < resolved;
        }
        if (during_complaint) continue;  // dropped, not made later
      }
      placed.insert(std::upper_bound(placed.begin(), placed.end(), day), day);
      if (day >= from_day && day <= to_day) planned.push_back(Planned{day, c.day, c.rule, c.fact});
    }
  }

  // Build the window's contacts, then sort them through an index: the
  // comparisons read the contacts (compact) rather than the facts (scattered).
  std::vector<Contact> built(planned.size());
  for (size_t i = 0; i < planned.size(); ++i) {
    const Planned& p = planned[i];
    const LifecycleFact& fact = facts[static_cast<size_t>(p.fact)];
    const FollowupRule& rule = *rules[static_cast<size_t>(p.rule)].rule;
    Contact& c = built[i];
    c.date = from_epoch_days(p.day);
    c.customer = fact.customer;
    c.unit = fact.unit;
    c.touchpoint = rule.touchpoint;
    c.channel = rule.channel;
    c.priority = rule.priority;
    if (p.rule_day != p.day) c.moved_from = from_epoch_days(p.rule_day);
  }
  std::vector<uint32_t> order(built.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const Contact &a = built[x], &b = built[y];
    if (a.date != b.date) return a.date < b.date;
    if (a.customer != b.customer) return a.customer < b.customer;
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.touchpoint != b.touchpoint) return a.touchpoint < b.touchpoint;
    if (a.unit != b.unit) return a.unit < b.unit;
    if (a.channel != b.channel) return a.channel < b.channel;
    return a.moved_from < b.moved_from;
  });
  std::vector<Contact> out;
  out.reserve(built.size());
  for (uint32_t i : order) out.push_back(std::move(built[i]));
  return out;
}

}  // namespace postventa
