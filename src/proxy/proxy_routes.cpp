#include "proxy/proxy_routes.hpp"

#include "core/time.hpp"
#include "functions/instructions.hpp"
#include "proxy/limits.hpp"

namespace irtc::proxy {
namespace {

constexpr std::uint16_t kTryAgainLater = 1013;

// Accepts the upgrade only to say why the connection cannot be used.
http::WebSocketHandlers refusal(ProxyMetrics& metrics, ErrorCode code, std::string message,
                                std::uint16_t closeCode = 1008) {
  metrics.sessionEnded(SessionOutcome::Refused, code);
  http::WebSocketHandlers handlers;
  handlers.onOpen = [code, message = std::move(message), closeCode](const auto& socket) {
    socket->send(server::error(code, message, closeCode == kTryAgainLater));
    socket->close(closeCode, std::string(errorCodeName(code)));
  };
  return handlers;
}

std::optional<std::string> instructionsFor(store::Store& store, const store::InterviewSession& session) {
  auto position = store.getPosition(session.tenantId, session.positionId);
  auto candidate = store.getCandidate(session.tenantId, session.candidateId);
  auto tenant = store.getTenant(session.tenantId);
  if (!position || !candidate || !tenant) return std::nullopt;
  return functions::buildInterviewerInstructions(tenant->name, *position, *candidate,
                                                 session.maxDurationSeconds / 60);
}

std::variant<http::Response, http::WebSocketHandlers> upgrade(const ProxyContext& context,
                                                              const http::Request& request) {
  auto& metrics = context.services.metrics;
  auto token = request.query.find("token");
  if (token == request.query.end() || token->second.empty()) {
    return refusal(metrics, ErrorCode::AuthenticationFailed, "the token query parameter is missing");
  }
  const std::int64_t now = nowMs();
  auto verified = context.tokens.verify(token->second, now / 1000);
  if (const auto* failure = std::get_if<auth::TokenFailure>(&verified))
    return refusal(metrics, failure->code, failure->reason);
  const auto& claims = std::get<auth::SessionClaims>(verified);

  auto& store = context.services.store;
  auto session = store.getSession(claims.tenantId, claims.sessionId);
  if (!session)
    return refusal(metrics, ErrorCode::AuthenticationFailed, "the token's session does not exist");
  if (session->status != store::SessionStatus::InProgress) {
    return refusal(
        metrics, ErrorCode::SessionNotStartable,
        "the session is " + std::string(store::sessionStatusName(session->status)) + ", not in progress");
  }
  if (session->startedAt && *session->startedAt + session->maxDurationSeconds * 1000LL <= now) {
    return refusal(metrics, ErrorCode::SessionExpired, "the session's time is up");
  }
  auto instructions = context.hub.instructions(claims.tenantId, claims.sessionId,
                                               [&] { return instructionsFor(store, *session); });
  if (!instructions) return refusal(metrics, ErrorCode::Internal, "the session's records are incomplete");

  auto proxy = std::make_shared<ProxySession>(context.services, claims, *session, std::move(instructions));
  auto admitted = context.hub.admit(proxy);
  if (std::holds_alternative<SessionHub::Full>(admitted)) {
    return refusal(metrics, ErrorCode::RateLimited, "the proxy is at its session capacity; try again shortly",
                   kTryAgainLater);
  }
  auto replaced = std::get<SessionHub::Admitted>(admitted).replaced;

  http::WebSocketHandlers handlers;
  handlers.maxMessageBytes = limits::kMaxFrameBytes;
  handlers.idleTimeout = limits::kIdleTimeout;
  handlers.onOpen = [proxy, replaced, &metrics](const std::shared_ptr<http::WebSocketConnection>& socket) {
    if (replaced) replaced->replaced();  // one live call per session: the newer connection wins
    metrics.socketOpened();
    proxy->opened(socket);
  };
  handlers.onMessage = [proxy](const auto&, std::string_view text) { proxy->received(text); };
  handlers.onClose = [proxy, &hub = context.hub, &metrics](const auto&, std::uint16_t) {
    metrics.socketClosed();
    hub.remove(*proxy);
    proxy->closed();
  };
  return handlers;
}

}  // namespace

void registerProxy(http::Router& router, ProxyContext context) {
  router.addWebSocket("/ws", [context](const http::Request& request) { return upgrade(context, request); });
}

}  // namespace irtc::proxy
