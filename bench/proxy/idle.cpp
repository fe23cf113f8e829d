// Scenario `idle`: interviewd's memory per open, idle /ws connection.
//
// Prepares as many sessions as the largest count (timed: the recruiter API and interview-start,
// `setupConcurrency` requests at a time), opens and closes a few connections so that lazily made
// state exists, then reads interviewd's VmRSS, opens connections up to each count in turn (each
// waits for session_ready, then sits idle, answering the server's pings) and reads VmRSS again:
// (RSS with N − RSS before) / N. The connections stay open from one count to the next.
#include <thread>

#include "interviewd.hpp"
#include "loopback_provider.hpp"
#include "scenarios.hpp"

namespace irtc::bench::proxy {
namespace {

constexpr std::size_t kWarmupConnections = 50;
// After the last connection is ready, interviewd finishes its own work (allocations by the last
// upgrades, the logger) before its RSS is read.
constexpr auto kSettle = std::chrono::seconds(2);
constexpr double kGoalKiB = 20;

Task<void> idleOn(std::shared_ptr<Browser> browser) {
  co_await browser->idle();
}

Task<void> sleepFor(std::chrono::steady_clock::duration d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(use_awaitable);
}

Task<void> scenario(const Options& o, Interviewd& server) {
  auto executor = co_await asio::this_coro::executor;
  const auto endpoint = server.endpoint();
  const std::size_t largest = *std::max_element(o.connections.begin(), o.connections.end());

  double started = nowMs();
  const auto sessions = co_await prepareSessions(endpoint, server.apiKey(), largest, o.setupConcurrency);
  const double setupSeconds = (nowMs() - started) / 1000;
  std::printf("idle: %zu sessions made in %.1f s (%.0f/s; each POST /api/v1/sessions + interview-start)\n",
              largest, setupSeconds, double(largest) / setupSeconds);
  row(format("proxy: setup of %zu sessions (API, %zu at a time)", largest, o.setupConcurrency),
      format("%.1f s, %.0f sessions/s", setupSeconds, double(largest) / setupSeconds), "");

  // Warm-up: the first upgrades make the proxy's and the server's lazily built state.
  for (std::size_t i = 0; i < kWarmupConnections && i < sessions.size(); ++i) {
    Browser browser(executor, endpoint, sessions[i].token);
    co_await browser.open();
    co_await browser.close();
  }
  co_await sleepFor(kSettle);
  const double baseKiB = rssKiB(server.pid());
  std::printf("  interviewd RSS before: %.1f MiB\n", baseKiB / 1024);

  std::size_t open = 0, failed = 0;
  std::string firstFailure;
  std::vector<std::size_t> counts = o.connections;
  std::sort(counts.begin(), counts.end());
  for (const std::size_t target : counts) {
    started = nowMs();
    const std::size_t from = open;
    std::size_t next = from;
    co_await all(std::min(o.connectConcurrency, target - from), [&](std::size_t) -> Task<void> {
      while (next < target) {
        auto browser = std::make_shared<Browser>(executor, endpoint, sessions[next++].token);
        try {
          co_await browser->open();
          ++open;
          asio::co_spawn(executor, idleOn(std::move(browser)), asio::detached);
        } catch (const std::exception& e) {
          if (failed++ == 0) firstFailure = e.what();
        }
      }
    });
    const double connectSeconds = (nowMs() - started) / 1000;
    co_await sleepFor(kSettle);
    const double nowKiB = rssKiB(server.pid());
    std::printf("  %zu open (%zu opened in %.1f s, %zu failed%s%s); interviewd RSS %.1f MiB\n", open,
                open - from, connectSeconds, failed, failed ? ", the first: " : "", firstFailure.c_str(),
                nowKiB / 1024);
    const double perConnection = (nowKiB - baseKiB) / double(std::max<std::size_t>(open, 1));
    row(format("proxy: interviewd RSS per idle connection, %zu open", open),
        format("%.1f KiB (RSS %.1f -> %.1f MiB)", perConnection, baseKiB / 1024, nowKiB / 1024),
        format("< %.0f KiB", kGoalKiB));
  }
}

}  // namespace

int runIdle(const Options& o) {
  const auto files = raiseFileLimit();
  const std::size_t largest = *std::max_element(o.connections.begin(), o.connections.end());
  // Each connection is a descriptor here and one in interviewd (which inherits this limit).
  if (files < largest + 1024) {
    std::fprintf(stderr, "proxy_bench idle: the open-file limit (%llu) is too low for %zu connections\n",
                 (unsigned long long)files, largest);
    return 2;
  }
  asio::io_context ioc{1};
  LoopbackProvider provider;
  Interviewd server({o.interviewd, o.sourceDir, provider.baseUrl(), o.logLevel, largest + 1024, o.threads,
                     o.tmpDir, "", ""});
  return runScenario(ioc, scenario(o, server), server, "proxy_bench idle");
}

}  // namespace irtc::bench::proxy
