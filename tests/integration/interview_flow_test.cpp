// The README's flow end to end: recruiter creates a position, candidate and session; the
// candidate starts the interview with the invitation; reconnects; the recruiter sees it all.
#include <gtest/gtest.h>

#include "api_client.hpp"

namespace irtc::test {
namespace {

class InterviewFlow : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server =
        new ServerProcess(Environment{{"INTERVIEWD_STUN_URLS", "stun:stun.example.org:3478"},
                                      {"INTERVIEWD_TURN_URLS", "turn:turn.example.org:3478?transport=udp"},
                                      {"INTERVIEWD_TURN_SECRET", "turn-shared-secret"}});
    server->start();
    apiKey = server->createTenant("Acme Corp")["apiKey"];
  }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }
  static ServerProcess* server;
  static std::string apiKey;
  ApiClient api{*server};
};
ServerProcess* InterviewFlow::server = nullptr;
std::string InterviewFlow::apiKey;

TEST_F(InterviewFlow, CandidateStartsWithInvitationAndGetsWebrtcConfig) {
  auto session = api.createSession(apiKey, 20);
  EXPECT_EQ(session["status"], "scheduled");
  std::string token = session["invitation"]["token"];
  std::string url = session["invitation"]["url"];
  EXPECT_EQ(url, "http://127.0.0.1:" + std::to_string(server->port()) + "/interview/" + token);

  auto started = api.startWithInvitation(token);
  ASSERT_EQ(started.status, 200) << started.body;
  auto body = started.json();
  EXPECT_EQ(body["sessionId"], session["id"]);
  EXPECT_FALSE(body["sessionToken"].get<std::string>().empty());
  EXPECT_FALSE(body["expiresAt"].get<std::string>().empty());
  const auto& webrtc = body["webrtcConfig"];
  EXPECT_EQ(webrtc["sdpProxyUrl"], "ws://127.0.0.1:" + std::to_string(server->port()) + "/ws");
  EXPECT_EQ(webrtc["model"], "gpt-realtime");
  EXPECT_FALSE(webrtc["voice"].get<std::string>().empty());
  std::string instructions = webrtc["instructions"];
  EXPECT_NE(instructions.find("Acme Corp"), std::string::npos);
  EXPECT_NE(instructions.find("Ada Lovelace"), std::string::npos);
  EXPECT_NE(instructions.find("1. Tell me about yourself."), std::string::npos);
  EXPECT_NE(instructions.find("2. Describe a system you designed."), std::string::npos);
  EXPECT_NE(instructions.find("20 minutes"), std::string::npos);

  ASSERT_EQ(webrtc["iceServers"].size(), 2u);
  EXPECT_EQ(webrtc["iceServers"][0]["urls"][0], "stun:stun.example.org:3478");
  const auto& turn = webrtc["iceServers"][1];
  std::string username = turn["username"];
  EXPECT_EQ(username.substr(username.find(':') + 1), session["id"].get<std::string>());
  EXPECT_FALSE(turn["credential"].get<std::string>().empty());

  EXPECT_EQ(body["metadata"]["companyName"], "Acme Corp");
  EXPECT_EQ(body["metadata"]["positionTitle"], "Backend Engineer");
  EXPECT_EQ(body["metadata"]["status"], "in_progress");
  EXPECT_FALSE(body["metadata"]["tenantId"].get<std::string>().empty());

  auto view = api.http().get("/api/v1/sessions/" + session["id"].get<std::string>(), bearer(apiKey));
  ASSERT_EQ(view.status, 200);
  EXPECT_EQ(view.json()["status"], "in_progress");
  EXPECT_FALSE(view.json()["startedAt"].is_null());
}

TEST_F(InterviewFlow, InvitationIsSingleUseButSessionTokenReconnects) {
  auto session = api.createSession(apiKey);
  std::string invitation = session["invitation"]["token"];
  auto first = api.startWithInvitation(invitation);
  ASSERT_EQ(first.status, 200) << first.body;

  auto reused = api.startWithInvitation(invitation);
  EXPECT_EQ(reused.status, 409);
  EXPECT_EQ(reused.json()["error"]["code"], "SESSION_NOT_STARTABLE");

  std::string sessionToken = first.json()["sessionToken"];
  auto reconnect = api.start(nlohmann::json::object(), bearer(sessionToken));
  ASSERT_EQ(reconnect.status, 200) << reconnect.body;
  EXPECT_EQ(reconnect.json()["sessionId"], session["id"]);
  EXPECT_NE(reconnect.json()["sessionToken"], sessionToken);

  auto view = api.http().get("/api/v1/sessions/" + session["id"].get<std::string>(), bearer(apiKey)).json();
  std::vector<std::string> types;
  for (const auto& e : view["events"]) types.push_back(e["type"]);
  EXPECT_NE(std::find(types.begin(), types.end(), "session.created"), types.end());
  EXPECT_NE(std::find(types.begin(), types.end(), "session.started"), types.end());
  EXPECT_NE(std::find(types.begin(), types.end(), "session.start_refused"), types.end());
  EXPECT_NE(std::find(types.begin(), types.end(), "session.reconnected"), types.end());
}

TEST_F(InterviewFlow, RecruiterCanStartAndRestartWithApiKey) {
  auto session = api.createSession(apiKey);
  nlohmann::json body = {{"sessionId", session["id"]}};
  auto first = api.start(body, bearer(apiKey));
  ASSERT_EQ(first.status, 200) << first.body;
  auto second = api.start(body, bearer(apiKey));
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json()["metadata"]["status"], "in_progress");
  // The recruiter's start leaves the invitation for the candidate to join with.
  auto candidate = api.startWithInvitation(session["invitation"]["token"]);
  EXPECT_EQ(candidate.status, 200) << candidate.body;
  // Joining spent the invitation: the link cannot hand out tokens to anyone else.
  EXPECT_EQ(api.startWithInvitation(session["invitation"]["token"]).status, 409);
}

TEST_F(InterviewFlow, CancelledSessionCannotStart) {
  auto session = api.createSession(apiKey);
  std::string id = session["id"];
  auto cancelled = api.http().request("POST", "/api/v1/sessions/" + id + "/cancel", "", bearer(apiKey));
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json()["status"], "cancelled");
  auto again = api.http().request("POST", "/api/v1/sessions/" + id + "/cancel", "", bearer(apiKey));
  EXPECT_EQ(again.status, 200);

  auto start = api.startWithInvitation(session["invitation"]["token"]);
  EXPECT_EQ(start.status, 409);
  EXPECT_EQ(start.json()["error"]["code"], "SESSION_NOT_STARTABLE");
  EXPECT_NE(start.json()["error"]["message"].get<std::string>().find("cancelled"), std::string::npos);
}

TEST_F(InterviewFlow, ListsArePaginatedWithCursors) {
  std::string key = server->createTenant("Paging Inc")["apiKey"];
  std::set<std::string> created;
  for (int i = 0; i < 5; ++i) created.insert(api.createPosition(key, "Role " + std::to_string(i))["id"]);
  std::set<std::string> seen;
  std::string target = "/api/v1/positions?limit=2";
  int pages = 0;
  while (true) {
    auto page = api.http().get(target, bearer(key));
    ASSERT_EQ(page.status, 200) << page.body;
    auto body = page.json();
    EXPECT_LE(body["items"].size(), 2u);
    for (const auto& item : body["items"])
      EXPECT_TRUE(seen.insert(item["id"]).second) << "duplicate across pages";
    ++pages;
    if (body["nextCursor"].is_null()) break;
    target = "/api/v1/positions?limit=2&cursor=" + body["nextCursor"].get<std::string>();
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(seen, created);
  EXPECT_EQ(pages, 3);
}

TEST_F(InterviewFlow, SessionsFilterByStatus) {
  std::string key = server->createTenant("Filter Ltd")["apiKey"];
  auto scheduled = api.createSession(key);
  auto started = api.createSession(key);
  ASSERT_EQ(api.startWithInvitation(started["invitation"]["token"]).status, 200);
  auto list = api.http().get("/api/v1/sessions?status=in_progress", bearer(key)).json();
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["id"], started["id"]);
  EXPECT_EQ(api.http().get("/api/v1/sessions?status=bogus", bearer(key)).status, 400);
}

TEST_F(InterviewFlow, TranscriptOfNewSessionIsEmpty) {
  auto session = api.createSession(apiKey);
  auto transcript =
      api.http().get("/api/v1/sessions/" + session["id"].get<std::string>() + "/transcript", bearer(apiKey));
  ASSERT_EQ(transcript.status, 200);
  EXPECT_TRUE(transcript.json()["entries"].empty());
  EXPECT_TRUE(transcript.json()["nextSince"].is_null());
}

}  // namespace
}  // namespace irtc::test
