// POST /functions/v1/transcript-processor: a browser stores its session's transcript entries.
// Authenticated by the session token (only its own session, only while it is in progress); the
// server's own capture writes through the transcript feed too (proxy/). Idempotent per (session,
// itemId); a 2xx means the entries are committed.
#pragma once

#include "api/context.hpp"
#include "http/router.hpp"

namespace irtc::functions {

void registerTranscriptProcessor(http::Router& router, const api::ServiceContext& context);

}  // namespace irtc::functions
