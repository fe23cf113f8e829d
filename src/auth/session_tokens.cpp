#include "auth/session_tokens.hpp"

#include <jwt.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>

#include "core/limits.hpp"
#include "core/random.hpp"

namespace irtc::auth {
namespace {

struct JwtDeleter {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

// Tokens travel in URLs and headers; anything longer than this is not one of ours.
constexpr std::size_t kMaxTokenLength = 4096;

const unsigned char* keyBytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::optional<std::string> stringGrant(jwt_t* jwt, const char* name) {
  const char* value = jwt_get_grant(jwt, name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::optional<std::int64_t> intGrant(jwt_t* jwt, const char* name) {
  errno = 0;
  long value = jwt_get_grant_int(jwt, name);
  if (errno != 0) return std::nullopt;
  return value;
}

}  // namespace

SessionTokens::SessionTokens(std::string secret, std::chrono::seconds ttl)
    : secret_(std::move(secret)), ttl_(ttl) {
  if (secret_.size() < kMinSecretBytes) throw std::invalid_argument("jwt_secret must be at least 32 bytes");
  if (ttl_ <= std::chrono::seconds::zero() || ttl_ > limits::kMaxSessionTokenTtl) {
    throw std::invalid_argument("session token lifetime must be between 1 s and 1 hour");
  }
}

SessionTokens::Minted SessionTokens::mint(const std::string& tenantId, const std::string& sessionId,
                                          const std::string& subject, std::int64_t nowSeconds) const {
  Minted out;
  out.claims = {subject, tenantId, sessionId, newUuid(), nowSeconds, nowSeconds + ttl_.count()};
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new failed");
  JwtPtr jwt(raw);
  const auto& c = out.claims;
  bool ok = jwt_add_grant(jwt.get(), "sub", c.subject.c_str()) == 0 &&
            jwt_add_grant(jwt.get(), "tenant_id", c.tenantId.c_str()) == 0 &&
            jwt_add_grant(jwt.get(), "session_id", c.sessionId.c_str()) == 0 &&
            jwt_add_grant(jwt.get(), "jti", c.jti.c_str()) == 0 &&
            jwt_add_grant_int(jwt.get(), "iat", c.issuedAt) == 0 &&
            jwt_add_grant_int(jwt.get(), "exp", c.expiresAt) == 0 &&
            jwt_set_alg(jwt.get(), JWT_ALG_HS256, keyBytes(secret_), static_cast<int>(secret_.size())) == 0;
  if (!ok) throw std::runtime_error("building the session token failed");
  // libjwt allocates with malloc unless told otherwise.
  std::unique_ptr<char, decltype(&std::free)> encoded(jwt_encode_str(jwt.get()), &std::free);
  if (!encoded) throw std::runtime_error("encoding the session token failed");
  out.token = encoded.get();
  return out;
}

std::variant<SessionClaims, TokenFailure> SessionTokens::verify(const std::string& token,
                                                                std::int64_t nowSeconds) const {
  auto invalid = [](std::string reason) {
    return TokenFailure{ErrorCode::AuthenticationFailed, std::move(reason)};
  };
  if (token.empty() || token.size() > kMaxTokenLength) return invalid("session token is malformed");
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, token.c_str(), keyBytes(secret_), static_cast<int>(secret_.size())) != 0) {
    return invalid("session token signature is invalid");
  }
  JwtPtr jwt(raw);
  // libjwt skips verification for alg "none": only our own algorithm is acceptable.
  if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) return invalid("session token algorithm is not HS256");
  SessionClaims claims;
  auto sub = stringGrant(jwt.get(), "sub");
  auto tenant = stringGrant(jwt.get(), "tenant_id");
  auto session = stringGrant(jwt.get(), "session_id");
  auto jti = stringGrant(jwt.get(), "jti");
  auto iat = intGrant(jwt.get(), "iat");
  auto exp = intGrant(jwt.get(), "exp");
  if (!sub || !tenant || !session || !jti || !iat || !exp)
    return invalid("session token lacks a required claim");
  if (*exp - *iat > limits::kMaxSessionTokenTtl.count()) return invalid("session token lifetime is too long");
  if (nowSeconds >= *exp) return TokenFailure{ErrorCode::SessionExpired, "session token has expired"};
  return SessionClaims{*sub, *tenant, *session, *jti, *iat, *exp};
}

}  // namespace irtc::auth
