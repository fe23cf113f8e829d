#include "store/paging.hpp"

#include <gtest/gtest.h>

#include "core/random.hpp"
#include "store/store.hpp"

namespace irtc::store {
namespace {

constexpr std::string_view kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

TEST(CursorTest, RoundTrips) {
  initRandom();
  CursorKey key{1'767'225'600'123, newUuid()};
  std::string cursor = encodeCursor(key);
  EXPECT_EQ(cursor.find_first_not_of(kBase64Url), std::string::npos);
  CursorKey decoded = decodeCursor(cursor);
  EXPECT_EQ(decoded.createdAt, key.createdAt);
  EXPECT_EQ(decoded.id, key.id);
}

TEST(CursorTest, RejectsWhatItDidNotHandOut) {
  initRandom();
  std::string valid = encodeCursor({42, newUuid()});
  for (const std::string& bad : {
           std::string(""),
           std::string("not a cursor"),
           std::string("%%%%"),
           valid + "=",
           valid.substr(1),
           std::string(200, 'A'),
           encodeCursor({42, "not-a-uuid"}),
           encodeCursor({-1, newUuid()}),
       }) {
    EXPECT_THROW(decodeCursor(bad), InvalidCursor) << bad;
  }
}

TEST(CursorTest, RejectsNonCanonicalBase64) {
  initRandom();
  // 38 bytes encode to 51 characters whose last one carries 2 unused bits; setting one of them
  // gives the same bytes if unused bits were ignored, but it is not a cursor we handed out.
  std::string valid = encodeCursor({7, newUuid()});
  ASSERT_EQ(valid.size(), 51u);
  std::string tweaked = valid;
  tweaked.back() = kBase64Url[kBase64Url.find(valid.back()) ^ 1];
  EXPECT_THROW(decodeCursor(tweaked), InvalidCursor);
}

TEST(PageWindowTest, ClampsLimit) {
  EXPECT_EQ(pageWindow({0, std::nullopt}).limit, 1);
  EXPECT_EQ(pageWindow({-5, std::nullopt}).limit, 1);
  EXPECT_EQ(pageWindow({50, std::nullopt}).limit, 50);
  EXPECT_EQ(pageWindow({100'000, std::nullopt}).limit, 200);
}

TEST(PageWindowTest, MalformedAfterThrows) {
  EXPECT_THROW(pageWindow({10, std::string("garbage!")}), InvalidCursor);
}

}  // namespace
}  // namespace irtc::store
