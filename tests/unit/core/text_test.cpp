#include "core/text.hpp"

#include <gtest/gtest.h>

namespace irtc {
namespace {

TEST(CountWords, CountsWhitespaceSeparatedWordsWithALetterOrDigit) {
  EXPECT_EQ(countWords(""), 0);
  EXPECT_EQ(countWords("  one   two\tthree\n"), 3);
  EXPECT_EQ(countWords("- , ..."), 0);
  EXPECT_EQ(countWords("it's twenty-one"), 2);
  EXPECT_EQ(countWords("日本 語"), 2);
  EXPECT_EQ(countWords("um, uh… 42"), 3);
}

}  // namespace
}  // namespace irtc
