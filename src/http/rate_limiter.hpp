// Per-client token buckets: each client may make `burst` requests at once and `perSecond` sustained.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/limits.hpp"

namespace irtc::http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // `perSecond` <= 0 turns limiting off. At most `maxClients` buckets are kept: idle clients (whose
  // bucket has refilled, so forgetting them changes nothing) are dropped first, and when every tracked
  // client is active the least recently seen one is forgotten so the table never outgrows the bound.
  RateLimiter(double perSecond, double burst, std::size_t maxClients = limits::kRateLimitTrackedClients);

  struct Decision {
    bool allowed = true;
    std::chrono::seconds retryAfter{0};  // when refused: until one token is back (at least 1 s)
  };
  // Takes one token from `client`'s bucket. Thread-safe.
  Decision acquire(const std::string& client, Clock::time_point now = Clock::now());

  std::size_t trackedClients() const;

 private:
  struct Bucket {
    std::string client;
    double tokens;
    Clock::time_point updated;
  };
  double refilled(const Bucket& bucket, Clock::time_point now) const;

  double perSecond_;
  double burst_;
  std::size_t maxClients_;
  mutable std::mutex mutex_;
  std::list<Bucket> recency_;  // most recently seen first
  std::unordered_map<std::string, std::list<Bucket>::iterator> buckets_;
};

}  // namespace irtc::http
