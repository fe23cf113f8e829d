#include "engine/speech/audio/vad.hpp"

#include <gtest/gtest.h>

#include "engine/speech/espeak_synthesizer.hpp"
#include "speech_fixtures.hpp"

namespace irtc::engine {
namespace {

using namespace irtc::engine::test;

constexpr int64_t kTolMs = 60;

struct Turn {
  SpeechStarted started;
  SpeechStopped stopped;
};

// Feeds the audio in pieces of `piece` samples and pairs up the events.
std::vector<Turn> run(VoiceActivityDetector& vad, const std::vector<int16_t>& pcm, std::size_t piece = 320) {
  std::vector<Turn> turns;
  std::optional<SpeechStarted> open;
  for (std::size_t i = 0; i < pcm.size(); i += piece) {
    for (auto& event : vad.process(pcm.data() + i, std::min(piece, pcm.size() - i))) {
      if (auto* s = std::get_if<SpeechStarted>(&event)) {
        EXPECT_FALSE(open) << "two starts in a row";
        open = *s;
      } else {
        EXPECT_TRUE(open) << "stop without start";
        if (open) turns.push_back({*open, std::move(std::get<SpeechStopped>(event))});
        open.reset();
      }
    }
  }
  return turns;
}

// previousEnd: where the last turn's audio ended; the prefix padding never reaches back past it.
void expectTurn(const Turn& t, int64_t voiceStart, int64_t voiceEnd, const VadParams& p = {},
                int64_t previousEnd = 0) {
  EXPECT_NEAR(t.started.voiceStartMs, voiceStart, kTolMs);
  EXPECT_NEAR(t.stopped.voiceEndMs, voiceEnd, kTolMs);
  // OpenAI's semantics: audio_start_ms includes the prefix padding, audio_end_ms the silence window.
  EXPECT_EQ(t.started.audioStartMs,
            std::max<int64_t>(previousEnd, t.started.voiceStartMs - p.prefixPaddingMs));
  EXPECT_NEAR(t.stopped.audioEndMs, t.stopped.voiceEndMs + p.silenceDurationMs, 10);
  EXPECT_EQ(t.stopped.audioStartMs, t.started.audioStartMs);
  EXPECT_EQ(static_cast<int64_t>(t.stopped.audio.size()),
            (t.stopped.audioEndMs - t.stopped.audioStartMs) * 16);
}

TEST(Vad, SilenceAloneIsNoTurn) {
  VoiceActivityDetector vad;
  auto pcm = silence(3000);
  mixInto(pcm, noise(3000, -65));
  EXPECT_TRUE(run(vad, pcm).empty());
  EXPECT_FALSE(vad.inSpeech());
  EXPECT_EQ(vad.positionMs(), 3000);
}

TEST(Vad, ToneBurstsGiveTurnsWithOpenAiPositions) {
  std::vector<int16_t> pcm = silence(1000);
  append(pcm, tone(800, -15));
  append(pcm, silence(1500));
  append(pcm, tone(600, -20, 300));
  append(pcm, silence(1500));
  mixInto(pcm, noise(static_cast<int>(pcm.size() / 16), -60));
  for (std::size_t piece : {320u, 37u, 4096u}) {  // frame assembly must not matter
    VoiceActivityDetector vad;
    const auto turns = run(vad, pcm, piece);
    ASSERT_EQ(turns.size(), 2u) << "piece " << piece;
    expectTurn(turns[0], 1000, 1800);
    expectTurn(turns[1], 3300, 3900, {}, turns[0].stopped.audioEndMs);
  }
}

TEST(Vad, PrefixPaddingHoldsTheAudioBeforeTheOnset) {
  std::vector<int16_t> pcm = silence(1000);
  append(pcm, tone(500, -15));
  append(pcm, silence(1000));
  for (int prefix : {0, 300, 700}) {
    VoiceActivityDetector vad({0.5, prefix, 500});
    const auto turns = run(vad, pcm);
    ASSERT_EQ(turns.size(), 1u);
    expectTurn(turns[0], 1000, 1500, {0.5, prefix, 500});
    // The utterance begins with `prefix` ms of the silence, then the tone.
    const auto& audio = turns[0].stopped.audio;
    const auto span = audibleSpan(audio);
    EXPECT_NEAR(span.first, prefix, kTolMs) << "prefix " << prefix;
    EXPECT_NEAR(span.second - span.first, 500, kTolMs);
  }
  // A prefix longer than the stream so far starts the utterance at the stream's start.
  VoiceActivityDetector vad({0.5, 2000, 500});
  const auto turns = run(vad, pcm);
  ASSERT_EQ(turns.size(), 1u);
  EXPECT_EQ(turns[0].started.audioStartMs, 0);
}

TEST(Vad, SilenceDurationDecidesWhetherAPauseEndsTheTurn) {
  std::vector<int16_t> pcm = silence(800);
  append(pcm, tone(400, -15));
  append(pcm, silence(300));  // a pause inside a sentence
  append(pcm, tone(400, -15));
  append(pcm, silence(1200));
  VoiceActivityDetector patient;  // silence_duration_ms 500: one turn
  auto turns = run(patient, pcm);
  ASSERT_EQ(turns.size(), 1u);
  expectTurn(turns[0], 800, 1900);

  VoiceActivityDetector eager({0.5, 300, 200});  // 200 ms: the pause ends the turn
  turns = run(eager, pcm);
  ASSERT_EQ(turns.size(), 2u);
  expectTurn(turns[0], 800, 1200, {0.5, 300, 200});
  expectTurn(turns[1], 1500, 1900, {0.5, 300, 200}, turns[0].stopped.audioEndMs);
}

TEST(Vad, ThresholdChangesTakeEffectAtRunTime) {
  // A quiet voice (-50 dBFS) over a quiet room: too quiet for threshold 0.9, heard at 0.2.
  std::vector<int16_t> burst = silence(1000);
  append(burst, tone(600, -50));
  append(burst, silence(1000));
  mixInto(burst, noise(2600, -75));
  VoiceActivityDetector vad({0.9, 300, 500});
  EXPECT_TRUE(run(vad, burst).empty());
  vad.setParams({0.2, 300, 500});
  EXPECT_DOUBLE_EQ(vad.params().threshold, 0.2);
  const auto turns = run(vad, burst);
  ASSERT_EQ(turns.size(), 1u);
  EXPECT_NEAR(turns[0].started.voiceStartMs, 2600 + 1000, kTolMs);  // positions keep counting
  // Out-of-range values are clamped, not rejected.
  vad.setParams({7.0, -5, 0});
  EXPECT_DOUBLE_EQ(vad.params().threshold, 1.0);
  EXPECT_EQ(vad.params().prefixPaddingMs, 0);
  EXPECT_EQ(vad.params().silenceDurationMs, 10);
}

TEST(Vad, NoiseFloorAdaptsToStationaryNoise) {
  for (bool brown : {false, true}) {
    // Steady noise at -35 dBFS (loud room) with a voice 20 dB above it.
    std::vector<int16_t> pcm = noise(6000, -35, brown);
    std::vector<int16_t> voice = silence(3000);
    append(voice, tone(700, -15));
    mixInto(pcm, voice);
    VoiceActivityDetector vad;
    const auto turns = run(vad, pcm);
    ASSERT_EQ(turns.size(), 1u) << (brown ? "brown" : "white") << " floor " << vad.noiseFloorDb();
    expectTurn(turns[0], 3000, 3700);
  }
  for (double level : {-50.0, -35.0, -20.0}) {
    for (bool brown : {false, true}) {  // noise alone, from the first sample: never a turn
      VoiceActivityDetector vad;
      EXPECT_TRUE(run(vad, noise(8000, level, brown, 11)).empty()) << level << (brown ? " brown" : " white");
      EXPECT_FALSE(vad.inSpeech()) << level << (brown ? " brown" : " white");
    }
  }
}

TEST(Vad, EndSpeechAndClear) {
  VoiceActivityDetector vad;
  std::vector<int16_t> pcm = silence(500);
  append(pcm, tone(400, -15));
  auto events = vad.process(pcm);
  ASSERT_EQ(events.size(), 1u);
  ASSERT_TRUE(vad.inSpeech());
  auto stopped = vad.endSpeech();  // input_audio_buffer.commit
  ASSERT_TRUE(stopped);
  EXPECT_EQ(stopped->audioEndMs, 900);
  EXPECT_EQ(stopped->audioStartMs, 200);
  EXPECT_FALSE(vad.endSpeech());

  vad.process(tone(300, -15));
  ASSERT_TRUE(vad.inSpeech());
  vad.clear();  // input_audio_buffer.clear: the turn is dropped without an event
  EXPECT_FALSE(vad.inSpeech());
  EXPECT_TRUE(vad.process(silence(1000)).empty());
  EXPECT_EQ(vad.positionMs(), 2200);
}

TEST(Vad, LongTurnIsCutAtTheLimit) {
  VoiceActivityDetector vad({}, 1000);
  std::vector<int16_t> pcm = silence(500);
  append(pcm, tone(2500, -15));
  append(pcm, silence(1000));
  const auto turns = run(vad, pcm);
  ASSERT_GE(turns.size(), 2u);
  EXPECT_LE(turns[0].stopped.audio.size(), 1000u * 16);
}

TEST(Vad, SpeechWithGapsFromEspeak) {
  EspeakSynthesizer tts;
  const auto first = synthesize16k(tts, "I have five years of experience with databases.", "en-us+klatt2");
  const auto second = synthesize16k(tts, "I mostly worked with PostgreSQL and Redis.", "en-us+klatt2");
  std::vector<int16_t> pcm = silence(800);
  const int64_t firstAt = 800;
  append(pcm, first);
  append(pcm, silence(1500));
  const int64_t secondAt = static_cast<int64_t>(pcm.size() / 16);
  append(pcm, second);
  append(pcm, silence(1500));
  mixInto(pcm, noise(static_cast<int>(pcm.size() / 16), -65));
  const auto a = audibleSpan(first, -45), b = audibleSpan(second, -45);

  VoiceActivityDetector vad;
  const auto turns = run(vad, pcm);
  ASSERT_EQ(turns.size(), 2u);
  expectTurn(turns[0], firstAt + a.first, firstAt + a.second);
  expectTurn(turns[1], secondAt + b.first, secondAt + b.second, {}, turns[0].stopped.audioEndMs);
  std::printf(
      "[ figures  ] espeak turns: voice %lld..%lld ms (truth %lld..%lld), %lld..%lld ms (truth %lld..%lld)\n",
      static_cast<long long>(turns[0].started.voiceStartMs),
      static_cast<long long>(turns[0].stopped.voiceEndMs), static_cast<long long>(firstAt + a.first),
      static_cast<long long>(firstAt + a.second), static_cast<long long>(turns[1].started.voiceStartMs),
      static_cast<long long>(turns[1].stopped.voiceEndMs), static_cast<long long>(secondAt + b.first),
      static_cast<long long>(secondAt + b.second));
}

}  // namespace
}  // namespace irtc::engine

namespace irtc::engine {
namespace {

using namespace irtc::engine::test;

TEST(Vad, PausesInsideATurnAreReportedOnceEachWithTheAudioSoFar) {
  VoiceActivityDetector vad(VadParams{}, 60000, 150);
  std::vector<int16_t> pcm = silence(500);
  append(pcm, tone(400, -15));
  append(pcm, silence(250));  // a pause: reported, the turn goes on
  append(pcm, tone(300, -15));
  append(pcm, silence(700));  // the end of the turn
  std::vector<SpeechPaused> pauses;
  std::optional<SpeechStopped> stopped;
  for (auto& event : vad.process(pcm)) {
    if (auto* p = std::get_if<SpeechPaused>(&event)) pauses.push_back(std::move(*p));
    if (auto* s = std::get_if<SpeechStopped>(&event)) stopped = std::move(*s);
  }
  ASSERT_EQ(pauses.size(), 2u);
  ASSERT_TRUE(stopped);
  EXPECT_NEAR(pauses[0].voiceEndMs, 900, 20);
  // The last pause saw the same end of voice as the stop: its audio is the whole turn's speech.
  EXPECT_EQ(pauses[1].voiceEndMs, stopped->voiceEndMs);
  EXPECT_EQ(pauses[0].audioStartMs, stopped->audioStartMs);
  EXPECT_EQ(pauses[1].audioStartMs, stopped->audioStartMs);
  EXPECT_LT(pauses[1].audio.size(), stopped->audio.size());
  EXPECT_TRUE(std::equal(pauses[1].audio.begin(), pauses[1].audio.end(), stopped->audio.begin()));
}

TEST(Vad, NoPausesWhenNotAsked) {
  VoiceActivityDetector vad;
  std::vector<int16_t> pcm = silence(500);
  append(pcm, tone(400, -15));
  append(pcm, silence(250));
  append(pcm, tone(300, -15));
  for (auto& event : vad.process(pcm)) EXPECT_FALSE(std::holds_alternative<SpeechPaused>(event));
}

}  // namespace
}  // namespace irtc::engine
