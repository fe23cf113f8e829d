// A caller's channel as pocketsphinx sees it: the mean of the cepstra of their audio, computed by
// a front end of its own with the decoders' settings — what batch normalisation would subtract
// for that audio, and where a live decoder's running mean starts. Internal to the recogniser.
#pragma once

#include <pocketsphinx.h>

#include <memory>
#include <mutex>

#include "engine/speech/recognizer.hpp"

namespace irtc::engine::pocketsphinx {

// The decoders' configuration, for front ends made later from any thread. sphinxbase counts its
// references without atomics, so each front end takes and drops its reference under the mutex.
class FrontEndSettings {
 public:
  explicit FrontEndSettings(ps_decoder_t* decoder);  // takes a reference to its configuration
  ~FrontEndSettings();
  FrontEndSettings(const FrontEndSettings&) = delete;
  FrontEndSettings& operator=(const FrontEndSettings&) = delete;

  fe_t* makeFrontEnd();  // nullptr when sphinxbase refuses
  void freeFrontEnd(fe_t* frontEnd);

 private:
  std::mutex mutex_;
  cmd_ln_t* config_;
};

std::unique_ptr<ChannelEstimator> makeChannelEstimator(std::shared_ptr<FrontEndSettings> settings);

}  // namespace irtc::engine::pocketsphinx
