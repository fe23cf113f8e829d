#include "store/postgres/pool.hpp"

#include <stdexcept>

namespace irtc::store::postgres {

Pool::Pool(std::string url, int size) : url_(std::move(url)) {
  if (size < 1) throw std::invalid_argument("the PostgreSQL pool needs at least one connection");
  free_.resize(static_cast<std::size_t>(size));
}

Pool::Lease::Lease(Pool& pool) : pool_(pool) {
  std::unique_lock lock(pool_.mutex_);
  pool_.returned_.wait(lock, [&] { return !pool_.free_.empty(); });
  connection_ = std::move(pool_.free_.back());
  pool_.free_.pop_back();
}

Pool::Lease::~Lease() {
  if (connection_ && !connection_->healthy()) connection_.reset();
  {
    std::lock_guard lock(pool_.mutex_);
    pool_.free_.push_back(std::move(connection_));
  }
  pool_.returned_.notify_one();
}

Connection& Pool::Lease::connection() {
  if (connection_ && !connection_->healthy()) connection_.reset();
  if (!connection_) connection_ = std::make_unique<Connection>(pool_.url_);
  return *connection_;
}

}  // namespace irtc::store::postgres
