// Recognition of a candidate turn as it is spoken. When the recogniser lends the call a live
// stream at the turn's start, the turn's audio goes to it as the detector collects it (every
// 20 ms packet, on the media thread) and is decoded on a speech worker meanwhile; when the turn
// ends only the end of the search is left (~15 ms), against the speech since the last pause for a
// turn recognised in segments (call_segments.cpp). Without a stream — no live decoder free, a
// recogniser that cannot stream, or the candidate's first turn, before their channel is known —
// the turn goes the segment way.
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
      liveFed_ = 0;
      followed.live = liveStream_ != nullptr;
    } else if (auto* stopped = std::get_if<SpeechStopped>(&followed.event)) {
      followed.stream = takeLiveStream(*stopped);
    }
    events.push_back(std::move(followed));
  }
  if (liveStream_ && vad_.inSpeech()) feedLive(vad_.utterance());
  return events;
}

std::unique_ptr<RecognitionStream> Call::takeLiveStream(const SpeechStopped& stopped) {
  if (!liveStream_) return nullptr;
  feedLive(stopped.audio);
  return std::move(liveStream_);
}

void Call::feedLive(const std::vector<int16_t>& turnAudio) {
  if (turnAudio.size() > liveFed_)
    liveStream_->feed(turnAudio.data() + liveFed_, turnAudio.size() - liveFed_);
  liveFed_ = turnAudio.size();
}

void Call::recognizeLive(std::unique_ptr<RecognitionStream> stream, PendingTurn turn) {
  std::weak_ptr<Call> weak = weak_from_this();
  auto pending = std::make_shared<PendingTurn>(std::move(turn));
  stream->finish([weak, pending](Transcription result) {
    auto self = weak.lock();
    if (!self) return;
    boost::asio::post(self->strand_, [self, pending, result = std::move(result)]() mutable {
      // A stream that could not follow (the speech workers were overloaded) still has the turn's
      // audio: one more try, whole.
      if (!result.ok()) {
        self->recognize(std::move(*pending));
        return;
      }
      self->onTranscribed(pending->item, pending->previousItemId, pending->audioMs, result);
    });
  });
}

void Call::learnChannel(const ChannelEstimate& channel) {
  if (channel.empty()) return;
  std::lock_guard lock(vadMutex_);
  channel_ = channel;
}

}  // namespace irtc::engine
