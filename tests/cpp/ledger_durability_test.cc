// "No data lost" (issue 3, point 6) through the public Ledger: a writer process
// ingests unit lifecycles into an SQLite ledger and is killed with SIGKILL at
// random moments; the parent reopens the file with Ledger::open — which replays
// and validates every stored event, so a reopen that succeeds is a consistent
// ledger — and checks that every unit the writer saw acknowledged is there
// whole. (tests/cpp/durability_test.cc does the same one level down, at the
// store, with batches of random size and concurrent readers.)
//
// Unit k is one batch of four events: sold, delivered, repair_received,
// repair_returned. The writer reopens the same file each round and continues
// from the units already stored, so every round also recovers from the last
// crash.
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/ledger.h"
#include "postventa/time.h"

namespace postventa {
namespace {

Product Washer() {
  Product p;
  p.sku = "WASH-1";
  p.warranties = {*warranty_preset("legal-es")};
  return p;
}

std::vector<Event> UnitBatch(int64_t k) {
  const std::string unit = absl::StrCat("SN", k);
  const Date sale = Date(2024, 1, 1) + k % 300;
  std::vector<Event> batch(4);
  for (int i = 0; i < 4; ++i) {
    batch[static_cast<size_t>(i)].id = absl::StrCat(unit, "-", i);
    batch[static_cast<size_t>(i)].unit = unit;
  }
  batch[0].type = EventType::kSold;
  batch[0].date = sale;
  batch[0].customer = absl::StrCat("C", k);
  batch[0].product = "WASH-1";
  batch[0].price = 1000 + k;
  batch[0].channel = "web";
  batch[1].type = EventType::kDelivered;
  batch[1].date = sale + 2;
  batch[2].type = EventType::kRepairReceived;
  batch[2].date = sale + 40;
  batch[2].fault = "motor";
  batch[3].type = EventType::kRepairReturned;
  batch[3].date = sale + 40 + k % 9;
  batch[3].outcome = "fixed";
  batch[3].parts_cost = k;
  return batch;
}

// The writer: reports, through `fd`, the number of units stored after each
// acknowledged batch (first the count it starts from).
[[noreturn]] void Writer(const std::string& path, int fd) {
  absl::StatusOr<std::unique_ptr<Ledger>> ledger = Ledger::open(path);
  if (!ledger.ok() || !(*ledger)->add_product(Washer()).ok()) _exit(2);
  int64_t k = (*ledger)->event_count() / 4;
  for (;; ++k) {
    if (write(fd, &k, sizeof k) != sizeof k) _exit(3);
    if (!(*ledger)->record_many(UnitBatch(k)).ok()) _exit(4);
  }
}

TEST(LedgerDurability, EveryAcknowledgedUnitSurvivesSigkill) {
  const std::string path =
      (std::filesystem::temp_directory_path() / absl::StrCat("pv_ledger_kill_", getpid(), ".sqlite"))
          .string();
  std::mt19937_64 rng(2024);
  int64_t acknowledged = 0;
  for (int round = 0; round < 40; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      Writer(path, fds[1]);
    }
    close(fds[1]);
    // Let it run 0..30 ms (sometimes killed while opening), then kill it.
    usleep(static_cast<useconds_t>(rng() % 30000));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped by itself: exit " << WEXITSTATUS(status);
    // Every count read was sent after the batch before it was acknowledged.
    int64_t k = 0;
    while (read(fds[0], &k, sizeof k) == sizeof k) acknowledged = std::max(acknowledged, k);
    close(fds[0]);

    absl::StatusOr<std::unique_ptr<Ledger>> ledger = Ledger::open(path);
    ASSERT_TRUE(ledger.ok()) << "round " << round << ": " << ledger.status();
    const int64_t events = (*ledger)->event_count();
    ASSERT_EQ(events % 4, 0) << "a batch was stored in part";
    const int64_t units = events / 4;
    ASSERT_GE(units, acknowledged) << "round " << round << ": acknowledged units lost";
    // The units present are exactly 0..units-1, each whole and as written.
    for (int64_t u : {int64_t{0}, units / 2, units - 1}) {
      if (u < 0 || u >= units) continue;
      absl::StatusOr<std::vector<Event>> history = (*ledger)->history(absl::StrCat("SN", u));
      ASSERT_TRUE(history.ok()) << history.status();
      EXPECT_EQ(*history, UnitBatch(u));
    }
    EXPECT_FALSE((*ledger)->history(absl::StrCat("SN", units)).ok());
    acknowledged = units;  // the next writer starts from here
  }
  EXPECT_GT(acknowledged, 0) << "no writer ever got a batch acknowledged";
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
}

}  // namespace
}  // namespace postventa
