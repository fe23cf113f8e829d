// `interviewd serve`: wires storage, auth, the API and the HTTP server together and runs
// until SIGTERM or SIGINT, then drains.
#pragma once

#include <memory>
#include <string>

#include "api/context.hpp"
#include "app/system_routes.hpp"
#include "core/config.hpp"
#include "engine/call/call_service.hpp"
#include "http/router.hpp"
#include "proxy/proxy_session.hpp"
#include "proxy/session_hub.hpp"

namespace irtc::app {

// The local voice engine's /v1/realtime routes (engine/api), served when `calls` is set and the
// provider is local.
struct EngineApi {
  engine::CallService* calls = nullptr;  // outlives the router and its server
  std::string serverKey;                 // loadOrCreateEngineApiKey(config); required with `calls`
};

// The SDP proxy's /ws, served when `services` is set.
struct ProxyApi {
  proxy::ProxyServices* services = nullptr;  // both outlive the router and its server
  proxy::SessionHub* hub = nullptr;
};

// Every route the server serves; tests build it too, to check the API description.
std::shared_ptr<http::Router> buildRouter(const api::ServiceContext& service, const SystemContext& system,
                                          const std::string& webRoot, const EngineApi& engineApi = {},
                                          const ProxyApi& proxyApi = {});

struct ServeOptions {
  bool migrate = false;  // apply pending migrations before serving
};

// Returns the process exit code.
int serve(const Config& config, const ServeOptions& options);

}  // namespace irtc::app
