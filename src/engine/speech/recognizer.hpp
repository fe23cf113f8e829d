// Speech-to-text behind a small interface: pocketsphinx in-process or an OpenAI-compatible HTTP
// service, chosen by configuration (speech_factory.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace irtc::engine {

struct Transcription {
  std::string text;
  std::optional<double> confidence;  // 0..1 when the recogniser gives one
  std::string error;                 // empty on success; safe to show (never holds keys)
  double processingMs = 0;           // time spent recognising, queueing excluded

  bool ok() const { return error.empty(); }
};

class Recognizer {
 public:
  using Callback = std::function<void(Transcription)>;
  static constexpr int kSampleRate = 16000;

  virtual ~Recognizer() = default;

  // Queues one utterance (16 kHz mono) and returns at once; `done` runs later on a worker thread,
  // exactly once, also when the recogniser shuts down first (with an error). Returns false —
  // without calling `done` — when the queue is full or the recogniser is stopping, so a media
  // thread never blocks here.
  [[nodiscard]] virtual bool submit(std::vector<int16_t> pcm16k, Callback done) = 0;

  // Blocking convenience over submit() for tools and tests; never call it on a media thread.
  Transcription transcribe(std::vector<int16_t> pcm16k);
};

// One transcription of consecutive pieces of a turn recognised separately: the texts in order
// (each piece's capitalised first word lowered, except "I"), the confidence as a mean weighted by
// words, the processing times summed. Pieces are expected to have succeeded.
Transcription joinTranscriptions(const std::vector<Transcription>& pieces);

}  // namespace irtc::engine
