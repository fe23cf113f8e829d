// Recognition with pocketsphinx 5prealpha and the model of Debian's pocketsphinx-en-us.
//
// Model sharing. This pocketsphinx has no way to share a loaded model between decoders: ps_init()
// loads the acoustic model, dictionary and language model into each decoder, and a decoder is not
// thread-safe. Handing one ngram model to decoders that run at the same time (ps_set_lm) is not
// safe either: scoring writes a cache inside the model (lm_trie_t's backoff_cache/hist_cache). So
// the batch decoders are "shared" the way a connection pool is: one per worker, loaded once at
// start-up and used by every call in turn — memory grows with workers, not with calls. Measured
// with this model: ~56 MiB private memory (smaps_rollup; ~91 MiB with the whole dictionary instead
// of the default vocabulary) and 0.3-0.7 s to load per decoder, real-time factor ~0.1-0.2 per
// decoder; the tests print these figures.
//
// Live decoders. The batch decoders normalise each utterance as a whole, so they can start only
// once a turn (or a stretch of it between pauses) is complete, and whatever was said since the
// last pause is decoded after the turn ended. More decoders, with a running normalisation, are
// lent to turns while they are spoken (openStream): their audio is decoded as it arrives and the
// transcript is ready a few milliseconds after the turn ends. They are held for a whole turn but
// busy a tenth of it, so there are more of them than cores: in lanes, one per worker, each lane a
// thread whose decoders share one language model (~22 MiB per decoder, ~34 MiB per lane).
//
// A running normalisation must start from the caller's own channel (word error rate 0.200; 0.279
// from the model's default, 0.25-0.29 from the turn's own first second), so a caller's first turn
// is recognised the batch way. channelEstimator() learns the channel from the caller's audio with
// the front end alone, so it is known when the first turn ends, whether its transcript is or not.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "engine/speech/recognizer.hpp"
#include "engine/speech/worker_pool.hpp"

namespace irtc::engine {

namespace pocketsphinx {
class LiveLane;
class FrontEndSettings;
}  // namespace pocketsphinx

struct PocketsphinxOptions {
  // Holds en-us/ (acoustic model), en-us.lm.bin and cmudict-en-us.dict, as pocketsphinx-en-us ships.
  std::string modelDir = "/usr/share/pocketsphinx/model/en-us";
  std::size_t workers = 0;         // decoders, each on its own thread; 0 = one per core
  std::size_t queueCapacity = 32;  // utterances waiting for a decoder
  int maxUtteranceSeconds = 120;   // longer input is cut (decoding time grows with it)
  // The most probable words of the language model kept in the dictionary (vocabulary.hpp);
  // 0 keeps the whole dictionary.
  std::size_t vocabulary = 20000;
  // Decoders lent to turns as they are spoken, spread over one lane per worker; 0 = none.
  std::size_t liveDecoders = 12;
};

class PocketsphinxRecognizer final : public Recognizer {
 public:
  // Loads every decoder before returning; throws std::runtime_error when the model cannot be loaded.
  explicit PocketsphinxRecognizer(PocketsphinxOptions options = {});
  ~PocketsphinxRecognizer() override;

  [[nodiscard]] bool submit(std::vector<int16_t> pcm16k, Callback done) override;
  std::unique_ptr<RecognitionStream> openStream(const ChannelEstimate& channel) override;
  std::unique_ptr<ChannelEstimator> channelEstimator() override;

  std::size_t workers() const;
  // Turns holding a live decoder or waiting for one; a turn keeps its decoder until its audio is
  // decoded, a moment after it ends.
  std::size_t liveTurns() const;

 private:
  std::size_t maxSamples() const;  // an utterance's limit, as samples

  struct Decoders;
  PocketsphinxOptions options_;
  std::unique_ptr<Decoders> decoders_;
  std::vector<std::unique_ptr<pocketsphinx::LiveLane>> lanes_;
  std::shared_ptr<pocketsphinx::FrontEndSettings> frontEnd_;  // for channel estimators
  std::unique_ptr<WorkerPool> pool_;  // declared last: stopped (joined) before the decoders go
};

// Readable text from a pocketsphinx hypothesis: first letter and the pronoun "I" capitalised.
std::string prettifyHypothesis(std::string hyp);

}  // namespace irtc::engine
