// Wall-clock time as the service stores it: Unix milliseconds, shown as RFC 3339 UTC.
#pragma once

#include <cstdint>
#include <string>

namespace irtc {

std::int64_t nowMs();

// "2026-11-25T14:43:33.123Z"
std::string formatTime(std::int64_t unixMs);

}  // namespace irtc
