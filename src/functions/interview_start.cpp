#include "functions/interview_start.hpp"

#include "api/json_input.hpp"
#include "api/tenant_auth.hpp"
#include "auth/credentials.hpp"
#include "auth/secret_hash.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "functions/instructions.hpp"
#include "functions/webrtc_config.hpp"
#include "transcripts/summary_recorder.hpp"

namespace irtc::functions {
namespace {

// Who is asking to start which session, and with what.
struct Caller {
  std::string tenantId;
  std::string sessionId;
  std::optional<store::Invitation> invitation;  // a candidate's first start
  std::string subject;                          // "candidate" or "apikey:<id>"
  std::string credential;                       // "invitation", "api_key" or "session_token"
};

[[noreturn]] void authFailed(const std::string& message) {
  throw ApiError(ErrorCode::AuthenticationFailed, message);
}

std::optional<std::string> optionalSessionId(const nlohmann::json& body) {
  auto id = api::optionalString(body, "sessionId", 36);
  if (id && !isUuid(*id)) throw ApiError(ErrorCode::ValidationFailed, "field 'sessionId' must be a UUID");
  return id;
}

void checkSameSession(const std::optional<std::string>& requested, const std::string& actual) {
  if (requested && *requested != actual) {
    throw ApiError(ErrorCode::ValidationFailed, "field 'sessionId' does not match the credential's session");
  }
}

Caller identify(const api::ServiceContext& context, const http::Request& request,
                const nlohmann::json& body) {
  auto requestedSession = optionalSessionId(body);
  auto bearer = request.bearerToken();
  auto invitationToken = api::optionalString(body, "invitationToken", 128);
  if (!invitationToken && bearer && bearer->rfind(auth::kInvitationPrefix, 0) == 0) invitationToken = bearer;

  if (invitationToken) {
    if (!auth::looksLikeSecret(*invitationToken, auth::kInvitationPrefix))
      authFailed("invitation token is not valid");
    auto invitation = context.store.findInvitationByHash(auth::hashSecret(*invitationToken));
    if (!invitation) authFailed("invitation token is not valid");
    checkSameSession(requestedSession, invitation->sessionId);
    return {invitation->tenantId, invitation->sessionId, invitation, "candidate", "invitation"};
  }
  if (!bearer) authFailed("provide an invitation token, a tenant API key or a session token");
  if (bearer->rfind(auth::kApiKeyPrefix, 0) == 0) {
    auto principal = api::findTenantByApiKey(context.store, *bearer);
    if (!principal) authFailed("API key is not valid");
    if (!requestedSession) throw ApiError(ErrorCode::ValidationFailed, "field 'sessionId' is required");
    return {principal->tenantId, *requestedSession, std::nullopt, "apikey:" + principal->apiKeyId, "api_key"};
  }
  auto verified = context.sessionTokens.verify(*bearer, nowMs() / 1000);
  if (auto* failure = std::get_if<auth::TokenFailure>(&verified))
    throw ApiError(failure->code, failure->reason);
  const auto& claims = std::get<auth::SessionClaims>(verified);
  checkSameSession(requestedSession, claims.sessionId);
  return {claims.tenantId, claims.sessionId, std::nullopt, claims.subject, "session_token"};
}

// Records why a start was refused on the session's history, then refuses.
[[noreturn]] void refuse(const api::ServiceContext& context, const Caller& caller, ErrorCode code,
                         const std::string& message) {
  context.store.appendEvent(store::makeEvent(caller.tenantId, caller.sessionId, "session.start_refused",
                                             message, {{"credential", caller.credential}},
                                             std::string(errorCodeName(code))));
  throw ApiError(code, message);
}

void record(const api::ServiceContext& context, const Caller& caller, const std::string& type,
            const std::string& message) {
  context.store.appendEvent(
      store::makeEvent(caller.tenantId, caller.sessionId, type, message,
                       {{"credential", caller.credential}, {"subject", caller.subject}}));
}

// Moves the session to in_progress (or confirms it is there) and returns it; refuses otherwise.
store::InterviewSession admit(const api::ServiceContext& context, const Caller& caller,
                              store::InterviewSession session, std::int64_t now) {
  using store::SessionStatus;
  if (caller.invitation) {
    if (caller.invitation->usedAt) {
      refuse(context, caller, ErrorCode::SessionNotStartable,
             "invitation has already been used; reconnect with the session token");
    }
    if (caller.invitation->expiresAt <= now) {
      refuse(context, caller, ErrorCode::SessionExpired,
             "invitation expired at " + formatTime(caller.invitation->expiresAt));
    }
  }
  if (session.status == SessionStatus::InProgress) {
    std::int64_t endsAt = session.startedAt.value_or(now) + session.maxDurationSeconds * 1000LL;
    if (endsAt <= now) {
      if (context.store.endSession(caller.tenantId, session.id, SessionStatus::Failed,
                                   std::string(errorCodeName(ErrorCode::SessionExpired)), now)) {
        transcripts::summarizeEndedSession(context.store, caller.tenantId, session.id);
      }
      refuse(context, caller, ErrorCode::SessionNotStartable,
             "session's time window ended at " + formatTime(endsAt));
    }
    if (!caller.invitation) {
      record(context, caller, "session.reconnected", "session token renewed");
      return session;
    }
  } else if (session.status != SessionStatus::Scheduled) {
    refuse(context, caller, ErrorCode::SessionNotStartable,
           "session is " + std::string(store::sessionStatusName(session.status)));
  }
  std::optional<std::string> invitationId;
  if (caller.invitation) invitationId = caller.invitation->id;
  auto result = context.store.startSession(caller.tenantId, session.id, invitationId, now);
  switch (result.outcome) {
    case store::StartOutcome::Started:
      record(context, caller, "session.started", "session started");
      return *result.session;
    case store::StartOutcome::AlreadyInProgress:  // started by a recruiter, or another start won the race
      record(context, caller, "session.joined", "session joined");
      return *result.session;
    case store::StartOutcome::InvitationUsed:
      refuse(context, caller, ErrorCode::SessionNotStartable,
             "invitation has already been used; reconnect with the session token");
    case store::StartOutcome::NotStartable:
      refuse(context, caller, ErrorCode::SessionNotStartable,
             "session is " + std::string(store::sessionStatusName(result.session->status)));
    case store::StartOutcome::NotFound: break;
  }
  api::notFound("session");
}

http::Response interviewStart(const api::ServiceContext& context, const http::Request& request) {
  auto body = request.body.empty() ? nlohmann::json::object() : api::parseJsonObject(request);
  auto caller = identify(context, request, body);
  auto session = context.store.getSession(caller.tenantId, caller.sessionId);
  if (!session) api::notFound("session");
  std::int64_t now = nowMs();
  session = admit(context, caller, *session, now);

  auto position = context.store.getPosition(caller.tenantId, session->positionId);
  auto candidate = context.store.getCandidate(caller.tenantId, session->candidateId);
  auto tenant = context.store.getTenant(caller.tenantId);
  if (!position || !candidate || !tenant) throw std::logic_error("session references missing records");

  auto minted = context.sessionTokens.mint(caller.tenantId, session->id, caller.subject, now / 1000);
  int minutes = session->maxDurationSeconds / 60;
  std::int64_t endsAt = session->startedAt.value_or(now) + session->maxDurationSeconds * 1000LL;
  nlohmann::json out = {
      {"sessionId", session->id},
      {"sessionToken", minted.token},
      {"expiresAt", formatTime(minted.claims.expiresAt * 1000)},
      {"webrtcConfig",
       {{"sdpProxyUrl", sdpProxyUrl(context.config, request)},
        {"iceServers",
         iceServers(context.config, session->id, now / 1000 + context.config.turnCredentialTtl.count())},
        {"model", context.config.model},
        {"voice", context.config.voice},
        {"instructions", buildInterviewerInstructions(tenant->name, *position, *candidate, minutes)}}},
      {"metadata",
       {{"tenantId", caller.tenantId},
        {"createdAt", formatTime(now)},
        {"companyName", tenant->name},
        {"positionTitle", position->title},
        {"candidateName", candidate->name},
        {"status", store::sessionStatusName(session->status)},
        {"startedAt", formatTime(session->startedAt.value_or(now))},
        {"endsAt", formatTime(endsAt)},
        {"maxDurationMinutes", minutes}}}};
  log::info("interview started", {{"requestId", request.requestId},
                                  {"sessionId", session->id},
                                  {"tenantId", caller.tenantId},
                                  {"credential", caller.credential}});
  return http::Response::json(200, out);
}

}  // namespace

void registerInterviewStart(http::Router& router, const api::ServiceContext& context) {
  router.add(
      "POST", "/functions/v1/interview-start",
      api::translateStoreErrors([&context](const http::Request& r) { return interviewStart(context, r); }));
}

}  // namespace irtc::functions
