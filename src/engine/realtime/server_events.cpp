#include "engine/realtime/server_events.hpp"

#include "engine/realtime/ids.hpp"

namespace irtc::engine::realtime {
namespace {

using nlohmann::json;

json event(std::string_view type) {
  return {{"event_id", newEventId()}, {"type", type}};
}

json nullable(const std::optional<std::string>& s) {
  return s ? json(*s) : json(nullptr);
}

std::string_view statusName(ResponseStatus s) {
  switch (s) {
    case ResponseStatus::InProgress: return "in_progress";
    case ResponseStatus::Completed: return "completed";
    case ResponseStatus::Cancelled: return "cancelled";
    case ResponseStatus::Incomplete: return "incomplete";
    case ResponseStatus::Failed: return "failed";
  }
  return "failed";
}

json statusDetails(const ResponseOutcome& o) {
  switch (o.status) {
    case ResponseStatus::Cancelled:
    case ResponseStatus::Incomplete: return {{"type", statusName(o.status)}, {"reason", o.reason}};
    case ResponseStatus::Failed:
      return {{"type", "failed"}, {"error", {{"type", o.errorType}, {"code", o.errorCode}}}};
    default: return nullptr;
  }
}

json transcriptFields(json e, std::string_view responseId, std::string_view itemId, int outputIndex,
                      int contentIndex) {
  e["response_id"] = responseId;
  e["item_id"] = itemId;
  e["output_index"] = outputIndex;
  e["content_index"] = contentIndex;
  return e;
}

}  // namespace

json contentPartJson(const ContentPart& part) {
  switch (part.type) {
    case ContentPart::Type::InputAudio: return {{"type", "input_audio"}, {"transcript", nullable(part.text)}};
    case ContentPart::Type::InputText: return {{"type", "input_text"}, {"text", part.text.value_or("")}};
    case ContentPart::Type::OutputAudio:
      return {{"type", "output_audio"}, {"transcript", nullable(part.text)}};
    case ContentPart::Type::OutputText: return {{"type", "output_text"}, {"text", part.text.value_or("")}};
  }
  return nullptr;
}

json itemJson(const MessageItem& item) {
  json content = json::array();
  for (const auto& part : item.content) content.push_back(contentPartJson(part));
  return {{"id", item.id},         {"object", "realtime.item"}, {"type", "message"},
          {"status", item.status}, {"role", item.role},         {"content", content}};
}

json responseObject(const ResponseInfo& info, const ResponseOutcome& outcome,
                    const std::vector<MessageItem>& output, const std::optional<Usage>& usage) {
  json items = json::array();
  for (const auto& item : output) items.push_back(itemJson(item));
  return {
      {"object", "realtime.response"},
      {"id", info.id},
      {"status", statusName(outcome.status)},
      {"status_details", statusDetails(outcome)},
      {"output", items},
      {"conversation_id", info.conversationId},
      {"output_modalities", {"audio"}},
      {"max_output_tokens", "inf"},
      {"audio", {{"output", {{"format", {{"type", "audio/pcm"}, {"rate", 24000}}}, {"voice", info.voice}}}}},
      {"usage", usage ? usageJson(*usage) : json(nullptr)},
      {"metadata", nullptr}};
}

namespace events {

json sessionCreated(const json& session) {
  auto e = event("session.created");
  e["session"] = session;
  return e;
}

json sessionUpdated(const json& session) {
  auto e = event("session.updated");
  e["session"] = session;
  return e;
}

json speechStarted(std::int64_t audioStartMs, std::string_view itemId) {
  auto e = event("input_audio_buffer.speech_started");
  e["audio_start_ms"] = audioStartMs;
  e["item_id"] = itemId;
  return e;
}

json speechStopped(std::int64_t audioEndMs, std::string_view itemId) {
  auto e = event("input_audio_buffer.speech_stopped");
  e["audio_end_ms"] = audioEndMs;
  e["item_id"] = itemId;
  return e;
}

json inputAudioBufferCommitted(const std::optional<std::string>& previousItemId, std::string_view itemId) {
  auto e = event("input_audio_buffer.committed");
  e["previous_item_id"] = nullable(previousItemId);
  e["item_id"] = itemId;
  return e;
}

json inputAudioBufferCleared() {
  return event("input_audio_buffer.cleared");
}

json conversationItemAdded(const std::optional<std::string>& previousItemId, const MessageItem& item) {
  auto e = event("conversation.item.added");
  e["previous_item_id"] = nullable(previousItemId);
  e["item"] = itemJson(item);
  return e;
}

json conversationItemDone(const std::optional<std::string>& previousItemId, const MessageItem& item) {
  auto e = event("conversation.item.done");
  e["previous_item_id"] = nullable(previousItemId);
  e["item"] = itemJson(item);
  return e;
}

json conversationItemRetrieved(const MessageItem& item) {
  auto e = event("conversation.item.retrieved");
  e["item"] = itemJson(item);
  return e;
}

json transcriptionCompleted(std::string_view itemId, int contentIndex, std::string_view transcript,
                            const std::optional<json>& usage) {
  auto e = event("conversation.item.input_audio_transcription.completed");
  e["item_id"] = itemId;
  e["content_index"] = contentIndex;
  e["transcript"] = transcript;
  if (usage) e["usage"] = *usage;
  return e;
}

json transcriptionFailed(std::string_view itemId, int contentIndex, const EventError& error) {
  auto e = event("conversation.item.input_audio_transcription.failed");
  e["item_id"] = itemId;
  e["content_index"] = contentIndex;
  e["error"] = {{"type", error.type},
                {"code", error.code},
                {"message", error.message},
                {"param", nullable(error.param)}};
  return e;
}

json transcriptionDurationUsage(std::int64_t audioMs) {
  return {{"type", "duration"}, {"seconds", audioMs <= 0 ? 0.0 : static_cast<double>(audioMs) / 1000.0}};
}

json responseCreated(const ResponseInfo& info) {
  auto e = event("response.created");
  e["response"] = responseObject(info, {ResponseStatus::InProgress, "", "", ""}, {}, std::nullopt);
  return e;
}

json outputItemAdded(std::string_view responseId, int outputIndex, const MessageItem& item) {
  auto e = event("response.output_item.added");
  e["response_id"] = responseId;
  e["output_index"] = outputIndex;
  e["item"] = itemJson(item);
  return e;
}

json outputItemDone(std::string_view responseId, int outputIndex, const MessageItem& item) {
  auto e = event("response.output_item.done");
  e["response_id"] = responseId;
  e["output_index"] = outputIndex;
  e["item"] = itemJson(item);
  return e;
}

json contentPartAdded(std::string_view responseId, std::string_view itemId, int outputIndex, int contentIndex,
                      const ContentPart& part) {
  auto e =
      transcriptFields(event("response.content_part.added"), responseId, itemId, outputIndex, contentIndex);
  e["part"] = contentPartJson(part);
  return e;
}

json contentPartDone(std::string_view responseId, std::string_view itemId, int outputIndex, int contentIndex,
                     const ContentPart& part) {
  auto e =
      transcriptFields(event("response.content_part.done"), responseId, itemId, outputIndex, contentIndex);
  e["part"] = contentPartJson(part);
  return e;
}

json outputAudioTranscriptDelta(std::string_view responseId, std::string_view itemId, int outputIndex,
                                int contentIndex, std::string_view delta) {
  auto e = transcriptFields(event("response.output_audio_transcript.delta"), responseId, itemId, outputIndex,
                            contentIndex);
  e["delta"] = delta;
  return e;
}

json outputAudioTranscriptDone(std::string_view responseId, std::string_view itemId, int outputIndex,
                               int contentIndex, std::string_view transcript) {
  auto e = transcriptFields(event("response.output_audio_transcript.done"), responseId, itemId, outputIndex,
                            contentIndex);
  e["transcript"] = transcript;
  return e;
}

json responseDone(const ResponseInfo& info, const ResponseOutcome& outcome,
                  const std::vector<MessageItem>& output, const Usage& usage) {
  auto e = event("response.done");
  e["response"] = responseObject(info, outcome, output, usage);
  return e;
}

json outputAudioBufferStarted(std::string_view responseId) {
  auto e = event("output_audio_buffer.started");
  e["response_id"] = responseId;
  return e;
}

json outputAudioBufferStopped(std::string_view responseId) {
  auto e = event("output_audio_buffer.stopped");
  e["response_id"] = responseId;
  return e;
}

json outputAudioBufferCleared(std::string_view responseId) {
  auto e = event("output_audio_buffer.cleared");
  e["response_id"] = responseId;
  return e;
}

json error(const EventError& err) {
  auto e = event("error");
  e["error"] = errorObject(err);
  return e;
}

}  // namespace events
}  // namespace irtc::engine::realtime
