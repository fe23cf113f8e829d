#include "engine/webrtc/outgoing_audio.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace irtc::engine {
namespace {

using namespace std::chrono_literals;

std::vector<int16_t> ramp(size_t count, int16_t first = 1) {
  std::vector<int16_t> samples(count);
  std::iota(samples.begin(), samples.end(), first);
  return samples;
}

TEST(OutgoingAudioTest, AcceptsRatesWithWhole20msFrames) {
  for (int rate : {8000, 16000, 22050, 24000, 44100, 48000})
    EXPECT_TRUE(OutgoingAudio::acceptedRate(rate)) << rate;
  for (int rate : {0, -16000, 7999, 11025, 96000, 16001})
    EXPECT_FALSE(OutgoingAudio::acceptedRate(rate)) << rate;
  OutgoingAudio audio;
  int16_t sample = 1;
  EXPECT_FALSE(audio.push(&sample, 1, 11025));
  EXPECT_EQ(audio.queued(), 0ms);
}

TEST(OutgoingAudioTest, SilenceWhenNothingIsQueued) {
  OutgoingAudio audio;
  auto frame = audio.next();
  EXPECT_TRUE(frame.silence);
  EXPECT_EQ(frame.sampleRate, 48000);
  EXPECT_EQ(frame.samples.size(), 960u);
  EXPECT_TRUE(std::all_of(frame.samples.begin(), frame.samples.end(), [](int16_t s) { return s == 0; }));
}

TEST(OutgoingAudioTest, CutsQueuedSpeechInto20msFramesAndPadsTheLast) {
  OutgoingAudio audio;
  auto samples = ramp(441 * 2 + 100);  // 22050 Hz: 441 samples per frame
  ASSERT_TRUE(audio.push(samples.data(), samples.size(), 22050));
  EXPECT_EQ(audio.queued(), 45ms);
  auto first = audio.next();
  EXPECT_FALSE(first.silence);
  EXPECT_EQ(first.sampleRate, 22050);
  ASSERT_EQ(first.samples.size(), 441u);
  EXPECT_EQ(first.samples.front(), 1);
  EXPECT_EQ(audio.next().samples.front(), 442);
  auto last = audio.next();
  EXPECT_EQ(last.samples[99], 982);
  EXPECT_EQ(last.samples[100], 0);
  EXPECT_EQ(audio.queued(), 0ms);
  auto after = audio.next();
  EXPECT_TRUE(after.silence);
  EXPECT_EQ(after.sampleRate, 22050) << "silence keeps the last rate: no caps change between utterances";
}

TEST(OutgoingAudioTest, JoinsSmallPushesAndNeverMixesRatesInAFrame) {
  OutgoingAudio audio;
  auto a = ramp(200), b = ramp(200, 201), c = ramp(480);
  audio.push(a.data(), a.size(), 16000);
  audio.push(b.data(), b.size(), 16000);
  audio.push(c.data(), c.size(), 24000);
  auto frame = audio.next();
  EXPECT_EQ(frame.sampleRate, 16000);
  EXPECT_EQ(frame.samples[319], 320);
  frame = audio.next();
  EXPECT_EQ(frame.sampleRate, 16000);
  EXPECT_EQ(frame.samples[79], 400);
  EXPECT_EQ(frame.samples[80], 0) << "padded, not filled from the 24 kHz segment";
  frame = audio.next();
  EXPECT_EQ(frame.sampleRate, 24000);
  EXPECT_EQ(frame.samples.size(), 480u);
}

TEST(OutgoingAudioTest, ClearDropsEverythingAndSaysHowMuch) {
  OutgoingAudio audio;
  auto samples = ramp(24000 * 3);
  audio.push(samples.data(), samples.size(), 24000);
  audio.next();
  EXPECT_EQ(audio.clear(), 2980ms);
  EXPECT_EQ(audio.queued(), 0ms);
  EXPECT_TRUE(audio.next().silence);
  EXPECT_EQ(audio.clear(), 0ms);
}

TEST(OutgoingAudioTest, RefusesToQueueBeyondTheBound) {
  OutgoingAudio audio;
  std::vector<int16_t> minute(16000 * 60);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(audio.push(minute.data(), minute.size(), 16000));
  EXPECT_FALSE(audio.push(minute.data(), 16, 16000));
  EXPECT_EQ(audio.queued(), 300000ms);
}

// The producer runs ahead of the consumer on one growing segment (the played part is compacted away).
TEST(OutgoingAudioTest, ConsumingWhileProducingKeepsOrder) {
  OutgoingAudio audio;
  int16_t next = 0;
  int16_t expected = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<int16_t> chunk(1440);
    for (auto& s : chunk) s = next++;
    audio.push(chunk.data(), chunk.size(), 48000);
    auto frame = audio.next();
    ASSERT_FALSE(frame.silence);
    for (int16_t s : frame.samples) ASSERT_EQ(s, expected++);
  }
  EXPECT_EQ(audio.queued(), 3000ms);
}

}  // namespace
}  // namespace irtc::engine
