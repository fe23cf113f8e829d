// A finished interview in figures, from its stored transcript: who spoke how long and how much,
// the turns, the longest silence, how quickly the interviewer answered the candidate, and which
// questions were asked and answered. Pure: no storage, no clock, no I/O; summary_recorder.hpp
// gathers the inputs and stores the result. docs/api.md defines every figure for readers.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/model.hpp"
#include "transcripts/questions.hpp"

namespace irtc::transcripts {

// Bumped whenever a figure's definition changes, so a stored summary says which rules made it.
inline constexpr int kSummaryVersion = 1;

struct SummaryInput {
  std::optional<std::int64_t> startedAt;  // the session's, Unix ms
  std::optional<std::int64_t> endedAt;
  std::vector<std::string> questions;  // the position's, in order
  // Any order; startMs/endMs are offsets into their call. Partial entries count like final ones:
  // the store keeps one version per item, the best there is.
  std::vector<store::TranscriptEntry> entries;
  // When each call of the session started (Unix ms of its call.started event), ascending. A
  // candidate who reconnects gets a new call whose offsets start again at 0: an entry belongs to
  // the last call started before it was stored, and is placed on one session timeline by that
  // call's distance from the first. Empty: every entry is on one timeline as stored.
  std::vector<std::int64_t> callStarts;
};

struct SpeakerFigures {
  std::int64_t talkMs = 0;  // sum of the entries' (endMs - startMs)
  std::int64_t words = 0;
  int entries = 0;
  int turns = 0;
};

// Candidate turn → the interviewer turn right after it: interviewer start - candidate end.
struct LatencyFigures {
  int count = 0;                      // hand-overs with a gap >= 0
  std::optional<std::int64_t> p50Ms;  // nearest-rank median of those gaps
  std::optional<std::int64_t> maxMs;
  int overlaps = 0;  // hand-overs where the interviewer started before the candidate's turn ended
};

struct SessionSummary {
  std::int64_t durationMs = 0;  // endedAt - startedAt; 0 for a session that never started
  SpeakerFigures interviewer;
  SpeakerFigures candidate;
  std::optional<double> candidateWordsPerMinute;  // one decimal; none without candidate talk time
  int turns = 0;
  std::int64_t longestSilenceMs = 0;  // between the first entry's start and the last one's end
  LatencyFigures responseLatency;
  QuestionFigures questions;
};

SessionSummary summarize(const SummaryInput& input);

// The stored and served form: {version, durationMs, turns, speakers:{interviewer, candidate},
// candidateWordsPerMinute, longestSilenceMs, responseLatency, questions}.
nlohmann::json toJson(const SessionSummary& summary);

}  // namespace irtc::transcripts
