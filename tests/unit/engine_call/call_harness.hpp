// What every engine_call test needs: the shared speech machinery, a registry of calls on loopback,
// a fake browser that speaks sentences made with espeak-ng, and a reader of the events it received.
// Header-only: each test file is its own executable.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/call/call_registry.hpp"
#include "engine/speech/speech_factory.hpp"
#include "functions/instructions.hpp"
#include "support/webrtc/fake_browser.hpp"
#include "support/webrtc/test_env.hpp"

namespace irtc::test {

// One recogniser and one synthesiser per test process, as in the service.
inline engine::CallResources callResources(engine::CallLimits limits = {}) {
  static std::shared_ptr<engine::Recognizer> recognizer = [] {
    engine::SpeechConfig speech;
    speech.sttWorkers = 1;
    return std::shared_ptr<engine::Recognizer>(engine::makeRecognizer(speech));
  }();
  static std::shared_ptr<engine::Synthesizer> synthesizer = engine::makeSynthesizer(engine::SpeechConfig{});
  engine::CallResources resources;
  resources.peer.hostAddresses = kLoopback;
  resources.limits = limits;
  resources.recognizer = recognizer;
  resources.synthesizer = synthesizer;
  return resources;
}

// Our interview-start brief for a position with these questions.
inline std::string briefFor(const std::vector<std::string>& questions, int minutes = 30) {
  store::Position position;
  position.title = "Backend Engineer";
  position.description = "Builds the services behind our product.";
  position.questions = questions;
  store::Candidate candidate;
  candidate.name = "Alex";
  return functions::buildInterviewerInstructions("Acme", position, candidate, minutes);
}

inline engine::realtime::SessionConfig sessionWith(const std::string& instructions) {
  engine::realtime::SessionConfig config;
  config.instructions = instructions;
  return config;
}

// A candidate's answer in the klatt voice pocketsphinx recognises; the microphone falls silent
// after it, so the turn ends.
inline Clip spokenClip(const std::string& sentence) {
  return std::make_shared<const std::vector<int16_t>>(spokenSamples(sentence));
}

// The events a fake browser received on "oai-events", parsed.
class Events {
 public:
  explicit Events(const FakeBrowser& browser) : browser_(browser) {}

  std::vector<nlohmann::json> all() const {
    std::vector<nlohmann::json> out;
    for (const auto& text : browser_.messages()) out.push_back(nlohmann::json::parse(text));
    return out;
  }

  std::vector<std::string> types() const {
    std::vector<std::string> out;
    for (const auto& e : all()) out.push_back(e.value("type", ""));
    return out;
  }

  // The first event of `type` at or after index `from` that satisfies `match`.
  std::optional<nlohmann::json> waitFor(
      const std::string& type, std::chrono::milliseconds timeout = std::chrono::seconds(20),
      const std::function<bool(const nlohmann::json&)>& match = [](const nlohmann::json&) { return true; },
      std::size_t from = 0) const {
    std::optional<nlohmann::json> found;
    waitUntil(
        [&] {
          auto events = all();
          for (std::size_t i = from; i < events.size(); ++i) {
            if (events[i].value("type", "") == type && match(events[i])) {
              found = events[i];
              return true;
            }
          }
          return false;
        },
        timeout);
    return found;
  }

  // Index of the first event of `type`, or -1.
  int indexOf(const std::string& type, std::size_t from = 0) const {
    auto t = types();
    for (std::size_t i = from; i < t.size(); ++i) {
      if (t[i] == type) return static_cast<int>(i);
    }
    return -1;
  }

 private:
  const FakeBrowser& browser_;
};

// A browser with a call: offer, answer, connected data channel.
struct ConnectedCall {
  std::unique_ptr<FakeBrowser> browser;
  std::string callId;
};

inline ConnectedCall connect(engine::CallRegistry& registry, const engine::realtime::SessionConfig& config,
                             FakeBrowser::Microphone mic = FakeBrowser::Microphone::silence) {
  ConnectedCall call;
  call.browser = std::make_unique<FakeBrowser>(false, 111, mic);
  auto result = registry.startCall(call.browser->createOffer(), config);
  if (auto* refused = std::get_if<engine::CallRefused>(&result)) {
    ADD_FAILURE() << "call refused: " << refused->error.message;
    return call;
  }
  auto& started = std::get<engine::CallStarted>(result);
  call.callId = started.callId;
  call.browser->applyAnswer(started.answerSdp);
  EXPECT_TRUE(waitUntil([&] { return call.browser->channelOpen(); }, std::chrono::seconds(10)));
  return call;
}

inline std::string clientEvent(const nlohmann::json& event) {
  return event.dump();
}

}  // namespace irtc::test
