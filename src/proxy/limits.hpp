// Bounds of the SDP proxy, in one place. Those marked configurable have a setting of the same
// meaning (docs/configuration.md); the rest are hard bounds.
#pragma once

#include <chrono>
#include <cstddef>

namespace irtc::proxy::limits {

// A /ws frame: the largest valid offer (32 KiB of SDP, JSON-escaped) with room to spare.
inline constexpr std::size_t kMaxFrameBytes = std::size_t{96} * 1024;
// Client-supplied text quoted back in an error message.
inline constexpr std::size_t kMaxEchoedChars = 64;
// A socket with no frame from the browser (and no pong to the ping sent halfway) for this long is
// closed; the call, if any, is hung up.
inline constexpr std::chrono::seconds kIdleTimeout{60};
// Browser `stats` messages stored per session; more are counted, not stored.
inline constexpr std::size_t kMaxStoredStatsPerSession = 2000;
// Provider events read from one sideband: the largest is session.created with 128 KiB of instructions.
inline constexpr std::size_t kMaxSidebandEventBytes = std::size_t{256} * 1024;

}  // namespace irtc::proxy::limits
