// One pocketsphinx decoder: loading it, and one utterance through it — whole (batch) or fed as it
// arrives (live). Internal to the pocketsphinx recogniser; includes the C API.
#pragma once

#include <pocketsphinx.h>
#include <sphinxbase/ngram_model.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/speech/recognizer.hpp"

namespace irtc::engine::pocketsphinx {

struct ModelFiles {
  std::string hmm, lm, dict;
};

// The files of the model in `dir` as pocketsphinx-en-us ships them; throws when one is missing.
ModelFiles modelFiles(const std::string& dir);

// A batch decoder with the whole model of its own. Throws std::runtime_error when the model cannot
// be loaded.
ps_decoder_t* loadDecoder(const ModelFiles& files);

// Live decoders that share one language model, which `languageModel` receives (the decoders hold
// references to it; the caller frees its own). The language model keeps scoring caches, so
// decoders that share one must never run at the same time: give them one thread. Sharing saves
// ~34 MiB per decoder (~22 MiB each instead of ~55 MiB); results are the same (word error rate
// 0.207 with three decoders decoding interleaved on one thread, shared or not). Throws
// std::runtime_error when the model cannot be loaded.
std::vector<ps_decoder_t*> loadLiveDecoders(const ModelFiles& files, std::size_t count,
                                            ngram_model_t*& languageModel);

// Batch decoding of a complete utterance.
Transcription decodeWhole(ps_decoder_t* ps, const std::vector<int16_t>& pcm);

// Whether `channel` is an estimate this decoder's model made (it has the model's cepstrum size).
bool fitsChannel(ps_decoder_t* ps, const ChannelEstimate& channel);

// Live decoding: begin (from a channel that fits), process as audio arrives, end. False/an error
// on a decoder failure.
bool beginUtterance(ps_decoder_t* ps, const ChannelEstimate& channel);
bool process(ps_decoder_t* ps, const int16_t* samples, std::size_t count);
Transcription endUtterance(ps_decoder_t* ps);

}  // namespace irtc::engine::pocketsphinx
