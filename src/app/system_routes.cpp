#include "app/system_routes.hpp"

#include "app/resources.hpp"
#include "core/log.hpp"

namespace irtc::app {

void registerSystemRoutes(http::Router& router, const SystemContext& context) {
  router.add("GET", "/healthz", [&context](const http::Request&) {
    auto uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - context.startedAt).count();
    return http::Response::json(200,
                                {{"status", "ok"}, {"version", IRTC_VERSION}, {"uptimeSeconds", uptime}});
  });

  router.add("GET", "/readyz", [&context](const http::Request& request) {
    nlohmann::json checks = {{"database", "ok"}, {"migrations", "ok"}};
    bool ready = true;
    try {
      context.store.ping();
      if (!context.migrator.current()) {
        checks["migrations"] = "pending: run 'interviewd migrate up'";
        ready = false;
      }
    } catch (const std::exception& e) {
      log::warn("readiness check failed", {{"requestId", request.requestId}, {"error", e.what()}});
      checks["database"] = "unreachable";
      checks["migrations"] = "unknown";
      ready = false;
    }
    return http::Response::json(ready ? 200 : 503,
                                {{"status", ready ? "ready" : "not_ready"}, {"checks", checks}});
  });

  router.add("GET", "/metrics", [&context](const http::Request&) {
    return http::Response::text(200, context.metrics.expose(), "text/plain; version=0.0.4; charset=utf-8");
  });

  router.add("GET", "/openapi.json", [](const http::Request&) {
    return http::Response::text(200, openApiDocument(), "application/json");
  });
}

}  // namespace irtc::app
