// Applies the SQL migrations of migrations/postgres to one PostgreSQL database, as the role that
// owns the schema (database_migration_url), and records them in schema_migrations. Several
// instances migrating at once take turns on a transaction-scoped advisory lock.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "store/migration_plan.hpp"
#include "store/postgres/pool.hpp"
#include "store/store.hpp"

namespace irtc::store::postgres {

class PostgresMigrator final : public Migrator {
 public:
  // Throws std::runtime_error for an invalid migrations directory (see loadMigrationFiles).
  // Connects on first use; a broken connection is replaced.
  PostgresMigrator(const std::string& url, const std::string& migrationsDir);

  std::vector<int> up() override;
  std::vector<int> down(std::optional<int> toVersion) override;
  std::vector<MigrationStatus> status() override;
  bool current() override;

 private:
  std::map<int, AppliedMigration> applied(Connection& c);

  std::vector<MigrationFile> files_;
  std::mutex mutex_;  // one step at a time from this process
  Pool pool_;
};

}  // namespace irtc::store::postgres
