#include "http/server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "core/log.hpp"
#include "core/random.hpp"
#include "http/impl/http_session.hpp"
#include "http/impl/server_state.hpp"
#include "http/impl/tls.hpp"

namespace irtc::http {
namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace {
// After the drain, cut connections get this long to unwind before the I/O threads are stopped
// regardless (a handler that never returns would otherwise hold shutdown forever).
constexpr std::chrono::seconds kCutGrace{2};
// Accept errors such as EMFILE repeat at once; retrying after a pause keeps the loop from spinning.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

std::string clientAddress(const tcp::socket& socket) {
  error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  auto address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}
}  // namespace

// Threads and strands: `threads` threads run one io_context. Every connection lives on its own
// strand (its socket is accepted onto a fresh one), the acceptor on another, so nothing of a
// connection runs concurrently and no locks are needed inside a session. Route handlers run on the
// connection's strand, i.e. on an I/O thread.
class Server::Impl {
 public:
  Impl(ServerOptions options, std::shared_ptr<const Router> router)
      : state_(std::make_shared<impl::ServerState>(std::move(options), std::move(router))),
        ioc_(std::max(state_->options.threads, 1)),
        acceptorStrand_(net::make_strand(ioc_)),
        acceptor_(acceptorStrand_),
        retryTimer_(acceptorStrand_),
        work_(net::make_work_guard(ioc_)) {}

  ~Impl() { shutdown(std::chrono::milliseconds(0)); }

  void setObserver(RequestObserver observer) { state_->observer = std::move(observer); }

  void start() {
    const ServerOptions& options = state_->options;
    initRandom();
    if (options.tlsCertFile.empty() != options.tlsKeyFile.empty()) {
      throw std::invalid_argument("TLS needs both a certificate chain file and a key file");
    }
    if (!options.tlsCertFile.empty()) {
      state_->tls = impl::makeServerTlsContext(options.tlsCertFile, options.tlsKeyFile);
    }
    tcp::endpoint endpoint(net::ip::make_address(options.address), options.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    port_ = acceptor_.local_endpoint().port();
    accept();
    {
      std::lock_guard lock(mutex_);
      started_ = true;
    }
    for (int i = 0; i < std::max(options.threads, 1); ++i) threads_.emplace_back([this] { run(); });
  }

  std::uint16_t port() const { return port_; }

  // Stop accepting; ask every connection to finish; wait for them up to the drain time; cut the
  // rest; stop the threads. New connections racing with this see `stopping` and close themselves.
  void shutdown(std::chrono::milliseconds drain) {
    {
      std::unique_lock lock(mutex_);
      if (!started_) {
        done_ = true;
        finished_.notify_all();
        return;
      }
      if (shutdownStarted_) {
        finished_.wait(lock, [this] { return done_; });
        return;
      }
      shutdownStarted_ = true;
    }
    auto deadline = std::chrono::steady_clock::now() + drain;
    state_->stopping = true;
    std::promise<void> closed;
    net::post(acceptorStrand_, [this, &closed] {
      error_code ignored;
      acceptor_.close(ignored);
      retryTimer_.cancel();
      closed.set_value();
    });
    closed.get_future().wait();
    log::info("shutting down", {{"connections", state_->connections.size()}, {"drain_ms", drain.count()}});

    for (auto& connection : state_->connections.snapshot()) connection->shutdown();
    if (!state_->connections.waitUntilEmpty(deadline)) {
      log::warn("drain time over, closing remaining connections",
                {{"connections", state_->connections.size()}});
      for (auto& connection : state_->connections.snapshot()) connection->cut();
      if (!state_->connections.waitUntilEmpty(std::chrono::steady_clock::now() + kCutGrace)) ioc_.stop();
    }
    work_.reset();
    for (auto& thread : threads_) thread.join();
    threads_.clear();
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    finished_.notify_all();
    log::info("stopped");
  }

  void wait() {
    std::unique_lock lock(mutex_);
    finished_.wait(lock, [this] { return done_; });
  }

  std::size_t connectionCount() const { return state_->connections.size(); }

 private:
  void run() {
    // Handlers catch their own errors; anything escaping is a bug that must not take the thread down.
    while (true) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& e) {
        log::error("unexpected exception on an I/O thread", {{"error", e.what()}});
      }
    }
  }

  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](error_code ec, tcp::socket socket) {
      if (!acceptor_.is_open()) return;
      if (ec) {
        log::warn("accept failed", {{"error", ec.message()}});
        retryTimer_.expires_after(kAcceptRetryDelay);
        retryTimer_.async_wait([this](error_code timerEc) {
          if (!timerEc && acceptor_.is_open()) accept();
        });
        return;
      }
      std::string address = clientAddress(socket);
      impl::startHttpSession(state_, std::move(socket), std::move(address));
      accept();
    });
  }

  std::shared_ptr<impl::ServerState> state_;
  net::io_context ioc_;
  net::strand<net::io_context::executor_type> acceptorStrand_;
  tcp::acceptor acceptor_;
  net::steady_timer retryTimer_;
  // Keeps the I/O threads running until shutdown is over: without it they could run out of work
  // (acceptor closed, sessions momentarily idle) and return while shutdown still posts to sessions.
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;
  std::mutex mutex_;
  std::condition_variable finished_;
  bool started_ = false;
  bool shutdownStarted_ = false;
  bool done_ = false;
};

Server::Server(ServerOptions options, std::shared_ptr<const Router> router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

Server::~Server() = default;

void Server::setObserver(RequestObserver observer) {
  impl_->setObserver(std::move(observer));
}
void Server::start() {
  impl_->start();
}
std::uint16_t Server::port() const {
  return impl_->port();
}
void Server::shutdown(std::chrono::milliseconds drain) {
  impl_->shutdown(drain);
}
void Server::wait() {
  impl_->wait();
}
std::size_t Server::connectionCount() const {
  return impl_->connectionCount();
}

}  // namespace irtc::http
