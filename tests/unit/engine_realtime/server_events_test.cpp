// Structural checks of every server event against OpenAI's GA shapes: each field a client reads
// must be present with the right type.
#include "engine/realtime/server_events.hpp"

#include <gtest/gtest.h>

#include <set>

#include "engine/realtime/session_config.hpp"

namespace irtc::engine::realtime {
namespace {

using nlohmann::json;

void expectEnvelope(const json& e, const std::string& type) {
  ASSERT_TRUE(e.is_object());
  EXPECT_EQ(e.at("type"), type);
  ASSERT_TRUE(e.at("event_id").is_string());
  EXPECT_EQ(e["event_id"].get<std::string>().rfind("event_", 0), 0u);
}

MessageItem assistantItem() {
  return {"item_a", "assistant", "completed", {{ContentPart::Type::OutputAudio, "Hello Ada."}}};
}

TEST(ServerEvents, EventIdsAreFreshAndShaped) {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.insert(events::inputAudioBufferCleared()["event_id"].get<std::string>());
  EXPECT_EQ(ids.size(), 100u);
  for (const auto& id : ids) {
    EXPECT_EQ(id.size(), 6u + 22u);
    EXPECT_EQ(id.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 6),
              std::string::npos);
  }
}

TEST(ServerEvents, SessionCreatedAndUpdatedCarryTheGaSessionObject) {
  SessionConfig c;
  c.instructions = "Be kind.";
  auto session = toSessionObject(c, "sess_1", 1756324625);
  for (const auto& [e, type] : {std::pair{events::sessionCreated(session), "session.created"},
                                std::pair{events::sessionUpdated(session), "session.updated"}}) {
    expectEnvelope(e, type);
    const auto& s = e.at("session");
    EXPECT_EQ(s.at("type"), "realtime");
    EXPECT_EQ(s.at("object"), "realtime.session");
    EXPECT_EQ(s.at("id"), "sess_1");
    EXPECT_EQ(s.at("model"), "gpt-realtime");
    EXPECT_EQ(s.at("output_modalities"), json::array({"audio"}));
    EXPECT_EQ(s.at("instructions"), "Be kind.");
    EXPECT_EQ(s.at("expires_at"), 1756324625);
    const auto& in = s.at("audio").at("input");
    EXPECT_EQ(in.at("format"), (json{{"type", "audio/pcm"}, {"rate", 24000}}));
    EXPECT_EQ(in.at("transcription").at("model"), "whisper-1");
    const auto& td = in.at("turn_detection");
    EXPECT_EQ(td.at("type"), "server_vad");
    EXPECT_DOUBLE_EQ(td.at("threshold").get<double>(), 0.5);
    EXPECT_EQ(td.at("prefix_padding_ms"), 300);
    EXPECT_EQ(td.at("silence_duration_ms"), 500);
    EXPECT_EQ(td.at("create_response"), true);
    EXPECT_EQ(td.at("interrupt_response"), true);
    const auto& out = s.at("audio").at("output");
    EXPECT_EQ(out.at("format").at("type"), "audio/pcm");
    EXPECT_EQ(out.at("voice"), "marin");
    EXPECT_DOUBLE_EQ(out.at("speed").get<double>(), 1.0);
  }
}

TEST(ServerEvents, InputAudioBufferEvents) {
  auto started = events::speechStarted(1200, "item_u");
  expectEnvelope(started, "input_audio_buffer.speech_started");
  EXPECT_EQ(started.at("audio_start_ms"), 1200);
  EXPECT_EQ(started.at("item_id"), "item_u");

  auto stopped = events::speechStopped(4800, "item_u");
  expectEnvelope(stopped, "input_audio_buffer.speech_stopped");
  EXPECT_EQ(stopped.at("audio_end_ms"), 4800);
  EXPECT_EQ(stopped.at("item_id"), "item_u");

  auto committed = events::inputAudioBufferCommitted(std::nullopt, "item_u");
  expectEnvelope(committed, "input_audio_buffer.committed");
  EXPECT_TRUE(committed.at("previous_item_id").is_null());
  EXPECT_EQ(committed.at("item_id"), "item_u");
  EXPECT_EQ(events::inputAudioBufferCommitted("item_p", "item_u").at("previous_item_id"), "item_p");

  expectEnvelope(events::inputAudioBufferCleared(), "input_audio_buffer.cleared");
}

TEST(ServerEvents, ConversationItemAddedAndDone) {
  MessageItem user{"item_u", "user", "in_progress", {{ContentPart::Type::InputAudio, std::nullopt}}};
  auto added = events::conversationItemAdded("item_p", user);
  expectEnvelope(added, "conversation.item.added");
  EXPECT_EQ(added.at("previous_item_id"), "item_p");
  const auto& item = added.at("item");
  EXPECT_EQ(item.at("id"), "item_u");
  EXPECT_EQ(item.at("object"), "realtime.item");
  EXPECT_EQ(item.at("type"), "message");
  EXPECT_EQ(item.at("role"), "user");
  EXPECT_EQ(item.at("status"), "in_progress");
  EXPECT_EQ(item.at("content"), json::parse(R"([{"type":"input_audio","transcript":null}])"));

  user.status = "completed";
  user.content[0].text = "I like queues.";
  auto done = events::conversationItemDone(std::nullopt, user);
  expectEnvelope(done, "conversation.item.done");
  EXPECT_TRUE(done.at("previous_item_id").is_null());
  EXPECT_EQ(done.at("item").at("content")[0].at("transcript"), "I like queues.");

  MessageItem typed{"item_t", "user", "completed", {{ContentPart::Type::InputText, "typed"}}};
  EXPECT_EQ(itemJson(typed).at("content")[0], (json{{"type", "input_text"}, {"text", "typed"}}));
  EXPECT_EQ(contentPartJson({ContentPart::Type::OutputText, "t"}),
            (json{{"type", "output_text"}, {"text", "t"}}));
}

TEST(ServerEvents, TranscriptionCompletedAndFailed) {
  auto done =
      events::transcriptionCompleted("item_u", 0, "hello there", events::transcriptionDurationUsage(2500));
  expectEnvelope(done, "conversation.item.input_audio_transcription.completed");
  EXPECT_EQ(done.at("item_id"), "item_u");
  EXPECT_EQ(done.at("content_index"), 0);
  EXPECT_EQ(done.at("transcript"), "hello there");
  EXPECT_EQ(done.at("usage").at("type"), "duration");
  EXPECT_DOUBLE_EQ(done.at("usage").at("seconds").get<double>(), 2.5);
  EXPECT_FALSE(events::transcriptionCompleted("item_u", 0, "x").contains("usage"));

  EventError err{"server_error", "transcription_failed", "recogniser unavailable", std::nullopt,
                 std::nullopt};
  auto failed = events::transcriptionFailed("item_u", 0, err);
  expectEnvelope(failed, "conversation.item.input_audio_transcription.failed");
  EXPECT_EQ(failed.at("item_id"), "item_u");
  EXPECT_EQ(failed.at("content_index"), 0);
  EXPECT_EQ(failed.at("error").at("type"), "server_error");
  EXPECT_EQ(failed.at("error").at("code"), "transcription_failed");
  EXPECT_EQ(failed.at("error").at("message"), "recogniser unavailable");
  EXPECT_TRUE(failed.at("error").at("param").is_null());
}

TEST(ServerEvents, ResponseCreated) {
  auto e = events::responseCreated({"resp_1", "conv_1", "cedar"});
  expectEnvelope(e, "response.created");
  const auto& r = e.at("response");
  EXPECT_EQ(r.at("id"), "resp_1");
  EXPECT_EQ(r.at("object"), "realtime.response");
  EXPECT_EQ(r.at("status"), "in_progress");
  EXPECT_TRUE(r.at("status_details").is_null());
  EXPECT_EQ(r.at("output"), json::array());
  EXPECT_EQ(r.at("conversation_id"), "conv_1");
  EXPECT_EQ(r.at("output_modalities"), json::array({"audio"}));
  EXPECT_EQ(r.at("audio").at("output").at("voice"), "cedar");
  EXPECT_TRUE(r.at("usage").is_null());
}

TEST(ServerEvents, OutputItemsContentPartsAndTranscripts) {
  auto item = assistantItem();
  auto added = events::outputItemAdded("resp_1", 0, item);
  expectEnvelope(added, "response.output_item.added");
  EXPECT_EQ(added.at("response_id"), "resp_1");
  EXPECT_EQ(added.at("output_index"), 0);
  EXPECT_EQ(added.at("item").at("id"), "item_a");
  expectEnvelope(events::outputItemDone("resp_1", 0, item), "response.output_item.done");

  auto part =
      events::contentPartAdded("resp_1", "item_a", 0, 0, {ContentPart::Type::OutputAudio, std::nullopt});
  expectEnvelope(part, "response.content_part.added");
  EXPECT_EQ(part.at("part"), json::parse(R"({"type":"output_audio","transcript":null})"));
  EXPECT_EQ(part.at("item_id"), "item_a");
  expectEnvelope(events::contentPartDone("resp_1", "item_a", 0, 0, item.content[0]),
                 "response.content_part.done");

  auto delta = events::outputAudioTranscriptDelta("resp_1", "item_a", 0, 0, "Hel");
  expectEnvelope(delta, "response.output_audio_transcript.delta");
  for (const char* k : {"response_id", "item_id", "output_index", "content_index", "delta"}) {
    EXPECT_TRUE(delta.contains(k)) << k;
  }
  EXPECT_EQ(delta.at("delta"), "Hel");
  auto done = events::outputAudioTranscriptDone("resp_1", "item_a", 0, 0, "Hello Ada.");
  expectEnvelope(done, "response.output_audio_transcript.done");
  EXPECT_EQ(done.at("transcript"), "Hello Ada.");
  EXPECT_EQ(done.at("response_id"), "resp_1");
  EXPECT_EQ(done.at("output_index"), 0);
  EXPECT_EQ(done.at("content_index"), 0);
}

TEST(ServerEvents, OutputAudioBufferEvents) {
  for (const auto& [e, type] :
       {std::pair{events::outputAudioBufferStarted("resp_1"), "output_audio_buffer.started"},
        std::pair{events::outputAudioBufferStopped("resp_1"), "output_audio_buffer.stopped"},
        std::pair{events::outputAudioBufferCleared("resp_1"), "output_audio_buffer.cleared"}}) {
    expectEnvelope(e, type);
    EXPECT_EQ(e.at("response_id"), "resp_1");
  }
}

TEST(ServerEvents, ResponseDoneCompletedWithUsage) {
  Usage u = computeUsage({100, 3000, 0, 5, 2000});
  auto e = events::responseDone({"resp_1", "conv_1", "marin"}, {}, {assistantItem()}, u);
  expectEnvelope(e, "response.done");
  const auto& r = e.at("response");
  EXPECT_EQ(r.at("status"), "completed");
  EXPECT_TRUE(r.at("status_details").is_null());
  ASSERT_EQ(r.at("output").size(), 1u);
  EXPECT_EQ(r.at("output")[0].at("content")[0].at("transcript"), "Hello Ada.");
  const auto& usage = r.at("usage");
  EXPECT_EQ(usage.at("input_tokens"), 130);
  EXPECT_EQ(usage.at("output_tokens"), 45);
  EXPECT_EQ(usage.at("total_tokens"), 175);
  EXPECT_EQ(usage.at("input_token_details").at("text_tokens"), 100);
  EXPECT_EQ(usage.at("input_token_details").at("audio_tokens"), 30);
  EXPECT_EQ(usage.at("input_token_details").at("cached_tokens"), 0);
  EXPECT_EQ(usage.at("output_token_details").at("text_tokens"), 5);
  EXPECT_EQ(usage.at("output_token_details").at("audio_tokens"), 40);
}

TEST(ServerEvents, ResponseDoneStatusDetails) {
  ResponseInfo info{"resp_1", "conv_1", "marin"};
  auto cancelled = events::responseDone(info, {ResponseStatus::Cancelled, "turn_detected", "", ""}, {}, {});
  EXPECT_EQ(cancelled["response"]["status"], "cancelled");
  EXPECT_EQ(cancelled["response"]["status_details"],
            (json{{"type", "cancelled"}, {"reason", "turn_detected"}}));

  auto client = events::responseDone(info, {ResponseStatus::Cancelled, "client_cancelled", "", ""}, {}, {});
  EXPECT_EQ(client["response"]["status_details"]["reason"], "client_cancelled");

  auto failed =
      events::responseDone(info, {ResponseStatus::Failed, "", "server_error", "tts_failed"}, {}, {});
  EXPECT_EQ(failed["response"]["status"], "failed");
  EXPECT_EQ(failed["response"]["status_details"],
            json::parse(R"({"type":"failed","error":{"type":"server_error","code":"tts_failed"}})"));

  auto incomplete =
      events::responseDone(info, {ResponseStatus::Incomplete, "max_output_tokens", "", ""}, {}, {});
  EXPECT_EQ(incomplete["response"]["status_details"]["type"], "incomplete");
  EXPECT_EQ(incomplete["response"]["usage"]["total_tokens"], 0);
}

TEST(ServerEvents, ErrorEvent) {
  EventError err{"invalid_request_error", "invalid_value", "bad", "session.voice", "evt_client_1"};
  auto e = events::error(err);
  expectEnvelope(e, "error");
  EXPECT_EQ(e.at("error"), json::parse(R"({"type":"invalid_request_error","code":"invalid_value",
      "message":"bad","param":"session.voice","event_id":"evt_client_1"})"));
  auto bare = events::error({"invalid_request_error", "invalid_json", "x", std::nullopt, std::nullopt});
  EXPECT_TRUE(bare["error"]["param"].is_null());
  EXPECT_TRUE(bare["error"]["event_id"].is_null());
}

TEST(ServerEvents, HttpErrorBodyHasOpenAiShape) {
  auto body = httpErrorBody({"invalid_request_error", "invalid_value", "m", "session.voice", std::nullopt});
  EXPECT_EQ(body,
            json::parse(R"({"error":{"message":"m","type":"invalid_request_error","code":"invalid_value",
      "param":"session.voice"}})"));
}

TEST(ServerEvents, QuoteForMessageIsBoundedAndAscii) {
  EXPECT_EQ(quoteForMessage("foo"), "'foo'");
  EXPECT_EQ(quoteForMessage("a\nb\xC3\xA9"),
            "'a?b?"
            "?'");  // split: "??'" is a trigraph
  auto long_ = quoteForMessage(std::string(1000, 'x'));
  EXPECT_LT(long_.size(), 80u);
  EXPECT_NO_THROW(json(long_).dump());
}

}  // namespace
}  // namespace irtc::engine::realtime
