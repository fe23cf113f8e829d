// SessionConfig: defaults, the calls endpoint's session part, client_secrets requests, patches.
#include "engine/realtime/session_config.hpp"

#include <gtest/gtest.h>

namespace irtc::engine::realtime {
namespace {

template <class T>
T ok(const Parsed<T>& parsed) {
  if (auto* e = std::get_if<EventError>(&parsed)) {
    ADD_FAILURE() << e->code << " " << e->message;
    return T{};
  }
  return std::get<T>(parsed);
}

EventError err(const auto& parsed) {
  if (!std::holds_alternative<EventError>(parsed)) {
    ADD_FAILURE() << "accepted";
    return {};
  }
  return std::get<EventError>(parsed);
}

TEST(SessionConfig, DefaultsMatchOpenAiServerVad) {
  SessionConfig c;
  ASSERT_TRUE(c.turnDetection);
  EXPECT_EQ(c.turnDetection->type, "server_vad");
  EXPECT_DOUBLE_EQ(c.turnDetection->threshold, 0.5);
  EXPECT_EQ(c.turnDetection->prefixPaddingMs, 300);
  EXPECT_EQ(c.turnDetection->silenceDurationMs, 500);
  EXPECT_TRUE(c.turnDetection->createResponse);
  EXPECT_TRUE(c.turnDetection->interruptResponse);
  EXPECT_TRUE(c.transcriptionEnabled);
}

TEST(SessionConfig, CallSessionPartAsTheProxySendsIt) {
  SessionConfig defaults;
  defaults.voice = "verse";
  auto c = ok(parseCallSessionPart(R"({"type":"realtime","model":"gpt-realtime","instructions":"Brief",
    "audio":{"input":{"transcription":{"model":"gpt-4o-transcribe","language":"en"},
    "turn_detection":{"type":"server_vad","threshold":0.6,"prefix_padding_ms":300,"silence_duration_ms":700,
    "create_response":true,"interrupt_response":true}}}})",
                                   defaults));
  EXPECT_EQ(c.instructions, "Brief");
  EXPECT_EQ(c.voice, "verse");  // untouched fields keep the defaults given
  EXPECT_EQ(c.transcriptionModel, "gpt-4o-transcribe");
  EXPECT_EQ(c.transcriptionLanguage, "en");
  EXPECT_DOUBLE_EQ(c.turnDetection->threshold, 0.6);
  EXPECT_EQ(c.turnDetection->silenceDurationMs, 700);
}

TEST(SessionConfig, CallSessionPartErrors) {
  EXPECT_EQ(err(parseCallSessionPart("nope")).code, "invalid_json");
  EXPECT_EQ(err(parseCallSessionPart("[]")).code, "invalid_json");
  auto e = err(parseCallSessionPart(R"({"audio":{"output":{"voice":"x y"}}})"));
  EXPECT_EQ(e.code, "invalid_value");
  EXPECT_EQ(e.param, "session.audio.output.voice");
}

TEST(SessionConfig, GaFieldsWinOverBetaFields) {
  auto c = ok(parseCallSessionPart(R"({"voice":"alloy","audio":{"output":{"voice":"cedar"}}})"));
  EXPECT_EQ(c.voice, "cedar");
}

TEST(SessionConfig, TurnDetectionPatchesMergeAndNullDisables) {
  SessionConfig c;
  c = applySessionPatch(c, ok(parseSessionPatch(nlohmann::json::parse(
                               R"({"audio":{"input":{"turn_detection":{"silence_duration_ms":900}}}})"))));
  EXPECT_EQ(c.turnDetection->silenceDurationMs, 900);
  EXPECT_DOUBLE_EQ(c.turnDetection->threshold, 0.5);
  c = applySessionPatch(
      c, ok(parseSessionPatch(nlohmann::json::parse(R"({"audio":{"input":{"turn_detection":null}}})"))));
  EXPECT_FALSE(c.turnDetection);
  // Re-enabling starts from the defaults.
  c = applySessionPatch(c, ok(parseSessionPatch(nlohmann::json::parse(
                               R"({"audio":{"input":{"turn_detection":{"threshold":0.8}}}})"))));
  ASSERT_TRUE(c.turnDetection);
  EXPECT_DOUBLE_EQ(c.turnDetection->threshold, 0.8);
  EXPECT_EQ(c.turnDetection->silenceDurationMs, 500);
}

TEST(SessionConfig, TranscriptionOnOff) {
  SessionConfig c;
  c = applySessionPatch(
      c, ok(parseSessionPatch(nlohmann::json::parse(R"({"audio":{"input":{"transcription":null}}})"))));
  EXPECT_FALSE(c.transcriptionEnabled);
  EXPECT_TRUE(toSessionObject(c)["audio"]["input"]["transcription"].is_null());
  c = applySessionPatch(
      c, ok(parseSessionPatch(nlohmann::json::parse(R"({"audio":{"input":{"transcription":{}}}})"))));
  EXPECT_TRUE(c.transcriptionEnabled);
}

TEST(SessionConfig, SemanticVadIsAcceptedAndReportedAsSuch) {
  auto c = ok(parseCallSessionPart(
      R"({"audio":{"input":{"turn_detection":{"type":"semantic_vad","eagerness":"low","threshold":0.9}}}})"));
  EXPECT_EQ(c.turnDetection->type, "semantic_vad");
  EXPECT_EQ(c.turnDetection->eagerness, "low");
  EXPECT_DOUBLE_EQ(c.turnDetection->threshold,
                   0.5);  // semantic_vad has no threshold: the VAD default serves it
  auto td = toSessionObject(c)["audio"]["input"]["turn_detection"];
  EXPECT_EQ(td["type"], "semantic_vad");
  EXPECT_EQ(td["eagerness"], "low");
  EXPECT_FALSE(td.contains("threshold"));
}

TEST(SessionConfig, SessionObjectRoundTrips) {
  SessionConfig c;
  c.model = "gpt-realtime-2025-08-28";
  c.instructions = "Line one\nLine \"two\" — ünïcode";
  c.voice = "cedar";
  c.speed = 1.25;
  c.turnDetection->threshold = 0.65;
  c.turnDetection->idleTimeoutMs = 6000;
  c.turnDetection->interruptResponse = false;
  c.transcriptionModel = "gpt-4o-mini-transcribe";
  c.transcriptionLanguage = "de";
  auto object = toSessionObject(c, "sess_x", 123);
  EXPECT_EQ(object["id"], "sess_x");
  auto back = applySessionPatch({}, ok(parseSessionPatch(object)));
  EXPECT_EQ(back, c);
  EXPECT_FALSE(toSessionObject(c).contains("id"));
  EXPECT_FALSE(toSessionObject(c).contains("expires_at"));
}

TEST(SessionConfig, ClientSecretRequest) {
  auto r = ok(parseClientSecretRequest(""));
  EXPECT_EQ(r.ttlSeconds, 600);
  EXPECT_EQ(r.config, SessionConfig{});
  r = ok(parseClientSecretRequest(R"({"expires_after":{"anchor":"created_at","seconds":60},
    "session":{"type":"realtime","instructions":"Hi","audio":{"output":{"voice":"ash"}}}})"));
  EXPECT_EQ(r.ttlSeconds, 60);
  EXPECT_EQ(r.config.instructions, "Hi");
  EXPECT_EQ(r.config.voice, "ash");
}

TEST(SessionConfig, ClientSecretRequestErrors) {
  auto e = err(parseClientSecretRequest(R"({"expires_after":{"seconds":5}})"));
  EXPECT_EQ(e.code, "invalid_value");
  EXPECT_EQ(e.param, "expires_after.seconds");
  EXPECT_EQ(err(parseClientSecretRequest(R"({"expires_after":{"seconds":7201}})")).param,
            "expires_after.seconds");
  EXPECT_EQ(err(parseClientSecretRequest(R"({"expires_after":{"anchor":"now"}})")).param,
            "expires_after.anchor");
  EXPECT_EQ(err(parseClientSecretRequest(R"({"expires_after":3})")).param, "expires_after");
  EXPECT_EQ(err(parseClientSecretRequest(R"({"session":{"type":"transcription"}})")).param, "session.type");
  EXPECT_EQ(err(parseClientSecretRequest("{oops")).code, "invalid_json");
}

}  // namespace
}  // namespace irtc::engine::realtime
