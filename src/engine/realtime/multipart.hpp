// multipart/form-data (RFC 7578 over RFC 2046) for POST /v1/realtime/calls: parts `sdp` and
// optional `session`, each with or without its own Content-Type. The input is untrusted: the
// parser is bounded (body size, part count, header size), accepts CRLF and bare-LF line breaks,
// never throws on malformed input and reports why it refused. It depends on nothing but the
// standard library so that the fuzz target can build it alone.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace irtc::engine::realtime {

struct MultipartPart {
  std::string name;
  std::optional<std::string> filename;
  std::optional<std::string> contentType;  // absent when the part had no Content-Type header
  std::string body;
};

struct MultipartLimits {
  std::size_t maxBytes = std::size_t{1024} * 1024;
  std::size_t maxParts = 8;
  std::size_t maxHeaderBytes = std::size_t{4} * 1024;  // per part, all header lines together
};

struct MultipartResult {
  std::vector<MultipartPart> parts;
  std::string error;  // empty on success; otherwise a message fit for the client
  bool ok() const { return error.empty(); }
};

// The boundary parameter of a `multipart/form-data` Content-Type (quoted or not, 1–70 characters
// of RFC 2046's bchars). nullopt with *error set otherwise.
std::optional<std::string> multipartBoundary(std::string_view contentType, std::string* error);

MultipartResult parseMultipart(std::string_view contentType, std::string_view body,
                               const MultipartLimits& limits = {});

// The first part with that name, or nullptr.
const MultipartPart* findPart(const std::vector<MultipartPart>& parts, std::string_view name);

}  // namespace irtc::engine::realtime
