// Text-to-speech behind a small interface: espeak-ng in-process or an OpenAI-compatible HTTP
// service, chosen by configuration (speech_factory.hpp). Audio is streamed in chunks so the first
// packet can leave before the whole sentence exists, and an utterance can be cut off (barge-in).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace irtc::engine {

// Cancels one utterance, queued or in flight. Copies share the same flag; cheap to pass around.
class SynthesisHandle {
 public:
  SynthesisHandle() : cancelled_(std::make_shared<std::atomic<bool>>(false)) {}
  void cancel() const { cancelled_->store(true, std::memory_order_release); }
  bool cancelled() const { return cancelled_->load(std::memory_order_acquire); }

 private:
  std::shared_ptr<std::atomic<bool>> cancelled_;
};

struct SynthesisResult {
  bool cancelled = false;
  std::string error;  // empty on success or cancellation; safe to show (never holds keys)
  std::size_t samples = 0;
  int sampleRate = 0;

  bool ok() const { return error.empty() && !cancelled; }
};

class Synthesizer {
 public:
  // Mono signed 16-bit samples at sampleRate. Runs on the synthesiser's thread: copy and return
  // quickly. After cancel(), at most the chunk being delivered at that moment still arrives.
  using ChunkCallback = std::function<void(const int16_t* samples, std::size_t count, int sampleRate)>;
  // Runs exactly once per accepted utterance, after its last chunk, on the synthesiser's thread.
  using DoneCallback = std::function<void(const SynthesisResult&)>;

  virtual ~Synthesizer() = default;

  // Queues the text and returns at once. Returns nothing — and calls neither callback — when the
  // utterance is refused (queue full, shutting down), so callers never see a re-entrant callback.
  virtual std::optional<SynthesisHandle> synthesize(std::string text, std::string voice,
                                                    ChunkCallback onChunk, DoneCallback done) = 0;

  // The sample rate chunks will have (24000 for OpenAI-compatible services, 22050 for espeak-ng).
  virtual int sampleRate() const = 0;
};

}  // namespace irtc::engine
