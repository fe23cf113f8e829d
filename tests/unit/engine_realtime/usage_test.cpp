// Usage: OpenAI's audio token rates and the text estimate, and their sums.
#include "engine/realtime/usage.hpp"

#include <gtest/gtest.h>

namespace irtc::engine::realtime {
namespace {

TEST(Usage, UserAudioIsOneTokenPer100Ms) {
  EXPECT_EQ(userAudioTokens(0), 0);
  EXPECT_EQ(userAudioTokens(-5), 0);
  EXPECT_EQ(userAudioTokens(1), 1);
  EXPECT_EQ(userAudioTokens(100), 1);
  EXPECT_EQ(userAudioTokens(101), 2);
  EXPECT_EQ(userAudioTokens(60'000), 600);
}

TEST(Usage, AssistantAudioIsOneTokenPer50Ms) {
  EXPECT_EQ(assistantAudioTokens(0), 0);
  EXPECT_EQ(assistantAudioTokens(50), 1);
  EXPECT_EQ(assistantAudioTokens(51), 2);
  EXPECT_EQ(assistantAudioTokens(60'000), 1200);
}

TEST(Usage, TextIsCharactersOverFour) {
  EXPECT_EQ(estimateTextTokens(""), 0);
  EXPECT_EQ(estimateTextTokens("abc"), 1);
  EXPECT_EQ(estimateTextTokens("abcd"), 1);
  EXPECT_EQ(estimateTextTokens("abcde"), 2);
  EXPECT_EQ(estimateTextTokens("ünïc"), 1);  // 4 code points in 6 bytes
  EXPECT_EQ(estimateTextTokens("日本語です"), 2);
}

TEST(Usage, ComputeSumsInputAndOutput) {
  Usage u = computeUsage({.inputTextTokens = 250,
                          .inputUserAudioMs = 12'340,
                          .inputAssistantAudioMs = 1'000,
                          .outputTextTokens = 12,
                          .outputAudioMs = 3'210});
  EXPECT_EQ(u.inputTextTokens, 250);
  EXPECT_EQ(u.inputAudioTokens, 124 + 20);
  EXPECT_EQ(u.outputTextTokens, 12);
  EXPECT_EQ(u.outputAudioTokens, 65);
  EXPECT_EQ(u.inputTokens(), 394);
  EXPECT_EQ(u.outputTokens(), 77);
  EXPECT_EQ(u.totalTokens(), 471);
  auto j = usageJson(u);
  EXPECT_EQ(j["total_tokens"], 471);
  EXPECT_EQ(j["input_tokens"], 394);
  EXPECT_EQ(j["output_tokens"], 77);
  EXPECT_EQ(j["input_token_details"]["text_tokens"], 250);
  EXPECT_EQ(j["input_token_details"]["audio_tokens"], 144);
  EXPECT_EQ(j["input_token_details"]["cached_tokens"], 0);
  EXPECT_TRUE(j["input_token_details"]["cached_tokens_details"].is_object());
  EXPECT_EQ(j["output_token_details"]["text_tokens"], 12);
  EXPECT_EQ(j["output_token_details"]["audio_tokens"], 65);
}

TEST(Usage, NegativeInputsCountAsZero) {
  Usage u = computeUsage({-1, -1, -1, -1, -1});
  EXPECT_EQ(u.totalTokens(), 0);
}

}  // namespace
}  // namespace irtc::engine::realtime
