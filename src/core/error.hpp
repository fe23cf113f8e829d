// Error codes of the public contract (DESIGN.md) and the body every error answers with.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace irtc {

enum class ErrorCode {
  AuthenticationFailed,
  Forbidden,
  NotFound,
  ValidationFailed,
  PayloadTooLarge,
  RateLimited,
  SessionNotStartable,
  SessionExpired,
  SdpInvalid,
  SdpExchangeFailed,
  ProviderUnavailable,
  WebrtcConnectionFailed,
  TranscriptProcessingFailed,
  ProtocolError,
  Internal,
};

// The wire name, e.g. "AUTHENTICATION_FAILED".
std::string_view errorCodeName(ErrorCode code);

// The HTTP status an error code answers with.
int httpStatusFor(ErrorCode code);

// {"error":{"code":…,"message":…}}
nlohmann::json errorBody(ErrorCode code, std::string_view message);

// Thrown by handlers for failures a client caused or may retry; turned into an error response
// at the HTTP boundary. Bugs are not ApiErrors: they surface as INTERNAL.
class ApiError : public std::runtime_error {
 public:
  ApiError(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace irtc
