// Throwaway PostgreSQL servers for tests: initdb into a temporary directory, pg_ctl start on a
// loopback port picked at run time, stopped and removed afterwards. As root (./dev test runs as
// root) the server runs as the unprivileged user `nobody`: PostgreSQL refuses to run as root.
//
// ctest starts one server for the whole run (the fixture `postgres`, tests/CMakeLists.txt) and
// hands its directory to the tests in IRTC_TEST_POSTGRES_DIR; a test binary run on its own starts
// its own. Each test gets its own database (createDatabase) owned by the role interviewd_owner,
// beside the service role interviewd_service, as docs/operations.md tells to set them up.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "support/temp_dir.hpp"

namespace irtc::test {

// A database of a test server, dropped with the object: a suite run creates hundreds, each a
// copy of template1 (~8 MB), and left behind they filled the disk.
class PostgresDatabase {
 public:
  PostgresDatabase() = default;
  PostgresDatabase(std::string name, int port);
  PostgresDatabase(PostgresDatabase&& other) noexcept;
  PostgresDatabase& operator=(PostgresDatabase&& other) noexcept;
  ~PostgresDatabase();

  // Outlives this object and this process (a benchmark's database, stopped with its server).
  void keep() { port_ = 0; }

  std::string name;
  std::string ownerUrl;    // the schema's owner: migrations
  std::string serviceUrl;  // the service role: owns nothing, no BYPASSRLS
  std::string adminUrl;    // the cluster's superuser: arranging and inspecting behind the store's back

 private:
  void drop() noexcept;
  int port_ = 0;  // 0: nothing to drop
};

class PostgresServer {
 public:
  // A new server of its own, stopped and removed with the object.
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // The server of this test run (IRTC_TEST_POSTGRES_DIR), or else one of this process's own.
  static PostgresServer& shared();

  // Sets up a server and starts it, for the ctest fixture and the benchmarks; stopDetached stops it
  // and removes its files. `dir` keeps its port and where its files are (under /tmp, which the
  // server's user can reach). `durable`: fsync on, as in production (benchmarks).
  static void startDetached(const std::string& dir, bool durable);
  static void stopDetached(const std::string& dir);
  // The server startDetached left in `dir`.
  static std::unique_ptr<PostgresServer> attach(const std::string& dir);

  // A new, empty database.
  PostgresDatabase createDatabase();
  // Fast shutdown (connections are cut), then the server starts again on the same port.
  void restart();

 private:
  struct Attached {};
  PostgresServer(Attached, const std::string& dir);

  std::optional<TempDir> owned_;
  std::string dir_;
  int port_ = 0;
  int databases_ = 0;
};

}  // namespace irtc::test
