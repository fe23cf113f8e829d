// Text-to-speech with libespeak-ng (1.51), streamed.
//
// espeak-ng keeps global state and is not thread-safe, so one dedicated thread per process owns it:
// it initialises the library once, takes utterances from a queue and synthesises them one at a time
// in synchronous mode. The synth callback hands each buffer (~40 ms of audio) on as soon as it is
// generated, so the first audio leaves long before the sentence is finished, and returns 1 —
// espeak's "stop" — once the utterance is cancelled (barge-in).
//
// The library is initialised once and never terminated: measured with 1.51, espeak_Terminate()
// after a second espeak_Initialize() deadlocks, so the thread lives until the process exits.
// Any number of EspeakSynthesizer objects may exist; they share that thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "engine/speech/synthesizer.hpp"

namespace irtc::engine {

struct EspeakOptions {
  std::size_t queueCapacity = 64;  // this synthesiser's utterances waiting for the espeak thread
  int wordsPerMinute = 0;          // 0 = espeak-ng's default (175)
};

class EspeakSynthesizer final : public Synthesizer {
 public:
  static constexpr int kSampleRate = 22050;

  // Throws std::runtime_error if espeak-ng cannot start (espeak-ng-data missing).
  explicit EspeakSynthesizer(EspeakOptions options = {});
  // Cancels this synthesiser's utterances and returns once each has had its `done` call (so it
  // must not be destroyed from one of its own callbacks).
  ~EspeakSynthesizer() override;
  EspeakSynthesizer(const EspeakSynthesizer&) = delete;
  EspeakSynthesizer& operator=(const EspeakSynthesizer&) = delete;

  std::optional<SynthesisHandle> synthesize(std::string text, std::string voice, ChunkCallback onChunk,
                                            DoneCallback done) override;
  int sampleRate() const override { return kSampleRate; }

  // The espeak-ng voice used for a voice name. OpenAI's names (alloy, ash, ballad, cedar, coral,
  // echo, fable, marin, nova, onyx, sage, shimmer, verse) map to fixed en-us klatt variants — the
  // klatt voices are the ones pocketsphinx understands (DESIGN.md) and they differ audibly; any other
  // name maps to one of them by a stable hash, so a name always gets the same voice across runs and
  // machines. A name that already is an espeak voice with a variant ("en-us+klatt4") is kept.
  static std::string espeakVoiceFor(std::string_view name);

 private:
  class Engine;
  EspeakOptions options_;
  std::shared_ptr<Engine> engine_;
};

}  // namespace irtc::engine
