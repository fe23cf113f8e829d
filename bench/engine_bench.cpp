// Engine benchmarks, in-process: CallRegistry as interviewd builds it, FakeBrowsers on loopback.
//
//   engine_bench answer     [--calls 50]                  startCall() and offer -> data channel open
//   engine_bench latency    [--rounds 10]                 voice-to-voice latency of spoken turns
//   engine_bench concurrent --calls N [--seconds 20]      N candidates talking at once
//   engine_bench memory     --calls N                     RSS per idle call (browsers in a child)
//
// Run inside a loopback-only network namespace (bench/run does: tests/netns-run). Details go to
// stdout as they come; the figures are the lines starting with "| " (bench/run gathers them).
#include <cstdio>
#include <cstring>
#include <string>

#include "bench_util.hpp"
#include "support/webrtc/test_env.hpp"

namespace irtc::bench {

int runConcurrent(int calls, double seconds);  // bench_load.cpp
int runMemory(int calls);                      // bench_load.cpp

namespace {

// --- 1. answer time
int runAnswer(int calls) {
  Engine engine;
  const auto config = interviewSession();
  std::vector<double> startMs, openMs;
  constexpr int kWarmup = 3;
  Memory before;
  for (int i = 0; i < calls + kWarmup; ++i) {
    if (i == kWarmup) before = memoryNow();
    auto call = connect(*engine.registry, config);
    if (!call) return 1;
    if (i >= kWarmup) {
      startMs.push_back(call->startCallMs);
      openMs.push_back(call->offerToOpenMs);
    }
    engine.registry->hangup(call->callId);
    call->browser->close();
    engine.waitIdle();
  }
  std::printf(
      "answer: %d sequential calls after %d warm-up calls, each hung up and torn down before the next\n",
      calls, kWarmup);
  const Memory after = memoryNow();
  std::printf(
      "  RSS (engine and browsers) %.1f MiB before the timed calls, %.1f after (%+.0f KiB per call)\n",
      before.rssMiB, after.rssMiB, (after.rssMiB - before.rssMiB) * 1024 / calls);
  row("answer: startCall() on a warm engine", p50p95(startMs), "");
  row("answer: startCall() -> browser's data channel open", p50p95(openMs), "");
  return 0;
}

// --- 2. voice-to-voice latency
struct Answer {
  std::string label;
  Clip clip;
  std::size_t voiceStart = 0, voiceEnd = 0;  // samples, as the engine's detector sees them
};

Answer makeAnswer(const std::string& label, const std::string& text) {
  Answer answer{label, nullptr};
  auto samples = speak(text);
  auto turns = turnsIn(samples);
  if (turns.size() != 1) throw std::runtime_error(label + " answer is not one turn for the detector");
  answer.voiceStart = turns[0].first;
  answer.voiceEnd = turns[0].second;
  answer.clip = std::make_shared<const std::vector<int16_t>>(std::move(samples));
  return answer;
}

struct Turn {
  // ms after the end of the turn window (speech end + 500 ms silence); NAN when it never came
  double stopped = NAN, transcribed = NAN, created = NAN, started = NAN, audible = NAN;
};

const char* kStages[] = {"speech_stopped", "transcription.completed", "response.created",
                         "output_audio_buffer.started", "first audible RTP packet"};

// Waits until no response is in progress, cancelling the one playing: each turn starts from quiet.
bool settle(FakeBrowser& browser, EventLog& events) {
  const double deadline = nowMs() + 30000;
  while (nowMs() < deadline) {
    const auto created = events.count("response.created"), done = events.count("response.done");
    if (created == done) return true;
    browser.send(R"({"type":"response.cancel"})");
    sleepMs(100);
  }
  return false;
}

int runLatency(int rounds) {
  std::vector<Answer> answers = {
      makeAnswer("2 s", "I built our billing service in Go"),
      makeAnswer("5 s",
                 "I built our billing service in Go and moved all of the payment data to a new database"),
      makeAnswer("10 s",
                 "I built our billing service in Go and moved all of the payment data to a new database "
                 "and I led a team of four engineers who made the checkout pages twice as fast"),
  };
  Engine engine;
  auto call = connect(*engine.registry, interviewSession());
  if (!call) return 1;
  FakeBrowser& browser = *call->browser;
  EventLog events(browser);
  // The greeting: heard, then cut short so the candidate answers into silence.
  if (!events.waitFind("output_audio_buffer.started", 0, 10000) || !settle(browser, events)) {
    std::fprintf(stderr, "latency: the greeting did not play\n");
    for (const auto& e : events.refresh()) std::fprintf(stderr, "  %.0f %s\n", e.ms, e.type.c_str());
    return 1;
  }

  std::map<std::string, std::vector<Turn>> turns;
  int splitTurns = 0;
  for (int round = 0; round < rounds; ++round) {
    for (const auto& answer : answers) {
      sleepMs(400);
      const std::size_t from = events.size();
      browser.play(answer.clip);
      waitFor([&] { return !browser.playing(); }, 30000);
      // Sample s of the clip went in with the chunk pushed at pushedAt(s), which ends at sample
      // (s / 320 + 1) * 320: it was spoken that much earlier.
      const std::size_t last = answer.voiceEnd - 1;
      const double spokenAt =
          browser.pushedAtMs(last) - double((last / test::kMicChunk + 1) * test::kMicChunk - last) / 16.0;
      const double turnEnd = spokenAt + 500;  // + silence_duration_ms: the engine can know now
      Turn turn;
      auto at = [&](const char* type) {
        const auto* e = events.waitFind(type, from, 20000);
        return e ? e->ms - turnEnd : NAN;
      };
      turn.stopped = at("input_audio_buffer.speech_stopped");
      turn.transcribed = at("conversation.item.input_audio_transcription.completed");
      turn.created = at("response.created");
      turn.started = at("output_audio_buffer.started");
      waitFor([&] { return browser.firstAudibleAfter(turnEnd) > 0; }, 5000);
      if (double audible = browser.firstAudibleAfter(turnEnd); audible > 0) turn.audible = audible - turnEnd;
      splitTurns += events.countFrom("input_audio_buffer.speech_stopped", from) > 1 ? 1 : 0;
      turns[answer.label].push_back(turn);
      sleepMs(200);
      if (!settle(browser, events)) {
        std::fprintf(stderr, "latency: a response did not end after response.cancel\n");
        return 1;
      }
    }
  }
  engine.registry->hangup(call->callId);

  std::printf(
      "voice-to-voice: %d rounds of spoken answers in one call; times in ms after the end-of-turn "
      "instant (the answer's last voiced sample + 500 ms silence window), p50 / p95:\n",
      rounds);
  std::printf("  %-6s %-8s", "answer", "speech");
  for (const char* stage : kStages) std::printf(" %26s", stage);
  std::printf("\n");
  for (const auto& answer : answers) {
    const auto& list = turns[answer.label];
    std::printf("  %-6s %6.1f s", answer.label.c_str(), double(answer.voiceEnd - answer.voiceStart) / 16000);
    for (double Turn::*stage :
         {&Turn::stopped, &Turn::transcribed, &Turn::created, &Turn::started, &Turn::audible}) {
      std::vector<double> v;
      for (const auto& t : list)
        if (!std::isnan(t.*stage)) v.push_back(t.*stage);
      std::printf(" %13.0f / %4.0f (n=%2zu)", percentile(v, 50), percentile(v, 95), v.size());
    }
    std::printf("\n");
  }
  auto [latencySum, latencyCount] = engine.histogram("interviewd_engine_response_latency_seconds");
  auto [recognitionSum, recognitionCount] = engine.histogram("interviewd_engine_recognition_seconds");
  std::printf(
      "  engine metrics: response_latency mean %.0f ms (n=%.0f), recognition mean %.0f ms (n=%.0f)%s\n",
      latencyCount ? 1000 * latencySum / latencyCount : NAN, latencyCount,
      recognitionCount ? 1000 * recognitionSum / recognitionCount : NAN, recognitionCount,
      splitTurns ? "; WARNING: some answers were cut into several turns" : "");
  for (const auto& answer : answers) {
    std::vector<double> v;
    for (const auto& t : turns[answer.label])
      if (!std::isnan(t.audible)) v.push_back(t.audible);
    row("voice-to-voice, " + answer.label + " answer: end of turn -> first audible packet", p50p95(v),
        "< 200 ms");
  }
  return 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: engine_bench answer [--calls N] | latency [--rounds N] | concurrent --calls N "
               "[--seconds S] | memory --calls N\n");
  return 2;
}

}  // namespace
}  // namespace irtc::bench

int main(int argc, char** argv) {
  using namespace irtc::bench;
  if (argc < 2) return usage();
  const std::string scenario = argv[1];
  int calls = 0, rounds = 10;
  double seconds = 20;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--calls"))
      calls = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--rounds"))
      rounds = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--seconds"))
      seconds = std::atof(argv[i + 1]);
    else
      return usage();
  }
  if (!irtc::test::onlyLoopbackInterfaces())
    std::fprintf(stderr, "warning: not in a loopback-only network namespace (use tests/netns-run)\n");
  try {
    if (scenario == "answer") return runAnswer(calls > 0 ? calls : 50);
    if (scenario == "latency") return runLatency(rounds);
    if (scenario == "concurrent" && calls > 0) return runConcurrent(calls, seconds);
    if (scenario == "memory" && calls > 0) return runMemory(calls);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "engine_bench %s: %s\n", scenario.c_str(), e.what());
    return 1;
  }
  return usage();
}
