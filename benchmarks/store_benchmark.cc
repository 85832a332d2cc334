// Benchmarks for the durable store (issue 3, point 8): SQLite ingest through
// Store::append in batches of 1 000 events (target >= 200 k events/s), with every
// batch committed (WAL, synchronous=FULL), and the cost of opening and loading
// a ledger file.
//
// The file lives in $TMPDIR (default /tmp); run with TMPDIR on the disk whose
// fsync you want to measure.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "store/store.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "postventa/event.h"

namespace {

using postventa::Event;
using postventa::EventType;
using postventa::store_internal::OpenSqliteStore;
using postventa::store_internal::Store;

std::string TempPath(absl::string_view name) {
  const char* dir = std::getenv("TMPDIR");
  return absl::StrCat(dir != nullptr && *dir != '\0' ? dir : "/tmp", "/pv_store_bench_", getpid(),
                      "_", name, ".db");
}

void RemoveDb(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::remove(absl::StrCat(path, suffix).c_str());
  }
}

// Event n of a plausible stream: a sale, then its delivery, per unit.
Event MakeEvent(int64_t n) {
  Event e;
  e.id = absl::StrFormat("ERP-%010d", n);
  e.unit = absl::StrFormat("SN%08d", n / 2);
  e.date = postventa::Date(2024, 1, 1) + n / 1000;
  if (n % 2 == 0) {
    e.type = EventType::kSold;
    e.customer = absl::StrFormat("C%06d", n % 100000);
    e.product = "WM-8KG-A";
    e.price = 49900;
    e.channel = "store";
  } else {
    e.type = EventType::kDelivered;
    e.at = absl::FromUnixSeconds(1704067200 + n);
  }
  return e;
}

// Appends batches of state.range(0) events to a fresh file.
void BM_SqliteAppend(benchmark::State& state) {
  const int64_t batch = state.range(0);
  const std::string path = TempPath("append");
  RemoveDb(path);
  auto store = OpenSqliteStore(path);
  if (!store.ok()) {
    state.SkipWithError(std::string(store.status().message()).c_str());
    return;
  }
  std::vector<Event> events(batch);
  std::vector<const Event*> pointers(batch);
  int64_t next = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (int64_t i = 0; i < batch; ++i) {
      events[i] = MakeEvent(next++);
      pointers[i] = &events[i];
    }
    state.ResumeTiming();
    if (absl::Status s = (*store)->append(pointers); !s.ok()) {
      state.SkipWithError(std::string(s.message()).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * batch);
  (void)(*store)->close();
  RemoveDb(path);
}
BENCHMARK(BM_SqliteAppend)
    ->Arg(1000)
    ->Arg(100)
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Opens (including quick_check) and loads a file of state.range(0) events.
void BM_SqliteOpenAndLoad(benchmark::State& state) {
  const int64_t count = state.range(0);
  const std::string path = TempPath("load");
  RemoveDb(path);
  {
    auto store = OpenSqliteStore(path);
    if (!store.ok()) {
      state.SkipWithError(std::string(store.status().message()).c_str());
      return;
    }
    std::vector<Event> events;
    std::vector<const Event*> pointers;
    for (int64_t n = 0; n < count; n += 1000) {
      events.clear();
      pointers.clear();
      for (int64_t i = n; i < std::min(count, n + 1000); ++i) events.push_back(MakeEvent(i));
      for (const Event& e : events) pointers.push_back(&e);
      if (!(*store)->append(pointers).ok()) {
        state.SkipWithError("append failed");
        return;
      }
    }
    (void)(*store)->close();
  }
  for (auto _ : state) {
    auto store = OpenSqliteStore(path);
    auto loaded = (*store)->load();
    if (!loaded.ok() || static_cast<int64_t>(loaded->events.size()) != count) {
      state.SkipWithError("load failed");
      break;
    }
    benchmark::DoNotOptimize(loaded->events.data());
    (void)(*store)->close();
  }
  state.SetItemsProcessed(state.iterations() * count);
  RemoveDb(path);
}
BENCHMARK(BM_SqliteOpenAndLoad)
    ->Arg(100000)
    ->Arg(1000000)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
