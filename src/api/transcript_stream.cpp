// GET /api/v1/sessions/{id}/transcript/stream: the recruiter's live view of a transcript as
// Server-Sent Events. Authenticated by the tenant API key in the Authorization header only: a key
// in the URL would end up in logs and browser history, so browsers read the stream with fetch()
// rather than EventSource (which cannot send headers).
#include <charconv>
#include <string_view>

#include "api/json_input.hpp"
#include "api/routes.hpp"
#include "api/tenant_auth.hpp"
#include "api/transcript_relay.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"

namespace irtc::api {
namespace {

// The seq after which the stream starts: the Last-Event-ID a reconnecting client sends (newer than
// the URL it reconnects to), else ?since=, else 0 (the whole transcript).
std::int64_t resumePoint(const http::Request& request) {
  auto header = request.header("last-event-id");
  if (!header || header->empty()) return queryInteger(request, "since", 0, INT64_MAX).value_or(0);
  const std::string_view value = *header;
  std::int64_t seq = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seq);
  if (ec != std::errc{} || end != value.data() + value.size() || seq < 0) {
    throw ApiError(ErrorCode::ValidationFailed,
                   "header 'Last-Event-ID' must be the id of an event of this stream (an integer from 0)");
  }
  return seq;
}

std::variant<http::Response, http::EventStreamHandlers> openStream(const ServiceContext& context,
                                                                   const http::Request& request) {
  auto principal = authenticateTenant(context.store, request);
  auto sessionId = pathId(request, "session");
  // Another tenant's session is as absent as one that never existed, before anything is streamed.
  if (!context.store.getSession(principal.tenantId, sessionId)) notFound("session");
  auto after = resumePoint(request);

  auto relay = std::make_shared<TranscriptRelay>(context.store, principal.tenantId, sessionId, after);
  if (!relay->subscribe(context.transcriptFeed)) {
    throw ApiError(ErrorCode::RateLimited, "this session already has " +
                                               std::to_string(limits::kMaxTranscriptListenersPerSession) +
                                               " live transcript listeners; close one first");
  }
  http::EventStreamHandlers handlers;
  handlers.onOpen = [relay](const std::shared_ptr<http::EventStream>& stream) { relay->opened(stream); };
  handlers.onDrained = [relay](const std::shared_ptr<http::EventStream>&) { relay->drained(); };
  handlers.onClose = [relay] { relay->closed(); };
  return handlers;
}

}  // namespace

void registerTranscriptStream(http::Router& router, const ServiceContext& context) {
  router.addEventStream("/api/v1/sessions/{id}/transcript/stream", [&context](const http::Request& request) {
    return withStoreErrors(request, [&] { return openStream(context, request); });
  });
}

}  // namespace irtc::api
