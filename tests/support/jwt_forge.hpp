// Hand-made JWTs, so tests can present tokens the service would never issue.
#pragma once

#include <string>
#include <string_view>

namespace irtc::test {

std::string base64url(std::string_view data);

// header.payload.signature with HMAC-SHA256 over the first two parts; an empty key leaves
// the signature empty (as for alg "none").
std::string handMadeJwt(const std::string& headerJson, const std::string& payloadJson,
                        const std::string& key);

}  // namespace irtc::test
