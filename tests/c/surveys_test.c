/* Surveys through the C ABI (SPEC §7, §9.1): a custom instrument added as
 * JSON, a multi-question answer given as a pv_event with NaN for a skipped
 * question, answers checked against their scale, and the survey_answers and
 * survey_responses Arrow streams. The same story as
 * tests/cpp/ledger_surveys_test.cc; the expected rows are worked out by hand in
 * the comments. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arrow_read.h"
#include "check.h"
#include "postventa/postventa.h"

static const char kWasher[] =
    "{\"sku\": \"WASHER\", \"installation\": \"none\", \"warranties\": [\"legal-es\"]}";
/* Three questions on different scales, weights 2, 1, 1. */
static const char kKiosk[] =
    "{\"name\": \"kiosk\", \"questions\": [{\"id\": \"speed\", \"min\": 1, \"max\": 5, "
    "\"weight\": 2}, {\"id\": \"staff\", \"min\": 0, \"max\": 10}, {\"id\": \"clean\", "
    "\"min\": 1, \"max\": 3}]}";

static void record(pv_ledger* ledger, const char* json) {
  CHECK_OK(pv_ledger_record_json(NULL, ledger, json, strlen(json)));
}

int main(void) {
  pv_ledger* ledger = NULL;
  CHECK_OK(pv_ledger_open_memory(&ledger));
  if (ledger == NULL) return check_report();
  CHECK_OK(pv_ledger_add_product_json(ledger, kWasher, strlen(kWasher)));
  record(ledger,
         "{\"id\":\"1\",\"type\":\"sold\",\"unit\":\"W1\",\"date\":\"2025-03-03\","
         "\"customer\":\"C1\",\"product\":\"WASHER\",\"price\":50000,\"channel\":\"store\"}");
  record(ledger, "{\"id\":\"2\",\"type\":\"delivered\",\"unit\":\"W1\",\"date\":\"2025-03-05\"}");
  /* 03-10 C1/W1 sent digital nps, answered 03-11 (9); 03-20 C2 sent by
   * interviewer, never answered. */
  record(ledger,
         "{\"id\":\"3\",\"type\":\"survey_sent\",\"unit\":\"W1\",\"date\":\"2025-03-10\","
         "\"customer\":\"C1\",\"channel\":\"digital\",\"instrument\":\"nps\"}");
  record(ledger,
         "{\"id\":\"4\",\"type\":\"survey_answered\",\"unit\":\"W1\",\"date\":\"2025-03-11\","
         "\"customer\":\"C1\",\"channel\":\"digital\",\"instrument\":\"nps\",\"score\":9}");
  record(ledger,
         "{\"id\":\"5\",\"type\":\"survey_sent\",\"date\":\"2025-03-20\","
         "\"customer\":\"C2\",\"channel\":\"interviewer\",\"instrument\":\"nps\"}");

  {
    /* An unknown instrument, then the kiosk answer as a struct. */
    const double answers[3] = {5, NAN, 2};
    pv_event e;
    pv_event_init(&e, sizeof e);
    e.type = PV_EVENT_SURVEY_ANSWERED;
    e.id = "6";
    e.date = days(2025, 3, 21);
    e.customer = "C3";
    e.channel = "paper";
    e.instrument = "kiosk";
    e.answers = answers;
    e.answer_count = 3;
    CHECK_STATUS(pv_ledger_record(NULL, ledger, &e, 1), PV_FAILED_PRECONDITION);
    CHECK_CONTAINS(pv_last_error(), "events[0]: instrument: \"kiosk\" is not in this ledger");
    CHECK_OK(pv_ledger_add_instrument_json(ledger, kKiosk, strlen(kKiosk)));
    CHECK_OK(pv_ledger_add_instrument_json(ledger, kKiosk, strlen(kKiosk))); /* a no-op */
    {
      const double wrong[3] = {5, 11, 2};
      e.answers = wrong;
      CHECK_STATUS(pv_ledger_record(NULL, ledger, &e, 1), PV_INVALID_ARGUMENT);
      CHECK_STREQ(pv_last_error(),
                  "events[0]: answers[1]: 11 is outside the scale 0-10 of question \"staff\"");
      e.answers = NULL;
      CHECK_STATUS(pv_ledger_record(NULL, ledger, &e, 1), PV_INVALID_ARGUMENT);
      CHECK_STREQ(pv_last_error(), "events[0].answers: NULL with answer_count 3");
    }
    e.answers = answers;
    CHECK_OK(pv_ledger_record(NULL, ledger, &e, 1));
  }
  {
    /* March: the nps 9 (sent 03-10) and the kiosk answer, unsolicited, with
     * index 100 * (2 * 1 + 1 * 0.5) / 3 = 83.33 (speed 5 on 1-5, clean 2 on
     * 1-3, staff skipped). */
    struct ArrowArrayStream stream;
    struct read_table t;
    CHECK_OK(pv_ledger_survey_answers(&stream, ledger, days(2025, 3, 1), days(2025, 3, 31)));
    read_stream(&stream, &t);
    CHECK_EQ(t.schema.n_children, 10);
    CHECK_STREQ(t.schema.children[8]->name, "score");
    CHECK_STREQ(t.schema.children[8]->format, "g");
    CHECK_STREQ(t.schema.children[9]->name, "sent");
    if (t.has_array) {
      CHECK_EQ(t.array.length, 2);
      check_string(t.array.children[0], 0, "4");
      check_string(t.array.children[5], 0, "WASHER");
      CHECK(double_at(t.array.children[8], 0) == 9.0);
      CHECK_EQ(date_at(t.array.children[9], 0), days(2025, 3, 10));
      check_string(t.array.children[3], 1, NULL); /* no unit */
      check_string(t.array.children[7], 1, "kiosk");
      CHECK(fabs(double_at(t.array.children[8], 1) - 250.0 / 3.0) < 1e-12);
      CHECK(!is_valid(t.array.children[9], 1));
    }
    free_table(&t);
  }
  {
    /* Response rates for March by month: digital/WASHER/nps 1 of 1;
     * interviewer/-/nps 0 of 1. */
    struct ArrowArrayStream stream;
    struct read_table t;
    CHECK_OK(pv_ledger_survey_responses(&stream, ledger, days(2025, 3, 1), days(2025, 3, 31),
                                        PV_PERIOD_MONTH));
    read_stream(&stream, &t);
    CHECK_EQ(t.schema.n_children, 7);
    CHECK_STREQ(t.schema.children[6]->name, "rate");
    if (t.has_array) {
      CHECK_EQ(t.array.length, 2);
      CHECK_EQ(date_at(t.array.children[0], 0), days(2025, 3, 1));
      check_string(t.array.children[1], 0, "digital");
      check_string(t.array.children[2], 0, "WASHER");
      check_string(t.array.children[1], 1, "interviewer");
      check_string(t.array.children[2], 1, NULL);
      CHECK_EQ(int_at(t.array.children[4], 1), 1);
      CHECK_EQ(int_at(t.array.children[5], 1), 0);
      CHECK(double_at(t.array.children[6], 0) == 1.0);
      CHECK(double_at(t.array.children[6], 1) == 0.0);
    }
    free_table(&t);
  }
  {
    /* Errors change nothing and fill nothing. */
    struct ArrowArrayStream stream;
    stream.release = NULL;
    CHECK_STATUS(pv_ledger_survey_responses(&stream, ledger, 0, 0, 9), PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(),
                "period: 9 is not a pv_survey_period (PV_PERIOD_DAY..PV_PERIOD_ALL)");
    CHECK_STATUS(pv_ledger_survey_answers(&stream, ledger, 10, 9), PV_INVALID_ARGUMENT);
    CHECK_STATUS(pv_ledger_survey_answers(NULL, ledger, 0, 0), PV_INVALID_ARGUMENT);
    CHECK_STATUS(pv_ledger_add_instrument_json(ledger, "{\"name\": \"nps\"}", 15),
                 PV_INVALID_ARGUMENT);
    CHECK(stream.release == NULL);
  }
  pv_ledger_free(ledger);
  return check_report();
}
