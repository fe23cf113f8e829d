#include "auth/credentials.hpp"

#include <gtest/gtest.h>

#include "auth/secret_hash.hpp"
#include "core/random.hpp"

namespace irtc::auth {

class Credentials : public ::testing::Test {
 protected:
  void SetUp() override { initRandom(); }
};

TEST_F(Credentials, ApiKeyIsStoredOnlyAsItsHash) {
  auto issued = issueApiKey("tenant-1", 1000);
  EXPECT_TRUE(looksLikeSecret(issued.key, kApiKeyPrefix));
  EXPECT_EQ(issued.record.keyHash, hashSecret(issued.key));
  EXPECT_EQ(issued.record.keyHash.find(issued.key), std::string::npos);
  EXPECT_EQ(issued.record.prefix.size(), kApiKeyPrefix.size() + 8);
  EXPECT_EQ(issued.key.rfind(issued.record.prefix, 0), 0u);
  EXPECT_EQ(issued.record.tenantId, "tenant-1");
  EXPECT_NE(issueApiKey("tenant-1", 1000).key, issued.key);
}

TEST_F(Credentials, InvitationExpiresAfterTtl) {
  auto issued = issueInvitation("tenant-1", 5000, std::chrono::seconds(60));
  EXPECT_TRUE(looksLikeSecret(issued.token, kInvitationPrefix));
  EXPECT_EQ(issued.record.tokenHash, hashSecret(issued.token));
  EXPECT_EQ(issued.record.expiresAt, 65000);
  EXPECT_FALSE(issued.record.usedAt.has_value());
}

TEST_F(Credentials, SecretShapeCheckRejectsOtherText) {
  EXPECT_FALSE(looksLikeSecret("irk_", kApiKeyPrefix));
  EXPECT_FALSE(looksLikeSecret("inv_abc", kApiKeyPrefix));
  EXPECT_FALSE(looksLikeSecret("irk_abc def", kApiKeyPrefix));
  EXPECT_FALSE(looksLikeSecret("irk_" + std::string(100, 'a'), kApiKeyPrefix));
  EXPECT_TRUE(looksLikeSecret("irk_Ab-_9", kApiKeyPrefix));
}

TEST(SecretHash, IsStableHexBlake2b256) {
  EXPECT_EQ(hashSecret("abc"), hashSecret("abc"));
  EXPECT_NE(hashSecret("abc"), hashSecret("abd"));
  EXPECT_EQ(hashSecret("abc").size(), 64u);
  // BLAKE2b-256("abc"), RFC 7693 test vector family (computed independently).
  EXPECT_EQ(hashSecret("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

}  // namespace irtc::auth
