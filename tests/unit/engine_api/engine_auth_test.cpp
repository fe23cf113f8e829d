// The engine key: constant-time recognition and the derived ephemeral-key secret.
#include "engine/api/engine_auth.hpp"

#include <gtest/gtest.h>

#include "engine/realtime/ephemeral_key.hpp"

namespace irtc::engine::api {
namespace {

TEST(EngineAuthTest, RecognisesOnlyTheExactKey) {
  EngineAuth auth("sk_engine_abc");
  EXPECT_TRUE(auth.isServerKey("sk_engine_abc"));
  EXPECT_FALSE(auth.isServerKey("sk_engine_ab"));
  EXPECT_FALSE(auth.isServerKey("sk_engine_abcd"));
  EXPECT_FALSE(auth.isServerKey("sk_engine_abC"));
  EXPECT_FALSE(auth.isServerKey(""));
}

TEST(EngineAuthTest, EmptyKeyIsADeploymentError) {
  EXPECT_THROW(EngineAuth(""), std::invalid_argument);
}

TEST(EngineAuthTest, EphemeralSecretIsDerivedDeterministicallyAndDiffersFromTheKey) {
  auto a = ephemeralKeySecret("sk_engine_one");
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a, ephemeralKeySecret("sk_engine_one"));
  EXPECT_NE(a, ephemeralKeySecret("sk_engine_two"));
  EXPECT_NE(a, "sk_engine_one");
  EXPECT_EQ(EngineAuth("sk_engine_one").ephemeralSecret(), a);
}

TEST(EngineAuthTest, KeysFromOneInstanceVerifyOnAnother) {
  EngineAuth minter("shared key"), verifier("shared key"), stranger("other key");
  auto minted = realtime::mintEphemeralKey(minter.ephemeralSecret(), {}, 1'000'000);
  ASSERT_TRUE(std::holds_alternative<realtime::MintedKey>(minted));
  const auto& value = std::get<realtime::MintedKey>(minted).value;
  EXPECT_TRUE(std::holds_alternative<realtime::VerifiedKey>(
      realtime::verifyEphemeralKey(verifier.ephemeralSecret(), value, 1'000'000)));
  EXPECT_FALSE(std::holds_alternative<realtime::VerifiedKey>(
      realtime::verifyEphemeralKey(stranger.ephemeralSecret(), value, 1'000'000)));
}

}  // namespace
}  // namespace irtc::engine::api
