// Secrets the service hands out (API keys, invitation tokens) are stored only as hashes.
// They carry 256 random bits, so a fast keyed-free hash is enough and allows lookup by hash.
#pragma once

#include <string>
#include <string_view>

namespace irtc::auth {

// Lower-case hex BLAKE2b-256 of `secret`.
std::string hashSecret(std::string_view secret);

}  // namespace irtc::auth
