// libFuzzer target for the Realtime client-event parser (data channel and sideband messages).
// Input: one message as the peer sends it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/realtime/client_events.hpp"
#include "engine/realtime/limits.hpp"
#include "invariants.hpp"

namespace rt = irtc::engine::realtime;
using irtc::fuzz::dumped;
using irtc::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = rt::parseClientEvent(text);
  if (const auto* error = std::get_if<rt::EventError>(&parsed)) {
    require(!error->code.empty() && !error->message.empty());
    dumped(rt::errorObject(*error));
    return 0;
  }
  const auto& event = std::get<rt::ClientEvent>(parsed);
  if (event.eventId) require(!event.eventId->empty() && event.eventId->size() <= rt::limits::kMaxIdLength);
  if (const auto* update = std::get_if<rt::SessionUpdate>(&event.body)) {
    dumped(rt::toSessionObject(rt::applySessionPatch({}, update->patch)));
  } else if (const auto* item = std::get_if<rt::ConversationItemCreate>(&event.body)) {
    require(item->text.size() <= rt::limits::kMaxItemTextBytes);
    dumped(nlohmann::json{{"text", item->text}, {"role", item->role}});
  } else if (const auto* create = std::get_if<rt::ResponseCreate>(&event.body)) {
    if (create->instructions) dumped(nlohmann::json(*create->instructions));
  }
  return 0;
}
