// A minimal HTTP/1.1 client for the OpenAI-compatible speech services: one request per connection,
// TLS with certificate and host-name verification for https, a connect deadline and a total
// deadline, cancellation, and bodies either buffered or streamed as they arrive. Blocking: it runs
// on the calling (worker) thread with its own io_context, so it never touches a media thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace irtc::engine::speech_http {

struct Endpoint {
  bool tls = false;
  std::string host;
  std::string port;      // "80"/"443" when the URL has none
  std::string basePath;  // without a trailing '/', e.g. "/v1"
};

// "http(s)://host[:port][/base/path]"; nullopt for anything else (no user info, query or fragment).
std::optional<Endpoint> parseBaseUrl(std::string_view url);

struct ClientOptions {
  std::chrono::milliseconds connectTimeout{5000};  // name resolution, TCP connect and TLS handshake
  std::chrono::milliseconds totalTimeout{15000};   // the whole exchange, streamed body included
  std::size_t maxBodyBytes = 8u << 20;             // for buffered bodies (JSON answers, errors)
  std::string caFile;  // extra trusted CA certificates (PEM) besides the system's, e.g. a private CA
};

struct Request {
  std::string method = "POST";
  std::string path;  // appended to the endpoint's base path
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct Response {
  int status = 0;
  std::string contentType;
  std::string body;   // empty when streamed to onBody
  std::string error;  // transport failure, timeout or cancellation; never holds header values
  bool timedOut = false;
  bool cancelled = false;

  bool ok() const { return error.empty() && status >= 200 && status < 300; }
};

class Client {
 public:
  // Throws std::runtime_error when options.caFile cannot be loaded.
  Client(Endpoint endpoint, ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Safe to call from several threads at once. With onBody set, a 2xx body goes there in pieces
  // as it arrives (return false to stop reading); other bodies are buffered in Response::body.
  // `cancelled` is polled every 10 ms and between pieces.
  Response send(const Request& request, const std::function<bool(std::string_view)>& onBody = {},
                const std::function<bool()>& cancelled = {});

  const Endpoint& endpoint() const { return endpoint_; }

 private:
  struct Tls;
  Endpoint endpoint_;
  ClientOptions options_;
  std::unique_ptr<Tls> tls_;
};

// The "message" of an OpenAI-style error body, or a short prefix of the body; for error texts.
std::string errorSummary(const Response& response);

}  // namespace irtc::engine::speech_http
