#include "engine/webrtc/outgoing_audio.hpp"

#include <algorithm>
#include <cmath>

namespace irtc::engine {

bool OutgoingAudio::acceptedRate(int sampleRate) {
  return sampleRate >= 8000 && sampleRate <= 48000 && sampleRate % kFramesPerSecond == 0;
}

bool OutgoingAudio::push(const int16_t* samples, size_t count, int sampleRate) {
  if (!acceptedRate(sampleRate)) return false;
  if (count == 0) return true;
  std::lock_guard lock(mutex_);
  double ms = millisOf(count, sampleRate);
  if (queuedMs_ + ms > std::chrono::milliseconds(kMaxQueued).count()) return false;
  // Appending to the last segment keeps many small pushes from becoming many small segments.
  if (!segments_.empty() && segments_.back().sampleRate == sampleRate) {
    segments_.back().samples.insert(segments_.back().samples.end(), samples, samples + count);
  } else {
    segments_.push_back(Segment{sampleRate, std::vector<int16_t>(samples, samples + count)});
  }
  queuedMs_ += ms;
  return true;
}

OutgoingAudio::Frame OutgoingAudio::next() {
  std::lock_guard lock(mutex_);
  Frame frame;
  if (segments_.empty()) {
    frame.sampleRate = lastRate_;
    frame.samples.assign(size_t(lastRate_ / kFramesPerSecond), 0);
    return frame;
  }
  frame.sampleRate = lastRate_ = segments_.front().sampleRate;
  frame.silence = false;
  const size_t wanted = size_t(frame.sampleRate / kFramesPerSecond);
  frame.samples.reserve(wanted);
  // A segment of another rate is left for the next frame: a frame has one rate.
  while (frame.samples.size() < wanted && !segments_.empty() &&
         segments_.front().sampleRate == frame.sampleRate) {
    Segment& front = segments_.front();
    size_t take = std::min(wanted - frame.samples.size(), front.samples.size() - front.offset);
    frame.samples.insert(frame.samples.end(), front.samples.begin() + long(front.offset),
                         front.samples.begin() + long(front.offset + take));
    front.offset += take;
    queuedMs_ -= millisOf(take, frame.sampleRate);
    if (front.offset == front.samples.size()) {
      segments_.pop_front();
    } else if (front.offset >= size_t(front.sampleRate) && front.offset * 2 >= front.samples.size()) {
      // A producer appending while we consume keeps one segment alive: drop its played part.
      front.samples.erase(front.samples.begin(), front.samples.begin() + long(front.offset));
      front.offset = 0;
    }
  }
  if (segments_.empty()) queuedMs_ = 0;  // no drift from rounding
  frame.samples.resize(wanted, 0);
  return frame;
}

std::chrono::milliseconds OutgoingAudio::clear() {
  std::lock_guard lock(mutex_);
  auto dropped = std::chrono::milliseconds(std::llround(queuedMs_));
  segments_.clear();
  queuedMs_ = 0;
  return dropped;
}

std::chrono::milliseconds OutgoingAudio::queued() const {
  std::lock_guard lock(mutex_);
  return std::chrono::milliseconds(std::llround(queuedMs_));
}

}  // namespace irtc::engine
