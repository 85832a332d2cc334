// bindings/c/shim.h — what every file of the C ABI shares: the thread-local
// last-error record, Fail(), NullArgument(), Guard() and the pv_date
// conversions. Private to libpostventa.so (hidden visibility; never installed).
//
// Every extern "C" entry point runs its body inside Guard(), so no C++
// exception unwinds into C, and reports a failure with Fail(status), whose
// message is exactly status.message() so the C and Python faces agree.
#ifndef POSTVENTA_BINDINGS_C_SHIM_H_
#define POSTVENTA_BINDINGS_C_SHIM_H_

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "postventa/postventa.h"
#include "postventa/time.h"

// The handle behind pv_calendar (immutable; shared by the calendar and ledger files).
struct pv_calendar {
  postventa::Calendar calendar;
};

namespace postventa::c_internal {

// The last failure on this thread. `fallback` is used instead of `message` when
// the message itself could not be stored (out of memory while reporting).
struct LastError {
  pv_status code = PV_OK;
  std::string message;
  const char* fallback = nullptr;
};

// One record per thread for the whole library (an inline variable: every file
// of the shim sees the same one).
inline thread_local LastError last_error;

inline pv_status Fail(pv_status code, absl::string_view message) noexcept {
  last_error.code = code;
  try {
    last_error.message.assign(message.data(), message.size());
    last_error.fallback = nullptr;
  } catch (...) {
    last_error.message.clear();
    last_error.fallback = "out of memory while recording the error message";
  }
  return code;
}

// The message is exactly status.message(), so the C and Python faces agree.
inline pv_status Fail(const absl::Status& status) noexcept {
  // absl::StatusCode numbers are the pv_status numbers (see the header).
  return Fail(static_cast<pv_status>(status.code()), status.message());
}

inline pv_status NullArgument(const char* function, const char* parameter) noexcept {
  try {
    return Fail(PV_INVALID_ARGUMENT, absl::StrCat(function, ": ", parameter, " is NULL"));
  } catch (...) {
    return Fail(PV_INVALID_ARGUMENT, "an argument is NULL");
  }
}

// Runs `body` (which returns a pv_status) and converts any exception into a
// status: std::bad_alloc is PV_RESOURCE_EXHAUSTED, anything else PV_INTERNAL.
template <typename Body>
pv_status Guard(const char* function, Body&& body) noexcept {
  try {
    return std::forward<Body>(body)();
  } catch (const std::bad_alloc&) {
    try {
      return Fail(PV_RESOURCE_EXHAUSTED, absl::StrCat(function, ": out of memory"));
    } catch (...) {
      return Fail(PV_RESOURCE_EXHAUSTED, "out of memory");
    }
  } catch (const std::exception& e) {
    try {
      return Fail(PV_INTERNAL, absl::StrCat(function, ": internal error: ", e.what()));
    } catch (...) {
      return Fail(PV_INTERNAL, "internal error");
    }
  } catch (...) {
    try {
      return Fail(PV_INTERNAL, absl::StrCat(function, ": internal error (unknown exception)"));
    } catch (...) {
      return Fail(PV_INTERNAL, "internal error");
    }
  }
}

// A copy of `text` in memory from std::malloc, for the caller to pv_free().
// Throws std::bad_alloc (turned into PV_RESOURCE_EXHAUSTED by Guard()).
inline char* MallocCopy(absl::string_view text) {
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy == nullptr) throw std::bad_alloc();
  if (!text.empty()) std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  return copy;
}

inline postventa::Date ToDate(pv_date date) { return postventa::from_epoch_days(date); }

// A core date as a pv_date, or false when it does not fit in 32 bits.
inline bool FromDate(postventa::Date date, pv_date* out) {
  const int64_t days = postventa::to_epoch_days(date);
  if (days < std::numeric_limits<pv_date>::min() || days > std::numeric_limits<pv_date>::max()) {
    return false;
  }
  *out = static_cast<pv_date>(days);
  return true;
}

inline pv_status DateOutOfRange(const char* function, postventa::Date date) {
  return Fail(PV_OUT_OF_RANGE,
              absl::StrCat(function, ": the result ", postventa::format_date(date),
                           " is outside the range of pv_date (int32 days since 1970-01-01)"));
}

}  // namespace postventa::c_internal

#endif  // POSTVENTA_BINDINGS_C_SHIM_H_
