// The server's live connections, so that shutdown can reach each of them and wait for them to go.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace irtc::http::impl {

// One accepted connection. Both calls may come from any thread; they run on the connection's strand.
class Connection {
 public:
  virtual ~Connection() = default;
  // Graceful: finish the request in flight, then close; WebSockets close with 1001.
  virtual void shutdown() = 0;
  // Immediate: close the socket.
  virtual void cut() = 0;
};

class ConnectionRegistry {
 public:
  using Id = std::uint64_t;
  Id add(std::weak_ptr<Connection> connection);
  // An HTTP connection that became a WebSocket keeps its place under the new object.
  void replace(Id id, std::weak_ptr<Connection> connection);
  void remove(Id id);
  std::size_t size() const;
  std::vector<std::shared_ptr<Connection>> snapshot() const;
  // True when the registry emptied before `deadline`.
  bool waitUntilEmpty(std::chrono::steady_clock::time_point deadline) const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable emptied_;
  std::unordered_map<Id, std::weak_ptr<Connection>> connections_;
  Id nextId_ = 1;
};

}  // namespace irtc::http::impl
