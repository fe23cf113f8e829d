#include "engine/speech/pocketsphinx_decoder.hpp"

#include <sphinxbase/cmn.h>
#include <sphinxbase/feat.h>
#include <sphinxbase/logmath.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/speech/pocketsphinx_recognizer.hpp"

namespace irtc::engine::pocketsphinx {

namespace {

bool isFiller(const char* word) {
  return word == nullptr || word[0] == '<' || word[0] == '[';
}

cmn_t* cepstralMean(ps_decoder_t* ps) {
  feat_t* features = ps_get_feat(ps);
  return features != nullptr ? features->cmn_struct : nullptr;
}

// The result of the utterance just ended: text and confidence.
Transcription result(ps_decoder_t* ps) {
  Transcription t;
  int32 score = 0;
  const char* hyp = ps_get_hyp(ps, &score);
  t.text = prettifyHypothesis(hyp != nullptr ? hyp : "");
  // Confidence: the mean lattice posterior of the words. ps_get_prob() is the posterior of the
  // whole utterance, which shrinks towards zero with every word and so says little.
  logmath_t* lmath = ps_get_logmath(ps);
  double sum = 0;
  int words = 0;
  for (ps_seg_t* seg = ps_seg_iter(ps); seg != nullptr; seg = ps_seg_next(seg)) {
    if (isFiller(ps_seg_word(seg))) continue;
    int32 ascr = 0, lscr = 0, lback = 0;
    sum += logmath_exp(lmath, ps_seg_prob(seg, &ascr, &lscr, &lback));
    ++words;
  }
  if (words > 0) t.confidence = sum / words;
  return t;
}

double msSince(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
}

}  // namespace

ModelFiles modelFiles(const std::string& dir) {
  ModelFiles files{dir + "/en-us", dir + "/en-us.lm.bin", dir + "/cmudict-en-us.dict"};
  for (const auto& path : {files.hmm, files.lm, files.dict}) {
    if (!std::filesystem::exists(path)) throw std::runtime_error("pocketsphinx model file missing: " + path);
  }
  return files;
}

namespace {

// How a decoder normalises the cepstrum (the channel's colouring).
enum class Normalisation {
  // Over each whole utterance: needs the utterance complete before decoding starts. Nothing
  // carries over from one utterance to the next, so such a decoder serves any caller.
  Batch,
  // A running mean, updated as audio arrives: decoding can follow the speech. Each utterance
  // starts from its caller's ChannelEstimate, so nothing of another caller carries over.
  Live,
};

const char* defaultValue(std::string_view option) {
  for (const arg_t* arg = ps_args(); arg->name != nullptr; ++arg) {
    if (option == arg->name) return arg->deflt;
  }
  throw std::logic_error("pocketsphinx has no option " + std::string(option));
}

// How hard the search prunes: at most so many HMMs per frame, and the beams of the last phone of
// each word (-lpbeam) and of words of one phone (-lponlybeam).
struct Pruning {
  const char* maxHmmsPerFrame;
  const char* lastPhoneBeam;
  const char* lastPhoneAloneBeam;
};

// Live decoders prune harder than pocketsphinx's defaults. Over 23 espeak answers (110 s):
// 0.066 instead of 0.103 CPU-s per second of audio, for a word error rate of 0.186 instead of
// 0.200. -maxhmmpf alone: 0.182 at 1,500 (1,000: 0.239; 2,000: 0.207); the default never binds on
// our answers. Batch decoders keep the defaults, which their second pass needs (0.200 instead of
// 0.189 with -maxhmmpf 1500).
constexpr Pruning kLivePruning{"1500", "1e-30", "1e-30"};

Pruning defaultPruning() {
  return {defaultValue("-maxhmmpf"), defaultValue("-lpbeam"), defaultValue("-lponlybeam")};
}

// withLanguageModel false: the decoder gets one with ps_set_lm() afterwards.
cmd_ln_t* decoderConfig(const ModelFiles& files, Normalisation normalisation, bool withLanguageModel) {
  // pocketsphinx logs every model detail to stderr by default, which would break our one-JSON-
  // object-per-line log; failures are reported through the return values instead.
  // -dither: stretches of exact digital zeros (synthesised speech, Opus DTX, a muted microphone)
  // break the log-energy features — measured here, "experience" in espeak audio was heard as "the
  // theaters" without it and correctly with it. A fixed seed keeps results reproducible.
  // -fwdflat: a second, flat-lexicon pass that re-searches the whole utterance once it has ended.
  // A live decoder skips it, or ~40 % of its decoding would come after the turn: ~20 % less CPU
  // for a word error rate of 0.200 instead of 0.189 over 23 espeak answers. Batch decoders keep it:
  // they often get short stretches cut at pauses, which lose more words without it.
  const bool live = normalisation == Normalisation::Live;
  const char* fwdflat = live ? "no" : "yes";
  const char* cmn = live ? "live" : "batch";
  const Pruning pruning = live ? kLivePruning : defaultPruning();
  // All given at once: a value set with cmd_ln_set_str_r() afterwards leaks.
  cmd_ln_t* config =
      withLanguageModel
          ? cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", files.hmm.c_str(), "-lm", files.lm.c_str(), "-dict",
                        files.dict.c_str(), "-dither", "yes", "-seed", "1", "-fwdflat", fwdflat, "-cmn", cmn,
                        "-maxhmmpf", pruning.maxHmmsPerFrame, "-lpbeam", pruning.lastPhoneBeam, "-lponlybeam",
                        pruning.lastPhoneAloneBeam, "-logfn", "/dev/null", nullptr)
          : cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", files.hmm.c_str(), "-dict", files.dict.c_str(),
                        "-dither", "yes", "-seed", "1", "-fwdflat", fwdflat, "-cmn", cmn, "-maxhmmpf",
                        pruning.maxHmmsPerFrame, "-lpbeam", pruning.lastPhoneBeam, "-lponlybeam",
                        pruning.lastPhoneAloneBeam, "-logfn", "/dev/null", nullptr);
  if (config == nullptr) throw std::runtime_error("pocketsphinx: invalid configuration");
  return config;
}

ps_decoder_t* initDecoder(cmd_ln_t* config, const ModelFiles& files) {
  ps_decoder_t* decoder = ps_init(config);
  if (decoder == nullptr) throw std::runtime_error("pocketsphinx: cannot load the model in " + files.hmm);
  return decoder;
}

}  // namespace

ps_decoder_t* loadDecoder(const ModelFiles& files) {
  cmd_ln_t* config = decoderConfig(files, Normalisation::Batch, true);
  ps_decoder_t* decoder = nullptr;
  try {
    decoder = initDecoder(config, files);
  } catch (...) {
    cmd_ln_free_r(config);
    throw;
  }
  cmd_ln_free_r(config);  // the decoder keeps its own reference
  return decoder;
}

std::vector<ps_decoder_t*> loadLiveDecoders(const ModelFiles& files, std::size_t count,
                                            ngram_model_t*& languageModel) {
  languageModel = nullptr;
  std::vector<ps_decoder_t*> decoders;
  cmd_ln_t* config = decoderConfig(files, Normalisation::Live, false);
  try {
    for (std::size_t i = 0; i < count; ++i) {
      ps_decoder_t* decoder = initDecoder(config, files);
      decoders.push_back(decoder);
      if (languageModel == nullptr) {
        // Read as ps_init() would (the configuration's weights, the decoder's log base, to which the
        // model takes a reference of its own).
        languageModel = ngram_model_read(config, files.lm.c_str(), NGRAM_AUTO, ps_get_logmath(decoder));
        if (languageModel == nullptr) throw std::runtime_error("pocketsphinx: cannot read " + files.lm);
      }
      if (ps_set_lm(decoder, "lm", languageModel) < 0 || ps_set_search(decoder, "lm") < 0)
        throw std::runtime_error("pocketsphinx: cannot use the language model " + files.lm);
    }
  } catch (...) {
    for (ps_decoder_t* d : decoders) ps_free(d);
    if (languageModel != nullptr) ngram_model_free(languageModel);
    languageModel = nullptr;
    cmd_ln_free_r(config);
    throw;
  }
  cmd_ln_free_r(config);
  return decoders;
}

Transcription decodeWhole(ps_decoder_t* ps, const std::vector<int16_t>& pcm) {
  const auto started = std::chrono::steady_clock::now();
  // full_utt=TRUE: the whole utterance is known, which batch normalisation needs.
  if (ps_start_utt(ps) < 0 || ps_process_raw(ps, pcm.data(), pcm.size(), FALSE, TRUE) < 0 ||
      ps_end_utt(ps) < 0) {
    Transcription failed;
    failed.error = "pocketsphinx: decoding failed";
    return failed;
  }
  Transcription t = result(ps);
  t.processingMs = msSince(started);
  return t;
}

bool fitsChannel(ps_decoder_t* ps, const ChannelEstimate& channel) {
  const cmn_t* cmn = cepstralMean(ps);
  return cmn != nullptr && channel.size() == static_cast<std::size_t>(cmn->veclen);
}

bool beginUtterance(ps_decoder_t* ps, const ChannelEstimate& channel) {
  if (!fitsChannel(ps, channel)) return false;
  cmn_live_set(cepstralMean(ps), channel.data());
  return ps_start_utt(ps) >= 0;
}

bool process(ps_decoder_t* ps, const int16_t* samples, std::size_t count) {
  return ps_process_raw(ps, samples, count, FALSE, FALSE) >= 0;
}

Transcription endUtterance(ps_decoder_t* ps) {
  if (ps_end_utt(ps) < 0) {
    Transcription failed;
    failed.error = "pocketsphinx: decoding failed";
    return failed;
  }
  return result(ps);
}

}  // namespace irtc::engine::pocketsphinx
