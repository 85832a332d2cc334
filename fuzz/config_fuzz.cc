// libFuzzer target: every configuration parser (issue 8) — calendars, products
// and their warranty policies, SLA policies, follow-up rule sets, survey
// instruments, scorecard configurations and anomaly records. The first byte
// picks the parser, the rest is the JSON text. Properties checked beyond "no
// crash, no sanitizer report": a configuration that parses writes a canonical
// JSON that parses again to an equal value (the round trip the durable store
// relies on), and a calendar that compiles answers date queries without error
// inside its years.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "postventa/catalog.h"
#include "postventa/corrective.h"
#include "postventa/followup.h"
#include "postventa/ledger.h"
#include "postventa/scorecard.h"
#include "postventa/service.h"
#include "postventa/survey.h"
#include "postventa/time.h"

namespace {

// Aborts (a crash libFuzzer reports with the input) when `ok` is false.
void Require(bool ok) {
  if (!ok) std::abort();
}

template <typename T, typename Parse, typename Write>
void RoundTrip(absl::string_view text, Parse parse, Write write) {
  absl::StatusOr<T> value = parse(text);
  if (!value.ok()) return;
  absl::StatusOr<T> again = parse(write(*value));
  Require(again.ok() && *again == *value);
}

void Calendar(absl::string_view text) {
  absl::StatusOr<postventa::CalendarConfig> config = postventa::Calendar::parse_config(text);
  if (!config.ok()) return;
  absl::StatusOr<postventa::CalendarConfig> again =
      postventa::Calendar::parse_config(postventa::Calendar::config_to_json(*config));
  Require(again.ok() && *again == *config);
  absl::StatusOr<postventa::Calendar> calendar = postventa::Calendar::create(*config);
  if (!calendar.ok()) return;
  const postventa::Date first = calendar->first_date();
  const postventa::Date day = first + static_cast<int64_t>(text.size() % 400);
  if (day > calendar->last_date()) return;
  Require(calendar->is_working_day(day).ok());
  Require(calendar->is_holiday(day).ok());
  // Business days and time may run past the calendar's last year: an error
  // then, never a crash.
  (void)calendar->add_business_days(day, static_cast<int64_t>(text.size() % 50));
  const absl::Time start = absl::FromCivil(absl::CivilSecond(day), absl::UTCTimeZone());
  absl::StatusOr<absl::Time> end =
      calendar->add_business_time(start, absl::Hours(text.size() % 90));
  if (end.ok()) {
    absl::StatusOr<absl::Duration> worked = calendar->business_time_between(start, *end);
    Require(worked.ok() && *worked == absl::Hours(text.size() % 90));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 7) {
    case 0:
      Calendar(text);
      break;
    case 1:
      RoundTrip<postventa::Product>(text, postventa::parse_product, postventa::product_to_json);
      break;
    case 2:
      RoundTrip<postventa::SlaPolicy>(text, postventa::parse_sla_policy,
                                      postventa::sla_policy_to_json);
      break;
    case 3:
      RoundTrip<postventa::FollowupRules>(text, postventa::parse_followup_rules,
                                          postventa::followup_rules_to_json);
      break;
    case 4:
      RoundTrip<postventa::Instrument>(text, postventa::parse_instrument,
                                       postventa::instrument_to_json);
      break;
    case 5:
      RoundTrip<postventa::ScorecardConfig>(text, postventa::parse_scorecard_config,
                                            postventa::scorecard_config_to_json);
      break;
    case 6:
      RoundTrip<postventa::Anomaly>(
          text,
          [](absl::string_view t) {
            return postventa::parse_anomaly(t, postventa::verifiable_kpis());
          },
          postventa::anomaly_to_json);
      break;
  }
  return 0;
}
