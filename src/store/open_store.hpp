// Chooses and opens the storage backend. Only SQLite exists so far; PostgreSQL will be chosen
// by a database URL, so callers go through these functions rather than a backend's class.
#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace irtc::store {

// The store on the SQLite file `sqlitePath`, which must already be migrated.
std::unique_ptr<Store> openStore(const std::string& sqlitePath);

// The migrator of the SQLite file `sqlitePath` (created, with its directory, if missing).
// `migrationsDir` is either the directory of the SQLite migrations (migrations/sqlite) or the
// root holding one directory per backend (migrations), whose sqlite/ is then used.
std::unique_ptr<Migrator> openMigrator(const std::string& sqlitePath, const std::string& migrationsDir);

}  // namespace irtc::store
