#include "auth/turn_credentials.hpp"

#include <gtest/gtest.h>

namespace irtc::auth {

// Known answer computed independently: base64(HMAC-SHA1("north", username)).
TEST(TurnCredentials, FollowCoturnRestScheme) {
  auto c = mintTurnCredential("north", "6f1c2c1e-0000-4000-8000-000000000001", 1700000000);
  EXPECT_EQ(c.username, "1700000000:6f1c2c1e-0000-4000-8000-000000000001");
  EXPECT_EQ(c.credential, "CqqEepQiBb/RZbjuSnK5mC7OgaI=");
}

TEST(TurnCredentials, DependOnSecretAndExpiry) {
  auto a = mintTurnCredential("north", "s", 1);
  EXPECT_NE(a.credential, mintTurnCredential("south", "s", 1).credential);
  EXPECT_NE(a.credential, mintTurnCredential("north", "s", 2).credential);
}

}  // namespace irtc::auth
