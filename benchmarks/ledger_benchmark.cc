// Benchmarks for the ledger and the warranty engine (issue 3, point 8):
//   - in-memory ingest through Ledger::record_many (goal >= 1 M events/s);
//   - SQLite ingest through Ledger::record_many in batches of 1000 (>= 200 k/s);
//   - Ledger::assess_claim on units with up to 20 events (>= 1 M decisions/s).
// The events are a realistic unit lifecycle: sold, delivered, delivery check,
// installation, installation check, then maintenance and repairs.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/ledger.h"
#include "postventa/service.h"
#include "postventa/time.h"

namespace {

using namespace postventa;

Product Washer() {
  Product p;
  p.sku = "WASH-1";
  p.installation = InstallationMode::kSpecialist;
  WarrantyPolicy maker;
  maker.name = "maker-2y";
  maker.kind = PolicyKind::kCommercial;
  maker.starts_at = CoverStart::kInstallation;
  maker.parts = {100, 24};
  maker.labor = {100, 24};
  maker.travel = {50, 12};
  maker.requires_specialist_installation = true;
  maker.max_repair_attempts = 3;
  WarrantyPolicy ext = maker;
  ext.name = "ext-3y";
  ext.kind = PolicyKind::kExtended;
  ext.offset_months = 24;
  ext.parts = {80, 36};
  ext.labor = {100, 36};
  ext.travel = {0, 0};
  p.warranties = {*warranty_preset("legal-es"), maker, ext};
  return p;
}

// The events of unit `u` (`per_unit` of them, 5..20), ids unique.
void AppendUnit(int64_t u, int per_unit, std::mt19937_64& rng, std::vector<Event>* out) {
  const std::string unit = absl::StrCat("SN", u);
  const Date sale = Date(2022, 1, 1) + static_cast<int64_t>(rng() % 700);
  int n = 0;
  auto add = [&](EventType type, Date date) -> Event& {
    Event& e = out->emplace_back();
    e.id = absl::StrCat(unit, "-", n++);
    e.type = type;
    e.unit = unit;
    e.date = date;
    return e;
  };
  Event& sold = add(EventType::kSold, sale);
  sold.customer = absl::StrCat("C", u / 3);
  sold.product = "WASH-1";
  sold.price = 49900;
  sold.channel = "store";
  add(EventType::kDelivered, sale + 3);
  add(EventType::kDeliveryChecked, sale + 3).outcome = "ok";
  add(EventType::kInstalled, sale + 5).by = "specialist";
  add(EventType::kInstallationChecked, sale + 5).outcome = "ok";
  Date d = sale + 30;
  while (n + 2 <= per_unit) {
    if (rng() % 3 == 0) {
      add(EventType::kRepairReceived, d).fault = (rng() % 2) ? "motor" : "door";
      Event& back = add(EventType::kRepairReturned, d + 7);
      back.outcome = "fixed";
      back.parts_cost = 4500;
      back.labor_cost = 3000;
    } else {
      add(EventType::kMaintenanceDone, d).usage = static_cast<double>(n * 100);
      add(EventType::kUsageReading, d + 1).usage = static_cast<double>(n * 100 + 10);
    }
    d += 60;
  }
}

std::vector<Event> MakeEvents(int64_t units, int per_unit) {
  std::mt19937_64 rng(7);
  std::vector<Event> events;
  events.reserve(static_cast<size_t>(units * per_unit));
  for (int64_t u = 0; u < units; ++u) AppendUnit(u, per_unit, rng, &events);
  return events;
}

// In memory: batches of 1000, ~1 M events per iteration.
void BM_IngestMemory(benchmark::State& state) {
  const std::vector<Event> events = MakeEvents(100000, 10);
  for (auto _ : state) {
    std::unique_ptr<Ledger> ledger = *Ledger::open_memory();
    (void)ledger->add_product(Washer());
    for (size_t i = 0; i < events.size(); i += 1000) {
      const size_t n = std::min<size_t>(1000, events.size() - i);
      auto r = ledger->record_many(absl::MakeConstSpan(&events[i], n));
      if (!r.ok()) state.SkipWithError(std::string(r.status().message()).c_str());
    }
    state.PauseTiming();
    ledger.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(events.size()));
}
BENCHMARK(BM_IngestMemory)->Unit(benchmark::kMillisecond)->UseRealTime();

// SQLite file: batches of `range(0)` events, each one committed transaction.
void BM_IngestSqlite(benchmark::State& state) {
  const std::vector<Event> events = MakeEvents(20000, 10);
  const size_t batch = static_cast<size_t>(state.range(0));
  const std::string path = absl::StrCat("/tmp/pv_ledger_bench_", getpid(), ".sqlite");
  for (auto _ : state) {
    state.PauseTiming();
    std::remove(path.c_str());
    std::remove((path + "-wal").c_str());
    std::remove((path + "-shm").c_str());
    std::unique_ptr<Ledger> ledger = *Ledger::open(path);
    (void)ledger->add_product(Washer());
    state.ResumeTiming();
    for (size_t i = 0; i < events.size(); i += batch) {
      const size_t n = std::min(batch, events.size() - i);
      auto r = ledger->record_many(absl::MakeConstSpan(&events[i], n));
      if (!r.ok()) state.SkipWithError(std::string(r.status().message()).c_str());
    }
    state.PauseTiming();
    (void)ledger->close();
    ledger.reset();
    state.ResumeTiming();
  }
  std::remove(path.c_str());
  std::remove((path + "-wal").c_str());
  std::remove((path + "-shm").c_str());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(events.size()));
}
BENCHMARK(BM_IngestSqlite)->Arg(1000)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();

// Decisions on 10 000 units of `range(0)` events each, claims spread over the
// units' lives, several faults.
void BM_AssessClaim(benchmark::State& state) {
  const int per_unit = static_cast<int>(state.range(0));
  const int64_t units = 10000;
  std::unique_ptr<Ledger> ledger = *Ledger::open_memory();
  (void)ledger->add_product(Washer());
  const std::vector<Event> events = MakeEvents(units, per_unit);
  if (auto r = ledger->record_many(events); !r.ok()) {
    state.SkipWithError(std::string(r.status().message()).c_str());
    return;
  }
  std::vector<std::string> serials;
  for (int64_t u = 0; u < units; ++u) serials.push_back(absl::StrCat("SN", u));
  const char* faults[] = {"motor", "door", "misuse"};
  const Quote quote{12000, 4500, 1999};
  size_t i = 0;
  for (auto _ : state) {
    auto d =
        ledger->assess_claim(serials[i % units], Date(2023, 1, 1) + static_cast<int64_t>(i % 1500),
                             faults[i % 3], quote);
    benchmark::DoNotOptimize(d);
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AssessClaim)->Arg(5)->Arg(10)->Arg(20);

// maintenance_due over a ledger of 1 M units in the field, each with a plan of
// 12 months or 1000 hours (fixed grid, 30 days of grace): sold, delivered,
// installed, one or two services and usage readings — 6 M events.
Product Boiler() {
  Product p = Washer();
  p.sku = "BOILER-1";
  MaintenancePlan plan;
  plan.every_months = 12;
  plan.every_usage = 1000;
  plan.anchor = MaintenanceAnchor::kFixed;
  plan.grace_days = 30;
  p.maintenance = plan;
  return p;
}

std::unique_ptr<Ledger> MaintainedFleet(int64_t units) {
  std::unique_ptr<Ledger> ledger = *Ledger::open_memory();
  if (!ledger->add_product(Boiler()).ok()) std::abort();
  std::mt19937_64 rng(11);
  std::vector<Event> batch;
  for (int64_t u = 0; u < units; ++u) {
    const std::string unit = absl::StrCat("BX", u);
    const Date sale = Date(2021, 1, 1) + static_cast<int64_t>(rng() % 1200);
    int n = 0;
    auto add = [&](EventType type, Date date) -> Event& {
      Event& e = batch.emplace_back();
      e.id = absl::StrCat(unit, "-", n++);
      e.type = type;
      e.unit = unit;
      e.date = date;
      return e;
    };
    Event& sold = add(EventType::kSold, sale);
    sold.customer = absl::StrCat("C", u);
    sold.product = "BOILER-1";
    sold.price = 250000;
    sold.channel = "store";
    add(EventType::kDelivered, sale + 5);
    add(EventType::kInstalled, sale + 9).by = "specialist";
    add(EventType::kUsageReading, sale + 100).usage = static_cast<double>(rng() % 400);
    add(EventType::kMaintenanceDone, sale + 360 + static_cast<int64_t>(rng() % 60)).usage =
        static_cast<double>(800 + rng() % 400);
    add(EventType::kUsageReading, sale + 500).usage = static_cast<double>(1300 + rng() % 600);
    if (batch.size() >= 6000) {
      if (!ledger->record_many(batch).ok()) std::abort();
      batch.clear();
    }
  }
  if (!batch.empty() && !ledger->record_many(batch).ok()) std::abort();
  return ledger;
}

void BM_MaintenanceDue(benchmark::State& state) {
  static const std::unique_ptr<Ledger> ledger = MaintainedFleet(1000000);
  size_t lines = 0;
  for (auto _ : state) {
    absl::StatusOr<std::vector<MaintenanceDue>> due = ledger->maintenance_due(Date(2024, 6, 1), 30);
    if (!due.ok()) std::abort();
    lines = due->size();
    benchmark::DoNotOptimize(due);
  }
  state.counters["units"] = 1e6;
  state.counters["lines"] = static_cast<double>(lines);
}
BENCHMARK(BM_MaintenanceDue)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_MaintenanceCompliance(benchmark::State& state) {
  static const std::unique_ptr<Ledger> ledger = MaintainedFleet(1000000);
  for (auto _ : state) {
    auto c = ledger->maintenance_compliance(Date(2024, 6, 1));
    if (!c.ok()) std::abort();
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_MaintenanceCompliance)->Unit(benchmark::kMillisecond)->UseRealTime();

// The KPIs of a quarter over 1 M units (issue 6): each sold through a store or
// a referral, delivered and checked (10 % late), one in five repaired once (a
// tenth of those twice, the second within 30 days) with parts and labour —
// about 4.5 M events. Every KPI is counted, per product (four SKUs) and in
// total, with the warranty cost decided by assess_claim for each repair.
std::unique_ptr<Ledger> KpiFleet(int64_t units) {
  std::unique_ptr<Ledger> ledger = *Ledger::open_memory();
  for (const char* sku : {"KPI-A", "KPI-B", "KPI-C", "KPI-D"}) {
    Product p = Washer();
    p.sku = sku;
    if (!ledger->add_product(p).ok()) std::abort();
  }
  std::mt19937_64 rng(17);
  std::vector<Event> batch;
  for (int64_t u = 0; u < units; ++u) {
    const std::string unit = absl::StrCat("KX", u);
    const Date sale = Date(2023, 1, 1) + static_cast<int64_t>(rng() % 700);
    int n = 0;
    auto add = [&](EventType type, Date date) -> Event& {
      Event& e = batch.emplace_back();
      e.id = absl::StrCat(unit, "-", n++);
      e.type = type;
      e.unit = unit;
      e.date = date;
      return e;
    };
    Event& sold = add(EventType::kSold, sale);
    sold.customer = absl::StrCat("C", rng() % (units / 2 + 1));
    sold.product = std::string("KPI-") + static_cast<char>('A' + u % 4);
    sold.price = 50000;
    sold.channel = rng() % 10 == 0 ? "referral" : "store";
    add(EventType::kDelivered, sale + 3);
    add(EventType::kDeliveryChecked, sale + 3).outcome = rng() % 10 == 0 ? "late" : "ok";
    if (rng() % 5 == 0) {
      Date received = sale + 30 + static_cast<int64_t>(rng() % 300);
      const int times = rng() % 10 == 0 ? 2 : 1;
      for (int k = 0; k < times; ++k) {
        add(EventType::kRepairReceived, received).fault = "motor";
        Event& back = add(EventType::kRepairReturned, received + 4);
        back.outcome = "fixed";
        back.parts_cost = 12000;
        back.labor_cost = 4000;
        received = received + 20;
      }
    }
    if (batch.size() >= 6000) {
      if (!ledger->record_many(batch).ok()) std::abort();
      batch.clear();
    }
  }
  if (!batch.empty() && !ledger->record_many(batch).ok()) std::abort();
  return ledger;
}

void BM_Kpis(benchmark::State& state) {
  static const std::unique_ptr<Ledger> ledger = KpiFleet(1000000);
  for (auto _ : state) {
    auto values = ledger->kpis(Date(2024, 1, 1), Date(2024, 3, 31));
    if (!values.ok()) std::abort();
    benchmark::DoNotOptimize(values);
  }
  state.counters["units"] = 1e6;
  state.counters["events"] = static_cast<double>(ledger->event_count());
}
BENCHMARK(BM_Kpis)->Unit(benchmark::kMillisecond)->UseRealTime();

// SLA status through the ledger: 1 M cases of 4 events each (opened,
// responded, waiting for parts, in progress) on a Madrid-like calendar, each
// asked at one instant — the lookup, the decoding of the case's events and
// evaluate_sla. (service_benchmark measures evaluate_sla alone.)
constexpr char kMadridJson[] = R"({
  "timezone": "Europe/Madrid",
  "week": {"mon": [["09:00","14:00"],["16:00","19:00"]], "tue": [["09:00","14:00"],["16:00","19:00"]],
           "wed": [["09:00","14:00"],["16:00","19:00"]], "thu": [["09:00","14:00"],["16:00","19:00"]],
           "fri": [["08:00","15:00"]], "sat": [], "sun": []},
  "holidays": ["annual:01-01", "annual:01-06", "easter:-3", "easter:-2", "annual:05-01",
               "annual:05-02", "annual:05-15", "annual:08-15", "annual:10-12", "annual:11-01",
               "annual:11-09", "annual:12-06", "annual:12-08", "annual:12-25"]
})";

std::unique_ptr<Ledger> CaseLedger(int64_t cases) {
  std::unique_ptr<Ledger> ledger = *Ledger::open_memory();
  if (!ledger->add_calendar("madrid", *Calendar::from_json(kMadridJson)).ok()) std::abort();
  SlaPolicy policy;
  policy.name = "std";
  policy.calendar = "madrid";
  policy.targets["high"] = SlaTarget{3600, 8 * 3600};
  policy.targets["*"] = SlaTarget{4 * 3600, 24 * 3600};
  if (!ledger->add_sla(policy).ok()) std::abort();
  std::mt19937_64 rng(5);
  std::vector<Event> batch;
  const absl::Time base = absl::FromUnixSeconds(1704067200);  // 2024-01-01T00:00:00Z
  for (int64_t c = 0; c < cases; ++c) {
    const std::string id = absl::StrCat("K", c);
    absl::Time at = base + absl::Seconds(static_cast<int64_t>(rng() % (700 * 86400)));
    int n = 0;
    auto add = [&](EventType type) -> Event& {
      Event& e = batch.emplace_back();
      e.id = absl::StrCat(id, "-", n++);
      e.type = type;
      e.case_id = id;
      e.at = at;
      e.date = absl::ToCivilDay(at, absl::UTCTimeZone());
      return e;
    };
    Event& opened = add(EventType::kCaseOpened);
    opened.kind = "repair";
    opened.priority = (rng() % 3 == 0) ? "high" : "normal";
    opened.customer = absl::StrCat("C", c / 2);
    opened.sla = "std";
    for (const char* status : {"responded", "waiting_parts", "in_progress"}) {
      at += absl::Seconds(static_cast<int64_t>(600 + rng() % 86400));
      add(EventType::kCaseStatus).status = status;
    }
    if (batch.size() >= 8000) {
      if (!ledger->record_many(batch).ok()) std::abort();
      batch.clear();
    }
  }
  if (!batch.empty() && !ledger->record_many(batch).ok()) std::abort();
  return ledger;
}

void BM_SlaStatusThroughLedger(benchmark::State& state) {
  constexpr int64_t kCases = 1000000;
  static const std::unique_ptr<Ledger> ledger = CaseLedger(kCases);
  std::vector<std::string> ids;
  for (int64_t c = 0; c < kCases; ++c) ids.push_back(absl::StrCat("K", c));
  const absl::Time at = absl::FromUnixSeconds(1704067200) + absl::Hours(24 * 720);
  for (auto _ : state) {
    for (const std::string& id : ids) {
      absl::StatusOr<SlaStatus> status = ledger->sla_status(id, at);
      if (!status.ok()) std::abort();
      benchmark::DoNotOptimize(status);
    }
  }
  state.counters["cases"] = static_cast<double>(kCases);
}
BENCHMARK(BM_SlaStatusThroughLedger)->Unit(benchmark::kMillisecond)->UseRealTime();

// Follow-ups through the ledger: 100 k customers with 2 units each (sold,
// delivered, installed by a specialist, a yearly service plan, a 2-year
// commercial warranty), the default rule set, one month of contacts.
std::unique_ptr<Ledger> CustomerLedger(int64_t customers) {
  std::unique_ptr<Ledger> ledger = *Ledger::open_memory();
  Product p = Boiler();
  p.training = true;
  if (!ledger->add_product(p).ok()) std::abort();
  std::mt19937_64 rng(9);
  std::vector<Event> batch;
  for (int64_t c = 0; c < customers; ++c) {
    for (int u = 0; u < 2; ++u) {
      const std::string unit = absl::StrCat("F", c, "-", u);
      const Date sale = Date(2023, 1, 1) + static_cast<int64_t>(rng() % 900);
      int n = 0;
      auto add = [&](EventType type, Date date) -> Event& {
        Event& e = batch.emplace_back();
        e.id = absl::StrCat(unit, "-", n++);
        e.type = type;
        e.unit = unit;
        e.date = date;
        return e;
      };
      Event& sold = add(EventType::kSold, sale);
      sold.customer = absl::StrCat("C", c);
      sold.product = "BOILER-1";
      sold.price = 250000;
      sold.channel = "store";
      add(EventType::kDelivered, sale + 4);
      add(EventType::kInstalled, sale + 6).by = "specialist";
    }
    if (batch.size() >= 6000) {
      if (!ledger->record_many(batch).ok()) std::abort();
      batch.clear();
    }
  }
  if (!batch.empty() && !ledger->record_many(batch).ok()) std::abort();
  return ledger;
}

void BM_FollowupsThroughLedger(benchmark::State& state) {
  static const std::unique_ptr<Ledger> ledger = CustomerLedger(100000);
  size_t contacts = 0;
  for (auto _ : state) {
    absl::StatusOr<std::vector<Contact>> plan =
        ledger->followups(Date(2025, 6, 1), Date(2025, 6, 30));
    if (!plan.ok()) std::abort();
    contacts = plan->size();
    benchmark::DoNotOptimize(plan);
  }
  state.counters["customers"] = 1e5;
  state.counters["contacts"] = static_cast<double>(contacts);
}
BENCHMARK(BM_FollowupsThroughLedger)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
