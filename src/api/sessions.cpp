#include "api/json_input.hpp"
#include "api/routes.hpp"
#include "api/serializers.hpp"
#include "api/tenant_auth.hpp"
#include "api/transcript_formats.hpp"
#include "auth/credentials.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "transcripts/summary_recorder.hpp"

namespace irtc::api {
namespace {

constexpr int kEventsShown = 200;

std::string requireUuidField(const nlohmann::json& body, const std::string& field) {
  auto value = requireString(body, field, 36);
  if (!isUuid(value)) throw ApiError(ErrorCode::ValidationFailed, "field '" + field + "' must be a UUID");
  return value;
}

http::Response createSession(const ServiceContext& context, const http::Request& request) {
  auto principal = authenticateTenant(context.store, request);
  auto body = parseJsonObject(request);
  auto positionId = requireUuidField(body, "positionId");
  auto candidateId = requireUuidField(body, "candidateId");
  auto minutes =
      optionalInteger(body, "maxDurationMinutes", limits::kMinSessionMinutes, limits::kMaxSessionMinutes)
          .value_or(limits::kDefaultSessionMinutes);
  // Another tenant's position or candidate is as absent as one that never existed.
  if (!context.store.getPosition(principal.tenantId, positionId)) notFound("position");
  if (!context.store.getCandidate(principal.tenantId, candidateId)) notFound("candidate");

  store::InterviewSession session;
  session.tenantId = principal.tenantId;
  session.positionId = positionId;
  session.candidateId = candidateId;
  session.provider = context.config.provider;
  session.maxDurationSeconds = static_cast<int>(minutes * 60);
  auto invitation = auth::issueInvitation(principal.tenantId, nowMs(), context.config.invitationTtl);
  auto created = context.store.createSession(session, invitation.record);
  context.store.appendEvent(store::makeEvent(principal.tenantId, created.id, "session.created",
                                             "session scheduled", {{"apiKeyId", principal.apiKeyId}}));

  auto out = toJson(created);
  out["invitation"] = {{"url", publicBaseUrl(context.config, request) + "/interview/" + invitation.token},
                       {"token", invitation.token},
                       {"expiresAt", formatTime(invitation.record.expiresAt)}};
  return http::Response::json(201, out);
}

http::Response getSession(const ServiceContext& context, const http::Request& request) {
  auto principal = authenticateTenant(context.store, request);
  auto session = context.store.getSession(principal.tenantId, pathId(request, "session"));
  if (!session) notFound("session");
  auto out = toJson(*session);
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : context.store.listEvents(principal.tenantId, session->id, kEventsShown)) {
    events.push_back(toJson(e));
  }
  out["events"] = std::move(events);
  return http::Response::json(200, out);
}

http::Response cancelSession(const ServiceContext& context, const http::Request& request) {
  auto principal = authenticateTenant(context.store, request);
  auto id = pathId(request, "session");
  auto before = context.store.getSession(principal.tenantId, id);
  if (!before) notFound("session");
  auto after = context.store.cancelSession(principal.tenantId, id, nowMs());
  if (!after) notFound("session");
  if (after->status != store::SessionStatus::Cancelled) {
    throw ApiError(ErrorCode::SessionNotStartable,
                   "session is " + std::string(store::sessionStatusName(after->status)) +
                       "; only scheduled or in-progress sessions can be cancelled");
  }
  if (before->status != store::SessionStatus::Cancelled) {
    context.store.appendEvent(store::makeEvent(
        principal.tenantId, id, "session.cancelled", "cancelled by the recruiter",
        {{"apiKeyId", principal.apiKeyId}, {"previousStatus", store::sessionStatusName(before->status)}}));
    // Cancelling ends the session like a finished call does; a session cancelled before it started
    // gets a summary of zeros, so every ended session has one.
    transcripts::summarizeEndedSession(context.store, principal.tenantId, id);
  }
  return http::Response::json(200, toJson(*after));
}

// The whole transcript as a file: ?format=txt or ?format=vtt.
http::Response downloadTranscript(const ServiceContext& context, const std::string& tenantId,
                                  const std::string& sessionId, const std::string& format) {
  std::vector<store::TranscriptEntry> entries;
  for (std::int64_t since = 0;;) {
    auto page = context.store.listTranscript(tenantId, sessionId, since, limits::kMaxPageSize);
    entries.insert(entries.end(), page.begin(), page.end());
    if (static_cast<int>(page.size()) < limits::kMaxPageSize) break;
    since = page.back().seq;
  }
  const bool vtt = format == "vtt";
  auto response =
      vtt ? http::Response::text(200, transcriptVtt(std::move(entries)), "text/vtt; charset=utf-8")
          : http::Response::text(200, transcriptText(std::move(entries)));
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"transcript-" + sessionId + "." + format + "\"");
  return response;
}

http::Response getTranscript(const ServiceContext& context, const http::Request& request) {
  auto principal = authenticateTenant(context.store, request);
  auto id = pathId(request, "session");
  if (!context.store.getSession(principal.tenantId, id)) notFound("session");
  if (auto format = request.query.find("format"); format != request.query.end() && format->second != "json") {
    if (format->second != "txt" && format->second != "vtt")
      throw ApiError(ErrorCode::ValidationFailed, "query parameter 'format' must be json, txt or vtt");
    return downloadTranscript(context, principal.tenantId, id, format->second);
  }
  auto since = queryInteger(request, "since", 0, INT64_MAX).value_or(0);
  auto limit = static_cast<int>(
      queryInteger(request, "limit", 1, limits::kMaxPageSize).value_or(limits::kMaxPageSize));
  auto entries = context.store.listTranscript(principal.tenantId, id, since, limit);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : entries) items.push_back(toJson(e));
  bool more = static_cast<int>(entries.size()) == limit;
  return http::Response::json(
      200, {{"sessionId", id},
            {"entries", std::move(items)},
            {"nextSince", more ? nlohmann::json(entries.back().seq) : nlohmann::json(nullptr)}});
}

}  // namespace

void registerSessionRoutes(http::Router& router, const ServiceContext& context) {
  router.add("POST", "/api/v1/sessions",
             translateStoreErrors([&context](const http::Request& r) { return createSession(context, r); }));
  router.add(
      "GET", "/api/v1/sessions", translateStoreErrors([&context](const http::Request& request) {
        auto principal = authenticateTenant(context.store, request);
        std::optional<store::SessionStatus> status;
        if (auto it = request.query.find("status"); it != request.query.end()) {
          status = store::parseSessionStatus(it->second);
          if (!status)
            throw ApiError(ErrorCode::ValidationFailed, "query parameter 'status' is not a session status");
        }
        return http::Response::json(
            200, pageJson(context.store.listSessions(principal.tenantId, pageFromQuery(request), status)));
      }));
  router.add("GET", "/api/v1/sessions/{id}",
             translateStoreErrors([&context](const http::Request& r) { return getSession(context, r); }));
  router.add("POST", "/api/v1/sessions/{id}/cancel",
             translateStoreErrors([&context](const http::Request& r) { return cancelSession(context, r); }));
  router.add("GET", "/api/v1/sessions/{id}/transcript",
             translateStoreErrors([&context](const http::Request& r) { return getTranscript(context, r); }));
}

}  // namespace irtc::api
