// The recruiter API under /api/v1, authenticated by the tenant API key.
#pragma once

#include "api/context.hpp"
#include "http/router.hpp"

namespace irtc::api {

void registerPositionRoutes(http::Router& router, const ServiceContext& context);
void registerCandidateRoutes(http::Router& router, const ServiceContext& context);
void registerSessionRoutes(http::Router& router, const ServiceContext& context);
void registerTranscriptStream(http::Router& router, const ServiceContext& context);
void registerSummaryRoutes(http::Router& router, const ServiceContext& context);

inline void registerRecruiterApi(http::Router& router, const ServiceContext& context) {
  registerPositionRoutes(router, context);
  registerCandidateRoutes(router, context);
  registerSessionRoutes(router, context);
  registerTranscriptStream(router, context);
  registerSummaryRoutes(router, context);
}

}  // namespace irtc::api
