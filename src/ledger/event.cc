// The events of the after-sales lifecycle on their own (SPEC §3, §5, §7): type
// names, the fields each type requires and allows, their value sets, and the
// JSON form. Validation against a unit's history lives in ledger.cc.
//
// Choices where the SPEC is silent:
// - An empty string field is absent, in the struct and in JSON alike (the struct
//   cannot tell them apart); JSON null is absent too.
// - `date` and `at` together: `date` is the civil date of the fact where it
//   happened, so it must be the date of `at` in SOME real UTC offset (-12:00 to
//   +14:00), i.e. between the UTC dates of `at - 12h` and `at + 14h`. A strict
//   "date == UTC date of `at`" would refuse, for instance, a Madrid event dated
//   2025-03-04 at 00:30 local (2025-03-03T23:30Z). Without `date`, the date is
//   the UTC date of `at` (the header's rule).
// - `at` is kept to the microsecond (the library's resolution): parse_event
//   truncates finer digits toward the past, and validate_event_fields refuses a
//   hand-built `at` with a sub-microsecond part, an infinite one, or one outside
//   years 0000..9999, so every valid event has exactly one canonical JSON.
// - Dates are limited to years 0000..9999 (what `YYYY-MM-DD` can write).
// - Every string field must be valid UTF-8 (JSON text is UTF-8).
// - A JSON object with a repeated key is refused rather than keeping one value.
// - Free-form strings (sale and contact channels, fault categories, priorities,
//   SLA names, survey instruments) are only required to be non-empty here; what
//   they must name is checked where the name is resolved (catalog, SLA, ...).
#include "postventa/event.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/internal/json_guard.h"
#include "ledger/internal/rfc3339.h"
#include "nlohmann/json.hpp"

namespace postventa {
namespace {

using ledger_internal::FormatRfc3339Utc;
using ledger_internal::IsRepresentableInstant;
using ledger_internal::ParseRfc3339;
using nlohmann::json;

// ---- The fields an event type requires and allows ----

// The fields other than `id`, `type` and `date`, in canonical (struct) order.
enum Field : int {
  kUnit,
  kAt,
  kCustomer,
  kProduct,
  kChannel,
  kOutcome,
  kBy,
  kFault,
  kCase,
  kNewUnit,
  kPolicy,
  kReason,
  kPrice,
  kPartsCost,
  kLaborCost,
  kAmount,
  kAttendees,
  kUsage,
  kKind,
  kPriority,
  kSla,
  kStatus,
  kInstrument,
  kScore,
  kAnswers,
  kFieldCount,
};

// Each field's JSON key and the member that holds it (exactly one of `text`,
// `whole`, `number`, except for `at`), indexed by Field.
struct FieldInfo {
  absl::string_view key;
  std::string Event::*text = nullptr;
  std::optional<int64_t> Event::*whole = nullptr;
  std::optional<double> Event::*number = nullptr;
  std::vector<std::optional<double>> Event::*list = nullptr;
};
constexpr FieldInfo kFields[kFieldCount] = {
    {"unit", &Event::unit},
    {"at"},
    {"customer", &Event::customer},
    {"product", &Event::product},
    {"channel", &Event::channel},
    {"outcome", &Event::outcome},
    {"by", &Event::by},
    {"fault", &Event::fault},
    {"case", &Event::case_id},
    {"new_unit", &Event::new_unit},
    {"policy", &Event::policy},
    {"reason", &Event::reason},
    {"price", nullptr, &Event::price},
    {"parts_cost", nullptr, &Event::parts_cost},
    {"labor_cost", nullptr, &Event::labor_cost},
    {"amount", nullptr, &Event::amount},
    {"attendees", nullptr, &Event::attendees},
    {"usage", nullptr, nullptr, &Event::usage},
    {"kind", &Event::kind},
    {"priority", &Event::priority},
    {"sla", &Event::sla},
    {"status", &Event::status},
    {"instrument", &Event::instrument},
    {"score", nullptr, nullptr, &Event::score},
    {"answers", nullptr, nullptr, nullptr, &Event::answers},
};

enum class Need : unsigned char { kNo, kOptional, kRequired };
using Needs = std::array<Need, kFieldCount>;

// `at` is allowed on every event; unit events need their unit. `fields` adds to
// or overrides that.
constexpr Needs MakeNeeds(bool unit_event, std::initializer_list<std::pair<Field, Need>> fields) {
  Needs needs{};
  for (Need& n : needs) n = Need::kNo;
  needs[kAt] = Need::kOptional;
  if (unit_event) needs[kUnit] = Need::kRequired;
  for (const auto& [field, need] : fields) needs[field] = need;
  return needs;
}

constexpr Need kReq = Need::kRequired;
constexpr Need kOpt = Need::kOptional;

struct TypeInfo {
  EventType type;
  absl::string_view name;
  Needs needs;
};

constexpr TypeInfo kTypes[] = {
    {EventType::kSold, "sold",
     MakeNeeds(true, {{kCustomer, kReq}, {kProduct, kReq}, {kChannel, kReq}, {kPrice, kReq}})},
    {EventType::kDelivered, "delivered", MakeNeeds(true, {})},
    {EventType::kDeliveryChecked, "delivery_checked", MakeNeeds(true, {{kOutcome, kReq}})},
    {EventType::kInstalled, "installed", MakeNeeds(true, {{kBy, kReq}})},
    {EventType::kInstallationChecked, "installation_checked", MakeNeeds(true, {{kOutcome, kReq}})},
    {EventType::kTrained, "trained", MakeNeeds(true, {{kAttendees, kReq}})},
    {EventType::kMaintenanceDone, "maintenance_done", MakeNeeds(true, {{kUsage, kOpt}})},
    {EventType::kUsageReading, "usage_reading", MakeNeeds(true, {{kUsage, kReq}})},
    {EventType::kRepairReceived, "repair_received",
     MakeNeeds(true, {{kFault, kReq}, {kCase, kOpt}})},
    {EventType::kRepairReturned, "repair_returned",
     MakeNeeds(true, {{kOutcome, kReq}, {kPartsCost, kOpt}, {kLaborCost, kOpt}})},
    {EventType::kReplaced, "replaced", MakeNeeds(true, {{kNewUnit, kReq}})},
    {EventType::kRefunded, "refunded", MakeNeeds(true, {{kAmount, kReq}})},
    {EventType::kExtensionPurchased, "extension_purchased", MakeNeeds(true, {{kPolicy, kReq}})},
    {EventType::kRetired, "retired", MakeNeeds(true, {{kReason, kReq}})},
    {EventType::kComplaintOpened, "complaint_opened",
     MakeNeeds(false, {{kUnit, kOpt}, {kCustomer, kReq}, {kCase, kReq}})},
    {EventType::kComplaintResolved, "complaint_resolved",
     MakeNeeds(false, {{kUnit, kOpt}, {kCustomer, kReq}, {kCase, kReq}})},
    {EventType::kContactMade, "contact_made",
     MakeNeeds(false, {{kUnit, kOpt}, {kCase, kOpt}, {kCustomer, kReq}, {kChannel, kReq}})},
    {EventType::kSurveySent, "survey_sent",
     MakeNeeds(
         false,
         {{kUnit, kOpt}, {kCase, kOpt}, {kCustomer, kReq}, {kChannel, kReq}, {kInstrument, kOpt}})},
    {EventType::kSurveyAnswered, "survey_answered",
     MakeNeeds(false, {{kUnit, kOpt},
                       {kCase, kOpt},
                       {kCustomer, kReq},
                       {kChannel, kReq},
                       {kInstrument, kReq},
                       {kScore, kOpt},
                       {kAnswers, kOpt}})},
    {EventType::kCaseOpened, "case_opened",
     MakeNeeds(false, {{kUnit, kOpt},
                       {kAt, kReq},
                       {kCase, kReq},
                       {kKind, kReq},
                       {kPriority, kReq},
                       {kCustomer, kReq},
                       {kSla, kReq}})},
    {EventType::kCaseStatus, "case_status",
     MakeNeeds(false, {{kAt, kReq}, {kCase, kReq}, {kStatus, kReq}})},
    {EventType::kCasePriority, "case_priority",
     MakeNeeds(false, {{kAt, kReq}, {kCase, kReq}, {kPriority, kReq}})},
};

// kTypes' types, for all_event_types().
constexpr auto kTypeList = [] {
  std::array<EventType, std::size(kTypes)> list{};
  for (size_t i = 0; i < list.size(); ++i) list[i] = kTypes[i].type;
  return list;
}();

const TypeInfo* FindType(EventType type) {
  for (const TypeInfo& info : kTypes) {
    if (info.type == type) return &info;
  }
  return nullptr;
}

std::string TypeNameList() {
  std::string names;
  for (const TypeInfo& info : kTypes) {
    absl::StrAppend(&names, names.empty() ? "" : ", ", info.name);
  }
  return names;
}

// ---- Value sets ----

using ValueSet = std::initializer_list<absl::string_view>;
constexpr ValueSet kDeliveryOutcomes = {"ok", "damaged", "incomplete", "wrong_item", "late"};
constexpr ValueSet kInstallationOutcomes = {"ok", "defective"};
constexpr ValueSet kRepairOutcomes = {"fixed", "not_fixed"};
constexpr ValueSet kInstallers = {"specialist", "customer"};
constexpr ValueSet kRetirementReasons = {"recycled", "disposed", "lost"};
// The most answers one survey_answered carries (a questionnaire, not a data dump).
constexpr size_t kMaxAnswers = 1000;
constexpr ValueSet kSurveyChannels = {"paper", "interviewer", "digital"};
constexpr ValueSet kCaseKinds = {"delivery_issue", "installation", "repair",
                                 "complaint",      "question",     "return"};
constexpr ValueSet kCaseStatuses = {
    "open", "responded", "waiting_customer", "waiting_parts", "in_progress", "resolved", "closed"};

absl::Status FieldError(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

// {a, b, c} -> `a, b or c`.
std::string Alternatives(ValueSet values) {
  std::string out;
  size_t i = 0;
  for (absl::string_view v : values) {
    if (i > 0) out += (i + 1 == values.size()) ? " or " : ", ";
    out.append(v.data(), v.size());
    ++i;
  }
  return out;
}

// A JSON string literal for messages (quotes and escapes, never throws).
std::string Quoted(absl::string_view s) {
  return json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
}

absl::Status CheckOneOf(absl::string_view field, const std::string& value, ValueSet values) {
  for (absl::string_view v : values) {
    if (value == v) return absl::OkStatus();
  }
  return FieldError(field,
                    absl::StrCat("expected ", Alternatives(values), ", got ", Quoted(value)));
}

// Strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF), the
// same rule the JSON parser applies.
bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c1 < lo || c1 > hi) return false;
    for (size_t k = 2; k < len; ++k) {
      const auto ck = static_cast<unsigned char>(s[i + k]);
      if (ck < 0x80 || ck > 0xBF) return false;
    }
    i += len;
  }
  return true;
}

bool IsPresent(const Event& e, Field f) {
  const FieldInfo& info = kFields[f];
  if (info.text != nullptr) return !(e.*info.text).empty();
  if (info.whole != nullptr) return (e.*info.whole).has_value();
  if (info.number != nullptr) return (e.*info.number).has_value();
  if (info.list != nullptr) return !(e.*info.list).empty();
  return e.at.has_value();
}

// The rules on a present field's value, beyond its type allowing it.
absl::Status CheckValue(const Event& e, Field f) {
  const absl::string_view key = kFields[f].key;
  if (kFields[f].text != nullptr && !IsValidUtf8(e.*kFields[f].text)) {
    return FieldError(key, "not valid UTF-8");
  }
  switch (f) {
    case kAt:
      if (!IsRepresentableInstant(*e.at)) {
        return FieldError(
            key, absl::StrCat(absl::FormatTime(absl::RFC3339_full, *e.at, absl::UTCTimeZone()),
                              " is not a finite instant in whole microseconds "
                              "in years 0000..9999"));
      }
      return absl::OkStatus();
    case kOutcome:
      switch (e.type) {
        case EventType::kDeliveryChecked:
          return CheckOneOf(key, e.outcome, kDeliveryOutcomes);
        case EventType::kInstallationChecked:
          return CheckOneOf(key, e.outcome, kInstallationOutcomes);
        default:
          return CheckOneOf(key, e.outcome, kRepairOutcomes);
      }
    case kBy:
      return CheckOneOf(key, e.by, kInstallers);
    case kReason:
      return CheckOneOf(key, e.reason, kRetirementReasons);
    case kKind:
      return CheckOneOf(key, e.kind, kCaseKinds);
    case kStatus:
      return CheckOneOf(key, e.status, kCaseStatuses);
    case kChannel:
      if (e.type == EventType::kSurveySent || e.type == EventType::kSurveyAnswered) {
        return CheckOneOf(key, e.channel, kSurveyChannels);
      }
      return absl::OkStatus();
    case kNewUnit:
      if (e.new_unit == e.unit) {
        return FieldError(key, absl::StrCat(Quoted(e.new_unit),
                                            " is the unit itself; a replacement has a new serial"));
      }
      return absl::OkStatus();
    case kPrice:
    case kPartsCost:
    case kLaborCost:
    case kAmount: {
      const int64_t v = *(e.*kFields[f].whole);
      if (v < 0) return FieldError(key, absl::StrCat("expected an amount >= 0, got ", v));
      return absl::OkStatus();
    }
    case kAttendees:
      if (*e.attendees < 1) {
        return FieldError(key, absl::StrCat("expected at least 1 attendee, got ", *e.attendees));
      }
      return absl::OkStatus();
    case kUsage:
      if (!std::isfinite(*e.usage) || *e.usage < 0) {
        return FieldError(key, absl::StrCat("expected a finite reading >= 0, got ", *e.usage));
      }
      return absl::OkStatus();
    case kScore:
      if (!std::isfinite(*e.score)) {
        return FieldError(key, absl::StrCat("expected a finite number, got ", *e.score));
      }
      return absl::OkStatus();
    case kAnswers:
      if (e.answers.size() > kMaxAnswers) {
        return FieldError(key, absl::StrCat(e.answers.size(), " answers; at most ", kMaxAnswers));
      }
      for (size_t i = 0; i < e.answers.size(); ++i) {
        if (e.answers[i] && !std::isfinite(*e.answers[i])) {
          return FieldError(absl::StrCat(key, "[", i, "]"),
                            absl::StrCat("expected a finite number or null, got ", *e.answers[i]));
        }
      }
      return absl::OkStatus();
    default:
      return absl::OkStatus();
  }
}

// ---- JSON ----

constexpr absl::string_view kIdKey = "id", kTypeKey = "type", kDateKey = "date";

std::string KnownKeyList() {
  std::string keys = absl::StrCat(kIdKey, ", ", kTypeKey, ", ", kFields[kUnit].key, ", ", kDateKey);
  for (int f = kAt; f < kFieldCount; ++f) absl::StrAppend(&keys, ", ", kFields[f].key);
  return keys;
}

absl::Status ReadString(const json* v, absl::string_view key, std::string* out) {
  if (v == nullptr) return absl::OkStatus();
  if (!v->is_string()) {
    return FieldError(key, absl::StrCat("expected a string, got ", v->dump()));
  }
  *out = v->get<std::string>();
  return absl::OkStatus();
}

absl::Status ReadInt(const json* v, absl::string_view key, absl::string_view what,
                     std::optional<int64_t>* out) {
  if (v == nullptr) return absl::OkStatus();
  if (!v->is_number_integer()) {
    return FieldError(key, absl::StrCat("expected ", what, ", got ", v->dump()));
  }
  if (v->is_number_unsigned() &&
      v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return FieldError(key, absl::StrCat(v->dump(), " is out of range (at most ",
                                        std::numeric_limits<int64_t>::max(), ")"));
  }
  *out = v->get<int64_t>();
  return absl::OkStatus();
}

absl::Status ReadNumber(const json* v, absl::string_view key, std::optional<double>* out) {
  if (v == nullptr) return absl::OkStatus();
  if (!v->is_number()) return FieldError(key, absl::StrCat("expected a number, got ", v->dump()));
  *out = v->get<double>();
  return absl::OkStatus();
}

// An array of numbers and nulls (null: a skipped question).
absl::Status ReadNumberList(const json* v, absl::string_view key,
                            std::vector<std::optional<double>>* out) {
  if (v == nullptr) return absl::OkStatus();
  if (!v->is_array()) {
    return FieldError(key, absl::StrCat("expected an array of numbers (null for a skipped "
                                        "question), got ",
                                        v->dump()));
  }
  out->reserve(v->size());
  for (size_t i = 0; i < v->size(); ++i) {
    const json& item = (*v)[i];
    if (item.is_null()) {
      out->emplace_back();
    } else if (item.is_number()) {
      out->emplace_back(item.get<double>());
    } else {
      return FieldError(absl::StrCat(key, "[", i, "]"),
                        absl::StrCat("expected a number or null, got ", item.dump()));
    }
  }
  return absl::OkStatus();
}

// The first key that `text` (a JSON object) gives more than once, or "".
std::string RepeatedKey(absl::string_view text) {
  std::string repeated;
  absl::flat_hash_set<std::string> keys;
  json::parser_callback_t on_event = [&](int depth, json::parse_event_t kind, json& parsed) {
    if (kind == json::parse_event_t::key && depth == 1 && repeated.empty() &&
        !keys.insert(parsed.get<std::string>()).second) {
      repeated = parsed.get<std::string>();
    }
    return true;
  };
  try {
    const json ignored = json::parse(text.begin(), text.end(), on_event);
  } catch (const json::exception&) {
    // Already parsed once; cannot happen.
  }
  return repeated;
}

// Appends `s` as a JSON string literal: `"` and `\` escaped, control characters
// as \b \f \n \r \t or \u00XX, everything else (UTF-8) as is.
void AppendJsonString(std::string* out, absl::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t plain = 0;  // start of the run of characters copied as they are
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xF]);
    }
  }
  out->append(s.data() + plain, s.size() - plain);
  out->push_back('"');
}

void AppendKey(std::string* out, absl::string_view key) {
  if (out->size() > 1) out->push_back(',');  // not the first key after `{`
  AppendJsonString(out, key);
  out->push_back(':');
}

// `"YYYY-MM-DD"`, as format_date writes it, without its formatting machinery.
void AppendDate(std::string* out, Date date) {
  const absl::civil_year_t year = date.year();
  if (year < 0 || year > 9999) {  // not a valid event
    AppendJsonString(out, format_date(date));
    return;
  }
  char buf[12] = {'"', 0, 0, 0, 0, '-', 0, 0, '-', 0, 0, '"'};
  const auto put = [&buf](int pos, int digits, int64_t v) {
    for (int i = digits - 1; i >= 0; --i, v /= 10) buf[pos + i] = static_cast<char>('0' + v % 10);
  };
  put(1, 4, year);
  put(6, 2, date.month());
  put(9, 2, date.day());
  out->append(buf, sizeof(buf));
}

// The shortest decimal that reads back as the same double (std::to_chars), so
// 12.0 is written `12` and 0.1 `0.1`. -0.0 is written `0`: it equals 0.0, and
// equal events must have equal JSON.
void AppendDouble(std::string* out, double v) {
  if (v == 0) v = 0;  // -0.0 -> +0.0
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, result.ptr);
}

}  // namespace

absl::string_view event_type_name(EventType type) {
  const TypeInfo* info = FindType(type);
  return info == nullptr ? absl::string_view() : info->name;
}

std::optional<EventType> parse_event_type(absl::string_view name) {
  for (const TypeInfo& info : kTypes) {
    if (info.name == name) return info.type;
  }
  return std::nullopt;
}

absl::Span<const EventType> all_event_types() { return kTypeList; }

bool is_unit_event(EventType type) {
  const int n = static_cast<int>(type);
  return n >= static_cast<int>(EventType::kSold) && n <= static_cast<int>(EventType::kRetired);
}

absl::Status validate_event_fields(const Event& event) {
  if (event.id.empty()) return FieldError(kIdKey, "required (the ERP document id)");
  if (!IsValidUtf8(event.id)) return FieldError(kIdKey, "not valid UTF-8");
  const TypeInfo* info = FindType(event.type);
  if (info == nullptr) {
    return FieldError(kTypeKey, absl::StrCat("unknown event type ", static_cast<int>(event.type)));
  }
  if (event.date.year() < 0 || event.date.year() > 9999) {
    return FieldError(kDateKey, absl::StrCat("year ", event.date.year(), " is outside 0000..9999"));
  }
  for (int f = 0; f < kFieldCount; ++f) {
    const Field field = static_cast<Field>(f);
    const Need need = info->needs[f];
    if (!IsPresent(event, field)) {
      if (need == Need::kRequired) {
        return FieldError(kFields[f].key, absl::StrCat("required for \"", info->name, "\" events"));
      }
      continue;
    }
    if (need == Need::kNo) {
      return FieldError(kFields[f].key, absl::StrCat("not a field of \"", info->name, "\" events"));
    }
    if (absl::Status s = CheckValue(event, field); !s.ok()) return s;
  }
  if (event.type == EventType::kSurveyAnswered &&
      IsPresent(event, kScore) == IsPresent(event, kAnswers)) {
    return FieldError(IsPresent(event, kScore) ? "answers" : "score",
                      IsPresent(event, kScore)
                          ? "give score (one-question instruments) or answers, not both"
                          : "required for \"survey_answered\" events (or answers, for an "
                            "instrument of several questions)");
  }
  if (event.at) {
    // `date` is where the fact happened: the date of `at` in some UTC offset
    // from -12:00 to +14:00 (see the file comment).
    const Date earliest = absl::ToCivilDay(*event.at - absl::Hours(12), absl::UTCTimeZone());
    const Date latest = absl::ToCivilDay(*event.at + absl::Hours(14), absl::UTCTimeZone());
    if (event.date < earliest || event.date > latest) {
      return FieldError(kDateKey,
                        absl::StrCat(format_date(event.date), " is not the date of at (",
                                     FormatRfc3339Utc(*event.at), ") in any time zone (expected ",
                                     format_date(earliest), " to ", format_date(latest), ")"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Event> parse_event(absl::string_view text) {
  if (absl::Status s = common_internal::CheckJsonText(text, "event"); !s.ok()) return s;
  json root;
  size_t keys_seen = 0;  // keys of the event object, repeats included
  try {
    json::parser_callback_t count_keys = [&](int depth, json::parse_event_t kind, json&) {
      if (kind == json::parse_event_t::key && depth == 1) ++keys_seen;
      return true;
    };
    root = json::parse(text.begin(), text.end(), count_keys);
  } catch (const json::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("event: not valid JSON: ", e.what()));
  }
  if (!root.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("event: expected a JSON object, got ", root.type_name()));
  }
  // nlohmann keeps the last of repeated keys; an ambiguous event is refused.
  if (keys_seen != root.size()) return FieldError(RepeatedKey(text), "given more than once");

  // The value of each key, null counting as absent: fields by Field, then id,
  // type and date.
  constexpr int kId = kFieldCount, kType = kFieldCount + 1, kDate = kFieldCount + 2;
  std::array<const json*, kFieldCount + 3> values{};
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string& key = it.key();
    int slot = key == kIdKey ? kId : key == kTypeKey ? kType : key == kDateKey ? kDate : -1;
    for (int f = 0; slot < 0 && f < kFieldCount; ++f) {
      if (key == kFields[f].key) slot = f;
    }
    if (slot < 0) {
      return FieldError(key, absl::StrCat("unknown key (an event has ", KnownKeyList(), ")"));
    }
    if (!it->is_null()) values[slot] = &*it;
  }

  Event event;
  if (absl::Status s = ReadString(values[kId], kIdKey, &event.id); !s.ok()) return s;

  const json* type = values[kType];
  if (type == nullptr) {
    return FieldError(kTypeKey, absl::StrCat("missing (one of ", TypeNameList(), ")"));
  }
  if (!type->is_string()) {
    return FieldError(kTypeKey, absl::StrCat("expected an event type name, got ", type->dump()));
  }
  const std::optional<EventType> parsed_type =
      parse_event_type(type->get_ref<const std::string&>());
  if (!parsed_type) {
    return FieldError(kTypeKey, absl::StrCat("unknown event type ", type->dump(),
                                             " (expected one of ", TypeNameList(), ")"));
  }
  event.type = *parsed_type;

  if (const json* at = values[kAt]) {
    if (!at->is_string()) {
      return FieldError(kFields[kAt].key,
                        absl::StrCat("expected an RFC 3339 instant string, got ", at->dump()));
    }
    absl::StatusOr<absl::Time> instant = ParseRfc3339(at->get_ref<const std::string&>());
    if (!instant.ok()) return FieldError(kFields[kAt].key, instant.status().message());
    event.at = *instant;
  }
  if (const json* date = values[kDate]) {
    if (!date->is_string()) {
      return FieldError(kDateKey, absl::StrCat("expected a date YYYY-MM-DD, got ", date->dump()));
    }
    absl::StatusOr<Date> d = parse_date(date->get_ref<const std::string&>());
    if (!d.ok()) return FieldError(kDateKey, d.status().message());
    event.date = *d;
  } else if (event.at) {
    event.date = absl::ToCivilDay(*event.at, absl::UTCTimeZone());
  } else {
    return FieldError(kDateKey, "missing (give date YYYY-MM-DD, or at)");
  }

  for (int f = 0; f < kFieldCount; ++f) {
    const FieldInfo& info = kFields[f];
    absl::Status s;
    if (info.text != nullptr) {
      s = ReadString(values[f], info.key, &(event.*info.text));
    } else if (info.whole != nullptr) {
      s = ReadInt(values[f], info.key,
                  f == kAttendees ? "a whole number" : "a whole number of minor units",
                  &(event.*info.whole));
    } else if (info.number != nullptr) {
      s = ReadNumber(values[f], info.key, &(event.*info.number));
    } else if (info.list != nullptr) {
      s = ReadNumberList(values[f], info.key, &(event.*info.list));
    }  // else `at`, read above
    if (!s.ok()) return s;
  }
  if (absl::Status s = validate_event_fields(event); !s.ok()) return s;
  return event;
}

std::string event_to_json(const Event& event) {
  std::string out;
  out.reserve(256);
  out.push_back('{');
  AppendKey(&out, kIdKey);
  AppendJsonString(&out, event.id);
  AppendKey(&out, kTypeKey);
  if (const TypeInfo* info = FindType(event.type)) {
    AppendJsonString(&out, info->name);
  } else {
    absl::StrAppend(&out, static_cast<int>(event.type));  // not a valid event
  }
  if (!event.unit.empty()) {
    AppendKey(&out, kFields[kUnit].key);
    AppendJsonString(&out, event.unit);
  }
  AppendKey(&out, kDateKey);
  AppendDate(&out, event.date);
  for (int f = kAt; f < kFieldCount; ++f) {
    if (!IsPresent(event, static_cast<Field>(f))) continue;
    const FieldInfo& info = kFields[f];
    AppendKey(&out, info.key);
    if (info.text != nullptr) {
      AppendJsonString(&out, event.*info.text);
    } else if (info.whole != nullptr) {
      absl::StrAppend(&out, *(event.*info.whole));
    } else if (info.number != nullptr) {
      AppendDouble(&out, *(event.*info.number));
    } else if (info.list != nullptr) {
      out.push_back('[');
      bool first = true;
      for (const std::optional<double>& v : event.*info.list) {
        if (!first) out.push_back(',');
        first = false;
        if (v) {
          AppendDouble(&out, *v);
        } else {
          out.append("null");
        }
      }
      out.push_back(']');
    } else {
      AppendJsonString(&out, FormatRfc3339Utc(*event.at));
    }
  }
  out.push_back('}');
  return out;
}

}  // namespace postventa
