// Operational endpoints: liveness, readiness, metrics and the API description.
#pragma once

#include <chrono>

#include "http/router.hpp"
#include "metrics/registry.hpp"
#include "store/store.hpp"

namespace irtc::app {

struct SystemContext {
  store::Store& store;
  store::Migrator& migrator;
  metrics::Registry& metrics;
  std::chrono::steady_clock::time_point startedAt;
};

void registerSystemRoutes(http::Router& router, const SystemContext& context);

}  // namespace irtc::app
