// One accepted WebSocket: handshake, read loop, bounded ordered send queue, close handshake.
#pragma once

#include <memory>

#include "http/impl/request_handling.hpp"
#include "http/impl/server_state.hpp"

namespace irtc::http::impl {

// Completes the upgrade of `upgrade` on `stream` (a beast::tcp_stream or ssl_stream of one, coming
// from an HTTP session) and runs the connection under `handlers`. The connection keeps registry
// entry `id`. Defined for both stream types in websocket_session.cpp.
template <class Stream>
void startWebSocketSession(std::shared_ptr<ServerState> state, Stream&& stream, BeastRequest upgrade,
                           WebSocketHandlers handlers, Request request, ConnectionRegistry::Id id);

}  // namespace irtc::http::impl
