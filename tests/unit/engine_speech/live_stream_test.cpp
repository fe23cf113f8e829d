// pocketsphinx's live streams: a turn decoded as its audio arrives, with the caller's channel
// estimate from an earlier transcript, and the decoders lent and given back.
#include <gtest/gtest.h>

#include <future>

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

Transcription finished(RecognitionStream& stream) {
  auto promise = std::make_shared<std::promise<Transcription>>();
  auto future = promise->get_future();
  stream.finish([promise](Transcription t) { promise->set_value(std::move(t)); });
  if (future.wait_for(60s) != std::future_status::ready) return Transcription{{}, {}, "timed out", 0, {}};
  return future.get();
}

class LiveStream : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stt_ = new PocketsphinxRecognizer(PocketsphinxOptions{.workers = 1, .liveDecoders = 1});
    const Transcription first = stt_->transcribe(spoken("I have five years of experience with databases"));
    ASSERT_TRUE(first.ok()) << first.error;
    channel_ = first.channel;
  }
  static void TearDownTestSuite() { delete stt_; }
  static PocketsphinxRecognizer* stt_;
  static ChannelEstimate channel_;
};
PocketsphinxRecognizer* LiveStream::stt_ = nullptr;
ChannelEstimate LiveStream::channel_;

TEST_F(LiveStream, ABatchTranscriptCarriesTheCallersChannel) {
  // pocketsphinx's cepstral mean: 13 coefficients, the first (energy) clearly positive for speech.
  ASSERT_EQ(channel_.size(), 13u);
  EXPECT_GT(channel_[0], 1.0f);
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
  EXPECT_EQ(t.channel.size(), channel_.size());  // the estimate moves on with the caller
  EXPECT_GT(t.processingMs, 0.0);
}

TEST_F(LiveStream, ACallerNotHeardYetIsRecognisedWhole) {
  EXPECT_EQ(stt_->openStream({}), nullptr);
  EXPECT_EQ(stt_->openStream(ChannelEstimate(3, 1.0f)), nullptr) << "not an estimate of this model";
}

TEST_F(LiveStream, DecodersAreLentOneTurnAtATimeAndComeBack) {
  auto first = stt_->openStream(channel_);
  ASSERT_TRUE(first);
  EXPECT_EQ(stt_->openStream(channel_), nullptr) << "the only live decoder is lent";
  feedInPackets(*first, silence(500));
  EXPECT_TRUE(finished(*first).ok());
  first.reset();
  // Given back once the turn was decoded; a turn dropped before its end gives it back too.
  auto second = stt_->openStream(channel_);
  ASSERT_TRUE(second);
  feedInPackets(*second, spoken("thank you"));
  second.reset();
  std::unique_ptr<RecognitionStream> third;
  for (int i = 0; i < 200 && !third; ++i) {
    third = stt_->openStream(channel_);
    if (!third) std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(third);
  const Transcription quiet = finished(*third);
  EXPECT_TRUE(quiet.ok()) << quiet.error;
  EXPECT_EQ(quiet.text, "");  // nothing fed: nothing heard, and no estimate to pass on
}

TEST(LiveStreamLifetime, NoLiveDecodersMeansNoStreams) {
  PocketsphinxRecognizer stt(PocketsphinxOptions{.workers = 1, .liveDecoders = 0});
  const Transcription t = stt.transcribe(spoken("thank you"));
  ASSERT_FALSE(t.channel.empty());
  EXPECT_EQ(stt.openStream(t.channel), nullptr);
}

TEST(LiveStreamLifetime, AStreamThatOutlivesItsRecogniserFailsCleanly) {
  std::unique_ptr<RecognitionStream> stream;
  {
    PocketsphinxRecognizer stt(PocketsphinxOptions{.workers = 1, .liveDecoders = 1});
    const Transcription t = stt.transcribe(spoken("thank you"));
    stream = stt.openStream(t.channel);
    ASSERT_TRUE(stream);
    feedInPackets(*stream, spoken("I have five years of experience"));
  }
  // The workers are gone: more audio is ignored and the turn ends with an error, at once.
  feedInPackets(*stream, silence(200));
  const Transcription t = finished(*stream);
  EXPECT_FALSE(t.ok());
  EXPECT_NE(t.error.find("recognised whole"), std::string::npos) << t.error;
}

TEST(JoinTranscriptions, KeepsTheLastChannelEstimate) {
  Transcription a{"I built it", 0.9, "", 10, {1.0f, 2.0f}};
  Transcription b{"and ran it", 0.8, "", 10, {3.0f, 4.0f}};
  Transcription c{"", std::nullopt, "", 5, {}};
  EXPECT_EQ(joinTranscriptions({a, b, c}).channel, (ChannelEstimate{3.0f, 4.0f}));
}

}  // namespace
}  // namespace irtc::engine
