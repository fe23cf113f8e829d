// `interviewd serve`: wires storage, auth, the API and the HTTP server together and runs
// until SIGTERM or SIGINT, then drains.
#pragma once

#include <memory>
#include <string>

#include "api/context.hpp"
#include "app/system_routes.hpp"
#include "core/config.hpp"
#include "http/router.hpp"

namespace irtc::app {

// Every route the server serves; tests build it too, to check the API description.
std::shared_ptr<http::Router> buildRouter(const api::ServiceContext& service, const SystemContext& system,
                                          const std::string& webRoot);

struct ServeOptions {
  bool migrate = false;  // apply pending migrations before serving
};

// Returns the process exit code.
int serve(const Config& config, const ServeOptions& options);

}  // namespace irtc::app
