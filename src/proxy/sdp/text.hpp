// Byte-level helpers for the offer rules: which bytes an offer may hold, and how a message quotes
// part of an offer without carrying anything unprintable back to the browser.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace irtc::proxy::sdp {

struct TextFault {
  std::size_t offset = 0;  // of the first byte of the offending character
  std::string what;        // e.g. "the control character U+0000 (NUL)"
};

// The first character that is not printable UTF-8, CR or LF: C0 and C1 control characters, DEL,
// and byte sequences that are not UTF-8 (overlong forms, surrogates, beyond U+10FFFF, cut off).
std::optional<TextFault> findUnprintable(std::string_view text);

// Lines as a reader counts them: a last line without a line break counts too.
std::size_t countLines(std::string_view text);

// 1-based number of the line holding `offset`.
std::size_t lineOf(std::string_view text, std::size_t offset);

// `value` in single quotes for a message, cut to kMaxQuotedBytes on a character boundary and before anything
// findUnprintable refuses, with "..." when cut.
std::string excerpt(std::string_view value);

// ASCII case-insensitive equality, for the tokens RFC 8866 and its extensions compare that way.
bool equalsIgnoringCase(std::string_view a, std::string_view b);

}  // namespace irtc::proxy::sdp
