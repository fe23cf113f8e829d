#include "api/json_input.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace irtc::api {
namespace {

// Runs `f`, expecting a VALIDATION_FAILED that mentions `mention`.
template <typename F>
void expectInvalid(F f, const std::string& mention) {
  try {
    f();
    ADD_FAILURE() << "accepted; expected an error mentioning " << mention;
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::ValidationFailed);
    EXPECT_NE(std::string(e.what()).find(mention), std::string::npos) << e.what();
  }
}

TEST(JsonInput, StringsAreTrimmedAndBounded) {
  nlohmann::json body = {{"title", "  Engineer \n"}, {"long", std::string(300, 'x')}, {"ctl", "a\x01b"}};
  EXPECT_EQ(requireString(body, "title", 200), "Engineer");
  expectInvalid([&] { requireString(body, "long", 200); }, "'long'");
  expectInvalid([&] { requireString(body, "ctl", 200); }, "control");
  expectInvalid([&] { requireString(body, "missing", 200); }, "'missing' is required");
  expectInvalid([&] { requireString({{"blank", "   "}}, "blank", 200); }, "empty");
  EXPECT_FALSE(optionalString(body, "missing", 10).has_value());
  EXPECT_FALSE(optionalString({{"n", nullptr}}, "n", 10).has_value());
}

TEST(JsonInput, LongTextKeepsLineBreaks) {
  nlohmann::json body = {{"description", "line one\nline two"}};
  EXPECT_EQ(requireString(body, "description", 20000, Lines::Multiple), "line one\nline two");
  expectInvalid([&] { requireString(body, "description", 20000); }, "control");
}

TEST(JsonInput, ArraysNameTheBadItem) {
  expectInvalid([] { requireStringArray({{"q", {"a", "b", 3}}}, "q", 10, 100); }, "'q[2]'");
  expectInvalid([] { requireStringArray({{"q", {"a", "b", "c"}}}, "q", 2, 100); }, "more than 2");
  EXPECT_EQ(requireStringArray({{"q", {" a ", "b"}}}, "q", 10, 100), (std::vector<std::string>{"a", "b"}));
}

TEST(JsonInput, IntegersAreRangeChecked) {
  EXPECT_EQ(optionalInteger({{"n", 5}}, "n", 1, 10), 5);
  expectInvalid([] { optionalInteger({{"n", 11}}, "n", 1, 10); }, "between 1 and 10");
  expectInvalid([] { optionalInteger({{"n", 1.5}}, "n", 1, 10); }, "integer");
  expectInvalid([] { optionalInteger({{"n", "5"}}, "n", 1, 10); }, "integer");
}

TEST(JsonInput, BodyMustBeAnObject) {
  http::Request r;
  r.body = "{\"a\":1}";
  EXPECT_EQ(parseJsonObject(r)["a"], 1);
  r.body = "[]";
  expectInvalid([&] { parseJsonObject(r); }, "object");
  r.body = "{";
  expectInvalid([&] { parseJsonObject(r); }, "JSON");
}

TEST(JsonInput, PagingFromQuery) {
  http::Request r;
  EXPECT_EQ(pageFromQuery(r).limit, 50);
  r.query = {{"limit", "10"}, {"cursor", "abc"}};
  auto page = pageFromQuery(r);
  EXPECT_EQ(page.limit, 10);
  EXPECT_EQ(page.after, "abc");
  r.query = {{"limit", "201"}};
  expectInvalid([&] { pageFromQuery(r); }, "'limit'");
  r.query = {{"limit", "10abc"}};
  expectInvalid([&] { pageFromQuery(r); }, "'limit'");
}

TEST(JsonInput, PathIdMustBeUuid) {
  http::Request r;
  r.pathParams = {{"id", "../etc"}};
  try {
    pathId(r, "session");
    ADD_FAILURE();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotFound);
    EXPECT_STREQ(e.what(), "session not found");
  }
  r.pathParams = {{"id", "6f1c2c1e-0000-4000-8000-000000000001"}};
  EXPECT_EQ(pathId(r, "session"), "6f1c2c1e-0000-4000-8000-000000000001");
}

}  // namespace
}  // namespace irtc::api
