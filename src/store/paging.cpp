#include "store/paging.hpp"

#include <array>
#include <charconv>

#include "core/random.hpp"
#include "store/store.hpp"

namespace irtc::store {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64UrlEncode(std::string_view in) {
  std::string out;
  out.reserve((in.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    std::uint32_t n = (static_cast<unsigned char>(in[i]) << 16) |
                      (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  std::size_t rest = in.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<unsigned char>(in[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    if (rest == 2) out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

std::optional<std::string> base64UrlDecode(std::string_view in) {
  if (in.size() % 4 == 1) return std::nullopt;
  std::array<int, 256> value{};
  value.fill(-1);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i)
    value[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v = value[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  // Leftover bits must be zero, so that each byte string has exactly one encoding.
  if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace

std::string encodeCursor(const CursorKey& key) {
  return base64UrlEncode(std::to_string(key.createdAt) + "." + key.id);
}

CursorKey decodeCursor(const std::string& cursor) {
  auto invalid = [] { return InvalidCursor("invalid pagination cursor"); };
  if (cursor.empty() || cursor.size() > 128) throw invalid();
  std::optional<std::string> plain = base64UrlDecode(cursor);
  if (!plain) throw invalid();
  std::size_t dot = plain->find('.');
  if (dot == std::string::npos || dot == 0) throw invalid();
  CursorKey key;
  const char* begin = plain->data();
  const char* end = begin + dot;
  auto [ptr, ec] = std::from_chars(begin, end, key.createdAt);
  if (ec != std::errc() || ptr != end || key.createdAt < 0) throw invalid();
  key.id = plain->substr(dot + 1);
  if (!isUuid(key.id)) throw invalid();
  return key;
}

PageWindow pageWindow(const PageRequest& request) {
  PageWindow window;
  window.limit = std::clamp(request.limit, 1, limits::kMaxPageSize);
  if (request.after) window.after = decodeCursor(*request.after);
  return window;
}

}  // namespace irtc::store
