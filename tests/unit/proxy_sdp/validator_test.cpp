// The offer rules: real browser offers in and out, then one offer breaking each rule, with the rule
// id and the message the browser receives.
#include "proxy/sdp/validator.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "proxy/sdp/limits.hpp"
#include "proxy/sdp/rules.hpp"
#include "unit/proxy_sdp/offers.hpp"

namespace irtc::proxy::sdp {
namespace {

using test::chromiumOffer;
using test::corpusOffer;
using test::replaced;
using test::Which;
using test::withLines;

void expectRefused(const std::string& offer, std::string_view rule, const std::string& message) {
  const auto result = validateOffer(offer);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.rule, rule);
  EXPECT_EQ(result.message, message);
}

TEST(ValidatorTest, AcceptsAudioAndDataChannelOffersOfRealBrowsers) {
  for (const char* name : {"chromium156_audio_datachannel", "chromium156_audio", "firefox58_audio",
                           "safari_audio_datachannel_derived"}) {
    const auto result = validateOffer(corpusOffer(name));
    EXPECT_TRUE(result.ok) << name << ": " << result.rule << ": " << result.message;
    EXPECT_TRUE(result.rule.empty());
    EXPECT_TRUE(result.message.empty());
  }
}

TEST(ValidatorTest, RefusesRealOffersWithVideoOrWithoutAudio) {
  const std::string video =
      "media section 2 has the media type 'video', which is not accepted: an offer holds one audio section "
      "and "
      "at most one data channel";
  expectRefused(corpusOffer("chromium156_audio_video_datachannel"), rule::kMedia, video);
  expectRefused(corpusOffer("firefox121_audio_video"), rule::kMedia, video);
  expectRefused(corpusOffer("safari_audio_video_datachannel"), rule::kMedia, video);
  expectRefused(corpusOffer("firefox63_datachannel"), rule::kAudio,
                "the offer has no audio section (m=audio)");
  expectRefused(corpusOffer("firefox58_datachannel_legacy"), rule::kAudio,
                "the offer has no audio section (m=audio)");
}

TEST(ValidatorTest, AcceptsWhatTheModelRulesAcceptOnceParsed) {
  const auto parsed = parse(chromiumOffer());
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(validateDescription(*parsed.description).ok);
  auto withoutVersion = *parsed.description;
  withoutVersion.fields.front().value = "1";
  EXPECT_EQ(validateDescription(withoutVersion).rule, rule::kVersion);
}

TEST(ValidatorTest, Size) {
  expectRefused(std::string(kMaxOfferBytes + 1, 'v'), rule::kSize,
                "the offer is 32769 bytes; at most 32768 (32 KiB) are accepted");
  // Exactly at the limit is accepted: a real offer padded with an attribute line.
  auto offer = chromiumOffer();
  const std::string head = "a=x-pad:";
  offer += head + std::string(kMaxOfferBytes - offer.size() - head.size() - 2, 'p') + "\r\n";
  ASSERT_EQ(offer.size(), kMaxOfferBytes);
  EXPECT_TRUE(validateOffer(offer).ok);
}

TEST(ValidatorTest, LineCount) {
  auto offer = chromiumOffer();
  while (std::count(offer.begin(), offer.end(), '\n') < 512) offer += "a=x\r\n";
  EXPECT_TRUE(validateOffer(offer).ok);
  expectRefused(offer + "a=x\r\n", rule::kLineCount, "the offer has 513 lines; at most 512 are accepted");
  // A last line without a line break counts too.
  expectRefused(offer + "a=x", rule::kLineCount, "the offer has 513 lines; at most 512 are accepted");
}

struct CharsetCase {
  std::string insert;  // put after "s=" of line 3
  std::string fault;
};

class CharsetTest : public testing::TestWithParam<CharsetCase> {};

TEST_P(CharsetTest, NamesLineByteAndCharacter) {
  const auto offer = replaced(chromiumOffer(), "\r\ns=-", "\r\ns=-" + GetParam().insert);
  const auto offset = offer.find("\r\ns=-") + 5;
  expectRefused(offer, rule::kCharset,
                "line 3 (byte " + std::to_string(offset) + ") holds " + GetParam().fault +
                    "; an offer is printable UTF-8 text");
}

INSTANTIATE_TEST_SUITE_P(
    Bytes, CharsetTest,
    testing::Values(CharsetCase{std::string(1, '\0'), "the control character U+0000 (NUL)"},
                    CharsetCase{"\t", "the control character U+0009 (tab)"},
                    CharsetCase{"\x1b", "the control character U+001B"},
                    CharsetCase{"\x7f", "the control character U+007F"},
                    CharsetCase{"\xc2\x85", "the control character U+0085"},
                    CharsetCase{"\xff", "the byte 0xFF, which is not UTF-8"},
                    CharsetCase{"\xc0\xaf", "the byte 0xC0, which is not UTF-8"},
                    CharsetCase{"\xe0\x80\xaf", "the byte 0xE0 starting an invalid UTF-8 sequence"},
                    CharsetCase{"\xed\xa0\x80", "the byte 0xED starting an invalid UTF-8 sequence"},
                    CharsetCase{"\xf4\x90\x80\x80", "the byte 0xF4 starting an invalid UTF-8 sequence"},
                    CharsetCase{"\xe2\x82x", "the byte 0xE2 starting an invalid UTF-8 sequence"}));

TEST(ValidatorTest, CharsetAcceptsPrintableUtf8AndRefusesACutOffCharacter) {
  EXPECT_TRUE(
      validateOffer(replaced(chromiumOffer(), "\r\ns=-", "\r\ns=Entretien \xc3\xa9t\xc3\xa9 \xe2\x82\xac"))
          .ok);
  const auto offer = chromiumOffer() + "a=x\xe2\x82";
  expectRefused(
      offer, rule::kCharset,
      "line 57 (byte " + std::to_string(offer.size() - 2) +
          ") holds a UTF-8 character cut off by the end of the offer; an offer is printable UTF-8 text");
}

TEST(ValidatorTest, Version) {
  expectRefused("", rule::kVersion, "the offer must start with the line 'v=0'; its first line is empty");
  expectRefused(replaced(chromiumOffer(), "v=0\r\n", "v=1\r\n"), rule::kVersion,
                "the offer's first line is 'v=1'; the only SDP version is 0 ('v=0')");
  expectRefused(
      replaced(chromiumOffer(), "v=0\r\n", ""), rule::kVersion,
      "the offer must start with the line 'v=0', not 'o=- 2515152264802306341 2 IN IP4 127.0.0...'");
  expectRefused("hello", rule::kVersion, "the offer must start with the line 'v=0', not 'hello'");
}

TEST(ValidatorTest, Syntax) {
  expectRefused(replaced(chromiumOffer(), "s=-\r\n", "s=-\r\n\r\n"), rule::kSyntax, "line 4: is empty");
  expectRefused(replaced(chromiumOffer(), "m=application 39079", "m=application 99999"), rule::kSyntax,
                "line 43: the port '99999' is not a number from 0 to 65535");
}

TEST(ValidatorTest, Media) {
  const auto offer = chromiumOffer() + "m=text 9 UDP/TLS/RTP/SAVPF 98\r\n";
  expectRefused(
      offer, rule::kMedia,
      "media section 3 has the media type 'text', which is not accepted: an offer holds one audio section "
      "and at most one data channel");
}

TEST(ValidatorTest, Audio) {
  const auto offer = chromiumOffer();
  const auto audioSection =
      offer.substr(offer.find("m=audio"), offer.find("m=application") - offer.find("m=audio"));
  expectRefused(offer + audioSection, rule::kAudio,
                "the offer has 2 audio sections; exactly one is accepted");
  expectRefused(replaced(offer, "UDP/TLS/RTP/SAVPF", "RTP/AVP"), rule::kAudio,
                "the audio section's transport is 'RTP/AVP'; only UDP/TLS/RTP/SAVPF (DTLS-SRTP) is accepted");
  expectRefused(replaced(offer, "m=audio 33853", "m=audio 0"), rule::kAudio,
                "the audio section is disabled (port 0)");
}

TEST(ValidatorTest, Opus) {
  const auto offer = chromiumOffer();
  expectRefused(replaced(offer, "opus/48000/2", "L16/48000/2"), rule::kOpus,
                "the audio section offers no Opus (a=rtpmap:<payload type> opus/48000/2)");
  expectRefused(replaced(offer, "opus/48000/2", "opus/16000/1"), rule::kOpus,
                "the audio section offers Opus as 'opus/16000/1'; opus/48000/2 is required");
  expectRefused(replaced(offer, "a=rtpmap:111 opus", "a=rtpmap:112 opus"), rule::kOpus,
                "the Opus payload type '112' (a=rtpmap) is not listed on the audio m-line");
  // The codec name is case-insensitive (RFC 4855).
  EXPECT_TRUE(validateOffer(replaced(offer, "opus/48000/2", "OPUS/48000/2")).ok);
}

TEST(ValidatorTest, DataChannel) {
  const auto offer = chromiumOffer();
  const auto channel = offer.substr(offer.find("m=application"));
  expectRefused(offer + channel, rule::kDataChannel,
                "the offer has more than one data channel section (m=application)");
  expectRefused(replaced(offer, "UDP/DTLS/SCTP webrtc-datachannel", "DTLS/SCTP 5000"), rule::kDataChannel,
                "the data channel section has the pre-2019 form 'DTLS/SCTP <port>'; only "
                "'UDP/DTLS/SCTP webrtc-datachannel' is accepted: please update the browser");
  expectRefused(replaced(offer, "UDP/DTLS/SCTP webrtc-datachannel", "TCP/DTLS/SCTP webrtc-datachannel"),
                rule::kDataChannel,
                "the data channel section is 'TCP/DTLS/SCTP webrtc-datachannel'; only 'UDP/DTLS/SCTP "
                "webrtc-datachannel' is accepted");
}

TEST(ValidatorTest, IceUfrag) {
  const auto offer = chromiumOffer();
  expectRefused(withLines(offer, "a=ice-ufrag:", "a=ice-ufrag:abc"), rule::kIceUfrag,
                "the ice-ufrag of the audio section is 3 characters; RFC 8839 requires 4 to 256");
  expectRefused(withLines(offer, "a=ice-ufrag:", "a=ice-ufrag:" + std::string(257, 'u'), Which::kLast),
                rule::kIceUfrag,
                "the ice-ufrag of the data channel section is 257 characters; RFC 8839 requires 4 to 256");
  expectRefused(withLines(offer, "a=ice-ufrag:", "a=ice-ufrag:ab-cd"), rule::kIceUfrag,
                "the ice-ufrag of the audio section has a character other than A-Z, a-z, 0-9, '+' and '/' at "
                "position 3");
  expectRefused(withLines(offer, "a=ice-ufrag:", "a=ice-ufrag"), rule::kIceUfrag,
                "the ice-ufrag of the audio section is 0 characters; RFC 8839 requires 4 to 256");
  expectRefused(withLines(offer, "a=ice-ufrag:", "", Which::kLast), rule::kIceUfrag,
                "the data channel section has no a=ice-ufrag, neither in the section nor at session level");
  expectRefused(withLines(offer, "a=ice-ufrag:", "a=ice-ufrag:Cycm\r\na=ice-ufrag:Cycm", Which::kFirst),
                rule::kIceUfrag, "the audio section has 2 a=ice-ufrag lines; one is allowed");
}

TEST(ValidatorTest, IcePwd) {
  const auto offer = chromiumOffer();
  expectRefused(withLines(offer, "a=ice-pwd:", "a=ice-pwd:" + std::string(21, 'p')), rule::kIcePwd,
                "the ice-pwd of the audio section is 21 characters; RFC 8839 requires 22 to 256");
  expectRefused(
      withLines(offer, "a=ice-pwd:", "a=ice-pwd:" + std::string(21, 'p') + "=", Which::kLast), rule::kIcePwd,
      "the ice-pwd of the data channel section has a character other than A-Z, a-z, 0-9, '+' and '/' at "
      "position 22");
  expectRefused(withLines(offer, "a=ice-pwd:", ""), rule::kIcePwd,
                "the audio section has no a=ice-pwd, neither in the section nor at session level");
}

TEST(ValidatorTest, IceCredentialsMayBeAtSessionLevel) {
  auto offer = withLines(withLines(chromiumOffer(), "a=ice-ufrag:", ""), "a=ice-pwd:", "");
  offer = replaced(offer, "a=group:BUNDLE 0 1\r\n",
                   "a=group:BUNDLE 0 1\r\na=ice-ufrag:Cycm\r\na=ice-pwd:dF05FkFdIvn0pafZlWvIrmPA\r\n");
  EXPECT_TRUE(validateOffer(offer).ok);
  expectRefused(replaced(offer, "a=ice-pwd:dF05FkFdIvn0pafZlWvIrmPA", "a=ice-pwd:short"), rule::kIcePwd,
                "the ice-pwd of the session level is 5 characters; RFC 8839 requires 22 to 256");
}

TEST(ValidatorTest, Fingerprint) {
  const auto offer = chromiumOffer();
  const std::string good =
      "C6:0A:6C:2D:42:17:F7:E9:50:8F:CE:0A:8D:11:EF:66:F8:A6:D0:3B:88:10:2F:A2:E5:94:C9:2C:14:41:42:E6";
  const std::string malformed =
      "the sha-256 fingerprint of the audio section is malformed: it is 32 hex pairs "
      "separated by colons";
  expectRefused(replaced(offer, ":42:E6\r\n", ":42\r\n"), rule::kFingerprint, malformed);
  expectRefused(replaced(offer, good, replaced(good, ":", "-")), rule::kFingerprint, malformed);
  expectRefused(replaced(offer, good, replaced(good, "C6", "G6")), rule::kFingerprint, malformed);
  expectRefused(withLines(offer, "a=fingerprint:", "a=fingerprint:sha-256"), rule::kFingerprint, malformed);
  expectRefused(withLines(offer, "a=fingerprint:",
                          "a=fingerprint:sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB"),
                rule::kFingerprint,
                "the audio section has no sha-256 fingerprint (a=fingerprint:sha-256 ...)");
  expectRefused(
      withLines(offer, "a=fingerprint:", "", Which::kLast), rule::kFingerprint,
      "the data channel section has no sha-256 fingerprint (a=fingerprint:sha-256 ...), neither in the "
      "section nor at session level");
  // Lower-case hex, an upper-case hash name and a second hash function are all fine.
  EXPECT_TRUE(validateOffer(replaced(replaced(offer, "sha-256 C6:0A", "SHA-256 c6:0a"), "a=setup:actpass",
                                     "a=fingerprint:sha-1 4A:AD:B9:B1\r\na=setup:actpass"))
                  .ok);
}

TEST(ValidatorTest, FingerprintAtSessionLevelLikeFirefox) {
  const auto firefox = corpusOffer("firefox58_audio");
  EXPECT_TRUE(validateOffer(firefox).ok);
  expectRefused(
      withLines(firefox, "a=fingerprint:", ""), rule::kFingerprint,
      "the audio section has no sha-256 fingerprint (a=fingerprint:sha-256 ...), neither in the section "
      "nor at session level");
  expectRefused(
      replaced(firefox, ":D4:17\r\n", ":D4\r\n"), rule::kFingerprint,
      "the sha-256 fingerprint of the session level is malformed: it is 32 hex pairs separated by colons");
}

TEST(ValidatorTest, Setup) {
  const auto offer = chromiumOffer();
  expectRefused(withLines(offer, "a=setup:", "a=setup:passive"), rule::kSetup,
                "the audio section has the DTLS role 'passive' (a=setup); an offer uses actpass or active");
  expectRefused(
      withLines(offer, "a=setup:", "a=setup:holdconn", Which::kLast), rule::kSetup,
      "the data channel section has the DTLS role 'holdconn' (a=setup); an offer uses actpass or active");
  expectRefused(withLines(offer, "a=setup:", ""), rule::kSetup,
                "the audio section has no a=setup, neither in the section nor at session level");
  EXPECT_TRUE(validateOffer(withLines(offer, "a=setup:", "a=setup:active")).ok);
}

}  // namespace
}  // namespace irtc::proxy::sdp
