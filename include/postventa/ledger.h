/** \file
 * \brief The after-sales ledger: catalog + events, in memory or in a durable
 * SQLite file (SPEC §3), and the queries over them.
 *
 * A postventa::Ledger validates every event against its unit's history and
 * answers the questions of every capability from what it holds: warranty
 * decisions, maintenance schedules and work lists, SLA status, follow-up
 * contacts, survey answers and response rates, the scorecard, KPIs, corrective
 * action and field reliability. The structs below are the rows of those
 * answers; to_table() turns a list of them into a postventa::Table, the
 * tabular form every face gives.
 */
#ifndef POSTVENTA_LEDGER_H_
#define POSTVENTA_LEDGER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "postventa/catalog.h"
#include "postventa/corrective.h"
#include "postventa/event.h"
#include "postventa/followup.h"
#include "postventa/kpi.h"
#include "postventa/scorecard.h"
#include "postventa/service.h"
#include "postventa/survey.h"
#include "postventa/table.h"
#include "postventa/time.h"
#include "postventa/warranty.h"

namespace postventa {

/// One line of the maintenance work list (Ledger::maintenance_due()).
struct MaintenanceDue {
  std::string unit;  ///< The unit's serial.
  Date due;          ///< The due date.
  /// Missed (no maintenance within the grace window) and not done since.
  bool overdue = false;
  std::string product;  ///< The unit's product (SKU).
  /// Equal when every field is equal.
  friend bool operator==(const MaintenanceDue&, const MaintenanceDue&) = default;
};

/// Maintenance compliance of one unit (Ledger::maintenance_compliance()).
struct MaintenanceCompliance {
  std::string unit;     ///< The unit's serial.
  std::string product;  ///< The unit's product (SKU).
  int64_t due = 0;      ///< Due dates whose grace window closed before the date asked.
  int64_t met = 0;      ///< Of those, how many had a maintenance done within the window.
  /// Equal when every field is equal.
  friend bool operator==(const MaintenanceCompliance&, const MaintenanceCompliance&) = default;
};

/// One survey answer with what it links to (Ledger::survey_answers()).
struct SurveyAnswer {
  std::string id;        ///< The `survey_answered` event's id.
  Date date;             ///< The answer's date.
  std::string customer;  ///< The customer who answered.
  std::string unit;      ///< The unit the survey names; "" when it names none.
  std::string case_id;   ///< The case the survey names; "" when it names none.
  /// The product of the unit (of the case's unit when only a case is named);
  /// "" when there is none.
  std::string product;
  std::string channel;     ///< The answer's channel.
  std::string instrument;  ///< The instrument answered.
  /// The response's score (response_score(), postventa/survey.h).
  double score = 0;
  /// The date of the `survey_sent` this answers; nullopt for an answer no send
  /// was waiting for (an unsolicited one).
  std::optional<Date> sent;
  /// Equal when every field is equal.
  friend bool operator==(const SurveyAnswer&, const SurveyAnswer&) = default;
};

/// How survey sends are grouped in time (Ledger::survey_responses()).
/// The numbers are the C ABI's `PV_PERIOD_*` and never change.
enum class SurveyPeriod {
  kDay = 0,      ///< `"day"`: by date.
  kWeek = 1,     ///< `"week"`: by ISO week (starting on Monday).
  kMonth = 2,    ///< `"month"`: by calendar month.
  kQuarter = 3,  ///< `"quarter"`: by calendar quarter.
  kYear = 4,     ///< `"year"`: by calendar year.
  kAll = 5       ///< `"all"`: one period, the whole range asked.
};
/// The name of a period: "day", "week", "month", "quarter", "year", "all".
absl::string_view survey_period_name(SurveyPeriod period);
/// The period named `name` (see survey_period_name()), or nullopt.
std::optional<SurveyPeriod> parse_survey_period(absl::string_view name);

/// The sends of one period, channel, product and instrument, and how many of
/// them were answered (Ledger::survey_responses()).
struct SurveyResponse {
  /// The first day of the period: the date itself, the Monday of its ISO week,
  /// the 1st of its month, quarter or year; for SurveyPeriod::kAll the `start`
  /// asked.
  Date period;
  std::string channel;     ///< The send's channel.
  std::string product;     ///< As in SurveyAnswer; "" when none.
  std::string instrument;  ///< The send's instrument; "" when it names none.
  int64_t sent = 0;        ///< How many surveys were sent.
  int64_t answered = 0;    ///< Of those sends, how many an answer matched (at any date).
  /// Equal when every field is equal.
  friend bool operator==(const SurveyResponse&, const SurveyResponse&) = default;
};

/// Time to first failure of one unit (Ledger::failure_times()).
struct FailureTime {
  std::string unit;     ///< The unit's serial.
  std::string product;  ///< The unit's product (SKU).
  /// Start of service: delivery; for a replacement unit, its replacement date.
  Date start;
  /// Days from start to the first `repair_received`, or to the end of observation.
  int64_t days = 0;
  /// True for a failure; false: censored (no repair by the end of observation).
  bool failed = false;
  /// Equal when every field is equal.
  friend bool operator==(const FailureTime&, const FailureTime&) = default;
};

/// The repairs of one unit over its service (Ledger::repair_histories()).
struct RepairHistory {
  std::string unit;     ///< The unit's serial.
  std::string product;  ///< The unit's product (SKU).
  Date start;           ///< Start of service, as FailureTime::start.
  /// Days from start of each `repair_received`, in order.
  std::vector<int64_t> repairs;
  int64_t end = 0;  ///< Days from start to the end of observation.
  /// Equal when every field is equal.
  friend bool operator==(const RepairHistory&, const RepairHistory&) = default;
};

/// Expected warranty claims of one product in one coming month
/// (Ledger::claims_forecast()).
struct ClaimsForecast {
  std::string product;  ///< The product (SKU).
  int month = 0;        ///< 1..months: the month ending `add_months(on, month)`.
  int64_t units = 0;    ///< Units in the field without a failure on `on`.
  /// `Σ (F(t + h1) - F(t + h0)) / (1 - F(t))` over those units, for the month
  /// `(h0, h1]` (in days from `on`) and each unit's age t.
  double expected_claims = 0;
  /// expected_claims × the product's average claim cost (NaN without one).
  double expected_cost = 0;
  double shape = 0,  ///< The shape (beta) of the product's Weibull fit.
      scale = 0;     ///< The scale (alpha) of the product's Weibull fit, in days.
  /// Equal when every field is equal.
  friend bool operator==(const ClaimsForecast&, const ClaimsForecast&) = default;
};

/// The verification of an anomaly's corrective measures (Ledger::verify_anomaly()).
struct AnomalyReview {
  Anomaly anomaly;            ///< The anomaly record verified.
  Date as_of;                 ///< The last day of data the verification reads.
  ComparisonWindows windows;  ///< The windows before and after the measures.
  Verification verification;  ///< The test, the values on each side, the verdict.
};
/// The JSON form of a review, the same bytes in every face:
/// \code{.unparsed}
/// {"anomaly": <anomaly_to_json>, "as_of": "YYYY-MM-DD",
///  "windows": {"before": {"start", "end"}, "after": {"start", "end"}},
///  "verification": <verification_to_json>}
/// \endcode
std::string anomaly_review_to_json(const AnomalyReview& review);
/// The KPIs an anomaly's verification may name: those of kpi_catalog() with a
/// test (`"rate"`: two-proportion z-test; `"duration"`: log-rank), in catalog
/// order.
const std::vector<absl::string_view>& verifiable_kpis();

/// The first and last day of something, both included (Ledger::span()).
struct DateSpan {
  Date first;  ///< The first day.
  Date last;   ///< The last day.
  /// Equal when both days are equal.
  friend bool operator==(const DateSpan&, const DateSpan&) = default;
};

/// What a write did (Ledger::record(), Ledger::record_many()).
struct RecordResult {
  int64_t stored = 0;      ///< New events stored.
  int64_t duplicates = 0;  ///< Ids already stored with the same content (no-ops).
};

/// The after-sales ledger (SPEC §3): a catalog and the events of its units,
/// customers and service cases, in memory or in a durable SQLite file.
///
/// Every event is validated against its unit's history replayed in date order;
/// a rejected event (or batch) changes nothing. Event ids are idempotent: the
/// same id with the same content is a no-op, with other content an error.
/// Replay order is (date, lifecycle rank, arrival): on one date, `sold` comes
/// before `delivered` before `delivery_checked` before `installed` before
/// `installation_checked` before the other events, and `retired` last; events
/// of equal rank keep their arrival order.
///
/// Durability: with a file, a write returns OK only after its SQLite
/// transaction has committed (WAL, synchronous=FULL); a crash at any point
/// leaves every acknowledged event in the file. Other processes may open the
/// same file and read consistent snapshots while one writer appends.
///
/// Thread safety: a Ledger may be shared by threads; writes are serialised and
/// reads see the state after the last completed write. The queries over every
/// unit (maintenance_due(), maintenance_compliance(), followups()) run on up to
/// one thread per hardware thread (at most 8) for ledgers of 20 000 units or
/// more, started and joined within the call; their results do not depend on it.
class Ledger {
 public:
  /// An empty ledger in memory.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Ledger>> open_memory();
  /// A ledger in the SQLite file at `path`, created when missing. A file written
  /// by a newer library fails with FailedPrecondition; an older one is migrated;
  /// a file that is not a postventa ledger fails with DataLoss/FailedPrecondition
  /// and is never modified.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Ledger>> open(const std::string& path);

  /// Closes the file if close() was not called (errors are then lost).
  ~Ledger();
  /// Not copyable: a ledger owns its store.
  Ledger(const Ledger&) = delete;
  /// Not copyable: a ledger owns its store.
  Ledger& operator=(const Ledger&) = delete;

  /// Adds a product to the catalog (stored in the file). Adding a product equal
  /// to the one stored under the same SKU is a no-op; a different one is
  /// AlreadyExists (products are versioned by SKU); an invalid one is
  /// InvalidArgument.
  [[nodiscard]] absl::Status add_product(const Product& product);
  /// Adds a business calendar under `name`, for the policies, plans and rule
  /// sets that name it (stored in the file). The same name with the same
  /// configuration is a no-op; with another AlreadyExists; an empty name is
  /// InvalidArgument.
  [[nodiscard]] absl::Status add_calendar(const std::string& name, const Calendar& calendar);

  /// Adds an SLA policy (SPEC §5), referred to by name from `case_opened` events.
  /// Its calendar must be in the ledger, except the calendar of a shipped
  /// preset (sla_preset_names()), which is added with it when missing. The same
  /// name with the same content is a no-op; with other content AlreadyExists.
  [[nodiscard]] absl::Status add_sla(const SlaPolicy& policy);

  /// Adds a follow-up rule set (SPEC §6), referred to by name from products'
  /// `followups`. A product without one uses the rule set "default": the
  /// built-in default_followup_rules() unless one of that name was added. Its
  /// calendar, if it names one, must be in the ledger. The same name with the
  /// same content is a no-op; with other content AlreadyExists.
  [[nodiscard]] absl::Status add_followups(const FollowupRules& rules);

  /// Adds a survey instrument (SPEC §7), referred to by name from survey
  /// events; the built-ins (builtin_instrument_names()) are always there and
  /// cannot be redefined. The same name with the same content is a no-op; with
  /// other content AlreadyExists.
  [[nodiscard]] absl::Status add_instrument(const Instrument& instrument);
  /// The instrument called `name` (a built-in or an added one); NotFound otherwise.
  [[nodiscard]] absl::StatusOr<Instrument> instrument(absl::string_view name) const;

  /// Records one event (see the class description for the rules).
  [[nodiscard]] absl::StatusOr<RecordResult> record(const Event& event);
  /// Records a batch atomically, in one transaction: if any event is invalid the
  /// error names its position (`events[17]: ...`) and nothing is stored.
  [[nodiscard]] absl::StatusOr<RecordResult> record_many(absl::Span<const Event> events);

  /// The unit's events in replay order, as recorded. NotFound for an unknown unit.
  [[nodiscard]] absl::StatusOr<std::vector<Event>> history(absl::string_view unit) const;
  /// The warranty decision for a claim on a unit on `claim_date` for a fault of
  /// category `fault` (SPEC §2.3): postventa::assess_claim() with the unit's
  /// product, its history (for a replacement unit, with the events it
  /// inherits) and its maintenance plan's calendar. NotFound for an unknown
  /// unit.
  [[nodiscard]] absl::StatusOr<Decision> assess_claim(absl::string_view unit, Date claim_date,
                                                      absl::string_view fault,
                                                      const Quote& quote) const;

  /// The maintenance due dates of a unit in `[start, end]` (SPEC §4), from its
  /// product's plan and its history up to `end`; empty when the product has no
  /// plan. NotFound for an unknown unit; InvalidArgument when end < start.
  [[nodiscard]] absl::StatusOr<std::vector<Date>> maintenance_schedule(absl::string_view unit,
                                                                       Date start, Date end) const;

  /// Where the SLA targets of a case stand at instant `at` (SPEC §5), from the
  /// case events up to `at`, with the policy its `case_opened` names and that
  /// policy's calendar. NotFound for an unknown case or policy; InvalidArgument
  /// when `at` is before the case was opened.
  [[nodiscard]] absl::StatusOr<SlaStatus> sla_status(absl::string_view case_id,
                                                     absl::Time at) const;

  /// The follow-up contacts dated in `[start, end]` (SPEC §6), planned from the
  /// events dated up to `end` (and the maintenance due dates and warranty ends
  /// they imply): each unit by its product's rule set, customer-level facts
  /// (survey answers, resolved cases without a unit) by the unit's when they
  /// name one, else by "default". See plan_followups() for the order and the rules.
  [[nodiscard]] absl::StatusOr<std::vector<Contact>> followups(Date start, Date end) const;

  /// The maintenance work list on `on` (SPEC §4 `due_list`), over every unit in
  /// the field (not retired, replaced or refunded by `on`) whose product has a
  /// plan, from the events dated up to `on`: per unit, its earliest overdue due
  /// date (missed and not done since: one line, since one visit clears it), then
  /// every due date up to `on + horizon_days` not met yet, including those before
  /// `on` still inside their grace window. Sorted by due date, then unit.
  /// InvalidArgument for a negative horizon.
  [[nodiscard]] absl::StatusOr<std::vector<MaintenanceDue>> maintenance_due(Date on,
                                                                            int horizon_days) const;

  /// Per unit whose product has a maintenance plan, the due dates whose grace
  /// window closed before `on` (counted up to the day the unit left the field)
  /// and how many of them were met. Sorted by unit.
  [[nodiscard]] absl::StatusOr<std::vector<MaintenanceCompliance>> maintenance_compliance(
      Date on) const;

  /// The survey answers dated in `[start, end]`, in replay order, each matched to
  /// the send it answers: the earliest unmatched `survey_sent` of the same
  /// customer, unit and case, dated on or before the answer, whose instrument
  /// is the answer's or unnamed (sends and answers taken in replay order, sends
  /// first on a date). InvalidArgument when end < start.
  [[nodiscard]] absl::StatusOr<std::vector<SurveyAnswer>> survey_answers(Date start,
                                                                         Date end) const;

  /// Response rates (SPEC §7): the `survey_sent` events dated in `[start, end]`,
  /// grouped by period, channel, product and instrument, with how many were
  /// answered (matched as in survey_answers(), by an answer of any date). Sorted
  /// by period, channel, product, instrument. InvalidArgument when end < start.
  [[nodiscard]] absl::StatusOr<std::vector<SurveyResponse>> survey_responses(
      Date start, Date end, SurveyPeriod period = SurveyPeriod::kMonth) const;

  /// The quality scorecard of `[start, end]` (SPEC §7; seed 003): the five
  /// quality levels, measured from the ledger as docs/scorecard.md defines
  /// each metric, judged against the config's targets, competitor benchmark
  /// and certification checklist. InvalidArgument for end < start or an
  /// invalid config.
  [[nodiscard]] absl::StatusOr<Scorecard> scorecard(Date start, Date end,
                                                    const ScorecardConfig& config) const;

  /// The KPIs of SPEC §8 over `[start, end]` (docs/kpis.md defines each): the
  /// total over every product first (product ""), then, with
  /// `options.by_product`, every product of the catalog sorted by SKU, each in
  /// kpi_catalog() order. InvalidArgument for end < start; NotFound when
  /// `options.calendar` names a calendar the ledger does not have.
  [[nodiscard]] absl::StatusOr<std::vector<KpiValue>> kpis(Date start, Date end,
                                                           const KpiOptions& options = {}) const;

  /// Adds an anomaly record (SPEC §8, seed 003; docs/corrective.md), or
  /// replaces the one with the same id: the record grows as the anomaly is
  /// handled (its causes found, its measures taken). Stored in the file.
  /// InvalidArgument for a record validate_anomaly() refuses (its KPI must be
  /// one of verifiable_kpis()); NotFound when its verification names a product
  /// the catalog does not have.
  [[nodiscard]] absl::Status put_anomaly(const Anomaly& anomaly);
  /// Every anomaly record, in the order they were first added.
  [[nodiscard]] absl::StatusOr<std::vector<Anomaly>> anomalies() const;
  /// Checks whether the measures of anomaly `id` worked, with the events up
  /// to `as_of`: its KPI (of its product, or in total) in the windows of
  /// `comparison_windows(anomaly, as_of)`, compared by a two-proportion z-test
  /// (rates, counted as kpis() counts them) or a log-rank test (durations of
  /// the repairs, complaints or cases begun in each window, those still open
  /// at the end of `as_of` censored), with the verdict rules of
  /// postventa/corrective.h. `calendar` measures repair times as in
  /// KpiOptions. NotFound for an unknown anomaly or calendar;
  /// FailedPrecondition when there is nothing to verify yet.
  [[nodiscard]] absl::StatusOr<AnomalyReview> verify_anomaly(absl::string_view id, Date as_of,
                                                             absl::string_view calendar = "") const;

  /// Field reliability (SPEC §8; docs/reliability.md "From the ledger"): per
  /// unit, days from start of service to its first `repair_received` (failed),
  /// else to its end of observation (censored).
  ///
  /// The end of observation of a unit is `on`, or the day it left the field
  /// (retired, replaced, refunded) if earlier; only units in service by `on`
  /// (delivered, or replacing another) count. Sorted by unit.
  [[nodiscard]] absl::StatusOr<std::vector<FailureTime>> failure_times(Date on) const;
  /// Per unit: its repairs and its end of observation (as in failure_times()),
  /// for the mean cumulative function (mcf(), postventa/survival.h). Sorted by
  /// unit.
  [[nodiscard]] absl::StatusOr<std::vector<RepairHistory>> repair_histories(Date on) const;
  /// The claims expected over the next `months` months (1..120) for the units
  /// in the field without a failure, per product: a Weibull MLE of the
  /// product's failure_times() (a failure on its first day counted as half a
  /// day), then for each unit of age t and each month `(h0, h1]` in days
  /// `(F(t + h1) - F(t + h0)) / (1 - F(t))`, summed; the cost from the
  /// product's average parts + labor of its `repair_returned` events up to
  /// `on`. Products whose fit is impossible (fewer than one failure, or no
  /// finite estimate) are left out. Sorted by product, then month.
  /// InvalidArgument for `months` outside 1..120.
  [[nodiscard]] absl::StatusOr<std::vector<ClaimsForecast>> claims_forecast(Date on,
                                                                            int months) const;

  /// The products known to the ledger.
  const Catalog& catalog() const;
  /// The number of events stored.
  int64_t event_count() const;
  /// The dates of the earliest and the latest event; nullopt without events.
  std::optional<DateSpan> span() const;

  /// OK while the ledger is open, FailedPrecondition ("the ledger is closed")
  /// after close(). catalog(), event_count() and span() answer from memory even
  /// then; the faces call this first so that every call on a closed ledger
  /// fails alike.
  [[nodiscard]] absl::Status check_open() const;

  /// Flushes and closes the file; later calls fail with FailedPrecondition.
  [[nodiscard]] absl::Status close();

  /// The implementation (opaque; defined in src/ledger/ledger.cc).
  class Impl;

 private:
  explicit Ledger(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The tabular forms every face gives for the list results (pv.Table, the C
// ABI's Arrow streams). Each fails (InvalidArgument) only for a value the
// table cannot hold (see Table::Builder::build()).

/// The work list as a table: `unit` (string), `due` (date), `overdue` (bool),
/// `product` (string).
[[nodiscard]] absl::StatusOr<Table> to_table(absl::Span<const MaintenanceDue> lines);
/// Compliance as a table: `unit`, `product` (string), `due`, `met` (int64),
/// `compliance` (double: met / due; null when due is 0).
[[nodiscard]] absl::StatusOr<Table> to_table(absl::Span<const MaintenanceCompliance> units);
/// Follow-up contacts as a table: `date` (date), `customer` (string), `unit`
/// (string; null for a customer-level contact), `touchpoint`, `channel`
/// (string), `priority` (int64), `moved_from` (date; null unless the contact
/// cap moved it).
[[nodiscard]] absl::StatusOr<Table> to_table(absl::Span<const Contact> contacts);
/// Survey answers as a table: `id`, `date`, `customer`, `unit` (null when
/// none), `case` (null when none), `product` (null when none), `channel`,
/// `instrument`, `score` (double), `sent` (date; null when unsolicited).
[[nodiscard]] absl::StatusOr<Table> to_table(absl::Span<const SurveyAnswer> answers);
/// Failure times as a table: `unit`, `product` (string), `start` (date), `days`
/// (int64), `failed` (bool).
[[nodiscard]] absl::StatusOr<Table> to_table(absl::Span<const FailureTime> units);
/// The claims forecast as a table: `product` (string), `month`, `units`
/// (int64), `expected_claims`, `expected_cost`, `shape`, `scale` (double).
[[nodiscard]] absl::StatusOr<Table> to_table(absl::Span<const ClaimsForecast> rows);
/// Response rates as a table: `period` (date), `channel`, `product` (null when
/// none), `instrument` (null when none), `sent`, `answered` (int64), `rate`
/// (double: answered / sent).
[[nodiscard]] absl::StatusOr<Table> to_table(absl::Span<const SurveyResponse> responses);

}  // namespace postventa

#endif  // POSTVENTA_LEDGER_H_
