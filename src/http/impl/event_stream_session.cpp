#include "http/impl/event_stream_session.hpp"

#include <array>
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <deque>

#include "core/log.hpp"

namespace irtc::http::impl {
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using error_code = boost::system::error_code;
namespace {

// Ending a stream (queued events, the last chunk, the client's close) must be over by then; past it
// the socket is cut, so a client that stopped reading cannot keep the connection.
constexpr std::chrono::seconds kCloseTimeout{5};
constexpr std::string_view kHeartbeat = ": keepalive\n\n";
// The client sends nothing after its request; reads only notice that it has gone.
constexpr std::size_t kDiscardChunk = 512;

// Event fields are single lines: CR and LF would end them early (and inject fields), so `id` and
// `event` lose them and `data` becomes one data line per line (the client joins them with LF).
std::string formatEvent(std::string_view id, std::string_view event, std::string_view data) {
  auto singleLine = [](std::string_view text) {
    std::string out(text);
    std::erase_if(out, [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
    return out;
  };
  std::string out;
  out.reserve(data.size() + id.size() + event.size() + 32);
  if (!id.empty()) out.append("id: ").append(singleLine(id)).append("\n");
  if (!event.empty()) out.append("event: ").append(singleLine(event)).append("\n");
  while (true) {
    std::size_t end = data.find_first_of("\r\n");
    out.append("data: ").append(data.substr(0, end)).append("\n");
    if (end == std::string_view::npos) break;
    std::size_t next = end + 1;
    if (data[end] == '\r' && next < data.size() && data[next] == '\n') ++next;
    data.remove_prefix(next);
  }
  out.append("\n");
  return out;
}

class StreamBase : public Connection {
 public:
  virtual bool send(std::string_view id, std::string_view event, std::string_view data) = 0;
  virtual void close() = 0;
  virtual bool isOpen() const = 0;
};

// What handlers hold. It does not keep the session alive: once the connection is gone, calls are no-ops.
class Handle final : public EventStream {
 public:
  Handle(std::weak_ptr<StreamBase> session, std::string remoteAddress)
      : session_(std::move(session)), remoteAddress_(std::move(remoteAddress)) {}
  bool send(std::string_view id, std::string_view event, std::string_view data) override {
    auto session = session_.lock();
    return session && session->send(id, event, data);
  }
  void close() override {
    if (auto session = session_.lock()) session->close();
  }
  bool isOpen() const override {
    auto session = session_.lock();
    return session && session->isOpen();
  }
  const std::string& remoteAddress() const override { return remoteAddress_; }

 private:
  std::weak_ptr<StreamBase> session_;
  std::string remoteAddress_;
};

template <class Stream>
class EventStreamSession final : public StreamBase,
                                 public std::enable_shared_from_this<EventStreamSession<Stream>> {
 public:
  EventStreamSession(std::shared_ptr<ServerState> state, Stream&& stream, unsigned version,
                     EventStreamHandlers handlers, Request request, ConnectionRegistry::Id id)
      : state_(std::move(state)),
        stream_(std::move(stream)),
        heartbeat_(stream_.get_executor()),
        closeTimer_(stream_.get_executor()),
        handlers_(std::move(handlers)),
        request_(std::move(request)),
        id_(id),
        version_(version),
        chunked_(version >= 11) {}

  ~EventStreamSession() override { state_->connections.remove(id_); }

  void start() {
    state_->connections.replace(id_, this->weak_from_this());
    handle_ = std::make_shared<Handle>(this->weak_from_this(), request_.remoteAddress);
    // The read runs for the stream's whole life without a timeout; writes get one each. A Beast
    // stream applies a new expiry only to operations not yet pending, so the read starts first.
    lowest().expires_never();
    readLoop();
    header_.version(version_);
    header_.result(bhttp::status::ok);
    header_.set(bhttp::field::content_type, "text/event-stream; charset=utf-8");
    header_.set(bhttp::field::cache_control, "no-cache");
    header_.set("X-Accel-Buffering", "no");  // nginx would otherwise hold events back
    setCommonHeaders(header_, request_.requestId);
    header_.keep_alive(false);  // the response ends only with the stream
    if (chunked_) header_.chunked(true);
    serializer_.emplace(header_);
    writing_ = true;
    lowest().expires_after(state_->options.readTimeout);
    bhttp::async_write_header(
        stream_, *serializer_,
        [self = this->shared_from_this()](error_code ec, std::size_t) { self->onHeader(ec); });
  }

  // Any thread. Beyond the queue bound the client is too slow: the stream is cut at once rather
  // than buffering without limit or making the caller wait.
  bool send(std::string_view id, std::string_view event, std::string_view data) override {
    if (!open_) return false;
    if (pending_.fetch_add(1) >= state_->options.maxEventStreamQueuedEvents) {
      pending_.fetch_sub(1);
      if (!overflowed_.exchange(true)) {
        net::post(stream_.get_executor(), [self = this->shared_from_this()] { self->abort(); });
      }
      return false;
    }
    net::post(stream_.get_executor(),
              [self = this->shared_from_this(), text = formatEvent(id, event, data)]() mutable {
                self->enqueue(std::move(text));
              });
    return true;
  }

  void close() override {
    open_ = false;  // sends from now on are refused; those already made still go out
    net::post(stream_.get_executor(), [self = this->shared_from_this()] { self->startClose(); });
  }

  bool isOpen() const override { return open_; }

  void shutdown() override { close(); }

  void cut() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] { self->closeSocket(); });
  }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  void readLoop() {
    stream_.async_read_some(net::buffer(discard_),
                            [self = this->shared_from_this()](error_code ec, std::size_t) {
                              if (ec) return self->finish();
                              self->readLoop();
                            });
  }

  void onHeader(error_code ec) {
    writing_ = false;
    if (ec || finished_) return finish();  // finished: the client left while the header was written
    headerSent_ = true;
    guarded("onOpen", [&] {
      if (handlers_.onOpen) handlers_.onOpen(handle_);
    });
    if (state_->stopping) startClose();
    if (!closeRequested_) armHeartbeat();
    resume();
  }

  void enqueue(std::string text) {
    if (closeRequested_ || finished_) {
      pending_.fetch_sub(1);
      return;
    }
    queue_.push_back(std::move(text));
    if (headerSent_ && !writing_) doWrite();
  }

  void resume() {
    if (writing_ || finished_) return;
    if (!queue_.empty()) return doWrite();
    if (closeRequested_) writeEnd();
  }

  void doWrite() {
    writing_ = true;
    // A client that takes longer than the read timeout to take one event is gone.
    lowest().expires_after(state_->options.readTimeout);
    auto done = [self = this->shared_from_this()](error_code ec, std::size_t) { self->onWrite(ec); };
    if (chunked_) {
      net::async_write(stream_, bhttp::make_chunk(net::buffer(queue_.front())), std::move(done));
    } else {
      net::async_write(stream_, net::buffer(queue_.front()), std::move(done));  // HTTP/1.0: until close
    }
  }

  void onWrite(error_code ec) {
    queue_.pop_front();
    pending_.fetch_sub(1);
    writing_ = false;
    if (ec) return finish();
    if (!queue_.empty() || closeRequested_) return resume();
    guarded("onDrained", [&] {
      if (handlers_.onDrained) handlers_.onDrained(handle_);
    });
  }

  void armHeartbeat() {
    heartbeat_.expires_after(state_->options.eventStreamHeartbeat);
    heartbeat_.async_wait([self = this->shared_from_this()](error_code ec) {
      if (ec || self->closeRequested_ || self->finished_) return;
      // A stream that is writing is not quiet; the comment is only for one that is.
      if (!self->writing_ && self->queue_.empty()) {
        self->pending_.fetch_add(1);
        self->queue_.emplace_back(kHeartbeat);
        self->doWrite();
      }
      self->armHeartbeat();
    });
  }

  // Queued events go out first, then the last chunk; the client then closes its side.
  void startClose() {
    if (closeRequested_ || finished_) return;
    closeRequested_ = true;
    open_ = false;
    heartbeat_.cancel();
    closeTimer_.expires_after(kCloseTimeout);
    closeTimer_.async_wait([self = this->shared_from_this()](error_code ec) {
      if (!ec) self->closeSocket();
    });
    if (headerSent_) resume();
  }

  void writeEnd() {
    writing_ = true;
    auto done = [self = this->shared_from_this()](error_code ec, std::size_t) {
      self->writing_ = false;
      if (ec) return self->finish();
      error_code ignored;
      self->lowest().socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    };
    if (chunked_) {
      net::async_write(stream_, bhttp::make_chunk_last(), std::move(done));
    } else {
      done(error_code{}, 0);
    }
  }

  void abort() {
    if (finished_) return;
    log::warn("event stream too slow, closed", {{"request_id", request_.requestId}});
    open_ = false;
    closeRequested_ = true;
    closeSocket();  // the pending read and write fail and finish the stream
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    open_ = false;
    heartbeat_.cancel();
    closeTimer_.cancel();
    closeSocket();
    guarded("onClose", [&] {
      if (handlers_.onClose) handlers_.onClose();
    });
  }

  void closeSocket() {
    error_code ignored;
    lowest().socket().close(ignored);
  }

  template <class F>
  void guarded(const char* what, F&& call) {
    try {
      call();
    } catch (const std::exception& e) {
      log::error("event stream handler failed",
                 {{"handler", what}, {"request_id", request_.requestId}, {"error", e.what()}});
      startClose();
    }
  }

  std::shared_ptr<ServerState> state_;
  Stream stream_;
  net::steady_timer heartbeat_;
  net::steady_timer closeTimer_;
  EventStreamHandlers handlers_;
  Request request_;
  ConnectionRegistry::Id id_;
  unsigned version_;
  bool chunked_;
  std::shared_ptr<Handle> handle_;
  bhttp::response<bhttp::empty_body> header_;
  std::optional<bhttp::response_serializer<bhttp::empty_body>> serializer_;
  std::array<char, kDiscardChunk> discard_{};
  std::deque<std::string> queue_;        // front is being written while `writing_`
  std::atomic<std::size_t> pending_{0};  // posted or queued, not yet written
  std::atomic<bool> open_{true};         // false once the stream is ending: send() refuses
  std::atomic<bool> overflowed_{false};
  bool headerSent_ = false;
  bool writing_ = false;
  bool closeRequested_ = false;
  bool finished_ = false;
};

}  // namespace

template <class Stream>
void startEventStreamSession(std::shared_ptr<ServerState> state, Stream&& stream, unsigned version,
                             EventStreamHandlers handlers, Request request, ConnectionRegistry::Id id) {
  auto session = std::make_shared<EventStreamSession<Stream>>(
      std::move(state), std::forward<Stream>(stream), version, std::move(handlers), std::move(request), id);
  session->start();
}

template void startEventStreamSession<beast::tcp_stream>(std::shared_ptr<ServerState>, beast::tcp_stream&&,
                                                         unsigned, EventStreamHandlers, Request,
                                                         ConnectionRegistry::Id);
template void startEventStreamSession<beast::ssl_stream<beast::tcp_stream>>(
    std::shared_ptr<ServerState>, beast::ssl_stream<beast::tcp_stream>&&, unsigned, EventStreamHandlers,
    Request, ConnectionRegistry::Id);

}  // namespace irtc::http::impl
