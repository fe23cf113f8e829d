#include "support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace irtc::test {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(60);

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
            const std::string& outPath, const std::string& errPath) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errPath.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0600);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawn failed for " + args[0]);
  return pid;
}

int exitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

}  // namespace

ServerProcess::ServerProcess(Environment env) : env_(std::move(env)) {
  if (std::getenv("IRTC_TEST_POSTGRES_DIR") != nullptr) {
    postgres_ = PostgresServer::shared().createDatabase();
    database_ = {{"INTERVIEWD_DATABASE_URL", postgres_.serviceUrl},
                 {"INTERVIEWD_DATABASE_MIGRATION_URL", postgres_.ownerUrl}};
  }
}

ServerProcess::~ServerProcess() {
  kill();
}

std::vector<std::string> ServerProcess::environment() const {
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    // The test's own INTERVIEWD_* settings must not leak into the server under test.
    if (eq != std::string::npos && entry.rfind("INTERVIEWD_", 0) != 0)
      vars[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  vars["INTERVIEWD_DATA_DIR"] = dir() + "/data";
  vars["INTERVIEWD_PORT"] = "0";
  vars["INTERVIEWD_PORT_FILE"] = dir() + "/port";
  vars["INTERVIEWD_JWT_SECRET"] = kTestJwtSecret;
  vars["INTERVIEWD_THREADS"] = "2";
  vars["INTERVIEWD_ENGINE_API_KEY"] = kTestEngineKey;
  vars["INTERVIEWD_STT_WORKERS"] = "1";  // one ~90 MiB decoder is plenty for a test
  vars["INTERVIEWD_LOG_LEVEL"] = "info";
  for (const auto& [k, v] : database_) vars[k] = v;
  for (const auto& [k, v] : env_) vars[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : vars) out.push_back(k + "=" + v);
  return out;
}

void ServerProcess::start() {
  std::filesystem::remove(dir() + "/port");
  pid_ = spawn({IRTC_INTERVIEWD_PATH, "serve", "--migrate"}, environment(), dir() + "/server.out",
               dir() + "/server.log");
  auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::string text = readFile(dir() + "/port");
    if (!text.empty()) {
      port_ = static_cast<std::uint16_t>(std::stoi(text));
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("interviewd exited during start-up:\n" + logs());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill();
  throw std::runtime_error("interviewd did not start listening in time:\n" + logs());
}

int ServerProcess::terminate(std::chrono::seconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return exitStatus(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill();
  return -1;
}

void ServerProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::logs() const {
  return readFile(dir() + "/server.log");
}

CommandResult ServerProcess::run(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {IRTC_INTERVIEWD_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string outPath = dir() + "/command.out";
  std::string errPath = dir() + "/command.err";
  std::filesystem::remove(errPath);
  pid_t pid = spawn(argv, environment(), outPath, errPath);
  int status = 0;
  waitpid(pid, &status, 0);
  return {exitStatus(status), readFile(outPath), readFile(errPath)};
}

nlohmann::json ServerProcess::createTenant(const std::string& name) const {
  auto result = run({"tenant", "create", name});
  if (result.exitCode != 0) throw std::runtime_error("tenant create failed: " + result.err);
  return result.json();
}

}  // namespace irtc::test
