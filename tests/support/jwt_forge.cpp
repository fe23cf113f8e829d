#include "support/jwt_forge.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace irtc::test {

std::string base64url(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

std::string handMadeJwt(const std::string& headerJson, const std::string& payloadJson,
                        const std::string& key) {
  std::string signingInput = base64url(headerJson) + "." + base64url(payloadJson);
  if (key.empty()) return signingInput + ".";
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(signingInput.data()), signingInput.size(), mac, &len);
  return signingInput + "." + base64url(std::string(reinterpret_cast<char*>(mac), len));
}

}  // namespace irtc::test
