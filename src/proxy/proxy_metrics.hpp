// The SDP proxy's figures on /metrics: how long offer exchanges take, how sessions end (the
// session success rate), what the provider failed with, and how many sessions and sockets are live.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "metrics/registry.hpp"

namespace irtc::proxy {

// How a /ws connection ended, for interviewd_proxy_sessions_total{outcome}.
enum class SessionOutcome {
  Refused,    // not admitted (bad token, session not in progress, proxy full)
  Completed,  // the provider answered; the call ran and ended
  Failed,     // no call: the last offer was refused or the provider failed
  Abandoned,  // no call and no error: the browser left before offering
};

class ProxyMetrics {
 public:
  // `liveSessions` is read at each scrape.
  ProxyMetrics(metrics::Registry& registry, std::function<double()> liveSessions);

  void exchanged(double seconds, bool answered);
  void providerFailed(ErrorCode code);
  // code: the error that ended it (Refused, Failed) or ended the call; none otherwise.
  void sessionEnded(SessionOutcome outcome, std::optional<ErrorCode> code);
  void socketOpened() { sockets_.fetch_add(1, std::memory_order_relaxed); }
  void socketClosed() { sockets_.fetch_sub(1, std::memory_order_relaxed); }

 private:
  metrics::Family<metrics::Histogram>& exchanges_;
  metrics::Family<metrics::Counter>& sessions_;
  metrics::Family<metrics::Counter>& providerErrors_;
  std::atomic<long> sockets_{0};
};

}  // namespace irtc::proxy
