// Reading request bodies and query strings: every failure names the field that was wrong
// and becomes 400 VALIDATION_FAILED.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "store/model.hpp"

namespace irtc::api {

// The body as a JSON object.
nlohmann::json parseJsonObject(const http::Request& request);

// Names, titles and addresses are one line; descriptions and résumés keep their line breaks.
enum class Lines { Single, Multiple };

// A string field of 1..maxLength bytes (after trimming surrounding white space), free of
// control characters other than line breaks and tabs in Lines::Multiple text.
std::string requireString(const nlohmann::json& body, const std::string& field, std::size_t maxLength,
                          Lines lines = Lines::Single);
std::optional<std::string> optionalString(const nlohmann::json& body, const std::string& field,
                                          std::size_t maxLength, Lines lines = Lines::Single);
std::optional<std::int64_t> optionalInteger(const nlohmann::json& body, const std::string& field,
                                            std::int64_t lo, std::int64_t hi);
std::vector<std::string> requireStringArray(const nlohmann::json& body, const std::string& field,
                                            std::size_t maxItems, std::size_t maxItemLength);

// ?limit=&cursor= with the API's bounds.
store::PageRequest pageFromQuery(const http::Request& request);
std::optional<std::int64_t> queryInteger(const http::Request& request, const std::string& name,
                                         std::int64_t lo, std::int64_t hi);

// The {id} path parameter. Anything but a UUID cannot exist, so it answers 404 "<kind> not found".
std::string pathId(const http::Request& request, std::string_view kind);
[[noreturn]] void notFound(std::string_view kind);

}  // namespace irtc::api
