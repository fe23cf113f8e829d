// Which local addresses the engine offers as ICE host candidates.
#pragma once

#include <string>
#include <vector>

namespace irtc::engine {

// The configured addresses when there are any. Otherwise empty — libnice then uses every interface
// it finds — unless the host has no interface but loopback (a container, a test's network
// namespace), where libnice would find nothing: then 127.0.0.1.
std::vector<std::string> iceHostAddresses(const std::vector<std::string>& configured);

}  // namespace irtc::engine
