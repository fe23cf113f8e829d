#include "app/resources.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "core/random.hpp"

namespace irtc::app {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kGeneratedSecretBytes = 48;

fs::path executableDir() {
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : exe.parent_path();
}

std::string locate(const std::string& configured, const std::string& name, const std::string& settingName) {
  std::vector<fs::path> candidates;
  if (!configured.empty()) {
    candidates.push_back(configured);
  } else {
    candidates.push_back(executableDir() / ".." / "share" / "interview-rtc" / name);
    candidates.push_back(fs::path(IRTC_SOURCE_DIR) / name);
  }
  std::string tried;
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_directory(c, ec)) return fs::canonical(c, ec).string();
    tried += (tried.empty() ? "" : ", ") + c.string();
  }
  throw std::runtime_error(name + " directory not found (tried " + tried + "); set " + settingName);
}

}  // namespace

std::string locateMigrationsDir(const Config& config) {
  return locate(config.migrationsDir, "migrations", "INTERVIEWD_MIGRATIONS_DIR") + "/sqlite";
}

std::string locateWebRoot(const Config& config) {
  return locate(config.webRoot, "web", "INTERVIEWD_WEB_ROOT");
}

std::string loadOrCreateJwtSecret(const Config& config) {
  if (!config.jwtSecret.empty()) return config.jwtSecret;
  fs::path path = fs::path(config.dataDir) / "jwt_secret";
  if (std::ifstream in(path); in) {
    std::string secret;
    std::getline(in, secret);
    if (!secret.empty()) return secret;
  }
  fs::create_directories(config.dataDir);
  std::string secret = randomToken(kGeneratedSecretBytes);
  // Created owner-only before the secret is written into it.
  mode_t previous = umask(077);
  std::ofstream out(path, std::ios::trunc);
  umask(previous);
  out << secret << "\n";
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
  return secret;
}

}  // namespace irtc::app
