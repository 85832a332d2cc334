// The checks every JSON text gets before nlohmann parses it (issue 8, found by
// tests/c/abi_robustness_test.c):
//   - no NUL byte: nlohmann's lexer stops at one, so "{...}\0garbage" would
//     parse as "{...}" and the garbage would be ignored silently;
//   - at most kMaxJsonDepth levels of nested arrays and objects: a value
//     nested hundreds of thousands deep is parsed, but printing it (in an error
//     message) and destroying it recurse once a level, and a deep enough one
//     overflows the stack. No configuration or event of postventa nests more
//     than a few levels.
#ifndef POSTVENTA_SRC_COMMON_INTERNAL_JSON_GUARD_H_
#define POSTVENTA_SRC_COMMON_INTERNAL_JSON_GUARD_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace postventa::common_internal {

inline constexpr int kMaxJsonDepth = 64;

// InvalidArgument "<what>: a NUL byte at position N" or "<what>: nested deeper
// than 64 levels at position N" (N counts bytes from 0); OK otherwise. Brackets
// inside strings do not count; the text need not be valid JSON (the parser
// judges that afterwards).
inline absl::Status CheckJsonText(absl::string_view text, absl::string_view what) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\0')
      return absl::InvalidArgumentError(absl::StrCat(what, ": a NUL byte at position ", i));
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        return absl::InvalidArgumentError(
            absl::StrCat(what, ": nested deeper than ", kMaxJsonDepth, " levels at position ", i));
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return absl::OkStatus();
}

}  // namespace postventa::common_internal

#endif  // POSTVENTA_SRC_COMMON_INTERNAL_JSON_GUARD_H_
