// Turn detection with OpenAI's server-VAD semantics on the candidate's decoded audio (16 kHz mono).
//
// Why an energy detector and not WebRTC's: Debian 12's libwebrtc-audio-processing-dev (0.3) installs
// no webrtc_vad.h; its only VAD is VoiceDetection inside the full AudioProcessing module. That is
// usable, but (measured here on 10 ms frames) it gives a yes/no per frame with four "likelihood"
// levels, so OpenAI's continuous threshold cannot be mapped onto it; it flags stationary brown noise
// at -14 dBFS as voice in 100 % of frames at every likelihood, so a noisy room would never end a
// turn; and it would add a build dependency that is not installed. An energy detector with an
// adaptive noise floor tracks stationary noise, maps the threshold onto a continuous margin above
// that floor, and costs about a thousand multiply-adds per 10 ms frame on the media thread. Levels are
// measured after a 100 Hz high-pass: DC offset and rumble (HVAC, handling noise, brown noise) carry
// much energy and little speech, and their slow swings would otherwise read as voice.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <variant>
#include <vector>

namespace irtc::engine {

// The session's turn_detection settings (server_vad). Out-of-range values are clamped.
struct VadParams {
  double threshold = 0.5;       // 0..1: higher needs louder speech relative to the noise floor
  int prefixPaddingMs = 300;    // audio kept before the detected onset, 0..5000
  int silenceDurationMs = 500;  // silence that ends a turn, 10..10000
};

// Stream positions are milliseconds since the detector was created (or reset()), counting every
// sample fed to it — OpenAI's "since the session started" for the input audio buffer.
struct SpeechStarted {
  // Onset minus prefix padding (what OpenAI reports), but never before the previous turn's end:
  // turns do not overlap.
  std::int64_t audioStartMs = 0;
  std::int64_t voiceStartMs = 0;  // the first frame judged to be voice
};

struct SpeechStopped {
  std::int64_t audioEndMs = 0;  // end of the trailing silence window (what OpenAI reports)
  std::int64_t voiceEndMs = 0;  // end of the last frame judged to be voice
  std::int64_t audioStartMs = 0;
  std::vector<int16_t> audio;  // [audioStartMs, audioEndMs): the utterance for the recogniser
};

// The voice went quiet mid-turn for the pause window (shorter than the silence that ends a turn):
// the utterance so far, so recognition of what was said can start while the candidate goes on or
// the turn may be ending. If the turn then stops with the same voiceEndMs, the candidate did not
// speak again after the pause.
struct SpeechPaused {
  std::int64_t audioStartMs = 0;  // the turn's, as in SpeechStarted
  std::int64_t voiceEndMs = 0;
  std::vector<int16_t> audio;  // from audioStartMs
};

using VadEvent = std::variant<SpeechStarted, SpeechStopped, SpeechPaused>;

class VoiceActivityDetector {
 public:
  static constexpr int kSampleRate = 16000;
  static constexpr int kFrameMs = 10;
  static constexpr std::size_t kFrameSamples = kSampleRate * kFrameMs / 1000;

  // maxUtteranceMs bounds the audio one turn may hold: a turn that reaches it is ended there (the
  // speaker goes on in a new turn), so a stuck-open microphone cannot grow memory without limit.
  // pauseMs > 0 reports SpeechPaused after that much silence within a turn (when it is shorter
  // than the silence that ends the turn); 0 never does.
  explicit VoiceActivityDetector(VadParams params = {}, int maxUtteranceMs = 60000, int pauseMs = 0);

  // Thread-safe: may be called from the event thread while process() runs on the media thread.
  // Takes effect at the next frame boundary.
  void setParams(const VadParams& params);
  VadParams params() const;

  // Feeds samples of any length (frames are assembled internally) and returns what happened, in order.
  std::vector<VadEvent> process(const int16_t* samples, std::size_t count);
  std::vector<VadEvent> process(const std::vector<int16_t>& samples) {
    return process(samples.data(), samples.size());
  }

  // Ends an utterance in progress now (input_audio_buffer.commit); nothing if there is none.
  std::optional<SpeechStopped> endSpeech();
  // Forgets the utterance in progress and the pre-speech audio (input_audio_buffer.clear); the
  // stream position and the noise estimate are kept.
  void clear();

  bool inSpeech() const { return inSpeech_; }
  // The audio of the turn in progress so far, from its audioStartMs; empty outside a turn.
  const std::vector<int16_t>& utterance() const { return utterance_; }
  std::int64_t positionMs() const;
  double noiseFloorDb() const;  // for diagnostics
  double lastLevelDb() const { return lastLevelDb_; }

 private:
  void applyPendingParams();
  void processFrame(const int16_t* frame, std::vector<VadEvent>& events);
  SpeechStopped stop(std::int64_t voiceEndSample);
  void trimHistory();

  mutable std::mutex paramsMutex_;
  VadParams pending_;
  std::atomic<bool> pendingDirty_{false};

  VadParams params_;
  double marginDb_ = 0;
  std::int64_t maxUtteranceSamples_;
  std::int64_t pauseSamples_;
  bool pauseReported_ = false;  // for the current stretch of silence

  std::vector<int16_t> partial_;  // samples of an incomplete frame
  std::int64_t framesDone_ = 0;

  // Noise floor by minimum statistics: the quietest frame in each 100 ms block, over the last 3 s.
  std::deque<double> blockMinima_;
  double currentBlockMin_ = 1e9;
  int framesInBlock_ = 0;
  double lastLevelDb_ = -120;
  // High-pass biquad state (direct form I) and the filtered frame.
  double x1_ = 0, x2_ = 0, y1_ = 0, y2_ = 0;
  std::vector<int16_t> filtered_;

  // Onset: voiced frames among the last kOnsetWindow frames.
  std::deque<bool> recent_;
  int recentVoiced_ = 0;
  std::int64_t candidateStartFrame_ = -1;

  bool inSpeech_ = false;
  std::int64_t lastVoicedEndSample_ = 0;
  std::int64_t utteranceStartSample_ = 0;
  std::vector<int16_t> utterance_;

  // Audio before the onset, long enough for the prefix padding plus the onset window.
  std::vector<int16_t> history_;
  std::int64_t historyStartSample_ = 0;
};

}  // namespace irtc::engine
