// The one outgoing HTTP/1.1 client, for the OpenAI-compatible services the server calls (speech,
// chat completions, Realtime calls): one request per connection, or kept-alive connections reused
// from a small pool (ClientOptions::maxIdleConnections), TLS with certificate and host-name
// verification for https, a connect deadline and a total deadline, cancellation, and bodies either
// buffered or streamed as they arrive. Blocking: it runs on the calling (worker) thread on the
// connection's own io_context, so it never touches a media or server thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/client/endpoint.hpp"

namespace irtc::http::client {

namespace detail {
class ConnectionPool;
}

struct ClientOptions {
  std::chrono::milliseconds connectTimeout{5000};  // name resolution, TCP connect and TLS handshake
  std::chrono::milliseconds totalTimeout{15000};   // the whole exchange, streamed body included
  std::size_t maxBodyBytes = 8u << 20;             // for buffered bodies (JSON answers, errors)
  std::string caFile;  // extra trusted CA certificates (PEM) besides the system's, e.g. a private CA
  // Keep-alive: up to this many idle connections are kept for later requests. 0: every request has
  // a connection of its own and says "Connection: close".
  std::size_t maxIdleConnections = 0;
  // An idle connection older than this is closed instead of reused. Keep it below the server's own
  // keep-alive timeout, so that the server seldom closes a connection just as a request goes out.
  std::chrono::milliseconds idleTimeout{30000};
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "POST";
  std::string path;  // appended to the endpoint's base path
  Headers headers;   // replace the defaults (Host, User-Agent) of the same name
  std::string body;
  // The request may be sent again (RFC 9112 §9.3.1.1): when a kept-alive connection turns out to
  // have been closed by the server before any answer came, it is retried once on a new connection.
  // Leave it false where a duplicate would matter (creating something).
  bool idempotent = false;
};

struct Response {
  int status = 0;
  Headers headers;    // as received, e.g. Location of a created resource
  std::string body;   // empty when streamed to onBody
  std::string error;  // transport failure, timeout or cancellation; never holds header values
  bool timedOut = false;
  bool cancelled = false;

  bool ok() const { return error.empty() && status >= 200 && status < 300; }
  // The first header of that name, compared without case; empty when there is none.
  std::string header(std::string_view name) const;
};

class Client {
 public:
  // Throws std::runtime_error when options.caFile cannot be loaded.
  Client(Endpoint endpoint, ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Safe to call from several threads at once (each takes its own connection). With onBody set, a 2xx body
  // goes there in pieces as it arrives (return false to stop reading); other bodies are buffered in
  // Response::body. `cancelled` is polled every 10 ms and between pieces.
  Response send(const Request& request, const std::function<bool(std::string_view)>& onBody = {},
                const std::function<bool()>& cancelled = {}) const;

  const Endpoint& endpoint() const { return endpoint_; }

 private:
  struct Tls;
  Endpoint endpoint_;
  ClientOptions options_;
  std::unique_ptr<Tls> tls_;
  std::unique_ptr<detail::ConnectionPool> pool_;
};

// Why a response is not ok(), for error texts and logs: the transport error, or the status with the
// "message" of an OpenAI-style error body (or a short prefix of the body), e.g.
// "HTTP 401: Incorrect API key provided".
std::string errorSummary(const Response& response);

}  // namespace irtc::http::client
