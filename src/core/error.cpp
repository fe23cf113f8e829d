#include "core/error.hpp"

namespace irtc {

std::string_view errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::AuthenticationFailed: return "AUTHENTICATION_FAILED";
    case ErrorCode::Forbidden: return "FORBIDDEN";
    case ErrorCode::NotFound: return "NOT_FOUND";
    case ErrorCode::ValidationFailed: return "VALIDATION_FAILED";
    case ErrorCode::PayloadTooLarge: return "PAYLOAD_TOO_LARGE";
    case ErrorCode::RateLimited: return "RATE_LIMITED";
    case ErrorCode::SessionNotStartable: return "SESSION_NOT_STARTABLE";
    case ErrorCode::SessionExpired: return "SESSION_EXPIRED";
    case ErrorCode::SdpInvalid: return "SDP_INVALID";
    case ErrorCode::SdpExchangeFailed: return "SDP_EXCHANGE_FAILED";
    case ErrorCode::ProviderUnavailable: return "PROVIDER_UNAVAILABLE";
    case ErrorCode::WebrtcConnectionFailed: return "WEBRTC_CONNECTION_FAILED";
    case ErrorCode::TranscriptProcessingFailed: return "TRANSCRIPT_PROCESSING_FAILED";
    case ErrorCode::ProtocolError: return "PROTOCOL_ERROR";
    case ErrorCode::Internal: return "INTERNAL";
  }
  return "INTERNAL";
}

int httpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::AuthenticationFailed: return 401;
    case ErrorCode::Forbidden: return 403;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::ValidationFailed: return 400;
    case ErrorCode::PayloadTooLarge: return 413;
    case ErrorCode::RateLimited: return 429;
    case ErrorCode::SessionNotStartable: return 409;
    case ErrorCode::SessionExpired: return 410;
    case ErrorCode::SdpInvalid: return 400;
    case ErrorCode::SdpExchangeFailed: return 502;
    case ErrorCode::ProviderUnavailable: return 503;
    case ErrorCode::WebrtcConnectionFailed: return 502;
    case ErrorCode::TranscriptProcessingFailed: return 500;
    case ErrorCode::ProtocolError: return 400;
    case ErrorCode::Internal: return 500;
  }
  return 500;
}

nlohmann::json errorBody(ErrorCode code, std::string_view message) {
  return {{"error", {{"code", errorCodeName(code)}, {"message", message}}}};
}

}  // namespace irtc
