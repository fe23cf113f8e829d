// The SDP model: what parse keeps of real offers, the byte-exact round trip through serialize, and
// a precise reason for every kind of line RFC 8866 does not allow.
#include "proxy/sdp/session_description.hpp"

#include <gtest/gtest.h>

#include "unit/proxy_sdp/offers.hpp"

namespace irtc::proxy::sdp {
namespace {

using test::corpusOffer;

const char* const kRealOffers[] = {
    "chromium156_audio_datachannel",
    "chromium156_audio",
    "chromium156_audio_video_datachannel",
    "firefox58_audio",
    "firefox58_datachannel_legacy",
    "firefox63_datachannel",
    "firefox121_audio_video",
    "safari_audio_video_datachannel",
    "safari_audio_datachannel_derived",
};

TEST(SessionDescriptionTest, KeepsChromiumsOfferLineByLine) {
  const auto parsed = parse(test::chromiumOffer());
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  const auto& sdp = *parsed.description;
  EXPECT_EQ(sdp.lineEnding, LineEnding::kCrlf);
  ASSERT_EQ(sdp.fields.size(), 4u);
  EXPECT_EQ(sdp.fields[0], (Field{'v', "0"}));
  EXPECT_EQ(sdp.fields[1], (Field{'o', "- 2515152264802306341 2 IN IP4 127.0.0.1"}));
  EXPECT_EQ(sdp.fields[3], (Field{'t', "0 0"}));
  ASSERT_EQ(sdp.attributes.size(), 3u);
  EXPECT_EQ(sdp.attributes[0], (Attribute{"group", "BUNDLE 0 1"}));
  EXPECT_EQ(sdp.attributes[1], (Attribute{"extmap-allow-mixed", std::nullopt}));
  EXPECT_EQ(sdp.attributes[2].value, " WMS a721ad19-eca8-4abb-ab2c-9d9f0b743f3d");

  ASSERT_EQ(sdp.media.size(), 2u);
  const auto& audio = sdp.media[0];
  EXPECT_EQ(audio.media, "audio");
  EXPECT_EQ(audio.port, 33853);
  EXPECT_FALSE(audio.portCount);
  EXPECT_EQ(audio.proto, "UDP/TLS/RTP/SAVPF");
  EXPECT_EQ(audio.formats, (std::vector<std::string>{"111", "63", "9", "0", "8", "13", "110", "126"}));
  EXPECT_EQ(audio.fields, (std::vector<Field>{{'c', "IN IP4 192.0.2.2"}}));
  EXPECT_EQ(audio.attributes.front(), (Attribute{"rtcp", "9 IN IP4 0.0.0.0"}));
  EXPECT_EQ(audio.attributes[5], (Attribute{"ice-ufrag", "Cycm"}));
  const auto& channel = sdp.media[1];
  EXPECT_EQ(channel.media, "application");
  EXPECT_EQ(channel.proto, "UDP/DTLS/SCTP");
  EXPECT_EQ(channel.formats, (std::vector<std::string>{"webrtc-datachannel"}));
  EXPECT_EQ(channel.attributes.back(), (Attribute{"max-message-size", "262144"}));
}

TEST(SessionDescriptionTest, KeepsTheLineEnding) {
  const auto parsed = parse(corpusOffer("firefox121_audio_video"));
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(parsed.description->lineEnding, LineEnding::kLf);
  EXPECT_EQ(parsed.description->media.size(), 2u);
}

TEST(SessionDescriptionTest, RealOffersSurviveParseSerializeParse) {
  for (const char* name : kRealOffers) {
    SCOPED_TRACE(name);
    const auto text = corpusOffer(name);
    ASSERT_FALSE(text.empty());
    const auto parsed = parse(text);
    ASSERT_TRUE(parsed.ok()) << parsed.error;
    const auto serialized = serialize(*parsed.description);
    EXPECT_EQ(serialized, text);
    const auto again = parse(serialized);
    ASSERT_TRUE(again.ok()) << again.error;
    EXPECT_EQ(*again.description, *parsed.description);
  }
}

TEST(SessionDescriptionTest, SerializesABuiltDescription) {
  SessionDescription sdp;
  sdp.lineEnding = LineEnding::kLf;
  sdp.fields = {{'v', "0"}, {'o', "- 1 1 IN IP4 0.0.0.0"}, {'s', "-"}, {'t', "0 0"}};
  MediaDescription audio;
  audio.media = "audio";
  audio.port = 49170;
  audio.portCount = 2;
  audio.proto = "RTP/AVP";
  audio.formats = {"0", "8"};
  audio.fields = {{'c', "IN IP4 203.0.113.1"}};
  audio.attributes = {{"rtcp-mux", std::nullopt}, {"rtpmap", "0 PCMU/8000"}};
  sdp.media.push_back(audio);
  const std::string text =
      "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\nm=audio 49170/2 RTP/AVP 0 8\nc=IN IP4 203.0.113.1\n"
      "a=rtcp-mux\na=rtpmap:0 PCMU/8000\n";
  EXPECT_EQ(serialize(sdp), text);
  const auto parsed = parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(*parsed.description, sdp);
}

struct BadText {
  std::string text;
  std::string error;
};

const std::string kHead = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";

class SyntaxTest : public testing::TestWithParam<BadText> {};

TEST_P(SyntaxTest, NamesTheLineAndWhatIsWrong) {
  const auto parsed = parse(GetParam().text);
  EXPECT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error, GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Lines, SyntaxTest,
    testing::Values(
        BadText{"", "the description is empty"},
        BadText{"v=0\r\no=- 1 1 IN IP4 0.0.0.0", "line 2: does not end with a line break (CRLF or LF)"},
        BadText{"v=0\r\ns=-\n",
                "line 2: ends with LF but line 1 with CRLF; one line ending is used throughout"},
        BadText{"v=0\ns=-\r\n",
                "line 2: ends with CRLF but line 1 with LF; one line ending is used throughout"},
        BadText{"v=0\r\ns=a\rb\r\n", "line 2: holds a CR that does not end the line"},
        BadText{"v=0\r\n\r\ns=-\r\n", "line 2: is empty"}, BadText{kHead + "\r\n", "line 5: is empty"},
        BadText{"v=0\r\nhello\r\n", "line 2: is not '<type>=<value>' with a lower-case type letter: 'hello'"},
        BadText{"v=0\r\nS=-\r\n", "line 2: is not '<type>=<value>' with a lower-case type letter: 'S=-'"},
        BadText{"v=0\r\ns:-\r\n", "line 2: is not '<type>=<value>' with a lower-case type letter: 's:-'"},
        BadText{"v=0\r\ns=\r\n", "line 2: 's=' has an empty value"},
        BadText{"o=- 1 1 IN IP4 0.0.0.0\r\n", "line 1: the first line must be 'v=', not 'o='"},
        BadText{"v=0\r\nx=1\r\n", "line 2: the line type 'x=' is unknown"},
        BadText{"v=0\r\ns=-\r\no=- 1 1 IN IP4 0.0.0.0\r\n",
                "line 3: 'o=' cannot follow 's=' (RFC 8866 order)"},
        BadText{"v=0\r\no=a\r\no=b\r\n", "line 3: a second 'o=' line at the same level"},
        BadText{"v=0\r\no=a\r\ns=-\r\nb=AS:1\r\nr=7d 1h 0 25h\r\n", "line 5: 'r=' must follow 't=' or 'r='"},
        BadText{kHead + "a=x\r\nt=0 0\r\n", "line 6: 't=' cannot follow 'a=' (RFC 8866 order)"},
        BadText{"v=0\r\no=a\r\ns=-\r\n", "the session has no 't=' line"},
        BadText{"v=0\r\no=a\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n", "line 4: the session has no 's=' line"},
        BadText{kHead + "m=audio 9 RTP/AVP 0\r\no=x\r\n", "line 6: 'o=' is not allowed in a media section"},
        BadText{kHead + "m=audio 9 RTP/AVP 0\r\na=x\r\nc=IN IP4 0.0.0.0\r\n",
                "line 7: 'c=' cannot follow 'a=' (RFC 8866 order)"},
        BadText{kHead + "m=audio 9 RTP/AVP 0\r\ni=x\r\ni=y\r\n",
                "line 7: a second 'i=' line at the same level"},
        BadText{kHead + "m=audio 9 RTP/AVP\r\n",
                "line 5: an m-line is '<media> <port> <proto> <format> ...', separated by single spaces"},
        BadText{kHead + "m=audio  9 RTP/AVP 0\r\n",
                "line 5: an m-line is '<media> <port> <proto> <format> ...', separated by single spaces"},
        BadText{kHead + "m=audio 9 RTP/AVP 0 \r\n",
                "line 5: an m-line is '<media> <port> <proto> <format> ...', separated by single spaces"},
        BadText{kHead + "m=au(dio 9 RTP/AVP 0\r\n", "line 5: the media type 'au(dio' is not a token"},
        BadText{kHead + "m=audio 65536 RTP/AVP 0\r\n",
                "line 5: the port '65536' is not a number from 0 to 65535"},
        BadText{kHead + "m=audio 09 RTP/AVP 0\r\n", "line 5: the port '09' is not a number from 0 to 65535"},
        BadText{kHead + "m=audio -1 RTP/AVP 0\r\n", "line 5: the port '-1' is not a number from 0 to 65535"},
        BadText{kHead + "m=audio 9/ RTP/AVP 0\r\n",
                "line 5: the port count in '9/' is not a number from 0 to 65535"},
        BadText{kHead + "m=audio 9 RTP//AVP 0\r\n",
                "line 5: the transport 'RTP//AVP' is not '<token>/<token>...'"},
        BadText{kHead + "m=audio 9 RTP/AVP 0,8\r\n", "line 5: the format '0,8' is not a token"},
        BadText{kHead + "a=fo o:1\r\n", "line 5: the attribute name 'fo o' is not a token"},
        BadText{kHead + "a=:1\r\n", "line 5: the attribute name '' is not a token"},
        BadText{kHead + "a=foo:\r\n", "line 5: the attribute 'a=foo:' has an empty value"}));

TEST(SessionDescriptionTest, QuotesAtMostFortyBytesOfALine) {
  const auto parsed = parse("v=0\r\n" + std::string(100, 'Z') + "\r\n");
  EXPECT_EQ(parsed.error, "line 2: is not '<type>=<value>' with a lower-case type letter: '" +
                              std::string(40, 'Z') + "...'");
}

TEST(SessionDescriptionTest, AcceptsTheOptionalLinesInRfc8866Order) {
  const std::string text =
      "v=0\r\no=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\ns=Call to John Smith\r\n"
      "i=SDP Offer #1\r\nu=http://www.jdoe.example.com/home.html\r\ne=Jane Doe <jane@jdoe.example.com>\r\n"
      "p=+1 617 555-6011\r\nc=IN IP4 198.51.100.1\r\nb=AS:64\r\nt=0 0\r\nr=7d 1h 0 25h\r\nt=0 0\r\n"
      "z=2882844526 -1h\r\nk=prompt\r\na=recvonly\r\nm=audio 49170 RTP/AVP 0\r\ni=voice\r\n"
      "c=IN IP4 198.51.100.1\r\nc=IN IP4 198.51.100.2\r\nb=AS:32\r\nk=prompt\r\na=rtpmap:0 PCMU/8000\r\n";
  const auto parsed = parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(parsed.description->fields.size(), 14u);
  EXPECT_EQ(parsed.description->media[0].fields.size(), 5u);
  EXPECT_EQ(serialize(*parsed.description), text);
}

}  // namespace
}  // namespace irtc::proxy::sdp
