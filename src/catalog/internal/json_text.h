// Reading configuration JSON (products, policies, SLA policies, follow-up rule
// sets): one parser with the same refusals and messages for every kind.
#ifndef POSTVENTA_SRC_CATALOG_INTERNAL_JSON_TEXT_H_
#define POSTVENTA_SRC_CATALOG_INTERNAL_JSON_TEXT_H_

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace postventa::catalog_internal {

// Parses `text` as one JSON value. A field given twice in one object is
// refused (nlohmann would silently keep the last one). Errors are
// InvalidArgument "<what>: not valid JSON: ..." and "<what>: field "x" appears
// twice in one object".
absl::StatusOr<nlohmann::json> ParseJson(absl::string_view text, absl::string_view what);

}  // namespace postventa::catalog_internal

#endif  // POSTVENTA_SRC_CATALOG_INTERNAL_JSON_TEXT_H_
