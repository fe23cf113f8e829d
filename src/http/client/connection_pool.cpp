#include "http/client/connection_pool.hpp"

#include <array>

namespace irtc::http::client::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
using Clock = std::chrono::steady_clock;

Connection::Connection(asio::ssl::context* tls) {
  if (tls) {
    secure.emplace(ioc, *tls);
  } else {
    plain.emplace(ioc);
  }
}

beast::tcp_stream& Connection::lowest() {
  return secure ? beast::get_lowest_layer(*secure) : *plain;
}

bool Connection::unusable() {
  auto& socket = lowest().socket();
  if (!open || !socket.is_open()) return true;
  // A non-blocking peek: "would block" is the one answer of a healthy idle connection; end of
  // stream, a reset or unread bytes all mean it must not carry another request.
  beast::error_code ec;
  socket.non_blocking(true, ec);
  if (ec) return true;
  std::array<char, 1> byte{};
  (void)socket.receive(asio::buffer(byte), asio::socket_base::message_peek, ec);
  return ec != asio::error::would_block;
}

std::deque<std::unique_ptr<Connection>> ConnectionPool::expiredLocked(Clock::time_point now) {
  std::deque<std::unique_ptr<Connection>> expired;
  while (!idle_.empty() && now - idle_.front()->idleSince >= idleTimeout_) {
    expired.push_back(std::move(idle_.front()));
    idle_.pop_front();
  }
  return expired;
}

std::unique_ptr<Connection> ConnectionPool::take() {
  std::deque<std::unique_ptr<Connection>> discarded;
  std::unique_lock lock(mutex_);
  discarded = expiredLocked(Clock::now());
  while (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    if (!connection->unusable()) return connection;
    discarded.push_back(std::move(connection));
  }
  return nullptr;
}

void ConnectionPool::keep(std::unique_ptr<Connection> connection) {
  if (!enabled()) return;
  connection->idleSince = Clock::now();
  std::deque<std::unique_ptr<Connection>> discarded;
  std::lock_guard lock(mutex_);
  discarded = expiredLocked(connection->idleSince);
  idle_.push_back(std::move(connection));
  if (idle_.size() > maxIdle_) {
    discarded.push_back(std::move(idle_.front()));
    idle_.pop_front();
  }
}

}  // namespace irtc::http::client::detail
