#include "auth/session_tokens.hpp"

#include <gtest/gtest.h>

#include "core/random.hpp"
#include "support/jwt_forge.hpp"

namespace irtc::auth {
namespace {

using test::base64url;
using test::handMadeJwt;

const std::string kSecret(40, 's');
constexpr std::int64_t kNow = 1'800'000'000;

std::string claimsJson(std::int64_t iat, std::int64_t exp) {
  return R"({"sub":"candidate","tenant_id":"t1","session_id":"s1","jti":"j1","iat":)" + std::to_string(iat) +
         R"(,"exp":)" + std::to_string(exp) + "}";
}

}  // namespace

class SessionTokensTest : public ::testing::Test {
 protected:
  void SetUp() override { initRandom(); }
  SessionTokens tokens{kSecret, std::chrono::seconds(900)};
};

TEST_F(SessionTokensTest, MintedTokenVerifiesWithItsClaims) {
  auto minted = tokens.mint("tenant-a", "session-1", "candidate", kNow);
  auto result = tokens.verify(minted.token, kNow + 10);
  ASSERT_TRUE(std::holds_alternative<SessionClaims>(result));
  const auto& claims = std::get<SessionClaims>(result);
  EXPECT_EQ(claims.tenantId, "tenant-a");
  EXPECT_EQ(claims.sessionId, "session-1");
  EXPECT_EQ(claims.subject, "candidate");
  EXPECT_EQ(claims.jti, minted.claims.jti);
  EXPECT_EQ(claims.issuedAt, kNow);
  EXPECT_EQ(claims.expiresAt, kNow + 900);
}

TEST_F(SessionTokensTest, ExpiredTokenIsRefusedAsExpired) {
  auto minted = tokens.mint("t", "s", "candidate", kNow);
  auto result = tokens.verify(minted.token, kNow + 900);
  ASSERT_TRUE(std::holds_alternative<TokenFailure>(result));
  EXPECT_EQ(std::get<TokenFailure>(result).code, ErrorCode::SessionExpired);
}

TEST_F(SessionTokensTest, TokenSignedWithAnotherSecretIsRefused) {
  SessionTokens other(std::string(40, 'x'), std::chrono::seconds(900));
  auto result = tokens.verify(other.mint("t", "s", "candidate", kNow).token, kNow);
  ASSERT_TRUE(std::holds_alternative<TokenFailure>(result));
  EXPECT_EQ(std::get<TokenFailure>(result).code, ErrorCode::AuthenticationFailed);
}

TEST_F(SessionTokensTest, AlgNoneIsRefused) {
  auto token = handMadeJwt(R"({"alg":"none","typ":"JWT"})", claimsJson(kNow, kNow + 60), "");
  auto result = tokens.verify(token, kNow);
  ASSERT_TRUE(std::holds_alternative<TokenFailure>(result));
  EXPECT_EQ(std::get<TokenFailure>(result).code, ErrorCode::AuthenticationFailed);
}

TEST_F(SessionTokensTest, TamperedPayloadIsRefused) {
  auto minted = tokens.mint("t", "s", "candidate", kNow);
  auto firstDot = minted.token.find('.');
  auto secondDot = minted.token.find('.', firstDot + 1);
  std::string forged =
      minted.token.substr(0, firstDot + 1) +
      base64url(R"({"sub":"candidate","tenant_id":"other","session_id":"s","jti":"j","iat":)" +
                std::to_string(kNow) + R"(,"exp":)" + std::to_string(kNow + 60) + "}") +
      minted.token.substr(secondDot);
  EXPECT_TRUE(std::holds_alternative<TokenFailure>(tokens.verify(forged, kNow)));
}

TEST_F(SessionTokensTest, CorrectlySignedTokenMissingClaimsIsRefused) {
  auto token =
      handMadeJwt(R"({"alg":"HS256","typ":"JWT"})", R"({"sub":"x","iat":1,"exp":99999999999})", kSecret);
  EXPECT_TRUE(std::holds_alternative<TokenFailure>(tokens.verify(token, kNow)));
}

TEST_F(SessionTokensTest, LifetimeOverOneHourIsRefusedEvenIfSigned) {
  auto token = handMadeJwt(R"({"alg":"HS256","typ":"JWT"})", claimsJson(kNow, kNow + 7200), kSecret);
  EXPECT_TRUE(std::holds_alternative<TokenFailure>(tokens.verify(token, kNow)));
  auto ok = handMadeJwt(R"({"alg":"HS256","typ":"JWT"})", claimsJson(kNow, kNow + 3600), kSecret);
  EXPECT_TRUE(std::holds_alternative<SessionClaims>(tokens.verify(ok, kNow)));
}

TEST_F(SessionTokensTest, GarbageIsRefused) {
  for (const std::string& garbage :
       std::vector<std::string>{"", "abc", "a.b.c", "....", std::string(5000, 'a')}) {
    EXPECT_TRUE(std::holds_alternative<TokenFailure>(tokens.verify(garbage, kNow))) << garbage.substr(0, 20);
  }
}

TEST(SessionTokensConfig, RefusesShortSecretAndLongLifetime) {
  EXPECT_THROW(SessionTokens("short", std::chrono::seconds(60)), std::invalid_argument);
  EXPECT_THROW(SessionTokens(std::string(40, 's'), std::chrono::seconds(3601)), std::invalid_argument);
}

}  // namespace irtc::auth
