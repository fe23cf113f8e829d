#include "proxy/provider/provider_config.hpp"

#include <algorithm>
#include <stdexcept>

namespace irtc::proxy::provider {

namespace {

bool isLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace

http::client::Endpoint providerEndpoint(const ProviderConfig& config) {
  auto endpoint = http::client::requireBaseUrl(config.baseUrl, "the provider base URL");
  // Every request carries the server key: in clear text only to this machine.
  if (!endpoint.tls && !isLoopback(endpoint.host)) {
    throw std::invalid_argument(
        "the provider base URL must use https:// (http:// is allowed only for 127.0.0.1, ::1 or localhost), "
        "since every request carries the server key");
  }
  return endpoint;
}

std::string bearerAuthorization(const ProviderConfig& config) {
  // Visible ASCII only: a line break would let the key inject header lines, and the message must not
  // quote the key to say what is wrong with it.
  const bool usable = !config.apiKey.empty() && std::all_of(config.apiKey.begin(), config.apiKey.end(),
                                                            [](char c) { return c > 0x20 && c < 0x7f; });
  if (!usable)
    throw std::invalid_argument("the provider API key is empty or holds spaces or control characters");
  return "Bearer " + config.apiKey;
}

}  // namespace irtc::proxy::provider
