#include "proxy/sdp/session_description.hpp"

#include <algorithm>
#include <array>

#include "proxy/sdp/text.hpp"

namespace irtc::proxy::sdp {
namespace {

// RFC 8866 section 9: token-char.
bool isTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`{|}~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// proto = token *("/" token)
bool isProto(std::string_view text) {
  for (std::size_t start = 0;;) {
    const auto slash = text.find('/', start);
    if (!isToken(text.substr(start, slash - start))) return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

// Plain decimal up to 65535. Leading zeros are refused so that serialising gives the same text.
std::optional<std::uint16_t> parsePort(std::string_view text) {
  if (text.empty() || text.size() > 5 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  unsigned value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

// RFC 8866 section 5 fixes the order of the lines of each level. A rank that may only grow checks
// it; t= and r= share a rank because a session may hold several "t= r=*" groups.
int sessionRank(char type) {
  switch (type) {
    case 'v': return 0;
    case 'o': return 1;
    case 's': return 2;
    case 'i': return 3;
    case 'u': return 4;
    case 'e': return 5;
    case 'p': return 6;
    case 'c': return 7;
    case 'b': return 8;
    case 't':
    case 'r': return 9;
    case 'z': return 10;
    case 'k': return 11;
    case 'a': return 12;
    default: return -1;
  }
}

int mediaRank(char type) {
  switch (type) {
    case 'i': return 0;
    case 'c': return 1;
    case 'b': return 2;
    case 'k': return 3;
    case 'a': return 4;
    default: return -1;
  }
}

bool repeats(char type, bool inMedia) {
  const std::string_view repeating = inMedia ? "cba" : "epbtra";
  return repeating.find(type) != std::string_view::npos;
}

std::string lineType(char type) {
  return std::string("'") + type + "='";
}

// "m=<media> <port>[/<count>] <proto> <format> ...", fields separated by exactly one space.
std::optional<MediaDescription> parseMediaLine(std::string_view value, std::string& why) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto space = value.find(' ', start);
    parts.push_back(value.substr(start, space - start));
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  const bool emptyPart = std::any_of(parts.begin(), parts.end(), [](auto part) { return part.empty(); });
  if (parts.size() < 4 || emptyPart) {
    why = "an m-line is '<media> <port> <proto> <format> ...', separated by single spaces";
    return std::nullopt;
  }
  MediaDescription media;
  if (!isToken(parts[0])) {
    why = "the media type " + excerpt(parts[0]) + " is not a token";
    return std::nullopt;
  }
  media.media = parts[0];
  const auto slash = parts[1].find('/');
  const auto port = parsePort(parts[1].substr(0, slash));
  if (!port) {
    why = "the port " + excerpt(parts[1]) + " is not a number from 0 to 65535";
    return std::nullopt;
  }
  media.port = *port;
  if (slash != std::string_view::npos) {
    media.portCount = parsePort(parts[1].substr(slash + 1));
    if (!media.portCount) {
      why = "the port count in " + excerpt(parts[1]) + " is not a number from 0 to 65535";
      return std::nullopt;
    }
  }
  if (!isProto(parts[2])) {
    why = "the transport " + excerpt(parts[2]) + " is not '<token>/<token>...'";
    return std::nullopt;
  }
  media.proto = parts[2];
  for (std::size_t i = 3; i < parts.size(); ++i) {
    if (!isToken(parts[i])) {
      why = "the format " + excerpt(parts[i]) + " is not a token";
      return std::nullopt;
    }
    media.formats.emplace_back(parts[i]);
  }
  return media;
}

std::optional<Attribute> parseAttribute(std::string_view value, std::string& why) {
  const auto colon = value.find(':');
  Attribute attribute;
  attribute.name = value.substr(0, colon);
  if (!isToken(attribute.name)) {
    why = "the attribute name " + excerpt(attribute.name) + " is not a token";
    return std::nullopt;
  }
  if (colon != std::string_view::npos) {
    if (colon + 1 == value.size()) {
      why = "the attribute 'a=" + attribute.name + ":' has an empty value";
      return std::nullopt;
    }
    attribute.value = value.substr(colon + 1);
  }
  return attribute;
}

class Parser {
 public:
  ParseResult run(std::string_view text) {
    std::size_t position = 0;
    while (position < text.size()) {
      ++number_;
      const auto end = text.find('\n', position);
      if (end == std::string_view::npos) return failure("does not end with a line break (CRLF or LF)");
      std::string_view line = text.substr(position, end - position);
      position = end + 1;
      if (!takeLine(line)) return failure(why_);
    }
    if (number_ == 0) return {std::nullopt, "the description is empty"};
    if (!inMedia_ && !sessionComplete()) return {std::nullopt, why_};
    return {std::move(description_), ""};
  }

 private:
  ParseResult failure(const std::string& what) const {
    return {std::nullopt, "line " + std::to_string(number_) + ": " + what};
  }

  bool fail(std::string why) {
    why_ = std::move(why);
    return false;
  }

  bool takeLine(std::string_view line) {
    auto ending = LineEnding::kLf;
    if (!line.empty() && line.back() == '\r') {
      ending = LineEnding::kCrlf;
      line.remove_suffix(1);
    }
    if (number_ == 1) description_.lineEnding = ending;
    if (ending != description_.lineEnding) {
      return fail(std::string("ends with ") + (ending == LineEnding::kCrlf ? "CRLF" : "LF") +
                  " but line 1 with " + (ending == LineEnding::kCrlf ? "LF" : "CRLF") +
                  "; one line ending is used throughout");
    }
    if (line.find('\r') != std::string_view::npos) return fail("holds a CR that does not end the line");
    if (line.empty()) return fail("is empty");
    if (line.size() < 2 || line[0] < 'a' || line[0] > 'z' || line[1] != '=') {
      return fail("is not '<type>=<value>' with a lower-case type letter: " + excerpt(line));
    }
    const char type = line[0];
    const std::string_view value = line.substr(2);
    if (value.empty()) return fail(lineType(type) + " has an empty value");
    if (number_ == 1 && type != 'v') return fail("the first line must be 'v=', not " + lineType(type));
    if (type == 'm') return takeMediaLine(value);
    if (!takeOrder(type)) return false;
    if (type == 'a') {
      auto attribute = parseAttribute(value, why_);
      if (!attribute) return false;
      (inMedia_ ? description_.media.back().attributes : description_.attributes).push_back(*attribute);
      return true;
    }
    (inMedia_ ? description_.media.back().fields : description_.fields).push_back({type, std::string(value)});
    if (!inMedia_) seen_[static_cast<std::size_t>(type - 'a')] = true;
    return true;
  }

  bool takeOrder(char type) {
    const int rank = inMedia_ ? mediaRank(type) : sessionRank(type);
    if (rank < 0) {
      if (inMedia_ && sessionRank(type) >= 0)
        return fail(lineType(type) + " is not allowed in a media section");
      return fail("the line type " + lineType(type) + " is unknown");
    }
    if (rank < rank_)
      return fail(lineType(type) + " cannot follow " + lineType(previous_) + " (RFC 8866 order)");
    if (rank == rank_ && type == previous_ && !repeats(type, inMedia_)) {
      return fail("a second " + lineType(type) + " line at the same level");
    }
    if (type == 'r' && previous_ != 't' && previous_ != 'r') return fail("'r=' must follow 't=' or 'r='");
    rank_ = rank;
    previous_ = type;
    return true;
  }

  bool takeMediaLine(std::string_view value) {
    if (!inMedia_ && !sessionComplete()) return false;
    auto media = parseMediaLine(value, why_);
    if (!media) return false;
    description_.media.push_back(std::move(*media));
    inMedia_ = true;
    rank_ = -1;
    previous_ = 'm';
    return true;
  }

  bool sessionComplete() {
    for (char type : {'o', 's', 't'}) {
      if (!seen_[static_cast<std::size_t>(type - 'a')])
        return fail("the session has no " + lineType(type) + " line");
    }
    return true;
  }

  SessionDescription description_;
  std::size_t number_ = 0;
  bool inMedia_ = false;
  int rank_ = -1;
  char previous_ = 0;
  std::array<bool, 26> seen_{};
  std::string why_;
};

}  // namespace

ParseResult parse(std::string_view text) {
  return Parser().run(text);
}

std::string serialize(const SessionDescription& description) {
  const std::string_view eol = description.lineEnding == LineEnding::kCrlf ? "\r\n" : "\n";
  std::string text;
  auto fields = [&](const std::vector<Field>& lines) {
    for (const auto& field : lines) ((text += field.type) += '=').append(field.value).append(eol);
  };
  auto attributes = [&](const std::vector<Attribute>& lines) {
    for (const auto& attribute : lines) {
      text.append("a=").append(attribute.name);
      if (attribute.value) (text += ':').append(*attribute.value);
      text.append(eol);
    }
  };
  fields(description.fields);
  attributes(description.attributes);
  for (const auto& media : description.media) {
    text.append("m=").append(media.media).append(" ").append(std::to_string(media.port));
    if (media.portCount) (text += '/').append(std::to_string(*media.portCount));
    text.append(" ").append(media.proto);
    for (const auto& format : media.formats) (text += ' ').append(format);
    text.append(eol);
    fields(media.fields);
    attributes(media.attributes);
  }
  return text;
}

}  // namespace irtc::proxy::sdp
