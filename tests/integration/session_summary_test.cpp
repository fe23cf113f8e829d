// GET /api/v1/sessions/{id}/summary against the real server: a transcript posted through the
// transcript processor, the session ended through the SDP proxy's `end` or the recruiter's cancel,
// and the summary's figures as worked out by hand. Not before the end, never for another tenant.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "api_client.hpp"

namespace irtc::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Unix ms of a time as the API writes it ("2025-01-01T09:12:00.000Z").
std::int64_t parseTime(const std::string& text) {
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &ms) != 7) {
    ADD_FAILURE() << "not a time: " << text;
    return 0;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + ms;
}

json line(const std::string& item, const std::string& speaker, int startMs, int endMs,
          const std::string& text) {
  return {{"itemId", item},     {"speaker", speaker}, {"text", text},
          {"startMs", startMs}, {"endMs", endMs},     {"final", true}};
}

class SessionSummary : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = new ServerProcess();
    server->start();
    apiKey = server->createTenant("Acme")["apiKey"];
    otherKey = server->createTenant("Globex")["apiKey"];
  }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }

  HttpResponse summary(const std::string& sessionId, const std::string& key = apiKey) {
    return api.http().get("/api/v1/sessions/" + sessionId + "/summary", bearer(key));
  }

  json session(const std::string& sessionId) {
    auto r = api.http().get("/api/v1/sessions/" + sessionId, bearer(apiKey));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  // Ends the session as the candidate's page does: `end` on the SDP proxy's socket.
  void endThroughProxy(const std::string& token) {
    WebSocketClient socket;
    ASSERT_TRUE(socket.connect("127.0.0.1", server->port(), "/ws?token=" + token));
    socket.send(R"({"type":"end"})");
    bool ended = false;
    while (auto text = socket.receive(5s)) {
      if (json::parse(*text)["type"] == "session_ended") ended = true;
    }
    EXPECT_TRUE(ended);
  }

  static ServerProcess* server;
  static std::string apiKey;
  static std::string otherKey;
  ApiClient api{*server};
};
ServerProcess* SessionSummary::server = nullptr;
std::string SessionSummary::apiKey;
std::string SessionSummary::otherKey;

TEST_F(SessionSummary, EndedInterviewHasTheHandComputedFigures) {
  auto [sessionId, token] = api.startSession(apiKey);
  const json batch = {
      {"sessionId", sessionId},
      {"entries",
       {line("i1", "interviewer", 0, 4000, "Hello Ada. Let's begin. Tell me about yourself."),  // 8 words
        line("c1", "candidate", 5000, 11000, "I build storage engines and I love it"),          // 8
        line("i2", "interviewer", 12000, 16000,
             "Thank you. My last question. Describe a system you designed."),    // 10
        line("c2", "candidate", 18000, 21000, "A queue for payments"),           // 4
        line("i3", "interviewer", 21000, 23000, "Thank you for your time.")}}};  // 5
  auto posted = api.postTranscript(token, batch);
  ASSERT_EQ(posted.status, 200) << posted.body;

  auto early = summary(sessionId);
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(early.json()["error"]["code"], "SESSION_NOT_STARTABLE");

  endThroughProxy(token);
  auto ended = session(sessionId);
  ASSERT_EQ(ended["status"], "completed");

  auto r = summary(sessionId);
  ASSERT_EQ(r.status, 200) << r.body;
  json body = r.json();
  EXPECT_EQ(body["sessionId"], sessionId);
  EXPECT_EQ(body["status"], "completed");
  const json& s = body["summary"];
  EXPECT_EQ(s["version"], 1);
  EXPECT_EQ(s["durationMs"], parseTime(ended["endedAt"]) - parseTime(ended["startedAt"]));
  EXPECT_EQ(s["turns"], 5);
  EXPECT_EQ(s["speakers"]["interviewer"],
            (json{{"talkMs", 10000}, {"words", 23}, {"entries", 3}, {"turns", 3}}));
  EXPECT_EQ(s["speakers"]["candidate"],
            (json{{"talkMs", 9000}, {"words", 12}, {"entries", 2}, {"turns", 2}}));
  EXPECT_DOUBLE_EQ(s["candidateWordsPerMinute"].get<double>(), 80.0);  // 12 words in 9 s
  EXPECT_EQ(s["longestSilenceMs"], 2000);                              // 16000 → 18000
  // 11000 → 12000 and 21000 → 21000: the lower middle of {0, 1000} is 0.
  EXPECT_EQ(s["responseLatency"], (json{{"count", 2}, {"p50Ms", 0}, {"maxMs", 1000}, {"overlaps", 0}}));
  EXPECT_EQ(s["questions"]["asked"], 2);
  EXPECT_EQ(s["questions"]["answered"], 2);
  EXPECT_EQ(s["questions"]["scripted"], (json{{{"index", 0}, {"asked", true}, {"answered", true}},
                                              {{"index", 1}, {"asked", true}, {"answered", true}}}));

  // Stored, not recomputed per request; and no other tenant sees it.
  EXPECT_EQ(summary(sessionId).json()["computedAt"], body["computedAt"]);
  auto foreign = summary(sessionId, otherKey);
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  EXPECT_EQ(foreign.json()["error"]["code"], "NOT_FOUND");
}

TEST_F(SessionSummary, CancelRecordsTheSummaryWhenTheSessionEnds) {
  auto [sessionId, token] = api.startSession(apiKey);
  auto cancelled =
      api.http().postJson("/api/v1/sessions/" + sessionId + "/cancel", json::object(), bearer(apiKey));
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  const std::int64_t afterCancel = std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count();

  auto r = summary(sessionId);
  ASSERT_EQ(r.status, 200) << r.body;
  json body = r.json();
  EXPECT_EQ(body["status"], "cancelled");
  EXPECT_LE(parseTime(body["computedAt"]), afterCancel);  // stored by the cancel, not by this read
  const json& s = body["summary"];
  EXPECT_EQ(s["turns"], 0);
  EXPECT_EQ(s["speakers"]["candidate"]["words"], 0);
  EXPECT_TRUE(s["candidateWordsPerMinute"].is_null());
  EXPECT_TRUE(s["responseLatency"]["p50Ms"].is_null());
  EXPECT_EQ(s["questions"]["asked"], 0);
}

TEST_F(SessionSummary, SessionCancelledBeforeItStartedLastedNothing) {
  auto created = api.createSession(apiKey);
  std::string sessionId = created["id"];
  EXPECT_EQ(summary(sessionId).status, 409);  // scheduled
  ASSERT_EQ(
      api.http().postJson("/api/v1/sessions/" + sessionId + "/cancel", json::object(), bearer(apiKey)).status,
      200);
  auto r = summary(sessionId);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["summary"]["durationMs"], 0);
}

TEST_F(SessionSummary, UnknownSessionAndMissingKeyAreRefused) {
  EXPECT_EQ(summary("00000000-0000-4000-8000-000000000000").status, 404);
  EXPECT_EQ(api.http().get("/api/v1/sessions/00000000-0000-4000-8000-000000000000/summary").status, 401);
}

}  // namespace
}  // namespace irtc::test
