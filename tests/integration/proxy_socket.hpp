// The candidate's side of the SDP proxy for integration tests: an interview started through
// interview-start (its session token opens /ws) and the protocol-v1 messages of that socket.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "integration/api_client.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace irtc::test {

struct StartedInterview {
  std::string apiKey;  // the tenant's, for the recruiter API
  std::string sessionId;
  std::string sessionToken;  // the candidate's, for /ws
};

// A new tenant on `server`, a session for it, started with its invitation as the candidate's page does.
StartedInterview startInterview(const ServerProcess& server, ApiClient& api,
                                const std::string& tenant = "Acme");

// Opens /ws?token=… on 127.0.0.1:port; the upgrade is expected to be accepted.
std::unique_ptr<WebSocketClient> openProxySocket(std::uint16_t port, const std::string& token);

// The next message of `type`, skipping others (an `error` skipped is a test failure); nullopt on
// timeout or close.
std::optional<nlohmann::json> nextMessage(WebSocketClient& socket, const std::string& type,
                                          std::chrono::milliseconds timeout = std::chrono::seconds(20));

// GET /api/v1/sessions/{id} with the tenant's key: the session with its recent events.
nlohmann::json sessionView(ApiClient& api, const StartedInterview& interview);

}  // namespace irtc::test
