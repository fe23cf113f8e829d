// Checks a browser's SDP offer before any GStreamer object is built for it, so a bad offer costs a
// parse and gets a message that names the rule it broke.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

namespace irtc::engine {

struct OfferSummary {
  int opusPayloadType = -1;     // from the audio m-line's "a=rtpmap:<pt> opus/48000[/2]"
  bool hasDataChannel = false;  // an "m=application ... webrtc-datachannel" line
};

inline constexpr size_t kMaxOfferBytes = size_t{128} * 1024;

// The summary, or a message such as "offer has no audio m-line".
std::variant<OfferSummary, std::string> inspectOffer(std::string_view sdp);

}  // namespace irtc::engine
