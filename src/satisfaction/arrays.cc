// States from arrays of answers, ungrouped and grouped (SPEC §7, §10).
//
// The fast path: answers are counted into a histogram per group, one slot per
// class of answer (NPS: promoter/passive/detractor; CSAT: satisfied/not; CES:
// the seven values), and the histogram is turned into states at the end. Rows
// are taken in blocks that stay in cache: a vectorisable pass validates the
// block (answers on the scale, group ids in range) and finds its largest group
// id, then a branch-free pass does `counts[group * stride + class[answer]]++`.
// Errors are rare, so the exact bad row is only searched for once a block is
// known to hold one.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "postventa/satisfaction.h"

namespace postventa {
namespace {

struct NpsScale {
  static constexpr const char* kName = "NPS";
  static constexpr int kLo = 0;
  static constexpr int kHi = 10;
  static constexpr size_t kStride = 4;
  // 0-6 detractor (2), 7-8 passive (1), 9-10 promoter (0).
  static constexpr uint8_t kClass[11] = {2, 2, 2, 2, 2, 2, 2, 1, 1, 0, 0};
};
struct CsatScale {
  static constexpr const char* kName = "CSAT";
  static constexpr int kLo = 1;
  static constexpr int kHi = 5;
  static constexpr size_t kStride = 2;
  // 4-5 satisfied (0), 1-3 not (1).
  static constexpr uint8_t kClass[5] = {1, 1, 1, 0, 0};
};
struct CesScale {
  static constexpr const char* kName = "CES";
  static constexpr int kLo = 1;
  static constexpr int kHi = 7;
  static constexpr size_t kStride = 8;
  static constexpr uint8_t kClass[7] = {0, 1, 2, 3, 4, 5, 6};
};

struct ServqualScale {
  static constexpr const char* kName = "SERVQUAL";
  static constexpr int kLo = 1;
  static constexpr int kHi = 7;
};

// Marks the ungrouped path (every row in group 0).
struct NoGroups {};

constexpr size_t kBlockRows = 8192;
constexpr size_t kMinRowsPerThread = 65536;
constexpr size_t kLanes = 4;

// counts[group * Scale::kStride + class]
struct Histogram {
  std::vector<int64_t> counts;
  size_t groups = 0;
};

template <typename T>
std::string format_value(T v) {
  if constexpr (std::is_same_v<T, double>) {
    return absl::StrCat(v);
  } else if constexpr (std::is_signed_v<T>) {
    return absl::StrCat(static_cast<int64_t>(v));
  } else {
    return absl::StrCat(static_cast<uint64_t>(v));
  }
}

template <typename Scale, typename T>
inline bool outside_scale(T v) {
  if constexpr (std::is_same_v<T, double>) {
    return !(v >= Scale::kLo && v <= Scale::kHi) || v != std::floor(v);
  } else {
    // One unsigned comparison: the wrap-around maps every value below kLo
    // (negative ones included) above kHi - kLo. Same width as T so it vectorises.
    using U = std::make_unsigned_t<T>;
    return static_cast<U>(static_cast<U>(v) - static_cast<U>(Scale::kLo)) >
           static_cast<U>(Scale::kHi - Scale::kLo);
  }
}

template <typename Scale, typename T>
absl::Status scale_error(const char* array, std::string position, T v) {
  const char* what = " is outside the ";
  if constexpr (std::is_same_v<T, double>) {
    if (v >= Scale::kLo && v <= Scale::kHi) what = " is not a whole answer on the ";
  }
  return absl::InvalidArgumentError(absl::StrCat(array, position, ": ", format_value(v), what,
                                                 Scale::kName, " scale ", Scale::kLo, "-",
                                                 Scale::kHi));
}

template <typename G>
inline bool bad_group(G g) {
  if constexpr (std::is_signed_v<G>) {
    if (g < 0) return true;
  }
  return static_cast<uint64_t>(g) > static_cast<uint64_t>(kMaxGroupId);
}

// The error of the first bad row in [begin, end), which holds one.
template <typename Scale, typename T, typename G>
absl::Status first_row_error(const T* scores, const G* groups, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    if constexpr (!std::is_same_v<G, NoGroups>) {
      const G g = groups[i];
      if (bad_group(g)) {
        if constexpr (std::is_signed_v<G>) {
          if (g < 0) {
            return absl::InvalidArgumentError(absl::StrCat(
                "groups[", i, "]: ", format_value(g), " is negative (group ids are 0, 1, 2, ...)"));
          }
        }
        return absl::InvalidArgumentError(absl::StrCat(
            "groups[", i, "]: ", format_value(g), " is above the largest group id ", kMaxGroupId));
      }
    }
    if (outside_scale<Scale>(scores[i])) {
      return scale_error<Scale>("scores", absl::StrCat("[", i, "]"), scores[i]);
    }
  }
  return absl::InternalError("satisfaction: a block flagged as bad holds no bad row");
}

template <typename Scale>
absl::Status grow(Histogram& h, size_t groups) {
  try {
    h.counts.resize(groups * Scale::kStride, 0);
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(
        absl::StrCat("groups: cannot allocate the counts of ", groups, " groups"));
  } catch (const std::length_error&) {
    return absl::ResourceExhaustedError(
        absl::StrCat("groups: cannot allocate the counts of ", groups, " groups"));
  }
  h.groups = groups;
  return absl::OkStatus();
}

// Counts rows [begin, end) into `h`.
template <typename Scale, typename T, typename G>
absl::Status count_rows(const T* scores, const G* groups, size_t begin, size_t end, Histogram& h) {
  constexpr bool kGrouped = !std::is_same_v<G, NoGroups>;
  // Ungrouped, the few counters would form long chains of dependent
  // increments; kLanes interleaved copies (row i in copy i % kLanes) break
  // them, and count_all folds them into one.
  if (h.groups == 0) {
    if (absl::Status s = grow<Scale>(h, kGrouped ? 1 : kLanes); !s.ok()) return s;
  }
  for (size_t b = begin; b < end; b += kBlockRows) {
    const size_t e = std::min(end, b + kBlockRows);
    bool bad = false;
    if constexpr (std::is_same_v<T, double>) {
      for (size_t i = b; i < e; ++i) bad |= outside_scale<Scale>(scores[i]);
    } else {
      // The largest offset from kLo, unsigned (below kLo wraps to large): a
      // max-reduction, which the compiler vectorises where `bad |= ...` it does not.
      using U = std::make_unsigned_t<T>;
      U largest = 0;
      for (size_t i = b; i < e; ++i) {
        largest = std::max(largest,
                           static_cast<U>(static_cast<U>(scores[i]) - static_cast<U>(Scale::kLo)));
      }
      bad = largest > static_cast<U>(Scale::kHi - Scale::kLo);
    }
    size_t block_groups = 1;
    if constexpr (kGrouped) {
      // As unsigned, a negative id is above every valid one. The OR of the ids
      // bounds their largest (max <= OR < 2 max + 1) and vectorises to one
      // instruction per vector even without SSE4.1's unsigned max; the
      // histogram is sized by it and trimmed at the end (the largest id has a
      // row, so trailing empty groups are exactly the padding).
      using UG = std::make_unsigned_t<G>;
      constexpr uint64_t kLimit = std::min<uint64_t>(
          static_cast<uint64_t>(kMaxGroupId), static_cast<uint64_t>(std::numeric_limits<G>::max()));
      UG bound = 0;
      for (size_t i = b; i < e; ++i) bound |= static_cast<UG>(groups[i]);
      if (static_cast<uint64_t>(bound) > kLimit) {
        // Rare: a bad id, or ids whose OR passes the limit. Look closely.
        UG largest = 0;
        for (size_t i = b; i < e; ++i) largest = std::max(largest, static_cast<UG>(groups[i]));
        bad |= static_cast<uint64_t>(largest) > kLimit;
        bound = largest;
      }
      if (!bad) block_groups = static_cast<size_t>(bound) + 1;
    }
    if (bad) return first_row_error<Scale>(scores, groups, b, e);
    if (block_groups > h.groups) {
      if (absl::Status s = grow<Scale>(h, block_groups); !s.ok()) return s;
    }
    int64_t* counts = h.counts.data();
    for (size_t i = b; i < e; ++i) {
      size_t slot = Scale::kClass[static_cast<int>(scores[i]) - Scale::kLo];
      if constexpr (kGrouped) {
        slot += static_cast<size_t>(groups[i]) * Scale::kStride;
      } else {
        slot += (i % kLanes) * Scale::kStride;
      }
      ++counts[slot];
    }
  }
  return absl::OkStatus();
}

template <typename Scale>
void add_into(Histogram& into, const Histogram& part) {
  for (size_t k = 0; k < part.counts.size(); ++k) into.counts[k] += part.counts[k];
}

template <typename Scale, typename T, typename G>
absl::StatusOr<Histogram> count_all(const T* scores, const G* groups, size_t n, int threads) {
  const size_t parts =
      std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(threads), n / kMinRowsPerThread));
  std::vector<Histogram> histograms(parts);
  std::vector<absl::Status> statuses(parts);
  auto run = [&](size_t p) {
    const size_t begin = n * p / parts;
    const size_t end = n * (p + 1) / parts;
    statuses[p] = count_rows<Scale>(scores, groups, begin, end, histograms[p]);
  };
  std::vector<std::thread> workers;
  std::vector<size_t> inline_parts = {0};
  for (size_t p = 1; p < parts; ++p) {
    try {
      workers.emplace_back(run, p);
    } catch (const std::system_error&) {
      inline_parts.push_back(p);  // no thread to be had: count it here
    }
  }
  for (size_t p : inline_parts) run(p);
  for (std::thread& w : workers) w.join();
  // Parts are contiguous and each stops at its first bad row, so the first
  // failing part holds the first bad row of all.
  for (const absl::Status& s : statuses) {
    if (!s.ok()) return s;
  }
  Histogram total = std::move(histograms[0]);
  for (size_t p = 1; p < parts; ++p) {
    if (histograms[p].groups > total.groups) {
      if (absl::Status s = grow<Scale>(total, histograms[p].groups); !s.ok()) return s;
    }
    add_into<Scale>(total, histograms[p]);
  }
  if constexpr (std::is_same_v<G, NoGroups>) {
    for (size_t lane = 1; lane < total.groups; ++lane) {
      for (size_t k = 0; k < Scale::kStride; ++k) {
        total.counts[k] += total.counts[lane * Scale::kStride + k];
      }
    }
    total.groups = 1;
    total.counts.resize(Scale::kStride);
  } else {
    // Drop the padding groups past the largest id (see count_rows).
    size_t groups_seen = total.groups;
    while (groups_seen > 0 && std::all_of(total.counts.begin() + (groups_seen - 1) * Scale::kStride,
                                          total.counts.begin() + groups_seen * Scale::kStride,
                                          [](int64_t c) { return c == 0; })) {
      --groups_seen;
    }
    total.groups = groups_seen;
    total.counts.resize(groups_seen * Scale::kStride);
  }
  return total;
}

template <typename F>
auto visit_elements(const void* data, ElementType type, F&& f) {
  switch (type) {
    case ElementType::kInt8:
      return f(static_cast<const int8_t*>(data));
    case ElementType::kInt16:
      return f(static_cast<const int16_t*>(data));
    case ElementType::kInt32:
      return f(static_cast<const int32_t*>(data));
    case ElementType::kInt64:
      return f(static_cast<const int64_t*>(data));
    case ElementType::kUint8:
      return f(static_cast<const uint8_t*>(data));
    case ElementType::kUint16:
      return f(static_cast<const uint16_t*>(data));
    case ElementType::kUint32:
      return f(static_cast<const uint32_t*>(data));
    case ElementType::kUint64:
      return f(static_cast<const uint64_t*>(data));
    case ElementType::kFloat64:
      break;
  }
  return f(static_cast<const double*>(data));
}

bool known_type(ElementType t) {
  return static_cast<uint8_t>(t) <= static_cast<uint8_t>(ElementType::kFloat64);
}

template <typename Scale>
absl::StatusOr<Histogram> histogram_of(ScoreArray scores) {
  if (!known_type(scores.type())) {
    return absl::InvalidArgumentError(
        absl::StrCat("scores: unknown element type ", static_cast<int>(scores.type())));
  }
  return visit_elements(scores.data(), scores.type(), [&](const auto* s) {
    return count_all<Scale>(s, static_cast<const NoGroups*>(nullptr), scores.size(), 1);
  });
}

template <typename Scale>
absl::StatusOr<Histogram> grouped_histogram_of(ScoreArray scores, GroupArray groups, int threads) {
  if (threads < 1) {
    return absl::InvalidArgumentError(absl::StrCat("threads: must be at least 1, got ", threads));
  }
  if (!known_type(scores.type())) {
    return absl::InvalidArgumentError(
        absl::StrCat("scores: unknown element type ", static_cast<int>(scores.type())));
  }
  if (!known_type(groups.type()) || groups.type() == ElementType::kFloat64) {
    return absl::InvalidArgumentError("groups: group ids must be an integer array");
  }
  if (groups.size() != scores.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("groups: has ", groups.size(), " rows but scores has ", scores.size()));
  }
  if (scores.size() == 0) return Histogram{};
  return visit_elements(scores.data(), scores.type(), [&](const auto* s) {
    return visit_elements(groups.data(), groups.type(),
                          [&](const auto* g) -> absl::StatusOr<Histogram> {
                            if constexpr (std::is_same_v<decltype(g), const double*>) {
                              return absl::InternalError("groups: unreachable float path");
                            } else {
                              return count_all<Scale>(s, g, scores.size(), threads);
                            }
                          });
  });
}

NpsState nps_of(const int64_t* c) { return NpsState{c[0], c[1], c[2]}; }
CsatState csat_of(const int64_t* c) { return CsatState{c[0], c[0] + c[1]}; }
CesState ces_of(const int64_t* c) {
  CesState s;
  for (int k = 0; k < 7; ++k) {
    const int64_t v = k + 1;
    s.n += c[k];
    s.sum += v * c[k];
    s.sum_sq += v * v * c[k];
  }
  return s;
}

template <typename Scale, typename State, typename Convert>
absl::StatusOr<std::vector<State>> states_of(absl::StatusOr<Histogram> h, Convert convert) {
  if (!h.ok()) return h.status();
  std::vector<State> out;
  out.reserve(h->groups);
  for (size_t g = 0; g < h->groups; ++g)
    out.push_back(convert(h->counts.data() + g * Scale::kStride));
  return out;
}

}  // namespace

absl::StatusOr<NpsState> nps_state(ScoreArray scores) {
  auto states = states_of<NpsScale, NpsState>(histogram_of<NpsScale>(scores), nps_of);
  if (!states.ok()) return states.status();
  return states->front();
}

absl::StatusOr<CsatState> csat_state(ScoreArray scores) {
  auto states = states_of<CsatScale, CsatState>(histogram_of<CsatScale>(scores), csat_of);
  if (!states.ok()) return states.status();
  return states->front();
}

absl::StatusOr<CesState> ces_state(ScoreArray scores) {
  auto states = states_of<CesScale, CesState>(histogram_of<CesScale>(scores), ces_of);
  if (!states.ok()) return states.status();
  return states->front();
}

absl::StatusOr<std::vector<NpsState>> nps_states_by_group(ScoreArray scores, GroupArray groups,
                                                          int threads) {
  return states_of<NpsScale, NpsState>(grouped_histogram_of<NpsScale>(scores, groups, threads),
                                       nps_of);
}

absl::StatusOr<std::vector<CsatState>> csat_states_by_group(ScoreArray scores, GroupArray groups,
                                                            int threads) {
  return states_of<CsatScale, CsatState>(grouped_histogram_of<CsatScale>(scores, groups, threads),
                                         csat_of);
}

absl::StatusOr<std::vector<CesState>> ces_states_by_group(ScoreArray scores, GroupArray groups,
                                                          int threads) {
  return states_of<CesScale, CesState>(grouped_histogram_of<CesScale>(scores, groups, threads),
                                       ces_of);
}

// SERVQUAL data is small (22 answers per respondent), so it is read value by
// value; the first bad position over both arrays is reported (the expectation
// first when both are bad at the same position).
absl::StatusOr<ServqualState> servqual_state(ScoreArray expectations, ScoreArray perceptions) {
  for (const ScoreArray* a : {&expectations, &perceptions}) {
    if (!known_type(a->type())) {
      return absl::InvalidArgumentError(
          absl::StrCat(a == &expectations ? "expectations" : "perceptions",
                       ": unknown element type ", static_cast<int>(a->type())));
    }
  }
  if (expectations.size() % kServqualItems != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("expectations: ", expectations.size(),
                     " values are not whole rows of 22 items (respondents x 22, row-major)"));
  }
  if (perceptions.size() != expectations.size()) {
    return absl::InvalidArgumentError(absl::StrCat("perceptions: has ", perceptions.size(),
                                                   " values but expectations has ",
                                                   expectations.size()));
  }
  // Answers as small ints, 0 marking one off the scale.
  auto load = [](const ScoreArray& a, const char* name,
                 std::vector<int8_t>& out) -> std::pair<size_t, absl::Status> {
    out.resize(a.size());
    return visit_elements(
        a.data(), a.type(), [&](const auto* v) -> std::pair<size_t, absl::Status> {
          for (size_t i = 0; i < a.size(); ++i) {
            if (outside_scale<ServqualScale>(v[i])) {
              return {
                  i, scale_error<ServqualScale>(
                         name, absl::StrCat("[", i / kServqualItems, "][", i % kServqualItems, "]"),
                         v[i])};
            }
            out[i] = static_cast<int8_t>(v[i]);
          }
          return {a.size(), absl::OkStatus()};
        });
  };
  std::vector<int8_t> e, p;
  auto [e_bad, e_status] = load(expectations, "expectations", e);
  auto [p_bad, p_status] = load(perceptions, "perceptions", p);
  if (!e_status.ok() && e_bad <= p_bad) return e_status;
  if (!p_status.ok()) return p_status;
  ServqualState state;
  state.n = static_cast<int64_t>(e.size() / kServqualItems);
  for (size_t i = 0; i < e.size(); ++i) state.gap_sum[i % kServqualItems] += p[i] - e[i];
  return state;
}

}  // namespace postventa
