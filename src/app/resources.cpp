#include "app/resources.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <vector>

#include "core/random.hpp"

namespace irtc::app {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kGeneratedSecretBytes = 48;
constexpr std::size_t kEngineKeyBytes = 32;

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

// The first line of `path`, or a new secret from `generate` written there first. The file is
// created owner-only by open(2) itself: nothing else can read it between creation and write, and
// no process-wide umask is changed under other threads.
std::string loadOrCreateSecretFile(const fs::path& path, const std::function<std::string()>& generate) {
  if (std::ifstream in(path); in) {
    std::string secret;
    std::getline(in, secret);
    if (!secret.empty()) return secret;
  }
  fs::create_directories(path.parent_path());
  std::string secret = generate();
  std::string content = secret + "\n";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + path.string());
  // An existing (empty) file keeps its mode through O_CREAT; make it owner-only as well.
  bool ok = ::fchmod(fd, 0600) == 0 &&
            ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  ok = ::close(fd) == 0 && ok;
  if (!ok) throw std::runtime_error("cannot write " + path.string());
  return secret;
}

}  // namespace

std::string locateMigrationsDir(const Config& config) {
  // The store picks the backend's subdirectory (sqlite/ or postgres/) itself.
  return locate(config.migrationsDir, "migrations", "INTERVIEWD_MIGRATIONS_DIR");
}

std::string locateWebRoot(const Config& config) {
  return locate(config.webRoot, "web", "INTERVIEWD_WEB_ROOT");
}

std::string loadOrCreateJwtSecret(const Config& config) {
  if (!config.jwtSecret.empty()) return config.jwtSecret;
  return loadOrCreateSecretFile(fs::path(config.dataDir) / "jwt_secret",
                                [] { return randomToken(kGeneratedSecretBytes); });
}

std::string loadOrCreateEngineApiKey(const Config& config) {
  if (!config.engineApiKey.empty()) return config.engineApiKey;
  return loadOrCreateSecretFile(fs::path(config.dataDir) / "engine_api_key",
                                [] { return "sk_engine_" + randomToken(kEngineKeyBytes); });
}

}  // namespace irtc::app
