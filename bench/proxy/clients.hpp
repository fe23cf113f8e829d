// The benchmark's client side, all on one io_context: a kept-alive HTTP/1.1 connection (the
// recruiter API, and the direct calls to the provider), and a browser's /ws connection speaking
// protocol v1 (docs: DESIGN.md) far enough for an exchange: session_ready, offer → answer, close.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "common.hpp"

namespace irtc::bench::proxy {

using Headers = std::map<std::string, std::string>;

struct HttpReply {
  int status = 0;
  std::string body;
  std::string location;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

class HttpConnection {
 public:
  HttpConnection(asio::any_io_executor executor, tcp::endpoint server)
      : executor_(std::move(executor)), server_(server) {}

  // One request on the kept-alive connection; a connection the server closed since the last
  // request is replaced once. Throws beast::system_error when the server cannot be reached.
  Task<HttpReply> send(bhttp::verb method, std::string target, std::string body = {}, Headers headers = {});

 private:
  asio::any_io_executor executor_;
  tcp::endpoint server_;
  std::optional<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
};

// A message the proxy sent that the benchmark did not expect (an `error`, or a closed socket).
struct ProxyRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Browser {
 public:
  Browser(asio::any_io_executor executor, tcp::endpoint server, std::string token)
      : ws_(executor), server_(server), token_(std::move(token)) {}

  // Connects to /ws?token=… and waits for session_ready.
  Task<void> open();
  // Sends `offerMessage` ({"type":"offer","sdp":…}) and waits for the answer: milliseconds from
  // the write's start to the answer's arrival.
  Task<double> exchange(const std::string& offerMessage);
  // Stays connected, answering the server's pings, until the connection ends.
  Task<void> idle();
  // Closing handshake (1000); errors are ignored, the socket is gone either way.
  Task<void> close();

 private:
  // The next text message, parsed; throws ProxyRefused on an `error` message or a closed socket.
  Task<nlohmann::json> next();

  websocket::stream<beast::tcp_stream> ws_;
  tcp::endpoint server_;
  std::string token_;
  beast::flat_buffer buffer_;
};

// {"type":"offer","sdp":…}
std::string offerMessage(const std::string& sdp);

}  // namespace irtc::bench::proxy
