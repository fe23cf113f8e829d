// The real offers of the fuzz corpus (tests/fuzz/corpus/sdp_validator, sources in
// sdp_validator.README.md) and edits of them, for the proxy_sdp tests.
#pragma once

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace irtc::proxy::sdp::test {

inline std::string readFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

inline std::string corpusOffer(std::string_view name) {
  return readFile(std::string(IRTC_SOURCE_DIR) + "/tests/fuzz/corpus/sdp_validator/" + std::string(name));
}

// Chromium 156's audio + oai-events data channel offer: the offer the proxy exists for.
inline std::string chromiumOffer() {
  return corpusOffer("chromium156_audio_datachannel");
}

inline std::string replaced(std::string text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Every line starting with `prefix` (or only the first, or only the last) becomes `line`; an empty
// `line` removes it. The text's line ending is kept.
enum class Which { kAll, kFirst, kLast };
inline std::string withLines(const std::string& text, std::string_view prefix, std::string_view line,
                             Which which = Which::kAll) {
  std::vector<std::string> lines;  // each with its line break
  for (std::size_t at = 0; at < text.size();) {
    const auto end = text.find('\n', at);
    const auto next = end == std::string::npos ? text.size() : end + 1;
    lines.push_back(text.substr(at, next - at));
    at = next;
  }
  std::vector<std::size_t> matching;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (std::string_view(lines[i]).starts_with(prefix)) matching.push_back(i);
  }
  if (which == Which::kFirst && !matching.empty()) matching = {matching.front()};
  if (which == Which::kLast && !matching.empty()) matching = {matching.back()};
  for (const auto i : matching) {
    const bool crlf = std::string_view(lines[i]).ends_with("\r\n");
    lines[i] = line.empty() ? "" : std::string(line) + (crlf ? "\r\n" : "\n");
  }
  std::string result;
  for (const auto& each : lines) result += each;
  return result;
}

}  // namespace irtc::proxy::sdp::test
