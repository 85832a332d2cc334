// libFuzzer target: event ingestion through the C ABI (issue 8), the way an
// ERP feeds a ledger. The input is lines of JSON events, recorded one by one
// with pv_ledger_record_json and then again as one batch of pv_event structs
// decoded from the accepted ones. Properties beyond "no crash": a refused
// event changes nothing (the event count and the unit's history stay), an
// accepted one adds at most one event, and recording the accepted events a
// second time is a no-op (idempotent ERP retries).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "postventa/postventa.h"

namespace {

void Require(bool ok) {
  if (!ok) std::abort();
}

int64_t Count(const pv_ledger* ledger) {
  int64_t n = -1;
  Require(pv_ledger_event_count(&n, ledger) == PV_OK);
  return n;
}

constexpr char kProduct[] =
    R"({"sku": "P", "installation": "specialist", "training": true, "warranties": ["legal-es"],
        "maintenance": {"every_months": 12, "every_usage": 1000, "anchor": "fixed", "grace_days": 30}})";
constexpr char kSla[] =
    R"({"name": "std", "calendar": "es-madrid-fuzz",
        "targets": {"*": {"first_response": 3600, "resolution": 86400}}})";
constexpr char kCalendar[] =
    R"({"timezone": "Europe/Madrid", "week": {"mon": [["09:00","14:00"],["16:00","19:00"]],
        "tue": [["09:00","14:00"]], "fri": [["08:00","15:00"]]}, "holidays": ["annual:12-25"]})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pv_ledger* ledger = nullptr;
  Require(pv_ledger_open_memory(&ledger) == PV_OK);
  Require(pv_ledger_add_product_json(ledger, kProduct, std::strlen(kProduct)) == PV_OK);
  pv_calendar* calendar = nullptr;
  Require(pv_calendar_new_from_json(&calendar, kCalendar, std::strlen(kCalendar)) == PV_OK);
  Require(pv_ledger_add_calendar(ledger, "es-madrid-fuzz", calendar) == PV_OK);
  pv_calendar_free(calendar);
  Require(pv_ledger_add_sla_json(ledger, kSla, std::strlen(kSla)) == PV_OK);

  std::vector<std::string> accepted;
  const char* text = reinterpret_cast<const char*>(data);
  size_t begin = 0;
  while (begin <= size) {
    size_t end = begin;
    while (end < size && text[end] != '\n') ++end;
    const int64_t before = Count(ledger);
    pv_record_result result{};
    const pv_status status = pv_ledger_record_json(&result, ledger, text + begin, end - begin);
    const int64_t after = Count(ledger);
    if (status == PV_OK) {
      Require(after - before == result.stored && result.stored + result.duplicates == 1);
      accepted.emplace_back(text + begin, end - begin);
    } else {
      Require(after == before);  // a refused event changes nothing
      Require(pv_last_error() != nullptr && pv_last_error()[0] != '\0');
    }
    begin = end + 1;
  }
  // The accepted events again, one by one: all duplicates now.
  const int64_t total = Count(ledger);
  for (const std::string& json : accepted) {
    pv_record_result result{};
    Require(pv_ledger_record_json(&result, ledger, json.data(), json.size()) == PV_OK);
    Require(result.stored == 0 && result.duplicates == 1);
  }
  Require(Count(ledger) == total);
  // Whole-ledger queries over whatever was accepted: errors allowed, no crash.
  char* json = nullptr;
  if (pv_ledger_anomalies_json(&json, ledger) == PV_OK) pv_free(json);
  struct ArrowArrayStream stream;
  if (pv_ledger_kpis(&stream, ledger, 19000, 21000, nullptr) == PV_OK) stream.release(&stream);
  if (pv_ledger_maintenance_due(&stream, ledger, 20000, 60) == PV_OK) stream.release(&stream);
  if (pv_ledger_followups(&stream, ledger, 20000, 20030) == PV_OK) stream.release(&stream);
  Require(pv_ledger_close(ledger) == PV_OK);
  pv_ledger_free(ledger);
  return 0;
}
