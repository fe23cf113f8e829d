// interviewd as the benchmark runs it: `interviewd serve --migrate` as a child process on a port
// the kernel picks, a temporary data directory, provider `openai` pointed at the loopback provider
// (so no voice engine is started: the process is the proxy and the API, as on the edge), and the
// limits that would refuse a load test (per-IP rate limit, proxy_max_sessions) raised. Interview
// sessions are made through the real recruiter API and interview-start, as a candidate's page does.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "clients.hpp"

namespace irtc::bench::proxy {

struct InterviewdOptions {
  std::string binary;     // path of interviewd
  std::string sourceDir;  // the source tree: migrations/ and web/
  std::string providerBaseUrl;
  std::string logLevel = "info";  // as deployed: one line per request
  std::size_t maxSessions = 1000;
  int threads = 0;  // I/O threads; 0: interviewd's default, one per core
  // Where the temporary data directory (the SQLite database) goes: its file system's fsync is paid
  // on every session event the proxy writes.
  std::string tmpDir = "/tmp";
  // PostgreSQL instead of SQLite: the service's and the schema owner's URLs.
  std::string databaseUrl;
  std::string databaseMigrationUrl;
};

// Raises this process's open-file limit to its hard limit (as root, first the hard limit to the
// kernel's nr_open); the child inherits it. Returns the soft limit now in force.
std::uint64_t raiseFileLimit();

class Interviewd {
 public:
  explicit Interviewd(const InterviewdOptions& options);  // starts it and waits until it listens
  ~Interviewd();                                          // SIGTERM (SIGKILL after a while); temp dir removed
  Interviewd(const Interviewd&) = delete;
  Interviewd& operator=(const Interviewd&) = delete;

  pid_t pid() const { return pid_; }
  tcp::endpoint endpoint() const { return {asio::ip::make_address("127.0.0.1"), port_}; }
  // The tenant's API key (`interviewd tenant create`), made at start.
  const std::string& apiKey() const { return apiKey_; }
  std::string logTail(std::size_t bytes = 4000) const;

 private:
  std::vector<std::string> environment() const;
  std::string run(const std::vector<std::string>& args) const;  // another subcommand; its stdout

  InterviewdOptions options_;
  std::string dir_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::string apiKey_;
};

struct PreparedSession {
  std::string token;         // the sessionToken for /ws
  std::string instructions;  // webrtcConfig.instructions: what the proxy sends the provider
};

// `count` interview sessions, in progress, with session tokens: one position and candidate, then
// per session POST /api/v1/sessions and POST /functions/v1/interview-start, `concurrency` requests
// at a time over kept-alive connections. Throws on any refusal.
Task<std::vector<PreparedSession>> prepareSessions(tcp::endpoint server, std::string apiKey,
                                                   std::size_t count, std::size_t concurrency);

// Runs `scenario` on `ioc` to its end; a failure is printed as "<what> failed: …" with the end of
// interviewd's log. Returns the exit code: 0, or 1 after a failure.
int runScenario(asio::io_context& ioc, Task<void> scenario, const Interviewd& server,
                const std::string& what);

// GET /metrics, or empty when it cannot be read.
Task<std::string> scrapeMetrics(tcp::endpoint server);

}  // namespace irtc::bench::proxy
