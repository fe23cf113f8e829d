#include "support/postgres_server.hpp"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <utility>

namespace irtc::test {
namespace {

const std::string kBinDir = IRTC_POSTGRES_BIN_DIR;
const std::string kServerUser = "nobody";

int freeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("cannot pick a loopback port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

// Prefix running a command as the server's user.
std::string runAs() {
  return geteuid() == 0 ? "setpriv --reuid=" + kServerUser + " --regid=nogroup --clear-groups -- " : "";
}

void run(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("command failed: " + command);
}

void execAdmin(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) error = PQresultErrorMessage(result);
    PQclear(result);
  }
  PQfinish(conn);
  if (!error.empty()) throw std::runtime_error("postgres: " + error + " in: " + sql);
}

std::string serverUrl(int port, const std::string& user, const std::string& database) {
  return "postgresql://" + user + "@127.0.0.1:" + std::to_string(port) + "/" + database;
}

std::string adminUrl(int port, const std::string& database) {
  return serverUrl(port, "postgres", database);
}

// Each CREATE DATABASE writes the template's ~8 MB to the WAL; a checkpoint every 256 MB keeps
// pg_wal a quarter of its default size on disk, at no cost the tests notice.
const std::string kMaxWalSize = "256MB";

// dir/durable marks a server that syncs its writes (benchmarks); tests do not check durability
// across a machine crash, and fsync is slow on a busy machine.
void startCluster(const std::string& dir, int port) {
  const bool durable = std::filesystem::exists(dir + "/durable");
  run(runAs() + kBinDir + "/pg_ctl start --pgdata=" + dir + "/data --wait --silent --log=" + dir +
      "/server.log -o \"-p " + std::to_string(port) + " -k " + dir +
      " -c listen_addresses=127.0.0.1 -c fsync=" + (durable ? "on" : "off") +
      " -c max_connections=300 -c max_wal_size=" + kMaxWalSize + "\"");
}

void stopCluster(const std::string& dir, const std::string& mode) {
  run(runAs() + kBinDir + "/pg_ctl stop --pgdata=" + dir + "/data --mode=" + mode + " --wait --silent");
}

// initdb, start, and the two roles of docs/operations.md. Returns the port.
int setUpCluster(const std::string& dir, bool durable) {
  if (durable) std::ofstream(dir + "/durable").put('\n');
  if (geteuid() == 0) run("chown -R " + kServerUser + ": " + dir);
  run(runAs() + kBinDir + "/initdb --pgdata=" + dir +
      "/data --username=postgres --auth=trust --no-sync --encoding=UTF8 --locale=C >" + dir +
      "/initdb.log 2>&1");
  int port = freeLoopbackPort();
  startCluster(dir, port);
  execAdmin(adminUrl(port, "postgres"), "CREATE ROLE interviewd_owner LOGIN");
  execAdmin(adminUrl(port, "postgres"), "CREATE ROLE interviewd_service LOGIN NOBYPASSRLS");
  return port;
}

}  // namespace

PostgresServer::PostgresServer() : owned_(std::in_place) {
  dir_ = owned_->path();
  port_ = setUpCluster(dir_, false);
}

PostgresServer::PostgresServer(Attached, const std::string& dir) {
  std::ifstream(dir + "/server_dir") >> dir_;
  std::ifstream file(dir + "/port");
  if (dir_.empty() || !(file >> port_)) throw std::runtime_error("no server in " + dir);
}

PostgresServer::~PostgresServer() {
  if (owned_)
    std::system((runAs() + kBinDir + "/pg_ctl stop --pgdata=" + dir_ +
                 "/data --mode=immediate --silent >/dev/null 2>&1")
                    .c_str());
}

PostgresServer& PostgresServer::shared() {
  static PostgresServer& server = []() -> PostgresServer& {
    const char* dir = std::getenv("IRTC_TEST_POSTGRES_DIR");
    if (dir != nullptr && std::filesystem::exists(std::string(dir) + "/port")) {
      return *attach(dir).release();  // lives as long as the process: never stopped by it
    }
    static PostgresServer own;
    return own;
  }();
  return server;
}

void PostgresServer::startDetached(const std::string& dir, bool durable) {
  if (std::filesystem::exists(dir + "/server_dir")) stopDetached(dir);  // left over by a run that was killed
  // The server's files go under /tmp, which its user can reach wherever `dir` is.
  std::string serverDir = "/tmp/irtc-postgres-XXXXXX";
  if (mkdtemp(serverDir.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/server_dir") << serverDir << "\n";
  int port = setUpCluster(serverDir, durable);
  std::ofstream(dir + "/port") << port << "\n";
}

std::unique_ptr<PostgresServer> PostgresServer::attach(const std::string& dir) {
  return std::unique_ptr<PostgresServer>(new PostgresServer(Attached{}, dir));
}

void PostgresServer::stopDetached(const std::string& dir) {
  std::string serverDir;
  std::ifstream(dir + "/server_dir") >> serverDir;
  if (!serverDir.empty()) {
    std::system((runAs() + kBinDir + "/pg_ctl stop --pgdata=" + serverDir +
                 "/data --mode=fast --wait --silent >/dev/null 2>&1")
                    .c_str());
    std::filesystem::remove_all(serverDir);
  }
  std::filesystem::remove_all(dir);
}

void PostgresServer::restart() {
  stopCluster(dir_, "fast");
  startCluster(dir_, port_);
}

PostgresDatabase PostgresServer::createDatabase() {
  std::string name = "test_" + std::to_string(getpid()) + "_" + std::to_string(++databases_);
  execAdmin(adminUrl(port_, "postgres"), "CREATE DATABASE " + name + " OWNER interviewd_owner");
  return {name, port_};
}

PostgresDatabase::PostgresDatabase(std::string databaseName, int port)
    : name(std::move(databaseName)),
      ownerUrl(serverUrl(port, "interviewd_owner", name)),
      serviceUrl(serverUrl(port, "interviewd_service", name)),
      adminUrl(irtc::test::adminUrl(port, name)),
      port_(port) {}

PostgresDatabase::PostgresDatabase(PostgresDatabase&& other) noexcept
    : name(std::move(other.name)),
      ownerUrl(std::move(other.ownerUrl)),
      serviceUrl(std::move(other.serviceUrl)),
      adminUrl(std::move(other.adminUrl)),
      port_(std::exchange(other.port_, 0)) {}

PostgresDatabase& PostgresDatabase::operator=(PostgresDatabase&& other) noexcept {
  if (this != &other) {
    drop();
    name = std::move(other.name);
    ownerUrl = std::move(other.ownerUrl);
    serviceUrl = std::move(other.serviceUrl);
    adminUrl = std::move(other.adminUrl);
    port_ = std::exchange(other.port_, 0);
  }
  return *this;
}

PostgresDatabase::~PostgresDatabase() {
  drop();
}

// FORCE: a test that failed midway may leave connections open. A server already stopped (the
// process's own, at exit) takes its databases with it, so a failure here is not worth a report.
void PostgresDatabase::drop() noexcept {
  if (port_ == 0) return;
  try {
    execAdmin(irtc::test::adminUrl(port_, "postgres"), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  } catch (const std::exception&) {
  }
  port_ = 0;
}

}  // namespace irtc::test
