// Files the service needs at run time, found without configuration in the usual layouts.
#pragma once

#include <string>

#include "core/config.hpp"

namespace irtc::app {

// The first existing directory of: the configured one, <exe>/../share/interview-rtc/<name>,
// <source tree>/<name>. Throws std::runtime_error naming the places tried.
std::string locateMigrationsDir(const Config& config);
std::string locateWebRoot(const Config& config);

// The configured JWT secret, or the one kept in data_dir/jwt_secret (created with mode 0600
// on first use), so tokens stay valid across restarts of a single instance.
std::string loadOrCreateJwtSecret(const Config& config);

// The local voice engine's server key: the configured engine_api_key, or the one kept in
// data_dir/engine_api_key (created with mode 0600 on first use: "sk_engine_" and 256 random bits,
// base64url). Every engine and proxy that shares a deployment must be given the same value.
std::string loadOrCreateEngineApiKey(const Config& config);

// The embedded OpenAPI document (docs/api/openapi.json at build time).
const std::string& openApiDocument();

}  // namespace irtc::app
