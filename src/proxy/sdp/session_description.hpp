// A session description as RFC 8866 lays it out: session-level lines, then media sections, each
// an m-line followed by its own lines. The model keeps every line in order and the line ending,
// so serialize(parse(text)) gives back text byte for byte.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace irtc::proxy::sdp {

enum class LineEnding { kCrlf, kLf };

// One "<type>=<value>" line other than a= and m= (v=, o=, s=, c=, b=, t=, ...).
struct Field {
  char type = 0;
  std::string value;  // never empty
  bool operator==(const Field&) const = default;
};

// "a=<name>" (a flag such as a=rtcp-mux) or "a=<name>:<value>".
struct Attribute {
  std::string name;                  // an RFC 8866 token
  std::optional<std::string> value;  // never empty when present
  bool operator==(const Attribute&) const = default;
};

// "m=<media> <port>[/<count>] <proto> <format> ..." and the lines up to the next m-line.
struct MediaDescription {
  std::string media;  // "audio", "video", "application", ...
  std::uint16_t port = 0;
  std::optional<std::uint16_t> portCount;
  std::string proto;                  // "UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", ...
  std::vector<std::string> formats;   // RTP payload types, or "webrtc-datachannel"
  std::vector<Field> fields;          // i=, c=, b=, k= in order
  std::vector<Attribute> attributes;  // in order
  bool operator==(const MediaDescription&) const = default;
};

struct SessionDescription {
  LineEnding lineEnding = LineEnding::kCrlf;
  std::vector<Field> fields;          // v=, o=, s=, ... t=, ... in order; v= first
  std::vector<Attribute> attributes;  // session-level a= lines, in order
  std::vector<MediaDescription> media;
  bool operator==(const SessionDescription&) const = default;
};

struct ParseResult {
  std::optional<SessionDescription> description;
  std::string error;  // "line 7: ...", when description is empty

  bool ok() const { return description.has_value(); }
};

// Accepts RFC 8866 structure: every line "<type>=<value>" with a lower-case type letter this
// parser knows, ending in CRLF or LF (one of them throughout), no empty lines, v= first, o=, s= and
// t= present, the lines of each level in RFC 8866 order, m-lines of single-space separated fields.
// Refuses everything else with the line number and what was wrong; never throws for bad input.
ParseResult parse(std::string_view text);

std::string serialize(const SessionDescription& description);

}  // namespace irtc::proxy::sdp
