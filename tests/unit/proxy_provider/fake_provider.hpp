// The voice provider for the provider client's tests: the project's own HTTP server (keep-alive,
// TLS, WebSocket) playing OpenAI's Realtime calls API under /v1/realtime and checking requests the
// way OpenAI does; a self-signed certificate for it; a TCP relay in front that counts the
// connections a client opens and can cut them; and raw sockets that never answer or answer garbage.
#pragma once

#include <utility>  // Boost 1.74's asio needs std::exchange declared first
// (keep <utility> first)

#include <atomic>
#include <boost/asio.hpp>
#include <cstdio>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/realtime/multipart.hpp"
#include "support/temp_dir.hpp"
#include "support/test_certificate.hpp"
#include "unit/http/server_fixture.hpp"

namespace irtc::proxy::provider::testing {

inline const std::string kKey = "sk-test-provider-key-0123456789abcdef";

inline const std::string kOffer =
    "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendrecv\r\n"
    "a=rtpmap:111 opus/48000/2\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
    "c=IN IP4 0.0.0.0\r\na=mid:1\r\na=sctp-port:5000\r\n";

inline const std::string kAnswer =
    "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendrecv\r\n"
    "a=rtpmap:111 opus/48000/2\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
    "c=IN IP4 0.0.0.0\r\na=mid:1\r\na=sctp-port:5000\r\n";

// OpenAI's error body.
inline http::Response openAiError(int status, const std::string& message, const std::string& code = "x") {
  return http::Response::json(
      status,
      {{"error",
        {{"message", message}, {"type", "invalid_request_error"}, {"code", code}, {"param", nullptr}}}});
}

// Why a calls request is not what OpenAI accepts, or nullopt. The session part must be OpenAI's GA
// shape with transcription and server VAD.
inline std::optional<std::string> refuseCallRequest(const http::Request& request) {
  if (request.bearerToken().value_or("") != kKey) return "bad Authorization";
  const std::string type = request.header("content-type").value_or("");
  auto form = engine::realtime::parseMultipart(type, request.body);
  if (!form.ok()) return "not multipart/form-data: " + form.error;
  const auto* sdp = engine::realtime::findPart(form.parts, "sdp");
  const auto* session = engine::realtime::findPart(form.parts, "session");
  if (!sdp || sdp->contentType.value_or("") != "application/sdp" || !sdp->body.starts_with("v=0"))
    return "no sdp part of type application/sdp";
  if (!session || session->contentType.value_or("") != "application/json")
    return "no session part of type application/json";
  const auto json = nlohmann::json::parse(session->body, nullptr, false);
  if (!json.is_object() || json.value("type", "") != "realtime") return "the session is not of type realtime";
  const auto& input = json["audio"]["input"];
  if (!input["transcription"]["model"].is_string()) return "no transcription model";
  if (input["turn_detection"]["type"] != "server_vad") return "no server VAD";
  return std::nullopt;
}

// The fake provider. Handlers may be replaced while it runs.
class FakeProvider {
 public:
  using Handler = std::function<http::Response(const http::Request&)>;
  using Upgrade = std::function<std::variant<http::Response, http::WebSocketHandlers>(const http::Request&)>;

  explicit FakeProvider(bool tls) {
    if (tls) test::writeTestCertificate(dir_.path());
    auto router = std::make_shared<http::Router>();
    router->add("POST", "/v1/realtime/calls", [this](const http::Request& r) { return dispatch(calls_, r); });
    router->add("POST", "/v1/realtime/calls/{id}/hangup",
                [this](const http::Request& r) { return dispatch(hangup_, r); });
    router->addWebSocket("/v1/realtime", [this](const http::Request& r) {
      std::lock_guard lock(mutex_);
      return sideband_(r);
    });
    auto options = http::testing::testOptions();
    if (tls) {
      options.tlsCertFile = caFile();
      options.tlsKeyFile = dir_.path() + "/key.pem";
    }
    server_.emplace(router, options);
    scheme_ = tls ? "https" : "http";
  }

  void onCalls(Handler h) {
    std::lock_guard lock(mutex_);
    calls_ = std::move(h);
  }
  void onHangup(Handler h) {
    std::lock_guard lock(mutex_);
    hangup_ = std::move(h);
  }
  void onSideband(Upgrade u) {
    std::lock_guard lock(mutex_);
    sideband_ = std::move(u);
  }

  std::uint16_t port() const { return server_->port(); }
  std::string baseUrl() const { return scheme_ + "://127.0.0.1:" + std::to_string(port()) + "/v1"; }
  std::string caFile() const { return dir_.path() + "/cert.pem"; }
  std::vector<http::Request> requests() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  // Runs a copy of the current handler outside the lock, so that a slow one does not hold others up.
  http::Response dispatch(const Handler& which, const http::Request& request) {
    Handler handler;
    {
      std::lock_guard lock(mutex_);
      seen_.push_back(request);
      handler = which;
    }
    return handler(request);
  }

  Handler calls_ = [](const http::Request& request) {
    if (auto refusal = refuseCallRequest(request)) return openAiError(400, *refusal);
    auto response = http::Response::text(201, kAnswer, "application/sdp");
    response.headers.emplace_back("Location", "/v1/realtime/calls/rtc_test_1");
    return response;
  };
  Handler hangup_ = [](const http::Request& request) {
    if (request.bearerToken().value_or("") != kKey) return openAiError(401, "Incorrect API key provided");
    return http::Response::json(200, nlohmann::json::object());
  };
  Upgrade sideband_ = [](const http::Request&) -> std::variant<http::Response, http::WebSocketHandlers> {
    return openAiError(404, "no live call has that id", "call_not_found");
  };
  test::TempDir dir_;
  std::string scheme_;
  mutable std::mutex mutex_;
  std::vector<http::Request> seen_;
  std::optional<http::testing::TestServer> server_;  // last: stops before the handlers go
};

// Something listening on 127.0.0.1 that is not a provider: `relayTo` forwards every connection to
// that port and counts them; otherwise it accepts and stays silent, or (garbage) answers any bytes
// with a line that is not HTTP and hangs up.
class TcpPeer {
 public:
  enum class Mode { Relay, Silent, Garbage };

  explicit TcpPeer(Mode mode, std::uint16_t relayTo = 0) : mode_(mode), target_(relayTo) {
    namespace ip = boost::asio::ip;
    acceptor_.open(ip::tcp::v4());
    acceptor_.bind({ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TcpPeer() {
    io_.stop();
    thread_.join();
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  int accepted() const { return accepted_; }
  // The next request on any open connection is swallowed and its connection closed: a server that
  // ended an idle connection just as the request went out.
  void dropNextRequest() { dropNext_ = true; }
  // From now on the relay reads but forwards nothing: a peer gone dead behind live TCP connections.
  void freeze() { frozen_ = true; }
  // Closes every open connection, as a server ending idle keep-alive connections does.
  void cutAll() {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      for (auto& link : links_) {
        link->close();
      }
      done.set_value();
    });
    done.get_future().wait();
  }

 private:
  using Socket = boost::asio::ip::tcp::socket;
  struct Link {
    explicit Link(Socket s) : client(std::move(s)), server(client.get_executor()) {}
    void close() {
      boost::system::error_code ignored;
      client.close(ignored);
      server.close(ignored);
    }
    Socket client;
    Socket server;
    std::array<char, 16384> up{}, down{};
  };

  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, Socket socket) {
      if (ec) return;
      ++accepted_;
      auto link = std::make_shared<Link>(std::move(socket));
      links_.push_back(link);  // kept: a silent peer holds its connections open
      if (mode_ == Mode::Relay) {
        link->server.async_connect({boost::asio::ip::make_address("127.0.0.1"), target_},
                                   [this, link](boost::system::error_code error) {
                                     if (error) return link->close();
                                     pump(link, link->client, link->server, link->up);
                                     pump(link, link->server, link->client, link->down);
                                   });
      } else if (mode_ == Mode::Garbage) {
        link->client.async_read_some(
            boost::asio::buffer(link->up), [link](boost::system::error_code, std::size_t) {
              static const std::string kGarbage = "this is not HTTP at all\r\n\r\n";
              boost::asio::async_write(link->client, boost::asio::buffer(kGarbage),
                                       [link](boost::system::error_code, std::size_t) { link->close(); });
            });
      }
      accept();
    });
  }

  void pump(std::shared_ptr<Link> link, Socket& from, Socket& to, std::array<char, 16384>& buffer) {
    from.async_read_some(boost::asio::buffer(buffer),
                         [this, link, &from, &to, &buffer](boost::system::error_code ec, std::size_t n) {
                           if (ec) return link->close();
                           if (&from == &link->client && dropNext_.exchange(false)) return link->close();
                           if (frozen_) return pump(link, from, to, buffer);
                           boost::asio::async_write(to, boost::asio::buffer(buffer.data(), n),
                                                    [this, link, &from, &to, &buffer](
                                                        boost::system::error_code error, std::size_t) {
                                                      if (error) return link->close();
                                                      pump(link, from, to, buffer);
                                                    });
                         });
  }

  Mode mode_;
  std::uint16_t target_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  std::atomic<int> accepted_{0};
  std::atomic<bool> frozen_{false};
  std::atomic<bool> dropNext_{false};
  std::vector<std::shared_ptr<Link>> links_;  // the io thread only
  std::thread thread_;
};

}  // namespace irtc::proxy::provider::testing
