/* abi_robustness_test.c — every entry point of the C ABI (postventa.h, SPEC
 * §9.1) called with what a careless or hostile caller passes: NULL for each
 * pointer that must not be NULL (one at a time), wrong struct_size values,
 * enum numbers that are none of the enum's, out-of-range numbers and dates,
 * lengths that do not match the text. For each call it checks that
 *   - the status is the documented error (never PV_OK, never a crash) and
 *     pv_last_error_code() agrees;
 *   - pv_last_error() names the parameter (or the field) at fault;
 *   - no output is written (every output starts filled with a poison byte
 *     and must still hold it);
 *   - the ledger given to a failing call — and, since every failing call is
 *     checked the same way, the ledger of this test whatever the call — is
 *     unchanged: its event count, span, products, anomalies, a unit's
 *     history, a case's SLA status and the KPI, maintenance, follow-up and
 *     survey tables are byte for byte what they were before.
 * Free functions accept NULL.
 *
 * Completeness: each function is marked with COVER(fn) (which also fails to
 * compile if fn is not declared), and at the end the marks are compared with
 * the `PV_EXPORT ... pv_*(` declarations of the header whose path is argv[1]:
 * a function added to the header without a case here fails the test. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "postventa/postventa.h"

/* ---- Coverage: the functions exercised, compared with the header ---- */

#define MAX_FUNCTIONS 256
static const char* covered[MAX_FUNCTIONS];
static int covered_count = 0;

static void cover(const char* name, size_t pointer_size) {
  int i;
  (void)pointer_size;
  for (i = 0; i < covered_count; ++i) {
    if (strcmp(covered[i], name) == 0) return;
  }
  if (covered_count < MAX_FUNCTIONS) covered[covered_count++] = name;
}

/* sizeof(&fn) does not compile when fn is not a declared function. */
#define COVER(fn) cover(#fn, sizeof(&fn))

static int is_covered(const char* name) {
  int i;
  for (i = 0; i < covered_count; ++i) {
    if (strcmp(covered[i], name) == 0) return 1;
  }
  return 0;
}

static char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  char* text = NULL;
  size_t cap = 0;
  size_t len = 0;
  if (f == NULL) return NULL;
  for (;;) {
    size_t got;
    if (len + 4096 + 1 > cap) {
      char* bigger = (char*)realloc(text, cap = (len + 4096 + 1) * 2);
      if (bigger == NULL) break;
      text = bigger;
    }
    got = fread(text + len, 1, cap - len - 1, f);
    len += got;
    if (got == 0) break;
  }
  fclose(f);
  if (text != NULL) text[len] = '\0';
  if (size != NULL) *size = len;
  return text;
}

/* Every `PV_EXPORT <type> pv_name(` line of the header must be covered, and
 * every covered name must be one of them. */
static void check_coverage(const char* header_path) {
  char* header;
  const char* p;
  int declared = 0;
  int i;
  if (header_path == NULL) {
    check_record(0, __FILE__, __LINE__, "argv[1] is the path of postventa.h");
    return;
  }
  header = read_file(header_path, NULL);
  check_record(header != NULL, __FILE__, __LINE__, "postventa.h (argv[1]) can be read");
  if (header == NULL) return;
  for (p = strstr(header, "PV_EXPORT"); p != NULL; p = strstr(p + 1, "PV_EXPORT")) {
    const char* line = p;
    const char* paren;
    const char* end;
    const char* start;
    char name[128];
    while (line > header && line[-1] != '\n') --line;
    while (*line == ' ') ++line;
    /* Declarations start with the macro; its own #define lines and the
     * documentation that names it do not. */
    if (line != p) continue;
    paren = strchr(p, '(');
    if (paren == NULL) break;
    end = paren;
    while (end > p && end[-1] == ' ') --end;
    start = end;
    while (start > p && (start[-1] == '_' || (start[-1] >= 'a' && start[-1] <= 'z') ||
                         (start[-1] >= '0' && start[-1] <= '9'))) {
      --start;
    }
    if ((size_t)(end - start) >= sizeof name || strncmp(start, "pv_", 3) != 0) {
      check_record(0, __FILE__, __LINE__, "a PV_EXPORT declaration names a pv_ function");
      continue;
    }
    memcpy(name, start, (size_t)(end - start));
    name[end - start] = '\0';
    ++declared;
    if (!is_covered(name)) {
      check_record(0, __FILE__, __LINE__, "every PV_EXPORT function has a robustness case");
      fprintf(stderr, "    %s has no case in abi_robustness_test.c\n", name);
    } else {
      ++check_passed;
    }
  }
  for (i = 0; i < covered_count; ++i) {
    const char* q;
    int found = 0;
    for (q = strstr(header, covered[i]); q != NULL; q = strstr(q + 1, covered[i])) {
      const char after = q[strlen(covered[i])];
      if (after == '(' || after == ' ') found = 1;
    }
    if (!found) {
      check_record(0, __FILE__, __LINE__, "every covered function is declared");
      fprintf(stderr, "    %s is not in %s\n", covered[i], header_path);
    }
  }
  printf("%d functions declared with PV_EXPORT, %d covered\n", declared, covered_count);
  check_record(declared == covered_count, __FILE__, __LINE__, "declared == covered");
  free(header);
}

/* ---- Poisoned outputs ---- */

#define POISON_BYTE 0x5A
#define POISON(v) memset(&(v), POISON_BYTE, sizeof(v))

static int all_poisoned(const void* p, size_t n) {
  const unsigned char* b = (const unsigned char*)p;
  size_t i;
  for (i = 0; i < n; ++i) {
    if (b[i] != POISON_BYTE) return 0;
  }
  return 1;
}

/* The output variable still holds the poison: nothing was written. */
#define UNTOUCHED(v) \
  check_record(all_poisoned(&(v), sizeof(v)), __FILE__, __LINE__, #v " left untouched")

/* ---- The ledger's fingerprint ---- */

struct bytes {
  unsigned char* p;
  size_t len;
  size_t cap;
  int broken; /* a query of the fingerprint failed */
};

static void put(struct bytes* b, const void* data, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = (b->len + n) * 2 + 64;
    unsigned char* bigger = (unsigned char*)realloc(b->p, cap);
    if (bigger == NULL) {
      b->broken = 1;
      return;
    }
    b->p = bigger;
    b->cap = cap;
  }
  memcpy(b->p + b->len, data, n);
  b->len += n;
}

static void put_str(struct bytes* b, const char* s) { put(b, s, strlen(s) + 1); }

static void put_json(struct bytes* b, pv_status s, char* text) {
  if (s != PV_OK) {
    b->broken = 1;
    put_str(b, "!");
    return;
  }
  put_str(b, text);
  pv_free(text);
}

static int bit(const void* bitmap, int64_t i) {
  return (((const uint8_t*)bitmap)[i / 8] >> (i % 8)) & 1;
}

/* Every value of one column, row by row (null rows as "~"). */
static void put_column(struct bytes* b, const char* format, const struct ArrowArray* c) {
  int64_t r;
  put(b, &c->length, sizeof c->length);
  for (r = 0; r < c->length; ++r) {
    const int64_t i = r + c->offset;
    if (c->n_buffers > 0 && c->buffers[0] != NULL && !bit(c->buffers[0], i)) {
      put(b, "~", 1);
      continue;
    }
    if (strcmp(format, "u") == 0) {
      const int32_t* offsets = (const int32_t*)c->buffers[1];
      put(b, (const char*)c->buffers[2] + offsets[i], (size_t)(offsets[i + 1] - offsets[i]));
      put(b, "", 1);
    } else if (strcmp(format, "g") == 0 || strcmp(format, "l") == 0) {
      put(b, (const char*)c->buffers[1] + 8 * i, 8);
    } else if (strcmp(format, "tdD") == 0 || strcmp(format, "i") == 0) {
      put(b, (const char*)c->buffers[1] + 4 * i, 4);
    } else if (strcmp(format, "b") == 0) {
      const char v = (char)bit(c->buffers[1], i);
      put(b, &v, 1);
    } else {
      put_str(b, format); /* a type this reader does not know: its name only */
    }
  }
}

static void put_stream(struct bytes* b, pv_status s, struct ArrowArrayStream* stream) {
  struct ArrowSchema schema;
  struct ArrowArray array;
  int64_t i;
  if (s != PV_OK) {
    b->broken = 1;
    put_str(b, "!");
    return;
  }
  if (stream->get_schema(stream, &schema) != 0) {
    b->broken = 1;
    stream->release(stream);
    return;
  }
  for (i = 0; i < schema.n_children; ++i) {
    put_str(b, schema.children[i]->name);
    put_str(b, schema.children[i]->format);
  }
  while (stream->get_next(stream, &array) == 0 && array.release != NULL) {
    for (i = 0; i < array.n_children && i < schema.n_children; ++i) {
      put_column(b, schema.children[i]->format, array.children[i]);
    }
    array.release(&array);
  }
  schema.release(&schema);
  stream->release(stream);
}

/* 2025-06-01 and friends, as pv_date. */
#define D2023_01_01 19358
#define D2025_01_01 20089
#define D2025_03_03 20150
#define D2025_06_01 20240
#define D2025_12_31 20453
#define MONDAY_0H ((pv_instant)D2025_03_03 * 86400) /* 2025-03-03T00:00:00Z */
#define HOUR 3600

static void fingerprint(const pv_ledger* ledger, struct bytes* b) {
  int64_t count = -1;
  int has = -1;
  pv_date first = -1;
  pv_date last = -1;
  char* text = NULL;
  struct ArrowArrayStream stream;
  pv_status s;
  memset(b, 0, sizeof *b);
  if (pv_ledger_event_count(&count, ledger) != PV_OK) b->broken = 1;
  put(b, &count, sizeof count);
  if (pv_ledger_span(&has, &first, &last, ledger) != PV_OK) b->broken = 1;
  put(b, &has, sizeof has);
  put(b, &first, sizeof first);
  put(b, &last, sizeof last);
  s = pv_ledger_products_json(&text, ledger);
  put_json(b, s, text);
  s = pv_ledger_anomalies_json(&text, ledger);
  put_json(b, s, text);
  s = pv_ledger_history_json(&text, ledger, "U1");
  put_json(b, s, text);
  s = pv_ledger_sla_status_json(&text, ledger, "K1", MONDAY_0H + 4 * 86400);
  put_json(b, s, text);
  s = pv_ledger_kpis(&stream, ledger, D2023_01_01, D2025_12_31, NULL);
  put_stream(b, s, &stream);
  s = pv_ledger_maintenance_due(&stream, ledger, D2025_06_01, 365);
  put_stream(b, s, &stream);
  s = pv_ledger_followups(&stream, ledger, D2023_01_01, D2025_12_31);
  put_stream(b, s, &stream);
  s = pv_ledger_survey_answers(&stream, ledger, D2023_01_01, D2025_12_31);
  put_stream(b, s, &stream);
}

/* The ledger every failing call is checked against, and its fingerprint. */
static pv_ledger* the_ledger = NULL;
static struct bytes baseline;

static void check_ledger_unchanged(int line, const char* what) {
  struct bytes now;
  if (the_ledger == NULL) return;
  fingerprint(the_ledger, &now);
  if (now.broken || now.len != baseline.len || memcmp(now.p, baseline.p, now.len) != 0) {
    check_record(0, __FILE__, line, "the ledger is unchanged after a failing call");
    fprintf(stderr, "    after %s\n", what);
    /* From now on compare with the new state, so one change is reported once. */
    if (!now.broken) {
      free(baseline.p);
      baseline = now;
      return;
    }
  } else {
    ++check_passed;
  }
  free(now.p);
}

/* ---- The checks of a failing call ---- */

static void expect_fail(pv_status got, pv_status code, const char* needle, int line,
                        const char* what) {
  const char* message = pv_last_error();
  check_record(got == code, __FILE__, line, what);
  if (got != code) {
    fprintf(stderr, "    got status %d, expected %d (last error: \"%s\")\n", (int)got, (int)code,
            got == PV_OK ? "" : message);
  }
  if (got != PV_OK) {
    check_record(pv_last_error_code() == got, __FILE__, line, "pv_last_error_code() == status");
    check_record(message != NULL && strstr(message, needle) != NULL, __FILE__, line,
                 "pv_last_error() names the parameter");
    if (message == NULL || strstr(message, needle) == NULL) {
      fprintf(stderr, "    %s\n    \"%s\" lacks \"%s\"\n", what, message ? message : "(NULL)",
              needle);
    }
  }
  check_ledger_unchanged(line, what);
}

/* `call` fails with `code`, and pv_last_error() contains `needle`. */
#define FAILS(call, code, needle) expect_fail((call), (code), (needle), __LINE__, #call)
#define INVALID(call, needle) FAILS(call, PV_INVALID_ARGUMENT, needle)
/* A NULL argument: exactly "<function>: <parameter> is NULL" (contained). */
#define NULL_ARG(call, message) FAILS(call, PV_INVALID_ARGUMENT, message)

/* ---- Fixtures ---- */

static const char kBoiler[] =
    "{\"sku\": \"BOILER\", \"installation\": \"none\", \"warranties\": [\"legal-es\"], "
    "\"maintenance\": {\"every_months\": 12, \"anchor\": \"fixed\", \"grace_days\": 15}}";
/* Another product under the same SKU. */
static const char kOtherBoiler[] =
    "{\"sku\": \"BOILER\", \"installation\": \"none\", \"warranties\": [\"legal-es\"]}";
static const char kOffice[] =
    "{\"timezone\": \"UTC\", \"week\": {\"mon\": [[\"09:00\",\"17:00\"]], \"tue\": "
    "[[\"09:00\",\"17:00\"]], \"wed\": [[\"09:00\",\"17:00\"]], \"thu\": [[\"09:00\",\"17:00\"]], "
    "\"fri\": [[\"09:00\",\"17:00\"]]}}";
static const char kMondays[] =
    "{\"timezone\": \"UTC\", \"week\": {\"mon\": [[\"09:00\",\"17:00\"]]}}";
static const char kSla[] =
    "{\"name\": \"std\", \"calendar\": \"office\", \"targets\": {\"high\": "
    "{\"first_response\": 3600, \"resolution\": 28800}}}";
static const char kOtherSla[] =
    "{\"name\": \"std\", \"calendar\": \"office\", \"targets\": {\"high\": "
    "{\"first_response\": 60, \"resolution\": 120}}}";
static const char kRules[] =
    "{\"name\": \"care\", \"calendar\": null, \"max_contacts_per_30_days\": 3, \"rules\": "
    "[{\"touchpoint\": \"welcome\", \"after\": \"delivered\", \"offset_working_days\": 1, "
    "\"channel\": \"phone\", \"category\": \"service\", \"priority\": 100, \"when\": {}, "
    "\"every_months\": null}]}";
static const char kOtherRules[] =
    "{\"name\": \"care\", \"calendar\": null, \"max_contacts_per_30_days\": 1, \"rules\": "
    "[{\"touchpoint\": \"welcome\", \"after\": \"delivered\", \"offset_working_days\": 2, "
    "\"channel\": \"phone\", \"category\": \"service\", \"priority\": 100, \"when\": {}, "
    "\"every_months\": null}]}";
static const char kKiosk[] =
    "{\"name\": \"kiosk\", \"questions\": [{\"id\": \"speed\", \"min\": 1, \"max\": 5}]}";
static const char kOtherKiosk[] =
    "{\"name\": \"kiosk\", \"questions\": [{\"id\": \"speed\", \"min\": 0, \"max\": 10}]}";
static const char kAnomaly[] =
    "{\"id\": \"AN-1\", \"detected\": \"2025-07-16\", \"description\": \"late deliveries\", "
    "\"implications\": [\"customers wait\"], \"cause\": \"supplier\", \"measures\": "
    "[{\"description\": \"second carrier\", \"date\": \"2025-08-01\"}], \"verification\": "
    "{\"kpi\": \"on_time_delivery\", \"product\": \"BOILER\"}}";
static const char* const kEvents[] = {
    "{\"id\":\"1\",\"type\":\"sold\",\"unit\":\"U1\",\"date\":\"2023-01-10\","
    "\"customer\":\"C-U1\",\"product\":\"BOILER\",\"price\":100000,\"channel\":\"store\"}",
    "{\"id\":\"2\",\"type\":\"delivered\",\"unit\":\"U1\",\"date\":\"2023-01-31\"}",
    "{\"id\":\"3\",\"type\":\"delivery_checked\",\"unit\":\"U1\",\"date\":\"2023-01-31\","
    "\"outcome\":\"ok\"}",
    "{\"id\":\"4\",\"type\":\"maintenance_done\",\"unit\":\"U1\",\"date\":\"2024-02-10\"}",
    "{\"id\":\"5\",\"type\":\"repair_received\",\"unit\":\"U1\",\"date\":\"2024-03-04\","
    "\"fault\":\"pump\"}",
    "{\"id\":\"6\",\"type\":\"repair_returned\",\"unit\":\"U1\",\"date\":\"2024-03-08\","
    "\"outcome\":\"fixed\",\"parts_cost\":10000,\"labor_cost\":4000}",
    "{\"id\":\"7\",\"type\":\"sold\",\"unit\":\"U2\",\"date\":\"2024-05-01\","
    "\"customer\":\"C-U2\",\"product\":\"BOILER\",\"price\":100000,\"channel\":\"store\"}",
    "{\"id\":\"8\",\"type\":\"delivered\",\"unit\":\"U2\",\"date\":\"2024-05-20\"}",
    "{\"id\":\"9\",\"type\":\"survey_sent\",\"unit\":\"U2\",\"date\":\"2024-06-03\","
    "\"customer\":\"C-U2\",\"channel\":\"digital\",\"instrument\":\"nps\"}",
    "{\"id\":\"10\",\"type\":\"survey_answered\",\"unit\":\"U2\",\"date\":\"2024-06-04\","
    "\"customer\":\"C-U2\",\"channel\":\"digital\",\"instrument\":\"nps\",\"score\":9}",
    "{\"id\":\"c1\",\"type\":\"case_opened\",\"case\":\"K1\",\"kind\":\"repair\","
    "\"priority\":\"high\",\"customer\":\"C-U1\",\"sla\":\"std\",\"at\":\"2025-03-03T16:00:00Z\"}",
    "{\"id\":\"c2\",\"type\":\"case_status\",\"case\":\"K1\",\"status\":\"responded\","
    "\"at\":\"2025-03-03T16:30:00Z\"}",
};

static pv_ledger* make_ledger(void) {
  pv_ledger* ledger = NULL;
  pv_calendar* office = NULL;
  size_t i;
  CHECK_OK(pv_ledger_open_memory(&ledger));
  if (ledger == NULL) return NULL;
  CHECK_OK(pv_ledger_add_product_json(ledger, kBoiler, strlen(kBoiler)));
  CHECK_OK(pv_calendar_new_from_json(&office, kOffice, strlen(kOffice)));
  CHECK_OK(pv_ledger_add_calendar(ledger, "office", office));
  pv_calendar_free(office);
  CHECK_OK(pv_ledger_add_sla_json(ledger, kSla, strlen(kSla)));
  CHECK_OK(pv_ledger_add_followups_json(ledger, kRules, strlen(kRules)));
  CHECK_OK(pv_ledger_add_instrument_json(ledger, kKiosk, strlen(kKiosk)));
  for (i = 0; i < sizeof kEvents / sizeof kEvents[0]; ++i) {
    CHECK_OK(pv_ledger_record_json(NULL, ledger, kEvents[i], strlen(kEvents[i])));
  }
  CHECK_OK(pv_ledger_put_anomaly_json(ledger, kAnomaly, strlen(kAnomaly)));
  return ledger;
}

/* ---- Errors, versions, memory ---- */

static void test_basics(void) {
  COVER(pv_last_error);
  COVER(pv_last_error_code);
  COVER(pv_version_number);
  COVER(pv_version_string);
  COVER(pv_free);
  CHECK(pv_last_error() != NULL);
  CHECK(pv_last_error_code() >= PV_OK && pv_last_error_code() <= PV_DATA_LOSS);
  CHECK_EQ(pv_version_number() / 10000, PV_VERSION_MAJOR);
  CHECK(pv_version_string() != NULL);
  pv_free(NULL);
  CHECK(1);
}

/* ---- Time ---- */

static void test_time(void) {
  pv_date day;
  char* text;
  static const char* const bad[] = {"",           "2025-13-01", "2025-02-30", "2025-00-10",
                                    "2025-1-01",  "2025-01-1",  "2025/01/01", "2025-01-01x",
                                    " 2025-01-01", "20250101",  "-001-01-01", "2025-01-32"};
  size_t i;
  COVER(pv_date_parse);
  COVER(pv_date_format);
  COVER(pv_add_months);

  POISON(day);
  NULL_ARG(pv_date_parse(NULL, "2025-01-01"), "pv_date_parse: out is NULL");
  NULL_ARG(pv_date_parse(&day, NULL), "pv_date_parse: iso is NULL");
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    /* The message quotes the text it refused. */
    INVALID(pv_date_parse(&day, bad[i]), bad[i]);
  }
  UNTOUCHED(day);

  NULL_ARG(pv_date_format(NULL, 0), "pv_date_format: out is NULL");
  /* Every int32 day is a civil date: the extremes format, they do not crash. */
  text = NULL;
  CHECK_OK(pv_date_format(&text, INT32_MIN));
  pv_free(text);
  text = NULL;
  CHECK_OK(pv_date_format(&text, INT32_MAX));
  pv_free(text);

  POISON(day);
  NULL_ARG(pv_add_months(NULL, 0, 1), "pv_add_months: out is NULL");
  FAILS(pv_add_months(&day, INT32_MAX, 1), PV_OUT_OF_RANGE, "pv_add_months");
  FAILS(pv_add_months(&day, INT32_MIN, -1), PV_OUT_OF_RANGE, "pv_add_months");
  FAILS(pv_add_months(&day, 0, INT32_MAX), PV_OUT_OF_RANGE, "pv_add_months");
  FAILS(pv_add_months(&day, 0, INT32_MIN), PV_OUT_OF_RANGE, "pv_add_months");
  UNTOUCHED(day);
}

/* ---- Calendars ---- */

static void test_calendars(void) {
  pv_calendar* cal = NULL;
  pv_calendar* made;
  int flag;
  pv_date day;
  pv_instant at;
  int64_t worked;
  static const char kBadZone[] = "{\"timezone\": \"Mars/Olympus\", \"week\": {}}";
  static const char kBadDay[] = "{\"timezone\": \"UTC\", \"week\": {\"mon\": [[\"17:00\",\"09:00\"]]}}";
  COVER(pv_calendar_new_from_json);
  COVER(pv_calendar_free);
  COVER(pv_calendar_is_holiday);
  COVER(pv_calendar_is_working_day);
  COVER(pv_calendar_add_business_days);
  COVER(pv_calendar_add_business_time);
  COVER(pv_calendar_business_time_between);

  CHECK_OK(pv_calendar_new_from_json(&cal, kOffice, strlen(kOffice)));
  if (cal == NULL) return;
  pv_calendar_free(NULL);

  POISON(made);
  NULL_ARG(pv_calendar_new_from_json(NULL, kOffice, strlen(kOffice)),
           "pv_calendar_new_from_json: out is NULL");
  NULL_ARG(pv_calendar_new_from_json(&made, NULL, 10), "pv_calendar_new_from_json: json is NULL");
  /* A length that cuts the text: the JSON is incomplete. */
  INVALID(pv_calendar_new_from_json(&made, kOffice, strlen(kOffice) / 2), "");
  INVALID(pv_calendar_new_from_json(&made, kOffice, 0), "");
  INVALID(pv_calendar_new_from_json(&made, kBadZone, strlen(kBadZone)), "timezone");
  INVALID(pv_calendar_new_from_json(&made, kBadDay, strlen(kBadDay)), "mon");
  UNTOUCHED(made);

  POISON(flag);
  NULL_ARG(pv_calendar_is_holiday(NULL, cal, 0), "pv_calendar_is_holiday: out is NULL");
  NULL_ARG(pv_calendar_is_holiday(&flag, NULL, 0), "pv_calendar_is_holiday: calendar is NULL");
  /* Dates far outside the calendar's years. */
  FAILS(pv_calendar_is_holiday(&flag, cal, INT32_MAX), PV_OUT_OF_RANGE, "");
  FAILS(pv_calendar_is_holiday(&flag, cal, INT32_MIN), PV_OUT_OF_RANGE, "");
  NULL_ARG(pv_calendar_is_working_day(NULL, cal, 0), "pv_calendar_is_working_day: out is NULL");
  NULL_ARG(pv_calendar_is_working_day(&flag, NULL, 0),
           "pv_calendar_is_working_day: calendar is NULL");
  FAILS(pv_calendar_is_working_day(&flag, cal, INT32_MAX), PV_OUT_OF_RANGE, "");
  FAILS(pv_calendar_is_working_day(&flag, cal, INT32_MIN), PV_OUT_OF_RANGE, "");
  UNTOUCHED(flag);

  POISON(day);
  NULL_ARG(pv_calendar_add_business_days(NULL, cal, 0, 1),
           "pv_calendar_add_business_days: out is NULL");
  NULL_ARG(pv_calendar_add_business_days(&day, NULL, 0, 1),
           "pv_calendar_add_business_days: calendar is NULL");
  INVALID(pv_calendar_add_business_days(&day, cal, D2025_01_01, -1), "n");
  INVALID(pv_calendar_add_business_days(&day, cal, D2025_01_01, INT32_MIN), "n");
  FAILS(pv_calendar_add_business_days(&day, cal, D2025_01_01, INT32_MAX), PV_OUT_OF_RANGE, "");
  FAILS(pv_calendar_add_business_days(&day, cal, INT32_MAX, 1), PV_OUT_OF_RANGE, "");
  UNTOUCHED(day);

  POISON(at);
  NULL_ARG(pv_calendar_add_business_time(NULL, cal, 0, 60),
           "pv_calendar_add_business_time: out is NULL");
  NULL_ARG(pv_calendar_add_business_time(&at, NULL, 0, 60),
           "pv_calendar_add_business_time: calendar is NULL");
  INVALID(pv_calendar_add_business_time(&at, cal, MONDAY_0H, -1), "");
  INVALID(pv_calendar_add_business_time(&at, cal, MONDAY_0H, INT64_MIN), "");
  FAILS(pv_calendar_add_business_time(&at, cal, MONDAY_0H, INT64_MAX), PV_OUT_OF_RANGE, "");
  FAILS(pv_calendar_add_business_time(&at, cal, INT64_MAX, 60), PV_OUT_OF_RANGE, "");
  FAILS(pv_calendar_add_business_time(&at, cal, INT64_MIN, 60), PV_OUT_OF_RANGE, "");
  UNTOUCHED(at);

  POISON(worked);
  NULL_ARG(pv_calendar_business_time_between(NULL, cal, 0, 60),
           "pv_calendar_business_time_between: out is NULL");
  NULL_ARG(pv_calendar_business_time_between(&worked, NULL, 0, 60),
           "pv_calendar_business_time_between: calendar is NULL");
  FAILS(pv_calendar_business_time_between(&worked, cal, INT64_MIN, INT64_MAX), PV_OUT_OF_RANGE,
        "");
  FAILS(pv_calendar_business_time_between(&worked, cal, MONDAY_0H, INT64_MAX), PV_OUT_OF_RANGE,
        "");
  UNTOUCHED(worked);
  pv_calendar_free(cal);
}

/* ---- Opening, closing, configuration ---- */

static void test_open_close(void) {
  pv_ledger* made;
  char path[] = "/tmp/pv_robustness_XXXXXX";
  static const char kNotALedger[] = "this is not a postventa ledger\n";
  int fd;
  COVER(pv_ledger_open_memory);
  COVER(pv_ledger_open);
  COVER(pv_ledger_close);
  COVER(pv_ledger_free);

  pv_ledger_free(NULL);
  NULL_ARG(pv_ledger_open_memory(NULL), "pv_ledger_open_memory: out is NULL");
  POISON(made);
  NULL_ARG(pv_ledger_open(NULL, "/tmp/x.pvl"), "pv_ledger_open: out is NULL");
  NULL_ARG(pv_ledger_open(&made, NULL), "pv_ledger_open: path is NULL");
  CHECK(pv_ledger_open(&made, "") != PV_OK);
  CHECK(pv_ledger_open(&made, "/nonexistent-dir/ledger.pvl") != PV_OK);
  CHECK(pv_ledger_open(&made, "/tmp") != PV_OK); /* a directory */
  CHECK(pv_last_error()[0] != '\0');
  /* A file that is not a ledger fails and is never modified. */
  fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd >= 0) {
    size_t size = 0;
    char* after;
    CHECK_EQ(write(fd, kNotALedger, sizeof kNotALedger - 1), (long long)(sizeof kNotALedger - 1));
    close(fd);
    CHECK(pv_ledger_open(&made, path) != PV_OK);
    CHECK(pv_last_error()[0] != '\0');
    after = read_file(path, &size);
    CHECK(after != NULL && size == sizeof kNotALedger - 1 && memcmp(after, kNotALedger, size) == 0);
    free(after);
    unlink(path);
  }
  UNTOUCHED(made);

  NULL_ARG(pv_ledger_close(NULL), "pv_ledger_close: ledger is NULL");
}

/* A closed ledger: pv_ledger_close says "later calls (other than closing
 * again, which is harmless) fail with PV_FAILED_PRECONDITION". Every entry
 * point that takes a ledger is tried on one, outputs poisoned. */
static void test_closed(void) {
  pv_ledger* closed = NULL;
  pv_calendar* office = NULL;
  pv_event e;
  pv_record_result result;
  int64_t count;
  int has;
  pv_date first, last;
  pv_date* dates;
  size_t n;
  char* text;
  pv_decision* decision;
  pv_sla_status status;
  struct ArrowArrayStream s;
  const char* const closed_message = "the ledger is closed";
  CHECK_OK(pv_ledger_open_memory(&closed));
  CHECK_OK(pv_calendar_new_from_json(&office, kOffice, strlen(kOffice)));
  if (closed == NULL || office == NULL) {
    pv_ledger_free(closed);
    pv_calendar_free(office);
    return;
  }
  CHECK_OK(pv_ledger_add_product_json(closed, kBoiler, strlen(kBoiler)));
  CHECK_OK(pv_ledger_record_json(NULL, closed, kEvents[0], strlen(kEvents[0])));
  CHECK_OK(pv_ledger_close(closed));
  CHECK_OK(pv_ledger_close(closed));

  POISON(result);
  POISON(count);
  POISON(has);
  POISON(first);
  POISON(last);
  POISON(dates);
  POISON(n);
  POISON(text);
  POISON(decision);
  POISON(s);
  memset(&status, POISON_BYTE, sizeof status);
  status.struct_size = sizeof status;
  pv_event_init(&e, sizeof e);
  e.type = PV_EVENT_DELIVERED;
  e.id = "2";
  e.unit = "U1";
  e.date = D2025_01_01;

  FAILS(pv_ledger_add_product_json(closed, kOtherBoiler, strlen(kOtherBoiler)),
        PV_FAILED_PRECONDITION, closed_message);
  FAILS(pv_ledger_add_calendar(closed, "office", office), PV_FAILED_PRECONDITION, closed_message);
  FAILS(pv_ledger_add_sla_json(closed, kSla, strlen(kSla)), PV_FAILED_PRECONDITION,
        closed_message);
  FAILS(pv_ledger_add_followups_json(closed, kRules, strlen(kRules)), PV_FAILED_PRECONDITION,
        closed_message);
  FAILS(pv_ledger_add_instrument_json(closed, kKiosk, strlen(kKiosk)), PV_FAILED_PRECONDITION,
        closed_message);
  FAILS(pv_ledger_put_anomaly_json(closed, kAnomaly, strlen(kAnomaly)), PV_FAILED_PRECONDITION,
        closed_message);
  FAILS(pv_ledger_record(&result, closed, &e, 1), PV_FAILED_PRECONDITION, closed_message);
  FAILS(pv_ledger_record_json(&result, closed, kEvents[1], strlen(kEvents[1])),
        PV_FAILED_PRECONDITION, closed_message);
  /* Regression (found by this test, fixed in issue 8): pv_ledger_event_count,
   * pv_ledger_span and pv_ledger_products_json answered PV_OK on a closed
   * ledger (Ledger::event_count(), span() and catalog() answer from memory);
   * they now check Ledger::check_open() like every other call. */
  FAILS(pv_ledger_event_count(&count, closed), PV_FAILED_PRECONDITION, closed_message);
  FAILS(pv_ledger_span(&has, &first, &last, closed), PV_FAILED_PRECONDITION, closed_message);
  FAILS(pv_ledger_products_json(&text, closed), PV_FAILED_PRECONDITION, closed_message);
  if (!all_poisoned(&text, sizeof text)) {
    pv_free(text);
    POISON(text);
  }
  FAILS(pv_ledger_history_json(&text, closed, "U1"), PV_FAILED_PRECONDITION, closed_message);
  FAILS(pv_ledger_maintenance_schedule(&dates, &n, closed, "U1", D2023_01_01, D2025_12_31),
        PV_FAILED_PRECONDITION, closed_message);
  FAILS(pv_ledger_maintenance_due(&s, closed, D2025_06_01, 30), PV_FAILED_PRECONDITION,
        closed_message);
  FAILS(pv_ledger_maintenance_compliance(&s, closed, D2025_06_01), PV_FAILED_PRECONDITION,
        closed_message);
  FAILS(pv_ledger_assess_claim(&decision, closed, "U1", D2025_01_01, "pump", 1, 1, 1),
        PV_FAILED_PRECONDITION, closed_message);
  FAILS(pv_ledger_assess_claim_json(&text, closed, "U1", D2025_01_01, "pump", 1, 1, 1),
        PV_FAILED_PRECONDITION, closed_message);
  FAILS(pv_ledger_followups(&s, closed, D2023_01_01, D2025_12_31), PV_FAILED_PRECONDITION,
        closed_message);
  FAILS(pv_ledger_survey_answers(&s, closed, D2023_01_01, D2025_12_31), PV_FAILED_PRECONDITION,
        closed_message);
  FAILS(pv_ledger_survey_responses(&s, closed, D2023_01_01, D2025_12_31, PV_PERIOD_MONTH),
        PV_FAILED_PRECONDITION, closed_message);
  FAILS(pv_ledger_scorecard_json(&text, closed, D2023_01_01, D2025_12_31, NULL, 0),
        PV_FAILED_PRECONDITION, closed_message);
  FAILS(pv_ledger_failure_times(&s, closed, D2025_06_01), PV_FAILED_PRECONDITION, closed_message);
  FAILS(pv_ledger_claims_forecast(&s, closed, D2025_06_01, 12), PV_FAILED_PRECONDITION,
        closed_message);
  FAILS(pv_ledger_kpis(&s, closed, D2023_01_01, D2025_12_31, NULL), PV_FAILED_PRECONDITION,
        closed_message);
  FAILS(pv_ledger_anomalies_json(&text, closed), PV_FAILED_PRECONDITION, closed_message);
  FAILS(pv_ledger_verify_anomaly_json(&text, closed, "AN-1", D2025_12_31, NULL),
        PV_FAILED_PRECONDITION, closed_message);
  FAILS(pv_ledger_sla_status(&status, closed, "K1", MONDAY_0H + 86400), PV_FAILED_PRECONDITION,
        closed_message);
  FAILS(pv_ledger_sla_status_json(&text, closed, "K1", MONDAY_0H + 86400), PV_FAILED_PRECONDITION,
        closed_message);
  UNTOUCHED(result);
  UNTOUCHED(count);
  UNTOUCHED(has);
  UNTOUCHED(first);
  UNTOUCHED(last);
  UNTOUCHED(dates);
  UNTOUCHED(n);
  UNTOUCHED(text);
  UNTOUCHED(decision);
  UNTOUCHED(s);
  CHECK(all_poisoned((const unsigned char*)&status + sizeof(uint32_t),
                     sizeof status - sizeof(uint32_t)));
  pv_calendar_free(office);
  pv_ledger_free(closed);
}

static void test_configuration(pv_ledger* ledger) {
  pv_calendar* mondays = NULL;
  pv_calendar* office = NULL;
  static const char kUnknownPreset[] =
      "{\"sku\": \"X\", \"installation\": \"none\", \"warranties\": [\"no-such-preset\"]}";
  static const char kNoSku[] = "{\"installation\": \"none\", \"warranties\": []}";
  static const char kSlaUnknownCalendar[] =
      "{\"name\": \"other\", \"calendar\": \"nowhere\", \"targets\": {\"high\": "
      "{\"first_response\": 3600, \"resolution\": 28800}}}";
  static const char kSlaNegative[] =
      "{\"name\": \"neg\", \"calendar\": \"office\", \"targets\": {\"high\": "
      "{\"first_response\": -1, \"resolution\": 28800}}}";
  static const char kBadAnomaly[] =
      "{\"id\": \"AN-2\", \"detected\": \"2025-07-16\", \"description\": \"x\", "
      "\"implications\": [\"z\"], \"cause\": \"supplier\", \"measures\": [], \"verification\": "
      "{\"kpi\": \"no_such_kpi\"}}";
  COVER(pv_ledger_add_product_json);
  COVER(pv_ledger_add_calendar);
  COVER(pv_ledger_add_sla_json);
  COVER(pv_ledger_add_followups_json);
  COVER(pv_ledger_add_instrument_json);
  COVER(pv_ledger_put_anomaly_json);

  NULL_ARG(pv_ledger_add_product_json(NULL, kBoiler, strlen(kBoiler)),
           "pv_ledger_add_product_json: ledger is NULL");
  NULL_ARG(pv_ledger_add_product_json(ledger, NULL, 5), "pv_ledger_add_product_json: json is NULL");
  INVALID(pv_ledger_add_product_json(ledger, kBoiler, strlen(kBoiler) - 1), "");
  INVALID(pv_ledger_add_product_json(ledger, kBoiler, 0), "");
  INVALID(pv_ledger_add_product_json(ledger, kUnknownPreset, strlen(kUnknownPreset)),
          "no-such-preset");
  INVALID(pv_ledger_add_product_json(ledger, kNoSku, strlen(kNoSku)), "sku");
  FAILS(pv_ledger_add_product_json(ledger, kOtherBoiler, strlen(kOtherBoiler)), PV_ALREADY_EXISTS,
        "BOILER");
  {
    /* Regression (found by this test, fixed in issue 8): the text is json_len
     * bytes, but nlohmann's lexer stops at a NUL byte, so whatever followed it
     * was ignored and this call returned PV_OK. Every JSON text is now
     * checked first (src/common/internal/json_guard.h). */
    char tail[sizeof kBoiler + 8];
    memcpy(tail, kBoiler, sizeof kBoiler); /* with its NUL */
    memcpy(tail + sizeof kBoiler, "garbage", 8);
    INVALID(pv_ledger_add_product_json(ledger, tail, sizeof tail - 1), "");
  }

  CHECK_OK(pv_calendar_new_from_json(&mondays, kMondays, strlen(kMondays)));
  CHECK_OK(pv_calendar_new_from_json(&office, kOffice, strlen(kOffice)));
  NULL_ARG(pv_ledger_add_calendar(NULL, "x", mondays), "pv_ledger_add_calendar: ledger is NULL");
  NULL_ARG(pv_ledger_add_calendar(ledger, NULL, mondays), "pv_ledger_add_calendar: name is NULL");
  NULL_ARG(pv_ledger_add_calendar(ledger, "x", NULL), "pv_ledger_add_calendar: calendar is NULL");
  if (mondays != NULL) {
    /* Another calendar under a name already taken. */
    FAILS(pv_ledger_add_calendar(ledger, "office", mondays), PV_ALREADY_EXISTS, "office");
    INVALID(pv_ledger_add_calendar(ledger, "", mondays), "name");
  }
  pv_calendar_free(mondays);
  pv_calendar_free(office);

  NULL_ARG(pv_ledger_add_sla_json(NULL, kSla, strlen(kSla)), "pv_ledger_add_sla_json: ledger is NULL");
  NULL_ARG(pv_ledger_add_sla_json(ledger, NULL, 3), "pv_ledger_add_sla_json: json is NULL");
  INVALID(pv_ledger_add_sla_json(ledger, kSla, 7), "");
  FAILS(pv_ledger_add_sla_json(ledger, kSlaUnknownCalendar, strlen(kSlaUnknownCalendar)),
        PV_FAILED_PRECONDITION, "nowhere");
  INVALID(pv_ledger_add_sla_json(ledger, kSlaNegative, strlen(kSlaNegative)), "first_response");
  FAILS(pv_ledger_add_sla_json(ledger, kOtherSla, strlen(kOtherSla)), PV_ALREADY_EXISTS, "std");

  NULL_ARG(pv_ledger_add_followups_json(NULL, kRules, strlen(kRules)),
           "pv_ledger_add_followups_json: ledger is NULL");
  NULL_ARG(pv_ledger_add_followups_json(ledger, NULL, 1),
           "pv_ledger_add_followups_json: json is NULL");
  INVALID(pv_ledger_add_followups_json(ledger, kRules, strlen(kRules) - 2), "");
  FAILS(pv_ledger_add_followups_json(ledger, kOtherRules, strlen(kOtherRules)), PV_ALREADY_EXISTS,
        "care");

  NULL_ARG(pv_ledger_add_instrument_json(NULL, kKiosk, strlen(kKiosk)),
           "pv_ledger_add_instrument_json: ledger is NULL");
  NULL_ARG(pv_ledger_add_instrument_json(ledger, NULL, 1),
           "pv_ledger_add_instrument_json: json is NULL");
  INVALID(pv_ledger_add_instrument_json(ledger, kKiosk, 10), "");
  FAILS(pv_ledger_add_instrument_json(ledger, kOtherKiosk, strlen(kOtherKiosk)), PV_ALREADY_EXISTS,
        "kiosk");

  NULL_ARG(pv_ledger_put_anomaly_json(NULL, kAnomaly, strlen(kAnomaly)),
           "pv_ledger_put_anomaly_json: ledger is NULL");
  NULL_ARG(pv_ledger_put_anomaly_json(ledger, NULL, 1), "pv_ledger_put_anomaly_json: json is NULL");
  INVALID(pv_ledger_put_anomaly_json(ledger, kAnomaly, strlen(kAnomaly) - 1), "");
  INVALID(pv_ledger_put_anomaly_json(ledger, kBadAnomaly, strlen(kBadAnomaly)), "no_such_kpi");
}

/* ---- Events ---- */

static void test_events(pv_ledger* ledger) {
  pv_event e;
  pv_event batch[3];
  pv_record_result result;
  unsigned char raw[sizeof(pv_event) + 16];
  double answers[2] = {1.0, 2.0};
  static const uint32_t kBadSizes[] = {0, 4, 27, (uint32_t)sizeof(pv_event) + 1,
                                       (uint32_t)sizeof(pv_event) + 8, UINT32_MAX};
  static const int32_t kBadTypes[] = {0, -1, 15, 99, 100, 106, 204, INT32_MAX, INT32_MIN};
  size_t i;
  static const char kUnknownProduct[] =
      "{\"id\":\"x1\",\"type\":\"sold\",\"unit\":\"X1\",\"date\":\"2025-01-10\","
      "\"customer\":\"C\",\"product\":\"NOPE\",\"price\":1,\"channel\":\"store\"}";
  static const char kUnknownType[] =
      "{\"id\":\"x2\",\"type\":\"teleported\",\"unit\":\"U1\",\"date\":\"2025-01-10\"}";
  static const char kBadDate[] =
      "{\"id\":\"x3\",\"type\":\"delivered\",\"unit\":\"U2\",\"date\":\"2025-02-30\"}";
  /* Same id as event 1, different content. */
  static const char kConflict[] =
      "{\"id\":\"1\",\"type\":\"delivered\",\"unit\":\"U2\",\"date\":\"2025-01-10\"}";
  static const char kNoUnit[] = "{\"id\":\"x4\",\"type\":\"delivered\",\"date\":\"2025-01-10\"}";
  COVER(pv_event_init);
  COVER(pv_ledger_record);
  COVER(pv_ledger_record_json);

  /* pv_event_init writes nothing for NULL or a size below struct_size itself,
   * and no more than the size it is given. */
  pv_event_init(NULL, sizeof(pv_event));
  memset(raw, POISON_BYTE, sizeof raw);
  pv_event_init((pv_event*)(void*)raw, 0);
  pv_event_init((pv_event*)(void*)raw, 3);
  CHECK(all_poisoned(raw, sizeof raw));
  pv_event_init((pv_event*)(void*)raw, 4);
  CHECK(all_poisoned(raw + 4, sizeof raw - 4));
  memset(raw, POISON_BYTE, sizeof raw);
  pv_event_init((pv_event*)(void*)raw, UINT32_MAX);
  CHECK(all_poisoned(raw + sizeof(pv_event), sizeof raw - sizeof(pv_event)));
  CHECK_EQ(((pv_event*)(void*)raw)->struct_size, sizeof(pv_event));

  pv_event_init(&e, sizeof e);
  e.type = PV_EVENT_DELIVERED;
  e.id = "new-1";
  e.unit = "U2";
  e.date = D2025_01_01;

  POISON(result);
  NULL_ARG(pv_ledger_record(&result, NULL, &e, 1), "pv_ledger_record: ledger is NULL");
  NULL_ARG(pv_ledger_record(&result, ledger, NULL, 1), "pv_ledger_record: events is NULL");
  for (i = 0; i < sizeof kBadSizes / sizeof kBadSizes[0]; ++i) {
    e.struct_size = kBadSizes[i];
    INVALID(pv_ledger_record(&result, ledger, &e, 1), "events[0].struct_size");
    INVALID(pv_ledger_record(&result, ledger, &e, 3), "events[0].struct_size");
  }
  e.struct_size = sizeof e;
  for (i = 0; i < sizeof kBadTypes / sizeof kBadTypes[0]; ++i) {
    e.type = kBadTypes[i];
    INVALID(pv_ledger_record(&result, ledger, &e, 1), "events[0].type");
  }
  e.type = PV_EVENT_DELIVERED;
  /* answers: NULL with a count, and more than the core's limit of 1000. */
  e.answers = NULL;
  e.answer_count = 2;
  INVALID(pv_ledger_record(&result, ledger, &e, 1), "events[0].answers");
  e.answers = answers;
  e.answer_count = 1001; /* refused before the array is read */
  INVALID(pv_ledger_record(&result, ledger, &e, 1), "events[0].answers");
  e.answers = NULL;
  e.answer_count = 0;
  /* A batch is atomic: two good events and a bad third store nothing. */
  for (i = 0; i < 3; ++i) batch[i] = e;
  batch[0].id = "new-1";
  batch[0].type = PV_EVENT_SOLD;
  batch[0].unit = "N1";
  batch[0].customer = "C-N1";
  batch[0].product = "BOILER";
  batch[0].price = 100000;
  batch[0].channel = "store";
  batch[1].id = "new-2";
  batch[1].unit = "N1";
  batch[2].id = "new-3";
  batch[2].unit = "N1";
  batch[2].type = 77;
  INVALID(pv_ledger_record(&result, ledger, batch, 3), "events[2].type");
  batch[2].type = PV_EVENT_DELIVERED;
  batch[2].struct_size = sizeof(pv_event) - 8; /* differs from the stride */
  INVALID(pv_ledger_record(&result, ledger, batch, 3), "events[2].struct_size");
  batch[2].struct_size = sizeof(pv_event);
  batch[2].unit = "NO-SUCH-UNIT"; /* a core refusal at the end of the batch */
  FAILS(pv_ledger_record(&result, ledger, batch, 3), PV_FAILED_PRECONDITION, "events[2]");
  batch[2].unit = "N1";
  batch[2].type = PV_EVENT_DELIVERY_CHECKED;
  batch[2].outcome = "ok";
  batch[2].id = "1"; /* an id already stored with other content */
  CHECK(pv_ledger_record(&result, ledger, batch, 3) != PV_OK);
  CHECK_CONTAINS(pv_last_error(), "events[2]");
  check_ledger_unchanged(__LINE__, "a batch whose last event reuses an id");
  /* A date whose month rule or lifecycle the core refuses. */
  e.date = INT32_MIN;
  CHECK(pv_ledger_record(&result, ledger, &e, 1) != PV_OK);
  CHECK_CONTAINS(pv_last_error(), "events[0]");
  check_ledger_unchanged(__LINE__, "an event dated INT32_MIN");
  e.date = D2025_01_01;
  UNTOUCHED(result);

  POISON(result);
  NULL_ARG(pv_ledger_record_json(&result, NULL, kEvents[0], strlen(kEvents[0])),
           "pv_ledger_record_json: ledger is NULL");
  NULL_ARG(pv_ledger_record_json(&result, ledger, NULL, 4), "pv_ledger_record_json: json is NULL");
  INVALID(pv_ledger_record_json(&result, ledger, kConflict, strlen(kConflict) - 1), "");
  INVALID(pv_ledger_record_json(&result, ledger, kConflict, 0), "");
  INVALID(pv_ledger_record_json(&result, ledger, kUnknownType, strlen(kUnknownType)), "teleported");
  INVALID(pv_ledger_record_json(&result, ledger, kBadDate, strlen(kBadDate)), "2025-02-30");
  INVALID(pv_ledger_record_json(&result, ledger, kNoUnit, strlen(kNoUnit)), "unit");
  CHECK(pv_ledger_record_json(&result, ledger, kUnknownProduct, strlen(kUnknownProduct)) != PV_OK);
  CHECK_CONTAINS(pv_last_error(), "NOPE");
  check_ledger_unchanged(__LINE__, "an event of an unknown product");
  CHECK(pv_ledger_record_json(&result, ledger, kConflict, strlen(kConflict)) != PV_OK);
  CHECK_CONTAINS(pv_last_error(), "1");
  check_ledger_unchanged(__LINE__, "an id reused with other content");
  UNTOUCHED(result);
}

/* ---- Reading the ledger ---- */

static void test_reads(pv_ledger* ledger) {
  char* text;
  int64_t count;
  int has;
  pv_date first, last;
  pv_date* dates;
  size_t n;
  COVER(pv_ledger_products_json);
  COVER(pv_ledger_event_count);
  COVER(pv_ledger_span);
  COVER(pv_ledger_history_json);
  COVER(pv_ledger_maintenance_schedule);
  COVER(pv_ledger_anomalies_json);

  POISON(text);
  NULL_ARG(pv_ledger_products_json(NULL, ledger), "pv_ledger_products_json: out is NULL");
  NULL_ARG(pv_ledger_products_json(&text, NULL), "pv_ledger_products_json: ledger is NULL");
  NULL_ARG(pv_ledger_anomalies_json(NULL, ledger), "pv_ledger_anomalies_json: out is NULL");
  NULL_ARG(pv_ledger_anomalies_json(&text, NULL), "pv_ledger_anomalies_json: ledger is NULL");
  NULL_ARG(pv_ledger_history_json(NULL, ledger, "U1"), "pv_ledger_history_json: out is NULL");
  NULL_ARG(pv_ledger_history_json(&text, NULL, "U1"), "pv_ledger_history_json: ledger is NULL");
  NULL_ARG(pv_ledger_history_json(&text, ledger, NULL), "pv_ledger_history_json: unit is NULL");
  FAILS(pv_ledger_history_json(&text, ledger, "NO-SUCH-UNIT"), PV_NOT_FOUND, "NO-SUCH-UNIT");
  UNTOUCHED(text);

  POISON(count);
  NULL_ARG(pv_ledger_event_count(NULL, ledger), "pv_ledger_event_count: out is NULL");
  NULL_ARG(pv_ledger_event_count(&count, NULL), "pv_ledger_event_count: ledger is NULL");
  UNTOUCHED(count);

  POISON(has);
  POISON(first);
  POISON(last);
  NULL_ARG(pv_ledger_span(NULL, &first, &last, ledger), "pv_ledger_span: has_events is NULL");
  NULL_ARG(pv_ledger_span(&has, NULL, &last, ledger), "pv_ledger_span: first is NULL");
  NULL_ARG(pv_ledger_span(&has, &first, NULL, ledger), "pv_ledger_span: last is NULL");
  NULL_ARG(pv_ledger_span(&has, &first, &last, NULL), "pv_ledger_span: ledger is NULL");
  UNTOUCHED(has);
  UNTOUCHED(first);
  UNTOUCHED(last);

  POISON(dates);
  POISON(n);
  NULL_ARG(pv_ledger_maintenance_schedule(NULL, &n, ledger, "U1", D2023_01_01, D2025_12_31),
           "pv_ledger_maintenance_schedule: out is NULL");
  NULL_ARG(pv_ledger_maintenance_schedule(&dates, NULL, ledger, "U1", D2023_01_01, D2025_12_31),
           "pv_ledger_maintenance_schedule: out_count is NULL");
  NULL_ARG(pv_ledger_maintenance_schedule(&dates, &n, NULL, "U1", D2023_01_01, D2025_12_31),
           "pv_ledger_maintenance_schedule: ledger is NULL");
  NULL_ARG(pv_ledger_maintenance_schedule(&dates, &n, ledger, NULL, D2023_01_01, D2025_12_31),
           "pv_ledger_maintenance_schedule: unit is NULL");
  INVALID(pv_ledger_maintenance_schedule(&dates, &n, ledger, "U1", D2025_12_31, D2023_01_01),
          "end");
  FAILS(pv_ledger_maintenance_schedule(&dates, &n, ledger, "NO-SUCH-UNIT", D2023_01_01,
                                       D2025_12_31),
        PV_NOT_FOUND, "NO-SUCH-UNIT");
  /* Hundreds of thousands of years of yearly due dates: refused or not, no
   * crash (and, if refused, nothing written). */
  {
    pv_status s = pv_ledger_maintenance_schedule(&dates, &n, ledger, "U1", INT32_MIN, INT32_MAX);
    if (s == PV_OK) {
      pv_free(dates);
      POISON(dates);
      POISON(n);
    }
    check_ledger_unchanged(__LINE__, "a maintenance schedule over every pv_date");
  }
  UNTOUCHED(dates);
  UNTOUCHED(n);
}

/* ---- Tables (Arrow streams) ---- */

static void test_tables(pv_ledger* ledger) {
  struct ArrowArrayStream s;
  pv_kpi_options options;
  static const uint32_t kBadSizes[] = {0, 4, (uint32_t)sizeof(pv_kpi_options) - 1,
                                       (uint32_t)sizeof(pv_kpi_options) + 1, UINT32_MAX};
  static const int32_t kBadPeriods[] = {-1, 6, 99, INT32_MIN, INT32_MAX};
  static const int32_t kBadMonths[] = {0, -1, 121, INT32_MIN, INT32_MAX};
  size_t i;
  COVER(pv_ledger_maintenance_due);
  COVER(pv_ledger_maintenance_compliance);
  COVER(pv_ledger_followups);
  COVER(pv_ledger_survey_answers);
  COVER(pv_ledger_survey_responses);
  COVER(pv_ledger_failure_times);
  COVER(pv_ledger_claims_forecast);
  COVER(pv_ledger_kpis);

  POISON(s);
  NULL_ARG(pv_ledger_maintenance_due(NULL, ledger, D2025_06_01, 30),
           "pv_ledger_maintenance_due: out is NULL");
  NULL_ARG(pv_ledger_maintenance_due(&s, NULL, D2025_06_01, 30),
           "pv_ledger_maintenance_due: ledger is NULL");
  INVALID(pv_ledger_maintenance_due(&s, ledger, D2025_06_01, -1), "horizon");
  INVALID(pv_ledger_maintenance_due(&s, ledger, D2025_06_01, INT32_MIN), "horizon");

  NULL_ARG(pv_ledger_maintenance_compliance(NULL, ledger, D2025_06_01),
           "pv_ledger_maintenance_compliance: out is NULL");
  NULL_ARG(pv_ledger_maintenance_compliance(&s, NULL, D2025_06_01),
           "pv_ledger_maintenance_compliance: ledger is NULL");

  NULL_ARG(pv_ledger_followups(NULL, ledger, D2023_01_01, D2025_12_31),
           "pv_ledger_followups: out is NULL");
  NULL_ARG(pv_ledger_followups(&s, NULL, D2023_01_01, D2025_12_31),
           "pv_ledger_followups: ledger is NULL");
  INVALID(pv_ledger_followups(&s, ledger, D2025_12_31, D2023_01_01), "end");

  NULL_ARG(pv_ledger_survey_answers(NULL, ledger, D2023_01_01, D2025_12_31),
           "pv_ledger_survey_answers: out is NULL");
  NULL_ARG(pv_ledger_survey_answers(&s, NULL, D2023_01_01, D2025_12_31),
           "pv_ledger_survey_answers: ledger is NULL");
  INVALID(pv_ledger_survey_answers(&s, ledger, D2025_12_31, D2023_01_01), "end");

  NULL_ARG(pv_ledger_survey_responses(NULL, ledger, D2023_01_01, D2025_12_31, PV_PERIOD_MONTH),
           "pv_ledger_survey_responses: out is NULL");
  NULL_ARG(pv_ledger_survey_responses(&s, NULL, D2023_01_01, D2025_12_31, PV_PERIOD_MONTH),
           "pv_ledger_survey_responses: ledger is NULL");
  for (i = 0; i < sizeof kBadPeriods / sizeof kBadPeriods[0]; ++i) {
    INVALID(pv_ledger_survey_responses(&s, ledger, D2023_01_01, D2025_12_31, kBadPeriods[i]),
            "period");
  }
  INVALID(pv_ledger_survey_responses(&s, ledger, D2025_12_31, D2023_01_01, PV_PERIOD_MONTH),
          "end");

  NULL_ARG(pv_ledger_failure_times(NULL, ledger, D2025_06_01),
           "pv_ledger_failure_times: out is NULL");
  NULL_ARG(pv_ledger_failure_times(&s, NULL, D2025_06_01),
           "pv_ledger_failure_times: ledger is NULL");

  NULL_ARG(pv_ledger_claims_forecast(NULL, ledger, D2025_06_01, 12),
           "pv_ledger_claims_forecast: out is NULL");
  NULL_ARG(pv_ledger_claims_forecast(&s, NULL, D2025_06_01, 12),
           "pv_ledger_claims_forecast: ledger is NULL");
  for (i = 0; i < sizeof kBadMonths / sizeof kBadMonths[0]; ++i) {
    INVALID(pv_ledger_claims_forecast(&s, ledger, D2025_06_01, kBadMonths[i]), "months");
  }

  NULL_ARG(pv_ledger_kpis(NULL, ledger, D2023_01_01, D2025_12_31, NULL),
           "pv_ledger_kpis: out is NULL");
  NULL_ARG(pv_ledger_kpis(&s, NULL, D2023_01_01, D2025_12_31, NULL),
           "pv_ledger_kpis: ledger is NULL");
  INVALID(pv_ledger_kpis(&s, ledger, D2025_12_31, D2023_01_01, NULL), "end");
  memset(&options, 0, sizeof options);
  for (i = 0; i < sizeof kBadSizes / sizeof kBadSizes[0]; ++i) {
    options.struct_size = kBadSizes[i];
    INVALID(pv_ledger_kpis(&s, ledger, D2023_01_01, D2025_12_31, &options),
            "options.struct_size");
  }
  options.struct_size = sizeof options;
  options.calendar = "no-such-calendar";
  FAILS(pv_ledger_kpis(&s, ledger, D2023_01_01, D2025_12_31, &options), PV_NOT_FOUND,
        "no-such-calendar");
  UNTOUCHED(s);
}

/* ---- Warranty decisions, scorecard, corrective action, SLAs ---- */

static void test_decisions(pv_ledger* ledger) {
  pv_decision* decision;
  char* text;
  pv_sla_status status;
  unsigned char raw[sizeof(pv_sla_status) + 16];
  static const char kBadConfig[] = "{\"targets\": 7}";
  static const uint32_t kBadSizes[] = {0, 1, 3};
  size_t i;
  COVER(pv_ledger_assess_claim);
  COVER(pv_ledger_assess_claim_json);
  COVER(pv_decision_free);
  COVER(pv_ledger_scorecard_json);
  COVER(pv_ledger_verify_anomaly_json);
  COVER(pv_verify_rate_json);
  COVER(pv_verify_durations_json);
  COVER(pv_ledger_sla_status);
  COVER(pv_ledger_sla_status_json);

  pv_decision_free(NULL);
  POISON(decision);
  NULL_ARG(pv_ledger_assess_claim(NULL, ledger, "U1", D2025_01_01, "pump", 1, 1, 1),
           "pv_ledger_assess_claim: out is NULL");
  NULL_ARG(pv_ledger_assess_claim(&decision, NULL, "U1", D2025_01_01, "pump", 1, 1, 1),
           "pv_ledger_assess_claim: ledger is NULL");
  NULL_ARG(pv_ledger_assess_claim(&decision, ledger, NULL, D2025_01_01, "pump", 1, 1, 1),
           "pv_ledger_assess_claim: unit is NULL");
  NULL_ARG(pv_ledger_assess_claim(&decision, ledger, "U1", D2025_01_01, NULL, 1, 1, 1),
           "pv_ledger_assess_claim: fault is NULL");
  FAILS(pv_ledger_assess_claim(&decision, ledger, "NO-SUCH-UNIT", D2025_01_01, "pump", 1, 1, 1),
        PV_NOT_FOUND, "NO-SUCH-UNIT");
  INVALID(pv_ledger_assess_claim(&decision, ledger, "U1", D2025_01_01, "pump", -1, 1, 1), "parts");
  INVALID(pv_ledger_assess_claim(&decision, ledger, "U1", D2025_01_01, "pump", 1, -1, 1), "labor");
  INVALID(pv_ledger_assess_claim(&decision, ledger, "U1", D2025_01_01, "pump", 1, 1, -1),
          "travel");
  /* Regression (found by this test, fixed in issue 8): a quote whose total
   * does not fit in int64 was accepted and the totals wrapped (parts = labor =
   * travel = INT64_MAX gave company_cost 9223372036854775805); it is refused
   * with PV_OUT_OF_RANGE, like the satisfaction states' overflow. */
  FAILS(pv_ledger_assess_claim(&decision, ledger, "U1", D2025_01_01, "pump", INT64_MAX, 1, 0),
        PV_OUT_OF_RANGE, "");
  if (!all_poisoned(&decision, sizeof decision)) {
    pv_decision_free(decision);
    POISON(decision);
  }
  UNTOUCHED(decision);

  POISON(text);
  NULL_ARG(pv_ledger_assess_claim_json(NULL, ledger, "U1", D2025_01_01, "pump", 1, 1, 1),
           "pv_ledger_assess_claim_json: out is NULL");
  NULL_ARG(pv_ledger_assess_claim_json(&text, NULL, "U1", D2025_01_01, "pump", 1, 1, 1),
           "pv_ledger_assess_claim_json: ledger is NULL");
  NULL_ARG(pv_ledger_assess_claim_json(&text, ledger, NULL, D2025_01_01, "pump", 1, 1, 1),
           "pv_ledger_assess_claim_json: unit is NULL");
  NULL_ARG(pv_ledger_assess_claim_json(&text, ledger, "U1", D2025_01_01, NULL, 1, 1, 1),
           "pv_ledger_assess_claim_json: fault is NULL");
  FAILS(pv_ledger_assess_claim_json(&text, ledger, "NO-SUCH-UNIT", D2025_01_01, "pump", 1, 1, 1),
        PV_NOT_FOUND, "NO-SUCH-UNIT");
  INVALID(pv_ledger_assess_claim_json(&text, ledger, "U1", D2025_01_01, "pump", INT64_MIN, 1, 1),
          "parts");
  FAILS(pv_ledger_assess_claim_json(&text, ledger, "U1", D2025_01_01, "pump", INT64_MAX, INT64_MAX,
                                    INT64_MAX),
        PV_OUT_OF_RANGE, ""); /* was PV_OK, "total":9223372036854775805 */
  if (!all_poisoned(&text, sizeof text)) {
    pv_free(text);
    POISON(text);
  }

  NULL_ARG(pv_ledger_scorecard_json(NULL, ledger, D2025_01_01, D2025_12_31, NULL, 0),
           "pv_ledger_scorecard_json: out is NULL");
  NULL_ARG(pv_ledger_scorecard_json(&text, NULL, D2025_01_01, D2025_12_31, NULL, 0),
           "pv_ledger_scorecard_json: ledger is NULL");
  INVALID(pv_ledger_scorecard_json(&text, ledger, D2025_12_31, D2025_01_01, NULL, 0), "end");
  INVALID(pv_ledger_scorecard_json(&text, ledger, D2025_01_01, D2025_12_31, kBadConfig,
                                   strlen(kBadConfig)),
          "targets");
  INVALID(pv_ledger_scorecard_json(&text, ledger, D2025_01_01, D2025_12_31, kBadConfig, 5), "");

  NULL_ARG(pv_ledger_verify_anomaly_json(NULL, ledger, "AN-1", D2025_12_31, NULL),
           "pv_ledger_verify_anomaly_json: out is NULL");
  NULL_ARG(pv_ledger_verify_anomaly_json(&text, NULL, "AN-1", D2025_12_31, NULL),
           "pv_ledger_verify_anomaly_json: ledger is NULL");
  NULL_ARG(pv_ledger_verify_anomaly_json(&text, ledger, NULL, D2025_12_31, NULL),
           "pv_ledger_verify_anomaly_json: id is NULL");
  FAILS(pv_ledger_verify_anomaly_json(&text, ledger, "AN-404", D2025_12_31, NULL), PV_NOT_FOUND,
        "AN-404");
  FAILS(pv_ledger_verify_anomaly_json(&text, ledger, "AN-1", D2025_12_31, "no-such-calendar"),
        PV_NOT_FOUND, "no-such-calendar");

  NULL_ARG(pv_verify_rate_json(NULL, 1, 10, 1, 10, 1, 0.05), "pv_verify_rate_json: out is NULL");
  INVALID(pv_verify_rate_json(&text, -1, 10, 1, 10, 1, 0.05), "count_before");
  INVALID(pv_verify_rate_json(&text, 11, 10, 1, 10, 1, 0.05), "count_before");
  INVALID(pv_verify_rate_json(&text, 1, -10, 1, 10, 1, 0.05), "n_before");
  INVALID(pv_verify_rate_json(&text, 1, 10, 1, -10, 1, 0.05), "n_after");
  INVALID(pv_verify_rate_json(&text, 1, 10, 11, 10, 1, 0.05), "count_after");
  INVALID(pv_verify_rate_json(&text, 1, 10, 1, 10, 1, 0.0), "alpha");
  INVALID(pv_verify_rate_json(&text, 1, 10, 1, 10, 1, 1.0), "alpha");
  INVALID(pv_verify_rate_json(&text, 1, 10, 1, 10, 1, NAN), "alpha");
  {
    const double d[2] = {1.0, 2.0};
    const double negative[2] = {1.0, -2.0};
    const uint8_t o[2] = {1, 0};
    NULL_ARG(pv_verify_durations_json(NULL, d, o, 2, d, o, 2, 0.05),
             "pv_verify_durations_json: out is NULL");
    NULL_ARG(pv_verify_durations_json(&text, NULL, o, 2, d, o, 2, 0.05),
             "pv_verify_durations_json: durations_before is NULL");
    NULL_ARG(pv_verify_durations_json(&text, d, NULL, 2, d, o, 2, 0.05),
             "pv_verify_durations_json: observed_before is NULL");
    NULL_ARG(pv_verify_durations_json(&text, d, o, 2, NULL, o, 2, 0.05),
             "pv_verify_durations_json: durations_after is NULL");
    NULL_ARG(pv_verify_durations_json(&text, d, o, 2, d, NULL, 2, 0.05),
             "pv_verify_durations_json: observed_after is NULL");
    INVALID(pv_verify_durations_json(&text, d, o, 2, d, o, 2, 0.0), "alpha");
    INVALID(pv_verify_durations_json(&text, d, o, 2, d, o, 2, 1.5), "alpha");
    INVALID(pv_verify_durations_json(&text, negative, o, 2, d, o, 2, 0.05), "[1]");
  }

  NULL_ARG(pv_ledger_sla_status_json(NULL, ledger, "K1", MONDAY_0H + 86400),
           "pv_ledger_sla_status_json: out is NULL");
  NULL_ARG(pv_ledger_sla_status_json(&text, NULL, "K1", MONDAY_0H + 86400),
           "pv_ledger_sla_status_json: ledger is NULL");
  NULL_ARG(pv_ledger_sla_status_json(&text, ledger, NULL, MONDAY_0H + 86400),
           "pv_ledger_sla_status_json: case_id is NULL");
  FAILS(pv_ledger_sla_status_json(&text, ledger, "K404", MONDAY_0H + 86400), PV_NOT_FOUND, "K404");
  INVALID(pv_ledger_sla_status_json(&text, ledger, "K1", MONDAY_0H), "");
  UNTOUCHED(text);

  memset(&status, POISON_BYTE, sizeof status);
  status.struct_size = sizeof status;
  NULL_ARG(pv_ledger_sla_status(NULL, ledger, "K1", MONDAY_0H + 86400),
           "pv_ledger_sla_status: out is NULL");
  NULL_ARG(pv_ledger_sla_status(&status, NULL, "K1", MONDAY_0H + 86400),
           "pv_ledger_sla_status: ledger is NULL");
  NULL_ARG(pv_ledger_sla_status(&status, ledger, NULL, MONDAY_0H + 86400),
           "pv_ledger_sla_status: case_id is NULL");
  FAILS(pv_ledger_sla_status(&status, ledger, "K404", MONDAY_0H + 86400), PV_NOT_FOUND, "K404");
  INVALID(pv_ledger_sla_status(&status, ledger, "K1", MONDAY_0H), "");
  for (i = 0; i < sizeof kBadSizes / sizeof kBadSizes[0]; ++i) {
    status.struct_size = kBadSizes[i];
    INVALID(pv_ledger_sla_status(&status, ledger, "K1", MONDAY_0H + 86400), "struct_size");
    CHECK_EQ(status.struct_size, kBadSizes[i]);
  }
  CHECK(all_poisoned((const unsigned char*)&status + sizeof(uint32_t),
                     sizeof status - sizeof(uint32_t)));
  /* Smaller (older) and larger sizes are accepted: the library writes no
   * more than min(struct_size, sizeof(pv_sla_status)) bytes. */
  memset(raw, POISON_BYTE, sizeof raw);
  ((pv_sla_status*)(void*)raw)->struct_size = 4;
  CHECK_OK(pv_ledger_sla_status((pv_sla_status*)(void*)raw, ledger, "K1", MONDAY_0H + 86400));
  CHECK(all_poisoned(raw + 4, sizeof raw - 4));
  memset(raw, POISON_BYTE, sizeof raw);
  ((pv_sla_status*)(void*)raw)->struct_size = sizeof(pv_sla_status) - 1;
  CHECK_OK(pv_ledger_sla_status((pv_sla_status*)(void*)raw, ledger, "K1", MONDAY_0H + 86400));
  CHECK(all_poisoned(raw + sizeof(pv_sla_status) - 1, sizeof raw - sizeof(pv_sla_status) + 1));
  memset(raw, POISON_BYTE, sizeof raw);
  ((pv_sla_status*)(void*)raw)->struct_size = UINT32_MAX;
  CHECK_OK(pv_ledger_sla_status((pv_sla_status*)(void*)raw, ledger, "K1", MONDAY_0H + 86400));
  CHECK(all_poisoned(raw + sizeof(pv_sla_status), sizeof raw - sizeof(pv_sla_status)));
  CHECK_EQ(((pv_sla_status*)(void*)raw)->struct_size, sizeof(pv_sla_status));
}

/* ---- Satisfaction ---- */


static void test_states(void) {
  pv_nps_state nps, nps_other;
  pv_csat_state csat, csat_other;
  pv_ces_state ces, ces_other;
  pv_score score;
  const int32_t ok3[3] = {1, 2, 3};
  const int32_t nps_bad[3] = {9, 11, 0};
  const int32_t csat_bad[3] = {1, 0, 5};
  const int32_t ces_bad[3] = {1, 8, 5};
  const double fractional[2] = {3.0, 3.5};
  static const int32_t kBadTypes[] = {0, 10, -1, 99, INT32_MIN};
  static const double kBadZ[] = {0.0, -1.0, INFINITY, -INFINITY};
  size_t i;
  COVER(pv_nps_state_add);
  COVER(pv_csat_state_add);
  COVER(pv_ces_state_add);
  COVER(pv_nps_state_merge);
  COVER(pv_csat_state_merge);
  COVER(pv_ces_state_merge);
  COVER(pv_nps_state_score);
  COVER(pv_csat_state_score);
  COVER(pv_ces_state_score);

  POISON(nps);
  POISON(csat);
  POISON(ces);
  NULL_ARG(pv_nps_state_add(NULL, ok3, 3, PV_I32), "pv_nps_state_add: state is NULL");
  NULL_ARG(pv_nps_state_add(&nps, NULL, 3, PV_I32), "pv_nps_state_add: scores is NULL");
  NULL_ARG(pv_csat_state_add(NULL, ok3, 3, PV_I32), "pv_csat_state_add: state is NULL");
  NULL_ARG(pv_csat_state_add(&csat, NULL, 3, PV_I32), "pv_csat_state_add: scores is NULL");
  NULL_ARG(pv_ces_state_add(NULL, ok3, 3, PV_I32), "pv_ces_state_add: state is NULL");
  NULL_ARG(pv_ces_state_add(&ces, NULL, 3, PV_I32), "pv_ces_state_add: scores is NULL");
  for (i = 0; i < sizeof kBadTypes / sizeof kBadTypes[0]; ++i) {
    INVALID(pv_nps_state_add(&nps, ok3, 3, kBadTypes[i]), "type");
    INVALID(pv_csat_state_add(&csat, ok3, 3, kBadTypes[i]), "type");
    INVALID(pv_ces_state_add(&ces, ok3, 3, kBadTypes[i]), "type");
  }
  UNTOUCHED(nps);
  UNTOUCHED(csat);
  UNTOUCHED(ces);

  /* Answers off the scale: the state keeps its counts. */
  memset(&nps, 0, sizeof nps);
  memset(&csat, 0, sizeof csat);
  memset(&ces, 0, sizeof ces);
  nps.promoters = 5;
  csat.n = 5;
  ces.n = 1;
  ces.sum = 3;
  ces.sum_sq = 9;
  nps_other = nps;
  csat_other = csat;
  ces_other = ces;
  INVALID(pv_nps_state_add(&nps, nps_bad, 3, PV_I32), "scores[1]");
  INVALID(pv_csat_state_add(&csat, csat_bad, 3, PV_I32), "scores[1]");
  INVALID(pv_ces_state_add(&ces, ces_bad, 3, PV_I32), "scores[1]");
  INVALID(pv_ces_state_add(&ces, fractional, 2, PV_F64), "scores[1]");
  CHECK(memcmp(&nps, &nps_other, sizeof nps) == 0);
  CHECK(memcmp(&csat, &csat_other, sizeof csat) == 0);
  CHECK(memcmp(&ces, &ces_other, sizeof ces) == 0);
  /* A count that would overflow int64. */
  nps.promoters = INT64_MAX;
  nps_other = nps;
  FAILS(pv_nps_state_add(&nps, ok3 + 2, 0, PV_I32), PV_OK, ""); /* 0 answers: fine */
  {
    const int32_t ten = 10;
    FAILS(pv_nps_state_add(&nps, &ten, 1, PV_I32), PV_OUT_OF_RANGE, "overflow");
  }
  CHECK(memcmp(&nps, &nps_other, sizeof nps) == 0);

  NULL_ARG(pv_nps_state_merge(NULL, &nps_other), "pv_nps_state_merge: into is NULL");
  NULL_ARG(pv_nps_state_merge(&nps, NULL), "pv_nps_state_merge: other is NULL");
  NULL_ARG(pv_csat_state_merge(NULL, &csat_other), "pv_csat_state_merge: into is NULL");
  NULL_ARG(pv_csat_state_merge(&csat, NULL), "pv_csat_state_merge: other is NULL");
  NULL_ARG(pv_ces_state_merge(NULL, &ces_other), "pv_ces_state_merge: into is NULL");
  NULL_ARG(pv_ces_state_merge(&ces, NULL), "pv_ces_state_merge: other is NULL");
  FAILS(pv_nps_state_merge(&nps, &nps_other), PV_OUT_OF_RANGE, "overflow");
  CHECK(memcmp(&nps, &nps_other, sizeof nps) == 0);
  csat.n = INT64_MAX;
  csat_other = csat;
  FAILS(pv_csat_state_merge(&csat, &csat_other), PV_OUT_OF_RANGE, "overflow");
  CHECK(memcmp(&csat, &csat_other, sizeof csat) == 0);
  ces.sum_sq = INT64_MAX;
  ces_other = ces;
  FAILS(pv_ces_state_merge(&ces, &ces_other), PV_OUT_OF_RANGE, "overflow");
  CHECK(memcmp(&ces, &ces_other, sizeof ces) == 0);

  /* Scores: NULLs, a bad z, states no answers can produce. */
  memset(&nps, 0, sizeof nps);
  memset(&csat, 0, sizeof csat);
  memset(&ces, 0, sizeof ces);
  POISON(score);
  NULL_ARG(pv_nps_state_score(NULL, &nps, PV_Z95), "pv_nps_state_score: out is NULL");
  NULL_ARG(pv_nps_state_score(&score, NULL, PV_Z95), "pv_nps_state_score: state is NULL");
  NULL_ARG(pv_csat_state_score(NULL, &csat, PV_Z95), "pv_csat_state_score: out is NULL");
  NULL_ARG(pv_csat_state_score(&score, NULL, PV_Z95), "pv_csat_state_score: state is NULL");
  NULL_ARG(pv_ces_state_score(NULL, &ces, PV_Z95), "pv_ces_state_score: out is NULL");
  NULL_ARG(pv_ces_state_score(&score, NULL, PV_Z95), "pv_ces_state_score: state is NULL");
  for (i = 0; i < sizeof kBadZ / sizeof kBadZ[0]; ++i) {
    INVALID(pv_nps_state_score(&score, &nps, kBadZ[i]), ": z is");
    INVALID(pv_csat_state_score(&score, &csat, kBadZ[i]), ": z is");
    INVALID(pv_ces_state_score(&score, &ces, kBadZ[i]), ": z is");
  }
  INVALID(pv_nps_state_score(&score, &nps, NAN), ": z is");
  nps.passives = -1;
  INVALID(pv_nps_state_score(&score, &nps, PV_Z95), "state->passives");
  nps.passives = INT64_MAX;
  nps.promoters = INT64_MAX;
  FAILS(pv_nps_state_score(&score, &nps, PV_Z95), PV_OUT_OF_RANGE, "overflow");
  csat.satisfied = 3;
  csat.n = 2;
  INVALID(pv_csat_state_score(&score, &csat, PV_Z95), "state->satisfied");
  csat.satisfied = 0;
  csat.n = -2;
  INVALID(pv_csat_state_score(&score, &csat, PV_Z95), "state->n");
  ces.n = 2;
  ces.sum = 15;
  ces.sum_sq = 50;
  INVALID(pv_ces_state_score(&score, &ces, PV_Z95), "state->sum");
  ces.sum = 7;
  ces.sum_sq = 99;
  INVALID(pv_ces_state_score(&score, &ces, PV_Z95), "state->sum_sq");
  ces.n = INT64_MIN;
  INVALID(pv_ces_state_score(&score, &ces, PV_Z95), "state->n");
  UNTOUCHED(score);
}

static void test_by_group(void) {
  pv_nps_state* nps;
  pv_csat_state* csat;
  pv_ces_state* ces;
  size_t groups;
  const int32_t scores[4] = {1, 2, 3, 4};
  const int32_t ids[4] = {0, 1, -1, 0};
  const int32_t good_ids[4] = {0, 1, 1, 0};
  const double f_ids[4] = {0, 1, 1, 0};
  const int32_t off_scale[4] = {1, 2, 3, 40};
  COVER(pv_nps_by_group);
  COVER(pv_csat_by_group);
  COVER(pv_ces_by_group);

  POISON(nps);
  POISON(csat);
  POISON(ces);
  POISON(groups);
  NULL_ARG(pv_nps_by_group(NULL, &groups, scores, PV_I32, good_ids, PV_I32, 4, 1),
           "pv_nps_by_group: out is NULL");
  NULL_ARG(pv_nps_by_group(&nps, NULL, scores, PV_I32, good_ids, PV_I32, 4, 1),
           "pv_nps_by_group: out_groups is NULL");
  NULL_ARG(pv_nps_by_group(&nps, &groups, NULL, PV_I32, good_ids, PV_I32, 4, 1),
           "pv_nps_by_group: scores is NULL");
  NULL_ARG(pv_nps_by_group(&nps, &groups, scores, PV_I32, NULL, PV_I32, 4, 1),
           "pv_nps_by_group: groups is NULL");
  INVALID(pv_nps_by_group(&nps, &groups, scores, 0, good_ids, PV_I32, 4, 1), "score_type");
  INVALID(pv_nps_by_group(&nps, &groups, scores, PV_I32, good_ids, 42, 4, 1), "group_type");
  INVALID(pv_nps_by_group(&nps, &groups, scores, PV_I32, f_ids, PV_F64, 4, 1), "group");
  INVALID(pv_nps_by_group(&nps, &groups, scores, PV_I32, ids, PV_I32, 4, 1), "groups[2]");
  INVALID(pv_nps_by_group(&nps, &groups, off_scale, PV_I32, good_ids, PV_I32, 4, 1), "scores[3]");
  INVALID(pv_nps_by_group(&nps, &groups, scores, PV_I32, good_ids, PV_I32, 4, 0), "threads");
  INVALID(pv_nps_by_group(&nps, &groups, scores, PV_I32, good_ids, PV_I32, 4, -1), "threads");

  NULL_ARG(pv_csat_by_group(NULL, &groups, scores, PV_I32, good_ids, PV_I32, 4, 1),
           "pv_csat_by_group: out is NULL");
  NULL_ARG(pv_csat_by_group(&csat, NULL, scores, PV_I32, good_ids, PV_I32, 4, 1),
           "pv_csat_by_group: out_groups is NULL");
  NULL_ARG(pv_csat_by_group(&csat, &groups, NULL, PV_I32, good_ids, PV_I32, 4, 1),
           "pv_csat_by_group: scores is NULL");
  NULL_ARG(pv_csat_by_group(&csat, &groups, scores, PV_I32, NULL, PV_I32, 4, 1),
           "pv_csat_by_group: groups is NULL");
  INVALID(pv_csat_by_group(&csat, &groups, scores, 10, good_ids, PV_I32, 4, 1), "score_type");
  INVALID(pv_csat_by_group(&csat, &groups, scores, PV_I32, good_ids, -3, 4, 1), "group_type");
  INVALID(pv_csat_by_group(&csat, &groups, scores, PV_I32, ids, PV_I32, 4, 1), "groups[2]");
  INVALID(pv_csat_by_group(&csat, &groups, off_scale, PV_I32, good_ids, PV_I32, 4, 1), "scores[3]");
  INVALID(pv_csat_by_group(&csat, &groups, scores, PV_I32, good_ids, PV_I32, 4, 0), "threads");

  NULL_ARG(pv_ces_by_group(NULL, &groups, scores, PV_I32, good_ids, PV_I32, 4, 1),
           "pv_ces_by_group: out is NULL");
  NULL_ARG(pv_ces_by_group(&ces, NULL, scores, PV_I32, good_ids, PV_I32, 4, 1),
           "pv_ces_by_group: out_groups is NULL");
  NULL_ARG(pv_ces_by_group(&ces, &groups, NULL, PV_I32, good_ids, PV_I32, 4, 1),
           "pv_ces_by_group: scores is NULL");
  NULL_ARG(pv_ces_by_group(&ces, &groups, scores, PV_I32, NULL, PV_I32, 4, 1),
           "pv_ces_by_group: groups is NULL");
  INVALID(pv_ces_by_group(&ces, &groups, scores, -1, good_ids, PV_I32, 4, 1), "score_type");
  INVALID(pv_ces_by_group(&ces, &groups, scores, PV_I32, good_ids, 0, 4, 1), "group_type");
  INVALID(pv_ces_by_group(&ces, &groups, scores, PV_I32, ids, PV_I32, 4, 1), "groups[2]");
  INVALID(pv_ces_by_group(&ces, &groups, off_scale, PV_I32, good_ids, PV_I32, 4, 1), "scores[3]");
  INVALID(pv_ces_by_group(&ces, &groups, scores, PV_I32, good_ids, PV_I32, 4, INT32_MIN),
          "threads");
  UNTOUCHED(nps);
  UNTOUCHED(csat);
  UNTOUCHED(ces);
  UNTOUCHED(groups);
}

static void test_servqual(void) {
  pv_servqual_result r;
  unsigned char raw[sizeof(pv_servqual_result) + 16];
  int32_t e[22], p[22];
  const double negative[5] = {1, 1, -1, 1, 1};
  const double zeros[5] = {0, 0, 0, 0, 0};
  const double nan5[5] = {1, NAN, 1, 1, 1};
  static const uint32_t kBadSizes[] = {0, 1, 3};
  size_t i;
  COVER(pv_servqual);
  for (i = 0; i < 22; ++i) {
    e[i] = 5;
    p[i] = 4;
  }
  memset(&r, POISON_BYTE, sizeof r);
  r.struct_size = sizeof r;
  NULL_ARG(pv_servqual(NULL, e, p, PV_I32, 1, NULL), "pv_servqual: out is NULL");
  NULL_ARG(pv_servqual(&r, NULL, p, PV_I32, 1, NULL), "pv_servqual: expectations is NULL");
  NULL_ARG(pv_servqual(&r, e, NULL, PV_I32, 1, NULL), "pv_servqual: perceptions is NULL");
  INVALID(pv_servqual(&r, e, p, 0, 1, NULL), "type");
  INVALID(pv_servqual(&r, e, p, 10, 1, NULL), "type");
  INVALID(pv_servqual(&r, e, p, PV_I32, SIZE_MAX, NULL), "respondents");
  INVALID(pv_servqual(&r, e, p, PV_I32, 1, negative), "weights");
  INVALID(pv_servqual(&r, e, p, PV_I32, 1, zeros), "weights");
  INVALID(pv_servqual(&r, e, p, PV_I32, 1, nan5), "weights");
  p[7] = 8;
  INVALID(pv_servqual(&r, e, p, PV_I32, 1, NULL), "perceptions[0][7]");
  p[7] = 4;
  e[21] = 0;
  INVALID(pv_servqual(&r, e, p, PV_I32, 1, NULL), "expectations[0][21]");
  e[21] = 5;
  for (i = 0; i < sizeof kBadSizes / sizeof kBadSizes[0]; ++i) {
    r.struct_size = kBadSizes[i];
    INVALID(pv_servqual(&r, e, p, PV_I32, 1, NULL), "struct_size");
    CHECK_EQ(r.struct_size, kBadSizes[i]);
  }
  CHECK(all_poisoned((const unsigned char*)&r + sizeof(uint32_t), sizeof r - sizeof(uint32_t)));
  /* Accepted sizes write no more than they say. */
  memset(raw, POISON_BYTE, sizeof raw);
  ((pv_servqual_result*)(void*)raw)->struct_size = 4;
  CHECK_OK(pv_servqual((pv_servqual_result*)(void*)raw, e, p, PV_I32, 1, NULL));
  CHECK(all_poisoned(raw + 4, sizeof raw - 4));
  memset(raw, POISON_BYTE, sizeof raw);
  ((pv_servqual_result*)(void*)raw)->struct_size = sizeof(pv_servqual_result) - 1;
  CHECK_OK(pv_servqual((pv_servqual_result*)(void*)raw, e, p, PV_I32, 1, NULL));
  CHECK(all_poisoned(raw + sizeof(pv_servqual_result) - 1,
                     sizeof raw - sizeof(pv_servqual_result) + 1));
  memset(raw, POISON_BYTE, sizeof raw);
  ((pv_servqual_result*)(void*)raw)->struct_size = UINT32_MAX;
  CHECK_OK(pv_servqual((pv_servqual_result*)(void*)raw, e, p, PV_I32, 1, NULL));
  CHECK(all_poisoned(raw + sizeof(pv_servqual_result), sizeof raw - sizeof(pv_servqual_result)));
}

/* ---- Reliability ---- */

static void test_weibull(void) {
  pv_weibull_fit fit;
  unsigned char raw[sizeof(pv_weibull_fit) + 16];
  const double failures[4] = {100, 200, 300, 400};
  const double bad_failures[3] = {100, -1, 300};
  const double censored[2] = {500, 600};
  const double left[3] = {0, 100, 200};
  const double right[3] = {100, 200, INFINITY};
  const double counts[3] = {2, 3, 5};
  const double bad_counts[3] = {2, -3, 5};
  const double half_counts[3] = {2, 3.5, 5};
  const double backwards[3] = {100, 50, INFINITY}; /* (100, 50] */
  static const double kBadCi[] = {0.0, 1.0, 1.5, -0.5};
  static const uint32_t kBadSizes[] = {0, 1, 3};
  size_t i;
  COVER(pv_weibull_fit_censored);
  COVER(pv_weibull_fit_interval);

  memset(&fit, POISON_BYTE, sizeof fit);
  fit.struct_size = sizeof fit;
  NULL_ARG(pv_weibull_fit_censored(NULL, failures, 4, censored, 2, PV_WEIBULL_MLE,
                                   PV_RANKS_BERNARD, 0.9),
           "pv_weibull_fit_censored: out is NULL");
  NULL_ARG(pv_weibull_fit_censored(&fit, NULL, 4, censored, 2, PV_WEIBULL_MLE, PV_RANKS_BERNARD,
                                   0.9),
           "pv_weibull_fit_censored: failures is NULL");
  NULL_ARG(pv_weibull_fit_censored(&fit, failures, 4, NULL, 2, PV_WEIBULL_MLE, PV_RANKS_BERNARD,
                                   0.9),
           "pv_weibull_fit_censored: censored is NULL");
  INVALID(pv_weibull_fit_censored(&fit, failures, 4, censored, 2, 2, PV_RANKS_BERNARD, 0.9),
          "method");
  INVALID(pv_weibull_fit_censored(&fit, failures, 4, censored, 2, -1, PV_RANKS_BERNARD, 0.9),
          "method");
  INVALID(pv_weibull_fit_censored(&fit, failures, 4, censored, 2, PV_WEIBULL_MLE, 2, 0.9),
          "positions");
  INVALID(pv_weibull_fit_censored(&fit, failures, 4, censored, 2, PV_WEIBULL_RRY, 99, 0.9),
          "positions");
  for (i = 0; i < sizeof kBadCi / sizeof kBadCi[0]; ++i) {
    INVALID(pv_weibull_fit_censored(&fit, failures, 4, censored, 2, PV_WEIBULL_MLE,
                                    PV_RANKS_BERNARD, kBadCi[i]),
            "ci");
  }
  INVALID(pv_weibull_fit_censored(&fit, failures, 4, censored, 2, PV_WEIBULL_MLE,
                                  PV_RANKS_BERNARD, NAN),
          "ci");
  INVALID(pv_weibull_fit_censored(&fit, NULL, 0, censored, 2, PV_WEIBULL_MLE, PV_RANKS_BERNARD,
                                  0.9),
          "failures");
  INVALID(pv_weibull_fit_censored(&fit, failures, 1, NULL, 0, PV_WEIBULL_RRY, PV_RANKS_BERNARD,
                                  0.9),
          "failures");
  INVALID(pv_weibull_fit_censored(&fit, bad_failures, 3, NULL, 0, PV_WEIBULL_MLE,
                                  PV_RANKS_BERNARD, 0.9),
          "failures[1]");
  for (i = 0; i < sizeof kBadSizes / sizeof kBadSizes[0]; ++i) {
    fit.struct_size = kBadSizes[i];
    INVALID(pv_weibull_fit_censored(&fit, failures, 4, censored, 2, PV_WEIBULL_MLE,
                                    PV_RANKS_BERNARD, 0.9),
            "struct_size");
    INVALID(pv_weibull_fit_interval(&fit, left, right, counts, 3, 0.9), "struct_size");
    CHECK_EQ(fit.struct_size, kBadSizes[i]);
  }
  fit.struct_size = sizeof fit;

  NULL_ARG(pv_weibull_fit_interval(NULL, left, right, counts, 3, 0.9),
           "pv_weibull_fit_interval: out is NULL");
  NULL_ARG(pv_weibull_fit_interval(&fit, NULL, right, counts, 3, 0.9),
           "pv_weibull_fit_interval: left is NULL");
  NULL_ARG(pv_weibull_fit_interval(&fit, left, NULL, counts, 3, 0.9),
           "pv_weibull_fit_interval: right is NULL");
  NULL_ARG(pv_weibull_fit_interval(&fit, left, right, NULL, 3, 0.9),
           "pv_weibull_fit_interval: counts is NULL");
  for (i = 0; i < sizeof kBadCi / sizeof kBadCi[0]; ++i) {
    INVALID(pv_weibull_fit_interval(&fit, left, right, counts, 3, kBadCi[i]), "ci");
  }
  INVALID(pv_weibull_fit_interval(&fit, left, right, bad_counts, 3, 0.9), "counts[1]");
  INVALID(pv_weibull_fit_interval(&fit, left, right, half_counts, 3, 0.9), "counts[1]");
  INVALID(pv_weibull_fit_interval(&fit, left, backwards, counts, 3, 0.9), "[1]");
  INVALID(pv_weibull_fit_interval(&fit, NULL, NULL, NULL, 0, 0.9), "");
  CHECK(all_poisoned((const unsigned char*)&fit + sizeof(uint32_t), sizeof fit - sizeof(uint32_t)));

  /* Accepted sizes write no more than they say. */
  memset(raw, POISON_BYTE, sizeof raw);
  ((pv_weibull_fit*)(void*)raw)->struct_size = 4;
  CHECK_OK(pv_weibull_fit_censored((pv_weibull_fit*)(void*)raw, failures, 4, censored, 2,
                                   PV_WEIBULL_MLE, PV_RANKS_BERNARD, 0.9));
  CHECK(all_poisoned(raw + 4, sizeof raw - 4));
  memset(raw, POISON_BYTE, sizeof raw);
  ((pv_weibull_fit*)(void*)raw)->struct_size = sizeof(pv_weibull_fit) - 1;
  CHECK_OK(pv_weibull_fit_interval((pv_weibull_fit*)(void*)raw, left, right, counts, 3, 0.9));
  CHECK(all_poisoned(raw + sizeof(pv_weibull_fit) - 1, sizeof raw - sizeof(pv_weibull_fit) + 1));
  memset(raw, POISON_BYTE, sizeof raw);
  ((pv_weibull_fit*)(void*)raw)->struct_size = UINT32_MAX;
  CHECK_OK(pv_weibull_fit_censored((pv_weibull_fit*)(void*)raw, failures, 4, censored, 2,
                                   PV_WEIBULL_MLE, PV_RANKS_BERNARD, 0.9));
  CHECK(all_poisoned(raw + sizeof(pv_weibull_fit), sizeof raw - sizeof(pv_weibull_fit)));
}

static void test_survival(void) {
  struct ArrowArrayStream s;
  double chi2, p, beta, lambda, u;
  const double d[4] = {5, 8, 12, 20};
  const double negative[4] = {5, -8, 12, 20};
  const uint8_t o[4] = {1, 0, 1, 1};
  const uint8_t o_bad[4] = {1, 2, 1, 1};
  const double times[4] = {10, 25, 45, 70};
  const double bad_times[4] = {10, -25, 45, 70};
  const double early_end = 50;
  const double nan_end = NAN;
  /* Two systems: events {3, 7} and {4}, ends 10 and 9. */
  const double events[3] = {3, 7, 4};
  const size_t offsets[3] = {0, 2, 3};
  const size_t decreasing[3] = {0, 2, 1};
  const double ends[2] = {10, 9};
  const double short_ends[2] = {10, 3}; /* system 1's event at 4 is after its end 3 */
  static const double kBadCi[] = {0.0, 1.0, 1.5, -1.0};
  size_t i;
  COVER(pv_kaplan_meier);
  COVER(pv_mcf);
  COVER(pv_logrank);
  COVER(pv_crow_amsaa);
  COVER(pv_laplace_trend);

  POISON(s);
  NULL_ARG(pv_kaplan_meier(NULL, d, o, 4, 0.95), "pv_kaplan_meier: out is NULL");
  NULL_ARG(pv_kaplan_meier(&s, NULL, o, 4, 0.95), "pv_kaplan_meier: durations is NULL");
  NULL_ARG(pv_kaplan_meier(&s, d, NULL, 4, 0.95), "pv_kaplan_meier: observed is NULL");
  for (i = 0; i < sizeof kBadCi / sizeof kBadCi[0]; ++i) {
    INVALID(pv_kaplan_meier(&s, d, o, 4, kBadCi[i]), "ci");
  }
  INVALID(pv_kaplan_meier(&s, d, o, 4, NAN), "ci");
  INVALID(pv_kaplan_meier(&s, negative, o, 4, 0.95), "durations[1]");
  INVALID(pv_kaplan_meier(&s, d, o_bad, 4, 0.95), "observed[1]");
  INVALID(pv_kaplan_meier(&s, NULL, NULL, 0, 0.95), "durations");

  NULL_ARG(pv_mcf(NULL, events, offsets, ends, 2, PV_MCF_LAWLESS_NADEAU, 0.95),
           "pv_mcf: out is NULL");
  NULL_ARG(pv_mcf(&s, NULL, offsets, ends, 2, PV_MCF_LAWLESS_NADEAU, 0.95),
           "pv_mcf: event_times is NULL");
  NULL_ARG(pv_mcf(&s, events, NULL, ends, 2, PV_MCF_LAWLESS_NADEAU, 0.95),
           "pv_mcf: event_offsets is NULL");
  NULL_ARG(pv_mcf(&s, events, offsets, NULL, 2, PV_MCF_LAWLESS_NADEAU, 0.95),
           "pv_mcf: ends is NULL");
  INVALID(pv_mcf(&s, events, offsets, ends, 2, 3, 0.95), "variance");
  INVALID(pv_mcf(&s, events, offsets, ends, 2, -1, 0.95), "variance");
  INVALID(pv_mcf(&s, events, decreasing, ends, 2, PV_MCF_POISSON, 0.95), "event_offsets[2]");
  for (i = 0; i < sizeof kBadCi / sizeof kBadCi[0]; ++i) {
    INVALID(pv_mcf(&s, events, offsets, ends, 2, PV_MCF_NELSON, kBadCi[i]), "ci");
  }
  INVALID(pv_mcf(&s, events, offsets, short_ends, 2, PV_MCF_NELSON, 0.95),
          "systems[1].event_times[0]");
  UNTOUCHED(s);

  POISON(chi2);
  POISON(p);
  NULL_ARG(pv_logrank(NULL, &p, d, o, 4, d, o, 4), "pv_logrank: chi2 is NULL");
  NULL_ARG(pv_logrank(&chi2, NULL, d, o, 4, d, o, 4), "pv_logrank: p_value is NULL");
  NULL_ARG(pv_logrank(&chi2, &p, NULL, o, 4, d, o, 4), "pv_logrank: durations_a is NULL");
  NULL_ARG(pv_logrank(&chi2, &p, d, NULL, 4, d, o, 4), "pv_logrank: observed_a is NULL");
  NULL_ARG(pv_logrank(&chi2, &p, d, o, 4, NULL, o, 4), "pv_logrank: durations_b is NULL");
  NULL_ARG(pv_logrank(&chi2, &p, d, o, 4, d, NULL, 4), "pv_logrank: observed_b is NULL");
  INVALID(pv_logrank(&chi2, &p, d, o, 4, NULL, NULL, 0), "b");
  INVALID(pv_logrank(&chi2, &p, negative, o, 4, d, o, 4), "[1]");
  UNTOUCHED(chi2);
  UNTOUCHED(p);

  POISON(beta);
  POISON(lambda);
  NULL_ARG(pv_crow_amsaa(NULL, &lambda, times, 4, NULL), "pv_crow_amsaa: beta is NULL");
  NULL_ARG(pv_crow_amsaa(&beta, NULL, times, 4, NULL), "pv_crow_amsaa: lambda is NULL");
  NULL_ARG(pv_crow_amsaa(&beta, &lambda, NULL, 4, NULL), "pv_crow_amsaa: times is NULL");
  INVALID(pv_crow_amsaa(&beta, &lambda, times, 1, NULL), "times");
  INVALID(pv_crow_amsaa(&beta, &lambda, NULL, 0, NULL), "times");
  INVALID(pv_crow_amsaa(&beta, &lambda, bad_times, 4, NULL), "times[1]");
  INVALID(pv_crow_amsaa(&beta, &lambda, times, 4, &early_end), "end");
  INVALID(pv_crow_amsaa(&beta, &lambda, times, 4, &nan_end), "end");
  UNTOUCHED(beta);
  UNTOUCHED(lambda);

  POISON(u);
  NULL_ARG(pv_laplace_trend(NULL, times, 4), "pv_laplace_trend: u is NULL");
  NULL_ARG(pv_laplace_trend(&u, NULL, 4), "pv_laplace_trend: times_between is NULL");
  INVALID(pv_laplace_trend(&u, times, 1), "times");
  INVALID(pv_laplace_trend(&u, NULL, 0), "times");
  INVALID(pv_laplace_trend(&u, bad_times, 4), "[1]");
  UNTOUCHED(u);
}

/* ---- Deeply nested JSON ---- */

/* A JSON text `{"<key>": [[[...]]]}` nested `depth` arrays deep, `*len` bytes. */
static char* deep_json(const char* key, size_t depth, size_t* len) {
  const size_t head = strlen(key) + 6;
  char* text = (char*)malloc(head + 2 * depth + 2);
  if (text == NULL) return NULL;
  snprintf(text, head + 1, "{\"%s\": ", key);
  memset(text + head - 1, '[', depth);
  memset(text + head - 1 + depth, ']', depth);
  text[head - 1 + 2 * depth] = '}';
  *len = head + 2 * depth;
  return text;
}

enum { kDeepRefused = 0, kDeepAccepted = 1, kDeepOther = 2 };

/* The JSON entry point `which` given a field nested 500 000 arrays deep, in a
 * child process: refused (exit 0), accepted, or the child died. */
static int deep_json_in_child(int which) {
  static const size_t kDepth = 500000;
  size_t len = 0;
  char* text;
  pv_ledger* ledger = NULL;
  pv_calendar* calendar = NULL;
  char* out = NULL;
  pv_status s = PV_OK;
  static const char* const keys[] = {"timezone", "sku",   "id",         "name",
                                     "targets",  "cause", "max_contacts_per_30_days", "questions"};
  text = deep_json(keys[which], kDepth, &len);
  if (text == NULL || pv_ledger_open_memory(&ledger) != PV_OK) return kDeepOther;
  switch (which) {
    case 0: s = pv_calendar_new_from_json(&calendar, text, len); break;
    case 1: s = pv_ledger_add_product_json(ledger, text, len); break;
    case 2: s = pv_ledger_record_json(NULL, ledger, text, len); break;
    case 3: s = pv_ledger_add_sla_json(ledger, text, len); break;
    case 4: s = pv_ledger_scorecard_json(&out, ledger, 0, 10, text, len); break;
    case 5: s = pv_ledger_put_anomaly_json(ledger, text, len); break;
    case 6: s = pv_ledger_add_followups_json(ledger, text, len); break;
    case 7: s = pv_ledger_add_instrument_json(ledger, text, len); break;
    default: break;
  }
  return s == PV_INVALID_ARGUMENT ? kDeepRefused : s == PV_OK ? kDeepAccepted : kDeepOther;
}

/* Regression (found by this test, fixed in issue 8): a JSON value nested
 * 100 000 levels deep crashed the process with a stack overflow (SIGSEGV) in
 * every JSON entry point below: the parser is iterative, but the refusal's
 * message dump()ed the whole value recursively. JSON nested deeper than 64
 * levels is now refused before parsing (src/common/internal/json_guard.h).
 * Each call runs in a child process so a crash is reported here instead of
 * ending the test. */
static void test_deep_json(void) {
  static const char* const names[] = {
      "pv_calendar_new_from_json", "pv_ledger_add_product_json",   "pv_ledger_record_json",
      "pv_ledger_add_sla_json",    "pv_ledger_scorecard_json",     "pv_ledger_put_anomaly_json",
      "pv_ledger_add_followups_json", "pv_ledger_add_instrument_json"};
  int which;
  for (which = 0; which < 8; ++which) {
    pid_t child;
    int wstatus = 0;
    fflush(stdout);
    fflush(stderr);
    child = fork();
    CHECK(child >= 0);
    if (child < 0) return;
    if (child == 0) _exit(deep_json_in_child(which));
    CHECK_EQ(waitpid(child, &wstatus, 0), child);
    check_record(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == kDeepRefused, __FILE__, __LINE__,
                 "deeply nested JSON is refused with PV_INVALID_ARGUMENT, without a crash");
    if (WIFSIGNALED(wstatus)) {
      fprintf(stderr, "    %s: the process was killed by signal %d\n", names[which],
              WTERMSIG(wstatus));
    } else if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != kDeepRefused) {
      fprintf(stderr, "    %s: %s\n", names[which],
              WEXITSTATUS(wstatus) == kDeepAccepted ? "accepted" : "another status");
    }
  }
}

int main(int argc, char** argv) {
  the_ledger = NULL;
  test_basics();
  test_time();
  test_calendars();
  test_open_close();
  test_closed();
  the_ledger = make_ledger();
  if (the_ledger != NULL) {
    fingerprint(the_ledger, &baseline);
    CHECK(!baseline.broken);
    if (!baseline.broken) {
      test_configuration(the_ledger);
      test_events(the_ledger);
      test_reads(the_ledger);
      test_tables(the_ledger);
      test_decisions(the_ledger);
      /* The pure functions too run with the ledger checked after each call. */
      test_states();
      test_by_group();
      test_servqual();
      test_weibull();
      test_survival();
    }
    free(baseline.p);
    pv_ledger_free(the_ledger);
  }
  test_deep_json();
  check_coverage(argc > 1 ? argv[1] : NULL);
  return check_report();
}
