// The session a provider call runs with, and its GA JSON for the multipart `session` part of
// POST /realtime/calls: {"type":"realtime","model","instructions","audio":{"input":{"transcription",
// "turn_detection"},"output":{"voice"}}}.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace irtc::proxy::provider {

struct CallSession {
  std::string model;         // e.g. "gpt-realtime"; empty: the provider's default
  std::string voice;         // e.g. "marin"; empty: the provider's default
  std::string instructions;  // the interviewer's brief; empty: the provider's default
  // Always on: server-side capture stores the candidate's words from the transcription events.
  std::string transcriptionModel = "whisper-1";  // or e.g. "gpt-4o-mini-transcribe"
  // Server VAD, OpenAI's defaults.
  double vadThreshold = 0.5;
  int vadPrefixPaddingMs = 300;
  int vadSilenceDurationMs = 500;
};

nlohmann::json sessionJson(const CallSession& session);

}  // namespace irtc::proxy::provider
