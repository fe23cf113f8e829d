// Live recognition with pocketsphinx: a set of decoders lent to turns while they are spoken, each
// turn's audio decoded on the recogniser's workers as it arrives. Internal to the recogniser.
#pragma once

#include <pocketsphinx.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/speech/recognizer.hpp"
#include "engine/speech/worker_pool.hpp"

namespace irtc::engine::pocketsphinx {

// Decoders with live normalisation; a stream holds one from its turn's start to its end. Each
// stream keeps the set alive, so the decoders outlive every stream that may still touch them.
class LiveDecoders {
 public:
  explicit LiveDecoders(std::vector<ps_decoder_t*> decoders);
  ~LiveDecoders();
  LiveDecoders(const LiveDecoders&) = delete;
  LiveDecoders& operator=(const LiveDecoders&) = delete;

  ps_decoder_t* acquire();  // nullptr when every decoder is lent
  void release(ps_decoder_t* decoder);
  std::size_t size() const { return all_.size(); }

 private:
  std::mutex mutex_;
  const std::vector<ps_decoder_t*> all_;
  std::vector<ps_decoder_t*> free_;
};

// A stream on `decoder` (acquired from `decoders`), fed on `pool`'s workers. Once the pool is
// gone or stops, the stream fails: finish() then reports an error.
std::unique_ptr<RecognitionStream> openLiveStream(std::shared_ptr<LiveDecoders> decoders,
                                                  ps_decoder_t* decoder, std::weak_ptr<WorkerPool> pool,
                                                  ChannelEstimate channel, std::size_t maxSamples);

}  // namespace irtc::engine::pocketsphinx
