// Applies the SQL migrations of migrations/sqlite to one SQLite database file and records
// them in schema_migrations. Safe to call from several threads (the health check asks
// current() while serving); other processes are kept out by each migration's IMMEDIATE
// transaction.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "store/migration_plan.hpp"
#include "store/sqlite/statement.hpp"
#include "store/store.hpp"

namespace irtc::store::sqlite {

class SqliteMigrator final : public Migrator {
 public:
  // Creates the database file if missing. Throws std::runtime_error for an invalid migrations
  // directory (see loadMigrationFiles) and StoreUnavailable if the file cannot be opened.
  SqliteMigrator(const std::string& databasePath, const std::string& migrationsDir);

  std::vector<int> up() override;
  std::vector<int> down(std::optional<int> toVersion) override;
  std::vector<MigrationStatus> status() override;
  bool current() override;

 private:
  std::map<int, AppliedMigration> applied();
  bool isApplied(int version);

  std::vector<MigrationFile> files_;
  std::mutex mutex_;  // guards connection_
  Connection connection_;
};

}  // namespace irtc::store::sqlite
