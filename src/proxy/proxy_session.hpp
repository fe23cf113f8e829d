// One browser's /ws connection for one interview session (protocol v1): the offer is validated
// and exchanged with the provider, the answer returned, and the call's sideband captured —
// transcripts stored and forwarded, usage added up, failures written as session events — until
// the call ends from either side or the session's time is up.
//
// Threads: socket callbacks come from I/O threads, provider exchanges run on the proxy's
// blocking pool, sideband events on the provider stream's thread (an I/O thread of its own); state is under
// one mutex, and nothing blocking runs while it is held.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "auth/session_tokens.hpp"
#include "http/websocket.hpp"
#include "proxy/capture.hpp"
#include "proxy/provider_port.hpp"
#include "proxy/proxy_metrics.hpp"
#include "proxy/ws_protocol.hpp"
#include "store/store.hpp"
#include "transcripts/transcript_feed.hpp"

namespace irtc::proxy {

// An offer the validator refused: the rule and a message naming what was wrong.
struct SdpProblem {
  std::string rule;
  std::string message;
};
using OfferValidator = std::function<std::optional<SdpProblem>(std::string_view sdp)>;

struct ProxyServices {
  store::Store& store;
  Provider& provider;
  OfferValidator validateOffer;
  boost::asio::thread_pool& blocking;  // provider exchanges and hangups
  CallSettings defaults;               // model and voice from configuration
  ProxyMetrics& metrics;
  transcripts::TranscriptFeed& transcripts;  // captured entries are recorded through it
};

class ProxySession : public std::enable_shared_from_this<ProxySession> {
 public:
  ProxySession(ProxyServices& services, auth::SessionClaims claims, store::InterviewSession session,
               std::shared_ptr<const std::string> instructions);
  ~ProxySession();

  const std::string& sessionId() const { return claims_.sessionId; }

  void opened(const std::shared_ptr<http::WebSocketConnection>& socket);
  void received(std::string_view text);
  // The socket closed (browser gone): the call, if any, is hung up.
  void closed();
  // A newer connection for the same session takes over: this one ends without ending the session.
  void replaced();

 private:
  enum class State { Ready, Exchanging, Live, Ended };

  void offer(std::string sdp);
  void exchanged(std::variant<ProviderCall, ProviderFailure> result, double seconds);
  void onProviderEvent(const std::string& eventJson);
  void storeCaptured(std::vector<Captured> captured);
  void onProviderEnd(const std::string& reason);
  void sidebandUnavailable();
  void storeStats(const client::Stats& stats);
  void armTimeLimit();  // mutex_ held
  // Ends the call: hangs up at the provider (off the caller's thread), records the session's end
  // when `status` is given, tells the browser when `notify`, closes the socket with `closeCode`.
  void finish(std::optional<store::SessionStatus> status, std::optional<ErrorCode> failure,
              const std::string& reason, bool notify, std::uint16_t closeCode);
  void send(const std::string& text);
  void sendError(ErrorCode code, const std::string& message, bool retryable);  // mutex_ held
  // Appends a session event on the store strand (event) or now, from the strand itself (appendEvent).
  void event(const std::string& type, const std::string& message,
             nlohmann::json data = nlohmann::json::object(), std::optional<ErrorCode> code = std::nullopt);
  void appendEvent(const std::string& type, const std::string& message, const nlohmann::json& data,
                   std::optional<ErrorCode> code = std::nullopt);
  std::int64_t elapsedMs() const;

  ProxyServices& services_;
  const auth::SessionClaims claims_;
  const store::InterviewSession session_;
  const std::shared_ptr<const std::string> instructions_;  // shared by the session's connections

  std::mutex mutex_;
  State state_ = State::Ready;
  std::shared_ptr<http::WebSocketConnection> socket_;
  std::string callId_;
  std::unique_ptr<SidebandStream> sideband_;
  TranscriptCapture capture_;
  std::chrono::steady_clock::time_point callStartedAt_;
  std::size_t statsStored_ = 0;
  std::optional<ErrorCode> lastError_;  // the last error told to the browser
  boost::asio::steady_timer timeLimit_;
  // Captured entries are stored in order, off the provider's thread (for the local engine that is
  // the call's own strand, which paces the audio).
  boost::asio::strand<boost::asio::thread_pool::executor_type> storeStrand_;
};

}  // namespace irtc::proxy
