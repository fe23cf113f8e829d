#include "engine/speech/speech_factory.hpp"

#include <stdexcept>

#include "engine/speech/espeak_synthesizer.hpp"
#include "engine/speech/http_speech.hpp"
#include "engine/speech/http_transcriber.hpp"
#include "engine/speech/pocketsphinx_recognizer.hpp"

namespace irtc::engine {

std::unique_ptr<Recognizer> makeRecognizer(const SpeechConfig& config) {
  if (config.stt == "pocketsphinx") {
    PocketsphinxOptions options;
    options.modelDir = config.pocketsphinxModelDir;
    options.workers = config.sttWorkers;
    options.queueCapacity = config.sttQueueCapacity;
    options.vocabulary = config.sttVocabulary;
    options.liveDecoders = config.sttLiveDecoders;
    return std::make_unique<PocketsphinxRecognizer>(options);
  }
  if (config.stt == "http") {
    if (config.sttBaseUrl.empty()) throw std::invalid_argument("stt = \"http\" needs sttBaseUrl");
    HttpTranscriberOptions options;
    options.baseUrl = config.sttBaseUrl;
    options.apiKey = config.sttApiKey;
    options.model = config.sttModel;
    options.language = config.sttLanguage;
    if (config.sttWorkers != 0) options.workers = config.sttWorkers;
    options.queueCapacity = config.sttQueueCapacity;
    options.connectTimeout = config.httpConnectTimeout;
    options.totalTimeout = config.sttTotalTimeout;
    options.caFile = config.caFile;
    return std::make_unique<HttpTranscriber>(options);
  }
  throw std::invalid_argument("unknown stt \"" + config.stt + "\" (expected \"pocketsphinx\" or \"http\")");
}

std::unique_ptr<Synthesizer> makeSynthesizer(const SpeechConfig& config) {
  if (config.tts == "espeak") return std::make_unique<EspeakSynthesizer>();
  if (config.tts == "http") {
    HttpSpeechOptions options;
    options.baseUrl = config.ttsBaseUrl.empty() ? config.sttBaseUrl : config.ttsBaseUrl;
    if (options.baseUrl.empty())
      throw std::invalid_argument("tts = \"http\" needs ttsBaseUrl (or sttBaseUrl)");
    options.apiKey = config.ttsApiKey.empty() ? config.sttApiKey : config.ttsApiKey;
    options.model = config.ttsModel;
    options.connectTimeout = config.httpConnectTimeout;
    options.totalTimeout = config.ttsTotalTimeout;
    options.caFile = config.caFile;
    return std::make_unique<HttpSpeech>(options);
  }
  throw std::invalid_argument("unknown tts \"" + config.tts + "\" (expected \"espeak\" or \"http\")");
}

}  // namespace irtc::engine
