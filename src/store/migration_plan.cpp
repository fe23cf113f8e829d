#include "store/migration_plan.hpp"

#include <algorithm>
#include <stdexcept>

namespace irtc::store {

const MigrationFile* migrationFile(const std::vector<MigrationFile>& files, int version) {
  auto it =
      std::find_if(files.begin(), files.end(), [&](const MigrationFile& f) { return f.version == version; });
  return it == files.end() ? nullptr : &*it;
}

std::vector<int> versionsToRevert(const std::map<int, AppliedMigration>& applied,
                                  const std::vector<MigrationFile>& files, std::optional<int> toVersion) {
  if (toVersion && *toVersion < 0) throw std::invalid_argument("target version must not be negative");
  std::vector<int> targets;
  for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
    if (toVersion ? it->first <= *toVersion : !targets.empty()) break;
    targets.push_back(it->first);
  }
  // Refuse before reverting anything rather than stop half-way at a version we cannot revert.
  for (int version : targets) {
    if (migrationFile(files, version) == nullptr) {
      throw std::runtime_error("cannot revert migration " + std::to_string(version) + " (" +
                               applied.at(version).name + "): no migration file for it in this release");
    }
  }
  return targets;
}

std::vector<MigrationStatus> migrationStatus(const std::map<int, AppliedMigration>& applied,
                                             const std::vector<MigrationFile>& files) {
  std::map<int, MigrationStatus> merged;
  for (const MigrationFile& file : files)
    merged[file.version] = {file.version, file.name, false, std::nullopt, true};
  for (const auto& [version, row] : applied) {
    auto [it, inserted] =
        merged.try_emplace(version, MigrationStatus{version, row.name, true, row.appliedAt, false});
    if (!inserted) {
      it->second.applied = true;
      it->second.appliedAt = row.appliedAt;
    }
  }
  std::vector<MigrationStatus> out;
  out.reserve(merged.size());
  for (auto& [version, entry] : merged) out.push_back(std::move(entry));
  return out;
}

bool allCurrent(const std::vector<MigrationStatus>& status) {
  return std::all_of(status.begin(), status.end(),
                     [](const MigrationStatus& s) { return s.applied && s.onDisk; });
}

}  // namespace irtc::store
