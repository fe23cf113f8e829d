// Session tokens: HS256 JWTs (libjwt) that let a browser open the SDP proxy for one session.
// Claims: sub, tenant_id, session_id, jti, iat, exp (exp - iat ≤ 1 hour).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>

#include "core/error.hpp"

namespace irtc::auth {

struct SessionClaims {
  std::string subject;  // who asked for it: "candidate" or "apikey:<api key id>"
  std::string tenantId;
  std::string sessionId;
  std::string jti;
  std::int64_t issuedAt = 0;   // Unix seconds
  std::int64_t expiresAt = 0;  // Unix seconds
};

struct TokenFailure {
  ErrorCode code;  // AuthenticationFailed or SessionExpired
  std::string reason;
};

class SessionTokens {
 public:
  // Throws std::invalid_argument for a secret shorter than kMinSecretBytes or a ttl over one hour.
  SessionTokens(std::string secret, std::chrono::seconds ttl);

  static constexpr std::size_t kMinSecretBytes = 32;

  struct Minted {
    std::string token;
    SessionClaims claims;
  };
  Minted mint(const std::string& tenantId, const std::string& sessionId, const std::string& subject,
              std::int64_t nowSeconds) const;

  // Accepts only HS256 tokens signed with our secret, carrying every claim, not expired.
  std::variant<SessionClaims, TokenFailure> verify(const std::string& token, std::int64_t nowSeconds) const;

 private:
  std::string secret_;
  std::chrono::seconds ttl_;
};

}  // namespace irtc::auth
