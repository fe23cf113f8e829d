// Ephemeral keys signed over any payload, as only a holder of the server secret could make them:
// for tests of what the verifier does behind the signature. Header-only, so that the fuzz targets,
// which link no test support, can use it too.
#pragma once

#include <sodium.h>

#include <cstdlib>
#include <string>
#include <string_view>

namespace irtc::test {

inline std::string base64UrlNoPadding(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

// "ek_<payload>.<HMAC-SHA256(secret, payload)>", both base64url as ephemeral_key.hpp describes.
inline std::string forgeEphemeralKey(std::string_view secret, std::string_view payload) {
  if (sodium_init() < 0) std::abort();
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(payload.data()),
                                payload.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return "ek_" + base64UrlNoPadding(payload) + "." +
         base64UrlNoPadding(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

}  // namespace irtc::test
