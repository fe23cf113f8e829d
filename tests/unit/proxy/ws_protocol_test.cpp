#include "proxy/ws_protocol.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace irtc::proxy {
namespace {

using nlohmann::json;

std::string problemOf(std::string_view text) {
  auto parsed = parseClientMessage(text);
  return std::holds_alternative<ProtocolError>(parsed) ? std::get<ProtocolError>(parsed).message : "";
}

TEST(WsProtocol, ParsesEveryClientMessage) {
  auto offer = parseClientMessage(R"({"type":"offer","sdp":"v=0\r\n"})");
  ASSERT_TRUE(std::holds_alternative<ClientMessage>(offer));
  EXPECT_EQ(std::get<client::Offer>(std::get<ClientMessage>(offer)).sdp, "v=0\r\n");
  EXPECT_TRUE(
      std::holds_alternative<client::End>(std::get<ClientMessage>(parseClientMessage(R"({"type":"end"})"))));
  EXPECT_TRUE(std::holds_alternative<client::Ping>(
      std::get<ClientMessage>(parseClientMessage(R"({"type":"ping"})"))));
  auto stats = parseClientMessage(
      R"({"type":"stats","stats":{"jitterMs":3.5,"packetsLost":2,"packetsReceived":900,"roundTripTimeMs":12,"concealedSamples":480,"audioLevel":0.2}})");
  const auto& s = std::get<client::Stats>(std::get<ClientMessage>(stats));
  EXPECT_DOUBLE_EQ(*s.jitterMs, 3.5);
  EXPECT_EQ(*s.packetsLost, 2);
  EXPECT_EQ(*s.packetsReceived, 900);
  EXPECT_DOUBLE_EQ(*s.roundTripTimeMs, 12);
  EXPECT_EQ(*s.concealedSamples, 480);
  EXPECT_DOUBLE_EQ(*s.audioLevel, 0.2);
  auto partial = parseClientMessage(R"({"type":"stats","stats":{"jitterMs":1}})");
  EXPECT_FALSE(std::get<client::Stats>(std::get<ClientMessage>(partial)).packetsLost);
}

TEST(WsProtocol, RefusesMalformedMessagesWithAReason) {
  EXPECT_EQ(problemOf("{"), "the message is not valid JSON");
  EXPECT_EQ(problemOf("[]"), "the message must be a JSON object");
  EXPECT_EQ(problemOf(R"({"sdp":"x"})"), "'type' must be a string");
  EXPECT_EQ(problemOf(R"({"type":"offer"})"), "'sdp' must be a string");
  EXPECT_EQ(problemOf(R"({"type":"offer","sdp":5})"), "'sdp' must be a string");
  EXPECT_EQ(problemOf(R"({"type":"stats","stats":{"jitterMs":"high"}})"),
            "'stats.jitterMs' must be a number");
  EXPECT_EQ(problemOf(R"({"type":"stats"})"), "'stats' must be an object");
  // Unknown types are named, but never echoed at length.
  const std::string longType(1000, 'x');
  auto message = problemOf(R"({"type":")" + longType + R"("})");
  EXPECT_EQ(message.rfind("unknown message type 'xxx", 0), 0u);
  EXPECT_LT(message.size(), 120u);
}

TEST(WsProtocol, BuildsServerMessagesInProtocolV1) {
  EXPECT_EQ(json::parse(server::sessionReady("s1")), (json{{"type", "session_ready"}, {"sessionId", "s1"}}));
  EXPECT_EQ(json::parse(server::answer("v=0", "rtc_1")),
            (json{{"type", "answer"}, {"sdp", "v=0"}, {"callId", "rtc_1"}}));
  store::TranscriptEntry entry;
  entry.itemId = "item_1";
  entry.seq = 3;
  entry.speaker = store::Speaker::Interviewer;
  entry.text = "Hello";
  entry.startMs = 10;
  entry.endMs = 20;
  EXPECT_EQ(json::parse(server::transcript(entry))["entry"], (json{{"itemId", "item_1"},
                                                                   {"seq", 3},
                                                                   {"speaker", "interviewer"},
                                                                   {"text", "Hello"},
                                                                   {"startMs", 10},
                                                                   {"endMs", 20}}));
  EXPECT_EQ(
      json::parse(server::error(ErrorCode::SdpInvalid, "no audio", false)),
      (json{{"type", "error"}, {"code", "SDP_INVALID"}, {"message", "no audio"}, {"retryable", false}}));
  EXPECT_EQ(json::parse(server::sessionEnded("completed"))["reason"], "completed");
  EXPECT_EQ(json::parse(server::pong())["type"], "pong");
}

}  // namespace
}  // namespace irtc::proxy
