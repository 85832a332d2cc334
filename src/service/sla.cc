// The SLA engine (SPEC §5): where the first-response and resolution targets of
// one case stand at an instant.
//
// Each target has a clock. The elapsed SLA time E(t) is the working time of
// the calendar over the periods the clock ran before t: from creation, minus
// the periods in a pause status, minus (for resolution) the periods the case
// was resolved or closed. E never depends on the priority; only the target
// T(t) does, and it changes at priority steps.
//
// A target is breached at the first instant at which E(t) > T(t) while it is
// not yet achieved. E is continuous and never decreases, and T is constant
// between steps, so E > T somewhere between two steps exactly when it holds
// at the later one; the engine therefore only measures E where something
// changes — when the clock stops, at a priority step, at an achievement and at
// `at` — not at every step. A case of n steps costs a few business_time_between
// lookups (one per run of the clock) and no allocation.
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "postventa/service.h"
#include "postventa/time.h"
#include "service/internal/service.h"

namespace postventa {
namespace {

constexpr uint32_t Bit(CaseStatus s) { return uint32_t{1} << static_cast<int>(s); }

constexpr uint32_t kAchieved = Bit(CaseStatus::kResolved) | Bit(CaseStatus::kClosed);

std::string FormatInstant(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", t, absl::UTCTimeZone());
}

// One target's clock.
struct Clock {
  bool pending = true;             // not achieved: before the first response / not resolved
  bool running = true;             // pending and not paused: the clock is ticking
  absl::Time run_start;            // running: when the current run began (the resume instant)
  int64_t base_us = 0;             // running: elapsed at run_start; otherwise the elapsed so far
  int64_t target_us = 0;           // the target of the priority in force
  int64_t achieved_target_us = 0;  // not pending: the target in force at achievement
  bool breached = false;           // sticky
  int64_t breach_target_us = 0;    // the target that was exceeded
  absl::Time breach_at;            // when the elapsed time reached it
};

class Evaluation {
 public:
  Evaluation(const SlaPolicy& policy, const Calendar& calendar, absl::Span<const CaseStep> steps,
             absl::Time at)
      : policy_(policy), calendar_(calendar), steps_(steps), at_(at) {
    for (CaseStatus s : policy.pause_statuses) {
      const int k = static_cast<int>(s);
      // A value outside the enum is refused in Run() with the other guards.
      pause_mask_ |= (k >= 0 && k < 31) ? Bit(s) : uint32_t{1} << 31;
    }
  }

  absl::StatusOr<SlaStatus> Run();

 private:
  // The targets of `priority`: its own, else "*", else NotFound.
  absl::StatusOr<const SlaTarget*> Targets(const std::string& priority) const;
  // Working microseconds in [a, b).
  absl::StatusOr<int64_t> Work(absl::Time a, absl::Time b) const;
  // E(t) of a clock, for t at or after its last change.
  absl::StatusOr<int64_t> Elapsed(const Clock& clock, absl::Time t) const;
  // Records a breach when `elapsed` (E at the current instant) exceeds
  // `target_us`.
  absl::Status Check(Clock& clock, int64_t elapsed, int64_t target_us) const;
  // The first instant at which the clock's E reaches (or reached) `target_us`:
  // for a running clock short of it, the deadline if it keeps running; for
  // one at or past it, the instant it got there.
  absl::StatusOr<absl::Time> Reached(const Clock& clock, int64_t target_us) const;
  // The same for the resolution clock when the instant lies in an earlier run:
  // replays the status history up to the current instant.
  absl::StatusOr<absl::Time> ResolutionReached(int64_t target_us) const;
  absl::StatusOr<TargetStatus> Report(Clock& clock);

  // The resolution clock runs in every status but the pause statuses and
  // resolved/closed.
  bool ResolutionRuns(CaseStatus s) const { return ((pause_mask_ | kAchieved) & Bit(s)) == 0; }

  const SlaPolicy& policy_;
  const Calendar& calendar_;
  absl::Span<const CaseStep> steps_;
  absl::Time at_;
  uint32_t pause_mask_ = 0;
  // The current instant: steps_[now_index_].at, or at_ once every step read
  // has been applied (now_index_ is then the number of steps read).
  size_t now_index_ = 0;
  absl::Time now_;
  Clock first_;
  Clock resolution_;
};

absl::StatusOr<const SlaTarget*> Evaluation::Targets(const std::string& priority) const {
  auto it = policy_.targets.find(priority);
  if (it == policy_.targets.end()) it = policy_.targets.find("*");
  if (it == policy_.targets.end()) {
    return absl::NotFoundError(absl::StrCat("priority \"", priority, "\": the SLA policy \"",
                                            policy_.name,
                                            "\" has no target for it and no \"*\" target"));
  }
  // Cheap guards that keep the arithmetic below defined for a policy that
  // skipped validate_sla_policy (the names are not checked again).
  for (int64_t seconds : {it->second.first_response_seconds, it->second.resolution_seconds}) {
    if (seconds <= 0 || seconds > kMaxSlaTargetSeconds) {
      return absl::InvalidArgumentError(absl::StrCat(
          "targets.", it->first, ": ", seconds,
          " seconds is not a valid target (the policy did not pass validate_sla_policy)"));
    }
  }
  return &it->second;
}

absl::StatusOr<int64_t> Evaluation::Work(absl::Time a, absl::Time b) const {
  absl::StatusOr<absl::Duration> d = calendar_.business_time_between(a, b);
  if (!d.ok()) return d.status();
  return absl::ToInt64Microseconds(*d);
}

absl::StatusOr<int64_t> Evaluation::Elapsed(const Clock& clock, absl::Time t) const {
  if (!clock.running) return clock.base_us;
  absl::StatusOr<int64_t> w = Work(clock.run_start, t);
  if (!w.ok()) return w.status();
  return clock.base_us + *w;
}

absl::Status Evaluation::Check(Clock& clock, int64_t elapsed, int64_t target_us) const {
  if (clock.breached || elapsed <= target_us) return absl::OkStatus();
  clock.breached = true;
  clock.breach_target_us = target_us;
  absl::StatusOr<absl::Time> reached = Reached(clock, target_us);
  if (!reached.ok()) return reached.status();
  clock.breach_at = *reached;
  return absl::OkStatus();
}

absl::StatusOr<absl::Time> Evaluation::Reached(const Clock& clock, int64_t target_us) const {
  if (clock.running && clock.base_us < target_us) {
    // In the current run: SPEC §5's add_business_time(resume_instant,
    // target - elapsed at resume).
    return calendar_.add_business_time(clock.run_start,
                                       absl::Microseconds(target_us - clock.base_us));
  }
  // In an earlier run (base >= target: the clock was stopped at or past the
  // target, or has just resumed exactly at it). Only the resolution clock has
  // more than one run: the first-response clock runs once, from creation,
  // never paused, with base 0 < target.
  return ResolutionReached(target_us);
}

absl::StatusOr<absl::Time> Evaluation::ResolutionReached(int64_t target_us) const {
  int64_t elapsed = 0;
  bool running = true;
  absl::Time run_start = steps_[0].at;
  for (size_t i = 1; i <= now_index_; ++i) {
    const bool last = i == now_index_;
    const bool runs =
        last ? false
             : (steps_[i].kind == CaseStep::Kind::kStatus ? ResolutionRuns(steps_[i].status)
                                                          : running);
    if (running && !runs) {
      const absl::Time end = last ? now_ : steps_[i].at;
      absl::StatusOr<int64_t> w = Work(run_start, end);
      if (!w.ok()) return w.status();
      if (elapsed + *w >= target_us) {
        return calendar_.add_business_time(run_start, absl::Microseconds(target_us - elapsed));
      }
      elapsed += *w;
    } else if (!running && runs) {
      run_start = steps_[i].at;
    }
    running = runs;
  }
  // Unreachable for a breach the evaluation found: E exceeded the target.
  return absl::InternalError(absl::StrCat("sla: the resolution clock never reached ",
                                          absl::FormatDuration(absl::Microseconds(target_us))));
}

absl::StatusOr<TargetStatus> Evaluation::Report(Clock& clock) {
  TargetStatus out;
  if (clock.pending && clock.running) {
    absl::StatusOr<int64_t> e = Elapsed(clock, at_);
    if (!e.ok()) return e.status();
    if (absl::Status s = Check(clock, *e, clock.target_us); !s.ok()) return s;
    out.elapsed = absl::Microseconds(*e);
  } else {
    out.elapsed = absl::Microseconds(clock.base_us);
  }
  if (clock.breached) {
    out.state = TargetState::kBreached;
    out.deadline = clock.breach_at;
    out.target = absl::Microseconds(clock.breach_target_us);
    return out;
  }
  if (!clock.pending) {
    out.state = TargetState::kMet;
    out.target = absl::Microseconds(clock.achieved_target_us);
    return out;
  }
  out.target = absl::Microseconds(clock.target_us);
  if (!clock.running) {
    out.state = TargetState::kPaused;
    return out;
  }
  const int64_t elapsed = absl::ToInt64Microseconds(out.elapsed);
  // ratio × target, to the nearest microsecond: 0.8 × 10 h is exactly 8 h.
  const int64_t threshold =
      std::llround(policy_.at_risk_ratio * static_cast<double>(clock.target_us));
  out.state = elapsed >= threshold ? TargetState::kAtRisk : TargetState::kOnTrack;
  // The deadline is the first instant at which E reaches the target. While
  // time remains it is SPEC §5's add_business_time(resume_instant, target -
  // elapsed at resume), and also add_business_time(at, target - E(at)): the
  // clock has run without a pause since the resume instant, so E(at) = elapsed
  // at resume + W(resume, at), and both name the first instant by which
  // target - (elapsed at resume) of working time has passed since the resume.
  // When E(at) equals the target exactly (not yet breached), the instant it
  // was reached is in the past, and it is that instant, not the next working
  // one after `at`: the same deadline the target will show once breached.
  absl::StatusOr<absl::Time> deadline = Reached(clock, clock.target_us);
  if (!deadline.ok()) return deadline.status();
  out.deadline = *deadline;
  return out;
}

absl::StatusOr<SlaStatus> Evaluation::Run() {
  if (!(policy_.at_risk_ratio > 0 && policy_.at_risk_ratio <= 1) ||
      (pause_mask_ & ~(Bit(CaseStatus::kResponded) | Bit(CaseStatus::kInProgress) |
                       Bit(CaseStatus::kWaitingCustomer) | Bit(CaseStatus::kWaitingParts))) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("sla policy \"", policy_.name,
                     "\": at_risk_ratio or pause_statuses not valid (the policy did not pass "
                     "validate_sla_policy)"));
  }
  CaseStatus status = CaseStatus::kOpen;
  if (steps_.empty()) return validate_case_history(steps_);
  if (absl::Status s = service_internal::CheckStep(steps_, 0, "steps", &status); !s.ok()) return s;
  const absl::Time opened = steps_[0].at;
  if (at_ < opened) {
    return absl::InvalidArgumentError(absl::StrCat(
        "at: ", FormatInstant(at_), " is before the case was opened at ", FormatInstant(opened)));
  }
  absl::StatusOr<const SlaTarget*> targets = Targets(steps_[0].priority);
  if (!targets.ok()) return targets.status();
  for (Clock* c : {&first_, &resolution_}) {
    c->run_start = opened;  // both clocks start at creation; open never pauses
  }
  first_.target_us = (*targets)->first_response_seconds * 1000000;
  resolution_.target_us = (*targets)->resolution_seconds * 1000000;

  size_t i = 1;
  for (; i < steps_.size() && steps_[i].at <= at_; ++i) {
    const CaseStep& step = steps_[i];
    const CaseStatus before = status;
    if (absl::Status s = service_internal::CheckStep(steps_, i, "steps", &status); !s.ok()) {
      return s;
    }
    const absl::Time t = step.at;
    now_index_ = i;
    now_ = t;
    if (step.kind == CaseStep::Kind::kPriority) {
      targets = Targets(step.priority);
      if (!targets.ok()) return targets.status();
      const int64_t new_target[2] = {(*targets)->first_response_seconds * 1000000,
                                     (*targets)->resolution_seconds * 1000000};
      Clock* clocks[2] = {&first_, &resolution_};
      for (int k = 0; k < 2; ++k) {
        Clock& c = *clocks[k];
        if (c.pending) {
          // Re-evaluated from creation with the new target; a breach under the
          // old one stands.
          absl::StatusOr<int64_t> e = Elapsed(c, t);
          if (!e.ok()) return e.status();
          if (absl::Status s = Check(c, *e, c.target_us); !s.ok()) return s;
          if (absl::Status s = Check(c, *e, new_target[k]); !s.ok()) return s;
        }
        c.target_us = new_target[k];
      }
      continue;
    }
    if (step.kind != CaseStep::Kind::kStatus) continue;  // CheckStep refused a second kOpened
    if (before == CaseStatus::kOpen) {
      // The first move out of open is the first response.
      absl::StatusOr<int64_t> e = Elapsed(first_, t);
      if (!e.ok()) return e.status();
      if (absl::Status s = Check(first_, *e, first_.target_us); !s.ok()) return s;
      first_.pending = first_.running = false;
      first_.base_us = *e;
      first_.achieved_target_us = first_.target_us;
    }
    const bool runs = ResolutionRuns(status);
    if (resolution_.running && !runs) {
      absl::StatusOr<int64_t> e = Elapsed(resolution_, t);
      if (!e.ok()) return e.status();
      if (absl::Status s = Check(resolution_, *e, resolution_.target_us); !s.ok()) return s;
      resolution_.base_us = *e;
      resolution_.running = false;
    } else if (!resolution_.running && runs) {
      resolution_.running = true;
      resolution_.run_start = t;
    }
    if (status == CaseStatus::kResolved) {
      // Achieved, judged against the target in force now. E was checked
      // against it when the clock stopped (just above, or at the pause that
      // came before and at every priority change since).
      resolution_.achieved_target_us = resolution_.target_us;
    }
    const bool reopened = !resolution_.pending && (Bit(status) & kAchieved) == 0;
    resolution_.pending = (Bit(status) & kAchieved) == 0;
    if (reopened) {
      // Running again, against the current priority's target, which may have
      // changed while the case was resolved and be exceeded already.
      if (absl::Status s = Check(resolution_, resolution_.base_us, resolution_.target_us);
          !s.ok()) {
        return s;
      }
    }
  }
  now_index_ = i;
  now_ = at_;
  // The steps after `at` are not read, but the history must still be valid.
  for (CaseStatus later = status; i < steps_.size(); ++i) {
    if (absl::Status s = service_internal::CheckStep(steps_, i, "steps", &later); !s.ok()) return s;
  }

  SlaStatus out;
  absl::StatusOr<TargetStatus> first = Report(first_);
  if (!first.ok()) return first.status();
  out.first_response = *first;
  absl::StatusOr<TargetStatus> resolution = Report(resolution_);
  if (!resolution.ok()) return resolution.status();
  out.resolution = *resolution;
  return out;
}

void AppendTarget(std::string* out, absl::string_view key, const TargetStatus& t) {
  absl::StrAppend(out, "\"", key, "\":{\"status\":\"", target_state_name(t.state),
                  "\",\"elapsed\":", absl::ToInt64Seconds(t.elapsed), ",\"deadline\":");
  if (t.deadline) {
    absl::StrAppend(out, "\"", FormatInstant(*t.deadline), "\"");
  } else {
    absl::StrAppend(out, "null");
  }
  absl::StrAppend(out, ",\"target\":", absl::ToInt64Seconds(t.target), "}");
}

}  // namespace

absl::string_view target_state_name(TargetState state) {
  switch (state) {
    case TargetState::kMet:
      return "met";
    case TargetState::kBreached:
      return "breached";
    case TargetState::kOnTrack:
      return "on_track";
    case TargetState::kAtRisk:
      return "at_risk";
    case TargetState::kPaused:
      return "paused";
  }
  return "";
}

absl::StatusOr<SlaStatus> evaluate_sla(const SlaPolicy& policy, const Calendar& calendar,
                                       absl::Span<const CaseStep> steps, absl::Time at) {
  return Evaluation(policy, calendar, steps, at).Run();
}

std::string sla_status_to_json(const SlaStatus& status) {
  std::string out = "{";
  AppendTarget(&out, "first_response", status.first_response);
  out += ",";
  AppendTarget(&out, "resolution", status.resolution);
  out += "}";
  return out;
}

}  // namespace postventa
