// Server → client Realtime events in OpenAI's GA shapes. Each builder returns a complete event with
// a fresh `event_id` and its `type`; the caller serialises it and sends it on the data channel and
// the sideband alike.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/realtime/event_error.hpp"
#include "engine/realtime/usage.hpp"

namespace irtc::engine::realtime {

// A content part of a message item. `text` is the transcript of an audio part (null while unknown)
// or the text of a text part.
struct ContentPart {
  enum class Type { InputAudio, InputText, OutputAudio, OutputText };
  Type type = Type::InputAudio;
  std::optional<std::string> text;
};

struct MessageItem {
  std::string id;
  std::string role;                  // "user" (the candidate), "assistant" (the interviewer), "system"
  std::string status = "completed";  // "in_progress" while the interviewer is still speaking it
  std::vector<ContentPart> content;
};

enum class ResponseStatus { InProgress, Completed, Cancelled, Incomplete, Failed };

// Why a response ended the way it did: the `status_details` of response.done.
struct ResponseOutcome {
  ResponseStatus status = ResponseStatus::Completed;
  std::string reason;  // cancelled: "turn_detected" | "client_cancelled"; incomplete: "max_output_tokens" | …
  std::string errorType = "server_error";  // failed only
  std::string errorCode;                   // failed only
};

struct ResponseInfo {
  std::string id;
  std::string conversationId;
  std::string voice;
};

nlohmann::json contentPartJson(const ContentPart& part);
nlohmann::json itemJson(
    const MessageItem& item);  // {id, object:"realtime.item", type:"message", status, role, content}
nlohmann::json responseObject(const ResponseInfo& info, const ResponseOutcome& outcome,
                              const std::vector<MessageItem>& output, const std::optional<Usage>& usage);

namespace events {

// `session` is toSessionObject(config, id, expiresAt).
nlohmann::json sessionCreated(const nlohmann::json& session);
nlohmann::json sessionUpdated(const nlohmann::json& session);

nlohmann::json speechStarted(std::int64_t audioStartMs, std::string_view itemId);
nlohmann::json speechStopped(std::int64_t audioEndMs, std::string_view itemId);
nlohmann::json inputAudioBufferCommitted(const std::optional<std::string>& previousItemId,
                                         std::string_view itemId);
nlohmann::json inputAudioBufferCleared();

nlohmann::json conversationItemAdded(const std::optional<std::string>& previousItemId,
                                     const MessageItem& item);
nlohmann::json conversationItemDone(const std::optional<std::string>& previousItemId,
                                    const MessageItem& item);
nlohmann::json conversationItemRetrieved(const MessageItem& item);

// usage: e.g. transcriptionDurationUsage(ms); omitted when nullopt.
nlohmann::json transcriptionCompleted(std::string_view itemId, int contentIndex, std::string_view transcript,
                                      const std::optional<nlohmann::json>& usage = std::nullopt);
nlohmann::json transcriptionFailed(std::string_view itemId, int contentIndex, const EventError& error);
// {"type":"duration","seconds":…}: how OpenAI reports whisper-style transcription usage.
nlohmann::json transcriptionDurationUsage(std::int64_t audioMs);

nlohmann::json responseCreated(const ResponseInfo& info);
nlohmann::json outputItemAdded(std::string_view responseId, int outputIndex, const MessageItem& item);
nlohmann::json outputItemDone(std::string_view responseId, int outputIndex, const MessageItem& item);
nlohmann::json contentPartAdded(std::string_view responseId, std::string_view itemId, int outputIndex,
                                int contentIndex, const ContentPart& part);
nlohmann::json contentPartDone(std::string_view responseId, std::string_view itemId, int outputIndex,
                               int contentIndex, const ContentPart& part);
nlohmann::json outputAudioTranscriptDelta(std::string_view responseId, std::string_view itemId,
                                          int outputIndex, int contentIndex, std::string_view delta);
nlohmann::json outputAudioTranscriptDone(std::string_view responseId, std::string_view itemId,
                                         int outputIndex, int contentIndex, std::string_view transcript);
nlohmann::json responseDone(const ResponseInfo& info, const ResponseOutcome& outcome,
                            const std::vector<MessageItem>& output, const Usage& usage);

// WebRTC only: the interviewer's audio started / finished playing out, or was cut (barge-in, clear).
nlohmann::json outputAudioBufferStarted(std::string_view responseId);
nlohmann::json outputAudioBufferStopped(std::string_view responseId);
nlohmann::json outputAudioBufferCleared(std::string_view responseId);

nlohmann::json error(const EventError& error);

}  // namespace events
}  // namespace irtc::engine::realtime
