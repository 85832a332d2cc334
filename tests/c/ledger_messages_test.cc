// ledger_messages_test.cc — a failing ledger call of the C ABI reports exactly
// the core's status: the same code and, byte for byte, the same message, so
// the C and Python faces agree (as abi_messages_test.cc does for time).
//
// Two ledgers with the same content are driven side by side: one through the
// shared libpostventa.so, one through the static C++ core this program links.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/ledger.h"
#include "postventa/postventa.h"
#include "postventa/time.h"
#include "postventa/warranty.h"

namespace {

int passed = 0;
int failed = 0;

void Expect(bool ok, const std::string& what) {
  if (ok) {
    ++passed;
    return;
  }
  ++failed;
  std::fprintf(stderr, "FAILED: %s\n", what.c_str());
}

// The last pv_ call returned `got` and left its error; it must match `expected`.
void ExpectSameError(const std::string& what, pv_status got, const absl::Status& expected) {
  const bool ok = !expected.ok() && got == static_cast<pv_status>(expected.code()) &&
                  pv_last_error_code() == got &&
                  std::string(pv_last_error()) == std::string(expected.message());
  if (ok) {
    ++passed;
    return;
  }
  ++failed;
  std::fprintf(stderr, "%s:\n    C:   status %d, \"%s\"\n    C++: status %d, \"%s\"\n",
               what.c_str(), static_cast<int>(got), got == PV_OK ? "" : pv_last_error(),
               static_cast<int>(expected.code()), std::string(expected.message()).c_str());
}

constexpr char kProduct[] =
    R"({"sku": "WM-1", "installation": "specialist",
        "warranties": ["legal-es",
          {"name": "maker-plus", "kind": "commercial", "starts_at": "installation",
           "parts": {"percent": 100, "months": 60}, "labor": {"percent": 100, "months": 48},
           "travel": {"percent": 50, "months": 48}, "max_repair_attempts": 1}]})";

// The history both ledgers start from.
const char* const kEvents[] = {
    R"({"id": "S-1", "type": "sold", "unit": "SN-1", "date": "2022-01-10",
        "customer": "C-1", "product": "WM-1", "channel": "store", "price": 59900})",
    R"({"id": "D-1", "type": "delivered", "unit": "SN-1", "date": "2022-01-15"})",
    R"({"id": "I-1", "type": "installed", "unit": "SN-1", "date": "2022-01-20", "by": "specialist"})",
    R"({"id": "RR-1", "type": "repair_received", "unit": "SN-1", "date": "2023-03-01",
        "fault": "pump"})",
    R"({"id": "RT-1", "type": "repair_returned", "unit": "SN-1", "date": "2023-03-11",
        "outcome": "fixed"})",
};

void BadProducts(pv_ledger* c, postventa::Ledger& cxx) {
  const char* const products[] = {
      R"({"sku": "X", "warranties": [{"preset": "legal-es", "parts": {"percent": 120}}]})",
      R"({"sku": "X", "warranties": ["legal-xx"]})",
      R"({"sku": "X", "installation": "robot"})",
      R"({"sku": "X", "colour": "blue"})",
      R"({"sku": "WM-1", "warranties": ["legal-es"]})",  // another product under WM-1
      R"({"sku": )",
      "",
  };
  for (const char* json : products) {
    const pv_status got = pv_ledger_add_product_json(c, json, std::strlen(json));
    absl::StatusOr<postventa::Product> product = postventa::parse_product(json);
    ExpectSameError(json, got, product.ok() ? cxx.add_product(*product) : product.status());
  }
}

void BadJsonEvents(pv_ledger* c, postventa::Ledger& cxx) {
  const char* const events[] = {
      // Not events.
      R"({"id": "X-1", "type": )",
      R"([1, 2])",
      R"({"id": "X-1", "type": "exploded", "unit": "SN-1", "date": "2024-01-01"})",
      R"({"id": "X-1", "type": "delivered", "unit": "SN-1", "date": "2024-02-30"})",
      R"({"id": "X-1", "type": "installed", "unit": "SN-1", "date": "2024-01-01", "by": "robot"})",
      R"({"id": "X-1", "type": "sold", "unit": "SN-9", "date": "2024-01-01"})",
      R"({"id": "X-1", "id": "X-2", "type": "delivered", "unit": "SN-1", "date": "2024-01-01"})",
      // Refused by the history (SPEC §3).
      R"({"id": "X-1", "type": "repair_returned", "unit": "SN-1", "date": "2024-05-01",
          "outcome": "fixed"})",
      R"({"id": "X-1", "type": "delivered", "unit": "SN-1", "date": "2024-05-01"})",
      R"({"id": "X-1", "type": "repair_received", "unit": "SN-1", "date": "2023-03-05",
          "fault": "door"})",
      // The same id with other content.
      R"({"id": "S-1", "type": "sold", "unit": "SN-1", "date": "2022-01-10",
          "customer": "C-1", "product": "WM-1", "channel": "store", "price": 60000})",
  };
  for (const char* json : events) {
    pv_record_result result;
    const pv_status got = pv_ledger_record_json(&result, c, json, std::strlen(json));
    absl::StatusOr<postventa::Event> event = postventa::parse_event(json);
    ExpectSameError(json, got, event.ok() ? cxx.record(*event).status() : event.status());
  }
}

// pv_ledger_record always takes the batch path: its messages are record_many's.
void BadBatches(pv_ledger* c, postventa::Ledger& cxx) {
  pv_event batch[3];
  for (pv_event& e : batch) pv_event_init(&e, sizeof e);
  batch[0].type = PV_EVENT_SOLD;
  batch[0].id = "S-2";
  batch[0].unit = "SN-2";
  batch[0].date = 19754;  // 2024-02-01: 2024-01-01 is day 20089 - 366 = 19723, + 31
  batch[0].customer = "C-2";
  batch[0].product = "WM-1";
  batch[0].channel = "web";
  batch[0].price = 45000;
  batch[1].type = PV_EVENT_DELIVERED;
  batch[1].id = "D-2";
  batch[1].unit = "SN-2";
  batch[1].date = 19756;  // 2024-02-03
  batch[2].type = PV_EVENT_REPAIR_RETURNED;
  batch[2].id = "RT-2";
  batch[2].unit = "SN-2";
  batch[2].date = 19758;  // 2024-02-05
  batch[2].outcome = "fixed";

  std::vector<postventa::Event> events(3);
  events[0].type = postventa::EventType::kSold;
  events[0].id = "S-2";
  events[0].unit = "SN-2";
  events[0].date = postventa::Date(2024, 2, 1);
  events[0].customer = "C-2";
  events[0].product = "WM-1";
  events[0].channel = "web";
  events[0].price = 45000;
  events[1].type = postventa::EventType::kDelivered;
  events[1].id = "D-2";
  events[1].unit = "SN-2";
  events[1].date = postventa::Date(2024, 2, 3);
  events[2].type = postventa::EventType::kRepairReturned;
  events[2].id = "RT-2";
  events[2].unit = "SN-2";
  events[2].date = postventa::Date(2024, 2, 5);
  events[2].outcome = "fixed";
  for (int i = 0; i < 3; ++i) {
    Expect(postventa::to_epoch_days(events[i].date) == batch[i].date, "day numbers of the batch");
  }

  pv_record_result result;
  ExpectSameError("batch: a return with no repair open at [2]",
                  pv_ledger_record(&result, c, batch, 3), cxx.record_many(events).status());
  // A field refused on its own at [1].
  batch[1].outcome = "ok";
  events[1].outcome = "ok";
  ExpectSameError("batch: outcome on a delivery at [1]", pv_ledger_record(&result, c, batch, 2),
                  cxx.record_many(absl::MakeConstSpan(events).first(2)).status());
  // Invalid UTF-8.
  batch[1].outcome = nullptr;
  events[1].outcome.clear();
  batch[1].unit = "SN-\xC3";
  events[1].unit = "SN-\xC3";
  ExpectSameError("batch: invalid UTF-8 at [1]", pv_ledger_record(&result, c, batch, 2),
                  cxx.record_many(absl::MakeConstSpan(events).first(2)).status());
  // One event is a batch of one: "events[0]: ".
  ExpectSameError("batch of one", pv_ledger_record(&result, c, &batch[2], 1),
                  cxx.record_many(absl::MakeConstSpan(events).subspan(2)).status());
}

void BadClaims(pv_ledger* c, postventa::Ledger& cxx) {
  pv_decision* d = nullptr;
  char* json = nullptr;
  const postventa::Date day(2024, 1, 1);
  const pv_date pday = static_cast<pv_date>(postventa::to_epoch_days(day));
  ExpectSameError("unknown unit", pv_ledger_assess_claim(&d, c, "SN-404", pday, "pump", 1, 1, 1),
                  cxx.assess_claim("SN-404", day, "pump", {1, 1, 1}).status());
  ExpectSameError("negative quote",
                  pv_ledger_assess_claim_json(&json, c, "SN-1", pday, "pump", 1, -1, 1),
                  cxx.assess_claim("SN-1", day, "pump", {1, -1, 1}).status());
  ExpectSameError("empty fault", pv_ledger_assess_claim(&d, c, "SN-1", pday, "", 1, 1, 1),
                  cxx.assess_claim("SN-1", day, "", {1, 1, 1}).status());
  // And a good claim gives the same JSON.
  const pv_date claim = static_cast<pv_date>(postventa::to_epoch_days(postventa::Date(2025, 3, 1)));
  if (pv_ledger_assess_claim_json(&json, c, "SN-1", claim, "pump", 10001, 5000, 999) == PV_OK) {
    absl::StatusOr<postventa::Decision> decision =
        cxx.assess_claim("SN-1", postventa::Date(2025, 3, 1), "pump", {10001, 5000, 999});
    Expect(decision.ok() && postventa::decision_to_json(*decision) == json,
           "the same decision JSON");
    pv_free(json);
  } else {
    Expect(false, std::string("assess_claim_json: ") + pv_last_error());
  }
}

}  // namespace

int main() {
  pv_ledger* c = nullptr;
  absl::StatusOr<std::unique_ptr<postventa::Ledger>> cxx = postventa::Ledger::open_memory();
  if (pv_ledger_open_memory(&c) != PV_OK || !cxx.ok()) {
    std::fprintf(stderr, "cannot open the ledgers\n");
    return 1;
  }
  Expect(pv_ledger_add_product_json(c, kProduct, std::strlen(kProduct)) == PV_OK, "C product");
  Expect((*cxx)->add_product(*postventa::parse_product(kProduct)).ok(), "C++ product");
  for (const char* json : kEvents) {
    pv_record_result result;
    Expect(pv_ledger_record_json(&result, c, json, std::strlen(json)) == PV_OK, json);
    Expect((*cxx)->record(*postventa::parse_event(json)).ok(), json);
  }
  BadProducts(c, **cxx);
  BadJsonEvents(c, **cxx);
  BadBatches(c, **cxx);
  BadClaims(c, **cxx);
  pv_ledger_free(c);
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
