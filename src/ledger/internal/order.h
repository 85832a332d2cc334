// Orderings for the ledger's whole-ledger queries (maintenance_due,
// maintenance_compliance, followups), which visit a million units per call:
// sorting is a visible share of their time, so it is done with integer keys.
#ifndef POSTVENTA_SRC_LEDGER_INTERNAL_ORDER_H_
#define POSTVENTA_SRC_LEDGER_INTERNAL_ORDER_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace postventa::ledger_internal {

// The indices 0..keys.size()-1 ordered by keys[i] (ties by index): an LSD radix
// sort by 16-bit digits, only over the digits the largest key uses.
std::vector<uint32_t> RadixOrder(absl::Span<const uint64_t> keys);

// The first 8 bytes of `s`, big-endian, zero-padded: comparing prefixes orders
// strings as their bytes do, except that equal prefixes need the full
// comparison (and "a" ties with "a\0"). A cheap first key for sorting names.
uint64_t SortPrefix(absl::string_view s);

}  // namespace postventa::ledger_internal

#endif  // POSTVENTA_SRC_LEDGER_INTERNAL_ORDER_H_
