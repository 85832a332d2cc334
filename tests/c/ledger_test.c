/* ledger_test.c — the ledger through the C ABI of the shared libpostventa.so
 * (postventa.h "The ledger"; SPEC §2.3, §3; docs/warranty.md).
 *
 * One product, WM-1, a washing machine installed by a specialist, with two
 * policies (SPEC §2.2, docs/warranty_presets.md):
 *   legal-es    (preset) 100 % parts/labor/travel for 36 months from delivery,
 *               presumption 24 months, suspended during repair, 12 months
 *               post-repair cover, excluded faults misuse and accident.
 *   maker-plus  commercial, from installation: parts 100 % 60 months, labor
 *               100 % 48 months, travel 50 % 48 months; requires specialist
 *               installation; after 1 repair of a fault, a new claim for it is
 *               replace_or_refund.
 * Unit SN-1: sold 2022-01-10, delivered 2022-01-15, installed by a specialist
 * 2022-01-20, pump repaired 2023-03-01 .. 2023-03-11 (10 days).
 * Every expected value is worked out by hand in the comments. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "postventa/postventa.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static pv_date days_from_civil(int y, int m, int d) {
  const int yy = y - (m <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (pv_date)(era * 146097 + doe - 719468);
}
#define D(y, m, d) days_from_civil((y), (m), (d))

static const char kProduct[] =
    "{\"sku\": \"WM-1\", \"name\": \"Lavadora 8 kg\", \"category\": \"appliances\","
    " \"installation\": \"specialist\","
    " \"warranties\": [\"legal-es\","
    "   {\"name\": \"maker-plus\", \"kind\": \"commercial\", \"starts_at\": \"installation\","
    "    \"parts\": {\"percent\": 100, \"months\": 60},"
    "    \"labor\": {\"percent\": 100, \"months\": 48},"
    "    \"travel\": {\"percent\": 50, \"months\": 48},"
    "    \"requires_specialist_installation\": true, \"max_repair_attempts\": 1}]}";

/* The same SKU with another configuration (no commercial policy). */
static const char kOtherProduct[] =
    "{\"sku\": \"WM-1\", \"installation\": \"specialist\", \"warranties\": [\"legal-es\"]}";

static const char kUtc[] = "{\"timezone\": \"UTC\", \"week\": {\"mon\": [[\"09:00\",\"17:00\"]]}}";
static const char kUtcTue[] =
    "{\"timezone\": \"UTC\", \"week\": {\"tue\": [[\"09:00\",\"17:00\"]]}}";

/* ---- Building events ---- */

static pv_event event(pv_event_type type, const char* id, const char* unit, pv_date date) {
  pv_event e;
  pv_event_init(&e, sizeof e);
  e.type = type;
  e.id = id;
  e.unit = unit;
  e.date = date;
  return e;
}

static pv_event sold(const char* id, const char* unit, pv_date date, int64_t price) {
  pv_event e = event(PV_EVENT_SOLD, id, unit, date);
  e.customer = "C-1";
  e.product = "WM-1";
  e.channel = "store";
  e.price = price;
  return e;
}

static pv_event with_outcome(pv_event e, const char* outcome) {
  e.outcome = outcome;
  return e;
}

/* The failing call's message starts with `prefix`. */
#define CHECK_ERROR_PREFIX(prefix)                                                  \
  do {                                                                              \
    const char* check_m_ = pv_last_error();                                         \
    const int check_ok_ = strncmp(check_m_, (prefix), strlen(prefix)) == 0;         \
    check_record(check_ok_, __FILE__, __LINE__, "last error starts with " #prefix); \
    if (!check_ok_) fprintf(stderr, "    got \"%s\"\n", check_m_);                  \
  } while (0)

/* *out = the unit's history JSON (caller frees), or NULL on failure. */
static char* history(const pv_ledger* ledger, const char* unit) {
  char* json = NULL;
  if (pv_ledger_history_json(&json, ledger, unit) != PV_OK) {
    fprintf(stderr, "    history of %s: %s\n", unit, pv_last_error());
    return NULL;
  }
  return json;
}

/* ---- pv_event_init ---- */

static void test_event_init(void) {
  pv_event e;
  memset(&e, 0x5a, sizeof e);
  pv_event_init(&e, sizeof e);
  CHECK_EQ(e.struct_size, sizeof(pv_event));
  CHECK(e.id == NULL && e.unit == NULL && e.customer == NULL && e.product == NULL);
  CHECK(e.channel == NULL && e.outcome == NULL && e.by == NULL && e.fault == NULL);
  CHECK(e.case_id == NULL && e.new_unit == NULL && e.policy == NULL && e.reason == NULL);
  CHECK(e.kind == NULL && e.priority == NULL && e.sla == NULL && e.status == NULL);
  CHECK(e.instrument == NULL);
  CHECK_EQ(e.has_at, 0);
  CHECK_EQ(e.price, PV_ABSENT_I64);
  CHECK_EQ(e.parts_cost, PV_ABSENT_I64);
  CHECK_EQ(e.labor_cost, PV_ABSENT_I64);
  CHECK_EQ(e.amount, PV_ABSENT_I64);
  CHECK_EQ(e.attendees, PV_ABSENT_I64);
  CHECK(isnan(e.usage));
  CHECK(isnan(e.score));

  /* An older caller whose pv_event ended before `kind`: nothing past its size
   * is written, and struct_size says how much was. */
  {
    unsigned char buffer[sizeof(pv_event) + 16];
    const size_t older = offsetof(pv_event, kind);
    size_t i;
    int untouched = 1;
    memset(buffer, 0x5a, sizeof buffer);
    pv_event_init((pv_event*)buffer, (uint32_t)older);
    for (i = older; i < sizeof buffer; ++i) untouched = untouched && buffer[i] == 0x5a;
    CHECK(untouched);
    CHECK_EQ(((pv_event*)buffer)->struct_size, older);
    CHECK_EQ(((pv_event*)buffer)->price, PV_ABSENT_I64);
  }
}

/* ---- Catalog and calendars ---- */

static void test_catalog(pv_ledger* ledger) {
  pv_calendar* utc = NULL;
  pv_calendar* tue = NULL;
  CHECK_OK(pv_ledger_add_product_json(ledger, kProduct, strlen(kProduct)));
  /* The same product again is a no-op; another one under its SKU is refused. */
  CHECK_OK(pv_ledger_add_product_json(ledger, kProduct, strlen(kProduct)));
  CHECK_STATUS(pv_ledger_add_product_json(ledger, kOtherProduct, strlen(kOtherProduct)),
               PV_ALREADY_EXISTS);
  CHECK_CONTAINS(pv_last_error(), "WM-1");
  /* The JSON need not be NUL-terminated: only json_len bytes are read. */
  {
    char buffer[sizeof kProduct + 8];
    memcpy(buffer, kProduct, strlen(kProduct));
    memcpy(buffer + strlen(kProduct), "garbage!", 8);
    CHECK_OK(pv_ledger_add_product_json(ledger, buffer, strlen(kProduct)));
  }
  /* A bad product: the core's field path and value (docs/catalog.md). */
  {
    static const char bad[] =
        "{\"sku\": \"X-1\", \"warranties\": [\"legal-es\", {\"preset\": \"legal-es\","
        " \"name\": \"l2\", \"parts\": {\"percent\": 120}}]}";
    CHECK_STATUS(pv_ledger_add_product_json(ledger, bad, strlen(bad)), PV_INVALID_ARGUMENT);
    CHECK_ERROR_PREFIX("warranties[1].parts.percent: 120");
  }

  CHECK_OK(pv_calendar_new_from_json(&utc, kUtc, strlen(kUtc)));
  CHECK_OK(pv_calendar_new_from_json(&tue, kUtcTue, strlen(kUtcTue)));
  if (utc != NULL && tue != NULL) {
    CHECK_OK(pv_ledger_add_calendar(ledger, "madrid", utc));
    CHECK_OK(pv_ledger_add_calendar(ledger, "madrid", utc));
    CHECK_STATUS(pv_ledger_add_calendar(ledger, "madrid", tue), PV_ALREADY_EXISTS);
  }
  pv_calendar_free(utc);
  pv_calendar_free(tue);
}

/* ---- The lifecycle of SN-1 ---- */

/* SN-1's history in replay order (SPEC §3 keys, canonical order: id, type,
 * unit, date, at, then the payload in the struct's order). */
static const char kHistory1[] =
    "[{\"id\":\"S-1\",\"type\":\"sold\",\"unit\":\"SN-1\",\"date\":\"2022-01-10\","
    "\"customer\":\"C-1\",\"product\":\"WM-1\",\"channel\":\"store\",\"price\":59900},"
    "{\"id\":\"D-1\",\"type\":\"delivered\",\"unit\":\"SN-1\",\"date\":\"2022-01-15\","
    "\"at\":\"2022-01-15T10:30:00Z\"},"
    "{\"id\":\"DC-1\",\"type\":\"delivery_checked\",\"unit\":\"SN-1\",\"date\":\"2022-01-15\","
    "\"outcome\":\"ok\"},"
    "{\"id\":\"I-1\",\"type\":\"installed\",\"unit\":\"SN-1\",\"date\":\"2022-01-20\","
    "\"by\":\"specialist\"},"
    "{\"id\":\"IC-1\",\"type\":\"installation_checked\",\"unit\":\"SN-1\",\"date\":\"2022-01-20\","
    "\"outcome\":\"ok\"},"
    "{\"id\":\"RR-1\",\"type\":\"repair_received\",\"unit\":\"SN-1\",\"date\":\"2023-03-01\","
    "\"fault\":\"pump\",\"case\":\"K-1\"},"
    "{\"id\":\"RT-1\",\"type\":\"repair_returned\",\"unit\":\"SN-1\",\"date\":\"2023-03-11\","
    "\"outcome\":\"fixed\",\"parts_cost\":4500,\"labor_cost\":3000}]";

static void test_lifecycle(pv_ledger* ledger) {
  pv_record_result result = {-7, -7};
  pv_event batch[5];
  pv_event e;
  char* before = NULL;
  char* after = NULL;

  /* The ERP sends the first five out of order, in one batch: the ledger
   * replays them in date and lifecycle order. Delivered at 10:30 UTC:
   * 10.5 h = 37800 s into the day. */
  batch[0] =
      with_outcome(event(PV_EVENT_INSTALLATION_CHECKED, "IC-1", "SN-1", D(2022, 1, 20)), "ok");
  batch[1] = event(PV_EVENT_DELIVERED, "D-1", "SN-1", D(2022, 1, 15));
  batch[1].has_at = 1;
  batch[1].at = (pv_instant)D(2022, 1, 15) * 86400 + 37800;
  batch[2] = sold("S-1", "SN-1", D(2022, 1, 10), 59900);
  batch[3] = with_outcome(event(PV_EVENT_DELIVERY_CHECKED, "DC-1", "SN-1", D(2022, 1, 15)), "ok");
  batch[4] = event(PV_EVENT_INSTALLED, "I-1", "SN-1", D(2022, 1, 20));
  batch[4].by = "specialist";
  CHECK_OK(pv_ledger_record(&result, ledger, batch, 5));
  CHECK_EQ(result.stored, 5);
  CHECK_EQ(result.duplicates, 0);

  /* The repair, one event per call; `out` may be NULL. */
  e = event(PV_EVENT_REPAIR_RECEIVED, "RR-1", "SN-1", D(2023, 3, 1));
  e.fault = "pump";
  e.case_id = "K-1";
  CHECK_OK(pv_ledger_record(&result, ledger, &e, 1));
  CHECK_EQ(result.stored, 1);
  CHECK_EQ(result.duplicates, 0);
  e = with_outcome(event(PV_EVENT_REPAIR_RETURNED, "RT-1", "SN-1", D(2023, 3, 11)), "fixed");
  e.parts_cost = 4500;
  e.labor_cost = 3000;
  CHECK_OK(pv_ledger_record(NULL, ledger, &e, 1));

  before = history(ledger, "SN-1");
  CHECK_STREQ(before, kHistory1);

  /* Wrong order: a return with no repair open is refused (SPEC §3: after
   * repair_received), with the event's position, and changes nothing. */
  result.stored = result.duplicates = -7;
  e = with_outcome(event(PV_EVENT_REPAIR_RETURNED, "RT-2", "SN-1", D(2024, 5, 1)), "fixed");
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_FAILED_PRECONDITION);
  CHECK_EQ(pv_last_error_code(), PV_FAILED_PRECONDITION);
  CHECK_ERROR_PREFIX("events[0]: repair_returned on 2024-05-01: ");
  CHECK_EQ(result.stored, -7); /* outputs untouched on failure */
  CHECK_EQ(result.duplicates, -7);
  after = history(ledger, "SN-1");
  CHECK_STREQ(after, before);
  pv_free(after);

  /* Idempotent ids (SPEC §3): the sale again is a no-op, reported as a
   * duplicate, whether sent as a struct or as JSON; other content under the
   * same id is PV_ALREADY_EXISTS. */
  e = sold("S-1", "SN-1", D(2022, 1, 10), 59900);
  CHECK_OK(pv_ledger_record(&result, ledger, &e, 1));
  CHECK_EQ(result.stored, 0);
  CHECK_EQ(result.duplicates, 1);
  {
    static const char json[] =
        "{\"id\": \"S-1\", \"type\": \"sold\", \"unit\": \"SN-1\", \"date\": \"2022-01-10\","
        " \"customer\": \"C-1\", \"product\": \"WM-1\", \"channel\": \"store\", \"price\": 59900}";
    result.stored = result.duplicates = -7;
    CHECK_OK(pv_ledger_record_json(&result, ledger, json, strlen(json)));
    CHECK_EQ(result.stored, 0);
    CHECK_EQ(result.duplicates, 1);
  }
  e.price = 60000;
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_ALREADY_EXISTS);
  CHECK_ERROR_PREFIX("events[0]: ");
  CHECK_CONTAINS(pv_last_error(), "\"S-1\"");
  after = history(ledger, "SN-1");
  CHECK_STREQ(after, before);
  pv_free(after);
  pv_free(before);

  /* One event as JSON; its errors carry no position (pv_ledger_record_json
   * records one event, not a batch). */
  {
    static const char reading[] =
        "{\"id\": \"U-1\", \"type\": \"usage_reading\", \"unit\": \"SN-1\","
        " \"date\": \"2024-01-05\", \"usage\": 120.5}";
    static const char early[] =
        "{\"id\": \"U-0\", \"type\": \"usage_reading\", \"unit\": \"SN-1\","
        " \"date\": \"2022-01-12\", \"usage\": 3}";
    static const char broken[] = "{\"id\": \"U-2\", \"type\": ";
    result.stored = result.duplicates = -7;
    CHECK_OK(pv_ledger_record_json(&result, ledger, reading, strlen(reading)));
    CHECK_EQ(result.stored, 1);
    CHECK_EQ(result.duplicates, 0);
    /* Before delivery (2022-01-15): SPEC §3 allows readings only after it. */
    CHECK_STATUS(pv_ledger_record_json(&result, ledger, early, strlen(early)),
                 PV_FAILED_PRECONDITION);
    CHECK_ERROR_PREFIX("usage_reading on 2022-01-12: ");
    CHECK_STATUS(pv_ledger_record_json(&result, ledger, broken, strlen(broken)),
                 PV_INVALID_ARGUMENT);
    CHECK_ERROR_PREFIX("event: not valid JSON");
  }
}

/* A batch with a bad event at index 2 stores nothing (SPEC §3, header). */
static void test_atomic_batches(pv_ledger* ledger) {
  pv_record_result result = {-7, -7};
  pv_event batch[4];
  char* json = NULL;

  /* Index 2 is refused by the lifecycle: a return with no repair open. */
  batch[0] = sold("S-2", "SN-2", D(2024, 2, 1), 45000);
  batch[1] = event(PV_EVENT_DELIVERED, "D-2", "SN-2", D(2024, 2, 3));
  batch[2] = with_outcome(event(PV_EVENT_REPAIR_RETURNED, "RT-3", "SN-2", D(2024, 2, 5)), "fixed");
  batch[3] = with_outcome(event(PV_EVENT_DELIVERY_CHECKED, "DC-2", "SN-2", D(2024, 2, 3)), "ok");
  CHECK_STATUS(pv_ledger_record(&result, ledger, batch, 4), PV_FAILED_PRECONDITION);
  CHECK_ERROR_PREFIX("events[2]: repair_returned on 2024-02-05: ");
  CHECK_EQ(result.stored, -7);
  CHECK_STATUS(pv_ledger_history_json(&json, ledger, "SN-2"), PV_NOT_FOUND);
  CHECK(json == NULL);

  /* Index 2 is refused on its own fields: `by` is specialist or customer. */
  batch[2] = event(PV_EVENT_INSTALLED, "I-2", "SN-2", D(2024, 2, 4));
  batch[2].by = "robot";
  CHECK_STATUS(pv_ledger_record(&result, ledger, batch, 4), PV_INVALID_ARGUMENT);
  CHECK_ERROR_PREFIX("events[2]: by: ");
  CHECK_CONTAINS(pv_last_error(), "\"robot\"");
  CHECK_STATUS(pv_ledger_history_json(&json, ledger, "SN-2"), PV_NOT_FOUND);

  /* The ids of a refused batch stay free: the corrected batch is all new. */
  batch[2].by = "customer";
  CHECK_OK(pv_ledger_record(&result, ledger, batch, 4));
  CHECK_EQ(result.stored, 4);
  CHECK_EQ(result.duplicates, 0);

  /* An empty batch is a successful no-op, with or without an array. */
  result.stored = result.duplicates = -7;
  CHECK_OK(pv_ledger_record(&result, ledger, NULL, 0));
  CHECK_EQ(result.stored, 0);
  CHECK_EQ(result.duplicates, 0);
  CHECK_OK(pv_ledger_record(&result, ledger, batch, 0));
}

/* ---- What the C struct carries ---- */

static void test_absent_fields(pv_ledger* ledger) {
  pv_record_result result = {-7, -7};
  pv_event e;

  /* "" is absent, like NULL: the sale lacks its channel. */
  e = sold("S-5", "SN-5", D(2024, 4, 1), 1000);
  e.channel = "";
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_INVALID_ARGUMENT);
  CHECK_ERROR_PREFIX("events[0]: channel: ");
  e.channel = NULL;
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_INVALID_ARGUMENT);
  CHECK_ERROR_PREFIX("events[0]: channel: ");
  /* PV_ABSENT_I64 is absent: the sale lacks its price. */
  e = sold("S-5", "SN-5", D(2024, 4, 1), PV_ABSENT_I64);
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_INVALID_ARGUMENT);
  CHECK_ERROR_PREFIX("events[0]: price: ");
  /* A field the type does not have is refused, so a present price on a
   * delivery is seen as present. */
  e = event(PV_EVENT_DELIVERED, "D-5", "SN-1", D(2024, 4, 2));
  e.price = 0;
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_INVALID_ARGUMENT);
  CHECK_ERROR_PREFIX("events[0]: price: ");
  /* NaN is absent: a reading without its value. */
  e = event(PV_EVENT_USAGE_READING, "U-5", "SN-1", D(2024, 4, 2));
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_INVALID_ARGUMENT);
  CHECK_ERROR_PREFIX("events[0]: usage: ");
  /* An infinite reading is present, and refused by the core. */
  e.usage = HUGE_VAL;
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_INVALID_ARGUMENT);
  CHECK_ERROR_PREFIX("events[0]: usage: ");
  /* Invalid UTF-8 is caught by the core's validation. */
  e = sold("S-5", "SN-\xff", D(2024, 4, 1), 1000);
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_INVALID_ARGUMENT);
  CHECK_ERROR_PREFIX("events[0]: unit: ");
  /* No id: the ERP document id is required. */
  e = sold(NULL, "SN-5", D(2024, 4, 1), 1000);
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_INVALID_ARGUMENT);
  CHECK_ERROR_PREFIX("events[0]: id: ");
  /* Type numbers outside the enum. */
  e = event(99, "X-1", "SN-1", D(2024, 4, 2));
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_INVALID_ARGUMENT);
  CHECK_STREQ(pv_last_error(), "events[0].type: 99 is not an event type");
  e.type = 0;
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_INVALID_ARGUMENT);
  CHECK_STREQ(pv_last_error(), "events[0].type: 0 is not an event type");
  CHECK_EQ(result.stored, -7);
}

/* The first fields of pv_event, as a caller built against a header that had
 * only them would lay them out: 28 bytes of fields, padded to 32 on LP64. */
struct first_fields {
  uint32_t struct_size;
  pv_event_type type;
  const char* id;
  const char* unit;
  pv_date date;
};

static void test_struct_size(pv_ledger* ledger) {
  /* A caller whose pv_event ended before `kind` (168 bytes on LP64). */
  const size_t cut = offsetof(pv_event, kind);
  unsigned char* old_array = (unsigned char*)malloc(2 * cut); /* exactly 2 elements */
  pv_record_result result = {-7, -7};
  pv_event full[2];
  pv_event e;
  char* json = NULL;
  char message[256];

  if (old_array == NULL) {
    CHECK(old_array != NULL);
    return;
  }
  /* Two events at a stride of `cut` bytes: the library must read the second
   * at old_array + cut, and nothing past 2 * cut (AddressSanitizer checks). */
  e = sold("S-4", "SN-4", D(2024, 3, 1), 30000);
  e.struct_size = (uint32_t)cut;
  memcpy(old_array, &e, cut);
  e = event(PV_EVENT_USAGE_READING, "U-4", "SN-4", D(2024, 3, 9));
  e.struct_size = (uint32_t)cut;
  e.usage = 2.5; /* usage is before `kind`: within the old struct */
  memcpy(old_array + cut, &e, cut);
  CHECK_STATUS(pv_ledger_record(&result, ledger, (const pv_event*)old_array, 2),
               PV_FAILED_PRECONDITION);
  /* The reading came before any delivery: the second element was read. */
  CHECK_ERROR_PREFIX("events[1]: usage_reading on 2024-03-09: ");
  e = event(PV_EVENT_DELIVERED, "D-4", "SN-4", D(2024, 3, 2));
  e.struct_size = (uint32_t)cut;
  memcpy(old_array + cut, &e, cut);
  CHECK_OK(pv_ledger_record(&result, ledger, (const pv_event*)old_array, 2));
  CHECK_EQ(result.stored, 2);
  json = history(ledger, "SN-4");
  CHECK_STREQ(json,
              "[{\"id\":\"S-4\",\"type\":\"sold\",\"unit\":\"SN-4\",\"date\":\"2024-03-01\","
              "\"customer\":\"C-1\",\"product\":\"WM-1\",\"channel\":\"store\",\"price\":30000},"
              "{\"id\":\"D-4\",\"type\":\"delivered\",\"unit\":\"SN-4\",\"date\":\"2024-03-02\"}]");
  pv_free(json);

  /* Fields past the caller's size are absent: a service case needs `kind`,
   * which the old struct does not have (SPEC §5 case_opened). */
  e = event(PV_EVENT_CASE_OPENED, "CO-1", "SN-4", D(2024, 3, 10));
  e.has_at = 1;
  e.at = (pv_instant)D(2024, 3, 10) * 86400 + 9 * 3600;
  e.case_id = "K-4";
  e.customer = "C-1";
  e.kind = "repair";
  e.priority = "high";
  e.sla = "sla-gold";
  e.struct_size = (uint32_t)cut;
  memcpy(old_array, &e, cut);
  CHECK_STATUS(pv_ledger_record(&result, ledger, (const pv_event*)old_array, 1),
               PV_INVALID_ARGUMENT);
  CHECK_STREQ(pv_last_error(), "events[0]: kind: required for \"case_opened\" events");
  free(old_array);

  /* The oldest caller: only the fields every event has. A delivery needs no
   * more; `has_at` falls in the padding (read as 0, memset) and `at` beyond. */
  {
    struct first_fields first[1];
    memset(first, 0, sizeof first);
    first[0].struct_size = (uint32_t)sizeof first[0];
    first[0].type = PV_EVENT_SOLD;
    first[0].id = "S-6";
    first[0].unit = "SN-6";
    first[0].date = D(2024, 5, 1);
    /* A sale needs its customer, which this struct does not carry. */
    CHECK_STATUS(pv_ledger_record(&result, ledger, (const pv_event*)first, 1), PV_INVALID_ARGUMENT);
    CHECK_ERROR_PREFIX("events[0]: customer: ");
    e = sold("S-6", "SN-6", D(2024, 5, 1), 100);
    CHECK_OK(pv_ledger_record(&result, ledger, &e, 1));
    first[0].type = PV_EVENT_DELIVERED;
    first[0].id = "D-6";
    first[0].date = D(2024, 5, 3);
    CHECK_OK(pv_ledger_record(&result, ledger, (const pv_event*)first, 1));
    CHECK_EQ(result.stored, 1);
    json = history(ledger, "SN-6");
    CHECK_CONTAINS(json,
                   "{\"id\":\"D-6\",\"type\":\"delivered\",\"unit\":\"SN-6\","
                   "\"date\":\"2024-05-03\"}]");
    pv_free(json);
  }

  /* The smallest size is struct_size through date: 4 + 4 + 8 + 8 + 4 = 28. */
  e = event(PV_EVENT_DELIVERED, "D-7", "SN-1", D(2024, 5, 3));
  e.struct_size = 27;
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_INVALID_ARGUMENT);
  CHECK_ERROR_PREFIX("events[0].struct_size: 27 ");
  e.struct_size = 0; /* forgotten */
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_INVALID_ARGUMENT);
  CHECK_ERROR_PREFIX("events[0].struct_size: 0 ");

  /* A newer caller's larger struct is refused (ledger_c.cc says why). */
  e.struct_size = (uint32_t)sizeof(pv_event) + 8;
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_INVALID_ARGUMENT);
  snprintf(message, sizeof message, "events[0].struct_size: %u ", (unsigned)(sizeof(pv_event) + 8));
  CHECK_ERROR_PREFIX(message);

  /* Every element carries the array's stride. */
  full[0] = sold("S-8", "SN-8", D(2024, 6, 1), 100);
  full[1] = event(PV_EVENT_DELIVERED, "D-8", "SN-8", D(2024, 6, 2));
  full[1].struct_size = (uint32_t)cut;
  CHECK_STATUS(pv_ledger_record(&result, ledger, full, 2), PV_INVALID_ARGUMENT);
  snprintf(message, sizeof message, "events[1].struct_size: %u ", (unsigned)cut);
  CHECK_ERROR_PREFIX(message);
  CHECK_STATUS(pv_ledger_history_json(&json, ledger, "SN-8"), PV_NOT_FOUND);
  CHECK_EQ(result.stored, 1); /* untouched since the last success */
}

/* ---- Warranty decisions (SPEC §2.3) ---- */

static void test_decisions(const pv_ledger* ledger) {
  pv_decision* d = NULL;
  char* json = NULL;

  /* Claim A: 2023-06-01, fault "door", quote 2000 / 3000 / 0.
   * legal-es: cover start = delivery 2022-01-15; the pump repair (2023-03-01 ..
   *   2023-03-11, under legal-es: in force then) suspends it 10 days, so every
   *   component ends add_months(2022-01-15, 36) + 10 = 2025-01-25. In force,
   *   100 % each. Presumption: 2023-06-01 <= add_months(2022-01-15, 24) =
   *   2024-01-15. Reason legal-es:suspended_days:10.
   * maker-plus: start = installation 2022-01-20; parts 100 %, labor 100 %,
   *   travel 50 %; no reasons (no repair of "door").
   * Per component: parts and labor tie at 100 % -> legal before commercial;
   * travel 100 % > 50 % -> legal-es. Company pays everything: 2000 + 3000 + 0. */
  CHECK_OK(pv_ledger_assess_claim(&d, ledger, "SN-1", D(2023, 6, 1), "door", 2000, 3000, 0));
  if (d != NULL) {
    CHECK_EQ(d->struct_size, sizeof(pv_decision));
    CHECK_EQ(d->covered, 1);
    CHECK_EQ(d->parts.percent, 100);
    CHECK_STREQ(d->parts.policy, "legal-es");
    CHECK_EQ(d->parts.has_ends_on, 1);
    CHECK_EQ(d->parts.ends_on, D(2025, 1, 25));
    CHECK_EQ(d->labor.percent, 100);
    CHECK_STREQ(d->labor.policy, "legal-es");
    CHECK_EQ(d->labor.ends_on, D(2025, 1, 25));
    CHECK_EQ(d->travel.percent, 100);
    CHECK_STREQ(d->travel.policy, "legal-es");
    CHECK_EQ(d->travel.ends_on, D(2025, 1, 25));
    CHECK_EQ(d->parts.company_cost, 2000);
    CHECK_EQ(d->labor.company_cost, 3000);
    CHECK_EQ(d->travel.company_cost, 0);
    CHECK_EQ(d->parts.customer_cost, 0);
    CHECK_STREQ(d->basis, "legal-es");
    CHECK_EQ(d->presumed_nonconformity, 1);
    CHECK_EQ(d->remedy, PV_REMEDY_REPAIR);
    CHECK_EQ(d->company_cost, 5000);
    CHECK_EQ(d->customer_cost, 0);
    CHECK_EQ(d->reason_count, 1);
    if (d->reason_count == 1) CHECK_STREQ(d->reasons[0], "legal-es:suspended_days:10");
  }
  pv_decision_free(d);
  d = NULL;

  /* Claim B: 2025-03-01, fault "pump", quote 10001 / 5000 / 999.
   * legal-es: ends 2025-01-25 (above); post-repair cover for the pump ends
   *   add_months(2023-03-11, 12) = 2024-03-11; both before the claim ->
   *   reasons legal-es:suspended_days:10, legal-es:expired.
   * maker-plus: start 2022-01-20: parts to add_months(.., 60) = 2027-01-20,
   *   labor and travel to add_months(.., 48) = 2026-01-20: all in force. The
   *   pump repair was under it and max_repair_attempts is 1: 1 >= 1 ->
   *   maker-plus:repeat_failure, remedy replace_or_refund.
   * Company: parts 10001 * 100 % = 10001; labor 5000; travel 999 * 50 % =
   *   499.5 -> round half up 500. Customer: 0, 0, 999 - 500 = 499.
   * Totals 10001 + 5000 + 500 = 15501 and 499. No presumption (maker-plus has
   * none). */
  CHECK_OK(pv_ledger_assess_claim(&d, ledger, "SN-1", D(2025, 3, 1), "pump", 10001, 5000, 999));
  if (d != NULL) {
    CHECK_EQ(d->covered, 1);
    CHECK_EQ(d->parts.percent, 100);
    CHECK_STREQ(d->parts.policy, "maker-plus");
    CHECK_EQ(d->parts.ends_on, D(2027, 1, 20));
    CHECK_EQ(d->labor.percent, 100);
    CHECK_STREQ(d->labor.policy, "maker-plus");
    CHECK_EQ(d->labor.ends_on, D(2026, 1, 20));
    CHECK_EQ(d->travel.percent, 50);
    CHECK_STREQ(d->travel.policy, "maker-plus");
    CHECK_EQ(d->travel.has_ends_on, 1);
    CHECK_EQ(d->travel.ends_on, D(2026, 1, 20));
    CHECK_EQ(d->parts.company_cost, 10001);
    CHECK_EQ(d->labor.company_cost, 5000);
    CHECK_EQ(d->travel.company_cost, 500);
    CHECK_EQ(d->parts.customer_cost, 0);
    CHECK_EQ(d->labor.customer_cost, 0);
    CHECK_EQ(d->travel.customer_cost, 499);
    CHECK_EQ(d->company_cost, 15501);
    CHECK_EQ(d->customer_cost, 499);
    CHECK_STREQ(d->basis, "maker-plus");
    CHECK_EQ(d->presumed_nonconformity, 0);
    CHECK_EQ(d->remedy, PV_REMEDY_REPLACE_OR_REFUND);
    CHECK_EQ(d->reason_count, 3);
    if (d->reason_count == 3) {
      CHECK_STREQ(d->reasons[0], "legal-es:suspended_days:10");
      CHECK_STREQ(d->reasons[1], "legal-es:expired");
      CHECK_STREQ(d->reasons[2], "maker-plus:repeat_failure");
    }
  }
  pv_decision_free(d);
  d = NULL;
  CHECK_OK(
      pv_ledger_assess_claim_json(&json, ledger, "SN-1", D(2025, 3, 1), "pump", 10001, 5000, 999));
  CHECK_STREQ(json,
              "{\"covered\":true,\"coverage\":{"
              "\"parts\":{\"percent\":100,\"policy\":\"maker-plus\",\"ends_on\":\"2027-01-20\"},"
              "\"labor\":{\"percent\":100,\"policy\":\"maker-plus\",\"ends_on\":\"2026-01-20\"},"
              "\"travel\":{\"percent\":50,\"policy\":\"maker-plus\",\"ends_on\":\"2026-01-20\"}},"
              "\"basis\":\"maker-plus\",\"presumed_nonconformity\":false,"
              "\"remedy\":\"replace_or_refund\","
              "\"company_cost\":{\"parts\":10001,\"labor\":5000,\"travel\":500,\"total\":15501},"
              "\"customer_cost\":{\"parts\":0,\"labor\":0,\"travel\":499,\"total\":499},"
              "\"reasons\":[\"legal-es:suspended_days:10\",\"legal-es:expired\","
              "\"maker-plus:repeat_failure\"]}");
  pv_free(json);
  json = NULL;

  /* Claim C: 2023-06-01, fault "misuse", quote 1000 / 0 / 0. legal-es excludes
   * misuse (reason legal-es:excluded_fault, before any suspension); maker-plus
   * grants parts 100 % to 2027-01-20, labor 100 % and travel 50 % to
   * 2026-01-20. Company 1000, customer 0. */
  CHECK_OK(pv_ledger_assess_claim(&d, ledger, "SN-1", D(2023, 6, 1), "misuse", 1000, 0, 0));
  if (d != NULL) {
    CHECK_EQ(d->covered, 1);
    CHECK_STREQ(d->parts.policy, "maker-plus");
    CHECK_EQ(d->travel.percent, 50);
    CHECK_STREQ(d->basis, "maker-plus");
    CHECK_EQ(d->presumed_nonconformity, 0);
    CHECK_EQ(d->remedy, PV_REMEDY_REPAIR);
    CHECK_EQ(d->company_cost, 1000);
    CHECK_EQ(d->reason_count, 1);
    if (d->reason_count == 1) CHECK_STREQ(d->reasons[0], "legal-es:excluded_fault");
  }
  pv_decision_free(d);
  d = NULL;

  /* Claim D: before delivery nothing is covered (SPEC §2.2). SN-2 was
   * delivered 2024-02-03; a claim on 2024-02-02 sees only the sale:
   * not_delivered for both policies, no policy, no basis, no end dates, no
   * remedy; the customer pays the whole quote 100 + 200 + 300 = 600. */
  CHECK_OK(pv_ledger_assess_claim(&d, ledger, "SN-2", D(2024, 2, 2), "door", 100, 200, 300));
  if (d != NULL) {
    CHECK_EQ(d->covered, 0);
    CHECK_EQ(d->parts.percent, 0);
    CHECK(d->parts.policy == NULL);
    CHECK(d->labor.policy == NULL);
    CHECK(d->travel.policy == NULL);
    CHECK_EQ(d->parts.has_ends_on, 0);
    CHECK(d->basis == NULL);
    CHECK_EQ(d->remedy, PV_REMEDY_NONE);
    CHECK_EQ(d->company_cost, 0);
    CHECK_EQ(d->customer_cost, 600);
    CHECK_EQ(d->travel.customer_cost, 300);
    CHECK_EQ(d->reason_count, 2);
    if (d->reason_count == 2) {
      CHECK_STREQ(d->reasons[0], "legal-es:not_delivered");
      CHECK_STREQ(d->reasons[1], "maker-plus:not_delivered");
    }
  }
  pv_decision_free(d);
  d = NULL;

  /* Failures leave *out alone. */
  d = (pv_decision*)&check_passed;
  CHECK_STATUS(pv_ledger_assess_claim(&d, ledger, "SN-404", D(2025, 1, 1), "pump", 1, 1, 1),
               PV_NOT_FOUND);
  CHECK_CONTAINS(pv_last_error(), "SN-404");
  CHECK_STATUS(pv_ledger_assess_claim(&d, ledger, "SN-1", D(2025, 1, 1), "pump", -1, 1, 1),
               PV_INVALID_ARGUMENT);
  CHECK_STATUS(pv_ledger_assess_claim(&d, ledger, "SN-1", D(2025, 1, 1), "", 1, 1, 1),
               PV_INVALID_ARGUMENT);
  CHECK(d == (pv_decision*)&check_passed);
  pv_decision_free(NULL);
}

/* ---- A closed ledger ---- */

static void test_closed(void) {
  pv_ledger* ledger = NULL;
  pv_record_result result = {-7, -7};
  pv_event e = sold("S-1", "SN-1", D(2022, 1, 10), 59900);
  char* json = NULL;
  CHECK_OK(pv_ledger_open_memory(&ledger));
  if (ledger == NULL) return;
  CHECK_OK(pv_ledger_add_product_json(ledger, kProduct, strlen(kProduct)));
  CHECK_OK(pv_ledger_close(ledger));
  CHECK_STATUS(pv_ledger_record(&result, ledger, &e, 1), PV_FAILED_PRECONDITION);
  CHECK_STATUS(pv_ledger_add_product_json(ledger, kProduct, strlen(kProduct)),
               PV_FAILED_PRECONDITION);
  CHECK_STATUS(pv_ledger_history_json(&json, ledger, "SN-1"), PV_FAILED_PRECONDITION);
  CHECK(json == NULL);
  pv_ledger_free(ledger);
}

/* ---- A durable ledger ---- */

static int write_file(const char* path, const unsigned char* bytes, size_t n) {
  FILE* f = fopen(path, "wb");
  int ok;
  if (f == NULL) return 0;
  ok = fwrite(bytes, 1, n, f) == n;
  return fclose(f) == 0 && ok;
}

/* The file holds exactly `bytes`. */
static int file_equals(const char* path, const unsigned char* bytes, size_t n) {
  unsigned char buffer[8192];
  size_t got;
  FILE* f = fopen(path, "rb");
  if (f == NULL) return 0;
  got = fread(buffer, 1, sizeof buffer, f);
  fclose(f);
  return got == n && memcmp(buffer, bytes, n) == 0;
}

static void test_durable(void) {
  char dir[] = "/tmp/pv_ledger_test.XXXXXX";
  char path[256], garbage[256], aside[256];
  pv_ledger* ledger = NULL;
  pv_ledger* sentinel = (pv_ledger*)&check_passed;
  pv_ledger* refused = sentinel;
  pv_record_result result = {-7, -7};
  pv_event batch[2];
  char* before = NULL;
  char* after = NULL;
  unsigned char junk[4096];
  size_t i;
  static const char* const suffixes[] = {"", "-wal", "-shm", "-journal"};

  if (mkdtemp(dir) == NULL) {
    CHECK(!"mkdtemp");
    return;
  }
  snprintf(path, sizeof path, "%s/ledger.pvl", dir);
  snprintf(garbage, sizeof garbage, "%s/garbage.pvl", dir);

  CHECK_OK(pv_ledger_open(&ledger, path));
  if (ledger != NULL) {
    CHECK_OK(pv_ledger_add_product_json(ledger, kProduct, strlen(kProduct)));
    batch[0] = sold("S-9", "SN-9", D(2024, 2, 1), 45000);
    batch[0].channel = "web";
    batch[0].customer = "C-9";
    /* 09:15 UTC = 33300 s into the day. */
    batch[1] = event(PV_EVENT_DELIVERED, "D-9", "SN-9", D(2024, 2, 3));
    batch[1].has_at = 1;
    batch[1].at = (pv_instant)D(2024, 2, 3) * 86400 + 33300;
    CHECK_OK(pv_ledger_record(&result, ledger, batch, 2));
    CHECK_EQ(result.stored, 2);
    before = history(ledger, "SN-9");
    CHECK_STREQ(before,
                "[{\"id\":\"S-9\",\"type\":\"sold\",\"unit\":\"SN-9\",\"date\":\"2024-02-01\","
                "\"customer\":\"C-9\",\"product\":\"WM-1\",\"channel\":\"web\",\"price\":45000},"
                "{\"id\":\"D-9\",\"type\":\"delivered\",\"unit\":\"SN-9\","
                "\"date\":\"2024-02-03\",\"at\":\"2024-02-03T09:15:00Z\"}]");
    CHECK_OK(pv_ledger_close(ledger));
    CHECK_STATUS(pv_ledger_history_json(&after, ledger, "SN-9"), PV_FAILED_PRECONDITION);
    pv_ledger_free(ledger);
    ledger = NULL;
  }

  /* Reopened: the same history, the product still there (adding it again is a
   * no-op), and the events still idempotent. */
  CHECK_OK(pv_ledger_open(&ledger, path));
  if (ledger != NULL) {
    after = history(ledger, "SN-9");
    CHECK(before != NULL);
    if (before != NULL) CHECK_STREQ(after, before);
    pv_free(after);
    CHECK_OK(pv_ledger_add_product_json(ledger, kProduct, strlen(kProduct)));
    CHECK_STATUS(pv_ledger_add_product_json(ledger, kOtherProduct, strlen(kOtherProduct)),
                 PV_ALREADY_EXISTS);
    CHECK_OK(pv_ledger_record(&result, ledger, batch, 2));
    CHECK_EQ(result.stored, 0);
    CHECK_EQ(result.duplicates, 2);
    /* Freed without closing: pv_ledger_free closes. */
    pv_ledger_free(ledger);
    ledger = NULL;
  }
  CHECK_OK(pv_ledger_open(&ledger, path));
  after = ledger != NULL ? history(ledger, "SN-9") : NULL;
  if (before != NULL) CHECK_STREQ(after, before);
  pv_free(after);
  pv_ledger_free(ledger);
  pv_free(before);

  /* A file that is not a ledger is refused and left as it was (ledger.h:
   * DataLoss or FailedPrecondition). */
  for (i = 0; i < sizeof junk; ++i) junk[i] = (unsigned char)((i * 7919u + 13u) >> 3);
  CHECK(write_file(garbage, junk, sizeof junk));
  {
    const pv_status s = pv_ledger_open(&refused, garbage);
    CHECK(s == PV_DATA_LOSS || s == PV_FAILED_PRECONDITION);
    if (s == PV_OK) pv_ledger_free(refused);
  }
  CHECK_CONTAINS(pv_last_error(), garbage);
  CHECK(refused == sentinel);
  CHECK(file_equals(garbage, junk, sizeof junk));
  {
    static const unsigned char text[] = "id,type,unit,date\nE1,sold,SN1,2025-01-01\n";
    CHECK(write_file(garbage, text, sizeof text - 1));
    const pv_status s = pv_ledger_open(&refused, garbage);
    CHECK(s == PV_DATA_LOSS || s == PV_FAILED_PRECONDITION);
    if (s == PV_OK) pv_ledger_free(refused);
    CHECK(refused == sentinel);
    CHECK(file_equals(garbage, text, sizeof text - 1));
  }

  for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; ++i) {
    snprintf(aside, sizeof aside, "%s%s", path, suffixes[i]);
    unlink(aside);
    snprintf(aside, sizeof aside, "%s%s", garbage, suffixes[i]);
    unlink(aside);
  }
  CHECK_EQ(rmdir(dir), 0);
}

/* ---- NULL arguments ---- */

/* The call fails with PV_INVALID_ARGUMENT and exactly `message`. */
#define CHECK_NULL_ARGUMENT(call, message)               \
  do {                                                   \
    CHECK_STATUS(call, PV_INVALID_ARGUMENT);             \
    CHECK_EQ(pv_last_error_code(), PV_INVALID_ARGUMENT); \
    CHECK_STREQ(pv_last_error(), message);               \
  } while (0)

static void test_null_arguments(pv_ledger* ledger) {
  pv_ledger* sentinel = (pv_ledger*)&check_passed;
  pv_ledger* made = sentinel;
  pv_record_result result = {-7, -7};
  pv_event e = sold("S-1", "SN-1", D(2022, 1, 10), 59900);
  pv_calendar* cal = NULL;
  pv_decision* d = (pv_decision*)&check_passed;
  char* text = (char*)&check_passed;
  static const char j[] = "{}";

  CHECK_NULL_ARGUMENT(pv_ledger_open_memory(NULL), "pv_ledger_open_memory: out is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_open(NULL, "/tmp/x.pvl"), "pv_ledger_open: out is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_open(&made, NULL), "pv_ledger_open: path is NULL");
  CHECK(made == sentinel);
  CHECK_NULL_ARGUMENT(pv_ledger_close(NULL), "pv_ledger_close: ledger is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_add_product_json(NULL, j, 2),
                      "pv_ledger_add_product_json: ledger is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_add_product_json(ledger, NULL, 0),
                      "pv_ledger_add_product_json: json is NULL");
  CHECK_OK(pv_calendar_new_from_json(&cal, kUtc, strlen(kUtc)));
  CHECK_NULL_ARGUMENT(pv_ledger_add_calendar(NULL, "c", cal),
                      "pv_ledger_add_calendar: ledger is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_add_calendar(ledger, NULL, cal),
                      "pv_ledger_add_calendar: name is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_add_calendar(ledger, "c", NULL),
                      "pv_ledger_add_calendar: calendar is NULL");
  pv_calendar_free(cal);
  CHECK_NULL_ARGUMENT(pv_ledger_record(&result, NULL, &e, 1), "pv_ledger_record: ledger is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_record(&result, ledger, NULL, 1),
                      "pv_ledger_record: events is NULL");
  CHECK_EQ(result.stored, -7);
  CHECK_NULL_ARGUMENT(pv_ledger_record_json(&result, NULL, j, 2),
                      "pv_ledger_record_json: ledger is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_record_json(&result, ledger, NULL, 0),
                      "pv_ledger_record_json: json is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_history_json(NULL, ledger, "SN-1"),
                      "pv_ledger_history_json: out is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_history_json(&text, NULL, "SN-1"),
                      "pv_ledger_history_json: ledger is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_history_json(&text, ledger, NULL),
                      "pv_ledger_history_json: unit is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_assess_claim(NULL, ledger, "SN-1", 0, "pump", 1, 1, 1),
                      "pv_ledger_assess_claim: out is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_assess_claim(&d, NULL, "SN-1", 0, "pump", 1, 1, 1),
                      "pv_ledger_assess_claim: ledger is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_assess_claim(&d, ledger, NULL, 0, "pump", 1, 1, 1),
                      "pv_ledger_assess_claim: unit is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_assess_claim(&d, ledger, "SN-1", 0, NULL, 1, 1, 1),
                      "pv_ledger_assess_claim: fault is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_assess_claim_json(NULL, ledger, "SN-1", 0, "pump", 1, 1, 1),
                      "pv_ledger_assess_claim_json: out is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_assess_claim_json(&text, NULL, "SN-1", 0, "pump", 1, 1, 1),
                      "pv_ledger_assess_claim_json: ledger is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_assess_claim_json(&text, ledger, NULL, 0, "pump", 1, 1, 1),
                      "pv_ledger_assess_claim_json: unit is NULL");
  CHECK_NULL_ARGUMENT(pv_ledger_assess_claim_json(&text, ledger, "SN-1", 0, NULL, 1, 1, 1),
                      "pv_ledger_assess_claim_json: fault is NULL");
  CHECK(d == (pv_decision*)&check_passed);
  CHECK(text == (char*)&check_passed);
  pv_ledger_free(NULL);
  pv_decision_free(NULL);
}

/* ---- Maintenance schedule (SPEC §4) ---- */

static void test_maintenance_schedule(void) {
  /* Every 12 months from the installation (fixed grid), a due on a weekend
   * moved to the next working day of a Monday-Friday calendar. Installed on
   * 2024-01-31: + 12 months = 2025-01-31 (a Friday); + 24 = 2026-01-31 (a
   * Saturday) -> Monday 2026-02-02; + 36 = 2027-01-31, past the window. */
  static const char kBoiler[] =
      "{\"sku\": \"BOILER-1\", \"installation\": \"specialist\","
      " \"warranties\": [\"legal-es\"],"
      " \"maintenance\": {\"every_months\": 12, \"grace_days\": 15,"
      "   \"shift\": \"next_working_day\", \"calendar\": \"office\"}}";
  static const char kOffice[] =
      "{\"timezone\": \"UTC\", \"week\": {\"mon\": [[\"09:00\",\"17:00\"]],"
      " \"tue\": [[\"09:00\",\"17:00\"]], \"wed\": [[\"09:00\",\"17:00\"]],"
      " \"thu\": [[\"09:00\",\"17:00\"]], \"fri\": [[\"09:00\",\"17:00\"]]}}";
  pv_ledger* ledger = NULL;
  pv_calendar* office = NULL;
  pv_event events[3];
  pv_date* dues = (pv_date*)1;  /* must be set, not left as is */
  size_t count = 99;
  CHECK_OK(pv_ledger_open_memory(&ledger));
  CHECK_OK(pv_calendar_new_from_json(&office, kOffice, strlen(kOffice)));
  if (ledger == NULL || office == NULL) {
    pv_ledger_free(ledger);
    pv_calendar_free(office);
    return;
  }
  CHECK_OK(pv_ledger_add_product_json(ledger, kBoiler, strlen(kBoiler)));
  CHECK_OK(pv_ledger_add_calendar(ledger, "office", office));
  events[0] = event(PV_EVENT_SOLD, "S1", "B1", D(2024, 1, 10));
  events[0].customer = "C-1";
  events[0].product = "BOILER-1";
  events[0].channel = "store";
  events[0].price = 150000;
  events[1] = event(PV_EVENT_DELIVERED, "D1", "B1", D(2024, 1, 15));
  events[2] = event(PV_EVENT_INSTALLED, "I1", "B1", D(2024, 1, 31));
  events[2].by = "specialist";
  CHECK_OK(pv_ledger_record(NULL, ledger, events, 3));

  CHECK_OK(pv_ledger_maintenance_schedule(&dues, &count, ledger, "B1", D(2024, 1, 1),
                                          D(2026, 12, 31)));
  CHECK_EQ(count, 2);
  if (count == 2 && dues != NULL) {
    CHECK_EQ(dues[0], D(2025, 1, 31));
    CHECK_EQ(dues[1], D(2026, 2, 2));
  }
  pv_free(dues);

  /* None in a window with no due date: NULL and 0. */
  CHECK_OK(pv_ledger_maintenance_schedule(&dues, &count, ledger, "B1", D(2025, 2, 1),
                                          D(2025, 12, 31)));
  CHECK_EQ(count, 0);
  CHECK(dues == NULL);

  CHECK_STATUS(pv_ledger_maintenance_schedule(&dues, &count, ledger, "NOPE", D(2024, 1, 1),
                                              D(2025, 1, 1)),
               PV_NOT_FOUND);
  CHECK_STATUS(pv_ledger_maintenance_schedule(&dues, &count, ledger, "B1", D(2025, 1, 1),
                                              D(2024, 1, 1)),
               PV_INVALID_ARGUMENT);
  CHECK_ERROR_PREFIX("end: 2024-01-01 is before start 2025-01-01");
  CHECK_STATUS(pv_ledger_maintenance_schedule(NULL, &count, ledger, "B1", D(2024, 1, 1),
                                              D(2025, 1, 1)),
               PV_INVALID_ARGUMENT);
  CHECK_ERROR_PREFIX("pv_ledger_maintenance_schedule: out is NULL");
  pv_calendar_free(office);
  pv_ledger_free(ledger);
}

/* The catalog as JSON, the event count and the span of dates, after the
 * tests above (WM-1 in the catalog, events recorded). */
static void test_summary(pv_ledger* ledger) {
  char* text = NULL;
  int64_t count = -1;
  int has = -1;
  pv_date first = 0, last = 0;
  pv_ledger* empty = NULL;
  CHECK_OK(pv_ledger_products_json(&text, ledger));
  if (text != NULL) {
    CHECK(strncmp(text, "[{\"sku\":\"WM-1\",\"name\":\"Lavadora 8 kg\"", 36) == 0);
    CHECK_CONTAINS(text, "\"followups\":null}]");
  }
  pv_free(text);
  CHECK_OK(pv_ledger_event_count(&count, ledger));
  CHECK(count > 0);
  CHECK_OK(pv_ledger_span(&has, &first, &last, ledger));
  CHECK_EQ(has, 1);
  CHECK(first <= last);
  CHECK_OK(pv_ledger_open_memory(&empty));
  first = 7;
  CHECK_OK(pv_ledger_span(&has, &first, &last, empty));
  CHECK_EQ(has, 0);
  CHECK_EQ(first, 7); /* untouched */
  CHECK_OK(pv_ledger_event_count(&count, empty));
  CHECK_EQ(count, 0);
  CHECK_STATUS(pv_ledger_span(NULL, &first, &last, empty), PV_INVALID_ARGUMENT);
  CHECK_STATUS(pv_ledger_products_json(NULL, empty), PV_INVALID_ARGUMENT);
  pv_ledger_free(empty);
}

int main(void) {
  pv_ledger* ledger = NULL;
  test_event_init();
  CHECK_OK(pv_ledger_open_memory(&ledger));
  if (ledger != NULL) {
    test_catalog(ledger);
    test_lifecycle(ledger);
    test_atomic_batches(ledger);
    test_absent_fields(ledger);
    test_struct_size(ledger);
    test_decisions(ledger);
    test_null_arguments(ledger);
    test_summary(ledger);
  }
  pv_ledger_free(ledger);
  test_closed();
  test_durable();
  test_maintenance_schedule();
  return check_report();
}
