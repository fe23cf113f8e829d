#include "engine/speech/pocketsphinx_recognizer.hpp"

#include <pocketsphinx.h>
#include <sphinxbase/logmath.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "core/log.hpp"
#include "engine/speech/vocabulary.hpp"

namespace irtc::engine {

struct PocketsphinxRecognizer::Decoders {
  std::vector<ps_decoder_t*> list;
  ~Decoders() {
    for (ps_decoder_t* d : list) ps_free(d);
  }
};

namespace {

struct ModelFiles {
  std::string hmm, lm, dict;
};

ModelFiles modelFiles(const std::string& dir) {
  ModelFiles files{dir + "/en-us", dir + "/en-us.lm.bin", dir + "/cmudict-en-us.dict"};
  for (const auto& path : {files.hmm, files.lm, files.dict}) {
    if (!std::filesystem::exists(path)) throw std::runtime_error("pocketsphinx model file missing: " + path);
  }
  return files;
}

// The derived dictionary lives in a private temporary file while the decoders load it.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::string& content) {
    std::string pattern = (std::filesystem::temp_directory_path() / "interviewd-dict-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("cannot create a temporary file for the dictionary");
    path_ = pattern;
    const bool written = write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
    close(fd);
    if (!written) {
      remove();  // no destructor runs for a constructor that throws
      throw std::runtime_error("cannot write the dictionary to " + path_);
    }
  }
  ~TemporaryFile() { remove(); }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  // The throwing remove() would end the process from a destructor; a leftover file is harmless.
  void remove() noexcept {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }

  std::string path_;
};

ps_decoder_t* loadDecoder(const ModelFiles& files) {
  // pocketsphinx logs every model detail to stderr by default, which would break our one-JSON-
  // object-per-line log; failures are reported through the return values instead.
  // -dither: stretches of exact digital zeros (synthesised speech, Opus DTX, a muted microphone)
  // break the log-energy features — measured here, "experience" in espeak audio was heard as "the
  // theaters" without it and correctly with it. A fixed seed keeps results reproducible.
  // -cmn batch: cepstral mean normalisation over each whole utterance. The default ("live") carries
  // a running mean from one utterance to the next, and a decoder serves every call in turn, so one
  // caller's microphone would colour the next caller's recognition.
  cmd_ln_t* config = cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", files.hmm.c_str(), "-lm", files.lm.c_str(),
                                 "-dict", files.dict.c_str(), "-dither", "yes", "-seed", "1", "-cmn", "batch",
                                 "-logfn", "/dev/null", nullptr);
  if (config == nullptr) throw std::runtime_error("pocketsphinx: invalid configuration");
  ps_decoder_t* decoder = ps_init(config);
  cmd_ln_free_r(config);  // the decoder keeps its own reference
  if (decoder == nullptr) throw std::runtime_error("pocketsphinx: cannot load the model in " + files.hmm);
  return decoder;
}

bool isFiller(const char* word) {
  return word == nullptr || word[0] == '<' || word[0] == '[';
}

Transcription decode(ps_decoder_t* ps, const std::vector<int16_t>& pcm) {
  const auto started = std::chrono::steady_clock::now();
  Transcription result;
  // full_utt=TRUE: the whole utterance is known, which batch CMN needs.
  if (ps_start_utt(ps) < 0 || ps_process_raw(ps, pcm.data(), pcm.size(), FALSE, TRUE) < 0 ||
      ps_end_utt(ps) < 0) {
    result.error = "pocketsphinx: decoding failed";
    return result;
  }
  int32 score = 0;
  const char* hyp = ps_get_hyp(ps, &score);
  result.text = prettifyHypothesis(hyp != nullptr ? hyp : "");
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
  if (words > 0) result.confidence = sum / words;
  result.processingMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace

std::string prettifyHypothesis(std::string hyp) {
  auto isLetter = [](char c) { return c >= 'a' && c <= 'z'; };
  for (std::size_t i = 0; i < hyp.size(); ++i) {
    const bool wordStart = i == 0 || hyp[i - 1] == ' ';
    const bool wordEnd = i + 1 == hyp.size() || hyp[i + 1] == ' ' || hyp[i + 1] == '\'';
    if (hyp[i] == 'i' && wordStart && wordEnd) hyp[i] = 'I';  // i, i'm, i've, i'd, i'll
  }
  if (!hyp.empty() && isLetter(hyp[0])) hyp[0] = static_cast<char>(hyp[0] - 'a' + 'A');
  return hyp;
}

PocketsphinxRecognizer::PocketsphinxRecognizer(PocketsphinxOptions options)
    : options_(std::move(options)), decoders_(std::make_unique<Decoders>()) {
  const std::size_t workers = options_.workers == 0 ? WorkerPool::defaultWorkers() : options_.workers;
  const auto started = std::chrono::steady_clock::now();
  ModelFiles files = modelFiles(options_.modelDir);
  std::optional<TemporaryFile> smallDictionary;
  if (options_.vocabulary > 0) {
    smallDictionary.emplace(mostProbableWords(files.lm, files.dict, options_.vocabulary));
    files.dict = smallDictionary->path();
  }
  // One after another: ps_init() touches process-wide state (the log file), so loading in
  // parallel is not safe.
  for (std::size_t i = 0; i < workers; ++i) decoders_->list.push_back(loadDecoder(files));
  log::info("pocketsphinx decoders loaded", {{"workers", workers},
                                             {"vocabulary", options_.vocabulary},
                                             {"ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                                        std::chrono::steady_clock::now() - started)
                                                        .count()}});
  pool_ = std::make_unique<WorkerPool>("stt-ps", workers, options_.queueCapacity);
}

PocketsphinxRecognizer::~PocketsphinxRecognizer() {
  pool_->stop();
}

std::size_t PocketsphinxRecognizer::workers() const {
  return decoders_->list.size();
}

bool PocketsphinxRecognizer::submit(std::vector<int16_t> pcm16k, Callback done) {
  const auto maxSamples = static_cast<std::size_t>(options_.maxUtteranceSeconds) * kSampleRate;
  if (pcm16k.size() > maxSamples) pcm16k.resize(maxSamples);
  auto shared = std::make_shared<Callback>(std::move(done));
  return pool_->post([this, pcm = std::move(pcm16k),
                      shared](std::size_t worker) { (*shared)(decode(decoders_->list[worker], pcm)); },
                     [shared] {
                       Transcription t;
                       t.error = "recogniser shutting down";
                       (*shared)(std::move(t));
                     });
}

}  // namespace irtc::engine
