// A PostgreSQL server for one benchmark run, through tests/postgres_fixture: started (fsync on, as
// in production) in a directory of its own under `tmpDir`, with one database, and stopped and
// removed when the object goes away.
#pragma once

#include <libpq-fe.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>

namespace irtc::bench {

class PostgresFixture {
 public:
  PostgresFixture(std::string program, const std::string& tmpDir) : program_(std::move(program)) {
    std::string pattern = tmpDir + "/irtc-bench-pg-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed in " + tmpDir);
    chmod(pattern.c_str(), 0711);  // the server runs as another user when we are root
    dir_ = pattern + "/server";
    run(program_ + " start " + dir_ + " durable");
    std::string urls = output(program_ + " database " + dir_);
    const auto newline = urls.find('\n');
    ownerUrl_ = urls.substr(0, newline);
    serviceUrl_ = urls.substr(newline + 1);
    while (!serviceUrl_.empty() && serviceUrl_.back() == '\n') serviceUrl_.pop_back();
    root_ = pattern;
  }
  ~PostgresFixture() { std::system((program_ + " stop " + dir_ + " && rmdir " + root_).c_str()); }
  PostgresFixture(const PostgresFixture&) = delete;
  PostgresFixture& operator=(const PostgresFixture&) = delete;

  const std::string& ownerUrl() const { return ownerUrl_; }
  const std::string& serviceUrl() const { return serviceUrl_; }
  // Gathers the planner's statistics of every table, as autovacuum does on a running server within
  // a minute of the first rows; without them, plans made on the first tiny tables stay cached on
  // every connection and may read a whole session per lookup. (The shared catalogues, which only a
  // superuser may analyze, are skipped without a warning each.)
  void analyze() const {
    PGconn* conn = PQconnectdb(ownerUrl_.c_str());
    PGresult* result =
        PQstatus(conn) == CONNECTION_OK ? PQexec(conn, "SET client_min_messages = error; ANALYZE") : nullptr;
    const bool ok = result != nullptr && PQresultStatus(result) == PGRES_COMMAND_OK;
    const std::string error = PQerrorMessage(conn);
    PQclear(result);
    PQfinish(conn);
    if (!ok) throw std::runtime_error("ANALYZE failed: " + error);
  }
  // The server's main process (its backends are its children), or 0 if it cannot be read.
  int postmasterPid() const {
    std::string serverDir;
    std::ifstream(dir_ + "/server_dir") >> serverDir;
    int pid = 0;
    std::ifstream(serverDir + "/data/postmaster.pid") >> pid;
    return pid;
  }

 private:
  static void run(const std::string& command) {
    if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
  }
  static std::string output(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("failed: " + command);
    std::string out;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    if (pclose(pipe) != 0) throw std::runtime_error("failed: " + command);
    return out;
  }

  std::string program_, dir_, root_, ownerUrl_, serviceUrl_;
};

}  // namespace irtc::bench
