#include "engine/speech/recognizer.hpp"

#include <future>
#include <memory>

namespace irtc::engine {

Transcription Recognizer::transcribe(std::vector<int16_t> pcm16k) {
  auto promise = std::make_shared<std::promise<Transcription>>();
  auto future = promise->get_future();
  if (!submit(std::move(pcm16k), [promise](Transcription t) { promise->set_value(std::move(t)); })) {
    Transcription busy;
    busy.error = "recogniser busy: queue full";
    return busy;
  }
  return future.get();
}

}  // namespace irtc::engine
