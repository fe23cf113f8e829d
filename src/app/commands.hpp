// The administrative subcommands of `interviewd` (everything but `serve`). Each prints JSON
// on stdout and returns the process exit code.
#pragma once

#include <optional>
#include <string>

#include "core/config.hpp"

namespace irtc::app {

int migrateUp(const Config& config);
int migrateDown(const Config& config, std::optional<int> toVersion);
int migrateStatus(const Config& config);
int tenantCreate(const Config& config, const std::string& name);
int tenantList(const Config& config);
int apiKeyRotate(const Config& config, const std::string& tenantId);
int printConfig(const Config& config);

}  // namespace irtc::app
