#include "proxy/sdp/text.hpp"

#include <algorithm>
#include <cstdio>

#include "proxy/sdp/limits.hpp"

namespace irtc::proxy::sdp {
namespace {

std::string codePoint(char32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(value));
  std::string text = buffer;
  if (value == 0) text += " (NUL)";
  if (value == '\t') text += " (tab)";
  return text;
}

std::string hexByte(unsigned char byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02X", byte);
  return buffer;
}

bool isControl(char32_t value) {
  return value < 0x20 || (value >= 0x7F && value <= 0x9F);
}

}  // namespace

std::optional<TextFault> findUnprintable(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead == '\r' || lead == '\n') {
      ++i;
      continue;
    }
    // The well-formed UTF-8 table of Unicode 15 (section 3.9, table 3-7): the lead byte fixes the
    // length and the range of the second byte.
    std::size_t length = 1;
    char32_t value = lead;
    unsigned char low = 0x80, high = 0xBF;
    if (lead < 0x80) {
      length = 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      value = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      value = lead & 0x0F;
      if (lead == 0xE0) low = 0xA0;   // overlong
      if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      value = lead & 0x07;
      if (lead == 0xF0) low = 0x90;   // overlong
      if (lead == 0xF4) high = 0x8F;  // beyond U+10FFFF
    } else {
      return TextFault{i, "the byte " + hexByte(lead) + ", which is not UTF-8"};
    }
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k >= text.size()) return TextFault{i, "a UTF-8 character cut off by the end of the offer"};
      const auto next = static_cast<unsigned char>(text[i + k]);
      if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) {
        return TextFault{i, "the byte " + hexByte(lead) + " starting an invalid UTF-8 sequence"};
      }
      value = (value << 6) | (next & 0x3F);
    }
    if (isControl(value)) return TextFault{i, "the control character " + codePoint(value)};
    i += length;
  }
  return std::nullopt;
}

std::size_t countLines(std::string_view text) {
  const auto breaks = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return breaks + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

std::size_t lineOf(std::string_view text, std::size_t offset) {
  const auto before = text.substr(0, std::min(offset, text.size()));
  return 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
}

std::string excerpt(std::string_view value) {
  std::string_view shown = value.substr(0, kMaxQuotedBytes);
  // A cut in the middle of a character shows up as a fault at the character's start.
  if (const auto fault = findUnprintable(shown)) shown = shown.substr(0, fault->offset);
  shown = shown.substr(0, shown.find_first_of("\r\n"));
  std::string text(1, '\'');
  text.append(shown);
  if (shown.size() < value.size()) text += "...";
  text += '\'';
  return text;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace irtc::proxy::sdp
