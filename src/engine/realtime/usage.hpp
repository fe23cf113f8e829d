// Token usage of one response as OpenAI reports it in response.done. The engine runs no token
// model, so it counts like OpenAI's documented audio rates and a common text estimate: what a
// caller's billing or dashboards expect to see, derived from what actually happened in the call.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

namespace irtc::engine::realtime {

// User (input) audio: 1 token per 100 ms, partial intervals rounded up.
std::int64_t userAudioTokens(std::int64_t durationMs);

// Assistant (output) audio: 1 token per 50 ms, partial intervals rounded up.
std::int64_t assistantAudioTokens(std::int64_t durationMs);

// Text: one token per 4 characters (Unicode code points, not bytes), rounded up.
std::int64_t estimateTextTokens(std::string_view utf8);

// What one response consumed and produced. Input is the whole context the response was made from,
// as OpenAI counts it: instructions, typed text and earlier transcripts, and all audio so far.
struct ResponseUsageInput {
  std::int64_t inputTextTokens = 0;
  std::int64_t inputUserAudioMs = 0;
  std::int64_t inputAssistantAudioMs = 0;  // earlier interviewer audio, part of the context
  std::int64_t outputTextTokens = 0;       // the spoken reply's transcript
  std::int64_t outputAudioMs = 0;
};

struct Usage {
  std::int64_t inputTextTokens = 0;
  std::int64_t inputAudioTokens = 0;
  std::int64_t cachedTokens = 0;  // the engine caches nothing
  std::int64_t outputTextTokens = 0;
  std::int64_t outputAudioTokens = 0;

  std::int64_t inputTokens() const { return inputTextTokens + inputAudioTokens; }
  std::int64_t outputTokens() const { return outputTextTokens + outputAudioTokens; }
  std::int64_t totalTokens() const { return inputTokens() + outputTokens(); }
};

Usage computeUsage(const ResponseUsageInput& in);

// {total_tokens, input_tokens, output_tokens, input_token_details:{text_tokens, audio_tokens,
//  image_tokens, cached_tokens, cached_tokens_details:{…}}, output_token_details:{text_tokens, audio_tokens}}
nlohmann::json usageJson(const Usage& usage);

}  // namespace irtc::engine::realtime
