/* Anomalies and corrective action through the C ABI (SPEC §8, seed 003):
 * anomaly records stored and listed as JSON, the verification of a ledger's
 * anomaly, and the verifications from counts and durations. Reference
 * values: statsmodels' proportions_ztest and lifelines' logrank_test (in the
 * comments); tests/cpp/ledger_corrective_test.cc has the whole story. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "postventa/postventa.h"

static const char kOven[] =
    "{\"sku\": \"OVEN\", \"installation\": \"none\", \"warranties\": [\"legal-es\"]}";
static const char kAnomaly[] =
    "{\"id\": \"AN-1\", \"detected\": \"2025-07-16\", \"description\": \"late deliveries\", "
    "\"implications\": [\"customers wait\"], \"cause\": \"supplier\", \"measures\": "
    "[{\"description\": \"second carrier\", \"date\": \"2025-08-01\"}], \"verification\": "
    "{\"kpi\": \"on_time_delivery\", \"product\": \"OVEN\"}}";

static void record(pv_ledger* ledger, const char* json) {
  CHECK_OK(pv_ledger_record_json(NULL, ledger, json, strlen(json)));
}

int main(void) {
  pv_ledger* ledger = NULL;
  char* text = NULL;
  CHECK_OK(pv_ledger_open_memory(&ledger));
  if (ledger == NULL) return check_report();
  CHECK_OK(pv_ledger_add_product_json(ledger, kOven, strlen(kOven)));
  /* One late delivery before the measure (July), one on time after. */
  record(ledger,
         "{\"id\":\"1\",\"type\":\"sold\",\"unit\":\"O1\",\"date\":\"2025-07-01\","
         "\"customer\":\"A\",\"product\":\"OVEN\",\"price\":1,\"channel\":\"store\"}");
  record(ledger, "{\"id\":\"2\",\"type\":\"delivered\",\"unit\":\"O1\",\"date\":\"2025-07-20\"}");
  record(ledger,
         "{\"id\":\"3\",\"type\":\"delivery_checked\",\"unit\":\"O1\",\"date\":\"2025-07-20\","
         "\"outcome\":\"late\"}");
  record(ledger,
         "{\"id\":\"4\",\"type\":\"sold\",\"unit\":\"O2\",\"date\":\"2025-08-01\","
         "\"customer\":\"B\",\"product\":\"OVEN\",\"price\":1,\"channel\":\"store\"}");
  record(ledger, "{\"id\":\"5\",\"type\":\"delivered\",\"unit\":\"O2\",\"date\":\"2025-08-03\"}");
  record(ledger,
         "{\"id\":\"6\",\"type\":\"delivery_checked\",\"unit\":\"O2\",\"date\":\"2025-08-03\","
         "\"outcome\":\"ok\"}");

  CHECK_OK(pv_ledger_put_anomaly_json(ledger, kAnomaly, strlen(kAnomaly)));
  CHECK_OK(pv_ledger_anomalies_json(&text, ledger));
  if (text != NULL) {
    CHECK_CONTAINS(text, "[{\"id\":\"AN-1\"");
    CHECK_CONTAINS(text, "\"cause\":\"supplier\"");
  }
  pv_free(text);
  text = NULL;

  /* As of 08-31: after [08-01, 08-31], before [07-01, 07-31]; one check a
   * side: too few for a verdict. */
  CHECK_OK(pv_ledger_verify_anomaly_json(&text, ledger, "AN-1", 20331 /* 2025-08-31 */, NULL));
  if (text != NULL) {
    CHECK_CONTAINS(text,
                   "\"windows\":{\"before\":{\"start\":\"2025-07-01\",\"end\":\"2025-07-31\"}");
    CHECK_CONTAINS(text, "\"n_before\":1,\"n_after\":1,\"value_before\":0.0,\"value_after\":1.0");
    CHECK_CONTAINS(text, "\"verdict\":\"inconclusive\"");
  }
  pv_free(text);
  text = NULL;

  /* Errors change nothing and fill nothing. */
  CHECK_STATUS(pv_ledger_verify_anomaly_json(&text, ledger, "AN-9", 20331, NULL), PV_NOT_FOUND);
  CHECK_STATUS(pv_ledger_verify_anomaly_json(&text, ledger, "AN-1", 20331, "nowhere"),
               PV_NOT_FOUND);
  /* 2025-07-31: before the measure, nothing after it yet. */
  CHECK_STATUS(pv_ledger_verify_anomaly_json(&text, ledger, "AN-1", 20300, NULL),
               PV_FAILED_PRECONDITION);
  CHECK_STATUS(pv_ledger_put_anomaly_json(ledger, "{\"id\": \"AN-2\"}", 13), PV_INVALID_ARGUMENT);
  CHECK_STATUS(pv_ledger_anomalies_json(NULL, ledger), PV_INVALID_ARGUMENT);
  CHECK(text == NULL);

  /* statsmodels proportions_ztest([36, 20], [40, 40]) = (3.903600291794133,
   * 9.477225139792279e-05): significant and higher is better. */
  CHECK_OK(pv_verify_rate_json(&text, 20, 40, 36, 40, 1, 0.05));
  if (text != NULL) {
    CHECK_CONTAINS(text, "\"test\":\"two_proportion_z\",\"direction\":\"higher\"");
    CHECK_CONTAINS(text, "\"statistic\":3.9036002917941");
    CHECK_CONTAINS(text, "\"improved\":true,\"verdict\":\"effective\"");
  }
  pv_free(text);
  text = NULL;
  /* The same change where lower is better: a significant worsening. */
  CHECK_OK(pv_verify_rate_json(&text, 20, 40, 36, 40, 0, 0.05));
  if (text != NULL) CHECK_CONTAINS(text, "\"improved\":false,\"verdict\":\"not_effective\"");
  pv_free(text);
  text = NULL;
  CHECK_STATUS(pv_verify_rate_json(&text, 41, 40, 36, 40, 1, 0.05), PV_INVALID_ARGUMENT);
  CHECK_STATUS(pv_verify_rate_json(&text, 20, 40, 36, 40, 1, 1.5), PV_INVALID_ARGUMENT);

  {
    /* lifelines logrank_test([0.5]*20 + [2]*20, [0.5]*36 + [2]*4):
     * chi2 15.04761904761905, p 0.00010483241731641469. */
    double before[40], after[40];
    uint8_t closed[40];
    int i;
    for (i = 0; i < 40; ++i) {
      before[i] = i < 20 ? 0.5 : 2.0;
      after[i] = i < 36 ? 0.5 : 2.0;
      closed[i] = 1;
    }
    CHECK_OK(pv_verify_durations_json(&text, before, closed, 40, after, closed, 40, 0.05));
    if (text != NULL) {
      CHECK_CONTAINS(text, "\"test\":\"logrank\",\"direction\":\"lower\"");
      CHECK_CONTAINS(text, "\"statistic\":15.0476190476");
      CHECK_CONTAINS(text, "\"verdict\":\"effective\"");
    }
    pv_free(text);
    text = NULL;
    CHECK_STATUS(pv_verify_durations_json(&text, NULL, closed, 3, after, closed, 40, 0.05),
                 PV_INVALID_ARGUMENT);
    before[2] = -1;
    CHECK_STATUS(pv_verify_durations_json(&text, before, closed, 40, after, closed, 40, 0.05),
                 PV_INVALID_ARGUMENT);
    CHECK_CONTAINS(pv_last_error(), "durations_before[2]");
  }
  CHECK(text == NULL);
  CHECK_OK(pv_ledger_close(ledger));
  pv_ledger_free(ledger);
  return check_report();
}
