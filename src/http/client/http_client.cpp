// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// (keep <utility> first)
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
#include <stdexcept>
#include <type_traits>

#include "http/client/connection_pool.hpp"
#include "http/client/http_client.hpp"
#include "http/client/tls_context.hpp"

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
  asio::ssl::context ctx;
};

Client::Client(Endpoint endpoint, ClientOptions options)
    : endpoint_(std::move(endpoint)),
      options_(std::move(options)),
      pool_(std::make_unique<detail::ConnectionPool>(options_.maxIdleConnections, options_.idleTimeout)) {
  if (endpoint_.tls) tls_ = std::make_unique<Tls>(Tls{makeTlsContext(options_.caFile)});
}

Client::~Client() = default;

namespace {

using detail::Connection;

// One request on one connection, run by send() on the connection's io_context.
struct Exchange {
  explicit Exchange(Connection& c) : connection(c), resolver(c.ioc), timer(c.ioc) {}

  Connection& connection;
  tcp::resolver resolver;
  asio::steady_timer timer;
  bool connecting = true;
  bool finished = false;
  bool answerStarted = false;  // a byte of the answer arrived: the server took the request
  bool reusable = false;       // ended with the whole answer and the connection still good
  std::string abortReason;
  bool timedOut = false;
  bool cancelled = false;
  Clock::time_point connectDeadline;
  Clock::time_point totalDeadline;

  // Closing the socket makes the pending operation of the other coroutine fail at once.
  void abort(std::string reason) {
    if (!abortReason.empty()) return;
    abortReason = std::move(reason);
    resolver.cancel();
    beast::error_code ignored;
    connection.lowest().socket().close(ignored);
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
asio::awaitable<void> connect(Exchange& ex, Stream& stream, const Endpoint& ep) {
  const auto endpoints = co_await ex.resolver.async_resolve(ep.host, ep.port, asio::use_awaitable);
  // A resolution under way may finish despite cancel(): the connect must not start after an abort.
  if (!ex.abortReason.empty()) throw beast::system_error(asio::error::operation_aborted);
  co_await ex.connection.lowest().async_connect(endpoints, asio::use_awaitable);
  if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
    prepareTlsHandshake(stream, ep.host);
    co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  }
  ex.connection.open = true;
}

template <class Stream>
asio::awaitable<void> talk(Exchange& ex, Stream& stream, const Endpoint& ep, const Request& rq,
                           const ClientOptions& options, const OnBody& onBody, Response& out) {
  if (!ex.connection.open) co_await connect(ex, stream, ep);
  ex.connecting = false;

  const bool keepAlive = options.maxIdleConnections > 0;
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(rq.method), ep.basePath + rq.path, 11};
  req.set(bhttp::field::host, hostHeader(ep));
  req.set(bhttp::field::user_agent, "interviewd");
  req.keep_alive(keepAlive);
  for (const auto& [name, value] : rq.headers) req.set(name, value);
  req.body() = rq.body;
  req.prepare_payload();
  co_await bhttp::async_write(stream, req, asio::use_awaitable);

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::buffer_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());  // enforced below, per mode
  beast::error_code headerError;
  co_await bhttp::async_read_header(stream, buffer, parser,
                                    asio::redirect_error(asio::use_awaitable, headerError));
  ex.answerStarted = !headerError || buffer.size() > 0;
  if (headerError) throw beast::system_error(headerError);
  out.status = static_cast<int>(parser.get().result_int());
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
      if (!onBody(std::string_view(piece.data(), got))) co_return;  // the rest stays unread: not reusable
    } else {
      if (out.body.size() + got > options.maxBodyBytes) {
        throw std::runtime_error("answer larger than " + std::to_string(options.maxBodyBytes) + " bytes");
      }
      out.body.append(piece.data(), got);
    }
  }
  // Bytes beyond the answer would be taken for the next answer on this connection.
  ex.reusable = keepAlive && parser.keep_alive() && buffer.size() == 0;
  // No TLS close_notify when the connection is dropped: nothing more is sent on it either way.
}

struct Attempt {
  Response response;
  bool reusable = false;
  bool staleConnection = false;  // a kept-alive connection failed before any answer: likely closed idle
};

Attempt exchange(Connection& connection, const Endpoint& endpoint, const ClientOptions& options,
                 const Request& request, const OnBody& onBody, const std::function<bool()>& cancelled,
                 Clock::time_point totalDeadline) {
  Attempt attempt;
  Response& out = attempt.response;
  Exchange ex(connection);
  ex.connectDeadline = Clock::now() + options.connectTimeout;
  ex.totalDeadline = totalDeadline;
  const std::string where = endpoint.host + ":" + endpoint.port;
  auto finish = [&](const std::exception_ptr& failure) {
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
      attempt.staleConnection = connection.reused && !ex.answerStarted;
      out.error = (ex.connecting ? "cannot connect to " : "exchange with ") + where +
                  " failed: " + e.code().message();
    } catch (const std::exception& e) {
      out.error = "exchange with " + where + " failed: " + e.what();
    }
  };
  connection.ioc.restart();
  if (connection.secure) {
    asio::co_spawn(connection.ioc, talk(ex, *connection.secure, endpoint, request, options, onBody, out),
                   finish);
  } else {
    asio::co_spawn(connection.ioc, talk(ex, *connection.plain, endpoint, request, options, onBody, out),
                   finish);
  }
  asio::co_spawn(connection.ioc, watchdog(ex, cancelled, options), asio::detached);
  connection.ioc.run();
  if (out.error.empty() && cancelled && cancelled()) {
    out.cancelled = true;
    out.error = "cancelled";
  }
  attempt.reusable = out.error.empty() && ex.reusable;
  return attempt;
}

}  // namespace

Response Client::send(const Request& request, const OnBody& onBody,
                      const std::function<bool()>& cancelled) const {
  const auto totalDeadline = Clock::now() + options_.totalTimeout;
  asio::ssl::context* tls = tls_ ? &tls_->ctx : nullptr;
  auto connection = pool_->take();
  if (!connection) connection = std::make_unique<Connection>(tls);
  Attempt attempt = exchange(*connection, endpoint_, options_, request, onBody, cancelled, totalDeadline);
  if (attempt.staleConnection && request.idempotent) {
    connection = std::make_unique<Connection>(tls);
    attempt = exchange(*connection, endpoint_, options_, request, onBody, cancelled, totalDeadline);
  }
  if (attempt.reusable) {
    connection->reused = true;
    pool_->keep(std::move(connection));
  }
  return std::move(attempt.response);
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
