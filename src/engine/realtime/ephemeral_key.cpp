#include "engine/realtime/ephemeral_key.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "engine/realtime/ids.hpp"
#include "engine/realtime/limits.hpp"

namespace irtc::engine::realtime {
namespace {

constexpr std::string_view kPrefix = "ek_";
using Mac = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

Mac hmac(std::string_view secret, std::string_view payload) {
  // libsodium's streaming API takes keys of any length, as HMAC (RFC 2104) does.
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(payload.data()),
                                payload.size());
  Mac mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

std::string toBase64Url(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

bool fromBase64Url(std::string_view text, std::string& out) {
  out.assign(text.size(), '\0');  // decoded data is always shorter than its encoding
  std::size_t length = 0;
  const char* end = nullptr;
  int rc = sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                             text.size(), nullptr, &length, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  if (rc != 0 || end != text.data() + text.size()) return false;
  out.resize(length);
  return true;
}

}  // namespace

Parsed<MintedKey> mintEphemeralKey(std::string_view secret, const SessionConfig& config, std::int64_t nowMs,
                                   int ttlSeconds) {
  if (secret.empty()) throw std::invalid_argument("ephemeral keys need a non-empty server secret");
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  int ttl = std::clamp(ttlSeconds, limits::kMinKeyTtlSeconds, limits::kMaxKeyTtlSeconds);
  MintedKey key;
  key.expiresAt = nowMs / 1000 + ttl;
  // The nonce makes two keys minted in the same second for the same config differ.
  nlohmann::json payload = {
      {"v", 1}, {"exp", key.expiresAt}, {"n", newId("")}, {"s", toSessionObject(config)}};
  std::string text = payload.dump();
  Mac mac = hmac(secret, text);
  key.value = std::string(kPrefix) +
              toBase64Url(reinterpret_cast<const unsigned char*>(text.data()), text.size()) + "." +
              toBase64Url(mac.data(), mac.size());
  if (key.value.size() > limits::kMaxEphemeralKeyBytes) {
    EventError e;
    e.code = "invalid_value";
    e.message =
        "the session is too large for an ephemeral key (shorten the instructions, or start the call "
        "through the multipart calls endpoint with the server key)";
    e.param = "session.instructions";
    return e;
  }
  return key;
}

std::string_view keyErrorMessage(KeyError error) {
  switch (error) {
    case KeyError::Malformed: return "the ephemeral key is malformed";
    case KeyError::BadSignature: return "the ephemeral key is not valid";
    case KeyError::Expired: return "the ephemeral key has expired";
  }
  return "the ephemeral key is not valid";
}

std::variant<VerifiedKey, KeyError> verifyEphemeralKey(std::string_view secret, std::string_view key,
                                                       std::int64_t nowMs) {
  try {
    if (secret.empty() || sodium_init() < 0) return KeyError::BadSignature;
    if (key.size() > limits::kMaxEphemeralKeyBytes || key.substr(0, kPrefix.size()) != kPrefix) {
      return KeyError::Malformed;
    }
    key.remove_prefix(kPrefix.size());
    auto dot = key.find('.');
    if (dot == std::string_view::npos || key.find('.', dot + 1) != std::string_view::npos)
      return KeyError::Malformed;
    std::string payload, mac;
    if (!fromBase64Url(key.substr(0, dot), payload) || !fromBase64Url(key.substr(dot + 1), mac)) {
      return KeyError::Malformed;
    }
    if (mac.size() != crypto_auth_hmacsha256_BYTES) return KeyError::Malformed;
    Mac expected = hmac(secret, payload);
    if (sodium_memcmp(expected.data(), mac.data(), expected.size()) != 0) return KeyError::BadSignature;

    // Authentic from here on: a failure below means a key minted by another version, not an attack.
    // Types are checked before any conversion: converting a number that does not fit is undefined.
    auto json = nlohmann::json::parse(payload, nullptr, false);
    if (!json.is_object()) return KeyError::Malformed;
    auto version = json.find("v");
    auto exp = json.find("exp");
    auto session = json.find("s");
    if (version == json.end() || !version->is_number_integer() || *version != 1) return KeyError::Malformed;
    if (exp == json.end() || !exp->is_number_integer() || session == json.end()) return KeyError::Malformed;
    VerifiedKey out;
    out.expiresAt = exp->get<std::int64_t>();
    // In seconds: expiresAt * 1000 would overflow for an absurd expiry.
    if (nowMs / 1000 >= out.expiresAt) return KeyError::Expired;
    auto patch = parseSessionPatch(*session, "session");
    if (!std::holds_alternative<SessionPatch>(patch)) return KeyError::Malformed;
    out.config = applySessionPatch(SessionConfig{}, std::get<SessionPatch>(patch));
    return out;
  } catch (...) {
    return KeyError::Malformed;
  }
}

nlohmann::json clientSecretResponse(const MintedKey& key, const SessionConfig& config,
                                    std::string_view sessionId) {
  return {{"value", key.value},
          {"expires_at", key.expiresAt},
          {"session", toSessionObject(config, sessionId, key.expiresAt)}};
}

}  // namespace irtc::engine::realtime
