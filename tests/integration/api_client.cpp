#include "api_client.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace irtc::test {
namespace {

nlohmann::json expectCreated(const HttpResponse& response, const std::string& what) {
  if (response.status != 201) {
    throw std::runtime_error(what + " answered " + std::to_string(response.status) + ": " + response.body);
  }
  return response.json();
}

}  // namespace

std::map<std::string, std::string> bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

ApiClient::ApiClient(const ServerProcess& server) : http_("127.0.0.1", server.port()) {}

nlohmann::json ApiClient::createPosition(const std::string& apiKey, const std::string& title) {
  nlohmann::json body = {{"title", title},
                         {"description", "Builds the services behind our product."},
                         {"questions", {"Tell me about yourself.", "Describe a system you designed."}}};
  return expectCreated(http_.postJson("/api/v1/positions", body, bearer(apiKey)), "create position");
}

nlohmann::json ApiClient::createCandidate(const std::string& apiKey, const std::string& name) {
  nlohmann::json body = {{"name", name}, {"email", "candidate@example.com"}};
  return expectCreated(http_.postJson("/api/v1/candidates", body, bearer(apiKey)), "create candidate");
}

nlohmann::json ApiClient::createSession(const std::string& apiKey, int maxDurationMinutes) {
  auto position = createPosition(apiKey);
  auto candidate = createCandidate(apiKey);
  nlohmann::json body = {{"positionId", position["id"]},
                         {"candidateId", candidate["id"]},
                         {"maxDurationMinutes", maxDurationMinutes}};
  return expectCreated(http_.postJson("/api/v1/sessions", body, bearer(apiKey)), "create session");
}

HttpResponse ApiClient::start(const nlohmann::json& body, const std::map<std::string, std::string>& headers) {
  return http_.postJson("/functions/v1/interview-start", body, headers);
}

HttpResponse ApiClient::startWithInvitation(const std::string& invitationToken) {
  return start({{"invitationToken", invitationToken}});
}

ApiClient::StartedSession ApiClient::startSession(const std::string& apiKey) {
  auto started = startWithInvitation(createSession(apiKey)["invitation"]["token"]);
  if (started.status != 200) throw std::runtime_error("interview-start answered " + started.body);
  const auto body = started.json();
  return {body["sessionId"], body["sessionToken"]};
}

HttpResponse ApiClient::postTranscript(const std::string& sessionToken, const nlohmann::json& body) {
  return http_.request("POST", "/functions/v1/transcript-processor", body.dump(), bearer(sessionToken));
}

std::vector<nlohmann::json> ApiClient::readTranscript(const std::string& apiKey,
                                                      const std::string& sessionId) {
  std::vector<nlohmann::json> entries;
  for (nlohmann::json since = 0; !since.is_null();) {
    auto page =
        http_.get("/api/v1/sessions/" + sessionId + "/transcript?since=" + since.dump(), bearer(apiKey));
    EXPECT_EQ(page.status, 200) << page.body;
    if (page.status != 200) break;
    const auto body = page.json();  // kept: the loop below walks into it
    for (const auto& e : body["entries"]) entries.push_back(e);
    since = body["nextSince"];
  }
  return entries;
}

}  // namespace irtc::test
