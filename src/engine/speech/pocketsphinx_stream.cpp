// A live stream's audio is decoded by at most one worker job at a time: feed() queues samples and
// starts a job unless one is under way; the job decodes everything queued, and ends the utterance
// once the turn is over. So a decoder is only ever touched by one thread at a time, and a stream
// that is fed faster than it decodes catches up in one job instead of many.
#include "engine/speech/pocketsphinx_stream.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <utility>

namespace irtc::engine::pocketsphinx {

LiveDecoders::LiveDecoders(std::vector<ps_decoder_t*> decoders, ngram_model_t* languageModel)
    : all_(std::move(decoders)), free_(all_), languageModel_(languageModel) {}

LiveDecoders::~LiveDecoders() {
  for (ps_decoder_t* d : all_) ps_free(d);
  if (languageModel_ != nullptr) ngram_model_free(languageModel_);
}

std::size_t LiveDecoders::available() {
  std::lock_guard lock(mutex_);
  return free_.size();
}

ps_decoder_t* LiveDecoders::acquire() {
  std::lock_guard lock(mutex_);
  if (free_.empty()) return nullptr;
  ps_decoder_t* decoder = free_.back();
  free_.pop_back();
  return decoder;
}

void LiveDecoders::release(ps_decoder_t* decoder) {
  std::lock_guard lock(mutex_);
  free_.push_back(decoder);
}

namespace {

constexpr const char* kFailed =
    "speech recognition could not follow the turn; it is recognised whole instead";

class Stream : public std::enable_shared_from_this<Stream> {
 public:
  Stream(std::shared_ptr<LiveDecoders> decoders, ps_decoder_t* decoder, std::weak_ptr<WorkerPool> pool,
         ChannelEstimate channel, std::size_t maxSamples)
      : decoders_(std::move(decoders)),
        decoder_(decoder),
        pool_(std::move(pool)),
        channel_(std::move(channel)),
        maxSamples_(maxSamples) {}

  void feed(const int16_t* samples, std::size_t count) {
    {
      std::lock_guard lock(mutex_);
      if (ending_) return;
      count = std::min(count, maxSamples_ - fed_);
      if (count == 0) return;
      pending_.insert(pending_.end(), samples, samples + count);
      fed_ += count;
    }
    kick();
  }

  // done empty: the turn was abandoned; the decoder is only given back.
  void end(RecognitionStream::Callback done) {
    {
      std::lock_guard lock(mutex_);
      if (ending_) return;
      ending_ = true;
      done_ = std::move(done);
    }
    kick();
  }

 private:
  // Starts a job unless one is under way. When the pool refuses, the stream has failed and the
  // job runs here instead: with nothing left to decode it only ends the turn, if it is over.
  void kick() {
    {
      std::lock_guard lock(mutex_);
      if (scheduled_) return;
      scheduled_ = true;
    }
    auto self = shared_from_this();
    if (auto pool = pool_.lock()) {
      if (pool->post([self](std::size_t) { self->run(); },
                     [self] {
                       self->failed_ = true;
                       self->run();
                     })) {
        return;
      }
    }
    failed_ = true;
    run();
  }

  void run() {
    for (;;) {
      std::vector<int16_t> chunk;
      {
        std::lock_guard lock(mutex_);
        chunk.swap(pending_);
        if (chunk.empty()) {
          if (!ending_) {
            scheduled_ = false;
            return;
          }
          break;
        }
      }
      if (!failed_) decode(chunk);
    }
    complete();
  }

  void decode(const std::vector<int16_t>& chunk) {
    const auto started = std::chrono::steady_clock::now();
    if (!begun_) {
      begun_ = true;
      if (!beginUtterance(decoder_, channel_)) failed_ = true;
    }
    if (!failed_ && !process(decoder_, chunk.data(), chunk.size())) failed_ = true;
    processingMs_ +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  }

  // The turn is over and all its audio decoded (or given up): end the utterance, which also readies
  // the decoder for its next turn, give the decoder back and report.
  void complete() {
    const auto started = std::chrono::steady_clock::now();
    Transcription result;
    if (begun_) result = endUtterance(decoder_);
    decoders_->release(decoder_);
    if (!done_) return;
    if (failed_) {
      result = Transcription{};
      result.error = kFailed;
    } else if (result.ok()) {
      result.processingMs =
          processingMs_ +
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    }
    done_(std::move(result));
  }

  const std::shared_ptr<LiveDecoders> decoders_;
  ps_decoder_t* const decoder_;
  const std::weak_ptr<WorkerPool> pool_;
  const ChannelEstimate channel_;
  const std::size_t maxSamples_;

  std::mutex mutex_;
  std::vector<int16_t> pending_;
  std::size_t fed_ = 0;
  bool scheduled_ = false;  // a job is queued or running: it alone touches the decoder
  bool ending_ = false;
  RecognitionStream::Callback done_;
  std::atomic<bool> failed_{false};

  // The running job's only.
  bool begun_ = false;
  double processingMs_ = 0;
};

class StreamHandle final : public RecognitionStream {
 public:
  explicit StreamHandle(std::shared_ptr<Stream> stream) : stream_(std::move(stream)) {}
  ~StreamHandle() override { stream_->end({}); }  // a no-op after finish()
  StreamHandle(const StreamHandle&) = delete;
  StreamHandle& operator=(const StreamHandle&) = delete;

  void feed(const int16_t* samples, std::size_t count) override { stream_->feed(samples, count); }
  void finish(Callback done) override { stream_->end(std::move(done)); }

 private:
  std::shared_ptr<Stream> stream_;
};

}  // namespace

namespace {

std::shared_ptr<LiveDecoders> loadLane(const ModelFiles& files, std::size_t count) {
  ngram_model_t* languageModel = nullptr;
  std::vector<ps_decoder_t*> decoders = loadLiveDecoders(files, count, languageModel);
  return std::make_shared<LiveDecoders>(std::move(decoders), languageModel);
}

}  // namespace

// The queue holds at most one job per stream (a stream's next job is posted only once its last
// one is done), so it never needs more room than the lane has decoders.
LiveLane::LiveLane(const ModelFiles& files, std::size_t decoders, const std::string& threadName)
    : decoders_(loadLane(files, decoders)), pool_(std::make_shared<WorkerPool>(threadName, 1, decoders)) {}

LiveLane::~LiveLane() {
  pool_->stop();
}

std::unique_ptr<RecognitionStream> LiveLane::open(const ChannelEstimate& channel, std::size_t maxSamples) {
  ps_decoder_t* decoder = decoders_->acquire();
  if (decoder == nullptr) return nullptr;
  if (!fitsChannel(decoder, channel)) {
    decoders_->release(decoder);
    return nullptr;
  }
  return std::make_unique<StreamHandle>(
      std::make_shared<Stream>(decoders_, decoder, pool_, channel, maxSamples));
}

}  // namespace irtc::engine::pocketsphinx
