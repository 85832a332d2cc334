// The store of an in-memory ledger: it keeps nothing, because the Ledger's own
// working state is the only copy. Every write succeeds and load() is empty.
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "postventa/event.h"
#include "store/store.h"

namespace postventa::store_internal {
namespace {

class MemoryStore final : public Store {
 public:
  absl::StatusOr<StoredState> load() override { return StoredState{}; }
  absl::Status put_product(absl::string_view, absl::string_view) override {
    return absl::OkStatus();
  }
  absl::Status put_calendar(absl::string_view, absl::string_view) override {
    return absl::OkStatus();
  }
  absl::Status put_policy(absl::string_view, absl::string_view, absl::string_view) override {
    return absl::OkStatus();
  }
  absl::Status append(absl::Span<const Event* const>) override { return absl::OkStatus(); }
  absl::Status close() override { return absl::OkStatus(); }
};

}  // namespace

std::unique_ptr<Store> MakeMemoryStore() { return std::make_unique<MemoryStore>(); }

}  // namespace postventa::store_internal
