// Percent-decoding of URL paths and query strings (RFC 3986), shared by the server, the router and
// the static file handler.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace irtc::http {

// Decodes %XX escapes; with `plusIsSpace` (query strings) '+' becomes ' '. Empty on a malformed
// escape.
std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace = false);

// "a=1&b=x%20y" → {a:1, b:"x y"}; the last of repeated names wins; a name without '=' maps to "".
// Empty on a malformed escape.
std::optional<std::map<std::string, std::string>> parseQuery(std::string_view query);

}  // namespace irtc::http
