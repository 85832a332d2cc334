// The service module's shared internals: the check of one step of a case
// history, used by validate_case_history and by evaluate_sla (which validates
// while it evaluates, in one pass).
#ifndef POSTVENTA_SRC_SERVICE_INTERNAL_SERVICE_H_
#define POSTVENTA_SRC_SERVICE_INTERNAL_SERVICE_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "postventa/service.h"

namespace postventa::service_internal {

// Checks steps[i] against the steps before it; `*status` is the case's status
// before the step and becomes the status after it. Errors start with
// `<list>[i]` ("steps[3]: ..."). Allocates only to build an error.
absl::Status CheckStep(absl::Span<const CaseStep> steps, size_t i, absl::string_view list,
                       CaseStatus* status);

}  // namespace postventa::service_internal

#endif  // POSTVENTA_SRC_SERVICE_INTERNAL_SERVICE_H_
