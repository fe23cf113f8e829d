// The stable ids of the offer rules, in the order the validator applies them (docs/api.md, "SDP
// rules"). The browser receives them in SDP_INVALID errors: an id never changes its meaning.
#pragma once

#include <string_view>

namespace irtc::proxy::sdp::rule {

inline constexpr std::string_view kSize = "size";                // at most kMaxOfferBytes
inline constexpr std::string_view kCharset = "charset";          // printable UTF-8, CR and LF
inline constexpr std::string_view kLineCount = "line-count";     // at most kMaxOfferLines
inline constexpr std::string_view kVersion = "version";          // the first line is "v=0"
inline constexpr std::string_view kSyntax = "syntax";            // RFC 8866 lines, order and m-lines
inline constexpr std::string_view kMedia = "media";              // only audio and application sections
inline constexpr std::string_view kAudio = "audio";              // exactly one usable m=audio
inline constexpr std::string_view kOpus = "opus";                // it offers opus/48000/2
inline constexpr std::string_view kDataChannel = "datachannel";  // at most one, UDP/DTLS/SCTP
inline constexpr std::string_view kIceUfrag = "ice-ufrag";       // present, RFC 8839 length and chars
inline constexpr std::string_view kIcePwd = "ice-pwd";           // present, RFC 8839 length and chars
inline constexpr std::string_view kFingerprint = "fingerprint";  // a well-formed sha-256 fingerprint
inline constexpr std::string_view kSetup = "setup";              // a=setup:actpass or active

}  // namespace irtc::proxy::sdp::rule
