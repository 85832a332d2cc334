// postventa/catalog.h — products, warranty policies and maintenance plans (SPEC §2.1, §2.2, §4).
//
// Configuration is data: value types with clear field names, built by hand in
// C++ or parsed from JSON (the form the C ABI and Python use). Every parser and
// `validate_*` function refuses bad input with `InvalidArgument` and a message
// that starts with the field path and names the bad value, e.g.
//   warranties[1].parts.percent: 120 is outside 0..100
//
// Thread safety: `Catalog` is not synchronised; the `Ledger` that owns one
// serialises access. The value types are plain data.
#ifndef POSTVENTA_CATALOG_H_
#define POSTVENTA_CATALOG_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace postventa {

// The kinds of policy, in the SPEC's tie order: legal before commercial before
// extended before contract.
enum class PolicyKind { kLegal = 0, kCommercial = 1, kExtended = 2, kContract = 3 };

// The event whose date starts a policy's cover.
enum class CoverStart { kSale, kDelivery, kInstallation, kPurchaseOfExtension };

// One component of cover: the share the company pays, for how long.
struct CoverComponent {
  int percent = 0;  // 0..100
  int months = 0;   // from the cover start (legal month rule, SPEC §1.2)
  friend bool operator==(const CoverComponent&, const CoverComponent&) = default;
};

// A warranty policy (SPEC §2.2). Every optional field is off when zero/empty.
struct WarrantyPolicy {
  std::string name;
  PolicyKind kind = PolicyKind::kLegal;
  CoverStart starts_at = CoverStart::kDelivery;
  int offset_months = 0;
  CoverComponent parts;
  CoverComponent labor;
  CoverComponent travel;
  int presumption_months = 0;
  std::vector<std::string> excluded_faults;
  bool requires_specialist_installation = false;
  bool requires_maintenance = false;
  bool suspend_during_repair = false;
  int post_repair_months = 0;
  int max_repair_attempts = 0;      // 0: no limit
  int max_days_out_of_service = 0;  // 0: no limit
  friend bool operator==(const WarrantyPolicy&, const WarrantyPolicy&) = default;
};

// Who installs the product: nobody (no installation step), the customer, or a
// specialist (SPEC §2.1). `installed` events are accepted only when not kNone.
enum class InstallationMode { kNone, kCustomer, kSpecialist };

enum class MaintenanceAnchor { kFixed, kCompletion };
enum class DateShift { kNone, kPreviousWorkingDay, kNextWorkingDay };

// A preventive maintenance plan (SPEC §4). At least one trigger is set.
struct MaintenancePlan {
  std::optional<int> every_months;
  std::optional<int> every_days;
  std::optional<double> every_usage;
  MaintenanceAnchor anchor = MaintenanceAnchor::kFixed;
  int grace_days = 0;
  DateShift shift = DateShift::kNone;
  std::string calendar;  // a calendar added to the ledger; empty: none
  friend bool operator==(const MaintenancePlan&, const MaintenancePlan&) = default;
};

// A catalog model (SKU) and the policies that apply to its units (SPEC §2.1).
struct Product {
  std::string sku;
  std::string name;
  std::string category;
  InstallationMode installation = InstallationMode::kNone;
  bool training = false;
  std::vector<WarrantyPolicy> warranties;
  std::optional<MaintenancePlan> maintenance;
  std::string sla;        // SLA policy name; empty: none
  std::string followups;  // follow-up rule set name; empty: none
  friend bool operator==(const Product&, const Product&) = default;

  // The policy of this product with that name, or nullptr.
  const WarrantyPolicy* find_policy(absl::string_view policy_name) const;
};

// Names of the enum values as they appear in configuration.
absl::string_view policy_kind_name(PolicyKind kind);
absl::string_view cover_start_name(CoverStart start);
absl::string_view installation_mode_name(InstallationMode mode);

// The presets the library ships (see docs/warranty_presets.md for their sources):
//   legal-es     Spain, goods bought from 2022-01-01 (RDL 1/2007 as amended by
//                RDL 7/2021): 36 months parts+labor+travel 100 % from delivery,
//                presumption 24 months, suspended during repair, 12 months
//                post-repair cover, excluded faults misuse and accident.
//   legal-eu-min the minimum of Directive (EU) 2019/771: 24 months, presumption
//                12 months.
// NotFound for any other name.
[[nodiscard]] absl::StatusOr<WarrantyPolicy> warranty_preset(absl::string_view name);
// The names of the presets.
std::vector<std::string> warranty_preset_names();

[[nodiscard]] absl::Status validate_policy(const WarrantyPolicy& policy);
[[nodiscard]] absl::Status validate_product(const Product& product);

// JSON forms. A product's `warranties` items are policy objects or preset names
// (`"legal-es"`); a policy object may also name a `"preset"` and override any of
// its fields. Unknown fields are refused.
[[nodiscard]] absl::StatusOr<WarrantyPolicy> parse_policy(absl::string_view json);
[[nodiscard]] absl::StatusOr<Product> parse_product(absl::string_view json);
// The canonical JSON of a product (every field, fixed key order): what the
// durable store keeps, and what parse_product reads back to an equal Product.
std::string product_to_json(const Product& product);

// The products known to a ledger, by SKU.
class Catalog {
 public:
  // Adds a validated product. Adding a product equal to the one stored under the
  // same SKU is a no-op; a different one is AlreadyExists (products are
  // versioned by SKU: a product whose policies change is a new SKU).
  [[nodiscard]] absl::Status add_product(Product product);
  // The product with that SKU, or nullptr.
  const Product* find_product(absl::string_view sku) const;
  size_t size() const { return products_.size(); }
  // All products, sorted by SKU.
  std::vector<const Product*> products() const;

 private:
  absl::flat_hash_map<std::string, std::unique_ptr<Product>> products_;
};

}  // namespace postventa

#endif  // POSTVENTA_CATALOG_H_
