// The WebRTC part of the interview-start answer: where to signal and which ICE servers to use.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/config.hpp"
#include "http/message.hpp"

namespace irtc::functions {

// ws(s)://<public host>/ws, unless configuration points browsers at another proxy.
std::string sdpProxyUrl(const Config& config, const http::Request& request);

// [{urls:[stun…]}, {urls:[turn…], username, credential}] from configuration; TURN only
// with a secret, its credentials valid until `credentialExpiresAt` (Unix seconds).
nlohmann::json iceServers(const Config& config, const std::string& sessionId,
                          std::int64_t credentialExpiresAt);

}  // namespace irtc::functions
