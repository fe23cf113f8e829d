#include "http/impl/request_handling.hpp"

#include <algorithm>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cctype>
#include <cmath>

#include "core/log.hpp"
#include "core/random.hpp"
#include "http/url.hpp"

namespace irtc::http::impl {
namespace http = boost::beast::http;
namespace {

std::string_view view(boost::beast::string_view text) {
  return {text.data(), text.size()};
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Fails with VALIDATION_FAILED for targets that are not origin-form or do not decode.
Request buildRequest(const BeastRequest& message, const std::string& remoteAddress, bool secure) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.remoteAddress = remoteAddress;
  request.requestId = requestIdFor(message);
  request.secure = secure;
  for (const auto& field : message) {
    auto [it, inserted] =
        request.headers.emplace(lower(view(field.name_string())), std::string(field.value()));
    if (!inserted) it->second += ", " + std::string(field.value());
  }
  request.body = message.body();

  if (request.target.empty() || request.target.front() != '/') {
    throw ApiError(ErrorCode::ValidationFailed, "request target must be an absolute path");
  }
  std::string_view target = request.target;
  std::size_t question = target.find('?');
  auto path = percentDecode(target.substr(0, question));
  if (!path || path->find('\0') != std::string::npos) {
    throw ApiError(ErrorCode::ValidationFailed, "request path is not validly percent-encoded");
  }
  request.path = std::move(*path);
  if (question != std::string_view::npos) {
    auto query = parseQuery(target.substr(question + 1));
    if (!query) throw ApiError(ErrorCode::ValidationFailed, "query string is not validly percent-encoded");
    request.query = std::move(*query);
  }
  return request;
}

// Handler failures: ApiErrors are the client's business, anything else is a bug whose details
// stay in the log.
template <class F>
auto guarded(const std::string& route, const std::string& requestId, F&& call) -> decltype(call()) {
  try {
    return call();
  } catch (const ApiError& e) {
    return Response::error(e.code(), e.what());
  } catch (const std::exception& e) {
    log::error("handler failed", {{"route", route}, {"request_id", requestId}, {"error", e.what()}});
  } catch (...) {
    log::error("handler failed",
               {{"route", route}, {"request_id", requestId}, {"error", "unknown exception"}});
  }
  return Response::error(ErrorCode::Internal, "internal error");
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

void dispatch(ServerState& state, const BeastRequest& message, Handled& handled) {
  auto limit = state.rateLimiter.acquire(handled.request.remoteAddress);
  bool upgrade = boost::beast::websocket::is_upgrade(message);
  std::string rawPath(message.target().substr(0, message.target().find('?')));
  Router::Match match = state.router->match(handled.request.method, rawPath, upgrade);
  handled.route = match.route ? match.route->pattern : match.handler ? "static" : "unmatched";
  if (!limit.allowed) {
    handled.response = Response::error(ErrorCode::RateLimited, "too many requests; retry later");
    handled.response.headers.emplace_back("Retry-After", std::to_string(limit.retryAfter.count()));
    return;
  }

  Request& request = handled.request;
  request.pathParams = std::move(match.params);
  if (match.upgrade && !upgrade) {
    handled.response =
        Response::error(ErrorCode::ValidationFailed, "this endpoint requires a WebSocket upgrade");
    handled.response.status = 426;
    handled.response.headers.emplace_back("Upgrade", "websocket");
  } else if (match.upgrade) {
    auto decision =
        guarded(handled.route, request.requestId,
                [&]() -> std::variant<Response, WebSocketHandlers> { return (*match.upgrade)(request); });
    if (auto* handlers = std::get_if<WebSocketHandlers>(&decision)) {
      handled.webSocket = std::move(*handlers);
    } else {
      handled.response = std::move(std::get<Response>(decision));
    }
  } else if (match.eventStream) {
    auto decision = guarded(
        handled.route, request.requestId,
        [&]() -> std::variant<Response, EventStreamHandlers> { return (*match.eventStream)(request); });
    if (auto* handlers = std::get_if<EventStreamHandlers>(&decision)) {
      handled.eventStream = std::move(*handlers);
    } else {
      handled.response = std::move(std::get<Response>(decision));
    }
  } else if (match.handler) {
    handled.response = guarded(handled.route, request.requestId, [&] { return (*match.handler)(request); });
    if (!match.route && handled.response.status == 404) handled.route = "unmatched";
  } else if (!match.allowedMethods.empty()) {
    handled.response = Response::error(ErrorCode::ValidationFailed,
                                       "method " + request.method + " is not allowed for this path");
    handled.response.status = 405;
    handled.response.headers.emplace_back("Allow", join(match.allowedMethods));
  } else {
    handled.response = Response::error(ErrorCode::NotFound, "no such route");
  }
}

bool isRequestIdChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

// Handlers may echo client input into headers; CR/LF would split the response.
std::string headerSafe(std::string value) {
  std::erase_if(value, [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
  return value;
}

}  // namespace

Handled handleRequest(ServerState& state, const BeastRequest& message, const std::string& remoteAddress,
                      bool secure) {
  Handled handled;
  handled.method = methodLabel(message);
  try {
    handled.request = buildRequest(message, remoteAddress, secure);
  } catch (const ApiError& e) {
    handled.request.requestId = requestIdFor(message);
    handled.request.remoteAddress = remoteAddress;
    handled.route = "unmatched";
    handled.response = Response::error(e.code(), e.what());
    return handled;
  }
  dispatch(state, message, handled);
  return handled;
}

BeastResponse toWire(const Response& response, const std::string& requestId, unsigned version, bool keepAlive,
                     bool head) {
  BeastResponse wire;
  wire.version(version);
  wire.result(static_cast<unsigned>(response.status));
  for (const auto& [name, value] : response.headers) wire.insert(headerSafe(name), headerSafe(value));
  bool bodyless = response.status == 204 || response.status == 304 || response.status < 200;
  if (!bodyless) {
    if (!response.contentType.empty()) wire.set(http::field::content_type, headerSafe(response.contentType));
    wire.body() = response.body;
  }
  setCommonHeaders(wire, requestId);
  wire.keep_alive(keepAlive);
  wire.prepare_payload();
  if (head) wire.body().clear();  // Content-Length still tells the size a GET would have sent
  return wire;
}

void setCommonHeaders(http::fields& fields, const std::string& requestId) {
  fields.set("X-Request-Id", requestId);
  fields.set("X-Content-Type-Options", "nosniff");
  fields.set("Referrer-Policy", "no-referrer");
}

std::string requestIdFor(const BeastRequest& message) {
  auto it = message.find("X-Request-Id");
  if (it != message.end()) {
    std::string_view value = view(it->value());
    if (!value.empty() && value.size() <= 128 && std::all_of(value.begin(), value.end(), isRequestIdChar)) {
      return std::string(value);
    }
  }
  return newUuid();
}

std::string methodLabel(const BeastRequest& message) {
  if (message.method() == http::verb::unknown) return "OTHER";
  return std::string(http::to_string(message.method()));
}

void recordRequest(const ServerState& state, const std::string& route, const std::string& method, int status,
                   Clock::time_point start, const std::string& requestId, const std::string& remoteAddress) {
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  log::info("request", {{"method", method},
                        {"route", route},
                        {"status", status},
                        {"duration_ms", std::round(seconds * 1e4) / 10},
                        {"request_id", requestId},
                        {"remote_ip", remoteAddress}});
  if (!state.observer) return;
  try {
    state.observer(route, method, status, seconds);
  } catch (const std::exception& e) {
    log::error("request observer failed", {{"error", e.what()}});
  }
}

}  // namespace irtc::http::impl
