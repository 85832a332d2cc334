// Benchmark for the follow-up planner (issue 4, point 6): a month's plan for
// 100 k customers (goal < 1 s), with the default rule set.
//
// Each customer has 1-3 units (about 2) sold over 2.5 years before the month,
// and the facts the ledger would derive for them: sold, delivered, a specialist
// or customer installation, a resolved case for a third of the units, an NPS
// answer for half of the customers, the maintenance due dates of a 6-monthly
// plan up to a year past the month, and the end of a 24-month commercial
// warranty. 5 % of the customers have a complaint, open or resolved, and each
// has a few contacts already made. About 25 facts per customer, 2.5 M in all.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "postventa/followup.h"
#include "postventa/time.h"

namespace {

using namespace postventa;

struct Input {
  std::vector<LifecycleFact> facts;
  std::vector<ComplaintSpan> complaints;
  std::vector<ContactMade> made;
};

const Date kFrom(2025, 6, 1);
const Date kTo(2025, 6, 30);

Input MakeInput(int64_t customers) {
  std::mt19937_64 rng(42);
  auto uniform = [&](int64_t n) { return static_cast<int64_t>(rng() % static_cast<uint64_t>(n)); };
  Input in;
  in.facts.reserve(static_cast<size_t>(customers) * 26);
  const Date first_sale(2023, 1, 1);
  for (int64_t c = 0; c < customers; ++c) {
    const std::string customer = absl::StrCat("CUST-", c);
    const int64_t units = 1 + uniform(3);
    Date last_delivery = first_sale;
    for (int64_t u = 0; u < units; ++u) {
      const std::string unit = absl::StrCat(customer, "-U", u);
      const bool training = uniform(10) < 3;
      auto add = [&](const char* after, Date date) -> LifecycleFact& {
        LifecycleFact& f = in.facts.emplace_back();
        f.after = after;
        f.date = date;
        f.customer = customer;
        f.unit = unit;
        f.product = training ? "PRESS-10" : "WASH-1";
        f.product_training = training;
        return f;
      };
      const Date sold = first_sale + uniform(880);  // up to 2025-05-30
      add("sold", sold);
      const Date delivered = sold + 2 + uniform(9);
      add("delivered", delivered);
      last_delivery = std::max(last_delivery, delivered);
      Date start = delivered;
      if (uniform(10) < 7) {
        start = delivered + uniform(4);
        add("installed", start).by = uniform(10) < 8 ? "specialist" : "customer";
      }
      if (uniform(3) == 0) add("case_resolved", start + 30 + uniform(400));
      for (int64_t k = 1;; ++k) {
        const Date due = add_months(start, 6 * k);
        if (due > kTo + 365) break;
        add("maintenance_due", due);
      }
      add("warranty_end", add_months(start, 24) - 1);
    }
    if (uniform(2) == 0) {
      LifecycleFact& f = in.facts.emplace_back();
      f.after = "survey_answered";
      f.date = last_delivery + 8 + uniform(20);
      f.customer = customer;
      f.instrument = "nps";
      f.score = static_cast<double>(uniform(11));
    }
    if (uniform(20) == 0) {
      const Date opened = kFrom - 60 + uniform(90);
      in.complaints.push_back(
          {customer, opened, uniform(2) == 0 ? std::optional<Date>() : opened + uniform(30)});
    }
    for (int64_t m = 0, n = uniform(4); m < n; ++m) {
      in.made.push_back({customer, first_sale + uniform(900)});
    }
  }
  return in;
}

void BM_PlanMonth(benchmark::State& state) {
  const Input in = MakeInput(state.range(0));
  const FollowupRules rules = default_followup_rules();
  const RuleSetRef ref{&rules, nullptr};
  size_t contacts = 0, moved = 0;
  for (auto _ : state) {
    absl::StatusOr<std::vector<Contact>> plan =
        plan_followups({&ref, 1}, in.facts, in.complaints, in.made, kFrom, kTo);
    if (!plan.ok()) {
      state.SkipWithError(std::string(plan.status().message()).c_str());
      return;
    }
    contacts = plan->size();
    moved = 0;
    for (const Contact& c : *plan) moved += c.moved_from.has_value();
    benchmark::DoNotOptimize(plan);
  }
  state.counters["customers"] = static_cast<double>(state.range(0));
  state.counters["facts"] = static_cast<double>(in.facts.size());
  state.counters["contacts"] = static_cast<double>(contacts);
  state.counters["moved"] = static_cast<double>(moved);
}
BENCHMARK(BM_PlanMonth)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
