// Bad input from the network gets its documented status and code, and never hurts the server.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "api_client.hpp"
#include "support/jwt_forge.hpp"

namespace irtc::test {
namespace {

class BadInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Invitations expire after one second so the expiry path can be tested without waiting long.
    server = new ServerProcess(Environment{{"INTERVIEWD_INVITATION_TTL_SECONDS", "1"}});
    server->start();
    apiKey = server->createTenant("Acme")["apiKey"];
  }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }
  static ServerProcess* server;
  static std::string apiKey;
  ApiClient api{*server};

  static void expectError(const HttpResponse& r, int status, const std::string& code,
                          const std::string& mention = "") {
    EXPECT_EQ(r.status, status) << r.body;
    auto body = nlohmann::json::parse(r.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << r.body;
    EXPECT_EQ(body["error"]["code"], code) << r.body;
    if (!mention.empty()) {
      EXPECT_NE(body["error"]["message"].get<std::string>().find(mention), std::string::npos) << r.body;
    }
  }

  std::string sessionJwt(const std::string& header, std::int64_t iat, std::int64_t exp,
                         const std::string& key, const std::string& sessionId) {
    nlohmann::json claims = {{"sub", "candidate"},
                             {"tenant_id", "00000000-0000-4000-8000-000000000000"},
                             {"session_id", sessionId},
                             {"jti", "forged"},
                             {"iat", iat},
                             {"exp", exp}};
    return handMadeJwt(header, claims.dump(), key);
  }
};
ServerProcess* BadInput::server = nullptr;
std::string BadInput::apiKey;

TEST_F(BadInput, MalformedJsonIsRefused) {
  expectError(api.http().request("POST", "/api/v1/positions", "{not json", bearer(apiKey)), 400,
              "VALIDATION_FAILED", "JSON");
  expectError(api.http().request("POST", "/api/v1/positions", "[1,2]", bearer(apiKey)), 400,
              "VALIDATION_FAILED", "object");
}

TEST_F(BadInput, WrongTypesNameTheField) {
  auto b = bearer(apiKey);
  expectError(api.http().postJson("/api/v1/positions", {{"title", 42}, {"questions", {"q"}}}, b), 400,
              "VALIDATION_FAILED", "'title'");
  expectError(api.http().postJson("/api/v1/positions", {{"title", "T"}, {"questions", "q"}}, b), 400,
              "VALIDATION_FAILED", "'questions'");
  expectError(api.http().postJson("/api/v1/positions", {{"title", "T"}, {"questions", {"ok", 7}}}, b), 400,
              "VALIDATION_FAILED", "'questions[1]'");
  expectError(
      api.http().postJson("/api/v1/positions", {{"title", "T"}, {"questions", nlohmann::json::array()}}, b),
      400, "VALIDATION_FAILED", "'questions'");
  expectError(api.http().postJson("/api/v1/candidates", {{"name", "N"}, {"email", "not-an-address"}}, b), 400,
              "VALIDATION_FAILED", "'email'");
  expectError(api.http().postJson("/api/v1/candidates", {{"email", "a@b.co"}}, b), 400, "VALIDATION_FAILED",
              "'name'");
  expectError(
      api.http().postJson("/api/v1/candidates", {{"name", "N"}, {"email", "a@b.co\r\nBcc: x@y.z"}}, b), 400,
      "VALIDATION_FAILED", "'email'");
  expectError(api.http().postJson("/api/v1/sessions", {{"positionId", "x"}, {"candidateId", "y"}}, b), 400,
              "VALIDATION_FAILED", "'positionId'");
  auto position = api.createPosition(apiKey);
  auto candidate = api.createCandidate(apiKey);
  expectError(
      api.http().postJson(
          "/api/v1/sessions",
          {{"positionId", position["id"]}, {"candidateId", candidate["id"]}, {"maxDurationMinutes", 100000}},
          b),
      400, "VALIDATION_FAILED", "'maxDurationMinutes'");
  expectError(api.http().get("/api/v1/positions?limit=0", b), 400, "VALIDATION_FAILED", "'limit'");
  expectError(api.http().get("/api/v1/positions?cursor=garbage", b), 400, "VALIDATION_FAILED", "'cursor'");
}

TEST_F(BadInput, MissingOrWrongApiKeyIsRefused) {
  expectError(api.http().get("/api/v1/positions"), 401, "AUTHENTICATION_FAILED");
  expectError(api.http().get("/api/v1/positions", bearer("irk_wrongwrongwrong")), 401,
              "AUTHENTICATION_FAILED");
  expectError(api.http().get("/api/v1/positions", {{"Authorization", "Basic abc"}}), 401,
              "AUTHENTICATION_FAILED");
  expectError(api.start({{"sessionId", "00000000-0000-4000-8000-000000000000"}}), 401,
              "AUTHENTICATION_FAILED");
}

TEST_F(BadInput, OversizeBodyIsRefusedWith413) {
  std::string big(2 * 1024 * 1024, 'a');
  expectError(api.http().request("POST", "/api/v1/positions", big, bearer(apiKey)), 413, "PAYLOAD_TOO_LARGE");
  // The server is still fine.
  EXPECT_EQ(api.http().get("/healthz").status, 200);
}

TEST_F(BadInput, UnknownIdsAndRoutesAnswer404) {
  auto b = bearer(apiKey);
  expectError(api.http().get("/api/v1/sessions/not-a-uuid", b), 404, "NOT_FOUND");
  expectError(api.http().get("/api/v1/sessions/00000000-0000-4000-8000-000000000000", b), 404, "NOT_FOUND");
  expectError(api.http().get("/api/v1/nothing-here", b), 404, "NOT_FOUND");
}

TEST_F(BadInput, InvitationUnknownReusedOrExpiredIsRefused) {
  expectError(api.startWithInvitation("inv_doesnotexist"), 401, "AUTHENTICATION_FAILED");
  expectError(api.startWithInvitation("not even a token"), 401, "AUTHENTICATION_FAILED");

  auto session = api.createSession(apiKey);
  auto first = api.startWithInvitation(session["invitation"]["token"]);
  ASSERT_EQ(first.status, 200) << first.body;
  expectError(api.startWithInvitation(session["invitation"]["token"]), 409, "SESSION_NOT_STARTABLE", "used");

  auto late = api.createSession(apiKey);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  expectError(api.startWithInvitation(late["invitation"]["token"]), 410, "SESSION_EXPIRED");
}

TEST_F(BadInput, SessionTokensExpiredForgedOrUnsignedAreRefused) {
  auto session = api.createSession(apiKey);
  auto started = api.startWithInvitation(session["invitation"]["token"]);
  ASSERT_EQ(started.status, 200) << started.body;
  std::string sessionId = session["id"];
  auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  const std::string hs256 = R"({"alg":"HS256","typ":"JWT"})";

  auto expired = sessionJwt(hs256, now - 1200, now - 600, kTestJwtSecret, sessionId);
  expectError(api.start(nlohmann::json::object(), bearer(expired)), 410, "SESSION_EXPIRED");

  auto forged = sessionJwt(hs256, now, now + 600, "some-other-secret-that-is-long-enough!!", sessionId);
  expectError(api.start(nlohmann::json::object(), bearer(forged)), 401, "AUTHENTICATION_FAILED");

  auto unsigned_ = sessionJwt(R"({"alg":"none","typ":"JWT"})", now, now + 600, "", sessionId);
  expectError(api.start(nlohmann::json::object(), bearer(unsigned_)), 401, "AUTHENTICATION_FAILED");

  // The genuine token still works after all that.
  EXPECT_EQ(api.start(nlohmann::json::object(), bearer(started.json()["sessionToken"])).status, 200);
}

TEST_F(BadInput, WrongMethodAnswers405) {
  auto r = api.http().request("DELETE", "/api/v1/positions", "", bearer(apiKey));
  EXPECT_EQ(r.status, 405) << r.body;
  EXPECT_TRUE(r.header("allow").has_value());
}

}  // namespace
}  // namespace irtc::test
