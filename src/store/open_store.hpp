// Chooses and opens the storage backend: PostgreSQL for a postgres:// (or postgresql://) URL,
// else SQLite on a file. Callers go through these functions rather than a backend's class.
#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace irtc::store {

// PostgreSQL connections an instance holds unless configured (database_pool_size); the I/O
// threads' default follows it, since request handlers wait for the database there.
constexpr int kDefaultPostgresPoolSize = 8;

struct StoreOptions {
  int poolSize = 0;  // PostgreSQL connections; 0: kDefaultPostgresPoolSize
};

// The store at `location` (a PostgreSQL URL connecting as the service role, or an SQLite file),
// which must already be migrated.
std::unique_ptr<Store> openStore(const std::string& location, const StoreOptions& options = {});

// The migrator of `location`: a PostgreSQL URL connecting as the schema's owner, or an SQLite
// file (created, with its directory, if missing). `migrationsDir` is either one backend's directory
// of migrations or the root holding one directory per backend (migrations), whose postgres/ or
// sqlite/ is then used.
std::unique_ptr<Migrator> openMigrator(const std::string& location, const std::string& migrationsDir);

}  // namespace irtc::store
