// One pocketsphinx decoder: loading it, and one utterance through it — whole (batch) or fed as it
// arrives (live). Internal to the pocketsphinx recogniser; includes the C API.
#pragma once

#include <pocketsphinx.h>

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

// How a decoder normalises the cepstrum (the channel's colouring).
enum class Normalisation {
  // Over each whole utterance: needs the utterance complete before decoding starts. Nothing
  // carries over from one utterance to the next, so such a decoder serves any caller.
  Batch,
  // A running mean, updated as audio arrives: decoding can follow the speech. Each utterance
  // starts from its caller's ChannelEstimate, so nothing of another caller carries over.
  Live,
};

// Throws std::runtime_error when the model cannot be loaded.
ps_decoder_t* loadDecoder(const ModelFiles& files, Normalisation normalisation);

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
