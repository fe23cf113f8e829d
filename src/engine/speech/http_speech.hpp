// Synthesis by an OpenAI-compatible service: POST {baseUrl}/audio/speech with
// {model, voice, input, response_format:"pcm"}; the answer is 24 kHz signed 16-bit mono PCM, which
// is handed on piece by piece as it arrives, so the first audio leaves while the service is still
// generating. Cancelling closes the connection within ~10 ms.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "engine/speech/http_service_options.hpp"
#include "engine/speech/synthesizer.hpp"
#include "engine/speech/worker_pool.hpp"
#include "http/client/http_client.hpp"

namespace irtc::engine {

struct HttpSpeechOptions : HttpServiceOptions {
  HttpSpeechOptions() {
    model = "gpt-4o-mini-tts";
    // The whole streamed answer; longer than for transcription because a service may stream a
    // long reply at about real-time speed.
    totalTimeout = std::chrono::milliseconds(60000);
  }
  std::string defaultVoice = "alloy";  // when synthesize() gets none
};

class HttpSpeech final : public Synthesizer {
 public:
  static constexpr int kSampleRate = 24000;

  // Throws std::invalid_argument for a base URL that is not http(s)://host[:port][/path].
  explicit HttpSpeech(HttpSpeechOptions options);
  ~HttpSpeech() override;

  std::optional<SynthesisHandle> synthesize(std::string text, std::string voice, ChunkCallback onChunk,
                                            DoneCallback done) override;
  int sampleRate() const override { return kSampleRate; }

 private:
  SynthesisResult request(const std::string& text, const std::string& voice, const ChunkCallback& onChunk,
                          const SynthesisHandle& handle) const;

  HttpSpeechOptions options_;
  std::atomic<bool> stopping_{false};  // aborts streams in flight when the synthesiser goes
  http::client::Client client_;
  std::unique_ptr<WorkerPool> pool_;
};

}  // namespace irtc::engine
