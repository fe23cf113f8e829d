#include "integration/proxy_socket.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace irtc::test {

using nlohmann::json;

StartedInterview startInterview(const ServerProcess& server, ApiClient& api, const std::string& tenant) {
  StartedInterview interview;
  interview.apiKey = server.createTenant(tenant)["apiKey"];
  auto [sessionId, token] = api.startSession(interview.apiKey);
  interview.sessionId = sessionId;
  interview.sessionToken = token;
  return interview;
}

std::unique_ptr<WebSocketClient> openProxySocket(std::uint16_t port, const std::string& token) {
  auto socket = std::make_unique<WebSocketClient>();
  auto upgrade = socket->connect("127.0.0.1", port, "/ws?token=" + token);
  EXPECT_TRUE(upgrade) << upgrade.response.status;
  return socket;
}

std::optional<json> nextMessage(WebSocketClient& socket, const std::string& type,
                                std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto text = socket.receive(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    if (!text) return std::nullopt;
    auto message = json::parse(*text);
    if (message["type"] == type) return message;
    if (message["type"] == "error") ADD_FAILURE() << "while waiting for " << type << ": " << message.dump();
  }
  return std::nullopt;
}

json sessionView(ApiClient& api, const StartedInterview& interview) {
  auto response = api.http().get("/api/v1/sessions/" + interview.sessionId, bearer(interview.apiKey));
  EXPECT_EQ(response.status, 200) << response.body;
  return response.json();
}

}  // namespace irtc::test
