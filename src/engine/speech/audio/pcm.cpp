#include "engine/speech/audio/pcm.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace irtc::engine {

double levelDbfs(const int16_t* samples, std::size_t count) {
  if (count == 0) return -120.0;
  double sum = 0;
  for (std::size_t i = 0; i < count; ++i) sum += static_cast<double>(samples[i]) * samples[i];
  const double power = sum / static_cast<double>(count) / (32768.0 * 32768.0);
  return std::max(-120.0, 10.0 * std::log10(power + 1e-12));
}

std::vector<int16_t> resample(const int16_t* samples, std::size_t count, int fromRate, int toRate) {
  if (fromRate <= 0 || toRate <= 0 || count == 0) return {};
  if (fromRate == toRate) return std::vector<int16_t>(samples, samples + count);
  // Low-pass at the lower Nyquist frequency so downsampling does not fold the top band back into
  // the speech band, with a Hann-windowed sinc of 16 zero crossings each side.
  const double step = static_cast<double>(fromRate) / toRate;  // input samples per output sample
  const double scale = std::min(1.0, 1.0 / step);
  const double halfWidth = 16.0 / scale;
  const auto outCount = static_cast<std::size_t>(static_cast<double>(count) / step);
  std::vector<int16_t> out(outCount);
  for (std::size_t n = 0; n < outCount; ++n) {
    const double t = static_cast<double>(n) * step;
    const auto first = static_cast<long>(std::ceil(t - halfWidth));
    const auto last = static_cast<long>(std::floor(t + halfWidth));
    double acc = 0;
    for (long k = std::max(0L, first); k <= std::min(static_cast<long>(count) - 1, last); ++k) {
      const double d = t - static_cast<double>(k);
      const double x = std::numbers::pi * d * scale;
      const double sinc = std::abs(x) < 1e-9 ? 1.0 : std::sin(x) / x;
      const double window = 0.5 + 0.5 * std::cos(std::numbers::pi * d / halfWidth);
      acc += samples[k] * scale * sinc * window;
    }
    out[n] = static_cast<int16_t>(std::clamp(std::lround(acc), -32768L, 32767L));
  }
  return out;
}

namespace {
void put16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}
void put32(std::string& out, uint32_t v) {
  put16(out, static_cast<uint16_t>(v & 0xffff));
  put16(out, static_cast<uint16_t>(v >> 16));
}
}  // namespace

std::string wavFile(const int16_t* samples, std::size_t count, int sampleRate) {
  const auto dataBytes = static_cast<uint32_t>(count * 2);
  std::string out;
  out.reserve(44 + dataBytes);
  out += "RIFF";
  put32(out, 36 + dataBytes);
  out += "WAVEfmt ";
  put32(out, 16);  // fmt chunk size
  put16(out, 1);   // PCM
  put16(out, 1);   // mono
  put32(out, static_cast<uint32_t>(sampleRate));
  put32(out, static_cast<uint32_t>(sampleRate) * 2);  // byte rate
  put16(out, 2);                                      // block align
  put16(out, 16);                                     // bits per sample
  out += "data";
  put32(out, dataBytes);
  for (std::size_t i = 0; i < count; ++i) put16(out, static_cast<uint16_t>(samples[i]));
  return out;
}

}  // namespace irtc::engine
