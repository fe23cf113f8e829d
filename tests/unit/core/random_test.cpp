#include "core/random.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/time.hpp"

namespace irtc {

TEST(Random, UuidsAreVersion4AndDistinct) {
  initRandom();
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = newUuid();
    EXPECT_TRUE(isUuid(id)) << id;
    EXPECT_EQ(id[14], '4');
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
    EXPECT_TRUE(seen.insert(id).second);
  }
  EXPECT_FALSE(isUuid("00000000-0000-4000-8000-00000000000"));
  EXPECT_FALSE(isUuid("00000000-0000-4000-8000-00000000000G"));
  EXPECT_FALSE(isUuid("00000000x0000-4000-8000-000000000000"));
}

TEST(Random, TokensAreUrlSafe) {
  initRandom();
  auto t = randomToken(32);
  EXPECT_EQ(t.size(), 43u);
  EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_NE(randomToken(32), t);
}

TEST(Time, FormatsRfc3339Utc) {
  EXPECT_EQ(formatTime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(formatTime(1764081813123), "2025-11-25T14:43:33.123Z");
}

}  // namespace irtc
