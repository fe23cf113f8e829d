// The engine's figures on /metrics: calls by outcome, live calls, and where a turn's time goes.
#pragma once

#include <string>

#include "metrics/registry.hpp"

namespace irtc::engine {

class CallMetrics {
 public:
  explicit CallMetrics(metrics::Registry& registry);

  void callStarted();
  void callEnded(const std::string& reason);
  void callRefused(const std::string& reason);
  // End of the candidate's turn (the silence window closed) → first interviewer audio handed to
  // the peer: recognition, the interviewer and synthesis together.
  void responseLatency(double seconds);
  void recognition(double seconds);
  void bargeIn();

 private:
  metrics::Family<metrics::Counter>& calls_;
  metrics::Family<metrics::Counter>& refused_;
  metrics::Family<metrics::Histogram>& latency_;
  metrics::Family<metrics::Histogram>& recognition_;
  metrics::Family<metrics::Counter>& bargeIns_;
};

}  // namespace irtc::engine
