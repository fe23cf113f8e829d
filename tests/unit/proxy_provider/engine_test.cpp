// The provider client and the sideband against the real local engine: `interviewd serve` answers a
// real browser offer (a second webrtcbin), the data channel opens, the sideband carries the call's
// events, and hangup ends the call and the sideband. Runs in a loopback-only network namespace.
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "proxy/provider/provider_client.hpp"
#include "proxy/provider/sideband_client.hpp"
#include "support/server_process.hpp"
#include "support/webrtc/fake_browser.hpp"
#include "support/webrtc/test_env.hpp"
#include "unit/proxy_provider/sideband_io.hpp"

namespace irtc::proxy::provider {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using test::kTestEngineKey;
using test::waitUntil;
using testing::SidebandIo;

// What a sideband delivered, as parsed events.
struct SidebandLog {
  std::mutex mutex;
  std::vector<json> events;
  std::vector<SidebandEnd> ends;

  SidebandHandlers handlers() {
    return {[this](std::string_view text) {
              std::lock_guard lock(mutex);
              events.push_back(json::parse(text));
            },
            [this](const SidebandEnd& end) {
              std::lock_guard lock(mutex);
              ends.push_back(end);
            }};
  }
  // The first event of that type, or null.
  json find(const std::string& type) {
    std::lock_guard lock(mutex);
    for (const auto& e : events) {
      if (e.value("type", "") == type) return e;
    }
    return nullptr;
  }
  std::size_t endCount() {
    std::lock_guard lock(mutex);
    return ends.size();
  }
};

class ProviderAgainstTheEngine : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new test::ServerProcess();
    server_->start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static ProviderConfig config() {
    ProviderConfig c;
    c.baseUrl = "http://127.0.0.1:" + std::to_string(server_->port()) + "/v1";
    c.apiKey = kTestEngineKey;
    return c;
  }

  static test::ServerProcess* server_;
};

test::ServerProcess* ProviderAgainstTheEngine::server_ = nullptr;

TEST_F(ProviderAgainstTheEngine, ARealOfferBecomesACallWhoseSidebandEndsWithTheHangup) {
  const ProviderClient client(config());
  test::FakeBrowser browser;
  CallSession session;
  session.voice = "marin";
  session.instructions = "You interview Ada for the platform team. Greet her briefly.";
  const auto result = client.createCall(browser.createOffer(), session);
  ASSERT_TRUE(std::holds_alternative<CreatedCall>(result)) << std::get<ProviderError>(result).detail;
  const auto call = std::get<CreatedCall>(result);
  EXPECT_TRUE(call.callId.starts_with("rtc_")) << call.callId;

  browser.applyAnswer(call.answerSdp);
  ASSERT_TRUE(waitUntil([&] { return browser.channelOpen(); }, 10s));
  ASSERT_TRUE(waitUntil([&] { return !browser.messages().empty(); }, 10s));
  const auto created = json::parse(browser.messages().front());
  EXPECT_EQ(created["type"], "session.created");
  EXPECT_EQ(created["session"]["instructions"], session.instructions);
  EXPECT_EQ(created["session"]["audio"]["output"]["voice"], "marin");
  EXPECT_EQ(created["session"]["audio"]["input"]["transcription"]["model"], "whisper-1");
  EXPECT_EQ(created["session"]["audio"]["input"]["turn_detection"]["silence_duration_ms"], 500);

  SidebandIo io;
  SidebandLog log;
  SidebandClient sideband(io.connector(config()), call.callId, log.handlers());
  ASSERT_TRUE(sideband.waitOpen());
  ASSERT_TRUE(waitUntil([&] { return !log.find("session.created").is_null(); }, 5s));
  EXPECT_EQ(log.find("session.created")["session"]["instructions"], session.instructions);

  // A client event on the sideband acts on the call, as one on the data channel would.
  ASSERT_TRUE(sideband.send(
      json{{"type", "session.update"}, {"session", {{"type", "realtime"}, {"instructions", "Changed."}}}}
          .dump()));
  ASSERT_TRUE(waitUntil([&] { return !log.find("session.updated").is_null(); }, 5s));
  EXPECT_EQ(log.find("session.updated")["session"]["instructions"], "Changed.");
  // The interviewer's greeting: a whole response, with its usage, as the proxy captures it.
  ASSERT_TRUE(waitUntil([&] { return !log.find("response.done").is_null(); }, 30s));
  EXPECT_TRUE(log.find("response.done")["response"]["usage"].contains("total_tokens"));

  EXPECT_EQ(client.hangup(call.callId), std::nullopt);
  ASSERT_TRUE(waitUntil([&] { return log.endCount() == 1; }, 10s));
  {
    std::lock_guard lock(log.mutex);
    EXPECT_EQ(log.ends[0].closeCode, 1000);
    EXPECT_EQ(log.ends[0].error, "");
    EXPECT_FALSE(log.ends[0].byClient);
  }
  EXPECT_EQ(client.hangup(call.callId), std::nullopt) << "the engine no longer knows it: already ended";
}

TEST_F(ProviderAgainstTheEngine, TheEnginesRefusalsBecomeContractCodes) {
  const ProviderClient client(config());
  const auto garbage = client.createCall("v=0\r\nthis is not an offer\r\n", CallSession{});
  ASSERT_TRUE(std::holds_alternative<ProviderError>(garbage));
  const auto& refused = std::get<ProviderError>(garbage);
  EXPECT_EQ(refused.code, ErrorCode::SdpExchangeFailed);
  EXPECT_FALSE(refused.retryable);
  EXPECT_EQ(refused.httpStatus, 400);
  EXPECT_NE(refused.message.find("refused the offer (HTTP 400): "), std::string::npos) << refused.message;

  auto wrong = config();
  wrong.apiKey = "sk_engine_wrong-key";
  test::FakeBrowser browser;
  const auto unauthorized = ProviderClient(wrong).createCall(browser.createOffer(), CallSession{});
  ASSERT_TRUE(std::holds_alternative<ProviderError>(unauthorized));
  const auto& keyRefused = std::get<ProviderError>(unauthorized);
  EXPECT_EQ(keyRefused.code, ErrorCode::ProviderUnavailable);
  EXPECT_FALSE(keyRefused.retryable);
  EXPECT_EQ(keyRefused.httpStatus, 401);
  EXPECT_EQ(keyRefused.message.find("sk_engine"), std::string::npos) << keyRefused.message;

  SidebandIo io;
  SidebandLog log;
  SidebandClient unknown(io.connector(config()), "rtc_nosuchcall", log.handlers());
  EXPECT_FALSE(unknown.waitOpen());
  std::lock_guard lock(log.mutex);
  ASSERT_EQ(log.ends.size(), 1u);
  EXPECT_EQ(log.ends[0].error, "the provider refused the sideband (HTTP 404): no live call has that id");
}

}  // namespace
}  // namespace irtc::proxy::provider
