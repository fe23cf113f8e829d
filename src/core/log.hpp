// Structured logging: one JSON object per line on stderr. Callers pass fields, never secrets.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace irtc::log {

enum class Level { Trace, Debug, Info, Warn, Error, Off };

// Throws std::runtime_error for an unknown level name.
void init(std::string_view level);

void write(Level level, std::string_view message, const nlohmann::json& fields);

inline void debug(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) {
  write(Level::Debug, m, f);
}
inline void info(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) {
  write(Level::Info, m, f);
}
inline void warn(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) {
  write(Level::Warn, m, f);
}
inline void error(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) {
  write(Level::Error, m, f);
}

}  // namespace irtc::log
