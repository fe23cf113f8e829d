// Serves HTTP/1.1 on one accepted connection, plain or TLS.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>

#include "http/impl/server_state.hpp"

namespace irtc::http::impl {

// Takes over a freshly accepted socket (bound to its own strand): TLS handshake when the server has
// TLS, then requests until the client, a limit or shutdown ends it, or a WebSocket upgrade.
void startHttpSession(std::shared_ptr<ServerState> state, boost::asio::ip::tcp::socket socket,
                      std::string remoteAddress);

}  // namespace irtc::http::impl
