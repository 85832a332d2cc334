// Products, warranty presets and the Catalog (SPEC §2.1, §2.2). Validation
// lives in validate.cc and the JSON forms in catalog_json.cc.
#include "postventa/catalog.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "catalog/internal/rules.h"

namespace postventa {

const WarrantyPolicy* Product::find_policy(absl::string_view policy_name) const {
  for (const WarrantyPolicy& policy : warranties) {
    if (policy.name == policy_name) return &policy;
  }
  return nullptr;
}

absl::string_view policy_kind_name(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::kLegal:
      return "legal";
    case PolicyKind::kCommercial:
      return "commercial";
    case PolicyKind::kExtended:
      return "extended";
    case PolicyKind::kContract:
      return "contract";
  }
  return "";
}

absl::string_view cover_start_name(CoverStart start) {
  switch (start) {
    case CoverStart::kSale:
      return "sale";
    case CoverStart::kDelivery:
      return "delivery";
    case CoverStart::kInstallation:
      return "installation";
    case CoverStart::kPurchaseOfExtension:
      return "purchase_of_extension";
  }
  return "";
}

absl::string_view installation_mode_name(InstallationMode mode) {
  switch (mode) {
    case InstallationMode::kNone:
      return "none";
    case InstallationMode::kCustomer:
      return "customer";
    case InstallationMode::kSpecialist:
      return "specialist";
  }
  return "";
}

namespace {

// 100 % of parts, labor and travel for `months` from delivery: the shape of
// every legal guarantee (the seller answers for the whole lack of conformity).
WarrantyPolicy LegalGuarantee(std::string name, int months, int presumption_months) {
  WarrantyPolicy policy;
  policy.name = std::move(name);
  policy.kind = PolicyKind::kLegal;
  policy.starts_at = CoverStart::kDelivery;
  policy.parts = {100, months};
  policy.labor = {100, months};
  policy.travel = {100, months};
  policy.presumption_months = presumption_months;
  return policy;
}

// The presets, sorted by name. Sources and caveats: docs/warranty_presets.md.
std::vector<WarrantyPolicy> Presets() {
  // Spain, goods delivered under contracts from 2022-01-01: TRLGDCU (RDLeg
  // 1/2007) as amended by RDL 7/2021.
  WarrantyPolicy legal_es = LegalGuarantee("legal-es", 36, 24);
  legal_es.excluded_faults = {"misuse", "accident"};
  legal_es.suspend_during_repair = true;
  legal_es.post_repair_months = 12;
  // Directive (EU) 2019/771, arts. 10(1) and 11(1).
  WarrantyPolicy legal_eu_min = LegalGuarantee("legal-eu-min", 24, 12);
  return {std::move(legal_es), std::move(legal_eu_min)};
}

}  // namespace

std::vector<std::string> warranty_preset_names() {
  std::vector<std::string> names;
  for (const WarrantyPolicy& preset : Presets()) names.push_back(preset.name);
  return names;
}

absl::StatusOr<WarrantyPolicy> warranty_preset(absl::string_view name) {
  for (WarrantyPolicy& preset : Presets()) {
    if (preset.name == name) return std::move(preset);
  }
  return absl::NotFoundError(
      absl::StrCat("warranty preset \"", name,
                   "\": no such preset (known presets: ", catalog_internal::PresetNameList(), ")"));
}

namespace catalog_internal {

std::string PresetNameList() { return absl::StrJoin(warranty_preset_names(), ", "); }

}  // namespace catalog_internal

namespace {

// The first top-level field in which two products with the same SKU differ, for
// the AlreadyExists message ("warranties[1] (\"maker-2y\")").
std::string FirstDifference(const Product& stored, const Product& given) {
  if (stored.name != given.name) return "name";
  if (stored.category != given.category) return "category";
  if (stored.installation != given.installation) return "installation";
  if (stored.training != given.training) return "training";
  const size_t common = std::min(stored.warranties.size(), given.warranties.size());
  for (size_t i = 0; i < common; ++i) {
    if (!(stored.warranties[i] == given.warranties[i])) {
      return absl::StrCat("warranties[", i, "] (\"", given.warranties[i].name, "\")");
    }
  }
  if (stored.warranties.size() != given.warranties.size()) {
    return absl::StrCat("warranties (", stored.warranties.size(), " policies stored, ",
                        given.warranties.size(), " given)");
  }
  if (stored.maintenance != given.maintenance) return "maintenance";
  if (stored.sla != given.sla) return "sla";
  return "followups";
}

}  // namespace

absl::Status Catalog::add_product(Product product) {
  if (absl::Status s = validate_product(product); !s.ok()) return s;
  auto it = products_.find(product.sku);
  if (it != products_.end()) {
    if (*it->second == product) return absl::OkStatus();
    return absl::AlreadyExistsError(absl::StrCat(
        "product \"", product.sku, "\" already exists with a different configuration (",
        FirstDifference(*it->second, product), " differs); products are versioned by SKU"));
  }
  std::string sku = product.sku;
  products_.emplace(std::move(sku), std::make_unique<Product>(std::move(product)));
  return absl::OkStatus();
}

const Product* Catalog::find_product(absl::string_view sku) const {
  auto it = products_.find(sku);
  return it == products_.end() ? nullptr : it->second.get();
}

std::vector<const Product*> Catalog::products() const {
  std::vector<const Product*> all;
  all.reserve(products_.size());
  for (const auto& [sku, product] : products_) all.push_back(product.get());
  std::sort(all.begin(), all.end(),
            [](const Product* a, const Product* b) { return a->sku < b->sku; });
  return all;
}

}  // namespace postventa
