// Small text measures shared by the parts that reason about what was said.
#pragma once

#include <string_view>

namespace irtc {

// Whitespace-separated words with at least one letter or digit (any non-ASCII byte counts as a
// letter of another script): "it's twenty-one" is 2 words, a lone "-" or "..." is none, and
// "um, uh…" still counts, which suits both "is this answer short?" and words per minute.
int countWords(std::string_view text);

}  // namespace irtc
