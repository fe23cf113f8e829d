// Where an outgoing client sends its requests: the parsed form of a configured service base URL
// such as "https://api.openai.com/v1" or "http://127.0.0.1:8000/v1".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace irtc::http::client {

struct Endpoint {
  bool tls = false;
  std::string host;      // without brackets for an IPv6 literal
  std::string port;      // "80"/"443" when the URL has none
  std::string basePath;  // without a trailing '/', e.g. "/v1"
};

// "http(s)://host[:port][/base/path]"; nullopt for anything else. User info is refused so that a
// credential never sits in a URL that ends up in logs; query and fragment have no meaning for a base.
std::optional<Endpoint> parseBaseUrl(std::string_view url);

// parseBaseUrl for a configured URL: throws std::invalid_argument naming `setting` (e.g. "LLM base
// URL") when it is not one, so that a bad setting stops start-up instead of the first call.
Endpoint requireBaseUrl(std::string_view url, std::string_view setting);

// The Host header value: brackets around an IPv6 literal, the port only when not the default.
std::string hostHeader(const Endpoint& endpoint);

}  // namespace irtc::http::client
