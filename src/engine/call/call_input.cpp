// The candidate's side of a call: turn detection on the decoded audio, the input events, and
// recognition of each turn off the media threads.
#include <boost/asio/post.hpp>
#include <variant>

#include "engine/call/call.hpp"
#include "engine/call/call_metrics.hpp"
#include "engine/call/call_segments.hpp"
#include "engine/realtime/ids.hpp"
#include "engine/realtime/usage.hpp"

namespace irtc::engine {

namespace rt = realtime;

VadParams Call::vadParams() const {
  // With turn detection off the detector still cuts utterances; only its events are not sent.
  rt::TurnDetection detection = config_.turnDetection.value_or(rt::TurnDetection{});
  return {detection.threshold, detection.prefixPaddingMs, detection.silenceDurationMs};
}

void Call::onAudio(const int16_t* samples, std::size_t count) {
  // On the media thread: the detector is cheap (about a thousand multiply-adds per 10 ms), and a
  // live stream only queues the audio for a speech worker.
  std::vector<TurnEvent> events;
  {
    std::lock_guard lock(vadMutex_);
    events = followTurns(vad_.process(samples, count));
  }
  if (events.empty()) return;
  boost::asio::post(strand_, [self = shared_from_this(), events = std::move(events)]() mutable {
    for (auto& [event, live, stream] : events) {
      if (self->ended_) return;
      if (auto* started = std::get_if<SpeechStarted>(&event)) {
        self->onSpeechStarted(*started, live);
      } else if (auto* paused = std::get_if<SpeechPaused>(&event)) {
        self->onSpeechPaused(std::move(*paused));
      } else {
        self->onSpeechStopped(std::move(std::get<SpeechStopped>(event)), false, std::move(stream));
      }
    }
  });
}

void Call::onSpeechStarted(const SpeechStarted& started, bool live) {
  speakingItemId_ = rt::newItemId();
  turnLive_ = live;
  if (!config_.turnDetection) return;
  fanout_.broadcast(rt::events::speechStarted(started.audioStartMs, *speakingItemId_));
  // Barge-in: the candidate talks over the interviewer, who stops at once.
  if (config_.turnDetection->interruptResponse && response_ && cancelResponse("turn_detected") && metrics_) {
    metrics_->bargeIn();
  }
}

void Call::onSpeechStopped(SpeechStopped stopped, bool committedByClient,
                           std::unique_ptr<RecognitionStream> stream) {
  std::string itemId = speakingItemId_.value_or(rt::newItemId());
  speakingItemId_.reset();
  const std::int64_t audioMs =
      static_cast<std::int64_t>(stopped.audio.size()) * 1000 / VoiceActivityDetector::kSampleRate;
  userAudioMs_ += audioMs;
  turnEndedAt_ = std::chrono::steady_clock::now();

  if (config_.turnDetection && !committedByClient) {
    fanout_.broadcast(rt::events::speechStopped(stopped.audioEndMs, itemId));
  }
  auto previous = lastItemId_;
  lastItemId_ = itemId;
  fanout_.broadcast(rt::events::inputAudioBufferCommitted(previous, itemId));
  rt::MessageItem item{
      itemId, "user", "completed", {rt::ContentPart{rt::ContentPart::Type::InputAudio, std::nullopt}}};
  keepItem(item);
  fanout_.broadcast(rt::events::conversationItemAdded(previous, item));

  PendingTurn turn{std::move(item), previous, audioMs, std::move(stopped.audio)};
  if (stream) {
    recognizeLive(std::move(stream), std::move(turn));
    return;
  }
  if (finishSegments(turn, stopped.voiceEndMs)) return;
  recognize(std::move(turn));
}

void Call::recognize(PendingTurn turn) {
  std::weak_ptr<Call> weak = weak_from_this();
  auto onDone = [weak, item = turn.item, previous = turn.previousItemId,
                 audioMs = turn.audioMs](Transcription result) {
    auto self = weak.lock();
    if (!self) return;
    boost::asio::post(self->strand_, [self, item, previous, audioMs, result = std::move(result)] {
      self->onTranscribed(item, previous, audioMs, result);
    });
  };
  if (!resources_.recognizer->submit(std::move(turn.audio), onDone)) {
    Transcription busy;
    busy.error = "speech recognition is overloaded; the turn was not transcribed";
    onTranscribed(turn.item, turn.previousItemId, turn.audioMs, busy);
  }
}

void Call::onTranscribed(const rt::MessageItem& added, const std::optional<std::string>& previousItemId,
                         std::int64_t audioMs, const Transcription& result) {
  if (ended_) return;
  if (metrics_ && result.ok()) metrics_->recognition(result.processingMs / 1000.0);
  rt::MessageItem item = added;
  if (result.ok()) item.content.front().text = result.text;
  if (config_.transcriptionEnabled) {
    if (result.ok()) {
      fanout_.broadcast(rt::events::transcriptionCompleted(item.id, 0, result.text,
                                                           rt::events::transcriptionDurationUsage(audioMs)));
    } else {
      rt::EventError error{"server_error", "transcription_failed", result.error, std::nullopt, std::nullopt};
      fanout_.broadcast(rt::events::transcriptionFailed(item.id, 0, error));
    }
  }
  keepItem(item);
  fanout_.broadcast(rt::events::conversationItemDone(previousItemId, item));
  transcriptTextTokens_ += rt::estimateTextTokens(result.text);
  // An unrecognised turn still counts: the interviewer asks the candidate to say more.
  candidateTurn(result.ok() ? result.text : std::string());
}

void Call::candidateTurn(const std::string& text) {
  if (!pendingTurn_.empty() && !text.empty()) pendingTurn_ += ' ';
  pendingTurn_ += text;
  // create_response off: the client decides when the interviewer answers (response.create).
  if (config_.turnDetection && !config_.turnDetection->createResponse) return;
  answerPendingTurn();
}

void Call::answerPendingTurn() {
  typedTurnTimer_.cancel();
  std::string text = std::move(pendingTurn_);
  pendingTurn_.clear();
  think([text](interviewer::Interviewer& brain) { return brain.onCandidateTurn(text); });
}

}  // namespace irtc::engine
