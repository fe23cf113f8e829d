// The interviewer's side of a call: running the interviewer, speaking its replies as responses
// (synthesis streamed to the peer as it is produced), barge-in, and the time limits.
#include <boost/asio/post.hpp>
#include <variant>

#include "core/log.hpp"
#include "engine/call/call.hpp"
#include "engine/call/call_metrics.hpp"
#include "engine/call/call_response.hpp"
#include "engine/interviewer/brief.hpp"
#include "engine/realtime/ids.hpp"
#include "engine/realtime/usage.hpp"

namespace irtc::engine {

namespace rt = realtime;
using std::chrono::steady_clock;

namespace {

// Past the brief's own time limit the candidate may finish the answer and hear the closing.
constexpr std::chrono::minutes kTimeLimitGrace{2};
// How often a finished synthesis checks whether its audio has played out.
constexpr std::chrono::milliseconds kPlayoutPoll{20};

}  // namespace

void Call::ensureInterviewer() {
  if (interviewer_) return;
  greetTimer_.cancel();
  auto brief = interviewer::parseBrief(config_.instructions);
  applyTimeLimit(brief.maxMinutes);
  interviewer_ = std::make_unique<interviewer::Interviewer>(std::move(brief), resources_.phraser.get());
}

void Call::startInterview() {
  think([](interviewer::Interviewer& brain) { return brain.start(); });
}

void Call::think(Step step) {
  if (ended_) return;
  ensureInterviewer();
  brainQueue_.push_back(std::move(step));
  pumpBrain();
}

void Call::pumpBrain() {
  if (brainBusy_ || brainQueue_.empty() || ended_) return;
  Step step = std::move(brainQueue_.front());
  brainQueue_.pop_front();
  brainBusy_ = true;
  auto finish = [self = shared_from_this()](std::vector<interviewer::Action> actions) {
    boost::asio::post(self->strand_, [self, actions = std::move(actions)] {
      self->brainBusy_ = false;
      if (self->ended_) return;
      self->perform(actions);
      self->pumpBrain();
    });
  };
  interviewer::Interviewer* brain = interviewer_.get();
  // Scripted only: deterministic and fast, so it runs right here.
  if (!resources_.phraser || !resources_.brainPool) {
    finish(step(*brain));
    return;
  }
  bool posted = resources_.brainPool->post([brain, step, finish](std::size_t) { finish(step(*brain)); },
                                           [finish] { finish({}); });
  // A full pool: this call's strand waits for the model once rather than lose the turn.
  if (!posted) finish(step(*brain));
}

void Call::perform(const std::vector<interviewer::Action>& actions) {
  std::string text;
  for (const auto& action : actions) {
    if (const auto* say = std::get_if<interviewer::Say>(&action)) {
      if (!text.empty()) text += ' ';
      text += say->text;
    } else {
      endAfterSpeech_ = std::get<interviewer::EndCall>(action).reason;
    }
  }
  if (!text.empty()) {
    speak(std::move(text));
  } else if (endAfterSpeech_ && !response_) {
    end(*endAfterSpeech_ == "time_up" ? "max_duration" : "completed");
  }
}

void Call::speak(std::string text) {
  if (response_) {
    toSay_.push_back(std::move(text));
    return;
  }
  auto response = std::make_unique<Response>();
  response->info = {rt::newResponseId(), conversationId_, config_.voice};
  response->item = {rt::newItemId(),
                    "assistant",
                    "in_progress",
                    {rt::ContentPart{rt::ContentPart::Type::OutputAudio, std::nullopt}}};
  response->previousItemId = lastItemId_;
  response->text = text;
  lastItemId_ = response->item.id;
  lastSaid_ = text;

  const auto& id = response->info.id;
  const auto& itemId = response->item.id;
  fanout_.broadcast(rt::events::responseCreated(response->info));
  fanout_.broadcast(rt::events::outputItemAdded(id, 0, response->item));
  fanout_.broadcast(rt::events::conversationItemAdded(response->previousItemId, response->item));
  fanout_.broadcast(rt::events::contentPartAdded(id, itemId, 0, 0, response->item.content.front()));
  fanout_.broadcast(rt::events::outputAudioTranscriptDelta(id, itemId, 0, 0, text));

  // The synthesiser's thread hands each chunk straight to the peer: no hop through the strand
  // between the first synthesized samples and the first packet.
  std::weak_ptr<Call> weak = weak_from_this();
  auto progress = response->progress;
  auto onChunk = [weak, progress, id](const int16_t* samples, std::size_t count, int rate) {
    auto self = weak.lock();
    if (!self || !self->peer_->sendAudio(samples, count, rate)) return;
    progress->sampleRate.store(rate);
    progress->samples.fetch_add(static_cast<std::int64_t>(count));
    if (!progress->firstChunk.exchange(true)) {
      boost::asio::post(self->strand_, [self, id] { self->onFirstAudio(id); });
    }
  };
  auto onDone = [weak, id](const SynthesisResult& result) {
    if (auto self = weak.lock()) {
      boost::asio::post(self->strand_, [self, id, result] { self->onSynthesisDone(id, result); });
    }
  };
  auto handle = resources_.synthesizer->synthesize(std::move(text), config_.voice, onChunk, onDone);
  response_ = std::move(response);
  if (!handle) {
    finishResponse({rt::ResponseStatus::Failed, "", "server_error", "speech_synthesis_unavailable"});
    return;
  }
  response_->handle = *handle;
}

void Call::onFirstAudio(const std::string& responseId) {
  if (!response_ || response_->info.id != responseId || response_->audioStarted) return;
  response_->audioStarted = true;
  fanout_.broadcast(rt::events::outputAudioBufferStarted(responseId));
  if (turnEndedAt_ != steady_clock::time_point{}) {
    if (metrics_)
      metrics_->responseLatency(std::chrono::duration<double>(steady_clock::now() - turnEndedAt_).count());
    turnEndedAt_ = {};
  }
}

void Call::onSynthesisDone(const std::string& responseId, const SynthesisResult& result) {
  if (!response_ || response_->info.id != responseId || result.cancelled) return;
  if (!result.ok()) {
    log::warn("speech synthesis failed", {{"callId", callId_}, {"error", result.error}});
    peer_->clearAudio();
    finishResponse({rt::ResponseStatus::Failed, "", "server_error", "speech_synthesis_failed"});
    return;
  }
  waitForPlayout(responseId);
}

void Call::waitForPlayout(const std::string& responseId) {
  if (peer_->queuedAudio().count() == 0) {
    finishResponse({rt::ResponseStatus::Completed, "", "", ""});
    return;
  }
  armTimer(playoutTimer_, kPlayoutPoll, [this, responseId] {
    if (response_ && response_->info.id == responseId) waitForPlayout(responseId);
  });
}

void Call::finishResponse(const rt::ResponseOutcome& outcome) {
  auto response = std::move(response_);
  playoutTimer_.cancel();
  const std::int64_t audioMs = std::max<std::int64_t>(0, response->sentMs() - response->clearedMs);
  const auto& id = response->info.id;
  const auto& itemId = response->item.id;
  response->item.status = outcome.status == rt::ResponseStatus::Completed ? "completed" : "incomplete";
  response->item.content.front().text = response->text;
  if (response->audioStarted && outcome.status == rt::ResponseStatus::Completed) {
    fanout_.broadcast(rt::events::outputAudioBufferStopped(id));
  }
  fanout_.broadcast(rt::events::outputAudioTranscriptDone(id, itemId, 0, 0, response->text));
  fanout_.broadcast(rt::events::contentPartDone(id, itemId, 0, 0, response->item.content.front()));
  fanout_.broadcast(rt::events::outputItemDone(id, 0, response->item));
  keepItem(response->item);
  fanout_.broadcast(rt::events::conversationItemDone(response->previousItemId, response->item));

  const std::int64_t outputTextTokens = rt::estimateTextTokens(response->text);
  rt::ResponseUsageInput usage;
  usage.inputTextTokens = rt::estimateTextTokens(config_.instructions) + transcriptTextTokens_;
  usage.inputUserAudioMs = userAudioMs_;
  usage.inputAssistantAudioMs = assistantAudioMs_;
  usage.outputTextTokens = outputTextTokens;
  usage.outputAudioMs = audioMs;
  fanout_.broadcast(
      rt::events::responseDone(response->info, outcome, {response->item}, rt::computeUsage(usage)));
  assistantAudioMs_ += audioMs;
  transcriptTextTokens_ += outputTextTokens;

  if (!toSay_.empty()) {
    std::string next = std::move(toSay_.front());
    toSay_.pop_front();
    speak(std::move(next));
  } else if (endAfterSpeech_) {
    armTimer(hangupTimer_, resources_.limits.hangupDelay,
             [this] { end(*endAfterSpeech_ == "time_up" ? "max_duration" : "completed"); });
  }
}

bool Call::cancelResponse(const std::string& reason) {
  if (!response_) return false;
  toSay_.clear();
  response_->handle.cancel();
  response_->clearedMs = peer_->clearAudio().count();
  if (response_->audioStarted) fanout_.broadcast(rt::events::outputAudioBufferCleared(response_->info.id));
  finishResponse({rt::ResponseStatus::Cancelled, reason, "", ""});
  return true;
}

void Call::clearOutputAudio() {
  if (!cancelResponse("client_cancelled")) peer_->clearAudio();
}

void Call::respondOnRequest(const std::shared_ptr<SidebandEntry>& from) {
  if (response_ || brainBusy_) {
    sendError({"invalid_request_error", "conversation_already_has_active_response",
               "The interviewer is already responding; cancel it first with response.cancel.", std::nullopt,
               std::nullopt},
              from);
    return;
  }
  greetTimer_.cancel();
  if (!pendingTurn_.empty()) {
    answerPendingTurn();
  } else if (!interviewer_ || lastSaid_.empty()) {
    startInterview();
  } else {
    speak(lastSaid_);  // asked for another response with nothing new: say it again
  }
}

void Call::applyTimeLimit(std::optional<int> briefMinutes) {
  auto limit = std::chrono::duration_cast<steady_clock::duration>(resources_.limits.maxCallDuration);
  if (briefMinutes && *briefMinutes > 0) {
    limit = std::min<steady_clock::duration>(limit, std::chrono::minutes(*briefMinutes) + kTimeLimitGrace);
    // A minute before the brief's limit the interviewer stops asking and closes after this answer.
    auto nearlyUp = std::chrono::minutes(std::max(1, *briefMinutes - 1));
    armTimer(nearlyUpTimer_, nearlyUp - (steady_clock::now() - createdAt_),
             [this] { think([](interviewer::Interviewer& brain) { return brain.onTimeNearlyUp(); }); });
  }
  armTimer(limitTimer_, limit - (steady_clock::now() - createdAt_), [this] { end("max_duration"); });
}

}  // namespace irtc::engine
