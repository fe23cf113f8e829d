// A whole interview through the engine: the fake browser connects, hears the interviewer, answers
// by voice and by typing, and the interviewer follows the brief to the end and hangs up.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>

#include "unit/engine_call/call_harness.hpp"
#include "unit/engine_call/held_recognizer.hpp"

namespace irtc::test {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

const std::vector<std::string> kQuestions = {"Tell me about a project you are proud of.",
                                             "Why do you want to work with us?"};

// A sentence without the ~0.4 s of digital silence espeak-ng ends it with, so a gap put after it
// is the whole pause the detector hears.
std::vector<int16_t> spokenWithoutTrailingSilence(const std::string& sentence) {
  std::vector<int16_t> samples = spokenSamples(sentence);
  const auto lastSound =
      std::find_if(samples.rbegin(), samples.rend(), [](int16_t s) { return std::abs(s) > 1; });
  samples.erase(lastSound.base(), samples.end());
  return samples;
}

TEST(CallFlow, GreetsByNameAndSpeaksTheFirstQuestionAtFiftyPacketsPerSecond) {
  engine::CallRegistry registry(callResources());
  auto call = connect(registry, sessionWith(briefFor(kQuestions)));
  Events events(*call.browser);

  auto created = events.waitFor("session.created");
  ASSERT_TRUE(created);
  EXPECT_EQ(events.types().front(), "session.created");
  EXPECT_EQ((*created)["session"]["type"], "realtime");
  EXPECT_THAT((*created)["session"]["instructions"].get<std::string>(), HasSubstr("Alex"));

  auto delta = events.waitFor("response.output_audio_transcript.delta");
  ASSERT_TRUE(delta);
  EXPECT_THAT((*delta)["delta"].get<std::string>(), HasSubstr("Hello Alex"));
  EXPECT_THAT((*delta)["delta"].get<std::string>(), HasSubstr(kQuestions[0]));

  auto done = events.waitFor("response.done", 40s);
  ASSERT_TRUE(done);
  EXPECT_EQ((*done)["response"]["status"], "completed");
  const auto& usage = (*done)["response"]["usage"];
  EXPECT_GT(usage["output_token_details"]["audio_tokens"].get<int>(), 20);  // > 1 s of speech
  EXPECT_GT(usage["output_token_details"]["text_tokens"].get<int>(), 5);
  EXPECT_EQ(usage["total_tokens"].get<int>(),
            usage["input_tokens"].get<int>() + usage["output_tokens"].get<int>());

  // Output events in the order a Realtime client expects them.
  const int createdAt = events.indexOf("response.created");
  const int startedAt = events.indexOf("output_audio_buffer.started");
  const int transcriptAt = events.indexOf("response.output_audio_transcript.done");
  const int doneAt = events.indexOf("response.done");
  const int stoppedAt = events.indexOf("output_audio_buffer.stopped");
  EXPECT_LT(createdAt, startedAt);
  EXPECT_LT(startedAt, transcriptAt);
  EXPECT_LT(transcriptAt, doneAt);
  EXPECT_GE(stoppedAt, 0);
  for (const auto& event : events.all()) EXPECT_TRUE(event.contains("event_id")) << event.dump();

  // The audio: real speech, paced at one 20 ms packet each 20 ms.
  auto arrivals = call.browser->rtpArrivals();
  ASSERT_GT(arrivals.size(), 150u);
  const double seconds = (arrivals.back() - arrivals.front()) / 1000.0;
  const double rate = static_cast<double>(arrivals.size() - 1) / seconds;
  std::printf("[ figures  ] %zu packets in %.2f s: %.1f packets/s\n", arrivals.size(), seconds, rate);
  EXPECT_GT(rate, 45.0);
  EXPECT_LT(rate, 55.0);
  EXPECT_GT(call.browser->loudSamples(), 48000u);  // over a second of audible speech at 48 kHz

  EXPECT_TRUE(registry.hangup(call.callId));
  EXPECT_TRUE(waitUntil([&] { return registry.liveCalls() == 0; }, 5s));
}

TEST(CallFlow, TypedAnswersRunTheInterviewToItsEndAndTheEngineHangsUp) {
  engine::CallRegistry registry(callResources());
  auto call = connect(registry, sessionWith(briefFor({kQuestions[0]})));
  Events events(*call.browser);
  ASSERT_TRUE(events.waitFor("response.done", 40s));

  const std::string answer =
      "I led the migration of our billing system to a new database and cut the monthly costs in half.";
  ASSERT_TRUE(
      call.browser->send(clientEvent({{"type", "conversation.item.create"},
                                      {"item",
                                       {{"type", "message"},
                                        {"role", "user"},
                                        {"content", {{{"type", "input_text"}, {"text", answer}}}}}}})));
  ASSERT_TRUE(call.browser->send(clientEvent({{"type", "response.create"}})));

  auto added = events.waitFor("conversation.item.added", 10s,
                              [](const nlohmann::json& e) { return e["item"]["role"] == "user"; });
  ASSERT_TRUE(added);
  EXPECT_EQ((*added)["item"]["content"][0]["text"], answer);

  // The closing, then the engine ends the call by itself.
  auto closing = events.waitFor("response.output_audio_transcript.done", 20s, [](const nlohmann::json& e) {
    return e["transcript"].get<std::string>().find("Hello") == std::string::npos;
  });
  ASSERT_TRUE(closing);
  std::printf("[ figures  ] closing: %s\n", (*closing)["transcript"].get<std::string>().c_str());
  EXPECT_TRUE(waitUntil([&] { return registry.liveCalls() == 0; }, 40s));
  // Exactly one response was made for the typed turn, though the client also asked for one.
  int responses = 0;
  for (const auto& type : events.types()) responses += type == "response.created" ? 1 : 0;
  EXPECT_EQ(responses, 2);
}

TEST(CallFlow, SpeakingOverTheInterviewerCutsItOffAndTheAnswerIsRecognised) {
  engine::CallRegistry registry(callResources());
  auto call = connect(registry, sessionWith(briefFor(kQuestions)));
  Events events(*call.browser);
  // The candidate starts talking while the greeting plays: a barge-in.
  ASSERT_TRUE(events.waitFor("output_audio_buffer.started", 20s));
  call.browser->play(
      spokenClip("I have five years of experience building databases and web services for large teams"));

  ASSERT_TRUE(events.waitFor("input_audio_buffer.speech_started", 10s));
  auto cancelled = events.waitFor(
      "response.done", 10s, [](const nlohmann::json& e) { return e["response"]["status"] == "cancelled"; });
  ASSERT_TRUE(cancelled);
  EXPECT_EQ((*cancelled)["response"]["status_details"]["reason"], "turn_detected");
  EXPECT_GE(events.indexOf("output_audio_buffer.cleared"), 0);
  EXPECT_LT(events.indexOf("input_audio_buffer.speech_started"),
            events.indexOf("output_audio_buffer.cleared"));

  auto transcript = events.waitFor("conversation.item.input_audio_transcription.completed", 30s);
  ASSERT_TRUE(transcript);
  const std::string heard = (*transcript)["transcript"];
  std::printf("[ figures  ] heard: %s\n", heard.c_str());
  int keywords = 0;
  for (const char* word : {"experience", "databases", "years", "teams"})
    keywords += heard.find(word) != std::string::npos;
  EXPECT_GE(keywords, 2) << heard;

  // The input side in order, and the interviewer answers the turn.
  const int stoppedAt = events.indexOf("input_audio_buffer.speech_stopped");
  const int committedAt = events.indexOf("input_audio_buffer.committed");
  ASSERT_GE(stoppedAt, 0);
  EXPECT_LT(stoppedAt, committedAt);
  auto usage = (*transcript)["usage"];
  EXPECT_EQ(usage["type"], "duration");
  EXPECT_GT(usage["seconds"].get<double>(), 2.0);
  const int transcribedAt = events.indexOf("conversation.item.input_audio_transcription.completed");
  ASSERT_TRUE(events.waitFor(
      "response.created", 20s, [](const nlohmann::json&) { return true; },
      static_cast<std::size_t>(transcribedAt)));
  registry.hangup(call.callId);
}

TEST(CallFlow, AnAnswerWithPausesIsRecognisedAsOneTurnWithOneTranscript) {
  engine::CallRegistry registry(callResources());
  auto call = connect(registry, sessionWith(briefFor(kQuestions)));
  Events events(*call.browser);
  ASSERT_TRUE(events.waitFor("output_audio_buffer.stopped", 30s));
  // Two stretches of speech with a 300 ms pause between them: longer than the 150 ms that cuts a
  // segment, shorter than the turn's 500 ms silence window. One turn, whose first piece is
  // recognised while the candidate goes on talking.
  auto answer =
      std::make_shared<std::vector<int16_t>>(spokenWithoutTrailingSilence("I have five years of experience"));
  answer->resize(answer->size() + kMicRate * 3 / 10);
  const auto rest = spokenSamples("building databases for large teams");
  answer->insert(answer->end(), rest.begin(), rest.end());
  call.browser->play(answer);

  auto transcript = events.waitFor("conversation.item.input_audio_transcription.completed", 30s);
  ASSERT_TRUE(transcript);
  const std::string heard = (*transcript)["transcript"];
  std::printf("[ figures  ] heard: %s\n", heard.c_str());
  EXPECT_TRUE(heard.find("experience") != std::string::npos) << heard;
  EXPECT_TRUE(heard.find("databases") != std::string::npos || heard.find("teams") != std::string::npos)
      << heard;
  EXPECT_TRUE(heard.starts_with("I ")) << heard;
  // Pieces joined mid-sentence keep their words' case: no capital after the first word but "I".
  for (std::size_t i = 1; i < heard.size(); ++i) {
    if (heard[i - 1] == ' ' && std::isupper(static_cast<unsigned char>(heard[i]))) {
      EXPECT_EQ(heard[i], 'I') << heard;
    }
  }
  const auto types = events.types();
  EXPECT_EQ(std::ranges::count(types, "input_audio_buffer.speech_stopped"), 1);
  EXPECT_EQ(std::ranges::count(types, "conversation.item.input_audio_transcription.completed"), 1);
  registry.hangup(call.callId);
}

TEST(CallFlow, ATurnWaitingForItsTranscriptIsNotLostWhenTheNextOnePauses) {
  engine::CallResources resources = callResources();
  auto recognizer = std::make_shared<HeldRecognizer>(resources.recognizer);
  resources.recognizer = recognizer;
  engine::CallRegistry registry(resources);
  auto call = connect(registry, sessionWith(briefFor(kQuestions)));
  Events events(*call.browser);
  ASSERT_TRUE(events.waitFor("output_audio_buffer.stopped", 30s));
  // The first answer ends at a pause, so it waits for the segment cut there; the second one
  // starts, pauses and ends before that segment's result is let through.
  call.browser->play(spokenClip("I have five years of experience"));
  auto first = events.waitFor("input_audio_buffer.speech_stopped", 20s);
  ASSERT_TRUE(first);
  const std::size_t afterFirst = events.all().size();
  call.browser->play(spokenClip("building databases for large teams"));
  auto second = events.waitFor(
      "input_audio_buffer.speech_stopped", 20s, [](const nlohmann::json&) { return true; }, afterFirst);
  ASSERT_TRUE(second);
  EXPECT_EQ(events.indexOf("conversation.item.input_audio_transcription.completed"), -1);
  recognizer->release();

  auto transcriptOf = [&](const nlohmann::json& stopped) {
    const std::string itemId = stopped["item_id"];
    auto completed = events.waitFor("conversation.item.input_audio_transcription.completed", 30s,
                                    [&](const nlohmann::json& e) { return e["item_id"] == itemId; });
    return completed ? (*completed)["transcript"].get<std::string>() : std::string("(none)");
  };
  const std::string heardFirst = transcriptOf(*first);
  const std::string heardSecond = transcriptOf(*second);
  EXPECT_NE(heardFirst.find("experience"), std::string::npos) << heardFirst;
  // "databases" comes out as "database" at times, and "teams" as "see" when this answer is alone.
  EXPECT_NE(heardSecond.find("database"), std::string::npos) << heardSecond;
  registry.hangup(call.callId);
}

// The shared recogniser, counting how each turn reaches it.
class CountingRecognizer final : public engine::Recognizer {
 public:
  explicit CountingRecognizer(std::shared_ptr<engine::Recognizer> inner) : inner_(std::move(inner)) {}
  bool submit(std::vector<int16_t> pcm16k, Callback done) override {
    ++submitted;
    return inner_->submit(std::move(pcm16k), std::move(done));
  }
  std::unique_ptr<engine::RecognitionStream> openStream(const engine::ChannelEstimate& channel) override {
    auto stream = inner_->openStream(channel);
    if (stream) ++streamed;
    return stream;
  }
  std::unique_ptr<engine::ChannelEstimator> channelEstimator() override { return inner_->channelEstimator(); }
  std::atomic<int> submitted{0}, streamed{0};

 private:
  std::shared_ptr<engine::Recognizer> inner_;
};

TEST(CallFlow, AfterTheFirstAnswerTheCandidateIsRecognisedAsTheySpeak) {
  engine::CallResources resources = callResources();
  auto recognizer = std::make_shared<CountingRecognizer>(resources.recognizer);
  resources.recognizer = recognizer;
  engine::CallRegistry registry(resources);
  auto call = connect(registry, sessionWith(briefFor(kQuestions)));
  Events events(*call.browser);
  ASSERT_TRUE(events.waitFor("output_audio_buffer.stopped", 30s));
  // The first answer: the candidate's channel is not known yet, so it is recognised at its end.
  call.browser->play(spokenClip("I have five years of experience"));
  auto first = events.waitFor("conversation.item.input_audio_transcription.completed", 30s);
  ASSERT_TRUE(first);
  EXPECT_EQ(recognizer->streamed, 0);
  EXPECT_GE(recognizer->submitted, 1);
  const int submittedBefore = recognizer->submitted;
  const std::size_t afterFirst = events.all().size();
  // The second one is decoded while it is spoken, with what the first taught about the channel.
  call.browser->play(spokenClip("I led a team of four engineers building a payment service"));
  auto second = events.waitFor(
      "conversation.item.input_audio_transcription.completed", 30s,
      [](const nlohmann::json&) { return true; }, afterFirst);
  ASSERT_TRUE(second);
  const std::string heard = (*second)["transcript"];
  std::printf("[ figures  ] heard live: %s\n", heard.c_str());
  EXPECT_NE(heard.find("engineers"), std::string::npos) << heard;
  EXPECT_EQ(recognizer->streamed, 1);
  EXPECT_EQ(recognizer->submitted, submittedBefore) << "nothing of the second answer decoded twice";
  registry.hangup(call.callId);
}

}  // namespace
}  // namespace irtc::test
