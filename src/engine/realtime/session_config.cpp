#include "engine/realtime/session_config.hpp"

#include <cctype>

#include "engine/realtime/json_reader.hpp"
#include "engine/realtime/limits.hpp"

namespace irtc::engine::realtime {
namespace {

using detail::fail;
using detail::field;
using detail::join;
using nlohmann::json;

void checkVoice(const std::string& voice, const std::string& param) {
  // Any safe name passes (OpenAI's voices and the speech layer's own names alike); the speech layer
  // maps names it does not know to its default voice.
  if (voice.empty()) fail("invalid_value", "'" + param + "' must not be empty", param);
  for (char c : voice) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '+';
    if (!ok) fail("invalid_value", "'" + param + "' may hold only letters, digits and - _ . +", param);
  }
}

std::optional<std::string> readVoice(const json& obj, const std::string& path) {
  if (const auto* v = field(obj, "voice"); v && v->is_object()) {
    std::string p = join(path, "voice");
    fail("invalid_value", "custom voice objects are not supported; name a voice in '" + p + "'", p);
  }
  auto voice = detail::optString(obj, "voice", path, limits::kMaxVoiceLength);
  if (voice) checkVoice(*voice, join(path, "voice"));
  return voice;
}

void checkFormat(const json& obj, const std::string& path) {
  const auto* format = field(obj, "format");
  if (!format) return;
  std::string p = join(path, "format");
  if (format->is_string()) return;  // beta names ("pcm16"); irrelevant over WebRTC, where Opus is used
  detail::requireObject(*format, p);
  auto type = detail::optString(*format, "type", p, 32);
  if (type && *type != "audio/pcm" && *type != "audio/pcmu" && *type != "audio/pcma") {
    fail("invalid_value", "'" + p + ".type' must be one of audio/pcm, audio/pcmu, audio/pcma", p + ".type");
  }
}

// output_modalities (GA, exactly one) or modalities (beta, a set): this engine always speaks.
void checkModalities(const json& session, const std::string& path, std::string_view key) {
  const auto* m = field(session, key);
  if (!m) return;
  std::string p = join(path, key);
  if (!m->is_array()) fail("invalid_type", "'" + p + "' must be an array of strings", p);
  bool audio = false;
  for (const auto& v : *m) {
    if (!v.is_string()) fail("invalid_type", "'" + p + "' must be an array of strings", p);
    if (v == "audio")
      audio = true;
    else if (v != "text")
      fail("invalid_value", "'" + p + "' may hold only \"audio\" and \"text\"", p);
  }
  if (!audio) fail("invalid_value", "this engine answers with audio; '" + p + "' must include \"audio\"", p);
}

TurnDetectionPatch readTurnDetection(const json& session, std::string_view key, const std::string& path) {
  TurnDetectionPatch patch;
  auto it = session.find(key);
  if (it->is_null()) {
    patch.disable = true;
    return patch;
  }
  std::string p = join(path, key);
  const auto& td = detail::requireObject(*it, p);
  patch.type = detail::optString(td, "type", p, 32);
  if (patch.type && *patch.type != "server_vad" && *patch.type != "semantic_vad") {
    fail("invalid_value", "'" + p + ".type' must be \"server_vad\" or \"semantic_vad\"", p + ".type");
  }
  patch.threshold = detail::optNumber(td, "threshold", p, 0.0, 1.0);
  if (auto v = detail::optInteger(td, "prefix_padding_ms", p, 0, 10'000)) patch.prefixPaddingMs = int(*v);
  if (auto v = detail::optInteger(td, "silence_duration_ms", p, 0, 10'000)) patch.silenceDurationMs = int(*v);
  if (td.contains("idle_timeout_ms")) {
    auto v = detail::optInteger(td, "idle_timeout_ms", p, 5'000, 30'000);  // OpenAI's bounds
    patch.idleTimeoutMs = v ? std::optional<int>(int(*v)) : std::nullopt;
  }
  patch.createResponse = detail::optBool(td, "create_response", p);
  patch.interruptResponse = detail::optBool(td, "interrupt_response", p);
  patch.eagerness = detail::optString(td, "eagerness", p, 16);
  if (patch.eagerness && *patch.eagerness != "low" && *patch.eagerness != "medium" &&
      *patch.eagerness != "high" && *patch.eagerness != "auto") {
    fail("invalid_value", "'" + p + ".eagerness' must be low, medium, high or auto", p + ".eagerness");
  }
  return patch;
}

TranscriptionPatch readTranscription(const json& session, std::string_view key, const std::string& path) {
  TranscriptionPatch patch;
  auto it = session.find(key);
  if (it->is_null()) {
    patch.disable = true;
    return patch;
  }
  std::string p = join(path, key);
  const auto& t = detail::requireObject(*it, p);
  patch.model = detail::optString(t, "model", p, limits::kMaxModelLength);
  patch.language = detail::optString(t, "language", p, limits::kMaxLanguageLength);
  detail::optString(t, "prompt", p, limits::kMaxTranscriptionPromptBytes);  // accepted, not used
  return patch;
}

SessionPatch readSession(const json& session, const std::string& path) {
  detail::requireObject(session, path);
  SessionPatch patch;
  if (auto type = detail::optString(session, "type", path, 32); type && *type != "realtime") {
    fail("invalid_value", "only sessions of type \"realtime\" are supported", join(path, "type"));
  }
  patch.model = detail::optString(session, "model", path, limits::kMaxModelLength);
  patch.instructions = detail::optString(session, "instructions", path, limits::kMaxInstructionsBytes);
  checkModalities(session, path, "output_modalities");
  checkModalities(session, path, "modalities");

  // Beta flat fields first, so that GA fields win when a client sends both.
  patch.voice = readVoice(session, path);
  patch.speed = detail::optNumber(session, "speed", path, 0.25, 1.5);
  if (session.contains("turn_detection"))
    patch.turnDetection = readTurnDetection(session, "turn_detection", path);
  if (session.contains("input_audio_transcription")) {
    patch.transcription = readTranscription(session, "input_audio_transcription", path);
  }

  if (const auto* audio = field(session, "audio")) {
    std::string ap = join(path, "audio");
    detail::requireObject(*audio, ap);
    if (const auto* input = field(*audio, "input")) {
      std::string ip = join(ap, "input");
      detail::requireObject(*input, ip);
      checkFormat(*input, ip);
      if (input->contains("turn_detection"))
        patch.turnDetection = readTurnDetection(*input, "turn_detection", ip);
      if (input->contains("transcription"))
        patch.transcription = readTranscription(*input, "transcription", ip);
    }
    if (const auto* output = field(*audio, "output")) {
      std::string op = join(ap, "output");
      detail::requireObject(*output, op);
      checkFormat(*output, op);
      if (auto v = readVoice(*output, op)) patch.voice = v;
      if (auto s = detail::optNumber(*output, "speed", op, 0.25, 1.5)) patch.speed = s;
    }
  }
  return patch;
}

EventError internalError() {
  EventError e;
  e.type = "server_error";
  e.code = "internal_error";
  e.message = "the request could not be processed";
  return e;
}

}  // namespace

Parsed<SessionPatch> parseSessionPatch(const json& session, const std::string& path) {
  try {
    return readSession(session, path);
  } catch (const detail::Failure& f) {
    return f.error;
  } catch (...) {
    return internalError();
  }
}

SessionConfig applySessionPatch(SessionConfig base, const SessionPatch& patch) {
  if (patch.model) base.model = *patch.model;
  if (patch.instructions) base.instructions = *patch.instructions;
  if (patch.voice) base.voice = *patch.voice;
  if (patch.speed) base.speed = *patch.speed;
  if (const auto& td = patch.turnDetection) {
    if (td->disable) {
      base.turnDetection.reset();
    } else {
      TurnDetection t = base.turnDetection.value_or(TurnDetection{});
      if (td->type) t.type = *td->type;
      if (td->threshold) t.threshold = *td->threshold;
      if (td->prefixPaddingMs) t.prefixPaddingMs = *td->prefixPaddingMs;
      if (td->silenceDurationMs) t.silenceDurationMs = *td->silenceDurationMs;
      if (td->idleTimeoutMs) t.idleTimeoutMs = *td->idleTimeoutMs;
      if (td->createResponse) t.createResponse = *td->createResponse;
      if (td->interruptResponse) t.interruptResponse = *td->interruptResponse;
      if (td->eagerness) t.eagerness = *td->eagerness;
      // Normalise to what each type reports, so a config survives toSessionObject → parse intact.
      const TurnDetection d;
      if (t.type == "semantic_vad") {
        t.threshold = d.threshold;
        t.prefixPaddingMs = d.prefixPaddingMs;
        t.silenceDurationMs = d.silenceDurationMs;
        t.idleTimeoutMs.reset();
      } else {
        t.eagerness = d.eagerness;
      }
      base.turnDetection = t;
    }
  }
  if (const auto& tr = patch.transcription) {
    base.transcriptionEnabled = !tr->disable;
    if (!tr->disable) {
      if (tr->model) base.transcriptionModel = *tr->model;
      if (tr->language) base.transcriptionLanguage = *tr->language;
    }
  }
  return base;
}

Parsed<SessionConfig> parseCallSessionPart(std::string_view text, const SessionConfig& defaults) {
  try {
    auto session = detail::parseObjectText(text, limits::kMaxClientEventBytes, "the session part");
    return applySessionPatch(defaults, readSession(session, "session"));
  } catch (const detail::Failure& f) {
    return f.error;
  } catch (...) {
    return internalError();
  }
}

Parsed<ClientSecretRequest> parseClientSecretRequest(std::string_view body, const SessionConfig& defaults) {
  try {
    ClientSecretRequest out{defaults, limits::kDefaultKeyTtlSeconds};
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return out;
    auto request = detail::parseObjectText(body, limits::kMaxClientEventBytes, "the request body");
    if (const auto* expires = field(request, "expires_after")) {
      detail::requireObject(*expires, "expires_after");
      auto anchor = detail::optString(*expires, "anchor", "expires_after", 32);
      if (anchor && *anchor != "created_at") {
        fail("invalid_value", "'expires_after.anchor' must be \"created_at\"", "expires_after.anchor");
      }
      auto seconds = detail::optInteger(*expires, "seconds", "expires_after", limits::kMinKeyTtlSeconds,
                                        limits::kMaxKeyTtlSeconds);
      if (seconds) out.ttlSeconds = static_cast<int>(*seconds);
    }
    if (const auto* session = field(request, "session")) {
      out.config = applySessionPatch(defaults, readSession(*session, "session"));
    }
    return out;
  } catch (const detail::Failure& f) {
    return f.error;
  } catch (...) {
    return internalError();
  }
}

json toSessionObject(const SessionConfig& c, std::string_view id, std::optional<std::int64_t> expiresAt) {
  const json pcm = {{"type", "audio/pcm"}, {"rate", 24000}};
  json turnDetection = nullptr;
  if (const auto& t = c.turnDetection) {
    if (t->type == "semantic_vad") {
      turnDetection = {{"type", t->type}, {"eagerness", t->eagerness}};
    } else {
      turnDetection = {{"type", t->type},
                       {"threshold", t->threshold},
                       {"prefix_padding_ms", t->prefixPaddingMs},
                       {"silence_duration_ms", t->silenceDurationMs},
                       {"idle_timeout_ms", t->idleTimeoutMs ? json(*t->idleTimeoutMs) : json(nullptr)}};
    }
    turnDetection["create_response"] = t->createResponse;
    turnDetection["interrupt_response"] = t->interruptResponse;
  }
  json transcription = nullptr;
  if (c.transcriptionEnabled) {
    transcription = {{"model", c.transcriptionModel}};
    if (c.transcriptionLanguage) transcription["language"] = *c.transcriptionLanguage;
  }
  json s = {{"type", "realtime"}, {"object", "realtime.session"}};
  if (!id.empty()) s["id"] = id;
  s["model"] = c.model;
  s["output_modalities"] = {"audio"};
  s["instructions"] = c.instructions;
  s["tools"] = json::array();
  s["tool_choice"] = "auto";
  s["max_output_tokens"] = "inf";
  s["tracing"] = nullptr;
  s["truncation"] = "auto";
  s["prompt"] = nullptr;
  if (expiresAt) s["expires_at"] = *expiresAt;
  s["audio"] = {{"input",
                 {{"format", pcm},
                  {"transcription", transcription},
                  {"noise_reduction", nullptr},
                  {"turn_detection", turnDetection}}},
                {"output", {{"format", pcm}, {"voice", c.voice}, {"speed", c.speed}}}};
  s["include"] = nullptr;
  return s;
}

}  // namespace irtc::engine::realtime
