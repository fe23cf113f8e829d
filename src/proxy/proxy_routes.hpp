// GET /ws?token=<session token>: the SDP proxy's WebSocket (protocol v1 of DESIGN.md).
#pragma once

#include "auth/session_tokens.hpp"
#include "http/router.hpp"
#include "proxy/proxy_session.hpp"
#include "proxy/session_hub.hpp"

namespace irtc::proxy {

struct ProxyContext {
  ProxyServices& services;
  const auth::SessionTokens& tokens;
  SessionHub& hub;
};

// Every failure to admit a connection (no or bad token, session not in progress or out of time,
// too many sessions) is told to the browser as an `error` message, then the socket closes with
// 1008 (1013 when full, which is worth retrying).
void registerProxy(http::Router& router, ProxyContext context);

}  // namespace irtc::proxy
