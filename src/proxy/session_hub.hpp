// The proxy's live sessions: at most one connection per interview session (a reconnect takes
// over), and at most `maxSessions` at once. Also each session's interviewer instructions, built
// once and shared by its connections.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
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

  // The session's instructions: built by `build` the first time (nullopt: the records are
  // incomplete, nothing is kept), then kept for the session's later connections. What they are
  // built from (tenant, position, candidate, the session's length) never changes once a session
  // exists. The last `maxSessions` sessions' are kept; live connections share theirs.
  std::shared_ptr<const std::string> instructions(const std::string& tenantId, const std::string& sessionId,
                                                  const std::function<std::optional<std::string>()>& build);

 private:
  void prune();

  const std::size_t maxSessions_;
  mutable std::mutex mutex_;
  std::map<std::string, std::weak_ptr<ProxySession>> sessions_;

  std::mutex instructionsMutex_;  // guards what follows
  std::unordered_map<std::string, std::shared_ptr<const std::string>> instructions_;
  std::deque<std::string> instructionsOrder_;  // oldest first, for the bound
};

}  // namespace irtc::proxy
