/** \file postventa.h
 * \brief The C ABI of postventa, the after-sales library.
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
 * The header compiles as C99 and as C++. The documentation groups the
 * declarations by topic (Doxygen groups `pv_group_*`); the published reference
 * is docs/api/c.md.
 */
#ifndef POSTVENTA_POSTVENTA_H_
#define POSTVENTA_POSTVENTA_H_

#include <stddef.h>
#include <stdint.h>

/** \defgroup pv_group_versions Versions and linking
 * The version of this header and of the loaded library, the export macro, and
 * pv_free().
 * \{ */

/** Major version of this header; the library's must be the same. */
#define PV_VERSION_MAJOR 0
/** Minor version of this header (additions only). */
#define PV_VERSION_MINOR 1
/** Patch version of this header (fixes only). */
#define PV_VERSION_PATCH 0
/** This header's version as one number: MAJOR * 10000 + MINOR * 100 + PATCH.
 * Compare it with pv_version_number(), the version of the library loaded. */
#define PV_VERSION_NUMBER (PV_VERSION_MAJOR * 10000 + PV_VERSION_MINOR * 100 + PV_VERSION_PATCH)
/** This header's version as "MAJOR.MINOR.PATCH". */
#define PV_VERSION_STRING "0.1.0"

/** \def PV_EXPORT
 * Marks a function exported by the shared library (default visibility with
 * GCC and Clang, `__declspec(dllexport)` / `(dllimport)` on Windows, where
 * the library's own build defines `PV_BUILDING_LIBRARY`). Every function of
 * this header carries it; nothing else is exported.
 */
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

/** \} */

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status ------------------------------------------------------------- */

/** \defgroup pv_group_status Status and errors
 * Every fallible call returns a ::pv_status; the details of a failure are in
 * a thread-local record read with pv_last_error() and pv_last_error_code().
 * \{ */

/** \defgroup pv_group_status_codes Status codes
 * \{ */
/** The result of every fallible call: #PV_OK (0) on success, else one of the
 * `PV_*` codes of this group, whose numbers are those of absl::StatusCode and
 * never change. Treat any unknown non-zero value as a failure too. */
typedef int32_t pv_status;

#define PV_OK 0        ///< Success.
#define PV_CANCELLED 1 ///< Never returned at present (reserved; absl::StatusCode::kCancelled).
#define PV_UNKNOWN 2   ///< Never returned by the core (reserved; absl::StatusCode::kUnknown).
#define PV_INVALID_ARGUMENT 3 ///< Bad input: configuration, event, argument (a NULL pointer, a bad `struct_size` or enum number, invalid JSON, a value outside its domain).
#define PV_DEADLINE_EXCEEDED 4 ///< Never returned at present (reserved).
#define PV_NOT_FOUND 5         ///< Something named does not exist: a unit, case, policy, calendar, anomaly.
#define PV_ALREADY_EXISTS 6 ///< A different object is already stored under that name or SKU.
#define PV_PERMISSION_DENIED 7 ///< The ledger file or its directory cannot be written.
#define PV_RESOURCE_EXHAUSTED 8 ///< Out of memory (any call), or the disk is full.
#define PV_FAILED_PRECONDITION 9 ///< Well formed, but the state refuses it: a closed ledger, an event the lifecycle refuses, a calendar not added yet.
#define PV_ABORTED 10 ///< Never returned at present (reserved for storage conflicts).
#define PV_OUT_OF_RANGE 11 ///< A result that cannot be represented or computed: a date outside a calendar's years or outside ::pv_date, a count overflowing int64.
#define PV_UNIMPLEMENTED 12 ///< Never returned at present (reserved).
#define PV_INTERNAL 13      ///< A bug or an unexpected failure inside the library (an exception caught at the boundary).
#define PV_UNAVAILABLE 14   ///< The ledger file cannot be used now: cannot be opened, locked past the busy timeout, I/O error.
#define PV_DATA_LOSS 15     ///< The file is not a postventa ledger, or is corrupt (it is never modified).
/** \} */

/** The message of the last failed call on this thread ("" if none). The pointer
 * stays valid until the next failing call on this thread; do not free it.
 * \return a NUL-terminated UTF-8 string owned by the library. */
PV_EXPORT const char* pv_last_error(void);
/** The status of the last failed call on this thread (#PV_OK if none). A
 * successful call does not reset it: read it only after a call failed. */
PV_EXPORT pv_status pv_last_error_code(void);

/** \} */

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

/** \defgroup pv_group_library The loaded library and its memory
 * pv_version_number(), pv_version_string() and pv_free().
 * \{ */

/** The loaded library's version as MAJOR * 10000 + MINOR * 100 + PATCH. A
 * program checks `pv_version_number() / 10000 == PV_VERSION_MAJOR`. */
PV_EXPORT uint32_t pv_version_number(void);
/** The loaded library's version as "MAJOR.MINOR.PATCH" (static; do not free). */
PV_EXPORT const char* pv_version_string(void);
/** Frees memory the library returned: strings (`char** out`) and arrays
 * (pv_ledger_maintenance_schedule(), the `pv_*_by_group` functions). Accepts
 * NULL. Never use it on handles, which have their own `pv_*_free`. */
PV_EXPORT void pv_free(void* p);

/** \} */

/* ---- Time (SPEC §1) ----------------------------------------------------- */

/** \defgroup pv_group_time Time and calendars
 * Civil dates, instants, the legal month rule and business calendars (SPEC §1).
 * \{ */

typedef int64_t pv_instant; ///< An instant: whole seconds since 1970-01-01T00:00:00Z (UTC).
typedef int32_t pv_date;    ///< A civil date (no zone): days since 1970-01-01, which is day 0.

/** Parses a strict ISO date "YYYY-MM-DD" (four-digit year, zero-padded month
 * and day); anything else, or a date that does not exist, fails with
 * #PV_INVALID_ARGUMENT.
 * \param[out] out the date. */
PV_EXPORT pv_status pv_date_parse(pv_date* out, const char* iso);
/** Formats a date as "YYYY-MM-DD".
 * \param[out] out a new string; free it with pv_free(). */
PV_EXPORT pv_status pv_date_format(char** out, pv_date date);
/** The legal month rule of SPEC §1.2: same day-of-month N months later (or
 * earlier, for negative N), or the last day of a shorter month. A start on the
 * last day of a month does not snap to the end of the target month:
 * 2024-02-29 plus 1 month is 2024-03-29. #PV_OUT_OF_RANGE when the result
 * does not fit in a ::pv_date.
 * \param[out] out the date `months` calendar months after `start`. */
PV_EXPORT pv_status pv_add_months(pv_date* out, pv_date start, int32_t months);

/** A business calendar (SPEC §1.3): working hours per weekday, holidays and
 * exceptions, in a time zone. Opaque. Immutable after creation: safe to share
 * across threads and to use from any number of them at once. Created by
 * pv_calendar_new_from_json(), freed by pv_calendar_free(). */
typedef struct pv_calendar pv_calendar;

/** Creates a calendar from its JSON configuration (`json_len` bytes; the text
 * need not be NUL-terminated). Invalid configuration fails with
 * #PV_INVALID_ARGUMENT and a message naming the field and the bad value.
 * \param[out] out the new calendar, owned by the caller: free it with
 *             pv_calendar_free(). */
PV_EXPORT pv_status pv_calendar_new_from_json(pv_calendar** out, const char* json, size_t json_len);
/** Frees a calendar. Accepts NULL. A calendar added to a ledger with
 * pv_ledger_add_calendar() may be freed right after: the ledger keeps its own
 * copy. */
PV_EXPORT void pv_calendar_free(pv_calendar* calendar);

/** Whether `date` is a holiday of the calendar.
 * \param[out] out 1 if `date` is a holiday, else 0.
 * \return #PV_OUT_OF_RANGE for a date outside the calendar's years. */
PV_EXPORT pv_status pv_calendar_is_holiday(int* out, const pv_calendar* calendar, pv_date date);
/** Whether `date` is a working day (it has working hours and is no holiday).
 * \param[out] out 1 if `date` is a working day, else 0.
 * \return #PV_OUT_OF_RANGE for a date outside the calendar's years. */
PV_EXPORT pv_status pv_calendar_is_working_day(int* out, const pv_calendar* calendar, pv_date date);
/** The n-th working day after `date` (n >= 0; n = 0 is `date` if working,
 * else the next working day). A negative `n` fails with #PV_INVALID_ARGUMENT.
 * \param[out] out the working day. */
PV_EXPORT pv_status pv_calendar_add_business_days(pv_date* out, const pv_calendar* calendar,
                                                  pv_date date, int32_t n);
/** The instant at which `seconds` (>= 0) of working time have elapsed since
 * `start`. A negative amount fails with #PV_INVALID_ARGUMENT.
 * \param[out] out the instant, in whole seconds. */
PV_EXPORT pv_status pv_calendar_add_business_time(pv_instant* out, const pv_calendar* calendar,
                                                  pv_instant start, int64_t seconds);
/** Working seconds in [a, b); 0 when b <= a.
 * \param[out] out the working time, in seconds. */
PV_EXPORT pv_status pv_calendar_business_time_between(int64_t* out, const pv_calendar* calendar,
                                                      pv_instant a, pv_instant b);

/** \} */

/* ---- The ledger (SPEC §2, §3) ------------------------------------------- */

/** \defgroup pv_group_ledger Ledger
 * Opening, closing and inspecting a ledger.
 * \{ */

/** A ledger: catalog, calendars and events, in memory or in an SQLite file.
 * Opaque; created by pv_ledger_open_memory() or pv_ledger_open(), freed by
 * pv_ledger_free(). A pv_ledger may be shared by threads: writes are
 * serialised, reads see the state after the last completed write. */
typedef struct pv_ledger pv_ledger;

/** An empty ledger in memory.
 * \param[out] out the new ledger, owned by the caller: free it with
 *             pv_ledger_free(). */
PV_EXPORT pv_status pv_ledger_open_memory(pv_ledger** out);
/** A durable ledger in the SQLite file at `path` (UTF-8), created when missing;
 * a file from an older library is migrated.
 * A file from a newer library fails with #PV_FAILED_PRECONDITION; a file that is
 * not a postventa ledger, or is corrupt, fails and is never modified.
 * \param[out] out the ledger, owned by the caller: free it with
 *             pv_ledger_free(). */
PV_EXPORT pv_status pv_ledger_open(pv_ledger** out, const char* path);
/** Flushes and closes the ledger's file; later calls (other than closing again,
 * which is harmless) fail with #PV_FAILED_PRECONDITION. The handle must still be
 * freed. Use it to learn whether the close succeeded: pv_ledger_free() cannot
 * report a failure. */
PV_EXPORT pv_status pv_ledger_close(pv_ledger* ledger);
/** Closes (if needed) and frees a ledger. Accepts NULL. */
PV_EXPORT void pv_ledger_free(pv_ledger* ledger);

/** \} */

/** \defgroup pv_group_catalog Catalog
 * Products with their policies, and named calendars (SPEC §2).
 * \{ */

/** Adds a product (SPEC §2.1, policies inline or preset names) from JSON
 * (`json_len` bytes, not necessarily NUL-terminated).
 * The same product again is a no-op; another one under the same SKU fails
 * with #PV_ALREADY_EXISTS. */
PV_EXPORT pv_status pv_ledger_add_product_json(pv_ledger* ledger, const char* json,
                                               size_t json_len);
/** The products of the catalog as a JSON array of their canonical JSON
 * (docs/catalog.md), sorted by SKU.
 * \param[out] out a new string; free it with pv_free(). */
PV_EXPORT pv_status pv_ledger_products_json(char** out, const pv_ledger* ledger);

/** \} */

/** \addtogroup pv_group_ledger
 * \{ */

/** How many events the ledger holds.
 * \param[out] out the number of stored events. */
PV_EXPORT pv_status pv_ledger_event_count(int64_t* out, const pv_ledger* ledger);
/** The dates of the earliest and the latest event.
 * \param[out] has_events 1 when the ledger holds events, else 0 (and the
 *             dates are left untouched).
 * \param[out] first the date of the earliest event.
 * \param[out] last the date of the latest event. */
PV_EXPORT pv_status pv_ledger_span(int* has_events, pv_date* first, pv_date* last,
                                   const pv_ledger* ledger);

/** \} */

/** \addtogroup pv_group_catalog
 * \{ */

/** Adds a calendar under a name (not empty), for maintenance plans, SLAs,
 * follow-up rule sets and KPIs to refer to; a durable ledger stores it in its
 * file. The same calendar again is a no-op; another one under the same name
 * fails with #PV_ALREADY_EXISTS. The ledger keeps its own copy: `calendar`
 * may be freed right after. */
PV_EXPORT pv_status pv_ledger_add_calendar(pv_ledger* ledger, const char* name,
                                           const pv_calendar* calendar);

/** \} */

/** \defgroup pv_group_events Events
 * Recording the lifecycle: event types, ::pv_event, and the writes (SPEC §3, §5).
 * \{ */

/** \defgroup pv_group_event_types Event types
 * \{ */
/** An event type: one of the `PV_EVENT_*` numbers (SPEC §3, §5). The numbers
 * never change. */
typedef int32_t pv_event_type;
#define PV_EVENT_SOLD 1                  ///< `sold`: customer, product, price, channel; the first event of a unit.
#define PV_EVENT_DELIVERED 2             ///< `delivered`, after `sold`.
#define PV_EVENT_DELIVERY_CHECKED 3      ///< `delivery_checked`: outcome `ok`, `damaged`, `incomplete`, `wrong_item`, `late`.
#define PV_EVENT_INSTALLED 4             ///< `installed`: by `specialist` or `customer`.
#define PV_EVENT_INSTALLATION_CHECKED 5  ///< `installation_checked`: outcome `ok` or `defective`.
#define PV_EVENT_TRAINED 6               ///< `trained`: attendees.
#define PV_EVENT_MAINTENANCE_DONE 7      ///< `maintenance_done`: usage (optional).
#define PV_EVENT_USAGE_READING 8         ///< `usage_reading`: usage (non-decreasing).
#define PV_EVENT_REPAIR_RECEIVED 9       ///< `repair_received`: fault, case_id.
#define PV_EVENT_REPAIR_RETURNED 10      ///< `repair_returned`: outcome `fixed` or `not_fixed`, parts_cost, labor_cost.
#define PV_EVENT_REPLACED 11             ///< `replaced`: new_unit.
#define PV_EVENT_REFUNDED 12             ///< `refunded`: amount.
#define PV_EVENT_EXTENSION_PURCHASED 13  ///< `extension_purchased`: policy.
#define PV_EVENT_RETIRED 14              ///< `retired`: reason; the last event of a unit.
#define PV_EVENT_COMPLAINT_OPENED 101    ///< `complaint_opened` (customer-level).
#define PV_EVENT_COMPLAINT_RESOLVED 102  ///< `complaint_resolved` (customer-level).
#define PV_EVENT_CONTACT_MADE 103        ///< `contact_made` (customer-level): channel.
#define PV_EVENT_SURVEY_SENT 104         ///< `survey_sent` (customer-level): channel, instrument.
#define PV_EVENT_SURVEY_ANSWERED 105     ///< `survey_answered` (customer-level): channel, instrument, score or answers.
#define PV_EVENT_CASE_OPENED 201         ///< `case_opened` (SPEC §5): case_id, kind, priority, customer, sla, at.
#define PV_EVENT_CASE_STATUS 202         ///< `case_status`: case_id, status, at.
#define PV_EVENT_CASE_PRIORITY 203       ///< `case_priority`: case_id, priority, at.

/** An absent integer field of a pv_event. */
#define PV_ABSENT_I64 INT64_MIN
/** \} */

/** \} */

/** An event (SPEC §3). Set `struct_size` to sizeof(pv_event) (pv_event_init()
 * does); fields are only
 * ever appended, and the library reads only the fields the caller's size
 * covers. Strings are UTF-8, NUL-terminated, borrowed for the call; NULL or ""
 * means absent. Absent integers are #PV_ABSENT_I64; absent doubles are NaN
 * (`has_at` = 0 means no `at`). Amounts are integer minor currency units.
 * Each type uses the fields its `PV_EVENT_*` lists; the others stay absent. */
typedef struct pv_event {
  /** sizeof(pv_event) as the caller compiled it; also the stride of an array
   * passed to pv_ledger_record(). */
  uint32_t struct_size;
  pv_event_type type; ///< One of the `PV_EVENT_*` numbers.
  const char* id;   ///< The ERP document id; unique in a ledger (required).
  const char* unit; ///< The unit's serial; required for unit events.
  pv_date date;     ///< The civil date of the fact.
  int32_t has_at;   ///< Nonzero when `at` is given.
  pv_instant at;    ///< The instant, where the time of day matters (case events); whole seconds, UTC.
  const char* customer; ///< `sold`, customer-level events, `case_opened`.
  const char* product;  ///< `sold`: the product's SKU.
  const char* channel;  ///< `sold`, `contact_made`, `survey_sent`, `survey_answered`.
  const char* outcome;  ///< `delivery_checked`, `installation_checked`, `repair_returned`.
  const char* by;       ///< `installed`: `specialist` or `customer`.
  const char* fault;    ///< `repair_received`: the fault category.
  const char* case_id;  ///< The `case` key: `repair_received`, complaints, case events.
  const char* new_unit; ///< `replaced`: the serial of the new unit.
  const char* policy;   ///< `extension_purchased`: the policy bought.
  const char* reason;   ///< `retired`: `recycled`, `disposed` or `lost`.
  int64_t price;        ///< `sold`: the price, in minor units.
  int64_t parts_cost;   ///< `repair_returned`: parts, in minor units.
  int64_t labor_cost;   ///< `repair_returned`: labor, in minor units.
  int64_t amount;       ///< `refunded`: the amount, in minor units.
  int64_t attendees;    ///< `trained`: how many attended.
  double usage;         ///< `usage_reading`, `maintenance_done`: the usage counter.
  const char* kind;       ///< `case_opened`: `delivery_issue`, `installation`, `repair`, `complaint`, `question`, `return`.
  const char* priority;   ///< `case_opened`, `case_priority`.
  const char* sla;        ///< `case_opened`: the SLA policy's name.
  const char* status;     ///< `case_status`: the new status.
  const char* instrument; ///< `survey_sent`, `survey_answered`: the instrument's name.
  double score;           ///< `survey_answered`: the answer of a one-question instrument.
  /** survey_answered of a multi-question instrument: `answer_count` answers in
   * the instrument's question order, NaN for a skipped question; borrowed for
   * the call. NULL / 0 means absent. (Appended after `score`: a caller built
   * with an older, smaller pv_event simply gives none.) */
  const double* answers;
  size_t answer_count; ///< The number of `answers` (at most 1000).
} pv_event;

/** \addtogroup pv_group_events
 * \{ */

/** Fills `*event` with an empty event: every string NULL, integers
 * #PV_ABSENT_I64, doubles NaN, no `at`, `type` and `date` 0, and struct_size.
 * Pass sizeof(*event):
 * the library writes no more than that, so a program built against an older,
 * smaller pv_event stays safe with a newer library. Does nothing when `event`
 * is NULL or `struct_size` is less than 4. */
PV_EXPORT void pv_event_init(pv_event* event, uint32_t struct_size);

/** \} */

/** What a write did. */
typedef struct pv_record_result {
  int64_t stored;     ///< New events stored.
  int64_t duplicates; ///< Ids already stored with the same content (no-ops).
} pv_record_result;

/** \addtogroup pv_group_events
 * \{ */

/** Records `count` events atomically, in one transaction: if any is refused the
 * error message starts with its position ("events[17]: ...", also for a single
 * event) and nothing is stored. The array's stride is events[0].struct_size, so
 * an older caller's smaller structs are read correctly; a struct_size larger
 * than this library's pv_event is refused (its extra fields could not be
 * honoured), and every element must carry the same struct_size.
 * \param[out] out what was stored; may be NULL.
 * \param events `count` events; may be NULL when `count` is 0. */
PV_EXPORT pv_status pv_ledger_record(pv_record_result* out, pv_ledger* ledger,
                                     const pv_event* events, size_t count);
/** Records one event given as JSON (SPEC §3 keys; `json_len` bytes). Its
 * messages carry no position.
 * \param[out] out what was stored; may be NULL. */
PV_EXPORT pv_status pv_ledger_record_json(pv_record_result* out, pv_ledger* ledger,
                                          const char* json, size_t json_len);
/** The unit's events in replay order, as a JSON array of canonical events.
 * #PV_NOT_FOUND for an unknown unit.
 * \param[out] out a new string; free it with pv_free(). */
PV_EXPORT pv_status pv_ledger_history_json(char** out, const pv_ledger* ledger, const char* unit);

/** \} */

/** \defgroup pv_group_maintenance Maintenance
 * Due dates, the work list and compliance (SPEC §4).
 * \{ */

/** The maintenance due dates of a unit in [start, end] (SPEC §4), ascending,
 * from its product's plan and its history up to `end` (none when the product
 * has no plan). #PV_NOT_FOUND for an unknown unit; #PV_INVALID_ARGUMENT when
 * end < start.
 * \param[out] out a new array of `*out_count` dates, freed with pv_free();
 *             NULL when there are none.
 * \param[out] out_count the number of dates. */
PV_EXPORT pv_status pv_ledger_maintenance_schedule(pv_date** out, size_t* out_count,
                                                   const pv_ledger* ledger, const char* unit,
                                                   pv_date start, pv_date end);

/** The maintenance work list on `on` (SPEC §4), over every unit in the field
 * whose product has a plan: per unit its earliest overdue due date, then every
 * due date up to on + horizon_days not met yet. Columns: unit (utf8), due
 * (date32), overdue (bool), product (utf8); sorted by due, then unit.
 * #PV_INVALID_ARGUMENT for a negative horizon.
 * \param[out] out an Arrow C stream the caller owns and releases. */
PV_EXPORT pv_status pv_ledger_maintenance_due(struct ArrowArrayStream* out, const pv_ledger* ledger,
                                              pv_date on, int32_t horizon_days);
/** Maintenance compliance per unit with a plan on `on`: unit, product (utf8),
 * due, met (int64: due dates whose grace window closed, and those met),
 * compliance (float64, met / due; null when due is 0); sorted by unit.
 * \param[out] out an Arrow C stream the caller owns and releases. */
PV_EXPORT pv_status pv_ledger_maintenance_compliance(struct ArrowArrayStream* out,
                                                     const pv_ledger* ledger, pv_date on);

/** \} */

/** \defgroup pv_group_warranty Warranty decisions
 * Assessing a claim against every policy of a unit (SPEC §2.3).
 * \{ */

/** \defgroup pv_group_remedies Remedies
 * \{ */
#define PV_REMEDY_NONE 0              ///< No remedy: nothing is granted.
#define PV_REMEDY_REPAIR 1            ///< Repair the unit.
#define PV_REMEDY_REPLACE_OR_REFUND 2 ///< Replace or refund (repeat failures, too long out of service).
/** \} */

/** \} */

/** What one component (parts, labor or travel) of a claim gets. */
typedef struct pv_component_cover {
  int32_t percent;    ///< The share granted, 0..100.
  const char* policy; ///< The granting policy, or NULL.
  int32_t has_ends_on; ///< Nonzero when `ends_on` is set.
  pv_date ends_on; ///< That policy's end for the component, after suspension.
  int64_t company_cost;  ///< What the company pays of this component, in minor units.
  int64_t customer_cost; ///< What the customer pays of this component, in minor units.
} pv_component_cover;

/** A warranty decision (SPEC §2.3), allocated by the library in one block:
 * the caller frees it with pv_decision_free(), never with free(). Its strings
 * live as long as the decision. */
typedef struct pv_decision {
  uint32_t struct_size; ///< sizeof(pv_decision) of the library that made it.
  int32_t covered;      ///< 1 if any component is covered by any policy.
  pv_component_cover parts;  ///< The parts of the quote.
  pv_component_cover labor;  ///< The labor of the quote.
  pv_component_cover travel; ///< The travel of the quote.
  const char* basis; ///< The policy granting the largest amount; NULL when nothing is granted.
  int32_t presumed_nonconformity; ///< 1 when the claim falls in the basis policy's presumption period.
  int32_t remedy;        ///< One of the `PV_REMEDY_*` numbers.
  int64_t company_cost;  ///< Total the company pays, in minor units.
  int64_t customer_cost; ///< Total the customer pays, in minor units.
  size_t reason_count;   ///< The number of `reasons`.
  const char* const* reasons; ///< Reason codes, `"<policy>:<code>"`; NULL when reason_count is 0.
} pv_decision;

/** \addtogroup pv_group_warranty
 * \{ */

/** The decision for a claim on `unit` dated `claim_date` for a fault category,
 * with a quote in minor currency units.
 * \param[out] out the decision, owned by the caller: free it with
 *             pv_decision_free().
 * \param parts the parts of the quote.
 * \param labor the labor of the quote.
 * \param travel the travel of the quote. */
PV_EXPORT pv_status pv_ledger_assess_claim(pv_decision** out, const pv_ledger* ledger,
                                           const char* unit, pv_date claim_date, const char* fault,
                                           int64_t parts, int64_t labor, int64_t travel);
/** The same decision as its canonical JSON (the byte-for-byte form every face
 * agrees on).
 * \param[out] out a new string; free it with pv_free(). */
PV_EXPORT pv_status pv_ledger_assess_claim_json(char** out, const pv_ledger* ledger,
                                                const char* unit, pv_date claim_date,
                                                const char* fault, int64_t parts, int64_t labor,
                                                int64_t travel);
/** Frees a decision. Accepts NULL. */
PV_EXPORT void pv_decision_free(pv_decision* decision);

/** \} */

/* ---- Follow-up contacts (SPEC §6) ---------------------------------------- */

/** \defgroup pv_group_followups Follow-up contacts
 * Rule sets and the planned contacts (SPEC §6).
 * \{ */

/** Adds a follow-up rule set from JSON (docs/followups.md); products name it in
 * `followups`, and products naming none use "default" (built in, unless a rule
 * set of that name is added). The same rule set again is a no-op; another one
 * under the same name fails with #PV_ALREADY_EXISTS. */
PV_EXPORT pv_status pv_ledger_add_followups_json(pv_ledger* ledger, const char* json,
                                                 size_t json_len);
/** The contacts dated in [start, end], planned from the events up to `end`.
 * Columns: date (date32), customer (utf8), unit (utf8, null for a
 * customer-level contact), touchpoint, channel (utf8), priority (int64),
 * moved_from (date32, null unless the contact cap moved it).
 * \param[out] out an Arrow C stream the caller owns and releases. */
PV_EXPORT pv_status pv_ledger_followups(struct ArrowArrayStream* out, const pv_ledger* ledger,
                                        pv_date start, pv_date end);

/** \} */

/* ---- Surveys (SPEC §7) --------------------------------------------------- */

/** \defgroup pv_group_surveys Surveys
 * Instruments, answers matched to their sends, and response rates (SPEC §7).
 * \{ */

/** Adds a survey instrument from JSON (docs/surveys.md); survey events name it
 * in `instrument`. The built-ins "nps", "csat", "ces" and "servqual" are always
 * there. The same instrument again is a no-op; another one under the same name
 * fails with #PV_ALREADY_EXISTS. */
PV_EXPORT pv_status pv_ledger_add_instrument_json(pv_ledger* ledger, const char* json,
                                                  size_t json_len);
/** The survey answers dated in [start, end], each matched to the send it
 * answers (docs/surveys.md). Columns: id (utf8), date (date32), customer
 * (utf8), unit, case, product (utf8, null when none), channel, instrument
 * (utf8), score (float64), sent (date32, null for an unsolicited answer).
 * \param[out] out an Arrow C stream the caller owns and releases. */
PV_EXPORT pv_status pv_ledger_survey_answers(struct ArrowArrayStream* out, const pv_ledger* ledger,
                                             pv_date start, pv_date end);
/** \defgroup pv_group_survey_periods Survey periods
 * \{ */
/** Periods of pv_ledger_survey_responses(): one of the `PV_PERIOD_*` numbers. */
typedef int32_t pv_survey_period;
#define PV_PERIOD_DAY 0     ///< By day.
#define PV_PERIOD_WEEK 1    ///< By ISO week (starting on Monday).
#define PV_PERIOD_MONTH 2   ///< By calendar month.
#define PV_PERIOD_QUARTER 3 ///< By calendar quarter.
#define PV_PERIOD_YEAR 4    ///< By calendar year.
#define PV_PERIOD_ALL 5     ///< One period: the whole range (period is `start`).
/** \} */
/** Response rates: the sends dated in [start, end] by period, channel, product
 * and instrument. Columns: period (date32, the first day of the period),
 * channel (utf8), product, instrument (utf8, null when none), sent, answered
 * (int64), rate (float64).
 * \param[out] out an Arrow C stream the caller owns and releases. */
PV_EXPORT pv_status pv_ledger_survey_responses(struct ArrowArrayStream* out,
                                               const pv_ledger* ledger, pv_date start, pv_date end,
                                               pv_survey_period period);

/** \} */

/** \defgroup pv_group_scorecard Quality scorecard
 * The five quality levels of SPEC §7.
 * \{ */

/** The quality scorecard of [start, end] (SPEC §7; docs/scorecard.md): the
 * five quality levels measured from the ledger and judged against the
 * configuration (JSON: targets, competitor benchmark, certification checklist,
 * legal complaint deadline; NULL means `{}`), as the canonical report JSON.
 * \param[out] out a new string; free it with pv_free().
 * \param config_json the configuration, `config_len` bytes, or NULL. */
PV_EXPORT pv_status pv_ledger_scorecard_json(char** out, const pv_ledger* ledger, pv_date start,
                                             pv_date end, const char* config_json,
                                             size_t config_len);

/** \} */

/* ---- Field reliability from the ledger (SPEC §8) ------------------------- */

/** \defgroup pv_group_reliability Reliability
 * Field reliability: from the ledger, and the pure estimators (SPEC §8).
 * \{ */

/** Per unit in service by `on`: days from its start of service (delivery; a
 * replacement unit: its replacement date) to its first repair_received, or to
 * its end of observation (`on`, or the day it left the field), censored
 * (docs/reliability.md). Columns: unit, product (utf8), start (date32), days
 * (int64), failed (bool). Sorted by unit.
 * \param[out] out an Arrow C stream the caller owns and releases. */
PV_EXPORT pv_status pv_ledger_failure_times(struct ArrowArrayStream* out, const pv_ledger* ledger,
                                            pv_date on);
/** The claims expected over the next `months` months (1..120) per product, from
 * a Weibull fit of each product's failure times (docs/reliability.md).
 * Columns: product (utf8), month, units (int64), expected_claims (float64),
 * expected_cost (float64, null without a known claim cost), shape, scale
 * (float64). Products whose fit is impossible are left out.
 * \param[out] out an Arrow C stream the caller owns and releases. */
PV_EXPORT pv_status pv_ledger_claims_forecast(struct ArrowArrayStream* out, const pv_ledger* ledger,
                                              pv_date on, int32_t months);

/** \} */

/* ---- KPIs (SPEC §8) ------------------------------------------------------ */

/** Options of pv_ledger_kpis(). Set struct_size to sizeof(pv_kpi_options); fields
 * are only ever appended. */
typedef struct pv_kpi_options {
  /** sizeof(pv_kpi_options) as the caller compiled it. */
  uint32_t struct_size;
  /** Nonzero: after the total, the KPIs of every product of the catalog,
   * sorted by SKU. */
  int32_t by_product;
  /** The calendar (added with pv_ledger_add_calendar()) whose working days
   * measure the time to repair; NULL or "" for Monday to Friday. */
  const char* calendar;
} pv_kpi_options;

/** \defgroup pv_group_kpis KPIs
 * The after-sales KPIs of SPEC §8 (docs/kpis.md).
 * \{ */

/** The KPIs over [start, end] (docs/kpis.md defines each): the total first
 * (product null), then per product when asked. `options` NULL means
 * by_product = 1 and no calendar. Columns: product (utf8, null for the total),
 * kpi (utf8), value (float64, null when nothing was measured), n (int64),
 * total (float64, null for the median and when n is 0), unit (utf8).
 * #PV_INVALID_ARGUMENT for end < start or a bad `options->struct_size`;
 * #PV_NOT_FOUND for a calendar the ledger does not have.
 * \param[out] out an Arrow C stream the caller owns and releases. */
PV_EXPORT pv_status pv_ledger_kpis(struct ArrowArrayStream* out, const pv_ledger* ledger,
                                   pv_date start, pv_date end, const pv_kpi_options* options);

/** \} */

/* ---- Anomalies and corrective action (SPEC §8; docs/corrective.md) ------- */

/** \defgroup pv_group_corrective Corrective action
 * Anomaly records and the verification of their measures (docs/corrective.md).
 * \{ */

/** Adds an anomaly record from JSON (docs/corrective.md), or replaces the one
 * with the same id: the record grows as the anomaly is handled. Its
 * verification KPI must be a rate or duration KPI of docs/kpis.md. */
PV_EXPORT pv_status pv_ledger_put_anomaly_json(pv_ledger* ledger, const char* json,
                                               size_t json_len);
/** Every anomaly record, as a JSON array of their canonical JSON, in the order
 * they were first added.
 * \param[out] out a new string; free it with pv_free(). */
PV_EXPORT pv_status pv_ledger_anomalies_json(char** out, const pv_ledger* ledger);
/** Checks whether the measures of anomaly `id` worked, with the events up to
 * `as_of`: {"anomaly", "as_of", "windows": {"before", "after"},
 * "verification": {"test", "direction", "n_before", "n_after",
 * "value_before", "value_after", "statistic", "p_value", "alpha",
 * "improved", "verdict"}}. `calendar` (NULL or "": Monday to Friday) measures
 * repair times. #PV_NOT_FOUND for an unknown anomaly or calendar;
 * #PV_FAILED_PRECONDITION when there is nothing to verify yet.
 * \param[out] out a new string; free it with pv_free(). */
PV_EXPORT pv_status pv_ledger_verify_anomaly_json(char** out, const pv_ledger* ledger,
                                                  const char* id, pv_date as_of,
                                                  const char* calendar);
/** The verification of a rate KPI from its counts before and after a measure:
 * the two-proportion z-test (pooled, two-sided; z > 0 when the after rate is
 * higher) and its verdict; `higher_is_better` nonzero when a higher rate is
 * better; alpha in (0, 1).
 * \param[out] out the verification JSON (the `verification` object of
 *             pv_ledger_verify_anomaly_json()); free it with pv_free(). */
PV_EXPORT pv_status pv_verify_rate_json(char** out, int64_t count_before, int64_t n_before,
                                        int64_t count_after, int64_t n_after, int higher_is_better,
                                        double alpha);
/** The verification of durations (shorter is better) before and after a
 * measure: the log-rank test, the Kaplan-Meier medians and the verdict;
 * observed_* as for pv_kaplan_meier() (0: still open, censored). The arrays
 * may be NULL when their count is 0.
 * \param[out] out the verification JSON; free it with pv_free(). */
PV_EXPORT pv_status pv_verify_durations_json(char** out, const double* durations_before,
                                             const uint8_t* observed_before, size_t n_before,
                                             const double* durations_after,
                                             const uint8_t* observed_after, size_t n_after,
                                             double alpha);

/** \} */

/* ---- Service cases and SLAs (SPEC §5) ------------------------------------ */

/** \defgroup pv_group_service Service cases and SLAs
 * SLA policies and where a case's targets stand (SPEC §5).
 * \{ */

/** Adds an SLA policy from JSON: {"name", "calendar", "targets": {priority:
 * {"first_response": s, "resolution": s}, "*": {...}}, "pause_statuses": [...],
 * "at_risk_ratio": 0.8}, or a preset (`{"preset": "reclamo-pe"}`). Its calendar
 * must have been added, except a preset's own calendar, which comes with it.
 * The same policy again is a no-op; another one under the same name fails with
 * #PV_ALREADY_EXISTS. */
PV_EXPORT pv_status pv_ledger_add_sla_json(pv_ledger* ledger, const char* json, size_t json_len);

/** \defgroup pv_group_target_states SLA target states
 * \{ */
#define PV_TARGET_MET 0      ///< Achieved within its target.
#define PV_TARGET_BREACHED 1 ///< Its elapsed time reached the target; sticky: a later resolution does not clear it.
#define PV_TARGET_ON_TRACK 2 ///< Running, below the at-risk ratio of its target.
#define PV_TARGET_AT_RISK 3  ///< Running, elapsed at or past at_risk_ratio times the target.
#define PV_TARGET_PAUSED 4   ///< Running, but the case is in a pause status.

/** No instant (a target without a deadline). */
#define PV_NO_INSTANT INT64_MIN
/** \} */

/** \} */

/** Where one SLA target stands. */
typedef struct pv_target_status {
  int32_t state;       ///< One of the `PV_TARGET_*` numbers.
  int64_t elapsed;     ///< SLA seconds used (working time minus pauses; at achievement for an achieved target), rounded down.
  int64_t target;      ///< The target it is judged against, seconds (the current priority's while running).
  pv_instant deadline; ///< When it falls due if the clock keeps running, or when it was breached; #PV_NO_INSTANT when met or paused; rounded down.
} pv_target_status;

/** Both targets of a case. Set `struct_size` to sizeof(pv_sla_status) before
 * the call: the library writes no more than that. */
typedef struct pv_sla_status {
  uint32_t struct_size; ///< Set by the caller to sizeof(pv_sla_status); the library sets it to the bytes it wrote.
  pv_target_status first_response; ///< The first response target.
  pv_target_status resolution;     ///< The resolution target.
} pv_sla_status;

/** \addtogroup pv_group_service
 * \{ */

/** The SLA status of a case at instant `at`, from the case events up to `at`.
 * #PV_NOT_FOUND for an unknown case or SLA policy; #PV_INVALID_ARGUMENT when
 * `at` is before the case was opened.
 * \param[out] out the status; its `struct_size` must be set before the call. */
PV_EXPORT pv_status pv_ledger_sla_status(pv_sla_status* out, const pv_ledger* ledger,
                                         const char* case_id, pv_instant at);
/** The same as canonical JSON (elapsed/target in seconds, deadline RFC 3339 UTC
 * or null), the byte-for-byte form every face agrees on.
 * \param[out] out a new string; free it with pv_free(). */
PV_EXPORT pv_status pv_ledger_sla_status_json(char** out, const pv_ledger* ledger,
                                              const char* case_id, pv_instant at);

/** \} */

/* ---- Satisfaction scores (SPEC §7) -------------------------------------- */

/** \defgroup pv_group_scores Satisfaction scores
 * NPS, CSAT and CES from arrays of answers, as mergeable states (SPEC §7).
 * \{ */

/** \defgroup pv_group_element_types Element types and z
 * \{ */
/* Answers come as arrays of any of these element types (the numpy dtypes);
 * PV_F64 answers must hold whole numbers. Group ids take the integer types
 * only. The numbers never change. */
#define PV_I8 1  ///< Element type `int8_t`.
#define PV_I16 2 ///< Element type `int16_t`.
#define PV_I32 3 ///< Element type `int32_t`.
#define PV_I64 4 ///< Element type `int64_t`.
#define PV_U8 5  ///< Element type `uint8_t`.
#define PV_U16 6 ///< Element type `uint16_t`.
#define PV_U32 7 ///< Element type `uint32_t`.
#define PV_U64 8 ///< Element type `uint64_t`.
#define PV_F64 9 ///< Element type `double`: answers must hold whole numbers; not for group ids.

/** z for a two-sided 95 % interval (SPEC §7). */
#define PV_Z95 1.959963984540054
/** \} */

/** \} */

/** A score with its interval. value, low and high are NaN when n is 0 (for CES,
 * low and high are also NaN when n is 1). NPS is in [-100, 100], CSAT in
 * percent, CES on its 1-7 scale. */
typedef struct pv_score {
  double value; ///< The score.
  double low;   ///< The interval's lower bound.
  double high;  ///< The interval's upper bound.
  /** The number of answers. */
  int64_t n;
} pv_score;

/** NPS state: plain counts the caller owns (zero-initialise them to
 * start). Scoring parts separately and merging their states gives exactly,
 * bit for bit, the score of the whole, in any order, so partitions scored in
 * different processes or languages combine. A state is only read and written
 * by the calls it is passed to: one state per thread, or the caller locks. */
typedef struct pv_nps_state {
  int64_t promoters;  ///< Answers 9-10.
  int64_t passives;   ///< Answers 7-8.
  int64_t detractors; ///< Answers 0-6.
} pv_nps_state;
/** CSAT state (1-5 scale), mergeable as ::pv_nps_state. */
typedef struct pv_csat_state {
  int64_t satisfied; ///< Answers 4-5.
  int64_t n;         ///< All answers.
} pv_csat_state;
/** CES state (1-7 scale), mergeable as ::pv_nps_state. */
typedef struct pv_ces_state {
  int64_t n;      ///< The number of answers.
  int64_t sum;    ///< The sum of the answers.
  int64_t sum_sq; ///< The sum of their squares.
} pv_ces_state;

/** \addtogroup pv_group_scores
 * \{ */

/** Adds `count` answers of element type `type` (#PV_I8 ... #PV_F64) to `*state`.
 * An answer outside its scale fails with #PV_INVALID_ARGUMENT naming its
 * 0-based position in this call's array
 * ("scores[17]: 11 is outside the NPS scale 0-10")
 * and leaves `*state` unchanged. `scores` may be NULL when `count` is 0. A count that would overflow int64 fails with #PV_OUT_OF_RANGE. */
PV_EXPORT pv_status pv_nps_state_add(pv_nps_state* state, const void* scores, size_t count,
                                     int32_t type);
/** Adds `count` CSAT answers (1-5) to `*state`, as pv_nps_state_add(). */
PV_EXPORT pv_status pv_csat_state_add(pv_csat_state* state, const void* scores, size_t count,
                                      int32_t type);
/** Adds `count` CES answers (1-7) to `*state`, as pv_nps_state_add(). */
PV_EXPORT pv_status pv_ces_state_add(pv_ces_state* state, const void* scores, size_t count,
                                     int32_t type);

/** Adds `*other` into `*into` (#PV_OUT_OF_RANGE, `*into` unchanged, on int64 overflow). */
PV_EXPORT pv_status pv_nps_state_merge(pv_nps_state* into, const pv_nps_state* other);
/** Adds `*other` into `*into`, as pv_nps_state_merge(). */
PV_EXPORT pv_status pv_csat_state_merge(pv_csat_state* into, const pv_csat_state* other);
/** Adds `*other` into `*into`, as pv_nps_state_merge(). */
PV_EXPORT pv_status pv_ces_state_merge(pv_ces_state* into, const pv_ces_state* other);

/** The NPS of a state with the interval for `z` (#PV_Z95 for 95 %), which must
 * be positive and finite. A state that no answers can produce (a negative
 * count) fails with #PV_INVALID_ARGUMENT.
 * \param[out] out the score. */
PV_EXPORT pv_status pv_nps_state_score(pv_score* out, const pv_nps_state* state, double z);
/** The CSAT of a state (percent of answers 4-5, Wilson interval), as
 * pv_nps_state_score(); satisfied > n is refused too.
 * \param[out] out the score. */
PV_EXPORT pv_status pv_csat_state_score(pv_score* out, const pv_csat_state* state, double z);
/** The CES of a state (the mean, with the interval mean ± z s / sqrt(n), s
 * the sample standard deviation), as pv_nps_state_score(); sums that n
 * answers on 1-7 cannot give are refused.
 * \param[out] out the score. */
PV_EXPORT pv_status pv_ces_state_score(pv_score* out, const pv_ces_state* state, double z);

/** Grouped scoring in one pass: `groups[i]` (dense ids 0, 1, 2, ..., of integer
 * type `group_type`) is the group of `scores[i]`; both arrays hold `count`
 * values. Errors name the first bad row: "groups[3]: -1 is negative (...)" or
 * "scores[5]: ...".
 * \param[out] out the states of every group id from 0 to the largest (a group
 *             without answers has an empty state), a new array freed with
 *             pv_free(); NULL when count is 0.
 * \param[out] out_groups the number of states in `*out` (0 when count is 0).
 * \param threads 1 or more: splits the rows over that many threads (at least
 *        65 536 rows each) with the same result. */
PV_EXPORT pv_status pv_nps_by_group(pv_nps_state** out, size_t* out_groups, const void* scores,
                                    int32_t score_type, const void* groups, int32_t group_type,
                                    size_t count, int32_t threads);
/** Grouped CSAT scoring, as pv_nps_by_group().
 * \param[out] out a new array of `*out_groups` states, freed with pv_free(). */
PV_EXPORT pv_status pv_csat_by_group(pv_csat_state** out, size_t* out_groups, const void* scores,
                                     int32_t score_type, const void* groups, int32_t group_type,
                                     size_t count, int32_t threads);
/** Grouped CES scoring, as pv_nps_by_group().
 * \param[out] out a new array of `*out_groups` states, freed with pv_free(). */
PV_EXPORT pv_status pv_ces_by_group(pv_ces_state** out, size_t* out_groups, const void* scores,
                                    int32_t score_type, const void* groups, int32_t group_type,
                                    size_t count, int32_t threads);

/** \} */

/** \defgroup pv_group_servqual SERVQUAL
 * The gap between perceptions and expectations over 22 items (SPEC §7).
 * \{ */

/** \defgroup pv_group_servqual_dimensions SERVQUAL dimensions
 * \{ */
/* SERVQUAL dimensions, the order of pv_servqual_result.dimensions and of the
 * weights: Tangibles (items 1-4), Reliability (5-9), Responsiveness (10-13),
 * Assurance (14-17), Empathy (18-22). */
#define PV_SERVQUAL_TANGIBLES 0      ///< Tangibles: items 1-4.
#define PV_SERVQUAL_RELIABILITY 1    ///< Reliability: items 5-9.
#define PV_SERVQUAL_RESPONSIVENESS 2 ///< Responsiveness: items 10-13.
#define PV_SERVQUAL_ASSURANCE 3      ///< Assurance: items 14-17.
#define PV_SERVQUAL_EMPATHY 4        ///< Empathy: items 18-22.
/** \} */

/** \} */

/** The result of pv_servqual(). Set `struct_size` to sizeof(pv_servqual_result)
 * before the call: the library writes no more than that. With no respondents
 * every gap is NaN. */
typedef struct pv_servqual_result {
  uint32_t struct_size; ///< Set by the caller to sizeof(pv_servqual_result); the library sets it to the bytes it wrote.
  double dimensions[5]; ///< Each dimension's mean gap P - E, indexed by `PV_SERVQUAL_*`.
  double overall;       ///< The mean of the five.
  double weighted;      ///< Sum of w_d gap_d, weights normalised to sum 1.
  int32_t has_weighted; ///< 1 when weights were given; else `weighted` uses equal weights.
  int64_t n;            ///< Respondents.
} pv_servqual_result;

/** \addtogroup pv_group_servqual
 * \{ */

/** SERVQUAL from row-major arrays (respondents x 22 items, element type `type`)
 * of expectations and perceptions on 1-7; errors name [respondent][item],
 * 0-based ("perceptions[1][7]: 8 is outside the SERVQUAL scale 1-7").
 * The arrays may be NULL when respondents is 0.
 * \param[out] out the result; its `struct_size` must be set before the call.
 * \param weights NULL, or the five dimension importances (finite, >= 0, not
 *        all 0), in `PV_SERVQUAL_*` order. */
PV_EXPORT pv_status pv_servqual(pv_servqual_result* out, const void* expectations,
                                const void* perceptions, int32_t type, size_t respondents,
                                const double* weights);

/** \} */

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

/** \addtogroup pv_group_reliability
 * \{ */

/** \defgroup pv_group_weibull_methods Weibull fitting methods
 * \{ */
/** Fitting methods of pv_weibull_fit_censored(): one of the `PV_WEIBULL_*`
 * numbers, which never change. */
typedef int32_t pv_weibull_method;
#define PV_WEIBULL_MLE 0 ///< Maximum likelihood with right censoring.
#define PV_WEIBULL_RRY 1 ///< Median rank regression on Y.
/** \} */

/** \defgroup pv_group_rank_positions Plotting positions
 * \{ */
/** Plotting positions for #PV_WEIBULL_RRY (ignored, but checked, with MLE):
 * one of the `PV_RANKS_*` numbers. */
typedef int32_t pv_rank_positions;
#define PV_RANKS_BERNARD 0 ///< Bernard's approximation, (i - 0.3) / (n + 0.4).
#define PV_RANKS_EXACT 1   ///< The median of Beta(i, n - i + 1).
/** \} */

/** \} */

/** A Weibull 2-parameter fit, F(t) = 1 - exp(-(t/scale)^shape). Set
 * `struct_size` to sizeof(pv_weibull_fit) before the call: the library writes
 * no more than that (fields are only appended). Rank regression gives NaN
 * standard errors and bounds. */
typedef struct pv_weibull_fit {
  uint32_t struct_size; ///< Set by the caller to sizeof(pv_weibull_fit); the library sets it to the bytes it wrote.
  double shape;    ///< The shape, beta.
  double scale;    ///< The scale, alpha (in the unit of the times).
  double loglik;   ///< The log-likelihood at (shape, scale), constants kept.
  double shape_se; ///< The shape's standard error, from the inverse observed information.
  double scale_se; ///< The scale's standard error, likewise.
  double shape_low;  ///< Lower bound of the shape, on the log scale: shape exp(-z se / shape), z = Phi^-1((1 + ci) / 2).
  double shape_high; ///< Upper bound of the shape: shape exp(z se / shape).
  double scale_low;  ///< Lower bound of the scale, as for the shape.
  double scale_high; ///< Upper bound of the scale.
  int64_t failures;    ///< Failed units (interval data: the sum of their counts).
  int64_t suspensions; ///< Right-censored units.
} pv_weibull_fit;

/** \addtogroup pv_group_reliability
 * \{ */

/** Fits a Weibull to `n_failures` times to failure and `n_censored` times of
 * right-censored units (suspensions, at their age). Needs one failure at
 * least (two, at two different times, for #PV_WEIBULL_RRY); every time is
 * positive and finite.
 * \param[out] out the fit; its `struct_size` must be set before the call.
 * \param ci the confidence level of the bounds, in (0, 1). */
PV_EXPORT pv_status pv_weibull_fit_censored(pv_weibull_fit* out, const double* failures,
                                            size_t n_failures, const double* censored,
                                            size_t n_censored, pv_weibull_method method,
                                            pv_rank_positions positions, double ci);
/** Maximum likelihood on interval-censored grouped data: counts[k] units (a
 * whole number, >= 0) failed in (left[k], right[k]]; right[k] = +INFINITY
 * means they were still working at left[k]; left[k] = 0 that they failed by
 * right[k]. The three arrays hold `n` values each.
 * \param[out] out the fit; its `struct_size` must be set before the call. */
PV_EXPORT pv_status pv_weibull_fit_interval(pv_weibull_fit* out, const double* left,
                                            const double* right, const double* counts, size_t n,
                                            double ci);

/** Kaplan-Meier estimate of survival with Greenwood's variance and the log-log
 * interval at level `ci` (two-sided), as lifelines' KaplanMeierFitter.
 * observed[i] is 1 for a failure, 0 for a unit censored at durations[i] (>= 0).
 * Columns: time, survival, lower, upper (float64), at_risk, events, censored
 * (int64): a row at time 0 with survival 1, then one per distinct duration in
 * increasing order.
 * \param[out] out an Arrow C stream the caller owns and releases. */
PV_EXPORT pv_status pv_kaplan_meier(struct ArrowArrayStream* out, const double* durations,
                                    const uint8_t* observed, size_t n, double ci);

/** \defgroup pv_group_mcf_variances MCF variances
 * \{ */
/** Variance of the mean cumulative function: one of the `PV_MCF_*` numbers,
 * which never change. */
typedef int32_t pv_mcf_variance;
#define PV_MCF_LAWLESS_NADEAU 0 ///< Robust (Lawless & Nadeau 1995); the usual choice.
#define PV_MCF_POISSON 1        ///< Poisson: sum of d / r^2.
#define PV_MCF_NELSON 2         ///< Per time, no covariances (the `reliability` package).
/** \} */

/** Mean cumulative function of repairs over `n_systems` units (Nelson's
 * estimator). System i's repair times (any order) are
 * event_times[event_offsets[i]] .. event_times[event_offsets[i + 1] - 1], as in
 * an Arrow list array: `event_offsets` holds n_systems + 1 non-decreasing
 * values (the first need not be 0); ends[i] is the end of its observation
 * (it is at risk at t while ends[i] >= t). Messages name the system and the
 * position within its own events
 * ("systems[1].event_times[0]: 5 is after the end of observation 4";
 * "systems[1].end" is ends[1]). Columns: time, mcf,
 * variance, lower, upper (float64), one row per distinct repair time; the
 * bounds are one-sided at level `ci` each (the pair covers 2 ci - 1), as the
 * `reliability` package's.
 * \param[out] out an Arrow C stream the caller owns and releases.
 * \param event_offsets never NULL, even for no systems. */
PV_EXPORT pv_status pv_mcf(struct ArrowArrayStream* out, const double* event_times,
                           const size_t* event_offsets, const double* ends, size_t n_systems,
                           pv_mcf_variance variance, double ci);

/** Log-rank test of equal survival in groups a and b (lifelines'
 * statistics.logrank_test): `*chi2` with 1 degree of freedom and its p-value.
 * observed_* as for pv_kaplan_meier(); each group needs one unit at least.
 * \param[out] chi2 the test statistic.
 * \param[out] p_value its p-value. */
PV_EXPORT pv_status pv_logrank(double* chi2, double* p_value, const double* durations_a,
                               const uint8_t* observed_a, size_t n_a, const double* durations_b,
                               const uint8_t* observed_b, size_t n_b);

/** Crow-AMSAA (power-law NHPP, intensity lambda beta t^(beta - 1)) fit to the
 * `n` cumulative failure times (> 0, any order) of one system.
 * \param[out] beta the shape (beta < 1: failures are getting rarer).
 * \param[out] lambda the scale.
 * \param end NULL: failure-terminated (T = the last failure, n >= 2); else
 *        time-terminated at `*end` (not before the last failure). */
PV_EXPORT pv_status pv_crow_amsaa(double* beta, double* lambda, const double* times, size_t n,
                                  const double* end);

/** Laplace trend test (failure-terminated form) on the `n` >= 2 times between
 * successive failures.
 * \param[out] u the statistic: standard normal without trend; u > 0 means
 *             failures are coming faster. */
PV_EXPORT pv_status pv_laplace_trend(double* u, const double* times_between, size_t n);

/** \} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* POSTVENTA_POSTVENTA_H_ */
