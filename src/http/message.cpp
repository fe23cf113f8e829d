#include "http/message.hpp"

#include <algorithm>
#include <cctype>

namespace irtc::http {
namespace {

bool iequalsPrefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
}

// The Host header ends up in links the service hands out, so anything that is not a plain
// host[:port] is not trusted.
bool isPlainHost(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' ||
           c == ']';
  });
}

}  // namespace

std::optional<std::string> Request::header(std::string_view lowerName) const {
  auto it = headers.find(std::string(lowerName));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::bearerToken() const {
  auto value = header("authorization");
  if (!value || !iequalsPrefix(*value, "bearer ")) return std::nullopt;
  std::string_view token = std::string_view(*value).substr(7);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return std::string(token);
}

std::string Request::origin() const {
  std::string scheme = secure ? "https://" : "http://";
  auto host = header("host");
  return scheme + (host && isPlainHost(*host) ? *host : "localhost");
}

Response Response::json(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response Response::error(ErrorCode code, std::string_view message) {
  return json(httpStatusFor(code), errorBody(code, message));
}

Response Response::text(int status, std::string body, std::string contentType) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.contentType = std::move(contentType);
  return response;
}

}  // namespace irtc::http
