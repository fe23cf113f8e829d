#include "store/open_store.hpp"

#include <filesystem>

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

std::unique_ptr<Store> openStore(const std::string& sqlitePath) {
  return std::make_unique<sqlite::SqliteStore>(sqlitePath);
}

std::unique_ptr<Migrator> openMigrator(const std::string& sqlitePath, const std::string& migrationsDir) {
  fs::path parent = fs::path(sqlitePath).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) throw StoreUnavailable("cannot create " + parent.string() + ": " + ec.message());
  }
  return std::make_unique<sqlite::SqliteMigrator>(sqlitePath, backendMigrationsDir(migrationsDir, "sqlite"));
}

}  // namespace irtc::store
