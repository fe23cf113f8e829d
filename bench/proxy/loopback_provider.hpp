// The voice provider as the proxy sees it, on 127.0.0.1, with nothing behind it: what
// HttpProvider calls (POST …/realtime/calls, the sideband WebSocket GET …/realtime?call_id=,
// POST …/calls/{id}/hangup) answered as fast as Beast can, so that the benchmark measures the proxy.
// A load fixture, not a test double: the answer is shaped from the offer but is no negotiation.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>

#include "common.hpp"

namespace irtc::bench::proxy {

// The SDP offer inside a multipart/form-data body (the part named "sdp"), or the body itself when
// it is raw SDP; empty when there is none.
std::string offerFromBody(std::string_view body);

// An ICE-lite answer with the offer's mids, Opus payload type and data channel.
std::string answerFor(std::string_view offer);

class LoopbackProvider {
 public:
  // Listens on 127.0.0.1, a port the kernel picks, served by a thread of its own.
  LoopbackProvider();
  ~LoopbackProvider();
  LoopbackProvider(const LoopbackProvider&) = delete;
  LoopbackProvider& operator=(const LoopbackProvider&) = delete;

  std::uint16_t port() const { return port_; }
  std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }

  // What it has been asked, for the run's details.
  std::atomic<std::uint64_t> calls{0}, hangups{0}, sidebands{0}, sidebandsOpen{0}, refused{0};

 private:
  Task<void> acceptLoop();
  Task<void> serve(tcp::socket socket);
  Task<void> sideband(beast::tcp_stream stream, bhttp::request<bhttp::string_body> upgrade);

  asio::io_context ioc_{1};
  tcp::acceptor acceptor_{ioc_};
  std::uint16_t port_ = 0;
  std::uint64_t nextCall_ = 0;
  std::thread thread_;
};

}  // namespace irtc::bench::proxy
