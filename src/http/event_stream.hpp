// Server-Sent Events endpoints: a GET answered with a `text/event-stream` response that stays open
// and carries events as the handler produces them (chunked over HTTP/1.1). The server adds a
// heartbeat comment, bounds each stream's queue, and ends streams on shutdown.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "http/message.hpp"

namespace irtc::http {

// One open event stream. Methods are thread-safe and never block; events go out in the order sent.
class EventStream {
 public:
  virtual ~EventStream() = default;
  // Queues one event (`id:`, `event:`, one `data:` line per line of `data`). False when the stream
  // has ended, or when this event would exceed ServerOptions::maxEventStreamQueuedEvents: then the
  // listener is too slow and the stream is cut, so that it resumes with Last-Event-ID instead of
  // making whoever produces events wait or buffering without bound.
  virtual bool send(std::string_view id, std::string_view event, std::string_view data) = 0;
  // Sends what is queued, then ends the response.
  virtual void close() = 0;
  virtual bool isOpen() const = 0;
  virtual const std::string& remoteAddress() const = 0;
};

// Every callback runs on the stream's connection, one at a time.
struct EventStreamHandlers {
  // The response header is sent; events may flow.
  std::function<void(const std::shared_ptr<EventStream>&)> onOpen;
  // Everything queued has been written. Lets a handler send a long backlog a part at a time
  // instead of queueing more than the stream's bound.
  std::function<void(const std::shared_ptr<EventStream>&)> onDrained;
  // Once, when the stream has ended for any reason (client gone, close(), too slow, shutdown),
  // also when it ended before it opened.
  std::function<void()> onClose;
};

// Decides on a request to an event stream route: an HTTP response refuses it (e.g. 401, 404),
// handlers accept it.
using EventStreamStart = std::function<std::variant<Response, EventStreamHandlers>(const Request&)>;

}  // namespace irtc::http
