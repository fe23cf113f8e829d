// Live recognition with pocketsphinx: lanes of decoders lent to turns while they are spoken, each
// turn's audio decoded on its lane's thread as it arrives. Internal to the recogniser.
#pragma once

#include <pocketsphinx.h>
#include <sphinxbase/ngram_model.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/speech/pocketsphinx_decoder.hpp"
#include "engine/speech/recognizer.hpp"
#include "engine/speech/worker_pool.hpp"

namespace irtc::engine::pocketsphinx {

// A lane's decoders and the language model they share; a stream holds one decoder from its turn's
// start to its end, and keeps the set alive, so the decoders outlive every stream that may still
// touch them.
class LiveDecoders {
 public:
  LiveDecoders(std::vector<ps_decoder_t*> decoders, ngram_model_t* languageModel);
  ~LiveDecoders();
  LiveDecoders(const LiveDecoders&) = delete;
  LiveDecoders& operator=(const LiveDecoders&) = delete;

  ps_decoder_t* acquire();  // nullptr when every decoder is lent
  void release(ps_decoder_t* decoder);
  std::size_t available();

 private:
  std::mutex mutex_;
  const std::vector<ps_decoder_t*> all_;
  std::vector<ps_decoder_t*> free_;
  ngram_model_t* const languageModel_;
};

// One thread and the decoders that share a language model on it (loadLiveDecoders): every job of
// every stream of the lane runs on that thread, one at a time, which is what makes the sharing
// safe. A stream that outlives its lane fails: finish() then reports an error.
class LiveLane {
 public:
  // Throws std::runtime_error when the model cannot be loaded.
  LiveLane(const ModelFiles& files, std::size_t decoders, const std::string& threadName);
  ~LiveLane();  // stops the thread; streams still open fail from then on
  LiveLane(const LiveLane&) = delete;
  LiveLane& operator=(const LiveLane&) = delete;

  std::size_t available() { return decoders_->available(); }
  // A stream for a turn starting from `channel`; nullptr when every decoder of the lane is lent or
  // the channel is not an estimate of this model.
  std::unique_ptr<RecognitionStream> open(const ChannelEstimate& channel, std::size_t maxSamples);

 private:
  std::shared_ptr<LiveDecoders> decoders_;
  std::shared_ptr<WorkerPool> pool_;
};

}  // namespace irtc::engine::pocketsphinx
