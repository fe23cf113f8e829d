#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>

#include "engine/speech/espeak_synthesizer.hpp"
#include "speech_fixtures.hpp"

namespace irtc::engine {
namespace {

using namespace irtc::engine::test;
using Clock = std::chrono::steady_clock;

const std::string kParagraph =
    "Thank you for joining us today. I would like to start with a few questions about your background. "
    "Could you tell me about a project you are proud of, what your role was, and what you learned from it? "
    "Please take your time, there is no rush, and feel free to give examples from any part of your career.";

// Records one utterance's chunks and completion with timestamps.
struct Recorder {
  std::mutex mutex;
  Clock::time_point start = Clock::now();
  std::optional<double> firstChunkMs;
  std::size_t chunks = 0, samples = 0;
  int rate = 0;
  std::promise<SynthesisResult> done;
  std::atomic<bool> chunkAfterDone{false};
  std::atomic<bool> finished{false};

  Synthesizer::ChunkCallback onChunk() {
    return [this](const int16_t*, std::size_t n, int r) {
      std::lock_guard lock(mutex);
      if (finished) chunkAfterDone = true;
      if (!firstChunkMs) firstChunkMs = msSince(start);
      ++chunks;
      samples += n;
      rate = r;
    };
  }
  Synthesizer::DoneCallback onDone() {
    return [this](const SynthesisResult& r) {
      finished = true;
      done.set_value(r);
    };
  }
};

TEST(Espeak, StreamsTheFirstChunkLongBeforeTheEnd) {
  EspeakSynthesizer tts;
  EXPECT_EQ(tts.sampleRate(), 22050);
  // The first utterance in a voice also loads the voice (a few ms); measure streaming without that.
  Recorder cold;
  ASSERT_TRUE(tts.synthesize("Hello.", "alloy", cold.onChunk(), cold.onDone()));
  cold.done.get_future().wait();
  Recorder rec;
  ASSERT_TRUE(tts.synthesize(kParagraph, "alloy", rec.onChunk(), rec.onDone()));
  auto future = rec.done.get_future();
  const SynthesisResult result = future.get();
  const double totalMs = msSince(rec.start);
  ASSERT_TRUE(result.ok()) << result.error;
  ASSERT_TRUE(rec.firstChunkMs);
  EXPECT_GT(rec.chunks, 10u);
  EXPECT_EQ(rec.rate, 22050);
  EXPECT_EQ(result.samples, rec.samples);
  const double audioMs = 1000.0 * static_cast<double>(rec.samples) / 22050;
  EXPECT_LT(*rec.firstChunkMs, totalMs / 3);
  std::printf(
      "[ figures  ] espeak: first chunk after %.2f ms (%.1f ms with the voice's first use); %.0f ms of audio "
      "synthesised in %.1f ms (%.0fx real time)\n",
      *rec.firstChunkMs, cold.firstChunkMs.value_or(-1), audioMs, totalMs, audioMs / totalMs);
}

TEST(Espeak, CancellationStopsTheUtterancePromptly) {
  EspeakSynthesizer tts;
  Recorder full;
  ASSERT_TRUE(tts.synthesize(kParagraph, "verse", full.onChunk(), full.onDone()));
  ASSERT_TRUE(full.done.get_future().get().ok());

  Recorder rec;
  std::promise<void> firstChunk;
  std::once_flag once;
  auto record = rec.onChunk();
  auto handle = tts.synthesize(
      kParagraph, "verse",
      [&](const int16_t* s, std::size_t n, int r) {
        record(s, n, r);
        std::call_once(once, [&] { firstChunk.set_value(); });
      },
      rec.onDone());
  ASSERT_TRUE(handle);
  firstChunk.get_future().wait();
  const auto cancelledAt = Clock::now();
  handle->cancel();
  const SynthesisResult result = rec.done.get_future().get();
  const double stopMs = msSince(cancelledAt);
  EXPECT_TRUE(result.cancelled);
  EXPECT_TRUE(result.error.empty());
  EXPECT_LT(stopMs, 50.0);
  EXPECT_LT(rec.samples, full.samples / 2);
  EXPECT_FALSE(rec.chunkAfterDone);
  std::printf("[ figures  ] espeak: cancel → done in %.2f ms; %zu of %zu samples delivered\n", stopMs,
              rec.samples, full.samples);

  // espeak-ng is left in a clean state: the next utterance is complete.
  Recorder after;
  ASSERT_TRUE(tts.synthesize("Let us continue.", "verse", after.onChunk(), after.onDone()));
  const SynthesisResult next = after.done.get_future().get();
  EXPECT_TRUE(next.ok());
  EXPECT_GT(next.samples, 5000u);
}

TEST(Espeak, QueuedUtterancesCancelAndTheQueueIsBounded) {
  EspeakSynthesizer tts({.queueCapacity = 1, .wordsPerMinute = 0});
  Recorder a, b, c;
  std::promise<void> aStarted;
  std::once_flag once;
  auto recordA = a.onChunk();
  std::promise<void> release;
  auto released = release.get_future().share();
  // A blocks in its first chunk so that B is certainly waiting in the queue.
  auto ha = tts.synthesize(
      kParagraph, "",
      [&, released](const int16_t* s, std::size_t n, int r) {
        recordA(s, n, r);
        std::call_once(once, [&] { aStarted.set_value(); });
        released.wait();
      },
      a.onDone());
  ASSERT_TRUE(ha);
  aStarted.get_future().wait();
  auto hb = tts.synthesize("Queued.", "", b.onChunk(), b.onDone());
  ASSERT_TRUE(hb);
  EXPECT_FALSE(tts.synthesize("Refused.", "", c.onChunk(), c.onDone())) << "queue of one is full";
  hb->cancel();
  ha->cancel();
  release.set_value();
  EXPECT_TRUE(a.done.get_future().get().cancelled);
  const SynthesisResult rb = b.done.get_future().get();
  EXPECT_TRUE(rb.cancelled);
  EXPECT_EQ(rb.samples, 0u);
  EXPECT_EQ(b.chunks, 0u);
}

TEST(Espeak, VoiceNamesMapDeterministically) {
  EXPECT_EQ(EspeakSynthesizer::espeakVoiceFor("alloy"), "en-us+klatt2");
  EXPECT_EQ(EspeakSynthesizer::espeakVoiceFor("Marin"), "en-us+klatt4");
  EXPECT_EQ(EspeakSynthesizer::espeakVoiceFor(""), "en-us+klatt2");
  EXPECT_EQ(EspeakSynthesizer::espeakVoiceFor("en-us+klatt6"), "en-us+klatt6");
  // Unknown names: a fixed klatt variant per name (FNV-1a), the same on every run and machine.
  EXPECT_EQ(EspeakSynthesizer::espeakVoiceFor("some-new-voice"),
            EspeakSynthesizer::espeakVoiceFor("some-new-voice"));
  std::set<std::string> seen;
  for (const char* name : {"alloy", "ash", "ballad", "cedar", "coral", "echo", "fable", "marin", "nova",
                           "onyx", "sage", "shimmer", "verse", "x", "y", "zed", "interviewer"}) {
    const std::string v = EspeakSynthesizer::espeakVoiceFor(name);
    EXPECT_TRUE(v.starts_with("en-us+klatt")) << name << " → " << v;
    seen.insert(v);
  }
  EXPECT_GE(seen.size(), 5u) << "names should spread over the klatt variants";
  EXPECT_EQ(EspeakSynthesizer::espeakVoiceFor("x"), EspeakSynthesizer::espeakVoiceFor("X"));
}

TEST(Espeak, DifferentVoicesSoundDifferentAndBadVoicesFailCleanly) {
  EspeakSynthesizer tts;
  const auto alloy = synthesize16k(tts, "Hello there.", "alloy");
  const auto coral = synthesize16k(tts, "Hello there.", "coral");
  EXPECT_NE(alloy, coral);  // (klatt voices add random aspiration noise: no two runs are equal)
  EXPECT_GT(alloy.size(), 8000u);

  Recorder bad;
  ASSERT_TRUE(tts.synthesize("Hello.", "xx-nonexistent+klatt", bad.onChunk(), bad.onDone()));
  const SynthesisResult r = bad.done.get_future().get();
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("no voice"), std::string::npos) << r.error;

  Recorder empty;
  ASSERT_TRUE(tts.synthesize("", "alloy", empty.onChunk(), empty.onDone()));
  EXPECT_TRUE(empty.done.get_future().get().ok());
}

TEST(Espeak, InstancesShareTheEspeakThread) {
  EspeakSynthesizer first;
  Recorder a, b;
  {
    EspeakSynthesizer second;
    ASSERT_TRUE(first.synthesize(kParagraph, "", a.onChunk(), a.onDone()));
    ASSERT_TRUE(second.synthesize(kParagraph, "", b.onChunk(), b.onDone()));
  }  // destroying `second` cancels only its own utterance
  EXPECT_TRUE(b.finished);
  EXPECT_TRUE(b.done.get_future().get().cancelled);
  const SynthesisResult ra = a.done.get_future().get();
  EXPECT_TRUE(ra.ok());
  EXPECT_GT(ra.samples, 22050u * 5);
}

TEST(Espeak, DestructionCancelsWhatIsQueued) {
  Recorder a, b;
  {
    EspeakSynthesizer tts;
    ASSERT_TRUE(tts.synthesize(kParagraph, "", a.onChunk(), a.onDone()));
    ASSERT_TRUE(tts.synthesize(kParagraph, "", b.onChunk(), b.onDone()));
  }
  EXPECT_TRUE(a.finished);
  EXPECT_TRUE(b.finished);
  EXPECT_TRUE(b.done.get_future().get().cancelled);
}

}  // namespace
}  // namespace irtc::engine
