// Stateless ephemeral keys ("ek_…") for POST /v1/realtime/client_secrets. The key carries its own
// expiry and session config, signed with the server secret, so any engine instance sharing the
// secret can accept it and none has to remember it (DESIGN: no per-instance state).
//
//   ek_<base64url(payload)>.<base64url(HMAC-SHA256(secret, payload))>
//   payload = {"v":1,"exp":<unix s>,"n":<nonce>,"s":<GA session object>}
//
// A key is a bearer credential until it expires; it is not single-use (OpenAI's keys are not either).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "engine/realtime/event_error.hpp"
#include "engine/realtime/session_config.hpp"

namespace irtc::engine::realtime {

struct MintedKey {
  std::string value;
  std::int64_t expiresAt = 0;  // Unix seconds
};

// ttlSeconds is clamped to [10, 7200] (callers validate client input with parseClientSecretRequest).
// Fails with invalid_value (param session.instructions) when the config is too large for a key to
// fit an Authorization header; such sessions must use the multipart calls endpoint. Throws
// std::invalid_argument for an empty secret: that is a deployment bug, not client input.
Parsed<MintedKey> mintEphemeralKey(std::string_view secret, const SessionConfig& config, std::int64_t nowMs,
                                   int ttlSeconds = 600);

enum class KeyError { Malformed, BadSignature, Expired };
std::string_view keyErrorMessage(KeyError error);

struct VerifiedKey {
  SessionConfig config;
  std::int64_t expiresAt = 0;
};

// Never throws. The signature is checked in constant time before the payload is parsed.
std::variant<VerifiedKey, KeyError> verifyEphemeralKey(std::string_view secret, std::string_view key,
                                                       std::int64_t nowMs);

// The body of a client_secrets answer: {"value","expires_at","session"}.
nlohmann::json clientSecretResponse(const MintedKey& key, const SessionConfig& config,
                                    std::string_view sessionId);

}  // namespace irtc::engine::realtime
