// The ledger part of the C ABI (postventa.h, "The ledger"): pv_ledger over
// postventa::Ledger, pv_event over postventa::Event, pv_decision over
// postventa::Decision.
//
// Like postventa_c.cc, a translation layer only: every rule (event fields,
// lifecycle, idempotency, warranty) is the core's, and a core refusal comes
// back with the core's code and, byte for byte, its message. The checks made
// here are the ones only C needs: NULL pointers, the pv_event struct_size and
// array stride, and event type numbers outside the enum.
//
// Choices the header leaves open:
// - pv_ledger_record always goes through Ledger::record_many, even for one
//   event, so every refusal it reports starts with the event's position
//   ("events[0]: ..."), whatever the count. pv_ledger_record_json records one
//   event with Ledger::record: its messages carry no position.
// - A struct_size larger than this library's pv_event (a program built with a
//   newer header than the library it loaded) is refused: the newer fields
//   cannot be told absent from set, and silently dropping a set one would store
//   a different event than the caller sent (libgit2 refuses unknown versions
//   for the same reason).
// - The pv_event array is read with memcpy at the caller's stride, so a stride
//   that is not a multiple of the pointer alignment is read without undefined
//   behaviour.
// - The pv_event fields are all converted before the batch goes to the core, so
//   a C-level error (struct_size, type number) at a later position is reported
//   before a core refusal at an earlier one. Neither stores anything.
// - A pv_decision is one std::malloc block: the struct, then the reason
//   pointers, then the strings; pv_decision_free is std::free. `reasons` is
//   NULL when reason_count is 0.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "postventa/catalog.h"
#include "postventa/corrective.h"
#include "postventa/event.h"
#include "postventa/kpi.h"
#include "postventa/ledger.h"
#include "postventa/postventa.h"
#include "postventa/table.h"
#include "postventa/time.h"
#include "postventa/warranty.h"
#include "shim.h"

struct pv_ledger {
  std::unique_ptr<postventa::Ledger> ledger;
};

namespace {

using postventa::c_internal::DateOutOfRange;
using postventa::c_internal::Fail;
using postventa::c_internal::FromDate;
using postventa::c_internal::Guard;
using postventa::c_internal::MallocCopy;
using postventa::c_internal::NullArgument;
using postventa::c_internal::ToDate;

// ---- pv_event -> postventa::Event ----

// The smallest pv_event accepted: struct_size through `date`, the fields of the
// first version every event has.
constexpr size_t kMinEventSize = offsetof(pv_event, date) + sizeof(pv_date);

// Reads one field of an element that is `size` bytes long: false (absent) when
// the field lies beyond the caller's struct. memcpy, because the caller's
// stride need not keep the fields aligned.
template <typename T>
bool ReadField(const unsigned char* element, size_t size, size_t offset, T* out) {
  if (offset + sizeof(T) > size) return false;
  std::memcpy(out, element + offset, sizeof(T));
  return true;
}

absl::Status EventError(size_t index, absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("events[", index, "].", field, ": ", why));
}

// The element's size: at least the first version's mandatory prefix, at most
// this library's pv_event.
absl::Status CheckStructSize(size_t index, uint32_t size) {
  if (size < kMinEventSize) {
    return EventError(
        index, "struct_size",
        absl::StrCat(size, " is smaller than the smallest pv_event (", kMinEventSize,
                     " bytes, struct_size through date); set it to sizeof(pv_event)"));
  }
  if (size > sizeof(pv_event)) {
    return EventError(
        index, "struct_size",
        absl::StrCat(size, " is larger than this library's pv_event (", sizeof(pv_event),
                     " bytes): the program was built with a newer postventa.h than the library "
                     "it loaded (",
                     PV_VERSION_STRING, ")"));
  }
  return absl::OkStatus();
}

// The event in the `size`-byte element at `element` (the index is for messages).
absl::StatusOr<postventa::Event> ToEvent(const unsigned char* element, size_t size, size_t index) {
  postventa::Event event;
  // The mandatory prefix is within `size` (CheckStructSize).
  pv_event_type type = 0;
  ReadField(element, size, offsetof(pv_event, type), &type);
  if (postventa::event_type_name(static_cast<postventa::EventType>(type)).empty()) {
    return EventError(index, "type", absl::StrCat(type, " is not an event type"));
  }
  event.type = static_cast<postventa::EventType>(type);
  pv_date date = 0;
  ReadField(element, size, offsetof(pv_event, date), &date);
  event.date = ToDate(date);

  // NULL and "" are absent (an empty std::string is absent in the core).
  const auto text = [&](size_t offset, std::string* out) {
    const char* value = nullptr;
    if (ReadField(element, size, offset, &value) && value != nullptr) *out = value;
  };
  const auto whole = [&](size_t offset, std::optional<int64_t>* out) {
    int64_t value = PV_ABSENT_I64;
    if (ReadField(element, size, offset, &value) && value != PV_ABSENT_I64) *out = value;
  };
  const auto number = [&](size_t offset, std::optional<double>* out) {
    double value = std::numeric_limits<double>::quiet_NaN();
    if (ReadField(element, size, offset, &value) && !std::isnan(value)) *out = value;
  };

  text(offsetof(pv_event, id), &event.id);
  text(offsetof(pv_event, unit), &event.unit);
  int32_t has_at = 0;
  pv_instant at = 0;
  if (ReadField(element, size, offsetof(pv_event, has_at), &has_at) && has_at != 0 &&
      ReadField(element, size, offsetof(pv_event, at), &at)) {
    event.at = absl::FromUnixSeconds(at);
  }
  text(offsetof(pv_event, customer), &event.customer);
  text(offsetof(pv_event, product), &event.product);
  text(offsetof(pv_event, channel), &event.channel);
  text(offsetof(pv_event, outcome), &event.outcome);
  text(offsetof(pv_event, by), &event.by);
  text(offsetof(pv_event, fault), &event.fault);
  text(offsetof(pv_event, case_id), &event.case_id);
  text(offsetof(pv_event, new_unit), &event.new_unit);
  text(offsetof(pv_event, policy), &event.policy);
  text(offsetof(pv_event, reason), &event.reason);
  whole(offsetof(pv_event, price), &event.price);
  whole(offsetof(pv_event, parts_cost), &event.parts_cost);
  whole(offsetof(pv_event, labor_cost), &event.labor_cost);
  whole(offsetof(pv_event, amount), &event.amount);
  whole(offsetof(pv_event, attendees), &event.attendees);
  number(offsetof(pv_event, usage), &event.usage);
  text(offsetof(pv_event, kind), &event.kind);
  text(offsetof(pv_event, priority), &event.priority);
  text(offsetof(pv_event, sla), &event.sla);
  text(offsetof(pv_event, status), &event.status);
  text(offsetof(pv_event, instrument), &event.instrument);
  number(offsetof(pv_event, score), &event.score);
  const double* answers = nullptr;
  size_t answer_count = 0;
  if (ReadField(element, size, offsetof(pv_event, answers), &answers) &&
      ReadField(element, size, offsetof(pv_event, answer_count), &answer_count) &&
      answer_count > 0) {
    if (answers == nullptr) {
      return EventError(index, "answers", absl::StrCat("NULL with answer_count ", answer_count));
    }
    if (answer_count > 1000) {  // the core's limit, checked before copying
      return EventError(index, "answers", absl::StrCat(answer_count, " answers; at most 1000"));
    }
    event.answers.reserve(answer_count);
    for (size_t i = 0; i < answer_count; ++i) {
      if (std::isnan(answers[i])) {
        event.answers.emplace_back();
      } else {
        event.answers.emplace_back(answers[i]);
      }
    }
  }
  return event;
}

// The caller's array as core events: the stride is events[0].struct_size and
// every element must carry the same struct_size.
absl::StatusOr<std::vector<postventa::Event>> ToEvents(const pv_event* events, size_t count) {
  std::vector<postventa::Event> out;
  if (count == 0) return out;
  const auto* bytes = reinterpret_cast<const unsigned char*>(events);
  uint32_t stride = 0;
  std::memcpy(&stride, bytes, sizeof(stride));
  if (absl::Status s = CheckStructSize(0, stride); !s.ok()) return s;
  if (count > std::numeric_limits<size_t>::max() / stride) {
    return absl::InvalidArgumentError(absl::StrCat("count: ", count, " events of ", stride,
                                                   " bytes do not fit in the address space"));
  }
  if (count <= out.max_size()) out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const unsigned char* element = bytes + i * stride;
    uint32_t size = 0;
    std::memcpy(&size, element, sizeof(size));
    if (size != stride) {
      return EventError(i, "struct_size",
                        absl::StrCat(size, " differs from events[0].struct_size (", stride,
                                     "), which is the array's stride: every element must have "
                                     "the same struct_size"));
    }
    absl::StatusOr<postventa::Event> event = ToEvent(element, stride, i);
    if (!event.ok()) return event.status();
    out.push_back(*std::move(event));
  }
  return out;
}

void SetResult(pv_record_result* out, const postventa::RecordResult& result) {
  if (out == nullptr) return;
  out->stored = result.stored;
  out->duplicates = result.duplicates;
}

// ---- postventa::Decision -> pv_decision ----

static_assert(sizeof(pv_decision) % alignof(const char*) == 0,
              "the reason pointers follow the pv_decision in one block");

int32_t RemedyNumber(postventa::Remedy remedy) {
  switch (remedy) {
    case postventa::Remedy::kRepair:
      return PV_REMEDY_REPAIR;
    case postventa::Remedy::kReplaceOrRefund:
      return PV_REMEDY_REPLACE_OR_REFUND;
    case postventa::Remedy::kNone:
      break;
  }
  return PV_REMEDY_NONE;
}

// The decision as one std::malloc block (freed by pv_decision_free):
// [pv_decision][const char* reasons[n]][the strings, NUL-terminated].
pv_status NewDecision(const char* function, const postventa::Decision& d, pv_decision** out) {
  const postventa::ComponentCover* covers[3] = {&d.parts, &d.labor, &d.travel};
  pv_date ends_on[3] = {0, 0, 0};
  for (int c = 0; c < 3; ++c) {
    if (covers[c]->ends_on && !FromDate(*covers[c]->ends_on, &ends_on[c])) {
      return DateOutOfRange(function, *covers[c]->ends_on);
    }
  }

  const size_t n = d.reasons.size();
  size_t text_bytes = 0;
  for (const postventa::ComponentCover* c : covers) {
    if (!c->policy.empty()) text_bytes += c->policy.size() + 1;
  }
  if (!d.basis.empty()) text_bytes += d.basis.size() + 1;
  for (const std::string& r : d.reasons) text_bytes += r.size() + 1;
  const size_t total = sizeof(pv_decision) + n * sizeof(const char*) + text_bytes;
  auto* block = static_cast<unsigned char*>(std::malloc(total));
  if (block == nullptr) throw std::bad_alloc();

  char* text = reinterpret_cast<char*>(block + sizeof(pv_decision) + n * sizeof(const char*));
  const auto put = [&text](const std::string& s) -> const char* {
    char* start = text;
    std::memcpy(start, s.c_str(), s.size() + 1);
    text += s.size() + 1;
    return start;
  };
  const auto put_name = [&put](const std::string& s) -> const char* {
    return s.empty() ? nullptr : put(s);
  };

  auto* decision = new (block) pv_decision;
  std::memset(decision, 0, sizeof(pv_decision));
  decision->struct_size = sizeof(pv_decision);
  decision->covered = d.covered ? 1 : 0;
  pv_component_cover* out_covers[3] = {&decision->parts, &decision->labor, &decision->travel};
  const postventa::Quote& company = d.company_cost;
  const postventa::Quote& customer = d.customer_cost;
  const int64_t company_of[3] = {company.parts, company.labor, company.travel};
  const int64_t customer_of[3] = {customer.parts, customer.labor, customer.travel};
  for (int c = 0; c < 3; ++c) {
    out_covers[c]->percent = covers[c]->percent;
    out_covers[c]->policy = put_name(covers[c]->policy);
    out_covers[c]->has_ends_on = covers[c]->ends_on ? 1 : 0;
    out_covers[c]->ends_on = ends_on[c];
    out_covers[c]->company_cost = company_of[c];
    out_covers[c]->customer_cost = customer_of[c];
  }
  decision->basis = put_name(d.basis);
  decision->presumed_nonconformity = d.presumed_nonconformity ? 1 : 0;
  decision->remedy = RemedyNumber(d.remedy);
  decision->company_cost = company.total();
  decision->customer_cost = customer.total();
  decision->reason_count = n;
  if (n > 0) {
    auto* reasons = reinterpret_cast<const char**>(block + sizeof(pv_decision));
    for (size_t i = 0; i < n; ++i) reasons[i] = put(d.reasons[i]);
    decision->reasons = reasons;
  } else {
    decision->reasons = nullptr;
  }
  *out = decision;
  return PV_OK;
}

// The decision behind both pv_ledger_assess_claim and its _json twin, with
// their shared argument checks (the message NullArgument would give).
absl::StatusOr<postventa::Decision> Assess(const char* function, const pv_ledger* ledger,
                                           const char* unit, pv_date claim_date, const char* fault,
                                           int64_t parts, int64_t labor, int64_t travel) {
  for (const auto& [value, name] :
       {std::pair<const void*, const char*>{ledger, "ledger"}, {unit, "unit"}, {fault, "fault"}}) {
    if (value == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(function, ": ", name, " is NULL"));
    }
  }
  postventa::Quote quote;
  quote.parts = parts;
  quote.labor = labor;
  quote.travel = travel;
  return ledger->ledger->assess_claim(unit, ToDate(claim_date), fault, quote);
}

}  // namespace

extern "C" {

// ---- Opening and closing ----

pv_status pv_ledger_open_memory(pv_ledger** out) {
  static constexpr char kFn[] = "pv_ledger_open_memory";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    absl::StatusOr<std::unique_ptr<postventa::Ledger>> ledger = postventa::Ledger::open_memory();
    if (!ledger.ok()) return Fail(ledger.status());
    *out = new pv_ledger{*std::move(ledger)};
    return PV_OK;
  });
}

pv_status pv_ledger_open(pv_ledger** out, const char* path) {
  static constexpr char kFn[] = "pv_ledger_open";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (path == nullptr) return NullArgument(kFn, "path");
    absl::StatusOr<std::unique_ptr<postventa::Ledger>> ledger = postventa::Ledger::open(path);
    if (!ledger.ok()) return Fail(ledger.status());
    *out = new pv_ledger{*std::move(ledger)};
    return PV_OK;
  });
}

pv_status pv_ledger_close(pv_ledger* ledger) {
  static constexpr char kFn[] = "pv_ledger_close";
  return Guard(kFn, [&]() -> pv_status {
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (absl::Status s = ledger->ledger->close(); !s.ok()) return Fail(s);
    return PV_OK;
  });
}

void pv_ledger_free(pv_ledger* ledger) {
  if (ledger == nullptr) return;
  // Close first so a failure to close cannot escape from a destructor; a free
  // has nowhere to report it (pv_ledger_close does).
  try {
    ledger->ledger->close().IgnoreError();
  } catch (...) {
  }
  delete ledger;
}

// ---- Configuration ----

pv_status pv_ledger_add_product_json(pv_ledger* ledger, const char* json, size_t json_len) {
  static constexpr char kFn[] = "pv_ledger_add_product_json";
  return Guard(kFn, [&]() -> pv_status {
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (json == nullptr) return NullArgument(kFn, "json");
    absl::StatusOr<postventa::Product> product =
        postventa::parse_product(absl::string_view(json, json_len));
    if (!product.ok()) return Fail(product.status());
    if (absl::Status s = ledger->ledger->add_product(*product); !s.ok()) return Fail(s);
    return PV_OK;
  });
}

pv_status pv_ledger_products_json(char** out, const pv_ledger* ledger) {
  static constexpr char kFn[] = "pv_ledger_products_json";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (absl::Status s = ledger->ledger->check_open(); !s.ok()) return Fail(s);
    std::vector<const postventa::Product*> products = ledger->ledger->catalog().products();
    std::sort(
        products.begin(), products.end(),
        [](const postventa::Product* a, const postventa::Product* b) { return a->sku < b->sku; });
    std::string text = "[";
    for (size_t i = 0; i < products.size(); ++i) {
      if (i > 0) text += ",";
      text += postventa::product_to_json(*products[i]);
    }
    text += "]";
    *out = MallocCopy(text);
    return PV_OK;
  });
}

pv_status pv_ledger_event_count(int64_t* out, const pv_ledger* ledger) {
  static constexpr char kFn[] = "pv_ledger_event_count";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (absl::Status s = ledger->ledger->check_open(); !s.ok()) return Fail(s);
    *out = ledger->ledger->event_count();
    return PV_OK;
  });
}

pv_status pv_ledger_span(int* has_events, pv_date* first, pv_date* last, const pv_ledger* ledger) {
  static constexpr char kFn[] = "pv_ledger_span";
  return Guard(kFn, [&]() -> pv_status {
    if (has_events == nullptr) return NullArgument(kFn, "has_events");
    if (first == nullptr) return NullArgument(kFn, "first");
    if (last == nullptr) return NullArgument(kFn, "last");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (absl::Status s = ledger->ledger->check_open(); !s.ok()) return Fail(s);
    const std::optional<postventa::DateSpan> span = ledger->ledger->span();
    *has_events = span ? 1 : 0;
    if (span) {
      *first = static_cast<pv_date>(postventa::to_epoch_days(span->first));
      *last = static_cast<pv_date>(postventa::to_epoch_days(span->last));
    }
    return PV_OK;
  });
}

pv_status pv_ledger_add_calendar(pv_ledger* ledger, const char* name, const pv_calendar* calendar) {
  static constexpr char kFn[] = "pv_ledger_add_calendar";
  return Guard(kFn, [&]() -> pv_status {
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (name == nullptr) return NullArgument(kFn, "name");
    if (calendar == nullptr) return NullArgument(kFn, "calendar");
    if (absl::Status s = ledger->ledger->add_calendar(name, calendar->calendar); !s.ok()) {
      return Fail(s);
    }
    return PV_OK;
  });
}

// ---- Events ----

void pv_event_init(pv_event* event, uint32_t struct_size) {
  if (event == nullptr || struct_size < sizeof(uint32_t)) return;
  pv_event full;
  std::memset(&full, 0, sizeof full);  // strings NULL, no `at`, type and date 0
  full.price = PV_ABSENT_I64;
  full.parts_cost = PV_ABSENT_I64;
  full.labor_cost = PV_ABSENT_I64;
  full.amount = PV_ABSENT_I64;
  full.attendees = PV_ABSENT_I64;
  full.usage = std::numeric_limits<double>::quiet_NaN();
  full.score = std::numeric_limits<double>::quiet_NaN();
  // Write only what the caller's struct holds: a program built against an older,
  // smaller pv_event must not have its memory overrun by a newer library.
  const size_t n = std::min<size_t>(struct_size, sizeof full);
  full.struct_size = static_cast<uint32_t>(n);
  std::memcpy(event, &full, n);
}

pv_status pv_ledger_record(pv_record_result* out, pv_ledger* ledger, const pv_event* events,
                           size_t count) {
  static constexpr char kFn[] = "pv_ledger_record";
  return Guard(kFn, [&]() -> pv_status {
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (events == nullptr && count > 0) return NullArgument(kFn, "events");
    absl::StatusOr<std::vector<postventa::Event>> batch = ToEvents(events, count);
    if (!batch.ok()) return Fail(batch.status());
    // Always the batch call, so every refusal names its position (file comment).
    absl::StatusOr<postventa::RecordResult> result = ledger->ledger->record_many(*batch);
    if (!result.ok()) return Fail(result.status());
    SetResult(out, *result);
    return PV_OK;
  });
}

pv_status pv_ledger_record_json(pv_record_result* out, pv_ledger* ledger, const char* json,
                                size_t json_len) {
  static constexpr char kFn[] = "pv_ledger_record_json";
  return Guard(kFn, [&]() -> pv_status {
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (json == nullptr) return NullArgument(kFn, "json");
    absl::StatusOr<postventa::Event> event =
        postventa::parse_event(absl::string_view(json, json_len));
    if (!event.ok()) return Fail(event.status());
    absl::StatusOr<postventa::RecordResult> result = ledger->ledger->record(*event);
    if (!result.ok()) return Fail(result.status());
    SetResult(out, *result);
    return PV_OK;
  });
}

pv_status pv_ledger_history_json(char** out, const pv_ledger* ledger, const char* unit) {
  static constexpr char kFn[] = "pv_ledger_history_json";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (unit == nullptr) return NullArgument(kFn, "unit");
    absl::StatusOr<std::vector<postventa::Event>> history = ledger->ledger->history(unit);
    if (!history.ok()) return Fail(history.status());
    std::string json = "[";
    for (size_t i = 0; i < history->size(); ++i) {
      if (i > 0) json.push_back(',');
      json += postventa::event_to_json((*history)[i]);
    }
    json.push_back(']');
    *out = MallocCopy(json);
    return PV_OK;
  });
}

pv_status pv_ledger_maintenance_schedule(pv_date** out, size_t* out_count, const pv_ledger* ledger,
                                         const char* unit, pv_date start, pv_date end) {
  static constexpr char kFn[] = "pv_ledger_maintenance_schedule";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (out_count == nullptr) return NullArgument(kFn, "out_count");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (unit == nullptr) return NullArgument(kFn, "unit");
    absl::StatusOr<std::vector<postventa::Date>> dues =
        ledger->ledger->maintenance_schedule(unit, ToDate(start), ToDate(end));
    if (!dues.ok()) return Fail(dues.status());
    pv_date* dates = nullptr;
    if (!dues->empty()) {
      dates = static_cast<pv_date*>(std::malloc(dues->size() * sizeof(pv_date)));
      if (dates == nullptr) throw std::bad_alloc();
      for (size_t i = 0; i < dues->size(); ++i) {
        if (!FromDate((*dues)[i], &dates[i])) {
          std::free(dates);
          return DateOutOfRange(kFn, (*dues)[i]);
        }
      }
    }
    *out = dates;
    *out_count = dues->size();
    return PV_OK;
  });
}

// ---- Tables ----

extern "C++" {
namespace {

// Hands a list result to the caller as an Arrow stream.
template <typename T>
pv_status ExportList(const char* fn, absl::StatusOr<std::vector<T>> list, ArrowArrayStream* out) {
  if (!list.ok()) return Fail(list.status());
  absl::StatusOr<postventa::Table> table = postventa::to_table(*list);
  if (!table.ok()) return Fail(table.status());
  if (absl::Status s = postventa::export_arrow_stream(*std::move(table), out); !s.ok()) {
    return Fail(absl::Status(s.code(), absl::StrCat(fn, ": ", s.message())));
  }
  return PV_OK;
}

}  // namespace
}  // extern "C++"

pv_status pv_ledger_maintenance_due(ArrowArrayStream* out, const pv_ledger* ledger, pv_date on,
                                    int32_t horizon_days) {
  static constexpr char kFn[] = "pv_ledger_maintenance_due";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    return ExportList(kFn, ledger->ledger->maintenance_due(ToDate(on), horizon_days), out);
  });
}

pv_status pv_ledger_maintenance_compliance(ArrowArrayStream* out, const pv_ledger* ledger,
                                           pv_date on) {
  static constexpr char kFn[] = "pv_ledger_maintenance_compliance";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    return ExportList(kFn, ledger->ledger->maintenance_compliance(ToDate(on)), out);
  });
}

pv_status pv_ledger_add_followups_json(pv_ledger* ledger, const char* json, size_t json_len) {
  static constexpr char kFn[] = "pv_ledger_add_followups_json";
  return Guard(kFn, [&]() -> pv_status {
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (json == nullptr) return NullArgument(kFn, "json");
    absl::StatusOr<postventa::FollowupRules> rules =
        postventa::parse_followup_rules(absl::string_view(json, json_len));
    if (!rules.ok()) return Fail(rules.status());
    if (absl::Status s = ledger->ledger->add_followups(*rules); !s.ok()) return Fail(s);
    return PV_OK;
  });
}

pv_status pv_ledger_followups(ArrowArrayStream* out, const pv_ledger* ledger, pv_date start,
                              pv_date end) {
  static constexpr char kFn[] = "pv_ledger_followups";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    return ExportList(kFn, ledger->ledger->followups(ToDate(start), ToDate(end)), out);
  });
}

// ---- Surveys ----

pv_status pv_ledger_add_instrument_json(pv_ledger* ledger, const char* json, size_t json_len) {
  static constexpr char kFn[] = "pv_ledger_add_instrument_json";
  return Guard(kFn, [&]() -> pv_status {
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (json == nullptr) return NullArgument(kFn, "json");
    absl::StatusOr<postventa::Instrument> instrument =
        postventa::parse_instrument(absl::string_view(json, json_len));
    if (!instrument.ok()) return Fail(instrument.status());
    if (absl::Status s = ledger->ledger->add_instrument(*instrument); !s.ok()) return Fail(s);
    return PV_OK;
  });
}

pv_status pv_ledger_survey_answers(ArrowArrayStream* out, const pv_ledger* ledger, pv_date start,
                                   pv_date end) {
  static constexpr char kFn[] = "pv_ledger_survey_answers";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    return ExportList(kFn, ledger->ledger->survey_answers(ToDate(start), ToDate(end)), out);
  });
}

pv_status pv_ledger_survey_responses(ArrowArrayStream* out, const pv_ledger* ledger, pv_date start,
                                     pv_date end, pv_survey_period period) {
  static constexpr char kFn[] = "pv_ledger_survey_responses";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (period < PV_PERIOD_DAY || period > PV_PERIOD_ALL) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(
          "period: ", period, " is not a pv_survey_period (PV_PERIOD_DAY..PV_PERIOD_ALL)")));
    }
    return ExportList(kFn,
                      ledger->ledger->survey_responses(
                          ToDate(start), ToDate(end), static_cast<postventa::SurveyPeriod>(period)),
                      out);
  });
}

pv_status pv_ledger_scorecard_json(char** out, const pv_ledger* ledger, pv_date start, pv_date end,
                                   const char* config_json, size_t config_len) {
  static constexpr char kFn[] = "pv_ledger_scorecard_json";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    postventa::ScorecardConfig config;
    if (config_json != nullptr) {
      absl::StatusOr<postventa::ScorecardConfig> parsed =
          postventa::parse_scorecard_config(absl::string_view(config_json, config_len));
      if (!parsed.ok()) return Fail(parsed.status());
      config = *std::move(parsed);
    }
    absl::StatusOr<postventa::Scorecard> card =
        ledger->ledger->scorecard(ToDate(start), ToDate(end), config);
    if (!card.ok()) return Fail(card.status());
    *out = MallocCopy(postventa::scorecard_to_json(*card));
    return PV_OK;
  });
}

// ---- Field reliability ----

pv_status pv_ledger_failure_times(ArrowArrayStream* out, const pv_ledger* ledger, pv_date on) {
  static constexpr char kFn[] = "pv_ledger_failure_times";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    return ExportList(kFn, ledger->ledger->failure_times(ToDate(on)), out);
  });
}

pv_status pv_ledger_claims_forecast(ArrowArrayStream* out, const pv_ledger* ledger, pv_date on,
                                    int32_t months) {
  static constexpr char kFn[] = "pv_ledger_claims_forecast";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    return ExportList(kFn, ledger->ledger->claims_forecast(ToDate(on), months), out);
  });
}

// ---- KPIs ----

pv_status pv_ledger_kpis(ArrowArrayStream* out, const pv_ledger* ledger, pv_date start, pv_date end,
                         const pv_kpi_options* options) {
  static constexpr char kFn[] = "pv_ledger_kpis";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    postventa::KpiOptions core;
    if (options != nullptr) {
      // Every version of the struct is accepted, from the first one (the
      // fields through `calendar`) up to this library's; fields are only
      // ever appended (docs/abi.md).
      constexpr size_t kFirstVersion = offsetof(pv_kpi_options, calendar) + sizeof(const char*);
      if (options->struct_size < kFirstVersion || options->struct_size > sizeof(pv_kpi_options)) {
        return Fail(absl::InvalidArgumentError(absl::StrCat(
            "options.struct_size: ", options->struct_size, " is not sizeof(pv_kpi_options) (",
            sizeof(pv_kpi_options), ") nor the size of an earlier version")));
      }
      core.by_product = options->by_product != 0;
      if (options->calendar != nullptr) core.calendar = options->calendar;
    }
    return ExportList(kFn, ledger->ledger->kpis(ToDate(start), ToDate(end), core), out);
  });
}

// ---- Anomalies and corrective action ----

pv_status pv_ledger_put_anomaly_json(pv_ledger* ledger, const char* json, size_t json_len) {
  static constexpr char kFn[] = "pv_ledger_put_anomaly_json";
  return Guard(kFn, [&]() -> pv_status {
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (json == nullptr) return NullArgument(kFn, "json");
    absl::StatusOr<postventa::Anomaly> anomaly =
        postventa::parse_anomaly(absl::string_view(json, json_len), postventa::verifiable_kpis());
    if (!anomaly.ok()) return Fail(anomaly.status());
    if (absl::Status s = ledger->ledger->put_anomaly(*anomaly); !s.ok()) return Fail(s);
    return PV_OK;
  });
}

pv_status pv_ledger_anomalies_json(char** out, const pv_ledger* ledger) {
  static constexpr char kFn[] = "pv_ledger_anomalies_json";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    absl::StatusOr<std::vector<postventa::Anomaly>> all = ledger->ledger->anomalies();
    if (!all.ok()) return Fail(all.status());
    std::string text = "[";
    for (size_t i = 0; i < all->size(); ++i) {
      if (i > 0) text += ",";
      text += postventa::anomaly_to_json((*all)[i]);
    }
    text += "]";
    *out = MallocCopy(text);
    return PV_OK;
  });
}

pv_status pv_ledger_verify_anomaly_json(char** out, const pv_ledger* ledger, const char* id,
                                        pv_date as_of, const char* calendar) {
  static constexpr char kFn[] = "pv_ledger_verify_anomaly_json";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (id == nullptr) return NullArgument(kFn, "id");
    absl::StatusOr<postventa::AnomalyReview> review =
        ledger->ledger->verify_anomaly(id, ToDate(as_of), calendar == nullptr ? "" : calendar);
    if (!review.ok()) return Fail(review.status());
    *out = MallocCopy(postventa::anomaly_review_to_json(*review));
    return PV_OK;
  });
}

pv_status pv_verify_rate_json(char** out, int64_t count_before, int64_t n_before,
                              int64_t count_after, int64_t n_after, int higher_is_better,
                              double alpha) {
  static constexpr char kFn[] = "pv_verify_rate_json";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    absl::StatusOr<postventa::Verification> v = postventa::verify_rate(
        count_before, n_before, count_after, n_after,
        higher_is_better != 0 ? postventa::Better::kHigher : postventa::Better::kLower, alpha);
    if (!v.ok()) return Fail(v.status());
    *out = MallocCopy(postventa::verification_to_json(*v));
    return PV_OK;
  });
}

pv_status pv_verify_durations_json(char** out, const double* durations_before,
                                   const uint8_t* observed_before, size_t n_before,
                                   const double* durations_after, const uint8_t* observed_after,
                                   size_t n_after, double alpha) {
  static constexpr char kFn[] = "pv_verify_durations_json";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (n_before > 0 && durations_before == nullptr) return NullArgument(kFn, "durations_before");
    if (n_before > 0 && observed_before == nullptr) return NullArgument(kFn, "observed_before");
    if (n_after > 0 && durations_after == nullptr) return NullArgument(kFn, "durations_after");
    if (n_after > 0 && observed_after == nullptr) return NullArgument(kFn, "observed_after");
    absl::StatusOr<postventa::Verification> v =
        postventa::verify_durations(absl::Span<const double>(durations_before, n_before),
                                    absl::Span<const uint8_t>(observed_before, n_before),
                                    absl::Span<const double>(durations_after, n_after),
                                    absl::Span<const uint8_t>(observed_after, n_after), alpha);
    if (!v.ok()) return Fail(v.status());
    *out = MallocCopy(postventa::verification_to_json(*v));
    return PV_OK;
  });
}

// ---- Warranty decisions ----

pv_status pv_ledger_assess_claim(pv_decision** out, const pv_ledger* ledger, const char* unit,
                                 pv_date claim_date, const char* fault, int64_t parts,
                                 int64_t labor, int64_t travel) {
  static constexpr char kFn[] = "pv_ledger_assess_claim";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    absl::StatusOr<postventa::Decision> decision =
        Assess(kFn, ledger, unit, claim_date, fault, parts, labor, travel);
    if (!decision.ok()) return Fail(decision.status());
    return NewDecision(kFn, *decision, out);
  });
}

pv_status pv_ledger_assess_claim_json(char** out, const pv_ledger* ledger, const char* unit,
                                      pv_date claim_date, const char* fault, int64_t parts,
                                      int64_t labor, int64_t travel) {
  static constexpr char kFn[] = "pv_ledger_assess_claim_json";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    absl::StatusOr<postventa::Decision> decision =
        Assess(kFn, ledger, unit, claim_date, fault, parts, labor, travel);
    if (!decision.ok()) return Fail(decision.status());
    *out = MallocCopy(postventa::decision_to_json(*decision));
    return PV_OK;
  });
}

void pv_decision_free(pv_decision* decision) { std::free(decision); }

// ---- Service cases and SLAs ----

pv_status pv_ledger_add_sla_json(pv_ledger* ledger, const char* json, size_t json_len) {
  static constexpr char kFn[] = "pv_ledger_add_sla_json";
  return Guard(kFn, [&]() -> pv_status {
    if (ledger == nullptr) return NullArgument(kFn, "ledger");
    if (json == nullptr) return NullArgument(kFn, "json");
    absl::StatusOr<postventa::SlaPolicy> policy =
        postventa::parse_sla_policy(absl::string_view(json, json_len));
    if (!policy.ok()) return Fail(policy.status());
    if (absl::Status s = ledger->ledger->add_sla(*policy); !s.ok()) return Fail(s);
    return PV_OK;
  });
}

namespace {

absl::StatusOr<postventa::SlaStatus> SlaStatusOf(const char* fn, const pv_ledger* ledger,
                                                 const char* case_id, pv_instant at) {
  for (const auto& [value, name] :
       {std::pair<const void*, const char*>{ledger, "ledger"}, {case_id, "case_id"}}) {
    if (value == nullptr)
      return absl::InvalidArgumentError(absl::StrCat(fn, ": ", name, " is NULL"));
  }
  return ledger->ledger->sla_status(case_id, absl::FromUnixSeconds(at));
}

pv_target_status ToC(const postventa::TargetStatus& t) {
  pv_target_status out;
  switch (t.state) {
    case postventa::TargetState::kMet:
      out.state = PV_TARGET_MET;
      break;
    case postventa::TargetState::kBreached:
      out.state = PV_TARGET_BREACHED;
      break;
    case postventa::TargetState::kOnTrack:
      out.state = PV_TARGET_ON_TRACK;
      break;
    case postventa::TargetState::kAtRisk:
      out.state = PV_TARGET_AT_RISK;
      break;
    case postventa::TargetState::kPaused:
      out.state = PV_TARGET_PAUSED;
      break;
  }
  out.elapsed = absl::ToInt64Seconds(t.elapsed);
  out.target = absl::ToInt64Seconds(t.target);
  out.deadline = t.deadline ? absl::ToUnixSeconds(*t.deadline) : PV_NO_INSTANT;
  return out;
}

}  // namespace

pv_status pv_ledger_sla_status(pv_sla_status* out, const pv_ledger* ledger, const char* case_id,
                               pv_instant at) {
  static constexpr char kFn[] = "pv_ledger_sla_status";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (out->struct_size < sizeof(uint32_t)) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(
          kFn, ": out->struct_size is ", out->struct_size, "; set it to sizeof(pv_sla_status)")));
    }
    absl::StatusOr<postventa::SlaStatus> status = SlaStatusOf(kFn, ledger, case_id, at);
    if (!status.ok()) return Fail(status.status());
    pv_sla_status full;
    std::memset(&full, 0, sizeof full);
    full.first_response = ToC(status->first_response);
    full.resolution = ToC(status->resolution);
    // Write only what the caller's struct holds (an older, smaller struct stays safe).
    const size_t n = std::min<size_t>(out->struct_size, sizeof full);
    full.struct_size = static_cast<uint32_t>(n);
    std::memcpy(out, &full, n);
    return PV_OK;
  });
}

pv_status pv_ledger_sla_status_json(char** out, const pv_ledger* ledger, const char* case_id,
                                    pv_instant at) {
  static constexpr char kFn[] = "pv_ledger_sla_status_json";
  return Guard(kFn, [&]() -> pv_status {
    if (out == nullptr) return NullArgument(kFn, "out");
    absl::StatusOr<postventa::SlaStatus> status = SlaStatusOf(kFn, ledger, case_id, at);
    if (!status.ok()) return Fail(status.status());
    *out = MallocCopy(postventa::sla_status_to_json(*status));
    return PV_OK;
  });
}

}  // extern "C"
