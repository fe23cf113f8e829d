#include "engine/realtime/multipart.hpp"

#include <algorithm>
#include <utility>

namespace irtc::engine::realtime {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string toLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool isSpace(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && (isSpace(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A header value with parameters: `form-data; name="sdp"` or `multipart/form-data; boundary=x`.
struct HeaderValue {
  std::string value;                                        // lower-cased
  std::vector<std::pair<std::string, std::string>> params;  // names lower-cased, values as sent

  const std::string* param(std::string_view name) const {
    for (const auto& [k, v] : params) {
      if (k == name) return &v;
    }
    return nullptr;
  }
};

bool parseHeaderValue(std::string_view text, HeaderValue& out) {
  auto semi = text.find(';');
  out.value = toLower(trim(text.substr(0, semi)));
  std::size_t i = semi == std::string_view::npos ? text.size() : semi;
  while (i < text.size()) {
    while (i < text.size() && (isSpace(text[i]) || text[i] == ';')) ++i;
    if (i >= text.size()) break;
    std::size_t nameStart = i;
    while (i < text.size() && text[i] != '=' && text[i] != ';') ++i;
    std::string name = toLower(trim(text.substr(nameStart, i - nameStart)));
    if (i >= text.size() || text[i] == ';') continue;  // a parameter without a value: ignored
    ++i;                                               // '='
    while (i < text.size() && isSpace(text[i])) ++i;
    std::string value;
    if (i < text.size() && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        char c = text[i++];
        if (c == '\\' && i < text.size()) {
          value += text[i++];
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          value += c;
        }
      }
      if (!closed) return false;
      while (i < text.size() && isSpace(text[i])) ++i;
      if (i < text.size() && text[i] != ';') return false;  // garbage after a quoted string
    } else {
      std::size_t valueStart = i;
      while (i < text.size() && text[i] != ';') ++i;
      value = std::string(trim(text.substr(valueStart, i - valueStart)));
    }
    out.params.emplace_back(std::move(name), std::move(value));
  }
  return true;
}

bool isBoundaryChar(char c) {
  static constexpr std::string_view kExtra = "'()+_,-./:=? ";  // RFC 2046 bcharsnospace + space
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         kExtra.find(c) != std::string_view::npos;
}

// One "--boundary" line. `start` includes the line break before it, which belongs to the delimiter.
struct Delimiter {
  std::size_t start = 0;
  std::size_t next = 0;  // first byte after the delimiter line
  bool close = false;
};

// Finds the next real delimiter at or after `from` (its dashes may not start before `from`). A
// boundary string that is not alone on its line is content, not a delimiter.
std::optional<Delimiter> findDelimiter(std::string_view body, std::string_view dashBoundary, std::size_t from,
                                       bool* truncated) {
  for (std::size_t idx = body.find(dashBoundary, from); idx != std::string_view::npos;
       idx = body.find(dashBoundary, idx + 1)) {
    if (idx != 0 && body[idx - 1] != '\n') continue;
    Delimiter d;
    d.start = idx == 0 ? 0 : (idx >= 2 && body[idx - 2] == '\r' ? idx - 2 : idx - 1);
    std::size_t after = idx + dashBoundary.size();
    if (body.substr(after, 2) == "--") {
      d.close = true;
      after += 2;
    }
    while (after < body.size() && isSpace(body[after])) ++after;  // transport padding
    if (after == body.size()) {
      if (!d.close) *truncated = true;
      d.next = after;
      return d;
    }
    if (body[after] == '\n') {
      d.next = after + 1;
      return d;
    }
    if (body[after] == '\r' && after + 1 < body.size() && body[after + 1] == '\n') {
      d.next = after + 2;
      return d;
    }
    if (body[after] == '\r' && after + 1 == body.size()) {
      *truncated = !d.close;
      d.next = body.size();
      return d;
    }
  }
  return std::nullopt;
}

// Parses one part's headers and body from the bytes between two delimiters.
std::string parsePart(std::string_view segment, const MultipartLimits& limits, MultipartPart& part) {
  std::size_t pos = 0;
  bool blankLineSeen = false;
  bool sawDisposition = false;
  std::vector<std::pair<std::string, std::string>> headers;
  while (pos < segment.size()) {
    auto eol = segment.find('\n', pos);
    if (eol == std::string_view::npos) return "a part's headers are not terminated by an empty line";
    std::string_view line = segment.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = eol + 1;
    if (pos > limits.maxHeaderBytes) {
      return "a part's headers exceed " + std::to_string(limits.maxHeaderBytes) + " bytes";
    }
    if (line.empty()) {
      blankLineSeen = true;
      break;
    }
    if (isSpace(line.front())) {  // obsolete line folding: continues the previous header
      if (headers.empty()) return "a part starts with a folded header line";
      headers.back().second += " ";
      headers.back().second += trim(line);
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return "a part has a malformed header line";
    headers.emplace_back(toLower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  }
  // Some writers put the delimiter straight after the header block of an empty part, sharing the
  // blank line's break; the loop above then ends exactly at the segment's end.
  if (!blankLineSeen && pos != segment.size()) return "a part's headers are not terminated by an empty line";
  for (const auto& [name, value] : headers) {
    if (name == "content-disposition") {
      if (sawDisposition) return "a part has more than one Content-Disposition header";
      sawDisposition = true;
      HeaderValue hv;
      if (!parseHeaderValue(value, hv)) return "a part has a malformed Content-Disposition header";
      if (hv.value != "form-data") return "a part's Content-Disposition is not form-data";
      const std::string* name = hv.param("name");
      if (!name || name->empty()) return "a part's Content-Disposition has no name";
      part.name = *name;
      if (const std::string* filename = hv.param("filename")) part.filename = *filename;
    } else if (name == "content-type") {
      part.contentType = value;
    }
  }
  if (!sawDisposition) return "a part has no Content-Disposition header";
  part.body = std::string(segment.substr(std::min(pos, segment.size())));
  return "";
}

}  // namespace

std::optional<std::string> multipartBoundary(std::string_view contentType, std::string* error) {
  HeaderValue hv;
  if (!parseHeaderValue(contentType, hv)) {
    *error = "the Content-Type header is malformed";
    return std::nullopt;
  }
  if (hv.value != "multipart/form-data") {
    *error = "the Content-Type is not multipart/form-data";
    return std::nullopt;
  }
  const std::string* boundary = hv.param("boundary");
  if (!boundary || boundary->empty()) {
    *error = "the Content-Type has no boundary parameter";
    return std::nullopt;
  }
  if (boundary->size() > 70 || boundary->back() == ' ') {
    *error = "the multipart boundary is longer than 70 characters or ends with a space";
    return std::nullopt;
  }
  for (char c : *boundary) {
    if (!isBoundaryChar(c)) {
      *error = "the multipart boundary holds a character RFC 2046 does not allow";
      return std::nullopt;
    }
  }
  return *boundary;
}

MultipartResult parseMultipart(std::string_view contentType, std::string_view body,
                               const MultipartLimits& limits) {
  MultipartResult result;
  if (body.size() > limits.maxBytes) {
    result.error = "the multipart body is larger than " + std::to_string(limits.maxBytes) + " bytes";
    return result;
  }
  auto boundary = multipartBoundary(contentType, &result.error);
  if (!boundary) return result;
  const std::string dashBoundary = "--" + *boundary;

  bool truncated = false;
  auto delimiter = findDelimiter(body, dashBoundary, 0, &truncated);  // anything before it is preamble
  if (!delimiter) {
    result.error = "the multipart body holds no boundary delimiter";
    return result;
  }
  while (!delimiter->close) {
    if (truncated) {
      result.error = "the multipart body is truncated";
      return result;
    }
    std::size_t partStart = delimiter->next;
    auto next = findDelimiter(body, dashBoundary, partStart, &truncated);
    if (!next) {
      result.error = "the multipart body is truncated (no closing boundary)";
      return result;
    }
    if (result.parts.size() == limits.maxParts) {
      result.error = "the multipart body has more than " + std::to_string(limits.maxParts) + " parts";
      return result;
    }
    std::size_t partEnd = std::max(next->start, partStart);
    MultipartPart part;
    std::string error = parsePart(body.substr(partStart, partEnd - partStart), limits, part);
    if (!error.empty()) {
      result.error = "part " + std::to_string(result.parts.size() + 1) + ": " + error;
      return result;
    }
    result.parts.push_back(std::move(part));
    delimiter = next;
  }
  if (result.parts.empty()) result.error = "the multipart body has no parts";
  return result;
}

const MultipartPart* findPart(const std::vector<MultipartPart>& parts, std::string_view name) {
  for (const auto& part : parts) {
    if (part.name == name) return &part;
  }
  return nullptr;
}

}  // namespace irtc::engine::realtime
