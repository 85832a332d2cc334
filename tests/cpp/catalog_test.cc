// Tests for postventa/catalog.h: products, warranty policies, maintenance plans,
// the presets, validation, the JSON forms and the Catalog (SPEC §2.1, §2.2, §4).
//
// Expected values come from the SPEC and the task's statement of the presets
// (docs/warranty_presets.md), never from the library's output. Error messages
// are part of the contract (field path first, then the bad value), so the
// tests spell them out in full where the wording is ours to fix.
#include "postventa/catalog.h"

#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

// Asserts that `expr` (an absl::StatusOr) is OK and moves its value into `lhs`.
#include "status_macros.h"

namespace postventa {

// Lets GoogleTest print the value types in failure messages (found by ADL).
void PrintTo(const Product& product, std::ostream* os) { *os << product_to_json(product); }
void PrintTo(const WarrantyPolicy& policy, std::ostream* os) {
  Product holder;
  holder.sku = "(policy)";
  holder.warranties.push_back(policy);
  *os << product_to_json(holder);
}

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// The status of parsing a product, for error tests.
absl::Status ProductStatus(absl::string_view json) { return parse_product(json).status(); }
absl::Status PolicyStatus(absl::string_view json) { return parse_policy(json).status(); }

// A complete, valid policy in JSON, with every required field.
constexpr absl::string_view kMaker2y = R"({"name": "maker-2y", "kind": "commercial",
  "starts_at": "delivery",
  "parts": {"percent": 100, "months": 24}, "labor": {"percent": 100, "months": 24},
  "travel": {"percent": 100, "months": 24}})";

// A product with one valid policy in which `field` is set to `value` (replacing
// the field when the policy has it, adding it otherwise):
// `{"sku": "T-1", "warranties": [{"name": "p", ..., field: value}]}`.
std::string ProductWithPolicyField(absl::string_view field, absl::string_view value) {
  const std::string component = R"({"percent": 100, "months": 24})";
  std::vector<std::pair<std::string, std::string>> fields = {
      {"name", R"("p")"},   {"kind", R"("commercial")"}, {"starts_at", R"("delivery")"},
      {"parts", component}, {"labor", component},        {"travel", component}};
  bool replaced = false;
  for (auto& [key, json] : fields) {
    if (key == field) json = std::string(value), replaced = true;
  }
  if (!replaced) fields.emplace_back(std::string(field), std::string(value));
  std::string policy;
  for (const auto& [key, json] : fields) {
    absl::StrAppend(&policy, policy.empty() ? "" : ", ", "\"", key, "\": ", json);
  }
  return absl::StrCat(R"({"sku": "T-1", "warranties": [{)", policy, "}]}");
}

// A product with `maintenance` set to `plan`.
std::string ProductWithPlan(absl::string_view plan) {
  return absl::StrCat(R"({"sku": "T-1", "maintenance": )", plan, "}");
}

// A hand-built policy that validates: 100 % of everything for 24 months.
WarrantyPolicy MakerTwoYears() {
  WarrantyPolicy policy;
  policy.name = "maker-2y";
  policy.kind = PolicyKind::kCommercial;
  policy.starts_at = CoverStart::kDelivery;
  policy.parts = {100, 24};
  policy.labor = {100, 24};
  policy.travel = {100, 24};
  return policy;
}

// ---------------------------------------------------------------------------
// Names

TEST(CatalogNamesTest, EnumNamesAreTheConfigurationNames) {
  EXPECT_EQ(policy_kind_name(PolicyKind::kLegal), "legal");
  EXPECT_EQ(policy_kind_name(PolicyKind::kCommercial), "commercial");
  EXPECT_EQ(policy_kind_name(PolicyKind::kExtended), "extended");
  EXPECT_EQ(policy_kind_name(PolicyKind::kContract), "contract");
  EXPECT_EQ(cover_start_name(CoverStart::kSale), "sale");
  EXPECT_EQ(cover_start_name(CoverStart::kDelivery), "delivery");
  EXPECT_EQ(cover_start_name(CoverStart::kInstallation), "installation");
  EXPECT_EQ(cover_start_name(CoverStart::kPurchaseOfExtension), "purchase_of_extension");
  EXPECT_EQ(installation_mode_name(InstallationMode::kNone), "none");
  EXPECT_EQ(installation_mode_name(InstallationMode::kCustomer), "customer");
  EXPECT_EQ(installation_mode_name(InstallationMode::kSpecialist), "specialist");
}

TEST(CatalogNamesTest, PolicyKindsAreInTheSpecsTieOrder) {
  // SPEC §2.3: legal before commercial before extended before contract.
  EXPECT_LT(PolicyKind::kLegal, PolicyKind::kCommercial);
  EXPECT_LT(PolicyKind::kCommercial, PolicyKind::kExtended);
  EXPECT_LT(PolicyKind::kExtended, PolicyKind::kContract);
}

// ---------------------------------------------------------------------------
// Presets (SPEC §2.2)

TEST(WarrantyPresetTest, LegalEsHasTheSpanishValues) {
  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy p, warranty_preset("legal-es"));
  EXPECT_EQ(p.name, "legal-es");
  EXPECT_EQ(p.kind, PolicyKind::kLegal);
  EXPECT_EQ(p.starts_at, CoverStart::kDelivery);
  EXPECT_EQ(p.offset_months, 0);
  EXPECT_EQ(p.parts, (CoverComponent{100, 36}));
  EXPECT_EQ(p.labor, (CoverComponent{100, 36}));
  EXPECT_EQ(p.travel, (CoverComponent{100, 36}));
  EXPECT_EQ(p.presumption_months, 24);
  EXPECT_THAT(p.excluded_faults, ElementsAre("misuse", "accident"));
  EXPECT_FALSE(p.requires_specialist_installation);
  EXPECT_FALSE(p.requires_maintenance);
  EXPECT_TRUE(p.suspend_during_repair);
  EXPECT_EQ(p.post_repair_months, 12);
  EXPECT_EQ(p.max_repair_attempts, 0);
  EXPECT_EQ(p.max_days_out_of_service, 0);
  EXPECT_TRUE(validate_policy(p).ok());
}

TEST(WarrantyPresetTest, LegalEuMinHasTheDirectiveMinimum) {
  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy p, warranty_preset("legal-eu-min"));
  WarrantyPolicy expected;
  expected.name = "legal-eu-min";
  expected.kind = PolicyKind::kLegal;
  expected.starts_at = CoverStart::kDelivery;
  expected.parts = {100, 24};
  expected.labor = {100, 24};
  expected.travel = {100, 24};
  expected.presumption_months = 12;
  // Everything else off: no exclusions, no suspension, no post-repair cover.
  EXPECT_EQ(p, expected);
  EXPECT_TRUE(validate_policy(p).ok());
}

TEST(WarrantyPresetTest, NamesListsBothPresets) {
  EXPECT_THAT(warranty_preset_names(), ElementsAre("legal-es", "legal-eu-min"));
}

TEST(WarrantyPresetTest, UnknownPresetIsNotFoundAndListsTheKnownOnes) {
  const absl::StatusOr<WarrantyPolicy> p = warranty_preset("legal-fr");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(p.status().message(),
            "warranty preset \"legal-fr\": no such preset (known presets: legal-es, legal-eu-min)");
  EXPECT_EQ(warranty_preset("").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(warranty_preset("LEGAL-ES").status().code(), absl::StatusCode::kNotFound);
}

// ---------------------------------------------------------------------------
// parse_policy

TEST(ParsePolicyTest, ReadsEveryField) {
  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy p, parse_policy(R"({
    "name": "ext-3y", "kind": "extended", "starts_at": "purchase_of_extension",
    "offset_months": 24,
    "parts": {"percent": 100, "months": 36},
    "labor": {"percent": 50, "months": 24},
    "travel": {"percent": 0, "months": 12},
    "presumption_months": 6,
    "excluded_faults": ["wear", "cosmetic", "misuse"],
    "requires_specialist_installation": true,
    "requires_maintenance": true,
    "suspend_during_repair": true,
    "post_repair_months": 3,
    "max_repair_attempts": 2,
    "max_days_out_of_service": 30
  })"));
  EXPECT_EQ(p.name, "ext-3y");
  EXPECT_EQ(p.kind, PolicyKind::kExtended);
  EXPECT_EQ(p.starts_at, CoverStart::kPurchaseOfExtension);
  EXPECT_EQ(p.offset_months, 24);
  EXPECT_EQ(p.parts, (CoverComponent{100, 36}));
  EXPECT_EQ(p.labor, (CoverComponent{50, 24}));
  EXPECT_EQ(p.travel, (CoverComponent{0, 12}));
  EXPECT_EQ(p.presumption_months, 6);
  EXPECT_THAT(p.excluded_faults, ElementsAre("wear", "cosmetic", "misuse"));
  EXPECT_TRUE(p.requires_specialist_installation);
  EXPECT_TRUE(p.requires_maintenance);
  EXPECT_TRUE(p.suspend_during_repair);
  EXPECT_EQ(p.post_repair_months, 3);
  EXPECT_EQ(p.max_repair_attempts, 2);
  EXPECT_EQ(p.max_days_out_of_service, 30);
}

TEST(ParsePolicyTest, AbsentOptionalFieldsAreOff) {
  // SPEC §2.2: "an absent one is off (0, false, empty, no limit)".
  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy p, parse_policy(kMaker2y));
  EXPECT_EQ(p, MakerTwoYears());
  EXPECT_EQ(p.offset_months, 0);
  EXPECT_EQ(p.presumption_months, 0);
  EXPECT_THAT(p.excluded_faults, IsEmpty());
  EXPECT_FALSE(p.requires_specialist_installation);
  EXPECT_FALSE(p.requires_maintenance);
  EXPECT_FALSE(p.suspend_during_repair);
  EXPECT_EQ(p.post_repair_months, 0);
  EXPECT_EQ(p.max_repair_attempts, 0);
  EXPECT_EQ(p.max_days_out_of_service, 0);
}

TEST(ParsePolicyTest, NullIsAbsent) {
  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy p, parse_policy(R"({"name": "maker-2y",
    "kind": "commercial", "starts_at": "delivery",
    "parts": {"percent": 100, "months": 24}, "labor": {"percent": 100, "months": 24},
    "travel": {"percent": 100, "months": 24},
    "offset_months": null, "presumption_months": null, "excluded_faults": null,
    "requires_specialist_installation": null, "requires_maintenance": null,
    "suspend_during_repair": null, "post_repair_months": null,
    "max_repair_attempts": null, "max_days_out_of_service": null, "preset": null})"));
  EXPECT_EQ(p, MakerTwoYears());
}

TEST(ParsePolicyTest, EveryKindAndStartIsAccepted) {
  const std::vector<std::pair<std::string, PolicyKind>> kinds = {
      {"legal", PolicyKind::kLegal},
      {"commercial", PolicyKind::kCommercial},
      {"extended", PolicyKind::kExtended},
      {"contract", PolicyKind::kContract}};
  const std::vector<std::pair<std::string, CoverStart>> starts = {
      {"sale", CoverStart::kSale},
      {"delivery", CoverStart::kDelivery},
      {"installation", CoverStart::kInstallation},
      {"purchase_of_extension", CoverStart::kPurchaseOfExtension}};
  // Any kind may start at any event (an extension may start at delivery with an
  // offset; a contract at installation).
  for (const auto& [kind_name, kind] : kinds) {
    for (const auto& [start_name, start] : starts) {
      const std::string json = absl::StrCat(R"({"name": "p", "kind": ")", kind_name,
                                            R"(", "starts_at": ")", start_name, R"(",
        "parts": {"percent": 10, "months": 1}, "labor": {"percent": 20, "months": 2},
        "travel": {"percent": 30, "months": 3}})");
      ASSERT_OK_AND_ASSIGN(const WarrantyPolicy p, parse_policy(json));
      EXPECT_EQ(p.kind, kind) << json;
      EXPECT_EQ(p.starts_at, start) << json;
    }
  }
}

TEST(ParsePolicyTest, BoundaryValuesAreAccepted) {
  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy p, parse_policy(R"({"name": "p",
    "kind": "contract", "starts_at": "sale", "offset_months": 1200,
    "parts": {"percent": 0, "months": 0}, "labor": {"percent": 100, "months": 1200},
    "travel": {"percent": 0, "months": 0}, "presumption_months": 1200,
    "post_repair_months": 1200, "max_repair_attempts": 2147483647, "excluded_faults": []})"));
  EXPECT_EQ(p.offset_months, 1200);
  EXPECT_EQ(p.parts, (CoverComponent{0, 0}));
  EXPECT_EQ(p.labor, (CoverComponent{100, 1200}));
  EXPECT_EQ(p.max_repair_attempts, 2147483647);
}

TEST(ParsePolicyTest, AStringIsAPresetName) {
  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy p, parse_policy(R"("legal-es")"));
  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy preset, warranty_preset("legal-es"));
  EXPECT_EQ(p, preset);
}

TEST(ParsePolicyTest, PresetWithOverrides) {
  // The preset's fields, then the given ones on top; components are merged
  // field by field, and a list replaces the preset's list.
  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy p, parse_policy(R"({"preset": "legal-es",
    "name": "legal-es-store", "travel": {"percent": 0},
    "excluded_faults": ["misuse"], "max_repair_attempts": 2})"));
  WarrantyPolicy expected;  // legal-es, field by field, with the overrides
  expected.name = "legal-es-store";
  expected.kind = PolicyKind::kLegal;
  expected.starts_at = CoverStart::kDelivery;
  expected.parts = {100, 36};
  expected.labor = {100, 36};
  expected.travel = {0, 36};  // percent overridden, months kept
  expected.presumption_months = 24;
  expected.excluded_faults = {"misuse"};
  expected.suspend_during_repair = true;
  expected.post_repair_months = 12;
  expected.max_repair_attempts = 2;
  EXPECT_EQ(p, expected);
}

TEST(ParsePolicyTest, PresetAloneKeepsItsName) {
  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy p, parse_policy(R"({"preset": "legal-eu-min"})"));
  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy preset, warranty_preset("legal-eu-min"));
  EXPECT_EQ(p, preset);
}

TEST(ParsePolicyTest, PresetOverrideCanChangeKindStartAndBooleans) {
  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy p, parse_policy(R"({"preset": "legal-es",
    "name": "maker-3y", "kind": "commercial", "starts_at": "installation",
    "suspend_during_repair": false, "requires_maintenance": true,
    "parts": {"months": 60}, "post_repair_months": 0})"));
  EXPECT_EQ(p.name, "maker-3y");
  EXPECT_EQ(p.kind, PolicyKind::kCommercial);
  EXPECT_EQ(p.starts_at, CoverStart::kInstallation);
  EXPECT_FALSE(p.suspend_during_repair);
  EXPECT_TRUE(p.requires_maintenance);
  EXPECT_EQ(p.parts, (CoverComponent{100, 60}));  // months overridden, percent kept
  EXPECT_EQ(p.labor, (CoverComponent{100, 36}));
  EXPECT_EQ(p.post_repair_months, 0);
  EXPECT_EQ(p.presumption_months, 24);  // kept from the preset
}

TEST(ParsePolicyTest, OverridesAreValidated) {
  EXPECT_EQ(PolicyStatus(R"({"preset": "legal-es", "labor": {"percent": 150}})").message(),
            "labor.percent: 150 is outside 0..100");
}

// The errors of a policy parsed on its own: paths start at the policy.
TEST(ParsePolicyTest, ErrorsNameTheFieldAndValue) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"name": "p", "kind": "commercial", "starts_at": "delivery",
          "parts": {"percent": 120, "months": 24}, "labor": {"percent": 100, "months": 24},
          "travel": {"percent": 100, "months": 24}})",
       "parts.percent: 120 is outside 0..100"},
      {R"({"name": "p", "kind": "commercial", "starts_at": "delivery",
          "parts": {"percent": 100, "months": "24"}, "labor": {"percent": 100, "months": 24},
          "travel": {"percent": 100, "months": 24}})",
       R"(parts.months: expected a whole number >= 0, got "24")"},
      {R"({"kind": "commercial", "starts_at": "delivery",
          "parts": {"percent": 100, "months": 24}, "labor": {"percent": 100, "months": 24},
          "travel": {"percent": 100, "months": 24}})",
       "name: missing (the policy's unique id)"},
      {R"({"name": "", "kind": "commercial", "starts_at": "delivery",
          "parts": {"percent": 100, "months": 24}, "labor": {"percent": 100, "months": 24},
          "travel": {"percent": 100, "months": 24}})",
       R"(name: "" is empty (a policy needs a name))"},
      {R"("legal-xx")",
       R"(policy: unknown preset "legal-xx" (known presets: legal-es, legal-eu-min))"},
      {R"({"preset": "legal-xx"})",
       R"(preset: unknown preset "legal-xx" (known presets: legal-es, legal-eu-min))"},
      {R"({"preset": ["legal-es"]})",
       R"(preset: expected a preset name (legal-es, legal-eu-min), got ["legal-es"])"},
      {"42", "policy: expected a policy object or a preset name, got 42"},
      {"null", "policy: expected a policy object or a preset name, got null"},
  };
  for (const auto& [json, message] : cases) {
    const absl::Status status = PolicyStatus(json);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << json;
    EXPECT_EQ(status.message(), message) << json;
  }
}

TEST(ParsePolicyTest, UnknownFieldIsRefusedWithTheAcceptedOnes) {
  const absl::Status status = PolicyStatus(R"({"preset": "legal-es", "month": 3})");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              StartsWith(R"(policy: unknown field "month" (expected preset, )"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("max_days_out_of_service)"));
}

TEST(ParsePolicyTest, BadJsonIsRefused) {
  const absl::Status status = PolicyStatus(R"({"name": "p",)");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), StartsWith("policy: not valid JSON: "));
}

// ---------------------------------------------------------------------------
// parse_product

// A realistic product with every field set: a gas boiler installed by a
// specialist, with the Spanish legal guarantee, the maker's warranty, an
// extension that continues it, and a maintenance contract.
constexpr absl::string_view kBoiler = R"({
  "sku": "CAL-24", "name": "Caldera de condensación 24 kW", "category": "calefacción",
  "installation": "specialist", "training": true,
  "warranties": [
    "legal-es",
    {"name": "maker-5y", "kind": "commercial", "starts_at": "installation",
     "parts": {"percent": 100, "months": 60}, "labor": {"percent": 100, "months": 24},
     "travel": {"percent": 50, "months": 24},
     "excluded_faults": ["misuse", "wear"], "requires_specialist_installation": true,
     "requires_maintenance": true},
    {"name": "ext-3y", "kind": "extended", "starts_at": "delivery", "offset_months": 60,
     "parts": {"percent": 100, "months": 36}, "labor": {"percent": 100, "months": 36},
     "travel": {"percent": 0, "months": 36}, "max_repair_attempts": 3,
     "max_days_out_of_service": 30},
    {"preset": "legal-eu-min", "name": "contract-care", "kind": "contract",
     "starts_at": "sale"}
  ],
  "maintenance": {"every_months": 12, "every_days": 400, "every_usage": 1500.5,
                  "anchor": "completion", "grace_days": 30, "shift": "next_working_day",
                  "calendar": "madrid"},
  "sla": "sla-gold", "followups": "default"
})";

TEST(ParseProductTest, ReadsEveryField) {
  ASSERT_OK_AND_ASSIGN(const Product p, parse_product(kBoiler));
  EXPECT_EQ(p.sku, "CAL-24");
  EXPECT_EQ(p.name, "Caldera de condensación 24 kW");
  EXPECT_EQ(p.category, "calefacción");
  EXPECT_EQ(p.installation, InstallationMode::kSpecialist);
  EXPECT_TRUE(p.training);
  ASSERT_EQ(p.warranties.size(), 4u);

  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy legal_es, warranty_preset("legal-es"));
  EXPECT_EQ(p.warranties[0], legal_es);

  WarrantyPolicy maker;
  maker.name = "maker-5y";
  maker.kind = PolicyKind::kCommercial;
  maker.starts_at = CoverStart::kInstallation;
  maker.parts = {100, 60};
  maker.labor = {100, 24};
  maker.travel = {50, 24};
  maker.excluded_faults = {"misuse", "wear"};
  maker.requires_specialist_installation = true;
  maker.requires_maintenance = true;
  EXPECT_EQ(p.warranties[1], maker);

  WarrantyPolicy ext;
  ext.name = "ext-3y";
  ext.kind = PolicyKind::kExtended;
  ext.starts_at = CoverStart::kDelivery;
  ext.offset_months = 60;
  ext.parts = {100, 36};
  ext.labor = {100, 36};
  ext.travel = {0, 36};
  ext.max_repair_attempts = 3;
  ext.max_days_out_of_service = 30;
  EXPECT_EQ(p.warranties[2], ext);

  // legal-eu-min with the name, kind and start overridden.
  WarrantyPolicy contract;
  contract.name = "contract-care";
  contract.kind = PolicyKind::kContract;
  contract.starts_at = CoverStart::kSale;
  contract.parts = {100, 24};
  contract.labor = {100, 24};
  contract.travel = {100, 24};
  contract.presumption_months = 12;
  EXPECT_EQ(p.warranties[3], contract);

  ASSERT_TRUE(p.maintenance.has_value());
  EXPECT_EQ(p.maintenance->every_months, 12);
  EXPECT_EQ(p.maintenance->every_days, 400);
  EXPECT_EQ(p.maintenance->every_usage, 1500.5);
  EXPECT_EQ(p.maintenance->anchor, MaintenanceAnchor::kCompletion);
  EXPECT_EQ(p.maintenance->grace_days, 30);
  EXPECT_EQ(p.maintenance->shift, DateShift::kNextWorkingDay);
  EXPECT_EQ(p.maintenance->calendar, "madrid");
  EXPECT_EQ(p.sla, "sla-gold");
  EXPECT_EQ(p.followups, "default");

  EXPECT_EQ(p.find_policy("ext-3y"), &p.warranties[2]);
  EXPECT_EQ(p.find_policy("legal-es"), &p.warranties[0]);
  EXPECT_EQ(p.find_policy("ext-5y"), nullptr);
  EXPECT_EQ(p.find_policy(""), nullptr);
}

TEST(ParseProductTest, OnlyTheSkuIsRequired) {
  ASSERT_OK_AND_ASSIGN(const Product p, parse_product(R"({"sku": "TV-55"})"));
  EXPECT_EQ(p.sku, "TV-55");
  EXPECT_EQ(p.name, "");
  EXPECT_EQ(p.category, "");
  EXPECT_EQ(p.installation, InstallationMode::kNone);
  EXPECT_FALSE(p.training);
  EXPECT_THAT(p.warranties, IsEmpty());
  EXPECT_FALSE(p.maintenance.has_value());
  EXPECT_EQ(p.sla, "");
  EXPECT_EQ(p.followups, "");
}

TEST(ParseProductTest, NullIsAbsent) {
  ASSERT_OK_AND_ASSIGN(const Product p, parse_product(R"({"sku": "TV-55", "name": null,
    "category": null, "installation": null, "training": null, "warranties": null,
    "maintenance": null, "sla": null, "followups": null})"));
  Product expected;
  expected.sku = "TV-55";
  EXPECT_EQ(p, expected);
}

TEST(ParseProductTest, PlanDefaults) {
  // Only a trigger: anchor fixed, no grace, no shift, no calendar.
  ASSERT_OK_AND_ASSIGN(const Product p,
                       parse_product(ProductWithPlan(R"({"every_usage": 15000})")));
  ASSERT_TRUE(p.maintenance.has_value());
  MaintenancePlan expected;
  expected.every_usage = 15000.0;  // a JSON integer is accepted as a usage amount
  EXPECT_EQ(*p.maintenance, expected);
  EXPECT_EQ(p.maintenance->every_months, std::nullopt);
  EXPECT_EQ(p.maintenance->every_days, std::nullopt);
  EXPECT_EQ(p.maintenance->anchor, MaintenanceAnchor::kFixed);
  EXPECT_EQ(p.maintenance->grace_days, 0);
  EXPECT_EQ(p.maintenance->shift, DateShift::kNone);
  EXPECT_EQ(p.maintenance->calendar, "");

  ASSERT_OK_AND_ASSIGN(const Product q, parse_product(ProductWithPlan(
                                            R"({"every_months": 6, "every_days": null,
      "every_usage": null, "anchor": null, "grace_days": null, "shift": null, "calendar": null})")));
  MaintenancePlan six_months;
  six_months.every_months = 6;
  EXPECT_EQ(q.maintenance, six_months);
}

TEST(ParseProductTest, EveryInstallationModeAndShift) {
  for (const auto& [name, mode] : std::vector<std::pair<std::string, InstallationMode>>{
           {"none", InstallationMode::kNone},
           {"customer", InstallationMode::kCustomer},
           {"specialist", InstallationMode::kSpecialist}}) {
    ASSERT_OK_AND_ASSIGN(const Product p, parse_product(absl::StrCat(
                                              R"({"sku": "A", "installation": ")", name, R"("})")));
    EXPECT_EQ(p.installation, mode) << name;
  }
  for (const auto& [name, shift] : std::vector<std::pair<std::string, DateShift>>{
           {"none", DateShift::kNone},
           {"previous_working_day", DateShift::kPreviousWorkingDay},
           {"next_working_day", DateShift::kNextWorkingDay}}) {
    ASSERT_OK_AND_ASSIGN(
        const Product p,
        parse_product(ProductWithPlan(
            absl::StrCat(R"({"every_days": 90, "calendar": "lima", "shift": ")", name, R"("})"))));
    EXPECT_EQ(p.maintenance->shift, shift) << name;
    EXPECT_EQ(p.maintenance->calendar, "lima");
  }
}

TEST(ParseProductTest, PresetNamesInWarranties) {
  ASSERT_OK_AND_ASSIGN(
      const Product p,
      parse_product(R"({"sku": "A", "warranties": ["legal-eu-min", "legal-es"]})"));
  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy eu, warranty_preset("legal-eu-min"));
  ASSERT_OK_AND_ASSIGN(const WarrantyPolicy es, warranty_preset("legal-es"));
  EXPECT_THAT(p.warranties, ElementsAre(eu, es));
}

TEST(ParseProductTest, SpecialistRequiredOnAProductNobodyInstallsIsAllowed) {
  // Nothing can void such a policy (no `installed` event is possible); refusing
  // it would stop one policy from being shared across a product line.
  const std::string json = R"({"sku": "A", "installation": "none", "warranties": [
    {"name": "p", "kind": "commercial", "starts_at": "installation",
     "parts": {"percent": 100, "months": 24}, "labor": {"percent": 100, "months": 24},
     "travel": {"percent": 100, "months": 24},
     "requires_specialist_installation": true, "requires_maintenance": true}]})";
  ASSERT_OK_AND_ASSIGN(const Product p, parse_product(json));
  EXPECT_TRUE(p.warranties[0].requires_specialist_installation);
  EXPECT_FALSE(p.maintenance.has_value());
}

struct ErrorCase {
  std::string json;
  std::string message;
};

void ExpectInvalid(const std::vector<ErrorCase>& cases) {
  for (const ErrorCase& c : cases) {
    const absl::Status status = ProductStatus(c.json);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.json;
    EXPECT_EQ(status.message(), c.message) << c.json;
  }
}

TEST(ParseProductErrorsTest, ProductFields) {
  ExpectInvalid({
      {R"({})", "sku: missing (the product's catalog SKU)"},
      {R"({"name": "x"})", "sku: missing (the product's catalog SKU)"},
      {R"({"sku": null})", "sku: missing (the product's catalog SKU)"},
      {R"({"sku": ""})", R"(sku: "" is empty (a product needs a SKU))"},
      {R"({"sku": 5})", "sku: expected a SKU string, got 5"},
      {R"({"sku": "A", "name": 1.5})", "name: expected a string, got 1.5"},
      {R"({"sku": "A", "category": ["x"]})", R"(category: expected a string, got ["x"])"},
      {R"({"sku": "A", "installation": "robot"})",
       R"(installation: expected one of "none", "customer", "specialist", got "robot")"},
      {R"({"sku": "A", "installation": true})",
       R"(installation: expected one of "none", "customer", "specialist", got true)"},
      {R"({"sku": "A", "training": "yes"})", R"(training: expected true or false, got "yes")"},
      {R"({"sku": "A", "training": 1})", "training: expected true or false, got 1"},
      {R"({"sku": "A", "warranties": {}})",
       "warranties: expected a list of policies or preset names, got {}"},
      {R"({"sku": "A", "warranties": "legal-es"})",
       R"(warranties: expected a list of policies or preset names, got "legal-es")"},
      {R"({"sku": "A", "sla": 5})", "sla: expected an SLA policy name or null, got 5"},
      {R"({"sku": "A", "followups": false})",
       "followups: expected a follow-up rule set name or null, got false"},
      {R"({"sku": "A", "colour": "red"})",
       R"(product: unknown field "colour" (expected sku, name, category, installation, training, warranties, maintenance, sla, followups))"},
      {R"([{"sku": "A"}])", R"(product: expected a JSON object, got [{"sku":"A"}])"},
      {R"({"sku": "A", "sku": "B"})", R"(product: field "sku" appears twice in one object)"},
      {ProductWithPolicyField("name", R"("q", "name": "p")"),
       R"(product: field "name" appears twice in one object)"},
  });
}

TEST(ParseProductErrorsTest, WarrantyItems) {
  ExpectInvalid({
      {R"({"sku": "A", "warranties": [3]})",
       "warranties[0]: expected a policy object or a preset name, got 3"},
      {R"({"sku": "A", "warranties": ["legal-es", null]})",
       "warranties[1]: expected a policy object or a preset name, got null"},
      {R"({"sku": "A", "warranties": ["legal-xx"]})",
       R"(warranties[0]: unknown preset "legal-xx" (known presets: legal-es, legal-eu-min))"},
      {R"({"sku": "A", "warranties": ["legal-es", {"preset": "nope"}]})",
       R"(warranties[1].preset: unknown preset "nope" (known presets: legal-es, legal-eu-min))"},
      {R"({"sku": "A", "warranties": [{"preset": 5}]})",
       "warranties[0].preset: expected a preset name (legal-es, legal-eu-min), got 5"},
      // The same preset twice is two policies with one name.
      {R"({"sku": "A", "warranties": ["legal-es", "legal-es"]})",
       R"(warranties[1].name: duplicate policy name "legal-es" (also warranties[0]))"},
      {absl::StrCat(R"({"sku": "A", "warranties": [)", kMaker2y, R"(, "legal-es", )", kMaker2y,
                    "]}"),
       R"(warranties[2].name: duplicate policy name "maker-2y" (also warranties[0]))"},
  });
}

TEST(ParseProductErrorsTest, PolicyFields) {
  ExpectInvalid({
      // SPEC's example in the header: the path of the policy, then the field.
      {absl::StrCat(R"({"sku": "A", "warranties": ["legal-es", {"preset": "legal-eu-min",
          "name": "x", "parts": {"percent": 120}}]})"),
       "warranties[1].parts.percent: 120 is outside 0..100"},
      {ProductWithPolicyField("parts", R"({"percent": -1, "months": 24})"),
       "warranties[0].parts.percent: -1 is outside 0..100"},
      {ProductWithPolicyField("parts", R"({"percent": 100, "months": "36"})"),
       R"(warranties[0].parts.months: expected a whole number >= 0, got "36")"},
      {ProductWithPolicyField("parts", R"({"percent": 100, "months": 36.5})"),
       "warranties[0].parts.months: expected a whole number >= 0, got 36.5"},
      // A whole value written as a float is still refused: 36.0 is not 36 in JSON's types.
      {ProductWithPolicyField("labor", R"({"percent": 100.0, "months": 36})"),
       "warranties[0].labor.percent: expected a whole number 0..100, got 100.0"},
      {ProductWithPolicyField("labor", R"({"percent": 100, "months": -1})"),
       "warranties[0].labor.months: -1 is outside 0..1200"},
      {ProductWithPolicyField("travel", R"({"percent": 100, "months": 1201})"),
       "warranties[0].travel.months: 1201 is outside 0..1200"},
      {ProductWithPolicyField("travel", R"({"percent": 100, "months": 3000000000})"),
       "warranties[0].travel.months: 3000000000 is too large (expected a whole number >= 0)"},
      {ProductWithPolicyField("travel", R"({"percent": 100, "months": -3000000000})"),
       "warranties[0].travel.months: -3000000000 is out of range (expected a whole number >= 0)"},
      {ProductWithPolicyField("travel", R"({"percent": 100})"),
       "warranties[0].travel.months: missing (the months of cover from the start)"},
      {ProductWithPolicyField("travel", R"({"months": 12})"),
       "warranties[0].travel.percent: missing (the share paid, 0..100)"},
      {ProductWithPolicyField("travel", "100"),
       R"(warranties[0].travel: expected {"percent": 0..100, "months": M}, got 100)"},
      {ProductWithPolicyField("travel", R"({"percent": 100, "months": 12, "pct": 5})"),
       R"(warranties[0].travel: unknown field "pct" (expected percent, months))"},
      {ProductWithPolicyField("kind", R"("legl")"),
       R"(warranties[0].kind: expected one of "legal", "commercial", "extended", "contract", got "legl")"},
      {ProductWithPolicyField("starts_at", R"("install")"),
       R"(warranties[0].starts_at: expected one of "sale", "delivery", "installation", "purchase_of_extension", got "install")"},
      {ProductWithPolicyField("offset_months", "-2"),
       "warranties[0].offset_months: -2 is outside 0..1200"},
      {ProductWithPolicyField("presumption_months", "true"),
       "warranties[0].presumption_months: expected a whole number >= 0, got true"},
      {ProductWithPolicyField("presumption_months", "1500"),
       "warranties[0].presumption_months: 1500 is outside 0..1200"},
      {ProductWithPolicyField("post_repair_months", "-12"),
       "warranties[0].post_repair_months: -12 is outside 0..1200"},
      {ProductWithPolicyField("excluded_faults", R"("misuse")"),
       R"(warranties[0].excluded_faults: expected a list of fault categories, got "misuse")"},
      {ProductWithPolicyField("excluded_faults", R"(["misuse", 1])"),
       "warranties[0].excluded_faults[1]: expected a fault category name, got 1"},
      {ProductWithPolicyField("excluded_faults", R"(["misuse", ""])"),
       R"(warranties[0].excluded_faults[1]: "" is empty (a fault category needs a name))"},
      {ProductWithPolicyField("excluded_faults", R"(["misuse", "wear", "misuse"])"),
       R"(warranties[0].excluded_faults[2]: duplicate fault "misuse" (also excluded_faults[0]))"},
      {ProductWithPolicyField("requires_specialist_installation", R"("true")"),
       R"(warranties[0].requires_specialist_installation: expected true or false, got "true")"},
      {ProductWithPolicyField("requires_maintenance", "0"),
       "warranties[0].requires_maintenance: expected true or false, got 0"},
      {ProductWithPolicyField("suspend_during_repair", "[]"),
       "warranties[0].suspend_during_repair: expected true or false, got []"},
      {ProductWithPolicyField("max_repair_attempts", "-1"),
       "warranties[0].max_repair_attempts: -1 is negative (0 means no limit)"},
      {ProductWithPolicyField("max_days_out_of_service", "1.5"),
       "warranties[0].max_days_out_of_service: expected a whole number >= 0 (0: no limit), got "
       "1.5"},
      {ProductWithPolicyField("max_days_out_of_service", "-30"),
       "warranties[0].max_days_out_of_service: -30 is negative (0 means no limit)"},
  });
}

TEST(ParseProductErrorsTest, RequiredPolicyFields) {
  // Without a preset, name, kind, starts_at and the three components are required.
  const std::string component = R"({"percent": 100, "months": 24})";
  auto policy_without = [&](absl::string_view missing) {
    std::string fields;
    for (absl::string_view key : {"name", "kind", "starts_at", "parts", "labor", "travel"}) {
      if (key == missing) continue;
      std::string value = key == "name"        ? R"("p")"
                          : key == "kind"      ? R"("legal")"
                          : key == "starts_at" ? R"("sale")"
                                               : component;
      absl::StrAppend(&fields, fields.empty() ? "" : ", ", "\"", key, "\": ", value);
    }
    return absl::StrCat(R"({"sku": "A", "warranties": [{)", fields, "}]}");
  };
  ExpectInvalid({
      {policy_without("name"), "warranties[0].name: missing (the policy's unique id)"},
      {policy_without("kind"),
       R"(warranties[0].kind: missing (one of "legal", "commercial", "extended", "contract"))"},
      {policy_without("starts_at"),
       R"(warranties[0].starts_at: missing (one of "sale", "delivery", "installation", "purchase_of_extension"))"},
      {policy_without("parts"),
       "warranties[0].parts: missing (every policy states parts, labor and travel)"},
      {policy_without("labor"),
       "warranties[0].labor: missing (every policy states parts, labor and travel)"},
      {policy_without("travel"),
       "warranties[0].travel: missing (every policy states parts, labor and travel)"},
  });
  // And with nothing missing it parses.
  EXPECT_TRUE(parse_product(policy_without("")).ok());
}

TEST(ParseProductErrorsTest, UnknownPolicyField) {
  const absl::Status status = ProductStatus(ProductWithPolicyField("max_attempts", "3"));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            R"(warranties[0]: unknown field "max_attempts" (expected preset, name, kind, )"
            "starts_at, offset_months, parts, labor, travel, presumption_months, "
            "excluded_faults, requires_specialist_installation, requires_maintenance, "
            "suspend_during_repair, post_repair_months, max_repair_attempts, "
            "max_days_out_of_service)");
}

TEST(ParseProductErrorsTest, MaintenancePlan) {
  ExpectInvalid({
      {ProductWithPlan("[]"), "maintenance: expected a maintenance plan object or null, got []"},
      {ProductWithPlan("12"), "maintenance: expected a maintenance plan object or null, got 12"},
      {ProductWithPlan("{}"),
       "maintenance: no trigger (set at least one of every_months, every_days, every_usage)"},
      {ProductWithPlan(R"({"every_months": null, "grace_days": 10})"),
       "maintenance: no trigger (set at least one of every_months, every_days, every_usage)"},
      {ProductWithPlan(R"({"every_months": 0})"), "maintenance.every_months: 0 is outside 1..1200"},
      {ProductWithPlan(R"({"every_months": 12.0})"),
       "maintenance.every_months: expected a whole number > 0 or null, got 12.0"},
      {ProductWithPlan(R"({"every_days": -5})"), "maintenance.every_days: -5 is outside 1..36600"},
      {ProductWithPlan(R"({"every_days": "90"})"),
       R"(maintenance.every_days: expected a whole number > 0 or null, got "90")"},
      {ProductWithPlan(R"({"every_usage": 0})"),
       "maintenance.every_usage: 0 is not a positive number"},
      {ProductWithPlan(R"({"every_usage": -0.5})"),
       "maintenance.every_usage: -0.5 is not a positive number"},
      {ProductWithPlan(R"({"every_usage": "15000"})"),
       R"(maintenance.every_usage: expected a number > 0 or null, got "15000")"},
      {ProductWithPlan(R"({"every_months": 12, "anchor": "floating"})"),
       R"(maintenance.anchor: expected one of "fixed", "completion", got "floating")"},
      {ProductWithPlan(R"({"every_months": 12, "grace_days": -1})"),
       "maintenance.grace_days: -1 is outside 0..36600"},
      {ProductWithPlan(R"({"every_months": 12, "grace_days": 7.5})"),
       "maintenance.grace_days: expected a whole number >= 0, got 7.5"},
      {ProductWithPlan(R"({"every_months": 12, "shift": "nearest"})"),
       R"(maintenance.shift: expected one of "none", "previous_working_day", "next_working_day", got "nearest")"},
      {ProductWithPlan(R"({"every_months": 12, "shift": "next_working_day"})"),
       R"(maintenance.calendar: missing: shift "next_working_day" moves due dates by the working days of a calendar)"},
      {ProductWithPlan(
           R"({"every_months": 12, "shift": "previous_working_day", "calendar": null})"),
       R"(maintenance.calendar: missing: shift "previous_working_day" moves due dates by the working days of a calendar)"},
      {ProductWithPlan(R"({"every_months": 12, "calendar": 7})"),
       "maintenance.calendar: expected a calendar name or null, got 7"},
      {ProductWithPlan(R"({"every_months": 12, "every_weeks": 2})"),
       R"(maintenance: unknown field "every_weeks" (expected every_months, every_days, every_usage, anchor, grace_days, shift, calendar))"},
  });
}

TEST(ParseProductErrorsTest, NotJson) {
  for (absl::string_view text : {R"({"sku": )", "", "sku = A", R"({"sku": "A"} x)"}) {
    const absl::Status status = ProductStatus(text);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_THAT(std::string(status.message()), StartsWith("product: not valid JSON: ")) << text;
  }
  // Invalid UTF-8 inside a string is refused by the JSON reader.
  EXPECT_THAT(std::string(ProductStatus("{\"sku\": \"A\xff\"}").message()),
              StartsWith("product: not valid JSON: "));
}

TEST(ParseProductErrorsTest, LongValuesAreCutShortInMessages) {
  const std::string long_name(200, 'x');
  const absl::Status status =
      ProductStatus(absl::StrCat(R"({"sku": "A", "training": ")", long_name, R"("})"));
  // 80 characters of the JSON value (a quote and 79 x), then "...".
  EXPECT_EQ(status.message(),
            absl::StrCat("training: expected true or false, got \"", std::string(79, 'x'), "..."));
}

// ---------------------------------------------------------------------------
// validate_policy / validate_product on hand-built values

TEST(ValidatePolicyTest, AcceptsAValidPolicy) {
  EXPECT_TRUE(validate_policy(MakerTwoYears()).ok());
}

TEST(ValidatePolicyTest, EachRuleNamesItsField) {
  struct Case {
    void (*mutate)(WarrantyPolicy&);
    std::string message;
  };
  const std::vector<Case> cases = {
      {[](WarrantyPolicy& p) { p.name.clear(); }, R"(name: "" is empty (a policy needs a name))"},
      {[](WarrantyPolicy& p) { p.name = "bad\xc3"; }, "name: is not valid UTF-8 text"},
      {[](WarrantyPolicy& p) { p.kind = static_cast<PolicyKind>(9); },
       R"(kind: 9 is not a policy kind (expected "legal", "commercial", "extended", "contract"))"},
      {[](WarrantyPolicy& p) { p.starts_at = static_cast<CoverStart>(-1); },
       R"(starts_at: -1 is not a cover start (expected "sale", "delivery", "installation", "purchase_of_extension"))"},
      {[](WarrantyPolicy& p) { p.offset_months = -1; }, "offset_months: -1 is outside 0..1200"},
      {[](WarrantyPolicy& p) { p.parts.percent = 101; }, "parts.percent: 101 is outside 0..100"},
      {[](WarrantyPolicy& p) { p.labor.percent = -5; }, "labor.percent: -5 is outside 0..100"},
      {[](WarrantyPolicy& p) { p.travel.months = -1; }, "travel.months: -1 is outside 0..1200"},
      {[](WarrantyPolicy& p) { p.parts.months = 1201; }, "parts.months: 1201 is outside 0..1200"},
      {[](WarrantyPolicy& p) { p.presumption_months = -24; },
       "presumption_months: -24 is outside 0..1200"},
      {[](WarrantyPolicy& p) {
         p.excluded_faults = {"wear", ""};
       },
       R"(excluded_faults[1]: "" is empty (a fault category needs a name))"},
      {[](WarrantyPolicy& p) {
         p.excluded_faults = {"wear", "misuse", "wear"};
       },
       R"(excluded_faults[2]: duplicate fault "wear" (also excluded_faults[0]))"},
      {[](WarrantyPolicy& p) { p.post_repair_months = -1; },
       "post_repair_months: -1 is outside 0..1200"},
      {[](WarrantyPolicy& p) { p.max_repair_attempts = -3; },
       "max_repair_attempts: -3 is negative (0 means no limit)"},
      {[](WarrantyPolicy& p) { p.max_days_out_of_service = -1; },
       "max_days_out_of_service: -1 is negative (0 means no limit)"},
  };
  for (const Case& c : cases) {
    WarrantyPolicy policy = MakerTwoYears();
    c.mutate(policy);
    const absl::Status status = validate_policy(policy);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.message;
    EXPECT_EQ(status.message(), c.message);
  }
}

TEST(ValidatePolicyTest, FaultNamesAreCaseSensitive) {
  // "Wear" and "wear" are different categories: fault codes are compared exactly.
  WarrantyPolicy policy = MakerTwoYears();
  policy.excluded_faults = {"wear", "Wear"};
  EXPECT_TRUE(validate_policy(policy).ok());
}

TEST(ValidateProductTest, NestedPathsAndProductRules) {
  Product product;
  product.sku = "A-1";
  product.warranties = {MakerTwoYears(), MakerTwoYears()};
  product.warranties[1].name = "maker-3y";
  EXPECT_TRUE(validate_product(product).ok());

  product.warranties[1].parts.percent = 120;
  EXPECT_EQ(validate_product(product).message(),
            "warranties[1].parts.percent: 120 is outside 0..100");
  product.warranties[1].parts.percent = 100;

  product.warranties.push_back(MakerTwoYears());
  EXPECT_EQ(validate_product(product).message(),
            R"(warranties[2].name: duplicate policy name "maker-2y" (also warranties[0]))");
  product.warranties.pop_back();

  Product no_sku = product;
  no_sku.sku.clear();
  EXPECT_EQ(validate_product(no_sku).message(), R"(sku: "" is empty (a product needs a SKU))");

  Product bad_mode = product;
  bad_mode.installation = static_cast<InstallationMode>(3);
  EXPECT_EQ(
      validate_product(bad_mode).message(),
      R"(installation: 3 is not an installation mode (expected "none", "customer", "specialist"))");

  Product bad_text = product;
  bad_text.category = "\xe2\x82";  // a cut-off euro sign
  EXPECT_EQ(validate_product(bad_text).message(), "category: is not valid UTF-8 text");
  bad_text = product;
  bad_text.sla = "\xc0\xaf";  // an overlong '/'
  EXPECT_EQ(validate_product(bad_text).message(), "sla: is not valid UTF-8 text");
  bad_text = product;
  bad_text.followups = "\xed\xa0\x80";  // a UTF-16 surrogate
  EXPECT_EQ(validate_product(bad_text).message(), "followups: is not valid UTF-8 text");
  bad_text = product;
  bad_text.name = "\xf4\x90\x80\x80";  // U+110000, past the last code point
  EXPECT_EQ(validate_product(bad_text).message(), "name: is not valid UTF-8 text");
  bad_text = product;
  bad_text.name = "Frigorífico € 🧊";  // 2-, 3- and 4-byte sequences are fine
  EXPECT_TRUE(validate_product(bad_text).ok());
}

TEST(ValidateProductTest, MaintenancePlanRules) {
  Product product;
  product.sku = "A-1";
  product.maintenance = MaintenancePlan{};
  EXPECT_EQ(validate_product(product).message(),
            "maintenance: no trigger (set at least one of every_months, every_days, every_usage)");

  MaintenancePlan plan;
  plan.every_usage = 15000.0;
  product.maintenance = plan;
  EXPECT_TRUE(validate_product(product).ok());

  // One plan may combine triggers ("every 12 months or 15 000 km").
  plan.every_months = 12;
  plan.every_days = 365;
  product.maintenance = plan;
  EXPECT_TRUE(validate_product(product).ok());

  MaintenancePlan bad = plan;
  bad.every_days = 0;
  product.maintenance = bad;
  EXPECT_EQ(validate_product(product).message(), "maintenance.every_days: 0 is outside 1..36600");

  bad = plan;
  bad.every_usage = std::numeric_limits<double>::quiet_NaN();
  product.maintenance = bad;
  EXPECT_EQ(validate_product(product).message(),
            "maintenance.every_usage: nan is not a positive number");

  bad = plan;
  bad.every_usage = std::numeric_limits<double>::infinity();
  product.maintenance = bad;
  EXPECT_EQ(validate_product(product).message(),
            "maintenance.every_usage: inf is not a positive number");

  bad = plan;
  bad.anchor = static_cast<MaintenanceAnchor>(2);
  product.maintenance = bad;
  EXPECT_EQ(validate_product(product).message(),
            R"(maintenance.anchor: 2 is not an anchor (expected "fixed", "completion"))");

  bad = plan;
  bad.shift = static_cast<DateShift>(7);
  product.maintenance = bad;
  EXPECT_EQ(
      validate_product(product).message(),
      R"(maintenance.shift: 7 is not a date shift (expected "none", "previous_working_day", "next_working_day"))");

  bad = plan;
  bad.grace_days = -2;
  product.maintenance = bad;
  EXPECT_EQ(validate_product(product).message(), "maintenance.grace_days: -2 is outside 0..36600");

  bad = plan;
  bad.shift = DateShift::kPreviousWorkingDay;
  product.maintenance = bad;
  EXPECT_THAT(std::string(validate_product(product).message()),
              StartsWith("maintenance.calendar: missing"));
  bad.calendar = "madrid";
  product.maintenance = bad;
  EXPECT_TRUE(validate_product(product).ok());

  // A calendar without a shift is harmless (nothing moves) and allowed.
  bad = plan;
  bad.calendar = "madrid";
  product.maintenance = bad;
  EXPECT_TRUE(validate_product(product).ok());
}

// ---------------------------------------------------------------------------
// Canonical JSON and the round trip

TEST(ProductToJsonTest, MinimalProductHasEveryFieldInOrder) {
  Product product;
  product.sku = "TV-55";
  EXPECT_EQ(product_to_json(product),
            R"({"sku":"TV-55","name":"","category":"","installation":"none","training":false,)"
            R"("warranties":[],"maintenance":null,"sla":null,"followups":null})");
}

TEST(ProductToJsonTest, PoliciesAreExpandedAndPlansComplete) {
  ASSERT_OK_AND_ASSIGN(const Product product, parse_product(R"({"sku": "W-8",
    "installation": "customer", "warranties": ["legal-eu-min"],
    "maintenance": {"every_months": 12, "every_usage": 15000, "grace_days": 30,
                    "shift": "next_working_day", "calendar": "madrid"}})"));
  // legal-eu-min written out in full: no preset reference survives.
  EXPECT_EQ(
      product_to_json(product),
      R"({"sku":"W-8","name":"","category":"","installation":"customer","training":false,)"
      R"("warranties":[{"name":"legal-eu-min","kind":"legal","starts_at":"delivery",)"
      R"("offset_months":0,"parts":{"percent":100,"months":24},)"
      R"("labor":{"percent":100,"months":24},"travel":{"percent":100,"months":24},)"
      R"("presumption_months":12,"excluded_faults":[],"requires_specialist_installation":false,)"
      R"("requires_maintenance":false,"suspend_during_repair":false,"post_repair_months":0,)"
      R"("max_repair_attempts":0,"max_days_out_of_service":0}],)"
      R"("maintenance":{"every_months":12,"every_days":null,"every_usage":15000.0,)"
      R"("anchor":"fixed","grace_days":30,"shift":"next_working_day","calendar":"madrid"},)"
      R"("sla":null,"followups":null})");
}

// Products for the round trip, each exercising something different.
std::vector<Product> RoundTripProducts() {
  std::vector<Product> products;

  Product minimal;
  minimal.sku = "TV-55";
  products.push_back(minimal);

  absl::StatusOr<Product> boiler = parse_product(kBoiler);
  if (boiler.ok()) products.push_back(*boiler);

  // Text that JSON must escape, non-ASCII text, a usage interval with no exact
  // binary form, and one policy with every field away from its default.
  Product odd;
  odd.sku = "Lámpara \"Ñ\" \\ 50 € 🧊\t";
  odd.name = "Línea blanca / frío";
  odd.category = "frío\nindustrial";
  odd.installation = InstallationMode::kCustomer;
  odd.training = true;
  WarrantyPolicy full;
  full.name = "contrato-oro";
  full.kind = PolicyKind::kContract;
  full.starts_at = CoverStart::kPurchaseOfExtension;
  full.offset_months = 1;
  full.parts = {33, 7};
  full.labor = {66, 8};
  full.travel = {99, 9};
  full.presumption_months = 5;
  full.excluded_faults = {"cosmetic", "misuse", "accident", "wear"};
  full.requires_specialist_installation = true;
  full.requires_maintenance = true;
  full.suspend_during_repair = true;
  full.post_repair_months = 4;
  full.max_repair_attempts = 3;
  full.max_days_out_of_service = 45;
  odd.warranties = {full, MakerTwoYears()};
  MaintenancePlan plan;
  plan.every_usage = 0.1;
  plan.every_days = 1;
  plan.anchor = MaintenanceAnchor::kCompletion;
  plan.shift = DateShift::kPreviousWorkingDay;
  plan.calendar = "lima";
  odd.maintenance = plan;
  odd.sla = "reclamo-pe";
  odd.followups = "postventa-básico";
  products.push_back(odd);

  // Both presets plus a usage interval near the limits of a double's precision.
  Product presets;
  presets.sku = "P";
  presets.warranties = {*warranty_preset("legal-es"), *warranty_preset("legal-eu-min")};
  MaintenancePlan usage;
  usage.every_usage = 123456789.123456789;
  usage.grace_days = 36600;
  presets.maintenance = usage;
  products.push_back(presets);
  return products;
}

TEST(ProductToJsonTest, RoundTripGivesAnEqualProduct) {
  const std::vector<Product> products = RoundTripProducts();
  ASSERT_EQ(products.size(), 4u);
  for (const Product& product : products) {
    ASSERT_TRUE(validate_product(product).ok()) << validate_product(product);
    const std::string json = product_to_json(product);
    ASSERT_OK_AND_ASSIGN(const Product back, parse_product(json));
    EXPECT_EQ(back, product) << json;
    // Canonical: writing the product read back gives the same text.
    EXPECT_EQ(product_to_json(back), json);
  }
}

// ---------------------------------------------------------------------------
// Catalog

TEST(CatalogTest, AddFindAndList) {
  Catalog catalog;
  EXPECT_EQ(catalog.size(), 0u);
  EXPECT_THAT(catalog.products(), IsEmpty());
  EXPECT_EQ(catalog.find_product("A-100"), nullptr);

  Product a;
  a.sku = "b-200";
  Product b;
  b.sku = "A-100";
  b.warranties = {MakerTwoYears()};
  Product c;
  c.sku = "a-100";
  ASSERT_TRUE(catalog.add_product(a).ok());
  ASSERT_TRUE(catalog.add_product(b).ok());
  ASSERT_TRUE(catalog.add_product(c).ok());
  EXPECT_EQ(catalog.size(), 3u);

  const Product* found = catalog.find_product("A-100");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, b);
  EXPECT_EQ(found->find_policy("maker-2y"), &found->warranties[0]);
  EXPECT_EQ(catalog.find_product("a-10"), nullptr);  // exact SKU only

  // Sorted by SKU, byte by byte: "A-100" < "a-100" < "b-200" ('A' is 0x41, 'a' 0x61).
  std::vector<std::string> skus;
  for (const Product* p : catalog.products()) skus.push_back(p->sku);
  EXPECT_THAT(skus, ElementsAre("A-100", "a-100", "b-200"));
}

TEST(CatalogTest, AddingTheSameProductAgainIsANoOp) {
  Catalog catalog;
  ASSERT_OK_AND_ASSIGN(const Product boiler, parse_product(kBoiler));
  ASSERT_TRUE(catalog.add_product(boiler).ok());
  const Product* stored = catalog.find_product("CAL-24");
  ASSERT_OK_AND_ASSIGN(const Product again, parse_product(kBoiler));
  EXPECT_TRUE(catalog.add_product(again).ok());
  EXPECT_EQ(catalog.size(), 1u);
  EXPECT_EQ(catalog.find_product("CAL-24"), stored);  // the stored product was kept
  // Its canonical JSON read back is the same product too.
  ASSERT_OK_AND_ASSIGN(const Product from_store, parse_product(product_to_json(boiler)));
  EXPECT_TRUE(catalog.add_product(from_store).ok());
  EXPECT_EQ(catalog.size(), 1u);
}

TEST(CatalogTest, AddingADifferentProductUnderTheSameSkuIsRefused) {
  Catalog catalog;
  ASSERT_OK_AND_ASSIGN(const Product boiler, parse_product(kBoiler));
  ASSERT_TRUE(catalog.add_product(boiler).ok());

  Product changed = boiler;
  changed.warranties[1].parts.months = 48;  // maker-5y, now 48 months of parts
  const absl::Status status = catalog.add_product(changed);
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(status.message(),
            R"(product "CAL-24" already exists with a different configuration )"
            R"((warranties[1] ("maker-5y") differs); products are versioned by SKU)");
  EXPECT_EQ(*catalog.find_product("CAL-24"), boiler);  // unchanged

  Product renamed = boiler;
  renamed.name = "Caldera 24 kW";
  EXPECT_THAT(std::string(catalog.add_product(renamed).message()), HasSubstr("(name differs)"));

  Product fewer = boiler;
  fewer.warranties.pop_back();
  EXPECT_THAT(std::string(catalog.add_product(fewer).message()),
              HasSubstr("(warranties (4 policies stored, 3 given) differs)"));

  Product other_plan = boiler;
  other_plan.maintenance->grace_days = 15;
  EXPECT_THAT(std::string(catalog.add_product(other_plan).message()),
              HasSubstr("(maintenance differs)"));

  Product other_rules = boiler;
  other_rules.followups = "none";
  EXPECT_THAT(std::string(catalog.add_product(other_rules).message()),
              HasSubstr("(followups differs)"));
  EXPECT_EQ(catalog.size(), 1u);
}

TEST(CatalogTest, InvalidProductIsRefusedAndNotStored) {
  Catalog catalog;
  Product product;
  product.sku = "A-1";
  product.warranties = {MakerTwoYears()};
  product.warranties[0].labor.percent = 200;
  const absl::Status status = catalog.add_product(product);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "warranties[0].labor.percent: 200 is outside 0..100");
  EXPECT_EQ(catalog.size(), 0u);
  EXPECT_EQ(catalog.find_product("A-1"), nullptr);

  Product nameless;
  EXPECT_EQ(catalog.add_product(nameless).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog.size(), 0u);
}

}  // namespace
}  // namespace postventa
