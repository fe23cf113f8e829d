// Recognition of a candidate turn while the candidate speaks. A batch decode of a whole turn takes
// ~0.2 CPU-s per second of speech, so a turn recognised only once it ended (or at its last pause)
// keeps the candidate waiting about a second per 5 s of answer. Cut at its pauses instead, each
// stretch of speech is decoded once, while the next is being spoken, and when the turn ends little
// or nothing is left. The price: the language model does not see across a cut, so segments are cut
// only when they hold enough speech to stand alone.
#include "engine/call/call_segments.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

#include "engine/call/call.hpp"

namespace irtc::engine {

namespace {

// Speech shorter than this since the last cut is not cut off at a pause: it joins the next segment.
// One word on its own gives the decoder little to go on (its cepstral mean is over the segment).
constexpr std::int64_t kMinSegmentMs = 1000;

std::size_t sampleAt(std::int64_t ms) {
  return static_cast<std::size_t>(ms) * VoiceActivityDetector::kSampleRate / 1000;
}

}  // namespace

void Call::onSpeechPaused(SpeechPaused paused) {
  if (!speakingItemId_ || turnLive_) return;
  if (!segments_ || segments_->itemId != *speakingItemId_) {
    segments_ = std::make_unique<TurnSegments>();
    segments_->serial = ++segmentsSerial_;
    segments_->itemId = *speakingItemId_;
    segments_->audioStartMs = paused.audioStartMs;
    segments_->cutMs = paused.audioStartMs;
  }
  if (segments_->refused || paused.voiceEndMs - segments_->cutMs < kMinSegmentMs) return;
  if (submitSegment(*segments_, paused.audio)) {
    // The next segment starts with this pause's silence, as a turn starts with its padding.
    segments_->cutMs = paused.voiceEndMs;
    segments_->cutVoiceEndMs = paused.voiceEndMs;
  }
}

bool Call::submitSegment(TurnSegments& segments, const std::vector<int16_t>& turnAudio) {
  const std::size_t from = std::min(turnAudio.size(), sampleAt(segments.cutMs - segments.audioStartMs));
  std::vector<int16_t> audio(turnAudio.begin() + static_cast<std::ptrdiff_t>(from), turnAudio.end());
  const std::size_t index = segments.results.size();
  std::weak_ptr<Call> weak = weak_from_this();
  auto onDone = [weak, serial = segments.serial, index](Transcription result) {
    if (auto self = weak.lock()) {
      boost::asio::post(self->strand_, [self, serial, index, result = std::move(result)]() mutable {
        self->onSegmentRecognized(serial, index, std::move(result));
      });
    }
  };
  if (!resources_.recognizer->submit(std::move(audio), onDone)) {
    segments.refused = true;
    return false;
  }
  segments.results.emplace_back();
  ++segments.outstanding;
  return true;
}

bool Call::finishSegments(PendingTurn& turn, std::int64_t voiceEndMs) {
  std::unique_ptr<TurnSegments> segments = std::move(segments_);
  if (!segments || segments->itemId != turn.item.id || segments->refused || !segments->cutVoiceEndMs)
    return false;
  // Speech after the last cut (or a turn ended by the client or the length limit) is the last segment.
  if (voiceEndMs != *segments->cutVoiceEndMs && !submitSegment(*segments, turn.audio)) return false;
  segments->waiting = std::move(turn);
  if (segments->outstanding == 0) {
    completeSegments(std::move(segments));
  } else {
    finishing_.push_back(std::move(segments));
  }
  return true;
}

void Call::onSegmentRecognized(std::uint64_t serial, std::size_t index, Transcription result) {
  if (ended_) return;
  TurnSegments* segments = segments_ && segments_->serial == serial ? segments_.get() : nullptr;
  auto finishing = std::find_if(finishing_.begin(), finishing_.end(),
                                [serial](const auto& entry) { return entry->serial == serial; });
  if (finishing != finishing_.end()) segments = finishing->get();
  if (segments == nullptr || index >= segments->results.size()) return;  // a turn given up
  segments->results[index] = std::move(result);
  if (--segments->outstanding > 0 || finishing == finishing_.end()) return;
  std::unique_ptr<TurnSegments> done = std::move(*finishing);
  finishing_.erase(finishing);
  completeSegments(std::move(done));
}

void Call::completeSegments(std::unique_ptr<TurnSegments> segments) {
  PendingTurn turn = std::move(*segments->waiting);
  std::vector<Transcription> parts;
  for (auto& result : segments->results) {
    if (!result->ok()) {
      recognize(std::move(turn));  // e.g. a decoding error: one more try, on the whole turn
      return;
    }
    parts.push_back(std::move(*result));
  }
  onTranscribed(turn.item, turn.previousItemId, turn.audioMs, joinTranscriptions(parts));
}

}  // namespace irtc::engine
