// multipart/form-data as POST /v1/realtime/calls receives it, and every way it can be wrong.
#include "engine/realtime/multipart.hpp"

#include <gtest/gtest.h>

#include <random>

namespace irtc::engine::realtime {
namespace {

const std::string kSdp = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
const std::string kSession = R"({"type":"realtime","instructions":"Hi"})";
const std::string kType = "multipart/form-data; boundary=----WebKitFormBoundaryABC123";

// What fetch(FormData) sends: CRLF everywhere, the sdp part without a Content-Type when appended
// as a string.
std::string browserBody(const std::string& nl = "\r\n") {
  return "------WebKitFormBoundaryABC123" + nl + "Content-Disposition: form-data; name=\"sdp\"" + nl + nl +
         kSdp + nl + "------WebKitFormBoundaryABC123" + nl +
         "Content-Disposition: form-data; name=\"session\"" + nl + "Content-Type: application/json" + nl +
         nl + kSession + nl + "------WebKitFormBoundaryABC123--" + nl;
}

MultipartResult parse(const std::string& body, const std::string& type = kType, MultipartLimits limits = {}) {
  return parseMultipart(type, body, limits);
}

void expectError(const MultipartResult& r, const std::string& fragment) {
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.parts.empty() || !r.ok());
  EXPECT_NE(r.error.find(fragment), std::string::npos) << r.error;
}

TEST(Multipart, BrowserFormData) {
  auto r = parse(browserBody());
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.parts.size(), 2u);
  EXPECT_EQ(r.parts[0].name, "sdp");
  EXPECT_EQ(r.parts[0].body, kSdp);  // the SDP's own CRLFs survive; the delimiter's do not
  EXPECT_FALSE(r.parts[0].contentType);
  EXPECT_EQ(r.parts[1].name, "session");
  EXPECT_EQ(r.parts[1].contentType, "application/json");
  EXPECT_EQ(r.parts[1].body, kSession);
  ASSERT_NE(findPart(r.parts, "session"), nullptr);
  EXPECT_EQ(findPart(r.parts, "session")->body, kSession);
  EXPECT_EQ(findPart(r.parts, "missing"), nullptr);
}

TEST(Multipart, BareLfLineBreaks) {
  auto r = parse(browserBody("\n"));
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.parts.size(), 2u);
  EXPECT_EQ(r.parts[1].body, kSession);
}

TEST(Multipart, PartsWithContentTypeAndFilename) {
  std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"sdp\"; filename=\"offer.sdp\"\r\n"
      "Content-Type: application/sdp\r\n\r\n" +
      kSdp + "\r\n--b--";
  auto r = parse(body, "multipart/form-data; boundary=b");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.parts[0].filename, "offer.sdp");
  EXPECT_EQ(r.parts[0].contentType, "application/sdp");
  EXPECT_EQ(r.parts[0].body, kSdp);
}

TEST(Multipart, ContentTypeVariants) {
  std::string body = "--a b\r\ncontent-disposition: FORM-DATA; NAME=sdp\r\n\r\nx\r\n--a b--\r\n";
  auto r = parse(body, "Multipart/Form-Data ;  Boundary=\"a b\"; charset=utf-8");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.parts[0].name, "sdp");
  EXPECT_EQ(r.parts[0].body, "x");
}

TEST(Multipart, PreambleEpiloguePaddingAndEmptyParts) {
  std::string body =
      "ignored preamble\r\n--b  \r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n"
      "\r\n--b\r\nContent-Disposition: form-data; name=\"sloppy\"\r\n\r\n--b\r\n"
      "Content-Disposition: form-data; name=\"last\"\r\n\r\n--b-x\r\n--b--x\r\n--b--\r\nepilogue";
  auto r = parse(body, "multipart/form-data; boundary=b");
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.parts.size(), 3u);
  EXPECT_EQ(r.parts[0].body, "");
  EXPECT_EQ(r.parts[1].body, "");
  EXPECT_EQ(r.parts[2].body, "--b-x\r\n--b--x");  // the boundary not alone on its line is content
}

TEST(Multipart, FoldedHeaderAndEscapedQuotes) {
  std::string body = "--b\r\nContent-Disposition: form-data;\r\n name=\"a\\\"b\"\r\n\r\nv\r\n--b--";
  auto r = parse(body, "multipart/form-data; boundary=b");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.parts[0].name, "a\"b");
}

TEST(Multipart, BoundaryErrors) {
  std::string e;
  EXPECT_FALSE(multipartBoundary("application/sdp", &e));
  EXPECT_NE(e.find("not multipart/form-data"), std::string::npos);
  EXPECT_FALSE(multipartBoundary("multipart/form-data", &e));
  EXPECT_NE(e.find("no boundary"), std::string::npos);
  EXPECT_FALSE(multipartBoundary("multipart/form-data; boundary=", &e));
  EXPECT_FALSE(multipartBoundary("multipart/form-data; boundary=\"unterminated", &e));
  EXPECT_NE(e.find("malformed"), std::string::npos);
  EXPECT_FALSE(multipartBoundary("multipart/form-data; boundary=" + std::string(71, 'a'), &e));
  EXPECT_FALSE(multipartBoundary("multipart/form-data; boundary=\"ends with space \"", &e));
  EXPECT_FALSE(multipartBoundary("multipart/form-data; boundary=a\x01z", &e));
  EXPECT_FALSE(multipartBoundary("multipart/form-data; boundary=\"x\"garbage", &e));
  EXPECT_EQ(multipartBoundary("multipart/form-data; boundary=" + std::string(70, 'a'), &e),
            std::string(70, 'a'));
  expectError(parse(browserBody(), "multipart/mixed; boundary=x"), "not multipart/form-data");
  expectError(parse(browserBody(), ""), "not multipart/form-data");
}

TEST(Multipart, StructureErrors) {
  const std::string t = "multipart/form-data; boundary=b";
  expectError(parse("", t), "no boundary delimiter");
  expectError(parse("just text", t), "no boundary delimiter");
  expectError(parse("--b--\r\n", t), "no parts");
  expectError(parse("--bb\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--bb--", t),
              "no boundary delimiter");
  expectError(parse("--b\r\n\r\nbody\r\n--b--", t), "no Content-Disposition");
  expectError(parse("--b\r\nContent-Type: text/plain\r\n\r\nbody\r\n--b--", t), "no Content-Disposition");
  expectError(parse("--b\r\nContent-Disposition: attachment; name=x\r\n\r\nv\r\n--b--", t), "not form-data");
  expectError(parse("--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--", t), "no name");
  expectError(parse("--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n--b--", t), "no name");
  expectError(parse("--b\r\nContent-Disposition: form-data; name=\"x\r\n\r\nv\r\n--b--", t), "malformed");
  expectError(parse("--b\r\nno colon here\r\n\r\nv\r\n--b--", t), "malformed header");
  expectError(parse("--b\r\n folded first\r\n\r\nv\r\n--b--", t), "folded");
  expectError(
      parse("--b\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b\r\n"
            "\r\nv\r\n--b--",
            t),
      "more than one");
  expectError(parse("--b\r\nContent-Disposition: form-data; name=a", t), "truncated");
}

TEST(Multipart, Truncated) {
  std::string full = browserBody();
  for (std::size_t cut : {full.size() - 4, full.size() - 10, full.size() / 2, std::size_t{45}}) {
    auto r = parse(full.substr(0, cut));
    EXPECT_FALSE(r.ok()) << cut;
    EXPECT_FALSE(r.error.empty());
  }
  auto r = parse("--b\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--b",
                 "multipart/form-data; boundary=b");
  expectError(r, "truncated");
  // A closing delimiter without a final line break is complete.
  EXPECT_TRUE(parse(full.substr(0, full.size() - 2)).ok());
}

TEST(Multipart, Limits) {
  MultipartLimits small;
  small.maxBytes = 100;
  expectError(parse(browserBody(), kType, small), "larger than 100 bytes");

  std::string many;
  for (int i = 0; i < 9; ++i)
    many += "--b\r\nContent-Disposition: form-data; name=p" + std::to_string(i) + "\r\n\r\nv\r\n";
  many += "--b--";
  expectError(parse(many, "multipart/form-data; boundary=b"), "more than 8 parts");
  MultipartLimits nine;
  nine.maxParts = 9;
  EXPECT_TRUE(parse(many, "multipart/form-data; boundary=b", nine).ok());

  std::string bigHeader =
      "--b\r\nContent-Disposition: form-data; name=a\r\nX-Pad: " + std::string(5000, 'x') +
      "\r\n\r\nv\r\n--b--";
  expectError(parse(bigHeader, "multipart/form-data; boundary=b"), "headers exceed");
}

TEST(Multipart, RandomGarbageNeverCrashes) {
  std::mt19937 rng(7);
  const std::string alphabet = "-b\r\n:;=\" aContent-Disposition form-data name";
  for (int i = 0; i < 20000; ++i) {
    std::string body;
    int n = static_cast<int>(rng() % 200);
    for (int j = 0; j < n; ++j) body += alphabet[rng() % alphabet.size()];
    auto r = parse(body, "multipart/form-data; boundary=b");
    if (r.ok()) {
      EXPECT_FALSE(r.parts.empty());
    } else {
      EXPECT_FALSE(r.error.empty());
    }
  }
}

}  // namespace
}  // namespace irtc::engine::realtime
