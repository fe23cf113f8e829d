// The proxy's sideband threads in small, for the sideband client's tests: one io_context run by two
// threads, so that only each client's strand keeps its callbacks one at a time. Declare it before
// the clients: it must outlive them (their closing handshakes included).
#pragma once

#include <utility>  // Boost 1.74's asio needs std::exchange declared first
// (keep <utility> first)

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>
#include <vector>

#include "proxy/provider/sideband_client.hpp"

namespace irtc::proxy::provider::testing {

class SidebandIo {
 public:
  explicit SidebandIo(int threads = 2) : work_(boost::asio::make_work_guard(io_)) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { io_.run(); });
  }
  ~SidebandIo() {
    work_.reset();
    io_.stop();
    for (auto& thread : threads_) thread.join();
  }
  SidebandIo(const SidebandIo&) = delete;
  SidebandIo& operator=(const SidebandIo&) = delete;

  SidebandConnector connector(const ProviderConfig& config) { return SidebandConnector(io_, config); }
  bool runsOn(std::thread::id id) const {
    for (const auto& thread : threads_) {
      if (thread.get_id() == id) return true;
    }
    return false;
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::vector<std::thread> threads_;
};

}  // namespace irtc::proxy::provider::testing
