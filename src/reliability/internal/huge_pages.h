// Transparent huge pages for the large buffers of one call (the Kaplan-Meier
// sort keys and table columns: 8 bytes a unit each, 56 MB for a million units).
//
// Such a buffer is fresh memory that the kernel hands out on first touch, one
// 4 KiB page per fault; on this project's benchmark machine (virtualised) the
// faults cost about 1.5 µs each, a third of a million-unit Kaplan-Meier call.
// A 2 MiB page takes one fault instead of 512. Linux grants huge pages to
// anonymous memory that asks for them (MADV_HUGEPAGE) when transparent huge
// pages are "madvise" or "always"; elsewhere, or when they are "never", the
// advice does nothing and the buffer works as before. It changes no content.
#ifndef POSTVENTA_SRC_RELIABILITY_INTERNAL_HUGE_PAGES_H_
#define POSTVENTA_SRC_RELIABILITY_INTERNAL_HUGE_PAGES_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace postventa::reliability_internal {

// Asks for huge pages over the whole 2 MiB pages inside [data, data + bytes)
// (a buffer under 4 MiB may hold none: nothing to ask then). Call it before
// the memory is first written: pages already touched stay as they are.
inline void AdviseHugePages(void* data, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHugePage = uintptr_t{1} << 21;
  const uintptr_t begin = reinterpret_cast<uintptr_t>(data);
  const uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1);
  const uintptr_t last = (begin + bytes) & ~(kHugePage - 1);
  if (bytes >= 2 * kHugePage && last > first) {
    // Advice only: a refusal (no THP in this kernel) leaves ordinary pages.
    (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
  }
#else
  (void)data;
  (void)bytes;
#endif
}

// Reserves room for `n` values in an empty vector, with huge pages asked for.
template <typename T>
void ReserveHuge(std::vector<T>& v, size_t n) {
  v.reserve(n);
  AdviseHugePages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace postventa::reliability_internal

#endif  // POSTVENTA_SRC_RELIABILITY_INTERNAL_HUGE_PAGES_H_
