// Responses of the /v1/realtime surface: OpenAI's error shape and the CORS headers browsers need.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/realtime/event_error.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace irtc::engine::api {

// Request headers a browser may send cross-origin: what fetch() from @openai/agents-realtime and
// the OpenAI SDKs set besides the CORS-safelisted ones.
inline constexpr std::string_view kCorsAllowedHeaders =
    "authorization, content-type, openai-beta, openai-organization, openai-project, x-openai-agents-sdk";
inline constexpr int kCorsMaxAgeSeconds = 3600;

// {"error":{"message","type","code","param"}} with `status`.
http::Response errorResponse(int status, const realtime::EventError& error);
http::Response errorResponse(int status, std::string code, std::string message,
                             std::optional<std::string> param = std::nullopt);

// The media type of a Content-Type value, lower case and without parameters.
std::string mediaType(std::string_view contentType);

// The answer to an OPTIONS preflight: 204 with the allowed origin, methods, headers and max age.
http::Response corsPreflight();

// Wraps a handler so that every answer, errors included, carries Access-Control-Allow-Origin and
// exposes Location, and so that an unexpected exception still answers in OpenAI's shape (500
// server_error) instead of the service's own error format.
http::Handler withCors(http::Handler handler);

}  // namespace irtc::engine::api
