// Audio and measurement helpers shared by the speech tests (header-only: each test file is its
// own executable).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <future>
#include <numbers>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine/speech/audio/pcm.hpp"
#include "engine/speech/synthesizer.hpp"

namespace irtc::engine::test {

constexpr int kRate = 16000;

inline std::vector<int16_t> silence(int ms) {
  return std::vector<int16_t>(static_cast<std::size_t>(ms) * kRate / 1000, 0);
}

// A sine at `dbfs` (level of the tone's mean power, as levelDbfs() measures it).
inline std::vector<int16_t> tone(int ms, double dbfs, double hz = 440) {
  const double amplitude = 32768.0 * std::sqrt(2.0) * std::pow(10.0, dbfs / 20.0);
  std::vector<int16_t> out(static_cast<std::size_t>(ms) * kRate / 1000);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<int16_t>(std::lround(amplitude * std::sin(2 * std::numbers::pi * hz * i / kRate)));
  }
  return out;
}

// Gaussian white noise, or brown noise (integrated white noise, energy at low frequencies),
// scaled to `dbfs`; seeded, so runs are repeatable.
inline std::vector<int16_t> noise(int ms, double dbfs, bool brown = false, unsigned seed = 7) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> gauss(0, 1);
  std::vector<double> x(static_cast<std::size_t>(ms) * kRate / 1000);
  double y = 0;
  for (auto& v : x) {
    y = brown ? 0.995 * y + gauss(rng) : gauss(rng);
    v = y;
  }
  double power = 0;
  for (double v : x) power += v * v;
  power /= std::max<std::size_t>(1, x.size());
  const double gain = 32768.0 * std::pow(10.0, dbfs / 20.0) / std::sqrt(power + 1e-12);
  std::vector<int16_t> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i)
    out[i] = static_cast<int16_t>(std::clamp(x[i] * gain, -32768.0, 32767.0));
  return out;
}

inline void append(std::vector<int16_t>& to, const std::vector<int16_t>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

inline void mixInto(std::vector<int16_t>& to, const std::vector<int16_t>& add) {
  for (std::size_t i = 0; i < std::min(to.size(), add.size()); ++i) {
    to[i] = static_cast<int16_t>(std::clamp(to[i] + add[i], -32768, 32767));
  }
}

// Runs one utterance through a synthesiser and returns the audio at 16 kHz.
inline std::vector<int16_t> synthesize16k(Synthesizer& tts, const std::string& text,
                                          const std::string& voice) {
  std::vector<int16_t> audio;
  int rate = 0;
  std::promise<SynthesisResult> done;
  auto handle = tts.synthesize(
      text, voice,
      [&](const int16_t* s, std::size_t n, int r) {
        audio.insert(audio.end(), s, s + n);
        rate = r;
      },
      [&](const SynthesisResult& r) { done.set_value(r); });
  EXPECT_TRUE(handle.has_value());
  const SynthesisResult result = done.get_future().get();
  EXPECT_TRUE(result.ok()) << result.error;
  return resample(audio, rate, kRate);
}

// [start, end) in ms of the audible part: first and last 10 ms frame above `dbfs`.
inline std::pair<int64_t, int64_t> audibleSpan(const std::vector<int16_t>& pcm, double dbfs = -50) {
  int64_t first = -1, last = -1;
  for (std::size_t f = 0; (f + 1) * 160 <= pcm.size(); ++f) {
    if (levelDbfs(pcm.data() + f * 160, 160) > dbfs) {
      if (first < 0) first = static_cast<int64_t>(f);
      last = static_cast<int64_t>(f);
    }
  }
  return {first * 10, (last + 1) * 10};
}

inline std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string w;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '\'') {
      w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!w.empty()) {
      out.push_back(w);
      w.clear();
    }
  }
  return out;
}

// Word error rate: word-level edit distance over the reference's length.
inline double wordErrorRate(const std::string& reference, const std::string& hypothesis) {
  const auto r = words(reference), h = words(hypothesis);
  std::vector<std::vector<std::size_t>> d(r.size() + 1, std::vector<std::size_t>(h.size() + 1));
  for (std::size_t i = 0; i <= r.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= h.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= r.size(); ++i) {
    for (std::size_t j = 1; j <= h.size(); ++j) {
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (r[i - 1] == h[j - 1] ? 0 : 1)});
    }
  }
  return r.empty() ? (h.empty() ? 0.0 : 1.0) : static_cast<double>(d[r.size()][h.size()]) / r.size();
}

// Resident and private memory of this process in KiB (Linux smaps_rollup).
struct Memory {
  long rssKb = 0;
  long privateKb = 0;
};
inline Memory memoryNow() {
  Memory m;
  std::ifstream in("/proc/self/smaps_rollup");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    long kb = 0;
    fields >> key >> kb;
    if (key == "Rss:") m.rssKb = kb;
    if (key == "Private_Clean:" || key == "Private_Dirty:") m.privateKb += kb;
  }
  return m;
}

inline double msSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace irtc::engine::test
