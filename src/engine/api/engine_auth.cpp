#include "engine/api/engine_auth.hpp"

#include <sodium.h>

#include <stdexcept>

#include "engine/api/api_response.hpp"
#include "engine/realtime/ephemeral_key.hpp"

namespace irtc::engine::api {
namespace {

constexpr std::string_view kEphemeralKeyContext = "interview-rtc ephemeral keys v1";
constexpr std::string_view kEphemeralPrefix = "ek_";

void requireSodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

// Comparing hashes makes the comparison independent of the token's length as well as its bytes.
std::array<unsigned char, 32> hashOf(std::string_view text) {
  std::array<unsigned char, 32> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                     nullptr, 0);
  return out;
}

}  // namespace

std::string ephemeralKeySecret(std::string_view engineKey) {
  requireSodium();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(engineKey.data()),
                              engineKey.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(kEphemeralKeyContext.data()),
                                kEphemeralKeyContext.size());
  std::string secret(crypto_auth_hmacsha256_BYTES, '\0');
  crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(secret.data()));
  sodium_memzero(&state, sizeof state);
  return secret;
}

EngineAuth::EngineAuth(std::string_view serverKey) {
  if (serverKey.empty()) throw std::invalid_argument("the engine's server key must not be empty");
  requireSodium();
  serverKeyHash_ = hashOf(serverKey);
  ephemeralSecret_ = ephemeralKeySecret(serverKey);
}

bool EngineAuth::isServerKey(std::string_view token) const {
  auto hash = hashOf(token);
  return sodium_memcmp(hash.data(), serverKeyHash_.data(), hash.size()) == 0;
}

std::variant<Caller, http::Response> EngineAuth::authenticate(const http::Request& request,
                                                              bool acceptEphemeral,
                                                              std::int64_t nowMs) const {
  auto token = request.bearerToken();
  if (!token) {
    return unauthorized(
        "You didn't provide an API key. Send it in an Authorization header as Bearer auth "
        "(Authorization: Bearer YOUR_KEY).");
  }
  if (isServerKey(*token)) return Caller{true, std::nullopt};
  if (token->starts_with(kEphemeralPrefix)) {
    if (!acceptEphemeral) {
      return unauthorized(
          "Ephemeral keys (ek_...) only start calls with a raw SDP offer (Content-Type: application/sdp); "
          "this request needs the engine's server key.");
    }
    auto verified = realtime::verifyEphemeralKey(ephemeralSecret_, *token, nowMs);
    if (auto* key = std::get_if<realtime::VerifiedKey>(&verified))
      return Caller{false, std::move(key->config)};
    return unauthorized(std::string(realtime::keyErrorMessage(std::get<realtime::KeyError>(verified))) + ".");
  }
  return unauthorized("Incorrect API key provided.");
}

http::Response unauthorized(std::string message) {
  auto response = errorResponse(401, "invalid_api_key", std::move(message));
  response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

}  // namespace irtc::engine::api
