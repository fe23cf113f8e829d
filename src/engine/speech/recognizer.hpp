// Speech-to-text behind a small interface: pocketsphinx in-process or an OpenAI-compatible HTTP
// service, chosen by configuration (speech_factory.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace irtc::engine {

// What a recogniser learned about a caller's channel (pocketsphinx: the cepstral mean, the
// colouring of the microphone and the room), so that the same caller's next turn can be
// recognised as it is spoken (openStream). Opaque to callers.
using ChannelEstimate = std::vector<float>;

// Learns a caller's channel from their audio as it arrives: the recogniser's front end only, no
// decoding (pocketsphinx: ~1 % of decoding's CPU), so the estimate of a turn is ready when the turn
// ends, whether or not its transcript is. One per caller; not thread-safe.
class ChannelEstimator {
 public:
  virtual ~ChannelEstimator() = default;
  virtual void add(const int16_t* samples, std::size_t count) = 0;
  // The estimate from the audio added since the last take() (a turn's); empty when there was none.
  virtual ChannelEstimate take() = 0;
};

struct Transcription {
  std::string text;
  std::optional<double> confidence;  // 0..1 when the recogniser gives one
  std::string error;                 // empty on success; safe to show (never holds keys)
  double processingMs = 0;           // time spent recognising, queueing excluded

  bool ok() const { return error.empty(); }
};

// One turn recognised while it is spoken: its audio goes in as it arrives and is decoded on the
// recogniser's workers meanwhile, so when the turn ends only the end of the search is left.
// Destroying a stream that was not finished abandons the turn.
class RecognitionStream {
 public:
  using Callback = std::function<void(Transcription)>;
  virtual ~RecognitionStream() = default;
  // 16 kHz mono, in order. Never blocks (media threads call it); audio beyond the recogniser's
  // utterance limit is ignored.
  virtual void feed(const int16_t* samples, std::size_t count) = 0;
  // The turn is over: `done` runs later on a worker thread, exactly once, with the transcript or
  // an error (the stream's audio could not all be decoded; recognise the turn with submit()).
  virtual void finish(Callback done) = 0;
};

class Recognizer {
 public:
  using Callback = std::function<void(Transcription)>;
  static constexpr int kSampleRate = 16000;

  virtual ~Recognizer() = default;

  // Queues one utterance (16 kHz mono) and returns at once; `done` runs later on a worker thread,
  // exactly once, also when the recogniser shuts down first (with an error). Returns false —
  // without calling `done` — when the queue is full or the recogniser is stopping, so a media
  // thread never blocks here.
  [[nodiscard]] virtual bool submit(std::vector<int16_t> pcm16k, Callback done) = 0;

  // A stream for a turn that starts now, for the caller whose channel is `channel` (from their
  // estimator); nullptr when this recogniser cannot stream or needs a channel estimate it was not
  // given — then the turn is recognised with submit(). Never blocks: a stream may have to wait
  // for a decoder, and one that got none by the turn's end finishes with an error.
  virtual std::unique_ptr<RecognitionStream> openStream(const ChannelEstimate& channel);
  // An estimator of a new caller's channel for openStream(); nullptr when this recogniser cannot
  // stream.
  virtual std::unique_ptr<ChannelEstimator> channelEstimator();

  // Blocking convenience over submit() for tools and tests; never call it on a media thread.
  Transcription transcribe(std::vector<int16_t> pcm16k);
};

// One transcription of consecutive pieces of a turn recognised separately: the texts in order
// (each piece's capitalised first word lowered, except "I"), the confidence as a mean weighted by
// words, the processing times summed. Pieces are expected to have succeeded.
Transcription joinTranscriptions(const std::vector<Transcription>& pieces);

}  // namespace irtc::engine
