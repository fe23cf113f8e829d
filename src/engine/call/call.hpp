// One live call of the local voice engine: the browser's WebRTC peer, turn detection on the
// candidate's audio, recognition, the interviewer, synthesis back to the browser, and the Realtime
// events of all of that on the data channel and the sideband.
//
// Threads: all state lives on the call's strand (an executor shared with other calls, serialised
// per call). Media threads only run the turn detector and post what it found; speech workers post
// their results; the synthesiser's thread hands audio straight to the peer. Nothing on the strand
// blocks: the interviewer runs on the brain pool when a language model words its replies.
//
// Files: call.cpp (lifecycle), call_input.cpp (candidate turns), call_live.cpp (their recognition
// as they are spoken), call_segments.cpp (or at their pauses), call_output.cpp (responses),
// call_client_events.cpp (events from the data channel and the sideband).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/call/call_options.hpp"
#include "engine/call/call_service.hpp"
#include "engine/call/event_fanout.hpp"
#include "engine/interviewer/interviewer.hpp"
#include "engine/realtime/client_events.hpp"
#include "engine/realtime/server_events.hpp"
#include "engine/realtime/session_config.hpp"
#include "engine/speech/audio/vad.hpp"
#include "engine/speech/recognizer.hpp"
#include "engine/webrtc/webrtc_peer.hpp"

namespace irtc::engine {

class CallMetrics;

class Call : public std::enable_shared_from_this<Call> {
 public:
  using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;
  // Runs once on the strand when the call is over; reason: "hangup", "completed",
  // "connection_lost", "connection_failed", "connect_timeout", "max_duration", "shutdown", "closed".
  using EndedCallback = std::function<void(const std::string& callId, const std::string& reason)>;

  Call(boost::asio::io_context& io, const CallResources& resources, CallMetrics* metrics,
       realtime::SessionConfig config, EndedCallback onEnded);
  ~Call();

  // Builds the peer and answers the offer (blocking the caller for the answer). On failure the
  // call is unusable and the error says why.
  struct StartResult {
    std::string answerSdp;
    std::string error;
  };
  StartResult start(const std::string& offerSdp);

  const std::string& id() const { return callId_; }

  // Thread-safe; each posts to the strand.
  void hangup(std::string reason);
  std::shared_ptr<SidebandLink> attachSideband(SidebandSink sink);

  // After the call ended: waits for the media pipeline to be torn down. Not on the strand.
  bool waitClosed(std::chrono::milliseconds timeout);

 private:
  class Sideband;
  struct Response;
  using Step = std::function<std::vector<interviewer::Action>(interviewer::Interviewer&)>;

  // Lifecycle (call.cpp)
  WebRtcPeer::Callbacks peerCallbacks();
  void onPeerState(PeerState state, const std::string& detail);
  void onChannelOpen();
  void armTimer(boost::asio::steady_timer& timer, std::chrono::steady_clock::duration after,
                std::function<void()> then);
  void end(const std::string& reason);
  nlohmann::json sessionObject() const;

  // Candidate turns (call_input.cpp)
  void onAudio(const int16_t* samples, std::size_t count);
  void onSpeechStarted(const SpeechStarted& started, bool live);
  void onSpeechPaused(SpeechPaused paused);
  void onSpeechStopped(SpeechStopped stopped, bool committedByClient,
                       std::unique_ptr<RecognitionStream> stream = nullptr);
  struct PendingTurn;
  void recognize(PendingTurn turn);
  // Turns recognised as they are spoken (call_live.cpp). The first two run under vadMutex_.
  struct TurnEvent;
  std::vector<TurnEvent> followTurns(std::vector<VadEvent> found);
  std::unique_ptr<RecognitionStream> turnEnded(const SpeechStopped& stopped);
  void followTurnAudio(const std::vector<int16_t>& turnAudio);
  void recognizeLive(std::unique_ptr<RecognitionStream> stream, PendingTurn turn);
  // Segments of the turn in progress (call_segments.cpp).
  struct TurnSegments;
  bool submitSegment(TurnSegments& segments, const std::vector<int16_t>& turnAudio);
  bool finishSegments(PendingTurn& turn, std::int64_t voiceEndMs);
  void onSegmentRecognized(std::uint64_t serial, std::size_t index, Transcription result);
  void completeSegments(std::unique_ptr<TurnSegments> segments);
  void onTranscribed(const realtime::MessageItem& item, const std::optional<std::string>& previousItemId,
                     std::int64_t audioMs, const Transcription& result);
  void candidateTurn(const std::string& text);
  void answerPendingTurn();
  VadParams vadParams() const;

  // Responses and the interviewer (call_output.cpp)
  void ensureInterviewer();
  void startInterview();
  void think(Step step);
  void pumpBrain();
  void perform(const std::vector<interviewer::Action>& actions);
  void speak(std::string text);
  void onFirstAudio(const std::string& responseId);
  void onSynthesisDone(const std::string& responseId, const SynthesisResult& result);
  void waitForPlayout(const std::string& responseId);
  void finishResponse(const realtime::ResponseOutcome& outcome);
  bool cancelResponse(const std::string& reason);
  void clearOutputAudio();
  void applyTimeLimit(std::optional<int> briefMinutes);
  void respondOnRequest(const std::shared_ptr<SidebandEntry>& from);

  // Client events (call_client_events.cpp)
  void onClientEvent(const std::string& text, const std::shared_ptr<SidebandEntry>& from);
  void sendError(const realtime::EventError& error, const std::shared_ptr<SidebandEntry>& to);
  void handle(const realtime::ClientEvent& event, const std::shared_ptr<SidebandEntry>& from);
  void addTypedItem(const realtime::ConversationItemCreate& create,
                    const std::shared_ptr<SidebandEntry>& from);
  void retrieveItem(const realtime::ClientEvent& event, const std::string& itemId,
                    const std::shared_ptr<SidebandEntry>& from);
  // The conversation's latest items, for conversation.item.retrieve.
  void keepItem(const realtime::MessageItem& item);

  const CallResources& resources_;
  CallMetrics* metrics_;
  Strand strand_;
  EndedCallback onEnded_;
  const std::string callId_;
  const std::string sessionId_;
  const std::string conversationId_;
  const std::chrono::steady_clock::time_point createdAt_ = std::chrono::steady_clock::now();

  // Set once in start(), before any strand handler can run; never reset while the call lives.
  std::unique_ptr<WebRtcPeer> peer_;

  // Media thread ↔ strand: the detector runs on the media thread; clear/commit take the lock.
  std::mutex vadMutex_;
  VoiceActivityDetector vad_;
  // The turn being spoken, when the recogniser lent it a live stream: fed from the detector's
  // audio under vadMutex_, handed to the strand with the turn's end. The estimator hears every
  // turn and gives the next one the candidate's channel.
  std::unique_ptr<RecognitionStream> liveStream_;
  std::unique_ptr<ChannelEstimator> estimator_;
  std::size_t turnFollowed_ = 0;  // samples of the turn's audio given to both so far
  ChannelEstimate channel_;       // the candidate's, from their last turn

  // Everything below: strand only.
  realtime::SessionConfig config_;
  EventFanout fanout_;
  boost::asio::steady_timer greetTimer_, typedTurnTimer_, limitTimer_, nearlyUpTimer_, playoutTimer_,
      connectTimer_, hangupTimer_;
  bool connected_ = false;
  bool channelOpen_ = false;
  bool ended_ = false;
  std::optional<std::string> lastItemId_;
  std::map<std::string, realtime::MessageItem> items_;
  std::deque<std::string> itemOrder_;  // oldest first, to forget beyond the bound

  // Input side
  std::optional<std::string> speakingItemId_;  // the candidate's turn in progress
  bool turnLive_ = false;                      // ... is recognised as it is spoken
  // The turn in progress, recognised segment by segment at its pauses (call_segments.hpp), and
  // turns that ended while some of their segments were still being recognised.
  std::unique_ptr<TurnSegments> segments_;
  std::vector<std::unique_ptr<TurnSegments>> finishing_;
  std::uint64_t segmentsSerial_ = 0;
  std::int64_t userAudioMs_ = 0;
  std::int64_t transcriptTextTokens_ = 0;
  std::string pendingTurn_;  // completed turns not yet answered (create_response off, typed text)
  std::chrono::steady_clock::time_point turnEndedAt_{};

  // The interviewer: created when the interview starts; used only by brain steps, one at a time.
  std::unique_ptr<interviewer::Interviewer> interviewer_;
  std::deque<Step> brainQueue_;
  bool brainBusy_ = false;
  std::optional<std::string> endAfterSpeech_;  // EndCall's reason, once the closing has played

  // Output side
  std::unique_ptr<Response> response_;  // the response in progress
  std::deque<std::string> toSay_;
  std::string lastSaid_;
  std::int64_t assistantAudioMs_ = 0;
};

}  // namespace irtc::engine
