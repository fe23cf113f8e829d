// libFuzzer target for the multipart/form-data parser of POST /v1/realtime/calls.
// Input layout: the first line (up to '\n') is the Content-Type header value, the rest the body,
// so the fuzzer explores boundary parameters and bodies together.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/realtime/multipart.hpp"

using irtc::engine::realtime::MultipartLimits;
using irtc::engine::realtime::parseMultipart;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto eol = input.find('\n');
  std::string_view contentType = eol == std::string_view::npos ? input : input.substr(0, eol);
  std::string_view body = eol == std::string_view::npos ? std::string_view() : input.substr(eol + 1);

  // Small limits so the fuzzer reaches every limit path with small inputs.
  MultipartLimits limits;
  limits.maxBytes = 4096;
  limits.maxParts = 4;
  limits.maxHeaderBytes = 256;
  auto result = parseMultipart(contentType, body, limits);

  // Invariants: a success has 1..maxParts named parts whose bodies come from the input; a failure
  // has no usable parts claimed as complete and says why.
  if (result.ok()) {
    if (result.parts.empty() || result.parts.size() > limits.maxParts) std::abort();
    std::size_t total = 0;
    for (const auto& part : result.parts) {
      if (part.name.empty()) std::abort();
      total += part.body.size();
    }
    if (total > body.size()) std::abort();
  } else if (result.error.empty()) {
    std::abort();
  }
  return 0;
}
