/* List results through the C ABI as Arrow C streams (SPEC §4, §6, §9.1):
 * pv_ledger_maintenance_due, pv_ledger_maintenance_compliance and
 * pv_ledger_followups, read the way a C consumer reads any Arrow stream
 * (get_schema, get_next until a released array, release). The expected rows
 * are worked out by hand in the comments. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arrow_read.h"
#include "check.h"
#include "postventa/postventa.h"

/* A boiler serviced every 12 months from delivery, 15 days of grace. */
static const char kBoiler[] =
    "{\"sku\": \"BOILER\", \"installation\": \"none\", \"warranties\": [\"legal-es\"], "
    "\"maintenance\": {\"every_months\": 12, \"anchor\": \"fixed\", \"grace_days\": 15}}";

static void record(pv_ledger* ledger, const char* json) {
  CHECK_OK(pv_ledger_record_json(NULL, ledger, json, strlen(json)));
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
