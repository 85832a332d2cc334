// "No data lost" (issue 3, point 6) at the level of the SQLite store: a writer
// process is killed with SIGKILL at random moments and every batch it saw
// acknowledged must be in the file; readers in other processes must only ever
// see whole batches.
//
// The writer appends batches of random sizes (1..50) of events with sequential
// ids E0, E1, ... and, after each append returns OK, writes the number of events
// acknowledged so far to a pipe. The batch sizes come from a seeded generator,
// so the parent knows where every batch ends without being told. After the kill
// the parent reopens the file and checks that:
//   - every acknowledged event is there (count >= last acknowledged count);
//   - the events are exactly E0..E(count-1) in order: nothing twice, no gap,
//     every field as written;
//   - the count is a batch boundary: a batch is all there or not at all (the
//     batch in flight at the kill may or may not have committed).
// The file is kept across iterations (a new one every 20 000 events or so), so
// each iteration also recovers from the previous crash.
#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "store/store.h"  // the store is internal to the core: no public header
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "postventa/event.h"
#include "postventa/time.h"

namespace postventa::store_internal {
namespace {

constexpr int64_t kReady = -1;  // the writer's first message: the store is open

// Event n of the writer's stream. Fields vary with n so that a row read back
// from the wrong place, or half written, cannot pass for the right one.
Event Numbered(int64_t n) {
  Event e;
  e.id = absl::StrCat("E", n);
  e.unit = absl::StrCat("SN-", n / 4);
  e.date = Date(2024, 1, 1) + n % 1000;
  switch (n % 4) {
    case 0:
      e.type = EventType::kSold;
      e.customer = absl::StrCat("Cliente ñ ", n % 97);
      e.product = "WM-8KG";
      e.price = 49900 + n;
      e.channel = "store";
      break;
    case 1:
      e.type = EventType::kDelivered;
      e.at = absl::FromUnixMicros(1704067200000000 + n * 1000003);
      break;
    case 2:
      e.type = EventType::kUsageReading;
      e.usage = static_cast<double>(n) / 8;
      break;
    default:
      e.type = EventType::kSurveyAnswered;
      e.customer = "C";
      e.score = static_cast<double>(n % 11);
      break;
  }
  return e;
}

// The ends of the batches the writer seeded with `seed` appends after `first`
// events, up to (at least) `limit` events.
std::set<int64_t> BatchEnds(int64_t first, uint32_t seed, int64_t limit) {
  std::mt19937 random(seed);
  std::set<int64_t> ends = {first};
  for (int64_t end = first; end < limit;) {
    end += 1 + static_cast<int64_t>(random() % 50);
    ends.insert(end);
  }
  return ends;
}

bool WriteAll(int fd, int64_t value) {
  return write(fd, &value, sizeof value) == static_cast<ssize_t>(sizeof value);
}

// The writer process: never returns. Appends batches from event `first` on,
// reporting each acknowledged count on `fd`, until killed, `max_batches` are
// written (then exit 0), or a deadline (exit 4). Exit 2 or 3: open or append failed.
[[noreturn]] void RunWriter(const std::string& path, int64_t first, uint32_t seed, int fd,
                            int64_t max_batches) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  if (!store.ok()) {
    std::cerr << "writer: " << store.status() << "\n";
    _exit(2);
  }
  if (!WriteAll(fd, kReady)) _exit(5);
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  std::mt19937 random(seed);
  int64_t next = first;
  std::vector<Event> batch;
  std::vector<const Event*> pointers;
  for (int64_t b = 0; b < max_batches; ++b) {
    const int64_t size = 1 + static_cast<int64_t>(random() % 50);
    batch.clear();
    pointers.clear();
    for (int64_t n = next; n < next + size; ++n) batch.push_back(Numbered(n));
    for (const Event& e : batch) pointers.push_back(&e);
    if (absl::Status s = (*store)->append(pointers); !s.ok()) {
      std::cerr << "writer: " << s << "\n";
      _exit(3);
    }
    next += size;
    if (!WriteAll(fd, next)) _exit(5);
    if (absl::Now() > deadline) _exit(4);
  }
  (void)(*store)->close();
  _exit(0);
}

class DurabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "pv_durability_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

// Checks that the file holds exactly E0..E(count-1) and returns count.
absl::StatusOr<int64_t> CheckFile(const std::string& path) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  if (!store.ok()) return store.status();
  absl::StatusOr<StoredState> state = (*store)->load();
  if (!state.ok()) return state.status();
  const std::vector<Event>& events = state->events;
  for (size_t n = 0; n < events.size(); ++n) {
    if (!(events[n] == Numbered(static_cast<int64_t>(n)))) {
      return absl::DataLossError(
          absl::StrCat("event ", n, " is \"", events[n].id, "\" or differs from what was written"));
    }
  }
  if (absl::Status s = (*store)->close(); !s.ok()) return s;
  return static_cast<int64_t>(events.size());
}

// When the kill comes, counted from what the parent waits for first.
enum class KillAfter {
  kFork,      // anywhere: creating or opening the file, migrating, writing
  kReady,     // the store is open: often during the first commit, which
              // creates the WAL file and takes several fsyncs
  kFirstAck,  // one batch acknowledged: in the steady stream of commits
};

TEST_F(DurabilityTest, EveryAcknowledgedBatchSurvivesSigkill) {
  constexpr int kIterations = 90;
  // Each check loads the whole file; on a disk with fast fsync the file would
  // grow by thousands of events per iteration, so a new file is started past
  // this size (the first iteration on each file also kills during creation).
  constexpr int64_t kEventsPerFile = 20000;
  std::string path;
  int files = 0;
  std::mt19937 random(7);
  int64_t stored = 0;
  int kills_before_ready = 0, kills_after_first_ack = 0;
  const absl::Time start = absl::Now();
  for (int iteration = 0; iteration < kIterations; ++iteration) {
    if (path.empty() || stored > kEventsPerFile) {
      path = absl::StrCat(dir_, "/ledger", files++, ".pvl");
      stored = 0;
    }
    SCOPED_TRACE(
        absl::StrCat("iteration ", iteration, " on ", path, ", ", stored, " events stored before"));
    const uint32_t seed = 1000 + iteration;
    const KillAfter kill_after = static_cast<KillAfter>(iteration % 3);
    const int64_t sleep_us = std::uniform_int_distribution<int64_t>(0, 30000)(random);

    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    std::fflush(nullptr);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      RunWriter(path, stored, seed, fds[1], /*max_batches=*/int64_t{1} << 40);
    }
    close(fds[1]);
    int64_t acknowledged = stored;
    bool ready = false;
    int64_t message;
    if (kill_after != KillAfter::kFork) {
      ASSERT_EQ(read(fds[0], &message, sizeof message), static_cast<ssize_t>(sizeof message))
          << "the writer did not open the store";
      ASSERT_EQ(message, kReady);
      ready = true;
    }
    if (kill_after == KillAfter::kFirstAck) {
      ASSERT_EQ(read(fds[0], &message, sizeof message), static_cast<ssize_t>(sizeof message))
          << "the writer acknowledged no batch";
      acknowledged = message;
    }
    usleep(static_cast<useconds_t>(sleep_us));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the writer ended by itself (exit " << WEXITSTATUS(status) << ") before the kill";
    // 8-byte writes to a pipe are atomic, so whole messages only.
    while (read(fds[0], &message, sizeof message) == static_cast<ssize_t>(sizeof message)) {
      if (message == kReady) {
        ready = true;
      } else {
        acknowledged = message;
      }
    }
    close(fds[0]);
    if (!ready) ++kills_before_ready;
    if (acknowledged > stored) ++kills_after_first_ack;

    absl::StatusOr<int64_t> count = CheckFile(path);
    ASSERT_TRUE(count.ok()) << count.status();
    EXPECT_GE(*count, acknowledged) << "acknowledged events were lost";
    const std::set<int64_t> ends = BatchEnds(stored, seed, std::max(*count, acknowledged));
    EXPECT_TRUE(ends.count(*count)) << *count << " events is not a whole number of batches";
    stored = *count;
  }
  std::cout << kIterations << " kills in " << absl::FormatDuration(absl::Now() - start) << ": "
            << kills_before_ready << " before the store was open, " << kills_after_first_ack
            << " after at least one acknowledged batch; " << files << " files\n";
  // A third of the kills come after an acknowledgement by construction.
  EXPECT_GE(kills_after_first_ack, kIterations / 3);
}

// One writer process appends while reader processes load again and again: every
// snapshot is a prefix of the stream that ends on a batch boundary.
TEST_F(DurabilityTest, ReadersInOtherProcessesSeeWholeBatches) {
  const std::string path = dir_ + "/shared.pvl";
  constexpr int64_t kBatches = 300;
  constexpr uint32_t kSeed = 99;
  constexpr int kReaders = 3;
  // The writer's batch ends, as RunWriter draws the sizes.
  std::set<int64_t> ends = {0};
  {
    std::mt19937 random(kSeed);
    int64_t end = 0;
    for (int64_t b = 0; b < kBatches; ++b) ends.insert(end += 1 + random() % 50);
  }
  const int64_t total = *ends.rbegin();
  // Create the file first, so that readers never race its creation.
  {
    absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->close().ok());
  }

  std::fflush(nullptr);
  std::vector<pid_t> readers;
  for (int r = 0; r < kReaders; ++r) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
      if (!store.ok()) {
        std::cerr << "reader: " << store.status() << "\n";
        _exit(2);
      }
      const absl::Time deadline = absl::Now() + absl::Seconds(20);
      std::set<int64_t> seen;
      int64_t count = 0;
      while (count < total) {
        if (absl::Now() > deadline) {
          std::cerr << "reader: still " << count << " of " << total << " events at the deadline\n";
          _exit(4);
        }
        absl::StatusOr<StoredState> state = (*store)->load();
        if (!state.ok()) {
          std::cerr << "reader: " << state.status() << "\n";
          _exit(3);
        }
        count = static_cast<int64_t>(state->events.size());
        if (!ends.count(count)) {
          std::cerr << "reader: " << count << " events is not a whole number of batches\n";
          _exit(5);
        }
        for (int64_t n = 0; n < count; ++n) {
          if (!(state->events[n] == Numbered(n))) {
            std::cerr << "reader: event " << n << " is not E" << n << "\n";
            _exit(6);
          }
        }
        seen.insert(count);
      }
      std::cerr << "reader " << r << ": " << seen.size() << " distinct snapshots\n";
      _exit(0);
    }
    readers.push_back(pid);
  }

  const pid_t writer = fork();
  ASSERT_GE(writer, 0);
  if (writer == 0) {
    // The acknowledgements are not needed here: nobody reads the pipe, and its
    // buffer holds all 8 * (kBatches + 1) bytes of them.
    int fds[2];
    if (pipe(fds) != 0) _exit(7);
    RunWriter(path, 0, kSeed, fds[1], kBatches);
  }

  int status = 0;
  ASSERT_EQ(waitpid(writer, &status, 0), writer);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "writer status " << status;
  for (pid_t pid : readers) {
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "a reader failed: exit " << WEXITSTATUS(status) << " (see its message above)";
  }
  absl::StatusOr<int64_t> count = CheckFile(path);
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, total);
}

}  // namespace
}  // namespace postventa::store_internal
