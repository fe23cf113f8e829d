// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// (keep <utility> first)
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "core/log.hpp"
#include "http/client/tls_context.hpp"
#include "proxy/provider/provider_client.hpp"
#include "proxy/provider/provider_error.hpp"
#include "proxy/provider/sideband_client.hpp"

namespace irtc::proxy::provider {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

using Strand = asio::strand<asio::io_context::executor_type>;
using PlainWs = websocket::stream<beast::tcp_stream>;
using SecureWs = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

// The provider answered the upgrade with an HTTP status instead of 101.
struct UpgradeRefused {
  int status = 0;
  std::string message;  // the provider's error.message, made safe to quote
};

}  // namespace

struct SidebandConnector::Shared {
  Shared(asio::io_context& io, const ProviderConfig& config)
      : io(io),
        endpoint(providerEndpoint(config)),
        authorization(bearerAuthorization(config)),
        apiKey(config.apiKey),
        hostHeader(http::client::hostHeader(endpoint)),
        connectTimeout(config.connectTimeout) {
    if (endpoint.tls) tls.emplace(http::client::makeTlsContext(config.caFile));
    beast::error_code notLiteral;
    const auto parsed = asio::ip::make_address(endpoint.host, notLiteral);
    // An IP address needs no resolution: Asio's resolver would hand it to its own thread.
    if (!notLiteral) literal = tcp::endpoint(parsed, static_cast<std::uint16_t>(std::stoul(endpoint.port)));
  }

  asio::io_context& io;
  const http::client::Endpoint endpoint;
  const std::string authorization;
  const std::string apiKey;
  const std::string hostHeader;
  const std::chrono::milliseconds connectTimeout;
  // Shared by every connection (OpenSSL's SSL_CTX is safe to use from several threads once set up).
  mutable std::optional<asio::ssl::context> tls;
  std::optional<tcp::endpoint> literal;
};

SidebandConnector::SidebandConnector(asio::io_context& io, const ProviderConfig& config)
    : shared_(std::make_shared<const Shared>(io, config)) {}

// Everything that touches the connection runs on the client's strand; pending operations hold the
// Impl, so it outlives its owner until the connection is gone. What the owner's threads share with
// the strand is under `mutex_`; callbacks run under `callbackMutex_`, which the owner takes to
// silence them.
class SidebandClient::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(std::shared_ptr<const SidebandConnector::Shared> shared, std::string_view callId,
       SidebandHandlers handlers, SidebandOptions options)
      : shared_(std::move(shared)),
        options_(options),
        handlers_(std::move(handlers)),
        strand_(asio::make_strand(shared_->io)),
        resolver_(strand_),
        connectTimer_(strand_) {
    if (!isCallId(callId)) throw std::invalid_argument("not a provider call id");
    target_ = shared_->endpoint.basePath + "/realtime?call_id=" + std::string(callId);
    if (shared_->tls) {
      secure_.emplace(strand_, *shared_->tls);
    } else {
      plain_.emplace(strand_);
    }
  }

  void start() {
    auto self = shared_from_this();
    connectTimer_.expires_after(shared_->connectTimeout);
    connectTimer_.async_wait([self](beast::error_code ec) {
      if (ec || self->currentState() != State::Connecting) return;
      self->connectTimedOut_ = true;
      self->abortConnect();
    });
    asio::co_spawn(strand_, session(self),
                   asio::bind_executor(strand_, [self](const std::exception_ptr& failure) {
                     if (failure) self->finish(self->endFrom(failure));
                   }));
  }

  bool waitOpen() const {
    std::unique_lock lock(mutex_);
    stateChanged_.wait(lock, [this] { return opened_ || endReported_; });
    return opened_;
  }

  bool send(std::string event) {
    if (event.size() > options_.maxMessageBytes) return false;
    std::lock_guard lock(mutex_);
    if (state_ == State::Ended || closeRequested_ || queue_.size() >= options_.maxQueuedMessages)
      return false;
    queue_.push_back(std::move(event));
    if (state_ == State::Open) asio::post(strand_, [self = shared_from_this()] { self->pump(); });
    return true;
  }

  void close() {
    std::lock_guard lock(mutex_);
    if (closeRequested_ || state_ == State::Ended) return;
    closeRequested_ = true;
    asio::post(strand_, [self = shared_from_this()] {
      const State state = self->currentState();
      if (state == State::Connecting) self->abortConnect();
      if (state == State::Open) self->pump();
    });
  }

  // No callback starts after this returns; one under way on another thread is waited for.
  void silence() {
    std::lock_guard lock(callbackMutex_);
    silenced_ = true;
  }

 private:
  enum class State { Connecting, Open, Ended };

  template <class F>
  decltype(auto) withWs(F&& f) {
    return secure_ ? f(*secure_) : f(*plain_);
  }

  State currentState() const {
    std::lock_guard lock(mutex_);
    return state_;
  }

  // The Impl is held by the coroutine's frame (the parameter) for as long as it runs.
  static asio::awaitable<void> session(std::shared_ptr<Impl> self) {
    co_await self->withWs([&](auto& ws) { return self->open(ws); });
    self->connectTimer_.cancel();
    // The handshake may have completed just as close() or the timer cut the socket.
    if (self->connectAborted_) throw beast::system_error(asio::error::operation_aborted);
    {
      std::lock_guard lock(self->mutex_);
      self->state_ = State::Open;
      self->opened_ = true;
    }
    self->stateChanged_.notify_all();
    self->pump();
    co_await self->withWs([&](auto& ws) { return self->readLoop(ws); });
  }

  template <class Ws>
  asio::awaitable<void> open(Ws& ws) {
    auto& socket = beast::get_lowest_layer(ws);
    if (shared_->literal) {
      if (connectAborted_) throw beast::system_error(asio::error::operation_aborted);
      co_await socket.async_connect(*shared_->literal, asio::use_awaitable);
    } else {
      const auto endpoints = co_await resolver_.async_resolve(shared_->endpoint.host, shared_->endpoint.port,
                                                              asio::use_awaitable);
      // A resolution under way may finish despite cancel(): the connect must not start after an abort.
      if (connectAborted_) throw beast::system_error(asio::error::operation_aborted);
      co_await socket.async_connect(endpoints, asio::use_awaitable);
    }
    if constexpr (std::is_same_v<Ws, SecureWs>) {
      http::client::prepareTlsHandshake(ws.next_layer(), shared_->endpoint.host);
      co_await ws.next_layer().async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
    }
    // From here the WebSocket keeps its own time: the handshake and closing limits, and pings on silence.
    socket.expires_never();
    websocket::stream_base::timeout timeouts;
    timeouts.handshake_timeout = shared_->connectTimeout;
    timeouts.idle_timeout = options_.idleTimeout;
    timeouts.keep_alive_pings = true;
    ws.set_option(timeouts);
    ws.set_option(websocket::stream_base::decorator([shared = shared_](websocket::request_type& request) {
      request.set(beast::http::field::authorization, shared->authorization);
      request.set(beast::http::field::user_agent, "interviewd");
    }));
    ws.read_message_max(options_.maxMessageBytes);
    websocket::response_type response;
    beast::error_code ec;
    co_await ws.async_handshake(response, shared_->hostHeader, target_,
                                asio::redirect_error(asio::use_awaitable, ec));
    if (ec == websocket::error::upgrade_declined && response.result_int() != 0) {
      throw UpgradeRefused{static_cast<int>(response.result_int()),
                           providerMessage(response.body(), shared_->apiKey)};
    }
    if (ec) throw beast::system_error(ec);
  }

  template <class Ws>
  asio::awaitable<void> readLoop(Ws& ws) {
    beast::flat_buffer buffer;
    for (;;) {
      beast::error_code ec;
      co_await ws.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        // While the closing handshake runs, Beast cancels the pending read and reads the answer to
        // the close frame itself: the close's completion reports the end.
        if (!(closeSent_ && ec == asio::error::operation_aborted)) finish(endAfterOpen(ws, ec));
        co_return;
      }
      if (ws.got_text()) {
        const auto data = buffer.cdata();
        const std::string_view event(static_cast<const char*>(data.data()), data.size());
        std::lock_guard lock(callbackMutex_);
        if (!silenced_ && handlers_.onEvent) handlers_.onEvent(event);
      }
      buffer.consume(buffer.size());
    }
  }

  // The next queued event, or the close frame once the queue is empty and close() was called.
  // Beast allows one write (the close frame included) at a time, beside the read.
  void pump() {
    if (writing_ || closeSent_) return;
    std::unique_lock lock(mutex_);
    if (state_ != State::Open) return;
    if (!queue_.empty()) {
      writing_ = true;
      current_ = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      withWs([this](auto& ws) {
        ws.text(true);
        ws.async_write(asio::buffer(current_),
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                         self->writing_ = false;
                         if (!ec) return self->pump();
                         if (self->writeError_.empty())
                           self->writeError_ = "sending a client event failed: " + ec.message();
                         self->tearDown();  // the pending read fails and reports the end
                       });
      });
      return;
    }
    if (!closeRequested_) return;
    lock.unlock();
    closeSent_ = true;
    withWs([this](auto& ws) {
      ws.async_close(websocket::close_code::normal, [self = shared_from_this(), &ws](beast::error_code ec) {
        if (!ec) return self->finish(self->endAfterOpen(ws, websocket::error::closed));
        SidebandEnd end;
        end.error = "the provider did not complete the closing handshake: " + ec.message();
        self->finish(std::move(end));
      });
    });
  }

  void abortConnect() {
    connectAborted_ = true;
    resolver_.cancel();
    tearDown();
  }

  void tearDown() {
    beast::error_code ignored;
    withWs([&](auto& ws) { beast::get_lowest_layer(ws).socket().close(ignored); });
  }

  template <class Ws>
  SidebandEnd endAfterOpen(Ws& ws, beast::error_code ec) {
    SidebandEnd end;
    if (ec == websocket::error::closed) {
      end.closeCode = ws.reason().code;
      end.reason = std::string(ws.reason().reason.c_str());
    } else if (ec == websocket::error::message_too_big) {
      end.closeCode = websocket::close_code::too_big;
      end.error = "a server event was larger than " + std::to_string(options_.maxMessageBytes) + " bytes";
    } else if (!writeError_.empty()) {
      end.error = writeError_;
    } else if (ec == beast::error::timeout) {
      end.error = "the provider went silent (no answer to a ping within " +
                  std::to_string(options_.idleTimeout.count()) + " ms)";
    } else {
      end.error = "the sideband connection failed: " + ec.message();
    }
    return end;
  }

  SidebandEnd endFrom(const std::exception_ptr& failure) {
    SidebandEnd end;
    try {
      std::rethrow_exception(failure);
    } catch (const UpgradeRefused& refused) {
      end.error = "the provider refused the sideband (HTTP " + std::to_string(refused.status) + ")";
      if (!refused.message.empty()) end.error += ": " + refused.message;
      if (refused.status == 401 || refused.status == 403) {
        log::error(
            "the voice provider refused the server's API key on the sideband: check the provider key setting",
            {{"status", refused.status}});
      }
    } catch (const beast::system_error& e) {
      if (connectTimedOut_) {
        end.error =
            "the sideband did not open within " + std::to_string(shared_->connectTimeout.count()) + " ms";
      } else if (connectAborted_) {
        end.error = "closed before it opened";
      } else {
        end.error = "cannot open the sideband: " + e.code().message();
      }
    } catch (const std::exception& e) {
      // A handler threw; the connection ends rather than carrying on behind the caller's back.
      end.error = std::string("the sideband stopped: ") + e.what();
    }
    return end;
  }

  // Reports the end once and lets every pending operation complete, which releases the Impl.
  void finish(SidebandEnd end) {
    {
      std::lock_guard lock(mutex_);
      if (state_ == State::Ended) return;
      state_ = State::Ended;
      queue_.clear();
      end.byClient = closeRequested_;
      end.opened = opened_;
    }
    connectTimer_.cancel();
    resolver_.cancel();
    tearDown();
    // Beast's own timer (handshake, close, pings) would otherwise hold on until it fires.
    const websocket::stream_base::timeout off{websocket::stream_base::none(), websocket::stream_base::none(),
                                              false};
    withWs([&](auto& ws) { ws.set_option(off); });
    {
      std::lock_guard lock(callbackMutex_);
      if (!silenced_ && handlers_.onEnd) {
        try {
          handlers_.onEnd(end);
        } catch (const std::exception& e) {
          // Nothing is left to stop; letting it escape would end the process from an I/O thread.
          log::error("a sideband end handler threw", {{"error", e.what()}});
        }
      }
    }
    // After onEnd, so that waitOpen() returning false means the end has been reported.
    {
      std::lock_guard lock(mutex_);
      endReported_ = true;
    }
    stateChanged_.notify_all();
  }

  const std::shared_ptr<const SidebandConnector::Shared> shared_;
  const SidebandOptions options_;
  const SidebandHandlers handlers_;  // kept until the Impl goes: a callback may be running it
  std::string target_;

  Strand strand_;
  std::optional<PlainWs> plain_;
  std::optional<SecureWs> secure_;
  tcp::resolver resolver_;
  asio::steady_timer connectTimer_;

  // The strand only.
  bool connectTimedOut_ = false;
  bool connectAborted_ = false;
  bool writing_ = false;
  bool closeSent_ = false;
  std::string current_;  // the event being written
  std::string writeError_;

  // Held while a callback runs; recursive, so that a callback may destroy or close its client.
  std::recursive_mutex callbackMutex_;
  bool silenced_ = false;  // under callbackMutex_

  mutable std::mutex mutex_;  // guards what follows
  mutable std::condition_variable stateChanged_;
  State state_ = State::Connecting;
  bool opened_ = false;
  bool endReported_ = false;
  std::deque<std::string> queue_;
  bool closeRequested_ = false;
};

SidebandClient::SidebandClient(const SidebandConnector& connector, std::string_view callId,
                               SidebandHandlers handlers, SidebandOptions options)
    : impl_(std::make_shared<Impl>(connector.shared_, callId, std::move(handlers), options)) {
  impl_->start();
}

SidebandClient::~SidebandClient() {
  impl_->silence();
  impl_->close();
}

bool SidebandClient::waitOpen() const {
  return impl_->waitOpen();
}

bool SidebandClient::send(std::string event) {
  return impl_->send(std::move(event));
}

void SidebandClient::close() {
  impl_->close();
}

}  // namespace irtc::proxy::provider
