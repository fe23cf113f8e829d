#include "store/sqlite/sqlite_migrator.hpp"

#include "core/log.hpp"
#include "core/time.hpp"

namespace irtc::store::sqlite {
namespace {

constexpr std::string_view kCreateSchemaMigrations = R"(
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT)";

// Runs one migration step in its own IMMEDIATE transaction; a failure rolls the whole step
// back and is reported with the file it came from, keeping the exception's category. False:
// the step found nothing to do.
template <typename Step>
bool runStep(Connection& connection, const std::string& file, Step&& step) {
  try {
    Transaction transaction(connection);
    if (!step()) return false;
    transaction.commit();
    return true;
  } catch (const StoreUnavailable& e) {
    throw StoreUnavailable("migration " + file + " failed: " + e.what());
  } catch (const std::exception& e) {
    throw std::runtime_error("migration " + file + " failed: " + e.what());
  }
}

}  // namespace

SqliteMigrator::SqliteMigrator(const std::string& databasePath, const std::string& migrationsDir)
    : files_(loadMigrationFiles(migrationsDir)), connection_(databasePath, /*create=*/true) {
  // WAL is a property of the file: setting it here means the server finds it already in place.
  connection_.scalar("PRAGMA journal_mode=WAL");
  connection_.exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", "configure");
}

std::map<int, AppliedMigration> SqliteMigrator::applied() {
  std::map<int, AppliedMigration> rows;
  if (connection_.scalar(
          "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") == "0") {
    return rows;
  }
  Query q = connection_.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  while (q.step()) rows[static_cast<int>(q.int64(0))] = {q.text(1), q.int64(2)};
  return rows;
}

bool SqliteMigrator::isApplied(int version) {
  Query q = connection_.query("SELECT 1 FROM schema_migrations WHERE version = ?", version);
  return q.step();
}

std::vector<int> SqliteMigrator::up() {
  std::lock_guard lock(mutex_);
  connection_.exec(kCreateSchemaMigrations, "create schema_migrations");
  std::vector<int> done;
  for (const MigrationFile& file : files_) {
    const std::string fileName = file.name + ".up.sql";
    bool didApply = runStep(connection_, fileName, [&] {
      // Checked inside the transaction: another process may have applied it meanwhile.
      if (isApplied(file.version)) return false;
      connection_.runScript(file.upSql);
      connection_
          .query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", file.version,
                 file.name, nowMs())
          .run();
      return true;
    });
    if (didApply) {
      done.push_back(file.version);
      log::info("migration applied", {{"version", file.version}, {"name", file.name}});
    }
  }
  return done;
}

std::vector<int> SqliteMigrator::down(std::optional<int> toVersion) {
  std::lock_guard lock(mutex_);
  std::vector<int> targets = versionsToRevert(applied(), files_, toVersion);
  std::vector<int> reverted;
  for (int version : targets) {
    const MigrationFile& file = *migrationFile(files_, version);
    const std::string fileName = file.name + ".down.sql";
    bool reverts = runStep(connection_, fileName, [&] {
      if (!isApplied(version)) return false;
      connection_.runScript(file.downSql);
      connection_.query("DELETE FROM schema_migrations WHERE version = ?", version).run();
      return true;
    });
    if (reverts) {
      reverted.push_back(version);
      log::info("migration reverted", {{"version", version}, {"name", file.name}});
    }
  }
  return reverted;
}

std::vector<MigrationStatus> SqliteMigrator::status() {
  std::lock_guard lock(mutex_);
  return migrationStatus(applied(), files_);
}

bool SqliteMigrator::current() {
  return allCurrent(status());
}

}  // namespace irtc::store::sqlite
