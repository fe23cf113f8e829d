#include "engine/speech/recognizer.hpp"

#include <future>
#include <memory>
#include <string>

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

std::unique_ptr<RecognitionStream> Recognizer::openStream(const ChannelEstimate& /*channel*/) {
  return nullptr;
}

std::unique_ptr<ChannelEstimator> Recognizer::channelEstimator() {
  return nullptr;
}

namespace {

std::size_t countWords(const std::string& text) {
  std::size_t words = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != ' ' && (i == 0 || text[i - 1] == ' ')) ++words;
  }
  return words;
}

bool startsWithPronounI(const std::string& text) {
  return text.starts_with("I") && (text.size() == 1 || text[1] == ' ' || text[1] == '\'');
}

}  // namespace

Transcription joinTranscriptions(const std::vector<Transcription>& pieces) {
  Transcription joined;
  double weighted = 0;
  std::size_t weightedWords = 0;
  for (const Transcription& piece : pieces) {
    joined.processingMs += piece.processingMs;
    if (piece.text.empty()) continue;
    std::string text = piece.text;
    if (!joined.text.empty()) {
      if (!startsWithPronounI(text) && text[0] >= 'A' && text[0] <= 'Z')
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
      joined.text += ' ';
    }
    joined.text += text;
    if (piece.confidence) {
      const std::size_t words = countWords(piece.text);
      weighted += *piece.confidence * static_cast<double>(words);
      weightedWords += words;
    }
  }
  if (weightedWords > 0) joined.confidence = weighted / static_cast<double>(weightedWords);
  return joined;
}

}  // namespace irtc::engine
