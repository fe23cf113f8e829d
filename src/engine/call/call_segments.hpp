// A candidate turn waiting for its transcript, and recognition started early at a pause in the
// turn (see Call::onSpeechPaused).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/call/call.hpp"
#include "engine/realtime/server_events.hpp"
#include "engine/speech/recognizer.hpp"

namespace irtc::engine {

// A turn waiting for its transcript: the item announced, and the audio (to recognise it afresh
// when a speculative result does not apply).
struct Call::PendingTurn {
  realtime::MessageItem item;
  std::optional<std::string> previousItemId;
  std::int64_t audioMs = 0;
  std::vector<int16_t> audio;
};

struct Call::Speculation {
  std::uint64_t serial = 0;
  std::string itemId;
  std::int64_t voiceEndMs = 0;
  std::optional<Transcription> result;
  std::optional<PendingTurn> waiting;  // the turn ended before the result came
};

}  // namespace irtc::engine
