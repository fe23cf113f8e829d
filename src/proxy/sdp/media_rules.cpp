// Rules media, audio, opus and datachannel: an offer is one Opus audio section and at most one
// data channel, the shape of the OpenAI Realtime call (audio both ways, data channel oai-events).
#include <algorithm>

#include "proxy/sdp/checks.hpp"
#include "proxy/sdp/rules.hpp"
#include "proxy/sdp/text.hpp"

namespace irtc::proxy::sdp {
namespace {

constexpr std::string_view kAudioProto = "UDP/TLS/RTP/SAVPF";
constexpr std::string_view kOpus = "opus/48000/2";

ValidationResult checkOpus(const MediaDescription& audio) {
  std::string unlisted, otherOpus;
  for (const auto& attribute : audio.attributes) {
    if (attribute.name != "rtpmap" || !attribute.value) continue;
    // "<payload type> <encoding name>/<clock rate>[/<channels>]"
    const std::string_view value = *attribute.value;
    const auto space = value.find(' ');
    if (space == std::string_view::npos) continue;
    const std::string_view payloadType = value.substr(0, space), encoding = value.substr(space + 1);
    if (!equalsIgnoringCase(encoding.substr(0, 5), "opus/")) continue;
    if (!equalsIgnoringCase(encoding, kOpus)) {
      otherOpus = encoding;
      continue;
    }
    if (std::find(audio.formats.begin(), audio.formats.end(), payloadType) != audio.formats.end())
      return passed();
    unlisted = payloadType;
  }
  if (!unlisted.empty()) {
    return violation(rule::kOpus, "the Opus payload type " + excerpt(unlisted) +
                                      " (a=rtpmap) is not listed on the audio m-line");
  }
  if (!otherOpus.empty()) {
    return violation(rule::kOpus,
                     "the audio section offers Opus as " + excerpt(otherOpus) + "; opus/48000/2 is required");
  }
  return violation(rule::kOpus, "the audio section offers no Opus (a=rtpmap:<payload type> opus/48000/2)");
}

ValidationResult checkAudio(const SessionDescription& description) {
  const auto count = std::count_if(description.media.begin(), description.media.end(),
                                   [](const auto& media) { return media.media == "audio"; });
  if (count == 0) return violation(rule::kAudio, "the offer has no audio section (m=audio)");
  if (count > 1) {
    return violation(rule::kAudio,
                     "the offer has " + std::to_string(count) + " audio sections; exactly one is accepted");
  }
  const auto& audio = *std::find_if(description.media.begin(), description.media.end(),
                                    [](const auto& media) { return media.media == "audio"; });
  if (audio.proto != kAudioProto) {
    return violation(rule::kAudio, "the audio section's transport is " + excerpt(audio.proto) +
                                       "; only UDP/TLS/RTP/SAVPF (DTLS-SRTP) is accepted");
  }
  if (audio.port == 0) return violation(rule::kAudio, "the audio section is disabled (port 0)");
  return checkOpus(audio);
}

// Browsers moved to the RFC 8841 form in 2018-2019 (Firefox with version 63). The earlier
// "DTLS/SCTP 5000" with a=sctpmap is refused, not translated: a browser that old lacks the rest of
// what the call needs, and the message tells its user what to do.
ValidationResult checkDataChannel(const SessionDescription& description) {
  const MediaDescription* channel = nullptr;
  for (const auto& media : description.media) {
    if (media.media != "application") continue;
    if (channel)
      return violation(rule::kDataChannel,
                       "the offer has more than one data channel section (m=application)");
    channel = &media;
  }
  if (!channel) return passed();
  if (channel->proto == "UDP/DTLS/SCTP" &&
      channel->formats == std::vector<std::string>{"webrtc-datachannel"}) {
    return passed();
  }
  if (channel->proto == "DTLS/SCTP") {
    return violation(rule::kDataChannel,
                     "the data channel section has the pre-2019 form 'DTLS/SCTP <port>'; only "
                     "'UDP/DTLS/SCTP webrtc-datachannel' is accepted: please update the browser");
  }
  std::string shape = channel->proto;
  for (const auto& format : channel->formats) shape += " " + format;
  return violation(rule::kDataChannel, "the data channel section is " + excerpt(shape) +
                                           "; only 'UDP/DTLS/SCTP webrtc-datachannel' is accepted");
}

}  // namespace

ValidationResult checkMedia(const SessionDescription& description) {
  for (std::size_t i = 0; i < description.media.size(); ++i) {
    const auto& kind = description.media[i].media;
    if (kind != "audio" && kind != "application") {
      return violation(rule::kMedia, "media section " + std::to_string(i + 1) + " has the media type " +
                                         excerpt(kind) +
                                         ", which is not accepted: an offer holds one audio "
                                         "section and at most one data channel");
    }
  }
  if (auto audio = checkAudio(description); !audio.ok) return audio;
  return checkDataChannel(description);
}

}  // namespace irtc::proxy::sdp
