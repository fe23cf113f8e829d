// The configuration of one Realtime session: what the calls endpoint, client_secrets and
// session.update set, and what session.created / session.updated report in OpenAI's GA shape.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "engine/realtime/event_error.hpp"

namespace irtc::engine::realtime {

// Server VAD with OpenAI's defaults (threshold 0.5, prefix 300 ms, silence 500 ms).
struct TurnDetection {
  // "server_vad" or "semantic_vad". The engine serves both with its energy VAD; accepting
  // semantic_vad matters because clients such as @openai/agents-realtime ask for it by default.
  std::string type = "server_vad";
  double threshold = 0.5;
  int prefixPaddingMs = 300;
  int silenceDurationMs = 500;
  std::optional<int> idleTimeoutMs;
  bool createResponse = true;
  bool interruptResponse = true;
  std::string eagerness = "auto";  // semantic_vad only

  bool operator==(const TurnDetection&) const = default;
};

struct SessionConfig {
  std::string model = "gpt-realtime";
  std::string instructions;
  std::string voice = "marin";
  double speed = 1.0;
  std::optional<TurnDetection> turnDetection = TurnDetection{};  // nullopt: turn detection off
  // On by default, unlike OpenAI: the engine recognises the candidate anyway (the interviewer
  // needs the text) and server-side transcript capture depends on the events; `null` turns it off.
  bool transcriptionEnabled = true;
  std::string transcriptionModel = "whisper-1";
  std::optional<std::string> transcriptionLanguage;

  bool operator==(const SessionConfig&) const = default;
};

// A partial update: only the fields a client named. Produced by the parsers, applied in order.
struct TurnDetectionPatch {
  bool disable = false;  // the client sent null
  std::optional<std::string> type;
  std::optional<double> threshold;
  std::optional<int> prefixPaddingMs;
  std::optional<int> silenceDurationMs;
  std::optional<std::optional<int>> idleTimeoutMs;
  std::optional<bool> createResponse;
  std::optional<bool> interruptResponse;
  std::optional<std::string> eagerness;
};

struct TranscriptionPatch {
  bool disable = false;  // the client sent null
  std::optional<std::string> model;
  std::optional<std::string> language;
};

struct SessionPatch {
  std::optional<std::string> model;
  std::optional<std::string> instructions;
  std::optional<std::string> voice;
  std::optional<double> speed;
  std::optional<TurnDetectionPatch> turnDetection;
  std::optional<TranscriptionPatch> transcription;
};

// Validates a GA session object (also the beta flat fields voice / turn_detection /
// input_audio_transcription / modalities). Unknown fields are ignored so that richer clients keep
// working; known fields are checked strictly. `path` prefixes error params ("session").
Parsed<SessionPatch> parseSessionPatch(const nlohmann::json& session, const std::string& path = "session");

// Turn detection fields merge into the current values (or the defaults when it was off).
SessionConfig applySessionPatch(SessionConfig base, const SessionPatch& patch);

// The multipart `session` part of POST /v1/realtime/calls: a JSON session object, applied to `defaults`.
Parsed<SessionConfig> parseCallSessionPart(std::string_view text, const SessionConfig& defaults = {});

// The body of POST /v1/realtime/client_secrets:
// {"expires_after":{"anchor":"created_at","seconds":N}, "session":{…}}; an empty body is allowed.
struct ClientSecretRequest {
  SessionConfig config;
  int ttlSeconds = 0;
};
Parsed<ClientSecretRequest> parseClientSecretRequest(std::string_view body,
                                                     const SessionConfig& defaults = {});

// The GA session object: {type:"realtime", object:"realtime.session", id, model, output_modalities,
// instructions, audio:{input:{…}, output:{…}}, …}. `id` and `expiresAt` (Unix seconds) are omitted
// when empty.
nlohmann::json toSessionObject(const SessionConfig& config, std::string_view id = {},
                               std::optional<std::int64_t> expiresAt = std::nullopt);

}  // namespace irtc::engine::realtime
