// makeRecognizer / makeSynthesizer: the services they pick by name, and the bad setting they name.
#include "engine/speech/speech_factory.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "engine/speech/http_speech.hpp"
#include "engine/speech/http_transcriber.hpp"

namespace irtc::engine {
namespace {

TEST(SpeechFactory, ChoosesByNameAndNamesTheBadSetting) {
  SpeechConfig config;
  config.stt = "http";
  config.sttBaseUrl = "http://127.0.0.1:9/v1";
  EXPECT_NE(dynamic_cast<HttpTranscriber*>(makeRecognizer(config).get()), nullptr);
  config.tts = "http";  // falls back to the stt URL and key
  EXPECT_NE(dynamic_cast<HttpSpeech*>(makeSynthesizer(config).get()), nullptr);

  config.stt = "whisper.cpp";
  try {
    makeRecognizer(config);
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("whisper.cpp"), std::string::npos);
  }
  config.stt = "http";
  config.sttBaseUrl = "";
  EXPECT_THROW(makeRecognizer(config), std::invalid_argument);
  config.sttBaseUrl = "not a url";
  EXPECT_THROW(makeRecognizer(config), std::invalid_argument);
  config.tts = "festival";
  EXPECT_THROW(makeSynthesizer(config), std::invalid_argument);
}

}  // namespace
}  // namespace irtc::engine
