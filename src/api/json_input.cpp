#include "api/json_input.hpp"

#include <charconv>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/random.hpp"

namespace irtc::api {
namespace {

[[noreturn]] void invalid(const std::string& message) {
  throw ApiError(ErrorCode::ValidationFailed, message);
}

std::string trim(const std::string& s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

bool hasControlCharacters(const std::string& s, bool allowNewlines) {
  for (unsigned char c : s) {
    if (c == 0x7F || (c < 0x20 && !(allowNewlines && (c == '\n' || c == '\r' || c == '\t')))) return true;
  }
  return false;
}

std::string checkedString(const nlohmann::json& value, const std::string& field, std::size_t maxLength,
                          Lines lines) {
  if (!value.is_string()) invalid("field '" + field + "' must be a string");
  std::string text = trim(value.get<std::string>());
  if (text.empty()) invalid("field '" + field + "' must not be empty");
  if (text.size() > maxLength) {
    invalid("field '" + field + "' is longer than " + std::to_string(maxLength) + " bytes");
  }
  if (hasControlCharacters(text, lines == Lines::Multiple)) {
    invalid("field '" + field + "' contains control characters");
  }
  return text;
}

}  // namespace

nlohmann::json parseJsonObject(const http::Request& request) {
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded()) invalid("request body is not valid JSON");
  if (!body.is_object()) invalid("request body must be a JSON object");
  return body;
}

std::string requireString(const nlohmann::json& body, const std::string& field, std::size_t maxLength,
                          Lines lines) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) invalid("field '" + field + "' is required");
  return checkedString(*it, field, maxLength, lines);
}

std::optional<std::string> optionalString(const nlohmann::json& body, const std::string& field,
                                          std::size_t maxLength, Lines lines) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  return checkedString(*it, field, maxLength, lines);
}

std::optional<std::int64_t> optionalInteger(const nlohmann::json& body, const std::string& field,
                                            std::int64_t lo, std::int64_t hi) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) invalid("field '" + field + "' must be an integer");
  auto value = it->get<std::int64_t>();
  if (value < lo || value > hi) {
    invalid("field '" + field + "' must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  return value;
}

std::vector<std::string> requireStringArray(const nlohmann::json& body, const std::string& field,
                                            std::size_t maxItems, std::size_t maxItemLength) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) invalid("field '" + field + "' is required");
  if (!it->is_array()) invalid("field '" + field + "' must be an array of strings");
  if (it->empty()) invalid("field '" + field + "' must hold at least one item");
  if (it->size() > maxItems)
    invalid("field '" + field + "' holds more than " + std::to_string(maxItems) + " items");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    out.push_back(
        checkedString((*it)[i], field + "[" + std::to_string(i) + "]", maxItemLength, Lines::Single));
  }
  return out;
}

std::optional<std::int64_t> queryInteger(const http::Request& request, const std::string& name,
                                         std::int64_t lo, std::int64_t hi) {
  auto it = request.query.find(name);
  if (it == request.query.end()) return std::nullopt;
  std::int64_t value = 0;
  const auto& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < lo || value > hi) {
    invalid("query parameter '" + name + "' must be an integer between " + std::to_string(lo) + " and " +
            std::to_string(hi));
  }
  return value;
}

store::PageRequest pageFromQuery(const http::Request& request) {
  store::PageRequest page;
  page.limit = static_cast<int>(
      queryInteger(request, "limit", 1, limits::kMaxPageSize).value_or(limits::kDefaultPageSize));
  if (auto it = request.query.find("cursor"); it != request.query.end() && !it->second.empty()) {
    page.after = it->second;
  }
  return page;
}

std::string pathId(const http::Request& request, std::string_view kind) {
  auto it = request.pathParams.find("id");
  if (it == request.pathParams.end() || !isUuid(it->second)) notFound(kind);
  return it->second;
}

void notFound(std::string_view kind) {
  throw ApiError(ErrorCode::NotFound, std::string(kind) + " not found");
}

}  // namespace irtc::api
