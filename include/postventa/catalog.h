/** \file
 * Products, warranty policies and maintenance plans (SPEC §2.1, §2.2, §4).
 *
 * Configuration is data: value types with clear field names, built by hand in
 * C++ or parsed from JSON (the form the C ABI and Python use). Every parser and
 * `validate_*` function refuses bad input with `InvalidArgument` and a message
 * that starts with the field path and names the bad value, for example
 * `warranties[1].parts.percent: 120 is outside 0..100`.
 *
 * Thread safety: `Catalog` is not synchronised; the `Ledger` that owns one
 * serialises access. The value types are plain data.
 */
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

/// The kind of a warranty policy (SPEC §2.2), in the SPEC's tie order: legal
/// before commercial before extended before contract.
enum class PolicyKind {
  kLegal = 0,       ///< `"legal"`: the statutory guarantee (ES/EU consumer law).
  kCommercial = 1,  ///< `"commercial"`: the maker's or seller's own warranty.
  kExtended = 2,    ///< `"extended"`: bought later; in force only for a unit with an
                    ///< `extension_purchased` event that names it.
  kContract = 3     ///< `"contract"`: a maintenance or service contract.
};

/// The event whose date starts a policy's cover (SPEC §2.2).
enum class CoverStart {
  kSale,                ///< `"sale"`: the `sold` event.
  kDelivery,            ///< `"delivery"`: the `delivered` event.
  kInstallation,        ///< `"installation"`: the `installed` event; the delivery until the
                        ///< unit is installed.
  kPurchaseOfExtension  ///< `"purchase_of_extension"`: the `extension_purchased` event
                        ///< that names the policy.
};

/// One component of cover (parts, labour or travel): the share the company
/// pays, and for how long.
struct CoverComponent {
  int percent = 0;  ///< The company's share of the cost, 0..100.
  int months = 0;   ///< How long it lasts, in months from the cover start (the legal
                    ///< month rule, SPEC §1.2); 0..1200.
  /// Field-by-field equality.
  friend bool operator==(const CoverComponent&, const CoverComponent&) = default;
};

/// A warranty policy (SPEC §2.2). Every optional field is off when zero/empty.
///
/// Several policies may cover one unit at once (the legal guarantee, the maker's
/// commercial warranty, an extension, a contract); the claim assessment
/// (postventa/warranty.h) grants, per component, the highest percent among the
/// policies in force.
struct WarrantyPolicy {
  /// Unique id within the product, for example `"legal-es"` or `"maker-2y"`.
  std::string name;
  PolicyKind kind = PolicyKind::kLegal;          ///< What kind of policy it is.
  CoverStart starts_at = CoverStart::kDelivery;  ///< The event whose date starts the cover.
  /// Months after the start before cover begins (an extension that starts when
  /// the maker's warranty ends); 0..1200.
  int offset_months = 0;
  CoverComponent parts;   ///< Cover of spare parts.
  CoverComponent labor;   ///< Cover of labour.
  CoverComponent travel;  ///< Cover of the technician's travel.
  /// Inside this many months from the start, a lack of conformity is presumed
  /// to have existed at delivery (EU/ES legal guarantee); 0: no presumption.
  int presumption_months = 0;
  /// Fault categories never covered (`misuse`, `accident`, `wear`, ...);
  /// non-empty and unique.
  std::vector<std::string> excluded_faults;
  /// Cover is void if the unit was installed by the customer.
  bool requires_specialist_installation = false;
  /// Cover is void from the first maintenance missed (SPEC §4).
  bool requires_maintenance = false;
  /// Days the unit spends in repair under this policy extend every component's
  /// end date.
  bool suspend_during_repair = false;
  /// The repaired fault stays covered this many months after the unit is
  /// returned, even past the normal end; 0: off.
  int post_repair_months = 0;
  /// After this many completed repairs of one fault category under this
  /// policy, the remedy for a new claim becomes `replace_or_refund`; 0: no limit.
  int max_repair_attempts = 0;
  /// Likewise when the repair days of one fault category add up to this many;
  /// 0: no limit.
  int max_days_out_of_service = 0;
  /// Field-by-field equality.
  friend bool operator==(const WarrantyPolicy&, const WarrantyPolicy&) = default;
};

/// Who installs the product: nobody (no installation step), the customer, or a
/// specialist (SPEC §2.1). `installed` events are accepted only when not kNone.
enum class InstallationMode {
  kNone,       ///< `"none"`: no installation step.
  kCustomer,   ///< `"customer"`: the customer installs it.
  kSpecialist  ///< `"specialist"`: a specialist installs it.
};

/// Where a maintenance plan's due dates count from (SPEC §4).
enum class MaintenanceAnchor {
  kFixed,      ///< `"fixed"`: on the grid start + k·interval, whatever the completion dates.
  kCompletion  ///< `"completion"`: the next due date counts from the last `maintenance_done`.
};
/// How a maintenance due date that is not a working day of the plan's calendar
/// is moved (SPEC §4).
enum class DateShift {
  kNone,                ///< `"none"`: not moved.
  kPreviousWorkingDay,  ///< `"previous_working_day"`: to the working day before.
  kNextWorkingDay       ///< `"next_working_day"`: to the working day after.
};

/// A preventive maintenance plan (SPEC §4). At least one trigger is set; with
/// several, the first reached is due ("every 12 months or 15 000 km, whichever
/// comes first").
struct MaintenancePlan {
  std::optional<int> every_months;    ///< Every this many months (1..1200).
  std::optional<int> every_days;      ///< Every this many days (1..36600).
  std::optional<double> every_usage;  ///< Every this much usage (finite, > 0), projected
                                      ///< from the unit's usage readings.
  MaintenanceAnchor anchor = MaintenanceAnchor::kFixed;  ///< Where due dates count from.
  /// A due date is met by a `maintenance_done` in [due - grace_days,
  /// due + grace_days], missed otherwise.
  int grace_days = 0;
  /// How a due date off the calendar's working days moves (needs `calendar`).
  DateShift shift = DateShift::kNone;
  std::string calendar;  ///< A calendar added to the ledger; empty: none.
  /// Field-by-field equality.
  friend bool operator==(const MaintenancePlan&, const MaintenancePlan&) = default;
};

/// A catalog model (SKU) and the policies that apply to its units (SPEC §2.1).
struct Product {
  std::string sku;       ///< The model's identifier, unique in the catalog; not empty.
  std::string name;      ///< Its name, for people.
  std::string category;  ///< A free category (`"calefacción"`, ...).
  /// Who installs it.
  InstallationMode installation = InstallationMode::kNone;
  bool training = false;  ///< The product comes with operator training.
  /// The warranty policies of its units, names unique.
  std::vector<WarrantyPolicy> warranties;
  std::optional<MaintenancePlan> maintenance;  ///< Its preventive maintenance, if any.
  std::string sla;                             ///< SLA policy name; empty: none.
  std::string followups;                       ///< Follow-up rule set name; empty: none.
  /// Field-by-field equality.
  friend bool operator==(const Product&, const Product&) = default;

  /// The policy of this product with that name, or nullptr.
  const WarrantyPolicy* find_policy(absl::string_view policy_name) const;
};

/// The name of a policy kind as it appears in configuration (`"legal"`,
/// `"commercial"`, `"extended"`, `"contract"`); "" for a value outside the enum.
absl::string_view policy_kind_name(PolicyKind kind);
/// The name of a cover start as it appears in configuration (`"sale"`,
/// `"delivery"`, `"installation"`, `"purchase_of_extension"`); "" for a value
/// outside the enum.
absl::string_view cover_start_name(CoverStart start);
/// The name of an installation mode as it appears in configuration (`"none"`,
/// `"customer"`, `"specialist"`); "" for a value outside the enum.
absl::string_view installation_mode_name(InstallationMode mode);

/// A warranty preset the library ships (docs/warranty_presets.md has their
/// sources).
///
/// - `legal-es`: Spain, goods bought from 2022-01-01 (RDL 1/2007 as amended by
///   RDL 7/2021): 36 months parts+labor+travel 100 % from delivery,
///   presumption 24 months, suspended during repair, 12 months post-repair
///   cover, excluded faults misuse and accident.
/// - `legal-eu-min`: the minimum of Directive (EU) 2019/771: 24 months,
///   presumption 12 months.
///
/// NotFound for any other name.
[[nodiscard]] absl::StatusOr<WarrantyPolicy> warranty_preset(absl::string_view name);
/// The names of the presets.
std::vector<std::string> warranty_preset_names();

/// Checks a policy: a non-empty UTF-8 name, a kind and a start inside their
/// enums, percents in 0..100, months in 0..1200, non-empty and unique excluded
/// faults, limits >= 0. InvalidArgument naming the field otherwise.
[[nodiscard]] absl::Status validate_policy(const WarrantyPolicy& policy);
/// Checks a product: a non-empty SKU, UTF-8 text, a known installation mode,
/// every policy (as validate_policy, paths under `warranties[i]`) with unique
/// names, and the maintenance plan (at least one trigger, intervals and grace
/// in range, a calendar when dates shift). InvalidArgument naming the field
/// otherwise.
[[nodiscard]] absl::Status validate_product(const Product& product);

/// Parses and validates the JSON form of a policy. A policy object may name a
/// `"preset"` and override any of its fields; unknown fields are refused.
[[nodiscard]] absl::StatusOr<WarrantyPolicy> parse_policy(absl::string_view json);
/// Parses and validates the JSON form of a product (SPEC §2.1). Its
/// `warranties` items are policy objects or preset names (`"legal-es"`);
/// unknown fields are refused.
[[nodiscard]] absl::StatusOr<Product> parse_product(absl::string_view json);
/// The canonical JSON of a product (every field, fixed key order): what the
/// durable store keeps, and what parse_product reads back to an equal Product.
std::string product_to_json(const Product& product);

/// The products known to a ledger, by SKU.
///
/// Not synchronised: the Ledger that owns it serialises access.
class Catalog {
 public:
  /// Adds a product after validating it (validate_product). Adding a product
  /// equal to the one stored under the same SKU is a no-op; a different one is
  /// AlreadyExists (products are versioned by SKU: a product whose policies
  /// change is a new SKU).
  [[nodiscard]] absl::Status add_product(Product product);
  /// The product with that SKU, or nullptr.
  const Product* find_product(absl::string_view sku) const;
  /// The number of products.
  size_t size() const { return products_.size(); }
  /// All products, sorted by SKU.
  std::vector<const Product*> products() const;

 private:
  absl::flat_hash_map<std::string, std::unique_ptr<Product>> products_;
};

}  // namespace postventa

#endif  // POSTVENTA_CATALOG_H_
