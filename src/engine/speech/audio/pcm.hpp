// Small helpers for 16-bit mono PCM: levels, sample-rate conversion and WAV framing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace irtc::engine {

// Mean power of the samples in dB relative to a full-scale square wave; -120 for silence or no samples.
double levelDbfs(const int16_t* samples, std::size_t count);

// Band-limited (windowed-sinc) conversion. Good enough for speech between the rates this engine
// meets (16, 22.05, 24, 48 kHz); it is not a real-time streaming resampler — the media pipeline
// has GStreamer's audioresample for that.
std::vector<int16_t> resample(const int16_t* samples, std::size_t count, int fromRate, int toRate);
inline std::vector<int16_t> resample(const std::vector<int16_t>& samples, int fromRate, int toRate) {
  return resample(samples.data(), samples.size(), fromRate, toRate);
}

// A complete RIFF/WAVE file (PCM, 16-bit, mono) holding the samples.
std::string wavFile(const int16_t* samples, std::size_t count, int sampleRate);

inline std::int64_t samplesToMs(std::int64_t samples, int sampleRate) {
  return samples * 1000 / sampleRate;
}

}  // namespace irtc::engine
