// Every bound the proxy puts on a browser's SDP offer, in one place: docs/api.md ("SDP rules") and
// the tests quote these numbers.
#pragma once

#include <cstddef>

namespace irtc::proxy::sdp {

// Chromium's audio + data channel offer with a handful of candidates is 2-6 KiB, with video and
// many candidates under 16 KiB; 32 KiB bounds what one /ws message may cost to check and forward.
inline constexpr std::size_t kMaxOfferBytes = std::size_t{32} * 1024;

// Chromium's audio + data channel offer is ~60 lines, with video ~190; a bound on lines keeps a
// 32 KiB offer of one-character lines from costing 16 000 model entries.
inline constexpr std::size_t kMaxOfferLines = 512;

// RFC 8839 section 5.4: ice-ufrag is 4-256 ice-chars, ice-pwd 22-256.
inline constexpr std::size_t kMinIceUfragChars = 4;
inline constexpr std::size_t kMaxIceUfragChars = 256;
inline constexpr std::size_t kMinIcePwdChars = 22;
inline constexpr std::size_t kMaxIcePwdChars = 256;

// A sha-256 fingerprint is the digest's 32 bytes as colon-separated hex pairs (RFC 8122).
inline constexpr std::size_t kSha256FingerprintBytes = 32;

// How many bytes of an offending value a message quotes, so that a message stays short.
inline constexpr std::size_t kMaxQuotedBytes = 40;

}  // namespace irtc::proxy::sdp
