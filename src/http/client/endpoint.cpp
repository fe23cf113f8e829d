#include "http/client/endpoint.hpp"

#include <stdexcept>

namespace irtc::http::client {

std::optional<Endpoint> parseBaseUrl(std::string_view url) {
  Endpoint ep;
  if (url.starts_with("https://")) {
    ep.tls = true;
    url.remove_prefix(8);
  } else if (url.starts_with("http://")) {
    url.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  if (url.find_first_of("@?# \t\r\n") != std::string_view::npos) return std::nullopt;
  const std::size_t slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{} : url.substr(slash);
  while (path.ends_with('/')) path.remove_suffix(1);
  std::string_view port;
  if (authority.starts_with('[')) {  // IPv6 literal
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    ep.host = std::string(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return std::nullopt;
    if (!rest.empty()) port = rest.substr(1);
  } else {
    const std::size_t colon = authority.find(':');
    ep.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (ep.host.empty()) return std::nullopt;
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos)
      return std::nullopt;
    const int value = std::stoi(std::string(port));
    if (value < 1 || value > 65535) return std::nullopt;
    ep.port = std::string(port);
  } else {
    ep.port = ep.tls ? "443" : "80";
  }
  ep.basePath = std::string(path);
  return ep;
}

Endpoint requireBaseUrl(std::string_view url, std::string_view setting) {
  auto endpoint = parseBaseUrl(url);
  if (!endpoint) throw std::invalid_argument(std::string(setting) + " is not http(s)://host[:port][/path]");
  return *endpoint;
}

std::string hostHeader(const Endpoint& endpoint) {
  const std::string host =
      endpoint.host.find(':') != std::string::npos ? "[" + endpoint.host + "]" : endpoint.host;
  const bool defaultPort = endpoint.port == (endpoint.tls ? "443" : "80");
  return defaultPort ? host : host + ":" + endpoint.port;
}

}  // namespace irtc::http::client
