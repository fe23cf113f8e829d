#include "support/http_client.hpp"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <stdexcept>
#include <variant>

#include "support/blocking_io.hpp"

namespace irtc::test {
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using io::check;
using io::mustFinish;
using io::runFor;
using io::toResponse;

namespace {

constexpr std::chrono::milliseconds kDefaultTimeout{10'000};

std::shared_ptr<net::ssl::context> clientTlsContext() {
  auto context = std::make_shared<net::ssl::context>(net::ssl::context::tls_client);
  context->set_verify_mode(net::ssl::verify_none);
  return context;
}

// A connected TCP stream, with the TLS handshake done when `tls`.
std::variant<beast::tcp_stream, TlsStream> openStream(net::io_context& ioc, net::ssl::context& tlsContext,
                                                      const std::string& host, std::uint16_t port, bool tls,
                                                      std::chrono::milliseconds timeout) {
  tcp::resolver resolver(ioc);
  auto endpoints = resolver.resolve(host, std::to_string(port));
  beast::tcp_stream stream(ioc);
  stream.expires_after(timeout);
  check(mustFinish(
            runFor(ioc, stream, timeout, [&](auto handler) { stream.async_connect(endpoints, handler); }),
            "connect"),
        "connect");
  if (!tls) return stream;
  TlsStream tlsStream(std::move(stream), tlsContext);
  SSL_set_tlsext_host_name(tlsStream.native_handle(), host.c_str());
  beast::get_lowest_layer(tlsStream).expires_after(timeout);
  check(mustFinish(
            runFor(ioc, beast::get_lowest_layer(tlsStream), timeout,
                   [&](auto handler) { tlsStream.async_handshake(net::ssl::stream_base::client, handler); }),
            "TLS handshake"),
        "TLS handshake");
  return tlsStream;
}

}  // namespace

nlohmann::json HttpResponse::json() const {
  return nlohmann::json::parse(body);
}

std::optional<std::string> HttpResponse::header(std::string_view lowerName) const {
  auto it = headers.find(std::string(lowerName));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

struct HttpClient::Impl {
  std::string host;
  std::uint16_t port;
  bool tls;
  std::chrono::milliseconds timeout = kDefaultTimeout;
  net::io_context ioc;
  std::shared_ptr<net::ssl::context> tlsContext = clientTlsContext();
  std::optional<std::variant<beast::tcp_stream, TlsStream>> stream;
  beast::flat_buffer buffer;
  int opened = 0;
  int served = 0;  // responses on the current connection

  // Sends and reads one exchange; false when a reused connection turned out to be closed.
  bool exchange(http::request<http::string_body>& request, HttpResponse& out) {
    bool reused = served > 0;
    return std::visit(
        [&](auto& s) {
          beast::get_lowest_layer(s).expires_after(timeout);
          error_code ec = mustFinish(runFor(ioc, beast::get_lowest_layer(s), timeout,
                                            [&](auto h) { http::async_write(s, request, h); }),
                                     "write");
          if (ec && reused) return false;
          check(ec, "write");
          http::response_parser<http::string_body> parser;
          parser.body_limit(std::uint64_t{64} * 1024 * 1024);
          parser.skip(request.method() == http::verb::head);
          ec = mustFinish(runFor(ioc, beast::get_lowest_layer(s), timeout,
                                 [&](auto h) { http::async_read(s, buffer, parser, h); }),
                          "read");
          if (ec && reused && (ec == http::error::end_of_stream || ec == net::error::connection_reset))
            return false;
          check(ec, "read");
          ++served;
          out = toResponse(parser.get());
          if (!parser.get().keep_alive()) close();
          return true;
        },
        *stream);
  }

  void connect() {
    stream.emplace(openStream(ioc, *tlsContext, host, port, tls, timeout));
    buffer.clear();
    served = 0;
    ++opened;
  }

  void close() {
    if (!stream) return;
    std::visit([](auto& s) { beast::get_lowest_layer(s).close(); }, *stream);
    stream.reset();
  }
};

HttpClient::HttpClient(std::string host, std::uint16_t port, bool tls) : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->tls = tls;
}

HttpClient::~HttpClient() {
  impl_->close();
}

HttpResponse HttpClient::request(const std::string& method, const std::string& target,
                                 const std::string& body, const std::map<std::string, std::string>& headers) {
  http::request<http::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(http::field::host, impl_->host + ":" + std::to_string(impl_->port));
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") request.prepare_payload();

  HttpResponse response;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!impl_->stream) impl_->connect();
    if (impl_->exchange(request, response)) return response;
    impl_->close();
  }
  throw std::runtime_error("request failed on a fresh connection");
}

HttpResponse HttpClient::get(const std::string& target, const std::map<std::string, std::string>& headers) {
  return request("GET", target, "", headers);
}

HttpResponse HttpClient::postJson(const std::string& target, const nlohmann::json& body,
                                  const std::map<std::string, std::string>& headers) {
  auto withType = headers;
  withType.emplace("Content-Type", "application/json");
  return request("POST", target, body.dump(), withType);
}

void HttpClient::setTimeout(std::chrono::milliseconds timeout) {
  impl_->timeout = timeout;
}
int HttpClient::connectionsOpened() const {
  return impl_->opened;
}
void HttpClient::disconnect() {
  impl_->close();
}

struct RawConnection::Impl {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  bool closed = false;
};

RawConnection::RawConnection(const std::string& host, std::uint16_t port) : impl_(std::make_unique<Impl>()) {
  tcp::resolver resolver(impl_->ioc);
  auto endpoints = resolver.resolve(host, std::to_string(port));
  impl_->stream.expires_after(kDefaultTimeout);
  check(mustFinish(runFor(impl_->ioc, impl_->stream, kDefaultTimeout,
                          [&](auto handler) { impl_->stream.async_connect(endpoints, handler); }),
                   "connect"),
        "connect");
}

RawConnection::~RawConnection() = default;

void RawConnection::send(std::string_view bytes) {
  impl_->stream.expires_after(kDefaultTimeout);
  check(
      mustFinish(runFor(impl_->ioc, impl_->stream, kDefaultTimeout,
                        [&](auto handler) { net::async_write(impl_->stream, net::buffer(bytes), handler); }),
                 "send"),
      "send");
}

std::string RawConnection::readUntilClose(std::chrono::milliseconds timeout) {
  return readUntil(std::string_view(), timeout);
}

std::string RawConnection::readUntil(std::string_view marker, std::chrono::milliseconds timeout) {
  std::string received;
  impl_->stream.expires_never();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (marker.empty() || received.find(marker) == std::string::npos) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= std::chrono::milliseconds(0)) break;
    char chunk[4096];
    std::size_t got = 0;
    auto result = runFor(impl_->ioc, impl_->stream, left, [&](auto handler) {
      impl_->stream.async_read_some(net::buffer(chunk),
                                    [&got, handler](error_code ec, std::size_t n) mutable {
                                      got = n;
                                      handler(ec);
                                    });
    });
    received.append(chunk, got);
    if (!result) break;
    if (*result) {
      impl_->closed = *result == net::error::eof || *result == net::error::connection_reset;
      break;
    }
  }
  return received;
}

bool RawConnection::closedByServer() const {
  return impl_->closed;
}

bool canConnect(const std::string& host, std::uint16_t port) {
  try {
    RawConnection connection(host, port);
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

struct WebSocketClient::Impl {
  net::io_context ioc;
  std::shared_ptr<net::ssl::context> tlsContext = clientTlsContext();
  std::optional<std::variant<websocket::stream<beast::tcp_stream>, websocket::stream<TlsStream>>> ws;
  beast::flat_buffer buffer;
  bool open = false;
  bool readPending = false;
  std::optional<error_code> readResult;
  std::optional<std::uint16_t> closeCode;

  template <class F>
  decltype(auto) visit(F&& f) {
    if (!ws) throw std::logic_error("WebSocketClient is not connected");
    return std::visit(std::forward<F>(f), *ws);
  }

  beast::tcp_stream& lowest() {
    return visit([](auto& s) -> beast::tcp_stream& { return beast::get_lowest_layer(s); });
  }

  // A close frame may have arrived even if answering it failed, so the reason wins over the error.
  void ended() {
    open = false;
    if (closeCode) return;
    visit([&](auto& s) {
      closeCode = s.reason().code != websocket::close_code::none ? static_cast<std::uint16_t>(s.reason().code)
                                                                 : std::uint16_t{1006};
    });
  }

  void write(const std::string& data, bool text) {
    if (!open) throw std::runtime_error("send: the WebSocket is closed");
    auto result = runFor(ioc, lowest(), kDefaultTimeout, [&](auto handler) {
      visit([&](auto& s) {
        s.text(text);
        s.async_write(net::buffer(data), handler);
      });
    });
    check(mustFinish(result, "send"), "send");
  }
};

WebSocketClient::WebSocketClient() : impl_(std::make_unique<Impl>()) {}
WebSocketClient::~WebSocketClient() {
  if (impl_->ws) impl_->visit([](auto& s) { beast::get_lowest_layer(s).close(); });
}

WebSocketConnectResult WebSocketClient::connect(const std::string& host, std::uint16_t port,
                                                const std::string& target,
                                                const std::map<std::string, std::string>& headers, bool tls) {
  auto stream = openStream(impl_->ioc, *impl_->tlsContext, host, port, tls, kDefaultTimeout);
  std::visit(
      [&](auto& s) {
        impl_->ws.emplace(std::in_place_type<websocket::stream<std::decay_t<decltype(s)>>>, std::move(s));
      },
      stream);
  websocket::response_type response;
  auto result = runFor(impl_->ioc, impl_->lowest(), kDefaultTimeout, [&](auto handler) {
    impl_->visit([&](auto& s) {
      s.set_option(websocket::stream_base::decorator([headers](websocket::request_type& request) {
        for (const auto& [name, value] : headers) request.set(name, value);
      }));
      s.async_handshake(response, host + ":" + std::to_string(port), target, handler);
    });
  });
  error_code ec = mustFinish(result, "WebSocket handshake");
  WebSocketConnectResult outcome{!ec, toResponse(response)};
  if (ec == websocket::error::upgrade_declined) return outcome;
  check(ec, "WebSocket handshake");
  impl_->visit([](auto& s) {
    beast::get_lowest_layer(s).expires_never();
    s.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  });
  impl_->open = true;
  return outcome;
}

void WebSocketClient::send(const std::string& text) {
  impl_->write(text, true);
}
void WebSocketClient::sendBinary(const std::string& bytes) {
  impl_->write(bytes, false);
}

std::optional<std::string> WebSocketClient::receive(std::chrono::milliseconds timeout) {
  if (!impl_->open) return std::nullopt;
  if (!impl_->readPending) {
    impl_->readPending = true;
    impl_->visit([&](auto& s) {
      s.async_read(impl_->buffer, [this](error_code ec, std::size_t) {
        impl_->readPending = false;
        impl_->readResult = ec;
      });
    });
  }
  impl_->ioc.restart();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!impl_->readResult && impl_->ioc.run_one_until(deadline) > 0) {
  }
  if (!impl_->readResult) return std::nullopt;
  error_code ec = *std::exchange(impl_->readResult, std::nullopt);
  if (ec) {
    impl_->ended();
    return std::nullopt;
  }
  std::string text = beast::buffers_to_string(impl_->buffer.data());
  impl_->buffer.consume(impl_->buffer.size());
  return text;
}

std::optional<std::uint16_t> WebSocketClient::closeCode() const {
  return impl_->closeCode;
}
bool WebSocketClient::isOpen() const {
  return impl_->open;
}

void WebSocketClient::close(std::uint16_t code) {
  if (!impl_->open) return;
  auto result = runFor(impl_->ioc, impl_->lowest(), kDefaultTimeout, [&](auto handler) {
    impl_->visit([&](auto& s) { s.async_close(websocket::close_reason(code), handler); });
  });
  impl_->open = false;
  if (!result || *result) impl_->visit([](auto& s) { beast::get_lowest_layer(s).close(); });
}

}  // namespace irtc::test
