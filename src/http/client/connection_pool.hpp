// The outgoing client's connections and the idle ones it keeps for reuse (HTTP/1.1 keep-alive).
// Internal to irtc_http_client: callers see only ClientOptions::maxIdleConnections.
#pragma once

#include <utility>  // Boost 1.74's asio needs std::exchange declared first
// (keep <utility> first)
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

namespace irtc::http::client::detail {

// One connection to the endpoint, plain or TLS, with the io_context it runs on: a socket belongs to
// one io_context for life, so a connection kept for another request keeps its own.
struct Connection {
  explicit Connection(boost::asio::ssl::context* tls);

  boost::beast::tcp_stream& lowest();
  // Whether the server closed it (or sent something nobody asked for) while it sat idle: a request
  // written to such a connection would fail, or worse, read that stray data as its answer.
  bool unusable();

  boost::asio::io_context ioc{1};
  std::optional<boost::beast::tcp_stream> plain;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> secure;
  bool open = false;    // connected (and TLS handshake done)
  bool reused = false;  // has served a request before the current one
  std::chrono::steady_clock::time_point idleSince;
};

// Idle connections, newest last. Bounded by count and age; expired ones are closed when the pool
// is next touched rather than by a timer thread of its own.
class ConnectionPool {
 public:
  ConnectionPool(std::size_t maxIdle, std::chrono::milliseconds idleTimeout)
      : maxIdle_(maxIdle), idleTimeout_(idleTimeout) {}

  // The most recently used idle connection that is still usable, or nullptr.
  std::unique_ptr<Connection> take();
  // Keeps a connection whose exchange ended cleanly, closing the oldest beyond the bound.
  void keep(std::unique_ptr<Connection> connection);
  bool enabled() const { return maxIdle_ > 0; }

 private:
  // Moves the expired connections out, to be closed outside the lock.
  std::deque<std::unique_ptr<Connection>> expiredLocked(std::chrono::steady_clock::time_point now);

  const std::size_t maxIdle_;
  const std::chrono::milliseconds idleTimeout_;
  std::mutex mutex_;
  std::deque<std::unique_ptr<Connection>> idle_;
};

}  // namespace irtc::http::client::detail
