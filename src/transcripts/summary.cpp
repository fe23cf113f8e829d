#include "transcripts/summary.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/text.hpp"

namespace irtc::transcripts {
namespace {

constexpr double kMsPerMinute = 60'000.0;
constexpr double kRateDecimals = 10.0;  // words per minute are given to one decimal

// One interviewer or candidate entry, placed on the session's timeline.
struct Spoken {
  store::Speaker speaker = store::Speaker::Candidate;
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::int64_t seq = 0;
  const std::string* text = nullptr;
};

struct Turn {
  store::Speaker speaker = store::Speaker::Candidate;
  std::int64_t start = 0;
  std::int64_t end = 0;  // the latest end of its entries
};

// How far after the session's first call the call that stored `createdAt` started.
std::int64_t callOffset(const std::vector<std::int64_t>& callStarts, std::int64_t createdAt) {
  auto after = std::upper_bound(callStarts.begin(), callStarts.end(), createdAt);
  if (after == callStarts.begin()) return 0;  // stored before any call: its own offsets stand
  return *std::prev(after) - callStarts.front();
}

// System lines are notes, not speech: they take no part in any figure.
std::vector<Spoken> timeline(const SummaryInput& input) {
  std::vector<Spoken> spoken;
  for (const auto& e : input.entries) {
    if (e.speaker == store::Speaker::System) continue;
    const std::int64_t offset = callOffset(input.callStarts, e.createdAt);
    spoken.push_back({e.speaker, offset + e.startMs, offset + std::max(e.endMs, e.startMs), e.seq, &e.text});
  }
  std::sort(spoken.begin(), spoken.end(), [](const Spoken& a, const Spoken& b) {
    return std::tie(a.start, a.end, a.seq) < std::tie(b.start, b.end, b.seq);
  });
  return spoken;
}

std::vector<Turn> turnsOf(const std::vector<Spoken>& spoken) {
  std::vector<Turn> turns;
  for (const auto& s : spoken) {
    if (turns.empty() || turns.back().speaker != s.speaker) {
      turns.push_back({s.speaker, s.start, s.end});
    } else {
      turns.back().end = std::max(turns.back().end, s.end);
    }
  }
  return turns;
}

// The longest stretch no entry covers, between the first start and the last end.
std::int64_t longestSilence(const std::vector<Spoken>& spoken) {
  std::int64_t longest = 0;
  if (spoken.empty()) return longest;
  std::int64_t coveredUntil = spoken.front().end;
  for (const auto& s : spoken) {
    longest = std::max(longest, s.start - coveredUntil);
    coveredUntil = std::max(coveredUntil, s.end);
  }
  return longest;
}

LatencyFigures responseLatency(const std::vector<Turn>& turns) {
  LatencyFigures figures;
  std::vector<std::int64_t> gaps;
  for (std::size_t i = 1; i < turns.size(); ++i) {
    if (turns[i - 1].speaker != store::Speaker::Candidate || turns[i].speaker != store::Speaker::Interviewer)
      continue;
    const std::int64_t gap = turns[i].start - turns[i - 1].end;
    if (gap < 0) {
      ++figures.overlaps;  // the interviewer talked over the candidate: no response time to speak of
    } else {
      gaps.push_back(gap);
    }
  }
  if (gaps.empty()) return figures;
  std::sort(gaps.begin(), gaps.end());
  figures.count = static_cast<int>(gaps.size());
  figures.p50Ms = gaps[(gaps.size() - 1) / 2];  // nearest rank: the lower middle of an even count
  figures.maxMs = gaps.back();
  return figures;
}

SpeakerFigures& figuresOf(SessionSummary& summary, store::Speaker speaker) {
  return speaker == store::Speaker::Interviewer ? summary.interviewer : summary.candidate;
}

nlohmann::json speakerJson(const SpeakerFigures& f) {
  return {{"talkMs", f.talkMs}, {"words", f.words}, {"entries", f.entries}, {"turns", f.turns}};
}

template <typename T>
nlohmann::json optionalJson(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

SessionSummary summarize(const SummaryInput& input) {
  SessionSummary summary;
  if (input.startedAt && input.endedAt)
    summary.durationMs = std::max<std::int64_t>(0, *input.endedAt - *input.startedAt);

  const std::vector<Spoken> spoken = timeline(input);
  std::vector<SpokenLine> lines;
  lines.reserve(spoken.size());
  for (const auto& s : spoken) {
    SpeakerFigures& f = figuresOf(summary, s.speaker);
    f.talkMs += s.end - s.start;
    f.words += countWords(*s.text);
    ++f.entries;
    lines.push_back({s.speaker == store::Speaker::Interviewer, *s.text});
  }
  const std::vector<Turn> turns = turnsOf(spoken);
  for (const auto& t : turns) ++figuresOf(summary, t.speaker).turns;
  summary.turns = static_cast<int>(turns.size());
  if (summary.candidate.talkMs > 0) {
    const double rate = static_cast<double>(summary.candidate.words) * kMsPerMinute /
                        static_cast<double>(summary.candidate.talkMs);
    summary.candidateWordsPerMinute = std::round(rate * kRateDecimals) / kRateDecimals;
  }
  summary.longestSilenceMs = longestSilence(spoken);
  summary.responseLatency = responseLatency(turns);
  summary.questions = countQuestions(lines, input.questions);
  return summary;
}

nlohmann::json toJson(const SessionSummary& summary) {
  const auto& q = summary.questions;
  nlohmann::json scripted = nlohmann::json::array();
  for (std::size_t k = 0; k < q.scriptedAsked.size(); ++k) {
    scripted.push_back({{"index", k}, {"asked", q.scriptedAsked[k]}, {"answered", q.scriptedAnswered[k]}});
  }
  const auto& l = summary.responseLatency;
  return {
      {"version", kSummaryVersion},
      {"durationMs", summary.durationMs},
      {"turns", summary.turns},
      {"speakers",
       {{"interviewer", speakerJson(summary.interviewer)}, {"candidate", speakerJson(summary.candidate)}}},
      {"candidateWordsPerMinute", optionalJson(summary.candidateWordsPerMinute)},
      {"longestSilenceMs", summary.longestSilenceMs},
      {"responseLatency",
       {{"count", l.count},
        {"p50Ms", optionalJson(l.p50Ms)},
        {"maxMs", optionalJson(l.maxMs)},
        {"overlaps", l.overlaps}}},
      {"questions", {{"asked", q.asked}, {"answered", q.answered}, {"scripted", std::move(scripted)}}},
  };
}

}  // namespace irtc::transcripts
