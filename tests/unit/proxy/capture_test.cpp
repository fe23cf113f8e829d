#include "proxy/capture.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace irtc::proxy {
namespace {

using nlohmann::json;

std::vector<Captured> feed(TranscriptCapture& capture, const json& event, std::int64_t at = 0) {
  return capture.onEvent(event.dump(), at);
}

TEST(Capture, CandidateLinesComeFromTranscriptionWithTheirSpeechTimes) {
  TranscriptCapture capture;
  EXPECT_TRUE(
      feed(capture,
           {{"type", "input_audio_buffer.speech_started"}, {"item_id", "item_u"}, {"audio_start_ms", 1200}})
          .empty());
  EXPECT_TRUE(
      feed(capture,
           {{"type", "input_audio_buffer.speech_stopped"}, {"item_id", "item_u"}, {"audio_end_ms", 4800}})
          .empty());
  auto out = feed(capture,
                  {{"type", "conversation.item.input_audio_transcription.completed"},
                   {"item_id", "item_u"},
                   {"content_index", 0},
                   {"transcript", "I like databases"}},
                  5300);
  ASSERT_EQ(out.size(), 1u);
  const auto& line = std::get<CapturedLine>(out[0]);
  EXPECT_EQ(line.itemId, "item_u");
  EXPECT_EQ(line.speaker, store::Speaker::Candidate);
  EXPECT_EQ(line.text, "I like databases");
  EXPECT_EQ(line.startMs, 1200);
  EXPECT_EQ(line.endMs, 4800);
  EXPECT_EQ(capture.pendingItems(), 0u);
}

TEST(Capture, InterviewerLinesComeFromGaAndBetaTranscriptDone) {
  TranscriptCapture capture;
  feed(capture, {{"type", "response.output_item.added"}, {"item", {{"id", "item_a"}}}}, 100);
  auto ga = feed(capture,
                 {{"type", "response.output_audio_transcript.done"},
                  {"item_id", "item_a"},
                  {"transcript", "Hello Alex."}},
                 2100);
  ASSERT_EQ(ga.size(), 1u);
  const auto& line = std::get<CapturedLine>(ga[0]);
  EXPECT_EQ(line.speaker, store::Speaker::Interviewer);
  EXPECT_EQ(line.startMs, 100);
  EXPECT_EQ(line.endMs, 2100);
  auto beta = feed(
      capture, {{"type", "response.audio_transcript.done"}, {"item_id", "item_b"}, {"transcript", "Next."}},
      3000);
  ASSERT_EQ(beta.size(), 1u);
  EXPECT_EQ(std::get<CapturedLine>(beta[0]).text, "Next.");
}

TEST(Capture, UsageAndErrorsAreCaptured) {
  TranscriptCapture capture;
  auto usage = feed(capture, {{"type", "response.done"},
                              {"response",
                               {{"status", "completed"},
                                {"usage",
                                 {{"total_tokens", 60},
                                  {"input_token_details", {{"text_tokens", 10}, {"audio_tokens", 20}}},
                                  {"output_token_details", {{"text_tokens", 5}, {"audio_tokens", 25}}}}}}}});
  ASSERT_EQ(usage.size(), 1u);
  const auto& u = std::get<CapturedUsage>(usage[0]);
  EXPECT_EQ(u.inputTextTokens, 10);
  EXPECT_EQ(u.inputAudioTokens, 20);
  EXPECT_EQ(u.outputTextTokens, 5);
  EXPECT_EQ(u.outputAudioTokens, 25);
  EXPECT_EQ(u.totalTokens, 60);
  auto error = feed(capture, {{"type", "error"}, {"error", {{"code", "invalid_value"}, {"message", "bad"}}}});
  ASSERT_EQ(error.size(), 1u);
  EXPECT_EQ(std::get<CapturedError>(error[0]).code, "invalid_value");
}

TEST(Capture, JunkIsIgnoredAndMemoryStaysBounded) {
  TranscriptCapture capture;
  EXPECT_TRUE(capture.onEvent("not json", 0).empty());
  EXPECT_TRUE(capture.onEvent("[1,2]", 0).empty());
  EXPECT_EQ(capture.malformedEvents(), 2u);
  // Wrong types and missing ids never produce entries.
  EXPECT_TRUE(
      feed(capture, {{"type", "conversation.item.input_audio_transcription.completed"}, {"transcript", "x"}})
          .empty());
  EXPECT_TRUE(feed(capture, {{"type", "response.done"}, {"response", 5}}).empty());
  for (int i = 0; i < 5000; ++i) {
    feed(capture, {{"type", "input_audio_buffer.speech_started"}, {"item_id", "item_" + std::to_string(i)}});
  }
  EXPECT_LE(capture.pendingItems(), TranscriptCapture::kMaxPendingItems);
}

}  // namespace
}  // namespace irtc::proxy
