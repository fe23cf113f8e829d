// Identifiers and secrets from the system CSPRNG (libsodium).
#pragma once

#include <cstddef>
#include <string>

namespace irtc {

// Must run once before any other call (initialises libsodium); safe to call again.
void initRandom();

// RFC 4122 version 4 UUID in lower-case canonical form.
std::string newUuid();

// `bytes` random bytes as unpadded base64url, e.g. for API keys and invitation tokens.
std::string randomToken(std::size_t bytes);

bool isUuid(std::string_view text);

}  // namespace irtc
