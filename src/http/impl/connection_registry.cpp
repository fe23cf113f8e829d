#include "http/impl/connection_registry.hpp"

namespace irtc::http::impl {

ConnectionRegistry::Id ConnectionRegistry::add(std::weak_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  Id id = nextId_++;
  connections_.emplace(id, std::move(connection));
  return id;
}

void ConnectionRegistry::replace(Id id, std::weak_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  connections_[id] = std::move(connection);
}

void ConnectionRegistry::remove(Id id) {
  std::lock_guard lock(mutex_);
  connections_.erase(id);
  if (connections_.empty()) emptied_.notify_all();
}

std::size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

std::vector<std::shared_ptr<Connection>> ConnectionRegistry::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<Connection>> result;
  result.reserve(connections_.size());
  for (const auto& [id, weak] : connections_) {
    if (auto connection = weak.lock()) result.push_back(std::move(connection));
  }
  return result;
}

bool ConnectionRegistry::waitUntilEmpty(std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  return emptied_.wait_until(lock, deadline, [this] { return connections_.empty(); });
}

}  // namespace irtc::http::impl
