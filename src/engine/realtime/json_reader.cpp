#include "engine/realtime/json_reader.hpp"

#include <cmath>

#include "engine/realtime/limits.hpp"

namespace irtc::engine::realtime::detail {

void fail(std::string code, std::string message, std::string param) {
  EventError e;
  e.code = std::move(code);
  e.message = std::move(message);
  if (!param.empty()) e.param = std::move(param);
  throw Failure{std::move(e)};
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

bool nestsDeeperThan(std::string_view text, std::size_t maxDepth) {
  std::size_t depth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\') {
        ++i;  // skip the escaped character, which may be a quote
      } else if (c == '"') {
        inString = false;
      }
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > maxDepth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

nlohmann::json parseObjectText(std::string_view text, std::size_t maxBytes, const std::string& what) {
  if (text.size() > maxBytes) {
    fail("event_too_large", what + " is larger than " + std::to_string(maxBytes) + " bytes", "");
  }
  if (nestsDeeperThan(text, limits::kMaxJsonDepth)) {
    fail("invalid_json", what + " nests deeper than " + std::to_string(limits::kMaxJsonDepth) + " levels",
         "");
  }
  auto value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) fail("invalid_json", what + " is not valid JSON", "");
  if (!value.is_object()) fail("invalid_json", what + " must be a JSON object", "");
  return value;
}

const nlohmann::json* field(const nlohmann::json& obj, std::string_view key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

const nlohmann::json& requireObject(const nlohmann::json& value, const std::string& path) {
  if (!value.is_object()) fail("invalid_type", "'" + path + "' must be an object", path);
  return value;
}

std::optional<std::string> optString(const nlohmann::json& obj, std::string_view key, const std::string& path,
                                     std::size_t maxBytes) {
  const auto* v = field(obj, key);
  if (!v) return std::nullopt;
  std::string p = join(path, key);
  if (!v->is_string()) fail("invalid_type", "'" + p + "' must be a string", p);
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > maxBytes) {
    fail("string_above_max_length", "'" + p + "' is longer than " + std::to_string(maxBytes) + " bytes", p);
  }
  return s;
}

std::string requireString(const nlohmann::json& obj, std::string_view key, const std::string& path,
                          std::size_t maxBytes) {
  auto s = optString(obj, key, path, maxBytes);
  if (!s) {
    std::string p = join(path, key);
    fail("missing_required_parameter", "missing required parameter '" + p + "'", p);
  }
  return *s;
}

std::optional<double> optNumber(const nlohmann::json& obj, std::string_view key, const std::string& path,
                                double lo, double hi) {
  const auto* v = field(obj, key);
  if (!v) return std::nullopt;
  std::string p = join(path, key);
  if (!v->is_number()) fail("invalid_type", "'" + p + "' must be a number", p);
  double d = v->get<double>();
  if (!std::isfinite(d) || d < lo || d > hi) {
    fail("invalid_value",
         "'" + p + "' must be between " + nlohmann::json(lo).dump() + " and " + nlohmann::json(hi).dump(), p);
  }
  return d;
}

std::optional<std::int64_t> optInteger(const nlohmann::json& obj, std::string_view key,
                                       const std::string& path, std::int64_t lo, std::int64_t hi) {
  const auto* v = field(obj, key);
  if (!v) return std::nullopt;
  std::string p = join(path, key);
  std::string range = "between " + std::to_string(lo) + " and " + std::to_string(hi);
  if (v->is_number_unsigned()) {
    auto u = v->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(hi)) fail("invalid_value", "'" + p + "' must be " + range, p);
    if (static_cast<std::int64_t>(u) < lo) fail("invalid_value", "'" + p + "' must be " + range, p);
    return static_cast<std::int64_t>(u);
  }
  if (!v->is_number_integer()) fail("invalid_type", "'" + p + "' must be an integer", p);
  auto i = v->get<std::int64_t>();
  if (i < lo || i > hi) fail("invalid_value", "'" + p + "' must be " + range, p);
  return i;
}

std::optional<bool> optBool(const nlohmann::json& obj, std::string_view key, const std::string& path) {
  const auto* v = field(obj, key);
  if (!v) return std::nullopt;
  std::string p = join(path, key);
  if (!v->is_boolean()) fail("invalid_type", "'" + p + "' must be a boolean", p);
  return v->get<bool>();
}

std::optional<std::string> optId(const nlohmann::json& obj, std::string_view key, const std::string& path) {
  auto s = optString(obj, key, path, limits::kMaxIdLength);
  if (!s) return s;
  std::string p = join(path, key);
  if (s->empty()) fail("invalid_value", "'" + p + "' must not be empty", p);
  for (unsigned char c : *s) {
    if (c <= 0x20 || c >= 0x7F)
      fail("invalid_value", "'" + p + "' must be printable ASCII without spaces", p);
  }
  return s;
}

}  // namespace irtc::engine::realtime::detail
