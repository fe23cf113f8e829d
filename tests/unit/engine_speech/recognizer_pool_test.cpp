#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <sstream>
#include <thread>

#include "engine/speech/espeak_synthesizer.hpp"
#include "engine/speech/pocketsphinx_recognizer.hpp"
#include "engine/speech/vocabulary.hpp"
#include "engine/speech/worker_pool.hpp"
#include "speech_fixtures.hpp"

namespace irtc::engine {
namespace {

using namespace irtc::engine::test;

TEST(WorkerPool, RunsJobsOnItsWorkersAndRefusesWhenFull) {
  WorkerPool pool("test", 2, 2);
  EXPECT_EQ(pool.workers(), 2u);
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> started{0}, finished{0}, abandoned{0};
  std::set<std::size_t> workersSeen;
  std::mutex m;
  auto blocker = [&](std::size_t w) {
    {
      std::lock_guard lock(m);
      workersSeen.insert(w);
    }
    ++started;
    released.wait();
    ++finished;
  };
  ASSERT_TRUE(pool.post(blocker));
  ASSERT_TRUE(pool.post(blocker));
  while (started < 2) std::this_thread::yield();
  // Both workers busy: two jobs may wait, the third is refused without running anything.
  EXPECT_TRUE(pool.post(blocker, [&] { ++abandoned; }));
  EXPECT_TRUE(pool.post(blocker, [&] { ++abandoned; }));
  EXPECT_FALSE(pool.post(blocker, [&] { ++abandoned; }));
  EXPECT_EQ(pool.queued(), 2u);
  EXPECT_EQ(workersSeen, (std::set<std::size_t>{0, 1}));
  // Stopping abandons the waiting jobs and lets the running ones finish.
  std::thread stopper([&] { pool.stop(); });
  while (abandoned < 2) std::this_thread::yield();
  release.set_value();
  stopper.join();
  EXPECT_EQ(finished, 2);
  EXPECT_EQ(abandoned, 2);
  EXPECT_FALSE(pool.post(blocker));
}

class Pocketsphinx : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    EspeakSynthesizer tts;
    answer_ = silence(200);
    append(answer_, synthesize16k(tts, "I have five years of experience with databases", "en-us+klatt2"));
    append(answer_, silence(200));
  }
  static std::vector<int16_t> answer_;
};
std::vector<int16_t> Pocketsphinx::answer_;

TEST_F(Pocketsphinx, ModelMemoryPerDecoder) {
  const Memory before = memoryNow();
  auto one = std::make_unique<PocketsphinxRecognizer>(PocketsphinxOptions{.workers = 1, .liveDecoders = 0});
  const Memory withOne = memoryNow();
  auto two = std::make_unique<PocketsphinxRecognizer>(PocketsphinxOptions{.workers = 2, .liveDecoders = 0});
  const Memory withThree = memoryNow();
  std::printf(
      "[ figures  ] pocketsphinx decoder: RSS +%ld KiB (private +%ld KiB) for one; +%ld KiB for two more\n",
      withOne.rssKb - before.rssKb, withOne.privateKb - before.privateKb, withThree.rssKb - withOne.rssKb);
  EXPECT_EQ(two->workers(), 2u);
  // Each decoder holds its own copy (see pocketsphinx_recognizer.hpp); guard against surprises.
  EXPECT_LT(withOne.rssKb - before.rssKb, 200 * 1024);
}

TEST_F(Pocketsphinx, LiveDecodersShareTheirLanesLanguageModel) {
  const Memory before = memoryNow();
  auto two = std::make_unique<PocketsphinxRecognizer>(PocketsphinxOptions{.workers = 1, .liveDecoders = 2});
  const Memory withTwo = memoryNow();
  auto six = std::make_unique<PocketsphinxRecognizer>(PocketsphinxOptions{.workers = 1, .liveDecoders = 6});
  const Memory withSix = memoryNow();
  const long perLiveDecoder = ((withSix.rssKb - withTwo.rssKb) - (withTwo.rssKb - before.rssKb)) / 4;
  std::printf(
      "[ figures  ] live decoders in one lane: RSS +%ld KiB each (one batch decoder and 2 live: +%ld KiB)\n",
      perLiveDecoder, withTwo.rssKb - before.rssKb);
  // Without sharing each would hold the ~34 MiB language model too (~55 MiB in all).
  EXPECT_LT(perLiveDecoder, 40 * 1024);
}

TEST(Vocabulary, KeepsTheMostProbableWordsWithAllTheirPronunciations) {
  const std::string dir = PocketsphinxOptions{}.modelDir;
  const std::string dictionary = mostProbableWords(dir + "/en-us.lm.bin", dir + "/cmudict-en-us.dict", 2000);
  std::set<std::string> words;
  std::size_t entries = 0;
  std::istringstream lines(dictionary);
  for (std::string line; std::getline(lines, line); ++entries) {
    const std::string entry = line.substr(0, line.find(' '));
    ASSERT_LT(entry.size(), line.size()) << "no pronunciation: " << line;
    words.insert(entry.substr(0, entry.find('(')));
  }
  EXPECT_EQ(words.size(), 2000u);
  EXPECT_GT(entries, words.size());  // alternates such as "the(2)" come along
  for (const char* common : {"the", "and", "i", "have", "years"})
    EXPECT_TRUE(words.contains(common)) << common;
  EXPECT_FALSE(words.contains("zyuganov"));
  EXPECT_THROW(mostProbableWords(dir + "/missing.lm.bin", dir + "/cmudict-en-us.dict", 10),
               std::runtime_error);
}

TEST_F(Pocketsphinx, ASmallVocabularyStillHearsTheAnswer) {
  PocketsphinxRecognizer stt(PocketsphinxOptions{.workers = 1, .vocabulary = 5000, .liveDecoders = 0});
  const Transcription t = stt.transcribe(answer_);
  ASSERT_TRUE(t.ok()) << t.error;
  EXPECT_NE(t.text.find("experience"), std::string::npos) << t.text;
}

TEST_F(Pocketsphinx, ConcurrentSubmissionsAllComplete) {
  PocketsphinxRecognizer stt(PocketsphinxOptions{.workers = 2, .queueCapacity = 16});
  constexpr int kThreads = 3, kPerThread = 2;
  std::atomic<int> done{0}, correct{0};
  std::promise<void> all;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> submitters;
  for (int t = 0; t < kThreads; ++t) {
    submitters.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        const bool queued = stt.submit(answer_, [&](Transcription tr) {
          EXPECT_TRUE(tr.ok()) << tr.error;
          if (tr.text.find("experience") != std::string::npos) ++correct;
          if (++done == kThreads * kPerThread) all.set_value();
        });
        EXPECT_TRUE(queued);
      }
    });
  }
  for (auto& t : submitters) t.join();
  ASSERT_EQ(all.get_future().wait_for(std::chrono::seconds(60)), std::future_status::ready);
  EXPECT_EQ(correct, kThreads * kPerThread);
  const double wallMs = msSince(start);
  const double audioMs = static_cast<double>(answer_.size()) / 16 * kThreads * kPerThread;
  std::printf(
      "[ figures  ] %d utterances (%.0f ms of audio) on 2 decoders in %.0f ms: %.2f s of speech per s\n",
      kThreads * kPerThread, audioMs, wallMs, audioMs / wallMs);
}

TEST_F(Pocketsphinx, FullQueueRefusesAndShutdownTellsTheWaiting) {
  std::atomic<int> callbacks{0}, shutdownErrors{0};
  int accepted = 0, refused = 0;
  {
    PocketsphinxRecognizer stt(PocketsphinxOptions{.workers = 1, .queueCapacity = 2});
    for (int i = 0; i < 10; ++i) {
      const bool ok = stt.submit(answer_, [&](Transcription t) {
        ++callbacks;
        if (!t.ok()) ++shutdownErrors;
      });
      (ok ? accepted : refused)++;
    }
    EXPECT_EQ(stt.transcribe(answer_).error, "recogniser busy: queue full");
  }                        // destroyed with jobs waiting: they end with an error, none is lost
  EXPECT_LE(accepted, 4);  // one decoding + two waiting (+ one if the worker was quick)
  EXPECT_GE(refused, 6);
  EXPECT_EQ(callbacks, accepted);
  EXPECT_GE(shutdownErrors, 1);
}

TEST_F(Pocketsphinx, MissingModelFailsAtStartUp) {
  EXPECT_THROW(PocketsphinxRecognizer(PocketsphinxOptions{.modelDir = "/nonexistent", .workers = 1}),
               std::runtime_error);
}

TEST_F(Pocketsphinx, EmptyAndSilentAudioGiveEmptyText) {
  PocketsphinxRecognizer stt(PocketsphinxOptions{.workers = 1});
  const Transcription empty = stt.transcribe({});
  EXPECT_TRUE(empty.ok()) << empty.error;
  EXPECT_EQ(empty.text, "");
  const Transcription quiet = stt.transcribe(silence(1000));
  EXPECT_TRUE(quiet.ok()) << quiet.error;
  EXPECT_EQ(quiet.text, "");
}

}  // namespace
}  // namespace irtc::engine
