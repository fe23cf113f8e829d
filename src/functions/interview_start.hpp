// POST /functions/v1/interview-start: checks tenant and session, starts (or resumes) the
// session, mints its session token and returns the WebRTC configuration.
#pragma once

#include "api/context.hpp"
#include "http/router.hpp"

namespace irtc::functions {

void registerInterviewStart(http::Router& router, const api::ServiceContext& context);

}  // namespace irtc::functions
