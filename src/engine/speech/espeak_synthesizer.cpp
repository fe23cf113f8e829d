#include "engine/speech/espeak_synthesizer.hpp"

#include <espeak-ng/speak_lib.h>

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

namespace irtc::engine {

namespace {

constexpr int kChunkMs = 40;  // audio per callback: the first chunk after ~1 ms of synthesis work

constexpr std::array<std::string_view, 6> kVoices = {"en-us+klatt",  "en-us+klatt2", "en-us+klatt3",
                                                     "en-us+klatt4", "en-us+klatt5", "en-us+klatt6"};
constexpr std::string_view kDefaultVoice = "en-us+klatt2";

struct NamedVoice {
  std::string_view name;
  std::string_view voice;
};
constexpr std::array<NamedVoice, 13> kOpenAiVoices = {{
    {"alloy", "en-us+klatt2"},
    {"ash", "en-us+klatt"},
    {"ballad", "en-us+klatt3"},
    {"cedar", "en-us+klatt2"},
    {"coral", "en-us+klatt4"},
    {"echo", "en-us+klatt"},
    {"fable", "en-us+klatt5"},
    {"marin", "en-us+klatt4"},
    {"nova", "en-us+klatt4"},
    {"onyx", "en-us+klatt3"},
    {"sage", "en-us+klatt6"},
    {"shimmer", "en-us+klatt6"},
    {"verse", "en-us+klatt5"},
}};

// FNV-1a: unlike std::hash, the same on every run, build and machine.
std::uint32_t fnv1a(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

bool looksLikeEspeakVoice(std::string_view name) {
  if (name.find('+') == std::string_view::npos || name.size() > 40) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '+' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// What espeak_Synth() passes back to the callback as user_data.
struct ChunkSink {
  const SynthesisHandle* handle;
  const Synthesizer::ChunkCallback* onChunk;
  std::size_t samples = 0;
};

// espeak-ng's synth callback, on the espeak thread inside espeak_Synth(). wav == nullptr marks the
// end of the utterance. Returning 1 makes espeak-ng abandon the rest of the utterance, so a cancel()
// takes effect within one chunk's worth of synthesis work (well under a millisecond).
int onSynth(short* wav, int count, espeak_EVENT* events) {
  auto* sink = static_cast<ChunkSink*>(events != nullptr ? events->user_data : nullptr);
  if (sink == nullptr) return 0;
  if (sink->handle->cancelled()) return 1;
  if (wav != nullptr && count > 0) {
    sink->samples += static_cast<std::size_t>(count);
    if (*sink->onChunk) {
      (*sink->onChunk)(reinterpret_cast<const int16_t*>(wav), static_cast<std::size_t>(count),
                       EspeakSynthesizer::kSampleRate);
    }
  }
  return 0;
}

}  // namespace

// The process's one espeak-ng thread and its queue, shared by every EspeakSynthesizer.
class EspeakSynthesizer::Engine {
 public:
  struct Job {
    const void* owner;
    std::string text;
    std::string voice;
    int wordsPerMinute;
    ChunkCallback onChunk;
    DoneCallback done;
    SynthesisHandle handle;
  };

  static std::shared_ptr<Engine> instance() {
    static std::mutex mutex;
    static std::shared_ptr<Engine> engine;
    std::lock_guard lock(mutex);
    if (!engine) engine = std::shared_ptr<Engine>(new Engine());  // throws if espeak-ng cannot start
    return engine;
  }

  ~Engine() {  // at process exit
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      for (auto& j : queue_) j.handle.cancel();
      currentHandle_.cancel();
    }
    wake_.notify_all();
    thread_.join();
  }

  bool enqueue(Job job, std::size_t ownerCapacity) {
    {
      std::lock_guard lock(mutex_);
      std::size_t queued = 0;
      for (const auto& j : queue_) queued += j.owner == job.owner ? 1 : 0;
      if (stopping_ || queued >= ownerCapacity) return false;
      queue_.push_back(std::move(job));
    }
    wake_.notify_all();
    return true;
  }

  // Cancels the owner's utterances and waits until none is queued or being synthesised.
  void cancelAndWait(const void* owner) {
    std::unique_lock lock(mutex_);
    for (auto& j : queue_) {
      if (j.owner == owner) j.handle.cancel();
    }
    if (currentOwner_ == owner) currentHandle_.cancel();
    wake_.notify_all();
    idle_.wait(lock, [&] {
      if (currentOwner_ == owner) return false;
      for (const auto& j : queue_) {
        if (j.owner == owner) return false;
      }
      return true;
    });
  }

 private:
  Engine() {
    std::promise<int> ready;
    auto started = ready.get_future();
    thread_ = std::thread([this, &ready] {
      // espeakINITIALIZE_DONT_EXIT: by default espeak-ng calls exit() when its data is missing.
      const int rate =
          espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, kChunkMs, nullptr, espeakINITIALIZE_DONT_EXIT);
      ready.set_value(rate);
      if (rate != kSampleRate) return;
      espeak_SetSynthCallback(&onSynth);
      run();
    });
    if (started.get() != kSampleRate) {
      thread_.join();
      throw std::runtime_error("espeak-ng failed to initialise (is espeak-ng-data installed?)");
    }
  }

  void run() {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        job = std::move(queue_.front());
        queue_.pop_front();
        currentOwner_ = job.owner;
        currentHandle_ = job.handle;
      }
      const SynthesisResult result = synthesize(job);
      if (job.done) job.done(result);
      {
        std::lock_guard lock(mutex_);
        currentOwner_ = nullptr;
      }
      idle_.notify_all();
    }
  }

  SynthesisResult synthesize(const Job& job) {
    SynthesisResult result;
    result.sampleRate = kSampleRate;
    ChunkSink sink{&job.handle, &job.onChunk};
    if (!job.handle.cancelled()) {
      if (job.voice != voice_) {
        if (espeak_SetVoiceByName(job.voice.c_str()) == EE_OK) {
          voice_ = job.voice;
        } else {
          result.error = "espeak-ng has no voice " + job.voice;
        }
      }
      const int wpm = job.wordsPerMinute > 0 ? job.wordsPerMinute : espeakRATE_NORMAL;
      if (wpm != wordsPerMinute_) {
        espeak_SetParameter(espeakRATE, wpm, 0);
        wordsPerMinute_ = wpm;
      }
      if (result.error.empty() && !job.text.empty()) {
        // Plain UTF-8, not SSML: the text may come from a language model and contain '<'.
        const espeak_ERROR rc = espeak_Synth(job.text.c_str(), job.text.size() + 1, 0, POS_CHARACTER, 0,
                                             espeakCHARS_UTF8, nullptr, &sink);
        if (rc != EE_OK) result.error = "espeak-ng synthesis failed";
      }
    }
    result.samples = sink.samples;
    result.cancelled = job.handle.cancelled();
    if (result.cancelled) result.error.clear();
    return result;
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  const void* currentOwner_ = nullptr;
  SynthesisHandle currentHandle_;
  std::string voice_;                       // espeak thread only
  int wordsPerMinute_ = espeakRATE_NORMAL;  // espeak thread only
  std::thread thread_;
};

std::string EspeakSynthesizer::espeakVoiceFor(std::string_view name) {
  if (name.empty()) return std::string(kDefaultVoice);
  if (looksLikeEspeakVoice(name)) return std::string(name);
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (const auto& v : kOpenAiVoices) {
    if (v.name == lower) return std::string(v.voice);
  }
  return std::string(kVoices[fnv1a(lower) % kVoices.size()]);
}

EspeakSynthesizer::EspeakSynthesizer(EspeakOptions options) : options_(options), engine_(Engine::instance()) {
  options_.queueCapacity = std::max<std::size_t>(1, options_.queueCapacity);
}

EspeakSynthesizer::~EspeakSynthesizer() {
  engine_->cancelAndWait(this);
}

std::optional<SynthesisHandle> EspeakSynthesizer::synthesize(std::string text, std::string voice,
                                                             ChunkCallback onChunk, DoneCallback done) {
  Engine::Job job{this,
                  std::move(text),
                  espeakVoiceFor(voice),
                  options_.wordsPerMinute,
                  std::move(onChunk),
                  std::move(done),
                  SynthesisHandle{}};
  SynthesisHandle handle = job.handle;
  if (!engine_->enqueue(std::move(job), options_.queueCapacity)) return std::nullopt;
  return handle;
}

}  // namespace irtc::engine
