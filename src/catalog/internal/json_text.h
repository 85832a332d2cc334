// Reading configuration JSON (products, policies, SLA policies, follow-up rule
// sets): one parser with the same refusals and messages for every kind.
#ifndef POSTVENTA_SRC_CATALOG_INTERNAL_JSON_TEXT_H_
#define POSTVENTA_SRC_CATALOG_INTERNAL_JSON_TEXT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace postventa::catalog_internal {

// Parses `text` as one JSON value. A field given twice in one object is
// refused (nlohmann would silently keep the last one). Errors are
// InvalidArgument "<what>: not valid JSON: ..." and "<what>: field "x" appears
// twice in one object".
absl::StatusOr<nlohmann::json> ParseJson(absl::string_view text, absl::string_view what);

// InvalidArgument "<field>: <why>".
absl::Status FieldError(absl::string_view field, absl::string_view why);
// A JSON value as it appears in an error message, cut short when long.
std::string Shown(const nlohmann::json& value);
// Refuses the first key of `object` that is not in `allowed`:
// `<name>: unknown field "x" (expected a, b, c)`.
absl::Status CheckKeys(const nlohmann::json& object, absl::string_view name,
                       absl::Span<const absl::string_view> allowed);
// A JSON string; else `<path>: expected <what>, got <value>`.
absl::Status ReadString(const nlohmann::json& value, absl::string_view path, absl::string_view what,
                        std::string* out);
// A JSON integer that fits an int (36, not 36.0 or "36"). `what` describes the
// accepted values ("a whole number >= 0"); the range itself is validation's.
absl::Status ReadInt(const nlohmann::json& value, absl::string_view path, absl::string_view what,
                     int* out);

// The whole parse of one configuration text: ParseJson, then `read` (the JSON
// value to a T, with field-path errors), then `validate` (T -> Status). A
// nlohmann exception that a type check in `read` missed becomes
// InvalidArgument "<what>: ..." instead of escaping the core.
template <typename T, typename Read, typename Validate>
absl::StatusOr<T> ParseValidated(absl::string_view text, absl::string_view what, Read read,
                                 Validate validate) {
  try {
    absl::StatusOr<nlohmann::json> root = ParseJson(text, what);
    if (!root.ok()) return root.status();
    absl::StatusOr<T> value = read(*root);
    if (!value.ok()) return value.status();
    if (absl::Status s = validate(*value); !s.ok()) return s;
    return value;
  } catch (const nlohmann::json::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": ", e.what()));
  }
}

}  // namespace postventa::catalog_internal

#endif  // POSTVENTA_SRC_CATALOG_INTERNAL_JSON_TEXT_H_
