#include "loopback_provider.hpp"

#include <boost/asio/redirect_error.hpp>
#include <cctype>
#include <sstream>

namespace irtc::bench::proxy {
namespace {

// The answer's fixed DTLS identity: nothing ever connects to it.
constexpr std::string_view kFingerprint =
    "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3A:F4:8A:E8:17:65:D8:3A:96:D1:F2:A7";
constexpr int kListenBacklog = 4096;  // the proxy opens a sideband per call, many at once under load

std::vector<std::string_view> linesOf(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

// "a=rtpmap:111 opus/48000/2" → "111".
std::string opusPayloadType(std::string_view line) {
  constexpr std::string_view kRtpmap = "a=rtpmap:";
  if (!line.starts_with(kRtpmap)) return {};
  auto space = line.find(' ');
  if (space == std::string_view::npos) return {};
  std::string codec(line.substr(space + 1, 6));
  for (auto& c : codec) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (codec != "opus/4") return {};
  return std::string(line.substr(kRtpmap.size(), space - kRtpmap.size()));
}

bhttp::response<bhttp::string_body> reply(bhttp::status status, unsigned version, bool keepAlive) {
  bhttp::response<bhttp::string_body> response{status, version};
  response.keep_alive(keepAlive);
  return response;
}

// The path without "/v1" in front and without the query.
std::string_view routeOf(std::string_view target) {
  target = target.substr(0, target.find('?'));
  if (target.starts_with("/v1/")) target.remove_prefix(3);
  return target;
}

}  // namespace

std::string offerFromBody(std::string_view body) {
  if (body.starts_with("v=0")) return std::string(body);
  // The proxy's multipart form: --boundary CRLF headers (name="sdp") CRLF CRLF offer CRLF --boundary.
  const auto name = body.find("name=\"sdp\"");
  if (name == std::string_view::npos) return {};
  const auto start = body.find("\r\n\r\n", name);
  if (start == std::string_view::npos) return {};
  const auto end = body.find("\r\n--", start + 4);
  if (end == std::string_view::npos) return {};
  return std::string(body.substr(start + 4, end - start - 4));
}

std::string answerFor(std::string_view offer) {
  struct Section {
    bool audio = false;
    std::string mid, opus;
  };
  std::vector<Section> sections;
  for (auto line : linesOf(offer)) {
    if (line.starts_with("m=")) {
      sections.push_back({line.starts_with("m=audio"), {}, {}});
    } else if (!sections.empty() && line.starts_with("a=mid:")) {
      sections.back().mid = std::string(line.substr(6));
    } else if (!sections.empty() && sections.back().opus.empty()) {
      sections.back().opus = opusPayloadType(line);
    }
  }
  std::ostringstream sdp;
  sdp << "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-lite\r\n";
  std::string bundle;
  for (const auto& s : sections) bundle += " " + s.mid;
  if (!bundle.empty()) sdp << "a=group:BUNDLE" << bundle << "\r\n";
  for (const auto& s : sections) {
    if (s.audio) {
      sdp << "m=audio 9 UDP/TLS/RTP/SAVPF " << s.opus << "\r\n";
    } else {
      sdp << "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n";
    }
    sdp << "c=IN IP4 127.0.0.1\r\na=mid:" << s.mid
        << "\r\na=ice-ufrag:bnch\r\na=ice-pwd:benchbenchbenchbenchbe\r\na=fingerprint:" << kFingerprint
        << "\r\na=setup:passive\r\na=candidate:1 1 udp 2130706431 127.0.0.1 9 typ host\r\n";
    if (s.audio) {
      sdp << "a=sendrecv\r\na=rtcp-mux\r\na=rtpmap:" << s.opus << " opus/48000/2\r\n";
    } else {
      sdp << "a=sctp-port:5000\r\n";
    }
  }
  return sdp.str();
}

LoopbackProvider::LoopbackProvider() {
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(kListenBacklog);
  port_ = acceptor_.local_endpoint().port();
  asio::co_spawn(ioc_, acceptLoop(), asio::detached);
  thread_ = std::thread([this] { ioc_.run(); });
}

LoopbackProvider::~LoopbackProvider() {
  ioc_.stop();
  thread_.join();
}

Task<void> LoopbackProvider::acceptLoop() {
  for (;;) {
    beast::error_code ec;
    tcp::socket socket = co_await acceptor_.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      continue;  // e.g. out of descriptors for a moment: the proxy retries
    }
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(ioc_, serve(std::move(socket)), asio::detached);
  }
}

Task<void> LoopbackProvider::serve(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    bhttp::request<bhttp::string_body> request;
    beast::error_code ec;
    co_await bhttp::async_read(stream, buffer, request, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;  // the proxy closed its kept-alive connection
    if (websocket::is_upgrade(request)) {
      co_await sideband(std::move(stream), std::move(request));
      co_return;
    }
    const auto route = routeOf(std::string_view(request.target().data(), request.target().size()));
    const bool keepAlive = request.keep_alive();
    auto response = reply(bhttp::status::not_found, request.version(), keepAlive);
    if (request.method() == bhttp::verb::post && route == "/realtime/calls") {
      const auto offer = offerFromBody(request.body());
      if (offer.empty()) {
        ++refused;
        response = reply(bhttp::status::bad_request, request.version(), keepAlive);
        response.set(bhttp::field::content_type, "application/json");
        response.body() = R"({"error":{"message":"no sdp part","type":"invalid_request_error"}})";
      } else {
        ++calls;
        response = reply(bhttp::status::created, request.version(), keepAlive);
        response.set(bhttp::field::content_type, "application/sdp");
        response.set(bhttp::field::location, "/v1/realtime/calls/rtc_bench" + std::to_string(++nextCall_));
        response.body() = answerFor(offer);
      }
    } else if (request.method() == bhttp::verb::post && route.starts_with("/realtime/calls/") &&
               route.ends_with("/hangup")) {
      ++hangups;
      response = reply(bhttp::status::no_content, request.version(), keepAlive);
    }
    response.prepare_payload();
    co_await bhttp::async_write(stream, response, asio::redirect_error(use_awaitable, ec));
    if (ec || !keepAlive) co_return;
  }
}

Task<void> LoopbackProvider::sideband(beast::tcp_stream stream, bhttp::request<bhttp::string_body> upgrade) {
  websocket::stream<beast::tcp_stream> ws(std::move(stream));
  beast::error_code ec;
  co_await ws.async_accept(upgrade, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return;
  ++sidebands;
  ++sidebandsOpen;
  // Quiet: no events. Reading answers the proxy's pings and completes its close handshake.
  beast::flat_buffer buffer;
  while (!ec) {
    co_await ws.async_read(buffer, asio::redirect_error(use_awaitable, ec));
    buffer.clear();
  }
  --sidebandsOpen;
}

}  // namespace irtc::bench::proxy
