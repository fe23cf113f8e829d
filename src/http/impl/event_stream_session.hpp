// One accepted event stream: the text/event-stream header, then a bounded ordered queue of events
// written as chunks, a heartbeat comment, and the end of the response on close or shutdown.
#pragma once

#include <memory>

#include "http/impl/request_handling.hpp"
#include "http/impl/server_state.hpp"

namespace irtc::http::impl {

// Answers the request (HTTP/1.`minorVersion`) on `stream` (a beast::tcp_stream or ssl_stream of
// one, coming from an HTTP session) with an event stream run by `handlers`. The stream keeps
// registry entry `id`. Defined for both stream types in event_stream_session.cpp.
template <class Stream>
void startEventStreamSession(std::shared_ptr<ServerState> state, Stream&& stream, unsigned version,
                             EventStreamHandlers handlers, Request request, ConnectionRegistry::Id id);

}  // namespace irtc::http::impl
