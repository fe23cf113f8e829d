// Live recognition with pocketsphinx: lanes of decoders lent to turns while they are spoken, each
// turn's audio decoded on its lane's thread as it arrives. Internal to the recogniser.
#pragma once

#include <pocketsphinx.h>
#include <sphinxbase/ngram_model.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
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
// touch them. A stream that finds every decoder lent waits for the next one given back.
class LiveDecoders {
 public:
  // Offered a decoder given back; returns false to decline it (the turn is over or gone), and the
  // decoder goes to the next waiter.
  using Waiter = std::function<bool(ps_decoder_t*)>;

  LiveDecoders(std::vector<ps_decoder_t*> decoders, ngram_model_t* languageModel);
  ~LiveDecoders();
  LiveDecoders(const LiveDecoders&) = delete;
  LiveDecoders& operator=(const LiveDecoders&) = delete;

  // A free decoder, or nullptr after queueing `waiter` under `*ticket` (for cancel()).
  ps_decoder_t* acquireOrWait(Waiter waiter, std::uint64_t* ticket);
  void cancel(std::uint64_t ticket);
  // To the longest waiting stream that takes it, else back to the free decoders. Calls the waiter
  // without holding the lock.
  void release(ps_decoder_t* decoder);
  // Turns holding or waiting for a decoder: how busy the lane is.
  std::size_t turns();
  // Any of the decoders, for what they share (their configuration); never to decode with.
  ps_decoder_t* sample() const { return all_.front(); }

 private:
  std::mutex mutex_;
  const std::vector<ps_decoder_t*> all_;
  std::vector<ps_decoder_t*> free_;
  std::deque<std::pair<std::uint64_t, Waiter>> waiting_;
  std::uint64_t nextTicket_ = 0;
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

  std::size_t turns() { return decoders_->turns(); }
  // A stream for a turn starting from `channel`, which waits for a decoder when every one is lent;
  // nullptr when the channel is not an estimate of this model.
  std::unique_ptr<RecognitionStream> open(const ChannelEstimate& channel, std::size_t maxSamples);

 private:
  std::shared_ptr<LiveDecoders> decoders_;
  std::shared_ptr<WorkerPool> pool_;
};

}  // namespace irtc::engine::pocketsphinx
