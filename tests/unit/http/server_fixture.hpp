// An in-process server on 127.0.0.1 with an ephemeral port, for the server tests.
#pragma once

#include <chrono>
#include <memory>
#include <thread>

#include "core/log.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace irtc::http::testing {

// Generous limits, except a rate limit nobody reaches; tests tighten what they test.
inline ServerOptions testOptions() {
  ServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  options.rateLimitPerSecond = 10'000;
  options.rateLimitBurst = 10'000;
  return options;
}

// Polls `condition` until it holds or `timeout` passes; for effects that follow a response.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

class TestServer {
 public:
  explicit TestServer(std::shared_ptr<Router> router, ServerOptions options = testOptions())
      : server_(std::move(options), std::move(router)) {
    log::init("warn");
    server_.start();
  }
  ~TestServer() { server_.shutdown(std::chrono::seconds(2)); }

  Server& server() { return server_; }
  std::uint16_t port() const { return server_.port(); }

 private:
  Server server_;
};

}  // namespace irtc::http::testing
