// Client events on the data channel and the sideband: each does what OpenAI's does, and a bad
// one is answered with an `error` event while the call goes on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>

#include "unit/engine_call/call_harness.hpp"

namespace irtc::test {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;
using nlohmann::json;

// A sideband client that records what it receives.
struct RecordingSink {
  std::mutex mutex;
  std::vector<json> events;
  bool ended = false;

  engine::SidebandSink sink() {
    return {[this](std::string text) {
              std::lock_guard lock(mutex);
              events.push_back(json::parse(text));
            },
            [this] {
              std::lock_guard lock(mutex);
              ended = true;
            }};
  }
  std::optional<json> find(const std::string& type, const std::function<bool(const json&)>& match = {}) {
    std::lock_guard lock(mutex);
    for (const auto& e : events) {
      if (e["type"] == type && (!match || match(e))) return e;
    }
    return std::nullopt;
  }
  bool waitFor(const std::string& type, const std::function<bool(const json&)>& match = {}) {
    return waitUntil([&] { return find(type, match).has_value(); }, 20s);
  }
};

// No greeting needed in these tests: turn the interviewer's wait long so events stay few.
engine::CallLimits quietLimits() {
  engine::CallLimits limits;
  limits.greetingDelay = std::chrono::hours(1);
  return limits;
}

TEST(CallEvents, SessionUpdateChangesTurnDetectionAndIsReported) {
  engine::CallRegistry registry(callResources(quietLimits()));
  auto call = connect(registry, sessionWith("Be brief."));
  Events events(*call.browser);
  ASSERT_TRUE(events.waitFor("session.created"));
  ASSERT_TRUE(call.browser->send(clientEvent(
      {{"type", "session.update"},
       {"event_id", "evt_1"},
       {"session",
        {{"type", "realtime"},
         {"instructions", "New instructions."},
         {"audio",
          {{"input", {{"turn_detection", {{"type", "server_vad"}, {"silence_duration_ms", 800}}}}}}}}}})));
  auto updated = events.waitFor("session.updated");
  ASSERT_TRUE(updated);
  EXPECT_EQ((*updated)["session"]["instructions"], "New instructions.");
  const auto& detection = (*updated)["session"]["audio"]["input"]["turn_detection"];
  EXPECT_EQ(detection["silence_duration_ms"], 800);
  EXPECT_EQ(detection["prefix_padding_ms"], 300);  // merged with the defaults
  EXPECT_DOUBLE_EQ(detection["threshold"].get<double>(), 0.5);
}

TEST(CallEvents, BadEventsGetErrorEventsAndTheCallGoesOn) {
  engine::CallRegistry registry(callResources(quietLimits()));
  auto call = connect(registry, sessionWith("Be brief."));
  Events events(*call.browser);
  ASSERT_TRUE(events.waitFor("session.created"));

  ASSERT_TRUE(call.browser->send("{not json"));
  ASSERT_TRUE(call.browser->send(clientEvent({{"type", "no.such.event"}, {"event_id", "evt_unknown"}})));
  ASSERT_TRUE(call.browser->send(clientEvent({{"type", "session.update"}, {"session", {{"voice", 42}}}})));
  ASSERT_TRUE(call.browser->send(clientEvent({{"type", "response.cancel"}, {"event_id", "evt_cancel"}})));
  ASSERT_TRUE(call.browser->send(clientEvent({{"type", "input_audio_buffer.commit"}})));

  ASSERT_TRUE(waitUntil(
      [&] {
        int errors = 0;
        for (const auto& type : events.types()) errors += type == "error";
        return errors == 5;
      },
      10s));
  std::vector<json> errors;
  for (const auto& e : events.all()) {
    if (e["type"] == "error") errors.push_back(e["error"]);
  }
  EXPECT_EQ(errors[0]["code"], "invalid_json");
  EXPECT_EQ(errors[1]["code"], "unknown_event");
  EXPECT_EQ(errors[1]["event_id"], "evt_unknown");
  EXPECT_EQ(errors[2]["param"], "session.voice");
  EXPECT_EQ(errors[3]["code"], "response_cancel_not_active");
  EXPECT_EQ(errors[3]["event_id"], "evt_cancel");
  EXPECT_EQ(errors[4]["code"], "input_audio_buffer_commit_empty");

  // Still working: a good event gets its answer.
  ASSERT_TRUE(call.browser->send(clientEvent({{"type", "input_audio_buffer.clear"}})));
  EXPECT_TRUE(events.waitFor("input_audio_buffer.cleared", 5s));
  EXPECT_EQ(registry.liveCalls(), 1u);
}

TEST(CallEvents, ResponseCancelStopsTheInterviewerMidSentence) {
  engine::CallRegistry registry(callResources(quietLimits()));
  auto call = connect(registry, sessionWith(briefFor({"Tell me about a project you are proud of."})));
  Events events(*call.browser);
  ASSERT_TRUE(events.waitFor("session.created"));
  ASSERT_TRUE(call.browser->send(clientEvent({{"type", "response.create"}})));
  ASSERT_TRUE(events.waitFor("output_audio_buffer.started", 10s));
  ASSERT_TRUE(call.browser->send(clientEvent({{"type", "response.cancel"}})));
  auto done = events.waitFor("response.done", 10s);
  ASSERT_TRUE(done);
  EXPECT_EQ((*done)["response"]["status"], "cancelled");
  EXPECT_EQ((*done)["response"]["status_details"]["reason"], "client_cancelled");
  EXPECT_GE(events.indexOf("output_audio_buffer.cleared"), 0);
  EXPECT_EQ(events.indexOf("output_audio_buffer.stopped"), -1);
  // Asking again while nothing plays repeats what the interviewer said.
  ASSERT_TRUE(call.browser->send(clientEvent({{"type", "response.create"}})));
  auto again = events.waitFor("response.output_audio_transcript.delta", 10s,
                              [&](const json& e) { return e["response_id"] != (*done)["response"]["id"]; });
  ASSERT_TRUE(again);
  EXPECT_THAT((*again)["delta"].get<std::string>(), HasSubstr("Tell me about a project"));
}

TEST(CallEvents, TheSidebandSeesTheCallsEventsAndCanDriveIt) {
  engine::CallRegistry registry(callResources(quietLimits()));
  auto call = connect(registry, sessionWith(briefFor({"Tell me about a project you are proud of."})));
  Events events(*call.browser);
  ASSERT_TRUE(events.waitFor("session.created"));

  RecordingSink sideband;
  auto link = registry.attachSideband(call.callId, sideband.sink());
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(registry.attachSideband("rtc_unknown", sideband.sink()), nullptr);
  ASSERT_TRUE(sideband.waitFor("session.created"));

  // A typed turn sent on the sideband shows up on both, and so does the interviewer's answer.
  link->deliver(clientEvent({{"type", "conversation.item.create"},
                             {"item",
                              {{"type", "message"},
                               {"role", "user"},
                               {"content", {{{"type", "input_text"}, {"text", "Hello there."}}}}}}}));
  auto isUser = [](const json& e) { return e["item"]["role"] == "user"; };
  EXPECT_TRUE(sideband.waitFor("conversation.item.added", isUser));
  EXPECT_TRUE(events.waitFor("conversation.item.added", 10s, isUser));
  EXPECT_TRUE(sideband.waitFor("response.output_audio_transcript.delta"));
  EXPECT_TRUE(events.waitFor("response.output_audio_transcript.delta", 10s));

  // The sideband's own mistakes are answered on the sideband only.
  link->deliver("[]");
  ASSERT_TRUE(sideband.waitFor("error"));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(events.indexOf("error"), -1);

  // Hangup ends the call and tells the sideband.
  EXPECT_TRUE(registry.hangup(call.callId));
  EXPECT_TRUE(waitUntil(
      [&] {
        std::lock_guard lock(sideband.mutex);
        return sideband.ended;
      },
      5s));
  EXPECT_FALSE(registry.hangup(call.callId));
  EXPECT_EQ(registry.attachSideband(call.callId, sideband.sink()), nullptr);
}

TEST(CallEvents, ItemsCanBeRetrievedByTheirId) {
  engine::CallRegistry registry(callResources(quietLimits()));
  auto call = connect(registry, sessionWith("Be brief."));
  Events events(*call.browser);
  ASSERT_TRUE(events.waitFor("session.created"));
  ASSERT_TRUE(
      call.browser->send(clientEvent({{"type", "conversation.item.create"},
                                      {"item",
                                       {{"id", "item_typed1"},
                                        {"type", "message"},
                                        {"role", "system"},
                                        {"content", {{{"type", "input_text"}, {"text", "A note."}}}}}}})));
  ASSERT_TRUE(
      call.browser->send(clientEvent({{"type", "conversation.item.retrieve"}, {"item_id", "item_typed1"}})));
  auto retrieved = events.waitFor("conversation.item.retrieved", 5s);
  ASSERT_TRUE(retrieved);
  EXPECT_EQ((*retrieved)["item"]["id"], "item_typed1");
  EXPECT_EQ((*retrieved)["item"]["content"][0]["text"], "A note.");
  ASSERT_TRUE(call.browser->send(clientEvent(
      {{"type", "conversation.item.retrieve"}, {"item_id", "item_nope"}, {"event_id", "evt_r"}})));
  auto error = events.waitFor("error", 5s);
  ASSERT_TRUE(error);
  EXPECT_EQ((*error)["error"]["code"], "item_not_found");
  EXPECT_EQ((*error)["error"]["event_id"], "evt_r");
}

TEST(CallEvents, ADetachedSidebandHearsNothingMore) {
  engine::CallRegistry registry(callResources(quietLimits()));
  auto call = connect(registry, sessionWith("Be brief."));
  RecordingSink sideband;
  auto link = registry.attachSideband(call.callId, sideband.sink());
  ASSERT_TRUE(sideband.waitFor("session.created"));
  link->detach();
  const std::size_t before = sideband.events.size();
  ASSERT_TRUE(call.browser->send(clientEvent({{"type", "input_audio_buffer.clear"}})));
  Events events(*call.browser);
  ASSERT_TRUE(events.waitFor("input_audio_buffer.cleared", 5s));
  std::lock_guard lock(sideband.mutex);
  EXPECT_EQ(sideband.events.size(), before);
  EXPECT_FALSE(sideband.ended);
}

}  // namespace
}  // namespace irtc::test
