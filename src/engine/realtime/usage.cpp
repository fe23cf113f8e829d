#include "engine/realtime/usage.hpp"

namespace irtc::engine::realtime {
namespace {
std::int64_t ceilDiv(std::int64_t value, std::int64_t divisor) {
  return value <= 0 ? 0 : (value + divisor - 1) / divisor;
}
}  // namespace

std::int64_t userAudioTokens(std::int64_t durationMs) {
  return ceilDiv(durationMs, 100);
}

std::int64_t assistantAudioTokens(std::int64_t durationMs) {
  return ceilDiv(durationMs, 50);
}

std::int64_t estimateTextTokens(std::string_view utf8) {
  std::int64_t codePoints = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++codePoints;  // count every byte that is not a continuation byte
  }
  return ceilDiv(codePoints, 4);
}

Usage computeUsage(const ResponseUsageInput& in) {
  Usage u;
  u.inputTextTokens = in.inputTextTokens < 0 ? 0 : in.inputTextTokens;
  u.inputAudioTokens = userAudioTokens(in.inputUserAudioMs) + assistantAudioTokens(in.inputAssistantAudioMs);
  u.outputTextTokens = in.outputTextTokens < 0 ? 0 : in.outputTextTokens;
  u.outputAudioTokens = assistantAudioTokens(in.outputAudioMs);
  return u;
}

nlohmann::json usageJson(const Usage& u) {
  return {
      {"total_tokens", u.totalTokens()},
      {"input_tokens", u.inputTokens()},
      {"output_tokens", u.outputTokens()},
      {"input_token_details",
       {{"text_tokens", u.inputTextTokens},
        {"audio_tokens", u.inputAudioTokens},
        {"image_tokens", 0},
        {"cached_tokens", u.cachedTokens},
        {"cached_tokens_details", {{"text_tokens", 0}, {"audio_tokens", 0}, {"image_tokens", 0}}}}},
      {"output_token_details", {{"text_tokens", u.outputTextTokens}, {"audio_tokens", u.outputAudioTokens}}}};
}

}  // namespace irtc::engine::realtime
