// GET /api/v1/sessions/{id}/summary: the figures of an ended session (transcripts/summary.hpp).
//
// A session that has not ended has no summary yet: 409 SESSION_NOT_STARTABLE, the contract's code
// for "the session is not in the state this needs", rather than figures that would change under the
// reader. An ended session whose summary is missing (it ended before summaries existed, or storing
// it failed when it ended) gets it computed and stored here.
#include "api/json_input.hpp"
#include "api/routes.hpp"
#include "api/tenant_auth.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "transcripts/summary_recorder.hpp"

namespace irtc::api {
namespace {

bool ended(store::SessionStatus status) {
  return status != store::SessionStatus::Scheduled && status != store::SessionStatus::InProgress;
}

http::Response getSummary(const ServiceContext& context, const http::Request& request) {
  auto principal = authenticateTenant(context.store, request);
  auto session = context.store.getSession(principal.tenantId, pathId(request, "session"));
  if (!session) notFound("session");
  if (!ended(session->status)) {
    throw ApiError(ErrorCode::SessionNotStartable,
                   "session is " + std::string(store::sessionStatusName(session->status)) +
                       "; its summary is computed when it ends");
  }
  auto record = context.store.getSessionSummary(principal.tenantId, session->id);
  if (!record) record = transcripts::recordSessionSummary(context.store, principal.tenantId, session->id);
  if (!record) notFound("session");  // deleted in between: as absent as one that never existed
  return http::Response::json(200, {{"sessionId", session->id},
                                    {"status", store::sessionStatusName(session->status)},
                                    {"computedAt", formatTime(record->computedAt)},
                                    {"summary", record->summary}});
}

}  // namespace

void registerSummaryRoutes(http::Router& router, const ServiceContext& context) {
  router.add("GET", "/api/v1/sessions/{id}/summary",
             translateStoreErrors([&context](const http::Request& r) { return getSummary(context, r); }));
}

}  // namespace irtc::api
