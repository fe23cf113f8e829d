// Blocking HTTP/1.1 and WebSocket clients for tests, plain or TLS (certificates are not verified:
// tests use self-signed ones). Every operation has a timeout, so a test fails instead of hanging.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace irtc::test {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  nlohmann::json json() const;  // throws if the body is not JSON
  std::optional<std::string> header(std::string_view lowerName) const;
};

// Keeps one connection alive across requests and reconnects when the server has closed it.
// Transport failures throw std::runtime_error.
class HttpClient {
 public:
  HttpClient(std::string host, std::uint16_t port, bool tls = false);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResponse request(const std::string& method, const std::string& target, const std::string& body = "",
                       const std::map<std::string, std::string>& headers = {});
  HttpResponse get(const std::string& target, const std::map<std::string, std::string>& headers = {});
  // Sends `body` with Content-Type: application/json.
  HttpResponse postJson(const std::string& target, const nlohmann::json& body,
                        const std::map<std::string, std::string>& headers = {});

  void setTimeout(std::chrono::milliseconds timeout);  // per operation; default 10 s
  int connectionsOpened() const;                       // stays 1 while the server keeps the connection alive
  void disconnect();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Raw bytes over plain TCP, for requests no well-behaved client would send.
class RawConnection {
 public:
  RawConnection(const std::string& host, std::uint16_t port);  // throws when the connection is refused
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(std::string_view bytes);
  // Everything received until the server closes the connection or `timeout` passes
  // (closedByServer() tells which). Ends the connection's use.
  std::string readUntilClose(std::chrono::milliseconds timeout);
  // What arrives until it contains `marker`, the server closes, or `timeout` passes.
  std::string readUntil(std::string_view marker, std::chrono::milliseconds timeout);
  bool closedByServer() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Whether a TCP connection to host:port is accepted.
bool canConnect(const std::string& host, std::uint16_t port);

struct WebSocketConnectResult {
  bool accepted = false;
  HttpResponse response;  // the 101, or the HTTP response that refused the upgrade
  explicit operator bool() const { return accepted; }
};

class WebSocketClient {
 public:
  WebSocketClient();
  ~WebSocketClient();
  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;

  // Throws on transport failures; a refused upgrade is a result, not an error.
  WebSocketConnectResult connect(const std::string& host, std::uint16_t port, const std::string& target,
                                 const std::map<std::string, std::string>& headers = {}, bool tls = false);
  void send(const std::string& text);
  void sendBinary(const std::string& bytes);
  // The next text message; empty on timeout or once the connection is closed (see closeCode()).
  std::optional<std::string> receive(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // After the connection ended: the server's close code, or 1006 when it ended without a close frame.
  std::optional<std::uint16_t> closeCode() const;
  bool isOpen() const;
  void close(std::uint16_t code = 1000);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace irtc::test
