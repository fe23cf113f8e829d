#include "proxy/provider/call_session.hpp"

namespace irtc::proxy::provider {

nlohmann::json sessionJson(const CallSession& session) {
  nlohmann::json input = {
      {"transcription", {{"model", session.transcriptionModel}}},
      {"turn_detection",
       {{"type", "server_vad"},
        {"threshold", session.vadThreshold},
        {"prefix_padding_ms", session.vadPrefixPaddingMs},
        {"silence_duration_ms", session.vadSilenceDurationMs}}},
  };
  nlohmann::json json = {{"type", "realtime"}};
  // Empty fields are left out rather than sent empty: the provider refuses an empty model or voice.
  if (!session.model.empty()) json["model"] = session.model;
  if (!session.instructions.empty()) json["instructions"] = session.instructions;
  json["audio"] = {{"input", std::move(input)}};
  if (!session.voice.empty()) json["audio"]["output"] = {{"voice", session.voice}};
  return json;
}

}  // namespace irtc::proxy::provider
