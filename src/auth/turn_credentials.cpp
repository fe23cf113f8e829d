#include "auth/turn_credentials.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace irtc::auth {

TurnCredential mintTurnCredential(const std::string& secret, const std::string& sessionId,
                                  std::int64_t expiresAtSeconds) {
  TurnCredential out;
  out.username = std::to_string(expiresAtSeconds) + ":" + sessionId;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int macLength = 0;
  if (HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(out.username.data()), out.username.size(), mac,
           &macLength) == nullptr) {
    throw std::runtime_error("HMAC-SHA1 failed");
  }
  std::string encoded(4 * ((macLength + 2) / 3) + 1, '\0');
  int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), mac, static_cast<int>(macLength));
  encoded.resize(static_cast<std::size_t>(written));
  out.credential = std::move(encoded);
  return out;
}

}  // namespace irtc::auth
