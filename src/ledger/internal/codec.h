// A compact binary form of an Event, for the ledger's in-memory arena: about a
// tenth of an Event's 700 bytes, and deterministic, so two events have the same
// content exactly when their encodings are equal (doubles compared bitwise).
//
// Layout: varint presence mask; varint type; zigzag varint date (days since
// 1970-01-01); then, in Event field order, each present field: strings as
// varint length + bytes, `at` as zigzag varint microseconds, integers as zigzag
// varints, doubles as 8 little-endian bytes. Empty strings are absent (as in
// every face of an event).
#ifndef POSTVENTA_SRC_LEDGER_INTERNAL_CODEC_H_
#define POSTVENTA_SRC_LEDGER_INTERNAL_CODEC_H_

#include <string>

#include "absl/strings/string_view.h"
#include "postventa/event.h"

namespace postventa::ledger_internal {

// Appends the encoding of `event` to `*out`.
void EncodeEvent(const Event& event, std::string* out);
// Decodes bytes written by EncodeEvent (trusted: the ledger's own arena).
Event DecodeEvent(absl::string_view bytes);

}  // namespace postventa::ledger_internal

#endif  // POSTVENTA_SRC_LEDGER_INTERNAL_CODEC_H_
