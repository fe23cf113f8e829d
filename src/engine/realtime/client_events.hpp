// Client → server Realtime events (data channel `oai-events` and the sideband WebSocket), parsed
// into typed values. Anything else — malformed JSON, unknown types, bad fields, oversize — becomes
// an EventError that the caller sends back as an `error` server event; the connection stays up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "engine/realtime/event_error.hpp"
#include "engine/realtime/session_config.hpp"

namespace irtc::engine::realtime {

struct SessionUpdate {
  SessionPatch patch;  // apply with applySessionPatch(current, patch)
};

struct ResponseCreate {
  std::optional<std::string> instructions;  // response.instructions: overrides for this response only
};

struct ResponseCancel {
  std::optional<std::string> responseId;  // absent: the response in progress
};

struct OutputAudioBufferClear {};
struct InputAudioBufferClear {};
struct InputAudioBufferCommit {};

// conversation.item.create with a message; a user message is the candidate's typed turn.
struct ConversationItemCreate {
  std::optional<std::string> itemId;
  std::optional<std::string> previousItemId;
  std::string role;  // "user", "assistant" or "system"
  std::string text;  // the message's text parts, joined
};

// conversation.item.truncate: sent by clients that interrupt playback; accepted so they keep working.
struct ConversationItemTruncate {
  std::string itemId;
  int contentIndex = 0;
  std::int64_t audioEndMs = 0;
};

// conversation.item.retrieve: clients such as @openai/agents-realtime ask for each item after its
// transcription to refresh their copy of the conversation.
struct ConversationItemRetrieve {
  std::string itemId;
};

using ClientEventBody = std::variant<SessionUpdate, ResponseCreate, ResponseCancel, OutputAudioBufferClear,
                                     InputAudioBufferClear, InputAudioBufferCommit, ConversationItemCreate,
                                     ConversationItemTruncate, ConversationItemRetrieve>;

struct ClientEvent {
  std::optional<std::string> eventId;
  ClientEventBody body;
};

// Never throws. An EventError carries the client's event_id when the event had a readable one.
Parsed<ClientEvent> parseClientEvent(std::string_view text);

}  // namespace irtc::engine::realtime
