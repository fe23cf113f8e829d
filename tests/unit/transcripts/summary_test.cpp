// The summary's figures on transcripts small enough to work out by hand (the arithmetic is in the
// comments), and the edge cases: nothing said, one speaker only, overlaps, barge-in, reconnection.
#include "transcripts/summary.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace irtc::transcripts {
namespace {

using store::Speaker;

store::TranscriptEntry entry(std::int64_t seq, Speaker speaker, std::int64_t startMs, std::int64_t endMs,
                             std::string text, std::int64_t createdAt = 0) {
  store::TranscriptEntry e;
  e.seq = seq;
  e.itemId = "item_" + std::to_string(seq);
  e.speaker = speaker;
  e.text = std::move(text);
  e.startMs = startMs;
  e.endMs = endMs;
  e.createdAt = createdAt;
  return e;
}

const std::vector<std::string> kQuestions = {"Tell me about yourself.", "Why do you want this job?",
                                             "What is your biggest weakness?"};

// An interview of 40 s: question 1 answered in two lines, question 2 answered, a follow-up that
// barges in on the candidate's answer, a closing question left unanswered; question 3 never asked.
SummaryInput knownInterview() {
  SummaryInput in;
  in.startedAt = 1'000'000;
  in.endedAt = 1'040'000;
  in.questions = kQuestions;
  in.entries = {
      entry(1, Speaker::Interviewer, 0, 4000, "Hello Ada. Let's begin. Tell me about yourself."),  // 8 words
      entry(2, Speaker::Candidate, 5000, 11000,
            "I am a backend engineer with ten years of experience"),        // 10
      entry(3, Speaker::Candidate, 11500, 14500, "mostly in C plus plus"),  // 5
      entry(4, Speaker::Interviewer, 15300, 19300,
            "Thank you. Next question. Why do you want this job?"),                               // 10
      entry(5, Speaker::System, 20000, 21000, "candidate muted"),                                 // ignored
      entry(6, Speaker::Candidate, 26300, 29300, "Because I like voice products"),                // 5
      entry(7, Speaker::Interviewer, 29000, 31000, "Could you give an example?"),                 // 5
      entry(8, Speaker::Candidate, 31500, 33500, "Sure, I built a voice bot"),                    // 6
      entry(9, Speaker::Interviewer, 34000, 37000, "Thanks. Do you have any questions for me?"),  // 8
  };
  // Stored order is not spoken order: the summary orders by time.
  std::reverse(in.entries.begin(), in.entries.end());
  return in;
}

TEST(Summary, KnownInterviewGivesTheHandComputedFigures) {
  SessionSummary s = summarize(knownInterview());
  EXPECT_EQ(s.durationMs, 40'000);
  // Interviewer: 4000 + 4000 + 2000 + 3000 ms, 8 + 10 + 5 + 8 words; candidate: 6000 + 3000 + 3000 + 2000
  // ms, 10 + 5 + 5 + 6 words. The system line counts for no one.
  EXPECT_EQ(s.interviewer.talkMs, 13'000);
  EXPECT_EQ(s.interviewer.words, 31);
  EXPECT_EQ(s.interviewer.entries, 4);
  EXPECT_EQ(s.candidate.talkMs, 14'000);
  EXPECT_EQ(s.candidate.words, 26);
  EXPECT_EQ(s.candidate.entries, 4);
  // I | C C | I | C | I | C | I
  EXPECT_EQ(s.turns, 7);
  EXPECT_EQ(s.interviewer.turns, 4);
  EXPECT_EQ(s.candidate.turns, 3);
  // 26 words in 14 s: 26 * 60 / 14 = 111.43 → 111.4
  ASSERT_TRUE(s.candidateWordsPerMinute);
  EXPECT_DOUBLE_EQ(*s.candidateWordsPerMinute, 111.4);
  // Gaps 1000, 500, 800, 7000 (19300 → 26300, across the ignored system line), 500, 500.
  EXPECT_EQ(s.longestSilenceMs, 7000);
  // Hand-overs: 14500 → 15300 = 800; 29300 → 29000 = -300 (barge-in); 33500 → 34000 = 500.
  EXPECT_EQ(s.responseLatency.count, 2);
  EXPECT_EQ(s.responseLatency.p50Ms, 500);
  EXPECT_EQ(s.responseLatency.maxMs, 800);
  EXPECT_EQ(s.responseLatency.overlaps, 1);
  // Questions: lines 1 (q1), 4 (q2), 7 and 9 ('?'); the last gets no answer.
  EXPECT_EQ(s.questions.asked, 4);
  EXPECT_EQ(s.questions.answered, 3);
  EXPECT_EQ(s.questions.scriptedAsked, (std::vector<bool>{true, true, false}));
  EXPECT_EQ(s.questions.scriptedAnswered, (std::vector<bool>{true, true, false}));
}

TEST(Summary, JsonFormCarriesEveryFigure) {
  nlohmann::json j = toJson(summarize(knownInterview()));
  EXPECT_EQ(j["version"], kSummaryVersion);
  EXPECT_EQ(j["durationMs"], 40'000);
  EXPECT_EQ(j["turns"], 7);
  EXPECT_EQ(j["speakers"]["interviewer"],
            (nlohmann::json{{"talkMs", 13'000}, {"words", 31}, {"entries", 4}, {"turns", 4}}));
  EXPECT_EQ(j["speakers"]["candidate"],
            (nlohmann::json{{"talkMs", 14'000}, {"words", 26}, {"entries", 4}, {"turns", 3}}));
  EXPECT_DOUBLE_EQ(j["candidateWordsPerMinute"].get<double>(), 111.4);
  EXPECT_EQ(j["longestSilenceMs"], 7000);
  EXPECT_EQ(j["responseLatency"],
            (nlohmann::json{{"count", 2}, {"p50Ms", 500}, {"maxMs", 800}, {"overlaps", 1}}));
  EXPECT_EQ(j["questions"]["asked"], 4);
  EXPECT_EQ(j["questions"]["answered"], 3);
  EXPECT_EQ(j["questions"]["scripted"][1],
            (nlohmann::json{{"index", 1}, {"asked", true}, {"answered", true}}));
  EXPECT_EQ(j["questions"]["scripted"][2],
            (nlohmann::json{{"index", 2}, {"asked", false}, {"answered", false}}));
}

TEST(Summary, EmptyTranscriptGivesZerosAndNoRates) {
  SummaryInput in;
  in.startedAt = 5000;
  in.endedAt = 65'000;
  in.questions = kQuestions;
  SessionSummary s = summarize(in);
  EXPECT_EQ(s.durationMs, 60'000);
  EXPECT_EQ(s.turns, 0);
  EXPECT_EQ(s.interviewer.talkMs, 0);
  EXPECT_EQ(s.candidate.words, 0);
  EXPECT_FALSE(s.candidateWordsPerMinute);
  EXPECT_EQ(s.longestSilenceMs, 0);
  EXPECT_EQ(s.responseLatency.count, 0);
  EXPECT_FALSE(s.responseLatency.p50Ms);
  EXPECT_FALSE(s.responseLatency.maxMs);
  EXPECT_EQ(s.questions.asked, 0);
  EXPECT_EQ(s.questions.scriptedAsked, (std::vector<bool>{false, false, false}));

  nlohmann::json j = toJson(s);
  EXPECT_TRUE(j["candidateWordsPerMinute"].is_null());
  EXPECT_TRUE(j["responseLatency"]["p50Ms"].is_null());
  EXPECT_TRUE(j["responseLatency"]["maxMs"].is_null());
}

TEST(Summary, SessionThatNeverStartedLastsZero) {
  SummaryInput in;
  in.endedAt = 65'000;  // cancelled while scheduled
  EXPECT_EQ(summarize(in).durationMs, 0);
}

TEST(Summary, OnlyTheInterviewerSpoke) {
  SummaryInput in;
  in.startedAt = 0;
  in.endedAt = 10'000;
  in.questions = kQuestions;
  in.entries = {entry(1, Speaker::Interviewer, 0, 2000, "Hello. Tell me about yourself."),  // 5 words
                entry(2, Speaker::Interviewer, 6000, 7000, "Are you there?")};              // 3 words
  SessionSummary s = summarize(in);
  EXPECT_EQ(s.interviewer.talkMs, 3000);
  EXPECT_EQ(s.interviewer.words, 8);
  EXPECT_EQ(s.turns, 1);  // two lines, one turn
  EXPECT_EQ(s.interviewer.turns, 1);
  EXPECT_EQ(s.candidate.turns, 0);
  EXPECT_FALSE(s.candidateWordsPerMinute);
  EXPECT_EQ(s.longestSilenceMs, 4000);  // 2000 → 6000: silence within a turn counts too
  EXPECT_EQ(s.responseLatency.count, 0);
  EXPECT_EQ(s.questions.asked, 2);
  EXPECT_EQ(s.questions.answered, 0);
  EXPECT_EQ(s.questions.scriptedAsked, (std::vector<bool>{true, false, false}));
}

TEST(Summary, OverlappingEntriesLeaveNoSilenceAndGiveNoLatency) {
  SummaryInput in;
  in.entries = {entry(1, Speaker::Candidate, 0, 5000, "a long answer"),
                entry(2, Speaker::Interviewer, 1000, 2000, "mhm"),  // inside the candidate's line
                entry(3, Speaker::Candidate, 6000, 7000, "done")};
  SessionSummary s = summarize(in);
  EXPECT_EQ(s.turns, 3);
  EXPECT_EQ(s.candidate.talkMs, 6000);
  EXPECT_EQ(s.interviewer.talkMs, 1000);
  // Covered until 5000 (not 2000) when the last line starts at 6000.
  EXPECT_EQ(s.longestSilenceMs, 1000);
  // The interviewer started 4000 ms before the candidate's turn ended: an overlap, not a latency.
  EXPECT_EQ(s.responseLatency.count, 0);
  EXPECT_EQ(s.responseLatency.overlaps, 1);
  EXPECT_FALSE(s.responseLatency.p50Ms);
}

TEST(Summary, BargeInIsCountedApartFromResponseTimes) {
  SummaryInput in;
  in.entries = {
      entry(1, Speaker::Candidate, 0, 1000, "one"),      entry(2, Speaker::Interviewer, 1200, 2000, "a"),
      entry(3, Speaker::Candidate, 2100, 3000, "two"),   entry(4, Speaker::Interviewer, 2900, 3500, "b"),
      entry(5, Speaker::Candidate, 4000, 5000, "three"), entry(6, Speaker::Interviewer, 5600, 6000, "c")};
  LatencyFigures l = summarize(in).responseLatency;
  // 200, -100 (barge-in), 600: the median of {200, 600} is the lower one by nearest rank.
  EXPECT_EQ(l.count, 2);
  EXPECT_EQ(l.p50Ms, 200);
  EXPECT_EQ(l.maxMs, 600);
  EXPECT_EQ(l.overlaps, 1);
}

TEST(Summary, MedianOfAnOddCountIsTheMiddleOne) {
  SummaryInput in;
  in.entries = {
      entry(1, Speaker::Candidate, 0, 1000, "x"),    entry(2, Speaker::Interviewer, 1900, 2000, "y"),
      entry(3, Speaker::Candidate, 2100, 3000, "x"), entry(4, Speaker::Interviewer, 3300, 3500, "y"),
      entry(5, Speaker::Candidate, 4000, 5000, "x"), entry(6, Speaker::Interviewer, 5500, 6000, "y")};
  LatencyFigures l = summarize(in).responseLatency;  // 900, 300, 500
  EXPECT_EQ(l.count, 3);
  EXPECT_EQ(l.p50Ms, 500);
  EXPECT_EQ(l.maxMs, 900);
}

TEST(Summary, EntryEndingBeforeItStartsTakesNoTime) {
  SummaryInput in;
  in.entries = {entry(1, Speaker::Candidate, 3000, 2000, "hello there")};
  SessionSummary s = summarize(in);
  EXPECT_EQ(s.candidate.talkMs, 0);
  EXPECT_EQ(s.candidate.words, 2);
  EXPECT_FALSE(s.candidateWordsPerMinute);  // no talk time to divide by
}

TEST(Summary, ReconnectedCallsArePlacedOnOneTimeline) {
  // Calls started at 10 s and 70 s (Unix ms); each call's offsets start at 0. Entries belong to the
  // last call started before they were stored.
  SummaryInput in;
  in.callStarts = {10'000, 70'000};
  in.entries = {entry(1, Speaker::Interviewer, 0, 2000, "Hi", 12'000),
                entry(2, Speaker::Candidate, 3000, 5000, "hello", 15'000),
                entry(3, Speaker::Interviewer, 0, 1000, "Welcome back", 72'000),  // 60000 → 61000
                entry(4, Speaker::Candidate, 2000, 4000, "thanks", 75'000)};      // 62000 → 64000
  SessionSummary s = summarize(in);
  EXPECT_EQ(s.turns, 4);
  EXPECT_EQ(s.longestSilenceMs, 55'000);  // 5000 → 60000, while the candidate was away
  EXPECT_EQ(s.responseLatency.count, 1);
  EXPECT_EQ(s.responseLatency.p50Ms, 55'000);
  EXPECT_EQ(s.responseLatency.overlaps, 0);
}

}  // namespace
}  // namespace irtc::transcripts
