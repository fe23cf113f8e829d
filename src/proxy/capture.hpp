// Server-side capture: turns the provider's sideband events into what the proxy stores — the
// transcript (candidate from input_audio_transcription.completed, interviewer from
// output_audio_transcript.done; beta names too), token usage from response.done, and provider
// errors. Pure logic over JSON text, so it is testable and fuzzable without a call.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/model.hpp"

namespace irtc::proxy {

struct CapturedLine {
  std::string itemId;
  store::Speaker speaker = store::Speaker::Candidate;
  std::string text;
  std::int64_t startMs = 0;  // since the call started
  std::int64_t endMs = 0;
};

struct CapturedUsage {
  std::int64_t inputTextTokens = 0;
  std::int64_t inputAudioTokens = 0;
  std::int64_t outputTextTokens = 0;
  std::int64_t outputAudioTokens = 0;
  std::int64_t totalTokens = 0;
};

struct CapturedError {
  std::string code;  // the provider's, e.g. "invalid_value"; "unknown" when it gave none
  std::string message;
};

using Captured = std::variant<CapturedLine, CapturedUsage, CapturedError>;

class TranscriptCapture {
 public:
  // Items whose timing is remembered until their transcript arrives; the oldest are forgotten
  // beyond this (a provider that never finishes items cannot grow memory).
  static constexpr std::size_t kMaxPendingItems = 512;

  // `elapsedMs`: the call's age when the event arrived, for entries the provider gives no times.
  std::vector<Captured> onEvent(std::string_view eventJson, std::int64_t elapsedMs);

  std::size_t pendingItems() const { return started_.size(); }
  std::size_t malformedEvents() const { return malformed_; }

 private:
  void remember(const std::string& itemId, std::int64_t startMs);
  std::int64_t takeStart(const std::string& itemId, std::int64_t fallback);

  std::map<std::string, std::int64_t> started_;  // item id → start (ms since the call started)
  std::map<std::string, std::int64_t> ended_;    // candidate items: end of speech
  std::size_t malformed_ = 0;
};

}  // namespace irtc::proxy
