#include "proxy/provider/provider_config.hpp"

#include <algorithm>
#include <stdexcept>

namespace irtc::proxy::provider {

http::client::Endpoint providerEndpoint(const ProviderConfig& config) {
  return http::client::requireBaseUrl(config.baseUrl, "the provider base URL");
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
