// Rules ice-ufrag, ice-pwd, fingerprint and setup. Browsers put these attributes in every media
// section (Chromium, Safari) or once at session level (Firefox's fingerprint): a section uses its
// own, else the session's, and every occurrence must be well-formed since all of it is forwarded.
#include <algorithm>

#include "proxy/sdp/checks.hpp"
#include "proxy/sdp/limits.hpp"
#include "proxy/sdp/rules.hpp"
#include "proxy/sdp/text.hpp"

namespace irtc::proxy::sdp {
namespace {

// One level of the description: the session's attributes, or a media section's.
struct Level {
  std::string name;  // "the session level", "the audio section", ...
  const std::vector<Attribute>* attributes;
};

std::vector<Level> levels(const SessionDescription& description) {
  std::vector<Level> all{{"the session level", &description.attributes}};
  for (const auto& media : description.media) all.push_back({sectionName(media), &media.attributes});
  return all;
}

std::vector<std::string_view> valuesOf(const Level& level, std::string_view name) {
  std::vector<std::string_view> values;
  for (const auto& attribute : *level.attributes) {
    if (attribute.name == name) values.push_back(attribute.value ? std::string_view(*attribute.value) : "");
  }
  return values;
}

// A level may name an attribute once; every media section needs it at its own or session level.
ValidationResult checkPresence(const SessionDescription& description, std::string_view name,
                               std::string_view rule) {
  const auto all = levels(description);
  for (const auto& level : all) {
    if (const auto count = valuesOf(level, name).size(); count > 1) {
      return violation(rule, level.name + " has " + std::to_string(count) + " a=" + std::string(name) +
                                 " lines; one is allowed");
    }
  }
  const bool atSession = !valuesOf(all.front(), name).empty();
  for (auto level = all.begin() + 1; level != all.end(); ++level) {
    if (!atSession && valuesOf(*level, name).empty()) {
      return violation(rule, level->name + " has no a=" + std::string(name) +
                                 ", neither in the section nor at session level");
    }
  }
  return passed();
}

// RFC 8839 section 5.4: ice-char = ALPHA / DIGIT / "+" / "/". The value itself is never quoted:
// the password is a credential.
ValidationResult checkIceCredential(const SessionDescription& description, std::string_view name,
                                    std::string_view rule, std::size_t minimum, std::size_t maximum) {
  if (auto present = checkPresence(description, name, rule); !present.ok) return present;
  for (const auto& level : levels(description)) {
    for (const auto value : valuesOf(level, name)) {
      if (value.size() < minimum || value.size() > maximum) {
        return violation(rule, "the " + std::string(name) + " of " + level.name + " is " +
                                   std::to_string(value.size()) + " characters; RFC 8839 requires " +
                                   std::to_string(minimum) + " to " + std::to_string(maximum));
      }
      const auto bad = std::find_if(value.begin(), value.end(), [](char c) {
        return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
                 c == '/');
      });
      if (bad != value.end()) {
        return violation(
            rule, "the " + std::string(name) + " of " + level.name + " has a character other than " +
                      "A-Z, a-z, 0-9, '+' and '/' at position " + std::to_string(bad - value.begin() + 1));
      }
    }
  }
  return passed();
}

// "AB:CD:...": kSha256FingerprintBytes hex pairs separated by colons.
bool isSha256Fingerprint(std::string_view text) {
  if (text.size() != kSha256FingerprintBytes * 3 - 1) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (i % 3 == 2 ? c != ':' : !hex) return false;
  }
  return true;
}

// RFC 8122: a=fingerprint:<hash function> <fingerprint>. A section may carry several, one per
// hash function; one must be sha-256, and every sha-256 one well-formed.
ValidationResult checkFingerprint(const SessionDescription& description) {
  const auto all = levels(description);
  auto sha256 = [](std::string_view value) {
    return equalsIgnoringCase(value.substr(0, value.find(' ')), "sha-256");
  };
  for (const auto& level : all) {
    for (const auto value : valuesOf(level, "fingerprint")) {
      const auto space = value.find(' ');
      if (sha256(value) &&
          (space == std::string_view::npos || !isSha256Fingerprint(value.substr(space + 1)))) {
        return violation(rule::kFingerprint, "the sha-256 fingerprint of " + level.name +
                                                 " is malformed: it is 32 hex pairs separated by colons");
      }
    }
  }
  auto hasSha256 = [&](const Level& level) {
    const auto values = valuesOf(level, "fingerprint");
    return std::any_of(values.begin(), values.end(), sha256);
  };
  for (auto level = all.begin() + 1; level != all.end(); ++level) {
    const bool own = !valuesOf(*level, "fingerprint").empty();
    if (!(own ? hasSha256(*level) : hasSha256(all.front()))) {
      return violation(rule::kFingerprint, level->name +
                                               " has no sha-256 fingerprint (a=fingerprint:sha-256 ...)" +
                                               (own ? "" : ", neither in the section nor at session level"));
    }
  }
  return passed();
}

// RFC 8842 section 5.2: the offerer's DTLS role is actpass; active (the offerer as DTLS client) is
// accepted too. passive and holdconn belong in answers.
ValidationResult checkSetup(const SessionDescription& description) {
  if (auto present = checkPresence(description, "setup", rule::kSetup); !present.ok) return present;
  for (const auto& level : levels(description)) {
    for (const auto value : valuesOf(level, "setup")) {
      if (!equalsIgnoringCase(value, "actpass") && !equalsIgnoringCase(value, "active")) {
        return violation(rule::kSetup, level.name + " has the DTLS role " + excerpt(value) +
                                           " (a=setup); an offer uses actpass or active");
      }
    }
  }
  return passed();
}

}  // namespace

ValidationResult checkTransport(const SessionDescription& description) {
  if (auto ufrag =
          checkIceCredential(description, "ice-ufrag", rule::kIceUfrag, kMinIceUfragChars, kMaxIceUfragChars);
      !ufrag.ok) {
    return ufrag;
  }
  if (auto pwd = checkIceCredential(description, "ice-pwd", rule::kIcePwd, kMinIcePwdChars, kMaxIcePwdChars);
      !pwd.ok) {
    return pwd;
  }
  if (auto fingerprint = checkFingerprint(description); !fingerprint.ok) return fingerprint;
  return checkSetup(description);
}

}  // namespace irtc::proxy::sdp
