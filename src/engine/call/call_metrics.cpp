#include "engine/call/call_metrics.hpp"

namespace irtc::engine {
namespace {

// Turn latency lives between ~50 ms (short typed turn) and seconds (a slow HTTP recogniser).
std::vector<double> turnBuckets() {
  return {0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10};
}

}  // namespace

CallMetrics::CallMetrics(metrics::Registry& registry)
    : calls_(registry.counter("interviewd_engine_calls_total",
                              "Engine calls by how they ended (started: calls answered).")),
      refused_(
          registry.counter("interviewd_engine_calls_refused_total", "Offers the engine refused, by reason.")),
      latency_(registry.histogram("interviewd_engine_response_latency_seconds",
                                  "End of the candidate's turn to the interviewer's first audio.",
                                  turnBuckets())),
      recognition_(registry.histogram("interviewd_engine_recognition_seconds",
                                      "Speech recognition time per candidate turn.", turnBuckets())),
      bargeIns_(registry.counter("interviewd_engine_barge_ins_total",
                                 "Interviewer responses cut off by the candidate speaking.")) {}

void CallMetrics::callStarted() {
  calls_.with({{"outcome", "started"}}).add();
}

void CallMetrics::callEnded(const std::string& reason) {
  calls_.with({{"outcome", reason}}).add();
}

void CallMetrics::callRefused(const std::string& reason) {
  refused_.with({{"reason", reason}}).add();
}

void CallMetrics::responseLatency(double seconds) {
  latency_.with({}).observe(seconds);
}

void CallMetrics::recognition(double seconds) {
  recognition_.with({}).observe(seconds);
}

void CallMetrics::bargeIn() {
  bargeIns_.with({}).add();
}

}  // namespace irtc::engine
