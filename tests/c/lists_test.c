/* List results through the C ABI as Arrow C streams (SPEC §4, §6, §9.1):
 * pv_ledger_maintenance_due, pv_ledger_maintenance_compliance and
 * pv_ledger_followups, read the way a C consumer reads any Arrow stream
 * (get_schema, get_next until a released array, release). The expected rows
 * are worked out by hand in the comments. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "postventa/postventa.h"

/* Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
static pv_date days(int y, int m, int d) {
  const int yy = y - (m <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (pv_date)(era * 146097 + doe - 719468);
}

/* A boiler serviced every 12 months from delivery, 15 days of grace. */
static const char kBoiler[] =
    "{\"sku\": \"BOILER\", \"installation\": \"none\", \"warranties\": [\"legal-es\"], "
    "\"maintenance\": {\"every_months\": 12, \"anchor\": \"fixed\", \"grace_days\": 15}}";

static void record(pv_ledger* ledger, const char* json) {
  CHECK_OK(pv_ledger_record_json(NULL, ledger, json, strlen(json)));
}

/* One whole stream read into its single batch: the schema and the array. */
struct read_table {
  struct ArrowSchema schema;
  struct ArrowArray array;
  int has_array;
};

static void read_stream(struct ArrowArrayStream* stream, struct read_table* out) {
  struct ArrowArray extra;
  memset(out, 0, sizeof *out);
  CHECK_EQ(stream->get_schema(stream, &out->schema), 0);
  CHECK_EQ(stream->get_next(stream, &out->array), 0);
  out->has_array = out->array.release != NULL;
  if (out->has_array) {
    CHECK_EQ(stream->get_next(stream, &extra), 0); /* one batch, then the end */
    CHECK(extra.release == NULL);
  }
  stream->release(stream);
  CHECK(stream->release == NULL);
}

static void free_table(struct read_table* t) {
  if (t->has_array) t->array.release(&t->array);
  t->schema.release(&t->schema);
}

static void check_column(const struct read_table* t, int i, const char* name, const char* format) {
  CHECK_STREQ(t->schema.children[i]->name, name);
  CHECK_STREQ(t->schema.children[i]->format, format);
}

static int is_valid(const struct ArrowArray* column, int64_t row) {
  const uint8_t* bitmap = (const uint8_t*)column->buffers[0];
  return bitmap == NULL || ((bitmap[row / 8] >> (row % 8)) & 1);
}

/* Row `row` of a utf8 column equals `expected` (NULL: the row is null). */
static void check_string(const struct ArrowArray* column, int64_t row, const char* expected) {
  const int32_t* offsets = (const int32_t*)column->buffers[1];
  const char* data = (const char*)column->buffers[2];
  if (expected == NULL) {
    CHECK(!is_valid(column, row));
    return;
  }
  CHECK(is_valid(column, row));
  CHECK_EQ(offsets[row + 1] - offsets[row], strlen(expected));
  CHECK(strncmp(data + offsets[row], expected, strlen(expected)) == 0);
}

static int32_t date_at(const struct ArrowArray* column, int64_t row) {
  return ((const int32_t*)column->buffers[1])[row];
}

static int bool_at(const struct ArrowArray* column, int64_t row) {
  return (((const uint8_t*)column->buffers[1])[row / 8] >> (row % 8)) & 1;
}

int main(void) {
  pv_ledger* ledger = NULL;
  CHECK_OK(pv_ledger_open_memory(&ledger));
  if (ledger == NULL) return check_report();
  CHECK_OK(pv_ledger_add_product_json(ledger, kBoiler, strlen(kBoiler)));
  /* U1: delivered 2023-01-31; dues 2024-01-31 (done 2024-02-10: met) and
   * 2025-01-31 (missed). U2: sold Wednesday 2024-05-01, delivered Monday
   * 2024-05-20; first due 2025-05-20. */
  record(ledger,
         "{\"id\":\"1\",\"type\":\"sold\",\"unit\":\"U1\",\"date\":\"2023-01-10\","
         "\"customer\":\"C-U1\",\"product\":\"BOILER\",\"price\":100000,\"channel\":\"store\"}");
  record(ledger, "{\"id\":\"2\",\"type\":\"delivered\",\"unit\":\"U1\",\"date\":\"2023-01-31\"}");
  record(ledger,
         "{\"id\":\"3\",\"type\":\"maintenance_done\",\"unit\":\"U1\",\"date\":\"2024-02-10\"}");
  record(ledger,
         "{\"id\":\"4\",\"type\":\"sold\",\"unit\":\"U2\",\"date\":\"2024-05-01\","
         "\"customer\":\"C-U2\",\"product\":\"BOILER\",\"price\":100000,\"channel\":\"store\"}");
  record(ledger, "{\"id\":\"5\",\"type\":\"delivered\",\"unit\":\"U2\",\"date\":\"2024-05-20\"}");

  {
    /* On 2025-06-01, 30 days ahead: U1 overdue since 2025-01-31; U2 due
     * 2025-05-20, its window [05-05, 06-04] still open. */
    struct ArrowArrayStream stream;
    struct read_table t;
    CHECK_OK(pv_ledger_maintenance_due(&stream, ledger, days(2025, 6, 1), 30));
    read_stream(&stream, &t);
    CHECK_STREQ(t.schema.format, "+s");
    CHECK_EQ(t.schema.n_children, 4);
    check_column(&t, 0, "unit", "u");
    check_column(&t, 1, "due", "tdD");
    check_column(&t, 2, "overdue", "b");
    check_column(&t, 3, "product", "u");
    CHECK(t.has_array);
    if (t.has_array) {
      CHECK_EQ(t.array.length, 2);
      check_string(t.array.children[0], 0, "U1");
      check_string(t.array.children[0], 1, "U2");
      CHECK_EQ(date_at(t.array.children[1], 0), days(2025, 1, 31));
      CHECK_EQ(date_at(t.array.children[1], 1), days(2025, 5, 20));
      CHECK_EQ(bool_at(t.array.children[2], 0), 1);
      CHECK_EQ(bool_at(t.array.children[2], 1), 0);
      check_string(t.array.children[3], 1, "BOILER");
    }
    free_table(&t);
  }
  {
    /* Compliance on 2025-06-01: U1 2 dues judged, 1 met; U2 none yet (null). */
    struct ArrowArrayStream stream;
    struct read_table t;
    CHECK_OK(pv_ledger_maintenance_compliance(&stream, ledger, days(2025, 6, 1)));
    read_stream(&stream, &t);
    CHECK_EQ(t.schema.n_children, 5);
    check_column(&t, 4, "compliance", "g");
    if (t.has_array) {
      CHECK_EQ(t.array.length, 2);
      CHECK_EQ(((const int64_t*)t.array.children[2]->buffers[1])[0], 2);
      CHECK_EQ(((const int64_t*)t.array.children[3]->buffers[1])[0], 1);
      CHECK(((const double*)t.array.children[4]->buffers[1])[0] == 0.5);
      CHECK(!is_valid(t.array.children[4], 1));
    }
    free_table(&t);
  }
  {
    /* May 2024 with the built-in default rules: U2's thank-you on the sale
     * (05-01), delivery check call on delivery (05-20), survey 7 days after
     * (05-27); three contacts in 30 days, the cap exactly. U1 has nothing in
     * May (its yearly call is on 01-10, its reminders in January). */
    struct ArrowArrayStream stream;
    struct read_table t;
    CHECK_OK(pv_ledger_followups(&stream, ledger, days(2024, 5, 1), days(2024, 5, 31)));
    read_stream(&stream, &t);
    CHECK_EQ(t.schema.n_children, 7);
    check_column(&t, 0, "date", "tdD");
    check_column(&t, 3, "touchpoint", "u");
    check_column(&t, 5, "priority", "l");
    check_column(&t, 6, "moved_from", "tdD");
    if (t.has_array) {
      CHECK_EQ(t.array.length, 3);
      CHECK_EQ(date_at(t.array.children[0], 0), days(2024, 5, 1));
      CHECK_EQ(date_at(t.array.children[0], 1), days(2024, 5, 20));
      CHECK_EQ(date_at(t.array.children[0], 2), days(2024, 5, 27));
      check_string(t.array.children[1], 0, "C-U2");
      check_string(t.array.children[2], 2, "U2");
      check_string(t.array.children[3], 0, "thank_you");
      check_string(t.array.children[3], 1, "delivery_check");
      check_string(t.array.children[3], 2, "delivery_survey");
      check_string(t.array.children[4], 1, "phone");
      CHECK(!is_valid(t.array.children[6], 0));
    }
    free_table(&t);
  }
  {
    /* Errors change nothing and fill nothing. */
    struct ArrowArrayStream stream;
    static const char kBad[] = "{\"name\": \"x\", \"rules\": [{\"touchpoint\": \"t\"}]}";
    stream.release = NULL;
    CHECK_STATUS(pv_ledger_maintenance_due(&stream, ledger, days(2025, 6, 1), -1),
                 PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "horizon_days: must be 0 or more, got -1");
    CHECK(stream.release == NULL);
    CHECK_STATUS(pv_ledger_maintenance_due(NULL, ledger, 0, 0), PV_INVALID_ARGUMENT);
    CHECK_STATUS(pv_ledger_followups(&stream, NULL, 0, 0), PV_INVALID_ARGUMENT);
    CHECK_STATUS(pv_ledger_followups(&stream, ledger, days(2024, 5, 31), days(2024, 5, 1)),
                 PV_INVALID_ARGUMENT);
    CHECK_STATUS(pv_ledger_add_followups_json(ledger, kBad, strlen(kBad)), PV_INVALID_ARGUMENT);
    CHECK(stream.release == NULL);
  }
  pv_ledger_free(ledger);
  return check_report();
}
