// A recruiter's and a candidate's view of a running interviewd, for integration tests.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace irtc::test {

std::map<std::string, std::string> bearer(const std::string& token);

class ApiClient {
 public:
  explicit ApiClient(const ServerProcess& server);

  HttpClient& http() { return http_; }

  // Each creates through the API with `apiKey` and expects 201, returning the body.
  nlohmann::json createPosition(const std::string& apiKey, const std::string& title = "Backend Engineer");
  nlohmann::json createCandidate(const std::string& apiKey, const std::string& name = "Ada Lovelace");
  // Creates a position, a candidate and a session; the body holds invitation.token.
  nlohmann::json createSession(const std::string& apiKey, int maxDurationMinutes = 30);

  HttpResponse start(const nlohmann::json& body, const std::map<std::string, std::string>& headers = {});
  HttpResponse startWithInvitation(const std::string& invitationToken);

  struct StartedSession {
    std::string id;
    std::string token;  // the candidate's session token
  };
  // A session made with `apiKey` and started with its invitation, as the candidate's page does;
  // throws unless interview-start answers 200.
  StartedSession startSession(const std::string& apiKey);

  // POST /functions/v1/transcript-processor with a session token.
  HttpResponse postTranscript(const std::string& sessionToken, const nlohmann::json& body);

  // Every entry of the session's transcript, page after page, as the recruiter reads it.
  std::vector<nlohmann::json> readTranscript(const std::string& apiKey, const std::string& sessionId);

 private:
  HttpClient http_;
};

}  // namespace irtc::test
