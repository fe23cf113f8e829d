// Load benchmarks: many candidates talking at once (CPU, packet pacing, transcript latency), and
// memory per idle call (the browsers then live in a child process, so the engine's RSS is its own).
#include <malloc.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "bench_util.hpp"

namespace irtc::bench {
namespace {

// A candidate who never stops: sentences of 2–4 s, each followed by 0.8 s of silence (enough to end a
// turn at the default 500 ms), about 40 s in all; played in a loop.
Clip monologue() {
  const char* sentences[] = {
      "I have five years of experience building web services",
      "Most of my work was on the billing system and its database",
      "We moved the payments to a new cluster without any downtime",
      "I like working with small teams that ship often",
      "Before that I wrote firmware for industrial sensors",
      "The hardest bug I fixed was a race in our cache",
      "I measured everything before changing the design",
      "My last project cut the monthly costs in half",
      "I mentor two junior engineers every week",
      "I would like to work on larger distributed systems",
  };
  std::vector<int16_t> all;
  for (const char* sentence : sentences) {
    auto speech = speak(sentence);
    all.insert(all.end(), speech.begin(), speech.end());
    auto pause = silence(800);
    all.insert(all.end(), pause.begin(), pause.end());
  }
  std::printf(
      "concurrent: each candidate loops %.1f s of speech: %zu sentences, %zu turns for the detector\n",
      double(all.size()) / 16000, std::size(sentences), turnsIn(all).size());
  return std::make_shared<const std::vector<int16_t>>(std::move(all));
}

}  // namespace

// --- 3. concurrent calls
int runConcurrent(int calls, double seconds) {
  const Clip clip = monologue();
  Engine engine;
  const auto config = interviewSession();
  std::vector<Connected> live;
  for (int i = 0; i < calls; ++i) {
    auto call = connect(*engine.registry, config);
    if (!call) return 1;
    // Spread over the loop, so the candidates' turns do not end in step.
    call->browser->play(clip, true, clip->size() * std::size_t(i) / std::size_t(calls));
    live.push_back(std::move(*call));
  }
  // A call's first turn is recognised at its pauses and end, before the candidate's channel is
  // known; every later turn as it is spoken. The window opens once every call is past its first
  // turn, to measure the calls as they go on rather than N interviews starting in the same second.
  for (auto& call : live) {
    EventLog events(*call.browser);
    if (!events.waitFind("conversation.item.input_audio_transcription.completed", 0, 60000)) {
      std::fprintf(stderr, "concurrent: a call's first turn was not transcribed within 60 s\n");
      return 1;
    }
  }
  sleepMs(3000);
  const CpuSnapshot before = cpuSnapshot();
  sleepMs(seconds * 1000);
  const CpuSnapshot after = cpuSnapshot();
  sleepMs(3000);  // transcripts of turns that ended near the window's end
  const double w0 = before.wallMs, w1 = after.wallMs;

  std::vector<double> rates, gaps, transcriptMs;
  int missing = 0, failed = 0;  // failed: transcription.failed (the recogniser's queue was full)
  double turnSeconds = 0;       // audio of the turns transcribed (usage.seconds)
  for (auto& call : live) {
    engine.registry->hangup(call.callId);
    auto packets = call.browser->rtpArrivals();
    double previous = w0, maxGap = 0;
    int inWindow = 0;
    for (double t : packets) {
      if (t < w0 || t >= w1) continue;
      ++inWindow;
      maxGap = std::max(maxGap, t - previous);
      previous = t;
    }
    rates.push_back(inWindow / ((w1 - w0) / 1000));
    gaps.push_back(std::max(maxGap, w1 - previous));
    EventLog events(*call.browser);
    std::map<std::string, double> stoppedAt;
    for (const auto& e : events.refresh()) {
      if (e.type == "input_audio_buffer.speech_stopped" && e.ms >= w0 && e.ms < w1) {
        stoppedAt[e.json.value("item_id", "")] = e.ms;
      }
    }
    for (const auto& e : events.refresh()) {
      auto it = stoppedAt.find(e.json.value("item_id", ""));
      if (it == stoppedAt.end()) continue;
      if (e.type == "conversation.item.input_audio_transcription.failed") {
        ++failed;
        stoppedAt.erase(it);
        continue;
      }
      if (e.type != "conversation.item.input_audio_transcription.completed") continue;
      transcriptMs.push_back(e.ms - it->second);
      turnSeconds += e.json["usage"].value("seconds", 0.0);
      stoppedAt.erase(it);
    }
    missing += int(stoppedAt.size());  // no transcript 3 s after the window
  }
  const CpuUse cpu = cpuBetween(before, after);
  std::map<std::string, double> sides;
  std::vector<std::pair<double, std::string>> groups;
  for (const auto& [group, cores] : cpu.byGroup) {
    sides[sideOf(group)] += cores;
    groups.emplace_back(cores, group);
  }
  std::sort(groups.rbegin(), groups.rend());
  std::printf(
      "concurrent %d calls, %.0f s window: process %.2f cores (engine threads %.2f, fake browsers %.2f, "
      "shared GStreamer/GLib %.2f); other processes on the host %.2f cores of %u\n",
      calls, seconds, cpu.processCores, sides["engine"], sides["browsers"], sides["shared"], cpu.othersCores,
      std::thread::hardware_concurrency());
  std::printf("  busiest thread groups (cores):");
  for (std::size_t i = 0; i < groups.size() && i < 24; ++i)
    std::printf(" %s %.2f%s", groups[i].second.c_str(), groups[i].first, i + 1 < groups.size() ? "," : "");
  std::printf(
      "\n  packets/s per browser: min %.1f, p50 %.1f; longest gap %.0f ms; transcripts: %s; %d failed "
      "(recogniser queue full), %d not there 3 s after the window\n",
      *std::min_element(rates.begin(), rates.end()), percentile(rates, 50), maxOf(gaps),
      p50p95(transcriptMs).c_str(), failed, missing);
  const double minRate = *std::min_element(rates.begin(), rates.end());
  const bool paced = minRate >= 48;
  const bool heard = missing + failed == 0 && !transcriptMs.empty() && maxOf(transcriptMs) <= 1000;
  const double sttCores = cpu.byGroup.count("stt-ps") ? cpu.byGroup.at("stt-ps") : 0;
  std::printf(
      "  recognition: %.1f s of turns (%.2f s per call per second), %.2f cores in stt-ps: %.2f CPU-s per "
      "second of audio\n",
      turnSeconds, turnSeconds / calls / seconds, sttCores,
      turnSeconds > 0 ? sttCores * seconds / turnSeconds : NAN);
  char value[160];
  std::snprintf(value, sizeof value,
                "min %.1f pps; transcript p95 %.0f max %.0f ms, %d lost; %.2f cores (%.2f browsers)", minRate,
                percentile(transcriptMs, 95), maxOf(transcriptMs), missing + failed, cpu.processCores,
                sides["browsers"]);
  row("concurrent: " + std::to_string(calls) + " calls: pps " + (paced ? "ok" : "LOW") + ", transcripts " +
          (heard ? "ok" : "SLOW"),
      value, ">=48, <=1 s");
  for (auto& call : live) call.browser->close();
  engine.waitIdle();
  return 0;
}

// --- 4. memory per idle call. The browsers run in a child process (forked before anything starts a
// thread) driven over pipes, so they take none of the engine process's memory.
namespace {

void browserChild(FILE* in, FILE* out) {
  nameThisThread("fb-child");
  std::vector<std::unique_ptr<FakeBrowser>> browsers;
  char line[128];
  while (std::fgets(line, sizeof line, in)) {
    const std::string command(line, std::strcspn(line, " \n"));
    if (command == "offer") {
      browsers.push_back(std::make_unique<FakeBrowser>(false, 111, FakeBrowser::Microphone::silence));
      const std::string sdp = browsers.back()->createOffer();
      std::fprintf(out, "%zu\n%s", sdp.size(), sdp.c_str());
    } else if (command == "answer") {
      std::string sdp(std::stoul(line + 7), '\0');
      if (std::fread(sdp.data(), 1, sdp.size(), in) != sdp.size()) break;
      auto& browser = *browsers.back();
      browser.applyAnswer(sdp);
      const bool open = waitFor([&] { return browser.channelOpenMs() > 0; }, 10000);
      std::fprintf(out, "%d\n", open ? 1 : 0);
    } else if (command == "close") {
      browsers.clear();
      std::fprintf(out, "ok\n");
    } else if (command == "rss") {
      std::fprintf(out, "%.1f\n", memoryNow().rssMiB);
    } else {
      break;
    }
    std::fflush(out);
  }
}

class ChildBrowsers {
 public:
  ChildBrowsers() {
    int down[2], up[2];
    if (pipe(down) != 0 || pipe(up) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
      ::close(down[1]);
      ::close(up[0]);
      browserChild(fdopen(down[0], "r"), fdopen(up[1], "w"));
      _exit(0);
    }
    ::close(down[0]);
    ::close(up[1]);
    to_ = fdopen(down[1], "w");
    from_ = fdopen(up[0], "r");
  }
  ~ChildBrowsers() {
    std::fprintf(to_, "quit\n");
    std::fclose(to_);
    std::fclose(from_);
    waitpid(pid_, nullptr, 0);
  }
  std::string ask(const std::string& command) {
    std::fputs(command.c_str(), to_);
    std::fflush(to_);
    char line[128] = "";
    if (!std::fgets(line, sizeof line, from_)) throw std::runtime_error("browser process died");
    return line;
  }
  std::string offer() {
    std::string sdp(std::stoul(ask("offer\n")), '\0');
    if (std::fread(sdp.data(), 1, sdp.size(), from_) != sdp.size()) throw std::runtime_error("short offer");
    return sdp;
  }
  bool answer(const std::string& sdp) {
    return ask("answer " + std::to_string(sdp.size()) + "\n" + sdp) == "1\n";
  }

 private:
  pid_t pid_ = -1;
  FILE* to_ = nullptr;
  FILE* from_ = nullptr;
};

std::string connectRemote(Engine& engine, ChildBrowsers& browsers,
                          const engine::realtime::SessionConfig& config) {
  auto result = engine.registry->startCall(browsers.offer(), config);
  auto* started = std::get_if<engine::CallStarted>(&result);
  if (!started || !browsers.answer(started->answerSdp)) throw std::runtime_error("a call did not connect");
  return started->callId;
}

}  // namespace

int runMemory(int calls) {
  ChildBrowsers browsers;  // first: the fork must come before any thread
  Engine engine;
  const auto config = interviewSession();
  // Warm-up: one call loads the plugins and makes the DTLS certificate, which every call shares.
  const std::string warmup = connectRemote(engine, browsers, config);
  sleepMs(2000);
  engine.registry->hangup(warmup);
  browsers.ask("close\n");
  engine.waitIdle();
  sleepMs(1000);
  const Memory idle = memoryNow();
  const double childIdle = std::stod(browsers.ask("rss\n"));
  std::vector<std::string> ids;
  for (int i = 0; i < calls; ++i) ids.push_back(connectRemote(engine, browsers, config));
  // The greeting plays for ~10 s; then the calls sit idle. Sampled throughout, the last one counts.
  Memory peak, last;
  for (int i = 0; i < 30; ++i) {
    sleepMs(500);
    last = memoryNow();
    peak.rssMiB = std::max(peak.rssMiB, last.rssMiB);
  }
  const double childLoaded = std::stod(browsers.ask("rss\n"));
  for (const auto& id : ids) engine.registry->hangup(id);
  browsers.ask("close\n");
  engine.waitIdle();
  sleepMs(1000);
  const Memory after = memoryNow();
  // Calls one after another: does memory come back when calls end? (glibc keeps freed memory in
  // its per-thread arenas; malloc_trim shows how much of the growth is that.)
  constexpr int kSequential = 40;
  const Memory sequentialStart = memoryNow();
  for (int i = 0; i < kSequential; ++i) {
    const std::string id = connectRemote(engine, browsers, config);
    sleepMs(500);
    engine.registry->hangup(id);
    browsers.ask("close\n");
    engine.waitIdle();
  }
  const Memory sequentialEnd = memoryNow();
  malloc_trim(0);
  const Memory trimmed = memoryNow();
  std::printf(
      "memory: %d sequential calls grew the engine's RSS %+.0f KiB per call (%.1f -> %.1f MiB; %.1f MiB "
      "after malloc_trim)\n",
      kSequential, (sequentialEnd.rssMiB - sequentialStart.rssMiB) * 1024 / kSequential,
      sequentialStart.rssMiB, sequentialEnd.rssMiB, trimmed.rssMiB);
  const double perCall = (last.rssMiB - idle.rssMiB) / calls;
  std::printf(
      "memory %d calls: engine RSS %.1f MiB with 0 calls (after warm-up; %.1f anon), %.1f with %d idle "
      "calls (%.1f anon; peak %.1f while greeting), %.1f after they ended; the browser process grew "
      "%.1f MiB per browser\n",
      calls, idle.rssMiB, idle.anonMiB, last.rssMiB, calls, last.anonMiB, peak.rssMiB, after.rssMiB,
      (childLoaded - childIdle) / calls);
  char value[120];
  std::snprintf(value, sizeof value, "%.2f MiB/call (anon %.2f; peak %.2f); base %.0f MiB", perCall,
                (last.anonMiB - idle.anonMiB) / calls, (peak.rssMiB - idle.rssMiB) / calls, idle.rssMiB);
  row("memory: engine RSS per idle call, " + std::to_string(calls) + " calls", value, "< 10 MiB");
  return 0;
}

}  // namespace irtc::bench
