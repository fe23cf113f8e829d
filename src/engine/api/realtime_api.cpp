#include "engine/api/realtime_api.hpp"

#include "core/time.hpp"
#include "engine/api/api_response.hpp"
#include "engine/api/endpoints.hpp"

namespace irtc::engine::api {

void registerRealtimeApi(http::Router& router, RealtimeApiContext context) {
  auto clock = context.clockMs ? std::move(context.clockMs) : std::function<std::int64_t()>(irtc::nowMs);
  auto state = std::make_shared<const ApiState>(
      ApiState{context.calls, EngineAuth(context.serverKey), std::move(context.defaults), std::move(clock)});

  auto preflight = [](const http::Request&) { return corsPreflight(); };
  router.add("POST", kCallsPath, withCors(callsHandler(state)));
  router.add("OPTIONS", kCallsPath, preflight);
  router.add("POST", kClientSecretsPath, withCors(clientSecretsHandler(state)));
  router.add("OPTIONS", kClientSecretsPath, preflight);
  router.add("POST", kHangupPath, withCors(hangupHandler(state)));
  router.add("OPTIONS", kHangupPath, preflight);
  // No CORS: browsers cannot send the server key on a WebSocket, and nothing else opens it.
  router.addWebSocket(kSidebandPath, sidebandUpgrade(state));
}

}  // namespace irtc::engine::api
