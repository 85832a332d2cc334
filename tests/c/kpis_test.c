/* KPIs through the C ABI (SPEC §8, §9.1): pv_ledger_kpis as an Arrow stream,
 * with and without options, and its errors. A small April, worked by hand in
 * the comments (tests/cpp/ledger_kpis_test.cc has the whole story). April
 * 2025 starts on a Tuesday. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arrow_read.h"
#include "check.h"
#include "postventa/postventa.h"

static const char kKettle[] =
    "{\"sku\": \"KETTLE\", \"installation\": \"none\", \"warranties\": [{\"name\": \"shop-1y\", "
    "\"kind\": \"commercial\", \"starts_at\": \"delivery\", \"parts\": {\"percent\": 100, "
    "\"months\": 12}, \"labor\": {\"percent\": 50, \"months\": 12}, \"travel\": {\"percent\": 0, "
    "\"months\": 0}}]}";
static const char kOffice[] =
    "{\"timezone\": \"UTC\", \"week\": {\"mon\": [[\"09:00\",\"17:00\"]], \"tue\": "
    "[[\"09:00\",\"17:00\"]], \"wed\": [[\"09:00\",\"17:00\"]], \"thu\": [[\"09:00\",\"17:00\"]], "
    "\"fri\": [[\"09:00\",\"17:00\"]]}, \"holidays\": [\"2025-04-08\"]}";

static void record(pv_ledger* ledger, const char* json) {
  CHECK_OK(pv_ledger_record_json(NULL, ledger, json, strlen(json)));
}

/* The row of KPI `kpi` in the block starting at `first`. */
static int64_t row_of(const struct read_table* t, int64_t first, const char* kpi) {
  const struct ArrowArray* names = t->array.children[1];
  const int32_t* offsets = (const int32_t*)names->buffers[1];
  const char* data = (const char*)names->buffers[2];
  int64_t row;
  for (row = first; row < t->array.length; ++row) {
    const size_t len = (size_t)(offsets[row + 1] - offsets[row]);
    if (len == strlen(kpi) && strncmp(data + offsets[row], kpi, len) == 0) return row;
  }
  CHECK(0 && "kpi missing");
  return first;
}

int main(void) {
  pv_ledger* ledger = NULL;
  pv_calendar* office = NULL;
  CHECK_OK(pv_ledger_open_memory(&ledger));
  if (ledger == NULL) return check_report();
  CHECK_OK(pv_ledger_add_product_json(ledger, kKettle, strlen(kKettle)));
  CHECK_OK(pv_calendar_new_from_json(&office, kOffice, strlen(kOffice)));
  CHECK_OK(pv_ledger_add_calendar(ledger, "office", office));
  pv_calendar_free(office);
  /* K1 delivered ok; K2 delivered late. K1's repair: Fri 04 -> Wed 09, parts
   * 100.00 (covered 100 %) and labour 40.00 (50 %): the company pays 120.00;
   * working days [04, 09): Fri, Mon, Tue = 3 (2 on the office calendar,
   * whose Tuesday the 8th is a holiday). */
  record(ledger,
         "{\"id\":\"1\",\"type\":\"sold\",\"unit\":\"K1\",\"date\":\"2025-04-01\","
         "\"customer\":\"A\",\"product\":\"KETTLE\",\"price\":3000,\"channel\":\"store\"}");
  record(ledger, "{\"id\":\"2\",\"type\":\"delivered\",\"unit\":\"K1\",\"date\":\"2025-04-02\"}");
  record(ledger,
         "{\"id\":\"3\",\"type\":\"delivery_checked\",\"unit\":\"K1\",\"date\":\"2025-04-02\","
         "\"outcome\":\"ok\"}");
  record(ledger,
         "{\"id\":\"4\",\"type\":\"sold\",\"unit\":\"K2\",\"date\":\"2025-04-01\","
         "\"customer\":\"B\",\"product\":\"KETTLE\",\"price\":3000,\"channel\":\"referral\"}");
  record(ledger, "{\"id\":\"5\",\"type\":\"delivered\",\"unit\":\"K2\",\"date\":\"2025-04-03\"}");
  record(ledger,
         "{\"id\":\"6\",\"type\":\"delivery_checked\",\"unit\":\"K2\",\"date\":\"2025-04-03\","
         "\"outcome\":\"late\"}");
  record(ledger,
         "{\"id\":\"7\",\"type\":\"repair_received\",\"unit\":\"K1\",\"date\":\"2025-04-04\","
         "\"fault\":\"heater\"}");
  record(ledger,
         "{\"id\":\"8\",\"type\":\"repair_returned\",\"unit\":\"K1\",\"date\":\"2025-04-09\","
         "\"outcome\":\"fixed\",\"parts_cost\":10000,\"labor_cost\":4000}");

  {
    /* Defaults: the total, then KETTLE. */
    struct ArrowArrayStream stream;
    struct read_table t;
    int64_t r;
    CHECK_OK(pv_ledger_kpis(&stream, ledger, days(2025, 4, 1), days(2025, 4, 30), NULL));
    read_stream(&stream, &t);
    CHECK_EQ(t.schema.n_children, 6);
    check_column(&t, 0, "product", "u");
    check_column(&t, 1, "kpi", "u");
    check_column(&t, 2, "value", "g");
    check_column(&t, 3, "n", "l");
    check_column(&t, 4, "total", "g");
    check_column(&t, 5, "unit", "u");
    if (t.has_array) {
      const int64_t per = t.array.length / 2;
      CHECK_EQ(t.array.length % 2, 0);
      check_string(t.array.children[0], 0, NULL);
      check_string(t.array.children[0], per, "KETTLE");
      r = row_of(&t, 0, "on_time_delivery");
      CHECK(double_at(t.array.children[2], r) == 0.5);
      CHECK_EQ(int_at(t.array.children[3], r), 2);
      check_string(t.array.children[5], r, "ratio");
      r = row_of(&t, per, "warranty_cost_per_unit_sold");
      CHECK(double_at(t.array.children[2], r) == 6000.0); /* 120.00 over 2 units */
      CHECK(double_at(t.array.children[4], r) == 12000.0);
      check_string(t.array.children[5], r, "minor_units");
      r = row_of(&t, 0, "mean_time_to_repair");
      CHECK(double_at(t.array.children[2], r) == 3.0);
      r = row_of(&t, 0, "median_time_to_repair");
      CHECK(!is_valid(t.array.children[4], r)); /* no total for a median */
      r = row_of(&t, 0, "referral_count");
      CHECK(double_at(t.array.children[2], r) == 1.0);
      r = row_of(&t, 0, "resolution_sla");
      CHECK(!is_valid(t.array.children[2], r)); /* nothing measured */
      CHECK_EQ(int_at(t.array.children[3], r), 0);
    }
    free_table(&t);
  }
  {
    /* The total only, on the office calendar. */
    struct ArrowArrayStream stream;
    struct read_table t;
    pv_kpi_options options;
    memset(&options, 0, sizeof options);
    options.struct_size = sizeof options;
    options.by_product = 0;
    options.calendar = "office";
    CHECK_OK(pv_ledger_kpis(&stream, ledger, days(2025, 4, 1), days(2025, 4, 30), &options));
    read_stream(&stream, &t);
    if (t.has_array) {
      const int64_t r = row_of(&t, 0, "mean_time_to_repair");
      CHECK(double_at(t.array.children[2], r) == 2.0);
      check_string(t.array.children[0], t.array.length - 1, NULL); /* no product block */
    }
    free_table(&t);
  }
  {
    /* Errors fill nothing. */
    struct ArrowArrayStream stream;
    pv_kpi_options options;
    memset(&options, 0, sizeof options);
    stream.release = NULL;
    options.struct_size = 4;
    CHECK_STATUS(pv_ledger_kpis(&stream, ledger, 0, 0, &options), PV_INVALID_ARGUMENT);
    CHECK_CONTAINS(pv_last_error(), "options.struct_size: 4 is not sizeof(pv_kpi_options)");
    options.struct_size = sizeof options;
    options.calendar = "nowhere";
    CHECK_STATUS(pv_ledger_kpis(&stream, ledger, 0, 0, &options), PV_NOT_FOUND);
    CHECK_CONTAINS(pv_last_error(), "calendar: \"nowhere\" is not in this ledger");
    CHECK_STATUS(pv_ledger_kpis(&stream, ledger, 10, 9, NULL), PV_INVALID_ARGUMENT);
    CHECK_STATUS(pv_ledger_kpis(NULL, ledger, 0, 0, NULL), PV_INVALID_ARGUMENT);
    CHECK_STATUS(pv_ledger_kpis(&stream, NULL, 0, 0, NULL), PV_INVALID_ARGUMENT);
    CHECK(stream.release == NULL);
  }
  CHECK_OK(pv_ledger_close(ledger));
  pv_ledger_free(ledger);
  return check_report();
}
