// The SDP proxy end to end: a candidate's session token opens /ws, the browser's offer is
// validated and answered by the local voice engine through the proxy, the call's transcript is
// captured server-side (stored once, forwarded to the browser), and the call ends from either side.
// The browser is a second webrtcbin; everything runs in a loopback-only network namespace.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "integration/api_client.hpp"
#include "integration/proxy_socket.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/webrtc/fake_browser.hpp"
#include "support/webrtc/test_env.hpp"

namespace irtc::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class EngineProxy : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.start();
    api_ = std::make_unique<ApiClient>(server_);
    interview_ = startInterview(server_, *api_);
    apiKey_ = interview_.apiKey;
    token_ = interview_.sessionToken;
    sessionId_ = interview_.sessionId;
  }

  // Opens /ws (session_ready is read by the test).
  std::unique_ptr<WebSocketClient> open(const std::string& token) {
    return openProxySocket(server_.port(), token);
  }

  static std::optional<json> next(WebSocketClient& socket, const std::string& type,
                                  std::chrono::milliseconds timeout = 20s) {
    return nextMessage(socket, type, timeout);
  }

  // The value of one series on /metrics (name and labels as exposed), 0 when absent.
  double metric(const std::string& series) {
    auto response = api_->http().get("/metrics");
    EXPECT_EQ(response.status, 200);
    std::istringstream lines(response.body);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
    }
    return 0;
  }

  json sessionView() { return irtc::test::sessionView(*api_, interview_); }

  ServerProcess server_;
  std::unique_ptr<ApiClient> api_;
  StartedInterview interview_;
  std::string apiKey_, token_, sessionId_;
};

TEST_F(EngineProxy, AnOfferThroughTheProxyConnectsTheBrowserAndTheTranscriptIsCaptured) {
  auto socket = open(token_);
  auto ready = next(*socket, "session_ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ((*ready)["sessionId"], sessionId_);

  FakeBrowser browser(false, 111, FakeBrowser::Microphone::silence);
  socket->send(json{{"type", "offer"}, {"sdp", browser.createOffer()}}.dump());
  auto answer = next(*socket, "answer");
  ASSERT_TRUE(answer);
  EXPECT_EQ((*answer)["callId"].get<std::string>().rfind("rtc_", 0), 0u);
  browser.applyAnswer((*answer)["sdp"]);
  ASSERT_TRUE(waitUntil([&] { return browser.channelOpen(); }, 10s));
  // The interviewer greets through the engine: audio reaches the browser.
  EXPECT_TRUE(waitUntil([&] { return browser.loudSamples() > 48000; }, 20s));

  // The greeting's transcript, captured from the sideband, stored and forwarded.
  auto transcript = next(*socket, "transcript", 40s);
  ASSERT_TRUE(transcript);
  const auto& entry = (*transcript)["entry"];
  EXPECT_EQ(entry["speaker"], "interviewer");
  EXPECT_EQ(entry["seq"], 1);
  EXPECT_NE(entry["text"].get<std::string>().find("Hello"), std::string::npos);
  auto stored = api_->http().get("/api/v1/sessions/" + sessionId_ + "/transcript", bearer(apiKey_));
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_NE(stored.body.find(entry["itemId"].get<std::string>()), std::string::npos);

  socket->send(R"({"type":"ping"})");
  EXPECT_TRUE(next(*socket, "pong", 5s));
  socket->send(R"({"type":"stats","stats":{"jitterMs":2.5,"packetsLost":0,"packetsReceived":500}})");

  // The candidate ends it: the session is completed and the call gone.
  socket->send(R"({"type":"end"})");
  auto ended = next(*socket, "session_ended", 10s);
  ASSERT_TRUE(ended);
  EXPECT_EQ((*ended)["reason"], "ended_by_candidate");
  auto view = sessionView();
  EXPECT_EQ(view["status"], "completed");
  std::string events = view.dump();
  for (const char* type : {"call.started", "call.ended", "client.stats"}) {
    EXPECT_NE(events.find(type), std::string::npos) << type;
  }
  // Its summary counts the captured greeting, which asks the position's first question.
  auto summary = api_->http().get("/api/v1/sessions/" + sessionId_ + "/summary", bearer(apiKey_));
  ASSERT_EQ(summary.status, 200) << summary.body;
  json figures = summary.json()["summary"];
  EXPECT_GE(figures["turns"], 1);
  EXPECT_GE(figures["speakers"]["interviewer"]["entries"], 1);
  EXPECT_GT(figures["speakers"]["interviewer"]["words"], 0);
  EXPECT_EQ(figures["questions"]["scripted"][0]["asked"], true);

  // The operator sees it: one answered exchange, one completed session, nothing live any more.
  EXPECT_EQ(metric(R"(interviewd_proxy_sdp_exchange_seconds_count{outcome="answered"})"), 1);
  EXPECT_GT(metric(R"(interviewd_proxy_sdp_exchange_seconds_sum{outcome="answered"})"), 0);
  EXPECT_EQ(metric(R"(interviewd_proxy_sessions_total{code="none",outcome="completed"})"), 1);
  // The socket closes just after session_ended; polled gently (each scrape counts against the rate limit).
  for (int i = 0; i < 50 && metric("interviewd_proxy_active_sockets") != 0; ++i)
    std::this_thread::sleep_for(100ms);
  EXPECT_EQ(metric("interviewd_proxy_active_sockets"), 0);
  EXPECT_EQ(metric("interviewd_proxy_active_sessions"), 0);
}

TEST_F(EngineProxy, AdmissionFailuresAreToldThenClosedWith1008) {
  for (const std::string& target : {std::string("/ws"), std::string("/ws?token=forged.token.here")}) {
    WebSocketClient socket;
    ASSERT_TRUE(socket.connect("127.0.0.1", server_.port(), target));
    auto error = next(socket, "error", 5s);
    ASSERT_TRUE(error) << target;
    EXPECT_EQ((*error)["code"], "AUTHENTICATION_FAILED");
    while (socket.receive(2s)) {
    }
    EXPECT_EQ(socket.closeCode().value_or(0), 1008);
  }
  // A session that is no longer in progress.
  ASSERT_EQ(
      api_->http().request("POST", "/api/v1/sessions/" + sessionId_ + "/cancel", "", bearer(apiKey_)).status,
      200);
  WebSocketClient socket;
  ASSERT_TRUE(socket.connect("127.0.0.1", server_.port(), "/ws?token=" + token_));
  auto error = next(socket, "error", 5s);
  ASSERT_TRUE(error);
  EXPECT_EQ((*error)["code"], "SESSION_NOT_STARTABLE");
  EXPECT_EQ(metric(R"(interviewd_proxy_sessions_total{code="AUTHENTICATION_FAILED",outcome="refused"})"), 2);
  EXPECT_EQ(metric(R"(interviewd_proxy_sessions_total{code="SESSION_NOT_STARTABLE",outcome="refused"})"), 1);
  EXPECT_EQ(metric("interviewd_proxy_active_sockets"), 0);
}

TEST_F(EngineProxy, BadMessagesAndOffersAreRefusedAndTheSocketStays) {
  auto socket = open(token_);
  ASSERT_TRUE(next(*socket, "session_ready"));
  socket->send("not json");
  auto protocol = next(*socket, "error", 5s);
  ASSERT_TRUE(protocol);
  EXPECT_EQ((*protocol)["code"], "PROTOCOL_ERROR");

  FakeBrowser withVideo(true);  // a video m-line: never forwarded
  socket->send(json{{"type", "offer"}, {"sdp", withVideo.createOffer()}}.dump());
  auto invalid = next(*socket, "error", 5s);
  ASSERT_TRUE(invalid);
  EXPECT_EQ((*invalid)["code"], "SDP_INVALID");
  EXPECT_FALSE((*invalid)["message"].get<std::string>().empty());
  EXPECT_EQ(metric("interviewd_proxy_active_sockets"), 1);
  EXPECT_EQ(metric("interviewd_proxy_active_sessions"), 1);
  // Refused before forwarding: no exchange was made.
  EXPECT_EQ(metric(R"(interviewd_proxy_sdp_exchange_seconds_count{outcome="answered"})"), 0);

  // A browser that leaves after an invalid offer is a failed session.
  {
    auto other = open(token_);  // takes over: the first connection ends without a call
    ASSERT_TRUE(next(*socket, "session_ended", 5s));
    ASSERT_TRUE(next(*other, "session_ready"));
    socket = std::move(other);
  }
  EXPECT_EQ(metric(R"(interviewd_proxy_sessions_total{code="SDP_INVALID",outcome="failed"})"), 1);

  // Still usable: a good offer is answered.
  FakeBrowser browser(false, 111, FakeBrowser::Microphone::silence);
  socket->send(json{{"type", "offer"}, {"sdp", browser.createOffer()}}.dump());
  EXPECT_TRUE(next(*socket, "answer"));
}

TEST_F(EngineProxy, AReconnectTakesOverTheSession) {
  auto first = open(token_);
  ASSERT_TRUE(next(*first, "session_ready"));
  FakeBrowser browser(false, 111, FakeBrowser::Microphone::silence);
  first->send(json{{"type", "offer"}, {"sdp", browser.createOffer()}}.dump());
  ASSERT_TRUE(next(*first, "answer"));

  auto second = open(token_);
  ASSERT_TRUE(next(*second, "session_ready"));
  auto replaced = next(*first, "session_ended", 5s);
  ASSERT_TRUE(replaced);
  EXPECT_EQ((*replaced)["reason"], "replaced");
  // The session stays in progress for the new connection, which can make its own call.
  EXPECT_EQ(sessionView()["status"], "in_progress");
  FakeBrowser again;
  second->send(json{{"type", "offer"}, {"sdp", again.createOffer()}}.dump());
  EXPECT_TRUE(next(*second, "answer"));
}

}  // namespace
}  // namespace irtc::test
