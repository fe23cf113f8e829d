// pocketsphinx's live streams: a turn decoded as its audio arrives, starting from the caller's
// channel as the estimator learned it from an earlier turn, and the decoders lent, waited for and
// given back.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "engine/speech/espeak_synthesizer.hpp"
#include "engine/speech/pocketsphinx_recognizer.hpp"
#include "speech_fixtures.hpp"

namespace irtc::engine {
namespace {

using namespace irtc::engine::test;
using namespace std::chrono_literals;

constexpr std::size_t kPacket = 320;  // 20 ms, as the media thread hands audio over

std::vector<int16_t> spoken(const std::string& sentence) {
  static EspeakSynthesizer tts;
  std::srand(1);  // klatt voices add rand() noise: the same audio every run
  std::vector<int16_t> pcm = silence(300);
  append(pcm, synthesize16k(tts, sentence, "en-us+klatt2"));
  append(pcm, silence(300));
  return pcm;
}

void feedInPackets(RecognitionStream& stream, const std::vector<int16_t>& pcm) {
  for (std::size_t i = 0; i < pcm.size(); i += kPacket)
    stream.feed(pcm.data() + i, std::min(kPacket, pcm.size() - i));
}

ChannelEstimate channelOf(Recognizer& stt, const std::vector<int16_t>& pcm) {
  auto estimator = stt.channelEstimator();
  if (!estimator) return {};
  estimator->add(pcm.data(), pcm.size());
  return estimator->take();
}

Transcription finished(RecognitionStream& stream) {
  auto promise = std::make_shared<std::promise<Transcription>>();
  auto future = promise->get_future();
  stream.finish([promise](Transcription t) { promise->set_value(std::move(t)); });
  if (future.wait_for(60s) != std::future_status::ready) return Transcription{{}, {}, "timed out", 0};
  return future.get();
}

class LiveStream : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stt_ = new PocketsphinxRecognizer(PocketsphinxOptions{.workers = 1, .liveDecoders = 1});
    channel_ = channelOf(*stt_, spoken("I have five years of experience with databases"));
  }
  static void TearDownTestSuite() { delete stt_; }
  // A turn dropped by an earlier test gives its decoder back once its audio is decoded.
  void SetUp() override {
    for (int i = 0; i < 600 && stt_->liveTurns() > 0; ++i) std::this_thread::sleep_for(50ms);
    ASSERT_EQ(stt_->liveTurns(), 0U);
  }
  static PocketsphinxRecognizer* stt_;
  static ChannelEstimate channel_;
};
PocketsphinxRecognizer* LiveStream::stt_ = nullptr;
ChannelEstimate LiveStream::channel_;

TEST_F(LiveStream, TheEstimatorLearnsTheChannelFromEachTurnsAudio) {
  // pocketsphinx's cepstral mean: 13 coefficients, the first (energy) clearly positive for speech.
  ASSERT_EQ(channel_.size(), 13u);
  EXPECT_GT(channel_[0], 1.0f);
  auto estimator = stt_->channelEstimator();
  ASSERT_TRUE(estimator);
  EXPECT_TRUE(estimator->take().empty()) << "nothing heard yet";
  // Fed in 20 ms packets, as the media thread does: the same estimate as the turn at once.
  const auto pcm = spoken("I have five years of experience with databases");
  for (std::size_t i = 0; i < pcm.size(); i += kPacket)
    estimator->add(pcm.data() + i, std::min(kPacket, pcm.size() - i));
  const ChannelEstimate inPackets = estimator->take();
  ASSERT_EQ(inPackets.size(), channel_.size());
  for (std::size_t k = 0; k < channel_.size(); ++k) EXPECT_NEAR(inPackets[k], channel_[k], 0.5) << k;
  EXPECT_TRUE(estimator->take().empty()) << "each take() is one turn's";
}

TEST_F(LiveStream, ATurnFedInPacketsIsRecognisedWithItsChannel) {
  auto stream = stt_->openStream(channel_);
  ASSERT_TRUE(stream);
  const auto pcm = spoken("I led a team of four engineers building a payment service");
  feedInPackets(*stream, pcm);
  const Transcription t = finished(*stream);
  ASSERT_TRUE(t.ok()) << t.error;
  std::printf("[ figures  ] live: \"%s\" (%.0f ms of decoding for %zu ms of audio)\n", t.text.c_str(),
              t.processingMs, pcm.size() / 16);
  EXPECT_LE(wordErrorRate("I led a team of four engineers building a payment service", t.text), 0.5)
      << t.text;
  EXPECT_NE(t.text.find("engineers"), std::string::npos) << t.text;
  ASSERT_TRUE(t.confidence);
  EXPECT_GT(*t.confidence, 0.0);
  EXPECT_GT(t.processingMs, 0.0);
}

TEST_F(LiveStream, ACallerNotHeardYetIsRecognisedWhole) {
  EXPECT_EQ(stt_->openStream({}), nullptr);
  EXPECT_EQ(stt_->openStream(ChannelEstimate(3, 1.0f)), nullptr) << "not an estimate of this model";
}

TEST_F(LiveStream, DecodersAreLentOneTurnAtATimeAndComeBack) {
  auto first = stt_->openStream(channel_);
  ASSERT_TRUE(first);
  feedInPackets(*first, silence(500));
  EXPECT_TRUE(finished(*first).ok());
  first.reset();
  // Given back once the turn was decoded; a turn dropped before its end gives it back too.
  auto second = stt_->openStream(channel_);
  ASSERT_TRUE(second);
  feedInPackets(*second, spoken("thank you"));
  EXPECT_EQ(stt_->liveTurns(), 1U);
  second.reset();
  for (int i = 0; i < 600 && stt_->liveTurns() > 0; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(stt_->liveTurns(), 0U);
  auto third = stt_->openStream(channel_);
  ASSERT_TRUE(third);
  const Transcription quiet = finished(*third);
  EXPECT_TRUE(quiet.ok()) << quiet.error;
  EXPECT_EQ(quiet.text, "");  // nothing fed: nothing heard
}

TEST_F(LiveStream, ATurnThatFindsEveryDecoderLentWaitsForOne) {
  auto first = stt_->openStream(channel_);
  ASSERT_TRUE(first);
  auto second = stt_->openStream(channel_);
  ASSERT_TRUE(second) << "waits for the only live decoder";
  EXPECT_EQ(stt_->liveTurns(), 2U);
  feedInPackets(*second, spoken("I have five years of experience with databases"));
  feedInPackets(*first, silence(500));
  EXPECT_TRUE(finished(*first).ok());
  // The decoder went to the waiting turn, which caught up on the audio it had collected.
  const Transcription t = finished(*second);
  ASSERT_TRUE(t.ok()) << t.error;
  EXPECT_NE(t.text.find("databases"), std::string::npos) << t.text;
}

TEST_F(LiveStream, ATurnThatEndsBeforeADecoderComesFreeIsRecognisedWhole) {
  auto first = stt_->openStream(channel_);
  ASSERT_TRUE(first);
  auto waiting = stt_->openStream(channel_);
  ASSERT_TRUE(waiting);
  feedInPackets(*waiting, spoken("thank you"));
  const Transcription t = finished(*waiting);
  EXPECT_FALSE(t.ok());
  EXPECT_NE(t.error.find("recognised whole"), std::string::npos) << t.error;
  // A turn dropped while waiting leaves the queue too: the decoder given back is free again.
  auto dropped = stt_->openStream(channel_);
  ASSERT_TRUE(dropped);
  EXPECT_EQ(stt_->liveTurns(), 2U);
  dropped.reset();
  EXPECT_EQ(stt_->liveTurns(), 1U);
  EXPECT_TRUE(finished(*first).ok());
  first.reset();
  auto next = stt_->openStream(channel_);
  ASSERT_TRUE(next);
  feedInPackets(*next, spoken("I have five years of experience with databases"));
  const Transcription heard = finished(*next);
  ASSERT_TRUE(heard.ok()) << heard.error;
  EXPECT_NE(heard.text.find("databases"), std::string::npos) << heard.text;
}

TEST(LiveStreamLifetime, NoLiveDecodersMeansNoStreams) {
  PocketsphinxRecognizer live(PocketsphinxOptions{.workers = 1, .liveDecoders = 1});
  const ChannelEstimate channel = channelOf(live, spoken("thank you"));
  ASSERT_FALSE(channel.empty());
  PocketsphinxRecognizer stt(PocketsphinxOptions{.workers = 1, .liveDecoders = 0});
  EXPECT_EQ(stt.channelEstimator(), nullptr);
  EXPECT_EQ(stt.openStream(channel), nullptr);
}

TEST(LiveStreamLifetime, AStreamThatOutlivesItsRecogniserFailsCleanly) {
  std::unique_ptr<RecognitionStream> stream;
  {
    PocketsphinxRecognizer stt(PocketsphinxOptions{.workers = 1, .liveDecoders = 1});
    stream = stt.openStream(channelOf(stt, spoken("thank you")));
    ASSERT_TRUE(stream);
    feedInPackets(*stream, spoken("I have five years of experience"));
  }
  // The workers are gone: more audio is ignored and the turn ends with an error, at once.
  feedInPackets(*stream, silence(200));
  const Transcription t = finished(*stream);
  EXPECT_FALSE(t.ok());
  EXPECT_NE(t.error.find("recognised whole"), std::string::npos) << t.error;
}

}  // namespace
}  // namespace irtc::engine
