// The proxy's live sessions: at most one connection per interview session (a reconnect takes
// over), and at most `maxSessions` at once.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <variant>

#include "proxy/proxy_session.hpp"

namespace irtc::proxy {

class SessionHub {
 public:
  explicit SessionHub(std::size_t maxSessions) : maxSessions_(maxSessions) {}

  struct Admitted {
    std::shared_ptr<ProxySession> replaced;  // the previous connection of the same session, if live
  };
  struct Full {};
  // Registers the session's new connection. At capacity, entries whose connection is gone are
  // dropped before refusing.
  std::variant<Admitted, Full> admit(const std::shared_ptr<ProxySession>& session);
  void remove(const ProxySession& session);
  std::size_t live() const;

 private:
  void prune();

  const std::size_t maxSessions_;
  mutable std::mutex mutex_;
  std::map<std::string, std::weak_ptr<ProxySession>> sessions_;
};

}  // namespace irtc::proxy
