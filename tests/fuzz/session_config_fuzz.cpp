// libFuzzer target for the session parsers of the HTTP endpoints: the `session` part of
// POST /v1/realtime/calls and the body of POST /v1/realtime/client_secrets. Each input goes
// through both; seeds hold session objects and client-secret requests.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/realtime/limits.hpp"
#include "engine/realtime/session_config.hpp"
#include "invariants.hpp"

namespace rt = irtc::engine::realtime;
using irtc::fuzz::dumped;
using irtc::fuzz::require;

namespace {

// applySessionPatch promises that a config survives toSessionObject → parse intact: what
// session.created reports is what the next session.update or key holds.
void requireRoundTrip(const rt::SessionConfig& config) {
  const std::string object = dumped(rt::toSessionObject(config));
  if (object.size() > rt::limits::kMaxClientEventBytes)
    return;  // near the bound the fixed fields tip it over
  const auto again = rt::parseCallSessionPart(object);
  require(std::holds_alternative<rt::SessionConfig>(again) && std::get<rt::SessionConfig>(again) == config);
}

void requireSoundError(const rt::EventError& error) {
  require(!error.code.empty() && !error.message.empty());
  dumped(rt::httpErrorBody(error));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const auto part = rt::parseCallSessionPart(text);
  if (const auto* error = std::get_if<rt::EventError>(&part)) {
    requireSoundError(*error);
  } else {
    requireRoundTrip(std::get<rt::SessionConfig>(part));
  }

  const auto request = rt::parseClientSecretRequest(text);
  if (const auto* error = std::get_if<rt::EventError>(&request)) {
    requireSoundError(*error);
  } else {
    const auto& ok = std::get<rt::ClientSecretRequest>(request);
    require(ok.ttlSeconds >= rt::limits::kMinKeyTtlSeconds && ok.ttlSeconds <= rt::limits::kMaxKeyTtlSeconds);
    requireRoundTrip(ok.config);
  }
  return 0;
}
