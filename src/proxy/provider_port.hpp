// What the proxy needs from a realtime voice provider (OpenAI or our own engine, both speaking
// OpenAI's Realtime protocol). provider/ implements it over HTTP and WebSocket.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <variant>

#include "core/error.hpp"

namespace irtc::proxy {

// The session the provider is asked to run: the interviewer's brief and voice.
struct CallSettings {
  std::string model;
  std::string voice;
  std::string instructions;
};

struct ProviderCall {
  std::string callId;  // "rtc_…"
  std::string answerSdp;
};

struct ProviderFailure {
  ErrorCode code = ErrorCode::ProviderUnavailable;  // or SdpExchangeFailed (the provider refused)
  std::string message;                              // safe for the browser: no keys, no raw bodies
  bool retryable = true;
};

// One sideband connection; closing it (or destroying it) stops its callbacks. Neither blocks.
class SidebandStream {
 public:
  virtual ~SidebandStream() = default;
  virtual void close() = 0;
};

// Each from the stream's own thread (an I/O thread of the provider), one at a time, in order.
struct SidebandHandlers {
  std::function<void(const std::string& eventJson)> onEvent;
  // Once: the provider closed or failed, after it opened.
  std::function<void(const std::string& reason)> onEnd;
  // Instead of onEnd when it could not be opened at all (the call then runs without capture).
  std::function<void()> onUnavailable;
};

class Provider {
 public:
  virtual ~Provider() = default;
  // Blocking (they wait on the network): never call them on an I/O thread.
  virtual std::variant<ProviderCall, ProviderFailure> createCall(const std::string& offerSdp,
                                                                 const CallSettings& settings) = 0;
  virtual void hangup(const std::string& callId) = 0;
  // Returns at once; the stream opens in the background. nullptr when it cannot even be started
  // (onUnavailable is then not called).
  virtual std::unique_ptr<SidebandStream> openSideband(const std::string& callId,
                                                       SidebandHandlers handlers) = 0;
  virtual std::string name() const = 0;  // "local" or "openai", for usage records
};

}  // namespace irtc::proxy
