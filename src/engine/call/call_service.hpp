// What the /v1/realtime HTTP surface needs from the engine's live calls: start one from an offer,
// hang one up, and attach a sideband client to its events. CallRegistry implements it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "engine/realtime/event_error.hpp"
#include "engine/realtime/session_config.hpp"

namespace irtc::engine {

struct CallStarted {
  std::string callId;  // "rtc_…"
  std::string answerSdp;
};

// Why no call was started: the HTTP status to answer with and an OpenAI-shaped error.
// 400 the offer is unusable, 503 the engine is at capacity or stopping, 500 a media failure.
struct CallRefused {
  int status = 400;
  realtime::EventError error;
};

// Where a call's server events go for one sideband client. Both run on the call's thread and must
// not block (queue and return).
struct SidebandSink {
  std::function<void(std::string eventJson)> send;
  // The call is over (hangup, browser gone, limit): close the socket normally. Runs at most once.
  std::function<void()> callEnded;
};

// A sideband client's hold on a call.
class SidebandLink {
 public:
  virtual ~SidebandLink() = default;
  // One client event (JSON text), handled as if it came on the data channel; an `error` event for
  // a bad one goes back to this link only.
  virtual void deliver(std::string_view eventJson) = 0;
  // The client went away: the sink is not called after this returns. Idempotent.
  virtual void detach() = 0;
};

class CallService {
 public:
  virtual ~CallService() = default;

  // Answers a browser's offer with a new call configured by `config`. Blocks for the answer
  // (ICE gathering on the host's interfaces: a few ms), never throws for bad input.
  virtual std::variant<CallStarted, CallRefused> startCall(const std::string& offerSdp,
                                                           const realtime::SessionConfig& config) = 0;

  // Ends a live call as a hangup. False when there is no such live call.
  virtual bool hangup(std::string_view callId) = 0;

  // Subscribes a sideband client to a live call; it first receives session.created with the
  // call's current session. nullptr when there is no such live call.
  virtual std::shared_ptr<SidebandLink> attachSideband(std::string_view callId, SidebandSink sink) = 0;
};

}  // namespace irtc::engine
