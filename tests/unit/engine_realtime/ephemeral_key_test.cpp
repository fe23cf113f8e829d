// Ephemeral keys: mint/verify round trip, expiry, tampering, malformed input, TTL bounds.
#include "engine/realtime/ephemeral_key.hpp"

#include <gtest/gtest.h>

#include "engine/realtime/limits.hpp"
#include "support/ephemeral_key_forge.hpp"

namespace irtc::engine::realtime {
namespace {

constexpr std::string_view kSecret = "server-secret-of-some-length-0123456789";
constexpr std::int64_t kNow = 1'760'000'000'000;  // ms

MintedKey mint(const SessionConfig& c = {}, int ttl = 600, std::string_view secret = kSecret) {
  auto parsed = mintEphemeralKey(secret, c, kNow, ttl);
  if (auto* e = std::get_if<EventError>(&parsed)) {
    ADD_FAILURE() << e->message;
    return {};
  }
  return std::get<MintedKey>(parsed);
}

KeyError error(std::string_view key, std::int64_t now = kNow, std::string_view secret = kSecret) {
  auto v = verifyEphemeralKey(secret, key, now);
  if (!std::holds_alternative<KeyError>(v)) {
    ADD_FAILURE() << "verified";
    return KeyError::Malformed;
  }
  return std::get<KeyError>(v);
}

TEST(EphemeralKey, RoundTripCarriesTheSessionConfig) {
  SessionConfig c;
  c.instructions = "Interview Ada for \"Backend\".\n1. Why?";
  c.voice = "cedar";
  c.turnDetection->silenceDurationMs = 650;
  c.transcriptionEnabled = false;
  auto key = mint(c);
  EXPECT_EQ(key.value.rfind("ek_", 0), 0u);
  EXPECT_EQ(key.expiresAt, kNow / 1000 + 600);
  EXPECT_EQ(
      key.value.find_first_not_of("ek_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
      std::string::npos);  // safe in a header without quoting
  auto v = verifyEphemeralKey(kSecret, key.value, kNow + 1000);
  ASSERT_TRUE(std::holds_alternative<VerifiedKey>(v));
  EXPECT_EQ(std::get<VerifiedKey>(v).config, c);
  EXPECT_EQ(std::get<VerifiedKey>(v).expiresAt, key.expiresAt);
}

TEST(EphemeralKey, KeysAreUnique) {
  EXPECT_NE(mint().value, mint().value);
}

TEST(EphemeralKey, ExpiresAtTheStatedSecond) {
  auto key = mint({}, 60);
  EXPECT_TRUE(std::holds_alternative<VerifiedKey>(verifyEphemeralKey(kSecret, key.value, kNow + 59'999)));
  EXPECT_EQ(error(key.value, key.expiresAt * 1000), KeyError::Expired);
  EXPECT_EQ(error(key.value, kNow + 3'600'000), KeyError::Expired);
}

TEST(EphemeralKey, TtlIsClampedToOpenAiBounds) {
  EXPECT_EQ(mint({}, 1).expiresAt, kNow / 1000 + limits::kMinKeyTtlSeconds);
  EXPECT_EQ(mint({}, 1'000'000).expiresAt, kNow / 1000 + limits::kMaxKeyTtlSeconds);
}

TEST(EphemeralKey, WrongSecretOrTamperingIsRefused) {
  auto key = mint();
  EXPECT_EQ(error(key.value, kNow, "another-secret"), KeyError::BadSignature);
  EXPECT_EQ(error(key.value, kNow, ""), KeyError::BadSignature);
  // Flip one character of the payload, then of the signature.
  for (std::size_t pos : {std::size_t{5}, key.value.find('.') - 3, key.value.size() - 5}) {
    std::string tampered = key.value;
    tampered[pos] = tampered[pos] == 'A' ? 'B' : 'A';
    auto e = error(tampered);
    EXPECT_TRUE(e == KeyError::BadSignature || e == KeyError::Malformed) << pos;
  }
  // A payload re-signed by nobody: swap the signature of another key in.
  auto other = mint();
  std::string spliced = key.value.substr(0, key.value.find('.')) + other.value.substr(other.value.find('.'));
  EXPECT_EQ(error(spliced), KeyError::BadSignature);
}

TEST(EphemeralKey, MalformedKeys) {
  auto key = mint();
  for (std::string bad : {std::string(""), std::string("ek_"), std::string("sk_abc.def"),
                          std::string("ek_abc"), std::string("ek_abc.def.ghi"), std::string("ek_!!!.???"),
                          "ek_" + std::string(20000, 'A'), key.value.substr(0, key.value.size() - 1) + "=",
                          key.value + "A", key.value.substr(0, key.value.find('.') + 1)}) {
    EXPECT_EQ(error(bad), KeyError::Malformed) << bad.substr(0, 60);
  }
  EXPECT_FALSE(keyErrorMessage(KeyError::Expired).empty());
}

// Found by tests/fuzz/ephemeral_key_fuzz (inputs in tests/fuzz/crashes/ephemeral_key): payloads only
// the secret's holder can sign, whose numbers once overflowed on conversion (undefined behaviour).
TEST(EphemeralKey, AuthenticPayloadsWithAbsurdNumbersAreHandledCleanly) {
  const auto verify = [](std::string_view payload) {
    return verifyEphemeralKey(kSecret, test::forgeEphemeralKey(kSecret, payload), kNow);
  };
  const auto refusal = [&](std::string_view payload) {
    const auto result = verify(payload);
    return std::holds_alternative<KeyError>(result) ? std::optional(std::get<KeyError>(result))
                                                    : std::nullopt;
  };
  EXPECT_EQ(refusal(R"({"v":1e33,"exp":4102444800,"s":{}})"), KeyError::Malformed);
  EXPECT_EQ(refusal(R"({"v":"1","exp":4102444800,"s":{}})"), KeyError::Malformed);
  EXPECT_EQ(refusal(R"({"v":1,"exp":-9223372036854775807,"s":{}})"), KeyError::Expired);
  const auto far = verify(R"({"v":1,"exp":410244489551615800,"s":{}})");
  ASSERT_TRUE(std::holds_alternative<VerifiedKey>(far));
  EXPECT_EQ(std::get<VerifiedKey>(far).expiresAt, 410244489551615800);
}

TEST(EphemeralKey, OversizeSessionCannotBeMinted) {
  SessionConfig c;
  c.instructions = std::string(limits::kMaxEphemeralKeyBytes, 'x');
  auto parsed = mintEphemeralKey(kSecret, c, kNow);
  ASSERT_TRUE(std::holds_alternative<EventError>(parsed));
  EXPECT_EQ(std::get<EventError>(parsed).param, "session.instructions");
}

TEST(EphemeralKey, EmptySecretIsADeploymentBug) {
  EXPECT_THROW(mintEphemeralKey("", {}, kNow), std::invalid_argument);
}

TEST(EphemeralKey, ClientSecretResponseShape) {
  SessionConfig c;
  auto key = mint(c);
  auto body = clientSecretResponse(key, c, "sess_1");
  EXPECT_EQ(body["value"], key.value);
  EXPECT_EQ(body["expires_at"], key.expiresAt);
  EXPECT_EQ(body["session"]["type"], "realtime");
  EXPECT_EQ(body["session"]["id"], "sess_1");
  EXPECT_EQ(body["session"]["expires_at"], key.expiresAt);
}

}  // namespace
}  // namespace irtc::engine::realtime
