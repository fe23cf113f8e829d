#include "engine/speech/pocketsphinx_recognizer.hpp"

#include <pocketsphinx.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "core/log.hpp"
#include "engine/speech/pocketsphinx_channel.hpp"
#include "engine/speech/pocketsphinx_decoder.hpp"
#include "engine/speech/pocketsphinx_stream.hpp"
#include "engine/speech/vocabulary.hpp"

namespace irtc::engine {

struct PocketsphinxRecognizer::Decoders {
  std::vector<ps_decoder_t*> list;
  ~Decoders() {
    for (ps_decoder_t* d : list) ps_free(d);
  }
};

namespace {

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
  pocketsphinx::ModelFiles files = pocketsphinx::modelFiles(options_.modelDir);
  std::optional<TemporaryFile> smallDictionary;
  if (options_.vocabulary > 0) {
    smallDictionary.emplace(mostProbableWords(files.lm, files.dict, options_.vocabulary));
    files.dict = smallDictionary->path();
  }
  // One after another: ps_init() touches process-wide state (the log file), so loading in
  // parallel is not safe.
  for (std::size_t i = 0; i < workers; ++i) decoders_->list.push_back(pocketsphinx::loadDecoder(files));
  frontEnd_ = std::make_shared<pocketsphinx::FrontEndSettings>(decoders_->list.front());
  // The live decoders spread evenly over one lane per worker (fewer when there are fewer of them).
  const std::size_t lanes = std::min(workers, options_.liveDecoders);
  for (std::size_t i = 0; i < lanes; ++i) {
    const std::size_t decoders = options_.liveDecoders / lanes + (i < options_.liveDecoders % lanes ? 1 : 0);
    lanes_.push_back(std::make_unique<pocketsphinx::LiveLane>(files, decoders, "stt-live"));
  }
  log::info("pocketsphinx decoders loaded", {{"workers", workers},
                                             {"liveDecoders", options_.liveDecoders},
                                             {"vocabulary", options_.vocabulary},
                                             {"ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                                        std::chrono::steady_clock::now() - started)
                                                        .count()}});
  pool_ = std::make_unique<WorkerPool>("stt-ps", workers, options_.queueCapacity);
}

PocketsphinxRecognizer::~PocketsphinxRecognizer() {
  pool_->stop();
}

std::size_t PocketsphinxRecognizer::maxSamples() const {
  return static_cast<std::size_t>(options_.maxUtteranceSeconds) * kSampleRate;
}

std::size_t PocketsphinxRecognizer::workers() const {
  return decoders_->list.size();
}

std::size_t PocketsphinxRecognizer::liveTurns() const {
  std::size_t turns = 0;
  for (const auto& lane : lanes_) turns += lane->turns();
  return turns;
}

bool PocketsphinxRecognizer::submit(std::vector<int16_t> pcm16k, Callback done) {
  if (pcm16k.size() > maxSamples()) pcm16k.resize(maxSamples());
  auto shared = std::make_shared<Callback>(std::move(done));
  return pool_->post(
      [this, pcm = std::move(pcm16k), shared](std::size_t worker) {
        (*shared)(pocketsphinx::decodeWhole(decoders_->list[worker], pcm));
      },
      [shared] {
        Transcription t;
        t.error = "recogniser shutting down";
        (*shared)(std::move(t));
      });
}

std::unique_ptr<RecognitionStream> PocketsphinxRecognizer::openStream(const ChannelEstimate& channel) {
  if (channel.empty()) return nullptr;  // a caller not heard yet: see the header
  // The lane with the fewest turns, so turns spread over the lanes' threads.
  pocketsphinx::LiveLane* lane = nullptr;
  std::size_t fewest = 0;
  for (const auto& candidate : lanes_) {
    if (const std::size_t turns = candidate->turns(); lane == nullptr || turns < fewest) {
      fewest = turns;
      lane = candidate.get();
    }
  }
  if (lane == nullptr) return nullptr;
  return lane->open(channel, maxSamples());
}

std::unique_ptr<ChannelEstimator> PocketsphinxRecognizer::channelEstimator() {
  if (lanes_.empty()) return nullptr;  // nothing would use the estimates
  return pocketsphinx::makeChannelEstimator(frontEnd_);
}

}  // namespace irtc::engine
