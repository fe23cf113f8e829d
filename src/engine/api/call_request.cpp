#include "engine/api/call_request.hpp"

#include "engine/api/api_response.hpp"
#include "engine/realtime/limits.hpp"
#include "engine/realtime/multipart.hpp"

namespace irtc::engine::api {
namespace {

namespace limits = realtime::limits;

RequestRefusal refusal(int status, std::string code, std::string message,
                       std::optional<std::string> param = std::nullopt) {
  RequestRefusal out;
  out.status = status;
  out.error.code = std::move(code);
  out.error.message = std::move(message);
  out.error.param = std::move(param);
  return out;
}

std::optional<RequestRefusal> checkOffer(std::string_view sdp) {
  if (sdp.empty()) return refusal(400, "missing_required_parameter", "the SDP offer is empty", "sdp");
  if (sdp.size() > kMaxOfferSdpBytes) {
    return refusal(413, "string_above_max_length",
                   "the SDP offer is larger than " + std::to_string(kMaxOfferSdpBytes) + " bytes", "sdp");
  }
  if (!sdp.starts_with("v=0")) {
    return refusal(400, "invalid_value", "the offer is not SDP: it must start with \"v=0\"", "sdp");
  }
  return std::nullopt;
}

std::variant<CallRequest, RequestRefusal> fromMultipart(std::string_view contentType, std::string_view body) {
  if (body.size() > limits::kMaxMultipartBytes) {
    return refusal(
        413, "request_too_large",
        "the multipart body is larger than " + std::to_string(limits::kMaxMultipartBytes) + " bytes");
  }
  realtime::MultipartLimits bounds{limits::kMaxMultipartBytes, limits::kMaxMultipartParts,
                                   limits::kMaxMultipartPartHeaderBytes};
  auto form = realtime::parseMultipart(contentType, body, bounds);
  if (!form.ok())
    return refusal(400, "invalid_multipart", "malformed multipart/form-data body: " + form.error);
  const auto* sdp = realtime::findPart(form.parts, "sdp");
  if (!sdp) {
    return refusal(400, "missing_required_parameter", "the multipart form has no 'sdp' part", "sdp");
  }
  if (auto refused = checkOffer(sdp->body)) return *refused;
  CallRequest request;
  request.multipart = true;
  request.offerSdp = sdp->body;
  if (const auto* session = realtime::findPart(form.parts, "session")) request.sessionJson = session->body;
  return request;
}

}  // namespace

std::variant<CallRequest, RequestRefusal> parseCallRequest(std::optional<std::string_view> contentType,
                                                           std::string body) {
  std::string type = contentType ? mediaType(*contentType) : std::string();
  if (type == "application/sdp") {
    if (auto refused = checkOffer(body)) return *refused;
    return CallRequest{std::move(body), std::nullopt, false};
  }
  if (type == "multipart/form-data") return fromMultipart(*contentType, body);
  return refusal(415, "unsupported_content_type",
                 "Content-Type must be application/sdp (the offer) or multipart/form-data (parts 'sdp' "
                 "and 'session')");
}

}  // namespace irtc::engine::api
