// Client event parsing: every accepted event and every way an event is refused.
#include "engine/realtime/client_events.hpp"

#include <gtest/gtest.h>

#include "engine/realtime/limits.hpp"
#include "engine/realtime/server_events.hpp"

namespace irtc::engine::realtime {
namespace {

using nlohmann::json;

template <class T>
T accept(const std::string& text) {
  auto parsed = parseClientEvent(text);
  if (auto* e = std::get_if<EventError>(&parsed)) {
    ADD_FAILURE() << "refused: " << e->code << " " << e->message;
    return T{};
  }
  const auto& event = std::get<ClientEvent>(parsed);
  if (!std::holds_alternative<T>(event.body)) {
    ADD_FAILURE() << "parsed as another event type";
    return T{};
  }
  return std::get<T>(event.body);
}

EventError refuse(const std::string& text) {
  auto parsed = parseClientEvent(text);
  if (!std::holds_alternative<EventError>(parsed)) {
    ADD_FAILURE() << "accepted: " << text.substr(0, 200);
    return {};
  }
  return std::get<EventError>(parsed);
}

void expectError(const std::string& text, const std::string& code, const std::optional<std::string>& param) {
  auto e = refuse(text);
  EXPECT_EQ(e.type, "invalid_request_error") << text;
  EXPECT_EQ(e.code, code) << text << " → " << e.message;
  EXPECT_EQ(e.param, param) << text << " → " << e.message;
  EXPECT_FALSE(e.message.empty());
  EXPECT_NO_THROW(events::error(e).dump());  // always sendable
}

TEST(ClientEvents, SessionUpdateGaShape) {
  auto u = accept<SessionUpdate>(R"({"type":"session.update","event_id":"c1","session":{"type":"realtime",
    "instructions":"Ask about Rust.","audio":{"output":{"voice":"cedar"},"input":{"turn_detection":
    {"type":"server_vad","threshold":0.7,"prefix_padding_ms":200,"silence_duration_ms":800},
    "transcription":null}}}})");
  EXPECT_EQ(u.patch.instructions, "Ask about Rust.");
  EXPECT_EQ(u.patch.voice, "cedar");
  ASSERT_TRUE(u.patch.turnDetection);
  EXPECT_DOUBLE_EQ(*u.patch.turnDetection->threshold, 0.7);
  ASSERT_TRUE(u.patch.transcription);
  EXPECT_TRUE(u.patch.transcription->disable);

  auto c = applySessionPatch({}, u.patch);
  EXPECT_EQ(c.voice, "cedar");
  EXPECT_FALSE(c.transcriptionEnabled);
  ASSERT_TRUE(c.turnDetection);
  EXPECT_EQ(c.turnDetection->prefixPaddingMs, 200);
  EXPECT_EQ(c.turnDetection->silenceDurationMs, 800);
}

TEST(ClientEvents, SessionUpdateBetaFlatFields) {
  auto u = accept<SessionUpdate>(R"({"type":"session.update","session":{"voice":"alloy",
    "modalities":["text","audio"],"turn_detection":null,"input_audio_transcription":{"model":"whisper-1"},
    "input_audio_format":"pcm16"}})");
  auto c = applySessionPatch({}, u.patch);
  EXPECT_EQ(c.voice, "alloy");
  EXPECT_FALSE(c.turnDetection);
  EXPECT_TRUE(c.transcriptionEnabled);
}

TEST(ClientEvents, SessionUpdateIgnoresUnknownFieldsOfRicherClients) {
  accept<SessionUpdate>(R"({"type":"session.update","session":{"type":"realtime","model":"gpt-realtime",
    "output_modalities":["audio"],"tools":[],"tool_choice":"auto","tracing":null,"prompt":null,
    "audio":{"input":{"format":{"type":"audio/pcm","rate":24000},"noise_reduction":{"type":"near_field"},
    "turn_detection":{"type":"semantic_vad","eagerness":"auto"}}}}})");
}

TEST(ClientEvents, OtherEvents) {
  EXPECT_FALSE(accept<ResponseCreate>(R"({"type":"response.create"})").instructions);
  EXPECT_EQ(accept<ResponseCreate>(R"({"type":"response.create","response":{"instructions":"Say hi."}})")
                .instructions,
            "Say hi.");
  EXPECT_FALSE(accept<ResponseCancel>(R"({"type":"response.cancel"})").responseId);
  EXPECT_EQ(accept<ResponseCancel>(R"({"type":"response.cancel","response_id":"resp_1"})").responseId,
            "resp_1");
  accept<OutputAudioBufferClear>(R"({"type":"output_audio_buffer.clear"})");
  accept<InputAudioBufferClear>(R"({"type":"input_audio_buffer.clear"})");
  accept<InputAudioBufferCommit>(R"({"type":"input_audio_buffer.commit"})");
  auto t = accept<ConversationItemTruncate>(
      R"({"type":"conversation.item.truncate","item_id":"item_a","content_index":0,"audio_end_ms":1500})");
  EXPECT_EQ(t.itemId, "item_a");
  EXPECT_EQ(t.audioEndMs, 1500);
}

TEST(ClientEvents, TypedCandidateTurn) {
  auto item =
      accept<ConversationItemCreate>(R"({"type":"conversation.item.create","previous_item_id":"item_p",
    "item":{"id":"item_typed1","type":"message","role":"user","content":[
    {"type":"input_text","text":"I built"},
    {"type":"input_text","text":"a compiler."}]}})");
  EXPECT_EQ(item.role, "user");
  EXPECT_EQ(item.text, "I built a compiler.");
  EXPECT_EQ(item.itemId, "item_typed1");
  EXPECT_EQ(item.previousItemId, "item_p");
  auto minimal = accept<ConversationItemCreate>(
      R"({"type":"conversation.item.create",
          "item":{"role":"user","content":[{"type":"input_text","text":"hi"}]}})");
  EXPECT_FALSE(minimal.itemId);
}

TEST(ClientEvents, EventIdIsKeptAndEchoedInErrors) {
  auto parsed = parseClientEvent(R"({"type":"response.cancel","event_id":"evt_9"})");
  EXPECT_EQ(std::get<ClientEvent>(parsed).eventId, "evt_9");
  auto e = refuse(R"({"type":"nope","event_id":"evt_10"})");
  EXPECT_EQ(e.eventId, "evt_10");
  EXPECT_EQ(events::error(e)["error"]["event_id"], "evt_10");
}

TEST(ClientEvents, MalformedJson) {
  expectError("", "invalid_json", std::nullopt);
  expectError("{", "invalid_json", std::nullopt);
  expectError("not json", "invalid_json", std::nullopt);
  expectError("[1,2]", "invalid_json", std::nullopt);
  expectError("\"session.update\"", "invalid_json", std::nullopt);
  expectError(R"({"type":"response.create"} trailing)", "invalid_json", std::nullopt);
  expectError(std::string(100000, '[') + std::string(100000, ']'), "invalid_json", std::nullopt);
  expectError("{\"type\":\"response.create\",\"x\":\"\xFF\"}", "invalid_json", std::nullopt);  // bad UTF-8
}

TEST(ClientEvents, TypeErrors) {
  expectError(R"({})", "missing_required_parameter", "type");
  expectError(R"({"type":42})", "invalid_type", "type");
  expectError(R"({"type":"session.create"})", "unknown_event", "type");
  expectError(R"({"type":"response.audio_transcript.done"})", "unknown_event", "type");
  expectError(R"({"type":"input_audio_buffer.append","audio":"AAAA"})", "unsupported_event", "type");
  expectError(R"({"type":"conversation.item.delete","item_id":"x"})", "unsupported_event", "type");
  expectError(R"({"type":"response.cancel","event_id":7})", "invalid_type", "event_id");
  expectError(R"({"type":"response.cancel","event_id":"has space"})", "invalid_value", "event_id");
}

TEST(ClientEvents, OversizeEvent) {
  std::string big =
      R"({"type":"response.create","pad":")" + std::string(limits::kMaxClientEventBytes, 'x') + "\"}";
  expectError(big, "event_too_large", std::nullopt);
}

TEST(ClientEvents, SessionUpdateErrors) {
  auto wrap = [](const std::string& session) {
    return R"({"type":"session.update","session":)" + session + "}";
  };
  expectError(R"({"type":"session.update"})", "missing_required_parameter", "session");
  expectError(wrap("[]"), "invalid_type", "session");
  expectError(wrap(R"({"type":"transcription"})"), "invalid_value", "session.type");
  expectError(wrap(R"({"instructions":5})"), "invalid_type", "session.instructions");
  expectError(wrap(R"({"instructions":")" + std::string(limits::kMaxInstructionsBytes + 1, 'a') + "\"}"),
              "string_above_max_length", "session.instructions");
  expectError(wrap(R"({"audio":{"output":{"voice":"a b"}}})"), "invalid_value", "session.audio.output.voice");
  expectError(wrap(R"({"audio":{"output":{"voice":""}}})"), "invalid_value", "session.audio.output.voice");
  expectError(wrap(R"({"audio":{"output":{"voice":{"id":"voice_1"}}}})"), "invalid_value",
              "session.audio.output.voice");
  expectError(wrap(R"({"voice":7})"), "invalid_type", "session.voice");
  expectError(wrap(R"({"audio":{"output":{"speed":3}}})"), "invalid_value", "session.audio.output.speed");
  expectError(wrap(R"({"audio":"x"})"), "invalid_type", "session.audio");
  expectError(wrap(R"({"audio":{"input":[]}})"), "invalid_type", "session.audio.input");
  expectError(wrap(R"({"audio":{"input":{"format":{"type":"audio/mp3"}}}})"), "invalid_value",
              "session.audio.input.format.type");
  expectError(wrap(R"({"output_modalities":["text"]})"), "invalid_value", "session.output_modalities");
  expectError(wrap(R"({"output_modalities":"audio"})"), "invalid_type", "session.output_modalities");
  expectError(wrap(R"({"modalities":["audio","video"]})"), "invalid_value", "session.modalities");
  const std::string td = "session.audio.input.turn_detection";
  auto vad = [&](const std::string& body) {
    return wrap(R"({"audio":{"input":{"turn_detection":)" + body + "}}}");
  };
  expectError(vad(R"("server_vad")"), "invalid_type", td);
  expectError(vad(R"({"type":"push_to_talk"})"), "invalid_value", td + ".type");
  expectError(vad(R"({"threshold":1.5})"), "invalid_value", td + ".threshold");
  expectError(vad(R"({"threshold":-0.1})"), "invalid_value", td + ".threshold");
  expectError(vad(R"({"threshold":"high"})"), "invalid_type", td + ".threshold");
  expectError(vad(R"({"prefix_padding_ms":-1})"), "invalid_value", td + ".prefix_padding_ms");
  expectError(vad(R"({"prefix_padding_ms":2.5})"), "invalid_type", td + ".prefix_padding_ms");
  expectError(vad(R"({"silence_duration_ms":99999999999})"), "invalid_value", td + ".silence_duration_ms");
  expectError(vad(R"({"idle_timeout_ms":100})"), "invalid_value", td + ".idle_timeout_ms");
  expectError(vad(R"({"create_response":"yes"})"), "invalid_type", td + ".create_response");
  expectError(vad(R"({"type":"semantic_vad","eagerness":"eager"})"), "invalid_value", td + ".eagerness");
  expectError(wrap(R"({"turn_detection":{"threshold":2}})"), "invalid_value",
              "session.turn_detection.threshold");
  expectError(wrap(R"({"audio":{"input":{"transcription":true}}})"), "invalid_type",
              "session.audio.input.transcription");
  expectError(wrap(R"({"audio":{"input":{"transcription":{"model":1}}}})"), "invalid_type",
              "session.audio.input.transcription.model");
  expectError(wrap(R"({"input_audio_transcription":"on"})"), "invalid_type",
              "session.input_audio_transcription");
}

TEST(ClientEvents, ResponseCreateErrors) {
  expectError(R"({"type":"response.create","response":"now"})", "invalid_type", "response");
  expectError(R"({"type":"response.create","response":{"instructions":[]}})", "invalid_type",
              "response.instructions");
  expectError(R"({"type":"response.create","response":{"output_modalities":["text"]}})", "invalid_value",
              "response.output_modalities");
  expectError(R"({"type":"response.cancel","response_id":5})", "invalid_type", "response_id");
}

TEST(ClientEvents, ConversationItemCreateErrors) {
  auto wrap = [](const std::string& item) {
    return R"({"type":"conversation.item.create","item":)" + item + "}";
  };
  expectError(R"({"type":"conversation.item.create"})", "missing_required_parameter", "item");
  expectError(wrap("5"), "invalid_type", "item");
  expectError(wrap(R"({"type":"function_call_output","output":"{}"})"), "invalid_value", "item.type");
  expectError(wrap(R"({"content":[{"type":"input_text","text":"x"}]})"), "missing_required_parameter",
              "item.role");
  expectError(wrap(R"({"role":"tool","content":[{"type":"input_text","text":"x"}]})"), "invalid_value",
              "item.role");
  expectError(wrap(R"({"role":"user"})"), "missing_required_parameter", "item.content");
  expectError(wrap(R"({"role":"user","content":[]})"), "invalid_type", "item.content");
  expectError(wrap(R"({"role":"user","content":"hi"})"), "invalid_type", "item.content");
  expectError(wrap(R"({"role":"user","content":[5]})"), "invalid_type", "item.content[0]");
  expectError(wrap(R"({"role":"user","content":[{"type":"input_audio","audio":"AAAA"}]})"), "invalid_value",
              "item.content[0].type");
  expectError(wrap(R"({"role":"user","content":[{"type":"input_text"}]})"), "missing_required_parameter",
              "item.content[0].text");
  expectError(wrap(R"({"role":"user","content":[{"type":"input_text","text":")" +
                   std::string(limits::kMaxItemTextBytes + 1, 'a') + "\"}]}"),
              "string_above_max_length", "item.content[0].text");
  expectError(wrap(R"({"id":")" + std::string(100, 'a') + R"(","role":"user","content":[]})"),
              "string_above_max_length", "item.id");
  expectError(R"({"type":"conversation.item.create","previous_item_id":"a\nb","item":{}})", "invalid_value",
              "previous_item_id");
}

TEST(ClientEvents, TruncateErrors) {
  expectError(R"({"type":"conversation.item.truncate","audio_end_ms":5})", "missing_required_parameter",
              "item_id");
  expectError(R"({"type":"conversation.item.truncate","item_id":"i"})", "missing_required_parameter",
              "audio_end_ms");
  expectError(R"({"type":"conversation.item.truncate","item_id":"i","audio_end_ms":-5})", "invalid_value",
              "audio_end_ms");
}

}  // namespace
}  // namespace irtc::engine::realtime
