// WebSocket endpoints: one JSON text message per frame (DESIGN.md protocol v1).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "http/message.hpp"

namespace irtc::http {

// Close codes used by the service (RFC 6455 §7.4.1).
namespace close_code {
inline constexpr std::uint16_t kNormal = 1000;
inline constexpr std::uint16_t kGoingAway = 1001;        // server shutting down
inline constexpr std::uint16_t kUnsupportedData = 1003;  // binary frames
inline constexpr std::uint16_t kPolicyViolation = 1008;  // authentication failures
inline constexpr std::uint16_t kMessageTooBig = 1009;
inline constexpr std::uint16_t kInternalError = 1011;
}  // namespace close_code

// One open WebSocket. Methods are thread-safe; sends are queued in order and dropped after close.
class WebSocketConnection {
 public:
  virtual ~WebSocketConnection() = default;
  virtual void send(std::string text) = 0;
  // Sends queued messages, then closes with `code`.
  virtual void close(std::uint16_t code, std::string reason) = 0;
  virtual const std::string& remoteAddress() const = 0;
};

struct WebSocketHandlers {
  std::function<void(const std::shared_ptr<WebSocketConnection>&)> onOpen;
  std::function<void(const std::shared_ptr<WebSocketConnection>&, std::string_view text)> onMessage;
  std::function<void(const std::shared_ptr<WebSocketConnection>&, std::uint16_t code)> onClose;
  // Largest message the client may send on this connection; 0 keeps the server's
  // ServerOptions::maxWebSocketMessageBytes. Lets one route's protocol (e.g. the Realtime sideband,
  // whose events reach 256 KiB) exceed the server-wide bound without raising it everywhere.
  std::size_t maxMessageBytes = 0;
  // Silence this long (no frame from the client, and no pong to the ping sent halfway) closes the
  // connection; 0 keeps Beast's server default (300 s).
  std::chrono::milliseconds idleTimeout{0};
};

// Decides on an upgrade request: an HTTP response refuses it, handlers accept it.
using WebSocketUpgrade = std::function<std::variant<Response, WebSocketHandlers>(const Request&)>;

}  // namespace irtc::http
