// Follow-up rule sets (SPEC §6): the names accepted in configuration, the
// validation a hand-built rule set and its JSON form share, and the default set.
#include "catalog/internal/rules.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "followup/internal/rules.h"
#include "postventa/event.h"
#include "postventa/followup.h"

namespace postventa {
namespace followup_internal {
namespace {

// From the seeds: phone calls and personal visits (001: "llamadas telefónicas",
// "visita personal"), letters and thank-you cards (001: "cartas, tarjetas"),
// the three survey channels (002: paper, interviewer, digital), and the
// electronic channels an after-sales team uses today (email, sms).
constexpr absl::string_view kChannels[] = {"phone", "visit",       "letter", "email",
                                           "sms",   "interviewer", "paper",  "digital"};
constexpr absl::string_view kCategories[] = {"service", "courtesy", "survey", "referral", "offer"};
constexpr absl::string_view kSuppressed[] = {"survey", "referral", "offer"};
constexpr absl::string_view kDerived[] = {kCaseResolved, kMaintenanceDue, kWarrantyEnd};

bool Contains(absl::Span<const absl::string_view> names, absl::string_view name) {
  for (absl::string_view n : names) {
    if (n == name) return true;
  }
  return false;
}

absl::Status FieldError(absl::string_view path, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", why));
}

bool IsIdentifier(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

absl::Status CheckOffset(int value, const std::string& path) {
  if (value < -kMaxFollowupOffsetDays || value > kMaxFollowupOffsetDays) {
    return FieldError(path, absl::StrCat(value, " is outside -", kMaxFollowupOffsetDays, "..",
                                         kMaxFollowupOffsetDays));
  }
  return absl::OkStatus();
}

absl::Status CheckScore(const std::optional<double>& score, const std::string& path) {
  if (score && !std::isfinite(*score)) {
    return FieldError(path, absl::StrCat("must be a finite number, got ", *score));
  }
  return absl::OkStatus();
}

}  // namespace

std::string QuotedList(absl::Span<const absl::string_view> names) {
  std::string out;
  for (absl::string_view n : names) absl::StrAppend(&out, out.empty() ? "" : ", ", "\"", n, "\"");
  return out;
}

int TriggerCount() { return static_cast<int>(all_event_types().size() + std::size(kDerived)); }

int TriggerId(absl::string_view name) {
  const absl::Span<const EventType> types = all_event_types();
  for (size_t i = 0; i < types.size(); ++i) {
    if (event_type_name(types[i]) == name) return static_cast<int>(i);
  }
  for (size_t i = 0; i < std::size(kDerived); ++i) {
    if (kDerived[i] == name) return static_cast<int>(types.size() + i);
  }
  return -1;
}

absl::Status ValidateRuleAt(const FollowupRule& rule, const std::string& path) {
  const std::string at = path + ".";
  if (rule.touchpoint.empty()) {
    return FieldError(at + "touchpoint", "must not be empty (a name such as \"thank_you\")");
  }
  if (!IsIdentifier(rule.touchpoint) || rule.touchpoint.size() > 64) {
    return FieldError(
        at + "touchpoint",
        absl::StrCat("\"", absl::CHexEscape(rule.touchpoint),
                     "\" is not an identifier (up to 64 lowercase ASCII letters, digits and '_')"));
  }
  if (TriggerId(rule.after) < 0) {
    return FieldError(at + "after",
                      absl::StrCat("unknown trigger \"", absl::CHexEscape(rule.after),
                                   "\" (expected an event type such as \"sold\", \"delivered\", "
                                   "\"installed\", \"survey_answered\", or ",
                                   QuotedList(kDerived), ")"));
  }
  if (rule.offset_working_days) {
    if (rule.offset_days != 0) {
      return FieldError(at + "offset_days",
                        absl::StrCat("is ", rule.offset_days,
                                     " but offset_working_days is given too (use exactly one)"));
    }
    if (absl::Status s = CheckOffset(*rule.offset_working_days, at + "offset_working_days");
        !s.ok()) {
      return s;
    }
  } else if (absl::Status s = CheckOffset(rule.offset_days, at + "offset_days"); !s.ok()) {
    return s;
  }
  if (!Contains(kChannels, rule.channel)) {
    return FieldError(at + "channel",
                      absl::StrCat("unknown channel \"", absl::CHexEscape(rule.channel),
                                   "\" (expected one of ", QuotedList(kChannels), ")"));
  }
  if (!Contains(kCategories, rule.category)) {
    return FieldError(at + "category",
                      absl::StrCat("unknown category \"", absl::CHexEscape(rule.category),
                                   "\" (expected one of ", QuotedList(kCategories), ")"));
  }
  if (rule.every_months &&
      (*rule.every_months < 1 || *rule.every_months > kMaxFollowupEveryMonths)) {
    return FieldError(at + "every_months",
                      absl::StrCat(*rule.every_months, " is outside 1..", kMaxFollowupEveryMonths));
  }
  const FollowupCondition& when = rule.when;
  const std::string w = at + "when.";
  if (!when.by.empty()) {
    if (when.by != "specialist" && when.by != "customer") {
      return FieldError(w + "by", absl::StrCat("expected \"specialist\" or \"customer\", got \"",
                                               absl::CHexEscape(when.by), "\""));
    }
    if (rule.after != "installed") {
      return FieldError(w + "by", absl::StrCat("applies only to rules after \"installed\" (this "
                                               "rule is after \"",
                                               rule.after, "\")"));
    }
  }
  if (!when.instrument.empty() || when.min_score || when.max_score) {
    const char* field = !when.instrument.empty() ? "instrument"
                        : when.min_score         ? "min_score"
                                                 : "max_score";
    if (rule.after != "survey_answered") {
      return FieldError(w + field, absl::StrCat("applies only to rules after \"survey_answered\" "
                                                "(this rule is after \"",
                                                rule.after, "\")"));
    }
  }
  if (!catalog_internal::IsValidUtf8(when.instrument)) {
    return FieldError(w + "instrument", "is not valid UTF-8 text");
  }
  if (absl::Status s = CheckScore(when.min_score, w + "min_score"); !s.ok()) return s;
  if (absl::Status s = CheckScore(when.max_score, w + "max_score"); !s.ok()) return s;
  if (when.min_score && when.max_score && *when.min_score > *when.max_score) {
    return FieldError(w + "max_score",
                      absl::StrCat(*when.max_score, " is below min_score ", *when.min_score));
  }
  return absl::OkStatus();
}

}  // namespace followup_internal

absl::Span<const absl::string_view> followup_channels() { return followup_internal::kChannels; }
absl::Span<const absl::string_view> followup_categories() { return followup_internal::kCategories; }

std::vector<std::string> followup_triggers() {
  std::vector<std::string> out;
  for (EventType type : all_event_types()) out.emplace_back(event_type_name(type));
  for (absl::string_view d : followup_internal::kDerived) out.emplace_back(d);
  return out;
}

bool followup_category_suppressed(absl::string_view category) {
  return followup_internal::Contains(followup_internal::kSuppressed, category);
}

absl::Status validate_followup_rules(const FollowupRules& rules) {
  if (rules.name.empty()) return followup_internal::FieldError("name", "must not be empty");
  if (!catalog_internal::IsValidUtf8(rules.name)) {
    return followup_internal::FieldError("name", "is not valid UTF-8 text");
  }
  if (!catalog_internal::IsValidUtf8(rules.calendar)) {
    return followup_internal::FieldError("calendar", "is not valid UTF-8 text");
  }
  if (rules.max_contacts_per_30_days < 1) {
    return followup_internal::FieldError(
        "max_contacts_per_30_days",
        absl::StrCat("must be at least 1, got ", rules.max_contacts_per_30_days));
  }
  for (size_t i = 0; i < rules.rules.size(); ++i) {
    if (absl::Status s =
            followup_internal::ValidateRuleAt(rules.rules[i], absl::StrCat("rules[", i, "]"));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// The default cadence of SPEC §6, channels from the seeds. Priorities: the
// contacts whose moment matters most (they check or keep the product working)
// come first; courtesy, surveys and the yearly call can wait. docs/followups.md
// gives the reasons rule by rule.
FollowupRules default_followup_rules() {
  FollowupRules set;
  set.name = "default";
  set.max_contacts_per_30_days = 3;
  auto add = [&](const char* touchpoint, const char* after, int days, std::optional<int> working,
                 const char* channel, const char* category, int priority) -> FollowupRule& {
    FollowupRule& r = set.rules.emplace_back();
    r.touchpoint = touchpoint;
    r.after = after;
    r.offset_days = days;
    r.offset_working_days = working;
    r.channel = channel;
    r.category = category;
    r.priority = priority;
    return r;
  };
  add("thank_you", "sold", 0, std::nullopt, "letter", "courtesy", 60);
  add("delivery_check", "delivered", 0, std::nullopt, "phone", "service", 90);
  add("installation_check", "installed", 0, 1, "visit", "service", 100).when.by = "specialist";
  add("operator_training", "delivered", 0, 3, "visit", "service", 70).when.product_training = true;
  add("delivery_survey", "delivered", 7, std::nullopt, "digital", "survey", 30);
  add("case_survey", "case_resolved", 2, std::nullopt, "interviewer", "survey", 40);
  FollowupRule& referral =
      add("referral_request", "survey_answered", 1, std::nullopt, "email", "referral", 20);
  referral.when.instrument = "nps";
  referral.when.min_score = 9;
  referral.when.max_score = 10;
  add("maintenance_reminder", "maintenance_due", -14, std::nullopt, "phone", "service", 80);
  add("warranty_end_offer", "warranty_end", -30, std::nullopt, "letter", "offer", 50);
  add("relationship_call", "sold", 0, std::nullopt, "phone", "courtesy", 10).every_months = 12;
  return set;
}

}  // namespace postventa
