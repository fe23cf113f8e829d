#include "http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace irtc::http {

RateLimiter::RateLimiter(double perSecond, double burst, std::size_t maxClients)
    : perSecond_(perSecond),
      burst_(std::max(burst, 1.0)),
      maxClients_(std::max<std::size_t>(maxClients, 1)) {}

double RateLimiter::refilled(const Bucket& bucket, Clock::time_point now) const {
  double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  return std::min(burst_, bucket.tokens + std::max(elapsed, 0.0) * perSecond_);
}

RateLimiter::Decision RateLimiter::acquire(const std::string& client, Clock::time_point now) {
  if (perSecond_ <= 0) return {};
  std::lock_guard lock(mutex_);

  // The tail is the least recently seen client; once its bucket is full it is indistinguishable from
  // a new one. Each entry is dropped at most once, so this costs O(1) amortised.
  while (!recency_.empty() && refilled(recency_.back(), now) >= burst_) {
    buckets_.erase(recency_.back().client);
    recency_.pop_back();
  }

  auto found = buckets_.find(client);
  if (found == buckets_.end()) {
    if (buckets_.size() >= maxClients_) {
      buckets_.erase(recency_.back().client);
      recency_.pop_back();
    }
    recency_.push_front(Bucket{client, burst_, now});
    found = buckets_.emplace(client, recency_.begin()).first;
  } else {
    recency_.splice(recency_.begin(), recency_, found->second);
  }

  Bucket& bucket = *found->second;
  bucket.tokens = refilled(bucket, now);
  bucket.updated = now;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return {};
  }
  auto wait = static_cast<long>(std::ceil((1.0 - bucket.tokens) / perSecond_));
  return {false, std::chrono::seconds(std::max(wait, 1L))};
}

std::size_t RateLimiter::trackedClients() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace irtc::http
