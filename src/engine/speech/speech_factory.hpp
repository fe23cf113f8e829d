// Chooses the recogniser and synthesiser from plain configuration strings; the service config
// fills SpeechConfig (e.g. from interviewd's TOML/environment).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "engine/speech/recognizer.hpp"
#include "engine/speech/synthesizer.hpp"

namespace irtc::engine {

struct SpeechConfig {
  std::string stt = "pocketsphinx";  // "pocketsphinx" | "http"
  std::string tts = "espeak";        // "espeak" | "http"

  // pocketsphinx
  std::string pocketsphinxModelDir = "/usr/share/pocketsphinx/model/en-us";
  std::size_t sttWorkers = 0;  // 0 = one per core (pocketsphinx) or 4 (http)
  std::size_t sttQueueCapacity = 32;
  std::size_t sttVocabulary = 20000;  // most probable words kept; 0 = the whole dictionary
  std::size_t sttLiveDecoders = 12;   // decoders for turns as they are spoken; 0 = none

  // OpenAI-compatible HTTP services ({baseUrl}/audio/transcriptions, {baseUrl}/audio/speech).
  // The tts* fields fall back to the stt* ones when empty, for a single service doing both.
  std::string sttBaseUrl;
  std::string sttApiKey;
  std::string sttModel = "gpt-4o-mini-transcribe";
  std::string sttLanguage;
  std::string ttsBaseUrl;
  std::string ttsApiKey;
  std::string ttsModel = "gpt-4o-mini-tts";
  std::chrono::milliseconds httpConnectTimeout{5000};
  std::chrono::milliseconds sttTotalTimeout{15000};
  std::chrono::milliseconds ttsTotalTimeout{60000};
  std::string caFile;  // extra trusted CAs for private services
};

// Both throw std::invalid_argument naming the offending setting (unknown engine, missing or bad
// base URL), and std::runtime_error when an engine cannot start (model or espeak-ng data missing).
std::unique_ptr<Recognizer> makeRecognizer(const SpeechConfig& config);
// espeak-ng allows one instance per process: call this once and share the result.
std::unique_ptr<Synthesizer> makeSynthesizer(const SpeechConfig& config);

}  // namespace irtc::engine
