// The local voice engine through interviewd's HTTP surface, as OpenAI's clients use it: an
// ephemeral key from client_secrets, the browser's offer to /v1/realtime/calls, the sideband
// WebSocket, and hangup. The browser is a second webrtcbin; the server runs in the same
// loopback-only network namespace.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/webrtc/fake_browser.hpp"
#include "support/webrtc/test_env.hpp"

namespace irtc::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class EngineRealtime : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.start();
    http_ = std::make_unique<HttpClient>("127.0.0.1", server_.port());
  }

  std::map<std::string, std::string> serverKey() const {
    return {{"Authorization", "Bearer " + kTestEngineKey}};
  }

  std::string mintKey(const std::string& instructions) {
    auto response =
        http_->postJson("/v1/realtime/client_secrets",
                        {{"session", {{"type", "realtime"}, {"instructions", instructions}}}}, serverKey());
    EXPECT_EQ(response.status, 200) << response.body;
    return response.json()["value"];
  }

  // Offers with an ephemeral key; returns the call id.
  std::string call(FakeBrowser& browser, const std::string& key) {
    auto response = http_->request("POST", "/v1/realtime/calls", browser.createOffer(),
                                   {{"Content-Type", "application/sdp"}, {"Authorization", "Bearer " + key}});
    EXPECT_EQ(response.status, 201) << response.body;
    EXPECT_EQ(response.header("content-type").value_or(""), "application/sdp");
    auto location = response.header("location").value_or("");
    EXPECT_EQ(location.rfind("/v1/realtime/calls/rtc_", 0), 0u) << location;
    browser.applyAnswer(response.body);
    return location.substr(location.rfind('/') + 1);
  }

  ServerProcess server_;
  std::unique_ptr<HttpClient> http_;
};

TEST_F(EngineRealtime, AnEphemeralKeyStartsACallWhoseEventsReachTheBrowserAndTheSideband) {
  FakeBrowser browser(false, 111, FakeBrowser::Microphone::silence);
  const std::string callId = call(browser, mintKey("You are a friendly interviewer."));
  ASSERT_TRUE(waitUntil([&] { return browser.channelOpen(); }, 10s));
  ASSERT_TRUE(waitUntil([&] { return !browser.messages().empty(); }, 10s));
  auto first = json::parse(browser.messages().front());
  EXPECT_EQ(first["type"], "session.created");
  EXPECT_EQ(first["session"]["instructions"], "You are a friendly interviewer.");

  // The sideband: same events, and it can act on the call.
  WebSocketClient sideband;
  auto upgrade = sideband.connect("127.0.0.1", server_.port(), "/v1/realtime?call_id=" + callId, serverKey());
  ASSERT_TRUE(upgrade) << upgrade.response.status << " " << upgrade.response.body;
  auto created = sideband.receive(5s);
  ASSERT_TRUE(created);
  EXPECT_EQ(json::parse(*created)["type"], "session.created");
  sideband.send(
      json{{"type", "session.update"}, {"session", {{"type", "realtime"}, {"instructions", "Changed."}}}}
          .dump());
  bool updated = false;
  for (int i = 0; i < 50 && !updated; ++i) {
    auto message = sideband.receive(5s);
    ASSERT_TRUE(message);
    auto event = json::parse(*message);
    updated = event["type"] == "session.updated" && event["session"]["instructions"] == "Changed.";
  }
  EXPECT_TRUE(updated);
  EXPECT_TRUE(waitUntil(
      [&] {
        for (const auto& text : browser.messages()) {
          if (json::parse(text)["type"] == "session.updated") return true;
        }
        return false;
      },
      5s));

  // The interviewer speaks: real audio reaches the browser.
  EXPECT_TRUE(waitUntil([&] { return browser.loudSamples() > 24000; }, 15s));

  // Hangup ends the call; the sideband is closed normally; the call is gone.
  auto hangup = http_->request("POST", "/v1/realtime/calls/" + callId + "/hangup", "", serverKey());
  EXPECT_EQ(hangup.status, 200) << hangup.body;
  while (sideband.receive(5s)) {
  }
  EXPECT_EQ(sideband.closeCode().value_or(0), 1000);
  auto again = http_->request("POST", "/v1/realtime/calls/" + callId + "/hangup", "", serverKey());
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(again.json()["error"]["type"], "invalid_request_error");
}

TEST_F(EngineRealtime, TheServerKeyStartsACallWithAMultipartSession) {
  FakeBrowser browser(false, 111, FakeBrowser::Microphone::silence);
  const std::string boundary = "----irtc-test-boundary";
  // Parts without their own Content-Type, as some clients send them.
  std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"sdp\"\r\n\r\n" +
                     browser.createOffer() + "\r\n--" + boundary +
                     "\r\nContent-Disposition: form-data; name=\"session\"\r\n\r\n" +
                     json{{"type", "realtime"}, {"instructions", "Multipart instructions."}}.dump() +
                     "\r\n--" + boundary + "--\r\n";
  auto headers = serverKey();
  headers["Content-Type"] = "multipart/form-data; boundary=" + boundary;
  auto response = http_->request("POST", "/v1/realtime/calls", body, headers);
  ASSERT_EQ(response.status, 201) << response.body;
  browser.applyAnswer(response.body);
  ASSERT_TRUE(waitUntil([&] { return !browser.messages().empty(); }, 10s));
  EXPECT_EQ(json::parse(browser.messages().front())["session"]["instructions"], "Multipart instructions.");
  EXPECT_NE(server_.logs().find("call connected"), std::string::npos);
}

TEST_F(EngineRealtime, BadOffersAndKeysAreRefusedInOpenAIsShape) {
  const std::string key = mintKey("Hello.");
  auto garbage = http_->request("POST", "/v1/realtime/calls", "v=0\r\nthis is not an offer\r\n",
                                {{"Content-Type", "application/sdp"}, {"Authorization", "Bearer " + key}});
  EXPECT_EQ(garbage.status, 400) << garbage.body;
  EXPECT_EQ(garbage.json()["error"]["type"], "invalid_request_error");
  EXPECT_FALSE(garbage.json()["error"]["message"].get<std::string>().empty());

  FakeBrowser browser(false, 111, FakeBrowser::Microphone::silence);
  auto forged =
      http_->request("POST", "/v1/realtime/calls", browser.createOffer(),
                     {{"Content-Type", "application/sdp"}, {"Authorization", "Bearer ek_forged.key"}});
  EXPECT_EQ(forged.status, 401);
  EXPECT_EQ(forged.body.find("ek_forged"), std::string::npos);  // keys are never echoed

  // The engine keeps serving after all that.
  EXPECT_EQ(http_->get("/healthz").status, 200);
}

TEST_F(EngineRealtime, SigtermEndsLiveCallsAndClosesTheirSidebands) {
  FakeBrowser browser(false, 111, FakeBrowser::Microphone::silence);
  const std::string callId = call(browser, mintKey("Hello."));
  ASSERT_TRUE(waitUntil([&] { return browser.channelOpen(); }, 10s));
  WebSocketClient sideband;
  ASSERT_TRUE(sideband.connect("127.0.0.1", server_.port(), "/v1/realtime?call_id=" + callId, serverKey()));
  EXPECT_EQ(server_.terminate(20s), 0);
  while (sideband.receive(2s)) {
  }
  EXPECT_EQ(sideband.closeCode().value_or(0), 1000);
  EXPECT_NE(server_.logs().find("\"reason\":\"shutdown\""), std::string::npos);
}

}  // namespace
}  // namespace irtc::test
