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

// {duplicates, entries, error (when an entry was refused), rejected, saved}: what happened to each
// entry of the batch, keys in the order nlohmann::json writes them. Written as text: the usual
// answer lists 50 entries, and building them as a JSON document cost more than the writing. Item ids
// are printable ASCII (parseTranscriptBatch), so quotes and backslashes are all they need escaped.
std::string outcome(const TranscriptBatch& batch, const std::vector<store::RecordedEntry>& recorded) {
  std::size_t saved = 0;
  for (const auto& entry : recorded) saved += entry.changed() ? 1 : 0;
  std::string out = "{\"duplicates\":" + std::to_string(recorded.size() - saved) + ",\"entries\":[";
  out.reserve(out.size() + recorded.size() * 48 + 64);
  for (const auto& entry : recorded) {
    out += out.back() == '[' ? "{\"itemId\":\"" : ",{\"itemId\":\"";
    for (char c : entry.entry.itemId) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += "\",\"seq\":";
    out += std::to_string(entry.entry.seq);
    out += '}';
  }
  out += ']';
  if (!batch.rejected.empty()) {
    nlohmann::json rejected = nlohmann::json::array();
    for (const auto& r : batch.rejected)
      rejected.push_back({{"index", r.index}, {"code", errorCodeName(r.code)}, {"message", r.message}});
    // The valid entries are stored all the same; the error names the first entry that was not.
    const nlohmann::json error = {{"code", errorCodeName(ErrorCode::ValidationFailed)},
                                  {"message", batch.rejected.front().message}};
    out += ",\"error\":" + error.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += ",\"rejected\":" + rejected.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    out += ",\"rejected\":[]";
  }
  return out + ",\"saved\":" + std::to_string(saved) + "}";
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

  return http::Response::text(batch.rejected.empty() ? 200 : httpStatusFor(ErrorCode::ValidationFailed),
                              outcome(batch, recorded), "application/json");
}

}  // namespace

void registerTranscriptProcessor(http::Router& router, const api::ServiceContext& context) {
  router.add("POST", "/functions/v1/transcript-processor",
             api::translateStoreErrors(
                 [&context](const http::Request& r) { return processTranscript(context, r); }));
}

}  // namespace irtc::functions
