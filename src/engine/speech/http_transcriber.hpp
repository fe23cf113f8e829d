// Recognition by an OpenAI-compatible service: POST {baseUrl}/audio/transcriptions with the
// utterance as a 16 kHz mono WAV (multipart/form-data: file, model, response_format=json) and a
// Bearer key; the answer's "text" is the transcript. Requests run on a small worker pool with a
// bounded queue, like the in-process recogniser, so a slow service never blocks a media thread.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "engine/speech/http_service_options.hpp"
#include "engine/speech/recognizer.hpp"
#include "engine/speech/worker_pool.hpp"
#include "http/client/http_client.hpp"

namespace irtc::engine {

struct HttpTranscriberOptions : HttpServiceOptions {
  HttpTranscriberOptions() { model = "gpt-4o-mini-transcribe"; }
  std::string language;  // ISO-639-1 hint, optional
};

class HttpTranscriber final : public Recognizer {
 public:
  // Throws std::invalid_argument for a base URL that is not http(s)://host[:port][/path].
  explicit HttpTranscriber(HttpTranscriberOptions options);
  ~HttpTranscriber() override;

  [[nodiscard]] bool submit(std::vector<int16_t> pcm16k, Callback done) override;

 private:
  Transcription request(const std::vector<int16_t>& pcm) const;

  HttpTranscriberOptions options_;
  std::atomic<bool> stopping_{false};  // aborts requests in flight when the transcriber goes
  http::client::Client client_;
  std::unique_ptr<WorkerPool> pool_;
};

}  // namespace irtc::engine
