#include "proxy/proxy_session.hpp"

#include <boost/asio/post.hpp>

#include "core/log.hpp"
#include "core/time.hpp"
#include "proxy/limits.hpp"
#include "transcripts/summary_recorder.hpp"

namespace irtc::proxy {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// C++20 deduces this from the aggregate; clang before 17 (and so clang-tidy) still needs the guide.
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

nlohmann::json statsJson(const client::Stats& s) {
  nlohmann::json out = nlohmann::json::object();
  auto put = [&out](const char* name, const auto& value) {
    if (value) out[name] = *value;
  };
  put("jitterMs", s.jitterMs);
  put("packetsLost", s.packetsLost);
  put("packetsReceived", s.packetsReceived);
  put("roundTripTimeMs", s.roundTripTimeMs);
  put("concealedSamples", s.concealedSamples);
  put("audioLevel", s.audioLevel);
  return out;
}

}  // namespace

ProxySession::ProxySession(ProxyServices& services, auth::SessionClaims claims,
                           store::InterviewSession session, std::shared_ptr<const std::string> instructions)
    : services_(services),
      claims_(std::move(claims)),
      session_(std::move(session)),
      instructions_(std::move(instructions)),
      timeLimit_(services.blocking.get_executor()),
      storeStrand_(boost::asio::make_strand(services.blocking)) {}

ProxySession::~ProxySession() {
  timeLimit_.cancel();
  if (sideband_) sideband_->close();
}

void ProxySession::opened(const std::shared_ptr<http::WebSocketConnection>& socket) {
  std::lock_guard lock(mutex_);
  socket_ = socket;
  send(server::sessionReady(claims_.sessionId));
}

void ProxySession::received(std::string_view text) {
  auto parsed = parseClientMessage(text);
  if (const auto* problem = std::get_if<ProtocolError>(&parsed)) {
    std::lock_guard lock(mutex_);
    sendError(ErrorCode::ProtocolError, problem->message, false);
    return;
  }
  std::visit(Overloaded{
                 [this](const client::Offer& offer) { this->offer(offer.sdp); },
                 [this](const client::End&) {
                   finish(store::SessionStatus::Completed, std::nullopt, "ended_by_candidate", true, 1000);
                 },
                 [this](const client::Ping&) {
                   std::lock_guard lock(mutex_);
                   send(server::pong());
                 },
                 [this](const client::Stats& stats) { storeStats(stats); },
             },
             std::get<ClientMessage>(parsed));
}

void ProxySession::offer(std::string sdp) {
  {
    std::lock_guard lock(mutex_);
    if (state_ != State::Ready) {
      sendError(ErrorCode::ProtocolError,
                state_ == State::Ended ? "the call has ended" : "a call is already in progress", false);
      return;
    }
  }
  // Validated before anything leaves the server: an invalid offer is never forwarded.
  if (auto problem = services_.validateOffer(sdp)) {
    {
      std::lock_guard lock(mutex_);
      sendError(ErrorCode::SdpInvalid, problem->message, false);
    }
    event("proxy.sdp_invalid", problem->message, {{"rule", problem->rule}}, ErrorCode::SdpInvalid);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    if (state_ != State::Ready) return;
    state_ = State::Exchanging;
  }
  CallSettings settings = services_.defaults;
  settings.instructions = *instructions_;
  // The exchange waits on the network: it runs on the blocking pool, never on an I/O thread.
  boost::asio::post(services_.blocking, [self = shared_from_this(), sdp = std::move(sdp), settings] {
    auto started = std::chrono::steady_clock::now();
    auto result = self->services_.provider.createCall(sdp, settings);
    self->exchanged(std::move(result),
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  });
}

void ProxySession::exchanged(std::variant<ProviderCall, ProviderFailure> result, double seconds) {
  const auto* failure = std::get_if<ProviderFailure>(&result);
  services_.metrics.exchanged(seconds, failure == nullptr);
  if (failure) {
    services_.metrics.providerFailed(failure->code);
    {
      std::lock_guard lock(mutex_);
      if (state_ == State::Exchanging) state_ = State::Ready;  // the browser may offer again
      sendError(failure->code, failure->message, failure->retryable);
    }
    event("proxy.exchange_failed", failure->message, {{"retryable", failure->retryable}}, failure->code);
    return;
  }
  const auto& call = std::get<ProviderCall>(result);
  bool unwanted = false;
  {
    std::lock_guard lock(mutex_);
    unwanted = state_ != State::Exchanging;
    if (!unwanted) {
      state_ = State::Live;
      callId_ = call.callId;
      callStartedAt_ = std::chrono::steady_clock::now();
      send(server::answer(call.answerSdp, call.callId));
    }
  }
  if (unwanted) {
    // The browser left or the session ended while the provider answered: that call is unwanted.
    services_.provider.hangup(call.callId);
    return;
  }
  event("call.started", "the provider answered",
        {{"callId", call.callId}, {"provider", services_.provider.name()}, {"exchangeMs", seconds * 1000}});

  // Server-side capture: the sideband carries the same events as the browser's data channel. It
  // opens in the background; the answer does not wait for it.
  std::weak_ptr<ProxySession> weak = weak_from_this();
  SidebandHandlers handlers;
  handlers.onEvent = [weak](const std::string& e) {
    if (auto self = weak.lock()) self->onProviderEvent(e);
  };
  handlers.onEnd = [weak](const std::string& reason) {
    if (auto self = weak.lock()) self->onProviderEnd(reason);
  };
  handlers.onUnavailable = [weak] {
    if (auto self = weak.lock()) self->sidebandUnavailable();
  };
  auto stream = services_.provider.openSideband(call.callId, std::move(handlers));
  if (!stream) sidebandUnavailable();
  {
    std::lock_guard lock(mutex_);
    if (state_ == State::Live) {
      sideband_ = std::move(stream);
      stream = nullptr;
      // Under the mutex, as finish() cancels it: a timer is not safe to use from two threads at
      // once (a browser closing right after the answer raced this, and corrupted the timer queue).
      armTimeLimit();
    }
  }
  if (stream) stream->close();
}

void ProxySession::sidebandUnavailable() {
  services_.metrics.providerFailed(ErrorCode::ProviderUnavailable);
  event("proxy.sideband_unavailable", "transcripts are not captured server-side for this call", {},
        ErrorCode::ProviderUnavailable);
}

void ProxySession::onProviderEvent(const std::string& eventJson) {
  std::lock_guard lock(mutex_);
  if (state_ != State::Live) return;
  std::vector<Captured> captured = capture_.onEvent(eventJson, elapsedMs());
  if (captured.empty()) return;
  // Queued under the mutex (posting does not block): whatever was captured before finish() ended
  // the call is on the strand before the session's end and summary that finish() queues after it.
  boost::asio::post(storeStrand_, [self = shared_from_this(), captured = std::move(captured)]() mutable {
    self->storeCaptured(std::move(captured));
  });
}

void ProxySession::storeCaptured(std::vector<Captured> captured) {
  for (auto& item : captured) {
    if (auto* line = std::get_if<CapturedLine>(&item)) {
      store::TranscriptEntry entry;
      entry.tenantId = claims_.tenantId;
      entry.sessionId = claims_.sessionId;
      entry.itemId = line->itemId;
      entry.speaker = line->speaker;
      entry.text = line->text;
      entry.startMs = line->startMs;
      entry.endMs = std::max(line->endMs, line->startMs);
      entry.source = "server";
      try {
        auto recorded =
            services_.transcripts.record(services_.store, entry.tenantId, entry.sessionId, {entry}).front();
        std::lock_guard lock(mutex_);
        if (recorded.changed()) send(server::transcript(recorded.entry));
      } catch (const std::exception& e) {
        log::error("transcript capture failed", {{"sessionId", claims_.sessionId}, {"error", e.what()}});
        appendEvent("proxy.transcript_failed", "a transcript entry could not be stored",
                    {{"itemId", line->itemId}}, ErrorCode::TranscriptProcessingFailed);
      }
    } else if (auto* usage = std::get_if<CapturedUsage>(&item)) {
      store::UsageRecord record;
      record.tenantId = claims_.tenantId;
      record.sessionId = claims_.sessionId;
      record.provider = services_.provider.name();
      record.model = services_.defaults.model;
      record.inputTextTokens = usage->inputTextTokens;
      record.inputAudioTokens = usage->inputAudioTokens;
      record.outputTextTokens = usage->outputTextTokens;
      record.outputAudioTokens = usage->outputAudioTokens;
      record.totalTokens = usage->totalTokens;
      services_.store.addUsage(record);
    } else {
      const auto& error = std::get<CapturedError>(item);
      appendEvent("provider.error", error.message, {{"providerCode", error.code}});
    }
  }
}

void ProxySession::onProviderEnd(const std::string& reason) {
  log::info("provider ended the call", {{"sessionId", claims_.sessionId}, {"reason", reason}});
  finish(store::SessionStatus::Completed, std::nullopt, "provider_ended", true, 1000);
}

void ProxySession::storeStats(const client::Stats& stats) {
  {
    std::lock_guard lock(mutex_);
    if (statsStored_ >= limits::kMaxStoredStatsPerSession) return;
    ++statsStored_;
  }
  event("client.stats", "", statsJson(stats));
}

void ProxySession::armTimeLimit() {
  const std::int64_t endsAt = session_.startedAt.value_or(nowMs()) + session_.maxDurationSeconds * 1000LL;
  timeLimit_.expires_after(std::chrono::milliseconds(std::max<std::int64_t>(0, endsAt - nowMs())));
  timeLimit_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (!ec && self) self->finish(store::SessionStatus::Completed, std::nullopt, "max_duration", true, 1000);
  });
}

void ProxySession::finish(std::optional<store::SessionStatus> status, std::optional<ErrorCode> failure,
                          const std::string& reason, bool notify, std::uint16_t closeCode) {
  std::string callId;
  std::unique_ptr<SidebandStream> sideband;
  std::shared_ptr<http::WebSocketConnection> socket;
  std::optional<ErrorCode> lastError;
  {
    std::lock_guard lock(mutex_);
    if (state_ == State::Ended) return;
    state_ = State::Ended;
    callId = callId_;
    lastError = lastError_;
    sideband = std::move(sideband_);
    socket = std::move(socket_);
    timeLimit_.cancel();
  }
  // Hang up off this thread (it may be the sideband's own, or an I/O thread): the hangup waits on
  // the provider, and a sideband may not be closed from inside its own end (the local engine's).
  if (sideband || !callId.empty()) {
    boost::asio::post(services_.blocking, [this, self = shared_from_this(), callId,
                                           sideband = std::shared_ptr(std::move(sideband))] {
      if (sideband) sideband->close();
      if (!callId.empty()) services_.provider.hangup(callId);
    });
  }
  if (!callId.empty()) {
    services_.metrics.sessionEnded(SessionOutcome::Completed, failure);
  } else {
    services_.metrics.sessionEnded(lastError ? SessionOutcome::Failed : SessionOutcome::Abandoned, lastError);
  }
  // The records first, then the browser is told: whoever reads the session after session_ended
  // finds it ended, with its summary. On the store strand, behind this session's earlier writes
  // (every line captured before the end included), never on an I/O thread.
  boost::asio::post(storeStrand_, [this, self = shared_from_this(), status, failure, reason, notify,
                                   closeCode, callId = std::move(callId), socket = std::move(socket)] {
    if (status) {
      bool ended = false;
      try {
        ended = services_.store.endSession(
            claims_.tenantId, claims_.sessionId, *status,
            failure ? std::optional<std::string>(std::string(errorCodeName(*failure))) : std::nullopt,
            nowMs());
      } catch (const std::exception& error) {
        log::error("session end not stored", {{"sessionId", claims_.sessionId}, {"error", error.what()}});
      }
      if (ended) transcripts::summarizeEndedSession(services_.store, claims_.tenantId, claims_.sessionId);
    }
    if (!callId.empty()) appendEvent("call.ended", reason, {{"callId", callId}, {"reason", reason}}, failure);
    if (socket) {
      if (notify) socket->send(server::sessionEnded(reason));
      socket->close(closeCode, reason);
    }
  });
}

void ProxySession::closed() {
  {
    std::lock_guard lock(mutex_);
    socket_.reset();
  }
  // The session stays in progress: the candidate may reconnect with the same token.
  finish(std::nullopt, std::nullopt, "browser_disconnected", false, 1000);
}

void ProxySession::replaced() {
  finish(std::nullopt, std::nullopt, "replaced", true, 1000);
}

void ProxySession::send(const std::string& text) {
  if (socket_) socket_->send(text);
}

void ProxySession::sendError(ErrorCode code, const std::string& message, bool retryable) {
  lastError_ = code;
  send(server::error(code, message, retryable));
}

void ProxySession::event(const std::string& type, const std::string& message, nlohmann::json data,
                         std::optional<ErrorCode> code) {
  // Each write may wait for the disk: never on an I/O thread, and in order for the session.
  boost::asio::post(storeStrand_, [self = shared_from_this(), type, message, data = std::move(data), code] {
    self->appendEvent(type, message, data, code);
  });
}

void ProxySession::appendEvent(const std::string& type, const std::string& message,
                               const nlohmann::json& data, std::optional<ErrorCode> code) {
  auto e = store::makeEvent(claims_.tenantId, claims_.sessionId, type, message, data);
  if (code) e.code = std::string(errorCodeName(*code));
  try {
    services_.store.appendEvent(e);
  } catch (const std::exception& error) {
    log::error("session event not stored",
               {{"sessionId", claims_.sessionId}, {"type", type}, {"error", error.what()}});
  }
}

std::int64_t ProxySession::elapsedMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               callStartedAt_)
      .count();
}

}  // namespace irtc::proxy
