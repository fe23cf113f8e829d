#include "interviewd.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/redirect_error.hpp>
#include <cstring>
#include <filesystem>
#include <map>
#include <thread>

extern char** environ;

namespace irtc::bench::proxy {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(60);
constexpr auto kStopTimeout = std::chrono::seconds(15);
constexpr auto kPollInterval = std::chrono::milliseconds(20);
// The bench's own key for the "openai" provider at the loopback URL: the loopback provider takes any.
constexpr std::string_view kProviderKey = "sk-proxy-bench-0123456789abcdef";
// Tokens are checked once, at upgrade, but an exchange run reconnects with the same token for its
// whole duration: the longest lifetime allowed.
constexpr int kTokenTtlSeconds = 3600;
constexpr double kUnlimitedRate = 1e6;  // interviewd's upper bound for the rate limit settings

pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, const std::string& out,
            const std::string& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  std::vector<char*> argv, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(rc));
  return pid;
}

std::string bearer(const std::string& key) {
  return "Bearer " + key;
}

HttpReply expect(HttpReply reply, int status, const std::string& what) {
  if (reply.status != status)
    throw std::runtime_error(what + " answered " + std::to_string(reply.status) + ": " + reply.body);
  return reply;
}

}  // namespace

std::uint64_t raiseFileLimit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  const auto nrOpen = std::strtoull(readText("/proc/sys/fs/nr_open").c_str(), nullptr, 10);
  if (nrOpen > limit.rlim_max) {
    rlimit raised{nrOpen, nrOpen};
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;  // needs root; else the hard limit
  }
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  getrlimit(RLIMIT_NOFILE, &limit);
  return limit.rlim_cur;
}

Interviewd::Interviewd(const InterviewdOptions& options) : options_(options) {
  std::string pattern = options_.tmpDir + "/proxy_bench.XXXXXX";
  if (!mkdtemp(pattern.data()))
    throw std::runtime_error("cannot make a temporary directory in " + options_.tmpDir);
  dir_ = pattern;
  pid_ = spawn({options_.binary, "serve", "--migrate"}, environment(), dir_ + "/server.out",
               dir_ + "/server.log");
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (port_ == 0) {
    const auto text = readText(dir_ + "/port");
    if (!text.empty()) {
      port_ = static_cast<std::uint16_t>(std::stoi(text));
      break;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("interviewd exited during start-up:\n" + logTail());
    }
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("interviewd did not listen in time:\n" + logTail());
    std::this_thread::sleep_for(kPollInterval);
  }
  const auto tenant = nlohmann::json::parse(run({"tenant", "create", "Proxy Bench Inc"}));
  apiKey_ = tenant.at("apiKey").get<std::string>();
}

Interviewd::~Interviewd() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + kStopTimeout;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(kPollInterval);
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::vector<std::string> Interviewd::environment() const {
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    // The caller's own INTERVIEWD_* settings would make the figures depend on the shell.
    if (eq != std::string::npos && entry.rfind("INTERVIEWD_", 0) != 0)
      vars[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  vars["INTERVIEWD_DATA_DIR"] = dir_ + "/data";
  vars["INTERVIEWD_PORT"] = "0";
  vars["INTERVIEWD_PORT_FILE"] = dir_ + "/port";
  vars["INTERVIEWD_MIGRATIONS_DIR"] = options_.sourceDir + "/migrations";
  vars["INTERVIEWD_WEB_ROOT"] = options_.sourceDir + "/web";
  vars["INTERVIEWD_PROVIDER"] = "openai";
  vars["INTERVIEWD_OPENAI_API_KEY"] = std::string(kProviderKey);
  vars["INTERVIEWD_PROVIDER_BASE_URL"] = options_.providerBaseUrl;
  vars["INTERVIEWD_RATE_LIMIT_PER_SECOND"] = format("%.0f", kUnlimitedRate);
  vars["INTERVIEWD_RATE_LIMIT_BURST"] = format("%.0f", kUnlimitedRate);
  vars["INTERVIEWD_PROXY_MAX_SESSIONS"] = std::to_string(options_.maxSessions);
  if (!options_.databaseUrl.empty()) {
    vars["INTERVIEWD_DATABASE_URL"] = options_.databaseUrl;
    vars["INTERVIEWD_DATABASE_MIGRATION_URL"] = options_.databaseMigrationUrl;
  }
  vars["INTERVIEWD_SESSION_TOKEN_TTL_SECONDS"] = std::to_string(kTokenTtlSeconds);
  vars["INTERVIEWD_THREADS"] = std::to_string(options_.threads);
  vars["INTERVIEWD_LOG_LEVEL"] = options_.logLevel;
  std::vector<std::string> out;
  for (const auto& [k, v] : vars) out.push_back(k + "=" + v);
  return out;
}

std::string Interviewd::run(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {options_.binary};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = spawn(argv, environment(), dir_ + "/command.out", dir_ + "/command.err");
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("interviewd " + args[0] + " failed: " + readText(dir_ + "/command.err"));
  return readText(dir_ + "/command.out");
}

std::string Interviewd::logTail(std::size_t bytes) const {
  const auto text = readText(dir_ + "/server.log");
  return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

Task<std::vector<PreparedSession>> prepareSessions(tcp::endpoint server, std::string apiKey,
                                                   std::size_t count, std::size_t concurrency) {
  auto executor = co_await asio::this_coro::executor;
  // Named, not braced in a co_await: GCC 12 miscompiles string literals in a coroutine's temporaries.
  const Headers auth = {{"Authorization", bearer(apiKey)}, {"Content-Type", "application/json"}};
  const Headers json = {{"Content-Type", "application/json"}};
  HttpConnection first(executor, server);
  const nlohmann::json positionBody = {
      {"title", "Backend Engineer"},
      {"description", "Builds the services behind our product."},
      {"questions", {"Tell me about yourself.", "Describe a system you designed."}}};
  const auto position =
      expect(co_await first.send(bhttp::verb::post, "/api/v1/positions", positionBody.dump(), auth), 201,
             "create position")
          .json();
  const nlohmann::json candidateBody = {{"name", "Ada Lovelace"}, {"email", "candidate@example.com"}};
  const auto candidate =
      expect(co_await first.send(bhttp::verb::post, "/api/v1/candidates", candidateBody.dump(), auth), 201,
             "create candidate")
          .json();
  const std::string sessionBody = nlohmann::json{
      {"positionId", position["id"]},
      {"candidateId", candidate["id"]},
      {"maxDurationMinutes", 180}}.dump();

  std::vector<PreparedSession> sessions(count);
  std::size_t next = 0;
  // `concurrency` workers, each on its own kept-alive connection, take the next index until done.
  auto worker = [&]() -> Task<void> {
    HttpConnection http(executor, server);
    while (next < sessions.size()) {
      auto& session = sessions[next++];
      const auto created =
          expect(co_await http.send(bhttp::verb::post, "/api/v1/sessions", sessionBody, auth), 201,
                 "create session")
              .json();
      const nlohmann::json startBody = {{"invitationToken", created["invitation"]["token"]}};
      const auto started = expect(co_await http.send(bhttp::verb::post, "/functions/v1/interview-start",
                                                     startBody.dump(), json),
                                  200, "interview-start")
                               .json();
      session.token = started.at("sessionToken").get<std::string>();
      session.instructions = started["webrtcConfig"].value("instructions", "");
    }
  };
  co_await all(std::min(concurrency, count), [&](std::size_t) { return worker(); });
  co_return sessions;
}

Task<std::string> scrapeMetrics(tcp::endpoint server) {
  try {
    HttpConnection http(co_await asio::this_coro::executor, server);
    const auto reply = co_await http.send(bhttp::verb::get, "/metrics");
    co_return reply.status == 200 ? reply.body : std::string();
  } catch (const std::exception&) {
    co_return std::string();
  }
}

int runScenario(asio::io_context& ioc, Task<void> scenario, const Interviewd& server,
                const std::string& what) {
  int rc = 0;
  asio::co_spawn(ioc, std::move(scenario), [&](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& error) {
        std::fprintf(stderr, "%s failed: %s\ninterviewd's log ends:\n%s\n", what.c_str(), error.what(),
                     server.logTail().c_str());
      }
      rc = 1;
    }
    ioc.stop();
  });
  ioc.run();
  return rc;
}

}  // namespace irtc::bench::proxy
