// Runs the real `interviewd` binary for integration tests: its own data directory, a port
// chosen by the kernel, logs captured to a file, and a known JWT secret so tests can forge.
// With IRTC_TEST_POSTGRES_DIR set (ctest's postgres variants of the integration tests), its
// database is a new one on the test run's PostgreSQL server instead of SQLite.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

namespace irtc::test {

inline const std::string kTestJwtSecret = "integration-test-secret-0123456789abcdef";
inline const std::string kTestEngineKey = "sk_engine_integration-test-key-0123456789";

struct CommandResult {
  int exitCode = -1;
  std::string out;
  std::string err;
  nlohmann::json json() const { return nlohmann::json::parse(out); }
};

// Extra INTERVIEWD_* variables (or others) on top of the test defaults.
using Environment = std::map<std::string, std::string>;

class ServerProcess {
 public:
  explicit ServerProcess(Environment env = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts `interviewd serve --migrate` and waits until it listens.
  void start();
  std::uint16_t port() const { return port_; }
  bool running() const { return pid_ > 0; }
  // SIGTERM, then waits up to `timeout`; returns the exit status (or -1 if it had to be killed).
  int terminate(std::chrono::seconds timeout = std::chrono::seconds(30));
  void kill();
  std::string logs() const;

  // Runs another subcommand against the same data directory and configuration.
  CommandResult run(const std::vector<std::string>& args) const;
  // `tenant create NAME`: {"tenantId","apiKey"}.
  nlohmann::json createTenant(const std::string& name) const;

  const std::string& dir() const { return dir_.path(); }

 private:
  std::vector<std::string> environment() const;
  TempDir dir_;
  PostgresDatabase postgres_;  // under ctest, the server's own database; dropped after it stops
  Environment database_;       // INTERVIEWD_DATABASE_* for PostgreSQL, or empty
  Environment env_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace irtc::test
