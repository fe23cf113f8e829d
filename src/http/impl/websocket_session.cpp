#include "http/impl/websocket_session.hpp"

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>

#include "core/limits.hpp"
#include "core/log.hpp"

namespace irtc::http::impl {
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using error_code = boost::system::error_code;
namespace {

// A close we start (including one that first flushes the queue) must finish by then; past it the
// socket is cut, so a client that stopped reading cannot keep the connection.
constexpr std::chrono::seconds kCloseTimeout{5};
constexpr std::uint16_t kAbnormalClosure = 1006;  // no close frame: reported, never sent
constexpr std::uint16_t kNoStatusReceived = 1005;

class SessionBase : public Connection {
 public:
  virtual void send(std::string text) = 0;
  virtual void close(std::uint16_t code, std::string reason) = 0;
};

// What handlers hold. It does not keep the session alive: once the connection is gone, calls are no-ops.
class Handle final : public WebSocketConnection {
 public:
  Handle(std::weak_ptr<SessionBase> session, std::string remoteAddress)
      : session_(std::move(session)), remoteAddress_(std::move(remoteAddress)) {}
  void send(std::string text) override {
    if (auto session = session_.lock()) session->send(std::move(text));
  }
  void close(std::uint16_t code, std::string reason) override {
    if (auto session = session_.lock()) session->close(code, std::move(reason));
  }
  const std::string& remoteAddress() const override { return remoteAddress_; }

 private:
  std::weak_ptr<SessionBase> session_;
  std::string remoteAddress_;
};

template <class Stream>
class WebSocketSession final : public SessionBase,
                               public std::enable_shared_from_this<WebSocketSession<Stream>> {
 public:
  WebSocketSession(std::shared_ptr<ServerState> state, Stream&& stream, WebSocketHandlers handlers,
                   Request request, ConnectionRegistry::Id id)
      : state_(std::move(state)),
        ws_(std::move(stream)),
        closeTimer_(ws_.get_executor()),
        handlers_(std::move(handlers)),
        request_(std::move(request)),
        id_(id) {}

  ~WebSocketSession() override { state_->connections.remove(id_); }

  void start(BeastRequest upgrade) {
    state_->connections.replace(id_, this->weak_from_this());
    handle_ = std::make_shared<Handle>(this->weak_from_this(), request_.remoteAddress);
    upgrade_ = std::move(upgrade);
    beast::get_lowest_layer(ws_).expires_never();  // the WebSocket's own timeouts and pings take over
    auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
    if (handlers_.idleTimeout.count() > 0) timeouts.idle_timeout = handlers_.idleTimeout;
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator(
        [id = request_.requestId](websocket::response_type& response) { response.set("X-Request-Id", id); }));
    ws_.read_message_max(handlers_.maxMessageBytes > 0 ? handlers_.maxMessageBytes
                                                       : state_->options.maxWebSocketMessageBytes);
    ws_.async_accept(upgrade_, [self = this->shared_from_this()](error_code ec) { self->onAccept(ec); });
  }

  // Any thread. Beyond the queue bound the client is too slow: the queue is dropped and the
  // connection closed with 1008 rather than buffering without limit.
  void send(std::string text) override {
    if (pending_.fetch_add(1) >= limits::kMaxWebSocketQueuedMessages) {
      pending_.fetch_sub(1);
      if (!overflowed_.exchange(true)) {
        net::post(ws_.get_executor(), [self = this->shared_from_this()] {
          log::warn("websocket send queue overflow", {{"request_id", self->request_.requestId}});
          self->startClose(close_code::kPolicyViolation, "send queue overflow", false);
        });
      }
      return;
    }
    net::post(ws_.get_executor(), [self = this->shared_from_this(), text = std::move(text)]() mutable {
      self->enqueue(std::move(text));
    });
  }

  void close(std::uint16_t code, std::string reason) override {
    net::post(ws_.get_executor(),
              [self = this->shared_from_this(), code, reason = std::move(reason)]() mutable {
                self->startClose(code, std::move(reason), true);
              });
  }

  void shutdown() override { close(close_code::kGoingAway, "server shutting down"); }

  void cut() override {
    net::post(ws_.get_executor(), [self = this->shared_from_this()] { self->closeSocket(); });
  }

 private:
  void onAccept(error_code ec) {
    // A failed handshake never opened the connection, so the handlers hear nothing of it.
    if (ec) {
      log::debug("websocket handshake failed", {{"request_id", request_.requestId}, {"error", ec.message()}});
      return closeSocket();
    }
    upgrade_ = {};
    accepted_ = true;
    guarded("onOpen", [&] {
      if (handlers_.onOpen) handlers_.onOpen(handle_);
    });
    if (state_->stopping) startClose(close_code::kGoingAway, "server shutting down", true);
    if (closeCode_ && !writing_ && !closing_) doClose();  // requested while the handshake was running
    doRead();
  }

  void doRead() {
    ws_.async_read(buffer_,
                   [self = this->shared_from_this()](error_code ec, std::size_t) { self->onRead(ec); });
  }

  void onRead(error_code ec) {
    if (ec) {
      std::uint16_t code = closeCode_.value_or(kAbnormalClosure);
      if (ec == websocket::error::message_too_big) {
        code = close_code::kMessageTooBig;  // Beast has already sent the close frame
      } else if (ec == websocket::error::closed && !closeCode_) {
        code = ws_.reason().code != websocket::close_code::none ? ws_.reason().code : kNoStatusReceived;
      }
      return finish(code);
    }
    if (!closeCode_) {
      if (ws_.got_binary()) {
        // The protocol is JSON text frames only (DESIGN.md); binary is refused rather than guessed at.
        startClose(close_code::kUnsupportedData, "binary messages are not supported", true);
      } else {
        std::string_view text(static_cast<const char*>(buffer_.data().data()), buffer_.size());
        guarded("onMessage", [&] {
          if (handlers_.onMessage) handlers_.onMessage(handle_, text);
        });
      }
    }
    buffer_.consume(buffer_.size());
    doRead();
  }

  void enqueue(std::string text) {
    if (closeCode_) {
      pending_.fetch_sub(1);
      return;
    }
    queue_.push_back(std::move(text));
    if (!writing_) doWrite();
  }

  void doWrite() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front()),
                    [self = this->shared_from_this()](error_code ec, std::size_t) { self->onWrite(ec); });
  }

  void onWrite(error_code ec) {
    queue_.pop_front();
    pending_.fetch_sub(1);
    if (ec) {
      writing_ = false;
      return closeSocket();
    }
    if (!queue_.empty()) return doWrite();
    writing_ = false;
    if (closeCode_ && !closing_) doClose();
  }

  // With `flush`, queued messages go out before the close frame.
  void startClose(std::uint16_t code, std::string reason, bool flush) {
    if (closeCode_ || finished_) return;
    closeCode_ = code;
    if (reason.size() > 123) reason.resize(123);  // control frames carry at most 125 bytes
    closeReason_ = std::move(reason);
    if (!flush && !queue_.empty()) {
      std::size_t keep = writing_ ? 1 : 0;  // the message being written must outlive its write
      pending_.fetch_sub(queue_.size() - keep);
      queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(keep), queue_.end());
    }
    closeTimer_.expires_after(kCloseTimeout);
    closeTimer_.async_wait([self = this->shared_from_this()](error_code timerEc) {
      if (!timerEc) self->closeSocket();
    });
    // Beast allows no close while the handshake response is still being written.
    if (accepted_ && !writing_) doClose();
  }

  void doClose() {
    closing_ = true;
    ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(*closeCode_), closeReason_),
                    [self = this->shared_from_this()](error_code ec) {
                      if (ec) self->closeSocket();
                    });
  }

  void finish(std::uint16_t code) {
    if (finished_) return;
    finished_ = true;
    closeTimer_.cancel();
    closeSocket();
    guarded("onClose", [&] {
      if (handlers_.onClose) handlers_.onClose(handle_, code);
    });
  }

  void closeSocket() {
    error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  template <class F>
  void guarded(const char* what, F&& call) {
    try {
      call();
    } catch (const std::exception& e) {
      log::error("websocket handler failed",
                 {{"handler", what}, {"request_id", request_.requestId}, {"error", e.what()}});
      startClose(close_code::kInternalError, "internal error", true);
    }
  }

  std::shared_ptr<ServerState> state_;
  websocket::stream<Stream> ws_;
  net::steady_timer closeTimer_;
  WebSocketHandlers handlers_;
  Request request_;
  ConnectionRegistry::Id id_;
  BeastRequest upgrade_;
  std::shared_ptr<Handle> handle_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;        // front is being written while `writing_`
  std::atomic<std::size_t> pending_{0};  // posted or queued, not yet written
  std::atomic<bool> overflowed_{false};
  bool accepted_ = false;  // handshake done
  bool writing_ = false;
  bool closing_ = false;  // close frame handed to Beast
  bool finished_ = false;
  std::optional<std::uint16_t> closeCode_;  // a close has been started with this code
  std::string closeReason_;
};

}  // namespace

template <class Stream>
void startWebSocketSession(std::shared_ptr<ServerState> state, Stream&& stream, BeastRequest upgrade,
                           WebSocketHandlers handlers, Request request, ConnectionRegistry::Id id) {
  auto session = std::make_shared<WebSocketSession<Stream>>(std::move(state), std::forward<Stream>(stream),
                                                            std::move(handlers), std::move(request), id);
  session->start(std::move(upgrade));
}

template void startWebSocketSession<beast::tcp_stream>(std::shared_ptr<ServerState>, beast::tcp_stream&&,
                                                       BeastRequest, WebSocketHandlers, Request,
                                                       ConnectionRegistry::Id);
template void startWebSocketSession<beast::ssl_stream<beast::tcp_stream>>(
    std::shared_ptr<ServerState>, beast::ssl_stream<beast::tcp_stream>&&, BeastRequest, WebSocketHandlers,
    Request, ConnectionRegistry::Id);

}  // namespace irtc::http::impl
