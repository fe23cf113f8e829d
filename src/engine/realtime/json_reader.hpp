// Internal helpers of the parsers: typed field access on untrusted JSON that fails with a precise
// EventError (code + dotted param path). Failures travel as a private exception that every public
// parse function catches, so nothing throws through the parsers' interfaces.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "engine/realtime/event_error.hpp"

namespace irtc::engine::realtime::detail {

struct Failure {
  EventError error;
};

[[noreturn]] void fail(std::string code, std::string message, std::string param);

// "session" + "voice" → "session.voice"; "" + "type" → "type".
std::string join(const std::string& path, std::string_view key);

// True when brackets nest deeper than maxDepth (strings are skipped). Checked before parsing so a
// hostile "[[[[…" never reaches the recursive parts of nlohmann::json.
bool nestsDeeperThan(std::string_view text, std::size_t maxDepth);

// Parses text that must be one JSON object no larger than maxBytes; fails with invalid_json.
nlohmann::json parseObjectText(std::string_view text, std::size_t maxBytes, const std::string& what);

// The value at obj[key], or nullptr when absent or JSON null.
const nlohmann::json* field(const nlohmann::json& obj, std::string_view key);

const nlohmann::json& requireObject(const nlohmann::json& value, const std::string& path);
std::optional<std::string> optString(const nlohmann::json& obj, std::string_view key, const std::string& path,
                                     std::size_t maxBytes);
std::string requireString(const nlohmann::json& obj, std::string_view key, const std::string& path,
                          std::size_t maxBytes);
std::optional<double> optNumber(const nlohmann::json& obj, std::string_view key, const std::string& path,
                                double lo, double hi);
std::optional<std::int64_t> optInteger(const nlohmann::json& obj, std::string_view key,
                                       const std::string& path, std::int64_t lo, std::int64_t hi);
std::optional<bool> optBool(const nlohmann::json& obj, std::string_view key, const std::string& path);

// An identifier a client may choose (item ids, event ids): bounded, printable ASCII without
// spaces, so it is safe in logs and as a storage key.
std::optional<std::string> optId(const nlohmann::json& obj, std::string_view key, const std::string& path);

}  // namespace irtc::engine::realtime::detail
