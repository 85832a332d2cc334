// The ledger's compact event encoding: every field survives the round trip,
// and two events encode equally exactly when they are equal (the ledger's
// idempotency check compares encodings).
#include "ledger/internal/codec.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "postventa/event.h"
#include "postventa/time.h"

namespace postventa::ledger_internal {
namespace {

std::string Encode(const Event& e) {
  std::string out;
  EncodeEvent(e, &out);
  return out;
}

Event Full() {
  Event e;
  e.id = "ERP-ÅÑ-0001";
  e.type = EventType::kRepairReturned;
  e.unit = "SN-9";
  e.date = Date(1969, 12, 31);  // negative day number
  e.at = absl::FromUnixMicros(-1234567);  // before the epoch, with microseconds
  e.customer = "C";
  e.product = "P";
  e.channel = "ch";
  e.outcome = "fixed";
  e.by = "customer";
  e.fault = "motor";
  e.case_id = "K";
  e.new_unit = "N";
  e.policy = "legal-es";
  e.reason = "lost";
  e.price = std::numeric_limits<int64_t>::max();
  e.parts_cost = std::numeric_limits<int64_t>::min();
  e.labor_cost = 0;
  e.amount = -1;
  e.attendees = 3;
  e.usage = 0.1;
  e.kind = "repair";
  e.priority = "high";
  e.sla = "std";
  e.status = "open";
  e.instrument = "nps";
  e.score = -0.0;
  e.id += std::string(300, 'x');  // a length that needs a two-byte varint
  return e;
}

TEST(Codec, EveryFieldRoundTrips) {
  const Event full = Full();
  EXPECT_EQ(DecodeEvent(Encode(full)), full);
  Event minimal;
  minimal.id = "a";
  minimal.type = EventType::kDelivered;
  minimal.unit = "u";
  minimal.date = Date(9999, 12, 31);
  EXPECT_EQ(DecodeEvent(Encode(minimal)), minimal);
  // Zero amounts are present, not absent.
  minimal.price = 0;
  EXPECT_EQ(DecodeEvent(Encode(minimal)).price, std::optional<int64_t>(0));
}

TEST(Codec, EqualEventsEncodeEquallyAndDifferentOnesDo) {
  const Event a = Full();
  Event b = Full();
  EXPECT_EQ(Encode(a), Encode(b));
  b.attendees = 4;
  EXPECT_NE(Encode(a), Encode(b));
  b = Full();
  b.attendees.reset();
  EXPECT_NE(Encode(a), Encode(b));
  b = Full();
  b.at = *a.at + absl::Microseconds(1);
  EXPECT_NE(Encode(a), Encode(b));
  b = Full();
  b.by.clear();  // absent
  EXPECT_NE(Encode(a), Encode(b));
}

TEST(Codec, IsCompact) {
  Event e;
  e.id = "SN1-0";
  e.type = EventType::kSold;
  e.unit = "SN1";
  e.date = Date(2025, 3, 1);
  e.customer = "C1";
  e.product = "WASH-1";
  e.price = 49900;
  e.channel = "store";
  // mask 1-4 bytes, type 1, date 3, strings with one-byte lengths: 5+3+2+6+5
  // (+5 length bytes), price 3 bytes.
  EXPECT_LE(Encode(e).size(), 40u);
}

}  // namespace
}  // namespace postventa::ledger_internal
