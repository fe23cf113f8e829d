#include "store/migration_files.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace irtc::store {
namespace {

namespace fs = std::filesystem;

struct ParsedName {
  int version = 0;
  std::string name;
  bool up = false;
};

std::optional<ParsedName> parseFileName(const std::string& fileName) {
  static const std::regex kPattern(R"(^([0-9]{4})_([a-z0-9]+(_[a-z0-9]+)*)\.(up|down)\.sql$)");
  std::smatch match;
  if (!std::regex_match(fileName, match, kPattern)) return std::nullopt;
  ParsedName parsed;
  parsed.version = std::stoi(match[1].str());
  if (parsed.version == 0) return std::nullopt;
  parsed.name = match[1].str() + "_" + match[2].str();
  parsed.up = match[4].str() == "up";
  return parsed;
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) throw std::runtime_error("cannot read migration " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read migration " + path.string());
  return content.str();
}

struct Pair {
  std::string name;
  std::optional<std::string> up;
  std::optional<std::string> down;
};

}  // namespace

std::vector<MigrationFile> loadMigrationFiles(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw std::runtime_error("migrations directory not found: " + dir);
  std::map<int, Pair> byVersion;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    std::string fileName = entry.path().filename().string();
    if (fileName.starts_with(".")) continue;
    std::optional<ParsedName> parsed = parseFileName(fileName);
    if (!parsed || !entry.is_regular_file()) {
      throw std::runtime_error(
          std::string("unexpected file in ")
              .append(dir)
              .append(": ")
              .append(fileName)
              .append(" (expected NNNN_lower_snake_name.up.sql or .down.sql, NNNN >= 0001)"));
    }
    Pair& pair = byVersion[parsed->version];
    if (!pair.name.empty() && pair.name != parsed->name) {
      throw std::runtime_error("two migrations with version " + std::to_string(parsed->version) + " in " +
                               dir + ": " + pair.name + " and " + parsed->name);
    }
    pair.name = parsed->name;
    (parsed->up ? pair.up : pair.down) = readFile(entry.path());
  }
  std::vector<MigrationFile> files;
  for (auto& [version, pair] : byVersion) {
    if (!pair.up) throw std::runtime_error("migration " + pair.name + " has no .up.sql in " + dir);
    if (!pair.down) throw std::runtime_error("migration " + pair.name + " has no .down.sql in " + dir);
    files.push_back({version, pair.name, std::move(*pair.up), std::move(*pair.down)});
  }
  return files;
}

}  // namespace irtc::store
