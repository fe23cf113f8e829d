// POST /v1/realtime/client_secrets: ephemeral keys with their session and bounded lifetime.
#include <gtest/gtest.h>

#include "engine/api/engine_auth.hpp"
#include "engine/realtime/ephemeral_key.hpp"
#include "engine/realtime/limits.hpp"
#include "unit/engine_api/realtime_api_fixture.hpp"

namespace irtc::engine::testing {
namespace {

using ClientSecretsTest = RealtimeApiTest;
namespace limits = realtime::limits;

nlohmann::json ttl(int seconds) {
  return {{"expires_after", {{"anchor", "created_at"}, {"seconds", seconds}}}};
}

TEST_F(ClientSecretsTest, EmptyBodyGivesAKeyForTheDefaultSession) {
  auto response = post(api::kClientSecretsPath, "", bearer(kServerKey));
  ASSERT_EQ(response.status, 200) << response.body;
  auto body = response.json();
  ASSERT_TRUE(body["value"].is_string());
  EXPECT_TRUE(body["value"].get<std::string>().starts_with("ek_"));
  EXPECT_EQ(body["expires_at"], kStartMs / 1000 + limits::kDefaultKeyTtlSeconds);
  const auto& session = body["session"];
  EXPECT_EQ(session["type"], "realtime");
  EXPECT_EQ(session["model"], "engine-default-model");
  EXPECT_EQ(session["audio"]["output"]["voice"], "engine-default-voice");
  EXPECT_TRUE(session["id"].get<std::string>().starts_with("sess_"));
  EXPECT_EQ(session["expires_at"], body["expires_at"]);
}

TEST_F(ClientSecretsTest, TheKeyCarriesTheRequestedSession) {
  auto response = postClientSecret({{"session",
                                     {{"type", "realtime"},
                                      {"instructions", "Ask three questions."},
                                      {"audio", {{"output", {{"voice", "sage"}}}}}}}});
  ASSERT_EQ(response.status, 200) << response.body;
  auto body = response.json();
  EXPECT_EQ(body["session"]["instructions"], "Ask three questions.");
  EXPECT_EQ(body["session"]["audio"]["output"]["voice"], "sage");

  auto verified = realtime::verifyEphemeralKey(api::ephemeralKeySecret(kServerKey),
                                               body["value"].get<std::string>(), now.load());
  ASSERT_TRUE(std::holds_alternative<realtime::VerifiedKey>(verified));
  EXPECT_EQ(std::get<realtime::VerifiedKey>(verified).config.instructions, "Ask three questions.");
  EXPECT_EQ(std::get<realtime::VerifiedKey>(verified).config.voice, "sage");
}

TEST_F(ClientSecretsTest, LifetimeIsBounded) {
  for (int seconds : {limits::kMinKeyTtlSeconds, 90, limits::kMaxKeyTtlSeconds}) {
    auto response = postClientSecret(ttl(seconds));
    ASSERT_EQ(response.status, 200) << seconds << ": " << response.body;
    EXPECT_EQ(response.json()["expires_at"], kStartMs / 1000 + seconds);
  }
  for (int seconds : {limits::kMinKeyTtlSeconds - 1, limits::kMaxKeyTtlSeconds + 1, 0, -5}) {
    auto response = postClientSecret(ttl(seconds));
    ASSERT_EQ(response.status, 400) << seconds;
    EXPECT_EQ(errorOf(response)["param"], "expires_after.seconds");
  }
}

TEST_F(ClientSecretsTest, BadJsonIs400) {
  auto headers = bearer(kServerKey);
  headers["Content-Type"] = "application/json";
  for (const auto& body : {"{not json", "[1,2]", R"({"session":"nope"})"}) {
    auto response = post(api::kClientSecretsPath, body, headers);
    ASSERT_EQ(response.status, 400) << body;
    auto error = errorOf(response);
    EXPECT_EQ(error["type"], "invalid_request_error");
    EXPECT_FALSE(error["message"].get<std::string>().empty());
  }
}

TEST_F(ClientSecretsTest, BodyMustBeJson) {
  auto headers = bearer(kServerKey);
  headers["Content-Type"] = "application/x-www-form-urlencoded";
  auto response = post(api::kClientSecretsPath, "session=x", headers);
  ASSERT_EQ(response.status, 415);
  EXPECT_EQ(errorOf(response)["code"], "unsupported_content_type");
}

TEST_F(ClientSecretsTest, OnlyTheServerKeyMintsKeys) {
  auto none = client->postJson(api::kClientSecretsPath, nlohmann::json::object());
  ASSERT_EQ(none.status, 401);
  EXPECT_EQ(errorOf(none)["code"], "invalid_api_key");
  EXPECT_EQ(postClientSecret(nlohmann::json::object(), "sk_wrong").status, 401);
  EXPECT_EQ(postClientSecret(nlohmann::json::object(), mintKey()).status, 401);  // a key cannot breed keys
}

TEST_F(ClientSecretsTest, SessionTooLargeForAKeyIsRefused) {
  std::string instructions(limits::kMaxEphemeralKeyBytes, 'x');
  auto response = postClientSecret({{"session", {{"type", "realtime"}, {"instructions", instructions}}}});
  ASSERT_EQ(response.status, 400);
  EXPECT_EQ(errorOf(response)["param"], "session.instructions");
}

}  // namespace
}  // namespace irtc::engine::testing
