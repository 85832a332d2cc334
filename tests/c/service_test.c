/* Service cases and SLAs through the C ABI (SPEC §5, §9.1): the policy as JSON,
 * case events as JSON, and the status as a struct and as canonical JSON. The
 * expected figures are worked out by hand in the comments (the same case as
 * tests/cpp/ledger_test.cc, so the faces can be compared). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "postventa/postventa.h"

/* UTC, Monday to Friday 09:00-17:00. */
static const char kOffice[] =
    "{\"timezone\": \"UTC\", \"week\": {\"mon\": [[\"09:00\",\"17:00\"]], \"tue\": "
    "[[\"09:00\",\"17:00\"]], \"wed\": [[\"09:00\",\"17:00\"]], \"thu\": [[\"09:00\",\"17:00\"]], "
    "\"fri\": [[\"09:00\",\"17:00\"]]}}";
/* high: 1 h to respond, 8 h to resolve. */
static const char kSla[] =
    "{\"name\": \"std\", \"calendar\": \"office\", \"targets\": {\"high\": "
    "{\"first_response\": 3600, \"resolution\": 28800}}}";

static const char* const kEvents[] = {
    "{\"id\":\"c1\",\"type\":\"case_opened\",\"case\":\"K1\",\"kind\":\"repair\","
    "\"priority\":\"high\",\"customer\":\"C1\",\"sla\":\"std\",\"at\":\"2025-03-03T16:00:00Z\"}",
    "{\"id\":\"c2\",\"type\":\"case_status\",\"case\":\"K1\",\"status\":\"responded\","
    "\"at\":\"2025-03-03T16:30:00Z\"}",
    "{\"id\":\"c3\",\"type\":\"case_status\",\"case\":\"K1\",\"status\":\"waiting_customer\","
    "\"at\":\"2025-03-04T10:00:00Z\"}",
    "{\"id\":\"c4\",\"type\":\"case_status\",\"case\":\"K1\",\"status\":\"in_progress\","
    "\"at\":\"2025-03-06T10:00:00Z\"}",
};

/* 2025-03-03T00:00:00Z is day 20150 since 1970-01-01 (55 years with 14 leap
 * days = 20089 days to 2025-01-01, plus 31 + 28 + 2). */
#define MONDAY_0H ((pv_instant)20150 * 86400)
#define HOUR 3600

int main(void) {
  pv_ledger* ledger = NULL;
  pv_calendar* office = NULL;
  size_t i;
  CHECK_OK(pv_ledger_open_memory(&ledger));
  CHECK_OK(pv_calendar_new_from_json(&office, kOffice, strlen(kOffice)));
  if (ledger == NULL || office == NULL) return check_report();
  CHECK_OK(pv_ledger_add_calendar(ledger, "office", office));
  CHECK_OK(pv_ledger_add_sla_json(ledger, kSla, strlen(kSla)));
  CHECK_OK(pv_ledger_add_sla_json(ledger, kSla, strlen(kSla))); /* the same again: no-op */
  for (i = 0; i < sizeof kEvents / sizeof kEvents[0]; ++i) {
    CHECK_OK(pv_ledger_record_json(NULL, ledger, kEvents[i], strlen(kEvents[i])));
  }

  {
    /* Wednesday 12:00: resolution paused with Mon 16-17 + Tue 9-10 = 2 h used;
     * the first response (16:30, 30 min) met. */
    pv_sla_status status;
    memset(&status, 0xAB, sizeof status);
    status.struct_size = sizeof status;
    CHECK_OK(pv_ledger_sla_status(&status, ledger, "K1", MONDAY_0H + 2 * 86400 + 12 * HOUR));
    CHECK_EQ(status.struct_size, sizeof status);
    CHECK_EQ(status.first_response.state, PV_TARGET_MET);
    CHECK_EQ(status.first_response.elapsed, 1800);
    CHECK_EQ(status.first_response.target, 3600);
    CHECK_EQ(status.first_response.deadline, PV_NO_INSTANT);
    CHECK_EQ(status.resolution.state, PV_TARGET_PAUSED);
    CHECK_EQ(status.resolution.elapsed, 2 * HOUR);
    CHECK_EQ(status.resolution.deadline, PV_NO_INSTANT);

    /* Thursday 12:00: 4 h used, on track; the 4 h left end Thursday 16:00. */
    CHECK_OK(pv_ledger_sla_status(&status, ledger, "K1", MONDAY_0H + 3 * 86400 + 12 * HOUR));
    CHECK_EQ(status.resolution.state, PV_TARGET_ON_TRACK);
    CHECK_EQ(status.resolution.elapsed, 4 * HOUR);
    CHECK_EQ(status.resolution.target, 8 * HOUR);
    CHECK_EQ(status.resolution.deadline, MONDAY_0H + 3 * 86400 + 16 * HOUR);

    /* Thursday 15:00: 2 + 5 = 7 h used >= 0.8 x 8 h: at risk. Friday 10:00:
     * 2 + 7 (Thu 10-17) + 1 (Fri 9-10) = 10 h > 8 h: breached, since the 8 h
     * ran out on Thursday 16:00. */
    CHECK_OK(pv_ledger_sla_status(&status, ledger, "K1", MONDAY_0H + 3 * 86400 + 15 * HOUR));
    CHECK_EQ(status.resolution.state, PV_TARGET_AT_RISK);
    CHECK_OK(pv_ledger_sla_status(&status, ledger, "K1", MONDAY_0H + 4 * 86400 + 10 * HOUR));
    CHECK_EQ(status.resolution.state, PV_TARGET_BREACHED);
    CHECK_EQ(status.resolution.elapsed, 10 * HOUR);
    CHECK_EQ(status.resolution.deadline, MONDAY_0H + 3 * 86400 + 16 * HOUR);
  }
  {
    char* json = NULL;
    CHECK_OK(pv_ledger_sla_status_json(&json, ledger, "K1", MONDAY_0H + 3 * 86400 + 12 * HOUR));
    CHECK_STREQ(json,
                "{\"first_response\":{\"status\":\"met\",\"elapsed\":1800,\"deadline\":null,"
                "\"target\":3600},\"resolution\":{\"status\":\"on_track\",\"elapsed\":14400,"
                "\"deadline\":\"2025-03-06T16:00:00Z\",\"target\":28800}}");
    pv_free(json);
  }
  {
    /* Errors: NULLs, an unknown case, a bad struct_size, a bad policy. */
    pv_sla_status status;
    char* json = NULL;
    static const char kBad[] = "{\"name\": \"x\", \"calendar\": \"office\", \"targets\": {}}";
    status.struct_size = sizeof status;
    CHECK_STATUS(pv_ledger_sla_status(NULL, ledger, "K1", 0), PV_INVALID_ARGUMENT);
    CHECK_STATUS(pv_ledger_sla_status(&status, NULL, "K1", 0), PV_INVALID_ARGUMENT);
    CHECK_STREQ(pv_last_error(), "pv_ledger_sla_status: ledger is NULL");
    CHECK_STATUS(pv_ledger_sla_status(&status, ledger, NULL, 0), PV_INVALID_ARGUMENT);
    CHECK_STATUS(pv_ledger_sla_status(&status, ledger, "K9", 0), PV_NOT_FOUND);
    CHECK_STATUS(pv_ledger_sla_status_json(&json, ledger, "K1", MONDAY_0H), PV_INVALID_ARGUMENT);
    status.struct_size = 0;
    CHECK_STATUS(pv_ledger_sla_status(&status, ledger, "K1", MONDAY_0H + 86400),
                 PV_INVALID_ARGUMENT);
    CHECK_STATUS(pv_ledger_add_sla_json(ledger, kBad, strlen(kBad)), PV_INVALID_ARGUMENT);
    CHECK_STATUS(pv_ledger_add_sla_json(ledger, NULL, 0), PV_INVALID_ARGUMENT);
  }
  pv_calendar_free(office);
  pv_ledger_free(ledger);
  return check_report();
}
