#include "engine/realtime/event_error.hpp"

namespace irtc::engine::realtime {

namespace {
nlohmann::json optionalString(const std::optional<std::string>& s) {
  return s ? nlohmann::json(*s) : nullptr;
}
}  // namespace

nlohmann::json errorObject(const EventError& error) {
  return {{"type", error.type},
          {"code", error.code},
          {"message", error.message},
          {"param", optionalString(error.param)},
          {"event_id", optionalString(error.eventId)}};
}

nlohmann::json httpErrorBody(const EventError& error) {
  return {{"error",
           {{"message", error.message},
            {"type", error.type},
            {"code", error.code},
            {"param", optionalString(error.param)}}}};
}

std::string quoteForMessage(std::string_view value) {
  // Only printable ASCII survives: the value may be cut anywhere or be invalid UTF-8 (multipart
  // names), and nlohmann::json refuses to serialise invalid UTF-8, which would make the error
  // event itself unsendable.
  constexpr std::size_t kMax = 64;
  std::string out = "'";
  for (std::size_t i = 0; i < value.size() && i < kMax; ++i) {
    unsigned char c = static_cast<unsigned char>(value[i]);
    out += (c < 0x20 || c >= 0x7F) ? '?' : static_cast<char>(c);
  }
  if (value.size() > kMax) out += "...";
  return out + "'";
}

}  // namespace irtc::engine::realtime
