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
 *     once. pv_last_error() is per thread.
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

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* POSTVENTA_POSTVENTA_H_ */
