// The persistence under a Ledger (SPEC §3): where validated catalog entries,
// calendars and events go, and where they come back from when a ledger opens.
//
// The Ledger keeps the working state in memory and validates every write there;
// a Store only persists what the Ledger has accepted, in arrival order, and
// reports success only once the data is durable (for SQLite: committed).
// A Store is used by one Ledger at a time, under the Ledger's write lock.
#ifndef POSTVENTA_SRC_STORE_STORE_H_
#define POSTVENTA_SRC_STORE_STORE_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "postventa/event.h"

namespace postventa::store_internal {

// A named policy that is not part of a product: `kind` is "sla" or "followups".
struct StoredPolicy {
  std::string kind;
  std::string name;
  std::string json;
};

// What a store holds, handed back to the Ledger at open, in arrival order.
struct StoredState {
  std::vector<std::string> products;                           // product_to_json
  std::vector<std::pair<std::string, std::string>> calendars;  // name, config JSON
  std::vector<StoredPolicy> policies;                          // in order of first put
  std::vector<Event> events;                                   // arrival order
};

class Store {
 public:
  virtual ~Store() = default;
  // Everything stored so far (a consistent snapshot).
  [[nodiscard]] virtual absl::StatusOr<StoredState> load() = 0;
  // Each call is one transaction: all of it is durable on OK, none of it on error.
  [[nodiscard]] virtual absl::Status put_product(absl::string_view sku, absl::string_view json) = 0;
  [[nodiscard]] virtual absl::Status put_calendar(absl::string_view name,
                                                  absl::string_view json) = 0;
  [[nodiscard]] virtual absl::Status put_policy(absl::string_view kind, absl::string_view name,
                                                absl::string_view json) = 0;
  [[nodiscard]] virtual absl::Status append(absl::Span<const Event* const> events) = 0;
  [[nodiscard]] virtual absl::Status close() = 0;
};

// Keeps nothing: the in-memory ledger's state is its only copy.
std::unique_ptr<Store> MakeMemoryStore();

// The SQLite file at `path`, created when missing (schema version
// kSchemaVersion, application_id kApplicationId, WAL, synchronous=FULL).
// Refuses, without modifying it: a file from a newer library (FailedPrecondition,
// "<path> was written by a newer postventa (schema N, this library reads up to
// M)"), a file that is not a postventa
// ledger (FailedPrecondition, "... is not a postventa ledger"), a corrupt file
// (DataLoss). Migrates an older schema in one transaction.
absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

inline constexpr int kSchemaVersion = 3;
inline constexpr int kApplicationId = 0x50565431;  // "PVT1"

}  // namespace postventa::store_internal

#endif  // POSTVENTA_SRC_STORE_STORE_H_
