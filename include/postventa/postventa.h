/* postventa.h — the C ABI of postventa, the after-sales library.
 *
 * Conventions (read these first; every function below follows them):
 *
 *  1. Prefix. Every symbol is `pv_<object>_<verb>` (functions), `pv_<name>`
 *     (types) or `PV_<NAME>` (macros). The shared library exports nothing else.
 *
 *  2. Errors. Every fallible function returns a `pv_status`: PV_OK (0) on success,
 *     otherwise one of the PV_* codes below, whose numbers mirror
 *     absl::StatusCode and never change. On failure, the message and code are
 *     kept in a thread-local record, read with pv_last_error() and
 *     pv_last_error_code(); a successful call does not clear it. On failure,
 *     output parameters are left untouched and no state changes.
 *     No C++ exception ever crosses this interface.
 *
 *  3. Output parameters come first and are named `out`. Objects returned through
 *     `T** out` belong to the caller, who frees them with `pv_T_free` (which
 *     accepts NULL and does nothing). Strings the library returns through
 *     `char** out` are freed with pv_free(): never mix allocators.
 *
 *  4. Time. Instants are `pv_instant`: int64 seconds since 1970-01-01T00:00:00Z
 *     (UTC). Civil dates are `pv_date`: int32 days since 1970-01-01.
 *     Durations are int64 seconds. Configuration is JSON text (UTF-8).
 *
 *  5. Threads. Handles are documented per type below. A `pv_calendar` is
 *     immutable after creation and may be used from any number of threads at
 *     once; a `pv_ledger` may be shared too (writes are serialised).
 *     pv_last_error() is per thread.
 *
 *  6. Versions. PV_VERSION_MAJOR/MINOR/PATCH and PV_VERSION_NUMBER describe this
 *     header; pv_version_number() the library actually loaded. They must agree in
 *     MAJOR. The ABI is stable within a major version: functions and enum values
 *     are only added, and options structs (which start with `uint32_t
 *     struct_size`) only grow at the end.
 *
 * The header compiles as C99 and as C++.
 */
#ifndef POSTVENTA_POSTVENTA_H_
#define POSTVENTA_POSTVENTA_H_

#include <stddef.h>
#include <stdint.h>

#define PV_VERSION_MAJOR 0
#define PV_VERSION_MINOR 1
#define PV_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH. */
#define PV_VERSION_NUMBER (PV_VERSION_MAJOR * 10000 + PV_VERSION_MINOR * 100 + PV_VERSION_PATCH)
#define PV_VERSION_STRING "0.1.0"

#if defined(_WIN32)
#if defined(PV_BUILDING_LIBRARY)
#define PV_EXPORT __declspec(dllexport)
#else
#define PV_EXPORT __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define PV_EXPORT __attribute__((visibility("default")))
#else
#define PV_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status ------------------------------------------------------------- */

typedef int32_t pv_status;

#define PV_OK 0
#define PV_CANCELLED 1
#define PV_UNKNOWN 2
#define PV_INVALID_ARGUMENT 3 /* bad input: configuration, event, argument */
#define PV_DEADLINE_EXCEEDED 4
#define PV_NOT_FOUND 5
#define PV_ALREADY_EXISTS 6
#define PV_PERMISSION_DENIED 7
#define PV_RESOURCE_EXHAUSTED 8 /* out of memory */
#define PV_FAILED_PRECONDITION 9
#define PV_ABORTED 10
#define PV_OUT_OF_RANGE 11 /* e.g. a date outside a calendar's years */
#define PV_UNIMPLEMENTED 12
#define PV_INTERNAL 13
#define PV_UNAVAILABLE 14
#define PV_DATA_LOSS 15

/* The message of the last failed call on this thread ("" if none). The pointer
 * stays valid until the next failing call on this thread; do not free it. */
PV_EXPORT const char* pv_last_error(void);
/* The status of the last failed call on this thread (PV_OK if none). */
PV_EXPORT pv_status pv_last_error_code(void);

/* ---- Arrow C data and C stream interfaces -------------------------------- */

/* Tabular results (a maintenance due list, a follow-up plan) come out as an
 * Arrow C stream: the caller passes a `struct ArrowArrayStream*`, the library
 * fills it, and the caller owns it from then on (get_schema, get_next until the
 * array comes back released, then stream->release). The definitions below are
 * copied verbatim from https://arrow.apache.org/docs/format/CDataInterface.html
 * and https://arrow.apache.org/docs/format/CStreamInterface.html; their
 * canonical guards let this header live alongside Arrow's own headers or any
 * other project's copy (postventa/table.h, the C++ API, carries the same). */

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  // Array type description
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;

  // Release callback
  void (*release)(struct ArrowSchema*);
  // Opaque producer-specific data
  void* private_data;
};

struct ArrowArray {
  // Array data description
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;

  // Release callback
  void (*release)(struct ArrowArray*);
  // Opaque producer-specific data
  void* private_data;
};

#endif  // ARROW_C_DATA_INTERFACE

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE

struct ArrowArrayStream {
  // Callbacks providing stream functionality
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);

  // Release callback
  void (*release)(struct ArrowArrayStream*);

  // Opaque producer-specific data
  void* private_data;
};

#endif  // ARROW_C_STREAM_INTERFACE

/* ---- Versions and memory ------------------------------------------------ */

/* The loaded library's version as MAJOR * 10000 + MINOR * 100 + PATCH. */
PV_EXPORT uint32_t pv_version_number(void);
/* The loaded library's version as "MAJOR.MINOR.PATCH" (static; do not free). */
PV_EXPORT const char* pv_version_string(void);
/* Frees memory the library returned (strings). Accepts NULL. */
PV_EXPORT void pv_free(void* p);

/* ---- Time (SPEC §1) ----------------------------------------------------- */

typedef int64_t pv_instant; /* seconds since 1970-01-01T00:00:00Z */
typedef int32_t pv_date;    /* days since 1970-01-01 */

/* Parses a strict ISO date "YYYY-MM-DD". */
PV_EXPORT pv_status pv_date_parse(pv_date* out, const char* iso);
/* Formats a date as "YYYY-MM-DD"; free *out with pv_free(). */
PV_EXPORT pv_status pv_date_format(char** out, pv_date date);
/* The legal month rule of SPEC §1.2: same day-of-month N months later (or
 * earlier, for negative N), or the last day of a shorter month. */
PV_EXPORT pv_status pv_add_months(pv_date* out, pv_date start, int32_t months);

/* A business calendar (SPEC §1.3). Immutable; safe to share across threads. */
typedef struct pv_calendar pv_calendar;

/* Creates a calendar from its JSON configuration (`json_len` bytes; the text
 * need not be NUL-terminated). Invalid configuration fails with
 * PV_INVALID_ARGUMENT and a message naming the field and the bad value. */
PV_EXPORT pv_status pv_calendar_new_from_json(pv_calendar** out, const char* json, size_t json_len);
/* Frees a calendar. Accepts NULL. */
PV_EXPORT void pv_calendar_free(pv_calendar* calendar);

/* *out = 1 if `date` is a holiday, else 0. */
PV_EXPORT pv_status pv_calendar_is_holiday(int* out, const pv_calendar* calendar, pv_date date);
/* *out = 1 if `date` is a working day, else 0. */
PV_EXPORT pv_status pv_calendar_is_working_day(int* out, const pv_calendar* calendar, pv_date date);
/* The n-th working day after `date` (n >= 0; n = 0 is `date` if working). */
PV_EXPORT pv_status pv_calendar_add_business_days(pv_date* out, const pv_calendar* calendar,
                                                  pv_date date, int32_t n);
/* The instant at which `seconds` (>= 0) of working time have elapsed since `start`. */
PV_EXPORT pv_status pv_calendar_add_business_time(pv_instant* out, const pv_calendar* calendar,
                                                  pv_instant start, int64_t seconds);
/* Working seconds in [a, b); 0 when b <= a. */
PV_EXPORT pv_status pv_calendar_business_time_between(int64_t* out, const pv_calendar* calendar,
                                                      pv_instant a, pv_instant b);

/* ---- The ledger (SPEC §2, §3) ------------------------------------------- */

/* A ledger: catalog, calendars and events, in memory or in an SQLite file.
 * A pv_ledger may be shared by threads: writes are serialised, reads see the
 * state after the last completed write. */
typedef struct pv_ledger pv_ledger;

/* An empty ledger in memory. */
PV_EXPORT pv_status pv_ledger_open_memory(pv_ledger** out);
/* A durable ledger in the SQLite file at `path` (UTF-8), created when missing.
 * A file from a newer library fails with PV_FAILED_PRECONDITION; a file that is
 * not a postventa ledger, or is corrupt, fails and is never modified. */
PV_EXPORT pv_status pv_ledger_open(pv_ledger** out, const char* path);
/* Flushes and closes the ledger's file; later calls (other than closing again,
 * which is harmless) fail with PV_FAILED_PRECONDITION. The handle must still be
 * freed. */
PV_EXPORT pv_status pv_ledger_close(pv_ledger* ledger);
/* Closes (if needed) and frees a ledger. Accepts NULL. */
PV_EXPORT void pv_ledger_free(pv_ledger* ledger);

/* Adds a product (SPEC §2.1, policies inline or preset names) from JSON.
 * The same product again is a no-op; another one under the same SKU fails
 * with PV_ALREADY_EXISTS. */
PV_EXPORT pv_status pv_ledger_add_product_json(pv_ledger* ledger, const char* json,
                                               size_t json_len);
/* Adds a calendar under a name, for maintenance plans and SLAs. */
/* The products of the catalog as a JSON array of their canonical JSON
 * (docs/catalog.md), sorted by SKU. Free *out with pv_free. */
PV_EXPORT pv_status pv_ledger_products_json(char** out, const pv_ledger* ledger);
/* How many events the ledger holds. */
PV_EXPORT pv_status pv_ledger_event_count(int64_t* out, const pv_ledger* ledger);
/* The dates of the earliest and the latest event: *has_events is 0 (and the
 * dates untouched) when there is none. */
PV_EXPORT pv_status pv_ledger_span(int* has_events, pv_date* first, pv_date* last,
                                   const pv_ledger* ledger);
PV_EXPORT pv_status pv_ledger_add_calendar(pv_ledger* ledger, const char* name,
                                           const pv_calendar* calendar);

/* Event types (SPEC §3, §5). The numbers never change. */
typedef int32_t pv_event_type;
#define PV_EVENT_SOLD 1
#define PV_EVENT_DELIVERED 2
#define PV_EVENT_DELIVERY_CHECKED 3
#define PV_EVENT_INSTALLED 4
#define PV_EVENT_INSTALLATION_CHECKED 5
#define PV_EVENT_TRAINED 6
#define PV_EVENT_MAINTENANCE_DONE 7
#define PV_EVENT_USAGE_READING 8
#define PV_EVENT_REPAIR_RECEIVED 9
#define PV_EVENT_REPAIR_RETURNED 10
#define PV_EVENT_REPLACED 11
#define PV_EVENT_REFUNDED 12
#define PV_EVENT_EXTENSION_PURCHASED 13
#define PV_EVENT_RETIRED 14
#define PV_EVENT_COMPLAINT_OPENED 101
#define PV_EVENT_COMPLAINT_RESOLVED 102
#define PV_EVENT_CONTACT_MADE 103
#define PV_EVENT_SURVEY_SENT 104
#define PV_EVENT_SURVEY_ANSWERED 105
#define PV_EVENT_CASE_OPENED 201
#define PV_EVENT_CASE_STATUS 202
#define PV_EVENT_CASE_PRIORITY 203

/* An absent integer field of a pv_event. */
#define PV_ABSENT_I64 INT64_MIN

/* An event (SPEC §3). Set `struct_size` to sizeof(pv_event); fields are only
 * ever appended, and the library reads only the fields the caller's size
 * covers. Strings are UTF-8, NUL-terminated, borrowed for the call; NULL or ""
 * means absent. Absent integers are PV_ABSENT_I64; absent doubles are NaN
 * (`has_at` = 0 means no `at`). Amounts are integer minor currency units. */
typedef struct pv_event {
  uint32_t struct_size;
  pv_event_type type;
  const char* id;   /* the ERP document id */
  const char* unit; /* serial; required for unit events */
  pv_date date;
  int32_t has_at;
  pv_instant at; /* whole seconds, UTC */
  const char* customer;
  const char* product;
  const char* channel;
  const char* outcome;
  const char* by;
  const char* fault;
  const char* case_id;
  const char* new_unit;
  const char* policy;
  const char* reason;
  int64_t price;
  int64_t parts_cost;
  int64_t labor_cost;
  int64_t amount;
  int64_t attendees;
  double usage;
  const char* kind;
  const char* priority;
  const char* sla;
  const char* status;
  const char* instrument;
  double score;
  /* survey_answered of a multi-question instrument: `answer_count` answers in
   * the instrument's question order, NaN for a skipped question; borrowed for
   * the call. NULL / 0 means absent. (Appended after `score`: a caller built
   * with an older, smaller pv_event simply gives none.) */
  const double* answers;
  size_t answer_count;
} pv_event;

/* Fills `*event` with an empty event: every string NULL, integers
 * PV_ABSENT_I64, doubles NaN, no `at`, and struct_size. Pass sizeof(*event):
 * the library writes no more than that, so a program built against an older,
 * smaller pv_event stays safe with a newer library. */
PV_EXPORT void pv_event_init(pv_event* event, uint32_t struct_size);

/* What a write did. */
typedef struct pv_record_result {
  int64_t stored;     /* new events stored */
  int64_t duplicates; /* ids already stored with the same content (no-ops) */
} pv_record_result;

/* Records `count` events atomically, in one transaction: if any is refused the
 * error message starts with its position ("events[17]: ...", also for a single
 * event) and nothing is stored. The array's stride is events[0].struct_size, so
 * an older caller's smaller structs are read correctly; a struct_size larger
 * than this library's pv_event is refused (its extra fields could not be
 * honoured). `out` may be NULL. */
PV_EXPORT pv_status pv_ledger_record(pv_record_result* out, pv_ledger* ledger,
                                     const pv_event* events, size_t count);
/* Records one event given as JSON (SPEC §3 keys). `out` may be NULL. */
PV_EXPORT pv_status pv_ledger_record_json(pv_record_result* out, pv_ledger* ledger,
                                          const char* json, size_t json_len);
/* The unit's events in replay order, as a JSON array of canonical events; free
 * *out with pv_free(). PV_NOT_FOUND for an unknown unit. */
PV_EXPORT pv_status pv_ledger_history_json(char** out, const pv_ledger* ledger, const char* unit);

/* The maintenance due dates of a unit in [start, end] (SPEC §4), ascending:
 * *out_count dates in *out, an array freed with pv_free() (NULL when there are
 * none). PV_NOT_FOUND for an unknown unit; PV_INVALID_ARGUMENT when end < start. */
PV_EXPORT pv_status pv_ledger_maintenance_schedule(pv_date** out, size_t* out_count,
                                                   const pv_ledger* ledger, const char* unit,
                                                   pv_date start, pv_date end);

/* The maintenance work list on `on` (SPEC §4), over every unit in the field
 * whose product has a plan: per unit its earliest overdue due date, then every
 * due date up to on + horizon_days not met yet. Columns: unit (utf8), due
 * (date32), overdue (bool), product (utf8); sorted by due, then unit. The
 * caller owns *out and releases it. PV_INVALID_ARGUMENT for a negative horizon. */
PV_EXPORT pv_status pv_ledger_maintenance_due(struct ArrowArrayStream* out, const pv_ledger* ledger,
                                              pv_date on, int32_t horizon_days);
/* Maintenance compliance per unit with a plan on `on`: unit, product (utf8),
 * due, met (int64: due dates whose grace window closed, and those met),
 * compliance (float64, met / due; null when due is 0); sorted by unit. */
PV_EXPORT pv_status pv_ledger_maintenance_compliance(struct ArrowArrayStream* out,
                                                     const pv_ledger* ledger, pv_date on);

/* Remedies of a decision. */
#define PV_REMEDY_NONE 0
#define PV_REMEDY_REPAIR 1
#define PV_REMEDY_REPLACE_OR_REFUND 2

/* What one component of a claim gets. */
typedef struct pv_component_cover {
  int32_t percent;    /* 0..100 */
  const char* policy; /* the granting policy, or NULL */
  int32_t has_ends_on;
  pv_date ends_on; /* that policy's end for the component, after suspension */
  int64_t company_cost;
  int64_t customer_cost;
} pv_component_cover;

/* A warranty decision (SPEC §2.3). Owned by the library: free with
 * pv_decision_free(). Strings live as long as the decision. */
typedef struct pv_decision {
  uint32_t struct_size;
  int32_t covered;
  pv_component_cover parts;
  pv_component_cover labor;
  pv_component_cover travel;
  const char* basis; /* NULL when nothing is granted */
  int32_t presumed_nonconformity;
  int32_t remedy;        /* PV_REMEDY_* */
  int64_t company_cost;  /* total */
  int64_t customer_cost; /* total */
  size_t reason_count;
  const char* const* reasons; /* "<policy>:<code>"; NULL when reason_count is 0 */
} pv_decision;

/* The decision for a claim on `unit` dated `claim_date` for a fault category,
 * with a quote in minor currency units. */
PV_EXPORT pv_status pv_ledger_assess_claim(pv_decision** out, const pv_ledger* ledger,
                                           const char* unit, pv_date claim_date, const char* fault,
                                           int64_t parts, int64_t labor, int64_t travel);
/* The same decision as its canonical JSON (the byte-for-byte form every face
 * agrees on); free *out with pv_free(). */
PV_EXPORT pv_status pv_ledger_assess_claim_json(char** out, const pv_ledger* ledger,
                                                const char* unit, pv_date claim_date,
                                                const char* fault, int64_t parts, int64_t labor,
                                                int64_t travel);
/* Frees a decision. Accepts NULL. */
PV_EXPORT void pv_decision_free(pv_decision* decision);

/* ---- Follow-up contacts (SPEC §6) ---------------------------------------- */

/* Adds a follow-up rule set from JSON (docs/followups.md); products name it in
 * `followups`, and products naming none use "default" (built in, unless a rule
 * set of that name is added). The same rule set again is a no-op; another one
 * under the same name fails with PV_ALREADY_EXISTS. */
PV_EXPORT pv_status pv_ledger_add_followups_json(pv_ledger* ledger, const char* json,
                                                 size_t json_len);
/* The contacts dated in [start, end], planned from the events up to `end`.
 * Columns: date (date32), customer (utf8), unit (utf8, null for a
 * customer-level contact), touchpoint, channel (utf8), priority (int64),
 * moved_from (date32, null unless the contact cap moved it). The caller owns
 * *out and releases it. */
PV_EXPORT pv_status pv_ledger_followups(struct ArrowArrayStream* out, const pv_ledger* ledger,
                                        pv_date start, pv_date end);

/* ---- Surveys (SPEC §7) --------------------------------------------------- */

/* Adds a survey instrument from JSON (docs/surveys.md); survey events name it
 * in `instrument`. The built-ins "nps", "csat", "ces" and "servqual" are always
 * there. The same instrument again is a no-op; another one under the same name
 * fails with PV_ALREADY_EXISTS. */
PV_EXPORT pv_status pv_ledger_add_instrument_json(pv_ledger* ledger, const char* json,
                                                  size_t json_len);
/* The survey answers dated in [start, end], each matched to the send it
 * answers (docs/surveys.md). Columns: id (utf8), date (date32), customer
 * (utf8), unit, case, product (utf8, null when none), channel, instrument
 * (utf8), score (float64), sent (date32, null for an unsolicited answer). The
 * caller owns *out and releases it. */
PV_EXPORT pv_status pv_ledger_survey_answers(struct ArrowArrayStream* out, const pv_ledger* ledger,
                                             pv_date start, pv_date end);
/* Periods of pv_ledger_survey_responses. */
typedef int32_t pv_survey_period;
#define PV_PERIOD_DAY 0
#define PV_PERIOD_WEEK 1
#define PV_PERIOD_MONTH 2
#define PV_PERIOD_QUARTER 3
#define PV_PERIOD_YEAR 4
#define PV_PERIOD_ALL 5
/* Response rates: the sends dated in [start, end] by period, channel, product
 * and instrument. Columns: period (date32, the first day of the period),
 * channel (utf8), product, instrument (utf8, null when none), sent, answered
 * (int64), rate (float64). The caller owns *out and releases it. */
PV_EXPORT pv_status pv_ledger_survey_responses(struct ArrowArrayStream* out,
                                               const pv_ledger* ledger, pv_date start, pv_date end,
                                               pv_survey_period period);

/* The quality scorecard of [start, end] (SPEC §7; docs/scorecard.md): the
 * five quality levels measured from the ledger and judged against the
 * configuration (JSON: targets, competitor benchmark, certification checklist,
 * legal complaint deadline; NULL means `{}`), as the canonical report JSON;
 * free *out with pv_free(). */
PV_EXPORT pv_status pv_ledger_scorecard_json(char** out, const pv_ledger* ledger, pv_date start,
                                             pv_date end, const char* config_json,
                                             size_t config_len);

/* ---- Field reliability from the ledger (SPEC §8) ------------------------- */

/* Per unit in service by `on`: days from its start of service (delivery; a
 * replacement unit: its replacement date) to its first repair_received, or to
 * its end of observation (`on`, or the day it left the field), censored
 * (docs/reliability.md). Columns: unit, product (utf8), start (date32), days
 * (int64), failed (bool). Sorted by unit. */
PV_EXPORT pv_status pv_ledger_failure_times(struct ArrowArrayStream* out, const pv_ledger* ledger,
                                            pv_date on);
/* The claims expected over the next `months` months (1..120) per product, from
 * a Weibull fit of each product's failure times (docs/reliability.md).
 * Columns: product (utf8), month, units (int64), expected_claims (float64),
 * expected_cost (float64, null without a known claim cost), shape, scale
 * (float64). */
PV_EXPORT pv_status pv_ledger_claims_forecast(struct ArrowArrayStream* out, const pv_ledger* ledger,
                                              pv_date on, int32_t months);

/* ---- KPIs (SPEC §8) ------------------------------------------------------ */

/* Options of pv_ledger_kpis. Set struct_size to sizeof(pv_kpi_options); fields
 * are only ever appended. */
typedef struct pv_kpi_options {
  uint32_t struct_size;
  /* Nonzero: after the total, the KPIs of every product of the catalog,
   * sorted by SKU. */
  int32_t by_product;
  /* The calendar (added with pv_ledger_add_calendar) whose working days
   * measure the time to repair; NULL or "" for Monday to Friday. */
  const char* calendar;
} pv_kpi_options;
/* The KPIs over [start, end] (docs/kpis.md defines each): the total first
 * (product null), then per product when asked. `options` NULL means
 * by_product = 1 and no calendar. Columns: product (utf8, null for the total),
 * kpi (utf8), value (float64, null when nothing was measured), n (int64),
 * total (float64, null for the median and when n is 0), unit (utf8). */
PV_EXPORT pv_status pv_ledger_kpis(struct ArrowArrayStream* out, const pv_ledger* ledger,
                                   pv_date start, pv_date end, const pv_kpi_options* options);

/* ---- Anomalies and corrective action (SPEC §8; docs/corrective.md) ------- */

/* Adds an anomaly record from JSON (docs/corrective.md), or replaces the one
 * with the same id: the record grows as the anomaly is handled. Its
 * verification KPI must be a rate or duration KPI of docs/kpis.md. */
PV_EXPORT pv_status pv_ledger_put_anomaly_json(pv_ledger* ledger, const char* json,
                                               size_t json_len);
/* Every anomaly record, as a JSON array of their canonical JSON, in the order
 * they were first added. Free *out with pv_free. */
PV_EXPORT pv_status pv_ledger_anomalies_json(char** out, const pv_ledger* ledger);
/* Checks whether the measures of anomaly `id` worked, with the events up to
 * `as_of`: {"anomaly", "as_of", "windows": {"before", "after"},
 * "verification": {"test", "direction", "n_before", "n_after",
 * "value_before", "value_after", "statistic", "p_value", "alpha",
 * "improved", "verdict"}}. `calendar` (NULL or "": Monday to Friday) measures
 * repair times. PV_NOT_FOUND for an unknown anomaly or calendar;
 * PV_FAILED_PRECONDITION when there is nothing to verify yet. Free *out with
 * pv_free. */
PV_EXPORT pv_status pv_ledger_verify_anomaly_json(char** out, const pv_ledger* ledger,
                                                  const char* id, pv_date as_of,
                                                  const char* calendar);
/* The verification of a rate KPI from its counts before and after a measure:
 * the two-proportion z-test (pooled, two-sided; z > 0 when the after rate is
 * higher) and its verdict; `higher_is_better` nonzero when a higher rate is
 * better; alpha in (0, 1). *out is the verification JSON above. */
PV_EXPORT pv_status pv_verify_rate_json(char** out, int64_t count_before, int64_t n_before,
                                        int64_t count_after, int64_t n_after, int higher_is_better,
                                        double alpha);
/* The verification of durations (shorter is better) before and after a
 * measure: the log-rank test, the Kaplan-Meier medians and the verdict;
 * observed_* as for pv_kaplan_meier (0: still open, censored). */
PV_EXPORT pv_status pv_verify_durations_json(char** out, const double* durations_before,
                                             const uint8_t* observed_before, size_t n_before,
                                             const double* durations_after,
                                             const uint8_t* observed_after, size_t n_after,
                                             double alpha);

/* ---- Service cases and SLAs (SPEC §5) ------------------------------------ */

/* Adds an SLA policy from JSON: {"name", "calendar", "targets": {priority:
 * {"first_response": s, "resolution": s}, "*": {...}}, "pause_statuses": [...],
 * "at_risk_ratio": 0.8}, or a preset ({"preset": "reclamo-pe"}). Its calendar
 * must have been added, except a preset's own calendar, which comes with it.
 * The same policy again is a no-op; another one under the same name fails with
 * PV_ALREADY_EXISTS. */
PV_EXPORT pv_status pv_ledger_add_sla_json(pv_ledger* ledger, const char* json, size_t json_len);

/* Where one SLA target stands. */
#define PV_TARGET_MET 0
#define PV_TARGET_BREACHED 1
#define PV_TARGET_ON_TRACK 2
#define PV_TARGET_AT_RISK 3
#define PV_TARGET_PAUSED 4

/* No instant (a target without a deadline). */
#define PV_NO_INSTANT INT64_MIN

typedef struct pv_target_status {
  int32_t state;       /* PV_TARGET_* */
  int64_t elapsed;     /* SLA seconds used (working time minus pauses), rounded down */
  int64_t target;      /* the target it is judged against, seconds */
  pv_instant deadline; /* PV_NO_INSTANT when met or paused; rounded down */
} pv_target_status;

/* Both targets of a case. Set `struct_size` to sizeof(pv_sla_status) before
 * the call: the library writes no more than that. */
typedef struct pv_sla_status {
  uint32_t struct_size;
  pv_target_status first_response;
  pv_target_status resolution;
} pv_sla_status;

/* The SLA status of a case at instant `at`, from the case events up to `at`.
 * PV_NOT_FOUND for an unknown case or SLA policy; PV_INVALID_ARGUMENT when
 * `at` is before the case was opened. */
PV_EXPORT pv_status pv_ledger_sla_status(pv_sla_status* out, const pv_ledger* ledger,
                                         const char* case_id, pv_instant at);
/* The same as canonical JSON (elapsed/target in seconds, deadline RFC 3339 UTC
 * or null), the byte-for-byte form every face agrees on; free with pv_free(). */
PV_EXPORT pv_status pv_ledger_sla_status_json(char** out, const pv_ledger* ledger,
                                              const char* case_id, pv_instant at);

/* ---- Satisfaction scores (SPEC §7) -------------------------------------- */

/* Answers come as arrays of any of these element types (the numpy dtypes);
 * PV_F64 answers must hold whole numbers. Group ids take the integer types
 * only. The numbers never change. */
#define PV_I8 1
#define PV_I16 2
#define PV_I32 3
#define PV_I64 4
#define PV_U8 5
#define PV_U16 6
#define PV_U32 7
#define PV_U64 8
#define PV_F64 9

/* z for a two-sided 95 % interval (SPEC §7). */
#define PV_Z95 1.959963984540054

/* A score with its interval. value, low and high are NaN when n is 0 (for CES,
 * low and high are also NaN when n is 1). NPS is in [-100, 100], CSAT in
 * percent, CES on its 1-7 scale. */
typedef struct pv_score {
  double value;
  double low;
  double high;
  int64_t n;
} pv_score;

/* Mergeable states: plain counts the caller owns (zero-initialise them to
 * start). Scoring parts separately and merging their states gives exactly,
 * bit for bit, the score of the whole, in any order, so partitions scored in
 * different processes or languages combine. A state is only read and written
 * by the calls it is passed to: one state per thread, or the caller locks. */
typedef struct pv_nps_state {
  int64_t promoters;  /* answers 9-10 */
  int64_t passives;   /* answers 7-8 */
  int64_t detractors; /* answers 0-6 */
} pv_nps_state;
typedef struct pv_csat_state {
  int64_t satisfied; /* answers 4-5 */
  int64_t n;         /* all answers */
} pv_csat_state;
typedef struct pv_ces_state {
  int64_t n;
  int64_t sum;    /* of the answers */
  int64_t sum_sq; /* of their squares */
} pv_ces_state;

/* Adds `count` answers of element type `type` (PV_I8 ... PV_F64) to *state.
 * An answer outside its scale fails with PV_INVALID_ARGUMENT naming its
 * 0-based position in this call's array ("scores[17]: 11 is outside the NPS
 * scale 0-10") and leaves *state unchanged. `scores` may be NULL when `count`
 * is 0. A count that would overflow int64 fails with PV_OUT_OF_RANGE. */
PV_EXPORT pv_status pv_nps_state_add(pv_nps_state* state, const void* scores, size_t count,
                                     int32_t type);
PV_EXPORT pv_status pv_csat_state_add(pv_csat_state* state, const void* scores, size_t count,
                                      int32_t type);
PV_EXPORT pv_status pv_ces_state_add(pv_ces_state* state, const void* scores, size_t count,
                                     int32_t type);

/* Adds *other into *into (PV_OUT_OF_RANGE, *into unchanged, on int64 overflow). */
PV_EXPORT pv_status pv_nps_state_merge(pv_nps_state* into, const pv_nps_state* other);
PV_EXPORT pv_status pv_csat_state_merge(pv_csat_state* into, const pv_csat_state* other);
PV_EXPORT pv_status pv_ces_state_merge(pv_ces_state* into, const pv_ces_state* other);

/* The score of a state with the interval for `z` (PV_Z95 for 95 %), which must
 * be positive and finite. A state that no answers can produce (a negative
 * count; CSAT satisfied > n) fails with PV_INVALID_ARGUMENT. */
PV_EXPORT pv_status pv_nps_state_score(pv_score* out, const pv_nps_state* state, double z);
PV_EXPORT pv_status pv_csat_state_score(pv_score* out, const pv_csat_state* state, double z);
PV_EXPORT pv_status pv_ces_state_score(pv_score* out, const pv_ces_state* state, double z);

/* Grouped scoring in one pass: `groups[i]` (dense ids 0, 1, 2, ..., of integer
 * type `group_type`) is the group of `scores[i]`; both arrays hold `count`
 * values. *out receives the states of every group id from 0 to the largest
 * (*out_groups of them; a group without answers has an empty state), an array
 * freed with pv_free(); NULL and 0 when count is 0. `threads` >= 1 splits the
 * rows over that many threads (at least 65 536 rows each) with the same result.
 * Errors name the first bad row: "groups[3]: -1 is negative (...)" or
 * "scores[5]: ...". */
PV_EXPORT pv_status pv_nps_by_group(pv_nps_state** out, size_t* out_groups, const void* scores,
                                    int32_t score_type, const void* groups, int32_t group_type,
                                    size_t count, int32_t threads);
PV_EXPORT pv_status pv_csat_by_group(pv_csat_state** out, size_t* out_groups, const void* scores,
                                     int32_t score_type, const void* groups, int32_t group_type,
                                     size_t count, int32_t threads);
PV_EXPORT pv_status pv_ces_by_group(pv_ces_state** out, size_t* out_groups, const void* scores,
                                    int32_t score_type, const void* groups, int32_t group_type,
                                    size_t count, int32_t threads);

/* SERVQUAL dimensions, the order of pv_servqual_result.dimensions and of the
 * weights: Tangibles (items 1-4), Reliability (5-9), Responsiveness (10-13),
 * Assurance (14-17), Empathy (18-22). */
#define PV_SERVQUAL_TANGIBLES 0
#define PV_SERVQUAL_RELIABILITY 1
#define PV_SERVQUAL_RESPONSIVENESS 2
#define PV_SERVQUAL_ASSURANCE 3
#define PV_SERVQUAL_EMPATHY 4

/* Set `struct_size` to sizeof(pv_servqual_result) before the call: the library
 * writes no more than that. With no respondents every gap is NaN. */
typedef struct pv_servqual_result {
  uint32_t struct_size;
  double dimensions[5]; /* each dimension's mean gap P - E */
  double overall;       /* the mean of the five */
  double weighted;      /* sum of w_d gap_d, weights normalised to sum 1 */
  int32_t has_weighted; /* 1 when weights were given; else `weighted` uses equal weights */
  int64_t n;            /* respondents */
} pv_servqual_result;

/* SERVQUAL from row-major arrays (respondents x 22 items, element type `type`)
 * of expectations and perceptions on 1-7; errors name [respondent][item],
 * 0-based ("perceptions[1][7]: 8 is outside the SERVQUAL scale 1-7").
 * `weights`: NULL, or the five dimension importances (finite, >= 0, not all 0).
 * The arrays may be NULL when respondents is 0. */
PV_EXPORT pv_status pv_servqual(pv_servqual_result* out, const void* expectations,
                                const void* perceptions, int32_t type, size_t respondents,
                                const double* weights);

/* ---- Reliability (SPEC §8) ---- */

/* Field reliability of what was sold: Weibull fits of time to first failure,
 * Kaplan-Meier, the mean cumulative function of repairs, Crow-AMSAA, the
 * Laplace trend test and the log-rank test (docs/reliability.md gives every
 * formula and the reference tool each one agrees with). Times are finite
 * doubles in any one unit (days, hours, km); results are in the same unit.
 * The functions are pure: the arrays are read during the call, never kept, and
 * any number of threads may call them at once. A refused input fails with
 * PV_INVALID_ARGUMENT and the core's message, which names the argument and the
 * 0-based position ("failures[3]: -1 is not a positive finite time"). An array
 * may be NULL when its count is 0. `ci` is a confidence level in (0, 1); C has
 * no default (0.95 is the usual one). */

/* Fitting methods of pv_weibull_fit_censored. The numbers never change. */
typedef int32_t pv_weibull_method;
#define PV_WEIBULL_MLE 0 /* maximum likelihood with right censoring */
#define PV_WEIBULL_RRY 1 /* median rank regression on Y */

/* Plotting positions for PV_WEIBULL_RRY (ignored, but checked, with MLE). */
typedef int32_t pv_rank_positions;
#define PV_RANKS_BERNARD 0 /* (i - 0.3) / (n + 0.4) */
#define PV_RANKS_EXACT 1   /* the median of Beta(i, n - i + 1) */

/* A Weibull 2-parameter fit, F(t) = 1 - exp(-(t/scale)^shape). Set
 * `struct_size` to sizeof(pv_weibull_fit) before the call: the library writes
 * no more than that (fields are only appended). Rank regression gives NaN
 * standard errors and bounds. */
typedef struct pv_weibull_fit {
  uint32_t struct_size;
  double shape;    /* beta */
  double scale;    /* alpha */
  double loglik;   /* the log-likelihood at (shape, scale), constants kept */
  double shape_se; /* from the inverse observed information */
  double scale_se;
  double shape_low;  /* bounds on the log scale: x exp(-+z se / x), */
  double shape_high; /* z = Phi^-1((1 + ci) / 2) */
  double scale_low;
  double scale_high;
  int64_t failures;    /* failed units (interval data: the sum of their counts) */
  int64_t suspensions; /* right-censored units */
} pv_weibull_fit;

/* Fits a Weibull to `n_failures` times to failure and `n_censored` times of
 * right-censored units (suspensions, at their age). Needs one failure at
 * least (two, at two different times, for PV_WEIBULL_RRY); every time is
 * positive and finite. */
PV_EXPORT pv_status pv_weibull_fit_censored(pv_weibull_fit* out, const double* failures,
                                            size_t n_failures, const double* censored,
                                            size_t n_censored, pv_weibull_method method,
                                            pv_rank_positions positions, double ci);
/* Maximum likelihood on interval-censored grouped data: counts[k] units (a
 * whole number, >= 0) failed in (left[k], right[k]]; right[k] = +INFINITY
 * means they were still working at left[k]; left[k] = 0 that they failed by
 * right[k]. The three arrays hold `n` values each. */
PV_EXPORT pv_status pv_weibull_fit_interval(pv_weibull_fit* out, const double* left,
                                            const double* right, const double* counts, size_t n,
                                            double ci);

/* Kaplan-Meier estimate of survival with Greenwood's variance and the log-log
 * interval at level `ci` (two-sided), as lifelines' KaplanMeierFitter.
 * observed[i] is 1 for a failure, 0 for a unit censored at durations[i] (>= 0).
 * Columns: time, survival, lower, upper (float64), at_risk, events, censored
 * (int64): a row at time 0 with survival 1, then one per distinct duration in
 * increasing order. The caller owns *out and releases it. */
PV_EXPORT pv_status pv_kaplan_meier(struct ArrowArrayStream* out, const double* durations,
                                    const uint8_t* observed, size_t n, double ci);

/* Variance of the mean cumulative function. The numbers never change. */
typedef int32_t pv_mcf_variance;
#define PV_MCF_LAWLESS_NADEAU 0 /* robust (Lawless & Nadeau 1995); the usual choice */
#define PV_MCF_POISSON 1        /* sum d / r^2 */
#define PV_MCF_NELSON 2         /* per time, no covariances (the `reliability` package) */

/* Mean cumulative function of repairs over `n_systems` units (Nelson's
 * estimator). System i's repair times (any order) are
 * event_times[event_offsets[i]] .. event_times[event_offsets[i + 1] - 1], as in
 * an Arrow list array: `event_offsets` holds n_systems + 1 non-decreasing
 * values (the first need not be 0); ends[i] is the end of its observation
 * (it is at risk at t while ends[i] >= t). Messages name the system and the
 * position within its own events ("systems[1].event_times[0]: 5 is after the
 * end of observation 4"; "systems[1].end" is ends[1]). Columns: time, mcf,
 * variance, lower, upper (float64), one row per distinct repair time; the
 * bounds are one-sided at level `ci` each (the pair covers 2 ci - 1), as the
 * `reliability` package's. The caller owns *out and releases it. */
PV_EXPORT pv_status pv_mcf(struct ArrowArrayStream* out, const double* event_times,
                           const size_t* event_offsets, const double* ends, size_t n_systems,
                           pv_mcf_variance variance, double ci);

/* Log-rank test of equal survival in groups a and b (lifelines'
 * statistics.logrank_test): *chi2 with 1 degree of freedom and its p-value.
 * observed_* as for pv_kaplan_meier; each group needs one unit at least. */
PV_EXPORT pv_status pv_logrank(double* chi2, double* p_value, const double* durations_a,
                               const uint8_t* observed_a, size_t n_a, const double* durations_b,
                               const uint8_t* observed_b, size_t n_b);

/* Crow-AMSAA (power-law NHPP, intensity lambda beta t^(beta - 1)) fit to the
 * `n` cumulative failure times (> 0, any order) of one system. `end` NULL:
 * failure-terminated (T = the last failure, n >= 2); else time-terminated at
 * *end (not before the last failure). */
PV_EXPORT pv_status pv_crow_amsaa(double* beta, double* lambda, const double* times, size_t n,
                                  const double* end);

/* Laplace trend test (failure-terminated form) on the `n` >= 2 times between
 * successive failures: *u is standard normal without trend; u > 0 means
 * failures are coming faster. */
PV_EXPORT pv_status pv_laplace_trend(double* u, const double* times_between, size_t n);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* POSTVENTA_POSTVENTA_H_ */
