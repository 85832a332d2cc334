#include "ledger/internal/order.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace postventa::ledger_internal {

std::vector<uint32_t> RadixOrder(absl::Span<const uint64_t> keys) {
  const size_t n = keys.size();
  std::vector<uint32_t> order(n), scratch(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
  uint64_t largest = 0;
  for (uint64_t k : keys) largest = std::max(largest, k);
  for (int shift = 0; shift < 64 && (largest >> shift) != 0; shift += 16) {
    std::vector<uint32_t> count(65537, 0);
    for (uint64_t k : keys) ++count[((k >> shift) & 0xFFFF) + 1];
    for (size_t d = 1; d < count.size(); ++d) count[d] += count[d - 1];
    // Stable: earlier positions keep their relative order within a digit.
    for (uint32_t i : order) scratch[count[(keys[i] >> shift) & 0xFFFF]++] = i;
    order.swap(scratch);
  }
  return order;
}

uint64_t SortPrefix(absl::string_view s) {
  uint64_t prefix = 0;
  for (size_t i = 0; i < 8; ++i) {
    prefix = (prefix << 8) | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0u);
  }
  return prefix;
}

}  // namespace postventa::ledger_internal
