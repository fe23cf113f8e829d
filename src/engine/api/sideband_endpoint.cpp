// GET /v1/realtime?call_id=rtc_… : a backend's WebSocket on a live call. It receives the call's
// server events and may send client events, as the browser does on the data channel.
#include <deque>
#include <mutex>

#include "core/limits.hpp"
#include "engine/api/api_response.hpp"
#include "engine/api/endpoints.hpp"
#include "engine/realtime/limits.hpp"

namespace irtc::engine::api {
namespace {

using Connection = std::shared_ptr<http::WebSocketConnection>;

// Between the call's thread (the sink) and the socket's I/O threads. The call sends
// session.created as soon as the client is attached, which is before the WebSocket handshake has
// completed, so events wait here until the socket is open.
class SidebandChannel {
 public:
  void send(std::string event) {
    std::lock_guard lock(mutex_);
    if (connection_) return connection_->send(std::move(event));
    if (gone_) return;
    if (pending_.size() >= irtc::limits::kMaxWebSocketQueuedMessages) {
      overflowed_ = true;
      return;
    }
    pending_.push_back(std::move(event));
  }

  void callEnded() {
    std::lock_guard lock(mutex_);
    ended_ = true;
    if (connection_) connection_->close(http::close_code::kNormal, "call ended");
  }

  void opened(const Connection& connection) {
    std::lock_guard lock(mutex_);
    if (gone_) return;
    for (auto& event : pending_) connection->send(std::move(event));
    pending_.clear();
    if (overflowed_) {
      connection->close(http::close_code::kPolicyViolation, "too many events before the socket opened");
    } else if (ended_) {
      connection->close(http::close_code::kNormal, "call ended");
    }
    connection_ = connection;
  }

  void clientGone() {
    std::lock_guard lock(mutex_);
    gone_ = true;
    connection_.reset();
    pending_.clear();
  }

 private:
  std::mutex mutex_;
  Connection connection_;  // set once open, until the client is gone
  std::deque<std::string> pending_;
  bool ended_ = false;
  bool overflowed_ = false;
  bool gone_ = false;
};

// The socket's hold on the call. Its destructor detaches too, because a socket whose handshake
// fails never runs a handler: only the handlers' destruction tells that the client is gone.
struct SidebandHold {
  std::shared_ptr<SidebandChannel> channel;
  std::shared_ptr<SidebandLink> link;
  ~SidebandHold() {
    if (link) link->detach();
  }
};

http::Response unknownCall() {
  return errorResponse(404, "call_not_found", "no live call has that id", "call_id");
}

}  // namespace

http::WebSocketUpgrade sidebandUpgrade(std::shared_ptr<const ApiState> state) {
  return [state = std::move(state)](
             const http::Request& request) -> std::variant<http::Response, http::WebSocketHandlers> {
    auto auth = state->auth.authenticate(request, false, state->clockMs());
    if (auto* refusal = std::get_if<http::Response>(&auth)) return std::move(*refusal);
    auto id = request.query.find("call_id");
    if (id == request.query.end() || id->second.empty()) {
      return errorResponse(400, "missing_required_parameter", "the query parameter call_id is required",
                           "call_id");
    }
    if (!looksLikeCallId(id->second)) return unknownCall();

    auto hold = std::make_shared<SidebandHold>();
    hold->channel = std::make_shared<SidebandChannel>();
    // Weak: the call must not keep a departed client's channel alive (nor the channel the call).
    std::weak_ptr<SidebandChannel> weak = hold->channel;
    SidebandSink sink{[weak](std::string event) {
                        if (auto channel = weak.lock()) channel->send(std::move(event));
                      },
                      [weak] {
                        if (auto channel = weak.lock()) channel->callEnded();
                      }};
    hold->link = state->calls.attachSideband(id->second, std::move(sink));
    if (!hold->link) return unknownCall();

    http::WebSocketHandlers handlers;
    handlers.maxMessageBytes = realtime::limits::kMaxClientEventBytes;
    handlers.onOpen = [hold](const Connection& connection) { hold->channel->opened(connection); };
    handlers.onMessage = [hold](const Connection&, std::string_view text) { hold->link->deliver(text); };
    handlers.onClose = [hold](const Connection&, std::uint16_t) {
      hold->channel->clientGone();
      hold->link->detach();
    };
    return handlers;
  };
}

}  // namespace irtc::engine::api
