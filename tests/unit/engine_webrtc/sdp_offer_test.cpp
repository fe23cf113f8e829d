// Offer checks, alone and through WebRtcPeer::create: a bad offer is refused with a message.
#include "engine/webrtc/sdp_offer.hpp"

#include <gtest/gtest.h>

#include "engine/webrtc/webrtc_peer.hpp"
#include "support/webrtc/fake_browser.hpp"
#include "support/webrtc/test_env.hpp"

namespace irtc::engine {
namespace {

// What Chromium offers, trimmed: audio (Opus pt 111 among others) and a data channel.
const std::string kChromeOffer =
    "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    "a=group:BUNDLE 0 1\r\na=msid-semantic: WMS\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\nc=IN IP4 0.0.0.0\r\n"
    "a=rtcp:9 IN IP4 0.0.0.0\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
    "a=fingerprint:sha-256 "
    "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n"
    "a=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\n"
    "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
    "a=rtpmap:63 red/48000/2\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\n"
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n"
    "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
    "a=fingerprint:sha-256 "
    "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n"
    "a=setup:actpass\r\na=mid:1\r\na=sctp-port:5000\r\n";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string errorOf(const std::string& sdp) {
  auto result = inspectOffer(sdp);
  return std::holds_alternative<std::string>(result) ? std::get<std::string>(result) : "";
}

TEST(SdpOfferTest, FindsOpusAndTheDataChannel) {
  auto result = inspectOffer(kChromeOffer);
  ASSERT_TRUE(std::holds_alternative<OfferSummary>(result)) << std::get<std::string>(result);
  EXPECT_EQ(std::get<OfferSummary>(result).opusPayloadType, 111);
  EXPECT_TRUE(std::get<OfferSummary>(result).hasDataChannel);
  auto firefox = replaced(replaced(kChromeOffer, "111", "109"), "opus/48000/2", "OPUS/48000/2");
  EXPECT_EQ(std::get<OfferSummary>(inspectOffer(firefox)).opusPayloadType, 109);
}

TEST(SdpOfferTest, NamesTheRuleABadOfferBreaks) {
  EXPECT_EQ(errorOf(""), "offer is empty");
  EXPECT_EQ(errorOf("hello, I am not SDP"), "offer does not start with \"v=0\"");
  EXPECT_EQ(errorOf(std::string(kMaxOfferBytes + 1, 'v')), "offer is larger than 131072 bytes");
  EXPECT_EQ(errorOf(replaced(kChromeOffer, "m=audio", "m=video")), "offer has no audio m-line");
  EXPECT_EQ(errorOf(replaced(kChromeOffer, "opus/48000/2", "L16/48000/2")),
            "offer's audio m-line offers no opus/48000 codec");
  EXPECT_EQ(errorOf(replaced(kChromeOffer, "UDP/TLS/RTP/SAVPF", "RTP/AVP")),
            "offer's audio m-line must use UDP/TLS/RTP/SAVPF");
  EXPECT_EQ(errorOf(replaced(kChromeOffer, "a=fingerprint", "a=fingerprunt")), "offer lacks a=fingerprint");
  EXPECT_EQ(errorOf(replaced(kChromeOffer, "a=ice-ufrag", "a=ice-ufrug")), "offer lacks a=ice-ufrag");
  EXPECT_EQ(errorOf(replaced(kChromeOffer, "a=ice-pwd:abcdefghijklmnopqrstuvwx", "a=ice-pwd:")),
            "offer lacks a=ice-pwd");
  auto emptyLater = kChromeOffer;
  emptyLater.replace(emptyLater.rfind("a=ice-pwd:abcdefghijklmnopqrstuvwx"), 34, "a=ice-pwd:");
  EXPECT_EQ(errorOf(emptyLater), "offer has an empty a=ice-pwd");
  EXPECT_EQ(errorOf(replaced(kChromeOffer, "m=audio 9", "m=audio 0")),
            "offer's audio m-line is rejected (port 0)");
  EXPECT_EQ(errorOf(replaced(kChromeOffer, "a=sendrecv", "a=inactive")), "offer's audio m-line is inactive");
  EXPECT_EQ(errorOf(replaced(kChromeOffer, "a=sendrecv\r\n", "")),
            "offer's audio m-line needs exactly one of a=sendrecv/sendonly/recvonly");
  EXPECT_EQ(errorOf(replaced(kChromeOffer, "a=sendrecv\r\n", "a=sendrecv\r\na=recvonly\r\n")),
            "offer's audio m-line needs exactly one of a=sendrecv/sendonly/recvonly");
  auto twoAudio = replaced(kChromeOffer, "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
                           "m=audio 9 UDP/TLS/RTP/SAVPF 111");
  EXPECT_EQ(errorOf(twoAudio), "offer has more than one audio m-line");
  EXPECT_NE(errorOf(std::string("v=0\r\n\0m=audio", 14)), "");
}

TEST(SdpOfferTest, FuzzishInputNeverCrashes) {
  std::string text = kChromeOffer;
  for (size_t cut = 0; cut < text.size(); cut += 7) (void)inspectOffer(text.substr(0, cut));
  for (size_t i = 0; i < text.size(); i += 5) {
    std::string mutated = text;
    mutated[i] = char(mutated[i] ^ 0x5a);
    (void)inspectOffer(mutated);
  }
}

class CreateRefusesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { prewarmWebRtc(); }
  static WebRtcPeer::CreateResult create(const std::string& offer, PeerOptions options = {}) {
    if (options.hostAddresses.empty()) options.hostAddresses = test::kLoopback;
    return WebRtcPeer::create(offer, options, {});
  }
};

TEST_F(CreateRefusesTest, GarbageVideoOnlyAndNoOpus) {
  for (const std::string& offer :
       {std::string("garbage"), std::string("v=0\r\n"), replaced(kChromeOffer, "m=audio", "m=video"),
        replaced(kChromeOffer, "opus/48000/2", "PCMU/8000")}) {
    auto result = create(offer);
    EXPECT_FALSE(result);
    EXPECT_FALSE(result.error.empty());
    EXPECT_TRUE(result.answerSdp.empty());
  }
}

TEST_F(CreateRefusesTest, ARealOfferWithItsOpusRemoved) {
  test::FakeBrowser browser;
  auto offer = replaced(browser.createOffer(), "OPUS/48000", "SPEEX/48000");
  auto result = create(offer);
  EXPECT_FALSE(result);
  EXPECT_EQ(result.error, "offer's audio m-line offers no opus/48000 codec");
}

// Chromium's offer with made-up credentials and no candidates: webrtcbin answers it (the browser's
// candidates could still show up as peer-reflexive ones); nothing checks them before the handshake.
TEST_F(CreateRefusesTest, AnswersAnOfferWithoutCandidates) {
  auto result = create(kChromeOffer);
  ASSERT_TRUE(result) << result.error;
  EXPECT_NE(result.answerSdp.find("a=rtpmap:111 OPUS/48000/2"), std::string::npos) << result.answerSdp;
  EXPECT_NE(result.answerSdp.find("m=application 9 UDP/DTLS/SCTP webrtc-datachannel"), std::string::npos);
  EXPECT_NE(result.answerSdp.find("a=mid:0\r\n"), std::string::npos) << "the answer keeps the offer's mids";
  EXPECT_NE(result.answerSdp.find("a=mid:1\r\n"), std::string::npos);
}

// What webrtcbin itself refuses comes back as the error, e.g. a data channel m-line without DTLS.
TEST_F(CreateRefusesTest, WebrtcbinsOwnRefusal) {
  std::string offer = kChromeOffer;
  offer.erase(offer.rfind("a=fingerprint"),
              offer.find("\r\n", offer.rfind("a=fingerprint")) + 2 - offer.rfind("a=fingerprint"));
  auto result = create(offer);
  EXPECT_FALSE(result);
  EXPECT_EQ(result.error, "applying the offer failed: No fingerprint lines in sdp for media 1");
}

TEST_F(CreateRefusesTest, BadLocalOptions) {
  test::FakeBrowser browser;
  std::string offer = browser.createOffer();
  PeerOptions badAddress;
  badAddress.hostAddresses = {"not-an-address"};
  EXPECT_EQ(create(offer, badAddress).error, "cannot use local address \"not-an-address\"");
  PeerOptions badPorts;
  badPorts.minPort = 50010;
  badPorts.maxPort = 50000;
  EXPECT_EQ(create(offer, badPorts).error, "ICE port range needs 0 < minPort <= maxPort");
}

TEST_F(CreateRefusesTest, AnswersAnOfferThatAlsoHasVideo) {
  test::FakeBrowser browser(/*extraVideo=*/true);
  auto result = create(browser.createOffer());
  ASSERT_TRUE(result) << result.error;
  EXPECT_NE(result.answerSdp.find("OPUS/48000"), std::string::npos);
}

// Every offer that is a real one minus one line, or with one line twice: answered or refused, never a
// crash or a hang (webrtcbin 1.22 aborts the process on some malformed offers: the checks in
// inspectOffer keep those away from it).
TEST_F(CreateRefusesTest, OffersMissingOrRepeatingAnyOneLine) {
  test::FakeBrowser browser;
  const std::string offer = browser.createOffer();
  std::vector<std::string> lines;
  for (size_t at = 0, end; (end = offer.find("\r\n", at)) != std::string::npos; at = end + 2) {
    lines.push_back(offer.substr(at, end + 2 - at));
  }
  int refused = 0;
  for (size_t changed = 0; changed < lines.size(); ++changed) {
    for (int copies : {0, 2}) {
      std::string damaged;
      for (size_t i = 0; i < lines.size(); ++i) {
        for (int c = 0; c < (i == changed ? copies : 1); ++c) damaged += lines[i];
      }
      auto result = create(damaged);
      EXPECT_NE(bool(result), !result.error.empty()) << copies << " times: " << lines[changed];
      refused += result ? 0 : 1;
    }
  }
  EXPECT_GT(refused, 3) << "v=, m=audio, rtpmap, fingerprint, ice-ufrag... are needed";
}

TEST_F(CreateRefusesTest, AnswersOnTheOffersOpusPayloadType) {
  test::FakeBrowser browser(/*extraVideo=*/false, /*opusPt=*/109);
  auto result = create(browser.createOffer());
  ASSERT_TRUE(result) << result.error;
  EXPECT_NE(result.answerSdp.find("m=audio 9 UDP/TLS/RTP/SAVPF 109\r\n"), std::string::npos)
      << result.answerSdp;
  EXPECT_NE(result.answerSdp.find("a=rtpmap:109 OPUS/48000/2\r\n"), std::string::npos) << result.answerSdp;
  EXPECT_NE(result.answerSdp.find("useinbandfec=1"), std::string::npos) << result.answerSdp;
}

TEST_F(CreateRefusesTest, UsesTheConfiguredPortRange) {
  test::FakeBrowser browser;
  PeerOptions options;
  options.minPort = 40100;
  options.maxPort = 40110;
  auto result = create(browser.createOffer(), options);
  ASSERT_TRUE(result) << result.error;
  size_t at = result.answerSdp.find("127.0.0.1 ");
  ASSERT_NE(at, std::string::npos) << result.answerSdp;
  int port = std::stoi(result.answerSdp.substr(at + 10));
  EXPECT_GE(port, 40100);
  EXPECT_LE(port, 40110);
  EXPECT_EQ(result.answerSdp.find(" TCP "), std::string::npos) << "ICE-TCP is off by default";
}

}  // namespace
}  // namespace irtc::engine
