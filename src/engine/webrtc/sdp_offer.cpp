#include "engine/webrtc/sdp_offer.hpp"

#include <gst/sdp/sdp.h>
#include <strings.h>

#include <cstdlib>
#include <memory>

namespace irtc::engine {
namespace {

struct SdpDeleter {
  void operator()(GstSDPMessage* m) const { gst_sdp_message_free(m); }
};

bool isEmpty(const char* value) {
  return value == nullptr || *value == '\0';
}

// Session-level attribute, or the media's own (browsers put ICE and DTLS attributes on each m-line).
bool hasAttribute(const GstSDPMessage* sdp, const GstSDPMedia* media, const char* key) {
  return !isEmpty(gst_sdp_media_get_attribute_val(media, key)) ||
         !isEmpty(gst_sdp_message_get_attribute_val(sdp, key));
}

// libnice asserts on an empty ICE credential and webrtcbin fails oddly on an empty DTLS attribute,
// wherever it appears: find the first such attribute, if any.
const char* emptyCredential(const GstSDPMessage* sdp) {
  static constexpr std::string_view kKeys[] = {"ice-ufrag", "ice-pwd", "fingerprint", "setup", "mid"};
  auto check = [](const GstSDPAttribute* attribute) -> const char* {
    for (std::string_view key : kKeys) {
      if (attribute->key && key == attribute->key && isEmpty(attribute->value)) return attribute->key;
    }
    return nullptr;
  };
  for (guint i = 0; i < gst_sdp_message_attributes_len(sdp); ++i) {
    if (const char* key = check(gst_sdp_message_get_attribute(sdp, i))) return key;
  }
  for (guint m = 0; m < gst_sdp_message_medias_len(sdp); ++m) {
    const GstSDPMedia* media = gst_sdp_message_get_media(sdp, m);
    for (guint i = 0; i < gst_sdp_media_attributes_len(media); ++i) {
      if (const char* key = check(gst_sdp_media_get_attribute(media, i))) return key;
    }
  }
  return nullptr;
}

// "111 opus/48000/2" -> 111 when the codec is Opus at 48 kHz.
int opusPayloadType(const char* rtpmap) {
  char* rest = nullptr;
  long pt = std::strtol(rtpmap, &rest, 10);
  if (rest == rtpmap || pt < 0 || pt > 127) return -1;
  while (*rest == ' ') ++rest;
  return strncasecmp(rest, "opus/48000", 10) == 0 ? int(pt) : -1;
}

}  // namespace

std::variant<OfferSummary, std::string> inspectOffer(std::string_view text) {
  if (text.empty()) return std::string("offer is empty");
  if (text.size() > kMaxOfferBytes) {
    return "offer is larger than " + std::to_string(kMaxOfferBytes) + " bytes";
  }
  if (text.substr(0, 3) != "v=0") return std::string("offer does not start with \"v=0\"");
  if (text.find('\0') != std::string_view::npos) return std::string("offer contains a NUL byte");

  GstSDPMessage* raw = nullptr;
  gst_sdp_message_new(&raw);
  std::unique_ptr<GstSDPMessage, SdpDeleter> sdp(raw);
  if (gst_sdp_message_parse_buffer(reinterpret_cast<const guint8*>(text.data()), guint(text.size()),
                                   sdp.get()) != GST_SDP_OK) {
    return std::string("offer is not parseable SDP");
  }

  OfferSummary summary;
  const GstSDPMedia* audio = nullptr;
  int audioLines = 0;
  for (guint i = 0; i < gst_sdp_message_medias_len(sdp.get()); ++i) {
    const GstSDPMedia* media = gst_sdp_message_get_media(sdp.get(), i);
    const char* kind = gst_sdp_media_get_media(media);
    const char* proto = gst_sdp_media_get_proto(media);
    if (kind && std::string_view(kind) == "audio") {
      ++audioLines;
      if (!audio) audio = media;
    } else if (kind && std::string_view(kind) == "application" && proto &&
               std::string_view(proto).find("DTLS/SCTP") != std::string_view::npos) {
      summary.hasDataChannel = true;
    }
  }
  if (!audio) return std::string("offer has no audio m-line");
  if (audioLines > 1) return std::string("offer has more than one audio m-line");
  if (gst_sdp_media_get_port(audio) == 0) return std::string("offer's audio m-line is rejected (port 0)");
  const char* proto = gst_sdp_media_get_proto(audio);
  if (!proto || std::string_view(proto) != "UDP/TLS/RTP/SAVPF") {
    return std::string("offer's audio m-line must use UDP/TLS/RTP/SAVPF");
  }
  for (guint i = 0;; ++i) {
    const char* rtpmap = gst_sdp_media_get_attribute_val_n(audio, "rtpmap", i);
    if (!rtpmap) break;
    if (int pt = opusPayloadType(rtpmap); pt >= 0) {
      summary.opusPayloadType = pt;
      break;
    }
  }
  if (summary.opusPayloadType < 0) return std::string("offer's audio m-line offers no opus/48000 codec");
  for (const char* key : {"ice-ufrag", "ice-pwd", "fingerprint"}) {
    if (!hasAttribute(sdp.get(), audio, key)) return "offer lacks a=" + std::string(key);
  }
  if (const char* key = emptyCredential(sdp.get())) return "offer has an empty a=" + std::string(key);
  // webrtcbin takes each m-line's ICE credentials from one level; a mix hands libnice a null one.
  const bool sessionCredentials = gst_sdp_message_get_attribute_val(sdp.get(), "ice-ufrag") &&
                                  gst_sdp_message_get_attribute_val(sdp.get(), "ice-pwd");
  for (guint i = 0; i < gst_sdp_message_medias_len(sdp.get()); ++i) {
    const GstSDPMedia* media = gst_sdp_message_get_media(sdp.get(), i);
    const bool ufrag = gst_sdp_media_get_attribute_val(media, "ice-ufrag") != nullptr;
    const bool pwd = gst_sdp_media_get_attribute_val(media, "ice-pwd") != nullptr;
    if (ufrag != pwd || (!ufrag && !sessionCredentials)) {
      return "offer's m-line " + std::to_string(i) + " needs both a=ice-ufrag and a=ice-pwd";
    }
  }
  // webrtcbin 1.22 mishandles an m-line without a direction (it may even abort), and every browser
  // sends one: require exactly one, and one we can answer.
  int directions = 0;
  for (guint i = 0; i < gst_sdp_media_attributes_len(audio); ++i) {
    const GstSDPAttribute* attribute = gst_sdp_media_get_attribute(audio, i);
    std::string_view key = attribute->key ? attribute->key : "";
    if (key == "inactive") return std::string("offer's audio m-line is inactive");
    if (key == "sendrecv" || key == "sendonly" || key == "recvonly") ++directions;
  }
  if (directions != 1)
    return std::string("offer's audio m-line needs exactly one of a=sendrecv/sendonly/recvonly");
  return summary;
}

}  // namespace irtc::engine
