// What every engine benchmark shares: the engine as interviewd builds it, a browser connected to
// it, the events a browser received, candidate speech from espeak-ng, percentiles, and CPU and
// memory read from /proc.
#pragma once

#include <dirent.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/log.hpp"
#include "engine/call/call_registry.hpp"
#include "engine/speech/audio/vad.hpp"
#include "engine/speech/speech_factory.hpp"
#include "functions/instructions.hpp"
#include "metrics/registry.hpp"
#include "percentile.hpp"
#include "support/webrtc/fake_browser.hpp"

namespace irtc::bench {

using namespace std::chrono_literals;
using test::Clip;
using test::FakeBrowser;

inline double nowMs() {
  return test::steadyMs();
}

inline void nameThisThread(const char* name) {
  pthread_setname_np(pthread_self(), name);
}

inline void sleepMs(double ms) {
  std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(ms));
}

// Polls pred every millisecond until it holds or timeoutMs pass.
template <typename Pred>
bool waitFor(Pred pred, double timeoutMs) {
  const double deadline = nowMs() + timeoutMs;
  while (!pred()) {
    if (nowMs() > deadline) return false;
    sleepMs(1);
  }
  return true;
}

// --- the engine, set up like interviewd's startVoiceEngine (scripted interviewer, pocketsphinx with
// one worker per core, espeak-ng, 127.0.0.1 only). Threads it starts are named "eb-…" (the engine's
// call threads inherit "eb-call", espeak's thread "eb-espeak") so CPU can be attributed; the
// calling thread is left named "fb-main" for the browsers it creates next.
struct Engine {
  metrics::Registry metrics;
  std::unique_ptr<engine::CallRegistry> registry;

  explicit Engine(std::size_t maxCalls = 64) {
    log::init("warn");
    nameThisThread("eb-webrtc");
    engine::prewarmWebRtc();
    engine::CallResources resources;
    resources.peer.hostAddresses = {"127.0.0.1"};
    resources.limits.maxCalls = maxCalls;
    engine::SpeechConfig speech;  // sttWorkers 0: one pocketsphinx decoder per core
    // interviewd's stt_live_decoders, for sizing it: BENCH_LIVE_DECODERS (default as interviewd's).
    if (const char* live = std::getenv("BENCH_LIVE_DECODERS")) speech.sttLiveDecoders = std::stoul(live);
    resources.recognizer = engine::makeRecognizer(speech);
    nameThisThread("eb-espeak");
    resources.synthesizer = engine::makeSynthesizer(speech);
    resources.metrics = &metrics;
    nameThisThread("eb-call");
    registry = std::make_unique<engine::CallRegistry>(std::move(resources),
                                                      std::max(2u, std::thread::hardware_concurrency()));
    nameThisThread("fb-main");
  }

  // Sum and count of a histogram in the registry's Prometheus text.
  std::pair<double, double> histogram(const std::string& name) const {
    std::istringstream text(metrics.expose());
    double sum = 0, count = 0;
    for (std::string line; std::getline(text, line);) {
      if (line.rfind(name + "_sum ", 0) == 0) sum = std::stod(line.substr(name.size() + 5));
      if (line.rfind(name + "_count ", 0) == 0) count = std::stod(line.substr(name.size() + 7));
    }
    return {sum, count};
  }

  void waitIdle() {
    waitFor([&] { return registry->liveCalls() == 0 && registry->closingCalls() == 0; }, 15000);
  }
};

// An interview with 50 questions (the most a brief holds), so a call outlasts any benchmark.
inline engine::realtime::SessionConfig interviewSession() {
  store::Position position;
  position.title = "Backend Engineer";
  position.description = "Builds the services behind our product.";
  for (int i = 1; i <= 50; ++i)
    position.questions.push_back("Tell me about project number " + std::to_string(i) + ".");
  store::Candidate candidate;
  candidate.name = "Alex";
  engine::realtime::SessionConfig config;
  config.instructions = functions::buildInterviewerInstructions("Acme", position, candidate, 60);
  return config;
}

struct Connected {
  std::unique_ptr<FakeBrowser> browser;
  std::string callId;
  double startCallMs = 0;    // startCall() alone
  double offerToOpenMs = 0;  // startCall() called → the browser's data channel open
};

// Offer, answer, data channel open; nullopt (and a message) when refused or not open within 10 s.
inline std::optional<Connected> connect(engine::CallRegistry& registry,
                                        const engine::realtime::SessionConfig& config) {
  Connected call;
  call.browser = std::make_unique<FakeBrowser>(false, 111, FakeBrowser::Microphone::silence);
  const std::string offer = call.browser->createOffer();
  const double t0 = nowMs();
  auto result = registry.startCall(offer, config);
  call.startCallMs = nowMs() - t0;
  if (auto* refused = std::get_if<engine::CallRefused>(&result)) {
    std::fprintf(stderr, "call refused: %s\n", refused->error.message.c_str());
    return std::nullopt;
  }
  auto& started = std::get<engine::CallStarted>(result);
  call.callId = started.callId;
  call.browser->applyAnswer(started.answerSdp);
  if (!waitFor([&] { return call.browser->channelOpenMs() > 0; }, 10000)) {
    std::fprintf(stderr, "data channel did not open\n");
    return std::nullopt;
  }
  call.offerToOpenMs = call.browser->channelOpenMs() - t0;
  return call;
}

// The server events a browser received, parsed once each, with their arrival times.
class EventLog {
 public:
  struct Event {
    double ms;
    std::string type;
    nlohmann::json json;
  };
  explicit EventLog(const FakeBrowser& browser) : browser_(browser) {}

  const std::vector<Event>& refresh() {
    auto messages = browser_.timedMessages();
    for (std::size_t i = events_.size(); i < messages.size(); ++i) {
      auto json = nlohmann::json::parse(messages[i].text, nullptr, false);
      std::string type = json.is_object() ? json.value("type", "") : "";
      events_.push_back({messages[i].ms, std::move(type), std::move(json)});
    }
    return events_;
  }
  std::size_t size() { return refresh().size(); }
  // The first event of `type` at index >= from; nullptr if none (yet).
  const Event* find(const std::string& type, std::size_t from = 0) {
    const auto& all = refresh();
    for (std::size_t i = from; i < all.size(); ++i) {
      if (all[i].type == type) return &all[i];
    }
    return nullptr;
  }
  const Event* waitFind(const std::string& type, std::size_t from, double timeoutMs) {
    const Event* found = nullptr;
    waitFor([&] { return (found = find(type, from)) != nullptr; }, timeoutMs);
    return found;
  }
  std::size_t count(const std::string& type) { return countFrom(type, 0); }
  std::size_t countFrom(const std::string& type, std::size_t from) {
    const auto& all = refresh();
    std::size_t n = 0;
    for (std::size_t i = from; i < all.size(); ++i) n += all[i].type == type ? 1 : 0;
    return n;
  }

 private:
  const FakeBrowser& browser_;
  std::vector<Event> events_;
};

// --- candidate speech: espeak-ng klatt2 (what pocketsphinx recognises), 16 kHz mono samples.
inline std::vector<int16_t> speak(const std::string& text) {
  return test::spokenSamples(text);
}

inline std::vector<int16_t> silence(double ms) {
  return std::vector<int16_t>(std::size_t(ms * 16), 0);
}

// The turns the engine's own detector finds in a clip (after 1 s of silence to settle its noise
// floor), as [start, end) sample indices of the voiced audio within the clip.
inline std::vector<std::pair<std::size_t, std::size_t>> turnsIn(const std::vector<int16_t>& clip) {
  engine::VoiceActivityDetector vad;
  std::vector<int16_t> audio = silence(1000);
  audio.insert(audio.end(), clip.begin(), clip.end());
  auto tail = silence(1500);
  audio.insert(audio.end(), tail.begin(), tail.end());
  std::vector<std::pair<std::size_t, std::size_t>> turns;
  std::size_t start = 0;
  for (const auto& event : vad.process(audio)) {
    if (auto* s = std::get_if<engine::SpeechStarted>(&event))
      start = std::size_t(s->voiceStartMs - 1000) * 16;
    if (auto* s = std::get_if<engine::SpeechStopped>(&event))
      turns.emplace_back(start, std::size_t(s->voiceEndMs - 1000) * 16);
  }
  return turns;
}

// --- statistics

inline double maxOf(const std::vector<double>& v) {
  return v.empty() ? NAN : *std::max_element(v.begin(), v.end());
}

// A figure for the summary table (bench/run gathers the lines starting with "| ").
inline void row(const std::string& figure, const std::string& value, const std::string& goal) {
  std::printf("| %-58s | %-40s | %-10s |\n", figure.c_str(), value.c_str(), goal.c_str());
  std::fflush(stdout);
}

inline std::string p50p95(const std::vector<double>& v, const char* unit = "ms") {
  char text[112];
  std::snprintf(text, sizeof text, "p50 %.0f / p95 %.0f / max %.0f %s (n=%zu)", percentile(v, 50),
                percentile(v, 95), maxOf(v), unit, v.size());
  return text;
}

// --- CPU and memory from /proc
inline std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct CpuSnapshot {
  double wallMs = 0;
  double processSec = 0;                    // getrusage: user + system
  std::map<std::string, double> threadSec;  // "tid name" → seconds on CPU (schedstat)
  double systemBusy = 0, systemTotal = 0;   // /proc/stat jiffies, every CPU
};

inline CpuSnapshot cpuSnapshot() {
  CpuSnapshot s;
  s.wallMs = nowMs();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  s.processSec = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                 double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  if (DIR* dir = opendir("/proc/self/task")) {
    while (dirent* entry = readdir(dir)) {
      if (entry->d_name[0] == '.') continue;
      const std::string base = std::string("/proc/self/task/") + entry->d_name;
      std::string name = readFile(base + "/comm");
      if (!name.empty() && name.back() == '\n') name.pop_back();
      double ns = 0;
      std::istringstream(readFile(base + "/schedstat")) >> ns;
      s.threadSec[std::string(entry->d_name) + " " + name] = ns / 1e9;
    }
    closedir(dir);
  }
  std::istringstream stat(readFile("/proc/stat"));
  std::string cpu;
  stat >> cpu;
  double field = 0;
  for (int i = 0; i < 10 && stat >> field; ++i) {
    s.systemTotal += field;
    if (i != 3 && i != 4) s.systemBusy += field;  // idle, iowait
  }
  return s;
}

// Thread name with its digits dropped ("nicesrc12:src" → "nicesrc:src", "stt-ps1" → "stt-ps").
inline std::string threadGroup(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c < '0' || c > '9') out += c;
  }
  return out;
}

struct CpuUse {
  double processCores = 0;                // of the process, over the window
  double othersCores = 0;                 // every other process on the host
  std::map<std::string, double> byGroup;  // cores by thread group
};

inline CpuUse cpuBetween(const CpuSnapshot& a, const CpuSnapshot& b) {
  CpuUse use;
  const double seconds = (b.wallMs - a.wallMs) / 1000.0;
  use.processCores = (b.processSec - a.processSec) / seconds;
  const long hz = sysconf(_SC_CLK_TCK);
  use.othersCores = std::max(0.0, (b.systemBusy - a.systemBusy) / double(hz) / seconds - use.processCores);
  for (const auto& [key, sec] : b.threadSec) {
    auto before = a.threadSec.find(key);
    const double delta = sec - (before == a.threadSec.end() ? 0 : before->second);
    use.byGroup[threadGroup(key.substr(key.find(' ') + 1))] += delta / seconds;
  }
  return use;
}

// Which side of the benchmark a thread group works for.
inline std::string sideOf(const std::string& group) {
  if (group.rfind("fb", 0) == 0 || group == "mic:src") return "browsers";
  if (group.rfind("eb-", 0) == 0 || group.rfind("webrtc:", 0) == 0 || group == "speech:src" ||
      group.rfind("stt-ps", 0) == 0 || group == "irtc-webrtc" || group.rfind("nicesrc", 0) == 0 ||
      group.rfind("rtpjitterbuffer", 0) == 0 || group.rfind("queue", 0) == 0 ||
      group.rfind("dtlsenc", 0) == 0 || group.rfind("sctpenc", 0) == 0)
    return "engine";
  return "shared";
}

struct Memory {
  double rssMiB = 0, anonMiB = 0;
};
inline Memory memoryNow() {
  Memory m;
  std::istringstream status(readFile("/proc/self/status"));
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) m.rssMiB = std::stod(line.substr(6)) / 1024.0;
    if (line.rfind("RssAnon:", 0) == 0) m.anonMiB = std::stod(line.substr(8)) / 1024.0;
  }
  return m;
}

}  // namespace irtc::bench
