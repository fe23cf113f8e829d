// A backend's WebSocket on a live provider call, the "sideband": GET {baseUrl}/realtime?call_id=rtc_…
// (wss:// for https base URLs, TLS verified; ws:// for http) with the server key. It delivers the
// call's server events and sends client events, as the browser does on its data channel.
//
// Asynchronous: every sideband of a provider runs on one shared io_context (SidebandConnector), each
// on a strand of its own, so a call costs no thread. Callbacks run on a thread of that io_context,
// one at a time, in order. The end is reported exactly once, whoever ended it. Not reconnecting: a
// call's sideband that ends stays ended.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "proxy/provider/provider_config.hpp"

namespace boost::asio {
class io_context;
}

namespace irtc::proxy::provider {

struct SidebandEnd {
  // The close frame's code (1000 when the provider ended the call), or 1006 when the connection
  // ended without one: it failed, timed out, could not be opened, or was refused.
  int closeCode = 1006;
  std::string reason;     // the close frame's reason, if any
  std::string error;      // what went wrong (no key, no raw body); empty after a closing handshake
  bool byClient = false;  // close() was called before the end
  bool opened = false;    // the connection had opened: the end is the call's, not a failed open
};

struct SidebandHandlers {
  std::function<void(std::string_view event)> onEvent;  // each text frame: one JSON server event
  std::function<void(const SidebandEnd& end)> onEnd;
};

struct SidebandOptions {
  // Either way; a larger server event ends it with 1009.
  std::size_t maxMessageBytes = std::size_t{256} * 1024;
  std::size_t maxQueuedMessages = 64;  // client events waiting to be written
  // Silence for this long (no frame, and no pong to the ping sent halfway) ends the connection.
  std::chrono::milliseconds idleTimeout{60000};
};

// What the sidebands of one provider share: the io_context they run on (which must outlive every
// client made with it, closing handshakes included: stop and destroy it after the clients), the
// parsed endpoint and key, and the TLS context with its certificates, loaded once. Cheap to copy.
class SidebandConnector {
 public:
  // Throws std::invalid_argument for a bad base URL or key, and std::runtime_error when
  // config.caFile cannot be loaded.
  SidebandConnector(boost::asio::io_context& io, const ProviderConfig& config);

 private:
  friend class SidebandClient;
  struct Shared;
  std::shared_ptr<const Shared> shared_;
};

class SidebandClient {
 public:
  // Starts connecting at once (up to config.connectTimeout, WebSocket handshake included); a failure
  // is reported through onEnd. Throws std::invalid_argument for a bad call id.
  SidebandClient(const SidebandConnector& connector, std::string_view callId, SidebandHandlers handlers,
                 SidebandOptions options = {});
  // Closes without waiting for the connection: the closing handshake (or the cut of a connection
  // attempt) finishes on the io_context, within config.connectTimeout. Once it has returned no
  // further callback is made, onEnd included; one already under way on another thread finishes
  // first. Safe inside the client's own callbacks.
  ~SidebandClient();
  SidebandClient(const SidebandClient&) = delete;
  SidebandClient& operator=(const SidebandClient&) = delete;

  // Blocks until the connection is open (true) or has ended without opening (false; onEnd has run
  // by then). Not from inside the client's own callbacks, nor from a thread of its io_context.
  bool waitOpen() const;
  // Queues one client event (JSON text) for sending, in order; sent once open. False when it ended
  // or is closing, the queue is full, or the event is larger than maxMessageBytes.
  bool send(std::string event);
  // Sends what is queued, then the close frame (1000); the end follows through onEnd, byClient set.
  // Idempotent; safe from any thread and from inside callbacks.
  void close();

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace irtc::proxy::provider
