// The warranty decision (SPEC §2.3): a pure function of a product's policies and
// a unit's history. Each policy is evaluated on its own (start, void rules,
// suspension, post-repair cover, repeat failure); then, per component, the
// policy in force with the highest percent grants it, and the policy granting
// the largest amount of the quote is the basis.
#include "postventa/warranty.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nlohmann/json.hpp"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/time.h"
#include "warranty/internal/unit_facts.h"

namespace postventa {
namespace warranty_internal {

absl::string_view FactText(const Event& e) {
  switch (e.type) {
    case EventType::kSold:
      return e.product;
    case EventType::kRepairReceived:
      return e.fault;
    case EventType::kExtensionPurchased:
      return e.policy;
    case EventType::kComplaintOpened:
    case EventType::kComplaintResolved:
      return e.customer;
    case EventType::kCaseOpened:
    case EventType::kCasePriority:
      return e.priority;
    case EventType::kCaseStatus:
      return e.status;
    default:
      return {};
  }
}

FactRecord FactOf(const Event& e) {
  FactRecord r;
  r.date = e.date;
  r.type = e.type;
  r.by_customer = e.type == EventType::kInstalled && e.by == "customer";
  r.text = FactText(e);
  if (e.usage) r.usage = *e.usage;
  return r;
}

FactView ViewOf(absl::Span<const Event> history) {
  FactView view;
  view.records.reserve(history.size());
  for (const Event& e : history) view.records.push_back(FactOf(e));
  view.pointers.reserve(view.records.size());
  for (const FactRecord& r : view.records) view.pointers.push_back(&r);
  return view;
}

UnitFacts CollectFacts(absl::Span<const FactRecord* const> history, Date through) {
  UnitFacts f;
  for (const FactRecord* record : history) {
    const FactRecord& e = *record;
    if (e.date > through) continue;
    const bool has_usage = !std::isnan(e.usage);
    switch (e.type) {
      case EventType::kSold:
        if (!f.sale) f.sale = e.date;
        break;
      case EventType::kDelivered:
        if (!f.delivery) f.delivery = e.date;
        break;
      case EventType::kInstalled:
        if (!f.first_installation) f.first_installation = Installation{e.date, e.by_customer};
        f.installed_by_customer = f.installed_by_customer || e.by_customer;
        break;
      case EventType::kMaintenanceDone:
        f.maintenance.push_back(e.date);
        if (has_usage) f.readings.push_back(Reading{e.date, e.usage});
        break;
      case EventType::kUsageReading:
        if (has_usage) f.readings.push_back(Reading{e.date, e.usage});
        break;
      case EventType::kRepairReceived:
        f.repairs.push_back(Repair{e.date, std::nullopt, e.text});
        break;
      case EventType::kRepairReturned:
        // Closes the open repair (the ledger guarantees there is one).
        for (auto it = f.repairs.rbegin(); it != f.repairs.rend(); ++it) {
          if (!it->returned) {
            it->returned = e.date;
            break;
          }
        }
        break;
      case EventType::kExtensionPurchased:
        f.extensions.emplace_back(e.text, e.date);
        break;
      case EventType::kRetired:
        if (!f.retired) f.retired = e.date;
        break;
      case EventType::kReplaced:
        if (!f.replaced) f.replaced = e.date;
        break;
      case EventType::kRefunded:
        if (!f.refunded) f.refunded = e.date;
        break;
      default:
        break;
    }
  }
  // Events arrive in replay order (by date); keep the lists sorted regardless.
  // (Checked first: stable_sort allocates a buffer even for a sorted list.)
  auto by_date = [](const Reading& a, const Reading& b) { return a.date < b.date; };
  if (!std::is_sorted(f.maintenance.begin(), f.maintenance.end())) {
    std::stable_sort(f.maintenance.begin(), f.maintenance.end());
  }
  if (!std::is_sorted(f.readings.begin(), f.readings.end(), by_date)) {
    std::stable_sort(f.readings.begin(), f.readings.end(), by_date);
  }
  return f;
}

}  // namespace warranty_internal

namespace {

using warranty_internal::Repair;
using warranty_internal::UnitFacts;

enum Component { kParts = 0, kLabor = 1, kTravel = 2 };
constexpr Component kComponents[] = {kParts, kLabor, kTravel};

const CoverComponent& ComponentOf(const WarrantyPolicy& p, Component c) {
  return c == kParts ? p.parts : c == kLabor ? p.labor : p.travel;
}

int64_t QuoteOf(const Quote& q, Component c) {
  return c == kParts ? q.parts : c == kLabor ? q.labor : q.travel;
}

int64_t& QuoteOf(Quote& q, Component c) {
  return c == kParts ? q.parts : c == kLabor ? q.labor : q.travel;
}

ComponentCover& CoverOf(Decision& d, Component c) {
  return c == kParts ? d.parts : c == kLabor ? d.labor : d.travel;
}

// round_half_up(amount * percent / 100) for amount >= 0, without overflow.
int64_t CompanyShare(int64_t amount, int percent) {
  const absl::int128 scaled = absl::int128(amount) * percent;
  return static_cast<int64_t>((scaled + 50) / 100);
}

// The SPEC's tie order: kind (legal, commercial, extended, contract), then name.
bool PrecedesInTies(const WarrantyPolicy& a, const WarrantyPolicy& b) {
  if (a.kind != b.kind) return static_cast<int>(a.kind) < static_cast<int>(b.kind);
  return a.name < b.name;
}

// One policy evaluated for one claim.
struct PolicyEval {
  const WarrantyPolicy* policy = nullptr;
  absl::InlinedVector<std::string, 2> reasons;
  // Per component: in force on the claim date, and until when.
  bool in_force[3] = {false, false, false};
  std::optional<Date> ends_on[3];
  std::optional<Date> cover_start;
  bool repeat_failure = false;
};

class Evaluator {
 public:
  Evaluator(const Product& product, const UnitFacts& facts, Date claim_date,
            absl::string_view fault, const Calendar* calendar)
      : product_(product), facts_(facts), claim_(claim_date), fault_(fault), calendar_(calendar) {}

  PolicyEval Evaluate(const WarrantyPolicy& p) const {
    PolicyEval ev;
    ev.policy = &p;
    auto reason = [&](absl::string_view code) {
      ev.reasons.push_back(absl::StrCat(p.name, ":", code));
    };

    // Before delivery no policy is in force.
    if (!facts_.delivery) {
      reason("not_delivered");
      return ev;
    }
    // The unit's own end of life ends every policy.
    if (facts_.refunded) {
      reason("unit_refunded");
      return ev;
    }
    if (facts_.replaced) {
      reason("unit_replaced");
      return ev;
    }
    if (facts_.retired) {
      reason("unit_retired");
      return ev;
    }
    const std::optional<Date> purchase = PurchaseOf(p);
    if (p.kind == PolicyKind::kExtended && !purchase) {
      reason("not_purchased");
      return ev;
    }
    bool fallback = false;
    const std::optional<Date> start = StartOf(p, purchase, &fallback);
    if (!start) {
      reason("not_purchased");  // starts at a purchase that did not happen
      return ev;
    }
    if (fallback) reason("start_fallback_delivery");
    const Date cover_start = add_months(*start, p.offset_months);
    ev.cover_start = cover_start;
    if (claim_ < cover_start) {
      reason("not_started");
      return ev;
    }
    if (std::find(p.excluded_faults.begin(), p.excluded_faults.end(), fault_) !=
        p.excluded_faults.end()) {
      reason("excluded_fault");
      return ev;
    }
    if (p.requires_specialist_installation && facts_.installed_by_customer) {
      reason("void_installation");
      return ev;
    }
    if (p.requires_maintenance) {
      if (warranty_internal::FirstMissedDue(product_, facts_, claim_, calendar_)) {
        reason("void_maintenance");
        return ev;
      }
    }

    // Repairs under this policy (in force for their fault when received), and
    // the suspension they add (SPEC §2.3), in the order received.
    int64_t suspension = 0;
    int attempts = 0;
    int64_t days_out = 0;
    std::optional<Date> post_repair_end;
    for (const Repair& r : facts_.repairs) {
      if (!UnderPolicy(p, cover_start, r, suspension)) continue;
      if (!r.returned || *r.returned > claim_) continue;  // not finished by the claim
      const int64_t days = *r.returned - r.received;
      if (p.suspend_during_repair) suspension += days;
      if (r.fault == fault_) {
        ++attempts;
        days_out += days;
        if (p.post_repair_months > 0) {
          const Date end = add_months(*r.returned, p.post_repair_months);
          if (claim_ <= end && (!post_repair_end || end > *post_repair_end)) post_repair_end = end;
        }
      }
    }
    if (suspension > 0) reason(absl::StrCat("suspended_days:", suspension));

    bool any_normal = false;
    for (Component c : kComponents) {
      const CoverComponent& comp = ComponentOf(p, c);
      if (comp.months <= 0) continue;  // no cover for this component
      const Date end = add_months(cover_start, comp.months) + suspension;
      if (claim_ <= end) {
        ev.in_force[c] = true;
        ev.ends_on[c] = end;
        any_normal = true;
      }
    }
    if (post_repair_end) {
      bool extended = false;
      for (Component c : kComponents) {
        if (ev.in_force[c] && *ev.ends_on[c] >= *post_repair_end) continue;
        ev.in_force[c] = true;
        ev.ends_on[c] = *post_repair_end;
        extended = true;
      }
      if (extended) reason("post_repair_cover");
    }
    if (!any_normal && !post_repair_end) {
      reason("expired");
      return ev;
    }
    if ((p.max_repair_attempts > 0 && attempts >= p.max_repair_attempts) ||
        (p.max_days_out_of_service > 0 && days_out >= p.max_days_out_of_service)) {
      ev.repeat_failure = true;
      reason("repeat_failure");
    }
    return ev;
  }

  // The last day `p` covers any component, counting the days suspended by
  // repairs returned by the claim date (here: the date the facts are known
  // through); nullopt when the policy never starts (an extension not bought).
  std::optional<Date> CoverEnd(const WarrantyPolicy& p) const {
    if (!facts_.delivery) return std::nullopt;
    const std::optional<Date> purchase = PurchaseOf(p);
    if (p.kind == PolicyKind::kExtended && !purchase) return std::nullopt;
    bool fallback = false;
    const std::optional<Date> start = StartOf(p, purchase, &fallback);
    if (!start) return std::nullopt;
    const Date cover_start = add_months(*start, p.offset_months);
    int64_t suspension = 0;
    for (const Repair& r : facts_.repairs) {
      if (!UnderPolicy(p, cover_start, r, suspension)) continue;
      if (!r.returned || *r.returned > claim_) continue;
      if (p.suspend_during_repair) suspension += *r.returned - r.received;
    }
    std::optional<Date> end;
    for (Component c : kComponents) {
      const CoverComponent& comp = ComponentOf(p, c);
      if (comp.months <= 0) continue;
      const Date e = add_months(cover_start, comp.months) + suspension;
      if (!end || e > *end) end = e;
    }
    return end;
  }

 private:
  std::optional<Date> PurchaseOf(const WarrantyPolicy& p) const {
    for (const auto& [name, date] : facts_.extensions) {
      if (name == p.name) return date;
    }
    return std::nullopt;
  }

  std::optional<Date> StartOf(const WarrantyPolicy& p, std::optional<Date> purchase,
                              bool* fallback) const {
    switch (p.starts_at) {
      case CoverStart::kSale:
        return facts_.sale ? facts_.sale : facts_.delivery;
      case CoverStart::kDelivery:
        return facts_.delivery;
      case CoverStart::kInstallation:
        if (facts_.first_installation) return facts_.first_installation->date;
        *fallback = true;
        return facts_.delivery;
      case CoverStart::kPurchaseOfExtension:
        return purchase;
    }
    return std::nullopt;
  }

  // Was `p` in force for the repair's fault on the day the unit was received,
  // with the suspension accumulated by earlier repairs?
  bool UnderPolicy(const WarrantyPolicy& p, Date cover_start, const Repair& r,
                   int64_t suspension) const {
    if (r.received < cover_start) return false;
    if (std::find(p.excluded_faults.begin(), p.excluded_faults.end(), r.fault) !=
        p.excluded_faults.end()) {
      return false;
    }
    for (Component c : kComponents) {
      const CoverComponent& comp = ComponentOf(p, c);
      if (comp.months > 0 && r.received <= add_months(cover_start, comp.months) + suspension) {
        return true;
      }
    }
    return false;
  }

  const Product& product_;
  const UnitFacts& facts_;
  Date claim_;
  absl::string_view fault_;
  const Calendar* calendar_;
};

}  // namespace

namespace warranty_internal {

std::optional<Date> LastCommercialCoverEnd(const Product& product, const UnitFacts& facts,
                                           Date through) {
  if (facts.retired || facts.replaced || facts.refunded) return std::nullopt;
  const Evaluator evaluator(product, facts, through, /*fault=*/"", /*calendar=*/nullptr);
  std::optional<Date> last;
  for (const WarrantyPolicy& p : product.warranties) {
    if (p.kind != PolicyKind::kCommercial && p.kind != PolicyKind::kExtended) continue;
    const std::optional<Date> end = evaluator.CoverEnd(p);
    if (end && (!last || *end > *last)) last = end;
  }
  return last;
}

}  // namespace warranty_internal

absl::string_view remedy_name(Remedy remedy) {
  switch (remedy) {
    case Remedy::kRepair:
      return "repair";
    case Remedy::kReplaceOrRefund:
      return "replace_or_refund";
    case Remedy::kNone:
      break;
  }
  return "none";
}

absl::StatusOr<Decision> assess_claim(const Product& product, absl::Span<const Event> history,
                                      Date claim_date, absl::string_view fault, const Quote& quote,
                                      const Calendar* calendar) {
  const warranty_internal::FactView view = warranty_internal::ViewOf(history);
  return warranty_internal::AssessClaim(product, view.pointers, claim_date, fault, quote, calendar);
}

absl::StatusOr<Decision> warranty_internal::AssessClaim(
    const Product& product, absl::Span<const warranty_internal::FactRecord* const> history,
    Date claim_date, absl::string_view fault, const Quote& quote, const Calendar* calendar) {
  if (fault.empty()) return absl::InvalidArgumentError("fault: must name a fault category");
  for (Component c : kComponents) {
    if (QuoteOf(quote, c) < 0) {
      static constexpr absl::string_view kNames[] = {"parts", "labor", "travel"};
      return absl::InvalidArgumentError(
          absl::StrCat("quote.", kNames[c], ": ", QuoteOf(quote, c), " is negative"));
    }
  }
  // Every total of the decision (quote, company and customer cost) must fit in
  // 64 bits: the components are non-negative, so the quote's total bounds them.
  if (quote.parts > std::numeric_limits<int64_t>::max() - quote.labor ||
      quote.parts + quote.labor > std::numeric_limits<int64_t>::max() - quote.travel) {
    return absl::OutOfRangeError(absl::StrCat("quote: parts ", quote.parts, " + labor ",
                                              quote.labor, " + travel ", quote.travel,
                                              " does not fit in 64 bits (minor units)"));
  }
  const UnitFacts facts = warranty_internal::CollectFacts(history, claim_date);
  const Evaluator evaluator(product, facts, claim_date, fault, calendar);

  absl::InlinedVector<PolicyEval, 4> evals;
  for (const WarrantyPolicy& p : product.warranties) evals.push_back(evaluator.Evaluate(p));

  Decision d;
  // Per component: the highest percent among the policies in force (ties: kind
  // order, then name).
  const PolicyEval* chosen[3] = {nullptr, nullptr, nullptr};
  for (Component c : kComponents) {
    for (const PolicyEval& ev : evals) {
      if (!ev.in_force[c]) continue;
      const int pct = ComponentOf(*ev.policy, c).percent;
      if (pct <= 0) continue;
      const PolicyEval* best = chosen[c];
      if (best == nullptr || pct > ComponentOf(*best->policy, c).percent ||
          (pct == ComponentOf(*best->policy, c).percent &&
           PrecedesInTies(*ev.policy, *best->policy))) {
        chosen[c] = &ev;
      }
    }
    if (chosen[c] == nullptr) {
      QuoteOf(d.customer_cost, c) = QuoteOf(quote, c);
      continue;
    }
    const int pct = ComponentOf(*chosen[c]->policy, c).percent;
    ComponentCover& cover = CoverOf(d, c);
    cover.percent = pct;
    cover.policy = chosen[c]->policy->name;
    cover.ends_on = chosen[c]->ends_on[c];
    const int64_t company = CompanyShare(QuoteOf(quote, c), pct);
    QuoteOf(d.company_cost, c) = company;
    QuoteOf(d.customer_cost, c) = QuoteOf(quote, c) - company;
    d.covered = true;
  }

  // Basis: the granting policy with the largest amount of the quote (ties:
  // kind order, then name) — with a zero quote, the first granting policy in
  // that order.
  const PolicyEval* basis = nullptr;
  int64_t basis_amount = -1;
  for (const PolicyEval& ev : evals) {
    int64_t amount = 0;
    bool grants = false;
    for (Component c : kComponents) {
      if (chosen[c] == &ev) {
        grants = true;
        amount += QuoteOf(d.company_cost, c);
      }
    }
    if (!grants) continue;
    if (basis == nullptr || amount > basis_amount ||
        (amount == basis_amount && PrecedesInTies(*ev.policy, *basis->policy))) {
      basis = &ev;
      basis_amount = amount;
    }
  }
  if (basis != nullptr) {
    d.basis = basis->policy->name;
    const WarrantyPolicy& bp = *basis->policy;
    d.presumed_nonconformity = bp.presumption_months > 0 && basis->cover_start &&
                               claim_date <= add_months(*basis->cover_start, bp.presumption_months);
  }

  // Remedy: replace or refund when a policy in force for this claim has seen
  // too many repairs of this fault; else repair.
  if (d.covered) {
    d.remedy = Remedy::kRepair;
    for (const PolicyEval& ev : evals) {
      if (ev.repeat_failure) d.remedy = Remedy::kReplaceOrRefund;
    }
  }
  for (PolicyEval& ev : evals) {
    for (std::string& r : ev.reasons) d.reasons.push_back(std::move(r));
  }
  return d;
}

std::string decision_to_json(const Decision& d) {
  nlohmann::ordered_json j;
  j["covered"] = d.covered;
  auto component = [](const ComponentCover& c) {
    nlohmann::ordered_json o;
    o["percent"] = c.percent;
    o["policy"] = c.policy.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(c.policy);
    o["ends_on"] =
        c.ends_on ? nlohmann::ordered_json(format_date(*c.ends_on)) : nlohmann::ordered_json();
    return o;
  };
  j["coverage"]["parts"] = component(d.parts);
  j["coverage"]["labor"] = component(d.labor);
  j["coverage"]["travel"] = component(d.travel);
  j["basis"] = d.basis.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(d.basis);
  j["presumed_nonconformity"] = d.presumed_nonconformity;
  j["remedy"] = std::string(remedy_name(d.remedy));
  auto split = [](const Quote& q) {
    nlohmann::ordered_json o;
    o["parts"] = q.parts;
    o["labor"] = q.labor;
    o["travel"] = q.travel;
    o["total"] = q.total();
    return o;
  };
  j["company_cost"] = split(d.company_cost);
  j["customer_cost"] = split(d.customer_cost);
  j["reasons"] = d.reasons;
  return j.dump();
}

}  // namespace postventa
