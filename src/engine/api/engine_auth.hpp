// Who is calling the /v1/realtime surface: the engine's server key (backends: the interview
// service, the sideband) or an ephemeral key `ek_…` minted by client_secrets (browsers).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "engine/realtime/session_config.hpp"
#include "http/message.hpp"

namespace irtc::engine::api {

// HMAC-SHA256(engineKey, "interview-rtc ephemeral keys v1") as raw bytes: the secret that signs
// ephemeral keys. Derived rather than the key itself so that the one credential does not serve two
// purposes, and deterministic so that every instance configured with the same engine key accepts
// the keys any of them minted.
std::string ephemeralKeySecret(std::string_view engineKey);

struct Caller {
  bool serverKey = false;                         // else an ephemeral key
  std::optional<realtime::SessionConfig> config;  // the ephemeral key's session
};

class EngineAuth {
 public:
  // Throws std::invalid_argument for an empty key.
  explicit EngineAuth(std::string_view serverKey);

  // Constant time in the content and length of `token`.
  bool isServerKey(std::string_view token) const;

  // The request's Bearer credential, or the 401 to answer (OpenAI-shaped, never echoing the key).
  // Ephemeral keys count only with `acceptEphemeral`; they are verified and expire at `nowMs`.
  std::variant<Caller, http::Response> authenticate(const http::Request& request, bool acceptEphemeral,
                                                    std::int64_t nowMs) const;

  const std::string& ephemeralSecret() const { return ephemeralSecret_; }

 private:
  std::array<unsigned char, 32> serverKeyHash_{};
  std::string ephemeralSecret_;
};

// A 401 invalid_api_key with `message`.
http::Response unauthorized(std::string message);

}  // namespace irtc::engine::api
