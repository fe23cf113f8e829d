#include "functions/webrtc_config.hpp"

#include "api/context.hpp"
#include "auth/turn_credentials.hpp"

namespace irtc::functions {

std::string sdpProxyUrl(const Config& config, const http::Request& request) {
  if (!config.sdpProxyUrl.empty()) return config.sdpProxyUrl;
  std::string base = api::publicBaseUrl(config, request);
  if (base.rfind("https://", 0) == 0) return "wss://" + base.substr(8) + "/ws";
  if (base.rfind("http://", 0) == 0) return "ws://" + base.substr(7) + "/ws";
  return base + "/ws";
}

nlohmann::json iceServers(const Config& config, const std::string& sessionId,
                          std::int64_t credentialExpiresAt) {
  nlohmann::json servers = nlohmann::json::array();
  if (!config.stunUrls.empty()) servers.push_back({{"urls", config.stunUrls}});
  if (!config.turnSecret.empty() && !config.turnUrls.empty()) {
    auto credential = auth::mintTurnCredential(config.turnSecret, sessionId, credentialExpiresAt);
    servers.push_back({{"urls", config.turnUrls},
                       {"username", credential.username},
                       {"credential", credential.credential}});
  }
  return servers;
}

}  // namespace irtc::functions
