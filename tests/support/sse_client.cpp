#include "support/sse_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <limits>

#include "support/blocking_io.hpp"

namespace irtc::test {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace {

constexpr std::chrono::seconds kOpenTimeout{10};

// One event block (the text before a blank line), per the SSE parsing rules this service uses.
SseEvent parseBlock(std::string_view block) {
  SseEvent event;
  bool firstData = true;
  bool onlyComments = true;
  while (!block.empty()) {
    std::size_t end = block.find('\n');
    std::string_view line = block.substr(0, end);
    block.remove_prefix(end == std::string_view::npos ? block.size() : end + 1);
    if (line.empty()) continue;
    if (line.front() == ':') {
      line.remove_prefix(1);
      if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      if (onlyComments) event.data = std::string(line);
      continue;
    }
    if (onlyComments) event.data.clear();
    onlyComments = false;
    std::size_t colon = line.find(':');
    std::string_view field = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (field == "id") event.id = value;
    if (field == "event") event.event = value;
    if (field == "data") {
      if (!firstData) event.data += '\n';
      event.data += value;
      firstData = false;
    }
  }
  event.comment = onlyComments;
  return event;
}

}  // namespace

struct SseClient::Impl {
  std::string host;
  std::uint16_t port = 0;
  int receiveBuffer = 0;
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  bool ended = false;
};

SseClient::SseClient(std::string host, std::uint16_t port, int receiveBuffer)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->receiveBuffer = receiveBuffer;
  impl_->parser.body_limit(std::numeric_limits<std::uint64_t>::max());
}

SseClient::~SseClient() {
  close();
}

HttpResponse SseClient::open(const std::string& target, const std::map<std::string, std::string>& headers) {
  auto& s = impl_->stream;
  tcp::endpoint endpoint(net::ip::make_address(impl_->host), impl_->port);
  s.socket().open(endpoint.protocol());
  if (impl_->receiveBuffer > 0)
    s.socket().set_option(net::socket_base::receive_buffer_size(impl_->receiveBuffer));
  io::check(
      io::mustFinish(io::runFor(impl_->ioc, s, kOpenTimeout, [&](auto h) { s.async_connect(endpoint, h); }),
                     "connect"),
      "connect");

  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, impl_->host + ":" + std::to_string(impl_->port));
  request.set(http::field::accept, "text/event-stream");
  for (const auto& [name, value] : headers) request.set(name, value);
  io::check(io::mustFinish(
                io::runFor(impl_->ioc, s, kOpenTimeout, [&](auto h) { http::async_write(s, request, h); }),
                "write"),
            "write");
  io::check(
      io::mustFinish(io::runFor(impl_->ioc, s, kOpenTimeout,
                                [&](auto h) { http::async_read_header(s, impl_->buffer, impl_->parser, h); }),
                     "read header"),
      "read header");
  if (impl_->parser.get().result_int() != 200) {
    io::check(
        io::mustFinish(io::runFor(impl_->ioc, s, kOpenTimeout,
                                  [&](auto h) { http::async_read(s, impl_->buffer, impl_->parser, h); }),
                       "read body"),
        "read body");
    impl_->ended = true;
  }
  return io::toResponse(impl_->parser.get());
}

std::optional<SseEvent> SseClient::next(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto& body = impl_->parser.get().body();
  while (true) {
    if (std::size_t end = body.find("\n\n"); end != std::string::npos) {
      SseEvent event = parseBlock(std::string_view(body).substr(0, end));
      body.erase(0, end + 2);
      return event;
    }
    if (impl_->ended || impl_->parser.is_done()) {
      impl_->ended = true;
      return std::nullopt;
    }
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto result = io::runFor(impl_->ioc, impl_->stream, left, [&](auto h) {
      http::async_read_some(impl_->stream, impl_->buffer, impl_->parser, h);
    });
    if (!result) return std::nullopt;  // timed out
    if (*result) impl_->ended = true;  // closed, reset or malformed: the stream is over
  }
}

std::optional<SseEvent> SseClient::nextEvent(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto event = next(std::max(left, std::chrono::milliseconds(0)));
    if (!event || !event->comment) return event;
  }
}

bool SseClient::ended() const {
  return impl_->ended;
}

void SseClient::close() {
  error_code ignored;
  impl_->stream.socket().close(ignored);
}

}  // namespace irtc::test
