#include "core/text.hpp"

#include <cctype>

namespace irtc {

int countWords(std::string_view text) {
  int words = 0;
  bool inWord = false, wordHasContent = false;
  for (unsigned char c : text) {
    if (std::isspace(c)) {
      if (inWord && wordHasContent) ++words;
      inWord = wordHasContent = false;
      continue;
    }
    inWord = true;
    if (std::isalnum(c) || c >= 0x80) wordHasContent = true;  // non-ASCII: letters of other scripts
  }
  if (inWord && wordHasContent) ++words;
  return words;
}

}  // namespace irtc
