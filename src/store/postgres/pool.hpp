// A fixed number of connections to one PostgreSQL database, opened on first use and opened again
// after they break: when the database restarts, the requests in flight fail (StoreUnavailable),
// and the next ones connect anew, without the service restarting.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/connection.hpp"

namespace irtc::store::postgres {

class Pool {
 public:
  // Throws std::invalid_argument unless size ≥ 1. Connects nobody yet.
  Pool(std::string url, int size);

  class Lease {
   public:
    explicit Lease(Pool& pool);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    // Connects (again) if the slot has no connection or its connection broke; throws
    // StoreUnavailable when the database cannot be reached.
    Connection& connection();
    // False when the lease holds no connection or its connection broke.
    bool healthy() const { return connection_ && connection_->healthy(); }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> connection_;
  };

 private:
  std::string url_;
  std::mutex mutex_;
  std::condition_variable returned_;
  // A free slot holds its connection, or nullptr when it has none yet or its connection broke.
  std::vector<std::unique_ptr<Connection>> free_;
};

}  // namespace irtc::store::postgres
