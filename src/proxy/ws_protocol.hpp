// Protocol v1 of the SDP proxy's WebSocket (DESIGN.md): what the browser sends, parsed, and what
// the proxy answers, built. One JSON object per text frame.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/error.hpp"
#include "store/model.hpp"

namespace irtc::proxy {

namespace client {
struct Offer {
  std::string sdp;
};
struct End {};
struct Ping {};
// The browser's audio-quality figures (RTCPeerConnection.getStats), stored per session.
struct Stats {
  std::optional<double> jitterMs;
  std::optional<std::int64_t> packetsLost;
  std::optional<std::int64_t> packetsReceived;
  std::optional<double> roundTripTimeMs;
  std::optional<std::int64_t> concealedSamples;
  std::optional<double> audioLevel;
};
}  // namespace client

using ClientMessage = std::variant<client::Offer, client::End, client::Ping, client::Stats>;

struct ProtocolError {
  std::string message;  // names the field or what was wrong; answered as PROTOCOL_ERROR
};

// Never throws: malformed JSON, an unknown type or a bad field is a ProtocolError.
std::variant<ClientMessage, ProtocolError> parseClientMessage(std::string_view text);

// Server → browser messages, serialised.
namespace server {
std::string sessionReady(const std::string& sessionId);
std::string answer(const std::string& sdp, const std::string& callId);
std::string transcript(const store::TranscriptEntry& entry);
std::string error(ErrorCode code, std::string_view message, bool retryable);
std::string sessionEnded(std::string_view reason);
std::string pong();
}  // namespace server

}  // namespace irtc::proxy
