#include "engine/call/call.hpp"

#include <boost/asio/post.hpp>
#include <future>

#include "core/log.hpp"
#include "engine/call/call_metrics.hpp"
#include "engine/call/call_response.hpp"
#include "engine/call/call_segments.hpp"
#include "engine/realtime/ids.hpp"

namespace irtc::engine {

namespace rt = realtime;

namespace {
// A turn longer than this is cut there (the candidate goes on in a new turn): bounds memory.
constexpr int kMaxUtteranceMs = 60'000;
// A pause of this much silence inside a turn cuts the speech so far into a segment to recognise
// (call_segments.cpp), while the candidate goes on or the turn's silence window (500 ms by
// default) runs, so the transcript is usually ready when the turn ends.
constexpr int kSegmentPauseMs = 150;
}  // namespace

// The sideband's hold on the call: deliveries go through the strand; detach is immediate.
class Call::Sideband : public SidebandLink {
 public:
  Sideband(std::weak_ptr<Call> call, std::shared_ptr<SidebandEntry> entry)
      : call_(std::move(call)), entry_(std::move(entry)) {}
  ~Sideband() override { entry_->detach(); }

  void deliver(std::string_view eventJson) override {
    auto call = call_.lock();
    if (!call || entry_->detached()) return;
    boost::asio::post(call->strand_, [call, entry = entry_, text = std::string(eventJson)] {
      call->onClientEvent(text, entry);
    });
  }
  void detach() override { entry_->detach(); }

 private:
  std::weak_ptr<Call> call_;
  std::shared_ptr<SidebandEntry> entry_;
};

Call::Call(boost::asio::io_context& io, const CallResources& resources, CallMetrics* metrics,
           rt::SessionConfig config, EndedCallback onEnded)
    : resources_(resources),
      metrics_(metrics),
      strand_(boost::asio::make_strand(io)),
      onEnded_(std::move(onEnded)),
      callId_(rt::newCallId()),
      sessionId_(rt::newSessionId()),
      conversationId_(rt::newConversationId()),
      vad_(VadParams{}, kMaxUtteranceMs, kSegmentPauseMs),
      estimator_(resources.recognizer->channelEstimator()),
      config_(std::move(config)),
      fanout_(resources.limits.maxBufferedEvents),
      greetTimer_(strand_),
      typedTurnTimer_(strand_),
      limitTimer_(strand_),
      nearlyUpTimer_(strand_),
      playoutTimer_(strand_),
      connectTimer_(strand_),
      hangupTimer_(strand_) {
  vad_.setParams(vadParams());
}

Call::~Call() = default;  // here, where Response and TurnSegments are complete

Call::StartResult Call::start(const std::string& offerSdp) {
  // create() runs on the strand, so every handler its callbacks post runs after peer_ is set.
  std::promise<StartResult> done;
  boost::asio::post(strand_, [this, &offerSdp, &done] {
    auto created = WebRtcPeer::create(offerSdp, resources_.peer, peerCallbacks());
    if (!created) {
      ended_ = true;
      done.set_value({"", created.error});
      return;
    }
    peer_ = std::move(created.peer);
    armTimer(connectTimer_, resources_.limits.connectTimeout, [this] {
      if (!connected_) end("connect_timeout");
    });
    applyTimeLimit(std::nullopt);
    done.set_value({std::move(created.answerSdp), ""});
  });
  return done.get_future().get();
}

WebRtcPeer::Callbacks Call::peerCallbacks() {
  std::weak_ptr<Call> weak = weak_from_this();
  auto onStrand = [weak](auto&& fn) {
    if (auto self = weak.lock())
      boost::asio::post(self->strand_, [self, fn = std::forward<decltype(fn)>(fn)]() mutable { fn(*self); });
  };
  WebRtcPeer::Callbacks callbacks;
  callbacks.onAudio = [weak](const int16_t* samples, std::size_t count) {
    if (auto self = weak.lock()) self->onAudio(samples, count);
  };
  callbacks.onDataChannelOpen = [onStrand] { onStrand([](Call& call) { call.onChannelOpen(); }); };
  callbacks.onDataChannelMessage = [onStrand](std::string_view text) {
    onStrand([text = std::string(text)](Call& call) { call.onClientEvent(text, nullptr); });
  };
  callbacks.onState = [onStrand](PeerState state, std::string_view detail) {
    onStrand([state, detail = std::string(detail)](Call& call) { call.onPeerState(state, detail); });
  };
  return callbacks;
}

void Call::onPeerState(PeerState state, const std::string& detail) {
  if (state == PeerState::Connected) {
    connected_ = true;
    connectTimer_.cancel();
    log::info("call connected", {{"callId", callId_},
                                 {"ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::steady_clock::now() - createdAt_)
                                            .count()}});
    return;
  }
  log::info("call media ended", {{"callId", callId_}, {"state", peerStateName(state)}, {"detail", detail}});
  // After a connection, a failure is usually the browser leaving (pc.close() or a closed tab shows
  // up as an SCTP error); before one, the media path never worked.
  if (state == PeerState::Failed) {
    end(connected_ ? "connection_lost" : "connection_failed");
  } else {
    end("closed");
  }
}

void Call::onChannelOpen() {
  if (ended_ || channelOpen_) return;
  channelOpen_ = true;
  fanout_.openChannel([peer = peer_.get()](std::string_view text) { return peer->sendData(text); },
                      rt::events::sessionCreated(sessionObject()));
  armTimer(greetTimer_, resources_.limits.greetingDelay, [this] { startInterview(); });
}

void Call::armTimer(boost::asio::steady_timer& timer, std::chrono::steady_clock::duration after,
                    std::function<void()> then) {
  timer.expires_after(after);
  timer.async_wait([self = shared_from_this(), then = std::move(then)](boost::system::error_code ec) {
    if (!ec && !self->ended_) then();
  });
}

void Call::hangup(std::string reason) {
  boost::asio::post(strand_, [self = shared_from_this(), reason = std::move(reason)] { self->end(reason); });
}

std::shared_ptr<SidebandLink> Call::attachSideband(SidebandSink sink) {
  auto entry = std::make_shared<SidebandEntry>(std::move(sink));
  auto link = std::make_shared<Sideband>(weak_from_this(), entry);
  boost::asio::post(strand_, [self = shared_from_this(), entry]() mutable {
    if (self->ended_) {
      entry->end();
      return;
    }
    // Like a fresh Realtime WebSocket: session.created first, then the call's live events.
    EventFanout::toSideband(*entry, rt::events::sessionCreated(self->sessionObject()));
    self->fanout_.addSideband(entry);
  });
  return link;
}

void Call::end(const std::string& reason) {
  if (ended_) return;
  ended_ = true;
  for (auto* timer : {&greetTimer_, &typedTurnTimer_, &limitTimer_, &nearlyUpTimer_, &playoutTimer_,
                      &connectTimer_, &hangupTimer_}) {
    timer->cancel();
  }
  if (response_) response_->handle.cancel();
  brainQueue_.clear();
  {
    std::lock_guard lock(vadMutex_);
    liveStream_.reset();  // its decoder goes back to the recogniser now, not when the call is freed
  }
  // Stops callbacks and tears the pipeline down on the runtime thread; never blocks.
  if (peer_) peer_->close();
  log::info("call ended", {{"callId", callId_},
                           {"reason", reason},
                           {"userAudioMs", userAudioMs_},
                           {"assistantAudioMs", assistantAudioMs_}});
  if (onEnded_) onEnded_(callId_, reason);
  // Only once the registry has let go of the call: a sideband told of the end that hangs up or
  // attaches again must find no call.
  fanout_.endAll();
}

bool Call::waitClosed(std::chrono::milliseconds timeout) {
  return !peer_ || peer_->waitClosed(timeout);
}

nlohmann::json Call::sessionObject() const {
  return rt::toSessionObject(config_, sessionId_);
}

}  // namespace irtc::engine
