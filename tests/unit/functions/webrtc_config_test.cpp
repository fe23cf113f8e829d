#include "functions/webrtc_config.hpp"

#include <gtest/gtest.h>

#include "functions/instructions.hpp"

namespace irtc::functions {
namespace {

http::Request requestFrom(const std::string& host, bool secure) {
  http::Request r;
  r.headers["host"] = host;
  r.secure = secure;
  return r;
}

TEST(SdpProxyUrl, FollowsTheRequestSchemeAndHost) {
  Config c;
  EXPECT_EQ(sdpProxyUrl(c, requestFrom("127.0.0.1:8080", false)), "ws://127.0.0.1:8080/ws");
  EXPECT_EQ(sdpProxyUrl(c, requestFrom("interviews.example.com", true)), "wss://interviews.example.com/ws");
}

TEST(SdpProxyUrl, PublicUrlAndOverrideWin) {
  Config c;
  c.publicUrl = "https://jobs.example.com/";
  EXPECT_EQ(sdpProxyUrl(c, requestFrom("10.0.0.1:8080", false)), "wss://jobs.example.com/ws");
  c.sdpProxyUrl = "wss://old-proxy.example.com/ws";
  EXPECT_EQ(sdpProxyUrl(c, requestFrom("10.0.0.1:8080", false)), "wss://old-proxy.example.com/ws");
}

TEST(IceServers, StunOnlyWithoutTurnSecret) {
  Config c;
  EXPECT_TRUE(iceServers(c, "s", 100).empty());
  c.stunUrls = {"stun:a:3478"};
  c.turnUrls = {"turn:t:3478"};
  auto servers = iceServers(c, "s", 100);
  ASSERT_EQ(servers.size(), 1u);
  EXPECT_EQ(servers[0]["urls"], nlohmann::json({"stun:a:3478"}));
}

TEST(IceServers, TurnCarriesRestApiCredentials) {
  Config c;
  c.turnUrls = {"turn:t:3478", "turns:t:5349"};
  c.turnSecret = "north";
  auto servers = iceServers(c, "6f1c2c1e-0000-4000-8000-000000000001", 1700000000);
  ASSERT_EQ(servers.size(), 1u);
  EXPECT_EQ(servers[0]["username"], "1700000000:6f1c2c1e-0000-4000-8000-000000000001");
  EXPECT_EQ(servers[0]["credential"], "CqqEepQiBb/RZbjuSnK5mC7OgaI=");
  EXPECT_EQ(servers[0]["urls"].size(), 2u);
}

TEST(Instructions, NameThePeopleAndAskQuestionsInOrder) {
  store::Position p;
  p.title = "Site Reliability Engineer";
  p.description = "Keeps things up.";
  p.questions = {"Walk me through an outage.", "How do you alert?", "What is an SLO?"};
  store::Candidate c;
  c.name = "Grace Hopper";
  auto text = buildInterviewerInstructions("Initech", p, c, 25);
  EXPECT_NE(text.find("Initech"), std::string::npos);
  EXPECT_NE(text.find("Grace Hopper"), std::string::npos);
  EXPECT_NE(text.find("\"Site Reliability Engineer\""), std::string::npos);
  EXPECT_NE(text.find("Keeps things up."), std::string::npos);
  EXPECT_NE(text.find("25 minutes"), std::string::npos);
  auto first = text.find("1. Walk me through an outage.");
  auto second = text.find("2. How do you alert?");
  auto third = text.find("3. What is an SLO?");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(third, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
}

}  // namespace
}  // namespace irtc::functions
