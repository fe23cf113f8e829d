#include "engine/realtime/client_events.hpp"

#include <algorithm>
#include <array>

#include "engine/realtime/json_reader.hpp"
#include "engine/realtime/limits.hpp"

namespace irtc::engine::realtime {
namespace {

using detail::fail;
using detail::field;
using nlohmann::json;

// Client events OpenAI defines that make no sense for this engine (raw audio over WebRTC, item
// bookkeeping the interviewer does not keep). They get unsupported_event, not unknown_event, so a
// client author can tell "wrong name" from "not here".
constexpr std::array<std::string_view, 3> kUnsupported = {
    "input_audio_buffer.append", "conversation.item.delete", "transcription_session.update"};

SessionUpdate readSessionUpdate(const json& event) {
  const auto* session = field(event, "session");
  if (!session) fail("missing_required_parameter", "missing required parameter 'session'", "session");
  auto patch = parseSessionPatch(*session, "session");
  if (auto* e = std::get_if<EventError>(&patch)) throw detail::Failure{*e};
  return SessionUpdate{std::get<SessionPatch>(patch)};
}

ResponseCreate readResponseCreate(const json& event) {
  ResponseCreate out;
  if (const auto* response = field(event, "response")) {
    detail::requireObject(*response, "response");
    out.instructions =
        detail::optString(*response, "instructions", "response", limits::kMaxInstructionsBytes);
    if (const auto* m = field(*response, "output_modalities")) {
      if (!m->is_array() || std::find(m->begin(), m->end(), json("audio")) == m->end()) {
        fail("invalid_value",
             "this engine answers with audio; 'response.output_modalities' must be [\"audio\"]",
             "response.output_modalities");
      }
    }
  }
  return out;
}

ConversationItemCreate readItemCreate(const json& event) {
  ConversationItemCreate out;
  out.previousItemId = detail::optId(event, "previous_item_id", "");
  const auto* item = field(event, "item");
  if (!item) fail("missing_required_parameter", "missing required parameter 'item'", "item");
  detail::requireObject(*item, "item");
  out.itemId = detail::optId(*item, "id", "item");
  auto type = detail::optString(*item, "type", "item", 32).value_or("message");
  if (type != "message") {
    fail("invalid_value", "only items of type \"message\" are supported, not " + quoteForMessage(type),
         "item.type");
  }
  out.role = detail::requireString(*item, "role", "item", 16);
  if (out.role != "user" && out.role != "assistant" && out.role != "system") {
    fail("invalid_value", "'item.role' must be user, assistant or system", "item.role");
  }
  const auto* content = field(*item, "content");
  if (!content)
    fail("missing_required_parameter", "missing required parameter 'item.content'", "item.content");
  if (!content->is_array() || content->empty()) {
    fail("invalid_type", "'item.content' must be a non-empty array", "item.content");
  }
  for (std::size_t i = 0; i < content->size(); ++i) {
    std::string p = "item.content[" + std::to_string(i) + "]";
    const auto& part = detail::requireObject((*content)[i], p);
    auto partType = detail::requireString(part, "type", p, 32);
    bool textual = partType == "input_text" || partType == "text" || partType == "output_text";
    if (!textual) {
      fail("invalid_value",
           "content of type " + quoteForMessage(partType) + " is not supported; send input_text",
           p + ".type");
    }
    auto text = detail::requireString(part, "text", p, limits::kMaxItemTextBytes);
    if (!out.text.empty() && !text.empty()) out.text += ' ';
    out.text += text;
    if (out.text.size() > limits::kMaxItemTextBytes) {
      fail("string_above_max_length",
           "the item's text is longer than " + std::to_string(limits::kMaxItemTextBytes) + " bytes",
           p + ".text");
    }
  }
  return out;
}

ConversationItemTruncate readTruncate(const json& event) {
  ConversationItemTruncate out;
  auto itemId = detail::optId(event, "item_id", "");
  if (!itemId) fail("missing_required_parameter", "missing required parameter 'item_id'", "item_id");
  out.itemId = *itemId;
  out.contentIndex = static_cast<int>(detail::optInteger(event, "content_index", "", 0, 1000).value_or(0));
  auto end = detail::optInteger(event, "audio_end_ms", "", 0, INT64_C(1) << 40);
  if (!end) fail("missing_required_parameter", "missing required parameter 'audio_end_ms'", "audio_end_ms");
  out.audioEndMs = *end;
  return out;
}

ClientEvent readEvent(const json& event, const std::string& type) {
  ClientEvent out;
  if (type == "session.update")
    out.body = readSessionUpdate(event);
  else if (type == "response.create")
    out.body = readResponseCreate(event);
  else if (type == "response.cancel")
    out.body = ResponseCancel{detail::optId(event, "response_id", "")};
  else if (type == "output_audio_buffer.clear")
    out.body = OutputAudioBufferClear{};
  else if (type == "input_audio_buffer.clear")
    out.body = InputAudioBufferClear{};
  else if (type == "input_audio_buffer.commit")
    out.body = InputAudioBufferCommit{};
  else if (type == "conversation.item.create")
    out.body = readItemCreate(event);
  else if (type == "conversation.item.truncate")
    out.body = readTruncate(event);
  else if (type == "conversation.item.retrieve") {
    auto itemId = detail::optId(event, "item_id", "");
    if (!itemId) fail("missing_required_parameter", "missing required parameter 'item_id'", "item_id");
    out.body = ConversationItemRetrieve{*itemId};
  } else if (std::find(kUnsupported.begin(), kUnsupported.end(), type) != kUnsupported.end()) {
    fail("unsupported_event", "client event " + quoteForMessage(type) + " is not supported by this engine",
         "type");
  } else {
    fail("unknown_event", "unknown client event type " + quoteForMessage(type), "type");
  }
  return out;
}

}  // namespace

Parsed<ClientEvent> parseClientEvent(std::string_view text) {
  std::optional<std::string> eventId;
  try {
    auto event = detail::parseObjectText(text, limits::kMaxClientEventBytes, "the event");
    // Read event_id first so every later error can point back at the event.
    if (const auto* id = field(event, "event_id"); id && id->is_string()) {
      eventId = detail::optId(event, "event_id", "");
    }
    if (const auto* id = field(event, "event_id"); id && !id->is_string()) {
      fail("invalid_type", "'event_id' must be a string", "event_id");
    }
    auto type = detail::requireString(event, "type", "", 64);
    ClientEvent out = readEvent(event, type);
    out.eventId = eventId;
    return out;
  } catch (detail::Failure& f) {
    f.error.eventId = eventId;
    return f.error;
  } catch (...) {
    EventError e;
    e.type = "server_error";
    e.code = "internal_error";
    e.message = "the event could not be processed";
    e.eventId = eventId;
    return e;
  }
}

}  // namespace irtc::engine::realtime
