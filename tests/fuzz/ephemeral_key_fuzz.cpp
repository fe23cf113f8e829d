// libFuzzer target for the ephemeral-key verifier (the Bearer value of a browser's calls request).
// Each input is tried twice: as a key as it arrives, which exercises the checks before the
// signature; and as a payload that the target signs with the server secret, which exercises the
// parsing behind the signature that a forged key can never reach.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/realtime/ephemeral_key.hpp"
#include "engine/realtime/limits.hpp"
#include "invariants.hpp"
#include "support/ephemeral_key_forge.hpp"

namespace rt = irtc::engine::realtime;
using irtc::fuzz::dumped;
using irtc::fuzz::require;

namespace {

// Fixed so that the seed keys (signed with it, valid until 2100) verify.
constexpr std::string_view kSecret = "fuzz-server-secret";
constexpr std::int64_t kNowMs = 1'700'000'000'000;

// The verifier's error, or nullopt when it accepted the key (which must then be sound).
std::optional<rt::KeyError> verify(std::string_view key) {
  const auto result = rt::verifyEphemeralKey(kSecret, key, kNowMs);
  if (const auto* verified = std::get_if<rt::VerifiedKey>(&result)) {
    require(verified->expiresAt > kNowMs / 1000);
    dumped(rt::toSessionObject(verified->config));
    return std::nullopt;
  }
  return std::get<rt::KeyError>(result);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  require(sodium_init() >= 0);
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  verify(input);
  // Signed with the right secret: refused as too long, malformed or expired, never as forged.
  require(verify(irtc::test::forgeEphemeralKey(kSecret, input)) != rt::KeyError::BadSignature);
  return 0;
}
