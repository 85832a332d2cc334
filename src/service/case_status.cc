// The status machine of a service case and the validation of a case's
// history (SPEC §5).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "postventa/event.h"
#include "postventa/service.h"
#include "service/internal/service.h"

namespace postventa {
namespace {

constexpr int kStatusCount = 7;

constexpr absl::string_view kStatusNames[kStatusCount] = {
    "open", "responded", "in_progress", "waiting_customer", "waiting_parts", "resolved", "closed"};

constexpr uint32_t Bit(CaseStatus s) { return uint32_t{1} << static_cast<int>(s); }

// The statuses between the first response and the resolution.
constexpr uint32_t kWorking = Bit(CaseStatus::kInProgress) | Bit(CaseStatus::kWaitingCustomer) |
                              Bit(CaseStatus::kWaitingParts);

// kAllowed[from]: the statuses a case may move to from `from`.
constexpr uint32_t kAllowed[kStatusCount] = {
    /*open=*/Bit(CaseStatus::kResponded) | kWorking | Bit(CaseStatus::kResolved),
    /*responded=*/kWorking | Bit(CaseStatus::kResolved),
    // Among in_progress, waiting_customer and waiting_parts, any move but to
    // the status the case already has.
    /*in_progress=*/(kWorking & ~Bit(CaseStatus::kInProgress)) | Bit(CaseStatus::kResolved),
    /*waiting_customer=*/(kWorking & ~Bit(CaseStatus::kWaitingCustomer)) |
        Bit(CaseStatus::kResolved),
    /*waiting_parts=*/(kWorking & ~Bit(CaseStatus::kWaitingParts)) | Bit(CaseStatus::kResolved),
    /*resolved=*/kWorking | Bit(CaseStatus::kClosed),
    /*closed=*/0,
};

bool InEnum(CaseStatus s) {
  const int i = static_cast<int>(s);
  return i >= 0 && i < kStatusCount;
}

bool TransitionAllowed(CaseStatus from, CaseStatus to) {
  return InEnum(from) && InEnum(to) && (kAllowed[static_cast<int>(from)] & Bit(to)) != 0;
}

// "open, responded, ..., closed", for error messages.
std::string AllStatusNames() {
  std::string out;
  for (absl::string_view name : kStatusNames) absl::StrAppend(&out, out.empty() ? "" : ", ", name);
  return out;
}

std::string FormatInstant(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", t, absl::UTCTimeZone());
}

}  // namespace

absl::string_view case_status_name(CaseStatus status) {
  return InEnum(status) ? kStatusNames[static_cast<int>(status)] : absl::string_view();
}

std::optional<CaseStatus> parse_case_status(absl::string_view name) {
  for (int i = 0; i < kStatusCount; ++i) {
    if (kStatusNames[i] == name) return static_cast<CaseStatus>(i);
  }
  return std::nullopt;
}

absl::Status check_case_transition(CaseStatus from, CaseStatus to) {
  if (!InEnum(from) || !InEnum(to)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "case status: value ", static_cast<int>(InEnum(from) ? to : from), " is not a status"));
  }
  if (TransitionAllowed(from, to)) return absl::OkStatus();
  const absl::string_view from_name = case_status_name(from), to_name = case_status_name(to);
  if (from == to) {
    return absl::FailedPreconditionError(absl::StrCat("case status: cannot go from ", from_name,
                                                      " to ", to_name, " (the case is already ",
                                                      from_name, ")"));
  }
  if (from == CaseStatus::kClosed) {
    return absl::FailedPreconditionError(
        absl::StrCat("case status: cannot go from closed to ", to_name, " (closed is final)"));
  }
  std::string allowed;
  for (int i = 0; i < kStatusCount; ++i) {
    if (kAllowed[static_cast<int>(from)] & (uint32_t{1} << i)) {
      absl::StrAppend(&allowed, allowed.empty() ? "" : ", ", kStatusNames[i]);
    }
  }
  return absl::FailedPreconditionError(absl::StrCat("case status: cannot go from ", from_name,
                                                    " to ", to_name, " (allowed from ", from_name,
                                                    ": ", allowed, ")"));
}

absl::Status service_internal::CheckStep(absl::Span<const CaseStep> steps, size_t i,
                                         absl::string_view list, CaseStatus* status) {
  const CaseStep& step = steps[i];
  // The message is built only on failure: evaluate_sla checks every step.
  auto fail = [&](absl::StatusCode code, absl::string_view field, absl::string_view why) {
    return absl::Status(code, absl::StrCat(list, "[", i, "]", field, ": ", why));
  };
  switch (step.kind) {
    case CaseStep::Kind::kOpened:
      if (i != 0) {
        return fail(absl::StatusCode::kInvalidArgument, "",
                    absl::StrCat("the case was already opened by ", list, "[0]"));
      }
      break;
    case CaseStep::Kind::kStatus:
    case CaseStep::Kind::kPriority:
      if (i == 0) {
        return fail(absl::StatusCode::kInvalidArgument, "",
                    "a case history starts with the case being opened");
      }
      break;
    default:
      return fail(absl::StatusCode::kInvalidArgument, ".kind",
                  absl::StrCat(static_cast<int>(step.kind), " is not a step kind"));
  }
  if (i > 0 && step.at < steps[i - 1].at) {
    return fail(absl::StatusCode::kInvalidArgument, ".at",
                absl::StrCat(FormatInstant(step.at), " is before the previous step's ",
                             FormatInstant(steps[i - 1].at), " (steps are in time order)"));
  }
  if (step.kind == CaseStep::Kind::kStatus) {
    if (absl::Status s = check_case_transition(*status, step.status); !s.ok()) {
      return fail(s.code(), "", s.message());
    }
    *status = step.status;
  } else if (step.priority.empty()) {
    return fail(absl::StatusCode::kInvalidArgument, ".priority", "must not be empty");
  }
  return absl::OkStatus();
}

namespace {

absl::Status CheckHistory(absl::Span<const CaseStep> steps, absl::string_view list) {
  if (steps.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(list, ": empty (a case history starts with the case being opened)"));
  }
  CaseStatus status = CaseStatus::kOpen;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (absl::Status s = service_internal::CheckStep(steps, i, list, &status); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status validate_case_history(absl::Span<const CaseStep> steps) {
  return CheckHistory(steps, "steps");
}

absl::StatusOr<std::vector<CaseStep>> case_history_from_events(absl::Span<const Event> events) {
  std::vector<CaseStep> steps;
  steps.reserve(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    const std::string path = absl::StrCat("events[", i, "]");
    CaseStep step;
    switch (e.type) {
      case EventType::kCaseOpened:
        step.kind = CaseStep::Kind::kOpened;
        step.priority = e.priority;
        break;
      case EventType::kCaseStatus: {
        step.kind = CaseStep::Kind::kStatus;
        const std::optional<CaseStatus> status = parse_case_status(e.status);
        if (!status) {
          return absl::InvalidArgumentError(
              absl::StrCat(path, ".status: \"", e.status,
                           "\" is not a case status (expected one of ", AllStatusNames(), ")"));
        }
        step.status = *status;
        break;
      }
      case EventType::kCasePriority:
        step.kind = CaseStep::Kind::kPriority;
        step.priority = e.priority;
        break;
      default:
        return absl::InvalidArgumentError(
            absl::StrCat(path, ".type: \"", event_type_name(e.type),
                         "\" is not a case event (expected case_opened, case_status or "
                         "case_priority)"));
    }
    if (!e.at) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".at: missing (case events carry the instant they happened)"));
    }
    step.at = *e.at;
    steps.push_back(std::move(step));
  }
  if (absl::Status s = CheckHistory(steps, "events"); !s.ok()) return s;
  return steps;
}

}  // namespace postventa
