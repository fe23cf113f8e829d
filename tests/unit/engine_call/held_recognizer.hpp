// A recogniser whose results wait until the test lets them through, so a test decides when the
// recognition of a call's turns finishes, e.g. only after the candidate has started the next turn.
#pragma once

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "engine/speech/recognizer.hpp"

namespace irtc::test {

class HeldRecognizer final : public engine::Recognizer, public std::enable_shared_from_this<HeldRecognizer> {
 public:
  explicit HeldRecognizer(std::shared_ptr<engine::Recognizer> inner) : inner_(std::move(inner)) {}

  bool submit(std::vector<int16_t> pcm16k, Callback done) override {
    // The inner recogniser may finish after the test let go of this one.
    return inner_->submit(std::move(pcm16k), [self = shared_from_this(),
                                              done = std::move(done)](engine::Transcription result) mutable {
      std::unique_lock lock(self->mutex_);
      if (self->holding_) {
        self->held_.emplace_back(std::move(done), std::move(result));
        return;
      }
      lock.unlock();
      done(std::move(result));
    });
  }

  // Hands every result held so far to its caller, in the order recognition finished, and every
  // later one at once.
  void release() {
    std::vector<std::pair<Callback, engine::Transcription>> held;
    {
      std::lock_guard lock(mutex_);
      holding_ = false;
      held.swap(held_);
    }
    for (auto& [done, result] : held) done(std::move(result));
  }

 private:
  std::shared_ptr<engine::Recognizer> inner_;
  std::mutex mutex_;
  bool holding_ = true;
  std::vector<std::pair<Callback, engine::Transcription>> held_;
};

}  // namespace irtc::test
