#include "proxy/provider/provider_client.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/log.hpp"
#include "http/client/multipart_form.hpp"

namespace irtc::proxy::provider {
namespace {

constexpr std::size_t kMaxCallIdLength = 128;
// An SDP answer is a few KiB; a provider sending megabytes is not sending an answer.
constexpr std::size_t kMaxAnswerBytes = std::size_t{256} * 1024;

http::client::ClientOptions clientOptions(const ProviderConfig& config) {
  http::client::ClientOptions options;
  options.connectTimeout = config.connectTimeout;
  options.totalTimeout = config.totalTimeout;
  options.maxBodyBytes = kMaxAnswerBytes;
  options.caFile = config.caFile;
  options.maxIdleConnections = config.maxIdleConnections;
  options.idleTimeout = config.idleTimeout;
  return options;
}

// The media type of a Content-Type value, lower case, without parameters.
std::string mediaType(std::string_view value) {
  value = value.substr(0, value.find(';'));
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  std::string out(value);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// The call id of "/v1/realtime/calls/rtc_…" or "https://host/v1/realtime/calls/rtc_…".
std::optional<std::string> callIdFromLocation(std::string_view location) {
  location = location.substr(0, location.find_first_of("?#"));
  const std::size_t slash = location.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view id = location.substr(slash + 1);
  if (!location.substr(0, slash).ends_with("/calls") || !isCallId(id)) return std::nullopt;
  return std::string(id);
}

bool looksLikeSdp(std::string_view body) {
  return (body.starts_with("v=0\r\n") || body.starts_with("v=0\n")) &&
         body.find("\nm=") != std::string_view::npos;
}

}  // namespace

bool isCallId(std::string_view id) {
  constexpr std::string_view kPrefix = "rtc_";
  if (!id.starts_with(kPrefix) || id.size() == kPrefix.size() || id.size() > kMaxCallIdLength) return false;
  return std::all_of(id.begin(), id.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
}

ProviderClient::ProviderClient(const ProviderConfig& config)
    : apiKey_(config.apiKey),
      authorization_(bearerAuthorization(config)),
      http_(providerEndpoint(config), clientOptions(config)) {}

std::variant<CreatedCall, ProviderError> ProviderClient::createCall(std::string_view offerSdp,
                                                                    const CallSession& session) const {
  http::client::MultipartForm form;
  form.addField("sdp", offerSdp, "application/sdp");
  form.addField("session", sessionJson(session).dump(), "application/json");
  http::client::Request request;
  request.path = "/realtime/calls";
  request.headers = {
      {"Authorization", authorization_}, {"Content-Type", form.contentType()}, {"Accept", "application/sdp"}};
  request.body = std::move(form).finish();

  auto response = http_.send(request);
  if (!response.ok()) return failureFrom(response, "the offer", ErrorCode::SdpExchangeFailed, apiKey_);
  // Only the provider's real answer goes back to the browser: anything else is a failure.
  const std::string type = mediaType(response.header("Content-Type"));
  if ((!type.empty() && type != "application/sdp") || !looksLikeSdp(response.body)) {
    log::warn("the voice provider answered an offer without SDP",
              {{"status", response.status}, {"content_type", type}, {"bytes", response.body.size()}});
    return unusableAnswer(response.status, "it holds no SDP answer");
  }
  auto callId = callIdFromLocation(response.header("Location"));
  if (!callId) {
    log::warn("the voice provider answered an offer without a call id", {{"status", response.status}});
    return unusableAnswer(response.status, "its Location names no call");
  }
  return CreatedCall{std::move(*callId), std::move(response.body)};
}

std::optional<ProviderError> ProviderClient::hangup(std::string_view callId) const {
  if (!isCallId(callId)) throw std::invalid_argument("not a provider call id");
  http::client::Request request;
  request.path = "/realtime/calls/" + std::string(callId) + "/hangup";
  request.headers = {{"Authorization", authorization_}};
  request.idempotent = true;  // hanging up twice ends the call once
  const auto response = http_.send(request);
  if (response.ok() || (response.error.empty() && response.status == 404)) return std::nullopt;
  // A refused hangup is no SDP exchange: for the caller, the call may still be running.
  return failureFrom(response, "the hangup", ErrorCode::ProviderUnavailable, apiKey_);
}

}  // namespace irtc::proxy::provider
