#include "clients.hpp"

#include <boost/asio/redirect_error.hpp>

namespace irtc::bench::proxy {
namespace {

constexpr int kHttpVersion = 11;

Task<beast::tcp_stream> connectTo(asio::any_io_executor executor, tcp::endpoint server) {
  beast::tcp_stream stream(executor);
  co_await stream.async_connect(server, use_awaitable);
  stream.socket().set_option(tcp::no_delay(true));
  co_return stream;
}

}  // namespace

Task<HttpReply> HttpConnection::send(bhttp::verb method, std::string target, std::string body,
                                     Headers headers) {
  bhttp::request<bhttp::string_body> request{method, target, kHttpVersion};
  request.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = std::move(body);
  request.prepare_payload();
  // A kept-alive connection may have been closed by the server since: one retry on a fresh one.
  for (int attempt = 0;; ++attempt) {
    const bool reused = stream_.has_value();
    if (!stream_) {
      stream_.emplace(co_await connectTo(executor_, server_));
      buffer_.clear();
    }
    beast::error_code ec;
    co_await bhttp::async_write(*stream_, request, asio::redirect_error(use_awaitable, ec));
    bhttp::response<bhttp::string_body> response;
    if (!ec) co_await bhttp::async_read(*stream_, buffer_, response, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      stream_.reset();
      if (reused && attempt == 0) continue;
      throw beast::system_error(ec);
    }
    if (!response.keep_alive()) stream_.reset();
    HttpReply reply;
    reply.status = static_cast<int>(response.result_int());
    reply.location = std::string(response[bhttp::field::location]);
    reply.body = std::move(response.body());
    co_return reply;
  }
}

std::string offerMessage(const std::string& sdp) {
  return nlohmann::json{{"type", "offer"}, {"sdp", sdp}}.dump();
}

Task<nlohmann::json> Browser::next() {
  for (;;) {
    beast::error_code ec;
    buffer_.clear();
    co_await ws_.async_read(buffer_, asio::redirect_error(use_awaitable, ec));
    if (ec) throw ProxyRefused("the proxy closed the connection: " + ec.message());
    auto message = nlohmann::json::parse(beast::buffers_to_string(buffer_.data()), nullptr, false);
    if (message.is_discarded()) throw ProxyRefused("the proxy sent something other than JSON");
    const auto type = message.value("type", "");
    if (type == "error") throw ProxyRefused("the proxy refused: " + message.dump());
    if (type == "pong" || type == "transcript") continue;  // not what a step waits for
    co_return message;
  }
}

Task<void> Browser::open() {
  co_await beast::get_lowest_layer(ws_).async_connect(server_, use_awaitable);
  beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true));
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  co_await ws_.async_handshake("127.0.0.1", "/ws?token=" + token_, use_awaitable);
  ws_.text(true);
  const auto ready = co_await next();
  if (ready.value("type", "") != "session_ready")
    throw ProxyRefused("expected session_ready: " + ready.dump());
}

Task<double> Browser::exchange(const std::string& offer) {
  const double started = nowMs();
  co_await ws_.async_write(asio::buffer(offer), use_awaitable);
  const auto answer = co_await next();
  const double elapsed = nowMs() - started;
  if (answer.value("type", "") != "answer") throw ProxyRefused("expected answer: " + answer.dump());
  co_return elapsed;
}

Task<void> Browser::idle() {
  beast::error_code ec;
  while (!ec) {
    buffer_.clear();
    co_await ws_.async_read(buffer_, asio::redirect_error(use_awaitable, ec));
  }
}

Task<void> Browser::close() {
  beast::error_code ec;
  // Beast reads (and drops) what arrives until the server's close frame, then ends the TCP connection.
  co_await ws_.async_close(websocket::close_code::normal, asio::redirect_error(use_awaitable, ec));
}

}  // namespace irtc::bench::proxy
