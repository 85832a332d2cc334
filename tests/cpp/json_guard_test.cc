// The checks every JSON text gets before parsing (issue 8): NUL bytes and
// nesting depth, directly and through the parsers that use them.
#include "common/internal/json_guard.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/time.h"

namespace postventa {
namespace {

using common_internal::CheckJsonText;
using ::testing::HasSubstr;

std::string Nested(int levels) { return std::string(levels, '[') + std::string(levels, ']'); }

TEST(JsonGuardTest, DepthUpToTheLimitPasses) {
  EXPECT_TRUE(CheckJsonText(Nested(64), "x").ok());
  const absl::Status deep = CheckJsonText(Nested(65), "x");
  EXPECT_EQ(deep.code(), absl::StatusCode::kInvalidArgument);
  // The 65th '[' is at position 64.
  EXPECT_EQ(deep.message(), "x: nested deeper than 64 levels at position 64");
  // Objects count too, mixed with arrays.
  std::string mixed;
  for (int i = 0; i < 40; ++i) mixed += "{\"a\":[";
  EXPECT_THAT(CheckJsonText(mixed, "y").message(), HasSubstr("nested deeper than 64"));
}

TEST(JsonGuardTest, BracketsInsideStringsDoNotCount) {
  const std::string text =
      "{\"s\": \"" + std::string(200, '[') + "\\\"" + std::string(200, '{') + "\"}";
  EXPECT_TRUE(CheckJsonText(text, "x").ok());
}

TEST(JsonGuardTest, NulBytesAreRefusedWithTheirPosition) {
  const std::string text("{\"a\": 1}\0garbage", 16);
  EXPECT_EQ(CheckJsonText(text, "event").message(), "event: a NUL byte at position 8");
}

TEST(JsonGuardTest, TheParsersUseIt) {
  const std::string deep = "{\"sku\": " + Nested(100000) + "}";
  EXPECT_THAT(parse_product(deep).status().message(), HasSubstr("product"));
  EXPECT_THAT(parse_product(deep).status().message(), HasSubstr("nested deeper than 64"));
  EXPECT_THAT(parse_event(deep).status().message(), HasSubstr("event: nested deeper than 64"));
  EXPECT_THAT(Calendar::parse_config(deep).status().message(),
              HasSubstr("calendar: nested deeper than 64"));
  const std::string nul("{\"sku\": \"A\", \"installation\": \"none\"}\0x", 38);
  EXPECT_THAT(parse_product(nul).status().message(), HasSubstr("a NUL byte at position 36"));
}

TEST(JsonGuardTest, NumbersBeyondDoubleAreRefusedNotThrown) {
  // Found by fuzz/config_fuzz.cc: nlohmann throws out_of_range (not a
  // parse_error) for 1e555, and the calendar parser let it escape.
  for (const char* text : {R"({"timezone": 1e555})", R"({"sku": 1e555})", R"({"id": 1e555})"}) {
    EXPECT_EQ(Calendar::parse_config(text).status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(parse_product(text).status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(parse_event(text).status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_THAT(Calendar::parse_config(R"({"timezone": 1e555})").status().message(),
              HasSubstr("calendar: not valid JSON"));
}

}  // namespace
}  // namespace postventa
