#include "store/open_store.hpp"

#include <filesystem>

#include "core/config.hpp"
#include "store/postgres/postgres_migrator.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_migrator.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace irtc::store {
namespace {

namespace fs = std::filesystem;

std::string backendMigrationsDir(const std::string& migrationsDir, const std::string& backend) {
  fs::path nested = fs::path(migrationsDir) / backend;
  std::error_code ec;
  return fs::is_directory(nested, ec) ? nested.string() : migrationsDir;
}

}  // namespace

std::unique_ptr<Store> openStore(const std::string& location, const StoreOptions& options) {
  if (isPostgresUrl(location)) {
    postgres::PostgresOptions postgresOptions;
    if (options.poolSize > 0) postgresOptions.poolSize = options.poolSize;
    return std::make_unique<postgres::PostgresStore>(location, postgresOptions);
  }
  return std::make_unique<sqlite::SqliteStore>(location);
}

std::unique_ptr<Migrator> openMigrator(const std::string& location, const std::string& migrationsDir) {
  if (isPostgresUrl(location)) {
    return std::make_unique<postgres::PostgresMigrator>(location,
                                                        backendMigrationsDir(migrationsDir, "postgres"));
  }
  const std::string& sqlitePath = location;
  fs::path parent = fs::path(sqlitePath).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) throw StoreUnavailable("cannot create " + parent.string() + ": " + ec.message());
  }
  return std::make_unique<sqlite::SqliteMigrator>(sqlitePath, backendMigrationsDir(migrationsDir, "sqlite"));
}

}  // namespace irtc::store
