// The durable store of a ledger: one SQLite file (SPEC §3), through SQLite's C API.
//
// Durability. The file is in WAL mode with synchronous=FULL, and a write is
// acknowledged only once its COMMIT has returned SQLITE_OK. In WAL mode,
// synchronous=NORMAL syncs only at checkpoints: a transaction committed (and
// acknowledged) since the last checkpoint can be rolled back by a power loss.
// FULL syncs the WAL at every commit, so "acknowledged" means "on the disk, as
// far as the disk and the OS keep their fsync promise" — what SPEC §3 asks for.
// A crash of the process alone (SIGKILL) loses nothing in either mode.
//
// Concurrency. WAL lets other processes read consistent snapshots while one
// writer appends; busy_timeout makes a second writer (or a checkpoint) wait up to
// kBusyTimeoutMs for the lock instead of failing at once. A Store object itself
// is used by one thread at a time (the Ledger holds its write lock around every
// call), so the connection is opened without SQLite's own mutexes.
//
// Schema (version 1). Events are stored in typed columns, one per field of
// postventa::Event, rather than as JSON: loading a ledger is then a plain scan
// with no parsing, and an integrator can query the file with SQL. Empty strings
// and absent optionals are NULL. See kSchemaV1 for the encoding of each column.
// There is no index on `unit`: the ledger reads every event at open and never
// queries the file by unit, so an index would only slow ingestion down.
//
// Opening never modifies a file it refuses: the checks run in a read
// transaction, with checkpoint-on-close disabled, before anything is written
// (even the switch to WAL, which rewrites the header). The one write SQLite may
// make on a first read is its own crash recovery (rolling back a hot
// rollback journal left beside the file), as any SQLite program would.
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "nlohmann/json.hpp"
#include "postventa/event.h"
#include "postventa/time.h"
#include "store/store.h"

namespace postventa::store_internal {
namespace {

// How long a connection waits for another one's lock before giving up.
constexpr int kBusyTimeoutMs = 5000;

// Schema version 1. The comments are kept by SQLite in sqlite_master, so
// `.schema` in the sqlite3 shell shows them to whoever opens the file.
constexpr char kSchemaV1[] = R"sql(
CREATE TABLE products (
  sku  TEXT PRIMARY KEY NOT NULL,
  json TEXT NOT NULL                -- postventa::product_to_json
);
CREATE TABLE calendars (
  name TEXT PRIMARY KEY NOT NULL,
  json TEXT NOT NULL                -- the calendar configuration (SPEC 1.3)
);
CREATE TABLE events (
  seq        INTEGER PRIMARY KEY,   -- arrival order, 1, 2, 3, ...
  id         TEXT NOT NULL UNIQUE,  -- the ERP document id
  type       INTEGER NOT NULL,      -- postventa::EventType (= pv_event_type) number
  unit       TEXT,                  -- serial
  date       INTEGER NOT NULL,      -- days since 1970-01-01
  at_us      INTEGER,               -- `at`: Unix time in microseconds (UTC)
  customer   TEXT,
  product    TEXT,
  channel    TEXT,
  outcome    TEXT,
  by         TEXT,
  fault      TEXT,
  case_id    TEXT,                  -- the SPEC's `case`
  new_unit   TEXT,
  policy     TEXT,
  reason     TEXT,
  price      INTEGER,               -- amounts in integer minor currency units
  parts_cost INTEGER,
  labor_cost INTEGER,
  amount     INTEGER,
  attendees  INTEGER,
  usage      REAL,
  kind       TEXT,
  priority   TEXT,
  sla        TEXT,
  status     TEXT,
  instrument TEXT,
  score      REAL
);
)sql";

// Schema version 2: the named policies that are not part of a product (SLA
// policies, follow-up rule sets), one table for every kind.
constexpr char kSchemaV2[] = R"sql(
CREATE TABLE policies (
  kind TEXT NOT NULL,               -- "sla" (SPEC 5), "followups" (SPEC 6)
  name TEXT NOT NULL,
  json TEXT NOT NULL,               -- the policy's canonical JSON
  PRIMARY KEY (kind, name)
);
)sql";

// Schema version 3: the answers of multi-question surveys (SPEC 7), a JSON array
// of numbers and nulls (skipped questions); NULL when the event has none.
constexpr char kSchemaV3[] = R"sql(
ALTER TABLE events ADD COLUMN answers TEXT;
)sql";

// migrations[k] takes a file from schema version k to k + 1, inside the one
// transaction that also sets user_version. Version 0 is a database with no
// tables, so creating a new file is migrating it from version 0.
constexpr const char* kMigrations[] = {
    kSchemaV1,  // 0 -> 1
    kSchemaV2,  // 1 -> 2
    kSchemaV3,  // 2 -> 3
};
static_assert(std::size(kMigrations) == kSchemaVersion,
              "one migration per schema version: add the step to the new version");

// The columns of `events` after `seq`, in the order of kInsertEvent's parameters
// and of kSelectEvents' result columns.
#define PV_EVENT_COLUMNS                                                                         \
  "id, type, unit, date, at_us, customer, product, channel, outcome, by, fault, "                \
  "case_id, new_unit, policy, reason, price, parts_cost, labor_cost, amount, attendees, usage, " \
  "kind, priority, sla, status, instrument, score, answers"
constexpr int kEventColumnCount = 28;
constexpr char kInsertEvent[] =
    "INSERT INTO events (" PV_EVENT_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)";
constexpr char kSelectEvents[] = "SELECT " PV_EVENT_COLUMNS " FROM events ORDER BY seq";
#undef PV_EVENT_COLUMNS

// A product or calendar put again under the same key replaces its JSON and keeps
// its place in load()'s order (that of its first put).
constexpr char kPutProduct[] =
    "INSERT INTO products (sku, json) VALUES (?1, ?2) "
    "ON CONFLICT (sku) DO UPDATE SET json = excluded.json";
constexpr char kPutCalendar[] =
    "INSERT INTO calendars (name, json) VALUES (?1, ?2) "
    "ON CONFLICT (name) DO UPDATE SET json = excluded.json";
constexpr char kPutPolicy[] =
    "INSERT INTO policies (kind, name, json) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (kind, name) DO UPDATE SET json = excluded.json";

// ---- SQLite handles and errors ------------------------------------------------

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, CloseDb>;

struct FinalizeStmt {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, FinalizeStmt>;

// Resets a statement when the step that used it is done, whatever the outcome,
// so that it holds no read or write lock between calls.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~ResetOnExit() { sqlite3_reset(stmt_); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

// The absl::StatusCode of an SQLite (extended) result code.
absl::StatusCode CodeOf(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return absl::StatusCode::kAlreadyExists;
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::StatusCode::kDataLoss;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_PROTOCOL:
      return absl::StatusCode::kUnavailable;
    case SQLITE_FULL:
    case SQLITE_NOMEM:
      return absl::StatusCode::kResourceExhausted;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return absl::StatusCode::kPermissionDenied;
    case SQLITE_CANTOPEN:
      return absl::StatusCode::kUnavailable;
    case SQLITE_CONSTRAINT:
      return absl::StatusCode::kFailedPrecondition;
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
    case SQLITE_MISMATCH:
      return absl::StatusCode::kInvalidArgument;
    default:
      return absl::StatusCode::kInternal;
  }
}

// SQLite's own words for the last error on `db` (or for `rc` when there is no
// connection), e.g. "database is locked".
std::string SqliteMessage(sqlite3* db, int rc) {
  if (db != nullptr && sqlite3_errcode(db) == rc) return sqlite3_errmsg(db);
  return sqlite3_errstr(rc);
}

// `<context>: <SQLite's message>`, with the code SQLite's result maps to.
absl::Status SqliteError(sqlite3* db, int rc, absl::string_view context) {
  return absl::Status(CodeOf(rc), absl::StrCat(context, ": ", SqliteMessage(db, rc)));
}

// The error for a failure while reading a file at open or load: a damaged or
// foreign file gets the DataLoss messages the ledger documents.
absl::Status ReadError(sqlite3* db, int rc, const std::string& path, absl::string_view doing) {
  if ((rc & 0xff) == SQLITE_NOTADB) {
    return absl::DataLossError(
        absl::StrCat(path, ": not an SQLite database (", SqliteMessage(db, rc), ")"));
  }
  if ((rc & 0xff) == SQLITE_CORRUPT) {
    return absl::DataLossError(
        absl::StrCat(path, ": the database is corrupt (", doing, ": ", SqliteMessage(db, rc), ")"));
  }
  return SqliteError(db, rc, absl::StrCat(path, ": ", doing));
}

// Preparing reads the schema, so it is where a damaged file often shows first;
// `doing` says what for, in the error.
absl::StatusOr<StmtPtr> Prepare(sqlite3* db, absl::string_view sql, unsigned flags,
                                const std::string& path, absl::string_view doing) {
  sqlite3_stmt* stmt = nullptr;
  const int rc =
      sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), flags, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return ReadError(db, rc, path, doing);
  }
  return StmtPtr(stmt);
}

// Runs SQL that returns no rows (one or more statements).
absl::Status Exec(sqlite3* db, const char* sql, const std::string& path, absl::string_view doing) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return ReadError(db, rc, path, doing);
  return absl::OkStatus();
}

// Ends a failed transaction. ROLLBACK fails only when there is no transaction
// left (SQLite already rolled it back after an I/O error or a full disk), which
// is the state wanted.
void Rollback(sqlite3* db) {
  if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}

// ---- What a file holds -------------------------------------------------------

struct FileHeader {
  int64_t application_id = 0;
  int64_t user_version = 0;
  int64_t schema_objects = 0;  // tables, indexes, views, triggers
};

// Reads the header fields in one statement, hence one read transaction. On a
// file that is not an SQLite database this is where SQLite says so.
absl::StatusOr<FileHeader> ReadHeader(sqlite3* db, const std::string& path) {
  absl::StatusOr<StmtPtr> stmt = Prepare(
      db,
      "SELECT (SELECT application_id FROM pragma_application_id), "
      "(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)",
      0, path, "reading the header and schema");
  if (!stmt.ok()) return stmt.status();
  const int rc = sqlite3_step(stmt->get());
  if (rc != SQLITE_ROW) return ReadError(db, rc, path, "reading the header and schema");
  FileHeader header;
  header.application_id = sqlite3_column_int64(stmt->get(), 0);
  header.user_version = sqlite3_column_int64(stmt->get(), 1);
  header.schema_objects = sqlite3_column_int64(stmt->get(), 2);
  return header;
}

// What to do with a file, from its header: OK (open it as it is or migrate it)
// or the reason to refuse it.
absl::Status CheckHeader(const FileHeader& header, const std::string& path) {
  const bool blank =
      header.application_id == 0 && header.user_version == 0 && header.schema_objects == 0;
  if (blank) return absl::OkStatus();  // new or empty: initialised as version 0
  if (header.application_id != kApplicationId) {
    return absl::FailedPreconditionError(
        absl::StrFormat("%s is not a postventa ledger (application_id 0x%08x)", path,
                        static_cast<uint32_t>(header.application_id)));
  }
  if (header.user_version > kSchemaVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " was written by a newer postventa (schema ", header.user_version,
                     ", this library reads up to ", kSchemaVersion, ")"));
  }
  if (header.user_version < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": unknown schema version ", header.user_version));
  }
  return absl::OkStatus();
}

// SQLite's structural check of every b-tree (`PRAGMA quick_check`).
absl::Status QuickCheck(sqlite3* db, const std::string& path) {
  absl::StatusOr<StmtPtr> stmt =
      Prepare(db, "PRAGMA quick_check(1)", 0, path, "checking integrity");
  if (!stmt.ok()) return stmt.status();
  const int rc = sqlite3_step(stmt->get());
  if (rc != SQLITE_ROW) return ReadError(db, rc, path, "checking integrity");
  const unsigned char* text = sqlite3_column_text(stmt->get(), 0);
  std::string verdict = text == nullptr ? "" : reinterpret_cast<const char*>(text);
  if (verdict != "ok") {
    // "*** in database main ***\nPage 89: btreeInitPage() returns error code 11"
    // -> "Page 89: btreeInitPage() returns error code 11"
    verdict = absl::StrReplaceAll(verdict, {{"*** in database main ***\n", ""}, {"\n", "; "}});
    return absl::DataLossError(
        absl::StrCat(path, ": the database is corrupt (quick_check: ", verdict, ")"));
  }
  return absl::OkStatus();
}

// Takes the file to kSchemaVersion in one write transaction. The header is read
// again under the write lock: another process may have created or migrated the
// file since the first look.
absl::Status Migrate(sqlite3* db, const std::string& path) {
  if (absl::Status s = Exec(db, "BEGIN IMMEDIATE", path, "starting the schema migration");
      !s.ok()) {
    return s;
  }
  auto fail = [&](absl::Status s) {
    Rollback(db);
    return s;
  };
  absl::StatusOr<FileHeader> header = ReadHeader(db, path);
  if (!header.ok()) return fail(header.status());
  if (absl::Status s = CheckHeader(*header, path); !s.ok()) return fail(s);
  if (header->user_version == kSchemaVersion) {
    Rollback(db);  // migrated meanwhile: nothing to write
    return absl::OkStatus();
  }
  for (int64_t version = header->user_version; version < kSchemaVersion; ++version) {
    const std::string doing =
        absl::StrCat("migrating the schema from version ", version, " to ", version + 1);
    if (absl::Status s = Exec(db, kMigrations[version], path, doing); !s.ok()) {
      // A step that does not apply (SQLITE_ERROR: say, a table it creates is
      // already there) means a file in a state no version of postventa wrote.
      return fail(
          s.code() == absl::StatusCode::kInternal ? absl::FailedPreconditionError(s.message()) : s);
    }
  }
  const std::string stamp = absl::StrCat("PRAGMA application_id = ", kApplicationId,
                                         "; PRAGMA user_version = ", kSchemaVersion);
  if (absl::Status s = Exec(db, stamp.c_str(), path, "stamping the schema version"); !s.ok()) {
    return fail(s);
  }
  const int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    return fail(SqliteError(db, rc, absl::StrCat(path, ": committing the schema migration")));
  }
  return absl::OkStatus();
}

// ---- Binding and reading events ----------------------------------------------

// Binds the fields of an event to kInsertEvent's parameters (1-based, in
// kEventColumnCount order). Strings are bound SQLITE_STATIC: they outlive the step.
class EventBinder {
 public:
  explicit EventBinder(sqlite3_stmt* stmt) : stmt_(stmt) {}

  void text(const std::string& value) {
    const int i = next_++;
    if (value.empty()) {
      note(sqlite3_bind_null(stmt_, i));
    } else {
      note(sqlite3_bind_text64(stmt_, i, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8));
    }
  }
  void integer(int64_t value) { note(sqlite3_bind_int64(stmt_, next_++, value)); }
  void integer(const std::optional<int64_t>& value) {
    if (value.has_value()) {
      integer(*value);
    } else {
      null();
    }
  }
  void real(const std::optional<double>& value) {
    const int i = next_++;
    note(value.has_value() ? sqlite3_bind_double(stmt_, i, *value) : sqlite3_bind_null(stmt_, i));
  }
  void null() { note(sqlite3_bind_null(stmt_, next_++)); }
  // A list as a JSON array (numbers in their shortest round-trip form, null
  // for an absent entry); NULL when empty.
  void list(const std::vector<std::optional<double>>& values) {
    if (values.empty()) {
      null();
      return;
    }
    nlohmann::json array = nlohmann::json::array();
    for (const std::optional<double>& v : values) {
      array.push_back(v ? nlohmann::json(*v) : nlohmann::json(nullptr));
    }
    const std::string text = array.dump();
    note(sqlite3_bind_text64(stmt_, next_++, text.data(), text.size(), SQLITE_TRANSIENT,
                             SQLITE_UTF8));
  }

  int bound() const { return next_ - 1; }
  int result() const { return rc_; }

 private:
  void note(int rc) {
    if (rc_ == SQLITE_OK) rc_ = rc;
  }
  sqlite3_stmt* stmt_;
  int next_ = 1;
  int rc_ = SQLITE_OK;
};

// Checks what the columns cannot hold, so that load() never gives back an event
// other than the one appended: SQLite turns a NaN into NULL, and `at_us` is a
// 64-bit count of microseconds (the library's resolution; validate_event_fields
// refuses finer ones too). `field()` spells the event's field path, "events[3]".
template <typename FieldPath>
absl::Status CheckStorable(const Event& event, const FieldPath& field) {
  if (event.usage.has_value() && std::isnan(*event.usage)) {
    return absl::InvalidArgumentError(absl::StrCat(field(), ".usage: NaN cannot be stored"));
  }
  if (event.score.has_value() && std::isnan(*event.score)) {
    return absl::InvalidArgumentError(absl::StrCat(field(), ".score: NaN cannot be stored"));
  }
  for (size_t i = 0; i < event.answers.size(); ++i) {
    if (event.answers[i] && !std::isfinite(*event.answers[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat(field(), ".answers[", i, "]: ", *event.answers[i], " cannot be stored"));
    }
  }
  if (event.at.has_value()) {
    // ToUnixMicros rounds down and saturates (an infinite `at` included), so
    // only a whole, in-range count of microseconds comes back unchanged.
    const absl::Time at = *event.at;
    if (absl::FromUnixMicros(absl::ToUnixMicros(at)) != at) {
      return absl::InvalidArgumentError(absl::StrCat(
          field(), ".at: ", absl::FormatTime("%Y-%m-%d%ET%H:%M:%E*SZ", at, absl::UTCTimeZone()),
          " is not a whole number of microseconds since 1970 that fits in 64 bits"));
    }
  }
  return absl::OkStatus();
}

int BindEvent(sqlite3_stmt* stmt, const Event& e) {
  EventBinder b(stmt);
  b.text(e.id);
  b.integer(static_cast<int64_t>(e.type));
  b.text(e.unit);
  b.integer(to_epoch_days(e.date));
  if (e.at.has_value()) {
    b.integer(absl::ToUnixMicros(*e.at));  // exact: CheckStorable saw whole microseconds
  } else {
    b.null();
  }
  b.text(e.customer);
  b.text(e.product);
  b.text(e.channel);
  b.text(e.outcome);
  b.text(e.by);
  b.text(e.fault);
  b.text(e.case_id);
  b.text(e.new_unit);
  b.text(e.policy);
  b.text(e.reason);
  b.integer(e.price);
  b.integer(e.parts_cost);
  b.integer(e.labor_cost);
  b.integer(e.amount);
  b.integer(e.attendees);
  b.real(e.usage);
  b.text(e.kind);
  b.text(e.priority);
  b.text(e.sla);
  b.text(e.status);
  b.text(e.instrument);
  b.real(e.score);
  b.list(e.answers);
  return b.result();
}

std::string ColumnText(sqlite3_stmt* stmt, int i) {
  const unsigned char* text = sqlite3_column_text(stmt, i);
  if (text == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
}

bool IsNull(sqlite3_stmt* stmt, int i) { return sqlite3_column_type(stmt, i) == SQLITE_NULL; }

std::optional<int64_t> ColumnInteger(sqlite3_stmt* stmt, int i) {
  if (IsNull(stmt, i)) return std::nullopt;
  return sqlite3_column_int64(stmt, i);
}

std::optional<double> ColumnReal(sqlite3_stmt* stmt, int i) {
  if (IsNull(stmt, i)) return std::nullopt;
  return sqlite3_column_double(stmt, i);
}

// The answers column: a JSON array of numbers and nulls, or NULL.
absl::Status ColumnList(sqlite3_stmt* stmt, int i, std::vector<std::optional<double>>* out) {
  if (IsNull(stmt, i)) return absl::OkStatus();
  const std::string text = ColumnText(stmt, i);
  nlohmann::json array = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!array.is_array()) {
    return absl::DataLossError(absl::StrCat("answers: not a JSON array: ", text));
  }
  for (const nlohmann::json& v : array) {
    if (v.is_null()) {
      out->emplace_back();
    } else if (v.is_number()) {
      out->emplace_back(v.get<double>());
    } else {
      return absl::DataLossError(absl::StrCat("answers: not a number or null: ", v.dump()));
    }
  }
  return absl::OkStatus();
}

// The event in the current row of kSelectEvents (columns in kEventColumnCount order).
absl::StatusOr<Event> ReadEvent(sqlite3_stmt* stmt) {
  Event e;
  int i = 0;
  e.id = ColumnText(stmt, i++);
  e.type = static_cast<EventType>(sqlite3_column_int64(stmt, i++));
  e.unit = ColumnText(stmt, i++);
  e.date = from_epoch_days(sqlite3_column_int64(stmt, i++));
  if (const std::optional<int64_t> at_us = ColumnInteger(stmt, i++); at_us.has_value()) {
    e.at = absl::FromUnixMicros(*at_us);
  }
  e.customer = ColumnText(stmt, i++);
  e.product = ColumnText(stmt, i++);
  e.channel = ColumnText(stmt, i++);
  e.outcome = ColumnText(stmt, i++);
  e.by = ColumnText(stmt, i++);
  e.fault = ColumnText(stmt, i++);
  e.case_id = ColumnText(stmt, i++);
  e.new_unit = ColumnText(stmt, i++);
  e.policy = ColumnText(stmt, i++);
  e.reason = ColumnText(stmt, i++);
  e.price = ColumnInteger(stmt, i++);
  e.parts_cost = ColumnInteger(stmt, i++);
  e.labor_cost = ColumnInteger(stmt, i++);
  e.amount = ColumnInteger(stmt, i++);
  e.attendees = ColumnInteger(stmt, i++);
  e.usage = ColumnReal(stmt, i++);
  e.kind = ColumnText(stmt, i++);
  e.priority = ColumnText(stmt, i++);
  e.sla = ColumnText(stmt, i++);
  e.status = ColumnText(stmt, i++);
  e.instrument = ColumnText(stmt, i++);
  e.score = ColumnReal(stmt, i++);
  if (absl::Status s = ColumnList(stmt, i++, &e.answers); !s.ok()) {
    return absl::DataLossError(absl::StrCat("event \"", e.id, "\": ", s.message()));
  }
  return e;
}

// ---- The store -------------------------------------------------------------------

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, DbPtr db) : path_(std::move(path)), db_(std::move(db)) {}
  ~SqliteStore() override { (void)close(); }

  // Prepares the statements kept for the life of the store.
  absl::Status prepare() {
    struct {
      StmtPtr* stmt;
      const char* sql;
    } const statements[] = {
        {&begin_, "BEGIN IMMEDIATE"},   {&commit_, "COMMIT"},
        {&insert_event_, kInsertEvent}, {&put_product_, kPutProduct},
        {&put_calendar_, kPutCalendar}, {&put_policy_, kPutPolicy},
    };
    for (const auto& [stmt, sql] : statements) {
      absl::StatusOr<StmtPtr> prepared =
          Prepare(db_.get(), sql, SQLITE_PREPARE_PERSISTENT, path_, "preparing the statements");
      if (!prepared.ok()) return prepared.status();
      *stmt = *std::move(prepared);
    }
    if (sqlite3_bind_parameter_count(insert_event_.get()) != kEventColumnCount) {
      return absl::InternalError("the event insert does not bind every column");
    }
    return absl::OkStatus();
  }

  absl::StatusOr<StoredState> load() override {
    if (absl::Status s = check_open(); !s.ok()) return s;
    sqlite3* db = db_.get();
    // One read transaction over the three SELECTs: a snapshot even while another
    // process appends (in WAL mode a reader never waits for the writer).
    if (absl::Status s = Exec(db, "BEGIN", path_, "starting the load"); !s.ok()) return s;
    absl::StatusOr<StoredState> state = read_all();
    if (!state.ok()) {
      Rollback(db);
      return state.status();
    }
    const int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
      Rollback(db);
      return ReadError(db, rc, path_, "ending the load");
    }
    return state;
  }

  absl::Status put_product(absl::string_view sku, absl::string_view json) override {
    return put(put_product_.get(), absl::StrCat("\"", sku, "\" in products"), {sku, json});
  }

  absl::Status put_calendar(absl::string_view name, absl::string_view json) override {
    return put(put_calendar_.get(), absl::StrCat("\"", name, "\" in calendars"), {name, json});
  }

  absl::Status put_policy(absl::string_view kind, absl::string_view name,
                          absl::string_view json) override {
    return put(put_policy_.get(), absl::StrCat(kind, " policy \"", name, "\""), {kind, name, json});
  }

  absl::Status append(absl::Span<const Event* const> events) override {
    if (absl::Status s = check_open(); !s.ok()) return s;
    if (events.empty()) return absl::OkStatus();
    if (absl::Status s = begin(); !s.ok()) return s;
    sqlite3_stmt* insert = insert_event_.get();
    for (size_t i = 0; i < events.size(); ++i) {
      // The field path is only spelled out for an error: this loop is the hot path.
      auto field = [i] { return absl::StrCat("events[", i, "]"); };
      if (events[i] == nullptr) {
        return abort(absl::InvalidArgumentError(absl::StrCat(field(), ": null event")));
      }
      const Event& event = *events[i];
      if (absl::Status s = CheckStorable(event, field); !s.ok()) return abort(s);
      ResetOnExit reset(insert);
      int rc = BindEvent(insert, event);
      if (rc == SQLITE_OK) rc = sqlite3_step(insert);
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return abort(absl::AlreadyExistsError(absl::StrCat(field(), ".id: \"", event.id,
                                                           "\" is already stored (",
                                                           sqlite3_errmsg(db_.get()), ")")));
      }
      if (rc != SQLITE_DONE) {
        return abort(SqliteError(
            db_.get(), rc, absl::StrCat(path_, ": storing ", field(), " (id \"", event.id, "\")")));
      }
    }
    return commit();
  }

  absl::Status close() override {
    if (db_ == nullptr) return absl::OkStatus();
    begin_.reset();
    commit_.reset();
    insert_event_.reset();
    put_product_.reset();
    put_calendar_.reset();
    put_policy_.reset();
    // The last connection to close checkpoints the WAL into the file and removes it.
    const int rc = sqlite3_close(db_.get());
    if (rc != SQLITE_OK) {
      absl::Status error = SqliteError(db_.get(), rc, absl::StrCat(path_, ": closing"));
      db_.reset();  // sqlite3_close_v2 finishes the job once nothing uses it
      return error;
    }
    (void)db_.release();
    return absl::OkStatus();
  }

 private:
  absl::Status check_open() const {
    if (db_ == nullptr) return absl::FailedPreconditionError(path_ + ": the store is closed");
    return absl::OkStatus();
  }

  // BEGIN IMMEDIATE takes the write lock at once, so a busy file is reported
  // (after kBusyTimeoutMs) before any work, never half-way through a batch.
  absl::Status begin() {
    ResetOnExit reset(begin_.get());
    const int rc = sqlite3_step(begin_.get());
    if (rc != SQLITE_DONE) {
      return SqliteError(db_.get(), rc, absl::StrCat(path_, ": starting a write transaction"));
    }
    return absl::OkStatus();
  }

  // The write is acknowledged only when COMMIT returns SQLITE_OK (SQLITE_DONE
  // for a prepared statement): with synchronous=FULL, the WAL has been synced.
  absl::Status commit() {
    ResetOnExit reset(commit_.get());
    const int rc = sqlite3_step(commit_.get());
    if (rc != SQLITE_DONE) {
      absl::Status error = SqliteError(db_.get(), rc, absl::StrCat(path_, ": committing"));
      Rollback(db_.get());
      return error;
    }
    return absl::OkStatus();
  }

  absl::Status abort(absl::Status error) {
    Rollback(db_.get());
    return error;
  }

  // One upsert: binds `values` to ?1, ?2, ... and commits. `what` names the row
  // in an error ("\"madrid\" in calendars").
  absl::Status put(sqlite3_stmt* stmt, absl::string_view what,
                   std::initializer_list<absl::string_view> values) {
    if (absl::Status s = check_open(); !s.ok()) return s;
    if (absl::Status s = begin(); !s.ok()) return s;
    int rc = SQLITE_OK;
    {
      ResetOnExit reset(stmt);
      int index = 0;
      for (absl::string_view value : values) {
        // A string_view's data() may be null when empty, which SQLite would bind
        // as NULL; bind "" instead so that an empty key or JSON stays a string.
        if (rc == SQLITE_OK) {
          rc = sqlite3_bind_text64(stmt, ++index, value.empty() ? "" : value.data(), value.size(),
                                   SQLITE_STATIC, SQLITE_UTF8);
        }
      }
      if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    }
    if (rc != SQLITE_DONE) {
      return abort(SqliteError(db_.get(), rc, absl::StrCat(path_, ": storing ", what)));
    }
    return commit();
  }

  absl::StatusOr<StoredState> read_all() {
    sqlite3* db = db_.get();
    StoredState state;
    // Keys and JSON, in the order of first insertion.
    {
      absl::StatusOr<StmtPtr> stmt =
          Prepare(db, "SELECT json FROM products ORDER BY rowid", 0, path_, "reading products");
      if (!stmt.ok()) return stmt.status();
      int rc = SQLITE_OK;
      while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
        state.products.push_back(ColumnText(stmt->get(), 0));
      }
      if (rc != SQLITE_DONE) return ReadError(db, rc, path_, "reading products");
    }
    {
      absl::StatusOr<StmtPtr> stmt = Prepare(db, "SELECT name, json FROM calendars ORDER BY rowid",
                                             0, path_, "reading calendars");
      if (!stmt.ok()) return stmt.status();
      int rc = SQLITE_OK;
      while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
        state.calendars.emplace_back(ColumnText(stmt->get(), 0), ColumnText(stmt->get(), 1));
      }
      if (rc != SQLITE_DONE) return ReadError(db, rc, path_, "reading calendars");
    }
    {
      absl::StatusOr<StmtPtr> stmt = Prepare(
          db, "SELECT kind, name, json FROM policies ORDER BY rowid", 0, path_, "reading policies");
      if (!stmt.ok()) return stmt.status();
      int rc = SQLITE_OK;
      while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
        state.policies.push_back(StoredPolicy{
            ColumnText(stmt->get(), 0), ColumnText(stmt->get(), 1), ColumnText(stmt->get(), 2)});
      }
      if (rc != SQLITE_DONE) return ReadError(db, rc, path_, "reading policies");
    }
    {
      // seq is never reused or deleted, so max(seq) (a b-tree lookup) bounds the count.
      absl::StatusOr<StmtPtr> stmt =
          Prepare(db, "SELECT max(seq) FROM events", 0, path_, "reading events");
      if (!stmt.ok()) return stmt.status();
      const int rc = sqlite3_step(stmt->get());
      if (rc != SQLITE_ROW) return ReadError(db, rc, path_, "reading events");
      const int64_t last = sqlite3_column_int64(stmt->get(), 0);
      if (last > 0 && last < (int64_t{1} << 32)) state.events.reserve(static_cast<size_t>(last));
    }
    absl::StatusOr<StmtPtr> stmt = Prepare(db, kSelectEvents, 0, path_, "reading events");
    if (!stmt.ok()) return stmt.status();
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
      absl::StatusOr<Event> event = ReadEvent(stmt->get());
      if (!event.ok()) return event.status();
      state.events.push_back(*std::move(event));
    }
    if (rc != SQLITE_DONE) return ReadError(db, rc, path_, "reading events");
    return state;
  }

  std::string path_;
  DbPtr db_;
  StmtPtr begin_;
  StmtPtr commit_;
  StmtPtr insert_event_;
  StmtPtr put_product_;
  StmtPtr put_calendar_;
  StmtPtr put_policy_;
};

// Puts the file in WAL mode (persistent; a no-op when it already is). Leaving
// rollback-journal mode takes an exclusive lock, and SQLite does not call the
// busy handler where waiting could deadlock — this connection holding a shared
// lock while another holds the reserved one, as when two processes create the
// same file at once — so this retries by itself, within the same time budget.
absl::Status SwitchToWal(sqlite3* db, const std::string& path) {
  const absl::Time deadline = absl::Now() + absl::Milliseconds(kBusyTimeoutMs);
  for (int attempt = 0;; ++attempt) {
    absl::StatusOr<StmtPtr> stmt =
        Prepare(db, "PRAGMA journal_mode = WAL", 0, path, "switching to WAL");
    if (!stmt.ok()) return stmt.status();
    const int rc = sqlite3_step(stmt->get());
    const std::string mode = rc == SQLITE_ROW ? ColumnText(stmt->get(), 0) : "";
    if (mode == "wal") return absl::OkStatus();
    // Busy, or the old mode given back because the switch could not be made now.
    if (((rc & 0xff) == SQLITE_BUSY || rc == SQLITE_ROW) && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(std::min(1 << std::min(attempt, 4), 10)));
      continue;
    }
    if (rc != SQLITE_ROW) return ReadError(db, rc, path, "switching to WAL");
    return absl::FailedPreconditionError(absl::StrCat(
        path, ": cannot use write-ahead logging (the journal mode stays \"", mode, "\")"));
  }
}

// The error for a file SQLite could not open, by the reason the OS gave.
absl::Status OpenError(sqlite3* db, int rc, const std::string& path) {
  const int os_errno = db != nullptr ? sqlite3_system_errno(db) : 0;
  const std::string message =
      absl::StrCat(path, ": cannot open (", SqliteMessage(db, rc),
                   os_errno != 0 ? absl::StrCat(": errno ", os_errno) : "", ")");
  switch (os_errno) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
    case EROFS:
      return absl::PermissionDeniedError(message);
    default:
      return absl::Status(CodeOf(rc), message);
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  // "" and ":memory:" would open a temporary or in-memory database: not durable.
  if (path.empty() || path == ":memory:") {
    return absl::InvalidArgumentError(
        absl::StrCat("path: \"", path, "\" is not a file; use the in-memory ledger instead"));
  }
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(path, " is a directory"));
  }

  sqlite3* raw = nullptr;
  const int open_rc = sqlite3_open_v2(
      path.c_str(), &raw,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
      nullptr);
  DbPtr db(raw);
  if (open_rc != SQLITE_OK) return OpenError(db.get(), open_rc, path);
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  // Until the file is known to be ours, closing must not checkpoint a WAL into
  // it (that would rewrite a file we refuse).
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);

  absl::StatusOr<FileHeader> header = ReadHeader(db.get(), path);
  if (!header.ok()) return header.status();
  if (absl::Status s = CheckHeader(*header, path); !s.ok()) return s;

  // A file with content gets SQLite's structural check before anything is
  // written to it. quick_check reads every page once (O(file size); it skips
  // integrity_check's cross-check of index entries against rows). The ledger
  // reads every event at open anyway, so the cost is a fraction of opening (on
  // 1 M events, a 100 MB file: quick_check 0.26 s, load 1.4 s), and in exchange
  // a damaged file — including index pages load() never reads — is refused at
  // open rather than found by a later write. (SQLite itself already refuses a
  // file shorter than its header's page count, at the first read.)
  if (header->schema_objects > 0) {
    if (absl::Status s = QuickCheck(db.get(), path); !s.ok()) return s;
  }

  // Per-connection settings, then the file's journal mode. See the file comment
  // for FULL rather than NORMAL.
  if (absl::Status s = Exec(db.get(), "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", path,
                            "configuring the connection");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = SwitchToWal(db.get(), path); !s.ok()) return s;

  if (header->user_version < kSchemaVersion) {
    if (absl::Status s = Migrate(db.get(), path); !s.ok()) return s;
  }
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);

  auto store = std::make_unique<SqliteStore>(path, std::move(db));
  if (absl::Status s = store->prepare(); !s.ok()) return s;
  return store;
}

}  // namespace postventa::store_internal
