// Recognition of a candidate turn as it is spoken. When the recogniser lends the call a live
// stream at the turn's start, the turn's audio goes to it as the detector collects it (every
// 20 ms packet, on the media thread) and is decoded on a speech worker meanwhile; when the turn
// ends only the end of the search is left (~15 ms), against the speech since the last pause for a
// turn recognised in segments (call_segments.cpp). Without a stream — a recogniser that cannot
// stream, or the candidate's first turn, before their channel is known — the turn goes the segment
// way; a stream that got no decoder by the turn's end (every one stayed lent) reports so, and the
// turn is recognised whole. The channel is learned from every turn's audio as it arrives, with the
// recogniser's front end alone, so it is known as soon as the first turn ends.
#include <boost/asio/post.hpp>

#include "engine/call/call.hpp"
#include "engine/call/call_segments.hpp"

namespace irtc::engine {

std::vector<Call::TurnEvent> Call::followTurns(std::vector<VadEvent> found) {
  std::vector<TurnEvent> events;
  events.reserve(found.size());
  for (VadEvent& event : found) {
    TurnEvent followed{std::move(event), false, nullptr};
    if (std::holds_alternative<SpeechStarted>(followed.event)) {
      liveStream_ = resources_.recognizer->openStream(channel_);
      turnFollowed_ = 0;
      followed.live = liveStream_ != nullptr;
    } else if (auto* stopped = std::get_if<SpeechStopped>(&followed.event)) {
      followed.stream = turnEnded(*stopped);
    }
    events.push_back(std::move(followed));
  }
  if (vad_.inSpeech()) followTurnAudio(vad_.utterance());
  return events;
}

std::unique_ptr<RecognitionStream> Call::turnEnded(const SpeechStopped& stopped) {
  followTurnAudio(stopped.audio);
  if (estimator_) {
    if (ChannelEstimate heard = estimator_->take(); !heard.empty()) channel_ = std::move(heard);
  }
  return std::move(liveStream_);
}

void Call::followTurnAudio(const std::vector<int16_t>& turnAudio) {
  if (turnAudio.size() > turnFollowed_) {
    const int16_t* from = turnAudio.data() + turnFollowed_;
    const std::size_t count = turnAudio.size() - turnFollowed_;
    if (liveStream_) liveStream_->feed(from, count);
    if (estimator_) estimator_->add(from, count);
  }
  turnFollowed_ = turnAudio.size();
}

void Call::recognizeLive(std::unique_ptr<RecognitionStream> stream, PendingTurn turn) {
  std::weak_ptr<Call> weak = weak_from_this();
  auto pending = std::make_shared<PendingTurn>(std::move(turn));
  stream->finish([weak, pending](Transcription result) {
    auto self = weak.lock();
    if (!self) return;
    boost::asio::post(self->strand_, [self, pending, result = std::move(result)]() mutable {
      // A stream that could not follow (no live decoder came free, or the speech workers were
      // overloaded) still has the turn's audio: one more try, whole.
      if (!result.ok()) {
        self->recognize(std::move(*pending));
        return;
      }
      self->onTranscribed(pending->item, pending->previousItemId, pending->audioMs, result);
    });
  });
}

}  // namespace irtc::engine
