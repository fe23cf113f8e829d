#include "proxy/proxy_metrics.hpp"

namespace irtc::proxy {
namespace {

std::string_view outcomeName(SessionOutcome outcome) {
  switch (outcome) {
    case SessionOutcome::Refused: return "refused";
    case SessionOutcome::Completed: return "completed";
    case SessionOutcome::Failed: return "failed";
    case SessionOutcome::Abandoned: return "abandoned";
  }
  return "unknown";
}

}  // namespace

ProxyMetrics::ProxyMetrics(metrics::Registry& registry, std::function<double()> liveSessions)
    : exchanges_(
          registry.histogram("interviewd_proxy_sdp_exchange_seconds",
                             "Offer forwarded to the provider until its answer or failure, by outcome.",
                             metrics::latencyBuckets())),
      sessions_(registry.counter("interviewd_proxy_sessions_total",
                                 "/ws sessions by how they ended, and the error code that ended them.")),
      providerErrors_(registry.counter("interviewd_proxy_provider_errors_total",
                                       "Offer exchanges and sidebands the provider failed, by error code.")) {
  registry.gauge("interviewd_proxy_active_sessions", "Interview sessions the proxy holds now.",
                 std::move(liveSessions));
  registry.gauge("interviewd_proxy_active_sockets", "Open /ws connections.",
                 [this] { return static_cast<double>(sockets_.load(std::memory_order_relaxed)); });
}

void ProxyMetrics::exchanged(double seconds, bool answered) {
  exchanges_.with({{"outcome", answered ? "answered" : "failed"}}).observe(seconds);
}

void ProxyMetrics::providerFailed(ErrorCode code) {
  providerErrors_.with({{"code", std::string(errorCodeName(code))}}).add();
}

void ProxyMetrics::sessionEnded(SessionOutcome outcome, std::optional<ErrorCode> code) {
  sessions_
      .with({{"outcome", std::string(outcomeName(outcome))},
             {"code", code ? std::string(errorCodeName(*code)) : "none"}})
      .add();
}

}  // namespace irtc::proxy
