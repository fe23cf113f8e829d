#include "engine/speech/http_transcriber.hpp"

#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>

#include "engine/speech/audio/pcm.hpp"

namespace irtc::engine {

namespace {

std::string randomBoundary() {
  static constexpr char kChars[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string b = "----irtc-";
  for (int i = 0; i < 24; ++i) b.push_back(kChars[rng() % (sizeof(kChars) - 1)]);
  return b;
}

void addField(std::string& body, const std::string& boundary, const std::string& name,
              const std::string& value) {
  body +=
      "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
}

}  // namespace

HttpTranscriber::HttpTranscriber(HttpTranscriberOptions options) : options_(std::move(options)) {
  auto endpoint = speech_http::parseBaseUrl(options_.baseUrl);
  if (!endpoint) throw std::invalid_argument("speech-to-text base URL is not http(s)://host[:port][/path]");
  client_ = std::make_unique<speech_http::Client>(
      *endpoint,
      speech_http::ClientOptions{options_.connectTimeout, options_.totalTimeout, 1u << 20, options_.caFile});
  pool_ = std::make_unique<WorkerPool>("stt-http", options_.workers, options_.queueCapacity);
}

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
  const std::string boundary = randomBoundary();
  speech_http::Request rq;
  rq.path = "/audio/transcriptions";
  rq.headers.emplace_back("Content-Type", "multipart/form-data; boundary=" + boundary);
  rq.headers.emplace_back("Accept", "application/json");
  if (!options_.apiKey.empty()) rq.headers.emplace_back("Authorization", "Bearer " + options_.apiKey);
  rq.body.reserve(pcm.size() * 2 + 1024);
  rq.body += "--" + boundary +
             "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"audio.wav\""
             "\r\nContent-Type: audio/wav\r\n\r\n";
  rq.body += wavFile(pcm.data(), pcm.size(), kSampleRate);
  rq.body += "\r\n";
  addField(rq.body, boundary, "model", options_.model);
  addField(rq.body, boundary, "response_format", "json");
  if (!options_.language.empty()) addField(rq.body, boundary, "language", options_.language);
  rq.body += "--" + boundary + "--\r\n";

  const speech_http::Response response = client_->send(rq, {}, [this] { return stopping_.load(); });
  Transcription result;
  result.processingMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (response.cancelled) {
    result.error = "recogniser shutting down";
    return result;
  }
  if (!response.ok()) {
    result.error = response.error.empty()
                       ? "transcription service answered " + std::to_string(response.status) + ": " +
                             speech_http::errorSummary(response)
                       : "transcription service: " + response.error;
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
