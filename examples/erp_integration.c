/* erp_integration.c — an ERP's after-sales connector, through the C ABI.
 *
 * What the connector does, in small: it opens the company's durable ledger,
 * makes sure the product is in the catalog, sends the ERP documents about one
 * unit as events (the invoice, the delivery note, the installation work order,
 * the repair order), then, when the customer calls with a new fault, asks for
 * the warranty decision and prints it with its reasons.
 *
 * It can be run again on the same file: the product and the events are
 * recognised (same SKU, same document ids, same content) and nothing is
 * stored twice, which is what makes an ERP's retries safe.
 *
 *   cc erp_integration.c $(pkg-config --cflags --libs postventa) -o erp_integration
 *   ./erp_integration /tmp/company.pvl
 *
 * Exits 0 when every call succeeded, 1 (after printing the library's message)
 * on the first failure.
 *
 * The decision it prints, worked out from the policies (SPEC §2.3): delivered
 * 2024-01-12, the legal guarantee (legal-es) runs 36 months to 2027-01-12,
 * plus the 7 days the boiler spent in repair (2025-02-03 to 2025-02-10):
 * 2027-01-19. On 2026-06-15 it covers parts, labor and travel at 100 %; the
 * maker's warranty also covers parts at 100 % (to 2029-01-15) but the legal
 * guarantee comes first in a tie. The company pays the whole quote,
 * 120.00 + 90.00 + 45.00 = 255.00 EUR; the presumption (24 months, to
 * 2026-01-12) is over. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postventa/postventa.h"

/* A boiler installed by a specialist: the Spanish legal guarantee, and the
 * maker's 5-year parts warranty from installation (labor 2 years, no travel),
 * void if the customer installs it. */
static const char kBoiler[] =
    "{\"sku\": \"CAL-24\", \"name\": \"Caldera de condensacion 24 kW\","
    " \"category\": \"heating\", \"installation\": \"specialist\","
    " \"warranties\": [\"legal-es\","
    "   {\"name\": \"maker-5y\", \"kind\": \"commercial\", \"starts_at\": \"installation\","
    "    \"parts\": {\"percent\": 100, \"months\": 60},"
    "    \"labor\": {\"percent\": 100, \"months\": 24},"
    "    \"travel\": {\"percent\": 0, \"months\": 0},"
    "    \"requires_specialist_installation\": true}]}";

/* Stops the program with the library's message when a call failed. */
static void must(pv_status status, const char* what) {
  if (status == PV_OK) return;
  fprintf(stderr, "erp_integration: %s failed (status %d): %s\n", what, (int)status,
          pv_last_error());
  exit(1);
}

/* An ERP date "YYYY-MM-DD" as a pv_date. */
static pv_date day(const char* iso) {
  pv_date d = 0;
  must(pv_date_parse(&d, iso), iso);
  return d;
}

/* An event for the unit with the ERP document's id and date. */
static pv_event document(pv_event_type type, const char* doc_id, const char* unit,
                         const char* date) {
  pv_event e;
  pv_event_init(&e, sizeof e);
  e.type = type;
  e.id = doc_id;
  e.unit = unit;
  e.date = day(date);
  return e;
}

static void print_money(const char* label, int64_t cents) {
  printf("%s%" PRId64 ".%02" PRId64 " EUR\n", label, cents / 100, cents % 100);
}

static void print_component(const char* name, const pv_component_cover* c) {
  char* ends = NULL;
  printf("  %-6s %3d %%", name, (int)c->percent);
  if (c->policy != NULL) printf(" by %s", c->policy);
  if (c->has_ends_on) {
    must(pv_date_format(&ends, c->ends_on), "pv_date_format");
    printf(" until %s", ends);
    pv_free(ends);
  }
  printf("; company %" PRId64 ", customer %" PRId64 " cents\n", c->company_cost, c->customer_cost);
}

int main(int argc, char** argv) {
  static const char* const kRemedies[] = {"none", "repair", "replace or refund"};
  const char* unit = "SN-CAL24-000731";
  pv_ledger* ledger = NULL;
  pv_event sale_day[3];
  pv_event repair[2];
  pv_record_result result;
  pv_decision* decision = NULL;
  char* json = NULL;
  size_t i;

  if (argc != 2) {
    fprintf(stderr, "usage: %s LEDGER_FILE\n", argv[0]);
    return 2;
  }
  /* The header this program was built with and the library it loaded agree. */
  if (pv_version_number() / 10000 != PV_VERSION_MAJOR) {
    fprintf(stderr, "erp_integration: built for postventa %s, loaded %s\n", PV_VERSION_STRING,
            pv_version_string());
    return 1;
  }

  must(pv_ledger_open(&ledger, argv[1]), "pv_ledger_open");
  must(pv_ledger_add_product_json(ledger, kBoiler, strlen(kBoiler)), "adding product CAL-24");

  /* The invoice, the delivery note and the installation work order, sent as
   * one batch: all stored or, if any is refused, none. */
  sale_day[0] = document(PV_EVENT_SOLD, "INV-2024-000118", unit, "2024-01-10");
  sale_day[0].customer = "CUST-4471";
  sale_day[0].product = "CAL-24";
  sale_day[0].channel = "installer-network";
  sale_day[0].price = 189000; /* 1890.00 EUR */
  sale_day[1] = document(PV_EVENT_DELIVERED, "DN-2024-000352", unit, "2024-01-12");
  sale_day[1].has_at = 1;
  sale_day[1].at = (pv_instant)sale_day[1].date * 86400 + 9 * 3600 + 40 * 60; /* 09:40Z */
  sale_day[2] = document(PV_EVENT_INSTALLED, "WO-2024-000097", unit, "2024-01-15");
  sale_day[2].by = "specialist";
  must(pv_ledger_record(&result, ledger, sale_day, 3), "recording the sale");
  printf("sale, delivery, installation: %" PRId64 " stored, %" PRId64 " already there\n",
         result.stored, result.duplicates);

  /* The repair order: received and returned. */
  repair[0] = document(PV_EVENT_REPAIR_RECEIVED, "RMA-2025-000031", unit, "2025-02-03");
  repair[0].fault = "ignition";
  repair[0].case_id = "CASE-2025-0210";
  repair[1] = document(PV_EVENT_REPAIR_RETURNED, "RMA-2025-000031-R", unit, "2025-02-10");
  repair[1].outcome = "fixed";
  repair[1].parts_cost = 8500;
  repair[1].labor_cost = 6000;
  must(pv_ledger_record(&result, ledger, repair, 2), "recording the repair");
  printf("repair: %" PRId64 " stored, %" PRId64 " already there\n", result.stored,
         result.duplicates);

  /* The customer calls on 2026-06-15: the ignition fails again. The service
   * desk quotes 120.00 parts, 90.00 labor and 45.00 travel. */
  must(pv_ledger_assess_claim(&decision, ledger, unit, day("2026-06-15"), "ignition", 12000, 9000,
                              4500),
       "assessing the claim");
  printf("\nclaim on %s, 2026-06-15, fault \"ignition\":\n", unit);
  printf("  covered: %s; basis: %s; remedy: %s%s\n", decision->covered ? "yes" : "no",
         decision->basis != NULL ? decision->basis : "none",
         decision->remedy >= 0 && decision->remedy <= 2 ? kRemedies[decision->remedy] : "?",
         decision->presumed_nonconformity ? "; fault presumed present at delivery" : "");
  print_component("parts", &decision->parts);
  print_component("labor", &decision->labor);
  print_component("travel", &decision->travel);
  print_money("  the company pays ", decision->company_cost);
  print_money("  the customer pays ", decision->customer_cost);
  printf("  reasons:\n");
  for (i = 0; i < decision->reason_count; ++i) printf("    %s\n", decision->reasons[i]);
  pv_decision_free(decision);

  /* The same decision as JSON, for the ERP's own records. */
  must(pv_ledger_assess_claim_json(&json, ledger, unit, day("2026-06-15"), "ignition", 12000, 9000,
                                   4500),
       "assessing the claim as JSON");
  printf("\n%s\n", json);
  pv_free(json);

  must(pv_ledger_close(ledger), "closing the ledger");
  pv_ledger_free(ledger);
  return 0;
}
