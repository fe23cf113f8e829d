#include "functions/transcript_processor.hpp"

#include "api/json_input.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "functions/transcript_batch.hpp"

namespace irtc::functions {
namespace {

auth::SessionClaims authenticate(const api::ServiceContext& context, const http::Request& request) {
  auto bearer = request.bearerToken();
  if (!bearer) throw ApiError(ErrorCode::AuthenticationFailed, "provide the session token as a Bearer token");
  auto verified = context.sessionTokens.verify(*bearer, nowMs() / 1000);
  if (auto* failure = std::get_if<auth::TokenFailure>(&verified))
    throw ApiError(failure->code, failure->reason);
  return std::get<auth::SessionClaims>(verified);
}

[[noreturn]] void transcriptClosed(store::SessionStatus status) {
  throw ApiError(
      ErrorCode::SessionNotStartable,
      "the session is " + std::string(store::sessionStatusName(status)) + "; its transcript is closed");
}

// 404 or 409 unless the token's session is in progress. The store checks that itself, under the
// session's lock, whenever it records entries; this is for a request that records none.
void requireSessionInProgress(const api::ServiceContext& context, const auth::SessionClaims& claims) {
  auto session = context.store.getSession(claims.tenantId, claims.sessionId);
  if (!session) api::notFound("session");
  if (session->status != store::SessionStatus::InProgress) transcriptClosed(session->status);
}

// {saved, duplicates, rejected, entries}: what happened to each entry of the batch.
nlohmann::json outcome(const TranscriptBatch& batch, const std::vector<store::RecordedEntry>& recorded) {
  nlohmann::json rejected = nlohmann::json::array(), entries = nlohmann::json::array();
  int saved = 0, duplicates = 0;
  for (const auto& entry : recorded) {
    (entry.changed() ? saved : duplicates) += 1;
    entries.push_back({{"itemId", entry.entry.itemId}, {"seq", entry.entry.seq}});
  }
  for (const auto& r : batch.rejected)
    rejected.push_back({{"index", r.index}, {"code", errorCodeName(r.code)}, {"message", r.message}});
  return {{"saved", saved}, {"duplicates", duplicates}, {"rejected", rejected}, {"entries", entries}};
}

http::Response processTranscript(const api::ServiceContext& context, const http::Request& request) {
  const auto claims = authenticate(context, request);
  const auto body = api::parseJsonObject(request);
  if (auto id = api::optionalString(body, "sessionId", 36); id && *id != claims.sessionId)
    throw ApiError(ErrorCode::ValidationFailed,
                   "field 'sessionId' does not match the session token's session");

  TranscriptBatch batch;
  try {
    batch = parseTranscriptBatch(body, TranscriptWriter::Client);
  } catch (const ApiError&) {
    requireSessionInProgress(context, claims);  // a closed session's answer comes first
    throw;
  }
  std::vector<store::TranscriptEntry> entries;
  entries.reserve(batch.accepted.size());
  for (auto& accepted : batch.accepted) entries.push_back(std::move(accepted.entry));
  std::vector<store::RecordedEntry> recorded;
  if (entries.empty()) {
    requireSessionInProgress(context, claims);
  } else {
    try {
      recorded = context.transcriptFeed.record(context.store, claims.tenantId, claims.sessionId, entries);
    } catch (const store::ReferenceNotFound&) {
      api::notFound("session");
    } catch (const store::SessionNotInProgress& e) {
      transcriptClosed(e.status());
    }
  }

  auto out = outcome(batch, recorded);
  if (batch.rejected.empty()) return http::Response::json(200, out);
  // The valid entries are stored all the same; the error names the first entry that was not.
  const auto& first = batch.rejected.front();
  out["error"] = {{"code", errorCodeName(ErrorCode::ValidationFailed)}, {"message", first.message}};
  return http::Response::json(httpStatusFor(ErrorCode::ValidationFailed), out);
}

}  // namespace

void registerTranscriptProcessor(http::Router& router, const api::ServiceContext& context) {
  router.add("POST", "/functions/v1/transcript-processor",
             api::translateStoreErrors(
                 [&context](const http::Request& r) { return processTranscript(context, r); }));
}

}  // namespace irtc::functions
