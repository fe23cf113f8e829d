#include "http/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace irtc::http {
namespace {

using namespace std::chrono_literals;
const auto t0 = RateLimiter::Clock::time_point{} + 1000s;

TEST(RateLimiter, AllowsTheBurstThenRefuses) {
  RateLimiter limiter(2, 5);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.acquire("a", t0).allowed) << i;
  auto refused = limiter.acquire("a", t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retryAfter, 1s);
  // Other clients have their own bucket.
  EXPECT_TRUE(limiter.acquire("b", t0).allowed);
}

TEST(RateLimiter, RefillsAtTheSustainedRate) {
  RateLimiter limiter(2, 2);
  EXPECT_TRUE(limiter.acquire("a", t0).allowed);
  EXPECT_TRUE(limiter.acquire("a", t0).allowed);
  EXPECT_FALSE(limiter.acquire("a", t0).allowed);
  EXPECT_FALSE(limiter.acquire("a", t0 + 400ms).allowed);
  EXPECT_TRUE(limiter.acquire("a", t0 + 600ms).allowed);  // 1.2 tokens back
  EXPECT_FALSE(limiter.acquire("a", t0 + 600ms).allowed);
  // Never more than the burst, however long the pause.
  EXPECT_TRUE(limiter.acquire("a", t0 + 1h).allowed);
  EXPECT_TRUE(limiter.acquire("a", t0 + 1h).allowed);
  EXPECT_FALSE(limiter.acquire("a", t0 + 1h).allowed);
}

TEST(RateLimiter, RetryAfterCoversTheWaitForOneToken) {
  RateLimiter limiter(0.25, 1);  // one request per 4 s
  EXPECT_TRUE(limiter.acquire("a", t0).allowed);
  EXPECT_EQ(limiter.acquire("a", t0).retryAfter, 4s);
  EXPECT_EQ(limiter.acquire("a", t0 + 2500ms).retryAfter, 2s);
}

TEST(RateLimiter, NonPositiveRateDisablesLimiting) {
  RateLimiter limiter(0, 1);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.acquire("a", t0).allowed);
  EXPECT_EQ(limiter.trackedClients(), 0u);
}

TEST(RateLimiter, IdleClientsAreForgotten) {
  RateLimiter limiter(10, 10, 100);
  for (int i = 0; i < 50; ++i) limiter.acquire("client" + std::to_string(i), t0);
  EXPECT_EQ(limiter.trackedClients(), 50u);
  // One second later every bucket is full again, so the table shrinks as new clients come.
  limiter.acquire("late", t0 + 2s);
  EXPECT_EQ(limiter.trackedClients(), 1u);
}

TEST(RateLimiter, TableNeverExceedsItsBound) {
  RateLimiter limiter(1, 1, 10);
  for (int i = 0; i < 1000; ++i) {
    limiter.acquire("client" + std::to_string(i), t0);
    ASSERT_LE(limiter.trackedClients(), 10u);
  }
  // The most recent clients are still limited.
  EXPECT_FALSE(limiter.acquire("client999", t0).allowed);
}

}  // namespace
}  // namespace irtc::http
