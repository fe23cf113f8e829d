#include "engine/call/host_addresses.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <sys/socket.h>

namespace irtc::engine {
namespace {

bool hasNonLoopbackInterface() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return true;  // unknown: let libnice look for itself
  bool found = false;
  for (ifaddrs* a = list; a != nullptr && !found; a = a->ifa_next) {
    if (a->ifa_addr == nullptr || !(a->ifa_flags & IFF_UP) || (a->ifa_flags & IFF_LOOPBACK)) continue;
    found = a->ifa_addr->sa_family == AF_INET || a->ifa_addr->sa_family == AF_INET6;
  }
  freeifaddrs(list);
  return found;
}

}  // namespace

std::vector<std::string> iceHostAddresses(const std::vector<std::string>& configured) {
  if (!configured.empty()) return configured;
  if (hasNonLoopbackInterface()) return {};
  return {"127.0.0.1"};
}

}  // namespace irtc::engine
