#include "engine/speech/audio/vad.hpp"

#include <algorithm>

#include "engine/speech/audio/pcm.hpp"

namespace irtc::engine {

namespace {

// 100 ms blocks over 3 s: a floor that follows a fan switched on within ~3 s, yet does not climb
// into speech, which always dips towards the floor between words well within 3 s.
constexpr int kBlockFrames = 10;
constexpr std::size_t kFloorBlocks = 30;
// Below this the "noise" is digital silence or dither; comparing speech to it would make any
// faint hiss a turn.
constexpr double kMinFloorDb = -70.0;
// A turn starts once 4 of the last 8 frames (80 ms) are voiced: a click or a cough of one frame
// does not open a turn, and speech is still recognised within ~40–80 ms of its onset.
constexpr std::size_t kOnsetWindow = 8;
constexpr int kOnsetVoiced = 4;

// threshold 0 → 4 dB above the noise floor, 0.5 → 16 dB, 1 → 28 dB. At the default, normal speech
// (-35..-15 dBFS) in a quiet room (< -55 dBFS) is voiced while breaths and room noise are not.
double marginFor(double threshold) {
  return 4.0 + 24.0 * threshold;
}

// 2nd-order Butterworth high-pass at 100 Hz for 16 kHz (RBJ cookbook, Q = 1/sqrt(2)); keeps the
// fundamental of low voices (85 Hz and up loses < 3 dB of their energy, carried by harmonics).
struct HighPass {
  double b0, b1, b2, a1, a2;
};
constexpr HighPass kHighPass = [] {
  constexpr double w0 = 2 * 3.14159265358979323846 * 100.0 / VoiceActivityDetector::kSampleRate;
  // cos/sin of w0 by Taylor series: constexpr std::cos is not standard in C++20.
  constexpr double c = 1 - w0 * w0 / 2 + w0 * w0 * w0 * w0 / 24 - w0 * w0 * w0 * w0 * w0 * w0 / 720;
  constexpr double s = w0 - w0 * w0 * w0 / 6 + w0 * w0 * w0 * w0 * w0 / 120;
  constexpr double alpha = s / (2 * 0.70710678118654752);
  constexpr double a0 = 1 + alpha;
  return HighPass{(1 + c) / 2 / a0, -(1 + c) / a0, (1 + c) / 2 / a0, -2 * c / a0, (1 - alpha) / a0};
}();

VadParams clamped(VadParams p) {
  p.threshold = std::clamp(p.threshold, 0.0, 1.0);
  p.prefixPaddingMs = std::clamp(p.prefixPaddingMs, 0, 5000);
  p.silenceDurationMs = std::clamp(p.silenceDurationMs, 10, 10000);
  return p;
}

std::int64_t toMs(std::int64_t samples) {
  return samplesToMs(samples, VoiceActivityDetector::kSampleRate);
}
std::int64_t fromMs(std::int64_t ms) {
  return ms * VoiceActivityDetector::kSampleRate / 1000;
}

}  // namespace

VoiceActivityDetector::VoiceActivityDetector(VadParams params, int maxUtteranceMs, int pauseMs)
    : pending_(clamped(params)),
      params_(pending_),
      marginDb_(marginFor(params_.threshold)),
      maxUtteranceSamples_(fromMs(std::max(1000, maxUtteranceMs))),
      pauseSamples_(fromMs(std::max(0, pauseMs))) {
  partial_.reserve(kFrameSamples);
  filtered_.resize(kFrameSamples);
}

void VoiceActivityDetector::setParams(const VadParams& params) {
  std::lock_guard lock(paramsMutex_);
  pending_ = clamped(params);
  pendingDirty_.store(true, std::memory_order_release);
}

VadParams VoiceActivityDetector::params() const {
  std::lock_guard lock(paramsMutex_);
  return pending_;
}

void VoiceActivityDetector::applyPendingParams() {
  std::lock_guard lock(paramsMutex_);
  params_ = pending_;
  marginDb_ = marginFor(params_.threshold);
  pendingDirty_.store(false, std::memory_order_relaxed);
}

std::vector<VadEvent> VoiceActivityDetector::process(const int16_t* samples, std::size_t count) {
  std::vector<VadEvent> events;
  std::size_t i = 0;
  while (i < count) {
    if (pendingDirty_.load(std::memory_order_acquire)) applyPendingParams();
    if (partial_.empty() && count - i >= kFrameSamples) {
      processFrame(samples + i, events);
      i += kFrameSamples;
      continue;
    }
    const std::size_t take = std::min(kFrameSamples - partial_.size(), count - i);
    partial_.insert(partial_.end(), samples + i, samples + i + take);
    i += take;
    if (partial_.size() == kFrameSamples) {
      processFrame(partial_.data(), events);
      partial_.clear();
    }
  }
  return events;
}

void VoiceActivityDetector::processFrame(const int16_t* frame, std::vector<VadEvent>& events) {
  for (std::size_t i = 0; i < kFrameSamples; ++i) {
    const double x = frame[i];
    const double y =
        kHighPass.b0 * x + kHighPass.b1 * x1_ + kHighPass.b2 * x2_ - kHighPass.a1 * y1_ - kHighPass.a2 * y2_;
    x2_ = x1_;
    x1_ = x;
    y2_ = y1_;
    y1_ = y;
    filtered_[i] = static_cast<int16_t>(std::clamp(y, -32768.0, 32767.0));
  }
  const double level = levelDbfs(filtered_.data(), kFrameSamples);
  lastLevelDb_ = level;
  currentBlockMin_ = std::min(currentBlockMin_, level);
  if (++framesInBlock_ == kBlockFrames) {
    blockMinima_.push_back(currentBlockMin_);
    if (blockMinima_.size() > kFloorBlocks) blockMinima_.pop_front();
    currentBlockMin_ = 1e9;
    framesInBlock_ = 0;
  }
  const bool voiced = level > noiseFloorDb() + marginDb_;

  const std::int64_t frameStart = framesDone_ * static_cast<std::int64_t>(kFrameSamples);
  const std::int64_t frameEnd = frameStart + static_cast<std::int64_t>(kFrameSamples);
  ++framesDone_;

  if (inSpeech_) {
    utterance_.insert(utterance_.end(), frame, frame + kFrameSamples);
    if (voiced) {
      lastVoicedEndSample_ = frameEnd;
      pauseReported_ = false;
    }
    const std::int64_t silent = frameEnd - lastVoicedEndSample_;
    if (pauseSamples_ > 0 && !pauseReported_ && silent >= pauseSamples_ &&
        silent < fromMs(params_.silenceDurationMs)) {
      pauseReported_ = true;
      events.emplace_back(SpeechPaused{toMs(utteranceStartSample_), toMs(lastVoicedEndSample_), utterance_});
    }
    if (silent >= fromMs(params_.silenceDurationMs)) {
      events.emplace_back(stop(lastVoicedEndSample_));
    } else if (static_cast<std::int64_t>(utterance_.size()) >= maxUtteranceSamples_) {
      events.emplace_back(stop(frameEnd));
    }
    return;
  }

  history_.insert(history_.end(), frame, frame + kFrameSamples);
  recent_.push_back(voiced);
  recentVoiced_ += voiced ? 1 : 0;
  if (recent_.size() > kOnsetWindow) {
    recentVoiced_ -= recent_.front() ? 1 : 0;
    recent_.pop_front();
  }
  if (recentVoiced_ == 0) candidateStartFrame_ = -1;
  if (voiced && candidateStartFrame_ < 0) candidateStartFrame_ = framesDone_ - 1;

  if (recentVoiced_ < kOnsetVoiced) {
    trimHistory();
    return;
  }
  // Onset. The turn's audio starts prefix_padding_ms before the first voiced frame, or where the
  // kept history starts if the stream (or the last clear()) is younger than that.
  const std::int64_t voiceStart = candidateStartFrame_ * static_cast<std::int64_t>(kFrameSamples);
  utteranceStartSample_ = std::max(historyStartSample_, voiceStart - fromMs(params_.prefixPaddingMs));
  utterance_.assign(history_.begin() + (utteranceStartSample_ - historyStartSample_), history_.end());
  history_.clear();
  historyStartSample_ = frameEnd;
  recent_.clear();
  recentVoiced_ = 0;
  candidateStartFrame_ = -1;
  inSpeech_ = true;
  pauseReported_ = false;
  lastVoicedEndSample_ = frameEnd;
  events.emplace_back(SpeechStarted{toMs(utteranceStartSample_), toMs(voiceStart)});
}

SpeechStopped VoiceActivityDetector::stop(std::int64_t voiceEndSample) {
  SpeechStopped stopped;
  stopped.audioStartMs = toMs(utteranceStartSample_);
  stopped.audioEndMs = toMs(utteranceStartSample_ + static_cast<std::int64_t>(utterance_.size()));
  stopped.voiceEndMs = toMs(voiceEndSample);
  stopped.audio = std::move(utterance_);
  utterance_ = {};
  inSpeech_ = false;
  history_.clear();
  historyStartSample_ = framesDone_ * static_cast<std::int64_t>(kFrameSamples);
  return stopped;
}

std::optional<SpeechStopped> VoiceActivityDetector::endSpeech() {
  if (!inSpeech_) return std::nullopt;
  return stop(lastVoicedEndSample_);
}

void VoiceActivityDetector::clear() {
  utterance_ = {};
  inSpeech_ = false;
  history_.clear();
  historyStartSample_ = framesDone_ * static_cast<std::int64_t>(kFrameSamples);
  recent_.clear();
  recentVoiced_ = 0;
  candidateStartFrame_ = -1;
}

void VoiceActivityDetector::trimHistory() {
  // Erase in bulk once the history is twice what can be needed, so trimming is O(1) per sample.
  const auto keep =
      static_cast<std::size_t>(fromMs(params_.prefixPaddingMs)) + (kOnsetWindow + 1) * kFrameSamples;
  if (history_.size() <= 2 * keep) return;
  const std::size_t drop = history_.size() - keep;
  history_.erase(history_.begin(), history_.begin() + static_cast<std::ptrdiff_t>(drop));
  historyStartSample_ += static_cast<std::int64_t>(drop);
}

std::int64_t VoiceActivityDetector::positionMs() const {
  return toMs(framesDone_ * static_cast<std::int64_t>(kFrameSamples) +
              static_cast<std::int64_t>(partial_.size()));
}

double VoiceActivityDetector::noiseFloorDb() const {
  if (framesDone_ == 0 && framesInBlock_ == 0) return kMinFloorDb;
  double floor = currentBlockMin_;
  for (double m : blockMinima_) floor = std::min(floor, m);
  return std::max(floor, kMinFloorDb);
}

}  // namespace irtc::engine
