// The HTTP/1.1 + WebSocket server (Boost.Beast, asynchronous), plain or TLS.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/limits.hpp"
#include "http/router.hpp"

namespace irtc::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port; see Server::port()
  int threads = 1;
  std::string tlsCertFile;  // both set: TLS
  std::string tlsKeyFile;
  std::size_t maxHeaderBytes = std::size_t{16} * 1024;
  std::size_t maxBodyBytes = std::size_t{1024} * 1024;
  std::size_t maxWebSocketMessageBytes = std::size_t{64} * 1024;
  std::chrono::seconds readTimeout{30};
  std::chrono::seconds keepAliveTimeout{60};
  // Event streams: the heartbeat comment's period, and the events one stream may have queued.
  std::chrono::milliseconds eventStreamHeartbeat{limits::kEventStreamHeartbeat};
  std::size_t maxEventStreamQueuedEvents = limits::kMaxEventStreamQueuedEvents;
  double rateLimitPerSecond = 50;
  double rateLimitBurst = 100;
};

// Called once per completed request: route pattern (or "static", "unmatched"), method, status, seconds.
using RequestObserver =
    std::function<void(const std::string& route, const std::string& method, int status, double seconds)>;

class Server {
 public:
  Server(ServerOptions options, std::shared_ptr<const Router> router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void setObserver(RequestObserver observer);

  // Binds and starts accepting on the I/O threads; returns once listening. Throws on bind failure.
  void start();
  // The bound port (useful with port 0).
  std::uint16_t port() const;
  // Stops accepting, lets in-flight requests finish, closes WebSockets with 1001, ends event
  // streams (after what is queued), and returns
  // when all connections are gone or `drain` has passed (then the rest are cut).
  void shutdown(std::chrono::milliseconds drain);
  // Blocks until shutdown() has completed.
  void wait();

  // Open connections (HTTP, WebSocket and event streams).
  std::size_t connectionCount() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace irtc::http
