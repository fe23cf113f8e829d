// The handlers behind registerRealtimeApi and the state they share. Internal to irtc_engine_api.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "engine/api/engine_auth.hpp"
#include "engine/call/call_service.hpp"
#include "engine/realtime/session_config.hpp"
#include "http/router.hpp"
#include "http/websocket.hpp"

namespace irtc::engine::api {

struct ApiState {
  CallService& calls;
  EngineAuth auth;
  realtime::SessionConfig defaults;
  std::function<std::int64_t()> clockMs;
};

// "rtc_" and up to kMaxIdLength id characters: anything else cannot name a call, so it is
// refused as unknown without asking the CallService.
bool looksLikeCallId(std::string_view id);

http::Handler callsHandler(std::shared_ptr<const ApiState> state);
http::Handler hangupHandler(std::shared_ptr<const ApiState> state);
http::Handler clientSecretsHandler(std::shared_ptr<const ApiState> state);
http::WebSocketUpgrade sidebandUpgrade(std::shared_ptr<const ApiState> state);

}  // namespace irtc::engine::api
