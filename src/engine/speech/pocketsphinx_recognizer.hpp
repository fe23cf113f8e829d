// Recognition with pocketsphinx 5prealpha and the model of Debian's pocketsphinx-en-us.
//
// Model sharing. This pocketsphinx has no way to share a loaded model between decoders: ps_init()
// loads the acoustic model, dictionary and language model into each decoder, and a decoder is not
// thread-safe. Handing one ngram model to several decoders (ps_set_lm) is not safe either: scoring
// writes caches inside the model (lm_trie_t's backoff_cache/hist_cache) and the search applies its
// weights to it. So the model is "shared" the way a connection pool is: one decoder per worker,
// loaded once at start-up and used by every call in turn — memory grows with workers, not with
// calls. Measured with this model: ~56 MiB private memory (smaps_rollup; ~91 MiB with the whole
// dictionary instead of the default vocabulary) and 0.3-0.7 s to load per
// decoder, real-time factor ~0.2-0.3 per decoder; the tests print these figures.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "engine/speech/recognizer.hpp"
#include "engine/speech/worker_pool.hpp"

namespace irtc::engine {

struct PocketsphinxOptions {
  // Holds en-us/ (acoustic model), en-us.lm.bin and cmudict-en-us.dict, as pocketsphinx-en-us ships.
  std::string modelDir = "/usr/share/pocketsphinx/model/en-us";
  std::size_t workers = 0;         // decoders, each on its own thread; 0 = one per core
  std::size_t queueCapacity = 32;  // utterances waiting for a decoder
  int maxUtteranceSeconds = 120;   // longer input is cut (decoding time grows with it)
  // The most probable words of the language model kept in the dictionary (vocabulary.hpp);
  // 0 keeps the whole dictionary.
  std::size_t vocabulary = 20000;
};

class PocketsphinxRecognizer final : public Recognizer {
 public:
  // Loads every decoder before returning; throws std::runtime_error when the model cannot be loaded.
  explicit PocketsphinxRecognizer(PocketsphinxOptions options = {});
  ~PocketsphinxRecognizer() override;

  [[nodiscard]] bool submit(std::vector<int16_t> pcm16k, Callback done) override;

  std::size_t workers() const;

 private:
  struct Decoders;
  PocketsphinxOptions options_;
  std::unique_ptr<Decoders> decoders_;
  std::unique_ptr<WorkerPool> pool_;  // declared last: stopped (joined) before the decoders go
};

// Readable text from a pocketsphinx hypothesis: first letter and the pronoun "I" capitalised.
std::string prettifyHypothesis(std::string hyp);

}  // namespace irtc::engine
