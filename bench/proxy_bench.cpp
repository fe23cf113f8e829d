// SDP proxy benchmark: interviewd (`serve`, a child process on 127.0.0.1) in front of a loopback
// voice provider inside this process, driven by browsers speaking /ws protocol v1.
//
//   proxy_bench exchange --interviewd PATH [--clients 32] [--seconds 10] [--sequential 500] [--warmup 50]
//       exchanges/s with C concurrent browsers (open /ws, session_ready, offer, answer, close), and
//       offer -> answer through the proxy against the same POST sent straight to the provider, both
//       sequentially (alternating) and at C concurrent callers: the difference is the proxy-added
//       latency. Also interviewd's CPU, and its own exchange histogram from /metrics when present.
//   proxy_bench idle --interviewd PATH [--connections 1000,10000] [--connect-concurrency 64]
//       interviewd's RSS per idle /ws connection (after session_ready) at each count, and the time
//       the recruiter API took to make that many sessions (--setup-concurrency 32 at a time).
//   Both: [--threads N] interviewd's I/O threads (0: one per core), [--log-level info] its log level
//   (info, as deployed, logs each request), [--tmp-dir /tmp] where its temporary data directory
//   (SQLite) goes, [--source-dir DIR] for migrations/, web/ and the offers.
//
// interviewd runs with provider `openai` at the loopback provider's URL (no voice engine is
// started), the per-IP rate limit and proxy_max_sessions raised, and this process's open-file limit
// (which it inherits) raised. Run it in a loopback-only network namespace (bench/run does, with
// tests/netns-run). Details go to stdout; the figures are the lines starting with "| ".
#include <cstdio>
#include <cstring>
#include <exception>
#include <sstream>
#include <string>

#include "proxy/scenarios.hpp"

namespace {

using irtc::bench::proxy::Options;

int usage() {
  std::fprintf(
      stderr,
      "usage: proxy_bench exchange|idle --interviewd PATH [--clients N] [--seconds S] [--sequential N]\n"
      "       [--warmup N] [--connections N,N] [--connect-concurrency N] [--setup-concurrency N]\n"
      "       [--threads N] [--log-level LEVEL] [--tmp-dir DIR] [--source-dir DIR]\n");
  return 2;
}

std::vector<std::size_t> counts(const std::string& text) {
  std::vector<std::size_t> out;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) out.push_back(std::stoul(item));
  if (out.empty()) throw std::invalid_argument("--connections needs counts");
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string scenario = argv[1];
  Options o;
  try {
    for (int i = 2; i + 1 < argc; i += 2) {
      const std::string flag = argv[i], value = argv[i + 1];
      if (flag == "--interviewd")
        o.interviewd = value;
      else if (flag == "--source-dir")
        o.sourceDir = value;
      else if (flag == "--log-level")
        o.logLevel = value;
      else if (flag == "--threads")
        o.threads = std::stoi(value);
      else if (flag == "--tmp-dir")
        o.tmpDir = value;
      else if (flag == "--clients")
        o.clients = std::stoi(value);
      else if (flag == "--seconds")
        o.seconds = std::stod(value);
      else if (flag == "--sequential")
        o.sequential = std::stoi(value);
      else if (flag == "--warmup")
        o.warmup = std::stoi(value);
      else if (flag == "--connections")
        o.connections = counts(value);
      else if (flag == "--connect-concurrency")
        o.connectConcurrency = std::stoul(value);
      else if (flag == "--setup-concurrency")
        o.setupConcurrency = std::stoul(value);
      else
        return usage();
    }
    if ((argc - 2) % 2 != 0 || o.interviewd.empty() || o.clients < 1 || o.sequential < 1) return usage();
    if (scenario == "exchange") return irtc::bench::proxy::runExchange(o);
    if (scenario == "idle") return irtc::bench::proxy::runIdle(o);
    return usage();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "proxy_bench %s: %s\n", scenario.c_str(), e.what());
    return 1;
  }
}
