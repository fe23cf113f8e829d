// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// (keep <utility> first)
#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <type_traits>

#include "http/client/http_client.hpp"

namespace irtc::http::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using OnBody = std::function<bool(std::string_view)>;

std::string Response::header(std::string_view name) const {
  const beast::string_view wanted(name.data(), name.size());
  const auto sameName = [wanted](const auto& field) { return beast::iequals(field.first, wanted); };
  const auto it = std::find_if(headers.begin(), headers.end(), sameName);
  return it == headers.end() ? std::string() : it->second;
}

struct Client::Tls {
  asio::ssl::context ctx{asio::ssl::context::tls_client};
};

Client::Client(Endpoint endpoint, ClientOptions options)
    : endpoint_(std::move(endpoint)), options_(std::move(options)) {
  if (!endpoint_.tls) return;
  tls_ = std::make_unique<Tls>();
  tls_->ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                        asio::ssl::context::no_tlsv1_1);
  tls_->ctx.set_verify_mode(asio::ssl::verify_peer);
  tls_->ctx.set_default_verify_paths();
  if (!options_.caFile.empty()) {
    beast::error_code ec;
    tls_->ctx.load_verify_file(options_.caFile, ec);
    if (ec) throw std::runtime_error("cannot load CA file " + options_.caFile + ": " + ec.message());
  }
}

Client::~Client() = default;

namespace {

// Everything one exchange needs, owned by send()'s frame and outliving the io_context's run().
struct Exchange {
  asio::io_context ioc{1};
  tcp::resolver resolver{ioc};
  asio::steady_timer timer{ioc};
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  bool connecting = true;
  bool finished = false;
  std::string abortReason;
  bool timedOut = false;
  bool cancelled = false;
  Clock::time_point connectDeadline;
  Clock::time_point totalDeadline;

  beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }

  // Closing the socket makes the pending operation of the other coroutine fail at once.
  void abort(std::string reason) {
    if (!abortReason.empty()) return;
    abortReason = std::move(reason);
    resolver.cancel();
    beast::error_code ignored;
    lowest().socket().close(ignored);
  }
};

asio::awaitable<void> watchdog(Exchange& ex, const std::function<bool()>& cancelled, ClientOptions options) {
  while (!ex.finished) {
    ex.timer.expires_after(std::chrono::milliseconds(10));
    beast::error_code ec;
    co_await ex.timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ex.finished) break;
    const auto now = Clock::now();
    if (cancelled && cancelled()) {
      ex.cancelled = true;
      ex.abort("cancelled");
    } else if (ex.connecting && now >= ex.connectDeadline) {
      ex.timedOut = true;
      ex.abort("connect timeout after " + std::to_string(options.connectTimeout.count()) + " ms");
    } else if (now >= ex.totalDeadline) {
      ex.timedOut = true;
      ex.abort("no complete answer within " + std::to_string(options.totalTimeout.count()) + " ms");
    }
  }
}

template <class Stream>
asio::awaitable<void> talk(Exchange& ex, Stream& stream, const Endpoint& ep, const Request& rq,
                           const ClientOptions& options, const OnBody& onBody, Response& out) {
  const auto endpoints = co_await ex.resolver.async_resolve(ep.host, ep.port, asio::use_awaitable);
  co_await ex.lowest().async_connect(endpoints, asio::use_awaitable);
  if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
    beast::error_code notAnAddress;
    (void)asio::ip::make_address(ep.host, notAnAddress);
    if (notAnAddress) SSL_set_tlsext_host_name(stream.native_handle(), ep.host.c_str());  // SNI: names only
    stream.set_verify_callback(asio::ssl::host_name_verification(ep.host));
    co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  }
  ex.connecting = false;

  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(rq.method), ep.basePath + rq.path, 11};
  req.set(bhttp::field::host, hostHeader(ep));
  req.set(bhttp::field::user_agent, "interviewd");
  for (const auto& [name, value] : rq.headers) req.set(name, value);
  req.body() = rq.body;
  req.prepare_payload();
  co_await bhttp::async_write(stream, req, asio::use_awaitable);

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::buffer_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());  // enforced below, per mode
  co_await bhttp::async_read_header(stream, buffer, parser, asio::use_awaitable);
  out.status = parser.get().result_int();
  for (const auto& field : parser.get()) out.headers.emplace_back(field.name_string(), field.value());
  const bool streaming = onBody && out.status >= 200 && out.status < 300;
  std::array<char, 8192> piece{};
  while (!parser.is_done()) {
    parser.get().body().data = piece.data();
    parser.get().body().size = piece.size();
    beast::error_code ec;
    // read_some, not read: read() would wait until the piece buffer is full, holding back the first
    // audio of a service that streams in small chunks.
    co_await bhttp::async_read_some(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec) throw beast::system_error(ec);
    const std::size_t got = piece.size() - parser.get().body().size;
    if (got == 0) continue;
    if (streaming) {
      if (!onBody(std::string_view(piece.data(), got))) break;
    } else {
      if (out.body.size() + got > options.maxBodyBytes) {
        throw std::runtime_error("answer larger than " + std::to_string(options.maxBodyBytes) + " bytes");
      }
      out.body.append(piece.data(), got);
    }
  }
  // No TLS close_notify: the connection serves one request and is dropped either way.
}

}  // namespace

Response Client::send(const Request& request, const OnBody& onBody,
                      const std::function<bool()>& cancelled) const {
  Response out;
  Exchange ex;
  ex.connectDeadline = Clock::now() + options_.connectTimeout;
  ex.totalDeadline = Clock::now() + options_.totalTimeout;
  const std::string where = endpoint_.host + ":" + endpoint_.port;
  auto finish = [&](std::exception_ptr failure) {
    ex.finished = true;
    ex.timer.cancel();
    if (!failure) return;
    out.timedOut = ex.timedOut;
    out.cancelled = ex.cancelled;
    if (!ex.abortReason.empty()) {
      out.error = ex.abortReason;
      return;
    }
    try {
      std::rethrow_exception(failure);
    } catch (const beast::system_error& e) {
      out.error = (ex.connecting ? "cannot connect to " : "exchange with ") + where +
                  " failed: " + e.code().message();
    } catch (const std::exception& e) {
      out.error = "exchange with " + where + " failed: " + e.what();
    }
  };
  if (endpoint_.tls) {
    ex.secure.emplace(ex.ioc, tls_->ctx);
    asio::co_spawn(ex.ioc, talk(ex, *ex.secure, endpoint_, request, options_, onBody, out), finish);
  } else {
    ex.plain.emplace(ex.ioc);
    asio::co_spawn(ex.ioc, talk(ex, *ex.plain, endpoint_, request, options_, onBody, out), finish);
  }
  asio::co_spawn(ex.ioc, watchdog(ex, cancelled, options_), asio::detached);
  ex.ioc.run();
  if (out.error.empty() && cancelled && cancelled()) {
    out.cancelled = true;
    out.error = "cancelled";
  }
  return out;
}

std::string errorSummary(const Response& response) {
  if (!response.error.empty()) return response.error;
  const std::string status = "HTTP " + std::to_string(response.status) + ": ";
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_object() && json.contains("error")) {
    const auto& e = json["error"];
    if (e.is_object() && e.contains("message") && e["message"].is_string())
      return status + e["message"].get<std::string>();
    if (e.is_string()) return status + e.get<std::string>();
  }
  std::string text;
  for (char c : response.body.substr(0, 200)) text.push_back(c >= 0x20 && c < 0x7f ? c : ' ');
  return status + (text.empty() ? "no details" : text);
}

}  // namespace irtc::http::client
