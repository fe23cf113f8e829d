#include "engine/speech/http_speech.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace irtc::engine {

namespace hc = http::client;

// Buffered answers are JSON or error texts; streamed audio is not buffered.
constexpr std::size_t kMaxAnswerBytes = 1u << 20;

HttpSpeech::HttpSpeech(HttpSpeechOptions options)
    : options_(std::move(options)),
      client_(serviceEndpoint(options_, "text-to-speech base URL"),
              serviceClientOptions(options_, kMaxAnswerBytes)),
      pool_(std::make_unique<WorkerPool>("tts-http", options_.workers, options_.queueCapacity)) {}

HttpSpeech::~HttpSpeech() {
  stopping_ = true;  // streams in flight end within ~10 ms, reported as cancelled
  pool_->stop();
}

std::optional<SynthesisHandle> HttpSpeech::synthesize(std::string text, std::string voice,
                                                      ChunkCallback onChunk, DoneCallback done) {
  SynthesisHandle handle;
  if (voice.empty()) voice = options_.defaultVoice;
  auto sharedDone = std::make_shared<DoneCallback>(std::move(done));
  const bool queued = pool_->post(
      [this, text = std::move(text), voice = std::move(voice), onChunk = std::move(onChunk), sharedDone,
       handle](std::size_t) {
        const SynthesisResult result = request(text, voice, onChunk, handle);
        if (*sharedDone) (*sharedDone)(result);
      },
      [sharedDone] {
        SynthesisResult result;
        result.cancelled = true;
        result.sampleRate = kSampleRate;
        if (*sharedDone) (*sharedDone)(result);
      });
  if (!queued) return std::nullopt;
  return handle;
}

SynthesisResult HttpSpeech::request(const std::string& text, const std::string& voice,
                                    const ChunkCallback& onChunk, const SynthesisHandle& handle) const {
  SynthesisResult result;
  result.sampleRate = kSampleRate;
  if (handle.cancelled()) {
    result.cancelled = true;
    return result;
  }
  hc::Request rq;
  rq.path = "/audio/speech";
  rq.headers.emplace_back("Content-Type", "application/json");
  if (!options_.apiKey.empty()) rq.headers.emplace_back("Authorization", "Bearer " + options_.apiKey);
  rq.body =
      nlohmann::json{{"model", options_.model}, {"voice", voice}, {"input", text}, {"response_format", "pcm"}}
          .dump();

  // Pieces of the body need not end on a sample boundary: an odd byte waits for the next piece.
  int carry = -1;
  std::vector<int16_t> samples;
  auto onBody = [&](std::string_view bytes) {
    if (handle.cancelled() || stopping_) return false;
    samples.clear();
    std::size_t i = 0;
    if (carry >= 0 && !bytes.empty()) {
      samples.push_back(static_cast<int16_t>(carry | (static_cast<unsigned char>(bytes[0]) << 8)));
      carry = -1;
      i = 1;
    }
    for (; i + 1 < bytes.size(); i += 2) {
      samples.push_back(static_cast<int16_t>(static_cast<unsigned char>(bytes[i]) |
                                             (static_cast<unsigned char>(bytes[i + 1]) << 8)));
    }
    if (i < bytes.size()) carry = static_cast<unsigned char>(bytes[i]);
    if (!samples.empty()) {
      result.samples += samples.size();
      if (onChunk) onChunk(samples.data(), samples.size(), kSampleRate);
    }
    return true;
  };
  const hc::Response response =
      client_.send(rq, onBody, [&] { return handle.cancelled() || stopping_.load(); });
  if (response.cancelled || handle.cancelled() || stopping_) {
    result.cancelled = true;
  } else if (!response.ok()) {
    result.error = "speech service: " + hc::errorSummary(response);
  }
  return result;
}

}  // namespace irtc::engine
