#include "engine/speech/http_transcriber.hpp"

#include <nlohmann/json.hpp>

#include "engine/speech/audio/pcm.hpp"
#include "http/client/multipart_form.hpp"

namespace irtc::engine {

namespace hc = http::client;

// Answers are a short JSON transcript or an error text.
constexpr std::size_t kMaxAnswerBytes = 1u << 20;

HttpTranscriber::HttpTranscriber(HttpTranscriberOptions options)
    : options_(std::move(options)),
      client_(serviceEndpoint(options_, "speech-to-text base URL"),
              serviceClientOptions(options_, kMaxAnswerBytes)),
      pool_(std::make_unique<WorkerPool>("stt-http", options_.workers, options_.queueCapacity)) {}

HttpTranscriber::~HttpTranscriber() {
  stopping_ = true;  // requests in flight end within ~10 ms instead of running into their timeout
  pool_->stop();
}

bool HttpTranscriber::submit(std::vector<int16_t> pcm16k, Callback done) {
  auto shared = std::make_shared<Callback>(std::move(done));
  return pool_->post([this, pcm = std::move(pcm16k), shared](std::size_t) { (*shared)(request(pcm)); },
                     [shared] {
                       Transcription t;
                       t.error = "recogniser shutting down";
                       (*shared)(std::move(t));
                     });
}

Transcription HttpTranscriber::request(const std::vector<int16_t>& pcm) const {
  const auto started = std::chrono::steady_clock::now();
  hc::MultipartForm form;
  form.addFile("file", "audio.wav", "audio/wav", wavFile(pcm.data(), pcm.size(), kSampleRate));
  form.addField("model", options_.model);
  form.addField("response_format", "json");
  if (!options_.language.empty()) form.addField("language", options_.language);
  hc::Request rq;
  rq.path = "/audio/transcriptions";
  rq.headers.emplace_back("Content-Type", form.contentType());
  rq.headers.emplace_back("Accept", "application/json");
  if (!options_.apiKey.empty()) rq.headers.emplace_back("Authorization", "Bearer " + options_.apiKey);
  rq.body = std::move(form).finish();

  const hc::Response response = client_.send(rq, {}, [this] { return stopping_.load(); });
  Transcription result;
  result.processingMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (response.cancelled) {
    result.error = "recogniser shutting down";
    return result;
  }
  if (!response.ok()) {
    result.error = "transcription service: " + hc::errorSummary(response);
    return result;
  }
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (!json.is_object() || !json.contains("text") || !json["text"].is_string()) {
    result.error = "transcription service answered without a \"text\" string";
    return result;
  }
  result.text = json["text"].get<std::string>();
  return result;
}

}  // namespace irtc::engine
