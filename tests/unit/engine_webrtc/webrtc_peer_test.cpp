// A whole call over loopback: a second webrtcbin plays the browser, WebRtcPeer answers.
#include "engine/webrtc/webrtc_peer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <mutex>

#include "support/webrtc/fake_browser.hpp"
#include "support/webrtc/test_env.hpp"

namespace irtc::engine {
namespace {

using namespace std::chrono_literals;
using test::FakeBrowser;
using test::waitUntil;

// A tone at `rate`, `ms` long.
std::vector<int16_t> tone(int rate, int ms, double hz = 330) {
  std::vector<int16_t> samples(size_t(rate) * size_t(ms) / 1000);
  for (size_t i = 0; i < samples.size(); ++i)
    samples[i] = int16_t(8000 * std::sin(2 * M_PI * hz * double(i) / rate));
  return samples;
}

class WebRtcPeerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { prewarmWebRtc(); }

  void SetUp() override {
    browser_ = std::make_unique<FakeBrowser>();
    WebRtcPeer::Callbacks callbacks;
    callbacks.onAudio = [this](const int16_t* samples, size_t count) {
      std::lock_guard lock(mutex_);
      audioSamples_ += count;
      for (size_t i = 0; i < count; ++i) energy_ += double(samples[i]) * samples[i];
    };
    callbacks.onDataChannelOpen = [this] { channelOpen_ = true; };
    callbacks.onDataChannelMessage = [this](std::string_view text) {
      std::lock_guard lock(mutex_);
      messages_.emplace_back(text);
    };
    callbacks.onState = [this](PeerState state, std::string_view) {
      std::lock_guard lock(mutex_);
      states_.push_back(state);
    };
    PeerOptions options;
    options.hostAddresses = test::kLoopback;
    options.noRtpTimeout = 5s;  // the browser-close test relies on it if no SCTP error shows up
    auto result = WebRtcPeer::create(browser_->createOffer(), options, std::move(callbacks));
    ASSERT_TRUE(result) << result.error;
    peer_ = std::move(result.peer);
    browser_->applyAnswer(result.answerSdp);
    ASSERT_TRUE(waitUntil([&] { return hasState(PeerState::Connected); }, 20s));
  }

  void TearDown() override {
    peer_.reset();  // waits for the teardown
    browser_.reset();
  }

  bool hasState(PeerState state) {
    std::lock_guard lock(mutex_);
    return std::find(states_.begin(), states_.end(), state) != states_.end();
  }

  std::unique_ptr<FakeBrowser> browser_;
  std::unique_ptr<WebRtcPeer> peer_;
  std::mutex mutex_;
  std::atomic<bool> channelOpen_{false};
  std::vector<std::string> messages_;
  std::vector<PeerState> states_;
  size_t audioSamples_ = 0;
  double energy_ = 0;
};

TEST_F(WebRtcPeerTest, DataChannelRoundTripsBothWays) {
  ASSERT_TRUE(waitUntil([&] { return channelOpen_.load() && browser_->channelOpen(); }, 20s));
  EXPECT_TRUE(peer_->sendData(R"({"type":"session.created","event_id":"event_1"})"));
  ASSERT_TRUE(browser_->send(R"({"type":"session.update","event_id":"evt_1"})"));
  ASSERT_TRUE(waitUntil([&] { return !browser_->messages().empty(); }, 10s));
  EXPECT_EQ(browser_->messages().front(), R"({"type":"session.created","event_id":"event_1"})");
  ASSERT_TRUE(waitUntil(
      [&] {
        std::lock_guard l(mutex_);
        return !messages_.empty();
      },
      10s));
  std::lock_guard lock(mutex_);
  EXPECT_EQ(messages_.front(), R"({"type":"session.update","event_id":"evt_1"})");
}

TEST_F(WebRtcPeerTest, ReceivesTheCandidatesAudioAt16kHz) {
  ASSERT_TRUE(waitUntil(
      [&] {
        std::lock_guard l(mutex_);
        return audioSamples_ >= 16000 + 8000;
      },
      20s));
  std::lock_guard lock(mutex_);
  double rms = std::sqrt(energy_ / double(audioSamples_));
  EXPECT_GT(rms, 1000) << "a 0.3-volume sine has an RMS near 7000";
}

TEST_F(WebRtcPeerTest, SendsSpeechAtFiftyPacketsPerSecond) {
  // Measure over 3 s once media flows: silence and speech alike go out as one packet per 20 ms.
  ASSERT_TRUE(waitUntil([&] { return browser_->rtpArrivals().size() > 10; }, 20s));
  auto speech = tone(22050, 2000);
  ASSERT_TRUE(peer_->sendAudio(speech.data(), speech.size(), 22050));
  double start = test::steadyMs();
  size_t before = browser_->rtpArrivals().size();
  std::this_thread::sleep_for(3s);
  double seconds = (test::steadyMs() - start) / 1000;
  auto arrivals = browser_->rtpArrivals();
  double rate = double(arrivals.size() - before) / seconds;
  double maxGap = 0;
  for (size_t i = before + 1; i < arrivals.size(); ++i)
    maxGap = std::max(maxGap, arrivals[i] - arrivals[i - 1]);
  std::printf("browser received %.1f packets/s, largest gap %.1f ms\n", rate, maxGap);
  EXPECT_NEAR(rate, 50, 10) << "packets/s seen by the browser (loose: the suite may run on a busy host)";
  EXPECT_GT(browser_->loudSamples(), 48000u) << "at least 1 s of the 2 s tone was heard";
  EXPECT_EQ(peer_->queuedAudio(), 0ms);
}

TEST_F(WebRtcPeerTest, ClearAudioDropsTheQueueAtOnce) {
  auto speech = tone(24000, 5000);
  ASSERT_TRUE(peer_->sendAudio(speech.data(), speech.size(), 24000));
  EXPECT_GT(peer_->queuedAudio(), 4000ms);
  std::this_thread::sleep_for(300ms);
  auto dropped = peer_->clearAudio();
  EXPECT_GT(dropped, 4000ms);
  EXPECT_EQ(peer_->queuedAudio(), 0ms);
  // Within a few frames the browser hears silence again (generous margin for a busy host).
  std::this_thread::sleep_for(400ms);
  size_t loud = browser_->loudSamples();
  std::this_thread::sleep_for(500ms);
  EXPECT_LT(browser_->loudSamples() - loud, 4800u) << "less than 100 ms of tone after the clear";
}

TEST_F(WebRtcPeerTest, BrowserCloseEndsTheCall) {
  ASSERT_TRUE(waitUntil([&] { return channelOpen_.load(); }, 20s));
  browser_->close();
  // A browser's pc.close() shows up as an SCTP error; a webrtcbin going away sends nothing, so here
  // it is the no-RTP watchdog (5 s in this fixture) that notices.
  ASSERT_TRUE(waitUntil([&] { return hasState(PeerState::Failed) || hasState(PeerState::Closed); }, 30s));
}

TEST_F(WebRtcPeerTest, CloseIsIdempotentAndStopsEverything) {
  peer_->close();
  peer_->close();
  EXPECT_TRUE(peer_->waitClosed(10s));
  EXPECT_FALSE(peer_->sendData("{}"));
  auto speech = tone(16000, 100);
  EXPECT_FALSE(peer_->sendAudio(speech.data(), speech.size(), 16000));
  std::lock_guard lock(mutex_);
  EXPECT_EQ(states_.size(), 1u) << "no state reported after close()";
}

}  // namespace
}  // namespace irtc::engine
