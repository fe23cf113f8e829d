// The fake browsers' microphones: 16 kHz mono clips (a tone, or a sentence spoken by espeak-ng),
// and one sound-card thread per process that pushes the next 20 ms into every live microphone each
// 20 ms on an absolute schedule (a late tick is caught up, so each microphone stays real time).
#pragma once

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace irtc::test {

inline double steadyMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

using Clip = std::shared_ptr<const std::vector<int16_t>>;  // 16 kHz mono
inline constexpr int kMicRate = 16000;
inline constexpr std::size_t kMicChunk = kMicRate / 50;  // 20 ms

// One second of a 440 Hz sine at 0.3 of full scale: a whole number of periods, so it loops cleanly.
inline Clip toneClip() {
  auto samples = std::make_shared<std::vector<int16_t>>(kMicRate);
  for (int i = 0; i < kMicRate; ++i)
    (*samples)[i] = static_cast<int16_t>(0.3 * 32767 * std::sin(2 * M_PI * 440 * i / kMicRate));
  return samples;
}

// A sentence in espeak-ng's klatt2 voice (what pocketsphinx recognises best), as 16 kHz samples.
inline std::vector<int16_t> spokenSamples(const std::string& sentence) {
  char dir[] = "/tmp/spoken-XXXXXX";
  if (!mkdtemp(dir)) throw std::runtime_error("mkdtemp failed");
  const std::string raw = std::string(dir) + "/raw.wav", pcm = std::string(dir) + "/speech.raw";
  const std::string make = "espeak-ng -v en-us+klatt2 -s 150 -w '" + raw + "' '" + sentence + "' && sox '" +
                           raw + "' -r 16000 -b 16 -c 1 -e signed-integer -t raw '" + pcm + "'";
  const bool made = std::system(make.c_str()) == 0;
  std::ifstream in(pcm, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::system(("rm -rf '" + std::string(dir) + "'").c_str());
  if (!made || bytes.empty()) throw std::runtime_error("espeak-ng/sox failed for: " + sentence);
  std::vector<int16_t> samples(bytes.size() / 2);
  std::copy_n(bytes.data(), samples.size() * 2, reinterpret_cast<char*>(samples.data()));
  return samples;
}

// Anything with a microphone the sound card feeds.
class MicInput {
 public:
  virtual ~MicInput() = default;
  virtual void tick() = 0;  // push the next 20 ms
};

// The process's sound card, alive while some microphone uses it; acquire() starts it (again).
class SoundCard {
 public:
  static std::shared_ptr<SoundCard> acquire() {
    static std::mutex mutex;
    static std::weak_ptr<SoundCard> current;
    std::lock_guard lock(mutex);
    auto card = current.lock();
    if (!card) {
      card = std::shared_ptr<SoundCard>(new SoundCard());
      current = card;
    }
    return card;
  }
  ~SoundCard() {
    stop_ = true;
    thread_.join();
  }
  SoundCard(const SoundCard&) = delete;
  SoundCard& operator=(const SoundCard&) = delete;

  void add(MicInput* input) {
    std::lock_guard lock(mutex_);
    inputs_.push_back(input);
  }
  // After this returns, input gets no more ticks.
  void remove(MicInput* input) {
    std::lock_guard lock(mutex_);
    std::erase(inputs_, input);
  }

 private:
  SoundCard()
      : thread_([this] {
          pthread_setname_np(pthread_self(), "fb-mic");
          auto next = std::chrono::steady_clock::now();
          while (!stop_) {
            next += std::chrono::milliseconds(20);
            std::this_thread::sleep_until(next);
            std::lock_guard lock(mutex_);
            for (auto* input : inputs_) input->tick();
          }
        }) {}

  std::mutex mutex_;
  std::vector<MicInput*> inputs_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace irtc::test
