// RFC 3339 instants, the text form of an event's `at` (SPEC §1.1, §3).
//
// Instants are UTC-aware: a string without a UTC offset names no instant and is
// refused. Precision is the microsecond, as everywhere in postventa (see
// postventa/time.h): finer digits are truncated toward the past on input.
#ifndef POSTVENTA_SRC_LEDGER_INTERNAL_RFC3339_H_
#define POSTVENTA_SRC_LEDGER_INTERNAL_RFC3339_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace postventa::ledger_internal {

// Parses `YYYY-MM-DD"T"HH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`. Also accepted, as
// RFC 3339 allows: lower-case `t` and `z`, and a space for the `T`. Seconds run
// 00..59 (no leap seconds); the fraction has at least one digit. The error
// message names the text and what is wrong with it, without a field prefix.
[[nodiscard]] absl::StatusOr<absl::Time> ParseRfc3339(absl::string_view text);

// `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` in UTC; the fraction only when non-zero, with
// its trailing zeros dropped. Meant for finite instants in years 0000..9999 that
// are whole microseconds (what ParseRfc3339 returns); finer parts are truncated.
std::string FormatRfc3339Utc(absl::Time t);

// True when `t` is finite, a whole number of microseconds, and its UTC date lies
// in years 0000..9999, so that FormatRfc3339Utc and ParseRfc3339 round-trip it.
bool IsRepresentableInstant(absl::Time t);

}  // namespace postventa::ledger_internal

#endif  // POSTVENTA_SRC_LEDGER_INTERNAL_RFC3339_H_
