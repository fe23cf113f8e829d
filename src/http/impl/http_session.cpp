#include "http/impl/http_session.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "core/log.hpp"
#include "core/random.hpp"
#include "http/impl/event_stream_session.hpp"
#include "http/impl/request_handling.hpp"
#include "http/impl/websocket_session.hpp"

namespace irtc::http::impl {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using error_code = boost::system::error_code;
namespace {

// After a final response the connection still reads and discards what the client sends (up to these
// bounds) before closing: closing with unread input makes the kernel send a reset, which can destroy
// the response (e.g. a 413) before the client has read it.
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::size_t kLingerMaxBytes = std::size_t{8} * 1024 * 1024;
constexpr std::size_t kReadChunk = 4096;

template <class Stream>
class HttpSession : public Connection, public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  HttpSession(std::shared_ptr<ServerState> state, Stream stream, std::string remoteAddress)
      : state_(std::move(state)), stream_(std::move(stream)), remoteAddress_(std::move(remoteAddress)) {}

  ~HttpSession() override {
    if (id_ != 0) state_->connections.remove(id_);
  }

  void start() {
    id_ = state_->connections.add(this->weak_from_this());
    if (state_->stopping) return closeNow();
    // The first request, TLS handshake included, must arrive within the read timeout.
    lowest().expires_after(state_->options.readTimeout);
    if constexpr (kTls) {
      stream_.async_handshake(net::ssl::stream_base::server,
                              [self = this->shared_from_this()](error_code ec) {
                                if (ec) return self->closeNow();
                                self->waitForRequest();
                              });
    } else {
      waitForRequest();
    }
  }

  void shutdown() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      // A connection waiting for its next request has nothing in flight; any other finishes its
      // request and then closes because `stopping` is set.
      if (self->phase_ == Phase::Idle) lowest(self->stream_).cancel();
    });
  }

  void cut() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] { self->closeNow(); });
  }

 private:
  enum class Phase { Idle, Reading, Busy, Closing, Upgraded };  // Upgraded: a WebSocket or event stream

  static beast::tcp_stream& lowest(Stream& stream) { return beast::get_lowest_layer(stream); }
  beast::tcp_stream& lowest() { return lowest(stream_); }

  // Waits for the first byte of the next request under the idle timeout (the read timeout for the
  // first request), so that shutdown can tell an idle keep-alive connection from a request in flight.
  void waitForRequest() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(state_->options.maxHeaderBytes));
    parser_->body_limit(state_->options.maxBodyBytes);
    if (buffer_.size() > 0) return readRequest();  // pipelined
    phase_ = Phase::Idle;
    if (served_ > 0) lowest().expires_after(state_->options.keepAliveTimeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = this->shared_from_this()](error_code ec, std::size_t bytes) {
                              self->buffer_.commit(bytes);
                              if (ec) return self->closeNow();
                              if (self->served_ > 0)
                                self->lowest().expires_after(self->state_->options.readTimeout);
                              self->readRequest();
                            });
  }

  // The whole request (rest of the header and the body) within the read timeout: slow clients cannot
  // hold a connection by trickling bytes.
  void readRequest() {
    phase_ = Phase::Reading;
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](error_code ec, std::size_t) {
                              if (ec || self->parser_->is_done()) return self->onRead(ec);
                              if (beast::iequals(self->parser_->get()[http::field::expect], "100-continue"))
                                return self->sendContinue();
                              self->readBody();
                            });
  }

  // Clients such as curl wait for this before sending a larger body.
  void sendContinue() {
    interim_.emplace(http::status::continue_, 11);
    http::async_write(stream_, *interim_, [self = this->shared_from_this()](error_code ec, std::size_t) {
      if (ec) return self->closeNow();
      self->readBody();
    });
  }

  void readBody() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](error_code ec, std::size_t) { self->onRead(ec); });
  }

  void onRead(error_code ec) {
    if (!ec) return handle();
    if (ec == http::error::header_limit) {
      // 431 is the status for exactly this; the body still follows the service's error format.
      return failRequest(431, ErrorCode::ValidationFailed, "request header fields are too large");
    }
    if (ec == http::error::body_limit) {
      return failRequest(413, ErrorCode::PayloadTooLarge,
                         "request body exceeds " + std::to_string(state_->options.maxBodyBytes) + " bytes");
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      return failRequest(400, ErrorCode::ValidationFailed, "malformed HTTP request");
    }
    closeNow();  // timeout, end of stream, reset: nobody to answer
  }

  void handle() {
    phase_ = Phase::Busy;
    ++served_;
    auto start = Clock::now();
    BeastRequest message = parser_->release();
    Handled handled = handleRequest(*state_, message, remoteAddress_, kTls);
    if (handled.webSocket) {
      recordRequest(*state_, handled.route, handled.method, 101, start, handled.request.requestId,
                    remoteAddress_);
      // The WebSocket takes over the registry entry along with the stream.
      auto id = std::exchange(id_, 0);
      phase_ = Phase::Upgraded;  // the stream is gone: late shutdown or cut calls must not touch it
      startWebSocketSession(state_, std::move(stream_), std::move(message), std::move(*handled.webSocket),
                            std::move(handled.request), id);
      return;
    }
    if (handled.eventStream) {
      recordRequest(*state_, handled.route, handled.method, 200, start, handled.request.requestId,
                    remoteAddress_);
      auto id = std::exchange(id_, 0);  // as for a WebSocket: the stream keeps the registry entry
      phase_ = Phase::Upgraded;
      startEventStreamSession(state_, std::move(stream_), message.version(), std::move(*handled.eventStream),
                              std::move(handled.request), id);
      return;
    }
    bool keepAlive = message.keep_alive() && !state_->stopping;
    BeastResponse wire = toWire(handled.response, handled.request.requestId, message.version(), keepAlive,
                                message.method() == http::verb::head);
    write(std::move(wire),
          {std::move(handled.route), std::move(handled.method), std::move(handled.request.requestId), start});
  }

  void failRequest(int status, ErrorCode code, const std::string& message) {
    phase_ = Phase::Busy;
    std::string method = parser_->is_header_done() ? methodLabel(parser_->get()) : "OTHER";
    std::string requestId = parser_->is_header_done() ? requestIdFor(parser_->get()) : newUuid();
    Response response = Response::error(code, message);
    response.status = status;
    write(toWire(response, requestId, 11, false, false),
          {"unmatched", std::move(method), requestId, Clock::now()});
  }

  struct Record {
    std::string route;
    std::string method;
    std::string requestId;
    Clock::time_point start;
  };

  void write(BeastResponse response, Record record) {
    response_.emplace(std::move(response));
    // A client that does not read its response must not hold the connection either.
    lowest().expires_after(state_->options.readTimeout);
    http::async_write(
        stream_, *response_,
        [self = this->shared_from_this(), record = std::move(record)](error_code ec, std::size_t) {
          int status = self->response_->result_int();
          bool keepAlive = self->response_->keep_alive();
          self->response_.reset();
          recordRequest(*self->state_, record.route, record.method, status, record.start, record.requestId,
                        self->remoteAddress_);
          if (ec) return self->closeNow();
          if (!keepAlive || self->state_->stopping) return self->linger();
          self->waitForRequest();
        });
  }

  // Sends FIN, then discards input until the client closes or the linger bounds are reached.
  void linger() {
    phase_ = Phase::Closing;
    error_code ignored;
    lowest().socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    lowest().expires_after(kLingerTime);
    lingerRead();
  }

  void lingerRead() {
    buffer_.clear();
    lowest().async_read_some(buffer_.prepare(kReadChunk),
                             [self = this->shared_from_this()](error_code ec, std::size_t bytes) {
                               self->lingered_ += bytes;
                               if (ec || self->lingered_ > kLingerMaxBytes) return self->closeNow();
                               self->lingerRead();
                             });
  }

  void closeNow() {
    if (phase_ == Phase::Upgraded) return;
    phase_ = Phase::Closing;
    lowest().close();
  }

  std::shared_ptr<ServerState> state_;
  Stream stream_;
  std::string remoteAddress_;
  ConnectionRegistry::Id id_ = 0;
  Phase phase_ = Phase::Idle;
  std::size_t served_ = 0;
  std::size_t lingered_ = 0;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<BeastResponse> response_;
  std::optional<http::response<http::empty_body>> interim_;
};

}  // namespace

void startHttpSession(std::shared_ptr<ServerState> state, net::ip::tcp::socket socket,
                      std::string remoteAddress) {
  beast::tcp_stream stream(std::move(socket));
  if (state->tls) {
    using TlsStream = beast::ssl_stream<beast::tcp_stream>;
    TlsStream tlsStream(std::move(stream), *state->tls);
    auto session =
        std::make_shared<HttpSession<TlsStream>>(state, std::move(tlsStream), std::move(remoteAddress));
    session->start();
  } else {
    auto session = std::make_shared<HttpSession<beast::tcp_stream>>(std::move(state), std::move(stream),
                                                                    std::move(remoteAddress));
    session->start();
  }
}

}  // namespace irtc::http::impl
