// POST /v1/realtime/client_secrets: the server key buys an ephemeral key that carries its own
// session and expiry, for a browser to start exactly that call.
#include <utility>

#include "engine/api/api_response.hpp"
#include "engine/api/endpoints.hpp"
#include "engine/realtime/ephemeral_key.hpp"
#include "engine/realtime/ids.hpp"

namespace irtc::engine::api {

http::Handler clientSecretsHandler(std::shared_ptr<const ApiState> state) {
  return [state = std::move(state)](const http::Request& request) -> http::Response {
    std::int64_t now = state->clockMs();
    auto auth = state->auth.authenticate(request, false, now);
    if (auto* refusal = std::get_if<http::Response>(&auth)) return std::move(*refusal);

    // An empty body asks for the defaults; any other body must say it is JSON.
    bool empty = request.body.find_first_not_of(" \t\r\n") == std::string::npos;
    auto contentType = request.header("content-type");
    if (!empty && (!contentType || mediaType(*contentType) != "application/json")) {
      return errorResponse(415, "unsupported_content_type", "Content-Type must be application/json");
    }
    auto parsed = realtime::parseClientSecretRequest(request.body, state->defaults);
    if (auto* error = std::get_if<realtime::EventError>(&parsed)) return errorResponse(400, *error);
    const auto& wanted = std::get<realtime::ClientSecretRequest>(parsed);

    auto minted =
        realtime::mintEphemeralKey(state->auth.ephemeralSecret(), wanted.config, now, wanted.ttlSeconds);
    if (auto* error = std::get_if<realtime::EventError>(&minted)) return errorResponse(400, *error);
    return http::Response::json(200, realtime::clientSecretResponse(std::get<realtime::MintedKey>(minted),
                                                                    wanted.config, realtime::newSessionId()));
  };
}

}  // namespace irtc::engine::api
