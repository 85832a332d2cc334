// The ledger (SPEC §3): catalog, calendars and events in memory, validated by
// replaying each subject's history in date order, persisted through a Store.
//
// Subjects. Every event belongs to one history that is replayed to validate it:
// a unit (unit events), a complaint (`complaint_opened`/`complaint_resolved`,
// by case id), a service case (case events, by case id), or none (contacts and
// surveys, which have no lifecycle of their own).
//
// Writes. A write is applied to the in-memory state tentatively, event by
// event; if any event is refused, or the store fails to commit, every change
// is undone and the state is exactly as before. Only then is the write
// acknowledged. Readers take the lock shared and never see a tentative state.
#include "postventa/ledger.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/time.h"
#include "postventa/warranty.h"
#include "store/store.h"
#include "warranty/internal/unit_facts.h"

namespace postventa {
namespace {

// Order of events on one date: lifecycle rank, then time of day, then arrival.
int Rank(EventType type) {
  switch (type) {
    case EventType::kSold:
    case EventType::kComplaintOpened:
    case EventType::kCaseOpened:
      return 0;
    case EventType::kDelivered:
      return 1;
    case EventType::kDeliveryChecked:
      return 2;
    case EventType::kInstalled:
      return 3;
    case EventType::kInstallationChecked:
      return 4;
    case EventType::kRetired:
      return 9;
    default:
      return 5;
  }
}

struct Key {
  int64_t date;
  int rank;
  int64_t at_us;
  int64_t seq;
  friend bool operator<(const Key& a, const Key& b) {
    return std::tie(a.date, a.rank, a.at_us, a.seq) < std::tie(b.date, b.rank, b.at_us, b.seq);
  }
};

Key KeyOf(const Event& e, int64_t seq) {
  return Key{to_epoch_days(e.date), Rank(e.type),
             e.at ? absl::ToUnixMicros(*e.at) : std::numeric_limits<int64_t>::min(), seq};
}

std::string SubjectOf(const Event& e) {
  if (is_unit_event(e.type)) return absl::StrCat("u:", e.unit);
  switch (e.type) {
    case EventType::kComplaintOpened:
    case EventType::kComplaintResolved:
      return absl::StrCat("complaint:", e.case_id);
    case EventType::kCaseOpened:
    case EventType::kCaseStatus:
    case EventType::kCasePriority:
      return absl::StrCat("case:", e.case_id);
    default:
      return "";
  }
}

// Where a replacement unit comes from: the unit it replaced, and when.
struct Origin {
  std::string unit;
  Date date;
};

// Events that fix when a unit's cover starts: what a replacement inherits.
bool FixesCoverStart(EventType t) {
  return t == EventType::kSold || t == EventType::kDelivered || t == EventType::kInstalled ||
         t == EventType::kExtensionPurchased;
}

}  // namespace

class Ledger::Impl {
 public:
  explicit Impl(std::unique_ptr<store_internal::Store> store) : store_(std::move(store)) {}

  absl::Status Load() {
    absl::StatusOr<store_internal::StoredState> state = store_->load();
    if (!state.ok()) return state.status();
    for (size_t i = 0; i < state->products.size(); ++i) {
      absl::StatusOr<Product> product = parse_product(state->products[i]);
      if (!product.ok()) {
        return absl::DataLossError(
            absl::StrCat("stored product ", i, ": ", product.status().message()));
      }
      if (absl::Status s = catalog_.add_product(*std::move(product)); !s.ok()) return s;
    }
    for (const auto& [name, json] : state->calendars) {
      absl::StatusOr<Calendar> calendar = Calendar::from_json(json);
      if (!calendar.ok()) {
        return absl::DataLossError(
            absl::StrCat("stored calendar \"", name, "\": ", calendar.status().message()));
      }
      calendars_.insert_or_assign(name, *std::move(calendar));
    }
    absl::StatusOr<RecordResult> replayed = Write(state->events, /*batch=*/true, /*persist=*/false);
    if (!replayed.ok()) {
      return absl::DataLossError(
          absl::StrCat("the stored events do not replay: ", replayed.status().message()));
    }
    return absl::OkStatus();
  }

  absl::Status AddProduct(const Product& product) {
    absl::WriterMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    if (absl::Status s = validate_product(product); !s.ok()) return s;
    if (const Product* existing = catalog_.find_product(product.sku)) {
      // Same content: a no-op, as for events; different: the catalog says why.
      if (*existing == product) return absl::OkStatus();
      return catalog_.add_product(product);
    }
    if (absl::Status s = store_->put_product(product.sku, product_to_json(product)); !s.ok()) {
      return s;
    }
    return catalog_.add_product(product);
  }

  absl::Status AddCalendar(const std::string& name, const Calendar& calendar) {
    absl::WriterMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    if (name.empty()) return absl::InvalidArgumentError("name: a calendar needs a name");
    const std::string json = Calendar::config_to_json(calendar.config());
    if (auto it = calendars_.find(name); it != calendars_.end()) {
      if (it->second.config() == calendar.config()) return absl::OkStatus();
      return absl::AlreadyExistsError(
          absl::StrCat("calendar \"", name, "\" already exists with a different configuration"));
    }
    if (absl::Status s = store_->put_calendar(name, json); !s.ok()) return s;
    calendars_.insert_or_assign(name, calendar);
    return absl::OkStatus();
  }

  absl::StatusOr<RecordResult> Record(absl::Span<const Event> events, bool batch) {
    absl::WriterMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    return Write(events, batch, /*persist=*/true);
  }

  absl::StatusOr<std::vector<Event>> History(absl::string_view unit) const {
    absl::ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    const std::vector<int64_t>* own = OwnEvents(unit);
    if (own == nullptr) {
      return absl::NotFoundError(absl::StrCat("unit \"", unit, "\" has no events in this ledger"));
    }
    std::vector<Event> out;
    out.reserve(own->size());
    for (int64_t i : *own) out.push_back(events_[static_cast<size_t>(i)]);
    return out;
  }

  absl::StatusOr<Decision> AssessClaim(absl::string_view unit, Date claim_date,
                                       absl::string_view fault, const Quote& quote) const {
    absl::ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    const std::vector<int64_t>* own = OwnEvents(unit);
    if (own == nullptr) {
      return absl::NotFoundError(absl::StrCat("unit \"", unit, "\" has no events in this ledger"));
    }
    std::vector<const Event*> replay;
    Inherited(std::string(unit), &replay);
    for (int64_t i : *own) replay.push_back(&events_[static_cast<size_t>(i)]);
    const Product* product = ProductOf(replay);
    if (product == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat("unit \"", unit, "\" has no sold event"));
    }
    const Calendar* calendar = nullptr;
    if (product->maintenance && !product->maintenance->calendar.empty()) {
      auto cal = calendars_.find(product->maintenance->calendar);
      if (cal == calendars_.end()) {
        return absl::FailedPreconditionError(
            absl::StrCat("product \"", product->sku, "\": maintenance.calendar \"",
                         product->maintenance->calendar, "\" is not in this ledger"));
      }
      calendar = &cal->second;
    }
    return warranty_internal::AssessClaim(*product, replay, claim_date, fault, quote, calendar);
  }

  const Catalog& catalog() const { return catalog_; }

  int64_t EventCount() const {
    absl::ReaderMutexLock lock(&mu_);
    return static_cast<int64_t>(events_.size());
  }

  absl::Status Close() {
    absl::WriterMutexLock lock(&mu_);
    if (closed_) return absl::OkStatus();
    closed_ = true;
    return store_->close();
  }

 private:
  // A refusal found by replaying a history: the event that breaks it and why.
  struct Failure {
    size_t index;  // into the replayed events
    std::string why;
  };

  absl::Status Open() const {
    if (closed_) return absl::FailedPreconditionError("the ledger is closed");
    return absl::OkStatus();
  }

  int64_t SeqOf(const Event* e) const { return e - events_.data(); }

  // The unit's own events in replay order; an empty list for a replacement unit
  // with none yet; nullptr for an unknown unit.
  const std::vector<int64_t>* OwnEvents(absl::string_view unit) const {
    static const std::vector<int64_t> kNone;
    if (auto it = subjects_.find(absl::StrCat("u:", unit)); it != subjects_.end()) {
      return &it->second;
    }
    if (origins_.contains(unit)) return &kNone;
    return nullptr;
  }

  // A write: every event is inserted tentatively, then each history it touched
  // is replayed once, so a batch is judged as a whole (a back-dated repair and
  // its return may come together). On any refusal, or if the store fails,
  // everything is undone. Errors of a batch start with the event's position.
  absl::StatusOr<RecordResult> Write(absl::Span<const Event> events, bool batch, bool persist) {
    const int64_t first = static_cast<int64_t>(events_.size());
    RecordResult result;
    std::vector<size_t> position;  // batch position of each new event, by seq - first
    std::vector<std::string> touched;
    absl::flat_hash_map<std::string, bool> seen;
    auto fail = [&](size_t index, const absl::Status& status) {
      Rollback(first);
      if (!batch) return status;
      return absl::Status(status.code(), absl::StrCat("events[", index, "]: ", status.message()));
    };
    for (size_t i = 0; i < events.size(); ++i) {
      absl::StatusOr<bool> added = Insert(events[i], first);
      if (!added.ok()) return fail(i, added.status());
      if (!*added) {
        ++result.duplicates;
        continue;
      }
      ++result.stored;
      position.push_back(i);
      std::string subject = SubjectOf(events[i]);
      if (!subject.empty() && seen.emplace(subject, true).second)
        touched.push_back(std::move(subject));
    }
    for (const std::string& subject : touched) {
      int64_t blamed = -1;
      if (absl::Status s = ValidateSubject(subject, first, &blamed); !s.ok()) {
        return fail(position[static_cast<size_t>(blamed - first)], s);
      }
    }
    if (persist && result.stored > 0) {
      std::vector<const Event*> fresh;
      fresh.reserve(static_cast<size_t>(result.stored));
      for (size_t i = static_cast<size_t>(first); i < events_.size(); ++i)
        fresh.push_back(&events_[i]);
      if (absl::Status s = store_->append(fresh); !s.ok()) {
        Rollback(first);
        return s;
      }
    }
    return result;
  }

  // Undoes every event from `first` on.
  void Rollback(int64_t first) {
    for (int64_t seq = static_cast<int64_t>(events_.size()) - 1; seq >= first; --seq) {
      const Event& e = events_[static_cast<size_t>(seq)];
      by_id_.erase(e.id);
      const std::string subject = SubjectOf(e);
      if (!subject.empty()) {
        std::vector<int64_t>& list = subjects_[subject];
        list.erase(std::find(list.begin(), list.end(), seq));
        if (list.empty()) subjects_.erase(subject);
      }
      if (e.type == EventType::kReplaced) origins_.erase(e.new_unit);
    }
    events_.resize(static_cast<size_t>(first));
  }

  // Checks an event on its own and inserts it in its history's replay order.
  // true: inserted; false: a duplicate of a stored event (a no-op).
  absl::StatusOr<bool> Insert(const Event& event, int64_t first) {
    if (absl::Status s = validate_event_fields(event); !s.ok()) return s;
    if (auto it = by_id_.find(event.id); it != by_id_.end()) {
      const Event& stored = events_[static_cast<size_t>(it->second)];
      if (stored == event) return false;
      return absl::AlreadyExistsError(
          absl::StrCat("id \"", event.id, "\": already recorded with different content (",
                       event_type_name(stored.type), stored.unit.empty() ? "" : " of unit ",
                       stored.unit, " on ", format_date(stored.date), ")"));
    }
    if (event.type == EventType::kReplaced) {
      bool has_history = origins_.contains(event.new_unit);
      if (auto it = subjects_.find(absl::StrCat("u:", event.new_unit)); it != subjects_.end()) {
        for (int64_t i : it->second) has_history = has_history || i < first;
      }
      if (has_history) {
        return absl::FailedPreconditionError(
            absl::StrCat("new_unit: \"", event.new_unit, "\" already has a history"));
      }
    }
    const int64_t seq = static_cast<int64_t>(events_.size());
    events_.push_back(event);
    by_id_.emplace(event.id, seq);
    if (const std::string subject = SubjectOf(event); !subject.empty()) {
      std::vector<int64_t>& list = subjects_[subject];
      const Key key = KeyOf(event, seq);
      auto pos = std::upper_bound(list.begin(), list.end(), key, [&](const Key& k, int64_t i) {
        return k < KeyOf(events_[static_cast<size_t>(i)], i);
      });
      list.insert(pos, seq);
    }
    if (event.type == EventType::kReplaced) {
      origins_.insert_or_assign(event.new_unit, Origin{event.unit, event.date});
    }
    return true;
  }

  // Replays one history with the events of this write (seq >= first) in place.
  // On a refusal, sets *blamed to the new event to report it against.
  absl::Status ValidateSubject(const std::string& subject, int64_t first, int64_t* blamed) const {
    std::vector<const Event*> replay;
    const bool unit = subject.rfind("u:", 0) == 0;
    const std::string name = subject.substr(subject.find(':') + 1);
    if (unit) Inherited(name, &replay);
    const size_t inherited = replay.size();
    if (auto it = subjects_.find(subject); it != subjects_.end()) {
      for (int64_t i : it->second) replay.push_back(&events_[static_cast<size_t>(i)]);
    }
    std::optional<Failure> failure;
    if (unit) {
      if (auto origin = origins_.find(name); origin != origins_.end()) {
        for (size_t i = inherited; i < replay.size() && !failure; ++i) {
          if (replay[i]->date < origin->second.date) {
            failure =
                Failure{i, absl::StrCat("unit \"", name, "\" replaced unit \"", origin->second.unit,
                                        "\" only on ", format_date(origin->second.date))};
          }
        }
      }
      if (!failure) failure = ReplayUnit(replay, inherited);
    } else if (subject.rfind("complaint:", 0) == 0) {
      failure = ReplayComplaint(replay);
    } else {
      failure = ReplayCase(replay);
    }
    if (!failure) return absl::OkStatus();

    const Event& bad = *replay[failure->index];
    if (SeqOf(&bad) >= first) {
      *blamed = SeqOf(&bad);
      return absl::FailedPreconditionError(absl::StrCat(event_type_name(bad.type), " on ",
                                                        format_date(bad.date), ": ", failure->why));
    }
    // A stored event broke: blame the last new event replayed before it.
    for (size_t i = failure->index; i-- > 0;) {
      if (SeqOf(replay[i]) >= first) {
        const Event& cause = *replay[i];
        *blamed = SeqOf(&cause);
        return absl::FailedPreconditionError(
            absl::StrCat(event_type_name(cause.type), " on ", format_date(cause.date),
                         " would make the later ", event_type_name(bad.type), " (id \"", bad.id,
                         "\") on ", format_date(bad.date), " invalid: ", failure->why));
      }
    }
    // Not reachable for a history that was valid before this write; blame the
    // first new event of the subject rather than fail silently.
    for (const Event* e : replay) {
      if (SeqOf(e) >= first) *blamed = SeqOf(e);
    }
    return absl::FailedPreconditionError(
        absl::StrCat(event_type_name(bad.type), " on ", format_date(bad.date), ": ", failure->why));
  }

  // The product of a unit: from its (possibly inherited) sold event.
  const Product* ProductOf(const std::vector<const Event*>& replay) const {
    for (const Event* e : replay) {
      if (e->type == EventType::kSold) return catalog_.find_product(e->product);
    }
    return nullptr;
  }

  // The events a replacement unit inherits from the unit it replaced (and so on
  // up the chain): those that fix the cover start, dated up to the replacement.
  void Inherited(const std::string& unit, std::vector<const Event*>* out) const {
    auto origin = origins_.find(unit);
    if (origin == origins_.end()) return;
    std::vector<const Event*> parent;
    Inherited(origin->second.unit, &parent);
    auto it = subjects_.find(absl::StrCat("u:", origin->second.unit));
    if (it != subjects_.end()) {
      for (int64_t i : it->second) parent.push_back(&events_[static_cast<size_t>(i)]);
    }
    for (const Event* e : parent) {
      if (FixesCoverStart(e->type) && e->date <= origin->second.date) out->push_back(e);
    }
  }

  // The unit lifecycle of SPEC §3, replayed in date order.
  std::optional<Failure> ReplayUnit(const std::vector<const Event*>& replay,
                                    size_t inherited) const {
    const Product* product = nullptr;
    bool sold = false, delivered = false, installed = false, in_repair = false;
    std::optional<Date> ended;  // replaced or refunded: only retired may follow
    std::string ended_by;
    std::optional<Date> retired;
    std::optional<double> usage;
    for (size_t i = 0; i < replay.size(); ++i) {
      const Event& e = *replay[i];
      auto refuse = [&](std::string why) { return Failure{i, std::move(why)}; };
      if (retired) {
        return refuse(absl::StrCat("unit \"", e.unit, "\" was retired on ", format_date(*retired)));
      }
      if (i >= inherited && e.type != EventType::kRetired && ended) {
        return refuse(
            absl::StrCat("unit \"", e.unit, "\" was ", ended_by, " on ", format_date(*ended)));
      }
      if (e.type == EventType::kSold) {
        if (sold || i > 0) return refuse("sold must be the first event of a unit");
        product = catalog_.find_product(e.product);
        if (product == nullptr) {
          return refuse(absl::StrCat("product \"", e.product, "\" is not in the catalog"));
        }
        sold = true;
        continue;
      }
      if (!sold) return refuse(absl::StrCat("unit \"", e.unit, "\" has no sold event before it"));
      const bool needs_delivery = e.type != EventType::kExtensionPurchased &&
                                  e.type != EventType::kDelivered && e.type != EventType::kRetired;
      if (needs_delivery && !delivered) {
        return refuse(absl::StrCat("unit \"", e.unit, "\" has not been delivered"));
      }
      switch (e.type) {
        case EventType::kDelivered:
          if (delivered) return refuse("the unit was already delivered");
          delivered = true;
          break;
        case EventType::kInstalled:
          if (product->installation == InstallationMode::kNone) {
            return refuse(absl::StrCat("product \"", product->sku, "\" needs no installation"));
          }
          installed = true;
          break;
        case EventType::kInstallationChecked:
          if (!installed) return refuse("the unit has not been installed");
          break;
        case EventType::kMaintenanceDone:
        case EventType::kUsageReading:
          if (e.usage) {
            if (usage && *e.usage < *usage) {
              return refuse(absl::StrCat("usage ", *e.usage, " is below the earlier reading ",
                                         *usage, " (readings never decrease)"));
            }
            usage = e.usage;
          }
          break;
        case EventType::kRepairReceived:
          if (in_repair) return refuse("the unit is already in repair");
          in_repair = true;
          break;
        case EventType::kRepairReturned:
          if (!in_repair) return refuse("the unit is not in repair");
          in_repair = false;
          break;
        case EventType::kExtensionPurchased: {
          const WarrantyPolicy* policy = product->find_policy(e.policy);
          if (policy == nullptr || policy->kind != PolicyKind::kExtended) {
            return refuse(absl::StrCat("policy \"", e.policy,
                                       "\" is not an extended policy of product \"", product->sku,
                                       "\""));
          }
          break;
        }
        case EventType::kReplaced:
          ended = e.date;
          ended_by = "replaced";
          break;
        case EventType::kRefunded:
          ended = e.date;
          ended_by = "refunded";
          break;
        case EventType::kRetired:
          retired = e.date;
          break;
        default:  // delivery_checked, trained: after delivery, checked above
          break;
      }
    }
    return std::nullopt;
  }

  // A complaint: opened once, by one customer, then resolved once.
  std::optional<Failure> ReplayComplaint(const std::vector<const Event*>& replay) const {
    bool open = false, resolved = false;
    for (size_t i = 0; i < replay.size(); ++i) {
      const Event* e = replay[i];
      if (e->customer != replay.front()->customer) {
        return Failure{i, absl::StrCat("complaint \"", e->case_id, "\" belongs to customer \"",
                                       replay.front()->customer, "\", not \"", e->customer, "\"")};
      }
      if (e->type == EventType::kComplaintOpened) {
        if (open || resolved) {
          return Failure{i, absl::StrCat("complaint \"", e->case_id, "\" was already opened")};
        }
        open = true;
      } else {
        if (!open) return Failure{i, absl::StrCat("complaint \"", e->case_id, "\" is not open")};
        open = false;
        resolved = true;
      }
    }
    return std::nullopt;
  }

  // Service cases: opened first, once; statuses and priorities after. (The
  // status transitions and SLAs of SPEC §5 belong to the service module.)
  std::optional<Failure> ReplayCase(const std::vector<const Event*>& replay) const {
    for (size_t i = 0; i < replay.size(); ++i) {
      const Event* e = replay[i];
      const bool opening = e->type == EventType::kCaseOpened;
      if (opening && i > 0) {
        return Failure{i, absl::StrCat("case \"", e->case_id, "\" was already opened")};
      }
      if (!opening && i == 0) {
        return Failure{i, absl::StrCat("case \"", e->case_id, "\" has not been opened")};
      }
    }
    return std::nullopt;
  }

  mutable absl::Mutex mu_;
  std::unique_ptr<store_internal::Store> store_;
  bool closed_ = false;
  Catalog catalog_;
  absl::flat_hash_map<std::string, Calendar> calendars_;
  std::vector<Event> events_;                                        // arrival order
  absl::flat_hash_map<std::string, int64_t> by_id_;                  // id -> index
  absl::flat_hash_map<std::string, std::vector<int64_t>> subjects_;  // replay order
  absl::flat_hash_map<std::string, Origin> origins_;                 // replacement unit -> origin
};

Ledger::Ledger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ledger::~Ledger() {
  if (impl_) impl_->Close().IgnoreError();
}

absl::StatusOr<std::unique_ptr<Ledger>> Ledger::open_memory() {
  auto impl = std::make_unique<Impl>(store_internal::MakeMemoryStore());
  return std::unique_ptr<Ledger>(new Ledger(std::move(impl)));
}

absl::StatusOr<std::unique_ptr<Ledger>> Ledger::open(const std::string& path) {
  absl::StatusOr<std::unique_ptr<store_internal::Store>> store =
      store_internal::OpenSqliteStore(path);
  if (!store.ok()) return store.status();
  auto impl = std::make_unique<Impl>(*std::move(store));
  if (absl::Status s = impl->Load(); !s.ok()) return s;
  return std::unique_ptr<Ledger>(new Ledger(std::move(impl)));
}

absl::Status Ledger::add_product(const Product& product) { return impl_->AddProduct(product); }

absl::Status Ledger::add_calendar(const std::string& name, const Calendar& calendar) {
  return impl_->AddCalendar(name, calendar);
}

absl::StatusOr<RecordResult> Ledger::record(const Event& event) {
  return impl_->Record(absl::Span<const Event>(&event, 1), /*batch=*/false);
}

absl::StatusOr<RecordResult> Ledger::record_many(absl::Span<const Event> events) {
  return impl_->Record(events, /*batch=*/true);
}

absl::StatusOr<std::vector<Event>> Ledger::history(absl::string_view unit) const {
  return impl_->History(unit);
}

absl::StatusOr<Decision> Ledger::assess_claim(absl::string_view unit, Date claim_date,
                                              absl::string_view fault, const Quote& quote) const {
  return impl_->AssessClaim(unit, claim_date, fault, quote);
}

const Catalog& Ledger::catalog() const { return impl_->catalog(); }

int64_t Ledger::event_count() const { return impl_->EventCount(); }

absl::Status Ledger::close() { return impl_->Close(); }

}  // namespace postventa
