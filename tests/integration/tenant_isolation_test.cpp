// Tenant B can neither read nor change anything of tenant A, through any endpoint:
// every one of A's objects answers 404 to B, exactly like an id that never existed.
#include <gtest/gtest.h>

#include "api_client.hpp"

namespace irtc::test {
namespace {

class TenantIsolation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = new ServerProcess();
    server->start();
    keyA = server->createTenant("Tenant A")["apiKey"];
    keyB = server->createTenant("Tenant B")["apiKey"];
    ApiClient api(*server);
    sessionA = api.createSession(keyA);
  }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }
  static ServerProcess* server;
  static std::string keyA, keyB;
  static nlohmann::json sessionA;
  ApiClient api{*server};

  std::string sessionId() const { return sessionA["id"]; }

  void expectNotFound(const HttpResponse& r, const std::string& what) {
    EXPECT_EQ(r.status, 404) << what << ": " << r.body;
    if (r.status == 404) {
      EXPECT_EQ(r.json()["error"]["code"], "NOT_FOUND") << what;
    }
    // Nothing of A's may appear in the answer.
    EXPECT_EQ(r.body.find(sessionId()), std::string::npos) << what;
    EXPECT_EQ(r.body.find(sessionA["positionId"].get<std::string>()), std::string::npos) << what;
  }
};
ServerProcess* TenantIsolation::server = nullptr;
std::string TenantIsolation::keyA, TenantIsolation::keyB;
nlohmann::json TenantIsolation::sessionA;

TEST_F(TenantIsolation, ReadsOfAnotherTenantsObjectsAnswer404) {
  auto b = bearer(keyB);
  expectNotFound(api.http().get("/api/v1/positions/" + sessionA["positionId"].get<std::string>(), b),
                 "position");
  expectNotFound(api.http().get("/api/v1/candidates/" + sessionA["candidateId"].get<std::string>(), b),
                 "candidate");
  expectNotFound(api.http().get("/api/v1/sessions/" + sessionId(), b), "session");
  expectNotFound(api.http().get("/api/v1/sessions/" + sessionId() + "/transcript", b), "transcript");
  // Owner sees them.
  EXPECT_EQ(api.http().get("/api/v1/sessions/" + sessionId(), bearer(keyA)).status, 200);
}

TEST_F(TenantIsolation, ListsShowOnlyOwnObjects) {
  auto b = bearer(keyB);
  for (std::string path : {"/api/v1/positions", "/api/v1/candidates", "/api/v1/sessions"}) {
    auto r = api.http().get(path, b);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_TRUE(r.json()["items"].empty()) << path << ": " << r.body;
  }
}

TEST_F(TenantIsolation, ChangesToAnotherTenantsObjectsAnswer404AndChangeNothing) {
  auto b = bearer(keyB);
  expectNotFound(api.http().request("POST", "/api/v1/sessions/" + sessionId() + "/cancel", "", b), "cancel");
  // A session of B's that points at A's position or candidate is refused.
  auto candidateB = api.createCandidate(keyB);
  auto positionB = api.createPosition(keyB);
  expectNotFound(
      api.http().postJson("/api/v1/sessions",
                          {{"positionId", sessionA["positionId"]}, {"candidateId", candidateB["id"]}}, b),
      "session with A's position");
  expectNotFound(
      api.http().postJson("/api/v1/sessions",
                          {{"positionId", positionB["id"]}, {"candidateId", sessionA["candidateId"]}}, b),
      "session with A's candidate");
  // interview-start with B's key on A's session.
  expectNotFound(api.start({{"sessionId", sessionId()}}, b), "interview-start");

  auto view = api.http().get("/api/v1/sessions/" + sessionId(), bearer(keyA)).json();
  EXPECT_EQ(view["status"], "scheduled");
  for (const auto& e : view["events"]) EXPECT_NE(e["type"], "session.start_refused");
}

TEST_F(TenantIsolation, SessionTokenOfOneTenantCannotReachAnother) {
  auto sessionB = api.createSession(keyB);
  auto started = api.startWithInvitation(sessionB["invitation"]["token"]);
  ASSERT_EQ(started.status, 200) << started.body;
  // B's session token asking for A's session id.
  auto r = api.start({{"sessionId", sessionId()}}, bearer(started.json()["sessionToken"]));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "VALIDATION_FAILED");
  // A session token is not a recruiter credential.
  EXPECT_EQ(api.http().get("/api/v1/sessions", bearer(started.json()["sessionToken"])).status, 401);
}

}  // namespace
}  // namespace irtc::test
