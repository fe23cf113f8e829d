#include "proxy/capture.hpp"

#include <nlohmann/json.hpp>

namespace irtc::proxy {
namespace {

using nlohmann::json;

std::string stringField(const json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t intField(const json& object, const char* name, std::int64_t fallback = 0) {
  auto it = object.find(name);
  return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

std::optional<CapturedUsage> usageOf(const json& event) {
  auto response = event.find("response");
  if (response == event.end() || !response->is_object()) return std::nullopt;
  auto usage = response->find("usage");
  if (usage == response->end() || !usage->is_object()) return std::nullopt;
  CapturedUsage u;
  auto details = [&](const char* name) {
    auto it = usage->find(name);
    return it != usage->end() && it->is_object() ? *it : json::object();
  };
  const json in = details("input_token_details"), out = details("output_token_details");
  u.inputTextTokens = intField(in, "text_tokens");
  u.inputAudioTokens = intField(in, "audio_tokens");
  u.outputTextTokens = intField(out, "text_tokens");
  u.outputAudioTokens = intField(out, "audio_tokens");
  u.totalTokens = intField(*usage, "total_tokens",
                           u.inputTextTokens + u.inputAudioTokens + u.outputTextTokens + u.outputAudioTokens);
  return u;
}

}  // namespace

void TranscriptCapture::remember(const std::string& itemId, std::int64_t startMs) {
  if (itemId.empty() || started_.count(itemId)) return;
  if (started_.size() >= kMaxPendingItems) started_.erase(started_.begin());
  started_.emplace(itemId, startMs);
}

std::int64_t TranscriptCapture::takeStart(const std::string& itemId, std::int64_t fallback) {
  auto it = started_.find(itemId);
  if (it == started_.end()) return fallback;
  std::int64_t start = it->second;
  started_.erase(it);
  return start;
}

std::vector<Captured> TranscriptCapture::onEvent(std::string_view eventJson, std::int64_t elapsedMs) {
  json event = json::parse(eventJson, nullptr, false);
  if (!event.is_object()) {
    ++malformed_;
    return {};
  }
  const std::string type = stringField(event, "type");
  const std::string itemId = stringField(event, "item_id");
  std::vector<Captured> out;

  if (type == "input_audio_buffer.speech_started") {
    remember(itemId, intField(event, "audio_start_ms", elapsedMs));
  } else if (type == "input_audio_buffer.speech_stopped") {
    if (!itemId.empty() && ended_.size() < kMaxPendingItems)
      ended_[itemId] = intField(event, "audio_end_ms", elapsedMs);
  } else if (type == "response.output_item.added") {
    auto item = event.find("item");
    if (item != event.end() && item->is_object()) remember(stringField(*item, "id"), elapsedMs);
  } else if (type == "conversation.item.input_audio_transcription.completed") {
    CapturedLine line{itemId, store::Speaker::Candidate, stringField(event, "transcript"), 0, elapsedMs};
    auto end = ended_.find(itemId);
    if (end != ended_.end()) {
      line.endMs = end->second;
      ended_.erase(end);
    }
    line.startMs = takeStart(itemId, line.endMs);
    if (!line.itemId.empty()) out.emplace_back(std::move(line));
  } else if (type == "response.output_audio_transcript.done" || type == "response.audio_transcript.done") {
    CapturedLine line{itemId, store::Speaker::Interviewer, stringField(event, "transcript"), 0, elapsedMs};
    line.startMs = takeStart(itemId, elapsedMs);
    if (!line.itemId.empty()) out.emplace_back(std::move(line));
  } else if (type == "response.done") {
    if (auto usage = usageOf(event)) out.emplace_back(*usage);
  } else if (type == "error") {
    auto error = event.find("error");
    if (error != event.end() && error->is_object()) {
      std::string code = stringField(*error, "code");
      out.emplace_back(CapturedError{code.empty() ? "unknown" : code, stringField(*error, "message")});
    }
  }
  return out;
}

}  // namespace irtc::proxy
