// The local voice engine's OpenAI-Realtime-compatible HTTP surface (DESIGN.md, "OpenAI Realtime
// (GA) facts"):
//   POST /v1/realtime/calls                 raw SDP + ek_ key, or multipart sdp/session + server key
//   POST /v1/realtime/client_secrets        server key → ephemeral key with its session
//   POST /v1/realtime/calls/{id}/hangup     server key
//   GET  /v1/realtime?call_id=rtc_…         sideband WebSocket, server key
// plus CORS preflights (OPTIONS) for the POST paths. Every error is OpenAI-shaped.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/call/call_service.hpp"
#include "engine/realtime/session_config.hpp"
#include "http/router.hpp"

namespace irtc::engine::api {

inline constexpr const char* kCallsPath = "/v1/realtime/calls";
inline constexpr const char* kHangupPath = "/v1/realtime/calls/{id}/hangup";
inline constexpr const char* kClientSecretsPath = "/v1/realtime/client_secrets";
inline constexpr const char* kSidebandPath = "/v1/realtime";

struct RealtimeApiContext {
  CallService& calls;  // must outlive the router (and the server serving it)
  // The engine's server key (loadOrCreateEngineApiKey). It also derives the secret that signs
  // ephemeral keys, so every instance sharing it accepts the others' keys. Must not be empty.
  std::string serverKey;
  // What a call gets when neither an ephemeral key nor a session part configures it (model and
  // voice from the configuration), and the base that a session part or client_secrets patches.
  realtime::SessionConfig defaults;
  // Unix milliseconds, for ephemeral key expiry; empty: the system clock. Tests set it.
  std::function<std::int64_t()> clockMs;
};

// Throws std::invalid_argument for an empty server key (a deployment bug, not client input).
void registerRealtimeApi(http::Router& router, RealtimeApiContext context);

}  // namespace irtc::engine::api
