// The body of POST /v1/realtime/calls: a raw SDP offer (Content-Type: application/sdp) or a
// multipart/form-data form with parts `sdp` and optional `session`. Only the cheap checks happen
// here (presence, size, "v=0"); the CallService inspects the offer itself.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "engine/realtime/event_error.hpp"

namespace irtc::engine::api {

// The same bound as engine/webrtc's kMaxOfferBytes: a browser's offer is a few KiB, so this is
// generous while keeping what reaches the media layer small.
inline constexpr std::size_t kMaxOfferSdpBytes = std::size_t{128} * 1024;

struct CallRequest {
  std::string offerSdp;
  std::optional<std::string> sessionJson;  // the multipart `session` part, unparsed
  bool multipart = false;
};

struct RequestRefusal {
  int status = 400;  // 400, 413 or 415
  realtime::EventError error;
};

std::variant<CallRequest, RequestRefusal> parseCallRequest(std::optional<std::string_view> contentType,
                                                           std::string body);

}  // namespace irtc::engine::api
