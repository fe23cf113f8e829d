// The versioned SQL migrations of one backend, as found on disk: NNNN_name.up.sql applies
// version NNNN, NNNN_name.down.sql reverts it.
#pragma once

#include <string>
#include <vector>

namespace irtc::store {

struct MigrationFile {
  int version = 0;
  std::string name;  // "0001_initial"
  std::string upSql;
  std::string downSql;
};

// Every migration in `dir`, by ascending version. Throws std::runtime_error naming the file for
// a name that does not follow the pattern, two files for one version, an up without a down (or
// a down without an up) or an unreadable file: better to refuse at start than half-way through
// a rollback. Dot files are ignored.
std::vector<MigrationFile> loadMigrationFiles(const std::string& dir);

}  // namespace irtc::store
