// Tests for the ledger's stores (src/store/store.h, SPEC §3): the in-memory
// store that keeps nothing, and the SQLite file — round trips of every field,
// reopening, atomic batches, and the files it must refuse without touching them.
//
// The durability under SIGKILL and the snapshots seen by reader processes are in
// durability_test.cc.
//
// Files are inspected and forged with SQLite's C API directly, so that what the
// test checks (application_id, user_version, tables) does not go through the
// code under test.
#include "store/store.h"  // the store is internal to the core: no public header

#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <ostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/event.h"
#include "postventa/time.h"
#include "status_macros.h"

namespace postventa {

// Lets GoogleTest show events in failure messages (found by ADL).
void PrintTo(const Event& e, std::ostream* os) {
  *os << "{id=\"" << e.id << "\" type=" << static_cast<int>(e.type) << " unit=\"" << e.unit
      << "\" date=" << absl::FormatCivilTime(e.date);
  if (e.at) *os << " at=" << absl::FormatTime("%Y-%m-%d%ET%H:%M:%E*SZ", *e.at, absl::UTCTimeZone());
  auto s = [&](const char* k, const std::string& v) {
    if (!v.empty()) *os << " " << k << "=\"" << v << "\"";
  };
  auto i = [&](const char* k, const std::optional<int64_t>& v) {
    if (v) *os << " " << k << "=" << *v;
  };
  auto d = [&](const char* k, const std::optional<double>& v) {
    if (v) *os << " " << k << "=" << *v;
  };
  s("customer", e.customer), s("product", e.product), s("channel", e.channel);
  s("outcome", e.outcome), s("by", e.by), s("fault", e.fault), s("case", e.case_id);
  s("new_unit", e.new_unit), s("policy", e.policy), s("reason", e.reason);
  i("price", e.price), i("parts_cost", e.parts_cost), i("labor_cost", e.labor_cost);
  i("amount", e.amount), i("attendees", e.attendees), d("usage", e.usage);
  s("kind", e.kind), s("priority", e.priority), s("sla", e.sla), s("status", e.status);
  s("instrument", e.instrument), d("score", e.score);
  *os << "}";
}

namespace store_internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::StartsWith;

// ---- Helpers ----------------------------------------------------------------

absl::Time At(absl::string_view rfc3339) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &error)) {
    ADD_FAILURE() << "bad instant in the test: " << rfc3339 << ": " << error;
  }
  return t;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::vector<const Event*> Pointers(const std::vector<Event>& events) {
  std::vector<const Event*> pointers;
  for (const Event& e : events) pointers.push_back(&e);
  return pointers;
}

// A raw SQLite connection, for forging and inspecting files behind the store's back.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
      ADD_FAILURE() << "sqlite3_open(" << path << "): " << sqlite3_errmsg(db_);
    }
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << (error ? error : "?");
    }
    sqlite3_free(error);
  }
  // The first column of the first row, as text ("" when there is no row).
  std::string query(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string result;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
    } else if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return result;
  }
  sqlite3* get() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// Each test gets its own directory, removed afterwards.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "pv_store_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string PathOf(absl::string_view name) const { return absl::StrCat(dir_, "/", name); }

  std::string dir_;
};

// Event `n` of a simple stream: id "E<n>", unit "U<n / 3>".
Event Numbered(int64_t n) {
  Event e;
  e.id = absl::StrCat("E", n);
  e.type = EventType::kUsageReading;
  e.unit = absl::StrCat("U", n / 3);
  e.date = Date(2025, 1, 1) + n % 365;
  e.usage = static_cast<double>(n) + 0.5;
  return e;
}

std::vector<Event> NumberedRange(int64_t first, int64_t count) {
  std::vector<Event> events;
  for (int64_t n = first; n < first + count; ++n) events.push_back(Numbered(n));
  return events;
}

// ---- The in-memory store ------------------------------------------------------

TEST(MemoryStoreTest, KeepsNothingAndAcceptsEveryWrite) {
  std::unique_ptr<Store> store = MakeMemoryStore();
  const std::vector<Event> events = NumberedRange(0, 3);
  EXPECT_OK(store->put_product("WM-1", R"({"sku":"WM-1"})"));
  EXPECT_OK(store->put_calendar("madrid", R"({"timezone":"Europe/Madrid"})"));
  EXPECT_OK(store->put_policy("sla", "gold", "{}"));
  EXPECT_OK(store->append(Pointers(events)));
  ASSERT_OK_AND_ASSIGN(const StoredState state, store->load());
  EXPECT_THAT(state.products, IsEmpty());
  EXPECT_THAT(state.calendars, IsEmpty());
  EXPECT_THAT(state.events, IsEmpty());
  EXPECT_OK(store->close());
}

// ---- Creating a file ------------------------------------------------------------

TEST_F(StoreTest, CreatesAMissingFileWithTheSchemaStamped) {
  const std::string path = PathOf("new.pvl");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  ASSERT_OK(store->close());

  RawDb raw(path);
  EXPECT_EQ(raw.query("PRAGMA application_id"), absl::StrCat(0x50565431));  // "PVT1"
  EXPECT_EQ(raw.query("PRAGMA user_version"), absl::StrCat(kSchemaVersion));
  EXPECT_EQ(raw.query("PRAGMA journal_mode"), "wal");  // persistent in the file header
  EXPECT_EQ(raw.query("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master "
                      "WHERE type = 'table' ORDER BY name)"),
            "calendars,events,policies,products");
}

TEST_F(StoreTest, InitialisesAnEmptyFile) {
  const std::string path = PathOf("empty.pvl");
  WriteBytes(path, "");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  const std::vector<Event> events = NumberedRange(0, 2);
  ASSERT_OK(store->append(Pointers(events)));
  ASSERT_OK(store->close());
  RawDb raw(path);
  EXPECT_EQ(raw.query("PRAGMA user_version"), absl::StrCat(kSchemaVersion));
  EXPECT_EQ(raw.query("SELECT count(*) FROM events"), "2");
}

// A file stamped as ours at schema version 0 (no tables) is migrated to the
// current version: the 0 -> 1 step creates the tables.
TEST_F(StoreTest, MigratesAVersionZeroFile) {
  const std::string path = PathOf("v0.pvl");
  {
    RawDb raw(path);
    raw.exec(absl::StrCat("PRAGMA application_id = ", kApplicationId));
    ASSERT_EQ(raw.query("PRAGMA user_version"), "0");
  }
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  const std::vector<Event> events = NumberedRange(0, 1);
  ASSERT_OK(store->append(Pointers(events)));
  ASSERT_OK_AND_ASSIGN(const StoredState state, store->load());
  EXPECT_EQ(state.events, events);
  ASSERT_OK(store->close());
  RawDb raw(path);
  EXPECT_EQ(raw.query("PRAGMA user_version"), absl::StrCat(kSchemaVersion));
  EXPECT_EQ(raw.query("PRAGMA application_id"), absl::StrCat(kApplicationId));
}

TEST_F(StoreTest, TwoOpenersOfANewFileBothSucceed) {
  // Both see a blank file; the second to take the write lock finds it already
  // migrated and does nothing.
  for (int round = 0; round < 5; ++round) {
    const std::string path = PathOf(absl::StrCat("race", round, ".pvl"));
    absl::Status results[2];
    std::thread threads[2];
    for (int t = 0; t < 2; ++t) {
      threads[t] = std::thread([&, t] {
        absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
        results[t] = store.ok() ? (*store)->close() : store.status();
      });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_OK(results[0]);
    EXPECT_OK(results[1]);
    RawDb raw(path);
    EXPECT_EQ(raw.query("SELECT count(*) FROM sqlite_master WHERE type = 'table'"),
              "4");  // products, calendars, events, policies
  }
}

// ---- Round trips -----------------------------------------------------------------

TEST_F(StoreTest, EveryFieldOfAnEventComesBackEqual) {
  // One event with every field present (values chosen to catch a swapped or
  // truncated column: distinct strings, zero amounts that must stay present
  // rather than become absent, non-ASCII text, microseconds in `at`).
  Event full;
  full.id = "FAC-2025/000123·ñ";
  full.type = EventType::kSold;
  full.unit = "SN-Größe-日本-001";
  full.date = Date(2025, 3, 4);
  full.at = At("2025-03-03T23:30:15.123456Z");
  full.customer = "Müller & Søn — ☕";
  full.product = "WM-8KG-A";
  full.channel = "tienda";
  full.outcome = "ok";
  full.by = "specialist";
  full.fault = "pump";
  full.case_id = "CASE-7";
  full.new_unit = "SN-2";
  full.policy = "ext-3y";
  full.reason = "recycled";
  full.price = 0;  // present and zero: not the same as absent
  full.parts_cost = 1;
  full.labor_cost = -2;
  full.amount = std::numeric_limits<int64_t>::max();
  full.attendees = std::numeric_limits<int64_t>::min();
  full.usage = 0.0;
  full.kind = "repair";
  full.priority = "high";
  full.sla = "48h";
  full.status = "open";
  full.instrument = "nps";
  full.score = 9.75;

  // One with nothing optional: no `at`, every string empty, every number absent.
  Event bare;
  bare.id = "B-1";
  bare.type = EventType::kContactMade;
  bare.date = Date(1970, 1, 1);

  // Instants and dates on both sides of the Unix epoch, and odd doubles.
  Event before_epoch = bare;
  before_epoch.id = "B-2";
  before_epoch.date = Date(1969, 12, 31);               // epoch day -1
  before_epoch.at = At("1969-12-31T23:59:59.999999Z");  // Unix microsecond -1
  before_epoch.usage = 1e300;
  before_epoch.score = -0.1;

  Event far = bare;
  far.id = "B-3";
  far.date = Date(9999, 12, 31);
  far.at = At("9999-12-31T23:59:59.999999Z");
  far.usage = 1234567.890625;  // exactly representable: must come back bit for bit

  std::vector<Event> events = {full, bare, before_epoch, far};
  // Every event type number, so a type never comes back as another.
  int n = 0;
  for (EventType type : {EventType::kSold,
                         EventType::kDelivered,
                         EventType::kDeliveryChecked,
                         EventType::kInstalled,
                         EventType::kInstallationChecked,
                         EventType::kTrained,
                         EventType::kMaintenanceDone,
                         EventType::kUsageReading,
                         EventType::kRepairReceived,
                         EventType::kRepairReturned,
                         EventType::kReplaced,
                         EventType::kRefunded,
                         EventType::kExtensionPurchased,
                         EventType::kRetired,
                         EventType::kComplaintOpened,
                         EventType::kComplaintResolved,
                         EventType::kContactMade,
                         EventType::kSurveySent,
                         EventType::kSurveyAnswered,
                         EventType::kCaseOpened,
                         EventType::kCaseStatus,
                         EventType::kCasePriority}) {
    Event e = bare;
    e.id = absl::StrCat("T-", n++);
    e.type = type;
    e.unit = "SN-T";
    events.push_back(e);
  }

  const std::string path = PathOf("roundtrip.pvl");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  ASSERT_OK(store->append(Pointers(events)));
  ASSERT_OK_AND_ASSIGN(const StoredState state, store->load());
  EXPECT_EQ(state.events, events);
  ASSERT_OK(store->close());

  // The columns hold what the schema comment says: dates as days since
  // 1970-01-01 (1969-12-31 is -1, 2025-03-04 is 20151: 55 years of which 14 leap
  // = 55*365 + 14 = 20089 days to 2025-01-01, + 31 + 28 + 3 = 20151), `at` as
  // Unix microseconds, absent values as NULL, the type as its C ABI number.
  RawDb raw(path);
  EXPECT_EQ(raw.query("SELECT date FROM events WHERE id = 'B-2'"), "-1");
  EXPECT_EQ(raw.query("SELECT at_us FROM events WHERE id = 'B-2'"), "-1");
  EXPECT_EQ(raw.query("SELECT date FROM events WHERE seq = 1"), "20151");
  EXPECT_EQ(raw.query("SELECT type FROM events WHERE seq = 1"), "1");
  EXPECT_EQ(raw.query("SELECT type FROM events WHERE id = 'T-21'"), "203");  // case_priority
  EXPECT_EQ(raw.query("SELECT count(*) FROM events WHERE id = 'B-1' AND unit IS NULL AND "
                      "at_us IS NULL AND price IS NULL AND usage IS NULL AND score IS NULL"),
            "1");
}

TEST_F(StoreTest, RefusesWhatCouldNotComeBackEqual) {
  const std::string path = PathOf("unstorable.pvl");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  std::vector<Event> events = NumberedRange(0, 3);

  events[1].usage = std::nan("");  // SQLite would store NULL: absent on load
  absl::Status status = store->append(Pointers(events));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "events[1].usage: NaN cannot be stored");

  events[1] = Numbered(1);
  events[2].at = At("2025-01-01T00:00:00.0000005Z");  // below the microsecond
  status = store->append(Pointers(events));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "events[2].at: 2025-01-01T00:00:00.0000005Z is not a whole number of microseconds "
            "since 1970 that fits in 64 bits");

  events[2].at = absl::InfiniteFuture();
  EXPECT_EQ(store->append(Pointers(events)).code(), absl::StatusCode::kInvalidArgument);

  ASSERT_OK_AND_ASSIGN(const StoredState state, store->load());
  EXPECT_THAT(state.events, IsEmpty());  // none of the three batches
}

TEST_F(StoreTest, ProductsAndCalendarsComeBackInFirstPutOrder) {
  const std::string path = PathOf("catalog.pvl");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  ASSERT_OK(store->put_product("WM-2", R"({"sku":"WM-2","name":"Lavadora ñ"})"));
  ASSERT_OK(store->put_product("WM-1", R"({"sku":"WM-1"})"));
  ASSERT_OK(store->put_calendar("madrid", R"({"timezone":"Europe/Madrid"})"));
  ASSERT_OK(store->put_calendar("utc", R"({})"));
  // A second put of a key replaces its JSON and keeps its place.
  ASSERT_OK(store->put_product("WM-2", R"({"sku":"WM-2","name":"Lavadora 8 kg"})"));
  ASSERT_OK_AND_ASSIGN(const StoredState state, store->load());
  EXPECT_THAT(state.products,
              ElementsAre(R"({"sku":"WM-2","name":"Lavadora 8 kg"})", R"({"sku":"WM-1"})"));
  EXPECT_THAT(state.calendars,
              ElementsAre(Pair("madrid", R"({"timezone":"Europe/Madrid"})"), Pair("utc", "{}")));
  EXPECT_THAT(state.events, IsEmpty());
}

TEST_F(StoreTest, PoliciesComeBackByKindAndNameInFirstPutOrder) {
  const std::string path = PathOf("policies.pvl");
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
    ASSERT_OK(store->put_policy("sla", "gold", R"({"name":"gold","v":1})"));
    // The same name under another kind is another policy.
    ASSERT_OK(store->put_policy("followups", "gold", R"({"name":"gold"})"));
    ASSERT_OK(store->put_policy("sla", "basic", R"({"name":"basic"})"));
    ASSERT_OK(store->put_policy("sla", "gold", R"({"name":"gold","v":2})"));
    ASSERT_OK(store->close());
  }
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  ASSERT_OK_AND_ASSIGN(const StoredState state, store->load());
  ASSERT_EQ(state.policies.size(), 3u);
  EXPECT_EQ(state.policies[0].kind, "sla");
  EXPECT_EQ(state.policies[0].name, "gold");
  EXPECT_EQ(state.policies[0].json, R"({"name":"gold","v":2})");
  EXPECT_EQ(state.policies[1].kind, "followups");
  EXPECT_EQ(state.policies[1].name, "gold");
  EXPECT_EQ(state.policies[2].name, "basic");
  ASSERT_OK(store->close());
}

// A file written at schema version 1 (no policies table) keeps its events and
// gains the table on open.
TEST_F(StoreTest, MigratesAVersionOneFile) {
  const std::string path = PathOf("v1.pvl");
  const std::vector<Event> events = NumberedRange(0, 3);
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
    ASSERT_OK(store->append(Pointers(events)));
    ASSERT_OK(store->put_calendar("utc", "{}"));
    ASSERT_OK(store->close());
    RawDb raw(path);  // back to what version 1 wrote
    raw.exec("DROP TABLE policies");
    raw.exec("ALTER TABLE events DROP COLUMN answers");
    raw.exec("PRAGMA user_version = 1");
  }
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  ASSERT_OK(store->put_policy("sla", "gold", "{}"));
  ASSERT_OK_AND_ASSIGN(const StoredState state, store->load());
  EXPECT_EQ(state.events, events);
  EXPECT_THAT(state.calendars, ElementsAre(Pair("utc", "{}")));
  EXPECT_EQ(state.policies.size(), 1u);
  ASSERT_OK(store->close());
  RawDb raw(path);
  EXPECT_EQ(raw.query("PRAGMA user_version"), absl::StrCat(kSchemaVersion));
}

// A file written at schema version 2 (no answers column) keeps its events and
// gains the column on open; a survey with answers then round-trips.
TEST_F(StoreTest, MigratesAVersionTwoFile) {
  const std::string path = PathOf("v2.pvl");
  const std::vector<Event> events = NumberedRange(0, 3);
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
    ASSERT_OK(store->append(Pointers(events)));
    ASSERT_OK(store->close());
    RawDb raw(path);  // back to what version 2 wrote
    raw.exec("ALTER TABLE events DROP COLUMN answers");
    raw.exec("PRAGMA user_version = 2");
  }
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  Event survey;
  survey.id = "S1";
  survey.type = EventType::kSurveyAnswered;
  survey.date = Date(2025, 3, 4);
  survey.customer = "C1";
  survey.channel = "paper";
  survey.instrument = "kiosk";
  survey.answers = {4.0, std::nullopt, 0.1, -0.0};
  const std::vector<const Event*> one = {&survey};
  ASSERT_OK(store->append(one));
  ASSERT_OK_AND_ASSIGN(const StoredState state, store->load());
  ASSERT_EQ(state.events.size(), 4u);
  EXPECT_EQ(std::vector<Event>(state.events.begin(), state.events.begin() + 3), events);
  EXPECT_EQ(state.events[3], survey);
  ASSERT_OK(store->close());
  RawDb raw(path);
  EXPECT_EQ(raw.query("PRAGMA user_version"), "3");
  EXPECT_EQ(raw.query("SELECT answers FROM events WHERE id = 'S1'"), "[4.0,null,0.1,-0.0]");
}

TEST_F(StoreTest, ReopeningKeepsEverythingInArrivalOrder) {
  const std::string path = PathOf("reopen.pvl");
  const std::vector<Event> first = NumberedRange(0, 10);
  const std::vector<Event> second = NumberedRange(10, 1);
  const std::vector<Event> third = NumberedRange(11, 500);
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
    ASSERT_OK(store->put_product("WM-1", "{\"sku\":\"WM-1\"}"));
    ASSERT_OK(store->append(Pointers(first)));
    ASSERT_OK(store->append(Pointers(second)));
    ASSERT_OK(store->put_calendar("es", "{}"));
    ASSERT_OK(store->close());
  }
  // Closing the last connection checkpoints the WAL into the file.
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
    ASSERT_OK(store->append(Pointers(third)));
    // Destroyed without close(): the destructor closes.
  }
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  ASSERT_OK_AND_ASSIGN(const StoredState state, store->load());
  EXPECT_EQ(state.events, NumberedRange(0, 511));
  EXPECT_THAT(state.products, ElementsAre("{\"sku\":\"WM-1\"}"));
  EXPECT_THAT(state.calendars, ElementsAre(Pair("es", "{}")));
}

TEST_F(StoreTest, AFailedBatchStoresNothingOfIt) {
  const std::string path = PathOf("atomic.pvl");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  const std::vector<Event> stored = NumberedRange(0, 3);  // E0 E1 E2
  ASSERT_OK(store->append(Pointers(stored)));

  // E3 E4 E3: the third repeats an id of the same batch. E3 and E4 were
  // inserted before the failure and must be rolled back with it.
  std::vector<Event> batch = NumberedRange(3, 2);
  batch.push_back(Numbered(3));
  absl::Status status = store->append(Pointers(batch));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(status.message()), StartsWith("events[2].id: \"E3\" is already stored"));

  // An id stored by an earlier batch, at the end of a new one.
  batch = NumberedRange(3, 2);
  batch.push_back(Numbered(1));
  status = store->append(Pointers(batch));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(status.message()), StartsWith("events[2].id: \"E1\" is already stored"));

  // A null pointer in a batch.
  const Event e3 = Numbered(3);
  const std::vector<const Event*> with_null = {&e3, nullptr};
  status = store->append(with_null);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "events[1]: null event");

  ASSERT_OK_AND_ASSIGN(StoredState state, store->load());
  EXPECT_EQ(state.events, stored);

  // The failures left no transaction open: the next batch goes through.
  const std::vector<Event> next = NumberedRange(3, 2);
  ASSERT_OK(store->append(Pointers(next)));
  ASSERT_OK_AND_ASSIGN(state, store->load());
  EXPECT_EQ(state.events, NumberedRange(0, 5));
}

TEST_F(StoreTest, AnEmptyBatchIsANoOp) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(PathOf("empty-batch.pvl")));
  EXPECT_OK(store->append({}));
  ASSERT_OK_AND_ASSIGN(const StoredState state, store->load());
  EXPECT_THAT(state.events, IsEmpty());
}

TEST_F(StoreTest, AClosedStoreRefusesEveryCall) {
  const std::string path = PathOf("closed.pvl");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  ASSERT_OK(store->close());
  EXPECT_OK(store->close());  // twice is harmless
  const std::vector<Event> events = NumberedRange(0, 1);
  EXPECT_EQ(store->load().status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store->append(Pointers(events)).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store->put_product("a", "{}").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store->put_calendar("a", "{}").code(), absl::StatusCode::kFailedPrecondition);
}

// A second writer waits for the first one's transaction (busy_timeout) instead
// of failing at once.
TEST_F(StoreTest, AWriterWaitsForAnotherConnectionsTransaction) {
  const std::string path = PathOf("busy.pvl");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  RawDb other(path);
  other.exec("BEGIN IMMEDIATE");
  std::thread release([&] {
    absl::SleepFor(absl::Milliseconds(300));
    other.exec("COMMIT");
  });
  const std::vector<Event> events = NumberedRange(0, 1);
  const absl::Time start = absl::Now();
  EXPECT_OK(store->append(Pointers(events)));
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(250));
  release.join();
}

// ---- Files it must refuse, unchanged ------------------------------------------------

TEST_F(StoreTest, RefusesAFileFromANewerSchemaWithoutTouchingIt) {
  const std::string path = PathOf("newer.pvl");
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
    const std::vector<Event> events = NumberedRange(0, 20);
    ASSERT_OK(store->append(Pointers(events)));
    ASSERT_OK(store->close());
    RawDb raw(path);
    raw.exec("PRAGMA user_version = 4");
  }
  const std::string before = ReadBytes(path);
  const absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store.status().message(), absl::StrCat(path,
                                                   " was written by a newer postventa (schema 4, "
                                                   "this library reads up to 3)"));
  EXPECT_TRUE(ReadBytes(path) == before) << "the file was modified";
  RawDb raw(path);
  EXPECT_EQ(raw.query("PRAGMA user_version"), "4");
}

// The newer writer's last transaction still in the WAL (not checkpointed):
// refusing must not checkpoint it into the file on close either.
TEST_F(StoreTest, RefusesANewerSchemaStillInTheWalWithoutCheckpointingIt) {
  const std::string path = PathOf("newer-wal.pvl");
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
    ASSERT_OK(store->close());
    RawDb raw(path);
    ASSERT_EQ(sqlite3_db_config(raw.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr),
              SQLITE_OK);
    raw.exec("PRAGMA user_version = 7");
  }
  ASSERT_TRUE(std::filesystem::exists(path + "-wal"));
  const std::string file_before = ReadBytes(path);
  const std::string wal_before = ReadBytes(path + "-wal");
  const absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(store.status().message()),
              HasSubstr("(schema 7, this library reads up to 3)"));
  EXPECT_TRUE(ReadBytes(path) == file_before) << "the file was modified";
  EXPECT_TRUE(ReadBytes(path + "-wal") == wal_before) << "the WAL was modified";
}

TEST_F(StoreTest, RefusesAFileThatIsNotAnSqliteDatabaseWithoutTouchingIt) {
  std::mt19937 random(20250101);
  std::string garbage(4096, '\0');
  for (char& c : garbage) c = static_cast<char>(random());
  const std::pair<const char*, std::string> files[] = {
      {"random.pvl", garbage},
      {"text.pvl", "id,type,unit,date\nE1,sold,SN1,2025-01-01\n"},
      {"short.pvl", "SQLite"},
  };
  for (const auto& [name, bytes] : files) {
    SCOPED_TRACE(name);
    const std::string path = PathOf(name);
    WriteBytes(path, bytes);
    const absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
    EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_EQ(store.status().message(),
              absl::StrCat(path, ": not an SQLite database (file is not a database)"));
    EXPECT_TRUE(ReadBytes(path) == bytes) << "the file was modified";
  }
}

TEST_F(StoreTest, RefusesAnotherApplicationsSqliteFileWithoutTouchingIt) {
  {
    // Someone else's database: tables, no application_id.
    const std::string path = PathOf("other.db");
    {
      RawDb raw(path);
      raw.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)");
      raw.exec("INSERT INTO orders (total) VALUES (12.5)");
    }
    const std::string before = ReadBytes(path);
    const absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
    EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(store.status().message(),
              absl::StrCat(path, " is not a postventa ledger (application_id 0x00000000)"));
    EXPECT_TRUE(ReadBytes(path) == before) << "the file was modified";
  }
  {
    // Another application's id, even with no tables yet (0x0f055112 is Fossil's).
    const std::string path = PathOf("fossil.db");
    {
      RawDb raw(path);
      raw.exec("PRAGMA application_id = 252006674");
    }
    const std::string before = ReadBytes(path);
    const absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
    EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(store.status().message(),
              absl::StrCat(path, " is not a postventa ledger (application_id 0x0f055112)"));
    EXPECT_TRUE(ReadBytes(path) == before) << "the file was modified";
  }
}

TEST_F(StoreTest, RefusesATruncatedFile) {
  const std::string path = PathOf("truncated.pvl");
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
    for (int batch = 0; batch < 10; ++batch) {
      const std::vector<Event> events = NumberedRange(batch * 1000, 1000);
      ASSERT_OK(store->append(Pointers(events)));
    }
    ASSERT_OK(store->close());
  }
  const std::string whole = ReadBytes(path);
  ASSERT_GT(whole.size(), 100000u);
  for (size_t keep : {whole.size() / 2, whole.size() - 4096, size_t{8192}}) {
    SCOPED_TRACE(keep);
    const std::string cut = whole.substr(0, keep);
    WriteBytes(path, cut);
    const absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
    EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_THAT(std::string(store.status().message()),
                StartsWith(path + ": the database is corrupt ("));
    EXPECT_TRUE(ReadBytes(path) == cut) << "the file was modified";
  }
}

// A page in the middle of the events table overwritten: the schema and header
// are intact, so it is quick_check at open that finds it.
TEST_F(StoreTest, RefusesAFileWithADamagedPage) {
  const std::string path = PathOf("damaged.pvl");
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
    for (int batch = 0; batch < 10; ++batch) {
      const std::vector<Event> events = NumberedRange(batch * 1000, 1000);
      ASSERT_OK(store->append(Pointers(events)));
    }
    ASSERT_OK(store->close());
  }
  std::string bytes = ReadBytes(path);
  const size_t page = 4096;  // SQLite's default page size
  const size_t middle = bytes.size() / page / 2 * page;
  bytes.replace(middle, page, std::string(page, '\xff'));
  WriteBytes(path, bytes);
  const absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(store.status().message()),
              StartsWith(path + ": the database is corrupt (quick_check: Page "));
  EXPECT_TRUE(ReadBytes(path) == bytes) << "the file was modified";
}

TEST_F(StoreTest, RefusesAFileWithADamagedHeader) {
  const std::string path = PathOf("header.pvl");
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path));
    ASSERT_OK(store->close());
  }
  std::string bytes = ReadBytes(path);
  bytes.replace(0, 16, "SQLite format 2");  // the magic string, one digit off
  WriteBytes(path, bytes);
  const absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(ReadBytes(path) == bytes) << "the file was modified";
}

TEST_F(StoreTest, ReportsPathsItCannotOpen) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(PathOf("no/such/dir.pvl"));
  EXPECT_EQ(store.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(store.status().message()),
              StartsWith(PathOf("no/such/dir.pvl") + ": cannot open"));

  store = OpenSqliteStore(dir_);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store.status().message(), dir_ + " is a directory");

  store = OpenSqliteStore("");
  EXPECT_EQ(store.status().code(), absl::StatusCode::kInvalidArgument);
  store = OpenSqliteStore(":memory:");
  EXPECT_EQ(store.status().code(), absl::StatusCode::kInvalidArgument);
}

// ---- Two stores on one file ------------------------------------------------------------

// One store appends batches of random sizes while another loads: every load is a
// snapshot, so it holds a whole number of batches (never part of one) and the
// events are the first ones appended, in order.
TEST_F(StoreTest, ALoadIsASnapshotOfWholeBatchesWhileAnotherStoreAppends) {
  const std::string path = PathOf("shared.pvl");
  constexpr int kBatches = 150;
  std::mt19937 random(42);
  std::vector<int64_t> ends = {0};  // cumulative batch boundaries
  for (int b = 0; b < kBatches; ++b) {
    ends.push_back(ends.back() + 1 + static_cast<int64_t>(random() % 50));
  }
  const std::set<int64_t> boundaries(ends.begin(), ends.end());
  const std::vector<Event> all = NumberedRange(0, ends.back());

  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> writer, OpenSqliteStore(path));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> reader, OpenSqliteStore(path));
  std::atomic<bool> done{false};
  absl::Status write_status;
  std::thread write([&] {
    for (int b = 0; b < kBatches && write_status.ok(); ++b) {
      std::vector<const Event*> batch;
      for (int64_t n = ends[b]; n < ends[b + 1]; ++n) batch.push_back(&all[n]);
      write_status = writer->append(batch);
    }
    done = true;
  });
  int loads = 0;
  std::set<size_t> seen;
  std::string failure;
  for (bool last = false; !last && failure.empty();) {
    last = done.load();  // one more load after the writer has finished
    absl::StatusOr<StoredState> state = reader->load();
    if (!state.ok()) {
      failure = state.status().ToString();
      break;
    }
    ++loads;
    const size_t count = state->events.size();
    seen.insert(count);
    if (!boundaries.count(static_cast<int64_t>(count))) {
      failure = absl::StrCat(count, " events is not a whole number of batches");
    } else if (!std::equal(state->events.begin(), state->events.end(), all.begin())) {
      failure = absl::StrCat("the snapshot of ", count, " events is not a prefix of the stream");
    }
  }
  // Join before any assertion can return from the test.
  write.join();
  ASSERT_TRUE(failure.empty()) << failure;
  ASSERT_OK(write_status);
  EXPECT_EQ(*seen.rbegin(), all.size());
  // Not guaranteed by the scheduler, so only reported: how many states were seen.
  std::cout << loads << " loads saw " << seen.size() << " distinct snapshots\n";
}

}  // namespace
}  // namespace store_internal
}  // namespace postventa
