#include "core/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

namespace irtc::log {
namespace {

spdlog::level::level_enum toSpd(Level level) {
  switch (level) {
    case Level::Trace: return spdlog::level::trace;
    case Level::Debug: return spdlog::level::debug;
    case Level::Info: return spdlog::level::info;
    case Level::Warn: return spdlog::level::warn;
    case Level::Error: return spdlog::level::err;
    case Level::Off: return spdlog::level::off;
  }
  return spdlog::level::info;
}

std::shared_ptr<spdlog::logger> logger() {
  static std::shared_ptr<spdlog::logger> instance = [] {
    auto l =
        std::make_shared<spdlog::logger>("interviewd", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    // The message is already a complete JSON object; the pattern only adds the time and level.
    l->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})", spdlog::pattern_time_type::utc);
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return instance;
}

}  // namespace

void init(std::string_view level) {
  static const std::pair<std::string_view, Level> kNames[] = {
      {"trace", Level::Trace}, {"debug", Level::Debug}, {"info", Level::Info},
      {"warn", Level::Warn},   {"error", Level::Error}, {"off", Level::Off}};
  for (const auto& [name, value] : kNames) {
    if (name == level) {
      logger()->set_level(toSpd(value));
      return;
    }
  }
  throw std::runtime_error("unknown log level '" + std::string(level) + "'");
}

void write(Level level, std::string_view message, const nlohmann::json& fields) {
  auto l = logger();
  if (!l->should_log(toSpd(level))) return;
  std::string line = "\"msg\":" + nlohmann::json(message).dump();
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) {
      line += ",";
      line += nlohmann::json(key).dump();
      line += ":";
      // Replace invalid UTF-8 rather than throwing: fields may echo client input.
      line += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  }
  l->log(toSpd(level), line);
}

}  // namespace irtc::log
