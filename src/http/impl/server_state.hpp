// What every connection of one server shares.
#pragma once

#include <atomic>
#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "http/impl/connection_registry.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace irtc::http::impl {

struct ServerState {
  ServerState(ServerOptions opts, std::shared_ptr<const Router> r)
      : options(std::move(opts)),
        router(std::move(r)),
        rateLimiter(options.rateLimitPerSecond, options.rateLimitBurst) {}

  const ServerOptions options;
  const std::shared_ptr<const Router> router;
  RequestObserver observer;  // set before start, read-only afterwards
  RateLimiter rateLimiter;
  std::shared_ptr<boost::asio::ssl::context> tls;  // null: plain HTTP
  std::atomic<bool> stopping{false};
  ConnectionRegistry connections;
};

}  // namespace irtc::http::impl
