// A live stream's audio is decoded by at most one worker job at a time: feed() queues samples and
// starts a job unless one is under way; the job decodes everything queued, and ends the utterance
// once the turn is over. So a decoder is only ever touched by one thread at a time, and a stream
// that is fed faster than it decodes (or waited for its decoder) catches up in one job instead of
// many.
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

std::size_t LiveDecoders::turns() {
  std::lock_guard lock(mutex_);
  return all_.size() - free_.size() + waiting_.size();
}

ps_decoder_t* LiveDecoders::acquireOrWait(Waiter waiter, std::uint64_t* ticket) {
  std::lock_guard lock(mutex_);
  if (!free_.empty()) {
    ps_decoder_t* decoder = free_.back();
    free_.pop_back();
    return decoder;
  }
  *ticket = ++nextTicket_;
  waiting_.emplace_back(*ticket, std::move(waiter));
  return nullptr;
}

void LiveDecoders::cancel(std::uint64_t ticket) {
  std::lock_guard lock(mutex_);
  std::erase_if(waiting_, [ticket](const auto& w) { return w.first == ticket; });
}

void LiveDecoders::release(ps_decoder_t* decoder) {
  for (;;) {
    Waiter next;
    {
      std::lock_guard lock(mutex_);
      if (waiting_.empty()) {
        free_.push_back(decoder);
        return;
      }
      next = std::move(waiting_.front().second);
      waiting_.pop_front();
    }
    if (next(decoder)) return;
  }
}

namespace {

constexpr const char* kFailed =
    "speech recognition could not follow the turn; it is recognised whole instead";
constexpr const char* kNoDecoder =
    "no live decoder came free during the turn; it is recognised whole instead";

class Stream : public std::enable_shared_from_this<Stream> {
 public:
  Stream(std::shared_ptr<LiveDecoders> decoders, std::weak_ptr<WorkerPool> pool, ChannelEstimate channel,
         std::size_t maxSamples)
      : decoders_(std::move(decoders)),
        pool_(std::move(pool)),
        channel_(std::move(channel)),
        maxSamples_(maxSamples) {}

  // Takes a free decoder, or queues for the next one given back: the turn's audio waits in
  // pending_ meanwhile and is decoded in one catch-up job when the decoder comes.
  void start() {
    std::weak_ptr<Stream> weak = weak_from_this();
    ps_decoder_t* decoder = decoders_->acquireOrWait(
        [weak](ps_decoder_t* given) {
          auto self = weak.lock();
          return self && self->take(given);
        },
        &ticket_);
    if (decoder != nullptr) take(decoder);
  }

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
  // A decoder for this turn, unless it is over or gone.
  bool take(ps_decoder_t* decoder) {
    {
      std::lock_guard lock(mutex_);
      if (completed_ || (ending_ && !done_)) return false;
      decoder_ = decoder;
    }
    kick();
    return true;
  }

  // Starts a job unless one is under way or the stream still waits for its decoder. A turn that
  // ends before a decoder came is given up here, to be recognised whole: by then its audio is all
  // there, and the segment recogniser takes it at once instead of after a lent decoder's turn.
  // When the pool refuses, the stream has failed and the job runs here instead: with nothing left
  // to decode it only ends the turn, if it is over.
  void kick() {
    bool waitedOut = false;
    {
      std::lock_guard lock(mutex_);
      if (scheduled_) return;
      if (decoder_ == nullptr) {
        if (!ending_) return;
        waitedOut = true;
        completed_ = true;  // take() declines a decoder from now on
      }
      scheduled_ = true;
    }
    if (waitedOut) {
      complete();
      return;
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
  // the decoder for its next turn, give the decoder back (or stop waiting for one) and report.
  void complete() {
    const auto started = std::chrono::steady_clock::now();
    ps_decoder_t* decoder = nullptr;
    {
      std::lock_guard lock(mutex_);
      completed_ = true;
      decoder = decoder_;
    }
    Transcription result;
    if (begun_) result = endUtterance(decoder);
    if (decoder != nullptr) {
      decoders_->release(decoder);
    } else {
      decoders_->cancel(ticket_);
    }
    if (!done_) return;
    if (decoder == nullptr) {
      result = Transcription{};
      result.error = kNoDecoder;
    } else if (failed_) {
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
  const std::weak_ptr<WorkerPool> pool_;
  const ChannelEstimate channel_;
  const std::size_t maxSamples_;
  std::uint64_t ticket_ = 0;  // while queued for a decoder (start())

  std::mutex mutex_;
  ps_decoder_t* decoder_ = nullptr;  // set once, by take(); only a job touches what it points to
  std::vector<int16_t> pending_;
  std::size_t fed_ = 0;
  bool scheduled_ = false;  // a job is queued or running: it alone touches the decoder
  bool ending_ = false;
  bool completed_ = false;
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

// The queue holds at most one job per stream that holds a decoder (a stream's next job is posted
// only once its last one is done, and a stream waiting for its decoder posts none), so it never
// needs more room than the lane has decoders.
LiveLane::LiveLane(const ModelFiles& files, std::size_t decoders, const std::string& threadName)
    : decoders_(loadLane(files, decoders)), pool_(std::make_shared<WorkerPool>(threadName, 1, decoders)) {}

LiveLane::~LiveLane() {
  pool_->stop();
}

std::unique_ptr<RecognitionStream> LiveLane::open(const ChannelEstimate& channel, std::size_t maxSamples) {
  if (!fitsChannel(decoders_->sample(), channel)) return nullptr;
  auto stream = std::make_shared<Stream>(decoders_, pool_, channel, maxSamples);
  stream->start();
  return std::make_unique<StreamHandle>(std::move(stream));
}

}  // namespace irtc::engine::pocketsphinx
