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

// One sideband connection; closing it (or destroying it) stops its callbacks.
class SidebandStream {
 public:
  virtual ~SidebandStream() = default;
  virtual void close() = 0;
};

struct SidebandHandlers {
  std::function<void(const std::string& eventJson)> onEvent;  // in order, from the stream's thread
  std::function<void(const std::string& reason)> onEnd;       // once: the provider closed or failed
};

// Blocking calls (they wait on the network): never call them on an I/O thread.
class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::variant<ProviderCall, ProviderFailure> createCall(const std::string& offerSdp,
                                                                 const CallSettings& settings) = 0;
  virtual void hangup(const std::string& callId) = 0;
  // nullptr when the sideband cannot be opened (the call then runs without server-side capture).
  virtual std::unique_ptr<SidebandStream> openSideband(const std::string& callId,
                                                       SidebandHandlers handlers) = 0;
  virtual std::string name() const = 0;  // "local" or "openai", for usage records
};

}  // namespace irtc::proxy
