// A candidate turn on its way to a transcript: the detector's events with their live streams
// (call_live.cpp), the turn waiting for its transcript, and its recognition piece by piece at its
// pauses (call_segments.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/call/call.hpp"
#include "engine/realtime/server_events.hpp"
#include "engine/speech/recognizer.hpp"

namespace irtc::engine {

// A detector event and what live recognition made of it: for a turn that started, whether it got
// a stream; for a turn that stopped, its stream.
struct Call::TurnEvent {
  VadEvent event;
  bool live = false;
  std::unique_ptr<RecognitionStream> stream;
};

// A turn waiting for its transcript: the item announced, and the audio (to recognise it whole
// when its segments cannot be used).
struct Call::PendingTurn {
  realtime::MessageItem item;
  std::optional<std::string> previousItemId;
  std::int64_t audioMs = 0;
  std::vector<int16_t> audio;
};

// The turn in progress, cut at its pauses into segments that are recognised as soon as each pause
// comes: every stretch of speech is decoded once, while the candidate goes on talking, and when the
// turn ends only the speech after the last cut is left to decode — none when it ended at that cut.
struct Call::TurnSegments {
  std::uint64_t serial = 0;  // tells this turn's results from those of a turn given up
  std::string itemId;
  std::int64_t audioStartMs = 0;              // the turn's audio start (stream position)
  std::int64_t cutMs = 0;                     // where the next segment starts: the voice end of the last cut
  std::optional<std::int64_t> cutVoiceEndMs;  // set once a segment was cut
  std::vector<std::optional<Transcription>> results;  // one per segment, in audio order
  std::size_t outstanding = 0;
  bool refused = false;                // the recogniser refused a segment: recognise the turn whole
  std::optional<PendingTurn> waiting;  // the turn ended before every segment was recognised
};

}  // namespace irtc::engine
