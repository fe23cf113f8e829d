// CORS on /v1/realtime/*: browsers preflight the calls endpoint (Authorization and a non-simple
// Content-Type) and must be allowed to read the answer and its Location.
#include <gtest/gtest.h>

#include "unit/engine_api/realtime_api_fixture.hpp"

namespace irtc::engine::testing {
namespace {

using CorsTest = RealtimeApiTest;

void expectAllowsReading(const test::HttpResponse& response) {
  EXPECT_EQ(response.header("access-control-allow-origin"), "*") << response.status;
  auto exposed = response.header("access-control-expose-headers").value_or("");
  EXPECT_NE(exposed.find("Location"), std::string::npos) << exposed;
}

TEST_F(CorsTest, PreflightAllowsWhatBrowserClientsSend) {
  for (const auto& path : {std::string(api::kCallsPath), std::string(api::kClientSecretsPath),
                           std::string(api::kCallsPath) + "/rtc_x/hangup"}) {
    auto response = client->request("OPTIONS", path, "",
                                    {{"Origin", "https://app.example"},
                                     {"Access-Control-Request-Method", "POST"},
                                     {"Access-Control-Request-Headers", "authorization,content-type"}});
    ASSERT_EQ(response.status, 204) << path << ": " << response.body;
    EXPECT_TRUE(response.body.empty());
    EXPECT_EQ(response.header("access-control-allow-origin"), "*");
    auto methods = response.header("access-control-allow-methods").value_or("");
    for (const char* method : {"POST", "GET", "OPTIONS"})
      EXPECT_NE(methods.find(method), std::string::npos) << methods;
    auto headers = response.header("access-control-allow-headers").value_or("");
    for (const char* header : {"authorization", "content-type", "openai-beta", "x-openai-agents-sdk"}) {
      EXPECT_NE(headers.find(header), std::string::npos) << header << " not in " << headers;
    }
    EXPECT_TRUE(response.header("access-control-max-age"));
  }
}

TEST_F(CorsTest, SuccessfulAnswersCarryTheHeaders) {
  auto call = postSdp(kServerKey);
  ASSERT_EQ(call.status, 201);
  expectAllowsReading(call);
  auto secret = postClientSecret(nlohmann::json::object());
  ASSERT_EQ(secret.status, 200);
  expectAllowsReading(secret);
}

TEST_F(CorsTest, ErrorsCarryTheHeadersToo) {
  auto unauthorized = postSdp("sk_wrong");
  ASSERT_EQ(unauthorized.status, 401);
  expectAllowsReading(unauthorized);
  auto badType = postSdp(kServerKey, kOfferSdp, "text/plain");
  ASSERT_EQ(badType.status, 415);
  expectAllowsReading(badType);
  calls.refuseWith(503, "engine_at_capacity", "busy", "server_error");
  auto busy = postSdp(kServerKey);
  ASSERT_EQ(busy.status, 503);
  expectAllowsReading(busy);
}

}  // namespace
}  // namespace irtc::engine::testing
