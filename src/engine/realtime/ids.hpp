// Identifiers in OpenAI's style: a type prefix and random base62 characters ("item_…", "resp_…").
#pragma once

#include <string>
#include <string_view>

namespace irtc::engine::realtime {

// prefix + 22 base62 characters (~131 bits): unguessable, and within the 32 characters OpenAI
// allows for item ids that clients may echo back. Thread-safe.
std::string newId(std::string_view prefix);

inline std::string newEventId() {
  return newId("event_");
}
inline std::string newSessionId() {
  return newId("sess_");
}
inline std::string newItemId() {
  return newId("item_");
}
inline std::string newResponseId() {
  return newId("resp_");
}
inline std::string newConversationId() {
  return newId("conv_");
}
inline std::string newCallId() {
  return newId("rtc_");
}

}  // namespace irtc::engine::realtime
