// An in-test HTTP/1.1 server on 127.0.0.1:<ephemeral>, plain or TLS, that hands each request to a
// handler and answers with a fixed body or a chunked stream, optionally slowly (for timeouts,
// streaming and cancellation), or passes the connection on to another local server (a forwarding
// fake in front of a real server, WebSocket upgrades included). One thread per connection;
// everything joins in the destructor.
#pragma once

#include <utility>  // Boost 1.74's asio needs std::exchange declared first
// (keep <utility> first)
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace irtc::test {

struct TestRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& lowerName) const {
    auto it = headers.find(lowerName);
    return it == headers.end() ? "" : it->second;
  }
};

struct TestResponse {
  int status = 200;
  std::string contentType = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // more header fields
  std::string body;                 // sent with Content-Length when `chunks` is empty
  std::vector<std::string> chunks;  // sent with Transfer-Encoding: chunked
  std::chrono::milliseconds delayBeforeHeaders{0};
  std::chrono::milliseconds delayBetweenChunks{0};
  // Non-zero: no answer of its own; the request, then every byte both ways until either side
  // closes, goes to 127.0.0.1:tunnelTo over plain TCP (the handler has checked the request).
  unsigned short tunnelTo = 0;
};

// A plain answer with a body of `contentType`.
inline TestResponse textResponse(int status, std::string body, std::string contentType = "application/json") {
  TestResponse response;
  response.status = status;
  response.contentType = std::move(contentType);
  response.body = std::move(body);
  return response;
}

class TestHttpServer {
 public:
  using Handler = std::function<TestResponse(const TestRequest&)>;

  explicit TestHttpServer(Handler handler, boost::asio::ssl::context* tls = nullptr)
      : handler_(std::move(handler)), tls_(tls) {
    namespace ip = boost::asio::ip;
    acceptor_.open(ip::tcp::v4());
    acceptor_.set_option(ip::tcp::acceptor::reuse_address(true));
    acceptor_.bind({ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    acceptThread_ = std::thread([this] { acceptLoop(); });
  }

  ~TestHttpServer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      for (auto* tunnel : tunnels_) tunnel->stop();
    }
    stopped_.notify_all();
    // Wake the blocking accept() with a connection of our own.
    boost::system::error_code ec;
    boost::asio::ip::tcp::socket poke(io_);
    poke.connect({boost::asio::ip::make_address("127.0.0.1"), port_}, ec);
    acceptThread_.join();
    for (auto& t : connections_) t.join();
  }

  unsigned short port() const { return port_; }
  std::string baseUrl(const std::string& scheme = "http") const {
    return scheme + "://127.0.0.1:" + std::to_string(port_) + "/v1";
  }
  int requests() const { return requests_; }

 private:
  void acceptLoop() {
    for (;;) {
      boost::asio::ip::tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
      }
      if (ec) continue;
      connections_.emplace_back([this, s = std::move(socket)]() mutable { serve(std::move(s)); });
    }
  }

  // Sleeps up to `d`; false if the server is stopping.
  bool pause(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    return !stopped_.wait_for(lock, d, [this] { return stopping_; });
  }

  // Each connection has its own I/O context, which only a tunnel runs (on this thread).
  void serve(boost::asio::ip::tcp::socket accepted) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io, boost::asio::ip::tcp::v4(), accepted.release());
    if (tls_ == nullptr) {
      exchange(socket, io);
      return;
    }
    boost::asio::ssl::stream<boost::asio::ip::tcp::socket&> stream(socket, *tls_);
    boost::system::error_code ec;
    stream.handshake(boost::asio::ssl::stream_base::server, ec);
    if (!ec) exchange(stream, io);
  }

  template <class Stream>
  void exchange(Stream& stream, boost::asio::io_context& io) {
    namespace http = boost::beast::http;
    boost::beast::flat_buffer buffer;
    http::request_parser<http::string_body> parser;
    parser.body_limit(64u << 20);
    boost::system::error_code ec;
    http::read(stream, buffer, parser, ec);
    if (ec) return;
    TestRequest request;
    const auto& msg = parser.get();
    request.method = std::string(msg.method_string());
    request.target = std::string(msg.target());
    for (const auto& field : msg) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers[name] = std::string(field.value());
    }
    request.body = msg.body();
    ++requests_;
    const TestResponse response = handler_(request);
    if (response.tunnelTo != 0) {
      tunnel(stream, io, msg, buffer, response.tunnelTo);
      return;
    }
    if (!pause(response.delayBeforeHeaders)) return;
    if (response.chunks.empty()) {
      http::response<http::string_body> res{static_cast<http::status>(response.status), 11};
      res.set(http::field::content_type, response.contentType);
      for (const auto& [name, value] : response.headers) res.insert(name, value);
      res.body() = response.body;
      res.prepare_payload();
      http::write(stream, res, ec);
      return;
    }
    std::string head = "HTTP/1.1 " + std::to_string(response.status) +
                       " X\r\nContent-Type: " + response.contentType + "\r\nTransfer-Encoding: chunked\r\n";
    for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
    head += "\r\n";
    boost::asio::write(stream, boost::asio::buffer(head), ec);
    for (const auto& chunk : response.chunks) {
      if (ec) return;
      char size[32];
      std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
      boost::asio::write(stream, boost::asio::buffer(std::string(size) + chunk + "\r\n"), ec);
      if (!pause(response.delayBetweenChunks)) return;
    }
    boost::asio::write(stream, boost::asio::buffer(std::string("0\r\n\r\n")), ec);
  }

  // Sends `request` (and whatever followed it) to 127.0.0.1:port, then relays both ways until
  // either side ends (or the server stops), all on this connection's thread.
  template <class Stream>
  void tunnel(Stream& client, boost::asio::io_context& io,
              const boost::beast::http::request<boost::beast::http::string_body>& request,
              boost::beast::flat_buffer& early, unsigned short port) {
    boost::asio::ip::tcp::socket upstream(io);
    boost::system::error_code ec;
    upstream.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
    if (!ec) boost::beast::http::write(upstream, request, ec);
    if (!ec && early.size() > 0) boost::asio::write(upstream, early.data(), ec);
    if (ec) return;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      tunnels_.insert(&io);
    }
    // Either direction ending ends the tunnel: the other side then sees the connection close.
    Relay<Stream, boost::asio::ip::tcp::socket> toUpstream{client, upstream, [&io] { io.stop(); }};
    Relay<boost::asio::ip::tcp::socket, Stream> toClient{upstream, client, [&io] { io.stop(); }};
    toUpstream.start();
    toClient.start();
    io.run();
    std::lock_guard lock(mutex_);
    tunnels_.erase(&io);
  }

  // Copies what `from` reads to `to`, one read at a time, until either fails.
  template <class From, class To>
  struct Relay {
    From& from;
    To& to;
    std::function<void()> end;
    std::array<char, 16384> bytes{};
    void start() {
      from.async_read_some(boost::asio::buffer(bytes), [this](boost::system::error_code ec, std::size_t n) {
        if (ec) return end();
        boost::asio::async_write(to, boost::asio::buffer(bytes.data(), n),
                                 [this](boost::system::error_code ec, std::size_t) { ec ? end() : start(); });
      });
    }
  };

  Handler handler_;
  boost::asio::ssl::context* tls_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  unsigned short port_ = 0;
  std::mutex mutex_;
  std::condition_variable stopped_;
  bool stopping_ = false;
  std::atomic<int> requests_{0};
  std::thread acceptThread_;
  std::vector<std::thread> connections_;        // accept thread only, then the destructor
  std::set<boost::asio::io_context*> tunnels_;  // running tunnels, stopped by the destructor
};

}  // namespace irtc::test
