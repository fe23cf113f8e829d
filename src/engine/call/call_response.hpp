// The interviewer response a call is speaking: what the output events report about it, and the
// counters the synthesiser's thread updates while handing its audio to the peer.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/call/call.hpp"
#include "engine/realtime/server_events.hpp"
#include "engine/speech/synthesizer.hpp"

namespace irtc::engine {

struct Call::Response {
  realtime::ResponseInfo info;
  realtime::MessageItem item;
  std::optional<std::string> previousItemId;
  std::string text;
  SynthesisHandle handle;
  bool audioStarted = false;   // output_audio_buffer.started was sent
  std::int64_t clearedMs = 0;  // audio dropped by a barge-in or a clear

  // Written by the synthesiser's thread.
  struct Progress {
    std::atomic<std::int64_t> samples{0};
    std::atomic<int> sampleRate{0};
    std::atomic<bool> firstChunk{false};
  };
  std::shared_ptr<Progress> progress = std::make_shared<Progress>();

  std::int64_t sentMs() const {
    int rate = progress->sampleRate.load();
    return rate > 0 ? progress->samples.load() * 1000 / rate : 0;
  }
};

}  // namespace irtc::engine
