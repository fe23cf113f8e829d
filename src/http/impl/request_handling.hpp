// One HTTP request from parsed message to Response, independent of the connection it came on.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "http/impl/server_state.hpp"

namespace irtc::http::impl {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;
using Clock = std::chrono::steady_clock;

struct Handled {
  Request request;
  std::string route;   // label for logs and metrics: pattern, "static" or "unmatched"
  std::string method;  // label: the method, or "OTHER" for non-standard ones
  Response response;   // when not accepted as a WebSocket or event stream
  std::optional<WebSocketHandlers> webSocket;
  std::optional<EventStreamHandlers> eventStream;
};

// Rate limiting, routing, the handler or upgrade decision, and errors turned into responses.
Handled handleRequest(ServerState& state, const BeastRequest& message, const std::string& remoteAddress,
                      bool secure);

// The wire response, with the request id and the security headers every response carries.
BeastResponse toWire(const Response& response, const std::string& requestId, unsigned version, bool keepAlive,
                     bool head);

// The request id and the security headers every response carries.
void setCommonHeaders(boost::beast::http::fields& fields, const std::string& requestId);

// The client's X-Request-Id if it is acceptable (1-128 of [A-Za-z0-9._-]), else a new one.
std::string requestIdFor(const BeastRequest& message);

// A bounded method label (metrics must not take arbitrary client text).
std::string methodLabel(const BeastRequest& message);

// One structured log line and one observer call per request. Never the target, query or body.
void recordRequest(const ServerState& state, const std::string& route, const std::string& method, int status,
                   Clock::time_point start, const std::string& requestId, const std::string& remoteAddress);

}  // namespace irtc::http::impl
