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
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/base/config.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/container/node_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "ledger/internal/codec.h"
#include "ledger/internal/order.h"
#include "postventa/catalog.h"
#include "postventa/corrective.h"
#include "postventa/event.h"
#include "postventa/followup.h"
#include "postventa/kpi.h"
#include "postventa/satisfaction.h"
#include "postventa/scorecard.h"
#include "postventa/service.h"
#include "postventa/survey.h"
#include "postventa/time.h"
#include "postventa/warranty.h"
#include "postventa/weibull.h"
#include "store/store.h"
#include "warranty/internal/unit_facts.h"

namespace postventa {
namespace {

// The ledger's reader/writer lock. ThreadSanitizer sees only the
// synchronisation it intercepts (pthread) or that instrumented code annotates;
// Debian's Abseil is built without it, so absl::Mutex, which parks threads on
// futexes of its own, is invisible to it and every access under the lock
// would be reported as a race. The ThreadSanitizer build (scripts/tsan.sh)
// therefore locks a std::shared_mutex, with the same reader/writer meaning.
#if defined(ABSL_HAVE_THREAD_SANITIZER)
using Mutex = std::shared_mutex;
class WriterMutexLock {
 public:
  explicit WriterMutexLock(Mutex* mu) : lock_(*mu) {}

 private:
  std::unique_lock<Mutex> lock_;
};
class ReaderMutexLock {
 public:
  explicit ReaderMutexLock(Mutex* mu) : lock_(*mu) {}

 private:
  std::shared_lock<Mutex> lock_;
};
#else
using Mutex = absl::Mutex;
using WriterMutexLock = absl::WriterMutexLock;
using ReaderMutexLock = absl::ReaderMutexLock;
#endif

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

// The part of the replay order an event carries (the arrival seq is its index).
struct Order {
  int64_t date;
  int rank;
  int64_t at_us;
};

Order OrderOf(const Event& e) {
  return Order{to_epoch_days(e.date), Rank(e.type),
               e.at ? absl::ToUnixMicros(*e.at) : std::numeric_limits<int64_t>::min()};
}

// The kind under which SLA policies are stored (store_internal::StoredPolicy).
constexpr char kSlaKind[] = "sla";
// ... and follow-up rule sets.
constexpr char kFollowupsKind[] = "followups";
// ... and survey instruments.
constexpr char kInstrumentKind[] = "instrument";
constexpr char kAnomalyKind[] = "anomaly";
// The rule set of products that name none.
constexpr char kDefaultFollowups[] = "default";

// The built-in rule set "default" (used unless the ledger holds one of that name).
const FollowupRules& BuiltInFollowups() {
  static const FollowupRules* const rules = new FollowupRules(default_followup_rules());
  return *rules;
}

enum class SubjectKind { kNone = 0, kUnit = 1, kComplaint = 2, kCase = 3 };

// The history an event belongs to; `name` is a view into the event.
struct Subject {
  SubjectKind kind = SubjectKind::kNone;
  absl::string_view name;
};

Subject SubjectOf(const Event& e) {
  if (is_unit_event(e.type)) return {SubjectKind::kUnit, e.unit};
  switch (e.type) {
    case EventType::kComplaintOpened:
    case EventType::kComplaintResolved:
      return {SubjectKind::kComplaint, e.case_id};
    case EventType::kCaseOpened:
    case EventType::kCaseStatus:
    case EventType::kCasePriority:
      return {SubjectKind::kCase, e.case_id};
    default:
      return {};
  }
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A repair received within this many days of a return of the same fault is a
// repeat, and that return no first-time fix (SPEC §8).
constexpr int64_t kRepeatRepairDays = 30;

// Event indices of one history, in replay order.
using EventList = std::vector<int64_t>;
// Histories by subject name (heterogeneous lookup: find(string_view) builds no string).
using HistoryMap = absl::flat_hash_map<std::string, EventList>;

// The half-open range [begin, end) of part `part` of `parts` consecutive,
// near-equal parts of `size` items.
std::pair<size_t, size_t> PartRange(size_t size, int part, int parts) {
  return {size * static_cast<size_t>(part) / static_cast<size_t>(parts),
          size * static_cast<size_t>(part + 1) / static_cast<size_t>(parts)};
}

// Runs fn(0), ..., fn(parts - 1), each on its own thread (fn(0) on the
// caller's).
template <typename Fn>
void RunParts(int parts, Fn fn) {
  std::vector<std::thread> threads;
  for (int part = 1; part < parts; ++part) threads.emplace_back([&fn, part] { fn(part); });
  fn(0);
  for (std::thread& t : threads) t.join();
}

// The parts' results, in part order, in one vector.
template <typename T>
std::vector<T> Concatenate(std::vector<std::vector<T>> parts) {
  if (parts.size() == 1) return std::move(parts[0]);
  size_t total = 0;
  for (const std::vector<T>& part : parts) total += part.size();
  std::vector<T> out;
  out.reserve(total);
  for (std::vector<T>& part : parts) {
    std::move(part.begin(), part.end(), std::back_inserter(out));
  }
  return out;
}

// The parts' results in one vector sorted by `less`: each part sorted on its
// own thread, then merged.
template <typename T, typename Less>
std::vector<T> SortedUnion(std::vector<std::vector<T>> parts, Less less) {
  RunParts(static_cast<int>(parts.size()), [&](int part) {
    std::sort(parts[static_cast<size_t>(part)].begin(), parts[static_cast<size_t>(part)].end(),
              less);
  });
  std::vector<T> out = std::move(parts[0]);
  for (size_t i = 1; i < parts.size(); ++i) {
    std::vector<T> merged;
    merged.reserve(out.size() + parts[i].size());
    std::merge(out.begin(), out.end(), parts[i].begin(), parts[i].end(), std::back_inserter(merged),
               less);
    out.swap(merged);
  }
  return out;
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
    for (const store_internal::StoredPolicy& stored : state->policies) {
      if (stored.kind == kFollowupsKind) {
        absl::StatusOr<FollowupRules> rules = parse_followup_rules(stored.json);
        if (!rules.ok()) {
          return absl::DataLossError(absl::StrCat("stored follow-up rule set \"", stored.name,
                                                  "\": ", rules.status().message()));
        }
        followups_.insert_or_assign(stored.name, *std::move(rules));
        continue;
      }
      if (stored.kind == kInstrumentKind) {
        absl::StatusOr<Instrument> instrument = parse_instrument(stored.json);
        if (!instrument.ok()) {
          return absl::DataLossError(absl::StrCat("stored survey instrument \"", stored.name,
                                                  "\": ", instrument.status().message()));
        }
        instruments_.insert_or_assign(stored.name, *std::move(instrument));
        continue;
      }
      if (stored.kind == kAnomalyKind) {
        absl::StatusOr<Anomaly> anomaly = parse_anomaly(stored.json, verifiable_kpis());
        if (!anomaly.ok()) {
          return absl::DataLossError(
              absl::StrCat("stored anomaly \"", stored.name, "\": ", anomaly.status().message()));
        }
        anomaly_index_.insert_or_assign(stored.name, anomalies_.size());
        anomalies_.push_back(*std::move(anomaly));
        continue;
      }
      if (stored.kind != kSlaKind) continue;  // a kind from a newer library: not ours to read
      absl::StatusOr<SlaPolicy> policy = parse_sla_policy(stored.json);
      if (!policy.ok()) {
        return absl::DataLossError(
            absl::StrCat("stored SLA policy \"", stored.name, "\": ", policy.status().message()));
      }
      slas_.insert_or_assign(stored.name, *std::move(policy));
    }
    absl::StatusOr<RecordResult> replayed = Write(state->events, /*batch=*/true, /*persist=*/false);
    if (!replayed.ok()) {
      return absl::DataLossError(
          absl::StrCat("the stored events do not replay: ", replayed.status().message()));
    }
    return absl::OkStatus();
  }

  absl::Status AddProduct(const Product& product) {
    WriterMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    // A SKU already known: the catalog decides (same content is a no-op,
    // different content is refused); nothing new reaches the store.
    if (catalog_.find_product(product.sku) != nullptr) return catalog_.add_product(product);
    // Validated before the store write, so an invalid product is never persisted.
    if (absl::Status s = validate_product(product); !s.ok()) return s;
    if (absl::Status s = store_->put_product(product.sku, product_to_json(product)); !s.ok()) {
      return s;
    }
    return catalog_.add_product(product);
  }

  absl::Status AddCalendar(const std::string& name, const Calendar& calendar) {
    WriterMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    if (name.empty()) return absl::InvalidArgumentError("name: a calendar needs a name");
    if (auto it = calendars_.find(name); it != calendars_.end()) {
      if (it->second.config() == calendar.config()) return absl::OkStatus();
      return absl::AlreadyExistsError(
          absl::StrCat("calendar \"", name, "\" already exists with a different configuration"));
    }
    if (absl::Status s = store_->put_calendar(name, Calendar::config_to_json(calendar.config()));
        !s.ok()) {
      return s;
    }
    calendars_.insert_or_assign(name, calendar);
    return absl::OkStatus();
  }

  absl::Status AddSla(const SlaPolicy& policy) {
    if (absl::Status s = validate_sla_policy(policy); !s.ok()) return s;
    WriterMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    if (auto it = slas_.find(policy.name); it != slas_.end()) {
      if (it->second == policy) return absl::OkStatus();
      return absl::AlreadyExistsError(absl::StrCat(
          "SLA policy \"", policy.name, "\" already exists with a different configuration"));
    }
    if (!calendars_.contains(policy.calendar)) {
      // A shipped preset's calendar comes with it.
      std::optional<SlaPreset> preset;
      for (const std::string& name : sla_preset_names()) {
        absl::StatusOr<SlaPreset> p = sla_preset(name);
        if (p.ok() && p->calendar_name == policy.calendar) preset = *std::move(p);
      }
      if (!preset) {
        return absl::FailedPreconditionError(absl::StrCat(
            "calendar: \"", policy.calendar, "\" is not in this ledger (add it first)"));
      }
      absl::StatusOr<Calendar> calendar = Calendar::create(preset->calendar);
      if (!calendar.ok()) return calendar.status();
      if (absl::Status s = store_->put_calendar(preset->calendar_name,
                                                Calendar::config_to_json(preset->calendar));
          !s.ok()) {
        return s;
      }
      calendars_.insert_or_assign(preset->calendar_name, *std::move(calendar));
    }
    if (absl::Status s = store_->put_policy(kSlaKind, policy.name, sla_policy_to_json(policy));
        !s.ok()) {
      return s;
    }
    slas_.insert_or_assign(policy.name, policy);
    return absl::OkStatus();
  }

  absl::Status AddFollowups(const FollowupRules& rules) {
    if (absl::Status s = validate_followup_rules(rules); !s.ok()) return s;
    WriterMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    if (auto it = followups_.find(rules.name); it != followups_.end()) {
      if (it->second == rules) return absl::OkStatus();
      return absl::AlreadyExistsError(absl::StrCat(
          "follow-up rule set \"", rules.name, "\" already exists with a different configuration"));
    }
    if (!rules.calendar.empty() && !calendars_.contains(rules.calendar)) {
      return absl::FailedPreconditionError(
          absl::StrCat("calendar: \"", rules.calendar, "\" is not in this ledger (add it first)"));
    }
    if (absl::Status s =
            store_->put_policy(kFollowupsKind, rules.name, followup_rules_to_json(rules));
        !s.ok()) {
      return s;
    }
    followups_.insert_or_assign(rules.name, rules);
    return absl::OkStatus();
  }

  absl::Status AddInstrument(const Instrument& instrument) {
    if (absl::Status s = validate_instrument(instrument); !s.ok()) return s;
    WriterMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    if (auto it = instruments_.find(instrument.name); it != instruments_.end()) {
      if (it->second == instrument) return absl::OkStatus();
      return absl::AlreadyExistsError(absl::StrCat("survey instrument \"", instrument.name,
                                                   "\" already exists with a different "
                                                   "configuration"));
    }
    if (absl::Status s =
            store_->put_policy(kInstrumentKind, instrument.name, instrument_to_json(instrument));
        !s.ok()) {
      return s;
    }
    instruments_.insert_or_assign(instrument.name, instrument);
    return absl::OkStatus();
  }

  absl::StatusOr<Instrument> InstrumentNamed(absl::string_view name) const {
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    const Instrument* found = FindInstrument(name);
    if (found == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("survey instrument \"", name, "\" is not in this ledger"));
    }
    return *found;
  }

  absl::StatusOr<std::vector<SurveyAnswer>> SurveyAnswers(Date start, Date end) const {
    if (absl::Status s = warranty_internal::CheckWindow(start, end); !s.ok()) return s;
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    const SurveyMatch match = MatchSurveys();
    std::vector<SurveyAnswer> out;
    absl::flat_hash_map<std::string, std::string> products;  // unit -> product
    for (const auto& [answer, send] : match.answers) {
      const warranty_internal::FactRecord& r = FactAt(answer);
      if (r.date < start || r.date > end) continue;
      const Event e = EventAt(answer);
      SurveyAnswer a;
      a.id = e.id;
      a.date = e.date;
      a.customer = e.customer;
      a.unit = e.unit;
      a.case_id = e.case_id;
      a.product = SurveyProduct(e, &products);
      a.channel = e.channel;
      a.instrument = e.instrument;
      // Recorded answers passed response_score when recorded: a one-question
      // answer is its score; a questionnaire is scored again.
      a.score = e.score ? *e.score + 0.0  // -0 as 0, as response_score
                        : response_score(*FindInstrument(e.instrument), e.score, e.answers)
                              .value_or(std::numeric_limits<double>::quiet_NaN());
      if (send >= 0) a.sent = FactAt(send).date;
      out.push_back(std::move(a));
    }
    return out;
  }

  absl::StatusOr<std::vector<SurveyResponse>> SurveyResponses(Date start, Date end,
                                                              SurveyPeriod period) const {
    if (absl::Status s = warranty_internal::CheckWindow(start, end); !s.ok()) return s;
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    const SurveyMatch match = MatchSurveys();
    absl::flat_hash_map<std::string, std::string> products;  // unit -> product
    using Key = std::tuple<int64_t, std::string, std::string, std::string>;
    absl::flat_hash_map<Key, std::pair<int64_t, int64_t>> groups;  // -> sent, answered
    for (const auto& [send, answered] : match.sends) {
      const warranty_internal::FactRecord& r = FactAt(send);
      if (r.date < start || r.date > end) continue;
      const Event e = EventAt(send);
      const Date first = PeriodStart(r.date, period, start);
      std::pair<int64_t, int64_t>& g =
          groups[Key{to_epoch_days(first), e.channel, SurveyProduct(e, &products), e.instrument}];
      ++g.first;
      if (answered) ++g.second;
    }
    std::vector<SurveyResponse> out;
    out.reserve(groups.size());
    for (const auto& [key, counts] : groups) {
      out.push_back(SurveyResponse{from_epoch_days(std::get<0>(key)), std::get<1>(key),
                                   std::get<2>(key), std::get<3>(key), counts.first,
                                   counts.second});
    }
    std::sort(out.begin(), out.end(), [](const SurveyResponse& a, const SurveyResponse& b) {
      return std::tie(a.period, a.channel, a.product, a.instrument) <
             std::tie(b.period, b.channel, b.product, b.instrument);
    });
    return out;
  }

  absl::StatusOr<std::vector<KpiValue>> Kpis(Date start, Date end,
                                             const KpiOptions& options) const {
    if (absl::Status s = warranty_internal::CheckWindow(start, end); !s.ok()) return s;
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    absl::StatusOr<const Calendar*> calendar = KpiCalendar(options.calendar);
    if (!calendar.ok()) return calendar.status();
    absl::StatusOr<KpiTally> tally = CountKpis(start, end, *calendar);
    if (!tally.ok()) return tally.status();
    std::vector<KpiValue> out = kpi_values("", tally->total);
    if (options.by_product) {
      std::vector<const Product*> products = catalog_.products();
      std::sort(products.begin(), products.end(),
                [](const Product* a, const Product* b) { return a->sku < b->sku; });
      static const KpiCounts kNone;
      for (const Product* p : products) {
        auto it = tally->by_product.find(p->sku);
        std::vector<KpiValue> values =
            kpi_values(p->sku, it == tally->by_product.end() ? kNone : it->second);
        out.insert(out.end(), std::make_move_iterator(values.begin()),
                   std::make_move_iterator(values.end()));
      }
    }
    return out;
  }

  // ---- Anomalies and corrective action (SPEC §8; docs/corrective.md) --------

  absl::Status PutAnomaly(const Anomaly& anomaly) {
    if (absl::Status s = validate_anomaly(anomaly, verifiable_kpis()); !s.ok()) return s;
    WriterMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    const std::string& product = anomaly.verification.product;
    if (!product.empty() && catalog_.find_product(product) == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("verification.product: \"", product, "\" is not in the catalog"));
    }
    auto it = anomaly_index_.find(anomaly.id);
    if (it != anomaly_index_.end() && anomalies_[it->second] == anomaly) return absl::OkStatus();
    if (absl::Status s = store_->put_policy(kAnomalyKind, anomaly.id, anomaly_to_json(anomaly));
        !s.ok()) {
      return s;
    }
    if (it != anomaly_index_.end()) {
      anomalies_[it->second] = anomaly;
    } else {
      anomaly_index_.emplace(anomaly.id, anomalies_.size());
      anomalies_.push_back(anomaly);
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<Anomaly>> Anomalies() const {
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    return anomalies_;
  }

  absl::StatusOr<AnomalyReview> VerifyAnomaly(absl::string_view id, Date as_of,
                                              absl::string_view calendar_name) const {
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    auto it = anomaly_index_.find(id);
    if (it == anomaly_index_.end()) {
      return absl::NotFoundError(absl::StrCat("anomaly \"", id, "\" is not in this ledger"));
    }
    AnomalyReview review;
    review.anomaly = anomalies_[it->second];
    review.as_of = as_of;
    absl::StatusOr<ComparisonWindows> windows = comparison_windows(review.anomaly, as_of);
    if (!windows.ok()) return windows.status();
    review.windows = *windows;
    absl::StatusOr<const Calendar*> calendar = KpiCalendar(calendar_name);
    if (!calendar.ok()) return calendar.status();
    const VerificationPlan& plan = review.anomaly.verification;
    const KpiInfo* info = find_kpi(plan.kpi);
    if (info == nullptr) return absl::InternalError("a stored anomaly names an unknown KPI");
    absl::StatusOr<Verification> verification;
    if (info->test == "rate") {
      // The KPI's count and n in each window, for the product or in total.
      const auto measure = [&](const DateWindow& w) -> absl::StatusOr<KpiValue> {
        absl::StatusOr<KpiTally> tally = CountKpis(w.start, w.end, *calendar);
        if (!tally.ok()) return tally.status();
        static const KpiCounts kNone;
        const KpiCounts* counts = &tally->total;
        if (!plan.product.empty()) {
          auto p = tally->by_product.find(plan.product);
          counts = p == tally->by_product.end() ? &kNone : &p->second;
        }
        for (KpiValue& v : kpi_values(plan.product, *counts)) {
          if (v.kpi == plan.kpi) return std::move(v);
        }
        return absl::InternalError("a KPI of the catalog was not measured");
      };
      absl::StatusOr<KpiValue> before = measure(review.windows.before);
      if (!before.ok()) return before.status();
      absl::StatusOr<KpiValue> after = measure(review.windows.after);
      if (!after.ok()) return after.status();
      const auto count = [](const KpiValue& v) {
        return v.n > 0 ? static_cast<int64_t>(std::llround(v.total)) : 0;
      };
      verification =
          verify_rate(count(*before), before->n, count(*after), after->n,
                      info->higher_is_better ? Better::kHigher : Better::kLower, plan.alpha);
    } else {
      absl::StatusOr<Durations> before =
          KpiDurations(plan.kpi, review.windows.before.start, review.windows.before.end, as_of,
                       plan.product, *calendar);
      if (!before.ok()) return before.status();
      absl::StatusOr<Durations> after =
          KpiDurations(plan.kpi, review.windows.after.start, review.windows.after.end, as_of,
                       plan.product, *calendar);
      if (!after.ok()) return after.status();
      verification = verify_durations(before->durations, before->observed, after->durations,
                                      after->observed, plan.alpha);
    }
    if (!verification.ok()) return verification.status();
    review.verification = *std::move(verification);
    return review;
  }

  absl::StatusOr<Scorecard> QualityScorecard(Date start, Date end,
                                             const ScorecardConfig& config) const {
    if (absl::Status s = warranty_internal::CheckWindow(start, end); !s.ok()) return s;
    if (absl::Status s = validate_scorecard_config(config); !s.ok()) return s;
    std::vector<MeasuredMetric> measured;
    {
      ReaderMutexLock lock(&mu_);
      if (absl::Status s = Open(); !s.ok()) return s;
      absl::StatusOr<std::vector<MeasuredMetric>> m =
          MeasureQuality(start, end, config.complaint_response_months);
      if (!m.ok()) return m.status();
      measured = *std::move(m);
    }
    return build_scorecard(start, end, measured, config);
  }

  absl::StatusOr<std::vector<FailureTime>> FailureTimes(Date on) const {
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    absl::StatusOr<std::vector<Service>> services = Services(on);
    if (!services.ok()) return services.status();
    std::vector<FailureTime> out;
    out.reserve(services->size());
    for (const Service& s : *services) {
      FailureTime f{std::string(s.unit), s.product->sku, s.start, s.end, false};
      if (!s.repairs.empty()) {
        f.days = s.repairs.front();
        f.failed = true;
      }
      out.push_back(std::move(f));
    }
    return out;
  }

  absl::StatusOr<std::vector<RepairHistory>> RepairHistories(Date on) const {
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    absl::StatusOr<std::vector<Service>> services = Services(on);
    if (!services.ok()) return services.status();
    std::vector<RepairHistory> out;
    out.reserve(services->size());
    for (Service& s : *services) {
      out.push_back(
          RepairHistory{std::string(s.unit), s.product->sku, s.start, std::move(s.repairs), s.end});
    }
    return out;
  }

  absl::StatusOr<std::vector<ClaimsForecast>> Forecast(Date on, int months) const {
    if (months < 1 || months > 120) {
      return absl::InvalidArgumentError(
          absl::StrCat("months: must be within 1..120, got ", months));
    }
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    absl::StatusOr<std::vector<Service>> services = Services(on);
    if (!services.ok()) return services.status();
    // Per product: failure and censoring times, the ages at risk, claim costs.
    struct PerProduct {
      std::vector<double> failures, censored, at_risk;
      double cost = 0;
      int64_t claims = 0;
    };
    std::map<std::string, PerProduct> products;  // by SKU: report order
    for (const Service& s : *services) {
      PerProduct& p = products[s.product->sku];
      if (!s.repairs.empty()) {
        // Day resolution: a failure on the first day is half a day old.
        p.failures.push_back(s.repairs.front() > 0 ? static_cast<double>(s.repairs.front()) : 0.5);
      } else if (s.end > 0) {
        p.censored.push_back(static_cast<double>(s.end));
        if (!s.exited) p.at_risk.push_back(static_cast<double>(s.end));
      } else if (!s.exited) {
        p.at_risk.push_back(0);  // started on `on`: at risk, nothing to censor yet
      }
      p.cost += s.claim_cost;
      p.claims += s.claims_costed;
    }
    std::vector<ClaimsForecast> out;
    for (const auto& [sku, p] : products) {
      absl::StatusOr<WeibullFit> fit = weibull_fit(p.failures, p.censored);
      if (!fit.ok() || !std::isfinite(fit->shape) || !std::isfinite(fit->scale)) continue;
      const double beta = fit->shape, alpha = fit->scale;
      // ln S(t) = -(t/alpha)^beta; the conditional probability of a failure in
      // (t + h0, t + h1] given survival to t is exp(lnS(t+h0) - lnS(t)) - exp(lnS(t+h1) - lnS(t)).
      const auto log_survival = [&](double t) { return -std::pow(t / alpha, beta); };
      const double average = p.claims > 0 ? p.cost / static_cast<double>(p.claims) : kNaN;
      int64_t previous = 0;
      for (int m = 1; m <= months; ++m) {
        const int64_t h = add_months(on, m) - on;
        double expected = 0;
        for (double t : p.at_risk) {
          const double base = log_survival(t);
          expected += std::exp(log_survival(t + static_cast<double>(previous)) - base) -
                      std::exp(log_survival(t + static_cast<double>(h)) - base);
        }
        out.push_back(ClaimsForecast{sku, m, static_cast<int64_t>(p.at_risk.size()), expected,
                                     expected * average, beta, alpha});
        previous = h;
      }
    }
    return out;
  }

  absl::StatusOr<std::vector<Contact>> Followups(Date start, Date end) const {
    if (absl::Status s = warranty_internal::CheckWindow(start, end); !s.ok()) return s;
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    // The plan of [start, end] must be the restriction of any larger window's
    // plan: facts up to the planner's horizon (where a contact can still push
    // one back into the window through the cap) are read, not only up to end.
    std::vector<RuleSetRef> all;
    all.push_back(RuleSetRef{&BuiltInFollowups(), nullptr});
    for (const auto& [name, rules] : followups_) all.push_back(RuleSetRef{&rules, nullptr});
    const Date known = followup_horizon(all, end);
    FollowupInput input;
    if (absl::Status s = CollectFollowupFacts(known, &input); !s.ok()) return s;
    return plan_followups(input.refs, input.facts, input.complaints, input.made, start, end);
  }

  absl::StatusOr<SlaStatus> SlaStatusOf(absl::string_view case_id, absl::Time at) const {
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    auto it = cases_.find(case_id);
    if (it == cases_.end()) {
      return absl::NotFoundError(
          absl::StrCat("case \"", case_id, "\" has no events in this ledger"));
    }
    const std::vector<int64_t> order = CaseOrder(it->second);
    const Event opened = EventAt(order.front());
    auto policy = slas_.find(opened.sla);
    if (policy == slas_.end()) {
      return absl::NotFoundError(absl::StrCat("case \"", case_id, "\": SLA policy \"", opened.sla,
                                              "\" is not in this ledger"));
    }
    auto calendar = calendars_.find(policy->second.calendar);
    if (calendar == calendars_.end()) {  // add_sla checked it; a stored file may not have it
      return absl::FailedPreconditionError(absl::StrCat("SLA policy \"", opened.sla,
                                                        "\": calendar \"", policy->second.calendar,
                                                        "\" is not in this ledger"));
    }
    std::vector<CaseStep> steps;
    steps.reserve(order.size());
    for (int64_t seq : order) steps.push_back(StepAt(seq));
    return evaluate_sla(policy->second, calendar->second, steps, at);
  }

  absl::StatusOr<RecordResult> Record(absl::Span<const Event> events, bool batch) {
    WriterMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    return Write(events, batch, /*persist=*/true);
  }

  absl::StatusOr<std::vector<Event>> History(absl::string_view unit) const {
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    const std::vector<int64_t>* own = OwnEvents(unit);
    if (own == nullptr) {
      return absl::NotFoundError(absl::StrCat("unit \"", unit, "\" has no events in this ledger"));
    }
    std::vector<Event> out;
    out.reserve(own->size());
    for (int64_t i : *own) out.push_back(EventAt(i));
    return out;
  }

  absl::StatusOr<Decision> AssessClaim(absl::string_view unit, Date claim_date,
                                       absl::string_view fault, const Quote& quote) const {
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    UnitView view;
    if (absl::Status s = ViewUnit(unit, &view); !s.ok()) return s;
    return warranty_internal::AssessClaim(*view.product, view.replay, claim_date, fault, quote,
                                          view.calendar);
  }

  absl::StatusOr<std::vector<Date>> MaintenanceSchedule(absl::string_view unit, Date start,
                                                        Date end) const {
    if (absl::Status s = warranty_internal::CheckWindow(start, end); !s.ok()) return s;
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    UnitView view;
    if (absl::Status s = ViewUnit(unit, &view); !s.ok()) return s;
    return warranty_internal::DueDatesIn(*view.product, view.replay, start, end, view.calendar);
  }

  absl::StatusOr<std::vector<MaintenanceDue>> MaintenanceDueList(Date on, int horizon) const {
    if (horizon < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("horizon_days: must be 0 or more, got ", horizon));
    }
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    // Lines are collected as views and sorted before any string is copied.
    struct Line {
      Date due;
      uint64_t prefix;         // of the unit, for a fast first comparison
      absl::string_view unit;  // a key of units_ or origins_: stable under the lock
      const Product* product;
      bool overdue;
    };
    const int parts = QueryParts();
    std::vector<std::vector<Line>> part_lines(static_cast<size_t>(parts));
    std::vector<std::vector<warranty_internal::DueItem>> part_items(static_cast<size_t>(parts));
    absl::Status status = ForEachUnit(
        /*maintained_only=*/true, parts,
        [&](int part, absl::string_view unit, absl::Span<const int64_t>,
            const UnitView& view) -> absl::Status {
          std::vector<warranty_internal::DueItem>& items = part_items[static_cast<size_t>(part)];
          items.clear();
          warranty_internal::AppendDueItems(*view.product,
                                            warranty_internal::CollectFacts(view.replay, on), on,
                                            horizon, view.calendar, &items);
          for (const warranty_internal::DueItem& item : items) {
            part_lines[static_cast<size_t>(part)].push_back(Line{
                item.due, ledger_internal::SortPrefix(unit), unit, view.product, item.overdue});
          }
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
    const std::vector<Line> lines =
        SortedUnion(std::move(part_lines), [](const Line& a, const Line& b) {
          return std::tie(a.due, a.prefix, a.unit) < std::tie(b.due, b.prefix, b.unit);
        });
    std::vector<MaintenanceDue> out(lines.size());
    RunParts(parts, [&](int part) {
      const auto [begin, end] = PartRange(lines.size(), part, parts);
      for (size_t i = begin; i < end; ++i) {
        out[i] = MaintenanceDue{std::string(lines[i].unit), lines[i].due, lines[i].overdue,
                                lines[i].product->sku};
      }
    });
    return out;
  }

  absl::StatusOr<std::vector<MaintenanceCompliance>> Compliance(Date on) const {
    ReaderMutexLock lock(&mu_);
    if (absl::Status s = Open(); !s.ok()) return s;
    return ComplianceLocked(on);
  }

  // Compliance with mu_ held (shared).
  absl::StatusOr<std::vector<MaintenanceCompliance>> ComplianceLocked(Date on) const {
    struct Line {
      uint64_t prefix;  // of the unit, for a fast first comparison
      absl::string_view unit;
      const Product* product;
      warranty_internal::Compliance compliance;
    };
    const int parts = QueryParts();
    std::vector<std::vector<Line>> part_lines(static_cast<size_t>(parts));
    absl::Status status = ForEachUnit(
        /*maintained_only=*/true, parts,
        [&](int part, absl::string_view unit, absl::Span<const int64_t>,
            const UnitView& view) -> absl::Status {
          part_lines[static_cast<size_t>(part)].push_back(
              Line{ledger_internal::SortPrefix(unit), unit, view.product,
                   warranty_internal::MaintenanceCompliance(
                       *view.product, warranty_internal::CollectFacts(view.replay, on), on,
                       view.calendar)});
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
    const std::vector<Line> lines =
        SortedUnion(std::move(part_lines), [](const Line& a, const Line& b) {
          return std::tie(a.prefix, a.unit) < std::tie(b.prefix, b.unit);
        });
    std::vector<MaintenanceCompliance> out(lines.size());
    RunParts(parts, [&](int part) {
      const auto [begin, end] = PartRange(lines.size(), part, parts);
      for (size_t i = begin; i < end; ++i) {
        out[i] = MaintenanceCompliance{std::string(lines[i].unit), lines[i].product->sku,
                                       lines[i].compliance.due, lines[i].compliance.met};
      }
    });
    return out;
  }

  const Catalog& catalog() const { return catalog_; }

  int64_t EventCount() const {
    ReaderMutexLock lock(&mu_);
    return Count();
  }

  absl::Status CheckOpen() const {
    ReaderMutexLock lock(&mu_);
    return Open();
  }

  std::optional<DateSpan> Span() const {
    ReaderMutexLock lock(&mu_);
    if (Count() == 0) return std::nullopt;
    int64_t first = orders_[0].date, last = first;
    for (int64_t seq = 1; seq < Count(); ++seq) {
      first = std::min(first, orders_[static_cast<size_t>(seq)].date);
      last = std::max(last, orders_[static_cast<size_t>(seq)].date);
    }
    return DateSpan{from_epoch_days(first), from_epoch_days(last)};
  }

  absl::Status Close() {
    WriterMutexLock lock(&mu_);
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

  // Events live encoded in one arena (ledger_internal::EncodeEvent), about a
  // tenth of their in-memory size; facts_ and orders_ hold, per event, what
  // validation and decisions read, so only history() and messages decode.
  int64_t Count() const { return static_cast<int64_t>(offsets_.size()) - 1; }
  absl::string_view BytesAt(int64_t seq) const {
    const size_t i = static_cast<size_t>(seq);
    return absl::string_view(arena_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  Event EventAt(int64_t seq) const { return ledger_internal::DecodeEvent(BytesAt(seq)); }
  const warranty_internal::FactRecord& FactAt(int64_t seq) const {
    return facts_[static_cast<size_t>(seq)];
  }
  int64_t SeqOf(const warranty_internal::FactRecord* record) const {
    return record - facts_.data();
  }
  // Replay order: date, lifecycle rank, time of day, arrival.
  bool Before(int64_t a, int64_t b) const {
    const Order& x = orders_[static_cast<size_t>(a)];
    const Order& y = orders_[static_cast<size_t>(b)];
    return std::tie(x.date, x.rank, x.at_us, a) < std::tie(y.date, y.rank, y.at_us, b);
  }

  HistoryMap& MapOf(SubjectKind kind) {
    return kind == SubjectKind::kUnit        ? units_
           : kind == SubjectKind::kComplaint ? complaints_
                                             : cases_;
  }
  const HistoryMap& MapOf(SubjectKind kind) const { return const_cast<Impl*>(this)->MapOf(kind); }

  // The unit's own events in replay order; an empty list for a replacement unit
  // with none yet; nullptr for an unknown unit.
  const std::vector<int64_t>* OwnEvents(absl::string_view unit) const {
    static const std::vector<int64_t> kNone;
    if (auto it = units_.find(unit); it != units_.end()) return &it->second;
    if (origins_.contains(unit)) return &kNone;
    return nullptr;
  }

  // A write: every event is inserted tentatively, then each history it touched
  // is replayed once, so a batch is judged as a whole (a back-dated repair and
  // its return may come together). On any refusal, or if the store fails,
  // everything is undone. Errors of a batch start with the event's position.
  absl::StatusOr<RecordResult> Write(absl::Span<const Event> events, bool batch, bool persist) {
    const int64_t first = Count();
    RecordResult result;
    std::vector<size_t> position;     // batch position of each new event, by seq - first
    std::vector<const Event*> fresh;  // the new events, for the store
    // Histories touched, named by views into `events` (stable for the call).
    std::vector<Subject> touched;
    absl::flat_hash_set<std::pair<int, absl::string_view>> seen;
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
      fresh.push_back(&events[i]);
      const Subject subject = SubjectOf(events[i]);
      if (subject.kind != SubjectKind::kNone &&
          seen.emplace(static_cast<int>(subject.kind), subject.name).second) {
        touched.push_back(subject);
      }
    }
    for (const Subject& subject : touched) {
      int64_t blamed = -1;
      if (absl::Status s = ValidateSubject(subject, first, &blamed); !s.ok()) {
        return fail(position[static_cast<size_t>(blamed - first)], s);
      }
    }
    if (persist && result.stored > 0) {
      if (absl::Status s = store_->append(fresh); !s.ok()) {
        Rollback(first);
        return s;
      }
    }
    return result;
  }

  // Undoes every event from `first` on.
  void Rollback(int64_t first) {
    for (int64_t seq = Count() - 1; seq >= first; --seq) {
      const Event e = EventAt(seq);
      by_id_.erase(e.id);
      if (const Subject subject = SubjectOf(e); subject.kind != SubjectKind::kNone) {
        HistoryMap& map = MapOf(subject.kind);
        auto it = map.find(subject.name);
        EventList& list = it->second;
        list.erase(std::find(list.begin(), list.end(), seq));
        if (list.empty()) map.erase(it);
      }
      if (e.type == EventType::kReplaced) origins_.erase(e.new_unit);
    }
    const size_t n = static_cast<size_t>(first);
    arena_.resize(offsets_[n]);
    offsets_.resize(n + 1);
    facts_.resize(n);
    orders_.resize(n);
  }

  // Checks an event on its own and inserts it in its history's replay order.
  // true: inserted; false: a duplicate of a stored event (a no-op).
  absl::StatusOr<bool> Insert(const Event& event, int64_t first) {
    if (absl::Status s = validate_event_fields(event); !s.ok()) return s;
    if (absl::Status s = CheckSurvey(event); !s.ok()) return s;
    scratch_.clear();
    ledger_internal::EncodeEvent(event, &scratch_);
    if (auto it = by_id_.find(event.id); it != by_id_.end()) {
      // The encoding is deterministic: equal bytes are equal content.
      if (BytesAt(it->second) == scratch_) return false;
      const Event stored = EventAt(it->second);
      return absl::AlreadyExistsError(
          absl::StrCat("id \"", event.id, "\": already recorded with different content (",
                       event_type_name(stored.type), stored.unit.empty() ? "" : " of unit ",
                       stored.unit, " on ", format_date(stored.date), ")"));
    }
    if (event.type == EventType::kReplaced) {
      bool has_history = origins_.contains(event.new_unit);
      if (auto it = units_.find(event.new_unit); it != units_.end()) {
        for (int64_t i : it->second) has_history = has_history || i < first;
      }
      if (has_history) {
        return absl::FailedPreconditionError(
            absl::StrCat("new_unit: \"", event.new_unit, "\" already has a history"));
      }
    }
    const int64_t seq = Count();
    arena_.append(scratch_);
    offsets_.push_back(arena_.size());
    warranty_internal::FactRecord fact = warranty_internal::FactOf(event);
    fact.text = Intern(fact.text);
    facts_.push_back(fact);
    orders_.push_back(OrderOf(event));
    by_id_.emplace(event.id, seq);
    if (const Subject subject = SubjectOf(event); subject.kind != SubjectKind::kNone) {
      EventList& list = MapOf(subject.kind)[subject.name];
      auto pos = std::upper_bound(list.begin(), list.end(), seq,
                                  [&](int64_t a, int64_t b) { return Before(a, b); });
      list.insert(pos, seq);
    }
    if (event.type == EventType::kReplaced) {
      origins_.insert_or_assign(event.new_unit, Origin{event.unit, event.date});
    }
    return true;
  }

  // Replays one history with the events of this write (seq >= first) in place.
  // On a refusal, sets *blamed to the new event to report it against.
  absl::Status ValidateSubject(const Subject& subject, int64_t first, int64_t* blamed) const {
    std::vector<int64_t> replay;  // seqs in replay order
    const bool unit = subject.kind == SubjectKind::kUnit;
    const absl::string_view name = subject.name;
    if (unit) Inherited(name, &replay);
    const size_t inherited = replay.size();
    const HistoryMap& map = MapOf(subject.kind);
    if (auto it = map.find(name); it != map.end()) {
      replay.insert(replay.end(), it->second.begin(), it->second.end());
    }
    std::optional<Failure> failure;
    if (unit) {
      if (auto origin = origins_.find(name); origin != origins_.end()) {
        for (size_t i = inherited; i < replay.size() && !failure; ++i) {
          if (FactAt(replay[i]).date < origin->second.date) {
            failure =
                Failure{i, absl::StrCat("unit \"", name, "\" replaced unit \"", origin->second.unit,
                                        "\" only on ", format_date(origin->second.date))};
          }
        }
      }
      if (!failure) failure = ReplayUnit(replay, inherited, name);
    } else if (subject.kind == SubjectKind::kComplaint) {
      failure = ReplayComplaint(replay, name);
    } else {
      failure = ReplayCase(replay, name);
    }
    if (!failure) return absl::OkStatus();

    const int64_t bad_seq = replay[failure->index];
    const warranty_internal::FactRecord& bad = FactAt(bad_seq);
    if (bad_seq >= first) {
      *blamed = bad_seq;
      return absl::FailedPreconditionError(absl::StrCat(event_type_name(bad.type), " on ",
                                                        format_date(bad.date), ": ", failure->why));
    }
    // A stored event broke: blame the last new event replayed before it.
    for (size_t i = failure->index; i-- > 0;) {
      if (replay[i] >= first) {
        const warranty_internal::FactRecord& cause = FactAt(replay[i]);
        *blamed = replay[i];
        return absl::FailedPreconditionError(absl::StrCat(
            event_type_name(cause.type), " on ", format_date(cause.date), " would make the later ",
            event_type_name(bad.type), " (id \"", EventAt(bad_seq).id, "\") on ",
            format_date(bad.date), " invalid: ", failure->why));
      }
    }
    // Not reachable for a history that was valid before this write; blame the
    // last new event of the subject rather than fail silently.
    for (int64_t seq : replay) {
      if (seq >= first) *blamed = seq;
    }
    return absl::FailedPreconditionError(
        absl::StrCat(event_type_name(bad.type), " on ", format_date(bad.date), ": ", failure->why));
  }

  // What the warranty and maintenance rules read of one unit.
  struct UnitView {
    absl::InlinedVector<const warranty_internal::FactRecord*, 32> replay;  // inherited first
    const Product* product = nullptr;
    const Calendar* calendar = nullptr;  // the maintenance plan's, if it names one
  };

  absl::Status ViewUnit(absl::string_view unit, UnitView* view) const {
    const std::vector<int64_t>* own = OwnEvents(unit);
    if (own == nullptr) {
      return absl::NotFoundError(absl::StrCat("unit \"", unit, "\" has no events in this ledger"));
    }
    return BuildView(unit, *own, view);
  }

  // The view of a unit whose own events are `own`.
  absl::Status BuildView(absl::string_view unit, absl::Span<const int64_t> own,
                         UnitView* view) const {
    if (!origins_.empty() && origins_.contains(unit)) {  // a replacement: inherited events first
      std::vector<int64_t> inherited;
      Inherited(unit, &inherited);
      for (int64_t i : inherited) view->replay.push_back(&FactAt(i));
    }
    for (int64_t i : own) view->replay.push_back(&FactAt(i));
    view->product = ProductOf(view->replay);
    if (view->product == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat("unit \"", unit, "\" has no sold event"));
    }
    const Product& product = *view->product;
    if (product.maintenance && !product.maintenance->calendar.empty()) {
      auto cal = calendars_.find(product.maintenance->calendar);
      if (cal == calendars_.end()) {
        return absl::FailedPreconditionError(
            absl::StrCat("product \"", product.sku, "\": maintenance.calendar \"",
                         product.maintenance->calendar, "\" is not in this ledger"));
      }
      view->calendar = &cal->second;
    }
    return absl::OkStatus();
  }

  // Calls `fn(part, unit, own, view)` for every unit (replacement units without
  // events of their own included), or only those whose product has a
  // maintenance plan. The units are split, in arrival order of their first
  // events, into `parts` consecutive parts run on up to that many threads: `fn`
  // must only write to state of its own part. Arrival order matters because
  // the events of a unit mostly arrive together, so each part walks facts_ (and
  // the lists, allocated in the same order) nearly sequentially instead of at
  // the hash map's random order. Readers hold mu_ shared for the whole call.
  // The first error, in part order, is returned.
  template <typename Fn>
  absl::Status ForEachUnit(bool maintained_only, int parts, Fn fn) const {
    struct Entry {
      absl::string_view unit;
      absl::Span<const int64_t> own;  // not the vector: its slot in units_ is cold
    };
    std::vector<Entry> entries;
    std::vector<uint64_t> keys;  // the smallest seq of the unit's own events
    entries.reserve(units_.size() + origins_.size());
    keys.reserve(entries.capacity());
    for (const auto& [unit, own] : units_) {
      entries.push_back(Entry{unit, own});
      keys.push_back(static_cast<uint64_t>(*std::min_element(own.begin(), own.end())));
    }
    for (const auto& [unit, origin] : origins_) {
      if (units_.contains(unit)) continue;
      entries.push_back(Entry{unit, {}});
      keys.push_back(static_cast<uint64_t>(Count()));  // after every unit with events
    }
    const std::vector<uint32_t> order = ledger_internal::RadixOrder(keys);
    auto run = [&](int part) -> absl::Status {
      const auto [begin, end] = PartRange(order.size(), part, parts);
      for (size_t k = begin; k < end; ++k) {
        const Entry& entry = entries[order[k]];
        UnitView view;
        // Every stored unit has a sold event; a plan's calendar missing from
        // the ledger is an error for the whole call.
        if (absl::Status s = BuildView(entry.unit, entry.own, &view); !s.ok()) return s;
        if (maintained_only && !view.product->maintenance) continue;
        if (absl::Status s = fn(part, entry.unit, entry.own, view); !s.ok()) return s;
      }
      return absl::OkStatus();
    };
    std::vector<absl::Status> results(static_cast<size_t>(parts));
    RunParts(parts, [&](int part) { results[static_cast<size_t>(part)] = run(part); });
    for (absl::Status& s : results) {
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }

  // How many parts (threads) a whole-ledger query uses: one per hardware
  // thread, at most 8, and one for small ledgers (a thread costs more than
  // the work of a few thousand units).
  int QueryParts() const {
    if (units_.size() + origins_.size() < 20000) return 1;
    const unsigned hardware = std::thread::hardware_concurrency();
    return static_cast<int>(std::clamp(hardware, 1u, 8u));
  }

  // The instrument called `name`, built-in or added; nullptr when unknown.
  const Instrument* FindInstrument(absl::string_view name) const {
    static const auto* const builtins = [] {
      auto* map = new absl::flat_hash_map<std::string, Instrument>;
      for (const std::string& n : builtin_instrument_names()) {
        map->emplace(n, builtin_instrument(n).value());
      }
      return map;
    }();
    if (auto it = builtins->find(name); it != builtins->end()) return &it->second;
    if (auto it = instruments_.find(name); it != instruments_.end()) return &it->second;
    return nullptr;
  }

  // A survey event's instrument must be known, and an answer must fit it.
  absl::Status CheckSurvey(const Event& e) const {
    if (e.type != EventType::kSurveySent && e.type != EventType::kSurveyAnswered) {
      return absl::OkStatus();
    }
    if (e.instrument.empty()) return absl::OkStatus();  // a send may leave it open
    const Instrument* instrument = FindInstrument(e.instrument);
    if (instrument == nullptr) {
      std::string known;
      for (const std::string& n : builtin_instrument_names()) {
        absl::StrAppend(&known, known.empty() ? "" : ", ", n);
      }
      return absl::FailedPreconditionError(
          absl::StrCat("instrument: \"", e.instrument,
                       "\" is not in this ledger (built-in: ", known, "; add others first)"));
    }
    if (e.type == EventType::kSurveyAnswered) {
      return response_score(*instrument, e.score, e.answers).status();
    }
    return absl::OkStatus();
  }

  // Survey sends and answers matched (see Ledger::survey_answers): every
  // answer with the seq of its send (-1 for none), in replay order, and every
  // send with whether an answer matched it, in replay order.
  struct SurveyMatch {
    std::vector<std::pair<int64_t, int64_t>> answers;
    std::vector<std::pair<int64_t, bool>> sends;
  };
  SurveyMatch MatchSurveys() const {
    std::vector<int64_t> events;
    for (int64_t seq = 0; seq < Count(); ++seq) {
      const EventType t = FactAt(seq).type;
      if (t == EventType::kSurveySent || t == EventType::kSurveyAnswered) events.push_back(seq);
    }
    // Replay order, with sends before answers on a date.
    std::sort(events.begin(), events.end(), [&](int64_t a, int64_t b) {
      const Order& x = orders_[static_cast<size_t>(a)];
      const Order& y = orders_[static_cast<size_t>(b)];
      const bool xa = FactAt(a).type == EventType::kSurveyAnswered;
      const bool ya = FactAt(b).type == EventType::kSurveyAnswered;
      return std::tie(x.date, xa, x.at_us, a) < std::tie(y.date, ya, y.at_us, b);
    });
    // What matching reads of each event, decoded once (in parallel for many):
    // the (customer, unit, case) key, length-prefixed so that no two keys
    // collide, and the instrument.
    struct Survey {
      std::string key;
      std::string instrument;
    };
    std::vector<Survey> surveys(events.size());
    const int parts =
        events.size() < 20000
            ? 1
            : static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
    RunParts(parts, [&](int part) {
      const auto [begin, end] = PartRange(events.size(), part, parts);
      for (size_t i = begin; i < end; ++i) {
        Event e = EventAt(events[i]);
        surveys[i].key =
            absl::StrCat(e.customer.size(), ":", e.customer, e.unit.size(), ":", e.unit, e.case_id);
        surveys[i].instrument = std::move(e.instrument);
      }
    });
    SurveyMatch match;
    match.sends.reserve(events.size());
    match.answers.reserve(events.size());
    // Open sends per key, oldest first: (index into match.sends, instrument).
    absl::flat_hash_map<std::string, std::vector<std::pair<size_t, std::string>>> open;
    for (size_t i = 0; i < events.size(); ++i) {
      const int64_t seq = events[i];
      auto& waiting = open[surveys[i].key];
      if (FactAt(seq).type == EventType::kSurveySent) {
        waiting.emplace_back(match.sends.size(), std::move(surveys[i].instrument));
        match.sends.emplace_back(seq, false);
        continue;
      }
      int64_t matched = -1;
      for (auto it = waiting.begin(); it != waiting.end(); ++it) {
        if (it->second.empty() || it->second == surveys[i].instrument) {
          matched = match.sends[it->first].first;
          match.sends[it->first].second = true;
          waiting.erase(it);
          break;
        }
      }
      match.answers.emplace_back(seq, matched);
    }
    std::sort(match.sends.begin(), match.sends.end(),
              [&](const auto& a, const auto& b) { return Before(a.first, b.first); });
    return match;
  }

  // The product a survey event is about: its unit's, else its case's unit's.
  std::string SurveyProduct(const Event& e,
                            absl::flat_hash_map<std::string, std::string>* cache) const {
    std::string unit = e.unit;
    if (unit.empty() && !e.case_id.empty()) {
      if (auto it = cases_.find(e.case_id); it != cases_.end()) {
        unit = EventAt(CaseOrder(it->second).front()).unit;
      }
    }
    if (unit.empty()) return std::string();
    if (auto it = cache->find(unit); it != cache->end()) return it->second;
    std::string product;
    UnitView view;
    if (ViewUnit(unit, &view).ok() && view.product != nullptr) product = view.product->sku;
    cache->emplace(unit, product);
    return product;
  }

  // The first day of the period holding `date`.
  static Date PeriodStart(Date date, SurveyPeriod period, Date start) {
    switch (period) {
      case SurveyPeriod::kDay:
        return date;
      case SurveyPeriod::kWeek:                                  // ISO weeks start on Monday
        return date - static_cast<int>(absl::GetWeekday(date));  // monday is 0
      case SurveyPeriod::kMonth:
        return Date(date.year(), date.month(), 1);
      case SurveyPeriod::kQuarter:
        return Date(date.year(), (date.month() - 1) / 3 * 3 + 1, 1);
      case SurveyPeriod::kYear:
        return Date(date.year(), 1, 1);
      case SurveyPeriod::kAll:
        return start;
    }
    return start;
  }

  // ---- KPIs (SPEC §8; docs/kpis.md) ------------------------------------------

  // What the KPIs of a period are made of, per product SKU ("" for what names
  // no product: cases, complaints and surveys without a unit), and in total.
  struct KpiTally {
    std::map<std::string, KpiCounts> by_product;
    KpiCounts total;  // every group merged; buyers counted once per customer
  };

  // Working days in [from, to): of `calendar`, or Monday to Friday without one.
  static absl::StatusOr<int64_t> WorkingDays(Date from, Date to, const Calendar* calendar) {
    if (to <= from) return 0;
    if (calendar == nullptr) {
      const int64_t days = to - from;
      int64_t n = days / 7 * 5;
      for (Date d = from + days / 7 * 7; d < to; ++d) {
        if (weekday_of(d) < Weekday::kSat) ++n;
      }
      return n;
    }
    int64_t n = 0;
    for (Date d = from; d < to; ++d) {
      absl::StatusOr<bool> working = calendar->is_working_day(d);
      if (!working.ok()) return working.status();
      if (*working) ++n;
    }
    return n;
  }

  // The calendar named in KPI options; nullptr for "" (Monday to Friday).
  absl::StatusOr<const Calendar*> KpiCalendar(absl::string_view name) const {
    if (name.empty()) return nullptr;
    auto it = calendars_.find(name);
    if (it == calendars_.end()) {
      return absl::NotFoundError(absl::StrCat("calendar: \"", name, "\" is not in this ledger"));
    }
    return &it->second;
  }

  // The product SKU of a unit ("" when it has none), memoised in `cache`.
  std::string ProductOfUnit(absl::string_view unit,
                            absl::flat_hash_map<std::string, std::string>* cache) const {
    if (unit.empty()) return std::string();
    if (auto it = cache->find(unit); it != cache->end()) return it->second;
    std::string product;
    UnitView view;
    if (ViewUnit(unit, &view).ok() && view.product != nullptr) product = view.product->sku;
    cache->emplace(unit, product);
    return product;
  }

  // The KPI counts of [start, end], with mu_ held (shared).
  absl::StatusOr<KpiTally> CountKpis(Date start, Date end, const Calendar* calendar,
                                     const SurveyMatch* surveys = nullptr) const {
    const auto in = [&](Date d) { return d >= start && d <= end; };
    KpiTally tally;
    absl::flat_hash_map<std::string, std::string> unit_products;

    // Units: sales, delivery checks, installations, repairs.
    struct Sale {
      std::string customer;
      Date date;
      absl::string_view product;
    };
    const int parts = QueryParts();
    std::vector<std::map<std::string, KpiCounts>> part_counts(static_cast<size_t>(parts));
    std::vector<std::vector<Sale>> part_sales(static_cast<size_t>(parts));
    absl::Status status = ForEachUnit(
        /*maintained_only=*/false, parts,
        [&](int part, absl::string_view, absl::Span<const int64_t> own,
            const UnitView& view) -> absl::Status {
          const Product& product = *view.product;
          KpiCounts& k = part_counts[static_cast<size_t>(part)][product.sku];
          struct Repair {
            Date received;
            absl::string_view fault;
            std::optional<Date> returned;
            int64_t returned_seq = -1;
          };
          std::vector<Repair> repairs;
          bool awaiting_check = false;
          for (int64_t seq : own) {
            const warranty_internal::FactRecord& f = FactAt(seq);
            switch (f.type) {
              case EventType::kSold: {
                Event e = EventAt(seq);
                if (in(f.date)) {
                  ++k.units_sold;
                  if (e.channel == "referral") ++k.referrals;
                }
                part_sales[static_cast<size_t>(part)].push_back(
                    Sale{std::move(e.customer), f.date, product.sku});
                break;
              }
              case EventType::kDeliveryChecked:
                if (in(f.date)) {
                  const Event e = EventAt(seq);
                  ++k.delivery_checks;
                  if (e.outcome != "late") ++k.deliveries_on_time;
                  if (e.outcome == "ok") ++k.deliveries_ok;
                }
                break;
              case EventType::kInstalled:
                awaiting_check = true;
                break;
              case EventType::kInstallationChecked:
                if (awaiting_check && in(f.date)) {
                  ++k.installations;
                  if (EventAt(seq).outcome == "ok") ++k.installations_ok;
                }
                awaiting_check = false;
                break;
              case EventType::kRepairReceived:
                repairs.push_back(Repair{f.date, f.text, std::nullopt, -1});
                break;
              case EventType::kRepairReturned:
                if (!repairs.empty() && !repairs.back().returned) {
                  repairs.back().returned = f.date;
                  repairs.back().returned_seq = seq;
                }
                break;
              default:
                break;
            }
          }
          // A repeat: received within 30 days of an earlier return of the
          // same fault; a first-time fix: returned fixed, and no repair of the
          // same fault received within 30 days of the return.
          const auto within_30 = [](Date returned, Date received) {
            return received >= returned && received - returned <= kRepeatRepairDays;
          };
          for (size_t i = 0; i < repairs.size(); ++i) {
            const Repair& r = repairs[i];
            if (in(r.received)) {
              ++k.repairs_received;
              for (size_t j = 0; j < i; ++j) {
                if (repairs[j].fault == r.fault && repairs[j].returned &&
                    within_30(*repairs[j].returned, r.received)) {
                  ++k.repeat_repairs;
                  break;
                }
              }
            }
            if (!r.returned || !in(*r.returned)) continue;
            const Event back = EventAt(r.returned_seq);
            ++k.repairs_returned;
            bool again = false;
            for (size_t j = i + 1; j < repairs.size() && !again; ++j) {
              again = repairs[j].fault == r.fault && within_30(*r.returned, repairs[j].received);
            }
            if (back.outcome == "fixed" && !again) ++k.first_time_fixes;
            absl::StatusOr<int64_t> days = WorkingDays(r.received, *r.returned, calendar);
            if (!days.ok()) return days.status();
            k.repair_working_days.push_back(*days);
            absl::StatusOr<Decision> decision = warranty_internal::AssessClaim(
                product, view.replay, r.received, r.fault,
                Quote{back.parts_cost.value_or(0), back.labor_cost.value_or(0), 0}, view.calendar);
            if (!decision.ok()) return decision.status();
            k.warranty_cost += decision->company_cost.total();
          }
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
    for (auto& counts : part_counts) {
      for (auto& [sku, k] : counts) tally.by_product[sku].merge(k);
    }

    // Buyers: the customers with a sale in the period, and those of them
    // whose sale in the period came after an earlier purchase of theirs.
    {
      absl::flat_hash_map<absl::string_view, Date> first;  // customer -> first purchase
      for (const auto& sales : part_sales) {
        for (const Sale& s : sales) {
          auto [it, added] = first.try_emplace(s.customer, s.date);
          if (!added && s.date < it->second) it->second = s.date;
        }
      }
      absl::flat_hash_map<absl::string_view, bool> buyers;  // customer -> repeat
      absl::flat_hash_map<std::pair<absl::string_view, absl::string_view>, bool> product_buyers;
      for (const auto& sales : part_sales) {
        for (const Sale& s : sales) {
          if (!in(s.date)) continue;
          const bool repeat = s.date > first[s.customer];
          buyers[s.customer] |= repeat;
          product_buyers[{s.customer, s.product}] |= repeat;
        }
      }
      for (const auto& [key, repeat] : product_buyers) {
        KpiCounts& k = tally.by_product[std::string(key.second)];
        ++k.buyers;
        if (repeat) ++k.repeat_buyers;
      }
      for (const auto& [customer, repeat] : buyers) {
        ++tally.total.buyers;
        if (repeat) ++tally.total.repeat_buyers;
      }
    }

    // Service cases: SLA targets judged in the period (final at the end of
    // `end` and not yet at the start of `start`), and the working hours to
    // the first responses and resolutions that came in the period.
    const absl::Time from = absl::FromCivil(absl::CivilSecond(start), absl::UTCTimeZone());
    const absl::Time to = absl::FromCivil(absl::CivilSecond(end + 1), absl::UTCTimeZone());
    for (const auto& [id, list] : cases_) {
      const std::vector<int64_t> order = CaseOrder(list);
      const Event opened = EventAt(order.front());
      auto policy = slas_.find(opened.sla);
      if (policy == slas_.end()) continue;  // no policy: nothing to judge against
      auto cal = calendars_.find(policy->second.calendar);
      if (cal == calendars_.end()) continue;
      std::vector<CaseStep> steps;
      steps.reserve(order.size());
      for (int64_t seq : order) steps.push_back(StepAt(seq));
      if (steps.front().at >= to) continue;
      absl::StatusOr<SlaStatus> after = evaluate_sla(policy->second, cal->second, steps, to);
      if (!after.ok()) return after.status();
      std::optional<SlaStatus> before;
      if (steps.front().at <= from) {
        absl::StatusOr<SlaStatus> b = evaluate_sla(policy->second, cal->second, steps, from);
        if (!b.ok()) return b.status();
        before = *b;
      }
      KpiCounts& k = tally.by_product[ProductOfUnit(opened.unit, &unit_products)];
      const auto final_state = [](const TargetStatus& t) {
        return t.state == TargetState::kMet || t.state == TargetState::kBreached;
      };
      const auto judge = [&](const TargetStatus& now, const TargetStatus* earlier, int64_t* n,
                             int64_t* met) {
        if (!final_state(now) || (earlier != nullptr && final_state(*earlier))) return;
        ++*n;
        if (now.state == TargetState::kMet) ++*met;
      };
      judge(after->first_response, before ? &before->first_response : nullptr, &k.first_responses,
            &k.first_responses_met);
      judge(after->resolution, before ? &before->resolution : nullptr, &k.resolutions,
            &k.resolutions_met);
      const CaseMoments moments = MomentsOf(steps, to);
      const auto in_instants = [&](const std::optional<absl::Time>& t) {
        return t && *t >= from && *t < to;
      };
      if (in_instants(moments.first_response)) {
        ++k.cases_responded;
        k.first_response_hours += absl::ToDoubleHours(after->first_response.elapsed);
      }
      if (in_instants(moments.resolved)) {
        ++k.cases_resolved;
        k.resolution_hours += absl::ToDoubleHours(after->resolution.elapsed);
      }
    }

    // Maintenance: the due dates whose grace window closed in the period.
    {
      absl::StatusOr<std::vector<MaintenanceCompliance>> later = ComplianceLocked(end + 1);
      if (!later.ok()) return later.status();
      absl::StatusOr<std::vector<MaintenanceCompliance>> earlier = ComplianceLocked(start);
      if (!earlier.ok()) return earlier.status();
      for (const MaintenanceCompliance& c : *later) {
        KpiCounts& k = tally.by_product[c.product];
        k.maintenance_due += c.due;
        k.maintenance_met += c.met;
      }
      for (const MaintenanceCompliance& c : *earlier) {
        KpiCounts& k = tally.by_product[c.product];
        k.maintenance_due -= c.due;
        k.maintenance_met -= c.met;
      }
    }

    // Surveys sent in the period, and how many were answered.
    {
      std::optional<SurveyMatch> own;
      if (surveys == nullptr) surveys = &own.emplace(MatchSurveys());
      for (const auto& [send, answered] : surveys->sends) {
        if (!in(FactAt(send).date)) continue;
        KpiCounts& k = tally.by_product[SurveyProduct(EventAt(send), &unit_products)];
        ++k.surveys_sent;
        if (answered) ++k.surveys_answered;
      }
    }

    // Complaints resolved in the period: calendar days from their opening.
    for (const auto& [id, list] : complaints_) {
      std::optional<Date> opened, closed;
      std::string unit;
      for (int64_t seq : list) {
        const warranty_internal::FactRecord& f = FactAt(seq);
        if (f.type == EventType::kComplaintOpened) {
          opened = f.date;
          unit = EventAt(seq).unit;
        }
        if (f.type == EventType::kComplaintResolved) closed = f.date;
      }
      if (!opened || !closed || !in(*closed)) continue;
      KpiCounts& k = tally.by_product[ProductOfUnit(unit, &unit_products)];
      ++k.complaints_resolved;
      k.complaint_days += *closed - *opened;
    }

    const int64_t buyers = tally.total.buyers, repeat_buyers = tally.total.repeat_buyers;
    for (const auto& [sku, k] : tally.by_product) tally.total.merge(k);
    tally.total.buyers = buyers;
    tally.total.repeat_buyers = repeat_buyers;
    return tally;
  }

  // When a case was first responded to and when it was last resolved, as of
  // `at` (steps after it unread): the first status move of the case (any move
  // out of `open` is the first response, SPEC §5), and the move into
  // `resolved` (or straight into `closed`) that left the case resolved or
  // closed at `at`; nullopt when there is none.
  struct CaseMoments {
    std::optional<absl::Time> first_response;
    std::optional<absl::Time> resolved;
  };
  static CaseMoments MomentsOf(absl::Span<const CaseStep> steps, absl::Time at) {
    CaseMoments m;
    CaseStatus status = CaseStatus::kOpen;
    for (const CaseStep& step : steps) {
      if (step.at >= at) break;
      if (step.kind != CaseStep::Kind::kStatus) continue;
      if (!m.first_response) m.first_response = step.at;
      const bool done = step.status == CaseStatus::kResolved || step.status == CaseStatus::kClosed;
      const bool was_done = status == CaseStatus::kResolved || status == CaseStatus::kClosed;
      if (done && !was_done) m.resolved = step.at;
      if (!done) m.resolved.reset();
      status = step.status;
    }
    return m;
  }

  // The durations behind a duration KPI (kpi_catalog() test "duration") for
  // the corrective-action verification: one per repair received, complaint
  // opened or case opened in [start, end] whose product is `product` ("" for
  // every product), observed when it ended by the end of `as_of`, else
  // censored at what it had lasted by then. Days for repairs (working days of
  // `calendar`) and complaints (calendar days), SLA working hours for cases.
  // With mu_ held (shared).
  struct Durations {
    std::vector<double> durations;
    std::vector<uint8_t> observed;
  };
  absl::StatusOr<Durations> KpiDurations(absl::string_view kpi, Date start, Date end, Date as_of,
                                         absl::string_view product,
                                         const Calendar* calendar) const {
    const auto in = [&](Date d) { return d >= start && d <= end; };
    Durations out;
    const auto add = [&](double duration, bool observed) {
      out.durations.push_back(duration);
      out.observed.push_back(observed ? 1 : 0);
    };
    absl::flat_hash_map<std::string, std::string> unit_products;
    const auto wanted = [&](absl::string_view unit) {
      return product.empty() || ProductOfUnit(unit, &unit_products) == product;
    };
    if (kpi == "mean_time_to_repair" || kpi == "median_time_to_repair") {
      for (const auto& [unit, own] : units_) {
        if (!wanted(unit)) continue;
        std::optional<Date> received;
        for (int64_t seq : own) {
          const warranty_internal::FactRecord& f = FactAt(seq);
          if (f.date > as_of) break;  // replay order: dates never decrease
          if (f.type == EventType::kRepairReceived) {
            received = f.date;
          } else if (f.type == EventType::kRepairReturned && received) {
            if (in(*received)) {
              absl::StatusOr<int64_t> days = WorkingDays(*received, f.date, calendar);
              if (!days.ok()) return days.status();
              add(static_cast<double>(*days), true);
            }
            received.reset();
          }
        }
        if (received && in(*received)) {  // still in repair on as_of
          absl::StatusOr<int64_t> days = WorkingDays(*received, as_of + 1, calendar);
          if (!days.ok()) return days.status();
          add(static_cast<double>(*days), false);
        }
      }
    } else if (kpi == "complaint_resolution_days") {
      for (const auto& [id, list] : complaints_) {
        std::optional<Date> opened, closed;
        std::string unit;
        for (int64_t seq : list) {
          const warranty_internal::FactRecord& f = FactAt(seq);
          if (f.date > as_of) continue;
          if (f.type == EventType::kComplaintOpened) {
            opened = f.date;
            unit = EventAt(seq).unit;
          }
          if (f.type == EventType::kComplaintResolved) closed = f.date;
        }
        if (!opened || !in(*opened) || !wanted(unit)) continue;
        if (closed) {
          add(static_cast<double>(*closed - *opened), true);
        } else {
          add(static_cast<double>(as_of + 1 - *opened), false);
        }
      }
    } else if (kpi == "first_response_hours" || kpi == "resolution_hours") {
      const bool first = kpi == "first_response_hours";
      const absl::Time at = absl::FromCivil(absl::CivilSecond(as_of + 1), absl::UTCTimeZone());
      for (const auto& [id, list] : cases_) {
        const std::vector<int64_t> order = CaseOrder(list);
        const Event opened = EventAt(order.front());
        if (!in(opened.date) || !wanted(opened.unit)) continue;
        auto policy = slas_.find(opened.sla);
        if (policy == slas_.end()) continue;
        auto cal = calendars_.find(policy->second.calendar);
        if (cal == calendars_.end()) continue;
        std::vector<CaseStep> steps;
        steps.reserve(order.size());
        for (int64_t seq : order) steps.push_back(StepAt(seq));
        if (steps.front().at >= at) continue;
        absl::StatusOr<SlaStatus> status = evaluate_sla(policy->second, cal->second, steps, at);
        if (!status.ok()) return status.status();
        const CaseMoments moments = MomentsOf(steps, at);
        const TargetStatus& target = first ? status->first_response : status->resolution;
        const bool done = first ? moments.first_response.has_value() : moments.resolved.has_value();
        add(absl::ToDoubleHours(target.elapsed), done);
      }
    } else {
      return absl::InvalidArgumentError(absl::StrCat("kpi: \"", kpi, "\" is not a duration KPI"));
    }
    return out;
  }

  // The measured values of the scorecard (docs/scorecard.md, "Measuring
  // definitions") over [start, end], with mu_ held (shared).
  absl::StatusOr<std::vector<MeasuredMetric>> MeasureQuality(Date start, Date end,
                                                             int complaint_months) const {
    const auto in = [&](Date d) { return d >= start && d <= end; };
    const auto ratio = [](const char* name, int64_t count, int64_t n) {
      MeasuredMetric m;
      m.name = name;
      m.count = count;
      m.n = n;
      if (n > 0) m.value = static_cast<double>(count) / static_cast<double>(n);
      return m;
    };
    const auto mean = [](const char* name, double sum, int64_t n) {
      MeasuredMetric m;
      m.name = name;
      m.n = n;
      if (n > 0) m.value = sum / static_cast<double>(n);
      return m;
    };
    const auto score = [](std::string name, const Score& s) {
      MeasuredMetric m;
      m.name = std::move(name);
      m.n = s.n;
      if (s.n > 0) {
        m.value = s.value;
        m.low = s.low;
        m.high = s.high;
      }
      return m;
    };

    // The KPIs' counts (docs/kpis.md): delivery checks, installations, SLA
    // judgements, maintenance, survey sends, complaint resolution days.
    const SurveyMatch match = MatchSurveys();
    absl::StatusOr<KpiTally> tally = CountKpis(start, end, /*calendar=*/nullptr, &match);
    if (!tally.ok()) return tally.status();
    const KpiCounts& k = tally->total;

    // Units: the calendar days of the repairs returned in the period, and the
    // products sold in it.
    int64_t repairs = 0;
    double repair_days = 0;
    absl::flat_hash_set<const Product*> sold_products;
    for (const auto& [unit, own] : units_) {
      std::optional<Date> received;
      for (int64_t seq : own) {
        const warranty_internal::FactRecord& f = FactAt(seq);
        switch (f.type) {
          case EventType::kSold:
            if (in(f.date)) {
              if (const Product* p = catalog_.find_product(f.text)) sold_products.insert(p);
            }
            break;
          case EventType::kRepairReceived:
            received = f.date;
            break;
          case EventType::kRepairReturned:
            if (received && in(f.date)) {
              ++repairs;
              repair_days += static_cast<double>(f.date - *received);
            }
            received.reset();
            break;
          default:
            break;
        }
      }
    }

    // Complaints answered within the legal deadline: judged the day of the
    // answer, or the day after the deadline when late or still open.
    int64_t complaints_judged = 0, complaints_in_time = 0;
    for (const auto& [id, list] : complaints_) {
      std::optional<Date> opened, closed;
      for (int64_t seq : list) {
        const warranty_internal::FactRecord& f = FactAt(seq);
        if (f.type == EventType::kComplaintOpened) opened = f.date;
        if (f.type == EventType::kComplaintResolved) closed = f.date;
      }
      if (!opened) continue;
      const Date deadline = add_months(*opened, complaint_months);
      const bool in_time = closed && *closed <= deadline;
      const Date judged = in_time ? *closed : deadline + 1;
      if (in(judged)) {
        ++complaints_judged;
        if (in_time) ++complaints_in_time;
      }
    }

    // Survey answers of the period, scored per instrument.
    NpsState nps;
    CsatState csat;
    CesState ces;
    ServqualState servqual;
    struct Moments {
      int64_t n = 0;
      double sum = 0, sum_sq = 0;
    };
    std::map<std::string, Moments> custom;  // by instrument name: report order
    for (const auto& [answer, send] : match.answers) {
      if (!in(FactAt(answer).date)) continue;
      const Event e = EventAt(answer);
      if (e.instrument == "nps") {
        const double v = *e.score;
        ++(v >= 9 ? nps.promoters : v <= 6 ? nps.detractors : nps.passives);
      } else if (e.instrument == "csat") {
        ++csat.n;
        if (*e.score >= 4) ++csat.satisfied;
      } else if (e.instrument == "ces") {
        const auto v = static_cast<int64_t>(*e.score);
        ++ces.n;
        ces.sum += v;
        ces.sum_sq += v * v;
      } else if (e.instrument == "servqual") {
        for (int i = 0; i < kServqualItems; ++i) {
          servqual.gap_sum[static_cast<size_t>(i)] +=
              static_cast<int64_t>(*e.answers[static_cast<size_t>(kServqualItems + i)] -
                                   *e.answers[static_cast<size_t>(i)]);
        }
        ++servqual.n;
      } else if (const Instrument* instrument = FindInstrument(e.instrument)) {
        absl::StatusOr<double> v = response_score(*instrument, e.score, e.answers);
        if (!v.ok()) return v.status();  // recorded answers passed this check
        Moments& m = custom[e.instrument];
        ++m.n;
        m.sum += *v;
        m.sum_sq += *v * *v;
      }
    }

    std::vector<MeasuredMetric> out;
    out.push_back(
        ratio("delivery_defect_rate", k.delivery_checks - k.deliveries_ok, k.delivery_checks));
    out.push_back(ratio("installation_right_first_time", k.installations_ok, k.installations));
    out.push_back(ratio("first_response_sla", k.first_responses_met, k.first_responses));
    out.push_back(ratio("resolution_sla", k.resolutions_met, k.resolutions));
    out.push_back(ratio("maintenance_compliance", k.maintenance_met, k.maintenance_due));
    out.push_back(ratio("survey_response_rate", k.surveys_answered, k.surveys_sent));
    out.push_back(mean("repair_turnaround_days", repair_days, repairs));
    out.push_back(mean("complaint_resolution_days", static_cast<double>(k.complaint_days),
                       k.complaints_resolved));
    out.push_back(score("nps", nps.score()));
    out.push_back(score("csat", csat.score()));
    out.push_back(score("ces", ces.score()));
    const ServqualScore sq = servqual.score();
    out.push_back(score("servqual", Score{sq.overall, kNaN, kNaN, sq.n}));
    constexpr const char* kDimensions[kServqualDimensions] = {
        "servqual_tangibles", "servqual_reliability", "servqual_responsiveness",
        "servqual_assurance", "servqual_empathy"};
    for (int d = 0; d < kServqualDimensions; ++d) {
      out.push_back(score(kDimensions[d],
                          Score{sq.dimension_gaps[static_cast<size_t>(d)], kNaN, kNaN, sq.n}));
    }
    for (const auto& [name, m] : custom) {
      // The mean index with mean ± z·s/sqrt(n), s the sample standard
      // deviation (as CES; no interval from one answer).
      const double n = static_cast<double>(m.n);
      const double avg = m.sum / n;
      Score s{avg, kNaN, kNaN, m.n};
      if (m.n > 1) {
        const double var = std::max(0.0, (m.sum_sq - n * avg * avg) / (n - 1));
        const double half = kZ95 * std::sqrt(var / n);
        s.low = std::max(0.0, avg - half);
        s.high = std::min(100.0, avg + half);
      }
      out.push_back(score(absl::StrCat(kInstrumentMetricPrefix, name), s));
    }
    out.push_back(
        ratio("complaints_answered_in_legal_time", complaints_in_time, complaints_judged));
    int64_t covered = 0;
    for (const Product* p : sold_products) {
      if (HasLegalCover(*p)) ++covered;
    }
    out.push_back(
        ratio("products_with_legal_cover", covered, static_cast<int64_t>(sold_products.size())));
    return out;
  }

  // A product offers the legal guarantee: a policy of kind legal covering parts
  // and labour in full for at least the EU minimum, 24 months (Directive (EU)
  // 2019/771 art. 10; Spain's 36 months since 2022 pass too).
  static bool HasLegalCover(const Product& product) {
    for (const WarrantyPolicy& w : product.warranties) {
      if (w.kind == PolicyKind::kLegal && w.parts.percent >= 100 && w.parts.months >= 24 &&
          w.labor.percent >= 100 && w.labor.months >= 24) {
        return true;
      }
    }
    return false;
  }

  // One unit's service, for the reliability queries: days from its start of
  // service to each repair_received and to its end of observation.
  struct Service {
    absl::string_view unit;
    const Product* product;
    Date start;
    std::vector<int64_t> repairs;
    int64_t end = 0;
    bool exited = false;    // retired, replaced or refunded by `on`
    double claim_cost = 0;  // parts + labor of its repair_returned events up to `on`
    int64_t claims_costed = 0;
  };
  absl::StatusOr<std::vector<Service>> Services(Date on) const {
    const int parts = QueryParts();
    std::vector<std::vector<Service>> part_out(static_cast<size_t>(parts));
    absl::Status status = ForEachUnit(
        /*maintained_only=*/false, parts,
        [&](int part, absl::string_view unit, absl::Span<const int64_t> own,
            const UnitView& view) -> absl::Status {
          Service s;
          s.unit = unit;
          s.product = view.product;
          std::optional<Date> start;
          if (auto origin = origins_.find(unit); origin != origins_.end()) {
            start = origin->second.date;
          }
          std::optional<Date> exit;
          for (int64_t seq : own) {
            const warranty_internal::FactRecord& f = FactAt(seq);
            if (f.date > on) break;  // replay order: dates never decrease
            switch (f.type) {
              case EventType::kDelivered:
                if (!start) start = f.date;
                break;
              case EventType::kRepairReceived:
                if (start) s.repairs.push_back(f.date - *start);
                break;
              case EventType::kRepairReturned: {
                const Event e = EventAt(seq);
                s.claim_cost +=
                    static_cast<double>(e.parts_cost.value_or(0) + e.labor_cost.value_or(0));
                ++s.claims_costed;
                break;
              }
              case EventType::kRetired:
              case EventType::kReplaced:
              case EventType::kRefunded:
                if (!exit) exit = f.date;
                break;
              default:
                break;
            }
          }
          if (!start || *start > on) return absl::OkStatus();  // not in service by `on`
          s.start = *start;
          s.exited = exit.has_value();
          s.end = (exit ? std::min(*exit, on) : on) - *start;
          part_out[static_cast<size_t>(part)].push_back(std::move(s));
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
    std::vector<Service> out = Concatenate(std::move(part_out));
    std::sort(out.begin(), out.end(),
              [](const Service& a, const Service& b) { return a.unit < b.unit; });
    return out;
  }

  // What plan_followups reads, gathered from the whole ledger.
  struct FollowupInput {
    std::vector<RuleSetRef> refs;
    std::vector<LifecycleFact> facts;
    std::vector<ComplaintSpan> complaints;
    std::vector<ContactMade> made;
    // Per rule set (same index as refs): the triggers its rules use, and how
    // many days before a derived date (a due date, a warranty end) its
    // earliest contact can fall.
    std::vector<absl::flat_hash_set<std::string>> triggers;
    std::vector<int64_t> lead_days;
    absl::flat_hash_map<std::string, int> index;  // rule set name -> index
  };

  // The index of rule set `name` in `input`, adding it on first use.
  absl::StatusOr<int> RuleSetIndex(absl::string_view name, FollowupInput* input) const {
    if (auto it = input->index.find(name); it != input->index.end()) return it->second;
    const FollowupRules* rules = nullptr;
    if (auto it = followups_.find(name); it != followups_.end()) {
      rules = &it->second;
    } else if (name == kDefaultFollowups) {
      rules = &BuiltInFollowups();
    } else {
      return absl::FailedPreconditionError(
          absl::StrCat("follow-up rule set \"", name, "\" is not in this ledger"));
    }
    const Calendar* calendar = nullptr;
    if (!rules->calendar.empty()) {
      auto cal = calendars_.find(rules->calendar);
      if (cal == calendars_.end()) {
        return absl::FailedPreconditionError(absl::StrCat("follow-up rule set \"", name,
                                                          "\": calendar \"", rules->calendar,
                                                          "\" is not in this ledger"));
      }
      calendar = &cal->second;
    }
    const int index = static_cast<int>(input->refs.size());
    input->refs.push_back(RuleSetRef{rules, calendar});
    absl::flat_hash_set<std::string>& used = input->triggers.emplace_back();
    int64_t lead = 0;
    for (const FollowupRule& rule : rules->rules) {
      used.insert(rule.after);
      // A working day back is at most a few calendar days back; 3x is far more
      // than any calendar with a working day a week needs, plus a month of holidays.
      const int64_t back = rule.offset_working_days ? -int64_t{*rule.offset_working_days} * 3 + 31
                                                    : -int64_t{rule.offset_days};
      lead = std::max(lead, back);
    }
    input->lead_days.push_back(lead);
    input->index.emplace(std::string(name), index);
    return index;
  }

  absl::Status CollectFollowupFacts(Date end, FollowupInput* input) const {
    // Every rule set a unit can use is resolved first, so that the units can
    // be visited in parallel with read-only lookups.
    if (absl::StatusOr<int> s = RuleSetIndex(kDefaultFollowups, input); !s.ok()) {
      return s.status();
    }
    for (const auto& [name, rules] : followups_) {
      if (absl::StatusOr<int> s = RuleSetIndex(name, input); !s.ok()) return s.status();
    }
    // Units: their lifecycle events, due dates and warranty end, by their
    // product's rule set. A unit's customer is its sold event's.
    struct UnitInfo {
      int rule_set;
      const Product* product;
    };
    const int parts = QueryParts();
    std::vector<std::vector<LifecycleFact>> part_facts(static_cast<size_t>(parts));
    std::vector<std::vector<std::pair<absl::string_view, UnitInfo>>> part_units(
        static_cast<size_t>(parts));
    absl::Status status = ForEachUnit(
        /*maintained_only=*/false, parts,
        [&](int part, absl::string_view unit, absl::Span<const int64_t> own,
            const UnitView& view) -> absl::Status {
          const Product& product = *view.product;
          const absl::string_view set_name =
              product.followups.empty() ? absl::string_view(kDefaultFollowups) : product.followups;
          auto found = input->index.find(set_name);
          if (found == input->index.end()) {
            return absl::FailedPreconditionError(absl::StrCat("product \"", product.sku,
                                                              "\": follow-up rule set \"", set_name,
                                                              "\" is not in this ledger"));
          }
          const int rule_set = found->second;
          part_units[static_cast<size_t>(part)].emplace_back(unit, UnitInfo{rule_set, &product});
          const absl::flat_hash_set<std::string>& used =
              input->triggers[static_cast<size_t>(rule_set)];
          // Inherited events (a replacement's) come first in the view; they
          // are the replaced unit's facts, not this unit's, but its sold event
          // names the customer.
          const size_t inherited = view.replay.size() - own.size();
          std::string customer;
          for (size_t i = 0; i < view.replay.size(); ++i) {
            if (view.replay[i]->type == EventType::kSold) {
              const int64_t seq = i < inherited ? SeqOf(view.replay[i]) : own[i - inherited];
              customer = EventAt(seq).customer;
              break;
            }
          }
          std::vector<LifecycleFact>& facts = part_facts[static_cast<size_t>(part)];
          auto fact = [&](absl::string_view after, Date date) -> LifecycleFact& {
            LifecycleFact& f = facts.emplace_back();
            f.rule_set = rule_set;
            f.after = std::string(after);
            f.date = date;
            f.customer = customer;
            f.unit = std::string(unit);
            f.product = product.sku;
            f.product_training = product.training;
            return f;
          };
          for (size_t i = inherited; i < view.replay.size(); ++i) {
            const warranty_internal::FactRecord& r = *view.replay[i];
            if (r.date > end) continue;
            const absl::string_view after = event_type_name(r.type);
            if (!used.contains(after)) continue;
            LifecycleFact& f = fact(after, r.date);
            if (r.type == EventType::kInstalled) f.by = r.by_customer ? "customer" : "specialist";
          }
          const int64_t lead = input->lead_days[static_cast<size_t>(rule_set)];
          const bool wants_dues = used.contains("maintenance_due") && product.maintenance;
          const bool wants_end = used.contains("warranty_end");
          if (wants_dues || wants_end) {
            const warranty_internal::UnitFacts unit_facts =
                warranty_internal::CollectFacts(view.replay, end);
            if (wants_dues && !unit_facts.retired && !unit_facts.replaced && !unit_facts.refunded) {
              for (Date due : warranty_internal::DueDatesThrough(product, unit_facts, end + lead,
                                                                 view.calendar)) {
                fact("maintenance_due", due);
              }
            }
            if (wants_end) {
              if (std::optional<Date> last =
                      warranty_internal::LastCommercialCoverEnd(product, unit_facts, end)) {
                fact("warranty_end", *last);
              }
            }
          }
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
    input->facts = Concatenate(std::move(part_facts));
    absl::flat_hash_map<absl::string_view, UnitInfo> unit_info;
    for (const auto& units : part_units) {
      for (const auto& [unit, info] : units) unit_info.emplace(unit, info);
    }

    // The rule set of a customer-level fact: its unit's, else the default.
    auto customer_fact = [&](absl::string_view after, Date date, absl::string_view customer,
                             absl::string_view unit) -> absl::StatusOr<LifecycleFact*> {
      int rule_set = -1;
      const Product* product = nullptr;
      if (auto it = unit_info.find(unit); !unit.empty() && it != unit_info.end()) {
        rule_set = it->second.rule_set;
        product = it->second.product;
      } else {
        absl::StatusOr<int> index = RuleSetIndex(kDefaultFollowups, input);
        if (!index.ok()) return index.status();
        rule_set = *index;
      }
      if (!input->triggers[static_cast<size_t>(rule_set)].contains(after)) return nullptr;
      LifecycleFact& f = input->facts.emplace_back();
      f.rule_set = rule_set;
      f.after = std::string(after);
      f.date = date;
      f.customer = std::string(customer);
      f.unit = std::string(unit);
      if (product != nullptr) {
        f.product = product->sku;
        f.product_training = product->training;
      }
      return &f;
    };

    // Complaints: open spans per customer (the customer is the record's text).
    for (const auto& [id, list] : complaints_) {
      ComplaintSpan span;
      bool opened = false;
      for (int64_t seq : list) {
        const warranty_internal::FactRecord& r = FactAt(seq);
        if (r.date > end) continue;
        if (r.type == EventType::kComplaintOpened) {
          span.customer = std::string(r.text);
          span.opened = r.date;
          opened = true;
        } else {
          span.resolved = r.date;
        }
        absl::StatusOr<LifecycleFact*> f =
            customer_fact(event_type_name(r.type), r.date, r.text, "");
        if (!f.ok()) return f.status();
      }
      if (opened) input->complaints.push_back(std::move(span));
    }

    // Cases: each move to `resolved` is a "case_resolved" fact of the case's
    // customer (and unit, when the case names one).
    for (const auto& [id, list] : cases_) {
      const std::vector<int64_t> order = CaseOrder(list);
      std::optional<Event> opened;
      for (int64_t seq : order) {
        const warranty_internal::FactRecord& r = FactAt(seq);
        if (r.date > end) continue;
        if (r.type == EventType::kCaseStatus && r.text == "resolved") {
          if (!opened) opened = EventAt(order.front());
          absl::StatusOr<LifecycleFact*> f =
              customer_fact("case_resolved", r.date, opened->customer, opened->unit);
          if (!f.ok()) return f.status();
        }
      }
    }

    // Events with no history of their own: contacts made and surveys.
    for (int64_t seq = 0; seq < Count(); ++seq) {
      const warranty_internal::FactRecord& r = FactAt(seq);
      if (r.date > end) continue;
      if (r.type == EventType::kContactMade) {
        input->made.push_back(ContactMade{EventAt(seq).customer, r.date});
      } else if (r.type == EventType::kSurveyAnswered || r.type == EventType::kSurveySent) {
        const Event e = EventAt(seq);
        absl::StatusOr<LifecycleFact*> f =
            customer_fact(event_type_name(r.type), r.date, e.customer, e.unit);
        if (!f.ok()) return f.status();
        if (*f != nullptr) {
          (*f)->instrument = e.instrument;
          (*f)->score = e.score;
          if (!e.answers.empty()) {  // a questionnaire: its response score
            if (const Instrument* instrument = FindInstrument(e.instrument)) {
              absl::StatusOr<double> score = response_score(*instrument, e.score, e.answers);
              if (score.ok()) (*f)->score = *score;
            }
          }
        }
      }
    }
    return absl::OkStatus();
  }

  // The product of a unit: from its (possibly inherited) sold event.
  const Product* ProductOf(absl::Span<const warranty_internal::FactRecord* const> replay) const {
    for (const warranty_internal::FactRecord* r : replay) {
      if (r->type == EventType::kSold) return catalog_.find_product(r->text);
    }
    return nullptr;
  }

  // A stable copy of `text` (interned: each distinct string once), for FactRecord.
  absl::string_view Intern(absl::string_view text) {
    if (text.empty()) return {};
    if (auto it = interned_.find(text); it != interned_.end()) return *it;
    return *interned_.emplace(text).first;
  }

  // The events a replacement unit inherits from the unit it replaced (and so on
  // up the chain): those that fix the cover start, dated up to the replacement.
  void Inherited(absl::string_view unit, std::vector<int64_t>* out) const {
    auto origin = origins_.find(unit);
    if (origin == origins_.end()) return;
    std::vector<int64_t> parent;
    Inherited(origin->second.unit, &parent);
    if (auto it = units_.find(origin->second.unit); it != units_.end()) {
      parent.insert(parent.end(), it->second.begin(), it->second.end());
    }
    for (int64_t seq : parent) {
      const warranty_internal::FactRecord& f = FactAt(seq);
      if (FixesCoverStart(f.type) && f.date <= origin->second.date) out->push_back(seq);
    }
  }

  // The unit lifecycle of SPEC §3, replayed in date order.
  std::optional<Failure> ReplayUnit(const std::vector<int64_t>& replay, size_t inherited,
                                    absl::string_view unit) const {
    const Product* product = nullptr;
    bool sold = false, delivered = false, installed = false, in_repair = false;
    std::optional<Date> ended;  // replaced or refunded: only retired may follow
    std::string ended_by;
    std::optional<Date> retired;
    std::optional<double> usage;
    for (size_t i = 0; i < replay.size(); ++i) {
      const warranty_internal::FactRecord& e = FactAt(replay[i]);
      auto refuse = [&](std::string why) { return Failure{i, std::move(why)}; };
      if (retired) {
        return refuse(absl::StrCat("unit \"", unit, "\" was retired on ", format_date(*retired)));
      }
      if (i >= inherited && e.type != EventType::kRetired && ended) {
        return refuse(
            absl::StrCat("unit \"", unit, "\" was ", ended_by, " on ", format_date(*ended)));
      }
      if (e.type == EventType::kSold) {
        if (sold || i > 0) return refuse("sold must be the first event of a unit");
        product = catalog_.find_product(e.text);
        if (product == nullptr) {
          return refuse(absl::StrCat("product \"", e.text, "\" is not in the catalog"));
        }
        sold = true;
        continue;
      }
      if (!sold) return refuse(absl::StrCat("unit \"", unit, "\" has no sold event before it"));
      const bool needs_delivery = e.type != EventType::kExtensionPurchased &&
                                  e.type != EventType::kDelivered && e.type != EventType::kRetired;
      if (needs_delivery && !delivered) {
        return refuse(absl::StrCat("unit \"", unit, "\" has not been delivered"));
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
          if (!std::isnan(e.usage)) {
            if (usage && e.usage < *usage) {
              return refuse(absl::StrCat("usage ", e.usage, " is below the earlier reading ",
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
          const WarrantyPolicy* policy = product->find_policy(e.text);
          if (policy == nullptr || policy->kind != PolicyKind::kExtended) {
            return refuse(absl::StrCat("policy \"", e.text,
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
  std::optional<Failure> ReplayComplaint(const std::vector<int64_t>& replay,
                                         absl::string_view complaint) const {
    bool open = false, resolved = false;
    const absl::string_view owner = FactAt(replay.front()).text;  // the customer
    for (size_t i = 0; i < replay.size(); ++i) {
      const warranty_internal::FactRecord& e = FactAt(replay[i]);
      if (e.text != owner) {
        return Failure{i, absl::StrCat("complaint \"", complaint, "\" belongs to customer \"",
                                       owner, "\", not \"", e.text, "\"")};
      }
      if (e.type == EventType::kComplaintOpened) {
        if (open || resolved) {
          return Failure{i, absl::StrCat("complaint \"", complaint, "\" was already opened")};
        }
        open = true;
      } else {
        if (!open) return Failure{i, absl::StrCat("complaint \"", complaint, "\" is not open")};
        open = false;
        resolved = true;
      }
    }
    return std::nullopt;
  }

  // A case's events in time order: `at` (every case event has one), then
  // replay order (case_opened first on ties), then arrival.
  std::vector<int64_t> CaseOrder(const std::vector<int64_t>& list) const {
    std::vector<int64_t> order = list;
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
      const Order& x = orders_[static_cast<size_t>(a)];
      const Order& y = orders_[static_cast<size_t>(b)];
      return std::tie(x.at_us, x.rank) < std::tie(y.at_us, y.rank);
    });
    return order;
  }

  // The SLA engine's view of a case event.
  CaseStep StepAt(int64_t seq) const {
    const warranty_internal::FactRecord& f = FactAt(seq);
    CaseStep step;
    step.at = absl::FromUnixMicros(orders_[static_cast<size_t>(seq)].at_us);
    switch (f.type) {
      case EventType::kCaseOpened:
        step.kind = CaseStep::Kind::kOpened;
        step.priority = std::string(f.text);
        break;
      case EventType::kCasePriority:
        step.kind = CaseStep::Kind::kPriority;
        step.priority = std::string(f.text);
        break;
      default:
        step.kind = CaseStep::Kind::kStatus;
        // validate_event_fields admitted only known statuses.
        step.status = parse_case_status(f.text).value_or(CaseStatus::kOpen);
        break;
    }
    return step;
  }

  // A service case (SPEC §5): opened first, once; then status moves allowed by
  // the status machine (check_case_transition) and priority changes, in time
  // order.
  std::optional<Failure> ReplayCase(const std::vector<int64_t>& replay,
                                    absl::string_view case_id) const {
    std::vector<size_t> order(replay.size());  // positions in `replay`, in time order
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const Order& x = orders_[static_cast<size_t>(replay[a])];
      const Order& y = orders_[static_cast<size_t>(replay[b])];
      return std::tie(x.at_us, x.rank) < std::tie(y.at_us, y.rank);
    });
    CaseStatus status = CaseStatus::kOpen;
    for (size_t k = 0; k < order.size(); ++k) {
      const size_t i = order[k];
      const warranty_internal::FactRecord& e = FactAt(replay[i]);
      const bool opening = e.type == EventType::kCaseOpened;
      if (opening && k > 0) {
        return Failure{i, absl::StrCat("case \"", case_id, "\" was already opened")};
      }
      if (!opening && k == 0) {
        return Failure{i, absl::StrCat("case \"", case_id, "\" has not been opened")};
      }
      if (e.type != EventType::kCaseStatus) continue;
      const CaseStatus next = parse_case_status(e.text).value_or(CaseStatus::kOpen);
      if (absl::Status s = check_case_transition(status, next); !s.ok()) {
        return Failure{i, absl::StrCat("case \"", case_id, "\": ", s.message())};
      }
      status = next;
    }
    return std::nullopt;
  }

  mutable Mutex mu_;
  std::unique_ptr<store_internal::Store> store_;
  bool closed_ = false;
  Catalog catalog_;
  absl::flat_hash_map<std::string, Calendar> calendars_;
  absl::flat_hash_map<std::string, SlaPolicy> slas_;
  absl::flat_hash_map<std::string, FollowupRules> followups_;
  absl::flat_hash_map<std::string, Instrument> instruments_;  // added ones; built-ins apart
  std::vector<Anomaly> anomalies_;                            // in order of first put
  absl::flat_hash_map<std::string, size_t> anomaly_index_;    // id -> index in anomalies_
  // The events, encoded back to back in arrival order; event seq i is
  // arena_[offsets_[i], offsets_[i + 1]).
  std::string arena_;
  std::vector<size_t> offsets_ = {0};
  std::vector<Order> orders_;  // per event: its place in replay order
  std::string scratch_;        // the encoding of the event being inserted
  // One compact record per event (same index), read by warranty decisions.
  std::vector<warranty_internal::FactRecord> facts_;
  // The strings FactRecords view. node_hash_set: elements never move.
  absl::node_hash_set<std::string> interned_;
  absl::flat_hash_map<std::string, int64_t> by_id_;   // id -> index
  HistoryMap units_, complaints_, cases_;             // event indices in replay order
  absl::flat_hash_map<std::string, Origin> origins_;  // replacement unit -> origin
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

absl::Status Ledger::add_sla(const SlaPolicy& policy) { return impl_->AddSla(policy); }

absl::StatusOr<SlaStatus> Ledger::sla_status(absl::string_view case_id, absl::Time at) const {
  return impl_->SlaStatusOf(case_id, at);
}

absl::Status Ledger::add_followups(const FollowupRules& rules) {
  return impl_->AddFollowups(rules);
}

absl::StatusOr<std::vector<Contact>> Ledger::followups(Date start, Date end) const {
  return impl_->Followups(start, end);
}

absl::Status Ledger::add_instrument(const Instrument& instrument) {
  return impl_->AddInstrument(instrument);
}

absl::StatusOr<Instrument> Ledger::instrument(absl::string_view name) const {
  return impl_->InstrumentNamed(name);
}

absl::StatusOr<std::vector<SurveyAnswer>> Ledger::survey_answers(Date start, Date end) const {
  return impl_->SurveyAnswers(start, end);
}

absl::StatusOr<std::vector<SurveyResponse>> Ledger::survey_responses(Date start, Date end,
                                                                     SurveyPeriod period) const {
  return impl_->SurveyResponses(start, end, period);
}

absl::StatusOr<Scorecard> Ledger::scorecard(Date start, Date end,
                                            const ScorecardConfig& config) const {
  return impl_->QualityScorecard(start, end, config);
}

absl::Status Ledger::put_anomaly(const Anomaly& anomaly) { return impl_->PutAnomaly(anomaly); }

absl::StatusOr<std::vector<Anomaly>> Ledger::anomalies() const { return impl_->Anomalies(); }

absl::StatusOr<AnomalyReview> Ledger::verify_anomaly(absl::string_view id, Date as_of,
                                                     absl::string_view calendar) const {
  return impl_->VerifyAnomaly(id, as_of, calendar);
}

const std::vector<absl::string_view>& verifiable_kpis() {
  static const auto* const names = [] {
    auto* out = new std::vector<absl::string_view>;
    for (const KpiInfo& info : kpi_catalog()) {
      if (!info.test.empty()) out->push_back(info.name);
    }
    return out;
  }();
  return *names;
}

std::string anomaly_review_to_json(const AnomalyReview& review) {
  const auto window = [](const DateWindow& w) {
    return absl::StrCat("{\"start\":\"", format_date(w.start), "\",\"end\":\"", format_date(w.end),
                        "\"}");
  };
  return absl::StrCat("{\"anomaly\":", anomaly_to_json(review.anomaly), ",\"as_of\":\"",
                      format_date(review.as_of),
                      "\",\"windows\":{\"before\":", window(review.windows.before),
                      ",\"after\":", window(review.windows.after),
                      "},\"verification\":", verification_to_json(review.verification), "}");
}

absl::StatusOr<std::vector<KpiValue>> Ledger::kpis(Date start, Date end,
                                                   const KpiOptions& options) const {
  return impl_->Kpis(start, end, options);
}

absl::StatusOr<std::vector<FailureTime>> Ledger::failure_times(Date on) const {
  return impl_->FailureTimes(on);
}

absl::StatusOr<std::vector<RepairHistory>> Ledger::repair_histories(Date on) const {
  return impl_->RepairHistories(on);
}

absl::StatusOr<std::vector<ClaimsForecast>> Ledger::claims_forecast(Date on, int months) const {
  return impl_->Forecast(on, months);
}

absl::string_view survey_period_name(SurveyPeriod period) {
  switch (period) {
    case SurveyPeriod::kDay:
      return "day";
    case SurveyPeriod::kWeek:
      return "week";
    case SurveyPeriod::kMonth:
      return "month";
    case SurveyPeriod::kQuarter:
      return "quarter";
    case SurveyPeriod::kYear:
      return "year";
    case SurveyPeriod::kAll:
      return "all";
  }
  return "";
}

std::optional<SurveyPeriod> parse_survey_period(absl::string_view name) {
  for (SurveyPeriod p : {SurveyPeriod::kDay, SurveyPeriod::kWeek, SurveyPeriod::kMonth,
                         SurveyPeriod::kQuarter, SurveyPeriod::kYear, SurveyPeriod::kAll}) {
    if (survey_period_name(p) == name) return p;
  }
  return std::nullopt;
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

absl::StatusOr<std::vector<Date>> Ledger::maintenance_schedule(absl::string_view unit, Date start,
                                                               Date end) const {
  return impl_->MaintenanceSchedule(unit, start, end);
}

absl::StatusOr<Decision> Ledger::assess_claim(absl::string_view unit, Date claim_date,
                                              absl::string_view fault, const Quote& quote) const {
  return impl_->AssessClaim(unit, claim_date, fault, quote);
}

absl::StatusOr<std::vector<MaintenanceDue>> Ledger::maintenance_due(Date on,
                                                                    int horizon_days) const {
  return impl_->MaintenanceDueList(on, horizon_days);
}

absl::StatusOr<std::vector<MaintenanceCompliance>> Ledger::maintenance_compliance(Date on) const {
  return impl_->Compliance(on);
}

const Catalog& Ledger::catalog() const { return impl_->catalog(); }

int64_t Ledger::event_count() const { return impl_->EventCount(); }

std::optional<DateSpan> Ledger::span() const { return impl_->Span(); }

absl::Status Ledger::check_open() const { return impl_->CheckOpen(); }

absl::Status Ledger::close() { return impl_->Close(); }

}  // namespace postventa
