#include "store/postgres/postgres_migrator.hpp"

#include "core/log.hpp"
#include "core/time.hpp"

namespace irtc::store::postgres {
namespace {

// The service reads schema_migrations for its health check; it changes nothing in it.
constexpr std::string_view kCreateSchemaMigrations = R"(
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at bigint NOT NULL
  );
  GRANT SELECT ON schema_migrations TO interviewd_service)";

// Any constant both instances agree on: the key of the advisory lock migrations hold.
constexpr std::int64_t kMigrationLock = 0x69727463;  // "irtc"

// The SQL stays a std::string because query() keys its prepared statements by it; a
// function-local static builds it on first use, where a failed allocation can be caught.
const std::string& isAppliedSql() {
  static const std::string sql = "SELECT 1 FROM schema_migrations WHERE version = $1";
  return sql;
}

// Runs one migration step in its own transaction under the migration lock; a failure rolls the
// whole step back and is reported with the file it came from, keeping the exception's category.
// False: the step found nothing to do.
template <typename Step>
bool runStep(Pool& pool, const std::string& file, Step&& step) {
  Pool::Lease lease(pool);
  try {
    Connection& c = lease.connection();
    c.exec("BEGIN");
    try {
      c.query("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
      if (!step(c)) {
        c.exec("ROLLBACK");
        return false;
      }
      c.exec("COMMIT");
      return true;
    } catch (...) {
      if (c.healthy()) c.exec("ROLLBACK");
      throw;
    }
  } catch (const StoreUnavailable& e) {
    throw StoreUnavailable("migration " + file + " failed: " + e.what());
  } catch (const std::exception& e) {
    throw std::runtime_error("migration " + file + " failed: " + e.what());
  }
}

}  // namespace

PostgresMigrator::PostgresMigrator(const std::string& url, const std::string& migrationsDir)
    : files_(loadMigrationFiles(migrationsDir)), pool_(url, 1) {}

std::map<int, AppliedMigration> PostgresMigrator::applied(Connection& c) {
  std::map<int, AppliedMigration> rows;
  if (c.query("SELECT to_regclass('schema_migrations') IS NULL").boolean(0)) return rows;
  Result r = c.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  for (int i = 0; i < r.rows(); ++i) rows[static_cast<int>(r.row(i).int64(0))] = {r.text(1), r.int64(2)};
  return rows;
}

std::vector<int> PostgresMigrator::up() {
  std::lock_guard lock(mutex_);
  runStep(pool_, "schema_migrations", [](Connection& c) {
    c.exec(kCreateSchemaMigrations);
    return true;
  });
  std::vector<int> done;
  for (const MigrationFile& file : files_) {
    bool didApply = runStep(pool_, file.name + ".up.sql", [&](Connection& c) {
      // Checked under the lock: another instance may have applied it meanwhile.
      if (c.query(isAppliedSql(), file.version).rows() > 0) return false;
      c.exec(file.upSql);
      c.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", file.version,
              file.name, nowMs());
      return true;
    });
    if (didApply) {
      done.push_back(file.version);
      log::info("migration applied", {{"version", file.version}, {"name", file.name}});
    }
  }
  return done;
}

std::vector<int> PostgresMigrator::down(std::optional<int> toVersion) {
  std::lock_guard lock(mutex_);
  std::map<int, AppliedMigration> rows;
  {
    Pool::Lease lease(pool_);
    rows = applied(lease.connection());
  }
  std::vector<int> reverted;
  for (int version : versionsToRevert(rows, files_, toVersion)) {
    const MigrationFile& file = *migrationFile(files_, version);
    bool reverts = runStep(pool_, file.name + ".down.sql", [&](Connection& c) {
      if (c.query(isAppliedSql(), version).rows() == 0) return false;
      c.exec(file.downSql);
      c.query("DELETE FROM schema_migrations WHERE version = $1", version);
      return true;
    });
    if (reverts) {
      reverted.push_back(version);
      log::info("migration reverted", {{"version", version}, {"name", file.name}});
    }
  }
  return reverted;
}

std::vector<MigrationStatus> PostgresMigrator::status() {
  std::lock_guard lock(mutex_);
  Pool::Lease lease(pool_);
  try {
    return migrationStatus(applied(lease.connection()), files_);
  } catch (const StoreUnavailable&) {
    // A connection that broke while idle (the database restarted) shows it only now; reading the
    // status again on a new one is harmless.
    if (lease.healthy()) throw;
    return migrationStatus(applied(lease.connection()), files_);
  }
}

bool PostgresMigrator::current() {
  return allCurrent(status());
}

}  // namespace irtc::store::postgres
