// The proxy benchmark's two scenarios (proxy_bench.cpp parses the flags and runs one).
#pragma once

#include <string>
#include <vector>

namespace irtc::bench::proxy {

struct Options {
  std::string interviewd;  // path of the interviewd binary
  std::string sourceDir = IRTC_SOURCE_DIR;
  std::string logLevel = "info";
  int threads = 0;              // interviewd's I/O threads; 0: one per core
  std::string tmpDir = "/tmp";  // parent of interviewd's temporary data directory
  // exchange
  int clients = 32;
  double seconds = 10;
  int sequential = 500;
  int warmup = 50;
  // idle
  std::vector<std::size_t> connections = {1000, 10000};
  std::size_t connectConcurrency = 64;
  std::size_t setupConcurrency = 32;
};

int runExchange(const Options& options);
int runIdle(const Options& options);

}  // namespace irtc::bench::proxy
