#include "app/commands.hpp"

#include <filesystem>
#include <iostream>

#include "api/serializers.hpp"
#include "app/resources.hpp"
#include "auth/credentials.hpp"
#include "core/time.hpp"
#include "store/open_store.hpp"

namespace irtc::app {
namespace {

std::unique_ptr<store::Migrator> migrator(const Config& config) {
  std::filesystem::create_directories(config.dataDir);
  return store::openMigrator(config.migrationLocation(), locateMigrationsDir(config));
}

std::unique_ptr<store::Store> storeFor(const Config& config) {
  return store::openStore(config.databaseLocation(), {config.databasePoolSize});
}

void print(const nlohmann::json& value) {
  std::cout << value.dump(2) << std::endl;
}

}  // namespace

int migrateUp(const Config& config) {
  print({{"applied", migrator(config)->up()}});
  return 0;
}

int migrateDown(const Config& config, std::optional<int> toVersion) {
  print({{"reverted", migrator(config)->down(toVersion)}});
  return 0;
}

int migrateStatus(const Config& config) {
  auto m = migrator(config);
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& s : m->status()) {
    rows.push_back(
        {{"version", s.version},
         {"name", s.name},
         {"applied", s.applied},
         {"appliedAt", s.appliedAt ? nlohmann::json(formatTime(*s.appliedAt)) : nlohmann::json(nullptr)}});
  }
  print({{"current", m->current()}, {"migrations", rows}});
  return 0;
}

int tenantCreate(const Config& config, const std::string& name) {
  if (name.empty() || name.size() > 200) {
    std::cerr << "tenant name must be 1 to 200 characters\n";
    return 2;
  }
  auto store = storeFor(config);
  auto tenant = store->createTenant(name);
  auto key = auth::issueApiKey(tenant.id, nowMs());
  store->addApiKey(key.record);
  print({{"tenantId", tenant.id}, {"apiKey", key.key}});
  return 0;
}

int tenantList(const Config& config) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& t : storeFor(config)->listTenants()) rows.push_back(api::toJson(t));
  print(rows);
  return 0;
}

int apiKeyRotate(const Config& config, const std::string& tenantId) {
  auto store = storeFor(config);
  auto key = auth::issueApiKey(tenantId, nowMs());
  if (!store->rotateApiKey(key.record)) {
    std::cerr << "no tenant with id " << tenantId << "\n";
    return 1;
  }
  print({{"tenantId", tenantId}, {"apiKey", key.key}});
  return 0;
}

int printConfig(const Config& config) {
  print(config.toMaskedJson());
  return 0;
}

}  // namespace irtc::app
