// The byte-level helpers: which characters an offer may hold, and how messages quote an offer.
#include "proxy/sdp/text.hpp"

#include <gtest/gtest.h>

namespace irtc::proxy::sdp {
namespace {

TEST(TextTest, AcceptsPrintableUtf8CrAndLf) {
  EXPECT_FALSE(findUnprintable(""));
  EXPECT_FALSE(findUnprintable("v=0\r\ns=\xc3\xa9\xe2\x82\xac\xf0\x9f\x8e\xa4 ~\n"));
  EXPECT_FALSE(findUnprintable(
      "\xc2\xa0\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf"));  // U+00A0, U+D7FF, U+E000, U+10FFFF
}

TEST(TextTest, FindsTheFirstUnprintableCharacter) {
  const auto fault = findUnprintable("ab\xc3\xa9\x01\x02");
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->offset, 4u);
  EXPECT_EQ(fault->what, "the control character U+0001");
  EXPECT_EQ(findUnprintable("\xc2\x9f")->what, "the control character U+009F");
  EXPECT_EQ(findUnprintable("\x80")->what, "the byte 0x80, which is not UTF-8");
  EXPECT_EQ(findUnprintable("\xc1\xbf")->what, "the byte 0xC1, which is not UTF-8");
  EXPECT_EQ(findUnprintable("\xf5\x80\x80\x80")->what, "the byte 0xF5, which is not UTF-8");
  EXPECT_EQ(findUnprintable("\xf0\x80\x80\x80")->what, "the byte 0xF0 starting an invalid UTF-8 sequence");
  EXPECT_EQ(findUnprintable("\xe2\x82\x20")->what, "the byte 0xE2 starting an invalid UTF-8 sequence");
  EXPECT_EQ(findUnprintable("x\xf0\x9f\x8e")->what, "a UTF-8 character cut off by the end of the offer");
  EXPECT_EQ(findUnprintable("x\xf0\x9f\x8e")->offset, 1u);
}

TEST(TextTest, CountsLinesAsAReaderDoes) {
  EXPECT_EQ(countLines(""), 0u);
  EXPECT_EQ(countLines("v=0"), 1u);
  EXPECT_EQ(countLines("v=0\r\n"), 1u);
  EXPECT_EQ(countLines("v=0\r\ns=-"), 2u);
  EXPECT_EQ(countLines("\n\n"), 2u);
  EXPECT_EQ(lineOf("v=0\r\ns=-", 0), 1u);
  EXPECT_EQ(lineOf("v=0\r\ns=-", 4), 1u);
  EXPECT_EQ(lineOf("v=0\r\ns=-", 5), 2u);
}

TEST(TextTest, QuotesShortPrintableExcerpts) {
  EXPECT_EQ(excerpt("video"), "'video'");
  EXPECT_EQ(excerpt(""), "''");
  EXPECT_EQ(excerpt(std::string(41, 'a')), "'" + std::string(40, 'a') + "...'");
  // Cut before a character that would straddle the limit, never inside it.
  EXPECT_EQ(excerpt(std::string(39, 'a') + "\xc3\xa9"), "'" + std::string(39, 'a') + "...'");
  EXPECT_EQ(excerpt("ok\x01secret"), "'ok...'");
  EXPECT_EQ(excerpt("ok\xffsecret"), "'ok...'");
  EXPECT_EQ(excerpt("line\r\nnext"), "'line...'");
}

TEST(TextTest, ComparesAsciiIgnoringCase) {
  EXPECT_TRUE(equalsIgnoringCase("OPUS/48000/2", "opus/48000/2"));
  EXPECT_TRUE(equalsIgnoringCase("", ""));
  EXPECT_FALSE(equalsIgnoringCase("opus", "opus/"));
  EXPECT_FALSE(equalsIgnoringCase("\xc3\xa9", "\xc3\x89"));
}

}  // namespace
}  // namespace irtc::proxy::sdp
