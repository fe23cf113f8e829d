#include "app/engine_setup.hpp"

#include <thread>

#include "core/log.hpp"
#include "engine/call/host_addresses.hpp"
#include "engine/interviewer/llm_phraser.hpp"
#include "engine/speech/speech_factory.hpp"

namespace irtc::app {
namespace {

// Interviewer steps waiting for the language model; each blocks a thread for up to llm_timeout_ms.
constexpr std::size_t kBrainThreads = 4;
constexpr std::size_t kBrainQueue = 256;

engine::PeerOptions peerOptions(const Config& config) {
  engine::PeerOptions peer;
  peer.hostAddresses = engine::iceHostAddresses(config.engineHostAddresses);
  peer.minPort = config.enginePortMin;
  peer.maxPort = config.enginePortMax;
  if (!config.engineStunServer.empty()) peer.stunServers = {config.engineStunServer};
  peer.turnServer = config.engineTurnServer;
  return peer;
}

engine::SpeechConfig speechConfig(const Config& config) {
  engine::SpeechConfig speech;
  speech.stt = config.stt;
  speech.tts = config.tts;
  speech.sttWorkers = config.sttWorkers;
  speech.sttVocabulary = config.sttVocabulary;
  speech.sttLiveDecoders = config.sttLiveDecoders;
  speech.sttBaseUrl = config.sttBaseUrl;
  speech.sttApiKey = config.sttApiKey;
  speech.sttModel = config.sttModel;
  speech.ttsBaseUrl = config.ttsBaseUrl;
  speech.ttsApiKey = config.ttsApiKey;
  speech.ttsModel = config.ttsModel;
  speech.caFile = config.speechCaFile;
  return speech;
}

}  // namespace

std::unique_ptr<engine::CallRegistry> startVoiceEngine(const Config& config, metrics::Registry& metrics) {
  engine::prewarmWebRtc();
  engine::CallResources resources;
  resources.peer = peerOptions(config);
  resources.limits.maxCalls = config.engineMaxCalls;
  resources.limits.maxCallDuration = config.engineMaxCallDuration;
  const auto speech = speechConfig(config);
  resources.recognizer = engine::makeRecognizer(speech);
  resources.synthesizer = engine::makeSynthesizer(speech);
  if (!config.llmBaseUrl.empty()) {
    engine::interviewer::ChatConfig chat;
    chat.baseUrl = config.llmBaseUrl;
    chat.apiKey = config.llmApiKey;
    chat.model = config.llmModel;
    chat.timeout = config.llmTimeout;
    chat.caFile = config.speechCaFile;
    resources.phraser = std::make_shared<engine::interviewer::LlmPhraser>(chat);
    resources.brainPool = std::make_shared<engine::WorkerPool>("interviewer", kBrainThreads, kBrainQueue);
  }
  resources.metrics = &metrics;
  log::info("voice engine ready", {{"stt", config.stt},
                                   {"tts", config.tts},
                                   {"llm", !config.llmBaseUrl.empty()},
                                   {"hostAddresses", resources.peer.hostAddresses},
                                   {"maxCalls", config.engineMaxCalls}});
  const std::size_t threads = std::max(2u, std::thread::hardware_concurrency());
  return std::make_unique<engine::CallRegistry>(std::move(resources), threads);
}

}  // namespace irtc::app
