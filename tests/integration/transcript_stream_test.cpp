// GET /api/v1/sessions/{id}/transcript/stream against the real server: entries posted through the
// transcript processor reach every listener in seq order, a reconnect with Last-Event-ID gets
// exactly what it missed and then the live entries, and only the session's tenant may listen.
#include <gtest/gtest.h>

#include "api_client.hpp"
#include "support/sse_client.hpp"

namespace irtc::test {
namespace {

using nlohmann::json;

class TranscriptStream : public ::testing::Test {
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

  static std::string streamPath(const std::string& sessionId) {
    return "/api/v1/sessions/" + sessionId + "/transcript/stream";
  }

  // A listener with the tenant's key; expects the stream to open.
  std::unique_ptr<SseClient> listen(const std::string& sessionId,
                                    std::map<std::string, std::string> headers = {},
                                    const std::string& query = "") {
    auto client = std::make_unique<SseClient>("127.0.0.1", server->port());
    headers["Authorization"] = "Bearer " + apiKey;
    auto response = client->open(streamPath(sessionId) + query, headers);
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.header("content-type"), "text/event-stream; charset=utf-8");
    return client;
  }

  void post(const std::string& token, const json& entries) {
    auto r = api.postTranscript(token, {{"entries", entries}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  static json entry(const std::string& item, const std::string& text, bool final = true) {
    return {{"itemId", item},  {"speaker", "candidate"}, {"text", text},
            {"startMs", 1000}, {"endMs", 2000},          {"final", final}};
  }

  // The next event must be the transcript entry with this seq; returns its data.
  static json expectEntry(SseClient& client, std::int64_t seq) {
    auto event = client.nextEvent();
    EXPECT_TRUE(event) << "no event for seq " << seq;
    if (!event) return nullptr;
    EXPECT_EQ(event->event, "transcript");
    EXPECT_EQ(event->id, std::to_string(seq));
    auto data = json::parse(event->data);
    EXPECT_EQ(data["seq"], seq);
    return data;
  }

  static ServerProcess* server;
  static std::string apiKey;
  ApiClient api{*server};
};
ServerProcess* TranscriptStream::server = nullptr;
std::string TranscriptStream::apiKey;

TEST_F(TranscriptStream, EveryListenerGetsPostedEntriesInSeqOrderAsTheyAreStored) {
  auto [sessionId, token] = api.startSession(apiKey);
  auto first = listen(sessionId);
  auto second = listen(sessionId);

  post(token, {entry("i1", "Hello."), entry("i2", "I am Ada.", false)});
  post(token, {entry("i2", "I am Ada Lovelace."), entry("i3", "I write programs.")});  // i2 replaced

  auto stored =
      api.http().get("/api/v1/sessions/" + sessionId + "/transcript", bearer(apiKey)).json()["entries"];
  ASSERT_EQ(stored.size(), 3u);  // i1 (seq 1), i2 final (3), i3 (4): the partial's seq 2 is gone
  for (auto* client : {first.get(), second.get()}) {
    EXPECT_EQ(expectEntry(*client, 1), stored[0]);  // the same shape as the transcript's entries
    auto partial = expectEntry(*client, 2);
    EXPECT_EQ(partial["text"], "I am Ada.");
    EXPECT_EQ(partial["final"], false);
    EXPECT_EQ(expectEntry(*client, 3), stored[1]);  // the final version, again, with a new seq
    EXPECT_EQ(expectEntry(*client, 4), stored[2]);
  }
}

TEST_F(TranscriptStream, AReconnectGetsExactlyWhatItMissedThenTheLiveEntries) {
  auto [sessionId, token] = api.startSession(apiKey);
  auto listener = listen(sessionId);
  post(token, {entry("a", "one"), entry("b", "two")});
  expectEntry(*listener, 1);
  expectEntry(*listener, 2);
  listener->close();

  post(token, {entry("c", "three"), entry("d", "four")});  // while nobody listens
  auto resumed = listen(sessionId, {{"Last-Event-ID", "2"}});
  EXPECT_EQ(expectEntry(*resumed, 3)["text"], "three");
  EXPECT_EQ(expectEntry(*resumed, 4)["text"], "four");
  post(token, json::array({entry("e", "five")}));
  EXPECT_EQ(expectEntry(*resumed, 5)["text"], "five");  // no duplicate of 3 or 4 came first

  // ?since= is the same cursor for a first connection; the header wins when both are given.
  auto since = listen(sessionId, {}, "?since=3");
  expectEntry(*since, 4);
  expectEntry(*since, 5);
  auto both = listen(sessionId, {{"Last-Event-ID", "4"}}, "?since=1");
  expectEntry(*both, 5);
}

TEST_F(TranscriptStream, ABacklogLongerThanAPageArrivesWholeAndInOrder) {
  auto [sessionId, token] = api.startSession(apiKey);
  constexpr int kBatches = 5;
  constexpr int kPerBatch = 100;  // 500 entries: more than two pages of the replay
  for (int b = 0; b < kBatches; ++b) {
    json entries = json::array();
    for (int i = 0; i < kPerBatch; ++i)
      entries.push_back(entry("item" + std::to_string(b * kPerBatch + i), "x"));
    post(token, entries);
  }
  auto listener = listen(sessionId);
  for (int seq = 1; seq <= kBatches * kPerBatch; ++seq) {
    auto data = expectEntry(*listener, seq);
    if (data.is_null()) break;
  }
  post(token, json::array({entry("last", "live")}));
  EXPECT_EQ(expectEntry(*listener, kBatches * kPerBatch + 1)["text"], "live");
}

TEST_F(TranscriptStream, OnlyTheSessionsTenantMayListen) {
  auto [sessionId, token] = api.startSession(apiKey);
  auto otherKey = server->createTenant("Other")["apiKey"].get<std::string>();

  SseClient other("127.0.0.1", server->port());
  auto foreign = other.open(streamPath(sessionId), {{"Authorization", "Bearer " + otherKey}});
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  EXPECT_EQ(foreign.json()["error"]["code"], "NOT_FOUND");

  SseClient anonymous("127.0.0.1", server->port());
  auto none = anonymous.open(streamPath(sessionId));
  EXPECT_EQ(none.status, 401) << none.body;
  EXPECT_EQ(none.json()["error"]["code"], "AUTHENTICATION_FAILED");

  SseClient sessionToken("127.0.0.1", server->port());  // the candidate's token is not a tenant key
  EXPECT_EQ(sessionToken.open(streamPath(sessionId), {{"Authorization", "Bearer " + token}}).status, 401);
}

TEST_F(TranscriptStream, ABadResumePointIsRefusedByName) {
  auto [sessionId, token] = api.startSession(apiKey);
  for (const auto& bad : {"abc", "-1", "1.5", "99999999999999999999"}) {
    SseClient client("127.0.0.1", server->port());
    auto r =
        client.open(streamPath(sessionId), {{"Authorization", "Bearer " + apiKey}, {"Last-Event-ID", bad}});
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.json()["error"]["code"], "VALIDATION_FAILED");
    EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("Last-Event-ID"), std::string::npos);
  }
  SseClient client("127.0.0.1", server->port());
  auto r = client.open(streamPath(sessionId) + "?since=x", {{"Authorization", "Bearer " + apiKey}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("since"), std::string::npos);
}

}  // namespace
}  // namespace irtc::test
