// The offer rules that look at a parsed description, split by subject; validator.cpp runs them in
// the order of rules.hpp. Each returns the first rule broken, or an ok result.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "proxy/sdp/session_description.hpp"
#include "proxy/sdp/validator.hpp"

namespace irtc::proxy::sdp {

inline ValidationResult violation(std::string_view rule, std::string message) {
  return {false, rule, std::move(message)};
}

inline ValidationResult passed() {
  return {true, {}, {}};
}

// "the audio section" or "the data channel section": by the time a rule names a section, the
// media rules have made sure there is one of each kind at most.
inline std::string sectionName(const MediaDescription& media) {
  return media.media == "audio" ? "the audio section" : "the data channel section";
}

// Rules media, audio, opus and datachannel: which media sections an offer holds.
ValidationResult checkMedia(const SessionDescription& description);

// Rules ice-ufrag, ice-pwd, fingerprint and setup: what ICE and DTLS need from every section.
ValidationResult checkTransport(const SessionDescription& description);

}  // namespace irtc::proxy::sdp
