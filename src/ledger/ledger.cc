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
    Undo undo;
    for (size_t i = 0; i < state->events.size(); ++i) {
      absl::StatusOr<bool> added = Apply(state->events[i], &undo);
      if (!added.ok()) {
        return absl::DataLossError(absl::StrCat("stored event ", i, " (id \"", state->events[i].id,
                                                "\") does not replay: ", added.status().message()));
      }
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
    Undo undo;
    RecordResult result;
    for (size_t i = 0; i < events.size(); ++i) {
      absl::StatusOr<bool> added = Apply(events[i], &undo);
      if (!added.ok()) {
        Rollback(undo);
        if (!batch) return added.status();
        return absl::Status(added.status().code(),
                            absl::StrCat("events[", i, "]: ", added.status().message()));
      }
      if (*added) {
        ++result.stored;
      } else {
        ++result.duplicates;
      }
    }
    if (!undo.added.empty()) {
      // Pointers only now: events_ may have grown (and moved) during the batch.
      std::vector<const Event*> fresh;
      fresh.reserve(undo.added.size());
      for (int64_t i : undo.added) fresh.push_back(&events_[static_cast<size_t>(i)]);
      if (absl::Status s = store_->append(fresh); !s.ok()) {
        Rollback(undo);
        return s;
      }
    }
    return result;
  }

  absl::StatusOr<std::vector<Event>> History(absl::string_view unit) const {
    absl::ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    auto it = subjects_.find(absl::StrCat("u:", unit));
    if (it == subjects_.end()) {
      return absl::NotFoundError(absl::StrCat("unit \"", unit, "\" has no events in this ledger"));
    }
    std::vector<Event> out;
    out.reserve(it->second.size());
    for (int64_t i : it->second) out.push_back(events_[static_cast<size_t>(i)]);
    return out;
  }

  absl::StatusOr<Decision> AssessClaim(absl::string_view unit, Date claim_date,
                                       absl::string_view fault, const Quote& quote) const {
    absl::ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    const std::string subject = absl::StrCat("u:", unit);
    auto it = subjects_.find(subject);
    if (it == subjects_.end()) {
      return absl::NotFoundError(absl::StrCat("unit \"", unit, "\" has no events in this ledger"));
    }
    std::vector<const Event*> replay;
    Inherited(std::string(unit), &replay);
    for (int64_t i : it->second) replay.push_back(&events_[static_cast<size_t>(i)]);
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
  // What a tentative write changed, to undo it.
  struct Undo {
    std::vector<int64_t> added;  // indices into events_, in order added
  };

  absl::Status Open() const {
    if (closed_) return absl::FailedPreconditionError("the ledger is closed");
    return absl::OkStatus();
  }

  void Rollback(const Undo& undo) {
    for (auto it = undo.added.rbegin(); it != undo.added.rend(); ++it) {
      const Event& e = events_[static_cast<size_t>(*it)];
      by_id_.erase(e.id);
      const std::string subject = SubjectOf(e);
      if (!subject.empty()) {
        std::vector<int64_t>& list = subjects_[subject];
        list.erase(std::find(list.begin(), list.end(), *it));
        if (list.empty()) subjects_.erase(subject);
      }
      if (e.type == EventType::kReplaced) origins_.erase(e.new_unit);
      events_.pop_back();  // indices were appended in order: *it is the last
    }
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

  // Applies one event tentatively. true: stored; false: a duplicate (no-op).
  absl::StatusOr<bool> Apply(const Event& event, Undo* undo) {
    if (absl::Status s = validate_event_fields(event); !s.ok()) return s;
    if (auto it = by_id_.find(event.id); it != by_id_.end()) {
      const Event& stored = events_[static_cast<size_t>(it->second)];
      if (stored == event) return false;
      return absl::AlreadyExistsError(
          absl::StrCat("id \"", event.id, "\": already recorded with different content (",
                       event_type_name(stored.type), stored.unit.empty() ? "" : " of unit ",
                       stored.unit, " on ", format_date(stored.date), ")"));
    }
    const int64_t seq = static_cast<int64_t>(events_.size());
    const std::string subject = SubjectOf(event);
    if (!subject.empty()) {
      if (absl::Status s = Validate(event, subject, seq); !s.ok()) return s;
    }
    events_.push_back(event);
    by_id_.emplace(event.id, seq);
    if (!subject.empty()) {
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
    undo->added.push_back(seq);
    return true;
  }

  // Replays the subject's history with `event` in its place.
  absl::Status Validate(const Event& event, const std::string& subject, int64_t seq) const {
    std::vector<const Event*> replay;
    if (is_unit_event(event.type)) Inherited(event.unit, &replay);
    const size_t inherited = replay.size();
    const Key key = KeyOf(event, seq);
    bool placed = false;
    if (auto it = subjects_.find(subject); it != subjects_.end()) {
      for (int64_t i : it->second) {
        const Event& e = events_[static_cast<size_t>(i)];
        if (!placed && key < KeyOf(e, i)) {
          replay.push_back(&event);
          placed = true;
        }
        replay.push_back(&e);
      }
    }
    if (!placed) replay.push_back(&event);

    if (is_unit_event(event.type)) {
      if (absl::Status s = CheckReplacementTarget(event); !s.ok()) return s;
      if (auto origin = origins_.find(event.unit);
          origin != origins_.end() && event.date < origin->second.date) {
        return absl::FailedPreconditionError(
            absl::StrCat(event_type_name(event.type), " on ", format_date(event.date), ": unit \"",
                         event.unit, "\" replaced unit \"", origin->second.unit, "\" only on ",
                         format_date(origin->second.date)));
      }
      return ReplayUnit(replay, inherited, event);
    }
    if (event.type == EventType::kComplaintOpened || event.type == EventType::kComplaintResolved) {
      return ReplayComplaint(replay, event);
    }
    return ReplayCase(replay, event);
  }

  absl::Status CheckReplacementTarget(const Event& event) const {
    if (event.type != EventType::kReplaced) return absl::OkStatus();
    if (subjects_.contains(absl::StrCat("u:", event.new_unit)) ||
        origins_.contains(event.new_unit)) {
      return absl::FailedPreconditionError(
          absl::StrCat("new_unit: \"", event.new_unit, "\" already has a history"));
    }
    return absl::OkStatus();
  }

  // The unit lifecycle of SPEC §3, replayed in date order. Errors name the
  // event that breaks the history: the new one, or a later one it invalidates.
  absl::Status ReplayUnit(const std::vector<const Event*>& replay, size_t inherited,
                          const Event& event) const {
    const Product* product = nullptr;
    bool sold = false, delivered = false, installed = false, in_repair = false;
    std::optional<Date> ended;  // replaced or refunded: only retired may follow
    std::string ended_by;
    std::optional<Date> retired;
    std::optional<double> usage;
    for (size_t i = 0; i < replay.size(); ++i) {
      const Event& e = *replay[i];
      const bool is_new = &e == &event;
      auto refuse = [&](absl::string_view why) {
        if (is_new) {
          return absl::FailedPreconditionError(
              absl::StrCat(event_type_name(e.type), " on ", format_date(e.date), ": ", why));
        }
        return absl::FailedPreconditionError(
            absl::StrCat(event_type_name(event.type), " on ", format_date(event.date),
                         " would make the later ", event_type_name(e.type), " (id \"", e.id,
                         "\") on ", format_date(e.date), " invalid: ", why));
      };
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
    return absl::OkStatus();
  }

  absl::Status ReplayComplaint(const std::vector<const Event*>& replay, const Event& event) const {
    bool open = false, resolved = false;
    for (const Event* e : replay) {
      const bool is_new = e == &event;
      if (e->type == EventType::kComplaintOpened) {
        if (open || resolved) {
          return absl::FailedPreconditionError(absl::StrCat(is_new ? "" : "a later ",
                                                            "complaint_opened: complaint \"",
                                                            e->case_id, "\" was already opened"));
        }
        open = true;
      } else {
        if (!open) {
          return absl::FailedPreconditionError(absl::StrCat("complaint_resolved on ",
                                                            format_date(e->date), ": complaint \"",
                                                            e->case_id, "\" is not open"));
        }
        open = false;
        resolved = true;
      }
      if (e->customer != replay.front()->customer) {
        return absl::FailedPreconditionError(
            absl::StrCat("customer: complaint \"", e->case_id, "\" belongs to customer \"",
                         replay.front()->customer, "\", not \"", e->customer, "\""));
      }
    }
    return absl::OkStatus();
  }

  // Service cases: opened first, once; statuses and priorities after. (The
  // status transitions and SLAs of SPEC §5 are checked by the service module.)
  absl::Status ReplayCase(const std::vector<const Event*>& replay, const Event& event) const {
    for (size_t i = 0; i < replay.size(); ++i) {
      const Event* e = replay[i];
      const bool opening = e->type == EventType::kCaseOpened;
      if (opening != (i == 0)) {
        return absl::FailedPreconditionError(
            absl::StrCat(event_type_name(e->type), ": case \"", e->case_id, "\"",
                         opening ? " was already opened" : " has not been opened",
                         e == &event ? "" : " (later event)"));
      }
    }
    return absl::OkStatus();
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
