// POST /v1/realtime/calls and POST /v1/realtime/calls/{id}/hangup.
#include <algorithm>
#include <cctype>
#include <utility>

#include "core/log.hpp"
#include "engine/api/api_response.hpp"
#include "engine/api/call_request.hpp"
#include "engine/api/endpoints.hpp"
#include "engine/api/realtime_api.hpp"
#include "engine/realtime/limits.hpp"

namespace irtc::engine::api {
namespace {

http::Response created(const CallStarted& call) {
  http::Response response = http::Response::text(201, call.answerSdp, "application/sdp");
  response.headers.emplace_back("Location", std::string(kCallsPath) + "/" + call.callId);
  return response;
}

http::Response refused(const CallRefused& refusal) {
  // The CallService's status is the contract; anything outside the error range would be a bug there.
  int status = refusal.status >= 400 && refusal.status <= 599 ? refusal.status : 500;
  if (status >= 500) {
    log::warn("realtime call refused", {{"status", status}, {"code", refusal.error.code}});
  }
  return errorResponse(status, refusal.error);
}

// The session a new call runs with: the ephemeral key's, or the defaults patched by the
// multipart session part.
std::variant<realtime::SessionConfig, http::Response> callConfig(const ApiState& state, const Caller& caller,
                                                                 const CallRequest& request) {
  if (caller.config) return *caller.config;
  if (!request.sessionJson) return state.defaults;
  auto parsed = realtime::parseCallSessionPart(*request.sessionJson, state.defaults);
  if (auto* error = std::get_if<realtime::EventError>(&parsed)) return errorResponse(400, *error);
  return std::get<realtime::SessionConfig>(std::move(parsed));
}

}  // namespace

bool looksLikeCallId(std::string_view id) {
  constexpr std::string_view kPrefix = "rtc_";
  if (!id.starts_with(kPrefix) || id.size() == kPrefix.size() || id.size() > realtime::limits::kMaxIdLength)
    return false;
  return std::all_of(id.begin(), id.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
}

http::Handler callsHandler(std::shared_ptr<const ApiState> state) {
  return [state = std::move(state)](const http::Request& request) -> http::Response {
    auto auth = state->auth.authenticate(request, true, state->clockMs());
    if (auto* refusal = std::get_if<http::Response>(&auth)) return std::move(*refusal);
    const Caller& caller = std::get<Caller>(auth);

    auto parsed = parseCallRequest(request.header("content-type"), request.body);
    if (auto* refusal = std::get_if<RequestRefusal>(&parsed))
      return errorResponse(refusal->status, refusal->error);
    const CallRequest& call = std::get<CallRequest>(parsed);
    // The key's session was fixed by whoever minted it; a form must not replace it.
    if (call.multipart && !caller.serverKey) {
      return unauthorized(
          "Ephemeral keys (ek_...) only start calls with a raw SDP offer (Content-Type: application/sdp); "
          "the multipart form needs the engine's server key.");
    }

    auto config = callConfig(*state, caller, call);
    if (auto* refusal = std::get_if<http::Response>(&config)) return std::move(*refusal);
    auto outcome = state->calls.startCall(call.offerSdp, std::get<realtime::SessionConfig>(config));
    if (auto* started = std::get_if<CallStarted>(&outcome)) return created(*started);
    return refused(std::get<CallRefused>(outcome));
  };
}

http::Handler hangupHandler(std::shared_ptr<const ApiState> state) {
  return [state = std::move(state)](const http::Request& request) -> http::Response {
    auto auth = state->auth.authenticate(request, false, state->clockMs());
    if (auto* refusal = std::get_if<http::Response>(&auth)) return std::move(*refusal);
    const std::string& id = request.pathParams.at("id");
    if (!looksLikeCallId(id) || !state->calls.hangup(id)) {
      return errorResponse(404, "call_not_found", "no live call has that id", "call_id");
    }
    return http::Response::json(200, nlohmann::json::object());
  };
}

}  // namespace irtc::engine::api
