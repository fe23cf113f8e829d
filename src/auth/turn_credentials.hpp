// Short-lived TURN credentials in coturn's REST-API scheme (use-auth-secret):
// username "<expiry unix seconds>:<sessionId>", credential base64(HMAC-SHA1(secret, username)).
#pragma once

#include <cstdint>
#include <string>

namespace irtc::auth {

struct TurnCredential {
  std::string username;
  std::string credential;
};

TurnCredential mintTurnCredential(const std::string& secret, const std::string& sessionId,
                                  std::int64_t expiresAtSeconds);

}  // namespace irtc::auth
