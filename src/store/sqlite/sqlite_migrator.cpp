#include "store/sqlite/sqlite_migrator.hpp"

#include <algorithm>

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

std::map<int, SqliteMigrator::Applied> SqliteMigrator::applied() {
  std::map<int, Applied> rows;
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

const MigrationFile* SqliteMigrator::fileFor(int version) const {
  auto it = std::find_if(files_.begin(), files_.end(),
                         [&](const MigrationFile& f) { return f.version == version; });
  return it == files_.end() ? nullptr : &*it;
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
  if (toVersion && *toVersion < 0) throw std::invalid_argument("target version must not be negative");
  std::lock_guard lock(mutex_);
  std::map<int, Applied> rows = applied();
  std::vector<int> targets;
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    if (toVersion ? it->first <= *toVersion : !targets.empty()) break;
    targets.push_back(it->first);
  }
  // Refuse before reverting anything rather than stop half-way at a version we cannot revert.
  for (int version : targets) {
    if (fileFor(version) == nullptr) {
      throw std::runtime_error("cannot revert migration " + std::to_string(version) + " (" +
                               rows[version].name + "): no migration file for it in this release");
    }
  }
  std::vector<int> reverted;
  for (int version : targets) {
    const MigrationFile& file = *fileFor(version);
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
  std::map<int, Applied> rows;
  {
    std::lock_guard lock(mutex_);
    rows = applied();
  }
  std::map<int, MigrationStatus> merged;
  for (const MigrationFile& file : files_)
    merged[file.version] = {file.version, file.name, false, std::nullopt, true};
  for (const auto& [version, row] : rows) {
    auto [it, inserted] =
        merged.try_emplace(version, MigrationStatus{version, row.name, true, row.appliedAt, false});
    if (!inserted) {
      it->second.applied = true;
      it->second.appliedAt = row.appliedAt;
    }
  }
  std::vector<MigrationStatus> out;
  for (auto& [version, entry] : merged) out.push_back(std::move(entry));
  return out;
}

bool SqliteMigrator::current() {
  std::vector<MigrationStatus> all = status();
  return std::all_of(all.begin(), all.end(), [](const MigrationStatus& s) { return s.applied && s.onDisk; });
}

}  // namespace irtc::store::sqlite
