#include "ledger/internal/rfc3339.h"

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace postventa::ledger_internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads `n` digits at `*pos`, advancing it; false if any is not a digit.
bool ReadDigits(absl::string_view s, size_t* pos, size_t n, int* out) {
  if (*pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[*pos + i];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool ReadChar(absl::string_view s, size_t* pos, char expected) {
  if (*pos >= s.size() || s[*pos] != expected) return false;
  ++*pos;
  return true;
}

absl::Status NotAnInstant(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" ", why));
}

constexpr absl::string_view kShape =
    "is not an RFC 3339 instant YYYY-MM-DDTHH:MM:SS[.fraction] with an offset "
    "(e.g. 2025-03-03T09:15:00Z or 2025-03-03T10:15:00+01:00)";

}  // namespace

absl::StatusOr<absl::Time> ParseRfc3339(absl::string_view text) {
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(text, &pos, 4, &year) || !ReadChar(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &month) || !ReadChar(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &day)) {
    return NotAnInstant(text, kShape);
  }
  if (pos >= text.size()) {
    return NotAnInstant(text,
                        "is a date, not an instant: add the time and its UTC offset "
                        "(e.g. 2025-03-03T09:15:00Z)");
  }
  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return NotAnInstant(text, kShape);
  ++pos;
  if (!ReadDigits(text, &pos, 2, &hour) || !ReadChar(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &minute) || !ReadChar(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &second)) {
    return NotAnInstant(text, kShape);
  }
  // The fraction, truncated to microseconds (toward the past: it is added to a
  // whole second below).
  int64_t micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const size_t first = pos;
    while (pos < text.size() && IsDigit(text[pos])) {
      if (pos - first < 6) micros = micros * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos == first) return NotAnInstant(text, kShape);
    for (size_t n = pos - first; n < 6; ++n) micros *= 10;
  }
  int offset_minutes = 0;
  if (pos >= text.size()) {
    return NotAnInstant(text,
                        "has no UTC offset: instants are UTC-aware, add Z or ±HH:MM "
                        "(e.g. 2025-03-03T09:15:00Z)");
  }
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!ReadDigits(text, &pos, 2, &oh) || !ReadChar(text, &pos, ':') ||
        !ReadDigits(text, &pos, 2, &om)) {
      return NotAnInstant(text, "has a malformed UTC offset (expected Z or ±HH:MM)");
    }
    if (oh > 23 || om > 59) {
      return NotAnInstant(text, "has a UTC offset out of range (hours 00..23, minutes 00..59)");
    }
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return NotAnInstant(text, kShape);
  }
  if (pos != text.size()) return NotAnInstant(text, kShape);

  if (hour > 23 || minute > 59 || second > 59) {
    return NotAnInstant(text, "is not a valid time of day (00:00:00..23:59:59)");
  }
  // CivilSecond normalises out-of-range fields (02-30 -> 03-02); a date that
  // does not survive the round trip does not exist.
  const absl::CivilSecond civil(year, month, day, hour, minute, second);
  if (civil.year() != year || civil.month() != month || civil.day() != day) {
    return NotAnInstant(text, "is not a valid calendar date");
  }
  return absl::FromCivil(civil, absl::UTCTimeZone()) - absl::Minutes(offset_minutes) +
         absl::Microseconds(micros);
}

std::string FormatRfc3339Utc(absl::Time t) {
  const absl::CivilSecond civil = absl::ToCivilSecond(t, absl::UTCTimeZone());
  const int64_t micros = absl::ToInt64Microseconds(t - absl::FromCivil(civil, absl::UTCTimeZone()));
  std::string out = absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d", civil.year(), civil.month(),
                                    civil.day(), civil.hour(), civil.minute(), civil.second());
  if (micros != 0) {
    std::string fraction = absl::StrFormat("%06d", micros);
    while (fraction.back() == '0') fraction.pop_back();
    absl::StrAppend(&out, ".", fraction);
  }
  out.push_back('Z');
  return out;
}

bool IsRepresentableInstant(absl::Time t) {
  if (t == absl::InfiniteFuture() || t == absl::InfinitePast()) return false;
  const absl::Duration since_epoch = t - absl::UnixEpoch();
  if (absl::Floor(since_epoch, absl::Microseconds(1)) != since_epoch) return false;
  const absl::civil_year_t year = absl::ToCivilSecond(t, absl::UTCTimeZone()).year();
  return year >= 0 && year <= 9999;
}

}  // namespace postventa::ledger_internal
