// The ledger's compact event encoding (see internal/codec.h).
#include "ledger/internal/codec.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "postventa/event.h"
#include "postventa/time.h"

namespace postventa::ledger_internal {
namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutSigned(int64_t v, std::string* out) {
  PutVarint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63), out);
}

uint64_t GetVarint(const char*& p) {
  uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    const uint8_t byte = static_cast<uint8_t>(*p++);
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (byte < 0x80) return v;
  }
}

int64_t GetSigned(const char*& p) {
  const uint64_t v = GetVarint(p);
  return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
}

// The fields after id/type/unit/date, in Event order, as a visitor over a
// mutable or const Event: F(bit, field).
template <typename E, typename F>
void VisitFields(E& e, F&& f) {
  int bit = 0;
  f(bit++, e.id);
  f(bit++, e.unit);
  f(bit++, e.at);
  f(bit++, e.customer);
  f(bit++, e.product);
  f(bit++, e.channel);
  f(bit++, e.outcome);
  f(bit++, e.by);
  f(bit++, e.fault);
  f(bit++, e.case_id);
  f(bit++, e.new_unit);
  f(bit++, e.policy);
  f(bit++, e.reason);
  f(bit++, e.price);
  f(bit++, e.parts_cost);
  f(bit++, e.labor_cost);
  f(bit++, e.amount);
  f(bit++, e.attendees);
  f(bit++, e.usage);
  f(bit++, e.kind);
  f(bit++, e.priority);
  f(bit++, e.sla);
  f(bit++, e.status);
  f(bit++, e.instrument);
  f(bit++, e.score);
  f(bit++, e.answers);
}

bool Present(const std::string& s) { return !s.empty(); }
bool Present(const std::vector<std::optional<double>>& v) { return !v.empty(); }
template <typename T>
bool Present(const std::optional<T>& v) {
  return v.has_value();
}

void Put(const std::string& s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s);
}
void Put(const std::optional<int64_t>& v, std::string* out) { PutSigned(*v, out); }
void Put(const std::optional<double>& v, std::string* out) {
  char bytes[8];
  std::memcpy(bytes, &*v, 8);
  out->append(bytes, 8);
}
void Put(const std::optional<absl::Time>& v, std::string* out) {
  PutSigned(absl::ToUnixMicros(*v), out);
}
// A list of optional numbers: its length, then per entry 0 (absent) or 1 and
// the 8 bytes of the double.
void Put(const std::vector<std::optional<double>>& list, std::string* out) {
  PutVarint(list.size(), out);
  for (const std::optional<double>& v : list) {
    out->push_back(v ? '\1' : '\0');
    if (v) Put(v, out);
  }
}

void Get(const char*& p, std::string* s) {
  const size_t n = GetVarint(p);
  s->assign(p, n);
  p += n;
}
void Get(const char*& p, std::optional<int64_t>* v) { *v = GetSigned(p); }
void Get(const char*& p, std::optional<double>* v) {
  double d;
  std::memcpy(&d, p, 8);
  p += 8;
  *v = d;
}
void Get(const char*& p, std::optional<absl::Time>* v) { *v = absl::FromUnixMicros(GetSigned(p)); }
void Get(const char*& p, std::vector<std::optional<double>>* list) {
  const size_t n = GetVarint(p);
  list->resize(n);
  for (std::optional<double>& v : *list) {
    if (*p++ != 0) Get(p, &v);
  }
}

}  // namespace

void EncodeEvent(const Event& event, std::string* out) {
  uint64_t mask = 0;
  VisitFields(event, [&](int bit, const auto& field) {
    if (Present(field)) mask |= uint64_t{1} << bit;
  });
  PutVarint(mask, out);
  PutVarint(static_cast<uint64_t>(event.type), out);
  PutSigned(to_epoch_days(event.date), out);
  VisitFields(event, [&](int bit, const auto& field) {
    if (mask & (uint64_t{1} << bit)) Put(field, out);
  });
}

Event DecodeEvent(absl::string_view bytes) {
  Event event;
  const char* p = bytes.data();
  const uint64_t mask = GetVarint(p);
  event.type = static_cast<EventType>(GetVarint(p));
  event.date = from_epoch_days(GetSigned(p));
  VisitFields(event, [&](int bit, auto& field) {
    if (mask & (uint64_t{1} << bit)) Get(p, &field);
  });
  return event;
}

}  // namespace postventa::ledger_internal
