// Where the realtime voice provider is and how the proxy authenticates to it: OpenAI's Realtime
// API, or the local engine that speaks the same protocol. Shared by ProviderClient (the calls API)
// and SidebandClient (the call's WebSocket).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "http/client/endpoint.hpp"

namespace irtc::proxy::provider {

struct ProviderConfig {
  std::string baseUrl;  // "https://api.openai.com/v1", "http://127.0.0.1:8080/v1"
  std::string apiKey;   // the server key: only ever sent as "Authorization: Bearer", never logged or returned
  std::chrono::milliseconds connectTimeout{5000};  // name resolution, TCP, TLS (and the WebSocket handshake)
  std::chrono::milliseconds totalTimeout{15000};   // one calls-API request, start to end
  std::string caFile;  // extra trusted CA certificates (PEM) besides the system store
  // Kept-alive connections to the calls API, so that an offer does not wait for TCP and TLS set-up.
  std::size_t maxIdleConnections = 4;
  std::chrono::milliseconds idleTimeout{30000};
};

// The parsed base URL; throws std::invalid_argument naming the setting when it is not http(s)://….
http::client::Endpoint providerEndpoint(const ProviderConfig& config);

// "Bearer <key>"; throws std::invalid_argument when the key is empty or not a header-safe token.
std::string bearerAuthorization(const ProviderConfig& config);

}  // namespace irtc::proxy::provider
