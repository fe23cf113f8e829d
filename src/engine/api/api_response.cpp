#include "engine/api/api_response.hpp"

#include <algorithm>
#include <cctype>

#include "core/log.hpp"

namespace irtc::engine::api {
namespace {

void addCorsHeaders(http::Response& response) {
  // Any origin: the credentials are bearer keys, never cookies, so a page elsewhere gains nothing
  // it does not already hold. The browser SDK reads the call id from Location.
  response.headers.emplace_back("Access-Control-Allow-Origin", "*");
  response.headers.emplace_back("Access-Control-Expose-Headers", "Location, X-Request-Id");
}

}  // namespace

http::Response errorResponse(int status, const realtime::EventError& error) {
  return http::Response::json(status, realtime::httpErrorBody(error));
}

http::Response errorResponse(int status, std::string code, std::string message,
                             std::optional<std::string> param) {
  realtime::EventError error;
  error.code = std::move(code);
  error.message = std::move(message);
  error.param = std::move(param);
  return errorResponse(status, error);
}

std::string mediaType(std::string_view contentType) {
  std::string_view type = contentType.substr(0, contentType.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  std::string out(type);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

http::Response corsPreflight() {
  http::Response response;
  response.status = 204;
  response.contentType.clear();
  addCorsHeaders(response);
  response.headers.emplace_back("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
  response.headers.emplace_back("Access-Control-Allow-Headers", std::string(kCorsAllowedHeaders));
  response.headers.emplace_back("Access-Control-Max-Age", std::to_string(kCorsMaxAgeSeconds));
  return response;
}

http::Handler withCors(http::Handler handler) {
  return [handler = std::move(handler)](const http::Request& request) {
    http::Response response;
    try {
      response = handler(request);
    } catch (const std::exception& e) {
      log::error("realtime handler failed",
                 {{"path", request.path}, {"request_id", request.requestId}, {"error", e.what()}});
      realtime::EventError error;
      error.type = "server_error";
      error.code = "internal_error";
      error.message = "the server had an error while processing the request";
      response = errorResponse(500, error);
    }
    addCorsHeaders(response);
    return response;
  };
}

}  // namespace irtc::engine::api
