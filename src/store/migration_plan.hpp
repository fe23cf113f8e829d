// What a migrator decides from the files on disk and the versions a database has applied, shared
// by the backends' migrators.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/migration_files.hpp"
#include "store/store.hpp"

namespace irtc::store {

struct AppliedMigration {
  std::string name;
  std::int64_t appliedAt = 0;
};

// The versions down(toVersion) reverts, newest first: the newest only by default, else every one
// above `toVersion`. Throws std::invalid_argument for a negative target and std::runtime_error,
// before anything is reverted, when a version to revert has no file in this release.
std::vector<int> versionsToRevert(const std::map<int, AppliedMigration>& applied,
                                  const std::vector<MigrationFile>& files, std::optional<int> toVersion);

// Every version on disk or applied, by ascending version.
std::vector<MigrationStatus> migrationStatus(const std::map<int, AppliedMigration>& applied,
                                             const std::vector<MigrationFile>& files);

// True when every migration on disk is applied and nothing unknown is.
bool allCurrent(const std::vector<MigrationStatus>& status);

// The file of `version`, or nullptr.
const MigrationFile* migrationFile(const std::vector<MigrationFile>& files, int version);

}  // namespace irtc::store
