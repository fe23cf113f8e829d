// What a route handler sees of a request and gives back. The server owns the wire format.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace irtc::http {

struct Request {
  std::string method;                             // "GET", "POST", …
  std::string target;                             // as received, e.g. "/api/v1/positions?limit=10"
  std::string path;                               // percent-decoded path without the query
  std::map<std::string, std::string> query;       // decoded query parameters (last one wins)
  std::map<std::string, std::string> pathParams;  // filled by the router, e.g. {"id": "…"}
  std::map<std::string, std::string> headers;     // field names in lower case
  std::string body;
  std::string remoteAddress;  // client IP
  std::string requestId;      // X-Request-Id received or generated
  bool secure = false;        // arrived over TLS

  // Header value by lower-case name.
  std::optional<std::string> header(std::string_view lowerName) const;
  // The token of "Authorization: Bearer <token>", if present.
  std::optional<std::string> bearerToken() const;
  // "http://host:port" or "https://…", from the Host header and the transport.
  std::string origin() const;
};

struct Response {
  int status = 200;
  std::string contentType = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers

  static Response json(int status, const nlohmann::json& body);
  static Response error(ErrorCode code, std::string_view message);
  static Response text(int status, std::string body, std::string contentType = "text/plain; charset=utf-8");
};

}  // namespace irtc::http
