// The SDP proxy's client of the realtime voice provider's calls API (OpenAI's Realtime API, or the
// local engine that speaks it): starts a call with the browser's offer and the session, and hangs
// it up. Failures are values with the contract's codes (provider_error.hpp).
//
// Blocking: each method runs on the calling thread and returns within config.totalTimeout; call it
// from a worker, never from an I/O thread. Thread-safe: one client serves every call of the process
// and keeps up to config.maxIdleConnections connections to the provider alive between calls.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "http/client/http_client.hpp"
#include "proxy/provider/call_session.hpp"
#include "proxy/provider/provider_config.hpp"
#include "proxy/provider/provider_error.hpp"

namespace irtc::proxy::provider {

struct CreatedCall {
  std::string callId;     // "rtc_…", from the Location header
  std::string answerSdp;  // the provider's answer, as it sent it
};

// "rtc_" and then letters, digits, '_' or '-' (at most 128 characters in all).
bool isCallId(std::string_view id);

class ProviderClient {
 public:
  // Throws std::invalid_argument for an unusable base URL or key, std::runtime_error when
  // config.caFile cannot be loaded: configuration errors stop start-up, not the first call.
  explicit ProviderClient(const ProviderConfig& config);

  // POST {baseUrl}/realtime/calls, multipart/form-data with parts `sdp` (application/sdp) and
  // `session` (application/json). A success is the provider's 2xx with an SDP answer and a
  // Location naming the call; anything else is a ProviderError. Never retried here: a second
  // attempt would start a second call.
  std::variant<CreatedCall, ProviderError> createCall(std::string_view offerSdp,
                                                      const CallSession& session) const;

  // POST {baseUrl}/realtime/calls/{callId}/hangup. nullopt once the call is over, including when the
  // provider no longer knows it (404). Throws std::invalid_argument when callId is not a call id.
  std::optional<ProviderError> hangup(std::string_view callId) const;

 private:
  std::string apiKey_;  // only to redact it from quoted provider messages
  std::string authorization_;
  http::client::Client http_;
};

}  // namespace irtc::proxy::provider
