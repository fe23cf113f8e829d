// What the proxy benchmark's parts share: Asio/Beast names, time, percentiles, the figure rows
// (the same `| figure | value | goal |` format as engine_bench, gathered by bench/run) and /proc.
#pragma once

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// (keep <utility> first)
#include <unistd.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../percentile.hpp"

namespace irtc::bench::proxy {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
template <class T>
using Task = asio::awaitable<T>;
constexpr auto use_awaitable = asio::use_awaitable;

inline double nowMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

inline void row(const std::string& figure, const std::string& value, const std::string& goal) {
  std::printf("| %-58s | %-40s | %-10s |\n", figure.c_str(), value.c_str(), goal.c_str());
  std::fflush(stdout);
}

template <class... Args>
std::string format(const char* pattern, Args... args) {
  char text[256];
  std::snprintf(text, sizeof text, pattern, args...);
  return text;
}

// Runs make(0) … make(n - 1) (each returning a Task<void>) at once on this coroutine's executor and
// waits for all of them; rethrows the first failure once every one has ended.
template <class Make>
Task<void> all(std::size_t n, Make make) {
  if (n == 0) co_return;
  auto executor = co_await asio::this_coro::executor;
  std::size_t done = 0;
  std::exception_ptr failure;
  asio::steady_timer finished(executor, asio::steady_timer::time_point::max());
  for (std::size_t i = 0; i < n; ++i) {
    asio::co_spawn(executor, make(i), [&](std::exception_ptr e) {
      if (e && !failure) failure = e;
      if (++done == n) finished.cancel();
    });
  }
  beast::error_code ec;
  co_await finished.async_wait(asio::redirect_error(use_awaitable, ec));
  if (failure) std::rethrow_exception(failure);
}

inline std::string readText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// VmRSS of a process, in KiB (0 when it cannot be read).
inline double rssKiB(int pid) {
  std::istringstream status(readText("/proc/" + std::to_string(pid) + "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6));
  }
  return 0;
}

// User + system CPU seconds a process has used so far.
inline double cpuSeconds(int pid) {
  const std::string stat = readText("/proc/" + std::to_string(pid) + "/stat");
  const auto close = stat.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  double ticks = 0;
  // Fields after the name start at 3 (state); utime and stime are fields 14 and 15.
  for (int index = 3; index <= 15 && fields >> field; ++index) {
    if (index >= 14) ticks += std::stod(field);
  }
  return ticks / double(sysconf(_SC_CLK_TCK));
}

}  // namespace irtc::bench::proxy
