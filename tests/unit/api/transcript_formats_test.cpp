// Transcript downloads: plain text and WebVTT, in the order the lines were spoken.
#include "api/transcript_formats.hpp"

#include <gtest/gtest.h>

namespace irtc::api {
namespace {

store::TranscriptEntry entry(std::int64_t seq, store::Speaker speaker, std::string text, std::int64_t startMs,
                             std::int64_t endMs) {
  store::TranscriptEntry e;
  e.seq = seq;
  e.speaker = speaker;
  e.text = std::move(text);
  e.startMs = startMs;
  e.endMs = endMs;
  return e;
}

// Stored by seq; the answer was finalised (new seq) after the next question was asked.
const std::vector<store::TranscriptEntry> kEntries = {
    entry(1, store::Speaker::Interviewer, "Hello Alex. Tell me about a project.", 0, 3200),
    entry(3, store::Speaker::Interviewer, "Why us?", 9000, 9800),
    entry(4, store::Speaker::Candidate, "I built a <fast> cache & a queue\n\nin Go.", 4000, 8500),
    entry(5, store::Speaker::System, "The candidate left.", 3'725'250, 3'725'250),
};

TEST(TranscriptFormats, TextListsTheLinesAsSpokenOneLineEach) {
  EXPECT_EQ(transcriptText(kEntries),
            "[00:00.000] Interviewer: Hello Alex. Tell me about a project.\n"
            "[00:04.000] Candidate: I built a <fast> cache & a queue in Go.\n"
            "[00:09.000] Interviewer: Why us?\n"
            "[01:02:05.250] System: The candidate left.\n");
  EXPECT_EQ(transcriptText({}), "");
}

TEST(TranscriptFormats, VttHasOneEscapedCuePerEntryInTimeOrder) {
  EXPECT_EQ(
      transcriptVtt(kEntries),
      "WEBVTT\n"
      "\n1\n00:00:00.000 --> 00:00:03.200\n<v Interviewer>Hello Alex. Tell me about a project.\n"
      "\n4\n00:00:04.000 --> 00:00:08.500\n<v Candidate>I built a &lt;fast&gt; cache &amp; a queue in Go.\n"
      "\n3\n00:00:09.000 --> 00:00:09.800\n<v Interviewer>Why us?\n"
      "\n5\n01:02:05.250 --> 01:02:05.250\n<v System>The candidate left.\n");
  // A cue never ends before it starts.
  EXPECT_NE(transcriptVtt({entry(1, store::Speaker::Candidate, "x", 2000, 1000)})
                .find("00:00:02.000 --> 00:00:02.000"),
            std::string::npos);
  EXPECT_EQ(transcriptVtt({}), "WEBVTT\n");
}

}  // namespace
}  // namespace irtc::api
