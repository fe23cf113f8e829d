// libFuzzer target for the check of a browser's SDP offer (GStreamer's SDP parser underneath; no
// pipeline, no gst_init). Input: the offer text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/webrtc/sdp_offer.hpp"
#include "invariants.hpp"

using irtc::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view sdp(reinterpret_cast<const char*>(data), size);
  const auto result = irtc::engine::inspectOffer(sdp);
  if (const auto* summary = std::get_if<irtc::engine::OfferSummary>(&result)) {
    require(summary->opusPayloadType >= 0 && summary->opusPayloadType <= 127);
  } else {
    require(!std::get<std::string>(result).empty());
  }
  return 0;
}
