// The error a client caused, in OpenAI's shape: the `error` server event on the data channel and
// the JSON body of HTTP errors both carry it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

namespace irtc::engine::realtime {

struct EventError {
  std::string type = "invalid_request_error";
  // OpenAI-style codes: invalid_json, unknown_event, unsupported_event, missing_required_parameter,
  // invalid_type, invalid_value, string_above_max_length, event_too_large.
  std::string code;
  std::string message;
  std::optional<std::string> param;    // dotted path of the offending field, e.g. "session.voice"
  std::optional<std::string> eventId;  // the client event that caused it, when it had one
};

// The result of parsing untrusted input: the value or the precise reason it was refused.
template <class T>
using Parsed = std::variant<T, EventError>;

// {"type","code","message","param","event_id"} as inside the `error` server event.
nlohmann::json errorObject(const EventError& error);

// {"error":{"message","type","code","param"}} as OpenAI's HTTP endpoints answer.
nlohmann::json httpErrorBody(const EventError& error);

// Quotes a client-supplied value for a message without letting it grow the message unboundedly.
std::string quoteForMessage(std::string_view value);

}  // namespace irtc::engine::realtime
