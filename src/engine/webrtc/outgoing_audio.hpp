// The interviewer's speech waiting to be sent: PCM queued by the speech code, taken out one 20 ms
// frame at a time by the call's send thread. Kept free of GStreamer so it can be tested alone.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

namespace irtc::engine {

class OutgoingAudio {
 public:
  static constexpr int kFramesPerSecond = 50;  // 20 ms frames, one Opus packet each
  // Bounds memory if a producer runs far ahead of real time (a TTS engine is much faster).
  static constexpr std::chrono::seconds kMaxQueued{300};

  // Accepted: 8000..48000 Hz and divisible by 50 (16000, 22050, 24000, 44100, 48000 ...), so every
  // 20 ms frame is a whole number of samples.
  static bool acceptedRate(int sampleRate);

  // Appends mono samples. Returns false (and queues nothing) for an unaccepted rate or when the
  // queue would exceed kMaxQueued.
  bool push(const int16_t* samples, size_t count, int sampleRate);

  struct Frame {
    int sampleRate = 48000;
    std::vector<int16_t> samples;  // sampleRate / 50 samples
    bool silence = true;           // nothing was queued: the frame is all zeros
  };
  // One 20 ms frame: queued speech if any (padded with zeros at the end of an utterance or where
  // the rate changes), otherwise silence at the last rate used.
  Frame next();

  // Drops everything queued; returns how much audio that was.
  std::chrono::milliseconds clear();

  std::chrono::milliseconds queued() const;

 private:
  struct Segment {
    int sampleRate;
    std::vector<int16_t> samples;
    size_t offset = 0;  // samples already taken
  };
  static double millisOf(size_t samples, int rate) { return 1000.0 * double(samples) / rate; }

  mutable std::mutex mutex_;
  std::deque<Segment> segments_;
  double queuedMs_ = 0;  // sum over segments of the untaken samples, in ms
  int lastRate_ = 48000;
};

}  // namespace irtc::engine
