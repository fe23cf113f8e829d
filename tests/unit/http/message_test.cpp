#include "http/message.hpp"

#include <gtest/gtest.h>

#include "http/url.hpp"

namespace irtc::http {
namespace {

TEST(PercentDecode, DecodesEscapesAndRejectsMalformedOnes) {
  EXPECT_EQ(percentDecode("/a%20b/%E2%9C%93"), "/a b/\xE2\x9C\x93");
  EXPECT_EQ(percentDecode("a+b"), "a+b");
  EXPECT_EQ(percentDecode("a+b", true), "a b");
  EXPECT_EQ(percentDecode("%2e%2E"), "..");
  EXPECT_FALSE(percentDecode("%"));
  EXPECT_FALSE(percentDecode("abc%2"));
  EXPECT_FALSE(percentDecode("%zz"));
}

TEST(ParseQuery, DecodesPairsAndLastOneWins) {
  auto query = parseQuery("a=1&b=x%20y&a=2&flag&c=d+e&&");
  ASSERT_TRUE(query);
  EXPECT_EQ(query->at("a"), "2");
  EXPECT_EQ(query->at("b"), "x y");
  EXPECT_EQ(query->at("flag"), "");
  EXPECT_EQ(query->at("c"), "d e");
  EXPECT_EQ(query->size(), 4u);
  EXPECT_FALSE(parseQuery("a=%G0"));
}

TEST(Request, BearerTokenIsCaseInsensitiveAndTrimmed) {
  Request request;
  EXPECT_FALSE(request.bearerToken());
  request.headers["authorization"] = "bearer  abc.def ";
  EXPECT_EQ(request.bearerToken(), "abc.def");
  request.headers["authorization"] = "Basic dXNlcjpwYXNz";
  EXPECT_FALSE(request.bearerToken());
  request.headers["authorization"] = "Bearer ";
  EXPECT_FALSE(request.bearerToken());
}

TEST(Request, OriginComesFromHostAndTransport) {
  Request request;
  request.headers["host"] = "example.com:8443";
  request.secure = true;
  EXPECT_EQ(request.origin(), "https://example.com:8443");
  request.secure = false;
  request.headers["host"] = "[::1]:8080";
  EXPECT_EQ(request.origin(), "http://[::1]:8080");
  request.headers["host"] = "evil.com/path?x";
  EXPECT_EQ(request.origin(), "http://localhost");
}

TEST(Response, ErrorUsesTheContractBodyAndStatus) {
  Response response = Response::error(ErrorCode::RateLimited, "slow down");
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.contentType, "application/json");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "RATE_LIMITED");
  EXPECT_EQ(body["error"]["message"], "slow down");

  Response text = Response::text(201, "hi");
  EXPECT_EQ(text.status, 201);
  EXPECT_EQ(text.contentType, "text/plain; charset=utf-8");
  EXPECT_EQ(Response::json(200, {{"a", 1}}).body, R"({"a":1})");
}

}  // namespace
}  // namespace irtc::http
