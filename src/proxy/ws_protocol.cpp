#include "proxy/ws_protocol.hpp"

#include <nlohmann/json.hpp>

#include "proxy/limits.hpp"

namespace irtc::proxy {
namespace {

using nlohmann::json;

template <typename T>
std::optional<T> optionalNumber(const json& stats, const char* name, std::string& problem) {
  auto it = stats.find(name);
  if (it == stats.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) {
    problem = std::string("'stats.") + name + "' must be a number";
    return std::nullopt;
  }
  return it->get<T>();
}

std::variant<ClientMessage, ProtocolError> parseStats(const json& message) {
  auto it = message.find("stats");
  if (it == message.end() || !it->is_object()) return ProtocolError{"'stats' must be an object"};
  std::string problem;
  client::Stats stats;
  stats.jitterMs = optionalNumber<double>(*it, "jitterMs", problem);
  stats.packetsLost = optionalNumber<std::int64_t>(*it, "packetsLost", problem);
  stats.packetsReceived = optionalNumber<std::int64_t>(*it, "packetsReceived", problem);
  stats.roundTripTimeMs = optionalNumber<double>(*it, "roundTripTimeMs", problem);
  stats.concealedSamples = optionalNumber<std::int64_t>(*it, "concealedSamples", problem);
  stats.audioLevel = optionalNumber<double>(*it, "audioLevel", problem);
  if (!problem.empty()) return ProtocolError{problem};
  return ClientMessage{stats};
}

std::string dump(const json& message) {
  // Provider text may carry invalid UTF-8; it is replaced rather than failing the message.
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::variant<ClientMessage, ProtocolError> parseClientMessage(std::string_view text) {
  json message = json::parse(text, nullptr, false);
  if (message.is_discarded()) return ProtocolError{"the message is not valid JSON"};
  if (!message.is_object()) return ProtocolError{"the message must be a JSON object"};
  auto type = message.find("type");
  if (type == message.end() || !type->is_string()) return ProtocolError{"'type' must be a string"};
  const auto& name = type->get_ref<const std::string&>();
  if (name == "offer") {
    auto sdp = message.find("sdp");
    if (sdp == message.end() || !sdp->is_string()) return ProtocolError{"'sdp' must be a string"};
    return ClientMessage{client::Offer{sdp->get<std::string>()}};
  }
  if (name == "end") return ClientMessage{client::End{}};
  if (name == "ping") return ClientMessage{client::Ping{}};
  if (name == "stats") return parseStats(message);
  std::string shown = name.substr(0, limits::kMaxEchoedChars);
  return ProtocolError{"unknown message type '" + shown + "'"};
}

namespace server {

std::string sessionReady(const std::string& sessionId) {
  return dump({{"type", "session_ready"}, {"sessionId", sessionId}});
}

std::string answer(const std::string& sdp, const std::string& callId) {
  return dump({{"type", "answer"}, {"sdp", sdp}, {"callId", callId}});
}

std::string transcript(const store::TranscriptEntry& entry) {
  return dump({{"type", "transcript"},
               {"entry",
                {{"itemId", entry.itemId},
                 {"seq", entry.seq},
                 {"speaker", std::string(store::speakerName(entry.speaker))},
                 {"text", entry.text},
                 {"startMs", entry.startMs},
                 {"endMs", entry.endMs}}}});
}

std::string error(ErrorCode code, std::string_view message, bool retryable) {
  return dump({{"type", "error"},
               {"code", std::string(errorCodeName(code))},
               {"message", std::string(message)},
               {"retryable", retryable}});
}

std::string sessionEnded(std::string_view reason) {
  return dump({{"type", "session_ended"}, {"reason", std::string(reason)}});
}

std::string pong() {
  return R"({"type":"pong"})";
}

}  // namespace server
}  // namespace irtc::proxy
