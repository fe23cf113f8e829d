// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// (keep <utility> first)
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
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

using PlainWs = websocket::stream<beast::tcp_stream>;
using SecureWs = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

// The provider answered the upgrade with an HTTP status instead of 101.
struct UpgradeRefused {
  int status = 0;
  std::string message;  // the provider's error.message, made safe to quote
};

}  // namespace

// Shared by the owner's threads and the connection's thread. Handlers capture `this` bare: the
// connection's thread holds the Impl until its io_context has run out of work, and handlers that
// never ran are destroyed with the io_context without touching anything.
class SidebandClient::Impl {
 public:
  Impl(const ProviderConfig& config, std::string_view callId, SidebandHandlers handlers,
       SidebandOptions options)
      : endpoint_(providerEndpoint(config)),
        authorization_(bearerAuthorization(config)),
        apiKey_(config.apiKey),
        connectTimeout_(config.connectTimeout),
        options_(options),
        handlers_(std::move(handlers)) {
    if (!isCallId(callId)) throw std::invalid_argument("not a provider call id");
    target_ = endpoint_.basePath + "/realtime?call_id=" + std::string(callId);
    if (endpoint_.tls) {
      tls_.emplace(http::client::makeTlsContext(config.caFile));
      secure_.emplace(ioc_, *tls_);
    } else {
      plain_.emplace(ioc_);
    }
  }

  // Before the thread runs run().
  void start() {
    connectTimer_.expires_after(connectTimeout_);
    connectTimer_.async_wait([this](beast::error_code ec) {
      if (ec || currentState() != State::Connecting) return;
      connectTimedOut_ = true;
      abortConnect();
    });
    asio::co_spawn(ioc_, session(), [this](std::exception_ptr failure) {
      if (failure) finish(endFrom(failure));
    });
  }

  void run() { ioc_.run(); }

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
    if (state_ == State::Open) asio::post(ioc_, [this] { pump(); });
    return true;
  }

  void close() {
    std::lock_guard lock(mutex_);
    if (closeRequested_ || state_ == State::Ended) return;
    closeRequested_ = true;
    asio::post(ioc_, [this] {
      const State state = currentState();
      if (state == State::Connecting) abortConnect();
      if (state == State::Open) pump();
    });
  }

  void silence() {
    std::lock_guard lock(mutex_);
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

  bool callbacksAllowed() const {
    std::lock_guard lock(mutex_);
    return !silenced_;
  }

  asio::awaitable<void> session() {
    co_await withWs([this](auto& ws) { return open(ws); });
    connectTimer_.cancel();
    // The handshake may have completed just as close() or the timer cut the socket.
    if (connectAborted_) throw beast::system_error(asio::error::operation_aborted);
    {
      std::lock_guard lock(mutex_);
      state_ = State::Open;
      opened_ = true;
    }
    stateChanged_.notify_all();
    pump();
    co_await withWs([this](auto& ws) { return readLoop(ws); });
  }

  template <class Ws>
  asio::awaitable<void> open(Ws& ws) {
    beast::error_code notLiteral;
    const auto address = asio::ip::make_address(endpoint_.host, notLiteral);
    if (!notLiteral) {
      // An IP address needs no resolution: Asio's resolver would start a thread of its own for
      // this connection's io_context, a second thread per call besides the connection's.
      const auto port = static_cast<std::uint16_t>(std::stoul(endpoint_.port));
      if (connectAborted_) throw beast::system_error(asio::error::operation_aborted);
      co_await beast::get_lowest_layer(ws).async_connect(tcp::endpoint(address, port), asio::use_awaitable);
    } else {
      const auto endpoints =
          co_await resolver_.async_resolve(endpoint_.host, endpoint_.port, asio::use_awaitable);
      // A resolution under way may finish despite cancel(): the connect must not start after an abort.
      if (connectAborted_) throw beast::system_error(asio::error::operation_aborted);
      co_await beast::get_lowest_layer(ws).async_connect(endpoints, asio::use_awaitable);
    }
    if constexpr (std::is_same_v<Ws, SecureWs>) {
      http::client::prepareTlsHandshake(ws.next_layer(), endpoint_.host);
      co_await ws.next_layer().async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
    }
    // From here the WebSocket keeps its own time: the handshake and closing limits, and pings on silence.
    beast::get_lowest_layer(ws).expires_never();
    websocket::stream_base::timeout timeouts;
    timeouts.handshake_timeout = connectTimeout_;
    timeouts.idle_timeout = options_.idleTimeout;
    timeouts.keep_alive_pings = true;
    ws.set_option(timeouts);
    ws.set_option(websocket::stream_base::decorator([this](websocket::request_type& request) {
      request.set(beast::http::field::authorization, authorization_);
      request.set(beast::http::field::user_agent, "interviewd");
    }));
    ws.read_message_max(options_.maxMessageBytes);
    websocket::response_type response;
    beast::error_code ec;
    co_await ws.async_handshake(response, http::client::hostHeader(endpoint_), target_,
                                asio::redirect_error(asio::use_awaitable, ec));
    if (ec == websocket::error::upgrade_declined && response.result_int() != 0) {
      throw UpgradeRefused{static_cast<int>(response.result_int()),
                           providerMessage(response.body(), apiKey_)};
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
      if (ws.got_text() && handlers_.onEvent && callbacksAllowed()) {
        const auto data = buffer.cdata();
        handlers_.onEvent(std::string_view(static_cast<const char*>(data.data()), data.size()));
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
        ws.async_write(asio::buffer(current_), [this](beast::error_code ec, std::size_t) {
          writing_ = false;
          if (!ec) return pump();
          if (writeError_.empty()) writeError_ = "sending a client event failed: " + ec.message();
          tearDown();  // the pending read fails and reports the end
        });
      });
      return;
    }
    if (!closeRequested_) return;
    lock.unlock();
    closeSent_ = true;
    withWs([this](auto& ws) {
      ws.async_close(websocket::close_code::normal, [this, &ws](beast::error_code ec) {
        if (!ec) return finish(endAfterOpen(ws, websocket::error::closed));
        SidebandEnd end;
        end.error = "the provider did not complete the closing handshake: " + ec.message();
        finish(std::move(end));
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

  SidebandEnd endFrom(std::exception_ptr failure) {
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
        end.error = "the sideband did not open within " + std::to_string(connectTimeout_.count()) + " ms";
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

  // Reports the end once and lets the io_context run out of work.
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
    // Beast's own timer (handshake, close, pings) would otherwise keep the io_context busy.
    const websocket::stream_base::timeout off{websocket::stream_base::none(), websocket::stream_base::none(),
                                              false};
    withWs([&](auto& ws) { ws.set_option(off); });
    if (handlers_.onEnd && callbacksAllowed()) {
      try {
        handlers_.onEnd(end);
      } catch (const std::exception& e) {
        // Nothing is left to stop; letting it escape would end the process from the io thread.
        log::error("a sideband end handler threw", {{"error", e.what()}});
      }
    }
    // After onEnd, so that waitOpen() returning false means the end has been reported.
    {
      std::lock_guard lock(mutex_);
      endReported_ = true;
    }
    stateChanged_.notify_all();
  }

  const http::client::Endpoint endpoint_;
  const std::string authorization_;
  const std::string apiKey_;
  const std::chrono::milliseconds connectTimeout_;
  const SidebandOptions options_;
  const SidebandHandlers handlers_;
  std::string target_;

  asio::io_context ioc_{1};
  std::optional<asio::ssl::context> tls_;
  std::optional<PlainWs> plain_;
  std::optional<SecureWs> secure_;
  tcp::resolver resolver_{ioc_};
  asio::steady_timer connectTimer_{ioc_};

  // The connection's thread only.
  bool connectTimedOut_ = false;
  bool connectAborted_ = false;
  bool writing_ = false;
  bool closeSent_ = false;
  std::string current_;  // the event being written
  std::string writeError_;

  mutable std::mutex mutex_;  // guards what follows
  mutable std::condition_variable stateChanged_;
  State state_ = State::Connecting;
  bool opened_ = false;
  bool endReported_ = false;
  std::deque<std::string> queue_;
  bool closeRequested_ = false;
  bool silenced_ = false;
};

SidebandClient::SidebandClient(const ProviderConfig& config, std::string_view callId,
                               SidebandHandlers handlers, SidebandOptions options)
    : impl_(std::make_shared<Impl>(config, callId, std::move(handlers), options)) {
  impl_->start();
  thread_ = std::thread([impl = impl_] { impl->run(); });
}

SidebandClient::~SidebandClient() {
  impl_->silence();
  impl_->close();
  // From inside a callback the thread cannot wait for itself: it finishes alone, holding the Impl.
  if (thread_.get_id() == std::this_thread::get_id()) {
    thread_.detach();
  } else {
    thread_.join();
  }
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
