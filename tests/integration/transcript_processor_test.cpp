// POST /functions/v1/transcript-processor against the real server: a browser stores its own
// session's transcript with its session token; replays never duplicate, a final version replaces
// a partial one, a bad entry never costs the good ones, nobody writes where they don't belong, and
// a session that is over takes nothing more.
#include <gtest/gtest.h>

#include <chrono>

#include "api_client.hpp"
#include "support/jwt_forge.hpp"

namespace irtc::test {
namespace {

using nlohmann::json;

class TranscriptProcessor : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = new ServerProcess();
    server->start();
    apiKey = server->createTenant("Acme")["apiKey"];
  }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }

  HttpResponse post(const std::string& token, const json& body) { return api.postTranscript(token, body); }

  json transcript(const std::string& sessionId, const std::string& key = apiKey) {
    auto r = api.http().get("/api/v1/sessions/" + sessionId + "/transcript", bearer(key));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  static json entry(const std::string& item, const std::string& text, bool final = true,
                    const std::string& speaker = "candidate") {
    return {{"itemId", item},  {"speaker", speaker}, {"text", text},
            {"startMs", 1000}, {"endMs", 2000},      {"final", final}};
  }

  static ServerProcess* server;
  static std::string apiKey;
  ApiClient api{*server};
};
ServerProcess* TranscriptProcessor::server = nullptr;
std::string TranscriptProcessor::apiKey;

TEST_F(TranscriptProcessor, StoresABatchOnceAndAReplayChangesNothing) {
  auto [sessionId, token] = api.startSession(apiKey);
  const json batch = {
      {"sessionId", sessionId},
      {"entries",
       {entry("i1", "Tell me about yourself.", true, "interviewer"), entry("i2", "I build databases.")}}};
  auto first = post(token, batch);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()["saved"], 2);
  EXPECT_EQ(first.json()["duplicates"], 0);
  EXPECT_EQ(first.json()["rejected"], json::array());
  EXPECT_EQ(first.json()["entries"], (json{{{"itemId", "i1"}, {"seq", 1}}, {{"itemId", "i2"}, {"seq", 2}}}));

  auto replay = post(token, batch);  // a retry after a lost answer
  ASSERT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(replay.json()["saved"], 0);
  EXPECT_EQ(replay.json()["duplicates"], 2);
  EXPECT_EQ(replay.json()["entries"], first.json()["entries"]);

  auto stored = transcript(sessionId)["entries"];
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0]["speaker"], "interviewer");
  EXPECT_EQ(stored[1]["text"], "I build databases.");
  EXPECT_EQ(stored[1]["source"], "client");

  // The recruiter downloads it.
  const std::string path = "/api/v1/sessions/" + sessionId + "/transcript?format=";
  auto text = api.http().get(path + "txt", bearer(apiKey));
  ASSERT_EQ(text.status, 200) << text.body;
  EXPECT_EQ(text.body,
            "[00:01.000] Interviewer: Tell me about yourself.\n[00:01.000] Candidate: I build databases.\n");
  EXPECT_NE(text.header("content-disposition").value_or("").find("transcript-" + sessionId + ".txt"),
            std::string::npos);
  auto vtt = api.http().get(path + "vtt", bearer(apiKey));
  ASSERT_EQ(vtt.status, 200) << vtt.body;
  EXPECT_EQ(vtt.header("content-type").value_or("").rfind("text/vtt", 0), 0u);
  EXPECT_EQ(vtt.body.rfind("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n<v Interviewer>", 0), 0u) << vtt.body;
  EXPECT_EQ(api.http().get(path + "pdf", bearer(apiKey)).status, 400);
}

TEST_F(TranscriptProcessor, AFinalVersionReplacesThePartialOne) {
  auto [sessionId, token] = api.startSession(apiKey);
  ASSERT_EQ(post(token, {{"entries", {entry("i1", "I have", false)}}}).status, 200);
  auto final = post(token, {{"entries", {entry("i1", "I have five years.", true)}}});
  ASSERT_EQ(final.status, 200) << final.body;
  EXPECT_EQ(final.json()["saved"], 1);
  EXPECT_EQ(final.json()["entries"][0]["seq"], 2);
  // A late partial does not undo it.
  auto late = post(token, {{"entries", {entry("i1", "I have five", false)}}});
  EXPECT_EQ(late.json()["duplicates"], 1);
  auto stored = transcript(sessionId)["entries"];
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0]["text"], "I have five years.");
  EXPECT_EQ(stored[0]["final"], true);
}

TEST_F(TranscriptProcessor, AMixedBatchKeepsItsValidEntriesAndNamesTheRefusedOnes) {
  auto [sessionId, token] = api.startSession(apiKey);
  json bad = entry("i2", "Missing times");
  bad.erase("endMs");
  auto r = post(token, {{"entries",
                         {entry("i1", "Good one."), bad, entry("i3", "System line.", true, "system"),
                          entry("i4", "Another good one.")}}});
  EXPECT_EQ(r.status, 400) << r.body;
  auto body = r.json();
  EXPECT_EQ(body["error"]["code"], "VALIDATION_FAILED");
  EXPECT_NE(body["error"]["message"].get<std::string>().find("entries[1]: field 'endMs'"), std::string::npos);
  EXPECT_EQ(body["saved"], 2);
  ASSERT_EQ(body["rejected"].size(), 2u);
  EXPECT_EQ(body["rejected"][0]["index"], 1);
  EXPECT_EQ(body["rejected"][1]["index"], 2);
  EXPECT_EQ(body["rejected"][1]["code"], "FORBIDDEN");
  EXPECT_EQ(body["entries"], (json{{{"itemId", "i1"}, {"seq", 1}}, {{"itemId", "i4"}, {"seq", 2}}}));
  EXPECT_EQ(transcript(sessionId)["entries"].size(), 2u);
}

TEST_F(TranscriptProcessor, TheAnswerQuotesItemIdsAsJson) {
  auto [sessionId, token] = api.startSession(apiKey);
  const std::string odd = R"(item"with\backslash\"quote)";
  auto r = post(token, {{"entries", json::array({entry(odd, "Hello."), entry("i2", "Bye.")})}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["entries"], (json{{{"itemId", odd}, {"seq", 1}}, {{"itemId", "i2"}, {"seq", 2}}}));
  EXPECT_EQ(transcript(sessionId)["entries"][0]["itemId"], odd);
}

TEST_F(TranscriptProcessor, NobodyWritesWhereTheyDoNotBelong) {
  auto [sessionId, token] = api.startSession(apiKey);
  auto [otherSessionId, otherToken] = api.startSession(apiKey);
  const json one = {{"entries", {entry("i1", "Hello.")}}};

  // Another session's token names its own session only.
  auto crossSession = post(otherToken, {{"sessionId", sessionId}, {"entries", one["entries"]}});
  EXPECT_EQ(crossSession.status, 400) << crossSession.body;
  // A tenant API key is not a session token; neither is nothing.
  EXPECT_EQ(post(apiKey, one).status, 401);
  EXPECT_EQ(api.http().request("POST", "/functions/v1/transcript-processor", one.dump()).status, 401);
  // A well-signed token claiming this session for another tenant finds nothing.
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  json claims = {{"sub", "candidate"},
                 {"tenant_id", server->createTenant("Other")["tenantId"]},
                 {"session_id", sessionId},
                 {"jti", "x"},
                 {"iat", now},
                 {"exp", now + 600}};
  auto otherTenant = handMadeJwt(R"({"alg":"HS256","typ":"JWT"})", claims.dump(), kTestJwtSecret);
  auto crossTenant = post(otherTenant, one);
  EXPECT_EQ(crossTenant.status, 404) << crossTenant.body;
  EXPECT_TRUE(transcript(sessionId)["entries"].empty());

  // Once the session is over, its transcript takes no more entries from the browser.
  ASSERT_EQ(
      api.http().request("POST", "/api/v1/sessions/" + sessionId + "/cancel", "", bearer(apiKey)).status,
      200);
  auto closed = post(token, one);
  EXPECT_EQ(closed.status, 409) << closed.body;
  EXPECT_EQ(closed.json()["error"]["code"], "SESSION_NOT_STARTABLE");
  EXPECT_TRUE(transcript(sessionId)["entries"].empty());
  EXPECT_EQ(post(otherToken, one).status, 200);  // the other session is still open
}

TEST_F(TranscriptProcessor, AClosedSessionTakesNoBatchWhateverItHolds) {
  auto [sessionId, token] = api.startSession(apiKey);
  ASSERT_EQ(post(token, {{"entries", json::array({entry("i1", "Hello.")})}}).status, 200);
  ASSERT_EQ(
      api.http().request("POST", "/api/v1/sessions/" + sessionId + "/cancel", "", bearer(apiKey)).status,
      200);
  const json bodies[] = {
      {{"entries", json::array({entry("i2", "Late.")})}},                         // a new item
      {{"entries", json::array({entry("i2", "Late."), entry("i1", "Hello.")})}},  // and a stored one
      {{"entries", json::array({entry("i2", "Late."), entry("i2", "Late.")})}},   // an item twice
      {{"entries", json::array({entry("i3", "System line.", true, "system")})}},  // every entry refused
      {{"entries", json::array()}},                                               // no batch at all
  };
  for (const json& body : bodies) {
    auto r = post(token, body);
    EXPECT_EQ(r.status, 409) << body.dump() << " " << r.body;
    EXPECT_EQ(r.json()["error"]["code"], "SESSION_NOT_STARTABLE");
    EXPECT_EQ(r.json()["error"]["message"], "the session is cancelled; its transcript is closed");
  }
  auto stored = transcript(sessionId)["entries"];
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0]["itemId"], "i1");
}

}  // namespace
}  // namespace irtc::test
